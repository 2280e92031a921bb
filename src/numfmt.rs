//! Numbers as a reader of each language expects them: `10,91 persen`, `10.91 percent`,
//! `Rp4.837,4 triliun`, `IDR 4,837.4 trillion`.
//!
//! This module owns number formatting and the words for units and rupiah scales. Digits,
//! decimal and grouping separators and the minus sign come from CLDR through ICU4X's
//! compiled data, never from a hand-made table. It must not read files or know about
//! datasets: it takes a value, a unit and a language and returns text.
//!
//! Unit and scale words exist for Indonesian (`id`); every other language gets the English
//! words with its own CLDR number symbols.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use fixed_decimal::{Decimal, FloatPrecision, Sign, SignedRoundingMode, UnsignedRoundingMode};
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

/// What the numbers of a dataset count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Percent,
    PercentagePoint,
    /// Raw rupiah (not thousands or billions): the scale word is chosen when formatting.
    Rupiah,
    Count,
    Index,
    Ratio,
}

impl Unit {
    pub const ALL: [(&'static str, Unit); 6] = [
        ("percent", Unit::Percent),
        ("percentage-point", Unit::PercentagePoint),
        ("rupiah", Unit::Rupiah),
        ("count", Unit::Count),
        ("index", Unit::Index),
        ("ratio", Unit::Ratio),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, u)| *u == self).map_or("", |(n, _)| n)
    }

    pub fn from_name(name: &str) -> Option<Unit> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, u)| *u)
    }

    /// The number of decimals a dataset of this unit shows when it does not say.
    pub fn default_decimals(self) -> u8 {
        match self {
            Unit::Percent | Unit::PercentagePoint | Unit::Index | Unit::Ratio => 2,
            Unit::Rupiah => 1,
            Unit::Count => 0,
        }
    }
}

/// What a dataset's numbers measure; it decides wording, not formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Year on year.
    GrowthYoy,
    /// Quarter to quarter.
    GrowthQtq,
    /// Cumulative to cumulative (the year so far against the same months a year before).
    GrowthCtc,
    /// Contribution to growth ("sumber pertumbuhan").
    Contribution,
    Level,
    Share,
}

impl Measure {
    pub const ALL: [(&'static str, Measure); 6] = [
        ("growth-yoy", Measure::GrowthYoy),
        ("growth-qtq", Measure::GrowthQtq),
        ("growth-ctc", Measure::GrowthCtc),
        ("contribution", Measure::Contribution),
        ("level", Measure::Level),
        ("share", Measure::Share),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, m)| *m == self).map_or("", |(n, _)| n)
    }

    pub fn from_name(name: &str) -> Option<Measure> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
    }
}

thread_local! {
    // Building a formatter looks up locale data; a page formats many numbers in one or two
    // languages, so each thread keeps the formatters it built. Thread-local rather than a
    // global lock so rayon's workers never wait on each other.
    static FORMATTERS: RefCell<HashMap<(String, bool), Rc<DecimalFormatter>>> = RefCell::new(HashMap::new());
}

fn formatter(lang: &str, grouping: bool) -> Option<Rc<DecimalFormatter>> {
    FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(f) = cache.get(&(lang.to_string(), grouping)) {
            return Some(Rc::clone(f));
        }
        let locale = Locale::try_from_str(lang).unwrap_or(Locale::UNKNOWN);
        let mut options = DecimalFormatterOptions::default();
        options.grouping_strategy = Some(if grouping { GroupingStrategy::Auto } else { GroupingStrategy::Never });
        // Compiled data falls back to the root locale for unknown languages, so this fails
        // only if the baked data were missing, which the tests below would catch.
        let f = Rc::new(DecimalFormatter::try_new((&locale).into(), options).ok()?);
        cache.insert((lang.to_string(), grouping), Rc::clone(&f));
        Some(f)
    })
}

/// `value` rounded to `decimals` places, half away from zero.
///
/// Statistical agencies (BPS included) round half away from zero, and they round the number
/// as written (10.905 → 10.91), so rounding starts from the shortest decimal that reads back
/// as the same f64, not from its binary expansion (10.904999…).
fn to_decimal(value: f64, decimals: u8) -> Option<Decimal> {
    let mut d = Decimal::try_from_f64(value, FloatPrecision::RoundTrip).ok()?;
    let position = -i16::from(decimals);
    d = d.rounded_with_mode(position, SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand));
    d.absolute.pad_end(position);
    // -0.004 rounds to zero: print "0,00", not "-0,00".
    if d.absolute.is_zero() {
        d.sign = Sign::None;
    }
    Some(d)
}

/// `value` with `decimals` places in `lang`'s CLDR format; `grouping` off for years and ids.
///
/// `format_number(10.905, 2, "id", true)` is `10,91`; `format_number(2021.0, 0, "id", false)`
/// is `2021`. A value that is not finite is printed as Rust prints it: datasets reject such
/// values, so this only guards against a caller's bug.
pub fn format_number(value: f64, decimals: u8, lang: &str, grouping: bool) -> String {
    match (to_decimal(value, decimals), formatter(lang, grouping)) {
        (Some(d), Some(f)) => f.format(&d).to_string(),
        (Some(d), None) => d.to_string(),
        (None, _) => value.to_string(),
    }
}

/// Rupiah scales: value, Indonesian word, English word.
const SCALES: [(f64, &str, &str); 4] = [(1e12, "triliun", "trillion"), (1e9, "miliar", "billion"), (1e6, "juta", "million"), (1e3, "ribu", "thousand")];

/// `value` with its unit in words: `10,91 persen`, `2.54 percentage points`,
/// `Rp4.837,4 triliun`, `IDR 4,837.4 trillion`, `1.234`, `105,32`.
///
/// Rupiah values are raw rupiah; the scale is the largest one that leaves at least 1
/// before the decimal point, so the number stays under 1000 except in trillions, the
/// largest scale newspapers use ("Rp1.250 triliun", never "Rp1,25 kuadriliun").
/// `decimals` applies to the number as printed, after scaling.
pub fn format_value(value: f64, unit: Unit, decimals: u8, lang: &str) -> String {
    let id = lang == "id";
    let number = |v: f64| format_number(v, decimals, lang, true);
    match unit {
        Unit::Percent => format!("{} {}", number(value), if id { "persen" } else { "percent" }),
        Unit::PercentagePoint => {
            let n = number(value);
            let word = if id {
                "poin persen"
            } else if n.trim_start_matches(|c: char| !c.is_ascii_digit()) == "1" {
                "percentage point"
            } else {
                "percentage points"
            };
            format!("{n} {word}")
        }
        Unit::Rupiah => format_rupiah(value, decimals, lang),
        Unit::Count | Unit::Index | Unit::Ratio => number(value),
    }
}

fn format_rupiah(value: f64, decimals: u8, lang: &str) -> String {
    let id = lang == "id";
    let abs = value.abs();
    let rounded = |scale: f64| to_decimal(abs / scale, decimals).and_then(|d| d.to_string().parse::<f64>().ok()).unwrap_or(abs / scale);
    // The largest scale that leaves at least 1; then one up if rounding reaches 1000, so
    // 999,96 miliar prints as 1,0 triliun rather than "1.000,0 miliar".
    let mut index = SCALES.iter().position(|(s, _, _)| abs >= *s).unwrap_or(SCALES.len());
    let current = SCALES.get(index).map_or(1.0, |(s, _, _)| *s);
    if index > 0 && rounded(current) >= 1000.0 {
        index -= 1;
    }
    let (mantissa, word) = match SCALES.get(index) {
        Some((s, id_word, en_word)) => (value / s, Some(if id { *id_word } else { *en_word })),
        None => (value, None),
    };
    let n = format_number(mantissa, decimals, lang, true);
    // The minus sign goes before the currency ("-Rp5,2 triliun"), as CLDR's currency
    // patterns for id and en put it; the sign text itself is ICU's.
    let digits_at = n.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let (sign, digits) = n.split_at(digits_at);
    let currency = if id { "Rp" } else { "IDR " };
    match word {
        Some(w) => format!("{sign}{currency}{digits} {w}"),
        None => format!("{sign}{currency}{digits}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_each_languages_separators() {
        assert_eq!(format_number(10.91, 2, "id", true), "10,91");
        assert_eq!(format_number(10.91, 2, "en", true), "10.91");
        assert_eq!(format_number(4837.4, 1, "id", true), "4.837,4");
        assert_eq!(format_number(4837.4, 1, "en", true), "4,837.4");
        assert_eq!(format_number(1234567.0, 0, "id", true), "1.234.567");
    }

    #[test]
    fn years_are_not_grouped() {
        assert_eq!(format_number(2021.0, 0, "id", false), "2021");
        assert_eq!(format_number(2021.0, 0, "en", false), "2021");
    }

    #[test]
    fn rounds_half_away_from_zero_on_the_written_number() {
        assert_eq!(format_number(10.905, 2, "en", true), "10.91");
        assert_eq!(format_number(2.675, 2, "en", true), "2.68");
        assert_eq!(format_number(-1.645, 2, "en", true), "-1.65");
        assert_eq!(format_number(0.125, 2, "id", true), "0,13");
        assert_eq!(format_number(10.0, 2, "id", true), "10,00");
        assert_eq!(format_number(9.996, 2, "en", true), "10.00");
    }

    #[test]
    fn negatives_and_negative_zero() {
        assert_eq!(format_number(-1.65, 2, "id", true), "-1,65");
        assert_eq!(format_number(-0.004, 2, "id", true), "0,00");
        assert_eq!(format_number(-0.0, 0, "en", true), "0");
    }

    #[test]
    fn percent() {
        assert_eq!(format_value(10.91, Unit::Percent, 2, "id"), "10,91 persen");
        assert_eq!(format_value(10.91, Unit::Percent, 2, "en"), "10.91 percent");
        assert_eq!(format_value(-1.65, Unit::Percent, 2, "id"), "-1,65 persen");
        assert_eq!(format_value(-1.65, Unit::Percent, 2, "en"), "-1.65 percent");
    }

    #[test]
    fn percentage_points_agree_in_number() {
        assert_eq!(format_value(2.54, Unit::PercentagePoint, 2, "id"), "2,54 poin persen");
        assert_eq!(format_value(2.54, Unit::PercentagePoint, 2, "en"), "2.54 percentage points");
        assert_eq!(format_value(1.0, Unit::PercentagePoint, 0, "en"), "1 percentage point");
        assert_eq!(format_value(-1.0, Unit::PercentagePoint, 0, "en"), "-1 percentage point");
        assert_eq!(format_value(1.0, Unit::PercentagePoint, 2, "en"), "1.00 percentage points");
        assert_eq!(format_value(1.0, Unit::PercentagePoint, 0, "id"), "1 poin persen");
    }

    #[test]
    fn rupiah_with_scale_words() {
        assert_eq!(format_value(4_837.4e12, Unit::Rupiah, 1, "id"), "Rp4.837,4 triliun");
        assert_eq!(format_value(4_837.4e12, Unit::Rupiah, 1, "en"), "IDR 4,837.4 trillion");
        assert_eq!(format_value(5_071.7e12, Unit::Rupiah, 1, "id"), "Rp5.071,7 triliun");
        assert_eq!(format_value(12.5e9, Unit::Rupiah, 1, "id"), "Rp12,5 miliar");
        assert_eq!(format_value(12.5e9, Unit::Rupiah, 1, "en"), "IDR 12.5 billion");
        assert_eq!(format_value(3.2e6, Unit::Rupiah, 1, "id"), "Rp3,2 juta");
        assert_eq!(format_value(3.2e6, Unit::Rupiah, 1, "en"), "IDR 3.2 million");
        assert_eq!(format_value(15_000.0, Unit::Rupiah, 0, "id"), "Rp15 ribu");
        assert_eq!(format_value(15_000.0, Unit::Rupiah, 0, "en"), "IDR 15 thousand");
        assert_eq!(format_value(950.0, Unit::Rupiah, 0, "id"), "Rp950");
        assert_eq!(format_value(950.0, Unit::Rupiah, 0, "en"), "IDR 950");
    }

    #[test]
    fn rupiah_scale_follows_rounding_and_sign() {
        // 999.96 billion rounds to 1000.0 billion at one decimal: say it in trillions.
        assert_eq!(format_value(999.96e9, Unit::Rupiah, 1, "id"), "Rp1,0 triliun");
        assert_eq!(format_value(999.94e9, Unit::Rupiah, 1, "id"), "Rp999,9 miliar");
        assert_eq!(format_value(-5.2e12, Unit::Rupiah, 1, "id"), "-Rp5,2 triliun");
        assert_eq!(format_value(-5.2e12, Unit::Rupiah, 1, "en"), "-IDR 5.2 trillion");
        assert_eq!(format_value(0.0, Unit::Rupiah, 0, "id"), "Rp0");
    }

    #[test]
    fn count_index_ratio() {
        assert_eq!(format_value(1234.0, Unit::Count, 0, "id"), "1.234");
        assert_eq!(format_value(1234.0, Unit::Count, 0, "en"), "1,234");
        assert_eq!(format_value(105.32, Unit::Index, 2, "id"), "105,32");
        assert_eq!(format_value(105.32, Unit::Index, 2, "en"), "105.32");
        assert_eq!(format_value(0.45, Unit::Ratio, 2, "id"), "0,45");
        assert_eq!(format_value(0.45, Unit::Ratio, 2, "en"), "0.45");
    }

    #[test]
    fn other_languages_get_their_symbols_and_english_words() {
        assert_eq!(format_value(10.91, Unit::Percent, 2, "de"), "10,91 percent");
        assert_eq!(format_number(10.91, 2, "not a language!", true), "10.91");
    }

    #[test]
    fn unit_and_measure_names() {
        assert_eq!(Unit::from_name("percentage-point"), Some(Unit::PercentagePoint));
        assert_eq!(Unit::Rupiah.as_str(), "rupiah");
        assert_eq!(Measure::from_name("growth-ctc"), Some(Measure::GrowthCtc));
        assert_eq!(Measure::GrowthYoy.as_str(), "growth-yoy");
        assert_eq!(serde_json::to_string(&Unit::PercentagePoint).unwrap(), "\"percentage-point\"");
        for (name, unit) in Unit::ALL {
            assert_eq!(serde_json::to_string(&unit).unwrap(), format!("\"{name}\""));
        }
        for (name, measure) in Measure::ALL {
            assert_eq!(serde_json::to_string(&measure).unwrap(), format!("\"{name}\""));
        }
    }
}
