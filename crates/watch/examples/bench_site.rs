//! A news site on 127.0.0.1 for the watch benchmark (`bench/watch/run.sh`): N synthetic articles (invented
//! events, several outlets each, from `samestory_testkit::synthetic`) plus the demo corpus's HTML pages, one
//! RSS feed per outlet, answered with ETags so unchanged feeds cost a 304.
//!
//! `bench_site --pages N --out DIR` writes `DIR/feeds.txt` (the feed list), `DIR/pages/` (the same pages as
//! files, for `samestory ingest`) and serves until killed.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

struct Resource {
    content_type: &'static str,
    body: Vec<u8>,
    etag: String,
}

type Site = Arc<HashMap<String, Resource>>;

async fn serve(State(site): State<Site>, uri: Uri, headers: HeaderMap) -> Response {
    let Some(r) = site.get(uri.path()) else { return (StatusCode::NOT_FOUND, "not here").into_response() };
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(r.etag.as_str()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    ([(header::CONTENT_TYPE, r.content_type), (header::ETAG, r.etag.as_str())], r.body.clone())
        .into_response()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An article in the ingest schema as a plain news page.
fn page(article: &Value) -> String {
    let field = |k: &str| article[k].as_str().unwrap_or_default();
    let paragraphs: String =
        field("text").split("\n\n").map(|p| format!("<p>{}</p>\n", escape(p))).collect::<Vec<_>>().concat();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | {site}</title>\
         <meta property=\"og:site_name\" content=\"{site}\">\
         <meta property=\"article:published_time\" content=\"{published}\"></head>\
         <body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>\
         <article><h1>{title}</h1>\n{paragraphs}</article><footer>© {site}</footer></body></html>",
        title = escape(field("title")),
        site = escape(field("source")),
        published = field("published"),
    )
}

fn rss(items: &[(String, String)]) -> String {
    let items: String = items
        .iter()
        .map(|(title, link)| {
            format!("<item><title>{}</title><link>{link}</link><guid>{link}</guid></item>", escape(title))
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>bench</title>{items}</channel></rss>"
    )
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = arg(&args, "--pages").unwrap_or_else(|| "2000".into()).parse()?;
    let out = PathBuf::from(arg(&args, "--out").ok_or("usage: bench_site --pages N --out DIR")?);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus/html");

    // path → (outlet, title, html)
    let mut pages: Vec<(String, String, String, Vec<u8>)> = Vec::new();
    for (i, article) in samestory_testkit::synthetic::corpus(42, count, 0, 30, "w").iter().enumerate() {
        let outlet = article["source"].as_str().unwrap_or("unknown").to_string();
        let title = article["title"].as_str().unwrap_or_default().to_string();
        pages.push((format!("/a/{i}.html"), outlet, title, page(article).into_bytes()));
    }
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(&corpus)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    names.sort();
    for path in names.into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        pages.push((format!("/demo/{name}"), "demo corpus".into(), name.clone(), std::fs::read(&path)?));
    }

    std::fs::create_dir_all(out.join("pages"))?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let mut site = HashMap::new();
    let mut feeds: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (path, outlet, title, html) in pages {
        std::fs::write(out.join("pages").join(path.trim_start_matches('/').replace('/', "_")), &html)?;
        feeds.entry(outlet).or_default().push((title, format!("{base}{path}")));
        let etag = format!("\"{:x}\"", xxhash_rust::xxh3::xxh3_64(&html));
        site.insert(path, Resource { content_type: "text/html; charset=utf-8", body: html, etag });
    }
    let mut list = String::from("# bench_site feeds\n");
    for (i, items) in feeds.values().enumerate() {
        let body = rss(items).into_bytes();
        let etag = format!("\"{:x}\"", xxhash_rust::xxh3::xxh3_64(&body));
        site.insert(format!("/feed/{i}.xml"), Resource { content_type: "application/rss+xml", body, etag });
        list.push_str(&format!("{base}/feed/{i}.xml\n"));
    }
    // The list appears last and whole: its presence means the site is up.
    std::fs::write(out.join("feeds.txt.tmp"), list)?;
    std::fs::rename(out.join("feeds.txt.tmp"), out.join("feeds.txt"))?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new().fallback(serve).with_state(Arc::new(site));
        axum::serve(listener, app).await
    })?;
    Ok(())
}
