//! schema.org JSON-LD for releases (NewsArticle), indicators (Dataset with DataDownload) and
//! publishers (GovernmentOrganization), so search engines and newsroom tools can read what a
//! page is, who published it and when.
//!
//! Pure: plain values in, a JSON string out, made safe to sit inside a `<script>` element.

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

pub struct Article<'a> {
    pub headline: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub lang: &'a str,
    pub published: &'a str,
    pub modified: &'a str,
    pub publisher: Option<Value>,
    pub about: Vec<Value>,
    pub mentions: Vec<Value>,
    pub keywords: &'a [String],
    pub kind: &'a str,
}

pub fn news_article(a: &Article) -> Value {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.headline,
        "description": a.description,
        "url": a.url,
        "mainEntityOfPage": a.url,
        "inLanguage": a.lang,
        "datePublished": a.published,
        "dateModified": a.modified,
        "articleSection": a.kind,
        "keywords": a.keywords,
        "about": a.about,
        "mentions": a.mentions,
    });
    if let Some(p) = &a.publisher {
        v["publisher"] = p.clone();
        v["author"] = p.clone();
    }
    v
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
    let json = serde_json::to_string(&v).unwrap_or_default();
    if !json.contains(['<', '>', '&']) {
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
}
