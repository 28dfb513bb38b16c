//! A compact multimap from 32-bit keys to 32-bit values (document numbers), about 6 bytes an entry.
//!
//! Entries first go to a small *buffer* (a chained hash table), which is merged into the *sorted part*
//! when it reaches 1/16 of it (and then freed). The sorted part keeps the entries ordered by key, then by
//! insertion, in two arrays: the low 16 bits of each key (`lo`) and its value (`vals`); a directory indexed by the high
//! `dir_bits` bits of the key (`dir_bits >= 16`, so high bits and low bits together give the whole key)
//! gives where each group of keys starts. A lookup is one directory read and a short scan of `lo`.
//!
//! Values of one key come back in insertion order (oldest first), whichever part holds them.

/// End of a buffer chain.
const NONE: u32 = u32::MAX;
/// The buffer is merged into the sorted part when it holds more than this many entries, or more than
/// 1/[`BUFFER_SHARE`] of the sorted part. (The sorted part's directory has at least 2^16 groups: merging
/// fewer entries would cost more directory than entries.)
const MIN_BUFFER: usize = 1 << 16;
/// The buffer is at most this share of the sorted part (beyond [`MIN_BUFFER`]). A merge rewrites the
/// sorted part, so each entry is moved about this many times over its life: a few nanoseconds each.
const BUFFER_SHARE: usize = 16;
/// Entries per directory group on average: at most this, at least half (once past 2^16 groups). The
/// directory costs 4 bytes a group, and a lookup binary-searches one group's low key bits.
const GROUP_ENTRIES: usize = 32;

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
        let limit = MIN_BUFFER.max(self.vals.len() / BUFFER_SHARE);
        if self.buf_vals.len() >= limit {
            self.merge();
        } else if self.buf_vals.len() >= self.heads.len() {
            self.grow_heads();
        }
        let bucket = self.bucket(key);
        let at = self.buf_vals.len() as u32;
        if self.buf_vals.len() == self.buf_vals.capacity() {
            // Grow by half, not double: the buffer's limit is known, and it is freed at each merge.
            let more = (self.buf_vals.len() / 2 + 1024).min(limit - self.buf_vals.len());
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
    #[cfg(test)]
    pub(crate) fn get(&self, key: u32, limit: usize, f: &mut impl FnMut(u32)) -> usize {
        let group = if self.dir.is_empty() {
            (0, 0)
        } else {
            let g = (key >> (32 - self.dir_bits)) as usize;
            (self.dir[g], self.dir[g + 1])
        };
        let head = if self.heads.is_empty() { NONE } else { self.heads[self.bucket(key)] };
        self.collect(key, group, head, limit, f)
    }

    /// [`get`](Postings::get) with the key's directory group (`dir[g]`, `dir[g + 1]`) and buffer chain head
    /// already read.
    #[cfg(test)]
    fn collect(
        &self,
        key: u32,
        group: (u32, u32),
        head: u32,
        limit: usize,
        f: &mut impl FnMut(u32),
    ) -> usize {
        self.collect_in(key, self.sorted_range(key, group), head, limit, f)
    }

    /// [`collect`](Postings::collect) with the key's sorted entries `sorted_start..sorted_end` found.
    fn collect_in(
        &self,
        key: u32,
        (sorted_start, sorted_end): (usize, usize),
        head: u32,
        limit: usize,
        f: &mut impl FnMut(u32),
    ) -> usize {
        let found = sorted_end - sorted_start;
        let mut chain: [u32; 16] = [NONE; 16];
        let mut chained = 0usize;
        let mut node = head;
        while node != NONE {
            if self.buf_keys[node as usize] == key {
                if chained < chain.len() {
                    chain[chained] = node;
                }
                chained += 1;
            }
            node = self.buf_next[node as usize];
        }
        if found + chained > limit {
            return limit + 1;
        }
        for &v in &self.vals[sorted_start..sorted_end] {
            f(v);
        }
        if chained <= chain.len() {
            for &node in chain[..chained].iter().rev() {
                f(self.buf_vals[node as usize]);
            }
        } else {
            // Rare: more buffered entries under one key than the small array holds.
            let mut nodes = Vec::with_capacity(chained);
            let mut node = head;
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

    /// [`get`](Postings::get) for up to 64 keys at once: `f(i, value)` for every value under `keys[i]`,
    /// keys in order, values oldest first; returns the bit set of the keys with more than `limit` values
    /// (for which `f` is not called). The memory each key needs is read for all keys first, so that
    /// their cache misses overlap instead of coming one after another.
    pub(crate) fn get_many(&self, keys: &[u32], limit: usize, f: &mut impl FnMut(usize, u32)) -> u64 {
        const MAX: usize = 64;
        let keys = &keys[..keys.len().min(MAX)];
        let mut groups = [(0u32, 0u32); MAX];
        let mut heads = [NONE; MAX];
        // Independent loads: each key's directory entries and buffer chain head.
        if !self.dir.is_empty() {
            let shift = 32 - self.dir_bits;
            for (i, &key) in keys.iter().enumerate() {
                let g = (key >> shift) as usize;
                groups[i] = (self.dir[g], self.dir[g + 1]);
            }
        }
        if !self.heads.is_empty() {
            for (i, &key) in keys.iter().enumerate() {
                heads[i] = self.heads[self.bucket(key)];
            }
        }
        // Then each key's run in its group (and a first look at its buffer chain), again for all keys.
        let mut runs = [(0usize, 0usize); MAX];
        let mut touched = 0u32;
        for (i, &key) in keys.iter().enumerate() {
            runs[i] = self.sorted_range(key, groups[i]);
            if heads[i] != NONE {
                touched ^= self.buf_keys[heads[i] as usize];
            }
        }
        std::hint::black_box(touched);
        let mut crowded = 0u64;
        for (i, &key) in keys.iter().enumerate() {
            let n = self.collect_in(key, runs[i], heads[i], limit, &mut |v| f(i, v));
            if n > limit {
                crowded |= 1 << i;
            }
        }
        crowded
    }

    /// The sorted entries under `key`, within its directory group `start..end`.
    fn sorted_range(&self, key: u32, (start, end): (u32, u32)) -> (usize, usize) {
        let (start, end) = (start as usize, end as usize);
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
        let dir_bits = (usize::BITS - (total / GROUP_ENTRIES).max(1).leading_zeros()).clamp(16, 28);
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
        // Freed, not kept: an empty buffer costs nothing until entries come.
        self.buf_keys = Vec::new();
        self.buf_vals = Vec::new();
        self.buf_next = Vec::new();
        self.heads = vec![NONE; 1024];
    }

    /// Heap bytes held, at current capacities: (sorted part with its directory, buffer).
    pub(crate) fn heap_bytes(&self) -> (usize, usize) {
        (
            self.dir.capacity() * 4 + self.lo.capacity() * 2 + self.vals.capacity() * 4,
            self.buf_keys.capacity() * 4
                + self.buf_vals.capacity() * 4
                + self.buf_next.capacity() * 4
                + self.heads.capacity() * 4,
        )
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
            // Many keys at once (some absent, some crowded) give what one at a time gives.
            let keys: Vec<u32> = model.keys().copied().chain([0xDEAD_BEEF]).take(64).collect();
            let mut many: Vec<Vec<u32>> = vec![Vec::new(); keys.len()];
            let crowded = p.get_many(&keys, 3, &mut |i, v| many[i].push(v));
            for (i, key) in keys.iter().enumerate() {
                let want = model.get(key).cloned().unwrap_or_default();
                if want.len() > 3 {
                    prop_assert!(crowded >> i & 1 == 1 && many[i].is_empty());
                } else {
                    prop_assert!(crowded >> i & 1 == 0);
                    prop_assert_eq!(&many[i], &want);
                }
            }
        }
    }
}
