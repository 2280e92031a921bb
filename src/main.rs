//! The `warta` command: parses arguments, runs a command, prints diagnostics once and picks
//! the exit code (0 success, 1 content errors, 2 wrong usage or machine failure).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use warta::diag::Level;
use warta::{BuildArgs, Failure};

#[derive(Parser)]
#[command(name = "warta", version, about = "Static sites for public economic and partnership reports")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site folder (holding content/). Default: the current folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to write the site. Default: output/ inside the site folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The build's clock (RFC 3339); releases dated later are embargoed. Default: now.
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Include drafts and embargoed releases, marked and not indexed.
        #[arg(long)]
        preview: bool,
        /// Override site.toml's base_url.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check the site as a build would, and figures typed by hand, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        site: PathBuf,
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A build prints at most this many warnings; `warta check` lists them all.
const MAX_BUILD_WARNINGS: usize = 20;

fn parse_now(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|e| format!("expected a time such as 2021-10-01T09:30:00+07:00 ({e})"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build { site, output, now, preview, base_url } => {
            let started = std::time::Instant::now();
            let output = output.unwrap_or_else(|| site.join("output"));
            let now = now.unwrap_or_else(|| chrono::Local::now().fixed_offset());
            let args = BuildArgs { site, output: output.clone(), now, preview, base_url };
            match warta::build(&args) {
                Ok(report) => {
                    for w in report.warnings.iter().take(MAX_BUILD_WARNINGS) {
                        eprintln!("{w}\n");
                    }
                    if report.warnings.len() > MAX_BUILD_WARNINGS {
                        eprintln!("... and {} more warnings: run `warta check` to see them all", report.warnings.len() - MAX_BUILD_WARNINGS);
                    }
                    let w = report.written;
                    eprintln!(
                        "built {} pages, {} files into {} in {} ms ({} written, {} unchanged, {} removed)",
                        report.pages,
                        report.files,
                        output.display(),
                        started.elapsed().as_millis(),
                        w.written,
                        w.unchanged,
                        w.removed
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure),
            }
        }
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
