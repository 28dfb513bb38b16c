//! Errors as the API reports them: a status and `{"error": message}`, for our own errors and for every
//! error response axum produces by itself (bad path parameters, bodies over the limit, wrong methods).

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A failure of ours: logged, and reported as 500.
    pub fn internal(err: impl std::fmt::Display) -> ApiError {
        tracing::error!(%err, "request failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
    }

    /// A blocking task that did not finish (it panicked).
    pub fn joined(err: tokio::task::JoinError) -> ApiError {
        ApiError::internal(format!("the request's task failed: {err}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

/// The most bytes of a non-JSON error body that are turned into a message.
const MAX_ERROR_BODY: usize = 4096;

/// Rewrites error responses that are not JSON (axum's rejections are plain text, a wrong method has an
/// empty body) as `{"error": message}` with the same status and headers.
pub(crate) async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = match to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => String::new(),
    };
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        lowercase_first(&text)
    };
    let body = serde_json::to_vec(&json!({ "error": message })).unwrap_or_default();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

fn is_json(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// axum's messages start with a capital ("Failed to parse ..."); ours are lowercase.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_lowercase() {
        assert_eq!(lowercase_first("Failed to parse"), "failed to parse");
        assert_eq!(lowercase_first(""), "");
        assert_eq!(lowercase_first("Élan"), "élan");
    }
}
