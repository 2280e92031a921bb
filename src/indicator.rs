//! Indicator datasets: `content/indicators/<id>.toml`, optionally with a CSV beside it,
//! checked and turned into an [`Indicator`] that answers "what was known when".
//!
//! This module owns the dataset format of CONTENT.md ("An indicator"), its diagnostics and
//! the queries releases and charts need (the value as of a release's date, revisions).
//! It must not touch the filesystem: the caller reads the TOML, asks [`data_file`] which CSV
//! it names, reads that too and hands both texts to [`parse_indicator`]. It knows nothing
//! of releases, pages or charts.
//!
//! Every problem becomes a [`Diagnostic`] with the file, line and column, and loading goes
//! on after it: a bad observation is reported and left out, the others are kept.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_spanned::Spanned;

use crate::diag::{
    check_text, locate, nearest, Diagnostic, Diagnostics,
    LineBreaks::{Lines, OneLine},
};
use crate::localized::Localized;
use crate::numfmt::{format_value, Measure, Unit};
use crate::period::{Frequency, Period};

/// The chart a dataset gets when a release does not ask for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    #[default]
    Line,
    Bar,
    Column,
}

impl ChartKind {
    pub const ALL: [(&'static str, ChartKind); 3] = [("line", ChartKind::Line), ("bar", ChartKind::Bar), ("column", ChartKind::Column)];

    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("", |(n, _)| n)
    }
}

/// How settled a value is, in BPS's terms ("angka sementara", "angka sangat sementara").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The default: a value without a status is taken as the agency's final figure.
    #[default]
    Final,
    Preliminary,
    VeryPreliminary,
    Revised,
}

impl Status {
    pub const ALL: [(&'static str, Status); 4] =
        [("final", Status::Final), ("preliminary", Status::Preliminary), ("very-preliminary", Status::VeryPreliminary), ("revised", Status::Revised)];

    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, s)| *s == self).map_or("", |(n, _)| n)
    }

    /// Words for tables and notes; Indonesian follows BPS's "angka ..." wording.
    pub fn label(self, lang: &str) -> &'static str {
        match (lang, self) {
            ("id", Status::Final) => "tetap",
            ("id", Status::Preliminary) => "sementara",
            ("id", Status::VeryPreliminary) => "sangat sementara",
            ("id", Status::Revised) => "revisi",
            (_, Status::Final) => "final",
            (_, Status::Preliminary) => "preliminary",
            (_, Status::VeryPreliminary) => "very preliminary",
            (_, Status::Revised) => "revised",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Source {
    /// One name, or one per language (`name = { id = "...", en = "..." }`).
    pub name: Localized,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Series {
    pub id: String,
    pub label: Localized,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Observation {
    pub period: Period,
    /// `None` in a dataset without declared series.
    pub series: Option<String>,
    pub value: f64,
    /// When the value was released; `None` means known from the start.
    #[serde(serialize_with = "serialize_date")]
    pub published: Option<NaiveDate>,
    pub status: Status,
}

/// ISO 8601 (`2021-08-05`): chrono's serde support is not enabled for one field.
fn serialize_date<S: serde::Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
        None => s.serialize_none(),
    }
}

impl Observation {
    /// Was this value public on `date`?
    pub fn known_on(&self, date: NaiveDate) -> bool {
        self.published.is_none_or(|p| p <= date)
    }
}

/// Serializes as the api/ JSON wants it: field names as in the TOML, periods and dates as
/// their canonical text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Indicator {
    pub id: String,
    pub title: Localized,
    pub description: Localized,
    pub unit: Unit,
    pub measure: Measure,
    pub frequency: Frequency,
    /// Decimals shown; for rupiah they apply to the number after its scale word is chosen.
    pub decimals: u8,
    pub source: Source,
    /// One text, or one per language, like the source's name.
    pub license: Option<Localized>,
    pub chart: ChartKind,
    /// In the order declared: that is the order of legends and tables.
    pub series: Vec<Series>,
    /// Sorted by (series, period, published), so output never depends on input order and
    /// the revisions of one value sit together.
    pub observations: Vec<Observation>,
}

impl Indicator {
    /// The observations of one series (`None`: a dataset without series), oldest period
    /// first, revisions after the values they revise.
    pub fn observations_of(&self, series: Option<&str>) -> &[Observation] {
        let start = self.observations.partition_point(|o| o.series.as_deref() < series);
        let len = self.observations[start..].partition_point(|o| o.series.as_deref() == series);
        &self.observations[start..start + len]
    }

    /// Every value published for `period`, oldest release first (the first is the original
    /// figure, the others its revisions).
    pub fn revisions(&self, period: Period, series: Option<&str>) -> Vec<&Observation> {
        let of_series = self.observations_of(series);
        let start = of_series.partition_point(|o| o.period < period);
        of_series[start..].iter().take_while(|o| o.period == period).collect()
    }

    /// The value for `period` as it was known on `date`: the one with the latest `published`
    /// not after `date`. Observations without `published` count as known from the start.
    pub fn as_of(&self, period: Period, series: Option<&str>, date: NaiveDate) -> Option<&Observation> {
        self.revisions(period, series).into_iter().rev().find(|o| o.known_on(date))
    }

    /// The current value for `period`: the latest revision.
    pub fn latest(&self, period: Period, series: Option<&str>) -> Option<&Observation> {
        self.revisions(period, series).pop()
    }

    /// The current value of each period of a series, oldest first (a chart's points).
    pub fn latest_values(&self, series: Option<&str>) -> Vec<&Observation> {
        let mut out: Vec<&Observation> = Vec::new();
        for o in self.observations_of(series) {
            match out.last_mut() {
                // Sorted by published within a period: the later one replaces the earlier.
                Some(last) if last.period == o.period => *last = o,
                _ => out.push(o),
            }
        }
        out
    }

    /// The value of each period of a series as known on `date`, oldest first (a chart in a
    /// release shows what the release's readers saw).
    pub fn values_as_of(&self, series: Option<&str>, date: NaiveDate) -> Vec<&Observation> {
        let mut out: Vec<&Observation> = Vec::new();
        for o in self.observations_of(series).iter().filter(|o| o.known_on(date)) {
            match out.last_mut() {
                Some(last) if last.period == o.period => *last = o,
                _ => out.push(o),
            }
        }
        out
    }

    /// Every period with a value in any series, oldest first, without repeats.
    pub fn periods(&self) -> Vec<Period> {
        let mut periods: Vec<Period> = self.observations.iter().map(|o| o.period).collect();
        periods.sort();
        periods.dedup();
        periods
    }

    pub fn latest_period(&self) -> Option<Period> {
        self.observations.iter().map(|o| o.period).max()
    }

    /// The declared series ids, in declaration order; empty for a single-series dataset.
    pub fn series_ids(&self) -> Vec<&str> {
        self.series.iter().map(|s| s.id.as_str()).collect()
    }

    pub fn series_label(&self, id: &str, lang: &str, default_lang: &str) -> Option<&str> {
        self.series.iter().find(|s| s.id == id).map(|s| s.label.get(lang, default_lang))
    }

    /// `value` in this dataset's unit and decimals: `10,91 persen`.
    pub fn format(&self, value: f64, lang: &str) -> String {
        format_value(value, self.unit, self.decimals, lang)
    }
}

// ---------------------------------------------------------------------------------------
// The TOML as written. Enumerations are read as strings and checked afterwards so that an
// unknown name gets a "did you mean" and does not stop the rest of the file from loading.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    title: Spanned<Localized>,
    description: Option<Spanned<Localized>>,
    unit: Spanned<String>,
    measure: Spanned<String>,
    frequency: Spanned<String>,
    decimals: Option<Spanned<i64>>,
    source: RawSource,
    license: Option<Spanned<Localized>>,
    chart: Option<Spanned<String>>,
    #[serde(default)]
    series: Vec<RawSeries>,
    data: Option<Spanned<String>>,
    observations: Option<Vec<RawObservation>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Spanned<Localized>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    id: Spanned<String>,
    label: Spanned<Localized>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObservation {
    period: Spanned<PeriodInput>,
    value: Spanned<f64>,
    published: Option<Spanned<DateInput>>,
    status: Option<Spanned<String>>,
    series: Option<Spanned<String>>,
}

/// `period = 2021` is what a publisher types for a year; accept it beside `"2021"`.
enum PeriodInput {
    Text(String),
    Year(i64),
}

impl<'de> Deserialize<'de> for PeriodInput {
    // By hand rather than `#[serde(untagged)]`, whose error ("data did not match any
    // variant") would tell a publisher nothing.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => Ok(PeriodInput::Text(s)),
            toml::Value::Integer(y) => Ok(PeriodInput::Year(y)),
            _ => Err(serde::de::Error::custom("period must be written like \"2021\", \"2021-Q2\" or \"2021-06\"")),
        }
    }
}

/// `published = 2021-08-05` (a TOML date) or `"2021-08-05"`; `None` for anything else,
/// reported by the caller with the field's position.
struct DateInput(Option<NaiveDate>);

impl<'de> Deserialize<'de> for DateInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let date = match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
                _ => None,
            },
            toml::Value::String(s) => parse_date(&s),
            _ => None,
        };
        Ok(DateInput(date))
    }
}

/// Only the `data` key, for [`data_file`]; every other key is ignored here.
#[derive(Deserialize)]
struct DataOnly {
    data: Option<Spanned<String>>,
}

/// A file and its text, to place diagnostics.
#[derive(Clone, Copy)]
struct Src<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Src<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(self.path, self.text, offset, message)
    }
    fn line_of(&self, offset: usize) -> usize {
        locate(self.text, offset).0
    }
}

/// One observation before checking, from either format; offsets point into `Src::text`.
struct Row {
    period: String,
    period_at: usize,
    /// `None` when the value was unreadable and already reported.
    value: Option<f64>,
    value_at: usize,
    series: Option<(String, usize)>,
    published: Option<NaiveDate>,
    status: Option<(String, usize)>,
    /// False when a field was unreadable and already reported: the row is checked further
    /// (to report everything at once) but not kept.
    ok: bool,
}

const DATA_HELP: &str = "`data` names a CSV file in the same folder, like `data = \"jakarta-grdp-growth.csv\"`";

/// The CSV file the TOML's `data = "..."` names, for the caller to read from the TOML's
/// folder. `None` when there is no `data`, the TOML does not parse, or the name is not a
/// plain `.csv` file name (parse_indicator reports those).
pub fn data_file(toml_text: &str) -> Option<String> {
    let doc: DataOnly = toml::from_str(toml_text).ok()?;
    let name = doc.data?.into_inner();
    valid_data_name(&name).then_some(name)
}

/// An error placed at the `data` value of the TOML (for example "data file `x.csv` not
/// found beside this file"), for the caller that failed to read the CSV; at the file when
/// the TOML has no `data`.
pub fn data_file_error(toml_path: &Path, toml_text: &str, message: impl Into<String>) -> Diagnostic {
    let at = toml::from_str::<DataOnly>(toml_text).ok().and_then(|d| d.data).map(|d| d.span().start);
    match at {
        Some(offset) => Diagnostic::error_at(toml_path, toml_text, offset, message),
        None => Diagnostic::file_error(toml_path, message),
    }
}

/// The usual [`data_file_error`]: the CSV is not there.
pub fn missing_data_file(toml_path: &Path, toml_text: &str) -> Diagnostic {
    let name = data_file(toml_text).unwrap_or_default();
    data_file_error(toml_path, toml_text, format!("data file `{name}` not found beside this file"))
}

/// A file name in the same folder: the site folder is the boundary of what a build reads.
fn valid_data_name(name: &str) -> bool {
    !name.contains(['/', '\\']) && !name.starts_with('.') && name.len() > 4 && name.to_ascii_lowercase().ends_with(".csv")
}

/// Parses and checks an indicator. `id` is the file name without `.toml`; `csv` is the
/// file that `data` names, as read by the caller.
///
/// Returns `None` when the dataset cannot be used at all (the TOML does not parse, or its
/// unit, measure or frequency is unknown); otherwise the indicator with every observation
/// that passed, and a diagnostic for each that did not. When `data` names a file and `csv`
/// is `None`, the caller has already reported the missing file ([`missing_data_file`]) and
/// the indicator has no observations.
pub fn parse_indicator(id: &str, toml_path: &Path, toml_text: &str, csv: Option<(&Path, &str)>) -> (Option<Indicator>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let src = Src { path: toml_path, text: toml_text };
    let raw: RawIndicator = match toml::from_str(toml_text) {
        Ok(raw) => raw,
        Err(e) => {
            // toml gives some errors without a message (a key with no value at the end of
            // the file), and type errors in Rust's terms: `tomlerr` says them plainly.
            let message = crate::tomlerr::message(&e, toml_text);
            let d = match e.span() {
                Some(span) => src.error(span.start, message),
                None => Diagnostic::file_error(toml_path, message),
            };
            diags.push(d);
            return (None, diags);
        }
    };

    let unit = keyword(&Unit::ALL, "unit", &raw.unit, src, &mut diags);
    let measure = keyword(&Measure::ALL, "measure", &raw.measure, src, &mut diags);
    let frequency = keyword(&Frequency::ALL, "frequency", &raw.frequency, src, &mut diags);
    let chart = match &raw.chart {
        Some(c) => keyword(&ChartKind::ALL, "chart", c, src, &mut diags).unwrap_or_default(),
        None => ChartKind::default(),
    };
    let decimals = match &raw.decimals {
        Some(d) if (0..=6).contains(d.get_ref()) => Some(*d.get_ref() as u8),
        Some(d) => {
            diags.push(src.error(d.span().start, "decimals must be 0 to 6"));
            None
        }
        None => None,
    };

    // Texts a page shows: no control characters, and one line where a line is shown.
    let texts = [
        ("title", Some(&raw.title), OneLine),
        ("description", raw.description.as_ref(), Lines),
        ("license", raw.license.as_ref(), OneLine),
        ("source name", Some(&raw.source.name), OneLine),
    ]
    .into_iter()
    .chain(raw.series.iter().map(|s| ("series label", Some(&s.label), OneLine)));
    for (field, value, lines) in texts {
        let Some(value) = value else { continue };
        for (name, text) in value.get_ref().named_texts(field) {
            check_text(toml_path, src.text, value.span().start, &name, text, lines, &mut diags);
        }
    }

    let mut series = Vec::new();
    let mut seen_series = HashSet::new();
    for s in raw.series {
        let sid = s.id.get_ref();
        if !seen_series.insert(sid.clone()) {
            diags.push(src.error(s.id.span().start, format!("series `{sid}` is declared twice")));
            continue;
        }
        series.push(Series { id: sid.clone(), label: s.label.into_inner() });
    }

    // Where the observations come from: the TOML or the CSV, never both.
    let mut rows = Vec::new();
    let mut row_src = src;
    match (&raw.data, raw.observations) {
        (Some(data), Some(_)) => {
            diags.push(
                src.error(data.span().start, "give either `data` or `[[observations]]`, not both")
                    .with_help("keep the CSV and remove the [[observations]] tables, or remove `data`"),
            );
        }
        (Some(data), None) => {
            if !valid_data_name(data.get_ref()) {
                diags.push(src.error(data.span().start, format!("`{}` is not a CSV file name beside this file", data.get_ref())).with_help(DATA_HELP));
            } else if let Some((csv_path, csv_text)) = csv {
                // A BOM is invisible in an editor: drop it so columns match what the user sees.
                let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
                row_src = Src { path: csv_path, text };
                rows = csv_rows(row_src, &mut diags);
            }
        }
        (None, Some(observations)) => rows = observations.into_iter().map(|o| toml_row(o, src, &mut diags)).collect(),
        (None, None) => diags.push(
            Diagnostic::file_error(toml_path, "this indicator has no observations")
                .with_help("add [[observations]] tables, or `data = \"file.csv\"` naming a CSV beside this file"),
        ),
    }

    let observations = check_rows(rows, frequency, &series, row_src, &mut diags);

    let (Some(unit), Some(measure), Some(frequency)) = (unit, measure, frequency) else {
        return (None, diags);
    };
    let indicator = Indicator {
        id: id.to_string(),
        title: raw.title.into_inner(),
        description: raw.description.map(Spanned::into_inner).unwrap_or_default(),
        unit,
        measure,
        frequency,
        decimals: decimals.unwrap_or_else(|| unit.default_decimals()),
        source: Source { name: raw.source.name.into_inner(), url: raw.source.url },
        license: raw.license.map(Spanned::into_inner),
        chart,
        series,
        observations,
    };
    (Some(indicator), diags)
}

/// Looks `name` up in `all`; an unknown name is reported with the nearest known one.
fn keyword<T: Copy>(all: &[(&'static str, T)], what: &str, name: &Spanned<String>, src: Src, diags: &mut Diagnostics) -> Option<T> {
    let text = name.get_ref().as_str();
    if let Some((_, v)) = all.iter().find(|(n, _)| *n == text) {
        return Some(*v);
    }
    diags.push(unknown(all.iter().map(|(n, _)| *n), what, text, src.error(name.span().start, format!("unknown {what} `{text}`"))));
    None
}

/// Adds "did you mean" when a name is close, the full list otherwise.
fn unknown<'a>(known: impl Iterator<Item = &'a str> + Clone, what: &str, text: &str, d: Diagnostic) -> Diagnostic {
    match nearest(text, known.clone()) {
        Some(n) => d.with_help(format!("did you mean `{n}`?")),
        None => d.with_help(format!("the {what} is one of: {}", known.collect::<Vec<_>>().join(", "))),
    }
}

fn toml_row(o: RawObservation, src: Src, diags: &mut Diagnostics) -> Row {
    let mut ok = true;
    let period_at = o.period.span().start;
    let period = match o.period.into_inner() {
        PeriodInput::Text(s) => s,
        PeriodInput::Year(y) => y.to_string(),
    };
    let published = o.published.and_then(|p| {
        let at = p.span().start;
        let date = p.into_inner().0;
        if date.is_none() {
            ok = false;
            diags.push(src.error(at, "published must be a date like 2021-08-05"));
        }
        date
    });
    Row {
        period,
        period_at,
        value_at: o.value.span().start,
        value: Some(o.value.into_inner()),
        series: o.series.map(|s| (s.get_ref().clone(), s.span().start)),
        published,
        status: o.status.map(|s| (s.get_ref().clone(), s.span().start)),
        ok,
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The checks shared by both formats: period against frequency, finite value, declared
/// series, known status, no duplicates. Returns the sorted observations that passed.
fn check_rows(rows: Vec<Row>, frequency: Option<Frequency>, series: &[Series], src: Src, diags: &mut Diagnostics) -> Vec<Observation> {
    let declared: Vec<&str> = series.iter().map(|s| s.id.as_str()).collect();
    let mut kept: Vec<(Observation, usize)> = Vec::new();
    for row in rows {
        let mut ok = row.ok;
        // With an unknown frequency (already reported) the period is read in whatever form
        // it has, so the other checks still run.
        let period = match frequency {
            Some(f) => Period::parse(&row.period, f),
            None => Period::parse_any(&row.period),
        };
        let period = match period {
            Ok(p) => Some(p),
            Err(reason) => {
                if frequency.is_some() {
                    diags.push(src.error(row.period_at, format!("invalid period `{}`: {reason}", row.period)));
                }
                None
            }
        };
        let value = row.value.filter(|v| {
            if !v.is_finite() {
                diags.push(src.error(row.value_at, format!("value must be a finite number, not `{v}`")));
            }
            v.is_finite()
        });
        let series_id = match (&row.series, declared.is_empty()) {
            (Some((s, at)), _) if !declared.contains(&s.as_str()) => {
                let d = src.error(*at, format!("series `{s}` is not declared in `series`"));
                diags.push(if declared.is_empty() {
                    d.with_help("declare it: series = [{ id = \"...\", label = \"...\" }]")
                } else {
                    unknown(declared.iter().copied(), "series", s, d)
                });
                ok = false;
                None
            }
            (Some((s, _)), _) => Some(s.clone()),
            (None, false) => {
                diags.push(
                    src.error(row.period_at, "this observation names no series")
                        .with_help(format!("the dataset declares series, so give one of: {}", declared.join(", "))),
                );
                ok = false;
                None
            }
            (None, true) => None,
        };
        let status = match &row.status {
            None => Some(Status::default()),
            Some((s, at)) => match Status::ALL.iter().find(|(n, _)| n == s) {
                Some((_, st)) => Some(*st),
                None => {
                    let names = Status::ALL.iter().map(|(n, _)| *n);
                    diags.push(unknown(names, "status", s, src.error(*at, format!("unknown status `{s}`"))));
                    None
                }
            },
        };
        if let (true, Some(period), Some(value), Some(status)) = (ok, period, value, status) {
            let o = Observation { period, series: series_id, value, published: row.published, status };
            kept.push((o, row.period_at));
        }
    }

    let key = |o: &Observation| (o.series.clone(), o.period, o.published);
    // Stable sort keeps file order among equal keys, so the first written is the one kept
    // and the later one is reported.
    kept.sort_by_key(|(o, _)| key(o));
    let mut out: Vec<Observation> = Vec::with_capacity(kept.len());
    let mut first_at = 0;
    for (o, at) in kept {
        if out.last().is_some_and(|last| key(last) == key(&o)) {
            let mut what = format!("period {}", o.period);
            if let Some(s) = &o.series {
                what.push_str(&format!(", series `{s}`"));
            }
            if let Some(p) = o.published {
                what.push_str(&format!(", published {p}"));
            }
            diags.push(
                src.error(at, format!("duplicate observation for {what}: first given on line {}", src.line_of(first_at)))
                    .with_help("a revision needs a later `published` date than the value it revises"),
            );
            continue;
        }
        first_at = at;
        out.push(o);
    }
    out
}

// ---------------------------------------------------------------------------------------
// CSV

const REQUIRED_COLUMNS: [&str; 2] = ["period", "value"];
const COLUMNS: [&str; 5] = ["period", "value", "series", "published", "status"];

/// Byte offsets (into `text`) of the fields of the record starting at `start`, following
/// RFC 4180 quoting: the csv crate gives a record's position but not its fields'.
fn field_starts(text: &str, start: usize) -> Vec<usize> {
    let mut starts = vec![start];
    let mut quoted = false;
    for (i, b) in text.as_bytes()[start..].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => starts.push(start + i + 1),
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
    }
    starts
}

/// Where a record's first field starts. After a CRLF the csv crate places the next record
/// at the `\n` it has not consumed yet; skipping line breaks puts it on the field itself.
fn record_start(text: &str, position: Option<&csv::Position>) -> usize {
    let byte = position.map_or(0, |p| p.byte() as usize).min(text.len());
    byte + text.as_bytes()[byte..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count()
}

fn csv_rows(src: Src, diags: &mut Diagnostics) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(src.text.as_bytes());
    let mut records = reader.records();

    // The header: which column holds what.
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            diags.push(csv_error(src, &e));
            return Vec::new();
        }
        None => {
            diags.push(Diagnostic::file_error(src.path, "the data file is empty").with_help("it needs a header row such as `period,value`"));
            return Vec::new();
        }
    };
    let header_at = record_start(src.text, header.position());
    let header_starts = field_starts(src.text, header_at);
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let at = header_starts.get(i).copied().unwrap_or(header_at);
        match COLUMNS.iter().find(|c| **c == name) {
            Some(c) if columns.contains(&Some(*c)) => {
                diags.push(src.error(at, format!("column `{c}` appears twice")));
                columns.push(None);
            }
            Some(c) => columns.push(Some(*c)),
            None => {
                let d = src.error(at, format!("unknown column `{name}`"));
                diags.push(unknown(COLUMNS.iter().copied(), "column", name, d));
                columns.push(None);
            }
        }
    }
    let mut missing = false;
    for required in REQUIRED_COLUMNS {
        if !columns.contains(&Some(required)) {
            diags.push(
                src.error(header_at, format!("missing column `{required}`"))
                    .with_help("a data file has the columns period,value and may add series,published,status"),
            );
            missing = true;
        }
    }
    if missing {
        return Vec::new();
    }

    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(src, &e));
                continue;
            }
        };
        let row_at = record_start(src.text, record.position());
        if record.len() != columns.len() {
            diags.push(src.error(row_at, format!("this row has {} fields but the header has {}", record.len(), columns.len())));
            continue;
        }
        let starts = field_starts(src.text, row_at);
        let field = |name: &str| {
            let i = columns.iter().position(|c| *c == Some(name))?;
            let text = record.get(i)?.trim();
            let at = starts.get(i).copied().unwrap_or(row_at);
            Some((text, at))
        };
        let non_empty = |name: &str| field(name).filter(|(t, _)| !t.is_empty());
        let mut ok = true;

        let (period, period_at) = field("period").unwrap_or(("", row_at));
        if period.is_empty() {
            diags.push(src.error(period_at, "missing period"));
            ok = false;
        }
        let (value_text, value_at) = field("value").unwrap_or(("", row_at));
        let value = if value_text.is_empty() {
            diags.push(src.error(value_at, "missing value"));
            None
        } else {
            match value_text.parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    let d = src.error(value_at, format!("value `{value_text}` is not a number"));
                    // A decimal comma is the usual slip in Indonesian spreadsheets.
                    diags.push(d.with_help("write numbers with a decimal point and no thousands separator, like 10.91"));
                    None
                }
            }
        };
        let published = match non_empty("published") {
            Some((t, at)) => {
                let d = parse_date(t);
                if d.is_none() {
                    diags.push(src.error(at, format!("published `{t}` is not a date like 2021-08-05")));
                    ok = false;
                }
                d
            }
            None => None,
        };
        rows.push(Row {
            period: period.to_string(),
            period_at,
            value,
            value_at,
            series: non_empty("series").map(|(t, at)| (t.to_string(), at)),
            published,
            status: non_empty("status").map(|(t, at)| (t.to_string(), at)),
            ok: ok && !period.is_empty(),
        });
    }
    rows
}

fn csv_error(src: Src, e: &csv::Error) -> Diagnostic {
    match e.position() {
        Some(p) => src.error(record_start(src.text, Some(p)), format!("unreadable CSV row: {e}")),
        None => Diagnostic::file_error(src.path, format!("unreadable CSV: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Sub;

    const TOML_PATH: &str = "indicators/growth.toml";
    const CSV_PATH: &str = "indicators/growth.csv";

    const HEAD: &str = r#"title = { id = "Pertumbuhan ekonomi DKI Jakarta", en = "Jakarta economic growth" }
description = "Contoh data, bukan angka resmi."
unit = "percent"
measure = "growth-yoy"
frequency = "quarterly"
decimals = 2
source = { name = "BPS Provinsi DKI Jakarta", url = "https://jakarta.bps.go.id" }
license = "CC BY 4.0"
chart = "line"
"#;

    #[test]
    fn source_name_and_license_may_be_given_per_language() {
        let toml = HEAD
            .replace(
                r#"source = { name = "BPS Provinsi DKI Jakarta","#,
                r#"source = { name = { id = "BPS Provinsi DKI Jakarta", en = "BPS-Statistics of DKI Jakarta Province" },"#,
            )
            .replace(r#"license = "CC BY 4.0""#, r#"license = { id = "Data publik BPS", en = "BPS public data" }"#)
            + "[[observations]]\nperiod = \"2021-Q2\"\nvalue = 10.91\n";
        let (ind, diags) = parse(&toml);
        assert_eq!(places(&diags), []);
        let ind = ind.unwrap();
        assert_eq!(ind.source.name.get("en", "id"), "BPS-Statistics of DKI Jakarta Province");
        assert_eq!(ind.source.name.get("id", "id"), "BPS Provinsi DKI Jakarta");
        assert_eq!(ind.license.as_ref().map(|l| l.get("en", "id")), Some("BPS public data"));
    }

    fn parse(toml: &str) -> (Option<Indicator>, Vec<Diagnostic>) {
        let (ind, diags) = parse_indicator("growth", Path::new(TOML_PATH), toml, None);
        (ind, diags.into_sorted())
    }

    fn parse_csv(toml: &str, csv: &str) -> (Option<Indicator>, Vec<Diagnostic>) {
        let (ind, diags) = parse_indicator("growth", Path::new(TOML_PATH), toml, Some((Path::new(CSV_PATH), csv)));
        (ind, diags.into_sorted())
    }

    /// (path, line, column, message) of each diagnostic, to compare in one assert.
    fn places(diags: &[Diagnostic]) -> Vec<(String, usize, usize, String)> {
        diags.iter().map(|d| (d.path.display().to_string(), d.line, d.column, d.message.clone())).collect()
    }

    fn at(path: &str, line: usize, column: usize, message: &str) -> (String, usize, usize, String) {
        (path.to_string(), line, column, message.to_string())
    }

    fn q(year: i32, q: u8) -> Period {
        Period { year, sub: Sub::Quarter(q) }
    }

    /// Found by fuzzing (fuzz/, indicator_parse): a key with no value at the end of the file
    /// made a diagnostic with an empty message, since toml gives that error no text.
    #[test]
    fn a_key_without_value_at_the_end_has_a_message() {
        for toml in [format!("{HEAD}[[observations]]\nperiod = \"2021-Q2\"\nvalue = 10.91\npublished ="), "published =".to_string()] {
            let (ind, diags) = parse(&toml);
            assert!(ind.is_none());
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert!(!diags[0].message.trim().is_empty(), "{diags:?}");
            assert!(diags[0].line > 0, "{diags:?}");
        }
    }

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn with_data(csv_name: &str) -> String {
        format!("{HEAD}data = \"{csv_name}\"\n")
    }

    #[test]
    fn reads_a_complete_toml_dataset() {
        let toml = format!(
            "{HEAD}
[[observations]]
period = \"2021-Q2\"
value = 10.91
published = 2021-08-05
status = \"preliminary\"

[[observations]]
period = \"2021-Q1\"
value = -1.65
published = \"2021-05-05\"
"
        );
        let (ind, diags) = parse(&toml);
        assert_eq!(places(&diags), []);
        let ind = ind.unwrap();
        assert_eq!(ind.id, "growth");
        assert_eq!(ind.title.get("en", "id"), "Jakarta economic growth");
        assert_eq!(ind.unit, Unit::Percent);
        assert_eq!(ind.measure, Measure::GrowthYoy);
        assert_eq!(ind.frequency, Frequency::Quarterly);
        assert_eq!(ind.decimals, 2);
        assert_eq!(ind.source, Source { name: "BPS Provinsi DKI Jakarta".into(), url: Some("https://jakarta.bps.go.id".into()) });
        assert_eq!(ind.license, Some("CC BY 4.0".into()));
        assert_eq!(ind.chart, ChartKind::Line);
        // Sorted by period whatever the file order.
        let periods: Vec<String> = ind.observations.iter().map(|o| o.period.to_string()).collect();
        assert_eq!(periods, ["2021-Q1", "2021-Q2"]);
        assert_eq!(ind.observations[1].status, Status::Preliminary);
        assert_eq!(ind.observations[0].status, Status::Final);
        assert_eq!(ind.observations[1].published, Some(date("2021-08-05")));
        assert_eq!(ind.observations[0].published, Some(date("2021-05-05")));
        assert_eq!(ind.format(ind.observations[1].value, "id"), "10,91 persen");
    }

    #[test]
    fn annual_period_may_be_a_bare_number_and_defaults_apply() {
        let toml = r#"title = "Jumlah UMKM"
unit = "count"
measure = "level"
frequency = "annual"
source = { name = "Dinas PPKUKM" }

[[observations]]
period = 2021
value = 1234
"#;
        let (ind, diags) = parse(toml);
        assert_eq!(places(&diags), []);
        let ind = ind.unwrap();
        assert_eq!(ind.decimals, 0);
        assert_eq!(ind.chart, ChartKind::Line);
        assert_eq!(ind.description, Localized::default());
        assert_eq!(ind.observations[0].period, Period::annual(2021));
        assert_eq!(ind.observations[0].value, 1234.0);
        assert_eq!(ind.format(1234.0, "en"), "1,234");
    }

    #[test]
    fn toml_syntax_and_unknown_fields_are_placed() {
        let (ind, diags) = parse("title = \"x\"\nunit = \n");
        assert!(ind.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].path.to_str(), diags[0].line), (Some(TOML_PATH), 2));

        let toml = HEAD.replace("license = ", "licence = ");
        let (ind, diags) = parse(&toml);
        assert!(ind.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (8, 1));
        assert!(diags[0].message.starts_with("unknown field `licence`"), "{}", diags[0].message);
    }

    #[test]
    fn unknown_unit_measure_frequency_and_chart_suggest_the_nearest() {
        let toml = HEAD
            .replace("\"percent\"", "\"persent\"")
            .replace("\"growth-yoy\"", "\"growth-yoyy\"")
            .replace("\"quarterly\"", "\"kuartal\"")
            .replace("chart = \"line\"", "chart = \"histogram\"");
        let (ind, diags) = parse(&format!("{toml}\n[[observations]]\nperiod = \"2021-Q2\"\nvalue = 1.0\n"));
        assert!(ind.is_none());
        assert_eq!(
            places(&diags),
            [
                at(TOML_PATH, 3, 8, "unknown unit `persent`"),
                at(TOML_PATH, 4, 11, "unknown measure `growth-yoyy`"),
                at(TOML_PATH, 5, 13, "unknown frequency `kuartal`"),
                at(TOML_PATH, 9, 9, "unknown chart `histogram`"),
            ]
        );
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `percent`?"));
        assert_eq!(diags[1].help.as_deref(), Some("did you mean `growth-yoy`?"));
        assert_eq!(diags[2].help.as_deref(), Some("did you mean `quarterly`?"));
        // Nothing close: list the valid names instead.
        assert_eq!(diags[3].help.as_deref(), Some("the chart is one of: line, bar, column"));
        assert_eq!(diags[0].source_line.as_deref(), Some("unit = \"persent\""));
    }

    #[test]
    fn decimals_out_of_range() {
        let (ind, diags) = parse(&format!("{}\n[[observations]]\nperiod = \"2021-Q2\"\nvalue = 1.0\n", HEAD.replace("decimals = 2", "decimals = 9")));
        assert_eq!(places(&diags), [at(TOML_PATH, 6, 12, "decimals must be 0 to 6")]);
        // The dataset still loads, with the unit's default.
        assert_eq!(ind.unwrap().decimals, 2);
    }

    #[test]
    fn observation_errors_are_all_reported_with_positions() {
        let toml = format!(
            "{HEAD}
[[observations]]
period = \"2021-Q5\"
value = 1.0

[[observations]]
period = \"2021-06\"
value = 2.0

[[observations]]
period = \"2021-Q1\"
value = nan

[[observations]]
period = \"2021-Q2\"
value = -inf
status = \"prelim\"

[[observations]]
period = \"2021-Q3\"
value = 3.0
published = 2021-11-05T10:00:00
series = \"manufaktur\"

[[observations]]
period = \"2021-Q4\"
value = 4.0
"
        );
        let (ind, diags) = parse(&toml);
        assert_eq!(
            places(&diags),
            [
                at(TOML_PATH, 12, 10, "invalid period `2021-Q5`: quarter must be 1 to 4"),
                at(TOML_PATH, 16, 10, "invalid period `2021-06`: expected a quarter like 2021-Q2 in a quarterly dataset"),
                at(TOML_PATH, 21, 9, "value must be a finite number, not `NaN`"),
                at(TOML_PATH, 25, 9, "value must be a finite number, not `-inf`"),
                at(TOML_PATH, 26, 10, "unknown status `prelim`"),
                at(TOML_PATH, 31, 13, "published must be a date like 2021-08-05"),
                at(TOML_PATH, 32, 10, "series `manufaktur` is not declared in `series`"),
            ]
        );
        assert_eq!(diags[4].help.as_deref(), Some("did you mean `preliminary`?"));
        // The one good observation is kept.
        let ind = ind.unwrap();
        assert_eq!(ind.observations.len(), 1);
        assert_eq!(ind.observations[0].period, q(2021, 4));
    }

    #[test]
    fn wrong_types_are_placed_and_explained() {
        let obs = |body: &str| format!("{HEAD}\n[[observations]]\n{body}\n");
        let (ind, diags) = parse(&obs("period = \"2021-Q2\"\nvalue = \"10,91\""));
        assert!(ind.is_none());
        assert_eq!(places(&diags), [at(TOML_PATH, 13, 9, "invalid type: string \"10,91\", expected a number")]);
        let (_, diags) = parse(&obs("period = 2021.5\nvalue = 1"));
        assert_eq!(places(&diags), [at(TOML_PATH, 12, 10, "period must be written like \"2021\", \"2021-Q2\" or \"2021-06\"")]);
        let (_, diags) = parse(&obs("period = \"2021-Q2\"\nvalue = 1\npublished = 20210805"));
        assert_eq!(places(&diags), [at(TOML_PATH, 14, 13, "published must be a date like 2021-08-05")]);
        let (_, diags) = parse(&HEAD.replace("unit = \"percent\"\n", ""));
        assert_eq!(places(&diags), [at(TOML_PATH, 1, 1, "missing field `unit`")]);
    }

    #[test]
    fn duplicates_name_both_lines() {
        let toml = format!(
            "{HEAD}
[[observations]]
period = \"2021-Q2\"
value = 10.91
published = 2021-08-05

[[observations]]
period = \"2021-Q2\"
value = 10.94
published = 2021-11-05

[[observations]]
period = \"2021-Q2\"
value = 10.92
published = 2021-08-05
"
        );
        let (ind, diags) = parse(&toml);
        assert_eq!(places(&diags), [at(TOML_PATH, 22, 10, "duplicate observation for period 2021-Q2, published 2021-08-05: first given on line 12")]);
        assert_eq!(diags[0].help.as_deref(), Some("a revision needs a later `published` date than the value it revises"));
        let ind = ind.unwrap();
        // The first one written is kept.
        let values: Vec<f64> = ind.observations.iter().map(|o| o.value).collect();
        assert_eq!(values, [10.91, 10.94]);
    }

    #[test]
    fn series_must_be_declared_once_and_named_by_every_observation() {
        let toml = format!(
            "{HEAD}series = [
  {{ id = \"manufaktur\", label = {{ id = \"Industri pengolahan\", en = \"Manufacturing\" }} }},
  {{ id = \"perdagangan\", label = \"Perdagangan\" }},
  {{ id = \"manufaktur\", label = \"Lagi\" }},
]

[[observations]]
period = \"2021-Q2\"
series = \"manufaktur\"
value = 2.01

[[observations]]
period = \"2021-Q2\"
series = \"perdagangn\"
value = 1.5

[[observations]]
period = \"2021-Q2\"
value = 1.5
"
        );
        let (ind, diags) = parse(&toml);
        assert_eq!(
            places(&diags),
            [
                at(TOML_PATH, 13, 10, "series `manufaktur` is declared twice"),
                at(TOML_PATH, 23, 10, "series `perdagangn` is not declared in `series`"),
                at(TOML_PATH, 27, 10, "this observation names no series"),
            ]
        );
        assert_eq!(diags[1].help.as_deref(), Some("did you mean `perdagangan`?"));
        let ind = ind.unwrap();
        assert_eq!(ind.series_ids(), ["manufaktur", "perdagangan"]);
        assert_eq!(ind.series_label("manufaktur", "en", "id"), Some("Manufacturing"));
        assert_eq!(ind.observations.len(), 1);
        assert_eq!(ind.observations[0].series.as_deref(), Some("manufaktur"));
    }

    #[test]
    fn no_observations_is_an_error_about_the_file() {
        let (ind, diags) = parse(HEAD);
        assert!(ind.is_some());
        assert_eq!(places(&diags), [at(TOML_PATH, 0, 0, "this indicator has no observations")]);
    }

    #[test]
    fn data_and_observations_together_are_refused() {
        let toml = format!("{}\n[[observations]]\nperiod = \"2021-Q2\"\nvalue = 1.0\n", with_data("growth.csv"));
        let (_, diags) = parse_csv(&toml, "period,value\n2021-Q2,1.0\n");
        assert_eq!(places(&diags), [at(TOML_PATH, 10, 8, "give either `data` or `[[observations]]`, not both")]);
    }

    #[test]
    fn data_file_names_the_csv_to_read() {
        assert_eq!(data_file(&with_data("growth.csv")).as_deref(), Some("growth.csv"));
        assert_eq!(data_file(HEAD), None);
        assert_eq!(data_file("not toml ="), None);
        // Only a plain name beside the TOML: a build reads nothing outside the site folder.
        assert_eq!(data_file(&with_data("../secret.csv")), None);
        assert_eq!(data_file(&with_data("/etc/passwd")), None);
        assert_eq!(data_file(&with_data("growth.xlsx")), None);
        let (_, diags) = parse(&with_data("../secret.csv"));
        assert_eq!(places(&diags), [at(TOML_PATH, 10, 8, "`../secret.csv` is not a CSV file name beside this file")]);
    }

    #[test]
    fn missing_data_file_points_at_the_data_value() {
        let toml = with_data("growth.csv");
        let d = missing_data_file(Path::new(TOML_PATH), &toml);
        assert_eq!(places(&[d]), [at(TOML_PATH, 10, 8, "data file `growth.csv` not found beside this file")]);
        let d = data_file_error(Path::new(TOML_PATH), &toml, "permission denied");
        assert_eq!((d.line, d.column, d.message.as_str()), (10, 8, "permission denied"));
        // The caller reported it; parsing goes on with no observations and no second error.
        let (ind, diags) = parse(&toml);
        assert_eq!(places(&diags), []);
        assert!(ind.unwrap().observations.is_empty());
    }

    #[test]
    fn reads_csv_with_bom_crlf_quotes_and_optional_columns() {
        let csv = "\u{feff}period,value,published,status\r\n\
                   2021-Q1,-0.74,2021-05-05,preliminary\r\n\
                   2021-Q2,10.91,2021-08-05,preliminary\r\n\
                   2021-Q2,\"10.94\",2021-11-05,revised\r\n\
                   2021-Q3, 2.43 ,,\r\n";
        let (ind, diags) = parse_csv(&with_data("growth.csv"), csv);
        assert_eq!(places(&diags), []);
        let ind = ind.unwrap();
        assert_eq!(ind.observations.len(), 4);
        assert_eq!(ind.revisions(q(2021, 2), None).iter().map(|o| o.value).collect::<Vec<_>>(), [10.91, 10.94]);
        let q3 = ind.latest(q(2021, 3), None).unwrap();
        assert_eq!((q3.value, q3.published, q3.status), (2.43, None, Status::Final));
        assert_eq!(ind.observations[0].value, -0.74);
    }

    #[test]
    fn csv_with_series_column() {
        let toml = format!("{}series = [{{ id = \"a\", label = \"A\" }}, {{ id = \"b\", label = \"B\" }}]\n", with_data("g.csv"));
        let csv = "series,period,value\nb,2021-Q1,2\na,2021-Q1,1\n";
        let (ind, diags) = parse_csv(&toml, csv);
        assert_eq!(places(&diags), []);
        let ind = ind.unwrap();
        assert_eq!(ind.latest(q(2021, 1), Some("a")).map(|o| o.value), Some(1.0));
        assert_eq!(ind.latest(q(2021, 1), Some("b")).map(|o| o.value), Some(2.0));
        assert_eq!(ind.latest(q(2021, 1), None), None);
        assert_eq!(ind.observations_of(Some("b")).len(), 1);
    }

    #[test]
    fn csv_header_errors() {
        let (_, diags) = parse_csv(&with_data("growth.csv"), "\u{feff}period,valeu,source\r\n2021-Q1,1\r\n");
        assert_eq!(
            places(&diags),
            [at(CSV_PATH, 1, 1, "missing column `value`"), at(CSV_PATH, 1, 8, "unknown column `valeu`"), at(CSV_PATH, 1, 14, "unknown column `source`"),]
        );
        assert_eq!(diags[1].help.as_deref(), Some("did you mean `value`?"));
        assert_eq!(diags[0].source_line.as_deref(), Some("period,valeu,source"));

        let (_, diags) = parse_csv(&with_data("growth.csv"), "period,value,period\n");
        assert_eq!(places(&diags), [at(CSV_PATH, 1, 14, "column `period` appears twice")]);

        let (_, diags) = parse_csv(&with_data("growth.csv"), "");
        assert_eq!(places(&diags), [at(CSV_PATH, 0, 0, "the data file is empty")]);
    }

    #[test]
    fn csv_row_errors_point_at_the_field() {
        let csv = "period,value,published,status\r\n\
                   2021-Q5,1.0,,\r\n\
                   2021-Q1,\"10,91\",,\r\n\
                   2021-Q2,NaN,,\r\n\
                   2021-Q3,3.0,5 Nov 2021,\r\n\
                   2021-Q4,4.0,,prelim\r\n\
                   2022-Q1,5.0\r\n\
                   2022-Q2,,,\r\n\
                   2022-Q3,6.0,2022-11-05,final\r\n\
                   \"2022-Q3\",6.1,2022-11-05,final\r\n";
        let (ind, diags) = parse_csv(&with_data("growth.csv"), csv);
        assert_eq!(
            places(&diags),
            [
                at(CSV_PATH, 2, 1, "invalid period `2021-Q5`: quarter must be 1 to 4"),
                at(CSV_PATH, 3, 9, "value `10,91` is not a number"),
                at(CSV_PATH, 4, 9, "value must be a finite number, not `NaN`"),
                at(CSV_PATH, 5, 13, "published `5 Nov 2021` is not a date like 2021-08-05"),
                at(CSV_PATH, 6, 14, "unknown status `prelim`"),
                at(CSV_PATH, 7, 1, "this row has 2 fields but the header has 4"),
                at(CSV_PATH, 8, 9, "missing value"),
                at(CSV_PATH, 10, 1, "duplicate observation for period 2022-Q3, published 2022-11-05: first given on line 9"),
            ]
        );
        assert_eq!(diags[1].help.as_deref(), Some("write numbers with a decimal point and no thousands separator, like 10.91"));
        // The CRLF does not leak into the shown line.
        assert_eq!(diags[2].source_line.as_deref(), Some("2021-Q2,NaN,,"));
        assert_eq!(ind.unwrap().observations.len(), 1);
    }

    #[test]
    fn csv_columns_count_characters_and_multiline_quotes() {
        // A quoted field may hold a line break; the next record's line is counted after it.
        let toml = format!("{}series = [{{ id = \"é\", label = \"E\" }}]\n", with_data("growth.csv"));
        let csv = "series,period,value\n\"é\nx\",2021-Q1,1\né,2021-Q9,2\n";
        let (_, diags) = parse_csv(&toml, csv);
        assert_eq!(
            places(&diags),
            [at(CSV_PATH, 2, 1, "series `é\nx` is not declared in `series`"), at(CSV_PATH, 4, 3, "invalid period `2021-Q9`: quarter must be 1 to 4"),]
        );
    }

    #[test]
    fn field_starts_follow_quotes() {
        let text = "a,\"b,c\",d\ne,f";
        assert_eq!(field_starts(text, 0), [0, 2, 8]);
        assert_eq!(field_starts(text, 10), [10, 12]);
    }

    fn revised_dataset() -> Indicator {
        let csv = "period,value,published,status\n\
                   2021-Q1,-0.74,2021-05-05,preliminary\n\
                   2021-Q2,10.91,2021-08-05,preliminary\n\
                   2021-Q2,10.94,2021-11-05,revised\n\
                   2021-Q2,10.95,2022-02-07,final\n\
                   2021-Q3,2.43,2021-11-05,preliminary\n\
                   2020-Q4,-3.1,,final\n";
        let (ind, diags) = parse_csv(&with_data("growth.csv"), csv);
        assert_eq!(places(&diags), []);
        ind.unwrap()
    }

    #[test]
    fn a_chart_shared_between_pages_is_the_chart_drawn_for_that_page() {
        use crate::figures::{chart_figure, ChartMemo, ChartRequest, Env};
        use std::collections::BTreeMap;
        let ind = revised_dataset();
        let indicators = BTreeMap::from([(ind.id.clone(), ind.clone())]);
        let strings = BTreeMap::new();
        let memo = ChartMemo::default();
        let req = ChartRequest { kind: ind.chart, from: None, to: None, period: None, series: None, id: "chart-1".into() };
        // Before, at and between vintages, and one date again: the memo must tell them apart.
        let dates = ["2021-08-04", "2021-08-05", "2021-09-30", "2021-11-05", "2030-01-01", "2021-08-05"];
        for as_of in dates.iter().map(|d| Some(date(d))).chain([None]) {
            for lang in ["id", "en"] {
                let env = |charts| Env { indicators: &indicators, lang, default_lang: "id", prefix: "", root: "", as_of, strings: &strings, charts };
                assert_eq!(chart_figure(&ind, &req, &env(Some(&memo))), chart_figure(&ind, &req, &env(None)), "{as_of:?} {lang}");
            }
        }
    }

    #[test]
    fn as_of_returns_what_was_known_on_a_date() {
        let ind = revised_dataset();
        let value = |p, d: &str| ind.as_of(p, None, date(d)).map(|o| o.value);
        assert_eq!(value(q(2021, 2), "2021-08-04"), None);
        assert_eq!(value(q(2021, 2), "2021-08-05"), Some(10.91));
        assert_eq!(value(q(2021, 2), "2021-11-04"), Some(10.91));
        assert_eq!(value(q(2021, 2), "2021-11-05"), Some(10.94));
        assert_eq!(value(q(2021, 2), "2030-01-01"), Some(10.95));
        // Without `published`, a value is known from the start.
        assert_eq!(value(q(2020, 4), "1990-01-01"), Some(-3.1));
        assert_eq!(value(q(2019, 1), "2030-01-01"), None);
        assert_eq!(ind.as_of(q(2021, 2), Some("x"), date("2030-01-01")), None);
    }

    #[test]
    fn revisions_and_latest() {
        let ind = revised_dataset();
        let revs: Vec<(f64, Status)> = ind.revisions(q(2021, 2), None).iter().map(|o| (o.value, o.status)).collect();
        assert_eq!(revs, [(10.91, Status::Preliminary), (10.94, Status::Revised), (10.95, Status::Final)]);
        assert_eq!(ind.latest(q(2021, 2), None).map(|o| o.value), Some(10.95));
        assert_eq!(ind.revisions(q(2019, 1), None), Vec::<&Observation>::new());
        assert_eq!(ind.latest_period(), Some(q(2021, 3)));
        assert_eq!(ind.periods(), [q(2020, 4), q(2021, 1), q(2021, 2), q(2021, 3)]);
        assert_eq!(ind.series_ids(), Vec::<&str>::new());
    }

    #[test]
    fn series_values_latest_and_as_of() {
        let ind = revised_dataset();
        let latest: Vec<(String, f64)> = ind.latest_values(None).iter().map(|o| (o.period.to_string(), o.value)).collect();
        assert_eq!(latest, [("2020-Q4".into(), -3.1), ("2021-Q1".into(), -0.74), ("2021-Q2".into(), 10.95), ("2021-Q3".into(), 2.43)]);
        let then: Vec<(String, f64)> = ind.values_as_of(None, date("2021-08-31")).iter().map(|o| (o.period.to_string(), o.value)).collect();
        assert_eq!(then, [("2020-Q4".into(), -3.1), ("2021-Q1".into(), -0.74), ("2021-Q2".into(), 10.91)]);
    }

    #[test]
    fn observations_are_sorted_whatever_the_input_order() {
        let a = "period,value,published\n2021-Q2,2,2021-11-05\n2021-Q1,1,\n2021-Q2,1,2021-08-05\n";
        let b = "period,value,published\n2021-Q2,1,2021-08-05\n2021-Q2,2,2021-11-05\n2021-Q1,1,\n";
        let (ia, _) = parse_csv(&with_data("growth.csv"), a);
        let (ib, _) = parse_csv(&with_data("growth.csv"), b);
        assert_eq!(ia.unwrap().observations, ib.unwrap().observations);
    }

    #[test]
    fn serializes_for_the_api() {
        let ind = revised_dataset();
        let json = serde_json::to_value(&ind).unwrap();
        assert_eq!(json["unit"], "percent");
        assert_eq!(json["frequency"], "quarterly");
        assert_eq!(json["title"]["en"], "Jakarta economic growth");
        assert_eq!(json["observations"][0], serde_json::json!({"period": "2020-Q4", "series": null, "value": -3.1, "published": null, "status": "final"}));
        assert_eq!(json["observations"][1]["published"], "2021-05-05");
        assert_eq!(json["observations"][1]["status"], "preliminary");
    }

    #[test]
    fn status_labels() {
        assert_eq!(Status::VeryPreliminary.label("id"), "sangat sementara");
        assert_eq!(Status::VeryPreliminary.label("en"), "very preliminary");
        assert_eq!(Status::VeryPreliminary.as_str(), "very-preliminary");
        assert_eq!(ChartKind::Column.as_str(), "column");
    }
}
