//! Word shingles of normalized text, hashed once with xxh3-64.

use xxhash_rust::xxh3::xxh3_64;

/// The shingles of one text.
#[derive(Debug, Default)]
pub(crate) struct Shingles {
    /// Sorted, deduplicated xxh3-64 hashes of the `k`-word shingles.
    pub(crate) hashes: Vec<u64>,
    /// Positional anchors: the text's shingle sequence cut into up to `anchors` equal consecutive chunks,
    /// and the smallest hash of each chunk (duplicates removed, in text order). A passage of the text
    /// that spans a whole chunk contains that chunk's anchor, so excerpts, truncations and wrapped copies
    /// share anchors with their original however small a part of it they are.
    pub(crate) anchors: Vec<u64>,
}

/// The shingles of `normalized` text (as produced by [`samestory_model::normalize_text`]: words separated
/// by single spaces), `k` words each.
///
/// A text of fewer than `k` words has one shingle made of all its words; an empty text has none.
/// Because normalized words are separated by exactly one space, a shingle is a slice of the input
/// and hashing it allocates nothing.
pub(crate) fn shingles(normalized: &str, k: usize, anchors: usize) -> Shingles {
    let k = k.max(1);
    let bytes = normalized.as_bytes();
    // Word spans as (start, end) byte offsets.
    let mut words: Vec<(usize, usize)> = Vec::with_capacity(bytes.len() / 5 + 1);
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' ' {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, bytes.len()));
    }
    if words.is_empty() {
        return Shingles::default();
    }
    let mut hashes: Vec<u64> = if words.len() <= k {
        vec![xxh3_64(&bytes[words[0].0..words[words.len() - 1].1])]
    } else {
        words.windows(k).map(|w| xxh3_64(&bytes[w[0].0..w[k - 1].1])).collect()
    };
    let n = hashes.len();
    let chunks = anchors.min(n);
    let mut anchor_hashes: Vec<u64> = Vec::with_capacity(chunks);
    for c in 0..chunks {
        let chunk = &hashes[c * n / chunks..(c + 1) * n / chunks];
        if let Some(&min) = chunk.iter().min() {
            if !anchor_hashes.contains(&min) {
                anchor_hashes.push(min);
            }
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    Shingles { hashes, anchors: anchor_hashes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shingle_hashes(text: &str, k: usize) -> Vec<u64> {
        shingles(text, k, 4).hashes
    }

    #[test]
    fn anchors_are_chunk_minima_in_text_order() {
        let text: String = (0..100).map(|i| format!("w{i} ")).collect();
        let s = shingles(text.trim(), 1, 4);
        assert_eq!(s.hashes.len(), 100);
        assert_eq!(s.anchors.len(), 4);
        for (c, a) in s.anchors.iter().enumerate() {
            let want = (c * 25..(c + 1) * 25).map(|i| xxh3_64(format!("w{i}").as_bytes())).min();
            assert_eq!(Some(*a), want);
        }
        // Fewer shingles than anchors: every distinct shingle is an anchor.
        let s = shingles("a b a", 1, 32);
        assert_eq!(s.anchors, vec![xxh3_64(b"a"), xxh3_64(b"b")]);
        assert!(shingles("", 5, 32).anchors.is_empty());
    }

    #[test]
    fn counts_and_short_texts() {
        assert!(shingle_hashes("", 5).is_empty());
        assert_eq!(shingle_hashes("one two", 5), vec![xxh3_64(b"one two")]);
        assert_eq!(shingle_hashes("a b c d e", 5), vec![xxh3_64(b"a b c d e")]);
        assert_eq!(shingle_hashes("a b c d e f g", 5).len(), 3);
        // Repeated shingles count once.
        assert_eq!(shingle_hashes("x x x x x x x x", 5).len(), 1);
    }

    #[test]
    fn shingle_is_the_word_window() {
        let h = shingle_hashes("a b c d", 2);
        let mut want = vec![xxh3_64(b"a b"), xxh3_64(b"b c"), xxh3_64(b"c d")];
        want.sort_unstable();
        assert_eq!(h, want);
    }

    #[test]
    fn tolerates_stray_spaces() {
        assert_eq!(shingle_hashes(" a  b ", 2), vec![xxh3_64(b"a  b")]);
        assert_eq!(shingle_hashes("a b c", 0), shingle_hashes("a b c", 1));
    }
}
