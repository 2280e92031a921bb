//! `frontmatter::split` against a line-by-line model of the format, and its offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta::diag::Diagnostic;
use warta::frontmatter::{split, Split};
use warta_fuzz::{check_diagnostic, check_offset, text};

/// The format as documented, written differently: an optional BOM, a `+++` line, the front
/// matter, the first later `+++` line, the body. `None` when there is no such split.
fn model(text: &str) -> Option<(usize, usize, usize)> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return None;
    }
    let front_offset = start + first.len();
    let mut pos = front_offset;
    for line in lines {
        if line.trim_end() == "+++" {
            return Some((front_offset, pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let text = text.as_str();
    match split(text) {
        Ok(Split { front, front_offset, body, body_offset }) => {
            check_offset(text, front_offset, "front_offset");
            check_offset(text, body_offset, "body_offset");
            let front_end = front_offset + front.len();
            assert!(front_end <= body_offset, "front overlaps the body");
            // The slices are the text at those offsets, not copies.
            assert_eq!(front.as_ptr(), text[front_offset..].as_ptr());
            assert_eq!(body.as_ptr(), text[body_offset..].as_ptr());
            assert_eq!(body_offset + body.len(), text.len());
            // What lies between is exactly the closing fence line.
            let fence = &text[front_end..body_offset];
            assert_eq!(fence.trim_end(), "+++", "closing fence {fence:?}");
            assert!(!fence.trim_end_matches('\n').contains('\n') && (fence.ends_with('\n') || body.is_empty()));
            // The front matter holds whole lines and none of them is a fence.
            assert!(front.is_empty() || front.ends_with('\n'));
            assert!(front.split_inclusive('\n').all(|l| l.trim_end() != "+++"));
            assert_eq!(model(text), Some((front_offset, front_end, body_offset)));
        }
        Err(e) => {
            check_offset(text, e.offset, "error offset");
            assert!(e.offset == 0 || (e.offset == 3 && text.starts_with('\u{feff}')), "error at {}", e.offset);
            assert_eq!(model(text), None, "split failed ({}) where the model splits", e.message);
            check_diagnostic(&Diagnostic::error_at("x.md", text, e.offset, e.message), text);
        }
    }
});
