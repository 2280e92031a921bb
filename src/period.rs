//! Reporting periods: a year, a quarter or a month, as datasets and shortcodes write them
//! (`2021`, `2021-Q2`, `2021-06`), and their labels in each language.
//!
//! This module owns parsing, ordering and labelling of periods. It must not know about
//! files or diagnostics: `parse` returns a plain reason and the caller places it in a file.
//! Month names come from chrono's locale data (glibc's, via `pure-rust-locales`) rather
//! than being typed here, so a new language needs no table in this file.

use std::fmt;

use chrono::NaiveDate;

/// How often a dataset has an observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Annual,
    Quarterly,
    Monthly,
}

impl Frequency {
    /// Every frequency with its name in the files, for parsing and for "did you mean".
    pub const ALL: [(&'static str, Frequency); 3] = [("annual", Frequency::Annual), ("quarterly", Frequency::Quarterly), ("monthly", Frequency::Monthly)];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Annual => "annual",
            Frequency::Quarterly => "quarterly",
            Frequency::Monthly => "monthly",
        }
    }

    /// The name as written in a dataset, or `None`.
    pub fn from_name(name: &str) -> Option<Frequency> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// An example period of this frequency, for error messages.
    pub fn example(self) -> &'static str {
        match self {
            Frequency::Annual => "2021",
            Frequency::Quarterly => "2021-Q2",
            Frequency::Monthly => "2021-06",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of a period below the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sub {
    Year,
    /// 1 to 4.
    Quarter(u8),
    /// 1 to 12.
    Month(u8),
}

/// One reporting period. Periods of one dataset share a frequency, so the derived order
/// (year, then quarter or month) is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub sub: Sub,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    pub fn annual(year: i32) -> Period {
        Period { year, sub: Sub::Year }
    }

    /// Parses `s` as a period of `frequency`; the error is a reason to show to a publisher.
    pub fn parse(s: &str, frequency: Frequency) -> Result<Period, String> {
        let expected = || match frequency {
            Frequency::Annual => "expected a year like 2021 in an annual dataset".to_string(),
            Frequency::Quarterly => "expected a quarter like 2021-Q2 in a quarterly dataset".to_string(),
            Frequency::Monthly => "expected a month like 2021-06 in a monthly dataset".to_string(),
        };
        let (year_text, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        let year = parse_year(year_text).ok_or_else(expected)?;
        match (frequency, rest) {
            (Frequency::Annual, None) => Ok(Period::annual(year)),
            (Frequency::Quarterly, Some(r)) if r.starts_with('Q') && r.len() == 2 => {
                let q = r[1..].parse::<u8>().map_err(|_| expected())?;
                if !(1..=4).contains(&q) {
                    return Err("quarter must be 1 to 4".to_string());
                }
                Ok(Period { year, sub: Sub::Quarter(q) })
            }
            (Frequency::Monthly, Some(r)) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()) => {
                let m: u8 = r.parse().map_err(|_| expected())?;
                if !(1..=12).contains(&m) {
                    return Err("month must be 01 to 12".to_string());
                }
                Ok(Period { year, sub: Sub::Month(m) })
            }
            _ => Err(expected()),
        }
    }

    /// Parses any of the three forms, taking the frequency from the form (for shortcodes,
    /// where the dataset is not known yet).
    pub fn parse_any(s: &str) -> Result<Period, String> {
        let frequency = if s.contains("-Q") {
            Frequency::Quarterly
        } else if s.contains('-') {
            Frequency::Monthly
        } else {
            Frequency::Annual
        };
        Period::parse(s, frequency).map_err(|e| match e.as_str() {
            "quarter must be 1 to 4" | "month must be 01 to 12" => e,
            _ => "expected a period like 2021, 2021-Q2 or 2021-06".to_string(),
        })
    }

    pub fn frequency(&self) -> Frequency {
        match self.sub {
            Sub::Year => Frequency::Annual,
            Sub::Quarter(_) => Frequency::Quarterly,
            Sub::Month(_) => Frequency::Monthly,
        }
    }

    /// A running count of periods of this frequency, so that consecutive periods differ by
    /// one (for chart axes and for spotting gaps).
    pub fn ordinal(&self) -> i64 {
        let y = i64::from(self.year);
        match self.sub {
            Sub::Year => y,
            Sub::Quarter(q) => y * 4 + i64::from(q) - 1,
            Sub::Month(m) => y * 12 + i64::from(m) - 1,
        }
    }

    /// The period after this one.
    pub fn next(&self) -> Period {
        match self.sub {
            Sub::Year => Period::annual(self.year + 1),
            Sub::Quarter(4) => Period { year: self.year + 1, sub: Sub::Quarter(1) },
            Sub::Quarter(q) => Period { year: self.year, sub: Sub::Quarter(q + 1) },
            Sub::Month(12) => Period { year: self.year + 1, sub: Sub::Month(1) },
            Sub::Month(m) => Period { year: self.year, sub: Sub::Month(m + 1) },
        }
    }

    /// The first and last day of the period.
    pub fn date_range(&self) -> (NaiveDate, NaiveDate) {
        let (first_month, months) = match self.sub {
            Sub::Year => (1, 12),
            Sub::Quarter(q) => (u32::from(q) * 3 - 2, 3),
            Sub::Month(m) => (u32::from(m), 1),
        };
        let start = first_day(self.year, first_month);
        let end = start.checked_add_months(chrono::Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(start);
        (start, end)
    }

    /// The short label for chart axes and tables: `2021`, `Tw II-2021` / `Q2 2021`,
    /// `Jun 2021`. "Tw" (triwulan) with a Roman numeral is how BPS labels quarters.
    pub fn label(&self, lang: &str) -> String {
        match self.sub {
            Sub::Year => self.year.to_string(),
            Sub::Quarter(q) => match lang {
                "id" => format!("Tw {}-{}", ROMAN[usize::from(q) - 1], self.year),
                _ => format!("Q{q} {}", self.year),
            },
            Sub::Month(m) => month_label(self.year, m, "%b %Y", lang),
        }
    }

    /// The label for running text: `triwulan II-2021` / `Q2 2021`, `Juni 2021` / `June 2021`.
    pub fn long_label(&self, lang: &str) -> String {
        match self.sub {
            Sub::Year => self.year.to_string(),
            Sub::Quarter(q) => match lang {
                "id" => format!("triwulan {}-{}", ROMAN[usize::from(q) - 1], self.year),
                _ => format!("Q{q} {}", self.year),
            },
            Sub::Month(m) => month_label(self.year, m, "%B %Y", lang),
        }
    }
}

impl fmt::Display for Period {
    /// The canonical form, the one `parse` reads: the year always in four digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sub {
            Sub::Year => write!(f, "{:04}", self.year),
            Sub::Quarter(q) => write!(f, "{:04}-Q{q}", self.year),
            Sub::Month(m) => write!(f, "{:04}-{m:02}", self.year),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Four digits, no sign: the only years an economic release has, and a guard against
/// `-2021` or `21` slipping through `i32::from_str`.
fn parse_year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn first_day(year: i32, month: u32) -> NaiveDate {
    // Years are four digits and months 1..=12, so this date always exists.
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
}

fn month_label(year: i32, month: u8, pattern: &str, lang: &str) -> String {
    first_day(year, u32::from(month)).format_localized(pattern, crate::dates::locale(lang)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(year: i32, q: u8) -> Period {
        Period { year, sub: Sub::Quarter(q) }
    }
    fn m(year: i32, m: u8) -> Period {
        Period { year, sub: Sub::Month(m) }
    }

    #[test]
    fn parses_each_frequency() {
        assert_eq!(Period::parse("2021", Frequency::Annual), Ok(Period::annual(2021)));
        assert_eq!(Period::parse("2021-Q2", Frequency::Quarterly), Ok(q(2021, 2)));
        assert_eq!(Period::parse("2021-06", Frequency::Monthly), Ok(m(2021, 6)));
    }

    #[test]
    fn rejects_periods_that_do_not_fit() {
        let quarterly = |s| Period::parse(s, Frequency::Quarterly).unwrap_err();
        assert_eq!(quarterly("2021-Q5"), "quarter must be 1 to 4");
        assert_eq!(quarterly("2021-Q0"), "quarter must be 1 to 4");
        assert_eq!(quarterly("2021-06"), "expected a quarter like 2021-Q2 in a quarterly dataset");
        assert_eq!(quarterly("2021"), "expected a quarter like 2021-Q2 in a quarterly dataset");
        assert_eq!(quarterly("2021-q2"), "expected a quarter like 2021-Q2 in a quarterly dataset");
        let monthly = |s| Period::parse(s, Frequency::Monthly).unwrap_err();
        assert_eq!(monthly("2021-13"), "month must be 01 to 12");
        assert_eq!(monthly("2021-6"), "expected a month like 2021-06 in a monthly dataset");
        assert_eq!(monthly("2021-Q2"), "expected a month like 2021-06 in a monthly dataset");
        let annual = |s| Period::parse(s, Frequency::Annual).unwrap_err();
        assert_eq!(annual("21"), "expected a year like 2021 in an annual dataset");
        assert_eq!(annual("-2021"), "expected a year like 2021 in an annual dataset");
        assert_eq!(annual("2021-Q1"), "expected a year like 2021 in an annual dataset");
        assert_eq!(annual(" 2021"), "expected a year like 2021 in an annual dataset");
    }

    #[test]
    fn parse_any_takes_the_frequency_from_the_form() {
        assert_eq!(Period::parse_any("2020"), Ok(Period::annual(2020)));
        assert_eq!(Period::parse_any("2020-Q4"), Ok(q(2020, 4)));
        assert_eq!(Period::parse_any("2020-11"), Ok(m(2020, 11)));
        assert_eq!(Period::parse_any("2020-Q9").unwrap_err(), "quarter must be 1 to 4");
        assert_eq!(Period::parse_any("Q2 2020").unwrap_err(), "expected a period like 2021, 2021-Q2 or 2021-06");
    }

    /// Found by fuzzing (fuzz/, period_parse): `0999` parsed but printed as `999`, which
    /// `parse` rejects, so a period did not survive its own canonical form (api JSON, ids).
    #[test]
    fn display_keeps_four_digit_years_with_leading_zeros() {
        for (s, f) in [("0000", Frequency::Annual), ("0999", Frequency::Annual), ("0021-Q3", Frequency::Quarterly), ("0100-01", Frequency::Monthly)] {
            let p = Period::parse(s, f).unwrap();
            assert_eq!(p.to_string(), s);
            assert_eq!(Period::parse(&p.to_string(), f), Ok(p));
            assert_eq!(Period::parse_any(&p.to_string()), Ok(p));
        }
    }

    #[test]
    fn display_is_canonical_and_round_trips() {
        for (s, f) in [("2021", Frequency::Annual), ("2021-Q2", Frequency::Quarterly), ("2021-06", Frequency::Monthly)] {
            let p = Period::parse(s, f).unwrap();
            assert_eq!(p.to_string(), s);
            assert_eq!(p.frequency(), f);
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{s}\""));
        }
    }

    #[test]
    fn orders_chronologically() {
        let mut ps = vec![q(2021, 1), q(2020, 4), q(2021, 3), q(2019, 2)];
        ps.sort();
        assert_eq!(ps, [q(2019, 2), q(2020, 4), q(2021, 1), q(2021, 3)]);
        assert!(m(2020, 12) < m(2021, 1));
        assert!(m(2021, 2) < m(2021, 10));
    }

    #[test]
    fn next_and_ordinal_step_by_one() {
        assert_eq!(q(2020, 4).next(), q(2021, 1));
        assert_eq!(m(2020, 12).next(), m(2021, 1));
        assert_eq!(Period::annual(2020).next(), Period::annual(2021));
        assert_eq!(q(2021, 1).ordinal() - q(2020, 4).ordinal(), 1);
        assert_eq!(m(2021, 1).ordinal() - m(2020, 12).ordinal(), 1);
    }

    #[test]
    fn date_range_covers_the_period() {
        let d = |y, mo, da| NaiveDate::from_ymd_opt(y, mo, da).unwrap();
        assert_eq!(q(2021, 2).date_range(), (d(2021, 4, 1), d(2021, 6, 30)));
        assert_eq!(m(2024, 2).date_range(), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(Period::annual(2021).date_range(), (d(2021, 1, 1), d(2021, 12, 31)));
    }

    #[test]
    fn labels_in_each_language() {
        assert_eq!(Period::annual(2021).label("id"), "2021");
        assert_eq!(Period::annual(2021).long_label("en"), "2021");
        assert_eq!(q(2021, 2).label("id"), "Tw II-2021");
        assert_eq!(q(2021, 4).label("id"), "Tw IV-2021");
        assert_eq!(q(2021, 2).label("en"), "Q2 2021");
        assert_eq!(q(2021, 3).long_label("id"), "triwulan III-2021");
        assert_eq!(q(2021, 3).long_label("en"), "Q3 2021");
        assert_eq!(m(2021, 6).label("id"), "Jun 2021");
        assert_eq!(m(2021, 6).label("en"), "Jun 2021");
        assert_eq!(m(2021, 8).label("id"), "Agu 2021");
        assert_eq!(m(2021, 5).label("id"), "Mei 2021");
        assert_eq!(m(2021, 6).long_label("id"), "Juni 2021");
        assert_eq!(m(2021, 6).long_label("en"), "June 2021");
        // A language without its own quarter words falls back to the English form.
        assert_eq!(q(2021, 2).label("fr"), "Q2 2021");
    }

    #[test]
    fn frequency_names() {
        assert_eq!(Frequency::from_name("quarterly"), Some(Frequency::Quarterly));
        assert_eq!(Frequency::from_name("Quarterly"), None);
        assert_eq!(Frequency::Monthly.to_string(), "monthly");
        let f: Frequency = serde_json::from_str("\"annual\"").unwrap();
        assert_eq!(f, Frequency::Annual);
    }
}
