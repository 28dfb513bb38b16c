//! Quality gate on the labelled copy corpus built from the real article bodies in `../shared/data` (see
//! `benches/corpus/mod.rs`; `cargo bench -p samestory-dedup --bench copies` prints the full report).
//! Floors are a little under what the index reaches: precision 1.000, recall 0.968, F1 0.984.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use samestory_dedup::{CopyLedger, CopyMatch, DedupConfig, DocRef, dedup_batch};

fn refs(docs: &[corpus::Doc]) -> Vec<DocRef<'_>> {
    docs.iter().map(|d| DocRef { id: &d.id, text: &d.text, published_ms: Some(d.published_ms) }).collect()
}

fn originals(answers: &[Option<CopyMatch>]) -> Vec<Option<&str>> {
    answers.iter().map(|a| a.as_ref().map(|m| m.original.as_str())).collect()
}

#[test]
fn copy_corpus_quality_and_stream_equals_batch() {
    let Some(data) = samestory_testkit::shared("data") else { return };
    let clock = std::time::Instant::now();
    let bodies = corpus::load_bodies(&data);
    println!("loaded in {:.1} s", clock.elapsed().as_secs_f64());
    let corpus = corpus::build(&bodies, 42);
    println!("built in {:.1} s", clock.elapsed().as_secs_f64());
    let docs = &corpus.docs;
    assert!(corpus.originals >= 2000, "{} originals", corpus.originals);
    let config = DedupConfig::default();

    // The batch path: original order (earliest published first), answers in input order.
    let batch = dedup_batch(&config, &refs(docs));
    println!("batch done at {:.1} s", clock.elapsed().as_secs_f64());
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let groups = corpus::groups_from_answers(&ids, &originals(&batch));
    let families: Vec<usize> = docs.iter().map(|d| d.family).collect();
    let (p, r, f1) = corpus::pairwise(&families, &groups);
    println!("copy corpus: {} documents, precision {p:.4}, recall {r:.4}, F1 {f1:.4}", docs.len());
    assert!(p >= 0.995, "precision {p:.4}");
    assert!(r >= 0.96, "recall {r:.4}");
    assert!(f1 >= 0.98, "F1 {f1:.4}");
    // Every copy found points at an earlier published text.
    let published: std::collections::HashMap<&str, i64> =
        docs.iter().map(|d| (d.id.as_str(), d.published_ms)).collect();
    for (d, a) in docs.iter().zip(&batch) {
        if let Some(m) = a {
            assert!(published[m.original.as_str()] <= d.published_ms, "{} ({}): {m:?}", d.id, d.change);
        }
    }

    // The stream in publication order gives exactly the batch's answers.
    let mut by_time: Vec<usize> = (0..docs.len()).collect();
    by_time.sort_by_key(|&i| (docs[i].published_ms, i));
    let mut ledger = CopyLedger::new(config.clone());
    for &i in &by_time {
        let d = &docs[i];
        let verdict = ledger.push(DocRef { id: &d.id, text: &d.text, published_ms: Some(d.published_ms) });
        assert!(verdict.replaced.is_none(), "{}", d.id);
    }
    for (&i, s) in by_time.iter().zip(ledger.answers()) {
        assert_eq!(s, batch[i], "{}", docs[i].id);
    }

    // The stream in an arrival order unrelated to publication (copies often before their original): once
    // every text is in, earlier originals have replaced later ones and the answers are the batch's, except
    // where a pair's verdict depends on which text is the query (the query checks 32 of its anchors, an
    // indexed text keeps 12) or copies of one original do not copy each other.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = corpus::Rng::new(7);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut ledger = CopyLedger::new(config);
    let mut replaced = 0;
    for &i in &order {
        let d = &docs[i];
        let verdict = ledger.push(DocRef { id: &d.id, text: &d.text, published_ms: Some(d.published_ms) });
        replaced += usize::from(verdict.replaced.is_some());
    }
    let stream = ledger.answers();
    println!("stream done at {:.1} s", clock.elapsed().as_secs_f64());
    let differ: Vec<String> = order
        .iter()
        .zip(&stream)
        .filter(|&(&i, s)| s.as_ref().map(|m| &m.original) != batch[i].as_ref().map(|m| &m.original))
        .map(|(&i, s)| format!("{} ({}): stream {:?}, batch {:?}", docs[i].id, docs[i].change, s, batch[i]))
        .collect();
    println!("stream: {replaced} originals replaced by earlier copies; {} answers differ", differ.len());
    assert!(replaced > 100, "the shuffled stream exercises replacement ({replaced})");
    // Measured: 29 of 5,048.
    assert!(differ.len() * 100 <= docs.len(), "{differ:#?}");
    let bytes = ledger.index().memory_per_doc();
    println!("index: {} texts, {bytes} bytes each", ledger.index().len());
    assert!(bytes < 640, "{bytes} bytes per indexed text (measured 585)");
}
