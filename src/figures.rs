//! What the `figure` and `chart` shortcodes of a release mean: checking them against the
//! indicators at load, and turning them into HTML at render.
//!
//! A figure shows the value **as it was known on the release's date** (CONTENT.md): the
//! observation with the latest `published` date not after that date. When the value was
//! revised later, the page says so beside it. Charts in a release likewise draw the data as
//! known on its date. This module owns those rules and the chart specs; it reads no files.

use crate::chart::{self, ChartSeries, ChartSpec};
use crate::content::{Body, Entry};
use crate::diag::{Diagnostic, Diagnostics};
use crate::indicator::{ChartKind, Indicator, Observation, Status};
use crate::markdown;
use crate::numfmt;
use crate::period::{Frequency, Period};
use crate::provenance;
use crate::shortcode::{Arg, Call};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, LazyLock};

const SHORTCODES: &[&str] = &["figure", "chart"];
const FIGURE_ARGS: &[&str] = &["indicator", "period", "series"];
const CHART_ARGS: &[&str] = &["indicator", "from", "to", "period", "series", "kind"];

/// Checks every shortcode of a release entry. `known_ids` holds ids of indicators that
/// failed to load too, so their releases are not blamed for it.
///
/// `date` is the release's date (figures must have been known then); `None` for standing
/// pages, which show the current data.
pub fn check(path: &Path, body: &Body, date: Option<NaiveDate>, indicators: &BTreeMap<String, Indicator>, known_ids: &BTreeSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let at = |offset: usize, msg: String| Diagnostic::error_at(path, &body.source, body.offset + offset, msg);
    for e in &body.syntax_errors {
        diags.push(at(e.offset, e.message.clone()));
    }
    for crate::sanitize::Unsafe { offset, what, link } in crate::sanitize::unsafe_html(body.text()) {
        let help = if link {
            "pages never run script from content: the text stays, without its link"
        } else {
            "pages never run script from content; embed media with <iframe> or <video> instead"
        };
        diags.push(at(offset, format!("{what} is removed from the page")).warning().with_help(help));
    }
    for offset in misplaced_charts(body) {
        diags.push(
            at(offset, "a chart must be a paragraph of its own: this one is inside the text around it, and is shown after that text".into())
                .warning()
                .with_help("put the chart on a line of its own, with a blank line before and after it (a <figure> cannot be inside a paragraph)"),
        );
    }
    for call in &body.calls {
        let allowed = match call.name.as_str() {
            "figure" => FIGURE_ARGS,
            "chart" => CHART_ARGS,
            other => {
                diags.push(
                    at(call.name_span.start, format!("unknown shortcode `{other}`; expected `figure` or `chart`")).suggest(other, SHORTCODES.iter().copied()),
                );
                continue;
            }
        };
        for a in &call.args {
            if !allowed.contains(&a.key.as_str()) {
                diags.push(
                    at(a.key_span.start, format!("`{}` takes no argument `{}`; it takes: {}", call.name, a.key, allowed.join(", ")))
                        .suggest(&a.key, allowed.iter().copied()),
                );
            }
        }
        let Some(ind_arg) = call.arg("indicator") else {
            diags.push(
                at(call.name_span.start, format!("`{}` needs `indicator=\"...\"`", call.name))
                    .with_help(format!("for example {{{{ {}(indicator=\"jakarta-grdp-growth\", ...) }}}}", call.name)),
            );
            continue;
        };
        let Some(ind) = indicators.get(&ind_arg.value) else {
            if !known_ids.contains(&ind_arg.value) {
                diags.push(
                    at(ind_arg.value_span.start, format!("unknown indicator `{}`", ind_arg.value))
                        .suggest(&ind_arg.value, known_ids.iter().map(String::as_str)),
                );
            }
            continue;
        };
        let period = |a: &Arg| {
            Period::parse(&a.value, ind.frequency).map_err(|m| at(a.value_span.start, format!("{m} (indicator `{}` is {})", ind.id, ind.frequency.as_str())))
        };
        let series = match check_series(ind, call.arg("series"), call.name == "figure") {
            Ok(s) => s,
            Err((offset, msg, help)) => {
                diags.push(at(offset.map_or(call.name_span.start, |o| o), msg).with_help(help));
                continue;
            }
        };
        match call.name.as_str() {
            "figure" => {
                let Some(p_arg) = call.arg("period") else {
                    diags.push(
                        at(call.name_span.start, "`figure` needs `period=\"...\"`".into())
                            .with_help(format!("for example period=\"{}\"", ind.frequency.example())),
                    );
                    continue;
                };
                match period(p_arg) {
                    Err(d) => diags.push(d),
                    Ok(p) if ind.latest(p, series).is_none() => {
                        let latest = ind.latest_period().map(|l| format!("its latest period is {l}")).unwrap_or_else(|| "it has no data".into());
                        diags.push(at(p_arg.value_span.start, format!("indicator `{}` has no value for {p}", ind.id)).with_help(latest));
                    }
                    Ok(p) if date.is_some_and(|d| ind.as_of(p, series, d).is_none()) => {
                        let date = date.unwrap_or_default();
                        let help = match ind.revisions(p, series).first().and_then(|o| o.published) {
                            Some(first) => format!("its first value was published on {first}"),
                            None => format!("the dataset has no value for {p}"),
                        };
                        diags.push(
                            at(p_arg.value_span.start, format!("no value of `{}` for {p} was known on the release's date {date}", ind.id)).with_help(help),
                        );
                    }
                    Ok(_) => {}
                }
            }
            _ => {
                for key in ["from", "to", "period"] {
                    if let Some(Err(d)) = call.arg(key).map(period) {
                        diags.push(d);
                    }
                }
                if let Some(k) = call.arg("kind") {
                    if !ChartKind::ALL.iter().any(|(n, _)| *n == k.value) {
                        diags.push(
                            at(k.value_span.start, format!("unknown chart kind `{}`; expected line, bar or column", k.value))
                                .suggest(&k.value, ChartKind::ALL.iter().map(|(n, _)| *n)),
                        );
                    }
                }
                if let (Some(Ok(from)), Some(Ok(to))) = (call.arg("from").map(period), call.arg("to").map(period)) {
                    if from > to {
                        diags.push(at(call.arg("from").map_or(0, |a| a.value_span.start), format!("`from` ({from}) is after `to` ({to})")));
                    }
                }
            }
        }
    }
    diags
}

/// The series a call names, checked: a figure in a dataset with series must name one.
fn check_series<'a>(ind: &Indicator, arg: Option<&'a Arg>, required: bool) -> Result<Option<&'a str>, (Option<usize>, String, String)> {
    let ids = ind.series_ids();
    match arg {
        None if required && !ids.is_empty() => {
            Err((None, format!("indicator `{}` has several series: name one with `series=\"...\"`", ind.id), format!("its series: {}", ids.join(", "))))
        }
        None => Ok(None),
        Some(a) if ids.is_empty() => Err((Some(a.value_span.start), format!("indicator `{}` has no series", ind.id), "remove `series`".into())),
        Some(a) if !ids.contains(&a.value.as_str()) => {
            let help = crate::diag::nearest(&a.value, ids.iter().copied())
                .map_or_else(|| format!("its series: {}", ids.join(", ")), |n| format!("did you mean `{n}`?"));
            Err((Some(a.value_span.start), format!("unknown series `{}` in indicator `{}`", a.value, ind.id), help))
        }
        Some(a) => Ok(Some(a.value.as_str())),
    }
}

/// One parse of a body for the load: its typed figures (spans in [`Body::text`]; a number a
/// shortcode was cut out of is none) and its plain text for the search index
/// (`markdown::plain_text` of [`Body::without_shortcodes`], as the search would make it;
/// the search adds what the figures print, `Body::search_text`). The search index used to
/// parse every body again for its text: 5% of a build's instructions (issue 6).
///
/// With `keep_html` (the site's folder, `Config::path`), a body without shortcodes also gives
/// its HTML, as the render would make it for that folder, from the same parse (`Body::html`):
/// the render's own parse of every body was 5% of a build's instructions (issue 6).
pub fn read_body(body: &Body, lang: &str, keep_html: Option<&str>) -> (Vec<provenance::Typed>, String, Option<Arc<str>>) {
    let mut typed = Vec::new();
    if let Some(root) = keep_html.filter(|_| body.calls.is_empty()) {
        let (rendered, plain) = markdown::render_and_read(body.text(), root, |at, run| provenance::typed_in(run, at, lang, &mut typed));
        return (typed, plain, Some(Arc::from(sanitized(rendered, root))));
    }
    let text = body.without_shortcodes();
    let plain = markdown::plain_text_and_runs(&text, |at, run| provenance::typed_in(run, at, lang, &mut typed));
    if !body.calls.is_empty() {
        typed.retain_mut(|t| {
            let span = body.position_with_shortcodes(t.span.start, true)..body.position_with_shortcodes(t.span.end, false);
            let whole = span.len() == t.span.len();
            t.span = span;
            whole
        });
    }
    (typed, plain, None)
}

/// Warnings for figures typed by hand that match no value of the release's datasets as
/// known on its date (see `provenance`).
/// With `quiet`, the findings are only counted, as warnings left out.
pub fn check_provenance(e: &Entry, typed: Vec<provenance::Typed>, date: NaiveDate, indicators: &BTreeMap<String, Indicator>, quiet: bool) -> Diagnostics {
    let Entry { path, body, lang, indicators: cited, .. } = e;
    let mut candidates = Vec::new();
    let mut sources = Vec::new();
    for ind in cited.iter().filter_map(|id| indicators.get(id)) {
        let kind = match ind.unit {
            numfmt::Unit::Percent | numfmt::Unit::PercentagePoint => provenance::Kind::Percent,
            numfmt::Unit::Rupiah => provenance::Kind::Rupiah,
            _ => continue,
        };
        for o in ind.observations.iter().filter(|o| o.known_on(date)) {
            candidates.push(provenance::Candidate { value: o.value, kind });
            sources.push((ind, o));
        }
    }
    // "2,54 poin persen (jakarta-growth-sources, Tw II-2021)"
    let label = |i: usize| {
        let (ind, o) = sources[i];
        let series = o.series.as_deref().map(|s| format!(", {s}")).unwrap_or_default();
        format!("{} ({}{series}, {})", ind.format(o.value, lang), ind.id, o.period.label(lang))
    };
    let findings = provenance::check(typed, &candidates);
    if quiet {
        return Diagnostics::left_out(findings.len());
    }
    findings
        .into_iter()
        .map(|f| {
            let msg = format!("the figure `{}` matches no value of this release's indicators as known on {date}", f.typed.text);
            let d = Diagnostic::error_at(path, &body.source, body.offset + f.typed.span.start, msg).warning();
            match f.nearest.map(label) {
                Some(n) => {
                    d.with_help(format!("the nearest value is {n}; to print a value from the data, write {{{{ figure(indicator=\"...\", period=\"...\") }}}}"))
                }
                None if cited.is_empty() => d.with_help("this release cites no indicator: add the dataset to `indicators` or use {{ figure(...) }}"),
                None => d.with_help("no cited indicator has values in this unit"),
            }
        })
        .collect()
}

/// What rendering a body needs to know about the page.
pub struct Env<'a> {
    pub indicators: &'a BTreeMap<String, Indicator>,
    pub lang: &'a str,
    pub default_lang: &'a str,
    /// URL prefix of the page's language: "" or "/en", after the site's folder (`root`):
    /// "/warta" or "/warta/en" for a site served from `/warta/`.
    pub prefix: &'a str,
    /// The folder the site is served from (`Config::path`): "" or "/warta".
    pub root: &'a str,
    /// The release's date: figures and charts show what was known then. `None` for pages
    /// that show the current data.
    pub as_of: Option<NaiveDate>,
    pub strings: &'a BTreeMap<String, String>,
    /// Charts already drawn in this build, when it shares them between pages.
    pub charts: Option<&'a ChartMemo>,
}

/// The charts a build has drawn, by everything a chart's HTML depends on. Releases that chart
/// a dataset before its next vintage draw the same chart: 10,504 charts in the `warta-full`
/// corpus of 10,000 releases are 1,004 different ones, and drawing them was an eighth of the
/// build (issue 6). One build's indicators and language strings never change, so the key
/// leaves them out; a memo must not outlive its build.
#[derive(Default)]
pub struct ChartMemo(std::sync::Mutex<std::collections::HashMap<ChartKey, std::sync::Arc<str>>>);

#[derive(PartialEq, Eq, Hash)]
struct ChartKey {
    indicator: String,
    kind: ChartKind,
    from: Option<Period>,
    to: Option<Period>,
    period: Option<Period>,
    series: Option<String>,
    id: String,
    lang: String,
    prefix: String,
    /// What the chart shows: `None` for the current data, else the latest `published` date of
    /// the dataset not after the release's date (the values known then depend on nothing else).
    vintage: Option<Option<NaiveDate>>,
}

impl Env<'_> {
    fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
}

/// Renders a Markdown body with its shortcodes. Shortcodes become private-use placeholders
/// before Markdown runs, so their HTML is never re-read as Markdown, then are replaced.
pub fn render_body(body: &Body, env: &Env) -> String {
    let html = render_calls(body, env);
    // A wide table scrolls inside a focusable region so keyboard users can scroll it too
    // (WCAG 2.1.1; axe's `scrollable-region-focusable`).
    // `str::contains` looks for `<table>` with SIMD; the automaton's prefilter stopped at
    // every `<` of every body (1.9% of a build's instructions, issue 6).
    if html.contains("<table>") {
        let open =
            format!("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\"><table>", crate::theme::escape_html(&env.t("table_label")));
        return wrap_tables(&html, &open);
    }
    html
}

/// `html`, a body from [`render_body`], with only the wide drawing of each chart: for feeds,
/// which a reader shows without the theme's CSS. A feed reader that keeps inline SVG but drops
/// its `display` attribute (as sanitizers that allow a list of attributes do) would show every
/// chart twice, the second time drawn for a phone.
///
/// Each chart's drawings come from `chart::render`, which makes the narrow one a single
/// `<svg …>…</svg>` with [`chart::NARROW_CLASS`] in its opening tag and no `<svg` inside it
/// (its texts are escaped): that is all this relies on.
pub fn wide_only(html: String) -> String {
    static OPEN: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("<svg "));
    if !html.contains(chart::NARROW_CLASS) {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut at = 0;
    while let Some(found) = OPEN.find(&html.as_bytes()[at..]) {
        let start = at + found;
        let Some(tag_len) = html[start..].find('>') else { break };
        let tag = &html[start..start + tag_len];
        let Some(len) = html[start..].find("</svg>") else { break };
        let end = start + len + "</svg>".len();
        if tag.contains(chart::NARROW_CLASS) {
            // The line break `chart::render` ends a drawing with goes with it.
            let end = if html[end..].starts_with('\n') { end + 1 } else { end };
            out.push_str(&html[last..start]);
            last = end;
        }
        at = end;
    }
    out.push_str(&html[last..]);
    out
}

/// `html` with every `<table>` replaced by `open` and every `</table>` closing it, found in
/// one pass of a SIMD search for `table>`: an Aho-Corasick automaton for the two tags
/// stopped at every `<` (1.5% of a build's instructions, issue 6), and two `str::replace`
/// passes over every body were 1.6%.
fn wrap_tables(html: &str, open: &str) -> String {
    static TAG_END: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("table>"));
    let mut out = String::with_capacity(html.len() + open.len() + 16);
    let mut last = 0;
    for at in TAG_END.find_iter(html.as_bytes()) {
        let (start, with) = if html[..at].ends_with("</") {
            (at - 2, "</table></div>")
        } else if html[..at].ends_with('<') {
            (at - 1, open)
        } else {
            continue;
        };
        out.push_str(&html[last..start]);
        out.push_str(with);
        last = at + "table>".len();
    }
    out.push_str(&html[last..]);
    out
}

/// Markdown to HTML, sanitized when the text held raw HTML (most bodies hold none, and
/// skip the second parse).
fn markdown_html(text: &str, root: &str) -> String {
    sanitized(markdown::render(text, root), root)
}

/// The HTML sanitized, and the addresses in it from the site's root put below `root`, when
/// the text held raw HTML (without, `markdown::render` did that).
fn sanitized(r: markdown::Rendered, root: &str) -> String {
    if r.has_raw_html {
        crate::sanitize::clean(&r.html, root)
    } else {
        r.html
    }
}

fn render_calls(body: &Body, env: &Env) -> String {
    let text = body.text();
    if body.calls.is_empty() {
        return match &body.html {
            Some(html) => html.to_string(),
            None => markdown_html(text, env.root),
        };
    }
    // Sanitized before the shortcodes' own HTML goes in: their placeholders are plain text.
    let mut html = markdown_html(&marked_text(body), env.root);
    // A chart inside a paragraph (or a heading, a link) is moved after it: a `<figure>` inside
    // a `<p>` is not HTML. The last first, so that charts of one paragraph keep their order
    // after it and the HTML before each placeholder is still Markdown's. `check` warns of each.
    for (i, _) in body.calls.iter().enumerate().rev().filter(|(_, c)| c.name == "chart") {
        let token = placeholder(i);
        if let Some((at, to)) = html.find(&token).and_then(|at| chart_place(&html, at, &token).map(|to| (at, to))) {
            html.insert_str(to, &format!("\n{token}"));
            html.replace_range(at..at + token.len(), "");
        }
    }
    for (i, call) in body.calls.iter().enumerate() {
        let token = placeholder(i);
        let out = match call.name.as_str() {
            "figure" => figure_html(call, env),
            _ => chart_html(call, env, i + 1),
        };
        // A chart alone on its line is a block: it replaces the paragraph Markdown made for it.
        let block = format!("<p>{token}</p>");
        if html.contains(&block) {
            html = html.replace(&block, &out);
        } else {
            html = html.replace(&token, &out);
        }
    }
    html
}

/// The placeholder of a body's `i`th shortcode in [`marked_text`]: private-use characters,
/// which Markdown leaves as text.
fn placeholder(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// The body's text with each shortcode replaced by its [`placeholder`].
fn marked_text(body: &Body) -> String {
    let text = body.text();
    let mut marked = String::with_capacity(text.len());
    let mut last = 0;
    for (i, call) in body.calls.iter().enumerate() {
        marked.push_str(&text[last..call.span.start]);
        let _ = write!(marked, "\u{E000}{i}\u{E001}");
        last = call.span.end;
    }
    marked.push_str(&text[last..]);
    marked
}

/// Elements whose content may be a `<figure>` (flow content). Markdown puts a chart in one of
/// them only when it is a paragraph of its own, or alone in a list item or table cell.
const FLOW_CONTAINERS: &[&str] = &[
    "blockquote",
    "li",
    "dd",
    "dt",
    "td",
    "th",
    "div",
    "section",
    "article",
    "aside",
    "details",
    "figure",
    "figcaption",
    "caption",
    "main",
    "header",
    "footer",
    "nav",
];
const VOID_ELEMENTS: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Where the chart `token` at `at` of a body's HTML (Markdown's, sanitized: well-formed, text
/// escaped) must go for the page to be valid HTML: just after the end of the outermost element
/// around it that cannot hold a `<figure>` (a `<p>`, a heading, a link, emphasis). `None` when
/// it may stay: a paragraph of its own (which the chart replaces), a list item, a cell.
fn chart_place(html: &str, at: usize, token: &str) -> Option<usize> {
    if html[..at].ends_with("<p>") && html[at + token.len()..].starts_with("</p>") {
        return None;
    }
    let mut open: Vec<&str> = Vec::new();
    let mut pos = 0;
    while let Some(tag) = next_tag(html, pos).filter(|t| t.start < at) {
        if tag.end > at {
            return None; // in an attribute: not a place for a chart at all
        }
        pos = tag.end;
        if tag.closing {
            if let Some(k) = open.iter().rposition(|n| n.eq_ignore_ascii_case(tag.name)) {
                open.truncate(k);
            }
        } else if !tag.self_closing && !VOID_ELEMENTS.iter().any(|v| v.eq_ignore_ascii_case(tag.name)) {
            open.push(tag.name);
        }
    }
    // Inside the innermost element that may hold it (`<ul>` may not, but its `<li>` may).
    let flow = |n: &&str| FLOW_CONTAINERS.iter().any(|f| f.eq_ignore_ascii_case(n));
    let outer = open.iter().rposition(flow).map_or(0, |k| k + 1);
    let name = *open.get(outer)?;
    // Its end: the close tag that brings the elements of its name opened since it back to none.
    let mut depth = open[outer..].iter().filter(|n| n.eq_ignore_ascii_case(name)).count();
    let mut pos = at;
    while let Some(tag) = next_tag(html, pos) {
        pos = tag.end;
        if tag.name.eq_ignore_ascii_case(name) && !tag.self_closing {
            if tag.closing {
                depth -= 1;
                if depth == 0 {
                    return Some(tag.end);
                }
            } else {
                depth += 1;
            }
        }
    }
    None
}

struct Tag<'a> {
    name: &'a str,
    start: usize,
    end: usize,
    closing: bool,
    self_closing: bool,
}

/// The first tag of `html` from `from` (`<!--`, `<!DOCTYPE` and the like are passed over).
fn next_tag(html: &str, from: usize) -> Option<Tag<'_>> {
    let b = html.as_bytes();
    let mut pos = from;
    loop {
        let start = pos + memchr::memchr(b'<', &b[pos..])?;
        // The tag ends at the first `>` outside quotes (a sanitized attribute may hold `>`).
        let mut quote = None;
        let mut end = None;
        for (i, &c) in b[start..].iter().enumerate() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(c),
                (None, b'>') => {
                    end = Some(start + i + 1);
                    break;
                }
                _ => {}
            }
        }
        let end = end?;
        let inner = &html[start + 1..end - 1];
        let (closing, rest) = inner.strip_prefix('/').map_or((false, inner), |r| (true, r));
        let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if len == 0 {
            pos = start + 1;
            continue;
        }
        return Some(Tag { name: &rest[..len], start, end, closing, self_closing: inner.ends_with('/') });
    }
}

/// The offsets (in the body) of its charts that are not a paragraph of their own, which the
/// render moves after the text around them ([`chart_place`]). Most charts are alone on a line
/// between blank lines: only a body with another is parsed here.
fn misplaced_charts(body: &Body) -> Vec<usize> {
    let text = body.text();
    let alone = |call: &Call| {
        let line_start = text[..call.span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[call.span.end..].find('\n').map_or(text.len(), |i| call.span.end + i);
        let indent = &text[line_start..call.span.start];
        let blank = |line: Option<&str>| line.is_none_or(|l| l.trim().is_empty());
        indent.len() < 4
            && indent.bytes().all(|b| b == b' ')
            && text[call.span.end..line_end].trim().is_empty()
            && blank(text[..line_start].strip_suffix('\n').map(|before| before.rsplit('\n').next().unwrap_or(before)))
            && blank(text.get(line_end + 1..).map(|after| after.split('\n').next().unwrap_or(after)))
    };
    let suspects: Vec<usize> = body.calls.iter().enumerate().filter(|(_, c)| c.name == "chart" && !alone(c)).map(|(i, _)| i).collect();
    if suspects.is_empty() {
        return Vec::new();
    }
    // Where a chart is does not depend on the site's folder.
    let html = markdown_html(&marked_text(body), "");
    suspects
        .into_iter()
        .filter(|&i| {
            let token = placeholder(i);
            html.find(&token).is_some_and(|at| chart_place(&html, at, &token).is_some())
        })
        .map(|i| body.calls[i].span.start)
        .collect()
}

fn value_of<'a>(ind: &'a Indicator, period: Period, series: Option<&str>, as_of: Option<NaiveDate>) -> Option<&'a Observation> {
    match as_of {
        Some(d) => ind.as_of(period, series, d),
        None => ind.latest(period, series),
    }
}

/// What a `figure` call shows: its dataset, period and series, the value as known on
/// `as_of` (or the current one), and the later revision the page notes beside it, if any.
struct Shown<'i, 'c> {
    ind: &'i Indicator,
    period: Period,
    series: Option<&'c str>,
    value: &'i Observation,
    revised: Option<&'i Observation>,
}

/// What `call` shows ([`Shown`]); `None` for a call the load rejected.
fn shown<'i, 'c>(call: &'c Call, indicators: &'i BTreeMap<String, Indicator>, as_of: Option<NaiveDate>) -> Option<Shown<'i, 'c>> {
    // Checked at load: the indicator, period and series exist and a value was known.
    let ind = call.arg("indicator").and_then(|a| indicators.get(&a.value))?;
    let series = call.arg("series").map(|a| a.value.as_str());
    let period = call.arg("period").and_then(|a| Period::parse(&a.value, ind.frequency).ok())?;
    let value = value_of(ind, period, series, as_of)?;
    let revised = ind.latest(period, series).filter(|l| l.published != value.published);
    Some(Shown { ind, period, series, value, revised })
}

fn figure_html(call: &Call, env: &Env) -> String {
    let Some(Shown { ind, period, series, value: obs, revised }) = shown(call, env.indicators, env.as_of) else { return String::new() };
    let esc = crate::theme::escape_html;
    let mut html = format!(
        "<a class=\"figure\" href=\"{}/indicators/{}/#{}\"><data value=\"{}\">{}</data></a>",
        env.prefix,
        ind.id,
        esc(&row_id(period, series)),
        obs.value,
        esc(&ind.format(obs.value, env.lang))
    );
    // A reporter who copies the figure must see that it may still change: BPS marks a new
    // quarter's growth "angka sementara" and revises it later. So a value that is not final
    // carries its status, and a value revised since the release its new value, in one note.
    let mut notes = Vec::new();
    if obs.status != Status::Final {
        notes.push(env.t(&format!("status_{}", obs.status.as_str())));
    }
    if let Some(latest) = revised {
        let date = latest.published.map(|d| crate::dates::long_date(&d, env.lang)).unwrap_or_default();
        notes.push(crate::theme::fill(&env.t("figure_revised"), &[("value", &ind.format(latest.value, env.lang)), ("date", &date)]));
    }
    if !notes.is_empty() {
        let _ = write!(html, " <span class=\"figure-note\">({})</span>", esc(&notes.join("; ")));
    }
    html
}

/// The numbers the `figure` shortcodes of a release's body print on its page in `lang` (the
/// body's language), as [`render_body`] prints them: each value as known on the release's
/// `date` with its unit (`10,91 persen`), and the revised value the page notes beside it
/// (`10,94 persen`), one line each. The search counts them as words of the release
/// (`Body::figure_text`): a journalist searches for the figure they read. The revision
/// note's own words and date come from the theme's strings and are not counted; nor is a
/// chart's text (its dataset is a search result of its own).
///
/// Made at load for every release, so it only looks up and formats values: nothing for a
/// body without shortcodes.
pub fn printed(body: &Body, indicators: &BTreeMap<String, Indicator>, date: NaiveDate, lang: &str) -> String {
    let mut text = String::new();
    for call in body.calls.iter().filter(|c| c.name == "figure") {
        let Some(Shown { ind, value, revised, .. }) = shown(call, indicators, Some(date)) else { continue };
        for v in std::iter::once(value).chain(revised) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&ind.format(v.value, lang));
        }
    }
    text
}

/// The id of a data-table row on the indicator page, for links from figures.
pub fn row_id(period: Period, series: Option<&str>) -> String {
    match series {
        Some(s) => format!("v-{s}-{period}"),
        None => format!("v-{period}"),
    }
}

fn chart_kind(k: ChartKind) -> chart::ChartKind {
    match k {
        ChartKind::Line => chart::ChartKind::Line,
        ChartKind::Bar => chart::ChartKind::Bar,
        ChartKind::Column => chart::ChartKind::Column,
    }
}

/// Options of one chart, from a shortcode or from the indicator page.
pub struct ChartRequest<'a> {
    pub kind: ChartKind,
    pub from: Option<Period>,
    pub to: Option<Period>,
    /// For bar and column charts: the one period shown (default: the latest).
    pub period: Option<Period>,
    pub series: Option<&'a str>,
    pub id: String,
}

fn chart_html(call: &Call, env: &Env, n: usize) -> String {
    let Some(ind) = call.arg("indicator").and_then(|a| env.indicators.get(&a.value)) else { return String::new() };
    let period = |key: &str| call.arg(key).and_then(|a| Period::parse(&a.value, ind.frequency).ok());
    let kind = call.arg("kind").and_then(|k| ChartKind::ALL.iter().find(|(n, _)| *n == k.value)).map_or(ind.chart, |(_, k)| *k);
    let req = ChartRequest {
        kind,
        from: period("from"),
        to: period("to"),
        period: period("period"),
        series: call.arg("series").map(|a| a.value.as_str()),
        id: format!("chart-{n}"),
    };
    chart_figure(ind, &req, env)
}

/// A chart in a `<figure>` with its caption, source and links to the data.
pub fn chart_figure(ind: &Indicator, req: &ChartRequest, env: &Env) -> String {
    let Some(memo) = env.charts else { return draw_chart_figure(ind, req, env) };
    let key = ChartKey {
        indicator: ind.id.clone(),
        kind: req.kind,
        from: req.from,
        to: req.to,
        period: req.period,
        series: req.series.map(str::to_string),
        id: req.id.clone(),
        lang: env.lang.to_string(),
        prefix: env.prefix.to_string(),
        vintage: env.as_of.map(|d| ind.observations.iter().filter_map(|o| o.published).filter(|p| *p <= d).max()),
    };
    let lock = || memo.0.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(html) = lock().get(&key) {
        return html.to_string();
    }
    // Drawn outside the lock: two threads may draw the same chart once each, never wait.
    let html = draw_chart_figure(ind, req, env);
    lock().insert(key, std::sync::Arc::from(html.as_str()));
    html
}

fn draw_chart_figure(ind: &Indicator, req: &ChartRequest, env: &Env) -> String {
    let spec = chart_spec(ind, req, env);
    let svg = chart::render(&spec);
    let esc = crate::theme::escape_html;
    let page = format!("{}/indicators/{}/", env.prefix, ind.id);
    // Downloads are the same in every language: they live beside the default-language page.
    let files = format!("{}/indicators/{}/", env.root, ind.id);
    format!(
        "<figure class=\"chart\" id=\"{id}\">\n<div class=\"chart__scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"{svg_id}-title\">{svg}</div>\n<figcaption><span class=\"chart-desc\">{desc}</span> <span class=\"chart-links\"><a href=\"{page}#data\">{table}</a> · <a href=\"{files}{csv}\" download=\"{name}.csv\">CSV</a> · <a href=\"{files}{json}\" download=\"{name}.json\">JSON</a></span></figcaption>\n</figure>",
        id = esc(&req.id),
        svg_id = chart::sanitize_id(&req.id),
        desc = esc(&spec.desc),
        table = esc(&env.t("data_table")),
        csv = DATA_CSV,
        json = DATA_JSON,
        // Saved under the dataset's name, not as `data.csv` and `data (1).csv`.
        name = ind.id,
    )
}

/// File names of an indicator's downloads, beside its page.
pub const DATA_CSV: &str = "data.csv";
pub const DATA_JSON: &str = "data.json";

/// The chart spec for an indicator: the data as known on `env.as_of` (or now).
pub fn chart_spec(ind: &Indicator, req: &ChartRequest, env: &Env) -> ChartSpec {
    let lang = env.lang;
    let series_ids: Vec<Option<&str>> = match (req.series, ind.series_ids()) {
        (Some(s), _) => vec![Some(s)],
        (None, ids) if ids.is_empty() => vec![None],
        (None, ids) => ids.into_iter().map(Some).collect(),
    };
    let values = |s: Option<&str>| -> Vec<&Observation> {
        match env.as_of {
            Some(d) => ind.values_as_of(s, d),
            None => ind.latest_values(s),
        }
    };
    let label_of =
        |s: Option<&str>| s.and_then(|id| ind.series_label(id, lang, env.default_lang)).unwrap_or_else(|| ind.title.get(lang, env.default_lang)).to_string();
    let number = |v: f64| numfmt::format_number(v, ind.decimals, lang, true);
    let mut full: BTreeMap<String, String> = BTreeMap::new();
    let mut remember = |v: f64| {
        let label = number(v);
        full.entry(label.clone()).or_insert_with(|| ind.format(v, lang));
        label
    };

    // A dataset without series drawn as bars or columns shows its periods, like a line.
    let over_time = req.kind == ChartKind::Line || (ind.series.is_empty() && req.period.is_none());
    let (categories, series) = match req.kind {
        _ if over_time => {
            let per_series: Vec<Vec<&Observation>> = series_ids.iter().map(|s| values(*s)).collect();
            let mut periods: Vec<Period> =
                per_series.iter().flatten().map(|o| o.period).filter(|p| req.from.is_none_or(|f| *p >= f) && req.to.is_none_or(|t| *p <= t)).collect();
            periods.sort();
            periods.dedup();
            let series = series_ids
                .iter()
                .zip(&per_series)
                .map(|(s, obs)| {
                    let by_period: BTreeMap<Period, f64> = obs.iter().map(|o| (o.period, o.value)).collect();
                    let vals: Vec<Option<f64>> = periods.iter().map(|p| by_period.get(p).copied()).collect();
                    let labels = vals.iter().map(|v| v.map(&mut remember).unwrap_or_default()).collect();
                    ChartSeries { label: label_of(*s), values: vals, value_labels: labels }
                })
                .collect();
            (periods.iter().map(|p| p.label(lang)).collect(), series)
        }
        _ => {
            // One period; each series is a category. The default period is the latest known.
            let period = req.period.or_else(|| series_ids.iter().flat_map(|s| values(*s)).map(|o| o.period).max());
            let vals: Vec<Option<f64>> = series_ids.iter().map(|s| period.and_then(|p| value_of(ind, p, *s, env.as_of)).map(|o| o.value)).collect();
            let labels = vals.iter().map(|v| v.map(&mut remember).unwrap_or_default()).collect();
            let label = period.map(|p| p.label(lang)).unwrap_or_default();
            (series_ids.iter().map(|s| label_of(*s)).collect(), vec![ChartSeries { label, values: vals, value_labels: labels }])
        }
    };
    let title = ind.title.get(lang, env.default_lang).to_string();
    let title = match req.period.or_else(|| ind.latest_period()) {
        Some(p) if !over_time => format!("{title}, {}", p.label(lang)),
        _ => title,
    };
    let mut spec = ChartSpec {
        kind: chart_kind(req.kind),
        title,
        unit: unit_caption(ind, env),
        source: format!("{}: {}", env.t("source"), ind.source.name.get(env.lang, env.default_lang)),
        categories,
        series,
        desc: String::new(),
        id: req.id.clone(),
        width: 640,
        height: 360,
        decimal_comma: numfmt::format_number(1.5, 1, lang, false).contains(','),
        cycle: match ind.frequency {
            Frequency::Quarterly => 4,
            Frequency::Monthly => 12,
            Frequency::Annual => 1,
        },
    };
    let lang_words = chart::Lang::from_code(lang).unwrap_or(chart::Lang::En);
    let with_unit = |label: &str| full.get(label).cloned().unwrap_or_else(|| label.to_string());
    // Columns over time read as a trend, like a line, not as a ranking of categories.
    spec.desc = if over_time && spec.kind != chart::ChartKind::Line {
        chart::describe(&ChartSpec { kind: chart::ChartKind::Line, ..spec.clone() }, lang_words, &with_unit)
    } else {
        chart::describe(&spec, lang_words, &with_unit)
    };
    spec
}

/// "persen, y-on-y": the unit and measure in words, from the theme's strings.
fn unit_caption(ind: &Indicator, env: &Env) -> String {
    let unit = env.t(&format!("unit_{}", ind.unit.as_str()));
    let measure = env.t(&format!("measure_{}", ind.measure.as_str()));
    if measure.is_empty() {
        unit
    } else {
        format!("{unit}, {measure}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_goes_after_the_outermost_element_that_cannot_hold_a_figure() {
        let t = "\u{E000}0\u{E001}";
        fn place(html: &str) -> Option<&str> {
            let t = "\u{E000}0\u{E001}";
            chart_place(html, html.find(t).unwrap(), t).map(|to| &html[..to])
        }
        assert_eq!(place(&format!("<p>{t}</p>\n")), None, "a paragraph of its own, which the chart replaces");
        assert_eq!(place(&format!("<p>a <em>b {t}</em> c</p>\n<p>d</p>")), Some(&*format!("<p>a <em>b {t}</em> c</p>")));
        assert_eq!(place(&format!("<h2 id=\"x\">A <a href=\"/x>y/\">{t}</a></h2>")), Some(&*format!("<h2 id=\"x\">A <a href=\"/x>y/\">{t}</a></h2>")));
        assert_eq!(place(&format!("<p>a<br />b</p><ul>\n<li>c {t}</li>\n</ul>")), None, "a list item may hold a figure");
        assert_eq!(place(&format!("<ul><li><p>c <strong>{t}</strong></p></li></ul>")), Some(&*format!("<ul><li><p>c <strong>{t}</strong></p>")));
        assert_eq!(place(&format!("<p><em>a <em>{t}</em></em> b</p>")), Some(&*format!("<p><em>a <em>{t}</em></em> b</p>")));
        assert_eq!(place(&format!("<p><img alt=\"{t}\" src=\"x.png\"></p>")), None, "not in an attribute");
    }

    #[test]
    fn tables_are_wrapped_as_replacing_both_tags_would_wrap_them() {
        let open = "<div class=\"table-wrap\"><table>";
        for html in [
            "",
            "<p>a</p>",
            "<table><tr><td>1</td></tr></table>",
            "x<table>a</table>y<table>b</table>z",
            "<p>notable> </table></p><table>",
            "<a title=\"<table>\">t</a>",
        ] {
            assert_eq!(wrap_tables(html, open), html.replace("<table>", open).replace("</table>", "</table></div>"), "{html}");
        }
    }

    #[test]
    fn one_read_of_a_body_finds_its_typed_figures_where_they_are_and_its_words() {
        let text = "Tumbuh {{ figure(indicator=\"a\", period=\"2021\") }} 5,07 persen; `1,5 persen` dan 2{{ figure(indicator=\"a\", period=\"2021\") }},5 persen.\n\nNaik 3,25%.\n";
        let body = Body::new(std::sync::Arc::new(text.to_string()), 0);
        let (typed, plain, _) = read_body(&body, "id", None);
        let found: Vec<&str> = typed.iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(found, ["5,07 persen", "3,25%"], "code is not read, and a number a shortcode cuts is none");
        assert_eq!(plain, markdown::plain_text(&body.without_shortcodes()));
        assert!(!plain.contains("figure"));
    }

    #[test]
    fn the_html_the_load_keeps_is_the_html_the_render_makes() {
        let indicators = BTreeMap::new();
        let strings = BTreeMap::from([("table_label".to_string(), "Tabel".to_string())]);
        for root in ["", "/warta"] {
            let env = Env { indicators: &indicators, lang: "id", default_lang: "id", prefix: root, root, as_of: None, strings: &strings, charts: None };
            for text in [
                "## Data\n\nNaik 5,07 persen [sumber](https://bps.go.id) dan `1,5 persen`, [metode](/metodologi/).\n\n## Data\n\n| a |\n|---|\n| 1 |\n",
                "Teks <script>alert(1)</script> <b>tebal</b> [x](javascript:alert(1)) ![g](gambar.png \"t\") ![f](/gambar/f.png)\n\n> kutipan 3,25%\n",
                "## Utama {#main}\n\nCatatan kaki[^1].\n\n[^1]: Sumber: BPS, 2,1 persen.\n",
            ] {
                let fresh = Body::new(Arc::new(text.to_string()), 0);
                let (typed, plain, html) = read_body(&fresh, "id", Some(root));
                let (typed_alone, plain_alone, none) = read_body(&fresh, "id", None);
                assert!(none.is_none());
                assert_eq!(plain, plain_alone, "{text}");
                assert_eq!(typed.iter().map(|t| t.span.clone()).collect::<Vec<_>>(), typed_alone.iter().map(|t| t.span.clone()).collect::<Vec<_>>());
                let made = render_body(&fresh, &env);
                let kept = Body { html: html.clone(), ..fresh.clone() };
                assert_eq!(html.as_deref(), Some(markdown_html(text, root).as_str()));
                assert_eq!(render_body(&kept, &env), made, "{text}");
                assert_eq!(made.contains("\"/warta/"), !root.is_empty() && text.contains("](/"), "{root}: {made}");
                // The render prints what the load kept: a kept HTML that differed would show.
                let marked = Body { html: Some(Arc::from("<p>kept</p>")), ..fresh.clone() };
                assert_eq!(render_body(&marked, &env), "<p>kept</p>");
            }
        }
        // A body with shortcodes is left to the render: its HTML depends on the page.
        let with_call = Body::new(Arc::new("Naik {{ figure(indicator=\"a\", period=\"2021\") }}.".to_string()), 0);
        assert!(read_body(&with_call, "id", Some("")).2.is_none());
    }

    #[test]
    fn what_a_body_s_figures_print_is_the_text_of_its_page() {
        let toml = |unit: &str, decimals: u8, values: &str| {
            format!("title = \"T\"\nunit = \"{unit}\"\nmeasure = \"level\"\nfrequency = \"quarterly\"\ndecimals = {decimals}\nsource = {{ name = \"BPS\" }}\n{values}")
        };
        let growth = toml(
            "percent",
            2,
            "[[observations]]\nperiod = \"2021-Q2\"\nvalue = 10.91\npublished = 2021-08-05\n\n[[observations]]\nperiod = \"2021-Q2\"\nvalue = 10.94\npublished = 2021-11-05\n",
        );
        let grdp = toml("rupiah", 1, "[[observations]]\nperiod = \"2021-Q2\"\nvalue = 5071700000000000\npublished = 2021-08-05\n");
        let indicators: BTreeMap<String, Indicator> = [("growth", growth), ("grdp", grdp)]
            .into_iter()
            .map(|(id, text)| (id.to_string(), crate::indicator::parse_indicator(id, Path::new("x.toml"), &text, None).0.expect(id)))
            .collect();
        let body = Body::new(
            Arc::new("Tumbuh {{ figure(indicator=\"growth\", period=\"2021-Q2\") }}, PDRB {{ figure(indicator=\"grdp\", period=\"2021-Q2\") }}.\n\n{{ chart(indicator=\"growth\") }}\n".to_string()),
            0,
        );
        let on = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        // As known on the release's date, with the revision the page notes beside it.
        assert_eq!(printed(&body, &indicators, on("2021-10-01"), "id"), "10,91 persen\n10,94 persen\nRp5.071,7 triliun");
        assert_eq!(printed(&body, &indicators, on("2021-10-01"), "en"), "10.91 percent\n10.94 percent\nIDR 5,071.7 trillion");
        assert_eq!(printed(&body, &indicators, on("2021-12-01"), "id"), "10,94 persen\nRp5.071,7 triliun");
        assert_eq!(printed(&Body::new(Arc::new("Tanpa angka.".to_string()), 0), &indicators, on("2021-10-01"), "id"), "");
        // Each of them is in the page, as the page's text.
        let strings = BTreeMap::from([("figure_revised".to_string(), "direvisi menjadi {value} pada {date}".to_string())]);
        for (lang, date) in [("id", "2021-10-01"), ("en", "2021-10-01"), ("id", "2021-12-01")] {
            let env = Env { indicators: &indicators, lang, default_lang: "id", prefix: "", root: "", as_of: Some(on(date)), strings: &strings, charts: None };
            let html = render_body(&body, &env);
            for line in printed(&body, &indicators, on(date), lang).lines() {
                assert!(html.contains(&format!(">{line}<")) || html.contains(&format!(" {line} ")), "{line} in {html}");
            }
        }
    }

    #[test]
    fn a_feed_body_keeps_each_chart_s_wide_drawing_and_nothing_else_changes() {
        let data = "title = \"T\"\nunit = \"percent\"\nmeasure = \"level\"\nfrequency = \"quarterly\"\ndecimals = 2\nsource = { name = \"BPS\" }\n\
                    [[observations]]\nperiod = \"2021-Q1\"\nvalue = 1.5\npublished = 2021-05-05\n\n[[observations]]\nperiod = \"2021-Q2\"\nvalue = 10.91\npublished = 2021-08-05\n";
        let indicators =
            BTreeMap::from([("growth".to_string(), crate::indicator::parse_indicator("growth", Path::new("x.toml"), data, None).0.expect("data"))]);
        let strings = BTreeMap::new();
        let env = Env { indicators: &indicators, lang: "id", default_lang: "id", prefix: "", root: "", as_of: None, strings: &strings, charts: None };
        let text = "Awal.\n\n{{ chart(indicator=\"growth\") }}\n\nTengah `chart--narrow`.\n\n{{ chart(indicator=\"growth\", kind=\"bar\") }}\n\nAkhir.\n";
        let page = render_body(&Body::new(Arc::new(text.to_string()), 0), &env);
        assert_eq!(page.matches(chart::NARROW_CLASS).count(), 3, "two drawings and the code span: {page}");
        let feed = wide_only(page.clone());
        // What is left is the page less exactly its narrow drawings, each a whole `<svg>`.
        let mut expected = page.clone();
        while let Some(at) = expected.find(&format!("{}\" display", chart::NARROW_CLASS)) {
            let start = expected[..at].rfind("<svg ").unwrap();
            let end = at + expected[at..].find("</svg>\n").unwrap() + "</svg>\n".len();
            expected.replace_range(start..end, "");
        }
        assert_eq!(feed, expected);
        assert_eq!((feed.matches("chart--wide").count(), feed.matches("<svg ").count()), (2, 2), "{feed}");
        assert!(feed.contains("<code>chart--narrow</code>") && feed.ends_with("<p>Akhir.</p>\n"));
        let plain = "<p>Tanpa grafik.</p>\n".to_string();
        assert_eq!(wide_only(plain.clone()), plain);
    }

    #[test]
    fn tables_are_wrapped_in_a_labelled_scroll_region_and_other_bodies_kept() {
        let indicators = BTreeMap::new();
        let strings = BTreeMap::from([("table_label".to_string(), "Tabel \"data\"".to_string())]);
        let env = Env { indicators: &indicators, lang: "id", default_lang: "id", prefix: "", root: "", as_of: None, strings: &strings, charts: None };
        let body = |text: &str| render_body(&Body::new(std::sync::Arc::new(text.to_string()), 0), &env);
        let two = body("| a |\n|---|\n| 1 |\n\nteks\n\n| b |\n|---|\n| 2 |\n");
        let open = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel &quot;data&quot;\"><table>";
        assert_eq!(two.matches(open).count(), 2, "{two}");
        assert_eq!(two.matches("</table></div>").count(), 2, "{two}");
        assert_eq!(body("Tanpa tabel: `</table>`\n"), "<p>Tanpa tabel: <code>&lt;/table&gt;</code></p>\n");
    }
}
