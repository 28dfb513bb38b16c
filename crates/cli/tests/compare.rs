//! `samestory story`: the comparison of the seeds' story and of the demo corpus's stories, as text and JSON.

use serde_json::Value;

use crate::util::{corpus, json_lines, run_ok, shared};

fn ingest(db: &std::path::Path, path: &std::path::Path) {
    run_ok(&["ingest", "--db", db.to_str().unwrap(), path.to_str().unwrap()]);
}

#[test]
fn seeds_story_shows_quotes_speakers_and_the_white_house_disagreement() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ingest(&db, &shared.join("seeds"));
    let db = db.to_str().unwrap();
    let story: Value = serde_json::from_str(&run_ok(&["story", "--db", db, "--json", "1"])).unwrap();
    let c = &story["comparison"];
    let rows = c["quotes"].as_array().unwrap();
    let row = |words: &str| {
        rows.iter()
            .find(|q| {
                q["versions"].as_array().unwrap().iter().any(|v| v["text"].as_str().unwrap().contains(words))
            })
            .unwrap_or_else(|| panic!("no quote row with {words:?}"))
    };
    let sheinbaum = row("with you in your territory and us in ours");
    assert_eq!(sheinbaum["speaker"], "Claudia Sheinbaum");
    assert_eq!(sheinbaum["outlets"].as_array().unwrap().len(), 2);
    let question = row("How can we help you fight drug trafficking");
    assert!(question["speaker"].as_str().unwrap().contains("Trump"));
    assert_eq!(question["outlets"].as_array().unwrap().len(), 2);
    let disagreements = c["disagreements"].as_array().unwrap();
    assert!(
        disagreements.iter().any(|d| d["kind"] == "attribution"
            && d["subject"].as_str().unwrap().contains("White House")
            && d["claims"].to_string().contains("Anna Kelly")
            && d["claims"].to_string().contains("James Hewitt")),
        "{disagreements:#?}"
    );
    assert!(c["entities"].as_array().unwrap().iter().any(|e| e["name"] == "Heritage Foundation"));

    let text = run_ok(&["story", "--db", db, "1"]);
    for section in [
        "SUMMARY",
        "TIMELINE",
        "OUTLETS",
        "REPORTED BY SEVERAL OUTLETS",
        "REPORTED BY ONE OUTLET ONLY",
        "QUOTES",
        "PEOPLE AND ORGANIZATIONS",
        "DISAGREEMENTS",
    ] {
        assert!(text.lines().any(|l| l == section), "no {section} in:\n{text}");
    }
    assert!(text.contains("who spoke for the White House"), "{text}");
    assert!(text.contains("Claudia Sheinbaum  ["), "{text}");
    for junk in ["Read the full article", "Leave A Reply", "CLICK TO GET", "All Rights Reserved", "ROADMAP"] {
        assert!(!text.contains(junk), "{junk:?} in:\n{text}");
    }
}

#[test]
fn demo_corpus_stories_render_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ingest(&db, &corpus());
    let db = db.to_str().unwrap();
    let stories = json_lines(&run_ok(&["stories", "--db", db, "--json", "--limit", "1000"]));
    assert!(stories.len() >= 2);
    let mut quotes = 0;
    let mut several = 0;
    for s in &stories {
        let id = s["id"].as_u64().unwrap().to_string();
        let story: Value = serde_json::from_str(&run_ok(&["story", "--db", db, "--json", &id])).unwrap();
        let c = &story["comparison"];
        for key in [
            "headline",
            "summary",
            "timeline",
            "outlets",
            "shared_facts",
            "unique_facts",
            "quotes",
            "entities",
            "disagreements",
        ] {
            assert!(!c[key].is_null(), "story {id} has no {key}");
        }
        quotes += c["quotes"].as_array().unwrap().len();
        several += c["shared_facts"].as_array().unwrap().len();
        let text = run_ok(&["story", "--db", db, &id]);
        assert!(text.starts_with(&format!("story {id}: ")), "{text}");
        assert!(text.contains("TIMELINE") && text.contains("OUTLETS"));
    }
    assert!(quotes > 0, "the demo corpus quotes people");
    assert!(several > 0, "demo stories share facts across outlets");
}
