//! The two seed articles: seed 000 is a Fox News report as an aggregator republished it (its junk left
//! in), seed 002 another outlet's own report of the same event, machine-translated.

use samestory_dedup::{CopyKind, CopyLedger, DedupConfig, DedupIndex, DocRef, dedup_batch};

#[test]
fn seeds_are_not_copies_of_each_other() {
    let Some((a, b)) = samestory_testkit::seeds() else { return };
    let mut idx = DedupIndex::new(DedupConfig::default());
    assert_eq!(idx.check_and_insert("000", &a), None);
    assert_eq!(idx.check_and_insert("002", &b), None);
    assert_eq!(idx.len(), 2);
    // But each is a copy of itself, and an excerpt of the first is contained in it.
    assert_eq!(idx.check(&b).map(|m| (m.original, m.kind)), Some(("002".into(), CopyKind::Exact)));
    let paragraphs: Vec<&str> = a.split("\n\n").collect();
    let excerpt = format!("{}\n\nRead the full article here", paragraphs[..6].join("\n\n"));
    let m = idx.check(&excerpt).expect("the excerpt is a copy");
    assert_eq!((m.original.as_str(), m.kind), ("000", CopyKind::Contained));
}

#[test]
fn the_clean_text_is_the_original_of_the_aggregated_one_when_earlier() {
    let Some((aggregated, translated)) = samestory_testkit::seeds() else { return };
    let clean = samestory_testkit::without_aggregator_lines(&aggregated);
    assert!(clean.len() < aggregated.len() && !clean.contains("Leave A Reply"), "the junk is gone");
    let hour = 3_600_000;
    // The aggregator's copy arrives first but was published an hour after the clean report.
    let docs = [
        DocRef { id: "aggregated", text: &aggregated, published_ms: Some(2 * hour) },
        DocRef { id: "translated", text: &translated, published_ms: Some(0) },
        DocRef { id: "clean", text: &clean, published_ms: Some(hour) },
    ];
    let mut ledger = CopyLedger::new(DedupConfig::default());
    assert_eq!(ledger.push(docs[0]), Default::default());
    assert_eq!(ledger.push(docs[1]), Default::default(), "seed 002 is not a copy of seed 000");
    let verdict = ledger.push(docs[2]);
    assert_eq!(verdict.copy, None);
    let replaced = verdict.replaced.expect("the clean text replaces the aggregated one as original");
    assert_eq!(replaced.previous, "aggregated");
    assert!(matches!(replaced.kind, CopyKind::Near | CopyKind::Contained), "{replaced:?}");
    assert!(replaced.similarity >= 0.8, "{replaced:?}");
    let answers = ledger.answers();
    assert_eq!(answers[0].as_ref().map(|m| m.original.as_str()), Some("clean"));
    assert_eq!(answers[1], None);
    assert_eq!(answers[2], None);
    assert_eq!(dedup_batch(&DedupConfig::default(), &docs), answers, "the batch path agrees");

    // Published later than the aggregated copy, the clean text is the copy.
    let later = [docs[0], DocRef { published_ms: Some(3 * hour), ..docs[2] }];
    let answers = dedup_batch(&DedupConfig::default(), &later);
    assert_eq!(answers[0], None);
    assert_eq!(answers[1].as_ref().map(|m| m.original.as_str()), Some("aggregated"));
}
