//! schema.org JSON-LD for releases (NewsArticle), indicators (Dataset with DataDownload) and
//! publishers (GovernmentOrganization), so search engines and newsroom tools can read what a
//! page is, who published it and when.
//!
//! Pure: plain values in, a JSON string out, made safe to sit inside a `<script>` element.

use serde_json::value::RawValue;
use serde_json::{json, Value};

/// An organization as JSON-LD: `GovernmentOrganization` for agencies, `Organization` otherwise.
pub struct Org<'a> {
    pub name: &'a str,
    pub short: &'a str,
    pub kind: &'a str,
    /// Its page on this site.
    pub url: &'a str,
    pub website: &'a str,
}

pub fn organization(o: &Org) -> Value {
    let mut v = json!({
        "@type": if o.kind == "agency" { "GovernmentOrganization" } else { "Organization" },
        "name": o.name,
        "url": o.url,
    });
    if !o.short.is_empty() {
        v["alternateName"] = json!(o.short);
    }
    if !o.website.is_empty() {
        v["sameAs"] = json!(o.website);
    }
    v
}

/// A person as JSON-LD `Person`: their page on this site, and their role when the directory
/// gives one (an empty `jobTitle` is not a role).
pub fn person(name: &str, job_title: &str, url: &str) -> Value {
    let mut v = json!({ "@type": "Person", "name": name, "url": url });
    if !job_title.is_empty() {
        v["jobTitle"] = json!(job_title);
    }
    v
}

/// `value` serialized, to be copied as it is into the JSON it goes into.
pub fn raw(value: &Value) -> Box<RawValue> {
    RawValue::from_string(value.to_string()).expect("a serialized Value is JSON")
}

pub struct Article<'a> {
    pub headline: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub lang: &'a str,
    pub published: &'a str,
    pub modified: &'a str,
    /// Organizations as [`raw`] made them, once per language for every release that names them.
    pub publisher: Option<&'a RawValue>,
    pub about: Vec<&'a RawValue>,
    pub mentions: Vec<Value>,
    pub keywords: &'a [String],
    pub kind: &'a str,
}

/// A release as schema.org `NewsArticle`, as [`to_script`] gives it. Serialized from a
/// struct, not built as a `serde_json::Value` (a map of 15 keys per release): its fields are
/// in the order a `Value` gives its keys (sorted), so the bytes are the same.
pub fn news_article(a: &Article) -> String {
    #[derive(serde::Serialize)]
    struct NewsArticle<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        type_: &'static str,
        about: &'a [&'a RawValue],
        #[serde(rename = "articleSection")]
        article_section: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        author: Option<&'a RawValue>,
        #[serde(rename = "dateModified")]
        date_modified: &'a str,
        #[serde(rename = "datePublished")]
        date_published: &'a str,
        description: &'a str,
        headline: &'a str,
        #[serde(rename = "inLanguage")]
        in_language: &'a str,
        keywords: &'a [String],
        #[serde(rename = "mainEntityOfPage")]
        main_entity_of_page: &'a str,
        mentions: &'a [Value],
        #[serde(skip_serializing_if = "Option::is_none")]
        publisher: Option<&'a RawValue>,
        url: &'a str,
    }
    script_safe(
        serde_json::to_string(&NewsArticle {
            context: "https://schema.org",
            type_: "NewsArticle",
            about: &a.about,
            article_section: a.kind,
            author: a.publisher,
            date_modified: a.modified,
            date_published: a.published,
            description: a.description,
            headline: a.headline,
            in_language: a.lang,
            keywords: a.keywords,
            main_entity_of_page: a.url,
            mentions: &a.mentions,
            publisher: a.publisher,
            url: a.url,
        })
        .unwrap_or_default(),
    )
}

pub struct DatasetLd<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub lang: &'a str,
    pub license: &'a str,
    pub creator: &'a str,
    pub creator_url: &'a str,
    /// ISO 8601 interval: `2021-01-01/2021-06-30`.
    pub temporal: &'a str,
    pub csv_url: &'a str,
    pub json_url: &'a str,
    pub variable: &'a str,
    pub modified: &'a str,
}

pub fn dataset(d: &DatasetLd) -> Value {
    let mut creator = json!({ "@type": "Organization", "name": d.creator });
    if !d.creator_url.is_empty() {
        creator["url"] = json!(d.creator_url);
    }
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": d.name,
        "description": d.description,
        "url": d.url,
        "inLanguage": d.lang,
        "creator": creator,
        "temporalCoverage": d.temporal,
        "variableMeasured": d.variable,
        "distribution": [
            { "@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": d.csv_url },
            { "@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": d.json_url },
        ],
    });
    if !d.license.is_empty() {
        v["license"] = json!(d.license);
    }
    if !d.modified.is_empty() {
        v["dateModified"] = json!(d.modified);
    }
    v
}

/// A value with `@context`, as a string safe inside `<script type="application/ld+json">`:
/// `<` is written `\u003c`, so content can never close the script element.
pub fn to_script(mut v: Value) -> String {
    if v.get("@context").is_none() {
        v["@context"] = json!("https://schema.org");
    }
    script_safe(serde_json::to_string(&v).unwrap_or_default())
}

/// JSON made safe inside a `<script>` element (see [`to_script`]).
fn script_safe(json: String) -> String {
    // One SIMD search for the three bytes: `str::contains` with a set of characters decodes
    // every character, 1.3% of a build's instructions for the releases' JSON-LD (issue 6).
    if memchr::memchr3(b'<', b'>', b'&', json.as_bytes()).is_none() {
        return json;
    }
    let mut safe = String::with_capacity(json.len() + 32);
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            c => safe.push(c),
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe() {
        let o = organization(&Org { name: "</script><script>alert(1)</script>", short: "", kind: "agency", url: "/o/", website: "" });
        let s = to_script(o);
        assert!(!s.contains("</script>"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
        assert_eq!(back["@type"], "GovernmentOrganization");
    }

    #[test]
    fn a_person_without_a_role_has_no_job_title() {
        let url = "https://example.go.id/people/a/";
        assert_eq!(person("A", "", url), json!({ "@type": "Person", "name": "A", "url": url }));
        assert_eq!(person("A", "Kepala", url), json!({ "@type": "Person", "name": "A", "url": url, "jobTitle": "Kepala" }));
    }

    #[test]
    fn a_news_article_is_the_json_of_its_value_with_keys_in_order() {
        let org = organization(&Org { name: "Dinas <PPKUKM>", short: "PPKUKM", kind: "agency", url: "/o/", website: "" });
        let person = json!({ "@type": "Person", "name": "A & B", "jobTitle": "Kepala" });
        let keywords = vec!["ukm".to_string()];
        let org_raw = raw(&org);
        for publisher in [Some(&*org_raw), None] {
            let a = Article {
                headline: "Ekspor <naik>",
                description: "d",
                url: "https://example.go.id/releases/a/",
                lang: "id",
                published: "2021-10-01T09:30:00+07:00",
                modified: "2021-10-02T09:30:00+07:00",
                publisher,
                about: vec![&*org_raw],
                mentions: vec![person.clone()],
                keywords: &keywords,
                kind: "Siaran pers",
            };
            let mut v = json!({
                "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.headline, "description": a.description,
                "url": a.url, "mainEntityOfPage": a.url, "inLanguage": a.lang, "datePublished": a.published,
                "dateModified": a.modified, "articleSection": a.kind, "keywords": a.keywords, "about": [&org], "mentions": [&person],
            });
            if publisher.is_some() {
                v["publisher"] = org.clone();
                v["author"] = org.clone();
            }
            assert_eq!(news_article(&a), to_script(v));
            assert!(!news_article(&a).contains('<'));
        }
    }
}
