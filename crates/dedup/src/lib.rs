//! Copy detection: is a news text a copy of one seen before?
//!
//! A [`DedupIndex`] holds the texts seen so far as potential *originals* and answers, for a new text,
//! whether it copies one of them, and which:
//!
//! * **exact** — the same text up to case, spacing and punctuation ([`samestory_model::normalize_text`]),
//!   found by its 128-bit xxh3 content hash;
//! * **near** — a few edits away: the MinHash estimate of the Jaccard similarity of the two texts'
//!   word-shingle sets is at least [`DedupConfig::threshold`]. Signatures use one-permutation hashing with
//!   optimal densification; candidates come from LSH banding;
//! * **contained** — an excerpt or truncation of an original (its first paragraphs and "Read the full
//!   article here"), or an original wrapped in an aggregator's boilerplate: at least
//!   [`DedupConfig::containment`] of one text's shingles are in the other. Candidates come from the LSH
//!   bands and from an inverted index of 32 "anchor" shingles per original (the smallest shingle hash of
//!   each 1/32 of its text, so any passage longer than 1/16 of the original shares one); containment is
//!   estimated from a bottom-k sample (256) of each original's shingle hashes.
//!
//! Copies point at the *first seen* text: [`DedupIndex::check_and_insert`] indexes only texts that are
//! not copies, so if B copies A and C copies B, C is reported as a copy of A.
//!
//! It does not read files, compare different outlets' own reports of one event (that is clustering), nor
//! decide which of two copies is "better". Answers are deterministic: the same inputs in the same order
//! give the same answers.
//!
//! ```
//! use samestory_dedup::{CopyKind, DedupConfig, DedupIndex};
//!
//! let mut index = DedupIndex::new(DedupConfig::default());
//! let original = "The central bank raised its main interest rate by a quarter point on Thursday, \
//!                 citing stubborn inflation in services and a tight labour market.";
//! assert_eq!(index.check_and_insert("a", original), None);
//! let copy = index.check_and_insert("b", &original.to_uppercase()).expect("a copy");
//! assert_eq!((copy.original.as_str(), copy.kind), ("a", CopyKind::Exact));
//! assert_eq!(index.len(), 1);
//! ```
#![deny(missing_docs)]

mod minhash;
mod shingle;

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// How a text copies an original.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// The same normalized text.
    Exact,
    /// Estimated Jaccard similarity of the shingle sets at least the threshold.
    Near,
    /// One text (nearly) contained in the other: an excerpt, a truncation or a wrapped original.
    Contained,
}

impl CopyKind {
    /// The lowercase name: `exact`, `near` or `contained`.
    pub fn as_str(&self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::Near => "near",
            CopyKind::Contained => "contained",
        }
    }
}

impl std::fmt::Display for CopyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text found to copy an indexed original.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CopyMatch {
    /// The id the original was indexed under.
    pub original: String,
    /// 1.0 for exact copies, the estimated Jaccard similarity for near copies, the estimated containment
    /// for contained ones.
    pub similarity: f64,
    /// How it copies.
    pub kind: CopyKind,
}

/// Settings of a [`DedupIndex`].
#[derive(Clone, Debug, PartialEq)]
pub struct DedupConfig {
    /// Estimated Jaccard similarity of shingle sets at or above which a text is a near copy (default 0.7).
    pub threshold: f64,
    /// Fraction of one text's shingles found in the other at or above which it is contained (default 0.8).
    pub containment: f64,
    /// MinHash signature length (default 128).
    pub num_perm: usize,
    /// LSH bands; `0` (the default) chooses them from `threshold` and `num_perm`: the fewest bands that
    /// still make a pair at exactly the threshold a candidate with probability ≥ 0.99 (32 bands × 4 rows
    /// for 0.7 and 128). When `num_perm` is not a multiple of `bands`, the last `num_perm % bands`
    /// signature values are not banded (they still count in the estimate).
    pub bands: usize,
    /// Words per shingle (default 5). Texts with fewer words have one shingle of all their words.
    pub shingle_words: usize,
    /// Texts with fewer distinct shingles than this are matched exactly only, both as queries and as
    /// originals (default 8): tiny texts make unreliable near and containment matches.
    pub min_shingles: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            threshold: 0.7,
            containment: 0.8,
            num_perm: 128,
            bands: 0,
            shingle_words: 5,
            min_shingles: 8,
        }
    }
}

/// Largest accepted [`DedupConfig::num_perm`].
pub const MAX_NUM_PERM: usize = 4096;

/// A [`DedupConfig`] value out of range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// `threshold` not in (0, 1].
    #[error("invalid near-copy threshold {0}: must be in (0, 1]")]
    Threshold(f64),
    /// `containment` not in (0, 1].
    #[error("invalid containment {0}: must be in (0, 1]")]
    Containment(f64),
    /// `num_perm` not in 1..=[`MAX_NUM_PERM`].
    #[error("invalid num_perm {0}: must be between 1 and 4096")]
    NumPerm(usize),
    /// `bands` larger than `num_perm`.
    #[error("invalid bands {bands}: must be 0 (automatic) or at most num_perm ({num_perm})")]
    Bands {
        /// The bands asked for.
        bands: usize,
        /// The signature length.
        num_perm: usize,
    },
    /// `shingle_words` is zero.
    #[error("invalid shingle_words 0: must be at least 1")]
    ShingleWords,
}

impl DedupConfig {
    /// Checks every value is in range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let unit = |x: f64| x > 0.0 && x <= 1.0;
        if !unit(self.threshold) {
            return Err(ConfigError::Threshold(self.threshold));
        }
        if !unit(self.containment) {
            return Err(ConfigError::Containment(self.containment));
        }
        if self.num_perm == 0 || self.num_perm > MAX_NUM_PERM {
            return Err(ConfigError::NumPerm(self.num_perm));
        }
        if self.bands > self.num_perm {
            return Err(ConfigError::Bands { bands: self.bands, num_perm: self.num_perm });
        }
        if self.shingle_words == 0 {
            return Err(ConfigError::ShingleWords);
        }
        Ok(())
    }

    /// The LSH banding in effect: `(bands, rows per band)`.
    pub fn lsh_params(&self) -> (usize, usize) {
        let num_perm = self.num_perm.clamp(1, MAX_NUM_PERM);
        if self.bands == 0 {
            let t = if self.threshold.is_finite() { self.threshold.clamp(0.01, 1.0) } else { 0.7 };
            minhash::auto_bands(t, num_perm)
        } else {
            let bands = self.bands.min(num_perm);
            (bands, num_perm / bands)
        }
    }

    /// A copy with every out-of-range value replaced by the nearest valid one (NaN by the default).
    fn sanitized(&self) -> DedupConfig {
        let d = DedupConfig::default();
        let unit = |x: f64, default: f64| if x.is_nan() { default } else { x.clamp(0.01, 1.0) };
        let num_perm = self.num_perm.clamp(1, MAX_NUM_PERM);
        DedupConfig {
            threshold: unit(self.threshold, d.threshold),
            containment: unit(self.containment, d.containment),
            num_perm,
            bands: self.bands.min(num_perm),
            shingle_words: self.shingle_words.max(1),
            min_shingles: self.min_shingles,
        }
    }
}

/// Bottom-k sample size: the smallest `SAMPLE` shingle hashes of each original (low 32 bits).
const SAMPLE: usize = 256;
/// Anchor shingles per original in the inverted index: the smallest shingle hash of each of `ANCHORS`
/// equal consecutive chunks of its text, so that any passage spanning a chunk shares an anchor.
const ANCHORS: usize = 32;
/// An anchor shared by more originals than this is boilerplate and no longer used to find candidates.
const MAX_ANCHOR_POSTING: u32 = 64;
/// At most this many originals are walked per LSH bucket (newest first).
const MAX_BUCKET_WALK: usize = 64;
/// At most this many candidates (most band and anchor hits first) are verified per query.
const MAX_CANDIDATES: usize = 64;
/// A containment estimate from fewer sampled shingles than this is not trusted (unless exact).
const MIN_SAMPLED: usize = 8;
/// End of a posting chain.
const NONE: u32 = u32::MAX;

/// An index of original texts for copy detection. See the [crate docs](crate).
///
/// Memory: each indexed original costs about 3.4 KB with the default configuration and fixed bounds
/// whatever its length: the 128 × 4-byte signature (512 B), the 256 × 4-byte bottom-k sample (1 KB),
/// 32 band and 32 anchor chain links (256 B), their hash-table slots (32 × 9 B and up to 32 × 13 B,
/// times the tables' spare capacity), the exact-hash entry and the id. Originals under `min_shingles`
/// shingles keep only the exact-hash entry and the id. [`DedupIndex::memory_per_doc`] measures it.
#[derive(Clone, Debug, PartialEq)]
pub struct DedupIndex {
    config: DedupConfig,
    bands: usize,
    rows: usize,
    /// Ids of all indexed originals, by document number.
    ids: Vec<Box<str>>,
    id_bytes: usize,
    /// xxh3-128 of the normalized text → document number of the first original with it.
    exact: FxHashMap<u128, u32>,
    /// Sketch number → document number (only originals with at least `min_shingles` shingles have one).
    sketch_doc: Vec<u32>,
    /// `num_perm` signature values per sketch.
    signatures: Vec<u32>,
    /// Bottom-k sample per sketch: sorted low 32 bits, in `samples[sample_start[s]..sample_start[s + 1]]`.
    samples: Vec<u32>,
    sample_start: Vec<usize>,
    /// The largest sampled hash per sketch (`u64::MAX` when the sample is the whole set).
    sample_tau: Vec<u64>,
    /// LSH bucket key → newest node `sketch × bands + band`; `band_next[node]` chains older ones.
    /// Keys are 32-bit: a rare collision only adds a candidate that verification rejects.
    band_heads: FxHashMap<u32, u32>,
    band_next: Vec<u32>,
    /// High 32 bits of an anchor hash → (newest node `sketch × ANCHORS + slot`, originals in the chain).
    anchor_heads: FxHashMap<u32, (u32, u32)>,
    anchor_next: Vec<u32>,
}

/// A text prepared for lookup.
struct Prepared {
    exact: u128,
    /// Sorted distinct shingle hashes; empty below `min_shingles`.
    shingles: Vec<u64>,
    /// Positional anchor hashes (see [`shingle::Shingles::anchors`]); empty below `min_shingles`.
    anchors: Vec<u64>,
    signature: Vec<u32>,
}

impl DedupIndex {
    /// An empty index. Out-of-range settings are replaced by the nearest valid value; use
    /// [`DedupIndex::try_new`] or [`DedupConfig::validate`] to report them instead.
    pub fn new(config: DedupConfig) -> Self {
        let config = config.sanitized();
        let (bands, rows) = config.lsh_params();
        DedupIndex {
            config,
            bands,
            rows,
            ids: Vec::new(),
            id_bytes: 0,
            exact: FxHashMap::default(),
            sketch_doc: Vec::new(),
            signatures: Vec::new(),
            samples: Vec::new(),
            sample_start: vec![0],
            sample_tau: Vec::new(),
            band_heads: FxHashMap::default(),
            band_next: Vec::new(),
            anchor_heads: FxHashMap::default(),
            anchor_next: Vec::new(),
        }
    }

    /// An empty index, or the first out-of-range setting.
    pub fn try_new(config: DedupConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(DedupIndex::new(config))
    }

    /// The configuration in effect (after replacing out-of-range values).
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// Is this text a copy of an indexed one? Does not modify the index.
    ///
    /// A text that normalizes to nothing (no letters or digits) is never a copy.
    pub fn check(&self, text: &str) -> Option<CopyMatch> {
        let prepared = self.prepare(text)?;
        self.find(&prepared)
    }

    /// Indexes a text as a potential original under `id`, whether or not it copies another.
    ///
    /// A text that normalizes to nothing is not indexed. An exact duplicate of an indexed text is counted
    /// but exact matches keep pointing at the first one.
    pub fn insert(&mut self, id: &str, text: &str) {
        if let Some(prepared) = self.prepare(text) {
            self.add(id, &prepared);
        }
    }

    /// [`check`](DedupIndex::check), then [`insert`](DedupIndex::insert) when the text is NOT a copy:
    /// copies point at their original and are not themselves indexed, so originals are the first seen.
    pub fn check_and_insert(&mut self, id: &str, text: &str) -> Option<CopyMatch> {
        let prepared = self.prepare(text)?;
        let found = self.find(&prepared);
        if found.is_none() {
            self.add(id, &prepared);
        }
        found
    }

    /// The number of indexed originals.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Approximate heap bytes per indexed document: everything the index holds (ids, signatures,
    /// samples, hash tables at their current capacity) divided by [`len`](DedupIndex::len): 3.4–3.6 KB
    /// with the default configuration on 10,000 synthetic articles. 0 when empty.
    pub fn memory_per_doc(&self) -> usize {
        if self.ids.is_empty() {
            return 0;
        }
        fn table<K, V>(m: &FxHashMap<K, V>) -> usize {
            // hashbrown: one slot of (K, V) plus one control byte per bucket; capacity is 7/8 of buckets.
            m.capacity() * 8 / 7 * (std::mem::size_of::<(K, V)>() + 1)
        }
        fn vec<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        let total = self.ids.capacity() * std::mem::size_of::<Box<str>>()
            + self.id_bytes
            + table(&self.exact)
            + vec(&self.sketch_doc)
            + vec(&self.signatures)
            + vec(&self.samples)
            + vec(&self.sample_start)
            + vec(&self.sample_tau)
            + table(&self.band_heads)
            + vec(&self.band_next)
            + table(&self.anchor_heads)
            + vec(&self.anchor_next);
        total / self.ids.len()
    }

    fn prepare(&self, text: &str) -> Option<Prepared> {
        let normalized = samestory_model::normalize_text(text);
        if normalized.is_empty() {
            return None;
        }
        let exact = xxhash_rust::xxh3::xxh3_128(normalized.as_bytes());
        let mut shingles = shingle::shingles(&normalized, self.config.shingle_words, ANCHORS);
        let mut signature = Vec::new();
        if shingles.hashes.len() < self.config.min_shingles.max(1) {
            shingles = shingle::Shingles::default();
        } else {
            minhash::signature(&shingles.hashes, self.config.num_perm, &mut signature);
        }
        Some(Prepared { exact, shingles: shingles.hashes, anchors: shingles.anchors, signature })
    }

    fn num_sketches(&self) -> usize {
        self.sketch_doc.len()
    }

    fn sketch_signature(&self, s: usize) -> &[u32] {
        let k = self.config.num_perm;
        &self.signatures[s * k..(s + 1) * k]
    }

    fn sketch_sample(&self, s: usize) -> &[u32] {
        &self.samples[self.sample_start[s]..self.sample_start[s + 1]]
    }

    /// The LSH bucket key of band `b` of a signature.
    fn band_key(&self, signature: &[u32], b: usize) -> u32 {
        let rows = &signature[b * self.rows..(b + 1) * self.rows];
        let mut h = minhash::mix64(b as u64 ^ 0x5851_F42D_4C95_7F2D);
        for &v in rows {
            h = minhash::mix64(h ^ u64::from(v));
        }
        (h >> 32) as u32
    }

    fn find(&self, p: &Prepared) -> Option<CopyMatch> {
        if let Some(&doc) = self.exact.get(&p.exact) {
            return Some(self.matched(doc, 1.0, CopyKind::Exact));
        }
        if p.shingles.is_empty() || self.sketch_doc.is_empty() {
            return None;
        }
        let candidates = self.candidates(p);
        if candidates.is_empty() {
            return None;
        }
        let mut low: Vec<u32> = p.shingles.iter().map(|&h| h as u32).collect();
        low.sort_unstable();
        // Best near copy by Jaccard, else best contained by containment; ties go to the earliest original.
        let mut near: Option<(f64, u32)> = None;
        let mut contained: Option<(f64, u32)> = None;
        for s in candidates {
            let j = minhash::jaccard_estimate(&p.signature, self.sketch_signature(s as usize));
            if j >= self.config.threshold {
                if near.is_none_or(|(best, bs)| j > best || (j == best && s < bs)) {
                    near = Some((j, s));
                }
                continue;
            }
            if near.is_some() {
                continue;
            }
            let c = self.containment(s as usize, &p.shingles, &low);
            if c >= self.config.containment
                && contained.is_none_or(|(best, bs)| c > best || (c == best && s < bs))
            {
                contained = Some((c, s));
            }
        }
        if let Some((j, s)) = near {
            return Some(self.matched(self.sketch_doc[s as usize], j, CopyKind::Near));
        }
        contained.map(|(c, s)| self.matched(self.sketch_doc[s as usize], c, CopyKind::Contained))
    }

    fn matched(&self, doc: u32, similarity: f64, kind: CopyKind) -> CopyMatch {
        CopyMatch { original: self.ids[doc as usize].to_string(), similarity, kind }
    }

    /// Sketches sharing an LSH bucket or an anchor with the query: at most [`MAX_CANDIDATES`], most hits
    /// first, then oldest first.
    fn candidates(&self, p: &Prepared) -> Vec<u32> {
        let mut hits: FxHashMap<u32, u32> = FxHashMap::default();
        for b in 0..self.bands {
            if let Some(&head) = self.band_heads.get(&self.band_key(&p.signature, b)) {
                let mut node = head;
                let mut walked = 0;
                while node != NONE && walked < MAX_BUCKET_WALK {
                    *hits.entry(node / self.bands as u32).or_insert(0) += 1;
                    node = self.band_next[node as usize];
                    walked += 1;
                }
            }
        }
        for h in &p.shingles {
            if let Some(&(head, count)) = self.anchor_heads.get(&anchor_key(*h)) {
                if count > MAX_ANCHOR_POSTING {
                    continue;
                }
                let mut node = head;
                while node != NONE {
                    *hits.entry(node / ANCHORS as u32).or_insert(0) += 1;
                    node = self.anchor_next[node as usize];
                }
            }
        }
        let mut ranked: Vec<(u32, u32)> = hits.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_CANDIDATES);
        ranked.into_iter().map(|(s, _)| s).collect()
    }

    /// The larger of the estimated containments of the query in sketch `s` and of `s` in the query.
    ///
    /// Query in original: the query's shingles below the original's sample cut-off `tau` are a uniform
    /// sample of the query, and exactly those of them that are in the original are in its bottom-k
    /// sample, so the hit ratio estimates |Q ∩ O| / |Q|. Original in query: the bottom-k sample is a
    /// uniform sample of the original, so the fraction of it found in the query estimates |Q ∩ O| / |O|.
    fn containment(&self, s: usize, query: &[u64], query_low: &[u32]) -> f64 {
        let sample = self.sketch_sample(s);
        let tau = self.sample_tau[s];
        let exact = tau == u64::MAX;
        let below = query.partition_point(|&h| h <= tau);
        let query_in_original = if below >= MIN_SAMPLED || (exact && below > 0) {
            let found = query[..below].iter().filter(|&&h| sample.binary_search(&(h as u32)).is_ok()).count();
            found as f64 / below as f64
        } else {
            0.0
        };
        let original_in_query = if sample.len() >= MIN_SAMPLED || exact {
            let found = sample.iter().filter(|v| query_low.binary_search(v).is_ok()).count();
            found as f64 / sample.len().max(1) as f64
        } else {
            0.0
        };
        query_in_original.max(original_in_query)
    }

    fn add(&mut self, id: &str, p: &Prepared) {
        let Ok(doc) = u32::try_from(self.ids.len()) else { return };
        if doc == NONE {
            return;
        }
        self.ids.push(id.into());
        self.id_bytes += id.len();
        if let Entry::Vacant(e) = self.exact.entry(p.exact) {
            e.insert(doc);
        }
        if p.shingles.is_empty() {
            return;
        }
        let s = self.num_sketches();
        // Node numbers `s × bands + band` and `s × ANCHORS + slot` must stay below NONE.
        if (s + 1).checked_mul(self.bands.max(ANCHORS)).is_none_or(|n| n >= NONE as usize) {
            return;
        }
        self.sketch_doc.push(doc);
        self.signatures.extend_from_slice(&p.signature);
        let k = p.shingles.len().min(SAMPLE);
        let mut sample: Vec<u32> = p.shingles[..k].iter().map(|&h| h as u32).collect();
        sample.sort_unstable();
        sample.dedup();
        self.samples.extend_from_slice(&sample);
        self.sample_start.push(self.samples.len());
        self.sample_tau.push(if p.shingles.len() > SAMPLE { p.shingles[SAMPLE - 1] } else { u64::MAX });
        for b in 0..self.bands {
            let key = self.band_key(&p.signature, b);
            let node = (s * self.bands + b) as u32;
            let previous = self.band_heads.insert(key, node).unwrap_or(NONE);
            self.band_next.push(previous);
        }
        for slot in 0..ANCHORS {
            let node = (s * ANCHORS + slot) as u32;
            let Some(&h) = p.anchors.get(slot) else {
                self.anchor_next.push(NONE);
                continue;
            };
            let entry = self.anchor_heads.entry(anchor_key(h)).or_insert((NONE, 0));
            self.anchor_next.push(entry.0);
            *entry = (node, entry.1.saturating_add(1));
        }
    }
}

/// The anchor index key of a shingle hash: its high 32 bits (samples use the low ones). A rare collision
/// only adds a candidate that verification rejects.
fn anchor_key(h: u64) -> u32 {
    (h >> 32) as u32
}

#[cfg(test)]
mod tests;
