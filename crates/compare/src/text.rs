//! Sentence splitting, quotation finding and content words: the lexical units of alignment.

use std::collections::BTreeSet;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

/// Words too common to say anything about a fact (English; other languages keep their words, stemmed).
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
    "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "or", "other", "our", "ours", "out", "over", "own", "said", "same", "says", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "your", "yours", "told", "say",
];

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "jr", "sr", "inc",
    "co", "corp", "ltd", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "approx", "est", "dept", "univ",
];

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '(' | '«')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | '»')
}

/// Whether the word that ends just before a period at `dot` is an abbreviation ("Dr.", "U.S.", "J.").
fn ends_abbreviation(chars: &[char], dot: usize) -> bool {
    let mut start = dot;
    while start > 0 && (chars[start - 1].is_alphanumeric() || chars[start - 1] == '.') {
        start -= 1;
    }
    let word: String = chars[start..dot].iter().collect();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    word.contains('.')
        || (letters == 1 && word.chars().all(|c| c.is_uppercase()))
        || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Splits a paragraph into sentences. A sentence ends at `.`, `!` or `?` (with any closing quotes after it)
/// followed by a space and an upper-case letter, a digit or an opening quote; abbreviations do not end one.
pub fn sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?') && !(c == '.' && ends_abbreviation(&chars, i)) {
            let mut end = i + 1;
            while end < chars.len() && (is_closing(chars[end]) || matches!(chars[end], '.' | '!' | '?')) {
                end += 1;
            }
            let mut next = end;
            while next < chars.len() && chars[next].is_whitespace() {
                next += 1;
            }
            let boundary = next == chars.len()
                || (next > end
                    && (chars[next].is_uppercase() || chars[next].is_numeric() || is_opening(chars[next])));
            if boundary {
                push_trimmed(&mut out, &chars[start..end]);
                start = next;
                i = next;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut out, &chars[start.min(chars.len())..]);
    out
}

fn push_trimmed(out: &mut Vec<String>, chars: &[char]) {
    let s: String = chars.iter().collect();
    let s = s.trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
}

/// Cuts text to at most `max` characters at a word boundary, adding "…" when it cut.
pub(crate) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    let at = head.rfind(char::is_whitespace).unwrap_or(head.len());
    format!("{}…", head[..at].trim_end())
}

/// A direct quotation found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words, without their marks.
    pub text: String,
    /// Offset of the first quoted character, in characters.
    pub start: usize,
    /// Offset just after the last quoted character, in characters.
    pub end: usize,
}

/// Finds direct quotations: text between curly double quotes, or between straight double quotes, of at least
/// three words. Quotes do not run over paragraph breaks unless the paragraph reopens with a quote mark.
pub fn quotes(text: &str) -> Vec<Quote> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        match (c, open) {
            ('“', _) => open = Some(i + 1),
            ('"', None) => open = Some(i + 1),
            ('”' | '"', Some(start)) => {
                let inner: String = chars[start..i].iter().collect();
                let trimmed = inner.trim().trim_end_matches([',', ';', ':']).trim();
                if trimmed.split_whitespace().count() >= 3 {
                    let lead = inner.len() - inner.trim_start().len();
                    let lead_chars = inner[..lead].chars().count();
                    let len = trimmed.chars().count();
                    out.push(Quote {
                        text: trimmed.to_string(),
                        start: start + lead_chars,
                        end: start + lead_chars + len,
                    });
                }
                open = None;
            }
            ('\n', Some(_)) if chars.get(i + 1) == Some(&'\n') => open = None,
            _ => {}
        }
    }
    out
}

fn stemmer_for(lang: Option<&str>) -> Stemmer {
    let algorithm = match lang.unwrap_or("en") {
        "es" => Algorithm::Spanish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "ru" => Algorithm::Russian,
        _ => Algorithm::English,
    };
    Stemmer::create(algorithm)
}

/// The stemmed content words of a text: lower-cased words of two or more characters that are not stop words.
pub fn content_words(text: &str, lang: Option<&str>) -> BTreeSet<String> {
    let stemmer = stemmer_for(lang);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        let s = sentences("The U.S. Army came. Dr. Lee said “no.” Then 12 left! Why? yes");
        assert_eq!(s, ["The U.S. Army came.", "Dr. Lee said “no.”", "Then 12 left!", "Why? yes"]);
        assert!(sentences("").is_empty());
        assert_eq!(sentences("No end"), ["No end"]);
    }

    #[test]
    fn finds_quotes_with_offsets() {
        let text = "Sheinbaum said, “We can work together, but with you in your territory.” Then \"it is true,\" ok \"no\".";
        let q = quotes(text);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, "We can work together, but with you in your territory.");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[q[0].start..q[0].end].iter().collect::<String>(), q[0].text);
        assert_eq!(q[1].text, "it is true");
        assert_eq!(chars[q[1].start..q[1].end].iter().collect::<String>(), q[1].text);
    }

    #[test]
    fn unbalanced_quotes_do_not_run_across_paragraphs() {
        let q = quotes("He said \"never mind the rest\n\nAnother paragraph with \"three words here\" ok");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "three words here");
    }

    #[test]
    fn content_words_are_stemmed_without_stop_words() {
        let w = content_words("The troops were crossing the borders", Some("en"));
        assert_eq!(w.into_iter().collect::<Vec<_>>(), ["border", "cross", "troop"]);
    }

    #[test]
    fn cut_at_word_boundary() {
        assert_eq!(cut("one two three", 9), "one two…");
        assert_eq!(cut("short", 9), "short");
    }
}
