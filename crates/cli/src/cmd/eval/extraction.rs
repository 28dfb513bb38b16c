//! `samestory eval extraction`: our extractor on ScrapingHub or WCXB, scored as each benchmark scores it,
//! in one table with the peers whose predictions are given (see `bench/extraction/run.sh`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use samestory_extract::eval::{self, Accuracy, Case, Dataset, Prediction, Report};
use serde::Deserialize;

use super::super::UserError;

/// Arguments of `samestory eval extraction`.
#[derive(Args, Debug)]
pub struct ExtractionArgs {
    /// The benchmark: `scrapinghub` (4-word shingles, P and R averaged over pages, F1 from the averages) or
    /// `wcxb` (bag-of-words P, R, F1 averaged per page; all pages and articles).
    #[arg(long, value_name = "NAME")]
    dataset: String,
    /// The benchmark's directory (ScrapingHub: `ground-truth.json` and `html/`; WCXB: `ground-truth/` and
    /// `html/`).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Another tool's predictions to score in the same table: `NAME=FILE`, FILE a JSON object with
    /// `seconds` (extraction time, one thread) and `pages` (page id → `{text, title, author, date}`).
    #[arg(long = "peer", value_name = "NAME=FILE")]
    peers: Vec<String>,
    /// Extract every page this many times and report the mean time (steadier pages/s).
    #[arg(long, default_value_t = 1, value_name = "N")]
    repeat: usize,
    /// Print the reports as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also print each page's scores (ours), worst first.
    #[arg(long)]
    pages: bool,
    /// Also write our predictions to FILE, in the format `--peer` reads (to compare runs page by page).
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
}

/// A peer's predictions file.
#[derive(Deserialize)]
struct PeerFile {
    #[serde(default)]
    seconds: f64,
    pages: std::collections::HashMap<String, Prediction>,
}

pub fn run(args: ExtractionArgs) -> anyhow::Result<ExitCode> {
    let dataset: Dataset = args.dataset.parse().map_err(|e: eval::EvalError| UserError(e.to_string()))?;
    let cases = eval::load(dataset, &args.dir).map_err(|e| UserError(e.to_string()))?;

    let repeat = args.repeat.max(1);
    // One untimed page first: the extractor's one-time setup (its rules' regexes compile on first use) is
    // not per-page work, as the peers' imports are not counted in their time either.
    if let Some(first) = cases.first() {
        eval::extract(first);
    }
    let started = Instant::now();
    let mut ours: Vec<Prediction> = Vec::new();
    for _ in 0..repeat {
        ours = cases.iter().map(eval::extract).collect();
    }
    let seconds = started.elapsed().as_secs_f64() / repeat as f64;
    if let Some(path) = &args.save {
        let pages: serde_json::Map<String, serde_json::Value> = cases
            .iter()
            .zip(&ours)
            .map(|(c, p)| Ok((c.id.clone(), serde_json::to_value(p)?)))
            .collect::<serde_json::Result<_>>()?;
        let file = serde_json::json!({ "seconds": seconds, "pages": pages });
        std::fs::write(path, serde_json::to_vec(&file)?)
            .with_context(|| format!("cannot write predictions to {}", path.display()))?;
    }
    let mut reports = vec![eval::score(dataset, "samestory", &cases, &ours, seconds)];
    for peer in &args.peers {
        reports.push(peer_report(dataset, &cases, peer)?);
    }

    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
        return Ok(ExitCode::SUCCESS);
    }
    if args.pages {
        let mut pages = reports[0].pages.clone();
        pages.sort_by(|a, b| a.f1.total_cmp(&b.f1));
        for p in pages {
            println!("{} {:<13} P={:.3} R={:.3} F1={:.3}", p.id, p.page_type, p.precision, p.recall, p.f1);
        }
    }
    print_table(dataset, cases.len(), &reports);
    Ok(ExitCode::SUCCESS)
}

fn peer_report(dataset: Dataset, cases: &[Case], spec: &str) -> anyhow::Result<Report> {
    let (name, file) =
        spec.split_once('=').ok_or_else(|| UserError(format!("--peer {spec:?} is not NAME=FILE")))?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read peer predictions {file}"))?;
    let peer: PeerFile = serde_json::from_str(&text)
        .map_err(|e| UserError(format!("cannot parse peer predictions {file}: {e}")))?;
    let preds: Vec<Prediction> =
        cases.iter().map(|c| peer.pages.get(&c.id).cloned().unwrap_or_default()).collect();
    Ok(eval::score(dataset, name, cases, &preds, peer.seconds))
}

fn print_table(dataset: Dataset, pages: usize, reports: &[Report]) {
    let rate = |a: &Accuracy| a.rate().map_or_else(|| "-".to_string(), |r| format!("{r:.3}"));
    match dataset {
        Dataset::ScrapingHub => {
            println!(
                "scrapinghub, {pages} pages: 4-word shingles, P and R averaged over pages, F1 from the averages"
            );
            println!("{:<17} {:>6} {:>6} {:>6} {:>9}", "tool", "F1", "P", "R", "pages/s");
            for r in reports {
                println!(
                    "{:<17} {:>6.3} {:>6.3} {:>6.3} {:>9.1}",
                    r.tool, r.all.f1, r.all.precision, r.all.recall, r.pages_per_second
                );
            }
        }
        Dataset::Wcxb => {
            let articles = reports[0].articles.map_or(0, |a| a.pages);
            println!(
                "wcxb, {pages} pages ({articles} articles): lowercased word bags, P, R and F1 averaged per page; \
                 title/author/date exact on articles (dates on 10 characters)"
            );
            println!(
                "{:<17} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9}",
                "tool", "F1", "P", "R", "F1 art", "P art", "R art", "title", "author", "date", "pages/s"
            );
            for r in reports {
                let a = r.articles.unwrap_or_default();
                println!(
                    "{:<17} {:>6.3} {:>6.3} {:>6.3} {:>7.3} {:>7.3} {:>7.3} {:>7} {:>7} {:>7} {:>9.1}",
                    r.tool,
                    r.all.f1,
                    r.all.precision,
                    r.all.recall,
                    a.f1,
                    a.precision,
                    a.recall,
                    rate(&r.title),
                    rate(&r.author),
                    rate(&r.date),
                    r.pages_per_second
                );
            }
            let types: Vec<&String> = reports[0].by_type.keys().collect();
            print!("{:<17}", "F1 by type");
            for t in &types {
                print!(" {:>13}", format!("{t}({})", reports[0].by_type[*t].pages));
            }
            println!();
            for r in reports {
                print!("{:<17}", r.tool);
                for t in &types {
                    print!(" {:>13.3}", r.by_type.get(*t).map_or(0.0, |s| s.f1));
                }
                println!();
            }
        }
    }
}
