//! Reads inputs the way `samestory` does and prints what came out: a quick check of a corpus and a
//! throughput measurement.
//!
//! ```text
//! cargo run --release -p samestory-source --example scan -- crawl.warc.gz articles.jsonl pages/
//! ```

use std::time::Instant;

use samestory_source::{Input, Limits, read_inputs};

fn main() {
    let inputs: Vec<Input> = std::env::args().skip(1).map(|a| Input::parse(&a)).collect();
    if inputs.is_empty() {
        eprintln!("usage: scan PATH... (- for stdin)");
        std::process::exit(2);
    }
    let started = Instant::now();
    let mut documents = read_inputs(inputs, Limits::default());
    let (mut bytes, mut html, mut text) = (0u64, 0u64, 0u64);
    for item in documents.by_ref() {
        match item {
            Ok(doc) => {
                bytes += doc.body.len() as u64;
                match doc.body {
                    samestory_source::Body::Html(_) => html += 1,
                    samestory_source::Body::Text(_) => text += 1,
                }
            }
            Err(rejection) => eprintln!("rejected {rejection}"),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let stats = documents.stats();
    println!(
        "{} inputs, {} documents ({html} html, {text} text, {:.1} MiB), {} rejections, {} records skipped in {seconds:.2} s ({:.1} MiB/s of bodies)",
        stats.inputs,
        stats.documents,
        bytes as f64 / 1048576.0,
        stats.rejections,
        stats.skipped_records,
        bytes as f64 / 1048576.0 / seconds.max(1e-9),
    );
}
