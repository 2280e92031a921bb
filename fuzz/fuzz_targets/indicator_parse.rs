//! `indicator::parse_indicator` on TOML text and, after the first NUL byte, CSV text (with a
//! `data = "x.csv"` line put in front of the TOML when it names no data file). Every
//! diagnostic points at a real line and column of the file it names; an indicator that
//! comes out keeps only observations that satisfy its own rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use warta::indicator::{data_file, missing_data_file, parse_indicator};
use warta_fuzz::{check_diagnostic, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let toml_path = Path::new("x.toml");
    let csv_path = Path::new("x.csv");
    let (toml_text, csv_text) = match input.split_once('\0') {
        Some((t, c)) if data_file(t).is_some() => (t.to_string(), Some(c)),
        Some((t, c)) => (format!("data = \"x.csv\"\n{t}"), Some(c)),
        None => (input.clone(), None),
    };
    let csv = csv_text.map(|c| (csv_path, c));

    check_diagnostic(&missing_data_file(toml_path, &toml_text), &toml_text);

    let (indicator, diags) = parse_indicator("x", toml_path, &toml_text, csv);
    // The CSV's diagnostics are placed in its text after a BOM is dropped.
    let csv_seen = csv_text.map(|c| c.strip_prefix('\u{feff}').unwrap_or(c)).unwrap_or("");
    for d in diags.iter() {
        if d.path == toml_path {
            check_diagnostic(d, &toml_text);
        } else {
            assert_eq!(d.path, csv_path, "{d:?}");
            check_diagnostic(d, csv_seen);
        }
    }
    let Some(ind) = indicator else { return };
    assert!(ind.decimals <= 6);
    let declared: Vec<&str> = ind.series.iter().map(|s| s.id.as_str()).collect();
    for (i, s) in declared.iter().enumerate() {
        assert!(!declared[..i].contains(s), "series `{s}` kept twice");
    }
    let key = |o: &warta::indicator::Observation| (o.series.clone(), o.period, o.published);
    for (i, o) in ind.observations.iter().enumerate() {
        assert!(o.value.is_finite(), "{o:?}");
        assert_eq!(o.period.frequency(), ind.frequency, "{o:?}");
        match &o.series {
            Some(s) => assert!(declared.contains(&s.as_str()), "{o:?}"),
            None => assert!(declared.is_empty(), "{o:?} names no series"),
        }
        if i > 0 {
            let prev = &ind.observations[i - 1];
            assert!(key(prev) < key(o), "observations not sorted or duplicated: {prev:?} then {o:?}");
        }
        for lang in ["id", "en"] {
            assert!(!ind.format(o.value, lang).is_empty());
        }
        // "As known on" the publication date finds this value or a later revision of it.
        if let Some(p) = o.published {
            let known = ind.as_of(o.period, o.series.as_deref(), p).expect("a published value is known on its date");
            assert!(known.published >= o.published);
        }
        assert!(ind.latest(o.period, o.series.as_deref()).is_some());
    }
    for series in std::iter::once(None).chain(declared.iter().map(|s| Some(*s))) {
        assert!(ind.latest_values(series).windows(2).all(|w| w[0].period < w[1].period));
    }
});
