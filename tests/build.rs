//! Integration tests: build fixture sites with the real binary and look at what a reader gets.
//!
//! `tests/fixtures/base/` is a small valid site. Each `tests/fixtures/invalid/<case>/` holds
//! files laid over that base to break it, and an `expected` file: lines that must appear in
//! the error output (see tests/fixtures/README.md).

mod common;

use common::{copy_dir, http_get, root, warta};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn build(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--site", site.to_str().unwrap(), "--output", out.to_str().unwrap()];
    if !extra.contains(&"--now") {
        args.extend(["--now", "2026-01-01T00:00:00+07:00"]);
    }
    args.extend_from_slice(extra);
    warta(&args)
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{from} in {}", path.display());
    std::fs::write(path, s.replace(from, to)).unwrap();
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the base fixture in a temporary folder, and an output folder beside it.
fn base_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, site) = common::base_fixture();
    let out = tmp.path().join("out");
    (tmp, site, out)
}

#[test]
fn base_site_renders_every_page_type_in_both_languages() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // One summary line, and no progress display when stderr is not a terminal.
    let (pages, charts) = all_text(&out)
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "html"))
        .fold((0, 0), |(p, c), (_, text)| (p + 1, c + text.matches("<figure class=\"chart\"").count()));
    let summary = format!("built {pages} pages, {charts} charts, ");
    assert!(charts > 4 && stderr(&o).contains(&summary), "{summary} in: {}", stderr(&o));
    assert!(!stderr(&o).contains('\u{1b}') && !stderr(&o).contains('\r'), "no terminal codes: {:?}", stderr(&o));

    let id = read(&out, "releases/rilis-satu/index.html");
    assert!(id.contains("<html lang=\"id\""));
    assert!(id.contains("Jumat, 1 Oktober 2021"), "localized date");
    assert!(id.contains("href=\"/organizations/asephi/\""), "participant linked to its page");
    assert!(id.contains("Kamar Dagang dan Industri DKI Jakarta"));
    assert!(id.contains("href=\"/people/ratu/\"") && id.contains("Kepala Dinas Uji"), "speaker with role");
    assert!(id.contains("hreflang=\"en\" href=\"https://example.test/en/releases/rilis-satu/\""), "hreflang to the translation");
    assert!(id.contains("href=\"/releases/rilis-dua/\""), "related release linked");
    assert!(id.contains("Nama asosiasi diperbaiki."), "change note shown");
    assert!(id.contains("<h2 id=\"tumbuhnya-ekonomi\">"), "heading ids");
    assert!(
        id.contains("<p class=\"citation\">Dinas Uji Provinsi. (1 Okt 2021; diperbarui 2 Okt 2021). Rilis Satu. https://example.test/releases/rilis-satu/</p>"),
        "the suggested citation, `cite_format_updated` filled in (the release was corrected)"
    );
    assert!(id.contains("<li><a href=\"/releases/\" aria-current=\"true\">"), "the menu marks the section the page is in");
    assert!(!id.contains("<li><a href=\"/tags/\" aria-current"), "and no other");

    let en = read(&out, "en/releases/rilis-satu/index.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("Friday, 1 October 2021"));
    assert!(en.contains("Release One"));
    assert!(en.contains("Jakarta Chamber of Commerce and Industry"), "organization name in English");
    assert!(en.contains("Head of the Test Agency"));
    assert!(en.contains("hreflang=\"id\" href=\"https://example.test/releases/rilis-satu/\""));
    assert!(en
        .contains("<p class=\"citation\">Dinas Uji Provinsi. (1 Oct 2021; updated 2 Oct 2021). Release One. https://example.test/en/releases/rilis-satu/</p>"));
    assert!(en.contains("<li><a href=\"/en/releases/\" aria-current=\"true\">"));

    // A release without a translation has no English page, but is listed in English.
    assert!(!out.join("en/releases/rilis-dua/index.html").exists());
    let en_list = read(&out, "en/releases/index.html");
    assert!(en_list.contains("href=\"/releases/rilis-dua/\""), "untranslated release listed with its original");

    // Lists: paginated by 2, by year, by tag, by kind.
    let first = read(&out, "releases/index.html");
    assert!(first.contains("<li><a href=\"/releases/page/2/\" aria-label=\"Halaman 2\">2</a></li>"), "page links named for screen readers");
    assert!(first.contains("<p class=\"page-header__sub\">Halaman 1 dari 2</p>"));
    assert!(first.contains("<li><a href=\"/releases/\" aria-current=\"page\">Rilis</a></li>"), "the menu marks the page itself");
    assert!(read(&out, "tags/ukm/index.html").contains("<li><a href=\"/tags/\" aria-current=\"true\">"));
    assert!(read(&out, "releases/page/2/index.html").contains("Rilis Tiga"));
    assert!(read(&out, "releases/2021/index.html").contains("Rilis Dua"));
    let ukm = read(&out, "tags/ukm/index.html");
    assert!(ukm.contains("Rilis Satu") && ukm.contains("Rilis Dua") && !ukm.contains("Rilis Tiga"));
    assert!(read(&out, "kinds/statement/index.html").contains("Rilis Tiga"));
    assert!(read(&out, "tags/index.html").contains("href=\"/tags/industri/\""));

    // Organization and person pages list their releases.
    let asephi = read(&out, "organizations/asephi/index.html");
    assert!(asephi.contains("Rilis Satu") && !asephi.contains("Rilis Dua"));
    // The publisher has 3 releases and a list page holds 2: its page shows the newest two
    // and links to all of them, on pages of their own.
    let publisher = read(&out, "organizations/dinas-uji/index.html");
    assert!(publisher.contains("Rilis Satu") && publisher.contains("Rilis Dua") && !publisher.contains("Rilis Tiga"), "newest releases first");
    assert!(publisher.contains("href=\"/organizations/dinas-uji/published/\">Lihat semua 3 rilis</a>"), "a link to the whole list");
    let all = read(&out, "organizations/dinas-uji/published/index.html");
    assert!(all.contains("Rilis terbitan Dinas Uji") && all.contains("href=\"/organizations/dinas-uji/published/page/2/\""), "paginated");
    assert!(all.contains("<p class=\"page-header__kicker\"><a href=\"/organizations/dinas-uji/\">"), "a way back to the organization");
    assert!(read(&out, "organizations/dinas-uji/published/page/2/index.html").contains("Rilis Tiga"), "publisher's releases");
    assert!(read(&out, "en/organizations/dinas-uji/published/index.html").contains("Releases published by"));
    assert!(!out.join("organizations/asephi/releases").exists(), "no extra pages for a short list");
    assert!(read(&out, "people/ratu/index.html").contains("Rilis Satu"));
    assert!(read(&out, "tentang/index.html").contains("Situs uji."));
    assert!(out.join("404.html").exists() && out.join("en/404.html").exists());

    let alias = read(&out, "berita/rilis-satu/index.html");
    assert!(alias.contains("url=https://example.test/releases/rilis-satu/"), "alias redirects");
}

#[test]
fn two_builds_give_the_same_bytes() {
    let (tmp, site, out) = base_site();
    assert!(build(&site, &out, &[]).status.success());
    let first = tree(&out);
    let out2 = tmp.path().join("out2");
    assert!(build(&site, &out2, &[]).status.success());
    assert_eq!(first, tree(&out2));
    assert!(first.len() > 30);
    // One thread or several: the same bytes (issue 6).
    let out3 = tmp.path().join("out3");
    let args = ["build", "--site", site.to_str().unwrap(), "--output", out3.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"];
    let o = Command::new(env!("CARGO_BIN_EXE_warta")).args(args).env("RAYON_NUM_THREADS", "1").output().expect("warta runs");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(first == tree(&out3), "a single-threaded build gives the same bytes");
}

#[test]
fn every_invalid_case_fails_with_its_position_and_leaves_output_untouched() {
    let cases_dir = root().join("tests/fixtures/invalid");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 15, "the catalogue shrank: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let (_tmp, site, out) = base_site();
        assert!(build(&site, &out, &[]).status.success());
        let before = tree(&out);
        let cache_before = tree(&site.join(".warta-cache"));
        for entry in walkdir::WalkDir::new(case).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
            let rel = entry.path().strip_prefix(case).unwrap();
            if rel == Path::new("expected") {
                continue;
            }
            std::fs::create_dir_all(site.join(rel).parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), site.join(rel)).unwrap();
        }
        let o = build(&site, &out, &[]);
        let err = stderr(&o);
        if o.status.code() != Some(1) {
            failures.push(format!("{name}: exit code {:?}\n{err}", o.status.code()));
        }
        for line in std::fs::read_to_string(case.join("expected")).unwrap().lines().filter(|l| !l.is_empty()) {
            if !err.contains(line) {
                failures.push(format!("{name}: missing `{line}` in:\n{err}"));
            }
        }
        if err.contains("panicked") {
            failures.push(format!("{name}: panicked"));
        }
        if tree(&out) != before {
            failures.push(format!("{name}: the failed build changed output/"));
        }
        // The build cache too: what a failed build prepared for it (templates fail while the
        // pages render, after the cache's files were written to temporary files) is removed.
        let cache_after = tree(&site.join(".warta-cache"));
        if cache_after != cache_before {
            let names = |t: &BTreeMap<PathBuf, Vec<u8>>| t.keys().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
            failures.push(format!("{name}: the failed build changed the build cache: [{}] became [{}]", names(&cache_before), names(&cache_after)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn errors_are_collected_not_stopped_at_the_first() {
    let (_tmp, site, out) = base_site();
    let r = site.join("content/releases/2021");
    std::fs::write(r.join("2021-10-01-rilis-satu.md"), "+++\ntitle = \"A\"\ndate = 2021-10-01\nparticipants = [\"nope\"]\n+++\n").unwrap();
    std::fs::write(r.join("2021-09-28-rilis-dua.md"), "+++\ntitle = \"B\"\ndate = 2021-09-28\nspeakers = [\"nobody\"]\n+++\n").unwrap();
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    let a = err.find("2021-09-28-rilis-dua.md:4:13: error: unknown person `nobody`").expect(&err);
    let b = err.find("2021-10-01-rilis-satu.md:4:17: error: unknown organization `nope`").expect(&err);
    assert!(a < b, "sorted by path");
    assert!(err.contains("2 errors"));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn embargoed_and_draft_releases_wait_for_their_time() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &["--now", "2021-09-30T00:00:00+07:00"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("releases/rilis-satu/index.html").exists());
    assert!(!read(&out, "releases/index.html").contains("Rilis Satu"));
    assert!(!read(&out, "organizations/asephi/index.html").contains("Rilis Satu"));
    assert!(!out.join("berita/rilis-satu/index.html").exists(), "no alias to an embargoed release");
    // The publisher is told: the release will not appear by itself at its time.
    assert!(
        stderr(&o).contains("1 release is embargoed, the first until 2021-10-01 09:30 +07:00: it appears with the first build at or after that time"),
        "{}",
        stderr(&o)
    );

    let o = build(&site, &out, &["--now", "2021-09-30T00:00:00+07:00", "--preview"]);
    assert!(o.status.success());
    assert!(!stderr(&o).contains("embargoed"), "a preview shows it: {}", stderr(&o));
    let page = read(&out, "releases/rilis-satu/index.html");
    assert!(page.contains("noindex") && page.contains("banner--embargo"));

    // The embargo passes while another release's text is edited: the preview's marks go with
    // it, even though only a body changed.
    append(&site.join("content/releases/2021/2021-08-01-rilis-tiga.md"), "\nKalimat baru.\n");
    let o = build(&site, &out, &["--now", "2021-10-02T00:00:00+07:00", "--preview"]);
    assert!(o.status.success());
    assert!(read(&out, "releases/rilis-tiga/index.html").contains("Kalimat baru"));
    assert!(!read(&out, "releases/rilis-satu/index.html").contains("banner--embargo"), "no embargo mark once it has passed");
}

#[test]
fn a_folder_that_is_not_a_site_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = build(tmp.path(), &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no content/site.toml"));
}

/// The README's build command on the example site: the seed release as a reader sees it.
#[test]
fn example_site_shows_the_seed_release() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(&root(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("index.html").exists());
    let id = read(&out, "releases/sinergi-21-asosiasi-industri/index.html");
    let en = read(&out, "en/releases/sinergi-21-asosiasi-industri/index.html");
    assert!(id.contains("Dinas PPKUKM Perkuat Sinergisitas dengan 21 Asosiasi Industri"));
    assert!(id.contains("Jumat, 1 Oktober 2021") && id.contains("Jumat (1/10)"));
    assert!(en.contains("Friday, 1 October 2021"));
    // The seed's sector figures as it wrote them, not reworded by the data's unit.
    assert!(id.contains("mencapai 2,54 persen disusul sektor perdagangan 2,01 persen dan penyediaan akomodasi sebesar 1,59 persen."));
    // The English pages give the source and licence in English.
    let ind_en = read(&out, "en/indicators/jakarta-grdp-growth/index.html");
    assert!(ind_en.contains("Source: BPS-Statistics of DKI Jakarta Province") && ind_en.contains("BPS public data; credit the source"), "{ind_en}");
    for org in ["asephi", "abkindo", "askrakindo", "aspringta", "asmindo", "aspadin", "primkopti", "kadin-dki", "ainaki"] {
        assert!(id.contains(&format!("href=\"/organizations/{org}/\"")), "{org} linked on the Indonesian page");
        assert!(en.contains(&format!("href=\"/en/organizations/{org}/\"")), "{org} linked on the English page");
        assert!(out.join(format!("organizations/{org}/index.html")).exists());
    }
    for short in ["ASEPHI", "ABKINDO", "ASKRAKINDO", "ASPRINGTA", "ASMINDO", "ASPADIN", "PRIMKOPTI", "KADIN", "AINAKI"] {
        assert!(id.contains(short), "{short} named");
    }
    assert!(id.contains("Elisabeth Ratu Rante Allo") && id.contains("Kepala Dinas PPKUKM Provinsi DKI Jakarta"));
    assert!(id.contains("Rainer") && id.contains("Eka Chandra"));
    assert!(id.contains("hreflang=\"en\""));
    assert!(en.contains("hreflang=\"id\""));
    assert!(id.contains("Kamar Dagang dan Industri"), "the line break inside the name is mended");
    assert!(!id.contains("Pasar MingguPertemuan"), "the stray related headline is gone from the body");
    assert!(id.contains("href=\"/releases/bazar-ukm-pasar-minggu/\""), "and is a related release");
}

#[test]
fn figures_show_the_value_known_on_the_release_date_with_later_revisions() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = read(&out, "releases/rilis-satu/index.html");
    assert!(
        id.contains("<a class=\"figure\" href=\"/indicators/pertumbuhan/#v-2021-Q2\"><data value=\"10.91\">10,91 persen</data></a>"),
        "as known on 1 October 2021"
    );
    assert!(
        id.contains("</a> <span class=\"figure-note\">(angka sementara; direvisi menjadi 10,94 persen pada 5 November 2021)</span>"),
        "its status and the later revision are shown beside it"
    );
    assert!(id.contains("<data value=\"2.54\">2,54 poin persen</data>"));
    assert!(!id.contains("2,54 poin persen</data></a> <span class=\"figure-note\""), "a final value has no note");
    assert!(id.contains("<data value=\"2772400000000000\">Rp2.772,4 triliun</data>"));
    assert!(id.contains("<data value=\"1350\">1.350</data>"), "count with grouping, from a CSV with BOM and CRLF");
    let en = read(&out, "en/releases/rilis-satu/index.html");
    assert!(en.contains("<data value=\"10.91\">10.91 percent</data>"));
    assert!(en.contains("(preliminary; revised to 10.94 percent on 5 November 2021)"));
    assert!(en.contains("<data value=\"2.54\">2.54 percentage points</data>"));
    assert!(en.contains("<data value=\"2772400000000000\">IDR 2,772.4 trillion</data>"));
    assert!(en.contains("<data value=\"1350\">1,350</data>"));
}

#[test]
fn charts_in_a_release_are_accessible_svg_in_the_page_language() {
    let (_tmp, site, out) = base_site();
    assert!(build(&site, &out, &[]).status.success());
    let id = read(&out, "releases/rilis-satu/index.html");
    assert!(id.contains("<figure class=\"chart\""));
    assert!(id.contains("viewBox=\"0 0 "));
    assert!(id.contains("role=\"img\""));
    // The chart in the release draws the data as known on its date: 10,91, not 10,94.
    assert!(id.contains("Naik dari -1,65 persen pada Tw I-2021 menjadi 10,91 persen pada Tw II-2021"), "desc in Indonesian");
    assert!(id.contains("Industri pengolahan 2,54 poin persen"), "bar desc");
    assert!(id.contains("href=\"/indicators/pertumbuhan/data.csv\" download=\"pertumbuhan.csv\""), "the chart's download, saved under the dataset's name");
    let en = read(&out, "en/releases/rilis-satu/index.html");
    assert!(en.contains("Rose from -1.65 percent in Q1 2021 to 10.91 percent in Q2 2021"), "desc in English");
    assert!(en.contains(">\nQ2 2021\n</text>"), "period labels in English");
}

#[test]
fn indicator_pages_have_the_data_table_downloads_and_revisions() {
    let (_tmp, site, out) = base_site();
    assert!(build(&site, &out, &[]).status.success());
    let page = read(&out, "indicators/pertumbuhan/index.html");
    assert!(page.contains("<caption>"));
    assert!(page.contains("<th scope=\"col\">Periode</th>"));
    assert!(page.contains("<th scope=\"row\">Tw II-2021</th>"));
    assert!(page.contains("<td class=\"num\" id=\"v-2021-Q2\"><data value=\"10.94\">10,94</data>"), "the table shows the current value");
    assert!(page.contains("10,91 persen <span class=\"status\">(angka sementara)</span>"), "revision history keeps the first value");
    assert!(page.contains("BPS Uji") && page.contains("CC BY 4.0"));
    assert!(page.contains("Rilis Satu"), "the releases citing it");
    let en = read(&out, "en/indicators/pertumbuhan/index.html");
    assert!(en.contains("<th scope=\"row\">Q2 2021</th>") && en.contains("Revision history"));

    let csv = read(&out, "indicators/pertumbuhan/data.csv");
    assert_eq!(csv.lines().next(), Some("period,series,value,published,status"));
    assert!(csv.contains("2021-Q2,,10.91,2021-08-05,preliminary") && csv.contains("2021-Q2,,10.94,2021-11-05,revised"));
    let json: serde_json::Value = serde_json::from_str(&read(&out, "indicators/pertumbuhan/data.json")).expect("JSON parses");
    assert_eq!(json["unit"], "percent");
    assert_eq!(json["observations"].as_array().map(Vec::len), Some(3));

    let home = read(&out, "index.html");
    assert!(home.contains("href=\"/indicators/pertumbuhan/\"") && home.contains("10,94 persen"), "headline indicators with their latest value");
    assert!(
        home.contains("2,54 poin persen <span class=\"indicator-card__series\">(Industri pengolahan)</span>"),
        "a dataset with series names the series its value is of"
    );
    // Its status, where the figure is copied from: 10,94 is a revision, 2,54 final (no status given).
    assert!(home.contains("<dd class=\"period\">Tw II-2021</dd>\n        <dt>Status</dt>\n        <dd>angka revisi</dd>"), "{home}");
    assert!(home.contains("<dd>angka tetap</dd>"), "{home}");
}

#[test]
fn a_file_name_dated_another_day_than_its_release_is_a_warning() {
    let (_tmp, site, out) = base_site();
    // Copied from another release and given a new `date`, but not a new name. 20:00 UTC on
    // the 27th is already the 28th in Jakarta, the site's zone: the day the page shows.
    let path = site.join("content/releases/2021/2021-09-20-rilis-salin.md");
    std::fs::write(&path, "+++\ntitle = \"Salin\"\ndate = 2021-09-27T20:00:00Z\n+++\nIsi.\n").unwrap();
    // Named for the day it is published in the site's zone: no warning.
    std::fs::write(site.join("content/releases/2021/2021-09-28-rilis-malam.md"), "+++\ntitle = \"Malam\"\ndate = 2021-09-27T20:00:00Z\n+++\nIsi.\n").unwrap();
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "a warning does not stop the build: {err}");
    assert!(err.contains("content/releases/2021/2021-09-20-rilis-salin.md:3:8: warning: the file name is dated 2021-09-20, but `date` is 2021-09-28"), "{err}");
    assert!(err.contains("rename the file to start with 2021-09-28-"), "{err}");
    assert!(!err.contains("rilis-malam.md"), "{err}");
    assert!(out.join("releases/rilis-salin/index.html").exists());
}

#[test]
fn figures_typed_by_hand_are_checked_against_the_data() {
    let (_tmp, site, out) = base_site();
    let path = site.join("content/releases/2021/2021-10-02-rilis-angka.md");
    std::fs::write(
        &path,
        "+++\ntitle = \"Angka\"\ndate = 2021-10-02T09:00:00+07:00\nindicators = [\"pertumbuhan\", \"sumber\"]\n+++\nEkonomi tumbuh 10,91 persen; industri 2,45 persen; beroperasi 100 persen.\n",
    )
    .unwrap();
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "a warning does not stop the build: {err}");
    assert!(
        err.contains("content/releases/2021/2021-10-02-rilis-angka.md:6:39: warning: the figure `2,45 persen` matches no value of this release's indicators as known on 2021-10-02"),
        "{err}"
    );
    assert!(err.contains("the nearest value is 2,54 poin persen (sumber, industri, Tw II-2021)"), "{err}");
    assert!(!err.contains("`10,91 persen`") && !err.contains("`100 persen`"), "{err}");

    let site_arg = site.to_str().unwrap();
    let o = warta(&["check", "--site", site_arg, "--now", "2026-01-01T00:00:00+07:00"]);
    assert_eq!(o.status.code(), Some(0), "warnings only");
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 errors, 1 warning"));
    let o = warta(&["check", "--site", site_arg, "--strict", "--format", "json", "--now", "2026-01-01T00:00:00+07:00"]);
    assert_eq!(o.status.code(), Some(1), "--strict makes it an error");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    assert_eq!(json[0]["level"], "error");
    assert_eq!(json[0]["line"], 6);
    assert_eq!(json[0]["column"], 39);
}

/// Every output file as text (binary files lossily), for "appears nowhere" checks.
fn all_text(out: &Path) -> Vec<(PathBuf, String)> {
    tree(out).into_iter().map(|(p, b)| (p, String::from_utf8_lossy(&b).to_lowercase())).collect()
}

#[test]
fn embargoed_and_draft_releases_leave_no_trace_until_their_time() {
    let (_tmp, site, out) = base_site();
    let r = site.join("content/releases/2030");
    std::fs::create_dir_all(&r).unwrap();
    for (token, date, draft) in [("tokenembargo", "2030-01-01T09:00:00+07:00", false), ("tokendraft", "2021-06-01T09:00:00+07:00", true)] {
        std::fs::write(
            r.join(format!("2030-01-01-{token}-rilis.md")),
            format!(
                "+++\ntitle = \"Judul {token}\"\ndate = {date}\ndraft = {draft}\nsummary = \"Ringkasan {token}\"\ntags = [\"{token}\"]\nparticipants = [\"asephi\"]\nspeakers = [\"ratu\"]\nindicators = [\"pertumbuhan\"]\naliases = [\"/lama/{token}/\"]\n+++\nIsi {token}. [Lampiran](/files/{token}.pdf)\n"
            ),
        )
        .unwrap();
        std::fs::create_dir_all(site.join("content/static/files")).unwrap();
        std::fs::write(site.join(format!("content/static/files/{token}.pdf")), "%PDF-1.4 lampiran").unwrap();
    }
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (path, text) in all_text(&out) {
        for token in ["tokenembargo", "tokendraft"] {
            assert!(!text.contains(token) && !path.to_string_lossy().contains(token), "{token} leaked into {}", path.display());
        }
    }
    // At its time the embargoed release is everywhere; the draft still is not.
    let o = build(&site, &out, &["--now", "2030-01-01T09:00:00+07:00"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "releases/tokenembargo-rilis/index.html").contains("Judul tokenembargo"));
    for file in
        ["atom.xml", "sitemap.xml", "api/releases.json", "organizations/asephi/index.html", "tags/tokenembargo/index.html", "indicators/pertumbuhan/index.html"]
    {
        assert!(read(&out, file).contains("tokenembargo"), "{file}");
    }
    assert!(out.join("files/tokenembargo.pdf").exists() && out.join("lama/tokenembargo/index.html").exists());
    assert!(all_text(&out).iter().all(|(p, t)| !t.contains("tokendraft") && !p.to_string_lossy().contains("tokendraft")));
    // A preview shows the draft, marked and not for search engines.
    let o = build(&site, &out, &["--preview"]);
    assert!(o.status.success());
    let draft = read(&out, "releases/tokendraft-rilis/index.html");
    assert!(draft.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(read(&out, "robots.txt").contains("Disallow: /"));
}

#[test]
fn feeds_sitemap_json_ld_and_api_parse_and_carry_their_fields() {
    let (_tmp, site, out) = base_site();
    assert!(build(&site, &out, &[]).status.success());

    let atom = read(&out, "atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("Atom parses");
    let entries: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("entry")).collect();
    assert_eq!(entries.len(), 3);
    let child = |n: &roxmltree::Node, name: &str| n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or_default().to_string();
    let satu = entries.iter().find(|e| child(e, "title") == "Rilis Satu").expect("entry");
    assert_eq!(child(satu, "id"), "tag:example.test,2021-10-01:id/releases/rilis-satu", "permanent id");
    assert_eq!(child(satu, "published"), "2021-10-01T09:30:00+07:00");
    assert_eq!(child(satu, "updated"), "2021-10-02T10:00:00+07:00", "the correction moves <updated>");
    assert!(child(satu, "content").contains("<data value=\"10.91\">10,91 persen</data>"));
    // A feed reader shows the body without the theme's CSS: each chart once, the wide drawing,
    // while the page carries both and lets its stylesheet pick.
    let content = child(satu, "content");
    assert_eq!((content.matches("<svg ").count(), content.matches("chart--wide").count()), (2, 2), "{content}");
    assert!(!content.contains("chart--narrow"));
    assert_eq!(read(&out, "releases/rilis-satu/index.html").matches("chart--narrow").count(), 2);
    let en = read(&out, "en/atom.xml");
    let doc_en = roxmltree::Document::parse(&en).expect("English feed parses");
    // Every release of the English lists, an untranslated one in its own language, as the
    // English lists show it.
    let entries_en: Vec<_> = doc_en.descendants().filter(|n| n.has_tag_name("entry")).collect();
    assert_eq!(entries_en.len(), 3);
    let xml_lang = |n: &roxmltree::Node| n.attribute(("http://www.w3.org/XML/1998/namespace", "lang")).unwrap_or_default().to_string();
    let link = |n: &roxmltree::Node| n.children().find(|c| c.has_tag_name("link")).and_then(|c| c.attribute("href")).unwrap_or_default().to_string();
    let satu_en = entries_en.iter().find(|e| child(e, "id").ends_with(":en/releases/rilis-satu")).expect("the translation");
    assert_eq!((xml_lang(satu_en), link(satu_en)), ("en".to_string(), "https://example.test/en/releases/rilis-satu/".to_string()));
    let dua = entries_en.iter().find(|e| child(e, "title") == "Rilis Dua").expect("an untranslated release");
    assert_eq!(child(dua, "id"), "tag:example.test,2021-09-28:id/releases/rilis-dua", "the id of the version it carries");
    assert_eq!((xml_lang(dua), link(dua)), ("id".to_string(), "https://example.test/releases/rilis-dua/".to_string()));
    let tag = read(&out, "tags/industri/atom.xml");
    assert!(roxmltree::Document::parse(&tag).is_ok() && tag.contains("Rilis Satu") && !tag.contains("Rilis Dua"));
    // A topic's pages name its feed, in the head and on the page.
    let tag_page = read(&out, "en/tags/industri/index.html");
    assert!(
        tag_page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Topic: industri\" href=\"/en/tags/industri/atom.xml\">"),
        "{tag_page}"
    );
    assert!(tag_page.contains("<a href=\"/en/tags/industri/atom.xml\" type=\"application/atom+xml\">"));
    assert!(read(&out, "en/tags/industri/atom.xml").contains(":en/releases/rilis-satu</id>"));

    let sitemap = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://example.test/releases/rilis-satu/") && locs.contains(&"https://example.test/en/releases/rilis-satu/"));
    assert!(!locs.iter().any(|l| l.contains("404") || l.contains("berita")), "no 404 page or redirects");
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.test/en/releases/rilis-satu/\"/>"));
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.test/sitemap.xml"));

    // Every JSON-LD block of every page parses.
    let mut types = std::collections::BTreeSet::new();
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for block in text.split("<script type=\"application/ld+json\">").skip(1) {
            let json = block.split("</script>").next().unwrap();
            let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            types.insert(v["@type"].as_str().unwrap_or_default().to_string());
        }
    }
    assert!(types.contains("NewsArticle") && types.contains("Dataset") && types.contains("GovernmentOrganization"), "{types:?}");
    let page = read(&out, "releases/rilis-satu/index.html");
    let ld = page.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(v["dateModified"], "2021-10-02T10:00:00+07:00");
    assert_eq!(v["publisher"]["@type"], "GovernmentOrganization");
    assert_eq!(v["about"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["mentions"][0]["url"], "https://example.test/people/ratu/", "a speaker links to their page");
    assert!(v["mentions"][0]["jobTitle"].as_str().is_some_and(|t| t.contains("Kepala Dinas Uji")), "{}", v["mentions"]);
    let ind = read(&out, "indicators/pertumbuhan/index.html");
    let ld = ind.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(v["distribution"][0]["contentUrl"], "https://example.test/indicators/pertumbuhan/data.csv");
    assert_eq!(v["temporalCoverage"], "2021-01-01/2021-06-30");

    let api: serde_json::Value = serde_json::from_str(&read(&out, "api/releases.json")).expect("api parses");
    let slugs: Vec<&str> = api["releases"].as_array().unwrap().iter().map(|r| r["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["rilis-satu", "rilis-dua", "rilis-tiga"]);
    for slug in &slugs {
        assert!(out.join(format!("releases/{slug}/index.html")).exists());
    }
    assert_eq!(api["releases"][0]["versions"]["en"]["url"], "https://example.test/en/releases/rilis-satu/");
    let api: serde_json::Value = serde_json::from_str(&read(&out, "api/indicators.json")).expect("api parses");
    assert_eq!(api["indicators"].as_array().map(Vec::len), Some(4));
    assert_eq!(read(&out, "api/indicators/pertumbuhan.csv"), read(&out, "indicators/pertumbuhan/data.csv"));
}

#[test]
fn hostile_strings_come_out_escaped_in_html_xml_and_json() {
    let (_tmp, site, out) = base_site();
    let evil = r#"<script>alert('x')</script><img src=x onerror=alert(1)>&"#;
    let toml_evil = evil.replace('"', "\\\"");
    let r = site.join("content/releases/2021/2021-10-01-rilis-satu.md");
    let text = std::fs::read_to_string(&r).unwrap();
    let text = text
        .replace("title = \"Rilis Satu\"", &format!("title = \"Rilis {toml_evil}\""))
        .replace("summary = \"Ringkasan rilis satu.\"", &format!("summary = \"Ringkasan {toml_evil}\""))
        .replace("tags = [\"industri\", \"ukm\"]", &format!("tags = [\"industri {toml_evil}\", \"ukm\"]"));
    std::fs::write(&r, text).unwrap();
    let orgs = site.join("content/directory/organizations.toml");
    let text = std::fs::read_to_string(&orgs)
        .unwrap()
        .replace("name = \"Asosiasi Eksportir dan Produsen Handicraft Indonesia\"", &format!("name = \"ASEPHI {toml_evil}\""));
    std::fs::write(&orgs, text).unwrap();
    let ind = site.join("content/indicators/sumber.toml");
    let text = std::fs::read_to_string(&ind)
        .unwrap()
        .replace("en = \"Manufacturing\"", &format!("en = \"Manufacturing {toml_evil}\""))
        .replace("name = \"BPS Uji\"", &format!("name = \"BPS {toml_evil}\""));
    std::fs::write(&ind, text).unwrap();
    std::fs::write(
        site.join("content/indicators/peserta.csv"),
        "period,value,published,status\n2021-05,1200,2021-06-01,final\n2021-06,1350,2021-07-01,final\n",
    )
    .unwrap();

    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut checked = 0;
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        let name = path.to_string_lossy();
        // In HTML and XML, markup from content must come out as text; JSON and CSV keep the
        // string as it was, escaped by their own rules (checked by parsing them).
        if name.ends_with(".html") || name.ends_with(".xml") {
            assert!(!text.contains("<script>alert") && !text.contains("<img src=x"), "raw markup in {name}");
        }
        if name.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            checked += 1;
        } else if name.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            if name == "api/releases.json" {
                assert!(v["releases"][0]["versions"]["id"]["title"].as_str().unwrap().contains(evil), "JSON keeps the text, escaped by JSON rules");
            }
            checked += 1;
        }
    }
    assert!(checked >= 10);
    let page = read(&out, "releases/rilis-satu/index.html");
    assert!(
        page.contains("Rilis &lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2F;script&gt;")
            || page.contains("Rilis &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
    );
    let en = read(&out, "en/indicators/sumber/index.html");
    assert!(en.contains("Manufacturing &lt;script&gt;"), "series label escaped in the table");
    assert!(
        en.contains("Manufacturing &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") || en.contains("&lt;script&gt;alert(&apos;x&apos;)"),
        "and in the chart"
    );
}

#[test]
fn a_site_theme_overrides_templates_and_strings_one_by_one() {
    let (_tmp, site, out) = base_site();
    let theme = site.join("themes/default");
    std::fs::create_dir_all(theme.join("i18n")).unwrap();
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(theme.join("i18n/id.toml"), "participants = \"Asosiasi yang hadir\"\nonly_here = \"Hanya di sini\"\n").unwrap();
    std::fs::write(theme.join("templates/404.html"), "{% extends \"base.html\" %}{% block content %}<p>{{ t.only_here }}</p>{% endblock content %}").unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out, "releases/rilis-satu/index.html");
    assert!(page.contains("Asosiasi yang hadir"), "one string replaced");
    assert!(page.contains("Narasumber"), "the others kept");
    assert!(read(&out, "404.html").contains("<p>Hanya di sini</p>"), "one template replaced");
    assert!(read(&out, "en/404.html").contains("<p>Hanya di sini</p>"), "a missing English string falls back to Indonesian");
    let o = warta(&["check", "--site", site.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("themes/default/i18n/en.toml: warning: 1 interface string(s) have no `en` text") && text.contains("only_here"), "{text}");
}

#[test]
fn a_site_item_partial_shows_in_every_list_even_one_that_reads_the_page() {
    let (_tmp, site, out) = base_site();
    let partials = site.join("themes/default/templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    // Warta renders the item partial once per release and language, for every list.
    std::fs::write(partials.join("item.html"), "<li class=\"mine\"><{{ item_heading }}>{{ item.title }}</{{ item_heading }}></li>").unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "releases/index.html").contains("<li class=\"mine\"><h2>"), "lists use h2");
    assert!(read(&out, "index.html").contains("<li class=\"mine\"><h3>"), "the home page uses h3");
    // `page` differs on every page: a partial that reads it is rendered on each page instead.
    std::fs::write(partials.join("item.html"), "<li data-page=\"{{ page.url }}\" data-h=\"{{ item_heading }}\">{{ item.title }}</li>").unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "releases/index.html").contains("<li data-page=\"/releases/\" data-h=\"h2\">"));
    assert!(read(&out, "en/releases/index.html").contains("<li data-page=\"/en/releases/\" data-h=\"h2\">"));
    assert!(read(&out, "index.html").contains("<li data-page=\"/\" data-h=\"h3\">"), "the home page uses h3");
    let related = read(&out, "releases/rilis-satu/index.html");
    assert!(related.contains("<li data-page=\"/releases/rilis-satu/\" data-h=\"h3\">"), "related releases use h3: {related}");
    // A broken partial fails the pages that show items, as any template error does, and the
    // error points into the partial, at the unknown name.
    std::fs::write(partials.join("item.html"), "<li>{{ item.judul }}</li>").unwrap();
    let o = build(&site, &out, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("themes/default/templates/partials/item.html:1:13: error: rendering") && stderr(&o).contains("`judul`"), "{}", stderr(&o));
}

#[test]
fn a_site_org_partial_shows_on_release_pages_even_one_that_reads_the_page() {
    let (_tmp, site, out) = base_site();
    let partials = site.join("themes/default/templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    // Rendered once per organization and language, printed by every release page.
    std::fs::write(partials.join("org.html"), "<b class=\"mine\">{{ org.name }}</b>").unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out, "releases/rilis-satu/index.html");
    assert!(page.contains("<dd><b class=\"mine\">Dinas Uji Provinsi</b></dd>"), "the publisher");
    assert!(page.contains("<li><b class=\"mine\">Kamar Dagang dan Industri DKI Jakarta</b></li>"), "a participant");
    assert!(read(&out, "en/releases/rilis-satu/index.html").contains("<li><b class=\"mine\">Jakarta Chamber of Commerce and Industry</b></li>"));
    // A partial that reads `page` cannot be made once: each page includes it instead.
    std::fs::write(partials.join("org.html"), "<b data-page=\"{{ page.url }}\">{{ org.name }}</b>").unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "releases/rilis-satu/index.html").contains("<dd><b data-page=\"/releases/rilis-satu/\">Dinas Uji Provinsi</b></dd>"));
}
#[test]
fn a_rebuild_after_an_edit_writes_only_what_changed_and_equals_a_full_build() {
    let (tmp, site, out) = base_site();
    assert!(build(&site, &out, &[]).status.success());
    let r = site.join("content/releases/2021/2021-08-01-rilis-tiga.md");
    let text = std::fs::read_to_string(&r).unwrap().replace("Isi rilis tiga.", "Isi rilis tiga, disunting.");
    std::fs::write(&r, text).unwrap();
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // The page, the feed carrying its text, and the search files holding its words.
    let written: usize = err.split(" written").next().and_then(|s| s.rsplit('(').next()).and_then(|n| n.parse().ok()).expect("a written count");
    assert!((2..=8).contains(&written), "a handful of files, not all of them: {err}");
    assert!(err.contains("only the text of 1 release changed"), "only what shows the body was rendered: {err}");
    assert!(err.contains("; 1 release read, 2 from the cache"), "only the edited release was read again: {err}");
    assert!(read(&out, "releases/rilis-tiga/index.html").contains("disunting"));
    // Every full build to compare with reads everything: no build cache.
    let fresh = tmp.path().join("fresh");
    assert!(build(&site, &fresh, &["--no-cache"]).status.success());
    assert_eq!(tree(&out), tree(&fresh), "the same bytes as a full build");
    // A body edit in a release with charts, in both languages, then a title edit (lists
    // change: everything is rendered), a deleted output file (the output is not what the last
    // build left: everything), a theme edit: each equals a full build.
    let satu = site.join("content/releases/2021/2021-10-01-rilis-satu.md");
    let satu_en = site.join("content/releases/2021/2021-10-01-rilis-satu.en.md");
    let css = site.join("themes/default/static/css/extra.css");
    type Edit<'a> = Box<dyn Fn() + 'a>;
    let edits: Vec<(&str, Edit, bool)> = vec![
        ("body", Box::new(|| append(&satu, "\nKalimat baru.\n")), true),
        ("translation body", Box::new(|| append(&satu_en, "\nA new sentence.\n")), true),
        ("title", Box::new(|| replace_in(&satu, "title = \"Rilis Satu\"", "title = \"Rilis Satu Baru\"")), false),
        ("date", Box::new(|| replace_in(&satu, "date = 2021-10-01", "date = 2021-10-05")), false),
        ("deleted output", Box::new(|| std::fs::remove_file(out.join("tags/index.html")).unwrap()), false),
        (
            "theme",
            Box::new(|| {
                std::fs::create_dir_all(css.parent().unwrap()).unwrap();
                std::fs::write(&css, "p{}").unwrap();
            }),
            false,
        ),
    ];
    for (what, edit, quick) in edits {
        edit();
        let o = build(&site, &out, &[]);
        let err = stderr(&o);
        assert!(o.status.success(), "{what}: {err}");
        assert_eq!(err.contains("only the text of"), quick, "{what}: {err}");
        std::fs::remove_dir_all(&fresh).unwrap();
        assert!(build(&site, &fresh, &["--no-cache"]).status.success());
        assert!(tree(&out) == tree(&fresh), "{what}: the same bytes as a full build");
    }
    // A removed release leaves nothing behind.
    std::fs::remove_file(&r).unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success());
    assert!(!out.join("releases/rilis-tiga").exists() && !out.join("kinds/statement").exists());
}

#[test]
fn a_build_from_the_cache_gives_the_warnings_and_files_of_a_build_without_it() {
    let (tmp, site, out) = base_site();
    // More warnings than a build shows: figures typed by hand that no cited data backs, two
    // per release, in files that sort before the others.
    let release = |i: usize, body: &str| {
        let path = site.join(format!("content/releases/2020/2020-01-{:02}-banyak-{i}.md", i + 1));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let front =
            format!("+++\ntitle = \"Banyak {i}\"\ndate = 2020-01-{:02}T08:00:00+07:00\nkind = \"statement\"\nindicators = [\"pertumbuhan\"]\n+++\n", i + 1);
        std::fs::write(path, front + body).unwrap();
    };
    for i in 0..15 {
        release(i, &format!("Ekonomi tumbuh 9{i},25 persen, lalu 8{i},75 persen.\n"));
    }
    let warnings = |o: &Output| stderr(o).lines().filter(|l| !l.starts_with("built ")).collect::<Vec<_>>().join("\n");
    let first = build(&site, &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let fresh = tmp.path().join("fresh");
    let reference = build(&site, &fresh, &["--no-cache"]);
    assert_eq!(warnings(&first), warnings(&reference));
    assert!(warnings(&first).contains("and 10 more warnings"), "{}", warnings(&first));
    // The first files lose their warnings: warnings that were only counted must now be shown.
    for i in 0..3 {
        release(i, "Tanpa angka.\n");
    }
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("; 3 releases read, 15 from the cache"), "{err}");
    std::fs::remove_dir_all(&fresh).unwrap();
    let reference = build(&site, &fresh, &["--no-cache"]);
    assert_eq!(warnings(&o), warnings(&reference));
    assert!(warnings(&o).contains("2020-01-04-banyak-3.md:7:16: warning"), "{}", warnings(&o));
    assert_eq!(tree(&out), tree(&fresh));
    // An error in an edited file is reported where it is, and the output stays as it was.
    let before = tree(&out);
    release(4, "{{ figure(indicator=\"pertumbuhn\", period=\"2021-Q2\") }}\n");
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("2020-01-05-banyak-4.md:7:") && err.contains("pertumbuhan"), "{err}");
    assert_eq!(tree(&out), before);
    // A file other than a release (here site.toml) changed: everything is read again.
    release(4, "Diperbaiki.\n");
    append(&site.join("content/site.toml"), "\n# disunting\n");
    let o = build(&site, &out, &[]);
    assert!(o.status.success() && !stderr(&o).contains("from the cache"), "{}", stderr(&o));
    // A damaged cache is ignored: a file that is not one, texts that are not what was written.
    std::fs::write(site.join(".warta-cache/releases.bin"), b"not a cache").unwrap();
    append(&site.join("content/releases/2020/2020-01-06-banyak-5.md"), "Lagi.\n");
    let o = build(&site, &out, &[]);
    assert!(o.status.success() && !stderr(&o).contains("from the cache"), "{}", stderr(&o));
    let texts = site.join(".warta-cache/texts");
    replace_in(&texts, "Diperbaiki.", "Diperbaikx.");
    append(&site.join("content/releases/2020/2020-01-07-banyak-6.md"), "Lagi.\n");
    let o = build(&site, &out, &[]);
    assert!(o.status.success() && !stderr(&o).contains("from the cache"), "{}", stderr(&o));
    assert!(read(&out, "releases/banyak-4/index.html").contains("Diperbaiki."));
    // Edits append their texts to the cache's texts file instead of writing it again.
    let sizes: Vec<u64> = (0..8)
        .map(|i| {
            append(&site.join("content/releases/2020/2020-01-08-banyak-7.md"), &format!("Tambahan {i}.\n"));
            let o = build(&site, &out, &[]);
            assert!(stderr(&o).contains("; 1 release read"), "{}", stderr(&o));
            std::fs::metadata(&texts).unwrap().len()
        })
        .collect();
    assert!(sizes.windows(2).all(|w| w[1] > w[0]), "appended: {sizes:?}");
    std::fs::remove_dir_all(&fresh).unwrap();
    assert!(build(&site, &fresh, &["--no-cache"]).status.success());
    assert_eq!(tree(&out), tree(&fresh));
}

#[test]
fn raw_html_keeps_its_markup_but_never_runs_script() {
    let (_tmp, site, out) = base_site();
    let r = site.join("content/releases/2021/2021-09-28-rilis-dua.md");
    let text = std::fs::read_to_string(&r).unwrap()
        + "\n<div class=\"catatan\" onmouseover=\"alert(1)\">Catatan <a href=\"javascript:alert(2)\">tautan</a></div>\n\n<script>alert(3)</script>\n\n<iframe src=\"https://video.example/embed/1\" title=\"Video\"></iframe>\n\nLihat [data](JavaScript:alert(4)).\n";
    std::fs::write(&r, text).unwrap();
    let o = build(&site, &out, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let page = read(&out, "releases/rilis-dua/index.html");
    let body = page.split("<main").nth(1).unwrap();
    assert!(body.contains("<p>Lihat data.</p>"), "a Markdown link to script keeps its text only: {body}");
    assert!(body.contains("<div class=\"catatan\">Catatan <a>tautan</a></div>"), "{body}");
    assert!(body.contains("<iframe src=\"https://video.example/embed/1\" title=\"Video\"></iframe>"));
    assert!(!body.contains("alert("), "no script survives");
    assert!(!read(&out, "atom.xml").contains("alert("), "nor in the feed");
    // build warns, check lists each removal with its line.
    assert!(err.contains("2021-09-28-rilis-dua.md:10:"), "{err}");
    let o = warta(&["check", "--site", site.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("warning: an event handler `onmouseover` in raw HTML is removed from the page"), "{text}");
    assert!(text.contains("warning: a javascript: URL in raw HTML is removed from the page"));
    assert!(text.contains("2021-09-28-rilis-dua.md:12:1: warning: a <script> element in raw HTML is removed from the page"), "{text}");
    assert!(text.contains("2021-09-28-rilis-dua.md:16:7: warning: a link to a javascript: URL is removed from the page"), "{text}");
}

#[test]
fn init_new_release_and_new_indicator_give_files_that_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("situs");
    let s = site.to_str().unwrap();
    let o = warta(&["init", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(warta(&["init", s]).status.code(), Some(2), "init never writes over a site");
    let out = tmp.path().join("out");
    let now = "2099-01-01T00:00:00+07:00";
    let o = build(&site, &out, &["--now", now]);
    assert!(o.status.success(), "a new site builds as it is: {}", stderr(&o));
    assert!(read(&out, "index.html").contains("Contoh: Rilis Pertama"));

    let o = warta(&["new", "release", "Pelatihan Ekspor “Kerajinan” 2026", "--kind", "meeting", "--site", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    let created = String::from_utf8_lossy(&o.stdout);
    assert!(created.contains("-pelatihan-ekspor-kerajinan-2026.md"), "{created}");
    let o = warta(&["new", "release", "Pelatihan Ekspor “Kerajinan” 2026", "--lang", "en", "--site", s]);
    assert!(o.status.success(), "a translation beside the original: {}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("-pelatihan-ekspor-kerajinan-2026.en.md"));
    assert_eq!(warta(&["new", "release", "Tidak Ada", "--lang", "en", "--site", s]).status.code(), Some(2), "no original to translate");
    let o = warta(&["new", "indicator", "ekspor-kerajinan", "--site", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(warta(&["new", "indicator", "ekspor-kerajinan", "--site", s]).status.code(), Some(2), "never overwrites");

    // The new release is a draft: built only in a preview, and the whole site still builds.
    let o = build(&site, &out, &["--now", now]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("releases/pelatihan-ekspor-kerajinan-2026").exists());
    let o = build(&site, &out, &["--now", now, "--preview"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "releases/pelatihan-ekspor-kerajinan-2026/index.html").contains("Pelatihan Ekspor “Kerajinan” 2026"));
    assert!(out.join("indicators/ekspor-kerajinan/index.html").exists());
}

#[test]
fn serve_rebuilds_on_change_and_keeps_the_last_good_site_on_error() {
    let (_tmp, site, _out) = base_site();
    // Stopped when dropped, also when an assertion fails.
    let server = common::Server::start(&site, &["--port", "0"], true);
    let addr = server.addr.clone();
    assert!(addr.starts_with("127.0.0.1:"), "loopback by default: {addr}");
    let (status, body) = http_get(&addr, "/releases/rilis-tiga/");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("Isi rilis tiga.") && body.contains("/__warta/events"), "page with the reload script");
    for evil in ["/../Cargo.toml", "/%2e%2e/%2e%2e/etc/passwd", "/releases/../../content/site.toml"] {
        let (status, body) = http_get(&addr, evil);
        assert!(status.contains("404") && !body.contains("base_url"), "{evil}: {status}");
    }
    let r = site.join("content/releases/2021/2021-08-01-rilis-tiga.md");
    let original = std::fs::read_to_string(&r).unwrap();
    std::fs::write(&r, original.replace("Isi rilis tiga.", "Isi rilis tiga, diperbarui.")).unwrap();
    let changed = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        http_get(&addr, "/releases/rilis-tiga/").1.contains("diperbarui")
    });
    assert!(changed, "the edit is served");
    // A broken file: the last good site stays.
    std::fs::write(&r, original.replace("kind = \"statement\"", "kind = \"statemen\"")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(http_get(&addr, "/releases/rilis-tiga/").1.contains("diperbarui"), "last good build still served");
    // A page opened now gets the error for its overlay at once.
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    write!(stream, "GET /__warta/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("unknown kind") {
        let n = stream.read(&mut buf).expect("events arrive");
        assert!(n > 0, "stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("event: error-report") && seen.contains("2021-08-01-rilis-tiga.md:4:8"), "{seen}");
}

#[test]
fn check_reports_links_alt_text_and_heading_order_like_a_compiler() {
    let (_tmp, site, _out) = base_site();
    let r = site.join("content/releases/2021/2021-09-28-rilis-dua.md");
    let text = std::fs::read_to_string(&r).unwrap()
        + "\nLihat [rilis satu](/releases/rilis-satu/#tumbuhnya-ekonomi), [rilis lama](/releases/tidak-ada/) dan [bagian](/releases/rilis-satu/#tidak-ada).\n\n#### Terlalu dalam\n\n![](/files/grafik.png)\n";
    std::fs::write(&r, text).unwrap();
    let o = warta(&["check", "--site", site.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "warnings only: {out}");
    assert!(out.contains("content/releases/2021/2021-09-28-rilis-dua.md:10:62: warning: the link `/releases/tidak-ada/` leads to no page or file of the site\n   |\n10 | … satu](/releases/rilis-satu/#tumbuhnya-ekonomi), [rilis lama](/releases/tidak-ada/)"), "{out}");
    assert!(out.contains("warning: the link `/releases/rilis-satu/#tidak-ada` points to `#tidak-ada`, which is not on that page"));
    assert!(!out.contains("#tumbuhnya-ekonomi`"), "a good anchor is fine");
    assert!(out.contains("2021-09-28-rilis-dua.md:12:1: warning: this heading is level 4 after level 1: a level is skipped"), "{out}");
    assert!(
        out.contains(
            "2021-09-28-rilis-dua.md:14:1: warning: this image has no alt text\n   |\n14 | ![](/files/grafik.png)\n   | ^\n   = help: describe what it shows"
        ),
        "{out}"
    );
    let o = warta(&["check", "--site", site.to_str().unwrap(), "--strict"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_static_symlink_cannot_publish_a_file_from_outside_the_site() {
    let (tmp, site, out) = base_site();
    let secret = tmp.path().join("rahasia.txt");
    std::fs::write(&secret, "kata sandi").unwrap();
    std::fs::create_dir_all(site.join("content/static")).unwrap();
    std::os::unix::fs::symlink(&secret, site.join("content/static/laporan.txt")).unwrap();
    let o = build(&site, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/static/laporan.txt: error: static files cannot be symbolic links"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// The seed's figures as it typed them ("10,91 persen", "2,54 persen", ...) all resolve to the
/// example site's datasets, as known on 1 October 2021: `check` finds nothing to warn about.
#[test]
fn the_seeds_typed_figures_resolve_to_the_example_data() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&root().join("content"), &site.join("content"));
    let seed = site.join("content/releases/2021/2021-10-01-sinergi-21-asosiasi-industri.md");
    let text = std::fs::read_to_string(&seed).unwrap();
    let typed = text
        .replace(r#"{{ figure(indicator="jakarta-grdp-growth", period="2021-Q2") }}"#, "10,91 persen")
        .replace(r#"{{ figure(indicator="jakarta-growth-sources", period="2021-Q2", series="industri-pengolahan") }}"#, "2,54 persen")
        .replace(r#"{{ figure(indicator="jakarta-growth-sources", period="2021-Q2", series="perdagangan") }}"#, "2,01 persen")
        .replace(r#"{{ figure(indicator="jakarta-growth-sources", period="2021-Q2", series="akomodasi") }}"#, "1,59 persen");
    assert!(typed.contains("tumbuh sebesar 10,91 persen (Year on Year/YoY)") && typed.contains("sebesar 1,59 persen."), "the seed's own wording");
    std::fs::write(&seed, &typed).unwrap();
    let o = warta(&["check", "--site", site.to_str().unwrap(), "--strict"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
    // And a typo is caught, with the value it probably meant.
    // (Not the contract's 2,10: the check reads numbers without their sign, as a contraction
    // is often typed "kontraksi 2,14 persen", and -2,14 of 2020-Q4 is nearer to 2,10.)
    std::fs::write(&seed, typed.replace("2,01 persen", "2,02 persen")).unwrap();
    let o = warta(&["check", "--site", site.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("warning: the figure `2,02 persen` matches no value")
            && out.contains("the nearest value is 2,01 poin persen (jakarta-growth-sources, perdagangan, Tw II-2021)"),
        "{out}"
    );
}

#[test]
fn a_build_never_empties_a_folder_it_did_not_make() {
    let (_tmp, site, _out) = base_site();
    let o = build(&site, &site.join("content"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("was not made by `warta build`"));
    assert!(site.join("content/site.toml").exists() && site.join("content/releases/2021/2021-08-01-rilis-tiga.md").exists(), "nothing removed");
}

/// `serve`'s quick path: an edit applied to a loaded site, laid over the last build, gives
/// the bytes a full build of the edited site gives.
/// What `warta serve` builds with: in memory, a preview, at its own address, without the cache.
fn serve_args(site: &Path, out: PathBuf) -> warta::BuildArgs {
    warta::BuildArgs {
        site: site.to_path_buf(),
        output: out,
        now: chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+07:00").unwrap(),
        preview: true,
        base_url: Some("http://127.0.0.1:1234".into()),
        cache: false,
    }
}

#[test]
fn an_edit_applied_to_a_loaded_site_equals_a_full_build() {
    use warta::render::{self, Files};
    use warta::{apply_edit, load_site, BuildArgs, Edit};
    let (_tmp, site, out) = base_site();
    let args = serve_args(&site, out);
    let opts = render::Options { now: args.now, preview: true };
    let full = |args: &BuildArgs| -> Files {
        let loaded = load_site(args, None, true).unwrap_or_else(|_| panic!("the site loads"));
        render::render(&loaded.content, &loaded.theme, &opts).unwrap_or_else(|d| panic!("{:?}", d.into_sorted()))
    };
    let mut loaded = load_site(&args, None, true).unwrap_or_else(|_| panic!("the site loads"));
    let mut files = render::render(&loaded.content, &loaded.theme, &opts).unwrap_or_else(|_| panic!("renders"));
    let satu = site.join("content/releases/2021/2021-10-01-rilis-satu.md");
    let original = std::fs::read_to_string(&satu).unwrap();

    // A body edit of a release with a translation and a figure: its pages and feeds only.
    std::fs::write(&satu, original.replace("Paragraf kedua.", "Paragraf kedua, disunting.")).unwrap();
    match apply_edit(&mut loaded, &opts, std::slice::from_ref(&satu)) {
        Edit::Bodies(changed) => {
            assert!(changed.contains_key("releases/rilis-satu/index.html") && changed.contains_key("atom.xml"), "{:?}", changed.keys());
            assert!(changed.len() < 10, "a handful of files: {:?}", changed.keys());
            files.extend(changed);
        }
        _ => panic!("a body edit takes the quick path"),
    }
    let index = render::render_search(&loaded.content, &loaded.theme, &opts, &Default::default()).unwrap_or_else(|_| panic!("search"));
    render::replace_search(&mut files, index, &loaded.content.config.languages);
    let fresh = full(&args);
    let differ: Vec<&String> = fresh.keys().chain(files.keys()).filter(|k| fresh.get(*k) != files.get(*k)).collect();
    assert!(differ.is_empty(), "body edit: the same files as a full build; these differ: {differ:?}");

    // A title edit reaches lists and feeds: the whole site, from the loaded content.
    std::fs::write(&satu, original.replace("title = \"Rilis Satu\"", "title = \"Rilis Satu Baru\"")).unwrap();
    match apply_edit(&mut loaded, &opts, std::slice::from_ref(&satu)) {
        Edit::Site(all) => {
            let fresh = full(&args);
            let differ: Vec<&String> = fresh.keys().chain(all.keys()).filter(|k| fresh.get(*k) != all.get(*k)).collect();
            assert!(differ.is_empty(), "title edit: the same files as a full build; these differ: {differ:?}");
        }
        _ => panic!("a title edit renders the site"),
    }

    // A mistake is reported with its place; a new file needs a full load.
    std::fs::write(&satu, original.replace("kind = \"meeting\"", "kind = \"meting\"")).unwrap();
    match apply_edit(&mut loaded, &opts, std::slice::from_ref(&satu)) {
        Edit::Failed(warta::Failure::Content(d)) => {
            let text = d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
            assert!(text.contains("2021-10-01-rilis-satu.md:4:8") && text.contains("did you mean `meeting`?"), "{text}");
        }
        _ => panic!("a bad kind fails"),
    }
    let new = site.join("content/releases/2021/2021-11-01-baru.md");
    std::fs::write(&new, &original).unwrap();
    assert!(matches!(apply_edit(&mut loaded, &opts, &[new]), Edit::NotApplicable));
}

/// `/people/` and `/kinds/` answer in every language, like `/tags/` and `/organizations/`,
/// and the pages under them lead back to them.
#[test]
fn people_and_kinds_have_index_pages() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let people = read(&out, "people/index.html");
    assert!(people.contains("<h1 class=\"page-title\">Narasumber</h1>") && people.contains("href=\"/people/ratu/\""), "{people}");
    assert!(people.contains("Kepala Dinas Uji"), "with their role");
    let people_en = read(&out, "en/people/index.html");
    assert!(people_en.contains("<h1 class=\"page-title\">Speakers</h1>") && people_en.contains("href=\"/en/people/ratu/\""), "{people_en}");
    let kinds = read(&out, "kinds/index.html");
    assert!(kinds.contains("<h1 class=\"page-title\">Jenis rilis</h1>") && kinds.contains("href=\"/kinds/press-release/\""), "{kinds}");
    assert!(read(&out, "en/kinds/index.html").contains("href=\"/en/kinds/press-release/\""));
    assert!(read(&out, "people/ratu/index.html").contains("<p class=\"page-header__kicker\"><a href=\"/people/\">Narasumber</a></p>"));
    assert!(read(&out, "kinds/press-release/index.html").contains("<p class=\"page-header__kicker\"><a href=\"/kinds/\">Jenis rilis</a></p>"));
    assert!(read(&out, "en/tags/industri/index.html").contains("<p class=\"page-header__kicker\"><a href=\"/en/tags/\">Topics</a></p>"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.test/people/</loc>") && sitemap.contains("<loc>https://example.test/en/kinds/</loc>"));
}

// ---------------------------------------------------------------------------------------------
// A journalist citing a figure (second review of the example site): citations of data and of
// one figure, a corrected release's version, change notes in feeds and in translations, the
// download format, and the 404 page in every language.
// ---------------------------------------------------------------------------------------------

/// An indicator page says how to cite the dataset (source, licence, the date of its latest
/// value, permanent link) and its latest figure with period, value, status and release date,
/// in each language; its table gives every period's release date.
#[test]
fn an_indicator_page_says_how_to_cite_the_data_and_one_figure() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = read(&out, "indicators/pertumbuhan/index.html");
    assert!(id.contains("<h2 id=\"cite-heading\">Kutip data ini</h2>"), "{id}");
    assert!(id.contains("<div><dt>Data per</dt><dd><time datetime=\"2021-11-05\">5 November 2021</time></dd></div>"), "{id}");
    assert!(id.contains("<div><dt>Sumber</dt><dd>BPS Uji (<a href=\"https://bps.example.test\">https://bps.example.test</a>)</dd></div>"), "{id}");
    assert!(id.contains("<div><dt>Lisensi</dt><dd>CC BY 4.0</dd></div>"));
    assert!(
        id.contains(
            "<p class=\"citation\">BPS Uji. (5 November 2021). Pertumbuhan ekonomi [data]. Warta Uji. https://example.test/indicators/pertumbuhan/</p>"
        ),
        "{id}"
    );
    assert!(
        id.contains("Pertumbuhan ekonomi, Tw II-2021: 10,94 persen (angka revisi, dirilis 5 November 2021). Sumber: BPS Uji, melalui Warta Uji: https://example.test/indicators/pertumbuhan/#v-2021-Q2"),
        "{id}"
    );
    assert!(id.contains("id=\"v-2021-Q2\""), "the figure's link leads to its cell");
    // The table: each row's status and release date.
    assert!(id.contains("<th scope=\"col\">Diterbitkan</th>") && id.contains("<td>angka revisi</td>\n        <td>5 November 2021</td>"), "{id}");
    let en = read(&out, "en/indicators/pertumbuhan/index.html");
    assert!(en.contains("<div><dt>Data as of</dt><dd><time datetime=\"2021-11-05\">5 November 2021</time></dd></div>"), "{en}");
    assert!(
        en.contains("Economic growth, Q2 2021: 10.94 percent (revised, released 5 November 2021). Source: BPS Uji, via Test Bulletin: https://example.test/en/indicators/pertumbuhan/#v-2021-Q2"),
        "{en}"
    );
    // A dataset with series cites its first series, named.
    let sumber = read(&out, "indicators/sumber/index.html");
    assert!(sumber.contains("Sumber pertumbuhan (Industri pengolahan), Tw II-2021: 2,54 poin persen (angka tetap, dirilis 5 Agustus 2021)"), "{sumber}");
}

/// A row whose series differ in status says each series' own, not the first one's for all.
#[test]
fn a_table_row_gives_each_series_status_when_they_differ() {
    let (_tmp, site, out) = base_site();
    let sumber = site.join("content/indicators/sumber.toml");
    replace_in(
        &sumber,
        "series = \"dagang\"\nvalue = 2.01\npublished = 2021-08-05",
        "series = \"dagang\"\nvalue = 2.01\npublished = 2021-08-06\nstatus = \"preliminary\"",
    );
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out, "indicators/sumber/index.html");
    assert!(
        page.contains("<td>Industri pengolahan: angka tetap; Perdagangan: angka sementara</td>\n        <td>Industri pengolahan: 5 Agustus 2021; Perdagangan: 6 Agustus 2021</td>"),
        "{page}"
    );
}

/// A dataset whose values do not say when they were released is cited without a date.
#[test]
fn an_undated_dataset_is_cited_without_a_date() {
    let (_tmp, site, out) = base_site();
    let pertumbuhan = site.join("content/indicators/pertumbuhan.toml");
    let text = std::fs::read_to_string(&pertumbuhan).unwrap();
    // Without dates there are no revisions: the 2021-Q2 value is the revised one alone.
    let undated = text.replace("[[observations]]\nperiod = \"2021-Q2\"\nvalue = 10.91\npublished = 2021-08-05\nstatus = \"preliminary\"\n", "");
    let undated: Vec<&str> = undated.lines().filter(|l| !l.starts_with("published")).collect();
    std::fs::write(&pertumbuhan, undated.join("\n")).unwrap();
    // The release cites a value "as known on its date", which an undated value always is.
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out, "indicators/pertumbuhan/index.html");
    assert!(!page.contains("Data per"), "{page}");
    assert!(page.contains("<p class=\"citation\">BPS Uji. Pertumbuhan ekonomi [data]. Warta Uji. https://example.test/indicators/pertumbuhan/</p>"), "{page}");
    assert!(page.contains("Pertumbuhan ekonomi, Tw II-2021: 10,94 persen (angka revisi). Sumber: BPS Uji"), "{page}");
}

/// A corrected release is cited with the date of its latest change; its feed entries carry
/// the change notes (the entry's `updated` moved, and a reader sees what changed); a
/// translation that shares the original's notes marks them with the original's language.
#[test]
fn a_corrected_release_is_cited_as_updated_and_its_notes_reach_feeds_and_translations() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out, "releases/rilis-satu/index.html");
    assert!(page.contains("<div><dt>Diperbarui</dt><dd><time datetime=\"2021-10-02T10:00:00+07:00\">Sabtu, 2 Oktober 2021</time>"), "{page}");
    assert!(page.contains("(1 Okt 2021; diperbarui 2 Okt 2021). Rilis Satu. https://example.test/releases/rilis-satu/</p>"), "{page}");
    let en = read(&out, "en/releases/rilis-satu/index.html");
    assert!(en.contains("(1 Oct 2021; updated 2 Oct 2021). Release One. https://example.test/en/releases/rilis-satu/</p>"), "{en}");
    assert!(en.contains("<p class=\"change__note\" lang=\"id\">Nama asosiasi diperbaiki.</p>"), "{en}");
    assert!(page.contains("<p class=\"change__note\">Nama asosiasi diperbaiki.</p>"), "{page}");
    let feed = read(&out, "atom.xml");
    assert!(
        feed.contains("&lt;h2&gt;Ralat dan pembaruan&lt;/h2&gt;") && feed.contains("&lt;strong&gt;Ralat&lt;/strong&gt; &lt;time datetime=&quot;2021-10-02T10:00:00+07:00&quot;&gt;Sabtu, 2 Oktober 2021&lt;/time&gt;: Nama asosiasi diperbaiki."),
        "{feed}"
    );
    let feed_en = read(&out, "en/atom.xml");
    assert!(
        feed_en.contains("&lt;strong&gt;Correction&lt;/strong&gt;")
            && feed_en.contains("&lt;span lang=&quot;id&quot;&gt;Nama asosiasi diperbaiki.&lt;/span&gt;"),
        "{feed_en}"
    );
    // A translation that writes its own notes has them in its own language.
    let satu_en = site.join("content/releases/2021/2021-10-01-rilis-satu.en.md");
    replace_in(&satu_en, "summary = \"Summary of release one.\"\n", "summary = \"Summary of release one.\"\n\n[[changes]]\ndate = 2021-10-02T10:00:00+07:00\nkind = \"correction\"\nnote = \"Association name corrected.\"\n");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "en/releases/rilis-satu/index.html").contains("<p class=\"change__note\">Association name corrected.</p>"));
    assert!(read(&out, "en/atom.xml").contains("&lt;/time&gt;: Association name corrected.&lt;/li&gt;"));
}

/// Next to the downloads, the page says how the CSV is written (encoding, separator,
/// decimal mark, dates, unit, status codes) in the page's language.
#[test]
fn the_downloads_say_how_the_csv_is_written() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = read(&out, "indicators/pertumbuhan/index.html");
    assert!(
        id.contains("<p class=\"downloads__note\">Berkas CSV berupa teks UTF-8 yang dipisahkan koma, dengan titik sebagai tanda desimal (10.91)")
            && id.contains("Satuan nilai: persen."),
        "{id}"
    );
    // Saved under the dataset's name: two downloads are not `data.csv` and `data (1).csv`.
    assert!(id.contains("href=\"/indicators/pertumbuhan/data.csv\" download=\"pertumbuhan.csv\""), "{id}");
    assert!(id.contains("href=\"/indicators/pertumbuhan/data.json\" download=\"pertumbuhan.json\""), "{id}");
    let csv = read(&out, "indicators/pertumbuhan/data.csv");
    assert!(csv.starts_with("period,series,value,published,status\n") && csv.contains("2021-Q2,,10.94,2021-11-05,revised"), "what the note describes: {csv}");
    let en = read(&out, "en/indicators/peserta/index.html");
    assert!(en.contains("with a point as the decimal mark (10.91) and dates written YYYY-MM-DD. Unit of the values: count."), "{en}");
}

/// A static host serves one 404 page for every unknown address: each language's 404 page
/// helps in the other languages too, each in its own words and marked with its `lang`.
#[test]
fn the_404_page_helps_in_every_language() {
    let (_tmp, site, out) = base_site();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = read(&out, "404.html");
    assert!(id.contains("<h1 class=\"page-title\">Halaman tidak ditemukan</h1>") && id.contains("<a href=\"/search/\">Cari di situs ini</a>"), "{id}");
    assert!(id.contains("<section class=\"not-found-other\" lang=\"en\" aria-labelledby=\"not-found-en\">"), "{id}");
    assert!(id.contains("<h2 id=\"not-found-en\">Page not found</h2>") && id.contains("<a href=\"/en/\" hreflang=\"en\">Back to the home page</a>"), "{id}");
    let en = read(&out, "en/404.html");
    assert!(en.contains("<h2 id=\"not-found-id\">Halaman tidak ditemukan</h2>") && en.contains("<a href=\"/\" hreflang=\"id\">Kembali ke beranda</a>"), "{en}");
    assert!(!en.contains("lang=\"en\" aria-labelledby=\"not-found-en\""), "not its own language twice");
}

// ---------------------------------------------------------------------------- helper-small: reviewers' defects

/// macOS leaves `._name` (AppleDouble: binary, not UTF-8) beside every file copied from its
/// disks, and `.DS_Store` in every folder it opened: hidden files of the content folders are
/// not content. `content/static/` is published whole, `.well-known/` included.
#[test]
fn hidden_files_in_content_folders_are_skipped_and_static_keeps_them() {
    let (_tmp, site, out) = base_site();
    let apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe";
    let c = site.join("content");
    for rel in ["releases/2021/._2021-10-01-rilis-satu.md", "pages/._tentang.md", "indicators/._pertumbuhan.toml"] {
        std::fs::write(c.join(rel), apple_double).unwrap();
    }
    for dir in ["releases", "releases/2021", "pages", "indicators"] {
        std::fs::write(c.join(dir).join(".DS_Store"), apple_double).unwrap();
    }
    std::fs::create_dir_all(c.join("releases/.trash")).unwrap();
    std::fs::write(c.join("releases/.trash/2021-10-01-Rilis Lama.md"), "+++\ntitle = 1\n+++\n").unwrap();
    std::fs::create_dir_all(c.join("static/.well-known")).unwrap();
    std::fs::write(c.join("static/.well-known/security.txt"), "Contact: mailto:humas@example.test\n").unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    assert_eq!(read(&out, ".well-known/security.txt"), "Contact: mailto:humas@example.test\n");
    let first = tree(&out);
    // The build cache sees the hidden files change, and the next build is the same.
    std::fs::write(c.join("releases/2021/._2021-10-01-rilis-satu.md"), b"\x00\x05\x16\x07 changed").unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(first == tree(&out), "the same pages");
    // A hidden file beside the releases does not cost the cache: an edit reads one release
    // (each build read them all while `._` files were counted as releases).
    replace_in(&c.join("releases/2021/2021-10-01-rilis-satu.md"), "+++\n", "+++\n# disunting\n");
    let o = build(&site, &out, &[]);
    assert!(o.status.success() && stderr(&o).contains("; 1 release read, "), "{}", stderr(&o));
    // `check` reads the content as `build` does.
    let o = warta(&["check", "--site", site.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The parts of `html` inside a `<p>`.
fn paragraphs(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<p>").into_iter().chain(rest.find("<p ")).min() {
        let end = rest[i..].find("</p>").map_or(rest.len(), |e| i + e);
        found.push(&rest[i..end]);
        rest = &rest[end..];
    }
    found
}

/// A `<figure>` cannot be inside a `<p>`: a chart written inside a sentence is shown after
/// the paragraph, in order, and `check` and `build` warn at the shortcode.
#[test]
fn a_chart_inside_a_sentence_is_shown_after_its_paragraph_with_a_warning() {
    let (_tmp, site, out) = base_site();
    let file = site.join("content/releases/2021/2021-08-01-rilis-tiga.md");
    append(
        &file,
        "\nTeks {{ chart(indicator=\"pertumbuhan\") }} teks *dan {{ chart(indicator=\"peserta\") }}* akhir.\n\n- butir {{ chart(indicator=\"pdrb\") }}\n",
    );
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let warning = "content/releases/2021/2021-08-01-rilis-tiga.md:9:6: warning: a chart must be a paragraph of its own";
    assert!(stderr(&o).contains(warning), "{}", stderr(&o));
    assert!(stderr(&o).contains("2021-08-01-rilis-tiga.md:9:53: warning: a chart must be"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("rilis-tiga.md:11:"), "a chart in a list item may stay there: {}", stderr(&o));
    for page in ["releases/rilis-tiga/index.html", "atom.xml"] {
        let html = read(&out, page).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
        for p in paragraphs(&html) {
            assert!(!p.contains("<figure"), "{page}: a paragraph holds a figure: {p}");
        }
        let text = html.find("<p>Teks  teks <em>dan </em> akhir.").unwrap_or_else(|| panic!("{page}: the text reads on: {html}"));
        let (one, two) = (html.find("id=\"chart-1\"").expect("chart 1"), html.find("id=\"chart-2\"").expect("chart 2"));
        assert!(text < one && one < two, "{page}: after the paragraph, in order");
        assert!(html.contains("<li>butir <figure"), "{page}: a list item may hold a figure");
    }
    let o = warta(&["check", "--site", site.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"]);
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.contains(warning), "{report}");
}

/// Lays links a writer types from the site's root over the base site: a photo and a page in
/// Markdown (a body kept from the load), the same in raw HTML (a body the sanitizer cleans),
/// and links the folder must not touch.
fn with_links_from_the_root(site: &Path) {
    std::fs::create_dir_all(site.join("content/static/gambar")).unwrap();
    std::fs::write(site.join("content/static/gambar/foto.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    append(
        &site.join("content/releases/2021/2021-09-28-rilis-dua.md"),
        "\n![Foto rapat](/gambar/foto.png) Lihat [metodologi](/tentang/#isi), [Rilis Satu](/releases/rilis-satu/), [CDN](//cdn.example/x.js) dan [foto](../../gambar/foto.png).\n",
    );
    append(
        &site.join("content/releases/2021/2021-08-01-rilis-tiga.md"),
        "\n<p class=\"catatan\"><img src=\"/gambar/foto.png\" alt=\"Foto\"> <a href=\"/tentang/\">Tentang</a></p>\n\nLihat [rilis dua](/releases/rilis-dua/).\n",
    );
    append(&site.join("content/pages/tentang.md"), "\n## Isi\n\nLihat [semua rilis](/releases/).\n");
}

/// The addresses a built file gives: HTML and XML attributes (`href`, `src`, `action`,
/// `poster`, `data-index`, `srcset`, in feeds' escaped HTML too), CSS `url()`, sitemap
/// `<loc>`, robots.txt's `Sitemap:`, JavaScript strings starting with `/`, and every JSON
/// string (of JSON files and JSON-LD) that is an address. Search term chunks hold no address
/// (their packed postings may start with `/`).
fn addresses_in(rel: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let ext = rel.rsplit('.').next().unwrap_or_default();
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    let text = if ext == "xml" { unescape(text) } else { text.to_string() };
    let between = |text: &str, open: &str, close: char| -> Vec<String> {
        text.split(open).skip(1).map(|rest| rest.split(close).next().unwrap_or_default().to_string()).collect()
    };
    if matches!(ext, "html" | "xml") {
        for attr in ["href", "src", "action", "poster", "data-index"] {
            for sep in [' ', '\n'] {
                found.extend(between(&text, &format!("{sep}{attr}=\""), '"').iter().map(|v| unescape(v)));
            }
        }
        for set in between(&text, " srcset=\"", '"') {
            found.extend(set.split(',').filter_map(|c| c.split_whitespace().next()).map(str::to_string));
        }
        found.extend(between(&text, "<loc>", '<'));
    }
    if ext == "css" || ext == "html" {
        found.extend(between(&text, "url(", ')').iter().map(|u| u.trim_matches(['"', '\'']).to_string()));
    }
    if ext == "js" {
        for quote in ['\'', '"', '`'] {
            found.extend(between(&text, &format!("{quote}/"), quote).iter().map(|s| format!("/{s}")));
        }
    }
    if ext == "txt" {
        found.extend(text.lines().filter_map(|l| l.strip_prefix("Sitemap: ")).map(str::to_string));
    }
    let mut json_texts: Vec<String> = between(&text, "<script type=\"application/ld+json\">", '<');
    if ext == "json" && !rel.contains("/t/") {
        json_texts.push(text.clone());
    }
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if s.starts_with("http") || (s.starts_with('/') && !s.contains(char::is_whitespace)) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    for json in json_texts {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{rel}: {e}"));
        strings(&v, &mut found);
    }
    found
}

/// The output file a site address (below the folder) is, as a static host finds it.
fn file_of_address(out: &Path, path: &str) -> Option<PathBuf> {
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let rel = path.trim_start_matches('/');
    let candidates = if rel.is_empty() || rel.ends_with('/') { vec![format!("{rel}index.html")] } else { vec![rel.to_string(), format!("{rel}/index.html")] };
    candidates.into_iter().map(|c| out.join(c)).find(|p| p.is_file())
}

/// The files of an output, with the content hashes in the search index's file names left
/// out (its documents carry the pages' addresses, so their hashes depend on the folder).
fn output_paths(out: &Path) -> std::collections::BTreeSet<String> {
    tree(out)
        .into_keys()
        .map(|p| {
            let p = p.to_string_lossy().replace('\\', "/");
            match (p.starts_with("search/"), p.rsplit_once('-')) {
                (true, Some((name, _))) => format!("{name}-#.json"),
                _ => p,
            }
        })
        .collect()
}

/// Hugo's `baseURL` with a path: a site served from `https://example.test/warta/` has the
/// files of one served from the root, and every address it writes (in every page, feed,
/// sitemap, JSON file, stylesheet and script, and in the links writers type from the root)
/// starts with `/warta/` and leads to one of them.
#[test]
fn a_site_served_from_a_folder_writes_every_address_below_it() {
    let (tmp, site, out) = base_site();
    with_links_from_the_root(&site);
    let root_out = tmp.path().join("root");
    let o = build(&site, &root_out, &["--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    replace_in(&site.join("content/site.toml"), "base_url = \"https://example.test\"", "base_url = \"https://example.test/warta/\"");
    let o = build(&site, &out, &["--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(output_paths(&out), output_paths(&root_out), "the same files, uploaded into the folder");

    let mut checked = std::collections::BTreeSet::new();
    for (path, bytes) in tree(&out) {
        let rel = path.to_string_lossy().replace('\\', "/");
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        // Every absolute address is the folder's; none has the folder twice.
        for (at, _) in text.match_indices("://example.test") {
            assert!(text[at..].starts_with("://example.test/warta"), "{rel}: {}", &text[at..(at + 60).min(text.len())]);
        }
        assert!(!text.contains("/warta/warta"), "{rel}: the folder twice");
        for address in addresses_in(&rel, text) {
            let in_site = match address.strip_prefix("https://example.test") {
                Some(rest) => rest.to_string(),
                None if address.starts_with('/') && !address.starts_with("//") => address.clone(),
                None => continue,
            };
            let below = in_site.strip_prefix("/warta").filter(|r| r.is_empty() || r.starts_with(['/', '#', '?']));
            let below = below.unwrap_or_else(|| panic!("{rel}: `{address}` is not below /warta/"));
            assert!(file_of_address(&out, below).is_some(), "{rel}: `{address}` leads to no file of the output");
            checked.insert(address);
        }
    }
    for address in [
        "/warta/css/warta.css",
        "/warta/css/search.css",
        "/warta/js/search.js",
        "/warta/search/id/index.json",
        "/warta/en/search/",
        "/warta/releases/page/2/",
        "/warta/en/releases/rilis-satu/",
        "/warta/indicators/pertumbuhan/#v-2021-Q2",
        "/warta/indicators/pertumbuhan/data.csv",
        "/warta/atom.xml",
        "/warta/en/tags/industri/atom.xml",
        "/warta/gambar/foto.png",
        "/warta/tentang/#isi",
        "/warta/tentang/",
        "/warta/releases/",
        "/warta/releases/rilis-dua/",
        "https://example.test/warta/sitemap.xml",
        "https://example.test/warta/en/releases/rilis-satu/",
        "https://example.test/warta/people/ratu/",
        "https://example.test/warta/indicators/pertumbuhan/data.csv",
    ] {
        assert!(checked.contains(address), "`{address}` was among the addresses checked: {checked:?}");
    }
    let dua = read(&out, "releases/rilis-dua/index.html");
    assert!(dua.contains("<a href=\"//cdn.example/x.js\">CDN</a>") && dua.contains("<a href=\"../../gambar/foto.png\">foto</a>"), "{dua}");
    assert!(read(&out, "releases/rilis-tiga/index.html").contains("<img src=\"/warta/gambar/foto.png\" alt=\"Foto\">"), "raw HTML too");
    assert!(read(&out, "berita/rilis-satu/index.html").contains("url=https://example.test/warta/releases/rilis-satu/"), "an alias redirects");
    let ld = read(&out, "api/indicators.json");
    assert!(ld.contains("\"site\": \"https://example.test/warta\""), "{ld}");
    // The ids of feed entries name the host, not where the pages are: they stay the same.
    assert!(read(&out, "atom.xml").contains("<id>tag:example.test,2021-10-01:id/releases/rilis-satu</id>"));

    // `check` finds the files a writer links to as written, from the site's root.
    let o = warta(&["check", "--site", site.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"]);
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(!report.contains("rilis-dua.md:") && !report.contains("rilis-tiga.md:"), "{report}");
    append(&site.join("content/releases/2021/2021-09-28-rilis-dua.md"), "\n![Hilang](/gambar/hilang.png)\n");
    let o = warta(&["check", "--site", site.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"]);
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.contains("rilis-dua.md:") && report.contains("/gambar/hilang.png"), "{report}");
}

/// The folder is part of every page: a build after one with another `base_url` (from
/// site.toml or `--base-url`), into the same output with the build cache, gives the files a
/// build without either gives.
#[test]
fn a_build_with_another_base_url_reuses_nothing_made_for_the_last() {
    let (tmp, site, out) = base_site();
    with_links_from_the_root(&site);
    let fresh = |name: &str, extra: &[&str]| {
        let dir = tmp.path().join(name);
        let o = build(&site, &dir, &[&["--no-cache"], extra].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        tree(&dir)
    };
    let (at_root, in_folder) = (fresh("root", &[]), fresh("folder", &["--base-url", "https://example.test/warta"]));
    assert!(in_folder[Path::new("releases/rilis-dua/index.html")].windows(7).any(|w| w == b"/warta/"));
    for (extra, want) in [(&[][..], &at_root), (&["--base-url", "https://example.test/warta/"][..], &in_folder), (&[][..], &at_root)] {
        let o = build(&site, &out, extra);
        assert!(o.status.success(), "{}", stderr(&o));
        let got = tree(&out);
        let differ: Vec<&PathBuf> =
            want.keys().chain(got.keys()).filter(|k| k.as_path() != Path::new(".warta-manifest.json") && want.get(*k) != got.get(*k)).collect();
        assert!(differ.is_empty(), "{extra:?}: these files differ from a build without the cache: {differ:?}");
    }
}

/// `serve` serves a site at the root of its own address, whatever folder site.toml names:
/// its pages, and the bodies the load made for the folder, link from `/`.
#[test]
fn serve_serves_a_site_from_a_folder_at_its_own_root() {
    use warta::render;
    let (_tmp, site, out) = base_site();
    with_links_from_the_root(&site);
    replace_in(&site.join("content/site.toml"), "base_url = \"https://example.test\"", "base_url = \"https://example.test/warta\"");
    let args = serve_args(&site, out);
    let loaded = warta::load_site(&args, None, true).unwrap_or_else(|_| panic!("the site loads"));
    let files = render::render(&loaded.content, &loaded.theme, &render::Options { now: args.now, preview: true }).unwrap_or_else(|_| panic!("renders"));
    let page = |rel: &str| match &files[rel] {
        render::FileData::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        render::FileData::Copy(_) => panic!("{rel} is a page"),
    };
    let dua = page("releases/rilis-dua/index.html");
    assert!(dua.contains("<img src=\"/gambar/foto.png\" alt=\"Foto rapat\" />") && dua.contains("href=\"/css/warta.css\""), "{dua}");
    assert!(page("releases/rilis-tiga/index.html").contains("<img src=\"/gambar/foto.png\" alt=\"Foto\">"));
    assert!(!files.values().any(|f| matches!(f, render::FileData::Bytes(b) if b.windows(7).any(|w| w == b"/warta/"))), "nothing names the folder");
}

/// `content/directory/tags.toml` names a tag in each language: lists, pages, feeds, JSON-LD
/// and the search use the name of the page's language, the address keeps the slug, and the
/// tag index is in the order of the names. A name for a tag no release has is a warning.
#[test]
fn a_tag_is_shown_by_its_name_in_each_language() {
    let (_tmp, site, out) = base_site();
    let tags = "[[tag]]\nid = \"ukm\"\nname = { id = \"UKM\", en = \"Small & medium enterprises\" }\n\n\
                [[tag]]\nid = \"industri\"\nname = { id = \"Industri\", en = \"Trade and industry\" }\n\n\
                [[tag]]\nid = \"ukmm\"\nname = \"Typo\"\n";
    std::fs::write(site.join("content/directory/tags.toml"), tags).unwrap();
    let o = build(&site, &out, &["--no-cache"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("content/directory/tags.toml:10:6: warning: no release has the tag `ukmm`"), "{err}");
    assert!(err.contains("did you mean `ukm`?"), "{err}");

    // The index in the order of the English names (the slugs' order is the other way round).
    let index = read(&out, "en/tags/index.html");
    let (small, trade) = (index.find(">Small &amp; medium enterprises</a>"), index.find(">Trade and industry</a>"));
    assert!(small.is_some() && trade.is_some() && small < trade, "{index}");
    assert!(index.contains("<a href=\"/en/tags/ukm/\">Small &amp; medium enterprises</a>"), "the address keeps the slug");
    let index_id = read(&out, "tags/index.html");
    assert!(index_id.find(">Industri</a>") < index_id.find(">UKM</a>"), "{index_id}");

    let release = read(&out, "en/releases/rilis-satu/index.html");
    assert!(release.contains("rel=\"tag\">Small &amp; medium enterprises</a>"), "{release}");
    assert!(release.contains(r#""keywords":["Trade and industry","Small \u0026 medium enterprises"]"#), "JSON-LD, in the release's order");
    assert!(read(&out, "releases/rilis-satu/index.html").contains("rel=\"tag\">UKM</a>"));
    assert!(read(&out, "en/tags/ukm/index.html").contains("<title>Topic: Small &amp; medium enterprises"), "the tag page's title");
    let feed = read(&out, "en/atom.xml");
    assert!(feed.contains("<category term=\"ukm\" label=\"Small &amp; medium enterprises\"/>"), "{feed}");
    assert!(read(&out, "en/tags/ukm/atom.xml").contains("<title>Topic: Small &amp; medium enterprises</title>"), "the tag feed's title");

    // The English search finds a release by its tag's English name, and still by the slug.
    let files: Vec<(String, Vec<u8>)> =
        tree(&out).into_iter().filter_map(|(p, bytes)| p.starts_with("search").then(|| (p.to_str().unwrap().replace('\\', "/"), bytes))).collect();
    for q in ["enterprises", "ukm"] {
        let hits = warta::search::query(&files, "en", q, 10).unwrap().hits;
        assert!(hits.iter().any(|h| h.url == "/en/releases/rilis-satu/"), "{q}: {:?}", hits.iter().map(|h| &h.url).collect::<Vec<_>>());
    }
}

/// A site's own theme that hard-codes addresses from the root of the host works there and
/// leads out of the site in a folder: a build for a folder warns at the template's line and
/// column and at the stylesheet's, once per place and address (not once per page), and says
/// what to write; at the root it says nothing. A rebuild that renders only an edited body
/// gives the same warnings. Addresses in a `<pre>`, in text and in writers' bodies are not
/// the theme's.
#[test]
fn a_theme_address_outside_the_sites_folder_is_a_warning_at_its_template() {
    let (tmp, site, out) = base_site();
    with_links_from_the_root(&site);
    copy_dir(&root().join("tests/fixtures/folder-theme"), &site);
    let in_folder = ["--no-cache", "--base-url", "https://example.org/laporan"];
    let o = build(&site, &out, &in_folder);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let pages = tree(&out).keys().filter(|p| p.extension().is_some_and(|e| e == "html") && !p.starts_with("berita")).count();
    for expected in [
        format!("themes/default/templates/base.html:10:30: warning: `/css/site.css` is outside the site's folder `/laporan/`: served from https://example.org/laporan, it leads to https://example.org/css/site.css, not to the site; on {pages} pages, such as 404.html"),
        "= help: write `{{ site.path }}/css/site.css`: `site.path` is the folder (`/laporan`) and \"\" at the root of a host".to_string(),
        "themes/default/templates/base.html:11:46: warning: `{{ site.base_url }}{{ page.url }}` writes".to_string(),
        "with the site's folder `/laporan/` twice, which lead to no file of the site".to_string(),
        "themes/default/templates/base.html:17:15: warning: `/laporan-old/` is outside the site's folder `/laporan/`".to_string(),
        "themes/default/static/css/site.css:3:19: warning: `/img/x.png` in this stylesheet is outside the site's folder `/laporan/`: served from https://example.org/laporan, the browser asks https://example.org/img/x.png for it".to_string(),
        "= help: write `../img/x.png`, relative to `css/site.css`".to_string(),
    ] {
        assert!(err.contains(&expected), "`{expected}` in:\n{err}");
    }
    assert_eq!(err.matches(": warning: ").count(), 4, "one warning per place and address: {err}");
    assert!(!err.contains("/contoh/") && !err.contains("/gambar/") && !err.contains("cdn.example"), "not the <pre>, not the bodies: {err}");

    // Only a body changed: its pages render again, and the theme's warnings are the same.
    append(&site.join("content/releases/2021/2021-09-28-rilis-dua.md"), "\nSatu kalimat lagi.\n");
    let o = build(&site, &out, &in_folder);
    assert!(stderr(&o).contains("only the text of 1 release changed"), "{}", stderr(&o));
    assert_eq!(stderr(&o).split("\nbuilt ").next(), err.split("\nbuilt ").next(), "the same warnings");

    let o = build(&site, &tmp.path().join("root"), &["--no-cache"]);
    assert!(o.status.success() && !stderr(&o).contains("warning"), "at the root of a host, the theme's addresses are the site's: {}", stderr(&o));

    // `check` lists them too, and `--strict` fails on them.
    replace_in(&site.join("content/site.toml"), "base_url = \"https://example.test\"", "base_url = \"https://example.org/laporan\"");
    let o = warta(&["check", "--strict", "--site", site.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"]);
    let report = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{report}");
    assert!(report.contains("themes/default/templates/base.html:10:30: error: `/css/site.css` is outside"), "{report}");
}

/// The built-in theme writes every address below the folder: the example site served from
/// one gives no warning, in `build` and in `check --strict`.
#[test]
fn the_built_in_theme_in_a_folder_gives_no_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let o = build(&root(), &tmp.path().join("out"), &["--no-cache", "--base-url", "http://127.0.0.1:1/laporan"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let site = tmp.path().join("site");
    copy_dir(&root().join("content"), &site.join("content"));
    replace_in(&site.join("content/site.toml"), "base_url = \"https://example.jakarta.go.id\"", "base_url = \"http://127.0.0.1:1/laporan\"");
    let o = warta(&["check", "--strict", "--site", site.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"]);
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
}
