//! Text a publisher may give once or once per language: `title = "..."` or
//! `title = { id = "...", en = "..." }`.
//!
//! This module owns the shape and the language fallback only. It must not know which
//! languages a site has (that is `site.toml`'s business) nor validate that every language
//! is present: the caller that knows the site's languages does that.

use std::collections::BTreeMap;

/// A string for every language, or one string for all of them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Localized {
    /// One text used whatever the page's language.
    One(String),
    /// Texts keyed by language code. A `BTreeMap` keeps the order stable for output.
    Many(BTreeMap<String, String>),
}

impl Default for Localized {
    fn default() -> Self {
        Localized::One(String::new())
    }
}

impl Localized {
    /// The text in `lang`, else in `default_lang`, else the first one by language code, else "".
    ///
    /// Falling back rather than failing keeps a page buildable while a translation is
    /// missing; `check` is where a missing translation is reported.
    pub fn get(&self, lang: &str, default_lang: &str) -> &str {
        match self {
            Localized::One(s) => s,
            Localized::Many(map) => map.get(lang).or_else(|| map.get(default_lang)).or_else(|| map.values().next()).map_or("", String::as_str),
        }
    }

    /// The text in exactly `lang`, without falling back (for completeness checks).
    pub fn exact(&self, lang: &str) -> Option<&str> {
        match self {
            Localized::One(s) => Some(s),
            Localized::Many(map) => map.get(lang).map(String::as_str),
        }
    }

    /// The language codes given explicitly; empty for a single text.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        let keys = match self {
            Localized::One(_) => None,
            Localized::Many(map) => Some(map.keys().map(String::as_str)),
        };
        keys.into_iter().flatten()
    }

    /// Each text with its name for messages: `field` for a single text, `field.en` for one
    /// of several.
    pub fn named_texts<'a>(&'a self, field: &'a str) -> Box<dyn Iterator<Item = (String, &'a str)> + 'a> {
        match self {
            Localized::One(s) => Box::new(std::iter::once((field.to_string(), s.as_str()))),
            Localized::Many(map) => Box::new(map.iter().map(move |(lang, s)| (format!("{field}.{lang}"), s.as_str()))),
        }
    }

    /// True when there is no text in any language.
    pub fn is_empty(&self) -> bool {
        match self {
            Localized::One(s) => s.trim().is_empty(),
            Localized::Many(map) => map.values().all(|s| s.trim().is_empty()),
        }
    }
}

/// Read by hand rather than with `#[serde(untagged)]`, whose error for any other value is
/// "data did not match any variant of untagged enum Localized", and which took a date for a
/// table with one language, `$__toml_private_datetime` (how toml hands a date to serde).
impl<'de> serde::Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LocalizedVisitor)
    }
}

/// The name toml gives the one key of the table it hands serde for a date or time.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

struct LocalizedVisitor;

impl<'de> serde::de::Visitor<'de> for LocalizedVisitor {
    type Value = Localized;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a text in quotes, or texts by language like { id = \"...\", en = \"...\" }")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Localized, E> {
        Ok(Localized::One(s.to_string()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Localized, A::Error> {
        let mut map = BTreeMap::new();
        while let Some(lang) = access.next_key::<String>()? {
            if lang == TOML_DATETIME_KEY {
                return Err(serde::de::Error::invalid_type(serde::de::Unexpected::Other("a date"), &self));
            }
            let text: String = access.next_value()?;
            map.insert(lang, text);
        }
        Ok(Localized::Many(map))
    }
}

impl From<&str> for Localized {
    fn from(s: &str) -> Self {
        Localized::One(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Doc {
        a: Localized,
        b: Localized,
    }

    #[test]
    fn reads_both_shapes_from_toml() {
        let doc: Doc = toml::from_str("a = \"Satu\"\nb = { id = \"Dua\", en = \"Two\" }\n").unwrap();
        assert_eq!(doc.a.get("en", "id"), "Satu");
        assert_eq!(doc.b.get("en", "id"), "Two");
        assert_eq!(doc.b.get("id", "id"), "Dua");
        assert_eq!(doc.b.languages().collect::<Vec<_>>(), ["en", "id"]);
    }

    #[test]
    fn another_value_says_what_is_expected() {
        for (text, found) in [("a = 0\nb = \"x\"", "integer `0`"), ("a = 2021-10-01\nb = \"x\"", "a date"), ("a = [\"x\"]\nb = \"x\"", "sequence")] {
            let e = toml::from_str::<Doc>(text).err().unwrap_or_else(|| panic!("{text} is not a text"));
            let m = e.message();
            assert!(m.contains(found) && m.contains("expected a text in quotes, or texts by language"), "{text}: {m}");
            assert!(!m.contains("untagged") && !m.contains("$__toml"), "{m}");
        }
    }

    #[test]
    fn falls_back_to_default_then_first() {
        let l: Localized = Localized::Many(BTreeMap::from([("id".to_string(), "Dua".to_string())]));
        assert_eq!(l.get("en", "id"), "Dua");
        assert_eq!(l.exact("en"), None);
        let only_en = Localized::Many(BTreeMap::from([("en".to_string(), "Two".to_string())]));
        assert_eq!(only_en.get("fr", "id"), "Two");
        assert_eq!(Localized::Many(BTreeMap::new()).get("id", "id"), "");
        assert!(Localized::Many(BTreeMap::new()).is_empty());
        assert!(!Localized::from("x").is_empty());
    }
}
