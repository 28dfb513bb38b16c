//! `samestory ingest`: read articles into the store.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use samestory_model::Rejection;
use samestory_pipeline::{IngestReport, Ingestor};
use samestory_source::{
    Documents, Input, Limits, MAX_RECORDS_PER_INPUT, MAX_REJECTIONS_IN_A_ROW, read_inputs,
};
use serde_json::json;

use super::UserError;
use crate::DbArgs;
use crate::output;

/// Arguments of `samestory ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Exit non-zero when any input was rejected.
    #[arg(long)]
    strict: bool,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256, value_name = "N")]
    batch_size: usize,
    /// Write every rejected input to FILE as JSON Lines: `{"source", "line", "record", "reason"}`, as the
    /// ingest goes (the file is replaced).
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// The largest document taken (a text or HTML file, a WARC payload after decoding), in bytes.
    #[arg(long, default_value_t = Limits::default().max_document_bytes, value_name = "BYTES")]
    max_document_bytes: usize,
    /// The longest JSON line (or JSON array element, or WARC header line) taken, in bytes.
    #[arg(long, default_value_t = Limits::default().max_line_bytes, value_name = "BYTES")]
    max_line_bytes: usize,
    /// The most records (JSON lines, WARC records) read from one input; 0 for no limit.
    #[arg(long, default_value_t = MAX_RECORDS_PER_INPUT, value_name = "N")]
    max_records: u64,
    /// Rejections in a row after which the rest of an input is passed over; 0 for no limit.
    #[arg(long, default_value_t = MAX_REJECTIONS_IN_A_ROW, value_name = "N")]
    max_rejections_in_a_row: u64,
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let mut rejects = match &args.rejects {
        Some(path) => Some(RejectsFile::create(path)?),
        None => None,
    };
    let ingestor = super::open_ingestor(&args.db.db)?.with_batch_size(args.batch_size);
    let inputs = args.paths.iter().map(|p| Input::parse(p)).collect();
    let limits = Limits { max_document_bytes: args.max_document_bytes, max_line_bytes: args.max_line_bytes };
    let documents =
        read_inputs(inputs, limits).with_record_limits(args.max_records, args.max_rejections_in_a_row);
    let report = ingest_documents(ingestor, documents, rejects.as_mut())?;
    if let Some(rejects) = rejects {
        rejects.finish()?;
    }
    let mut out = output::stdout();
    if args.json {
        output::json_pretty(&mut out, &report_json(&report))?;
    } else {
        print_report(&mut out, &report)?;
    }
    out.flush()?;
    if report.new + report.duplicate == 0 {
        return Err(
            UserError(format!("nothing could be read ({} inputs rejected)", report.rejected.len())).into()
        );
    }
    if args.strict && !report.rejected.is_empty() {
        return Err(UserError(format!("{} inputs rejected (--strict)", report.rejected.len())).into());
    }
    Ok(ExitCode::SUCCESS)
}

/// The `--rejects` file: one JSON line per rejected input, written as the ingest goes, so the file holds
/// every rejection seen so far even when the ingest stops on a store error.
pub struct RejectsFile {
    path: PathBuf,
    out: BufWriter<File>,
    written: usize,
    error: Option<std::io::Error>,
}

impl RejectsFile {
    /// Creates (or truncates) the file.
    pub fn create(path: &Path) -> anyhow::Result<RejectsFile> {
        let file = File::create(path)
            .with_context(|| format!("cannot create the rejects file {}", path.display()))?;
        Ok(RejectsFile { path: path.to_path_buf(), out: BufWriter::new(file), written: 0, error: None })
    }

    /// Writes the rejections not written yet; the first write error is kept for [`RejectsFile::finish`].
    fn catch_up(&mut self, rejected: &[Rejection]) {
        for rejection in rejected.iter().skip(self.written) {
            if self.error.is_some() {
                // the first write error is kept; the rest would say the same
            } else if let Err(e) = output::json_line(&mut self.out, &reject_line(rejection)) {
                self.error = Some(std::io::Error::other(e.to_string()));
            }
            self.written += 1;
        }
    }

    /// Flushes the file and reports a write error met on the way.
    pub fn finish(mut self) -> anyhow::Result<()> {
        let flushed = self.out.flush();
        match self.error.take().map_or(flushed, Err) {
            Ok(()) => Ok(()),
            Err(e) => {
                Err(e).with_context(|| format!("cannot write the rejects file {}", self.path.display()))
            }
        }
    }
}

/// One line of the rejects file: where the input was and why it was not taken.
pub fn reject_line(rejection: &Rejection) -> serde_json::Value {
    json!({
        "source": rejection.origin.source,
        "line": rejection.origin.line,
        "record": rejection.origin.record,
        "reason": rejection.reason,
    })
}

/// Runs an ingest with a progress line on a terminal.
pub fn ingest(ingestor: Ingestor, inputs: Vec<Input>) -> anyhow::Result<IngestReport> {
    ingest_documents(ingestor, read_inputs(inputs, Limits::default()), None)
}

/// Runs an ingest of `documents` with a progress line on a terminal, writing rejections to `rejects` as
/// they come. On a store error, the rejects file still gets every rejection seen before it.
pub fn ingest_documents(
    mut ingestor: Ingestor,
    documents: Documents,
    mut rejects: Option<&mut RejectsFile>,
) -> anyhow::Result<IngestReport> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"));
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let report = ingestor.ingest(documents, |r| {
        if let Some(rejects) = rejects.as_deref_mut() {
            rejects.catch_up(&r.rejected);
        }
        if r.read % 64 == 0 {
            bar.set_message(format!(
                "read {} · new {} · duplicate {} · rejected {}",
                r.read,
                r.new,
                r.duplicate,
                r.rejected.len()
            ));
        }
    });
    bar.finish_and_clear();
    match report {
        Ok(report) => {
            if let Some(rejects) = rejects {
                rejects.catch_up(&report.rejected);
            }
            Ok(report)
        }
        Err(e) => {
            if let Some(rejects) = rejects {
                let _ = rejects.out.flush();
            }
            Err(e).context("ingest stopped (every batch committed before the error is kept)")
        }
    }
}

pub fn report_json(report: &IngestReport) -> serde_json::Value {
    json!({
        "read": report.read,
        "new": report.new,
        "duplicate": report.duplicate,
        "copies": report.copies,
        "rejected_count": report.rejected.len(),
        "rejected": report.rejected,
    })
}

pub fn print_report(out: &mut impl Write, report: &IngestReport) -> anyhow::Result<()> {
    writeln!(
        out,
        "read {}, new {}, duplicate {}, rejected {} ({} of the new are copies of other articles)",
        report.read,
        report.new,
        report.duplicate,
        report.rejected.len(),
        report.copies
    )?;
    for rejection in &report.rejected {
        writeln!(out, "rejected {rejection}")?;
    }
    Ok(())
}
