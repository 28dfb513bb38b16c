//! Words, punctuation and quote marks with their byte offsets, and sentences over them.
//!
//! A word keeps inner apostrophes and hyphens (`don’t`, `U.S.-Mexico`), dotted abbreviations and initials
//! (`U.S.`, `Sen.`, `J.`); a possessive `’s` is its own token. The marks of the quoted spans become `Open`
//! and `Close` tokens; every token inside a quoted span knows which one.

use std::ops::Range;

use crate::lexicon::{is_abbreviation, is_cue_verb};
use crate::marks::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct,
    /// A possessive `’s` or `'s`.
    Poss,
    /// The opening mark of the quoted span `Tok::span`.
    Open,
    /// The closing mark of the quoted span `Tok::span`.
    Close,
}

/// One token.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    pub kind: Kind,
    /// A word whose first character is upper case.
    pub cap: bool,
    /// A word of two or more letters, all upper case (`CNN`, a headline's words).
    pub upper: bool,
    /// The lower-cased word (the character itself for punctuation).
    pub lower: String,
    pub para: usize,
    /// The quoted span this token is inside, for words and punctuation.
    pub quote: Option<usize>,
    /// The span of an `Open` or `Close` token.
    pub span: usize,
}

impl Tok {
    pub(crate) fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub(crate) fn is(&self, punct: char) -> bool {
        self.kind == Kind::Punct && self.lower.starts_with(punct) && self.lower.len() == punct.len_utf8()
    }

    /// A word outside every quote.
    pub(crate) fn outside_word(&self) -> bool {
        self.kind == Kind::Word && self.quote.is_none()
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenizes `text`, paragraph by paragraph, with the marks of `spans` as `Open`/`Close` tokens.
pub(crate) fn tokenize(text: &str, paras: &[Range<usize>], spans: &[Span]) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut next_span = 0usize;
    for (pi, para) in paras.iter().enumerate() {
        let p = &text[para.clone()];
        let chars: Vec<(usize, char)> = p.char_indices().map(|(i, c)| (i + para.start, c)).collect();
        let mut i = 0;
        // The span whose content we are in, and the spans of this paragraph.
        let mut inside: Option<usize> = None;
        while i < chars.len() {
            let (at, c) = chars[i];
            // Marks of quoted spans.
            while next_span < spans.len() && spans[next_span].open.start < at {
                next_span += 1;
            }
            if let Some(si) = mark_at(spans, at, next_span) {
                let (kind, idx) = si;
                let len = c.len_utf8();
                toks.push(Tok {
                    s: at,
                    e: at + len,
                    kind,
                    cap: false,
                    upper: false,
                    lower: c.to_string(),
                    para: pi,
                    quote: None,
                    span: idx,
                });
                inside = if kind == Kind::Open { Some(idx) } else { None };
                i += 1;
                continue;
            }
            if let Some(q) = inside {
                if at >= spans[q].content.end && spans[q].close.is_none() {
                    inside = None;
                }
            }
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if c.is_alphanumeric() {
                let start = i;
                let mut j = i + 1;
                while j < chars.len() {
                    let ch = chars[j].1;
                    if ch.is_alphanumeric() {
                        j += 1;
                        continue;
                    }
                    let next = chars.get(j + 1).map(|x| x.1);
                    let next_alnum = next.is_some_and(char::is_alphanumeric);
                    if is_apostrophe(ch) && next_alnum {
                        // A possessive 's ends the word.
                        let after = chars.get(j + 2).map(|x| x.1);
                        if matches!(next, Some('s' | 'S')) && !after.is_some_and(char::is_alphanumeric) {
                            break;
                        }
                        j += 1;
                        continue;
                    }
                    if (ch == '-' || ch == '&') && next_alnum {
                        j += 1;
                        continue;
                    }
                    if ch == '.' && next_alnum {
                        // U.S., a.m., 4.5, but not "end.Next".
                        let seg_len = (start..j).rev().take_while(|&k| chars[k].1.is_alphanumeric()).count();
                        let digits =
                            chars[j - 1].1.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit());
                        if seg_len <= 2 || digits {
                            j += 1;
                            continue;
                        }
                    }
                    break;
                }
                // A trailing period that belongs to the word: initials, dotted abbreviations, titles.
                while j < chars.len() && chars[j].1 == '.' {
                    let word: String = chars[start..j].iter().map(|x| x.1).collect();
                    let lower = word.to_lowercase();
                    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                    let last_segment = lower.rsplit('-').next().unwrap_or(&lower);
                    let hyphen_abbr =
                        lower.contains('-') && (last_segment.len() == 1 || is_abbreviation(last_segment));
                    if !(single_initial || word.contains('.') || is_abbreviation(&lower) || hyphen_abbr) {
                        break;
                    }
                    j += 1;
                    // `U.S.-Mexico` goes on after the period.
                    if chars.get(j).is_some_and(|x| x.1 == '-')
                        && chars.get(j + 1).is_some_and(|x| x.1.is_alphanumeric())
                    {
                        j += 2;
                        while j < chars.len()
                            && (chars[j].1.is_alphanumeric()
                                || (chars[j].1 == '-'
                                    && chars.get(j + 1).is_some_and(|x| x.1.is_alphanumeric())))
                        {
                            j += 1;
                        }
                        continue;
                    }
                    break;
                }
                let s = chars[start].0;
                let e = chars.get(j).map_or(para.end, |x| x.0);
                let word = &text[s..e];
                toks.push(Tok {
                    s,
                    e,
                    kind: Kind::Word,
                    cap: word.chars().next().is_some_and(char::is_uppercase),
                    upper: word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase),
                    lower: word.to_lowercase(),
                    para: pi,
                    quote: inside,
                    span: usize::MAX,
                });
                i = j;
                continue;
            }
            if is_apostrophe(c) && matches!(chars.get(i + 1).map(|x| x.1), Some('s' | 'S')) {
                let s = at;
                let e = chars.get(i + 2).map_or(para.end, |x| x.0);
                toks.push(Tok {
                    s,
                    e,
                    kind: Kind::Poss,
                    cap: false,
                    upper: false,
                    lower: "'s".to_string(),
                    para: pi,
                    quote: inside,
                    span: usize::MAX,
                });
                i += 2;
                continue;
            }
            toks.push(Tok {
                s: at,
                e: at + c.len_utf8(),
                kind: Kind::Punct,
                cap: false,
                upper: false,
                lower: c.to_string(),
                para: pi,
                quote: inside,
                span: usize::MAX,
            });
            i += 1;
        }
    }
    toks
}

fn mark_at(spans: &[Span], at: usize, from: usize) -> Option<(Kind, usize)> {
    // Opening marks are in order; a closing mark belongs to a span opened at or before it.
    let lo = from.saturating_sub(2);
    for (k, s) in spans.iter().enumerate().skip(lo) {
        if s.open.start == at {
            return Some((Kind::Open, k));
        }
        if s.close.as_ref().is_some_and(|c| c.start == at) {
            return Some((Kind::Close, k));
        }
        if s.open.start > at {
            break;
        }
    }
    None
}

/// Whether the quoted span ends a sentence: its last character before the closing mark is `.`, `!`, `?`
/// or `…` (closing single quotes and brackets looked through).
pub(crate) fn span_ends_sentence(text: &str, span: &Span) -> bool {
    let inner = &text[span.content.clone()];
    inner
        .trim_end_matches(['’', '\'', ')', ']', ' '])
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Whether the tokens from `at` read as an attribution tail (`Trump asked.`, `said Kelly`): a cue verb
/// within a few words, with nothing but names, pronouns, titles and commas before it.
///
/// When `strict` (after a quote that ends with a period, where a new sentence is the rule), the cue must
/// also end the clause (`he said.`, `Trump said,`) or come first (`said Kelly`).
pub(crate) fn attribution_tail(toks: &[Tok], at: usize, strict: bool) -> bool {
    let Some(first) = toks.get(at) else { return false };
    for (n, t) in toks[at..].iter().enumerate().take(9) {
        if t.para != first.para {
            return false;
        }
        match t.kind {
            Kind::Word if is_cue_verb(&t.lower) => {
                if !strict {
                    return true;
                }
                if n == 0 {
                    return !t.cap;
                }
                // `He added` after a full stop starts a sentence; `he said` and `Trump said.` end one.
                if first.cap && crate::lexicon::pronoun(&first.lower).is_some() {
                    return false;
                }
                return clause_ending_cue(toks, at + n);
            }
            Kind::Word | Kind::Poss => {}
            Kind::Punct if t.is(',') || t.is('(') || t.is(')') || t.is('-') => {}
            _ => return false,
        }
    }
    false
}

/// Whether the cue at `k` ends its clause as an attribution does (`he said.`, `Trump said Tuesday`, `she
/// told Fox News`, `he said of the plan`), rather than taking an object clause (`critics cited it`).
pub(crate) fn clause_ending_cue(toks: &[Tok], k: usize) -> bool {
    match toks.get(k + 1) {
        None => true,
        Some(after) if after.para != toks[k].para => true,
        Some(after) => match after.kind {
            Kind::Punct => {
                matches!(after.lower.as_str(), "." | "," | ":" | ";" | "—" | "–" | "(" | "!" | "?")
            }
            Kind::Word => {
                // `said Kim's state is…` opens a clause; `told Fox News` names whom.
                (after.cap && !matches!(toks[k].lower.as_str(), "said" | "says" | "say"))
                    || crate::lexicon::is_time_word(&after.lower)
                    || matches!(
                        after.lower.as_str(),
                        "in" | "on"
                            | "at"
                            | "during"
                            | "of"
                            | "about"
                            | "to"
                            | "after"
                            | "before"
                            | "while"
                            | "when"
                            | "as"
                            | "from"
                            | "with"
                            | "last"
                            | "this"
                            | "earlier"
                            | "later"
                            | "recently"
                            | "reporters"
                            | "supporters"
                            | "the"
                            | "a"
                            | "an"
                            | "his"
                            | "her"
                            | "their"
                            | "via"
                            | "told"
                            | "added"
                            | "wrote"
                            | "adding"
                            | "saying"
                            | "noting"
                            | "then"
                            | "again"
                    )
            }
            _ => false,
        },
    }
}

/// Sentences as token ranges. Quoted spans are not split; a sentence ends at `.`, `!`, `?` outside quotes
/// before a capitalized word or an opening mark, at a closing mark after a quote that ends a sentence
/// unless an attribution follows (`“How?” Trump asked.`), and at every paragraph end.
pub(crate) fn sentences(text: &str, toks: &[Tok], spans: &[Span]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..toks.len() {
        let t = &toks[i];
        let Some(next) = toks.get(i + 1) else { break };
        let starts_new = (next.kind == Kind::Word
            && (next.cap || next.lower.starts_with(|c: char| c.is_ascii_digit())))
            || next.kind == Kind::Open;
        let boundary = if next.para != t.para {
            true
        } else if t.kind == Kind::Punct
            && t.quote.is_none()
            && matches!(t.lower.as_str(), "." | "!" | "?" | "…")
        {
            starts_new
        } else if t.kind == Kind::Word && t.quote.is_none() && t.lower.ends_with('.') && t.lower.len() > 2 {
            // An abbreviation that ends the sentence too: `in the U.S. He said`.
            next.kind == Kind::Word
                && next.cap
                && crate::lexicon::is_not_name(&next.lower)
                && !crate::lexicon::is_name_title(&t.lower)
                && !crate::lexicon::is_time_word(&next.lower)
        } else if t.kind == Kind::Close {
            starts_new && span_ends_sentence(text, &spans[t.span]) && !attribution_tail(toks, i + 1, true)
        } else {
            false
        };
        if boundary {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marks::{paragraphs, spans};

    fn words(text: &str) -> Vec<String> {
        let paras = paragraphs(text);
        let sp = spans(text, &paras);
        tokenize(text, &paras, &sp).into_iter().map(|t| text[t.s..t.e].to_string()).collect()
    }

    #[test]
    fn words_keep_abbreviations_and_split_possessives() {
        assert_eq!(
            words("Sen. J. Smith’s U.S.-Mexico plan, don’t."),
            ["Sen.", "J.", "Smith", "’s", "U.S.-Mexico", "plan", ",", "don’t", "."]
        );
    }

    #[test]
    fn marks_become_open_and_close_tokens() {
        let text = "“We can,” she said.";
        let paras = paragraphs(text);
        let sp = spans(text, &paras);
        let toks = tokenize(text, &paras, &sp);
        assert_eq!(toks[0].kind, Kind::Open);
        assert_eq!(toks[1].quote, Some(0));
        assert_eq!(toks[4].kind, Kind::Close);
        assert_eq!(toks[5].quote, None);
    }

    #[test]
    fn sentences_do_not_split_before_an_attribution() {
        let text = "Trump called. “How can we help?” Trump asked. “No.” Then he left. “Yes.” He announced that it was.";
        let paras = paragraphs(text);
        let sp = spans(text, &paras);
        let toks = tokenize(text, &paras, &sp);
        let sents: Vec<String> = sentences(text, &toks, &sp)
            .into_iter()
            .map(|r| text[toks[r.start].s..toks[r.end - 1].e].to_string())
            .collect();
        assert_eq!(
            sents,
            [
                "Trump called.",
                "“How can we help?” Trump asked.",
                "“No.”",
                "Then he left.",
                "“Yes.”",
                "He announced that it was."
            ]
        );
    }
}
