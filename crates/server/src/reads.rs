//! A pool of read-only connections to the store file, so reads run beside the writer instead of after it.

use std::path::PathBuf;
use std::sync::Mutex;

use axum::http::StatusCode;
use samestory_store::{Store, StoreError};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::ApiError;

pub(crate) struct Readers {
    /// The store file; `None` when the store has no file (in memory), so reads go through the writer.
    path: Option<PathBuf>,
    idle: Mutex<Vec<Store>>,
    /// Bounds the reads running at once (and so the connections open).
    slots: Semaphore,
    max_idle: usize,
}

impl Readers {
    /// Readers of the file `store` was opened from.
    pub fn new(store: &Store) -> Readers {
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get());
        let max = (2 * parallel).max(4);
        let (path, idle) = match store.reader() {
            Ok(first) => (Some(store.path().to_path_buf()), vec![first]),
            Err(StoreError::InMemory { .. }) => (None, Vec::new()),
            Err(err) => {
                tracing::warn!(%err, "no read connections; reads wait for writes");
                (None, Vec::new())
            }
        };
        Readers { path, idle: Mutex::new(idle), slots: Semaphore::new(max), max_idle: max }
    }

    /// Whether reads use the pool (else the writer's connection).
    pub fn pooled(&self) -> bool {
        self.path.is_some()
    }

    /// The store file, when there is one.
    pub fn path(&self) -> Option<&PathBuf> {
        self.path.as_ref()
    }

    /// Waits for a turn to read.
    pub async fn slot(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        self.slots
            .acquire()
            .await
            .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "shutting down"))
    }

    /// Runs `f` on an idle connection, or a new one (blocking: call on a blocking thread).
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let store = match idle {
            Some(store) => store,
            None => {
                let path = self.path.as_ref().ok_or_else(|| ApiError::internal("no store file to read"))?;
                Store::open_reader(path).map_err(ApiError::internal)?
            }
        };
        let out = f(&store);
        match self.idle.lock() {
            Ok(mut idle) if idle.len() < self.max_idle => idle.push(store),
            _ => {}
        }
        out
    }
}
