//! The body of `POST /api/articles` as the server reads it (`read_json_body`): never panics, always says
//! something (a document or a rejection), every item named by the request label.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let items = samestory_source::read_json_body("http", data);
    assert!(!items.is_empty(), "a body gave neither a document nor a rejection");
    assert!(items.len() <= samestory_source::MAX_BODY_RECORDS + 1, "{} items from one body", items.len());
    for item in &items {
        let source = match item {
            Ok(doc) => doc.origin.source.clone(),
            Err(r) => r.origin.source.clone(),
        };
        assert_eq!(source, "http");
        common::check_item(item, "http");
    }
});
