//! `samestory cluster`: batch clustering of JSON Lines with no store. This is the evaluation interface.
//!
//! One line out per input line, in input order. When the clusterer's merge pass joined stories after an
//! article, its line also carries `"merges": [{"absorbed": B, "survivor": A}, ...]`: from then on story B
//! is part of story A (lines printed earlier keep saying B; resolve them through the merges).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use samestory_pipeline::{Engine, to_article};
use samestory_source::{Input, Limits, read_inputs};
use serde_json::json;

use crate::output;

/// Arguments of `samestory cluster`.
#[derive(Args, Debug)]
pub struct ClusterArgs {
    /// JSON Lines articles (the ingest schema), `-` for stdin; gzip is undone.
    #[arg(long, default_value = "-", value_name = "FILE")]
    input: String,
    /// Where to write the JSON Lines result, `-` for stdout.
    #[arg(long, default_value = "-", value_name = "FILE")]
    output: String,
}

pub fn run(args: ClusterArgs) -> anyhow::Result<ExitCode> {
    let mut out: Box<dyn Write> = match args.output.as_str() {
        "-" => Box::new(output::stdout()),
        path => Box::new(std::io::BufWriter::new(
            std::fs::File::create(PathBuf::from(path))
                .map_err(|e| anyhow::anyhow!("cannot create output file {path}: {e}"))?,
        )),
    };
    let mut engine = Engine::default();
    let mut rejected = 0usize;
    let mut merged = 0usize;
    let now = chrono::Utc::now();
    for item in read_inputs(vec![Input::parse(&args.input)], Limits::default()) {
        let line = match item {
            Err(rejection) => output::rejected_line(None, &rejection, &["story", "duplicate_of"]),
            Ok(doc) => {
                let given = doc.hints.id.clone();
                match to_article(doc) {
                    Err(rejection) => output::rejected_line(given, &rejection, &["story", "duplicate_of"]),
                    Ok(mut article) => {
                        article.ingested = Some(now);
                        let assignment = engine.process(&article);
                        let copy = assignment.copy.as_ref();
                        let mut line = json!({
                            "id": article.id,
                            "story": assignment.story,
                            "duplicate_of": copy.map(|m| m.original.as_str()),
                            "similarity": copy.map(|m| m.similarity),
                            "kind": copy.map(|m| m.kind.as_str()),
                        });
                        // The merge pass ran after this article: earlier stories it joined.
                        let merges = engine.take_merges();
                        if !merges.is_empty() {
                            merged += merges.len();
                            line["merges"] = json!(merges);
                        }
                        line
                    }
                }
            }
        };
        if line.get("error").is_some() {
            rejected += 1;
        }
        output::json_line(&mut out, &line)?;
    }
    out.flush()?;
    if merged > 0 {
        tracing::info!(
            merged,
            "stories merged into older ones (see the \"merges\" of the line after which each ran)"
        );
    }
    if rejected > 0 {
        tracing::warn!(rejected, "some input lines were rejected");
    }
    Ok(ExitCode::SUCCESS)
}
