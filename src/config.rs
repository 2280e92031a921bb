//! `content/site.toml`: the site's settings, parsed and checked.
//!
//! Owns the settings type and its validation. It reads no files: the loader hands it the text.

use crate::diag::{Diagnostic, Diagnostics};
use crate::localized::Localized;
use crate::tomlerr;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Localized,
    base_url: Spanned<String>,
    #[serde(default = "default_lang")]
    default_language: Spanned<String>,
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    #[serde(default = "default_tz")]
    timezone: Spanned<String>,
    publisher: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    #[serde(default = "default_paginate")]
    paginate_by: Spanned<i64>,
    /// Indicators shown on the home page, in order (Warta's extension; default: all, by id).
    headline_indicators: Option<Vec<Spanned<String>>>,
}

fn default_lang() -> Spanned<String> {
    Spanned::new(0..0, "id".into())
}
fn default_tz() -> Spanned<String> {
    Spanned::new(0..0, "Asia/Jakarta".into())
}
fn default_paginate() -> Spanned<i64> {
    Spanned::new(0..0, 20)
}

/// The site's settings after validation.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: Localized,
    /// Without a trailing slash.
    pub base_url: String,
    pub default_language: String,
    /// Where site.toml gives `default_language`, for errors (`0..0` when it does not).
    pub default_language_span: std::ops::Range<usize>,
    /// The default language first, then the others in the order given.
    pub languages: Vec<String>,
    pub timezone: chrono_tz::Tz,
    /// The default publisher, an organization id; its position for errors.
    pub publisher: Option<Spanned<String>>,
    pub theme: String,
    /// `theme` as site.toml gives it, with its position for errors; `None` when not given.
    pub theme_at: Option<Spanned<String>>,
    pub paginate_by: usize,
    /// Indicator ids for the home page, with their positions for errors; `None`: all.
    pub headline_indicators: Option<Vec<Spanned<String>>>,
}

impl Config {
    /// The URL prefix of a language: "" for the default one, "/en" for the others.
    pub fn prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            String::new()
        } else {
            format!("/{lang}")
        }
    }
}

/// Parses and validates `site.toml`. `path` is only used in diagnostics.
pub fn parse(path: &Path, text: &str) -> (Option<Config>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(tomlerr::diagnostic(path, text, 0, &e, KNOWN_KEYS));
            return (None, diags);
        }
    };
    let err = |span: std::ops::Range<usize>, msg: String| Diagnostic::error_at(path, text, span.start, msg);

    let base_url = raw.base_url.get_ref().trim_end_matches('/').to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        diags.push(
            err(raw.base_url.span(), format!("base_url `{}` must be an absolute http(s) URL", raw.base_url.get_ref()))
                .with_help("for example base_url = \"https://example.jakarta.go.id\""),
        );
    }

    let default_language = raw.default_language.get_ref().clone();
    let mut languages = vec![default_language.clone()];
    for l in &raw.languages {
        let code = l.get_ref();
        if !is_language_code(code) {
            diags.push(err(l.span(), format!("`{code}` is not a language code")).with_help("use a lowercase ISO 639-1 code such as \"id\" or \"en\""));
        } else if !languages.contains(code) {
            languages.push(code.clone());
        }
    }
    if !is_language_code(&default_language) {
        diags.push(
            err(raw.default_language.span(), format!("`{default_language}` is not a language code")).with_help("use a lowercase ISO 639-1 code such as \"id\""),
        );
    }
    if let Localized::Many(map) = &raw.title {
        for code in map.keys().filter(|c| !languages.contains(c)) {
            let at = text.find("title").unwrap_or(0);
            diags.push(err(at..at, format!("title has a text in `{code}`, which is not in `languages`")).suggest(code, languages.iter().map(String::as_str)));
        }
    }

    let timezone = match raw.timezone.get_ref().parse::<chrono_tz::Tz>() {
        Ok(tz) => tz,
        Err(_) => {
            diags.push(
                err(raw.timezone.span(), format!("unknown time zone `{}`", raw.timezone.get_ref()))
                    .with_help("use an IANA name such as \"Asia/Jakarta\", \"Asia/Makassar\" or \"Asia/Jayapura\""),
            );
            chrono_tz::Asia::Jakarta
        }
    };

    if let Some(theme) = &raw.theme {
        // The name is joined to `themes/`: a path there would read a folder elsewhere.
        let name = theme.get_ref();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            diags.push(
                err(theme.span(), format!("theme `{name}` is not a folder name"))
                    .with_help("use \"default\" for the built-in theme, or the name of a folder in themes/ (letters, digits, `-`, `_`)"),
            );
        }
    }

    let paginate_by = *raw.paginate_by.get_ref();
    if !(1..=1000).contains(&paginate_by) {
        diags.push(err(raw.paginate_by.span(), format!("paginate_by is {paginate_by}; expected a number from 1 to 1000")));
    }

    if diags.has_errors() {
        return (None, diags);
    }
    let config = Config {
        title: raw.title,
        base_url,
        default_language,
        default_language_span: raw.default_language.span(),
        languages,
        timezone,
        publisher: raw.publisher,
        theme: raw.theme.as_ref().map_or_else(|| "default".to_string(), |t| t.get_ref().clone()),
        theme_at: raw.theme,
        paginate_by: paginate_by as usize,
        headline_indicators: raw.headline_indicators,
    };
    (Some(config), diags)
}

const KNOWN_KEYS: &[&str] = &["title", "base_url", "default_language", "languages", "timezone", "publisher", "theme", "paginate_by", "headline_indicators"];

fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_contract_example() {
        let text = r#"
title = { id = "Warta Ekonomi DKI Jakarta", en = "Jakarta Economic Bulletin" }
base_url = "https://example.jakarta.go.id/"
default_language = "id"
languages = ["id", "en"]
timezone = "Asia/Jakarta"
publisher = "dinas-ppkukm"
theme = "default"
paginate_by = 20
"#;
        let (c, d) = parse(Path::new("content/site.toml"), text);
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.base_url, "https://example.jakarta.go.id");
        assert_eq!(c.languages, ["id", "en"]);
        assert_eq!(c.prefix("en"), "/en");
        assert_eq!(c.prefix("id"), "");
    }

    #[test]
    fn reports_bad_timezone_with_position() {
        let text = "title = \"x\"\nbase_url = \"https://a.b\"\ntimezone = \"Asia/Jakarat\"\n";
        let (c, d) = parse(Path::new("site.toml"), text);
        assert!(c.is_none());
        let d = &d.into_sorted()[0];
        assert_eq!((d.line, d.column), (3, 12));
        assert!(d.message.contains("Asia/Jakarat"));
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let text = "title = \"x\"\nbase_url = \"https://a.b\"\npaginateby = 3\n";
        let (_, d) = parse(Path::new("site.toml"), text);
        let d = &d.into_sorted()[0];
        assert_eq!(d.line, 3);
        assert_eq!(d.help.as_deref(), Some("did you mean `paginate_by`?"));
    }
}
