//! Checks shared by the fuzz targets.

use warta::diag::Diagnostic;

/// `text` as a string: valid UTF-8 as is, anything else with replacement characters, so
/// every input the fuzzer makes reaches the parser.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Reference line, column (1-based, characters) and line text for byte `offset` of `text`,
/// written independently of `diag::locate`: the offset is clamped to the text and moved back
/// to a character boundary.
pub fn reference_locate(text: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut line = 1;
    let mut line_start = 0;
    for (i, b) in text.bytes().enumerate().take(offset) {
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = text[line_start..offset].chars().count() + 1;
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let mut source = &text[line_start..line_end];
    while let Some(s) = source.strip_suffix('\r') {
        source = s;
    }
    (line, column, source)
}

/// A diagnostic placed in `text` points at a real line and column of it, and its source
/// line is that line; a whole-file diagnostic has no place at all. Also prints it, which
/// runs the long-line window.
pub fn check_diagnostic(d: &Diagnostic, text: &str) {
    if d.line == 0 {
        assert_eq!(d.column, 0, "{d:?}");
        assert!(d.source_line.is_none(), "{d:?}");
    } else {
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(d.line <= lines.len(), "line {} past the end of a {}-line text: {d:?}", d.line, lines.len());
        let line = lines[d.line - 1];
        let line_chars = line.chars().count();
        assert!(d.column >= 1 && d.column <= line_chars + 1, "column {} outside line {} ({line_chars} chars): {d:?}", d.column, d.line);
        let mut expected = line;
        while let Some(s) = expected.strip_suffix('\r') {
            expected = s;
        }
        assert_eq!(d.source_line.as_deref(), Some(expected), "{d:?}");
    }
    assert!(!d.message.is_empty(), "{d:?}");
    let shown = d.to_string();
    assert!(shown.contains(&d.message));
}

/// A byte offset reported into `text` is inside it and on a character boundary.
pub fn check_offset(text: &str, offset: usize, what: &str) {
    assert!(offset <= text.len(), "{what} {offset} past the end ({})", text.len());
    assert!(text.is_char_boundary(offset), "{what} {offset} is inside a character");
}
