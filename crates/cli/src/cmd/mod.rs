//! One module per subcommand.

#[cfg(feature = "backfill")]
pub mod backfill;
pub mod cluster;
pub mod dedup;
pub mod demo;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod quotes;
pub mod serve;
pub mod stories;
pub mod story;
pub mod watch;
#[cfg(feature = "kafka")]
pub mod worker;

use std::path::Path;

use anyhow::Context;
use samestory_pipeline::{EngineConfig, Ingestor};
use samestory_store::Store;

/// An error caused by what the user asked for (bad input, unknown id), as opposed to a failure of ours.
/// Exits with code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// Opens the store at `path` (creating it) and the pipeline over it.
pub fn open_ingestor(path: &Path) -> anyhow::Result<Ingestor> {
    let store = open_store(path)?;
    Ingestor::open(store, EngineConfig::default())
        .with_context(|| format!("cannot rebuild the story index from {}", path.display()))
}

/// Opens the store at `path`, creating it when missing.
pub fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("cannot open the store {}", path.display()))
}

/// Opens the store at `path` for the read-only commands: as [`open_store`] does, or, when this user may not
/// write it (a write-protected file or directory), read-only.
pub fn open_store_to_read(path: &Path) -> anyhow::Result<Store> {
    match Store::open(path) {
        Err(samestory_store::StoreError::ReadOnly { .. }) => Store::open_read_only(path),
        other => other,
    }
    .with_context(|| format!("cannot open the store {}", path.display()))
}
