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
    let message = match err.message().trim() {
        // toml gives some errors at the end of a file no text (found by fuzzing indicators).
        "" => "this TOML is incomplete here: a value is missing or unfinished".to_string(),
        m => m.to_string(),
    };
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
}
