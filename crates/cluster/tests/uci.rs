//! Quality gate on UCI News Aggregator (Gasparetti 2016): headlines with publisher and time, in time
//! order. The first 30,000 documents of March 2014 and the documents 130,001–140,000 of mid-April (the
//! whole March–May stream is a benchmark: `samestory eval clustering --dataset uci`).

use samestory_cluster::eval::{open, read_uci, run};
use samestory_cluster::{ClusterConfig, StoryClusterer, metrics};

#[test]
fn uci_headlines_first_30k_and_mid_april() {
    let Some(path) = samestory_testkit::shared("data/clustering/uci-news-2014-03-05.tsv.gz") else { return };
    let reader = open(&path).unwrap_or_else(|e| panic!("{e}"));
    let all = read_uci(reader, &path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), 266_965);
    let docs = &all[..30_000];
    assert!(docs.windows(2).all(|w| w[0].time <= w[1].time), "in time order");
    let mut c = StoryClusterer::new(ClusterConfig::default());
    let mut arrival = Vec::with_capacity(docs.len());
    let mut most_active = 0;
    for d in docs {
        arrival.push(c.assign(&d.doc()));
        most_active = most_active.max(c.active_story_count());
    }
    let stories: Vec<u64> = arrival.iter().map(|&s| c.resolve(s)).collect();
    let gold: Vec<&str> = docs.iter().map(|d| d.label.as_str()).collect();
    let s = metrics::score(&stories, &gold).expect("scores");
    println!(
        "UCI first 30k: {} stories (gold {}), B-cubed P {:.4} R {:.4} F1 {:.4}, NMI {:.4}, accuracy {:.4}; \
         at most {most_active} active stories of {} created",
        s.predicted_clusters,
        s.gold_clusters,
        s.bcubed.precision,
        s.bcubed.recall,
        s.bcubed.f1,
        s.nmi,
        s.accuracy,
        c.story_count()
    );
    // Measured with the defaults: 1,381 stories (gold 448), B-cubed P 0.820 R 0.812 F1 0.816 (P 0.815 R 0.758
    // F1 0.785 when names found only in a headline weighed as much as the text's, 2 instead of 0.5; P 0.801
    // R 0.798 F1 0.799 without phrase features as well, F1 0.755 without the co-occurrence expansion either).
    assert!(s.bcubed.f1 >= 0.805, "B-cubed F1 {}", s.bcubed.f1);
    // Memory follows the window: stories a day old leave the index (swept every 1,024 documents).
    assert!(most_active * 2 < c.story_count(), "{most_active} active of {}", c.story_count());

    // The part of the stream where samestory leads the baselines least (mid-April: Easter reports under
    // many gold stories, one event's crawls a day apart under several), scored as `samestory eval
    // clustering --skip 130000 --limit 10000` scores it.
    let part = run(&all[130_000..140_000], ClusterConfig::default()).expect("scores");
    let b = part.scores.bcubed;
    println!("UCI docs 130,001-140,000: B-cubed P {:.4} R {:.4} F1 {:.4}", b.precision, b.recall, b.f1);
    // Measured: P 0.671 R 0.755 F1 0.710 (0.687 with headline names at weight 2; the agglomerative
    // baseline at its best threshold for this part, chosen against the gold: 0.644).
    assert!(b.f1 >= 0.70, "B-cubed F1 {}", b.f1);
}
