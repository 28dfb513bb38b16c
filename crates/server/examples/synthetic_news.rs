//! Writes synthetic news as JSON Lines for the server's load benchmark (`bench/server/run.sh`):
//! `cargo run --release -p samestory-server --example synthetic_news -- 100000 > news.jsonl`.
//!
//! Arguments: the number of articles (default 100000), then optionally the seed (default 7).

use samestory_testkit::synthetic;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    // About 250 events a day over a year, like a regional news crawl.
    let days = (count / 1000).max(1) as i64 * 4;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for article in synthetic::corpus(seed, count, 0, days.min(365), "syn-") {
        serde_json::to_writer(&mut out, &article)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
