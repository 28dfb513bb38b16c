//! The two seed articles (one aggregator copy of a Fox News story, one machine-translated AP story): what
//! plain-text cleaning must drop and keep. Skipped when /work/shared is missing, unless CI=true.

use samestory_extract::clean_text;

#[test]
fn seed_000_aggregator_junk_is_dropped() {
    let Some(text) = samestory_testkit::seed("000_548375a72d7ec2da.txt") else { return };
    let ex = clean_text(&text);
    let clean = ex.text();
    for junk in [
        "Read the full article here",
        "Share.",
        "Leave A Reply",
        "CLICK TO GET THE FOX NEWS APP",
        "© 2025 Time Bulletin. All Rights Reserved.",
        "CONSERVATIVE GROUP’S ROADMAP SHOWS HOW TRUMP CAN USE MILITARY TO THWART CARTELS",
        "SINALOA CARTEL TAKES ROOT IN AMERICAN NEIGHBORHOODS",
        "CIA USES DRONES TO SNIFF OUT CARTELS AND FENTANYL LABS IN MEXICO",
    ] {
        assert!(!clean.contains(junk), "{junk:?} is still in the text");
    }
    assert!(
        !ex.paragraphs.iter().any(|p| p == "Mexican President Claudia Sheinbaum"),
        "the repeated caption is still there"
    );
    for sentence in [
        "Mexican President Claudia Sheinbaum publicly confirmed she rejected U.S. military assistance",
        "Responding to a Wall Street Journal report Friday that detailed the offer, Sheinbaum confirmed “it’s true.”",
        "Trump reportedly called Sheinbaum and asked, “How can we help you fight drug trafficking?”",
        "“No, President Trump, our territory is inalienable, sovereignty is inalienable,” Sheinbaum said.",
        "He has also formally named drug cartels “foreign terrorist” groups.",
        "“We will make America safe again.”",
        "The foundation claimed Mexico was unlikely to change its stance when Sheinbaum was elected despite the escalating threat from cartels.",
    ] {
        assert!(clean.contains(sentence), "{sentence:?} was lost");
    }
    assert_eq!(ex.site_name.as_deref(), Some("Time Bulletin"));
    // The 16 paragraphs of the story stay; the contributor line becomes the author.
    assert_eq!(ex.paragraphs.len(), 16, "{:#?}", ex.paragraphs);
    assert_eq!(ex.author.as_deref(), Some("Fox News Digital’s Adam Shaw and the Associated Press"));
}

#[test]
fn seed_002_dateline_is_split_and_sentences_kept() {
    let Some(text) = samestory_testkit::seed("002_3fe5f5bfbe946b7f.txt") else { return };
    let ex = clean_text(&text);
    assert!(
        ex.paragraphs[0].starts_with("Mexican President Claudia Sheinbaum said on Saturday"),
        "{}",
        ex.paragraphs[0]
    );
    assert!(!ex.text().contains("Mexico City - "));
    let clean = ex.text();
    for sentence in [
        "Her remarks to supporters in eastern Mexico were in response to an article in the Wall Street Journal",
        "You know what I said to him?",
        "She added: \"Social ruling is not for sale. Sovereignty is loved and defended.\"",
        "\"The president has been clear that Mexico must do more to fight these gangs and cartels",
        "Trump designated many gangs and cartels as foreign terrorist groups on February 19",
        "\"We can work together, but you are in your territory and our territory,\" Sheinbaum said.",
    ] {
        assert!(clean.contains(sentence), "{sentence:?} was lost");
    }
    // One line per paragraph (the text has no blank lines); only the photo caption with its credit is dropped.
    assert_eq!(ex.paragraphs.len(), 11, "{:#?}", ex.paragraphs);
    assert!(!clean.contains("Marco Ugarte/AP"));
}

#[test]
fn seeds_cleaned_snapshots() {
    for name in ["000_548375a72d7ec2da.txt", "002_3fe5f5bfbe946b7f.txt"] {
        let Some(text) = samestory_testkit::seed(name) else { return };
        let ex = clean_text(&text);
        insta::assert_json_snapshot!(name.trim_end_matches(".txt"), ex);
    }
}
