//! `samestory eval`: quality and speed on the public benchmarks, scored as each benchmark defines it.

pub mod clustering;
pub mod extraction;
pub mod quotes;

use std::process::ExitCode;

use clap::{Args, Subcommand};

/// Arguments of `samestory eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand, Debug)]
enum What {
    /// Article extraction on ScrapingHub or WCXB: precision, recall, F1, metadata accuracy, pages/s.
    Extraction(extraction::ExtractionArgs),
    /// Story clustering on GoogleNews or UCI News: B-cubed, pairwise F1, NMI, ARI, accuracy, docs/s.
    Clustering(clustering::ClusteringArgs),
    /// Quotations and speakers on PolNeAR: quote P/R/F1 at overlap 0.3 and 0.8, speaker accuracy,
    /// articles/s; peers' predictions scored beside ours.
    Quotes(quotes::QuotesArgs),
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Extraction(args) => extraction::run(args),
        What::Clustering(args) => clustering::run(args),
        What::Quotes(args) => quotes::run(args),
    }
}
