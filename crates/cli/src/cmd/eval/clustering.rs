//! `samestory eval clustering`: the online story clusterer on a labeled benchmark, scored against its gold
//! stories.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use samestory_cluster::ClusterConfig;
use samestory_cluster::eval::{self, LabeledDoc, open, read_googlenews, read_uci};
use serde_json::json;

use crate::cmd::UserError;
use crate::output;

/// The benchmark a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Dataset {
    /// GoogleNews-T, -S or -TS (JSON Lines `{"text", "cluster"}`, as distributed with GSDMM).
    Googlenews,
    /// UCI News Aggregator (tab-separated, no header): headline, publisher and time, in time order.
    Uci,
}

/// Arguments of `samestory eval clustering`.
#[derive(Args, Debug)]
pub struct ClusteringArgs {
    /// Which benchmark FILE holds.
    #[arg(long, value_enum)]
    dataset: Dataset,
    /// The benchmark file (gzip is undone).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Skip this many documents first (after sorting UCI by time), to score a part of the stream.
    #[arg(long, default_value_t = 0, value_name = "N")]
    skip: usize,
    /// Score at most this many documents (after `--skip`).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Override the similarity at which a document joins a story.
    #[arg(long, value_name = "COSINE")]
    threshold: Option<f64>,
    /// Override how long a story stays active after its last document, in hours.
    #[arg(long, value_name = "HOURS")]
    window_hours: Option<f64>,
    /// Override how long a story takes documents after its first, in hours.
    #[arg(long, value_name = "HOURS")]
    max_span_hours: Option<f64>,
    /// Print the scores as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ClusteringArgs) -> anyhow::Result<ExitCode> {
    let reader = open(&args.file).map_err(|e| UserError(e.to_string()))?;
    let docs = match args.dataset {
        Dataset::Googlenews => read_googlenews(reader, &args.file),
        Dataset::Uci => read_uci(reader, &args.file),
    }
    .map_err(|e| UserError(e.to_string()))?;
    let total = docs.len();
    let docs: Vec<LabeledDoc> =
        docs.into_iter().skip(args.skip).take(args.limit.unwrap_or(usize::MAX)).collect();
    if docs.is_empty() {
        return Err(UserError(format!(
            "no documents left in {} after skipping {} of {total}",
            args.file.display(),
            args.skip
        ))
        .into());
    }
    let mut config = ClusterConfig::default();
    if let Some(t) = args.threshold {
        config.threshold = t;
    }
    if let Some(hours) = args.window_hours {
        config.window = duration("--window-hours", hours)?;
    }
    if let Some(hours) = args.max_span_hours {
        config.max_span = duration("--max-span-hours", hours)?;
    }
    config.validate().map_err(|e| UserError(e.to_string()))?;
    let result = eval::run(&docs, config.clone())?;
    let s = result.scores;
    let name = args
        .file
        .file_name()
        .map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut out = output::stdout();
    if args.json {
        let value = json!({
            "dataset": name,
            "documents": s.items,
            "skipped": args.skip,
            "clusters_found": s.predicted_clusters,
            "clusters_true": s.gold_clusters,
            "bcubed": {"precision": s.bcubed.precision, "recall": s.bcubed.recall, "f1": s.bcubed.f1},
            "pairwise": {"precision": s.pairwise.precision, "recall": s.pairwise.recall, "f1": s.pairwise.f1},
            "nmi": s.nmi,
            "ari": s.ari,
            "accuracy": s.accuracy,
            "seconds": result.seconds,
            "docs_per_second": result.docs_per_second(),
            "threshold": config.threshold,
            "window_hours": config.window.num_milliseconds() as f64 / 3_600_000.0,
            "max_span_hours": config.max_span.num_milliseconds() as f64 / 3_600_000.0,
        });
        output::json_line(&mut out, &value)?;
    } else {
        let range = if args.skip > 0 || s.items < total {
            format!(" (documents {}..{} of {total})", args.skip + 1, args.skip + s.items)
        } else {
            String::new()
        };
        writeln!(out, "dataset     {name}{range}")?;
        writeln!(out, "documents   {}", s.items)?;
        writeln!(out, "clusters    {} found, {} true", s.predicted_clusters, s.gold_clusters)?;
        writeln!(
            out,
            "B-cubed     P {:.4}  R {:.4}  F1 {:.4}",
            s.bcubed.precision, s.bcubed.recall, s.bcubed.f1
        )?;
        writeln!(
            out,
            "pairwise    P {:.4}  R {:.4}  F1 {:.4}",
            s.pairwise.precision, s.pairwise.recall, s.pairwise.f1
        )?;
        writeln!(out, "NMI         {:.4}", s.nmi)?;
        writeln!(out, "ARI         {:.4}", s.ari)?;
        writeln!(out, "accuracy    {:.4} (Hungarian matching)", s.accuracy)?;
        writeln!(
            out,
            "speed       {:.0} docs/s ({:.2} s, one thread)",
            result.docs_per_second(),
            result.seconds
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A number of hours from the command line as a duration (at most ten million).
fn duration(flag: &str, hours: f64) -> Result<chrono::Duration, UserError> {
    if !(hours.is_finite() && (0.0..=10_000_000.0).contains(&hours)) {
        return Err(UserError(format!(
            "invalid {flag} {hours}: must be a number of hours from 0 to 10000000"
        )));
    }
    Ok(chrono::Duration::milliseconds((hours * 3_600_000.0).round() as i64))
}
