//! Copy-detection benchmark on the labelled copy corpus (see `corpus/mod.rs`), one thread.
//!
//! ```text
//! cargo bench -p samestory-dedup --bench copies                       # the corpus: quality and speed
//! cargo bench -p samestory-dedup --bench copies -- --scale 1000000    # a million articles: time, memory
//! cargo bench -p samestory-dedup --bench copies -- --write-corpus FILE --json FILE   # for bench/dedup/run.sh
//! cargo bench -p samestory-dedup --bench copies -- --profile 30       # the stream alone, for perf record
//! ```
//!
//! For the peak memory of the million-article run, run the built bench binary under `/usr/bin/time -v`.
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
    profile: Option<usize>,
}

fn args() -> Args {
    let mut a = Args {
        data: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        seed: 42,
        scale: None,
        write_corpus: None,
        json: None,
        profile: None,
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
            "--profile" => a.profile = Some(value().parse().expect("--profile takes a number")),
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

/// A memory line of `/proc/self/status` (`VmRSS:` now, `VmHWM:` the peak) in MB.
fn rss_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
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
    if let Some(rounds) = args.profile {
        profile(docs, rounds);
        return;
    }
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
    let mut indexed = 0;
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
        index_bytes = ledger.index().memory_bytes();
        indexed = ledger.index().len();
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
    let per_article = index_bytes / docs.len();
    let per_original = index_bytes / indexed.max(1);
    println!("\n| system | precision | recall | F1 | docs/s | MB/s | index bytes/article | per original |");
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| samestory (stream) | {p:.4} | {r:.4} | {f1:.4} | {:.0} | {:.1} | {per_article} | {per_original} |",
        docs.len() as f64 / best,
        mb / best
    );
    println!(
        "| samestory (batch) | same answers: {agree}/{} | | | {:.0} | {:.1} | | |",
        docs.len(),
        docs.len() as f64 / batch_secs,
        mb / batch_secs
    );
    println!(
        "| samestory sketch only | | | | {:.0} | {:.1} | | |",
        docs.len() as f64 / sketch_secs,
        mb / sketch_secs
    );

    if let Some(path) = &args.json {
        let out = serde_json::json!({
            "system": "samestory", "precision": p, "recall": r, "f1": f1,
            "docs_per_s": docs.len() as f64 / best, "mb_per_s": mb / best, "seconds": best,
            "index_bytes": index_bytes, "indexed": indexed, "documents": docs.len(), "bytes": bytes,
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

/// The stream alone, `rounds` times (for a profiler: `perf record` sees little else), with its speed.
fn profile(docs: &[corpus::Doc], rounds: usize) {
    let order = canonical_order(docs);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let start = Clock::start();
    for _ in 0..rounds {
        let mut ledger = CopyLedger::new(DedupConfig::default());
        for &i in &order {
            let d = &docs[i];
            ledger.push(DocRef { id: &d.id, text: &d.text, published_ms: Some(d.published_ms) });
        }
        std::hint::black_box(ledger.answers());
    }
    let secs = start.secs().1;
    println!("{rounds} rounds: {:.1} MB/s", (rounds * bytes) as f64 / 1e6 / secs);
}

/// A token's form in replica `r`: a word (a maximal run of letters and digits) gets a suffix of digits when
/// the hash of its lowercased form says so (1 in 4), so every occurrence in any case changes alike and
/// copies stay copies; anything else stays.
fn perturb(token: &str, r: usize) -> Option<String> {
    if !token.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let word = token.to_lowercase();
    let h = xxhash_rust::xxh3::xxh3_64_with_seed(word.as_bytes(), r as u64);
    (h % 4 == 0).then(|| format!("{token}{}", h % 97))
}

/// `text` cut into words (maximal runs of letters and digits) and the runs between them.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut word = None;
    for (i, c) in text.char_indices() {
        let is_word = c.is_alphanumeric();
        if word != Some(is_word) {
            if i > start {
                out.push(&text[start..i]);
            }
            start = i;
            word = Some(is_word);
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// `n` articles: the corpus replicated, each replica with its own word perturbation (a quarter of the word
/// types get a replica-specific suffix), so replicas are different articles and copies stay copies.
///
/// The texts are made a thousand at a time outside the clock; only pushing them through the ledger is
/// timed (this thread's CPU time).
fn scale(corpus: &corpus::Corpus, n: usize) {
    let docs = &corpus.docs;
    let order = canonical_order(docs);
    // Every distinct token (word or the run between words) once, and each document as token numbers.
    let mut token_ids: HashMap<&str, u32> = HashMap::new();
    let mut table: Vec<&str> = Vec::new();
    let doc_tokens: Vec<Vec<u32>> = order
        .iter()
        .map(|&i| {
            tokens(&docs[i].text)
                .into_iter()
                .map(|t| {
                    *token_ids.entry(t).or_insert_with(|| {
                        table.push(t);
                        table.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    drop(token_ids);
    // The current replica's form of each token, made on first use (`made[t]` is the replica it is for).
    let mut perturbed: Vec<Option<String>> = vec![None; table.len()];
    let mut made: Vec<usize> = vec![usize::MAX; table.len()];
    let rss_before = rss_mb("VmRSS:");
    let config = DedupConfig::default();
    let mut ledger = CopyLedger::new(config);
    let mut families = Vec::with_capacity(n);
    let mut bytes = 0usize;
    let mut secs = 0.0;
    const CHUNK: usize = 1000;
    let mut chunk: Vec<(String, String, i64)> = Vec::with_capacity(CHUNK);
    let mut k = 0;
    while k < n {
        chunk.clear();
        for k in k..(k + CHUNK).min(n) {
            let r = k / docs.len();
            let at = k % docs.len();
            let d = &docs[order[at]];
            let mut text = String::with_capacity(d.text.len() + 256);
            for &t in &doc_tokens[at] {
                let t = t as usize;
                if r > 0 && made[t] != r {
                    perturbed[t] = perturb(table[t], r);
                    made[t] = r;
                }
                text.push_str(if r > 0 { perturbed[t].as_deref().unwrap_or(table[t]) } else { table[t] });
            }
            // Replicas come later in time, so canonical order is kept.
            let published = d.published_ms + r as i64 * 400 * 86_400_000;
            chunk.push((format!("{}-r{r}", d.id), text, published));
            families.push(r * corpus.originals + d.family);
        }
        let start = Clock::start();
        for (id, text, published) in &chunk {
            ledger.push(DocRef { id, text, published_ms: Some(*published) });
            bytes += text.len();
        }
        secs += start.secs().1;
        k += chunk.len();
        if k % 100_000 == 0 {
            eprintln!("{k} articles, {secs:.0} s of dedup");
        }
    }
    let rss_peak = rss_mb("VmHWM:");
    let answers = ledger.answers();
    let ids: Vec<String> =
        (0..n).map(|k| format!("{}-r{}", docs[order[k % docs.len()]].id, k / docs.len())).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let originals: Vec<Option<&str>> =
        answers.iter().map(|a| a.as_ref().map(|m| m.original.as_str())).collect();
    let groups = corpus::groups_from_answers(&id_refs, &originals);
    let (p, r, f1) = corpus::pairwise(&families, &groups);
    // Copies pointing into another family: what costs precision at scale.
    let position: HashMap<&str, usize> = id_refs.iter().enumerate().map(|(k, id)| (*id, k)).collect();
    let mut wrong: HashMap<(String, bool), usize> = HashMap::new();
    for (k, a) in answers.iter().enumerate() {
        if let Some(m) = a {
            let o = position[m.original.as_str()];
            if families[o] != families[k] {
                let same_source = families[o] % corpus.originals == families[k] % corpus.originals;
                *wrong.entry((m.kind.to_string(), same_source)).or_default() += 1;
                if std::env::var("DEDUP_DEBUG").is_ok() {
                    println!("WRONG {} -> {} {} {:.3}", id_refs[k], m.original, m.kind, m.similarity);
                }
            }
        }
    }
    let mut wrong: Vec<_> = wrong.into_iter().collect();
    wrong.sort();
    println!("copies of another family (kind, replica of the same original): {wrong:?}");
    let index = ledger.index();
    println!(
        "{n} articles ({:.0} MB of text) in {secs:.1} s of dedup ({:.0} docs/s, {:.0} MB/s), one thread",
        bytes as f64 / 1e6,
        n as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    println!("pairwise precision {p:.4}, recall {r:.4}, F1 {f1:.4}");
    println!(
        "index: {} texts indexed (originals), {:.1} MB = {} bytes per indexed text, {} bytes per article",
        index.len(),
        index.memory_bytes() as f64 / 1e6,
        index.memory_per_doc(),
        index.memory_bytes() / n,
    );
    println!(
        "process RSS: {rss_before:.0} MB before dedup (the corpus and its token tables), peak {rss_peak:.0} MB at \
         the end of dedup (the ledger's answers and this report's scoring come after)"
    );
    let parts: Vec<String> = index
        .memory_parts()
        .iter()
        .map(|(name, bytes)| format!("{name} {:.1}", *bytes as f64 / index.len().max(1) as f64))
        .collect();
    println!("bytes per indexed text by part: {}", parts.join(", "));
}
