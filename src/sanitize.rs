//! Raw HTML in Markdown keeps its markup but never runs script: `<script>`, `on*=` handlers
//! and `javascript:` URLs are removed (CONTENT.md). The cleaning is ammonia's (an html5ever
//! parser and an allow-list), not ours; this module holds the allow-list Warta needs and the
//! finder that tells `check` what was removed, with its place. For a site served from a
//! folder it also puts the folder before the addresses raw HTML gives from the site's root.

use std::sync::{Arc, LazyLock, Mutex};

/// The cleaner for a site at the root of its host.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(builder);

/// The cleaners for sites served from a folder, by folder: a process builds one site, so
/// this holds one (a few in tests).
static UNDER_ROOTS: Mutex<Vec<(String, Arc<ammonia::Builder<'static>>)>> = Mutex::new(Vec::new());

fn builder() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // Heading ids (tables of contents, links from elsewhere) and footnote ids must survive.
    b.add_generic_attributes(["id", "class", "lang", "dir"]);
    b.add_tags(["data", "figure", "figcaption", "iframe", "video", "audio", "source", "track", "section", "details", "summary", "mark"]);
    b.add_tag_attributes("data", ["value"]);
    b.add_tag_attributes("iframe", ["src", "width", "height", "title", "allowfullscreen", "loading"]);
    b.add_tag_attributes("video", ["src", "controls", "width", "height", "poster", "preload"]);
    b.add_tag_attributes("audio", ["src", "controls", "preload"]);
    b.add_tag_attributes("source", ["src", "type"]);
    b.add_tag_attributes("track", ["src", "kind", "srclang", "label"]);
    b.add_tag_attributes("ol", ["start", "reversed", "type"]);
    // pulldown-cmark writes column alignment as `style="text-align: ..."`.
    b.add_tag_attributes("th", ["style", "scope", "colspan", "rowspan"]);
    b.add_tag_attributes("td", ["style", "colspan", "rowspan"]);
    b.filter_style_properties(["text-align"].into_iter().collect());
    b.link_rel(None);
    b
}

/// Puts the site's folder before root-relative addresses (`markdown::under_root`); ammonia
/// hands it the value of every attribute that holds an address (`href`, `src`, `poster`...)
/// and that is not absolute.
struct UnderRoot(String);

impl ammonia::UrlRelativeEvaluate<'static> for UnderRoot {
    fn evaluate<'u>(&self, url: &'u str) -> Option<std::borrow::Cow<'u, str>> {
        Some(crate::markdown::under_root(&self.0, url).map_or(std::borrow::Cow::Borrowed(url), std::borrow::Cow::Owned))
    }
}

/// The HTML with everything that could run script removed; for a site served from the
/// folder `root` ("/warta"; "" at the root of the host), its addresses from the site's root
/// put below it, as `markdown::render` does for bodies without raw HTML.
pub fn clean(html: &str, root: &str) -> String {
    if root.is_empty() {
        return CLEANER.clean(html).to_string();
    }
    let cleaner = {
        let mut cleaners = UNDER_ROOTS.lock().unwrap_or_else(|e| e.into_inner());
        match cleaners.iter().find(|(r, _)| r == root) {
            Some((_, c)) => c.clone(),
            None => {
                let mut b = builder();
                b.url_relative(ammonia::UrlRelative::Custom(Box::new(UnderRoot(root.to_string()))));
                let c = Arc::new(b);
                cleaners.push((root.to_string(), c.clone()));
                c
            }
        }
    };
    cleaner.clean(html).to_string()
}

/// Something in a Markdown body that would run script.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unsafe {
    /// Byte offset in the body.
    pub offset: usize,
    /// What it is: "a <script> element in raw HTML".
    pub what: String,
    /// A Markdown link or image (its text stays on the page), not raw HTML.
    pub link: bool,
}

/// What in a Markdown body would run script: in its raw HTML, or as a link target.
pub fn unsafe_html(text: &str) -> Vec<Unsafe> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut found = Vec::new();
    // Raw HTML starts with `<`, and a script link has `script:` in it once tabs and line
    // breaks are gone, unless an entity (`&#115;`) spells part of it: a body with none of
    // these (most of them) needs no parse, which was 2.5% of a large build's instructions
    // (issue 6).
    if memchr::memchr2(b'<', b'&', text.as_bytes()).is_none() && !names_script_scheme(text.as_bytes()) {
        return found;
    }
    for (event, range) in Parser::new(text).into_offset_iter() {
        let html = match event {
            Event::Html(html) | Event::InlineHtml(html) => html,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if crate::markdown::is_script_url(&dest_url) {
                    found.push(Unsafe { offset: range.start, what: "a link to a javascript: URL".into(), link: true });
                }
                continue;
            }
            _ => continue,
        };
        let lower = html.to_ascii_lowercase();
        for (i, _) in lower.match_indices("<script") {
            found.push(Unsafe { offset: range.start + i, what: "a <script> element in raw HTML".into(), link: false });
        }
        for (i, _) in lower.match_indices("javascript:") {
            found.push(Unsafe { offset: range.start + i, what: "a javascript: URL in raw HTML".into(), link: false });
        }
        // An event-handler attribute: whitespace, `on`, letters, `=`.
        let bytes = lower.as_bytes();
        for i in 1..bytes.len().saturating_sub(3) {
            if bytes[i - 1].is_ascii_whitespace() && bytes[i] == b'o' && bytes[i + 1] == b'n' {
                let name_end = (i + 2..bytes.len()).find(|&j| !bytes[j].is_ascii_alphabetic()).unwrap_or(bytes.len());
                let rest = lower[name_end..].trim_start();
                if name_end > i + 2 && rest.starts_with('=') {
                    let what = format!("an event handler `{}` in raw HTML", &lower[i..name_end]);
                    found.push(Unsafe { offset: range.start + i, what, link: false });
                }
            }
        }
    }
    found.sort();
    found
}

/// Whether `script:` is in `text`, in any case, with tabs and line breaks allowed between
/// its letters (browsers drop them from URLs). Each colon is looked at from behind, so the
/// text is neither copied nor lowercased.
fn names_script_scheme(text: &[u8]) -> bool {
    memchr::memchr_iter(b':', text).any(|colon| {
        let mut at = colon;
        b"script".iter().rev().all(|&want| loop {
            let Some(prev) = at.checked_sub(1) else { return false };
            at = prev;
            if !matches!(text[at], b'\t' | b'\n' | b'\r') {
                return text[at].eq_ignore_ascii_case(&want);
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_markup_and_removes_script() {
        let html = r#"<p id="a" class="note">Hi <a href="javascript:alert(1)">x</a> <img src="a.png" alt="A" onerror="alert(1)"></p><script>alert(1)</script><iframe src="https://video.example/embed/1" title="Video"></iframe><table><tr><td style="text-align: right; background: url(x)">1</td></tr></table>"#;
        let out = clean(html, "");
        assert!(!out.contains("script") && !out.contains("onerror") && !out.contains("javascript"), "{out}");
        assert!(out.contains(r#"<p id="a" class="note">"#) && out.contains(r#"<img src="a.png" alt="A">"#), "{out}");
        assert!(out.contains(r#"<iframe src="https://video.example/embed/1" title="Video">"#), "{out}");
        assert!(out.contains(r#"style="text-align:right""#) || out.contains(r#"style="text-align: right""#), "{out}");
    }

    #[test]
    fn finds_what_would_run() {
        let text = "Teks.\n\n<div onclick=\"x()\">a</div>\n\n<script>alert(1)</script>\n\n[ok](https://a.b) <a href=\"JavaScript:x\">b</a>\n";
        let found: Vec<String> = unsafe_html(text).into_iter().map(|u| u.what).collect();
        assert_eq!(found, ["an event handler `onclick` in raw HTML", "a <script> element in raw HTML", "a javascript: URL in raw HTML"]);
        // Markdown links and images, with the scheme in any case or broken by a tab.
        let text = "[a](javascript:x()) dan [b](  JavaScript:x) dan ![c](<java\tscript:x>) dan [d](https://a.b/script:x)\n\n[e]: vbscript:x\n\n[f][e]\n";
        assert_eq!(unsafe_html(text).len(), 4, "{:?}", unsafe_html(text));
        assert!(unsafe_html("Tanpa HTML, [tautan](https://a.b), `kode`.\n").is_empty());
        // An entity in the scheme: Markdown decodes it, so the link runs script all the same.
        assert_eq!(unsafe_html("[g](java&#115;cript:x) dan [h](JAVA&#x53;CRIPT:x)\n").len(), 2);
    }

    #[test]
    fn script_schemes_are_seen_through_case_and_line_breaks() {
        for text in ["javascript:x", "vbScript:x", "java\tscr\nipt:x", "a [b](SCRIPT:", "script:"] {
            assert!(names_script_scheme(text.as_bytes()), "{text:?}");
        }
        for text in ["", ":", "cript:x", "scripts:x", "script :x", "skrip: x", "descript ion:"] {
            assert!(!names_script_scheme(text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn raw_html_links_from_the_root_go_below_the_sites_folder() {
        let html = r##"<p><a href="/metodologi/">m</a> <img src="/gambar/foto.png" alt="F"> <a href="//cdn.example/x">c</a> <a href="foto.png">r</a> <a href="https://a.b/">w</a> <a href="#data">d</a></p><video src="/v.mp4" poster="/p.png"></video>"##;
        assert_eq!(
            clean(html, "/warta"),
            r##"<p><a href="/warta/metodologi/">m</a> <img src="/warta/gambar/foto.png" alt="F"> <a href="//cdn.example/x">c</a> <a href="foto.png">r</a> <a href="https://a.b/">w</a> <a href="#data">d</a></p><video src="/warta/v.mp4" poster="/warta/p.png"></video>"##
        );
        assert_eq!(clean(html, ""), clean(html, "/warta").replace("/warta/", "/"), "at the root of the host, as written");
        assert!(clean(html, "/lain").contains("href=\"/lain/metodologi/\""), "each folder its own cleaner");
    }
}
