//! The API on a real loopback port: the demo corpus and the seeds ingested over HTTP in every input format,
//! every answer checked against the OpenAPI document, live events, and concurrent readers and writers.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Reply, Spec, TestServer, corpus, encode, request, walk};
use samestory_server::ServerOptions;
use serde_json::Value;

/// POSTs a file as `samestory ingest` would read it; checks the answer against the spec.
fn post_file(server: &TestServer, spec: &Spec, file: &Path) -> Value {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let path = format!("/api/articles?name={}", encode(&name));
    let reply = server.post(&path, &std::fs::read(file).unwrap());
    spec.check("POST", &path, &reply);
    assert_eq!(reply.status, 200, "{name}: {}", reply.text());
    let report = reply.json();
    assert!(report["rejected"].as_array().unwrap().is_empty(), "{name}: {report}");
    report
}

fn get(server: &TestServer, spec: &Spec, path: &str) -> Reply {
    let reply = server.get(path);
    spec.check("GET", path, &reply);
    reply
}

/// Every story with its articles, through the API.
fn stories(server: &TestServer, spec: &Spec) -> Vec<Value> {
    let list = get(server, spec, "/api/stories?limit=500").json();
    assert_eq!(list["more"], false);
    list["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let story = get(server, spec, &format!("/api/stories/{}", s["id"])).json();
            assert_eq!(story["headline"], s["headline"]);
            assert_eq!(story["article_count"], s["article_count"]);
            story
        })
        .collect()
}

/// EXPECTED.json's name for an article posted from `file`: its JSON Lines id, `warc/FILE#URL` for a WARC
/// record, else the path under the corpus.
fn member_key(article: &Value, posted: &HashMap<String, String>) -> String {
    let origin = &article["origin"];
    let source = origin["source"].as_str().unwrap();
    let file = source.strip_prefix("request:").unwrap();
    let relative = posted.get(file).unwrap_or_else(|| panic!("unknown origin {source}"));
    // A body of one JSON object has no line number.
    if !origin["line"].is_null() || relative.ends_with(".jsonl") {
        article["id"].as_str().unwrap().to_string()
    } else if !origin["record"].is_null() {
        format!("{relative}#{}", article["url"].as_str().unwrap())
    } else {
        relative.clone()
    }
}

#[test]
fn api_answers_match_the_openapi_document() {
    let spec = Spec::load();
    let server = TestServer::start(ServerOptions::default());

    // The demo corpus, file by file, in every format, read by content.
    let mut posted = HashMap::new();
    for file in walk(&corpus()) {
        let relative = file.strip_prefix(corpus()).unwrap().to_string_lossy().replace('\\', "/");
        posted.insert(file.file_name().unwrap().to_string_lossy().into_owned(), relative);
        post_file(&server, &spec, &file);
    }
    // Again: everything is a duplicate now.
    let again = post_file(&server, &spec, &corpus().join("jsonl/outlets.jsonl"));
    assert_eq!((again["new"].as_u64(), again["duplicate"].as_u64()), (Some(0), again["read"].as_u64()));

    // The same stories and copies as `samestory ingest` finds.
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("../EXPECTED.json")).unwrap()).unwrap();
    let want: BTreeSet<BTreeSet<String>> = expected["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect())
        .collect();
    let all = stories(&server, &spec);
    let got: BTreeSet<BTreeSet<String>> = all
        .iter()
        .map(|s| s["articles"].as_array().unwrap().iter().map(|a| member_key(a, &posted)).collect())
        .collect();
    assert_eq!(got, want);
    let copies: BTreeMap<String, String> = all
        .iter()
        .flat_map(|s| {
            let articles = s["articles"].as_array().unwrap().clone();
            let keys: HashMap<String, String> = articles
                .iter()
                .map(|a| (a["id"].as_str().unwrap().to_string(), member_key(a, &posted)))
                .collect();
            articles
                .iter()
                .filter_map(|a| {
                    Some((keys[a["id"].as_str().unwrap()].clone(), keys[a["copy"]["of"].as_str()?].clone()))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        copies.get("text/newsloop-daily-storm-berta.txt").map(String::as_str),
        Some("tessaly-2026-02-10-storm-berta")
    );

    // Filters, search and paging.
    let page = get(&server, &spec, "/api/stories?limit=2&offset=1").json();
    assert_eq!((page["stories"].as_array().unwrap().len(), &page["more"]), (2, &Value::Bool(true)));
    let outlet = get(&server, &spec, "/api/stories?outlet=aster%20wire").json();
    assert_eq!(outlet["stories"].as_array().unwrap().len(), 2, "{outlet}");
    let dated = get(&server, &spec, "/api/stories?since=2026-03-01&until=2026-03-05T00:00:00Z").json();
    assert_eq!(dated["stories"].as_array().unwrap().len(), 1, "the e-scooter recall: {dated}");
    let ferry = get(&server, &spec, "/api/stories?q=ferry").json();
    assert!(ferry["stories"][0]["headline"].as_str().unwrap().to_lowercase().contains("ferry"), "{ferry}");
    let hits = get(&server, &spec, "/api/search?q=Tindefjell&limit=3").json();
    assert_eq!(hits["hits"].as_array().unwrap().len(), 3);
    assert_eq!(hits["more"], true);
    assert!(hits["hits"][0]["snippet"].as_array().unwrap().iter().any(|p| p["hit"] == true));
    let none = get(&server, &spec, "/api/search?q=%22NEAR(%20AND%22").json();
    assert!(none["hits"].as_array().unwrap().is_empty());

    // The seeds, as plain text bodies.
    if let Some(seeds) = samestory_testkit::shared("seeds") {
        let mut ids = Vec::new();
        for name in [samestory_testkit::SEED_AGGREGATOR, samestory_testkit::SEED_TRANSLATED] {
            ids.push(post_file(&server, &spec, &seeds.join(name))["stored"][0].as_str().unwrap().to_string());
        }
        let a = get(&server, &spec, &format!("/api/articles/{}", ids[0])).json();
        let b = get(&server, &spec, &format!("/api/articles/{}", ids[1])).json();
        assert_eq!(a["story"], b["story"], "the seeds are one story");
        let story = get(&server, &spec, &format!("/api/stories/{}", a["story"])).json();
        assert_eq!(story["article_count"], 2);
        assert!(!story["comparison"]["quotes"].as_array().unwrap().is_empty(), "aligned quotes: {story:#}");
    }

    // Everything else that is documented.
    let health = get(&server, &spec, "/healthz").json();
    assert_eq!(health["writes"], "open");
    get(&server, &spec, "/api/openapi.json");
    for (method, path, status) in [
        ("GET", "/api/stories/4242", 404),
        ("GET", "/api/stories/abc", 400),
        ("GET", "/api/articles/no-such-article", 404),
        ("GET", "/api/search?q=", 400),
        ("GET", "/api/stories?limit=-1", 400),
        ("POST", "/api/articles?name=bad.jsonl", 422),
        ("POST", "/api/articles?url=https://x.example/1", 400),
    ] {
        let reply =
            request(server.addr, method, path, &[], if method == "POST" { b"{\"nope\": 1}\n[" } else { b"" });
        assert_eq!(reply.status, status, "{method} {path}: {}", reply.text());
        spec.check(method, path, &reply);
    }
    let big = vec![b'x'; samestory_server::MAX_BODY_BYTES + 1];
    let reply = server.post("/api/articles", &big);
    assert_eq!(reply.status, 413);
    spec.check("POST", "/api/articles", &reply);
    let foreign = request(server.addr, "POST", "/api/articles", &[("Host", "rebound.example")], b"{}");
    assert_eq!(foreign.status, 403);
    spec.check("POST", "/api/articles", &foreign);

    let guarded = TestServer::start(ServerOptions {
        token: Some("a-long-enough-token".into()),
        ..ServerOptions::default()
    });
    let reply = guarded.post("/api/articles", b"{\"text\": \"Rain.\"}");
    assert_eq!(reply.status, 401);
    spec.check("POST", "/api/articles", &reply);

    let mut events = TcpStream::connect(server.addr).unwrap();
    events.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(events, "GET /api/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
    let (status, headers) = common::read_head(&mut BufReader::new(&events));
    let reply = Reply { status, headers, body: Vec::new() };
    assert_eq!(reply.header("content-type"), Some("text/event-stream"));
    spec.check("GET", "/api/events", &reply);

    let seen: BTreeSet<(String, String)> =
        spec.seen.lock().unwrap().iter().map(|(m, p, _)| (m.clone(), p.clone())).collect();
    let missing: Vec<_> = spec.operations().difference(&seen).cloned().collect();
    assert!(missing.is_empty(), "documented but never checked: {missing:?}");
}

/// Reads server-sent events from a stream: the data of each `change` event.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(server: &TestServer) -> Events {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(stream, "GET /api/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
        let mut reader = BufReader::new(stream);
        let (status, _) = common::read_head(&mut reader);
        assert_eq!(status, 200);
        Events(reader)
    }

    /// The next `change` event's data (chunked framing and comments skipped), within 30 seconds: keep-alive
    /// comments alone do not make it wait longer.
    fn next(&mut self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut event = None;
        loop {
            assert!(Instant::now() < deadline, "no change event within 30 s");
            let mut line = String::new();
            let n = self.0.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end();
            if line == "event: change" {
                event = Some(());
            } else if let (Some(()), Some(data)) = (event, line.strip_prefix("data: ")) {
                return serde_json::from_str(data).unwrap();
            }
        }
    }
}

fn article(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "source": "Test Wire", "title": text, "text": text}).to_string()
}

#[test]
fn events_announce_changes_from_this_server_and_from_other_writers() {
    let server = TestServer::start(ServerOptions::default());
    let mut events = Events::open(&server);
    let first = events.next();
    assert_eq!(first["articles"], 0);

    let reply = server.post(
        "/api/articles",
        article("e1", "Lightning struck the clock tower of Brell on Friday.").as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let after = events.next();
    assert_eq!(after["articles"], 1);
    assert!(after["generation"].as_u64() > first["generation"].as_u64());

    // Another process writes to the same file (as `samestory ingest` would): the watcher notices.
    let mut other = samestory_store::Store::open(&server.db).unwrap();
    let mut a =
        samestory_model::Article::from_paragraphs(vec!["A ferry ran aground off Tarn on Monday.".into()]);
    a.id = "outside".into();
    other
        .insert_batch(&[samestory_store::NewArticle {
            article: a,
            origin: samestory_model::Origin::file("cli.txt"),
            story: 99,
            copy: None,
        }])
        .unwrap();
    let outside = events.next();
    assert_eq!(outside["articles"], 2, "{outside}");
    let listed = server.get("/api/stories").json();
    assert!(
        listed["stories"].as_array().unwrap().iter().any(|s| s["id"] == 99),
        "no stale cached answer: {listed}"
    );
}

#[test]
fn readers_and_writers_work_at_once() {
    let server = TestServer::start(ServerOptions::default());
    let addr = server.addr;
    let started = Instant::now();
    let writers: Vec<_> = (0..3)
        .map(|w| {
            std::thread::spawn(move || {
                for i in 0..10 {
                    let body: String = (0..5)
                        .map(|j| {
                            article(
                                &format!("w{w}-{i}-{j}"),
                                &format!("Report {w} {i} {j}: the council of Ferrow{w}{i}{j} voted on the budget on Monday."),
                            ) + "\n"
                        })
                        .collect();
                    let reply = request(addr, "POST", "/api/articles", &[], body.as_bytes());
                    assert!(reply.status == 200 || reply.status == 503, "{}", reply.text());
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..4)
        .map(|r| {
            std::thread::spawn(move || {
                for i in 0..40 {
                    let path = match (r + i) % 4 {
                        0 => "/api/stories".to_string(),
                        1 => "/api/search?q=council".to_string(),
                        2 => "/healthz".to_string(),
                        _ => format!("/api/stories/{}", 1 + i % 3),
                    };
                    let reply = request(addr, "GET", &path, &[], b"");
                    assert!(reply.status == 200 || reply.status == 404, "{path}: {}", reply.text());
                }
            })
        })
        .collect();
    for t in writers.into_iter().chain(readers) {
        t.join().unwrap();
    }
    let health = server.get("/healthz").json();
    assert!(health["articles"].as_u64().unwrap() > 0);
    let store = samestory_store::Store::open(&server.db).unwrap();
    assert_eq!(store.counts().unwrap().0, health["articles"].as_u64().unwrap());
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert!(started.elapsed() < Duration::from_secs(120));
}

#[test]
fn a_write_is_seen_by_the_next_read_even_for_hot_answers() {
    let server = TestServer::start(ServerOptions::default());
    let mut refreshed = 0;
    for i in 0..6 {
        // Make the first page and the search hot, so the write refreshes them ahead.
        for _ in 0..3 {
            assert_eq!(server.get("/api/stories?limit=10").status, 200);
            assert_eq!(server.get("/api/search?q=quarry").status, 200);
        }
        let title = format!("Quarry number {i} of Dunmere{i} floods after the spring storm, the mayor said.");
        let body = article(&format!("hot-{i}"), &title);
        assert_eq!(server.post("/api/articles", body.as_bytes()).status, 200);
        let misses = server.get("/healthz").json()["cache"]["misses"].as_u64().unwrap();
        let page = server.get("/api/stories?limit=10").json();
        if server.get("/healthz").json()["cache"]["misses"].as_u64().unwrap() == misses {
            refreshed += 1;
        }
        let counted: u64 =
            page["stories"].as_array().unwrap().iter().map(|s| s["article_count"].as_u64().unwrap()).sum();
        assert_eq!(counted, i as u64 + 1, "write {i} not seen: {page}");
        let hits = server.get("/api/search?q=quarry").json();
        assert_eq!(hits["hits"].as_array().unwrap().len(), i + 1, "{hits}");
    }
    // The write computed the hot first page ahead: the read after it did not have to (unless the store
    // watcher's periodic check expired it just then, which cannot happen every time).
    assert!(refreshed > 0, "no write refreshed the hot answer ahead");
}

#[test]
fn the_schema_checker_refuses_what_the_document_does_not_say() {
    let spec = Spec::load();
    let summary = serde_json::json!({"$ref": "#/components/schemas/StorySummary"});
    let good = serde_json::json!({
        "id": 1, "headline": "h", "outlets": ["A"], "article_count": 1,
        "first_seen": "2026-02-09T10:00:00Z", "last_seen": "2026-02-09T11:00:00Z"
    });
    assert_eq!(spec.validate(&summary, &good, "$"), Ok(()));
    let mut bad = Vec::new();
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("headline");
    bad.push(missing);
    let mut undocumented = good.clone();
    undocumented["secret"] = Value::from(1);
    bad.push(undocumented);
    let mut wrong_type = good.clone();
    wrong_type["id"] = Value::from("1");
    bad.push(wrong_type);
    let mut below = good.clone();
    below["id"] = Value::from(0);
    bad.push(below);
    let mut not_a_time = good.clone();
    not_a_time["first_seen"] = Value::from("yesterday");
    bad.push(not_a_time);
    for value in bad {
        assert!(spec.validate(&summary, &value, "$").is_err(), "accepted {value}");
    }
    let health = serde_json::json!({"$ref": "#/components/schemas/Health"});
    let off_enum = serde_json::json!({
        "status": "ok", "articles": 0, "stories": 0, "generation": 1, "writes": "maybe",
        "cache": {"enabled": true, "hits": 0, "misses": 0}
    });
    assert!(spec.validate(&health, &off_enum, "$").is_err());
}
