//! The site's content after loading and validation: releases, standing pages, the directory.
//!
//! Plain data, with every reference already checked: a release's participants are known
//! organization ids, its `related` are known slugs. Rendering reads this and never re-checks.

use crate::config::Config;
use crate::indicator::Indicator;
use crate::localized::Localized;
use crate::shortcode;
use chrono::{DateTime, FixedOffset};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub const RELEASE_KINDS: &[&str] = &["meeting", "press-release", "statement", "data-release"];
pub const ORG_KINDS: &[&str] = &["agency", "association", "chamber", "company", "cooperative", "other"];
pub const CHANGE_KINDS: &[&str] = &["correction", "update"];

/// Everything a build renders.
#[derive(Debug)]
pub struct Content {
    pub config: Config,
    /// Sorted newest first, then by slug.
    pub releases: Vec<Release>,
    pub pages: Vec<Page>,
    pub organizations: BTreeMap<String, Organization>,
    pub people: BTreeMap<String, Person>,
    pub indicators: BTreeMap<String, Indicator>,
    /// Files under `content/static/`: path relative to that folder, and the file on disk.
    pub static_files: Vec<(String, PathBuf)>,
}

/// A release in every language it is written in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Release {
    pub slug: String,
    /// Publication time: from the original (default-language) file.
    pub date: DateTime<FixedOffset>,
    pub draft: bool,
    /// By language code; the default language is always present.
    pub entries: BTreeMap<String, Entry>,
}

impl Release {
    pub fn entry(&self, lang: &str) -> Option<&Entry> {
        self.entries.get(lang)
    }
    /// The entry in `lang`, or else the original.
    pub fn entry_or_original<'a>(&'a self, lang: &str, default_lang: &str) -> &'a Entry {
        self.entries.get(lang).unwrap_or_else(|| &self.entries[default_lang])
    }
}

/// One language version of a release, with the original's data merged in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub lang: String,
    /// As shown to the user, relative to the site folder.
    pub path: PathBuf,
    pub title: String,
    pub summary: String,
    pub kind: String,
    pub publisher: String,
    pub tags: Vec<String>,
    pub participants: Vec<String>,
    pub speakers: Vec<String>,
    pub indicators: Vec<String>,
    pub related: Vec<String>,
    pub aliases: Vec<String>,
    pub changes: Vec<Change>,
    pub body: Body,
}

/// Markdown text with the file it came from, so body errors can point into the file,
/// and the shortcodes found in it (parsed once, at load).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Body {
    /// The whole file. Not serialized with the rest: the build cache keeps every file's text
    /// in one piece (`cache`).
    #[serde(skip)]
    pub source: Source,
    pub offset: usize,
    /// A hash of [`Body::text`], to tell versions of the text apart without reading it.
    pub hash: u64,
    pub calls: Vec<shortcode::Call>,
    pub syntax_errors: Vec<shortcode::SyntaxError>,
}

impl Body {
    pub fn new(source: Arc<String>, offset: usize) -> Self {
        let (calls, syntax_errors) = shortcode::parse(&source[offset..]);
        let hash = xxhash_rust::xxh3::xxh3_64(source[offset..].as_bytes());
        Body { source: Source::from(source), offset, hash, calls, syntax_errors }
    }

    pub fn text(&self) -> &str {
        &self.source[self.offset..]
    }
}

/// A file's text: a string of its own, or a part of a larger one that many share (the
/// build cache reads the text of every release in one allocation).
#[derive(Clone, Default)]
pub struct Source {
    buf: Arc<String>,
    start: usize,
    end: usize,
}

impl Source {
    /// `buf[range]`; `None` unless the range lies on character boundaries inside `buf`.
    pub fn part_of(buf: &Arc<String>, range: std::ops::Range<usize>) -> Option<Source> {
        buf.get(range.clone())?;
        Some(Source { buf: buf.clone(), start: range.start, end: range.end })
    }
}

impl Source {
    /// Where this text is in `buf`, if it is a part of it.
    pub fn range_in(&self, buf: &Arc<String>) -> Option<std::ops::Range<usize>> {
        Arc::ptr_eq(&self.buf, buf).then_some(self.start..self.end)
    }
}

impl From<Arc<String>> for Source {
    fn from(buf: Arc<String>) -> Self {
        let end = buf.len();
        Source { buf, start: 0, end }
    }
}

impl std::ops::Deref for Source {
    type Target = str;
    fn deref(&self) -> &str {
        &self.buf[self.start..self.end]
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub date: DateTime<FixedOffset>,
    pub kind: String,
    pub note: String,
}

/// A standing page (about, contact, methodology) in each language it has.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path under `pages/` without extension: "tentang", "data/metodologi".
    pub slug: String,
    pub entries: BTreeMap<String, PageEntry>,
}

#[derive(Debug, Clone)]
pub struct PageEntry {
    pub lang: String,
    pub path: PathBuf,
    pub title: String,
    pub summary: String,
    pub body: Body,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    pub name: Localized,
    pub short: Option<String>,
    pub kind: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Localized,
    pub organization: Option<String>,
}
