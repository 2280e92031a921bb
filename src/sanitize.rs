//! Raw HTML in Markdown keeps its markup but never runs script: `<script>`, `on*=` handlers
//! and `javascript:` URLs are removed (CONTENT.md). The cleaning is ammonia's (an html5ever
//! parser and an allow-list), not ours; this module holds the allow-list Warta needs and the
//! finder that tells `check` what was removed, with its place.

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
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
});

/// The HTML with everything that could run script removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
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
        let out = clean(html);
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
}
