//! Boilerplate learned from a corpus: a paragraph that recurs across many articles of one outlet (its
//! newsletter pitch, its standard disclaimer, its "follow us" line) is that outlet's furniture, whatever the
//! words. The general rules of the extractor cannot know such lines; a model that has seen the outlet's
//! other articles can.
//!
//! A [`BoilerplateModel`] counts, per outlet, in how many documents each paragraph occurs (normalized:
//! lowercased, punctuation and spacing ignored; counted once per document). A paragraph is boilerplate of an
//! outlet when at least `min_docs` documents of it have it and they are at least `min_share` of the
//! outlet's documents. Only paragraph hashes are kept, so a model of a large corpus stays small, and it can
//! be saved and loaded with serde.
//!
//! ```
//! use samestory_extract::BoilerplateModel;
//! let mut model = BoilerplateModel::new();
//! for i in 0..5 {
//!     let story = vec![format!("Story number {i} happened today."), "Get our daily newsletter!".to_string()];
//!     model.observe("Daily Planet", &story);
//! }
//! assert!(model.is_boilerplate("Daily Planet", "Get our DAILY newsletter"));
//! assert!(!model.is_boilerplate("Other Outlet", "Get our daily newsletter!"));
//! let cleaned = model.clean("Daily Planet", vec!["New story.".into(), "Get our daily newsletter!".into()]);
//! assert_eq!(cleaned, vec!["New story."]);
//! ```

use std::collections::{HashMap, HashSet};

/// Per-outlet counts of recurring paragraphs: a paragraph that at least `min_docs` documents of an outlet,
/// and at least `min_share` of them, have is boilerplate of that outlet. Paragraphs are compared normalized
/// (lowercased, punctuation and spacing ignored) and counted once per document; only their hashes are kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BoilerplateModel {
    /// A paragraph must occur in at least this many documents of the outlet.
    pub min_docs: usize,
    /// ... and in at least this share of the outlet's documents.
    pub min_share: f64,
    outlets: HashMap<String, OutletCounts>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct OutletCounts {
    docs: usize,
    /// Paragraph hash → documents that have it.
    lines: HashMap<u64, usize>,
}

impl Default for BoilerplateModel {
    fn default() -> Self {
        BoilerplateModel::new()
    }
}

impl BoilerplateModel {
    /// An empty model: a paragraph is boilerplate when at least 4 documents of an outlet, and a fifth of
    /// them, have it.
    pub fn new() -> BoilerplateModel {
        BoilerplateModel::with_thresholds(4, 0.2)
    }

    /// An empty model with other thresholds (`min_docs` is at least 2: one document repeats nothing).
    pub fn with_thresholds(min_docs: usize, min_share: f64) -> BoilerplateModel {
        let min_share = if min_share.is_finite() { min_share.clamp(0.0, 1.0) } else { 0.2 };
        BoilerplateModel { min_docs: min_docs.max(2), min_share, outlets: HashMap::new() }
    }

    /// Learns from a corpus of `(outlet, paragraphs)` documents.
    pub fn learn<'a, P: AsRef<str> + 'a>(
        docs: impl IntoIterator<Item = (&'a str, &'a [P])>,
    ) -> BoilerplateModel {
        let mut model = BoilerplateModel::new();
        for (outlet, paragraphs) in docs {
            model.observe(outlet, paragraphs);
        }
        model
    }

    /// Counts one document of `outlet`.
    pub fn observe<P: AsRef<str>>(&mut self, outlet: &str, paragraphs: &[P]) {
        let counts = self.outlets.entry(outlet_key(outlet)).or_default();
        counts.docs += 1;
        let distinct: HashSet<u64> = paragraphs.iter().filter_map(|p| line_hash(p.as_ref())).collect();
        for h in distinct {
            *counts.lines.entry(h).or_insert(0) += 1;
        }
    }

    /// Documents seen of `outlet`.
    pub fn documents(&self, outlet: &str) -> usize {
        self.outlets.get(&outlet_key(outlet)).map_or(0, |c| c.docs)
    }

    /// Whether `paragraph` is boilerplate of `outlet`.
    pub fn is_boilerplate(&self, outlet: &str, paragraph: &str) -> bool {
        let Some(counts) = self.outlets.get(&outlet_key(outlet)) else { return false };
        let Some(h) = line_hash(paragraph) else { return false };
        let n = counts.lines.get(&h).copied().unwrap_or(0);
        n >= self.min_docs && n as f64 >= self.min_share * counts.docs as f64
    }

    /// `paragraphs` without the outlet's boilerplate.
    pub fn clean(&self, outlet: &str, paragraphs: Vec<String>) -> Vec<String> {
        paragraphs.into_iter().filter(|p| !self.is_boilerplate(outlet, p)).collect()
    }
}

fn outlet_key(outlet: &str) -> String {
    outlet.trim().to_lowercase()
}

/// The hash of a paragraph's normalized text; `None` when it has no words.
fn line_hash(paragraph: &str) -> Option<u64> {
    let norm = samestory_model::normalize_text(paragraph);
    (!norm.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(norm.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn needs_enough_documents_and_share() {
        let mut m = BoilerplateModel::with_thresholds(3, 0.5);
        m.observe("A", &["Footer line.", "x1"]);
        m.observe("A", &["Footer line.", "x2"]);
        assert!(!m.is_boilerplate("A", "Footer line."), "two documents are not enough");
        m.observe("A", &["Footer line.", "Footer line.", "x3"]);
        assert!(m.is_boilerplate("a ", "footer line"));
        for i in 0..4 {
            m.observe("A", &[format!("y{i}")]);
        }
        assert_eq!(m.documents("A"), 7);
        assert!(!m.is_boilerplate("A", "Footer line."), "3 of 7 is under half");
        assert!(!m.is_boilerplate("A", "..."));
    }

    #[test]
    fn learn_and_round_trip() {
        let docs: Vec<(&str, Vec<String>)> =
            (0..6).map(|i| ("O", vec![format!("unique {i}"), "Follow us on Mastodon".to_string()])).collect();
        let m = BoilerplateModel::learn(docs.iter().map(|(o, p)| (*o, p.as_slice())));
        assert!(m.is_boilerplate("O", "Follow us on Mastodon"));
        assert!(!m.is_boilerplate("O", "unique 1"));
        let json = serde_json::to_string(&m).unwrap();
        let back: BoilerplateModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
    }

    proptest! {
        /// A paragraph seen in fewer than `min_docs` documents is never boilerplate, however the thresholds
        /// are set.
        #[test]
        fn rare_lines_are_never_boilerplate(min_docs in 2usize..6, share in 0.0f64..1.0, seen in 0usize..6) {
            let mut m = BoilerplateModel::with_thresholds(min_docs, share);
            for i in 0..10 {
                let mut p = vec![format!("doc {i}")];
                if i < seen { p.push("the line".into()); }
                m.observe("o", &p);
            }
            prop_assert_eq!(m.is_boilerplate("o", "the line"), seen >= min_docs && seen as f64 >= share * 10.0);
        }
    }
}
