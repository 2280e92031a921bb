//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every loader returns its findings as [`Diagnostic`]s instead of stopping at the first
//! one, so a publisher sees every problem of a build at once. A diagnostic always names a
//! file; it names a line and column when the problem has a place in that file, and it keeps
//! the offending source line so it can be shown under the message, as a compiler would.
//!
//! This module owns no I/O: printing happens in `main`.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    /// Path as the user knows it: relative to the site folder when it is inside it.
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when the problem concerns the whole file.
    pub column: usize,
    pub message: String,
    /// The source line the problem is on, without its line break.
    pub source_line: Option<String>,
    /// A hint: the nearest valid id, the expected form.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file (it could not be read, it is missing).
    pub fn file_error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Error, path: path.into(), line: 0, column: 0, message: message.into(), source_line: None, help: None }
    }

    /// An error at byte `offset` of `text`, the full contents of the file at `path`.
    pub fn error_at(path: impl Into<PathBuf>, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column, source_line) = locate(text, offset);
        Diagnostic { level: Level::Error, path: path.into(), line, column, message: message.into(), source_line: Some(source_line.to_string()), help: None }
    }

    /// An error at a known line and column (1-based), for formats that count their own lines (CSV).
    pub fn error_at_line(path: impl Into<PathBuf>, line: usize, column: usize, source_line: Option<String>, message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Error, path: path.into(), line, column, message: message.into(), source_line, help: None }
    }

    pub fn warning(mut self) -> Self {
        self.level = Level::Warning;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" when a known id is close to the unknown one.
    pub fn suggest<'a>(self, unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Self {
        match nearest(unknown, known) {
            Some(n) => self.with_help(format!("did you mean `{n}`?")),
            None => self,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: level: message`, then the source line with a caret, then the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {level}: {}", visible(&self.message))?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let (shown, column) = window(src, self.column);
            write!(f, "\n{pad} |\n{gutter} | {shown}")?;
            if column > 0 {
                // The caret sits under the column; tabs are kept so it lines up.
                let lead: String = shown.chars().take(column - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                write!(f, "\n{pad} | {lead}^")?;
            }
        }
        if let Some(help) = &self.help {
            // `=` sits under the gutter's `|`, as rustc prints it.
            let pad = if self.source_line.is_some() { " ".repeat(self.line.to_string().len()) } else { " ".to_string() };
            write!(f, "\n{pad} = help: {}", visible(help))?;
        }
        Ok(())
    }
}

/// `text` with the characters a terminal would not show as themselves written as escapes:
/// control characters (a line break inside an echoed value split the one-line
/// `path:line:column: message` in two; a NUL or an escape sequence reached the terminal as
/// it was), and the invisible ones a copy from a word processor or a PDF brings (a BOM, a
/// zero-width space, a direction override), which make `unknown indicator `pdrb`` unreadable.
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden =
        |c: char| (c.is_control() && c != '\t') || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}');
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if hidden(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// At most [`WINDOW`] characters of a long line around `column`, marked with `…` where cut,
/// and the column within what is shown: a minified or generated line must not flood the
/// terminal.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(WINDOW / 2).min(chars.len().saturating_sub(WINDOW));
    let end = (start + WINDOW).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut col = column.saturating_sub(start);
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, if column == 0 { 0 } else { col })
}

const WINDOW: usize = 100;

/// Line (1-based), column (1-based, in characters) and the text of the line holding `offset`.
pub fn locate(text: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    // Counted over bytes (a line break is never inside a UTF-8 sequence), 32 at a time by
    // `memchr`: a build may place a hundred thousand warnings, and a loop over the bytes was
    // 1.5% of the build of the 1,000-release corpus (issue 6).
    let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..line_start]).count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    let source = text[line_start..line_end].trim_end_matches('\r');
    (line, column, source)
}

/// The known id closest to `unknown`, if any is close enough to be a likely typo.
pub fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// The findings of a load or a build, collected rather than stopping at the first.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Keep only this many warnings (the first in sorted order), counting the others: a
    /// build shows twenty, and a large site may have a million.
    warning_cap: Option<usize>,
    dropped: usize,
    /// With a cap, once that many warnings are kept: the path of the last one. Any warning in
    /// a later file would be left out, so it need not be made ([`Diagnostics::drops_warnings_in`]).
    horizon: Option<PathBuf>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    /// Collects every error but only the first `n` warnings in [`Diagnostics::into_sorted`]
    /// order; [`Diagnostics::dropped_warnings`] counts the rest.
    pub fn keeping_warnings(n: usize) -> Self {
        Diagnostics { warning_cap: Some(n), ..Self::default() }
    }
    /// Only a count of `n` warnings that were left out without being made.
    pub fn left_out(n: usize) -> Self {
        Diagnostics { dropped: n, ..Self::default() }
    }
    /// Whether every warning in the file at `path` would be left out: this collection already
    /// keeps as many warnings as it may, all in files sorted before it. A caller that makes
    /// many warnings (figure provenance) then only counts them ([`Diagnostics::left_out`]);
    /// formatting and locating 134,782 warnings of which a build shows twenty was a tenth of
    /// the build of the 10,000-release corpus (issue 6).
    pub fn drops_warnings_in(&self, path: &Path) -> bool {
        self.horizon.as_deref().is_some_and(|h| path > h)
    }
    /// An empty collection that keeps as many warnings as this one.
    pub fn empty_like(&self) -> Self {
        Diagnostics { warning_cap: self.warning_cap, ..Self::default() }
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
        self.compact();
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.dropped += other.dropped;
        self.compact();
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// Warnings left out by [`Diagnostics::keeping_warnings`].
    pub fn dropped_warnings(&self) -> usize {
        self.dropped
    }
    /// Every warning, kept or only counted (after [`Diagnostics::settle`], duplicates once).
    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|d| d.level == Level::Warning).count() + self.dropped
    }
    /// Sorts, drops duplicates and extra warnings now, so that [`Diagnostics::warnings`] and
    /// [`Diagnostics::drops_warnings_in`] are exact.
    pub fn settle(&mut self) {
        self.sort_and_cap();
    }
    /// Sorted by path, then position, so the output is the same whatever the load order.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.sort_and_cap();
        self.items
    }
    /// [`Diagnostics::into_sorted`], and the number of warnings left out.
    pub fn into_sorted_counting(mut self) -> (Vec<Diagnostic>, usize) {
        self.sort_and_cap();
        (self.items, self.dropped)
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    fn sort_and_cap(&mut self) {
        self.items.sort_by(|a, b| (&a.path, a.line, a.column, a.level, &a.message).cmp(&(&b.path, b.line, b.column, b.level, &b.message)));
        self.items.dedup();
        if let Some(cap) = self.warning_cap {
            let mut kept = 0;
            let before = self.items.len();
            self.items.retain(|d| {
                if d.level == Level::Error {
                    return true;
                }
                kept += 1;
                kept <= cap
            });
            self.dropped += before - self.items.len();
            if kept >= cap {
                self.horizon = self.items.iter().rev().find(|d| d.level == Level::Warning).map(|d| d.path.clone());
            }
        }
    }

    /// Sorts and drops extra warnings once they are twice the cap (amortized). Often enough
    /// that the horizon soon moves to the first files, so that the others are only counted.
    fn compact(&mut self) {
        if let Some(cap) = self.warning_cap {
            let limit = 2 * cap.max(32);
            if self.items.len() > limit && self.items.iter().filter(|d| d.level == Level::Warning).count() > limit {
                self.sort_and_cap();
            }
        }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics { items: iter.into_iter().collect(), ..Self::default() }
    }
}

/// Path shown to the user: relative to `root` when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a text may hold line breaks: a summary or a note may be a TOML multi-line string
/// (`"""..."""`), and a page shows it as one paragraph; a title, a name or a tag is one line
/// (a line break in a `<title>`, a heading or a citation is never what was meant).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LineBreaks {
    OneLine,
    Lines,
}

/// Reports an error at `at` (where the value is written) when `value` holds a character that is
/// never published: a control character (C0, DEL, C1) other than tab, and a line break
/// (`\n`, `\r\n`) where `lines` does not allow one. TOML writes them only as escapes
/// (`"A\u0007B"`, `"\b"`), and they reach HTML pages as raw bytes, which HTML does not allow
/// (the Atom feed strips them). One look at each text field at load: the render trusts them.
pub fn check_text(path: &Path, text: &str, at: usize, field: &str, value: &str, lines: LineBreaks, diags: &mut Diagnostics) {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if !c.is_control() || c == '\t' || (line_break && lines == LineBreaks::Lines) {
            continue;
        }
        let escape = format!("\\u{{{:x}}}", u32::from(c));
        let d = if line_break {
            Diagnostic::error_at(path, text, at, format!("the {field} holds a line break (`{escape}`): it is one line"))
                .with_help("write it on one line, in \"...\" quotes")
        } else {
            Diagnostic::error_at(path, text, at, format!("the {field} holds the control character `{escape}`, which a page cannot show"))
                .with_help("remove it: in TOML it is an escape such as \\u0007, \\u0000 or \\b")
        };
        diags.push(d);
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_prints_on_one_line_with_hidden_characters_shown() {
        let d = Diagnostic::file_error("content/site.toml", "`a\nb` is not a language code; unknown indicator `pdrb\u{200b}`, `x\u{0}\u{1b}[31m`")
            .with_help("did you mean `\u{feff}id`?");
        assert_eq!(
            d.to_string(),
            "content/site.toml: error: `a\\nb` is not a language code; unknown indicator `pdrb\\u{200b}`, `x\\u{0000}\\u{001b}[31m`\n  = help: did you mean `\\u{feff}id`?"
        );
        assert_eq!(visible("Rp4.837,4 triliun\t«naik»"), "Rp4.837,4 triliun\t«naik»");
    }

    #[test]
    fn a_capped_collection_keeps_every_error_and_the_first_warnings_in_order() {
        let w = |path: &str, line: usize| Diagnostic { line, ..Diagnostic::file_error(path, format!("w{line}")).warning() };
        let mut all = Diagnostics::keeping_warnings(3);
        // Enough to compact several times on the way, in an order that is not the sorted one.
        for i in (0..2000).rev() {
            let mut part = all.empty_like();
            part.push(w(&format!("content/r{}.md", i % 7), i));
            all.extend(part);
        }
        all.push(Diagnostic::file_error("content/z.md", "an error"));
        let (kept, dropped) = all.into_sorted_counting();
        let shown: Vec<String> = kept.iter().map(|d| format!("{}:{}", d.path.display(), d.line)).collect();
        assert_eq!(shown, ["content/r0.md:0", "content/r0.md:7", "content/r0.md:14", "content/z.md:0"]);
        assert_eq!(dropped, 1997);
    }

    #[test]
    fn a_full_capped_collection_only_counts_warnings_in_later_files() {
        let w = |path: &str, line: usize| Diagnostic { line, ..Diagnostic::file_error(path, format!("w{line}")).warning() };
        let mut all = Diagnostics::keeping_warnings(2);
        assert!(!all.drops_warnings_in(Path::new("content/c.md")), "nothing kept yet");
        for i in 0..100 {
            all.push(w("content/b.md", i));
        }
        assert!(all.drops_warnings_in(Path::new("content/c.md")));
        assert!(!all.drops_warnings_in(Path::new("content/b.md")), "an earlier line of the same file may still be kept");
        assert!(!all.drops_warnings_in(Path::new("content/a.md")));
        all.extend(Diagnostics::left_out(5));
        all.push(w("content/a.md", 7));
        let (kept, dropped) = all.into_sorted_counting();
        let shown: Vec<String> = kept.iter().map(|d| format!("{}:{}", d.path.display(), d.line)).collect();
        assert_eq!(shown, ["content/a.md:7", "content/b.md:0"]);
        assert_eq!(dropped, 99 + 5);
    }

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "a = 1\nnamé = \"x\"\r\nz";
        assert_eq!(locate(text, 0), (1, 1, "a = 1"));
        let off = text.find("\"x").unwrap();
        assert_eq!(locate(text, off), (2, 8, "namé = \"x\""));
        assert_eq!(locate(text, text.len()), (3, 2, "z"));
    }

    #[test]
    fn nearest_finds_typos_but_not_strangers() {
        let known = ["asephi", "abkindo", "askrakindo"];
        assert_eq!(nearest("asephy", known), Some("asephi"));
        assert_eq!(nearest("zzzz", known), None);
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error_at("a.md", &line, 500, "here");
        let s = d.to_string();
        let shown = s.lines().nth(2).unwrap();
        let caret = s.lines().nth(3).unwrap();
        assert!(shown.chars().count() < 120, "{shown}");
        assert_eq!(shown.chars().position(|c| c == 'X'), caret.chars().position(|c| c == '^'));
    }

    #[test]
    fn display_shows_source_and_caret() {
        let d = Diagnostic::error_at("content/a.md", "x = 1\nkind = \"meetin\"\n", 13, "unknown kind `meetin`").with_help("did you mean `meeting`?");
        let s = d.to_string();
        assert_eq!(s, "content/a.md:2:8: error: unknown kind `meetin`\n  |\n2 | kind = \"meetin\"\n  |        ^\n  = help: did you mean `meeting`?");
    }
}
