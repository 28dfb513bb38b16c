//! One pass over a text: normalization, word hashes, shingle hashes, the MinHash signature, the content
//! anchors and the exact-text hash, without building the normalized text.
//!
//! Words are what [`samestory_model::normalize_text`] keeps: maximal runs of alphanumeric characters,
//! lowercased (ASCII on a fast path, anything else through `char::to_lowercase`). Each word is hashed once;
//! a shingle's hash is a polynomial over its `k` word hashes, rolled forward one word at a time and then
//! finalized with a 64-bit mixer, so every shingle costs a few multiplications whatever its length.

use crate::minhash::{self, mix64, reduce};

/// Multiplier of the rolling shingle polynomial (odd, so multiplying by it is invertible mod 2^64).
const ROLL: u64 = 0x9E37_79B9_7F4A_7C15;
/// Multiplier of the exact-text hash chain.
const CHAIN: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// A shingle is an anchor when these bits of its hash are all zero (1 in 4 shingles). The bits are neither
/// the ones that choose a MinHash bin (the highest) nor the ones stored in the b-bit signature (the
/// lowest), and the choice depends on the shingle alone, so two texts that share a passage pick the same
/// anchors inside it.
pub(crate) const ANCHOR_MASK: u64 = 0x3 << 20;

/// What one text gives: everything the index needs to look it up or to add it.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    /// 64-bit hash of the sequence of normalized words: equal for equal normalized texts.
    pub(crate) exact: u64,
    /// Number of words of the normalized text.
    pub(crate) words: u32,
    /// Number of shingles (positions, not distinct values).
    pub(crate) shingles: u32,
    /// Densified one-permutation MinHash: per bin, the minimum of the low 32 bits of the shingle hashes
    /// that fall in it (the bin is chosen by the high bits, so the low ones order them independently).
    /// Empty for a text without words.
    pub(crate) bins: Vec<u32>,
    /// Keys (high 32 bits) of the content anchors, in text order, at most [`MAX_QUERY_ANCHORS`].
    pub(crate) anchors: Vec<u32>,
    /// Number of anchors in the whole text.
    pub(crate) anchor_total: u32,
}

/// Anchors kept per text, in text order: queries look up this many, from the start of the text.
pub(crate) const MAX_QUERY_ANCHORS: usize = 32;

impl Sketch {
    /// Whether the text had no words at all.
    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// Number of normalized words: the length used to break ties between originals.
    pub fn words(&self) -> u32 {
        self.words
    }
}

/// Reusable buffers and settings for sketching.
#[derive(Clone, Debug)]
pub(crate) struct Sketcher {
    k: usize,
    num_perm: usize,
    /// The last `k` word hashes (ring buffer).
    ring: Vec<u64>,
    /// `ROLL^(k-1)`, to remove the oldest word from the rolling sum.
    top_power: u64,
}

impl Sketcher {
    pub(crate) fn new(k: usize, num_perm: usize) -> Sketcher {
        let k = k.max(1);
        let top_power = (1..k).fold(1u64, |p, _| p.wrapping_mul(ROLL));
        Sketcher { k, num_perm: num_perm.max(1), ring: vec![0; k], top_power }
    }

    /// Sketches `text`.
    pub(crate) fn sketch(&mut self, text: &str) -> Sketch {
        let mut state = State {
            k: self.k,
            num_perm: self.num_perm,
            ring: &mut self.ring,
            top_power: self.top_power,
            words: 0,
            slot: 0,
            roll: 0,
            exact: 0,
            shingles: 0,
            bins: vec![u32::MAX; self.num_perm],
            anchors: Vec::new(),
            anchor_total: 0,
        };
        words(text, |w| state.word(w));
        state.finish()
    }
}

struct State<'a> {
    k: usize,
    num_perm: usize,
    ring: &'a mut [u64],
    top_power: u64,
    words: u64,
    /// Where the next word hash goes in `ring`.
    slot: usize,
    /// Polynomial of the last `min(words, k)` word hashes.
    roll: u64,
    exact: u64,
    shingles: u32,
    bins: Vec<u32>,
    anchors: Vec<u32>,
    anchor_total: u32,
}

impl State<'_> {
    #[inline]
    fn word(&mut self, w: u64) {
        let slot = self.slot;
        self.slot = if slot + 1 == self.k { 0 } else { slot + 1 };
        if self.words >= self.k as u64 {
            let oldest = self.ring[slot];
            self.roll = self.roll.wrapping_sub(oldest.wrapping_mul(self.top_power));
        }
        self.roll = self.roll.wrapping_mul(ROLL).wrapping_add(w);
        self.ring[slot] = w;
        self.exact = (self.exact ^ w).wrapping_mul(CHAIN).rotate_left(23);
        self.words += 1;
        if self.words >= self.k as u64 {
            self.shingle(mix64(self.roll));
        }
    }

    #[inline]
    fn shingle(&mut self, h: u64) {
        self.shingles = self.shingles.saturating_add(1);
        let b = reduce(h, self.num_perm);
        let low = h as u32;
        if low < self.bins[b] {
            self.bins[b] = low;
        }
        if h & ANCHOR_MASK == 0 {
            self.anchor_total = self.anchor_total.saturating_add(1);
            if self.anchors.len() < MAX_QUERY_ANCHORS {
                let key = (h >> 32) as u32;
                if !self.anchors.contains(&key) {
                    self.anchors.push(key);
                }
            }
        }
    }

    fn finish(mut self) -> Sketch {
        if self.words == 0 {
            return Sketch {
                exact: 0,
                words: 0,
                shingles: 0,
                bins: Vec::new(),
                anchors: Vec::new(),
                anchor_total: 0,
            };
        }
        if self.words < self.k as u64 {
            // A text shorter than a shingle is one shingle of all its words.
            self.shingle(mix64(self.roll));
        }
        minhash::densify(&mut self.bins);
        Sketch {
            exact: mix64(self.exact ^ self.words),
            words: u32::try_from(self.words).unwrap_or(u32::MAX),
            shingles: self.shingles,
            bins: self.bins,
            anchors: self.anchors,
            anchor_total: self.anchor_total,
        }
    }
}

/// Byte classes for the ASCII fast path: 0 separator, 1 letter or digit, 2 not ASCII.
const CLASS: [u8; 256] = {
    let mut class = [2u8; 256];
    let mut b = 0;
    while b < 128 {
        class[b] = (b as u8).is_ascii_alphanumeric() as u8;
        b += 1;
    }
    class
};

/// Calls `f` with the hash of every normalized word of `text`, in order.
///
/// A word is a maximal run of alphanumeric characters, lowercased. Its hash folds its lowercased UTF-8
/// bytes 8 at a time (little-endian); words of ASCII letters and digits are read 8 bytes at a time and
/// lowercased by setting bit 5 of every byte, anything else goes byte by byte through
/// `char::to_lowercase`, with the same result.
pub(crate) fn words(text: &str, mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // Skip separators.
        while i < n && CLASS[bytes[i] as usize] == 0 {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        while i < n && CLASS[bytes[i] as usize] == 1 {
            i += 1;
        }
        if i < n && CLASS[bytes[i] as usize] == 2 {
            // A character outside ASCII in the word (or just after a separator): the slow path from the
            // word's start to its end.
            i = slow_word(text, start, &mut f);
            continue;
        }
        f(ascii_word_hash(bytes, start, i));
    }
}

/// The hash of the ASCII word `bytes[start..end]` (letters and digits), lowercased.
#[inline]
fn ascii_word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let len = end - start;
    let mut h = 0u64;
    let mut at = start;
    while end - at >= 8 {
        let v = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes")) | LOWER;
        h = fold(h, v);
        at += 8;
    }
    let rest = end - at;
    let acc = if rest == 0 {
        0
    } else {
        // Bit 5 set only where there are bytes: letters become lowercase, digits have it already.
        let mask = u64::MAX >> (64 - 8 * rest);
        let raw = if at + 8 <= bytes.len() {
            // One unaligned load past the word's end, masked off.
            u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
        } else {
            let mut buf = [0u8; 8];
            buf[..rest].copy_from_slice(&bytes[at..end]);
            u64::from_le_bytes(buf)
        };
        (raw & mask) | (LOWER & mask)
    };
    word_hash(h, acc, len as u64)
}

/// Folds an 8-byte chunk into a word's running hash.
#[inline]
fn fold(h: u64, chunk: u64) -> u64 {
    (h ^ chunk).wrapping_mul(ROLL).rotate_left(29)
}

/// Hashes the word starting at byte `start` of `text` character by character; returns where it ends.
#[cold]
fn slow_word(text: &str, start: usize, f: &mut impl FnMut(u64)) -> usize {
    let mut acc = 0u64; // up to 8 pending bytes of the word
    let mut fill = 0u32; // bytes in `acc`
    let mut h = 0u64; // hash of the word's earlier 8-byte chunks
    let mut len = 0u64; // bytes in the word
    let mut end = start;
    for c in text[start..].chars() {
        if !c.is_alphanumeric() {
            break;
        }
        end += c.len_utf8();
        let mut buf = [0u8; 4];
        for lower in c.to_lowercase() {
            for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                acc |= u64::from(byte) << (fill * 8);
                fill += 1;
                len += 1;
                if fill == 8 {
                    h = fold(h, acc);
                    acc = 0;
                    fill = 0;
                }
            }
        }
    }
    if len > 0 {
        f(word_hash(h, acc, len));
        end
    } else {
        // Not a word character: skip it.
        start + text[start..].chars().next().map_or(1, char::len_utf8)
    }
}

/// The hash of a word from its earlier 8-byte chunks' hash `h`, its last bytes `acc` and its length.
#[inline]
fn word_hash(h: u64, acc: u64, len: u64) -> u64 {
    // One multiply and a shift: the shingle hash mixes these thoroughly afterwards.
    let x = (h.wrapping_mul(CHAIN) ^ acc ^ len.rotate_right(8)).wrapping_mul(ROLL);
    x ^ (x >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_hashes(text: &str) -> Vec<u64> {
        let mut v = Vec::new();
        words(text, |h| v.push(h));
        v
    }

    #[test]
    fn words_follow_normalize_text() {
        for text in [
            "  “It’s true,”  she said.\n\nYes! ",
            "Ça va — TRÈS bien, ΣΊΣΥΦΟΣ Ärger",
            "a1b2 -- x_y 3.14 extraordinarily-long-compound-word-here",
            "",
            "...!!",
        ] {
            let normalized = samestory_model::normalize_text(text);
            let want: Vec<u64> =
                normalized.split(' ').filter(|w| !w.is_empty()).flat_map(word_hashes).collect();
            assert_eq!(word_hashes(text), want, "{text:?}");
        }
        assert_eq!(word_hashes("Hello, WORLD"), word_hashes("hello world"));
        assert_ne!(word_hashes("abcdefgh")[0], word_hashes("abcdefgi")[0]);
        assert_ne!(word_hashes("abcdefghijklmnopq")[0], word_hashes("abcdefghijklmnopr")[0]);
    }

    #[test]
    fn sketch_counts_and_exact_hash() {
        let mut s = Sketcher::new(5, 128);
        let a = s.sketch("One two three four five six seven.");
        assert_eq!((a.words, a.shingles, a.bins.len()), (7, 3, 128));
        assert_eq!(a.exact, s.sketch("ONE two, three -- four five six seven").exact);
        assert_ne!(a.exact, s.sketch("one two three four five six").exact);
        assert_ne!(a.exact, s.sketch("two one three four five six seven").exact);
        let short = s.sketch("just three words");
        assert_eq!((short.words, short.shingles), (3, 1));
        assert!(short.bins.iter().all(|&b| b == short.bins[0]));
        let empty = s.sketch(" -- ");
        assert!(empty.is_empty() && empty.bins.is_empty());
    }

    #[test]
    fn shingles_are_position_independent() {
        // The same five words give the same shingle hash wherever they stand.
        let mut s = Sketcher::new(5, 1);
        let a = s.sketch("a b c d e");
        let b = s.sketch("x y z a b c d e");
        // With one bin, the signature is the minimum over all shingles: b's set contains a's.
        assert!(b.bins[0] <= a.bins[0]);
        let c = s.sketch("q r s t u v w a b c d e");
        let d = s.sketch("a b c d e");
        assert_eq!(a.bins, d.bins);
        assert!(c.bins[0] <= a.bins[0]);
    }
}
