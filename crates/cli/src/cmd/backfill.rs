//! `samestory backfill`: near-duplicate groups over Parquet and WARC / JSON Lines shards with DataFusion
//! (the `backfill` cargo feature).
//!
//! One output line per input row, in id order: `{"id", "group", "original", "copy_of", "similarity",
//! "kind"}` (`"error"` for a row that could not be taken), then a summary on stderr (and as JSON with
//! `--summary FILE`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use samestory_backfill::{Backfill, BackfillConfig, BackfillError};
use samestory_pipeline::DedupConfig;

use super::UserError;
use crate::output;

/// Arguments of `samestory backfill`.
#[derive(Args, Debug)]
pub struct BackfillArgs {
    /// Shards: Parquet files (columns id, text, optional published and url), WARC, JSON Lines, HTML or
    /// text files, or directories holding them.
    #[arg(required = true, value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// Where to write the JSON Lines result, `-` for stdout.
    #[arg(long, default_value = "-", value_name = "FILE")]
    output: String,
    /// Also write the summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Estimated Jaccard similarity of word-shingle sets from which a text is a near copy, in (0, 1].
    #[arg(long, default_value_t = 0.7, value_name = "T")]
    threshold: f64,
    /// Directory for the stages' Parquet files (default: a fresh one under the temporary directory,
    /// removed afterwards).
    #[arg(long, value_name = "DIR")]
    work_dir: Option<PathBuf>,
    /// Keep the work directory.
    #[arg(long)]
    keep_work: bool,
    /// Threads (DataFusion partitions); 0 for the number of cores.
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
}

pub fn run(args: BackfillArgs) -> anyhow::Result<ExitCode> {
    let dedup = DedupConfig { threshold: args.threshold, ..DedupConfig::default() };
    dedup.validate().map_err(|e| UserError(format!("--threshold {}: {e}", args.threshold)))?;
    let config = BackfillConfig {
        dedup,
        work_dir: args.work_dir.clone(),
        keep_work: args.keep_work,
        partitions: args.threads,
        ..BackfillConfig::default()
    };
    let job = Backfill::new(config).map_err(|e| UserError(e.to_string()))?;
    let mut out: Box<dyn Write> = match args.output.as_str() {
        "-" => Box::new(output::stdout()),
        path => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot create output file {path}"))?,
        )),
    };
    let threads = match args.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    // DataFusion plans recursively: the job runs on workers with large stacks, lines come back over a
    // channel and are written here as they arrive.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .thread_stack_size(32 << 20)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (tx, rx) = std::sync::mpsc::channel();
    let inputs = args.inputs.clone();
    let task = runtime.spawn(async move {
        job.run(&inputs, move |line| {
            let _ = tx.send(line);
        })
        .await
    });
    for line in rx {
        output::json_line(&mut out, &line)?;
    }
    out.flush()?;
    let result = runtime.block_on(task).context("the backfill task failed")?;
    let summary = match result {
        Ok(summary) => summary,
        Err(
            e @ (BackfillError::NoInput
            | BackfillError::Io { .. }
            | BackfillError::Schema(_)
            | BackfillError::DuplicateId(_)),
        ) => return Err(UserError(e.to_string()).into()),
        Err(e) => return Err(e).context("backfill failed"),
    };
    let seconds: f64 = summary.seconds.iter().map(|(_, s)| s).sum();
    eprintln!(
        "backfill: {} rows, {} texts, {} rejected; {} groups, {} copies ({} exact, {} near, {} contained, {} \
         transitive); {} candidate pairs, {} edges, {} rounds; {:.2} s, {:.0} docs/s, {:.1} MB/s",
        summary.rows,
        summary.documents,
        summary.rejected,
        summary.groups,
        summary.copies,
        summary.exact,
        summary.near,
        summary.contained,
        summary.transitive,
        summary.candidate_pairs,
        summary.edges,
        summary.rounds,
        seconds,
        summary.rows as f64 / seconds.max(1e-9),
        summary.input_bytes as f64 / 1e6 / seconds.max(1e-9),
    );
    let stages: Vec<String> = summary.seconds.iter().map(|(name, s)| format!("{name} {s:.2} s")).collect();
    eprintln!("backfill stages: {}", stages.join(", "));
    if let Some(path) = &args.summary {
        let json = serde_json::to_string_pretty(&summary)?;
        std::fs::write(path, json + "\n").with_context(|| format!("cannot write {}", path.display()))?;
    }
    if summary.rejected > 0 {
        tracing::warn!(rejected = summary.rejected, "some inputs were rejected");
    }
    Ok(ExitCode::SUCCESS)
}
