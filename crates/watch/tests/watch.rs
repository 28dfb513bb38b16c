//! The watcher against feeds and pages served by a local server on 127.0.0.1 that each test starts: RSS,
//! Atom and OPML inputs, conditional GET, a feed that breaks, a page that hangs, one that redirects
//! forever, oversized pages, restarts, and the articles ending up in stories.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use samestory_pipeline::{EngineConfig, Ingestor};
use samestory_store::{Store, StoryQuery};
use samestory_watch::{Summary, WatchConfig, Watcher, parse_feed_list};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/corpus/html");

/// What the test server serves and what it saw.
#[derive(Default)]
struct Site {
    /// path → (content type, body, ETag)
    files: HashMap<String, (String, Vec<u8>, Option<String>)>,
    hits: Mutex<HashMap<String, usize>>,
    not_modified: Mutex<HashMap<String, usize>>,
    user_agents: Mutex<Vec<String>>,
}

impl Site {
    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn not_modified(&self, path: &str) -> usize {
        self.not_modified.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

async fn serve_path(State(site): State<Arc<Site>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    let hit = {
        let mut hits = site.hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    if let Some(ua) = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()) {
        site.user_agents.lock().unwrap().push(ua.to_string());
    }
    // Behaviours that make a point.
    if path == "/hang" {
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
    if let Some(n) = path.strip_prefix("/loop/").and_then(|n| n.parse::<u64>().ok()) {
        return (StatusCode::FOUND, [(header::LOCATION, format!("/loop/{}", n + 1))]).into_response();
    }
    if path == "/broken.xml" {
        return if hit == 1 {
            (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response()
        } else {
            ([(header::CONTENT_TYPE, "application/rss+xml")], "<rss><channel><item>&&& not xml <<")
                .into_response()
        };
    }
    if path == "/big" {
        return ([(header::CONTENT_TYPE, "text/html")], vec![b'a'; 3 << 20]).into_response();
    }
    if path == "/bigstream" {
        // No Content-Length: the limit has to be noticed while reading.
        let chunks = (0..200).map(|_| Ok::<_, std::io::Error>(vec![b'<'; 64 << 10]));
        return Response::builder()
            .header(header::CONTENT_TYPE, "text/html")
            .body(Body::from_stream(futures_util::stream::iter(chunks)))
            .unwrap();
    }
    let Some((content_type, body, etag)) = site.files.get(&path) else {
        return (StatusCode::NOT_FOUND, "not here").into_response();
    };
    if let Some(etag) = etag {
        if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
            *site.not_modified.lock().unwrap().entry(path).or_default() += 1;
            return StatusCode::NOT_MODIFIED.into_response();
        }
        return ([(header::CONTENT_TYPE, content_type.clone()), (header::ETAG, etag.clone())], body.clone())
            .into_response();
    }
    ([(header::CONTENT_TYPE, content_type.clone())], body.clone()).into_response()
}

/// Starts the server on a free loopback port; returns its base URL.
async fn start(site: Arc<Site>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new().fallback(serve_path).with_state(site);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn corpus_page(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(CORPUS).join(name)).unwrap()
}

fn rss(items: &[(&str, &str)]) -> Vec<u8> {
    let items: String = items
        .iter()
        .map(|(guid, link)| {
            format!("<item><title>Item {guid}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid></item>")
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>R</title><link>/</link>{items}</channel></rss>")
        .into_bytes()
}

fn atom(entries: &[(&str, &str)]) -> Vec<u8> {
    let entries: String = entries
        .iter()
        .map(|(id, link)| {
            format!("<entry><id>{id}</id><title>Entry {id}</title><updated>2026-02-22T10:00:00Z</updated><link href=\"{link}\"/></entry>")
        })
        .collect();
    format!("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><id>urn:a</id>{entries}</feed>")
        .into_bytes()
}

fn file(content_type: &str, body: Vec<u8>) -> (String, Vec<u8>, Option<String>) {
    (content_type.to_string(), body, None)
}

fn tagged(content_type: &str, body: Vec<u8>, etag: &str) -> (String, Vec<u8>, Option<String>) {
    (content_type.to_string(), body, Some(etag.to_string()))
}

fn config() -> WatchConfig {
    WatchConfig {
        once: true,
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(2),
        max_page_bytes: 1 << 20,
        max_redirects: 3,
        max_attempts: 2,
        concurrency: 4,
        ..WatchConfig::default()
    }
}

fn open(db: &Path) -> Ingestor {
    Ingestor::open(Store::open(db).unwrap(), EngineConfig::default()).unwrap()
}

async fn run_once(db: &Path, feeds: Vec<String>, config: WatchConfig) -> (Summary, Ingestor) {
    let watcher = Watcher::new(config).unwrap();
    watcher.run(open(db), feeds, std::future::pending(), |_| {}).await.unwrap()
}

/// Stories as sets of article URL paths (sorted), for comparing.
fn stories(store: &Store) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = store
        .stories(&StoryQuery { limit: 1000, ..StoryQuery::default() })
        .unwrap()
        .iter()
        .map(|s| {
            let detail = store.story(s.id).unwrap().unwrap();
            let mut paths: Vec<String> = detail
                .articles
                .iter()
                .map(|a| {
                    a.article
                        .url
                        .clone()
                        .unwrap()
                        .split_once("//")
                        .unwrap()
                        .1
                        .split_once('/')
                        .unwrap()
                        .1
                        .to_string()
                })
                .collect();
            paths.sort();
            paths
        })
        .collect();
    out.sort();
    out
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("watch.db");
    (dir, db)
}

/// Two outlets' reports of one event each, in an RSS feed and in an Atom feed, listed in OPML: both pairs
/// land in their story, and the requests say who is asking.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rss_and_atom_feeds_from_opml_land_in_stories() {
    let mut site = Site::default();
    for (path, name) in [
        ("/p/ferncliff", "ferncliff-chronicle-velmora-bridge.html"),
        ("/p/heron", "heron-street-journal-velmora-bridge.html"),
        ("/p/kestrel", "kestrelport-times-grenholt-theft.html"),
        ("/p/larkspur", "larkspur-observer-grenholt-theft.html"),
    ] {
        site.files.insert(path.into(), file("text/html; charset=windows-1252", corpus_page(name)));
    }
    site.files.insert(
        "/rss.xml".into(),
        file("application/rss+xml", rss(&[("f", "/p/ferncliff"), ("k", "/p/kestrel")])),
    );
    site.files.insert(
        "/atom.xml".into(),
        file("application/atom+xml", atom(&[("urn:h", "/p/heron"), ("urn:l", "/p/larkspur")])),
    );
    let site = Arc::new(site);
    let base = start(site.clone()).await;
    let opml = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"news\">\
         <outline type=\"rss\" xmlUrl=\"{base}/rss.xml\"/><outline type=\"rss\" xmlUrl=\"{base}/atom.xml\"/>\
         </outline></body></opml>"
    );
    let feeds = parse_feed_list("subscriptions.opml", opml.as_bytes()).unwrap();
    let (_dir, db) = temp_db();
    let (summary, ingestor) = run_once(&db, feeds, config()).await;
    assert_eq!((summary.polls, summary.pages, summary.stored), (2, 4, 4), "{summary:?}");
    assert_eq!(
        summary.feed_failures + summary.failed + summary.given_up + summary.rejected,
        0,
        "{summary:?}"
    );
    assert_eq!(
        stories(ingestor.store()),
        [vec!["p/ferncliff".to_string(), "p/heron".into()], vec!["p/kestrel".into(), "p/larkspur".into()]]
    );
    let agents = site.user_agents.lock().unwrap().clone();
    assert_eq!(agents.len(), 6);
    assert!(agents.iter().all(|ua| ua.starts_with("samestory/") && ua.contains("(+https://")), "{agents:?}");
}

/// The second poll of an unchanged feed is answered 304 and fetches nothing; after a restart, a feed that
/// ignores validators lists the same items again and still no page is fetched twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_get_and_restarts_fetch_each_page_once() {
    let mut site = Site::default();
    site.files.insert("/p/1".into(), file("text/html", corpus_page("tessaly-post-lumetra-recall.html")));
    site.files
        .insert("/p/2".into(), file("text/html", corpus_page("quillfield-herald-marrowby-bakery.html")));
    site.files.insert("/tagged.xml".into(), tagged("application/rss+xml", rss(&[("1", "/p/1")]), "\"v1\""));
    site.files
        .insert("/untagged.xml".into(), file("application/rss+xml", rss(&[("1", "/p/1"), ("2", "/p/2")])));
    let site = Arc::new(site);
    let base = start(site.clone()).await;
    let (_dir, db) = temp_db();

    let (first, ingestor) = run_once(&db, vec![format!("{base}/tagged.xml")], config()).await;
    assert_eq!((first.stored, first.not_modified), (1, 0), "{first:?}");
    let state = ingestor.store().feed_state(&format!("{base}/tagged.xml")).unwrap().unwrap();
    assert_eq!(state.etag.as_deref(), Some("\"v1\""));
    drop(ingestor);

    // A restart: the stored ETag makes the poll conditional.
    let (second, ingestor) = run_once(&db, vec![format!("{base}/tagged.xml")], config()).await;
    assert_eq!((second.polls, second.not_modified, second.pages, second.stored), (1, 1, 0, 0), "{second:?}");
    assert_eq!(site.not_modified("/tagged.xml"), 1);
    assert_eq!(site.hits("/p/1"), 1);
    drop(ingestor);

    // Another feed lists the stored page again (and a new one): only the new one is fetched.
    let (third, ingestor) = run_once(&db, vec![format!("{base}/untagged.xml")], config()).await;
    assert_eq!((third.pages, third.stored, third.duplicate), (1, 1, 1), "{third:?}");
    drop(ingestor);
    let (fourth, ingestor) = run_once(&db, vec![format!("{base}/untagged.xml")], config()).await;
    assert_eq!((fourth.polls, fourth.pages, fourth.items), (1, 0, 0), "{fourth:?}");
    assert_eq!((site.hits("/p/1"), site.hits("/p/2")), (1, 1));
    assert_eq!(ingestor.store().counts().unwrap().0, 2);
}

/// A page that hangs times out (and is tried again at the next run, then given up), a page that redirects
/// forever and oversized pages are given up at once, a 404 too; a feed that breaks is reported; the good
/// page of the same feed lands all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_pages_and_feeds_do_not_stop_the_rest() {
    let mut site = Site::default();
    site.files
        .insert("/p/good".into(), file("text/html", corpus_page("brightwater-tribune-storm-berta.html")));
    site.files.insert("/p/pdf".into(), file("application/pdf", b"%PDF-1.4".to_vec()));
    site.files.insert(
        "/mixed.xml".into(),
        file(
            "application/rss+xml",
            rss(&[
                ("good", "/p/good"),
                ("hang", "/hang"),
                ("loop", "/loop/0"),
                ("big", "/big"),
                ("bigstream", "/bigstream"),
                ("gone", "/p/missing"),
                ("pdf", "/p/pdf"),
            ]),
        ),
    );
    let site = Arc::new(site);
    let base = start(site.clone()).await;
    let feeds = vec![format!("{base}/mixed.xml"), format!("{base}/broken.xml")];
    let (_dir, db) = temp_db();

    let started = Instant::now();
    let (summary, ingestor) = run_once(&db, feeds.clone(), config()).await;
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the hanging page held the run: {:?}",
        started.elapsed()
    );
    assert_eq!(summary.stored, 1, "{summary:?}");
    assert_eq!(summary.feed_failures, 1, "{summary:?}");
    assert_eq!(summary.failed, 1, "only the hanging page is worth another try: {summary:?}");
    assert_eq!(summary.given_up, 4, "redirect loop, two oversized pages, 404: {summary:?}");
    assert_eq!(summary.rejected, 1, "the PDF: {summary:?}");
    let problems = summary.problems.join("\n");
    for expected in [
        "/broken.xml: http status 500",
        "/hang: failed: timed out",
        "/loop/0: failed: more than 3 redirects",
        "/big: failed: response larger than the limit of 1048576 bytes",
        "/bigstream: failed: response larger than the limit",
        "/p/missing: failed: http status 404",
        "/p/pdf: not an article page (content type application/pdf)",
    ] {
        assert!(problems.contains(expected), "{expected:?} not in\n{problems}");
    }
    assert!(site.hits("/loop/3") == 1 && site.hits("/loop/4") == 0, "redirects are bounded");
    assert!(site.hits("/bigstream") == 1);
    let state = ingestor.store().feed_state(&feeds[1]).unwrap().unwrap();
    assert_eq!((state.failures, state.last_error.as_deref()), (1, Some("http status 500")));
    drop(ingestor);

    // Next run: the feed now answers garbage (a second failure in a row); the hanging page is tried once
    // more and given up (2 attempts), nothing else is fetched again.
    let (again, ingestor) = run_once(&db, feeds.clone(), config()).await;
    assert_eq!((again.stored, again.failed, again.given_up, again.pages), (0, 0, 1, 0), "{again:?}");
    assert_eq!(site.hits("/hang"), 2);
    assert_eq!(
        (site.hits("/loop/0"), site.hits("/big"), site.hits("/p/missing"), site.hits("/p/good")),
        (1, 1, 1, 1)
    );
    let state = ingestor.store().feed_state(&feeds[1]).unwrap().unwrap();
    assert_eq!(state.failures, 2);
    assert!(state.last_error.as_deref().unwrap().starts_with("invalid feed"), "{state:?}");
    drop(ingestor);

    let (last, _) = run_once(&db, feeds, config()).await;
    assert_eq!((last.items, last.pages), (0, 0), "{last:?}");
    assert_eq!(site.hits("/hang"), 2);
}

/// Watching on a timer: a broken feed backs off (fewer and fewer polls) while a healthy one keeps its
/// interval and its items land; stopping returns cleanly with everything written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_feed_backs_off_while_the_others_go_on() {
    let mut site = Site::default();
    site.files
        .insert("/p/a".into(), file("text/html", corpus_page("kestrelport-times-storm-caius-ferry.html")));
    site.files.insert("/good.xml".into(), tagged("application/rss+xml", rss(&[("a", "/p/a")]), "\"g\""));
    let site = Arc::new(site);
    let base = start(site.clone()).await;
    let (_dir, db) = temp_db();
    let config = WatchConfig {
        once: false,
        default_interval: Duration::from_millis(100),
        min_interval: Duration::from_millis(100),
        backoff_base: Duration::from_millis(200),
        backoff_cap: Duration::from_secs(10),
        ..config()
    };
    let watcher = Watcher::new(config).unwrap();
    let feeds = vec![format!("{base}/good.xml"), format!("{base}/broken.xml")];
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let run =
        tokio::spawn(
            async move { watcher.run(open(&db), feeds, async { rx.await.unwrap_or(()) }, |_| {}).await },
        );
    tokio::time::sleep(Duration::from_millis(3000)).await;
    tx.send(()).unwrap();
    let stopped = Instant::now();
    let (summary, ingestor) = run.await.unwrap().unwrap();
    assert!(stopped.elapsed() < Duration::from_secs(5), "stopping took {:?}", stopped.elapsed());
    let (good, broken) = (site.hits("/good.xml"), site.hits("/broken.xml"));
    // Backoff after n failures waits at least 100 ms · 2^(n-1): at most 5 polls fit in 3 s.
    assert!((2..=5).contains(&broken), "broken feed polled {broken} times");
    assert!(good >= broken + 3, "the healthy feed was polled {good} times, the broken one {broken}");
    assert!(site.not_modified("/good.xml") >= 2);
    assert_eq!(summary.stored, 1, "{summary:?}");
    assert_eq!(site.hits("/p/a"), 1);
    let state = ingestor.store().feed_state(&format!("{base}/broken.xml")).unwrap().unwrap();
    // A poll under way when the run stopped is not recorded.
    assert!(state.failures as usize == broken || state.failures as usize + 1 == broken, "{state:?}");
    assert!(state.next_poll.unwrap() > state.last_polled.unwrap());
}

/// The two seed articles (one event, two outlets) served as plain-text pages from two feeds: one story.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_articles_from_two_feeds_are_one_story() {
    let Some((aggregated, translated)) = samestory_testkit::seeds() else { return };
    let mut site = Site::default();
    site.files.insert("/s/fox".into(), file("text/plain; charset=utf-8", aggregated.into_bytes()));
    site.files.insert("/s/mt".into(), file("text/plain; charset=utf-8", translated.into_bytes()));
    site.files.insert("/one.xml".into(), file("application/rss+xml", rss(&[("fox", "/s/fox")])));
    site.files.insert("/two.xml".into(), file("application/atom+xml", atom(&[("urn:mt", "/s/mt")])));
    let site = Arc::new(site);
    let base = start(site).await;
    let (_dir, db) = temp_db();
    let feeds = parse_feed_list("feeds.txt", format!("# seeds\n{base}/one.xml\n{base}/two.xml\n").as_bytes())
        .unwrap();
    let (summary, ingestor) = run_once(&db, feeds, config()).await;
    assert_eq!(summary.stored, 2, "{summary:?}");
    assert_eq!(stories(ingestor.store()), [vec!["s/fox".to_string(), "s/mt".into()]]);
}
