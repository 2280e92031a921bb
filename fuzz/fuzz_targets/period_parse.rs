//! `Period::parse` and `parse_any`: what parses prints back as the same text, belongs to the
//! frequency asked for, and every derived value (next, ordinal, dates, labels) works.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta::period::{Frequency, Period};
use warta_fuzz::text;

const FREQUENCIES: [Frequency; 3] = [Frequency::Annual, Frequency::Quarterly, Frequency::Monthly];

fn check_period(p: Period, s: &str, lang: &str) {
    // The canonical form is the one `parse` reads, and it is the input itself: no other
    // spelling (`+2021`, `2021-6`, ` 2021`) is accepted.
    assert_eq!(p.to_string(), s, "{p:?} prints differently from its input");
    assert_eq!(Period::parse(&p.to_string(), p.frequency()), Ok(p));
    let next = p.next();
    assert_eq!(next.frequency(), p.frequency());
    assert!(next > p);
    assert_eq!(next.ordinal(), p.ordinal() + 1);
    let (first, last) = p.date_range();
    assert!(first <= last, "{p:?}: {first} after {last}");
    let (next_first, _) = next.date_range();
    assert_eq!(last.succ_opt(), Some(next_first), "{p:?}: a gap or overlap before the next period");
    for lang in ["id", "en", lang] {
        assert!(!p.label(lang).is_empty());
        assert!(!p.long_label(lang).is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    // After the first NUL: a language for the labels.
    let (s, lang) = input.split_once('\0').unwrap_or((&input, "en"));
    let mut parsed = Vec::new();
    for f in FREQUENCIES {
        match Period::parse(s, f) {
            Ok(p) => {
                assert_eq!(p.frequency(), f);
                check_period(p, s, lang);
                parsed.push(p);
            }
            Err(reason) => assert!(!reason.is_empty()),
        }
    }
    // One text is a period of at most one frequency.
    assert!(parsed.len() <= 1, "{s:?} parses as {parsed:?}");
    match Period::parse_any(s) {
        Ok(p) => assert_eq!(parsed, vec![p], "parse_any({s:?}) disagrees with parse"),
        Err(reason) => {
            assert!(parsed.is_empty(), "parse_any({s:?}) fails ({reason}) where parse gives {parsed:?}");
            assert!(!reason.is_empty());
        }
    }
});
