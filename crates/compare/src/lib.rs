//! Side-by-side comparison of one story's coverage.
//!
//! Given the articles of a story (and which of them are copies of which), [`compare`] builds a
//! [`Comparison`]: the outlets and a timeline (who published when, the earliest article, the copies), a
//! canonical headline and a short summary from the sentences most outlets share, the facts several outlets
//! report (aligned across articles even when the wording differs), the facts only one outlet reports, and the
//! direct quotations aligned across outlets.
//!
//! It also lists the quotations with their speakers, aligned across outlets, the people and organizations the
//! articles name with the roles they give them, and the disagreements between outlets.
//!
//! Each original article is read once by `samestory-quotes` ([`samestory_quotes::analyze`]): its quotations
//! with resolved speakers and its named people and organizations with their role phrases. Alignment is
//! lexical: sentences become sets of terms (stemmed content words, numbers by value so `twelve` meets `12`,
//! capitalized names, which with numbers weigh double) and two sentences of different articles are one fact
//! when their weighted Dice overlap reaches [`ALIGN_THRESHOLD`]. That survives reordering, rewording and
//! machine translation that keeps names, numbers and key words; it does not understand paraphrase with no
//! shared words. Quotations are cut into sentences and align when most of the shorter one's terms are in the
//! other ([`QUOTE_ALIGN_THRESHOLD`]), so one outlet's single sentence meets another's whole passage; a
//! quotation inside a quotation (`"He said, 'How can we help?'"`) counts as the inner speaker's words. A row's
//! speaker is the one most versions name; short names join full ones (`Sheinbaum` → `Claudia Sheinbaum`).
//!
//! Disagreements are only looked for between things the alignment tied together: one quote with different
//! speakers, one organization's statement given by different spokespeople (or one role held by different
//! people) in outlets that never name the other, different counts or dates in one fact, and a quote whose
//! wordings differ in a negation or a number. Copies are shown in the timeline but do not vote on facts,
//! quotes or people, so a syndicated text never counts as independent confirmation. Page furniture (headlines
//! in capitals, credit lines) is left out.
//!
//! What it does not do: any I/O, statistical named-entity recognition, paraphrase without shared words.
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

mod align;
mod disagree;
mod people;
mod quotes;
mod text;

use chrono::{DateTime, Utc};
use samestory_model::Article;
use serde::Serialize;

pub use text::{content_words, cut, sentences};

/// Weighted Dice overlap of terms (names and numbers count double) from which two sentences are one fact.
pub const ALIGN_THRESHOLD: f64 = 0.4;

/// Terms two sentences must share to be one fact (fewer when a sentence has fewer terms).
pub const MIN_COMMON_WORDS: usize = 3;

/// Share of the shorter quotation's terms the longer one must contain for the two to be one quote.
pub const QUOTE_ALIGN_THRESHOLD: f64 = 0.6;

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
    /// Direct quotations, aligned across outlets: one row per quote with its speaker and each outlet's
    /// wording; quotes several outlets report first.
    pub quotes: Vec<AlignedQuote>,
    /// People and organizations named, with their roles and the outlets naming them; most outlets first.
    pub entities: Vec<Entity>,
    /// Where outlets disagree: who said or did something, numbers, dates, quotes' wording.
    pub disagreements: Vec<Disagreement>,
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

/// One quotation aligned across outlets: the same words reported by several outlets, each in its wording.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedQuote {
    /// Who said it: the speaker most versions name (the full name when one outlet gives it), `None` when no
    /// outlet makes it clear.
    pub speaker: Option<String>,
    /// Distinct outlets quoting it, by first appearance.
    pub outlets: Vec<String>,
    /// Each article's wording of the quote.
    pub versions: Vec<QuoteVersion>,
}

/// One outlet's wording of a quotation.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteVersion {
    /// Outlet name.
    pub outlet: String,
    /// Article id.
    pub article: String,
    /// The quoted words as printed (one sentence of a longer quotation when only that sentence aligns).
    pub text: String,
    /// The speaker this article gives, `None` when it does not make it clear.
    pub speaker: Option<String>,
    /// The cue as written (`said`, `wrote`, `according to`), when there is one.
    pub cue: Option<String>,
    /// When the words are quoted inside another speaker's quotation (`“He said, ‘How can we help?’”`), that
    /// outer speaker; `speaker` is then who the outer speaker quotes, when known.
    pub quoted_by: Option<String>,
}

/// What a named entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organization: a government body, company, group, outlet.
    Organization,
}

/// A person or organization the story names.
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// The fullest name any article gives.
    pub name: String,
    /// Person or organization.
    pub kind: EntityKind,
    /// The roles the articles give it (`White House deputy press secretary`, `top conservative group`), each
    /// with the outlets that give it.
    pub roles: Vec<Role>,
    /// Outlets that name it, by first appearance.
    pub outlets: Vec<String>,
    /// How many times the original articles name it, all outlets together.
    pub mentions: usize,
    /// How many aligned quotes it is the speaker of.
    pub quotes: usize,
}

/// A role as the articles word it.
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    /// The role (`Mexican President`, `National Security Council spokesman`).
    pub role: String,
    /// Outlets that give it.
    pub outlets: Vec<String>,
}

/// What the outlets disagree about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementKind {
    /// The same role or statement attributed to different people (who spoke for an organization, who said a
    /// quote, who holds a title).
    Attribution,
    /// Different numbers for the same thing.
    Number,
    /// Different dates or days for the same thing.
    Date,
    /// A quotation that differs materially between outlets (a negation, a number, words added or missing).
    Quote,
}

/// One point on which outlets disagree.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// What kind of disagreement.
    pub kind: DisagreementKind,
    /// What it is about, in words (`who spoke for the White House`, `the number of homes`).
    pub subject: String,
    /// Each side: what one outlet says.
    pub claims: Vec<Claim>,
}

/// One outlet's side of a disagreement.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Outlet name.
    pub outlet: String,
    /// Article id.
    pub article: String,
    /// The value this outlet gives (a name, a number, a date, a quote's wording).
    pub value: String,
    /// The sentence or quotation it comes from.
    pub text: String,
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

    // Copies are in the timeline, but only originals speak: a syndicated text is no second confirmation.
    let originals: Vec<&Member> = order.iter().copied().filter(|m| m.copy_of.is_none()).collect();
    let docs: Vec<Doc<'_>> = originals.iter().map(|m| Doc::read(&m.article)).collect();

    let mut vocab = align::Vocab::default();
    let mut sentence_units = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let stemmer = text::stemmer_for(doc.article.lang.as_deref());
        for s in &doc.sentences {
            let terms = vocab.intern(&text::terms(s, &stemmer));
            if terms.len() >= 3 {
                sentence_units.push(align::Unit { doc: d, item: 0, terms, text: s.clone() });
            }
        }
    }
    let groups = align::align(&sentence_units, align::Mode::Fact, &vocab);
    let mut shared: Vec<(usize, Fact)> = Vec::new();
    let mut unique: Vec<OutletFacts> = Vec::new();
    for (position, g) in groups.iter().enumerate() {
        let fact_outlets = distinct_outlets(g.iter().map(|&u| docs[sentence_units[u].doc].outlet));
        let versions: Vec<Version> = g
            .iter()
            .map(|&u| {
                let unit = &sentence_units[u];
                Version {
                    outlet: docs[unit.doc].outlet.to_string(),
                    article: docs[unit.doc].article.id.clone(),
                    text: unit.text.clone(),
                }
            })
            .collect();
        if fact_outlets.len() >= 2 {
            shared.push((position, Fact { outlets: fact_outlets, versions }));
        } else {
            let outlet = &fact_outlets[0];
            let texts = versions.into_iter().map(|v| v.text);
            match unique.iter_mut().find(|o| &o.outlet == outlet) {
                Some(o) => o.facts.extend(texts),
                None => unique.push(OutletFacts { outlet: outlet.clone(), facts: texts.collect() }),
            }
        }
    }
    // Most widely reported first; among equals, the order in which they were first reported.
    shared.sort_by(|a, b| b.1.outlets.len().cmp(&a.1.outlets.len()).then(a.0.cmp(&b.0)));
    let shared_facts: Vec<Fact> = shared.into_iter().map(|(_, f)| f).collect();
    let summary = summary(&shared_facts);

    let mut entities = people::entities(&docs);
    let quotes = quotes::aligned(&docs, &entities, &mut vocab);
    for e in entities.iter_mut() {
        e.quotes = quotes.iter().filter(|q| q.speaker.as_deref() == Some(e.name.as_str())).count();
    }
    entities.sort_by(|a, b| {
        b.outlets.len().cmp(&a.outlets.len()).then(b.quotes.cmp(&a.quotes)).then(b.mentions.cmp(&a.mentions))
    });
    let disagreements = disagree::find(&docs, &shared_facts, &quotes, &entities);

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
        entities,
        disagreements,
    }
}

/// One original article, read once: its sentences, quotations and names.
pub(crate) struct Doc<'a> {
    pub article: &'a Article,
    pub outlet: &'a str,
    /// Its sentences, page furniture left out.
    pub sentences: Vec<String>,
    /// Quotations and names from `samestory-quotes`.
    pub analysis: samestory_quotes::Analysis,
}

impl<'a> Doc<'a> {
    fn read(article: &'a Article) -> Doc<'a> {
        let sentences =
            article.paragraphs.iter().flat_map(|p| sentences(p)).filter(|s| !text::is_furniture(s)).collect();
        let analysis = samestory_quotes::analyze(&article.text());
        Doc { article, outlet: article.outlet_or_unknown(), sentences, analysis }
    }
}

pub(crate) fn distinct_outlets<'a>(outlets: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = Vec::<String>::new();
    for o in outlets {
        if !seen.iter().any(|s| s == o) {
            seen.push(o.to_string());
        }
    }
    seen
}

/// The summary: up to three facts most outlets share, in the words of the earliest article, skipping
/// quotations (a summary reports, it does not quote) when there are other facts.
fn summary(shared: &[Fact]) -> Vec<String> {
    let quoted = |f: &&Fact| f.versions.iter().any(|v| v.text.contains(['“', '”', '"']));
    let mut out: Vec<String> =
        shared.iter().filter(|f| !quoted(f)).take(3).map(|f| f.versions[0].text.clone()).collect();
    if out.is_empty() {
        out = shared.iter().take(3).map(|f| f.versions[0].text.clone()).collect();
    }
    out
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
    cut(&first, 120)
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
