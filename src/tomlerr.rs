//! Turns a `toml` parse error into a [`Diagnostic`] that names the file.
//!
//! toml's errors carry a byte span but not the file, and their text repeats the source
//! snippet; we keep only the message, point at the span, and suggest the nearest key when
//! a key is unknown.

use crate::diag::Diagnostic;
use std::path::Path;

/// `offset` is where the TOML text starts inside the file `text` (front matter follows `+++`).
pub fn diagnostic(path: &Path, file_text: &str, offset: usize, err: &toml::de::Error, known_keys: &[&str]) -> Diagnostic {
    let at = offset + err.span().map_or(0, |s| s.start);
    let message = message(err, &file_text[offset.min(file_text.len())..]);
    let mut d = Diagnostic::error_at(path, file_text, at, message.clone());
    if let Some(unknown) = message.strip_prefix("unknown field `").and_then(|r| r.split('`').next()) {
        d.message = format!("unknown field `{unknown}`");
        d = d.suggest(unknown, known_keys.iter().copied());
        if d.help.is_none() {
            d = d.with_help(format!("expected one of: {}", known_keys.join(", ")));
        }
    }
    d
}

/// `d`, made by [`diagnostic`], in the words of a field written below a `[[table]]` block
/// when it is a field of the document (one of `top_level`, not of `table_keys`): TOML reads
/// every line after `[[changes]]` as part of the last change, so `aliases = [...]` put there
/// was "unknown field `aliases`", with "did you mean `aliases`?" as its help.
pub fn misplaced_below_table(mut d: Diagnostic, table: &str, top_level: &[&str], table_keys: &[&str]) -> Diagnostic {
    let Some(field) = d.message.strip_prefix("unknown field `").and_then(|r| r.strip_suffix('`')) else { return d };
    if !top_level.contains(&field) || table_keys.contains(&field) {
        return d;
    }
    let field = field.to_string();
    d.message = format!("`{field}` belongs above the `[[{table}]]` block: written below it, TOML reads it as a field of the last `[[{table}]]` entry");
    d.help = Some(format!(
        "move the `{field} = ...` line above the first `[[{table}]]` line: every line after `[[{table}]]` belongs to that entry, up to the next `[[{table}]]`"
    ));
    d
}

/// toml's message for `err` (raised on the TOML `text`) in a publisher's words.
///
/// Type errors come from serde in Rust's terms ("invalid type: floating point `1e400`,
/// expected i64", "expected struct RawSource", "sequence", "map"), and toml hands a date to
/// serde as a table, so `title = 2021-10-01` read "invalid type: map, expected a string". A
/// value is echoed whole, however long: it is cut here.
pub fn message(err: &toml::de::Error, text: &str) -> String {
    let m = err.message().trim();
    if m.is_empty() {
        // toml gives some errors at the end of a file no text (found by fuzzing indicators).
        return "this TOML is incomplete here: a value is missing or unfinished".to_string();
    }
    let Some(rest) = m.strip_prefix("invalid type: ") else { return m.to_string() };
    let Some((found, expected)) = rest.split_once(", expected ") else { return m.to_string() };
    // An integer past 64 bits is read as i128 first, and named so.
    let (found, past_64_bits) = found.strip_suffix(" as i128").map_or((found, false), |f| (f, true));
    if past_64_bits && is_integer_type(expected) {
        return format!("the number {} is too large", found.trim_start_matches("integer "));
    }
    let value_is_date = err.span().and_then(|s| text.get(s.start..)).is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    let found = match found {
        "map" if value_is_date => "a date".to_string(),
        "map" => "a table".to_string(),
        "sequence" => "a list".to_string(),
        f => {
            let f = f.strip_prefix("floating point ").map_or_else(|| f.to_string(), |v| format!("number {v}"));
            cut(&f)
        }
    };
    let expected = match expected {
        "f64" | "f32" => "a number",
        e if is_integer_type(e) => "a whole number",
        "a sequence" => "a list like [\"a\", \"b\"]",
        "a TOML datetime" => "a date like 2021-10-01 or 2021-10-01T09:30:00+07:00",
        e if e.starts_with("struct ") => "a table like { key = \"...\" }",
        e => e,
    };
    format!("invalid type: {found}, expected {expected}")
}

fn is_integer_type(expected: &str) -> bool {
    matches!(expected, "i64" | "i32" | "i16" | "i8" | "u64" | "u32" | "u16" | "u8" | "usize" | "isize")
}

/// `found` with a quoted or backticked value longer than 60 characters cut in its middle.
fn cut(found: &str) -> String {
    const MAX: usize = 60;
    let chars: Vec<char> = found.chars().collect();
    if chars.len() <= MAX + 20 {
        return found.to_string();
    }
    let head: String = chars[..MAX / 2].iter().collect();
    let tail: String = chars[chars.len() - MAX / 2..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_without_text_still_says_something() {
        let text = "title = \"x\"\npublished =";
        let err = toml::from_str::<toml::Table>(text).unwrap_err();
        let d = diagnostic(Path::new("a.md"), text, 0, &err, &[]);
        assert!(!d.message.is_empty());
        assert_eq!(d.line, 2);
    }

    /// The message for `value` where `want` is expected.
    fn type_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: &str) -> String {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc<T> {
            a: T,
        }
        let text = format!("a = {value}\n");
        let err = toml::from_str::<Doc<T>>(&text).unwrap_err();
        diagnostic(Path::new("a.toml"), &text, 0, &err, &[]).message
    }

    #[test]
    fn a_field_below_a_table_block_is_told_to_move_above_it() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Doc {
            title: Option<String>,
            aliases: Option<Vec<String>>,
            changes: Option<Vec<Change>>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Change {
            note: String,
        }
        let top = ["title", "aliases", "changes"];
        let text = "title = \"x\"\n\n[[changes]]\nnote = \"a\"\naliases = [\"/b/\"]\n";
        let err = toml::from_str::<Doc>(text).unwrap_err();
        let d = misplaced_below_table(diagnostic(Path::new("a.md"), text, 0, &err, &top), "changes", &top, &["note"]);
        assert_eq!((d.line, d.column), (5, 1));
        assert!(d.message.starts_with("`aliases` belongs above the `[[changes]]` block"), "{}", d.message);
        assert!(d.help.as_deref().is_some_and(|h| h.contains("above the first `[[changes]]`") && !h.contains("did you mean")), "{:?}", d.help);
        // A field that is no field of the document keeps its suggestion.
        let text = "title = \"x\"\n\n[[changes]]\nnote = \"a\"\naliasses = [\"/b/\"]\n";
        let err = toml::from_str::<Doc>(text).unwrap_err();
        let d = misplaced_below_table(diagnostic(Path::new("a.md"), text, 0, &err, &top), "changes", &top, &["note"]);
        assert_eq!(d.message, "unknown field `aliasses`");
    }

    #[test]
    fn type_errors_are_in_a_publishers_words() {
        assert_eq!(type_error::<String>("2021-10-01"), "invalid type: a date, expected a string");
        assert_eq!(type_error::<String>("{ x = 1 }"), "invalid type: a table, expected a string");
        assert_eq!(type_error::<i64>("\"sepuluh\""), "invalid type: string \"sepuluh\", expected a whole number");
        assert_eq!(type_error::<f64>("[]"), "invalid type: a list, expected a number");
        assert_eq!(type_error::<Vec<String>>("\"a\""), "invalid type: string \"a\", expected a list like [\"a\", \"b\"]");
        assert_eq!(type_error::<i64>("99999999999999999999"), "the number `99999999999999999999` is too large");
        assert_eq!(type_error::<String>("99999999999999999999"), "invalid type: integer `99999999999999999999`, expected a string");
        assert_eq!(type_error::<i64>("1.5"), "invalid type: number `1.5`, expected a whole number");
        assert_eq!(type_error::<toml::value::Datetime>("true"), "invalid type: boolean `true`, expected a date like 2021-10-01 or 2021-10-01T09:30:00+07:00");
        let long = type_error::<String>("5e-324");
        assert!(long.starts_with("invalid type: number `0.0000") && long.ends_with("0005`, expected a string") && long.chars().count() < 100, "{long}");
    }
}
