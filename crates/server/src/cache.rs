//! Serialized JSON answers of reads, valid until the store's next change, computed once per change.
//!
//! An entry belongs to the generation that was current when its read *started*; the generation is bumped
//! only after a commit, so an entry can at worst hold data newer than its generation, never older, and
//! the bump that follows the commit expires it anyway. Requests that miss at the same time share one
//! computation (the first computes, the others wait for its answer) instead of all reading the store.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use tokio::sync::OnceCell;

/// The most answers kept; when full, stale ones are dropped first, then all.
const MAX_ENTRIES: usize = 4096;

type Slot = Arc<OnceCell<Bytes>>;

#[derive(Default)]
pub(crate) struct Cache {
    entries: Mutex<HashMap<String, (u64, Slot)>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Cache {
    /// The answer for `key` in `generation`: the one already computed or being computed, else the one
    /// `compute` gives (kept when it succeeds; an error is returned and not kept).
    pub async fn get_or_compute<E, F>(&self, key: &str, generation: u64, compute: F) -> Result<Bytes, E>
    where
        F: Future<Output = Result<Bytes, E>>,
    {
        let slot = self.slot(key, generation);
        if let Some(ready) = slot.get() {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(ready.clone());
        }
        let mut computed = false;
        let out = slot
            .get_or_try_init(|| {
                computed = true;
                compute
            })
            .await
            .cloned();
        let counter = if computed { &self.misses } else { &self.hits };
        counter.fetch_add(1, Ordering::Relaxed);
        out
    }

    /// The slot of `key` for `generation`: the current one, or a fresh one replacing an older one.
    fn slot(&self, key: &str, generation: u64) -> Slot {
        let Ok(mut entries) = self.entries.lock() else { return Slot::default() };
        if let Some((g, slot)) = entries.get(key) {
            if *g == generation {
                return Arc::clone(slot);
            }
            if *g > generation {
                // A read that started before the latest change: compute it alone, keep the newer entry.
                return Slot::default();
            }
        }
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(key) {
            entries.retain(|_, (g, _)| *g == generation);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let slot = Slot::default();
        entries.insert(key.to_string(), (generation, Arc::clone(&slot)));
        slot
    }

    /// (hits, misses) so far.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    async fn get(
        cache: &Cache,
        key: &str,
        generation: u64,
        value: &'static str,
        runs: &AtomicUsize,
    ) -> Bytes {
        cache
            .get_or_compute(key, generation, async {
                runs.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                Ok::<_, ()>(Bytes::from_static(value.as_bytes()))
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn entries_live_for_one_generation() {
        let cache = Cache::default();
        let runs = AtomicUsize::new(0);
        assert_eq!(get(&cache, "a", 1, "one", &runs).await, "one");
        assert_eq!(get(&cache, "a", 1, "other", &runs).await, "one", "cached");
        assert_eq!(get(&cache, "a", 2, "two", &runs).await, "two", "a change expires it");
        assert_eq!(get(&cache, "a", 1, "old", &runs).await, "old", "an older read is computed alone");
        assert_eq!(get(&cache, "a", 2, "new", &runs).await, "two", "and does not replace the newer entry");
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        assert_eq!(cache.stats(), (2, 3));
    }

    #[tokio::test]
    async fn simultaneous_misses_compute_once() {
        let cache = Cache::default();
        let runs = AtomicUsize::new(0);
        let all = futures_util::future::join_all((0..20).map(|_| get(&cache, "k", 5, "v", &runs))).await;
        assert!(all.iter().all(|b| b == "v"));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn errors_are_not_kept() {
        let cache = Cache::default();
        let failed = cache.get_or_compute("e", 1, async { Err::<Bytes, &str>("nope") }).await;
        assert_eq!(failed, Err("nope"));
        let ok = cache.get_or_compute("e", 1, async { Ok::<_, &str>(Bytes::from_static(b"yes")) }).await;
        assert_eq!(ok.unwrap(), "yes");
    }

    #[tokio::test]
    async fn the_cache_stays_bounded() {
        let cache = Cache::default();
        let runs = AtomicUsize::new(0);
        for i in 0..MAX_ENTRIES * 2 + 7 {
            get(&cache, &i.to_string(), (i / 1000) as u64, "x", &runs).await;
        }
        assert!(cache.entries.lock().unwrap().len() <= MAX_ENTRIES);
    }
}
