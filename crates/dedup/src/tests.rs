use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};

use super::*;

/// A deterministic pseudo-random generator for synthetic texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(1);
        minhash::mix64(self.0)
    }

    fn below(&mut self, n: usize) -> usize {
        minhash::reduce(self.next(), n)
    }
}

const COMMON: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "said", "on", "for", "was", "with", "he", "she", "it", "as",
    "at", "by", "from", "his", "her", "have", "has", "will", "would", "after", "new", "more",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mer", "ti", "san", "vo", "dru", "pel", "ar", "nis", "to", "gra", "bel", "fu", "ren", "sol",
    "mi", "dak", "ur", "chen", "po", "lis", "tra", "go", "vin", "ex", "ma", "ro", "qui", "ha",
];

fn word(rng: &mut Rng) -> String {
    if rng.below(10) < 3 {
        return COMMON[rng.below(COMMON.len())].to_string();
    }
    let n = 2 + rng.below(2);
    (0..n).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect()
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s: Vec<String> = (0..words).map(|_| word(rng)).collect();
    let mut first = s[0].chars();
    s[0] = first.next().map(|c| c.to_uppercase().chain(first).collect()).unwrap_or_default();
    format!("{}.", s.join(" "))
}

/// `paragraphs` paragraphs of two or three sentences each (about 35 words per paragraph).
fn article(seed: u64, paragraphs: usize) -> Vec<String> {
    let mut rng = Rng(seed.wrapping_mul(0x1000_0000_01B3));
    (0..paragraphs)
        .map(|_| {
            let n = 2 + rng.below(2);
            (0..n)
                .map(|_| {
                    let len = 10 + rng.below(8);
                    sentence(&mut rng, len)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn join(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n")
}

fn index() -> DedupIndex {
    DedupIndex::new(DedupConfig::default())
}

#[test]
fn kind_names() {
    assert_eq!(CopyKind::Exact.as_str(), "exact");
    assert_eq!(CopyKind::Near.to_string(), "near");
    assert_eq!(CopyKind::Contained.as_str(), "contained");
}

#[test]
fn exact_copy_ignores_punctuation_case_and_spacing() {
    let mut idx = index();
    let original =
        "“Rates rise again,” the bank said on Thursday — its third move this year.\n\nMarkets fell.";
    assert_eq!(idx.check_and_insert("a", original), None);
    let copy = "RATES RISE AGAIN the bank said on thursday: its third move this year... markets   fell";
    let m = idx.check_and_insert("b", copy).expect("exact copy");
    assert_eq!(m, CopyMatch { original: "a".into(), similarity: 1.0, kind: CopyKind::Exact });
    assert_eq!(idx.len(), 1, "copies are not indexed");
    // A short different text is not a copy.
    assert_eq!(idx.check("Rates fell again, the bank said."), None);
}

#[test]
fn near_copy_with_edits_typo_and_new_headline() {
    let mut idx = index();
    let mut original = article(1, 10);
    original[0] = "Officials confirm the report on Saturday".into();
    assert_eq!(idx.check_and_insert("orig", &join(&original)), None);
    let mut edited = original.clone();
    edited[0] = "Breaking: report confirmed by officials".into(); // a changed headline
    edited[4] = edited[4].replacen(' ', " reportedly ", 1); // an inserted word
    let mut words: Vec<String> = edited[6].split(' ').map(String::from).collect();
    words[3].push('x'); // a typo
    words[9] = "different".into(); // a replaced word
    edited[6] = words.join(" ");
    let m = idx.check(&join(&edited)).expect("near copy");
    assert_eq!((m.original.as_str(), m.kind), ("orig", CopyKind::Near));
    assert!(m.similarity >= 0.7 && m.similarity < 1.0, "similarity {}", m.similarity);
}

#[test]
fn truncation_with_read_more_is_contained() {
    let mut idx = index();
    let original = article(2, 10);
    idx.insert("orig", &join(&original));
    let mut teaser = original[..3].to_vec();
    teaser.push("Read the full article here".into());
    let m = idx.check(&join(&teaser)).expect("contained copy");
    assert_eq!((m.original.as_str(), m.kind), ("orig", CopyKind::Contained));
    assert!(m.similarity >= 0.8, "containment {}", m.similarity);
}

#[test]
fn long_original_truncation_is_found_through_anchors() {
    // 40 paragraphs (~1,400 words): the first 3 share too little of the signature for LSH alone.
    let mut idx = index();
    for seed in 100..150 {
        idx.insert(&format!("other{seed}"), &join(&article(seed, 12)));
    }
    let original = article(3, 40);
    idx.insert("orig", &join(&original));
    let mut teaser = original[..3].to_vec();
    teaser.push("Read the full article here".into());
    let m = idx.check(&join(&teaser)).expect("contained copy");
    assert_eq!((m.original.as_str(), m.kind), ("orig", CopyKind::Contained));
}

fn wrap(body: &str) -> String {
    format!(
        "Home | World | Business | Tech | Sport | Culture | Opinion | Video | Newsletters\n\
         Aggregated by NewsHub Daily from partner feeds, updated every fifteen minutes around the clock\n\
         {body}\n\
         Sign up for our morning briefing and get the ten stories you need delivered before breakfast\n\
         Share this story on social media, comment below and follow us for more updates on this topic\n\
         © 2025 NewsHub Daily. All rights reserved. Terms of use, privacy policy, cookie settings, contact"
    )
}

#[test]
fn wrapped_original_is_contained() {
    // A short original: the boilerplate is a large part of the copy, so only containment finds it.
    let mut idx = index();
    let original = article(4, 3);
    idx.insert("orig", &join(&original));
    let wrapped = wrap(&join(&original));
    let m = idx.check(&wrapped).expect("contained copy");
    assert_eq!((m.original.as_str(), m.kind), ("orig", CopyKind::Contained));
    assert!(m.similarity >= 0.95, "containment {}", m.similarity);
    // A long original wrapped the same way stays within the Jaccard threshold: a near copy.
    let long = article(5, 12);
    idx.insert("long", &join(&long));
    let m = idx.check(&wrap(&join(&long))).expect("near copy");
    assert_eq!((m.original.as_str(), m.kind), ("long", CopyKind::Near));
}

#[test]
fn shared_boilerplate_footer_is_not_a_copy() {
    let footer = "About us: The Valley Courier has served the region since 1898 and is an independent, \
        reader-funded newspaper. Our journalism is made possible by subscribers like you. Subscribe today \
        for unlimited digital access, our morning newsletter and the weekend print edition. Got a tip? \
        Email the newsroom or call our editors any time of the day. Follow the Courier on social media \
        for breaking news, photos and video from across the valley. Copyright 2025 Valley Courier Media \
        Group. All rights reserved. This material may not be published, broadcast, rewritten or \
        redistributed without permission.";
    let mut idx = index();
    for seed in 10..40 {
        let mut a = article(seed, 6);
        a.push(footer.into());
        assert_eq!(idx.check_and_insert(&format!("a{seed}"), &join(&a)), None, "article {seed}");
    }
    assert_eq!(idx.len(), 30);
}

#[test]
fn copies_point_at_the_first_original() {
    let mut idx = index();
    let a = article(5, 8);
    assert_eq!(idx.check_and_insert("A", &join(&a)), None);
    let mut b = a.clone();
    b[2] = "An updated paragraph replaces this one entirely with new wording.".into();
    assert_eq!(idx.check_and_insert("B", &join(&b)).map(|m| m.original), Some("A".into()));
    let mut c = b.clone();
    c[5] = "Another paragraph was rewritten by the second aggregator.".into();
    assert_eq!(idx.check_and_insert("C", &join(&c)).map(|m| m.original), Some("A".into()));
    assert_eq!(idx.check_and_insert("D", &join(&c[..3])).map(|m| m.original), Some("A".into()));
    assert_eq!(idx.len(), 1);
}

#[test]
fn different_articles_are_not_copies() {
    let mut idx = index();
    for seed in 200..400 {
        assert_eq!(idx.check_and_insert(&seed.to_string(), &join(&article(seed, 6))), None);
    }
    assert_eq!(idx.len(), 200);
}

#[test]
fn empty_and_tiny_texts() {
    let mut idx = index();
    assert_eq!(idx.check_and_insert("e", "  ... !! "), None);
    assert!(idx.is_empty(), "texts with no words are not indexed");
    idx.insert("t", "Short note.");
    assert_eq!(idx.len(), 1);
    assert_eq!(idx.check("short NOTE").map(|m| m.kind), Some(CopyKind::Exact));
    // Below min_shingles only exact matches count.
    assert_eq!(idx.check("Short note again."), None);
    assert!(idx.memory_per_doc() > 0);
}

#[test]
fn deterministic_answers() {
    let run = || {
        let mut idx = index();
        let mut out = Vec::new();
        for seed in 0..60u64 {
            let base = article(seed % 20, 6);
            let text = match seed / 20 {
                0 => join(&base),
                1 => join(&base[..2]),
                _ => join(&base).replace("the", "a"),
            };
            out.push(idx.check_and_insert(&seed.to_string(), &text));
        }
        out
    };
    let first = run();
    assert_eq!(first, run());
    assert!(first[20..40].iter().all(|m| m.is_some()), "{:?}", &first[20..40]);
}

#[test]
fn config_validation() {
    assert_eq!(DedupConfig::default().validate(), Ok(()));
    assert_eq!(DedupConfig::default().lsh_params(), (10, 3));
    let bad = DedupConfig { threshold: 1.5, ..DedupConfig::default() };
    assert_eq!(bad.validate().unwrap_err().to_string(), "invalid near-copy threshold 1.5: must be in (0, 1]");
    let bad = DedupConfig { bands: 50, rows: 3, ..DedupConfig::default() };
    assert!(matches!(bad.validate(), Err(ConfigError::Bands { bands: 50, rows: 3, num_perm: 128 })));
    assert!(DedupIndex::try_new(DedupConfig { num_perm: 0, ..DedupConfig::default() }).is_err());
    assert!(DedupIndex::try_new(DedupConfig { num_perm: 127, ..DedupConfig::default() }).is_err());
    // new() repairs instead of failing.
    let idx = DedupIndex::new(DedupConfig {
        threshold: f64::NAN,
        num_perm: 0,
        shingle_words: 0,
        bands: 9,
        ..DedupConfig::default()
    });
    assert_eq!(idx.config().threshold, 0.7);
    assert_eq!(idx.config().num_perm, 2);
    assert_eq!(idx.config().lsh_params(), (1, 2));
    let fixed = DedupConfig { bands: 16, rows: 8, ..DedupConfig::default() };
    assert_eq!(fixed.lsh_params(), (16, 8));
    let uneven = DedupConfig { bands: 3, num_perm: 10, ..DedupConfig::default() };
    assert_eq!(uneven.lsh_params(), (3, 3));
    assert_eq!(DedupConfig { threshold: 0.9, ..DedupConfig::default() }.lsh_params().1, 3);
}

#[test]
fn unusual_configs_still_work() {
    for config in [
        DedupConfig { num_perm: 10, bands: 3, ..DedupConfig::default() },
        DedupConfig { num_perm: 2, ..DedupConfig::default() },
        DedupConfig { num_perm: 255, ..DedupConfig::default() },
        DedupConfig { shingle_words: 1, min_shingles: 0, ..DedupConfig::default() },
        DedupConfig { bands: 32, rows: 4, ..DedupConfig::default() },
    ] {
        let mut idx = DedupIndex::new(config.clone());
        let a = join(&article(7, 6));
        assert_eq!(idx.check_and_insert("a", &a), None, "{config:?}");
        let b = a.replacen("the", "this", 1);
        assert!(idx.check(&b).is_some(), "{config:?}");
    }
}

#[test]
fn memory_per_doc_is_bounded() {
    let mut idx = index();
    for seed in 0..2000 {
        idx.insert(&format!("doc-{seed:05}"), &join(&article(seed, 10)));
    }
    let bytes = idx.memory_per_doc();
    println!("memory per doc: {bytes} bytes");
    // A small index keeps its entries in the postings' buffers (about 20 bytes an entry instead of 6):
    // the bound at scale is measured by the benchmark.
    assert!((150..700).contains(&bytes), "{bytes} bytes per doc");
}

#[test]
fn throughput_10k_synthetic_docs() {
    let texts: Vec<String> = (0..10_000u64)
        .map(|i| {
            let base = article(i % 7000, 8);
            match i % 10 {
                0 => join(&base[..3]),
                1 => join(&base).replacen("the", "a", 2),
                _ => join(&base),
            }
        })
        .collect();
    let mut idx = index();
    let start = std::time::Instant::now();
    let copies =
        texts.iter().enumerate().filter(|(i, t)| idx.check_and_insert(&i.to_string(), t).is_some()).count();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "dedup: {} docs in {secs:.2} s = {:.0} docs/s, {copies} copies, {} originals, {} bytes/doc",
        texts.len(),
        texts.len() as f64 / secs,
        idx.len(),
        idx.memory_per_doc()
    );
    // 3,000 docs repeat an earlier base article (exactly, truncated or with edits).
    assert!((2900..=3100).contains(&copies), "{copies} copies");
}

fn word_set_hashes(ids: &[u32]) -> Vec<u64> {
    let mut v: Vec<u64> =
        ids.iter().map(|i| xxhash_rust::xxh3::xxh3_64(format!("w{i}").as_bytes())).collect();
    v.sort_unstable();
    v.dedup();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, rng_seed: RngSeed::Fixed(0x5A3E), ..ProptestConfig::default() })]

    /// 40 random pairs of word sets per case: at least 95% of estimates within ±0.15 of the true Jaccard,
    /// and the mean absolute error small.
    #[test]
    fn minhash_estimates_jaccard(seed in any::<u64>(), size in 5usize..400, overlap in 0.0f64..1.0) {
        let mut rng = Rng(seed);
        let mut within = 0;
        let mut abs_err = 0.0;
        for _ in 0..40 {
            let a: Vec<u32> = (0..size).map(|_| rng.below(1 << 20) as u32).collect();
            let shared = (size as f64 * overlap) as usize;
            let mut b: Vec<u32> = a[..shared].to_vec();
            b.extend((shared..size + rng.below(size)).map(|_| rng.below(1 << 20) as u32));
            let (ha, hb) = (word_set_hashes(&a), word_set_hashes(&b));
            let inter = ha.iter().filter(|h| hb.binary_search(h).is_ok()).count();
            let truth = inter as f64 / (ha.len() + hb.len() - inter) as f64;
            let (mut sa, mut sb) = (Vec::new(), Vec::new());
            minhash::signature(&ha, 128, &mut sa);
            minhash::signature(&hb, 128, &mut sb);
            let err = (minhash::jaccard_estimate(&sa, &sb) - truth).abs();
            abs_err += err;
            if err <= 0.15 {
                within += 1;
            }
        }
        prop_assert!(within >= 38, "{within}/40 within ±0.15");
        prop_assert!(abs_err / 40.0 < 0.06, "mean absolute error {}", abs_err / 40.0);
    }

    #[test]
    fn text_is_an_exact_copy_of_itself(
        others in proptest::collection::vec("[a-zA-Z ,.]{0,80}", 0..5),
        text in "[a-zA-Z0-9][a-zA-Z0-9 ,.!é“”-]{0,200}",
    ) {
        let mut idx = index();
        for (i, o) in others.iter().enumerate() {
            idx.insert(&format!("o{i}"), o);
        }
        idx.insert("self", &text);
        let m = idx.check(&text).expect("a copy of itself");
        prop_assert_eq!(m.kind, CopyKind::Exact);
        prop_assert_eq!(m.similarity, 1.0);
        let norm = samestory_model::normalize_text(&text);
        let first = others.iter().position(|o| samestory_model::normalize_text(o) == norm);
        prop_assert_eq!(m.original, first.map_or("self".to_string(), |i| format!("o{i}")));
    }

    #[test]
    fn check_never_mutates(seeds in proptest::collection::vec(0u64..50, 1..20), probe in 0u64..60, cut in 1usize..8) {
        let mut idx = index();
        for s in &seeds {
            idx.check_and_insert(&s.to_string(), &join(&article(*s, 8)));
        }
        let before = idx.clone();
        let probe_text = join(&article(probe, 8)[..cut]);
        let first = idx.check(&probe_text);
        prop_assert_eq!(&before, &idx);
        prop_assert_eq!(first, idx.check(&probe_text));
    }
}

/// A random set of `size` hashes and one sharing `overlap` of it, with its true Jaccard similarity.
fn set_pair(rng: &mut Rng, size: usize, overlap: f64) -> (Vec<u64>, Vec<u64>, f64) {
    let a: Vec<u32> = (0..size).map(|_| rng.below(1 << 24) as u32).collect();
    let shared = (size as f64 * overlap) as usize;
    let mut b: Vec<u32> = a[..shared].to_vec();
    b.extend((shared..size + rng.below(size)).map(|_| rng.below(1 << 24) as u32));
    let (ha, hb) = (word_set_hashes(&a), word_set_hashes(&b));
    let inter = ha.iter().filter(|h| hb.binary_search(h).is_ok()).count();
    let truth = inter as f64 / (ha.len() + hb.len() - inter) as f64;
    (ha, hb, truth)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, rng_seed: RngSeed::Fixed(0xB0_0D), ..ProptestConfig::default() })]

    /// The error bound of the estimates, each one: with `k` bins the standard deviation of the MinHash
    /// estimate is at most 0.5/√k, so every estimate stays within 4 of them, 2/√k; the 4-bit values the
    /// index keeps add chance agreement (corrected) and so up to 1/(1 − 1/16) more deviation.
    #[test]
    fn minhash_estimates_stay_within_their_error_bound(
        seed in any::<u64>(),
        size in 10usize..1500,
        overlap in 0.0f64..1.0,
        k in prop_oneof![Just(64usize), Just(128), Just(256)],
    ) {
        let mut rng = Rng(seed);
        for _ in 0..8 {
            let (ha, hb, truth) = set_pair(&mut rng, size, overlap);
            let (mut sa, mut sb) = (Vec::new(), Vec::new());
            minhash::signature(&ha, k, &mut sa);
            minhash::signature(&hb, k, &mut sb);
            let bound = 2.0 / (k as f64).sqrt();
            let full = minhash::jaccard_estimate(&sa, &sb);
            prop_assert!((full - truth).abs() <= bound, "k {k}: estimate {full:.3}, true {truth:.3}");
            let (mut pa, mut pb) = (Vec::new(), Vec::new());
            minhash::pack(&sa, &mut pa);
            minhash::pack(&sb, &mut pb);
            let bbit = minhash::bbit_jaccard(minhash::packed_equal(&pa, &pb, k), k);
            prop_assert!(
                (bbit - truth).abs() <= bound / (1.0 - 1.0 / 16.0),
                "k {k}: 4-bit estimate {bbit:.3}, true {truth:.3}"
            );
            // The lower confidence bound is below the estimate, and below the truth but rarely.
            prop_assert!(minhash::bbit_jaccard_low(minhash::packed_equal(&pa, &pb, k), k) <= bbit);
        }
    }

    /// The streaming path (the ledger, texts arriving in any order) and the batch path give the same
    /// answers, for groups whose copies also copy each other (exact copies, re-typeset copies, the
    /// original with a line added), and for any group when texts arrive in publication order.
    #[test]
    fn stream_and_batch_give_the_same_answers(
        groups in proptest::collection::vec((0u64..1000, 0usize..4, 0usize..3), 1..12),
        shuffle in any::<u64>(),
    ) {
        let mut texts: Vec<(String, String, Option<i64>)> = Vec::new();
        for (g, &(seed, copies, style)) in groups.iter().enumerate() {
            let body = join(&article(seed + 7000 * g as u64, 6));
            let hour = 3_600_000i64;
            texts.push((format!("g{g}"), body.clone(), Some(seed as i64 * hour)));
            for c in 0..copies {
                let text = match (style + c) % 3 {
                    0 => body.clone(),
                    1 => body.to_uppercase().replace(". ", " -- "),
                    _ => format!("{body}\n\nShare this article."),
                };
                // Copies published before or after their original, some undated.
                let published = match c {
                    0 => Some((seed as i64 + 2) * hour),
                    1 => Some((seed as i64 - 1) * hour),
                    _ => None,
                };
                texts.push((format!("g{g}c{c}"), text, published));
            }
        }
        let docs: Vec<DocRef> =
            texts.iter().map(|(id, text, published_ms)| DocRef { id, text, published_ms: *published_ms }).collect();
        let batch = dedup_batch(&DedupConfig::default(), &docs);

        // Any arrival order.
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut rng = Rng(shuffle);
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut ledger = CopyLedger::new(DedupConfig::default());
        for &i in &order {
            ledger.push(docs[i]);
        }
        for (&i, answer) in order.iter().zip(ledger.answers()) {
            prop_assert_eq!(
                answer.as_ref().map(|m| &m.original),
                batch[i].as_ref().map(|m| &m.original),
                "{}", docs[i].id
            );
        }
        // Every copy points at its group's earliest published text, which is not itself a copy.
        for (d, answer) in docs.iter().zip(&batch) {
            if let Some(m) = answer {
                let o = docs.iter().position(|x| x.id == m.original).expect("an input id");
                prop_assert!(batch[o].is_none(), "{} points at a copy", d.id);
                prop_assert!(docs[o].published_ms.unwrap_or(i64::MAX) <= d.published_ms.unwrap_or(i64::MAX));
            }
        }
    }
}
