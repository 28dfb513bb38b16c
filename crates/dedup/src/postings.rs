//! A compact multimap from 32-bit keys to 32-bit values (document numbers), about 7 bytes an entry.
//!
//! Entries first go to a small *buffer* (a chained hash table), which is merged into the *sorted part*
//! when it reaches 1/8 of it. The sorted part keeps the entries ordered by key, then by insertion, in two
//! arrays: the low 16 bits of each key (`lo`) and its value (`vals`); a directory indexed by the high
//! `dir_bits` bits of the key (`dir_bits >= 16`, so high bits and low bits together give the whole key)
//! gives where each group of keys starts. A lookup is one directory read and a short scan of `lo`.
//!
//! Values of one key come back in insertion order (oldest first), whichever part holds them.

/// End of a buffer chain.
const NONE: u32 = u32::MAX;
/// The buffer is merged into the sorted part when it holds more than this many entries, or more than
/// 1/8 of the sorted part. (The sorted part's directory has at least 2^16 groups: merging fewer entries
/// would cost more directory than entries.)
const MIN_BUFFER: usize = 1 << 16;

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Postings {
    /// High bits used by the directory (0 while the sorted part is empty).
    dir_bits: u32,
    /// `dir[g]..dir[g + 1]` are the sorted entries whose key's high `dir_bits` bits are `g`.
    dir: Vec<u32>,
    lo: Vec<u16>,
    vals: Vec<u32>,
    /// Buffer: entries in insertion order, chained per bucket of `heads` (newest first).
    buf_keys: Vec<u32>,
    buf_vals: Vec<u32>,
    buf_next: Vec<u32>,
    heads: Vec<u32>,
}

impl Postings {
    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.vals.len() + self.buf_vals.len()
    }

    /// Adds `val` under `key`.
    pub(crate) fn insert(&mut self, key: u32, val: u32) {
        if self.heads.is_empty() {
            self.heads = vec![NONE; 1024];
        }
        let limit = MIN_BUFFER.max(self.vals.len() / 8);
        if self.buf_vals.len() >= limit {
            self.merge();
            self.heads.fill(NONE);
        } else if self.buf_vals.len() >= self.heads.len() {
            self.grow_heads();
        }
        let bucket = self.bucket(key);
        let at = self.buf_vals.len() as u32;
        if self.buf_vals.len() == self.buf_vals.capacity() {
            // Grow by a quarter, not double: the buffer is at most an eighth of the entries anyway.
            let more = self.buf_vals.len() / 4 + 64;
            self.buf_keys.reserve_exact(more);
            self.buf_vals.reserve_exact(more);
            self.buf_next.reserve_exact(more);
        }
        self.buf_keys.push(key);
        self.buf_vals.push(val);
        self.buf_next.push(self.heads[bucket]);
        self.heads[bucket] = at;
    }

    /// Doubles the buffer's hash table (one head per entry at most) and rechains the entries.
    fn grow_heads(&mut self) {
        self.heads = vec![NONE; self.heads.len() * 2];
        for at in 0..self.buf_keys.len() {
            let bucket = self.bucket(self.buf_keys[at]);
            self.buf_next[at] = self.heads[bucket];
            self.heads[bucket] = at as u32;
        }
    }

    fn bucket(&self, key: u32) -> usize {
        (crate::minhash::mix64(u64::from(key)) as usize) & (self.heads.len() - 1)
    }

    /// Calls `f` with every value under `key`, oldest first, and returns how many there were; stops (and
    /// returns `limit + 1`) as soon as more than `limit` are found, without calling `f` for any of them.
    pub(crate) fn get(&self, key: u32, limit: usize, f: &mut impl FnMut(u32)) -> usize {
        let (sorted_start, sorted_end) = self.sorted_range(key);
        let lo = key as u16;
        let mut found = 0usize;
        let sorted = &self.lo[sorted_start..sorted_end];
        // First count, so that a crowded key costs no callbacks.
        for &l in sorted {
            found += usize::from(l == lo);
        }
        let mut chain: [u32; 16] = [NONE; 16];
        let mut chained = 0usize;
        if !self.heads.is_empty() {
            let mut node = self.heads[self.bucket(key)];
            while node != NONE {
                if self.buf_keys[node as usize] == key {
                    if chained < chain.len() {
                        chain[chained] = node;
                    }
                    chained += 1;
                }
                node = self.buf_next[node as usize];
            }
        }
        if found + chained > limit {
            return limit + 1;
        }
        for (i, &l) in sorted.iter().enumerate() {
            if l == lo {
                f(self.vals[sorted_start + i]);
            }
        }
        if chained <= chain.len() {
            for &node in chain[..chained].iter().rev() {
                f(self.buf_vals[node as usize]);
            }
        } else {
            // Rare: more buffered entries under one key than the small array holds.
            let mut nodes = Vec::with_capacity(chained);
            let mut node = self.heads[self.bucket(key)];
            while node != NONE {
                if self.buf_keys[node as usize] == key {
                    nodes.push(node);
                }
                node = self.buf_next[node as usize];
            }
            for &node in nodes.iter().rev() {
                f(self.buf_vals[node as usize]);
            }
        }
        found + chained
    }

    fn sorted_range(&self, key: u32) -> (usize, usize) {
        if self.dir.is_empty() {
            return (0, 0);
        }
        let g = (key >> (32 - self.dir_bits)) as usize;
        let (start, end) = (self.dir[g] as usize, self.dir[g + 1] as usize);
        // Inside a group, entries are sorted by the rest of the key: narrow to this key's run.
        let lo = key as u16;
        let run = &self.lo[start..end];
        let first = start + run.partition_point(|&l| l < lo);
        let last = start + run.partition_point(|&l| l <= lo);
        (first, last)
    }

    /// Merges the buffer into the sorted part in place (backwards from the end, so no second copy of the
    /// sorted part is ever held), rebuilding the directory.
    fn merge(&mut self) {
        let total = self.len();
        let dir_bits = (usize::BITS - (total / 4).max(1).leading_zeros()).clamp(16, 28);
        let mut fresh: Vec<(u32, u32)> =
            self.buf_keys.iter().copied().zip(self.buf_vals.iter().copied()).collect();
        // Stable: equal keys keep insertion order.
        fresh.sort_by_key(|&(k, _)| k);
        let old_bits = self.dir_bits;
        let old_dir = std::mem::take(&mut self.dir);
        let old_len = self.vals.len();
        // Exactly the room needed (realloc, no doubling), so the sorted part has no spare capacity.
        self.lo.reserve_exact(total - self.lo.len());
        self.vals.reserve_exact(total - self.vals.len());
        self.lo.resize(total, 0);
        self.vals.resize(total, 0);
        let mut dir = vec![0u32; (1usize << dir_bits) + 1];
        let mut write = total;
        let mut fresh_end = fresh.len();
        // Walk the old sorted part from its last group and entry backwards.
        let mut g = old_dir.len().saturating_sub(1);
        let mut i = old_len;
        loop {
            // The old entry before position `i`, with its whole key.
            while g > 0 && old_dir[g - 1] as usize >= i {
                g -= 1;
            }
            let old = if i > 0 && g > 0 {
                // The directory has at least 16 bits, so its bits and the low 16 are the whole key.
                Some((((g as u32 - 1) << (32 - old_bits)) | u32::from(self.lo[i - 1]), self.vals[i - 1]))
            } else {
                None
            };
            // The larger key goes last; on equal keys the fresh (newer) entry goes after the old one.
            let take_fresh = match (old, fresh_end.checked_sub(1).map(|f| fresh[f])) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some((ok, _)), Some((fk, _))) => fk >= ok,
            };
            let (key, val) = if take_fresh {
                fresh_end -= 1;
                fresh[fresh_end]
            } else if let Some(entry) = old {
                i -= 1;
                entry
            } else {
                break;
            };
            write -= 1;
            self.lo[write] = key as u16;
            self.vals[write] = val;
            dir[(key >> (32 - dir_bits)) as usize + 1] += 1;
        }
        debug_assert_eq!(write, 0);
        for g in 1..dir.len() {
            dir[g] += dir[g - 1];
        }
        self.dir_bits = dir_bits;
        self.dir = dir;
        self.buf_keys.clear();
        self.buf_vals.clear();
        self.buf_next.clear();
    }

    /// Heap bytes held, at current capacities.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.dir.capacity() * 4
            + self.lo.capacity() * 2
            + self.vals.capacity() * 4
            + self.buf_keys.capacity() * 4
            + self.buf_vals.capacity() * 4
            + self.buf_next.capacity() * 4
            + self.heads.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    fn values(p: &Postings, key: u32) -> Vec<u32> {
        let mut v = Vec::new();
        let n = p.get(key, usize::MAX - 1, &mut |x| v.push(x));
        assert_eq!(n, v.len());
        v
    }

    #[test]
    fn survives_merges_in_insertion_order() {
        let mut p = Postings::default();
        let mut model: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for i in 0..150_000u32 {
            // Few distinct keys, some sharing their high bits and some their low bits.
            let key = match i % 4 {
                0 => i % 97,
                1 => (i % 89) << 16,
                2 => 0xFFFF_0000 | (i % 13),
                _ => crate::minhash::mix64(u64::from(i % 5000)) as u32,
            };
            p.insert(key, i);
            model.entry(key).or_default().push(i);
        }
        assert_eq!(p.len(), 150_000);
        assert!(!p.dir.is_empty(), "merged at least once");
        for (key, want) in &model {
            assert_eq!(&values(&p, *key), want, "key {key:#x}");
        }
        assert!(values(&p, 0xDEAD_BEEF).is_empty());
    }

    #[test]
    fn crowded_keys_stop_early() {
        let mut p = Postings::default();
        for i in 0..100 {
            p.insert(7, i);
        }
        let mut calls = 0;
        assert_eq!(p.get(7, 10, &mut |_| calls += 1), 11);
        assert_eq!(calls, 0);
        assert_eq!(p.get(7, 100, &mut |_| calls += 1), 100);
        assert_eq!(calls, 100);
    }

    proptest! {
        #[test]
        fn behaves_like_a_multimap(entries in proptest::collection::vec((0u32..64, any::<bool>()), 0..12_000)) {
            let mut p = Postings::default();
            let mut model: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
            for (i, (small, spread)) in entries.iter().enumerate() {
                let key = if *spread { small.wrapping_mul(0x9E37_79B9) } else { *small };
                p.insert(key, i as u32);
                model.entry(key).or_default().push(i as u32);
            }
            for (key, want) in &model {
                prop_assert_eq!(&values(&p, *key), want);
            }
        }
    }
}
