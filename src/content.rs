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
    /// What a tag is called in each language (`content/directory/tags.toml`), by the tag's
    /// slug; a tag without a name there is shown as the releases write it.
    pub tag_names: BTreeMap<String, Localized>,
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
    /// By language code; the default language is always present. Boxed: a map's node holds
    /// room for eleven values, and most releases have one or two entries (unboxed, 10,000
    /// releases took 50 MB, most of it never used).
    pub entries: BTreeMap<String, Box<Entry>>,
}

impl Release {
    pub fn entry(&self, lang: &str) -> Option<&Entry> {
        self.entries.get(lang).map(|e| &**e)
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
    /// What the body's `figure` shortcodes print, in its language, as known on the release's
    /// date (`figures::printed`): words of the release for the search, like its text.
    /// Made by the load, which has the datasets; kept in the build cache, which is used only
    /// when no dataset changed.
    pub figure_text: String,
    /// The words of [`Body::search_text`], counted by the load in the same parse that finds
    /// its typed figures (`figures::read_body`); `None` for a release the build cache gave
    /// (the search then counts them from the text, if it needs them).
    #[serde(skip)]
    pub words: Option<Arc<crate::search::BodyWords>>,
    /// The text's HTML (no shortcodes, sanitized) when the load made it in the same parse
    /// (`figures::read_body`), for the render; `None` otherwise (the render then makes it).
    #[serde(skip)]
    pub html: Option<Arc<str>>,
}

impl Body {
    pub fn new(source: Arc<String>, offset: usize) -> Self {
        let (calls, syntax_errors) = shortcode::parse(&source[offset..]);
        let hash = xxhash_rust::xxh3::xxh3_64(source[offset..].as_bytes());
        Body { source: Source::from(source), offset, hash, calls, syntax_errors, figure_text: String::new(), words: None, html: None }
    }

    /// The text the search counts the words of, given the plain text of
    /// [`Body::without_shortcodes`]: that text, then [`Body::figure_text`].
    pub fn search_text(&self, mut plain: String) -> String {
        if !self.figure_text.is_empty() {
            plain.push('\n');
            plain.push_str(&self.figure_text);
        }
        plain
    }

    /// A hash of everything [`Body::search_text`] is made from: [`Body::hash`], and the
    /// figures' text when there is one (a dataset's revision, or a new release date, changes
    /// what a figure prints, and with it the words, but not the body).
    pub fn search_key(&self) -> u64 {
        if self.figure_text.is_empty() {
            return self.hash;
        }
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.hash.to_le_bytes());
        h.update(self.figure_text.as_bytes());
        h.digest()
    }

    pub fn text(&self) -> &str {
        &self.source[self.offset..]
    }

    /// The text with its shortcodes taken out. What a `figure` prints counts as words of
    /// the release all the same ([`Body::search_text`]); a chart's text does not.
    pub fn without_shortcodes(&self) -> std::borrow::Cow<'_, str> {
        let text = self.text();
        if self.calls.is_empty() {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for call in &self.calls {
            out.push_str(&text[last..call.span.start]);
            last = call.span.end;
        }
        out.push_str(&text[last..]);
        std::borrow::Cow::Owned(out)
    }

    /// Where a position of [`Body::without_shortcodes`] is in [`Body::text`]: past the
    /// shortcodes taken out before it. A position where one was taken out is placed after it
    /// as the start of a span (`after`), before it as an end.
    pub fn position_with_shortcodes(&self, at: usize, after: bool) -> usize {
        let mut pos = at;
        for call in &self.calls {
            if call.span.start < pos || (after && call.span.start == pos) {
                pos += call.span.len();
            } else {
                break;
            }
        }
        pos
    }
}

/// A file's text: a string of its own, or a part of a file mapped into memory that many
/// share (the build cache maps the text of every release file at once).
#[derive(Clone)]
pub struct Source {
    buf: Buf,
    start: usize,
    end: usize,
}

#[derive(Clone)]
enum Buf {
    Owned(Arc<String>),
    /// Only parts of a mapped file are text: a [`Source`] is made over a range of it only
    /// after that range was checked to be UTF-8 ([`Source::part_of`]).
    Mapped(Arc<memmap2::Mmap>),
}

impl Default for Source {
    fn default() -> Self {
        Source::from(Arc::new(String::new()))
    }
}

impl Source {
    /// `map[range]`; `None` unless that range of `map` is UTF-8 (which it checks).
    pub fn part_of(map: &Arc<memmap2::Mmap>, range: std::ops::Range<usize>) -> Option<Source> {
        std::str::from_utf8(map.get(range.clone())?).ok()?;
        Some(Source { buf: Buf::Mapped(map.clone()), start: range.start, end: range.end })
    }

    /// Where this text is in `map`, if it is a part of it.
    pub fn range_in(&self, map: &Arc<memmap2::Mmap>) -> Option<std::ops::Range<usize>> {
        matches!(&self.buf, Buf::Mapped(m) if Arc::ptr_eq(m, map)).then_some(self.start..self.end)
    }
}

impl From<Arc<String>> for Source {
    fn from(buf: Arc<String>) -> Self {
        let end = buf.len();
        Source { buf: Buf::Owned(buf), start: 0, end }
    }
}

impl std::ops::Deref for Source {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.buf {
            Buf::Owned(s) => &s[self.start..self.end],
            // SAFETY: `part_of` checked that this range is UTF-8, and a private read-only
            // mapping does not change under it. (Another program truncating or rewriting the
            // cache file in place while a build runs could still change it; the build cache
            // itself only appends to the file or replaces it by a rename, which leaves the
            // mapped bytes as they were.)
            Buf::Mapped(m) => unsafe { std::str::from_utf8_unchecked(&m[self.start..self.end]) },
        }
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
