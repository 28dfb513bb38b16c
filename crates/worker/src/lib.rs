//! samestory's scale-out worker: members of a Kafka consumer group that each own the story state of the
//! partitions assigned to them.
//!
//! * [`PartitionState`] (always built, no Kafka needed): one partition's SQLite store (articles, copies,
//!   stories and the consumer offset, `DIR/TOPIC-PARTITION.sqlite`) with the engine over it. Each batch of
//!   messages is applied in ONE transaction together with the next offset after it, moved only from the
//!   offset the state started from ([`samestory_store::OffsetAdvance`]). So a partition's store is always
//!   exactly the ingest of its messages up to the stored offset, in offset order; a killed worker loses at
//!   most an uncommitted batch, which the next owner reads again.
//! * `worker` (feature `kafka`): the consumer (rdkafka, in a consumer group). On assignment the rebalance
//!   callback opens each partition's store, replays it and starts fetching at the stored offset (Kafka's
//!   committed offsets are written after each batch for monitoring only, never read); on revocation it
//!   commits what it buffered and closes the stores; when the assignment was lost (the group moved on
//!   without this member) it drops the buffers unwritten. A message that is not a JSON article is rejected,
//!   logged with its partition and offset, and the offset moves past it.
//! * `produce` (feature `kafka`): topic creation and a producer of JSON Lines, for tests and benchmarks.
//!
//! Stories are per partition: copies and reports of one event are found together only when they land in one
//! partition, so producers key messages by what keeps a story together (a desk, a region, a feed).
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use samestory_pipeline::PipelineError;
use samestory_store::StoreError;

mod partition;
#[cfg(feature = "kafka")]
pub mod produce;
#[cfg(feature = "kafka")]
pub mod worker;

pub use partition::{
    BatchReport, MAX_MESSAGE_BYTES, Message, PartitionState, check_topic, store_path, to_document,
};

/// What can stop a worker. Bad messages are never one of these: they are rejected and skipped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkerError {
    /// A partition's store failed (or another writer moved its offset).
    #[error("partition store {}: {source}", path.display())]
    Store {
        /// The store file.
        path: PathBuf,
        /// The store's error.
        source: StoreError,
    },
    /// The pipeline over a partition's store failed (a store error or a replay that diverged).
    #[error("partition store {}: {source}", path.display())]
    Pipeline {
        /// The store file.
        path: PathBuf,
        /// The pipeline's error.
        source: PipelineError,
    },
    /// A partition's store holds another partition's offsets.
    #[error("partition store {} holds the offsets of {found}, not of {wanted}", path.display())]
    ForeignStore {
        /// The store file.
        path: PathBuf,
        /// The topic/partition found in it.
        found: String,
        /// The topic/partition it should hold.
        wanted: String,
    },
    /// Offsets of a batch were not increasing.
    #[error("offset {offset} of {topic}/{partition} came after offset {after}")]
    OffsetOrder {
        /// The topic.
        topic: String,
        /// The partition.
        partition: i32,
        /// The offset out of order.
        offset: i64,
        /// The offset before it.
        after: i64,
    },
    /// A topic name Kafka would not take.
    #[error("bad topic name {topic:?}: {reason}")]
    BadTopic {
        /// The name given.
        topic: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A negative partition number.
    #[error("bad partition {partition} of topic {topic}")]
    BadPartition {
        /// The topic.
        topic: String,
        /// The partition number.
        partition: i32,
    },
    /// The state directory cannot be created.
    #[error("cannot create the state directory {}: {source}", path.display())]
    StateDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The Kafka client failed.
    #[error("kafka: {what}: {reason}")]
    Kafka {
        /// What the worker was doing.
        what: String,
        /// The client's error.
        reason: String,
    },
    /// An input file of the producer cannot be read.
    #[error("cannot read {path}: {source}")]
    Input {
        /// The file (`-` for stdin).
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl WorkerError {
    pub(crate) fn store(path: &Path, source: StoreError) -> WorkerError {
        WorkerError::Store { path: path.to_path_buf(), source }
    }

    pub(crate) fn pipeline(path: &Path, source: PipelineError) -> WorkerError {
        WorkerError::Pipeline { path: path.to_path_buf(), source }
    }

    #[cfg(feature = "kafka")]
    pub(crate) fn kafka(what: impl Into<String>, reason: impl std::fmt::Display) -> WorkerError {
        WorkerError::Kafka { what: what.into(), reason: reason.to_string() }
    }
}

#[cfg(test)]
mod tests;
