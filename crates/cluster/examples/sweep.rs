//! Scores one benchmark under several settings, for tuning: `cargo run --release -p samestory-cluster
//! --example sweep -- googlenews|uci FILE [SETTINGS...]`, each SETTINGS a comma-separated list of
//! `name=value` (`threshold`, `merge_threshold`, `merge_every`, `title_weight`, `entity_weight`,
//! `title_entity_weight`, `max_terms`, `expansion`, `cohesion`, `absorb_cohesion`, `absorb_size`,
//! `absorb_threshold`, `stale_after`, `stale_threshold`, `phrase_weight`, `window_hours`, `max_span_hours`),
//! the rest at their defaults. `SLICES=0:10000,130000:10000 … sweep uci FILE …` scores several parts of the stream under each
//! setting (one line each: B-cubed F1, precision/recall per part, and their mean), so a setting is judged
//! across the stream rather than on one part.

use std::path::Path;

use samestory_cluster::ClusterConfig;
use samestory_cluster::eval::{open, read_googlenews, read_uci, run};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dataset, file, settings @ ..] = args.as_slice() else {
        return Err("usage: sweep googlenews|uci FILE [name=value,...]...".into());
    };
    let path = Path::new(file);
    let docs = match dataset.as_str() {
        "googlenews" => read_googlenews(open(path)?, path)?,
        "uci" => read_uci(open(path)?, path)?,
        other => return Err(format!("unknown dataset {other}").into()),
    };
    // SKIP and LIMIT (environment) score a part of the stream; SLICES (`skip:limit,skip:limit,...`) scores
    // several parts under each setting, one line per setting with the B-cubed F1 of each part and their mean.
    let skip: usize = std::env::var("SKIP").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let limit: usize = std::env::var("LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
    if let Ok(slices) = std::env::var("SLICES") {
        let mut parts: Vec<(usize, usize)> = Vec::new();
        for part in slices.split(',').filter(|p| !p.is_empty()) {
            let (s, l) = part.split_once(':').ok_or_else(|| format!("not skip:limit: {part}"))?;
            parts.push((s.parse()?, l.parse()?));
        }
        let settings: Vec<String> = if settings.is_empty() { vec![String::new()] } else { settings.to_vec() };
        for spec in settings {
            let config = parse(&spec)?;
            let mut line = format!("{spec:32}");
            let mut sum = 0.0;
            for &(s, l) in &parts {
                let part: Vec<_> = docs.iter().skip(s).take(l).cloned().collect();
                let r = run(&part, config.clone())?;
                let b = r.scores.bcubed;
                line.push_str(&format!(" {}k {:.4} ({:.3}/{:.3})", s / 1000, b.f1, b.precision, b.recall));
                sum += b.f1;
            }
            println!("{line} mean {:.4}", sum / parts.len().max(1) as f64);
        }
        return Ok(());
    }
    let docs: Vec<_> = docs.into_iter().skip(skip).take(limit).collect();
    let settings: Vec<String> = if settings.is_empty() { vec![String::new()] } else { settings.to_vec() };
    for spec in settings {
        let config = parse(&spec)?;
        let r = run(&docs, config)?;
        let s = r.scores;
        if let Ok(dump) = std::env::var("SWEEP_DUMP") {
            let lines: Vec<String> = r
                .stories
                .iter()
                .zip(&r.on_arrival)
                .zip(&docs)
                .map(|((s, a), d)| format!("{s}\t{a}\t{}", d.label))
                .collect();
            std::fs::write(dump, lines.join("\n"))?;
        }
        // Purity: the accuracy a perfect merge pass could reach from these stories.
        let mut cells: std::collections::HashMap<(u64, &str), usize> = std::collections::HashMap::new();
        for (story, d) in r.stories.iter().zip(&docs) {
            *cells.entry((*story, d.label.as_str())).or_default() += 1;
        }
        let mut best: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
        for ((story, _), n) in cells {
            let b = best.entry(story).or_default();
            *b = (*b).max(n);
        }
        let purity = best.values().sum::<usize>() as f64 / docs.len() as f64;
        print!("purity {purity:.4} ");
        println!(
            "{spec:24} clusters {:5}/{:5} acc {:.4} nmi {:.4} ari {:.4} b3 P {:.4} R {:.4} F {:.4} pairF {:.4} {:.0} docs/s",
            s.predicted_clusters,
            s.gold_clusters,
            s.accuracy,
            s.nmi,
            s.ari,
            s.bcubed.precision,
            s.bcubed.recall,
            s.bcubed.f1,
            s.pairwise.f1,
            r.docs_per_second()
        );
    }
    Ok(())
}

/// A configuration from `name=value,...`, the rest at the defaults.
fn parse(spec: &str) -> Result<ClusterConfig, Box<dyn std::error::Error>> {
    let mut config = ClusterConfig::default();
    for pair in spec.split(',').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').ok_or_else(|| format!("not name=value: {pair}"))?;
        let v: f64 = value.parse()?;
        match name {
            "threshold" | "t" => config.threshold = v,
            "merge_threshold" | "m" => config.merge_threshold = v,
            "merge_every" | "e" => config.merge_every = v as u64,
            "absorb_size" | "as" => config.absorb_size = v as u64,
            "absorb_threshold" | "a" => config.absorb_threshold = v,
            "stale_after" | "sd" => config.stale_after = v as u64,
            "stale_threshold" | "st" => config.stale_threshold = v,
            "title_weight" => config.title_weight = v,
            "entity_weight" => config.entity_weight = v,
            "title_entity_weight" | "tew" => config.title_entity_weight = v,
            "max_terms" => config.max_terms = v as usize,
            "expansion" | "x" => config.expansion = v,
            "cohesion" | "c" => config.cohesion = v,
            "absorb_cohesion" | "ac" => config.absorb_cohesion = v,
            "phrase_weight" | "pw" => config.phrase_weight = v,
            "window_hours" => config.window = chrono::Duration::minutes((v * 60.0) as i64),
            "max_span_hours" => config.max_span = chrono::Duration::minutes((v * 60.0) as i64),
            other => return Err(format!("unknown setting {other}").into()),
        }
    }
    Ok(config)
}
