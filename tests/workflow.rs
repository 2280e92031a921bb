//! A publisher's first day, command by command, with the real binary: `init`, `new`,
//! `check`, `build`, `serve` and `--help`, as README.md and docs/content.md describe them.
//! Each test holds a defect a publisher met, and fails if it comes back.

mod common;

use common::{warta, Server};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A site made by `warta init` in a new temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("situs");
    let o = warta(&["init", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    (tmp, site)
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn release_files(site: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(site.join("content/releases"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(site).unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn init_makes_a_bilingual_starter_site_that_says_it_is_sample_data() {
    let (_tmp, site) = init_site();
    let s = site.to_str().unwrap();
    let o = warta(&["check", "--site", s]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("0 errors, 0 warnings"), "{}", text(&o));
    // The build's clock is now: the sample release, dated when `init` ran, is on the site.
    let o = warta(&["build", "--site", s]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = site.join("output");
    let en = std::fs::read_to_string(out.join("en/releases/rilis-pertama/index.html")).expect("the sample release has an English page");
    assert!(en.contains("Sample: First Release"), "the translation's title");
    // The headline indicator of the home page says it is sample data (it read "Judul
    // indikator", a bare placeholder, next to a figure).
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("Pertumbuhan ekonomi (data contoh)"), "home page indicator title");
    assert!(!home.contains("Judul indikator"));
    // The next steps are printed.
    let tmp2 = tempfile::tempdir().unwrap();
    let o = warta(&["init", tmp2.path().join("baru").to_str().unwrap()]);
    assert!(text(&o).contains("warta serve --site") && text(&o).contains("warta new release"), "{}", text(&o));
    // A folder that is not empty is refused.
    let o = warta(&["init", s]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn new_release_refuses_a_slug_already_used_on_another_day() {
    let (_tmp, site) = init_site();
    let old = site.join("content/releases/2021/2021-10-01-rapat-koordinasi.md");
    write(&old, "+++\ntitle = \"Rapat Koordinasi\"\ndate = 2021-10-01T09:00:00+07:00\nsummary = \"Ringkasan.\"\n+++\nIsi.\n");
    let before = release_files(&site);
    let o = warta(&["new", "release", "Rapat Koordinasi", "--site", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("2021-10-01-rapat-koordinasi.md already has the slug `rapat-koordinasi`"), "{}", text(&o));
    assert_eq!(release_files(&site), before, "nothing was written");
    // Another title is fine, and the site still checks (the new release is a draft).
    let o = warta(&["new", "release", "Rapat Koordinasi Kedua", "--kind", "meeting", "--site", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("draft"), "{}", text(&o));
    assert_eq!(warta(&["check", "--site", site.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn a_translation_is_started_from_its_original_found_by_title_or_slug() {
    let (_tmp, site) = init_site();
    let s = site.to_str().unwrap();
    let dir = site.join("content/releases/2021");
    write(
        &dir.join("2021-10-01-sinergi.md"),
        "+++\ntitle = \"Dinas PPKUKM Perkuat Sinergi\"\ndate = 2021-10-01T09:00:00+07:00\nsummary = \"Ringkasan sinergi.\"\n+++\nIsi sinergi.\n",
    );
    write(&dir.join("2021-09-01-rilis-judul.md"), "+++\ntitle = \"Rilis Judul\"\ndate = 2021-09-01T09:00:00+07:00\nsummary = \"Ringkasan.\"\n+++\nIsi.\n");
    // The original's title (whose slug is not the file's) finds it.
    let o = warta(&["new", "release", "Dinas PPKUKM Perkuat Sinergi", "--lang", "en", "--site", s]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = std::fs::read_to_string(dir.join("2021-10-01-sinergi.en.md")).expect("beside the original");
    // The original's summary, not an empty one that left the English page without any.
    assert!(t.contains("summary = \"Ringkasan sinergi.\"") && t.ends_with("+++\nIsi sinergi.\n"), "{t}");
    let o = warta(&["check", "--site", s]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // A slug that only ends like another is not that release (`judul` is not `rilis-judul`).
    let o = warta(&["new", "release", "Judul", "--lang", "en", "--site", s]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("no release has the title or slug `Judul`"), "{}", text(&o));
    assert!(!dir.join("2021-09-01-rilis-judul.en.md").exists());
    // By slug.
    let o = warta(&["new", "release", "rilis-judul", "--lang", "en", "--site", s]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(dir.join("2021-09-01-rilis-judul.en.md").exists());
}

#[test]
fn a_missing_site_folder_and_a_bad_base_url_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("tidak-ada");
    let o = warta(&["new", "release", "Judul", "--site", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("does not exist"), "{}", text(&o));

    let (_tmp, site) = init_site();
    let out = site.join("output");
    // `notaurl` was accepted and written into every feed and sitemap entry.
    let o = warta(&["build", "--site", site.to_str().unwrap(), "--base-url", "notaurl"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("expected an absolute http(s) URL"), "{}", text(&o));
    assert!(!out.exists(), "nothing written");
    // A folder may end the address, but a query cannot follow it: every page's path would.
    let o = warta(&["build", "--site", site.to_str().unwrap(), "--base-url", "https://example.org/warta/?lang=id"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--base-url") && text(&o).contains("has a query (`?lang=id`)"), "{}", text(&o));
    assert!(!out.exists(), "nothing written");
    let o = warta(&["build", "--site", site.to_str().unwrap(), "--base-url", "https://staging.example.go.id"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read_to_string(out.join("sitemap.xml")).unwrap().contains("<loc>https://staging.example.go.id/</loc>"));
}

/// The lines of a help text's `Arguments:` and `Options:` sections.
fn option_lines(help: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line.ends_with(':') && !line.starts_with(' ') {
            inside = line == "Arguments:" || line == "Options:";
        } else if inside && line.trim_start().starts_with(['-', '<']) {
            lines.push(line.to_string());
        }
    }
    lines
}

#[test]
fn every_option_and_argument_of_every_command_is_described() {
    let top = text(&warta(&["--help"]));
    assert!(top.contains("Exit codes: 0 success; 1 the content has errors"), "{top}");
    for cmd in [&["build"][..], &["check"], &["serve"], &["init"], &["new", "release"], &["new", "indicator"]] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let help = text(&warta(&args));
        let lines = option_lines(&help);
        assert!(lines.len() >= 2, "{cmd:?}: {help}");
        for line in lines {
            // `--site <SITE>  [default: .]` alone said nothing of what the option is.
            let words = line.trim_start().split_once("  ").map(|(_, rest)| rest.trim()).unwrap_or("");
            assert!(!words.is_empty() && !words.starts_with("[default"), "{cmd:?}: undescribed `{line}`\n{help}");
        }
    }
}

/// `warta serve` on a site, with the address it printed.
#[test]
fn serve_shows_an_error_in_the_browser_when_the_site_never_built() {
    let (_tmp, site) = init_site();
    let release = std::fs::read_dir(site.join("content/releases"))
        .unwrap()
        .flat_map(|year| std::fs::read_dir(year.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .find(|p| !p.to_string_lossy().ends_with(".en.md"))
        .unwrap();
    let good = std::fs::read_to_string(&release).unwrap();
    std::fs::write(&release, good.replace("[\"asosiasi-contoh\"]", "[\"asosiasi-contho\"]")).unwrap();
    let server = Server::start(&site, &[], true);
    // It served a bare "not found", without the error and without reloading once fixed.
    let (status, body) = server.get("/");
    assert!(status.contains("500"), "{status}");
    assert!(body.contains("unknown organization `asosiasi-contho`") && body.contains("did you mean `asosiasi-contoh`?"), "{body}");
    assert!(body.contains("/__warta/events"), "the page reloads when fixed");
    std::fs::write(&release, good).unwrap();
    let fixed = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        server.get("/releases/rilis-pertama/").0.contains("200")
    });
    assert!(fixed, "the fixed site is served");
}

#[test]
fn serve_in_a_folder_that_is_not_a_site_stops_with_exit_code_2() {
    let tmp = tempfile::tempdir().unwrap();
    // It printed the error and then served nothing, for ever.
    let mut child = Command::new(env!("CARGO_BIN_EXE_warta"))
        .args(["serve", "--site", tmp.path().to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = (0..300).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        child.try_wait().unwrap()
    });
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
        panic!("serve kept running in a folder without content/site.toml");
    }
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.unwrap().code(), Some(2), "{err}");
    assert!(err.contains("has no content/site.toml"), "{err}");
}

#[test]
fn serve_keeps_rebuilding_when_nobody_reads_its_log() {
    let (_tmp, site) = init_site();
    // The log's next line made the watcher thread panic on the closed pipe, and edits were no
    // longer built.
    let server = Server::start(&site, &[], false);
    let release = site.join(release_files(&site).into_iter().find(|p| !p.ends_with(".en.md")).unwrap());
    let mut text = std::fs::read_to_string(&release).unwrap();
    // The line comes after the rebuilt site is in place: the first edit was served, the
    // next ones never.
    for edit in ["Kalimat pertama yang disunting.", "Kalimat kedua yang disunting."] {
        text.push_str(&format!("\n{edit}\n"));
        std::fs::write(&release, &text).unwrap();
        let rebuilt = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            server.get("/releases/rilis-pertama/").1.contains(edit)
        });
        assert!(rebuilt, "{edit} is served");
    }
}
