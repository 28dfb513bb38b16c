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

/// Synthetic events: each reported by several outlets in their own words, with planted exact and near
/// copies, repeats of a message and bad messages.
fn synthetic_messages(events: usize) -> Vec<String> {
    const PLACES: &[&str] = &["Carrow", "Tessel", "Brennick", "Corvel", "Aldmoor", "Quenby", "Halloway"];
    const WHAT: &[&str] = &[
        "a flood swept through the lower town after the river burst its banks",
        "the council voted to close the old steelworks by the end of the year",
        "a fire destroyed the central library and its archive of maps",
        "striking nurses marched on the regional hospital demanding new contracts",
        "a landslide blocked the mountain railway and stranded two trains",
    ];
    let mut out = Vec::new();
    for e in 0..events {
        let place = PLACES[e % PLACES.len()];
        let what = WHAT[(e / PLACES.len()) % WHAT.len()];
        let figure = 11 + e * 7;
        let day = 1 + e % 27;
        for outlet in 0..3 {
            let text = format!(
                "In {place}, {what}, officials said on day {day} of the month. Report {e}-{outlet}: outlet \
                 {outlet} counted {figure} people affected and spoke to residents near the {place} square.\n\n\
                 Outlet {outlet} adds that the mayor of {place} promised help within {n} days and that event \
                 {e} will be reviewed by an inquiry next week.",
                n = 2 + outlet
            );
            out.push(
                json!({"id": format!("s{e}-{outlet}"), "source": format!("Outlet {outlet}"),
                    "title": format!("{place}: {what}"), "published": format!("2026-03-{day:02}T{:02}:00:00Z", 8 + outlet),
                    "text": text})
                .to_string(),
            );
            if outlet == 0 && e % 3 == 0 {
                // a wire copy: the same words under another outlet (an exact copy), later
                out.push(
                    json!({"id": format!("s{e}-wire"), "source": "Wire Digest",
                        "published": format!("2026-03-{day:02}T20:00:00Z"), "text": text})
                    .to_string(),
                );
            }
            if outlet == 1 && e % 4 == 1 {
                // an aggregator's near copy: the story with junk around it
                out.push(
                    json!({"id": format!("s{e}-agg"), "source": "Aggregator",
                        "published": format!("2026-03-{day:02}T21:00:00Z"),
                        "text": format!("{text}\n\nRead the full article here.")})
                    .to_string(),
                );
            }
        }
        if e % 5 == 2 {
            out.push("{\"id\": \"broken\", \"text\": ".to_string());
            out.push(json!({"title": "no body"}).to_string());
        }
        if e % 6 == 4 {
            // the same message sent twice: a duplicate, stored once
            out.push(out[out.len() - 2].clone());
        }
    }
    out
}

/// Every article (id, story, arrival story by replay order, copy link) and the merges of one store.
type State = (Vec<(String, u64, Option<(String, String)>)>, Vec<(u64, u64)>);

fn state(store: &Store) -> State {
    let articles = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| (a.article.id, a.story, a.copy.map(|c| (c.of, c.kind))))
        .collect();
    (articles, store.merges().unwrap().into_iter().map(|m| (m.absorbed, m.survivor)).collect())
}

/// A single-process ingest of one partition's messages in offset order.
fn reference(partition: i32, messages: &[String]) -> State {
    let mut ing = Ingestor::open(Store::open_in_memory().unwrap(), EngineConfig::default()).unwrap();
    let label = format!("{TOPIC}/{partition}");
    let docs = messages.iter().enumerate().map(|(offset, m)| {
        to_document(&label, &Message { offset: offset as i64, payload: Some(m.clone().into_bytes()) })
    });
    ing.ingest(docs, |_| {}).unwrap();
    state(ing.store())
}

/// The partition of a message: FNV-1a of its article id (else URL, else the whole message).
fn partition_of(message: &str) -> i32 {
    let json: serde_json::Value = serde_json::from_str(message).unwrap_or_default();
    let key = ["id", "url"]
        .iter()
        .find_map(|k| json.get(k).and_then(|v| v.as_str()).map(str::to_string))
        .unwrap_or_else(|| message.to_string());
    let hash =
        key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    (hash % PARTITIONS as u64) as i32
}

fn start_worker(addr: &str, state: &Path, logs: &Path, name: &str) -> Running {
    let log = std::fs::File::create(logs.join(format!("{name}.log"))).unwrap();
    let child = Command::new(assert_cmd::cargo::cargo_bin("samestory"))
        .args(["worker", "--brokers", addr, "--topic", TOPIC, "--group", "samestory-test"])
        .arg("--state")
        .arg(state)
        .args(["--batch-size", "6", "--linger-ms", "30", "--session-timeout-ms", "6000", "--json"])
        .env("SAMESTORY_LOG", "info")
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
        assert!(
            Instant::now() < deadline,
            "timed out waiting until {what}: see the logs in {}",
            logs.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn log_of(logs: &Path, name: &str) -> String {
    std::fs::read_to_string(logs.join(format!("{name}.log"))).unwrap_or_default()
}

/// Partitions a worker's log says it was assigned.
fn assigned_in(log: &str) -> HashSet<i32> {
    log.lines()
        .filter(|l| l.contains("partition assigned"))
        .filter_map(|l| l.split("partition=").nth(1)?.split_whitespace().next()?.parse().ok())
        .collect()
}

#[test]
fn two_workers_one_killed_store_every_article_exactly_once() {
    let Some(tansu) = tansu() else { return };
    let work = tempfile::tempdir().unwrap();
    let logs = work.path().join("logs");
    let dir = work.path().join("state");
    std::fs::create_dir_all(&logs).unwrap();
    let (_broker, addr) = start_broker(&tansu, &logs);
    create_topic(&addr, TOPIC, PARTITIONS).unwrap();

    // Messages are placed by a hash of their article id (url, else content), so a message sent twice lands
    // in one partition; a copy under another id may land elsewhere than its original: then it is an
    // original in its own partition, as the single-process reference of that partition says too.
    let mut all = corpus_messages();
    assert!(all.len() >= 10, "the demo corpus gave {} documents", all.len());
    all.extend(synthetic_messages(70));
    let (first, second) = all.split_at(all.len() * 2 / 3);
    let mut per_partition: Vec<Vec<String>> = vec![Vec::new(); PARTITIONS as usize];
    let producer = Producer::new(&addr, TOPIC).unwrap();
    let mut produce = |messages: &[String]| {
        for m in messages {
            let p = partition_of(m);
            producer.send(m.as_bytes(), None, Some(p)).unwrap();
            per_partition[p as usize].push(m.clone());
        }
        producer.flush().unwrap();
    };
    produce(first);

    let mut a = start_worker(&addr, &dir, &logs, "a");
    let b = start_worker(&addr, &dir, &logs, "b");
    // Both workers own partitions and the first has committed a batch: kill it mid-run, with no goodbye.
    wait_until("both workers own partitions and worker a committed", Duration::from_secs(60), &logs, || {
        let (la, lb) = (log_of(&logs, "a"), log_of(&logs, "b"));
        let (pa, pb) = (assigned_in(&la), assigned_in(&lb));
        !pa.is_empty() && !pb.is_empty() && pa.is_disjoint(&pb) && {
            let c = committed(&dir);
            pa.iter().any(|p| c.contains_key(p))
        }
    });
    let a_partitions = assigned_in(&log_of(&logs, "a"));
    a.child().kill().unwrap();
    a.child().wait().unwrap();
    let at_kill = committed(&dir);
    // More messages arrive after the kill: the survivor must read them for the dead worker's partitions.
    produce(second);

    let expected: BTreeMap<i32, i64> =
        (0..PARTITIONS).map(|p| (p, per_partition[p as usize].len() as i64)).collect();
    wait_until("every message is committed", Duration::from_secs(120), &logs, || committed(&dir) == expected);
    let b_log = log_of(&logs, "b");
    assert!(
        a_partitions.is_subset(&assigned_in(&b_log)),
        "the survivor took over {a_partitions:?}; its log:\n{b_log}"
    );
    // Stop the survivor politely: it commits, leaves the group and reports.
    let mut b = b;
    let pid = b.child().id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let out = b.output();
    assert!(out.status.success(), "the survivor failed:\n{b_log}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["rejected"].as_u64().unwrap() > 0, "bad messages are rejected: {report}");

    // Exactly once: every article of the single-process references is stored once across the partition
    // stores, no other article is, and each partition equals its reference.
    let mut seen = HashSet::new();
    let mut total = 0;
    for p in 0..PARTITIONS {
        let store = Store::open(&store_path(&dir, TOPIC, p)).unwrap();
        let got = state(&store);
        let want = reference(p, &per_partition[p as usize]);
        assert_eq!(got, want, "partition {p} differs from a single-process ingest of its messages");
        for (id, ..) in &got.0 {
            assert!(seen.insert(id.clone()), "article {id} stored twice");
        }
        total += got.0.len();
        assert_eq!(store.consumer_offset(TOPIC, p).unwrap(), Some(expected[&p]));
    }
    let distinct: HashSet<&String> = all.iter().collect();
    assert!(total > 200 && total < distinct.len(), "{total} articles of {} messages", all.len());
    eprintln!(
        "worker failover: {} messages, {total} articles stored once, killed worker's partitions {a_partitions:?} \
         at offsets {at_kill:?}",
        all.len()
    );
}
