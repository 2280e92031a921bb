//! Addresses that leave a site served from a folder of its host.
//!
//! A site at `https://example.org/laporan` has the folder in every address Warta writes, and
//! in the links writers type from the root (`markdown::under_root`). A theme's own addresses
//! are the theme's: `href="/css/site.css"` in a template, `url(/img/x.png)` in its CSS or
//! `{{ site.base_url }}{{ page.url }}` work at the root of a host, and in a folder lead out of
//! the site (or into the folder twice), to a 404 nobody sees until readers do. This module
//! finds them in the bytes of a page or a stylesheet: the attribute values that hold
//! addresses, and CSS `url()` and `@import`. One pass, no HTML parser: tags and attributes are
//! read as a browser's tokenizer reads them, close enough for pages a template made; text,
//! comments, and the insides of `<script>`, `<pre>`, `<code>` and `<textarea>` are skipped.
//!
//! It knows nothing of templates, pages or diagnostics: `render` runs it on the pages of a
//! site with a folder and says which template wrote what.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;

/// Where a site is served from, to tell which addresses leave it.
#[derive(Debug, Clone, Copy)]
pub struct Folder<'a> {
    /// `/laporan`: never empty, no trailing slash (`Config::path`).
    path: &'a str,
    /// `example.org` (with its port, if any): absolute addresses naming it are the site's host.
    host: &'a str,
}

/// How an address leaves the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Leaves {
    /// Outside it: `/css/x.css`, `https://example.org/css/x.css`, `/laporan-old/`.
    Outside,
    /// Into it twice, `/laporan/laporan/...`: what `site.base_url ~ page.url` gives. A site
    /// may have such a page (a standing page `laporan`), so the caller looks for its file.
    Twice,
}

impl<'a> Folder<'a> {
    /// `path` and `origin` as `Config::path` and `Config::origin` give them; `None` for a
    /// site at the root of its host, where every address of the host is the site's.
    pub fn new(path: &'a str, origin: &'a str) -> Option<Folder<'a>> {
        if path.is_empty() {
            return None;
        }
        let host = origin.split_once("://").map_or(origin, |(_, host)| host);
        Some(Folder { path, host })
    }

    /// Whether `address` (an attribute value or a CSS URL) leads outside the folder on the
    /// site's own host. Relative addresses and other hosts (`//cdn.example/x.js`) stay.
    pub fn leaves(&self, address: &str) -> Option<Leaves> {
        let path = self.on_host(address)?;
        match self.below(path) {
            None => Some(Leaves::Outside),
            Some(rest) if self.below(rest).is_some() => Some(Leaves::Twice),
            Some(_) => None,
        }
    }

    /// Whether `html` may hold an address that leaves the folder: a quick look at its
    /// slashes only, so that a page whose addresses all stay below the folder (every page of
    /// a theme written for folders, as the built-in one is) is not read attribute by attribute
    /// by [`html_addresses`], which takes about six instructions a byte (a sixth of the
    /// instructions of a 1,000-release build). It never says no where [`html_addresses`] and
    /// [`Folder::leaves`] would find one (but for a quoted value that starts with `/>`, which
    /// no theme writes): it says yes for a `/` where an address may start
    /// (after a quote, `=`, `(`, `,` or a space: a value, a `srcset` entry, a CSS `url()`, a
    /// refresh's `url=`) that is not the folder once, and for the site's host after `//` or
    /// `/\` not followed by a path below the folder once. Text such as "dan / atau" also
    /// says yes, which only costs the full read of that page.
    pub fn may_leave(&self, html: &[u8]) -> bool {
        let host = self.host.as_bytes();
        for p in memchr::memchr_iter(b'/', html) {
            if let Some(b'/' | b'\\') = html.get(p + 1) {
                // `//host` or `/\host`, with any scheme or none before it.
                let at = p + 2;
                if !html.get(at..at + host.len()).is_some_and(|h| h.eq_ignore_ascii_case(host)) {
                    continue;
                }
                let rest = &html[at + host.len()..];
                match rest.first() {
                    // A longer host name, or another port: another origin.
                    Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'@') => continue,
                    Some(b'/' | b'\\' | b'?' | b'#') if !self.path_leaves(rest) => continue,
                    _ => return true,
                }
            }
            let before = p.checked_sub(1).map(|q| html[q]);
            // `"/>` and ` />` end a tag (SVG drawings are full of them), `</` and `a/b` start
            // no address; only an unquoted `href=/>` is the address `/`.
            let ends_tag = html.get(p + 1) == Some(&b'>');
            let starts = before.is_some_and(|b| b == b'=' || (!ends_tag && (matches!(b, b'"' | b'\'' | b'(' | b',') || is_space(b))));
            if starts && self.path_leaves(&html[p..]) {
                return true;
            }
        }
        false
    }

    /// Whether a path at the start of `bytes` (which go on past its end) may not be below the
    /// folder once: not `/laporan` followed by `/`, `?` or `#`, or that twice.
    fn path_leaves(&self, bytes: &[u8]) -> bool {
        let once = |b: &[u8]| b.strip_prefix(self.path.as_bytes()).filter(|rest| matches!(rest.first(), Some(b'/' | b'?' | b'#'))).map(|rest| rest.len());
        match once(bytes) {
            None => true,
            // The folder twice, or what may be (`/laporan/laporan"`).
            Some(len) => bytes[bytes.len() - len..].starts_with(self.path.as_bytes()),
        }
    }

    /// What follows the folder in `path`, if `path` is the folder or below it (`/laporan`,
    /// `/laporan/x`, `/laporan?q`; not `/laporan-old/`).
    fn below<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.strip_prefix(self.path).filter(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
    }

    /// The path (query and fragment included) of `address` when it is on the site's host:
    /// root-relative, or absolute or protocol-relative naming the host (any scheme: `http`
    /// on an `https` site still leaves the folder).
    fn on_host<'u>(&self, address: &'u str) -> Option<&'u str> {
        // Browsers strip ASCII whitespace around a URL attribute's value.
        let a = address.trim_matches(|c: char| c.is_ascii_whitespace());
        let slashes = |s: &'u str| s.strip_prefix("//").or_else(|| s.strip_prefix("/\\"));
        let authority = match strip_prefix_ignore_case(a, "https:").or_else(|| strip_prefix_ignore_case(a, "http:")) {
            Some(rest) => slashes(rest)?,
            None if a.starts_with('/') => match slashes(a) {
                // `//host/x` and `/\host/x` (browsers read both so) name a host.
                Some(rest) => rest,
                None => return Some(a),
            },
            None => return None,
        };
        let end = authority.find(['/', '\\', '?', '#']).unwrap_or(authority.len());
        authority[..end].eq_ignore_ascii_case(self.host).then(|| &authority[end..])
    }
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    (s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())).then(|| &s[prefix.len()..])
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The first `needle` in `hay` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| from + i)
}

/// Where the closing tag `</name` (any case) starts, at or after `from`.
fn find_close(html: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(k) = memchr::memchr(b'<', html.get(i..)?) {
        let at = i + k;
        let tag = html.get(at + 2..at + 2 + name.len());
        if html.get(at + 1) == Some(&b'/') && tag.is_some_and(|t| t.eq_ignore_ascii_case(name)) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// `start..end` without the ASCII whitespace at either end.
fn trimmed(bytes: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && is_space(bytes[start]) {
        start += 1;
    }
    while end > start && is_space(bytes[end - 1]) {
        end -= 1;
    }
    (start, end)
}

/// The byte range of each address in an HTML page, in order, given to `found`: the values of
/// `href`, `src`, `action`, `formaction`, `poster`, `data`, `xlink:href`, each address of a
/// `srcset` or `imagesrcset`, the `content` of a `<meta>` that is an address (`og:image`,
/// `og:url`, `twitter:image`..., the `url=` of a refresh), and CSS addresses in `style`
/// attributes and `<style>` elements. Nothing in text, comments, or the insides of
/// `<script>`, `<pre>`, `<code>` and `<textarea>`.
pub fn html_addresses(html: &[u8], found: &mut dyn FnMut(usize, usize)) {
    let n = html.len();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &html[i.min(n)..]) {
        let lt = i + k;
        i = lt + 1;
        match html.get(i) {
            Some(b'!') => {
                // A comment, or `<!DOCTYPE html>`.
                i = if html[i..].starts_with(b"!--") { find(html, i + 3, b"-->").map_or(n, |e| e + 3) } else { find(html, i, b">").map_or(n, |e| e + 1) };
                continue;
            }
            Some(b) if b.is_ascii_alphabetic() => {}
            // A closing tag has no attributes; a `<` in text starts no tag.
            _ => continue,
        }
        let name_start = i;
        while i < n && !is_space(html[i]) && !matches!(html[i], b'/' | b'>') {
            i += 1;
        }
        let name = &html[name_start..i];
        let is_meta = name.eq_ignore_ascii_case(b"meta");
        // A `<meta>`'s `content` is an address only for some `property`s, `name`s or
        // `itemprop`s, which may come after it.
        let mut meta_content = None;
        let mut meta_address = false;
        let mut refresh = false;
        loop {
            while i < n && (is_space(html[i]) || html[i] == b'/') {
                i += 1;
            }
            if i >= n || html[i] == b'>' {
                i += 1;
                break;
            }
            let attr_start = i;
            // A name may start with `=` (the tokenizer takes it as a letter of the name).
            i += 1;
            while i < n && !is_space(html[i]) && !matches!(html[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = &html[attr_start..i];
            let mut j = i;
            while j < n && is_space(html[j]) {
                j += 1;
            }
            if html.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < n && is_space(html[j]) {
                j += 1;
            }
            let (start, end) = match html.get(j) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(quote, &html[j + 1..]).map_or(n, |e| j + 1 + e);
                    i = (end + 1).min(n);
                    (j + 1, end)
                }
                _ => {
                    let start = j;
                    while j < n && !is_space(html[j]) && html[j] != b'>' {
                        j += 1;
                    }
                    i = j;
                    (start, j)
                }
            };
            let is = |name: &[u8]| attr.eq_ignore_ascii_case(name);
            if is(b"href") || is(b"src") || is(b"action") || is(b"formaction") || is(b"poster") || is(b"data") || is(b"xlink:href") {
                let (s, e) = trimmed(html, start, end);
                found(s, e);
            } else if is(b"srcset") || is(b"imagesrcset") {
                srcset_addresses(html, start, end, found);
            } else if is(b"style") {
                css_addresses(&html[start..end], start, found);
            } else if is_meta {
                if is(b"content") {
                    meta_content = Some((start, end));
                } else if is(b"property") || is(b"name") || is(b"itemprop") {
                    meta_address |= names_an_address(&html[start..end]);
                } else if is(b"http-equiv") {
                    refresh |= html[start..end].eq_ignore_ascii_case(b"refresh");
                }
            }
        }
        if let Some((start, end)) = meta_content {
            if meta_address {
                let (s, e) = trimmed(html, start, end);
                found(s, e);
            } else if refresh {
                // `0; url=/x`: the address after `url=`, possibly quoted.
                let content = &html[start..end];
                if let Some(at) = content.windows(4).position(|w| w.eq_ignore_ascii_case(b"url=")) {
                    let (s, e) = trimmed(html, start + at + 4, end);
                    let quoted = s < e && matches!(html[s], b'"' | b'\'');
                    let (s, e) = if quoted { (s + 1, if html[e - 1] == html[s] && e > s + 1 { e - 1 } else { e }) } else { (s, e) };
                    found(s, e);
                }
            }
        }
        // Elements whose insides are not markup, or not addresses to look at.
        let lower = |name: &[u8], of: &[u8]| name.eq_ignore_ascii_case(of);
        if lower(name, b"style") {
            if let Some(close) = find_close(html, i.min(n), b"style") {
                css_addresses(&html[i..close], i, found);
                i = close;
            }
        } else if let Some(skipped) = [&b"script"[..], b"pre", b"code", b"textarea"].into_iter().find(|s| lower(name, s)) {
            // Without its closing tag, the rest of the page is read as markup.
            if let Some(close) = find_close(html, i.min(n), skipped) {
                i = close;
            }
        }
    }
}

/// Whether a `<meta>` `property`, `name` or `itemprop` gives an address in its `content`
/// (Open Graph's `og:url`, `og:image`, `og:image:secure_url`, `og:video`, `og:audio`;
/// `twitter:image`, `twitter:player`; schema.org's `url`, `image`, `thumbnailUrl`...).
fn names_an_address(name: &[u8]) -> bool {
    let ends = |suffix: &[u8]| name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    [&b"url"[..], b"image", b"image:src", b"video", b"audio", b"player", b"tileimage", b"msapplication-config"].into_iter().any(ends)
}

/// Each address of a `srcset` value (`a.png 1x, /b.png 2x`) at `start..end` of `html`.
fn srcset_addresses(html: &[u8], start: usize, end: usize, found: &mut dyn FnMut(usize, usize)) {
    let mut i = start;
    while i < end {
        while i < end && (is_space(html[i]) || html[i] == b',') {
            i += 1;
        }
        let s = i;
        while i < end && !is_space(html[i]) {
            i += 1;
        }
        // A candidate's address ends at a space; commas it ends with separate candidates.
        let mut e = i;
        while e > s && html[e - 1] == b',' {
            e -= 1;
        }
        if e > s {
            found(s, e);
        }
        // Its descriptors (`2x`, `480w`), up to the next comma.
        if e == i {
            while i < end && html[i] != b',' {
                i += 1;
            }
        }
    }
}

/// The byte range (from `base`, where `css` starts in what the caller scans) of each address
/// of `url(...)` and `@import "..."` in CSS, outside comments.
pub fn css_addresses(css: &[u8], base: usize, found: &mut dyn FnMut(usize, usize)) {
    let n = css.len();
    let mut i = 0;
    while let Some(k) = memchr::memchr3(b'(', b'@', b'/', &css[i.min(n)..]) {
        let at = i + k;
        i = at + 1;
        match css[at] {
            b'/' if css.get(at + 1) == Some(&b'*') => i = find(css, at + 2, b"*/").map_or(n, |e| e + 2),
            b'(' if at >= 3 && css[at - 3..at].eq_ignore_ascii_case(b"url") && (at == 3 || !is_ident(css[at - 4])) => {
                let mut s = at + 1;
                while s < n && is_space(css[s]) {
                    s += 1;
                }
                if let Some(end) = string_at(css, s) {
                    found(base + s + 1, base + end);
                    i = end + 1;
                } else {
                    let close = memchr::memchr(b')', &css[s..]).map_or(n, |e| s + e);
                    let (s, e) = trimmed(css, s, close);
                    found(base + s, base + e);
                    i = close;
                }
            }
            b'@' if css.get(at + 1..at + 7).is_some_and(|w| w.eq_ignore_ascii_case(b"import")) => {
                let mut s = at + 7;
                while s < n && is_space(css[s]) {
                    s += 1;
                }
                // `@import url(...)` is found at its `(`.
                if let Some(end) = string_at(css, s) {
                    found(base + s + 1, base + end);
                    i = end + 1;
                }
            }
            _ => {}
        }
    }
}

/// Where the CSS string starting at `at` (a quote) ends (its closing quote), if one starts there.
fn string_at(css: &[u8], at: usize) -> Option<usize> {
    let quote = *css.get(at).filter(|q| matches!(q, b'"' | b'\''))?;
    Some(memchr::memchr(quote, &css[at + 1..]).map_or(css.len(), |e| at + 1 + e))
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || b >= 0x80
}

/// What the pages a template rendered carry: an address that leaves the folder, on how many
/// pages, and the first of them in path order (an output file: `releases/x/index.html`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    pub how: Leaves,
    pub pages: usize,
    pub example: String,
}

impl Carried {
    /// Counts `other`'s pages in, keeping the first example.
    pub fn add(&mut self, other: Carried) {
        self.pages += other.pages;
        if other.example < self.example {
            self.example = other.example;
        }
    }
}

/// A theme file to point warnings into: a template (`name` as tera knows it) or a
/// stylesheet (`name` its path in the output, `css/site.css`).
pub struct Source<'s> {
    pub name: &'s str,
    pub shown: &'s Path,
    pub text: &'s str,
}

/// The site's own pages that the theme links to by name: each address a template gets for
/// it in `nav`, in the page's language and below the folder.
const NAV: [(&str, &str); 6] = [
    ("/", "nav.home"),
    ("/releases/", "nav.releases"),
    ("/tags/", "nav.tags"),
    ("/organizations/", "nav.organizations"),
    ("/indicators/", "nav.indicators"),
    ("/search/", "nav.search"),
];

/// One warning per place in a theme file and address: the addresses the pages of each
/// template carry (`carried`, by template name and address), placed in the template that
/// writes them when one does so literally (else at the page's template, "or a template it
/// extends or includes"), and those of the theme's stylesheets. `is_file` tells whether a
/// path below the folder (`/css/x.css`) is a file of the site: an address with the folder
/// twice is a mistake only when it leads to none, and the help says what to write.
pub fn warnings(
    folder: &Folder,
    base_url: &str,
    carried: BTreeMap<(&str, String), Carried>,
    templates: &[Source],
    stylesheets: &[Source],
    is_file: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    // Each address a template writes in an attribute, with its place: a page's address is
    // found among these once, not by reading every template again for each.
    let mut written: Vec<(usize, usize, &str)> = Vec::new();
    for (i, t) in templates.iter().enumerate() {
        html_addresses(&without_comments(t.text), &mut |s, e| written.push((i, s, &t.text[s..e])));
    }
    // One warning per place and address; an address a template computes
    // (`/tags/{{ lang }}/`, `{{ site.base_url }}{{ page.url }}`) differs from page to page,
    // so those it gives are one warning at the place that computes them. Pages of several
    // templates share their base layout: the place is what groups them.
    struct Group {
        pages: Carried,
        /// The addresses of the group (several when computed).
        addresses: std::collections::BTreeSet<String>,
    }
    /// Where (a template and a byte offset in it; `None` when no template writes the
    /// address as it is or computes it), which page template when not placed, and which
    /// address when written as it is ("" when computed).
    type Key<'k> = (Option<(usize, usize)>, &'k str, String);
    let mut placed: BTreeMap<Key, Group> = BTreeMap::new();
    for ((template, address), pages) in carried {
        let (path, _) = split_path(folder.on_host(&address).unwrap_or_default());
        if pages.how == Leaves::Twice && folder.below(path).is_some_and(is_file) {
            continue;
        }
        let own = templates.iter().position(|t| t.name == template);
        let key = match place(templates, &written, own, &address, pages.how) {
            Some(Place { template, offset, exact: true, .. }) => (Some((template, offset)), "", address.clone()),
            Some(Place { template, offset, exact: false, .. }) => (Some((template, offset)), "", String::new()),
            None => (None, template, address.clone()),
        };
        match placed.get_mut(&key) {
            Some(group) => {
                group.pages.add(pages);
                group.addresses.insert(address);
            }
            None => {
                placed.insert(key, Group { pages, addresses: [address].into() });
            }
        }
    }
    let origin = &base_url[..base_url.len() - folder.path.len()];
    let mut found = Vec::new();
    for ((at, template, exact), group) in placed {
        let Group { pages, addresses } = group;
        let (address, addresses) = (addresses.first().cloned().unwrap_or_default(), addresses.len());
        let on = if pages.pages == 1 { format!("on 1 page, {}", pages.example) } else { format!("on {} pages, such as {}", pages.pages, pages.example) };
        let (path, rest) = split_path(folder.on_host(&address).unwrap_or_default());
        let leads_to = format!("{origin}{}", if path.is_empty() { "/" } else { path });
        // What the template writes, when it computes the address.
        let computed = at.filter(|_| exact.is_empty()).map(|(i, offset)| &templates[i].text[offset..offset + written_len(&written, i, offset)]);
        let folder_path = folder.path;
        let message = match (pages.how, computed) {
            (Leaves::Outside, None) => {
                format!("`{address}` is outside the site's folder `{folder_path}/`: served from {base_url}, it leads to {leads_to}, not to the site; {on}")
            }
            (Leaves::Outside, Some(code)) => format!(
                "`{code}` writes {} outside the site's folder `{folder_path}/`: served from {base_url}, `{address}` leads to {leads_to}, not to the site; {on}",
                if addresses == 1 { format!("`{address}`,") } else { format!("{addresses} addresses, such as `{address}`,") }
            ),
            (Leaves::Twice, None) => format!("`{address}` names the site's folder `{folder_path}/` twice and leads to no file of the site; {on}"),
            (Leaves::Twice, Some(code)) => format!(
                "`{code}` writes {} with the site's folder `{folder_path}/` twice, which lead to no file of the site; {on}",
                if addresses == 1 { format!("`{address}`") } else { format!("{addresses} addresses, such as `{address}`,") }
            ),
        };
        let help = match pages.how {
            Leaves::Twice => "`site.base_url` ends with the folder and every `url` a template gets starts with it: print the absolute address Warta gives (`{{ page.permalink }}`, a translation's `{{ tr.permalink }}`) instead of `site.base_url` followed by a `url`".to_string(),
            Leaves::Outside if computed.is_some() => {
                let at_root = computed.unwrap_or_default();
                format!("start it with `{{{{ site.path }}}}` (`{{{{ site.path }}}}{at_root}`), or build it from an address Warta gives (`nav.*`, `page.url`, an item's `url`), which carries the folder: `site.path` is the folder (`{folder_path}`) and \"\" at the root of a host")
            }
            Leaves::Outside => template_help(folder, &address, path, rest, is_file),
        };
        let d = match at {
            Some((i, offset)) => Diagnostic::error_at(templates[i].shown, templates[i].text, offset, message),
            None => {
                let shown = templates.iter().find(|t| t.name == template).map_or_else(|| Path::new(template).to_path_buf(), |t| t.shown.to_path_buf());
                Diagnostic::file_error(shown, format!("{message}: written by `{template}` or a template it extends or includes"))
            }
        };
        found.push(d.warning().with_help(help));
    }
    for sheet in stylesheets {
        let mut addresses = Vec::new();
        css_addresses(sheet.text.as_bytes(), 0, &mut |s, e| addresses.push((s, &sheet.text[s..e])));
        for (offset, address) in addresses {
            let Some(how) = folder.leaves(address) else { continue };
            let (path, _) = split_path(folder.on_host(address).unwrap_or_default());
            if how == Leaves::Twice && folder.below(path).is_some_and(is_file) {
                continue;
            }
            let message = format!(
                "`{address}` in this stylesheet is outside the site's folder `{}/`: served from {base_url}, the browser asks {origin}{path} for it",
                folder.path
            );
            // A stylesheet is not a template: its addresses are relative to itself.
            let depth = sheet.name.matches('/').count();
            let target = match how {
                Leaves::Twice => folder.below(path).unwrap_or(path),
                Leaves::Outside => path,
            };
            let relative = format!("{}{}", "../".repeat(depth), target.trim_start_matches('/'));
            let help = format!("write `{relative}`, relative to `{}` (it is at the root of the site's files), which works in any folder", sheet.name);
            found.push(Diagnostic::error_at(sheet.shown, sheet.text, offset, message).warning().with_help(help));
        }
    }
    found
}

/// `/x/y?q#f` as (`/x/y`, `?q#f`).
/// A template's text with its comments (`{# … #}`) blanked out, every byte at its offset: a
/// comment that mentions `<pre>` or an address is not what the template writes, and a `<pre>`
/// in it would hide the template's next addresses from [`html_addresses`].
fn without_comments(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = find(&bytes, from, b"{#") {
        let end = find(&bytes, start + 2, b"#}").map_or(bytes.len(), |e| e + 2);
        bytes[start..end].fill(b' ');
        from = end;
    }
    bytes
}

fn split_path(path: &str) -> (&str, &str) {
    path.split_at(path.find(['?', '#']).unwrap_or(path.len()))
}

/// Where a template writes an address of a page.
struct Place {
    template: usize,
    offset: usize,
    /// The same text as the page's address; else the template computes it there.
    exact: bool,
}

/// The length of the address a template writes at `offset` (one of `written`).
fn written_len(written: &[(usize, usize, &str)], template: usize, offset: usize) -> usize {
    written.iter().find(|w| w.0 == template && w.1 == offset).map_or(0, |w| w.2.len())
}

/// Where among the addresses templates write (`written`) the page's `address` comes from:
/// the same text, preferably in the page's own template (`own`), in an attribute or anywhere
/// between quotes or spaces; else the longest literal
/// start of an address with template code after it (`/tags/{{ tag.slug }}/`); for the folder
/// twice, an address starting with `{{ site.base_url }}` and more code.
fn place(templates: &[Source], written: &[(usize, usize, &str)], own: Option<usize>, address: &str, how: Leaves) -> Option<Place> {
    let best = |matches: &dyn Fn(&str) -> Option<usize>| {
        let mut best: Option<(usize, bool, usize, usize)> = None;
        for &(t, offset, text) in written {
            let Some(score) = matches(text) else { continue };
            let candidate = (score, Some(t) == own, usize::MAX - t, usize::MAX - offset);
            if best.is_none_or(|b| candidate > b) {
                best = Some(candidate);
            }
        }
        best.map(|(_, _, t, offset)| (usize::MAX - t, usize::MAX - offset))
    };
    if let Some((template, offset)) = best(&|text| (text == address).then_some(0)) {
        return Some(Place { template, offset, exact: true });
    }
    // Written elsewhere as it is, such as in a `{% set css = "/css/site.css" %}`.
    let order = own.into_iter().chain((0..templates.len()).filter(|&t| Some(t) != own));
    for t in order {
        let text = templates[t].text.as_bytes();
        let whole = |at: usize| {
            let before = at.checked_sub(1).map(|i| text[i]);
            let after = text.get(at + address.len()).copied();
            matches!(before, Some(b'"' | b'\'' | b'=' | b'(' | b' ' | b'\t' | b'\n' | b','))
                && matches!(after, None | Some(b'"' | b'\'' | b')' | b' ' | b'\t' | b'\n' | b'\r' | b',' | b'>'))
        };
        if let Some(offset) = memchr::memmem::find_iter(text, address.as_bytes()).find(|&at| whole(at)) {
            return Some(Place { template: t, offset, exact: true });
        }
    }
    fn literal(text: &str) -> Option<&str> {
        text.find('{').map(|brace| &text[..brace])
    }
    let computed = match how {
        Leaves::Outside => best(&|text| literal(text).filter(|l| l.len() > 1 && address.starts_with(l)).map(str::len)),
        Leaves::Twice => best(&|text| {
            let first = text.strip_prefix("{{")?.split("}}").next()?;
            (first.trim() == "site.base_url" && text[2 + first.len()..].len() > 2).then_some(0)
        }),
    };
    computed.map(|(template, offset)| Place { template, offset, exact: false })
}

/// What a template should write instead of the root-relative or absolute `address` (its
/// `path` on the host, and query and fragment `rest`).
fn template_help(folder: &Folder, address: &str, path: &str, rest: &str, is_file: &dyn Fn(&str) -> bool) -> String {
    let absolute = !address.trim_start().starts_with('/') || address.trim_start().starts_with("//");
    if absolute {
        return format!("write `{{{{ site.base_url }}}}{path}{rest}`: `site.base_url` ends with the folder (`{}`)", folder.path);
    }
    if let Some((_, nav)) = NAV.iter().find(|(p, _)| *p == path) {
        return format!("write `{{{{ {nav} }}}}{rest}`: that page in the page's language, below the folder");
    }
    let what = if is_file(path) { "" } else { " (if it is meant to be a file of the site: none is at that address now)" };
    format!("write `{{{{ site.path }}}}{path}{rest}`{what}: `site.path` is the folder (`{}`) and \"\" at the root of a host", folder.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> Folder<'static> {
        Folder::new("/laporan", "https://ppkukm.jakarta.go.id").unwrap()
    }

    /// Every address the scanner finds in `html`.
    fn addresses(html: &str) -> Vec<&str> {
        let mut found = Vec::new();
        html_addresses(html.as_bytes(), &mut |s, e| found.push(&html[s..e]));
        found
    }

    /// The addresses of `html` that leave the folder; the quick look must not miss them.
    fn leaving(html: &str) -> Vec<(&str, Leaves)> {
        let found: Vec<(&str, Leaves)> = addresses(html).into_iter().filter_map(|a| folder().leaves(a).map(|l| (a, l))).collect();
        assert!(found.is_empty() || folder().may_leave(html.as_bytes()), "may_leave missed {found:?} in {html}");
        found
    }

    #[test]
    fn the_quick_look_passes_pages_whose_addresses_stay_and_never_misses_one_that_leaves() {
        let f = folder();
        for stays in [
            r#"<a href="/laporan/">x</a> <br /> <img src="/laporan/a.png"/> 1/2 </p> <a href="https://ppkukm.jakarta.go.id/laporan/x/">"#,
            r#"<link href="//cdn.example/x.css"><a href="https://bps.go.id/">b</a><a href="https://ppkukm.jakarta.go.id.evil.example/">e</a>"#,
            r#"<a href="http://ppkukm.jakarta.go.id:8080/">another port</a><a href="/laporan?q=1">q</a><a href="/laporan#top">t</a>"#,
        ] {
            assert!(!f.may_leave(stays.as_bytes()), "{stays}");
        }
        for leaves in [
            r#"<a href="/css/x.css">"#,
            r#"<a href='/laporan-old/'>"#,
            r#"<a href=/x>"#,
            r#"<img srcset="/laporan/a.png 1x,/b.png 2x">"#,
            r#"<img srcset="/laporan/a.png 1x, /b.png 2x">"#,
            r#"<div style="background:url(/x.png)">"#,
            r#"<meta http-equiv="refresh" content="0; url=/lama/">"#,
            r#"<a href="https://ppkukm.jakarta.go.id">"#,
            r#"<a href="HTTPS://PPKUKM.JAKARTA.GO.ID/css/">"#,
            r#"<a href="//ppkukm.jakarta.go.id/x">"#,
            r#"<a href="/\ppkukm.jakarta.go.id/x">"#,
            r#"<a href="https://ppkukm.jakarta.go.id\laporan\x">"#,
            r#"<a href="/laporan/laporan/x/">"#,
            r#"<a href="https://ppkukm.jakarta.go.id/laporan/laporan/">"#,
            r#"<a href="/laporan">"#,
            r#"<a href=" /x">"#,
            r#"<a href=/>"#,
        ] {
            assert!(f.may_leave(leaves.as_bytes()), "{leaves}");
            let _ = leaving(leaves);
        }
    }

    #[test]
    fn a_site_at_the_root_has_no_folder_to_leave() {
        assert!(Folder::new("", "https://ppkukm.jakarta.go.id").is_none());
    }

    #[test]
    fn addresses_below_the_folder_stay_and_others_on_the_host_leave() {
        let f = folder();
        for stays in [
            "/laporan/",
            "/laporan",
            "/laporan/css/warta.css",
            "/laporan?x=1",
            "/laporan#top",
            " /laporan/x/ ",
            "https://ppkukm.jakarta.go.id/laporan/releases/x/",
            "HTTPS://PPKUKM.jakarta.go.id/laporan/",
            "//ppkukm.jakarta.go.id/laporan/x.css",
            "//cdn.example/x.js",
            "/\\cdn.example/x.js",
            "https://bps.go.id/css/x.css",
            "https://ppkukm.jakarta.go.id.evil.example/css/x.css",
            "css/x.css",
            "../img/x.png",
            "#main",
            "?page=2",
            "mailto:humas@jakarta.go.id",
            "",
        ] {
            assert_eq!(f.leaves(stays), None, "{stays}");
        }
        for (leaves, how) in [
            ("/css/site.css", Leaves::Outside),
            ("/", Leaves::Outside),
            ("/laporan-old/", Leaves::Outside),
            ("/laporanx", Leaves::Outside),
            ("/Laporan/", Leaves::Outside),
            ("https://ppkukm.jakarta.go.id/css/x.css", Leaves::Outside),
            ("https://ppkukm.jakarta.go.id", Leaves::Outside),
            ("http://ppkukm.jakarta.go.id/laporan-old/", Leaves::Outside),
            ("//ppkukm.jakarta.go.id/css/x.css", Leaves::Outside),
            ("/laporan/laporan/en/releases/x/", Leaves::Twice),
            ("https://ppkukm.jakarta.go.id/laporan/laporan/", Leaves::Twice),
            ("/laporan/laporan", Leaves::Twice),
        ] {
            assert_eq!(f.leaves(leaves), Some(how), "{leaves}");
        }
        let with_port = Folder::new("/laporan", "http://127.0.0.1:8080").unwrap();
        assert_eq!(with_port.leaves("http://127.0.0.1:8080/x"), Some(Leaves::Outside));
        assert_eq!(with_port.leaves("http://127.0.0.1:9090/x"), None, "another port is another origin");
    }

    #[test]
    fn attributes_are_read_with_double_single_or_no_quotes() {
        let html = r#"<link rel=stylesheet href="/css/a.css"><script src='/js/b.js'></script><a href=/releases/ class=x>R</a><form action = "/cari/"><img SRC="/laporan/ok.png"></form>"#;
        assert_eq!(addresses(html), ["/css/a.css", "/js/b.js", "/releases/", "/cari/", "/laporan/ok.png"]);
        assert_eq!(
            leaving(html),
            [("/css/a.css", Leaves::Outside), ("/js/b.js", Leaves::Outside), ("/releases/", Leaves::Outside), ("/cari/", Leaves::Outside)]
        );
        // A value holding `>` or the other quote; an attribute without a value; `/>`.
        let html = "<a title='a > b \"c\"' hidden href=\"/x/\"/><img alt=\"x\" src=/y.png/>";
        assert_eq!(addresses(html), ["/x/", "/y.png/"]);
    }

    #[test]
    fn every_address_of_a_srcset_is_read() {
        let html = r#"<img srcset="/img/a.png 1x, /laporan/img/b.png 2x,/img/c.png 3x" src="/laporan/a.png"><source srcset='/img/d.png'><link imagesrcset="/img/e.png 480w, //cdn.example/f.png 800w">"#;
        assert_eq!(addresses(html), ["/img/a.png", "/laporan/img/b.png", "/img/c.png", "/laporan/a.png", "/img/d.png", "/img/e.png", "//cdn.example/f.png"]);
        assert_eq!(leaving(html).iter().map(|(a, _)| *a).collect::<Vec<_>>(), ["/img/a.png", "/img/c.png", "/img/d.png", "/img/e.png"]);
    }

    #[test]
    fn poster_data_and_svg_links_are_addresses_and_data_attributes_are_not() {
        let html = r#"<video poster="/v.jpg"></video><object data="/o.svg"></object><svg><use xlink:href="/s.svg#i"/></svg><div data-index="/d.json" data-x="/y"></div><data value="/z">z</data>"#;
        assert_eq!(addresses(html), ["/v.jpg", "/o.svg", "/s.svg#i"]);
    }

    #[test]
    fn meta_content_is_an_address_only_where_it_names_one() {
        let html = concat!(
            r#"<meta property="og:image" content="/img/og.png">"#,
            r#"<meta content="https://ppkukm.jakarta.go.id/rilis/" property="og:url">"#,
            r#"<meta name="twitter:image" content="/laporan/img/t.png">"#,
            r#"<meta name="description" content="/ bukan alamat">"#,
            r#"<meta property="article:published_time" content="2021-10-01">"#,
            r#"<meta http-equiv="refresh" content="0; url=/lama/">"#,
        );
        assert_eq!(addresses(html), ["/img/og.png", "https://ppkukm.jakarta.go.id/rilis/", "/laporan/img/t.png", "/lama/"]);
    }

    #[test]
    fn text_comments_scripts_pre_and_code_hold_no_addresses() {
        let html = concat!(
            "<p>Lihat href=\"/css/a.css\" dan /releases/ serta https://ppkukm.jakarta.go.id/x/</p>",
            "<!-- <a href=\"/komentar/\"> -->",
            "<script>const a = '<a href=\"/js/\">';</script>",
            "<pre><a href=\"/pre/\">x</a></pre>",
            "<code><img src=\"/code.png\"></code>",
            "<PRE><code>&lt;a href=&quot;/escaped/&quot;&gt;</code></PRE>",
            "<textarea><a href=\"/ta/\"></textarea>",
            "<a href=\"/after/\">",
        );
        assert_eq!(addresses(html), ["/after/"]);
    }

    #[test]
    fn css_urls_and_imports_are_addresses_outside_comments() {
        let css = "@import \"/css/base.css\";\n@import url(/css/print.css) print;\nbody { background: url( \"/img/a.png\" ) }\n/* url(/commented.png) */\n.b { background-image: URL('/laporan/img/b.png'), url(../img/c.png); mask: myurl(/no.png) }";
        let mut found = Vec::new();
        css_addresses(css.as_bytes(), 0, &mut |s, e| found.push(&css[s..e]));
        assert_eq!(found, ["/css/base.css", "/css/print.css", "/img/a.png", "/laporan/img/b.png", "../img/c.png"]);
        // In a page: a `style` attribute and a `<style>` element, at their places in the page.
        let html = "<div style=\"background:url(/img/s.png)\"></div><style>.x{background:url('/img/t.png')}</style><p>url(/text.png)</p>";
        assert_eq!(addresses(html), ["/img/s.png", "/img/t.png"]);
    }

    #[test]
    fn broken_markup_ends_the_scan_without_a_panic() {
        for html in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"/x",
            "<a href='",
            "<!--",
            "<!",
            "<style>url(",
            "<meta content=\"0; url=\"",
            "<meta http-equiv=refresh content='url=\"'>",
            "<img srcset=\", ,\">",
        ] {
            let _ = addresses(html);
            let mut n = 0;
            css_addresses(html.as_bytes(), 0, &mut |_, _| n += 1);
        }
        assert_eq!(addresses("<a href=\"/x"), ["/x"]);
    }

    #[test]
    fn a_template_comment_hides_nothing_and_writes_nothing() {
        let template = "{# The <pre> shows <a href=\"/old/\">an address</a> #}\n<link href=\"/css/site.css\">{# unclosed";
        let blanked = without_comments(template);
        assert_eq!(blanked.len(), template.len(), "offsets kept");
        let mut found = Vec::new();
        html_addresses(&blanked, &mut |s, e| found.push(&template[s..e]));
        assert_eq!(found, ["/css/site.css"]);
    }
}
