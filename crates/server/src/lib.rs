//! samestory's HTTP API: the store behind JSON endpoints, sharing the pipeline with the CLI.
//!
//! | route | what |
//! |---|---|
//! | `GET /healthz` | liveness and counts |
//! | `GET /api/stories?limit=&offset=&outlet=` | stories, newest activity first |
//! | `GET /api/stories/{id}` | one story: summary, side-by-side comparison, articles |
//! | `GET /api/articles/{id}` | one article |
//! | `POST /api/articles` | one JSON article or JSON Lines of them (the ingest schema); returns what was stored, duplicated or rejected |
//!
//! The pipeline ([`Ingestor`]) owns a SQLite connection and in-memory indexes, so requests take turns on it
//! through a mutex, each on a blocking thread; SQLite's WAL mode lets the CLI read the same file meanwhile.
//! Request bodies are limited to [`MAX_BODY_BYTES`]. Binding to loopback is the caller's choice (the CLI
//! defaults to `127.0.0.1:8080`).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let store = samestory_store::Store::open_in_memory().unwrap();
//! let ingestor = samestory_pipeline::Ingestor::open(store, Default::default()).unwrap();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! samestory_server::serve(listener, ingestor).await
//! # }
//! ```
#![deny(missing_docs)]

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samestory_pipeline::{ArticleView, Ingestor, story_view};
use samestory_store::StoryQuery;
use serde::Deserialize;
use serde_json::json;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The most stories one page returns.
pub const MAX_PAGE: usize = 500;

type Shared = Arc<Mutex<Ingestor>>;

/// Serves the API on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, ingestor: Ingestor) -> std::io::Result<()> {
    axum::serve(listener, router(ingestor)).await
}

/// The API's routes over a pipeline.
pub fn router(ingestor: Ingestor) -> Router {
    let state: Shared = Arc::new(Mutex::new(ingestor));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/articles", axum::routing::post(post_articles))
        .route("/api/articles/{id}", get(article))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// An error as the API reports it: a status and `{"error": message}`.
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

fn internal(err: impl std::fmt::Display) -> ApiError {
    tracing::error!(%err, "request failed");
    ApiError(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

/// Runs `f` on the pipeline on a blocking thread.
async fn with_ingestor<T, F>(state: Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Ingestor) -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let mut guard = state.lock().map_err(|_| internal("the pipeline lock is poisoned"))?;
        f(&mut guard)
    })
    .await
    .map_err(internal)?
}

async fn healthz(State(state): State<Shared>) -> Result<Json<serde_json::Value>, ApiError> {
    let (articles, stories) = with_ingestor(state, |i| i.store().counts().map_err(internal)).await?;
    Ok(Json(json!({ "status": "ok", "articles": articles, "stories": stories })))
}

#[derive(Deserialize)]
struct StoriesParams {
    limit: Option<usize>,
    offset: Option<usize>,
    outlet: Option<String>,
}

async fn stories(
    State(state): State<Shared>,
    Query(p): Query<StoriesParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let query = StoryQuery {
        limit: p.limit.unwrap_or(50).min(MAX_PAGE),
        offset: p.offset.unwrap_or(0),
        outlet: p.outlet,
        ..StoryQuery::default()
    };
    let (limit, offset) = (query.limit, query.offset);
    let stories = with_ingestor(state, move |i| i.store().stories(&query).map_err(internal)).await?;
    Ok(Json(json!({ "limit": limit, "offset": offset, "stories": stories })))
}

async fn story(State(state): State<Shared>, Path(id): Path<u64>) -> Result<Response, ApiError> {
    let detail = with_ingestor(state, move |i| i.store().story(id).map_err(internal)).await?;
    match detail {
        Some(detail) => Ok(Json(story_view(&detail)).into_response()),
        None => Err(ApiError(StatusCode::NOT_FOUND, format!("no story {id}"))),
    }
}

async fn article(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let label = id.clone();
    let stored = with_ingestor(state, move |i| i.store().article(&id).map_err(internal)).await?;
    match stored {
        Some(stored) => Ok(Json(ArticleView::from(&stored)).into_response()),
        None => Err(ApiError(StatusCode::NOT_FOUND, format!("no article {label}"))),
    }
}

async fn post_articles(State(state): State<Shared>, body: Bytes) -> Result<Response, ApiError> {
    let docs = samestory_source::read_json_body("request", &body);
    let report = with_ingestor(state, move |i| i.ingest(docs, |_| {}).map_err(internal)).await?;
    let status =
        if report.new + report.duplicate == 0 { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let body = json!({
        "read": report.read,
        "new": report.new,
        "duplicate": report.duplicate,
        "copies": report.copies,
        "stored": report.new_ids,
        "rejected": report.rejected,
    });
    Ok((status, Json(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt;

    fn app() -> Router {
        let store = samestory_store::Store::open_in_memory().unwrap();
        router(Ingestor::open(store, Default::default()).unwrap())
    }

    async fn call(app: &Router, method: &str, uri: &str, body: &str) -> (StatusCode, serde_json::Value) {
        let req = Request::builder().method(method).uri(uri).body(Body::from(body.to_string())).unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = to_bytes(res.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
    }

    const ARTICLE: &str = r#"{"id":"a1","url":"https://one.example/a1","source":"One","title":"Harbour fire","text":"A fire broke out in the harbour of Velm on Sunday night.\n\nFirefighters said nobody was hurt."}"#;

    #[tokio::test]
    async fn ingest_then_read_back() {
        let app = app();
        let (status, body) = call(&app, "POST", "/api/articles", ARTICLE).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["new"], 1);
        assert_eq!(body["stored"][0], "a1");

        let (status, body) = call(&app, "POST", "/api/articles", &format!("{ARTICLE}\nnot json\n")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["duplicate"], 1);
        assert_eq!(body["rejected"][0]["origin"]["line"], 2);

        let (_, health) = call(&app, "GET", "/healthz", "").await;
        assert_eq!(health["articles"], 1);

        let (status, list) = call(&app, "GET", "/api/stories", "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["stories"][0]["headline"], "Harbour fire");
        let id = list["stories"][0]["id"].as_u64().unwrap();

        let (status, story) = call(&app, "GET", &format!("/api/stories/{id}"), "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(story["articles"][0]["id"], "a1");
        assert_eq!(story["comparison"]["outlets"][0]["outlet"], "One");

        let (status, article) = call(&app, "GET", "/api/articles/a1", "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(article["title"], "Harbour fire");
    }

    #[tokio::test]
    async fn unknown_ids_are_404_and_garbage_is_422() {
        let app = app();
        assert_eq!(call(&app, "GET", "/api/stories/99", "").await.0, StatusCode::NOT_FOUND);
        assert_eq!(call(&app, "GET", "/api/stories/x", "").await.0, StatusCode::BAD_REQUEST);
        assert_eq!(call(&app, "GET", "/api/articles/nope", "").await.0, StatusCode::NOT_FOUND);
        let (status, body) = call(&app, "POST", "/api/articles", "{{{").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["rejected"].as_array().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn oversized_bodies_are_refused() {
        let app = app();
        let big = "x".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(call(&app, "POST", "/api/articles", &big).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    }
}
