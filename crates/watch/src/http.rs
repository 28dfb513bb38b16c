//! HTTP for the watcher: one client with a User-Agent naming samestory, connect and total timeouts, a
//! bounded number of redirects, conditional GET and bodies read in chunks up to a size limit.

use std::time::Duration;

use reqwest::header::{
    ACCEPT, CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    RETRY_AFTER,
};
use reqwest::{Client, StatusCode};

use crate::WatchError;
use crate::schedule::parse_retry_after;

/// What samestory says it is: `samestory/VERSION (+REPOSITORY)`.
pub const USER_AGENT: &str =
    concat!("samestory/", env!("CARGO_PKG_VERSION"), " (+", env!("CARGO_PKG_REPOSITORY"), ")");

/// What a feed request accepts.
const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
/// What a page request accepts.
const PAGE_ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1";

/// The validators of an earlier answer, sent back so an unchanged resource answers 304.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// `ETag`, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// `Last-Modified`, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A full answer.
#[derive(Debug, Clone)]
pub struct Body {
    /// The bytes, at most the limit.
    pub bytes: Vec<u8>,
    /// The URL after redirects.
    pub final_url: String,
    /// `Content-Type`, when given.
    pub content_type: Option<String>,
    /// The validators to send next time.
    pub validators: Validators,
}

/// The answer to a (conditional) GET.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: unchanged since the validators sent.
    NotModified,
    /// 2xx with its body.
    Body(Body),
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The connect or total timeout passed.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// No connection (refused, unreachable, DNS).
    #[error("cannot connect: {0}")]
    Connect(String),
    /// A status other than 2xx or 304.
    #[error("http status {status}")]
    Status {
        /// The status code.
        status: u16,
        /// The server's `Retry-After`, when given with a 429 or 503.
        retry_after: Option<Duration>,
    },
    /// The body (or its announced length) is above the limit; reading stopped there.
    #[error("response larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The redirect chain is longer than allowed (or loops).
    #[error("more than {limit} redirects")]
    TooManyRedirects {
        /// The most redirects followed.
        limit: usize,
    },
    /// Anything else on the way (a broken connection mid-body, an invalid response).
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// Whether trying again later may succeed: timeouts, connection problems, 5xx, 408 and 429.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout(_) | FetchError::Connect(_) | FetchError::Other(_) => true,
            FetchError::Status { status, .. } => *status >= 500 || *status == 408 || *status == 429,
            FetchError::TooLarge { .. } | FetchError::TooManyRedirects { .. } => false,
        }
    }

    /// The wait the server asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// The client and its limits.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: Client,
    timeout: Duration,
    max_redirects: usize,
}

impl Fetcher {
    /// A client with these timeouts and at most `max_redirects` redirects per request.
    pub fn new(
        connect_timeout: Duration,
        timeout: Duration,
        max_redirects: usize,
    ) -> Result<Fetcher, WatchError> {
        let client = Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(connect_timeout)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::limited(max_redirects))
            .build()
            .map_err(|e| WatchError::Client(e.to_string()))?;
        Ok(Fetcher { client, timeout, max_redirects })
    }

    /// GETs a feed, conditionally on `validators`; at most `limit` bytes.
    pub async fn feed(
        &self,
        url: &str,
        validators: &Validators,
        limit: usize,
    ) -> Result<Fetched, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(FEED_ACCEPT));
        if let Some(v) = validators.etag.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(IF_NONE_MATCH, v);
        }
        if let Some(v) = validators.last_modified.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(IF_MODIFIED_SINCE, v);
        }
        self.get(url, headers, limit).await
    }

    /// GETs a page; at most `limit` bytes.
    pub async fn page(&self, url: &str, limit: usize) -> Result<Body, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(PAGE_ACCEPT));
        match self.get(url, headers, limit).await? {
            Fetched::Body(body) => Ok(body),
            // Only a conditional request may answer 304.
            Fetched::NotModified => Err(FetchError::Status { status: 304, retry_after: None }),
        }
    }

    async fn get(&self, url: &str, headers: HeaderMap, limit: usize) -> Result<Fetched, FetchError> {
        let mut response =
            self.client.get(url).headers(headers).send().await.map_err(|e| self.classify(e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            let retry_after = matches!(status.as_u16(), 429 | 503)
                .then(|| response.headers().get(RETRY_AFTER))
                .flatten()
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            return Err(FetchError::Status { status: status.as_u16(), retry_after });
        }
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(FetchError::TooLarge { limit });
        }
        let header = |name| {
            response.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_string)
        };
        let validators = Validators { etag: header(ETAG), last_modified: header(LAST_MODIFIED) };
        let content_type = header(CONTENT_TYPE);
        let final_url = response.url().to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(e))? {
            if bytes.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body(Body { bytes, final_url, content_type, validators }))
    }

    fn classify(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout(self.timeout)
        } else if e.is_redirect() {
            FetchError::TooManyRedirects { limit: self.max_redirects }
        } else if e.is_connect() {
            FetchError::Connect(error_chain(e))
        } else {
            FetchError::Other(error_chain(e))
        }
    }
}

/// An error and its causes on one line, without the URL reqwest puts in (callers name the URL).
fn error_chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let next = s.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_samestory_its_version_and_repository() {
        assert!(USER_AGENT.starts_with(&format!("samestory/{} (+https://", env!("CARGO_PKG_VERSION"))));
        assert!(USER_AGENT.ends_with(')'));
    }

    #[test]
    fn transient_failures_are_the_ones_worth_retrying() {
        assert!(FetchError::Timeout(Duration::from_secs(1)).is_transient());
        assert!(FetchError::Status { status: 503, retry_after: None }.is_transient());
        assert!(FetchError::Status { status: 429, retry_after: None }.is_transient());
        assert!(!FetchError::Status { status: 404, retry_after: None }.is_transient());
        assert!(!FetchError::TooLarge { limit: 1 }.is_transient());
        assert!(!FetchError::TooManyRedirects { limit: 5 }.is_transient());
    }
}
