//! JSON Lines (and JSON arrays) read as a stream: never panics, every line or element accounted for in
//! order, every item named by its line.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::read_in_order("fuzz.jsonl", data, |origin| origin.line);
    // Parsing one line directly never panics either.
    if let Ok(text) = std::str::from_utf8(data.get(1..).unwrap_or_default()) {
        let _ = samestory_source::parse_json_article(samestory_model::Origin::line("fuzz", 1), text);
    }
});
