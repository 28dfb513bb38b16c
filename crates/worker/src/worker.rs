//! The Kafka consumer: one member of a consumer group, owning the story state of its assigned partitions.
//!
//! One thread polls the consumer. Messages are buffered per partition and applied as one transaction per
//! batch ([`PartitionState::apply`]) when a partition has `batch_size` messages waiting or its oldest waited
//! `linger`. The rebalance callback runs inside `poll` on the same thread: on assignment it opens each
//! partition's store and sets the offset the fetch starts at to the stored one (the beginning when none);
//! on revocation it applies what was buffered and closes the stores; on a lost assignment it drops the
//! buffers unwritten (another member may own the partitions already; the offset check in the store refuses
//! a late write anyway). A failure to write a partition's store stops the worker with the error: its
//! partitions go to the other members, which resume from the last committed batch.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rdkafka::client::ClientContext;
use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::KafkaError;
use rdkafka::message::Message as _;
use rdkafka::{Offset, TopicPartitionList};
use samestory_pipeline::EngineConfig;
use serde::Serialize;

use crate::{BatchReport, Message, PartitionState, WorkerError, check_topic};

/// How a worker connects and batches.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Kafka bootstrap servers, `HOST:PORT[,HOST:PORT...]`.
    pub brokers: String,
    /// The topic to consume.
    pub topic: String,
    /// The consumer group.
    pub group: String,
    /// The directory of the partition stores (`DIR/TOPIC-PARTITION.sqlite`), created when missing.
    pub state_dir: PathBuf,
    /// The most messages of one partition in one transaction.
    pub batch_size: usize,
    /// The longest a buffered message waits for its batch to fill.
    pub linger: Duration,
    /// The group session timeout: how long the group waits for a silent member before reassigning its
    /// partitions.
    pub session_timeout: Duration,
    /// Stop after this long with no message, once every owned partition has caught up (`None`: run until
    /// stopped).
    pub idle_exit: Option<Duration>,
    /// The engine settings of every partition.
    pub engine: EngineConfig,
    /// More librdkafka properties, `(name, value)`, applied last.
    pub properties: Vec<(String, String)>,
}

impl WorkerConfig {
    /// Settings with the defaults: batches of 256 messages, 200 ms linger, a 10 s session timeout.
    pub fn new(brokers: &str, topic: &str, group: &str, state_dir: impl Into<PathBuf>) -> WorkerConfig {
        WorkerConfig {
            brokers: brokers.into(),
            topic: topic.into(),
            group: group.into(),
            state_dir: state_dir.into(),
            batch_size: 256,
            linger: Duration::from_millis(200),
            session_timeout: Duration::from_secs(10),
            idle_exit: None,
            engine: EngineConfig::default(),
            properties: Vec::new(),
        }
    }
}

/// What a worker did, over its whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkerReport {
    /// Messages applied (each counted once, in the batch that committed it).
    pub messages: u64,
    /// Articles newly stored.
    pub new: u64,
    /// Articles already stored (same id, URL or content).
    pub duplicate: u64,
    /// Newly stored copies.
    pub copies: u64,
    /// Messages rejected (logged with partition and offset).
    pub rejected: u64,
    /// Transactions committed.
    pub batches: u64,
    /// Partition assignments received (a partition assigned twice counts twice).
    pub assigned: u64,
    /// Buffered messages dropped because the assignment was lost; another member reads them again.
    pub dropped: u64,
    /// When the first message was received, milliseconds since the Unix epoch.
    pub first_message_ms: Option<u64>,
    /// When the last batch was committed, milliseconds since the Unix epoch.
    pub last_commit_ms: Option<u64>,
    /// The next offset of each partition this worker committed last, by partition.
    pub offsets: BTreeMap<i32, i64>,
}

impl WorkerReport {
    fn add(&mut self, partition: i32, batch: &BatchReport) {
        self.messages += batch.messages;
        self.new += batch.new;
        self.duplicate += batch.duplicate;
        self.copies += batch.copies;
        self.rejected += batch.rejected.len() as u64;
        self.batches += 1;
        self.last_commit_ms = Some(now_ms());
        if let Some(next) = batch.next_offset {
            self.offsets.insert(partition, next);
        }
    }
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// A partition owned by this worker: its state and the messages waiting for their batch.
struct Owned {
    state: PartitionState,
    buffer: Vec<Message>,
    since: Option<Instant>,
}

/// Everything the poll loop and the rebalance callback share (both run on the polling thread).
struct Shared {
    owned: HashMap<i32, Owned>,
    report: WorkerReport,
    /// The first failure; the poll loop stops on it.
    failure: Option<WorkerError>,
}

struct Context {
    topic: String,
    state_dir: PathBuf,
    engine: EngineConfig,
    shared: Mutex<Shared>,
}

impl Context {
    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        // A panic while holding the lock leaves plain data behind; the worker stops on the failure anyway.
        self.shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Opens the stores of the assigned partitions and points each fetch at its stored offset.
    fn assign(&self, tpl: &TopicPartitionList) {
        let mut shared = self.lock();
        for mut elem in tpl.elements() {
            let partition = elem.partition();
            if elem.topic() != self.topic {
                continue;
            }
            let state = match shared.owned.remove(&partition) {
                Some(owned) => Ok(owned.state),
                None => PartitionState::open(&self.state_dir, &self.topic, partition, self.engine.clone()),
            };
            match state {
                Ok(state) => {
                    let start = state.next_offset().map_or(Offset::Beginning, Offset::Offset);
                    tracing::info!(topic = %self.topic, partition, offset = ?start, "partition assigned");
                    if let Err(e) = elem.set_offset(start) {
                        shared.failure.get_or_insert(WorkerError::kafka(
                            format!("cannot start {}/{partition} at {start:?}", self.topic),
                            e,
                        ));
                    }
                    shared.report.assigned += 1;
                    shared.owned.insert(partition, Owned { state, buffer: Vec::new(), since: None });
                }
                Err(e) => {
                    tracing::error!(topic = %self.topic, partition, "cannot open the partition store: {e}");
                    shared.failure.get_or_insert(e);
                }
            }
        }
    }

    /// Commits what the revoked partitions buffered (unless the assignment was lost) and closes them.
    fn revoke(&self, consumer: &BaseConsumer<Context>, tpl: &TopicPartitionList) {
        let lost = consumer.assignment_lost();
        let mut shared = self.lock();
        for elem in tpl.elements() {
            if elem.topic() != self.topic {
                continue;
            }
            let partition = elem.partition();
            let Some(mut owned) = shared.owned.remove(&partition) else { continue };
            if lost {
                tracing::warn!(
                    topic = %self.topic,
                    partition,
                    dropped = owned.buffer.len(),
                    "partition assignment lost: buffered messages dropped, the next owner reads them"
                );
                shared.report.dropped += owned.buffer.len() as u64;
            } else {
                flush(consumer, &self.topic, &mut owned, &mut shared);
                tracing::info!(topic = %self.topic, partition, "partition revoked");
            }
        }
    }
}

/// Applies a partition's buffered messages as one transaction, then commits the offset to Kafka (for
/// monitoring only). A failure is recorded for the poll loop, which stops.
fn flush(consumer: &BaseConsumer<Context>, topic: &str, owned: &mut Owned, shared: &mut Shared) {
    owned.since = None;
    if owned.buffer.is_empty() {
        return;
    }
    let buffer = std::mem::take(&mut owned.buffer);
    let partition = owned.state.partition();
    match owned.state.apply(&buffer) {
        Ok(batch) => {
            shared.report.add(partition, &batch);
            if let Some(next) = batch.next_offset {
                let mut tpl = TopicPartitionList::new();
                if tpl.add_partition_offset(topic, partition, Offset::Offset(next)).is_ok()
                    && let Err(e) = consumer.commit(&tpl, CommitMode::Async)
                {
                    tracing::debug!(topic, partition, "kafka offset commit (monitoring only) failed: {e}");
                }
            }
        }
        Err(e) => {
            tracing::error!(topic, partition, "cannot apply a batch of {} messages: {e}", buffer.len());
            shared.failure.get_or_insert(e);
        }
    }
}

impl ClientContext for Context {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, message: &str) {
        match level {
            RDKafkaLogLevel::Emerg
            | RDKafkaLogLevel::Alert
            | RDKafkaLogLevel::Critical
            | RDKafkaLogLevel::Error => tracing::error!(facility = fac, "librdkafka: {message}"),
            RDKafkaLogLevel::Warning => tracing::warn!(facility = fac, "librdkafka: {message}"),
            RDKafkaLogLevel::Notice | RDKafkaLogLevel::Info => {
                tracing::info!(facility = fac, "librdkafka: {message}")
            }
            RDKafkaLogLevel::Debug => tracing::debug!(facility = fac, "librdkafka: {message}"),
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        // Transport errors (a broker down for a while) are retried by librdkafka itself.
        tracing::warn!("librdkafka: {error}: {reason}");
    }
}

impl ConsumerContext for Context {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Context>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(tpl) => self.assign(tpl),
            Rebalance::Revoke(tpl) => self.revoke(consumer, tpl),
            Rebalance::Error(e) => tracing::warn!(topic = %self.topic, "rebalance error: {e}"),
        }
    }
}

/// Runs one worker until `stop` is set, the idle limit passes, or a partition store fails.
///
/// On stop, every buffered message is applied and the consumer leaves the group (its partitions go to the
/// other members at once). Returns what it did.
pub fn run(config: &WorkerConfig, stop: &AtomicBool) -> Result<WorkerReport, WorkerError> {
    check_topic(&config.topic)?;
    std::fs::create_dir_all(&config.state_dir)
        .map_err(|source| WorkerError::StateDir { path: config.state_dir.clone(), source })?;
    let context = Context {
        topic: config.topic.clone(),
        state_dir: config.state_dir.clone(),
        engine: config.engine.clone(),
        shared: Mutex::new(Shared { owned: HashMap::new(), report: WorkerReport::default(), failure: None }),
    };
    let session_ms = config.session_timeout.as_millis().max(1000);
    let mut client = ClientConfig::new();
    client
        .set("bootstrap.servers", &config.brokers)
        .set("group.id", &config.group)
        .set("client.id", "samestory-worker")
        // The partition stores hold the offsets; Kafka's are written for monitoring only.
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", session_ms.to_string())
        .set("heartbeat.interval.ms", (session_ms / 4).max(100).to_string())
        .set("max.poll.interval.ms", "600000")
        .set("enable.partition.eof", "false");
    for (name, value) in &config.properties {
        client.set(name, value);
    }
    let consumer: BaseConsumer<Context> = client
        .create_with_context(context)
        .map_err(|e| WorkerError::kafka("cannot create the consumer", e))?;
    consumer
        .subscribe(&[&config.topic])
        .map_err(|e| WorkerError::kafka(format!("cannot subscribe to {}", config.topic), e))?;
    tracing::info!(topic = %config.topic, group = %config.group, brokers = %config.brokers, "worker started");

    let batch_size = config.batch_size.max(1);
    let mut last_message = Instant::now();
    let result = loop {
        if stop.load(Ordering::Relaxed) {
            break Ok(());
        }
        let wait = config.linger.clamp(Duration::from_millis(10), Duration::from_millis(100));
        // The lock must not be held here: the rebalance callback runs inside poll.
        let polled = consumer.poll(wait);
        let ctx = consumer.context();
        let mut shared = ctx.lock();
        if let Some(e) = shared.failure.take() {
            break Err(e);
        }
        match polled {
            Some(Ok(m)) => {
                last_message = Instant::now();
                if shared.report.first_message_ms.is_none() {
                    shared.report.first_message_ms = Some(now_ms());
                }
                let partition = m.partition();
                let full = match shared.owned.get_mut(&partition) {
                    Some(owned) if m.topic() == ctx.topic => {
                        owned
                            .buffer
                            .push(Message { offset: m.offset(), payload: m.payload().map(<[u8]>::to_vec) });
                        owned.since.get_or_insert_with(Instant::now);
                        owned.buffer.len() >= batch_size
                    }
                    _ => {
                        tracing::warn!(
                            topic = m.topic(),
                            partition,
                            offset = m.offset(),
                            "message of a partition not owned: skipped"
                        );
                        false
                    }
                };
                if full {
                    flush_one(&consumer, &ctx.topic, partition, &mut shared);
                }
            }
            Some(Err(e)) => tracing::warn!(topic = %ctx.topic, "consumer error: {e}"),
            None => {}
        }
        let due: Vec<i32> = shared
            .owned
            .iter()
            .filter(|(_, o)| o.since.is_some_and(|t| t.elapsed() >= config.linger))
            .map(|(&p, _)| p)
            .collect();
        for partition in due {
            flush_one(&consumer, &ctx.topic, partition, &mut shared);
        }
        if let Some(e) = shared.failure.take() {
            break Err(e);
        }
        if let Some(idle) = config.idle_exit
            && last_message.elapsed() >= idle
            && shared.owned.values().all(|o| o.buffer.is_empty())
        {
            tracing::info!(topic = %ctx.topic, "no message for {idle:?}: stopping");
            break Ok(());
        }
    };
    // Apply what is buffered, then leave the group so the partitions move at once.
    {
        let ctx = consumer.context();
        let mut shared = ctx.lock();
        if result.is_ok() {
            let partitions: Vec<i32> = shared.owned.keys().copied().collect();
            for partition in partitions {
                flush_one(&consumer, &ctx.topic, partition, &mut shared);
            }
        }
    }
    consumer.unsubscribe();
    // Serve the revocation that unsubscribing starts.
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline && !consumer.context().lock().owned.is_empty() {
        let _ = consumer.poll(Duration::from_millis(50));
    }
    let ctx = consumer.context();
    let mut shared = ctx.lock();
    result?;
    if let Some(e) = shared.failure.take() {
        return Err(e);
    }
    Ok(std::mem::take(&mut shared.report))
}

fn flush_one(consumer: &BaseConsumer<Context>, topic: &str, partition: i32, shared: &mut Shared) {
    if let Some(mut owned) = shared.owned.remove(&partition) {
        flush(consumer, topic, &mut owned, shared);
        shared.owned.insert(partition, owned);
    }
}
