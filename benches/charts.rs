//! Chart benchmark: renders 1,000 charts on one thread, the way a release build does
//! (indicator data -> localized spec with its trend description -> SVG), and prints the time.
//!
//! Run: `cargo bench --bench charts`. Target (issue 3): 1,000 charts in under 1 s on one core.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use warta::figures::{chart_spec, ChartRequest, Env};
use warta::indicator::{parse_indicator, ChartKind};

fn dataset(series: usize) -> String {
    let mut t =
        String::from("title = \"Bench\"\nunit = \"percent\"\nmeasure = \"growth-yoy\"\nfrequency = \"quarterly\"\nsource = { name = \"Data sintetis\" }\n");
    if series > 1 {
        t.push_str("series = [");
        for s in 0..series {
            t.push_str(&format!("{{ id = \"s{s}\", label = \"Sektor {s}\" }}, "));
        }
        t.push_str("]\n");
    }
    for q in 0..40 {
        for s in 0..series {
            let v = ((q * 7 + s * 13) % 23) as f64 * 0.97 - 9.0;
            let series_line = if series > 1 { format!("series = \"s{s}\"\n") } else { String::new() };
            t.push_str(&format!("[[observations]]\nperiod = \"{}-Q{}\"\nvalue = {v:.2}\n{series_line}\n", 2012 + q / 4, q % 4 + 1));
        }
    }
    t
}

fn main() {
    let single = parse_indicator("a", Path::new("a.toml"), &dataset(1), None).0.expect("valid dataset");
    let multi = parse_indicator("b", Path::new("b.toml"), &dataset(6), None).0.expect("valid dataset");
    let mut indicators = BTreeMap::new();
    indicators.insert("a".to_string(), single);
    indicators.insert("b".to_string(), multi);
    let strings: BTreeMap<String, String> =
        [("source", "Sumber"), ("unit_percent", "persen"), ("measure_growth-yoy", "y-on-y")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let env = Env { indicators: &indicators, lang: "id", default_lang: "id", prefix: "", root: "", as_of: None, strings: &strings, charts: None };

    // A build's mix: line charts of one series, line charts of several, bar charts at one period.
    let jobs: Vec<(&str, ChartKind)> = (0..1000)
        .map(|i| match i % 4 {
            0 | 1 => ("a", ChartKind::Line),
            2 => ("b", ChartKind::Line),
            _ => ("b", ChartKind::Bar),
        })
        .collect();

    let mut runs = Vec::new();
    let mut bytes = 0;
    for _ in 0..5 {
        let start = Instant::now();
        bytes = 0;
        for (i, (id, kind)) in jobs.iter().enumerate() {
            let req = ChartRequest { kind: *kind, from: None, to: None, period: None, series: None, id: format!("c{i}") };
            let spec = chart_spec(&indicators[*id], &req, &env);
            bytes += warta::chart::render(&spec).len();
        }
        runs.push(start.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    println!("charts: 1000 charts (line x1, line x6, bar x6; 40 quarters), one thread");
    println!("charts: median {:.3} s, min {:.3} s, max {:.3} s over 5 runs; {:.1} kB SVG per chart", runs[2], runs[0], runs[4], bytes as f64 / 1000.0 / 1000.0);
}
