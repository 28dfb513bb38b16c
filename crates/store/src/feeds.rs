//! What a feed watcher remembers between polls and across restarts (migration 5): per feed, the validators
//! for conditional GET, the interval the feed asked for and its run of failures; per feed item, what became
//! of it, so an item is fetched once however often it shows up in its feed and however often the watcher
//! restarts.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::Context;
use crate::{Store, StoreError, format_time, parse_time};

/// The migration step that adds the watcher's tables.
pub(crate) const FEEDS_MIGRATION: &str = "
    CREATE TABLE feed_state (
        url           TEXT    PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        interval_secs INTEGER CHECK (interval_secs IS NULL OR interval_secs >= 0),
        failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        next_poll     TEXT,
        last_polled   TEXT,
        last_error    TEXT
    );
    CREATE TABLE seen_items (
        feed     TEXT    NOT NULL,
        item     TEXT    NOT NULL,
        url      TEXT,
        outcome  TEXT    NOT NULL,
        attempts INTEGER NOT NULL CHECK (attempts >= 0),
        done     INTEGER NOT NULL CHECK (done IN (0, 1)),
        updated  TEXT    NOT NULL,
        PRIMARY KEY (feed, item)
    ) WITHOUT ROWID;
    CREATE INDEX seen_items_url ON seen_items (url);
";

/// What the watcher remembers about one feed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    /// The feed's URL as listed (the key).
    pub url: String,
    /// The `ETag` of the last full answer, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last full answer, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// The polling interval the feed itself asked for (RSS `ttl`, `sy:updatePeriod`), in seconds.
    pub interval_secs: Option<u64>,
    /// Failed polls in a row (0 after a success).
    pub failures: u32,
    /// When the feed is due again.
    pub next_poll: Option<DateTime<Utc>>,
    /// When it was last polled, successfully or not.
    pub last_polled: Option<DateTime<Utc>>,
    /// The reason of the last failed poll, cleared by a success.
    pub last_error: Option<String>,
}

/// What became of one feed item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenItem {
    /// The feed's URL.
    pub feed: String,
    /// The item's key in its feed: its GUID (Atom id), else its link.
    pub item: String,
    /// The page it links to.
    pub url: Option<String>,
    /// What happened the last time, e.g. `stored`, `duplicate`, `rejected: …`, `failed: …`.
    pub outcome: String,
    /// How many times its page was fetched (or tried).
    pub attempts: u32,
    /// Whether the item is finished: never fetched again. An unfinished item (a timeout, a server error) is
    /// tried again at the feed's next poll.
    pub done: bool,
}

fn opt_time(value: Option<String>, row: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
    value
        .map(|s| parse_time(&s).map_err(|reason| StoreError::Corrupt { row: row.to_string(), reason }))
        .transpose()
}

impl Store {
    /// The state of the feed at `url`, if it was ever polled.
    pub fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        type Row = (
            Option<String>,
            Option<String>,
            Option<i64>,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = self
            .conn
            .prepare_cached(
                "SELECT etag, last_modified, interval_secs, failures, next_poll, last_polled, last_error
                 FROM feed_state WHERE url = ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([url], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
                })
                .optional()
            })
            .context(|| format!("cannot read the state of feed {url}"))?;
        let Some((etag, last_modified, interval, failures, next_poll, last_polled, last_error)) = row else {
            return Ok(None);
        };
        let what = format!("state of feed {url}");
        Ok(Some(FeedState {
            url: url.to_string(),
            etag,
            last_modified,
            interval_secs: interval.map(|i| i.max(0) as u64),
            failures: u32::try_from(failures.max(0)).unwrap_or(u32::MAX),
            next_poll: opt_time(next_poll, &what)?,
            last_polled: opt_time(last_polled, &what)?,
            last_error,
        }))
    }

    /// Writes the state of one feed (replacing what was there).
    pub fn save_feed_state(&self, state: &FeedState) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO feed_state
                     (url, etag, last_modified, interval_secs, failures, next_poll, last_polled, last_error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (url) DO UPDATE SET
                     etag = excluded.etag, last_modified = excluded.last_modified,
                     interval_secs = excluded.interval_secs, failures = excluded.failures,
                     next_poll = excluded.next_poll, last_polled = excluded.last_polled,
                     last_error = excluded.last_error",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    state.url,
                    state.etag,
                    state.last_modified,
                    state.interval_secs.map(|i| i.min(i64::MAX as u64) as i64),
                    i64::from(state.failures),
                    state.next_poll.as_ref().map(format_time),
                    state.last_polled.as_ref().map(format_time),
                    state.last_error,
                ])
            })
            .context(|| format!("cannot save the state of feed {}", state.url))?;
        Ok(())
    }

    /// What became of item `item` of feed `feed`, if it was ever tried.
    pub fn seen_item(&self, feed: &str, item: &str) -> Result<Option<SeenItem>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT url, outcome, attempts, done FROM seen_items WHERE feed = ?1 AND item = ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_row([feed, item], |r| {
                    Ok(SeenItem {
                        feed: feed.to_string(),
                        item: item.to_string(),
                        url: r.get(0)?,
                        outcome: r.get(1)?,
                        attempts: u32::try_from(r.get::<_, i64>(2)?.max(0)).unwrap_or(u32::MAX),
                        done: r.get::<_, i64>(3)? != 0,
                    })
                })
                .optional()
            })
            .context(|| format!("cannot read item {item} of feed {feed}"))
    }

    /// The items of `feed` tried but not finished (their page timed out, say), oldest first, at most `limit`.
    pub fn unfinished_items(&self, feed: &str, limit: usize) -> Result<Vec<SeenItem>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT item, url, outcome, attempts FROM seen_items WHERE feed = ?1 AND done = 0
                 ORDER BY updated LIMIT ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_map(params![feed, limit.min(i64::MAX as usize) as i64], |r| {
                    Ok(SeenItem {
                        feed: feed.to_string(),
                        item: r.get(0)?,
                        url: r.get(1)?,
                        outcome: r.get(2)?,
                        attempts: u32::try_from(r.get::<_, i64>(3)?.max(0)).unwrap_or(u32::MAX),
                        done: false,
                    })
                })?
                .collect()
            })
            .context(|| format!("cannot read the unfinished items of feed {feed}"))
    }

    /// Whether any feed's item that is finished links to `url` (another feed already brought this page).
    pub fn url_seen(&self, url: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT 1 FROM seen_items WHERE url = ?1 AND done = 1 LIMIT 1")
            .and_then(|mut stmt| stmt.exists([url]))
            .context(|| format!("cannot look up feed items linking to {url}"))
    }

    /// Records what became of `items`, in one transaction (each replaces its earlier record).
    pub fn record_items(&self, items: &[SeenItem]) -> Result<(), StoreError> {
        if items.is_empty() {
            return Ok(());
        }
        let now = format_time(&Utc::now());
        let tx = self.conn.unchecked_transaction().context(|| "cannot start recording feed items")?;
        {
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO seen_items (feed, item, url, outcome, attempts, done, updated)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (feed, item) DO UPDATE SET
                         url = excluded.url, outcome = excluded.outcome, attempts = excluded.attempts,
                         done = excluded.done, updated = excluded.updated",
                )
                .context(|| "cannot prepare the feed item update")?;
            for item in items {
                upsert
                    .execute(params![
                        item.feed,
                        item.item,
                        item.url,
                        item.outcome,
                        i64::from(item.attempts),
                        i64::from(item.done),
                        now
                    ])
                    .context(|| format!("cannot record item {} of feed {}", item.item, item.feed))?;
            }
        }
        tx.commit().context(|| "cannot commit the feed items")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_state_round_trips_and_is_replaced() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.feed_state("http://a/feed").unwrap(), None);
        let mut state = FeedState {
            url: "http://a/feed".into(),
            etag: Some("\"v1\"".into()),
            last_modified: Some("Tue, 01 Apr 2025 10:00:00 GMT".into()),
            interval_secs: Some(900),
            failures: 0,
            next_poll: Some("2025-04-01T10:15:00.123456789Z".parse().unwrap()),
            last_polled: Some("2025-04-01T10:00:00Z".parse().unwrap()),
            last_error: None,
        };
        store.save_feed_state(&state).unwrap();
        assert_eq!(store.feed_state("http://a/feed").unwrap().as_ref(), Some(&state));
        state.etag = None;
        state.failures = 3;
        state.last_error = Some("http status 500".into());
        store.save_feed_state(&state).unwrap();
        assert_eq!(store.feed_state("http://a/feed").unwrap(), Some(state));
    }

    #[test]
    fn seen_items_are_keyed_per_feed() {
        let store = Store::open_in_memory().unwrap();
        let item = |feed: &str, done| SeenItem {
            feed: feed.into(),
            item: "guid-1".into(),
            url: Some("http://a/page".into()),
            outcome: if done { "stored".into() } else { "failed: timeout".into() },
            attempts: 1,
            done,
        };
        store.record_items(&[item("http://a/feed", false)]).unwrap();
        assert!(!store.url_seen("http://a/page").unwrap(), "an unfinished item does not count");
        let got = store.seen_item("http://a/feed", "guid-1").unwrap().unwrap();
        assert!(!got.done);
        assert_eq!(store.unfinished_items("http://a/feed", 10).unwrap(), std::slice::from_ref(&got));
        store.record_items(&[SeenItem { attempts: 2, ..item("http://a/feed", true) }]).unwrap();
        let got = store.seen_item("http://a/feed", "guid-1").unwrap().unwrap();
        assert!(got.done);
        assert_eq!(got.attempts, 2);
        assert!(store.unfinished_items("http://a/feed", 10).unwrap().is_empty());
        assert_eq!(store.seen_item("http://b/feed", "guid-1").unwrap(), None);
        assert!(store.url_seen("http://a/page").unwrap());
    }
}
