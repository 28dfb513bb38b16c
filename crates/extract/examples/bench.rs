//! Scores our extractor on a benchmark and measures pages per second on one thread; a tool for tuning.
//!
//! ```text
//! cargo run --release -p samestory-extract --example bench -- wcxb ../shared/data/extraction/wcxb-dev [--pages] [--repeat N]
//! ```
//!
//! `--pages` prints every page's scores (worst first); `--repeat N` runs the extraction N times for timing;
//! `--show ID` prints what was extracted from the pages whose id starts with ID, lines mostly missing from
//! the reference marked `-`, then the reference lines that were missed (`+`); with `--meta`, one line of
//! metadata (reference, ours) per page instead. Speed is printed as wall-clock pages/s and as pages per
//! second of the thread's own CPU time (Linux), which other load on the machine does not inflate.

use std::path::PathBuf;
use std::time::Instant;

use samestory_extract::eval::{Dataset, extract, load, score};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dataset: Dataset = args.first().ok_or("usage: bench scrapinghub|wcxb DIR")?.parse()?;
    let dir = PathBuf::from(args.get(1).ok_or("usage: bench scrapinghub|wcxb DIR")?);
    let per_page = args.iter().any(|a| a == "--pages");
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut cases = load(dataset, &dir)?;
    if let Some(id) = args.iter().position(|a| a == "--show").and_then(|i| args.get(i + 1)) {
        cases.retain(|c| c.id.starts_with(id.as_str()));
        for c in &cases {
            let p = extract(c);
            if args.iter().any(|a| a == "--meta") {
                println!(
                    "META {} {:?} {:?} | {:?} {:?} | {:?} {:?}",
                    c.id, c.date, p.date, c.author, p.author, c.title, p.title
                );
                continue;
            }
            println!(
                "== {} {} title={:?} author={:?} date={:?}",
                c.id,
                c.url.as_deref().unwrap_or(""),
                p.title,
                p.author,
                p.date
            );
            println!("   truth title={:?} author={:?} date={:?}", c.title, c.author, c.date);
            let truth: std::collections::HashSet<String> =
                samestory_extract::eval::words(&c.text).into_iter().collect();
            let ours: std::collections::HashSet<String> =
                samestory_extract::eval::words(&p.text).into_iter().collect();
            for line in p.text.lines() {
                let w = samestory_extract::eval::words(line);
                let hit = w.iter().filter(|x| truth.contains(*x)).count();
                let mark = if hit * 2 < w.len() { "-" } else { " " };
                println!("{mark} {}", line.chars().take(160).collect::<String>());
            }
            println!("-- missed:");
            for line in c.text.lines() {
                let w = samestory_extract::eval::words(line);
                let hit = w.iter().filter(|x| ours.contains(*x)).count();
                if hit * 2 < w.len() {
                    println!("+ {}", line.chars().take(160).collect::<String>());
                }
            }
        }
        return Ok(());
    }
    // One untimed page first, as `samestory eval extraction` does: one-time setup is not per-page work.
    if let Some(first) = cases.first() {
        extract(first);
    }
    let started = Instant::now();
    let cpu0 = cpu_secs();
    let mut preds = Vec::new();
    for _ in 0..repeat {
        preds = cases.iter().map(extract).collect();
    }
    let seconds = started.elapsed().as_secs_f64() / repeat as f64;
    let cpu = (cpu_secs() - cpu0) / repeat as f64;
    let report = score(dataset, "ours", &cases, &preds, seconds);
    if per_page {
        let mut pages = report.pages.clone();
        pages.sort_by(|a, b| a.f1.total_cmp(&b.f1));
        for p in &pages {
            let url = cases.iter().find(|c| c.id == p.id).and_then(|c| c.url.as_deref()).unwrap_or("");
            println!(
                "{} {:<13} P={:.3} R={:.3} F1={:.3} {url}",
                p.id, p.page_type, p.precision, p.recall, p.f1
            );
        }
    }
    let s = report.all;
    println!("{dataset}: {} pages P={:.4} R={:.4} F1={:.4}", s.pages, s.precision, s.recall, s.f1);
    for (t, s) in &report.by_type {
        println!("  {t:<14} {:>4} P={:.4} R={:.4} F1={:.4}", s.pages, s.precision, s.recall, s.f1);
    }
    let rate = |a: samestory_extract::eval::Accuracy| {
        a.rate().map_or("-".into(), |r| format!("{r:.3} ({}/{})", a.correct, a.checked))
    };
    println!("title {} author {} date {}", rate(report.title), rate(report.author), rate(report.date));
    println!("{:.1} pages/s wall, {:.1} pages/s on-CPU", report.pages_per_second, cases.len() as f64 / cpu);
    Ok(())
}

/// Seconds this thread has run on a CPU (Linux), so that other load on the machine does not count.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}
