//! Scores the engine on a PolNeAR-style file and lists its errors, for tuning the rules.
//!
//! `cargo run --release -p samestory-quotes --example polnear -- ../shared/data/quotes/polnear-train-dev.jsonl.gz [errors.txt]`
//!
//! Prints the scores at overlap 0.3 and 0.8; with a second argument, writes every missed, spurious and
//! misattributed quote (at overlap 0.3) with its context to that file.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use samestory_quotes::score::{
    Counts, Predicted, gold_names, match_quotes, read_gold, score_article, shares_name,
};

fn context(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = start.saturating_sub(150);
    let b = (end + 100).min(chars.len());
    let s: String = chars[a..start].iter().collect();
    let q: String = chars[start..end.min(chars.len())].iter().collect();
    let e: String = chars[end.min(chars.len())..b].iter().collect();
    format!("{s}[[{q}]]{e}").replace('\n', " | ")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: polnear FILE [ERRORS]");
        std::process::exit(2);
    };
    let gold = read_gold(Path::new(path)).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1);
    });
    let t = Instant::now();
    let predicted: Vec<Vec<samestory_quotes::Quote>> =
        gold.iter().map(|a| samestory_quotes::extract_quotes(&a.text)).collect();
    let secs = t.elapsed().as_secs_f64();
    let mut report = String::new();
    for threshold in [0.3, 0.8] {
        let mut c = Counts::default();
        for (a, q) in gold.iter().zip(&predicted) {
            let p: Vec<Predicted> = q.iter().map(Predicted::from).collect();
            c.add(&score_article(&a.quotes, &p, threshold));
        }
        println!(
            "overlap {threshold}: P {:.3} R {:.3} F1 {:.3} | speaker acc {:.3} (prec {:.3}, judged {}, given {}) | gold {} pred {}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.speaker_accuracy(),
            c.speaker_precision(),
            c.speaker_judged,
            c.speaker_given,
            c.gold,
            c.predicted
        );
    }
    println!("{:.0} articles/s ({} articles, {:.3} s)", gold.len() as f64 / secs, gold.len(), secs);
    if let Some(out) = args.get(2) {
        for (a, q) in gold.iter().zip(&predicted) {
            let p: Vec<Predicted> = q.iter().map(Predicted::from).collect();
            let m = match_quotes(&a.quotes, &p, 0.3);
            for (g, gq) in a.quotes.iter().enumerate() {
                match m.iter().find(|x| x.0 == g) {
                    None => {
                        let _ = writeln!(
                            report,
                            "MISS {} | {:?} | {}",
                            a.id,
                            gq.speaker,
                            context(&a.text, gq.start, gq.end)
                        );
                    }
                    Some(&(_, pi)) => {
                        let names = gold_names(gq);
                        if names.is_empty() {
                            continue;
                        }
                        let ok = p[pi].speaker.as_deref().is_some_and(|s| shares_name(s, &names));
                        if !ok {
                            let _ = writeln!(
                                report,
                                "SPKR {} | gold {:?} / {:?} | ours {:?} cue {:?} | {}",
                                a.id,
                                gq.speaker,
                                gq.speaker_resolved,
                                p[pi].speaker,
                                q[pi].cue,
                                context(&a.text, gq.start, gq.end)
                            );
                        }
                    }
                }
            }
            for (pi, pq) in q.iter().enumerate() {
                if !m.iter().any(|x| x.1 == pi) {
                    let _ = writeln!(
                        report,
                        "SPUR {} | ours {:?} cue {:?} | {}",
                        a.id,
                        pq.speaker,
                        pq.cue,
                        context(&a.text, pq.start, pq.end)
                    );
                }
            }
        }
        std::fs::write(out, report).expect("writing the error report");
    }
}
