//! Dates in the reader's language, with month and day names from chrono's locale data
//! (glibc/CLDR-derived tables in `pure-rust-locales`); we never type a month name by hand.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, Locale, NaiveDateTime};
use std::cell::RefCell;
use std::collections::HashMap;
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

/// Views by language, then by local time and offset.
type Made = HashMap<String, HashMap<(NaiveDateTime, i32), DateView>>;

pub fn view(date: &DateTime<FixedOffset>, lang: &str) -> DateView {
    thread_local! {
        // The views this thread made, by language, by local time and offset (a `DateTime`
        // alone compares instants). Releases share their dates, mostly their time of day
        // too: each is shown on its page and in its list item, and 10,000 releases fall on
        // some 3,600 days. chrono's localized formatting was 1% of a large build (issue 6).
        static MADE: RefCell<Made> = RefCell::default();
    }
    MADE.with_borrow_mut(|made| {
        if !made.contains_key(lang) {
            made.insert(lang.to_string(), HashMap::new());
        }
        let in_lang = made.get_mut(lang).expect("inserted above");
        in_lang.entry((date.naive_local(), date.offset().local_minus_utc())).or_insert_with(|| make_view(date, lang)).clone()
    })
}

fn make_view(date: &DateTime<FixedOffset>, lang: &str) -> DateView {
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

    #[test]
    fn the_same_instant_in_another_zone_reads_as_its_own_date() {
        let jakarta = DateTime::parse_from_rfc3339("2021-10-01T01:30:00+07:00").unwrap();
        let utc = DateTime::parse_from_rfc3339("2021-09-30T18:30:00+00:00").unwrap();
        assert_eq!(jakarta, utc, "one instant");
        assert_eq!(view(&jakarta, "en").display, "Friday, 1 October 2021");
        assert_eq!(view(&utc, "en").display, "Thursday, 30 September 2021");
        assert_eq!(view(&utc, "en").iso, "2021-09-30T18:30:00+00:00");
        assert_eq!(view(&jakarta, "id").display, "Jumat, 1 Oktober 2021", "and each language its own");
    }
}
