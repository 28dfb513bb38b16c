//! samestory's feed watcher: `samestory watch FEEDS`.
//!
//! Polls RSS, Atom and JSON feeds, fetches the page of every new item and takes it through the same
//! pipeline as `samestory ingest` (extraction, copy detection, story clustering, the store):
//!
//! * **What to watch** ([`parse_feed_list`]): a file of feed URLs, one per line with `#` comments, or an OPML
//!   subscription list, told apart by content.
//! * **When** ([`schedule`]): each feed on its own timer, the interval it asks for (RSS `ttl`,
//!   `sy:updatePeriod`/`sy:updateFrequency`) or the default, within bounds; after a failed poll (an error
//!   status, a timeout, a body that is no feed) an exponential backoff with jitter, capped, or the server's
//!   `Retry-After`.
//! * **How** ([`http`]): conditional GET (`If-None-Match` / `If-Modified-Since` from the stored `ETag` and
//!   `Last-Modified`; 304 costs nothing), connect and total timeouts, at most a few redirects, bodies read in
//!   chunks and abandoned past a size limit, a User-Agent naming samestory, its version and repository.
//! * **Once per item**: every item is keyed by its GUID (else its link) in its feed and recorded in the store
//!   (`seen_items`, with the feed's validators and failures in `feed_state`), so neither a later poll nor a
//!   restart fetches its page again; a page already stored (another feed linked it) is not fetched either.
//!   A page that fails for a reason that may pass (timeout, server error) is tried again at later polls, up
//!   to [`WatchConfig::max_attempts`]; one that cannot work (404, too large, endless redirects, no article
//!   in it) is recorded as finished.
//! * **Concurrency**: a tokio task per feed, at most [`WatchConfig::concurrency`] page fetches in flight,
//!   and one writer thread owning the [`Ingestor`]: it takes the fetched pages in batches, one transaction
//!   each, and is the only one touching the store. The feed item's title and date become hints for the
//!   article when the page has none; the URL the page was fetched from is the article's URL (as a WARC
//!   record's target URI is for `ingest`).
//! * **Stopping**: the future given to [`Watcher::run`] ends the run (the CLI's Ctrl-C / SIGTERM): no new
//!   polls or fetches start, fetches under way are dropped (their items stay unfinished, so they are fetched
//!   at the next start), and what was fetched is written before `run` returns. With
//!   [`WatchConfig::once`], every feed is polled once and `run` returns when all its new items are stored.
//!
//! What it does not do: crawl beyond the items' links, run JavaScript, or obey `robots.txt` (a feed is an
//! invitation to fetch the pages it lists).
#![deny(missing_docs)]

mod feeds;
pub mod http;
pub mod schedule;
mod watcher;

use std::time::Duration;

pub use feeds::{FeedItem, ParsedFeed, parse_feed, parse_feed_list};
pub use samestory_pipeline::Ingestor;
pub use watcher::{Summary, Watcher};

/// The watcher's failures. Failures of single feeds and pages are not errors: they are logged, counted in
/// the [`Summary`] and retried.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The feed list cannot be used.
    #[error("{list}: {reason}")]
    FeedList {
        /// The list (and line) at fault.
        list: String,
        /// What is wrong.
        reason: String,
    },
    /// The HTTP client cannot be set up.
    #[error("cannot set up the http client: {0}")]
    Client(String),
    /// A setting is out of range.
    #[error("invalid setting: {0}")]
    Config(String),
    /// The pipeline or the store failed; the batches written before stay.
    #[error(transparent)]
    Pipeline(#[from] samestory_pipeline::PipelineError),
    /// The store failed while recording feeds or items.
    #[error(transparent)]
    Store(#[from] samestory_store::StoreError),
    /// The writer thread died (a bug).
    #[error("the writer stopped unexpectedly: {0}")]
    Writer(String),
}

/// The watcher's settings.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// The polling interval of feeds that ask for none.
    pub default_interval: Duration,
    /// The shortest interval, whatever a feed asks for.
    pub min_interval: Duration,
    /// The longest interval, whatever a feed asks for.
    pub max_interval: Duration,
    /// The wait after a first failed poll; it doubles with each further failure.
    pub backoff_base: Duration,
    /// The longest wait after failures.
    pub backoff_cap: Duration,
    /// How long a connection may take to open.
    pub connect_timeout: Duration,
    /// How long a whole request may take, body included.
    pub timeout: Duration,
    /// The largest feed read, in bytes.
    pub max_feed_bytes: usize,
    /// The largest page read, in bytes.
    pub max_page_bytes: usize,
    /// The most redirects followed per request.
    pub max_redirects: usize,
    /// The most page fetches in flight.
    pub concurrency: usize,
    /// How many times an item's page is tried before it is given up.
    pub max_attempts: u32,
    /// The most pages written in one transaction.
    pub batch_size: usize,
    /// Poll every feed once, store what is new, and stop.
    pub once: bool,
}

impl Default for WatchConfig {
    fn default() -> WatchConfig {
        WatchConfig {
            default_interval: Duration::from_secs(15 * 60),
            min_interval: Duration::from_secs(60),
            max_interval: Duration::from_secs(24 * 3600),
            backoff_base: Duration::from_secs(60),
            backoff_cap: Duration::from_secs(6 * 3600),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_feed_bytes: 16 << 20,
            max_page_bytes: 16 << 20,
            max_redirects: 5,
            concurrency: 8,
            max_attempts: 3,
            batch_size: 64,
            once: false,
        }
    }
}

impl WatchConfig {
    /// Checks that the settings make sense together.
    pub fn validate(&self) -> Result<(), WatchError> {
        let bad = |what: &str| Err(WatchError::Config(what.to_string()));
        if self.concurrency == 0 {
            return bad("the concurrency must be at least 1");
        }
        if self.max_attempts == 0 {
            return bad("the maximum number of attempts must be at least 1");
        }
        if self.batch_size == 0 {
            return bad("the batch size must be at least 1");
        }
        if self.min_interval.is_zero() || self.min_interval > self.max_interval {
            return bad("the minimum interval must be positive and at most the maximum interval");
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return bad("timeouts must be positive");
        }
        if self.backoff_base.is_zero() || self.backoff_cap < self.backoff_base {
            return bad("the backoff base must be positive and at most the backoff cap");
        }
        Ok(())
    }
}
