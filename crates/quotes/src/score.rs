//! Scoring quotes and speakers against gold annotations (the PolNeAR conversion in `../shared`).
//!
//! A predicted quote matches a gold quote of the same article when their character overlap is at least
//! `threshold` of the longer of the two spans; quotes are matched one to one, largest overlaps first.
//! Precision is matched over predicted, recall matched over gold. Speaker accuracy is counted over matched
//! quotes whose gold speaker has a name (the annotated mention when it is a name, else the annotation's
//! resolved name for a pronoun or title): the predicted speaker is right when it shares a name word with
//! it. A matched quote with no predicted speaker counts as wrong; [`Counts::speaker_precision`] counts only
//! the quotes given a speaker.
//!
//! ```
//! use samestory_quotes::score::{Counts, GoldQuote, Predicted, score_article};
//!
//! let gold = [GoldQuote { start: 10, end: 30, speaker: Some("Sheinbaum".into()), speaker_named: true,
//!     speaker_resolved: Some("Claudia Sheinbaum".into()) }];
//! let predicted = [Predicted { start: 10, end: 29, speaker: Some("Claudia Sheinbaum".into()) }];
//! let mut counts = Counts::default();
//! counts.add(&score_article(&gold, &predicted, 0.8));
//! assert_eq!(counts.f1(), 1.0);
//! assert_eq!(counts.speaker_accuracy(), 1.0);
//! ```

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Quote;

/// What can go wrong reading gold annotations or predictions.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not the expected JSON.
    #[error("{path} line {line}: {message}")]
    Json {
        /// The file.
        path: String,
        /// The 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// One gold quote.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldQuote {
    /// Character offset of the first quoted character.
    pub start: usize,
    /// Character offset after the last quoted character.
    pub end: usize,
    /// The annotated speaker mention, verbatim (a name, a title or a pronoun).
    #[serde(default)]
    pub speaker: Option<String>,
    /// Whether the mention is a name.
    #[serde(default)]
    pub speaker_named: bool,
    /// The annotation's canonical name for the mention (titles stripped, pronouns mapped), when it has one.
    #[serde(default)]
    pub speaker_resolved: Option<String>,
}

/// One gold article.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldArticle {
    /// The article id.
    pub id: String,
    /// The article text.
    pub text: String,
    /// Its gold quotes.
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

/// One predicted quote, as `samestory quotes` writes it (other fields are ignored).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Predicted {
    /// Character offset of the first quoted character.
    pub start: usize,
    /// Character offset after the last quoted character.
    pub end: usize,
    /// The predicted speaker.
    #[serde(default)]
    pub speaker: Option<String>,
}

impl From<&Quote> for Predicted {
    fn from(q: &Quote) -> Self {
        Predicted { start: q.start, end: q.end, speaker: q.speaker.clone() }
    }
}

/// One article's predictions, as a line of `samestory quotes` output.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PredictedArticle {
    /// The article id.
    pub id: String,
    /// Its predicted quotes.
    #[serde(default)]
    pub quotes: Vec<Predicted>,
}

/// Tallies over articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Gold quotes.
    pub gold: usize,
    /// Predicted quotes.
    pub predicted: usize,
    /// Matched pairs.
    pub matched: usize,
    /// Matched quotes whose gold speaker has a name.
    pub speaker_judged: usize,
    /// Of those, the ones given a speaker.
    pub speaker_given: usize,
    /// Of those, the ones whose speaker shares a name with the gold one.
    pub speaker_correct: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Counts {
    /// Adds another tally.
    pub fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.matched += other.matched;
        self.speaker_judged += other.speaker_judged;
        self.speaker_given += other.speaker_given;
        self.speaker_correct += other.speaker_correct;
    }

    /// Matched over predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    /// Matched over gold.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    /// Right speakers over judged matched quotes (no speaker counts as wrong).
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct, self.speaker_judged)
    }

    /// Right speakers over judged matched quotes that were given a speaker.
    pub fn speaker_precision(&self) -> f64 {
        ratio(self.speaker_correct, self.speaker_given)
    }
}

/// Words that do not make two names the same name: articles, honorifics, generic titles and roles.
fn is_name_stop_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "and"
            | "for"
            | "in"
            | "on"
            | "at"
            | "to"
            | "by"
            | "from"
            | "with"
            | "s"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "sen"
            | "rep"
            | "gov"
            | "jr"
            | "sr"
            | "president"
            | "vice"
            | "senator"
            | "secretary"
            | "spokesman"
            | "spokeswoman"
            | "former"
            | "chairman"
            | "candidate"
            | "nominee"
            | "republican"
            | "democratic"
            | "democrat"
            | "gop"
            | "presidential"
            | "u"
            | "us"
            | "campaign"
            | "committee"
            | "national"
            | "party"
            | "group"
            | "new"
            | "press"
            | "state"
            | "united"
            | "states"
            | "general"
            | "his"
            | "her"
            | "their"
            | "its"
    )
}

/// The name words of a speaker string, lower-cased.
pub fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !is_name_stop_word(w))
        .collect()
}

/// Whether a predicted speaker shares a name word with any of the gold names.
pub fn shares_name(predicted: &str, gold: &[&str]) -> bool {
    let mine = name_words(predicted);
    gold.iter().any(|g| name_words(g).iter().any(|w| mine.contains(w)))
}

/// The gold names a predicted speaker is judged against: the mention when it is a name, and the resolved
/// name. Empty when the gold speaker has no name (an unresolved pronoun, `a source`).
pub fn gold_names(q: &GoldQuote) -> Vec<&str> {
    let mut names = Vec::new();
    if q.speaker_named {
        if let Some(s) = q.speaker.as_deref() {
            names.push(s);
        }
    }
    if let Some(r) = q.speaker_resolved.as_deref() {
        names.push(r);
    }
    names.retain(|n| !name_words(n).is_empty());
    names
}

/// Character overlap of two half-open ranges.
fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// The one-to-one matching of predicted to gold quotes at `threshold`: pairs (gold index, predicted index).
pub fn match_quotes(gold: &[GoldQuote], predicted: &[Predicted], threshold: f64) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (g, gq) in gold.iter().enumerate() {
        for (p, pq) in predicted.iter().enumerate() {
            let o = overlap((gq.start, gq.end), (pq.start, pq.end));
            let longer = (gq.end.saturating_sub(gq.start)).max(pq.end.saturating_sub(pq.start));
            if o > 0 && o as f64 >= threshold * longer as f64 {
                pairs.push((o, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; predicted.len()];
    let mut out = Vec::new();
    for (_, g, p) in pairs {
        if !gold_used[g] && !pred_used[p] {
            gold_used[g] = true;
            pred_used[p] = true;
            out.push((g, p));
        }
    }
    out.sort_unstable();
    out
}

/// Scores one article's predictions against its gold quotes.
pub fn score_article(gold: &[GoldQuote], predicted: &[Predicted], threshold: f64) -> Counts {
    let mut c = Counts { gold: gold.len(), predicted: predicted.len(), ..Counts::default() };
    for (g, p) in match_quotes(gold, predicted, threshold) {
        c.matched += 1;
        let names = gold_names(&gold[g]);
        if names.is_empty() {
            continue;
        }
        c.speaker_judged += 1;
        if let Some(s) = predicted[p].speaker.as_deref() {
            c.speaker_given += 1;
            if shares_name(s, &names) {
                c.speaker_correct += 1;
            }
        }
    }
    c
}

fn open(path: &Path) -> Result<Box<dyn BufRead>, Error> {
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic).map_err(io)?;
    let file = std::fs::File::open(path).map_err(io)?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

/// Reads JSON Lines (gzip or plain) of `T`, one per non-blank line.
pub fn read_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, Error> {
    let reader = open(path)?;
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(&line).map_err(|e| Error::Json {
            path: path.display().to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(value);
    }
    Ok(out)
}

/// Reads the gold articles of a PolNeAR-style JSON Lines file (gzip or plain).
pub fn read_gold(path: &Path) -> Result<Vec<GoldArticle>, Error> {
    read_lines(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn g(start: usize, end: usize, speaker: &str, named: bool, resolved: Option<&str>) -> GoldQuote {
        GoldQuote {
            start,
            end,
            speaker: Some(speaker.into()),
            speaker_named: named,
            speaker_resolved: resolved.map(str::to_string),
        }
    }

    fn p(start: usize, end: usize, speaker: Option<&str>) -> Predicted {
        Predicted { start, end, speaker: speaker.map(str::to_string) }
    }

    #[test]
    fn overlap_threshold_is_of_the_longer_span() {
        let gold = [g(0, 100, "Trump", true, Some("Donald Trump"))];
        assert_eq!(score_article(&gold, &[p(0, 35, None)], 0.3).matched, 1);
        assert_eq!(score_article(&gold, &[p(0, 25, None)], 0.3).matched, 0);
        assert_eq!(score_article(&gold, &[p(0, 79, None)], 0.8).matched, 0);
        assert_eq!(score_article(&gold, &[p(10, 95, None)], 0.8).matched, 1);
    }

    #[test]
    fn matching_is_one_to_one() {
        let gold = [g(0, 10, "A", true, None)];
        let c = score_article(&gold, &[p(0, 10, None), p(1, 10, None)], 0.3);
        assert_eq!((c.matched, c.predicted, c.gold), (1, 2, 1));
    }

    #[test]
    fn speakers_share_a_name_with_mention_or_resolution() {
        let gold = [
            g(0, 10, "she", false, Some("Sheinbaum")),
            g(20, 30, "a source", false, None),
            g(40, 50, "Sen. Marco Rubio", true, Some("Marco Rubio")),
        ];
        let pred = [p(0, 10, Some("Claudia Sheinbaum")), p(20, 30, Some("Anyone")), p(40, 50, Some("Rubio"))];
        let c = score_article(&gold, &pred, 0.8);
        assert_eq!((c.matched, c.speaker_judged, c.speaker_correct), (3, 2, 2));
        assert!(!shares_name("the President", &["President Obama"]));
        assert!(!shares_name("Hillary Clinton", &["Donald Trump"]));
    }

    proptest! {
        #[test]
        fn scores_stay_in_range(spans in proptest::collection::vec((0usize..200, 1usize..60), 0..12),
                                 preds in proptest::collection::vec((0usize..200, 1usize..60), 0..12),
                                 t in 0.05f64..1.0) {
            let gold: Vec<GoldQuote> = spans.iter().map(|&(s, l)| g(s, s + l, "X Y", true, None)).collect();
            let pred: Vec<Predicted> = preds.iter().map(|&(s, l)| p(s, s + l, Some("X"))).collect();
            let c = score_article(&gold, &pred, t);
            prop_assert!(c.matched <= c.gold.min(c.predicted));
            prop_assert!((0.0..=1.0).contains(&c.f1()));
            prop_assert!(c.speaker_correct <= c.speaker_given && c.speaker_given <= c.speaker_judged);
            // A perfect prediction matches everything at any threshold.
            let same: Vec<Predicted> = gold.iter().map(|q| p(q.start, q.end, None)).collect();
            let c = score_article(&gold, &same, t);
            prop_assert_eq!(c.matched, gold.len());
        }
    }
}
