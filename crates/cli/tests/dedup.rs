//! `samestory dedup`: JSON Lines in, one answer per input line out, in input order.

use serde_json::{Value, json};

use crate::util::{json_lines, run_ok, samestory, shared};

/// Runs `samestory dedup` with `args` on `input` (stdin); asserts success and returns the output lines.
fn dedup(args: &[&str], input: &str) -> Vec<Value> {
    let out = samestory().arg("dedup").args(args).write_stdin(input.to_string()).output().unwrap();
    assert!(out.status.success(), "dedup {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    for line in &lines {
        let keys: Vec<&str> = line.as_object().unwrap().keys().map(String::as_str).collect();
        for key in ["id", "duplicate_of", "similarity", "kind"] {
            assert!(keys.contains(&key), "{key} missing in {line}");
        }
    }
    lines
}

fn jsonl(articles: &[Value]) -> String {
    articles.iter().map(|a| format!("{a}\n")).collect()
}

fn ids(lines: &[Value]) -> Vec<&str> {
    lines.iter().map(|l| l["id"].as_str().unwrap_or("(none)")).collect()
}

/// A made-up news text of `n` distinct sentences about one harbour town.
fn report(n: usize) -> String {
    let subjects = ["The council", "The harbour master", "A spokeswoman", "Local fishermen", "The mayor"];
    let verbs = ["said", "warned", "confirmed", "argued", "noted"];
    let things =
        ["the new sea wall", "the ferry timetable", "the winter storms", "the fish market", "the budget"];
    (0..n)
        .map(|i| {
            format!(
                "{} {} on day {} that {} would cost {} thousand pounds more than planned in Carrow.",
                subjects[i % 5],
                verbs[(i / 5) % 5],
                i + 1,
                things[(i * 3) % 5],
                i * 7 + 13
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seed_000_and_002_are_not_copies_but_the_clean_text_is_the_original() {
    let Some(shared) = shared() else { return };
    let read = |f: &str| std::fs::read_to_string(shared.join("seeds").join(f)).unwrap();
    let aggregated = read("000_548375a72d7ec2da.txt");
    let translated = read("002_3fe5f5bfbe946b7f.txt");
    let clean = samestory_testkit::without_aggregator_lines(&aggregated);
    assert!(clean.len() + 100 < aggregated.len() && !clean.contains("Leave A Reply"));

    // The two outlets' own reports of one event are not copies of each other.
    let lines = dedup(
        &[],
        &jsonl(&[
            json!({"id": "fox", "text": aggregated, "published": "2025-06-01T12:00:00Z"}),
            json!({"id": "mt", "text": translated, "published": "2025-06-01T10:00:00Z"}),
        ]),
    );
    assert_eq!(ids(&lines), ["fox", "mt"]);
    assert!(lines.iter().all(|l| l["duplicate_of"].is_null() && l["kind"].is_null()), "{lines:?}");

    // The aggregator's copy comes first in the input, but the clean report was published earlier: the
    // clean one is the original.
    let articles = [
        json!({"id": "aggregated", "text": aggregated, "published": "2025-06-01T12:00:00Z"}),
        json!({"id": "translated", "text": translated, "published": "2025-06-01T09:00:00Z"}),
        json!({"id": "clean", "text": clean, "published": "2025-06-01T11:00:00Z"}),
    ];
    let lines = dedup(&[], &jsonl(&articles));
    assert_eq!(ids(&lines), ["aggregated", "translated", "clean"]);
    assert_eq!(lines[0]["duplicate_of"], "clean", "{lines:?}");
    assert!(["exact", "near", "contained"].contains(&lines[0]["kind"].as_str().unwrap()), "{lines:?}");
    let similarity = lines[0]["similarity"].as_f64().unwrap();
    assert!((0.8..=1.0).contains(&similarity), "{lines:?}");
    assert!(lines[1]["duplicate_of"].is_null() && lines[2]["duplicate_of"].is_null(), "{lines:?}");
    assert!(lines[2]["similarity"].is_null() && lines[2]["kind"].is_null(), "{lines:?}");

    // Published after the aggregator's copy, the clean text is the copy.
    let later =
        [articles[0].clone(), json!({"id": "clean", "text": clean, "published": "2025-06-01T13:00:00Z"})];
    let lines = dedup(&[], &jsonl(&later));
    assert!(lines[0]["duplicate_of"].is_null(), "{lines:?}");
    assert_eq!(lines[1]["duplicate_of"], "aggregated", "{lines:?}");
}

#[test]
fn bad_lines_are_reported_in_place_and_the_good_ones_kept() {
    let text = report(30);
    let input = format!(
        "{}\n{{\"id\": \"broken\", \"text\": \n{}\n{}\n{}\n",
        json!({"id": "first", "text": text, "published": "2025-03-01T08:00:00Z"}),
        json!({"id": "empty", "text": "   "}),
        json!({"id": "again", "text": text.to_uppercase(), "published": "2025-03-01T09:00:00Z"}),
        json!({"id": "other", "text": report(40).replace("Carrow", "Dunmore").replace("pounds", "euros")}),
    );
    let lines = dedup(&[], &input);
    assert_eq!(lines.len(), 5, "one line per input line: {lines:?}");
    assert_eq!(lines[0]["id"], "first");
    assert!(lines[0]["duplicate_of"].is_null());
    // Each bad line is reported where it stood, with its line number and the reason.
    let error = |i: usize| lines[i]["error"].as_str().unwrap_or_default().to_string();
    assert!(error(1).starts_with("-:2:"), "{lines:?}");
    assert!(error(2).starts_with("-:3:") && error(2).contains("empty"), "{lines:?}");
    assert!(lines[1..3].iter().all(|l| l["duplicate_of"].is_null() && l["kind"].is_null()));
    // After the bad lines, the copy is still found.
    assert_eq!(lines[3]["id"], "again");
    assert_eq!((&lines[3]["duplicate_of"], &lines[3]["kind"]), (&json!("first"), &json!("exact")));
    assert_eq!(lines[3]["similarity"], 1.0);
    assert_eq!(lines[4]["id"], "other");
    assert!(lines[4]["duplicate_of"].is_null(), "{lines:?}");
    assert!(lines.iter().filter(|l| l.get("error").is_some()).count() == 2, "{lines:?}");
}

#[test]
fn threshold_decides_near_copies() {
    // Every tenth word changed: about half the 5-word shingles are kept, a Jaccard similarity near 1/3
    // and neither text contained in the other.
    let original = report(40);
    let edited: String = original
        .split(' ')
        .enumerate()
        .map(|(i, w)| if i % 10 == 5 { format!("x{i}") } else { w.to_string() })
        .collect::<Vec<_>>()
        .join(" ");
    let input = jsonl(&[
        json!({"id": "a", "text": original, "published": "2025-01-01T00:00:00Z"}),
        json!({"id": "b", "text": edited, "published": "2025-01-02T00:00:00Z"}),
    ]);
    let lines = dedup(&[], &input);
    assert!(lines[1]["duplicate_of"].is_null(), "not a copy at the default 0.7: {lines:?}");
    let lines = dedup(&["--threshold", "0.2"], &input);
    assert_eq!((&lines[1]["duplicate_of"], &lines[1]["kind"]), (&json!("a"), &json!("near")), "{lines:?}");
    let similarity = lines[1]["similarity"].as_f64().unwrap();
    assert!((0.2..0.5).contains(&similarity), "{similarity}");

    // Out of range: a usage error (exit code 2) naming the value.
    let out = samestory().args(["dedup", "--threshold", "1.5"]).write_stdin(input.clone()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1.5"));
}

#[test]
fn output_file_and_input_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let output = dir.path().join("out.jsonl");
    let text = report(20);
    std::fs::write(
        &input,
        jsonl(&[json!({"id": 1, "text": text}), json!({"id": 2, "text": format!("{text}\n\nShare.")})]),
    )
    .unwrap();
    let stdout = run_ok(&["dedup", "--input", input.to_str().unwrap(), "--output", output.to_str().unwrap()]);
    assert!(stdout.trim().is_empty(), "{stdout}");
    let lines = json_lines(&std::fs::read_to_string(&output).unwrap());
    assert_eq!(ids(&lines), ["1", "2"]);
    assert_eq!(lines[1]["duplicate_of"], "1", "{lines:?}");
}
