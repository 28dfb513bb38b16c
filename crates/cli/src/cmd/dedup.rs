//! `samestory dedup`: copy detection over JSON Lines with no store.
//!
//! Every input line gives one output line, in input order: `{"id", "duplicate_of", "similarity", "kind"}`,
//! or, for a line that cannot be taken, the same keys set to null and an `"error"`. The answers are final:
//! the original of a group of copies is its earliest published text (ties: the longest), even when a copy
//! came first in the input, so output is written once all input is read.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use samestory_pipeline::{CopyLedger, DedupConfig, DocRef, to_article};
use samestory_source::{Input, Limits, read_inputs};
use serde_json::json;

use super::UserError;
use crate::output;

/// Arguments of `samestory dedup`.
#[derive(Args, Debug)]
pub struct DedupArgs {
    /// JSON Lines articles (the ingest schema), `-` for stdin; gzip is undone.
    #[arg(long, default_value = "-", value_name = "FILE")]
    input: String,
    /// Where to write the JSON Lines result, `-` for stdout.
    #[arg(long, default_value = "-", value_name = "FILE")]
    output: String,
    /// Estimated Jaccard similarity of word-shingle sets from which a text is a near copy, in (0, 1].
    #[arg(long, default_value_t = 0.7, value_name = "T")]
    threshold: f64,
}

/// One input line's place in the output.
enum Slot {
    /// Taken: its id and its number in the ledger.
    Taken(String, usize),
    /// Not taken: the output line already made.
    Rejected(serde_json::Value),
}

pub fn run(args: DedupArgs) -> anyhow::Result<ExitCode> {
    let config = DedupConfig { threshold: args.threshold, ..DedupConfig::default() };
    config.validate().map_err(|e| UserError(format!("--threshold {}: {e}", args.threshold)))?;
    let mut out: Box<dyn Write> = match args.output.as_str() {
        "-" => Box::new(output::stdout()),
        path => Box::new(std::io::BufWriter::new(
            std::fs::File::create(PathBuf::from(path))
                .map_err(|e| anyhow::anyhow!("cannot create output file {path}: {e}"))?,
        )),
    };
    let mut ledger = CopyLedger::new(config);
    let mut slots = Vec::new();
    let mut rejected = 0usize;
    for item in read_inputs(vec![Input::parse(&args.input)], Limits::default()) {
        let taken = item.map_err(|r| (None, r)).and_then(|doc| {
            let given = doc.hints.id.clone();
            to_article(doc).map_err(|r| (given, r))
        });
        match taken {
            Ok(article) => {
                let published_ms = article.published.map(|t| t.timestamp_millis());
                ledger.push(DocRef { id: &article.id, text: &article.text(), published_ms });
                slots.push(Slot::Taken(article.id, ledger.len() - 1));
            }
            Err((id, rejection)) => {
                rejected += 1;
                slots.push(Slot::Rejected(output::rejected_line(
                    id,
                    &rejection,
                    &["duplicate_of", "similarity", "kind"],
                )));
            }
        }
    }
    let answers = ledger.answers();
    for slot in slots {
        let line = match slot {
            Slot::Rejected(line) => line,
            Slot::Taken(id, at) => {
                let copy = answers[at].as_ref();
                json!({
                    "id": id,
                    "duplicate_of": copy.map(|m| m.original.as_str()),
                    "similarity": copy.map(|m| (m.similarity * 1e4).round() / 1e4),
                    "kind": copy.map(|m| m.kind.as_str()),
                })
            }
        };
        output::json_line(&mut out, &line)?;
    }
    out.flush()?;
    if rejected > 0 {
        tracing::warn!(rejected, "some input lines were rejected");
    }
    Ok(ExitCode::SUCCESS)
}
