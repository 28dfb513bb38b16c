//! The two real seed articles: one event, two outlets, one aggregator copy with junk, one machine translation.

use serde_json::json;

use crate::util::{json_lines, run_ok, samestory, shared, stories_with_articles};

#[test]
fn seeds_are_one_story_through_ingest_and_stories() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let seeds = shared.join("seeds");
    let report: serde_json::Value = serde_json::from_str(&run_ok(&[
        "ingest",
        "--db",
        db.to_str().unwrap(),
        "--json",
        seeds.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(report["read"], 2);
    assert_eq!(report["new"], 2);
    assert_eq!(report["rejected_count"], 0);

    let stories = stories_with_articles(&db);
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0].1.len(), 2);
    // Neither is a copy of the other: they are two outlets' own reports.
    assert!(stories[0].1.iter().all(|a| a["copy"].is_null()));

    let text = run_ok(&["stories", "--db", db.to_str().unwrap()]);
    assert!(text.contains("2 articles"), "{text}");
}

#[test]
fn seeds_are_one_story_through_cluster() {
    let Some(shared) = shared() else { return };
    let mut input = String::new();
    for (id, file) in [("fox", "000_548375a72d7ec2da.txt"), ("mt", "002_3fe5f5bfbe946b7f.txt")] {
        let text = std::fs::read_to_string(shared.join("seeds").join(file)).unwrap();
        input.push_str(&json!({"id": id, "text": text}).to_string());
        input.push('\n');
    }
    let out = samestory().arg("cluster").write_stdin(input).output().unwrap();
    assert!(out.status.success());
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "fox");
    assert_eq!(lines[1]["id"], "mt");
    assert_eq!(lines[0]["story"], lines[1]["story"]);
    assert!(lines[0]["duplicate_of"].is_null() && lines[1]["duplicate_of"].is_null());
}

#[test]
fn seed_000_loses_the_aggregator_junk() {
    let Some(shared) = shared() else { return };
    let seed = shared.join("seeds/000_548375a72d7ec2da.txt");
    let lines = json_lines(&run_ok(&["extract", seed.to_str().unwrap()]));
    assert_eq!(lines.len(), 1);
    let text = lines[0]["text"].as_str().unwrap();
    for junk in [
        "Read the full article here",
        "Share.",
        "Leave A Reply",
        "CLICK TO GET THE FOX NEWS APP",
        "© 2025 Time Bulletin",
        "All Rights Reserved",
        "CONSERVATIVE GROUP’S ROADMAP",
        "SINALOA CARTEL TAKES ROOT",
        "CIA USES DRONES",
    ] {
        assert!(!text.contains(junk), "{junk:?} is still in the clean text:\n{text}");
    }
    assert!(
        !text.lines().any(|l| l.trim() == "Mexican President Claudia Sheinbaum"),
        "caption kept:\n{text}"
    );
    for kept in [
        "Mexican President Claudia Sheinbaum publicly confirmed",
        "We can work together, but with you in your territory and us in ours.",
        "How can we help you fight drug trafficking?",
        "White House deputy press secretary Anna Kelly",
        "The foundation claimed Mexico was unlikely to change its stance",
    ] {
        assert!(text.contains(kept), "{kept:?} was lost:\n{text}");
    }
}
