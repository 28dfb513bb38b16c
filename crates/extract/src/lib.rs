//! Article extraction for samestory: from a web page or an already-extracted text to clean paragraphs and
//! metadata, and from a [`RawDocument`] to an [`Article`].
//!
//! * [`extract_html`] decodes HTML bytes (byte-order mark, the caller's charset hint, `<meta charset>`, else
//!   a statistical guess; a declaration the bytes contradict is overruled), drops script, style and comment
//!   contents before parsing (keeping JSON-LD aside), parses once with html5ever and copies the tree into a
//!   compact arena with per-subtree text statistics. The main text is chosen on that arena by our own
//!   content scorer (Readability-style paragraph scores given to ancestors, scaled by link density, with
//!   furniture left out), and compared with a broad reading of the page's `<main>` or body: a page whose
//!   best container misses most of its readable text (a product grid, a listing, a thread of short posts),
//!   or is a fragment of a page of many parts (lines of a few words holding about half its prose), is read
//!   broadly. Comments are furniture, except on a thread page, where they are the posts; cookie-consent,
//!   privacy and terms panels are furniture whatever their size, and so are footers, menus and, outside an
//!   article or main landmark, the page's header and sidebars; a product's customer reviews are not its
//!   content. Paragraphs are split on block elements and double `<br>`; furniture blocks, link lists,
//!   boilerplate lines (captions, share bars, promos, bylines, datelines) and segments repeated within the
//!   page are dropped. When the main text is short it falls back to the JSON-LD `articleBody`, then to the
//!   densest `<article>`/`<main>` element; a page with nothing visible to read that hides its text (a
//!   loading curtain over a script-built app) is read again with its hidden parts shown. React's streamed
//!   segments (`<div hidden id="S:0">`) count as visible. Metadata: the headline is the first visible `<h1>`
//!   naming the metadata's title (else the first visible `<h1>`; in the metadata's letter case when set in
//!   capitals), else JSON-LD, Open Graph and `<title>`; author from JSON-LD, meta tags or `itemprop=author`,
//!   a person in an element named as the author before an outlet credited in metadata, else a byline (an
//!   outlet's name run after it cut off); the publication day is a date in the URL path, else the date
//!   line under the headline (unlabeled, or the publication labeled beside an update, or the earlier of two
//!   dates side by side), with the metadata's (an article's JSON-LD, publication meta tags, a web page's
//!   JSON-LD, `itemprop=datePublished`, `<time>`; in the page's own time zone) taken instead when it is
//!   earlier than a date labeled as an update, a day apart (another time zone), or the other day/month
//!   reading; never after a date the page labels as the first publication; else a date just around the
//!   headline or the main text, else one the page labels as published, posted or updated; site name,
//!   language and canonical URL from meta tags.
//! * [`clean_text`] cleans text that arrives already extracted (an aggregator's copy): it splits paragraphs,
//!   drops site furniture with general line rules, and turns bylines, datelines and copyright lines into
//!   metadata.
//! * [`BoilerplateModel`] learns, from a corpus, the paragraphs that recur across many articles of one
//!   outlet, and removes them: boilerplate no general rule can know.
//! * [`to_article`] runs the right one on a [`RawDocument`], lets the caller's [`Hints`] override what was
//!   extracted, detects the language when nothing declares it, and computes the content hash and id.
//! * [`eval`] reads the ScrapingHub and WCXB benchmarks and scores extractions exactly as each defines it.
//!
//! Outside [`eval`] it does no I/O; it fetches nothing, runs no JavaScript, and does not judge whether a
//! page is a news story: any page with a main text gives an article. Every pass over a page is iterative and
//! linear in its size, so deep nesting costs memory, never stack.
//!
//! ```
//! use samestory_extract::{extract_html, to_article};
//! use samestory_model::{Body, Hints, Origin, RawDocument};
//!
//! let html = br#"<html lang="en"><head><title>Rain returns | Daily Planet</title>
//!   <meta property="og:site_name" content="Daily Planet"></head>
//!   <body><nav><a href="/">Home</a></nav><article><h1>Rain returns</h1>
//!   <p>Rain fell on Metropolis on Monday for the first time in three months, the weather service said.</p>
//!   <p>Farmers welcomed the storm, which filled reservoirs that had dropped to record lows over the summer.</p>
//!   <p>Share this article</p></article></body></html>"#;
//! let page = extract_html(html, Some("https://planet.example/rain"), None);
//! assert_eq!(page.title.as_deref(), Some("Rain returns"));
//! assert_eq!(page.site_name.as_deref(), Some("Daily Planet"));
//! assert_eq!(page.paragraphs.len(), 2);
//!
//! let doc = RawDocument { origin: Origin::file("rain.html"), hints: Hints::default(), body: Body::Html(html.to_vec()) };
//! let article = to_article(doc).unwrap();
//! assert_eq!(article.outlet.as_deref(), Some("Daily Planet"));
//! assert_eq!(article.lang.as_deref(), Some("en"));
//! ```
#![deny(missing_docs)]

mod boilerplate;
pub mod charset;
mod date;
mod dom;
pub mod eval;
mod html;
mod lang;
mod metadata;
mod prescan;
mod rules;
mod text;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use samestory_model::{
    Article, Body, Hints, RawDocument, Rejection, content_hash, derive_id, normalize_text,
};

pub use boilerplate::BoilerplateModel;
pub use date::parse_date;
pub use lang::{detect_lang, normalize_lang};
pub use metadata::url_host;

/// Below this many characters of main text, extraction tries its fallbacks.
const SHORT_TEXT: usize = 200;

/// The main text of a document and what it says about itself.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Extracted {
    /// Headline, without a trailing ` | Site` when that names the site.
    pub title: Option<String>,
    /// Clean main text, one entry per paragraph, none empty.
    pub paragraphs: Vec<String>,
    /// Author(s) as printed.
    pub author: Option<String>,
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// Publication day as the page prints it (in the page's own time zone): a date shown near the
    /// headline, else the metadata's, else one in the URL.
    pub published_day: Option<NaiveDate>,
    /// The outlet's name (site metadata, or the holder of a copyright line).
    pub site_name: Option<String>,
    /// Declared language, ISO 639-1 (not detected here; [`to_article`] detects it when missing).
    pub lang: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
}

impl Extracted {
    /// The paragraphs joined by blank lines.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// HTML bytes (charset from BOM, the `hint_charset` (HTTP header), `<meta charset>`/`http-equiv`, else
/// chardetng) to the main text and metadata. Never fails: a page with nothing gives an empty [`Extracted`].
///
/// `url` is where the page was found: it resolves a relative canonical link, helps the charset guess, and is
/// the `url` of the result when the page names no canonical URL.
pub fn extract_html(bytes: &[u8], url: Option<&str>, hint_charset: Option<&str>) -> Extracted {
    let (decoded, _, _) = charset::decode_html(bytes, hint_charset, url);
    if decoded.trim().is_empty() {
        return Extracted::default();
    }
    let (stripped, json_ld) = prescan::strip_scripts(&decoded);
    drop(decoded);
    let (found, hidden_chars) = read_page(&stripped, &json_ld, url, false);
    // A page that hides its content until a script shows it (a loading curtain over the whole app) is
    // read again with its hidden parts shown.
    if found.paragraphs.is_empty() && hidden_chars >= REVEAL_CHARS {
        let (revealed, _) = read_page(&stripped, &json_ld, url, true);
        if !revealed.paragraphs.is_empty() {
            return revealed;
        }
    }
    found
}

/// How far into the text from the headline on (bytes, the headline included) a date line can start.
const DATE_LINE_REACH: usize = 350;

/// A page with nothing visible to read is read again with its hidden parts shown when they hold at least
/// this many characters.
const REVEAL_CHARS: u32 = 500;

/// One reading of a page (scripts already stripped): the extraction, and the characters of text the page
/// hides.
fn read_page(stripped: &str, json_ld: &[String], url: Option<&str>, reveal: bool) -> (Extracted, u32) {
    let doc = dom_query::Document::from(stripped);
    let mut dom = dom::Dom::build_with(&doc, reveal);
    drop(doc);
    let hidden_chars = dom.hidden_chars;
    let meta = metadata::page_metadata(&dom, json_ld, url);
    let titles: Vec<&str> = meta.title.iter().chain(&dom.head.title).map(String::as_str).collect();
    let titles: Vec<String> = titles.into_iter().map(str::to_string).collect();
    html::rank_headlines(&mut dom, &titles.iter().map(String::as_str).collect::<Vec<_>>());
    // Structured data declares what the page is: an article's comments and a product's reviews are not
    // their content, whatever share of the page they hold.
    let types = ld_types(json_ld);
    let declared = meta.ld_article || dom.head.metas.get("og:type").is_some_and(|t| t.contains("article"));
    let product = types.iter().any(|t| t.contains("Product"))
        || dom.head.metas.get("og:type").is_some_and(|t| t.contains("product"));
    if declared || product {
        dom.thread = false;
    }
    dom.product = product && !declared;
    dom.article = declared;
    let dom = dom;
    let h1 = html::headline(&dom);
    let title = h1.as_deref().or(meta.title.as_deref());

    // Article reading and broad reading (see `html::read_main`).
    let (main, mut paragraphs, cleaner) = html::read_main(&dom, title);

    if char_len(&paragraphs) < SHORT_TEXT {
        let from_ld = meta.body.as_deref().map(|body| {
            let mut c = text::Cleaner::new();
            text::split_paragraphs(body).into_iter().filter(|p| c.keep(p)).collect::<Vec<_>>()
        });
        let fallback = match from_ld {
            Some(ld) if char_len(&ld) > char_len(&paragraphs) => Some(ld),
            _ => {
                let mut c = text::Cleaner::new();
                let landmark: Vec<u32> = html::densest_landmark(&dom).into_iter().collect();
                let mut dense =
                    html::texts(html::filter_blocks(html::blocks_of(&dom, &landmark), title, &mut c));
                if dense.is_empty() && paragraphs.is_empty() {
                    let body: Vec<u32> = dom.body.into_iter().collect();
                    dense = html::texts(html::filter_blocks(html::blocks_of(&dom, &body), title, &mut c));
                }
                (char_len(&dense) > char_len(&paragraphs)).then_some(dense)
            }
        };
        if let Some(f) = fallback {
            paragraphs = f;
        }
    }
    if let Some(first) = paragraphs.first_mut() {
        if let Some(rest) = text::strip_dateline(first) {
            *first = rest;
        }
    }

    // A date in the URL path is the publication day. Otherwise the date the page shows under its headline:
    // as it stands, or the publication labeled beside it; one labeled as an update only when the metadata
    // gives no earlier publication. Then the metadata's date, then a date just around the headline or the
    // main text, then one labeled as published or updated anywhere.
    let near = html::date_near_title(&dom, &main, 1000);
    let headline = metadata::headline_node(&dom, &main);
    let (header_text, header_nodes) = metadata::visible_text_nodes(&dom, headline, 1000);
    let header = date::header_date(&header_text).filter(|h| Some(h.day) == near);
    // A date line sits right under the headline (after a standfirst at most); a date further on, or in a
    // link (a related post's teaser), is not one.
    let header = header.map(|h| date::HeaderDate {
        in_prose: h.in_prose || h.at > DATE_LINE_REACH || metadata::is_link_at(&dom, &header_nodes, h.at),
        ..h
    });
    let first = match (near, header, meta.published_day) {
        // `09.10.2024` read day first where the metadata says September 10: the other reading.
        (Some(a), _, Some(b)) if date::swapped(a) == Some(b) => Some(b),
        // A day apart from a timestamp: one moment on two calendars (a page printing dates in another
        // time zone than its metadata's); the timestamp says which zone it means.
        (Some(a), _, Some(b))
            if (a - b).num_days().abs() == 1
                && meta.published.is_some_and(|t| {
                    // Only a timestamp that falls on the shown day in some time zone (UTC-12 to UTC+14).
                    (t - Duration::hours(12)).date_naive() <= a && a <= (t + Duration::hours(14)).date_naive()
                }) =>
        {
            Some(b)
        }
        (Some(_), Some(h), _) if h.published.is_some() => h.published,
        // The date line under the headline, unlabeled: the publication as the page shows it.
        (Some(a), Some(h), _) if !h.updated && !h.in_prose => Some(a),
        // Only an update line, and a publication date in JSON-LD or `<time>` but no meta tag of the head: a
        // page kept up to date (a guide, a list) whose structured data keeps the day it was first created;
        // the page presents itself as of its update. A head that names the publication says otherwise.
        (Some(a), Some(h), Some(_)) if h.updated && !h.in_prose && !meta.published_in_head => Some(a),
        (Some(a), _, Some(b)) => Some(a.min(b)),
        // A date in a sentence and nothing else: a date printed just around the headline is likelier.
        (Some(a), Some(h), None) if h.in_prose => html::date_around(&dom, &main, 200, 0).or(Some(a)),
        (a, _, b) => a.or(b),
    };
    // A date the page labels as the first publication comes before any later one.
    let original = date::mentions_original(&dom.text)
        .then(|| date::originally_published(&metadata::visible_text_from(&dom, dom.body, 200_000)))
        .flatten();
    let first = match (first, original) {
        (Some(f), Some(o)) => Some(f.min(o)),
        (f, o) => f.or(o),
    };
    let published_day = url
        .and_then(date::date_in_url)
        .or(first)
        .or_else(|| html::date_around(&dom, &main, 200, 300))
        .or_else(|| html::labeled_date(&dom));
    // The metadata's time when it falls on that day, else the day's midnight (UTC).
    let published = match (meta.published, published_day) {
        (Some(t), Some(d)) if meta.published_day == Some(d) => Some(t),
        (_, Some(d)) => d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()),
        (t, None) => t,
    };
    // The headline as the page shows it: the first visible `<h1>` when it reads like one, else metadata.
    let found = Extracted {
        title: metadata::choose_title(h1, meta.title),
        paragraphs,
        // A person named by the page's author element comes before the outlet credited in metadata.
        author: (if meta.author_is_outlet { None } else { meta.author.clone() })
            .or_else(|| metadata::author_by_class(&dom, headline, 1500))
            .or(meta.author)
            .or(cleaner.author)
            .or_else(|| html::byline_near_title(&dom, 600))
            .and_then(|a| metadata::clean_author(&a))
            .map(|a| {
                metadata::strip_outlet_suffix(a, meta.site_name.as_deref().or(cleaner.holder.as_deref()))
            }),
        published,
        published_day,
        site_name: meta.site_name.or(cleaner.holder),
        lang: meta.lang,
        url: meta.url,
    };
    (found, hidden_chars)
}

/// Text that arrives already extracted (an aggregator's copy): split into paragraphs and cleaned of junk;
/// bylines / datelines / copyright holder split out as metadata.
///
/// Paragraphs are split on blank lines, or on every line when the text has no blank line. Dropped: share,
/// comment, app and newsletter prompts, "read the full article" links, copyright lines (their holder becomes
/// `site_name`), lines of three or more upper-case words without a sentence ending (related-story links),
/// photo credits, short lines the text repeats without a sentence ending (captions), and `By ...` and
/// `... contributed to this report` lines (they become `author`). A dateline (`MEXICO CITY (AP) — `) is cut
/// from the first paragraph.
///
/// ```
/// let ex = samestory_extract::clean_text("WASHINGTON (AP) — The Senate passed the bill on Tuesday.\n\nShare.\n\n© 2025 Daily Planet. All Rights Reserved.");
/// assert_eq!(ex.paragraphs, vec!["The Senate passed the bill on Tuesday."]);
/// assert_eq!(ex.site_name.as_deref(), Some("Daily Planet"));
/// ```
pub fn clean_text(text: &str) -> Extracted {
    text::clean(text)
}

/// The whole step: [`RawDocument`] → [`Article`].
///
/// Hints override extracted metadata when given: id, url, outlet (`Hints.outlet`, else the site name, else
/// the URL host without `www.`), title, published (parsed with [`parse_date`]; an unparsable hint falls back to
/// the extracted date), lang (normalized to ISO 639-1, else declared by the page, else detected with
/// whatlang). The id is `Hints.id`, else [`derive_id`] of the URL and content hash. `ingested` is left unset.
///
/// # Errors
///
/// A [`Rejection`] with reason `empty document` when no text remains, or `no article text found` for HTML
/// that has content but no main text.
pub fn to_article(doc: RawDocument) -> Result<Article, Rejection> {
    let RawDocument { origin, hints, body } = doc;
    let extracted = match &body {
        Body::Html(bytes) => {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Err(Rejection::new(origin, "empty document"));
            }
            let ex = extract_html(bytes, hints.url.as_deref(), hints.charset.as_deref());
            if ex.paragraphs.is_empty() {
                return Err(Rejection::new(origin, "no article text found"));
            }
            ex
        }
        Body::Text(t) => clean_text(t),
    };
    if extracted.paragraphs.is_empty() {
        return Err(Rejection::new(origin, "empty document"));
    }
    Ok(assemble(extracted, hints))
}

fn assemble(ex: Extracted, hints: Hints) -> Article {
    let hash = content_hash(&normalize_text(&ex.paragraphs.join("\n")));
    let url = nonempty(hints.url).or(ex.url);
    let id = nonempty(hints.id).unwrap_or_else(|| derive_id(url.as_deref(), &hash));
    let outlet = nonempty(hints.outlet).or(ex.site_name).or_else(|| {
        url.as_deref().and_then(url_host).map(|h| h.strip_prefix("www.").map(str::to_string).unwrap_or(h))
    });
    let published = hints.published.as_deref().and_then(parse_date).or(ex.published);
    let lang = hints
        .lang
        .as_deref()
        .and_then(normalize_lang)
        .or(ex.lang)
        .or_else(|| detect_lang(&ex.paragraphs.join("\n")));
    Article {
        id,
        url,
        outlet,
        title: nonempty(hints.title).or(ex.title),
        byline: ex.author,
        published,
        lang,
        paragraphs: ex.paragraphs,
        content_hash: hash,
        ingested: None,
    }
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The `@type` names in a page's JSON-LD blocks (each string value of an `"@type"` key, arrays included),
/// read by a scan rather than a parse: a malformed block still tells what it declares.
fn ld_types(json_ld: &[String]) -> Vec<&str> {
    let mut types = Vec::new();
    for block in json_ld {
        let mut rest = block.as_str();
        while let Some(k) = rest.find("\"@type\"") {
            rest = rest[k + 7..].trim_start();
            let Some(after) = rest.strip_prefix(':') else { continue };
            let mut value = after.trim_start();
            let array = value.starts_with('[');
            if array {
                value = &value[1..];
            }
            loop {
                value = value.trim_start();
                let Some(v) = value.strip_prefix('"') else { break };
                let Some(end) = v.find('"') else { break };
                types.push(&v[..end]);
                value = v[end + 1..].trim_start();
                match value.strip_prefix(',') {
                    Some(more) if array => value = more,
                    _ => break,
                }
            }
            rest = value;
        }
    }
    types
}

fn char_len(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(|p| p.chars().count()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use samestory_model::Origin;

    fn raw(body: Body, hints: Hints) -> RawDocument {
        RawDocument { origin: Origin::file("t"), hints, body }
    }

    const PAGE: &str = r##"<html lang="en"><head><title>Bridge reopens | City Times</title>
        <meta property="og:site_name" content="City Times">
        <meta property="article:published_time" content="2025-03-01T08:00:00Z">
        <link rel="canonical" href="https://citytimes.example/bridge"></head>
        <body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
        <article><h1>Bridge reopens</h1><p class="byline">By Ann Lee</p>
        <p>The old bridge over the river reopened on Saturday after two years of repairs, city officials said.</p>
        <figure><img src="a.jpg"><figcaption>The bridge at dawn. Photo: City Times</figcaption></figure>
        <p>Traffic was light in the morning, but officials expect the usual jams to return by Monday.</p>
        <div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
        <p>The repairs cost $40 million, twice the first estimate, according to the city budget office.</p>
        </article><footer>© 2025 City Times</footer></body></html>"##;

    #[test]
    fn html_page_to_article() {
        let a = to_article(raw(Body::Html(PAGE.into()), Hints::default())).unwrap();
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.paragraphs);
        assert!(a.paragraphs[0].starts_with("The old bridge"));
        assert_eq!(a.title.as_deref(), Some("Bridge reopens"));
        assert_eq!(a.outlet.as_deref(), Some("City Times"));
        assert_eq!(a.url.as_deref(), Some("https://citytimes.example/bridge"));
        assert_eq!(a.published.unwrap().to_rfc3339(), "2025-03-01T08:00:00+00:00");
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(a.id, derive_id(Some("https://citytimes.example/bridge"), &a.content_hash));
        assert_eq!(a.content_hash, content_hash(&normalize_text(&a.paragraphs.join("\n"))));
        assert_eq!(a.ingested, None);
        assert!(!a.text().contains("Photo"));
        assert!(!a.text().contains("Facebook"));
    }

    #[test]
    fn hints_override_extracted_metadata() {
        let hints = Hints {
            id: Some("a1".into()),
            url: Some("https://www.mirror.example/x".into()),
            outlet: Some("Mirror".into()),
            title: Some("Given title".into()),
            published: Some("1740816000".into()),
            lang: Some("en-GB".into()),
            charset: None,
        };
        let a = to_article(raw(Body::Html(PAGE.into()), hints)).unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.url.as_deref(), Some("https://www.mirror.example/x"));
        assert_eq!(a.outlet.as_deref(), Some("Mirror"));
        assert_eq!(a.title.as_deref(), Some("Given title"));
        assert_eq!(a.published.unwrap().to_rfc3339(), "2025-03-01T08:00:00+00:00");
        assert_eq!(a.lang.as_deref(), Some("en"));
    }

    #[test]
    fn unparsable_hint_date_falls_back_and_outlet_falls_back_to_host() {
        let hints = Hints {
            url: Some("https://www.host.example/a".into()),
            published: Some("last week".into()),
            ..Hints::default()
        };
        let text = "Mexico City - The president said on Saturday that she refused the offer of troops.\n\nShe spoke to supporters.";
        let a = to_article(raw(Body::Text(text.into()), hints)).unwrap();
        assert_eq!(a.published, None);
        assert_eq!(a.outlet.as_deref(), Some("host.example"));
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert!(a.id.starts_with('u'));
        assert_eq!(a.paragraphs[0], "The president said on Saturday that she refused the offer of troops.");
    }

    #[test]
    fn text_without_url_gets_hash_id() {
        let a = to_article(raw(Body::Text("Rain fell all day.".into()), Hints::default())).unwrap();
        assert_eq!(a.id, derive_id(None, &a.content_hash));
        assert!(a.id.starts_with('h'));
        assert_eq!(a.outlet, None);
    }

    #[test]
    fn empty_documents_are_rejected() {
        for body in [
            Body::Text(String::new()),
            Body::Text(" \n\n ".into()),
            Body::Text("Share.\n\nLeave A Reply".into()),
        ] {
            let r = to_article(raw(body, Hints::default())).unwrap_err();
            assert_eq!(r.reason, "empty document");
        }
        for body in [Body::Html(Vec::new()), Body::Html(b" \n ".to_vec())] {
            assert_eq!(to_article(raw(body, Hints::default())).unwrap_err().reason, "empty document");
        }
        let nav_only =
            b"<html><body><nav><a href='/a'>A</a><a href='/b'>B</a></nav><script>x()</script></body></html>";
        let r = to_article(raw(Body::Html(nav_only.to_vec()), Hints::default())).unwrap_err();
        assert_eq!(r.reason, "no article text found");
        assert_eq!(r.origin, Origin::file("t"));
    }

    #[test]
    fn short_page_falls_back_to_json_ld_body() {
        let html = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H",
            "articleBody":"The council voted to close the library on Fridays, citing a budget shortfall of two million dollars.\nResidents protested outside the hall for most of the evening, and several spoke at the meeting."}</script>
            </head><body><div id="app"><a href="/">Home</a></div></body></html>"#;
        let ex = extract_html(html.as_bytes(), None, None);
        assert_eq!(ex.paragraphs.len(), 2, "{:?}", ex.paragraphs);
        assert!(ex.paragraphs[1].starts_with("Residents protested"));
    }

    #[test]
    fn short_page_falls_back_to_densest_element() {
        let html = r#"<html><body><main><div class="x"><p>A small page with one paragraph about the harbour festival, which drew crowds.</p></div></main>
            <ul><li><a href="/1">Link one</a></li><li><a href="/2">Link two</a></li></ul></body></html>"#;
        let ex = extract_html(html.as_bytes(), None, None);
        assert_eq!(
            ex.paragraphs,
            vec!["A small page with one paragraph about the harbour festival, which drew crowds."]
        );
    }

    #[test]
    fn teaser_cards_after_the_story_go_and_linked_subheadings_stay() {
        let story = "<p>The harbour festival opened on Saturday, and thousands of visitors came to see the boats, the market and the fireworks.</p>\
                     <p>Organisers said the weather, which had been a worry all week, held until late in the evening, when the rain came.</p>";
        let cards = "<div><a href=\"/a\"><h3>Bridge reopens</h3></a><p>The old bridge is open to traffic again.</p></div>\
                     <div><a href=\"/b\"><h3>Council votes</h3></a><p>A new budget passes by one vote.</p></div>";
        let html = format!("<html><body><article>{story}{cards}</article></body></html>");
        let ex = extract_html(html.as_bytes(), None, None);
        assert_eq!(ex.paragraphs.len(), 2, "{:?}", ex.paragraphs);
        assert!(ex.paragraphs[1].starts_with("Organisers said"));

        // The same shape followed by more of the story: a listicle's linked items, kept.
        let html = format!("<html><body><article>{cards}{story}</article></body></html>");
        let ex = extract_html(html.as_bytes(), None, None);
        assert!(ex.paragraphs.iter().any(|p| p == "A new budget passes by one vote."), "{:?}", ex.paragraphs);
    }

    #[test]
    fn slides_are_content_of_a_landing_page_and_furniture_around_an_article() {
        let prose = "<p>Our writers have helped thousands of executives land jobs at top companies, and every resume is written here.</p>\
                     <p>Founded by recruiters, we know what hiring managers look for, and we build each resume around it.</p>\
                     <p>Our service is guaranteed: if you do not land an interview within sixty days, we rewrite it for free.</p>";
        let slides = "<div class=\"testimonial-slideshow\"><div class=\"slide\"><p>The first time I used my new resume I had an interview within two days, thank you.</p></div>\
                      <div class=\"slide\"><p>They created a resume that landed me several great offers, and I recommend them.</p></div></div>";
        let page = |head: &str| {
            format!(
                "<html><head>{head}</head><body><main><h1>Resume service</h1>{prose}{slides}</main></body></html>"
            )
        };
        let landing = extract_html(page("").as_bytes(), None, None).paragraphs.join("\n");
        assert!(landing.contains("landed me several great offers"), "{landing}");
        let article = page("<meta property=\"og:type\" content=\"article\">");
        let story = extract_html(article.as_bytes(), None, None).paragraphs.join("\n");
        assert!(story.contains("guaranteed") && !story.contains("great offers"), "{story}");
    }

    #[test]
    fn a_roundup_item_of_linked_headline_and_summary_stays_a_link_list_goes() {
        let intro = "<p>Here is what you need to know in tech today, from the chip makers to the games studios, all in one place.</p>\
                     <p>The biggest story of the day comes from the games world, where a long wait is finally over for the fans.</p>";
        let items = "<ul><li><strong><a href=\"/a\">A new game is finally coming out after twelve years of waiting for it</a>.</strong> \
                     The studio called it a flagship title.</li>\
                     <li><a href=\"/b\">Another story</a></li><li><a href=\"/c\">One more story for the list</a></li></ul>";
        let html = format!("<html><body><article>{intro}{items}</article></body></html>");
        let text = extract_html(html.as_bytes(), None, None).paragraphs.join("\n");
        assert!(text.contains("a flagship title"), "{text}");
        assert!(!text.contains("One more story"), "{text}");
    }

    #[test]
    fn parts_of_a_card_are_separate_words() {
        let items: String = (0..40)
            .map(|i| format!("<li><a href=\"/{i}\"><span>HOKA</span><span>Clifton {i} Road-Running Shoes</span></a></li>"))
            .collect();
        let html = format!("<html><body><main><h1>Running shoes</h1><ul>{items}</ul></main></body></html>");
        let text = extract_html(html.as_bytes(), None, None).paragraphs.join("\n");
        assert!(text.contains("HOKA Clifton 10"), "{text}");
        assert!(!text.contains("HOKAClifton"), "{text}");
        // Inline parts of a word with text between them are not split.
        let html = "<html><body><article><p>The <b>harbour</b> festival drew crowds of vis<i>itors</i> to the old town on Saturday, the mayor said.</p></article></body></html>";
        let text = extract_html(html.as_bytes(), None, None).paragraphs.join("\n");
        assert!(text.contains("crowds of visitors"), "{text}");
        assert!(text.contains("The harbour festival"), "{text}");
    }

    #[test]
    fn footers_and_menus_go_whatever_their_size_card_headers_stay() {
        let links: String =
            (0..60).map(|i| format!("<a href=\"/h{i}\">Help topic number {i}</a>, ")).collect();
        let html = format!(
            "<html><body><div id=\"root\"></div><footer><dl><dt>Help</dt><dd>{links}</dd></dl></footer></body></html>"
        );
        assert!(extract_html(html.as_bytes(), None, None).paragraphs.is_empty());
        let card = |n: u32| {
            format!(
                "<article class=\"river\"><header><h2><a href=\"/{n}\">Story number {n} about the harbour</a></h2>\
                 <p class=\"desc\">A summary of story {n}: the harbour festival drew crowds, and the boats came in at dusk.</p></header></article>"
            )
        };
        let html = format!(
            "<html><body><main><h1>Harbour news</h1>{}{}{}</main></body></html>",
            card(1),
            card(2),
            card(3)
        );
        let text = extract_html(html.as_bytes(), None, None).paragraphs.join("\n");
        assert!(text.contains("A summary of story 2"), "{text}");
    }

    #[test]
    fn deep_landmarks_and_many_cards_stay_linear() {
        // Each nested `<aside>` or `<header>` asks whether content is around it, each card whether it has
        // sibling cards: flags computed once, not walks per node.
        let deep = format!(
            "<html><body>{}<p>Deep text about the harbour festival, long enough to be a paragraph.</p>{}</body></html>",
            "<aside><header><span>".repeat(20_000),
            "</span></header></aside>".repeat(20_000)
        );
        let started = std::time::Instant::now();
        let _ = extract_html(deep.as_bytes(), None, None);
        let cards: String = (0..20_000)
            .map(|i| format!("<article><header><a href=\"/{i}\">Story {i}</a></header></article>"))
            .collect();
        let wide = format!("<html><body><main>{cards}</main></body></html>");
        let ex = extract_html(wide.as_bytes(), None, None);
        assert!(!ex.paragraphs.is_empty());
        assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
    }

    #[test]
    fn a_products_reviews_are_not_its_page() {
        let review = "<div class=\"review-item\"><p>Great bottle, it keeps the ice frozen for a whole day in the sun, I bought two more.</p></div>";
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"Product","name":"Bottle"}}</script></head><body><main>
            <h1>Steel bottle</h1><div class="description"><p>A double-wall steel bottle that keeps drinks cold for a day and hot for twelve hours.</p>
            <p>It holds a litre, weighs 400 grams, and its lid screws tight so nothing leaks in a bag.</p></div>
            <section class="product-reviews">{}</section></main></body></html>"#,
            review.repeat(4)
        );
        let text = extract_html(html.as_bytes(), None, None).paragraphs.join("\n");
        assert!(text.contains("double-wall steel bottle"), "{text}");
        assert!(!text.contains("Great bottle"), "{text}");
    }

    #[test]
    fn paragraphs_split_on_blocks_and_double_br() {
        let html = "<html><body><article><div>First part of the text about the harbour and its boats.<br><br>Second part, after two breaks,<br>with one break inside.</div>\
                    <ul><li>An item of the list that is long enough to keep.</li></ul><blockquote>A quoted passage from the mayor's speech.</blockquote></article></body></html>";
        let ex = extract_html(html.as_bytes(), None, None);
        assert_eq!(
            ex.paragraphs,
            vec![
                "First part of the text about the harbour and its boats.",
                "Second part, after two breaks, with one break inside.",
                "An item of the list that is long enough to keep.",
                "A quoted passage from the mayor's speech.",
            ]
        );
    }

    #[test]
    fn dates_come_from_the_page_the_metadata_or_the_url() {
        let shown = r#"<html><head><meta property="article:published_time" content="2025-01-02T23:30:00-05:00"></head>
            <body><h1>Bridge reopens after two years</h1><p>Last updated: March 4, 2025</p>
            <p>The old bridge over the river reopened on Saturday after two years of repairs, city officials said, and traffic was light.</p></body></html>"#;
        let ex = extract_html(shown.as_bytes(), None, None);
        assert_eq!(
            ex.published_day,
            NaiveDate::from_ymd_opt(2025, 1, 2),
            "the earlier date, in the page's own time zone"
        );
        assert_eq!(ex.published.unwrap().to_rfc3339(), "2025-01-03T04:30:00+00:00");
        let visible_only = shown.replace("article:published_time", "x");
        let ex = extract_html(visible_only.as_bytes(), None, None);
        assert_eq!(ex.published_day, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(ex.published.unwrap().to_rfc3339(), "2025-03-04T00:00:00+00:00");
        let bare = "<html><body><p>The old bridge over the river reopened on Saturday after two years of repairs, city officials said.</p></body></html>";
        let ex = extract_html(bare.as_bytes(), Some("https://news.example/2024/07/09/bridge"), None);
        assert_eq!(ex.published_day, NaiveDate::from_ymd_opt(2024, 7, 9));
        assert_eq!(ex.published.unwrap().to_rfc3339(), "2024-07-09T00:00:00+00:00");
    }

    #[test]
    fn the_date_line_under_the_headline_and_the_metadata() {
        let page = |line: &str, meta: &str| {
            format!(
                r#"<html><head><meta property="article:published_time" content="{meta}"></head>
                <body><h1>Bridge reopens after two years</h1><p class="byline">By Ann Lee</p><p>{line}</p>
                <p>The old bridge over the river reopened on Saturday after two years of repairs, city officials said, and traffic was light.</p></body></html>"#
            )
        };
        let day =
            |line: &str, meta: &str| extract_html(page(line, meta).as_bytes(), None, None).published_day;
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        // An unlabeled date line is the publication as the page shows it, even when newer than the metadata.
        assert_eq!(day("March 4, 2025", "2024-01-02T10:00:00Z"), ymd(2025, 3, 4));
        // One labeled as an update gives way to an earlier publication in the metadata.
        assert_eq!(day("Updated on March 4, 2025", "2024-01-02T10:00:00Z"), ymd(2024, 1, 2));
        // Updated, with the first publication beside it.
        assert_eq!(day("Updated March 4, 2025. Originally published March 1, 2025", "x"), ymd(2025, 3, 1));
        // Two dates side by side: the later is the update.
        assert_eq!(day("March 4, 2025 February 20, 2025", "x"), ymd(2025, 2, 20));
        // A day apart from a timestamp: the same moment on another calendar.
        assert_eq!(day("March 4, 2025", "2025-03-05T00:30:00+00:00"), ymd(2025, 3, 5));
        // A date in a sentence is no date line.
        assert_eq!(
            day("The deadline is April 15, 2025, the city said.", "2024-01-02T10:00:00Z"),
            ymd(2024, 1, 2)
        );
        // `09.10.2024` where the metadata says September 10.
        assert_eq!(day("09.10.2024", "2024-09-10T08:00:00Z"), ymd(2024, 9, 10));
        // A timestamp that falls on neither side of the shown day in any zone is no zone shift.
        assert_eq!(day("March 4, 2025", "2025-03-05T23:30:00+00:00"), ymd(2025, 3, 4));
        // An update line and a publication date only in JSON-LD: the page as of its update.
        let ld = r#"<html><head><script type="application/ld+json">{"@type": "WebPage", "datePublished": "2019-05-01"}</script></head>
            <body><h1>The best bridges to walk across</h1><p>Updated on March 4, 2025</p>
            <p>The old bridge over the river reopened on Saturday after two years of repairs, city officials said, and traffic was light.</p></body></html>"#;
        assert_eq!(extract_html(ld.as_bytes(), None, None).published_day, ymd(2025, 3, 4));
    }

    #[test]
    fn url_dates_labeled_dates_and_the_headline_among_several_h1() {
        let body = "<p>The old bridge over the river reopened on Saturday after two years of repairs, city officials said, and traffic was light.</p>";
        let meta = r#"<head><title>Bridge reopens | City</title><meta property="article:published_time" content="2025-01-02T10:00:00Z"></head>"#;
        let html =
            format!("<html>{meta}<body><article><h1>Bridge reopens</h1>{body}</article></body></html>");
        let ex = extract_html(html.as_bytes(), Some("https://c.example/2025/01/03/bridge"), None);
        assert_eq!(ex.published_day, NaiveDate::from_ymd_opt(2025, 1, 3), "the URL's date comes first");
        assert_eq!(ex.published.unwrap().to_rfc3339(), "2025-01-03T00:00:00+00:00");
        let ex = extract_html(html.as_bytes(), Some("https://c.example/bridge"), None);
        assert_eq!(ex.published.unwrap().to_rfc3339(), "2025-01-02T10:00:00+00:00");
        // A date labeled as posted, far from the headline, when nothing else dates the page.
        let filler =
            "<p>Another paragraph of the story that goes on for a while, with words and more words.</p>"
                .repeat(20);
        let html = format!(
            "<html><body><h1>Bridge reopens</h1>{body}{filler}<p>Posted on the 15/12/2024 at 19:00</p></body></html>"
        );
        assert_eq!(
            extract_html(html.as_bytes(), None, None).published_day,
            NaiveDate::from_ymd_opt(2024, 12, 15)
        );
        // A menu's `<h1>` before the headline: the one naming the title is the headline, and the date
        // just above it is the page's.
        let html = format!(
            "<html><head><title>Bridge reopens after repairs | City</title></head><body><header><h1>Menu</h1></header>\
             <main><div>Published August 7, 2023 by Ann</div><h1>Bridge reopens after repairs</h1>{body}</main></body></html>"
        );
        let ex = extract_html(html.as_bytes(), None, None);
        assert_eq!(ex.title.as_deref(), Some("Bridge reopens after repairs"));
        assert_eq!(ex.published_day, NaiveDate::from_ymd_opt(2023, 8, 7));
    }

    #[test]
    fn a_page_hidden_behind_a_loading_curtain_is_read() {
        let text = "The council voted to close the library on Fridays, citing a budget shortfall of two million dollars. ";
        let more = "Residents protested outside the hall for most of the evening, and several of them spoke at the meeting. ";
        let html = format!(
            "<html><body><div style='visibility:hidden'><article><h1>Library</h1><p>{}</p><p>{}</p></article></div></body></html>",
            text.repeat(3),
            more.repeat(3)
        );
        let ex = extract_html(html.as_bytes(), None, None);
        assert_eq!(ex.paragraphs.len(), 2, "{:?}", ex.paragraphs);
        // A hidden menu next to the article stays hidden.
        let html = format!(
            "<html><body><nav hidden>{}</nav><p>{text}</p></body></html>",
            "<a href='/'>Section</a> ".repeat(100)
        );
        assert!(!extract_html(html.as_bytes(), None, None).text().contains("Section"));
    }

    #[test]
    fn listing_pages_are_read_broadly() {
        let mut html = String::from(
            "<html><body><nav><a href='/'>Home</a><a href='/shop'>Shop</a></nav><main><h1>Coffee</h1><ul>",
        );
        for (name, price) in [
            ("Dark Roast", "$19.99"),
            ("Medium Roast", "$18.99"),
            ("Espresso Roast", "$21.99"),
            ("Decaf Blend", "$17.49"),
        ] {
            html.push_str(&format!(
                "<li><a href='/p/{name}'>{name} Coffee Beans</a><span>{price}</span></li>"
            ));
        }
        html.push_str("</ul></main><footer><a href='/privacy'>Privacy</a></footer></body></html>");
        let ex = extract_html(html.as_bytes(), None, None);
        let text = ex.text();
        assert!(text.contains("Dark Roast Coffee Beans") && text.contains("$21.99"), "{text}");
        assert!(!text.contains("Privacy") && !text.contains("Home"), "{text}");
        assert_eq!(ex.title.as_deref(), Some("Coffee"));
    }

    /// A post of `n` sentences.
    fn post(topic: &str, n: usize) -> String {
        format!("I have been thinking about the {topic} for a while, and here is what I found after a week of trying it. ")
            .repeat(n)
    }

    #[test]
    fn a_thread_of_posts_named_as_comments_is_the_content() {
        let posts: String = ["telescope", "mount", "eyepiece", "budget"]
            .iter()
            .map(|t| format!("<div class='comment'><span>user_{t}</span><p>{}</p></div>", post(t, 2)))
            .collect();
        let html = format!(
            "<html><body><nav><a href='/'>Forums</a></nav><main><h1>Best first telescope?</h1>\
             <div id='comments'>{posts}</div></main><footer>About us</footer></body></html>"
        );
        let text = extract_html(html.as_bytes(), None, None).text();
        for t in ["telescope", "mount", "eyepiece", "budget"] {
            assert!(text.contains(&format!("about the {t}")), "{t}: {text}");
        }
        // The same comments under an article are furniture.
        let story = format!("<p>{}</p><p>{}</p>", post("harbour", 3), post("festival", 3));
        let html = format!(
            "<html><body><main><h1>Harbour festival</h1><article>{story}</article><div id='comments'>{posts}</div></main></body></html>"
        );
        let text = extract_html(html.as_bytes(), None, None).text();
        assert!(text.contains("about the harbour") && !text.contains("about the telescope"), "{text}");
        // So are a product's reviews, when the page says it is a product.
        let html = format!(
            "<html><head><script type='application/ld+json'>{{\"@type\": \"Product\", \"name\": \"Scope\"}}</script></head>\
             <body><main><h1>Scope</h1><div class='description'><p>{}</p></div><div id='comments'>{posts}</div></main></body></html>",
            post("lens", 2)
        );
        let text = extract_html(html.as_bytes(), None, None).text();
        assert!(text.contains("about the lens") && !text.contains("about the mount"), "{text}");
    }

    #[test]
    fn a_section_of_short_lines_on_a_page_of_many_parts_is_not_its_text() {
        // A service's landing page: the scorer's best container is a list of one-line features with a few
        // paragraphs among them, beside sections of prose in plain containers. It holds barely half of the
        // page's prose in blocks of a line or two: one part of a page of many parts, read broadly.
        let mut features = String::new();
        for i in 1..=60 {
            features.push_str(&format!("<p>Feature {i}: fast, private, simple, and free.</p>"));
            if i % 10 == 0 {
                features.push_str(&format!("<p>{}</p>", post(&format!("plan {i}"), 3)));
            }
        }
        let prose = |t: &str| format!("<div><div><span>{}</span></div></div>", post(t, 14));
        let html = format!(
            "<html><body><nav><a href='/'>Home</a></nav><h1>Plans for teams</h1>\
             <div class='content'>{features}</div>{}{}{}</body></html>",
            prose("onboarding"),
            prose("pricing"),
            prose("support")
        );
        let text = extract_html(html.as_bytes(), None, None).text();
        assert!(text.contains("Feature 60") && text.contains("about the pricing"), "{text}");
    }

    #[test]
    fn consent_panels_are_furniture_whatever_their_size() {
        let consent = "<p>We and our partners store and access information on your device, such as cookies, to measure and personalise advertising and content.</p>".repeat(12);
        let html = format!(
            "<html><body><main><h1>Tomato sauce recipes</h1><p>{}</p><p>{}</p></main>\
             <div id='onetrust-consent-sdk'><h2>Your privacy</h2>{consent}</div></body></html>",
            post("sauce", 2),
            post("pasta", 2)
        );
        let text = extract_html(html.as_bytes(), None, None).text();
        assert!(text.contains("about the sauce") && !text.contains("partners"), "{text}");
    }

    #[test]
    fn a_page_of_linked_items_with_no_prose_is_read_broadly() {
        let items: String = (1..=30)
            .map(|i| format!("<li><a href='/r/{i}'>Slow-cooked sauce number {i} with tomatoes</a></li>"))
            .collect();
        let html = format!(
            "<html><body><nav><a href='/'>Home</a></nav><main><h1>Sauces</h1><div class='intro'><p>Our sauces.</p></div>\
             <ul class='cards'>{items}</ul></main></body></html>"
        );
        let text = extract_html(html.as_bytes(), None, None).text();
        assert!(text.contains("sauce number 1 ") && text.contains("sauce number 30"), "{text}");
        assert!(!text.contains("Home"), "{text}");
    }

    #[test]
    fn json_ld_types_are_scanned() {
        let blocks = vec![
            r#"{"@context":"https://schema.org","@type" : ["Product", "Thing"],"offers":{"@type":"Offer"}}"#
                .to_string(),
            r#"{"@graph":[{"@type":"WebPage"},{"@type": 5},{"@type":"#.to_string(),
        ];
        assert_eq!(ld_types(&blocks), vec!["Product", "Thing", "Offer", "WebPage"]);
        assert!(ld_types(&[String::new()]).is_empty());
    }

    #[test]
    fn garbage_gives_empty_extraction() {
        assert_eq!(extract_html(b"", None, None), Extracted::default());
        assert!(extract_html(b"\x00\x01<<<>>>", Some("::"), Some("bogus")).paragraphs.is_empty());
        assert!(extract_html(b"<html><body></body></html>", None, None).paragraphs.is_empty());
        let _ = extract_html(b"\x00\x01\xff\xfe<<<>>>", Some("::"), Some("bogus"));
    }
}
