//! The pipeline that joins samestory's stages: extraction → copy detection → story clustering → store.
//!
//! Two ways in, one engine:
//!
//! * [`Engine`] holds the in-memory state (the copy index and the story clusterer) and assigns each
//!   [`Article`] on arrival: either it is a copy of an article already seen (and joins its original's story)
//!   or it is clustered into an existing or a new story. `samestory cluster` drives it with no database.
//! * [`Ingestor`] wraps an [`Engine`] around a [`Store`]: it turns [`RawDocument`]s into articles, skips what is
//!   already stored, assigns the rest and writes them one transaction per batch, with the story merges the
//!   clusterer made while assigning it ([`Engine::take_merges`]). On open it replays the stored articles in
//!   ingest order through a fresh engine and checks each lands in the story it was assigned to on arrival and
//!   that the merges are the recorded ones, so after a restart it continues with identical results.
//!
//! What it does not do: read files (that is `samestory-source`) or format output (the binary and the server).
//!
//! ```
//! use samestory_model::Article;
//! use samestory_pipeline::Engine;
//!
//! let mut engine = Engine::default();
//! let a = Article::from_paragraphs(vec!["The river burst its banks on Monday night in Carrow.".into()]);
//! let first = engine.process(&a);
//! assert_eq!(first.story, 1);
//! assert!(first.copy.is_none());
//! let again = engine.process(&a);
//! assert_eq!(again.story, 1);
//! assert_eq!(again.copy.unwrap().original, a.id);
//! ```
#![deny(missing_docs)]

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use samestory_cluster::{ClusterConfig, Doc, StoryClusterer, StoryId};
use samestory_compare::{Comparison, Member, compare};
use samestory_dedup::DedupIndex;
pub use samestory_dedup::{CopyKind, CopyLedger, CopyMatch, DedupConfig, DocRef, Replaced};
use samestory_model::{Article, Origin, RawDocument, Rejection};
use samestory_store::{
    CopyRecord, InsertOutcome, NewArticle, Repoint, Store, StoreError, StoredArticle, StoryDetail,
};
pub use samestory_store::{OffsetAdvance, StoryMerge};
use serde::Serialize;

/// The settings of the in-memory engine.
#[derive(Debug, Clone, Default)]
pub struct EngineConfig {
    /// Copy detection settings.
    pub dedup: DedupConfig,
    /// Story clustering settings.
    pub cluster: ClusterConfig,
}

/// Where the engine put an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The story the article belongs to.
    pub story: StoryId,
    /// When the article is a copy: its original, the similarity and the kind of copy.
    pub copy: Option<CopyMatch>,
    /// When the article copies a group whose original was published after it (or at the same time and is
    /// shorter): that previous original, which from now on is a copy of this article, as are the copies
    /// that pointed at it. The article joins the group's story.
    pub replaced: Option<Replaced>,
}

/// The in-memory state of copy detection and story clustering.
pub struct Engine {
    dedup: DedupIndex,
    clusterer: StoryClusterer,
    story_of: HashMap<String, StoryId>,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(EngineConfig::default())
    }
}

impl Engine {
    /// An empty engine.
    pub fn new(config: EngineConfig) -> Engine {
        Engine {
            dedup: DedupIndex::new(config.dedup),
            clusterer: StoryClusterer::new(config.cluster),
            story_of: HashMap::new(),
        }
    }

    /// Assigns one article: a copy joins its original's story, anything else is clustered.
    ///
    /// The original of a group of copies is its earliest published article (ties: the longest text): an
    /// article that copies a later-published original takes its place ([`Assignment::replaced`]) and
    /// joins its story. The answer depends only on the articles processed before, in their order: the
    /// same stream gives the same assignments.
    pub fn process(&mut self, article: &Article) -> Assignment {
        let text = article.text();
        let doc = Doc {
            title: article.title.as_deref(),
            text: &text,
            lang: article.lang.as_deref(),
            // Only a publication time places an article in the stream: an undated article ingested today from
            // an archive is not news of today, so it may join any story the clusterer still holds active.
            time: article.published,
        };
        let sketch = self.dedup.sketch(&text);
        let verdict = self.dedup.add(&article.id, &sketch, article.published.map(|t| t.timestamp_millis()));
        let group =
            verdict.copy.as_ref().map(|m| &m.original).or(verdict.replaced.as_ref().map(|r| &r.previous));
        let original_story = group.and_then(|id| self.story_of.get(id).copied());
        let story = match original_story {
            Some(story) => {
                self.clusterer.add_to_story(story, &doc);
                // The original's story may have been merged into an older one since: follow it.
                self.clusterer.resolve(story)
            }
            None => self.clusterer.assign(&doc),
        };
        self.story_of.insert(article.id.clone(), story);
        Assignment { story, copy: verdict.copy, replaced: verdict.replaced }
    }

    /// The number of stories so far (absorbed ones included: ids are never reused).
    pub fn story_count(&self) -> usize {
        self.clusterer.story_count()
    }

    /// The story merges since the last call, oldest first: the clusterer's merge pass joined story
    /// `absorbed` into the older story `survivor`. A store records them with the batch they happened in.
    pub fn take_merges(&mut self) -> Vec<StoryMerge> {
        self.clusterer
            .take_merges()
            .into_iter()
            .map(|(absorbed, survivor)| StoryMerge { absorbed, survivor })
            .collect()
    }

    /// The story `story` stands for now: itself, or the story it was merged into.
    pub fn resolve(&self, story: StoryId) -> StoryId {
        self.clusterer.resolve(story)
    }
}

/// Failures of the store-backed pipeline. Bad input is never one of these: it becomes a [`Rejection`].
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Replaying the store gave different stories than it holds: the store was written by another version
    /// or settings.
    #[error(
        "store replay diverged at article {id}: stored in story {stored}, engine says {computed} \
         (the store was written by another samestory version or other clustering settings: \
         re-ingest its articles into a new store)"
    )]
    ReplayDiverged {
        /// The article where replay diverged.
        id: String,
        /// The story the store holds.
        stored: u64,
        /// The story the engine computed.
        computed: u64,
    },
    /// Replaying the store gave other story merges than it recorded.
    #[error(
        "store replay diverged at story merge {index}: stored {stored}, engine says {computed} \
         (the store was written by another samestory version or other clustering settings: \
         re-ingest its articles into a new store)"
    )]
    MergeDiverged {
        /// The position of the first differing merge (0-based).
        index: usize,
        /// The stored merge (`none` when the store has fewer).
        stored: String,
        /// The merge the engine made (`none` when it made fewer).
        computed: String,
    },
}

/// What an ingest did, counted per document read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestReport {
    /// Documents read (taken plus rejected).
    pub read: u64,
    /// Articles newly stored.
    pub new: u64,
    /// Articles already in the store (same id, URL or content), not stored again.
    pub duplicate: u64,
    /// Newly stored articles that are copies of another article (counted in `new` as well).
    pub copies: u64,
    /// Every input not taken, with its place and reason.
    pub rejected: Vec<Rejection>,
    /// Ids of the newly stored articles, in ingest order.
    pub new_ids: Vec<String>,
    /// Story merges made and recorded, in order.
    pub merges: Vec<StoryMerge>,
}

/// One story as the CLI and the HTTP API show it: its summary, the side-by-side comparison and the articles.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    /// Story id.
    pub id: u64,
    /// The canonical headline.
    pub headline: String,
    /// Earliest event time of its articles.
    pub first_seen: DateTime<Utc>,
    /// Latest event time of its articles.
    pub last_seen: DateTime<Utc>,
    /// Number of articles, copies included.
    pub article_count: u64,
    /// How many of the articles are copies of another.
    pub copies: u64,
    /// The outlets with at least one original (non-copy) article.
    pub reporting_outlets: Vec<String>,
    /// The ids of the stories merged into this one; they resolve to it. Left out of JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<u64>,
    /// The id asked for when it was merged into this story (see [`load_story_view`]). Left out of JSON
    /// when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_from: Option<u64>,
    /// The side-by-side comparison.
    pub comparison: Comparison,
    /// The articles by time, each with its copy link.
    pub articles: Vec<ArticleView>,
}

/// One stored article as shown to users.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// The article.
    #[serde(flatten)]
    pub article: Article,
    /// The story it belongs to.
    pub story: u64,
    /// Its original, when it is a copy.
    pub copy: Option<CopyView>,
    /// Where it was read from.
    pub origin: Option<Origin>,
}

/// The copy link of an article.
#[derive(Debug, Clone, Serialize)]
pub struct CopyView {
    /// The original's id.
    pub of: String,
    /// Similarity to the original (containment for excerpts), 0..1.
    pub similarity: f64,
    /// `exact`, `near` or `contained`.
    pub kind: String,
}

impl From<&StoredArticle> for ArticleView {
    fn from(s: &StoredArticle) -> ArticleView {
        ArticleView {
            article: s.article.clone(),
            story: s.story,
            origin: s.origin.clone(),
            copy: s.copy.as_ref().map(|c| CopyView {
                of: c.of.clone(),
                similarity: c.similarity,
                kind: c.kind.clone(),
            }),
        }
    }
}

/// The view of a stored story, comparison included.
pub fn story_view(detail: &StoryDetail) -> StoryView {
    let members: Vec<Member> = detail
        .articles
        .iter()
        .map(|s| Member { article: s.article.clone(), copy_of: s.copy.as_ref().map(|c| c.of.clone()) })
        .collect();
    let comparison = compare(detail.summary.id, &members);
    StoryView {
        id: detail.summary.id,
        headline: comparison.headline.clone(),
        first_seen: detail.summary.first_seen,
        last_seen: detail.summary.last_seen,
        article_count: detail.summary.article_count,
        copies: detail.summary.copies,
        reporting_outlets: detail.summary.reporting_outlets.clone(),
        merged_from: detail.summary.merged_from.clone(),
        resolved_from: None,
        articles: detail.articles.iter().map(ArticleView::from).collect(),
        comparison,
    }
}

/// The view of story `id` in `store`; an id merged into another story resolves to it, and
/// [`StoryView::resolved_from`] then says which id was asked for. `None` when no such story was ever made.
pub fn load_story_view(store: &Store, id: u64) -> Result<Option<StoryView>, StoreError> {
    let Some(detail) = store.story(id)? else { return Ok(None) };
    let mut view = story_view(&detail);
    if view.id != id {
        view.resolved_from = Some(id);
    }
    Ok(Some(view))
}

/// Turns one raw document into an article: extraction with its rejections.
///
/// A panic inside extraction (a bug, never expected) becomes a rejection of this one document
/// (`internal error in extraction: …`), so one page can never end a long ingest or a server's batch.
pub fn to_article(doc: RawDocument) -> Result<Article, Rejection> {
    let origin = doc.origin.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| samestory_extract::to_article(doc)))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            tracing::error!(origin = %origin, "extraction panicked: {what}");
            Err(Rejection::new(origin, format!("internal error in extraction: {what}")))
        })
}

/// What the pipeline takes in: a raw document it extracts itself, or an article its caller extracted.
pub trait Input {
    /// The article and where it came from, or why there is none.
    fn into_article(self) -> Result<(Article, Origin), Rejection>;
}

impl Input for RawDocument {
    fn into_article(self) -> Result<(Article, Origin), Rejection> {
        let origin = self.origin.clone();
        to_article(self).map(|article| (article, origin))
    }
}

/// An article already extracted (by [`to_article`]), e.g. by `watch`, which reads each page once on its
/// fetching threads to fill in what the page lacks from the feed's item.
impl Input for (Article, Origin) {
    fn into_article(self) -> Result<(Article, Origin), Rejection> {
        Ok(self)
    }
}

/// Truncates times to whole milliseconds so what the engine saw equals what the store gives back on replay.
fn settle_times(article: &mut Article, now: DateTime<Utc>) {
    article.published = article.published.map(|t| t.trunc_subsecs(3));
    article.ingested = Some(article.ingested.unwrap_or(now).trunc_subsecs(3));
}

/// The engine over a store: ingest raw documents, persist assignments, survive restarts.
pub struct Ingestor {
    store: Store,
    engine: Engine,
    batch_size: usize,
}

impl Ingestor {
    /// Opens the pipeline over `store`, replaying every stored article through a fresh engine.
    ///
    /// Each article must land in the story it was assigned to on arrival, and the engine's story merges
    /// must be the recorded ones; merges the store lacks at the end of its recorded ones (a store written
    /// before merges were recorded) are recorded now, in one transaction.
    pub fn open(mut store: Store, config: EngineConfig) -> Result<Ingestor, PipelineError> {
        let mut engine = Engine::new(config);
        let mut diverged = None;
        store.for_each_assigned(|stored, arrival| {
            let got = engine.process(&stored.article);
            if got.story != arrival && diverged.is_none() {
                diverged = Some(PipelineError::ReplayDiverged {
                    id: stored.article.id.clone(),
                    stored: arrival,
                    computed: got.story,
                });
            }
            Ok(())
        })?;
        if let Some(err) = diverged {
            return Err(err);
        }
        let computed = engine.take_merges();
        let stored = store.merges()?;
        let show = |m: Option<&StoryMerge>| {
            m.map_or("none".to_string(), |m| format!("{}→{}", m.absorbed, m.survivor))
        };
        if let Some(index) = (0..stored.len()).find(|&i| stored.get(i) != computed.get(i)) {
            return Err(PipelineError::MergeDiverged {
                index,
                stored: show(stored.get(index)),
                computed: show(computed.get(index)),
            });
        }
        if computed.len() > stored.len() {
            store.record_merges(&computed[stored.len()..])?;
        }
        Ok(Ingestor { store, engine, batch_size: 256 })
    }

    /// Sets how many articles go into one transaction (at least 1).
    pub fn with_batch_size(mut self, batch_size: usize) -> Ingestor {
        self.batch_size = batch_size.max(1);
        self
    }

    /// The store, for reading.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Ingests documents ([`RawDocument`]s, or articles already extracted, see [`Input`]): extracts, skips
    /// what is stored, assigns stories, writes a transaction per batch.
    ///
    /// `progress` is called after each document with the report so far. A store failure stops the ingest and
    /// returns the error; the batches committed before it stay, the failed batch leaves nothing behind.
    pub fn ingest<I, D>(
        &mut self,
        docs: I,
        progress: impl FnMut(&IngestReport),
    ) -> Result<IngestReport, PipelineError>
    where
        I: IntoIterator<Item = Result<D, Rejection>>,
        D: Input,
    {
        self.ingest_inner(docs, progress, None)
    }

    /// Ingests the documents read from one partition of a log, from offset `advance.from` up to (not
    /// including) `advance.to`, as ONE transaction that also moves the stored consumer position
    /// ([`Store::insert_batch_advancing`]): the articles and the position are committed together or not at
    /// all, whatever the batch size. Documents rejected or already stored still move the position.
    ///
    /// On an error nothing of the batch is stored, but the engine has seen its articles: the caller must
    /// drop this ingestor and open a new one over the store (which replays what was committed) before
    /// reading the partition again.
    pub fn ingest_advancing<I, D>(
        &mut self,
        docs: I,
        advance: OffsetAdvance,
    ) -> Result<IngestReport, PipelineError>
    where
        I: IntoIterator<Item = Result<D, Rejection>>,
        D: Input,
    {
        self.ingest_inner(docs, |_| {}, Some(advance))
    }

    fn ingest_inner<I, D>(
        &mut self,
        docs: I,
        mut progress: impl FnMut(&IngestReport),
        advance: Option<OffsetAdvance>,
    ) -> Result<IngestReport, PipelineError>
    where
        I: IntoIterator<Item = Result<D, Rejection>>,
        D: Input,
    {
        let mut report = IngestReport::default();
        let mut pending = Pending::default();
        for item in docs {
            report.read += 1;
            let taken = item.and_then(Input::into_article);
            match taken {
                Err(rejection) => report.rejected.push(rejection),
                Ok((article, origin)) => self.take(article, origin, &mut pending, &mut report)?,
            }
            if advance.is_none() && pending.batch.len() >= self.batch_size {
                self.flush(&mut pending, &mut report, None)?;
            }
            progress(&report);
        }
        self.flush(&mut pending, &mut report, advance.as_ref())?;
        Ok(report)
    }

    fn take(
        &mut self,
        mut article: Article,
        origin: Origin,
        pending: &mut Pending,
        report: &mut IngestReport,
    ) -> Result<(), PipelineError> {
        // The same id: the same article again when its URL or content agrees, else a conflict.
        let same_id = match pending.by_id(&article.id) {
            Some(a) => Some((a.content_hash.clone(), a.url.clone())),
            None => self.store.article(&article.id)?.map(|s| (s.article.content_hash, s.article.url)),
        };
        if let Some((hash, url)) = same_id {
            if hash == article.content_hash || (url.is_some() && url == article.url) {
                report.duplicate += 1;
            } else {
                report.rejected.push(Rejection::new(
                    origin,
                    format!("id {} is already used by a different article", article.id),
                ));
            }
            return Ok(());
        }
        // The same URL, or for an article without one the same content.
        if pending.find(&article).is_some()
            || self.store.find_existing(article.url.as_deref(), &article.content_hash)?.is_some()
        {
            report.duplicate += 1;
            return Ok(());
        }
        settle_times(&mut article, Utc::now());
        let assignment = self.engine.process(&article);
        pending.merges.extend(self.engine.take_merges());
        if assignment.copy.is_some() {
            report.copies += 1;
        }
        if let Some(r) = &assignment.replaced {
            pending.repoint(Repoint {
                previous: r.previous.clone(),
                copy: CopyRecord {
                    of: article.id.clone(),
                    similarity: r.similarity,
                    kind: r.kind.as_str().to_string(),
                },
            });
        }
        pending.add(NewArticle {
            origin,
            story: assignment.story,
            copy: assignment.copy.map(|m| CopyRecord {
                of: m.original,
                similarity: m.similarity,
                kind: m.kind.as_str().to_string(),
            }),
            article,
        });
        Ok(())
    }

    fn flush(
        &mut self,
        pending: &mut Pending,
        report: &mut IngestReport,
        advance: Option<&OffsetAdvance>,
    ) -> Result<(), PipelineError> {
        let outcomes = match advance {
            Some(advance) => self.store.insert_batch_advancing(
                &pending.batch,
                &pending.repoints,
                &pending.merges,
                advance,
            )?,
            None if pending.batch.is_empty() && pending.merges.is_empty() => return Ok(()),
            None => self.store.insert_batch_merging(&pending.batch, &pending.repoints, &pending.merges)?,
        };
        report.merges.append(&mut pending.merges);
        for (new, outcome) in pending.batch.iter().zip(outcomes) {
            match outcome {
                InsertOutcome::Inserted => {
                    report.new += 1;
                    report.new_ids.push(new.article.id.clone());
                }
                InsertOutcome::AlreadyStored(_) => report.duplicate += 1,
            }
        }
        *pending = Pending::default();
        Ok(())
    }
}

/// The articles assigned but not yet committed, with lookups so a batch never holds the same article twice.
#[derive(Default)]
struct Pending {
    batch: Vec<NewArticle>,
    ids: HashMap<String, usize>,
    urls: HashMap<String, usize>,
    hashes: HashMap<String, usize>,
    /// Groups whose original changed, applied to the stored articles with the batch.
    repoints: Vec<Repoint>,
    /// Story merges made while assigning the batch, recorded with it.
    merges: Vec<StoryMerge>,
}

impl Pending {
    fn by_id(&self, id: &str) -> Option<&Article> {
        self.ids.get(id).map(|&at| &self.batch[at].article)
    }

    /// The id of a pending article with this one's URL or, when it has no URL, its content.
    fn find(&self, article: &Article) -> Option<&str> {
        let hit = match &article.url {
            Some(url) => self.urls.get(url),
            None => self.hashes.get(&article.content_hash),
        }?;
        Some(&self.batch[*hit].article.id)
    }

    /// Records that a group's original changed, and applies it to the pending articles already.
    fn repoint(&mut self, r: Repoint) {
        for new in &mut self.batch {
            if new.article.id == r.previous {
                new.copy = Some(r.copy.clone());
            } else if let Some(copy) = new.copy.as_mut().filter(|c| c.of == r.previous) {
                copy.of.clone_from(&r.copy.of);
            }
        }
        self.repoints.push(r);
    }

    fn add(&mut self, new: NewArticle) {
        let at = self.batch.len();
        self.ids.insert(new.article.id.clone(), at);
        if let Some(url) = &new.article.url {
            self.urls.insert(url.clone(), at);
        }
        self.hashes.insert(new.article.content_hash.clone(), at);
        self.batch.push(new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samestory_model::{Body, Hints};

    fn doc(id: &str, url: Option<&str>, text: &str) -> Result<RawDocument, Rejection> {
        Ok(RawDocument {
            origin: Origin::line("test.jsonl", 1),
            hints: Hints {
                id: Some(id.into()),
                url: url.map(str::to_string),
                outlet: Some(format!("outlet of {id}")),
                ..Hints::default()
            },
            body: Body::Text(text.into()),
        })
    }

    const FLOOD: &str = "The river Aln burst its banks in Carrow on Monday night, flooding forty homes and the \
        old market square.\n\nRescue teams from three counties worked through the night, the mayor of Carrow said.";
    const FLOOD_2: &str = "Forty homes in Carrow were flooded when the Aln burst its banks on Monday night, \
        and rescue teams from three counties worked until dawn, said the town's mayor.";
    const ELECTION: &str = "Voters in the northern province of Tessel re-elected governor Mara Quint on Sunday \
        with 61 percent of the vote, the electoral commission said.";

    fn ingestor() -> Ingestor {
        Ingestor::open(Store::open_in_memory().unwrap(), EngineConfig::default()).unwrap()
    }

    #[test]
    fn ingest_counts_new_duplicate_copies_and_rejections() {
        let mut ing = ingestor();
        let report = ing
            .ingest(
                vec![
                    doc("a", Some("https://a.example/1"), FLOOD),
                    doc("b", Some("https://b.example/1"), FLOOD_2),
                    doc("c", Some("https://c.example/1"), ELECTION),
                    // the same text at another URL: another outlet's copy, stored and linked
                    doc("d", Some("https://d.example/1"), FLOOD),
                    // the same URL again: the same article, not stored twice
                    doc("a2", Some("https://a.example/1"), FLOOD),
                    // the same id with other content: refused
                    doc("c", Some("https://c.example/2"), FLOOD_2),
                    Err(Rejection::new(Origin::line("test.jsonl", 9), "invalid JSON")),
                    doc("e", None, "   "),
                ],
                |_| {},
            )
            .unwrap();
        assert_eq!(report.read, 8);
        assert_eq!(report.new, 4, "{report:?}");
        assert_eq!(report.duplicate, 1);
        assert_eq!(report.copies, 1);
        assert_eq!(report.rejected.len(), 3, "{:?}", report.rejected);
        assert!(report.rejected.iter().any(|r| r.reason.contains("already used")));
        assert_eq!(report.new_ids, ["a", "b", "c", "d"]);

        let d = ing.store().article("d").unwrap().unwrap();
        let copy = d.copy.unwrap();
        assert_eq!((copy.of.as_str(), copy.kind.as_str()), ("a", "exact"));
        let a = ing.store().article("a").unwrap().unwrap();
        let b = ing.store().article("b").unwrap().unwrap();
        let c = ing.store().article("c").unwrap().unwrap();
        assert_eq!(a.story, d.story);
        assert_eq!(a.story, b.story, "two outlets' reports of one flood are one story");
        assert_ne!(a.story, c.story);
    }

    #[test]
    fn reopening_replays_to_the_same_state() {
        let dir = std::env::temp_dir().join(format!("samestory-pipeline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("replay.db");
        let _ = std::fs::remove_file(&path);
        {
            let mut ing = Ingestor::open(Store::open(&path).unwrap(), EngineConfig::default()).unwrap();
            ing.ingest(vec![doc("a", None, FLOOD), doc("c", None, ELECTION)], |_| {}).unwrap();
        }
        let mut ing = Ingestor::open(Store::open(&path).unwrap(), EngineConfig::default()).unwrap();
        assert_eq!(ing.engine.story_count(), 2);
        let report = ing.ingest(vec![doc("b", None, FLOOD_2), doc("a", None, FLOOD)], |_| {}).unwrap();
        assert_eq!((report.new, report.duplicate), (1, 1));
        let a = ing.store().article("a").unwrap().unwrap();
        let b = ing.store().article("b").unwrap().unwrap();
        assert_eq!(a.story, b.story);
        drop(ing);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    const ELECTION_2: &str = "Governor Mara Quint won a second term in Tessel province on Sunday, taking 61 \
        percent of the vote according to the electoral commission.";

    /// Settings under which nothing joins a story on arrival and the merge pass, every 4 articles, joins
    /// the reports of one event: so the merges are what decides the stories.
    fn merging() -> EngineConfig {
        let mut config = EngineConfig::default();
        config.cluster.threshold = 0.95;
        config.cluster.merge_every = 4;
        config.cluster.merge_threshold = 0.2;
        config.cluster.absorb_threshold = 0.2;
        config
    }

    /// Every story summary without its times (the articles are undated: their ingest times differ).
    type Listing = Vec<(u64, u64, Vec<String>, Vec<u64>)>;

    /// Every article's id and story, the merges and the stories (by id).
    fn state(store: &Store) -> (Vec<(String, u64)>, Vec<StoryMerge>, Listing) {
        let articles = store.articles().unwrap().into_iter().map(|a| (a.article.id, a.story)).collect();
        let mut stories: Listing = store
            .stories(&samestory_store::StoryQuery::default())
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.article_count, s.outlets, s.merged_from))
            .collect();
        stories.sort();
        (articles, store.merges().unwrap(), stories)
    }

    #[test]
    fn two_halves_with_a_restart_equal_one_batch_merges_included() {
        let docs = || {
            vec![
                doc("a", None, FLOOD),
                doc("c", None, ELECTION),
                doc("b", None, FLOOD_2),
                doc("e", None, ELECTION_2),
                doc(
                    "f",
                    None,
                    "Tessel's governor Mara Quint thanked voters on Monday after her re-election.",
                ),
            ]
        };
        let mut one = Ingestor::open(Store::open_in_memory().unwrap(), merging()).unwrap();
        let report = one.ingest(docs(), |_| {}).unwrap();
        assert_eq!(report.new, 5);
        assert_eq!(
            report.merges,
            [StoryMerge { absorbed: 3, survivor: 1 }, StoryMerge { absorbed: 4, survivor: 2 }],
            "the reports of each event merged at the fourth article"
        );
        let expected = state(one.store());
        let merged: Vec<(u64, u64, Vec<u64>)> = expected.2.iter().map(|s| (s.0, s.1, s.3.clone())).collect();
        assert_eq!(merged, [(1, 2, vec![3]), (2, 2, vec![4]), (5, 1, vec![])]);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("halves.db");
        let all = docs();
        let (first, second) = all.split_at(3);
        {
            let mut ing = Ingestor::open(Store::open(&path).unwrap(), merging()).unwrap().with_batch_size(2);
            let report = ing.ingest(first.to_vec(), |_| {}).unwrap();
            assert!(report.merges.is_empty());
        }
        let mut ing = Ingestor::open(Store::open(&path).unwrap(), merging()).unwrap().with_batch_size(2);
        ing.ingest(second.to_vec(), |_| {}).unwrap();
        assert_eq!(state(ing.store()), expected);
        drop(ing);
        // And a restart after the merges replays them exactly.
        let ing = Ingestor::open(Store::open(&path).unwrap(), merging()).unwrap();
        assert_eq!(state(ing.store()), expected);
        assert_eq!(ing.store().story(3).unwrap().unwrap().summary.id, 1, "an absorbed id resolves");
        let view = load_story_view(ing.store(), 3).unwrap().unwrap();
        assert_eq!((view.id, view.resolved_from, view.merged_from.as_slice()), (1, Some(3), &[3][..]));
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!((json["resolved_from"].as_u64(), json["merged_from"][0].as_u64()), (Some(3), Some(3)));
        let own = load_story_view(ing.store(), 5).unwrap().unwrap();
        assert_eq!(own.resolved_from, None);
        let json = serde_json::to_value(&own).unwrap();
        assert!(json.get("resolved_from").is_none() && json.get("merged_from").is_none(), "{json}");
        assert!(load_story_view(ing.store(), 6).unwrap().is_none());
    }

    #[test]
    fn a_store_without_recorded_merges_gets_them_on_open() {
        let mut store = Store::open_in_memory().unwrap();
        // What an older version wrote: arrival stories, no merges recorded.
        let mut engine = Engine::new(merging());
        let mut batch = Vec::new();
        for (id, text) in [("a", FLOOD), ("c", ELECTION), ("b", FLOOD_2), ("e", ELECTION_2)] {
            let mut article = to_article(doc(id, None, text).unwrap()).unwrap();
            settle_times(&mut article, Utc::now());
            let story = engine.process(&article).story;
            batch.push(NewArticle { article, origin: Origin::file("old.jsonl"), story, copy: None });
        }
        store.insert_batch(&batch).unwrap();
        let ing = Ingestor::open(store, merging()).unwrap();
        assert_eq!(ing.store().merges().unwrap().len(), 2);
        assert_eq!(ing.store().counts().unwrap(), (4, 2));
        // A store whose merges disagree with the engine's is refused.
        let mut store = Store::open_in_memory().unwrap();
        store.insert_batch(&batch).unwrap();
        store.record_merges(&[StoryMerge { absorbed: 4, survivor: 1 }]).unwrap();
        let err = Ingestor::open(store, merging()).err().unwrap();
        assert!(matches!(err, PipelineError::MergeDiverged { index: 0, .. }), "{err}");
    }

    #[test]
    fn an_earlier_original_replaces_its_copy_and_stories_count_it_once() {
        // A report as the outlet printed it, and as an aggregator republished it with its junk.
        let clean = format!("{FLOOD}\n\n{FLOOD_2}\n\n{ELECTION}");
        let aggregated = format!(
            "{FLOOD}\n\nCOUNTY WARNS OF MORE RAIN THIS WEEK\n\n{FLOOD_2}\n\n{ELECTION}\n\n\
             Read the full article here\n\nShare.\n\nLeave A Reply\n\n© 2025 Time Bulletin. All Rights Reserved."
        );
        let dated = |id: &str, outlet: &str, text: &str, published: &str| {
            let mut d = doc(id, Some(&format!("https://{id}.example/1")), text).unwrap();
            d.hints.outlet = Some(outlet.into());
            d.hints.published = Some(published.into());
            Ok(d)
        };
        let mut ing = ingestor().with_batch_size(1);
        let report = ing
            .ingest(vec![dated("agg", "Time Bulletin", &aggregated, "2025-06-01T11:00:00Z")], |_| {})
            .unwrap();
        assert_eq!(report.copies, 0);
        let report =
            ing.ingest(vec![dated("fox", "Fox News", &clean, "2025-06-01T10:00:00Z")], |_| {}).unwrap();
        assert_eq!(report.new, 1);
        let agg = ing.store().article("agg").unwrap().unwrap();
        let fox = ing.store().article("fox").unwrap().unwrap();
        assert_eq!(fox.copy, None, "the earlier clean report is the original");
        let copy = agg.copy.expect("the aggregated text is now a copy");
        assert_eq!(copy.of, "fox");
        assert_eq!(agg.story, fox.story);
        // A later copy points at the new original directly.
        ing.ingest(vec![dated("agg2", "Daily Feed", &aggregated, "2025-06-01T12:00:00Z")], |_| {}).unwrap();
        assert_eq!(ing.store().article("agg2").unwrap().unwrap().copy.unwrap().of, "fox");
        let summary = &ing.store().stories(&samestory_store::StoryQuery::default()).unwrap()[0];
        assert_eq!((summary.article_count, summary.copies), (3, 2));
        assert_eq!(summary.reporting_outlets, ["Fox News"]);
        assert_eq!(summary.outlets.len(), 3);
        let detail = ing.store().story(summary.id).unwrap().unwrap();
        assert_eq!((detail.summary.copies, detail.summary.reporting_outlets.len()), (2, 1));
        // Replaying the store gives the same state.
        drop(ing);
    }

    fn at(partition: i32, from: Option<i64>, to: i64) -> OffsetAdvance {
        OffsetAdvance { topic: "articles".into(), partition, from, to }
    }

    #[test]
    fn batches_read_from_a_log_equal_one_ingest_and_carry_their_offsets() {
        let docs = || {
            vec![
                doc("a", None, FLOOD),
                doc("c", None, ELECTION),
                Err(Rejection::new(Origin::record("kafka", 2), "not json")),
                doc("b", None, FLOOD_2),
                doc("a", None, FLOOD),
                doc("e", None, ELECTION_2),
            ]
        };
        let mut one = Ingestor::open(Store::open_in_memory().unwrap(), merging()).unwrap();
        one.ingest(docs(), |_| {}).unwrap();
        let expected = state(one.store());

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("partition.db");
        let all = docs();
        // batch size 1 must not split a batch read from the log: each call is one transaction
        let mut ing = Ingestor::open(Store::open(&path).unwrap(), merging()).unwrap().with_batch_size(1);
        let report = ing.ingest_advancing(all[..3].to_vec(), at(0, None, 3)).unwrap();
        assert_eq!((report.read, report.new, report.rejected.len()), (3, 2, 1));
        // only a rejection and a duplicate: the position still moves
        let report = ing.ingest_advancing(all[2..3].to_vec(), at(0, Some(3), 4)).unwrap();
        assert_eq!((report.new, report.rejected.len()), (0, 1));
        assert_eq!(ing.store().consumer_offset("articles", 0).unwrap(), Some(4));
        drop(ing);
        let mut ing = Ingestor::open(Store::open(&path).unwrap(), merging()).unwrap();
        let report = ing.ingest_advancing(all[3..].to_vec(), at(0, Some(4), 7)).unwrap();
        assert_eq!((report.new, report.duplicate), (2, 1));
        assert_eq!(state(ing.store()), expected);
        assert_eq!(ing.store().consumer_offset("articles", 0).unwrap(), Some(7));
    }

    #[test]
    fn a_batch_from_a_stale_position_leaves_the_store_as_it_was() {
        let mut ing = Ingestor::open(Store::open_in_memory().unwrap(), EngineConfig::default()).unwrap();
        ing.ingest_advancing(vec![doc("a", None, FLOOD)], at(1, None, 1)).unwrap();
        let err = ing.ingest_advancing(vec![doc("c", None, ELECTION)], at(1, None, 2)).unwrap_err();
        assert!(matches!(err, PipelineError::Store(StoreError::OffsetMoved { .. })), "{err:?}");
        assert!(ing.store().article("c").unwrap().is_none());
        assert_eq!(ing.store().consumer_offset("articles", 1).unwrap(), Some(1));
    }

    #[test]
    fn engine_links_copies_to_the_original_story() {
        let mut engine = Engine::default();
        let mut a = Article::from_paragraphs(FLOOD.split("\n\n").map(str::to_string).collect());
        a.id = "a".into();
        let mut c = Article::from_paragraphs(vec![ELECTION.into()]);
        c.id = "c".into();
        // An excerpt: the first paragraph only (extraction has already dropped the "read more" line).
        let mut excerpt = Article::from_paragraphs(vec![FLOOD.split("\n\n").next().unwrap().to_string()]);
        excerpt.id = "x".into();
        assert_eq!(engine.process(&a).story, 1);
        assert_eq!(engine.process(&c).story, 2);
        let got = engine.process(&excerpt);
        assert_eq!(got.story, 1);
        assert_eq!(got.copy.map(|m| m.original), Some("a".to_string()));
    }
}
