//! Checks shared by the fuzz targets: what every reader and extractor promises whatever the bytes.
#![allow(dead_code)]

use chrono_free::year_in_range;
use samestory_model::{Article, Body, Origin, RawDocument, Rejection};
use samestory_source::{Limits, read_stream};

/// Small limits, so fuzz inputs (a few KiB) reach every "too large" and "too long" path; the first byte
/// of the input picks them (tiny, small or the defaults).
pub fn limits(selector: u8) -> Limits {
    match selector % 3 {
        0 => Limits { max_document_bytes: 300, max_line_bytes: 120 },
        1 => Limits { max_document_bytes: 4096, max_line_bytes: 1024 },
        _ => Limits::default(),
    }
}

/// A reader's item: a document with a body, or a rejection with a reason, both naming where they came from.
pub fn check_item(item: &Result<RawDocument, Rejection>, source: &str) {
    match item {
        Ok(doc) => {
            assert_eq!(doc.origin.source, source);
            match &doc.body {
                Body::Text(t) => assert!(!t.trim().is_empty(), "blank text document"),
                Body::Html(h) => assert!(!h.trim_ascii().is_empty(), "blank html document"),
            }
        }
        Err(r) => {
            assert_eq!(r.origin.source, source);
            assert!(!r.reason.is_empty(), "rejection without a reason");
            assert!(!r.reason.starts_with(char::is_uppercase), "reason not lowercase: {}", r.reason);
        }
    }
}

/// Reads `data` as the file `source` (its first byte picks the limits), checks every item with
/// [`check_item`] and that the position `position` gives (a line, a record number) never goes backwards.
pub fn read_in_order(source: &str, data: &[u8], position: fn(&Origin) -> Option<u64>) {
    let (selector, body) = data.split_first().map_or((0, data), |(s, rest)| (*s, rest));
    let items: Vec<_> = read_stream(source, std::io::Cursor::new(body.to_vec()), limits(selector)).collect();
    let mut last = 0;
    for item in &items {
        check_item(item, source);
        let origin = match item {
            Ok(doc) => &doc.origin,
            Err(r) => &r.origin,
        };
        if let Some(at) = position(origin) {
            assert!(at >= last, "position {at} after position {last} in {source}");
            last = at;
        }
    }
}

/// An extracted article is one the store accepts: non-blank id, paragraphs that round-trip through the
/// store's `"\n\n"` join, times in the years 0000-9999.
pub fn check_article(article: &Article) {
    assert!(!article.id.trim().is_empty(), "blank id");
    assert!(!article.paragraphs.is_empty(), "article without paragraphs");
    for p in &article.paragraphs {
        assert!(!p.is_empty(), "empty paragraph");
        assert!(!p.contains("\n\n"), "paragraph with a blank line: {p:?}");
        assert!(!p.starts_with('\n') && !p.ends_with('\n'), "paragraph edged by a newline: {p:?}");
    }
    if let Some(t) = article.published {
        assert!(year_in_range(&t.to_rfc3339()), "published {t} outside the years 0000-9999");
    }
    assert!(!article.content_hash.is_empty(), "no content hash");
}

mod chrono_free {
    /// Whether an RFC 3339 time has a four-digit year 0000-9999 (no sign, no fifth digit).
    pub fn year_in_range(rfc3339: &str) -> bool {
        let b = rfc3339.as_bytes();
        b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
    }
}
