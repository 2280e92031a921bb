//! Warta: a static site generator for public economic and partnership reports.
//!
//! See ARCHITECTURE.md for the map of modules and the direction of their dependencies.
//! [`build`] is the whole pipeline: load, render, write.

pub mod cache;
pub mod chart;
pub mod config;
pub mod content;
pub mod dates;
pub mod diag;
pub mod feeds;
pub mod figures;
mod folder;
pub mod frontmatter;
pub mod indicator;
pub mod jsonld;
pub mod lint;
pub mod load;
pub mod localized;
pub mod markdown;
pub mod numfmt;
pub mod output;
pub mod period;
pub mod provenance;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod shortcode;
mod swar;
pub mod theme;
mod tomlerr;
mod walk;

use diag::{Diagnostic, Diagnostics};
use std::path::PathBuf;

/// What `warta build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildArgs {
    pub site: PathBuf,
    pub output: PathBuf,
    pub now: chrono::DateTime<chrono::FixedOffset>,
    pub preview: bool,
    pub base_url: Option<String>,
    /// Use and leave the build cache in the site folder (see `cache`).
    pub cache: bool,
}

/// A build that did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors (exit code 1); nothing was written.
    Content(Vec<Diagnostic>),
    /// Wrong usage or a machine failure (exit code 2).
    Usage(String),
}

#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub charts: usize,
    /// When only release bodies changed since the last build: how many releases were
    /// re-rendered (with the feeds and search index showing them).
    pub bodies_only: Option<usize>,
    /// When the build cache stood in for reading releases: how many came from it unread,
    /// and how many were read.
    pub from_cache: Option<(usize, usize)>,
    pub files: usize,
    pub written: output::Written,
    /// The first [`BUILD_WARNINGS_SHOWN`] warnings, sorted, and how many more there are.
    pub warnings: Vec<Diagnostic>,
    pub more_warnings: usize,
    /// Releases held back because they are dated after the build's clock (none in a
    /// preview), and the earliest of their times: they appear with the first build at or
    /// after it. A static site does not publish itself.
    pub embargoed: Option<(usize, chrono::DateTime<chrono::FixedOffset>)>,
}

/// Everything a build validates, without writing: content, templates, figure provenance,
/// and what only `check` looks at: internal links and anchors, alt text, heading order.
/// Returns every finding (warnings included), sorted; `Failure::Content` if any is an error.
pub fn check(site: &std::path::Path, now: chrono::DateTime<chrono::FixedOffset>) -> Result<Vec<Diagnostic>, Failure> {
    let (content, warnings) = load::load(site).map_err(|e| match e {
        load::LoadError::Usage(m) => Failure::Usage(m),
        load::LoadError::Content(d) => Failure::Content(d.into_sorted()),
    })?;
    let (theme, theme_diags) = theme::load(site, &content.config.theme);
    let mut diags: Diagnostics = warnings;
    diags.extend(theme_diags);
    let Some(theme) = theme else { return Err(Failure::Content(diags.into_sorted())) };
    let dl = &content.config.default_language;
    for lang in content.config.languages.iter().filter(|l| *l != dl) {
        let missing = theme.missing_strings(lang, dl);
        if !missing.is_empty() {
            let file = format!("themes/{}/i18n/{lang}.toml", content.config.theme);
            diags.push(
                Diagnostic::file_error(
                    file,
                    format!("{} interface string(s) have no `{lang}` text; pages show the `{dl}` text instead: {}", missing.len(), missing.join(", ")),
                )
                .warning(),
            );
        }
    }
    let opts = render::Options { now, preview: true };
    let files = match render::render_with_warnings(&content, &theme, &opts) {
        Ok((files, warnings)) => {
            diags.extend(warnings.into_iter().collect());
            files
        }
        Err(d) => {
            diags.extend(d);
            return Err(Failure::Content(diags.into_sorted()));
        }
    };
    // Links, anchors, alt text and heading order, against what the build made.
    let config = &content.config;
    let bodies = content
        .releases
        .iter()
        .flat_map(|r| r.entries.values().map(move |e| (&e.path, &e.body, format!("{}/releases/{}/", config.prefix(&e.lang), r.slug))))
        .chain(content.pages.iter().flat_map(|p| p.entries.values().map(move |e| (&e.path, &e.body, format!("{}/{}/", config.prefix(&e.lang), p.slug)))));
    for (path, body, url) in bodies {
        for f in lint::check_body(body.text(), &url, &files) {
            let d = Diagnostic::error_at(path, &body.source, body.offset + f.offset, f.message).warning();
            diags.push(match f.help {
                Some(h) => d.with_help(h),
                None => d,
            });
        }
    }
    Ok(diags.into_sorted())
}

/// A loaded site, ready to render: what `serve` keeps between rebuilds.
pub struct Loaded {
    pub content: content::Content,
    pub theme: theme::Theme,
    pub state: load::LoadState,
    pub warnings: Diagnostics,
}

/// How many warnings a build prints; `warta check` lists them all.
pub const BUILD_WARNINGS_SHOWN: usize = 20;

/// Loads the content and the theme, keeping at most `keep_warnings` warnings (`None`: all);
/// `for_edits` keeps what [`apply_edit`] needs (more memory).
pub fn load_site(args: &BuildArgs, keep_warnings: Option<usize>, for_edits: bool) -> Result<Loaded, Failure> {
    let diags = keep_warnings.map_or_else(Diagnostics::new, Diagnostics::keeping_warnings);
    let (content, warnings, state) = load::load_with_state(&args.site, diags, for_edits).map_err(load_failure)?;
    with_theme(args, content, warnings, state)
}

fn load_failure(e: load::LoadError) -> Failure {
    match e {
        load::LoadError::Usage(m) => Failure::Usage(m),
        load::LoadError::Content(d) => Failure::Content(d.into_sorted()),
    }
}

/// What [`load_for_build`] gives [`build`].
struct ForBuild {
    loaded: Loaded,
    /// The stamps and warning counts of the next snapshot (none without the cache).
    stamps: Option<cache::Files>,
    /// The last build's search analyses, and where this build's go.
    last_analyses: Option<search::Analyses>,
    /// The texts file of the snapshot the load started from.
    last_texts: Option<cache::Texts>,
    search_writer: Option<cache::SearchWriter>,
    /// See [`Report::from_cache`].
    from_cache: Option<(usize, usize)>,
}

/// [`load_site`] for `build`: with `args.cache`, through the build cache, also returning
/// what the next snapshot needs (see `cache`).
fn load_for_build(args: &BuildArgs, laps: &mut Laps) -> Result<ForBuild, Failure> {
    let no_cache = || {
        load_site(args, Some(BUILD_WARNINGS_SHOWN), false).map(|loaded| ForBuild {
            loaded,
            stamps: None,
            last_analyses: None,
            last_texts: None,
            search_writer: None,
            from_cache: None,
        })
    };
    if !args.cache {
        return no_cache();
    }
    // The stamps of the content files and the cache's own files are read at once.
    let (now, (last, analyses)) =
        rayon::join(|| cache::stamp_content(&args.site), || rayon::join(|| cache::read(&args.site), || cache::read_search(&args.site)));
    let Ok(now) = now else { return no_cache() };
    let last_texts = last.as_ref().map(|s| s.texts.clone());
    laps.lap("stamp and read cache");
    let diags = Diagnostics::keeping_warnings(BUILD_WARNINGS_SHOWN);
    let (content, warnings, files, reused) = load::load_cached(&args.site, diags, now, last).map_err(load_failure)?;
    let from_cache = reused.map(|n| (n, content.releases.len() - n));
    let loaded = with_theme(args, content, warnings, load::LoadState::default())?;
    let search_writer = cache::SearchWriter::create(&args.site);
    Ok(ForBuild { loaded, stamps: Some(files), last_analyses: analyses, last_texts, search_writer, from_cache })
}

/// Set by a process that ends after one build (`warta build`): see [`free_later`].
static EXIT_FREES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tells the builds of this process that it ends after them: what they made is then left
/// for the system to take back at the exit instead of freed ([`free_later`]). Never for a
/// process that builds again (`serve`): it would keep every build's memory.
pub fn exit_frees_memory() {
    EXIT_FREES.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Frees `value`, which must hold nothing but memory, off the caller's path: on a thread
/// of its own, or not at all in a process that ends after its build
/// ([`exit_frees_memory`]). Those threads freeing a 10,000-release build's lists, search
/// records, sitemap and content took 2% of its CPU time, some of it from the render, and
/// nothing needed that memory again (issue 6).
pub(crate) fn free_later<T: Send + 'static>(value: T) {
    if EXIT_FREES.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        std::thread::spawn(move || drop(value));
    }
}

/// `WARTA_TIMINGS=1`: how long each phase of a build took, printed at its end.
struct Laps {
    on: bool,
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Laps {
    fn start() -> Laps {
        Laps { on: std::env::var_os("WARTA_TIMINGS").is_some(), last: std::time::Instant::now(), laps: Vec::new() }
    }
    fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = std::time::Instant::now();
            self.laps.push((name, now - self.last));
            self.last = now;
        }
    }
    fn print(&self) {
        if self.on {
            let laps: Vec<String> = self.laps.iter().map(|(name, d)| format!("{name} {} ms", d.as_millis())).collect();
            eprintln!("timings: {}; peak memory {} MB", laps.join(", "), peak_memory_mb());
        }
    }
}

fn with_theme(args: &BuildArgs, mut content: content::Content, warnings: Diagnostics, state: load::LoadState) -> Result<Loaded, Failure> {
    if let Some(url) = &args.base_url {
        let path = std::mem::take(&mut content.config.path);
        content.config.set_base_url(url).map_err(|bad| Failure::Usage(format!("--base-url `{url}` {}; {}", bad.problem, bad.help)))?;
        // The load made the bodies' HTML for site.toml's path (`figures::read_body`): with
        // another, the render makes it again.
        if content.config.path != path {
            content.releases.iter_mut().flat_map(|r| r.entries.values_mut()).for_each(|e| e.body.html = None);
        }
    }
    let (theme, theme_diags) = theme::load(&args.site, &content.config.theme);
    let mut warnings: Diagnostics = warnings;
    warnings.extend(theme_diags);
    let Some(theme) = theme else { return Err(Failure::Content(warnings.into_sorted())) };
    Ok(Loaded { content, theme, state, warnings })
}

/// What [`apply_edit`] made of an edit.
pub enum Edit {
    /// The edit may reach beyond the edited releases (a file was added, removed or renamed,
    /// or it is not a release): only a full load is right.
    NotApplicable,
    /// The edited files have errors.
    Failed(Failure),
    /// Nothing but bodies changed: these files are everything that changed, except the
    /// search index ([`render::render_search`]).
    Bodies(render::Files),
    /// More than bodies changed: the whole site, rendered from the updated content.
    Site(render::Files),
}

/// Applies edits of existing release files (absolute paths) to a loaded site without
/// reading the rest of it again, and renders what they change. The files it gives, laid
/// over the last build, are the bytes a full build of the edited site gives (tested).
pub fn apply_edit(loaded: &mut Loaded, opts: &render::Options, paths: &[PathBuf]) -> Edit {
    let Some(reloaded) = load::reload_releases(&mut loaded.state, &loaded.content, paths) else { return Edit::NotApplicable };
    if reloaded.diags.has_errors() {
        return Edit::Failed(Failure::Content(reloaded.diags.into_sorted()));
    }
    let content = &mut loaded.content;
    // Bodies decide which static files an unpublished release withholds: outside previews,
    // where nothing is withheld, every edit renders the whole site.
    let mut bodies_only = opts.preview;
    let mut slugs = std::collections::BTreeSet::new();
    for r in reloaded.releases {
        let Some(i) = content.releases.iter().position(|old| old.slug == r.slug) else { return Edit::NotApplicable };
        bodies_only &= render::only_bodies_differ(&content.releases[i], &r);
        slugs.insert(r.slug.clone());
        content.releases[i] = r;
    }
    if slugs.is_empty() {
        return Edit::NotApplicable;
    }
    let rendered = if bodies_only {
        let slugs = slugs.iter().map(String::as_str).collect();
        render::render_bodies(content, &loaded.theme, opts, &slugs).map(Edit::Bodies)
    } else {
        content.releases.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        render::render(content, &loaded.theme, opts).map(Edit::Site)
    };
    rendered.unwrap_or_else(|d| Edit::Failed(Failure::Content(d.into_sorted())))
}

/// Loads, renders and (only when everything rendered) writes the site. Files go to the
/// output's staging folder as they are rendered (see `output::Writer`); a build that fails
/// leaves the output as it was. When the last build's manifest shows that only release
/// bodies changed, only what shows those bodies is rendered (see [`render::Manifest`]).
pub fn build(args: &BuildArgs) -> Result<Report, Failure> {
    let mut laps = Laps::start();
    let progress = Progress::start();
    let cannot_write = |e: std::io::Error| Failure::Usage(format!("cannot write {}: {e}", args.output.display()));
    // Listing the output waits on the file system for each of its folders: it runs on a
    // thread of its own while the content loads.
    let (writer, loaded) = std::thread::scope(|s| {
        let listing = args.cache.then(|| cache::output_listing(&args.site, &args.output));
        let opening = s.spawn(move || output::Writer::open(&args.output, listing.as_deref()));
        let loaded = load_for_build(args, &mut laps);
        (opening.join(), loaded)
    });
    let ForBuild { loaded: Loaded { content, theme, warnings, .. }, stamps, last_analyses, last_texts, search_writer, from_cache } = loaded?;
    let writer = writer.map_err(|_| Failure::Usage(format!("listing {} failed", args.output.display())))?.map_err(cannot_write)?;
    let keep = |lang: &str, analyses: std::sync::Arc<search::LangAnalyses>| {
        if let Some(w) = &search_writer {
            w.keep(lang, analyses);
        }
    };
    let carry = search::Carry::new(last_analyses, Some(&keep));
    laps.lap("load and list output");
    let opts = render::Options { now: args.now, preview: args.preview };
    let last: Option<render::Manifest> = writer.read_existing(output::MANIFEST).and_then(|b| serde_json::from_slice(&b).ok());
    // The output must still be what the last build left: the same number of files.
    let last = last.filter(|m| m.files == writer.existing().count());
    // With a last manifest, this one decides what to render; without, it is only written at
    // the end, and is made while the pages render (its serial parts were 10 ms of a
    // 10,000-release build with one core idle, issue 6).
    let early = last.as_ref().map(|_| render::Manifest::of(&content, &theme, &opts));
    laps.lap("manifest");
    let changed = last.as_ref().zip(early.as_ref()).and_then(|(last, manifest)| manifest.changed_bodies_since(last).map(|changed| (last, changed)));
    let bodies_only = changed.as_ref().map(|(_, c)| c.len());
    // The cache's releases and texts are written to temporary files while the pages render;
    // they are moved into place only once the build rendered (see `cache::Prepared`).
    let (result, prepared, late) = std::thread::scope(|s| {
        let preparing = stamps.as_ref().map(|files| s.spawn(|| cache::prepare(&args.site, files, &content.releases, last_texts.as_ref())));
        let fingerprinting = early.is_none().then(|| s.spawn(|| render::Manifest::of(&content, &theme, &opts)));
        let result = match changed {
            Some((last, changed)) => build_bodies(&content, &theme, &opts, &writer, last, &changed, &carry),
            None => build_all(&content, &theme, &opts, &writer, &progress.counter, &carry),
        };
        let late = fingerprinting.and_then(|f| f.join().ok());
        // A cache that could not be prepared is left as it was: it is only a speed-up.
        (result, preparing.and_then(|p| p.join().ok()).and_then(Result::ok), late)
    });
    let mut manifest = early.or(late).unwrap_or_else(|| render::Manifest::of(&content, &theme, &opts));
    laps.lap("render and stage");
    drop(progress);
    let (paths, charts, render_warnings) = match result {
        Ok(r) => r,
        Err(BuildError::Content(d)) => {
            let mut all = warnings;
            all.extend(d);
            return Err(Failure::Content(all.into_sorted()));
        }
        Err(BuildError::Write(e)) => return Err(cannot_write(e)),
    };
    manifest.files = paths.len() + 2;
    manifest.charts = charts;
    let mut warnings = warnings;
    warnings.extend(render_warnings.iter().cloned().collect());
    manifest.warnings = render_warnings;
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Failure::Usage(e.to_string()))?;
    writer.put(output::MANIFEST, &render::FileData::Bytes(json)).map_err(cannot_write)?;
    let mut all = paths;
    all.insert(output::MANIFEST.to_string());
    // Nothing waits for the last build's analyses to be freed.
    let search::Carry { last, .. } = carry;
    free_later(last);
    // The cache holds what this build loaded, which rendered: it is moved into place while
    // the output is committed. Only a speed-up for the next build: a site folder that cannot
    // take it builds as usual.
    let written = std::thread::scope(|s| {
        let caching = prepared.map(|prepared| s.spawn(move || cache::write(prepared, search_writer)));
        let written = writer.commit(&all);
        drop(caching.map(|c| c.join()));
        written
    })
    .map_err(cannot_write)?;
    laps.lap("commit and write cache");
    laps.print();
    let pages = all.iter().filter(|p| p.ends_with(".html")).count();
    let files = all.len() - 1;
    let held: Vec<_> = content.releases.iter().filter(|r| !r.draft && r.date > args.now).map(|r| r.date).collect();
    let embargoed = held.iter().min().filter(|_| !args.preview).map(|first| (held.len(), *first));
    // Nothing waits for what the build made to be freed: freeing 10,000 releases took a
    // rebuild 20 ms; at 100,000 releases the releases, the manifest and the paths took the
    // main thread 0.2 s after the output was in place.
    free_later((content, theme, manifest, all));
    let (warnings, more_warnings) = warnings.into_sorted_counting();
    Ok(Report { pages, charts, bodies_only, from_cache, files, written, warnings, more_warnings, embargoed })
}

/// The process's peak resident memory so far (Linux; 0 elsewhere), for `WARTA_TIMINGS`.
fn peak_memory_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kb.unwrap_or(0) / 1024
}

enum BuildError {
    Content(Diagnostics),
    Write(std::io::Error),
}

/// Renders the whole site into the writer: the site's paths and the charts in its pages.
fn build_all(
    content: &content::Content,
    theme: &theme::Theme,
    opts: &render::Options,
    writer: &output::Writer,
    progress: &render::Progress,
    carry: &search::Carry,
) -> Result<(std::collections::BTreeSet<String>, usize, Vec<Diagnostic>), BuildError> {
    let write_error = std::sync::Mutex::new(None);
    let put = |path: String, data: render::FileData| {
        if let Err(e) = writer.put(&path, &data) {
            write_error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
        }
    };
    let rendered = render::render_counted(content, theme, opts, &put, progress, carry).map_err(BuildError::Content)?;
    if let Some(e) = write_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(BuildError::Write(e));
    }
    Ok((rendered.paths, rendered.charts, rendered.warnings))
}

/// Renders only the pages and feeds showing the bodies of `changed` and the search index
/// into the writer; every other file stays as the last build left it.
fn build_bodies(
    content: &content::Content,
    theme: &theme::Theme,
    opts: &render::Options,
    writer: &output::Writer,
    last: &render::Manifest,
    changed: &std::collections::BTreeSet<&str>,
    carry: &search::Carry,
) -> Result<(std::collections::BTreeSet<String>, usize, Vec<Diagnostic>), BuildError> {
    let (files, index) = render::render_bodies_and_search(content, theme, opts, changed, carry).map_err(BuildError::Content)?;
    let languages = &content.config.languages;
    let mut paths: std::collections::BTreeSet<String> =
        writer.existing().filter(|p| !render::is_search_index(p, languages) && *p != output::MARKER && *p != output::MANIFEST).cloned().collect();
    let mut charts = last.charts;
    for (path, data) in files.iter().chain(&index) {
        if let (true, render::FileData::Bytes(new)) = (path.ends_with(".html"), data) {
            let old = writer.read_existing(path).unwrap_or_default();
            charts = (charts + render::count_charts(new)).saturating_sub(render::count_charts(&old));
        }
    }
    // Staged on both cores: each of the ~600 files (most of them the search index) is
    // compared with the one in the output first.
    use rayon::prelude::*;
    files.par_iter().chain(index.par_iter()).try_for_each(|(path, data)| writer.put(path, data)).map_err(BuildError::Write)?;
    paths.extend(files.into_keys().chain(index.into_keys()));
    // The pages rendered again show the theme around new bodies: its addresses are those
    // the last full build found.
    Ok((paths, charts, last.warnings.clone()))
}

/// A progress line on a terminal while a build runs, from its first half second on (nothing
/// when stderr is not a terminal, nothing for a quick build).
struct Progress {
    /// Jobs rendered so far and their total, counted by the renderer.
    counter: std::sync::Arc<render::Progress>,
    ticker: Option<std::thread::JoinHandle<()>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Progress {
    fn start() -> Progress {
        use std::io::IsTerminal;
        use std::sync::atomic::Ordering;
        let mut progress = Progress { counter: Default::default(), ticker: None, stop: Default::default() };
        if !std::io::stderr().is_terminal() {
            return progress;
        }
        let (counter, stop) = (progress.counter.clone(), progress.stop.clone());
        progress.ticker = Some(std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let bar = indicatif::ProgressBar::hidden();
            let mut shown = false;
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(50));
                if started.elapsed() < std::time::Duration::from_millis(500) {
                    continue;
                }
                if !shown {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.set_style(
                        indicatif::ProgressStyle::with_template("{spinner} loading the content {elapsed}")
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                    );
                    shown = true;
                }
                let total = counter.total.load(Ordering::Relaxed) as u64;
                if total > 0 && bar.length() != Some(total) {
                    bar.set_style(
                        indicatif::ProgressStyle::with_template("rendering {pos}/{len} pages and files {bar:40} {elapsed}")
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    bar.set_length(total);
                }
                bar.set_position(counter.done.load(Ordering::Relaxed) as u64);
                bar.tick();
            }
            bar.finish_and_clear();
        }));
        progress
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}
