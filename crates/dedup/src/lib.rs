//! Copy detection: is a news text a copy of one seen before, and which is the original?
//!
//! A [`DedupIndex`] holds the originals seen so far and answers, for a new text, whether it copies one of
//! them:
//!
//! * **exact**: the same words up to case, spacing and punctuation (the words of
//!   [`samestory_model::normalize_text`]), by a 64-bit hash of the word sequence;
//! * **near**: a few edits away: the estimated Jaccard similarity of the two texts' sets of
//!   [`DedupConfig::shingle_words`]-word shingles is at least [`DedupConfig::threshold`]. Signatures are
//!   one-permutation MinHash with optimal densification (each shingle is hashed once, not once per
//!   permutation); candidates come from LSH banding; the index keeps 4 bits of each signature value
//!   (b-bit MinHash) and corrects the estimate for chance agreement;
//! * **contained**: an excerpt or truncation of an original (its first paragraphs and "Read the full
//!   article here"), or an original wrapped in an aggregator's boilerplate: at least
//!   [`DedupConfig::containment`] of one text's shingles are estimated to be in the other. Candidates and
//!   the estimate come from *anchors*: the shingles whose hash has 2 chosen bits at zero (1 in 4), a choice
//!   that depends on the shingle alone, so two texts that share a passage share its anchors. The index
//!   keeps the first 12 anchors of each original (skipping boilerplate anchors shared by many originals)
//!   and a query looks up its first 32; where a text runs past the anchors checked, the Jaccard estimate
//!   and the shingle counts stand in for the rest.
//!
//! **The original of a group of copies is the earliest published text, ties broken by the longest (most
//! words), then by arrival.** When a text arrives that copies an indexed original but was published
//! earlier (or at the same time and is longer), it becomes the group's original: [`DedupIndex::add`]
//! returns a [`Verdict`] whose [`Verdict::replaced`] names the previous original, which the caller then
//! records as a copy of the new one, together with that original's copies. The [`CopyLedger`] does this
//! bookkeeping for a stream; [`dedup_batch`] answers a whole batch at once by processing it in original
//! order (so nothing is ever replaced), and gives the same answers as the ledger's final ones whatever
//! the arrival order, as long as copies of one original also copy each other (see the tests).
//!
//! Memory is bounded per indexed original, whatever its length: the id, a 32-byte record (exact hash,
//! publication time, counts, group), 64 bytes of b-bit signature, 10 LSH band entries and at most 12
//! anchor entries (about 6 bytes each once merged into the postings' sorted arrays, plus a directory of
//! 1/8 to 1/4 byte an entry and a buffer of new entries at most 1/16 of them). Copies are not indexed.
//! Measured on a million articles (the copy corpus replicated with perturbed words): 252 bytes per
//! indexed original, 130 per article. A small index carries a fixed ~1 MB more (the postings' buffers): 511
//! bytes per original on the 5,048-document copy corpus. See [`DedupIndex::memory_per_doc`].
//!
//! Speed: one pass over the text's bytes, 64 at a time (a bit per byte marks letters and digits, bit
//! scans find the words; text outside ASCII goes character by character), a rolling hash of each
//! word's shingles, and no branch that depends on the hash values; lookups read the memory of
//! all their keys and candidates first so that cache misses overlap.
//!
//! It does not read files, nor compare different outlets' own reports of one event (that is clustering).
//! Answers are deterministic: the same inputs in the same order give the same answers.
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

mod ledger;
mod minhash;
mod postings;
mod record;
mod sketch;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use crate::ledger::{CopyLedger, dedup_batch};
use crate::postings::Postings;
pub use crate::record::{RecordError, SketchRecord};
pub use crate::sketch::Sketch;
use crate::sketch::{MAX_QUERY_ANCHORS, Sketcher};

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

/// The previous original of a group, now a copy of the text just added (which was published earlier, or
/// at the same time and is longer).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Replaced {
    /// The id of the previous original: it and every copy that pointed at it now point at the new text.
    pub previous: String,
    /// The previous original's similarity to the new one.
    pub similarity: f64,
    /// How the previous original copies the new one.
    pub kind: CopyKind,
}

/// What [`DedupIndex::add`] decided about a text.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Verdict {
    /// Set when the text copies the original of an indexed group.
    pub copy: Option<CopyMatch>,
    /// Set when the text copies a group whose original is later than it: the text became the group's
    /// original and this is the one it replaced.
    pub replaced: Option<Replaced>,
}

/// One text to deduplicate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DocRef<'a> {
    /// The caller's id, returned in matches.
    pub id: &'a str,
    /// The text.
    pub text: &'a str,
    /// Publication time in milliseconds since the Unix epoch, when known. Undated texts come after dated
    /// ones when choosing a group's original.
    pub published_ms: Option<i64>,
}

/// Settings of a [`DedupIndex`].
#[derive(Clone, Debug, PartialEq)]
pub struct DedupConfig {
    /// Estimated Jaccard similarity of shingle sets at or above which a text is a near copy (default 0.7).
    pub threshold: f64,
    /// Estimated fraction of one text's shingles found in the other at or above which it is contained
    /// (default 0.8).
    pub containment: f64,
    /// MinHash signature length (default 128).
    pub num_perm: usize,
    /// LSH bands; `0` (the default) chooses them from `threshold`: see [`DedupConfig::lsh_params`].
    pub bands: usize,
    /// Signature values per band; `0` (the default) chooses them with `bands`.
    pub rows: usize,
    /// Words per shingle (default 5). Texts with fewer words have one shingle of all their words.
    pub shingle_words: usize,
    /// Texts with fewer shingles than this are matched exactly only, both as queries and as originals
    /// (default 8): tiny texts make unreliable near and containment matches.
    pub min_shingles: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            threshold: 0.7,
            containment: 0.8,
            num_perm: 128,
            bands: 0,
            rows: 0,
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
    /// `num_perm` not an even number in 2..=[`MAX_NUM_PERM`].
    #[error("invalid num_perm {0}: must be an even number between 2 and 4096")]
    NumPerm(usize),
    /// `bands × rows` larger than `num_perm`.
    #[error("invalid banding {bands} × {rows}: must fit in num_perm ({num_perm})")]
    Bands {
        /// The bands asked for.
        bands: usize,
        /// The rows asked for.
        rows: usize,
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
        if self.num_perm < 2 || self.num_perm > MAX_NUM_PERM || self.num_perm % 2 != 0 {
            return Err(ConfigError::NumPerm(self.num_perm));
        }
        if self.bands.max(1) * self.rows.max(1) > self.num_perm {
            return Err(ConfigError::Bands { bands: self.bands, rows: self.rows, num_perm: self.num_perm });
        }
        if self.shingle_words == 0 {
            return Err(ConfigError::ShingleWords);
        }
        Ok(())
    }

    /// The LSH banding in effect: `(bands, rows per band)`, using the first `bands × rows` signature
    /// values (all of them still count in the Jaccard estimate).
    ///
    /// Automatic choices: 3 rows, and the fewest bands that make a pair at exactly the threshold a
    /// candidate with probability ≥ 0.98 (10 bands for 0.7). Fewer rows than 4 keep the index small: each
    /// band costs an entry per original; more spurious candidates are the price, and verification is cheap.
    pub fn lsh_params(&self) -> (usize, usize) {
        let num_perm = self.num_perm.clamp(2, MAX_NUM_PERM);
        let t = if self.threshold.is_finite() { self.threshold.clamp(0.01, 1.0) } else { 0.7 };
        let rows = if self.rows == 0 { 3.min(num_perm) } else { self.rows.min(num_perm) };
        let bands = if self.bands == 0 { minhash::bands_for(t, rows, 0.98) } else { self.bands };
        (bands.clamp(1, num_perm / rows), rows)
    }

    /// A copy with every out-of-range value replaced by the nearest valid one (NaN by the default).
    fn sanitized(&self) -> DedupConfig {
        let d = DedupConfig::default();
        let unit = |x: f64, default: f64| if x.is_nan() { default } else { x.clamp(0.01, 1.0) };
        let num_perm = (self.num_perm.clamp(2, MAX_NUM_PERM) + 1) & !1;
        let num_perm = num_perm.min(MAX_NUM_PERM);
        let rows = self.rows.min(num_perm);
        DedupConfig {
            threshold: unit(self.threshold, d.threshold),
            containment: unit(self.containment, d.containment),
            num_perm,
            bands: self.bands.min(num_perm / rows.max(1)),
            rows,
            shingle_words: self.shingle_words.max(1),
            min_shingles: self.min_shingles,
        }
    }
}

/// Anchors kept per original in the index (the first ones in text order that are not boilerplate).
const STORED_ANCHORS: usize = 12;
/// An anchor key shared by more originals than this is boilerplate: neither looked up nor stored.
const CROWDED_ANCHOR: usize = 24;
/// An LSH bucket holding more originals than this is not walked.
const CROWDED_BUCKET: usize = 256;
/// At most this many candidates (most band and anchor hits first) are verified per query.
const MAX_CANDIDATES: usize = 64;
/// A query that has one of the original's last this many stored anchors has reached the end of them.
const END_SLOTS: u32 = 3;
/// A containment estimate needs at least this many anchors checked.
const MIN_ANCHORS: usize = 3;
/// Document numbers must fit in 28 bits (anchor entries keep the anchor's slot in the low 4).
const MAX_DOCS: usize = 1 << 28;
/// `published` of undated texts: after every dated one.
const UNDATED: i64 = i64::MAX;

/// An index of original texts for copy detection. See the [crate docs](crate).
#[derive(Clone, Debug, PartialEq)]
pub struct DedupIndex {
    config: DedupConfig,
    bands: usize,
    rows: usize,
    /// Ids of all indexed texts, concatenated; `id_end[d]` is where text `d`'s id ends.
    id_text: String,
    id_end: Vec<u32>,
    /// What a lookup reads of each text, one cache-line half per text.
    meta: Vec<Meta>,
    /// `num_perm / 2` bytes per text: the low 4 bits of each signature value.
    signatures: Vec<u8>,
    /// Exact hash → text, for texts under `min_shingles` (they have no band or anchor entries).
    tiny: FxHashMap<u64, u32>,
    band_postings: Postings,
    anchor_postings: Postings,
}

/// The fixed-size facts about an indexed text, together so that checking a candidate costs one cache miss
/// for them (and one for its signature).
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C, align(32))]
struct Meta {
    /// Hash of the normalized word sequence.
    exact: u64,
    /// Publication time (ms), [`UNDATED`] when unknown.
    published: i64,
    words: u32,
    /// Shingle count; 0 for a tiny text (matched exactly only).
    shingles: u32,
    /// Anchors stored (low 8 bits) and anchors in the whole text (the rest).
    anchor_counts: u32,
    /// The text that replaced this one as its group's original, or itself (a chain ends at an original).
    group: u32,
}

/// A candidate original and what the lookups found about it.
#[derive(Clone, Copy, Debug, Default)]
struct Candidate {
    doc: u32,
    band_hits: u16,
    /// Bit `s` set when the original's stored anchor `s` was found in the query.
    slots: u16,
    /// Query anchors (by position among the first [`MAX_QUERY_ANCHORS`]) found in the original.
    query_hits: u32,
    /// The highest of the original's last [`END_SLOTS`] stored anchors found, and the query position that
    /// found it.
    last_slot: Option<(u8, u8)>,
    /// The query position of `last_slot`.
    last_slot_at: Option<u8>,
}

/// What [`DedupIndex::decide`] did with a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Decision {
    /// No words (or the index is full): neither a copy nor indexed.
    Empty,
    /// Indexed as a new original.
    Original(u32),
    /// A copy of the group whose original is `root`.
    Copy { root: u32, similarity: f64, kind: CopyKind },
    /// Indexed as `doc`, the new original of the group whose original was `previous`.
    Replacing { doc: u32, previous: u32, similarity: f64, kind: CopyKind },
}

/// The result of looking a sketch up.
struct Lookup {
    /// Best match: (text, similarity, kind).
    found: Option<(u32, f64, CopyKind)>,
    /// Query anchors whose key was crowded (bit per position).
    crowded: u32,
    /// Every candidate, by document number.
    candidates: Vec<Candidate>,
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
            id_text: String::new(),
            id_end: Vec::new(),
            meta: Vec::new(),
            signatures: Vec::new(),
            tiny: FxHashMap::default(),
            band_postings: Postings::default(),
            anchor_postings: Postings::default(),
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

    /// Sketches a text: its word and shingle hashes, signature and anchors, in one pass.
    pub fn sketch(&self, text: &str) -> Sketch {
        Sketcher::new(self.config.shingle_words, self.config.num_perm).sketch(text)
    }

    /// Is this text a copy of an indexed one? Answers with the original of the group it copies. Does not
    /// modify the index.
    ///
    /// A text that normalizes to nothing (no letters or digits) is never a copy.
    pub fn check(&self, text: &str) -> Option<CopyMatch> {
        self.check_sketch(&self.sketch(text))
    }

    /// [`check`](DedupIndex::check) of a sketched text.
    pub fn check_sketch(&self, sketch: &Sketch) -> Option<CopyMatch> {
        if sketch.is_empty() {
            return None;
        }
        let lookup = self.lookup(sketch);
        let (doc, similarity, kind) = lookup.found?;
        let root = self.root(doc);
        let (similarity, kind) = self.versus(sketch, &lookup, root).unwrap_or((similarity, kind));
        Some(CopyMatch { original: self.id(root).to_string(), similarity, kind })
    }

    /// A description of how a text was looked up: every candidate with its hits and verification (for
    /// debugging the index; the format may change).
    #[doc(hidden)]
    pub fn explain(&self, text: &str) -> String {
        let sketch = self.sketch(text);
        let lookup = self.lookup(&sketch);
        let signature = self.packed(&sketch);
        let mut out = format!(
            "query: {} words, {} shingles, {} anchors ({} looked up, crowded {:#x}); found {:?}\n",
            sketch.words,
            sketch.shingles,
            sketch.anchor_total,
            sketch.anchors.len(),
            lookup.crowded,
            lookup.found
        );
        for c in &lookup.candidates {
            let n = self.config.num_perm;
            let j =
                minhash::bbit_jaccard(minhash::packed_equal(&signature, self.stored_signature(c.doc), n), n);
            out += &format!(
                "  {} bands {} slots {:#x} query hits {:#x} last slot at {:?} stored/total {}/{} shingles {} J {:.3} -> {:?}\n",
                self.id(c.doc),
                c.band_hits,
                c.slots,
                c.query_hits,
                c.last_slot_at,
                self.meta[c.doc as usize].anchor_counts & 0xFF,
                self.meta[c.doc as usize].anchor_counts >> 8,
                self.meta[c.doc as usize].shingles,
                j,
                self.verify(&sketch, &signature, c, lookup.crowded)
            );
        }
        out
    }

    /// Indexes a text under `id` as an original, undated, whether or not it copies another.
    ///
    /// A text that normalizes to nothing is not indexed.
    pub fn insert(&mut self, id: &str, text: &str) {
        let sketch = self.sketch(text);
        if !sketch.is_empty() {
            let lookup = self.lookup(&sketch);
            self.push(id, &sketch, UNDATED, lookup.crowded);
        }
    }

    /// [`check`](DedupIndex::check), then [`insert`](DedupIndex::insert) when the text is NOT a copy, for
    /// undated texts: copies point at their original and are not themselves indexed, so the original is
    /// the first seen (or, among exact and near copies that arrive together, the longest: see
    /// [`DedupIndex::add`]).
    pub fn check_and_insert(&mut self, id: &str, text: &str) -> Option<CopyMatch> {
        let sketch = self.sketch(text);
        self.add(id, &sketch, None).copy
    }

    /// The streaming step: looks the sketched text up and indexes it unless it is a copy.
    ///
    /// When it copies a group whose original comes after it (published later, or at the same time with
    /// fewer words; undated texts come after dated ones), the text becomes the group's original and
    /// [`Verdict::replaced`] names the previous one. An empty text is neither a copy nor indexed.
    pub fn add(&mut self, id: &str, sketch: &Sketch, published_ms: Option<i64>) -> Verdict {
        match self.decide(id, sketch, published_ms) {
            Decision::Empty | Decision::Original(_) => Verdict::default(),
            Decision::Copy { root, similarity, kind } => Verdict {
                copy: Some(CopyMatch { original: self.id(root).to_string(), similarity, kind }),
                replaced: None,
            },
            Decision::Replacing { previous, similarity, kind, .. } => Verdict {
                copy: None,
                replaced: Some(Replaced { previous: self.id(previous).to_string(), similarity, kind }),
            },
        }
    }

    /// [`add`](DedupIndex::add) with document numbers.
    pub(crate) fn decide(&mut self, id: &str, sketch: &Sketch, published_ms: Option<i64>) -> Decision {
        if sketch.is_empty() {
            return Decision::Empty;
        }
        let published = published_ms.unwrap_or(UNDATED);
        let lookup = self.lookup(sketch);
        let Some((doc, similarity, kind)) = lookup.found else {
            return match self.push(id, sketch, published, lookup.crowded) {
                Some(doc) => Decision::Original(doc),
                None => Decision::Empty,
            };
        };
        let root = self.root(doc);
        let (similarity, kind) = self.versus(sketch, &lookup, root).unwrap_or((similarity, kind));
        let m = &self.meta[root as usize];
        let root_key = (m.published, std::cmp::Reverse(m.words));
        let key = (published, std::cmp::Reverse(sketch.words));
        if key < root_key {
            if let Some(new) = self.push(id, sketch, published, lookup.crowded) {
                self.meta[root as usize].group = new;
                return Decision::Replacing { doc: new, previous: root, similarity, kind };
            }
        }
        Decision::Copy { root, similarity, kind }
    }

    /// The number of indexed texts (originals, and former originals replaced by an earlier copy).
    pub fn len(&self) -> usize {
        self.id_end.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.id_end.is_empty()
    }

    /// Heap bytes held by the index, at current capacities.
    pub fn memory_bytes(&self) -> usize {
        self.memory_parts().iter().map(|(_, bytes)| bytes).sum()
    }

    /// [`memory_bytes`](DedupIndex::memory_bytes) by part, for reports (names may change).
    #[doc(hidden)]
    pub fn memory_parts(&self) -> Vec<(&'static str, usize)> {
        fn vec<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        // hashbrown: one slot of (K, V) plus one control byte per bucket; capacity is 7/8 of buckets.
        let tiny = self.tiny.capacity() * 8 / 7 * (std::mem::size_of::<(u64, u32)>() + 1);
        let (band_sorted, band_buffer) = self.band_postings.heap_bytes();
        let (anchor_sorted, anchor_buffer) = self.anchor_postings.heap_bytes();
        vec![
            ("ids", self.id_text.capacity() + vec(&self.id_end)),
            ("hash, time, counts, group", vec(&self.meta)),
            ("signatures", vec(&self.signatures)),
            ("tiny texts", tiny),
            ("band postings", band_sorted),
            ("band buffer", band_buffer),
            ("anchor postings", anchor_sorted),
            ("anchor buffer", anchor_buffer),
        ]
    }

    /// Heap bytes per indexed text ([`memory_bytes`](DedupIndex::memory_bytes) / [`len`](DedupIndex::len));
    /// 0 when empty.
    pub fn memory_per_doc(&self) -> usize {
        self.memory_bytes().checked_div(self.len()).unwrap_or(0)
    }

    pub(crate) fn id(&self, doc: u32) -> &str {
        let d = doc as usize;
        let start = if d == 0 { 0 } else { self.id_end[d - 1] as usize };
        &self.id_text[start..self.id_end[d] as usize]
    }

    /// The current original of `doc`'s group.
    pub(crate) fn root(&self, mut doc: u32) -> u32 {
        while self.meta[doc as usize].group != doc {
            doc = self.meta[doc as usize].group;
        }
        doc
    }

    fn is_tiny(&self, sketch: &Sketch) -> bool {
        (sketch.shingles as usize) < self.config.min_shingles.max(1)
    }

    /// The LSH bucket key of band `b` of a signature.
    fn band_key(&self, bins: &[u32], b: usize) -> u32 {
        let mut h = minhash::mix64(b as u64 ^ 0x5851_F42D_4C95_7F2D);
        for &v in &bins[b * self.rows..(b + 1) * self.rows] {
            h = minhash::mix64(h ^ u64::from(v));
        }
        (h >> 32) as u32
    }

    fn lookup(&self, sketch: &Sketch) -> Lookup {
        let mut lookup = Lookup { found: None, crowded: 0, candidates: Vec::new() };
        if self.is_tiny(sketch) {
            lookup.found = self.tiny.get(&sketch.exact).map(|&d| (d, 1.0, CopyKind::Exact));
            return lookup;
        }
        // (doc, band hit, anchor slot, query anchor position) events, aggregated per doc below.
        let mut events: Vec<(u32, u8, u8)> = Vec::new();
        // Keys looked up many at a time, so that their cache misses overlap.
        let band_keys: Vec<u32> = (0..self.bands).map(|b| self.band_key(&sketch.bins, b)).collect();
        for keys in band_keys.chunks(64) {
            self.band_postings.get_many(keys, CROWDED_BUCKET, &mut |_, doc| events.push((doc, u8::MAX, 0)));
        }
        let crowded = self.anchor_postings.get_many(&sketch.anchors, CROWDED_ANCHOR, &mut |at, entry| {
            events.push((entry >> 4, (entry & 0xF) as u8, at as u8));
        });
        lookup.crowded = crowded as u32;
        if events.is_empty() {
            return lookup;
        }
        events.sort_unstable_by_key(|e| e.0);
        let mut candidates: Vec<Candidate> = Vec::new();
        for (doc, slot, at) in events {
            if candidates.last().is_none_or(|c| c.doc != doc) {
                candidates.push(Candidate { doc, ..Candidate::default() });
            }
            let c = candidates.last_mut().expect("just pushed");
            if slot == u8::MAX {
                c.band_hits += 1;
            } else {
                c.slots |= 1 << slot;
                c.query_hits |= 1 << at;
                let stored = self.meta[doc as usize].anchor_counts & 0xFF;
                // Among the original's last few stored anchors, the query position that found the
                // highest (the latest position on ties).
                if u32::from(slot) + END_SLOTS >= stored
                    && (c.last_slot.is_none_or(|(s, p)| slot > s || (slot == s && at > p)))
                {
                    c.last_slot = Some((slot, at));
                    c.last_slot_at = Some(at);
                }
            }
        }
        let mut ranked: Vec<(u32, usize)> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (u32::from(c.band_hits) * 2 + c.slots.count_ones() + c.query_hits.count_ones(), i))
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(MAX_CANDIDATES);
        // Every candidate's record and signature read first, so that their cache misses overlap.
        let width = self.config.num_perm / 2;
        let mut touched = 0u64;
        for &(_, i) in &ranked {
            let d = candidates[i].doc as usize;
            touched ^= self.meta[d].exact
                ^ u64::from(self.signatures[d * width])
                ^ u64::from(self.signatures[(d + 1) * width - 1]);
        }
        std::hint::black_box(touched);
        let signature = self.packed(sketch);
        // Exact first, then the best near copy by Jaccard, else the best contained; ties: oldest.
        let mut best: Option<(u8, f64, u32)> = None;
        for &(_, i) in &ranked {
            let c = &candidates[i];
            let Some((similarity, kind)) = self.verify(sketch, &signature, c, lookup.crowded) else {
                continue;
            };
            let rank = match kind {
                CopyKind::Exact => 2,
                CopyKind::Near => 1,
                CopyKind::Contained => 0,
            };
            let better = best.is_none_or(|(r, s, d)| {
                rank > r || (rank == r && (similarity > s || (similarity == s && c.doc < d)))
            });
            if better {
                best = Some((rank, similarity, c.doc));
            }
        }
        lookup.found = best.map(|(rank, s, d)| {
            (d, s, [CopyKind::Contained, CopyKind::Near, CopyKind::Exact][rank as usize])
        });
        lookup.candidates = candidates;
        lookup
    }

    /// The similarity and kind of the query against group original `root`, when it passes a test.
    fn versus(&self, sketch: &Sketch, lookup: &Lookup, root: u32) -> Option<(f64, CopyKind)> {
        if self.is_tiny(sketch) {
            return (self.meta[root as usize].exact == sketch.exact).then_some((1.0, CopyKind::Exact));
        }
        let at = lookup.candidates.binary_search_by_key(&root, |c| c.doc);
        let candidate =
            at.map(|i| lookup.candidates[i]).unwrap_or(Candidate { doc: root, ..Candidate::default() });
        self.verify(sketch, &self.packed(sketch), &candidate, lookup.crowded)
    }

    fn packed(&self, sketch: &Sketch) -> Vec<u8> {
        let mut out = Vec::with_capacity(sketch.bins.len() / 2);
        minhash::pack(&sketch.bins, &mut out);
        out
    }

    fn stored_signature(&self, doc: u32) -> &[u8] {
        let n = self.config.num_perm / 2;
        &self.signatures[doc as usize * n..(doc as usize + 1) * n]
    }

    /// Is the query a copy of candidate `c`? Exact, near or contained, with the similarity.
    fn verify(&self, q: &Sketch, signature: &[u8], c: &Candidate, crowded: u32) -> Option<(f64, CopyKind)> {
        let m = &self.meta[c.doc as usize];
        self.verify_against(q, signature, c, crowded, m, self.stored_signature(c.doc))
    }

    /// [`verify`](DedupIndex::verify) against an original given by its record and signature.
    fn verify_against(
        &self,
        q: &Sketch,
        signature: &[u8],
        c: &Candidate,
        crowded: u32,
        m: &Meta,
        stored_signature: &[u8],
    ) -> Option<(f64, CopyKind)> {
        if m.exact == q.exact {
            return Some((1.0, CopyKind::Exact));
        }
        if m.shingles == 0 {
            return None; // a tiny original: exact matches only
        }
        let n = self.config.num_perm;
        let equal = minhash::packed_equal(signature, stored_signature, n);
        let j = minhash::bbit_jaccard(equal, n);
        if j >= self.config.threshold {
            return Some((j, CopyKind::Near));
        }
        let (q_size, o_size) = (f64::from(q.shingles.max(1)), f64::from(m.shingles.max(1)));
        // |Q ∩ O| from the Jaccard estimate and the two sizes: stands in where anchors were not checked.
        let common = j * (q_size + o_size) / (1.0 + j);
        let q_in_o_by_j = (common / q_size).min(1.0);
        let o_in_q_by_j = (common / o_size).min(1.0);

        // The query in the original: of the query's anchors that could be checked against the original's
        // stored ones, how many are there; where the original's stored anchors end (and the query goes
        // on), the rest of the query is estimated from the Jaccard estimate.
        let looked_up = q.anchors.len();
        let mut in_range = !crowded & low_bits(looked_up);
        let stored = (m.anchor_counts & 0xFF) as usize;
        let o_total = (m.anchor_counts >> 8) as usize;
        let o_truncated = o_total > stored;
        if o_truncated {
            if let Some(at) = c.last_slot_at {
                // The query reached the end of the original's stored anchors (it has one of the last
                // few): its anchors after that one cannot be checked against them.
                in_range &= low_bits(at as usize + 1);
            } else if c.slots == 0 {
                // None of the original's stored anchors is in the query: it may lie wholly past them
                // (an excerpt from later in the text), so none of its anchors could be checked.
                in_range = 0;
            }
        }
        let checked = in_range.count_ones() as usize;
        let hits = (c.query_hits & in_range).count_ones() as usize;
        let q_total =
            (q.anchor_total as usize).saturating_sub((crowded & low_bits(looked_up)).count_ones() as usize);
        let q_in_o = if checked >= MIN_ANCHORS && q_total > 0 {
            let rest = q_total.saturating_sub(checked) as f64;
            (hits as f64 + q_in_o_by_j * rest) / (checked as f64 + rest)
        } else if q_size >= o_size / 4.0 {
            // Too few anchors to check (short texts): the Jaccard estimate and the sizes, which are
            // reliable enough while the query is not much smaller than the original.
            q_in_o_by_j
        } else {
            0.0
        };
        // The original in the query: of the original's stored anchors, how many the query has.
        let o_in_q = if stored >= MIN_ANCHORS && o_total > 0 && q.anchor_total as usize <= MAX_QUERY_ANCHORS {
            let found = c.slots.count_ones() as usize;
            let rest = o_total.saturating_sub(stored) as f64;
            (found as f64 + o_in_q_by_j * rest) / (stored as f64 + rest)
        } else if stored >= MIN_ANCHORS && o_total > 0 {
            // The query has more anchors than it looked up: the original's may lie past them.
            let found = c.slots.count_ones() as usize;
            let rest = o_total.saturating_sub(stored) as f64;
            let by_anchors = (found as f64 + o_in_q_by_j * rest) / (stored as f64 + rest);
            // Here the Jaccard estimate alone may decide, so its lower confidence bound is used: between
            // texts of very different lengths the sizes multiply its noise (a chance 0.04 between a long
            // query and an original 25 times shorter would read as the original contained).
            let j_low = minhash::bbit_jaccard_low(equal, n);
            let o_in_q_by_j_low = (j_low * (q_size + o_size) / (1.0 + j_low) / o_size).min(1.0);
            by_anchors.max(o_in_q_by_j_low)
        } else if o_size >= q_size / 4.0 {
            o_in_q_by_j
        } else {
            0.0
        };
        let containment = q_in_o.max(o_in_q);
        (containment >= self.config.containment).then_some((containment.min(1.0), CopyKind::Contained))
    }

    /// Indexes a sketched text; returns its document number (`None` when the index is full).
    fn push(&mut self, id: &str, sketch: &Sketch, published: i64, crowded: u32) -> Option<u32> {
        let d = self.len();
        if d >= MAX_DOCS || self.id_text.len() + id.len() > u32::MAX as usize {
            return None;
        }
        let doc = d as u32;
        if self.id_end.len() == self.id_end.capacity() {
            self.reserve_docs(d / 16 + 64);
        }
        if self.id_text.capacity() - self.id_text.len() < id.len() {
            self.id_text.reserve_exact(self.id_text.len() / 16 + id.len() + 1024);
        }
        self.id_text.push_str(id);
        self.id_end.push(self.id_text.len() as u32);
        let mut meta = Meta {
            exact: sketch.exact,
            published,
            words: sketch.words,
            shingles: 0,
            anchor_counts: 0,
            group: doc,
        };
        let n = self.config.num_perm / 2;
        if self.is_tiny(sketch) {
            self.signatures.resize(self.signatures.len() + n, 0);
            self.meta.push(meta);
            self.tiny.entry(sketch.exact).or_insert(doc);
            return Some(doc);
        }
        minhash::pack(&sketch.bins, &mut self.signatures);
        meta.shingles = sketch.shingles.max(1);
        for b in 0..self.bands {
            let key = self.band_key(&sketch.bins, b);
            self.band_postings.insert(key, doc);
        }
        let mut stored = 0u32;
        for (at, &key) in sketch.anchors.iter().enumerate() {
            if stored as usize == STORED_ANCHORS {
                break;
            }
            if crowded & (1 << at) != 0 {
                continue;
            }
            self.anchor_postings.insert(key, (doc << 4) | stored);
            stored += 1;
        }
        let skipped = (crowded & low_bits(sketch.anchors.len())).count_ones();
        let total = sketch.anchor_total.saturating_sub(skipped).max(stored).min(0x00FF_FFFF);
        meta.anchor_counts = stored | (total << 8);
        self.meta.push(meta);
        Some(doc)
    }
}

impl DedupIndex {
    /// Room for `more` texts in every per-text array: growing by a sixteenth at a time (instead of
    /// doubling) keeps the unused capacity under 7% of the memory; the copies this costs are a few
    /// hundred bytes per text over the index's life.
    fn reserve_docs(&mut self, more: usize) {
        let average_id = self.id_text.len() / self.id_end.len().max(1) + 1;
        self.id_text.reserve_exact(more * average_id);
        self.id_end.reserve_exact(more);
        self.meta.reserve_exact(more);
        self.signatures.reserve_exact(more * self.config.num_perm / 2);
    }
}

/// A mask of the lowest `n` bits (all 32 for `n >= 32`).
fn low_bits(n: usize) -> u32 {
    if n >= 32 { u32::MAX } else { (1u32 << n) - 1 }
}

#[cfg(test)]
mod tests;
