//! The two seed articles report one event (two outlets, one machine-translated, no titles): one story.

use samestory_cluster::{ClusterConfig, Doc, StoryClusterer};

/// Short reports of other events, to check the seeds do not pull in everything.
const OTHERS: &[&str] = &[
    "Real Madrid beat Borussia Dortmund 2-0 at Wembley on Saturday to win the Champions League final.",
    "A magnitude 7.4 earthquake struck off the northeastern coast of Japan, triggering tsunami warnings.",
    "The Federal Reserve raised its benchmark interest rate by a quarter point to fight inflation.",
    "Mexico's central bank cut its key interest rate on Thursday as inflation in Mexico eased.",
    "President Donald Trump signed an executive order on tariffs on steel imports from Canada.",
];

#[test]
fn seeds_are_one_story() {
    let Some((a, b)) = samestory_testkit::seeds() else { return };
    let mut c = StoryClusterer::new(ClusterConfig::default());
    let first = c.assign(&Doc::new(&a));
    let second = c.assign(&Doc::new(&b));
    assert_eq!(first, second, "the seeds must share a story");
    assert_eq!(c.story_count(), 1);
}

#[test]
fn seeds_among_other_events() {
    let Some((a, b)) = samestory_testkit::seeds() else { return };
    let mut c = StoryClusterer::new(ClusterConfig::default());
    let seed_story = c.assign(&Doc::new(&a));
    let others: Vec<u64> = OTHERS.iter().map(|t| c.assign(&Doc::new(t))).collect();
    assert_eq!(c.assign(&Doc::new(&b)), seed_story);
    assert!(others.iter().all(|&s| s != seed_story), "{others:?}");
    let mut distinct = others.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), OTHERS.len(), "{others:?}");
}
