//! JSON Lines (and JSON arrays) read as a stream: never panics, every line or element accounted for in
//! order, every item named by its line.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use samestory_source::read_stream;

fuzz_target!(|data: &[u8]| {
    let (selector, body) = data.split_first().map_or((0, data), |(s, rest)| (*s, rest));
    let items: Vec<_> =
        read_stream("fuzz.jsonl", std::io::Cursor::new(body.to_vec()), common::limits(selector)).collect();
    let mut last_line = 0;
    for item in &items {
        common::check_item(item, "fuzz.jsonl");
        let origin = match item {
            Ok(doc) => &doc.origin,
            Err(r) => &r.origin,
        };
        if let Some(line) = origin.line {
            assert!(line >= last_line, "line {line} after line {last_line}");
            last_line = line;
        }
    }
    // Parsing one line directly agrees with itself and never panics either.
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = samestory_source::parse_json_article(samestory_model::Origin::line("fuzz", 1), text);
    }
});
