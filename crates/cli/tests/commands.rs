//! Every command's help, outputs and errors.

use crate::util::{corpus, json_lines, run_ok, samestory};

#[test]
fn every_command_has_help() {
    let top = run_ok(&["--help"]);
    for cmd in ["ingest", "stories", "story", "cluster", "extract", "serve", "demo"] {
        assert!(top.contains(cmd), "{cmd} missing from --help");
        let help = run_ok(&[cmd, "--help"]);
        assert!(help.contains("Usage: samestory"), "{cmd} --help:\n{help}");
    }
    assert!(run_ok(&["ingest", "--help"]).contains("--db <PATH>"));
}

#[test]
fn unknown_flags_and_ids_are_user_errors() {
    let out = samestory().args(["stories", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let out = samestory().args(["story", "--db", db.to_str().unwrap(), "42"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no story 42"));
}

/// The batch interface on the demo corpus's JSON Lines, snapshotted: ids, stories and copy links are stable.
#[test]
fn cluster_output_is_stable() {
    let mut input = String::new();
    for file in ["jsonl/outlets.jsonl", "jsonl/aggregator.jsonl"] {
        input.push_str(&std::fs::read_to_string(corpus().join(file)).unwrap());
    }
    input.push_str("{not json}\n");
    let out = samestory().arg("cluster").write_stdin(input).output().unwrap();
    assert!(out.status.success());
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    insta::assert_json_snapshot!("cluster_demo_jsonl", lines);
}

#[test]
fn cluster_reads_and_writes_files() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("out.jsonl");
    let input = corpus().join("jsonl/outlets.jsonl");
    run_ok(&["cluster", "--input", input.to_str().unwrap(), "--output", output.to_str().unwrap()]);
    let lines = json_lines(&std::fs::read_to_string(&output).unwrap());
    let inputs = std::fs::read_to_string(&input).unwrap().lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(lines.len(), inputs);
}

#[test]
fn extract_gives_metadata_of_html_pages() {
    let page = corpus().join("html/ferncliff-chronicle-velmora-bridge.html");
    let lines = json_lines(&run_ok(&["extract", page.to_str().unwrap()]));
    assert_eq!(lines.len(), 1);
    let e = &lines[0];
    for key in ["path", "title", "text", "author", "published", "site_name", "lang", "url"] {
        assert!(e.get(key).is_some(), "{key} missing in {e}");
    }
    assert!(e["title"].as_str().unwrap().len() > 10);
    assert_eq!(e["lang"], "en");
    // windows-1252 decoded: no replacement characters
    assert!(!e["text"].as_str().unwrap().contains('\u{fffd}'));
}

#[test]
fn story_shows_sections_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let db = db.to_str().unwrap();
    run_ok(&["ingest", "--db", db, corpus().to_str().unwrap()]);
    let list = json_lines(&run_ok(&["stories", "--db", db, "--json"]));
    let biggest = list.iter().max_by_key(|s| s["article_count"].as_u64().unwrap()).unwrap();
    let id = biggest["id"].to_string();
    let text = run_ok(&["story", "--db", db, &id]);
    for section in ["TIMELINE", "OUTLETS", "REPORTED BY SEVERAL OUTLETS", "QUOTES"] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(&["story", "--db", db, "--json", &id])).unwrap();
    assert_eq!(json["articles"].as_array().unwrap().len() as u64, biggest["article_count"].as_u64().unwrap());
    assert!(json["comparison"]["shared_facts"].as_array().unwrap().len() >= 2);
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    run_ok(&["ingest", "--db", db.to_str().unwrap(), corpus().to_str().unwrap()]);
    let bin = assert_cmd::cargo::cargo_bin("samestory");
    let mut child = Command::new(bin)
        .args(["story", "--db", db.to_str().unwrap(), "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
