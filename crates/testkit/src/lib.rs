//! Test support shared by samestory's crates (a dev-dependency only).
//!
//! The public benchmarks and the seed articles live in `../shared` beside the repository, never in it. Tests
//! find them through [`shared`], which keeps the project's rule in one place: when the data is missing a
//! test skips with a message, except under `CI=true`, where missing data is a failure.
//!
//! ```
//! if let Some((aggregator, translated)) = samestory_testkit::seeds() {
//!     assert!(aggregator.contains("Sheinbaum") && translated.contains("Sheinbaum"));
//! }
//! ```
#![deny(missing_docs)]

pub mod synthetic;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Seed 000: a Fox News report as an aggregator republished it, its junk left in.
pub const SEED_AGGREGATOR: &str = "000_548375a72d7ec2da.txt";

/// Seed 002: another outlet's report of the same event, machine-translated.
pub const SEED_TRANSLATED: &str = "002_3fe5f5bfbe946b7f.txt";

/// Seed 000 without the aggregator's lines, as its original outlet published it: its paragraphs in ALL
/// CAPS (related headlines, app promo), "Read the full article here", "Share.", "Leave A Reply" and the
/// copyright line removed. Written by hand for the tests, independent of the extractor's cleaning.
pub fn without_aggregator_lines(aggregated: &str) -> String {
    aggregated
        .split("\n\n")
        .map(str::trim)
        .filter(|p| {
            let letters: Vec<char> = p.chars().filter(|c| c.is_alphabetic()).collect();
            let shouting = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
            !shouting
                && !["Read the full article", "Share.", "Leave A Reply", "©"].iter().any(|s| p.starts_with(s))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The `../shared` folder beside the repository.
pub fn shared_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `../shared/<relative>` when it exists. When it does not, `None` with a skip message on stderr, or a
/// panic when the environment says `CI=true`.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = shared_root().join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("shared data missing at {} (CI=true)", path.display());
    }
    eprintln!("skipping: shared data missing at {}", path.display());
    None
}

/// One seed article's text (see [`SEED_AGGREGATOR`], [`SEED_TRANSLATED`]), under the rule of [`shared`].
pub fn seed(name: &str) -> Option<String> {
    let path = shared(&format!("seeds/{name}"))?;
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())))
}

/// Both seed articles: (aggregator copy, machine translation).
pub fn seeds() -> Option<(String, String)> {
    Some((seed(SEED_AGGREGATOR)?, seed(SEED_TRANSLATED)?))
}

/// Gzip-compresses bytes.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trips() {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzip(b"abc")[..]), &mut out)
            .unwrap();
        assert_eq!(out, "abc");
    }

    #[test]
    fn missing_data_skips_outside_ci() {
        if std::env::var("CI").as_deref() != Ok("true") {
            assert!(shared("no/such/file").is_none());
        }
    }
}
