//! One partition's story state: its SQLite store, the engine over it and the next offset to read.

use std::path::{Path, PathBuf};

use samestory_model::{Origin, RawDocument, Rejection};
use samestory_pipeline::{EngineConfig, IngestReport, Ingestor, OffsetAdvance};
use samestory_source::parse_json_article;
use samestory_store::Store;

use crate::WorkerError;

/// The largest message taken as an article, in bytes (as `samestory ingest`'s default document limit).
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// One message read from a partition: its offset and its payload (`None` for a message without one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The message's offset in its partition.
    pub offset: i64,
    /// The message's bytes: one JSON article in the ingest schema.
    pub payload: Option<Vec<u8>>,
}

/// What applying one batch of messages did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchReport {
    /// Messages read into the batch (offsets already applied are not counted).
    pub messages: u64,
    /// Articles newly stored.
    pub new: u64,
    /// Articles already stored (same id, URL or content), not stored again.
    pub duplicate: u64,
    /// Newly stored articles that copy another.
    pub copies: u64,
    /// Messages that could not be taken, with their offsets and reasons.
    pub rejected: Vec<Rejection>,
    /// The next offset to read after the batch.
    pub next_offset: Option<i64>,
}

/// The file holding `partition` of `topic` under `dir`: `DIR/TOPIC-PARTITION.sqlite`, named as Kafka names
/// its own partition logs. Topic names are letters, digits, `.`, `_` and `-`, so they are safe in file names.
pub fn store_path(dir: &Path, topic: &str, partition: i32) -> PathBuf {
    dir.join(format!("{topic}-{partition}.sqlite"))
}

/// Checks a topic name as Kafka does: 1 to 249 characters, each a letter, a digit, `.`, `_` or `-`, and not
/// `.` or `..`.
pub fn check_topic(topic: &str) -> Result<(), WorkerError> {
    let bad = |reason: &str| Err(WorkerError::BadTopic { topic: topic.to_string(), reason: reason.into() });
    if topic.is_empty() || topic.len() > 249 {
        return bad("a topic name has 1 to 249 characters");
    }
    if topic == "." || topic == ".." {
        return bad("a topic name cannot be `.` or `..`");
    }
    if !topic.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')) {
        return bad("a topic name has only letters, digits, `.`, `_` and `-`");
    }
    Ok(())
}

/// The story state of one partition of a topic: the partition's own store (articles, copies, stories and
/// the consumer offset) and the engine over it.
///
/// Every batch of messages is applied in ONE transaction together with the offset after it, so the store is
/// always exactly the result of ingesting the partition's messages up to its stored offset, in offset
/// order. After an error the state must be dropped and opened again (which replays the store).
pub struct PartitionState {
    topic: String,
    partition: i32,
    path: PathBuf,
    ingestor: Ingestor,
    next_offset: Option<i64>,
}

impl std::fmt::Debug for PartitionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartitionState")
            .field("topic", &self.topic)
            .field("partition", &self.partition)
            .field("path", &self.path)
            .field("next_offset", &self.next_offset)
            .finish_non_exhaustive()
    }
}

impl PartitionState {
    /// Opens (creating when missing) the store of `partition` of `topic` under `dir`, replays it through a
    /// fresh engine and reads the next offset to consume.
    pub fn open(dir: &Path, topic: &str, partition: i32, config: EngineConfig) -> Result<Self, WorkerError> {
        check_topic(topic)?;
        if partition < 0 {
            return Err(WorkerError::BadPartition { topic: topic.to_string(), partition });
        }
        let path = store_path(dir, topic, partition);
        let store = Store::open(&path).map_err(|e| WorkerError::store(&path, e))?;
        // A store that holds another topic's positions is not this partition's state.
        let offsets = store.consumer_offsets().map_err(|e| WorkerError::store(&path, e))?;
        if let Some((other, p, _)) = offsets.iter().find(|(t, p, _)| t != topic || *p != partition) {
            return Err(WorkerError::ForeignStore {
                path,
                found: format!("{other}/{p}"),
                wanted: format!("{topic}/{partition}"),
            });
        }
        let next_offset =
            store.consumer_offset(topic, partition).map_err(|e| WorkerError::store(&path, e))?;
        let ingestor = Ingestor::open(store, config).map_err(|e| WorkerError::pipeline(&path, e))?;
        Ok(PartitionState { topic: topic.to_string(), partition, path, ingestor, next_offset })
    }

    /// The partition.
    pub fn partition(&self) -> i32 {
        self.partition
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The next offset to read, as committed with the last batch; `None` when nothing was read yet (start
    /// at the beginning of the partition).
    pub fn next_offset(&self) -> Option<i64> {
        self.next_offset
    }

    /// The store, for reading.
    pub fn store(&self) -> &Store {
        self.ingestor.store()
    }

    /// Applies a batch of messages, in offset order, as one transaction that also moves the stored offset
    /// past the last of them.
    ///
    /// Messages below the next offset (delivered again after a seek) are skipped; a batch with nothing new
    /// writes nothing. A message that is not a JSON article (not UTF-8, not JSON, no text, too large, no
    /// payload) is rejected and logged with its partition and offset: it never stalls the partition. Fails
    /// when offsets go backwards within the batch, or when the store fails or was moved by another writer
    /// ([`samestory_store::StoreError::OffsetMoved`]); then nothing of the batch is stored and this state
    /// must be dropped.
    pub fn apply(&mut self, messages: &[Message]) -> Result<BatchReport, WorkerError> {
        let fresh: Vec<&Message> =
            messages.iter().filter(|m| self.next_offset.is_none_or(|next| m.offset >= next)).collect();
        if let Some(w) = fresh.windows(2).find(|w| w[1].offset <= w[0].offset) {
            return Err(WorkerError::OffsetOrder {
                topic: self.topic.clone(),
                partition: self.partition,
                offset: w[1].offset,
                after: w[0].offset,
            });
        }
        let Some(last) = fresh.last() else { return Ok(BatchReport::default()) };
        if fresh[0].offset < 0 {
            return Err(WorkerError::OffsetOrder {
                topic: self.topic.clone(),
                partition: self.partition,
                offset: fresh[0].offset,
                after: -1,
            });
        }
        let advance = OffsetAdvance {
            topic: self.topic.clone(),
            partition: self.partition,
            from: self.next_offset,
            to: last.offset + 1,
        };
        let label = format!("{}/{}", self.topic, self.partition);
        let docs = fresh.iter().map(|m| to_document(&label, m));
        let report: IngestReport = self
            .ingestor
            .ingest_advancing(docs, advance)
            .map_err(|e| WorkerError::pipeline(&self.path, e))?;
        for r in &report.rejected {
            tracing::warn!(
                topic = %self.topic,
                partition = self.partition,
                offset = ?r.origin.record,
                "message rejected: {}",
                r.reason
            );
        }
        self.next_offset = Some(last.offset + 1);
        Ok(BatchReport {
            messages: report.read,
            new: report.new,
            duplicate: report.duplicate,
            copies: report.copies,
            rejected: report.rejected,
            next_offset: self.next_offset,
        })
    }
}

/// One message as a raw document (a JSON article as `samestory ingest` reads it), or why it is not one. Its
/// origin is `TOPIC/PARTITION` with the offset as the record number.
pub fn to_document(label: &str, message: &Message) -> Result<RawDocument, Rejection> {
    let origin = Origin::record(label, u64::try_from(message.offset).unwrap_or(0));
    let Some(payload) = &message.payload else {
        return Err(Rejection::new(origin, "message has no payload"));
    };
    if payload.len() > MAX_MESSAGE_BYTES {
        return Err(Rejection::new(
            origin,
            format!("message of {} bytes is over the limit of {MAX_MESSAGE_BYTES} bytes", payload.len()),
        ));
    }
    let Ok(text) = std::str::from_utf8(payload) else {
        return Err(Rejection::new(origin, "message is not UTF-8 text"));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Rejection::new(origin, "message is empty"));
    }
    parse_json_article(origin, text)
}
