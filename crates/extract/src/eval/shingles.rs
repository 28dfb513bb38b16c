//! The ScrapingHub article-extraction benchmark's scoring.
//!
//! Both texts are cut into `\w+` tokens and then into overlapping 4-token shingles (a text shorter than four
//! tokens is one shorter shingle). Shingles are counted as a multiset: a true positive is a shingle in both
//! texts (as many times as it is in both), a false positive one only in the extracted text, a false negative
//! one only in the reference. Precision and recall are computed per page and averaged over pages (precision
//! over the pages where something was extracted, recall over the pages whose reference has text), and F1 is
//! computed from the two averages.
//!
//! ```
//! use samestory_extract::eval::{score_page, Summary};
//! let page = score_page("The quick brown fox jumps", "The quick brown fox jumps over it");
//! assert!(page.precision() == 1.0 && page.recall() < 1.0);
//! let summary = Summary::from_pages(&[page]);
//! assert!(summary.f1 > 0.5);
//! ```

use std::collections::HashMap;

/// The shingle size of the benchmark.
pub const SHINGLE: usize = 4;

/// Shingle counts of one page: true positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageScore {
    /// Shingles both in the extraction and in the reference.
    pub tp: f64,
    /// Shingles only in the extraction.
    pub fp: f64,
    /// Shingles only in the reference.
    pub fn_: f64,
}

impl PageScore {
    /// Precision of the page: 1 when both texts are empty, 0 when nothing right was extracted.
    pub fn precision(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fp == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fp)
        }
    }

    /// Recall of the page: 1 when both texts are empty, 0 when nothing of the reference was found.
    pub fn recall(&self) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && self.fn_ == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + self.fn_)
        }
    }

    /// F1 of this page alone (0 when precision and recall are both 0).
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }
}

/// Averaged scores over a set of pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Number of pages scored.
    pub pages: usize,
    /// Mean precision over pages where something was extracted.
    pub precision: f64,
    /// Mean recall over pages whose reference is not empty.
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
}

impl Summary {
    /// Averages page scores the way the benchmark does.
    pub fn from_pages(pages: &[PageScore]) -> Summary {
        let precision = mean(pages.iter().filter(|p| p.tp + p.fp > 0.0).map(PageScore::precision));
        let recall = mean(pages.iter().filter(|p| p.tp + p.fn_ > 0.0).map(PageScore::recall));
        Summary { pages: pages.len(), precision, recall, f1: harmonic(precision, recall) }
    }
}

/// The `\w+` tokens of a text (letters, digits and underscore; case kept, as the benchmark keeps it).
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

/// The multiset of overlapping `n`-token shingles of a text.
pub fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let tokens = tokenize(text);
    let n = n.max(1);
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    let count = tokens.len().saturating_sub(n) + 1;
    for i in 0..count {
        let end = (i + n).min(tokens.len());
        *out.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    out
}

/// Scores one page: `extracted` against the reference text `truth`.
///
/// The counts are normalized to sum to 1, so long pages weigh no more than short ones.
pub fn score_page(extracted: &str, truth: &str) -> PageScore {
    let truth = shingles(truth, SHINGLE);
    let pred = shingles(extracted, SHINGLE);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (key, &t) in &truth {
        let p = pred.get(key).copied().unwrap_or(0);
        tp += t.min(p);
        fn_ += t.saturating_sub(p);
    }
    for (key, &p) in &pred {
        let t = truth.get(key).copied().unwrap_or(0);
        fp += p.saturating_sub(t);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return PageScore::default();
    }
    PageScore { tp: tp as f64 / sum, fp: fp as f64 / sum, fn_: fn_ as f64 / sum }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

fn harmonic(a: f64, b: f64) -> f64 {
    if a + b == 0.0 { 0.0 } else { 2.0 * a * b / (a + b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_words_digits_and_underscores() {
        assert_eq!(tokenize("It's 2025—a_b, Ünïcode!"), vec!["It", "s", "2025", "a_b", "Ünïcode"]);
        assert!(tokenize("  ...  ").is_empty());
    }

    #[test]
    fn short_text_is_one_shingle() {
        let s = shingles("a b", 4);
        assert_eq!(s.len(), 1);
        assert_eq!(s[&vec!["a", "b"]], 1);
        assert_eq!(shingles("a b c d e", 4).len(), 2);
    }

    #[test]
    fn repeated_shingles_count_as_multiset() {
        let page = score_page("a b c d a b c d", "a b c d");
        // pred shingles: abcd x2, bcda, cdab, dabc ; truth: abcd
        assert!((page.tp - 1.0 / 5.0).abs() < 1e-9);
        assert!((page.fp - 4.0 / 5.0).abs() < 1e-9);
        assert_eq!(page.fn_, 0.0);
    }

    #[test]
    fn identical_and_disjoint() {
        let same = score_page("one two three four five", "one two three four five");
        assert_eq!((same.precision(), same.recall()), (1.0, 1.0));
        let none = score_page("alpha beta gamma delta", "one two three four five");
        assert_eq!((none.precision(), none.recall()), (0.0, 0.0));
        let empty = score_page("", "");
        assert_eq!((empty.precision(), empty.recall()), (1.0, 1.0));
    }

    #[test]
    fn empty_extractions_are_left_out_of_precision() {
        let missed = score_page("", "one two three four five");
        let perfect = score_page("one two three four", "one two three four");
        let s = Summary::from_pages(&[missed, perfect]);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.5);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.pages, 2);
    }
}
