//! `content/site.toml`: the site's settings, parsed and checked.
//!
//! Owns the settings type and its validation. It reads no files: the loader hands it the text.

use crate::diag::{check_text, Diagnostic, Diagnostics, LineBreaks};
use crate::localized::Localized;
use crate::tomlerr;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<Localized>,
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
    /// Without a trailing slash: `https://example.org` or, for a site served from a
    /// sub-folder, `https://example.org/warta`.
    pub base_url: String,
    /// The path of `base_url`, the folder the site is served from: "" at the root of the
    /// host, else "/warta" (no trailing slash). Every address the site writes starts with it;
    /// the output's files do not (see [`Config::origin`]).
    pub path: String,
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
    /// `base_url` without its path (`https://example.org`): what goes before an address that
    /// already starts with [`Config::path`] to make it absolute.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.path.len()]
    }

    /// Puts `url` (`--base-url`) in place of site.toml's `base_url`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), BadBaseUrl> {
        (self.base_url, self.path) = parse_base_url(url)?;
        Ok(())
    }

    /// The URL prefix of a language within the site: "" for the default one, "/en" for the
    /// others (pages add [`Config::path`] before it).
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

    let (base_url, site_path) = match parse_base_url(raw.base_url.get_ref()) {
        Ok(parsed) => parsed,
        Err(bad) => {
            // At the character, when the value is written as it is (no escapes in it).
            let span = raw.base_url.span();
            let written = text.get(span.clone()).is_some_and(|t| t.len() == raw.base_url.get_ref().len() + 2);
            let at = if written { span.start + 1 + bad.at } else { span.start };
            diags.push(Diagnostic::error_at(path, text, at, format!("base_url `{}` {}", raw.base_url.get_ref(), bad.problem)).with_help(bad.help));
            (String::new(), String::new())
        }
    };

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
    if let Localized::Many(map) = raw.title.get_ref() {
        for code in map.keys().filter(|c| !languages.contains(c)) {
            diags.push(
                err(raw.title.span(), format!("title has a text in `{code}`, which is not in `languages`")).suggest(code, languages.iter().map(String::as_str)),
            );
        }
    }
    for (field, value) in raw.title.get_ref().named_texts("title") {
        check_text(path, text, raw.title.span().start, &field, value, LineBreaks::OneLine, &mut diags);
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
        title: raw.title.into_inner(),
        base_url,
        path: site_path,
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

/// What is wrong with a base URL, and where: a byte offset in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBaseUrl {
    pub at: usize,
    /// What is wrong, after the URL: "has a query (`?a=b`)...".
    pub problem: String,
    pub help: String,
}

/// Reads a base URL (site.toml's `base_url`, `--base-url`): an absolute http(s) address,
/// with at most a path, the folder the site is served from (as Hugo's `baseURL`). Returns it
/// without its trailing slashes, and its path ("" or "/warta").
///
/// The path goes into every address the site writes, in HTML, XML, JSON and JavaScript,
/// mostly as it is: a character that a URL must escape there, or that one of those languages
/// reads, would need each of them to escape it its own way. So it holds only what no URL and
/// no markup escapes (RFC 3986's unreserved characters). A query or a fragment cannot start
/// an address that a page's path is added to.
pub fn parse_base_url(url: &str) -> Result<(String, String), BadBaseUrl> {
    let bad = |at: usize, problem: String, help: &str| Err(BadBaseUrl { at, problem, help: help.to_string() });
    let Some(scheme) = ["https://", "http://"].into_iter().find(|s| url.starts_with(s)) else {
        return bad(0, "is not an absolute http(s) URL".into(), "expected an absolute http(s) URL such as https://example.jakarta.go.id");
    };
    for (mark, what) in [('?', "a query"), ('#', "a fragment")] {
        if let Some(at) = url.find(mark) {
            return bad(
                at,
                format!("has {what} (`{}`): a site's address cannot carry one", &url[at..]),
                "give the address of the site's folder only, such as https://example.jakarta.go.id/laporan",
            );
        }
    }
    let rest = &url[scheme.len()..];
    let host_len = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_len];
    if host.is_empty() {
        return bad(scheme.len(), "has no host name".into(), "expected an absolute http(s) URL such as https://example.jakarta.go.id");
    }
    if let Some((i, c)) = host.char_indices().find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'))) {
        return bad(
            scheme.len() + i,
            format!("has `{c}` in its host name"),
            "write the host name in ASCII (a name in other letters in its punycode form, `xn--...`), with an optional port, such as https://example.jakarta.go.id:8080",
        );
    }
    let path = rest[host_len..].trim_end_matches('/');
    let path_at = scheme.len() + host_len;
    let mut at = path_at;
    for segment in path.split('/').skip(1) {
        if let Some((i, c)) = segment.char_indices().find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))) {
            return bad(
                at + 1 + i,
                format!("has `{c}` in its path, which an address must escape"),
                "name the site's folder with letters, digits, `-`, `.`, `_` and `~` only, as it is on the server (such as https://example.jakarta.go.id/laporan)",
            );
        }
        if matches!(segment, "" | "." | "..") {
            return bad(at + 1, format!("has an empty, `.` or `..` folder in its path (`{path}`)"), "give the path of the site's folder, such as /laporan");
        }
        at += 1 + segment.len();
    }
    Ok((url[..path_at + path.len()].to_string(), path.to_string()))
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
        assert_eq!((c.path.as_str(), c.origin()), ("", "https://example.jakarta.go.id"));
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

    #[test]
    fn a_base_url_may_name_a_folder_with_or_without_its_slash() {
        for url in ["https://example.org/warta", "https://example.org/warta/", "https://example.org/warta//"] {
            assert_eq!(parse_base_url(url), Ok(("https://example.org/warta".to_string(), "/warta".to_string())), "{url}");
        }
        assert_eq!(parse_base_url("http://127.0.0.1:8080/"), Ok(("http://127.0.0.1:8080".to_string(), String::new())));
        let text = "title = \"x\"\nbase_url = \"https://ppkukm.jakarta.go.id/laporan/2021-v1.0_a~b/\"\n";
        let (c, d) = parse(Path::new("site.toml"), text);
        assert!(d.is_empty(), "{d:?}");
        let mut c = c.unwrap();
        assert_eq!((c.base_url.as_str(), c.path.as_str()), ("https://ppkukm.jakarta.go.id/laporan/2021-v1.0_a~b", "/laporan/2021-v1.0_a~b"));
        assert_eq!(c.origin(), "https://ppkukm.jakarta.go.id");
        c.set_base_url("http://127.0.0.1:1234").unwrap();
        assert_eq!((c.base_url.as_str(), c.path.as_str(), c.origin()), ("http://127.0.0.1:1234", "", "http://127.0.0.1:1234"));
    }

    #[test]
    fn a_bad_base_url_is_an_error_at_its_character() {
        // (value, column of the error on line 2, words of the message)
        let cases = [
            ("https://example.org/warta?lang=id", 38, "has a query (`?lang=id`)"),
            ("https://example.org/warta/#top", 39, "has a fragment (`#top`)"),
            ("https://example.org/la poran", 35, "has ` ` in its path"),
            ("https://example.org/laporan/%C3%A9", 41, "has `%` in its path"),
            ("https://example.org/berita/ékonomi", 40, "has `é` in its path"),
            ("https://example.org/a//b", 35, "has an empty"),
            ("https://example.org/a/../b", 35, "`..` folder"),
            ("https://exa mple.org", 24, "in its host name"),
            ("https:///warta", 21, "has no host name"),
            ("example.org/warta", 13, "is not an absolute http(s) URL"),
        ];
        for (url, column, words) in cases {
            let text = format!("title = \"x\"\nbase_url = \"{url}\"\n");
            let (c, d) = parse(Path::new("content/site.toml"), &text);
            assert!(c.is_none(), "{url}");
            let d = &d.into_sorted()[0];
            assert_eq!((d.line, d.column), (2, column), "{url}: {}", d.message);
            assert!(d.message.starts_with(&format!("base_url `{url}` ")) && d.message.contains(words), "{url}: {}", d.message);
            assert!(d.help.as_deref().is_some_and(|h| h.contains("https://") || h.contains('/')), "{url}: {:?}", d.help);
        }
        // Written with an escape, the value's characters are not where the file's are: the
        // error is at the value.
        let (_, d) = parse(Path::new("site.toml"), "title = \"x\"\nbase_url = \"https://a.b/\\u0078?q\"\n");
        let d = &d.into_sorted()[0];
        assert_eq!((d.line, d.column), (2, 12), "{}", d.message);
    }
}
