//! Router tests without a socket (the tests in `tests/` drive the real server on a loopback port).

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use proptest::prelude::*;
use tower::ServiceExt;

use super::*;

fn app_with(options: ServerOptions) -> Router {
    let store = Store::open_in_memory().unwrap();
    router(Ingestor::open(store, Default::default()).unwrap(), options)
}

fn app() -> Router {
    app_with(ServerOptions::default())
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: serde_json::Value,
}

async fn call_with(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    Reply { status, headers, json: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null) }
}

async fn call(app: &Router, method: &str, uri: &str, body: &str) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::from(body.to_string()))
        .unwrap();
    call_with(app, req).await
}

const ARTICLE: &str = r#"{"id":"a1","url":"https://one.example/a1","source":"One","title":"Harbour fire","text":"A fire broke out in the harbour of Velm on Sunday night.\n\nFirefighters said nobody was hurt."}"#;

#[tokio::test]
async fn ingest_then_read_back() {
    let app = app();
    let r = call(&app, "POST", "/api/articles", ARTICLE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["new"], 1);
    assert_eq!(r.json["stored"][0], "a1");

    let r = call(&app, "POST", "/api/articles", &format!("{ARTICLE}\nnot json\n")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["duplicate"], 1);
    assert_eq!(r.json["rejected"][0]["origin"]["line"], 2);

    let health = call(&app, "GET", "/healthz", "").await.json;
    assert_eq!((health["articles"].as_u64(), health["writes"].as_str()), (Some(1), Some("open")));

    let list = call(&app, "GET", "/api/stories", "").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json["stories"][0]["headline"], "Harbour fire");
    assert_eq!(list.json["more"], false);
    let id = list.json["stories"][0]["id"].as_u64().unwrap();

    let story = call(&app, "GET", &format!("/api/stories/{id}"), "").await;
    assert_eq!(story.status, StatusCode::OK);
    assert_eq!(story.json["articles"][0]["id"], "a1");
    assert_eq!(story.json["comparison"]["outlets"][0]["outlet"], "One");

    let article = call(&app, "GET", "/api/articles/a1", "").await;
    assert_eq!(article.status, StatusCode::OK);
    assert_eq!(article.json["title"], "Harbour fire");

    let found = call(&app, "GET", "/api/search?q=firefighters", "").await;
    assert_eq!(found.json["hits"][0]["id"], "a1", "{}", found.json);
    let stories = call(&app, "GET", "/api/stories?q=harbour+velm", "").await;
    assert_eq!(stories.json["stories"][0]["id"], id);
    assert!(
        call(&app, "GET", "/api/stories?q=volcano", "").await.json["stories"].as_array().unwrap().is_empty()
    );
}

#[tokio::test]
async fn text_and_html_bodies_are_read_by_content_with_hints() {
    let app = app();
    let text = "Rain fell on the valley of Orm for a third day on Tuesday, and the river rose above its banks.\n\n\
                Officials said two bridges were closed.";
    let r = call(
        &app,
        "POST",
        "/api/articles?name=rain.txt&source=Orm%20Post&url=https://orm.example/rain",
        text,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let id = r.json["stored"][0].as_str().unwrap().to_string();
    let article = call(&app, "GET", &format!("/api/articles/{id}"), "").await.json;
    assert_eq!(article["outlet"], "Orm Post");
    assert_eq!(article["url"], "https://orm.example/rain");
    assert_eq!(article["origin"]["source"], "request:rain.txt");

    let html = "<html><head><title>Snow in Orm</title></head><body><article><p>Snow closed the pass above Orm on \
                Wednesday morning, stranding forty lorries for most of the day.</p><p>The road reopened at \
                dusk after ploughs cleared it, the police said.</p></article></body></html>";
    let req = Request::builder()
        .method("POST")
        .uri("/api/articles")
        .header(header::CONTENT_TYPE, "text/html")
        .body(Body::from(html))
        .unwrap();
    let r = call_with(&app, req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);

    let r = call(&app, "POST", "/api/articles?title=x", ARTICLE).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "hints do not apply to JSON");
    let r = call(&app, "POST", "/api/articles?bogus=1", text).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json["error"].as_str().unwrap().contains("unknown parameter \"bogus\""));
}

#[tokio::test]
async fn client_errors_are_json_4xx() {
    let app = app();
    let cases = [
        ("GET", "/api/stories/99", StatusCode::NOT_FOUND),
        ("GET", "/api/stories/x", StatusCode::BAD_REQUEST),
        ("GET", "/api/stories/0", StatusCode::BAD_REQUEST),
        ("GET", "/api/articles/nope", StatusCode::NOT_FOUND),
        ("GET", "/api/stories?limit=lots", StatusCode::BAD_REQUEST),
        ("GET", "/api/stories?since=yesterday", StatusCode::BAD_REQUEST),
        ("GET", "/api/stories?limit=1&limit=2", StatusCode::BAD_REQUEST),
        ("GET", "/api/search", StatusCode::BAD_REQUEST),
        ("GET", "/api/search?q=%20", StatusCode::BAD_REQUEST),
        ("GET", "/api/nothing", StatusCode::NOT_FOUND),
        ("GET", "/assets/secret.txt", StatusCode::NOT_FOUND),
        ("DELETE", "/api/stories/1", StatusCode::METHOD_NOT_ALLOWED),
        ("POST", "/api/stories", StatusCode::METHOD_NOT_ALLOWED),
        ("POST", "/api/articles", StatusCode::UNPROCESSABLE_ENTITY),
    ];
    for (method, uri, want) in cases {
        let r = call(&app, method, uri, if uri == "/api/articles" { "{{{" } else { "" }).await;
        assert_eq!(r.status, want, "{method} {uri}: {}", r.json);
        if want != StatusCode::UNPROCESSABLE_ENTITY {
            let message = r.json["error"].as_str().unwrap_or_else(|| panic!("{method} {uri}: {}", r.json));
            assert!(!message.is_empty() && !message.starts_with(char::is_uppercase), "{message}");
        }
    }
    let long = format!("/api/stories?q={}", "a".repeat(MAX_URI_BYTES));
    assert_eq!(call(&app, "GET", &long, "").await.status, StatusCode::URI_TOO_LONG);
    let q = format!("/api/search?q={}", "a".repeat(1001));
    assert_eq!(call(&app, "GET", &q, "").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = app();
    let big = "x".repeat(MAX_BODY_BYTES + 1);
    let r = call(&app, "POST", "/api/articles", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.json["error"].as_str().unwrap().contains("larger than"), "{}", r.json);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app();
    for uri in ["/", "/assets/app.js", "/api/stories", "/api/nothing", "/healthz"] {
        let r = call(&app, "GET", uri, "").await;
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{uri}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{uri}");
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(r.headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn loopback_servers_answer_loopback_hosts_only() {
    let app = app();
    for host in ["localhost:8080", "127.0.0.1", "[::1]:8080", "app.localhost"] {
        let req = Request::builder().uri("/healthz").header(header::HOST, host).body(Body::empty()).unwrap();
        assert_eq!(call_with(&app, req).await.status, StatusCode::OK, "{host}");
    }
    for host in ["evil.example", "evil.example:8080", "192.168.1.5", "localhost.evil.example"] {
        let req = Request::builder().uri("/healthz").header(header::HOST, host).body(Body::empty()).unwrap();
        assert_eq!(call_with(&app, req).await.status, StatusCode::FORBIDDEN, "{host}");
    }
    let open =
        app_with(ServerOptions { loopback: false, token: Some("t0k3n-t0k3n-t0k3n".into()), cache: true });
    let req =
        Request::builder().uri("/healthz").header(header::HOST, "news.example").body(Body::empty()).unwrap();
    assert_eq!(call_with(&open, req).await.status, StatusCode::OK);
}

#[tokio::test]
async fn writes_from_other_sites_are_refused() {
    let app = app();
    let post = |origin: &'static str| {
        Request::builder()
            .method("POST")
            .uri("/api/articles")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, origin)
            .body(Body::from(ARTICLE))
            .unwrap()
    };
    let r = call_with(&app, post("https://evil.example")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.json["error"].as_str().unwrap().contains("another site"));
    assert_eq!(call_with(&app, post("http://127.0.0.1:8080")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn tokens_guard_writes() {
    let token = "s3cret-s3cret-s3cret";
    for loopback in [true, false] {
        let app = app_with(ServerOptions { token: Some(token.into()), loopback, cache: true });
        let post = |auth: Option<String>| {
            let mut b =
                Request::builder().method("POST").uri("/api/articles").header(header::HOST, "127.0.0.1");
            if let Some(auth) = auth {
                b = b.header(header::AUTHORIZATION, auth);
            }
            b.body(Body::from(ARTICLE)).unwrap()
        };
        let r = call_with(&app, post(None)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.headers[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(call_with(&app, post(Some("Bearer wrong".into()))).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            call_with(&app, post(Some(format!("Bearer {token}x")))).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(call_with(&app, post(Some(format!("Bearer {token}")))).await.status, StatusCode::OK);
        assert_eq!(call(&app, "GET", "/api/stories", "").await.status, StatusCode::OK, "reads need no token");
    }
    let disabled = app_with(ServerOptions { token: None, loopback: false, cache: true });
    let r = call(&disabled, "POST", "/api/articles", ARTICLE).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.json["error"].as_str().unwrap().contains("--token"));
    assert_eq!(call(&disabled, "GET", "/healthz", "").await.json["writes"], "disabled");
}

#[tokio::test]
async fn the_cache_never_serves_a_stale_answer() {
    let app = app();
    assert!(call(&app, "GET", "/api/stories", "").await.json["stories"].as_array().unwrap().is_empty());
    assert!(call(&app, "GET", "/api/stories", "").await.json["stories"].as_array().unwrap().is_empty());
    call(&app, "POST", "/api/articles", ARTICLE).await;
    let after = call(&app, "GET", "/api/stories", "").await.json;
    assert_eq!(after["stories"].as_array().unwrap().len(), 1, "a write expires cached answers");
    let health = call(&app, "GET", "/healthz", "").await.json;
    assert!(health["cache"]["hits"].as_u64().unwrap() >= 1, "{health}");

    let uncached = app_with(ServerOptions { cache: false, ..ServerOptions::default() });
    call(&uncached, "GET", "/api/stories", "").await;
    assert_eq!(call(&uncached, "GET", "/healthz", "").await.json["cache"]["enabled"], false);
}

#[test]
fn the_page_never_parses_html_strings() {
    let js = include_str!("../web/app.js");
    for sink in
        ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc"]
    {
        let code_lines = js.lines().filter(|l| !l.trim_start().starts_with("//"));
        assert!(code_lines.clone().all(|l| !l.contains(sink)), "app.js uses {sink}");
    }
    let html = include_str!("../web/index.html");
    assert!(!html.contains("<script>") && !html.contains("style="), "no inline script or style");
}

#[test]
fn the_openapi_document_is_json_and_names_every_route() {
    let doc: serde_json::Value = serde_json::from_str(api::OPENAPI).unwrap();
    for path in [
        "/healthz",
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles",
        "/api/articles/{id}",
        "/api/search",
        "/api/events",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// No request, however odd, makes the server fail: it answers 2xx or 4xx, and errors are JSON.
    #[test]
    fn odd_requests_get_client_errors_not_server_errors(
        path in prop::sample::select(vec!["/api/stories", "/api/stories/", "/api/articles/", "/api/search", "/healthz", "/api/articles"]),
        tail in "[a-zA-Z0-9%._~-]{0,12}",
        query in "[a-z=&%0-9+*\"():-]{0,30}",
        method in prop::sample::select(vec!["GET", "POST", "PUT", "HEAD"]),
        body in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let uri = format!("{path}{tail}?{query}");
        let Ok(req) = Request::builder().method(method).uri(&uri).header(header::HOST, "localhost").body(Body::from(body)) else {
            return Ok(());
        };
        let r = runtime.block_on(async { call_with(&app(), req).await });
        prop_assert!(!r.status.is_server_error(), "{method} {uri}: {} {}", r.status, r.json);
        if r.status.is_client_error() && method != "HEAD" {
            prop_assert!(r.json["error"].is_string(), "{method} {uri}: {} {}", r.status, r.json);
        }
    }
}

/// A commit by another process before the store watcher's first look (a slow start) is still announced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watcher_announces_a_commit_made_before_its_first_look() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let state = Arc::new(AppState::new(
        Ingestor::open(Store::open(&db).unwrap(), Default::default()).unwrap(),
        &ServerOptions::default(),
    ));
    assert_eq!(state.changes.current().articles, 0);
    let mut other = Store::open(&db).unwrap();
    let mut a =
        samestory_model::Article::from_paragraphs(vec!["A ferry ran aground off Tarn on Monday.".into()]);
    a.id = "outside".into();
    let origin = samestory_model::Origin::file("cli.txt");
    other.insert_batch(&[samestory_store::NewArticle { article: a, origin, story: 7, copy: None }]).unwrap();
    let watcher = tokio::spawn(events::watch_store(Arc::clone(&state)));
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while state.changes.current().articles != 1 {
        assert!(tokio::time::Instant::now() < deadline, "the outside commit was never announced");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(state.changes.current().stories, 1);
    watcher.abort();
}
