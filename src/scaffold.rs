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
# Publication time. A time in the future keeps the release off the site until then (embargo).
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

/// A translation of an existing release: only what a translation changes.
pub fn translation(title: &str) -> String {
    format!(
        "+++\n# A translation shares the original's date, participants and data; it changes only what it gives here.\ntitle = {}\nsummary = \"\"\n+++\nTranslated text.\n",
        toml_string(title)
    )
}

/// A new indicator dataset, clearly marked as sample data until real values replace it.
pub fn indicator(id: &str) -> String {
    format!(
        r#"# Indicator `{id}`. Replace the sample values with figures from a named source.
title = {{ id = "Judul indikator", en = "Indicator title" }}
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

/// The files of a new site: (path inside the site folder, contents).
pub fn site(now: DateTime<FixedOffset>) -> Vec<(String, String)> {
    let date = now.format("%Y-%m-%d").to_string();
    let year = now.format("%Y").to_string();
    vec![
        (
            "content/site.toml".into(),
            r#"title = { id = "Warta Contoh", en = "Sample Bulletin" }
base_url = "https://example.org"
default_language = "id"
languages = ["id", "en"]
timezone = "Asia/Jakarta"
publisher = "dinas-contoh"
paginate_by = 20
"#
            .into(),
        ),
        (
            "content/directory/organizations.toml".into(),
            r#"[[organization]]
id = "dinas-contoh"
name = "Dinas Contoh"
short = "Dinas Contoh"
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
            r#"[[person]]
id = "kepala-dinas"
name = "Nama Kepala Dinas"
role = { id = "Kepala Dinas Contoh", en = "Head of the Sample Agency" }
organization = "dinas-contoh"
"#
            .into(),
        ),
        ("content/indicators/contoh-pertumbuhan.toml".into(), indicator("contoh-pertumbuhan")),
        (
            format!("content/releases/{year}/{date}-rilis-pertama.md"),
            format!(
                r#"+++
title = "Contoh: Rilis Pertama"
date = {date}T09:00:00+07:00
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
        ("content/pages/tentang.md".into(), "+++\ntitle = \"Tentang\"\n+++\nSitus ini dibuat dengan Warta.\n".into()),
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
}
