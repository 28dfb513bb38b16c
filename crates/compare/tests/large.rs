//! Larger stories from real texts: a GoogleNews cluster of 20 or more reports, and 50 full PolNeAR articles
//! about one candidate compared as one story (far more text and quotes than a real story has; the time is
//! printed, `cargo run --release -p samestory-compare --example timing` measures it in release).

use std::io::{BufRead, BufReader};
use std::time::Instant;

use samestory_compare::{Comparison, Member, compare};
use samestory_model::Article;

fn member(id: String, outlet: String, paragraphs: Vec<String>) -> Member {
    let mut a = Article::from_paragraphs(paragraphs);
    a.id = id;
    a.outlet = Some(outlet);
    Member::original(a)
}

/// Structure every comparison keeps, whatever its input.
fn well_formed(c: &Comparison, n: usize) {
    assert_eq!(c.timeline.len(), n);
    for f in &c.shared_facts {
        assert!(f.outlets.len() >= 2);
        let mut articles: Vec<&str> = f.versions.iter().map(|v| v.article.as_str()).collect();
        articles.sort_unstable();
        articles.dedup();
        assert_eq!(articles.len(), f.versions.len(), "one article twice in a fact");
    }
    for q in &c.quotes {
        assert!(!q.versions.is_empty());
        let mut articles: Vec<&str> = q.versions.iter().map(|v| v.article.as_str()).collect();
        articles.sort_unstable();
        articles.dedup();
        assert_eq!(articles.len(), q.versions.len(), "one article twice in a quote row");
    }
    for e in &c.entities {
        assert!(!e.outlets.is_empty() && e.mentions > 0);
    }
}

#[test]
fn googlenews_story_of_twenty_reports() {
    let Some(path) = samestory_testkit::shared("data/clustering/googlenews/GoogleNews-TS.jsonl.gz") else {
        return;
    };
    let file = std::fs::File::open(&path).unwrap();
    let mut by_cluster: std::collections::BTreeMap<u64, Vec<String>> = Default::default();
    for line in BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        by_cluster
            .entry(v["cluster"].as_u64().unwrap())
            .or_default()
            .push(v["text"].as_str().unwrap().into());
    }
    // The first cluster of 20 to 60 reports, each from its own outlet.
    let (_, texts) = by_cluster.into_iter().find(|(_, t)| (20..=60).contains(&t.len())).unwrap();
    let members: Vec<Member> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| member(format!("g{i}"), format!("outlet {i:02}"), vec![t]))
        .collect();
    let c = compare(9, &members);
    well_formed(&c, members.len());
    assert!(members.len() >= 20);
    // Reports of one event share what happened: some fact is reported by several of them.
    let widest = c.shared_facts.first().expect("a shared fact");
    assert!(widest.outlets.len() >= 3, "{widest:#?}");
    assert_eq!(c.outlets.len(), members.len());
}

#[test]
fn fifty_full_articles_compare_quickly_and_keep_their_structure() {
    let Some(path) = samestory_testkit::shared("data/quotes/polnear-train-dev.jsonl.gz") else { return };
    let gold = samestory_quotes::score::read_gold(&path).unwrap();
    let members: Vec<Member> = gold
        .iter()
        .filter(|a| a.id.contains("trump"))
        .take(50)
        .map(|a| {
            let outlet = a.id.split('/').nth(1).and_then(|s| s.split('_').next()).unwrap_or("?").to_string();
            member(a.id.clone(), outlet, a.text.split('\n').map(str::to_string).collect())
        })
        .collect();
    assert_eq!(members.len(), 50);
    let t = Instant::now();
    let c = compare(1, &members);
    eprintln!("50 PolNeAR articles compared in {:.0} ms (test profile)", t.elapsed().as_secs_f64() * 1e3);
    well_formed(&c, 50);
    let trump = c
        .entities
        .iter()
        .find(|e| e.name.ends_with("Trump"))
        .unwrap_or_else(|| panic!("no Trump in {:?}", &c.entities[..10]));
    assert!(trump.outlets.len() >= 5, "{trump:#?}");
    assert!(trump.quotes >= 10, "{}", trump.quotes);
    assert!(c.quotes.iter().filter(|q| q.speaker.is_some()).count() > 100);
}
