//! What `warta check` finds in a body beyond what a build needs: internal links and anchors
//! that lead nowhere, images without alt text, headings that skip a level. Pure: a body,
//! its page's URL and the built files in; (byte offset, message, help) findings out.

use crate::render::{FileData, Files};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub struct Finding {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Checks one Markdown body of the page at `page_url` ("/releases/x/") against the build.
pub fn check_body(text: &str, page_url: &str, files: &Files) -> Vec<Finding> {
    let mut found = Vec::new();
    // The page's title is its h1; the body's headings start at h2.
    let mut last_level = 1;
    let mut image: Option<(usize, String)> = None;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = crate::markdown::heading_level(level);
                if level > last_level + 1 {
                    found.push(Finding {
                        offset: range.start,
                        message: format!("this heading is level {level} after level {last_level}: a level is skipped"),
                        help: Some(format!(
                            "use {} for a heading under the previous one (screen-reader users navigate by levels)",
                            "#".repeat(last_level as usize + 1)
                        )),
                    });
                }
                last_level = level;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(msg) = broken_link(&dest_url, page_url, files) {
                    found.push(Finding { offset: range.start, message: msg, help: None });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(msg) = broken_link(&dest_url, page_url, files) {
                    found.push(Finding { offset: range.start, message: msg, help: None });
                }
                image = Some((range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((offset, alt)) = image.take() {
                    if alt.trim().is_empty() {
                        found.push(Finding {
                            offset,
                            message: "this image has no alt text".into(),
                            help: Some("describe what it shows between the brackets: ![Grafik pertumbuhan ekonomi](grafik.png)".into()),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Why an internal link leads nowhere, or `None` when it is fine or external.
fn broken_link(dest: &str, page_url: &str, files: &Files) -> Option<String> {
    if dest.is_empty() || dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:") || dest.starts_with("//") || dest.starts_with("data:")
    {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let target_url = if path.is_empty() { page_url.to_string() } else { resolve(page_url, path) };
    let Some(file) = crate::render::file_for_url(files, &target_url) else {
        return Some(format!("the link `{dest}` leads to no page or file of the site"));
    };
    if let (Some(anchor), Some(FileData::Bytes(bytes))) = (anchor.filter(|a| !a.is_empty()), files.get(&file)) {
        let html = String::from_utf8_lossy(bytes);
        if !html.contains(&format!("id=\"{anchor}\"")) {
            return Some(format!("the link `{dest}` points to `#{anchor}`, which is not on that page"));
        }
    }
    None
}

/// A link target as a site path: absolute as it is, relative against the page's folder.
fn resolve(page_url: &str, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let mut parts: Vec<&str> = page_url.trim_end_matches(|c| c != '/').split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = if path.ends_with('/') { "/" } else { "" };
    format!("/{}{trailing}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut f = Files::new();
        f.insert("releases/a/index.html".into(), FileData::Bytes(b"<h2 id=\"data\">".to_vec()));
        f.insert("files/laporan.pdf".into(), FileData::Bytes(b"%PDF".to_vec()));
        f
    }

    #[test]
    fn finds_broken_links_and_anchors() {
        let text = "[ok](/releases/a/) [ok](../a/#data) [pdf](/files/laporan.pdf) [x](/releases/b/) [y](/releases/a/#nope) [ext](https://bps.go.id)";
        let found: Vec<String> = check_body(text, "/releases/c/", &files()).into_iter().map(|f| f.message).collect();
        assert_eq!(
            found,
            ["the link `/releases/b/` leads to no page or file of the site", "the link `/releases/a/#nope` points to `#nope`, which is not on that page"]
        );
    }

    #[test]
    fn finds_missing_alt_and_skipped_levels() {
        let text = "## A\n\n#### B\n\n![](/files/laporan.pdf) ![Grafik](/files/laporan.pdf)\n";
        let found: Vec<(usize, String)> = check_body(text, "/releases/c/", &files()).into_iter().map(|f| (f.offset, f.message)).collect();
        assert_eq!(found, [(6, "this heading is level 4 after level 2: a level is skipped".to_string()), (14, "this image has no alt text".to_string())]);
    }
}
