//! Figure provenance: numbers typed by hand in a release ("2,45 persen", "10.91%",
//! "Rp4.837,4 triliun") that match no value of the datasets the release cites, as known on
//! its date. A figure a journalist will quote must come from data; a typo must not pass.
//!
//! Pure: runs of a body's text (the caller parses the Markdown), the release's language and
//! candidate values in; findings out. Only numbers
//! with a decimal part are checked: whole numbers with "persen" are mostly ordinary language
//! ("beroperasi penuh 100 persen"), while statistics are published with decimals.

use std::ops::Range;

/// What a typed number is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// percent or percentage points
    Percent,
    /// Rupiah, as a full amount (scale words applied)
    Rupiah,
}

/// A number typed in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    /// Byte range in the body of the whole expression ("10,91 persen").
    pub span: Range<usize>,
    pub text: String,
    pub value: f64,
    /// Half a unit of the last decimal typed: how far a value may be and still print so.
    pub tolerance: f64,
    pub kind: Kind,
}

/// A value a typed number may match. The caller names it in a message only when a finding
/// points at it ([`Finding::nearest`]): formatting a label for every value of every cited
/// dataset was a sixth of the checks of a site whose releases cite large datasets (issue 6).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub value: f64,
    pub kind: Kind,
}

/// A typed number that matches no candidate, with the nearest candidate of its kind.
#[derive(Debug, Clone)]
pub struct Finding {
    pub typed: Typed,
    /// Index into the candidates given to [`check`].
    pub nearest: Option<usize>,
}

/// Checks typed figures (see [`typed_in`]) against the values they may match.
pub fn check(typed: Vec<Typed>, candidates: &[Candidate]) -> Vec<Finding> {
    typed
        .into_iter()
        .filter_map(|typed| {
            let same_kind = candidates.iter().enumerate().filter(|(_, c)| c.kind == typed.kind);
            // A contraction is often written as a positive number ("terkontraksi 1,65 persen").
            let matches = same_kind.clone().any(|(_, c)| (c.value.abs() - typed.value.abs()).abs() <= typed.tolerance * 1.000_001);
            if matches {
                return None;
            }
            let nearest = same_kind
                .min_by(|(_, a), (_, b)| (a.value.abs() - typed.value.abs()).abs().total_cmp(&(b.value.abs() - typed.value.abs()).abs()))
                .map(|(i, _)| i);
            Some(Finding { typed, nearest })
        })
        .collect()
}

/// Adds to `found` every percentage or Rupiah amount with a decimal part in a run of text
/// that starts at `at` of its body. The load gives it the runs of a body's text in the parse
/// that also gives the body's words to the search (`figures::read_body`): code, raw HTML and
/// link targets are not text and are not looked at.
pub fn typed_in(text: &str, at: usize, lang: &str, found: &mut Vec<Typed>) {
    found.extend(scan(text, lang).into_iter().map(|t| Typed { span: at + t.span.start..at + t.span.end, ..t }));
}

const PERCENT_WORDS: &[&str] = &["poin persen", "persen", "percentage points", "percentage point", "percent", "per cent", "%"];
const SCALES: &[(&str, f64)] = &[
    ("ribu", 1e3),
    ("juta", 1e6),
    ("miliar", 1e9),
    ("milyar", 1e9),
    ("triliun", 1e12),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Numbers in one run of text; spans relative to it.
fn scan(text: &str, lang: &str) -> Vec<Typed> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        i = next_digit(bytes, i);
        if i >= bytes.len() {
            break;
        }
        // An ASCII digit is always a character boundary, so slicing at `i` is safe past this test.
        let starts_number = i == 0
            || text[..i].ends_with("Rp")
            || text[..i].ends_with("IDR")
            || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.' || bytes[i - 1] == b',');
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || ((bytes[i] == b'.' || bytes[i] == b',') && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit()))
        {
            i += 1;
        }
        let number = &text[start..i];
        let rest = &text[i..];
        let after_space = rest.trim_start_matches([' ', '\u{a0}']);
        let gap = rest.len() - after_space.len();
        // Only the unit word after the number matters: the longest is 17 characters, so 24
        // always reach the character after it. Lowercasing the whole rest of the text for
        // every number made a long paragraph cost its length times its numbers.
        // ASCII (nearly always) is lowercased on the stack: a string made for every number of
        // a release was a fifth of this scan (issue 6).
        let head = match after_space.as_bytes().get(..24) {
            Some(b) if b.is_ascii() => &after_space[..24],
            None if after_space.is_ascii() => after_space,
            _ => after_space.char_indices().nth(24).map_or(after_space, |(k, _)| &after_space[..k]),
        };
        let mut buf = [0u8; 24];
        let lower: std::borrow::Cow<str> = match buf.get_mut(..head.len()) {
            Some(b) if head.is_ascii() => {
                b.copy_from_slice(head.as_bytes());
                b.make_ascii_lowercase();
                std::borrow::Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default())
            }
            _ => std::borrow::Cow::Owned(head.to_lowercase()),
        };
        let before = text[..start].trim_end_matches([' ', '\u{a0}']);
        let rupiah_before = before.ends_with("Rp") || before.ends_with("IDR") || before.ends_with("Rp.");
        let percent = PERCENT_WORDS.iter().find(|w| lower.starts_with(**w) && word_ends(&lower, w.len()));
        // A number with neither a unit after it nor Rupiah before it is no typed figure: it
        // is not read (years, counts and dates are most of a release's numbers).
        if percent.is_none() && !rupiah_before {
            continue;
        }
        let Some((value, decimals)) = parse_number(number, lang) else { continue };
        let negative = start > 0 && matches!(text[..start].chars().last(), Some('-' | '−'));
        let value = if negative { -value } else { value };
        if let Some(word) = percent {
            if decimals > 0 {
                let end = i + gap + word.len();
                let span_start = if negative { start - text[..start].chars().last().map_or(0, char::len_utf8) } else { start };
                out.push(Typed {
                    span: span_start..end,
                    text: text[span_start..end].to_string(),
                    value,
                    tolerance: 0.5 * 10f64.powi(-(decimals as i32)),
                    kind: Kind::Percent,
                });
            }
        } else if rupiah_before {
            let (scale, word_len) =
                SCALES.iter().find(|(w, _)| lower.starts_with(*w) && word_ends(&lower, w.len())).map_or((1.0, 0), |(w, s)| (*s, gap + w.len()));
            if decimals > 0 {
                let rp_start = before.strip_suffix("Rp.").or_else(|| before.strip_suffix("Rp")).or_else(|| before.strip_suffix("IDR")).map_or(start, str::len);
                let end = i + word_len;
                out.push(Typed {
                    span: rp_start..end,
                    text: text[rp_start..end].to_string(),
                    value: value * scale,
                    tolerance: 0.5 * 10f64.powi(-(decimals as i32)) * scale,
                    kind: Kind::Rupiah,
                });
            }
        }
    }
    out
}

/// The position of the first ASCII digit in `bytes` at or after `i` (or its length), sixteen
/// bytes at a time ([`swar::in_ranges`]): most of a body is letters, and looking at every
/// byte for a number was a fifth of the typed-figure check's time (issue 6).
fn next_digit(bytes: &[u8], mut i: usize) -> usize {
    use crate::swar;
    while let Some(sixteen) = bytes.get(i..i + 16) {
        let digits = swar::in_ranges(sixteen.try_into().expect("sixteen bytes"), &[(b'0', 10)]);
        if digits != 0 {
            return i + digits.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i < bytes.len() && !bytes[i].is_ascii_digit() {
        i += 1;
    }
    i
}

fn word_ends(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// Reads "10,91", "1.234,5" (Indonesian) or "10.91", "1,234.5" (English); the decimals typed.
/// A single separator followed by other than three digits is a decimal separator whatever
/// the language ("10.91%" in an Indonesian text is still 10.91).
fn parse_number(s: &str, lang: &str) -> Option<(f64, usize)> {
    let (group, decimal) = if lang == "id" { ('.', ',') } else { (',', '.') };
    let seps: Vec<(usize, char)> = s.char_indices().filter(|(_, c)| *c == '.' || *c == ',').collect();
    let (int_part, frac) = match seps.as_slice() {
        [] => (s.to_string(), ""),
        [(at, c)] => {
            let after = &s[at + 1..];
            if *c == decimal || after.len() != 3 {
                (s[..*at].to_string(), after)
            } else {
                (s.replace(group, ""), "")
            }
        }
        many => {
            let (last_at, last) = *many.last()?;
            if last == decimal {
                (s[..last_at].replace(group, ""), &s[last_at + 1..])
            } else {
                (s.replace(group, ""), "")
            }
        }
    };
    if int_part.contains(['.', ',']) {
        return None;
    }
    let value: f64 = [int_part.as_str(), ".", if frac.is_empty() { "0" } else { frac }].concat().parse().ok()?;
    Some((value, frac.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed figures of a Markdown body, as the load finds them.
    fn find_typed(body: &str, lang: &str) -> Vec<Typed> {
        let mut found = Vec::new();
        crate::markdown::plain_text_and_runs(body, |at, text| typed_in(text, at, lang, &mut found));
        found
    }

    fn c(value: f64, kind: Kind) -> Candidate {
        Candidate { value, kind }
    }

    #[test]
    fn finds_percentages_and_rupiah_in_both_languages() {
        let t = find_typed("Tumbuh 10,91 persen, sektor 2,54 poin persen; beroperasi 100 persen. Nilai Rp4.837,4 triliun.", "id");
        let got: Vec<(&str, f64)> = t.iter().map(|t| (t.text.as_str(), t.value)).collect();
        assert_eq!(got, [("10,91 persen", 10.91), ("2,54 poin persen", 2.54), ("Rp4.837,4 triliun", 4837.4e12)]);
        let t = find_typed("Growth of 10.91% and -1.65 percent; IDR 4,837.4 trillion.", "en");
        let got: Vec<(&str, f64)> = t.iter().map(|t| (t.text.as_str(), t.value)).collect();
        assert_eq!(got, [("10.91%", 10.91), ("-1.65 percent", -1.65), ("IDR 4,837.4 trillion", 4837.4e12)]);
    }

    #[test]
    fn unit_words_are_read_whatever_their_case_and_script_around_them() {
        let t = find_typed("Naik 10,91 PERSEN, lalu 2,54 Poin Persen; 3,5 persenan bukan; 4,25 persen—ya; 1,5 Persen İndeks.", "id");
        let got: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(got, ["10,91 PERSEN", "2,54 Poin Persen", "4,25 persen", "1,5 Persen"]);
        // A unit word past non-ASCII text, or near the end of the text.
        let t = find_typed("Ekspor «naik» 7,25 persén dan 7,5 percent", "en");
        assert_eq!(t.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(), ["7,5 percent"]);
    }

    #[test]
    fn code_html_links_and_escaped_text_are_not_read() {
        for body in ["Tulis `2,45 persen` begini.", "<p title=\"2,45 persen\">x</p>\n", "[x](https://a.b/2,45%) dan", "Naik 2,45\\%."] {
            assert!(find_typed(body, "id").is_empty(), "{body}");
        }
        let t = find_typed("**Naik** 2,45 persen, *turun* 1,5%.", "id");
        assert_eq!(t.iter().map(|t| t.span.clone()).collect::<Vec<_>>(), [9..20, 30..34], "spans are in the body");
    }

    #[test]
    fn matches_within_the_typed_precision() {
        let cands = [c(10.91, Kind::Percent), c(-1.65, Kind::Percent), c(2.54, Kind::Percent)];
        let check = |body: &str| check(find_typed(body, "id"), &cands);
        assert!(check("tumbuh 10,91 persen dan terkontraksi 1,65 persen").is_empty());
        assert!(check("tumbuh 10,9 persen").is_empty(), "rounded to one decimal still matches");
        let f = check("sektor 2,45 persen");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].typed.text, "2,45 persen");
        assert_eq!(f[0].nearest.map(|i| cands[i].value), Some(2.54));
    }

    #[test]
    fn multibyte_text_around_numbers() {
        let t = find_typed("“Tumbuh” 10,91 persen — naik é 2,5 persen…", "id");
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn numbers_parse_by_language() {
        assert_eq!(parse_number("1.234,5", "id"), Some((1234.5, 1)));
        assert_eq!(parse_number("1,234.5", "en"), Some((1234.5, 1)));
        assert_eq!(parse_number("10.91", "id"), Some((10.91, 2)));
        assert_eq!(parse_number("1.234", "id"), Some((1234.0, 0)));
    }

    #[test]
    fn the_next_digit_is_found_as_a_byte_by_byte_look_would_find_it() {
        let mut texts: Vec<Vec<u8>> = vec![b"".to_vec(), b"7".to_vec(), "Tumbuh 5,07 persen, Rp1.250,5 miliar; ékspor 12%".as_bytes().to_vec()];
        // Every byte value at every place of two sixteen-byte steps and a tail, around the
        // digits' edges especially.
        for b in 0..=255u8 {
            for at in 0..35 {
                let mut t = vec![b'a'; 35];
                t[at] = b;
                texts.push(t);
            }
        }
        for t in &texts {
            for start in 0..=t.len() {
                let slow = (start..t.len()).find(|&k| t[k].is_ascii_digit()).unwrap_or(t.len());
                assert_eq!(next_digit(t, start), slow, "{t:?} from {start}");
            }
        }
    }
}
