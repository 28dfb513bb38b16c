//! Quality gate on PolNeAR (train and dev splits, 924 US news articles with gold quotes and sources).
//!
//! Floors sit a little under what the engine measured when they were set (F1 0.950 at overlap 0.3, 0.931 at
//! 0.8, speaker accuracy 0.901, speaker precision 0.923), so that a regression fails here; `samestory eval
//! quotes` prints the full table.

use samestory_quotes::extract_quotes;
use samestory_quotes::score::{Counts, Predicted, read_gold, score_article};

#[test]
fn polnear_quotes_and_speakers_stay_above_their_floors() {
    let Some(path) = samestory_testkit::shared("data/quotes/polnear-train-dev.jsonl.gz") else { return };
    let gold = read_gold(&path).expect("reading PolNeAR");
    assert!(gold.len() >= 900, "expected the 924 train and dev articles, got {}", gold.len());
    let mut loose = Counts::default();
    let mut strict = Counts::default();
    for article in &gold {
        let predicted: Vec<Predicted> = extract_quotes(&article.text).iter().map(Predicted::from).collect();
        loose.add(&score_article(&article.quotes, &predicted, 0.3));
        strict.add(&score_article(&article.quotes, &predicted, 0.8));
    }
    eprintln!(
        "PolNeAR: F1@0.3 {:.3} (P {:.3} R {:.3}), F1@0.8 {:.3}, speaker accuracy {:.3} (precision {:.3})",
        loose.f1(),
        loose.precision(),
        loose.recall(),
        strict.f1(),
        loose.speaker_accuracy(),
        loose.speaker_precision()
    );
    assert!(loose.f1() >= 0.945, "quote F1 at overlap 0.3 fell to {:.3}", loose.f1());
    assert!(strict.f1() >= 0.925, "quote F1 at overlap 0.8 fell to {:.3}", strict.f1());
    assert!(loose.speaker_accuracy() >= 0.894, "speaker accuracy fell to {:.3}", loose.speaker_accuracy());
    assert!(loose.speaker_precision() >= 0.915, "speaker precision fell to {:.3}", loose.speaker_precision());
}
