//! Tests of `chart`: snapshots of each kind, plus the properties a reader and a screen reader
//! rely on (scaling, title and description, escaping, no text outside the picture, the same
//! bytes every time).

use super::*;

fn series(label: &str, values: &[Option<f64>], decimal_comma: bool) -> ChartSeries {
    ChartSeries {
        label: label.to_string(),
        values: values.to_vec(),
        value_labels: values.iter().map(|v| v.map(|v| format_number(v, 2, decimal_comma)).unwrap_or_default()).collect(),
    }
}

fn quarters_id(from_year: i32, n: usize) -> Vec<String> {
    const Q: [&str; 4] = ["I", "II", "III", "IV"];
    (0..n).map(|i| format!("Tw {}-{}", Q[i % 4], from_year + (i / 4) as i32)).collect()
}

fn quarters_en(from_year: i32, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("Q{} {}", i % 4 + 1, from_year + (i / 4) as i32)).collect()
}

fn spec(kind: ChartKind, title: &str, categories: Vec<String>, series: Vec<ChartSeries>) -> ChartSpec {
    ChartSpec {
        kind,
        title: title.to_string(),
        unit: "persen, y-on-y".to_string(),
        source: "Sumber: BPS Provinsi DKI Jakarta".to_string(),
        categories,
        series,
        desc: String::new(),
        id: "chart-1".to_string(),
        width: 640,
        height: 400,
        decimal_comma: true,
        cycle: 4,
    }
}

/// Jakarta's GRDP growth, 2019-Q1 to 2021-Q2, with the 2020 contraction.
fn line_one() -> ChartSpec {
    let v = [6.23, 5.71, 5.86, 5.96, 5.06, -8.23, -3.82, -2.14, -1.65, 10.91];
    let values: Vec<Option<f64>> = v.iter().copied().map(Some).collect();
    let mut s = spec(ChartKind::Line, "Pertumbuhan ekonomi DKI Jakarta", quarters_id(2019, v.len()), vec![series("Pertumbuhan ekonomi", &values, true)]);
    s.desc = describe(&s, Lang::Id, &|l| format!("{l} persen"));
    s
}

/// Three sectors over twelve quarters, English, with a gap in one series.
fn line_three() -> ChartSpec {
    let a = [4.1, 4.3, 3.9, 4.6, 2.0, -6.1, -3.2, -1.5, 0.8, 9.2, 5.1, 4.4];
    let b = [5.2, 5.0, 5.4, 5.6, 1.2, -9.8, -5.6, -3.9, -0.6, 12.1, 6.3, 5.0];
    let c = [8.9, 9.4, 9.1, 9.8, 10.2, 11.9, 10.4, 10.1, 9.7, 8.8, 9.0, 9.3];
    let mut bs: Vec<Option<f64>> = b.iter().copied().map(Some).collect();
    bs[3] = None;
    let all = vec![
        series("Manufacturing", &a.map(Some), false),
        series("Wholesale and retail trade", &bs, false),
        series("Information and communication", &c.map(Some), false),
    ];
    let mut s = spec(ChartKind::Line, "Growth by sector, Jakarta", quarters_en(2019, 12), all);
    s.unit = "percent, y-on-y".to_string();
    s.source = "Source: BPS-Statistics of DKI Jakarta Province".to_string();
    s.decimal_comma = false;
    s.desc = describe(&s, Lang::En, &|l| format!("{l} percent"));
    s
}

/// Sources of growth by sector: long Indonesian category names and one negative value.
fn bar() -> ChartSpec {
    let cats = [
        "Industri Pengolahan",
        "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor",
        "Transportasi dan Pergudangan",
        "Informasi dan Komunikasi",
        "Konstruksi",
        "Jasa Keuangan dan Asuransi",
        "Lainnya",
    ];
    let v = [2.54, 2.01, 1.02, 0.88, 0.62, -0.15, 3.99];
    let mut s = spec(
        ChartKind::Bar,
        "Sumber pertumbuhan ekonomi DKI Jakarta, Tw II-2021",
        cats.iter().map(|c| c.to_string()).collect(),
        vec![series("Sumber pertumbuhan", &v.map(Some), true)],
    );
    s.unit = "poin persen".to_string();
    s.desc = describe(&s, Lang::Id, &|l| format!("{l} poin persen"));
    s
}

/// Annual growth with the 2020 contraction.
fn column() -> ChartSpec {
    let v = [6.2, 6.11, 5.82, -2.39, 3.56];
    let mut s = spec(
        ChartKind::Column,
        "Pertumbuhan ekonomi tahunan DKI Jakarta",
        (2017..=2021).map(|y| y.to_string()).collect(),
        vec![series("Pertumbuhan", &v.map(Some), true)],
    );
    s.unit = "persen".to_string();
    s.desc = describe(&s, Lang::Id, &|l| format!("{l} persen"));
    s
}

/// Two series per category: needs a legend besides the value labels.
fn column_two() -> ChartSpec {
    let mut s = spec(
        ChartKind::Column,
        "Ekspor dan impor DKI Jakarta",
        (2019..=2021).map(|y| y.to_string()).collect(),
        vec![series("Ekspor", &[Some(12.4), Some(10.9), Some(13.8)], true), series("Impor", &[Some(14.1), Some(11.2), Some(12.9)], true)],
    );
    s.unit = "miliar dolar AS".to_string();
    s
}

/// Forty quarters: period labels must be thinned out.
fn line_forty() -> ChartSpec {
    let values: Vec<Option<f64>> = (0..40).map(|i| Some(5.0 + 2.0 * ((i as f64) * 0.4).sin() - if i == 25 { 9.0 } else { 0.0 })).collect();
    spec(ChartKind::Line, "Pertumbuhan ekonomi DKI Jakarta, 2012-2021", quarters_id(2012, 40), vec![series("Pertumbuhan", &values, true)])
}

/// Twelve months, two series: too narrow for a value over every column.
fn column_crowded() -> ChartSpec {
    const M: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
    let a: Vec<Option<f64>> = (0..12).map(|i| Some(10.0 + i as f64 * 0.7)).collect();
    let b: Vec<Option<f64>> = (0..12).map(|i| Some(12.5 - i as f64 * 0.4)).collect();
    let mut s = spec(
        ChartKind::Column,
        "Kunjungan wisman ke DKI Jakarta",
        M.iter().map(|m| m.to_string()).collect(),
        vec![series("2020", &a, true), series("2021", &b, true)],
    );
    s.unit = "ribu kunjungan".to_string();
    s.cycle = 12;
    s
}

fn hostile() -> &'static str {
    "<script>alert(1)</script>&\"'"
}

/// Every chart kind with hostile text in each string the caller controls.
fn hostile_specs() -> Vec<ChartSpec> {
    [line_one(), line_three(), bar(), column(), column_two()]
        .into_iter()
        .map(|mut s| {
            let h = hostile();
            s.title = h.to_string();
            s.unit = h.to_string();
            s.source = h.to_string();
            s.desc = h.to_string();
            s.id = format!("x\" onload=\"{h}");
            for c in &mut s.categories {
                *c = h.to_string();
            }
            for series in &mut s.series {
                series.label = h.to_string();
                for l in &mut series.value_labels {
                    *l = h.to_string();
                }
            }
            s
        })
        .collect()
}

/// The `<text>` elements of an SVG written by this module: (x, y, anchor, size, content).
fn texts(svg: &str) -> Vec<(i32, i32, String, f64, String, bool)> {
    let attr = |tag: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        let start = tag.find(&key).map(|i| i + key.len()).unwrap_or(0);
        tag[start..].split('"').next().unwrap_or("").to_string()
    };
    svg.split("<text ")
        .skip(1)
        .map(|chunk| {
            let (tag, rest) = chunk.split_once('>').expect("text tag closes");
            let content = rest.split("</text>").next().unwrap().trim().to_string();
            let tag = format!(" {tag}");
            (
                attr(&tag, "x").parse().unwrap(),
                attr(&tag, "y").parse().unwrap(),
                attr(&tag, "text-anchor"),
                attr(&tag, "font-size").parse().unwrap(),
                content,
                tag.contains("font-weight=\"bold\""),
            )
        })
        .collect()
}

/// The SVGs of a chart as `render` writes them: the wide drawing, then the narrow one.
fn drawings(html: &str) -> Vec<String> {
    html.split("<svg ").skip(1).map(|d| format!("<svg {d}")).collect()
}

/// `render`'s drawings of each spec, with the spec's title, for properties every drawing has.
fn every_drawing(specs: Vec<ChartSpec>) -> Vec<(String, String)> {
    let all: Vec<(String, String)> = specs.iter().flat_map(|s| drawings(&render(s)).into_iter().map(|d| (s.title.clone(), d))).collect();
    assert!(all.len() == 2 * specs.len(), "every chart has a wide and a narrow drawing");
    all
}

/// Width and height of the `viewBox`.
fn view_box(svg: &str) -> (i32, i32) {
    let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split('"').next().unwrap();
    let (w, h) = vb.split_once(' ').unwrap();
    (w.parse().unwrap(), h.parse().unwrap())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Horizontal extent of a text by the same estimate the layout uses.
fn extent(t: &(i32, i32, String, f64, String, bool)) -> (f64, f64) {
    let w = text_width(&unescape(&t.4), t.3) * if t.5 { 1.1 } else { 1.0 };
    let x = t.0 as f64;
    match t.2.as_str() {
        "end" => (x - w, x),
        "middle" => (x - w / 2.0, x + w / 2.0),
        _ => (x, x + w),
    }
}

#[test]
fn snapshot_line_one_series_with_negative_values() {
    insta::assert_snapshot!("line_one", render(&line_one()));
}

#[test]
fn snapshot_line_three_series() {
    insta::assert_snapshot!("line_three", render(&line_three()));
}

#[test]
fn snapshot_bar() {
    insta::assert_snapshot!("bar", render(&bar()));
}

#[test]
fn snapshot_column() {
    insta::assert_snapshot!("column", render(&column()));
}

#[test]
fn snapshot_column_two_series() {
    insta::assert_snapshot!("column_two", render(&column_two()));
}

#[test]
fn snapshot_column_crowded() {
    insta::assert_snapshot!("column_crowded", render(&column_crowded()));
}

#[test]
fn snapshot_line_forty_quarters() {
    insta::assert_snapshot!("line_forty", render(&line_forty()));
}

#[test]
fn svg_scales_and_is_labelled() {
    for s in [line_one(), line_three(), bar(), column(), column_two()] {
        let svgs = drawings(&render(&s));
        assert_eq!(svgs.len(), 2);
        for (svg, width, id, class) in [(&svgs[0], 640, "chart-1", "chart--wide"), (&svgs[1], NARROW_WIDTH as i32, "chart-1-narrow", "chart--narrow")] {
            let open = svg.lines().next().unwrap();
            assert_eq!(view_box(svg).0, width, "{open}");
            assert!(view_box(svg).1 >= 300, "{open}");
            assert!(!open.contains(" width=") && !open.contains(" height="), "{open}");
            assert!(open.contains("role=\"img\""));
            assert!(open.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")));
            let kind = match s.kind {
                ChartKind::Line => "line",
                ChartKind::Bar => "bar",
                ChartKind::Column => "column",
            };
            assert!(open.contains(&format!("class=\"chart chart-{kind} {class}\"")), "{open}");
            let mut lines = svg.lines().skip(1);
            assert_eq!(lines.next().unwrap(), format!("<title id=\"{id}-title\">{}</title>", s.title));
            assert!(lines.next().unwrap().starts_with(&format!("<desc id=\"{id}-desc\">")));
            assert!(svg.trim_end().ends_with("</svg>"));
        }
        // Only a stylesheet shows the narrow drawing: without one (a feed reader), the page
        // shows the wide drawing alone.
        assert!(!svgs[0].lines().next().unwrap().contains("display="));
        assert!(svgs[1].lines().next().unwrap().ends_with(" display=\"none\">"));
        assert_eq!(view_box(&svgs[0]).1, 400);
    }
}

#[test]
fn a_chart_asked_for_at_the_narrow_width_is_drawn_once() {
    for width in [NARROW_WIDTH, 240, 100] {
        let mut s = bar();
        s.width = width;
        let html = render(&s);
        assert_eq!(drawings(&html).len(), 1, "{width}");
        assert!(!html.contains("chart--") && !html.contains("display="), "{width}");
        assert!(html.contains("class=\"chart chart-bar\""), "{width}");
    }
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    for s in hostile_specs() {
        let svg = render(&s);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("onload=\""), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;"));
        // Every `&` starts an entity: the document stays well-formed.
        for (i, _) in svg.match_indices('&') {
            let rest = &svg[i..];
            assert!(["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"].iter().any(|e| rest.starts_with(e)), "bare & at {i}");
        }
        // Element ids stay plain names.
        assert!(svg.contains("<title id=\"x--onload--"));
    }
}

#[test]
fn control_characters_do_not_reach_the_svg() {
    let mut s = column();
    s.title = "Judul\u{0}\u{7}\nbaris".to_string();
    let svg = render(&s);
    assert!(!svg.chars().any(|c| (c as u32) < 0x20 && c != '\n'));
    assert!(svg.contains("<title id=\"chart-1-title\">Judul baris</title>"));
}

#[test]
fn output_is_identical_across_calls() {
    for s in [line_one(), line_three(), bar(), column(), line_forty()] {
        assert_eq!(render(&s), render(&s));
    }
}

#[test]
fn text_is_dark_and_uses_the_system_font_stack() {
    for s in [line_one(), line_three(), bar(), column_two()] {
        let svg = render(&s);
        for chunk in svg.split("<text ").skip(1) {
            let tag = chunk.split('>').next().unwrap();
            assert!(tag.contains("fill=\"#1A1A1A\"") || tag.contains("fill=\"#444444\""), "{tag}");
            assert!(tag.contains("font-family=\"system-ui, -apple-system, Segoe UI, Roboto, sans-serif\""));
        }
        assert!(!svg.contains("@font-face") && !svg.contains("<image"));
    }
}

#[test]
fn no_text_runs_outside_the_picture() {
    let mut long = bar();
    long.categories[0] = "Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin serta \
                          Pengelolaan Sampah, Limbah dan Daur Ulang"
        .to_string();
    for (_, svg) in every_drawing(vec![line_one(), line_three(), bar(), column(), column_two(), line_forty(), column_crowded(), long]) {
        let (w, h) = view_box(&svg);
        for t in texts(&svg) {
            let (x0, x1) = extent(&t);
            assert!(x0 >= 0.0 && x1 <= w as f64, "{:?} overflows: {x0}..{x1}", t.4);
            assert!(t.1 >= 0 && t.1 + 12 <= h, "{:?} below the bottom", t.4);
        }
    }
}

#[test]
fn bar_charts_grow_to_fit_their_rows() {
    let mut s = bar();
    s.categories = (0..17).map(|i| format!("Lapangan usaha nomor {i} dengan nama yang panjang sekali")).collect();
    s.series[0].values = (0..17).map(|i| Some(i as f64 - 3.0)).collect();
    s.series[0].value_labels.clear();
    let svg = render(&s);
    for d in drawings(&svg) {
        assert!(view_box(&d).1 > 600, "{:?}", view_box(&d));
    }
    // No category name is cut short, in either drawing.
    assert!(!svg.contains('…'));
}

/// Vertical extent of a text from its `dy` (plotters' anchors: top, centre, bottom).
fn vertical(svg_text: &str, y: i32, size: f64) -> (f64, f64) {
    let y = y as f64;
    if svg_text.contains("dy=\"0.76em\"") {
        (y, y + size)
    } else if svg_text.contains("dy=\"0.5ex\"") {
        (y - size / 2.0, y + size / 2.0)
    } else {
        (y - size, y)
    }
}

#[test]
fn no_two_texts_overlap() {
    for (title, svg) in every_drawing(vec![line_one(), line_three(), bar(), column(), column_two(), column_crowded(), line_forty()]) {
        let raw: Vec<&str> = svg.split("<text ").skip(1).collect();
        let boxes: Vec<_> = texts(&svg).into_iter().zip(raw).map(|(t, r)| (extent(&t), vertical(r, t.1, t.3), t.4)).collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let x = a.0 .0 < b.0 .1 && b.0 .0 < a.0 .1;
                let y = a.1 .0 < b.1 .1 - 1.0 && b.1 .0 < a.1 .1 - 1.0;
                assert!(!(x && y), "{:?} overlaps {:?} in {} ({:?})", a.2, b.2, title, view_box(&svg));
            }
        }
    }
}

#[test]
fn crowded_columns_get_an_axis_instead_of_colliding_values() {
    let svgs = drawings(&render(&column_crowded()));
    let t = texts(&svgs[0]);
    assert!(!t.iter().any(|t| t.4 == "10,70"), "no value labels");
    assert!(t.iter().any(|t| t.4 == "10" && t.2 == "end"), "a value axis");
    // Two series get a legend; the months are all there.
    assert!(t.iter().any(|t| t.4 == "2020") && t.iter().any(|t| t.4 == "Des"));
    assert!(svgs[0].contains("class=\"chart chart-column chart--wide\""));
}

#[test]
fn columns_whose_names_cannot_fit_are_drawn_as_bars() {
    // At the narrow width, twelve months leave each month 19 units: "Jan" would run into "Feb".
    let s = column_crowded();
    let narrow = drawings(&render(&s)).pop().unwrap();
    assert!(narrow.contains("class=\"chart chart-bar chart--narrow\""), "{}", narrow.lines().next().unwrap());
    let t = texts(&narrow);
    for month in &s.categories {
        assert!(t.iter().any(|t| t.4 == *month && t.2 == "start"), "{month}");
    }
    // Bars have room for every value: all 24 are printed.
    for l in s.series.iter().flat_map(|s| &s.value_labels) {
        assert!(t.iter().any(|t| t.4 == *l), "{l}");
    }
    assert_eq!(bars(&narrow).len(), 24 + 2, "a bar per value, and the legend's two keys");
    // Five years fit under their columns at the same width: still columns.
    assert!(drawings(&render(&column()))[1].contains("class=\"chart chart-column chart--narrow\""));
}

#[test]
fn period_labels_are_thinned_and_do_not_overlap() {
    for (svg, fewest) in drawings(&render(&line_forty())).into_iter().zip([4, 2]) {
        let mut periods: Vec<_> = texts(&svg).into_iter().filter(|t| t.4.starts_with("Tw ")).collect();
        assert!(periods.len() >= fewest && periods.len() < 20, "{}", periods.len());
        // The latest period is always labelled.
        assert!(periods.iter().any(|t| t.4 == "Tw IV-2021"));
        periods.sort_by_key(|t| t.0);
        for pair in periods.windows(2) {
            assert!(extent(&pair[0]).1 < extent(&pair[1]).0, "{} overlaps {}", pair[0].4, pair[1].4);
        }
    }
}

#[test]
fn every_bar_and_column_carries_its_value() {
    for svg in drawings(&render(&bar())) {
        for l in ["2,54", "2,01", "-0,15", "3,99"] {
            assert!(texts(&svg).iter().any(|t| t.4 == l), "{l}");
        }
    }
    for svg in drawings(&render(&column())) {
        for l in ["6,20", "-2,39", "3,56"] {
            assert!(texts(&svg).iter().any(|t| t.4 == l), "{l}");
        }
    }
}

/// The filled rectangles of an SVG in a palette colour: (x, y, width, height).
fn bars(svg: &str) -> Vec<(i32, i32, i32, i32)> {
    svg.split("<rect ")
        .skip(1)
        .map(|r| r.split("/>").next().unwrap())
        .filter(|r| PALETTE.iter().any(|c| r.contains(&format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2))))
        .map(|r| {
            let attr = |name: &str| -> i32 { r.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap() };
            (attr("x"), attr("y"), attr("width"), attr("height"))
        })
        .collect()
}

#[test]
fn bars_are_as_long_as_their_values_in_both_drawings() {
    let s = bar();
    let values: Vec<f64> = s.series[0].values.iter().map(|v| v.unwrap()).collect();
    for svg in drawings(&render(&s)) {
        let b = bars(&svg);
        assert_eq!(b.len(), values.len(), "{svg}");
        // Length per unit of value, from the longest bar (3,99): every bar within a unit of
        // what its value asks for, whichever side of zero it is on.
        let per_unit = b[6].2 as f64 / values[6];
        for (r, v) in b.iter().zip(&values) {
            assert!((r.2 as f64 - v.abs() * per_unit).abs() <= 1.5, "{v}: {} units at {per_unit:.1} per unit", r.2);
        }
    }
}

#[test]
fn narrow_bar_charts_put_each_name_above_its_bar() {
    let s = bar();
    let svg = drawings(&render(&s)).pop().unwrap();
    let t = texts(&svg);
    let b = bars(&svg);
    let raw: Vec<&str> = svg.split("<text ").skip(1).collect();
    for (i, name) in s.categories.iter().enumerate() {
        // The name's lines, left-aligned at the padding, end just above the row's bar.
        let words: Vec<&str> = name.split(' ').collect();
        let first = t.iter().position(|t| t.4.starts_with(words[0]) && t.2 == "start" && t.0 == PAD).unwrap_or_else(|| panic!("{name}"));
        let lines: Vec<_> = t[first..].iter().take_while(|x| x.0 == PAD && x.2 == "start").collect();
        assert_eq!(lines.iter().map(|l| l.4.as_str()).collect::<Vec<_>>().join(" "), *name);
        let last = lines.last().unwrap();
        let bottom = vertical(raw[first + lines.len() - 1], last.1, last.3).1;
        let bar_top = b[i].1 as f64;
        assert!(bottom <= bar_top && bar_top - bottom < 12.0, "{name}: text ends at {bottom}, bar starts at {bar_top}");
    }
    // The bars get most of the width: the longest reaches past half of the picture.
    assert!(b.iter().map(|r| r.0 + r.2).max().unwrap() > NARROW_WIDTH as i32 / 2 + 40);
}

#[test]
fn lines_are_labelled_at_their_ends() {
    let svg = drawings(&render(&line_three())).remove(0);
    let t = texts(&svg);
    for name in ["Manufacturing", "Information"] {
        let label = t.iter().find(|t| t.4 == name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(label.2, "start");
        assert!(label.0 > 400, "{name} at {}", label.0);
    }
    // A single line shows its latest value instead of repeating the title, in both drawings.
    for svg in drawings(&render(&line_one())) {
        assert!(texts(&svg).iter().any(|t| t.4 == "10,91"));
    }
}

#[test]
fn zero_line_appears_when_values_cross_zero() {
    let svg = render(&line_one());
    assert!(svg.contains("stroke=\"#595959\""));
    let mut positive = line_one();
    positive.series[0].values = vec![Some(101.0), Some(103.5), Some(104.0)];
    positive.categories.truncate(3);
    assert!(!render(&positive).contains("stroke=\"#595959\""));
}

#[test]
fn y_ticks_use_the_page_decimal_separator() {
    let mut s = line_one();
    s.series[0].values = vec![Some(0.5), Some(1.7), Some(2.6)];
    s.categories.truncate(3);
    let id = texts(&render(&s)).into_iter().map(|t| t.4).collect::<Vec<_>>();
    assert!(id.contains(&"2,5".to_string()) || id.contains(&"1,5".to_string()), "{id:?}");
    s.decimal_comma = false;
    let en = texts(&render(&s)).into_iter().map(|t| t.4).collect::<Vec<_>>();
    assert!(en.contains(&"2.5".to_string()) || en.contains(&"1.5".to_string()), "{en:?}");
}

#[test]
fn numbers_are_formatted_with_the_page_separators() {
    assert_eq!(format_number(5071.7, 1, true), "5.071,7");
    assert_eq!(format_number(5071.7, 1, false), "5,071.7");
    assert_eq!(format_number(-1.65, 2, true), "-1,65");
    assert_eq!(format_number(-0.001, 1, true), "0,0");
    assert_eq!(format_number(1234567.0, 0, false), "1,234,567");
    assert_eq!(format_number(2.5, 1, true), "2,5");
}

#[test]
fn scales_use_nice_steps_and_cover_the_data() {
    let s = nice_scale(-8.23, 10.91, 5);
    assert!(s.min <= -8.23 && s.max >= 10.91);
    assert_eq!(s.ticks, vec![-10.0, -5.0, 0.0, 5.0, 10.0, 15.0]);
    assert_eq!(s.decimals, 0);
    let s = nice_scale(0.1, 0.9, 4);
    assert_eq!(s.decimals, 1);
    // A bound on a tick stays there: bars from zero get no empty band below zero.
    let s = nice_scale(0.0, 17.7, 5);
    assert_eq!((s.min, s.max), (0.0, 20.0));
    let s = nice_scale(-10.0, 5.0, 3);
    assert_eq!((s.min, s.max), (-10.0, 5.0));
    let flat = nice_scale(3.0, 3.0, 5);
    assert!(flat.min < 3.0 && flat.max > 3.0);
}

#[test]
fn labels_that_collide_are_spread_apart() {
    let placed = spread(&[100, 101, 102], &[18, 18, 18], 0, 400, 2);
    assert!(placed[1] - placed[0] >= 20 && placed[2] - placed[1] >= 20, "{placed:?}");
    let placed = spread(&[399, 398], &[18, 18], 0, 400, 2);
    assert!(placed.iter().all(|y| y + 9 <= 400), "{placed:?}");
}

#[test]
fn describe_a_rise_in_both_languages() {
    let mut s = line_one();
    s.series[0].values.drain(..8);
    s.series[0].value_labels.drain(..8);
    s.categories = vec!["Tw I-2021".into(), "Tw II-2021".into()];
    assert_eq!(describe(&s, Lang::Id, &|l| format!("{l} persen")), "Naik dari -1,65 persen pada Tw I-2021 menjadi 10,91 persen pada Tw II-2021.");
    s.categories = vec!["Q1 2021".into(), "Q2 2021".into()];
    s.series[0].value_labels = vec!["-1.65".into(), "10.91".into()];
    assert_eq!(describe(&s, Lang::En, &|l| format!("{l} percent")), "Rose from -1.65 percent in Q1 2021 to 10.91 percent in Q2 2021.");
}

#[test]
fn describe_a_fall_with_highest_and_lowest() {
    assert_eq!(
        line_one().desc,
        "Naik dari 6,23 persen pada Tw I-2019 menjadi 10,91 persen pada Tw II-2021; \
         tertinggi 10,91 persen pada Tw II-2021, terendah -8,23 persen pada Tw II-2020."
    );
    let mut s = line_one();
    s.series[0].values.truncate(6);
    s.series[0].value_labels.truncate(6);
    s.decimal_comma = false;
    s.series[0].value_labels = s.series[0].value_labels.iter().map(|l| l.replace(',', ".")).collect();
    s.categories = quarters_en(2019, 6);
    assert_eq!(
        describe(&s, Lang::En, &|l| format!("{l} percent")),
        "Fell from 6.23 percent in Q1 2019 to -8.23 percent in Q2 2020; \
         highest 6.23 percent in Q1 2019, lowest -8.23 percent in Q2 2020."
    );
}

#[test]
fn describe_unchanged_by_the_printed_value() {
    let mut s = line_one();
    s.categories = vec!["Tw I-2021".into(), "Tw II-2021".into()];
    s.series[0] = ChartSeries { label: String::new(), values: vec![Some(5.001), Some(4.999)], value_labels: vec!["5,00".into(), "5,00".into()] };
    assert_eq!(describe(&s, Lang::Id, &|l| format!("{l} persen")), "Tetap 5,00 persen dari Tw I-2021 hingga Tw II-2021.");
    assert_eq!(describe(&s, Lang::En, &|l| format!("{l} percent")), "Unchanged at 5,00 percent from Tw I-2021 to Tw II-2021.");
}

#[test]
fn describe_several_lines_names_each() {
    let d = line_three().desc;
    assert!(d.starts_with("Manufacturing: rose from 4.10 percent in Q1 2019 to 4.40 percent in Q4 2021."), "{d}");
    assert!(d.contains("Information and communication: rose from 8.90 percent"), "{d}");
    assert!(!d.contains("highest"), "{d}");
}

#[test]
fn describe_bars_largest_first() {
    assert_eq!(
        bar().desc,
        "Dari yang terbesar: Lainnya 3,99 poin persen; Industri Pengolahan 2,54 poin persen; \
         Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor 2,01 poin persen; \
         Transportasi dan Pergudangan 1,02 poin persen; Informasi dan Komunikasi 0,88 poin \
         persen; Konstruksi 0,62 poin persen; Jasa Keuangan dan Asuransi -0,15 poin persen."
    );
    let mut s = column();
    s.decimal_comma = false;
    s.series[0].value_labels.clear(); // falls back to this module's formatting
    assert_eq!(
        describe(&s, Lang::En, &|l| format!("{l} percent")),
        "Largest first: 2017 6.2 percent; 2018 6.11 percent; 2019 5.82 percent; \
         2021 3.56 percent; 2020 -2.39 percent."
    );
}

#[test]
fn describe_without_data() {
    let mut s = column();
    s.series[0].values = vec![None, Some(f64::NAN)];
    assert_eq!(describe(&s, Lang::Id, &|l| l.to_string()), "Tidak ada data.");
    assert_eq!(describe(&s, Lang::En, &|l| l.to_string()), "No data.");
}

#[test]
fn empty_and_degenerate_charts_still_render() {
    for kind in [ChartKind::Line, ChartKind::Bar, ChartKind::Column] {
        let mut s = column();
        s.kind = kind;
        s.series[0].values = vec![];
        s.categories.clear();
        let svg = render(&s);
        assert!(svg.contains("<title id=\"chart-1-title\">"));
        s.categories = vec!["2021".into()];
        s.series[0].values = vec![Some(0.0)];
        assert!(render(&s).ends_with("</svg>\n"));
        s.width = 1;
        s.height = 1;
        assert!(render(&s).contains("viewBox"));
    }
}

#[test]
fn lang_codes() {
    assert_eq!(Lang::from_code("id"), Some(Lang::Id));
    assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
    assert_eq!(Lang::from_code("jv"), None);
}
