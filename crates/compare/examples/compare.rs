//! Compares the articles of a JSON Lines file as one story and prints the comparison as JSON, with the time
//! it took on stderr.
//!
//! `cargo run --release -p samestory-compare --example compare -- articles.jsonl [--repeat N]`
//!
//! Each line is an article: `{"id", "source", "title", "text", "published"}` (`text` paragraphs separated by
//! blank lines). With `--repeat N` the comparison runs N times and only the mean time is printed.

use std::time::Instant;

use samestory_compare::{Member, compare};
use samestory_model::Article;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: compare FILE.jsonl [--repeat N]");
        std::process::exit(2);
    };
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("error: cannot read {path}: {e}");
        std::process::exit(1);
    });
    let mut members = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: line {}: {e}", n + 1);
                std::process::exit(1);
            }
        };
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let paragraphs = s("text").unwrap_or_default().split("\n").map(str::to_string).collect();
        let mut a = Article::from_paragraphs(paragraphs);
        a.id = s("id").unwrap_or_else(|| format!("line{}", n + 1));
        a.outlet = s("source");
        a.title = s("title");
        a.published =
            s("published").and_then(|p| chrono::DateTime::parse_from_rfc3339(&p).ok()).map(|t| t.to_utc());
        members.push(Member::original(a));
    }
    let runs = repeat.max(1);
    let t = Instant::now();
    let mut c = compare(1, &members);
    for _ in 1..runs {
        c = compare(1, &members);
    }
    let per = t.elapsed().as_secs_f64() / runs as f64;
    eprintln!("{} articles compared in {:.1} ms (mean of {runs})", members.len(), per * 1000.0);
    if repeat == 0 {
        println!("{}", serde_json::to_string_pretty(&c).unwrap());
    }
}
