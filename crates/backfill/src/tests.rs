//! The job on generated corpora with planted groups, written as Parquet, WARC and JSON Lines shards:
//! quality against the planted truth, agreement with samestory-dedup's single-machine answers, and the
//! components stage against union-find.

use std::collections::HashMap;

use proptest::prelude::*;
use samestory_dedup::{CopyLedger, DocRef};

use super::*;
use crate::synth::{self, Doc, Shape};

/// A runtime whose workers have room for DataFusion's recursive planning in unoptimized builds; jobs are
/// spawned on it (never polled on the test's own small-stacked thread).
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(32 << 20)
        .enable_all()
        .build()
        .unwrap()
}

fn config() -> BackfillConfig {
    BackfillConfig { partitions: 2, ..BackfillConfig::default() }
}

/// Runs a job on its own runtime: its lines and its result.
fn run_job(inputs: &[PathBuf]) -> (Vec<Line>, Result<Summary, BackfillError>) {
    let rt = runtime();
    let job = Backfill::new(config()).unwrap();
    let inputs = inputs.to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    let result = rt
        .block_on(rt.spawn(async move {
            job.run(&inputs, move |line| {
                let _ = tx.send(line);
            })
            .await
        }))
        .unwrap();
    (rx.into_iter().collect(), result)
}

fn backfill(inputs: &[PathBuf]) -> (Vec<Line>, Summary) {
    let (lines, result) = run_job(inputs);
    (lines, result.unwrap())
}

/// Pairwise precision and recall of `predicted` groups against `truth` (both id → group).
fn pair_scores(truth: &HashMap<String, String>, predicted: &HashMap<String, String>) -> (f64, f64) {
    let ids: Vec<&String> = truth.keys().collect();
    let (mut both, mut t, mut p) = (0u64, 0u64, 0u64);
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let same_t = truth[*a] == truth[*b];
            let same_p = predicted.get(*a).is_some_and(|g| Some(g) == predicted.get(*b));
            both += u64::from(same_t && same_p);
            t += u64::from(same_t);
            p += u64::from(same_p);
        }
    }
    (both as f64 / p.max(1) as f64, both as f64 / t.max(1) as f64)
}

fn groups(lines: &[Line]) -> HashMap<String, String> {
    lines.iter().filter_map(|l| Some((l.id.clone()?, l.group.clone()?))).collect()
}

/// What `samestory dedup` answers for these texts in this order: (copy, original) pairs.
fn dedup_pairs(texts: &[(String, String, Option<i64>)]) -> Vec<(String, String)> {
    let mut ledger = CopyLedger::new(samestory_dedup::DedupConfig::default());
    for (id, text, published_ms) in texts {
        ledger.push(DocRef { id, text, published_ms: *published_ms });
    }
    ledger
        .answers()
        .iter()
        .zip(texts)
        .filter_map(|(answer, (id, _, _))| answer.as_ref().map(|m| (id.clone(), m.original.clone())))
        .collect()
}

/// Checks what must agree with dedup: every copy dedup finds is in its original's group here (a group
/// here is a union of dedup's groups, transitive where dedup is greedy), and the groups here are not
/// more numerous than dedup's. Returns the share of our copy links that dedup also makes.
fn assert_agrees_with_dedup(lines: &[Line], dedup: &[(String, String)]) -> f64 {
    let ours = groups(lines);
    for (copy, original) in dedup {
        assert_eq!(ours.get(copy), ours.get(original), "dedup has {copy} copying {original}");
    }
    let dedup_map: HashMap<&str, &str> = dedup.iter().map(|(c, o)| (c.as_str(), o.as_str())).collect();
    let dedup_groups = {
        let originals: std::collections::HashSet<&str> = dedup_map.values().copied().collect();
        originals.len()
    };
    let our_groups: std::collections::HashSet<&String> =
        lines.iter().filter(|l| l.copy_of.is_some()).filter_map(|l| l.group.as_ref()).collect();
    assert!(our_groups.len() <= dedup_groups, "{} groups here, {dedup_groups} in dedup", our_groups.len());
    let ours_copies: Vec<(&str, &str)> =
        lines.iter().filter_map(|l| Some((l.id.as_deref()?, l.copy_of.as_deref()?))).collect();
    let same = ours_copies.iter().filter(|(c, o)| dedup_map.get(c) == Some(o)).count();
    same as f64 / ours_copies.len().max(1) as f64
}

fn truth(docs: &[Doc]) -> HashMap<String, String> {
    docs.iter().map(|d| (d.id.clone(), d.group.to_string())).collect()
}

#[test]
fn planted_groups_from_parquet_shards() {
    let docs = synth::corpus(Shape::default(), 11);
    let dir = tempfile::tempdir().unwrap();
    let shards: Vec<PathBuf> = docs
        .chunks(docs.len().div_ceil(3))
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.path().join(format!("shard-{i}.parquet"));
            synth::write_parquet(&path, chunk).unwrap();
            path
        })
        .collect();
    let (lines, summary) = backfill(&[dir.path().to_path_buf()]);
    assert_eq!(lines.len(), docs.len());
    assert_eq!((summary.documents, summary.rejected), (docs.len() as u64, 0));
    let (precision, recall) = pair_scores(&truth(&docs), &groups(&lines));
    eprintln!("parquet: precision {precision:.4} recall {recall:.4} {summary:?}");
    assert!(precision >= 0.99 && recall >= 0.97, "precision {precision} recall {recall}");
    // Originals are the earliest published: the planted originals.
    for line in &lines {
        let doc = docs.iter().find(|d| Some(&d.id) == line.id.as_ref()).unwrap();
        if line.copy_of.is_some() {
            assert_ne!(doc.planted, synth::Planted::Original, "{line:?}");
        }
        if doc.planted == synth::Planted::Exact {
            assert_eq!(line.kind.as_deref(), Some("exact"), "{line:?}");
        }
    }
    // The same corpus through dedup, in shard order (the order of `samestory dedup` over the shards).
    let cleaned: Vec<(String, String, Option<i64>)> = docs
        .iter()
        .filter_map(|d| {
            let raw = samestory_model::RawDocument {
                origin: samestory_model::Origin::file("t"),
                hints: samestory_model::Hints { id: Some(d.id.clone()), ..Default::default() },
                body: samestory_model::Body::Text(d.text.clone()),
            };
            let a = samestory_pipeline::to_article(raw).ok()?;
            Some((a.id.clone(), a.text(), Some(d.published_ms)))
        })
        .collect();
    let agree = assert_agrees_with_dedup(&lines, &dedup_pairs(&cleaned));
    assert!(agree >= 0.95, "only {agree} of the copy links agree with dedup");
    drop(shards);
}

#[test]
fn planted_groups_from_warc_and_jsonl_shards() {
    let docs = synth::corpus(Shape { groups: 12, copies: 4, singles: 24, paragraphs: 5 }, 5);
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = docs.split_at(docs.len() / 2);
    synth::write_warc(&dir.path().join("a.warc"), first).unwrap();
    let gz = std::fs::File::create(dir.path().join("b.warc.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(gz, flate2::Compression::fast());
    let plain = dir.path().join("b.tmp");
    synth::write_warc(&plain, second).unwrap();
    std::io::copy(&mut std::fs::File::open(&plain).unwrap(), &mut gz).unwrap();
    gz.finish().unwrap();
    std::fs::remove_file(&plain).unwrap();
    let (lines, summary) = backfill(&[dir.path().to_path_buf()]);
    assert_eq!(summary.rejected, 0, "{lines:?}");
    // Ids come from the URLs: map them back through extraction, as the job did.
    let mut by_url = HashMap::new();
    let mut texts = Vec::new();
    let inputs = vec![
        samestory_source::Input::Path(dir.path().join("a.warc")),
        samestory_source::Input::Path(dir.path().join("b.warc.gz")),
    ];
    for doc in samestory_source::read_inputs(inputs, samestory_source::Limits::default()) {
        let a = samestory_pipeline::to_article(doc.unwrap()).unwrap();
        by_url.insert(a.url.clone().unwrap(), a.id.clone());
        texts.push((a.id.clone(), a.text(), a.published.map(|t| t.timestamp_millis())));
    }
    let truth: HashMap<String, String> =
        docs.iter().map(|d| (by_url[&d.url].clone(), d.group.to_string())).collect();
    assert_eq!(lines.len(), docs.len());
    let (precision, recall) = pair_scores(&truth, &groups(&lines));
    eprintln!("warc: precision {precision:.4} recall {recall:.4} {summary:?}");
    assert!(precision >= 0.99 && recall >= 0.97, "precision {precision} recall {recall}");
    let agree = assert_agrees_with_dedup(&lines, &dedup_pairs(&texts));
    assert!(agree >= 0.95, "only {agree} of the copy links agree with dedup");

    // The same articles as JSON Lines give the same groups.
    let jsonl_dir = tempfile::tempdir().unwrap();
    synth::write_jsonl(&jsonl_dir.path().join("all.jsonl"), &docs).unwrap();
    let (jsonl_lines, _) = backfill(&[jsonl_dir.path().join("all.jsonl")]);
    let jsonl_truth = self::truth(&docs);
    let (precision, recall) = pair_scores(&jsonl_truth, &groups(&jsonl_lines));
    assert!(precision >= 0.99 && recall >= 0.97, "jsonl: precision {precision} recall {recall}");
}

#[test]
fn bad_inputs_are_errors_or_error_lines() {
    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{Field, Schema};
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, columns: Vec<(&str, Vec<Option<&str>>)>| {
        let fields: Vec<Field> = columns.iter().map(|(n, _)| Field::new(*n, DataType::Utf8, true)).collect();
        let arrays: Vec<ArrayRef> =
            columns.into_iter().map(|(_, v)| std::sync::Arc::new(StringArray::from(v)) as ArrayRef).collect();
        let schema = std::sync::Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(schema.clone(), arrays).unwrap();
        let path = dir.path().join(name);
        let mut w = datafusion::parquet::arrow::ArrowWriter::try_new(
            std::fs::File::create(&path).unwrap(),
            schema,
            None,
        )
        .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        path
    };
    let no_text = write("no_text.parquet", vec![("id", vec![Some("a")])]);
    assert!(matches!(run_job(&[no_text]).1, Err(BackfillError::Schema(_))));
    let text =
        "Officials in the harbour town said on Monday that the new sea wall would cost more than planned.";
    let dup = write(
        "dup.parquet",
        vec![("id", vec![Some("a"), Some("a")]), ("text", vec![Some(text), Some("x y z")])],
    );
    assert!(matches!(run_job(&[dup]).1, Err(BackfillError::DuplicateId(id)) if id == "a"));
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(run_job(&[empty.path().to_path_buf()]).1, Err(BackfillError::NoInput)));
    assert!(matches!(run_job(&[dir.path().join("missing")]).1, Err(BackfillError::Io { .. })));
    let holes = write(
        "holes.parquet",
        vec![
            ("id", vec![Some("a"), None, Some("c"), Some("d")]),
            ("text", vec![Some(text), Some(text), None, Some(" ,.")]),
        ],
    );
    let (lines, summary) = backfill(&[holes]);
    let errors: Vec<(Option<&str>, Option<&str>)> =
        lines.iter().map(|l| (l.id.as_deref(), l.error.as_deref())).collect();
    assert_eq!(
        errors,
        [
            (None, Some("missing id")),
            (Some("a"), None),
            (Some("c"), Some("missing text")),
            (Some("d"), Some("empty document"))
        ]
    );
    assert_eq!((summary.documents, summary.rejected), (1, 3));
}

/// The components of random graphs: label propagation in SQL gives every node the smallest id of its
/// union-find component.
#[test]
fn components_match_union_find() {
    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{Field, Schema};
    use datafusion::datasource::MemTable;
    let rt = runtime();
    let mut runner =
        proptest::test_runner::TestRunner::new(ProptestConfig { cases: 12, ..ProptestConfig::default() });
    let edges = proptest::collection::vec((0u32..40, 0u32..40), 1..60);
    runner
        .run(&edges, |edges| {
            let edges: Vec<(String, String)> = edges
                .into_iter()
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (format!("n{:02}", a.min(b)), format!("n{:02}", a.max(b))))
                .collect();
            // Union-find with the smallest id as root.
            let mut parent: HashMap<String, String> = HashMap::new();
            fn find(p: &mut HashMap<String, String>, x: &str) -> String {
                let up = p.get(x).cloned().unwrap_or_else(|| x.to_string());
                if up == x {
                    up
                } else {
                    let r = find(p, &up);
                    p.insert(x.to_string(), r.clone());
                    r
                }
            }
            for (a, b) in &edges {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent.insert(hi, lo);
            }
            let work = tempfile::tempdir().unwrap();
            let job = Backfill::new(config()).unwrap();
            let work_dir = work.path().to_path_buf();
            let pairs = edges.clone();
            let labels: Vec<(String, String)> = rt
                .block_on(rt.spawn(async move {
                    let ctx = job.session();
                    let schema = std::sync::Arc::new(Schema::new(vec![
                        Field::new("a", DataType::Utf8, false),
                        Field::new("b", DataType::Utf8, false),
                    ]));
                    let columns: Vec<ArrayRef> = vec![
                        std::sync::Arc::new(StringArray::from_iter_values(
                            pairs.iter().map(|e| e.0.as_str()),
                        )),
                        std::sync::Arc::new(StringArray::from_iter_values(
                            pairs.iter().map(|e| e.1.as_str()),
                        )),
                    ];
                    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
                    let table = MemTable::try_new(schema, vec![vec![batch]]).unwrap();
                    ctx.register_table("edges", std::sync::Arc::new(table)).unwrap();
                    let stages = Stages { ctx: &ctx, work: &work_dir };
                    let rounds = stages.components(64).await.unwrap();
                    let sql = format!("SELECT id, label FROM labels_{rounds}");
                    let batches = ctx.sql(&sql).await.unwrap().collect().await.unwrap();
                    let mut labels = Vec::new();
                    for batch in batches {
                        let ids = cast(batch.column(0), &DataType::Utf8).unwrap();
                        let values = cast(batch.column(1), &DataType::Utf8).unwrap();
                        for row in 0..batch.num_rows() {
                            labels.push((
                                ids.as_string::<i32>().value(row).to_string(),
                                values.as_string::<i32>().value(row).to_string(),
                            ));
                        }
                    }
                    labels
                }))
                .unwrap();
            for (id, label) in &labels {
                prop_assert_eq!(label, &find(&mut parent, id));
            }
            let seen = labels.len();
            let nodes: std::collections::HashSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
            prop_assert_eq!(seen, nodes.len());
            Ok(())
        })
        .unwrap();
}
