//! Which quoted spans are quotes, and who said them.
//!
//! Sentence by sentence: the cue verbs outside quotes (`said`, `told`, `according to`, …) each get a
//! speaker phrase, the name, pronoun or noun phrase that is their subject (`Kelly wrote`, `she said`, `the
//! group wrote`) or, right after a closing mark, the one that follows them (`"…," said Caddell`). Each quote
//! takes the nearest cue of its sentence. A quote standing alone as its sentence, or continuing a quote over
//! paragraphs, takes the speaker of the attribution just before it. A short quote inside a sentence with no
//! cue is a title or a scare quote, and is dropped.
//!
//! A speaker phrase may stand apart from its cue: past a time (`Feinstein last week said`, `two weeks ago`),
//! an appositive between dashes (`— John McCain, who lost in 2008 — said`), a relative clause, or as the name
//! in apposition to a noun phrase (`said the bureau's director, James B. Comey`); a cue opening its sentence
//! takes the name after it (`Said Ellis:`). A place right before a cue (`in Columbus, Ohio, said`) gives way
//! to the clause's subject.
//!
//! Speaker phrases are resolved to names: a name to the entity it belongs to (its longest form), a pronoun to
//! the nearest fitting person (gender from first names, titles and the pronouns already used for them; the
//! last speaker first, then subjects opening their sentence, then other subjects; words for parties, nations
//! and faiths never stand for one person; further back only when one person of that gender is named), a
//! title (`the president`, `the White House spokesman`) to the nearest person holding it, an organization
//! noun (`the group`, `the foundation`) to the nearest organization, a document (`the report`, `the
//! statement`) to whoever issued it. When nothing fits, the speaker is left out rather than guessed.

use std::ops::Range;

use crate::lexicon::{
    Gender, Pronoun, is_anonymous_noun, is_bad_speaker_word, is_cue_verb, is_document_noun, is_first_name,
    is_group_adjective, is_invertible, is_org_noun, is_skippable_before_cue, is_time_word, is_weak_cue,
    normalize_title, pronoun,
};
use crate::marks::Span;
use crate::mentions::{Entities, EntityKind};
use crate::tokens::{Kind, Tok};

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Speaker {
    pub name: String,
    pub entity: Option<usize>,
}

/// The phrase that names a speaker, before resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ref {
    Mention(usize),
    Pronoun(Pronoun, usize),
    /// A noun phrase: its tokens and the token of its head noun.
    Nominal {
        first: usize,
        head: usize,
        last: usize,
    },
    Nobody,
}

#[derive(Debug, Clone)]
struct Cue {
    tok: usize,
    last: usize,
    text: String,
    speaker: Option<Speaker>,
    named: bool,
    /// For `Name:` before a quote, the mention.
    colon_of: Option<usize>,
}

/// What was decided for one quoted span.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub span: usize,
    pub speaker: Option<Speaker>,
    pub cue: Option<String>,
}

struct State {
    /// The last attribution with a speaker: who, in which paragraph and sentence, with which cue.
    last: Option<(Speaker, usize, usize, String)>,
}

/// The analysed text.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    pub spans: &'a [Span],
    pub sents: &'a [Range<usize>],
    pub ents: &'a Entities,
    sent_of: Vec<usize>,
    open_tok: Vec<Option<usize>>,
    close_tok: Vec<Option<usize>>,
    /// Per sentence: the speaker of its first attribution, for documents issued there.
    sent_speaker: Vec<Option<Speaker>>,
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "another"
            | "one"
            | "some"
            | "many"
            | "several"
            | "two"
            | "three"
            | "other"
            | "each"
            | "every"
            | "no"
    )
}

fn is_possessive_pronoun(w: &str) -> bool {
    matches!(w, "his" | "her" | "their" | "its")
}

fn is_phrase_stop(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "but"
            | "that"
            | "to"
            | "of"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "from"
            | "by"
            | "as"
            | "when"
            | "while"
            | "after"
            | "before"
            | "if"
            | "because"
            | "since"
            | "who"
            | "which"
            | "what"
            | "where"
            | "how"
            | "why"
            | "than"
            | "then"
            | "so"
            | "about"
            | "into"
            | "over"
            | "under"
            | "against"
            | "during"
            | "through"
            | "not"
            | "it"
            | "is"
            | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "also"
            | "do"
            | "did"
            | "does"
            | "once"
            | "there"
            | "here"
            | "yet"
    )
}

impl<'a> Doc<'a> {
    pub(crate) fn new(
        text: &'a str,
        toks: &'a [Tok],
        spans: &'a [Span],
        sents: &'a [Range<usize>],
        ents: &'a Entities,
    ) -> Self {
        let mut sent_of = vec![0; toks.len()];
        for (si, s) in sents.iter().enumerate() {
            for k in s.clone() {
                sent_of[k] = si;
            }
        }
        let mut open_tok = vec![None; spans.len()];
        let mut close_tok = vec![None; spans.len()];
        for (k, t) in toks.iter().enumerate() {
            match t.kind {
                Kind::Open => open_tok[t.span] = Some(k),
                Kind::Close => close_tok[t.span] = Some(k),
                _ => {}
            }
        }
        Doc {
            text,
            toks,
            spans,
            sents,
            ents,
            sent_of,
            open_tok,
            close_tok,
            sent_speaker: vec![None; sents.len()],
        }
    }

    fn word(&self, k: usize) -> &str {
        &self.toks[k].lower
    }

    /// Runs the attribution over every sentence and returns one decision per quoted span kept.
    pub(crate) fn decide(mut self) -> Vec<Decision> {
        let mut out: Vec<Decision> = Vec::new();
        let mut state = State { last: None };
        let mut by_span: Vec<Option<usize>> = vec![None; self.spans.len()];
        for si in 0..self.sents.len() {
            let sent = self.sents[si].clone();
            let mut cues = self.cues(sent.clone());
            for c in cues.iter_mut() {
                let r = match c.colon_of {
                    Some(m) => Ref::Mention(m),
                    None => self.speaker_ref(sent.clone(), c.tok, c.last),
                };
                c.named = !matches!(r, Ref::Nobody);
                c.speaker = self.resolve(r, c.tok, &state);
                // A later pronoun in the same sentence most likely means this speaker.
                if let Some(sp) = &c.speaker {
                    state.last = Some((sp.clone(), self.toks[c.tok].para, si, c.text.clone()));
                }
            }
            // Quoted spans opening in this sentence.
            let quotes: Vec<usize> = sent
                .clone()
                .filter(|&k| self.toks[k].kind == Kind::Open)
                .map(|k| self.toks[k].span)
                .collect();
            let outside_words = sent.clone().filter(|&k| self.toks[k].outside_word()).count();
            let standalone = outside_words == 0;
            for &q in &quotes {
                if let Some(d) = self.decide_quote(q, sent.clone(), standalone, &cues, &state, &out, &by_span)
                {
                    by_span[q] = Some(out.len());
                    out.push(d);
                }
            }
            // The last attribution with a speaker becomes the context of what follows.
            if let Some(c) = cues.iter().rev().find(|c| c.speaker.is_some()) {
                let para = self.toks[c.tok].para;
                if let Some(sp) = c.speaker.clone() {
                    state.last = Some((sp, para, si, c.text.clone()));
                }
                self.sent_speaker[si] = cues.iter().find_map(|c| c.speaker.clone());
            } else if let Some(q) = quotes.last().and_then(|&q| by_span[q]) {
                if let Some(s) = out[q].speaker.clone() {
                    let para = self.spans[out[q].span].para;
                    state.last = Some((s, para, si, out[q].cue.clone().unwrap_or_default()));
                }
            } else if sent.len() > 1
                && self.toks[sent.end - 1].is(':')
                && sent.clone().any(|k| {
                    matches!(
                        self.word(k),
                        "statement"
                            | "following"
                            | "tweeted"
                            | "wrote"
                            | "posted"
                            | "said"
                            | "says"
                            | "writes"
                            | "reads"
                            | "read"
                            | "added"
                            | "told"
                            | "explained"
                            | "declared"
                            | "announced"
                            | "remarks"
                            | "tweet"
                            | "saying"
                            | "asked"
                            | "continued"
                            | "letter"
                            | "email"
                    )
                })
            {
                // `Trump issued the following statement:` introduces what follows.
                let r = self.clause_subject(sent.clone(), sent.end - 1);
                if let Some(sp) = self.resolve(r, sent.end - 1, &state) {
                    state.last = Some((sp.clone(), self.toks[sent.end - 1].para, si, ":".to_string()));
                    self.sent_speaker[si] = Some(sp);
                }
            }
        }
        // A quotation over several paragraphs has one speaker: a later part's attribution names the earlier.
        for i in (0..out.len()).rev() {
            let span = out[i].span;
            if !self.spans[span].continues || out[i].speaker.is_none() {
                continue;
            }
            if let Some(prev) = span.checked_sub(1).and_then(|p| by_span[p]) {
                if out[prev].speaker.is_none() {
                    out[prev].speaker = out[i].speaker.clone();
                    out[prev].cue = out[i].cue.clone();
                }
            }
        }
        out
    }

    /// Whether the words between a closing mark and a cue after it are only the cue's speaker phrase
    /// (`"…," the White House spokesman said`), not another clause (`"…", but he also warned`).
    fn tail_cue(&self, close: usize, cue: usize) -> bool {
        if cue <= close || cue - close > 12 {
            return false;
        }
        (close + 1..cue).all(|k| {
            let t = &self.toks[k];
            match t.kind {
                Kind::Word => {
                    !is_phrase_stop(&t.lower) || matches!(t.lower.as_str(), "also" | "then" | "has" | "had")
                }
                Kind::Poss => true,
                Kind::Punct => matches!(t.lower.as_str(), "," | "—" | "–" | "-" | "(" | ")" | "―"),
                _ => false,
            }
        })
    }

    /// Whether, between a cue and a later quote, another quote closed and a new subject took over
    /// (`a clip that Judge Mosman called "distasteful," Santilli expressed a desire to "…"`).
    fn new_subject_between(&self, cue: usize, open: usize) -> bool {
        let Some(c) = (cue + 1..open).rev().find(|&k| self.toks[k].kind == Kind::Close) else { return false };
        (c + 1..open).any(|k| {
            self.ents.by_token[k]
                .is_some_and(|m| self.ents.mentions[m].subject && self.ents.mentions[m].span_first == k)
                || (self.toks[k].kind == Kind::Word && matches!(self.word(k), "he" | "she" | "they"))
        })
    }

    /// An attribution by dash after a quote: `"…" ― Steve Quinlan` or a next paragraph `- Clinton.`
    fn dash_speaker(&self, close: usize) -> Option<(Speaker, String)> {
        let mut k = close + 1;
        while k < self.toks.len() && self.toks[k].is('.') {
            k += 1;
        }
        let t = self.toks.get(k)?;
        if t.kind != Kind::Punct || !matches!(t.lower.as_str(), "―" | "—" | "–" | "-") {
            return None;
        }
        if t.para != self.toks[close].para && t.para != self.toks[close].para + 1 {
            return None;
        }
        let m = self.ents.by_token.get(k + 1).copied().flatten()?;
        let sp = self.entity_speaker(self.ents.mentions[m].entity)?;
        Some((sp, t.lower.clone()))
    }

    #[allow(clippy::too_many_arguments)]
    fn decide_quote(
        &self,
        q: usize,
        sent: Range<usize>,
        standalone: bool,
        cues: &[Cue],
        state: &State,
        out: &[Decision],
        by_span: &[Option<usize>],
    ) -> Option<Decision> {
        let span = &self.spans[q];
        let content = &self.text[span.content.clone()];
        let words = content.split_whitespace().count();
        let open = self.open_tok[q].unwrap_or(sent.start);
        let close = self.close_tok[q].unwrap_or(open);
        // Markup, not speech: `id="…"`.
        if self.text[..span.open.start].ends_with('=') {
            return None;
        }
        let ends_open = content.trim_end_matches(['’', '\'', ' ']).ends_with([',', '?', '!', '—', '-']);
        let best = cues
            .iter()
            .filter(|c| !(c.tok > open && c.tok < close))
            .filter(|c| c.tok > close || !self.new_subject_between(c.last, open))
            .min_by_key(|c| {
                let (tail, d) = if c.tok >= close {
                    let gap = c.tok - close;
                    if self.tail_cue(close, c.tok) { (true, gap) } else { (false, gap + 30) }
                } else {
                    (false, open - c.last)
                };
                // A quote ending in a comma, `?` or `!` is followed by its attribution. `according to X`
                // is the outer source of everything its sentence reports.
                let outer = c.text.eq_ignore_ascii_case("according to") && c.speaker.is_some();
                (c.speaker.is_none() && !c.named, !outer, !(tail && ends_open), d)
            });
        let partial = !standalone;
        // A short title-cased phrase inside a sentence is a title (`on ABC's "Good Morning America"`).
        let title_like = partial
            && words <= 6
            && content
                .split_whitespace()
                .all(|w| w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic()))
            && !content.trim_end().ends_with(['.', '!', '?', ','])
            && best.is_none_or(|c| is_weak_cue(&c.text) || c.tok > close);
        if title_like {
            return None;
        }
        if let Some(c) = best {
            if words <= 1 && is_weak_cue(&c.text) && c.speaker.is_none() {
                return None;
            }
            return Some(Decision { span: q, speaker: c.speaker.clone(), cue: Some(c.text.clone()) });
        }
        if let Some((sp, cue)) = self.close_tok[q].and_then(|c| self.dash_speaker(c)) {
            return Some(Decision { span: q, speaker: Some(sp), cue: Some(cue) });
        }
        // A quote continuing over paragraphs keeps the speaker of its first part.
        if span.continues {
            if let Some(prev) = q.checked_sub(1).and_then(|p| by_span[p]) {
                return Some(Decision { span: q, ..out[prev].clone() });
            }
        }
        if !standalone {
            // A quote inside a sentence with no cue verb speaks for the sentence's subject
            // (`Sanders credited Clinton's victory to "a closed primary"`) when it is long enough not to be
            // a scare quote.
            if words >= 4 {
                let clause_start = (sent.start..open)
                    .rev()
                    .find(|&k| {
                        let t = &self.toks[k];
                        t.quote.is_none()
                            && t.kind == Kind::Punct
                            && matches!(t.lower.as_str(), "," | ";" | "—" | ":")
                    })
                    .map_or(sent.start, |k| k + 1);
                let mut r = self.subject_in(clause_start..sent.end, open, false);
                if r == Ref::Nobody {
                    r = self.clause_subject(sent.clone(), open);
                }
                if let Some(sp) = self.resolve(r, open, state) {
                    return Some(Decision { span: q, speaker: Some(sp), cue: None });
                }
            }
        }
        if standalone || words >= 8 {
            let prev = state
                .last
                .as_ref()
                .filter(|(_, p, _, _)| span.para <= p + 2)
                .map(|(s, _, _, c)| (s.clone(), c.clone()));
            return match prev {
                Some((s, c)) => Some(Decision { span: q, speaker: Some(s), cue: Some(c) }),
                None if standalone => Some(Decision { span: q, speaker: None, cue: None }),
                None => None,
            };
        }
        None
    }

    /// The cue verbs (and `according to`) of a sentence, outside quotes.
    fn cues(&self, sent: Range<usize>) -> Vec<Cue> {
        let mut out = Vec::new();
        for k in sent.clone() {
            let t = &self.toks[k];
            if t.is(':')
                && t.quote.is_none()
                && k > sent.start
                && self.toks.get(k + 1).is_some_and(|n| n.kind == Kind::Open)
            {
                // Only a name that starts its clause: `Mark Blumenthal and Jon Cohen:`, not `with Clinton:`.
                let m = self.ents.by_token[k - 1].filter(|&m| {
                    let f = self.ents.mentions[m].span_first;
                    f == sent.start || !self.toks[f - 1].is_word() || matches!(self.word(f - 1), "and")
                });
                if let Some(m) = m {
                    out.push(Cue {
                        tok: k,
                        last: k,
                        text: ":".to_string(),
                        speaker: None,
                        named: true,
                        colon_of: Some(m),
                    });
                }
                continue;
            }
            if !t.outside_word() || self.ents.by_token[k].is_some() {
                continue;
            }
            let w = t.lower.as_str();
            if w == "according" {
                if k + 1 < sent.end && self.word(k + 1) == "to" {
                    out.push(Cue {
                        tok: k,
                        last: k + 1,
                        text: self.text[t.s..self.toks[k + 1].e].to_string(),
                        speaker: None,
                        named: false,
                        colon_of: None,
                    });
                }
                continue;
            }
            // `Trump:` right before a quote.
            if w == ":" {
                continue;
            }
            if !is_cue_verb(w) {
                continue;
            }
            // `continued to be` is not speech; `he continued:` is.
            if w.starts_with("continu")
                && !self
                    .toks
                    .get(k + 1)
                    .is_some_and(|n| n.kind == Kind::Punct && matches!(n.lower.as_str(), "," | ":" | "."))
                && !(k > sent.start && self.toks[k - 1].kind == Kind::Close)
            {
                continue;
            }
            // `Asked about it, Trump said`: the one asked speaks through another cue.
            if t.cap && matches!(w, "asked" | "told" | "pressed" | "questioned") {
                continue;
            }
            // A noun, not a verb: `the report`, `a call`, `his statement`.
            if k > sent.start {
                let p = &self.toks[k - 1];
                if p.kind == Kind::Poss
                    || (p.kind == Kind::Word
                        && (is_determiner(&p.lower) || matches!(p.lower.as_str(), "be" | "being")))
                {
                    continue;
                }
                // `to call`, `to say` are verbs; `to report` after `according` is not reached here.
                if p.lower == "to"
                    && !matches!(
                        w,
                        "say"
                            | "tell"
                            | "write"
                            | "add"
                            | "ask"
                            | "call"
                            | "describe"
                            | "declare"
                            | "warn"
                            | "argue"
                            | "insist"
                    )
                {
                    continue;
                }
                // Passive `was asked`, `were told`, `was branded`: the subject is not the speaker.
                if matches!(p.lower.as_str(), "was" | "were" | "been" | "is" | "are" | "being")
                    && (matches!(w, "asked" | "told" | "quoted" | "cited") || is_weak_cue(w))
                {
                    continue;
                }
            }
            out.push(Cue {
                tok: k,
                last: k,
                text: self.text[t.s..t.e].to_string(),
                speaker: None,
                named: false,
                colon_of: None,
            });
        }
        out
    }

    /// The phrase naming the speaker of the cue at `k..=last`.
    fn speaker_ref(&self, sent: Range<usize>, k: usize, last: usize) -> Ref {
        let w = self.word(k);
        if w == "according" {
            return self.forward_ref(sent, last + 1);
        }
        // Inverted order right after a closing mark: `"…," said Kelly`.
        let mut b = k;
        while b > sent.start && (self.toks[b - 1].is(',') || self.toks[b - 1].is('—')) {
            b -= 1;
        }
        if b > sent.start && self.toks[b - 1].kind == Kind::Close && is_invertible(w) {
            let r = self.forward_ref(sent.clone(), k + 1);
            if r != Ref::Nobody {
                return r;
            }
        }
        // Opening its sentence: `Said Ellis: "…"`.
        if k == sent.start && is_invertible(w) {
            return self.forward_ref(sent, k + 1);
        }
        // After a comma: `…, said David Wasserman, an analyst` when no subject stands before.
        if b < k && is_invertible(w) {
            let back = self.backward_subject(sent.clone(), k);
            if back != Ref::Nobody {
                return back;
            }
            let fwd = self.forward_ref(sent.clone(), k + 1);
            if let Ref::Mention(m) = fwd {
                let after = self.ents.mentions[m].span_last + 1;
                let ends = after >= sent.end || self.toks[after].kind == Kind::Punct;
                return if ends { fwd } else { Ref::Nobody };
            }
            return fwd;
        }
        // A participle clause (`…, saying "…"`) speaks for the cue before it (`Spicer said, adding`), else
        // for the subject of its sentence.
        if w.ends_with("ing") {
            let mut strict = false;
            let mut j = k;
            while j > sent.start {
                j -= 1;
                let t = &self.toks[j];
                // `the remark`, `Trump's claim`; not `her remarks`, whose possessor is near enough to speak.
                let noun_before = |x: usize| {
                    (is_determiner(self.word(x)) && !is_possessive_pronoun(self.word(x)))
                        || self.toks[x].kind == Kind::Poss
                };
                // `Trump's repeated calls`: one adjective may stand between.
                let noun_use = j > sent.start
                    && (noun_before(j - 1)
                        || (j > sent.start + 1
                            && self.toks[j - 1].is_word()
                            && !self.toks[j - 1].cap
                            && (self.toks[j - 2].kind == Kind::Poss
                                || is_possessive_pronoun(self.word(j - 2)))));
                if t.kind == Kind::Word
                    && t.quote.is_none()
                    && is_cue_verb(&t.lower)
                    && !t.lower.ends_with("ing")
                {
                    // A cue word used as a noun (`her remarks`) is no cue; after one, or after a cue with no
                    // speaker, only a clear subject speaks.
                    strict = true;
                    if noun_use {
                        continue;
                    }
                    let r = self.speaker_ref(sent.clone(), j, j);
                    if r != Ref::Nobody {
                        return r;
                    }
                    break;
                }
            }
            return self.subject_in(sent, k, !strict);
        }
        self.backward_subject(sent, k)
    }

    /// [`Self::backward_ref`], with a place or a name after a preposition giving way to the clause subject.
    fn backward_subject(&self, sent: Range<usize>, k: usize) -> Ref {
        let r = self.backward_ref(sent.clone(), k);
        if let Ref::Mention(m) = r {
            // A place (`Clinton, during a meeting in Columbus, Ohio, said`) is where, not who: the clause's
            // subject speaks when it is a person.
            let mm = &self.ents.mentions[m];
            if mm.after_preposition || self.ents.entities[mm.entity].kind == EntityKind::Place {
                if let Ref::Mention(s) = self.clause_subject(sent, k) {
                    let sm = &self.ents.mentions[s];
                    let kind = self.ents.entities[sm.entity].kind;
                    if s != m
                        && !sm.after_preposition
                        && (kind == EntityKind::Person
                            || (kind == EntityKind::Unknown && self.opens_sentence(s)))
                    {
                        return Ref::Mention(s);
                    }
                }
            }
        }
        r
    }

    /// The speaker phrase that follows a cue: a name (with titles), a pronoun or a noun phrase.
    fn forward_ref(&self, sent: Range<usize>, mut at: usize) -> Ref {
        while at < sent.end
            && self.toks[at].kind == Kind::Word
            && is_time_word(self.word(at))
            && !self.toks[at].cap
        {
            at += 1;
        }
        if at >= sent.end || self.toks[at].kind != Kind::Word || self.toks[at].quote.is_some() {
            return Ref::Nobody;
        }
        let t = &self.toks[at];
        if let Some(p) = pronoun(&t.lower) {
            return if matches!(p, Pronoun::Relative) { Ref::Nobody } else { Ref::Pronoun(p, at) };
        }
        // Titles and names: the last person in a run of capitalized words and title words.
        let mut k = at;
        let mut found: Option<usize> = None;
        while k < sent.end && self.toks[k].kind == Kind::Word && k < at + 10 {
            let tk = &self.toks[k];
            if let Some(m) = self.ents.by_token[k] {
                let e = self.ents.mentions[m].entity;
                let kind = self.ents.entities[e].kind;
                if found.is_none() || kind == EntityKind::Person {
                    found = Some(m);
                }
                k = self.ents.mentions[m].span_last + 1;
                continue;
            }
            if tk.cap
                || normalize_title(&tk.lower).is_some()
                || matches!(tk.lower.as_str(), "the" | "a" | "an")
            {
                k += 1;
                continue;
            }
            // `according to conservative talk radio host Rush Limbaugh`.
            if !is_phrase_stop(&tk.lower) && !is_cue_verb(&tk.lower) && found.is_none() && k < at + 6 {
                k += 1;
                continue;
            }
            break;
        }
        if let Some(m) = found {
            return Ref::Mention(m);
        }
        if matches!(t.lower.as_str(), "the" | "a" | "an") || is_possessive_pronoun(&t.lower) || !t.cap {
            // A noun phrase up to punctuation or a preposition.
            let mut last = at;
            let mut k = at + 1;
            while k < sent.end
                && self.toks[k].kind == Kind::Word
                && !is_phrase_stop(self.word(k))
                && k < at + 6
            {
                last = k;
                k += 1;
            }
            if last > at || !is_determiner(&t.lower) {
                // A name in apposition to the phrase: `said the bureau's director, James B. Comey,`, `the
                // base chief known as Bob`.
                let mut j = k;
                while j < sent.end
                    && j < at + 8
                    && (self.toks[j].kind == Kind::Poss
                        || (self.toks[j].kind == Kind::Word && !is_phrase_stop(self.word(j))))
                    && self.ents.by_token[j].is_none()
                {
                    j += 1;
                }
                let apposed = j + 1 < sent.end
                    && (self.toks[j].is(',') || (self.word(j) == "as" && self.word(j - 1) == "known"));
                let name_at = apposed.then_some(j + 1);
                if let Some(m) = name_at.and_then(|n| self.ents.by_token[n]) {
                    let mm = &self.ents.mentions[m];
                    let ent = &self.ents.entities[mm.entity];
                    if mm.span_first == name_at.unwrap_or(0)
                        && !mm.in_quote
                        && (ent.kind == EntityKind::Person
                            || (ent.kind == EntityKind::Unknown && is_first_name(&ent.words[0])))
                    {
                        return Ref::Mention(m);
                    }
                }
                return Ref::Nominal { first: at, head: last, last };
            }
        }
        Ref::Nobody
    }

    /// The subject before a cue: the nearest name, pronoun or noun phrase, looking past adverbs, auxiliaries,
    /// appositives between commas and parentheses.
    fn backward_ref(&self, sent: Range<usize>, k: usize) -> Ref {
        let mut j = k;
        let mut commas_seen = 0;
        while j > sent.start {
            j -= 1;
            let t = &self.toks[j];
            match t.kind {
                Kind::Word if t.quote.is_some() => return Ref::Nobody,
                Kind::Word => {
                    let w = t.lower.as_str();
                    if let Some(m) = self.ents.by_token[j] {
                        return Ref::Mention(m);
                    }
                    if let Some(p) = pronoun(w) {
                        if p == Pronoun::Relative {
                            return self.relative_antecedent(sent.clone(), j);
                        }
                        return Ref::Pronoun(p, j);
                    }
                    if !t.cap && is_skippable_before_cue(w) {
                        continue;
                    }
                    let before = if j > sent.start { self.word(j - 1) } else { "" };
                    let modified = matches!(before, "last" | "this" | "next" | "early" | "late");
                    if is_time_word(w)
                        && (t.cap || modified || matches!(w, "earlier" | "later" | "last" | "this"))
                    {
                        // `on Friday`, `last week`.
                        if j > sent.start && (modified || before == "on") {
                            j -= 1;
                        }
                        continue;
                    }
                    if w == "ago" {
                        // `two weeks ago`, `less than a month ago`: back over the amount.
                        let mut a = j;
                        while a > sent.start
                            && j - a < 5
                            && self.toks[a - 1].kind == Kind::Word
                            && !self.toks[a - 1].cap
                            && self.ents.by_token[a - 1].is_none()
                        {
                            a -= 1;
                            if self.toks[a].lower.starts_with(|c: char| c.is_ascii_digit())
                                || matches!(
                                    self.word(a),
                                    "a" | "an"
                                        | "one"
                                        | "two"
                                        | "three"
                                        | "four"
                                        | "five"
                                        | "few"
                                        | "several"
                                )
                            {
                                while a > sent.start
                                    && matches!(self.word(a - 1), "than" | "less" | "more" | "about" | "just")
                                {
                                    a -= 1;
                                }
                                break;
                            }
                        }
                        j = a;
                        continue;
                    }
                    let noun_use = j > sent.start
                        && (is_determiner(self.word(j - 1)) || self.toks[j - 1].kind == Kind::Poss);
                    if is_phrase_stop(w) || (is_cue_verb(w) && !noun_use) {
                        return self.clause_subject(sent, k);
                    }
                    return self.nominal_back(sent, j);
                }
                Kind::Punct if self.is_dash(j) && j + 1 == k => {
                    // A name set off by dashes before the cue: `A former candidate — John McCain, who lost
                    // in 2008 — said`.
                    let end = if self.word(j) == "-" { j.saturating_sub(1) } else { j };
                    let Some(mut open) = (sent.start..end).rev().take(30).find(|&x| self.is_dash(x)) else {
                        return Ref::Nobody;
                    };
                    let after = open + 1;
                    if self.word(open) == "-" && open > sent.start && self.word(open - 1) == "-" {
                        open -= 1;
                    }
                    for x in [after, open.wrapping_sub(1)] {
                        if let Some(m) = self.ents.by_token.get(x).copied().flatten() {
                            let mm = &self.ents.mentions[m];
                            if !mm.in_quote && self.ents.entities[mm.entity].kind == EntityKind::Person {
                                return Ref::Mention(m);
                            }
                        }
                    }
                    j = open;
                }
                Kind::Punct if t.is(')') => {
                    // A parenthesis: `Sen. Marco Rubio (R-Fla.) said`.
                    while j > sent.start && !self.toks[j].is('(') {
                        j -= 1;
                    }
                }
                Kind::Punct if t.is(',') => {
                    // `Gov. John Kasich (R-OH), said` / `Sanders, said`: a name right before the comma.
                    if j == k - 1 && j > sent.start {
                        let mut p = j - 1;
                        if self.toks[p].is(')') {
                            while p > sent.start && !self.toks[p].is('(') {
                                p -= 1;
                            }
                            p = p.saturating_sub(1);
                        }
                        if let Some(m) = self.ents.by_token[p] {
                            let mm = &self.ents.mentions[m];
                            if mm.span_last == p
                                && !mm.in_quote
                                && self.ents.entities[mm.entity].kind == EntityKind::Person
                                && (mm.span_first == sent.start || !self.toks[mm.span_first - 1].is_word())
                            {
                                return Ref::Mention(m);
                            }
                        }
                    }
                    // `Michael Seaman, who lives outside the capital, Sacramento, said`: a relative clause
                    // after a name, commas inside it.
                    if let Some(w) = (sent.start + 2..j).rev().take(40).find(|&w| {
                        self.toks[w].is_word()
                            && matches!(self.word(w), "who" | "whose")
                            && self.toks[w - 1].is(',')
                            && self.toks[w].quote.is_none()
                    }) {
                        let inside_clean = (w..j).all(|x| self.toks[x].quote.is_none());
                        // `Sanders, meanwhile, who …`: past an adverb set off by commas.
                        let mut n = w - 2;
                        if n >= sent.start + 2
                            && self.toks[n].is_word()
                            && (self.word(n).ends_with("ly")
                                || matches!(self.word(n), "meanwhile" | "however" | "too" | "though"))
                            && self.toks[n - 1].is(',')
                        {
                            n -= 2;
                        }
                        if let Some(m) = self.ents.by_token[n].filter(|_| inside_clean) {
                            let mm = &self.ents.mentions[m];
                            let kind = self.ents.entities[mm.entity].kind;
                            if kind == EntityKind::Person
                                || (kind == EntityKind::Unknown
                                    && mm.span_last == n
                                    && self.opens_sentence(m))
                            {
                                return Ref::Mention(m);
                            }
                        }
                    }
                    // An appositive between commas: `Kelly, a spokeswoman for the group, said`.
                    let mut c = j;
                    let mut found = None;
                    while c > sent.start && c + 40 > j {
                        c -= 1;
                        let tc = &self.toks[c];
                        if tc.is(',') && tc.quote.is_none() {
                            found = Some(c);
                            break;
                        }
                        let inside = tc.quote.is_some() || matches!(tc.kind, Kind::Open | Kind::Close);
                        if !inside
                            && !tc.is('\'')
                            && !tc.is('’')
                            && tc.kind != Kind::Word
                            && tc.kind != Kind::Poss
                            && !tc.is('(')
                            && !tc.is(')')
                            && !tc.is('-')
                            && !tc.is('.')
                        {
                            break;
                        }
                    }
                    let Some(c) = found.filter(|&c| c + 1 < j) else {
                        return Ref::Nobody;
                    };
                    // The part between the commas is the name itself: `One of its executives, Michael
                    // Sexton, testified`.
                    if let Some(m) = self.ents.by_token[c + 1] {
                        let mm = &self.ents.mentions[m];
                        if mm.span_last + 1 == j && self.ents.entities[mm.entity].kind == EntityKind::Person {
                            return Ref::Mention(m);
                        }
                    }
                    let f = &self.toks[c + 1];
                    let has_lower = (c + 1..j).any(|x| {
                        self.toks[x].kind == Kind::Word && !self.toks[x].cap && self.toks[x].quote.is_none()
                    });
                    let party_tag =
                        f.lower.starts_with("r-") || f.lower.starts_with("d-") || f.lower.starts_with("i-");
                    let looks_apposed = (has_lower
                        || f.lower.starts_with(|ch: char| ch.is_ascii_digit())
                        || f.upper
                        || party_tag)
                        && !is_cue_verb(&f.lower);
                    if looks_apposed {
                        // An appositive with commas inside (`Anne Richards, assistant secretary for
                        // population, refugees, and migration, said`): look for its start at the comma before.
                        let lists_on = c > sent.start + 1
                            && self.toks[c - 1].is_word()
                            && !self.toks[c - 1].cap
                            && self.ents.by_token[c - 1].is_none()
                            && (c + 1..j).any(|x| self.toks[x].is_word() && self.word(x) == "and");
                        j = if lists_on { c + 1 } else { c };
                        continue;
                    }
                    // A place inside an appositive (`a salesman from Sumter, South Carolina,`): one comma more.
                    if commas_seen == 0 {
                        commas_seen += 1;
                        j = c;
                        continue;
                    }
                    return Ref::Nobody;
                }
                Kind::Poss => continue,
                _ => return Ref::Nobody,
            }
        }
        Ref::Nobody
    }

    /// `who`, `which`: the name right before it.
    fn relative_antecedent(&self, sent: Range<usize>, j: usize) -> Ref {
        let mut k = j;
        while k > sent.start {
            k -= 1;
            if self.toks[k].is(',') {
                continue;
            }
            if let Some(m) = self.ents.by_token[k] {
                return Ref::Mention(m);
            }
            break;
        }
        Ref::Nobody
    }

    /// Whether token `k` is a dash setting off a phrase: `—`, `–`, `―` or a doubled hyphen.
    fn is_dash(&self, k: usize) -> bool {
        let t = &self.toks[k];
        t.kind == Kind::Punct
            && (matches!(t.lower.as_str(), "—" | "–" | "―")
                || (t.is('-')
                    && (self.toks.get(k + 1).is_some_and(|n| n.is('-'))
                        || (k > 0 && self.toks[k - 1].is('-')))))
    }

    /// A noun phrase ending at `j`, going back to its determiner; `a spokesman for the campaign` is taken
    /// whole, with `spokesman` as its head.
    fn nominal_back(&self, sent: Range<usize>, j: usize) -> Ref {
        let mut first = j;
        let mut head = j;
        let mut k = j;
        let mut steps = 0;
        while k > sent.start && steps < 7 {
            let p = &self.toks[k - 1];
            if p.kind == Kind::Poss {
                // `Clinton's campaign`: the possessor starts the phrase.
                if k >= 2 && self.toks[k - 2].kind == Kind::Word {
                    first = k - 2;
                    if let Some(m) = self.ents.by_token[k - 2] {
                        first = self.ents.mentions[m].span_first;
                    }
                }
                break;
            }
            if p.kind != Kind::Word || p.quote.is_some() {
                break;
            }
            let w = p.lower.as_str();
            if is_determiner(w) {
                first = k - 1;
                // `a spokesman for the campaign`: extend over the preposition.
                if k >= 3
                    && matches!(self.word(k - 2), "for" | "of" | "at" | "with" | "from")
                    && self.toks[k - 3].kind == Kind::Word
                {
                    let before = self.word(k - 3);
                    if !is_phrase_stop(before) && !is_cue_verb(before) && self.ents.by_token[k - 3].is_none()
                    {
                        head = k - 3;
                        k -= 3;
                        first = k;
                        steps += 1;
                        continue;
                    }
                }
                break;
            }
            if is_phrase_stop(w) || is_cue_verb(w) || pronoun(w).is_some() {
                break;
            }
            first = k - 1;
            k -= 1;
            steps += 1;
        }
        if first == j && !self.word(j).ends_with('s') && !is_anonymous_noun(self.word(j)) {
            // A bare singular noun with no determiner is rarely a speaker.
            return self.clause_subject(sent, j + 1);
        }
        Ref::Nominal { first, head, last: j }
    }

    /// The subject of the clause a cue is in: its first name or pronoun that reads as a subject.
    fn clause_subject(&self, sent: Range<usize>, k: usize) -> Ref {
        self.subject_in(sent, k, true)
    }

    /// The first subject-like name or pronoun in `sent` before `k`; with `any`, else its first name.
    fn subject_in(&self, sent: Range<usize>, k: usize, any: bool) -> Ref {
        let mut first_any = Ref::Nobody;
        for j in sent.start..k {
            let t = &self.toks[j];
            if !t.outside_word() {
                continue;
            }
            if let Some(m) = self.ents.by_token[j] {
                let mm = &self.ents.mentions[m];
                if mm.span_first != j {
                    continue;
                }
                if mm.subject && !mm.after_preposition {
                    return Ref::Mention(m);
                }
                if any && first_any == Ref::Nobody && !mm.after_preposition {
                    first_any = Ref::Mention(m);
                }
            } else if let Some(p) = pronoun(&t.lower) {
                let at_clause_start = j == sent.start || !self.toks[j - 1].is_word() || t.cap;
                if at_clause_start
                    && matches!(p, Pronoun::He | Pronoun::She | Pronoun::They | Pronoun::It)
                    && matches!(t.lower.as_str(), "he" | "she" | "they" | "it")
                {
                    return Ref::Pronoun(p, j);
                }
            }
        }
        first_any
    }

    /// Resolves a speaker phrase to a name.
    fn resolve(&self, r: Ref, at: usize, state: &State) -> Option<Speaker> {
        match r {
            Ref::Nobody => None,
            Ref::Mention(m) => self.entity_speaker(self.ents.mentions[m].entity),
            Ref::Pronoun(p, tok) => match p {
                Pronoun::He => self.person_antecedent(tok, Some(Gender::Male), state),
                Pronoun::She => self.person_antecedent(tok, Some(Gender::Female), state),
                Pronoun::It | Pronoun::They => self.org_antecedent(tok, None),
                _ => None,
            },
            Ref::Nominal { first, head, last } => self.resolve_nominal(first, head, last, at, state),
        }
    }

    fn entity_speaker(&self, e: usize) -> Option<Speaker> {
        let ent = &self.ents.entities[e];
        if ent.words.len() == 1 && is_bad_speaker_word(&ent.words[0]) {
            return None;
        }
        Some(Speaker { name: ent.name.clone(), entity: Some(e) })
    }

    /// Mentions outside quotes before token `tok`, newest first, within `sentences` sentences.
    fn mentions_before(&self, tok: usize, sentences: usize) -> impl Iterator<Item = usize> + '_ {
        let si = self.sent_of[tok];
        let from_sent = si.saturating_sub(sentences);
        let from_tok = self.sents[from_sent].start;
        let para = self.toks[tok].para;
        self.ents
            .mentions
            .iter()
            .enumerate()
            .rev()
            .filter(move |(_, m)| m.span_last < tok && m.span_first >= from_tok && !m.in_quote)
            .filter(move |(_, m)| self.toks[m.span_first].para + 4 >= para)
            .map(|(i, _)| i)
    }

    fn gender_fits(&self, e: usize, want: Option<Gender>) -> bool {
        let ent = &self.ents.entities[e];
        if ent.words.last().is_some_and(|w| is_group_adjective(w)) {
            return false;
        }
        match ent.kind {
            EntityKind::Person => {}
            EntityKind::Unknown => {
                if ent.words.len() != 1 || is_bad_speaker_word(&ent.words[0]) || !ent.person_evidence {
                    return false;
                }
            }
            _ => return false,
        }
        match (want, ent.gender) {
            (Some(w), Some(g)) => w == g,
            _ => true,
        }
    }

    /// Whether mention `m` opens its sentence (after a conjunction or adverb at most): the main clause's
    /// subject rather than one of an embedded clause.
    fn opens_sentence(&self, m: usize) -> bool {
        let mm = &self.ents.mentions[m];
        let start = self.sents[self.sent_of[mm.span_first]].start;
        (start..mm.span_first).all(|k| {
            let t = &self.toks[k];
            match t.kind {
                Kind::Word => matches!(
                    t.lower.as_str(),
                    "but"
                        | "and"
                        | "so"
                        | "then"
                        | "still"
                        | "yet"
                        | "meanwhile"
                        | "however"
                        | "now"
                        | "later"
                ),
                Kind::Punct => t.is(',') || t.is('('),
                _ => false,
            }
        })
    }

    /// The person a `he` or `she` at `tok` stands for.
    fn person_antecedent(&self, tok: usize, want: Option<Gender>, state: &State) -> Option<Speaker> {
        let si = self.sent_of[tok];
        // The last speaker, when it fits and nobody else of that gender came up as a subject since.
        if let Some((s, _, ssi, _)) = &state.last {
            if let Some(e) = s.entity {
                if si <= ssi + 4 && self.gender_fits(e, want) {
                    let since = self.sents[*ssi].end;
                    let rival = self.mentions_before(tok, si - ssi).any(|m| {
                        let mm = &self.ents.mentions[m];
                        mm.span_first >= since
                            && mm.subject
                            && mm.entity != e
                            && self.gender_fits(mm.entity, want)
                    });
                    if !rival {
                        return self.entity_speaker(e);
                    }
                }
            }
        }
        // Otherwise the nearest fitting person, sentence by sentence, subjects and known genders first.
        let mut best: Option<(usize, (bool, bool, bool))> = None;
        let mut best_sent = usize::MAX;
        for m in self.mentions_before(tok, 5) {
            let mm = &self.ents.mentions[m];
            let s = self.sent_of[mm.span_first];
            if best.is_some() && s != best_sent {
                break;
            }
            if !self.gender_fits(mm.entity, want) {
                continue;
            }
            if mm.after_preposition && self.ents.entities[mm.entity].kind == EntityKind::Unknown {
                continue;
            }
            let known = want.is_some() && self.ents.entities[mm.entity].gender == want;
            let score = (known, mm.subject && self.opens_sentence(m), mm.subject);
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((mm.entity, score));
                best_sent = s;
            }
        }
        if best.is_none() && want.is_some() {
            // Further back, a pronoun chain can only lead to one person of that gender: take them when they
            // are the only one named.
            let mut only: Option<usize> = None;
            for m in self.mentions_before(tok, 15) {
                let e = self.ents.mentions[m].entity;
                if !self.gender_fits(e, want) {
                    continue;
                }
                if self.ents.entities[e].gender != want || only.is_some_and(|o| o != e) {
                    return None;
                }
                only = Some(e);
            }
            return only.and_then(|e| self.entity_speaker(e));
        }
        best.and_then(|(e, _)| self.entity_speaker(e))
    }

    /// The organization an `it`, `they` or org noun at `tok` stands for: the nearest one (with `word` in
    /// its name or titles when given).
    fn org_antecedent(&self, tok: usize, word: Option<&str>) -> Option<Speaker> {
        let window = if word.is_some() { 40 } else { 4 };
        for m in self.mentions_before(tok, window) {
            let e = self.ents.mentions[m].entity;
            let ent = &self.ents.entities[e];
            if ent.kind != EntityKind::Org {
                continue;
            }
            match word {
                Some(w) if !ent.words.iter().any(|x| x == w) && !ent.titles.contains(w) => continue,
                _ => return self.entity_speaker(e),
            }
        }
        None
    }

    fn resolve_nominal(
        &self,
        first: usize,
        head: usize,
        last: usize,
        at: usize,
        state: &State,
    ) -> Option<Speaker> {
        let hw = self.word(head);
        if is_anonymous_noun(hw) {
            return None;
        }
        // A possessor: `Clinton's campaign`, `his campaign`.
        let possessor: Option<Speaker> = if first < head {
            let f = &self.toks[first];
            if let Some(m) = self.ents.by_token[first] {
                if self.toks.get(self.ents.mentions[m].span_last + 1).is_some_and(|t| t.kind == Kind::Poss) {
                    self.entity_speaker(self.ents.mentions[m].entity)
                } else {
                    None
                }
            } else if is_possessive_pronoun(&f.lower) {
                let p = pronoun(&f.lower).unwrap_or(Pronoun::Other);
                match p {
                    Pronoun::He => self.person_antecedent(first, Some(Gender::Male), state),
                    Pronoun::She => self.person_antecedent(first, Some(Gender::Female), state),
                    Pronoun::It | Pronoun::They => self.org_antecedent(first, None),
                    _ => None,
                }
            } else {
                None
            }
        } else {
            None
        };
        if is_document_noun(hw) || is_cue_verb(hw) {
            // `his remarks`, `Clinton's claim`: the possessor spoke; `the remarks`: whoever made them.
            if let Some(p) = possessor {
                return Some(p);
            }
            return self.document_issuer(hw, last, at);
        }
        if is_org_noun(hw) {
            if let Some(p) = possessor {
                if matches!(hw, "campaign" | "administration" | "office" | "team" | "government" | "party") {
                    return Some(Speaker { name: format!("{} {}", p.name, hw), entity: None });
                }
                return None;
            }
            return self.org_antecedent(at, Some(hw)).or_else(|| {
                if matches!(
                    hw,
                    "group" | "organization" | "organisation" | "company" | "firm" | "agency" | "nonprofit"
                ) {
                    self.org_antecedent(at, None)
                } else {
                    None
                }
            });
        }
        if possessor.is_some() {
            // `his spokesman`: someone else, not named.
            return None;
        }
        // A title: the nearest person holding it.
        let title = normalize_title(hw)?;
        let modifiers: Vec<&str> = (first..head).map(|k| self.word(k)).collect();
        let mut best: Option<(usize, usize)> = None;
        for m in self.mentions_before(at, 60) {
            let e = self.ents.mentions[m].entity;
            let ent = &self.ents.entities[e];
            if ent.kind != EntityKind::Person || !ent.titles.contains(title) {
                continue;
            }
            let fit = modifiers
                .iter()
                .filter(|w| {
                    ent.titles.contains(**w) || normalize_title(w).is_some_and(|n| ent.titles.contains(n))
                })
                .count();
            if best.is_none_or(|(_, f)| fit > f) {
                best = Some((e, fit));
            }
        }
        best.and_then(|(e, _)| self.entity_speaker(e))
    }

    /// Who issued the document named `noun` near token `at`: `from X`/`by X` after it, else the speaker or
    /// subject of the latest earlier sentence that names such a document.
    fn document_issuer(&self, noun: &str, last: usize, at: usize) -> Option<Speaker> {
        let si = self.sent_of[at];
        if let Some(k) = (last + 1..self.sents[si].end).next() {
            if matches!(self.word(k), "from" | "by" | "of") {
                if let Some(m) = self.ents.by_token.get(k + 1).copied().flatten().or_else(|| {
                    (k + 1 < self.sents[si].end && self.word(k + 1) == "the")
                        .then(|| self.ents.by_token.get(k + 2).copied().flatten())
                        .flatten()
                }) {
                    return self.entity_speaker(self.ents.mentions[m].entity);
                }
            }
        }
        for s in (si.saturating_sub(10)..si).rev() {
            let sent = self.sents[s].clone();
            let names = sent.clone().any(|k| {
                let t = &self.toks[k];
                t.outside_word() && t.lower == noun
            });
            if !names {
                continue;
            }
            if let Some(sp) = &self.sent_speaker[s] {
                return Some(sp.clone());
            }
            for k in sent {
                if let Some(m) = self.ents.by_token[k] {
                    let mm = &self.ents.mentions[m];
                    if !mm.in_quote && mm.subject && mm.span_first == k {
                        return self.entity_speaker(mm.entity);
                    }
                }
            }
            return None;
        }
        None
    }
}
