//! `samestory backfill` (feature `backfill`): the real binary on generated shards with planted groups,
//! against the planted truth and against `samestory dedup` on the same articles.

use std::collections::HashMap;

use samestory_backfill::synth::{self, Shape};
use serde_json::Value;

use crate::util::{json_lines, samestory};

fn backfill(args: &[&str]) -> (Vec<Value>, String) {
    let out = samestory().arg("backfill").args(["--threads", "2"]).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "backfill {args:?} failed: {stderr}");
    (json_lines(&String::from_utf8(out.stdout).unwrap()), stderr)
}

fn group_of(lines: &[Value]) -> HashMap<String, String> {
    lines
        .iter()
        .filter_map(|l| Some((l["id"].as_str()?.to_string(), l["group"].as_str()?.to_string())))
        .collect()
}

#[test]
fn backfill_parquet_shards_agrees_with_dedup() {
    let docs = synth::corpus(Shape { groups: 16, copies: 4, singles: 30, paragraphs: 5 }, 3);
    let dir = tempfile::tempdir().unwrap();
    let shards = dir.path().join("shards");
    std::fs::create_dir(&shards).unwrap();
    for (i, chunk) in docs.chunks(40).enumerate() {
        synth::write_parquet(&shards.join(format!("part-{i}.parquet")), chunk).unwrap();
    }
    let jsonl = dir.path().join("all.jsonl");
    synth::write_jsonl(&jsonl, &docs).unwrap();
    let summary_path = dir.path().join("summary.json");
    let (lines, stderr) = backfill(&[shards.to_str().unwrap(), "--summary", summary_path.to_str().unwrap()]);
    assert!(stderr.contains("groups"), "{stderr}");
    assert_eq!(lines.len(), docs.len());
    for line in &lines {
        for key in ["id", "group", "original", "copy_of", "similarity", "kind"] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
    }
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(&summary_path).unwrap()).unwrap();
    assert_eq!(summary["groups"], 16);
    // Planted groups are found whole and nothing else is joined.
    let groups = group_of(&lines);
    for a in &docs {
        for b in &docs {
            assert_eq!(groups[&a.id] == groups[&b.id], a.group == b.group, "{} vs {}", a.id, b.id);
        }
    }
    // dedup on the same articles: each of its copies is in its original's group, with the same original
    // (both take the earliest published).
    let out = samestory().args(["dedup", "--input", jsonl.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let dedup = json_lines(&String::from_utf8(out.stdout).unwrap());
    let by_id: HashMap<&str, &Value> = lines.iter().map(|l| (l["id"].as_str().unwrap(), l)).collect();
    for d in &dedup {
        let id = d["id"].as_str().unwrap();
        let ours = by_id[id];
        assert_eq!(ours["copy_of"], d["duplicate_of"], "{id}: {ours} vs dedup {d}");
    }
}

#[test]
fn backfill_reads_warc_and_rejects_bad_input() {
    let docs = synth::corpus(Shape { groups: 5, copies: 4, singles: 10, paragraphs: 4 }, 9);
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("crawl.warc");
    synth::write_warc(&warc, &docs).unwrap();
    let (lines, _) = backfill(&[warc.to_str().unwrap()]);
    assert_eq!(lines.len(), docs.len());
    let copies = lines.iter().filter(|l| !l["copy_of"].is_null()).count();
    assert_eq!(copies, 5 * 4);

    let out = samestory().args(["backfill", "--threshold", "0"]).arg(&warc).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = samestory().args(["backfill"]).arg(dir.path().join("missing.parquet")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.parquet"));
}
