//! samestory's embedded store: articles and the stories they belong to, in one SQLite file.
//!
//! * [`Store::open`] creates or opens the file in WAL mode with a busy timeout, so the CLI and a server can
//!   share it, and brings its schema up to [`SCHEMA_VERSION`] with versioned migrations.
//! * [`Store::insert_batch`] writes a batch of articles in one transaction (all or nothing), skipping articles
//!   already stored (same id, same URL, or same content hash when it has no URL) and keeping each story's first/last seen and article count.
//! * Reading: every article in ingest order ([`Store::for_each_article`], for rebuilding in-memory indexes),
//!   one article, a page of stories ([`Store::stories`], newest activity first, with filters) and one story
//!   with its articles ([`Store::story`]). A story's [`headline`] and [`outlets`] are computed when reading.
//! * Story merges ([`Store::insert_batch_merging`], migration 3): when the clusterer joins story B into the
//!   older story A, the alias B→A is recorded in the same transaction as the batch it happened in, B's
//!   articles move to A (each keeps its arrival story for replay, [`Store::for_each_assigned`]) and B's row
//!   goes. [`Store::story`] and [`Store::resolve_story`] follow aliases; [`StorySummary::merged_from`] lists
//!   the ids a story absorbed; counts and listings only ever show standing stories.
//! * Consumer offsets ([`Store::insert_batch_advancing`], migration 4): a store fed from one partition of a
//!   log keeps the next offset to read, moved in the same transaction as the batch read, and only from the
//!   position the writer started at ([`OffsetAdvance`]), so state and position never disagree and a stale
//!   writer cannot store a batch twice.
//! * Full-text search over titles and texts (SQLite FTS5, kept in step by triggers): [`Store::search`] finds
//!   articles, [`StoryQuery::matching`] filters stories; user input never reaches FTS5 unquoted
//!   ([`fts_query`]).
//! * The feed watcher's memory (migration 5): per feed the conditional-GET validators, the interval it asked
//!   for and its failures in a row ([`Store::feed_state`], [`Store::save_feed_state`]); per feed item what
//!   became of its page and whether it is finished ([`Store::seen_item`], [`Store::record_items`],
//!   [`Store::unfinished_items`], [`Store::url_seen`]), so no page is fetched twice across polls and restarts.
//! * Concurrent reads: [`Store::open_reader`] / [`Store::reader`] open read-only connections to the same
//!   file, which WAL mode lets read beside the writer without waiting for it; [`Store::data_version`] tells
//!   a reader that someone committed.
//!
//! The store does not decide anything: story ids and copy records come from the caller (clustering and copy
//! detection live elsewhere). Every timestamp is stored as RFC 3339 UTC text with nanosecond precision, so
//! text order is time order and times round-trip exactly.
//!
//! ```
//! use samestory_model::{Article, Origin};
//! use samestory_store::{InsertOutcome, NewArticle, Store, StoryQuery};
//!
//! let mut store = Store::open_in_memory()?;
//! let mut article = Article::from_paragraphs(vec!["Rain fell on Tuesday. Then it stopped.".into()]);
//! article.outlet = Some("Daily Example".into());
//! let new = NewArticle { article, origin: Origin::file("rain.txt"), story: 1, copy: None };
//! assert_eq!(store.insert_batch(&[new.clone()])?, [InsertOutcome::Inserted]);
//! assert!(matches!(store.insert_batch(&[new])?[0], InsertOutcome::AlreadyStored(_)));
//!
//! let stories = store.stories(&StoryQuery::default())?;
//! assert_eq!(stories[0].headline, "Rain fell on Tuesday.");
//! assert_eq!(stories[0].outlets, ["Daily Example"]);
//! assert_eq!(store.counts()?, (1, 1));
//! # Ok::<(), samestory_store::StoreError>(())
//! ```
#![deny(missing_docs)]

mod error;
mod feeds;
mod headline;
mod readers;
mod schema;
mod search;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use rusqlite::types::FromSql;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Row, ToSql, TransactionBehavior, params,
};
use samestory_model::{Article, Origin};
use serde::{Deserialize, Serialize};

use crate::error::Context;
pub use crate::error::StoreError;
pub use crate::feeds::{FeedState, SeenItem};
use crate::headline::{Glance, lead_headline, outlets_of, title_of};
pub use crate::headline::{MAX_HEADLINE_CHARS, UNTITLED, headline, outlets};
pub use crate::schema::SCHEMA_VERSION;
pub use crate::search::{MAX_QUERY_TERMS, SearchHit, SnippetPart, fts_query};

/// How long a connection waits for another one's write lock before failing with "database is locked".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The outlet name of articles without one (as [`Article::outlet_or_unknown`] gives it).
pub const UNKNOWN_OUTLET: &str = "(unknown outlet)";

/// How many prepared statements a connection keeps.
const STATEMENT_CACHE: usize = 64;

/// How much of an article's text (in characters) story summaries read for the headline fallback: enough for
/// any first sentence, which is cut at [`MAX_HEADLINE_CHARS`].
const LEAD_CHARS: i64 = 2000;

/// A stored article's relation to the article it copies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CopyRecord {
    /// The id of the original article.
    pub of: String,
    /// How similar the copy is to the original, 0 to 1 (finite).
    pub similarity: f64,
    /// The kind of copy: `exact`, `near` or `contained` (stored as given).
    pub kind: String,
}

/// An article to store, with where it came from and what the caller decided about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewArticle {
    /// The article. `ingested` is set to the time of the insert when `None`.
    pub article: Article,
    /// Where it was read.
    pub origin: Origin,
    /// The story it belongs to (assigned by the caller; at most `i64::MAX`).
    pub story: u64,
    /// Set when the article is a copy of another.
    pub copy: Option<CopyRecord>,
}

/// A group of copies whose original changed: `previous` (the former original) and every article that
/// copied it now copy `copy.of`; `previous` copies it with `copy.similarity` and `copy.kind`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Repoint {
    /// The former original's id.
    pub previous: String,
    /// The former original's copy record: its new original, similarity and kind.
    pub copy: CopyRecord,
}

/// A story merge: story `absorbed` joined the older story `survivor`. The absorbed id is never used again;
/// it resolves to the survivor ([`Store::resolve_story`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StoryMerge {
    /// The story that was absorbed.
    pub absorbed: u64,
    /// The story it joined.
    pub survivor: u64,
}

/// A move of a consumer's position in one partition of a log (a Kafka topic partition), written with the
/// batch read from it ([`Store::insert_batch_advancing`], migration 4).
///
/// `from` is the position the writer believes the store holds (`None`: no position stored yet); the batch
/// is written only when it does, so a writer that lost the partition to another one (a zombie after a
/// rebalance) cannot move the position back or store a batch twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetAdvance {
    /// The topic.
    pub topic: String,
    /// The partition (at least 0).
    pub partition: i32,
    /// The stored next offset expected before the write; `None` when none should be stored yet.
    pub from: Option<i64>,
    /// The next offset to read after the batch (at least 0, and more than `from`).
    pub to: i64,
}

/// What [`Store::insert_batch`] did with one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InsertOutcome {
    /// Stored.
    Inserted,
    /// Not stored: an article with the same id or URL (or, for an article without URL, the same content hash) is stored already (its id is given).
    AlreadyStored(String),
}

/// An article as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredArticle {
    /// Ingest order: increases with every stored article, never reused.
    pub seq: u64,
    /// The article; `ingested` is always set.
    pub article: Article,
    /// Where it was read (`None` only for rows written without one).
    pub origin: Option<Origin>,
    /// The story it belongs to.
    pub story: u64,
    /// Set when the article is a copy of another.
    pub copy: Option<CopyRecord>,
}

/// One story as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    /// The story's id.
    pub id: u64,
    /// See [`headline`].
    pub headline: String,
    /// See [`outlets`].
    pub outlets: Vec<String>,
    /// How many articles the story has, copies included.
    pub article_count: u64,
    /// How many of them are copies of another article (exact, near or contained): `article_count - copies`
    /// reports, each counted once however often it was republished.
    pub copies: u64,
    /// The outlets with at least one original (non-copy) article, in the order of [`StorySummary::outlets`]:
    /// an aggregator that only republished others' reports is not counted as reporting.
    pub reporting_outlets: Vec<String>,
    /// The earliest publication time of its articles (of their ingest times when none is dated).
    pub first_seen: DateTime<Utc>,
    /// The latest publication time of its articles (of their ingest times when none is dated).
    pub last_seen: DateTime<Utc>,
    /// The ids of the stories merged into this one (directly or through another merge), ascending; they
    /// resolve to this story. Left out of JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<u64>,
}

/// One story with all its articles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoryDetail {
    /// The story as listed.
    pub summary: StorySummary,
    /// Its articles by event time (published, else ingested), then ingest order.
    pub articles: Vec<StoredArticle>,
}

/// Which stories [`Store::stories`] lists. Filters combine with "and".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryQuery {
    /// At most this many (default 50).
    pub limit: usize,
    /// Skip this many first (for paging).
    pub offset: usize,
    /// Only stories active at or after this time (`last_seen >= since`).
    pub since: Option<DateTime<Utc>>,
    /// Only stories that started at or before this time (`first_seen <= until`).
    pub until: Option<DateTime<Utc>>,
    /// Only stories with an article from this outlet (ASCII case-insensitive; [`UNKNOWN_OUTLET`] matches
    /// articles without one). Blank means no filter.
    pub outlet: Option<String>,
    /// Only stories with an article whose title or text contains this (ASCII case-insensitive substring).
    /// Blank means no filter.
    pub text: Option<String>,
    /// Only stories with an article whose title or text matches this full-text query (see [`fts_query`]:
    /// all words, ignoring case and accents). Blank means no filter; a query with nothing searchable in it
    /// matches nothing.
    pub matching: Option<String>,
}

impl Default for StoryQuery {
    fn default() -> StoryQuery {
        StoryQuery {
            limit: 50,
            offset: 0,
            since: None,
            until: None,
            outlet: None,
            text: None,
            matching: None,
        }
    }
}

/// The store: one SQLite connection. Open several (in one or more processes) to share a file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

/// `SELECT` of every article column, in the order [`read_article`] expects, followed by `$rest`.
macro_rules! select_articles {
    ($rest:literal) => {
        concat!(
            "SELECT seq, id, url, outlet, title, byline, published, lang, text, content_hash, ingested, origin, ",
            "story, duplicate_of, similarity, copy_kind FROM articles ",
            $rest
        )
    };
}

impl Store {
    /// Opens the store at `path`, creating the file when missing, and migrates its schema.
    ///
    /// Fails when the file cannot be created or opened, is not a database, is read-only (the file or its
    /// directory; WAL mode needs to create files beside it), or has a newer schema than this code.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::open_with_flags(path, flags)
    }

    fn open_with_flags(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|sqlite| StoreError::Open { path: path.to_path_buf(), sqlite })?;
        Store::set_up(conn, path.to_path_buf(), true)
    }

    /// A fresh store in memory (for tests); it is gone when dropped.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn =
            Connection::open_in_memory().map_err(|sqlite| StoreError::Open { path: path.clone(), sqlite })?;
        Store::set_up(conn, path, false)
    }

    fn set_up(mut conn: Connection, path: PathBuf, file: bool) -> Result<Store, StoreError> {
        // Errors after a successful open: SQLite opens a write-protected file read-only without complaint,
        // and a read-only directory shows up as "unable to open" once the WAL file is needed.
        let fail = |sqlite: rusqlite::Error| match sqlite.sqlite_error_code() {
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => StoreError::ReadOnly { path: path.clone() },
            _ => StoreError::Open { path: path.clone(), sqlite },
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        if conn.is_readonly("main").map_err(fail)? {
            return Err(StoreError::ReadOnly { path });
        }
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        if file {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
                .map_err(fail)?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(fail)?;
        schema::user_version(&conn).map_err(fail)?;
        schema::migrate(&mut conn, &path)?;
        Ok(Store { conn, path })
    }

    /// The file this store was opened from (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file (equal to [`SCHEMA_VERSION`] once opened).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema::user_version(&self.conn).context(|| "cannot read the store's schema version")
    }

    /// The id of a stored article with this URL; when there is no URL, with this content hash.
    pub fn find_existing(&self, url: Option<&str>, content_hash: &str) -> Result<Option<String>, StoreError> {
        find_existing_in(&self.conn, None, url, content_hash)
    }

    /// Stores `batch` in ONE transaction: all of it or, on any error, nothing.
    ///
    /// Each article is validated first (see [`StoreError::InvalidArticle`]): paragraphs must be non-empty, not
    /// contain a blank line (`"\n\n"`) and not start or end with a newline, so they round-trip exactly; times
    /// must lie in the years 0000–9999; similarity must be finite. A blank URL is stored as none.
    ///
    /// `ingested` is set to now when `None`. An article whose id or URL (without URL: content hash) is already stored (or
    /// earlier in the batch) is skipped; the result says, per input, [`InsertOutcome::Inserted`] or
    /// [`InsertOutcome::AlreadyStored`] with the stored article's id. Each inserted article creates or updates
    /// its story: first/last seen span its dated articles (ingest times only for a story with none), and the article count.
    pub fn insert_batch(&mut self, batch: &[NewArticle]) -> Result<Vec<InsertOutcome>, StoreError> {
        self.insert_batch_repointing(batch, &[])
    }

    /// [`Store::insert_batch`], then, in the same transaction, each [`Repoint`] in order: the articles that
    /// copied `previous` now copy `copy.of`, and `previous` itself becomes a copy of it.
    pub fn insert_batch_repointing(
        &mut self,
        batch: &[NewArticle],
        repoints: &[Repoint],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        self.write_batch(batch, repoints, &[], None)
    }

    fn write_batch(
        &mut self,
        batch: &[NewArticle],
        repoints: &[Repoint],
        merges: &[StoryMerge],
        advance: Option<&OffsetAdvance>,
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        if let Some(a) = advance {
            let bad = |reason: &str| StoreError::InvalidOffset {
                topic: a.topic.clone(),
                partition: a.partition,
                reason: reason.into(),
            };
            if a.partition < 0 {
                return Err(bad("the partition must be at least 0"));
            }
            if a.to < 0 || a.from.is_some_and(|from| from < 0) {
                return Err(bad("offsets must be at least 0"));
            }
            if a.from.is_some_and(|from| a.to <= from) {
                return Err(bad(&format!(
                    "the next offset {} does not move past {}",
                    a.to,
                    a.from.unwrap_or(0)
                )));
            }
        }
        for r in repoints {
            if !r.copy.similarity.is_finite() || r.copy.of.trim().is_empty() {
                return Err(StoreError::InvalidArticle {
                    id: r.previous.clone(),
                    reason: format!("invalid copy record {:?}", r.copy),
                });
            }
        }
        let now = Utc::now();
        let rows = batch.iter().map(|new| Encoded::new(new, now)).collect::<Result<Vec<_>, _>>()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context(|| format!("cannot start a write transaction on {}", self.path.display()))?;
        let mut outcomes = Vec::with_capacity(rows.len());
        {
            let mut upsert_story = tx
                .prepare_cached(
                    "INSERT INTO stories (id, first_seen, last_seen, article_count) VALUES (?1, ?2, ?2, 1)
                     ON CONFLICT (id) DO UPDATE SET
                         first_seen = min(first_seen, excluded.first_seen),
                         last_seen = max(last_seen, excluded.last_seen),
                         article_count = article_count + 1",
                )
                .context(|| "cannot prepare the story update")?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO articles (id, url, outlet, title, byline, published, lang, text, content_hash,
                         ingested, origin, story, duplicate_of, similarity, copy_kind)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )
                .context(|| "cannot prepare the article insert")?;
            // A story's span is that of its dated articles; undated ones (whose only time is when they were
            // ingested) count only in a story with no dated article, so an archive read today does not stretch
            // a story from its publication to today.
            let mut settle_span = tx
                .prepare_cached(
                    "UPDATE stories SET
                         first_seen = coalesce((SELECT min(published) FROM articles WHERE story = ?1),
                                               (SELECT min(ingested) FROM articles WHERE story = ?1)),
                         last_seen = coalesce((SELECT max(published) FROM articles WHERE story = ?1),
                                              (SELECT max(ingested) FROM articles WHERE story = ?1))
                     WHERE id = ?1",
                )
                .context(|| "cannot prepare the story span update")?;
            for row in &rows {
                if let Some(existing) = find_existing_in(&tx, Some(row.id), row.url, row.content_hash)? {
                    outcomes.push(InsertOutcome::AlreadyStored(existing));
                    continue;
                }
                upsert_story
                    .execute(params![row.story, row.event_time])
                    .context(|| format!("cannot update story {} for article {}", row.story, row.id))?;
                insert
                    .execute(params![
                        row.id,
                        row.url,
                        row.outlet,
                        row.title,
                        row.byline,
                        row.published,
                        row.lang,
                        row.text,
                        row.content_hash,
                        row.ingested,
                        row.origin,
                        row.story,
                        row.copy.map(|c| c.of.as_str()),
                        row.copy.map(|c| c.similarity),
                        row.copy.map(|c| c.kind.as_str()),
                    ])
                    .context(|| format!("cannot insert article {}", row.id))?;
                settle_span
                    .execute(params![row.story])
                    .context(|| format!("cannot update the span of story {}", row.story))?;
                outcomes.push(InsertOutcome::Inserted);
            }
            for r in repoints {
                let context = || format!("cannot make the copies of {} copies of {}", r.previous, r.copy.of);
                tx.prepare_cached("UPDATE articles SET duplicate_of = ?1 WHERE duplicate_of = ?2")
                    .and_then(|mut stmt| stmt.execute(params![r.copy.of, r.previous]))
                    .context(context)?;
                tx.prepare_cached(
                    "UPDATE articles SET duplicate_of = ?1, similarity = ?2, copy_kind = ?3 WHERE id = ?4",
                )
                .and_then(|mut stmt| {
                    stmt.execute(params![r.copy.of, r.copy.similarity, r.copy.kind, r.previous])
                })
                .context(context)?;
            }
            for m in merges {
                apply_merge(&tx, *m, &now)?;
            }
            if let Some(a) = advance {
                advance_offset(&tx, a)?;
            }
        }
        tx.commit().context(|| format!("cannot commit a batch of {} articles", rows.len()))?;
        Ok(outcomes)
    }

    /// [`Store::insert_batch_repointing`], then, in the same transaction, each [`StoryMerge`] in order: the
    /// alias is recorded, the absorbed story's articles move to the survivor (each keeps the story it was
    /// first assigned to, see [`Store::for_each_assigned`]), the absorbed story's row goes and the
    /// survivor's span and count are settled. A survivor that was itself absorbed earlier stands for the
    /// story it resolves to.
    ///
    /// Fails (and writes nothing) when a merge names the same story twice, an id above `i64::MAX`, or a
    /// story already absorbed.
    pub fn insert_batch_merging(
        &mut self,
        batch: &[NewArticle],
        repoints: &[Repoint],
        merges: &[StoryMerge],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        check_merges(merges)?;
        self.write_batch(batch, repoints, merges, None)
    }

    /// [`Store::insert_batch_merging`] together with a move of the consumer position `advance`, all in ONE
    /// transaction: the batch read from a partition of a log and the position after it are committed
    /// together or not at all. Fails with [`StoreError::OffsetMoved`] (writing nothing) when the stored
    /// position is not `advance.from`, and with [`StoreError::InvalidOffset`] when `advance` does not move
    /// forward. An empty batch just moves the position (every message of it was rejected or a duplicate).
    pub fn insert_batch_advancing(
        &mut self,
        batch: &[NewArticle],
        repoints: &[Repoint],
        merges: &[StoryMerge],
        advance: &OffsetAdvance,
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        check_merges(merges)?;
        self.write_batch(batch, repoints, merges, Some(advance))
    }

    /// The next offset to read from `partition` of `topic` as stored with the last batch read from it
    /// (migration 4); `None` when nothing was read from it into this store.
    pub fn consumer_offset(&self, topic: &str, partition: i32) -> Result<Option<i64>, StoreError> {
        consumer_offset_in(&self.conn, topic, partition)
    }

    /// Every stored consumer position: `(topic, partition, next offset)`, by topic and partition.
    pub fn consumer_offsets(&self) -> Result<Vec<(String, i32, i64)>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT topic, partition, next_offset FROM consumer_offsets ORDER BY topic, partition",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect()
            })
            .context(|| format!("cannot read the consumer offsets of {}", self.path.display()))
    }

    /// Records merges alone, as [`Store::insert_batch_merging`] with no articles.
    pub fn record_merges(&mut self, merges: &[StoryMerge]) -> Result<(), StoreError> {
        self.insert_batch_merging(&[], &[], merges).map(|_| ())
    }

    /// Every recorded merge, in the order recorded.
    pub fn merges(&self) -> Result<Vec<StoryMerge>, StoreError> {
        self.conn
            .prepare_cached("SELECT absorbed, survivor FROM story_merges ORDER BY seq")
            .and_then(|mut stmt| {
                stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .context(|| "cannot read the story merges")?
            .into_iter()
            .map(|(a, s)| match (u64::try_from(a), u64::try_from(s)) {
                (Ok(absorbed), Ok(survivor)) => Ok(StoryMerge { absorbed, survivor }),
                _ => Err(StoreError::Corrupt {
                    row: format!("merge of story {a}"),
                    reason: "negative story id".into(),
                }),
            })
            .collect()
    }

    /// The story `id` stands for now: itself, or the story it was merged into (followed to the end).
    /// An id the store does not know is returned unchanged.
    pub fn resolve_story(&self, id: u64) -> Result<u64, StoreError> {
        resolve_in(&self.conn, id)
    }

    /// The ids of the stories merged into `id` (directly or through others), ascending.
    pub fn merged_into(&self, id: u64) -> Result<Vec<u64>, StoreError> {
        let Ok(key) = i64::try_from(id) else { return Ok(Vec::new()) };
        let ids = self
            .conn
            .prepare_cached(
                "WITH RECURSIVE m (id) AS (
                     SELECT absorbed FROM story_merges WHERE survivor = ?1
                     UNION SELECT s.absorbed FROM story_merges s JOIN m ON s.survivor = m.id
                 ) SELECT id FROM m ORDER BY id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([key], |row| row.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()
            })
            .context(|| format!("cannot read the stories merged into story {id}"))?;
        Ok(ids.into_iter().filter_map(|i| u64::try_from(i).ok()).collect())
    }

    /// Calls `f` with every stored article in ingest order and the story it was assigned to on arrival
    /// (before any merge moved it): what a replay of the stream must reproduce.
    pub fn for_each_assigned(
        &self,
        mut f: impl FnMut(StoredArticle, u64) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(concat!(
                "SELECT seq, id, url, outlet, title, byline, published, lang, text, content_hash, ingested, origin, ",
                "story, duplicate_of, similarity, copy_kind, coalesce(arrival_story, story) FROM articles ORDER BY seq"
            ))
            .context(|| "cannot prepare the article scan")?;
        let mut rows = stmt.query([]).context(|| "cannot read articles")?;
        while let Some(row) = rows.next().context(|| "cannot read articles")? {
            let article = read_article(row)?;
            let arrival: i64 =
                row.get(16).context(|| format!("cannot read the arrival story of {}", article.article.id))?;
            let arrival = u64::try_from(arrival).map_err(|_| StoreError::Corrupt {
                row: format!("article {}", article.article.id),
                reason: format!("negative arrival story {arrival}"),
            })?;
            f(article, arrival)?;
        }
        Ok(())
    }

    /// Calls `f` with every stored article in ingest order (seq), one at a time, so a large store need not
    /// sit in memory. The first error (from the store or from `f`) stops the walk and is returned.
    ///
    /// The walk reads one consistent snapshot; writes by other connections during it are not seen.
    pub fn for_each_article(
        &self,
        mut f: impl FnMut(StoredArticle) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(select_articles!("ORDER BY seq"))
            .context(|| "cannot prepare the article scan")?;
        let mut rows = stmt.query([]).context(|| "cannot read articles")?;
        while let Some(row) = rows.next().context(|| "cannot read articles")? {
            f(read_article(row)?)?;
        }
        Ok(())
    }

    /// All stored articles in ingest order (seq). See [`Store::for_each_article`] for large stores.
    pub fn articles(&self) -> Result<Vec<StoredArticle>, StoreError> {
        let mut all = Vec::new();
        self.for_each_article(|a| {
            all.push(a);
            Ok(())
        })?;
        Ok(all)
    }

    /// The stored article with this id.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(select_articles!("WHERE id = ?1"))
            .context(|| "cannot prepare the article lookup")?;
        let mut rows = stmt.query([id]).context(|| format!("cannot read article {id}"))?;
        match rows.next().context(|| format!("cannot read article {id}"))? {
            Some(row) => Ok(Some(read_article(row)?)),
            None => Ok(None),
        }
    }

    /// Stories matching `q`, newest activity (`last_seen`) first, then id descending.
    pub fn stories(&self, q: &StoryQuery) -> Result<Vec<StorySummary>, StoreError> {
        let since = q.since.map(|t| format_time(&t));
        let until = q.until.map(|t| format_time(&t));
        let outlet = q.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty());
        let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(like_pattern);
        let matching = match q.matching.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => match fts_query(m) {
                Some(fts) => Some(fts),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        let limit = i64::try_from(q.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);

        let mut sql = String::from("SELECT id, first_seen, last_seen, article_count FROM stories s WHERE 1");
        let mut args: Vec<(&str, &dyn ToSql)> = vec![(":limit", &limit), (":offset", &offset)];
        if let Some(since) = &since {
            sql.push_str(" AND s.last_seen >= :since");
            args.push((":since", since));
        }
        if let Some(until) = &until {
            sql.push_str(" AND s.first_seen <= :until");
            args.push((":until", until));
        }
        if let Some(outlet) = &outlet {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.id AND (a.outlet = :outlet COLLATE NOCASE
                     OR (a.outlet IS NULL AND :outlet = :unknown)))",
            );
            args.push((":outlet", outlet));
            args.push((":unknown", &UNKNOWN_OUTLET));
        }
        if let Some(text) = &text {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.id
                     AND (a.title LIKE :text ESCAPE '\\' OR a.text LIKE :text ESCAPE '\\'))",
            );
            args.push((":text", text));
        }
        if let Some(matching) = &matching {
            sql.push_str(
                " AND s.id IN (SELECT a.story FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                     WHERE articles_fts MATCH :matching)",
            );
            args.push((":matching", matching));
        }
        sql.push_str(" ORDER BY s.last_seen DESC, s.id DESC LIMIT :limit OFFSET :offset");

        let heads = {
            let mut stmt = self.conn.prepare_cached(&sql).context(|| "cannot prepare the story listing")?;
            let mut rows = stmt.query(args.as_slice()).context(|| "cannot list stories")?;
            let mut heads = Vec::new();
            while let Some(row) = rows.next().context(|| "cannot list stories")? {
                heads.push(read_story_head(row)?);
            }
            heads
        };
        heads.into_iter().map(|head| self.summarize(head)).collect()
    }

    /// A summary from the story's row and a light read of its articles: titles and outlets, and the start of
    /// the earliest article's text only when no original article has a title.
    fn summarize(&self, head: StoryHead) -> Result<StorySummary, StoreError> {
        let story = to_i64(head.id);
        let context = || format!("cannot read the articles of story {}", head.id);
        let light = self
            .conn
            .prepare_cached(
                "SELECT title, outlet, duplicate_of IS NOT NULL
                 FROM articles WHERE story = ?1 ORDER BY coalesce(published, ingested), seq",
            )
            .and_then(|mut stmt| {
                stmt.query_map([story], |row| {
                    Ok((
                        row.get::<_, Option<String>>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, bool>(2)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()
            })
            .context(context)?;
        let glances = || {
            light.iter().map(|(title, outlet, is_copy)| Glance {
                title: title.as_deref(),
                is_copy: *is_copy,
                outlet: outlet.as_deref().unwrap_or(UNKNOWN_OUTLET),
            })
        };
        let headline = match title_of(glances()) {
            Some(title) => title,
            None => {
                let lead = self
                    .conn
                    .prepare_cached(
                        "SELECT substr(text, 1, ?2) FROM articles WHERE story = ?1 AND text != ''
                         ORDER BY coalesce(published, ingested), seq LIMIT 1",
                    )
                    .and_then(|mut stmt| {
                        stmt.query_row(params![story, LEAD_CHARS], |row| row.get::<_, String>(0)).optional()
                    })
                    .context(context)?;
                lead_headline(lead.as_deref().and_then(|l| l.split("\n\n").next()))
            }
        };
        let copies = light.iter().filter(|(_, _, is_copy)| *is_copy).count() as u64;
        let reporting = outlets_of(glances().filter(|g| !g.is_copy));
        let merged_from = self.merged_into(head.id)?;
        let mut summary = head.into_summary(headline, outlets_of(glances()), copies, reporting);
        summary.merged_from = merged_from;
        Ok(summary)
    }

    /// The story with this id and all its articles.
    ///
    /// An id that was merged into another story resolves to it: the detail is the survivor's (its
    /// `summary.id` says which; `summary.merged_from` lists the absorbed ids).
    pub fn story(&self, id: u64) -> Result<Option<StoryDetail>, StoreError> {
        let id = self.resolve_story(id)?;
        let Ok(key) = i64::try_from(id) else { return Ok(None) };
        let head = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, first_seen, last_seen, article_count FROM stories WHERE id = ?1")
                .context(|| "cannot prepare the story lookup")?;
            let mut rows = stmt.query([key]).context(|| format!("cannot read story {id}"))?;
            match rows.next().context(|| format!("cannot read story {id}"))? {
                Some(row) => read_story_head(row)?,
                None => return Ok(None),
            }
        };
        let mut stmt = self
            .conn
            .prepare_cached(select_articles!("WHERE story = ?1 ORDER BY coalesce(published, ingested), seq"))
            .context(|| "cannot prepare the story's articles")?;
        let mut rows = stmt.query([key]).context(|| format!("cannot read the articles of story {id}"))?;
        let mut articles = Vec::new();
        while let Some(row) = rows.next().context(|| format!("cannot read the articles of story {id}"))? {
            articles.push(read_article(row)?);
        }
        let copies = articles.iter().filter(|a| a.copy.is_some()).count() as u64;
        let originals: Vec<StoredArticle> = articles.iter().filter(|a| a.copy.is_none()).cloned().collect();
        let mut summary =
            head.into_summary(headline(&articles), outlets(&articles), copies, outlets(&originals));
        summary.merged_from = self.merged_into(id)?;
        Ok(Some(StoryDetail { summary, articles }))
    }

    /// How many articles and stories are stored.
    pub fn counts(&self) -> Result<(u64, u64), StoreError> {
        let (articles, stories) = self
            .conn
            .prepare_cached("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)")
            .and_then(|mut stmt| stmt.query_row([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))))
            .context(|| "cannot count articles and stories")?;
        Ok((articles.max(0).unsigned_abs(), stories.max(0).unsigned_abs()))
    }

    /// The highest story id stored, if any, absorbed stories included (callers that assign ids continue
    /// after it).
    pub fn max_story_id(&self) -> Result<Option<u64>, StoreError> {
        let max = self
            .conn
            .query_row(
                "SELECT max(id) FROM (SELECT id FROM stories UNION ALL SELECT absorbed FROM story_merges)",
                [],
                |row| row.get::<_, Option<i64>>(0),
            )
            .context(|| "cannot read the highest story id")?;
        Ok(max.and_then(|m| u64::try_from(m).ok()))
    }

    /// SQLite's `PRAGMA integrity_check`: `ok`, or the problems found, one per line.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let mut stmt =
            self.conn.prepare("PRAGMA integrity_check").context(|| "cannot run integrity check")?;
        let lines = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .context(|| "cannot run integrity check")?;
        Ok(lines.join("\n"))
    }
}

/// The story `id` resolves to through the recorded merges (an unknown id resolves to itself).
fn resolve_in(conn: &Connection, id: u64) -> Result<u64, StoreError> {
    let mut current = id;
    // Survivors are older than what they absorb, so a chain ends; the bound only guards a damaged file.
    for _ in 0..1_000_000 {
        let Ok(key) = i64::try_from(current) else { return Ok(current) };
        let next = conn
            .prepare_cached("SELECT survivor FROM story_merges WHERE absorbed = ?1")
            .and_then(|mut stmt| stmt.query_row([key], |row| row.get::<_, i64>(0)).optional())
            .context(|| format!("cannot resolve story {id}"))?;
        match next.and_then(|n| u64::try_from(n).ok()) {
            Some(n) if n != current => current = n,
            _ => return Ok(current),
        }
    }
    Err(StoreError::Corrupt { row: format!("story {id}"), reason: "the story merges form a cycle".into() })
}

/// Fails on a merge that names the same story twice or an id above `i64::MAX`.
fn check_merges(merges: &[StoryMerge]) -> Result<(), StoreError> {
    for m in merges {
        let bad = |reason: &str| StoreError::InvalidMerge {
            absorbed: m.absorbed,
            survivor: m.survivor,
            reason: reason.into(),
        };
        if m.absorbed == m.survivor {
            return Err(bad("a story cannot absorb itself"));
        }
        if i64::try_from(m.absorbed.max(m.survivor)).is_err() {
            return Err(bad("story ids are at most 2^63 - 1"));
        }
    }
    Ok(())
}

/// The stored next offset of `partition` of `topic`.
fn consumer_offset_in(conn: &Connection, topic: &str, partition: i32) -> Result<Option<i64>, StoreError> {
    conn.prepare_cached("SELECT next_offset FROM consumer_offsets WHERE topic = ?1 AND partition = ?2")
        .and_then(|mut stmt| stmt.query_row(params![topic, partition], |row| row.get(0)).optional())
        .context(|| format!("cannot read the consumer offset of {topic}/{partition}"))
}

/// Moves the consumer position of `a.partition` from `a.from` to `a.to` inside a write transaction, or fails
/// with [`StoreError::OffsetMoved`] when the stored position is not `a.from`.
fn advance_offset(tx: &Connection, a: &OffsetAdvance) -> Result<(), StoreError> {
    let stored = consumer_offset_in(tx, &a.topic, a.partition)?;
    if stored != a.from {
        return Err(StoreError::OffsetMoved {
            topic: a.topic.clone(),
            partition: a.partition,
            expected: a.from,
            found: stored,
        });
    }
    tx.prepare_cached(
        "INSERT INTO consumer_offsets (topic, partition, next_offset) VALUES (?1, ?2, ?3)
         ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset",
    )
    .and_then(|mut stmt| stmt.execute(params![a.topic, a.partition, a.to]))
    .context(|| format!("cannot store the consumer offset {} of {}/{}", a.to, a.topic, a.partition))?;
    Ok(())
}

/// Joins story `m.absorbed` into the story `m.survivor` resolves to, inside a write transaction.
fn apply_merge(tx: &Connection, m: StoryMerge, now: &DateTime<Utc>) -> Result<(), StoreError> {
    let survivor = resolve_in(tx, m.survivor)?;
    let bad =
        |reason: String| StoreError::InvalidMerge { absorbed: m.absorbed, survivor: m.survivor, reason };
    if resolve_in(tx, m.absorbed)? != m.absorbed {
        return Err(bad(format!("story {} was merged already", m.absorbed)));
    }
    if survivor == m.absorbed {
        return Err(bad("the survivor resolves to the absorbed story".into()));
    }
    let (absorbed, survivor) = (to_i64(m.absorbed), to_i64(survivor));
    let context = || format!("cannot merge story {} into story {}", m.absorbed, m.survivor);
    let placeholder = format_time(now);
    for (sql, args) in [
        (
            "INSERT INTO story_merges (absorbed, survivor) VALUES (?1, ?2)",
            params![absorbed, to_i64(m.survivor)],
        ),
        // The survivor's row must exist before articles point at it (settled below).
        (
            "INSERT OR IGNORE INTO stories (id, first_seen, last_seen, article_count) VALUES (?1, ?2, ?2, 0)",
            params![survivor, placeholder],
        ),
        (
            "UPDATE articles SET arrival_story = coalesce(arrival_story, story), story = ?2 WHERE story = ?1",
            params![absorbed, survivor],
        ),
        ("DELETE FROM stories WHERE id = ?1", params![absorbed]),
        (
            "UPDATE stories SET
                 first_seen = coalesce((SELECT min(published) FROM articles WHERE story = ?1),
                                       (SELECT min(ingested) FROM articles WHERE story = ?1), first_seen),
                 last_seen = coalesce((SELECT max(published) FROM articles WHERE story = ?1),
                                      (SELECT max(ingested) FROM articles WHERE story = ?1), last_seen),
                 article_count = (SELECT count(*) FROM articles WHERE story = ?1)
             WHERE id = ?1",
            params![survivor],
        ),
        ("DELETE FROM stories WHERE id = ?1 AND article_count = 0", params![survivor]),
    ] {
        tx.prepare_cached(sql).and_then(|mut stmt| stmt.execute(args)).context(context)?;
    }
    Ok(())
}

/// Looks up a stored article by id (when given), then URL, or content hash when there is no URL.
fn find_existing_in(
    conn: &Connection,
    id: Option<&str>,
    url: Option<&str>,
    content_hash: &str,
) -> Result<Option<String>, StoreError> {
    // An article with a URL is the same article only at the same URL: the same text at another URL is another
    // outlet's copy, stored and linked by copy detection. Without a URL, the text is all there is to go by.
    let url = url.filter(|u| !u.trim().is_empty());
    let by_hash = if url.is_none() { Some(content_hash) } else { None };
    let lookups: [(&str, Option<&str>); 3] = [
        ("SELECT id FROM articles WHERE id = ?1", id),
        ("SELECT id FROM articles WHERE url = ?1", url),
        ("SELECT id FROM articles WHERE content_hash = ?1 ORDER BY seq LIMIT 1", by_hash),
    ];
    for (sql, key) in lookups {
        let Some(key) = key else { continue };
        let found = conn
            .prepare_cached(sql)
            .and_then(|mut stmt| stmt.query_row([key], |row| row.get::<_, String>(0)).optional())
            .context(|| format!("cannot look up stored article {key}"))?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// One validated article in column form.
struct Encoded<'a> {
    id: &'a str,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<String>,
    lang: Option<&'a str>,
    text: String,
    content_hash: &'a str,
    ingested: String,
    origin: String,
    story: i64,
    copy: Option<&'a CopyRecord>,
    event_time: String,
}

impl<'a> Encoded<'a> {
    fn new(new: &'a NewArticle, now: DateTime<Utc>) -> Result<Encoded<'a>, StoreError> {
        let a = &new.article;
        let invalid = |reason: String| StoreError::InvalidArticle {
            id: if a.id.is_empty() { "(empty id)".into() } else { a.id.clone() },
            reason,
        };
        if a.id.trim().is_empty() {
            return Err(invalid("the id is blank".into()));
        }
        for (i, p) in a.paragraphs.iter().enumerate() {
            if let Some(problem) = paragraph_problem(p) {
                return Err(invalid(format!("paragraph {} {problem}", i + 1)));
            }
        }
        let story = i64::try_from(new.story)
            .map_err(|_| invalid(format!("story id {} is larger than {}", new.story, i64::MAX)))?;
        let ingested = a.ingested.unwrap_or(now);
        for (what, time) in [("published", a.published), ("ingested", Some(ingested))] {
            match time {
                Some(t) if !(0..=9999).contains(&t.year()) => {
                    return Err(invalid(format!("{what} time {t} is outside the years 0000-9999")));
                }
                _ => {}
            }
        }
        if let Some(copy) = &new.copy {
            if copy.of.trim().is_empty() {
                return Err(invalid("the copy record names no original".into()));
            }
            if !copy.similarity.is_finite() {
                return Err(invalid(format!("copy similarity {} is not a finite number", copy.similarity)));
            }
        }
        let origin = serde_json::to_string(&new.origin)
            .map_err(|e| invalid(format!("cannot encode origin {}: {e}", new.origin)))?;
        let published = a.published.map(|t| format_time(&t));
        let ingested = format_time(&ingested);
        Ok(Encoded {
            id: &a.id,
            url: a.url.as_deref().filter(|u| !u.trim().is_empty()),
            outlet: a.outlet.as_deref(),
            title: a.title.as_deref(),
            byline: a.byline.as_deref(),
            event_time: published.clone().unwrap_or_else(|| ingested.clone()),
            published,
            lang: a.lang.as_deref(),
            text: a.paragraphs.join("\n\n"),
            content_hash: &a.content_hash,
            ingested,
            origin,
            story,
            copy: new.copy.as_ref(),
        })
    }
}

/// Why a paragraph would not round-trip through `text` (paragraphs joined by a blank line), if it would not.
fn paragraph_problem(p: &str) -> Option<&'static str> {
    if p.is_empty() {
        Some("is empty")
    } else if p.contains("\n\n") {
        Some("contains a blank line")
    } else if p.starts_with('\n') || p.ends_with('\n') {
        Some("starts or ends with a newline")
    } else {
        None
    }
}

/// RFC 3339 in UTC with nanoseconds: fixed width for the years 0000–9999, so text order is time order.
fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|e| format!("bad time {s:?}: {e}"))
}

/// A `LIKE` pattern matching `needle` anywhere, with `\` escaping the wildcards.
fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Story ids are validated to fit on the way in; ids that do not fit cannot be stored, so clamping is safe.
fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A story's own row.
struct StoryHead {
    id: u64,
    first_seen: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    article_count: u64,
}

impl StoryHead {
    fn into_summary(
        self,
        headline: String,
        outlets: Vec<String>,
        copies: u64,
        reporting_outlets: Vec<String>,
    ) -> StorySummary {
        StorySummary {
            id: self.id,
            headline,
            outlets,
            article_count: self.article_count,
            copies,
            reporting_outlets,
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            merged_from: Vec::new(),
        }
    }
}

/// Reads `id, first_seen, last_seen, article_count` of a story row.
fn read_story_head(row: &Row<'_>) -> Result<StoryHead, StoreError> {
    let id: i64 = row.get(0).context(|| "cannot read a story id")?;
    let corrupt = |reason: String| StoreError::Corrupt { row: format!("story {id}"), reason };
    let id = u64::try_from(id).map_err(|_| corrupt("negative id".into()))?;
    let time = |i: usize, name: &str| -> Result<DateTime<Utc>, StoreError> {
        let text: String = row.get(i).map_err(|e| corrupt(format!("{name}: {e}")))?;
        parse_time(&text).map_err(|e| corrupt(format!("{name}: {e}")))
    };
    Ok(StoryHead {
        id,
        first_seen: time(1, "first_seen")?,
        last_seen: time(2, "last_seen")?,
        article_count: row
            .get::<_, i64>(3)
            .map_err(|e| e.to_string())
            .and_then(|n| u64::try_from(n).map_err(|_| format!("negative count {n}")))
            .map_err(|e| corrupt(format!("article_count: {e}")))?,
    })
}

/// Reads a row selected by `select_articles!`.
fn read_article(row: &Row<'_>) -> Result<StoredArticle, StoreError> {
    let seq: i64 = row.get(0).context(|| "cannot read an article's seq")?;
    let id: String = row.get(1).map_err(|e| StoreError::Corrupt {
        row: format!("article at seq {seq}"),
        reason: format!("id: {e}"),
    })?;
    let corrupt = |reason: String| StoreError::Corrupt { row: format!("article {id}"), reason };
    fn col<T: FromSql>(row: &Row<'_>, i: usize) -> Result<T, String> {
        let name = row.as_ref().column_name(i).unwrap_or("?").to_string();
        row.get(i).map_err(|e| format!("{name}: {e}"))
    }
    let time = |i: usize| -> Result<Option<DateTime<Utc>>, StoreError> {
        col::<Option<String>>(row, i).and_then(|t| t.as_deref().map(parse_time).transpose()).map_err(&corrupt)
    };
    let text: String = col(row, 8).map_err(&corrupt)?;
    let origin = col::<Option<String>>(row, 11)
        .and_then(|o| {
            o.map(|o| serde_json::from_str::<Origin>(&o).map_err(|e| format!("origin: {e}"))).transpose()
        })
        .map_err(&corrupt)?;
    let story: i64 = col(row, 12).map_err(&corrupt)?;
    let duplicate_of: Option<String> = col(row, 13).map_err(&corrupt)?;
    let similarity: Option<f64> = col(row, 14).map_err(&corrupt)?;
    let copy_kind: Option<String> = col(row, 15).map_err(&corrupt)?;
    let copy = match (duplicate_of, similarity, copy_kind) {
        (Some(of), Some(similarity), Some(kind)) => Some(CopyRecord { of, similarity, kind }),
        (None, None, None) => None,
        _ => return Err(corrupt("copy columns are only partly set".into())),
    };
    let article = Article {
        url: col(row, 2).map_err(&corrupt)?,
        outlet: col(row, 3).map_err(&corrupt)?,
        title: col(row, 4).map_err(&corrupt)?,
        byline: col(row, 5).map_err(&corrupt)?,
        published: time(6)?,
        lang: col(row, 7).map_err(&corrupt)?,
        paragraphs: if text.is_empty() { Vec::new() } else { text.split("\n\n").map(String::from).collect() },
        content_hash: col(row, 9).map_err(&corrupt)?,
        ingested: Some(time(10)?.ok_or_else(|| corrupt("ingested is missing".into()))?),
        id: id.clone(),
    };
    Ok(StoredArticle {
        seq: u64::try_from(seq).map_err(|_| corrupt(format!("negative seq {seq}")))?,
        article,
        origin,
        story: u64::try_from(story).map_err(|_| corrupt(format!("negative story id {story}")))?,
        copy,
    })
}
