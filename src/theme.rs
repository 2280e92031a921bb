//! The theme: tera templates, static files and interface strings.
//!
//! The default theme (`themes/default/` in this repository) is built into the binary; a
//! site's `themes/<name>/` overrides it file by file, and its i18n files key by key. This
//! module owns loading and compiling them once per build; it renders nothing itself.

use crate::diag::{Diagnostic, Diagnostics};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    pub tera: tera::Tera,
    /// Strings by language, then key.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Files to copy to the output root: path below `static/`, and their bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// A hash of every file of the theme, built-in and the site's: an incremental build
    /// compares it with the last build's.
    pub fingerprint: u64,
    /// Each template's file as the user sees it, and its text: where errors point.
    sources: BTreeMap<String, (PathBuf, String)>,
    /// Each static file's path as the user sees it (`themes/<name>/static/css/x.css`).
    static_shown: BTreeMap<String, PathBuf>,
}

/// One file of a theme: where it came from (for errors) and its bytes.
struct ThemeFile {
    shown: PathBuf,
    bytes: Vec<u8>,
}

/// Loads the built-in theme overlaid with `site_root/themes/<name>/` if it exists.
/// Whether the theme `name` of the site in `site_root` has interface strings for `lang`: an
/// `i18n/<lang>.toml` of the built-in theme or of the site's `themes/<name>/`.
pub fn has_strings_for(site_root: &Path, name: &str, lang: &str) -> bool {
    let file = format!("i18n/{lang}.toml");
    DEFAULT_THEME.get_file(&file).is_some() || site_root.join("themes").join(name).join(&file).is_file()
}

/// The languages the built-in theme has interface strings for ("en", "id").
pub fn builtin_languages() -> Vec<String> {
    DEFAULT_THEME
        .get_dir("i18n")
        .map(|d| d.files().filter_map(|f| f.path().file_stem()).map(|s| s.to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

pub fn load(site_root: &Path, name: &str) -> (Option<Theme>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut files: BTreeMap<String, ThemeFile> = BTreeMap::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    let dir = site_root.join("themes").join(name);
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            let shown = crate::diag::display_path(site_root, entry.path());
            match std::fs::read(entry.path()) {
                // i18n files are merged key by key (a site may change one string), so the
                // site's copy gets its own key and is read after the built-in one.
                Ok(bytes) if rel.starts_with("i18n/") => {
                    files.insert(format!("i18n/~site/{}", &rel["i18n/".len()..]), ThemeFile { shown, bytes });
                }
                Ok(bytes) => {
                    files.insert(rel, ThemeFile { shown, bytes });
                }
                Err(e) => diags.push(Diagnostic::file_error(shown, format!("cannot read this theme file: {e}"))),
            }
        }
    } else if name != "default" {
        diags.push(
            Diagnostic::file_error("content/site.toml", format!("theme `{name}` not found: expected a folder themes/{name}/"))
                .with_help("use theme = \"default\" for the built-in theme"),
        );
        return (None, diags);
    }

    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (rel, file) in &files {
            (rel, &file.bytes).hash(&mut h);
        }
        h.finish()
    };
    let mut templates = Vec::new();
    let mut shown_template: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut strings: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    let mut static_shown = BTreeMap::new();
    for (rel, file) in files {
        if let Some(name) = rel.strip_prefix("templates/") {
            match utf8_text(&file.shown, file.bytes, "this template is not UTF-8 text") {
                Ok(text) => {
                    shown_template.insert(name.to_string(), file.shown.clone());
                    templates.push((name.to_string(), text));
                }
                Err(d) => diags.push(d),
            }
        } else if let Some(name) = rel.strip_prefix("i18n/").map(|n| n.trim_start_matches("~site/")).and_then(|n| n.strip_suffix(".toml")) {
            // Not read lossily: a byte that is not UTF-8 inside a string would reach every
            // page as `�` without a word.
            let text = match utf8_text(&file.shown, file.bytes, "this file is not UTF-8 text") {
                Ok(text) => text,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            match toml::from_str::<BTreeMap<String, String>>(&text) {
                Ok(table) => strings.entry(name.to_string()).or_default().extend(table),
                Err(e) => diags.push(crate::tomlerr::diagnostic(&file.shown, &text, 0, &e, &[])),
            }
        } else if let Some(name) = rel.strip_prefix("static/") {
            static_files.insert(name.to_string(), file.bytes);
            static_shown.insert(name.to_string(), file.shown);
        }
    }

    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html_into);
    let sources: BTreeMap<String, (PathBuf, String)> =
        templates.iter().map(|(n, t)| (n.clone(), (shown_template.get(n).cloned().unwrap_or_default(), t.clone()))).collect();
    // A template that could not be read is missing from the set: compiling without it would
    // only add errors about it (every page extending a `base.html` that is not UTF-8 would
    // "inherit from a template that doesn't exist").
    if diags.has_errors() {
        return (None, diags);
    }
    if let Err(e) = tera.add_raw_templates(templates) {
        for d in parse_errors(&e, &sources, name) {
            diags.push(d);
        }
        return (None, diags);
    }
    (Some(Theme { tera, strings, static_files, fingerprint, sources, static_shown }), diags)
}

/// Embedded files are stored in the crate's own layout; the shown path is the repository's.
fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, ThemeFile>) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        out.insert(rel.clone(), ThemeFile { shown: PathBuf::from(format!("(built-in theme)/{rel}")), bytes: file.contents().to_vec() });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Escapes the five characters that matter in HTML text and attribute values. Tera's own
/// escaper also turns every `/` into `&#x2F;`, which bloats URLs and makes the source
/// hard to read without adding safety (OWASP's rule for `/` concerns unquoted attributes,
/// and our templates quote every attribute).
pub fn escape_html(input: &str) -> String {
    // html-escape copies the runs between special characters in one go and returns the input
    // untouched when there is nothing to escape (most strings a page prints): the old
    // char-by-char loop was 6.6% of a build's instructions (BENCHMARKS.md, issue 6). A
    // vectorized search for the special characters first was no faster: the strings are short.
    html_escape::encode_quoted_attribute(input).into_owned()
}

/// An interface string with each `{name}` of `values` replaced by its value, in one pass: a
/// value is not searched for placeholders in turn, and other braces are kept as they are.
/// (`str::replace` once per placeholder searched the whole string each time: 1% of a large
/// build, issue 6.)
pub fn fill(format: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(format.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match values.iter().find(|(name, _)| after.strip_prefix(name).is_some_and(|r| r.starts_with('}'))) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// [`escape_html`] as tera calls it, writing into the page being rendered.
fn escape_html_into(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !may_need_escaping(input.as_bytes()) {
        return out.write_all(input.as_bytes());
    }
    out.write_all(html_escape::encode_quoted_attribute(input).as_bytes())
}

/// Whether `bytes` may hold a character [`escape_html`] replaces (`"&'<>`), looked for eight
/// bytes at a time: html-escape looks at one byte at a time, and most strings a page prints
/// (addresses, titles, interface words) have none (2.9% of a large build, issue 6). A few
/// other characters (`#$%=`) answer yes too; such strings take html-escape's exact way.
fn may_need_escaping(bytes: &[u8]) -> bool {
    use crate::swar::lanes_between;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // `"` 0x22, `&` 0x26, `'` 0x27 lie between 0x21 and 0x28; `<` 0x3c, `>` 0x3e
        // between 0x3b and 0x3f.
        if lanes_between(x, 0x21, 0x28) | lanes_between(x, 0x3b, 0x3f) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|b| matches!(b, b'"' | b'&' | b'\'' | b'<' | b'>'))
}

/// The text of a theme file, without the BOM some Windows editors put first (tera would
/// take it for text before `{% extends %}`); or an error at the first byte that is not UTF-8.
fn utf8_text(shown: &Path, bytes: Vec<u8>, message: &str) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
            Err(Diagnostic::error_at(shown, valid, at, message).with_help("save it as UTF-8 (most editors offer this under \"Save as\" or \"Encoding\")"))
        }
    }
}

/// Templates that do not compile, as diagnostics at their files, lines and columns.
///
/// Tera reports a syntax error with its place, but the checks it makes once every template
/// is parsed (unknown filters, tests, functions and included templates; blocks no parent
/// has) come as one message of rendered reports, `error: ...` then `--> name:line:column`,
/// and a missing or circular parent names only templates: each is placed here.
fn parse_errors(e: &tera::Error, sources: &BTreeMap<String, (PathBuf, String)>, theme: &str) -> Vec<Diagnostic> {
    let whole = |message: String| Diagnostic::file_error(format!("themes/{theme}/templates"), message);
    let at_tag = |template: &str, keyword: &str, target: &str, message: String| match sources.get(template) {
        Some((shown, text)) => match find_tag(text, keyword, target) {
            Some(offset) => Diagnostic::error_at(shown, text, offset, message),
            None => Diagnostic::file_error(shown, message),
        },
        None => whole(message),
    };
    match e.kind() {
        tera::ErrorKind::MissingParent { current, parent } => {
            vec![at_tag(current, "extends", parent, format!("this template extends `{parent}`, which is not a template of the theme"))]
        }
        tera::ErrorKind::CircularExtend { tpl, inheritance_chain } => {
            let parent = inheritance_chain.first().map_or("", String::as_str);
            let chain = std::iter::once(tpl.as_str()).chain(inheritance_chain.iter().map(String::as_str)).collect::<Vec<_>>().join(" → ");
            vec![at_tag(tpl, "extends", parent, format!("templates extend each other in a circle: {chain}"))]
        }
        tera::ErrorKind::CircularInclude { include_chain, .. } => {
            let n = include_chain.len();
            let (from, to) = if n >= 2 { (include_chain[n - 2].as_str(), include_chain[n - 1].as_str()) } else { ("", "") };
            vec![at_tag(from, "include", to, format!("templates include each other in a circle: {}", include_chain.join(" → ")))]
        }
        tera::ErrorKind::Msg(message) => {
            let reports = reports(message, sources);
            if reports.is_empty() {
                vec![whole(template_error_message(e))]
            } else {
                reports
            }
        }
        _ => match locate(e, sources) {
            Some(at) => vec![Diagnostic::error_at_line(at.shown, at.line, at.column, at.source_line, format!("this template does not parse: {}", at.message))],
            None => vec![whole(template_error_message(e))],
        },
    }
}

/// The reports tera renders into one message (`error: <message>`, then
/// `  --> <template>:<line>:<column>` with a 1-based column), for the templates we know.
fn reports(message: &str, sources: &BTreeMap<String, (PathBuf, String)>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut lines = message.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(text) = line.strip_prefix("error: ") else { continue };
        let Some(spot) = lines.peek().and_then(|l| l.trim_start().strip_prefix("--> ")) else { continue };
        let mut parts = spot.rsplitn(3, ':');
        let (Some(column), Some(line_no), Some(name)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Ok(line_no), Ok(column)) = (line_no.parse::<usize>(), column.parse::<usize>()) else { continue };
        let Some((shown, source)) = sources.get(name) else { continue };
        let source_line = source.lines().nth(line_no.saturating_sub(1)).map(str::to_string);
        let mut d = Diagnostic::error_at_line(shown, line_no, column, source_line, text.to_string());
        if let Some(unknown) = text.strip_prefix("Unknown template `").and_then(|r| r.strip_suffix('`')) {
            d = d.suggest(unknown, sources.keys().map(String::as_str));
        }
        found.push(d);
    }
    found
}

/// The byte offset of the first `{% keyword "target" %}` tag (either quote) in a template.
fn find_tag(text: &str, keyword: &str, target: &str) -> Option<usize> {
    text.match_indices(keyword).map(|(at, _)| at).find(|&at| {
        let before = text[..at].trim_end_matches([' ', '\t', '\n', '\r']);
        let after = text[at + keyword.len()..].trim_start_matches([' ', '\t', '\n', '\r']);
        (before.ends_with("{%") || before.ends_with("{%-"))
            && ['"', '\''].iter().any(|q| after.strip_prefix(*q).and_then(|a| a.strip_prefix(target)).is_some_and(|a| a.starts_with(*q)))
    })
}

/// Where in a theme a tera error points.
pub struct TemplateSpot {
    /// The template file as the user sees it (`themes/default/templates/list.html`).
    pub shown: PathBuf,
    /// 1-based, in characters.
    pub line: usize,
    pub column: usize,
    pub source_line: Option<String>,
    /// Tera's message, without its copy of the source.
    pub message: String,
}

/// The template, line and column a syntax or rendering error names, if it names one.
fn locate(e: &tera::Error, sources: &BTreeMap<String, (PathBuf, String)>) -> Option<TemplateSpot> {
    let (tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report)) = e.kind() else { return None };
    let (shown, text) = sources.get(report.filename())?;
    let span = report.span();
    let source_line = text.lines().nth(span.start_line.saturating_sub(1)).map(str::to_string);
    // Tera counts columns from 0, in characters; diagnostics count from 1.
    Some(TemplateSpot { shown: shown.clone(), line: span.start_line, column: span.start_col + 1, source_line, message: report.message().to_string() })
}

/// Tera's error as one message, its source chain included.
pub fn template_error_message(e: &tera::Error) -> String {
    let mut msg = match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => report.message().to_string(),
        _ => e.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

impl Theme {
    /// The template, line and column a rendering error names, if it names one.
    pub fn locate(&self, e: &tera::Error) -> Option<TemplateSpot> {
        locate(e, &self.sources)
    }

    /// Every template: its name (`partials/item.html`), its file as the user sees it, its text.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &Path, &str)> {
        self.sources.iter().map(|(name, (shown, text))| (name.as_str(), shown.as_path(), text.as_str()))
    }

    /// A static file's path as the user sees it, from its path in the output (`css/x.css`).
    pub fn static_shown(&self, name: &str) -> Option<&Path> {
        self.static_shown.get(name).map(PathBuf::as_path)
    }

    /// Interface strings the default language has and `lang` lacks: pages show the default
    /// language's text there, and `check` lists them.
    pub fn missing_strings(&self, lang: &str, default_lang: &str) -> Vec<&str> {
        let Some(base) = self.strings.get(default_lang) else { return Vec::new() };
        let own = self.strings.get(lang);
        base.keys().filter(|k| own.is_none_or(|o| !o.contains_key(*k))).map(String::as_str).collect()
    }

    /// Interface strings for `lang`, with the default language's strings filling the gaps.
    pub fn strings_for(&self, lang: &str, default_lang: &str) -> BTreeMap<String, String> {
        let mut merged = self.strings.get(default_lang).cloned().unwrap_or_default();
        if lang != default_lang {
            if let Some(own) = self.strings.get(lang) {
                merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::{escape_html, escape_html_into, fill};

    #[test]
    fn the_item_partial_has_an_h3_unless_told_otherwise() {
        let (theme, _) = super::load(std::path::Path::new("/nonexistent"), "default");
        let theme = theme.expect("the built-in theme");
        let mut ctx = tera::Context::new();
        ctx.insert("lang", "id");
        ctx.insert("t", &std::collections::BTreeMap::<String, String>::new());
        let date = serde_json::json!({ "iso": "2021-10-01", "display": "1 Oktober 2021" });
        ctx.insert(
            "item",
            &serde_json::json!({ "kind": "meeting", "kind_label": "Pertemuan", "date": date, "url": "/r/", "title": "Judul", "lang": "id", "summary": "" }),
        );
        let html = theme.tera.render("partials/item.html", &ctx).unwrap();
        assert!(html.contains("<h3 class=\"item__title\"><a href=\"/r/\">Judul</a></h3>"), "{html}");
        ctx.insert("item_heading", "h2");
        assert!(theme.tera.render("partials/item.html", &ctx).unwrap().contains("<h2 class=\"item__title\">"));
    }

    /// The built-in theme with the site's `themes/default/` files `files` laid over it.
    fn load_with(files: &[(&str, &[u8])]) -> (Option<super::Theme>, Vec<crate::diag::Diagnostic>) {
        let site = tempfile::tempdir().unwrap();
        for (rel, bytes) in files {
            let path = site.path().join("themes/default").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let (theme, diags) = super::load(site.path(), "default");
        (theme, diags.into_sorted())
    }

    #[test]
    fn a_template_saved_with_a_bom_compiles() {
        // Notepad writes one; tera took it for text before `{% extends %}`.
        let home = format!("\u{feff}{}", super::DEFAULT_THEME.get_file("templates/home.html").unwrap().contents_utf8().unwrap());
        let (theme, diags) = load_with(&[("templates/home.html", home.as_bytes())]);
        assert!(theme.is_some() && diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn templates_that_include_each_other_are_placed_at_the_include() {
        let (theme, diags) = load_with(&[
            ("templates/partials/a.html", b"{% include \"partials/b.html\" %}"),
            ("templates/partials/b.html", b"b\n  {%- include 'partials/a.html' -%}"),
        ]);
        assert!(theme.is_none());
        let shown: Vec<String> = diags.iter().map(|d| format!("{}:{}:{}: {}", d.path.display(), d.line, d.column, d.message)).collect();
        assert_eq!(
            shown,
            ["themes/default/templates/partials/b.html:2:7: templates include each other in a circle: partials/a.html → partials/b.html → partials/a.html"]
        );
    }

    #[test]
    fn templates_that_extend_each_other_are_placed_at_the_extends() {
        let (_, diags) = load_with(&[("templates/a.html", b"{% extends \"b.html\" %}"), ("templates/b.html", b"{%- extends \"a.html\" -%}")]);
        let d = &diags[0];
        assert_eq!((d.path.display().to_string(), d.line, d.column), ("themes/default/templates/a.html".to_string(), 1, 4), "{d}");
        assert!(d.message.contains("a.html → b.html → a.html"), "{d}");
    }

    #[test]
    fn fill_replaces_each_placeholder_once_and_keeps_other_braces() {
        assert_eq!(fill("Halaman {n} dari {total}", &[("n", "2"), ("total", "5")]), "Halaman 2 dari 5");
        assert_eq!(fill("{n}{n} {x} {n", &[("n", "1")]), "11 {x} {n");
        assert_eq!(fill("{title}. {url}", &[("title", "A {url} B"), ("url", "https://x/")]), "A {url} B. https://x/", "values are not filled in turn");
        assert_eq!(fill("tanpa", &[("n", "1")]), "tanpa");
        assert_eq!(fill("{}{", &[]), "{}{");
    }

    /// What tera prints for `s`.
    fn printed(s: &str) -> String {
        let mut out = Vec::new();
        escape_html_into(s, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn printing_escapes_every_byte_in_every_place_as_escape_html_does() {
        // Each byte at each place of a word of eight and in the tail after it, among letters.
        for b in 0..0x80u8 {
            for at in 0..11 {
                let mut s = *b"abcdefghijk";
                s[at] = b;
                let s = std::str::from_utf8(&s).unwrap();
                assert_eq!(printed(s), escape_html(s), "byte {b:#x} at {at}");
            }
        }
        assert_eq!(printed("Ekspor «naik» 5% ü"), "Ekspor «naik» 5% ü");
        assert_eq!(printed("/releases/rilis-000573/"), "/releases/rilis-000573/");
    }

    #[test]
    fn escapes_the_five_characters_and_nothing_else() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("Rp4.837,4 triliun / tahun"), "Rp4.837,4 triliun / tahun");
        assert_eq!(escape_html(r#"<a href="x">Tom & Jerry's</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt;");
        assert_eq!(escape_html("Penjualan naik 5% — «ekspor» & impor"), "Penjualan naik 5% — «ekspor» &amp; impor");
        assert_eq!(escape_html("&&"), "&amp;&amp;");
        assert_eq!(escape_html("ü<"), "ü&lt;");
        // One of each kind alone, in the middle of a string.
        for (one, escaped) in [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#x27;")] {
            assert_eq!(escape_html(&format!("naik {one} turun")), format!("naik {escaped} turun"));
        }
    }
}
