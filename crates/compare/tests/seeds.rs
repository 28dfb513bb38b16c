//! The must-show cases of the story comparison on the two seed articles (`../shared/seeds`): one event, an
//! aggregator's copy of a Fox News report (000) and a machine translation of another outlet's (002), read the
//! way the pipeline reads them.

use samestory_compare::{Comparison, DisagreementKind, Member, compare};
use samestory_model::{Article, Body, Hints, Origin, RawDocument};

fn article(name: &str, text: String) -> Article {
    let doc = RawDocument {
        origin: Origin::file(name),
        hints: Hints { id: Some(name.to_string()), ..Hints::default() },
        body: Body::Text(text),
    };
    let mut a = samestory_extract::to_article(doc).expect("seed is an article");
    a.outlet = Some(format!("seed {name}"));
    a
}

fn seeds() -> Option<Comparison> {
    let (aggregator, translated) = samestory_testkit::seeds()?;
    let members =
        [Member::original(article("000", aggregator)), Member::original(article("002", translated))];
    Some(compare(1, &members))
}

/// Every text the comparison shows.
fn all_text(c: &Comparison) -> String {
    serde_json::to_string(c).unwrap()
}

#[test]
fn sheinbaum_quote_is_one_row_with_her_as_speaker() {
    let Some(c) = seeds() else { return };
    let row = c
        .quotes
        .iter()
        .find(|q| q.versions.iter().any(|v| v.text.contains("with you in your territory and us in ours")))
        .expect("the Sheinbaum quote");
    assert_eq!(row.outlets, ["seed 000", "seed 002"], "{row:#?}");
    assert!(row.versions.iter().any(|v| v.text.contains("you are in your territory and our territory")));
    assert_eq!(row.speaker.as_deref(), Some("Claudia Sheinbaum"));
    assert!(row.versions.iter().all(|v| v.speaker.as_deref() == Some("Claudia Sheinbaum")), "{row:#?}");
}

#[test]
fn trump_question_is_aligned_with_trump_as_speaker() {
    let Some(c) = seeds() else { return };
    let row = c
        .quotes
        .iter()
        .find(|q| q.versions.iter().any(|v| v.text.contains("How can we help you fight drug trafficking")))
        .expect("Trump's question");
    assert_eq!(row.outlets.len(), 2, "{row:#?}");
    assert!(row.speaker.as_deref().is_some_and(|s| s.contains("Trump")), "{row:#?}");
    // In 002 Sheinbaum tells what Trump asked: his words inside her quotation.
    let inner = row.versions.iter().find(|v| v.article == "002").unwrap();
    assert_eq!(inner.quoted_by.as_deref(), Some("Claudia Sheinbaum"));
}

#[test]
fn white_house_spokespeople_disagree() {
    let Some(c) = seeds() else { return };
    let d = c
        .disagreements
        .iter()
        .find(|d| d.kind == DisagreementKind::Attribution && d.subject.contains("White House"))
        .unwrap_or_else(|| panic!("no White House disagreement in {:#?}", c.disagreements));
    let value = |article: &str| d.claims.iter().find(|c| c.article == article).map(|c| c.value.as_str());
    assert!(value("000").is_some_and(|v| v.contains("Anna Kelly") && v.contains("deputy press secretary")));
    assert!(value("002").is_some_and(|v| v.contains("James Hewitt") && v.contains("spokesman")));
    // And the people list carries both with their roles.
    let kelly = c.entities.iter().find(|e| e.name == "Anna Kelly").unwrap();
    assert_eq!(kelly.outlets, ["seed 000"]);
    assert!(kelly.roles.iter().any(|r| r.role.contains("deputy press secretary")));
    let hewitt = c.entities.iter().find(|e| e.name == "James Hewitt").unwrap();
    assert!(hewitt.roles.iter().any(|r| r.role.contains("National Security Council spokesman")));
    let sheinbaum = c.entities.iter().find(|e| e.name == "Claudia Sheinbaum").unwrap();
    assert_eq!(sheinbaum.outlets.len(), 2);
}

#[test]
fn unique_facts_are_listed_under_their_outlet() {
    let Some(c) = seeds() else { return };
    let facts = |outlet: &str| -> String {
        c.unique_facts
            .iter()
            .filter(|o| o.outlet == outlet)
            .flat_map(|o| o.facts.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (fox, mt) = (facts("seed 000"), facts("seed 002"));
    assert!(fox.contains("CIA drones"), "{fox}");
    assert!(fox.contains("Heritage Foundation"), "{fox}");
    assert!(mt.contains("Northern Command") && mt.contains("surveillance flights"), "{mt}");
    assert!(mt.contains("February 19"), "{mt}");
    assert!(!fox.contains("Northern Command") && !mt.contains("CIA drones"));
}

#[test]
fn nothing_of_the_aggregator_boilerplate_shows() {
    let Some(c) = seeds() else { return };
    let text = all_text(&c);
    for junk in [
        "Read the full article",
        "Share.",
        "Leave A Reply",
        "CLICK TO GET",
        "Time Bulletin",
        "All Rights Reserved",
        "ROADMAP",
        "SINALOA CARTEL TAKES ROOT",
        "CIA USES DRONES",
        "contributed to this report",
    ] {
        assert!(!text.contains(junk), "{junk:?} shows in the comparison");
    }
}
