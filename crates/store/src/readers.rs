//! Extra read connections: in WAL mode any number of readers work beside the one writer, each on its own
//! consistent snapshot, so a server need not queue its reads behind its writes.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Context, StoreError};
use crate::schema::{self, SCHEMA_VERSION};
use crate::{BUSY_TIMEOUT, STATEMENT_CACHE, Store};

/// How much of the file a reader maps into memory (reads then skip a copy through SQLite's page cache).
const READER_MMAP_BYTES: i64 = 256 << 20;

impl Store {
    /// Opens a read-only connection to the store file at `path`, which must exist with the current schema
    /// (open it once with [`Store::open`] first; that migrates it). Every read method works on it; writes
    /// fail (`PRAGMA query_only`). Each read sees the data committed when it started.
    pub fn open_reader(path: &Path) -> Result<Store, StoreError> {
        // Read-write without CREATE: a missing file is an error, and the reader may still create the WAL
        // index beside the file when no writer has.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::reader_with_flags(path, path, flags)
    }

    /// A reader of the store `path`, opened as `target` (the path, or a URI naming it) with `flags`.
    fn reader_with_flags(path: &Path, target: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let open = |sqlite| StoreError::Open { path: path.to_path_buf(), sqlite };
        let conn = Connection::open_with_flags(target, flags).map_err(open)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let found = schema::user_version(&conn).map_err(open)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew { found, known: SCHEMA_VERSION });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::SchemaTooOld { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
        }
        conn.pragma_update(None, "query_only", true).map_err(open)?;
        conn.pragma_update(None, "mmap_size", READER_MMAP_BYTES).map_err(open)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens an existing store that this process may not write (a write-protected file or directory) for
    /// reading. Like [`Store::open_reader`], but the file is opened read-only, and when SQLite cannot set up
    /// its WAL index beside it (a write-protected directory and no writer running), the file is read as
    /// immutable: nobody can be writing it then.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        match Store::reader_with_flags(path, path, flags) {
            Err(StoreError::Open { sqlite, .. })
                if matches!(
                    sqlite.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
                ) && path.exists() =>
            {
                let uri = immutable_uri(path);
                Store::reader_with_flags(path, Path::new(&uri), flags | OpenFlags::SQLITE_OPEN_URI)
            }
            other => other,
        }
    }

    /// A read-only connection to the same file ([`Store::open_reader`]); fails for an in-memory store.
    pub fn reader(&self) -> Result<Store, StoreError> {
        if self.conn.path().is_none_or(str::is_empty) {
            return Err(StoreError::InMemory { path: self.path.clone() });
        }
        Store::open_reader(&self.path)
    }

    /// A number that changes whenever another connection (in this process or another) commits a change to
    /// the file (`PRAGMA data_version`); compare two readings of the same connection to learn whether
    /// anything was written in between.
    pub fn data_version(&self) -> Result<u64, StoreError> {
        let version = self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get::<_, i64>(0))
            .context(|| format!("cannot read the data version of {}", self.path.display()))?;
        Ok(version.max(0).unsigned_abs())
    }
}

/// `file:PATH?immutable=1`, with the bytes a URI path may not hold (and every non-ASCII byte) percent-encoded.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'%' | b'?' | b'#' | 0x80.. => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(char::from(b)),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use samestory_model::{Article, Origin};

    use super::*;
    use crate::{NewArticle, StoryQuery};

    fn new(id: &str, story: u64) -> NewArticle {
        let mut article = Article::from_paragraphs(vec![format!("Article {id} about the harbour.")]);
        article.id = id.into();
        NewArticle { article, origin: Origin::file("t.txt"), story, copy: None }
    }

    #[test]
    fn readers_see_commits_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut writer = Store::open(&path).unwrap();
        let mut reader = writer.reader().unwrap();
        let before = reader.data_version().unwrap();
        assert_eq!(reader.counts().unwrap(), (0, 0));

        writer.insert_batch(&[new("a", 1), new("b", 2)]).unwrap();
        assert_ne!(reader.data_version().unwrap(), before, "a commit by another connection shows");
        assert_eq!(reader.counts().unwrap(), (2, 2));
        assert_eq!(reader.stories(&StoryQuery::default()).unwrap().len(), 2);
        assert_eq!(reader.search("harbour", 10, 0).unwrap().len(), 2);
        assert!(reader.insert_batch(&[new("c", 3)]).is_err(), "readers are read-only");
        assert_eq!(writer.counts().unwrap(), (2, 2));

        let same = reader.data_version().unwrap();
        assert_eq!(reader.data_version().unwrap(), same, "no change, same version");
    }

    #[test]
    fn a_reader_during_a_write_transaction_reads_the_last_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let mut writer = Store::open(&path).unwrap();
        writer.insert_batch(&[new("a", 1)]).unwrap();
        let reader = Store::open_reader(&path).unwrap();
        writer.conn.execute_batch("BEGIN IMMEDIATE; DELETE FROM articles;").unwrap();
        assert_eq!(reader.counts().unwrap(), (1, 1), "not blocked, and no uncommitted data");
        writer.conn.execute_batch("ROLLBACK").unwrap();
    }

    #[test]
    fn readers_need_an_existing_current_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.db");
        assert!(matches!(Store::open_reader(&missing), Err(StoreError::Open { .. })));
        assert!(!missing.exists(), "a reader creates nothing");

        let old = dir.path().join("old.db");
        let mut conn = Connection::open(&old).unwrap();
        schema::migrate_with(&mut conn, &old, &schema::MIGRATIONS[..1]).unwrap();
        drop(conn);
        let err = Store::open_reader(&old).unwrap_err();
        assert!(matches!(err, StoreError::SchemaTooOld { found: 1, .. }), "{err:?}");
        assert!(err.to_string().contains("open it for writing first"), "{err}");

        let memory = Store::open_in_memory().unwrap();
        assert!(matches!(memory.reader(), Err(StoreError::InMemory { .. })));
    }
}
