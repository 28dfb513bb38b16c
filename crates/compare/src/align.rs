//! Alignment: groups of sentences (or quotations) from different articles that say the same thing.
//!
//! Units are sets of interned terms (stems, numbers by value, names). A unit joins the group that has no unit
//! of its article yet and scores best against one of the group's units, when that score reaches the mode's
//! threshold; otherwise it starts a group. Candidate groups come from an inverted index over terms, so a
//! story's cost grows with the words units share, not with the square of its sentences.

use rustc_hash::FxHashMap;

use crate::text::Term;
use crate::{ALIGN_THRESHOLD, MIN_COMMON_WORDS, QUOTE_ALIGN_THRESHOLD};

/// Interned terms of one comparison and whether each is strong (a name or a number somewhere).
#[derive(Default)]
pub(crate) struct Vocab {
    ids: FxHashMap<String, u32>,
    strong: Vec<bool>,
}

impl Vocab {
    /// The sorted ids of `terms`.
    pub(crate) fn intern(&mut self, terms: &[Term]) -> Vec<u32> {
        let mut out: Vec<u32> = terms
            .iter()
            .map(|t| {
                let next = self.strong.len() as u32;
                let id = *self.ids.entry(t.key.clone()).or_insert(next);
                if id == next {
                    self.strong.push(false);
                }
                self.strong[id as usize] |= t.strong;
                id
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn weight(&self, id: u32) -> f64 {
        if self.strong[id as usize] { 2.0 } else { 1.0 }
    }
}

/// One sentence or quotation of one article.
pub(crate) struct Unit {
    /// Index of its article.
    pub doc: usize,
    /// Index of the item it comes from (a quotation), for the caller.
    pub item: usize,
    /// Sorted term ids.
    pub terms: Vec<u32>,
    /// The text as printed.
    pub text: String,
}

/// How two units are scored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Sentences: weighted Dice of their terms, at least [`MIN_COMMON_WORDS`] in common.
    Fact,
    /// Quotations: the share of the shorter one's terms the other contains (one outlet quotes a sentence,
    /// another the whole passage), at least two terms each.
    Quote,
}

/// The score of two units in `mode`, 0 when they do not align.
pub(crate) fn score(a: &[u32], b: &[u32], mode: Mode, vocab: &Vocab) -> f64 {
    let (mut i, mut j) = (0, 0);
    let (mut common, mut weight_common) = (0usize, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                weight_common += vocab.weight(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    if common == 0 {
        return 0.0;
    }
    let wa: f64 = a.iter().map(|&t| vocab.weight(t)).sum();
    let wb: f64 = b.iter().map(|&t| vocab.weight(t)).sum();
    match mode {
        Mode::Fact => {
            if common < MIN_COMMON_WORDS.min(a.len()).min(b.len()) {
                return 0.0;
            }
            2.0 * weight_common / (wa + wb)
        }
        Mode::Quote => {
            let shorter = a.len().min(b.len());
            if shorter < 2 || common < 3.min(shorter) {
                return 0.0;
            }
            weight_common / wa.min(wb)
        }
    }
}

/// Groups `units` (in reading order) into aligned groups of unit indices, in order of their first unit.
pub(crate) fn align(units: &[Unit], mode: Mode, vocab: &Vocab) -> Vec<Vec<usize>> {
    let threshold = match mode {
        Mode::Fact => ALIGN_THRESHOLD,
        Mode::Quote => QUOTE_ALIGN_THRESHOLD,
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut docs_of: Vec<Vec<usize>> = Vec::new();
    // Term → groups holding a unit with it.
    let mut postings: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    let mut seen: Vec<u32> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let mut best: Option<(usize, f64)> = None;
        let stamp = u as u32 + 1;
        for t in &unit.terms {
            let Some(gs) = postings.get(t) else { continue };
            for &g in gs {
                if seen.len() <= g {
                    seen.resize(g + 1, 0);
                }
                if seen[g] == stamp || docs_of[g].contains(&unit.doc) {
                    continue;
                }
                seen[g] = stamp;
                let s = groups[g]
                    .iter()
                    .map(|&o| score(&units[o].terms, &unit.terms, mode, vocab))
                    .fold(0.0, f64::max);
                if s >= threshold && best.is_none_or(|(bg, bs)| s > bs || (s == bs && g < bg)) {
                    best = Some((g, s));
                }
            }
        }
        let g = match best {
            Some((g, _)) => {
                groups[g].push(u);
                docs_of[g].push(unit.doc);
                g
            }
            None => {
                groups.push(vec![u]);
                docs_of.push(vec![unit.doc]);
                groups.len() - 1
            }
        };
        for &t in &unit.terms {
            let list = postings.entry(t).or_default();
            if list.last() != Some(&g) && !list.contains(&g) {
                list.push(g);
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{stemmer_for, terms};
    use proptest::prelude::*;

    fn units(vocab: &mut Vocab, texts: &[(usize, &str)]) -> Vec<Unit> {
        let stemmer = stemmer_for(None);
        texts
            .iter()
            .map(|&(doc, t)| Unit { doc, item: 0, terms: vocab.intern(&terms(t, &stemmer)), text: t.into() })
            .collect()
    }

    #[test]
    fn reworded_and_translated_sentences_align() {
        let mut v = Vocab::default();
        let u = units(
            &mut v,
            &[
                (0, "The Velm bridge collapsed on Tuesday morning, injuring twelve people."),
                (0, "The mayor ordered an inquiry into the contractor."),
                (1, "Twelve people were injured when the Velm bridge collapsed Tuesday."),
                (1, "Traffic was diverted for days."),
            ],
        );
        let g = align(&u, Mode::Fact, &v);
        assert_eq!(g, vec![vec![0, 2], vec![1], vec![3]]);
    }

    #[test]
    fn a_sentence_of_a_long_quote_aligns_with_the_short_quote() {
        let mut v = Vocab::default();
        let u = units(
            &mut v,
            &[
                (0, "We can work together, but with you in your territory and us in ours."),
                (1, "We can work together, but you are in your territory and our territory,"),
                (1, "It is true."),
            ],
        );
        assert_eq!(align(&u, Mode::Quote, &v), vec![vec![0, 1], vec![2]]);
    }

    proptest! {
        #[test]
        fn groups_partition_units_and_never_hold_one_article_twice(
            texts in proptest::collection::vec((0usize..4, "(bridge|collapse|twelve|people|mayor|Velm|inquiry|river|12|the|a) {0,1}(bridge|collapse|twelve|people|mayor|Velm|inquiry|river|12) (bridge|collapse|twelve|people|mayor|Velm|inquiry|river|12) (bridge|collapse|people|mayor|Velm|inquiry)"), 0..30)
        ) {
            let mut v = Vocab::default();
            let pairs: Vec<(usize, &str)> = texts.iter().map(|(d, t)| (*d, t.as_str())).collect();
            let u = units(&mut v, &pairs);
            for mode in [Mode::Fact, Mode::Quote] {
                let g = align(&u, mode, &v);
                let mut all: Vec<usize> = g.iter().flatten().copied().collect();
                all.sort_unstable();
                prop_assert_eq!(all, (0..u.len()).collect::<Vec<_>>());
                for group in &g {
                    let mut docs: Vec<usize> = group.iter().map(|&x| u[x].doc).collect();
                    docs.sort_unstable();
                    docs.dedup();
                    prop_assert_eq!(docs.len(), group.len());
                }
            }
        }
    }
}
