//! Sketches as bytes, and the pairwise verdict, for batch jobs that find candidate pairs themselves
//! (samestory-backfill joins LSH band buckets in SQL and verifies the pairs it finds).
//!
//! A [`SketchRecord`] keeps what banding and verification need of a [`Sketch`]: the exact hash, word and
//! shingle counts, the LSH band keys, the first anchors and the 4-bit signature; it round-trips through
//! [`SketchRecord::to_bytes`] / [`SketchRecord::from_bytes`]. [`DedupIndex::compare`] answers for one pair
//! exactly what the index answers when the original is the only indexed text (no anchor is crowded in a
//! pair): the same thresholds, estimates and containment rules.

use crate::sketch::{MAX_QUERY_ANCHORS, Sketch};
use crate::{Candidate, CopyKind, DedupIndex, END_SLOTS, Meta, STORED_ANCHORS, UNDATED};

/// Format version written first in [`SketchRecord::to_bytes`].
const VERSION: u8 = 1;
/// Bytes before the band keys.
const HEADER: usize = 24;

/// A sketch reduced to what banding and verification need; see the module docs of `record.rs`.
#[derive(Clone, Debug, PartialEq)]
pub struct SketchRecord {
    /// The sketch without its full bins.
    sketch: Sketch,
    /// LSH bucket keys, one per band (none for texts matched exactly only).
    band_keys: Vec<u32>,
    /// The 4-bit signature, two values a byte.
    signature: Vec<u8>,
}

/// Bytes that are not a [`SketchRecord`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Shorter than its header says.
    #[error("sketch record truncated: {0} bytes")]
    Truncated(usize),
    /// Written by another format version.
    #[error("unknown sketch record version {0}")]
    Version(u8),
    /// More anchors than a sketch keeps.
    #[error("sketch record has {0} anchors: at most 32")]
    Anchors(usize),
}

impl SketchRecord {
    /// Hash of the normalized word sequence: equal for equal normalized texts.
    pub fn exact(&self) -> u64 {
        self.sketch.exact
    }

    /// Number of normalized words (ties between originals go to the longest).
    pub fn words(&self) -> u32 {
        self.sketch.words
    }

    /// Number of shingles.
    pub fn shingles(&self) -> u32 {
        self.sketch.shingles
    }

    /// Whether the text had no words.
    pub fn is_empty(&self) -> bool {
        self.sketch.is_empty()
    }

    /// LSH bucket keys, one per band; empty for texts matched exactly only (fewer shingles than
    /// [`crate::DedupConfig::min_shingles`]) and for empty texts.
    pub fn band_keys(&self) -> &[u32] {
        &self.band_keys
    }

    /// Anchor keys an original is found by (the index stores the first 12 of each original).
    pub fn stored_anchors(&self) -> &[u32] {
        &self.sketch.anchors[..self.sketch.anchors.len().min(STORED_ANCHORS)]
    }

    /// Anchor keys a query looks up (its first 32).
    pub fn query_anchors(&self) -> &[u32] {
        &self.sketch.anchors
    }

    /// Appends the record's bytes to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let s = &self.sketch;
        out.reserve(HEADER + 4 * (self.band_keys.len() + s.anchors.len()) + self.signature.len());
        out.push(VERSION);
        out.push(self.band_keys.len() as u8);
        out.push(s.anchors.len() as u8);
        out.push(0);
        out.extend_from_slice(&s.exact.to_le_bytes());
        out.extend_from_slice(&s.words.to_le_bytes());
        out.extend_from_slice(&s.shingles.to_le_bytes());
        out.extend_from_slice(&s.anchor_total.to_le_bytes());
        for key in self.band_keys.iter().chain(&s.anchors) {
            out.extend_from_slice(&key.to_le_bytes());
        }
        out.extend_from_slice(&self.signature);
    }

    /// The record's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    /// Reads a record written by [`SketchRecord::encode`].
    ///
    /// # Errors
    ///
    /// [`RecordError`] for bytes of another version or too short for their header.
    pub fn from_bytes(bytes: &[u8]) -> Result<SketchRecord, RecordError> {
        if bytes.len() < HEADER {
            return Err(RecordError::Truncated(bytes.len()));
        }
        if bytes[0] != VERSION {
            return Err(RecordError::Version(bytes[0]));
        }
        let (bands, anchors) = (bytes[1] as usize, bytes[2] as usize);
        if anchors > MAX_QUERY_ANCHORS {
            return Err(RecordError::Anchors(anchors));
        }
        let keys_end = HEADER + 4 * (bands + anchors);
        if bytes.len() < keys_end {
            return Err(RecordError::Truncated(bytes.len()));
        }
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let keys: Vec<u32> = (0..bands + anchors).map(|i| u32_at(HEADER + 4 * i)).collect();
        let sketch = Sketch {
            exact: u64::from_le_bytes(bytes[4..12].try_into().expect("8 bytes")),
            words: u32_at(12),
            shingles: u32_at(16),
            bins: Vec::new(),
            anchors: keys[bands..].to_vec(),
            anchor_total: u32_at(20),
        };
        Ok(SketchRecord { sketch, band_keys: keys[..bands].to_vec(), signature: bytes[keys_end..].to_vec() })
    }
}

impl DedupIndex {
    /// The record of a sketched text, with this index's banding.
    pub fn record(&self, sketch: &Sketch) -> SketchRecord {
        let band_keys = if sketch.is_empty() || self.is_tiny(sketch) {
            Vec::new()
        } else {
            (0..self.bands).map(|b| self.band_key(&sketch.bins, b)).collect()
        };
        let signature = self.packed(sketch);
        let sketch = Sketch { bins: Vec::new(), ..sketch.clone() };
        SketchRecord { sketch, band_keys, signature }
    }

    /// Is `query` a copy of `original`? What [`DedupIndex::check`] answers for `query` when `original`
    /// is the only indexed text: exact, near or contained with the similarity, else `None`. Not
    /// symmetric: containment is judged from the query's first anchors and the original's stored ones.
    /// Records of another signature length than this index's are never copies (unless exact).
    pub fn compare(&self, query: &SketchRecord, original: &SketchRecord) -> Option<(f64, CopyKind)> {
        let (q, o) = (&query.sketch, &original.sketch);
        if q.is_empty() || o.is_empty() {
            return None;
        }
        if self.is_tiny(q) || self.is_tiny(o) {
            return (q.exact == o.exact).then_some((1.0, CopyKind::Exact));
        }
        let width = self.config.num_perm / 2;
        if query.signature.len() != width || original.signature.len() != width {
            return (q.exact == o.exact).then_some((1.0, CopyKind::Exact));
        }
        let stored = original.stored_anchors();
        let mut candidate = Candidate { doc: 0, ..Candidate::default() };
        for (at, key) in q.anchors.iter().take(MAX_QUERY_ANCHORS).enumerate() {
            for (slot, stored_key) in stored.iter().enumerate() {
                if key != stored_key {
                    continue;
                }
                candidate.slots |= 1 << slot;
                candidate.query_hits |= 1 << at;
                let (slot, at) = (slot as u8, at as u8);
                if u32::from(slot) + END_SLOTS >= stored.len() as u32
                    && candidate.last_slot.is_none_or(|(s, p)| slot > s || (slot == s && at > p))
                {
                    candidate.last_slot = Some((slot, at));
                    candidate.last_slot_at = Some(at);
                }
            }
        }
        let total = o.anchor_total.max(stored.len() as u32).min(0x00FF_FFFF);
        let meta = Meta {
            exact: o.exact,
            published: UNDATED,
            words: o.words,
            shingles: o.shingles.max(1),
            anchor_counts: stored.len() as u32 | (total << 8),
            group: 0,
        };
        self.verify_against(q, &query.signature, &candidate, 0, &meta, &original.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DedupConfig;
    use proptest::prelude::*;

    const ORIGINAL: &str = "The central bank raised its main interest rate by a quarter point on Thursday, citing \
        stubborn inflation in services and a tight labour market. Officials said further increases were \
        possible if price growth failed to slow over the coming months, and markets moved to price in \
        another rise before the end of the year. The decision was unanimous, the bank said in a statement.";

    fn index() -> DedupIndex {
        DedupIndex::new(DedupConfig::default())
    }

    fn rec(index: &DedupIndex, text: &str) -> SketchRecord {
        index.record(&index.sketch(text))
    }

    #[test]
    fn bytes_round_trip() {
        let index = index();
        let r = rec(&index, ORIGINAL);
        assert_eq!(r.band_keys().len(), index.bands);
        assert_eq!(SketchRecord::from_bytes(&r.to_bytes()), Ok(r));
        let tiny = rec(&index, "Rain fell.");
        assert!(tiny.band_keys().is_empty());
        assert_eq!(SketchRecord::from_bytes(&tiny.to_bytes()), Ok(tiny));
    }

    #[test]
    fn compare_agrees_with_the_index() {
        let index = index();
        let near = ORIGINAL.replace("Thursday", "Wednesday").replace("unanimous", "split");
        let excerpt: String = ORIGINAL.split(". ").take(2).collect::<Vec<_>>().join(". ");
        let wrapped = format!("{ORIGINAL} Read the full article here. Share this story with your friends.");
        let other = "A storm closed schools across the region on Monday as forecasters warned of flooding \
            along the coast, and officials urged residents to stay at home until the weather improved.";
        for text in [ORIGINAL.to_uppercase(), near, excerpt, wrapped, other.to_string()] {
            let mut alone = index.clone();
            alone.insert("o", ORIGINAL);
            let expected = alone.check(&text).map(|m| (m.similarity, m.kind));
            assert_eq!(index.compare(&rec(&index, &text), &rec(&index, ORIGINAL)), expected, "{text}");
        }
    }

    proptest! {
        #[test]
        fn garbage_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(r) = SketchRecord::from_bytes(&bytes) {
                let index = index();
                let _ = index.compare(&r, &r);
                prop_assert_eq!(SketchRecord::from_bytes(&r.to_bytes()), Ok(r));
            }
        }
    }
}
