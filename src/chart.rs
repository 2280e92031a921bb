//! Charts: values in, an SVG string out.
//!
//! This module owns the drawing of line, bar (horizontal) and column (vertical) charts with
//! plotters' SVG backend, and the plain-language trend description that goes into the chart's
//! `<desc>`. Each chart is drawn twice, at the asked width and at [`NARROW_WIDTH`] for phones,
//! where the layout changes rather than shrinks (see [`render`]); the page's CSS shows one.
//! It is a pure leaf: no I/O, no clock, no knowledge of indicators, periods or locales.
//! The caller passes strings that are already localized ("Tw II-2021", "10,91") and says whether
//! the page writes a decimal comma; the only language this module knows is the handful of words
//! `describe` needs in Indonesian and English.
//!
//! Byte-identical output on every machine is a requirement (CONTENT.md, "Charts are SVG made
//! with plotters"), so:
//! - plotters is built without `ttf`: text becomes `<text>` elements and no system font is read.
//!   Layout uses `text_width`, our own per-character estimate, because plotters' estimate
//!   counts UTF-8 bytes and overestimates "ü" or "—" by 2-3x.
//! - every coordinate is an integer (plotters' backend coordinates are `i32`), and every font
//!   size is chosen so that plotters' `size / 1.24` prints without float noise.
//! - nothing iterates a hash map; no time, no randomness.
//!
//! Labels are placed from estimated text widths, so the layout rules are written for the widest
//! common fallback font: bar charts grow taller rather than cut a category name, thinned period
//! labels never overlap, and column charts whose values cannot fit over the columns get a value
//! axis instead (tests check that no two texts overlap and none leaves the picture).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// Which chart to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// One or several series over time; `categories` are the periods.
    Line,
    /// Horizontal bars, one row per category: best for long category names.
    Bar,
    /// Vertical columns, one per category.
    Column,
}

/// One series of values, aligned with [`ChartSpec::categories`].
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    /// The series name, printed at the end of its line (direct label) or in the legend.
    pub label: String,
    /// One value per category; `None` is a gap (no observation for that period).
    pub values: Vec<Option<f64>>,
    /// The values formatted for the page ("10,91"), used for labels on bars, columns and line
    /// ends. A missing entry falls back to this module's own formatting of the value.
    pub value_labels: Vec<String>,
}

/// Everything needed to draw one chart. All strings are plain text (they are escaped here).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    /// Printed at the top and used as the SVG `<title>`.
    pub title: String,
    /// Printed under the title ("persen, y-on-y"); may be empty.
    pub unit: String,
    /// Printed under the chart ("Sumber: BPS Provinsi DKI Jakarta"); may be empty.
    pub source: String,
    /// X labels of a line chart (periods) or the categories of a bar or column chart.
    pub categories: Vec<String>,
    pub series: Vec<ChartSeries>,
    /// The text of the SVG `<desc>`, usually from [`describe`].
    pub desc: String,
    /// Prefix for the ids inside the SVG; must be unique on the page (several charts per page).
    pub id: String,
    /// Size of the `viewBox`. The SVG itself has no fixed size and scales to its container.
    pub width: u32,
    pub height: u32,
    /// Axis ticks use a decimal comma and a dot for thousands ("2,5", "5.000"), as in
    /// Indonesian; otherwise a decimal point and a comma for thousands.
    pub decimal_comma: bool,
    /// How many categories make a year (4 for quarters, 12 for months; 0 or 1 otherwise).
    /// When period labels must be thinned, the step between them fits this cycle, so a
    /// quarterly axis shows every 4th or 8th quarter rather than every 6th.
    pub cycle: u32,
}

impl Default for ChartSpec {
    fn default() -> Self {
        ChartSpec {
            kind: ChartKind::Line,
            title: String::new(),
            unit: String::new(),
            source: String::new(),
            categories: Vec::new(),
            series: Vec::new(),
            desc: String::new(),
            id: "chart".to_string(),
            width: 640,
            height: 400,
            decimal_comma: false,
            cycle: 0,
        }
    }
}

// --- Look ------------------------------------------------------------------------------------

/// A system font stack: no font file is shipped or embedded. `Segoe UI` is unquoted on purpose:
/// CSS accepts unquoted multi-word family names, and quotes would be escaped to `&apos;` in
/// every `<text>`.
const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

/// Body text: 17.4:1 on white.
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Secondary text (unit, ticks, source): 9.7:1 on white, well above WCAG's 4.5:1.
const INK_SOFT: RGBColor = RGBColor(0x44, 0x44, 0x44);
/// Gridlines are quiet on purpose: the data is the foreground.
const GRID: RGBColor = RGBColor(0xe2, 0xe2, 0xe2);
/// The zero line is darker than the grid so that negative values read as negative.
const BASELINE: RGBColor = RGBColor(0x59, 0x59, 0x59);

/// Okabe-Ito, darker colours first: lines on white need contrast, and the first series is the
/// one every chart has. Yellow (#F0E442) is last: it is barely visible as a thin line on white.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Font sizes in viewBox units. plotters writes `font-size` as `size / 1.24`; these sizes
/// survive that division exactly (13 and 15 would print as 13.000000000000002).
const TITLE_PX: f64 = 18.0;
/// The title of a drawing narrower than [`NARROW_BELOW`]: such a drawing is shown enlarged (280
/// units in 358 px on a phone), where 18 units would print at 23 px, as large as the page's
/// headings.
const NARROW_TITLE_PX: f64 = 16.0;
const LABEL_PX: f64 = 14.0;
const SMALL_PX: f64 = 12.0;
const LINE_HEIGHT: f64 = 1.25;

/// Outer padding of the whole picture.
const PAD: i32 = 12;

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

fn style(px: f64, ink: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FontFamily::Name(FONT), px * 1.24).into_font().color(&ink).pos(Pos::new(h, v))
}

fn bold(px: f64, ink: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FontFamily::Name(FONT), px * 1.24).into_font().style(FontStyle::Bold).color(&ink).pos(Pos::new(h, v))
}

fn line_height(px: f64) -> i32 {
    (px * LINE_HEIGHT).round() as i32
}

// --- Text measuring --------------------------------------------------------------------------

/// Estimated width of `s` in a sans-serif at `px`, in viewBox units.
///
/// Without a font file nothing can measure text exactly. The table is DejaVu Sans, measured
/// in Chromium: it is what `system-ui` falls back to on Linux and is the widest of the common
/// sans-serifs (Segoe UI, San Francisco and Roboto run 5-15% narrower), so labels get a little
/// too much room on most machines and never too little.
fn text_width(s: &str, px: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | 'J' | '\'' => 0.30,
            ' ' | '.' | ',' | ':' | ';' | '|' | '/' => 0.34,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '!' => 0.41,
            'c' | 's' | 'z' => 0.56,
            'm' => 0.98,
            'w' | 'M' => 0.87,
            'W' | '%' | '\u{2014}' => 1.0,
            'a'..='z' => 0.64,
            '0'..='9' => 0.64,
            'A'..='Z' => 0.74,
            _ => 0.66,
        })
        .sum();
    em * px
}

/// Bold DejaVu Sans is about 10% wider.
fn bold_width(s: &str, px: f64) -> f64 {
    text_width(s, px) * 1.1
}

/// Greedy word wrap to `max_w`; at most `max_lines` lines, the last one ends in "…" when text
/// was cut. A single word wider than `max_w` keeps its own line rather than being split, and a
/// last line is not left with a word alone when the word before it fits there too.
fn wrap(s: &str, max_w: f64, max_lines: usize, width: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        if cur.is_empty() {
            cur.push_str(word);
        } else if width(&format!("{cur} {word}")) <= max_w {
            cur.push(' ');
            cur.push_str(word);
        } else {
            lines.push(std::mem::take(&mut cur));
            cur.push_str(word);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines >= 1");
        while !last.is_empty() && width(&format!("{last}…")) > max_w {
            let mut words: Vec<&str> = last.split(' ').collect();
            if words.len() > 1 {
                words.pop();
                *last = words.join(" ");
            } else {
                last.pop();
            }
        }
        last.push('…');
    } else if let [.., before, last] = lines.as_mut_slice() {
        // A last line of one word takes the word before it along when both fit: "menurut
        // sektor," / "Tw II-2021" rather than "menurut sektor, Tw" / "II-2021", where the period
        // reads as two. Never more lines, and never a line wider than `max_w`.
        if !last.contains(' ') {
            if let Some((head, tail)) = before.rsplit_once(' ') {
                let joined = format!("{tail} {last}");
                if width(&joined) <= max_w {
                    *before = head.to_string();
                    *last = joined;
                }
            }
        }
    }
    lines
}

/// Text that goes into the SVG: XML 1.0 forbids most control characters even when escaped,
/// and a newline inside a label would be collapsed by SVG anyway.
fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

fn escape_xml(s: &str, out: &mut String) {
    for c in clean(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// An id usable in `id` and `aria-labelledby` (an XML name without spaces).
pub fn sanitize_id(id: &str) -> String {
    let mut out: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "chart-");
    }
    out
}

// --- Numbers ---------------------------------------------------------------------------------

/// Formats `v` with `decimals` digits and the page's separators ("5.071,7" or "5,071.7").
/// Axis ticks only: value labels come formatted from the caller.
pub fn format_number(v: f64, decimals: usize, decimal_comma: bool) -> String {
    let (group, point) = if decimal_comma { ('.', ',') } else { (',', '.') };
    let fixed = format!("{:.*}", decimals, v.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut out = String::with_capacity(fixed.len() + 4);
    // "-0" and "-0,0" are noise: only a value that prints as non-zero gets a sign.
    if v < 0.0 && fixed.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// Fewest decimals (at most 6) that print `step` exactly, so ticks at 0.25 steps show "0,25".
fn decimals_for(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// Axis ticks at "nice" steps (1, 2, 2.5 or 5 times a power of ten) covering `lo..hi`.
struct Scale {
    min: f64,
    max: f64,
    ticks: Vec<f64>,
    decimals: usize,
}

fn nice_scale(lo: f64, hi: f64, target_ticks: usize) -> Scale {
    let (lo, hi) = if hi - lo < 1e-9 {
        // A flat series still needs a visible band around it.
        let pad = if lo.abs() < 1e-9 { 1.0 } else { lo.abs() * 0.1 };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / target_ticks.max(2) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw * 0.999).unwrap_or(10.0 * mag);
    // The tolerance forgives float noise (a bound of 5.000000001 stays at 5), never data.
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    // Ticks are multiples of the step, computed by multiplication so no error accumulates.
    let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
    Scale { min: first as f64 * step, max: last as f64 * step, ticks, decimals: decimals_for(step) }
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

/// The label to print for one value: the caller's, or our formatting with up to 2 decimals.
fn value_label(s: &ChartSeries, i: usize, decimal_comma: bool) -> Option<String> {
    let v = finite(s.values.get(i).copied().flatten())?;
    match s.value_labels.get(i) {
        Some(l) if !l.trim().is_empty() => Some(clean(l)),
        _ => Some(format_number(v, decimals_for((v * 100.0).round() / 100.0).min(2), decimal_comma)),
    }
}

// --- Rendering -------------------------------------------------------------------------------

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// A rectangle in viewBox units.
#[derive(Clone, Copy, Debug)]
struct Rect {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
}

impl Rect {
    fn width(&self) -> i32 {
        self.right - self.left
    }
    fn height(&self) -> i32 {
        self.bottom - self.top
    }
}

/// The class of the drawing for narrow screens: `figures::wide_only` finds it by this.
pub const NARROW_CLASS: &str = "chart--narrow";

/// Width in viewBox units of the drawing for narrow screens. A chart drawn 640 units wide and
/// shrunk into the 254-358 px a 320-390 px phone gives it prints its 12-unit labels at 5-7 px;
/// kept legible by a minimum width, it had to be cut at its box's edge instead, which hid the
/// ends of bars and lines: three bars of 2,54, 2,01 and 1,59 looked equally long. Drawn 280
/// units wide, the whole chart fits and its labels print at 11-15 px there.
pub const NARROW_WIDTH: u32 = 280;

/// Drawings narrower than this are laid out for a narrow box: a smaller title, and bar charts
/// with their category names above the bars, since a column of names beside the bars would
/// leave the bars a third of the width and wrap, or cut, long names.
const NARROW_BELOW: i32 = 400;

/// Which drawing of a chart an SVG is, for the theme's CSS (`warta.css`, "Charts").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// The chart's only drawing: it was asked for at [`NARROW_WIDTH`] or less.
    Only,
    /// The drawing at the asked width, for screens wide enough for it (class `chart--wide`).
    Wide,
    /// The drawing at [`NARROW_WIDTH`] (class `chart--narrow`), hidden until the page's CSS
    /// shows it on a narrow screen.
    Narrow,
}

/// Draws the chart: an SVG at `spec.width`, followed, when that is wider than
/// [`NARROW_WIDTH`], by a second SVG of the same chart laid out for that width (a smaller title,
/// names above the bars of a bar chart). The page's CSS shows one of the two by the width of
/// the screen (`warta.css`, "Charts"). The narrow one carries `display="none"` as an attribute,
/// which any stylesheet rule overrides: where the theme's CSS does not apply (a feed reader, a
/// reader view) the page shows the wide drawing alone, as it did before there were two.
///
/// Each SVG has `role="img"`, a `viewBox`, no fixed size, and `<title>`/`<desc>` as its first
/// children, referenced by `aria-labelledby`; the narrow one's ids end in `-narrow`. Text is
/// escaped.
///
/// A bar chart may come out taller than `spec.height`: each row gets room for its (wrapped)
/// category name, because a cut-off sector name is worse than a taller picture.
pub fn render(spec: &ChartSpec) -> String {
    let width = spec.width.max(240);
    if width <= NARROW_WIDTH {
        return drawing(spec, width, spec.height, Fit::Only);
    }
    let mut out = drawing(spec, width, spec.height, Fit::Wide);
    // A phone is taller than wide: the narrow drawing keeps most of the height, so that a line's
    // slope is not flattened, and takes a little less so that it is not taller than the screen.
    out.push_str(&drawing(spec, NARROW_WIDTH, spec.height * 5 / 6, Fit::Narrow));
    out
}

/// One SVG of the chart, `width` units wide and at least `height` tall.
///
/// A column chart whose category names cannot fit under their columns (a name's word wider
/// than its column's slot: twelve months in a narrow drawing) is drawn as a bar chart, names
/// above their bars: overlapping names would say nothing, and leaving some out would leave
/// columns unnamed.
fn drawing(spec: &ChartSpec, width: u32, height: u32, fit: Fit) -> String {
    let chrome = Chrome::new(spec, width as i32);
    let mut height = height.max(160);
    let kind = match spec.kind {
        ChartKind::Column if !column_names_fit(spec, &column_axis(spec, chrome.frame(width as i32, height as i32))) => ChartKind::Bar,
        kind => kind,
    };
    if kind == ChartKind::Bar {
        let frame_w = width as i32 - 2 * PAD;
        let rows = bar_rows(spec, frame_w).heights.iter().sum::<i32>();
        height = height.max((chrome.header_height() + chrome.footer_height() + rows) as u32);
    }
    let mut body = String::with_capacity(16 * 1024);
    let drawn = {
        let root = SVGBackend::with_string(&mut body, (width, height)).into_drawing_area();
        draw(&root, spec, kind, &chrome, width as i32, height as i32).and_then(|()| root.present())
    };
    // The string backend has no I/O that could fail; should plotters ever report an error,
    // the page still gets a valid, labelled SVG rather than a panic in the build.
    if drawn.is_err() {
        body = format!("<svg viewBox=\"0 0 {width} {height}\">\n</svg>\n");
    }
    finish(&body, spec, kind, width, height, fit)
}

/// Replaces plotters' opening `<svg>` (fixed width and height) with one that scales, and adds
/// the accessible name and description as its first children.
fn finish(body: &str, spec: &ChartSpec, kind: ChartKind, width: u32, height: u32, fit: Fit) -> String {
    let id = match fit {
        Fit::Narrow => format!("{}-narrow", sanitize_id(&spec.id)),
        Fit::Only | Fit::Wide => sanitize_id(&spec.id),
    };
    let rest = body.split_once('\n').map_or("", |(_, rest)| rest);
    let mut out = String::with_capacity(body.len() + spec.title.len() + spec.desc.len() + 256);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart chart-{kind}{sep}{fit}\"{hidden}>\n",
        kind = match kind {
            ChartKind::Line => "line",
            ChartKind::Bar => "bar",
            ChartKind::Column => "column",
        },
        sep = if fit == Fit::Only { "" } else { " " },
        fit = match fit {
            Fit::Only => "",
            Fit::Wide => "chart--wide",
            Fit::Narrow => NARROW_CLASS,
        },
        hidden = if fit == Fit::Narrow { " display=\"none\"" } else { "" },
    ));
    out.push_str(&format!("<title id=\"{id}-title\">"));
    escape_xml(&spec.title, &mut out);
    out.push_str(&format!("</title>\n<desc id=\"{id}-desc\">"));
    escape_xml(&spec.desc, &mut out);
    out.push_str("</desc>\n");
    out.push_str(rest);
    out
}

/// The text around the plot, wrapped to the width: computed once, so that the bar chart's
/// height and the drawing agree on it.
struct Chrome {
    title_px: f64,
    title: Vec<String>,
    unit: Vec<String>,
    /// Legend entries (x, row, series index, label), for bar and column charts with several
    /// series; lines are labelled at their ends instead.
    legend: Vec<(i32, i32, usize, String)>,
    source: Vec<String>,
}

impl Chrome {
    fn new(spec: &ChartSpec, width: i32) -> Chrome {
        let inner_w = (width - 2 * PAD) as f64;
        let mut legend = Vec::new();
        if spec.kind != ChartKind::Line && spec.series.len() > 1 {
            let (mut x, mut row) = (PAD, 0);
            for (i, s) in spec.series.iter().enumerate() {
                let label = clean(&s.label);
                let w = 18 + text_width(&label, LABEL_PX).ceil() as i32;
                if x > PAD && x + w > width - PAD {
                    x = PAD;
                    row += 1;
                }
                legend.push((x, row, i, label));
                x += w + 16;
            }
        }
        // Line limits only stop absurd text: a title that takes two lines at 640 units takes
        // four at `NARROW_WIDTH`, and a title cut short would misname the chart.
        let title_px = if width < NARROW_BELOW { NARROW_TITLE_PX } else { TITLE_PX };
        Chrome {
            title_px,
            title: wrap(&clean(&spec.title), inner_w, 5, |s| bold_width(s, title_px)),
            unit: wrap(&clean(&spec.unit), inner_w, 3, |s| text_width(s, LABEL_PX)),
            legend,
            source: wrap(&clean(&spec.source), inner_w, 3, |s| text_width(s, SMALL_PX)),
        }
    }

    fn legend_rows(&self) -> i32 {
        self.legend.last().map_or(0, |l| l.1 + 1)
    }

    /// From the top edge to the top of the plot frame.
    fn header_height(&self) -> i32 {
        let legend = match self.legend_rows() {
            0 => 0,
            rows => 6 + rows * (line_height(LABEL_PX) + 4) - 4,
        };
        PAD + self.title.len() as i32 * line_height(self.title_px) + 2 + self.unit.len() as i32 * line_height(LABEL_PX) + legend + 14
    }

    /// From the bottom of the plot frame to the bottom edge.
    fn footer_height(&self) -> i32 {
        12 + self.source.len() as i32 * line_height(SMALL_PX) + PAD
    }

    /// The plot frame of a picture `width` by `height`: what the text around it leaves.
    fn frame(&self, width: i32, height: i32) -> Rect {
        Rect { left: PAD, top: self.header_height(), right: width - PAD, bottom: height - self.footer_height() }
    }
}

/// Draws `spec` as a chart of `kind` (a column chart may be drawn as bars, see [`drawing`]).
fn draw(root: &Area, spec: &ChartSpec, kind: ChartKind, chrome: &Chrome, width: i32, height: i32) -> Drawn {
    root.fill(&WHITE)?;

    let mut y = PAD;
    for line in &chrome.title {
        root.draw(&Text::new(line.as_str(), (PAD, y), bold(chrome.title_px, INK, HPos::Left, VPos::Top)))?;
        y += line_height(chrome.title_px);
    }
    y += 2;
    for line in &chrome.unit {
        root.draw(&Text::new(line.as_str(), (PAD, y), style(LABEL_PX, INK_SOFT, HPos::Left, VPos::Top)))?;
        y += line_height(LABEL_PX);
    }
    let lh = line_height(LABEL_PX);
    for (x, row, i, label) in &chrome.legend {
        let mid = y + 6 + row * (lh + 4) + lh / 2;
        root.draw(&Rectangle::new([(*x, mid - 6), (x + 12, mid + 6)], color(*i).filled()))?;
        root.draw(&Text::new(label.as_str(), (x + 18, mid), style(LABEL_PX, INK, HPos::Left, VPos::Center)))?;
    }

    // The source sits under the chart, anchored to the bottom edge.
    let mut fy = height - chrome.footer_height() + 12;
    for line in &chrome.source {
        root.draw(&Text::new(line.as_str(), (PAD, fy), style(SMALL_PX, INK_SOFT, HPos::Left, VPos::Top)))?;
        fy += line_height(SMALL_PX);
    }

    let frame = chrome.frame(width, height);
    if frame.height() < 40 || frame.width() < 80 {
        return Ok(()); // Too small to draw data legibly; title and source still show.
    }
    match kind {
        ChartKind::Line => draw_line(root, spec, frame),
        ChartKind::Column => draw_columns(root, spec, frame),
        ChartKind::Bar => draw_bars(root, spec, frame),
    }
}

fn category_count(spec: &ChartSpec) -> usize {
    spec.series.iter().map(|s| s.values.len()).chain(std::iter::once(spec.categories.len())).max().unwrap_or(0)
}

fn value_range(spec: &ChartSpec) -> Option<(f64, f64)> {
    spec.series.iter().flat_map(|s| s.values.iter().copied().filter_map(finite)).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
    })
}

fn category(spec: &ChartSpec, i: usize) -> String {
    spec.categories.get(i).map(|c| clean(c)).unwrap_or_default()
}

fn hline(root: &Area, x0: i32, x1: i32, y: i32, ink: RGBColor) -> Drawn {
    root.draw(&PathElement::new(vec![(x0, y), (x1, y)], ink.stroke_width(1)))
}

fn vline(root: &Area, x: i32, y0: i32, y1: i32, ink: RGBColor) -> Drawn {
    root.draw(&PathElement::new(vec![(x, y0), (x, y1)], ink.stroke_width(1)))
}

/// Line chart: horizontal gridlines with ticks on the left, periods under the plot (thinned
/// so they never overlap), and each line labelled at its end instead of a legend.
fn draw_line(root: &Area, spec: &ChartSpec, frame: Rect) -> Drawn {
    let n = category_count(spec).max(1);
    let single = spec.series.len() == 1;
    let (lo, hi) = value_range(spec).unwrap_or((0.0, 1.0));
    let target = (frame.height() / 56).clamp(3, 8) as usize;
    let scale = nice_scale(lo, hi, target);
    let (tick_labels, tick_w) = tick_labels(&scale, spec.decimal_comma);

    // End labels: the series name for several lines, the latest value for a single line (its
    // name is already the chart's title).
    let lh = line_height(LABEL_PX);
    let max_label_w = (frame.width() as f64 * 0.3).max(60.0);
    let end_labels: Vec<Vec<String>> = spec
        .series
        .iter()
        .map(|s| {
            let text = if single { last_index(s).and_then(|i| value_label(s, i, spec.decimal_comma)).unwrap_or_default() } else { clean(&s.label) };
            wrap(&text, max_label_w, 3, |t| text_width(t, LABEL_PX))
        })
        .collect();
    let end_w = end_labels.iter().flatten().map(|l| text_width(l, LABEL_PX)).fold(0.0, f64::max).ceil() as i32;

    let xlabels: Vec<String> = (0..n).map(|i| category(spec, i)).collect();
    let xlabel_w = xlabels.iter().map(|l| text_width(l, SMALL_PX)).fold(0.0, f64::max).ceil() as i32;
    let half_first = (text_width(&xlabels[0], SMALL_PX) / 2.0).ceil() as i32;
    let half_last = (text_width(&xlabels[n - 1], SMALL_PX) / 2.0).ceil() as i32;

    let plot = Rect {
        left: frame.left + (tick_w + 8).max(half_first),
        top: frame.top + 8,
        right: frame.right - (end_w + if single { 14 } else { 28 }).max(half_last),
        bottom: frame.bottom - line_height(SMALL_PX) - 6,
    };
    let area = root.clone().shrink((plot.left, plot.top), (plot.width().max(1) as u32, plot.height().max(1) as u32));
    let x_domain = if n > 1 { 0.0..(n - 1) as f64 } else { -0.5..0.5 };
    let chart = ChartBuilder::on(&area).build_cartesian_2d(x_domain, scale.min..scale.max)?;

    draw_grid(root, plot, &scale, tick_labels, |v| chart.backend_coord(&(0.0, v)).1)?;

    // Period labels: keep every `step`-th, counted back from the latest period, which is the
    // one a reader of a release looks for.
    let slot = (plot.width() as f64 / n.max(2).saturating_sub(1).max(1) as f64).max(1.0);
    let need = (xlabel_w + 10) as f64;
    let step = label_steps(spec.cycle as usize).into_iter().find(|s| *s as f64 * slot >= need).unwrap_or_else(|| (need / slot).ceil() as usize);
    for (i, label) in xlabels.into_iter().enumerate() {
        if (n - 1 - i) % step != 0 {
            continue;
        }
        let (x, _) = chart.backend_coord(&(i as f64, scale.min));
        root.draw(&Text::new(label, (x, plot.bottom + 6), style(SMALL_PX, INK_SOFT, HPos::Center, VPos::Top)))?;
    }

    // The lines, broken at gaps; points are marked only while there are few enough to count.
    let stroke = if single { 3 } else { 2 };
    let mut ends: Vec<(i32, i32, usize)> = Vec::new();
    for (si, s) in spec.series.iter().enumerate() {
        let ink = color(si);
        let mut segment: Vec<(f64, f64)> = Vec::new();
        let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
        for (i, v) in s.values.iter().enumerate() {
            match finite(*v) {
                Some(v) => segment.push((i as f64, v)),
                None if !segment.is_empty() => segments.push(std::mem::take(&mut segment)),
                None => {}
            }
        }
        if !segment.is_empty() {
            segments.push(segment);
        }
        for seg in &segments {
            if seg.len() == 1 || n <= 12 {
                for p in seg {
                    root.draw(&Circle::new(chart.backend_coord(p), 3, ink.filled()))?;
                }
            }
            if seg.len() > 1 {
                let pts: Vec<(i32, i32)> = seg.iter().map(|p| chart.backend_coord(p)).collect();
                root.draw(&PathElement::new(pts, ink.stroke_width(stroke)))?;
            }
        }
        if let Some(i) = last_index(s) {
            let v = finite(s.values[i]).unwrap_or(0.0);
            let (x, y) = chart.backend_coord(&(i as f64, v));
            root.draw(&Circle::new((x, y), 4, ink.filled()))?;
            ends.push((x, y, si));
        }
    }

    // Direct labels beside the plot, pushed apart vertically so that lines ending close
    // together keep readable labels; a leader in the series colour shows which is which.
    let heights: Vec<i32> = ends.iter().map(|e| end_labels[e.2].len() as i32 * lh).collect();
    let wanted: Vec<i32> = ends.iter().map(|e| e.1).collect();
    let placed = spread(&wanted, &heights, plot.top, plot.bottom, 6);
    let label_x = plot.right + if single { 12 } else { 26 };
    for (k, (x, y, si)) in ends.iter().enumerate() {
        let ink = color(*si);
        let ly = placed[k];
        // Several lines: each label starts with a short key in its line's colour and, when
        // it had to move away from its line's end, a thin connector to it. The text itself
        // stays dark: the lighter palette colours fail 4.5:1 as text.
        if !single {
            root.draw(&PathElement::new(vec![(label_x - 14, ly), (label_x - 4, ly)], ink.stroke_width(3)))?;
        }
        if (ly - *y).abs() > 2 || *x < plot.right - 2 {
            root.draw(&PathElement::new(vec![(*x + 6, *y), (label_x - if single { 4 } else { 16 }, ly)], ink.stroke_width(1)))?;
        }
        let lines = &end_labels[*si];
        let mut ty = ly - (lines.len() as i32 * lh) / 2;
        for line in lines {
            let text_style = if single { bold(LABEL_PX, INK, HPos::Left, VPos::Top) } else { style(LABEL_PX, INK, HPos::Left, VPos::Top) };
            root.draw(&Text::new(line.clone(), (label_x, ty + 1), text_style))?;
            ty += lh;
        }
    }
    Ok(())
}

/// Candidate steps between period labels, smallest first: the divisors of the cycle, then
/// whole multiples of it (every 2, 3, 5, 10 ... years).
fn label_steps(cycle: usize) -> Vec<usize> {
    let cycle = cycle.max(1);
    let multiples: &[usize] = if cycle == 1 { &[2, 5, 10, 20, 50, 100] } else { &[2, 3, 5, 10, 20, 50] };
    (1..=cycle).filter(|d| cycle % d == 0).chain(multiples.iter().map(|m| m * cycle)).collect()
}

fn last_index(s: &ChartSeries) -> Option<usize> {
    s.values.iter().rposition(|v| finite(*v).is_some())
}

/// Places boxes of `heights` centred as near `wanted` as possible without overlap inside
/// `top..bottom`. Returns the centres in the input order. Deterministic: ties keep input order.
fn spread(wanted: &[i32], heights: &[i32], top: i32, bottom: i32, gap: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i], i));
    let mut tops = vec![0; wanted.len()];
    // Downward pass: no box above `top`, none overlapping the previous one.
    let mut floor = top;
    for &i in &order {
        let t = (wanted[i] - heights[i] / 2).max(floor);
        tops[i] = t;
        floor = t + heights[i] + gap;
    }
    // Upward pass: pull back boxes that went below `bottom`.
    let mut ceiling = bottom;
    for &i in order.iter().rev() {
        if tops[i] + heights[i] > ceiling {
            tops[i] = (ceiling - heights[i]).max(top);
        }
        ceiling = tops[i] - gap;
    }
    tops.iter().zip(heights).map(|(t, h)| t + h / 2).collect()
}

/// Value labels of all series and the widest of them.
fn all_value_labels(spec: &ChartSpec, n: usize) -> Vec<Vec<Option<String>>> {
    spec.series.iter().map(|s| (0..n).map(|i| value_label(s, i, spec.decimal_comma)).collect()).collect()
}

fn widest(labels: &[Vec<Option<String>>], spec: &ChartSpec, negative: bool) -> f64 {
    labels
        .iter()
        .zip(&spec.series)
        .flat_map(|(ls, s)| {
            ls.iter().enumerate().filter_map(move |(i, l)| {
                let v = finite(s.values.get(i).copied().flatten())?;
                if (v < 0.0) != negative {
                    return None;
                }
                Some(text_width(l.as_deref()?, SMALL_PX))
            })
        })
        .fold(0.0, f64::max)
}

/// Tick labels for a scale, and the width of the widest.
fn tick_labels(scale: &Scale, decimal_comma: bool) -> (Vec<String>, i32) {
    let labels: Vec<String> = scale.ticks.iter().map(|t| format_number(*t, scale.decimals, decimal_comma)).collect();
    let w = labels.iter().map(|t| text_width(t, SMALL_PX)).fold(0.0, f64::max).ceil() as i32;
    (labels, w)
}

/// Horizontal gridlines with their values on the left; the zero line is darker so the sign of
/// a value is visible at once.
fn draw_grid(root: &Area, plot: Rect, scale: &Scale, labels: Vec<String>, y_of: impl Fn(f64) -> i32) -> Drawn {
    for (t, label) in scale.ticks.iter().zip(labels) {
        let y = y_of(*t);
        let ink = if t.abs() < 1e-9 { BASELINE } else { GRID };
        hline(root, plot.left, plot.right, y, ink)?;
        root.draw(&Text::new(label, (plot.left - 8, y), style(SMALL_PX, INK_SOFT, HPos::Right, VPos::Center)))?;
    }
    Ok(())
}

/// Share of a column's slot that its columns take.
const COLUMN_GROUP: f64 = 0.72;

/// How a column chart shows its values, and the width each category gets.
struct ColumnAxis {
    /// The size of the values printed over the columns; `None` when they cannot fit and a
    /// value axis shows the scale instead.
    value_px: Option<f64>,
    /// The value axis, its tick labels and its width (with the air beside it).
    scale: Option<Scale>,
    ticks: Vec<String>,
    tick_w: i32,
    /// The width of one category's slot.
    slot: f64,
}

fn column_axis(spec: &ChartSpec, frame: Rect) -> ColumnAxis {
    let n = category_count(spec).max(1);
    let ns = spec.series.len().max(1);
    let labels = all_value_labels(spec, n);
    let slot = frame.width() as f64 / n as f64;
    // A lone column's label may use the air beside it; grouped columns' labels may not.
    let room = if ns == 1 { slot - 4.0 } else { slot * COLUMN_GROUP / ns as f64 + 2.0 };
    let widest_label = |px: f64| labels.iter().flatten().flatten().map(|l| text_width(l, px)).fold(0.0, f64::max);
    let value_px = [SMALL_PX, 10.0].into_iter().find(|px| widest_label(*px) <= room);
    let (scale, ticks, tick_w) = match value_px {
        Some(_) => (None, Vec::new(), 0),
        None => {
            let (lo, hi) = column_range(spec);
            let target = (frame.height() / 56).clamp(3, 8) as usize;
            let scale = nice_scale(lo, hi, target);
            let (ticks, w) = tick_labels(&scale, spec.decimal_comma);
            (Some(scale), ticks, w + 8)
        }
    };
    ColumnAxis { value_px, scale, ticks, tick_w, slot: (frame.width() - tick_w) as f64 / n as f64 }
}

/// Whether every category name can sit under its column: names wrap between words, so each
/// word must fit its slot, with a little air between neighbours.
fn column_names_fit(spec: &ChartSpec, axis: &ColumnAxis) -> bool {
    (0..category_count(spec)).all(|i| category(spec, i).split_whitespace().all(|w| text_width(w, SMALL_PX) <= axis.slot - 2.0))
}

/// The value range a column chart covers: its values and zero.
fn column_range(spec: &ChartSpec) -> (f64, f64) {
    let (lo, hi) = value_range(spec).unwrap_or((0.0, 1.0));
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    if hi - lo < 1e-12 {
        (0.0, 1.0)
    } else {
        (lo, hi)
    }
}

/// Column chart: categories along the bottom (wrapped to their slot), the value on top of each
/// column (under it when negative), and a zero line; no gridlines, as every column is
/// labelled. When the values cannot fit over their columns even in a smaller size (many
/// categories, several series), overlapping numbers would be unreadable: the chart then gets
/// a gridded value axis instead, and the exact values stay in the page's data table.
fn draw_columns(root: &Area, spec: &ChartSpec, frame: Rect) -> Drawn {
    let n = category_count(spec).max(1);
    let ns = spec.series.len().max(1);
    let (lo, hi) = column_range(spec);
    let labels = all_value_labels(spec, n);
    let group = COLUMN_GROUP;
    let ColumnAxis { value_px, scale, ticks, tick_w, slot } = column_axis(spec, frame);
    let cat_lines: Vec<Vec<String>> = (0..n).map(|i| wrap(&category(spec, i), slot - 6.0, 3, |t| text_width(t, SMALL_PX))).collect();
    let cat_h = cat_lines.iter().map(Vec::len).max().unwrap_or(1) as i32 * line_height(SMALL_PX);
    let vlh = value_px.map_or(0, |px| line_height(px) + 2);
    let plot = Rect {
        left: frame.left + tick_w,
        top: frame.top + if hi > 0.0 { vlh } else { 8 },
        right: frame.right,
        bottom: frame.bottom - cat_h - 6 - if lo < 0.0 { vlh } else { 0 },
    };
    let area = root.clone().shrink((plot.left, plot.top), (plot.width().max(1) as u32, plot.height().max(1) as u32));
    let (y_lo, y_hi) = scale.as_ref().map_or((lo, hi), |s| (s.min, s.max));
    let chart = ChartBuilder::on(&area).build_cartesian_2d(0.0..n as f64, y_lo..y_hi)?;
    if let Some(scale) = &scale {
        draw_grid(root, plot, scale, ticks, |v| chart.backend_coord(&(0.0, v)).1)?;
    }

    let bar_w = group / ns as f64;
    for (si, (s, series_labels)) in spec.series.iter().zip(&labels).enumerate() {
        for (i, label) in series_labels.iter().enumerate() {
            let Some(v) = finite(s.values.get(i).copied().flatten()) else {
                continue;
            };
            let x0 = i as f64 + (1.0 - group) / 2.0 + si as f64 * bar_w;
            let x1 = x0 + bar_w;
            let (px0, py0) = chart.backend_coord(&(x0, 0.0));
            let (px1, py1) = chart.backend_coord(&(x1, v));
            // One unit of white between neighbouring columns of a group keeps them apart.
            let gap = if ns > 1 { 1 } else { 0 };
            root.draw(&Rectangle::new([(px0 + gap, py0.min(py1)), (px1 - gap, py0.max(py1))], color(si).filled()))?;
            if let (Some(label), Some(px)) = (label, value_px) {
                let xc = (px0 + px1) / 2;
                let (y, vpos) = if v < 0.0 { (py1 + 4, VPos::Top) } else { (py1 - 4, VPos::Bottom) };
                root.draw(&Text::new(label.clone(), (xc, y), style(px, INK, HPos::Center, vpos)))?;
            }
        }
    }
    let (_, zero) = chart.backend_coord(&(0.0, 0.0));
    hline(root, plot.left, plot.right, zero, BASELINE)?;

    let cat_top = frame.bottom - cat_h;
    for (i, lines) in cat_lines.into_iter().enumerate() {
        let (x, _) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        for (k, line) in lines.into_iter().enumerate() {
            root.draw(&Text::new(line, (x, cat_top + k as i32 * line_height(SMALL_PX)), style(SMALL_PX, INK, HPos::Center, VPos::Top)))?;
        }
    }
    Ok(())
}

/// Thickness of one series' bar when the names are above the bars.
const BAR_THICKNESS: i32 = 16;

/// How a bar chart lays out its rows.
struct BarRows {
    /// Category names, wrapped: into a column of at most 40% of the frame, or to the whole
    /// frame when they go above the bars.
    lines: Vec<Vec<String>>,
    /// The least height of each row: its name above its bars, the bars and the air under
    /// them; or, beside the bars, the tallest name or the bars, and air (all rows alike).
    heights: Vec<i32>,
    /// Names above their bars rather than beside them (drawings narrower than
    /// [`NARROW_BELOW`]).
    above: bool,
}

fn bar_rows(spec: &ChartSpec, frame_w: i32) -> BarRows {
    let above = frame_w + 2 * PAD < NARROW_BELOW;
    let max_w = frame_w as f64 * if above { 1.0 } else { 0.4 };
    let lines: Vec<Vec<String>> = (0..category_count(spec).max(1)).map(|i| wrap(&category(spec, i), max_w, 3, |t| text_width(t, SMALL_PX))).collect();
    let lh = line_height(SMALL_PX);
    let ns = spec.series.len().max(1) as i32;
    let heights = if above {
        lines.iter().map(|l| l.len() as i32 * lh + 4 + ns * BAR_THICKNESS + 14).collect()
    } else {
        let tallest = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32 * lh;
        vec![tallest.max(14 * ns) + 10; lines.len()]
    };
    BarRows { lines, heights, above }
}

/// Bar chart: one row per category, names on the left (wrapped into a column sized from their
/// estimated width) or, in a narrow frame, above their bars; the value at the end of each bar,
/// and a zero line.
fn draw_bars(root: &Area, spec: &ChartSpec, frame: Rect) -> Drawn {
    let n = category_count(spec).max(1);
    let ns = spec.series.len().max(1);
    let (lo, hi) = value_range(spec).unwrap_or((0.0, 1.0));
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let (lo, hi) = if hi - lo < 1e-12 { (0.0, 1.0) } else { (lo, hi) };
    let labels = all_value_labels(spec, n);
    let lh = line_height(SMALL_PX);

    let rows = bar_rows(spec, frame.width());
    let cat_w = if rows.above { 0 } else { rows.lines.iter().flatten().map(|l| text_width(l, SMALL_PX)).fold(0.0, f64::max).ceil() as i32 + 10 };
    let pos_w = widest(&labels, spec, false).ceil() as i32;
    let neg_w = widest(&labels, spec, true).ceil() as i32;

    let plot = Rect {
        left: frame.left + cat_w + if neg_w > 0 { neg_w + 6 } else { 0 },
        top: frame.top,
        right: frame.right - if pos_w > 0 { pos_w + 6 } else { 0 },
        bottom: frame.bottom,
    };
    let area = root.clone().shrink((plot.left, plot.top), (plot.width().max(1) as u32, plot.height().max(1) as u32));
    // Rows go top to bottom in the caller's order: category 0 is at y = n (the top).
    let chart = ChartBuilder::on(&area).build_cartesian_2d(lo..hi, 0.0..n as f64)?;
    let (zero, _) = chart.backend_coord(&(0.0, 0.0));
    let gap = if ns > 1 { 1 } else { 0 };
    let bar = |si: usize, v: f64, label: &Option<String>, top: i32, bottom: i32| -> Drawn {
        let (end, _) = chart.backend_coord(&(v, 0.0));
        root.draw(&Rectangle::new([(zero.min(end), top + gap), (zero.max(end), bottom - gap)], color(si).filled()))?;
        if let Some(label) = label {
            let (x, hpos) = if v < 0.0 { (end - 5, HPos::Right) } else { (end + 5, HPos::Left) };
            root.draw(&Text::new(label.clone(), (x, (top + bottom) / 2), style(SMALL_PX, INK, hpos, VPos::Center)))?;
        }
        Ok(())
    };

    if rows.above {
        // Each row: the name, then its bars right under it; when the chart is taller than its
        // rows need, every row gets the same share of the extra air. The zero line runs beside
        // the bars only, so that it never crosses a name.
        let extra = ((plot.height() - rows.heights.iter().sum::<i32>()) as f64 / n as f64).max(0.0);
        let mut top = plot.top as f64 + extra / 2.0;
        for (i, lines) in rows.lines.iter().enumerate() {
            let mut ty = top.round() as i32;
            let bars_top = ty + lines.len() as i32 * lh + 4;
            top += rows.heights[i] as f64 + extra;
            for line in lines {
                root.draw(&Text::new(line.clone(), (frame.left, ty), style(SMALL_PX, INK, HPos::Left, VPos::Top)))?;
                ty += lh;
            }
            for (si, (s, series_labels)) in spec.series.iter().zip(&labels).enumerate() {
                let Some(v) = finite(s.values.get(i).copied().flatten()) else {
                    continue;
                };
                let y = bars_top + si as i32 * BAR_THICKNESS;
                bar(si, v, &series_labels[i], y, y + BAR_THICKNESS)?;
            }
            vline(root, zero, bars_top - 3, bars_top + ns as i32 * BAR_THICKNESS + 3, BASELINE)?;
        }
        return Ok(());
    }

    // Bars thicker than ~26 units look like blocks, so tall charts with few rows get air instead.
    let band = (plot.height() as f64 / n as f64).max(1.0);
    let group = (0.7f64).min(26.0 * ns as f64 / band);
    let bar_h = group / ns as f64;
    for (si, (s, series_labels)) in spec.series.iter().zip(&labels).enumerate() {
        for (i, label) in series_labels.iter().enumerate() {
            let Some(v) = finite(s.values.get(i).copied().flatten()) else {
                continue;
            };
            let y0 = (n - i) as f64 - (1.0 - group) / 2.0 - si as f64 * bar_h;
            let (_, top) = chart.backend_coord(&(0.0, y0));
            let (_, bottom) = chart.backend_coord(&(0.0, y0 - bar_h));
            bar(si, v, label, top, bottom)?;
        }
    }
    vline(root, zero, plot.top, plot.bottom, BASELINE)?;

    let cat_right = frame.left + cat_w - 10;
    for (i, lines) in rows.lines.into_iter().enumerate() {
        let (_, yc) = chart.backend_coord(&(0.0, (n - i) as f64 - 0.5));
        let mut ty = yc - lines.len() as i32 * lh / 2;
        for line in lines {
            root.draw(&Text::new(line, (cat_right, ty), style(SMALL_PX, INK, HPos::Right, VPos::Top)))?;
            ty += lh;
        }
    }
    Ok(())
}

// --- Description -----------------------------------------------------------------------------

/// The languages [`describe`] can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    /// `"id"` or `"en"` (a region such as `"en-GB"` is ignored); `None` for anything else, so
    /// that a caller with a third language decides what to do instead of getting English.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase().as_str() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The few words a description needs. Kept here, next to the sentences that use them, because
/// word order differs between the languages and a translation table elsewhere would hide that.
struct Words {
    rose: &'static str,
    fell: &'static str,
    unchanged: &'static str,
    /// Before a period: "pada Tw I-2021", "in Q1 2021".
    at: &'static str,
    /// Between two values: "menjadi", "to".
    to: &'static str,
    /// Around a span of periods: "dari ... hingga", "from ... to".
    since: &'static str,
    until: &'static str,
    highest: &'static str,
    lowest: &'static str,
    largest_first: &'static str,
    no_data: &'static str,
}

const ID: Words = Words {
    rose: "naik dari",
    fell: "turun dari",
    unchanged: "tetap",
    at: "pada",
    to: "menjadi",
    since: "dari",
    until: "hingga",
    highest: "tertinggi",
    lowest: "terendah",
    largest_first: "dari yang terbesar",
    no_data: "Tidak ada data.",
};

const EN: Words = Words {
    rose: "rose from",
    fell: "fell from",
    unchanged: "unchanged at",
    at: "in",
    to: "to",
    since: "from",
    until: "to",
    highest: "highest",
    lowest: "lowest",
    largest_first: "largest first",
    no_data: "No data.",
};

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The trend in words, for the chart's `<desc>` (and for anyone who cannot see the chart).
///
/// `with_unit` turns a value label into a value with its unit, as the page prints it:
/// `&|v| format!("{v} persen")` or `&|v| format!("Rp{v} triliun")`. Periods and categories
/// are used as given.
///
/// - line: per series, the change from its first to its last value ("naik dari -1,65 persen
///   pada Tw I-2021 menjadi 10,91 persen pada Tw II-2021"); for a single series of more than
///   two values, also the highest and lowest. "Unchanged" is decided on the printed labels, so
///   two values that print the same are not called a rise.
/// - bar and column: per series, the categories from the largest value to the smallest.
pub fn describe(spec: &ChartSpec, lang: Lang, with_unit: &dyn Fn(&str) -> String) -> String {
    let w = match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    };
    let n = category_count(spec);
    let multi = spec.series.len() > 1;
    let mut sentences: Vec<String> = Vec::new();
    for s in &spec.series {
        let points: Vec<(usize, f64, String)> = (0..n)
            .filter_map(|i| {
                let v = finite(s.values.get(i).copied().flatten())?;
                Some((i, v, with_unit(&value_label(s, i, spec.decimal_comma)?)))
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        let prefix = if multi { format!("{}: ", clean(&s.label)) } else { String::new() };
        let text = match spec.kind {
            ChartKind::Line => describe_trend(spec, w, &points, !multi),
            ChartKind::Bar | ChartKind::Column => describe_ranking(spec, w, &points),
        };
        sentences.push(if prefix.is_empty() { capitalize(&text) } else { format!("{prefix}{text}") });
    }
    if sentences.is_empty() {
        w.no_data.to_string()
    } else {
        sentences.join(" ")
    }
}

fn describe_trend(spec: &ChartSpec, w: &Words, points: &[(usize, f64, String)], extremes: bool) -> String {
    let (i0, v0, l0) = &points[0];
    let (i1, v1, l1) = &points[points.len() - 1];
    let (p0, p1) = (category(spec, *i0), category(spec, *i1));
    let mut text = if points.len() == 1 {
        format!("{l0} {} {p0}", w.at)
    } else if l0 == l1 {
        format!("{} {l0} {} {p0} {} {p1}", w.unchanged, w.since, w.until)
    } else {
        let verb = if v1 > v0 { w.rose } else { w.fell };
        format!("{verb} {l0} {} {p0} {} {l1} {} {p1}", w.at, w.to, w.at)
    };
    if extremes && points.len() > 2 {
        // The first occurrence wins a tie: the earliest time a level was reached.
        let hi = points.iter().fold(&points[0], |a, p| if p.1 > a.1 { p } else { a });
        let lo = points.iter().fold(&points[0], |a, p| if p.1 < a.1 { p } else { a });
        text.push_str(&format!("; {} {} {} {}, {} {} {} {}", w.highest, hi.2, w.at, category(spec, hi.0), w.lowest, lo.2, w.at, category(spec, lo.0)));
    }
    text.push('.');
    text
}

fn describe_ranking(spec: &ChartSpec, w: &Words, points: &[(usize, f64, String)]) -> String {
    let mut ranked: Vec<&(usize, f64, String)> = points.iter().collect();
    // Stable sort: equal values keep the caller's order.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let items: Vec<String> = ranked.iter().map(|(i, _, l)| format!("{} {l}", category(spec, *i))).collect();
    format!("{}: {}.", w.largest_first, items.join("; "))
}

#[cfg(test)]
mod tests;
