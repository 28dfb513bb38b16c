//! gzip-compressed WARC: the input either as gzip bytes (corrupt and truncated streams, odd members) or as
//! WARC compressed here in one or several members (the CC-NEWS layout) and cut at a chosen point.
#![no_main]

#[path = "common.rs"]
mod common;

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use libfuzzer_sys::fuzz_target;
use samestory_source::read_stream;

fn gzip_members(data: &[u8], members: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let size = data.len().div_ceil(members.max(1)).max(1);
    for part in data.chunks(size) {
        let mut z = GzEncoder::new(Vec::new(), Compression::fast());
        z.write_all(part).unwrap();
        out.extend_from_slice(&z.finish().unwrap());
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let (selector, body) = data.split_first().map_or((0, data), |(s, rest)| (*s, rest));
    let bytes = if selector & 0x80 == 0 {
        body.to_vec()
    } else {
        let mut z = gzip_members(body, usize::from(selector & 0x07) + 1);
        if selector & 0x40 != 0 {
            // cut the compressed stream short, as an interrupted download leaves it
            let keep = z.len() * usize::from((selector >> 3) & 0x07) / 8;
            z.truncate(keep.max(2));
        }
        z
    };
    let items: Vec<_> =
        read_stream("fuzz.warc.gz", std::io::Cursor::new(bytes), common::limits(selector)).collect();
    for item in &items {
        common::check_item(item, "fuzz.warc.gz");
    }
});
