//! Scoring extraction on the public benchmarks, each exactly as the benchmark itself scores it.
//!
//! * ScrapingHub ([`score_page`], [`Summary`]): 4-word shingles of `\w+` tokens; precision and recall
//!   averaged over pages, F1 from those averages.
//! * WCXB ([`word_scores`]): lowercased `\w+` bag-of-words precision, recall and F1 per page, each averaged
//!   over pages; reported for all pages, per page type, and for the `article` pages.
//!
//! [`load`] reads a benchmark directory into [`Case`]s, and [`score`] turns one [`Prediction`] per case into
//! a [`Report`] that also holds exact-match accuracy of title, author and date (dates on their first 10
//! characters), counted over the article pages whose reference has the field. This module reads files (the
//! benchmarks' pages and ground truth); the rest of the crate does no I/O.
//!
//! ```
//! use samestory_extract::eval::{Case, Dataset, Prediction, score};
//! let case = Case { id: "1".into(), text: "the cat sat on the mat".into(), page_type: "article".into(),
//!                   date: Some("2025-01-02".into()), ..Case::default() };
//! let pred = Prediction { text: "The cat sat on the mat. Menu".into(), date: Some("2025-01-02T10:00:00Z".into()),
//!                         ..Prediction::default() };
//! let report = score(Dataset::Wcxb, "ours", &[case], &[pred], 0.5);
//! assert!(report.all.recall == 1.0 && report.all.precision < 1.0);
//! assert_eq!(report.date.correct, 1);
//! assert_eq!(report.pages_per_second, 2.0);
//! ```

mod dataset;
mod shingles;
mod words;

use std::collections::BTreeMap;

pub use dataset::{Case, Dataset, EvalError, load};
pub use shingles::{PageScore, SHINGLE, Summary, score_page, shingles, tokenize};
pub use words::{WordScore, word_scores, words};

/// What a tool extracted from one page.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prediction {
    /// Main text.
    #[serde(default)]
    pub text: String,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Author.
    #[serde(default)]
    pub author: Option<String>,
    /// Publication date, ISO 8601 (only the first 10 characters are compared).
    #[serde(default)]
    pub date: Option<String>,
}

/// Runs our extractor on a benchmark page: the main text with paragraphs on separate lines, and metadata.
pub fn extract(case: &Case) -> Prediction {
    let ex = crate::extract_html(&case.html, case.url.as_deref(), None);
    Prediction {
        text: ex.paragraphs.join("\n"),
        title: ex.title,
        author: ex.author,
        date: ex.published_day.map(|d| d.to_string()),
    }
}

/// Precision, recall and F1 over a set of pages, as the benchmark defines them.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Pages scored.
    pub pages: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// Exact-match accuracy of one metadata field.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Accuracy {
    /// Pages whose reference has the field.
    pub checked: usize,
    /// Pages where the prediction matched it.
    pub correct: usize,
}

impl Accuracy {
    /// `correct / checked`, `None` when nothing was checked.
    pub fn rate(&self) -> Option<f64> {
        (self.checked > 0).then(|| self.correct as f64 / self.checked as f64)
    }

    fn add(&mut self, reference: Option<&str>, predicted: Option<&str>, same: fn(&str, &str) -> bool) {
        if let Some(r) = reference {
            self.checked += 1;
            if predicted.is_some_and(|p| same(r, p)) {
                self.correct += 1;
            }
        }
    }
}

/// One page's text score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PageResult {
    /// The benchmark's page id.
    pub id: String,
    /// Its page type.
    pub page_type: String,
    /// Precision of the page.
    pub precision: f64,
    /// Recall of the page.
    pub recall: f64,
    /// F1 of the page.
    pub f1: f64,
}

/// A tool's results on one benchmark.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// The benchmark.
    pub dataset: Dataset,
    /// Who extracted.
    pub tool: String,
    /// Text scores over all pages.
    pub all: Scores,
    /// Text scores over the `article` pages (WCXB only).
    pub articles: Option<Scores>,
    /// Text scores per page type (WCXB only).
    pub by_type: BTreeMap<String, Scores>,
    /// Title accuracy on article pages.
    pub title: Accuracy,
    /// Author accuracy on article pages.
    pub author: Accuracy,
    /// Date accuracy on article pages (first 10 characters).
    pub date: Accuracy,
    /// Seconds spent extracting, all pages, one thread.
    pub seconds: f64,
    /// Pages per second.
    pub pages_per_second: f64,
    /// Per-page text scores, in case order.
    #[serde(skip)]
    pub pages: Vec<PageResult>,
}

/// Scores predictions (`predictions[i]` for `cases[i]`; missing ones count as empty) as `dataset` defines it.
/// `seconds` is the extraction time of all pages.
pub fn score(
    dataset: Dataset,
    tool: &str,
    cases: &[Case],
    predictions: &[Prediction],
    seconds: f64,
) -> Report {
    let empty = Prediction::default();
    let mut pages = Vec::with_capacity(cases.len());
    let mut shingle_pages = Vec::new();
    let (mut title, mut author, mut date) = (Accuracy::default(), Accuracy::default(), Accuracy::default());
    for (i, case) in cases.iter().enumerate() {
        let pred = predictions.get(i).unwrap_or(&empty);
        let (precision, recall, f1) = match dataset {
            Dataset::ScrapingHub => {
                let s = score_page(&pred.text, &case.text);
                shingle_pages.push(s);
                (s.precision(), s.recall(), s.f1())
            }
            Dataset::Wcxb => {
                let s = word_scores(&pred.text, &case.text);
                (s.precision, s.recall, s.f1)
            }
        };
        pages.push(PageResult {
            id: case.id.clone(),
            page_type: case.page_type.clone(),
            precision,
            recall,
            f1,
        });
        if case.page_type == "article" {
            title.add(case.title.as_deref(), pred.title.as_deref(), same_text);
            author.add(case.author.as_deref(), pred.author.as_deref(), same_text);
            date.add(case.date.as_deref(), pred.date.as_deref(), same_day);
        }
    }
    let all = match dataset {
        Dataset::ScrapingHub => {
            let s = Summary::from_pages(&shingle_pages);
            Scores { pages: s.pages, precision: s.precision, recall: s.recall, f1: s.f1 }
        }
        Dataset::Wcxb => mean_scores(pages.iter()),
    };
    let mut by_type = BTreeMap::new();
    let mut articles = None;
    if dataset == Dataset::Wcxb {
        let mut types: Vec<&str> = pages.iter().map(|p| p.page_type.as_str()).collect();
        types.sort_unstable();
        types.dedup();
        for t in types {
            by_type.insert(t.to_string(), mean_scores(pages.iter().filter(|p| p.page_type == t)));
        }
        articles = by_type.get("article").copied();
    }
    let pages_per_second = if seconds > 0.0 { cases.len() as f64 / seconds } else { 0.0 };
    Report {
        dataset,
        tool: tool.to_string(),
        all,
        articles,
        by_type,
        title,
        author,
        date,
        seconds,
        pages_per_second,
        pages,
    }
}

fn mean_scores<'a>(pages: impl Iterator<Item = &'a PageResult>) -> Scores {
    let mut s = Scores::default();
    for p in pages {
        s.pages += 1;
        s.precision += p.precision;
        s.recall += p.recall;
        s.f1 += p.f1;
    }
    if s.pages > 0 {
        let n = s.pages as f64;
        s.precision /= n;
        s.recall /= n;
        s.f1 /= n;
    }
    s
}

/// Equal after collapsing whitespace.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// The same first 10 characters (`YYYY-MM-DD`).
fn same_day(a: &str, b: &str) -> bool {
    let day = |s: &str| s.trim().chars().take(10).collect::<String>();
    day(a).len() == 10 && day(a) == day(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, text: &str, page_type: &str) -> Case {
        Case { id: id.into(), text: text.into(), page_type: page_type.into(), ..Case::default() }
    }

    #[test]
    fn wcxb_averages_per_page_and_per_type() {
        let cases = [case("1", "a b c d", "article"), case("2", "x y", "forum")];
        let preds = [
            Prediction { text: "a b c d".into(), ..Prediction::default() },
            Prediction { text: "q".into(), ..Prediction::default() },
        ];
        let r = score(Dataset::Wcxb, "t", &cases, &preds, 1.0);
        assert_eq!(r.all.f1, 0.5);
        assert_eq!(r.articles.unwrap().f1, 1.0);
        assert_eq!(r.by_type["forum"].f1, 0.0);
        assert_eq!(r.pages.len(), 2);
    }

    #[test]
    fn scrapinghub_f1_comes_from_averages() {
        let cases =
            [case("1", "one two three four five", "article"), case("2", "six seven eight nine", "article")];
        let preds = [Prediction { text: "one two three four five".into(), ..Prediction::default() }];
        let r = score(Dataset::ScrapingHub, "t", &cases, &preds, 0.0);
        assert_eq!((r.all.precision, r.all.recall), (1.0, 0.5));
        assert!((r.all.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.pages_per_second, 0.0);
        assert!(r.articles.is_none());
    }

    #[test]
    fn metadata_is_exact_on_articles_with_a_reference() {
        let mut a = case("1", "t", "article");
        a.title = Some("Rain  returns".into());
        a.author = Some("Ann Lee".into());
        a.date = Some("2025-03-01".into());
        let mut b = case("2", "t", "product");
        b.title = Some("Ignored".into());
        let pred = Prediction {
            text: "t".into(),
            title: Some("Rain returns".into()),
            author: Some("ann lee".into()),
            date: Some("2025-03-01T23:00:00-05:00".into()),
        };
        let r = score(Dataset::Wcxb, "t", &[a, b], &[pred], 1.0);
        assert_eq!((r.title.checked, r.title.correct), (1, 1));
        assert_eq!((r.author.checked, r.author.correct), (1, 0));
        assert_eq!(r.date.rate(), Some(1.0));
        assert!(!same_day("2025", "2025"));
    }
}
