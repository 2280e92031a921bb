//! The `warta` command: parses arguments, runs a command, prints diagnostics once and picks
//! the exit code (0 success, 1 content errors, 2 wrong usage or machine failure).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use warta::diag::Level;
use warta::{BuildArgs, Failure};

// A build allocates and frees millions of small strings (template values, escaped text) on
// every thread; glibc's malloc/free was ~21% of wall time in the perf profile of a
// 10,000-release build (BENCHMARKS.md, issue 6). mimalloc's per-thread heaps are faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc (v3, bundled by libmimalloc-sys) options, numbered as in its `mimalloc.h`
/// (`mi_option_e`): the Rust crate's own constants follow v2's numbering.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_DESTROY_ON_EXIT: libmimalloc_sys::mi_option_t = 22;

/// Lowers the build's peak memory: mimalloc's defaults commit its 1 GiB arena eagerly on
/// Linux and give freed pages back to the system only a second after they empty. Without
/// eager commit and with a 10 ms purge delay, the peak resident size of a 10,000-release
/// build goes from 234-250 MB to 202 MB, and of a 100,000-release build from 2,033 to
/// 1,870 MB, in the same time (BENCHMARKS.md, issue 6). A purge delay of 0 gains 2 MB more
/// for more system time. `MIMALLOC_*` variables in the environment, which mimalloc reads
/// when the process starts, still win: `mi_option_set_default` leaves alone an option
/// they set.
///
/// It also skips mimalloc's clean-up at exit (`destroy_on_exit` above 1 makes its exit hook
/// return at once, `_mi_auto_process_done` in its `init.c`): collecting every page it holds
/// took the main thread 10 ms after a 10,000-release build's output was in place, memory the
/// system takes back anyway (issue 6).
///
/// On Linux it runs as a constructor, before the Rust runtime allocates anything: set at the
/// start of `main`, the same options gave 224 MB at 10,000 releases, against 202 MB when set
/// by the environment.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static TUNE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn tune() {
        tune_allocator();
    }
    tune
};

fn tune_allocator() {
    // SAFETY: plain setters of mimalloc's option table, with option numbers of its header.
    unsafe {
        libmimalloc_sys::mi_option_set_default(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set_default(MI_OPTION_PURGE_DELAY, 10);
        libmimalloc_sys::mi_option_set_default(MI_OPTION_DESTROY_ON_EXIT, 2);
    }
}

#[derive(Parser)]
#[command(
    name = "warta",
    version,
    about = "Static sites for public economic and partnership reports",
    after_help = "Exit codes: 0 success; 1 the content has errors (each printed as path:line:column: message); 2 the command was used wrongly or the machine failed.\nThe site format: docs/content.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to write the site. Default: output/ inside the site folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The build's clock, such as 2021-10-01T09:30:00+07:00; releases dated later are
        /// embargoed. Default: now.
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Include drafts and embargoed releases, marked and not indexed.
        #[arg(long)]
        preview: bool,
        /// The address the site is published at, in place of site.toml's base_url (for a
        /// staging copy): an http:// or https:// URL, which may end with the site's folder
        /// (https://example.org/warta).
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Neither use nor leave the build cache (.warta-cache/ in the site folder).
        #[arg(long)]
        no_cache: bool,
    },
    /// Check the site as a build would, and figures typed by hand, without writing anything.
    Check {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The clock to check against, such as 2021-10-01T09:30:00+07:00. Default: now.
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Treat warnings as errors (exit code 1 if there are any).
        #[arg(long)]
        strict: bool,
        /// text for people; json (on standard output) for CI.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Start a release or an indicator from a commented template.
    #[command(subcommand)]
    New(New),
    /// Create a new site in DIR with a short example release and dataset that builds as it is.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Serve the site with live reload, rebuilding on every change (drafts and embargoed releases included).
    #[cfg(feature = "serve")]
    Serve {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The port to listen on; 0 picks a free one (printed).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The address to listen on. Anything but 127.0.0.1 lets other machines see drafts
        /// and embargoed releases.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
}

#[derive(Subcommand)]
enum New {
    /// A new release, as a draft dated now, in content/releases/<year>/.
    Release {
        /// The release's title; its first eight words make the file name and address.
        /// With --lang: the title or slug of the release to translate.
        title: String,
        /// meeting | press-release | statement | data-release
        #[arg(long, default_value = "press-release")]
        kind: String,
        /// A language of site.toml other than the default: writes a translation beside the
        /// release whose title or slug is TITLE (name.en.md beside name.md).
        #[arg(long)]
        lang: Option<String>,
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// A new indicator dataset in content/indicators/, with sample values to replace.
    Indicator {
        /// The dataset's id: lowercase letters, digits and dashes (it names the file and
        /// the page /indicators/<id>/).
        id: String,
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The same rule as site.toml's `base_url` (`config::parse_base_url`): a build with
/// `notaurl` wrote `notaurl/` into every feed and sitemap entry.
fn parse_base_url(s: &str) -> Result<String, String> {
    match warta::config::parse_base_url(s) {
        Ok(_) => Ok(s.to_string()),
        Err(bad) => Err(format!("it {}; {}", bad.problem, bad.help)),
    }
}

fn parse_now(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|e| format!("expected a time such as 2021-10-01T09:30:00+07:00 ({e})"))
}

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build { site, output, now, preview, base_url, no_cache } => {
            let started = std::time::Instant::now();
            let output = output.unwrap_or_else(|| site.join("output"));
            let now = now.unwrap_or_else(|| chrono::Local::now().fixed_offset());
            let args = BuildArgs { site, output: output.clone(), now, preview, base_url, cache: !no_cache };
            warta::exit_frees_memory();
            match warta::build(&args) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprintln!("{w}\n");
                    }
                    if report.more_warnings > 0 {
                        eprintln!("... and {} more warnings: run `warta check` to see them all", report.more_warnings);
                    }
                    let w = report.written;
                    let mut how = match report.from_cache {
                        Some((cached, 1)) => format!("; 1 release read, {cached} from the cache"),
                        Some((cached, read)) => format!("; {read} releases read, {cached} from the cache"),
                        None => String::new(),
                    };
                    match report.bodies_only {
                        Some(0) => how.push_str("; no input changed"),
                        Some(1) => how.push_str("; only the text of 1 release changed"),
                        Some(n) => how.push_str(&format!("; only the text of {n} releases changed")),
                        None => {}
                    }
                    eprintln!(
                        "built {} pages, {} charts, {} files into {} in {} ms ({} written, {} unchanged, {} removed{how})",
                        report.pages,
                        report.charts,
                        report.files,
                        output.display(),
                        started.elapsed().as_millis(),
                        w.written,
                        w.unchanged,
                        w.removed
                    );
                    if let Some((n, first)) = report.embargoed {
                        let releases = if n == 1 { "1 release is".to_string() } else { format!("{n} releases are") };
                        eprintln!(
                            "{releases} embargoed, the first until {}: it appears with the first build at or after that time, so schedule one",
                            first.format("%Y-%m-%d %H:%M %:z")
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure),
            }
        }
        Command::New(new) => run_new(new),
        Command::Init { dir } => run_init(&dir),
        #[cfg(feature = "serve")]
        Command::Serve { site, port, bind } => match warta::serve::serve(site, bind, port) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("error: {msg}");
                ExitCode::from(2)
            }
        },
        Command::Check { site, now, strict, format } => run_check(&site, now.unwrap_or_else(|| chrono::Local::now().fixed_offset()), strict, format),
    }
}

fn run_check(site: &std::path::Path, now: chrono::DateTime<chrono::FixedOffset>, strict: bool, format: Format) -> ExitCode {
    let (mut diags, usage) = match warta::check(site, now) {
        Ok(d) => (d, None),
        Err(Failure::Content(d)) => (d, None),
        Err(Failure::Usage(m)) => (Vec::new(), Some(m)),
    };
    if let Some(msg) = usage {
        eprintln!("error: {msg}");
        return ExitCode::from(2);
    }
    if strict {
        for d in &mut diags {
            d.level = Level::Error;
        }
    }
    let errors = diags.iter().filter(|d| d.level == Level::Error).count();
    let warnings = diags.len() - errors;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&diags).unwrap_or_default()),
        Format::Text => {
            for d in &diags {
                println!("{d}\n");
            }
            println!("{errors} error{}, {warnings} warning{}", if errors == 1 { "" } else { "s" }, if warnings == 1 { "" } else { "s" });
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a new file, never over an existing one; prints where it went.
fn create(path: &std::path::Path, text: &str) -> Result<(), String> {
    if path.exists() {
        return Err(format!("{} already exists; nothing was written", path.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("created {}", path.display());
    Ok(())
}

/// The site's settings, for commands that need its languages and time zone.
fn site_config(site: &std::path::Path) -> Result<warta::config::Config, ExitCode> {
    let path = site.join("content/site.toml");
    if !site.is_dir() {
        eprintln!("error: the folder {} does not exist: give `--site` the folder of a Warta site, or make one with `warta init`", site.display());
        return Err(ExitCode::from(2));
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("error: {} has no content/site.toml: is `--site` the folder of a Warta site?", site.display());
        return Err(ExitCode::from(2));
    };
    match warta::config::parse(std::path::Path::new("content/site.toml"), &text) {
        (Some(c), _) => Ok(c),
        (None, diags) => {
            for d in diags.into_sorted() {
                eprintln!("{d}\n");
            }
            Err(ExitCode::from(1))
        }
    }
}

/// The release files of a site with their slug and language, sorted by path.
fn release_files(site: &std::path::Path, config: &warta::config::Config) -> Vec<(PathBuf, String, String)> {
    let mut files: Vec<(PathBuf, String, String)> = walkdir::WalkDir::new(site.join("content/releases"))
        .sort_by_file_name()
        .into_iter()
        // Hidden files are no releases, as the build skips them (`._name.md` from macOS).
        .filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let (slug, lang) = warta::scaffold::release_slug(&e.file_name().to_string_lossy(), &config.languages, &config.default_language)?;
            Some((e.into_path(), slug, lang.to_string()))
        })
        .collect();
    files.sort();
    files
}

/// The original a translation is asked for, by its slug or its exact title.
fn find_original(site: &std::path::Path, config: &warta::config::Config, wanted: &str) -> Result<PathBuf, String> {
    let originals: Vec<(PathBuf, String)> =
        release_files(site, config).into_iter().filter(|(_, _, lang)| *lang == config.default_language).map(|(p, slug, _)| (p, slug)).collect();
    let slug = warta::scaffold::slug_from_title(wanted);
    if let Some((path, _)) = originals.iter().find(|(_, s)| *s == wanted || *s == slug) {
        return Ok(path.clone());
    }
    let title_of = |path: &std::path::Path| -> Option<String> {
        let text = std::fs::read_to_string(path).ok()?;
        let front: toml::Table = toml::from_str(warta::frontmatter::split(&text).ok()?.front).ok()?;
        front.get("title")?.as_str().map(str::to_string)
    };
    let by_title: Vec<&PathBuf> = originals.iter().filter(|(p, _)| title_of(p).as_deref() == Some(wanted)).map(|(p, _)| p).collect();
    match by_title.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let nearest = originals.iter().map(|(_, s)| s).min_by_key(|s| strsim::levenshtein(s, &slug));
            let hint = nearest.map(|s| format!(": did you mean `{s}`?")).unwrap_or_default();
            Err(format!("no release has the title or slug `{wanted}` to translate{hint} (give the original's title or the slug from its file name)"))
        }
        many => Err(format!(
            "{} releases have the title `{wanted}`: give the slug of the one to translate ({})",
            many.len(),
            originals.iter().filter(|(p, _)| many.contains(&p)).map(|(_, s)| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn run_new(new: New) -> ExitCode {
    let result = match new {
        New::Release { title, kind, lang, site } => {
            let config = match site_config(&site) {
                Ok(c) => c,
                Err(code) => return code,
            };
            if !warta::content::RELEASE_KINDS.contains(&kind.as_str()) {
                eprintln!("error: unknown kind `{kind}`; expected one of: {}", warta::content::RELEASE_KINDS.join(", "));
                return ExitCode::from(2);
            }
            let slug = warta::scaffold::slug_from_title(&title);
            if slug.is_empty() {
                eprintln!("error: the title `{title}` has no letters or digits to make a file name from");
                return ExitCode::from(2);
            }
            let now = chrono::Utc::now().with_timezone(&config.timezone).fixed_offset();
            let lang = lang.unwrap_or_else(|| config.default_language.clone());
            if !config.languages.contains(&lang) {
                eprintln!("error: `{lang}` is not in site.toml `languages` ({})", config.languages.join(", "));
                return ExitCode::from(2);
            }
            if lang == config.default_language {
                // Slugs are unique across dates: the same title on another day would make a
                // second release at the same address, which the build refuses.
                if let Some((taken, _, _)) = release_files(&site, &config).into_iter().find(|(_, s, l)| *s == slug && *l == lang) {
                    eprintln!(
                        "error: {} already has the slug `{slug}` (the address /releases/{slug}/); nothing was written\n  = help: give the new release another title, or edit that file",
                        taken.display()
                    );
                    return ExitCode::from(2);
                }
                let path = site.join(format!("content/releases/{}/{}-{slug}.md", now.format("%Y"), now.format("%Y-%m-%d")));
                create(&path, &warta::scaffold::release(&title, &kind, now)).map(|()| {
                    println!("It is a draft: fill it in, preview it with `warta serve`, and delete `draft = true` to publish it.");
                })
            } else {
                // A translation sits beside its original: `name.en.md` beside `name.md`.
                find_original(&site, &config, &title).and_then(|original| {
                    let text = std::fs::read_to_string(&original).map_err(|e| format!("cannot read {}: {e}", original.display()))?;
                    let translation = warta::scaffold::translation(&text, &lang)
                        .map_err(|e| format!("{} cannot be read ({e}): run `warta check` to see where", original.display()))?;
                    create(&original.with_extension(format!("{lang}.md")), &translation)?;
                    println!("It holds the original's words: translate them before the next build, which publishes it with its original.");
                    Ok(())
                })
            }
        }
        New::Indicator { id, site } => {
            if let Err(code) = site_config(&site) {
                return code;
            }
            if slug::slugify(&id) != id {
                eprintln!("error: `{id}` cannot be an indicator id: use lowercase letters, digits and dashes, e.g. `{}`", slug::slugify(&id));
                return ExitCode::from(2);
            }
            create(&site.join(format!("content/indicators/{id}.toml")), &warta::scaffold::indicator(&id)).map(|()| {
                println!("Its values are sample data: replace them with the source's, and cite it with `indicators = [\"{id}\"]` in a release.");
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run_init(dir: &std::path::Path) -> ExitCode {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} is not empty; `warta init` only creates a site in a new or empty folder", dir.display());
        return ExitCode::from(2);
    }
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Jakarta).fixed_offset();
    for (path, text) in warta::scaffold::site(now) {
        if let Err(msg) = create(&dir.join(path), &text) {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
    }
    // What to do next, in the order a publisher does it; every name and figure in the site
    // says it is a sample until replaced.
    println!(
        "\nA new site is in {0}. Its organizations, people, release and data are samples marked \"contoh\": replace them.\n\
         Preview it while you edit:  warta serve --site {0}\n\
         Start a release:            warta new release \"Judul rilis\" --site {0}\n\
         Check and build it:         warta check --site {0}  then  warta build --site {0}",
        dir.display()
    );
    ExitCode::SUCCESS
}

fn report_failure(failure: Failure) -> ExitCode {
    match failure {
        Failure::Content(diags) => {
            let errors = diags.iter().filter(|d| d.level == Level::Error).count();
            for d in &diags {
                eprintln!("{d}\n");
            }
            eprintln!("error: the build stopped with {errors} error{}; nothing was written", if errors == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Failure::Usage(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
