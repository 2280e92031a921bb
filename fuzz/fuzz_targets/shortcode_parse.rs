//! `shortcode::parse`: every span is in bounds, on character boundaries and holds what the
//! call says it holds; a call parsed again on its own text gives the same call.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ops::Range;
use warta::diag::Diagnostic;
use warta::shortcode::{parse, Call};
use warta_fuzz::{check_diagnostic, check_offset, text};

fn check_span(text: &str, span: &Range<usize>, outer: &Range<usize>, what: &str) {
    assert!(span.start <= span.end, "{what} {span:?} is reversed");
    check_offset(text, span.start, what);
    check_offset(text, span.end, what);
    assert!(outer.start <= span.start && span.end <= outer.end, "{what} {span:?} outside the call {outer:?}");
}

/// The value a quoted string in the text stands for.
fn unquote(quoted: &str) -> String {
    let inner = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"')).unwrap_or_else(|| panic!("value {quoted:?} not in quotes"));
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let e = chars.next().unwrap_or_else(|| panic!("value {quoted:?} ends in a backslash"));
            assert!(e == '"' || e == '\\', "value {quoted:?} has the escape \\{e}");
            out.push(e);
        } else {
            assert!(c != '"', "value {quoted:?} has an unescaped quote");
            out.push(c);
        }
    }
    out
}

fn shifted(call: &Call, by: usize) -> Call {
    let mut c = call.clone();
    let shift = |r: &Range<usize>| r.start - by..r.end - by;
    c.span = shift(&c.span);
    c.name_span = shift(&c.name_span);
    for a in &mut c.args {
        a.key_span = shift(&a.key_span);
        a.value_span = shift(&a.value_span);
    }
    c
}

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let text = text.as_str();
    let (calls, errors) = parse(text);
    let mut last_end = 0;
    for call in &calls {
        let whole = 0..text.len();
        check_span(text, &call.span, &whole, "call span");
        assert!(call.span.start >= last_end, "calls overlap or are out of order: {calls:?}");
        last_end = call.span.end;
        let src = &text[call.span.clone()];
        assert!(src.starts_with("{{") && src.ends_with("}}") && src.len() >= 4, "call text {src:?}");
        check_span(text, &call.name_span, &call.span, "name span");
        assert_eq!(&text[call.name_span.clone()], call.name);
        assert!(!call.name.is_empty() && call.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        for (i, arg) in call.args.iter().enumerate() {
            check_span(text, &arg.key_span, &call.span, "key span");
            check_span(text, &arg.value_span, &call.span, "value span");
            assert_eq!(&text[arg.key_span.clone()], arg.key);
            assert!(arg.key_span.end <= arg.value_span.start);
            assert_eq!(unquote(&text[arg.value_span.clone()]), arg.value, "value {:?}", &text[arg.value_span.clone()]);
            assert!(!arg.value.contains('\n'));
            assert!(call.args[..i].iter().all(|a| a.key != arg.key), "argument `{}` kept twice", arg.key);
            assert!(call.args[..i].iter().all(|a| a.value_span.end <= arg.key_span.start), "arguments out of order");
            assert_eq!(call.arg(&arg.key), Some(arg));
        }
        // Alone, the call's own text is that one call and nothing else (its `{{` cannot
        // start inside code there, since code cannot start at offset 0 of `{{`).
        let (again, again_errors) = parse(src);
        assert!(again_errors.is_empty(), "{src:?} alone: {again_errors:?}");
        assert_eq!(again, vec![shifted(call, call.span.start)], "{src:?} alone");
    }
    for e in &errors {
        check_offset(text, e.offset, "error offset");
        assert!(!e.message.is_empty());
        check_diagnostic(&Diagnostic::error_at("x.md", text, e.offset, e.message.clone()), text);
    }
});
