//! The web page: one HTML page, its script and style sheet, embedded in the binary.
//!
//! The page is plain HTML, CSS and JavaScript with no framework and no build step: `index.html` is the
//! frame, `app.js` renders the story list, a story's side-by-side comparison, search results and live
//! updates from the JSON API, always through `textContent` and `createElement` (never HTML strings), so
//! article content cannot become markup.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

const INDEX_HTML: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const APP_CSS: &str = include_str!("../web/app.css");
const FAVICON_SVG: &str = include_str!("../web/favicon.svg");

fn asset_response(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// `GET /`.
pub(crate) async fn index() -> Response {
    asset_response("text/html; charset=utf-8", INDEX_HTML)
}

/// `GET /favicon.ico` (an SVG; browsers ask for it whatever the page declares).
pub(crate) async fn favicon() -> Response {
    asset_response("image/svg+xml", FAVICON_SVG)
}

/// `GET /assets/{file}`.
pub(crate) async fn asset(Path(file): Path<String>) -> Result<Response, ApiError> {
    match file.as_str() {
        "app.js" => Ok(asset_response("text/javascript; charset=utf-8", APP_JS)),
        "app.css" => Ok(asset_response("text/css; charset=utf-8", APP_CSS)),
        "favicon.svg" => Ok(asset_response("image/svg+xml", FAVICON_SVG)),
        _ => Err(ApiError::not_found(format!("no asset {file:?}"))),
    }
}
