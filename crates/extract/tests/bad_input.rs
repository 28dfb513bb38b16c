//! The bad-input list: an empty page, binary junk, a 50 MB page, 100,000 nested tags, a page that declares
//! the wrong charset. None may panic or overflow the stack; each ends in bounded time with a result or an
//! empty one that `to_article` turns into a rejection with a reason.

use std::time::{Duration, Instant};

use samestory_extract::{extract_html, to_article};
use samestory_model::{Body, Hints, Origin, RawDocument};

fn reject_reason(bytes: Vec<u8>) -> Option<String> {
    let doc =
        RawDocument { origin: Origin::file("bad.html"), hints: Hints::default(), body: Body::Html(bytes) };
    to_article(doc).err().map(|r| r.reason)
}

#[test]
fn empty_and_junk_pages_are_rejected_with_a_reason() {
    assert_eq!(reject_reason(Vec::new()).as_deref(), Some("empty document"));
    let mut junk = Vec::with_capacity(1 << 20);
    let mut x: u32 = 0x1234_5678;
    for _ in 0..(1 << 20) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        junk.push((x >> 24) as u8);
    }
    let started = Instant::now();
    let reason = reject_reason(junk);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(matches!(reason.as_deref(), None | Some("no article text found")), "{reason:?}");
    let zeros = vec![0u8; 100_000];
    assert_eq!(reject_reason(zeros).as_deref(), Some("no article text found"));
}

#[test]
fn fifty_megabyte_page_is_read_in_bounded_time() {
    let para =
        "<p>The council met on Monday and agreed, after a long debate, to repair the old bridge.</p>\n";
    let mut html = String::from("<html><head><title>Big</title></head><body><article>");
    while html.len() < 50 * 1024 * 1024 {
        html.push_str(para);
        html.push_str("<div class=\"share\"><a href=\"/x\">Share</a></div><script>var x = '<p>';</script>\n");
    }
    html.push_str("</article></body></html>");
    let started = Instant::now();
    let ex = extract_html(html.as_bytes(), None, None);
    let spent = started.elapsed();
    // Identical paragraphs are kept once (segments repeated within a page are removed).
    assert_eq!(ex.paragraphs.len(), 1, "{:?}", &ex.paragraphs[..ex.paragraphs.len().min(3)]);
    assert!(spent < Duration::from_secs(60), "took {spent:?}");
}

#[test]
fn hundred_thousand_nested_tags_do_not_overflow() {
    for tag in ["div", "span", "b", "li"] {
        let n = 100_000;
        let html = format!(
            "<html><body>{}<p>The text at the bottom of a very deep page, long enough to count as an article.</p>{}</body></html>",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        );
        let started = Instant::now();
        let ex = extract_html(html.as_bytes(), None, None);
        assert!(started.elapsed() < Duration::from_secs(30), "{tag}: {:?}", started.elapsed());
        assert!(
            ex.paragraphs.iter().any(|p| p.contains("bottom of a very deep page")),
            "{tag}: {:?}",
            ex.paragraphs
        );
    }
    let unclosed = "<div><table><tr><td>".repeat(30_000);
    let _ = extract_html(unclosed.as_bytes(), None, None);
}

#[test]
fn a_wrong_declared_charset_still_reads_the_text() {
    let body = "<p>Le conseil municipal a voté lundi la rénovation du vieux pont, après un long débat sur le coût des travaux.</p>";
    let declared_latin1 = format!(
        "<html><head><meta charset=\"iso-8859-1\"></head><body><article>{body}</article></body></html>"
    );
    let ex = extract_html(declared_latin1.as_bytes(), None, None);
    assert!(ex.text().contains("rénovation du vieux pont"), "{:?}", ex.paragraphs);
    let ex = extract_html(declared_latin1.as_bytes(), None, Some("shift_jis"));
    assert!(ex.text().contains("après un long débat"), "{:?}", ex.paragraphs);

    let mut latin1 = b"<html><head><meta charset=\"utf-8\"></head><body><article><p>".to_vec();
    latin1.extend("Le conseil municipal a vot\u{e9} lundi la r\u{e9}novation du vieux pont, apr\u{e8}s un long d\u{e9}bat.".chars().map(|c| c as u32 as u8));
    latin1.extend(b"</p></article></body></html>");
    let ex = extract_html(&latin1, None, None);
    assert!(ex.text().contains("rénovation"), "{:?}", ex.paragraphs);
}
