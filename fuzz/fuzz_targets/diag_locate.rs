//! `diag::locate` and `Diagnostic::error_at` on arbitrary offsets: compared with a plain
//! reference, always inside the text, and printable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta::diag::{locate, Diagnostic};
use warta_fuzz::{check_diagnostic, reference_locate, text};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    // The first two bytes pick the offset, a little past the end included.
    let pick = usize::from(u16::from_le_bytes([data[0], data[1]]));
    let text = text(&data[2..]);
    let offset = pick % (text.len() + 4);
    let got = locate(&text, offset);
    assert_eq!(got, reference_locate(&text, offset), "offset {offset}");
    let d = Diagnostic::error_at("x.md", &text, offset, "here");
    check_diagnostic(&d, &text);
    check_diagnostic(&d.clone().with_help("a hint").warning(), &text);
});
