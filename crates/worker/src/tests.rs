//! Tests of the partition state with no broker: offsets in the batch transaction, bad messages, restarts.

use proptest::prelude::*;
use samestory_pipeline::{EngineConfig, Ingestor};
use samestory_store::{Store, StoreError};

use super::*;

const STORIES: &[&str] = &[
    "The river Aln burst its banks in Carrow on Monday night, flooding forty homes and the old market square. \
     Rescue teams from three counties worked through the night, the mayor of Carrow said.",
    "Voters in Tessel re-elected governor Mara Quint on Sunday with 58 percent of the vote, the electoral \
     commission said. Turnout was the highest in two decades.",
    "A fire at the Brennick paper mill sent smoke over the harbour on Tuesday; no one was hurt, the fire \
     service said after crews fought the blaze for six hours.",
    "The Corvel city council approved a new tram line on Wednesday after a vote of nine to four, ending a \
     year of debate about the route through the old town.",
];

/// Message `i` of a synthetic partition: articles, exact and near copies of earlier ones, and bad messages.
fn payload(i: usize) -> Option<Vec<u8>> {
    let story = STORIES[i % STORIES.len()];
    let json = match i % 7 {
        5 => return Some(b"{not json".to_vec()),
        6 if i.is_multiple_of(2) => return None,
        3 => serde_json::json!({"id": format!("m{i}"), "source": "Wire Copy", "text": story}),
        _ => serde_json::json!({
            "id": format!("m{i}"),
            "source": format!("Outlet {}", i % 5),
            "text": format!("{story} Update {i}: officials gave new figures for item {i} late on the day."),
        }),
    };
    Some(json.to_string().into_bytes())
}

fn messages(n: usize, first_offset: i64) -> Vec<Message> {
    (0..n).map(|i| Message { offset: first_offset + 2 * i as i64, payload: payload(i) }).collect()
}

/// Every article's id, story and copy link, and the merges.
type State = (Vec<(String, u64, Option<String>)>, Vec<(u64, u64)>);

fn state(store: &Store) -> State {
    let articles = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| (a.article.id, a.story, a.copy.map(|c| c.of)))
        .collect();
    let merges = store.merges().unwrap().into_iter().map(|m| (m.absorbed, m.survivor)).collect();
    (articles, merges)
}

/// The state of one ingest of the messages, in offset order, with no consumer involved.
fn one_ingest(messages: &[Message]) -> State {
    let mut ing = Ingestor::open(Store::open_in_memory().unwrap(), EngineConfig::default()).unwrap();
    ing.ingest(messages.iter().map(|m| to_document("t/0", m)), |_| {}).unwrap();
    state(ing.store())
}

#[test]
fn topic_names_are_checked_as_kafka_does() {
    for good in ["articles", "a.b_c-9", &"x".repeat(249)] {
        assert!(check_topic(good).is_ok(), "{good}");
    }
    for bad in ["", ".", "..", "a b", "a/b", "news:today", &"x".repeat(250)] {
        let err = check_topic(bad).unwrap_err();
        assert!(err.to_string().starts_with("bad topic name"), "{bad}: {err}");
    }
}

#[test]
fn bad_messages_are_rejected_with_their_offset_and_the_offset_moves_past_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = PartitionState::open(dir.path(), "articles", 3, EngineConfig::default()).unwrap();
    assert_eq!(p.next_offset(), None);
    let batch = vec![
        Message { offset: 10, payload: Some(b"{not json".to_vec()) },
        Message { offset: 11, payload: None },
        Message { offset: 12, payload: Some(vec![0xff, 0xfe, b'{']) },
        Message { offset: 13, payload: Some(b"  ".to_vec()) },
        Message { offset: 14, payload: Some(br#"{"title": "no body"}"#.to_vec()) },
        Message { offset: 15, payload: Some(br#"[1, 2]"#.to_vec()) },
        Message { offset: 17, payload: payload(0) },
    ];
    let report = p.apply(&batch).unwrap();
    assert_eq!((report.messages, report.new, report.rejected.len()), (7, 1, 6));
    assert_eq!(report.next_offset, Some(18));
    let offsets: Vec<_> = report.rejected.iter().map(|r| r.origin.record).collect();
    assert_eq!(offsets, [Some(10), Some(11), Some(12), Some(13), Some(14), Some(15)]);
    assert!(report.rejected.iter().all(|r| r.origin.source == "articles/3"));
    assert_eq!(report.rejected[1].reason, "message has no payload");
    assert_eq!(report.rejected[2].reason, "message is not UTF-8 text");
    assert_eq!(report.rejected[4].reason, "missing text or html");
    assert_eq!(p.store().consumer_offset("articles", 3).unwrap(), Some(18));
    // a batch of nothing but bad messages still moves the offset
    let report = p.apply(&[Message { offset: 18, payload: Some(b"nope".to_vec()) }]).unwrap();
    assert_eq!((report.new, report.next_offset), (0, Some(19)));
    assert_eq!(p.store().consumer_offset("articles", 3).unwrap(), Some(19));
}

#[test]
fn a_reopened_partition_resumes_at_its_offset_and_skips_what_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let all = messages(20, 0);
    {
        let mut p = PartitionState::open(dir.path(), "articles", 0, EngineConfig::default()).unwrap();
        p.apply(&all[..12]).unwrap();
    }
    let mut p = PartitionState::open(dir.path(), "articles", 0, EngineConfig::default()).unwrap();
    assert_eq!(p.next_offset(), Some(all[11].offset + 1));
    // the broker delivers from an earlier offset: what was applied is skipped, not counted
    let report = p.apply(&all[8..]).unwrap();
    assert_eq!(report.messages, 8);
    assert_eq!(p.apply(&all[15..]).unwrap(), BatchReport::default(), "nothing new, nothing written");
    assert_eq!(state(p.store()), one_ingest(&all));
}

#[test]
fn offsets_going_backwards_in_a_batch_fail_and_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = PartitionState::open(dir.path(), "articles", 0, EngineConfig::default()).unwrap();
    let mut batch = messages(4, 0);
    batch.swap(1, 2);
    let err = p.apply(&batch).unwrap_err();
    assert_eq!(err.to_string(), "offset 2 of articles/0 came after offset 4");
    assert_eq!(p.store().counts().unwrap(), (0, 0));
    assert_eq!(p.store().consumer_offset("articles", 0).unwrap(), None);
}

#[test]
fn a_second_owner_of_a_partition_cannot_store_a_batch_twice() {
    let dir = tempfile::tempdir().unwrap();
    let all = messages(10, 0);
    let mut zombie = PartitionState::open(dir.path(), "articles", 1, EngineConfig::default()).unwrap();
    let mut owner = PartitionState::open(dir.path(), "articles", 1, EngineConfig::default()).unwrap();
    owner.apply(&all[..5]).unwrap();
    let err = zombie.apply(&all[..6]).unwrap_err();
    assert!(
        matches!(
            &err,
            WorkerError::Pipeline {
                source: samestory_pipeline::PipelineError::Store(StoreError::OffsetMoved { .. }),
                ..
            }
        ),
        "{err}"
    );
    owner.apply(&all[5..]).unwrap();
    assert_eq!(state(owner.store()), one_ingest(&all));
}

#[test]
fn a_store_of_another_partition_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut p = PartitionState::open(dir.path(), "articles", 2, EngineConfig::default()).unwrap();
        p.apply(&messages(2, 0)).unwrap();
    }
    std::fs::rename(store_path(dir.path(), "articles", 2), store_path(dir.path(), "articles", 5)).unwrap();
    let err = PartitionState::open(dir.path(), "articles", 5, EngineConfig::default()).unwrap_err();
    assert!(err.to_string().contains("holds the offsets of articles/2, not of articles/5"), "{err}");
    let err = PartitionState::open(dir.path(), "articles", -1, EngineConfig::default()).unwrap_err();
    assert_eq!(err.to_string(), "bad partition -1 of topic articles");
}

#[test]
fn a_store_that_cannot_be_opened_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no").join("such");
    let err = PartitionState::open(&missing, "articles", 0, EngineConfig::default()).unwrap_err();
    assert!(err.to_string().contains("articles-0.sqlite"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// However a partition's messages are cut into batches, and whatever the consumer restarts and deliveries
    /// again in between, the store ends equal to one ingest of the messages in offset order.
    #[test]
    fn any_batching_with_restarts_and_redelivery_equals_one_ingest(
        n in 1usize..28,
        cuts in proptest::collection::vec((1usize..9, any::<bool>(), 0usize..4), 1..12),
    ) {
        let all = messages(n, 3);
        let dir = tempfile::tempdir().unwrap();
        let open = || PartitionState::open(dir.path(), "t", 0, EngineConfig::default()).unwrap();
        let mut p = open();
        let mut at = 0;
        let mut cuts = cuts.into_iter().cycle();
        while at < all.len() {
            let (len, restart, back) = cuts.next().unwrap();
            if restart {
                p = open();
                let resumed = p.next_offset().map_or(0, |next| all.iter().take_while(|m| m.offset < next).count());
                prop_assert_eq!(resumed, at);
            }
            // a delivery may start a little before the position (redelivery after a rebalance)
            let from = at.saturating_sub(back);
            let to = (at + len).min(all.len());
            p.apply(&all[from..to]).unwrap();
            at = to;
        }
        prop_assert_eq!(p.next_offset(), Some(all.last().unwrap().offset + 1));
        prop_assert_eq!(state(p.store()), one_ingest(&all));
    }
}
