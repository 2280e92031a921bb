//! `warta new` and `warta init`: files a publisher starts from, filled in and commented so
//! each field explains itself. Pure: these functions return file texts; `main` writes them.

use chrono::{DateTime, FixedOffset};

/// The slug a title gives: lowercase ASCII words joined by dashes ("Dinas PPKUKM Perkuat
/// Sinergi" -> "dinas-ppkukm-perkuat-sinergi"), at most eight words.
pub fn slug_from_title(title: &str) -> String {
    let s = slug::slugify(title);
    s.split('-').filter(|w| !w.is_empty()).take(8).collect::<Vec<_>>().join("-")
}

/// A new release in the default language, as a draft dated `now`.
pub fn release(title: &str, kind: &str, now: DateTime<FixedOffset>) -> String {
    let title = toml_string(title);
    format!(
        r#"+++
title = {title}
# Publication time. A time in the future keeps the release off the site (embargo) until a
# build runs at or after it: schedule one (cron, CI) for that time.
date = {date}
# meeting | press-release | statement | data-release
kind = "{kind}"
# The lead: one or two sentences shown in lists, feeds and search results.
summary = ""
# Topics, for the topic pages: for example ["industri", "ukm"].
tags = []
# Organizations that took part, by id (content/directory/organizations.toml).
participants = []
# People quoted, by id (content/directory/people.toml).
speakers = []
# Datasets the release draws on (content/indicators/). Print a figure from them with
# {{{{ figure(indicator="...", period="2021-Q2") }}}} and a chart with {{{{ chart(indicator="...") }}}}.
indicators = []
# Other releases to read next, by slug (the file name without its date and .md).
related = []
# A draft is left out of the site. Delete this line (or write false) to publish.
draft = true
+++
Tulis isi rilis di sini. Paragraf dipisahkan oleh baris kosong.

## Subjudul

Kutipan ditulis dengan tanda petik: “Kalimat narasumber,” ujar narasumber.
"#,
        date = now.format("%Y-%m-%dT%H:%M:00%:z"),
    )
}

/// A translation of an existing release, started from the original's title, summary and
/// text. The translation is published with its original at the next build (it has no
/// `draft` of its own), so what it holds before it is translated is the original's words,
/// never an empty summary or a placeholder sentence.
pub fn translation(original: &str, lang: &str) -> Result<String, String> {
    let split = crate::frontmatter::split(original).map_err(|e| e.message)?;
    let front: toml::Table = toml::from_str(split.front).map_err(|e| e.message().to_string())?;
    let field = |key: &str| front.get(key).and_then(toml::Value::as_str).unwrap_or_default().to_string();
    Ok(format!(
        r#"+++
# The `{lang}` translation. It is published together with its original at the next build:
# translate the title, the summary and the text below before you build. Everything else
# (date, participants, speakers, figures' data) comes from the original; a field written
# here replaces the original's, for example [[changes]] notes in this language.
title = {title}
summary = {summary}
+++
{body}"#,
        title = toml_string(&field("title")),
        summary = toml_string(&field("summary")),
        body = split.body,
    ))
}

/// The slug and language of a release file name (`2021-10-01-sinergi.en.md` gives
/// `sinergi`, `en`), as the loader reads them: the name without `.md`, a language suffix
/// from `languages` and a `YYYY-MM-DD-` date prefix. `None` for a file that is not Markdown.
pub fn release_slug<'a>(file_name: &str, languages: &'a [String], default_language: &'a str) -> Option<(String, &'a str)> {
    let stem = file_name.strip_suffix(".md")?;
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((stem, code)) => match languages.iter().find(|l| *l == code) {
            Some(l) => (stem, l.as_str()),
            None => (stem, default_language),
        },
        None => (stem, default_language),
    };
    let b = stem.as_bytes();
    let dated = b.len() > 11 && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() }) && b[10] == b'-';
    Some(((if dated { &stem[11..] } else { stem }).to_string(), lang))
}

/// A new indicator dataset, clearly marked as sample data until real values replace it.
pub fn indicator(id: &str) -> String {
    format!(
        r#"# Indicator `{id}`. Replace the sample values with figures from a named source.
# The title shows on the home page and above every chart: keep "(data contoh)" until the
# values below come from the source.
title = {{ id = "Judul indikator (data contoh)", en = "Indicator title (sample data)" }}
description = {{ id = "DATA CONTOH, bukan angka resmi: ganti dengan data dari sumbernya.", en = "SAMPLE DATA, not official figures: replace with data from the source." }}
# percent | percentage-point | rupiah | count | index | ratio
unit = "percent"
# growth-yoy | growth-qtq | growth-ctc | contribution | level | share
measure = "growth-yoy"
# annual | quarterly | monthly: periods are written 2021, 2021-Q2 or 2021-06
frequency = "quarterly"
decimals = 2
source = {{ name = "Nama sumber (contoh)", url = "https://example.org" }}
license = "CC BY 4.0"
# line | bar | column
chart = "line"

# One block per value. `published` is when the source released it; a later block for the
# same period with a later `published` is a revision, and releases keep quoting the value
# they knew. Instead of these blocks, `data = "{id}.csv"` may name a CSV beside this file
# with the columns period,value,published,status.
[[observations]]
period = "2021-Q1"
value = 1.23
published = 2021-05-05
status = "preliminary"

[[observations]]
period = "2021-Q2"
value = 2.34
published = 2021-08-05
status = "preliminary"
"#
    )
}

/// The files of a new site: (path inside the site folder, contents). Every name, figure and
/// source in it says it is a sample, so that nothing of it can pass for an official figure
/// if it is published before it is replaced.
pub fn site(now: DateTime<FixedOffset>) -> Vec<(String, String)> {
    let date = now.format("%Y-%m-%d").to_string();
    let year = now.format("%Y").to_string();
    // The sample release is dated at the minute `init` ran, not at a fixed hour: a release
    // dated later than the build's clock is embargoed, and a starter site made at 7 in the
    // morning would otherwise show no release until 9.
    let time = now.format("%Y-%m-%dT%H:%M:00%:z");
    let indicator = indicator("contoh-pertumbuhan").replace(
        r#"title = { id = "Judul indikator (data contoh)", en = "Indicator title (sample data)" }"#,
        r#"title = { id = "Pertumbuhan ekonomi (data contoh)", en = "Economic growth (sample data)" }"#,
    );
    vec![
        (
            "content/site.toml".into(),
            r#"# The site's settings. Everything marked "Contoh"/"Sample" is there to be replaced.
# The site's name, in each language (or one string for all).
title = { id = "Warta Contoh", en = "Sample Bulletin" }
# The address the site will be published at: the root of a domain, or a folder of it
# ("https://example.org/laporan"). Every link, feed and sitemap entry is made from it.
# `warta build --base-url URL` overrides it.
base_url = "https://example.org"
# The language of `name.md` files; the others are translations, `name.en.md`.
default_language = "id"
languages = ["id", "en"]
# Dates written without an offset (2021-10-01T09:30) are read in this time zone.
timezone = "Asia/Jakarta"
# The organization (content/directory/organizations.toml) that publishes releases,
# unless a release names another with `publisher = "..."`.
publisher = "dinas-contoh"
# Releases per page in lists.
paginate_by = 20
"#
            .into(),
        ),
        (
            "content/directory/organizations.toml".into(),
            r#"# Organizations, referred to by `id` in releases (publisher, participants) and people.
# An id is lowercase letters, digits and dashes: it becomes the page /organizations/<id>/.
# kind: agency | association | chamber | company | cooperative | other
# `short` (an abbreviation) and `url` are optional.

[[organization]]
id = "dinas-contoh"
name = "Dinas Contoh"
kind = "agency"

[[organization]]
id = "asosiasi-contoh"
name = "Asosiasi Contoh Indonesia"
short = "ASKO"
kind = "association"
"#
            .into(),
        ),
        (
            "content/directory/people.toml".into(),
            r#"# People quoted in releases, referred to by `id` in a release's `speakers`.
# `role` is given in each language; `organization` is an id from organizations.toml.

[[person]]
id = "kepala-dinas"
name = "Nama Kepala Dinas (contoh)"
role = { id = "Kepala Dinas Contoh", en = "Head of the Sample Agency" }
organization = "dinas-contoh"
"#
            .into(),
        ),
        ("content/indicators/contoh-pertumbuhan.toml".into(), indicator),
        (
            format!("content/releases/{year}/{date}-rilis-pertama.md"),
            format!(
                r#"+++
# A sample release: see docs/content.md for every field. The file name, without its date,
# is the release's address: /releases/rilis-pertama/.
title = "Contoh: Rilis Pertama"
date = {time}
kind = "press-release"
summary = "Contoh: rilis pertama situs ini, dengan angka dari data contoh."
tags = ["contoh"]
participants = ["asosiasi-contoh"]
speakers = ["kepala-dinas"]
indicators = ["contoh-pertumbuhan"]
+++
Ini rilis contoh. Menurut data contoh, angkanya {{{{ figure(indicator="contoh-pertumbuhan", period="2021-Q2") }}}} pada triwulan II-2021.

{{{{ chart(indicator="contoh-pertumbuhan") }}}}
"#
            ),
        ),
        (
            format!("content/releases/{year}/{date}-rilis-pertama.en.md"),
            r#"+++
# The English translation of the release beside it: the same file name with `.en`. It
# gives its own title, summary and text; the rest comes from the original.
title = "Sample: First Release"
summary = "Sample: this site's first release, with a figure from sample data."
+++
This is a sample release. According to the sample data, the figure was {{ figure(indicator="contoh-pertumbuhan", period="2021-Q2") }} in the second quarter of 2021.

{{ chart(indicator="contoh-pertumbuhan") }}
"#
            .into(),
        ),
        (
            "content/pages/tentang.md".into(),
            "+++\ntitle = \"Tentang\"\n+++\nSitus contoh ini dibuat dengan Warta. Ganti teks ini dengan keterangan tentang penerbit situs.\n".into(),
        ),
    ]
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_titles() {
        assert_eq!(
            slug_from_title("Dinas PPKUKM Perkuat Sinergisitas dengan 21 Asosiasi Industri"),
            "dinas-ppkukm-perkuat-sinergisitas-dengan-21-asosiasi-industri"
        );
        assert_eq!(slug_from_title("Ekspor “Kerajinan” Naik!"), "ekspor-kerajinan-naik");
    }

    #[test]
    fn release_front_matter_parses() {
        let now = DateTime::parse_from_rfc3339("2026-11-29T09:15:00+07:00").unwrap();
        let text = release("Judul \"kutip\"", "meeting", now);
        let front = crate::frontmatter::split(&text).unwrap().front;
        let v: toml::Table = toml::from_str(front).unwrap();
        assert_eq!(v["title"].as_str(), Some("Judul \"kutip\""));
        assert!(text.contains("date = 2026-11-29T09:15:00+07:00\n"));
        assert!(v.contains_key("date"));
    }

    /// The date of a release file's front matter.
    fn release_date(text: &str) -> DateTime<FixedOffset> {
        let front: toml::Table = toml::from_str(crate::frontmatter::split(text).unwrap().front).unwrap();
        DateTime::parse_from_rfc3339(&front["date"].as_datetime().unwrap().to_string()).unwrap()
    }

    #[test]
    fn a_site_made_early_in_the_morning_shows_its_release_at_once() {
        // Dated at 09:00 of the day, the sample release was embargoed until 9 for a site
        // made before then: the starter site showed no release.
        let now = DateTime::parse_from_rfc3339("2026-11-30T06:05:41+07:00").unwrap();
        let files = site(now);
        let release = files.iter().find(|(p, _)| p == "content/releases/2026/2026-11-30-rilis-pertama.md").expect("the sample release");
        assert!(release_date(&release.1) <= now, "{}", release.1);
        assert!(files.iter().any(|(p, _)| p == "content/releases/2026/2026-11-30-rilis-pertama.en.md"), "and its translation");
    }

    #[test]
    fn a_translation_starts_from_the_original_s_words() {
        let original = "+++\ntitle = \"Ekspor \\\"Kerajinan\\\" Naik\"\nsummary = \"Ringkasan.\"\ndate = 2021-10-01\n+++\nIsi {{ figure(indicator=\"a\", period=\"2021\") }}.\n";
        let text = translation(original, "en").unwrap();
        let split = crate::frontmatter::split(&text).unwrap();
        let front: toml::Table = toml::from_str(split.front).unwrap();
        assert_eq!(front["title"].as_str(), Some("Ekspor \"Kerajinan\" Naik"));
        assert_eq!(front["summary"].as_str(), Some("Ringkasan."), "never an empty summary that hides the original's");
        assert!(!front.contains_key("date"), "the date is the original's");
        assert_eq!(split.body, "Isi {{ figure(indicator=\"a\", period=\"2021\") }}.\n");
    }

    #[test]
    fn release_slugs_as_the_loader_reads_them() {
        let langs = ["id".to_string(), "en".to_string()];
        assert_eq!(release_slug("2021-10-01-sinergi.md", &langs, "id"), Some(("sinergi".into(), "id")));
        assert_eq!(release_slug("2021-10-01-sinergi.en.md", &langs, "id"), Some(("sinergi".into(), "en")));
        assert_eq!(release_slug("sinergi.md", &langs, "id"), Some(("sinergi".into(), "id")));
        assert_eq!(release_slug("2021-10-01-sinergi.md.swp", &langs, "id"), None);
    }
}
