//! Serialized JSON answers of reads, valid until the store's next change, computed once per change.
//!
//! An entry belongs to the generation that was current when its read *started*; the generation is bumped
//! only after a commit, so an entry can at worst hold data newer than its generation, never older, and
//! the bump that follows the commit expires it anyway. Requests that miss at the same time share one
//! computation (the first computes, the others wait for its answer) instead of all reading the store.
//!
//! **Refresh ahead.** A miss makes every request for that key wait for the computation, and under a
//! steady writer the hottest answers (the first page of stories) would miss after every write. So the
//! writer, after its commit and before it bumps the generation (and so before its client hears that the
//! write is done), recomputes the hottest answers of the ending generation and installs them for the next
//! one in the same step as the bump ([`Cache::install_and_bump`]); readers keep getting the previous
//! answers until then, which is correct, since no one has yet been told of the write.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use samestory_store::Store;
use tokio::sync::OnceCell;

use crate::error::ApiError;

/// The most answers kept; when full, stale ones are dropped first, then all.
const MAX_ENTRIES: usize = 4096;

/// Computes an answer again from the store (for refresh ahead).
pub(crate) type Refresh = Arc<dyn Fn(&Store) -> Result<Bytes, ApiError> + Send + Sync>;

/// One answer of one generation: computed once, counted when used.
#[derive(Default)]
struct Slot {
    answer: OnceCell<Bytes>,
    hits: AtomicU64,
}

struct Entry {
    generation: u64,
    slot: Arc<Slot>,
    refresh: Option<Refresh>,
}

#[derive(Default)]
pub(crate) struct Cache {
    entries: Mutex<HashMap<String, Entry>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Cache {
    /// The answer for `key` in `generation`: the one already computed or being computed, else the one
    /// `compute` gives (kept when it succeeds; an error is returned and not kept). `refresh` computes it
    /// again for refresh ahead.
    pub async fn get_or_compute<E, F>(
        &self,
        key: &str,
        generation: u64,
        compute: F,
        refresh: Option<Refresh>,
    ) -> Result<Bytes, E>
    where
        F: Future<Output = Result<Bytes, E>>,
    {
        let slot = self.slot(key, generation, refresh);
        slot.hits.fetch_add(1, Ordering::Relaxed);
        if let Some(ready) = slot.answer.get() {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(ready.clone());
        }
        let mut computed = false;
        let out = slot
            .answer
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
    fn slot(&self, key: &str, generation: u64, refresh: Option<Refresh>) -> Arc<Slot> {
        let Ok(mut entries) = self.entries.lock() else { return Arc::default() };
        if let Some(entry) = entries.get(key) {
            if entry.generation == generation {
                return Arc::clone(&entry.slot);
            }
            if entry.generation > generation {
                // A read that started before the latest change: compute it alone, keep the newer entry.
                return Arc::default();
            }
        }
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(key) {
            entries.retain(|_, e| e.generation == generation);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let slot = Arc::<Slot>::default();
        entries.insert(key.to_string(), Entry { generation, slot: Arc::clone(&slot), refresh });
        slot
    }

    /// Up to `n` keys of `generation` that were asked for at least twice, most asked first, with their
    /// refresh functions.
    pub fn hottest(&self, generation: u64, n: usize) -> Vec<(String, Refresh)> {
        let Ok(entries) = self.entries.lock() else { return Vec::new() };
        let mut hot: Vec<(u64, &String, &Refresh)> = entries
            .iter()
            .filter(|(_, e)| e.generation == generation)
            .filter_map(|(k, e)| Some((e.slot.hits.load(Ordering::Relaxed), k, e.refresh.as_ref()?)))
            .filter(|(hits, _, _)| *hits >= 2)
            .collect();
        hot.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        hot.into_iter().take(n).map(|(_, k, r)| (k.clone(), Arc::clone(r))).collect()
    }

    /// Moves `generation` from `from` to `from + 1` and makes `answers` (computed after the change that
    /// this bump announces) the new generation's answers, in one step: readers see either the old
    /// generation or the new one with these answers. Returns false, installing nothing, when the
    /// generation is no longer `from` (another change was announced meanwhile; the caller then bumps as
    /// usual).
    pub fn install_and_bump(&self, generation: &AtomicU64, from: u64, answers: Vec<(String, Bytes)>) -> bool {
        let Ok(mut entries) = self.entries.lock() else { return false };
        if generation.compare_exchange(from, from + 1, Ordering::AcqRel, Ordering::Acquire).is_err() {
            return false;
        }
        for (key, answer) in answers {
            let Some(entry) = entries.get_mut(&key) else { continue };
            if entry.generation > from + 1 {
                continue;
            }
            let slot = Slot { answer: OnceCell::new_with(Some(answer)), hits: AtomicU64::new(0) };
            entry.generation = from + 1;
            entry.slot = Arc::new(slot);
        }
        true
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
            .get_or_compute(
                key,
                generation,
                async {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    Ok::<_, ()>(Bytes::from_static(value.as_bytes()))
                },
                None,
            )
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
        let failed = cache.get_or_compute("e", 1, async { Err::<Bytes, &str>("nope") }, None).await;
        assert_eq!(failed, Err("nope"));
        let ok =
            cache.get_or_compute("e", 1, async { Ok::<_, &str>(Bytes::from_static(b"yes")) }, None).await;
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

    #[tokio::test]
    async fn the_hottest_answers_move_to_the_next_generation_with_the_bump() {
        let cache = Cache::default();
        let refresh: Refresh = Arc::new(|_: &Store| Ok(Bytes::from_static(b"fresh")));
        let ask = |key: &'static str, generation: u64| {
            cache.get_or_compute(
                key,
                generation,
                async { Ok::<_, ApiError>(Bytes::from_static(b"old")) },
                Some(Arc::clone(&refresh)),
            )
        };
        for _ in 0..3 {
            ask("hot", 1).await.unwrap();
        }
        ask("cold", 1).await.unwrap();
        let hot = cache.hottest(1, 8);
        assert_eq!(hot.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["hot"], "asked once is not hot");

        let generation = AtomicU64::new(1);
        let answers = vec![("hot".to_string(), Bytes::from_static(b"fresh"))];
        assert!(cache.install_and_bump(&generation, 1, answers.clone()));
        assert_eq!(generation.load(Ordering::SeqCst), 2);
        let misses = cache.stats().1;
        assert_eq!(ask("hot", 2).await.unwrap(), "fresh", "installed for the new generation");
        assert_eq!(cache.stats().1, misses, "without a computation");
        assert_eq!(ask("cold", 2).await.unwrap(), "old", "others expire as usual");

        assert!(
            !cache.install_and_bump(&generation, 1, answers),
            "the generation moved on: nothing installed"
        );
        assert_eq!(generation.load(Ordering::SeqCst), 2);
    }
}
