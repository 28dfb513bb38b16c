//! Online story clustering: which earlier reports is a new news text about the same event as?
//!
//! A [`StoryClusterer`] takes documents one at a time, in stream order, and puts each in a *story*: the
//! best matching active story when its score (the cosine similarity with the story's centroid, by default)
//! reaches [`ClusterConfig::threshold`], else a new one. No number
//! of stories is given. Every [`merge_every`](ClusterConfig::merge_every) documents a merge pass joins
//! stories that turned out to report one event.
//!
//! * **Features.** Words are lowercased, stop words dropped and the rest stemmed (Snowball, through
//!   `rust-stemmers`) for the document's language, given or detected with `whatlang` (stop-word lists
//!   for en, es, fr, de, it, pt). Title words count [`title_weight`](ClusterConfig::title_weight) times.
//!   Named entities are extra features weighted by [`entity_weight`](ClusterConfig::entity_weight)
//!   ([`title_entity_weight`](ClusterConfig::title_entity_weight), less, for names found only in the
//!   headline: they are most of its few words):
//!   capitalized words not at a sentence start (`Sheinbaum`), adjacent pairs of words in multi-word
//!   names (`Claudia Sheinbaum`, `Wall Street`, `Street Journal`) and all-caps acronyms (`CIA`, `U.S.`).
//!   *Phrases* — two kept words next to each other in one sentence (`black friday`, `black nativity`) —
//!   are extra features weighted by [`phrase_weight`](ClusterConfig::phrase_weight), in full for a
//!   headline and less the longer the text (as the expansion below): events that share a word rarely
//!   share its phrases. Phrases take no part in the co-occurrence summaries.
//! * **Expansion.** Headlines of one event share few words (`wes welker blame costly turnover`,
//!   `patriots rally past broncos`), so each document is extended with terms the stream has learned go
//!   with its terms: every term keeps a bounded summary of the terms most often found beside it
//!   (Misra–Gries, [`ASSOCIATION_SLOTS`] counters, over the pairs of each document's
//!   [`ASSOCIATION_TERMS`] heaviest terms). A term `u` absent from the document joins it with weight
//!   [`expansion`](ClusterConfig::expansion) × w(t) × share(u | t), summed over the document's terms
//!   `t`, where share(u | t) is the part of t's earlier documents that held `u` (at least
//!   [`ASSOCIATION_MIN_SHARE`], `t` seen in at least [`ASSOCIATION_MIN_DF`] earlier documents). A text
//!   with more than [`SHORT_TEXT_TERMS`] words and names gets that weight scaled by [`SHORT_TEXT_TERMS`] /
//!   their number: a long text carries its own context. The document is expanded with what was learned before
//!   it, then counted; the expanded vector is what is scored and what enters the story's centroid, so
//!   stories carry their associated vocabulary and fragments of one event meet in the merge pass.
//! * **Vectors.** TF-IDF with sublinear term frequency (1 + ln tf) and smoothed inverse document
//!   frequency ln((1 + N) / (1 + df)) + 1 over the documents seen so far, the current one included;
//!   L2-normalized. The idf is applied at query time: a story's centroid keeps its members' term weights
//!   without idf, and every comparison weights them by the idf of now, so the stories made early in a
//!   stream (when every word looked rare) are not stuck with the early weights.
//! * **Stories.** Each keeps a centroid — the sum of its members' vectors, pruned to the
//!   [`max_terms`](ClusterConfig::max_terms) heaviest terms — and its first and last activity times. A
//!   story whose last activity is more than [`window`](ClusterConfig::window) before a document's time, or
//!   whose first is more than [`max_span`](ClusterConfig::max_span) before it, is dormant and not a
//!   candidate for it (nor does the merge pass make a story longer than that); sweeps take dormant
//!   stories out of the index and free their centroids, so memory follows the window, not the stream (a
//!   few bytes per story ever made, and the vocabulary, remain). Candidates are found through an inverted index from term to the stories whose centroid
//!   holds it; the index accumulates exact dot products, so no story is scanned.
//! * **Scores.** A story's *cohesion* is the mean cosine of its members with their centroid (the
//!   centroid's norm over its size: 1 for one member, lower the more its members differ). A document's
//!   score for a story is the cosine with its centroid divided by the cohesion to the power
//!   [`cohesion`](ClusterConfig::cohesion) (0 by default: the plain cosine): a story reported from many
//!   angles, whose own members each meet the centroid at a low cosine, does not ask more of a newcomer
//!   than its members had; a tight story keeps the plain cosine bar. At power 1 the score is the
//!   document's mean similarity to the members relative to theirs to each other (average linkage,
//!   relative to the story's own). The merge pass scores a small story against a larger one this way
//!   (power [`absorb_cohesion`](ClusterConfig::absorb_cohesion), 1 by default).
//! * **Merges.** The merge pass compares each story that changed since the last pass, and each *small*
//!   story (at most [`absorb_size`](ClusterConfig::absorb_size) documents), with the active stories by the
//!   cosine of their idf-weighted centroids, and joins it to the best one at or above
//!   [`merge_threshold`](ClusterConfig::merge_threshold). A small story meeting a larger one is scored
//!   like a document, relative to the larger story's cohesion (to the power
//!   [`absorb_cohesion`](ClusterConfig::absorb_cohesion)), against
//!   [`absorb_threshold`](ClusterConfig::absorb_threshold), or the lower
//!   [`stale_threshold`](ClusterConfig::stale_threshold) once it has not changed for
//!   [`stale_after`](ClusterConfig::stale_after) documents: an early report whose story formed
//!   elsewhere later. The **older id survives**; the younger story is absorbed: its id is never reused, [`StoryClusterer::resolve`] maps it to the survivor, and
//!   [`StoryClusterer::take_merges`] hands out each (absorbed, survivor) pair once, for a store to record.
//!   [`StoryClusterer::assign`] always returns a standing story's id. A document's *arrival* story (what a
//!   batch printed for it) therefore stays valid as a name: resolve it to learn where it is now.
//!
//! Story ids are 1, 2, 3… in creation order and never change meaning. Results are deterministic: the
//! merge passes run at fixed document counts, so the same documents in the same order give the same
//! stories, merges included, which is what makes replaying a store on restart exact.
//! [`StoryClusterer::finish`] runs an extra pass at the end of a finished stream (evaluation only).
//!
//! It does not detect copies (see `samestory-dedup`: copies should follow their original with
//! [`StoryClusterer::add_to_story`]) or store stories. [`metrics`] scores a clustering against gold labels
//! (B-cubed, pairwise, NMI, ARI, Hungarian accuracy); [`eval`] reads the public clustering benchmarks and
//! scores one run.
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

pub mod eval;
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
    /// Score at or above which a document joins a story (default 0.25): its cosine similarity with the
    /// story's centroid divided by the story's cohesion to the power [`cohesion`](ClusterConfig::cohesion)
    /// (the plain cosine for a one-member story). The seed pair joins up to 0.47, and a short report that
    /// shares only a country name with the seeds stays apart from 0.21.
    pub threshold: f64,
    /// How long a story stays a candidate after its last document (default 24 hours: a story nobody
    /// reported on for a day is over; the next report of the same topic starts a new story).
    pub window: Duration,
    /// How long a story takes new documents after its first (default 72 hours): coverage of an event that
    /// began more than three days ago starts a new story, even when it never paused for a window. A story
    /// is an event, not a topic: without this bound, a topic reported every day (a stock market, a
    /// company's products, a bug's fallout) grows into one story of months whose members share little
    /// but the topic. On the whole UCI stream (three months of headlines) B-cubed F1 rises from 0.695 to
    /// 0.707 (precision 0.622 to 0.643); texts without times are not affected.
    pub max_span: Duration,
    /// How many times a title word counts (default 2).
    pub title_weight: f64,
    /// Weight multiplier of named-entity features found in the text (default 2); see
    /// [`title_entity_weight`](ClusterConfig::title_entity_weight) for names only in the headline.
    pub entity_weight: f64,
    /// Weight multiplier of named-entity features found only in the headline (default 0.5). The words of
    /// a name count as words as well, so a name still weighs more than a plain word. Names are most of a
    /// headline's few words: weighted like the text's names (2), they make headlines about one person's
    /// different news meet and set apart the headlines of one event written in Title Case (where no names
    /// are found) from those in sentence case; on the UCI headline stream B-cubed F1 falls from 0.695 to
    /// 0.674 (precision and recall both lower). In a text, names are what tell apart events of one kind
    /// (two central banks' rate cuts).
    pub title_entity_weight: f64,
    /// Terms kept in a story's centroid (default 200).
    pub max_terms: usize,
    /// Cosine similarity between two active stories' idf-weighted centroids at or above which the merge
    /// pass joins the younger story to the older (default 0.32).
    pub merge_threshold: f64,
    /// Documents between two merge passes (default 256; 0 runs none by itself, only
    /// [`StoryClusterer::finish`] does).
    pub merge_every: u64,
    /// A story of at most this many documents is *small* (default 2): every merge pass checks it, changed
    /// or not, and it merges at [`absorb_threshold`](ClusterConfig::absorb_threshold).
    pub absorb_size: u64,
    /// Score at or above which a small story merges with another story (default 0.32): the centroid
    /// cosine, divided by the larger story's cohesion raised to
    /// [`absorb_cohesion`](ClusterConfig::absorb_cohesion).
    pub absorb_threshold: f64,
    /// Documents after its last change at which a small story counts as stale (default 2000).
    pub stale_after: u64,
    /// Score (as for [`absorb_threshold`](ClusterConfig::absorb_threshold)) at or above which a stale
    /// small story merges (default 0.22).
    pub stale_threshold: f64,
    /// How much a story's own looseness lowers the bar for joining it (default 0: off): a
    /// document's score for a story is its cosine with the centroid divided by the story's *cohesion*
    /// raised to this power. The cohesion of a story of `n` members with (unit) sum `S` is `|S| / n`, the
    /// mean cosine of its members with their centroid; `n · (d · S) / |S|²` — the score at power 1 — is the
    /// document's mean similarity to the members relative to the members' mean similarity to each other.
    /// Headlines of one event reported from many angles make a loose story whose members each meet its
    /// centroid at a low cosine; a new headline of that event should not need more than its members had.
    /// At 0.5, GoogleNews-T accuracy rises from 0.781 to 0.795, but on the whole UCI stream (three months)
    /// loose stories draw in what is not theirs (B-cubed F1 0.670 → 0.651): off by default.
    pub cohesion: f64,
    /// The same power in the merge pass, for a small story joining a larger one (default 1: the small
    /// story's mean similarity to the larger one's members, relative to theirs to each other).
    pub absorb_cohesion: f64,
    /// Weight of the co-occurrence expansion (default 0.2; 0 turns it off): each document is extended
    /// with the terms that earlier documents often held beside its terms, so that different wordings
    /// of one event (`welker` and `broncos`, `hp` and `hewlett packard`) still meet. Headlines get the
    /// full weight; longer texts a weight shrinking with their length.
    pub expansion: f64,
    /// Weight multiplier of phrase features, pairs of adjacent words (default 0.8; 0 turns them off).
    /// Headlines get the full weight; longer texts a weight shrinking with their length, as for the
    /// [`expansion`](ClusterConfig::expansion). `black friday` and `black nativity` share a word but no
    /// phrase: on GoogleNews-T (titles) accuracy rises from 0.781 to 0.807.
    pub phrase_weight: f64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.25,
            window: Duration::hours(24),
            max_span: Duration::hours(72),
            title_weight: 2.0,
            entity_weight: 2.0,
            title_entity_weight: 0.5,
            max_terms: 200,
            merge_threshold: 0.32,
            merge_every: 256,
            absorb_size: 2,
            absorb_threshold: 0.32,
            stale_after: 2000,
            stale_threshold: 0.22,
            cohesion: 0.0,
            absorb_cohesion: 1.0,
            expansion: 0.2,
            phrase_weight: 0.8,
        }
    }
}

/// A [`ClusterConfig`] value out of range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// `threshold` not in [0, 1].
    #[error("invalid cluster threshold {0}: must be in [0, 1]")]
    Threshold(f64),
    /// A merge, absorb or stale threshold not in [0, 1]: (which, value).
    #[error("invalid {0} {1}: must be in [0, 1]")]
    MergeThreshold(&'static str, f64),
    /// `window` negative.
    #[error("invalid window {0}: must not be negative")]
    Window(Duration),
    /// `max_span` negative.
    #[error("invalid max span {0}: must not be negative")]
    MaxSpan(Duration),
    /// `title_weight` negative or not finite.
    #[error("invalid title weight {0}: must be a finite number >= 0")]
    TitleWeight(f64),
    /// `entity_weight` negative or not finite.
    #[error("invalid entity weight {0}: must be a finite number >= 0")]
    EntityWeight(f64),
    /// `title_entity_weight` negative or not finite.
    #[error("invalid title entity weight {0}: must be a finite number >= 0")]
    TitleEntityWeight(f64),
    /// `max_terms` is zero.
    #[error("invalid max_terms 0: must be at least 1")]
    MaxTerms,
    /// `expansion` negative or not finite.
    #[error("invalid expansion weight {0}: must be a finite number >= 0")]
    Expansion(f64),
    /// `phrase_weight` negative or not finite.
    #[error("invalid phrase weight {0}: must be a finite number >= 0")]
    PhraseWeight(f64),
    /// A cohesion power (`cohesion`, `absorb cohesion`) not in [0, 4]: (which, value).
    #[error("invalid {0} power {1}: must be in [0, 4]")]
    Cohesion(&'static str, f64),
}

impl ClusterConfig {
    /// Checks every value is in range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(ConfigError::Threshold(self.threshold));
        }
        for (name, value) in [
            ("merge threshold", self.merge_threshold),
            ("absorb threshold", self.absorb_threshold),
            ("stale threshold", self.stale_threshold),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(ConfigError::MergeThreshold(name, value));
            }
        }
        if self.window < Duration::zero() {
            return Err(ConfigError::Window(self.window));
        }
        if self.max_span < Duration::zero() {
            return Err(ConfigError::MaxSpan(self.max_span));
        }
        if !(self.title_weight.is_finite() && self.title_weight >= 0.0) {
            return Err(ConfigError::TitleWeight(self.title_weight));
        }
        if !(self.entity_weight.is_finite() && self.entity_weight >= 0.0) {
            return Err(ConfigError::EntityWeight(self.entity_weight));
        }
        if !(self.title_entity_weight.is_finite() && self.title_entity_weight >= 0.0) {
            return Err(ConfigError::TitleEntityWeight(self.title_entity_weight));
        }
        if self.max_terms == 0 {
            return Err(ConfigError::MaxTerms);
        }
        if !(self.expansion.is_finite() && self.expansion >= 0.0) {
            return Err(ConfigError::Expansion(self.expansion));
        }
        if !(self.phrase_weight.is_finite() && self.phrase_weight >= 0.0) {
            return Err(ConfigError::PhraseWeight(self.phrase_weight));
        }
        for (name, value) in [("cohesion", self.cohesion), ("absorb cohesion", self.absorb_cohesion)] {
            if !(0.0..=MAX_COHESION_POWER).contains(&value) {
                return Err(ConfigError::Cohesion(name, value));
            }
        }
        Ok(())
    }

    /// A copy with every out-of-range value replaced by the nearest valid one (NaN by the default).
    fn sanitized(&self) -> ClusterConfig {
        let d = ClusterConfig::default();
        let weight = |x: f64, default: f64| if x.is_finite() { x.max(0.0) } else { default };
        ClusterConfig {
            threshold: unit(self.threshold, d.threshold),
            window: self.window.max(Duration::zero()),
            max_span: self.max_span.max(Duration::zero()),
            title_weight: weight(self.title_weight, d.title_weight),
            entity_weight: weight(self.entity_weight, d.entity_weight),
            title_entity_weight: weight(self.title_entity_weight, d.title_entity_weight),
            max_terms: self.max_terms.max(1),
            merge_threshold: unit(self.merge_threshold, d.merge_threshold),
            merge_every: self.merge_every,
            absorb_size: self.absorb_size,
            absorb_threshold: unit(self.absorb_threshold, d.absorb_threshold),
            stale_after: self.stale_after,
            stale_threshold: unit(self.stale_threshold, d.stale_threshold),
            cohesion: power(self.cohesion, d.cohesion),
            absorb_cohesion: power(self.absorb_cohesion, d.absorb_cohesion),
            expansion: weight(self.expansion, d.expansion),
            phrase_weight: weight(self.phrase_weight, d.phrase_weight),
        }
    }
}

/// The largest cohesion power accepted.
const MAX_COHESION_POWER: f64 = 4.0;

/// A cohesion power clamped to [0, [`MAX_COHESION_POWER`]], NaN replaced by `default`.
fn power(x: f64, default: f64) -> f64 {
    if x.is_nan() { default } else { x.clamp(0.0, MAX_COHESION_POWER) }
}

/// A value clamped to [0, 1], NaN replaced by `default`.
fn unit(x: f64, default: f64) -> f64 {
    if x.is_nan() { default } else { x.clamp(0.0, 1.0) }
}

/// A sparse vector: (term id, weight), sorted by term id.
type Vector = Vec<(u32, f32)>;

#[derive(Clone, Debug)]
struct Story {
    /// Sum of the members' term weights *without* idf (each member scaled to unit length under the idf of
    /// its arrival), pruned to `max_terms` terms, sorted by term id. Scoring multiplies by the idf of now.
    centroid: Vector,
    /// L2 norm of the centroid weighted by the idf at the time it was last computed.
    norm: f32,
    /// The document count when `norm` was computed: scoring recomputes it once the stream has grown by
    /// an eighth since, so idf drift never inflates an old story's scores by much.
    norm_at: u64,
    /// Latest publication time among members with one.
    last: Option<DateTime<Utc>>,
    /// Earliest publication time among members with one.
    first: Option<DateTime<Utc>>,
    /// Number of members (those of absorbed stories included).
    size: u64,
    /// Whether the centroid's terms are in the inverted index (dormant and absorbed stories are not).
    indexed: bool,
    /// The story this one was merged into; `None` while it stands on its own.
    merged_into: Option<StoryId>,
    /// Whether it changed since the last merge pass.
    dirty: bool,
    /// The document count when it last changed.
    changed_at: u64,
}

/// What a term is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A stemmed word.
    Word,
    /// A named entity (`#` key).
    Entity,
    /// Two adjacent words (`~` key).
    Phrase,
}

/// The lowest cohesion a story is given (a bound on how much its looseness can lower the bar).
const MIN_COHESION: f32 = 0.1;

/// Documents between two sweeps that take long-dormant stories out of the inverted index.
const SWEEP_EVERY: u64 = 1024;

/// Co-occurrence counters kept per term (its memory, 256 bytes at most, is per vocabulary term like its
/// document frequency).
pub const ASSOCIATION_SLOTS: usize = 32;
/// A document's heaviest terms whose pairs are counted (all of a headline's; bounds the cost of a long
/// article to a constant).
pub const ASSOCIATION_TERMS: usize = 24;
/// Earlier documents a term must have been seen in before it expands a document.
pub const ASSOCIATION_MIN_DF: u32 = 3;
/// Share of a term's earlier documents an associated term must have been found in.
pub const ASSOCIATION_MIN_SHARE: f32 = 0.1;
/// Documents with more distinct words and names than this get a proportionally weaker expansion and
/// phrase weight.
pub const SHORT_TEXT_TERMS: usize = 6;

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
    /// What each term is, by term id.
    kind: Vec<Kind>,
    /// Terms most often found with each term: (other term, count), a Misra–Gries summary, by term id.
    cooc: Vec<Vec<(u32, u32)>>,
    /// Documents seen.
    docs: u64,
    /// Stories by `id - 1`.
    stories: Vec<Story>,
    /// Term id → (story index, raw centroid weight) for indexed stories, sorted by story index.
    postings: Vec<Vec<(u32, f32)>>,
    /// Latest document time seen.
    latest: Option<DateTime<Utc>>,
    /// Merges not yet taken by [`StoryClusterer::take_merges`]: (absorbed, survivor).
    merges: Vec<(StoryId, StoryId)>,
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
            kind: Vec::new(),
            cooc: Vec::new(),
            docs: 0,
            stories: Vec::new(),
            postings: Vec::new(),
            latest: None,
            merges: Vec::new(),
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
    /// Story ids are 1, 2, 3... in creation order and never change. Ties go to the older story. The id
    /// returned is that of a standing story: never one already merged into another.
    pub fn assign(&mut self, doc: &Doc) -> StoryId {
        let (raw, query) = self.vectorize(doc);
        let best = self.best_story(&query, doc.time);
        let index = match best {
            Some((index, score)) if f64::from(score) >= self.config.threshold => {
                self.add_vector(index, &raw, doc.time);
                index
            }
            _ => self.new_story(&raw, doc.time),
        };
        self.after_doc(doc.time);
        self.resolve(index as StoryId + 1)
    }

    /// Adds a document to a known story without searching (used for copies that follow their original).
    /// The document still counts in document frequencies. A merged story's document goes to the story it
    /// was merged into; an unknown story id is ignored.
    pub fn add_to_story(&mut self, story: StoryId, doc: &Doc) {
        let (raw, _) = self.vectorize(doc);
        if let Some(index) = self.story_index(story) {
            let index = self.story_index(self.resolve(story)).unwrap_or(index);
            self.add_vector(index, &raw, doc.time);
        }
        self.after_doc(doc.time);
    }

    /// Runs a merge pass now, as if the stream ended here (the periodic passes run every
    /// [`merge_every`](ClusterConfig::merge_every) documents by themselves). For scoring a finished
    /// stream; a store that is replayed must not call it between batches, or a restart would differ.
    pub fn finish(&mut self) {
        self.merge_pass();
    }

    /// The story `story` is part of now: itself, or the story it was merged into (followed to the end).
    /// Unknown ids are returned unchanged.
    pub fn resolve(&self, story: StoryId) -> StoryId {
        let mut id = story;
        while let Some(next) = self.story_index(id).and_then(|i| self.stories[i].merged_into) {
            id = next;
        }
        id
    }

    /// The merges since the last call, oldest first, as (absorbed story, story it joined). The absorbed id
    /// is never reused: its documents now belong to the other story, which is always the older one.
    pub fn take_merges(&mut self) -> Vec<(StoryId, StoryId)> {
        std::mem::take(&mut self.merges)
    }

    /// The number of stories created (merged ones included: ids are never reused).
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// The number of documents in a story, those of stories merged into it included; `None` for an
    /// unknown id or one merged into another.
    pub fn story_size(&self, story: StoryId) -> Option<u64> {
        self.story_index(story)
            .filter(|&i| self.stories[i].merged_into.is_none())
            .map(|i| self.stories[i].size)
    }

    /// The number of stories that hold a centroid and are in the inverted index: the active ones (and
    /// dormant ones not yet swept). Memory beyond a few bytes per story ever created is bounded by these.
    pub fn active_story_count(&self) -> usize {
        self.stories.iter().filter(|s| s.indexed).count()
    }

    /// The number of documents seen.
    pub fn doc_count(&self) -> u64 {
        self.docs
    }

    fn story_index(&self, story: StoryId) -> Option<usize> {
        let index = usize::try_from(story.checked_sub(1)?).ok()?;
        (index < self.stories.len()).then_some(index)
    }

    /// The current inverse document frequency of a term: ln((1 + N) / (1 + df)) + 1.
    fn idf(&self, term: u32) -> f32 {
        ((1.0 + self.docs as f32) / (1.0 + self.df[term as usize] as f32)).ln() + 1.0
    }

    /// Counts the document in the document frequencies, then gives its raw vector (term weights without
    /// idf, scaled so that the idf-weighted vector has unit length) and its idf-weighted unit vector.
    fn vectorize(&mut self, doc: &Doc) -> (Vector, Vector) {
        let lang = match doc.lang {
            Some(tag) => Language::from_tag(tag),
            None if doc.text.trim().is_empty() => self.languages.guess(doc.title.unwrap_or("")),
            None => self.languages.guess(doc.text),
        };
        let mut features = std::mem::take(&mut self.features);
        features.clear();
        text::features(doc.title, doc.text, lang, &mut self.stemmers, &mut features);
        let title_weight = self.config.title_weight as f32;
        let mut counts: Vec<(u32, f32, bool)> = Vec::with_capacity(features.len());
        for f in &features {
            let id = match self.vocab.get(f.key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.df.len() as u32;
                    self.vocab.insert(f.key.as_str().into(), id);
                    self.df.push(0);
                    self.kind.push(match f.key.as_bytes().first() {
                        Some(b'#') => Kind::Entity,
                        Some(b'~') => Kind::Phrase,
                        _ => Kind::Word,
                    });
                    self.cooc.push(Vec::new());
                    self.postings.push(Vec::new());
                    id
                }
            };
            counts.push((
                id,
                if f.field == Field::Title { title_weight } else { 1.0 },
                f.field == Field::Body,
            ));
        }
        self.features = features;
        counts.sort_unstable_by_key(|&(id, _, _)| id);
        let mut raw: Vector = Vec::with_capacity(counts.len());
        // Whether each term of `raw` occurs in the text (not only in the headline).
        let mut in_text: Vec<bool> = Vec::with_capacity(counts.len());
        for (id, c, body) in counts {
            match (raw.last_mut(), in_text.last_mut()) {
                (Some((last, tf)), Some(seen)) if *last == id => {
                    *tf += c;
                    *seen |= body;
                }
                _ => {
                    raw.push((id, c));
                    in_text.push(body);
                }
            }
        }
        self.docs += 1;
        for &(id, _) in &raw {
            self.df[id as usize] += 1;
        }
        let (entity_weight, title_entity_weight) =
            (self.config.entity_weight as f32, self.config.title_entity_weight as f32);
        // Phrases tell apart the events of a short text's shared words; a long text has its own context.
        let phrase_weight = self.config.phrase_weight as f32 * self.shortness(&raw);
        for ((id, w), &in_text) in raw.iter_mut().zip(&in_text) {
            let tf = *w;
            let sublinear = if tf >= 1.0 { 1.0 + tf.ln() } else { tf };
            *w = sublinear
                * match self.kind[*id as usize] {
                    Kind::Entity if in_text => entity_weight,
                    Kind::Entity => title_entity_weight,
                    Kind::Phrase => phrase_weight,
                    Kind::Word => 1.0,
                };
        }
        raw.retain(|&(_, w)| w > 0.0);
        if self.config.expansion > 0.0 {
            // Expand with what earlier documents tell about these terms, then count this document.
            let expansion = self.expand(&raw);
            self.count_cooccurrences(&raw);
            if !expansion.is_empty() {
                raw = add_vectors(&raw, &expansion);
            }
        }
        let mut query: Vector = raw.iter().map(|&(id, w)| (id, w * self.idf(id))).collect();
        let norm = query.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            raw.iter_mut().for_each(|(_, w)| *w /= norm);
            query.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        (raw, query)
    }

    /// The co-occurrence expansion of a document's raw vector: each term `u` not in the document that
    /// was found in at least [`ASSOCIATION_MIN_SHARE`] of the earlier documents holding one of its terms
    /// `t` (seen in at least [`ASSOCIATION_MIN_DF`] earlier documents) gets `expansion × w(t) × share`,
    /// summed over `t`, and scaled down by [`SHORT_TEXT_TERMS`] / (its words and names) when the
    /// document has more: a long text carries its own context, a headline borrows it from the stream.
    fn expand(&self, raw: &[(u32, f32)]) -> Vector {
        let alpha = self.config.expansion as f32 * self.shortness(raw);
        let mut out: Vector = Vec::new();
        for &(t, w) in raw {
            let seen = self.df[t as usize].saturating_sub(1);
            if seen < ASSOCIATION_MIN_DF {
                continue;
            }
            for &(u, c) in &self.cooc[t as usize] {
                let share = c as f32 / seen as f32;
                if share >= ASSOCIATION_MIN_SHARE && raw.binary_search_by_key(&u, |&(x, _)| x).is_err() {
                    out.push((u, alpha * w * share));
                }
            }
        }
        out.sort_unstable_by_key(|&(u, _)| u);
        let mut merged: Vector = Vec::with_capacity(out.len());
        for (u, w) in out {
            match merged.last_mut() {
                Some((last, x)) if *last == u => *x += w,
                _ => merged.push((u, w)),
            }
        }
        merged
    }

    /// 1 for a text of at most [`SHORT_TEXT_TERMS`] distinct words and entities, else [`SHORT_TEXT_TERMS`] /
    /// their number (phrases repeat the words they are made of: they do not count).
    fn shortness(&self, raw: &[(u32, f32)]) -> f32 {
        let words = raw.iter().filter(|&&(t, _)| self.kind[t as usize] != Kind::Phrase).count();
        (SHORT_TEXT_TERMS as f32 / words.max(1) as f32).min(1.0)
    }

    /// Counts the pairs among a document's [`ASSOCIATION_TERMS`] heaviest terms (under the idf of now;
    /// the lower id on ties) in the co-occurrence summaries. Each term keeps at most
    /// [`ASSOCIATION_SLOTS`] counters (Misra–Gries: a new term when all are taken decrements every
    /// counter and frees those at zero), so a count is at most the true count and misses it by at most
    /// (pairs counted for the term) / ([`ASSOCIATION_SLOTS`] + 1).
    fn count_cooccurrences(&mut self, raw: &[(u32, f32)]) {
        let mut terms: Vec<(f32, u32)> = raw
            .iter()
            .filter(|&&(t, _)| self.kind[t as usize] != Kind::Phrase)
            .map(|&(t, w)| (w * self.idf(t), t))
            .collect();
        if terms.len() > ASSOCIATION_TERMS {
            terms.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            terms.truncate(ASSOCIATION_TERMS);
            terms.sort_unstable_by_key(|&(_, t)| t);
        }
        for &(_, t) in &terms {
            let list = &mut self.cooc[t as usize];
            for &(_, u) in &terms {
                if u == t {
                    continue;
                }
                if let Some(e) = list.iter_mut().find(|e| e.0 == u) {
                    e.1 += 1;
                } else if list.len() < ASSOCIATION_SLOTS {
                    list.push((u, 1));
                } else {
                    list.iter_mut().for_each(|e| e.1 -= 1);
                    list.retain(|e| e.1 > 0);
                }
            }
        }
    }

    /// Dot products of an idf-weighted vector with every indexed story's idf-weighted centroid, through the
    /// inverted index: the stories touched are left in `self.touched`, their dot products in `self.scores`.
    fn accumulate(&mut self, query: &[(u32, f32)]) {
        if self.scores.len() < self.stories.len() {
            self.scores.resize(self.stories.len(), 0.0);
        }
        for &(term, w) in query {
            let w = w * self.idf(term);
            for &(story, cw) in &self.postings[term as usize] {
                let score = &mut self.scores[story as usize];
                if *score == 0.0 {
                    self.touched.push(story);
                }
                *score += w * cw;
            }
        }
    }

    /// The L2 norm of a raw centroid weighted by the idf of now.
    fn norm_of(&self, centroid: &[(u32, f32)]) -> f32 {
        centroid.iter().map(|&(t, w)| (w * self.idf(t)).powi(2)).sum::<f32>().sqrt()
    }

    /// Recomputes a story's norm when the stream has grown by more than an eighth since it was computed.
    fn refresh_norm(&mut self, index: usize) {
        let at = self.stories[index].norm_at;
        if self.docs > at + at / 8 {
            let norm = self.norm_of(&self.stories[index].centroid);
            self.stories[index].norm = norm;
            self.stories[index].norm_at = self.docs;
        }
    }

    /// Whether a story is dormant at `time`: more than the window since its last member, or more than
    /// [`max_span`](ClusterConfig::max_span) since its first.
    fn dormant(&self, story: &Story, time: Option<DateTime<Utc>>) -> bool {
        let Some(time) = time else { return false };
        story.last.is_some_and(|last| last < time - self.config.window)
            || story.first.is_some_and(|first| first < time - self.config.max_span)
    }

    /// The active story with the highest score for `query` (cosine with the centroid divided by the story's
    /// cohesion to the power [`cohesion`](ClusterConfig::cohesion)), found through the inverted index.
    fn best_story(&mut self, query: &Vector, time: Option<DateTime<Utc>>) -> Option<(usize, f32)> {
        self.accumulate(query);
        let mut best: Option<(usize, f32)> = None;
        for k in 0..self.touched.len() {
            let story = self.touched[k];
            let dot = std::mem::take(&mut self.scores[story as usize]);
            self.refresh_norm(story as usize);
            let s = &self.stories[story as usize];
            if self.dormant(s, time) || s.norm <= 0.0 {
                continue;
            }
            let relative = dot / s.norm / cohesion(s).powf(self.config.cohesion as f32);
            if best.is_none_or(|(b, score)| relative > score || (relative == score && (story as usize) < b)) {
                best = Some((story as usize, relative));
            }
        }
        self.touched.clear();
        best
    }

    fn new_story(&mut self, raw: &Vector, time: Option<DateTime<Utc>>) -> usize {
        let index = self.stories.len();
        self.stories.push(Story {
            centroid: Vec::new(),
            norm: 0.0,
            norm_at: 0,
            last: None,
            first: None,
            size: 0,
            indexed: true,
            merged_into: None,
            dirty: true,
            changed_at: self.docs,
        });
        self.add_vector(index, raw, time);
        self.stories[index].size = 1;
        index
    }

    /// Adds a member's raw vector to a story's centroid, prunes it and updates the inverted index.
    fn add_vector(&mut self, index: usize, raw: &Vector, time: Option<DateTime<Utc>>) {
        let story = &mut self.stories[index];
        story.size += 1;
        story.dirty = true;
        story.changed_at = self.docs;
        if let Some(t) = time {
            story.last = Some(story.last.map_or(t, |l| l.max(t)));
            story.first = Some(story.first.map_or(t, |f| f.min(t)));
        }
        let old = std::mem::take(&mut story.centroid);
        let merged = add_vectors(&old, raw);
        self.set_centroid(index, old, merged);
    }

    /// Replaces a story's centroid by `merged` (pruned here), keeping the inverted index and norm in step;
    /// `old` is the centroid it had in the index.
    fn set_centroid(&mut self, index: usize, old: Vector, mut merged: Vector) {
        let max_terms = self.config.max_terms;
        if merged.len() > max_terms {
            // Keep the heaviest terms under the current idf (the lower term id on ties), in term order.
            let mut weighted: Vec<(f32, u32, f32)> =
                merged.iter().map(|&(t, w)| (w * self.idf(t), t, w)).collect();
            weighted.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            weighted.truncate(max_terms);
            merged = weighted.into_iter().map(|(_, t, w)| (t, w)).collect();
            merged.sort_unstable_by_key(|&(t, _)| t);
        }
        let norm = self.norm_of(&merged);
        let story = &mut self.stories[index];
        story.norm = norm;
        story.norm_at = self.docs;
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

    /// Takes a story out of the inverted index.
    fn unindex(&mut self, index: usize) {
        if !self.stories[index].indexed {
            return;
        }
        for &(term, _) in &self.stories[index].centroid {
            remove_posting(&mut self.postings[term as usize], index as u32);
        }
        self.stories[index].indexed = false;
    }

    /// Tracks the latest time, runs the merge pass every [`merge_every`](ClusterConfig::merge_every)
    /// documents and, every [`SWEEP_EVERY`] documents, takes stories dormant for the latest document out of
    /// the inverted index, so the index holds only the active part of a long stream.
    fn after_doc(&mut self, time: Option<DateTime<Utc>>) {
        if let Some(t) = time {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
        if self.config.merge_every > 0 && self.docs % self.config.merge_every == 0 {
            self.merge_pass();
        }
        if self.docs % SWEEP_EVERY != 0 {
            return;
        }
        let latest = self.latest;
        for index in 0..self.stories.len() {
            let story = &self.stories[index];
            if story.indexed && self.dormant(story, latest) {
                self.unindex(index);
                // A dormant story is only revived by a copy: its centroid is not needed any more.
                self.stories[index].centroid = Vec::new();
            }
        }
    }

    /// Merges stories that report one event: each story changed since the last pass is compared with the
    /// active stories through the inverted index (cosine of the idf-weighted centroids); when the best
    /// reaches [`merge_threshold`](ClusterConfig::merge_threshold), the younger story joins the older.
    /// Repeats until nothing merges. Deterministic: stories are visited in id order.
    fn merge_pass(&mut self) {
        // Norms under the idf of now.
        for index in 0..self.stories.len() {
            if self.stories[index].indexed {
                let norm = self.norm_of(&self.stories[index].centroid);
                self.stories[index].norm = norm;
                self.stories[index].norm_at = self.docs;
            }
        }
        loop {
            let mut merged_any = false;
            for index in 0..self.stories.len() {
                let s = &self.stories[index];
                let small = s.size <= self.config.absorb_size;
                if !((s.dirty || small) && s.indexed && s.norm > 0.0) {
                    continue;
                }
                let (first, last) = (s.first, s.last);
                let query: Vector = s.centroid.iter().map(|&(t, w)| (t, w * self.idf(t))).collect();
                self.stories[index].dirty = false;
                self.accumulate(&query);
                let own_norm = self.stories[index].norm;
                let own_size = self.stories[index].size;
                let mut best: Option<(usize, f32)> = None;
                for k in 0..self.touched.len() {
                    let other = self.touched[k] as usize;
                    let dot = std::mem::take(&mut self.scores[other]);
                    let o = &self.stories[other];
                    if other == index || o.norm <= 0.0 || !self.joinable(first, last, o) {
                        continue;
                    }
                    let mut cosine = dot / (o.norm * own_norm);
                    if own_size.min(o.size) <= self.config.absorb_size && own_size != o.size {
                        // A small story meets a larger one: relative to the larger one's cohesion.
                        let larger = if o.size > own_size { o } else { &self.stories[index] };
                        cosine /= cohesion(larger).powf(self.config.absorb_cohesion as f32);
                    }
                    if best.is_none_or(|(b, score)| cosine > score || (cosine == score && other < b)) {
                        best = Some((other, cosine));
                    }
                }
                self.touched.clear();
                if let Some((other, cosine)) = best
                    && cosine >= self.pair_threshold(index, other)
                {
                    let (survivor, absorbed) = (index.min(other), index.max(other));
                    self.merge(survivor, absorbed);
                    merged_any = true;
                }
            }
            if !merged_any {
                break;
            }
        }
    }

    /// The score at or above which story `index` merges with story `other`: the merge threshold; the absorb
    /// threshold when either is small (its score is then relative to the larger one's cohesion), lowered
    /// to the stale threshold when `index` is small and has not changed for
    /// [`stale_after`](ClusterConfig::stale_after) documents.
    fn pair_threshold(&self, index: usize, other: usize) -> f32 {
        let c = &self.config;
        let (s, o) = (&self.stories[index], &self.stories[other]);
        let mut threshold = c.merge_threshold;
        if s.size.min(o.size) <= c.absorb_size {
            threshold = c.absorb_threshold;
        }
        if s.size <= c.absorb_size && self.docs - s.changed_at >= c.stale_after {
            threshold = threshold.min(c.stale_threshold);
        }
        threshold as f32
    }

    /// Whether a story spanning `first..=last` may merge with `other`: their last activities within one
    /// window of each other, and the two together spanning at most [`max_span`](ClusterConfig::max_span).
    fn joinable(&self, first: Option<DateTime<Utc>>, last: Option<DateTime<Utc>>, other: &Story) -> bool {
        let window = match (last, other.last) {
            (Some(a), Some(b)) => (a - b).abs() <= self.config.window,
            _ => true,
        };
        let span =
            match (first.into_iter().chain(other.first).min(), last.into_iter().chain(other.last).max()) {
                (Some(first), Some(last)) => last - first <= self.config.max_span,
                _ => true,
            };
        window && span
    }

    /// Merges story `absorbed` into the older story `survivor`.
    fn merge(&mut self, survivor: usize, absorbed: usize) {
        self.unindex(absorbed);
        let gone = std::mem::take(&mut self.stories[absorbed].centroid);
        let (size, first, last) =
            (self.stories[absorbed].size, self.stories[absorbed].first, self.stories[absorbed].last);
        self.stories[absorbed].merged_into = Some(survivor as StoryId + 1);
        self.stories[absorbed].dirty = false;
        let s = &mut self.stories[survivor];
        s.size += size;
        s.dirty = true;
        s.changed_at = self.docs;
        s.last = s.last.into_iter().chain(last).max();
        s.first = s.first.into_iter().chain(first).min();
        let old = std::mem::take(&mut s.centroid);
        let merged = add_vectors(&old, &gone);
        self.set_centroid(survivor, old, merged);
        self.merges.push((absorbed as StoryId + 1, survivor as StoryId + 1));
    }
}

/// A story's cohesion: the norm of its centroid (under the idf of its last norm computation) over its
/// size, the mean cosine of its members with their centroid; 1 for a single member, at least
/// [`MIN_COHESION`].
fn cohesion(story: &Story) -> f32 {
    (story.norm / story.size.max(1) as f32).clamp(MIN_COHESION, 1.0)
}

/// The sum of two sparse vectors.
fn add_vectors(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vector {
    let mut out: Vector = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(&(x, wx)), Some(&(y, wy))) if x == y => {
                out.push((x, wx + wy));
                i += 1;
                j += 1;
            }
            (Some(&(x, wx)), Some(&(y, _))) if x < y => {
                out.push((x, wx));
                i += 1;
            }
            (Some(&(x, wx)), None) => {
                out.push((x, wx));
                i += 1;
            }
            (_, Some(&(y, wy))) => {
                out.push((y, wy));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
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
