//! Writes a generated corpus with planted duplicate groups for the backfill benchmark:
//! `synth --groups N --singles M --shards K --out DIR` writes `DIR/shards/part-*.parquet`,
//! `DIR/corpus.jsonl` and `DIR/corpus.warc`, the same articles in each.

use std::path::PathBuf;

use samestory_backfill::synth::{self, Shape};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut shape = Shape { groups: 10_000, copies: 4, singles: 50_000, paragraphs: 6 };
    let (mut shards, mut out, mut seed) = (8usize, PathBuf::from("target/bench-backfill"), 1u64);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--groups" => shape.groups = value()?.parse()?,
            "--copies" => shape.copies = value()?.parse()?,
            "--singles" => shape.singles = value()?.parse()?,
            "--paragraphs" => shape.paragraphs = value()?.parse()?,
            "--shards" => shards = value()?.parse::<usize>()?.max(1),
            "--seed" => seed = value()?.parse()?,
            "--out" => out = PathBuf::from(value()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let docs = synth::corpus(shape, seed);
    let dir = out.join("shards");
    std::fs::create_dir_all(&dir)?;
    for (i, chunk) in docs.chunks(docs.len().div_ceil(shards).max(1)).enumerate() {
        synth::write_parquet(&dir.join(format!("part-{i:03}.parquet")), chunk)?;
    }
    synth::write_jsonl(&out.join("corpus.jsonl"), &docs)?;
    synth::write_warc(&out.join("corpus.warc"), &docs)?;
    eprintln!(
        "{} articles in {} groups with copies and {} singles -> {}",
        docs.len(),
        shape.groups,
        shape.singles,
        out.display()
    );
    Ok(())
}
