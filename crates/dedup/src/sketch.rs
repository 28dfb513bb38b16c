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
        words(
            text,
            #[inline(always)]
            |w| state.word(w),
        );
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
    #[inline(always)]
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

    #[inline(always)]
    fn shingle(&mut self, h: u64) {
        self.shingles = self.shingles.saturating_add(1);
        let b = reduce(h, self.num_perm);
        // Without a branch: whether a shingle lowers its bin is hard to predict early in a text.
        let bin = &mut self.bins[b];
        *bin = (*bin).min(h as u32);
        // Counted without a branch (whether a shingle is an anchor is a coin toss); the first anchors are
        // kept, behind a test that stays predictable (true until they are all there).
        let anchor = h & ANCHOR_MASK == 0;
        self.anchor_total = self.anchor_total.saturating_add(u32::from(anchor));
        if self.anchors.len() < MAX_QUERY_ANCHORS && anchor {
            let key = (h >> 32) as u32;
            if !self.anchors.contains(&key) {
                self.anchors.push(key);
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

/// Bytes of a block: the text is classified 64 bytes at a time into one bit per byte.
const BLOCK: usize = 64;
/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low 7 bits of every byte.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
/// Bit 5 of every byte: setting it lowercases an ASCII letter and leaves a digit as it is.
const LOWER: u64 = 0x2020_2020_2020_2020;

/// `b` in every byte.
const fn splat(b: u8) -> u64 {
    (b as u64) * 0x0101_0101_0101_0101
}

/// One bit per byte of `x` (bit `i` for byte `i`, little-endian): set for ASCII letters and digits and for
/// every byte outside ASCII. SWAR range tests on the low 7 bits (no carry crosses a byte), then the byte
/// high bits gathered by one multiplication.
#[inline(always)]
fn wordish_bits(x: u64) -> u64 {
    let v = x & LOW7;
    let l = (x | LOWER) & LOW7;
    let letter = l.wrapping_add(splat(0x80 - b'a')) & !l.wrapping_add(splat(0x7F - b'z'));
    let digit = v.wrapping_add(splat(0x80 - b'0')) & !v.wrapping_add(splat(0x7F - b'9'));
    let m = (letter | digit | x) & HIGH;
    (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The word bits ([`wordish_bits`]) of the 64 bytes from `base` (bytes past the end are separators).
#[inline(always)]
fn block_bits(bytes: &[u8], base: usize) -> u64 {
    let mut bits = 0u64;
    if let Some(block) = bytes.get(base..base + BLOCK) {
        for (i, chunk) in block.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            bits |= wordish_bits(x) << (8 * i);
        }
    } else {
        let mut buf = [0u8; BLOCK];
        let rest = &bytes[base.min(bytes.len())..];
        buf[..rest.len()].copy_from_slice(rest);
        for (i, chunk) in buf.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            bits |= wordish_bits(x) << (8 * i);
        }
    }
    bits
}

/// Calls `f` with the hash of every normalized word of `text`, in order.
///
/// A word is a maximal run of alphanumeric characters, lowercased. The text is read 64 bytes at a time:
/// a bit per byte marks ASCII letters and digits and bytes outside ASCII, and the runs of marked bytes
/// are found with bit scans. A run of ASCII letters and digits is one word, hashed 8 bytes at a time and
/// lowercased by setting bit 5 of every byte; a run holding other characters goes character by character
/// through `char::is_alphanumeric` and `char::to_lowercase` (it may hold several words, or none), with
/// the same hash for the same lowercased word. The hash folds the word's lowercased UTF-8 bytes 8 at a
/// time (little-endian).
pub(crate) fn words(text: &str, mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Start of the run in progress, or `usize::MAX` between runs.
    let mut start = usize::MAX;
    let mut base = 0;
    while base < n {
        let bits = block_bits(bytes, base);
        let carry = u64::from(start != usize::MAX);
        let before = (bits << 1) | carry;
        let starts = bits & !before;
        let mut events = starts | (!bits & before);
        while events != 0 {
            let i = events.trailing_zeros();
            events &= events - 1;
            let at = base + i as usize;
            if starts >> i & 1 == 1 {
                start = at;
            } else {
                run(text, start, at, &mut f);
                start = usize::MAX;
            }
        }
        base += BLOCK;
    }
    if start != usize::MAX {
        run(text, start, n, &mut f);
    }
}

/// The words of the run `text[start..end]` (ASCII letters and digits and non-ASCII characters).
#[inline(always)]
fn run(text: &str, start: usize, end: usize, f: &mut impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let len = end - start;
    let mut h = 0u64;
    let mut at = start;
    let mut high = 0u64;
    while end - at > 8 {
        let x = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        high |= x;
        h = fold(h, x | LOWER);
        at += 8;
    }
    let rest = end - at;
    let mask = u64::MAX >> (64 - 8 * rest);
    let raw = match bytes.get(at..at + 8) {
        // One unaligned load past the run's end, masked off.
        Some(chunk) => u64::from_le_bytes(chunk.try_into().expect("8 bytes")),
        None => {
            let mut buf = [0u8; 8];
            buf[..rest].copy_from_slice(&bytes[at..end]);
            u64::from_le_bytes(buf)
        }
    };
    let last = raw & mask;
    if (high | last) & HIGH != 0 {
        slow_run(&text[start..end], f);
        return;
    }
    // A full last chunk is folded like the others when the word goes on; a word of a multiple of 8 bytes
    // ends with an empty chunk.
    let (h, acc) = if rest == 8 { (fold(h, last | LOWER), 0) } else { (h, last | (LOWER & mask)) };
    f(word_hash(h, acc, len as u64));
}

/// Folds an 8-byte chunk into a word's running hash.
#[inline]
fn fold(h: u64, chunk: u64) -> u64 {
    (h ^ chunk).wrapping_mul(ROLL).rotate_left(29)
}

/// Characters of the General Punctuation block (special spaces, dashes, curly quotes, ellipsis…): common
/// in news text and never alphanumeric.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// A word being hashed byte by byte (the slow path), giving the same hash as the fast path.
#[derive(Default)]
struct SlowWord {
    acc: u64,  // up to 8 pending bytes of the word
    fill: u32, // bytes in `acc`
    h: u64,    // hash of the word's earlier 8-byte chunks
    len: u64,  // bytes in the word
}

impl SlowWord {
    #[inline]
    fn push(&mut self, byte: u8) {
        self.acc |= u64::from(byte) << (self.fill * 8);
        self.fill += 1;
        self.len += 1;
        if self.fill == 8 {
            self.h = fold(self.h, self.acc);
            self.acc = 0;
            self.fill = 0;
        }
    }

    /// Ends the word (if any) and hands its hash to `f`.
    #[inline]
    fn end(&mut self, f: &mut impl FnMut(u64)) {
        if self.len > 0 {
            f(word_hash(self.h, self.acc, self.len));
            *self = SlowWord::default();
        }
    }
}

/// The words of a run holding characters outside ASCII, character by character: alphanumeric characters
/// lowercased make words, any other character ends one.
#[cold]
#[inline(never)]
fn slow_run(run: &str, f: &mut impl FnMut(u64)) {
    let mut word = SlowWord::default();
    for c in run.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase() as u8);
        } else if c.is_ascii() || GENERAL_PUNCTUATION.contains(&c) || !c.is_alphanumeric() {
            word.end(f);
        } else {
            let mut buf = [0u8; 4];
            for lower in c.to_lowercase() {
                for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                    word.push(byte);
                }
            }
        }
    }
    word.end(f);
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

    /// The words' hashes from `normalize_text` and the byte-by-byte hasher: the reference the block scanner
    /// must match.
    fn reference_hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        for w in samestory_model::normalize_text(text).split(' ').filter(|w| !w.is_empty()) {
            let mut word = SlowWord::default();
            w.bytes().for_each(|b| word.push(b));
            word.end(&mut |h| out.push(h));
        }
        out
    }

    #[test]
    fn byte_classes_match_the_definition() {
        for b in 0..=255u8 {
            let want = b.is_ascii_alphanumeric() || b >= 0x80;
            for pos in 0..8 {
                // The byte among separators, and among word bytes.
                let mut spaces = [b' '; 8];
                spaces[pos] = b;
                let mut letters = [b'q'; 8];
                letters[pos] = b;
                let bits = wordish_bits(u64::from_le_bytes(spaces));
                assert_eq!(bits, u64::from(want) << pos, "byte {b:#x} at {pos} among spaces");
                let bits = wordish_bits(u64::from_le_bytes(letters));
                assert_eq!(bits, 0xFF & !(u64::from(!want) << pos), "byte {b:#x} at {pos} among letters");
            }
        }
        for c in GENERAL_PUNCTUATION {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn block_scanner_matches_normalize_text(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-zA-Z0-9]{1,20}",
                    "[ ,.;:!?()\"'\\n\\t-]{1,4}",
                    "[àéîõüßÇŒİΣλжЖ中文’“”—…\u{00A0}\u{2009}0-9a-z]{1,6}",
                ],
                0..80,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(word_hashes(&text), reference_hashes(&text));
        }
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
