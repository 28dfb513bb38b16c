//! MinHash by one-permutation hashing with optimal densification, and LSH banding parameters.
//!
//! One-permutation hashing (Li, Owen & Zhang 2012) hashes every shingle once, splits the hash space into
//! `num_perm` equal bins and keeps the minimum hash of each bin. Short texts leave bins empty; optimal
//! densification (Shrivastava 2017) fills each empty bin `i` with the value of the first non-empty bin on
//! a pseudo-random probe sequence that depends only on `i` (never on the text). Two texts therefore fill
//! bin `i` from the same source bin exactly when that source is non-empty for both, which keeps the
//! probability that bin `i` agrees equal to the Jaccard similarity of the two shingle sets.

/// Maps a 64-bit hash uniformly onto `0..n` using its high bits (Lemire's multiply-shift range reduction).
#[inline]
pub(crate) fn reduce(hash: u64, n: usize) -> usize {
    ((u128::from(hash) * n as u128) >> 64) as usize
}

/// SplitMix64 finalizer: a fast, well-mixed 64-bit permutation.
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Fills the empty bins (`u32::MAX`) of a one-permutation MinHash in place by optimal densification.
/// Leaves an all-empty signature as it is.
pub(crate) fn densify(bins: &mut [u32]) {
    let n = bins.len();
    // Which bins were filled by the text, as a bit set (on the stack up to 4096 bins).
    let mut filled = [0u64; crate::MAX_NUM_PERM / 64];
    let mut empty = 0;
    for (i, &b) in bins.iter().enumerate().take(crate::MAX_NUM_PERM) {
        if b == u32::MAX {
            empty += 1;
        } else {
            filled[i / 64] |= 1 << (i % 64);
        }
    }
    if empty == 0 || empty == n || n > crate::MAX_NUM_PERM {
        return;
    }
    let is_filled = |j: usize| filled[j / 64] >> (j % 64) & 1 == 1;
    for i in 0..n {
        if !is_filled(i) {
            bins[i] = bins[densify_source(i, n, is_filled)];
        }
    }
}

/// The densified one-permutation MinHash signature of a set of 64-bit hashes (`num_perm` values, the
/// minimum of the low 32 bits in each bin), or an empty one for no hashes. The index computes signatures while
/// reading a text (see `sketch`); this is the same computation over a given set, for tests.
#[cfg(test)]
pub(crate) fn signature(hashes: &[u64], num_perm: usize, out: &mut Vec<u32>) {
    out.clear();
    if hashes.is_empty() || num_perm == 0 {
        return;
    }
    let mut bins = vec![u32::MAX; num_perm];
    for &h in hashes {
        let b = reduce(h, num_perm);
        bins[b] = bins[b].min(h as u32);
    }
    densify(&mut bins);
    out.extend_from_slice(&bins);
}

/// The non-empty bin whose value empty bin `i` borrows: the first non-empty bin on `i`'s probe sequence.
fn densify_source(i: usize, n: usize, filled: impl Fn(usize) -> bool) -> usize {
    // With at least one non-empty bin each probe succeeds with probability >= 1/n, so 64·n probes fail
    // with probability below e^-64; the deterministic scan after them only guarantees termination.
    for attempt in 0..64 * n as u64 {
        let j = reduce(mix64(((i as u64) << 32) ^ attempt ^ 0xD6E8_FEB8_6659_FD93), n);
        if filled(j) {
            return j;
        }
    }
    (1..=n).map(|d| (i + d) % n).find(|&j| filled(j)).unwrap_or(i)
}

/// The fraction of equal positions of two signatures: an unbiased estimate of the Jaccard similarity.
#[cfg(test)]
pub(crate) fn jaccard_estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

/// Bits kept of each signature value in the index (b-bit MinHash, Li & König 2010).
pub(crate) const BITS: u32 = 4;

/// The Jaccard estimate from `equal` agreeing b-bit values out of `total`: two different minima agree on
/// their low [`BITS`] bits by chance with probability 2^-BITS, which the estimate removes.
pub(crate) fn bbit_jaccard(equal: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let chance = 1.0 / f64::from(1u32 << BITS);
    ((equal as f64 / total as f64 - chance) / (1.0 - chance)).clamp(0.0, 1.0)
}

/// A lower confidence bound of [`bbit_jaccard`]: the estimate from the agreement rate less two of its
/// standard deviations (the rate is binomial over `total` values; its deviation is taken at least at
/// the chance rate, so agreement by chance alone does not count).
pub(crate) fn bbit_jaccard_low(equal: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let chance = 1.0 / f64::from(1u32 << BITS);
    let rate = equal as f64 / total as f64;
    let p = rate.max(chance);
    let sd = (p * (1.0 - p) / total as f64).sqrt();
    ((rate - 2.0 * sd - chance) / (1.0 - chance)).clamp(0.0, 1.0)
}

/// Packs the low [`BITS`] bits of each bin, two values a byte.
pub(crate) fn pack(bins: &[u32], out: &mut Vec<u8>) {
    for pair in bins.chunks(2) {
        let lo = (pair[0] & 0xF) as u8;
        let hi = pair.get(1).map_or(0, |&v| (v & 0xF) as u8);
        out.push(lo | (hi << 4));
    }
}

/// How many of the packed values of `a` and `b` (each `n` values) agree.
pub(crate) fn packed_equal(a: &[u8], b: &[u8], n: usize) -> usize {
    let mut equal = 0;
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let d = x ^ y;
        equal += usize::from(d & 0x0F == 0);
        if 2 * i + 1 < n {
            equal += usize::from(d & 0xF0 == 0);
        }
    }
    equal
}

/// The probability that a pair of Jaccard similarity `s` shares at least one of `bands` bands of `rows`.
pub(crate) fn candidate_probability(s: f64, bands: usize, rows: usize) -> f64 {
    1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32)
}

/// The fewest bands of `rows` values that make a pair of Jaccard similarity `threshold` a candidate with
/// probability at least `p` (at most 4096).
pub(crate) fn bands_for(threshold: f64, rows: usize, p: f64) -> usize {
    (1..=4096).find(|&b| candidate_probability(threshold, b, rows.max(1)) >= p).unwrap_or(4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_for_thresholds() {
        assert_eq!(bands_for(0.7, 3, 0.98), 10);
        assert_eq!(bands_for(0.7, 4, 0.98), 15);
        assert!(candidate_probability(0.7, 10, 3) >= 0.98);
        assert!(candidate_probability(0.7, 9, 3) < 0.98);
    }

    #[test]
    fn bbit_estimate_removes_chance_agreement() {
        assert_eq!(bbit_jaccard(128, 128), 1.0);
        assert_eq!(bbit_jaccard(8, 128), 0.0);
        assert_eq!(bbit_jaccard(0, 128), 0.0);
        assert!((bbit_jaccard(68, 128) - 0.5).abs() < 0.01);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        pack(&[0x12, 0x34, 0x56], &mut a);
        pack(&[0x22, 0x34, 0x57], &mut b);
        assert_eq!(a, [0x42, 0x06]);
        assert_eq!(packed_equal(&a, &b, 3), 2);
    }

    #[test]
    fn identical_sets_have_identical_signatures() {
        let hashes: Vec<u64> = (0..50u64).map(mix64).collect();
        let mut a = Vec::new();
        let mut b = Vec::new();
        signature(&hashes, 128, &mut a);
        signature(&hashes, 128, &mut b);
        assert_eq!(a.len(), 128);
        assert_eq!(a, b);
        assert_eq!(jaccard_estimate(&a, &b), 1.0);
    }

    #[test]
    fn one_hash_fills_every_bin() {
        let mut s = Vec::new();
        signature(&[mix64(7)], 64, &mut s);
        assert_eq!(s.len(), 64);
        assert!(s.iter().all(|&v| v == s[0]));
        signature(&[], 64, &mut s);
        assert!(s.is_empty());
    }

    #[test]
    fn disjoint_sets_rarely_agree() {
        let a: Vec<u64> = (0..200u64).map(mix64).collect();
        let b: Vec<u64> = (1000..1200u64).map(mix64).collect();
        let (mut sa, mut sb) = (Vec::new(), Vec::new());
        signature(&a, 128, &mut sa);
        signature(&b, 128, &mut sb);
        assert!(jaccard_estimate(&sa, &sb) < 0.05);
    }

    #[test]
    fn estimate_tracks_jaccard_for_small_sets() {
        // 10 shared of 30 total: J = 1/3, with heavy densification (20 hashes into 128 bins).
        let mut total = 0.0;
        for seed in 0..200u64 {
            let shared: Vec<u64> = (0..10).map(|i| mix64(seed * 1000 + i)).collect();
            let mut a = shared.clone();
            a.extend((10..20).map(|i| mix64(seed * 1000 + i)));
            let mut b = shared;
            b.extend((20..30).map(|i| mix64(seed * 1000 + i)));
            let (mut sa, mut sb) = (Vec::new(), Vec::new());
            signature(&a, 128, &mut sa);
            signature(&b, 128, &mut sb);
            total += jaccard_estimate(&sa, &sb);
        }
        let mean = total / 200.0;
        assert!((mean - 1.0 / 3.0).abs() < 0.03, "mean estimate {mean}");
    }
}
