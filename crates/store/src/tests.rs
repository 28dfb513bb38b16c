//! Tests of the store against in-memory and temporary-file databases.

use std::time::Instant;

use chrono::{DateTime, Duration as TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use samestory_model::{Article, Origin, content_hash, normalize_text};

use super::*;

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().with_timezone(&Utc)
}

/// An article with the given id, paragraphs and publication time; the hash follows the text.
fn art(id: &str, paragraphs: &[&str], published: Option<&str>) -> Article {
    let mut a = Article::from_paragraphs(paragraphs.iter().map(|p| p.to_string()).collect());
    a.id = id.to_string();
    a.published = published.map(at);
    a
}

fn new(article: Article, story: u64) -> NewArticle {
    NewArticle { origin: Origin::line("in.jsonl", 1), article, story, copy: None }
}

fn copy_of(of: &str) -> Option<CopyRecord> {
    Some(CopyRecord { of: of.into(), similarity: 0.93, kind: "near".into() })
}

fn full_article() -> Article {
    Article {
        id: "a1".into(),
        url: Some("https://news.example/2024/05/quake".into()),
        outlet: Some("Example News".into()),
        title: Some("Quake hits coast".into()),
        byline: Some("By A. Writer".into()),
        published: Some(
            Utc.with_ymd_and_hms(2024, 5, 1, 10, 30, 0).unwrap() + TimeDelta::nanoseconds(123_456_789),
        ),
        lang: Some("en".into()),
        paragraphs: vec![
            "A strong earthquake struck the coast on Wednesday.".into(),
            "Line one\nline two of one paragraph, with “quotes” and ünïcode.".into(),
            "  Leading spaces kept  ".into(),
        ],
        content_hash: content_hash(&normalize_text("quake")),
        ingested: Some(Utc.with_ymd_and_hms(2024, 5, 1, 11, 0, 0).unwrap()),
    }
}

#[test]
fn full_article_round_trips() {
    let mut store = Store::open_in_memory().unwrap();
    let new = NewArticle {
        article: full_article(),
        origin: Origin::record("crawl.warc.gz", 7),
        story: 42,
        copy: copy_of("a0"),
    };
    assert_eq!(store.insert_batch(std::slice::from_ref(&new)).unwrap(), [InsertOutcome::Inserted]);
    let got = store.article("a1").unwrap().unwrap();
    assert_eq!(got.article, new.article);
    assert_eq!(got.origin, Some(new.origin));
    assert_eq!(got.story, 42);
    assert_eq!(got.copy, new.copy);
    assert_eq!(got.seq, 1);
    assert!(store.article("nope").unwrap().is_none());
}

#[test]
fn minimal_article_round_trips_and_gets_ingested_time() {
    let mut store = Store::open_in_memory().unwrap();
    let a = Article::from_paragraphs(vec!["Only text.".into()]);
    assert!(a.ingested.is_none() && a.url.is_none() && a.title.is_none());
    let before = Utc::now();
    store.insert_batch(&[new(a.clone(), 1)]).unwrap();
    let got = store.article(&a.id).unwrap().unwrap();
    let ingested = got.article.ingested.unwrap();
    assert!(ingested >= before && ingested <= Utc::now());
    assert_eq!(Article { ingested: None, ..got.article }, a);
    assert_eq!(got.copy, None);

    let empty = Article::from_paragraphs(vec![]);
    store.insert_batch(&[new(empty.clone(), 2)]).unwrap();
    assert_eq!(store.article(&empty.id).unwrap().unwrap().article.paragraphs, Vec::<String>::new());
}

#[test]
fn unknown_outlet_constant_matches_model() {
    assert_eq!(Article::from_paragraphs(vec![]).outlet_or_unknown(), UNKNOWN_OUTLET);
}

#[test]
fn duplicates_by_id_url_and_hash_are_skipped() {
    let mut store = Store::open_in_memory().unwrap();
    let mut first = art("a", &["First text."], None);
    first.url = Some("https://x.example/1".into());
    store.insert_batch(&[new(first.clone(), 1)]).unwrap();

    let same_id = art("a", &["Different text."], None);
    let mut same_url = art("b", &["Other text."], None);
    same_url.url = first.url.clone();
    let same_hash = art("c", &["FIRST   text!"], None); // normalizes like the first
    let fresh = art("d", &["Fresh text."], None);
    let fresh_again = art("e", &["Fresh text."], None); // same hash as `fresh`, earlier in the batch
    let outcomes = store
        .insert_batch(&[
            new(same_id, 2),
            new(same_url, 2),
            new(same_hash, 2),
            new(fresh, 3),
            new(fresh_again, 3),
        ])
        .unwrap();
    let stored = |id: &str| InsertOutcome::AlreadyStored(id.into());
    assert_eq!(outcomes, [stored("a"), stored("a"), stored("a"), InsertOutcome::Inserted, stored("d")]);
    assert_eq!(store.counts().unwrap(), (2, 2));
    assert_eq!(store.story(1).unwrap().unwrap().summary.article_count, 1);
    assert!(store.story(2).unwrap().is_none(), "a skipped article must not create its story");
}

#[test]
fn find_existing_goes_by_url_else_by_hash() {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = art("a", &["Alpha."], None);
    a.url = Some("https://x.example/a".into());
    let b = art("b", &["Beta."], None);
    store.insert_batch(&[new(a.clone(), 1), new(b.clone(), 1)]).unwrap();
    assert_eq!(store.find_existing(a.url.as_deref(), &b.content_hash).unwrap().as_deref(), Some("a"));
    // The same text at another URL is another outlet's copy, not the same article.
    assert_eq!(store.find_existing(Some("https://other"), &b.content_hash).unwrap(), None);
    assert_eq!(store.find_existing(None, &a.content_hash).unwrap().as_deref(), Some("a"));
    assert_eq!(store.find_existing(Some("https://other"), "0000").unwrap(), None);
}

#[test]
fn blank_url_is_stored_as_none_and_not_a_duplicate_key() {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = art("a", &["Alpha."], None);
    a.url = Some("  ".into());
    let mut b = art("b", &["Beta."], None);
    b.url = Some(String::new());
    let outcomes = store.insert_batch(&[new(a, 1), new(b, 1)]).unwrap();
    assert_eq!(outcomes, [InsertOutcome::Inserted, InsertOutcome::Inserted]);
    assert_eq!(store.article("a").unwrap().unwrap().article.url, None);
}

#[test]
fn a_failing_batch_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&[new(art("before", &["Before."], None), 9)]).unwrap();
    // A real SQLite failure in the middle of the batch: the second insert is refused.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.id = 'second'
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
        )
        .unwrap();
    let batch = [
        new(art("first", &["One."], None), 1),
        new(art("second", &["Two."], None), 9),
        new(art("third", &["Three."], None), 1),
    ];
    let err = store.insert_batch(&batch).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err:?}");
    assert_eq!(err.to_string(), "cannot insert article second: refused for the test");
    assert!(store.article("first").unwrap().is_none());
    assert_eq!(store.counts().unwrap(), (1, 1), "neither the article nor its new story may remain");
    assert_eq!(store.story(9).unwrap().unwrap().summary.article_count, 1, "story update rolled back");

    // The connection is usable afterwards and the same batch goes in once the cause is gone.
    store.conn.execute_batch("DROP TRIGGER refuse").unwrap();
    assert!(store.insert_batch(&batch).unwrap().iter().all(|o| *o == InsertOutcome::Inserted));
    assert_eq!(store.counts().unwrap(), (4, 2));
}

#[test]
fn invalid_articles_fail_the_batch_before_writing() {
    let mut store = Store::open_in_memory().unwrap();
    let good = new(art("good", &["Fine."], None), 1);
    let cases: Vec<(NewArticle, &str)> = vec![
        (
            new(Article { paragraphs: vec!["a\n\nb".into()], ..art("p1", &[], None) }, 1),
            "cannot store article p1: paragraph 1 contains a blank line",
        ),
        (
            new(Article { paragraphs: vec!["a".into(), String::new()], ..art("p2", &[], None) }, 1),
            "cannot store article p2: paragraph 2 is empty",
        ),
        (
            new(Article { paragraphs: vec!["a\n".into()], ..art("p3", &[], None) }, 1),
            "cannot store article p3: paragraph 1 starts or ends with a newline",
        ),
        (new(art(" ", &["x"], None), 1), "cannot store article  : the id is blank"),
        (
            new(art("big", &["x"], None), u64::MAX),
            "cannot store article big: story id 18446744073709551615 is larger than 9223372036854775807",
        ),
        (
            NewArticle {
                copy: Some(CopyRecord { of: "x".into(), similarity: f64::NAN, kind: "near".into() }),
                ..new(art("nan", &["x"], None), 1)
            },
            "cannot store article nan: copy similarity NaN is not a finite number",
        ),
        (
            new(
                Article {
                    published: Some(Utc.with_ymd_and_hms(12000, 1, 1, 0, 0, 0).unwrap()),
                    ..art("y", &["x"], None)
                },
                1,
            ),
            "cannot store article y: published time +12000-01-01 00:00:00 UTC is outside the years 0000-9999",
        ),
    ];
    for (bad, message) in cases {
        let err = store.insert_batch(&[good.clone(), bad]).unwrap_err();
        assert!(matches!(err, StoreError::InvalidArticle { .. }), "{err:?}");
        assert_eq!(err.to_string(), message);
    }
    assert_eq!(store.counts().unwrap(), (0, 0));
}

#[test]
fn stories_track_first_last_seen_and_count() {
    let mut store = Store::open_in_memory().unwrap();
    let mut unpublished = art("c", &["Gamma."], None);
    unpublished.ingested = Some(at("2024-05-03T00:00:00Z"));
    store
        .insert_batch(&[
            new(art("b", &["Beta."], Some("2024-05-02T00:00:00Z")), 7),
            new(art("a", &["Alpha."], Some("2024-05-01T00:00:00Z")), 7),
        ])
        .unwrap();
    store.insert_batch(&[new(unpublished, 7)]).unwrap();
    let s = store.story(7).unwrap().unwrap();
    assert_eq!(s.summary.first_seen, at("2024-05-01T00:00:00Z"));
    // the undated article counts, but its ingest time does not stretch the dated span
    assert_eq!(s.summary.last_seen, at("2024-05-02T00:00:00Z"));
    assert_eq!(s.summary.article_count, 3);
    let ids: Vec<&str> = s.articles.iter().map(|a| a.article.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"], "articles by event time");
    assert_eq!(store.max_story_id().unwrap(), Some(7));
    assert!(store.story(8).unwrap().is_none());
    assert!(store.story(u64::MAX).unwrap().is_none());
}

#[test]
fn story_articles_tie_break_by_ingest_order() {
    let mut store = Store::open_in_memory().unwrap();
    let t = Some("2024-05-01T00:00:00Z");
    store
        .insert_batch(&[
            new(art("z", &["Zed."], t), 1),
            new(art("y", &["Why."], t), 1),
            new(art("x", &["Ex."], t), 1),
        ])
        .unwrap();
    let ids: Vec<String> =
        store.story(1).unwrap().unwrap().articles.into_iter().map(|a| a.article.id).collect();
    assert_eq!(ids, ["z", "y", "x"]);
}

/// Stories 1..=4 with distinct activity; story 2 and 3 share their last_seen.
fn listing_fixture() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut a1 = art("a1", &["Flood in the valley. Roads closed."], Some("2024-05-01T00:00:00Z"));
    a1.outlet = Some("Valley Times".into());
    let mut a2 = art("a2", &["Election results are in."], Some("2024-05-02T00:00:00Z"));
    a2.title = Some("Mayor re-elected".into());
    a2.outlet = Some("City Post".into());
    let mut a3 = art("a3", &["A 100% rise in prices_now."], Some("2024-05-02T00:00:00Z"));
    a3.outlet = Some("Market Wire".into());
    let mut a4 = art("a4", &["Storm warning issued."], Some("2024-05-03T00:00:00Z"));
    a4.outlet = Some("City Post".into());
    let mut a5 = art("a5", &["Second report of the flood."], Some("2024-05-04T00:00:00Z"));
    a5.outlet = None;
    store.insert_batch(&[new(a1, 1), new(a2, 2), new(a3, 3), new(a4, 4), new(a5, 1)]).unwrap();
    store
}

fn ids(stories: &[StorySummary]) -> Vec<u64> {
    stories.iter().map(|s| s.id).collect()
}

#[test]
fn stories_newest_first_then_id_descending_with_paging() {
    let store = listing_fixture();
    let all = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(ids(&all), [1, 4, 3, 2]);
    assert_eq!(all[0].outlets, ["Valley Times", UNKNOWN_OUTLET]);
    assert_eq!(all[0].headline, "Flood in the valley.");
    assert_eq!(all[0].article_count, 2);
    assert_eq!(all[3].headline, "Mayor re-elected");
    let page = store.stories(&StoryQuery { limit: 2, offset: 1, ..Default::default() }).unwrap();
    assert_eq!(ids(&page), [4, 3]);
    assert!(store.stories(&StoryQuery { limit: 0, ..Default::default() }).unwrap().is_empty());
    assert!(store.stories(&StoryQuery { offset: usize::MAX, ..Default::default() }).unwrap().is_empty());
    // The listing's summary equals the one of the detail view.
    for s in &all {
        assert_eq!(&store.story(s.id).unwrap().unwrap().summary, s);
    }
}

#[test]
fn stories_filter_by_time_outlet_and_text() {
    let store = listing_fixture();
    let q = |q: StoryQuery| ids(&store.stories(&q).unwrap());
    let since = Some(at("2024-05-03T00:00:00Z"));
    assert_eq!(q(StoryQuery { since, ..Default::default() }), [1, 4]);
    let until = Some(at("2024-05-02T00:00:00Z"));
    assert_eq!(q(StoryQuery { until, ..Default::default() }), [1, 3, 2]);
    assert_eq!(q(StoryQuery { since, until, ..Default::default() }), [1]);
    assert_eq!(q(StoryQuery { outlet: Some("city post".into()), ..Default::default() }), [4, 2]);
    assert_eq!(q(StoryQuery { outlet: Some(UNKNOWN_OUTLET.into()), ..Default::default() }), [1]);
    assert_eq!(q(StoryQuery { outlet: Some("  ".into()), ..Default::default() }), [1, 4, 3, 2]);
    assert_eq!(q(StoryQuery { text: Some("FLOOD".into()), ..Default::default() }), [1]);
    assert_eq!(q(StoryQuery { text: Some("re-elected".into()), ..Default::default() }), [2], "titles match");
    assert_eq!(q(StoryQuery { text: Some("100%".into()), ..Default::default() }), [3]);
    assert!(q(StoryQuery { text: Some("0% rise in prices_n".into()), ..Default::default() }) == [3]);
    assert!(
        q(StoryQuery { text: Some("prices%now".into()), ..Default::default() }).is_empty(),
        "% is literal"
    );
    assert!(q(StoryQuery { text: Some("e_e".into()), ..Default::default() }).is_empty(), "_ is literal");
    assert_eq!(
        q(StoryQuery { outlet: Some("City Post".into()), text: Some("storm".into()), ..Default::default() }),
        [4]
    );
}

#[test]
fn headline_prefers_original_titles_over_copies() {
    let mut store = Store::open_in_memory().unwrap();
    let mut copy = art("copy", &["Copied text. More."], Some("2024-05-01T00:00:00Z"));
    copy.title = Some("Copy's title".into());
    let mut original = art("orig", &["Original text."], Some("2024-05-02T00:00:00Z"));
    original.title = Some("Original title".into());
    store.insert_batch(&[NewArticle { copy: copy_of("orig"), ..new(copy, 1) }, new(original, 1)]).unwrap();
    assert_eq!(store.story(1).unwrap().unwrap().summary.headline, "Original title");
    assert_eq!(store.stories(&StoryQuery::default()).unwrap()[0].headline, "Original title");
}

#[test]
fn headline_falls_back_to_a_cut_first_sentence() {
    let mut store = Store::open_in_memory().unwrap();
    let long = format!("{} end. Next sentence.", "lorem ipsum ".repeat(20));
    store.insert_batch(&[new(art("a", &[&long, "Second paragraph."], None), 1)]).unwrap();
    let h = store.stories(&StoryQuery::default()).unwrap().remove(0).headline;
    assert!(h.chars().count() <= MAX_HEADLINE_CHARS, "{h}");
    assert!(h.ends_with("ipsum…") || h.ends_with("lorem…"), "{h}");
    assert_eq!(h, store.story(1).unwrap().unwrap().summary.headline);

    // The earliest article has no text: the next one gives the headline, the same in both views.
    let mut empty = Article::from_paragraphs(vec![]);
    empty.published = Some(at("2000-01-01T00:00:00Z"));
    store
        .insert_batch(&[new(empty, 2), new(art("t", &["Text here. More."], Some("2001-01-01T00:00:00Z")), 2)])
        .unwrap();
    assert_eq!(store.story(2).unwrap().unwrap().summary.headline, "Text here.");
    let listed = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(listed.iter().find(|s| s.id == 2).unwrap().headline, "Text here.");
}

#[test]
fn for_each_article_walks_in_ingest_order_and_stops_on_error() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&[new(art("b", &["B."], Some("2020-01-01T00:00:00Z")), 1)]).unwrap();
    store.insert_batch(&[new(art("a", &["A."], Some("2010-01-01T00:00:00Z")), 2)]).unwrap();
    store.insert_batch(&[new(art("c", &["C."], None), 1)]).unwrap();
    let order: Vec<(u64, String)> =
        store.articles().unwrap().into_iter().map(|a| (a.seq, a.article.id)).collect();
    assert_eq!(order, [(1, "b".into()), (2, "a".into()), (3, "c".into())]);

    let mut seen = 0;
    let err = store
        .for_each_article(|_| {
            seen += 1;
            Err(StoreError::Corrupt { row: "test".into(), reason: "stop".into() })
        })
        .unwrap_err();
    assert_eq!(seen, 1);
    assert_eq!(err.to_string(), "corrupt test in store: stop");
}

#[test]
fn corrupt_rows_give_errors_not_panics() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&[new(art("a", &["A."], None), 1)]).unwrap();
    store.conn.execute("UPDATE articles SET published = 'yesterday' WHERE id = 'a'", []).unwrap();
    let err = store.article("a").unwrap_err();
    assert!(err.to_string().starts_with("corrupt article a in store: bad time \"yesterday\""), "{err}");
    store.conn.execute("UPDATE articles SET published = NULL, origin = '{' WHERE id = 'a'", []).unwrap();
    assert!(store.articles().unwrap_err().to_string().starts_with("corrupt article a in store: origin:"));
    store.conn.execute("UPDATE articles SET origin = NULL, similarity = 0.5 WHERE id = 'a'", []).unwrap();
    assert!(store.article("a").unwrap_err().to_string().contains("copy columns are only partly set"));
    store.conn.execute("UPDATE articles SET similarity = NULL WHERE id = 'a'", []).unwrap();
    assert_eq!(store.article("a").unwrap().unwrap().origin, None);
}

#[test]
fn schema_is_current_and_integrity_ok() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION as usize, schema::MIGRATIONS.len());
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let fk: i64 = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn file_store_uses_wal_and_keeps_everything_on_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let new_a = NewArticle {
        article: full_article(),
        origin: Origin::record("crawl.warc.gz", 7),
        story: 42,
        copy: copy_of("x"),
    };
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.path(), path);
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 1, "NORMAL");
        store.insert_batch(&[new_a.clone(), new(art("b", &["Other."], None), 3)]).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.counts().unwrap(), (2, 2));
    let got = store.article("a1").unwrap().unwrap();
    assert_eq!(
        (got.article, got.origin, got.story, got.copy),
        (new_a.article, Some(new_a.origin), 42, new_a.copy)
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn two_connections_share_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    writer.insert_batch(&[new(art("a", &["A."], None), 1)]).unwrap();
    assert_eq!(reader.counts().unwrap(), (1, 1));
}

#[test]
fn migrates_an_empty_file_and_refuses_newer_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    assert_eq!(Store::open(&path).unwrap().schema_version().unwrap(), SCHEMA_VERSION);

    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 7).unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::SchemaTooNew { found: 7, known: SCHEMA_VERSION }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("store schema version 7 is newer than this samestory ({SCHEMA_VERSION})")
    );
}

#[test]
fn migration_steps_apply_in_order_once_each() {
    let mut conn = Connection::open_in_memory().unwrap();
    let path = Path::new(":memory:");
    let steps = ["CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"];
    schema::migrate_with(&mut conn, path, &steps[..2]).unwrap();
    assert_eq!(schema::user_version(&conn).unwrap(), 2);
    schema::migrate_with(&mut conn, path, &steps).unwrap();
    schema::migrate_with(&mut conn, path, &steps).unwrap();
    assert_eq!(schema::user_version(&conn).unwrap(), 3);
    let rows: i64 = conn.query_row("SELECT sum(x) FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 3, "each step ran exactly once");

    // A failing step leaves the previous version and none of its effects.
    let bad = [
        "CREATE TABLE t (x INTEGER)",
        "INSERT INTO t VALUES (1)",
        "INSERT INTO t VALUES (2)",
        "INSERT INTO t VALUES (4); SYNTAX ERROR",
    ];
    let err = schema::migrate_with(&mut conn, path, &bad).unwrap_err();
    assert!(err.to_string().starts_with("cannot migrate store :memory: to schema version 4: "), "{err}");
    assert_eq!(schema::user_version(&conn).unwrap(), 3);
    let rows: i64 = conn.query_row("SELECT sum(x) FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 3);
}

#[test]
fn unusable_paths_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    // A file where a directory should be.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Store::open(&blocker.join("store.db")).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(&format!("cannot open store {}", blocker.join("store.db").display()))
    );
    // A directory where the file should be.
    let err = Store::open(dir.path()).unwrap_err();
    assert!(err.to_string().starts_with("cannot open store"), "{err}");
    // Not a database.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database, just some text that is long enough ".repeat(20)).unwrap();
    let err = Store::open(&text).unwrap_err();
    assert_eq!(err.to_string(), format!("cannot open store {}: file is not a database", text.display()));
}

#[test]
fn read_only_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    Store::open(&path).unwrap();
    // Opened read-only by SQLite, as happens with a write-protected file.
    let err = Store::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("store {} is read-only (the file and its directory must be writable)", path.display())
    );
}

#[cfg(unix)]
#[test]
fn write_protected_file_and_directory_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    Store::open(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
        eprintln!("skipping: permissions are not enforced for this user (root?)");
        return;
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");

    // A read-only directory: neither a new file nor the WAL beside an existing one can be created.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let new_file = Store::open(&dir.path().join("new.db"));
    let existing = Store::open(&path);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = new_file.unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let err = existing.unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
}

#[test]
fn timestamps_sort_as_text_like_times() {
    let times = [
        at("0001-01-01T00:00:00Z"),
        at("1999-12-31T23:59:59.999999999Z"),
        at("2000-01-01T00:00:00Z"),
        at("2000-01-01T00:00:00.5Z"),
        at("2024-05-01T10:00:00+02:00"),
        at("9999-12-31T23:59:59Z"),
    ];
    let texts: Vec<String> = times.iter().map(format_time).collect();
    assert!(texts.windows(2).all(|w| w[0] < w[1]), "{texts:?}");
    assert!(texts.iter().all(|t| t.len() == 30 && t.ends_with('Z')));
    for (t, s) in times.iter().zip(&texts) {
        assert_eq!(parse_time(s).unwrap(), *t);
    }
}

proptest! {
    #[test]
    fn paragraphs_round_trip(paragraphs in prop::collection::vec("[a-z \t\n.é“”]{1,40}", 0..6)) {
        let paragraphs: Vec<String> =
            paragraphs.into_iter().filter(|p| paragraph_problem(p).is_none()).collect();
        let mut store = Store::open_in_memory().unwrap();
        let mut a = Article::from_paragraphs(vec![]);
        a.id = "p".into();
        a.paragraphs = paragraphs.clone();
        store.insert_batch(&[new(a, 1)]).unwrap();
        prop_assert_eq!(store.article("p").unwrap().unwrap().article.paragraphs, paragraphs);
    }

    #[test]
    fn time_text_order_is_time_order(a in 0i64..253_402_300_799, b in 0i64..253_402_300_799, na in 0u32..1_000_000_000, nb in 0u32..1_000_000_000) {
        let ta = DateTime::from_timestamp(a, na).unwrap();
        let tb = DateTime::from_timestamp(b, nb).unwrap();
        prop_assert_eq!(ta.cmp(&tb), format_time(&ta).cmp(&format_time(&tb)));
        prop_assert_eq!(parse_time(&format_time(&ta)).unwrap(), ta);
    }
}

/// Prints the insert rate of one batch of 10,000 synthetic articles into a file store (no assertion on time).
#[test]
fn insert_throughput_of_10000_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let batch: Vec<NewArticle> = (0..10_000u64)
        .map(|i| {
            let paragraphs: Vec<String> = (0..6)
                .map(|p| {
                    format!("Paragraph {p} of article {i}: {}", "some words of ordinary news text ".repeat(8))
                })
                .collect();
            let mut a = Article::from_paragraphs(paragraphs);
            a.id = format!("bench-{i}");
            a.url = Some(format!("https://outlet{}.example/news/{i}", i % 20));
            a.outlet = Some(format!("Outlet {}", i % 20));
            a.title = Some(format!("Headline number {i}"));
            a.published = Some(at("2024-01-01T00:00:00Z") + TimeDelta::minutes(i as i64));
            NewArticle { article: a, origin: Origin::line("bench.jsonl", i + 1), story: i / 5, copy: None }
        })
        .collect();
    let start = Instant::now();
    let outcomes = store.insert_batch(&batch).unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(outcomes.iter().all(|o| *o == InsertOutcome::Inserted));
    assert_eq!(store.counts().unwrap(), (10_000, 2_000));
    println!("inserted 10000 articles in {secs:.3} s: {:.0} inserts/s", 10_000.0 / secs);

    let start = Instant::now();
    let mut n = 0;
    store
        .for_each_article(|_| {
            n += 1;
            Ok(())
        })
        .unwrap();
    println!("read back {n} articles in {:.3} s", start.elapsed().as_secs_f64());
    let start = Instant::now();
    let page = store.stories(&StoryQuery::default()).unwrap();
    println!("listed {} stories in {:.4} s", page.len(), start.elapsed().as_secs_f64());
    assert_eq!(page[0].id, 1999);
}

#[test]
fn undated_articles_do_not_stretch_a_dated_story() {
    let mut store = Store::open_in_memory().unwrap();
    let dated = art("a", &["Dated."], Some("2024-05-01T00:00:00Z"));
    let mut undated = art("b", &["Undated."], None);
    undated.ingested = Some(at("2026-11-21T12:00:00Z"));
    store.insert_batch(&[new(dated, 1), new(undated.clone(), 1)]).unwrap();
    let s = store.story(1).unwrap().unwrap().summary;
    assert_eq!((s.first_seen, s.last_seen), (at("2024-05-01T00:00:00Z"), at("2024-05-01T00:00:00Z")));
    assert_eq!(s.article_count, 2);
    // a story of undated articles only spans their ingest times
    let mut other = undated;
    other.id = "c".into();
    other.paragraphs = vec!["Other.".into()];
    other.content_hash = "c".repeat(32);
    store.insert_batch(&[new(other, 2)]).unwrap();
    let s = store.story(2).unwrap().unwrap().summary;
    assert_eq!(s.first_seen, at("2026-11-21T12:00:00Z"));
}

#[test]
fn merges_move_articles_resolve_ids_and_roll_back_with_their_batch() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&[
            new(art("a", &["Flood in Carrow."], Some("2025-06-01T10:00:00Z")), 1),
            new(art("b", &["Carrow floods again."], Some("2025-06-01T12:00:00Z")), 2),
            new(art("c", &["Election in Tessel."], Some("2025-06-01T09:00:00Z")), 3),
        ])
        .unwrap();
    // One batch: a new article in story 2, then story 2 joins story 1 and story 4 (new) joins story 1.
    let outcomes = store
        .insert_batch_merging(
            &[
                new(art("d", &["Carrow river recedes."], Some("2025-06-02T08:00:00Z")), 2),
                new(art("e", &["Carrow cleans up."], Some("2025-06-02T09:00:00Z")), 4),
            ],
            &[],
            &[StoryMerge { absorbed: 2, survivor: 1 }, StoryMerge { absorbed: 4, survivor: 2 }],
        )
        .unwrap();
    assert_eq!(outcomes, [InsertOutcome::Inserted, InsertOutcome::Inserted]);
    assert_eq!(store.counts().unwrap(), (5, 2), "absorbed stories are not counted");
    assert_eq!(store.resolve_story(2).unwrap(), 1);
    assert_eq!(store.resolve_story(4).unwrap(), 1, "4 joined 2, which had joined 1");
    assert_eq!(store.resolve_story(3).unwrap(), 3);
    assert_eq!(store.resolve_story(99).unwrap(), 99);
    assert_eq!(
        store.merges().unwrap(),
        [StoryMerge { absorbed: 2, survivor: 1 }, StoryMerge { absorbed: 4, survivor: 2 }]
    );
    assert_eq!(store.max_story_id().unwrap(), Some(4), "absorbed ids are never reused");
    let one = store.story(1).unwrap().unwrap();
    let via_alias = store.story(4).unwrap().unwrap();
    assert_eq!(one, via_alias);
    assert_eq!(one.summary.id, 1);
    assert_eq!(one.summary.merged_from, [2, 4]);
    assert_eq!(one.summary.article_count, 4);
    assert_eq!(
        (one.summary.first_seen, one.summary.last_seen),
        (at("2025-06-01T10:00:00Z"), at("2025-06-02T09:00:00Z"))
    );
    assert!(one.articles.iter().all(|a| a.story == 1));
    let listed = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(listed[0], one.summary);
    assert!(
        store
            .stories(&StoryQuery { outlet: None, text: Some("recedes".into()), ..StoryQuery::default() })
            .unwrap()
            .iter()
            .all(|s| s.id == 1)
    );
    // The arrival stories are kept for replay.
    let mut arrivals = Vec::new();
    store
        .for_each_assigned(|a, arrival| {
            arrivals.push((a.article.id, a.story, arrival));
            Ok(())
        })
        .unwrap();
    let expected = [("a", 1, 1), ("b", 1, 2), ("c", 3, 3), ("d", 1, 2), ("e", 1, 4)];
    assert_eq!(arrivals, expected.map(|(id, s, a)| (id.to_string(), s, a)));
    // JSON leaves the field out when there is nothing merged.
    let three = serde_json::to_value(&listed[1]).unwrap();
    assert!(three.get("merged_from").is_none(), "{three}");
    assert_eq!(serde_json::to_value(&listed[0]).unwrap()["merged_from"], serde_json::json!([2, 4]));

    // A bad merge fails the whole batch: the article in it is not stored.
    for bad in [StoryMerge { absorbed: 2, survivor: 3 }, StoryMerge { absorbed: 3, survivor: 3 }] {
        let err =
            store.insert_batch_merging(&[new(art("f", &["Other news."], None), 5)], &[], &[bad]).unwrap_err();
        assert!(matches!(err, StoreError::InvalidMerge { .. }), "{err:?}");
        assert!(
            err.to_string().starts_with(&format!("cannot merge story {} into story 3", bad.absorbed)),
            "{err}"
        );
        assert!(store.article("f").unwrap().is_none());
        assert_eq!(store.counts().unwrap(), (5, 2));
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn merges_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merges.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&[new(art("a", &["A."], None), 1), new(art("b", &["B."], None), 2)]).unwrap();
        store.record_merges(&[StoryMerge { absorbed: 2, survivor: 1 }]).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.resolve_story(2).unwrap(), 1);
    assert_eq!(store.counts().unwrap(), (2, 1));
    assert_eq!(store.article("b").unwrap().unwrap().story, 1);
}

fn advance(partition: i32, from: Option<i64>, to: i64) -> OffsetAdvance {
    OffsetAdvance { topic: "articles".into(), partition, from, to }
}

#[test]
fn consumer_offset_moves_with_its_batch() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.consumer_offset("articles", 0).unwrap(), None);
    let a = new(art("k1", &["Snow closed the pass on Friday."], None), 1);
    let out = store.insert_batch_advancing(&[a], &[], &[], &advance(0, None, 5)).unwrap();
    assert_eq!(out, [InsertOutcome::Inserted]);
    assert_eq!(store.consumer_offset("articles", 0).unwrap(), Some(5));
    // another partition and another topic are separate positions
    assert_eq!(store.consumer_offset("articles", 1).unwrap(), None);
    assert_eq!(store.consumer_offset("other", 0).unwrap(), None);
    // an empty batch (all of it rejected) still moves the position
    store.insert_batch_advancing(&[], &[], &[], &advance(0, Some(5), 9)).unwrap();
    assert_eq!(store.consumer_offsets().unwrap(), [("articles".to_string(), 0, 9)]);
}

#[test]
fn a_stale_consumer_position_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let first = new(art("k1", &["Snow closed the pass on Friday."], None), 1);
    store.insert_batch_advancing(&[first], &[], &[], &advance(2, None, 3)).unwrap();
    // a writer that still believes nothing was read (a zombie after a rebalance) is refused, whole
    let late = new(art("k2", &["The ferry was cancelled on Saturday."], None), 2);
    let err = store
        .insert_batch_advancing(std::slice::from_ref(&late), &[], &[], &advance(2, None, 3))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::OffsetMoved { partition: 2, expected: None, found: Some(3), .. }),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "the consumer offset of articles/2 moved: expected none, found 3");
    let err = store.insert_batch_advancing(&[late], &[], &[], &advance(2, Some(1), 4)).unwrap_err();
    assert!(matches!(err, StoreError::OffsetMoved { .. }), "{err:?}");
    assert_eq!(store.counts().unwrap(), (1, 1));
    assert!(store.article("k2").unwrap().is_none());
    assert_eq!(store.consumer_offset("articles", 2).unwrap(), Some(3));
}

#[test]
fn a_consumer_position_must_move_forward() {
    let mut store = Store::open_in_memory().unwrap();
    for bad in [advance(0, Some(4), 4), advance(0, Some(4), 2), advance(-1, None, 1), advance(0, None, -1)] {
        let a = new(art("k1", &["Snow closed the pass on Friday."], None), 1);
        let err = store.insert_batch_advancing(&[a], &[], &[], &bad).unwrap_err();
        assert!(matches!(err, StoreError::InvalidOffset { .. }), "{bad:?}: {err:?}");
    }
    assert_eq!(store.counts().unwrap(), (0, 0));
}

#[test]
fn consumer_offsets_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    let mut store = Store::open(&path).unwrap();
    let a = new(art("k1", &["Snow closed the pass on Friday."], None), 1);
    store.insert_batch_advancing(&[a], &[], &[], &advance(7, None, 12)).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.consumer_offset("articles", 7).unwrap(), Some(12));
}
