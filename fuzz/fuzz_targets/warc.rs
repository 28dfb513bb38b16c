//! WARC read as a stream: never panics, records numbered in order, every HTML payload non-blank.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use samestory_source::read_stream;

fuzz_target!(|data: &[u8]| {
    let (selector, body) = data.split_first().map_or((0, data), |(s, rest)| (*s, rest));
    let items: Vec<_> =
        read_stream("fuzz.warc", std::io::Cursor::new(body.to_vec()), common::limits(selector)).collect();
    let mut last_record = 0;
    for item in &items {
        common::check_item(item, "fuzz.warc");
        let origin = match item {
            Ok(doc) => &doc.origin,
            Err(r) => &r.origin,
        };
        if let Some(record) = origin.record {
            assert!(record >= last_record, "record {record} after record {last_record}");
            last_record = record;
        }
    }
});
