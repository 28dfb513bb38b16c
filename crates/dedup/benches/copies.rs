//! Copy-detection benchmark on the labelled copy corpus (see `corpus/mod.rs`), one thread.
//!
//! ```text
//! cargo bench -p samestory-dedup --bench copies                       # the corpus: quality and speed
//! cargo bench -p samestory-dedup --bench copies -- --scale 1000000    # a million articles: time, memory
//! cargo bench -p samestory-dedup --bench copies -- --write-corpus FILE --json FILE   # for bench/dedup/run.sh
//! ```
//!
//! Quality is pairwise precision, recall and F1 of the copy groups against the corpus's families; speed is
//! end to end (normalize, tokenize, shingle, sign, look up and index) over the raw text bytes, in this
//! thread's CPU time (from `/proc/thread-self/schedstat`, so other processes on a shared machine do not
//! inflate it; wall time where that is not available).

#[path = "corpus/mod.rs"]
mod corpus;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use samestory_dedup::{CopyLedger, DedupConfig, DedupIndex, DocRef, dedup_batch};

struct Args {
    data: PathBuf,
    seed: u64,
    scale: Option<usize>,
    write_corpus: Option<PathBuf>,
    json: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        data: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        seed: 42,
        scale: None,
        write_corpus: None,
        json: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--data" => a.data = PathBuf::from(value()),
            "--seed" => a.seed = value().parse().expect("--seed takes a number"),
            "--scale" => a.scale = Some(value().parse().expect("--scale takes a number")),
            "--write-corpus" => a.write_corpus = Some(PathBuf::from(value())),
            "--json" => a.json = Some(PathBuf::from(value())),
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

/// Nanoseconds this thread has run on a CPU (from the scheduler): a one-thread measure that other
/// processes on a shared machine do not inflate.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Seconds of this thread's CPU time since `start` (from [`cpu_ns`]), or wall seconds when unknown.
struct Clock {
    wall: Instant,
    cpu: u64,
}

impl Clock {
    fn start() -> Clock {
        Clock { wall: Instant::now(), cpu: cpu_ns() }
    }

    /// (wall seconds, CPU seconds)
    fn secs(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = cpu_ns().saturating_sub(self.cpu) as f64 / 1e9;
        (wall, if cpu > 0.0 { cpu } else { wall })
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Canonical processing order: published, then most words, then corpus order.
fn canonical_order(docs: &[corpus::Doc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let words: Vec<usize> =
        docs.iter().map(|d| samestory_model::normalize_text(&d.text).split(' ').count()).collect();
    order.sort_by_key(|&i| (docs[i].published_ms, std::cmp::Reverse(words[i]), i));
    order
}

fn main() {
    let args = args();
    if !args.data.exists() {
        eprintln!("skipping: shared data missing at {}", args.data.display());
        return;
    }
    let bodies = corpus::load_bodies(&args.data);
    let corpus = corpus::build(&bodies, args.seed);
    if let Some(n) = args.scale {
        scale(&corpus, n);
        return;
    }
    let docs = &corpus.docs;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "copy corpus: {} originals ({} overlapping dropped), {} copies, {} documents, {:.1} MB",
        corpus.originals,
        corpus.overlapping,
        docs.len() - corpus.originals,
        docs.len(),
        bytes as f64 / 1e6
    );
    let order = canonical_order(docs);
    let config = DedupConfig::default();
    let (bands, rows) = config.lsh_params();
    println!(
        "settings: {}-word shingles, {} permutations, threshold {}, containment {}, LSH {} bands x {} rows",
        config.shingle_words, config.num_perm, config.threshold, config.containment, bands, rows
    );

    // Streaming, in canonical order: the same order the peers get. Best of 3 runs for speed.
    let mut best = f64::INFINITY;
    let mut answers = Vec::new();
    let mut index_bytes = 0;
    for _ in 0..3 {
        let start = Clock::start();
        let mut ledger = CopyLedger::new(config.clone());
        for &i in &order {
            let d = &docs[i];
            ledger.push(DocRef { id: &d.id, text: &d.text, published_ms: Some(d.published_ms) });
        }
        let secs = start.secs().1;
        best = best.min(secs);
        answers = ledger.answers();
        index_bytes = ledger.index().memory_per_doc();
    }
    // Sketching alone (tokenize + shingle + sign).
    let index = DedupIndex::new(config.clone());
    let mut sketch_secs = f64::INFINITY;
    for _ in 0..3 {
        let start = Clock::start();
        let mut sink = 0u64;
        for d in docs {
            sink = sink.wrapping_add(u64::from(index.sketch(&d.text).words()));
        }
        sketch_secs = sketch_secs.min(start.secs().1);
        std::hint::black_box(sink);
    }

    let ids: Vec<&str> = order.iter().map(|&i| docs[i].id.as_str()).collect();
    let originals: Vec<Option<&str>> =
        answers.iter().map(|a| a.as_ref().map(|m| m.original.as_str())).collect();
    let groups = corpus::groups_from_answers(&ids, &originals);
    let families: Vec<usize> = order.iter().map(|&i| docs[i].family).collect();
    let (p, r, f1) = corpus::pairwise(&families, &groups);

    // The batch path must agree with the stream.
    let refs: Vec<DocRef> = docs
        .iter()
        .map(|d| DocRef { id: &d.id, text: &d.text, published_ms: Some(d.published_ms) })
        .collect();
    let start = Clock::start();
    let batch = dedup_batch(&config, &refs);
    let batch_secs = start.secs().1;
    let agree = order
        .iter()
        .zip(&answers)
        .filter(|&(&i, a)| batch[i].as_ref().map(|m| &m.original) == a.as_ref().map(|m| &m.original))
        .count();

    // Copies whose original is their family's original, and recall per change.
    let family_original: HashMap<usize, &str> =
        docs.iter().filter(|d| d.change == "original").map(|d| (d.family, d.id.as_str())).collect();
    let mut right_original = 0;
    let mut found_copies = 0;
    let mut per_change: HashMap<String, (usize, usize)> = HashMap::new();
    let mut false_copies = 0;
    for (k, &i) in order.iter().enumerate() {
        let d = &docs[i];
        let a = answers[k].as_ref();
        if d.change == "original" {
            if a.is_some() {
                false_copies += 1;
            }
            continue;
        }
        let e = per_change.entry(d.change.clone()).or_default();
        if std::env::var("DEDUP_DEBUG").is_ok() && a.is_none_or(|m| m.original != family_original[&d.family])
        {
            let o = docs.iter().find(|x| x.id == family_original[&d.family]).expect("original");
            let (qs, os) = (corpus::shingle_set(&d.text), corpus::shingle_set(&o.text));
            let common = qs.iter().filter(|h| os.binary_search(h).is_ok()).count();
            println!(
                "MISS {} {:<24} |Q|={} |O|={} J={:.3} Q⊂O={:.3} O⊂Q={:.3} got={:?}",
                d.id,
                d.change,
                qs.len(),
                os.len(),
                common as f64 / (qs.len() + os.len() - common) as f64,
                common as f64 / qs.len() as f64,
                common as f64 / os.len() as f64,
                a.map(|m| (&m.original, m.kind, m.similarity))
            );
            if std::env::var("DEDUP_DEBUG").as_deref() == Ok(d.id.as_str()) {
                let mut idx = DedupIndex::new(config.clone());
                for &j in &order {
                    if docs[j].change == "original" && docs[j].published_ms < d.published_ms {
                        idx.insert(&docs[j].id, &docs[j].text);
                    }
                }
                println!("{}", idx.explain(&d.text));
            }
        }
        e.1 += 1;
        if let Some(m) = a {
            found_copies += 1;
            if m.original == family_original[&d.family] {
                right_original += 1;
                e.0 += 1;
            }
        }
    }
    let mut changes: Vec<_> = per_change.into_iter().collect();
    changes.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(&b.0)));
    println!("\nrecall by change (copy found with its family's original):");
    for (change, (hit, n)) in &changes {
        println!("  {change:<28} {hit:>5}/{n:<5} {:.3}", *hit as f64 / *n as f64);
    }
    println!(
        "originals reported as copies: {false_copies}; copies found: {found_copies}, with the right original: {right_original}"
    );
    println!("batch path agrees with the stream on {agree}/{} documents", docs.len());

    let mb = bytes as f64 / 1e6;
    println!("\n| system | precision | recall | F1 | docs/s | MB/s | index bytes/doc |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| samestory (stream) | {p:.4} | {r:.4} | {f1:.4} | {:.0} | {:.1} | {index_bytes} |",
        docs.len() as f64 / best,
        mb / best
    );
    println!(
        "| samestory (batch) | same answers: {agree}/{} | | | {:.0} | {:.1} | |",
        docs.len(),
        docs.len() as f64 / batch_secs,
        mb / batch_secs
    );
    println!(
        "| samestory sketch only | | | | {:.0} | {:.1} | |",
        docs.len() as f64 / sketch_secs,
        mb / sketch_secs
    );

    if let Some(path) = &args.json {
        let out = serde_json::json!({
            "system": "samestory", "precision": p, "recall": r, "f1": f1,
            "docs_per_s": docs.len() as f64 / best, "mb_per_s": mb / best, "seconds": best,
            "index_bytes_per_doc": index_bytes, "documents": docs.len(), "bytes": bytes,
        });
        std::fs::write(path, out.to_string()).expect("cannot write the result file");
    }
    if let Some(path) = &args.write_corpus {
        let mut f =
            std::io::BufWriter::new(std::fs::File::create(path).expect("cannot create the corpus file"));
        for &i in &order {
            let d = &docs[i];
            let line = serde_json::json!({
                "id": d.id, "title": d.title, "text": d.text, "source": d.outlet,
                "published_ms": d.published_ms, "family": d.family, "change": d.change,
                "norm": samestory_model::normalize_text(&d.text),
            });
            writeln!(f, "{line}").expect("cannot write the corpus file");
        }
        f.flush().expect("cannot write the corpus file");
    }
}

/// A token of the perturbation of replica `r`: decided by its normalized word, so every occurrence (in any
/// case, with any punctuation) changes alike and copies stay copies; the suffix goes after its last letter
/// or digit.
fn perturb(token: &str, r: usize) -> Option<String> {
    let word = samestory_model::normalize_text(token);
    if word.is_empty() || word.contains(' ') {
        return None;
    }
    let h = xxhash_rust::xxh3::xxh3_64_with_seed(word.as_bytes(), r as u64);
    if h % 4 != 0 {
        return None;
    }
    let end = token
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| i + c.len_utf8())
        .next_back()?;
    Some(format!("{}{}{}", &token[..end], h % 97, &token[end..]))
}

/// `n` articles: the corpus replicated, each replica with its own word perturbation (a quarter of the word
/// types get a replica-specific suffix), so replicas are different articles and copies stay copies.
fn scale(corpus: &corpus::Corpus, n: usize) {
    let docs = &corpus.docs;
    let order = canonical_order(docs);
    let config = DedupConfig::default();
    let mut ledger = CopyLedger::new(config);
    let mut families = Vec::with_capacity(n);
    let mut text = String::new();
    let mut bytes = 0usize;
    let mut cache: HashMap<String, Option<String>> = HashMap::new();
    // The texts alone first (timed), then texts and dedup: dedup time is the difference.
    let made = Clock::start();
    for k in 0..n {
        let r = k / docs.len();
        if r > 0 {
            if k % docs.len() == 0 {
                cache.clear();
            }
            let d = &docs[order[k % docs.len()]];
            text.clear();
            for w in d.text.split(' ') {
                let p = cache.entry(w.to_string()).or_insert_with(|| perturb(w, r));
                text.push_str(p.as_deref().unwrap_or(w));
                text.push(' ');
            }
        }
        std::hint::black_box(&text);
    }
    let perturb_secs = made.secs().1;
    cache.clear();
    let start = Clock::start();
    for k in 0..n {
        let r = k / docs.len();
        let d = &docs[order[k % docs.len()]];
        if r == 0 {
            text.clone_from(&d.text);
        } else {
            if k % docs.len() == 0 {
                cache.clear();
            }
            text.clear();
            for (i, w) in d.text.split(' ').enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                let p = cache.entry(w.to_string()).or_insert_with(|| perturb(w, r));
                text.push_str(p.as_deref().unwrap_or(w));
            }
        }
        bytes += text.len();
        let id = format!("{}-r{r}", d.id);
        // Replicas come later in time, so canonical order is kept.
        let published = d.published_ms + r as i64 * 400 * 86_400_000;
        ledger.push(DocRef { id: &id, text: &text, published_ms: Some(published) });
        families.push(r * corpus.originals + d.family);
        if (k + 1) % 100_000 == 0 {
            eprintln!("{} articles, {:.0} s", k + 1, start.secs().1);
        }
    }
    let total = start.secs().1;
    let secs = total - perturb_secs;
    let answers = ledger.answers();
    let ids: Vec<String> =
        (0..n).map(|k| format!("{}-r{}", docs[order[k % docs.len()]].id, k / docs.len())).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let originals: Vec<Option<&str>> =
        answers.iter().map(|a| a.as_ref().map(|m| m.original.as_str())).collect();
    let groups = corpus::groups_from_answers(&id_refs, &originals);
    let (p, r, f1) = corpus::pairwise(&families, &groups);
    let index = ledger.index();
    println!(
        "{n} articles ({:.0} MB of text) in {secs:.1} s of dedup ({:.0} docs/s, {:.0} MB/s; {perturb_secs:.1} s more making the texts)",
        bytes as f64 / 1e6,
        n as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    println!("pairwise precision {p:.4}, recall {r:.4}, F1 {f1:.4}");
    println!(
        "index: {} texts indexed, {:.1} MB = {} bytes per indexed text, {} bytes per article; peak RSS {:.0} MB (the corpus it is made from included)",
        index.len(),
        index.memory_bytes() as f64 / 1e6,
        index.memory_per_doc(),
        index.memory_bytes() / n,
        peak_rss_mb()
    );
}
