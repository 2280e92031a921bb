//! A text given either once for every language or per language code.
//!
//! `title = "Warta"` or `title = { id = "Warta Ekonomi", en = "Economic Bulletin" }`.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Localized {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Default for Localized {
    fn default() -> Self {
        Localized::One(String::new())
    }
}

impl Localized {
    /// The text in `lang`, else in `default_lang`, else any (the first by code), else "".
    pub fn get<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        match self {
            Localized::One(s) => s,
            Localized::PerLanguage(map) => map.get(lang).or_else(|| map.get(default_lang)).or_else(|| map.values().next()).map_or("", String::as_str),
        }
    }

    /// Whether the text exists in `lang` itself (not through a fallback).
    pub fn has(&self, lang: &str) -> bool {
        match self {
            Localized::One(_) => true,
            Localized::PerLanguage(map) => map.contains_key(lang),
        }
    }

    /// Language codes this text names, for validation against the site's languages.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        let keys: Vec<&str> = match self {
            Localized::One(_) => Vec::new(),
            Localized::PerLanguage(map) => map.keys().map(String::as_str).collect(),
        };
        keys.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_default_language() {
        let l: Localized = toml::from_str::<BTreeMap<String, Localized>>("t = { id = \"Rilis\", en = \"Release\" }").unwrap()["t"].clone();
        assert_eq!(l.get("en", "id"), "Release");
        assert_eq!(l.get("fr", "id"), "Rilis");
        assert!(!l.has("fr"));
        let one = Localized::One("Warta".into());
        assert_eq!(one.get("en", "id"), "Warta");
    }
}
