//! Renders the validated content into output files, in memory.
//!
//! Every output the site emits is a [`Job`]: one place to see what a build produces. Jobs
//! render in parallel with rayon; the result is sorted by path, so the output is the same
//! bytes whatever the thread count. This module writes nothing to disk (see `output`).

use crate::content::{Content, Entry, Organization, Person, Release};
use crate::dates::{self, DateView};
use crate::diag::{Diagnostic, Diagnostics};
use crate::feeds;
use crate::figures;
use crate::folder::{self, Carried, Folder, Leaves};
use crate::indicator::Indicator;
use crate::jsonld;
use crate::markdown;
use crate::period::Period;
use crate::search;
use crate::theme::{self, template_error_message, Theme};
use chrono::{DateTime, Datelike, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a file of the output holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileData {
    Bytes(Vec<u8>),
    /// A static file copied as it is, from this path.
    Copy(PathBuf),
}

/// Build-wide choices that are not content.
#[derive(Debug, Clone)]
pub struct Options {
    /// The build's clock: releases dated after it are embargoed.
    pub now: DateTime<FixedOffset>,
    /// Include drafts and embargoed releases, marked, with `noindex`.
    pub preview: bool,
}

/// The output: relative path (with `/`) to contents, sorted.
pub type Files = BTreeMap<String, FileData>;

/// Where rendered files go, one by one, from the rendering threads: into memory
/// ([`render`]) or straight to the output's staging folder (`output::Writer`), so that a
/// build does not hold the whole site in memory.
pub type Put<'p> = &'p (dyn Fn(String, FileData) + Sync);

/// What a whole render made.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every file of the site, sorted.
    pub paths: BTreeSet<String>,
    /// Charts drawn in its pages.
    pub charts: usize,
    /// Addresses of the theme that leave the site's folder (none for a site at the root of
    /// its host), sorted: see [`folder_warnings`].
    pub warnings: Vec<Diagnostic>,
}

/// Renders every output file of the site, in memory.
pub fn render(content: &Content, theme: &Theme, opts: &Options) -> Result<Files, Diagnostics> {
    render_with_warnings(content, theme, opts).map(|(files, _)| files)
}

/// [`render`], and the warnings of the render ([`Rendered::warnings`]).
pub fn render_with_warnings(content: &Content, theme: &Theme, opts: &Options) -> Result<(Files, Vec<Diagnostic>), Diagnostics> {
    let (files, rendered) = in_memory(|put| render_counted(content, theme, opts, put, &Progress::default(), &search::Carry::default()));
    rendered.map(|r| (files, r.warnings))
}

/// Runs `render` with a [`Put`] that keeps every file in memory.
fn in_memory<R>(render: impl FnOnce(Put) -> R) -> (Files, R) {
    let files = std::sync::Mutex::new(Files::new());
    let result = render(&|path, data| {
        files.lock().unwrap_or_else(|e| e.into_inner()).insert(path, data);
    });
    (files.into_inner().unwrap_or_else(|e| e.into_inner()), result)
}

/// How far a render is, for a progress display: jobs done out of a total (0 until known).
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

/// Renders every output file of the site, handing each to `put` as soon as it is made, in
/// no particular order, and counting its jobs in `progress` (a terminal shows it). The
/// search index reuses the analyses in `carry` and leaves its own there.
pub fn render_counted(content: &Content, theme: &Theme, opts: &Options, put: Put, progress: &Progress, carry: &search::Carry) -> Result<Rendered, Diagnostics> {
    let site = Site::new(content, theme, opts);
    let mut diags = Diagnostics::new();
    // Static files: the theme's, then the site's over them (a site may replace a theme file).
    // They are known first, so a rendered file they replace is never written.
    let withheld = site.withheld_static_files();
    let mut statics: BTreeMap<String, (FileData, bool)> =
        theme.static_files.iter().map(|(path, bytes)| (path.clone(), (FileData::Bytes(bytes.clone()), false))).collect();
    for (path, source) in content.static_files.iter().filter(|(p, _)| !withheld.contains(p.as_str())) {
        statics.insert(path.clone(), (FileData::Copy(source.clone()), true));
    }
    let charts = AtomicUsize::new(0);
    let put_rendered = |path: String, data: FileData| {
        if statics.contains_key(&path) && !path.ends_with(".html") {
            return;
        }
        if let (true, FileData::Bytes(bytes)) = (path.ends_with(".html"), &data) {
            charts.fetch_add(count_charts(bytes), Ordering::Relaxed);
        }
        put(path, data);
    };
    let jobs = site.jobs();
    progress.total.store(jobs.len(), Ordering::Relaxed);
    // The search index of every language, from the same published releases, is made while
    // the pages render: its numbering and chunking are serial, and would otherwise leave a
    // core idle for a fifth of a large build (issue 6). Its files are handed on as soon as
    // it is made, still beside the pages: handed on after them, the 620 files of a
    // 10,000-release index were 12 ms on one core at the end of the render.
    let index = || {
        site.search_index(carry).map(|files| {
            files
                .into_iter()
                .map(|(path, bytes)| {
                    put_rendered(path.clone(), FileData::Bytes(bytes));
                    path
                })
                .collect::<Vec<String>>()
        })
    };
    let ((mut paths, mut sitemap, d, leaving), index) = rayon::join(|| site.render_jobs(jobs, &put_rendered, &progress.done), index);
    diags.extend(d);
    match index {
        Ok(index) => paths.extend(index),
        Err(e) => diags.push(Diagnostic::file_error("content", format!("the search index could not be built: {e}"))),
    }
    // The sitemap lists what the pages said about themselves, in path order: sorted on every
    // core (stable, so the same bytes as one core gives), since the pages are all rendered.
    sitemap.par_sort_by(|a: &feeds::SitemapUrl, b| a.loc.cmp(&b.loc));
    let robots = feeds::robots(&content.config.base_url, opts.preview);
    for (name, xml) in feeds::sitemaps(&sitemap, &content.config.base_url).into_iter().chain([("robots.txt".to_string(), robots)]) {
        paths.insert(name.clone());
        put_rendered(name, FileData::Bytes(xml.into_bytes()));
    }
    // Nothing waits for a sitemap entry per page to be freed (50 ms at 100,000 releases).
    crate::free_later(sitemap);
    // The theme's stylesheets that reach the output (a site's static file may replace one).
    let stylesheets: Vec<(String, String)> = match site.folder {
        Some(_) => statics
            .iter()
            .filter(|(p, (_, from_site))| !from_site && p.ends_with(".css"))
            .map(|(p, _)| (p.clone(), String::from_utf8_lossy(&theme.static_files[p]).into_owned()))
            .collect(),
        None => Vec::new(),
    };
    for (path, (data, from_site)) in statics {
        if paths.contains(&path) && path.ends_with(".html") {
            let shown = if from_site { format!("content/static/{path}") } else { format!("themes/static/{path}") };
            diags.push(Diagnostic::file_error(shown, format!("this static file would replace the page `{path}`")).with_help("rename or move it"));
            continue;
        }
        paths.insert(path.clone());
        put(path, data);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let warnings = match site.folder {
        Some(f) => folder_warnings(&f, content, theme, leaving, &stylesheets, &paths),
        None => Vec::new(),
    };
    // Nothing waits for every language's list items and shared values to be freed (the
    // last 14 ms of a 10,000-release build, on one core).
    let lists: Vec<LangLists> = site.langs.into_values().collect();
    crate::free_later(lists);
    Ok(Rendered { paths, charts: charts.into_inner(), warnings })
}

/// The theme's addresses that leave the site's folder, as warnings at the templates and
/// stylesheets that write them (see `folder::warnings`), given what the pages carried
/// (`leaving`) and every file of the site (`paths`).
fn folder_warnings(
    f: &Folder,
    content: &Content,
    theme: &Theme,
    leaving: Leaving,
    stylesheets: &[(String, String)],
    paths: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let templates: Vec<folder::Source> = theme.templates().map(|(name, shown, text)| folder::Source { name, shown, text }).collect();
    let sheets: Vec<folder::Source> =
        stylesheets.iter().filter_map(|(name, text)| Some(folder::Source { name, shown: theme.static_shown(name)?, text })).collect();
    // A path below the folder (`/css/x.css`) is a file of the site as a static host finds it.
    let is_file = |path: &str| {
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            paths.contains(&format!("{rel}index.html"))
        } else {
            paths.contains(rel) || paths.contains(&format!("{rel}/index.html"))
        }
    };
    let mut found: Diagnostics = folder::warnings(f, &content.config.base_url, leaving, &templates, &sheets, &is_file).into_iter().collect();
    found.settle();
    found.into_sorted()
}

/// The addresses leaving the site's folder that a render's pages carry, by the template
/// that rendered them and the address.
type Leaving = BTreeMap<(&'static str, String), Carried>;

/// How a chart starts in a page: counted for the build's summary.
const CHART_MARK: &[u8] = b"<figure class=\"chart\"";

/// The charts in a page.
pub fn count_charts(html: &[u8]) -> usize {
    memchr::memmem::find_iter(html, CHART_MARK).count()
}

/// Renders only what shows the bodies of the releases `slugs`: their pages and the feeds
/// that carry them. Right after an edit that changed nothing but these bodies (see
/// [`only_bodies_differ`]), this and [`render_search`] are everything that changed, with the
/// same bytes a full [`render`] gives. `serve` uses it to show an edit within milliseconds.
pub fn render_bodies(content: &Content, theme: &Theme, opts: &Options, slugs: &BTreeSet<&str>) -> Result<Files, Diagnostics> {
    render_bodies_in(&Site::for_few_pages(content, theme, opts), slugs)
}

/// [`render_bodies`] and [`render_search`] from one [`Site`] (it takes a tenth of a second
/// to make at 10,000 releases): what `build` renders when only bodies changed.
pub fn render_bodies_and_search(
    content: &Content,
    theme: &Theme,
    opts: &Options,
    slugs: &BTreeSet<&str>,
    carry: &search::Carry,
) -> Result<(Files, Files), Diagnostics> {
    let site = Site::for_few_pages(content, theme, opts);
    // As in a full render, the search index is made while the pages render.
    let (bodies, search) = rayon::join(|| render_bodies_in(&site, slugs), || search_in(&site, carry));
    Ok((bodies?, search?))
}

fn render_bodies_in(site: &Site, slugs: &BTreeSet<&str>) -> Result<Files, Diagnostics> {
    let jobs = site.jobs().into_iter().filter(|job| site.shows_body_of(job, slugs)).collect();
    // The theme's addresses leaving the folder are the last full build's: these pages show
    // the same template around a new body, which is not searched (see `Site::leaving`).
    let (files, (_, _, diags, _)) = in_memory(|put| site.render_jobs(jobs, put, &AtomicUsize::new(0)));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// Puts a new search index ([`render_search`]) in place of the old one in `files`: the
/// index's file names carry hashes of their contents, so old names must go.
pub fn replace_search(files: &mut Files, index: Files, languages: &[String]) {
    files.retain(|path, _| !is_search_index(path, languages));
    files.extend(index);
}

/// Whether a file belongs to the search index ([`render_search`]).
pub fn is_search_index(path: &str, languages: &[String]) -> bool {
    path.strip_prefix("search/").and_then(|rest| rest.split_once('/')).is_some_and(|(lang, _)| languages.iter().any(|l| l == lang))
}

/// The search index files of every language (with `carry` as in [`render_counted`]).
pub fn render_search(content: &Content, theme: &Theme, opts: &Options, carry: &search::Carry) -> Result<Files, Diagnostics> {
    search_in(&Site::for_few_pages(content, theme, opts), carry)
}

fn search_in(site: &Site, carry: &search::Carry) -> Result<Files, Diagnostics> {
    match site.search_index(carry) {
        Ok(index) => Ok(index.into_iter().map(|(path, bytes)| (path, FileData::Bytes(bytes))).collect()),
        Err(e) => Err(std::iter::once(Diagnostic::file_error("content", format!("the search index could not be built: {e}"))).collect()),
    }
}

/// Static files that only unpublished releases link to: published, they would reveal what
/// is embargoed.
fn withheld_static_files<'a>(content: &'a Content, published: &[&Release]) -> BTreeSet<&'a str> {
    if content.static_files.is_empty() || published.len() == content.releases.len() {
        return BTreeSet::new();
    }
    let published: BTreeSet<&str> = published.iter().map(|r| r.slug.as_str()).collect();
    let targets = |body: &crate::content::Body| -> Vec<String> {
        markdown::link_targets(body.text()).into_iter().map(|t| t.trim_start_matches('/').to_string()).collect()
    };
    let (used_by_published, used_by_withheld): (Vec<_>, Vec<_>) = content
        .releases
        .par_iter()
        .map(|r| (published.contains(r.slug.as_str()), r.entries.values().flat_map(|e| targets(&e.body)).collect::<Vec<_>>()))
        .partition(|(p, _)| *p);
    let mut used_by_published: BTreeSet<String> = used_by_published.into_iter().flat_map(|(_, t)| t).collect();
    let used_by_withheld: BTreeSet<String> = used_by_withheld.into_iter().flat_map(|(_, t)| t).collect();
    for e in content.pages.iter().flat_map(|p| p.entries.values()) {
        used_by_published.extend(targets(&e.body));
    }
    let used = |set: &BTreeSet<String>, p: &str| set.iter().any(|t| t == p || t.ends_with(&format!("/{p}")));
    content.static_files.iter().map(|(p, _)| p.as_str()).filter(|p| used(&used_by_withheld, p) && !used(&used_by_published, p)).collect()
}

/// What a build remembers in the output folder, so that the next build can tell whether
/// only release bodies changed (then it renders only what shows them, as `serve` does).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Manifest {
    /// A hash of every input but the text of release bodies: the program, the options, the
    /// theme, site.toml, the directory, the indicators, standing pages, static files, and
    /// every release's front matter and the datasets its shortcodes cite.
    pub site: String,
    /// Per published release, a hash of its bodies.
    pub bodies: BTreeMap<String, String>,
    /// The files the build made (bookkeeping files included) and the charts in its pages.
    pub files: usize,
    pub charts: usize,
    /// The render's warnings ([`Rendered::warnings`]): a build that renders only bodies
    /// gives them again, as they come from the theme, which it does not render anew.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Diagnostic>,
}

impl Manifest {
    /// The fingerprints of this build's inputs (`files` and `charts` left at 0).
    pub fn of(content: &Content, theme: &Theme, opts: &Options) -> Manifest {
        use std::hash::{Hash, Hasher};
        let published: Vec<&Release> = content.releases.iter().filter(|r| opts.preview || (!r.draft && r.date <= opts.now)).collect();
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        // The program itself: another build of Warta may render differently.
        env!("CARGO_PKG_VERSION").hash(&mut h);
        if let Some(meta) = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok()) {
            (meta.len(), meta.modified().ok()).hash(&mut h);
        }
        (opts.preview, theme.fingerprint).hash(&mut h);
        // Everything loaded but releases, through its Debug form: a field added to the
        // content model is covered without touching this.
        let mut w = HashWriter(&mut h);
        let _ = write!(w, "{:?}", (&content.config, &content.organizations, &content.people, &content.indicators, &content.pages, &content.tag_names));
        for (path, source) in &content.static_files {
            let meta = std::fs::metadata(source).ok();
            (path, meta.as_ref().map(std::fs::Metadata::len), meta.and_then(|m| m.modified().ok())).hash(&mut h);
        }
        // Each release's fingerprint on its own (in parallel), then all of them in order;
        // hashed field by field, not through their Debug form as the rest above is (that
        // took a rebuild 30 ms).
        let releases: Vec<u64> = published
            .par_iter()
            .map(|r| {
                let mut h = xxhash_rust::xxh3::Xxh3Default::new();
                // A preview marks a release still under embargo: that depends on the clock.
                (&r.slug, &r.date, r.draft, r.date > opts.now).hash(&mut h);
                for (lang, e) in &r.entries {
                    (lang, entry_meta(e)).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        releases.hash(&mut h);
        withheld_static_files(content, &published).hash(&mut h);
        let bodies = published
            .par_iter()
            .map(|r| {
                let mut h = xxhash_rust::xxh3::Xxh3Default::new();
                r.entries.values().for_each(|e| e.body.hash.hash(&mut h));
                (r.slug.clone(), format!("{:016x}", h.finish()))
            })
            .collect();
        Manifest { site: format!("{:016x}", h.finish()), bodies, files: 0, charts: 0, warnings: Vec::new() }
    }

    /// The releases whose bodies changed since `last`, if nothing else did.
    pub fn changed_bodies_since<'m>(&'m self, last: &Manifest) -> Option<BTreeSet<&'m str>> {
        if self.site != last.site || !self.bodies.keys().eq(last.bodies.keys()) {
            return None;
        }
        Some(self.bodies.iter().filter(|(slug, h)| last.bodies.get(*slug) != Some(h)).map(|(slug, _)| slug.as_str()).collect())
    }
}

/// Feeds formatted text to a hasher without building the string.
struct HashWriter<'h>(&'h mut xxhash_rust::xxh3::Xxh3Default);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        std::hash::Hasher::write(self.0, s.as_bytes());
        Ok(())
    }
}

/// Whether two versions of a release differ in nothing but the text of their bodies, so
/// that no list, tag, organization or indicator page changes (they show titles, dates,
/// summaries and ids, never bodies). Links in a body decide which static files an
/// unpublished release withholds, so this holds for builds that withhold none (previews).
pub fn only_bodies_differ(a: &Release, b: &Release) -> bool {
    a.slug == b.slug
        && a.date == b.date
        && a.draft == b.draft
        && a.entries.len() == b.entries.len()
        && a.entries.iter().zip(&b.entries).all(|((la, x), (lb, y))| la == lb && entry_meta(x) == entry_meta(y))
}

/// Everything of a release entry that pages other than its own can show: all but the body.
/// The destructuring names every field, so a field added to `Entry` must be placed here or
/// ignored on purpose ([`only_bodies_differ`] and [`Manifest`] rely on it).
fn entry_meta(e: &Entry) -> impl PartialEq + std::fmt::Debug + std::hash::Hash + '_ {
    let Entry { lang: _, path, title, summary, kind, publisher, tags, participants, speakers, indicators, related, aliases, changes, body: _ } = e;
    (path, title, summary, kind, publisher, tags, participants, speakers, indicators, related, aliases, changes)
}

/// One rendered file, and its sitemap entry if it is a page search engines should know.
struct Output {
    path: String,
    data: FileData,
    sitemap: Option<feeds::SitemapUrl>,
    /// The template that rendered it ("" for a file Warta writes itself), and the addresses
    /// in it that leave the site's folder, each once (see [`Site::leaving`]).
    template: &'static str,
    leaving: Vec<(String, Leaves)>,
}

impl Output {
    fn file(path: String, bytes: Vec<u8>) -> Self {
        Output { path, data: FileData::Bytes(bytes), sitemap: None, template: "", leaving: Vec::new() }
    }
}

/// A page whose template failed: where (the template the error points into, which may be
/// a partial or the base the page's template extends), what, and the page.
struct RenderFailure {
    template: PathBuf,
    line: usize,
    column: usize,
    source_line: Option<String>,
    message: String,
    url: String,
}

/// One output of the site.
#[derive(Debug)]
enum Job<'a> {
    Home {
        lang: &'a str,
    },
    Release {
        release: &'a Release,
        lang: &'a str,
    },
    List {
        lang: &'a str,
        list: ListRef,
        page: usize,
    },
    Tags {
        lang: &'a str,
    },
    Organizations {
        lang: &'a str,
    },
    People {
        lang: &'a str,
    },
    Kinds {
        lang: &'a str,
    },
    Organization {
        org: &'a Organization,
        lang: &'a str,
    },
    Person {
        person: &'a Person,
        lang: &'a str,
    },
    Page {
        page: &'a crate::content::Page,
        lang: &'a str,
    },
    NotFound {
        lang: &'a str,
    },
    Alias {
        from: &'a str,
        to: String,
    },
    Indicators {
        lang: &'a str,
    },
    Indicator {
        indicator: &'a Indicator,
        lang: &'a str,
    },
    /// The CSV and JSON downloads of an indicator, the same in every language.
    IndicatorData {
        indicator: &'a Indicator,
        json: bool,
    },
    /// An Atom feed: of a language, or of a tag in a language.
    Feed {
        lang: &'a str,
        tag: Option<usize>,
    },
    /// `api/indicators/<id>.csv` and `.json`: the same data as the downloads.
    ApiIndicatorData {
        indicator: &'a Indicator,
        json: bool,
    },
    /// The search page of a language.
    Search {
        lang: &'a str,
    },
    /// `api/releases.json` and `api/indicators.json`.
    Api {
        indicators: bool,
    },
}

/// Which list of releases: an index into the per-language groups.
#[derive(Debug, Clone, Copy)]
enum ListRef {
    All,
    Year(usize),
    Tag(usize),
    Kind(usize),
    /// The releases an organization (by its index in the directory) published.
    Published(usize),
    /// The releases an organization took part in.
    Participated(usize),
    /// The releases that quote a person (by index in the directory).
    Quoted(usize),
}

/// A group of releases (a year, a tag, a kind): indices into `Site::releases`.
struct Group {
    key: String,
    name: String,
    members: Vec<usize>,
}

/// What [`Site::members`] finds: the members of each list, by key.
struct Members<'a> {
    years: BTreeMap<i32, Vec<usize>>,
    tags: BTreeMap<std::borrow::Cow<'a, str>, (&'a str, Vec<usize>)>,
    kinds: BTreeMap<&'a str, Vec<usize>>,
    /// By organization, in the directory's order.
    published: Vec<Vec<usize>>,
    participated: Vec<Vec<usize>>,
    /// By person, in the directory's order.
    quoted: Vec<Vec<usize>>,
    citing: BTreeMap<&'a str, Vec<usize>>,
}

/// Lists shared by every page of one language, built once.
struct LangLists {
    years: Vec<Group>,
    tags: Vec<Group>,
    kinds: Vec<Group>,
    /// Per release index: its list item in this language, made when first asked for
    /// ([`Site::item_at`]) unless every list is rendered (see [`Site::prerender_items`]).
    /// Kept as tera's value: a page's context shares it instead of serializing it again
    /// (tera's values are reference-counted; serializing one into a context copies a pointer).
    items: Vec<std::sync::OnceLock<tera::Value>>,
    /// The same with `html_h3` ([`Site::item_h3_at`]), each made when first asked for.
    items_h3: Vec<std::sync::OnceLock<tera::Value>>,
    /// The year and kind filters a list of all releases, of a year or of a kind shows
    /// ([`Site::facets`]), made once for each list: they differ only in which is current.
    /// Every page of those lists made them again: 24 maps a page, 1% of a build (issue 6).
    facets: Vec<std::sync::OnceLock<(tera::Value, tera::Value)>>,
    /// An empty list, for the filters of the other lists.
    no_facets: tera::Value,
    /// Per organization and person (in directory order): their releases, newest first.
    published: Vec<Vec<usize>>,
    participated: Vec<Vec<usize>>,
    quoted: Vec<Vec<usize>>,
    /// Per indicator id: the releases citing it, newest first.
    citing: BTreeMap<String, Vec<usize>>,
    strings: BTreeMap<String, String>,
    /// Per organization id: its JSON-LD, made once (every release names several).
    org_lds: BTreeMap<String, serde_json::Value>,
    /// The same serialized, for the release pages' NewsArticle (`jsonld::raw`).
    org_ld_raws: BTreeMap<String, Box<serde_json::value::RawValue>>,
    /// Per organization and person id: the view a release page shows, made once as a tera
    /// value that every page's context shares (as [`LangLists::items`]).
    org_values: BTreeMap<String, tera::Value>,
    person_values: BTreeMap<String, tera::Value>,
    /// Each tag of the published releases as a `{ name, url }` link, shared by the pages and
    /// list items that show it.
    tag_values: BTreeMap<String, tera::Value>,
    base: tera::Context,
}

struct Site<'a> {
    content: &'a Content,
    theme: &'a Theme,
    opts: &'a Options,
    /// Releases this build publishes, newest first.
    releases: Vec<&'a Release>,
    by_slug: BTreeMap<&'a str, usize>,
    /// `0..releases.len()`, the members of the list of all releases, made once.
    all: Vec<usize>,
    langs: BTreeMap<&'a str, LangLists>,
    /// Whether list items carry their HTML (see [`Site::item`]): worth it when every list
    /// is rendered, not for the few pages of a quick rebuild.
    prerender_items: bool,
    /// Charts drawn so far, shared by every page (see [`figures::ChartMemo`]).
    charts: figures::ChartMemo,
    /// Each tag of the published releases and its slug, made once: `slugify` for every
    /// tag of every release page and list item was 1% of a large build (issue 6).
    tag_slugs: BTreeMap<&'a str, String>,
    /// Each language's [`crate::config::Config::prefix`] after the site's folder
    /// ([`crate::config::Config::path`]).
    prefixes: BTreeMap<&'a str, String>,
    /// Each language's name in itself (`lang_<code>` of its strings), for the language links.
    lang_names: BTreeMap<&'a str, String>,
    /// Each language's feeds (`page.feeds`), made once: every page lists them.
    feed_links: BTreeMap<&'a str, tera::Value>,
    /// The folder the site is served from, for pages to be searched for the theme's
    /// addresses that leave it; `None` at the root of the host, where no page is searched.
    folder: Option<Folder<'a>>,
    /// The addresses content gives a template to print (organizations' websites, datasets'
    /// sources), as given and as printed: a website on the site's host outside its folder
    /// is the publisher's to link to, not a theme's mistake. Empty without a folder.
    content_addresses: BTreeSet<String>,
}

/// The heading level of a list item (`item_heading` in `partials/item.html`): `h2` in the
/// paginated lists, `h3` under a page's own headings elsewhere.
#[derive(Clone, Copy)]
enum Heading {
    H2,
    H3,
}

impl Heading {
    fn tag(self) -> &'static str {
        match self {
            Heading::H2 => "h2",
            Heading::H3 => "h3",
        }
    }

    /// The item's field that holds its HTML at this level.
    fn field(self) -> &'static str {
        match self {
            Heading::H2 => "html_h2",
            Heading::H3 => "html_h3",
        }
    }
}

/// HTML that Warta made (a body, a list item, a chart, JSON-LD), given to templates as a string
/// tera already knows is safe: they print it as it is, with no `| safe`, which copied every
/// body and list item once more per page (issue 6).
#[derive(Default)]
struct Html(String);

impl Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        tera::Value::safe_string(&self.0).serialize(serializer)
    }
}

#[derive(Serialize)]
struct Item {
    title: String,
    url: String,
    lang: String,
    date: DateView,
    kind: String,
    kind_label: String,
    summary: String,
    /// `Link`s as tera values ([`LangLists::tag_values`]).
    tags: Vec<tera::Value>,
    /// html: this item as `partials/item.html` renders it with `item_heading` "h2" / "h3".
    html_h2: Html,
    html_h3: Html,
}

#[derive(Serialize, Clone)]
struct Link {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    description: String,
    url: String,
    permalink: String,
    noindex: bool,
    translations: Vec<Translation>,
    fallback_lang: Option<String>,
    /// RFC 3339 date of the last change, for the sitemap; empty when unknown.
    modified: String,
    /// schema.org JSON-LD, ready to sit inside `<script type="application/ld+json">` (html).
    jsonld: Html,
    /// Atom feeds of this page's language, for `<link rel="alternate">`: `Vec<FeedLink>` as
    /// a tera value ([`Site::feed_links`]).
    feeds: tera::Value,
    /// The primary navigation's section this page is in ([`NAV_SECTIONS`]), or "".
    section: &'static str,
}

/// The sections of the primary navigation a page can be inside (`nav.<section>` is their
/// list's address). Found here, once per page: the theme's test `page.url is
/// starting_with(pat=nav.releases)` for each of them was 2% of a large build (issue 6).
const NAV_SECTIONS: [&str; 4] = ["releases", "indicators", "organizations", "tags"];

#[derive(Serialize)]
struct FeedLink {
    title: String,
    url: String,
}

impl FeedLink {
    /// The site's feed in `lang` (`/atom.xml`, `/en/atom.xml`, below the site's folder).
    fn site(content: &Content, lang: &str) -> FeedLink {
        FeedLink {
            title: content.config.title.get(lang, &content.config.default_language).to_string(),
            url: format!("{}{}/atom.xml", content.config.path, content.config.prefix(lang)),
        }
    }
}

#[derive(Serialize)]
struct Translation {
    lang: String,
    name: String,
    url: String,
    /// The absolute address, for `hreflang` links and the sitemap.
    permalink: String,
    current: bool,
}

#[derive(Serialize)]
struct OrgView {
    id: String,
    name: String,
    short: String,
    kind: String,
    kind_label: String,
    url: String,
    website: String,
    /// The organization as `partials/org.html` renders it, in [`LangLists::org_values`]
    /// (see [`Site::with_html`]); empty elsewhere.
    html: Html,
}

#[derive(Serialize)]
struct PersonView {
    id: String,
    name: String,
    role: String,
    url: String,
    organization: Option<OrgView>,
    /// The person as `partials/person.html` renders them, in [`LangLists::person_values`];
    /// empty elsewhere.
    html: Html,
}

#[derive(Serialize)]
struct ChangeView {
    date: DateView,
    kind: String,
    kind_label: String,
    note: String,
    /// The language the note is written in ([`Site::note_lang`]).
    lang: String,
}

#[derive(Serialize)]
struct ReleaseView<'a> {
    slug: String,
    title: String,
    lang: String,
    url: String,
    kind: String,
    kind_label: String,
    date: DateView,
    updated: Option<DateView>,
    summary: String,
    body: Html,
    /// Organizations and people as shared tera values ([`LangLists::org_values`]).
    publisher: Option<&'a tera::Value>,
    tags: Vec<std::borrow::Cow<'a, tera::Value>>,
    participants: Vec<&'a tera::Value>,
    speakers: Vec<&'a tera::Value>,
    related: Vec<&'a tera::Value>,
    changes: Vec<ChangeView>,
    /// Whether one of the changes is a correction: the page then says "corrected", not
    /// only "updated".
    corrected: bool,
    draft: bool,
    embargoed: bool,
    /// The suggested citation: `cite_format` with its placeholders filled in.
    citation: String,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    /// "Page {n} of {total}" (`page_of`) filled in.
    label: String,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// "Page {n}" (`page_n`) filled in, for the link's `aria-label`.
    label: String,
    /// Pages were left out before this one: the theme shows a gap ("…").
    gap_before: bool,
}

/// The page numbers a pagination bar links to: the first, the last, and two on each side of
/// the current page. Linking every page would make each of N list pages hold N links, work
/// and bytes that grow with the square of the site (issue 6).
fn page_window(current: usize, total: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = [1, total].into_iter().chain(current.saturating_sub(2).max(1)..=(current + 2).min(total)).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// A year or kind to filter a list by; `year` or `kind` is set.
#[derive(Serialize)]
struct Facet {
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    label: String,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct ListView<'a> {
    title: String,
    description: String,
    /// The page this list belongs to (an organization's or a person's), if any.
    parent: Option<Link>,
    items: Vec<&'a tera::Value>,
    pagination: Pagination,
    /// `Vec<Facet>` as tera values ([`LangLists::facets`]).
    years: &'a tera::Value,
    kinds: &'a tera::Value,
    /// The address of the list's own Atom feed (a topic's), if it has one.
    feed: Option<String>,
}

impl<'a> Site<'a> {
    fn new(content: &'a Content, theme: &'a Theme, opts: &'a Options) -> Self {
        Site::with(content, theme, opts, true)
    }

    /// A site for rendering a few of its pages: list items without their HTML (templates
    /// then include the item partial themselves, with the same result).
    fn for_few_pages(content: &'a Content, theme: &'a Theme, opts: &'a Options) -> Self {
        Site::with(content, theme, opts, false)
    }

    fn with(content: &'a Content, theme: &'a Theme, opts: &'a Options, prerender_items: bool) -> Self {
        let releases: Vec<&Release> = content.releases.iter().filter(|r| opts.preview || (!r.draft && r.date <= opts.now)).collect();
        let all = (0..releases.len()).collect();
        // On both cores: walked on one, the releases' slugs and tags were 8 ms of a
        // 10,000-release build and 100 ms of a 100,000-release one with the other core idle
        // (issue 6).
        let (by_slug, tag_slugs) = rayon::join(
            || releases.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect(),
            || {
                releases
                    .par_iter()
                    .fold(BTreeMap::new, |mut slugs: BTreeMap<&str, String>, r| {
                        for tag in r.entries.values().flat_map(|e| &e.tags) {
                            slugs.entry(tag.as_str()).or_insert_with(|| slug::slugify(tag));
                        }
                        slugs
                    })
                    .reduce(BTreeMap::new, |mut a, mut b| {
                        if a.len() < b.len() {
                            std::mem::swap(&mut a, &mut b);
                        }
                        for (tag, slug) in b {
                            a.entry(tag).or_insert(slug);
                        }
                        a
                    })
            },
        );
        let charts = Default::default();
        let prefixes = content.config.languages.iter().map(|l| (l.as_str(), [content.config.path.as_str(), &content.config.prefix(l)].concat())).collect();
        let lang_names = content.config.languages.iter().filter_map(|l| Some((l.as_str(), theme.strings.get(l)?.get(&format!("lang_{l}"))?.clone()))).collect();
        let feed_links = content
            .config
            .languages
            .iter()
            .map(|l| {
                let feed = FeedLink::site(content, l);
                (l.as_str(), tera::Value::from_serializable(&[feed]))
            })
            .collect();
        let folder = Folder::new(&content.config.path, content.config.origin());
        let content_addresses = match folder {
            Some(_) => content
                .organizations
                .values()
                .filter_map(|o| o.url.as_deref())
                .chain(content.indicators.values().filter_map(|i| i.source.url.as_deref()))
                .flat_map(|url| [url.to_string(), theme::escape_html(url)])
                .collect(),
            None => BTreeSet::new(),
        };
        let mut site = Site {
            content,
            theme,
            opts,
            releases,
            by_slug,
            all,
            langs: BTreeMap::new(),
            prerender_items,
            charts,
            tag_slugs,
            prefixes,
            lang_names,
            feed_links,
            folder,
            content_addresses,
        };
        let langs: Vec<LangLists> = content.config.languages.par_iter().map(|l| site.lang_lists(l)).collect();
        site.langs = content.config.languages.iter().map(String::as_str).zip(langs).collect();
        site
    }

    fn default_lang(&self) -> &str {
        &self.content.config.default_language
    }

    /// The start of every address in `lang` ("" or "/en"; "/warta" or "/warta/en" for a site
    /// served from `/warta/`), made once per language.
    fn prefix(&self, lang: &str) -> &str {
        self.prefixes.get(lang).map_or("", String::as_str)
    }

    /// The folder the site is served from ("" or "/warta"): the start of every address the
    /// site writes, and of none of its files' paths.
    fn root(&self) -> &str {
        &self.content.config.path
    }

    /// What makes an address of the site ([`Site::prefix`] and on) absolute: `base_url`
    /// without its folder, which the address already starts with.
    fn origin(&self) -> &str {
        self.content.config.origin()
    }

    /// The output file of the page at `url`, an address of the site.
    fn file_of(&self, url: &str) -> String {
        url_to_path(url.strip_prefix(self.root()).unwrap_or(url))
    }

    fn lang_lists(&self, lang: &str) -> LangLists {
        let strings = self.theme.strings_for(lang, self.default_lang());
        let mut base = tera::Context::new();
        let config = &self.content.config;
        let p = self.prefix(lang);
        base.insert("lang", lang);
        base.insert(
            "site",
            &serde_json::json!({
                "title": config.title.get(lang, &config.default_language),
                "base_url": config.base_url,
                "path": config.path,
                "default_language": config.default_language,
                "languages": config.languages,
            }),
        );
        let pages: Vec<serde_json::Value> = self
            .content
            .pages
            .iter()
            .map(|pg| {
                let e = pg.entries.get(lang).unwrap_or_else(|| &pg.entries[self.default_lang()]);
                let page_lang = if pg.entries.contains_key(lang) { lang } else { self.default_lang() };
                serde_json::json!({ "title": e.title, "url": format!("{}/{}/", self.prefix(page_lang), pg.slug), "lang": page_lang })
            })
            .collect();
        base.insert(
            "nav",
            &serde_json::json!({
                "home": format!("{p}/"),
                "releases": format!("{p}/releases/"),
                "tags": format!("{p}/tags/"),
                "organizations": format!("{p}/organizations/"),
                "indicators": format!("{p}/indicators/"),
                "search": format!("{p}/search/"),
                "pages": pages,
            }),
        );
        base.insert("t", &strings);
        // Each release's list item is rendered once per language, here, and every list,
        // home, organization, person, indicator and release page prints it as it is: most of
        // a build's template work was the item partial, included ~10 times per release
        // (issue 6). A worker reuses one context, changing only `item` and `item_heading`.
        let tag_values: BTreeMap<String, tera::Value> =
            self.tag_slugs.keys().map(|t| (t.to_string(), tera::Value::from_serializable(&self.tag_link(t, lang)))).collect();
        let make_items = || {
            if self.prerender_items {
                self.releases
                    .par_iter()
                    .map_init(|| base.clone(), |ctx, r| std::sync::OnceLock::from(self.item(r, lang, (&strings, &tag_values), Some((ctx, Heading::H2)))))
                    .collect()
            } else {
                // A quick rebuild shows a few items: making 10,000 of them took most of its lists.
                std::iter::repeat_with(std::sync::OnceLock::new).take(self.releases.len()).collect()
            }
        };
        // The walk over the releases runs on one core while the other makes items: walked
        // first, it was 10 ms of a 10,000-release build with one core idle (issue 6).
        let (items, Members { years, tags, kinds, published, participated, quoted, citing }) = rayon::join(make_items, || self.members(lang));
        let label = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        let years: Vec<Group> = years.into_iter().rev().map(|(y, members)| Group { key: y.to_string(), name: y.to_string(), members }).collect();
        let mut tags: Vec<Group> = tags
            .into_iter()
            .map(|(key, (name, members))| Group { name: self.tag_name(&key, name, lang).to_string(), key: key.into_owned(), members })
            .collect();
        // In the order of their names in this language, as a reader looks for them (the
        // order of their slugs, when no tag has a name in `tags.toml`).
        if !self.content.tag_names.is_empty() {
            tags.sort_by_cached_key(|g| (g.name.to_lowercase(), g.key.clone()));
        }
        let kinds: Vec<Group> = kinds.into_iter().map(|(key, members)| Group { name: label(&format!("kind_{key}")), key: key.to_string(), members }).collect();
        let citing = citing.into_iter().map(|(id, members)| (id.to_string(), members)).collect();

        let org_lds: BTreeMap<String, serde_json::Value> =
            self.content.organizations.keys().filter_map(|id| Some((id.clone(), self.org_ld(id, lang)?))).collect();
        let org_ld_raws = org_lds.iter().map(|(id, ld)| (id.clone(), jsonld::raw(ld))).collect();
        let items_h3 = std::iter::repeat_with(std::sync::OnceLock::new).take(self.releases.len()).collect();
        let facets = std::iter::repeat_with(std::sync::OnceLock::new).take(1 + years.len() + kinds.len()).collect();
        // Organizations and people as shared values, each with its partial's HTML.
        let mut ctx = base.clone();
        let mut shared = |id: &String, view: Option<tera::Value>, partial: &str, name: &'static str| {
            Some((id.clone(), self.with_html(&mut ctx, partial, name, view?, "html")))
        };
        let org_values = self
            .content
            .organizations
            .keys()
            .filter_map(|id| shared(id, self.org_view(id, lang).map(|v| tera::Value::from_serializable(&v)), "partials/org.html", "org"))
            .collect();
        let person_values = self
            .content
            .people
            .keys()
            .filter_map(|id| shared(id, self.person_view(id, lang).map(|v| tera::Value::from_serializable(&v)), "partials/person.html", "person"))
            .collect();
        LangLists {
            years,
            tags,
            kinds,
            items,
            items_h3,
            facets,
            no_facets: tera::Value::from_serializable(&Vec::<Facet>::new()),
            published,
            participated,
            quoted,
            citing,
            strings,
            org_lds,
            org_ld_raws,
            org_values,
            person_values,
            tag_values,
            base,
        }
    }

    /// Which releases (by index in `releases`) each year, tag, kind, organization, person
    /// and indicator of `lang`'s lists holds, in one walk over the releases.
    fn members(&self, lang: &str) -> Members<'_> {
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        // Keyed by borrowed strings, owned only once the lists are made: copying each
        // release's tags, kind and indicators was a fifth of this walk (188 -> 151 ms at
        // 100,000 releases, issue 6).
        let mut tags: BTreeMap<std::borrow::Cow<str>, (&str, Vec<usize>)> = BTreeMap::new();
        let mut kinds: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let org_index: BTreeMap<&str, usize> = self.content.organizations.keys().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let person_index: BTreeMap<&str, usize> = self.content.people.keys().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let mut published = vec![Vec::new(); org_index.len()];
        let mut participated = vec![Vec::new(); org_index.len()];
        let mut quoted = vec![Vec::new(); person_index.len()];
        let mut citing: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in self.releases.iter().enumerate() {
            let e = r.entry_or_original(lang, self.default_lang());
            years.entry(r.date.year()).or_default().push(i);
            for t in &e.tags {
                let slug = match self.tag_slugs.get(t.as_str()) {
                    Some(slug) => std::borrow::Cow::Borrowed(slug.as_str()),
                    None => std::borrow::Cow::Owned(slug::slugify(t)),
                };
                tags.entry(slug).or_insert_with(|| (t, Vec::new())).1.push(i);
            }
            kinds.entry(&e.kind).or_default().push(i);
            if let Some(&o) = org_index.get(e.publisher.as_str()) {
                published[o].push(i);
            }
            for &o in e.participants.iter().filter_map(|p| org_index.get(p.as_str())) {
                participated[o].push(i);
            }
            for &p in e.speakers.iter().filter_map(|p| person_index.get(p.as_str())) {
                quoted[p].push(i);
            }
            for id in &e.indicators {
                let members = citing.entry(id).or_default();
                if members.last() != Some(&i) {
                    members.push(i);
                }
            }
        }
        Members { years, tags, kinds, published, participated, quoted, citing }
    }

    fn label(&self, lang: &str, key: &str) -> String {
        self.langs.get(lang).and_then(|l| l.strings.get(key)).cloned().unwrap_or_else(|| key.to_string())
    }

    fn release_url(&self, r: &Release, lang: &str) -> String {
        let lang = if r.entries.contains_key(lang) { lang } else { self.default_lang() };
        [self.prefix(lang), "/releases/", &r.slug, "/"].concat()
    }

    /// A release's list item; with `render`, carrying its HTML as `partials/item.html`
    /// renders it with that context (the language's base context) and that heading level
    /// (`html_h2` or `html_h3`); without, no HTML (the templates then include the partial
    /// themselves, with the same result).
    fn item(
        &self,
        r: &Release,
        lang: &str,
        shared: (&BTreeMap<String, String>, &BTreeMap<String, tera::Value>),
        render: Option<(&mut tera::Context, Heading)>,
    ) -> tera::Value {
        let (strings, tag_values) = shared;
        let e = r.entry_or_original(lang, self.default_lang());
        let item = Item {
            title: e.title.clone(),
            url: self.release_url(r, lang),
            lang: e.lang.clone(),
            date: dates::view(&r.date, lang),
            kind: e.kind.clone(),
            kind_label: strings.get(&format!("kind_{}", e.kind)).cloned().unwrap_or_else(|| e.kind.clone()),
            summary: e.summary.clone(),
            tags: e.tags.iter().map(|t| self.tag_value(tag_values, t, lang).into_owned()).collect(),
            html_h2: Html::default(),
            html_h3: Html::default(),
        };
        let value = tera::Value::from_serializable(&item);
        let Some((ctx, heading)) = render else { return value };
        ctx.insert("item_heading", heading.tag());
        self.with_html(ctx, "partials/item.html", "item", value, heading.field())
    }

    /// `value` (a map) with its `field` set to what `partial` renders with `value` as `name`
    /// in `ctx` (a language's base context): HTML made once and printed by many pages, where
    /// each page would otherwise include the partial (an include was about 10,000
    /// instructions, issue 6). The value is serialized once: the partial sees it without
    /// the HTML. A partial that fails leaves the field empty; the templates then include the
    /// partial themselves, so its error is reported for the pages that show it.
    fn with_html(&self, ctx: &mut tera::Context, partial: &str, name: &'static str, value: tera::Value, field: &'static str) -> tera::Value {
        ctx.insert_value(name, value);
        let html = self.theme.tera.render(partial, ctx).unwrap_or_default();
        let mut fields = ctx.remove(name).and_then(tera::Value::into_map).unwrap_or_default();
        fields.insert(tera::value::Key::Str(field), tera::Value::safe_string(&html));
        tera::Value::from(fields)
    }

    /// The list item of the release at `i` (in `releases`), in `lists`' language, for a
    /// paginated list (`html_h2`, and not `html_h3`).
    fn item_at<'l>(&self, lists: &'l LangLists, lang: &str, i: usize) -> &'l tera::Value {
        lists.items[i].get_or_init(|| self.item(self.releases[i], lang, (&lists.strings, &lists.tag_values), None))
    }

    /// [`Site::item_at`] for the other lists (home, release, organization, person and
    /// indicator pages), which print `html_h3` (and not `html_h2`): made when first asked
    /// for, since most releases of a large site are in none of them.
    fn item_h3_at<'l>(&self, lists: &'l LangLists, lang: &str, i: usize) -> &'l tera::Value {
        if !self.prerender_items {
            return self.item_at(lists, lang, i);
        }
        lists.items_h3[i].get_or_init(|| {
            let mut ctx = lists.base.clone();
            self.item(self.releases[i], lang, (&lists.strings, &lists.tag_values), Some((&mut ctx, Heading::H3)))
        })
    }

    /// The tag's link as [`LangLists::tag_values`] holds it (made here for a tag it lacks).
    fn tag_value<'v>(&self, tag_values: &'v BTreeMap<String, tera::Value>, tag: &str, lang: &str) -> std::borrow::Cow<'v, tera::Value> {
        match tag_values.get(tag) {
            Some(v) => std::borrow::Cow::Borrowed(v),
            None => std::borrow::Cow::Owned(tera::Value::from_serializable(&self.tag_link(tag, lang))),
        }
    }

    fn tag_link(&self, tag: &str, lang: &str) -> Link {
        let slug = self.tag_slug(tag);
        Link { name: self.tag_name(&slug, tag, lang).to_string(), url: [self.prefix(lang), "/tags/", &slug, "/"].concat() }
    }

    /// What readers of `lang` see for a tag: its name in `tags.toml`, else the tag as written.
    fn tag_name<'s>(&'s self, slug: &str, written: &'s str, lang: &str) -> &'s str {
        self.content.tag_names.get(slug).map_or(written, |n| n.get(lang, self.default_lang()))
    }

    /// A release's tags as readers of `lang` see them (JSON-LD keywords, feed categories).
    fn tag_names<'t>(&self, tags: &'t [String], lang: &str) -> std::borrow::Cow<'t, [String]> {
        if self.content.tag_names.is_empty() {
            return std::borrow::Cow::Borrowed(tags);
        }
        tags.iter().map(|t| self.tag_name(&self.tag_slug(t), t, lang).to_string()).collect()
    }

    fn tag_slug(&self, tag: &str) -> String {
        self.tag_slugs.get(tag).cloned().unwrap_or_else(|| slug::slugify(tag))
    }

    fn org_view(&self, id: &str, lang: &str) -> Option<OrgView> {
        let o = self.content.organizations.get(id)?;
        Some(OrgView {
            id: o.id.clone(),
            name: o.name.get(lang, self.default_lang()).to_string(),
            short: o.short.clone().unwrap_or_default(),
            kind: o.kind.clone(),
            kind_label: self.label(lang, &format!("org_kind_{}", o.kind)),
            url: format!("{}/organizations/{}/", self.prefix(lang), o.id),
            website: o.url.clone().unwrap_or_default(),
            html: Html::default(),
        })
    }

    fn person_view(&self, id: &str, lang: &str) -> Option<PersonView> {
        let p = self.content.people.get(id)?;
        Some(PersonView {
            id: p.id.clone(),
            name: p.name.clone(),
            role: p.role.get(lang, self.default_lang()).to_string(),
            url: format!("{}/people/{}/", self.prefix(lang), p.id),
            organization: p.organization.as_deref().and_then(|o| self.org_view(o, lang)),
            html: Html::default(),
        })
    }

    /// Every language, linking to the same page in each (for pages that exist in all).
    fn all_translations(&self, lang: &str, path: &str) -> Vec<Translation> {
        self.content.config.languages.iter().map(|l| self.translation(l, lang, [self.prefix(l), path].concat())).collect()
    }

    fn translation(&self, l: &str, current: &str, url: String) -> Translation {
        let name = self.lang_names.get(l).cloned().unwrap_or_else(|| l.to_string());
        Translation { lang: l.to_string(), name, permalink: [self.origin(), &url].concat(), url, current: l == current }
    }

    /// What every template knows of the page at `url`, a page in `page_lang`.
    fn meta(&self, page_lang: &str, title: String, description: String, url: String, translations: Vec<Translation>) -> PageMeta {
        let lang = translations.iter().find(|t| t.current).map(|t| t.lang.clone());
        let lang = lang.as_deref();
        let prefix = self.prefix(page_lang);
        let in_lang = url.strip_prefix(prefix).unwrap_or_default();
        let section = NAV_SECTIONS
            .into_iter()
            .find(|s| in_lang.strip_prefix('/').and_then(|r| r.strip_prefix(s)).is_some_and(|r| r.starts_with('/')))
            .unwrap_or_default();
        PageMeta {
            section,
            permalink: [self.origin(), &url].concat(),
            title,
            description,
            url,
            noindex: self.opts.preview,
            translations,
            fallback_lang: None,
            modified: String::new(),
            jsonld: Html::default(),
            feeds: lang.and_then(|l| self.feed_links.get(l)).cloned().unwrap_or_else(|| tera::Value::from(Vec::<tera::Value>::new())),
        }
    }

    /// Renders jobs in parallel, handing each file to `put`: their paths, their sitemap
    /// entries, the failures, and the addresses leaving the site's folder their pages carry.
    fn render_jobs(&self, jobs: Vec<Job>, put: Put, progress: &AtomicUsize) -> (BTreeSet<String>, Vec<feeds::SitemapUrl>, Diagnostics, Leaving) {
        // At most 16 jobs in a row on one thread: rayon splits a list only a few times unless
        // told, and the last part of a large build, hundreds of pages long, rendered on one core
        // while the other had nothing left to take (a tail of 50-150 ms at 10,000 releases).
        type Done = (String, Option<feeds::SitemapUrl>, &'static str, Vec<(String, Leaves)>);
        let results: Vec<Result<Done, RenderFailure>> = jobs
            .par_iter()
            .with_max_len(16)
            .map(|job| {
                let done = self.render_job(job).map(|Output { path, data, sitemap, template, leaving }| {
                    put(path.clone(), data);
                    (path, sitemap, template, leaving)
                });
                progress.fetch_add(1, Ordering::Relaxed);
                done
            })
            .collect();
        let mut paths = BTreeSet::new();
        let mut diags = Diagnostics::new();
        let mut sitemap = Vec::new();
        let mut leaving = Leaving::new();
        // A template mistake fails every page that uses it: report it once, with a count.
        let mut failed: BTreeMap<(PathBuf, usize, usize, String), (RenderFailure, usize)> = BTreeMap::new();
        for r in results {
            match r {
                Ok((path, entry, template, left)) => {
                    sitemap.extend(entry);
                    for (address, how) in left {
                        let carried = Carried { how, pages: 1, example: path.clone() };
                        match leaving.get_mut(&(template, address.clone())) {
                            Some(known) => known.add(carried),
                            None => {
                                leaving.insert((template, address), carried);
                            }
                        }
                    }
                    if paths.contains(&path) {
                        diags.push(
                            Diagnostic::file_error(path.clone(), format!("two outputs want the same file `{path}`"))
                                .with_help("an alias, a standing page or a static file uses an address the site already uses"),
                        );
                    }
                    paths.insert(path);
                }
                Err(f) => failed.entry((f.template.clone(), f.line, f.column, f.message.clone())).or_insert((f, 0)).1 += 1,
            }
        }
        for (f, count) in failed.into_values() {
            let others = if count > 1 { format!(" (and {} more pages)", count - 1) } else { String::new() };
            let message = format!("rendering {}{others} failed: {}", f.url, f.message);
            diags.push(if f.line > 0 {
                Diagnostic::error_at_line(f.template, f.line, f.column, f.source_line, message)
            } else {
                Diagnostic::file_error(f.template, message)
            });
        }
        (paths, sitemap, diags, leaving)
    }

    /// Whether a job's output shows the body of one of the releases `slugs`.
    fn shows_body_of(&self, job: &Job, slugs: &BTreeSet<&str>) -> bool {
        match *job {
            Job::Release { release, .. } => slugs.contains(release.slug.as_str()),
            Job::Feed { lang, tag } => self.feed_members(lang, tag).any(|(r, _)| slugs.contains(r.slug.as_str())),
            _ => false,
        }
    }

    /// The releases of a feed (of a language, or of a tag in it), newest first.
    fn feed_members<'b>(&'b self, lang: &'b str, tag: Option<usize>) -> impl Iterator<Item = (&'a Release, &'a Entry)> + 'b {
        let members: Box<dyn Iterator<Item = usize> + 'b> = match tag {
            None => Box::new(0..self.releases.len()),
            Some(i) => Box::new(self.langs[lang].tags[i].members.iter().copied()),
        };
        members.map(move |i| (self.releases[i], self.releases[i].entry_or_original(lang, self.default_lang()))).take(FEED_LENGTH)
    }

    fn jobs(&self) -> Vec<Job<'_>> {
        // The largest jobs first (`api/releases.json` lists every release; a feed renders
        // twenty bodies): last, they were a tail of 30-50 ms on one core while the other had
        // nothing left to take (issue 6). Which job comes first changes no output.
        let mut jobs = vec![Job::Api { indicators: false }, Job::Api { indicators: true }];
        for lang in &self.content.config.languages {
            jobs.push(Job::Feed { lang, tag: None });
            jobs.extend((0..self.langs[lang.as_str()].tags.len()).map(|i| Job::Feed { lang, tag: Some(i) }));
        }
        let per = self.content.config.paginate_by;
        for lang in &self.content.config.languages {
            let lang = lang.as_str();
            let lists = &self.langs[lang];
            jobs.push(Job::Home { lang });
            jobs.push(Job::NotFound { lang });
            jobs.push(Job::Tags { lang });
            jobs.push(Job::Organizations { lang });
            jobs.push(Job::People { lang });
            jobs.push(Job::Kinds { lang });
            for r in &self.releases {
                if r.entries.contains_key(lang) {
                    jobs.push(Job::Release { release: r, lang });
                }
            }
            let pages = |n: usize| n.div_ceil(per).max(1);
            for page in 1..=pages(self.releases.len()) {
                jobs.push(Job::List { lang, list: ListRef::All, page });
            }
            for (i, g) in lists.years.iter().enumerate() {
                jobs.extend((1..=pages(g.members.len())).map(|page| Job::List { lang, list: ListRef::Year(i), page }));
            }
            for (i, g) in lists.tags.iter().enumerate() {
                jobs.extend((1..=pages(g.members.len())).map(|page| Job::List { lang, list: ListRef::Tag(i), page }));
            }
            for (i, g) in lists.kinds.iter().enumerate() {
                jobs.extend((1..=pages(g.members.len())).map(|page| Job::List { lang, list: ListRef::Kind(i), page }));
            }
            jobs.extend(self.content.organizations.values().map(|org| Job::Organization { org, lang }));
            jobs.extend(self.content.people.values().map(|person| Job::Person { person, lang }));
            // An organization's or a person's page shows their newest releases; a longer list
            // has pages of its own.
            let longer = |members: &Vec<usize>| members.len() > per;
            for (i, _) in lists.published.iter().enumerate().filter(|(_, m)| longer(m)) {
                jobs.extend((1..=pages(lists.published[i].len())).map(|page| Job::List { lang, list: ListRef::Published(i), page }));
            }
            for (i, _) in lists.participated.iter().enumerate().filter(|(_, m)| longer(m)) {
                jobs.extend((1..=pages(lists.participated[i].len())).map(|page| Job::List { lang, list: ListRef::Participated(i), page }));
            }
            for (i, _) in lists.quoted.iter().enumerate().filter(|(_, m)| longer(m)) {
                jobs.extend((1..=pages(lists.quoted[i].len())).map(|page| Job::List { lang, list: ListRef::Quoted(i), page }));
            }
            jobs.extend(self.content.pages.iter().filter(|p| p.entries.contains_key(lang)).map(|page| Job::Page { page, lang }));
            jobs.push(Job::Indicators { lang });
            jobs.push(Job::Search { lang });
            jobs.extend(self.content.indicators.values().map(|indicator| Job::Indicator { indicator, lang }));
        }
        for indicator in self.content.indicators.values() {
            jobs.push(Job::IndicatorData { indicator, json: false });
            jobs.push(Job::IndicatorData { indicator, json: true });
            jobs.push(Job::ApiIndicatorData { indicator, json: false });
            jobs.push(Job::ApiIndicatorData { indicator, json: true });
        }
        for r in &self.releases {
            for e in r.entries.values() {
                for from in &e.aliases {
                    jobs.push(Job::Alias { from, to: self.release_url(r, &e.lang) });
                }
            }
        }
        jobs
    }

    fn render_job(&self, job: &Job) -> Result<Output, RenderFailure> {
        let (template, url, ctx) = match *job {
            Job::Alias { from, ref to } => {
                // `from` is a path in the output, as the release's front matter gives it.
                return Ok(Output::file(url_to_path(from), redirect_page(&format!("{}{to}", self.origin()), self.default_lang()).into_bytes()));
            }
            Job::IndicatorData { indicator, json } => {
                let (name, bytes) = if json { (figures::DATA_JSON, indicator_json(indicator)) } else { (figures::DATA_CSV, indicator_csv(indicator)) };
                return Ok(Output::file(format!("indicators/{}/{name}", indicator.id), bytes));
            }
            Job::ApiIndicatorData { indicator, json } => {
                let (ext, bytes) = if json { ("json", indicator_json(indicator)) } else { ("csv", indicator_csv(indicator)) };
                return Ok(Output::file(format!("api/indicators/{}.{ext}", indicator.id), bytes));
            }
            Job::Feed { lang, tag } => return Ok(self.feed(lang, tag)),
            Job::Api { indicators } => return Ok(if indicators { self.api_indicators() } else { self.api_releases() }),
            Job::Indicators { lang } => ("indicators.html", format!("{}/indicators/", self.prefix(lang)), self.indicators(lang)),
            Job::Indicator { indicator, lang } => {
                ("indicator.html", format!("{}/indicators/{}/", self.prefix(lang), indicator.id), self.indicator(indicator, lang))
            }
            Job::Home { lang } => ("home.html", format!("{}/", self.prefix(lang)), self.home(lang)),
            Job::Search { lang } => {
                let url = format!("{}/search/", self.prefix(lang));
                let mut ctx = self.langs[lang].base.clone();
                let mut meta = self.meta(lang, self.label(lang, "search_title"), String::new(), url.clone(), self.all_translations(lang, "/search/"));
                // A results page has nothing of its own for search engines.
                meta.noindex = true;
                ctx.insert("page", &meta);
                ctx.insert("search", &serde_json::json!({ "index": format!("{}/search/{lang}/index.json", self.root()), "lang": lang }));
                ("search.html", url, ctx)
            }
            Job::NotFound { lang } => {
                let url = format!("{}/404.html", self.prefix(lang));
                let mut ctx = self.langs[lang].base.clone();
                let mut meta = self.meta(lang, self.label(lang, "not_found_title"), String::new(), url.clone(), self.all_translations(lang, "/404.html"));
                meta.noindex = true;
                ctx.insert("page", &meta);
                // A static host serves one 404 page for every unknown address, `/en/...`
                // included: the page says where to go in every other language too, each in
                // its own words (`lang` on its block).
                let others: Vec<serde_json::Value> = self
                    .content
                    .config
                    .languages
                    .iter()
                    .filter(|l| l.as_str() != lang)
                    .map(|l| {
                        let p = self.prefix(l);
                        serde_json::json!({
                            "lang": l,
                            "title": self.label(l, "not_found_title"),
                            "text": self.label(l, "not_found_text"),
                            "links": [
                                { "url": format!("{p}/"), "label": self.label(l, "not_found_home") },
                                { "url": format!("{p}/releases/"), "label": self.label(l, "not_found_releases") },
                                { "url": format!("{p}/search/"), "label": self.label(l, "not_found_search") },
                            ],
                        })
                    })
                    .collect();
                ctx.insert("not_found_others", &others);
                ("404.html", url, ctx)
            }
            Job::Release { release, lang } => ("release.html", self.release_url(release, lang), self.release(release, lang)),
            Job::List { lang, list, page } => {
                let (url, ctx) = self.list(lang, list, page);
                ("list.html", url, ctx)
            }
            Job::Tags { lang } => ("tags.html", format!("{}/tags/", self.prefix(lang)), self.tags(lang)),
            Job::Organizations { lang } => ("organizations.html", format!("{}/organizations/", self.prefix(lang)), self.organizations(lang)),
            Job::People { lang } => ("people.html", format!("{}/people/", self.prefix(lang)), self.people(lang)),
            Job::Kinds { lang } => ("kinds.html", format!("{}/kinds/", self.prefix(lang)), self.kinds(lang)),
            Job::Organization { org, lang } => ("organization.html", format!("{}/organizations/{}/", self.prefix(lang), org.id), self.organization(org, lang)),
            Job::Person { person, lang } => ("person.html", format!("{}/people/{}/", self.prefix(lang), person.id), self.person(person, lang)),
            Job::Page { page, lang } => ("page.html", format!("{}/{}/", self.prefix(lang), page.slug), self.standing(page, lang)),
        };
        // Into a buffer the size of a large page (a release page is about 11 KB): tera's own
        // `render` starts smaller, grows by copying, then checks the whole page for UTF-8,
        // which the pieces it writes already are.
        let mut html = Vec::with_capacity(16 * 1024);
        self.theme.tera.render_to(template, &ctx, &mut html).map_err(|e| match self.theme.locate(&e) {
            Some(at) => {
                RenderFailure { template: at.shown, line: at.line, column: at.column, source_line: at.source_line, message: at.message, url: url.clone() }
            }
            None => RenderFailure {
                template: PathBuf::from(format!("themes/{}/templates/{template}", self.content.config.theme)),
                line: 0,
                column: 0,
                source_line: None,
                message: template_error_message(&e),
                url: url.clone(),
            },
        })?;
        let leaving = match &self.folder {
            Some(f) => self.leaving(f, &html, &ctx),
            None => Vec::new(),
        };
        Ok(Output { path: self.file_of(&url), data: FileData::Bytes(html), sitemap: sitemap_entry(&ctx), template, leaving })
    }

    /// The addresses in a page (rendered with `ctx`) that leave the site's folder `f`, each
    /// once, in order: one pass over its bytes in the render's worker (`folder`). Not those
    /// of the writer's HTML (a body): its links from the root already carry the folder
    /// (`markdown::under_root`), and one to the site's host outside it is the writer's to
    /// give; nor the addresses content gives (`Site::content_addresses`).
    fn leaving(&self, f: &Folder, html: &[u8], ctx: &tera::Context) -> Vec<(String, Leaves)> {
        if !f.may_leave(html) {
            return Vec::new();
        }
        let mut found: Vec<(usize, &str, Leaves)> = Vec::new();
        folder::html_addresses(html, &mut |start, end| {
            // The page is UTF-8 (tera writes strings); an address cut inside a character
            // by broken markup is not one.
            if let Ok(address) = std::str::from_utf8(&html[start..end]) {
                if let Some(how) = f.leaves(address) {
                    found.push((start, address, how));
                }
            }
        });
        if found.is_empty() {
            return Vec::new();
        }
        let bodies: Vec<&str> =
            ["release", "standing"].into_iter().filter_map(|k| ctx.get(k)?.get_from_path("body")?.as_str()).filter(|b| !b.is_empty()).collect();
        let writers: Vec<std::ops::Range<usize>> =
            bodies.iter().flat_map(|b| memchr::memmem::find_iter(html, b.as_bytes()).map(move |at| at..at + b.len())).collect();
        let mut left: Vec<(String, Leaves)> = found
            .into_iter()
            .filter(|(at, address, _)| !writers.iter().any(|w| w.contains(at)) && !self.content_addresses.contains(*address))
            .map(|(_, address, how)| (address.to_string(), how))
            .collect();
        left.sort();
        left.dedup();
        left
    }

    fn home(&self, lang: &str) -> tera::Context {
        let lists = &self.langs[lang];
        let mut ctx = lists.base.clone();
        let title = self.content.config.title.get(lang, self.default_lang()).to_string();
        let description = self.label(lang, "site_description");
        let mut meta = self.meta(lang, title, description, format!("{}/", self.prefix(lang)), self.all_translations(lang, "/"));
        meta.jsonld =
            Html(self.content.config.publisher.as_ref().and_then(|p| lists.org_lds.get(p.get_ref())).cloned().map(jsonld::to_script).unwrap_or_default());
        ctx.insert("page", &meta);
        let latest: Vec<&tera::Value> = (0..self.releases.len().min(10)).map(|i| self.item_h3_at(lists, lang, i)).collect();
        ctx.insert("latest", &latest);
        let ids: Vec<&str> = match &self.content.config.headline_indicators {
            Some(list) => list.iter().map(|s| s.get_ref().as_str()).collect(),
            // A site that picks none shows a few, not a chart for each of its datasets.
            None => self.content.indicators.keys().take(DEFAULT_HEADLINES).map(String::as_str).collect(),
        };
        let cards: Vec<IndicatorCard> = ids.iter().filter_map(|id| self.content.indicators.get(*id)).map(|ind| self.indicator_card(ind, lang, true)).collect();
        ctx.insert("indicators", &cards);
        ctx
    }

    fn release(&self, r: &Release, lang: &str) -> tera::Context {
        let e: &Entry = &r.entries[lang];
        let lists = &self.langs[lang];
        let mut ctx = lists.base.clone();
        let translations =
            self.content.config.languages.iter().filter(|l| r.entries.contains_key(*l)).map(|l| self.translation(l, lang, self.release_url(r, l))).collect();
        let url = self.release_url(r, lang);
        let mut meta = self.meta(lang, e.title.clone(), e.summary.clone(), url.clone(), translations);
        let embargoed = r.date > self.opts.now;
        meta.noindex |= r.draft || embargoed;
        let modified = modified(r, e).to_rfc3339();
        let date = dates::view(&r.date, lang);
        let ld_org = |id: &str| lists.org_ld_raws.get(id).map(|raw| &**raw);
        let keywords = self.tag_names(&e.tags, lang);
        meta.jsonld = Html(jsonld::news_article(&jsonld::Article {
            headline: &e.title,
            description: &e.summary,
            url: &meta.permalink,
            lang,
            published: &date.iso,
            modified: &modified,
            publisher: ld_org(&e.publisher),
            about: e.participants.iter().filter_map(|p| ld_org(p)).collect(),
            mentions: e
                .speakers
                .iter()
                .filter_map(|p| self.content.people.get(p))
                .map(|p| {
                    let url = format!("{}{}/people/{}/", self.origin(), self.prefix(lang), p.id);
                    jsonld::person(&p.name, p.role.get(lang, self.default_lang()), &url)
                })
                .collect(),
            keywords: &keywords,
            kind: &self.label(lang, &format!("kind_{}", e.kind)),
        }));
        meta.modified = modified;
        let changes: Vec<ChangeView> = e
            .changes
            .iter()
            .enumerate()
            .map(|(i, c)| ChangeView {
                date: dates::view(&c.date, lang),
                kind: c.kind.clone(),
                kind_label: self.label(lang, &format!("change_{}", c.kind)),
                note: c.note.clone(),
                lang: self.note_lang(r, e, i).to_string(),
            })
            .collect();
        let updated = e.changes.iter().map(|c| c.date).max().map(|d| dates::view(&d, lang));
        let publisher = lists.org_values.get(&e.publisher);
        let citation = self.citation(lists, lang, &e.publisher, &date, updated.as_ref(), &e.title, &meta.permalink);
        ctx.insert("page", &meta);
        let view = ReleaseView {
            slug: r.slug.clone(),
            title: e.title.clone(),
            lang: lang.to_string(),
            url,
            kind: e.kind.clone(),
            kind_label: self.label(lang, &format!("kind_{}", e.kind)),
            date,
            updated,
            summary: e.summary.clone(),
            body: Html(figures::render_body(&e.body, &self.figure_env(lang, Some(r.date.date_naive())))),
            publisher,
            tags: e.tags.iter().map(|t| self.tag_value(&lists.tag_values, t, lang)).collect(),
            participants: e.participants.iter().filter_map(|p| lists.org_values.get(p)).collect(),
            speakers: e.speakers.iter().filter_map(|p| lists.person_values.get(p)).collect(),
            // A related release that is not published in this build is left out, not linked.
            related: e.related.iter().filter_map(|s| self.by_slug.get(s.as_str())).map(|&i| self.item_h3_at(lists, lang, i)).collect(),
            corrected: changes.iter().any(|c| c.kind == "correction"),
            changes,
            draft: r.draft,
            embargoed,
            citation,
        };
        ctx.insert("release", &view);
        ctx
    }

    /// The language's `cite_format` with `{publisher}` (the publisher's name, or the site's
    /// title), `{date}`, `{title}` and `{url}` filled in ([`theme::fill`]). Made here rather than
    /// by four `replace` filters in the template: each filter call with named arguments
    /// builds a map, and they were 2% of a large build (issue 6). A release changed after
    /// publication is cited with `cite_format_updated` and the date of its latest change
    /// (`{updated}`): a reporter quoting a corrected release says which version they read.
    #[allow(clippy::too_many_arguments)]
    fn citation(&self, lists: &LangLists, lang: &str, publisher: &str, date: &DateView, updated: Option<&DateView>, title: &str, permalink: &str) -> String {
        let config = &self.content.config;
        let publisher = match self.content.organizations.get(publisher) {
            Some(o) => o.name.get(lang, self.default_lang()),
            None => config.title.get(lang, &config.default_language),
        };
        let key = if updated.is_some() { "cite_format_updated" } else { "cite_format" };
        let format = lists.strings.get(key).or_else(|| lists.strings.get("cite_format")).map_or("", String::as_str);
        let updated = updated.map_or("", |u| u.short.as_str());
        theme::fill(format, &[("publisher", publisher), ("date", &date.short), ("updated", updated), ("title", title), ("url", permalink)])
    }

    fn list(&self, lang: &str, list: ListRef, page: usize) -> (String, tera::Context) {
        let lists = &self.langs[lang];
        let p = self.prefix(lang);
        let (members, base_url, title): (&[usize], String, String) = match list {
            ListRef::All => (&self.all, format!("{p}/releases/"), self.label(lang, "releases_title")),
            ListRef::Year(i) => {
                let g = &lists.years[i];
                (&g.members, format!("{p}/releases/{}/", g.key), theme::fill(&self.label(lang, "releases_year_title"), &[("year", &g.name)]))
            }
            ListRef::Tag(i) => {
                let g = &lists.tags[i];
                (&g.members, format!("{p}/tags/{}/", g.key), theme::fill(&self.label(lang, "tag_title"), &[("tag", &g.name)]))
            }
            ListRef::Kind(i) => {
                let g = &lists.kinds[i];
                (&g.members, format!("{p}/kinds/{}/", g.key), theme::fill(&self.label(lang, "kind_title"), &[("kind", &g.name)]))
            }
            ListRef::Published(i) | ListRef::Participated(i) => {
                let org = self.content.organizations.values().nth(i).expect("organization index");
                let name = self.org_view(&org.id, lang).map(|v| v.name).unwrap_or_default();
                let (members, dir, key) = match list {
                    ListRef::Published(_) => (&lists.published[i], "published", "org_published_title"),
                    _ => (&lists.participated[i], "releases", "org_releases_title"),
                };
                (members, format!("{p}/organizations/{}/{dir}/", org.id), theme::fill(&self.label(lang, key), &[("name", &name)]))
            }
            ListRef::Quoted(i) => {
                let person = self.content.people.values().nth(i).expect("person index");
                (
                    &lists.quoted[i],
                    format!("{p}/people/{}/releases/", person.id),
                    theme::fill(&self.label(lang, "person_releases_title"), &[("name", &person.name)]),
                )
            }
        };
        let per = self.content.config.paginate_by;
        let total = members.len().div_ceil(per).max(1);
        let page_url = |n: usize| if n == 1 { base_url.clone() } else { format!("{base_url}page/{n}/") };
        let url = page_url(page);
        let items: Vec<&tera::Value> = members.iter().skip((page - 1) * per).take(per).map(|&i| self.item_at(lists, lang, i)).collect();
        // The labels are filled in here rather than by `replace` filters in the templates:
        // a filter call with named arguments builds a map, and a list page made about 16 of
        // them, 3% of a large build (issue 6).
        let page_n = self.label(lang, "page_n");
        let mut pagination = Pagination {
            current: page,
            total,
            label: theme::fill(&self.label(lang, "page_of"), &[("n", &page.to_string()), ("total", &total.to_string())]),
            prev: (page > 1).then(|| page_url(page - 1)),
            next: (page < total).then(|| page_url(page + 1)),
            pages: page_window(page, total)
                .into_iter()
                .map(|n| PageLink { number: n, url: page_url(n), current: n == page, label: theme::fill(&page_n, &[("n", &n.to_string())]), gap_before: false })
                .collect::<Vec<_>>(),
        };
        for i in 1..pagination.pages.len() {
            pagination.pages[i].gap_before = pagination.pages[i].number > pagination.pages[i - 1].number + 1;
        }
        let (years, kinds) = self.facets(lists, lang, list);
        let page_title = if page > 1 { format!("{title} ({})", theme::fill(&page_n, &[("n", &page.to_string())])) } else { title.clone() };
        let mut ctx = lists.base.clone();
        let path_in_lang = url.strip_prefix(p).unwrap_or(&url).to_string();
        let mut meta = self.meta(lang, page_title, String::new(), url.clone(), self.all_translations(lang, &path_in_lang));
        // A topic has a feed of its own (`Site::feed`): its pages name it beside the site's,
        // in the head for feed readers and on the page for people.
        let feed = matches!(list, ListRef::Tag(_)).then(|| format!("{base_url}atom.xml"));
        if let Some(feed_url) = &feed {
            meta.feeds = tera::Value::from_serializable(&[FeedLink::site(self.content, lang), FeedLink { title: title.clone(), url: feed_url.clone() }]);
        }
        ctx.insert("page", &meta);
        let parent = match list {
            ListRef::Published(i) | ListRef::Participated(i) => {
                self.content.organizations.values().nth(i).and_then(|o| self.org_view(&o.id, lang)).map(|v| Link { name: v.name, url: v.url })
            }
            ListRef::Quoted(i) => self.content.people.values().nth(i).and_then(|p| self.person_view(&p.id, lang)).map(|v| Link { name: v.name, url: v.url }),
            // A topic's or a kind's list leads back to the index of them all.
            ListRef::Tag(_) => Some(Link { name: self.label(lang, "tags_title"), url: format!("{p}/tags/") }),
            ListRef::Kind(_) => Some(Link { name: self.label(lang, "kinds_title"), url: format!("{p}/kinds/") }),
            _ => None,
        };
        ctx.insert("list", &ListView { title, description: String::new(), parent, items, pagination, years, kinds, feed });
        (url, ctx)
    }

    /// The year and kind filters `list` shows (the current one marked), as
    /// [`LangLists::facets`] keeps them. Year and kind filters lead to site-wide lists: they
    /// belong on those lists, not on a tag's page, where their counts would not add up to the
    /// tag's releases.
    fn facets<'l>(&self, lists: &'l LangLists, lang: &str, list: ListRef) -> (&'l tera::Value, &'l tera::Value) {
        let (slot, current_year, current_kind) = match list {
            ListRef::All => (0, None, None),
            ListRef::Year(i) => (1 + i, Some(lists.years[i].key.as_str()), None),
            ListRef::Kind(i) => (1 + lists.years.len() + i, None, Some(lists.kinds[i].key.as_str())),
            _ => return (&lists.no_facets, &lists.no_facets),
        };
        let (years, kinds) = lists.facets[slot].get_or_init(|| {
            let p = self.prefix(lang);
            let facet = |g: &Group, year: bool, current: Option<&str>| Facet {
                year: year.then(|| g.key.clone()),
                kind: (!year).then(|| g.key.clone()),
                label: g.name.clone(),
                url: format!("{p}/{}/{}/", if year { "releases" } else { "kinds" }, g.key),
                count: g.members.len(),
                current: Some(g.key.as_str()) == current,
            };
            let years: Vec<Facet> = lists.years.iter().map(|g| facet(g, true, current_year)).collect();
            let kinds: Vec<Facet> = lists.kinds.iter().map(|g| facet(g, false, current_kind)).collect();
            (tera::Value::from_serializable(&years), tera::Value::from_serializable(&kinds))
        });
        (years, kinds)
    }

    fn tags(&self, lang: &str) -> tera::Context {
        self.group_index(lang, "tags", |lists| &lists.tags)
    }

    /// `/kinds/`: every kind of release the site has, with the number of releases.
    fn kinds(&self, lang: &str) -> tera::Context {
        self.group_index(lang, "kinds", |lists| &lists.kinds)
    }

    /// The index of a language's groups at `/<dir>/` (`tags`, `kinds`): each group's name,
    /// address and number of releases, as `<dir>` in the context, under the title
    /// `<dir>_title`.
    fn group_index(&self, lang: &str, dir: &'static str, groups: impl Fn(&LangLists) -> &Vec<Group>) -> tera::Context {
        let lists = &self.langs[lang];
        let mut ctx = lists.base.clone();
        let path = format!("/{dir}/");
        ctx.insert(
            "page",
            &self.meta(
                lang,
                self.label(lang, &format!("{dir}_title")),
                String::new(),
                format!("{}{path}", self.prefix(lang)),
                self.all_translations(lang, &path),
            ),
        );
        let items: Vec<serde_json::Value> = groups(lists)
            .iter()
            .map(|g| serde_json::json!({ "name": g.name, "url": format!("{}{path}{}/", self.prefix(lang), g.key), "count": g.members.len() }))
            .collect();
        ctx.insert(dir, &items);
        ctx
    }

    /// `/people/`: everyone in the directory, by name, with the number of releases quoting them.
    fn people(&self, lang: &str) -> tera::Context {
        let lists = &self.langs[lang];
        let mut ctx = lists.base.clone();
        let url = format!("{}/people/", self.prefix(lang));
        ctx.insert("page", &self.meta(lang, self.label(lang, "people_title"), String::new(), url, self.all_translations(lang, "/people/")));
        let mut people: Vec<(String, serde_json::Value)> = self
            .content
            .people
            .keys()
            .enumerate()
            .filter_map(|(i, id)| {
                let view = self.person_view(id, lang)?;
                Some((view.name.to_lowercase(), serde_json::json!({ "person": view, "count": lists.quoted[i].len() })))
            })
            .collect();
        people.sort_by(|a, b| a.0.cmp(&b.0));
        ctx.insert("people", &people.into_iter().map(|(_, v)| v).collect::<Vec<_>>());
        ctx
    }

    fn organizations(&self, lang: &str) -> tera::Context {
        let mut ctx = self.langs[lang].base.clone();
        let url = format!("{}/organizations/", self.prefix(lang));
        ctx.insert("page", &self.meta(lang, self.label(lang, "organizations_title"), String::new(), url, self.all_translations(lang, "/organizations/")));
        let mut groups: Vec<serde_json::Value> = Vec::new();
        for kind in crate::content::ORG_KINDS {
            let mut items: Vec<OrgView> = self.content.organizations.values().filter(|o| o.kind == *kind).filter_map(|o| self.org_view(&o.id, lang)).collect();
            items.sort_by_key(|a| a.name.to_lowercase());
            if !items.is_empty() {
                groups.push(serde_json::json!({ "kind": kind, "kind_label": self.label(lang, &format!("org_kind_{kind}")), "items": items }));
            }
        }
        ctx.insert("organizations", &groups);
        ctx
    }

    fn organization(&self, org: &Organization, lang: &str) -> tera::Context {
        let lists = &self.langs[lang];
        let mut ctx = lists.base.clone();
        let view = self.org_view(&org.id, lang).expect("organization exists");
        let path = format!("/organizations/{}/", org.id);
        let mut meta = self.meta(lang, view.name.clone(), String::new(), format!("{}{path}", self.prefix(lang)), self.all_translations(lang, &path));
        meta.jsonld = Html(lists.org_lds.get(&org.id).cloned().map(jsonld::to_script).unwrap_or_default());
        ctx.insert("page", &meta);
        let i = self.content.organizations.keys().position(|id| *id == org.id).expect("organization exists");
        let people: Vec<PersonView> =
            self.content.people.values().filter(|p| p.organization.as_deref() == Some(org.id.as_str())).filter_map(|p| self.person_view(&p.id, lang)).collect();
        let all = format!("{}{path}", self.prefix(lang));
        let page = OrganizationPage {
            view,
            people,
            releases: self.newest(lang, &lists.participated[i], &format!("{all}releases/")),
            published: self.newest(lang, &lists.published[i], &format!("{all}published/")),
        };
        ctx.insert("organization", &page);
        ctx
    }

    fn person(&self, person: &Person, lang: &str) -> tera::Context {
        let lists = &self.langs[lang];
        let mut ctx = lists.base.clone();
        let view = self.person_view(&person.id, lang).expect("person exists");
        let path = format!("/people/{}/", person.id);
        ctx.insert("page", &self.meta(lang, view.name.clone(), view.role.clone(), format!("{}{path}", self.prefix(lang)), self.all_translations(lang, &path)));
        let i = self.content.people.keys().position(|id| *id == person.id).expect("person exists");
        let page = PersonPage {
            releases: self.newest(lang, &lists.quoted[i], &format!("{}{path}releases/", self.prefix(lang))),
            view,
            index_url: format!("{}/people/", self.prefix(lang)),
        };
        ctx.insert("person", &page);
        ctx
    }

    /// The newest releases of a list, as many as a list page holds, with the list's size and,
    /// when there are more, the address of the whole list (see [`ListRef::Published`]).
    fn newest(&self, lang: &str, members: &[usize], all_url: &str) -> Newest<'_> {
        let lists = &self.langs[lang];
        let per = self.content.config.paginate_by;
        Newest {
            items: members.iter().take(per).map(|&i| self.item_h3_at(lists, lang, i)).collect(),
            count: members.len(),
            all_url: (members.len() > per).then(|| all_url.to_string()),
        }
    }

    /// Static files that only unpublished releases (embargoed or drafts) link to: they wait
    /// for their release, like its page does.
    fn withheld_static_files(&self) -> BTreeSet<&'a str> {
        withheld_static_files(self.content, &self.releases)
    }

    /// What the search finds, in every language: published releases (untranslated ones in
    /// their original language), indicators and organizations.
    /// The search index files of every language, one language at a time: the plain text of
    /// every release is held for one language only.
    fn search_index(&self, carry: &search::Carry) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut files = Vec::new();
        for lang in &self.content.config.languages {
            let records = self.search_records(lang);
            files.extend(search::build_index_carried(&records, std::slice::from_ref(lang), carry)?);
            // Nothing waits for the records to be freed (8 ms of a quick rebuild at 10,000).
            crate::free_later(records);
        }
        carry.all_made();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }

    fn search_records(&self, lang: &str) -> Vec<search::Record> {
        let dl = self.default_lang();
        // What an organization adds to the releases that name it, made once, not per release.
        let org_meta: BTreeMap<&str, String> =
            self.content.organizations.keys().filter_map(|id| self.org_view(id, lang).map(|o| (id.as_str(), format!("{} {}", o.name, o.short)))).collect();
        let mut records: Vec<search::Record> = self
            .releases
            .par_iter()
            .map(|r| {
                let e = r.entry_or_original(lang, dl);
                // A tag counts under its name in this language and as the release writes it.
                let mut meta: Vec<(String, String)> = e.tags.iter().map(|t| ("tag".to_string(), t.clone())).collect();
                if !self.content.tag_names.is_empty() {
                    let names = self.tag_names(&e.tags, lang);
                    meta.extend(e.tags.iter().zip(names.iter()).filter(|(t, n)| t != n).map(|(_, n)| ("tag".to_string(), n.clone())));
                }
                meta.extend(
                    e.participants
                        .iter()
                        .chain(std::iter::once(&e.publisher))
                        .filter_map(|o| org_meta.get(o.as_str()))
                        .map(|o| ("organization".to_string(), o.clone())),
                );
                meta.extend(e.speakers.iter().filter_map(|p| self.content.people.get(p)).map(|p| ("person".to_string(), p.name.clone())));
                search::Record {
                    url: self.release_url(r, lang),
                    lang: lang.to_string(),
                    text_lang: (e.lang != lang).then(|| e.lang.clone()),
                    kind: search::RecordKind::Release,
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    body_text: {
                        let body = e.body.clone();
                        search::Text::Made {
                            key: body.search_key(),
                            counted: body.words.clone(),
                            make: std::sync::Arc::new(move || body.search_text(markdown::plain_text(&body.without_shortcodes()))),
                        }
                    },
                    // `NaiveDate`'s own form is `%Y-%m-%d`, without a format string to read.
                    date: Some(r.date.date_naive().to_string()),
                    meta,
                }
            })
            .collect();
        for ind in self.content.indicators.values() {
            let card = self.indicator_card(ind, lang, false);
            records.push(search::Record {
                url: card.url.clone(),
                lang: lang.to_string(),
                text_lang: None,
                kind: search::RecordKind::Indicator,
                title: card.title.clone(),
                summary: card.description.clone(),
                // Its series and every value it has given, revisions too, as its page prints
                // them: a reporter searching "10,91" finds the dataset as well as the release.
                body_text: search::Text::Given(
                    ind.series
                        .iter()
                        .map(|s| s.label.get(lang, dl).to_string())
                        .chain(ind.observations.iter().map(|o| ind.format(o.value, lang)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                date: ind.observations.iter().filter_map(|o| o.published).max().map(|d| d.to_string()),
                meta: vec![
                    ("source".into(), ind.source.name.get(lang, dl).to_string()),
                    ("unit".into(), self.label(lang, &format!("unit_{}", ind.unit.as_str()))),
                ],
            });
        }
        for o in self.content.organizations.values() {
            let Some(v) = self.org_view(&o.id, lang) else { continue };
            records.push(search::Record {
                url: v.url.clone(),
                lang: lang.to_string(),
                text_lang: None,
                kind: search::RecordKind::Organization,
                title: v.name.clone(),
                summary: v.kind_label.clone(),
                body_text: search::Text::Given(String::new()),
                date: None,
                meta: vec![("short".into(), v.short.clone())],
            });
        }
        records
    }

    fn org_ld(&self, id: &str, lang: &str) -> Option<serde_json::Value> {
        let v = self.org_view(id, lang)?;
        let url = format!("{}{}", self.origin(), v.url);
        Some(jsonld::organization(&jsonld::Org { name: &v.name, short: &v.short, kind: &v.kind, url: &url, website: &v.website }))
    }

    /// A `tag:` URI (RFC 4151) for a release entry: it names the site's host, the release's
    /// date and slug, so it stays the same when pages move or the site is rebuilt.
    fn entry_id(&self, r: &Release, lang: &str) -> String {
        let host = self.content.config.base_url.split("://").nth(1).unwrap_or(&self.content.config.base_url).split('/').next().unwrap_or_default();
        format!("tag:{host},{}:{lang}/releases/{}", r.date.format("%Y-%m-%d"), r.slug)
    }

    /// An Atom feed of the releases written in `lang` (all of a tag when `tag` is set):
    /// the newest [`FEED_LENGTH`], with their full text.
    fn feed(&self, lang: &str, tag: Option<usize>) -> Output {
        let lists = &self.langs[lang];
        let p = self.prefix(lang);
        let base = self.origin();
        let (path, title) = match tag {
            None => (format!("{p}/"), self.content.config.title.get(lang, self.default_lang()).to_string()),
            Some(i) => {
                let g = &lists.tags[i];
                (format!("{p}/tags/{}/", g.key), theme::fill(&self.label(lang, "tag_title"), &[("tag", &g.name)]))
            }
        };
        let entries: Vec<feeds::FeedEntry> = self
            .feed_members(lang, tag)
            // A release not yet translated is in the feed as its list shows it: in its own
            // language (`xml:lang`), with the page and the id of that version.
            .map(|(r, e)| feeds::FeedEntry {
                id: self.entry_id(r, &e.lang),
                title: e.title.clone(),
                url: format!("{base}{}", self.release_url(r, lang)),
                lang: e.lang.clone(),
                published: r.date.to_rfc3339(),
                updated: modified(r, e).to_rfc3339(),
                summary: e.summary.clone(),
                content_html: self.feed_content(r, e),
                author: self.org_view(&e.publisher, lang).map(|o| o.name).unwrap_or_default(),
                categories: e.tags.iter().zip(self.tag_names(&e.tags, lang).iter()).map(|(t, n)| (t.clone(), n.clone())).collect(),
            })
            .collect();
        let updated = entries.iter().map(|e| e.updated.as_str()).max().unwrap_or("1970-01-01T00:00:00+00:00").to_string();
        let feed = feeds::Feed {
            subtitle: self.label(lang, "site_description"),
            id: format!("{base}{path}atom.xml"),
            self_url: format!("{base}{path}atom.xml"),
            alternate_url: format!("{base}{path}"),
            lang: lang.to_string(),
            author: self.content.config.publisher.as_ref().and_then(|p| self.org_view(p.get_ref(), lang)).map(|o| o.name).unwrap_or_else(|| title.clone()),
            title,
            updated,
            entries,
        };
        Output::file(self.file_of(&format!("{path}atom.xml")), feeds::atom(&feed).into_bytes())
    }

    /// The language of the `i`th change note of `e`: a translation that does not write its
    /// own `changes` shares the original's, whose notes are in the original's language. The
    /// page marks such a note with `lang`, so that a screen reader does not read Indonesian
    /// with English sounds.
    fn note_lang<'r>(&self, r: &'r Release, e: &'r Entry, i: usize) -> &'r str {
        match r.entries.get(self.default_lang()) {
            Some(original) if original.lang != e.lang && original.changes.get(i).is_some_and(|o| o.note == e.changes[i].note) => &original.lang,
            _ => &e.lang,
        }
    }

    /// A feed entry's content: the body, then its change notes. A correction moves the
    /// entry's `updated`, and a feed reader shows the entry again; without the notes it
    /// showed the same text with nothing to say what was corrected. In the entry's own
    /// language (`xml:lang`), as on its page.
    fn feed_content(&self, r: &Release, e: &Entry) -> String {
        // Without the theme's CSS a reader would show each chart's phone drawing too.
        let mut html = figures::wide_only(figures::render_body(&e.body, &self.figure_env(&e.lang, Some(r.date.date_naive()))));
        if !e.changes.is_empty() {
            let esc = theme::escape_html;
            html.push_str(&format!("\n<h2>{}</h2>\n<ol>\n", esc(&self.label(&e.lang, "changes_heading"))));
            for (i, c) in e.changes.iter().enumerate() {
                let kind = self.label(&e.lang, &format!("change_{}", c.kind));
                let date = dates::view(&c.date, &e.lang);
                let note_lang = self.note_lang(r, e, i);
                let note = if note_lang == e.lang { esc(&c.note) } else { format!("<span lang=\"{}\">{}</span>", esc(note_lang), esc(&c.note)) };
                html.push_str(&format!(
                    "<li><strong>{}</strong> <time datetime=\"{}\">{}</time>: {note}</li>\n",
                    esc(&kind),
                    esc(&date.iso),
                    esc(&date.display),
                ));
            }
            html.push_str("</ol>\n");
        }
        html
    }

    /// `api/releases.json`: every published release with its permalinks, languages and dates.
    fn api_releases(&self) -> Output {
        /// The releases, each made into JSON only as the serializer reaches it: a JSON tree of
        /// every release at once was the largest thing a build held (about 10 kB a release,
        /// 1 GB at 100,000 releases, for a file a tenth of that).
        struct Releases<'s, 'a>(&'s Site<'a>);
        impl Serialize for Releases<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.releases.iter().map(|r| self.0.api_release(r)))
            }
        }
        /// The document's fields in the order a `serde_json` object gives its keys (sorted).
        #[derive(Serialize)]
        struct Doc<'s, 'a> {
            releases: Releases<'s, 'a>,
            site: &'s str,
            version: u32,
        }
        let doc = Doc { releases: Releases(self), site: &self.content.config.base_url, version: 1 };
        Output::file("api/releases.json".into(), json_bytes(&doc))
    }

    /// One release of `api/releases.json`, its fields in the order a `serde_json` object
    /// gives its keys (sorted). A struct, not a `serde_json::Value`: building and dropping
    /// 10,000 ordered maps was 2% of a build (issue 6).
    fn api_release<'r>(&self, r: &'r Release) -> ApiRelease<'r> {
        let base = self.origin();
        let e = &r.entries[self.default_lang()];
        ApiRelease {
            changes: e.changes.iter().map(|c| ApiChange { date: c.date.to_rfc3339(), kind: &c.kind, note: &c.note }).collect(),
            indicators: &e.indicators,
            kind: &e.kind,
            languages: r.entries.keys().map(String::as_str).collect(),
            participants: &e.participants,
            published: r.date.to_rfc3339(),
            publisher: &e.publisher,
            slug: &r.slug,
            speakers: &e.speakers,
            tags: &e.tags,
            updated: modified(r, e).to_rfc3339(),
            versions: r
                .entries
                .iter()
                .map(|(l, v)| (l.as_str(), ApiVersion { summary: &v.summary, title: &v.title, url: format!("{base}{}", self.release_url(r, l)) }))
                .collect(),
        }
    }

    /// `api/indicators.json`: every indicator with its pages, downloads and latest period.
    fn api_indicators(&self) -> Output {
        let base = &self.content.config.base_url;
        let indicators: Vec<serde_json::Value> = self
            .content
            .indicators
            .values()
            .map(|ind| {
                let pages: serde_json::Map<String, serde_json::Value> = self
                    .content
                    .config
                    .languages
                    .iter()
                    .map(|l| (l.clone(), serde_json::json!(format!("{}{}/indicators/{}/", self.origin(), self.prefix(l), ind.id))))
                    .collect();
                serde_json::json!({
                    "id": ind.id,
                    "title": ind.title,
                    "unit": ind.unit,
                    "measure": ind.measure,
                    "frequency": ind.frequency,
                    "series": ind.series,
                    "latest_period": ind.latest_period().map(|p| p.to_string()),
                    "source": ind.source,
                    "license": ind.license,
                    "pages": pages,
                    "data_csv": format!("{base}/indicators/{}/{}", ind.id, figures::DATA_CSV),
                    "data_json": format!("{base}/indicators/{}/{}", ind.id, figures::DATA_JSON),
                })
            })
            .collect();
        let doc = serde_json::json!({ "version": 1, "site": base, "indicators": indicators });
        Output::file("api/indicators.json".into(), json_bytes(&doc))
    }

    fn figure_env<'b>(&'b self, lang: &'b str, as_of: Option<chrono::NaiveDate>) -> figures::Env<'b> {
        figures::Env {
            indicators: &self.content.indicators,
            lang,
            default_lang: self.default_lang(),
            prefix: self.prefix(lang),
            root: self.root(),
            as_of,
            strings: &self.langs[lang].strings,
            charts: Some(&self.charts),
        }
    }

    fn indicator_card(&self, ind: &Indicator, lang: &str, with_chart: bool) -> IndicatorCard {
        let dl = self.default_lang();
        let latest = ind.latest_period().and_then(|p| {
            // A dataset with series has no single latest value; its first series stands for it.
            let series = ind.series.first().map(|s| s.id.as_str());
            ind.latest(p, series).map(|o| Latest {
                display: ind.format(o.value, lang),
                value: o.value,
                period_label: p.label(lang),
                series_label: series.and_then(|s| ind.series_label(s, lang, dl)).unwrap_or_default().to_string(),
                status_label: self.label(lang, &format!("status_{}", o.status.as_str())),
                published: o.published.map(|d| crate::dates::long_date(&d, lang)).unwrap_or_default(),
                id: figures::row_id(p, series),
            })
        });
        let chart_svg = Html(if with_chart {
            let req = figures::ChartRequest { kind: ind.chart, from: None, to: None, period: None, series: None, id: format!("home-{}", ind.id) };
            crate::chart::render(&figures::chart_spec(ind, &req, &self.figure_env(lang, None)))
        } else {
            String::new()
        });
        IndicatorCard {
            id: ind.id.clone(),
            title: ind.title.get(lang, dl).to_string(),
            description: ind.description.get(lang, dl).to_string(),
            url: format!("{}/indicators/{}/", self.prefix(lang), ind.id),
            latest,
            chart_svg,
            source: ind.source.name.get(lang, dl).to_string(),
        }
    }

    fn indicators(&self, lang: &str) -> tera::Context {
        let mut ctx = self.langs[lang].base.clone();
        let url = format!("{}/indicators/", self.prefix(lang));
        ctx.insert("page", &self.meta(lang, self.label(lang, "indicators_title"), String::new(), url, self.all_translations(lang, "/indicators/")));
        let cards: Vec<IndicatorCard> = self.content.indicators.values().map(|i| self.indicator_card(i, lang, false)).collect();
        ctx.insert("indicators", &cards);
        ctx
    }

    fn indicator(&self, ind: &Indicator, lang: &str) -> tera::Context {
        let lists = &self.langs[lang];
        let dl = self.default_lang();
        let mut ctx = lists.base.clone();
        let path = format!("/indicators/{}/", ind.id);
        let card = self.indicator_card(ind, lang, false);
        let mut meta =
            self.meta(lang, card.title.clone(), card.description.clone(), format!("{}{path}", self.prefix(lang)), self.all_translations(lang, &path));
        let base = &self.content.config.base_url;
        let periods = ind.periods();
        let temporal = match (periods.first(), periods.last()) {
            (Some(a), Some(b)) => format!("{}/{}", a.date_range().0, b.date_range().1),
            _ => String::new(),
        };
        let modified = ind.observations.iter().filter_map(|o| o.published).max().map(|d| d.to_string()).unwrap_or_default();
        let variable = format!("{} ({})", card.title, self.label(lang, &format!("unit_{}", ind.unit.as_str())));
        meta.jsonld = Html(jsonld::to_script(jsonld::dataset(&jsonld::DatasetLd {
            name: &card.title,
            description: &card.description,
            url: &meta.permalink,
            lang,
            license: ind.license.as_ref().map_or("", |l| l.get(lang, self.default_lang())),
            creator: ind.source.name.get(lang, self.default_lang()),
            creator_url: ind.source.url.as_deref().unwrap_or_default(),
            temporal: &temporal,
            csv_url: &format!("{base}/indicators/{}/{}", ind.id, figures::DATA_CSV),
            json_url: &format!("{base}/indicators/{}/{}", ind.id, figures::DATA_JSON),
            variable: &variable,
            modified: &modified,
        })));
        meta.modified = modified;
        ctx.insert("page", &meta);
        let env = self.figure_env(lang, None);
        let req = figures::ChartRequest { kind: ind.chart, from: None, to: None, period: None, series: None, id: format!("chart-{}", ind.id) };
        let chart = figures::chart_figure(ind, &req, &env);

        // The table: one row per period, one column per series, current values.
        let series: Vec<Option<&str>> = if ind.series.is_empty() { vec![None] } else { ind.series.iter().map(|s| Some(s.id.as_str())).collect() };
        let columns: Vec<String> =
            series.iter().map(|s| s.and_then(|id| ind.series_label(id, lang, dl)).map_or_else(|| self.label(lang, "value"), str::to_string)).collect();
        let rows: Vec<TableRow> = ind
            .periods()
            .into_iter()
            .rev()
            .map(|p| {
                let cells: Vec<TableCell> = series
                    .iter()
                    .map(|s| {
                        let o = ind.latest(p, *s);
                        TableCell {
                            id: figures::row_id(p, *s),
                            display: o.map(|o| crate::numfmt::format_number(o.value, ind.decimals, lang, true)).unwrap_or_default(),
                            value: o.map(|o| o.value),
                            status_label: o.map(|o| self.label(lang, &format!("status_{}", o.status.as_str()))).unwrap_or_default(),
                            published: o.and_then(|o| o.published).map(|d| crate::dates::long_date(&d, lang)).unwrap_or_default(),
                            revised: ind.revisions(p, *s).len() > 1,
                        }
                    })
                    .collect();
                TableRow {
                    period: p.to_string(),
                    period_label: p.label(lang),
                    status_label: row_fact(&cells, &columns, |c| &c.status_label),
                    published: row_fact(&cells, &columns, |c| &c.published),
                    cells,
                }
            })
            .collect();
        // Revision history: every period whose value changed after it was first published.
        let mut revisions = Vec::new();
        for s in &series {
            let mut periods: Vec<Period> = ind.observations_of(*s).iter().map(|o| o.period).collect();
            periods.dedup();
            for p in periods {
                let all = ind.revisions(p, *s);
                if all.len() > 1 {
                    revisions.push(RevisionView {
                        period_label: p.label(lang),
                        series_label: s.and_then(|id| ind.series_label(id, lang, dl)).unwrap_or_default().to_string(),
                        entries: all
                            .iter()
                            .map(|o| RevisionEntry {
                                display: ind.format(o.value, lang),
                                published: o.published.map(|d| crate::dates::long_date(&d, lang)).unwrap_or_default(),
                                published_iso: o.published.map(|d| d.to_string()).unwrap_or_default(),
                                status_label: self.label(lang, &format!("status_{}", o.status.as_str())),
                            })
                            .collect(),
                    });
                }
            }
        }
        let citing: Vec<&tera::Value> = lists.citing.get(&ind.id).into_iter().flatten().map(|&i| self.item_h3_at(lists, lang, i)).collect();
        let (citation, figure_citation, as_of) = self.data_citation(ind, lang, &card, &meta.permalink);
        let view = IndicatorView {
            card,
            unit_label: self.label(lang, &format!("unit_{}", ind.unit.as_str())),
            measure_label: self.label(lang, &format!("measure_{}", ind.measure.as_str())),
            frequency_label: self.label(lang, &format!("frequency_{}", ind.frequency.as_str())),
            source_url: ind.source.url.clone().unwrap_or_default(),
            license: ind.license.as_ref().map_or("", |l| l.get(lang, self.default_lang())).to_string(),
            chart: Html(chart),
            csv_url: format!("{}/indicators/{}/{}", self.root(), ind.id, figures::DATA_CSV),
            json_url: format!("{}/indicators/{}/{}", self.root(), ind.id, figures::DATA_JSON),
            columns,
            rows,
            revisions,
            releases: citing,
            citation,
            figure_citation,
            as_of,
        };
        ctx.insert("indicator", &view);
        ctx
    }

    /// How to cite a dataset and its latest figure, in the page's language: the suggested
    /// citation of the data (`cite_data_format`: source, the date of its latest value, title,
    /// site and permanent link), the latest figure with its period, status and release date
    /// and the link to its cell (`cite_figure_format`), and the "data as of" date
    /// ([`AsOf`]). A value without a `published` date is cited with the `_undated` formats.
    fn data_citation(&self, ind: &Indicator, lang: &str, card: &IndicatorCard, permalink: &str) -> (String, String, Option<AsOf>) {
        let dl = self.default_lang();
        let config = &self.content.config;
        let as_of = ind.observations.iter().filter_map(|o| o.published).max().map(|d| AsOf { display: crate::dates::long_date(&d, lang), iso: d.to_string() });
        let source = ind.source.name.get(lang, dl);
        let site = config.title.get(lang, dl);
        let format = |key: &str, dated: bool| {
            let key = if dated { key.to_string() } else { format!("{key}_undated") };
            self.label(lang, &key)
        };
        let citation = theme::fill(
            &format("cite_data_format", as_of.is_some()),
            &[("source", source), ("as_of", as_of.as_ref().map_or("", |a| a.display.as_str())), ("title", &card.title), ("site", site), ("url", permalink)],
        );
        let figure = card.latest.as_ref().map_or_else(String::new, |l| {
            let title = if l.series_label.is_empty() { card.title.clone() } else { format!("{} ({})", card.title, l.series_label) };
            theme::fill(
                &format("cite_figure_format", !l.published.is_empty()),
                &[
                    ("title", &title),
                    ("period", &l.period_label),
                    ("value", &l.display),
                    ("status", &l.status_label),
                    ("published", &l.published),
                    ("source", source),
                    ("site", site),
                    ("url", &format!("{permalink}#{}", l.id)),
                ],
            )
        });
        (citation, figure, as_of)
    }

    fn standing(&self, page: &crate::content::Page, lang: &str) -> tera::Context {
        let e = &page.entries[lang];
        let mut ctx = self.langs[lang].base.clone();
        let translations = self
            .content
            .config
            .languages
            .iter()
            .filter(|l| page.entries.contains_key(*l))
            .map(|l| self.translation(l, lang, format!("{}/{}/", self.prefix(l), page.slug)))
            .collect();
        ctx.insert("page", &self.meta(lang, e.title.clone(), e.summary.clone(), format!("{}/{}/", self.prefix(lang), page.slug), translations));
        #[derive(Serialize)]
        struct Standing<'e> {
            title: &'e str,
            body: Html,
            lang: &'e str,
        }
        ctx.insert("standing", &Standing { title: &e.title, body: Html(figures::render_body(&e.body, &self.figure_env(lang, None))), lang });
        ctx
    }
}

/// An organization's or a person's newest releases ([`Site::newest`]). Its items are the
/// shared tera values, not copies (a `serde_json::Value` in between would copy them twice).
#[derive(Serialize)]
struct Newest<'a> {
    items: Vec<&'a tera::Value>,
    count: usize,
    /// The whole list's address, when it holds more than `items`.
    all_url: Option<String>,
}

#[derive(Serialize)]
struct OrganizationPage<'a> {
    #[serde(flatten)]
    view: OrgView,
    people: Vec<PersonView>,
    releases: Newest<'a>,
    published: Newest<'a>,
}

#[derive(Serialize)]
struct PersonPage<'a> {
    #[serde(flatten)]
    view: PersonView,
    releases: Newest<'a>,
    /// `/people/`, in the page's language.
    index_url: String,
}

#[derive(Serialize)]
struct Latest {
    display: String,
    #[serde(serialize_with = "machine_number")]
    value: f64,
    period_label: String,
    series_label: String,
    status_label: String,
    /// When the value was released ("5 Agustus 2021"); empty when the data does not say.
    published: String,
    /// The id of its cell in the indicator page's table (`#v-2021-Q2`).
    id: String,
}

#[derive(Serialize)]
struct IndicatorCard {
    id: String,
    title: String,
    description: String,
    url: String,
    latest: Option<Latest>,
    /// html
    chart_svg: Html,
    source: String,
}

/// A value for `<data value>` and scripts: a whole number without a `.0` (`150`, not
/// `150.0`), any other as the shortest decimal that reads back the same.
fn machine_number<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    // 2^53: every whole f64 below it converts to i64 exactly.
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn machine_number_opt<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => machine_number(v, s),
        None => s.serialize_none(),
    }
}

#[derive(Serialize)]
struct TableCell {
    id: String,
    display: String,
    #[serde(serialize_with = "machine_number_opt")]
    value: Option<f64>,
    status_label: String,
    /// When the current value was released ("5 Agustus 2021"); empty when unknown.
    published: String,
    revised: bool,
}

#[derive(Serialize)]
struct TableRow {
    period: String,
    period_label: String,
    cells: Vec<TableCell>,
    /// The status of the row's values: one label when its series agree, else each series'
    /// own ("Industri pengolahan: angka revisi; Perdagangan: angka sementara"), never the
    /// first series' standing for all ([`row_fact`]).
    status_label: String,
    /// When the row's values were released, the same way.
    published: String,
}

/// One fact of a table row (a status, a release date) from its cells: the shared value when
/// every cell with a value agrees, else each column's own, labelled with the column.
fn row_fact(cells: &[TableCell], columns: &[String], fact: impl Fn(&TableCell) -> &String) -> String {
    let given: Vec<(&String, &String)> = cells.iter().zip(columns).filter(|(c, _)| c.value.is_some()).map(|(c, col)| (fact(c), col)).collect();
    match given.first() {
        None => String::new(),
        Some((first, _)) if given.iter().all(|(f, _)| f == first) => (*first).clone(),
        Some(_) => given.iter().filter(|(f, _)| !f.is_empty()).map(|(f, col)| format!("{col}: {f}")).collect::<Vec<_>>().join("; "),
    }
}

/// The date of a dataset's latest released value: what its data are "as of".
#[derive(Serialize)]
struct AsOf {
    display: String,
    iso: String,
}

#[derive(Serialize)]
struct RevisionEntry {
    display: String,
    published: String,
    published_iso: String,
    status_label: String,
}

#[derive(Serialize)]
struct RevisionView {
    period_label: String,
    series_label: String,
    entries: Vec<RevisionEntry>,
}

#[derive(Serialize)]
struct IndicatorView<'a> {
    #[serde(flatten)]
    card: IndicatorCard,
    unit_label: String,
    measure_label: String,
    frequency_label: String,
    source_url: String,
    license: String,
    /// html: the chart in its figure
    chart: Html,
    csv_url: String,
    json_url: String,
    columns: Vec<String>,
    rows: Vec<TableRow>,
    revisions: Vec<RevisionView>,
    releases: Vec<&'a tera::Value>,
    /// The suggested citation of the dataset ([`Site::data_citation`]).
    citation: String,
    /// The suggested citation of its latest figure; empty without data.
    figure_citation: String,
    /// The date of its latest released value; none when no value says when.
    as_of: Option<AsOf>,
}

/// Every observation, revisions included: `period,series,value,published,status`.
fn indicator_csv(ind: &Indicator) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["period", "series", "value", "published", "status"]);
    for o in &ind.observations {
        let published = o.published.map(|d| d.to_string()).unwrap_or_default();
        let _ = w.write_record([o.period.to_string(), o.series.clone().unwrap_or_default(), o.value.to_string(), published, o.status.as_str().to_string()]);
    }
    w.into_inner().unwrap_or_default()
}

fn indicator_json(ind: &Indicator) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(ind).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// How many entries a feed carries: the newest.
const FEED_LENGTH: usize = 20;

/// How many indicators the home page shows when `headline_indicators` is not set.
const DEFAULT_HEADLINES: usize = 4;

/// When a release last changed: its publication or its latest change note.
fn modified(r: &Release, e: &Entry) -> DateTime<FixedOffset> {
    e.changes.iter().map(|c| c.date).max().map_or(r.date, |c| c.max(r.date))
}

/// One release of `api/releases.json` (see [`Site::api_release`]).
#[derive(Serialize)]
struct ApiRelease<'r> {
    changes: Vec<ApiChange<'r>>,
    indicators: &'r [String],
    kind: &'r str,
    languages: Vec<&'r str>,
    participants: &'r [String],
    published: String,
    publisher: &'r str,
    slug: &'r str,
    speakers: &'r [String],
    tags: &'r [String],
    updated: String,
    versions: BTreeMap<&'r str, ApiVersion<'r>>,
}

#[derive(Serialize)]
struct ApiChange<'r> {
    date: String,
    kind: &'r str,
    note: &'r str,
}

#[derive(Serialize)]
struct ApiVersion<'r> {
    summary: &'r str,
    title: &'r str,
    url: String,
}

fn json_bytes(v: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// What a page's own metadata says the sitemap should hold: nothing for `noindex` pages.
fn sitemap_entry(ctx: &tera::Context) -> Option<feeds::SitemapUrl> {
    let page = ctx.get("page")?;
    let text = |v: &tera::Value, path: &str| v.get_from_path(path).and_then(tera::Value::as_str).unwrap_or_default().to_string();
    if page.get_from_path("noindex").and_then(tera::Value::as_bool).unwrap_or(false) {
        return None;
    }
    let alternates = page
        .get_from_path("translations")
        .and_then(tera::Value::as_array)
        .map(|ts| ts.iter().map(|t| (text(t, "lang"), text(t, "permalink"))).collect())
        .unwrap_or_default();
    Some(feeds::SitemapUrl { loc: page.get_from_path("permalink")?.as_str()?.to_string(), lastmod: text(page, "modified"), alternates })
}

/// The output file that answers a site path, as a static host would: `/x/` is `x/index.html`,
/// `/x` is `x` or else `x/index.html`. Only paths the build made are found.
pub fn file_for_url(files: &Files, url: &str) -> Option<String> {
    let rel = url.trim_start_matches('/');
    let candidates = if rel.is_empty() || rel.ends_with('/') { vec![format!("{rel}index.html")] } else { vec![rel.to_string(), format!("{rel}/index.html")] };
    candidates.into_iter().find(|c| files.contains_key(c))
}

/// "/releases/x/" -> "releases/x/index.html"; "/404.html" -> "404.html".
fn url_to_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if trimmed.ends_with('/') {
        [trimmed, "index.html"].concat()
    } else if trimmed.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        trimmed.to_string()
    } else {
        [trimmed, "/index.html"].concat()
    }
}

/// A page that sends the reader (and search engines, via `canonical`) to `to`.
fn redirect_page(to: &str, lang: &str) -> String {
    let to = crate::theme::escape_html(to);
    format!("<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{to}</title><link rel=\"canonical\" href=\"{to}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head><body><p><a href=\"{to}\">{to}</a></p></body></html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_links_a_window_not_every_page() {
        assert_eq!(page_window(1, 1), [1]);
        assert_eq!(page_window(1, 500), [1, 2, 3, 500]);
        assert_eq!(page_window(250, 500), [1, 248, 249, 250, 251, 252, 500]);
        assert_eq!(page_window(4, 6), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn urls_map_to_files() {
        assert_eq!(url_to_path("/"), "index.html");
        assert_eq!(url_to_path("/en/releases/x/"), "en/releases/x/index.html");
        assert_eq!(url_to_path("/404.html"), "404.html");
        assert_eq!(url_to_path("/berita/lama"), "berita/lama/index.html");
    }
}
