//! Topic creation and a producer of JSON Lines articles, for tests, benchmarks and feeding a topic by hand.

use std::io::BufRead;
use std::time::Duration;

use rdkafka::ClientConfig;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer as _};
use serde::Serialize;

use crate::{WorkerError, check_topic};

/// How long a topic creation or the final delivery of produced messages may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Creates `topic` with `partitions` partitions (replication factor 1); an existing topic is left as it is.
pub fn create_topic(brokers: &str, topic: &str, partitions: i32) -> Result<(), WorkerError> {
    check_topic(topic)?;
    if partitions < 1 {
        return Err(WorkerError::kafka(
            format!("cannot create topic {topic}"),
            "it needs at least 1 partition",
        ));
    }
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .map_err(|e| WorkerError::kafka("cannot create the admin client", e))?;
    // The admin client's answers arrive from librdkafka's own thread: any executor drives the future.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| WorkerError::kafka("cannot start the admin runtime", e))?;
    let new = NewTopic::new(topic, partitions, TopicReplication::Fixed(1));
    let options = AdminOptions::new().operation_timeout(Some(TIMEOUT));
    let results = runtime
        .block_on(admin.create_topics([&new], &options))
        .map_err(|e| WorkerError::kafka(format!("cannot create topic {topic}"), e))?;
    for result in results {
        match result {
            Ok(_) | Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((name, code)) => return Err(WorkerError::kafka(format!("cannot create topic {name}"), code)),
        }
    }
    Ok(())
}

/// Where the producer puts each message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Every message to this partition.
    Partition(i32),
    /// Keyed by the value of this JSON field (a string or a number); librdkafka's partitioner hashes the
    /// key, so equal keys share a partition. Lines without the field go without a key.
    KeyField(String),
    /// No key: librdkafka spreads the messages.
    Spread,
}

/// What a producer run sent.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProduceReport {
    /// Messages delivered.
    pub sent: u64,
    /// Blank lines passed over.
    pub blank: u64,
}

/// A producer of one topic.
pub struct Producer {
    producer: BaseProducer,
    topic: String,
}

impl std::fmt::Debug for Producer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Producer").field("topic", &self.topic).finish_non_exhaustive()
    }
}

impl Producer {
    /// A producer of `topic` on `brokers` (idempotent, so a retried send is stored once).
    pub fn new(brokers: &str, topic: &str) -> Result<Producer, WorkerError> {
        check_topic(topic)?;
        let producer: BaseProducer = ClientConfig::new()
            .set("bootstrap.servers", brokers)
            .set("client.id", "samestory-produce")
            .set("linger.ms", "5")
            .set("acks", "all")
            // Article pages run to megabytes: allow a message as large as a worker takes (librdkafka's
            // default is 1 MB), plus room for the record's framing.
            .set("message.max.bytes", (crate::MAX_MESSAGE_BYTES + 64 * 1024).to_string())
            .create()
            .map_err(|e| WorkerError::kafka("cannot create the producer", e))?;
        Ok(Producer { producer, topic: topic.to_string() })
    }

    /// Queues one message (waiting while the local queue is full).
    pub fn send(
        &self,
        payload: &[u8],
        key: Option<&[u8]>,
        partition: Option<i32>,
    ) -> Result<(), WorkerError> {
        loop {
            let mut record = BaseRecord::<[u8], [u8]>::to(&self.topic).payload(payload);
            if let Some(key) = key {
                record = record.key(key);
            }
            if let Some(partition) = partition {
                record = record.partition(partition);
            }
            match self.producer.send(record) {
                Ok(()) => return Ok(()),
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), _)) => {
                    self.producer.poll(Duration::from_millis(50));
                }
                Err((e, _)) => return Err(WorkerError::kafka(format!("cannot send to {}", self.topic), e)),
            }
        }
    }

    /// Waits until every queued message is delivered.
    pub fn flush(&self) -> Result<(), WorkerError> {
        self.producer
            .flush(TIMEOUT)
            .map_err(|e| WorkerError::kafka(format!("cannot deliver to {}", self.topic), e))?;
        if self.producer.in_flight_count() > 0 {
            return Err(WorkerError::kafka(
                format!("cannot deliver to {}", self.topic),
                format!("{} messages still undelivered", self.producer.in_flight_count()),
            ));
        }
        Ok(())
    }

    /// Sends every non-blank line of `input` as one message, placed by `placement`, then waits for delivery.
    pub fn send_lines(
        &self,
        label: &str,
        input: impl BufRead,
        placement: &Placement,
    ) -> Result<ProduceReport, WorkerError> {
        let mut report = ProduceReport::default();
        for line in input.split(b'\n') {
            let line = line.map_err(|source| WorkerError::Input { path: label.to_string(), source })?;
            let line = line.strip_suffix(b"\r").unwrap_or(&line);
            if line.iter().all(u8::is_ascii_whitespace) {
                report.blank += 1;
                continue;
            }
            let (key, partition) = match placement {
                Placement::Partition(p) => (None, Some(*p)),
                Placement::KeyField(field) => (key_of(line, field), None),
                Placement::Spread => (None, None),
            };
            self.send(line, key.as_deref().map(str::as_bytes), partition)?;
            report.sent += 1;
            self.producer.poll(Duration::ZERO);
        }
        self.flush()?;
        Ok(report)
    }
}

/// The value of `field` in a JSON object line, as text; `None` when the line is not such an object or has no
/// string or number there.
fn key_of(line: &[u8], field: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(line).ok()?;
    match value.get(field)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_strings_and_numbers_only() {
        assert_eq!(key_of(br#"{"desk": "world", "text": "x"}"#, "desk").as_deref(), Some("world"));
        assert_eq!(key_of(br#"{"desk": 7}"#, "desk").as_deref(), Some("7"));
        assert_eq!(key_of(br#"{"desk": null}"#, "desk"), None);
        assert_eq!(key_of(br#"{"other": "a"}"#, "desk"), None);
        assert_eq!(key_of(b"{not json", "desk"), None);
    }
}
