//! The must-show cases on the seed articles (`../shared/seeds`), cleaned as the pipeline cleans them.

use samestory_quotes::{Quote, extract_quotes};

fn cleaned(raw: &str) -> String {
    samestory_extract::clean_text(raw).text()
}

fn speaker_of<'a>(quotes: &'a [Quote], words: &str) -> Option<&'a str> {
    let q = quotes
        .iter()
        .find(|q| q.text.contains(words))
        .unwrap_or_else(|| panic!("no quote with {words:?} in {quotes:#?}"));
    q.speaker.as_deref()
}

#[test]
fn seed_quotes_have_their_speakers() {
    let Some((aggregator, translated)) = samestory_testkit::seeds() else { return };
    let text = cleaned(&aggregator);
    let quotes = extract_quotes(&text);
    for q in &quotes {
        eprintln!("{:?} {:?} {:?}", q.speaker, q.cue, q.text);
        assert_eq!(text.chars().skip(q.start).take(q.end - q.start).collect::<String>(), q.text);
    }
    // Sheinbaum, named in full, by surname only, and as "she".
    assert_eq!(speaker_of(&quotes, "it’s true"), Some("Claudia Sheinbaum"));
    assert_eq!(speaker_of(&quotes, "never accept"), Some("Claudia Sheinbaum"));
    assert_eq!(speaker_of(&quotes, "our territory is inalienable"), Some("Claudia Sheinbaum"));
    assert_eq!(speaker_of(&quotes, "We can collaborate"), Some("Claudia Sheinbaum"));
    // Trump's question.
    assert_eq!(speaker_of(&quotes, "How can we help you"), Some("Donald Trump"));
    // Anna Kelly's written statement, by surname and as "she".
    assert_eq!(speaker_of(&quotes, "President Trump has worked with"), Some("Anna Kelly"));
    assert_eq!(speaker_of(&quotes, "We will continue exploring"), Some("Anna Kelly"));
    assert_eq!(speaker_of(&quotes, "the drugs and violence"), Some("Anna Kelly"));
    // The Heritage Foundation's report, as "the group" and "the report".
    let heritage = speaker_of(&quotes, "In the appropriate context").unwrap_or_default();
    assert!(heritage.contains("Heritage Foundation"), "{heritage}");
    let report = speaker_of(&quotes, "last resort").unwrap_or_default();
    assert!(report.contains("Heritage Foundation"), "{report}");
    // Not quotes: the capitalized related headlines are gone, and "foreign terrorist" is a term, not speech.
    assert!(quotes.iter().all(|q| q.text != "foreign terrorist"));

    let text = cleaned(&translated);
    let quotes = extract_quotes(&text);
    for q in &quotes {
        eprintln!("{:?} {:?} {:?}", q.speaker, q.cue, q.text);
    }
    assert_eq!(speaker_of(&quotes, "We can work together, but you are"), Some("Claudia Sheinbaum"));
    assert_eq!(speaker_of(&quotes, "Social ruling is not for sale"), Some("Claudia Sheinbaum"));
    assert_eq!(speaker_of(&quotes, "to achieve the safest"), Some("James Hewitt"));
    assert_eq!(speaker_of(&quotes, "But dangerous foreign terrorist groups"), Some("James Hewitt"));
}
