//! `samestory eval clustering --dataset googlenews FILE`: the scores printed, as text and JSON, on a small
//! labeled file; clear errors on bad input; and the real GoogleNews-TS when the shared data is there.

use std::path::Path;

use serde_json::Value;

use crate::util::{run_ok, samestory};

/// Two events, four short reports each, in the GoogleNews format (lowercased, stop words removed), mixed.
const SMALL: &str = r#"{"text": "earthquake magnitude strike coast japan tsunami warning", "cluster": 7}
{"text": "central bank raise interest rate fight inflation", "cluster": "rates"}
{"text": "tsunami warning japan coast earthquake magnitude", "cluster": 7}
{"text": "bank interest rate raise inflation governor", "cluster": "rates"}
{"text": "japan earthquake tsunami warning lifted coast", "cluster": 7}

{"text": "inflation central bank interest rate decision", "cluster": "rates"}
{"text": "strong earthquake japan coast tsunami", "cluster": 7}
{"text": "interest rate central bank inflation raise", "cluster": "rates"}
"#;

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn scores_a_small_googlenews_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "small.jsonl", SMALL);
    let json: Value =
        serde_json::from_str(&run_ok(&["eval", "clustering", "--dataset", "googlenews", "--json", &file]))
            .unwrap();
    assert_eq!(json["dataset"], "small.jsonl");
    assert_eq!(json["documents"], 8, "the blank line is skipped");
    assert_eq!(json["clusters_true"], 2);
    assert_eq!(json["clusters_found"], 2, "{json}");
    for key in ["accuracy", "nmi", "ari"] {
        assert_eq!(json[key].as_f64(), Some(1.0), "{key}: {json}");
    }
    for key in ["bcubed", "pairwise"] {
        for part in ["precision", "recall", "f1"] {
            assert_eq!(json[key][part].as_f64(), Some(1.0), "{key} {part}: {json}");
        }
    }
    assert!(json["docs_per_second"].as_f64().is_some_and(|d| d > 0.0), "{json}");

    let text = run_ok(&["eval", "clustering", "--dataset", "googlenews", &file]);
    for line in [
        "documents   8",
        "clusters    2 found, 2 true",
        "B-cubed     P 1.0000  R 1.0000  F1 1.0000",
        "pairwise    P 1.0000  R 1.0000  F1 1.0000",
        "NMI         1.0000",
        "ARI         1.0000",
        "accuracy    1.0000 (Hungarian matching)",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(text.contains("docs/s"), "{text}");

    // A part of the file: --skip and --limit.
    let part: Value = serde_json::from_str(&run_ok(&[
        "eval",
        "clustering",
        "--dataset",
        "googlenews",
        "--json",
        "--skip",
        "2",
        "--limit",
        "4",
        &file,
    ]))
    .unwrap();
    assert_eq!((part["documents"].as_u64(), part["skipped"].as_u64()), (Some(4), Some(2)));
}

#[test]
fn bad_input_is_a_user_error_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            write(dir.path(), "broken.jsonl", "{\"text\": \"a b\", \"cluster\": 1}\n{not json\n"),
            "broken.jsonl:2:",
        ),
        (write(dir.path(), "nolabel.jsonl", "{\"text\": \"a b\"}\n"), "cluster"),
        (write(dir.path(), "empty.jsonl", "\n\n"), "empty.jsonl"),
        (dir.path().join("missing.jsonl").to_str().unwrap().to_string(), "missing.jsonl"),
    ];
    for (file, needle) in cases {
        let out =
            samestory().args(["eval", "clustering", "--dataset", "googlenews", &file]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{file}: {err}");
        assert!(out.stdout.is_empty());
    }
    let file = write(dir.path(), "ok.jsonl", SMALL);
    let out = samestory()
        .args(["eval", "clustering", "--dataset", "googlenews", "--skip", "100", &file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no documents left"));
}

/// The real benchmark through the binary, with floors a little under what the defaults reach (the
/// library's own gate in `crates/cluster/tests/googlenews.rs` checks the same numbers in more detail).
#[test]
fn googlenews_ts_through_the_binary() {
    let Some(path) = samestory_testkit::shared("data/clustering/googlenews/GoogleNews-TS.jsonl.gz") else {
        return;
    };
    let out = run_ok(&["eval", "clustering", "--dataset", "googlenews", "--json", path.to_str().unwrap()]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((json["documents"].as_u64(), json["clusters_true"].as_u64()), (Some(11_109), Some(152)));
    assert!(json["accuracy"].as_f64().unwrap() >= 0.90, "{json}");
    assert!(json["nmi"].as_f64().unwrap() >= 0.955, "{json}");
}

/// `samestory cluster` (the batch evaluation interface) on GoogleNews-TS as JSON Lines: one line per
/// article, and the merge passes (every 256 articles) reported on the line after which they ran; an
/// absorbed story never comes back.
#[test]
fn cluster_reports_merges_on_googlenews() {
    let Some(path) = samestory_testkit::shared("data/clustering/googlenews/GoogleNews-TS.jsonl.gz") else {
        return;
    };
    let reader = samestory_cluster::eval::open(&path).unwrap();
    let docs = samestory_cluster::eval::read_googlenews(reader, &path).unwrap();
    let input: String = docs
        .iter()
        .take(600)
        .enumerate()
        .map(|(i, d)| {
            format!("{}\n", serde_json::json!({"id": format!("g{i}"), "text": d.text, "lang": "en"}))
        })
        .collect();
    let out = samestory().args(["cluster"]).write_stdin(input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = crate::util::json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(lines.len(), 600);
    let mut absorbed = std::collections::HashSet::new();
    let mut merge_lines = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], format!("g{i}"));
        let story = line["story"].as_u64().unwrap();
        assert!(!absorbed.contains(&story), "line {i}: absorbed story {story} came back");
        if let Some(merges) = line.get("merges") {
            merge_lines.push(i);
            for m in merges.as_array().unwrap() {
                let (a, s) = (m["absorbed"].as_u64().unwrap(), m["survivor"].as_u64().unwrap());
                assert!(s < a, "the older story survives: {m}");
                assert!(absorbed.insert(a), "story {a} absorbed twice");
            }
        }
    }
    assert_eq!(merge_lines, [255, 511], "the merge pass runs every 256 articles and merges here");
}
