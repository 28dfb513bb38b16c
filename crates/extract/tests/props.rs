//! Property tests: extraction never panics on any input, and its paragraphs are always clean.

use proptest::prelude::*;
use samestory_extract::{clean_text, extract_html, parse_date, to_article};
use samestory_model::{Body, Hints, Origin, RawDocument};

/// HTML-looking input: a soup of tags, attributes, entities, text and stray bytes.
fn html_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"share caption\">".to_string()),
        Just("<article>".to_string()),
        Just("<br><br>".to_string()),
        Just("<a href='/x'>".to_string()),
        Just("</a>".to_string()),
        Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":".to_string()),
        Just("</script>".to_string()),
        Just("<meta charset=\"windows-1252\">".to_string()),
        Just("<meta property=\"og:title\" content=\"T | S\">".to_string()),
        Just("<time datetime=\"2025-01-01\">".to_string()),
        Just("&amp;&#x0;&nbsp;".to_string()),
        "[A-Za-z ,.]{0,80}",
        "\\PC{0,30}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn clean_paragraphs(paragraphs: &[String]) -> bool {
    paragraphs.iter().all(|p| !p.is_empty() && p.trim() == p && !p.contains('\n'))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn extract_html_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000), hint in "[a-z0-9-]{0,12}") {
        let ex = extract_html(&bytes, Some("https://news.example/a"), Some(&hint));
        prop_assert!(clean_paragraphs(&ex.paragraphs));
    }

    #[test]
    fn extract_html_never_panics_on_tag_soup(html in html_soup(), url in prop::option::of("[a-z:/.]{0,20}")) {
        let ex = extract_html(html.as_bytes(), url.as_deref(), None);
        prop_assert!(clean_paragraphs(&ex.paragraphs));
    }

    #[test]
    fn clean_text_never_panics_and_paragraphs_are_clean(text in "(\\PC{0,60}[\n ]{0,3}){0,20}") {
        let ex = clean_text(&text);
        prop_assert!(clean_paragraphs(&ex.paragraphs));
        // Cleaning only removes: every kept paragraph's words come from the input.
        let input = samestory_model::normalize_text(&text);
        for p in &ex.paragraphs {
            for w in samestory_model::normalize_text(p).split(' ').filter(|w| !w.is_empty()) {
                prop_assert!(input.contains(w), "{w:?} not in input");
            }
        }
    }

    #[test]
    fn parse_date_never_panics(s in "\\PC{0,40}", n in any::<i64>()) {
        let _ = parse_date(&s);
        let _ = parse_date(&n.to_string());
    }

    #[test]
    fn to_article_accepts_or_rejects(text in "\\PC{0,200}", html in any::<bool>()) {
        let body = if html { Body::Html(text.clone().into_bytes()) } else { Body::Text(text) };
        match to_article(RawDocument { origin: Origin::file("p"), hints: Hints::default(), body }) {
            Ok(a) => {
                prop_assert!(!a.paragraphs.is_empty());
                prop_assert_eq!(a.content_hash.len(), 32);
            }
            Err(r) => prop_assert!(r.reason == "empty document" || r.reason == "no article text found"),
        }
    }
}
