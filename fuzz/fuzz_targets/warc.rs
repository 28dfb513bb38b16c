//! WARC read as a stream: never panics, records numbered in order, every HTML payload non-blank.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::read_in_order("fuzz.warc", data, |origin| origin.record);
});
