//! Live updates: `GET /api/events` streams a `change` event (server-sent events) whenever the store
//! changed, and a watcher notices commits made by other processes to the same file.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use samestory_store::Store;
use serde::Serialize;
use tokio::sync::watch;

use crate::AppState;
use crate::error::ApiError;

/// How often the watcher asks SQLite whether another connection committed.
const WATCH_INTERVAL: Duration = Duration::from_millis(500);

/// The most event streams open at once (503 beyond).
const MAX_LISTENERS: usize = 256;

/// How often an idle event stream sends a comment, so proxies and browsers keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The store's state as the events report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Change {
    /// Bumped on every change.
    pub generation: u64,
    pub articles: u64,
    pub stories: u64,
}

pub(crate) struct Changes {
    tx: watch::Sender<Change>,
    listeners: AtomicUsize,
}

impl Changes {
    pub fn new(generation: u64, articles: u64, stories: u64) -> Changes {
        let (tx, _) = watch::channel(Change { generation, articles, stories });
        Changes { tx, listeners: AtomicUsize::new(0) }
    }

    /// Announces a new generation, with new counts when known.
    pub fn publish(&self, generation: u64, counts: Option<(u64, u64)>) {
        self.tx.send_modify(|change| {
            change.generation = change.generation.max(generation);
            if let Some((articles, stories)) = counts {
                (change.articles, change.stories) = (articles, stories);
            }
        });
    }

    pub fn current(&self) -> Change {
        *self.tx.borrow()
    }
}

/// Decrements the listener count when a stream ends.
struct Listening(Arc<AppState>);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.changes.listeners.fetch_sub(1, Ordering::AcqRel);
    }
}

/// `GET /api/events`: the current state at once, then one `change` event per change (changes that come
/// faster than the client reads are merged into the latest).
pub(crate) async fn events(
    State(state): State<Arc<AppState>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let listeners = state.changes.listeners.fetch_add(1, Ordering::AcqRel) + 1;
    let guard = Listening(Arc::clone(&state));
    if listeners > MAX_LISTENERS {
        return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "too many event streams open"));
    }
    let mut rx = state.changes.tx.subscribe();
    rx.mark_changed();
    let stream = futures_util::stream::unfold((rx, guard), |(mut rx, guard)| async move {
        rx.changed().await.ok()?;
        let change = *rx.borrow_and_update();
        let event = Event::default().event("change").id(change.generation.to_string()).json_data(change);
        let event = event.unwrap_or_else(|_| Event::default().event("change").data("{}"));
        Some((Ok(event), (rx, guard)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// Watches the store file for commits by any other connection (another process ingesting, or this
/// server's writer), expiring cached answers and announcing new counts. Runs until the process ends.
pub(crate) async fn watch_store(state: Arc<AppState>) {
    let Some(path) = state.reads.path().cloned() else { return };
    let opened = tokio::task::spawn_blocking(move || Store::open_reader(&path)).await;
    let probe = match opened {
        Ok(Ok(store)) => Arc::new(Mutex::new(store)),
        Ok(Err(err)) => return tracing::warn!(%err, "cannot watch the store for outside changes"),
        Err(err) => return tracing::warn!(%err, "cannot watch the store for outside changes"),
    };
    let mut last = None;
    let mut ticker = tokio::time::interval(WATCH_INTERVAL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let probe = Arc::clone(&probe);
        let looked = tokio::task::spawn_blocking(move || -> Result<(u64, Option<(u64, u64)>), String> {
            let store = probe.lock().map_err(|_| "the watcher's connection is poisoned".to_string())?;
            let version = store.data_version().map_err(|e| e.to_string())?;
            // The first look has nothing to compare the version with: it compares the counts instead, so a
            // commit made before the watcher's connection opened (a slow start) is not missed.
            let counts = match last {
                Some(before) if before == version => None,
                _ => Some(store.counts().map_err(|e| e.to_string())?),
            };
            Ok((version, counts))
        })
        .await;
        match looked {
            Ok(Ok((version, counts))) => {
                if let Some(counts) = counts {
                    let now = state.changes.current();
                    if (now.articles, now.stories) != counts {
                        state.changed(Some(counts));
                    } else if last.is_some() {
                        // Most likely our own write, already announced; still expire what was cached
                        // meanwhile.
                        state.generation.fetch_add(1, Ordering::AcqRel);
                    }
                }
                last = Some(version);
            }
            Ok(Err(err)) => tracing::warn!(%err, "cannot check the store for changes"),
            Err(err) => tracing::warn!(%err, "cannot check the store for changes"),
        }
    }
}
