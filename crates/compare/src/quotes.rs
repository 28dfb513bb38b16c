//! Quotations across outlets: each article's quotations (with speakers from `samestory-quotes`) cut into
//! sentences, aligned, and put back together where nothing aligned.
//!
//! A quotation inside a quotation (`"He said, 'How can we help you?'"`) is the inner speaker's words, not the
//! outer speaker's: it is its own unit, with the outer speaker as `quoted_by`.

use crate::align::{self, Mode, Unit, Vocab};
use crate::people::canonical;
use crate::text::{stemmer_for, terms};
use crate::{AlignedQuote, Doc, Entity, QuoteVersion, distinct_outlets, sentences};

/// One stretch of a quotation: the whole of it, or a quotation inside it.
struct Piece {
    doc: usize,
    text: String,
    speaker: Option<String>,
    cue: Option<String>,
    quoted_by: Option<String>,
}

/// Splits quoted words into the outer speaker's stretches and inner quotations in single marks: an inner
/// quotation opens with `‘` or `'` after a space or at the start and closes with `’` or `'` before a
/// non-letter, or runs to the end.
pub(crate) fn nested(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut chars = text.char_indices().peekable();
    let mut open: Option<usize> = None;
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match open {
            None if matches!(c, '‘' | '\'')
                && prev.is_none_or(|p| p.is_whitespace() || p == '(')
                && next.is_some_and(char::is_alphanumeric) =>
            {
                if !text[from..i].trim().is_empty() {
                    out.push((false, &text[from..i]));
                }
                open = Some(i + c.len_utf8());
            }
            Some(start)
                if matches!(c, '’' | '\'')
                    && prev.is_some_and(|p| !p.is_whitespace())
                    && next.is_none_or(|n| !n.is_alphanumeric()) =>
            {
                out.push((true, &text[start..i]));
                open = None;
                from = i + c.len_utf8();
            }
            _ => {}
        }
        prev = Some(c);
    }
    match open {
        Some(start) => out.push((true, &text[start..])),
        None if !text[from..].trim().is_empty() => out.push((false, &text[from..])),
        None => {}
    }
    out
}

/// The speaker a quotation gives for an inner quotation right after it: `Trump said, '…` or `He asked: '…`.
fn inner_speaker(before: &str, entities: &[Entity]) -> Option<String> {
    let clause = before.trim_end().trim_end_matches([',', ':']).trim_end();
    let mut words = clause.rsplit(char::is_whitespace);
    let cue = words.next()?;
    if !is_cue(cue) {
        return None;
    }
    let name: Vec<&str> = words.take_while(|w| w.starts_with(char::is_uppercase)).collect();
    let name: Vec<&str> = name.into_iter().rev().collect();
    let name = name.join(" ");
    canonical(entities, &name).map(|e| e.name.clone())
}

fn is_cue(w: &str) -> bool {
    matches!(w, "said" | "says" | "asked" | "asks" | "told" | "wrote" | "added" | "replied" | "saying")
}

fn speaker_name(name: Option<&str>, entities: &[Entity]) -> Option<String> {
    let name = name?;
    Some(canonical(entities, name).map_or_else(|| name.to_string(), |e| e.name.clone()))
}

/// The story's quotations, aligned: rows several outlets quote first (most outlets first), then the
/// quotations of one outlet in the order the articles give them.
pub(crate) fn aligned(docs: &[Doc<'_>], entities: &[Entity], vocab: &mut Vocab) -> Vec<AlignedQuote> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for q in &doc.analysis.quotes {
            let speaker = speaker_name(q.speaker.as_deref(), entities);
            let mut before = "";
            let parts = nested(&q.text);
            for (k, &(inner, part)) in parts.iter().enumerate() {
                let part_trim = part.trim().trim_end_matches([',', ';']).trim();
                // `He said,` before an inner quotation introduces it; it is not a quote of its own.
                let introduces = !inner
                    && parts.get(k + 1).is_some_and(|(i, _)| *i)
                    && part_trim.split_whitespace().count() <= 4
                    && part_trim.trim_end_matches(':').split_whitespace().last().is_some_and(is_cue);
                if part_trim.is_empty() || introduces {
                    before = part;
                    continue;
                }
                if inner {
                    pieces.push(Piece {
                        doc: d,
                        text: part_trim.to_string(),
                        speaker: inner_speaker(before, entities),
                        cue: None,
                        quoted_by: speaker.clone(),
                    });
                } else {
                    pieces.push(Piece {
                        doc: d,
                        text: part_trim.to_string(),
                        speaker: speaker.clone(),
                        cue: q.cue.clone(),
                        quoted_by: None,
                    });
                }
                before = part;
            }
        }
    }
    let mut units: Vec<Unit> = Vec::new();
    for (p, piece) in pieces.iter().enumerate() {
        let stemmer = stemmer_for(docs[piece.doc].article.lang.as_deref());
        for s in sentences(&piece.text) {
            let t = vocab.intern(&terms(&s, &stemmer));
            units.push(Unit { doc: piece.doc, item: p, terms: t, text: s });
        }
    }
    let groups = align::align(&units, Mode::Quote, vocab);
    let version = |p: &Piece, text: String| QuoteVersion {
        outlet: docs[p.doc].outlet.to_string(),
        article: docs[p.doc].article.id.clone(),
        text,
        speaker: p.speaker.clone(),
        cue: p.cue.clone(),
        quoted_by: p.quoted_by.clone(),
    };
    let mut multi: Vec<(usize, AlignedQuote)> = Vec::new();
    let mut alone = vec![false; pieces.len()];
    let mut piece_in_multi = vec![false; pieces.len()];
    for (position, g) in groups.iter().enumerate() {
        if g.len() >= 2 {
            let versions: Vec<QuoteVersion> =
                g.iter().map(|&u| version(&pieces[units[u].item], units[u].text.clone())).collect();
            for &u in g {
                piece_in_multi[units[u].item] = true;
            }
            multi.push((position, row(versions)));
        } else {
            alone[units[g[0]].item] = true;
        }
    }
    multi.sort_by(|a, b| b.1.outlets.len().cmp(&a.1.outlets.len()).then(a.0.cmp(&b.0)));
    let mut out: Vec<AlignedQuote> = multi.into_iter().map(|(_, q)| q).collect();
    // What aligned with nothing is shown whole: the sentences of a piece that did not align, together.
    for (p, piece) in pieces.iter().enumerate() {
        if !alone[p] {
            continue;
        }
        let text = if piece_in_multi[p] {
            let rest: Vec<&str> = units
                .iter()
                .zip(groups_of(&groups, units.len()))
                .filter(|(u, g)| u.item == p && groups[*g].len() == 1)
                .map(|(u, _)| u.text.as_str())
                .collect();
            rest.join(" ")
        } else {
            piece.text.clone()
        };
        out.push(row(vec![version(piece, text)]));
    }
    out
}

fn groups_of(groups: &[Vec<usize>], n: usize) -> Vec<usize> {
    let mut of = vec![0; n];
    for (g, members) in groups.iter().enumerate() {
        for &u in members {
            of[u] = g;
        }
    }
    of
}

/// A row: its outlets and the speaker most versions give (the first named on a tie).
fn row(versions: Vec<QuoteVersion>) -> AlignedQuote {
    let mut votes: Vec<(&str, usize)> = Vec::new();
    for v in &versions {
        if let Some(s) = v.speaker.as_deref() {
            match votes.iter_mut().find(|(n, _)| *n == s) {
                Some((_, c)) => *c += 1,
                None => votes.push((s, 1)),
            }
        }
    }
    let speaker = votes
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, c))| (*c, std::cmp::Reverse(*i)))
        .map(|(_, (n, _))| n.to_string());
    AlignedQuote { speaker, outlets: distinct_outlets(versions.iter().map(|v| v.outlet.as_str())), versions }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_quotations_are_split_out() {
        let n = nested("He said, 'How can we help you fight drug trafficking? I suggest more.");
        assert_eq!(
            n,
            vec![(false, "He said, "), (true, "How can we help you fight drug trafficking? I suggest more.")]
        );
        let n = nested("We heard ‘stop now’ twice, and it's over.");
        assert_eq!(n, vec![(false, "We heard "), (true, "stop now"), (false, " twice, and it's over.")]);
        assert_eq!(nested("Mexico's army isn't here."), vec![(false, "Mexico's army isn't here.")]);
        assert!(nested("").is_empty());
    }
}
