//! Full-text search over article titles and texts (SQLite FTS5, schema version 2).
//!
//! What a user types is never handed to FTS5 as a query: [`fts_query`] turns it into one where every word
//! and every `"quoted phrase"` must occur, a word ending in `*` is a prefix, and FTS5's own operators and
//! punctuation are taken as plain text, so no input is a syntax error. Matching ignores case and diacritics
//! (`unicode61 remove_diacritics 2`); titles weigh five times as much as texts in the ranking (BM25).

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::error::{Context, StoreError};
use crate::{Store, parse_time};

/// The most terms of a query that are used; the rest are ignored.
pub const MAX_QUERY_TERMS: usize = 32;

/// How many tokens of text a snippet shows around the matches.
const SNIPPET_TOKENS: i64 = 24;

/// Marks the start and end of a match in FTS5's snippets (control characters that normalized text never
/// holds).
const MATCH_START: char = '\u{2}';
const MATCH_END: char = '\u{3}';

/// One article found by [`Store::search`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The article's id.
    pub id: String,
    /// The story it belongs to.
    pub story: u64,
    /// Its title, when known.
    pub title: Option<String>,
    /// Its outlet, when known.
    pub outlet: Option<String>,
    /// When it was published, when known.
    pub published: Option<DateTime<Utc>>,
    /// A passage around the matches (of the text, or of the title when only the title matches), in parts.
    pub snippet: Vec<SnippetPart>,
    /// Relevance: higher is better (BM25, titles weighted five times).
    pub score: f64,
}

/// A piece of a snippet: matched text or the text between matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Whether it is a match of the query.
    pub hit: bool,
}

/// The FTS5 query for what a user typed: each word and each `"quoted phrase"` quoted as an FTS5 string
/// (so operators such as `AND`, `NEAR`, `-`, `:` or `(` are plain words), all required; a word ending in
/// `*` matches as a prefix; control characters separate words. At most [`MAX_QUERY_TERMS`] terms. `None` when nothing in the input can match
/// (blank, or punctuation only).
///
/// ```
/// use samestory_store::fts_query;
/// assert_eq!(fts_query("storm Berta").as_deref(), Some("\"storm\" \"Berta\""));
/// assert_eq!(fts_query("\"ferry drifts\" nor*").as_deref(), Some("\"ferry drifts\" \"nor\"*"));
/// assert_eq!(fts_query("a OR (b").as_deref(), Some("\"a\" \"OR\" \"(b\""));
/// assert_eq!(fts_query(" -- !! "), None);
/// ```
pub fn fts_query(input: &str) -> Option<String> {
    // Control characters (NUL ends an FTS5 string early) separate words like spaces.
    let cleaned: String = input.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut terms = Vec::new();
    let mut rest = cleaned.as_str();
    while terms.len() < MAX_QUERY_TERMS {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (term, phrase) = if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            let term = &after[..end];
            rest = after.get(end + 1..).unwrap_or("");
            (term, true)
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
            let term = &rest[..end];
            rest = &rest[end..];
            (term, false)
        };
        let (body, prefix) = match term.strip_suffix('*') {
            Some(body) if !phrase => (body.trim_end_matches('*'), true),
            _ => (term, false),
        };
        if !body.chars().any(char::is_alphanumeric) {
            continue;
        }
        // Quotes cannot occur inside `body` (they delimit terms), so no escaping is needed.
        terms.push(format!("\"{}\"{}", body.trim(), if prefix { "*" } else { "" }));
    }
    if terms.is_empty() { None } else { Some(terms.join(" ")) }
}

/// Splits an FTS5 snippet with [`MATCH_START`] / [`MATCH_END`] marks into parts.
fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    let mut push = |text: &mut String, hit: bool| {
        if !text.is_empty() {
            parts.push(SnippetPart { text: std::mem::take(text), hit });
        }
    };
    for c in marked.chars() {
        match c {
            MATCH_START | MATCH_END => {
                push(&mut current, hit);
                hit = c == MATCH_START;
            }
            c => current.push(c),
        }
    }
    push(&mut current, hit);
    parts
}

impl Store {
    /// Articles whose title or text match `query` (see [`fts_query`] for what a query means), best first
    /// (ties: ingest order), `limit` of them after skipping `offset`. A query with nothing searchable in it
    /// finds nothing.
    pub fn search(&self, query: &str, limit: usize, offset: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(fts) = fts_query(query) else { return Ok(Vec::new()) };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let context = || format!("cannot search for {query:?}");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.story, a.title, a.outlet, a.published,
                        snippet(articles_fts, -1, char(2), char(3), '…', ?4),
                        bm25(articles_fts, 5.0, 1.0) AS score
                 FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
                 WHERE articles_fts MATCH ?1
                 ORDER BY score, a.seq LIMIT ?2 OFFSET ?3",
            )
            .context(|| "cannot prepare the search")?;
        let mut rows = stmt.query(params![fts, limit, offset, SNIPPET_TOKENS]).context(context)?;
        let mut hits = Vec::new();
        while let Some(row) = rows.next().context(context)? {
            let id: String = row.get(0).context(context)?;
            let corrupt = |reason: String| StoreError::Corrupt { row: format!("article {id}"), reason };
            let story: i64 = row.get(1).context(context)?;
            let published: Option<String> = row.get(4).context(context)?;
            let snippet: Option<String> = row.get(5).context(context)?;
            let score: f64 = row.get(6).context(context)?;
            hits.push(SearchHit {
                story: u64::try_from(story).map_err(|_| corrupt(format!("negative story id {story}")))?,
                title: row.get(2).context(context)?,
                outlet: row.get(3).context(context)?,
                published: published.as_deref().map(parse_time).transpose().map_err(corrupt)?,
                snippet: snippet_parts(snippet.as_deref().unwrap_or_default()),
                score: -score,
                id,
            });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use samestory_model::{Article, Origin};

    use super::*;
    use crate::{NewArticle, StoryQuery};

    fn stored(id: &str, title: Option<&str>, text: &str, story: u64) -> NewArticle {
        let mut article = Article::from_paragraphs(text.split("\n\n").map(String::from).collect());
        article.id = id.into();
        article.title = title.map(String::from);
        article.outlet = Some(format!("Outlet {id}"));
        NewArticle { article, origin: Origin::file(format!("{id}.txt")), story, copy: None }
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .insert_batch(&[
                stored("a", Some("Storm Berta floods Porto"), "Rivers rose in Porto on Monday.", 1),
                stored("b", None, "The storm closed schools.\n\nA ferry drifted off Kvitfjord.", 2),
                stored("c", Some("Café reopens"), "The café on the quay reopened after the storm.", 3),
                stored("d", Some("Chess"), "A twelve-year-old won the title.", 4),
            ])
            .unwrap();
        store
    }

    fn ids(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn queries_are_quoted_terms() {
        assert_eq!(fts_query("Storm").as_deref(), Some("\"Storm\""));
        assert_eq!(fts_query("porto*").as_deref(), Some("\"porto\"*"));
        assert_eq!(fts_query("porto**").as_deref(), Some("\"porto\"*"));
        assert_eq!(fts_query("\"a b\"* c").as_deref(), Some("\"a b\" \"c\""), "phrases are never prefixes");
        assert_eq!(fts_query("\"open phrase").as_deref(), Some("\"open phrase\""));
        assert_eq!(fts_query("x\"y\"z").as_deref(), Some("\"x\" \"y\" \"z\""));
        assert_eq!(fts_query("NEAR(a b)").as_deref(), Some("\"NEAR(a\" \"b)\""));
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query("* \"\" ..."), None);
        let many = "w ".repeat(100);
        assert_eq!(fts_query(&many).unwrap().matches("\"w\"").count(), MAX_QUERY_TERMS);
    }

    #[test]
    fn finds_by_title_and_text_best_first() {
        let store = store();
        let hits = store.search("storm", 10, 0).unwrap();
        assert_eq!(ids(&hits)[0], "a", "a title match ranks first");
        assert_eq!(hits.len(), 3);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(ids(&store.search("ferry kvitfjord", 10, 0).unwrap()), ["b"]);
        assert_eq!(ids(&store.search("\"ferry drifted\"", 10, 0).unwrap()), ["b"]);
        assert!(store.search("\"drifted ferry\"", 10, 0).unwrap().is_empty(), "phrases keep word order");
        assert_eq!(ids(&store.search("CAFE", 10, 0).unwrap()), ["c"], "case and accents are ignored");
        assert_eq!(ids(&store.search("kvit*", 10, 0).unwrap()), ["b"]);
        assert!(store.search("storm chess", 10, 0).unwrap().is_empty(), "all terms are required");
        assert_eq!(store.search("storm", 1, 1).unwrap().len(), 1);
        assert!(store.search("storm", 0, 0).unwrap().is_empty());
        assert!(store.search("storm", 10, usize::MAX).unwrap().is_empty());
    }

    #[test]
    fn hits_carry_the_article_and_a_marked_snippet() {
        let store = store();
        let hit = store.search("ferry", 10, 0).unwrap().remove(0);
        assert_eq!((hit.story, hit.title, hit.outlet.as_deref()), (2, None, Some("Outlet b")));
        let matched: Vec<&str> = hit.snippet.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
        assert_eq!(matched, ["ferry"]);
        let whole: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
        assert!(whole.contains("A ferry drifted off Kvitfjord."), "{whole}");
    }

    #[test]
    fn operators_and_garbage_never_fail() {
        let store = store();
        for q in [
            "AND",
            "OR storm",
            "NOT",
            "storm -",
            "title:storm",
            "(",
            ")",
            "^",
            "\"",
            "NEAR(",
            "*",
            "🌊",
            "\0",
        ] {
            store.search(q, 10, 0).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        }
        assert_eq!(ids(&store.search("title:storm", 10, 0).unwrap()), Vec::<&str>::new());
    }

    #[test]
    fn the_index_follows_updates_and_deletes() {
        let store = store();
        store.conn.execute("UPDATE articles SET title = 'Hail in Porto' WHERE id = 'a'", []).unwrap();
        assert_eq!(ids(&store.search("hail", 10, 0).unwrap()), ["a"]);
        assert!(!ids(&store.search("berta", 10, 0).unwrap()).contains(&"a"));
        store.conn.execute("DELETE FROM articles WHERE id = 'd'", []).unwrap();
        assert!(store.search("chess", 10, 0).unwrap().is_empty());
        let check: Result<(), _> =
            store.conn.execute_batch("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')");
        check.unwrap();
    }

    #[test]
    fn stories_filter_by_full_text() {
        let store = store();
        let q = |m: &str| {
            let q = StoryQuery { matching: Some(m.into()), ..StoryQuery::default() };
            store.stories(&q).unwrap().iter().map(|s| s.id).collect::<Vec<_>>()
        };
        assert_eq!(q("storm"), [3, 2, 1]);
        assert_eq!(q("porto"), [1]);
        assert_eq!(q("  "), [4, 3, 2, 1], "blank is no filter");
        assert!(q("!!").is_empty(), "nothing searchable matches nothing");
    }

    #[test]
    fn migrating_a_version_1_file_indexes_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            crate::schema::migrate_with(&mut conn, &path, &crate::schema::MIGRATIONS[..1]).unwrap();
            conn.execute(
                "INSERT INTO stories (id, first_seen, last_seen, article_count) VALUES (1, 'x', 'x', 1)",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO articles (id, title, text, content_hash, ingested, story)
                 VALUES ('old', 'Old flood', 'Water everywhere.', 'h', '2026-01-01T00:00:00Z', 1)",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(ids(&store.search("everywhere", 10, 0).unwrap()), ["old"]);
    }

    proptest! {
        #[test]
        fn any_input_is_a_valid_query(input in ".{0,60}") {
            let store = Store::open_in_memory().unwrap();
            prop_assert!(store.search(&input, 5, 0).is_ok());
            if let Some(q) = fts_query(&input) {
                prop_assert!(q.matches('"').count() % 2 == 0);
            }
        }

        #[test]
        fn snippet_parts_keep_the_text(text in "[a-z \u{2}\u{3}]{0,40}") {
            let parts = snippet_parts(&text);
            let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
            prop_assert_eq!(joined, text.replace(['\u{2}', '\u{3}'], ""));
            prop_assert!(parts.iter().all(|p| !p.text.is_empty()));
        }
    }
}
