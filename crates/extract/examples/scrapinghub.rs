//! Scores extraction on the ScrapingHub benchmark and reports speed; a tool for tuning the extractor.
//!
//! ```text
//! cargo run --release -p samestory-extract --example scrapinghub [ours|readability] [--extra] [--missed]
//! ```
//!
//! `readability` scores dom_smoothie's plain `text_content` (the baseline); `--extra` prints lines that were
//! extracted but are not in the reference on pages with precision below 0.9, `--missed` the reference lines
//! that were not extracted on pages with recall below 0.9.

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use samestory_extract::eval::{Summary, score_page, shingles};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let baseline = args.iter().any(|a| a == "readability");
    let extra = args.iter().any(|a| a == "--extra");
    let missed = args.iter().any(|a| a == "--missed");
    let dir =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/extraction/scrapinghub"));
    let truth = std::fs::read_to_string(dir.join("ground-truth.json")).expect("ground-truth.json");
    let truth: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&truth).expect("ground truth JSON");

    let mut pages = Vec::new();
    let mut spent = Duration::ZERO;
    for (id, entry) in &truth {
        let reference = entry["articleBody"].as_str().unwrap_or("");
        let url = entry["url"].as_str();
        let mut html = Vec::new();
        let file = std::fs::File::open(dir.join("html").join(format!("{id}.html.gz"))).expect("page");
        flate2::read::GzDecoder::new(file).read_to_end(&mut html).expect("gzip");

        let started = Instant::now();
        let text = if baseline {
            let (decoded, _, _) = samestory_extract::charset::decode_html(&html, None, url);
            dom_smoothie::Readability::new(decoded.as_ref(), url, None)
                .and_then(|mut r| r.parse())
                .map(|a| a.text_content.to_string())
                .unwrap_or_default()
        } else {
            samestory_extract::extract_html(&html, url, None).paragraphs.join("\n")
        };
        spent += started.elapsed();

        let score = score_page(&text, reference);
        println!("{:.12} P={:.3} R={:.3} {}", id, score.precision(), score.recall(), url.unwrap_or(""));
        if extra && score.precision() < 0.9 {
            print_unmatched("-", &text, reference);
        }
        if missed && score.recall() < 0.9 {
            print_unmatched("+", reference, &text);
        }
        pages.push(score);
    }
    let s = Summary::from_pages(&pages);
    println!(
        "{}: {} pages P={:.4} R={:.4} F1={:.4} {:.1} pages/s (extraction only, one thread)",
        if baseline { "readability" } else { "ours" },
        s.pages,
        s.precision,
        s.recall,
        s.f1,
        s.pages as f64 / spent.as_secs_f64()
    );
}

/// Prints the lines of `text` whose shingles are mostly missing from `other`.
fn print_unmatched(mark: &str, text: &str, other: &str) {
    let other = shingles(other, 4);
    for line in text.lines() {
        let own = shingles(line, 4);
        let hits = own.keys().filter(|k| other.contains_key(*k)).count();
        if !own.is_empty() && hits * 2 < own.len() {
            println!("   {mark} {}", line.chars().take(150).collect::<String>());
        }
    }
}
