//! Atom feeds (RFC 4287), sitemaps (sitemaps.org, with `hreflang` alternates) and
//! robots.txt, written from plain values.
//!
//! Written by hand rather than with an XML crate: the documents are small and fixed in
//! shape, and writing them directly keeps the bytes deterministic. Every text goes through
//! [`xml_escape`]. Pure: values in, strings out.

use rayon::prelude::*;
use std::fmt::Write as _;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    // Every byte replaced is ASCII, so the runs between them are whole characters and are
    // copied in one go: feeds escape the HTML of twenty bodies each, and a loop pushing one
    // character at a time was 2.3% of a large build's instructions (issue 6). Which bytes to
    // replace is one table lookup per byte: a `match` per byte was 2.5% (issue 6).
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(with) = XML_ESCAPES[usize::from(XML_CLASS[usize::from(bytes[i])])] {
            out.push_str(&s[run..i]);
            out.push_str(with);
            run = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[run..]);
    out
}

/// What [`xml_escape`] puts for a byte of each class; class 0 is kept as it is.
const XML_ESCAPES: [Option<&str>; 7] = [None, Some("&amp;"), Some("&lt;"), Some("&gt;"), Some("&quot;"), Some("&apos;"), Some("")];

/// Each byte's class in [`XML_ESCAPES`]. The characters XML 1.0 forbids (controls other
/// than tab and line ends) are dropped rather than producing an unparsable feed.
static XML_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        if !matches!(b as u8, b'\t' | b'\n' | b'\r') {
            class[b] = 6;
        }
        b += 1;
    }
    class[b'&' as usize] = 1;
    class[b'<' as usize] = 2;
    class[b'>' as usize] = 3;
    class[b'"' as usize] = 4;
    class[b'\'' as usize] = 5;
    class
};

pub struct Feed {
    pub title: String,
    pub subtitle: String,
    /// Permanent id of the feed (its URL).
    pub id: String,
    pub self_url: String,
    pub alternate_url: String,
    pub lang: String,
    pub author: String,
    /// RFC 3339: the latest `updated` of its entries.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

pub struct FeedEntry {
    /// Permanent id: a `tag:` URI that does not change when the site moves.
    pub id: String,
    pub title: String,
    pub url: String,
    pub lang: String,
    pub published: String,
    pub updated: String,
    pub summary: String,
    /// HTML of the body; written escaped as `type="html"`.
    pub content_html: String,
    pub author: String,
    /// Each tag as the release writes it (`term`) and as the feed's readers see it (`label`,
    /// written only when it differs).
    pub categories: Vec<(String, String)>,
}

pub fn atom(feed: &Feed) -> String {
    let e = xml_escape;
    let mut x = String::with_capacity(2048 + feed.entries.len() * 4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", e(&feed.lang));
    let _ = writeln!(x, "<title>{}</title>", e(&feed.title));
    if !feed.subtitle.is_empty() {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", e(&feed.subtitle));
    }
    let _ = writeln!(x, "<id>{}</id>", e(&feed.id));
    let _ = writeln!(x, "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", e(&feed.self_url));
    let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", e(&feed.alternate_url));
    let _ = writeln!(x, "<updated>{}</updated>", e(&feed.updated));
    let _ = writeln!(x, "<author><name>{}</name></author>", e(&feed.author));
    x.push_str("<generator>Warta</generator>\n");
    for entry in &feed.entries {
        let _ = writeln!(x, "<entry xml:lang=\"{}\">", e(&entry.lang));
        let _ = writeln!(x, "<id>{}</id>", e(&entry.id));
        let _ = writeln!(x, "<title>{}</title>", e(&entry.title));
        let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", e(&entry.url));
        let _ = writeln!(x, "<published>{}</published>", e(&entry.published));
        let _ = writeln!(x, "<updated>{}</updated>", e(&entry.updated));
        let _ = writeln!(x, "<author><name>{}</name></author>", e(&entry.author));
        for (term, label) in &entry.categories {
            if label == term {
                let _ = writeln!(x, "<category term=\"{}\"/>", e(term));
            } else {
                let _ = writeln!(x, "<category term=\"{}\" label=\"{}\"/>", e(term), e(label));
            }
        }
        if !entry.summary.is_empty() {
            let _ = writeln!(x, "<summary>{}</summary>", e(&entry.summary));
        }
        let _ = writeln!(x, "<content type=\"html\">{}</content>", e(&entry.content_html));
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// One page of the site for the sitemap, with its translations.
pub struct SitemapUrl {
    pub loc: String,
    /// `YYYY-MM-DD` or RFC 3339; empty when unknown.
    pub lastmod: String,
    /// (language, absolute URL) of every version of the page, this one included.
    pub alternates: Vec<(String, String)>,
}

/// The largest number of URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// `sitemap.xml`, or past [`SITEMAP_LIMIT`] URLs a sitemap index and numbered sitemaps.
/// Returns (file name, contents) pairs; `base_url` has no trailing slash.
pub fn sitemaps(urls: &[SitemapUrl], base_url: &str) -> Vec<(String, String)> {
    if urls.len() <= SITEMAP_LIMIT {
        return vec![("sitemap.xml".to_string(), sitemap(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in urls.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let _ = writeln!(index, "<sitemap><loc>{}</loc></sitemap>", xml_escape(&format!("{base_url}/{name}")));
        files.push((name, sitemap(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

fn sitemap(urls: &[SitemapUrl]) -> String {
    // A thousand entries at a time on every core, joined in order: written on one core, they
    // were the last milliseconds of a build, with the pages all rendered and the other core
    // idle (issue 6).
    let parts: Vec<String> = urls
        .par_chunks(1024)
        .map(|urls| {
            let e = xml_escape;
            let mut x = String::with_capacity(urls.len() * 300);
            for u in urls {
                let _ = write!(x, "<url><loc>{}</loc>", e(&u.loc));
                if !u.lastmod.is_empty() {
                    let _ = write!(x, "<lastmod>{}</lastmod>", e(&u.lastmod));
                }
                if u.alternates.len() > 1 {
                    for (lang, href) in &u.alternates {
                        let _ = write!(x, "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>", e(lang), e(href));
                    }
                }
                x.push_str("</url>\n");
            }
            x
        })
        .collect();
    let mut x = String::with_capacity(256 + parts.iter().map(String::len).sum::<usize>());
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    parts.iter().for_each(|part| x.push_str(part));
    x.push_str("</urlset>\n");
    x
}

/// robots.txt: everything may be crawled, except in a preview build.
pub fn robots(base_url: &str, preview: bool) -> String {
    if preview {
        "# A preview build: drafts and embargoed releases; not for search engines.\nUser-agent: *\nDisallow: /\n".to_string()
    } else {
        format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_drops_forbidden_characters() {
        assert_eq!(xml_escape("<script>&\"'\u{1}"), "&lt;script&gt;&amp;&quot;&apos;");
        assert_eq!(xml_escape("é\t<\nü\u{1f}ẞ\r"), "é\t&lt;\nüẞ\r", "runs of other characters are kept whole");
        assert_eq!(xml_escape("tanpa apa-apa"), "tanpa apa-apa");
        for b in 0..0x80u8 {
            let expected = match b {
                b'&' => "&amp;".to_string(),
                b'<' => "&lt;".to_string(),
                b'>' => "&gt;".to_string(),
                b'"' => "&quot;".to_string(),
                b'\'' => "&apos;".to_string(),
                b'\t' | b'\n' | b'\r' => char::from(b).to_string(),
                b if b < 0x20 => String::new(),
                b => char::from(b).to_string(),
            };
            assert_eq!(xml_escape(&format!("a{}b", char::from(b))), format!("a{expected}b"), "byte {b}");
        }
    }

    #[test]
    fn splits_past_the_limit() {
        let urls: Vec<SitemapUrl> =
            (0..SITEMAP_LIMIT + 1).map(|i| SitemapUrl { loc: format!("https://a.b/{i}/"), lastmod: String::new(), alternates: vec![] }).collect();
        let files = sitemaps(&urls, "https://a.b");
        assert_eq!(files.len(), 3);
        assert!(files[0].1.contains("<sitemapindex") && files[0].1.contains("https://a.b/sitemap-2.xml"));
        assert_eq!(files[2].1.matches("<url>").count(), 1);
    }

    #[test]
    fn a_sitemap_made_in_parts_keeps_every_entry_in_order() {
        // More entries than one part holds, the last part short.
        let urls: Vec<SitemapUrl> = (0..2500)
            .map(|i| SitemapUrl {
                loc: format!("https://a.b/{i}/?x&y"),
                lastmod: if i % 2 == 0 { "2021-10-01".to_string() } else { String::new() },
                alternates: vec![("id".to_string(), format!("https://a.b/{i}/")), ("en".to_string(), format!("https://a.b/en/{i}/"))],
            })
            .collect();
        let xml = &sitemaps(&urls, "https://a.b")[0].1;
        let doc = roxmltree::Document::parse(xml).expect("the sitemap parses");
        let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
        let expected: Vec<String> = (0..2500).map(|i| format!("https://a.b/{i}/?x&y")).collect();
        assert_eq!(locs, expected);
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("lastmod")).count(), 1250);
        assert_eq!(xml.matches("hreflang=\"en\"").count(), 2500);
        assert!(xml.starts_with("<?xml") && xml.ends_with("</urlset>\n"));
    }
}
