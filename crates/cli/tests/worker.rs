//! `samestory worker` against a real Kafka-protocol broker (tansu, memory storage) on loopback: two workers
//! in one group, one killed with SIGKILL mid-run; the survivor takes over its partitions. Every article ends
//! stored exactly once, and each partition's store equals a single-process ingest of that partition's
//! messages in offset order.
//!
//! Needs the `tansu` binary: `scripts/install-kafka-test-deps.sh` puts it in `target/tools/bin` (or set
//! `SAMESTORY_TANSU`). Without it the test skips with a message; under `CI=true` it fails.

use std::collections::{BTreeMap, HashSet};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use samestory_pipeline::{EngineConfig, Ingestor};
use samestory_source::{Body, Input, Limits, read_inputs};
use samestory_store::Store;
use samestory_worker::produce::{Producer, create_topic};
use samestory_worker::{Message, store_path, to_document};
use serde_json::json;

use crate::util::{corpus, root};

const TOPIC: &str = "articles";
const PARTITIONS: i32 = 4;

/// The tansu binary, or `None` (with a message; a failure under CI) when it is not installed.
fn tansu() -> Option<PathBuf> {
    let path = std::env::var_os("SAMESTORY_TANSU")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/tools/bin/tansu"));
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "the tansu broker is not installed at {} (run scripts/install-kafka-test-deps.sh)",
        path.display()
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
    eprintln!("skipping the worker test: {message}");
    None
}

/// A process killed when dropped.
struct Running(Option<Child>);

impl Running {
    fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("running")
    }

    /// Waits for the process to end and takes its output.
    fn output(mut self) -> std::process::Output {
        self.0.take().expect("running").wait_with_output().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts tansu with memory storage on a free loopback port and waits until it accepts connections.
fn start_broker(tansu: &Path, logs: &Path) -> (Running, String) {
    let port = free_port();
    let url = format!("tcp://127.0.0.1:{port}");
    let log = std::fs::File::create(logs.join("tansu.log")).unwrap();
    let child = Command::new(tansu)
        .args(["broker", "--storage-engine", "memory://tansu/", "--listener-url", &url])
        .args(["--advertised-listener-url", &url])
        .env("RUST_LOG", "warn")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let broker = Running(Some(child));
    let addr = format!("127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "tansu did not listen on {addr}: see {}", logs.display());
        std::thread::sleep(Duration::from_millis(100));
    }
    (broker, addr)
}

/// The demo corpus (every format: HTML, text, JSON Lines, WARC) as JSON article messages.
fn corpus_messages() -> Vec<String> {
    read_inputs(vec![Input::parse(corpus().to_str().unwrap())], Limits::default())
        .filter_map(Result::ok)
        .map(|doc| {
            let h = doc.hints;
            let mut m = json!({"id": h.id, "url": h.url, "source": h.outlet, "title": h.title,
                "published": h.published, "lang": h.lang});
            match doc.body {
                Body::Text(text) => m["text"] = json!(text),
                Body::Html(html) => m["html"] = json!(String::from_utf8_lossy(&html)),
            }
            m.to_string()
        })
        .collect()
}

/// One message of the test: its bytes and the partition the producer sends it to.
struct Planned {
    payload: Vec<u8>,
    partition: i32,
}

/// The partition of a message: FNV-1a of its article id (else URL, else the whole message), so a message
/// sent twice lands in one partition.
fn partition_of(message: &[u8]) -> i32 {
    let json: serde_json::Value = serde_json::from_slice(message).unwrap_or_default();
    let key = ["id", "url"]
        .iter()
        .find_map(|k| json.get(k).and_then(|v| v.as_str()).map(|s| s.as_bytes().to_vec()))
        .unwrap_or_else(|| message.to_vec());
    let hash =
        key.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    (hash % PARTITIONS as u64) as i32
}

/// The test's stream: the demo corpus (every format) and the testkit's synthetic news (events reported by
/// several outlets, some aggregator copies), with planted repeats of a message, near and exact copies under
/// other ids sent to their original's partition (as a producer keyed by desk would), and bad messages.
fn planned_messages() -> Vec<Planned> {
    let mut out: Vec<Planned> = corpus_messages()
        .into_iter()
        .map(|m| Planned { partition: partition_of(m.as_bytes()), payload: m.into_bytes() })
        .collect();
    assert!(out.len() >= 10, "the demo corpus gave {} documents", out.len());
    let synthetic = samestory_testkit::synthetic::corpus(11, 260, 0, 6, "syn-");
    for (i, article) in synthetic.iter().enumerate() {
        let message = article.to_string().into_bytes();
        let partition = partition_of(&message);
        out.push(Planned { payload: message.clone(), partition });
        let text = article["text"].as_str().unwrap_or_default();
        let id = article["id"].as_str().unwrap_or_default();
        if i % 9 == 4 {
            // the same message again: stored once
            out.push(Planned { payload: message, partition });
        }
        if i % 10 == 3 {
            // an aggregator's near copy: the report with a line of junk, under its own id
            let copy = json!({"id": format!("{id}-agg"), "source": "Aggregator", "published": article["published"],
                "text": format!("{text}\n\nRead the full article here.")});
            out.push(Planned { payload: copy.to_string().into_bytes(), partition });
        }
        if i % 12 == 7 {
            // a wire copy: the same words under another outlet
            let copy = json!({"id": format!("{id}-wire"), "source": "Wire Digest", "published": article["published"],
                "text": text});
            out.push(Planned { payload: copy.to_string().into_bytes(), partition });
        }
        if i % 25 == 0 {
            let p = i as i32 % PARTITIONS;
            out.push(Planned { payload: b"{\"id\": \"broken\", \"text\": ".to_vec(), partition: p });
            out.push(Planned { payload: br#"{"title": "no body"}"#.to_vec(), partition: p });
            out.push(Planned { payload: b"\xff\xfe not UTF-8".to_vec(), partition: p });
        }
    }
    out
}

/// Every article (id, origin label and offset, story, copy link) and the story merges of one store.
type State = (Vec<(String, Option<(String, Option<u64>)>, u64, Option<(String, String)>)>, Vec<(u64, u64)>);

fn state(store: &Store) -> State {
    let articles = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| {
            let origin = a.origin.map(|o| (o.source, o.record));
            (a.article.id, origin, a.story, a.copy.map(|c| (c.of, c.kind)))
        })
        .collect();
    (articles, store.merges().unwrap().into_iter().map(|m| (m.absorbed, m.survivor)).collect())
}

/// A single-process ingest of one partition's messages in offset order, in one go.
fn reference(partition: i32, messages: &[Vec<u8>]) -> State {
    let mut ing = Ingestor::open(Store::open_in_memory().unwrap(), EngineConfig::default()).unwrap();
    let label = format!("{TOPIC}/{partition}");
    let docs = messages
        .iter()
        .enumerate()
        .map(|(offset, m)| to_document(&label, &Message { offset: offset as i64, payload: Some(m.clone()) }));
    ing.ingest(docs, |_| {}).unwrap();
    state(ing.store())
}

fn start_worker(addr: &str, state: &Path, logs: &Path, name: &str) -> Running {
    let log = std::fs::File::create(logs.join(format!("{name}.log"))).unwrap();
    let child = Command::new(assert_cmd::cargo::cargo_bin("samestory"))
        .args(["worker", "--brokers", addr, "--topic", TOPIC, "--group", "samestory-test"])
        .arg("--state")
        .arg(state)
        .args(["--batch-size", "8", "--linger-ms", "20", "--session-timeout-ms", "3000", "--json"])
        .args(["--kafka-property", "debug=cgrp"])
        .env("SAMESTORY_LOG", "info,samestory_worker=debug")
        .env("NO_COLOR", "1")
        .env_remove("SAMESTORY_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    Running(Some(child))
}

/// The committed next offset of each partition, read beside the running workers.
fn committed(dir: &Path) -> BTreeMap<i32, i64> {
    (0..PARTITIONS)
        .filter_map(|p| {
            let path = store_path(dir, TOPIC, p);
            let store = Store::open_read_only(&path).ok()?;
            Some((p, store.consumer_offset(TOPIC, p).ok()??))
        })
        .collect()
}

fn wait_until(what: &str, limit: Duration, logs: &Path, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        if Instant::now() >= deadline {
            let tail: String = ["a", "b", "tansu"]
                .iter()
                .map(|name| {
                    let log = log_of(logs, name);
                    let lines: Vec<&str> = log.lines().collect();
                    format!(
                        "--- {name}.log (last 40 lines)\n{}\n",
                        lines[lines.len().saturating_sub(40)..].join("\n")
                    )
                })
                .collect();
            panic!("timed out after {limit:?} waiting until {what}\n{tail}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A log file without terminal colour codes.
fn log_of(logs: &Path, name: &str) -> String {
    let raw = std::fs::read_to_string(logs.join(format!("{name}.log"))).unwrap_or_default();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-letter
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every `partition assigned` line of a worker's log: (partition, start offset: `None` for the beginning).
fn assignments_in(log: &str) -> Vec<(i32, Option<i64>)> {
    let field = |line: &str, name: &str| -> Option<String> {
        Some(line.split(&format!(" {name}=")).nth(1)?.split_whitespace().next()?.to_string())
    };
    log.lines()
        .filter(|l| l.contains("partition assigned"))
        .filter_map(|l| {
            let partition = field(l, "partition")?.parse().ok()?;
            let offset = field(l, "offset")?;
            let offset =
                offset.strip_prefix("Offset(").and_then(|o| o.strip_suffix(')')).and_then(|o| o.parse().ok());
            Some((partition, offset))
        })
        .collect()
}

/// The partitions a worker was last assigned: those of the assignments since its last revocation.
fn owned_in(log: &str) -> HashSet<i32> {
    let since =
        log.rfind("partition revoked").or_else(|| log.rfind("partition assignment lost")).unwrap_or(0);
    assignments_in(&log[since..]).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn two_workers_one_killed_store_every_article_exactly_once() {
    let Some(tansu) = tansu() else { return };
    let started = Instant::now();
    let work = tempfile::tempdir().unwrap();
    let logs = work.path().join("logs");
    let dir = work.path().join("state");
    std::fs::create_dir_all(&logs).unwrap();
    let (_broker, addr) = start_broker(&tansu, &logs);
    create_topic(&addr, TOPIC, PARTITIONS).unwrap();

    let all = planned_messages();
    let mut per_partition: Vec<Vec<Vec<u8>>> = vec![Vec::new(); PARTITIONS as usize];
    for m in &all {
        per_partition[m.partition as usize].push(m.payload.clone());
    }
    // Half the stream is waiting when the workers start; the rest arrives while they run, and while one dies.
    let half = all.len() / 2;
    let producer = Producer::new(&addr, TOPIC).unwrap();
    for m in &all[..half] {
        producer.send(&m.payload, None, Some(m.partition)).unwrap();
    }
    producer.flush().unwrap();

    let mut a = start_worker(&addr, &dir, &logs, "a");
    let b = start_worker(&addr, &dir, &logs, "b");
    let mut a_partitions = HashSet::new();
    wait_until("both workers own partitions and worker a committed", Duration::from_secs(40), &logs, || {
        let (pa, pb) = (owned_in(&log_of(&logs, "a")), owned_in(&log_of(&logs, "b")));
        let c = committed(&dir);
        a_partitions = pa.clone();
        !pa.is_empty() && !pb.is_empty() && pa.is_disjoint(&pb) && pa.iter().any(|p| c.contains_key(p))
    });
    let sent = AtomicUsize::new(0);
    let (killed_after, at_kill) = std::thread::scope(|scope| {
        scope.spawn(|| {
            for (i, m) in all[half..].iter().enumerate() {
                producer.send(&m.payload, None, Some(m.partition)).unwrap();
                sent.store(i + 1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(8));
            }
            producer.flush().unwrap();
        });
        // Kill worker a mid-stream with no goodbye (SIGKILL: no revocation, no leaving the group; an open
        // transaction of its store rolls back).
        wait_until("the producer is under way", Duration::from_secs(20), &logs, || {
            sent.load(Ordering::Relaxed) >= (all.len() - half) / 4
        });
        a.child().kill().unwrap();
        a.child().wait().unwrap();
        (started.elapsed(), committed(&dir))
    });

    let expected: BTreeMap<i32, i64> =
        (0..PARTITIONS).map(|p| (p, per_partition[p as usize].len() as i64)).collect();
    wait_until("every message is committed", Duration::from_secs(40), &logs, || committed(&dir) == expected);
    let b_log = log_of(&logs, "b");
    // The survivor took over each of the dead worker's partitions where its last commit left them.
    let b_assignments = assignments_in(&b_log);
    for p in &a_partitions {
        let resumed = at_kill.get(p).copied();
        assert!(resumed < Some(expected[p]), "worker a had read all of partition {p} when it was killed");
        assert!(
            b_assignments.contains(&(*p, resumed)),
            "the survivor did not take over partition {p} at offset {resumed:?} (worker a's last commit); its \
             assignments: {b_assignments:?}"
        );
    }
    // Stop the survivor politely: it commits, leaves the group and reports.
    let mut b = b;
    let pid = b.child().id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let out = b.output();
    assert!(out.status.success(), "the survivor failed:\n{b_log}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["rejected"].as_u64().unwrap() > 0, "bad messages are rejected: {report}");

    // Exactly once: each partition store equals a single-process ingest of that partition's messages in
    // offset order (the same articles from the same offsets, the same stories, copies and merges), and no
    // article is in two stores.
    let mut seen = HashSet::new();
    let mut total = 0;
    for p in 0..PARTITIONS {
        let store = Store::open(&store_path(&dir, TOPIC, p)).unwrap();
        let got = state(&store);
        let want = reference(p, &per_partition[p as usize]);
        let ids = |s: &State| s.0.iter().map(|a| a.0.clone()).collect::<HashSet<_>>();
        let (got_ids, want_ids) = (ids(&got), ids(&want));
        let lost: Vec<_> = want_ids.difference(&got_ids).collect();
        let extra: Vec<_> = got_ids.difference(&want_ids).collect();
        assert!(lost.is_empty() && extra.is_empty(), "partition {p}: lost {lost:?}, unexpected {extra:?}");
        assert_eq!(got_ids.len(), got.0.len(), "partition {p} stores an article twice");
        assert_eq!(got, want, "partition {p} differs from a single-process ingest of its messages");
        for (id, ..) in &got.0 {
            assert!(seen.insert(id.clone()), "article {id} stored in two partitions");
        }
        total += got.0.len();
        assert_eq!(store.consumer_offset(TOPIC, p).unwrap(), Some(expected[&p]));
    }
    assert!(total > 250, "{total} articles stored of {} messages", all.len());
    eprintln!(
        "worker failover: {} messages, {total} articles stored once; worker a (partitions {a_partitions:?}) \
         killed after {killed_after:?} at offsets {at_kill:?}; done in {:?}",
        all.len(),
        started.elapsed()
    );
}
