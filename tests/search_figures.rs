//! A journalist searches for the figure they read: a release is found by the numbers its
//! `figure` shortcodes print ("10,91 persen" on the Indonesian page, "10.91 percent" on the
//! English one), through the build cache too; the datasets that hold a value are found by it
//! as well. The base fixture is built with the real binary
//! and its search files are searched as `search.js` searches them (`search::query`).

mod common;

use std::path::Path;
use std::process::Command;

use warta::search;

/// Builds `site` into `out` and returns its search files: (path below the output, bytes),
/// sorted, as `search::build_index` gives them.
fn build_search(site: &Path, out: &Path, extra: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut args = vec!["build", "--site", site.to_str().unwrap(), "--output", out.to_str().unwrap(), "--now", "2026-01-01T00:00:00+07:00"];
    args.extend_from_slice(extra);
    let o = Command::new(env!("CARGO_BIN_EXE_warta")).args(&args).output().expect("warta runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_str().unwrap().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    assert!(files.iter().any(|(p, _)| p == "search/id/index.json"), "no search index in {}", out.display());
    files
}

/// Asserts that two builds gave the same search files, naming those that differ.
fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b));
    let differ: Vec<&str> = a.iter().zip(b).filter(|(x, y)| x.1 != y.1).map(|(x, _)| x.0.as_str()).collect();
    assert!(differ.is_empty(), "these search files differ: {differ:?}");
}

fn found(files: &[(String, Vec<u8>)], lang: &str, q: &str) -> Vec<String> {
    search::query(files, lang, q, 10).unwrap().hits.into_iter().map(|h| h.url).collect()
}

#[test]
fn a_release_is_found_by_the_figures_it_prints() {
    let (tmp, site) = common::base_fixture();
    let files = build_search(&site, &tmp.path().join("out"), &["--no-cache"]);
    // Release one prints, in Indonesian, 10,91 persen (revised to 10,94 persen, which the
    // page notes), 2,54 poin persen, Rp2.772,4 triliun and 1.350; none of them is in its
    // text. Each is found as the page writes it, and in the other notation where that is
    // not ambiguous.
    // The datasets that hold the value are found too (their pages print it in the table).
    let release_and_data =
        |hits: Vec<String>, release: &str| hits.contains(&release.to_string()) && hits.iter().all(|h| h == release || h.contains("/indicators/"));
    for q in ["10,91", "10,91 persen", "10,94", "2,54", "Rp2.772,4", "2.772,4", "2772,4", "1.350", "1350", "10.91", "2.54"] {
        let hits = found(&files, "id", q);
        assert!(release_and_data(hits.clone(), "/releases/rilis-satu/"), "id: {q}: {hits:?}");
    }
    for q in ["10.91", "10.91 percent", "10.94", "2.54", "IDR 2,772.4", "2,772.4", "1,350", "1350", "10,91"] {
        let hits = found(&files, "en", q);
        assert!(release_and_data(hits.clone(), "/en/releases/rilis-satu/"), "en: {q}: {hits:?}");
    }
    assert!(found(&files, "id", "10,91").contains(&"/indicators/pertumbuhan/".to_string()));
    assert!(found(&files, "en", "10.94 percent").contains(&"/en/indicators/pertumbuhan/".to_string()));
    // A value only the data has (the first quarter's -1,65) finds the dataset alone.
    assert_eq!(found(&files, "id", "1,65"), ["/indicators/pertumbuhan/"]);
    // A number is one word: a part of it finds nothing, and neither does another value.
    for q in ["91", "10,9", "772"] {
        assert!(found(&files, "id", q).is_empty(), "id: {q}");
    }
}

#[test]
fn the_figures_words_follow_their_data_through_the_build_cache() {
    let (tmp, site) = common::base_fixture();
    let out = |name: &str| tmp.path().join(name);
    let first = build_search(&site, &out("a"), &[]);
    assert_eq!(found(&first, "id", "10,91"), ["/indicators/pertumbuhan/", "/releases/rilis-satu/"]);

    // The releases from the build cache, their words not: they are made again from the
    // text and the figures the cache kept, and give the same index.
    let analyses = site.join(".warta-cache/search.bin");
    assert!(analyses.is_file(), "the build left no search analyses at {}", analyses.display());
    std::fs::remove_file(&analyses).unwrap();
    assert_same(&build_search(&site, &out("b"), &[]), &first);

    // A correction of the data changes what the figure prints, not the body: the index
    // has the new value and no longer the old one, as a build without the cache has.
    let data = site.join("content/indicators/pertumbuhan.toml");
    let text = std::fs::read_to_string(&data).unwrap();
    assert!(text.contains("value = 10.91\n"));
    std::fs::write(&data, text.replace("value = 10.91\n", "value = 10.93\n")).unwrap();
    let corrected = build_search(&site, &out("c"), &[]);
    assert_eq!(found(&corrected, "id", "10,93"), ["/indicators/pertumbuhan/", "/releases/rilis-satu/"]);
    assert_eq!(found(&corrected, "en", "10.93"), ["/en/indicators/pertumbuhan/", "/en/releases/rilis-satu/"]);
    assert!(found(&corrected, "id", "10,91").is_empty());
    assert_same(&corrected, &build_search(&site, &out("d"), &["--no-cache"]));
}
