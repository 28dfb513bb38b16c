//! Ingest order within a batch does not change stored content.
//!
//! Precisely, for one ingest of a batch into an empty store, where no two *different* documents share an
//! id or a URL (the same document may come several times) and no two articles share a publication time,
//! every order of the batch gives
//!
//! 1. the same set of stored articles, each with the same content (id, URL, outlet, title, publication
//!    time, paragraphs, content hash), and every repeat counted as a duplicate;
//! 2. the same copy links: which article each copy points at (the earliest published of its group) and
//!    the kind of copy;
//! 3. the same stories as a partition of the articles, when the batch's events are well separated (no
//!    content words shared between events) and each event's reports are close (they share its lead and
//!    its vocabulary). Story ids are numbered in creation order, so they are compared up to renaming.
//!
//! What does depend on order, and is not compared: story ids themselves, ingest sequence numbers and
//! times, and the partition when events overlap or an event's reports are only loosely alike (online
//! clustering is greedy: the first article of a story shapes what joins it, so a borderline report may
//! start a story of its own in one order and join in another).
//!
//! The batches and orders are drawn from a seeded generator (set `SAMESTORY_ORDER_SEED` to replay one);
//! each failure prints its seed and the order that broke the property.

use std::collections::{BTreeMap, BTreeSet};

use samestory_model::{Body, Hints, Origin, RawDocument, Rejection};
use samestory_pipeline::{EngineConfig, Ingestor};
use samestory_store::Store;
use samestory_testkit::synthetic::Rng;

/// Events with disjoint vocabularies: every report of an event writes its own sentences from its words.
const EVENTS: &[&str] = &[
    "floodwater embankment cellars riverside terraces sandbags swollen weir pumps basements hydrologists \
     gauge evacuated households gymnasium meteorologists downpours catchment levee torrent",
    "locomotive drivers walkout depot freight commuter timetables picket signal union negotiators salary \
     proposal passengers replacement coaches platforms cancellations railway conductors",
    "blaze gutted timber warehouse quay smoke marina firefighters foam pallets varnish investigators \
     charred wiring loading yacht vessels embers insurers arson",
    "archaeologists unearthed bronze burial mound vineyard excavators amber beads corroded dagger \
     radiocarbon skeletons millennia vintners trench curators artefacts museum pottery",
    "astronomers observatory comet andromeda telescopes luminous tail twilight stargazers nucleus orbital \
     perihelion planetarium eclipse asteroid meteor galaxy spectrum",
];

/// Words of the stories already in the store before the batch (none of them in any event).
const BACKGROUND: &str = "parliament budget minister taxation pension reform hospital nurses surgery vaccine \
    football striker goalkeeper league stadium tournament orchestra symphony violinist festival novel \
    publisher bookshop author harvest wheat farmers tractor drought cattle software startup investors \
    smartphone battery factory workers wages inflation mortgage bank interest lending tourism hotels";

/// The store's history before the batch: articles on other topics, always the same, always first. They
/// settle the document frequencies the clusterer weighs words with, as a store in use has them.
fn background() -> Vec<RawDocument> {
    let mut rng = Rng::new(0xbac6_2022);
    let words: Vec<&str> = BACKGROUND.split_whitespace().collect();
    (0..60)
        .map(|i| {
            let topic = &words[(i % 5) * 9..(i % 5) * 9 + 9];
            let text: Vec<String> = (0..3).map(|_| sentence(&mut rng, topic)).collect();
            RawDocument {
                origin: Origin::file(format!("background-{i}.txt")),
                hints: Hints {
                    id: Some(format!("b{i:02}")),
                    url: Some(format!("https://history.example/{i}")),
                    lang: Some("en".into()),
                    published: Some(format!("2026-03-31T{:02}:{:02}:00Z", i / 3, i % 60)),
                    ..Hints::default()
                },
                body: Body::Text(text.join("\n\n")),
            }
        })
        .collect()
}

/// A sentence of 8 to 13 of the event's words (lowercase throughout: a capital would make the first word
/// look like a name to the clusterer, and names weigh more).
fn sentence(rng: &mut Rng, words: &[&str]) -> String {
    let n = 8 + rng.below(6);
    let s: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
    format!("{}.", s.join(" "))
}

const OUTLETS: &[&str] =
    &["Harbour Post", "Valley Ledger", "Morning Kite", "Test Wire", "Daily Lantern", "Civic Bell"];

/// A batch: a few reports per event, some repeated word for word under other URLs (copies), some sent
/// twice (duplicates). Publication times are all different.
fn batch(rng: &mut Rng) -> Vec<RawDocument> {
    let mut docs = Vec::new();
    let events = 2 + rng.below(EVENTS.len() - 1);
    let mut minute = 0;
    for (e, vocabulary) in EVENTS.iter().take(events).enumerate() {
        // a small vocabulary: an event's reports weigh the same few words (one story), but their word
        // sequences differ (no report is a copy or an excerpt of another)
        let words: Vec<&str> = vocabulary.split_whitespace().take(10).collect();
        for r in 0..2 + rng.below(4) {
            let outlet = OUTLETS[rng.below(OUTLETS.len())];
            let paragraphs: Vec<String> = (0..3 + rng.below(3))
                .map(|_| (0..2 + rng.below(2)).map(|_| sentence(rng, &words)).collect::<Vec<_>>().join(" "))
                .collect();
            minute += 1 + rng.below(50);
            let doc = |id: String, url: String, outlet: &str, minute: usize, second: usize| RawDocument {
                origin: Origin::file(format!("{id}.txt")),
                hints: Hints {
                    id: Some(id),
                    url: Some(url),
                    outlet: Some(outlet.into()),
                    lang: Some("en".into()),
                    published: Some(format!(
                        "2026-04-0{}T{:02}:{:02}:{second:02}Z",
                        1 + minute / 1440,
                        minute / 60 % 24,
                        minute % 60
                    )),
                    ..Hints::default()
                },
                body: Body::Text(paragraphs.join("\n\n")),
            };
            let id = format!("e{e}r{r}");
            docs.push(doc(id.clone(), format!("https://news.example/{id}"), outlet, minute, 0));
            if rng.below(3) == 0 {
                // an aggregator's copy, word for word or with a line of its own added, published a little
                // before (it then is the original of the group) or after the report; the seconds keep every
                // time distinct
                let at = if rng.below(2) == 0 { minute + 7 } else { minute - 1 };
                let url = format!("https://aggregator.example/{id}");
                let mut copy = doc(format!("{id}-copy"), url, "Aggregator", at, 30);
                if let (0, Body::Text(text)) = (rng.below(2), &mut copy.body) {
                    text.push_str("\n\nThis story was syndicated by the Aggregator news service today.");
                }
                docs.push(copy);
            }
            if rng.below(4) == 0 {
                let again = docs.last().unwrap().clone();
                docs.push(again);
            }
        }
    }
    docs
}

/// What must not depend on order.
#[derive(Debug, PartialEq)]
struct Outcome {
    /// id → (content, copy link).
    articles: BTreeMap<String, (String, Option<(String, String)>)>,
    /// The stories as sets of article ids.
    stories: BTreeSet<BTreeSet<String>>,
    duplicates: u64,
    rejected: usize,
}

fn ingest(docs: &[RawDocument], batch_size: usize) -> Outcome {
    let mut ingestor = Ingestor::open(Store::open_in_memory().unwrap(), EngineConfig::default())
        .unwrap()
        .with_batch_size(batch_size);
    let items: Vec<Result<RawDocument, Rejection>> =
        background().into_iter().chain(docs.iter().cloned()).map(Ok).collect();
    let report = ingestor.ingest(items, |_| {}).unwrap();
    let stored = ingestor.store().articles().unwrap();
    let mut stories: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    let mut articles = BTreeMap::new();
    for s in stored {
        let a = &s.article;
        let content = format!(
            "{:?} {:?} {:?} {:?} {:?} {}",
            a.url, a.outlet, a.title, a.published, a.paragraphs, a.content_hash
        );
        stories.entry(s.story).or_default().insert(a.id.clone());
        articles.insert(a.id.clone(), (content, s.copy.map(|c| (c.of, c.kind))));
    }
    Outcome {
        articles,
        stories: stories.into_values().collect(),
        duplicates: report.duplicate,
        rejected: report.rejected.len(),
    }
}

#[test]
fn ingest_order_within_a_batch_does_not_change_stored_content() {
    let seed =
        std::env::var("SAMESTORY_ORDER_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_0bde_u64);
    let mut rng = Rng::new(seed | 1);
    let mut copies = 0;
    for case in 0..12 {
        let docs = batch(&mut rng);
        let expected = ingest(&docs, 256);
        assert_eq!(expected.rejected, 0, "case {case}: a document was rejected");
        assert!(expected.stories.len() >= 2, "case {case}: the events were not told apart: {expected:?}");
        copies += expected.articles.values().filter(|a| a.1.is_some()).count();
        for _ in 0..4 {
            let mut shuffled = docs.clone();
            rng.shuffle(&mut shuffled);
            let batch_size = [256, 5][rng.below(2)];
            let got = ingest(&shuffled, batch_size);
            let order: Vec<String> = shuffled.iter().map(|d| d.hints.id.clone().unwrap()).collect();
            let differing: Vec<_> = expected
                .articles
                .iter()
                .filter(|(id, e)| got.articles.get(*id) != Some(e))
                .map(|(id, e)| (id, &e.1, got.articles.get(id).map(|g| &g.1)))
                .collect();
            assert!(
                differing.is_empty() && got.articles.len() == expected.articles.len(),
                "case {case} (seed {seed}, batch size {batch_size}): stored articles or copy links differ \
                 (id, expected copy link, got) {differing:?} for order {order:?}"
            );
            assert_eq!(got.duplicates, expected.duplicates, "case {case} (seed {seed}): order {order:?}");
            let only_expected: Vec<_> = expected.stories.difference(&got.stories).collect();
            let only_got: Vec<_> = got.stories.difference(&expected.stories).collect();
            assert!(
                only_expected.is_empty() && only_got.is_empty(),
                "case {case} (seed {seed}, batch size {batch_size}): stories {only_expected:?} became \
                 {only_got:?} for order {order:?}"
            );
        }
    }
    assert!(copies >= 10, "the batches held too few copies to test copy links: {copies}");
}

#[test]
fn every_event_is_one_story_whatever_the_order() {
    // The partition compared above is the right one, not merely a stable one.
    let mut rng = Rng::new(7);
    let docs = batch(&mut rng);
    let outcome = ingest(&docs, 256);
    let event = |id: &String| id.starts_with('e').then(|| id[..2].to_string());
    let mut event_stories = 0;
    for story in &outcome.stories {
        let events: BTreeSet<String> = story.iter().filter_map(event).collect();
        assert!(events.len() <= 1, "a story mixes events: {story:?}");
        if !events.is_empty() {
            assert!(story.iter().all(|id| event(id).is_some()), "an event joined the history: {story:?}");
            event_stories += 1;
        }
    }
    let events: BTreeSet<String> = outcome.articles.keys().filter_map(event).collect();
    assert_eq!(event_stories, events.len(), "an event is split: {:?}", outcome.stories);
}
