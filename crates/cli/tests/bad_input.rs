//! Bad input is reported with its place and reason; the good input beside it is ingested; nothing stored is lost.

use std::path::Path;

use samestory_testkit::gzip;
use serde_json::{Value, json};

use crate::util::{run_ok, samestory};

const STORY_A: &str = "The Orlen dam gave way on Monday night after three days of rain, flooding forty homes in the \
valley below.\n\nRescue teams from Kessel worked through the night, the regional governor said on Tuesday.";

fn article_line(id: &str, text: &str) -> String {
    json!({"id": id, "url": format!("https://example.test/{id}"), "source": "Test Wire", "text": text})
        .to_string()
}

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(http.as_bytes());
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

/// A directory with good files and one of each kind of bad input.
fn mixed_dir(dir: &Path) {
    std::fs::write(dir.join("good.txt"), STORY_A).unwrap();
    let lines = [
        article_line(
            "j1",
            "The Kessel city council voted to close the old harbour bridge to all traffic from May.",
        ),
        "{\"id\": \"broken\", \"text\": ".to_string(),
        json!({"id": "notext", "title": "no body"}).to_string(),
        article_line(
            "j2",
            "Wildfire crews contained the blaze near Marrow Pass after four days, officials said.",
        ),
    ];
    std::fs::write(dir.join("feed.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Caf\xe9 owners in Velm protested \xff the new tax on Monday.")
        .unwrap();
    std::fs::write(dir.join("empty.txt"), "  \n\n ").unwrap();
    let gz = gzip(
        (article_line("g1", "Snow closed the Marrow Pass road for the second time this week, police said.")
            + "\n"
            + &article_line(
                "g2",
                &"A long line of text about the flood response in the valley. ".repeat(200),
            )
            + "\n")
            .as_bytes(),
    );
    std::fs::write(dir.join("trunc.jsonl.gz"), &gz[..gz.len() * 2 / 3]).unwrap();
    let html = "<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1>\
        <p>Dock workers in Velm ended their nine-day strike on Friday after a pay deal was reached with the \
        port authority, the union said in a statement.</p><p>Ships that had waited offshore began to unload \
        on Saturday morning, and the backlog should clear within a week, the authority said.</p></article>\
        </body></html>";
    let mut warc = warc_record("https://example.test/port", html);
    let second = warc_record("https://example.test/cut", html);
    warc.extend_from_slice(&second[..second.len() / 2]);
    std::fs::write(dir.join("cut.warc"), warc).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("does-not-exist.txt"), dir.join("dangling.txt")).unwrap();
}

fn ingest_json(db: &Path, paths: &[&Path], extra: &[&str]) -> (i32, Value) {
    let mut cmd = samestory();
    cmd.args(["ingest", "--db", db.to_str().unwrap(), "--json"]).args(extra);
    for p in paths {
        cmd.arg(p);
    }
    let out = cmd.output().unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), report)
}

fn rejected_reasons(report: &Value) -> Vec<String> {
    report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let o = &r["origin"];
            format!("{}:{}:{} {}", o["source"], o["line"], o["record"], r["reason"].as_str().unwrap())
        })
        .collect()
}

#[test]
fn each_bad_input_is_reported_and_the_rest_is_ingested() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    mixed_dir(&input);
    let db = tmp.path().join("s.db");

    let (code, report) = ingest_json(&db, &[&input], &[]);
    assert_eq!(code, 0, "{report}");
    let reasons = rejected_reasons(&report);
    let has = |file: &str, words: &str| {
        reasons.iter().any(|r| r.contains(file) && r.to_lowercase().contains(words))
            || panic!("no rejection of {file} mentioning {words:?} in {reasons:#?}")
    };
    has("feed.jsonl\":2:", "json");
    has("feed.jsonl\":3:", "text");
    has("latin1.txt", "utf-8");
    has("empty.txt", "empty");
    has("trunc.jsonl.gz", "gzip");
    has("cut.warc", "");
    has("dangling.txt", "");
    // good.txt, j1, j2, the first WARC record and at least the first gzip line
    let new = report["new"].as_u64().unwrap();
    assert!(new >= 5, "{report}");
    assert_eq!(report["duplicate"], 0);

    // The store holds what was reported new; a second run stores nothing again.
    let (code, again) = ingest_json(&db, &[&input], &[]);
    assert_eq!(code, 0);
    assert_eq!(again["new"], 0, "{again}");
    assert_eq!(again["duplicate"].as_u64().unwrap(), new);

    // --strict turns any rejection into a failure, but the good input is still stored (as duplicates here).
    let (code, _) = ingest_json(&db, &[&input], &["--strict"]);
    assert_eq!(code, 2);
}

#[test]
fn nothing_readable_is_an_error_and_loses_nothing_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.txt");
    std::fs::write(&good, STORY_A).unwrap();
    let db = tmp.path().join("s.db");
    let (code, report) = ingest_json(&db, &[&good], &[]);
    assert_eq!((code, report["new"].as_u64()), (0, Some(1)));

    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(&bad, "not json\n{\"text\": 5}\n").unwrap();
    let empty = tmp.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    let (code, report) = ingest_json(&db, &[&bad, &empty, &tmp.path().join("missing.txt")], &[]);
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["rejected_count"], 4, "{report}");

    let stories = run_ok(&["stories", "--db", db.to_str().unwrap(), "--json"]);
    assert_eq!(stories.lines().count(), 1, "{stories}");
}

#[test]
fn stdin_is_read_with_dash() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let out = samestory()
        .args(["ingest", "--db", db.to_str().unwrap(), "-"])
        .write_stdin(article_line("s1", STORY_A) + "\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("read 1, new 1, duplicate 0, rejected 0"), "{text}");
}
