//! `samestory ingest`: read articles into the store.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use samestory_pipeline::{IngestReport, Ingestor};
use samestory_source::{Input, Limits, read_inputs};
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
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let ingestor = super::open_ingestor(&args.db.db)?.with_batch_size(args.batch_size);
    let inputs = args.paths.iter().map(|p| Input::parse(p)).collect();
    let report = ingest(ingestor, inputs)?;
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

/// Runs an ingest with a progress line on a terminal.
pub fn ingest(mut ingestor: Ingestor, inputs: Vec<Input>) -> anyhow::Result<IngestReport> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"));
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let report = ingestor.ingest(read_inputs(inputs, Limits::default()), |r| {
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
    Ok(report?)
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
