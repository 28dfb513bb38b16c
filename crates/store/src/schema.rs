//! Versioned schema migrations.
//!
//! The schema version lives in `PRAGMA user_version`. [`MIGRATIONS`]`[i]` takes a file from version `i` to
//! `i + 1`; each step runs in its own immediate transaction together with the version bump, so a step is
//! either fully applied or not at all. Steps are only ever appended, never edited once released.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Context, StoreError};

/// The migration steps, in order. Version `n` is reached by applying the first `n` steps.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles and stories.
    "
    CREATE TABLE stories (
        id            INTEGER PRIMARY KEY,
        first_seen    TEXT    NOT NULL,
        last_seen     TEXT    NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_last_seen ON stories (last_seen);

    CREATE TABLE articles (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT    NOT NULL UNIQUE,
        url          TEXT    UNIQUE,
        outlet       TEXT,
        title        TEXT,
        byline       TEXT,
        published    TEXT,
        lang         TEXT,
        text         TEXT    NOT NULL,
        content_hash TEXT    NOT NULL,
        ingested     TEXT    NOT NULL,
        origin       TEXT,
        story        INTEGER NOT NULL REFERENCES stories (id),
        duplicate_of TEXT,
        similarity   REAL,
        copy_kind    TEXT
    );
    CREATE INDEX articles_content_hash ON articles (content_hash);
    CREATE INDEX articles_story ON articles (story);
    ",
    // 2: full-text search over titles and texts (FTS5, external content: the text is stored once, in
    // `articles`; triggers keep the index in step with every insert, update and delete).
    "
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text,
        content = 'articles', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    ",
    // 3: story merges. When the clusterer joins story `absorbed` into the older story `survivor`, the
    // alias is recorded here and the absorbed story's articles move to the survivor; `arrival_story`
    // keeps the story an article was first assigned to (NULL: the same as `story`), which is what a
    // replay of the stream reproduces.
    "
    CREATE TABLE story_merges (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        absorbed INTEGER NOT NULL UNIQUE,
        survivor INTEGER NOT NULL,
        CHECK (absorbed != survivor)
    );
    CREATE INDEX story_merges_survivor ON story_merges (survivor);
    ALTER TABLE articles ADD COLUMN arrival_story INTEGER;
    ",
    // 4: consumer offsets. A store fed from a partitioned log (a Kafka partition) keeps the next offset to
    // read per (topic, partition), written in the same transaction as the batch it produced, so the state
    // and the position in the log can never disagree.
    "
    CREATE TABLE consumer_offsets (
        topic       TEXT    NOT NULL,
        partition   INTEGER NOT NULL,
        next_offset INTEGER NOT NULL CHECK (next_offset >= 0),
        PRIMARY KEY (topic, partition)
    );
    ",
    // 5: the feed watcher's memory: per feed, conditional-GET validators, interval and failures; per feed
    // item, what became of it (see `feeds.rs`).
    crate::feeds::FEEDS_MIGRATION,
];

/// The schema version this code writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads `PRAGMA user_version`.
pub(crate) fn user_version(conn: &Connection) -> Result<u32, rusqlite::Error> {
    conn.pragma_query_value(None, "user_version", |row| row.get::<_, u32>(0))
}

/// Brings the schema up to [`SCHEMA_VERSION`], or fails when the file is newer than this code.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    migrate_with(conn, path, MIGRATIONS)
}

/// [`migrate`] with an explicit list of steps (tests use longer lists).
pub(crate) fn migrate_with(conn: &mut Connection, path: &Path, steps: &[&str]) -> Result<(), StoreError> {
    let known = steps.len() as u32;
    let found = user_version(conn).context(|| format!("cannot read schema version of {}", path.display()))?;
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    for version in found + 1..=known {
        let failed = |sqlite| StoreError::Migrate { path: path.to_path_buf(), version, sqlite };
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(failed)?;
        // Another process may have migrated while we waited for the write lock.
        let now = user_version(&tx).map_err(failed)?;
        if now > known {
            return Err(StoreError::SchemaTooNew { found: now, known });
        }
        if now >= version {
            continue;
        }
        tx.execute_batch(steps[version as usize - 1]).map_err(failed)?;
        tx.pragma_update(None, "user_version", version).map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}
