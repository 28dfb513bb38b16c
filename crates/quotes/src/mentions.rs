//! Named mentions from capitalized spans, grouped into entities.
//!
//! A mention is a run of capitalized words (with `of`, `de`, initials inside), without the function words
//! that start sentences and without leading titles (`Mexican President Claudia Sheinbaum` names `Claudia
//! Sheinbaum`; `mexican` and `president` become her titles). Titles also come from the words before a name
//! (`White House deputy press secretary Anna Kelly`) and from an appositive after it (`The Heritage
//! Foundation, a top conservative group,`). Mentions are grouped into entities: a short name joins the full
//! name it ends or is part of (`Sheinbaum` → `Claudia Sheinbaum`), the most mentioned one when several fit.

use rustc_hash::FxHashSet;

use crate::lexicon::{
    Gender, first_name_gender, is_first_name, is_known_org, is_name_connector, is_name_title, is_not_name,
    is_org_word, is_place, normalize_title, title_gender,
};
use crate::tokens::{Kind, Tok};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityKind {
    Person,
    Org,
    Place,
    /// One capitalized word that may be a surname, a place or anything else.
    Unknown,
}

/// A person, organization or place mentioned by name.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    /// The longest name written for it, as written.
    pub name: String,
    /// Lower-cased words of that name.
    pub words: Vec<String>,
    pub kind: EntityKind,
    pub gender: Option<Gender>,
    /// Normalized titles and descriptive nouns (`president`, `spokesman`, `group`).
    pub titles: FxHashSet<String>,
    pub count: usize,
    /// Token index of the first mention.
    pub first_at: usize,
    /// Whether the text treats it as a person: a known gender, a title, or the subject of a speech verb.
    pub person_evidence: bool,
    /// Role phrases as written (`White House deputy press secretary`, `top conservative group`), in text
    /// order, without repeats.
    pub roles: Vec<String>,
}

/// One mention of an entity.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// Token range of the whole span, titles included.
    pub span_first: usize,
    pub span_last: usize,
    pub entity: usize,
    pub in_quote: bool,
    /// Followed by something that reads as its verb.
    pub subject: bool,
    /// Right after a preposition or a possessive (`in Milwaukee`, `his Christian values`): a place or a
    /// modifier more often than a person.
    pub after_preposition: bool,
}

/// The entities of one text and where they are mentioned.
#[derive(Debug, Default)]
pub(crate) struct Entities {
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    /// For each token, the mention it belongs to.
    pub by_token: Vec<Option<usize>>,
}

struct Raw {
    span_first: usize,
    span_last: usize,
    name_first: usize,
    name_last: usize,
    kind: EntityKind,
    titles: Vec<String>,
    gender: Option<Gender>,
    in_quote: bool,
    subject: bool,
    /// A title, honorific, known first name or gendered role says this is a person.
    strong_person: bool,
    /// Token ranges (inclusive) of the role phrases written with it: the titles before the name and an
    /// appositive after it.
    roles: Vec<(usize, usize)>,
}

/// Function words and verbs that end a run of capitalized words: in a title-cased headline inside the text
/// (`Chris Christie Is Over Marco Rubio's Speech`) they stand between two names, never inside one.
fn breaks_run(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "says"
            | "said"
            | "and"
            | "or"
            | "but"
            | "over"
            | "after"
            | "before"
            | "into"
            | "to"
            | "with"
            | "at"
            | "as"
            | "by"
            | "from"
            | "vs"
            | "vs."
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "must"
            | "not"
            | "just"
            | "than"
            | "who"
            | "what"
            | "why"
            | "how"
            | "when"
            | "if"
            | "about"
            | "against"
    )
}

fn is_cap_word(t: &Tok) -> bool {
    t.kind == Kind::Word && t.cap
}

fn is_acronym(t: &Tok) -> bool {
    t.upper && !matches!(t.lower.as_str(), "ii" | "iii" | "iv" | "vi" | "vii" | "viii" | "xi" | "ok")
}

/// Whether the word after a name reads as the name's verb (for subject preference in pronoun resolution).
fn verb_like(toks: &[Tok], mut at: usize) -> bool {
    while let Some(t) = toks.get(at) {
        if t.kind == Kind::Word
            && (t.lower.ends_with("ly") || matches!(t.lower.as_str(), "also" | "then" | "later" | "once"))
        {
            at += 1;
            continue;
        }
        // `Lee Zeldin of New York said`.
        if t.kind == Kind::Word && t.lower == "of" && toks.get(at + 1).is_some_and(|n| n.cap) {
            at += 1;
            while toks.get(at).is_some_and(|n| n.kind == Kind::Word && n.cap) {
                at += 1;
            }
            continue;
        }
        // `Sen. Marco Rubio (R-Fla.) said`.
        if t.is('(') {
            while toks.get(at).is_some_and(|n| !n.is(')')) && at < toks.len() {
                at += 1;
            }
            at += 1;
            continue;
        }
        // A time (`Pence on Thursday blamed`, `Feinstein last week said`).
        if t.kind == Kind::Word
            && matches!(t.lower.as_str(), "on" | "last" | "this" | "earlier" | "late" | "early")
            && toks
                .get(at + 1)
                .is_some_and(|n| n.kind == Kind::Word && crate::lexicon::is_time_word(&n.lower))
        {
            at += 2;
            continue;
        }
        // An appositive between dashes (`Chris Christie – a Dallas Cowboys fan – gave`).
        let dash = |n: &Tok| matches!(n.lower.as_str(), "—" | "–" | "―");
        let double = |k: usize| toks[k].is('-') && toks.get(k + 1).is_some_and(|n| n.is('-'));
        if dash(t) || double(at) {
            let from = if dash(t) { at + 1 } else { at + 2 };
            let close = (from..toks.len()).take(20).find(|&k| toks[k].is('.') || dash(&toks[k]) || double(k));
            match close {
                Some(k) if !toks[k].is('.') && k > from => {
                    at = if dash(&toks[k]) { k + 1 } else { k + 2 };
                    continue;
                }
                _ => return false,
            }
        }
        if t.is(',') {
            // An appositive (`Kelly, a spokeswoman for the group, said`): look past it.
            let apposed = toks.get(at + 1).is_some_and(|n| {
                n.kind == Kind::Word
                    && (!n.cap || matches!(n.lower.as_str(), "a" | "an" | "the" | "who" | "whose"))
                    && !crate::lexicon::is_cue_verb(&n.lower)
            });
            let close = toks[at + 1..].iter().take(20).position(|t| t.is(',') || t.is('.'));
            match close {
                Some(k) if apposed && toks[at + 1 + k].is(',') => {
                    at = at + 2 + k;
                    continue;
                }
                _ => return false,
            }
        }
        if t.kind != Kind::Word || t.cap {
            return false;
        }
        let w = t.lower.as_str();
        return crate::lexicon::is_cue_verb(w)
            || w.ends_with("ed")
            || w.ends_with("n't")
            || w.ends_with("n’t")
            || matches!(
                w,
                "hit"
                    | "cut"
                    | "let"
                    | "saw"
                    | "came"
                    | "became"
                    | "felt"
                    | "held"
                    | "kept"
                    | "brought"
                    | "stood"
                    | "sat"
                    | "fell"
                    | "led"
                    | "paid"
                    | "heard"
                    | "found"
                    | "meant"
                    | "chose"
                    | "drove"
                    | "threw"
                    | "grew"
                    | "drew"
                    | "flew"
                    | "shook"
                    | "struck"
                    | "fought"
                    | "sought"
                    | "caught"
                    | "taught"
                    | "bought"
                    | "built"
                    | "spent"
                    | "dealt"
                    | "rose"
                    | "broke"
                    | "stole"
                    | "hid"
                    | "beat"
                    | "forgave"
                    | "sang"
                    | "swam"
                    | "wants"
                    | "needs"
                    | "thinks"
                    | "believes"
                    | "knows"
                    | "sees"
                    | "took"
                    | "won't"
                    | "cannot"
                    | "never"
                    | "also"
            )
            || (w.ends_with('s') && !w.ends_with("ss") && w.len() > 3)
            || matches!(
                w,
                "has"
                    | "had"
                    | "have"
                    | "is"
                    | "was"
                    | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "did"
                    | "does"
                    | "told"
                    | "wrote"
                    | "said"
                    | "made"
                    | "took"
                    | "gave"
                    | "went"
                    | "ran"
                    | "won"
                    | "lost"
                    | "got"
                    | "put"
                    | "set"
                    | "left"
                    | "met"
                    | "sent"
                    | "spoke"
                    | "thought"
                    | "knew"
                    | "began"
                    | "must"
                    | "should"
                    | "might"
                    | "may"
                    | "are"
                    | "were"
            );
    }
    false
}

/// Finds the named mentions of a text and groups them into entities.
pub(crate) fn find(text: &str, toks: &[Tok], sentences: &[std::ops::Range<usize>]) -> Entities {
    // Lower-case forms seen in the text, to tell a capitalized first word from a name.
    let lower_seen: FxHashSet<&str> =
        toks.iter().filter(|t| t.kind == Kind::Word && !t.cap).map(|t| t.lower.as_str()).collect();
    let mut raws: Vec<Raw> = Vec::new();
    for sent in sentences {
        // A headline in capitals names nothing reliably.
        let words: Vec<&Tok> = toks[sent.clone()].iter().filter(|t| t.kind == Kind::Word).collect();
        // A headline (all capitals, or title case) names nothing reliably.
        // Title case shows in capitalized function words (`Stealth Over Health`), or in a first paragraph.
        let caps = words.iter().filter(|t| t.upper).count();
        let titled = words.iter().filter(|t| t.cap).count();
        let capital_function_word = words.iter().skip(1).any(|t| {
            t.cap
                && matches!(
                    t.lower.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "of"
                        | "in"
                        | "on"
                        | "at"
                        | "for"
                        | "to"
                        | "and"
                        | "but"
                        | "or"
                        | "with"
                        | "from"
                        | "by"
                        | "as"
                        | "over"
                        | "into"
                        | "about"
                        | "after"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "not"
                        | "no"
                        | "how"
                        | "why"
                        | "what"
                        | "who"
                )
        });
        // A first paragraph of one sentence is a headline line.
        let first_para = toks[sent.start].para == 0 && toks.get(sent.end).is_none_or(|t| t.para != 0);
        if words.len() >= 3 && caps * 2 > words.len()
            || words.len() >= 4 && titled * 10 >= words.len() * 7 && (capital_function_word || first_para)
        {
            continue;
        }
        let mut i = sent.start;
        while i < sent.end {
            if !is_cap_word(&toks[i]) {
                i += 1;
                continue;
            }
            // A dateline (`WASHINGTON —`) is a place, not a speaker.
            let para_start = i == 0 || toks[i - 1].para != toks[i].para;
            if para_start
                && toks[i].upper
                && toks.get(i + 1).is_some_and(|n| {
                    n.kind == Kind::Punct && matches!(n.lower.as_str(), "—" | "–" | "-" | "," | "(")
                })
                && !is_known_org(&toks[i].lower)
            {
                i += 1;
                continue;
            }
            let sentence_initial = i == sent.start
                || (i == sent.start + 1 && matches!(toks[sent.start].kind, Kind::Open | Kind::Punct));
            let mut j = i;
            while j + 1 < sent.end {
                let n = &toks[j + 1];
                if is_cap_word(n)
                    && n.quote == toks[i].quote
                    && !crate::lexicon::is_time_word(&n.lower)
                    && !breaks_run(&n.lower)
                {
                    j += 1;
                } else if n.kind == Kind::Word
                    && is_name_connector(&n.lower)
                    && j + 2 < sent.end
                    && is_cap_word(&toks[j + 2])
                    && !is_not_name(&toks[j + 2].lower)
                {
                    // `of`, `for`, `on` join organizations and titles (`Bank of America`, `Secretary of
                    // State`), not a person and a place (`Charles Rangel of New York`).
                    if matches!(n.lower.as_str(), "of" | "for" | "on") {
                        let mut end = j + 2;
                        while end + 1 < sent.end && is_cap_word(&toks[end + 1]) {
                            end += 1;
                        }
                        let org = is_org_word(&toks[end].lower);
                        let titles =
                            (i..=j).all(|k| is_name_title(&toks[k].lower) || is_not_name(&toks[k].lower));
                        if !org && !titles {
                            break;
                        }
                    }
                    j += 2;
                } else {
                    break;
                }
            }
            let next = j + 1;
            // Function words and date words at the start are not part of the name.
            let mut first = i;
            while first <= j
                && (is_not_name(&toks[first].lower) || crate::lexicon::is_time_word(&toks[first].lower))
            {
                first += 1;
            }
            if first <= j && first == i && sentence_initial && first == j {
                let w = toks[first].lower.as_str();
                if lower_seen.contains(w) || w.ends_with("ly") || w.ends_with("ing") || w.ends_with("ed") {
                    first += 1;
                }
            }
            if first > j {
                i = next;
                continue;
            }
            if let Some(raw) = classify(toks, sent, first, j) {
                raws.push(raw);
            }
            i = next;
        }
    }
    let mut ents = group(text, toks, raws);
    vote_genders(&mut ents, toks, sentences);
    ents
}

/// Turns the capitalized run `first..=last` into a mention: strips titles, finds the kind and gender, and
/// collects titles from before and after it.
fn classify(toks: &[Tok], sent: &std::ops::Range<usize>, first: usize, last: usize) -> Option<Raw> {
    let lower: Vec<&str> = (first..=last).map(|k| toks[k].lower.as_str()).collect();
    let last_word = *lower.last()?;
    let joined = lower.join(" ");
    let mut titles: Vec<String> = Vec::new();
    let mut gender = None;
    let mut name_first = first;
    let is_org = is_org_word(last_word)
        || (lower.len() > 1 && is_acronym(&toks[last]) && !last_word.contains('.'))
        || (lower.len() == 1 && is_known_org(last_word))
        || (lower.len() == 1 && is_acronym(&toks[first]));
    let kind;
    if is_org {
        kind = EntityKind::Org;
    } else if is_place(&joined) {
        kind = EntityKind::Place;
    } else {
        // Titles before the name inside the run: everything up to the last title word.
        let title_end =
            if matches!(toks[first].lower.as_str(), "mr." | "mrs." | "ms." | "dr." | "mr" | "mrs" | "ms")
                && last > first
            {
                Some(first)
            } else {
                (first..=last).rev().find(|&k| is_name_title(&toks[k].lower))
            };
        if let Some(t) = title_end {
            // `Mr. King`: after an honorific, the rest is a name whatever it looks like.
            let honorific =
                matches!(toks[first].lower.as_str(), "mr." | "mrs." | "ms." | "dr." | "mr" | "mrs" | "ms");
            let all_titles = !honorific && (first..=last).all(|k| is_name_title(&toks[k].lower));
            // A lone title word as the subject of a speech verb is a surname (`King said`), unless an
            // article or a possessive makes it a noun (`the King said`).
            let surname = all_titles
                && first == last
                && next_is_cue(toks, last + 1)
                && (first == 0
                    || !matches!(
                        toks[first - 1].lower.as_str(),
                        "the" | "a" | "an" | "his" | "her" | "their" | "its"
                    ));
            if all_titles && !surname {
                // Only titles (`President`, `White House`): not a name.
                return None;
            }
            if t < last && !matches!(toks[t + 1].lower.as_str(), "of" | "for" | "on") {
                for tk in &toks[first..=t] {
                    let w = tk.lower.as_str();
                    titles.push(normalize_title(w).map_or_else(|| w.to_string(), str::to_string));
                    gender = gender.or(title_gender(w));
                }
                name_first = t + 1;
            }
        }
        // `of State` after a title belongs to it.
        if name_first > first && toks[name_first].lower == "of" {
            return None;
        }
        let n = last + 1 - name_first;
        let first_word = toks[name_first].lower.as_str();
        kind = if n >= 2 || name_first > first || is_first_name(first_word) {
            if n >= 2 && (1..n).all(|k| is_place(&toks[name_first + k - 1].lower)) {
                EntityKind::Place
            } else {
                EntityKind::Person
            }
        } else {
            EntityKind::Unknown
        };
        if kind == EntityKind::Person && n >= 2 {
            gender = gender.or(first_name_gender(first_word));
        }
    }
    // Words before the run: lower-case titles and capitalized descriptors, up to a determiner or a stop.
    let mut k = first;
    let mut taken = 0;
    while k > sent.start && taken < 8 {
        let t = &toks[k - 1];
        if t.kind != Kind::Word {
            break;
        }
        let w = t.lower.as_str();
        if let Some(norm) = normalize_title(w) {
            titles.push(norm.to_string());
            gender = gender.or(title_gender(w));
        } else if t.cap && !is_not_name(w) {
            titles.push(w.to_string());
        } else {
            break;
        }
        k -= 1;
        taken += 1;
    }
    let mut roles = Vec::new();
    if k < name_first {
        roles.push((k, name_first - 1));
    }
    // An appositive after it: `, a top conservative group,` / `, the president of Mexico,`.
    if let Some(c) = toks.get(last + 1).filter(|t| t.is(',')) {
        let _ = c;
        let mut k = last + 2;
        let role_start = k;
        let starts = toks.get(k).is_some_and(|t| {
            t.kind == Kind::Word
                && (matches!(t.lower.as_str(), "a" | "an" | "the" | "his" | "her" | "its" | "their")
                    || normalize_title(&t.lower).is_some())
        });
        if starts {
            let mut taken = 0;
            while k < sent.end && taken < 12 {
                let t = &toks[k];
                if t.kind != Kind::Word {
                    break;
                }
                if matches!(t.lower.as_str(), "of" | "for" | "at" | "in" | "with" | "who" | "which" | "and") {
                    break;
                }
                let w = t.lower.as_str();
                titles.push(normalize_title(w).map_or_else(|| w.to_string(), str::to_string));
                gender = gender.or(title_gender(w));
                k += 1;
                taken += 1;
            }
            // A role phrase ends at its comma: `, a spokeswoman for the group,` gives `spokeswoman for the
            // group` only when it closes; an open phrase is kept to its title words.
            let mut end = k;
            while end < sent.end && end < k + 8 && toks[end].kind == Kind::Word {
                end += 1;
            }
            if end > role_start && toks.get(end).is_some_and(|t| t.is(',') || t.is('.')) {
                let first_word = toks[role_start].lower.as_str();
                let from = if matches!(first_word, "a" | "an" | "the") { role_start + 1 } else { role_start };
                if from < end {
                    roles.push((from, end - 1));
                }
            }
        }
    }
    let subject = verb_like(toks, last + 1);
    let person_titles = titles.iter().any(|t| {
        matches!(
            t.as_str(),
            "president"
                | "senator"
                | "representative"
                | "governor"
                | "secretary"
                | "minister"
                | "mayor"
                | "judge"
                | "justice"
                | "director"
                | "chairman"
                | "spokesman"
                | "speaker"
                | "leader"
                | "attorney"
                | "mr"
                | "mrs"
                | "ms"
                | "doctor"
                | "reverend"
                | "professor"
                | "candidate"
                | "nominee"
                | "strategist"
                | "adviser"
                | "aide"
                | "manager"
                | "analyst"
                | "host"
                | "anchor"
                | "reporter"
                | "columnist"
                | "editor"
                | "author"
                | "lawyer"
                | "founder"
                | "officer"
                | "official"
                | "ceo"
                | "executive"
                | "activist"
                | "economist"
                | "pollster"
                | "commissioner"
                | "ambassador"
                | "general"
                | "deputy"
        )
    });
    let strong_person = kind == EntityKind::Person
        && (name_first > first
            || gender.is_some()
            || is_first_name(&toks[name_first].lower)
            || person_titles);
    Some(Raw {
        span_first: first,
        span_last: last,
        name_first,
        name_last: last,
        kind,
        titles,
        gender,
        in_quote: toks[first].quote.is_some(),
        subject,
        strong_person,
        roles,
    })
}

fn group(text: &str, toks: &[Tok], raws: Vec<Raw>) -> Entities {
    let mut out = Entities { by_token: vec![None; toks.len()], ..Entities::default() };
    // Full forms first, so that short forms can join them wherever they stand.
    let mut order: Vec<usize> = (0..raws.len()).collect();
    order.sort_by_key(|&r| {
        (std::cmp::Reverse(raws[r].name_last + 1 - raws[r].name_first), raws[r].name_first)
    });
    let mut entity_of = vec![usize::MAX; raws.len()];
    for &r in &order {
        let raw = &raws[r];
        let words: Vec<String> = (raw.name_first..=raw.name_last).map(|k| toks[k].lower.clone()).collect();
        let found = find_entity(&out.entities, &words, raw.kind);
        let e = match found {
            Some(e) => e,
            None => {
                let name = String::new();
                out.entities.push(Entity {
                    name,
                    words: words.clone(),
                    kind: raw.kind,
                    gender: None,
                    titles: FxHashSet::default(),
                    count: 0,
                    first_at: usize::MAX,
                    person_evidence: false,
                    roles: Vec::new(),
                });
                out.entities.len() - 1
            }
        };
        entity_of[r] = e;
        let ent = &mut out.entities[e];
        ent.count += 1;
        ent.first_at = ent.first_at.min(raw.span_first);
        if ent.kind == EntityKind::Unknown && raw.kind != EntityKind::Unknown {
            ent.kind = raw.kind;
        }
        if ent.gender.is_none() {
            ent.gender = raw.gender;
        }
        ent.titles.extend(raw.titles.iter().cloned());
        for &(a, b) in &raw.roles {
            let role = text[toks[a].s..toks[b].e].to_string();
            if !ent.roles.contains(&role) {
                ent.roles.push(role);
            }
        }
    }
    // Names as written: the longest form, from the text (outside quotes when it is named there).
    let mut order: Vec<usize> = (0..raws.len()).collect();
    order.sort_by_key(|&r| raws[r].in_quote);
    for r in order {
        let raw = &raws[r];
        let e = entity_of[r];
        if raw.in_quote && !out.entities[e].name.is_empty() {
            continue;
        }
        let n = raw.name_last + 1 - raw.name_first;
        let ent = &mut out.entities[e];
        if ent.name.is_empty() || n > ent.name.split(' ').count() && n <= 4 {
            ent.name = name_text(text, toks, raw.name_first, raw.name_last);
            ent.words = (raw.name_first..=raw.name_last).map(|k| toks[k].lower.clone()).collect();
        }
    }
    let mut strong = vec![false; toks.len()];
    for raw in &raws {
        strong[raw.span_first] = raw.strong_person;
    }
    for (r, raw) in raws.into_iter().enumerate() {
        let m = out.mentions.len();
        for k in raw.span_first..=raw.span_last {
            out.by_token[k] = Some(m);
        }
        let after_preposition = raw.span_first > 0 && {
            let p = &toks[raw.span_first - 1];
            p.kind == Kind::Word
                && matches!(
                    p.lower.as_str(),
                    "in" | "at"
                        | "from"
                        | "to"
                        | "near"
                        | "across"
                        | "throughout"
                        | "into"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "my"
                        | "outside"
                        | "inside"
                        | "around"
                        | "toward"
                        | "towards"
                )
        };
        out.mentions.push(Mention {
            span_first: raw.span_first,
            span_last: raw.span_last,
            entity: entity_of[r],
            in_quote: raw.in_quote,
            subject: raw.subject,
            after_preposition,
        });
    }
    out.mentions.sort_by_key(|m| m.span_first);
    for (m, mention) in out.mentions.iter().enumerate() {
        for k in mention.span_first..=mention.span_last {
            out.by_token[k] = Some(m);
        }
    }
    for m in &out.mentions {
        let speaks = next_is_cue(toks, m.span_last + 1)
            || (m.span_first >= 1 && crate::lexicon::is_invertible(&toks[m.span_first - 1].lower));
        let ent = &mut out.entities[m.entity];
        if speaks || ent.gender.is_some() || strong[m.span_first] {
            ent.person_evidence = true;
        }
    }
    out
}

/// Whether a speech verb follows (past adverbs): `Trump said`, `Kelly also wrote`.
fn next_is_cue(toks: &[Tok], mut at: usize) -> bool {
    while let Some(t) = toks.get(at) {
        if t.kind == Kind::Word
            && (t.lower.ends_with("ly") || matches!(t.lower.as_str(), "also" | "then" | "has" | "had"))
        {
            at += 1;
            continue;
        }
        return t.kind == Kind::Word && crate::lexicon::is_cue_verb(&t.lower);
    }
    false
}

/// Genders from pronouns: a `he` or `she` (`his`, `her`) with one person-like entity named before it in its
/// sentence and the one before votes for that entity. Names whose gender is known already keep it.
fn vote_genders(ents: &mut Entities, toks: &[Tok], sentences: &[std::ops::Range<usize>]) {
    let mut votes = vec![(0u32, 0u32); ents.entities.len()];
    let mut m0 = 0;
    for (si, sent) in sentences.iter().enumerate() {
        let from = if si > 0 { sentences[si - 1].start } else { sent.start };
        for k in sent.clone() {
            let t = &toks[k];
            if t.kind != Kind::Word || t.quote.is_some() {
                continue;
            }
            let g = match t.lower.as_str() {
                "he" | "his" | "him" | "himself" => Gender::Male,
                "she" | "her" | "hers" | "herself" => Gender::Female,
                _ => continue,
            };
            while m0 < ents.mentions.len() && ents.mentions[m0].span_first < from {
                m0 += 1;
            }
            let mut only: Option<usize> = None;
            let mut several = false;
            for m in &ents.mentions[m0..] {
                if m.span_last >= k {
                    break;
                }
                if m.in_quote || m.after_preposition {
                    continue;
                }
                let e = &ents.entities[m.entity];
                let person = matches!(e.kind, EntityKind::Person | EntityKind::Unknown);
                if !person {
                    continue;
                }
                match only {
                    None => only = Some(m.entity),
                    Some(o) if o != m.entity => several = true,
                    _ => {}
                }
            }
            if let (Some(e), false) = (only, several) {
                match g {
                    Gender::Male => votes[e].0 += 1,
                    Gender::Female => votes[e].1 += 1,
                }
            }
        }
    }
    for (e, (m, f)) in votes.into_iter().enumerate() {
        let ent = &mut ents.entities[e];
        if ent.gender.is_none() && m != f {
            ent.gender = Some(if m > f { Gender::Male } else { Gender::Female });
        }
        if m + f > 0 && ent.kind == EntityKind::Unknown {
            ent.person_evidence = true;
        }
    }
}

/// The name as written, with single spaces.
fn name_text(text: &str, toks: &[Tok], first: usize, last: usize) -> String {
    let mut s = String::new();
    for t in &toks[first..=last] {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&text[t.s..t.e]);
    }
    s
}

/// The entity a name joins: the same words, or a longer name it ends or is part of (the most mentioned).
fn find_entity(entities: &[Entity], words: &[String], kind: EntityKind) -> Option<usize> {
    if let Some(e) = entities.iter().position(|e| e.words == words) {
        return Some(e);
    }
    let strip = |w: &[String]| -> Vec<String> {
        w.iter().filter(|x| x.len() > 2 || !x.ends_with('.')).cloned().collect()
    };
    let mine = strip(words);
    let mut best: Option<(usize, usize)> = None;
    for (i, e) in entities.iter().enumerate() {
        let theirs = strip(&e.words);
        let fits = match (kind, e.kind) {
            (EntityKind::Org, EntityKind::Org) | (EntityKind::Unknown, EntityKind::Org) => {
                mine.len() < theirs.len() && mine.iter().all(|w| theirs.contains(w))
            }
            (EntityKind::Person | EntityKind::Unknown, EntityKind::Person) => {
                if mine.len() >= theirs.len() {
                    // Same first and last word (`Donald J. Trump` / `Donald Trump`).
                    mine.len() > 1
                        && theirs.len() > 1
                        && mine.first() == theirs.first()
                        && mine.last() == theirs.last()
                } else if mine.len() == 1 {
                    theirs.last() == mine.first() || theirs.first() == mine.first()
                } else {
                    mine.last() == theirs.last() && mine.iter().all(|w| theirs.contains(w))
                }
            }
            _ => false,
        };
        if fits && best.is_none_or(|(_, c)| e.count > c) {
            best = Some((i, e.count));
        }
    }
    best.map(|(i, _)| i)
}
