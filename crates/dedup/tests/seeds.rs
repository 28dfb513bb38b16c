//! The two seed articles are two outlets' own reports of one event: related, but not copies.

use samestory_dedup::{CopyKind, DedupConfig, DedupIndex};

#[test]
fn seeds_are_not_copies_of_each_other() {
    let Some((a, b)) = samestory_testkit::seeds() else { return };
    let mut idx = DedupIndex::new(DedupConfig::default());
    assert_eq!(idx.check_and_insert("000", &a), None);
    assert_eq!(idx.check_and_insert("002", &b), None);
    assert_eq!(idx.len(), 2);
    // But each is a copy of itself, and an excerpt of the first is contained in it.
    assert_eq!(idx.check(&b).map(|m| (m.original, m.kind)), Some(("002".into(), CopyKind::Exact)));
    let paragraphs: Vec<&str> = a.split("\n\n").collect();
    let excerpt = format!("{}\n\nRead the full article here", paragraphs[..6].join("\n\n"));
    let m = idx.check(&excerpt).expect("the excerpt is a copy");
    assert_eq!((m.original.as_str(), m.kind), ("000", CopyKind::Contained));
}
