//! Who may do what, and the headers every response carries.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::{AppState, MAX_URI_BYTES, WriteAccess};

/// The Content-Security-Policy of every response: only this origin's own script, style, images and
/// connections; no plugins, no `<base>`, no framing; Trusted Types with no policy, so no script can assign
/// a string as HTML (`innerHTML` and the like throw).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

/// Adds the security headers to every response, and keeps API answers out of caches.
pub(crate) async fn headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/") || req.uri().path() == "/healthz";
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Refuses what must not reach the handlers: overlong URIs; on a loopback server, requests naming
/// another host (DNS rebinding); writes from another site's page; writes without the token when one is
/// needed.
pub(crate) async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if let Err(err) = check(&state, &req) {
        let mut res = err.into_response();
        if res.status() == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return res;
    }
    next.run(req).await
}

fn check(state: &AppState, req: &Request) -> Result<(), ApiError> {
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("the request uri is {uri_len} bytes, more than {MAX_URI_BYTES}"),
        ));
    }
    let headers = req.headers();
    // Browsers always send Host, so a request without one cannot be a rebound page's.
    let foreign_host = headers.get(header::HOST).filter(|host| {
        state.loopback && !host.to_str().ok().and_then(host_name).is_some_and(is_loopback_name)
    });
    if let Some(host) = foreign_host {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "this server answers requests for localhost only, not for host {}",
                String::from_utf8_lossy(host.as_bytes())
            ),
        ));
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(reason) = cross_site(headers) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("writes from another site are refused: {reason}"),
        ));
    }
    match &state.access {
        WriteAccess::Open => Ok(()),
        WriteAccess::Disabled => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are disabled: the server listens beyond loopback without a token (start it with --token or \
             SAMESTORY_TOKEN)",
        )),
        WriteAccess::Token(expected) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
                .map(str::trim);
            match given {
                Some(given) if same_secret(given.as_bytes(), expected.as_bytes()) => Ok(()),
                Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token")),
                None => Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "writes need the token: send Authorization: Bearer <token>",
                )),
            }
        }
    }
}

/// Why a write request comes from another site's page, if it does: a browser says so in `Sec-Fetch-Site`,
/// or sends an `Origin` that is not this server's host.
fn cross_site(headers: &HeaderMap) -> Option<String> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) =
        site.filter(|s| s.eq_ignore_ascii_case("cross-site") || s.eq_ignore_ascii_case("same-site"))
    {
        return Some(format!("Sec-Fetch-Site is {site}"));
    }
    let origin = headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("(not text)");
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match (authority, host) {
        (Some(authority), Some(host)) if authority.eq_ignore_ascii_case(host) => None,
        _ => Some(format!("origin {origin} is not this server")),
    }
}

/// The host name of a `Host` header value (`name`, `name:port`, `[v6]`, `[v6]:port`).
fn host_name(host: &str) -> Option<&str> {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').map(|(ip, _)| ip);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => Some(name),
        Some(_) => None,
        None => Some(host),
    }
}

/// `localhost`, `*.localhost` (which resolve to loopback), or a loopback IP address.
fn is_loopback_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Compares a given secret with the expected one in time that depends only on their lengths, not on
/// where they differ (the length of the token is not secret).
pub(crate) fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    if given.len() != expected.len() {
        return false;
    }
    let diff = given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert_eq!(host_name("localhost:8080"), Some("localhost"));
        assert_eq!(host_name("127.0.0.1"), Some("127.0.0.1"));
        assert_eq!(host_name("[::1]:80"), Some("::1"));
        assert_eq!(host_name("[::1"), None);
        assert_eq!(host_name("evil.example:x"), None);
        assert!(is_loopback_name("LOCALHOST"));
        assert!(is_loopback_name("app.localhost."));
        assert!(is_loopback_name("127.8.9.1"));
        assert!(is_loopback_name("::1"));
        assert!(!is_loopback_name("evil.example"));
        assert!(!is_loopback_name("localhost.evil.example"));
        assert!(!is_loopback_name("10.0.0.1"));
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cret", b"s3creT"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"", b"x"));
    }

    #[test]
    fn cross_site_writes_are_recognized() {
        let mut h = HeaderMap::new();
        assert_eq!(cross_site(&h), None, "not from a browser page");
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:8080"));
        assert_eq!(cross_site(&h), None, "same origin");
        h.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(cross_site(&h).is_some());
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(cross_site(&h).is_some());
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&h).is_some());
    }
}
