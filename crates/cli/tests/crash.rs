//! Crash safety: `samestory ingest` killed with SIGKILL at random moments and restarted on the same input
//! loses nothing, duplicates nothing, keeps the store sound and ends with the same stories as a clean run.
//!
//! The test here kills a modest corpus a dozen times to stay fast; `scripts/crash.sh` runs the same harness
//! (`crash_harness_full`, ignored by default) with at least 50 kills on a large corpus and prints the numbers.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use samestory_store::Store;
use samestory_testkit::gzip;
use samestory_testkit::synthetic::{self, Rng};
use serde_json::json;

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; \
         msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(http.as_bytes());
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

/// Writes a corpus of about `n` articles in every input format into `dir`: JSON Lines (plain and gzip, with
/// exact copies under other URLs, repeats and a bad line), text files, and a gzip WARC of HTML pages.
pub fn write_corpus(dir: &Path, n: usize, seed: u64) {
    std::fs::create_dir_all(dir.join("text")).unwrap();
    let mut jsonl = Vec::new();
    let mut zipped = Vec::new();
    let mut warc = Vec::new();
    // About four reports per event, over a month: stories of several outlets and some aggregator copies.
    let days = (n / 120).max(1) as i64;
    for (i, a) in synthetic::corpus(seed, n, 0, days, "crash-").into_iter().enumerate() {
        match i % 10 {
            0 => {
                let text = a["text"].as_str().unwrap();
                std::fs::write(dir.join(format!("text/{i:06}.txt")), text).unwrap();
            }
            1 | 2 => {
                let body: String =
                    a["text"].as_str().unwrap().split("\n\n").map(|p| format!("<p>{p}</p>")).collect();
                let html = format!(
                    "<html><head><title>{}</title></head><body><article><h1>{}</h1>{body}</article></body></html>",
                    a["title"].as_str().unwrap(),
                    a["title"].as_str().unwrap()
                );
                warc.extend(warc_record(a["url"].as_str().unwrap(), &html));
            }
            3 => {
                writeln!(zipped, "{a}").unwrap();
            }
            _ => {
                writeln!(jsonl, "{a}").unwrap();
                if i % 17 == 4 {
                    // the same article again (a duplicate) and a word-for-word copy under another URL
                    writeln!(jsonl, "{a}").unwrap();
                    let mut copy = a.clone();
                    copy["id"] = json!(format!("crash-{i}-copy"));
                    copy["url"] = json!(format!("https://aggregator.example/{i}"));
                    copy["source"] = json!("Aggregator");
                    writeln!(jsonl, "{copy}").unwrap();
                }
                if i % 97 == 5 {
                    writeln!(jsonl, "{{\"id\": \"broken-{i}\", \"text\": ").unwrap();
                }
            }
        }
    }
    std::fs::write(dir.join("articles.jsonl"), jsonl).unwrap();
    std::fs::write(dir.join("more.jsonl.gz"), gzip(&zipped)).unwrap();
    std::fs::write(dir.join("pages.warc.gz"), gzip(&warc)).unwrap();
}

/// One stored article reduced: its story, its copy link (original, kind) and its content hash.
type Reduced = (u64, Option<(String, String)>, String);

/// What a store holds, reduced to what must not depend on crashes: per article id its story, its copy
/// link and its content hash, plus the row count.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    rows: usize,
    articles: BTreeMap<String, Reduced>,
    stories: u64,
}

pub fn snapshot(db: &Path) -> Snapshot {
    let store = Store::open(db).unwrap();
    let stored = store.articles().unwrap();
    let rows = stored.len();
    let articles = stored
        .into_iter()
        .map(|s| {
            let copy = s.copy.map(|c| (c.of, c.kind));
            (s.article.id, (s.story, copy, s.article.content_hash))
        })
        .collect();
    let stories = store.counts().unwrap().1;
    Snapshot { rows, articles, stories }
}

fn ingest_command(db: &Path, corpus: &[PathBuf], batch: usize) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("samestory"));
    cmd.env_remove("SAMESTORY_DB")
        .env("SAMESTORY_LOG", "error")
        .args(["ingest", "--db", db.to_str().unwrap(), "--batch-size", &batch.to_string()])
        .args(corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Runs an ingest to its end and returns how long it took.
fn ingest_to_end(db: &Path, corpus: &[PathBuf], batch: usize) -> Duration {
    let start = Instant::now();
    let out = ingest_command(db, corpus, batch).output().unwrap();
    assert!(out.status.success(), "ingest failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr));
    start.elapsed()
}

/// What one store differs in from the clean run's.
#[derive(Debug, Default)]
struct Differences {
    lost: usize,
    duplicated: usize,
    stories: usize,
    copies: usize,
}

impl Differences {
    fn add(&mut self, other: &Differences) {
        self.lost += other.lost;
        self.duplicated += other.duplicated;
        self.stories += other.stories;
        self.copies += other.copies;
    }
}

/// Checks a store that an interrupted ingest finished: `PRAGMA integrity_check`, then every article exactly
/// once with the clean run's story and copy link.
fn check_round(db: &Path, expected: &Snapshot, killed: usize) -> Differences {
    let store = Store::open(db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok", "integrity check after {killed} kills");
    drop(store);
    let got = snapshot(db);
    let expected_ids: BTreeSet<&String> = expected.articles.keys().collect();
    let got_ids: BTreeSet<&String> = got.articles.keys().collect();
    let both = || expected.articles.iter().filter_map(|(id, e)| got.articles.get(id).map(|g| (e, g)));
    Differences {
        lost: expected_ids.difference(&got_ids).count(),
        duplicated: got_ids.difference(&expected_ids).count() + (got.rows - got.articles.len()),
        stories: both().filter(|(e, g)| e.0 != g.0).count(),
        copies: both().filter(|(e, g)| e.1 != g.1 || e.2 != g.2).count(),
    }
}

/// The numbers of one crash run.
#[derive(Debug)]
pub struct CrashReport {
    pub kills: usize,
    /// Kills after which the store held more articles than after the kill before: the ingest was writing.
    pub kills_after_progress: usize,
    pub finished_before_kill: usize,
    /// Stores ingested to their end under kills (a finished one is checked, then a fresh one is started).
    pub rounds: usize,
    pub articles: usize,
    pub stories: u64,
    pub lost: usize,
    pub duplicated: usize,
    pub story_mismatches: usize,
    pub copy_mismatches: usize,
    pub clean_seconds: f64,
    pub crash_seconds: f64,
}

/// Ingests `corpus` once cleanly, then again into another store while killing the ingest with SIGKILL at
/// random moments `kills` times (restarting it on the same input each time), lets the last run finish,
/// and compares the two stores.
pub fn crash_run(work: &Path, corpus: &[PathBuf], kills: usize, batch: usize, seed: u64) -> CrashReport {
    let clean_db = work.join("clean.db");
    let crash_db = work.join("crash.db");
    let clean = ingest_to_end(&clean_db, corpus, batch);
    let expected = snapshot(&clean_db);

    let mut rng = Rng::new(seed | 1);
    let started = Instant::now();
    let (mut killed, mut finished) = (0, 0);
    let (mut last_stored, mut kills_after_progress) = (0, 0);
    let (mut found, mut rounds) = (Differences::default(), 1);
    // Kill moments spread so that the kills cover the whole ingest: short runs mostly, some long ones. A
    // restart first replays the store and re-reads what is stored, so the shortest wait adapts: it grows
    // while kills land before anything new is committed, and shrinks again once they land mid-write.
    let short = (clean * 3 / kills.max(1) as u32).max(Duration::from_millis(60));
    let mut floor = Duration::from_millis(5);
    while killed < kills {
        let wait = if rng.below(5) == 0 {
            rng.between(Duration::from_millis(5), clean)
        } else {
            floor + rng.between(Duration::ZERO, short)
        };
        let mut child = ingest_command(&crash_db, corpus, batch).spawn().unwrap();
        let deadline = Instant::now() + wait;
        let exited = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() >= deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        match exited {
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                killed += 1;
                // how far the store got: a kill between two commits that each added articles was mid-ingest
                if crash_db.exists() {
                    let stored = Store::open(&crash_db).unwrap().counts().unwrap().0;
                    if stored > last_stored {
                        kills_after_progress += 1;
                        floor = floor * 3 / 4;
                    } else if finished == 0 {
                        // nothing new committed while there is still something to write: wait longer
                        floor = (floor * 2 + Duration::from_millis(50)).min(clean);
                    }
                    last_stored = stored;
                }
            }
            Some(status) => {
                let mut stderr = String::new();
                std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
                assert!(status.success(), "a restarted ingest failed ({status}): {stderr}");
                finished += 1;
                floor /= 2;
                if finished > kills * 2 {
                    break; // the ingest is faster than the kill moments: enough
                }
                // The ingest got to its end between kills: check this round's store, then start a fresh one,
                // so the remaining kills land while there is still something to write.
                if killed < kills {
                    found.add(&check_round(&crash_db, &expected, killed));
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{suffix}", crash_db.display()));
                    }
                    last_stored = 0;
                    rounds += 1;
                }
            }
        }
    }
    ingest_to_end(&crash_db, corpus, batch);
    let crash_seconds = started.elapsed().as_secs_f64();

    found.add(&check_round(&crash_db, &expected, killed));
    let got = snapshot(&crash_db);
    CrashReport {
        kills: killed,
        kills_after_progress,
        finished_before_kill: finished,
        rounds,
        articles: got.rows,
        stories: got.stories,
        lost: found.lost,
        duplicated: found.duplicated,
        story_mismatches: found.stories,
        copy_mismatches: found.copies,
        clean_seconds: clean.as_secs_f64(),
        crash_seconds,
    }
}

fn seed_from_env() -> u64 {
    std::env::var("SAMESTORY_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    })
}

fn assert_sound(report: &CrashReport, seed: u64) {
    eprintln!("crash harness (seed {seed}): {report:?}");
    assert_eq!(report.lost, 0, "articles lost (seed {seed}): {report:?}");
    assert_eq!(report.duplicated, 0, "articles duplicated (seed {seed}): {report:?}");
    assert_eq!(report.story_mismatches, 0, "stories differ from a clean run (seed {seed}): {report:?}");
    assert_eq!(report.copy_mismatches, 0, "copy links differ from a clean run (seed {seed}): {report:?}");
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing() {
    let seed = seed_from_env();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 1000, seed);
    let report = crash_run(dir.path(), &[corpus], 12, 8, seed);
    assert_sound(&report, seed);
    assert!(report.kills >= 6, "too few kills landed: {report:?}");
    assert!(report.stories > 5 && report.articles > 900, "{report:?}");
}

/// The full harness behind `scripts/crash.sh`: `SAMESTORY_CRASH_KILLS` kills (default 50) over the
/// synthetic corpus (`SAMESTORY_CRASH_ARTICLES`, default 5000) plus any paths in `SAMESTORY_CRASH_CORPUS`
/// (separated by `:`).
#[test]
#[ignore = "minutes long: run by scripts/crash.sh"]
fn crash_harness_full() {
    let env =
        |name: &str, default: usize| std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default);
    let seed = seed_from_env();
    let work = match std::env::var_os("SAMESTORY_CRASH_WORK") {
        Some(dir) => PathBuf::from(dir),
        None => tempfile::tempdir().unwrap().keep(),
    };
    std::fs::create_dir_all(&work).unwrap();
    for db in ["clean.db", "crash.db"] {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(work.join(format!("{db}{suffix}")));
        }
    }
    let synthetic = work.join("synthetic");
    let _ = std::fs::remove_dir_all(&synthetic);
    write_corpus(&synthetic, env("SAMESTORY_CRASH_ARTICLES", 5000), seed);
    let mut corpus = vec![synthetic];
    if let Ok(extra) = std::env::var("SAMESTORY_CRASH_CORPUS") {
        corpus.extend(extra.split(':').filter(|p| !p.is_empty()).map(PathBuf::from));
    }
    let report =
        crash_run(&work, &corpus, env("SAMESTORY_CRASH_KILLS", 50), env("SAMESTORY_CRASH_BATCH", 64), seed);
    println!("corpus: {}", corpus.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "));
    println!("seed {seed}, work directory {}", work.display());
    println!(
        "| kills | kills after progress | runs that finished first | stores checked | articles | stories | lost | duplicated | story diffs | copy diffs | clean run s | crash runs s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} | {:.1} |",
        report.kills,
        report.kills_after_progress,
        report.finished_before_kill,
        report.rounds,
        report.articles,
        report.stories,
        report.lost,
        report.duplicated,
        report.story_mismatches,
        report.copy_mismatches,
        report.clean_seconds,
        report.crash_seconds
    );
    assert_sound(&report, seed);
}
