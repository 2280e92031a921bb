//! Dates in the reader's language, with month and day names from chrono's locale data
//! (glibc/CLDR-derived tables in `pure-rust-locales`); we never type a month name by hand.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, Locale};
use std::sync::LazyLock;

/// A date as templates see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DateView {
    /// RFC 3339, for `<time datetime>` and feeds.
    pub iso: String,
    /// "Jumat, 1 Oktober 2021" / "Friday, 1 October 2021".
    pub display: String,
    /// "1 Okt 2021" / "1 Oct 2021".
    pub short: String,
}

/// The chrono locale for a language code of the site.
pub fn locale(lang: &str) -> Locale {
    match lang {
        "id" => Locale::id_ID,
        "en" => Locale::en_GB,
        other => {
            let guess = format!("{other}_{}", other.to_ascii_uppercase());
            Locale::try_from(guess.as_str()).unwrap_or(Locale::POSIX)
        }
    }
}

pub fn view(date: &DateTime<FixedOffset>, lang: &str) -> DateView {
    // The two formats read once, not for each of the two dates of every release (its page and
    // its list item): reading them was a quarter of the instructions of a view.
    static DISPLAY: LazyLock<Vec<Item<'static>>> = LazyLock::new(|| items("%A, %-d %B %Y"));
    static SHORT: LazyLock<Vec<Item<'static>>> = LazyLock::new(|| items("%-d %b %Y"));
    let loc = locale(lang);
    DateView {
        iso: date.to_rfc3339(),
        display: date.format_localized_with_items(DISPLAY.iter(), loc).to_string(),
        short: date.format_localized_with_items(SHORT.iter(), loc).to_string(),
    }
}

fn items(format: &'static str) -> Vec<Item<'static>> {
    StrftimeItems::new(format).parse().expect("a valid strftime format")
}

/// "1 Oktober 2021": for prose such as "direvisi ... pada 5 November 2021".
pub fn long_date(date: &chrono::NaiveDate, lang: &str) -> String {
    date.format_localized("%-d %B %Y", locale(lang)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_date_in_both_languages() {
        let d = DateTime::parse_from_rfc3339("2021-10-01T09:30:00+07:00").unwrap();
        assert_eq!(view(&d, "id").display, "Jumat, 1 Oktober 2021");
        assert_eq!(view(&d, "en").display, "Friday, 1 October 2021");
        assert_eq!(view(&d, "id").short, "1 Okt 2021");
        assert_eq!(view(&d, "id").iso, "2021-10-01T09:30:00+07:00");
    }
}
