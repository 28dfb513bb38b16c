//! Page metadata: JSON-LD, Open Graph and article meta tags, `<time>`, `<link rel=canonical>`, `<html lang>`
//! and `<title>`, each field taken from the most reliable source that has it.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::dom::Dom;

use crate::{lang::normalize_lang, parse_date};

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// The calendar day of `published` as the page wrote it.
    pub published_day: Option<chrono::NaiveDate>,
    pub site_name: Option<String>,
    pub lang: Option<String>,
    pub url: Option<String>,
    /// JSON-LD `articleBody`, a fallback for the main text.
    pub body: Option<String>,
    /// Whether JSON-LD declares the page an article.
    pub ld_article: bool,
}

/// The fields of the first JSON-LD object typed as an article.
#[derive(Debug, Default)]
struct LdArticle {
    is_article: bool,
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    /// `datePublished` of a web page object (`WebPage`, `ItemPage`...), when no article gives one.
    page_published: Option<String>,
    publisher: Option<String>,
    body: Option<String>,
    url: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
];

/// Meta tags naming the publication date, most trusted first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
];

/// A date as metadata writes it: a timestamp [`parse_date`] reads (with its day as written), or a short
/// text holding one date (`2023 Jan 7`, `December 3, 2025`, `2019/1/22`; no time).
fn meta_date(v: &str) -> Option<(Option<DateTime<Utc>>, chrono::NaiveDate)> {
    if let (Some(t), Some(d)) = (parse_date(v), crate::date::local_day(v)) {
        return Some((Some(t), d));
    }
    if v.chars().count() > 60 {
        return None;
    }
    crate::date::date_in_text(v).map(|d| (None, d))
}

/// Reads the metadata of a page: its arena, and the texts of its JSON-LD scripts. `page_url` resolves a
/// relative canonical link.
pub(crate) fn page_metadata(dom: &Dom, json_ld_texts: &[String], page_url: Option<&str>) -> PageMeta {
    let ld = json_ld(json_ld_texts);
    let metas = &dom.head.metas;
    let meta = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).cloned());

    let site_name = meta(&["og:site_name", "application-name", "twitter:app:name:iphone"])
        .or_else(|| ld.publisher.clone())
        .map(|s| clean_ws(&s))
        .filter(|s| !s.is_empty());

    let html_title = dom.head.title.clone().unwrap_or_default();
    let title = ld
        .headline
        .clone()
        .or_else(|| meta(&["og:title", "twitter:title", "dc.title", "headline"]))
        .or_else(|| (!html_title.trim().is_empty()).then(|| html_title.to_string()))
        .map(|t| strip_site_suffix(&clean_ws(&t), site_name.as_deref()))
        .filter(|t| !t.is_empty());

    let author = ld
        .author
        .clone()
        .or_else(|| {
            meta(&["author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator"])
        })
        .map(|a| clean_ws(&a))
        .filter(|a| !a.is_empty() && !a.contains("://") && a.chars().count() <= 200)
        .or_else(|| {
            dom.head
                .author_nodes
                .iter()
                .map(|&i| dom.plain_text(i, false))
                .find(|a| !a.is_empty() && a.chars().count() <= 100)
        });

    // The publication date: an article's JSON-LD, the publication meta tags (the known names, then any
    // other whose name says "publish"), a web page's JSON-LD, `itemprop=datePublished` or `<time pubdate>`
    // in the body, else the first `<time datetime>`.
    let mut generic: Vec<&str> = metas
        .keys()
        .map(String::as_str)
        .filter(|k| {
            (k.contains("publish") || k.contains("pubdate") || k.contains("pub-date"))
                && !["modif", "updat", "publisher", "revis"].iter().any(|w| k.contains(w))
        })
        .collect();
    generic.sort_unstable();
    let published_node_value = |&(i, ref v): &(u32, Option<String>)| match v {
        Some(v) => Some(v.clone()),
        None => Some(dom.plain_text(i, false)).filter(|t| t.chars().count() <= 60),
    };
    let (published, published_day) = ld
        .published
        .iter()
        .cloned()
        .chain(PUBLISHED_KEYS.iter().copied().chain(generic).filter_map(|k| metas.get(k).cloned()))
        .chain(ld.page_published.iter().cloned())
        .chain(dom.head.published_nodes.iter().filter_map(published_node_value))
        .chain(dom.head.times.iter().map(|(_, d)| d.clone()))
        .find_map(|v| meta_date(&v))
        .map_or((None, None), |(t, d)| (t, Some(d)));

    let lang = dom.head.lang.as_deref().and_then(normalize_lang).or_else(|| {
        meta(&["content-language", "dc.language", "language", "og:locale"]).and_then(|l| normalize_lang(&l))
    });

    let canonical = dom.head.canonical.clone();
    let url = canonical
        .or_else(|| meta(&["og:url"]))
        .or_else(|| ld.url.clone())
        .and_then(|u| resolve_url(page_url, &u))
        .or_else(|| page_url.filter(|u| is_absolute(u)).map(str::to_string));

    let body = ld.body.map(|b| b.trim().to_string()).filter(|b| !b.is_empty());
    PageMeta {
        title,
        author,
        published,
        published_day,
        site_name,
        lang,
        url,
        body,
        ld_article: ld.is_article,
    }
}

fn json_ld(texts: &[String]) -> LdArticle {
    let mut found = LdArticle::default();
    for text in texts {
        let text = text.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>").trim();
        let Ok(value) = serde_json::from_str::<Value>(text) else { continue };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.iter().rev()),
                Value::Object(map) => {
                    if is_article(v) {
                        found.is_article = true;
                        fill(&mut found, v);
                    } else if found.page_published.is_none() && is_web_page(v) {
                        found.page_published =
                            v.get("datePublished").and_then(Value::as_str).map(|s| s.trim().to_string());
                    }
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                }
                _ => {}
            }
        }
        if found.headline.is_some() && found.body.is_some() {
            break;
        }
    }
    found
}

fn is_article(v: &Value) -> bool {
    let matches = |t: &str| ARTICLE_TYPES.contains(&t.to_ascii_lowercase().as_str());
    match v.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

/// A `WebPage` or one of its kinds (`ItemPage`, `MedicalWebPage`, `FAQPage`...).
fn is_web_page(v: &Value) -> bool {
    let matches = |t: &str| t.to_ascii_lowercase().ends_with("page");
    match v.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

fn fill(found: &mut LdArticle, v: &Value) {
    let text = |key: &str| {
        v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
    };
    if found.headline.is_none() {
        found.headline = text("headline").or_else(|| text("name"));
    }
    if found.author.is_none() {
        found.author = v.get("author").and_then(names);
    }
    if found.published.is_none() {
        found.published = text("datePublished").or_else(|| text("dateCreated"));
    }
    if found.publisher.is_none() {
        found.publisher = v.get("publisher").and_then(names);
    }
    if found.body.is_none() {
        found.body = text("articleBody").or_else(|| text("text"));
    }
    if found.url.is_none() {
        found.url = text("url").or_else(|| match v.get("mainEntityOfPage") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(o @ Value::Object(_)) => o.get("@id").and_then(Value::as_str).map(str::to_string),
            _ => None,
        });
    }
}

/// A person or organization value as printed: a string, `{name}`, or a list of them joined by ", ".
fn names(v: &Value) -> Option<String> {
    let one = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Object(m) => m.get("name").and_then(|n| match n {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Array(a) => a.first().and_then(Value::as_str).map(|s| s.trim().to_string()),
                _ => None,
            }),
            _ => None,
        }
    };
    let list: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    let list: Vec<String> = list.into_iter().filter(|s| !s.is_empty() && !s.contains("://")).collect();
    (!list.is_empty()).then(|| list.join(", "))
}

fn clean_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Strips a ` | Site`, ` - Site`, ` — Site` or ` :: Site` suffix (or `Site | ` prefix) when it names the site.
pub(crate) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.map(samestory_model::normalize_text).filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    let same = |part: &str| {
        let p = samestory_model::normalize_text(part);
        !p.is_empty() && (p == site || p.replace(' ', "") == site.replace(' ', ""))
    };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if same(tail) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if same(head) && !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn is_absolute(url: &str) -> bool {
    url_host(url).is_some() && (url.starts_with("http://") || url.starts_with("https://"))
}

/// Resolves `href` against `base` (`//host/p`, `/p`, `p`); absolute hrefs are kept as they are.
pub(crate) fn resolve_url(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    if is_absolute(href) {
        return Some(href.to_string());
    }
    let base = base.filter(|b| is_absolute(b))?;
    let (scheme, rest) = base.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if let Some(net) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{net}"));
    }
    if href.starts_with('/') {
        return Some(format!("{scheme}://{authority}{href}"));
    }
    if href.contains("://") {
        return None;
    }
    let path = &rest[authority.len()..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    Some(format!("{scheme}://{authority}{dir}{href}"))
}

/// The lowercase host of an absolute URL (`https://www.Example.com:8080/a` → `www.example.com`).
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| &h[1..])?
    } else {
        host.split(':').next()?
    };
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str, url: Option<&str>) -> PageMeta {
        let (stripped, ld) = crate::prescan::strip_scripts(html);
        page_metadata(&Dom::build(&dom_query::Document::from(stripped.as_str())), &ld, url)
    }

    #[test]
    fn json_ld_wins_and_reads_nested_values() {
        let html = r#"<html lang="en-GB"><head><title>Other | Daily Planet</title>
            <meta property="og:title" content="OG title">
            <meta property="og:site_name" content="Daily Planet">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Daily Planet"},
              {"@type":["NewsArticle"],"headline":"Rain Falls on Metropolis",
               "author":[{"@type":"Person","name":"Lois Lane"},{"@type":"Person","name":"Clark Kent"}],
               "datePublished":"2025-04-05T14:30:00+02:00","publisher":{"@type":"Organization","name":"The Planet"},
               "articleBody":"It rained."}]}</script></head><body></body></html>"#;
        let m = meta_of(html, None);
        assert_eq!(m.title.as_deref(), Some("Rain Falls on Metropolis"));
        assert_eq!(m.author.as_deref(), Some("Lois Lane, Clark Kent"));
        assert_eq!(m.published.unwrap().to_rfc3339(), "2025-04-05T12:30:00+00:00");
        assert_eq!(m.site_name.as_deref(), Some("Daily Planet"));
        assert_eq!(m.lang.as_deref(), Some("en"));
        assert_eq!(m.body.as_deref(), Some("It rained."));
    }

    #[test]
    fn open_graph_and_meta_fallbacks() {
        let html = r#"<html><head><title>Storm hits coast | Coast News</title>
            <meta property="og:site_name" content="Coast News">
            <meta name="author" content="Jane  Doe">
            <meta property="article:published_time" content="2025-04-05">
            <meta property="og:url" content="https://coast.example/storm">
            <meta http-equiv="content-language" content="es-MX">
            </head><body><p>x</p></body></html>"#;
        let m = meta_of(html, None);
        assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(m.author.as_deref(), Some("Jane Doe"));
        assert_eq!(m.published.unwrap().to_rfc3339(), "2025-04-05T00:00:00+00:00");
        assert_eq!(m.url.as_deref(), Some("https://coast.example/storm"));
        assert_eq!(m.lang.as_deref(), Some("es"));
        assert_eq!(m.body, None);
    }

    #[test]
    fn time_element_and_relative_canonical() {
        let html = r#"<html><head><title>Just a title - Not The Site</title>
            <link rel="canonical" href="/news/a?x=1"></head>
            <body><time datetime="bad">x</time><time datetime="2024-01-02T03:04:05Z">Jan 2</time></body></html>"#;
        let m = meta_of(html, Some("https://www.example.com/other/page.html"));
        assert_eq!(m.title.as_deref(), Some("Just a title - Not The Site"));
        assert_eq!(m.published.unwrap().to_rfc3339(), "2024-01-02T03:04:05+00:00");
        assert_eq!(m.url.as_deref(), Some("https://www.example.com/news/a?x=1"));
        assert_eq!(m.site_name, None);
    }

    #[test]
    fn publication_date_sources_in_order() {
        let page = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"WebPage",
            "datePublished":"2022-10-05T12:53:00-07:00","dateModified":"2025-12-02T13:37:11-08:00"}]}</script>
            </head><body><p>x</p></body></html>"#;
        let m = meta_of(page, None);
        assert_eq!(m.published_day, chrono::NaiveDate::from_ymd_opt(2022, 10, 5));
        // A publication meta tag under a name of its own beats a web page's JSON-LD; a modified one is ignored.
        let named = page.replace(
            "</head>",
            r#"<meta name="w-modified-date" content="2024-01-01"><meta name="w-published-date" content="2021-02-16"></head>"#,
        );
        assert_eq!(meta_of(&named, None).published_day, chrono::NaiveDate::from_ymd_opt(2021, 2, 16));
        // Dates written as text: a citation date, an `itemprop` element's text.
        let cited = r#"<meta name="citation_publication_date" content="2023 Jan 7"><p>x</p>"#;
        let m = meta_of(cited, None);
        assert_eq!(m.published_day, chrono::NaiveDate::from_ymd_opt(2023, 1, 7));
        assert_eq!(m.published, None);
        let shown = r#"<body><span itemprop="datePublished">December 3, 2025</span></body>"#;
        assert_eq!(meta_of(shown, None).published_day, chrono::NaiveDate::from_ymd_opt(2025, 12, 3));
    }

    #[test]
    fn page_url_is_the_last_resort() {
        let m = meta_of("<p>hi</p>", Some("https://a.example/x"));
        assert_eq!(m.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(meta_of("<p>hi</p>", Some("relative/x")).url, None);
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let html = r#"<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
            <meta property="og:title" content="Fine">"#;
        assert_eq!(meta_of(html, None).title.as_deref(), Some("Fine"));
    }

    #[test]
    fn site_suffixes_and_prefixes() {
        assert_eq!(strip_site_suffix("A story | The Site", Some("The Site")), "A story");
        assert_eq!(strip_site_suffix("A story - the-site", Some("The Site")), "A story");
        assert_eq!(strip_site_suffix("The Site: A story", Some("The Site")), "The Site: A story");
        assert_eq!(strip_site_suffix("THE SITE | A story", Some("The Site")), "A story");
        assert_eq!(strip_site_suffix("A - B", Some("C")), "A - B");
        assert_eq!(strip_site_suffix("A | B", None), "A | B");
    }

    #[test]
    fn urls() {
        assert_eq!(url_host("https://www.Example.com:8080/a").as_deref(), Some("www.example.com"));
        assert_eq!(url_host("http://user@h.example/").as_deref(), Some("h.example"));
        assert_eq!(url_host("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(url_host("nope"), None);
        let base = Some("https://h.example/a/b.html?q");
        assert_eq!(resolve_url(base, "c.html").as_deref(), Some("https://h.example/a/c.html"));
        assert_eq!(resolve_url(base, "//cdn.example/x").as_deref(), Some("https://cdn.example/x"));
        assert_eq!(resolve_url(None, "/x"), None);
        assert_eq!(resolve_url(base, "#top"), None);
    }
}
