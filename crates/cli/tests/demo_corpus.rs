//! The demo corpus: every reader, copies and stories, checked against its expected partition.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::util::{corpus, run_ok, stories_with_articles};

/// The key EXPECTED.json names an article by: its JSON Lines id, `warc/FILE#URL` for a WARC record, else the
/// file's path under the corpus.
fn member_key(article: &Value) -> String {
    let origin = &article["origin"];
    let source = origin["source"].as_str().unwrap();
    let relative = Path::new(source).strip_prefix(corpus()).map(|p| p.to_string_lossy().into_owned());
    let relative = relative.unwrap_or_else(|_| source.to_string());
    if !origin["line"].is_null() {
        article["id"].as_str().unwrap().to_string()
    } else if !origin["record"].is_null() {
        format!("{relative}#{}", article["url"].as_str().unwrap())
    } else {
        relative
    }
}

fn partition(db: &Path) -> (BTreeSet<BTreeSet<String>>, BTreeMap<String, String>) {
    let mut stories = BTreeSet::new();
    let mut copies = BTreeMap::new();
    for (_, articles) in stories_with_articles(db) {
        let keys: BTreeMap<&str, String> =
            articles.iter().map(|a| (a["id"].as_str().unwrap(), member_key(a))).collect();
        for a in &articles {
            if let Some(of) = a["copy"]["of"].as_str() {
                copies.insert(keys[a["id"].as_str().unwrap()].clone(), keys[of].clone());
            }
        }
        stories.insert(keys.into_values().collect());
    }
    (stories, copies)
}

fn expected() -> (BTreeSet<BTreeSet<String>>, BTreeMap<String, String>) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("../EXPECTED.json")).unwrap()).unwrap();
    let mut stories = BTreeSet::new();
    let mut copies = BTreeMap::new();
    for s in expected["stories"].as_array().unwrap() {
        stories.insert(
            s["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect(),
        );
        for (copy, original) in s["copies"].as_object().unwrap() {
            copies.insert(copy.clone(), original.as_str().unwrap().to_string());
        }
    }
    (stories, copies)
}

fn ingest(db: &Path, paths: &[&Path]) -> Value {
    let mut args = vec!["ingest", "--db", db.to_str().unwrap(), "--json"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    serde_json::from_str(&run_ok(&args)).unwrap()
}

#[test]
fn demo_corpus_gives_the_expected_stories_and_copies() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    let report = ingest(&db, &[&corpus()]);
    assert_eq!(report["rejected_count"], 0, "{report}");

    let (stories, copies) = partition(&db);
    let (want_stories, want_copies) = expected();
    assert_eq!(stories, want_stories);
    // Word-for-word and excerpt copies must be found; the machine translation is a rewording, which copy
    // detection is not required to catch (it is in the right story either way).
    for (copy, original) in &want_copies {
        if copy.contains("machine-translated") {
            continue;
        }
        assert_eq!(copies.get(copy), Some(original), "copy {copy} not linked; found {copies:?}");
    }
    for (copy, original) in &copies {
        assert_eq!(want_copies.get(copy), Some(original), "unexpected copy link {copy} -> {original}");
    }
}

#[test]
fn a_restart_continues_with_identical_stories() {
    let tmp = tempfile::tempdir().unwrap();
    let once = tmp.path().join("once.db");
    let twice = tmp.path().join("twice.db");
    let (first, second) = (corpus().join("html"), corpus().join("jsonl"));
    ingest(&once, &[&first, &second]);
    ingest(&twice, &[&first]);
    ingest(&twice, &[&second]);
    let ids = |db: &Path| -> BTreeMap<u64, BTreeSet<String>> {
        stories_with_articles(db)
            .into_iter()
            .map(|(id, articles)| {
                (id, articles.iter().map(|a| a["id"].as_str().unwrap().to_string()).collect())
            })
            .collect()
    };
    assert_eq!(ids(&once), ids(&twice));
}

#[test]
fn demo_command_ingests_the_corpus_and_prints_stories() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("demo.db");
    let out = run_ok(&["demo", "--db", db.to_str().unwrap()]);
    assert!(out.contains("rejected 0"), "{out}");
    let stories = out.lines().filter(|l| l.starts_with("story ")).count();
    assert_eq!(stories, expected().0.len(), "{out}");
    // Running it again starts from a fresh store.
    let again = run_ok(&["demo", "--db", db.to_str().unwrap()]);
    assert!(again.contains("duplicate 0"), "{again}");
}
