//! Finds `{{ name(key="value", ...) }}` shortcodes in a Markdown body.
//!
//! Written by hand because the grammar is tiny and we need byte offsets for every error
//! (a template engine would report positions in its own terms, not the file's). Pure: text
//! in, calls and errors out; what a shortcode means is decided by its caller.
//!
//! Shortcodes inside code (backtick spans and fenced or indented code blocks) are left as
//! text, so a release can show the syntax itself.

use std::ops::Range;

/// One shortcode call.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Call {
    pub name: String,
    /// Byte range of the name in the body.
    pub name_span: Range<usize>,
    /// Arguments in the order written: key, value, and the byte range of the value.
    pub args: Vec<Arg>,
    /// Byte range of the whole `{{ ... }}`.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Arg {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: String,
    pub value_span: Range<usize>,
}

impl Call {
    pub fn arg(&self, key: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.key == key)
    }
}

/// A syntax error at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Every shortcode in `text`, and the syntax errors met on the way.
pub fn parse(text: &str) -> (Vec<Call>, Vec<SyntaxError>) {
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    // Most bodies have no shortcode: then there are no code spans to find either.
    let starts: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), "{{").collect();
    if starts.is_empty() {
        return (calls, errors);
    }
    let code = code_ranges(text, &starts);
    let mut pos = 0;
    while let Some(found) = memchr::memmem::find(&text.as_bytes()[pos..], b"{{") {
        let start = pos + found;
        if let Some(r) = code.iter().find(|r| r.contains(&start)) {
            pos = r.end;
            continue;
        }
        match parse_call(text, start) {
            Ok(call) => {
                pos = call.span.end;
                calls.push(call);
            }
            Err(e) => {
                errors.push(e);
                // Skip to the end of this shortcode if it has one, or past the `{{`.
                pos = text[start + 2..].find("}}").map_or(start + 2, |i| start + 2 + i + 2);
            }
        }
    }
    (calls, errors)
}

fn parse_call(text: &str, start: usize) -> Result<Call, SyntaxError> {
    let mut p = Cursor { text, pos: start + 2 };
    p.skip_ws();
    let name_start = p.pos;
    p.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
    let name_span = name_start..p.pos;
    if name_span.is_empty() {
        return Err(p.error("expected a shortcode name such as `figure` or `chart` after `{{`"));
    }
    p.skip_ws();
    if !p.eat('(') {
        return Err(p.error(format!("expected `(` after `{}`", &text[name_span.clone()])));
    }
    let mut args: Vec<Arg> = Vec::new();
    loop {
        p.skip_ws();
        if p.eat(')') {
            break;
        }
        if !args.is_empty() {
            if !p.eat(',') {
                return Err(p.error("expected `,` between arguments or `)` to close them"));
            }
            p.skip_ws();
            if p.eat(')') {
                break;
            }
        }
        let key_start = p.pos;
        p.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
        let key_span = key_start..p.pos;
        if key_span.is_empty() {
            return Err(p.error("expected an argument name such as `indicator`"));
        }
        let key = text[key_span.clone()].to_string();
        if args.iter().any(|a| a.key == key) {
            return Err(SyntaxError { offset: key_start, message: format!("the argument `{key}` is given twice") });
        }
        p.skip_ws();
        if !p.eat('=') {
            return Err(p.error(format!("expected `=` after `{key}`")));
        }
        p.skip_ws();
        let value_start = p.pos;
        let value = p.string()?;
        args.push(Arg { key, key_span, value, value_span: value_start..p.pos });
    }
    p.skip_ws();
    if !text[p.pos..].starts_with("}}") {
        return Err(p.error("expected `}}` to close the shortcode"));
    }
    let end = p.pos + 2;
    Ok(Call { name: text[name_span.clone()].to_string(), name_span, args, span: start..end })
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn skip_ws(&mut self) {
        self.take_while(|c| c == ' ' || c == '\t');
    }
    fn take_while(&mut self, f: impl Fn(char) -> bool) {
        while let Some(c) = self.peek().filter(|c| f(*c)) {
            self.pos += c.len_utf8();
        }
    }
    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError { offset: self.pos, message: message.into() }
    }
    /// A double-quoted string with `\"` and `\\` escapes, on one line.
    fn string(&mut self) -> Result<String, SyntaxError> {
        if !self.eat('"') {
            return Err(self.error("expected a value in double quotes, such as \"2021-Q2\""));
        }
        let open = self.pos - 1;
        let mut value = String::new();
        while let Some(c) = self.peek() {
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(value),
                '\\' => match self.peek() {
                    Some(e @ ('"' | '\\')) => {
                        self.pos += 1;
                        value.push(e);
                    }
                    _ => return Err(self.error("only `\\\"` and `\\\\` may follow a backslash")),
                },
                '\n' => break,
                c => value.push(c),
            }
        }
        Err(SyntaxError { offset: open, message: "this value's quotes are never closed".into() })
    }
}

/// Byte ranges of code in Markdown that may hold a `{{` at `calls_at`: fenced blocks,
/// indented blocks and backtick spans, from pulldown-cmark's own parse so they match what the
/// page shows as code.
fn code_ranges(text: &str, calls_at: &[usize]) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    // Parsing a body only to find its code is most of this module's time, so it is skipped
    // when no `{{` can be in code: no fenced or indented block anywhere, and no backtick in
    // the stretch between blank lines around any `{{` (a code span never crosses a blank line).
    use memchr::memmem;
    let b = text.as_bytes();
    let has = |what: &str| memmem::find(b, what.as_bytes()).is_some();
    let blocks = has("```") || has("~~~") || text.starts_with("    ") || text.starts_with('\t') || has("\n    ") || has("\n\t");
    let in_span = || {
        calls_at.iter().any(|&at| {
            let start = memmem::rfind(&b[..at], b"\n\n").map_or(0, |i| i + 2);
            let end = memmem::find(&b[at..], b"\n\n").map_or(b.len(), |i| at + i);
            memchr::memchr(b'`', &b[start..end]).is_some()
        })
    };
    if !blocks && !in_span() {
        return Vec::new();
    }
    Parser::new(text).into_offset_iter().filter(|(ev, _)| matches!(ev, Event::Code(_) | Event::Start(Tag::CodeBlock(_)))).map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_with_spans() {
        let text = "Tumbuh {{ figure(indicator=\"jakarta-grdp-growth\", period=\"2021-Q2\") }} (y-on-y).\n";
        let (calls, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        let c = &calls[0];
        assert_eq!(c.name, "figure");
        assert_eq!(&text[c.span.clone()], "{{ figure(indicator=\"jakarta-grdp-growth\", period=\"2021-Q2\") }}");
        assert_eq!(c.arg("period").unwrap().value, "2021-Q2");
        assert_eq!(&text[c.arg("period").unwrap().value_span.clone()], "\"2021-Q2\"");
    }

    #[test]
    fn reports_syntax_errors_where_they_are() {
        let (_, e) = parse("a {{ figure(indicator=jakarta) }}");
        assert_eq!(e[0].offset, 22);
        assert!(e[0].message.contains("double quotes"));
        let (_, e) = parse("{{ chart(indicator=\"x\" from=\"2019\") }}");
        assert!(e[0].message.contains("expected `,`"), "{:?}", e);
        let (_, e) = parse("{{ chart(indicator=\"x\")");
        assert!(e[0].message.contains("`}}`"));
        let (_, e) = parse("{{ chart(indicator=\"x, from=\"2019\") }}");
        assert!(!e.is_empty());
        let (_, e) = parse("{{ figure(a=\"1\", a=\"2\") }}");
        assert!(e[0].message.contains("twice"));
    }

    #[test]
    fn code_is_left_alone() {
        let text = "Write `{{ figure(indicator=\"x\") }}` like this:\n\n```\n{{ chart(indicator=\"y\") }}\n```\n\n{{ chart(indicator=\"z\") }}\n";
        let (calls, errors) = parse(text);
        assert!(errors.is_empty());
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].arg("indicator").unwrap().value, "z");
        // A code span over a line break; a call in a paragraph of its own beside a span.
        let (calls, _) = parse("Tulis `kode\n{{ chart(indicator=\"y\") }}` begitu.\n\n{{ chart(indicator=\"z\") }} dan `x`\n\nLalu `y`.\n");
        assert_eq!(calls.iter().map(|c| c.arg("indicator").unwrap().value.as_str()).collect::<Vec<_>>(), ["z"]);
        let (calls, _) = parse("Lihat `kode`.\n\n{{ chart(indicator=\"z\") }}\n");
        assert_eq!(calls.len(), 1);
        // Indented code blocks, by four spaces or a tab, with no backtick anywhere.
        for indent in ["    ", "\t"] {
            let (calls, errors) = parse(&format!("Contoh:\n\n{indent}{{{{ chart(indicator=\"y\") }}}}\n\n{{{{ chart(indicator=\"z\") }}}}\n"));
            assert!(errors.is_empty());
            assert_eq!(calls.len(), 1, "{indent:?}");
        }
    }

    #[test]
    fn escapes_and_trailing_comma() {
        let (calls, errors) = parse(r#"{{ figure(series="a \"b\" \\", ) }}"#);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(calls[0].args[0].value, r#"a "b" \"#);
    }
}
