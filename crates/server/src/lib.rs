//! samestory's HTTP API and web page: the store behind JSON endpoints and a browser view, sharing the
//! pipeline with the CLI.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the web page: story list, story comparison, search, live updates (assets embedded) |
//! | `GET /healthz` | liveness, counts, write access |
//! | `GET /api/stories?limit=&offset=&outlet=&since=&until=&text=&q=` | stories, newest activity first |
//! | `GET /api/stories/{id}` | one story: summary, side-by-side comparison, articles |
//! | `GET /api/articles/{id}` | one article |
//! | `POST /api/articles` | articles in any input format (JSON, JSON Lines, text, HTML, WARC, gzip); returns what was stored, duplicated or rejected |
//! | `GET /api/search?q=&limit=&offset=` | full-text search over titles and texts |
//! | `GET /api/events` | server-sent events: one `change` event whenever the store changed |
//! | `GET /api/openapi.json` | the OpenAPI 3.1 description of all of the above |
//!
//! **Reads and writes.** One [`Ingestor`] (the engine's in-memory indexes over the store's write connection)
//! takes the writes, one at a time. Reads never queue behind it: they run on a pool of read-only
//! connections to the same file ([`Store::open_reader`]), which SQLite's WAL mode lets read committed data
//! while a write is in progress. Only an in-memory store (tests) reads through the writer. Every read runs
//! on a blocking thread; JSON answers of reads are cached until the store next changes (a generation
//! counter bumped after each commit, and by a watcher that notices commits by other processes through
//! `PRAGMA data_version`), so a page of stories is computed once per change, not once per request. A
//! write computes the hottest answers again before it is answered and installs them with the new
//! generation (refresh ahead), so under a steady writer readers of the first page never wait for it.
//!
//! **Security.** See [`ServerOptions`]: on loopback, requests must name a loopback host (so a web page
//! cannot reach the API through DNS rebinding) and writes from another site's page are refused; beyond
//! loopback, writes need the token (compared in constant time) and are disabled when there is none.
//! Request bodies are limited to [`MAX_BODY_BYTES`] and URIs to [`MAX_URI_BYTES`]. Every response carries
//! a strict Content-Security-Policy (no inline script, nothing from other origins, Trusted Types so that no
//! script can assign HTML strings), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` and
//! `frame-ancestors 'none'`; the page renders article content with `textContent` only, and links only
//! `http(s)` URLs. Every error is JSON `{"error": "..."}`: 4xx for what the client got wrong, 5xx for ours.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use samestory_server::ServerOptions;
//! let store = samestory_store::Store::open(std::path::Path::new("samestory.db")).unwrap();
//! let ingestor = samestory_pipeline::Ingestor::open(store, Default::default()).unwrap();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let options = ServerOptions::for_addr(listener.local_addr()?, None);
//! samestory_server::serve(listener, ingestor, options).await
//! # }
//! ```
#![deny(missing_docs)]

mod api;
mod cache;
mod error;
mod events;
mod reads;
mod security;
#[cfg(test)]
mod tests;
mod web;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use samestory_pipeline::Ingestor;
use samestory_store::Store;

use crate::cache::Cache;
use crate::error::ApiError;
use crate::events::Changes;
use crate::reads::Readers;

/// The largest request body accepted (413 beyond).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The longest request URI accepted (414 beyond).
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The most stories one page returns.
pub const MAX_PAGE: usize = 500;

/// The most search hits one page returns.
pub const MAX_HITS: usize = 100;

/// How writes are allowed, from [`ServerOptions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteAccess {
    /// Anyone who can reach the (loopback) server may write.
    Open,
    /// Writes need `Authorization: Bearer <token>`.
    Token(String),
    /// Writes are refused: the server listens beyond loopback and no token was given.
    Disabled,
}

/// How the server is set up.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// The token writes need (`Authorization: Bearer <token>`); `None` or blank for none.
    pub token: Option<String>,
    /// Whether the server listens on a loopback address only. Then requests must name a loopback host
    /// (`localhost`, `127.0.0.1`, `[::1]`) and, without a token, writes are open. Beyond loopback, writes
    /// need the token and are refused when there is none.
    pub loopback: bool,
    /// Whether JSON answers of reads are cached until the store changes (on by default).
    pub cache: bool,
}

impl Default for ServerOptions {
    /// Loopback, no token, cache on.
    fn default() -> ServerOptions {
        ServerOptions { token: None, loopback: true, cache: true }
    }
}

impl ServerOptions {
    /// The options for a server listening on `addr`.
    pub fn for_addr(addr: SocketAddr, token: Option<String>) -> ServerOptions {
        ServerOptions { token, loopback: addr.ip().is_loopback(), ..ServerOptions::default() }
    }

    /// How writes are allowed under these options.
    pub fn write_access(&self) -> WriteAccess {
        match self.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(token) => WriteAccess::Token(token.to_string()),
            None if self.loopback => WriteAccess::Open,
            None => WriteAccess::Disabled,
        }
    }
}

/// Everything the handlers share.
pub(crate) struct AppState {
    /// The pipeline; writes take turns on it.
    writer: Arc<tokio::sync::Mutex<Ingestor>>,
    /// Set when an ingest failed inside the pipeline: its in-memory state may no longer match the store,
    /// so further writes are refused until a restart (which replays the store).
    writer_failed: std::sync::Mutex<Option<String>>,
    /// Bounds the writes waiting for the pipeline (each holds its request body).
    write_slots: tokio::sync::Semaphore,
    reads: Readers,
    cache: Option<Cache>,
    /// Bumped after every change to the store; cached answers are valid for one generation.
    generation: AtomicU64,
    changes: Changes,
    /// Serializes [`AppState::announce`].
    announcing: std::sync::Mutex<()>,
    access: WriteAccess,
    loopback: bool,
}

/// How many writes may wait for the pipeline before more are turned away with 503.
const WRITE_QUEUE: usize = 16;

/// How many of the hottest cached answers a write computes again before it is answered.
const REFRESH_AHEAD_KEYS: usize = 4;

/// How long a write may spend computing them (checked before each).
const REFRESH_AHEAD_BUDGET: std::time::Duration = std::time::Duration::from_millis(25);

impl AppState {
    fn new(ingestor: Ingestor, options: &ServerOptions) -> AppState {
        let reads = Readers::new(ingestor.store());
        let (articles, stories) = ingestor.store().counts().unwrap_or_else(|err| {
            tracing::warn!(%err, "cannot count the store's articles and stories");
            (0, 0)
        });
        AppState {
            writer: Arc::new(tokio::sync::Mutex::new(ingestor)),
            writer_failed: std::sync::Mutex::new(None),
            write_slots: tokio::sync::Semaphore::new(WRITE_QUEUE),
            reads,
            cache: options.cache.then(Cache::default),
            generation: AtomicU64::new(1),
            changes: Changes::new(1, articles, stories),
            announcing: std::sync::Mutex::new(()),
            access: options.write_access(),
            loopback: options.loopback,
        }
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Marks the store as changed: cached answers expire, and listeners hear of the new counts.
    fn changed(&self, counts: Option<(u64, u64)>) -> u64 {
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        self.changes.publish(generation, counts);
        generation
    }

    /// Marks the store as changed by this server's writer, which has just committed (call on a blocking
    /// thread, before the write is answered; the writer need not be held): the hottest cached answers
    /// are computed again from the committed store and installed for the next generation as it begins
    /// (refresh ahead, see [`cache`]), so readers do not all wait for them after every write; the rest
    /// expire as usual. Only for a store with read connections.
    fn written(&self) -> u64 {
        if let Some(cache) = &self.cache {
            let from = self.generation();
            let started = std::time::Instant::now();
            let mut answers = Vec::new();
            for (key, refresh) in cache.hottest(from, REFRESH_AHEAD_KEYS) {
                if started.elapsed() > REFRESH_AHEAD_BUDGET {
                    break;
                }
                match self.reads.with(|store| refresh(store)) {
                    Ok(answer) => answers.push((key, answer)),
                    Err(err) => tracing::debug!(key, err = err.message, "cannot refresh a cached answer"),
                }
            }
            if cache.install_and_bump(&self.generation, from, answers) {
                self.announce(from + 1);
                return from + 1;
            }
        }
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        self.announce(generation);
        generation
    }

    /// Tells listeners of `generation` with the store's counts as they are now. Writes are announced
    /// after the writer is released, so two may announce at once: the counts are read and published in
    /// turn, so they never go back.
    fn announce(&self, generation: u64) {
        let Ok(_turn) = self.announcing.lock() else { return self.changes.publish(generation, None) };
        let counts = self.reads.with(|store| store.counts().map_err(ApiError::internal)).ok();
        self.changes.publish(generation, counts);
    }

    /// Runs `f` on a read connection on a blocking thread.
    async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        if self.reads.pooled() {
            let _slot = self.reads.slot().await?;
            let state = Arc::clone(self);
            tokio::task::spawn_blocking(move || state.reads.with(f)).await.map_err(ApiError::joined)?
        } else {
            let guard = Arc::clone(&self.writer).lock_owned().await;
            tokio::task::spawn_blocking(move || f(guard.store())).await.map_err(ApiError::joined)?
        }
    }
}

/// The routes, over a pipeline.
pub fn router(ingestor: Ingestor, options: ServerOptions) -> Router {
    app(Arc::new(AppState::new(ingestor, &options)))
}

fn app(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(web::index))
        .route("/index.html", get(web::index))
        .route("/assets/{file}", get(web::asset))
        .route("/favicon.ico", get(web::favicon))
        .route("/healthz", get(api::healthz))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/articles", axum::routing::post(api::post_articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/search", get(api::search))
        .route("/api/events", get(events::events))
        .fallback(api::no_route)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(error::json_errors))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state), security::guard))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Serves on `listener` until the process ends; also watches the store file for commits by other
/// processes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    ingestor: Ingestor,
    options: ServerOptions,
) -> std::io::Result<()> {
    let state = Arc::new(AppState::new(ingestor, &options));
    tokio::spawn(events::watch_store(Arc::clone(&state)));
    axum::serve(listener, app(state)).await
}
