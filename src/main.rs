//! The `warta` command: parses arguments, runs a command, prints diagnostics once and picks
//! the exit code (0 success, 1 content errors, 2 wrong usage or machine failure).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
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
}

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
                    for w in &report.warnings {
                        eprintln!("{w}\n");
                    }
                    eprintln!("built {} pages, {} files into {} in {} ms", report.pages, report.files, output.display(), started.elapsed().as_millis());
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure),
            }
        }
    }
}

fn report_failure(failure: Failure) -> ExitCode {
    match failure {
        Failure::Content(diags) => {
            let errors = diags.iter().filter(|d| d.level == warta::diag::Level::Error).count();
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
