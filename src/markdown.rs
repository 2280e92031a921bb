//! Markdown bodies to HTML with pulldown-cmark: CommonMark plus tables, footnotes,
//! strikethrough and heading ids.
//!
//! Pure: text in, HTML out. It knows nothing of releases, templates or files.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;

/// A heading of the body, for tables of contents and heading-order checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// The text held raw HTML, passed through as written: the caller must sanitize it
    /// (`sanitize::clean`, with the same `root`, which then puts the root before every
    /// root-relative address, the Markdown links' too: they are left as written here).
    pub has_raw_html: bool,
}

/// Ids of the default theme's page furniture (see docs/templates.md).
const RESERVED_IDS: &[&str] = &[
    "main",
    "data",
    "revisions",
    "cited-by",
    "about-data",
    "latest-heading",
    "indicators-heading",
    "participants-heading",
    "speakers-heading",
    "changes-heading",
    "tags-heading",
    "related-heading",
    "cite-heading",
];

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `text`. Headings without an explicit `{#id}` get one from their text, made
/// unique within the body (`#ekonomi`, `#ekonomi-2`) so links to them stay stable.
/// `root` is the folder the site is served from ("" or "/warta", see [`under_root`]).
pub fn render(text: &str, root: &str) -> Rendered {
    // About one event per 12 bytes of a release's text: grown from empty, the vector was
    // copied nine times per body (1% of a build's instructions, issue 6).
    let mut events: Vec<Event> = Vec::with_capacity(text.len() / 12);
    events.extend(Parser::new_ext(text, options()));
    render_events(events, text.len(), root)
}

/// [`render`] and [`plain_text_and_runs`] of the same text from one parse: the load keeps a
/// body's HTML for the render when it reads the body's figures and words anyway (see
/// `figures::read_body`).
pub fn render_and_read(text: &str, root: &str, mut run: impl FnMut(usize, &str)) -> (Rendered, String) {
    let mut events: Vec<Event> = Vec::with_capacity(text.len() / 12);
    let mut plain = String::with_capacity(text.len());
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        read_event(text, &event, range, &mut plain, &mut run);
        events.push(event);
    }
    (render_events(events, text.len(), root), plain)
}

fn render_events(mut events: Vec<Event>, text_len: usize, root: &str) -> Rendered {
    let mut headings = Vec::new();
    // The ids headings took so far; a heading must not take one of them, nor one of the ids
    // the theme's templates use around the body. (A set made of those for every body, hashed,
    // was 1% of a large build, issue 6: most bodies have a few headings.)
    let mut used: BTreeSet<String> = BTreeSet::new();
    let taken = |id: &str, used: &BTreeSet<String>| RESERVED_IDS.contains(&id) || used.contains(id);
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let s = slug::slugify(&text);
                if s.is_empty() {
                    "bagian".to_string()
                } else {
                    s
                }
            });
            let mut unique = base.clone();
            let mut n = 2;
            while taken(&unique, &used) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            used.insert(unique.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading { level, id: unique, text });
            i = j;
        }
        i += 1;
    }
    // A link or image whose target would run script keeps its text and loses the link
    // (`warta check` warns about it, see `sanitize::unsafe_html`). Links do not nest, but an
    // image may sit in a link: each end is matched with its start.
    let mut dropped = Vec::new();
    events.retain(|e| match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            dropped.push(is_script_url(dest_url));
            !dropped.last().copied().unwrap_or(false)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => !dropped.pop().unwrap_or(false),
        _ => true,
    });
    let has_raw_html = events.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    // Writers link to the site's own files from its root (`/gambar/foto.png`); a site served
    // from a folder serves them below it. With raw HTML the sanitizer does it, for both.
    if !root.is_empty() && !has_raw_html {
        for e in &mut events {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = e {
                if let Some(url) = under_root(root, dest_url) {
                    *dest_url = CowStr::from(url);
                }
            }
        }
    }
    let mut html_out = String::with_capacity(text_len * 3 / 2);
    html::push_html(&mut html_out, events.into_iter());
    Rendered { html: html_out, headings, has_raw_html }
}

/// `url` as a site served from the folder `root` (`/warta`, from `base_url`) serves it, when
/// it is an address from the site's root (`/gambar/foto.png` is `/warta/gambar/foto.png`),
/// as Hugo's `relURL` makes it. `None` for every other URL: relative to the page, absolute,
/// protocol-relative (`//host/x`, and `/\host/x`, which browsers read the same way), and
/// every URL when `root` is "" (a site at the root of its host).
pub fn under_root(root: &str, url: &str) -> Option<String> {
    let rest = url.strip_prefix('/')?;
    if root.is_empty() || rest.starts_with(['/', '\\']) {
        return None;
    }
    Some([root, url].concat())
}

/// Whether following a link to `url` would run script. Browsers ignore leading spaces and
/// control characters, and tabs and line breaks anywhere, before reading the scheme.
pub fn is_script_url(url: &str) -> bool {
    let scheme: String = url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).take(11).collect();
    let scheme = scheme.to_ascii_lowercase();
    scheme.starts_with("javascript:") || scheme.starts_with("vbscript:")
}

/// The words of a body without markup, for the search index: text, code and image alt text,
/// with a space between blocks. Raw HTML is dropped.
pub fn plain_text(text: &str) -> String {
    plain_text_and_runs(text, |_, _| {})
}

/// [`plain_text`], also calling `run` with every run of text that is in `text` as written,
/// and where it starts: the typed-figure check reads them (`provenance`) in the same parse.
/// Code, raw HTML and link targets are not text; text with escapes or entities is not as
/// written, and is left out rather than misplaced.
pub fn plain_text_and_runs(text: &str, mut run: impl FnMut(usize, &str)) -> String {
    let mut out = String::with_capacity(text.len());
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        read_event(text, &event, range, &mut out, &mut run);
    }
    out
}

/// One event's part of [`plain_text_and_runs`].
fn read_event(text: &str, event: &Event, range: std::ops::Range<usize>, out: &mut String, run: &mut impl FnMut(usize, &str)) {
    match event {
        Event::Text(t) => {
            if text.get(range.clone()) == Some(t.as_ref()) {
                run(range.start, t);
            }
            out.push_str(t);
        }
        Event::Code(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
        _ => {}
    }
}

/// Every link and image target of a body, raw HTML `href`/`src` included: what files a
/// page uses (an embargoed release's attachments must not be published before it).
pub fn link_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => out.push(dest_url.to_string()),
            Event::Html(html) | Event::InlineHtml(html) => {
                for attr in ["href=\"", "src=\"", "href='", "src='"] {
                    let quote = attr.chars().last().unwrap_or('"');
                    let mut rest = html.as_ref();
                    while let Some(i) = rest.find(attr) {
                        rest = &rest[i + attr.len()..];
                        let end = rest.find(quote).unwrap_or(rest.len());
                        out.push(rest[..end].to_string());
                        rest = &rest[end..];
                    }
                }
            }
            _ => {}
        }
    }
    out
}

pub fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let r = render("## Tumbuhnya ekonomi Jakarta\n\ntext\n\n## Tumbuhnya ekonomi Jakarta\n\n### Own {#mine}\n", "");
        assert!(r.html.contains("<h2 id=\"tumbuhnya-ekonomi-jakarta\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"tumbuhnya-ekonomi-jakarta-2\">"));
        assert!(r.html.contains("<h3 id=\"mine\">"));
        assert_eq!(r.headings.len(), 3);
    }

    #[test]
    fn heading_ids_avoid_the_themes_ids() {
        let r = render("## Main\n\n## Data\n", "");
        assert!(r.html.contains("<h2 id=\"main-2\">") && r.html.contains("<h2 id=\"data-2\">"), "{}", r.html);
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render("| a | b |\n|---|--:|\n| 1 | 2 |\n\nX[^1] ~~y~~\n\n[^1]: note\n", "");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>y</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn finds_link_targets() {
        let t = link_targets("[a](/files/a.pdf) ![b](img/b.png \"t\")\n\n<a href=\"/c.pdf\">c</a> <img src='/d.png'>\n");
        assert_eq!(t, ["/files/a.pdf", "img/b.png", "/c.pdf", "/d.png"]);
    }

    #[test]
    fn text_is_escaped() {
        let r = render("a < b & \"c\"", "");
        assert!(r.html.contains("a &lt; b &amp;"), "{}", r.html);
    }

    #[test]
    fn script_links_keep_their_text_and_lose_the_link() {
        let r = render("[klik](javascript:alert(1)), [ok](https://a.b/), [![grafik](g.png)](JavaScript:x) dan ![x](<java\tscript:y>)\n", "");
        assert_eq!(
            r.html, "<p>klik, <a href=\"https://a.b/\">ok</a>, <img src=\"g.png\" alt=\"grafik\" /> dan x</p>\n",
            "the image in a script link stays, a script image becomes its alt text"
        );
        assert!(!r.has_raw_html);
    }

    #[test]
    fn links_from_the_root_go_below_the_sites_folder() {
        let text = "![Foto](/gambar/foto.png) [metodologi](/metodologi/#data \"Metode\") [ref] [lain](//cdn.example/x.js) [rel](foto.png) [web](https://a.b/c) [anchor](#data) [miring](/\\evil.example)\n\n[ref]: /files/a.pdf\n";
        let r = render(text, "/warta");
        assert_eq!(
            r.html,
            "<p><img src=\"/warta/gambar/foto.png\" alt=\"Foto\" /> <a href=\"/warta/metodologi/#data\" title=\"Metode\">metodologi</a> <a href=\"/warta/files/a.pdf\">ref</a> <a href=\"//cdn.example/x.js\">lain</a> <a href=\"foto.png\">rel</a> <a href=\"https://a.b/c\">web</a> <a href=\"#data\">anchor</a> <a href=\"/%5Cevil.example\">miring</a></p>\n"
        );
        // At the root of the host, and in the text it reads, nothing changes.
        assert_eq!(render(text, "").html, render(text, "/warta").html.replace("/warta/", "/"));
        let (read, _) = render_and_read(text, "/warta", |_, _| {});
        assert_eq!(read.html, r.html);
        assert_eq!(link_targets(text)[0], "/gambar/foto.png", "check looks for the file the writer named");
        // With raw HTML the sanitizer adds the folder, to the Markdown links too (once).
        let raw = render("[a](/a/) <b>b</b>\n", "/warta");
        assert!(raw.has_raw_html && raw.html.contains("href=\"/a/\""), "{}", raw.html);
        assert_eq!(under_root("/warta", "/"), Some("/warta/".into()));
        assert_eq!(under_root("/warta", "//host/x"), None);
        assert_eq!(under_root("", "/x"), None);
    }
}
