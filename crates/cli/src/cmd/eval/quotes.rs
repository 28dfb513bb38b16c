//! `samestory eval quotes`: quotation extraction and speaker attribution on PolNeAR-style gold data.
//!
//! Quotes are matched one to one when their character overlap reaches 0.3 (and, separately, 0.8) of the
//! longer span; speaker accuracy is over matched quotes whose gold speaker has a name (see
//! `samestory_quotes::score`). Peers' predictions (JSON Lines in the `samestory quotes` format) are scored
//! by the same scorer and printed in the same table.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use samestory_quotes::score::{
    Counts, GoldArticle, Predicted, PredictedArticle, read_gold, read_lines, score_article,
};
use serde_json::json;

use crate::cmd::UserError;
use crate::output;

/// The overlap thresholds reported.
const THRESHOLDS: [f64; 2] = [0.3, 0.8];

/// Arguments of `samestory eval quotes`.
#[derive(Args, Debug)]
pub struct QuotesArgs {
    /// Gold articles, JSON Lines (gzip or plain): `{"id", "text", "quotes": [{"start", "end", "speaker",
    /// "speaker_named", "speaker_resolved"}]}`, as ../shared/data/quotes/polnear-train-dev.jsonl.gz.
    file: PathBuf,
    /// A peer's predictions to score beside ours, `NAME=FILE` (JSON Lines `{"id", "quotes": [{"start",
    /// "end", "speaker"}]}`); repeatable.
    #[arg(long, value_name = "NAME=FILE")]
    peer: Vec<String>,
    /// A peer's run time over the same articles in seconds, `NAME=SECONDS`, for its articles/s.
    #[arg(long, value_name = "NAME=SECONDS")]
    peer_seconds: Vec<String>,
    /// Only the first N articles.
    #[arg(long)]
    limit: Option<usize>,
    /// Print one JSON object per system instead of the table.
    #[arg(long)]
    json: bool,
}

/// One system's scores.
struct Row {
    name: String,
    counts: [Counts; 2],
    articles_per_second: Option<f64>,
    missing: usize,
}

fn score(
    gold: &[GoldArticle],
    predicted: &dyn Fn(&GoldArticle) -> Option<Vec<Predicted>>,
) -> ([Counts; 2], usize) {
    let mut counts = [Counts::default(); 2];
    let mut missing = 0;
    for article in gold {
        let p = predicted(article).unwrap_or_else(|| {
            missing += 1;
            Vec::new()
        });
        for (c, t) in counts.iter_mut().zip(THRESHOLDS) {
            c.add(&score_article(&article.quotes, &p, t));
        }
    }
    (counts, missing)
}

fn split_pair<'a>(arg: &'a str, flag: &str) -> anyhow::Result<(&'a str, &'a str)> {
    arg.split_once('=')
        .filter(|(n, v)| !n.is_empty() && !v.is_empty())
        .ok_or_else(|| UserError(format!("--{flag} {arg}: expected NAME=VALUE")).into())
}

pub fn run(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let mut gold = read_gold(&args.file).map_err(|e| UserError(e.to_string()))?;
    if let Some(n) = args.limit {
        gold.truncate(n);
    }
    if gold.is_empty() {
        return Err(UserError(format!("no articles in {}", args.file.display())).into());
    }
    // Ours: extraction timed on one thread, repeated until the clock has something to measure.
    let mut ours: Vec<Vec<Predicted>> = Vec::new();
    let started = Instant::now();
    let mut passes = 0u32;
    while passes == 0 || (started.elapsed().as_secs_f64() < 1.0 && passes < 20) {
        ours = gold
            .iter()
            .map(|a| samestory_quotes::extract_quotes(&a.text).iter().map(Predicted::from).collect())
            .collect();
        passes += 1;
    }
    let per_second = (gold.len() as f64 * f64::from(passes)) / started.elapsed().as_secs_f64();
    let by_index: HashMap<&str, usize> = gold.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let (counts, _) = score(&gold, &|a| by_index.get(a.id.as_str()).map(|&i| ours[i].clone()));
    let mut rows =
        vec![Row { name: "samestory".into(), counts, articles_per_second: Some(per_second), missing: 0 }];

    let mut seconds: HashMap<&str, f64> = HashMap::new();
    for arg in &args.peer_seconds {
        let (name, secs) = split_pair(arg, "peer-seconds")?;
        let secs: f64 = secs.parse().map_err(|_| UserError(format!("--peer-seconds {arg}: not a number")))?;
        seconds.insert(name, secs);
    }
    for arg in &args.peer {
        let (name, path) = split_pair(arg, "peer")?;
        let predicted: Vec<PredictedArticle> = read_lines(std::path::Path::new(path))
            .with_context(|| format!("reading the predictions of {name}"))?;
        let by_id: HashMap<&str, &PredictedArticle> = predicted.iter().map(|p| (p.id.as_str(), p)).collect();
        let (counts, missing) = score(&gold, &|a| by_id.get(a.id.as_str()).map(|p| p.quotes.clone()));
        let articles_per_second = seconds.get(name).filter(|s| **s > 0.0).map(|s| gold.len() as f64 / s);
        rows.push(Row { name: name.to_string(), counts, articles_per_second, missing });
    }

    let mut out = output::stdout();
    if args.json {
        for r in &rows {
            let [a, b] = &r.counts;
            output::json_line(
                &mut out,
                &json!({
                    "system": r.name,
                    "articles": gold.len(),
                    "missing_articles": r.missing,
                    "overlap_0.3": {"precision": a.precision(), "recall": a.recall(), "f1": a.f1(), "counts": a},
                    "overlap_0.8": {"precision": b.precision(), "recall": b.recall(), "f1": b.f1(), "counts": b},
                    "speaker_accuracy": a.speaker_accuracy(),
                    "speaker_precision": a.speaker_precision(),
                    "articles_per_second": r.articles_per_second,
                }),
            )?;
        }
    } else {
        let gold_quotes: usize = gold.iter().map(|a| a.quotes.len()).sum();
        writeln!(
            out,
            "quotes on {}: {} articles, {} gold quotes",
            args.file.display(),
            gold.len(),
            gold_quotes
        )?;
        writeln!(
            out,
            "{:<12} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>8} {:>8}   {:>10}",
            "system", "P@.3", "R@.3", "F1@.3", "P@.8", "R@.8", "F1@.8", "spk acc", "spk prec", "articles/s"
        )?;
        for r in &rows {
            let [a, b] = &r.counts;
            let speed = r.articles_per_second.map_or_else(|| "-".to_string(), |s| format!("{s:.0}"));
            writeln!(
                out,
                "{:<12} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}   {:>8.3} {:>8.3}   {:>10}{}",
                r.name,
                a.precision(),
                a.recall(),
                a.f1(),
                b.precision(),
                b.recall(),
                b.f1(),
                a.speaker_accuracy(),
                a.speaker_precision(),
                speed,
                if r.missing > 0 { format!("  ({} articles missing)", r.missing) } else { String::new() }
            )?;
        }
        writeln!(
            out,
            "target       F1@.3 >= 0.88, F1@.8 >= 0.82, speaker accuracy >= 0.90, >= 500 articles/s (one core)"
        )?;
        writeln!(
            out,
            "speaker acc: right speakers over matched quotes whose gold speaker has a name (judged {} of {} at 0.3); \
             spk prec: over those given a speaker",
            rows[0].counts[0].speaker_judged, rows[0].counts[0].matched
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
