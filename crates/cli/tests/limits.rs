//! Limits on outside input, a full disk and a read-only store, through the real binary: each limit hit is
//! a rejection naming the input and the limit, the inputs beside it are still taken, and a store that
//! failed to write stays sound and opens again.

use std::path::{Path, PathBuf};
use std::process::Command;

use samestory_store::Store;
use serde_json::{Value, json};

use crate::util::{json_lines, samestory};

fn line(id: &str, text: &str) -> String {
    json!({"id": id, "url": format!("https://limits.example/{id}"), "source": "Limits Wire", "text": text})
        .to_string()
}

fn text(n: usize) -> String {
    format!(
        "Council members in Velm voted {n} times on the harbour plan before the meeting ended late on Monday.\n\n\
         The plan, number {n}, sets out new moorings and a footpath along the quay, the council said."
    )
}

/// Runs `ingest` with extra arguments and a rejects file; returns (exit code, report, rejects).
fn ingest(db: &Path, args: &[&str], inputs: &[&Path]) -> (i32, Value, Vec<Value>) {
    let rejects = db.with_extension("rejects.jsonl");
    let out = samestory()
        .args(["ingest", "--json", "--db", db.to_str().unwrap(), "--rejects", rejects.to_str().unwrap()])
        .args(args)
        .args(inputs)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let rejected = json_lines(&std::fs::read_to_string(&rejects).unwrap_or_default());
    (out.status.code().unwrap_or(-1), report, rejected)
}

fn reasons(rejects: &[Value]) -> Vec<String> {
    rejects.iter().map(|r| r["reason"].as_str().unwrap().to_string()).collect()
}

#[test]
fn oversized_documents_and_lines_are_rejected_with_the_limit_and_the_rest_taken() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "word ".repeat(1000)).unwrap();
    let small = dir.path().join("small.txt");
    std::fs::write(&small, text(1)).unwrap();
    let feed = dir.path().join("feed.jsonl");
    let long = line("long", &"many words here ".repeat(100));
    std::fs::write(&feed, [line("a", &text(2)), long, line("b", &text(3))].join("\n")).unwrap();

    let db = dir.path().join("s.db");
    let (code, report, rejects) =
        ingest(&db, &["--max-document-bytes", "3000", "--max-line-bytes", "1000"], &[&big, &small, &feed]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["new"], 3, "{report}");
    assert_eq!(rejects.len(), 2, "{rejects:?}");
    assert_eq!(rejects[0]["source"], big.to_str().unwrap());
    assert_eq!(rejects[0]["reason"], "document too large (5000 bytes, limit 3000)");
    assert_eq!(rejects[1]["source"], feed.to_str().unwrap());
    assert_eq!(rejects[1]["line"], 2);
    assert!(rejects[1]["reason"].as_str().unwrap().starts_with("line too long ("), "{rejects:?}");
    assert!(rejects[1]["reason"].as_str().unwrap().ends_with("limit 1000)"), "{rejects:?}");
    // the report and the rejects file say the same
    assert_eq!(report["rejected_count"], 2);
}

#[test]
fn deep_json_nesting_costs_no_stack_and_is_rejected_where_it_matters() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("deep.jsonl");
    let nest =
        |open: &str, close: &str, depth: usize| format!("{}1{}", open.repeat(depth), close.repeat(depth));
    // deep nesting in a field samestory does not read is skipped without recursion: the article is taken
    let ignored = format!(
        "{{\"id\": \"deep\", \"text\": {}, \"extra\": {}}}",
        Value::from(text(5)),
        nest("[", "]", 100_000)
    );
    let top = nest("[", "]", 100_000);
    let in_text = format!("{{\"id\": \"t\", \"text\": {}}}", nest("{\"a\":", "}", 100_000));
    std::fs::write(&feed, [line("ok", &text(1)), ignored, top, in_text].join("\n") + "\n").unwrap();
    let db = dir.path().join("s.db");
    let (code, report, rejects) = ingest(&db, &[], &[&feed]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["new"], 2, "{report}");
    let reasons = reasons(&rejects);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(rejects[0]["line"], 3);
    assert_eq!(reasons[0], "invalid JSON: expected a JSON object, found an array");
    assert_eq!(rejects[1]["line"], 4);
    assert!(reasons[1].starts_with("invalid JSON: invalid type: map, expected a string"), "{reasons:?}");
}

#[test]
fn deeply_nested_html_is_taken_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("deep.html");
    let html = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(50_000),
        text(7).replace("\n\n", "</p><p>"),
        "</div>".repeat(50_000)
    );
    std::fs::write(&page, html).unwrap();
    let db = dir.path().join("s.db");
    let (code, report, rejects) = ingest(&db, &[], &[&page]);
    assert_eq!(code, 0, "{report} {rejects:?}");
    assert_eq!(report["new"], 1);
}

#[test]
fn record_limits_cut_one_input_and_the_next_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let many = inputs.join("a-many.jsonl");
    let lines: Vec<String> = (0..10).map(|i| line(&format!("m{i}"), &text(100 + i))).collect();
    std::fs::write(&many, lines.join("\n")).unwrap();
    let garbage = inputs.join("b-garbage.jsonl");
    let junk: Vec<String> = (0..50).map(|i| format!("{{not json {i}")).collect();
    std::fs::write(&garbage, junk.join("\n") + "\n" + &line("late", &text(999))).unwrap();
    let after = inputs.join("c-after.jsonl");
    std::fs::write(&after, line("after", &text(200))).unwrap();

    let db = dir.path().join("s.db");
    let (code, report, rejects) =
        ingest(&db, &["--max-records", "8", "--max-rejections-in-a-row", "5"], &[&inputs]);
    assert_eq!(code, 0, "{report}");
    // eight records of the first input, none of the garbage, the third input whole
    assert_eq!(report["new"], 9, "{report} {rejects:?}");
    let reasons = reasons(&rejects);
    assert_eq!(reasons.len(), 1 + 5 + 1, "{reasons:?}");
    assert_eq!(reasons[0], "too many records in one input (limit 8): the rest of it is not read");
    assert_eq!(rejects[0]["source"], many.to_str().unwrap());
    assert!(reasons[1..6].iter().all(|r| r.starts_with("invalid JSON")), "{reasons:?}");
    assert_eq!(reasons[6], "5 rejections in a row (limit 5): the rest of the input is not read");
    assert_eq!(rejects[6]["source"], garbage.to_str().unwrap());
}

#[test]
fn rejects_file_lists_every_rejection_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let rows = [
        line("good", &text(1)),
        "{\"id\": \"cut\", \"text\": ".into(),
        json!({"id": "nobody"}).to_string(),
        "[1, 2]".into(),
        line("good2", &text(2)),
    ];
    std::fs::write(&feed, rows.join("\n")).unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, " \n").unwrap();
    let latin = dir.path().join("latin1.txt");
    std::fs::write(&latin, b"Caf\xe9 owners protested.").unwrap();
    let db = dir.path().join("s.db");
    let (code, report, rejects) = ingest(&db, &[], &[&feed, &empty, &latin]);
    assert_eq!(code, 0);
    assert_eq!(report["rejected_count"].as_u64().unwrap() as usize, rejects.len());
    let places: Vec<(String, Option<u64>)> = rejects
        .iter()
        .map(|r| {
            let source =
                Path::new(r["source"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into();
            (source, r["line"].as_u64())
        })
        .collect();
    let feed_name = || "feed.jsonl".to_string();
    assert_eq!(
        places,
        vec![
            (feed_name(), Some(2)),
            (feed_name(), Some(3)),
            (feed_name(), Some(4)),
            ("empty.txt".into(), None),
            ("latin1.txt".into(), None)
        ]
    );
    let reasons = reasons(&rejects);
    assert!(reasons[0].starts_with("invalid JSON: EOF"), "{reasons:?}");
    assert_eq!(reasons[1], "missing text or html");
    assert_eq!(reasons[2], "invalid JSON: expected a JSON object, found an array");
    assert_eq!(reasons[3], "empty document");
    assert_eq!(reasons[4], "invalid UTF-8 at byte 3");
    for r in &rejects {
        assert!(r.get("record").is_some(), "every line has the same keys: {r}");
    }
}

/// Articles for the fault tests: distinct texts, one JSON line each.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("corpus.jsonl");
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let body = format!(
                "{}\n\nAppendix {i}: {}",
                text(i),
                "The harbour committee will publish the minutes and the full plan next week. ".repeat(20)
            );
            line(&format!("f{i}"), &body)
        })
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// Every stored article is whole: its text is exactly the input's, and whole batches only.
fn assert_whole(db: &Path, n: usize) -> usize {
    let store = Store::open(db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let stored = store.articles().unwrap();
    for s in &stored {
        let i: usize = s.article.id.trim_start_matches('f').parse().unwrap();
        assert!(i < n);
        assert!(s.article.text().contains(&format!("Appendix {i}:")), "partial article {}", s.article.id);
        assert_eq!(s.article.paragraphs.len(), 3, "partial article {}", s.article.id);
    }
    stored.len()
}

#[cfg(unix)]
#[test]
fn full_disk_gives_a_clear_error_no_partial_article_and_the_store_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let n = 400;
    let input = corpus(dir.path(), n);
    let db = dir.path().join("full.db");
    // Create the store, then let the ingest write at most ~300 KiB per file: past it writes fail with
    // EFBIG, as on a full disk (SIGXFSZ ignored, as `ulimit -f` would otherwise kill the process).
    samestory().args(["stories", "--db", db.to_str().unwrap()]).assert().success();
    let bin = assert_cmd::cargo::cargo_bin("samestory");
    let script = format!(
        "trap '' XFSZ; ulimit -f 600; exec \"{}\" ingest --db \"{}\" --batch-size 20 \"{}\"",
        bin.display(),
        db.display(),
        input.display()
    );
    let out = Command::new("bash").args(["-c", &script]).env("SAMESTORY_LOG", "error").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "expected a failure: {stderr}");
    assert!(stderr.contains("error: ingest stopped"), "{stderr}");
    assert!(stderr.contains("cannot commit a batch"), "{stderr}");
    let stored = assert_whole(&db, n);
    assert!(stored < n, "the limit did not bite: {stored} stored");
    assert_eq!(stored % 20, 0, "a batch was partly stored: {stored}");

    // with room again, the same ingest completes the store
    let out = samestory().args(["ingest", "--db", db.to_str().unwrap()]).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(assert_whole(&db, n), n);
}

#[cfg(unix)]
#[test]
fn read_only_store_gives_a_clear_error_and_is_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 30);
    let more = dir.path().join("more.jsonl");
    std::fs::write(&more, line("more", &text(77))).unwrap();
    let db = dir.path().join("ro.db");
    samestory().args(["ingest", "--db", db.to_str().unwrap()]).arg(&input).assert().success();
    let before = assert_whole(&db, 30);

    let set_mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    let bin = assert_cmd::cargo::cargo_bin("samestory");
    let root = running_as_root();
    if root && Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipping the read-only store test: running as root without setpriv");
        return;
    }
    // root writes through permissions: run as nobody instead, with the store readable but not writable
    let command = || {
        let mut cmd = if root {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            cmd
        } else {
            Command::new(&bin)
        };
        cmd.env("SAMESTORY_LOG", "error").env_remove("SAMESTORY_DB");
        cmd
    };
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        set_mode(&entry.unwrap().path(), 0o444);
    }
    set_mode(dir.path(), 0o555);
    let out = command().args(["ingest", "--db", db.to_str().unwrap()]).arg(&more).output().unwrap();
    // the read commands still work on it
    let listed = command().args(["stories", "--json", "--db", db.to_str().unwrap()]).output().unwrap();
    let shown = command().args(["story", "--db", db.to_str().unwrap(), "1"]).output().unwrap();
    set_mode(dir.path(), 0o755);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "ingest into a read-only store succeeded");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        listed.status.success(),
        "stories on a read-only store: {}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let stories = String::from_utf8_lossy(&listed.stdout);
    assert!(stories.lines().count() >= 1 && stories.lines().all(|l| l.starts_with('{')), "{stories}");
    assert!(shown.status.success(), "story on a read-only store: {}", String::from_utf8_lossy(&shown.stderr));
    assert!(String::from_utf8_lossy(&shown.stdout).starts_with("story 1"));
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        set_mode(&entry.unwrap().path(), 0o644);
    }
    assert_eq!(assert_whole(&db, 30), before);
    let out = samestory().args(["ingest", "--db", db.to_str().unwrap()]).arg(&more).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Whether the tests run as root (whose writes ignore file permissions), read from `/proc/self/status`.
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

/// Found by `scripts/fuzz.sh` (target `html`, now in `fuzz/regressions/html/`): one page whose meta date has a
/// multi-byte character where the day ends stopped the whole ingest with a panic in extraction.
#[test]
fn a_page_with_a_multibyte_meta_date_does_not_stop_the_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("a.html");
    std::fs::write(
        &page,
        "<html><head><meta property=\"article:published_time\" content=\"2026-02-2€T07:15:00+01:00\"></head>\
         <body><p>Rain fell on the old town of Velm for three days, officials said.</p></body></html>",
    )
    .unwrap();
    let after = dir.path().join("b.txt");
    std::fs::write(&after, text(3)).unwrap();
    let db = dir.path().join("s.db");
    let (code, report, _) = ingest(&db, &[], &[&page, &after]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["new"], 2, "{report}");
}
