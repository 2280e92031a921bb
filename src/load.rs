//! Reads a site folder into [`Content`], collecting every problem as a diagnostic.
//!
//! This is the only module that reads content files. It parses in parallel, then checks
//! every reference (publisher, participants, speakers, related, indicators, translations)
//! against the directory and the set of slugs, so rendering can trust what it gets.

use crate::cache;
use crate::config::{self, Config};
use crate::content::*;
use crate::diag::{
    check_text, display_path, Diagnostic, Diagnostics, LineBreaks,
    LineBreaks::{Lines, OneLine},
};
use crate::figures;
use crate::frontmatter;
use crate::indicator::{self, Indicator};
use crate::localized::Localized;
use crate::search;
use crate::tomlerr;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rayon::prelude::*;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a load could not produce content at all.
#[derive(Debug)]
pub enum LoadError {
    /// The folder is not a site, or the machine failed to read it (exit code 2).
    Usage(String),
    /// The content has errors (exit code 1).
    Content(Diagnostics),
}

/// Loads and validates the site in `root` (the folder holding `content/`).
/// On success the diagnostics hold only warnings.
pub fn load(root: &Path) -> Result<(Content, Diagnostics), LoadError> {
    load_with_state(root, Diagnostics::new(), false).map(|(content, diags, _)| (content, diags))
}

/// [`load`] into `diags` (which may keep only some warnings, see
/// [`Diagnostics::keeping_warnings`]), also returning what [`reload_releases`] needs; with
/// `keep_files` false, that state cannot reload anything (it holds no parsed files).
pub fn load_with_state(root: &Path, diags: Diagnostics, keep_files: bool) -> Result<(Content, Diagnostics, LoadState), LoadError> {
    load_inner(root, diags, keep_files, None).map(|(content, diags, state, _)| (content, diags, state))
}

/// [`load_with_state`] for `build`, with the build cache: `now` stamps the content folder
/// (taken before anything is read) and `last` is the snapshot the last build left. When
/// only release files changed, the releases come from `last` and only those with a
/// changed file are read and checked (see `cache`); the content and the warnings are those
/// a full load gives. Also returns `now` with every release's warning count, for the next
/// snapshot, and how many releases came from `last` (`None`: it could not be used).
pub fn load_cached(
    root: &Path,
    diags: Diagnostics,
    now: cache::Files,
    last: Option<cache::Snapshot>,
) -> Result<(Content, Diagnostics, cache::Files, Option<usize>), LoadError> {
    let (content, diags, _, files) = load_inner(root, diags, false, Some((now, last)))?;
    let (files, reused) = files.unwrap_or_default();
    Ok((content, diags, files, reused))
}

type Loaded = (Content, Diagnostics, LoadState, Option<(cache::Files, Option<usize>)>);

fn load_inner(root: &Path, diags: Diagnostics, keep_files: bool, cache: Option<(cache::Files, Option<cache::Snapshot>)>) -> Result<Loaded, LoadError> {
    let content_dir = root.join("content");
    let site_path = content_dir.join("site.toml");
    if !site_path.is_file() {
        return Err(LoadError::Usage(format!("{} has no content/site.toml: is `--site` the folder of a Warta site?", root.display())));
    }
    let mut diags = diags;
    let site_text = read_text(root, &site_path, &mut diags)?;
    let (config, d) = config::parse(&display_path(root, &site_path), &site_text.unwrap_or_default());
    diags.extend(d);
    let Some(config) = config else { return Err(LoadError::Content(diags)) };

    let directory = load_directory(root, &config, &mut diags)?;
    let tag_names = load_tag_names(root, &config, &mut diags)?;
    let (indicators, indicator_ids) = load_indicators(root, &config, &mut diags)?;
    if let Some(headline) = &config.headline_indicators {
        let site = root.join("content/site.toml");
        let text = std::fs::read_to_string(&site).unwrap_or_default();
        for h in headline.iter().filter(|h| !indicator_ids.contains(h.get_ref())) {
            diags.push(unknown_ref(&display_path(root, &site), &text, h, "indicator", indicator_ids.iter()));
        }
    }
    // Without strings for the default language a page has no words at all: every template
    // failed on the first string it printed (`skip_to_content`), far from the cause.
    // (Another language without them gets a warning at `check`: its pages show the default's.)
    if !crate::theme::has_strings_for(root, &config.theme, &config.default_language) {
        let site = root.join("content/site.toml");
        let text = std::fs::read_to_string(&site).unwrap_or_default();
        let dl = &config.default_language;
        diags.push(
            Diagnostic::error_at(
                display_path(root, &site),
                &text,
                config.default_language_span.start,
                format!("the theme has no interface strings for `{dl}`: expected a file themes/{}/i18n/{dl}.toml", config.theme),
            )
            .with_help(format!(
                "copy the built-in theme's i18n/id.toml there and translate it, or use a language the built-in theme has: {}",
                crate::theme::builtin_languages().join(", ")
            )),
        );
    }
    // Checked here, where site.toml's text is at hand, so the error points at the value;
    // `theme::load` reports the same for a folder removed since.
    if let Some(theme) = config.theme_at.as_ref().filter(|t| t.get_ref() != "default" && !root.join("themes").join(t.get_ref()).is_dir()) {
        let site = root.join("content/site.toml");
        let text = std::fs::read_to_string(&site).unwrap_or_default();
        diags.push(
            Diagnostic::error_at(
                display_path(root, &site),
                &text,
                theme.span().start,
                format!("theme `{}` not found: expected a folder themes/{}/", theme.get_ref(), theme.get_ref()),
            )
            .with_help("use theme = \"default\" for the built-in theme"),
        );
    }
    let release_dir = content_dir.join("releases");
    let (stamps, plan) = match cache {
        Some((now, last)) => {
            let plan = last.and_then(|last| reuse_plan(root, last, &now));
            (Some(now), plan)
        }
        None => (None, None),
    };
    let ctx = ReleaseContext { root, dir: &release_dir, config: &config, directory: &directory, indicators: &indicators, indicator_ids: &indicator_ids };
    let loaded = match plan {
        Some(plan) => ctx.reuse(plan, &mut diags)?,
        None => ctx.load_all(&mut diags, keep_files)?,
    };
    let LoadedReleases { mut releases, release_files, slugs, failed, warnings, reused } = loaded;
    releases.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    tag_names.check_used(&releases, &mut diags);
    let (page_files, failed_pages) = read_markdown_files(root, &content_dir.join("pages"), &config, &mut diags)?;
    let pages = assemble_pages(page_files, &failed_pages, &config, &mut diags);
    for e in pages.iter().flat_map(|p| p.entries.values()) {
        diags.extend(figures::check(&e.path, &e.body, None, &indicators, &indicator_ids));
    }
    let static_files = list_static(root, &content_dir.join("static"), &mut diags)?;

    if diags.has_errors() {
        return Err(LoadError::Content(diags));
    }
    let Directory { orgs: organizations, people, orgs_complete, people_complete } = directory;
    let state = LoadState { root: root.to_path_buf(), release_files, slugs, failed, indicator_ids, orgs_complete, people_complete };
    let stamps = stamps.map(|s| (cache::Files { warnings, ..s }, reused));
    let tag_names = tag_names.names;
    Ok((Content { config, releases, pages, organizations, people, indicators, tag_names, static_files }, diags, state, stamps))
}

/// What reading the releases gives [`load_inner`].
struct LoadedReleases {
    releases: Vec<Release>,
    /// Parsed files by slug, when kept for [`reload_releases`].
    release_files: BTreeMap<String, Vec<Arc<ParsedFile>>>,
    slugs: BTreeSet<String>,
    failed: BTreeSet<String>,
    /// Per slug, the warnings its files gave (for the cache).
    warnings: BTreeMap<String, usize>,
    /// How many releases came from the cache unread.
    reused: Option<usize>,
}

/// How a snapshot is reused: its releases, and the slugs whose files changed since.
struct ReusePlan {
    releases: Vec<Release>,
    warnings: BTreeMap<String, usize>,
    changed: BTreeSet<String>,
}

/// Whether `last` can stand in for reading the releases again: only release files changed,
/// and each is a file of a release the snapshot has (see `cache`).
fn reuse_plan(root: &Path, last: cache::Snapshot, now: &cache::Files) -> Option<ReusePlan> {
    let changed_paths = cache::changed_release_files(root, &last.files, now)?;
    let slug_of: std::collections::HashMap<&Path, &str> =
        last.releases.iter().flat_map(|r| r.entries.values().map(move |e| (e.path.as_path(), r.slug.as_str()))).collect();
    // Every release file belongs to a release (or the last build would have failed).
    if slug_of.len() != now.stamps.iter().filter(|(p, _)| cache::is_release_file(p)).count() {
        return None;
    }
    let changed = changed_paths.iter().map(|p| slug_of.get(Path::new(p)).map(|s| s.to_string())).collect::<Option<BTreeSet<String>>>()?;
    Some(ReusePlan { releases: last.releases, warnings: last.files.warnings, changed })
}

/// What every release is checked against.
struct ReleaseContext<'a> {
    root: &'a Path,
    dir: &'a Path,
    config: &'a Config,
    directory: &'a Directory,
    indicators: &'a BTreeMap<String, Indicator>,
    indicator_ids: &'a BTreeSet<String>,
}

impl ReleaseContext<'_> {
    fn refs<'s>(&'s self, slugs: &'s BTreeSet<&'s str>) -> Refs<'s> {
        Refs {
            orgs: &self.directory.orgs,
            people: &self.directory.people,
            orgs_complete: self.directory.orgs_complete,
            people_complete: self.directory.people_complete,
            slugs,
            indicators: self.indicator_ids,
        }
    }

    /// Reads, checks and assembles every release file.
    fn load_all(&self, diags: &mut Diagnostics, keep_files: bool) -> Result<LoadedReleases, LoadError> {
        let (files, failed) = read_markdown_files(self.root, self.dir, self.config, diags)?;
        let keep_html = files.iter().map(|f| f.text.len()).sum::<usize>() <= KEEP_HTML_UP_TO;
        // Grouped by slug with a sort on every core (stable: a slug's files stay in the order
        // of their paths), in slug order: inserted one by one into a map on one core, they
        // were 7 ms of a 10,000-release build with the other core idle (issue 6).
        let mut files: Vec<Arc<ParsedFile>> = files.into_par_iter().map(Arc::new).collect();
        files.par_sort_by(|a, b| a.slug.cmp(&b.slug));
        let mut by_slug: Vec<(String, Vec<Arc<ParsedFile>>)> = Vec::new();
        for f in files {
            match by_slug.last_mut() {
                Some((slug, group)) if *slug == f.slug => group.push(f),
                _ => by_slug.push((f.slug.clone(), vec![f])),
            }
        }
        let slugs: BTreeSet<String> = by_slug.iter().map(|(slug, _)| slug.clone()).collect();
        let slug_refs = slugs.iter().map(String::as_str).collect();
        let refs = self.refs(&slug_refs);
        // Each release on its own, in parallel: its front matter against the directory and the
        // other slugs, then its bodies (shortcodes, raw HTML, typed figures).
        // Each worker folds into its own collection, so a site with a million warnings never
        // holds them all when only some are kept.
        // Parsed files are dropped as soon as their release is made, unless `serve` keeps them
        // for its reloads: their front matter would otherwise double the memory of a large site.
        let empty = || (Vec::new(), diags.empty_like(), Vec::new(), Vec::new());
        type Acc = (Vec<Release>, Diagnostics, Vec<(String, Vec<Arc<ParsedFile>>)>, Vec<(String, usize)>);
        let (releases, d, kept, counts) = by_slug
            .into_par_iter()
            .fold(empty, |(mut releases, mut d, mut kept, mut counts): Acc, (slug, files)| {
                let mut own = Diagnostics::new();
                let mut release = assemble_release(&slug, &files, &failed, self.config, &refs, &mut own);
                if let Some(r) = &mut release {
                    own.extend(check_bodies(r, self.indicators, self.indicator_ids, &|path| d.drops_warnings_in(path), keep_html.then_some(&self.config.path)));
                }
                own.settle();
                counts.push((slug.clone(), own.warnings()));
                d.extend(own);
                releases.extend(release);
                if keep_files {
                    kept.push((slug, files));
                }
                (releases, d, kept, counts)
            })
            .reduce(empty, |(mut ra, mut da, mut ka, mut ca), (rb, db, kb, cb)| {
                ra.extend(rb);
                da.extend(db);
                ka.extend(kb);
                ca.extend(cb);
                (ra, da, ka, ca)
            });
        diags.extend(d);
        Ok(LoadedReleases { releases, release_files: kept.into_iter().collect(), slugs, failed, warnings: counts.into_iter().collect(), reused: None })
    }

    /// The releases of a snapshot, with those whose files changed read and checked again.
    /// The warnings are those a full load gives: the changed releases' in full; of the
    /// others, the ones a capped collection keeps are made again from their (unchanged)
    /// files, and the rest only counted.
    fn reuse(&self, plan: ReusePlan, diags: &mut Diagnostics) -> Result<LoadedReleases, LoadError> {
        let ReusePlan { mut releases, mut warnings, changed } = plan;
        let slugs: BTreeSet<String> = releases.iter().map(|r| r.slug.clone()).collect();
        let slug_refs = slugs.iter().map(String::as_str).collect();
        let refs = self.refs(&slug_refs);
        let paths_of = |r: &Release| r.entries.values().map(|e| e.path.clone()).collect::<Vec<_>>();
        let mut failed = BTreeSet::new();
        let (kept, edited): (Vec<Release>, Vec<Release>) = releases.drain(..).partition(|r| !changed.contains(&r.slug));
        releases = kept;
        let reused = Some(releases.len());
        let fresh: Vec<Result<SlugLoad, LoadError>> = edited.par_iter().map(|r| self.load_slug(&r.slug, &paths_of(r), &refs, true)).collect();
        for (old, result) in edited.iter().zip(fresh) {
            let SlugLoad { release, diags: d, parsed } = result?;
            if !parsed {
                failed.insert(old.slug.clone());
            }
            warnings.insert(old.slug.clone(), d.warnings());
            diags.extend(d);
            releases.extend(release);
        }
        // The others, in the order their warnings sort (paths compare by component: with
        // `/` as the lowest byte, their bytes compare the same way).
        let mut order: Vec<(&Release, usize)> =
            releases.iter().filter(|r| !changed.contains(&r.slug)).filter_map(|r| warnings.get(&r.slug).filter(|n| **n > 0).map(|n| (r, *n))).collect();
        let first_path = |r: &Release| r.entries.values().map(|e| e.path.as_path()).min().map(Path::to_path_buf).unwrap_or_default();
        order.sort_by_cached_key(|(r, _)| first_path(r).to_string_lossy().replace('/', "\0"));
        let mut order = order.into_iter();
        for (r, count) in order.by_ref() {
            diags.settle();
            if diags.drops_warnings_in(&first_path(r)) {
                // This release's and all later ones' warnings would be left out.
                diags.extend(Diagnostics::left_out(count));
                break;
            }
            diags.extend(self.load_slug(&r.slug, &paths_of(r), &refs, false)?.diags);
        }
        diags.extend(Diagnostics::left_out(order.map(|(_, n)| n).sum()));
        Ok(LoadedReleases { releases, release_files: BTreeMap::new(), slugs, failed, warnings, reused })
    }

    /// Reads the files of one release and checks it, with all its findings; with
    /// `keep_html`, its bodies' HTML too (not for a release read again only for its warnings).
    fn load_slug(&self, slug: &str, paths: &[PathBuf], refs: &Refs, keep_html: bool) -> Result<SlugLoad, LoadError> {
        let mut d = Diagnostics::new();
        let mut files = Vec::new();
        let mut failed = BTreeSet::new();
        for p in paths {
            let (file, pd) = parse_markdown_file(self.root, self.dir, &self.root.join(p), self.config)?;
            d.extend(pd);
            match file {
                Some(f) => files.push(Arc::new(f)),
                None => {
                    failed.insert(slug.to_string());
                }
            }
        }
        let mut release = assemble_release(slug, &files, &failed, self.config, refs, &mut d);
        if let Some(r) = &mut release {
            d.extend(check_bodies(r, self.indicators, self.indicator_ids, &|_| false, keep_html.then_some(&self.config.path)));
        }
        d.settle();
        Ok(SlugLoad { release, diags: d, parsed: failed.is_empty() })
    }
}

/// One release read again from its files.
struct SlugLoad {
    release: Option<Release>,
    diags: Diagnostics,
    /// Every file parsed (else its slug counts as failed, like a full load's).
    parsed: bool,
}

/// Checks the shortcodes, raw HTML and typed figures of every entry of a release, adds
/// the datasets its figures and charts draw on to its `indicators`, and counts the words of
/// its bodies for the search index (`Body::words`, with what their figures print,
/// `Body::figure_text`); with `keep_html` (the site's folder, `Config::path`), keeps the HTML
/// of those without shortcodes for the render (`Body::html`, see [`KEEP_HTML_UP_TO`]).
/// Provenance warnings in a file for which `quiet` is true are only counted (see
/// [`Diagnostics::drops_warnings_in`]).
fn check_bodies(
    r: &mut Release,
    indicators: &BTreeMap<String, Indicator>,
    indicator_ids: &BTreeSet<String>,
    quiet: &dyn Fn(&Path) -> bool,
    keep_html: Option<&str>,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let date = r.date.date_naive();
    for e in r.entries.values_mut() {
        diags.extend(figures::check(&e.path, &e.body, Some(date), indicators, indicator_ids));
        // A release cites every dataset its figures and charts draw on, listed or not.
        for call in &e.body.calls {
            if let Some(a) = call.arg("indicator") {
                if !e.indicators.contains(&a.value) {
                    e.indicators.push(a.value.clone());
                }
            }
        }
        let (typed, plain, html) = figures::read_body(&e.body, &e.lang, keep_html);
        diags.extend(figures::check_provenance(e, typed, date, indicators, quiet(&e.path)));
        // What its figures print counts as words of the release (they are in its page).
        e.body.figure_text = figures::printed(&e.body, indicators, date, &e.lang);
        e.body.words = Some(Arc::new(search::count_body_words(&e.body.search_text(plain), &e.lang)));
        e.body.html = html;
    }
    diags
}

/// The most release text (bytes of all release files) for which the load keeps every body's
/// HTML for the render (`Body::html`): about 1.1 times the text more memory, which a
/// 10,000-release site (50 MB of files) spends and a 100,000-release one (490 MB) does not.
/// Above it, the render parses each body once more.
const KEEP_HTML_UP_TO: usize = 192 << 20;

/// What a load keeps so that `serve` can reload one edited release without reading the rest
/// of the site again ([`reload_releases`]).
#[derive(Default)]
pub struct LoadState {
    root: PathBuf,
    /// Every parsed release file, by slug (none when the load was not asked to keep them).
    release_files: BTreeMap<String, Vec<Arc<ParsedFile>>>,
    slugs: BTreeSet<String>,
    failed: BTreeSet<String>,
    indicator_ids: BTreeSet<String>,
    orgs_complete: bool,
    people_complete: bool,
}

/// The result of reloading edited release files.
pub struct Reloaded {
    /// The releases as they now are, in place of the ones with the same slugs.
    pub releases: Vec<Release>,
    /// Everything a full load would report about these releases.
    pub diags: Diagnostics,
}

/// Reloads edited release files (absolute paths) against the content of the last load.
/// Returns `None` when the edit may change more than these releases (a file was added,
/// removed or renamed, or changed its slug or language): then only a full load is right.
pub fn reload_releases(state: &mut LoadState, content: &Content, changed: &[PathBuf]) -> Option<Reloaded> {
    let dir = state.root.join("content/releases");
    let mut diags = Diagnostics::new();
    let mut slugs = BTreeSet::new();
    let mut parsed = Vec::new();
    for path in changed {
        let shown = display_path(&state.root, path);
        // Only a file the last load knew, still there: anything else changes the set of releases.
        let known = state.release_files.values().flatten().find(|f| f.path == shown)?;
        let slug = known.slug.clone();
        let lang = known.lang.clone();
        let (file, d) = parse_markdown_file(&state.root, &dir, path, &content.config).ok()?;
        diags.extend(d);
        match file {
            Some(f) if f.slug == slug && f.lang == lang => parsed.push(Arc::new(f)),
            Some(_) => return None,
            None => {
                // A file that no longer parses: its error is the whole report.
                return Some(Reloaded { releases: Vec::new(), diags });
            }
        }
        slugs.insert(slug);
    }
    for f in parsed {
        let files = state.release_files.get_mut(&f.slug)?;
        let i = files.iter().position(|old| old.path == f.path)?;
        files[i] = f;
    }
    let refs = Refs {
        orgs: &content.organizations,
        people: &content.people,
        orgs_complete: state.orgs_complete,
        people_complete: state.people_complete,
        slugs: &state.slugs.iter().map(String::as_str).collect(),
        indicators: &state.indicator_ids,
    };
    let mut releases = Vec::new();
    for slug in &slugs {
        releases.extend(assemble_release(slug, &state.release_files[slug], &state.failed, &content.config, &refs, &mut diags));
    }
    for r in &mut releases {
        diags.extend(check_bodies(r, &content.indicators, &state.indicator_ids, &|_| false, Some(&content.config.path)));
    }
    Some(Reloaded { releases, diags })
}

/// Reads a UTF-8 file. A file that is not UTF-8 is a content error; an unreadable one a machine error.
fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Result<Option<String>, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError::Usage(format!("cannot read {}: {e}", path.display())))?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
            diags.push(
                Diagnostic::error_at(display_path(root, path), valid, at, "this file is not UTF-8 text")
                    .with_help("save it as UTF-8 (most editors offer this under \"Save as\" or \"Encoding\")"),
            );
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------------------- directory

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgFile {
    #[serde(default)]
    organization: Vec<RawOrg>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrg {
    id: Spanned<String>,
    name: Localized,
    short: Option<String>,
    kind: Spanned<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    person: Vec<RawPerson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    role: Localized,
    organization: Option<Spanned<String>>,
}

/// The directory, and whether each file loaded whole: references into a file that failed
/// to parse are not checked, so its one error is not repeated at every release citing it.
struct Directory {
    orgs: BTreeMap<String, Organization>,
    people: BTreeMap<String, Person>,
    orgs_complete: bool,
    people_complete: bool,
}

fn load_directory(root: &Path, config: &Config, diags: &mut Diagnostics) -> Result<Directory, LoadError> {
    let dir = root.join("content/directory");
    let mut orgs = BTreeMap::new();
    let mut people = BTreeMap::new();
    let (mut orgs_complete, mut people_complete) = (true, true);

    let org_path = dir.join("organizations.toml");
    if org_path.is_file() {
        let shown = display_path(root, &org_path);
        if let Some(text) = read_text(root, &org_path, diags)? {
            match toml::from_str::<OrgFile>(&text) {
                Err(e) => {
                    orgs_complete = false;
                    diags.push(tomlerr::diagnostic(&shown, &text, 0, &e, &["organization", "id", "name", "short", "kind", "url"]));
                }
                Ok(file) => {
                    let mut first: BTreeMap<String, usize> = BTreeMap::new();
                    for o in file.organization {
                        let id = o.id.get_ref().clone();
                        check_id(&shown, &text, &o.id, "organization id", diags);
                        if let Some(prev) = first.get(&id) {
                            let (line, _, _) = crate::diag::locate(&text, *prev);
                            diags.push(
                                Diagnostic::error_at(&shown, &text, o.id.span().start, format!("organization `{id}` is defined twice"))
                                    .with_help(format!("the first definition is on line {line}")),
                            );
                            continue;
                        }
                        first.insert(id.clone(), o.id.span().start);
                        if !ORG_KINDS.contains(&o.kind.get_ref().as_str()) {
                            diags.push(unknown_value(&shown, &text, &o.kind, "organization kind", ORG_KINDS));
                        }
                        check_localized_langs(&shown, &text, o.id.span().start, &o.name, config, diags);
                        let at = o.id.span().start;
                        for (field, value) in o.name.named_texts("name").chain(o.short.iter().map(|s| ("short".to_string(), s.as_str()))) {
                            check_text(&shown, &text, at, &format!("{field} of organization `{id}`"), value, OneLine, diags);
                        }
                        orgs.insert(
                            id.clone(),
                            Organization {
                                id,
                                name: o.name,
                                short: o.short.filter(|s| !s.is_empty()),
                                kind: o.kind.into_inner(),
                                url: o.url.filter(|s| !s.is_empty()),
                            },
                        );
                    }
                }
            }
        }
    }

    let people_path = dir.join("people.toml");
    if people_path.is_file() {
        let shown = display_path(root, &people_path);
        if let Some(text) = read_text(root, &people_path, diags)? {
            match toml::from_str::<PeopleFile>(&text) {
                Err(e) => {
                    people_complete = false;
                    diags.push(tomlerr::diagnostic(&shown, &text, 0, &e, &["person", "id", "name", "role", "organization"]));
                }
                Ok(file) => {
                    for p in file.person {
                        let id = p.id.get_ref().clone();
                        check_id(&shown, &text, &p.id, "person id", diags);
                        if people.contains_key(&id) {
                            diags.push(Diagnostic::error_at(&shown, &text, p.id.span().start, format!("person `{id}` is defined twice")));
                            continue;
                        }
                        if let Some(org) = &p.organization {
                            if orgs_complete && !orgs.contains_key(org.get_ref()) {
                                diags.push(unknown_ref(&shown, &text, org, "organization", orgs.keys()));
                            }
                        }
                        check_localized_langs(&shown, &text, p.id.span().start, &p.role, config, diags);
                        let at = p.id.span().start;
                        for (field, value) in std::iter::once(("name".to_string(), p.name.as_str())).chain(p.role.named_texts("role")) {
                            check_text(&shown, &text, at, &format!("{field} of person `{id}`"), value, OneLine, diags);
                        }
                        people.insert(id.clone(), Person { id, name: p.name, role: p.role, organization: p.organization.map(Spanned::into_inner) });
                    }
                }
            }
        }
    }

    if let Some(publisher) = &config.publisher {
        if orgs_complete && !orgs.contains_key(publisher.get_ref()) {
            let site = root.join("content/site.toml");
            let text = std::fs::read_to_string(&site).unwrap_or_default();
            diags.push(
                unknown_ref(&display_path(root, &site), &text, publisher, "organization", orgs.keys())
                    .with_help_if_none("add it to content/directory/organizations.toml"),
            );
        }
    }
    Ok(Directory { orgs, people, orgs_complete, people_complete })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TagFile {
    #[serde(default)]
    tag: Vec<RawTag>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTag {
    id: Spanned<String>,
    name: Localized,
}

/// `content/directory/tags.toml`: what each tag is called in each language, and where each
/// is named, to point at one that no release uses.
#[derive(Default)]
struct TagNames {
    names: BTreeMap<String, Localized>,
    at: BTreeMap<String, usize>,
    path: PathBuf,
    text: String,
}

/// Reads `content/directory/tags.toml` (an extension of the site format: README, "Tag
/// names"). A tag is named by its slug, the last part of its address (`/tags/<slug>/`), so
/// the name changes what a reader sees and never where the tag's page is.
fn load_tag_names(root: &Path, config: &Config, diags: &mut Diagnostics) -> Result<TagNames, LoadError> {
    let path = root.join("content/directory/tags.toml");
    if !path.is_file() {
        return Ok(TagNames::default());
    }
    let shown = display_path(root, &path);
    let Some(text) = read_text(root, &path, diags)? else { return Ok(TagNames::default()) };
    let file = match toml::from_str::<TagFile>(&text) {
        Ok(file) => file,
        Err(e) => {
            diags.push(tomlerr::diagnostic(&shown, &text, 0, &e, &["tag", "id", "name"]));
            return Ok(TagNames::default());
        }
    };
    let mut names = TagNames { path: shown, ..TagNames::default() };
    for t in file.tag {
        let id = t.id.get_ref().clone();
        let at = t.id.span().start;
        if !is_slug(&id) {
            diags.push(
                Diagnostic::error_at(&names.path, &text, at, format!("tag id `{id}` is not a tag's slug: use lowercase letters, digits and dashes"))
                    .with_help(format!("a tag is named by the last part of its address, /tags/{}/", slug::slugify(&id))),
            );
            continue;
        }
        if let Some(&first) = names.at.get(&id) {
            let (line, _, _) = crate::diag::locate(&text, first);
            diags.push(Diagnostic::error_at(&names.path, &text, at, format!("tag `{id}` is named twice")).with_help(format!("the first is on line {line}")));
            continue;
        }
        check_localized_langs(&names.path, &text, at, &t.name, config, diags);
        for (field, value) in t.name.named_texts("name") {
            check_text(&names.path, &text, at, &format!("{field} of tag `{id}`"), value, OneLine, diags);
        }
        if t.name.is_empty() {
            diags.push(Diagnostic::error_at(&names.path, &text, at, format!("tag `{id}` has an empty name")));
            continue;
        }
        names.at.insert(id.clone(), at);
        names.names.insert(id, t.name);
    }
    names.text = text;
    Ok(names)
}

impl TagNames {
    /// A warning for each name of a tag that no release has: most likely a misspelt slug,
    /// whose tag then shows as the releases write it.
    fn check_used(&self, releases: &[Release], diags: &mut Diagnostics) {
        if self.names.is_empty() {
            return;
        }
        let used: BTreeSet<String> = releases.iter().flat_map(|r| r.entries.values()).flat_map(|e| &e.tags).map(slug::slugify).collect();
        for (id, &at) in self.at.iter().filter(|(id, _)| !used.contains(*id)) {
            diags.push(
                Diagnostic::error_at(&self.path, &self.text, at, format!("no release has the tag `{id}`"))
                    .warning()
                    .suggest(id, used.iter().map(String::as_str))
                    .with_help_if_none("a tag is named by its slug, as in its address /tags/<slug>/"),
            );
        }
    }
}

fn check_localized_langs(path: &Path, text: &str, at: usize, l: &Localized, config: &Config, diags: &mut Diagnostics) {
    for code in l.languages() {
        if !config.languages.iter().any(|c| c == code) {
            diags.push(
                Diagnostic::error_at(path, text, at, format!("text in language `{code}`, which is not in site.toml `languages`"))
                    .suggest(code, config.languages.iter().map(String::as_str)),
            );
        }
    }
}

/// Loads every `content/indicators/**.toml` (and the CSV it names) in parallel.
/// Also returns every indicator id that has a file, including those that failed to load,
/// so a broken dataset is reported once, not again at every release citing it.
fn load_indicators(root: &Path, config: &Config, diags: &mut Diagnostics) -> Result<(BTreeMap<String, Indicator>, BTreeSet<String>), LoadError> {
    let _ = config;
    let dir = root.join("content/indicators");
    let mut paths = Vec::new();
    if dir.is_dir() {
        // Hidden files and folders are skipped, as in releases/ and pages/ (`walk::visible_files`).
        let visible = |e: &walkdir::DirEntry| e.depth() == 0 || !crate::walk::is_hidden(e.file_name());
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().filter_entry(visible) {
            let entry = entry.map_err(|e| LoadError::Usage(format!("cannot read {}: {e}", dir.display())))?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "toml") {
                paths.push(entry.into_path());
            }
        }
    }
    /// An indicator file's id, shown path, dataset (if it loaded) and findings.
    type Loaded = (String, PathBuf, Option<Indicator>, Diagnostics);
    let results: Vec<Result<Loaded, LoadError>> = paths
        .par_iter()
        .map(|path| {
            let mut d = Diagnostics::new();
            let shown = display_path(root, path);
            let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if !is_slug(&id) {
                d.push(Diagnostic::file_error(
                    &shown,
                    format!("indicator id `{id}` (the file name) cannot be used in a web address: use lowercase letters, digits and dashes"),
                ));
                return Ok((id, shown, None, d));
            }
            let Some(text) = read_text(root, path, &mut d)? else { return Ok((id, shown, None, d)) };
            let csv = match indicator::data_file(&text) {
                None => None,
                Some(name) => {
                    let csv_path = path.with_file_name(&name);
                    if csv_path.is_symlink() || !csv_path.is_file() {
                        d.push(indicator::missing_data_file(&shown, &text));
                        return Ok((id, shown, None, d));
                    }
                    read_text(root, &csv_path, &mut d)?.map(|t| (display_path(root, &csv_path), t))
                }
            };
            let (ind, more) = indicator::parse_indicator(&id, &shown, &text, csv.as_ref().map(|(p, t)| (p.as_path(), t.as_str())));
            d.extend(more);
            Ok((id, shown, ind, d))
        })
        .collect();
    let mut indicators = BTreeMap::new();
    let mut ids = BTreeSet::new();
    let mut first_path: BTreeMap<String, PathBuf> = BTreeMap::new();
    for r in results {
        let (id, shown, ind, d) = r?;
        diags.extend(d.clone());
        if let Some(first) = first_path.get(&id) {
            diags.push(
                Diagnostic::file_error(&shown, format!("indicator id `{id}` is already used by {}", first.display()))
                    .with_help("indicator ids are file names and must be unique across folders"),
            );
            continue;
        }
        first_path.insert(id.clone(), shown);
        ids.insert(id.clone());
        // A dataset with an error is not used: its releases would only repeat the error.
        if let Some(ind) = ind.filter(|_| !d.has_errors()) {
            indicators.insert(id, ind);
        }
    }
    Ok((indicators, ids))
}

// ---------------------------------------------------------------------------- markdown files

/// A release or page file, parsed but not yet checked against the rest of the site.
struct ParsedFile {
    /// As shown: relative to the site folder.
    path: PathBuf,
    slug: String,
    lang: String,
    text: Arc<String>,
    front: RawFront,
    body_offset: usize,
    /// Offset of the front matter's start, where errors about the whole front matter point.
    front_offset: usize,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: Option<Spanned<String>>,
    date: Option<Spanned<toml::value::Datetime>>,
    kind: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    publisher: Option<Spanned<String>>,
    tags: Option<Vec<Spanned<String>>>,
    participants: Option<Vec<Spanned<String>>>,
    speakers: Option<Vec<Spanned<String>>>,
    indicators: Option<Vec<Spanned<String>>>,
    related: Option<Vec<Spanned<String>>>,
    draft: Option<bool>,
    aliases: Option<Vec<Spanned<String>>>,
    changes: Option<Vec<RawChange>>,
}

const RELEASE_KEYS: &[&str] =
    &["title", "date", "kind", "summary", "publisher", "tags", "participants", "speakers", "indicators", "related", "draft", "aliases", "changes"];

/// The fields of a `[[changes]]` entry.
const CHANGE_KEYS: &[&str] = &["date", "kind", "note"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    date: Spanned<toml::value::Datetime>,
    kind: Spanned<String>,
    note: Spanned<String>,
}

/// Reads every `.md` file under `dir` in parallel and splits off its front matter. Also
/// returns the slugs of files that failed to parse, so their translations are not called
/// orphans on top of the real error.
fn read_markdown_files(root: &Path, dir: &Path, config: &Config, diags: &mut Diagnostics) -> Result<(Vec<ParsedFile>, BTreeSet<String>), LoadError> {
    // Listed on every core, in the order of the paths (walkdir's sort by file name took the
    // path's last component apart again for each comparison: 1% of a large build, issue 6).
    // Hidden files are not content (macOS's `._name.md` beside each copied file, `.DS_Store`).
    let listed = crate::walk::visible_files(dir, &|rel, kind, _| Ok((kind.is_file() && rel.extension().is_some_and(|x| x == "md")).then(|| dir.join(rel))));
    let paths: Vec<PathBuf> = match listed {
        Ok(paths) => paths.into_iter().flatten().collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !dir.exists() => return Ok(Default::default()),
        Err(e) => return Err(LoadError::Usage(format!("cannot read {}: {e}", dir.display()))),
    };
    let results: Vec<Result<(Option<ParsedFile>, Diagnostics), LoadError>> = paths.par_iter().map(|p| parse_markdown_file(root, dir, p, config)).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut failed = BTreeSet::new();
    for (r, path) in results.into_iter().zip(&paths) {
        let (file, d) = r?;
        diags.extend(d);
        match file {
            Some(f) => files.push(f),
            None => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                failed.insert(strip_date_prefix(&stem).to_string());
            }
        }
    }
    Ok((files, failed))
}

fn parse_markdown_file(root: &Path, dir: &Path, path: &Path, config: &Config) -> Result<(Option<ParsedFile>, Diagnostics), LoadError> {
    let mut diags = Diagnostics::new();
    let shown = display_path(root, path);
    let Some(text) = read_text(root, path, &mut diags)? else { return Ok((None, diags)) };

    // The slug is the path below `dir` without `.md`, a language suffix, and (for the
    // file name) a `YYYY-MM-DD-` date prefix.
    let rel = path.strip_prefix(dir).unwrap_or(path).with_extension("");
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (stem, lang) = match name.rsplit_once('.') {
        Some((stem, code)) if config.languages.iter().any(|l| l == code) => (stem.to_string(), code.to_string()),
        Some((_, code)) if code.len() <= 3 && code.bytes().all(|b| b.is_ascii_lowercase()) => {
            diags.push(
                Diagnostic::file_error(&shown, format!("the file name says language `{code}`, which is not in site.toml `languages`"))
                    .suggest(code, config.languages.iter().map(String::as_str)),
            );
            return Ok((None, diags));
        }
        _ => (name.clone(), config.default_language.clone()),
    };
    let stem = strip_date_prefix(&stem).to_string();
    let is_release = dir.ends_with("releases");
    let slug = if is_release {
        stem
    } else {
        let parent = rel.parent().filter(|p| !p.as_os_str().is_empty());
        match parent {
            Some(p) => format!("{}/{stem}", p.to_string_lossy().replace('\\', "/")),
            None => stem,
        }
    };
    if !slug.split('/').all(is_slug) {
        diags.push(
            Diagnostic::file_error(&shown, format!("`{slug}` cannot be used in a web address: use lowercase letters, digits and dashes"))
                .with_help(format!("rename the file, e.g. to `{}`", slug::slugify(&slug))),
        );
        return Ok((None, diags));
    }

    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error_at(&shown, &text, e.offset, e.message));
            return Ok((None, diags));
        }
    };
    let (front_offset, body_offset) = (split.front_offset, split.body_offset);
    let front: RawFront = match toml::from_str(split.front) {
        Ok(f) => f,
        Err(e) => {
            let keys = if is_release { RELEASE_KEYS } else { PAGE_KEYS };
            let d = tomlerr::diagnostic(&shown, &text, front_offset, &e, keys);
            diags.push(tomlerr::misplaced_below_table(d, "changes", RELEASE_KEYS, CHANGE_KEYS));
            return Ok((None, diags));
        }
    };
    if !is_release {
        check_page_front(&shown, &text, front_offset, &front, &mut diags);
    }
    let text = Arc::new(text);
    Ok((Some(ParsedFile { path: shown, slug, lang, text, front, body_offset, front_offset }), diags))
}

fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11 && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() }) && b[10] == b'-';
    if is_date {
        &stem[11..]
    } else {
        stem
    }
}

/// The release a `related` value names: a slug, or the file name's stem with its date
/// prefix (`2021-09-28-bazar-ukm`), as the site format's own example writes it.
fn related_slug<'a>(value: &'a str, slugs: &BTreeSet<&str>) -> Option<&'a str> {
    [value, strip_date_prefix(value)].into_iter().find(|s| slugs.contains(s))
}

/// The date of a file name's `YYYY-MM-DD-` prefix, if it has one that is a real date.
fn file_name_date(path: &Path) -> Option<NaiveDate> {
    let name = path.file_name()?.to_str()?;
    let prefix = name.len() - strip_date_prefix(name).len();
    (prefix == 11).then(|| NaiveDate::parse_from_str(&name[..10], "%Y-%m-%d").ok()).flatten()
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && !s.starts_with('-')
}

fn check_id(path: &Path, text: &str, id: &Spanned<String>, what: &str, diags: &mut Diagnostics) {
    if !is_slug(id.get_ref()) {
        diags.push(
            Diagnostic::error_at(
                path,
                text,
                id.span().start,
                format!("{what} `{}` cannot be used in a web address: use lowercase letters, digits and dashes", id.get_ref()),
            )
            .with_help(format!("for example `{}`", slug::slugify(id.get_ref()))),
        );
    }
}

// ---------------------------------------------------------------------------- releases

/// Checks the files of one slug and merges them into a release (`None` when they cannot
/// make one; the reasons are in `diags`).
fn assemble_release(
    slug: &str,
    files: &[Arc<ParsedFile>],
    failed: &BTreeSet<String>,
    config: &Config,
    refs: &Refs,
    diags: &mut Diagnostics,
) -> Option<Release> {
    // One file per language: a second file for the same slug and language is a duplicate.
    // The file without a language suffix is taken first: beside `x.md`, an `x.id.md` in
    // the default language `id` is the one reported, not the original.
    let mut ordered: Vec<&Arc<ParsedFile>> = files.iter().collect();
    ordered.sort_by_key(|f| f.path.with_extension("").extension().is_some_and(|code| *code == *f.lang));
    let mut per_lang: BTreeMap<&str, &ParsedFile> = BTreeMap::new();
    for f in ordered {
        if let Some(first) = per_lang.get(f.lang.as_str()) {
            let same_name = first.path.with_extension("").with_extension("") == f.path.with_extension("").with_extension("");
            let d = if same_name {
                // `x.md` and `x.en.md` with `en` the default language (site.toml changed).
                Diagnostic::error_at(&f.path, &f.text, 0, format!("this file and {} are both in `{}`", first.path.display(), f.lang)).with_help(format!(
                    "a file without a language suffix is in the default language `{}`: delete one, or give it the suffix of another language",
                    config.default_language
                ))
            } else {
                Diagnostic::error_at(&f.path, &f.text, 0, format!("the slug `{slug}` is already used by {}", first.path.display()))
                    .with_help("slugs are the file name without its date prefix and must be unique: rename one of the files")
            };
            diags.push(d);
            continue;
        }
        per_lang.insert(&f.lang, f);
    }
    for f in per_lang.values() {
        check_release_front(f, config, refs, diags);
    }
    let Some(original) = per_lang.get(config.default_language.as_str()) else {
        if failed.contains(slug) {
            return None;
        }
        for f in per_lang.values() {
            diags.push(
                Diagnostic::file_error(
                    &f.path,
                    format!("this translation has no original: expected a file for `{slug}` in the default language `{}`", config.default_language),
                )
                .suggest(slug, refs.slugs.iter().copied().filter(|s| *s != slug)),
            );
        }
        return None;
    };
    let (Some(date), Some(_)) = (original.front.date.as_ref(), original.front.title.as_ref()) else { return None };
    let date = to_datetime(date.get_ref(), config.timezone).ok()?;
    let entries = per_lang
        .iter()
        .map(|(lang, f)| {
            let mut entry = merge_entry(original, f, config);
            for r in &mut entry.related {
                if let Some(slug) = related_slug(r, refs.slugs) {
                    *r = slug.to_string();
                }
            }
            (lang.to_string(), Box::new(entry))
        })
        .collect();
    Some(Release { slug: slug.to_string(), date, draft: original.front.draft.unwrap_or(false), entries })
}

struct Refs<'a> {
    orgs: &'a BTreeMap<String, Organization>,
    people: &'a BTreeMap<String, Person>,
    orgs_complete: bool,
    people_complete: bool,
    slugs: &'a BTreeSet<&'a str>,
    indicators: &'a BTreeSet<String>,
}

fn check_release_front(f: &ParsedFile, config: &Config, refs: &Refs, diags: &mut Diagnostics) {
    let (path, text, fr) = (&f.path, &*f.text, &f.front);
    check_front_texts(f, diags);
    let original = f.lang == config.default_language;
    if original {
        if fr.title.as_ref().is_none_or(|t| t.get_ref().trim().is_empty()) {
            diags.push(
                Diagnostic::error_at(path, text, f.front_offset, "this release has no `title`")
                    .with_help("add a line such as title = \"Dinas PPKUKM Perkuat Sinergisitas ...\""),
            );
        }
        if fr.date.is_none() {
            diags.push(
                Diagnostic::error_at(path, text, f.front_offset, "this release has no `date`").with_help("add a line such as date = 2021-10-01T09:30:00+07:00"),
            );
        }
    }
    if let Some(d) = &fr.date {
        match to_datetime(d.get_ref(), config.timezone) {
            Err(msg) => diags.push(
                Diagnostic::error_at(path, text, f.front_offset + d.span().start, msg)
                    .with_help("write a date such as 2021-10-01 or 2021-10-01T09:30:00+07:00"),
            ),
            Ok(at) => {
                // A file copied from last week's release keeps its old date prefix: the folder
                // then sorts it among the wrong week, and a writer looking for it by name
                // finds the other. Only the front matter's date counts, so this is a warning.
                let local = at.with_timezone(&config.timezone).date_naive();
                if let Some(named) = file_name_date(path).filter(|named| *named != local) {
                    diags.push(
                        Diagnostic::error_at(path, text, f.front_offset + d.span().start, format!("the file name is dated {named}, but `date` is {local}"))
                            .with_help(format!("the page is dated by `date`; rename the file to start with {local}- so the folder sorts it in its place"))
                            .warning(),
                    );
                }
            }
        }
    }
    if let Some(kind) = &fr.kind {
        if !RELEASE_KINDS.contains(&kind.get_ref().as_str()) {
            diags.push(unknown_value(path, text, &offset(kind, f.front_offset), "kind", RELEASE_KINDS));
        }
    }
    if let Some(p) = &fr.publisher {
        if refs.orgs_complete && !refs.orgs.contains_key(p.get_ref()) {
            diags.push(unknown_ref(path, text, &offset(p, f.front_offset), "organization", refs.orgs.keys()));
        }
    }
    for p in fr.participants.iter().flatten() {
        if refs.orgs_complete && !refs.orgs.contains_key(p.get_ref()) {
            diags.push(unknown_ref(path, text, &offset(p, f.front_offset), "organization", refs.orgs.keys()));
        }
    }
    for s in fr.speakers.iter().flatten() {
        if refs.people_complete && !refs.people.contains_key(s.get_ref()) {
            diags.push(unknown_ref(path, text, &offset(s, f.front_offset), "person", refs.people.keys()));
        }
    }
    for i in fr.indicators.iter().flatten() {
        if !refs.indicators.contains(i.get_ref()) {
            diags.push(unknown_ref(path, text, &offset(i, f.front_offset), "indicator", refs.indicators.iter()));
        }
    }
    for r in fr.related.iter().flatten() {
        let Some(slug) = related_slug(r.get_ref(), refs.slugs) else {
            const HOW: &str = "`related` takes a release's slug (its file name without the date and `.md`) or its file name without `.md`";
            diags.push(
                Diagnostic::error_at(path, text, f.front_offset + r.span().start, format!("unknown release `{}`", r.get_ref()))
                    .suggest(strip_date_prefix(r.get_ref()), refs.slugs.iter().copied())
                    .with_help_if_none(HOW),
            );
            continue;
        };
        if slug == f.slug {
            diags.push(Diagnostic::error_at(path, text, f.front_offset + r.span().start, "a release cannot be related to itself"));
        }
    }
    for t in fr.tags.iter().flatten() {
        if slug::slugify(t.get_ref()).is_empty() {
            diags.push(Diagnostic::error_at(path, text, f.front_offset + t.span().start, format!("the tag `{}` has no letters or digits", t.get_ref())));
        }
    }
    for a in fr.aliases.iter().flatten() {
        let alias = a.get_ref();
        let safe = alias.starts_with('/')
            && !alias.starts_with("//")
            && alias.split('/').all(|seg| seg != ".." && seg != ".")
            && !alias.contains('\\')
            && !alias.contains('?')
            && !alias.contains('#');
        if !safe {
            diags.push(
                Diagnostic::error_at(path, text, f.front_offset + a.span().start, format!("the alias `{alias}` is not a path on this site"))
                    .with_help("write an old address as a path from the site root, such as \"/berita/2021/10/01/sinergi/\""),
            );
        }
    }
    for c in fr.changes.iter().flatten() {
        if let Err(msg) = to_datetime(c.date.get_ref(), config.timezone) {
            diags.push(Diagnostic::error_at(path, text, f.front_offset + c.date.span().start, msg));
        }
        if !CHANGE_KINDS.contains(&c.kind.get_ref().as_str()) {
            diags.push(unknown_value(path, text, &offset(&c.kind, f.front_offset), "change kind", CHANGE_KINDS));
        }
    }
}

/// Checks the texts of a release file's front matter that reach its pages as written (ids
/// are checked against what they name, and a control character in one is reported there).
fn check_front_texts(f: &ParsedFile, diags: &mut Diagnostics) {
    let (fr, at) = (&f.front, |s: &Spanned<String>| f.front_offset + s.span().start);
    let mut texts: Vec<(&str, &Spanned<String>, LineBreaks)> = Vec::new();
    texts.extend(fr.title.iter().map(|t| ("title", t, OneLine)));
    texts.extend(fr.summary.iter().map(|t| ("summary", t, Lines)));
    texts.extend(fr.tags.iter().flatten().map(|t| ("tag", t, OneLine)));
    texts.extend(fr.aliases.iter().flatten().map(|t| ("alias", t, OneLine)));
    texts.extend(fr.changes.iter().flatten().map(|c| ("change note", &c.note, Lines)));
    for (field, value, lines) in texts {
        check_text(&f.path, &f.text, at(value), field, value.get_ref(), lines, diags);
    }
}

/// A spanned value with its span moved from front-matter to file offsets.
fn offset(s: &Spanned<String>, by: usize) -> Spanned<String> {
    let span = s.span();
    Spanned::new(span.start + by..span.end + by, s.get_ref().clone())
}

fn merge_entry(original: &ParsedFile, f: &ParsedFile, config: &Config) -> Entry {
    let (o, t) = (&original.front, &f.front);
    let list = |own: &Option<Vec<Spanned<String>>>, base: &Option<Vec<Spanned<String>>>| -> Vec<String> {
        own.as_ref().or(base.as_ref()).map(|v| v.iter().map(|s| s.get_ref().clone()).collect()).unwrap_or_default()
    };
    let publisher = t
        .publisher
        .as_ref()
        .or(o.publisher.as_ref())
        .map(|p| p.get_ref().clone())
        .or_else(|| config.publisher.as_ref().map(|p| p.get_ref().clone()))
        .unwrap_or_default();
    let changes = t
        .changes
        .as_ref()
        .or(o.changes.as_ref())
        .map(|cs| {
            cs.iter()
                .filter_map(|c| {
                    Some(Change { date: to_datetime(c.date.get_ref(), config.timezone).ok()?, kind: c.kind.get_ref().clone(), note: c.note.get_ref().clone() })
                })
                .collect()
        })
        .unwrap_or_default();
    Entry {
        lang: f.lang.clone(),
        path: f.path.clone(),
        title: t.title.as_ref().or(o.title.as_ref()).map(|s| s.get_ref().trim().to_string()).unwrap_or_default(),
        summary: t.summary.as_ref().or(o.summary.as_ref()).map(|s| s.get_ref().trim().to_string()).unwrap_or_default(),
        kind: t.kind.as_ref().or(o.kind.as_ref()).map_or_else(|| "press-release".to_string(), |k| k.get_ref().clone()),
        publisher,
        tags: list(&t.tags, &o.tags),
        participants: list(&t.participants, &o.participants),
        speakers: list(&t.speakers, &o.speakers),
        indicators: list(&t.indicators, &o.indicators),
        related: list(&t.related, &o.related),
        aliases: t.aliases.as_ref().map(|v| v.iter().map(|s| s.get_ref().clone()).collect()).unwrap_or_default(),
        changes,
        body: Body::new(f.text.clone(), f.body_offset),
    }
}

/// A TOML date or date-time as a moment; dates and local times are read in the site's zone.
pub fn to_datetime(dt: &toml::value::Datetime, tz: chrono_tz::Tz) -> Result<DateTime<FixedOffset>, String> {
    let Some(d) = dt.date else { return Err(format!("`{dt}` is a time without a date")) };
    let date = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()).ok_or_else(|| format!("`{dt}` is not a date in the calendar"))?;
    let time = match dt.time {
        Some(t) => NaiveTime::from_hms_nano_opt(t.hour.into(), t.minute.into(), t.second.unwrap_or(0).into(), t.nanosecond.unwrap_or(0))
            .ok_or_else(|| format!("`{dt}` has an impossible time"))?,
        None => NaiveTime::MIN,
    };
    let naive = NaiveDateTime::new(date, time);
    match dt.offset {
        Some(toml::value::Offset::Z) => Ok(chrono::Utc.from_utc_datetime(&naive).fixed_offset()),
        Some(toml::value::Offset::Custom { minutes }) => {
            let off = FixedOffset::east_opt(i32::from(minutes) * 60).ok_or_else(|| format!("`{dt}` has an impossible offset"))?;
            off.from_local_datetime(&naive).single().ok_or_else(|| format!("`{dt}` is not a valid time"))
        }
        None => tz.from_local_datetime(&naive).earliest().map(|d| d.fixed_offset()).ok_or_else(|| format!("`{dt}` does not exist in the time zone {tz}")),
    }
}

// ---------------------------------------------------------------------------- pages

const PAGE_KEYS: &[&str] = &["title", "summary"];

fn check_page_front(path: &Path, text: &str, front_offset: usize, fr: &RawFront, diags: &mut Diagnostics) {
    for (field, value) in [("title", &fr.title), ("summary", &fr.summary)] {
        if let Some(v) = value {
            let lines = if field == "title" { OneLine } else { Lines };
            check_text(path, text, front_offset + v.span().start, field, v.get_ref(), lines, diags);
        }
    }
    let extra = [
        ("date", fr.date.is_some()),
        ("kind", fr.kind.is_some()),
        ("publisher", fr.publisher.is_some()),
        ("tags", fr.tags.is_some()),
        ("participants", fr.participants.is_some()),
        ("speakers", fr.speakers.is_some()),
        ("indicators", fr.indicators.is_some()),
        ("related", fr.related.is_some()),
        ("draft", fr.draft.is_some()),
        ("aliases", fr.aliases.is_some()),
        ("changes", fr.changes.is_some()),
    ];
    for (key, present) in extra {
        if present {
            let at = text[front_offset..].find(key).map_or(front_offset, |i| front_offset + i);
            diags.push(
                Diagnostic::error_at(path, text, at, format!("standing pages take only `title` and `summary`, not `{key}`"))
                    .with_help("a dated text with participants belongs in content/releases/"),
            );
        }
    }
    if fr.title.as_ref().is_none_or(|t| t.get_ref().trim().is_empty()) {
        diags.push(Diagnostic::error_at(path, text, front_offset, "this page has no `title`"));
    }
}

fn assemble_pages(files: Vec<ParsedFile>, failed: &BTreeSet<String>, config: &Config, diags: &mut Diagnostics) -> Vec<Page> {
    let mut by_slug: BTreeMap<String, BTreeMap<String, PageEntry>> = BTreeMap::new();
    for f in files {
        let entry = PageEntry {
            lang: f.lang.clone(),
            path: f.path.clone(),
            title: f.front.title.as_ref().map(|t| t.get_ref().trim().to_string()).unwrap_or_default(),
            summary: f.front.summary.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default(),
            body: Body::new(f.text.clone(), f.body_offset),
        };
        by_slug.entry(f.slug.clone()).or_default().insert(f.lang.clone(), entry);
    }
    let mut pages = Vec::new();
    for (slug, entries) in by_slug {
        if !entries.contains_key(&config.default_language) {
            if failed.contains(slug.rsplit('/').next().unwrap_or(&slug)) {
                continue;
            }
            for e in entries.values() {
                diags.push(Diagnostic::file_error(&e.path, format!("this translation has no original: expected pages/{slug}.md")));
            }
            continue;
        }
        pages.push(Page { slug, entries });
    }
    pages
}

// ---------------------------------------------------------------------------- static files

fn list_static(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Result<Vec<(String, PathBuf)>, LoadError> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| LoadError::Usage(format!("cannot read {}: {e}", dir.display())))?;
        if entry.path_is_symlink() {
            // A link could point anywhere on the machine; copying it could publish a private file.
            diags.push(
                Diagnostic::file_error(display_path(root, entry.path()), "static files cannot be symbolic links")
                    .with_help("copy the file into content/static/ instead"),
            );
            continue;
        }
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            files.push((rel, entry.into_path()));
        }
    }
    Ok(files)
}

// ---------------------------------------------------------------------------- shared errors

fn unknown_ref<'a, S: AsRef<str> + ?Sized + 'a>(
    path: &Path,
    text: &str,
    value: &Spanned<String>,
    what: &str,
    known: impl IntoIterator<Item = &'a S>,
) -> Diagnostic {
    let d = Diagnostic::error_at(path, text, value.span().start, format!("unknown {what} `{}`", value.get_ref()));
    d.suggest(value.get_ref(), known.into_iter().map(AsRef::as_ref))
}

fn unknown_value(path: &Path, text: &str, value: &Spanned<String>, what: &str, allowed: &[&str]) -> Diagnostic {
    let d = Diagnostic::error_at(path, text, value.span().start, format!("unknown {what} `{}`; expected one of: {}", value.get_ref(), allowed.join(", ")));
    d.suggest(value.get_ref(), allowed.iter().copied())
}

trait HelpIfNone {
    fn with_help_if_none(self, help: &str) -> Self;
}

impl HelpIfNone for Diagnostic {
    fn with_help_if_none(self, help: &str) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::to_datetime;

    #[test]
    fn texts_hold_no_control_characters_but_tabs_and_line_breaks_where_allowed() {
        use crate::diag::{check_text, LineBreaks};
        let found = |value: &str, lines: LineBreaks| {
            let mut d = crate::diag::Diagnostics::new();
            check_text(std::path::Path::new("a.md"), "title = \"x\"\n", 8, "title", value, lines, &mut d);
            d.into_sorted().into_iter().map(|d| d.message).collect::<Vec<_>>()
        };
        assert!(found("Satu\tDua", LineBreaks::OneLine).is_empty());
        assert!(found("Satu\nDua\r\nTiga", LineBreaks::Lines).is_empty());
        assert_eq!(found("Satu\r\nDua", LineBreaks::OneLine), ["the title holds a line break (`\\u{d}`): it is one line"]);
        assert_eq!(found("Satu\rDua", LineBreaks::Lines), ["the title holds the control character `\\u{d}`, which a page cannot show"]);
        for c in ['\u{0}', '\u{8}', '\u{1b}', '\u{7f}', '\u{9f}'] {
            assert_eq!(found(&format!("A{c}B"), LineBreaks::Lines).len(), 1, "{c:?}");
        }
        assert!(found("Rp5.071,7 triliun \u{a0}— naik", LineBreaks::OneLine).is_empty(), "not a control character");
    }

    #[test]
    fn dates_read_with_or_without_seconds_and_in_the_site_zone_when_local() {
        let read = |s: &str| {
            let v: toml::Table = toml::from_str(&format!("d = {s}")).unwrap();
            let toml::Value::Datetime(d) = &v["d"] else { panic!("{s} is no date") };
            to_datetime(d, chrono_tz::Asia::Jakarta).map(|t| t.to_rfc3339())
        };
        assert_eq!(read("2021-10-01T09:30:00+07:00").unwrap(), "2021-10-01T09:30:00+07:00");
        // TOML 1.1 lets a time leave out its seconds.
        assert_eq!(read("2021-10-01T09:30+07:00").unwrap(), "2021-10-01T09:30:00+07:00");
        assert_eq!(read("2021-10-01T02:30:00Z").unwrap(), "2021-10-01T02:30:00+00:00");
        assert_eq!(read("2021-10-01").unwrap(), "2021-10-01T00:00:00+07:00");
        assert_eq!(read("2021-10-01T09:30:15.5").unwrap(), "2021-10-01T09:30:15.500+07:00");
        assert!(read("09:30:00").unwrap_err().contains("without a date"));
        // And an inline table may span lines (README).
        assert!(toml::from_str::<toml::Table>("t = { a = 1,\n  b = 2 }").is_ok());
    }
}
