//! Times the comparison of 50 full articles as one story (PolNeAR articles naming Trump, seven outlets).
//!
//! `cargo run --release -p samestory-compare --example timing [-- PATH]` (default
//! `../shared/data/quotes/polnear-train-dev.jsonl.gz`). Prints the mean of 10 runs.

use std::path::PathBuf;
use std::time::Instant;

use samestory_compare::{Member, compare};
use samestory_model::Article;

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| samestory_testkit::shared_root().join("data/quotes/polnear-train-dev.jsonl.gz"));
    let gold = samestory_quotes::score::read_gold(&path).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1);
    });
    let members: Vec<Member> = gold
        .iter()
        .filter(|a| a.id.contains("trump"))
        .take(50)
        .map(|a| {
            let mut article = Article::from_paragraphs(a.text.split('\n').map(str::to_string).collect());
            article.id = a.id.clone();
            article.outlet = a.id.split('/').nth(1).and_then(|s| s.split('_').next()).map(str::to_string);
            Member::original(article)
        })
        .collect();
    let words: usize = members.iter().map(|m| m.article.text().split_whitespace().count()).sum();
    let runs = 10;
    let t = Instant::now();
    let mut c = compare(1, &members);
    for _ in 1..runs {
        c = compare(1, &members);
    }
    let ms = t.elapsed().as_secs_f64() * 1e3 / runs as f64;
    println!(
        "{} articles ({words} words): {ms:.1} ms per comparison (mean of {runs}); {} shared facts, {} quote rows, {} entities, {} disagreements",
        members.len(),
        c.shared_facts.len(),
        c.quotes.len(),
        c.entities.len(),
        c.disagreements.len()
    );
}
