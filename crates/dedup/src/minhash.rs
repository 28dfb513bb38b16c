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

/// Computes the densified one-permutation MinHash signature of a set of shingle hashes into `out`
/// (`num_perm` values; the low 32 bits of each bin's minimum hash). Leaves `out` empty when there are no
/// hashes.
pub(crate) fn signature(hashes: &[u64], num_perm: usize, out: &mut Vec<u32>) {
    out.clear();
    if hashes.is_empty() || num_perm == 0 {
        return;
    }
    let mut bins = vec![u64::MAX; num_perm];
    let mut filled = vec![false; num_perm];
    for &h in hashes {
        let b = reduce(h, num_perm);
        if !filled[b] || h < bins[b] {
            bins[b] = h;
            filled[b] = true;
        }
    }
    out.reserve(num_perm);
    for i in 0..num_perm {
        let source = if filled[i] { i } else { densify_source(i, &filled) };
        // The bin index comes from the high bits, so the low bits are free to tell minima apart.
        out.push(bins[source] as u32);
    }
}

/// The non-empty bin whose value empty bin `i` borrows: the first non-empty bin on `i`'s probe sequence.
fn densify_source(i: usize, filled: &[bool]) -> usize {
    let n = filled.len();
    // With at least one non-empty bin each probe succeeds with probability >= 1/n, so 64·n probes fail
    // with probability below e^-64; the deterministic scan after them only guarantees termination.
    for attempt in 0..64 * n as u64 {
        let j = reduce(mix64(((i as u64) << 32) ^ attempt ^ 0xD6E8_FEB8_6659_FD93), n);
        if filled[j] {
            return j;
        }
    }
    (1..=n).map(|d| (i + d) % n).find(|&j| filled[j]).unwrap_or(i)
}

/// The fraction of equal positions of two signatures: an unbiased estimate of the Jaccard similarity.
pub(crate) fn jaccard_estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

/// The probability that a pair of Jaccard similarity `s` shares at least one of `bands` bands of `rows`.
pub(crate) fn candidate_probability(s: f64, bands: usize, rows: usize) -> f64 {
    1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32)
}

/// Chooses LSH banding `(bands, rows)` with `bands × rows = num_perm` for a Jaccard `threshold`.
///
/// Among the divisor pairs of `num_perm`, it takes the one with the most rows per band (fewest spurious
/// candidates) whose probability of making a pair at exactly the threshold a candidate is at least 0.99:
/// candidates are verified afterwards, so a missed pair costs more than a spurious one. (datasketch's
/// area-based optimum picks 16×8 at 0.7, which finds only 61% of pairs at the threshold.) For 128
/// permutations this gives 64×2 at 0.5, 32×4 at 0.7 and 0.8, 16×8 at 0.9.
pub(crate) fn auto_bands(threshold: f64, num_perm: usize) -> (usize, usize) {
    let num_perm = num_perm.max(1);
    let mut best = (num_perm, 1);
    for rows in 1..=num_perm {
        if num_perm % rows != 0 {
            continue;
        }
        let bands = num_perm / rows;
        if candidate_probability(threshold, bands, rows) >= 0.99 {
            best = (bands, rows);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_bands_matches_documented_choices() {
        assert_eq!(auto_bands(0.5, 128), (64, 2));
        assert_eq!(auto_bands(0.7, 128), (32, 4));
        assert_eq!(auto_bands(0.8, 128), (32, 4));
        assert_eq!(auto_bands(0.9, 128), (16, 8));
        assert_eq!(auto_bands(0.01, 128), (128, 1));
        assert_eq!(auto_bands(0.7, 1), (1, 1));
        // Primes have only the trivial divisors.
        assert_eq!(auto_bands(0.7, 7), (7, 1));
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
