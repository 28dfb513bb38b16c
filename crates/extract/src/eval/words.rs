//! The WCXB benchmark's scoring: a bag of lowercased `\w+` words per page.
//!
//! Precision is the share of the extracted words (counted as a multiset) that the reference has, recall the
//! share of the reference's words that were extracted, and F1 their harmonic mean, all per page. A page whose
//! reference is empty scores 1 when nothing was extracted and 0 otherwise; an empty extraction of a
//! non-empty reference scores 0. The benchmark averages precision, recall and F1 over pages.
//!
//! ```
//! use samestory_extract::eval::word_scores;
//! let s = word_scores("The cat sat. Menu", "the cat sat");
//! assert_eq!((s.precision, s.recall), (0.75, 1.0));
//! ```

use std::collections::HashMap;

/// Word precision, recall and F1 of one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct WordScore {
    /// Share of extracted words found in the reference.
    pub precision: f64,
    /// Share of reference words found in the extraction.
    pub recall: f64,
    /// Harmonic mean of the two (0 when both are 0).
    pub f1: f64,
}

/// The lowercased `\w+` words of a text (letters, digits, underscore).
pub fn words(text: &str) -> Vec<String> {
    super::tokenize(text).into_iter().map(str::to_lowercase).collect()
}

/// Scores `extracted` against `reference` as WCXB does.
pub fn word_scores(extracted: &str, reference: &str) -> WordScore {
    let pred = words(extracted);
    let truth = words(reference);
    if truth.is_empty() {
        let v = if pred.is_empty() { 1.0 } else { 0.0 };
        return WordScore { precision: v, recall: v, f1: v };
    }
    if pred.is_empty() {
        return WordScore::default();
    }
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for w in &pred {
        counts.entry(w).or_default().0 += 1;
    }
    for w in &truth {
        counts.entry(w).or_default().1 += 1;
    }
    let overlap: usize = counts.values().map(|(p, t)| (*p).min(*t)).sum();
    let precision = overlap as f64 / pred.len() as f64;
    let recall = overlap as f64 / truth.len() as f64;
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    WordScore { precision, recall, f1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_cases() {
        assert_eq!(word_scores("", "").f1, 1.0);
        assert_eq!(word_scores("x", "").f1, 0.0);
        assert_eq!(word_scores("", "x").f1, 0.0);
        assert_eq!(word_scores("...", "!!").f1, 1.0);
    }

    #[test]
    fn bag_of_words_counts_repeats_and_ignores_case_and_order() {
        let s = word_scores("b a A", "a B c");
        // pred {a:2, b:1}, truth {a:1, b:1, c:1}: overlap 2
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(word_scores("Über straße", "über STRASSE").precision, 0.5);
    }
}
