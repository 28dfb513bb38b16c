//! Plain-text cleaning: any text; never panics, and what it yields the store accepts.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use samestory_model::{Body, Hints, Origin, RawDocument};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cleaned = samestory_extract::clean_text(&text);
    for p in &cleaned.paragraphs {
        assert!(!p.trim().is_empty(), "blank paragraph");
    }
    let doc = RawDocument {
        origin: Origin::file("fuzz.txt"),
        hints: Hints::default(),
        body: Body::Text(text.into()),
    };
    match samestory_extract::to_article(doc) {
        Ok(article) => common::check_article(&article),
        Err(rejection) => common::check_item(&Err(rejection), "fuzz.txt"),
    }
});
