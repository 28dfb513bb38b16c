//! The JSON endpoints.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use samestory_pipeline::{ArticleView, IngestReport, load_story_view};
use samestory_source::{Limits, RawDocument, Rejection};
use samestory_store::{Store, StoryQuery};
use serde::Serialize;
use serde_json::json;

use crate::cache::Refresh;
use crate::error::ApiError;
use crate::{AppState, MAX_BODY_BYTES, MAX_HITS, MAX_PAGE, WriteAccess};

/// The OpenAPI description of the API, written by hand and checked against real answers in the tests.
pub(crate) const OPENAPI: &str = include_str!("openapi.json");

/// The longest text parameter (a query, an outlet name) taken, in bytes.
const MAX_PARAM_BYTES: usize = 1000;

/// The default page of stories.
const DEFAULT_PAGE: usize = 50;

/// The default page of search hits.
const DEFAULT_HITS: usize = 20;

/// The query string, checked: only known names, each at most once, none too long.
struct Params(Vec<(String, String)>);

impl Params {
    fn new(
        query: Result<Query<Vec<(String, String)>>, QueryRejection>,
        known: &[&str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) =
            query.map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))?;
        for (i, (name, value)) in pairs.iter().enumerate() {
            if !known.contains(&name.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {name:?}; this endpoint takes {}",
                    known.join(", ")
                )));
            }
            if pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(ApiError::bad_request(format!("parameter {name:?} is given twice")));
            }
            if value.len() > MAX_PARAM_BYTES {
                return Err(ApiError::bad_request(format!(
                    "parameter {name:?} is {} bytes long, more than {MAX_PARAM_BYTES}",
                    value.len()
                )));
            }
        }
        Ok(Params(pairs))
    }

    /// A text parameter; blank counts as absent.
    fn text(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .map(String::from)
    }

    /// A whole number, `default` when absent, at most `max` (larger values are lowered to it).
    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.text(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u64>()
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX).min(max))
                .map_err(|_| ApiError::bad_request(format!("{name} must be a whole number, not {v:?}"))),
        }
    }

    /// A time: RFC 3339 (`2026-02-09T10:00:00Z`) or a day (`2026-02-09`, its start in UTC).
    fn time(&self, name: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
        let Some(v) = self.text(name) else { return Ok(None) };
        if let Ok(t) = DateTime::parse_from_rfc3339(&v) {
            return Ok(Some(t.with_timezone(&Utc)));
        }
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| Some(t.and_utc()))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{name} must be an RFC 3339 time or a YYYY-MM-DD day, not {v:?}"
                ))
            })
    }
}

/// A JSON answer from already serialized bytes.
fn json_bytes(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

fn to_json<T: Serialize>(value: &T) -> Result<Bytes, ApiError> {
    serde_json::to_vec(value).map(Bytes::from).map_err(ApiError::internal)
}

/// The answer for `key`: from the cache when the store has not changed since it was computed (or is
/// being computed by another request), else computed by `f` on a read connection (`f` is kept to
/// refresh the answer ahead after writes, see [`crate::cache`]).
async fn cached<F>(state: &Arc<AppState>, key: String, f: F) -> Result<Response, ApiError>
where
    F: Fn(&Store) -> Result<Bytes, ApiError> + Send + Sync + 'static,
{
    let body = match &state.cache {
        Some(cache) => {
            let f: Refresh = Arc::new(f);
            let compute = Arc::clone(&f);
            let read = state.read(move |store| compute(store));
            cache.get_or_compute(&key, state.generation(), read, Some(f)).await?
        }
        None => state.read(f).await?,
    };
    Ok(json_bytes(body))
}

/// `GET /healthz`.
pub(crate) async fn healthz(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let (articles, stories) = state.read(|store| store.counts().map_err(ApiError::internal)).await?;
    let writes = match (&state.access, state.writer_failed.lock().map(|f| f.is_some()).unwrap_or(true)) {
        (_, true) => "failed",
        (WriteAccess::Open, _) => "open",
        (WriteAccess::Token(_), _) => "token",
        (WriteAccess::Disabled, _) => "disabled",
    };
    let (hits, misses) = state.cache.as_ref().map_or((0, 0), |c| c.stats());
    let body = json!({
        "status": "ok",
        "articles": articles,
        "stories": stories,
        "generation": state.generation(),
        "writes": writes,
        "cache": { "enabled": state.cache.is_some(), "hits": hits, "misses": misses },
    });
    Ok(axum::Json(body).into_response())
}

/// `GET /api/openapi.json`.
pub(crate) async fn openapi() -> Response {
    json_bytes(Bytes::from_static(OPENAPI.as_bytes()))
}

/// `GET /api/stories`.
pub(crate) async fn stories(
    State(state): State<Arc<AppState>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = Params::new(query, &["limit", "offset", "outlet", "since", "until", "text", "q"])?;
    let limit = p.number("limit", DEFAULT_PAGE, MAX_PAGE)?;
    let offset = p.number("offset", 0, usize::MAX)?;
    let query = StoryQuery {
        // One more than asked, to tell whether there is a next page.
        limit: limit + 1,
        offset,
        since: p.time("since")?,
        until: p.time("until")?,
        outlet: p.text("outlet"),
        text: p.text("text"),
        matching: p.text("q"),
    };
    let key = format!("stories {query:?}");
    cached(&state, key, move |store| {
        let mut stories = store.stories(&query).map_err(ApiError::internal)?;
        let more = stories.len() > limit;
        stories.truncate(limit);
        to_json(&json!({ "limit": limit, "offset": offset, "more": more, "stories": stories }))
    })
    .await
}

/// A story id from the path: a whole number from 1.
fn story_id(raw: &str) -> Result<u64, ApiError> {
    raw.parse::<u64>()
        .ok()
        .filter(|&id| id >= 1 && i64::try_from(id).is_ok())
        .ok_or_else(|| ApiError::bad_request(format!("a story id is a whole number from 1, not {raw:?}")))
}

/// `GET /api/stories/{id}`.
pub(crate) async fn story(
    State(state): State<Arc<AppState>>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = story_id(&raw)?;
    cached(&state, format!("story {id}"), move |store| {
        match load_story_view(store, id).map_err(ApiError::internal)? {
            Some(view) => to_json(&view),
            None => Err(ApiError::not_found(format!("no story {id}"))),
        }
    })
    .await
}

/// `GET /api/articles/{id}`.
pub(crate) async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    cached(&state, format!("article {id}"), move |store| {
        match store.article(&id).map_err(ApiError::internal)? {
            Some(stored) => to_json(&ArticleView::from(&stored)),
            None => Err(ApiError::not_found(format!("no article {id:?}"))),
        }
    })
    .await
}

/// `GET /api/search`.
pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = Params::new(query, &["q", "limit", "offset"])?;
    let q = p.text("q").ok_or_else(|| ApiError::bad_request("q is required: the words to search for"))?;
    let limit = p.number("limit", DEFAULT_HITS, MAX_HITS)?;
    let offset = p.number("offset", 0, usize::MAX)?;
    let key = format!("search {limit} {offset} {q}");
    cached(&state, key, move |store| {
        let mut hits = store.search(&q, limit + 1, offset).map_err(ApiError::internal)?;
        let more = hits.len() > limit;
        hits.truncate(limit);
        to_json(&json!({ "query": q, "limit": limit, "offset": offset, "more": more, "hits": hits }))
    })
    .await
}

/// Request parameters that describe a single text or HTML document in the body (JSON carries its own).
const HINTS: [&str; 6] = ["url", "id", "source", "title", "published", "lang"];

/// `POST /api/articles`: the body in any input format, the format found by content (JSON when the
/// content type says so). `name` labels the body in origins (its extension breaks format ties); `url`,
/// `id`, `source`, `title`, `published` and `lang` describe a body that is one text or HTML document.
pub(crate) async fn post_articles(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let mut known = vec!["name"];
    known.extend(HINTS);
    let p = Params::new(query, &known)?;
    let body = body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, format!("the request body is larger than {MAX_BODY_BYTES} bytes"))
        } else {
            ApiError::new(status, format!("cannot read the request body: {}", e.body_text()))
        }
    })?;
    if let Some(failed) =
        state.writer_failed.lock().map_err(|_| ApiError::internal("poisoned lock"))?.as_ref()
    {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("writes are stopped after an earlier failure ({failed}); restart the server"),
        ));
    }
    let Ok(_slot) = state.write_slots.try_acquire() else {
        let mut res =
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "too many writes are waiting; try again")
                .into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return Ok(res);
    };
    let name = label(p.text("name").as_deref());
    let json = is_json_body(&headers, &body);
    let hints: Vec<(&str, String)> = HINTS.iter().filter_map(|h| p.text(h).map(|v| (*h, v))).collect();
    if json && !hints.is_empty() {
        return Err(ApiError::bad_request(format!(
            "parameter {} describes a text or HTML body; JSON articles carry their own fields",
            hints[0].0
        )));
    }
    let docs =
        tokio::task::spawn_blocking(move || read_body(&name, body, json)).await.map_err(ApiError::joined)?;
    let docs = with_hints(docs, &hints)?;

    let writer = Arc::clone(&state.writer).lock_owned().await;
    let job_state = Arc::clone(&state);
    let report = tokio::task::spawn_blocking(move || {
        let mut ingestor = writer;
        let report = ingestor.ingest(docs, |_| {})?;
        if report.new > 0 {
            if job_state.reads.pooled() {
                // The next write may start while this one refreshes the cache and is answered.
                drop(ingestor);
                job_state.written();
            } else {
                let counts = ingestor.store().counts().ok();
                job_state.changed(counts);
            }
        }
        Ok::<IngestReport, samestory_pipeline::PipelineError>(report)
    })
    .await;
    let report = match report {
        Ok(Ok(report)) => report,
        Ok(Err(err)) => return Err(writer_failed(&state, err.to_string())),
        Err(err) => return Err(writer_failed(&state, format!("the ingest panicked: {err}"))),
    };
    let status =
        if report.new + report.duplicate == 0 { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let body = json!({
        "read": report.read,
        "new": report.new,
        "duplicate": report.duplicate,
        "copies": report.copies,
        "stored": report.new_ids,
        "rejected": report.rejected,
        "merges": report.merges,
    });
    Ok((status, axum::Json(body)).into_response())
}

/// Stops further writes after a failure inside the pipeline (its in-memory state may be ahead of the
/// store) and reports it.
fn writer_failed(state: &AppState, message: String) -> ApiError {
    if let Ok(mut failed) = state.writer_failed.lock() {
        failed.get_or_insert_with(|| message.clone());
    }
    // Whatever was committed before the failure is visible now.
    state.changed(None);
    ApiError::internal(format!("cannot ingest: {message}"))
}

/// The origin label of a request body: the last path component of `name`, of safe characters only.
fn label(name: Option<&str>) -> String {
    let base = name.and_then(|n| n.rsplit(['/', '\\']).next()).unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect();
    let clean = clean.trim_start_matches('.');
    if clean.is_empty() { "request".to_string() } else { format!("request:{clean}") }
}

/// Whether the body is JSON: the content type says so, or there is none and the body starts like JSON.
fn is_json_body(headers: &HeaderMap, body: &[u8]) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match content_type.as_deref() {
        None | Some("") => {
            let start = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body).trim_ascii_start();
            start.starts_with(b"{") || start.starts_with(b"[")
        }
        Some(t) => {
            matches!(
                t,
                "application/json" | "application/x-ndjson" | "application/jsonl" | "application/jsonlines"
            ) || t.ends_with("+json")
        }
    }
}

/// Every document of a request body.
fn read_body(label: &str, body: Bytes, json: bool) -> Vec<Result<RawDocument, Rejection>> {
    if json {
        return samestory_source::read_json_body(label, &body);
    }
    let limits = Limits { max_document_bytes: MAX_BODY_BYTES * 4, max_line_bytes: MAX_BODY_BYTES };
    samestory_source::read_stream(label, std::io::Cursor::new(body), limits).collect()
}

/// Applies request-parameter hints to the one document of a text or HTML body.
fn with_hints(
    mut docs: Vec<Result<RawDocument, Rejection>>,
    hints: &[(&str, String)],
) -> Result<Vec<Result<RawDocument, Rejection>>, ApiError> {
    if hints.is_empty() {
        return Ok(docs);
    }
    if docs.len() != 1 {
        return Err(ApiError::bad_request(format!(
            "parameter {} describes one document, but the body holds {}",
            hints[0].0,
            docs.len()
        )));
    }
    if let Some(Ok(doc)) = docs.first_mut() {
        for (name, value) in hints {
            let slot = match *name {
                "url" => &mut doc.hints.url,
                "id" => &mut doc.hints.id,
                "source" => &mut doc.hints.outlet,
                "title" => &mut doc.hints.title,
                "published" => &mut doc.hints.published,
                _ => &mut doc.hints.lang,
            };
            *slot = Some(value.clone());
        }
    }
    Ok(docs)
}

/// Any route not served: 404 (405 for a known path with another method is axum's, made JSON).
pub(crate) async fn no_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_safe_names() {
        assert_eq!(label(None), "request");
        assert_eq!(label(Some("seeds/000_a.txt")), "request:000_a.txt");
        assert_eq!(label(Some("..\\..\\x<script>.html")), "request:xscript.html");
        assert_eq!(label(Some("...")), "request");
    }

    #[test]
    fn json_bodies_are_recognized() {
        let mut h = HeaderMap::new();
        assert!(is_json_body(&h, b" {\"text\": 1}"));
        assert!(is_json_body(&h, b"\xEF\xBB\xBF[1]"));
        assert!(!is_json_body(&h, b"<html>"));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson; charset=utf-8"));
        assert!(is_json_body(&h, b"<html>"));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        assert!(!is_json_body(&h, b"{"));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/ld+json"));
        assert!(is_json_body(&h, b""));
    }

    #[test]
    fn story_ids_are_positive_numbers() {
        assert_eq!(story_id("7").unwrap(), 7);
        for bad in ["0", "-1", "x", "", "9223372036854775808", "1.5"] {
            assert_eq!(story_id(bad).unwrap_err().status, StatusCode::BAD_REQUEST, "{bad}");
        }
    }
}
