//! Splits a content file into its `+++` TOML front matter and its Markdown body.
//!
//! Owns only the split and the offsets that let later errors point into the original file;
//! it does not parse TOML or Markdown.

/// A file split into front matter and body, with byte offsets into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// Offset of `front` in the file.
    pub front_offset: usize,
    pub body: &'a str,
    /// Offset of `body` in the file.
    pub body_offset: usize,
}

/// Where a split failed, as a byte offset into the file and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub offset: usize,
    pub message: String,
}

/// Splits `text` at its `+++` fences. A UTF-8 BOM and CRLF line ends are accepted.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "+++" {
        return Err(SplitError { offset: start, message: "expected the file to start with a `+++` line opening the TOML front matter".into() });
    }
    let front_offset = start + first_end;
    let mut pos = front_offset;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Ok(Split { front: &text[front_offset..pos], front_offset, body: &text[end..], body_offset: end });
        }
        pos = end;
    }
    Err(SplitError { offset: start, message: "the front matter opened here is never closed: add a `+++` line after it".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}+++\r\ntitle = \"a\"\r\n+++\r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.front, "title = \"a\"\r\n");
        assert_eq!(&text[s.front_offset..s.front_offset + 5], "title");
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn reports_missing_fences() {
        assert_eq!(split("title = 1\n").unwrap_err().offset, 0);
        let e = split("+++\ntitle = 1\n").unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn empty_body_is_fine() {
        let s = split("+++\n+++").unwrap();
        assert_eq!((s.front, s.body), ("", ""));
    }
}
