//! Online story clustering: which earlier reports is a new news text about the same event as?
//!
//! A [`StoryClusterer`] takes documents one at a time, in stream order, and puts each in a *story*: the
//! best matching active story when the cosine similarity reaches [`ClusterConfig::threshold`], else a new
//! one. It never revisits a decision, so story ids are stable.
//!
//! * **Features.** Words are lowercased, stop words dropped and the rest stemmed (Snowball, through
//!   `rust-stemmers`) for the document's language, given or detected with `whatlang` (stop-word lists
//!   for en, es, fr, de, it, pt). Title words count [`title_weight`](ClusterConfig::title_weight) times.
//!   Named entities are extra features weighted by [`entity_weight`](ClusterConfig::entity_weight):
//!   capitalized words not at a sentence start (`Sheinbaum`), adjacent pairs of words in multi-word
//!   names (`Claudia Sheinbaum`, `Wall Street`, `Street Journal`) and all-caps acronyms (`CIA`, `U.S.`).
//! * **Vectors.** TF-IDF with sublinear term frequency (1 + ln tf) and smoothed inverse document
//!   frequency ln((1 + N) / (1 + df)) + 1 over the documents seen so far, the current one included;
//!   L2-normalized.
//! * **Stories.** Each keeps a centroid — the sum of its members' vectors, pruned to the
//!   [`max_terms`](ClusterConfig::max_terms) heaviest terms — and its last activity time. A story whose
//!   last activity is more than [`window`](ClusterConfig::window) before a document's time is dormant and
//!   not a candidate for it. Candidates are found through an inverted index from term to the stories whose
//!   centroid holds it; the index accumulates exact dot products, so no story is scanned.
//!
//! It does not detect copies (see `samestory-dedup`: copies should follow their original with
//! [`StoryClusterer::add_to_story`]), read files, or store stories. [`metrics`] scores a clustering against
//! gold labels (B-cubed, NMI). Results are deterministic: the same documents in the same order give the
//! same stories.
//!
//! ```
//! use samestory_cluster::{ClusterConfig, Doc, StoryClusterer};
//!
//! let mut clusterer = StoryClusterer::new(ClusterConfig::default());
//! let a = clusterer.assign(&Doc::new("A magnitude 7.1 earthquake struck off the coast of Japan on Monday, \
//!     triggering tsunami warnings along the Pacific coast."));
//! let b = clusterer.assign(&Doc::new("Tsunami warnings were issued in Japan after a strong earthquake of \
//!     magnitude 7.1 hit off its Pacific coast."));
//! let c = clusterer.assign(&Doc::new("The central bank raised interest rates by half a point to fight \
//!     inflation, the governor announced."));
//! assert_eq!((a, b, c), (1, 1, 2));
//! assert_eq!(clusterer.story_count(), 2);
//! ```
#![deny(missing_docs)]

pub mod metrics;
mod stopwords;
mod text;

use chrono::{DateTime, Duration, Utc};
use rustc_hash::FxHashMap;

use text::{Feature, Field, Language, LanguageGuesser, Stemmers};

/// A story's id: 1, 2, 3... in creation order.
pub type StoryId = u64;

/// One document to cluster. Only `text` is required.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Doc<'a> {
    /// The headline, if known.
    pub title: Option<&'a str>,
    /// The main text.
    pub text: &'a str,
    /// The language as an ISO 639-1 or 639-3 code or a tag (`en`, `spa`, `pt-BR`). When `None` it is
    /// detected; an unreliable detection (short or stop-word-free text) falls back to the language most
    /// often detected reliably in the stream so far.
    pub lang: Option<&'a str>,
    /// The publication time; a document without one never makes a story dormant or active.
    pub time: Option<DateTime<Utc>>,
}

impl<'a> Doc<'a> {
    /// A document with only a text.
    pub fn new(text: &'a str) -> Doc<'a> {
        Doc { text, ..Doc::default() }
    }

    /// With a headline.
    pub fn with_title(self, title: &'a str) -> Doc<'a> {
        Doc { title: Some(title), ..self }
    }

    /// With a language code.
    pub fn with_lang(self, lang: &'a str) -> Doc<'a> {
        Doc { lang: Some(lang), ..self }
    }

    /// With a publication time.
    pub fn with_time(self, time: DateTime<Utc>) -> Doc<'a> {
        Doc { time: Some(time), ..self }
    }
}

/// Settings of a [`StoryClusterer`].
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    /// Cosine similarity between a document and a story's centroid at or above which the document joins
    /// the story (default 0.2). Tuned on GoogleNews-TS (best NMI at 0.12–0.15, 0.922 at 0.2), the seed
    /// pair (joins up to 0.47) and same-topic different-event reports (kept apart from 0.14).
    pub threshold: f64,
    /// How long a story stays a candidate after its last document (default 7 days).
    pub window: Duration,
    /// How many times a title word counts (default 2).
    pub title_weight: f64,
    /// Weight multiplier of named-entity features (default 2).
    pub entity_weight: f64,
    /// Terms kept in a story's centroid (default 200).
    pub max_terms: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.2,
            window: Duration::days(7),
            title_weight: 2.0,
            entity_weight: 2.0,
            max_terms: 200,
        }
    }
}

/// A [`ClusterConfig`] value out of range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// `threshold` not in [0, 1].
    #[error("invalid cluster threshold {0}: must be in [0, 1]")]
    Threshold(f64),
    /// `window` negative.
    #[error("invalid window {0}: must not be negative")]
    Window(Duration),
    /// `title_weight` negative or not finite.
    #[error("invalid title weight {0}: must be a finite number >= 0")]
    TitleWeight(f64),
    /// `entity_weight` negative or not finite.
    #[error("invalid entity weight {0}: must be a finite number >= 0")]
    EntityWeight(f64),
    /// `max_terms` is zero.
    #[error("invalid max_terms 0: must be at least 1")]
    MaxTerms,
}

impl ClusterConfig {
    /// Checks every value is in range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(ConfigError::Threshold(self.threshold));
        }
        if self.window < Duration::zero() {
            return Err(ConfigError::Window(self.window));
        }
        if !(self.title_weight.is_finite() && self.title_weight >= 0.0) {
            return Err(ConfigError::TitleWeight(self.title_weight));
        }
        if !(self.entity_weight.is_finite() && self.entity_weight >= 0.0) {
            return Err(ConfigError::EntityWeight(self.entity_weight));
        }
        if self.max_terms == 0 {
            return Err(ConfigError::MaxTerms);
        }
        Ok(())
    }

    /// A copy with every out-of-range value replaced by the nearest valid one (NaN by the default).
    fn sanitized(&self) -> ClusterConfig {
        let d = ClusterConfig::default();
        let weight = |x: f64, default: f64| if x.is_finite() { x.max(0.0) } else { default };
        ClusterConfig {
            threshold: if self.threshold.is_nan() { d.threshold } else { self.threshold.clamp(0.0, 1.0) },
            window: self.window.max(Duration::zero()),
            title_weight: weight(self.title_weight, d.title_weight),
            entity_weight: weight(self.entity_weight, d.entity_weight),
            max_terms: self.max_terms.max(1),
        }
    }
}

/// A sparse vector: (term id, weight), sorted by term id.
type Vector = Vec<(u32, f32)>;

#[derive(Clone, Debug)]
struct Story {
    /// Sum of the members' vectors, pruned to `max_terms` terms, sorted by term id.
    centroid: Vector,
    /// L2 norm of `centroid`.
    norm: f32,
    /// Latest publication time among members with one.
    last: Option<DateTime<Utc>>,
    /// Number of members.
    size: u64,
    /// Whether the centroid's terms are in the inverted index (dormant stories are taken out).
    indexed: bool,
}

/// Documents between two sweeps that take long-dormant stories out of the inverted index.
const SWEEP_EVERY: u64 = 1024;

/// Online single-pass story clustering. See the [crate docs](crate).
#[derive(Debug)]
pub struct StoryClusterer {
    config: ClusterConfig,
    stemmers: Stemmers,
    languages: LanguageGuesser,
    /// Feature key → term id.
    vocab: FxHashMap<Box<str>, u32>,
    /// Documents containing each term, by term id.
    df: Vec<u32>,
    /// Whether each term is a named entity, by term id.
    entity: Vec<bool>,
    /// Documents seen.
    docs: u64,
    /// Stories by `id - 1`.
    stories: Vec<Story>,
    /// Term id → (story index, centroid weight) for indexed stories, sorted by story index.
    postings: Vec<Vec<(u32, f32)>>,
    /// Latest document time seen.
    latest: Option<DateTime<Utc>>,
    /// Scratch space for scoring: dot product per story index, and the stories touched.
    scores: Vec<f32>,
    touched: Vec<u32>,
    features: Vec<Feature>,
}

impl StoryClusterer {
    /// A clusterer with no stories. Out-of-range settings are replaced by the nearest valid value; use
    /// [`ClusterConfig::validate`] to report them instead.
    pub fn new(config: ClusterConfig) -> Self {
        StoryClusterer {
            config: config.sanitized(),
            stemmers: Stemmers::new(),
            languages: LanguageGuesser::default(),
            vocab: FxHashMap::default(),
            df: Vec::new(),
            entity: Vec::new(),
            docs: 0,
            stories: Vec::new(),
            postings: Vec::new(),
            latest: None,
            scores: Vec::new(),
            touched: Vec::new(),
            features: Vec::new(),
        }
    }

    /// The configuration in effect (after replacing out-of-range values).
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Assigns a new document: the best existing active story with cosine ≥ threshold, else a new story.
    /// Story ids are 1, 2, 3... in creation order and never change. Ties go to the older story.
    pub fn assign(&mut self, doc: &Doc) -> StoryId {
        let vector = self.vectorize(doc);
        let best = self.best_story(&vector, doc.time);
        let index = match best {
            Some((index, score)) if f64::from(score) >= self.config.threshold => {
                self.add_vector(index, &vector, doc.time);
                index
            }
            _ => self.new_story(&vector, doc.time),
        };
        self.after_doc(doc.time);
        index as StoryId + 1
    }

    /// Adds a document to a known story without searching (used for copies that follow their original).
    /// The document still counts in document frequencies. An unknown story id is ignored.
    pub fn add_to_story(&mut self, story: StoryId, doc: &Doc) {
        let vector = self.vectorize(doc);
        if let Some(index) = self.story_index(story) {
            self.add_vector(index, &vector, doc.time);
        }
        self.after_doc(doc.time);
    }

    /// The number of stories created.
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// The number of documents in a story, `None` for an unknown id.
    pub fn story_size(&self, story: StoryId) -> Option<u64> {
        self.story_index(story).map(|i| self.stories[i].size)
    }

    /// The number of documents seen.
    pub fn doc_count(&self) -> u64 {
        self.docs
    }

    fn story_index(&self, story: StoryId) -> Option<usize> {
        let index = usize::try_from(story.checked_sub(1)?).ok()?;
        (index < self.stories.len()).then_some(index)
    }

    /// The document's TF-IDF vector; counts the document in the document frequencies first.
    fn vectorize(&mut self, doc: &Doc) -> Vector {
        let lang = match doc.lang {
            Some(tag) => Language::from_tag(tag),
            None if doc.text.trim().is_empty() => self.languages.guess(doc.title.unwrap_or("")),
            None => self.languages.guess(doc.text),
        };
        let mut features = std::mem::take(&mut self.features);
        features.clear();
        text::features(doc.title, doc.text, lang, &mut self.stemmers, &mut features);
        let title_weight = self.config.title_weight as f32;
        let mut counts: Vec<(u32, f32)> = Vec::with_capacity(features.len());
        for f in &features {
            let id = match self.vocab.get(f.key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.df.len() as u32;
                    self.vocab.insert(f.key.as_str().into(), id);
                    self.df.push(0);
                    self.entity.push(f.key.starts_with('#'));
                    self.postings.push(Vec::new());
                    id
                }
            };
            counts.push((id, if f.field == Field::Title { title_weight } else { 1.0 }));
        }
        self.features = features;
        counts.sort_unstable_by_key(|&(id, _)| id);
        let mut vector: Vector = Vec::with_capacity(counts.len());
        for (id, c) in counts {
            match vector.last_mut() {
                Some((last, tf)) if *last == id => *tf += c,
                _ => vector.push((id, c)),
            }
        }
        self.docs += 1;
        for &(id, _) in &vector {
            self.df[id as usize] += 1;
        }
        let n = self.docs as f32;
        let entity_weight = self.config.entity_weight as f32;
        for (id, w) in vector.iter_mut() {
            let tf = *w;
            let sublinear = if tf >= 1.0 { 1.0 + tf.ln() } else { tf };
            let idf = ((1.0 + n) / (1.0 + self.df[*id as usize] as f32)).ln() + 1.0;
            *w = sublinear * idf * if self.entity[*id as usize] { entity_weight } else { 1.0 };
        }
        vector.retain(|&(_, w)| w > 0.0);
        let norm = vector.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            vector.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        vector
    }

    /// The active story with the highest cosine similarity to `vector`, found through the inverted index.
    fn best_story(&mut self, vector: &Vector, time: Option<DateTime<Utc>>) -> Option<(usize, f32)> {
        if self.scores.len() < self.stories.len() {
            self.scores.resize(self.stories.len(), 0.0);
        }
        for &(term, w) in vector {
            for &(story, cw) in &self.postings[term as usize] {
                let score = &mut self.scores[story as usize];
                if *score == 0.0 {
                    self.touched.push(story);
                }
                *score += w * cw;
            }
        }
        let cutoff = time.map(|t| t - self.config.window);
        let mut best: Option<(usize, f32)> = None;
        for &story in &self.touched {
            let s = &self.stories[story as usize];
            let dot = std::mem::take(&mut self.scores[story as usize]);
            let dormant = matches!((s.last, cutoff), (Some(last), Some(cutoff)) if last < cutoff);
            if dormant || s.norm <= 0.0 {
                continue;
            }
            let cosine = dot / s.norm;
            if best.is_none_or(|(b, score)| cosine > score || (cosine == score && (story as usize) < b)) {
                best = Some((story as usize, cosine));
            }
        }
        self.touched.clear();
        best
    }

    fn new_story(&mut self, vector: &Vector, time: Option<DateTime<Utc>>) -> usize {
        let index = self.stories.len();
        self.stories.push(Story { centroid: Vec::new(), norm: 0.0, last: None, size: 0, indexed: true });
        self.add_vector(index, vector, time);
        index
    }

    /// Adds a member's vector to a story's centroid, prunes it and updates the inverted index.
    fn add_vector(&mut self, index: usize, vector: &Vector, time: Option<DateTime<Utc>>) {
        let max_terms = self.config.max_terms;
        let story = &mut self.stories[index];
        story.size += 1;
        if let Some(t) = time {
            story.last = Some(story.last.map_or(t, |l| l.max(t)));
        }
        let old = std::mem::take(&mut story.centroid);
        let mut merged: Vector = Vec::with_capacity(old.len() + vector.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < vector.len() {
            match (old.get(i), vector.get(j)) {
                (Some(&(a, wa)), Some(&(b, wb))) if a == b => {
                    merged.push((a, wa + wb));
                    i += 1;
                    j += 1;
                }
                (Some(&(a, wa)), Some(&(b, _))) if a < b => {
                    merged.push((a, wa));
                    i += 1;
                }
                (Some(&(a, wa)), None) => {
                    merged.push((a, wa));
                    i += 1;
                }
                (_, Some(&(b, wb))) => {
                    merged.push((b, wb));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        if merged.len() > max_terms {
            // Keep the heaviest terms (the lower term id on ties), then restore term order.
            merged.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            merged.truncate(max_terms);
            merged.sort_unstable_by_key(|&(t, _)| t);
        }
        story.norm = merged.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        let was_indexed = story.indexed;
        story.indexed = true;
        let story_id = index as u32;
        // Update the postings: terms dropped from the centroid leave, the others get their new weight.
        if was_indexed {
            let mut k = 0;
            for &(term, _) in &old {
                while k < merged.len() && merged[k].0 < term {
                    k += 1;
                }
                if k >= merged.len() || merged[k].0 != term {
                    remove_posting(&mut self.postings[term as usize], story_id);
                }
            }
        }
        for &(term, w) in &merged {
            upsert_posting(&mut self.postings[term as usize], story_id, w);
        }
        self.stories[index].centroid = merged;
    }

    /// Tracks the latest time and, every [`SWEEP_EVERY`] documents, takes stories dormant for the latest
    /// document out of the inverted index, so the index holds only the active part of a long stream.
    fn after_doc(&mut self, time: Option<DateTime<Utc>>) {
        if let Some(t) = time {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
        if self.docs % SWEEP_EVERY != 0 {
            return;
        }
        let Some(cutoff) = self.latest.map(|l| l - self.config.window) else { return };
        for (index, story) in self.stories.iter_mut().enumerate() {
            if story.indexed && story.last.is_some_and(|last| last < cutoff) {
                for &(term, _) in &story.centroid {
                    remove_posting(&mut self.postings[term as usize], index as u32);
                }
                story.indexed = false;
            }
        }
    }
}

fn upsert_posting(posting: &mut Vec<(u32, f32)>, story: u32, weight: f32) {
    match posting.binary_search_by_key(&story, |&(s, _)| s) {
        Ok(i) => posting[i].1 = weight,
        Err(i) => posting.insert(i, (story, weight)),
    }
}

fn remove_posting(posting: &mut Vec<(u32, f32)>, story: u32) {
    if let Ok(i) = posting.binary_search_by_key(&story, |&(s, _)| s) {
        posting.remove(i);
    }
}

#[cfg(test)]
mod tests;
