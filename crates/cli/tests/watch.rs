//! `samestory watch` on the real binary, against feeds and pages served on 127.0.0.1 by the test.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::util::{corpus, samestory, stories_with_articles};

type Files = Arc<HashMap<String, (&'static str, Vec<u8>)>>;

async fn serve_file(State(files): State<Files>, uri: Uri) -> Response {
    match files.get(uri.path()) {
        Some((content_type, body)) => ([(header::CONTENT_TYPE, *content_type)], body.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, "not here").into_response(),
    }
}

/// Serves the demo corpus's two pairs of reports (one event each) from an RSS and an Atom feed, on a
/// thread of its own; returns the base URL.
fn serve_corpus() -> String {
    let html = corpus().join("html");
    let page = |name: &str| std::fs::read(html.join(name)).unwrap();
    let mut files: HashMap<String, (&'static str, Vec<u8>)> = HashMap::new();
    for (path, name) in [
        ("/p/ferncliff", "ferncliff-chronicle-velmora-bridge.html"),
        ("/p/heron", "heron-street-journal-velmora-bridge.html"),
        ("/p/kestrel", "kestrelport-times-grenholt-theft.html"),
        ("/p/larkspur", "larkspur-observer-grenholt-theft.html"),
    ] {
        files.insert(path.into(), ("text/html", page(name)));
    }
    files.insert(
        "/rss.xml".into(),
        (
            "application/rss+xml",
            b"<rss version=\"2.0\"><channel><title>R</title><ttl>60</ttl>\
              <item><title>Bridge</title><link>/p/ferncliff</link><guid>f</guid></item>\
              <item><title>Theft</title><link>/p/kestrel</link><guid>k</guid></item></channel></rss>"
                .to_vec(),
        ),
    );
    files.insert(
        "/atom.xml".into(),
        (
            "application/atom+xml",
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><id>urn:a</id>\
              <entry><id>urn:h</id><title>Bridge</title><link href=\"/p/heron\"/></entry>\
              <entry><id>urn:l</id><title>Theft</title><link href=\"/p/larkspur\"/></entry></feed>"
                .to_vec(),
        ),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap())).unwrap();
            let app = Router::new().fallback(serve_file).with_state(Arc::new(files));
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

#[test]
fn watch_once_stores_each_feed_item_once_in_its_story() {
    let base = serve_corpus();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, format!("# two outlets each\n{base}/rss.xml\n\n{base}/atom.xml\n")).unwrap();
    let run = || {
        let out = samestory()
            .args(["watch", "--once", "--json", "--db", db.to_str().unwrap(), list.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let first = run();
    assert_eq!((first["polls"].as_u64(), first["stored"].as_u64()), (Some(2), Some(4)), "{first}");
    let stories = stories_with_articles(&db);
    assert_eq!(stories.len(), 2, "{stories:?}");
    assert!(stories.iter().all(|(_, articles)| articles.len() == 2), "{stories:?}");
    let second = run();
    assert_eq!((second["pages"].as_u64(), second["stored"].as_u64()), (Some(0), Some(0)), "{second}");
}

#[test]
fn watch_refuses_a_bad_feed_list() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, "http://127.0.0.1:9/feed\nfeeds.example/rss\n").unwrap();
    let db = dir.path().join("w.db");
    let out = samestory()
        .args(["watch", "--once", "--db", db.to_str().unwrap(), list.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("feeds.txt:2: invalid URL \"feeds.example/rss\""), "{err}");
    let out = samestory().args(["watch", "--db", db.to_str().unwrap(), "missing.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A watch that is not `--once` runs until SIGTERM, then writes what it fetched and exits 0.
#[cfg(unix)]
#[test]
fn watch_stops_cleanly_on_sigterm() {
    let base = serve_corpus();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let list = dir.path().join("feeds.opml");
    std::fs::write(
        &list,
        format!("<opml version=\"2.0\"><body><outline xmlUrl=\"{base}/rss.xml\"/><outline xmlUrl=\"{base}/atom.xml\"/></body></opml>"),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("samestory");
    let child = std::process::Command::new(bin)
        .args(["watch", "--db", db.to_str().unwrap(), list.to_str().unwrap()])
        .env("SAMESTORY_LOG", "error")
        .env_remove("SAMESTORY_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the four articles are stored.
    let started = Instant::now();
    loop {
        let out = samestory().args(["stories", "--json", "--db", db.to_str().unwrap()]).output().unwrap();
        let count: u64 = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|s| s["article_count"].as_u64().unwrap_or(0))
            .sum();
        if count == 4 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the watch stored {count} articles in a minute");
        std::thread::sleep(Duration::from_millis(100));
    }
    let status =
        std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("stored 4"), "{stdout}");
}
