//! How a story is named and which outlets it lists, computed from its articles when reading.

use chrono::{DateTime, Utc};

use crate::StoredArticle;

/// The longest headline made from article text, in characters, including the `…`.
pub const MAX_HEADLINE_CHARS: usize = 120;

/// The headline of a story with no usable title or text.
pub const UNTITLED: &str = "(untitled story)";

/// What the title and outlet rules look at in one article.
pub(crate) struct Glance<'a> {
    /// A title, if the article has one.
    pub title: Option<&'a str>,
    /// Whether the article is a copy of another.
    pub is_copy: bool,
    /// The outlet's display name.
    pub outlet: &'a str,
}

/// The headline of a story: the title of the earliest original (non-copy) article that has one; else the
/// first sentence of the earliest article's first paragraph (the earliest article with any text), cut at a
/// word boundary to at most [`MAX_HEADLINE_CHARS`] characters with `…`; else [`UNTITLED`].
///
/// "Earliest" is by event time (published, else ingested), then ingest order; `articles` need not be sorted.
///
/// ```
/// use samestory_model::{Article, Origin};
/// use samestory_store::{headline, StoredArticle};
/// let mut a = Article::from_paragraphs(vec!["Rain fell on Tuesday. Then it stopped.".into()]);
/// a.ingested = Some(chrono::Utc::now());
/// let stored = StoredArticle { seq: 1, article: a, origin: Some(Origin::file("-")), story: 1, copy: None };
/// assert_eq!(headline(&[stored]), "Rain fell on Tuesday.");
/// ```
pub fn headline(articles: &[StoredArticle]) -> String {
    let sorted = by_event_time(articles);
    title_of(sorted.iter().map(|a| glance(a))).unwrap_or_else(|| {
        lead_headline(sorted.iter().find_map(|a| a.article.paragraphs.first()).map(String::as_str))
    })
}

/// The distinct outlet names ([`samestory_model::Article::outlet_or_unknown`]) of `articles`, in order of
/// first appearance by event time (published, else ingested), then ingest order.
pub fn outlets(articles: &[StoredArticle]) -> Vec<String> {
    let sorted = by_event_time(articles);
    outlets_of(sorted.iter().map(|a| glance(a)))
}

/// Sorts by (event time, seq); articles without any time come first.
fn by_event_time(articles: &[StoredArticle]) -> Vec<&StoredArticle> {
    let mut sorted: Vec<&StoredArticle> = articles.iter().collect();
    sorted.sort_by_key(|a| (event_time(a), a.seq));
    sorted
}

fn event_time(a: &StoredArticle) -> Option<DateTime<Utc>> {
    a.article.event_time()
}

fn glance(a: &StoredArticle) -> Glance<'_> {
    Glance {
        title: a.article.title.as_deref(),
        is_copy: a.copy.is_some(),
        outlet: a.article.outlet_or_unknown(),
    }
}

/// The title of the earliest original article that has a non-blank one, of articles in event-time order.
pub(crate) fn title_of<'a>(sorted: impl IntoIterator<Item = Glance<'a>>) -> Option<String> {
    sorted
        .into_iter()
        .filter(|a| !a.is_copy)
        .find_map(|a| a.title.map(collapse_whitespace).filter(|t| !t.is_empty()))
}

/// The headline made from a first paragraph (or [`UNTITLED`] without a usable one).
pub(crate) fn lead_headline(first_paragraph: Option<&str>) -> String {
    let lead = collapse_whitespace(first_paragraph.unwrap_or(""));
    if lead.is_empty() {
        return UNTITLED.to_string();
    }
    shorten(first_sentence(&lead), MAX_HEADLINE_CHARS)
}

/// [`outlets`] over articles already in event-time order.
pub(crate) fn outlets_of<'a>(sorted: impl IntoIterator<Item = Glance<'a>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in sorted {
        if !out.iter().any(|o| o == a.outlet) {
            out.push(a.outlet.to_string());
        }
    }
    out
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt",
    "Sgt", "Cmdr", "Adm", "Maj", "Rev", "Hon", "Mt", "Ft", "No", "Nos", "vs", "etc", "approx", "Inc", "Ltd",
    "Corp", "Co", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '」' | '』')
}

/// Whether the word just before a period (the end of `before`) is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(c), None) => c.is_uppercase(),
        _ => word.contains('.') || ABBREVIATIONS.contains(&word),
    }
}

/// The first sentence of `text` (whitespace already collapsed), or all of it when no end is found.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by the end of the text or
/// by a space and a word that does not start in lowercase, except after an abbreviation or an initial; or at
/// `。`, `！`, `？`.
pub(crate) fn first_sentence(text: &str) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let after_closers = |mut j: usize| {
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        j
    };
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => {
                let j = after_closers(i + 1);
                match chars.get(j) {
                    None => true,
                    Some(&(_, next)) if next.is_whitespace() => {
                        let word_start = chars[j..].iter().map(|&(_, c)| c).find(|c| !c.is_whitespace());
                        word_start.is_none_or(|w| !w.is_lowercase())
                            && !(c == '.' && is_abbreviation(&text[..pos]))
                    }
                    Some(_) => false,
                }
            }
            _ => false,
        };
        if ends {
            let j = after_closers(i + 1);
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            return &text[..end];
        }
    }
    text
}

/// `text` when it has at most `max` characters; else cut at the last space that leaves room for `…` (or hard
/// at `max - 1` characters when that space would lose more than half), trailing punctuation dropped, `…` added.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let keep = max.saturating_sub(1);
    let cut = (1..=keep).rev().find(|&i| chars[i].is_whitespace()).filter(|&i| i >= keep / 2).unwrap_or(keep);
    let mut out: String = chars[..cut].iter().collect();
    let trimmed =
        out.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—'));
    out.truncate(trimmed.len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn g<'a>(title: Option<&'a str>, is_copy: bool, outlet: &'a str) -> Glance<'a> {
        Glance { title, is_copy, outlet }
    }

    #[test]
    fn title_of_earliest_original_wins() {
        let h = title_of([
            g(Some("Copy title"), true, "A"),
            g(None, false, "B"),
            g(Some("   "), false, "B"),
            g(Some("  Original\n title  "), false, "C"),
            g(Some("Later title"), false, "D"),
        ]);
        assert_eq!(h.as_deref(), Some("Original title"));
        assert_eq!(title_of([g(Some("Only a copy has one"), true, "A"), g(None, false, "B")]), None);
    }

    #[test]
    fn lead_headline_is_the_first_sentence() {
        assert_eq!(lead_headline(Some("Rain  fell.\nIt stopped.")), "Rain fell.");
        assert_eq!(lead_headline(Some("No end")), "No end");
        assert_eq!(lead_headline(Some(" \t ")), UNTITLED);
        assert_eq!(lead_headline(None), UNTITLED);
    }

    #[test]
    fn sentences_skip_abbreviations_decimals_and_lowercase_continuations() {
        assert_eq!(
            first_sentence("Mr. Smith paid $3.5 million. Then he left."),
            "Mr. Smith paid $3.5 million."
        );
        assert_eq!(first_sentence("The U.S. Senate voted. It passed."), "The U.S. Senate voted.");
        assert_eq!(first_sentence("J. R. Smith won. Fans cheered."), "J. R. Smith won.");
        assert_eq!(first_sentence("Wait... what happened? Nobody knows."), "Wait... what happened?");
        assert_eq!(first_sentence("“It is over.” She left."), "“It is over.”");
        assert_eq!(first_sentence("No end here"), "No end here");
        assert_eq!(first_sentence("Ends at the end."), "Ends at the end.");
        assert_eq!(first_sentence("東京で地震。被害は不明。"), "東京で地震。");
    }

    #[test]
    fn long_sentences_are_cut_at_a_word_boundary() {
        let long = "word ".repeat(40) + "end.";
        let h = shorten(&long, MAX_HEADLINE_CHARS);
        assert!(h.ends_with("word…"), "{h}");
        assert!(h.chars().count() <= MAX_HEADLINE_CHARS);
        assert_eq!(h, format!("{}word…", "word ".repeat(23)));
        let unbroken = "x".repeat(300);
        let h = shorten(&unbroken, MAX_HEADLINE_CHARS);
        assert_eq!(h.chars().count(), MAX_HEADLINE_CHARS);
        assert!(h.ends_with("x…"));
        let commas = format!("{}, {}", "a".repeat(114), "b".repeat(20));
        assert_eq!(shorten(&commas, MAX_HEADLINE_CHARS), format!("{}…", "a".repeat(114)));
        assert_eq!(shorten("short", MAX_HEADLINE_CHARS), "short");
        let exactly = "y".repeat(MAX_HEADLINE_CHARS);
        assert_eq!(shorten(&exactly, MAX_HEADLINE_CHARS), exactly);
    }

    #[test]
    fn headline_from_text_is_bounded() {
        let lead = format!("{} and it goes on. Second.", "Ünïcödé words ".repeat(20));
        let h = lead_headline(Some(&lead));
        assert!(h.chars().count() <= MAX_HEADLINE_CHARS);
        assert!(h.ends_with('…'));
        assert!(h.starts_with("Ünïcödé words Ünïcödé"));
    }

    #[test]
    fn outlets_are_distinct_in_order() {
        let o = outlets_of([
            g(None, false, "B"),
            g(None, false, "A"),
            g(None, true, "B"),
            g(None, false, "(unknown outlet)"),
        ]);
        assert_eq!(o, ["B", "A", "(unknown outlet)"]);
    }

    proptest! {
        #[test]
        fn shorten_is_a_bounded_prefix(text in "[a-zé ,.]{0,300}") {
            let out = shorten(&text, MAX_HEADLINE_CHARS);
            prop_assert!(out.chars().count() <= MAX_HEADLINE_CHARS);
            match out.strip_suffix('…') {
                Some(kept) if text.chars().count() > MAX_HEADLINE_CHARS => prop_assert!(text.starts_with(kept)),
                _ => prop_assert_eq!(&out, &text),
            }
        }

        #[test]
        fn first_sentence_is_a_nonempty_prefix(text in "[A-Za-z .!?\"”]{1,200}") {
            let s = first_sentence(&text);
            prop_assert!(text.starts_with(s));
            prop_assert!(!s.is_empty());
        }
    }
}
