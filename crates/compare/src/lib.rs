//! Side-by-side comparison of one story's coverage.
//!
//! Given the articles of a story (and which of them are copies of which), [`compare`] builds a
//! [`Comparison`]: the outlets and a timeline (who published when, the earliest article, the copies), a
//! canonical headline and a short summary from the sentences most outlets share, the facts several outlets
//! report (aligned across articles even when the wording differs), the facts only one outlet reports, and the
//! direct quotations aligned across outlets.
//!
//! Alignment is lexical: sentences are reduced to sets of stemmed content words and two sentences of
//! different articles are the same fact when their Dice overlap reaches [`ALIGN_THRESHOLD`]. That survives
//! reordering, light rewording and machine translation that keeps the key words; it does not understand
//! paraphrase with no shared words. Copies are shown in the timeline but do not vote on facts, so a
//! syndicated text never counts as independent confirmation.
//!
//! What it does not do: speaker attribution and disagreement detection (their own engines), any I/O.
//!
//! ```
//! use samestory_compare::{compare, Member};
//! use samestory_model::Article;
//!
//! let mut a = Article::from_paragraphs(vec!["The dam at Orlen failed on Monday. \
//!     Officials said 40 homes were flooded.".into()]);
//! a.outlet = Some("Daily A".into());
//! let mut b = Article::from_paragraphs(vec!["Forty homes were flooded when the Orlen dam failed Monday, \
//!     officials said. A school near the river was closed.".into()]);
//! b.outlet = Some("Courier B".into());
//! let c = compare(1, &[Member::original(a), Member::original(b)]);
//! assert_eq!(c.outlets.len(), 2);
//! assert!(c.shared_facts.iter().any(|f| f.outlets.len() == 2));
//! assert!(c.unique_facts.iter().any(|o| o.outlet == "Courier B" && o.facts[0].contains("school")));
//! ```
#![deny(missing_docs)]

mod text;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use samestory_model::Article;
use serde::Serialize;

pub use text::{Quote, content_words, quotes, sentences};

/// Dice overlap of content words from which two sentences are one fact.
pub const ALIGN_THRESHOLD: f64 = 0.4;

/// Content words two sentences must share to be one fact (fewer when a sentence has fewer words).
pub const MIN_COMMON_WORDS: usize = 3;

/// Dice overlap of content words from which two quotations are one quote.
pub const QUOTE_ALIGN_THRESHOLD: f64 = 0.5;

/// One article of the story.
#[derive(Debug, Clone)]
pub struct Member {
    /// The article.
    pub article: Article,
    /// The id of the article this one copies, when it is a copy.
    pub copy_of: Option<String>,
}

impl Member {
    /// An article that is not a copy.
    pub fn original(article: Article) -> Member {
        Member { article, copy_of: None }
    }
}

/// The comparison of one story.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The story id.
    pub story: u64,
    /// The canonical headline.
    pub headline: String,
    /// A short neutral summary: the sentences most outlets share, in the words of the earliest of them.
    pub summary: Vec<String>,
    /// Number of articles, copies included.
    pub article_count: usize,
    /// The earliest article's id.
    pub earliest: Option<String>,
    /// Every outlet with its articles, by first appearance.
    pub outlets: Vec<OutletCoverage>,
    /// Every article by time.
    pub timeline: Vec<TimelineEntry>,
    /// Facts reported by two or more outlets, most widely reported first.
    pub shared_facts: Vec<Fact>,
    /// Facts reported by one outlet only, grouped by outlet.
    pub unique_facts: Vec<OutletFacts>,
    /// Direct quotations, aligned across outlets: one row per quote with each outlet's wording.
    pub quotes: Vec<AlignedQuote>,
}

/// One outlet's part of the coverage.
#[derive(Debug, Clone, Serialize)]
pub struct OutletCoverage {
    /// The outlet's name.
    pub outlet: String,
    /// Its articles' ids, by time.
    pub articles: Vec<String>,
}

/// One article in the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// Article id.
    pub id: String,
    /// Outlet name.
    pub outlet: String,
    /// Headline, when known.
    pub title: Option<String>,
    /// Published time, else ingest time.
    pub time: Option<DateTime<Utc>>,
    /// URL, when known.
    pub url: Option<String>,
    /// The id of the original when this article is a copy.
    pub copy_of: Option<String>,
}

/// One statement as an outlet worded it.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// Outlet name.
    pub outlet: String,
    /// Article id.
    pub article: String,
    /// The sentence or quotation as printed.
    pub text: String,
}

/// A fact: aligned sentences from different articles.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// Distinct outlets reporting it, by first appearance.
    pub outlets: Vec<String>,
    /// Each article's wording.
    pub versions: Vec<Version>,
}

/// The facts only one outlet reports.
#[derive(Debug, Clone, Serialize)]
pub struct OutletFacts {
    /// Outlet name.
    pub outlet: String,
    /// Its sentences no other outlet reports, in article order.
    pub facts: Vec<String>,
}

/// One quotation aligned across outlets.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedQuote {
    /// Distinct outlets quoting it.
    pub outlets: Vec<String>,
    /// Each article's wording of the quote.
    pub versions: Vec<Version>,
}

struct Unit<'a> {
    outlet: &'a str,
    article: &'a str,
    text: String,
    words: BTreeSet<String>,
}

/// A group of units aligned to each other; a later wording joins when it matches any member.
struct Group<'a> {
    units: Vec<Unit<'a>>,
}

/// Dice overlap of two word sets; pairs sharing fewer than [`MIN_COMMON_WORDS`] words score 0, so short
/// sentences do not align on two common words.
fn dice(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let common = a.intersection(b).count();
    if common < MIN_COMMON_WORDS.min(a.len()).min(b.len()) || common == 0 {
        return 0.0;
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Greedy alignment in reading order: each unit joins the best group that has no unit of its article yet and
/// overlaps at least `threshold` with one of the group's units, else starts a group.
fn align<'a>(units: Vec<Unit<'a>>, threshold: f64) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for unit in units {
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.units.iter().all(|u| u.article != unit.article))
            .map(|(i, g)| (i, g.units.iter().map(|u| dice(&u.words, &unit.words)).fold(0.0, f64::max)))
            .filter(|(_, score)| *score >= threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => groups[i].units.push(unit),
            None => groups.push(Group { units: vec![unit] }),
        }
    }
    groups
}

fn distinct_outlets(units: &[Unit<'_>]) -> Vec<String> {
    let mut seen = Vec::<String>::new();
    for u in units {
        if !seen.iter().any(|o| o == u.outlet) {
            seen.push(u.outlet.to_string());
        }
    }
    seen
}

fn versions(units: &[Unit<'_>]) -> Vec<Version> {
    units
        .iter()
        .map(|u| Version {
            outlet: u.outlet.to_string(),
            article: u.article.to_string(),
            text: u.text.clone(),
        })
        .collect()
}

/// Compares the articles of one story. Members may come in any order; the result is ordered by time.
pub fn compare(story: u64, members: &[Member]) -> Comparison {
    let mut order: Vec<&Member> = members.iter().collect();
    order.sort_by(|a, b| {
        let (ta, tb) = (a.article.event_time(), b.article.event_time());
        // Known times first, earliest first; unknown times keep their input order after them.
        ta.is_none().cmp(&tb.is_none()).then(ta.cmp(&tb))
    });

    let timeline: Vec<TimelineEntry> = order
        .iter()
        .map(|m| TimelineEntry {
            id: m.article.id.clone(),
            outlet: m.article.outlet_or_unknown().to_string(),
            title: m.article.title.clone(),
            time: m.article.event_time(),
            url: m.article.url.clone(),
            copy_of: m.copy_of.clone(),
        })
        .collect();

    let mut outlets: Vec<OutletCoverage> = Vec::new();
    for entry in &timeline {
        match outlets.iter_mut().find(|o| o.outlet == entry.outlet) {
            Some(o) => o.articles.push(entry.id.clone()),
            None => outlets
                .push(OutletCoverage { outlet: entry.outlet.clone(), articles: vec![entry.id.clone()] }),
        }
    }

    let originals: Vec<&Member> = order.iter().copied().filter(|m| m.copy_of.is_none()).collect();

    let mut sentence_units = Vec::new();
    let mut quote_units = Vec::new();
    for m in &originals {
        let lang = m.article.lang.as_deref();
        let outlet = m.article.outlet_or_unknown();
        for paragraph in &m.article.paragraphs {
            for s in sentences(paragraph) {
                let words = content_words(&s, lang);
                if words.len() >= 3 {
                    sentence_units.push(Unit { outlet, article: &m.article.id, text: s, words });
                }
            }
        }
        for q in quotes(&m.article.text()) {
            let words = content_words(&q.text, lang);
            if !words.is_empty() {
                quote_units.push(Unit { outlet, article: &m.article.id, text: q.text, words });
            }
        }
    }

    let groups = align(sentence_units, ALIGN_THRESHOLD);
    let mut shared: Vec<(usize, Fact)> = Vec::new();
    let mut unique: Vec<OutletFacts> = Vec::new();
    for (position, g) in groups.into_iter().enumerate() {
        let fact_outlets = distinct_outlets(&g.units);
        if fact_outlets.len() >= 2 {
            shared.push((position, Fact { outlets: fact_outlets, versions: versions(&g.units) }));
        } else {
            let outlet = &fact_outlets[0];
            let texts = g.units.iter().map(|u| u.text.clone());
            match unique.iter_mut().find(|o| &o.outlet == outlet) {
                Some(o) => o.facts.extend(texts),
                None => unique.push(OutletFacts { outlet: outlet.clone(), facts: texts.collect() }),
            }
        }
    }
    // Most widely reported first; among equals, the order in which they were first reported.
    shared.sort_by(|a, b| b.1.outlets.len().cmp(&a.1.outlets.len()).then(a.0.cmp(&b.0)));
    let shared_facts: Vec<Fact> = shared.into_iter().map(|(_, f)| f).collect();
    let summary = shared_facts.iter().take(3).map(|f| f.versions[0].text.clone()).collect();

    let quotes = align(quote_units, QUOTE_ALIGN_THRESHOLD)
        .into_iter()
        .map(|g| AlignedQuote { outlets: distinct_outlets(&g.units), versions: versions(&g.units) })
        .collect();

    Comparison {
        story,
        headline: headline(&order),
        summary,
        article_count: members.len(),
        earliest: timeline.first().map(|e| e.id.clone()),
        outlets,
        timeline,
        shared_facts,
        unique_facts: unique,
        quotes,
    }
}

/// The canonical headline: the title most articles use (earliest on a tie), else the first sentence of the
/// earliest article, cut at a word boundary.
fn headline(order: &[&Member]) -> String {
    let titles: Vec<&str> = order.iter().filter_map(|m| m.article.title.as_deref()).collect();
    if let Some(best) = titles
        .iter()
        .enumerate()
        .max_by_key(|(i, t)| (titles.iter().filter(|o| o == t).count(), std::cmp::Reverse(*i)))
    {
        return best.1.to_string();
    }
    let first = order
        .iter()
        .find_map(|m| m.article.paragraphs.first())
        .and_then(|p| sentences(p).into_iter().next())
        .unwrap_or_default();
    text::cut(&first, 120)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, outlet: &str, paragraphs: &[&str]) -> Article {
        let mut a = Article::from_paragraphs(paragraphs.iter().map(|p| p.to_string()).collect());
        a.id = id.into();
        a.outlet = Some(outlet.into());
        a
    }

    #[test]
    fn shared_unique_and_quotes() {
        let a = article(
            "a",
            "North Post",
            &[
                "The Velm bridge collapsed on Tuesday morning, injuring twelve people.",
                "“We heard a crack like thunder,” said resident Ana Ruiz. The mayor ordered an inquiry.",
            ],
        );
        let b = article(
            "b",
            "South Ledger",
            &[
                "Twelve people were injured when the Velm bridge collapsed Tuesday morning.",
                "Resident Ana Ruiz said: \"We heard a crack, like thunder.\" Traffic was diverted for days.",
            ],
        );
        let c = compare(7, &[Member::original(a), Member::original(b)]);
        assert_eq!(c.story, 7);
        assert_eq!(
            c.outlets.iter().map(|o| o.outlet.as_str()).collect::<Vec<_>>(),
            ["North Post", "South Ledger"]
        );
        let bridge = c.shared_facts.iter().find(|f| f.versions[0].text.contains("collapsed")).unwrap();
        assert_eq!(bridge.outlets.len(), 2);
        assert!(c.unique_facts.iter().any(|o| o.outlet == "North Post" && o.facts[0].contains("inquiry")));
        assert!(c.unique_facts.iter().any(|o| o.outlet == "South Ledger" && o.facts[0].contains("diverted")));
        assert_eq!(c.quotes.len(), 1);
        assert_eq!(c.quotes[0].outlets.len(), 2);
        assert!(c.summary[0].contains("collapsed"));
    }

    #[test]
    fn copies_do_not_vote() {
        let a =
            article("a", "Wire", &["The council approved the new tram line after a long debate tonight."]);
        let mut copy = a.clone();
        copy.id = "copy".into();
        copy.outlet = Some("Aggregator".into());
        let c = compare(1, &[Member::original(a), Member { article: copy, copy_of: Some("a".into()) }]);
        assert!(c.shared_facts.is_empty());
        assert_eq!(c.timeline.len(), 2);
        assert_eq!(c.timeline[1].copy_of.as_deref(), Some("a"));
        assert_eq!(c.outlets.len(), 2);
    }

    #[test]
    fn headline_falls_back_to_first_sentence() {
        let a = article("a", "X", &["A very long first sentence about the harbour fire. Second one."]);
        let c = compare(1, &[Member::original(a)]);
        assert_eq!(c.headline, "A very long first sentence about the harbour fire.");
    }

    #[test]
    fn empty_story_is_fine() {
        let c = compare(3, &[]);
        assert_eq!(c.article_count, 0);
        assert!(c.earliest.is_none());
        assert_eq!(c.headline, "");
    }
}
