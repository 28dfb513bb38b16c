//! HTML extraction: any bytes, any URL and charset hint; never panics, and what it yields the store accepts.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use samestory_model::{Body, Hints, Origin, RawDocument};

const CHARSETS: [Option<&str>; 6] =
    [None, Some("utf-8"), Some("windows-1252"), Some("shift_jis"), Some("utf-16le"), Some("x-unknown")];

fuzz_target!(|data: &[u8]| {
    let (selector, html) = data.split_first().map_or((0, data), |(s, rest)| (*s, rest));
    let charset = CHARSETS[usize::from(selector) % CHARSETS.len()];
    let url = (selector & 0x80 != 0).then_some("https://news.example/2026/01/02/story.html");
    let extracted = samestory_extract::extract_html(html, url, charset);
    for p in &extracted.paragraphs {
        assert!(!p.trim().is_empty(), "blank paragraph");
    }
    let hints =
        Hints { url: url.map(str::to_string), charset: charset.map(str::to_string), ..Hints::default() };
    let doc = RawDocument { origin: Origin::file("fuzz.html"), hints, body: Body::Html(html.to_vec()) };
    match samestory_extract::to_article(doc) {
        Ok(article) => common::check_article(&article),
        Err(rejection) => common::check_item(&Err(rejection), "fuzz.html"),
    }
});
