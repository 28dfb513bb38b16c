//! `samestory worker` and `samestory produce` (cargo feature `kafka`): scale-out on Kafka consumer groups.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use samestory_worker::produce::{Placement, Producer, create_topic};
use samestory_worker::worker::{WorkerConfig, WorkerReport, run as run_worker};

use super::UserError;
use crate::output;

/// Arguments of `samestory worker`.
#[derive(Args, Debug)]
pub struct WorkerArgs {
    /// Kafka bootstrap servers, `HOST:PORT[,HOST:PORT...]`.
    #[arg(long, value_name = "HOST:PORT")]
    brokers: String,
    /// The topic of JSON articles (one article per message, the ingest schema).
    #[arg(long, default_value = "articles")]
    topic: String,
    /// The consumer group; the workers of one group share the topic's partitions.
    #[arg(long, value_name = "GROUP")]
    group: String,
    /// The directory of the partition stores, `DIR/TOPIC-PARTITION.sqlite` (created when missing).
    #[arg(long, value_name = "DIR")]
    state: PathBuf,
    /// The most messages of one partition in one transaction.
    #[arg(long, default_value_t = 256, value_name = "N")]
    batch_size: usize,
    /// The longest a message waits for its batch to fill, in milliseconds.
    #[arg(long, default_value_t = 200, value_name = "MS")]
    linger_ms: u64,
    /// How long the group waits for a silent worker before giving its partitions to the others, in
    /// milliseconds.
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    session_timeout_ms: u64,
    /// Stop after this many seconds without a message (default: run until SIGINT or SIGTERM).
    #[arg(long, value_name = "SECONDS")]
    idle_exit: Option<f64>,
    /// A librdkafka property, `NAME=VALUE` (repeatable), e.g. `security.protocol=ssl`.
    #[arg(long = "kafka-property", value_name = "NAME=VALUE")]
    properties: Vec<String>,
    /// Print the final report as JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `samestory produce`.
#[derive(Args, Debug)]
pub struct ProduceArgs {
    /// Kafka bootstrap servers, `HOST:PORT[,HOST:PORT...]`.
    #[arg(long, value_name = "HOST:PORT")]
    brokers: String,
    /// The topic.
    #[arg(long, default_value = "articles")]
    topic: String,
    /// Create the topic with N partitions first (an existing topic is left as it is).
    #[arg(long, value_name = "N")]
    create: Option<i32>,
    /// Send every message to this partition.
    #[arg(long, value_name = "P", conflicts_with = "key_field")]
    partition: Option<i32>,
    /// Key each message by this JSON field (equal keys share a partition, so the articles of one desk or
    /// feed meet in one partition's stories).
    #[arg(long, value_name = "FIELD")]
    key_field: Option<String>,
    /// JSON Lines files (`-` for stdin): each non-blank line becomes one message, sent as it is.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
}

pub fn run(args: WorkerArgs) -> anyhow::Result<ExitCode> {
    if args.batch_size == 0 {
        return Err(UserError("--batch-size must be at least 1".into()).into());
    }
    let idle_exit = match args.idle_exit {
        None => None,
        Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s)),
        Some(s) => {
            return Err(
                UserError(format!("--idle-exit must be a positive number of seconds, not {s}")).into()
            );
        }
    };
    samestory_worker::check_topic(&args.topic).map_err(|e| UserError(e.to_string()))?;
    let mut config = WorkerConfig::new(&args.brokers, &args.topic, &args.group, &args.state);
    config.batch_size = args.batch_size;
    config.linger = Duration::from_millis(args.linger_ms);
    config.session_timeout = Duration::from_millis(args.session_timeout_ms);
    config.idle_exit = idle_exit;
    for property in &args.properties {
        let Some((name, value)) = property.split_once('=') else {
            return Err(UserError(format!("--kafka-property {property:?} is not NAME=VALUE")).into());
        };
        config.properties.push((name.trim().to_string(), value.trim().to_string()));
    }
    let stop = Arc::new(AtomicBool::new(false));
    stop_on_signal(Arc::clone(&stop));
    let report = run_worker(&config, &stop)
        .with_context(|| format!("worker of group {} on topic {} stopped", args.group, args.topic))?;
    let mut out = output::stdout();
    if args.json {
        output::json_pretty(&mut out, &report)?;
    } else {
        print_report(&mut out, &report)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_report(out: &mut impl Write, r: &WorkerReport) -> std::io::Result<()> {
    writeln!(
        out,
        "messages {} · new {} · duplicate {} · copies {} · rejected {} · batches {} · partitions assigned {}",
        r.messages, r.new, r.duplicate, r.copies, r.rejected, r.batches, r.assigned
    )?;
    for (partition, next) in &r.offsets {
        writeln!(out, "partition {partition}: next offset {next}")?;
    }
    Ok(())
}

/// Sets `stop` on SIGINT or SIGTERM, so the worker commits what it buffered and leaves its group.
fn stop_on_signal(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            tracing::warn!("cannot watch for signals: stop the worker with SIGKILL");
            return;
        };
        runtime.block_on(async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                match signal(SignalKind::terminate()) {
                    Ok(mut term) => {
                        tokio::select! {
                            _ = tokio::signal::ctrl_c() => {}
                            _ = term.recv() => {}
                        }
                    }
                    Err(_) => {
                        let _ = tokio::signal::ctrl_c().await;
                    }
                }
            }
            #[cfg(not(unix))]
            {
                let _ = tokio::signal::ctrl_c().await;
            }
        });
        tracing::info!("stopping: committing buffered messages");
        stop.store(true, Ordering::Relaxed);
    });
}

pub fn run_produce(args: ProduceArgs) -> anyhow::Result<ExitCode> {
    samestory_worker::check_topic(&args.topic).map_err(|e| UserError(e.to_string()))?;
    if args.files.is_empty() {
        return Err(UserError("no input: give JSON Lines files or `-` for stdin".into()).into());
    }
    if let Some(partitions) = args.create {
        if partitions < 1 {
            return Err(UserError(format!("--create needs at least 1 partition, not {partitions}")).into());
        }
        create_topic(&args.brokers, &args.topic, partitions)?;
    }
    let placement = match (args.partition, args.key_field) {
        (Some(p), _) if p < 0 => {
            return Err(UserError(format!("--partition must be at least 0, not {p}")).into());
        }
        (Some(p), _) => Placement::Partition(p),
        (None, Some(field)) => Placement::KeyField(field),
        (None, None) => Placement::Spread,
    };
    let producer = Producer::new(&args.brokers, &args.topic)?;
    let mut sent = 0;
    for path in &args.files {
        let report = if path == "-" {
            producer.send_lines("-", std::io::stdin().lock(), &placement)?
        } else {
            let file = File::open(path).map_err(|e| UserError(format!("cannot open {path}: {e}")))?;
            producer.send_lines(path, BufReader::new(file), &placement)?
        };
        sent += report.sent;
    }
    let mut out = output::stdout();
    writeln!(out, "sent {sent} messages to {}", args.topic)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
