//! The store's error type.

use std::path::PathBuf;

/// What went wrong in the store. Messages are lowercase and name the store file or the article involved.
///
/// SQLite's own message is part of the text (and deliberately not repeated as [`std::error::Error::source`],
/// so error chains do not print it twice); the `sqlite` fields keep it for callers that want the code.
#[derive(thiserror::Error, Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The database file could not be opened or created (missing directory, a directory in the way, no
    /// permission, not a database).
    #[error("cannot open store {}: {sqlite}", path.display())]
    Open {
        /// The store file.
        path: PathBuf,
        /// SQLite's error.
        sqlite: rusqlite::Error,
    },
    /// The file can be read but not written (file or directory permissions, read-only mount).
    #[error("store {} is read-only (the file and its directory must be writable)", path.display())]
    ReadOnly {
        /// The store file.
        path: PathBuf,
    },
    /// The file was written by a newer samestory whose schema this code does not know.
    #[error("store schema version {found} is newer than this samestory ({known})")]
    SchemaTooNew {
        /// The version stored in the file.
        found: u32,
        /// The newest version this code knows.
        known: u32,
    },
    /// A read connection found an older schema than this code's: the file has to be opened for writing
    /// (which migrates it) first.
    #[error("store {} has schema version {found}, older than this samestory ({known}): open it for writing first", path.display())]
    SchemaTooOld {
        /// The store file.
        path: PathBuf,
        /// The version stored in the file.
        found: u32,
        /// The version this code needs.
        known: u32,
    },
    /// Another connection was asked for on a store that lives in memory, which no other connection can open.
    #[error("store {} is in memory: no other connection can open it", path.display())]
    InMemory {
        /// The store's path (`:memory:`).
        path: PathBuf,
    },
    /// A schema migration step failed; the file keeps the previous version.
    #[error("cannot migrate store {} to schema version {version}: {sqlite}", path.display())]
    Migrate {
        /// The store file (`:memory:` for an in-memory store).
        path: PathBuf,
        /// The version the failed step would have reached.
        version: u32,
        /// SQLite's error.
        sqlite: rusqlite::Error,
    },
    /// An article cannot be stored as given; nothing of its batch was stored.
    #[error("cannot store article {id}: {reason}")]
    InvalidArticle {
        /// The article's id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A story merge cannot be recorded; nothing of its batch was stored.
    #[error("cannot merge story {absorbed} into story {survivor}: {reason}")]
    InvalidMerge {
        /// The story to absorb.
        absorbed: u64,
        /// The story to join.
        survivor: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A consumer position cannot be stored as given; nothing of its batch was stored.
    #[error("cannot move the consumer offset of {topic}/{partition}: {reason}")]
    InvalidOffset {
        /// The topic.
        topic: String,
        /// The partition.
        partition: i32,
        /// What is wrong with it.
        reason: String,
    },
    /// The stored consumer position is not the one the writer started from: another consumer wrote this
    /// partition's store since (the partition was reassigned). Nothing of the batch was stored.
    #[error(
        "the consumer offset of {topic}/{partition} moved: expected {}, found {}",
        expected.map_or("none".to_string(), |o| o.to_string()),
        found.map_or("none".to_string(), |o| o.to_string())
    )]
    OffsetMoved {
        /// The topic.
        topic: String,
        /// The partition.
        partition: i32,
        /// The position the writer started from.
        expected: Option<i64>,
        /// The position stored.
        found: Option<i64>,
    },
    /// A stored row cannot be read back (edited by hand or damaged).
    #[error("corrupt {row} in store: {reason}")]
    Corrupt {
        /// Which row, e.g. `article a1` or `story 7`.
        row: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Any other SQLite failure, with what the store was doing.
    #[error("{context}: {sqlite}")]
    Sqlite {
        /// What the store was doing, e.g. `cannot insert article a1`.
        context: String,
        /// SQLite's error.
        sqlite: rusqlite::Error,
    },
}

/// Adds context to rusqlite results.
pub(crate) trait Context<T> {
    /// Wraps an error as [`StoreError::Sqlite`] with `context` computed lazily.
    fn context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, StoreError> {
        self.map_err(|sqlite| StoreError::Sqlite { context: context().into(), sqlite })
    }
}
