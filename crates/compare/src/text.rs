//! Sentence splitting, content words, numbers and dates: the lexical units of alignment.

use std::collections::BTreeSet;

use rust_stemmers::{Algorithm, Stemmer};

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
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    let at = head.rfind(char::is_whitespace).unwrap_or(head.len());
    format!("{}…", head[..at].trim_end())
}

pub(crate) fn stemmer_for(lang: Option<&str>) -> Stemmer {
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

/// The value of an English number word (`twelve` → 12), for numbers written out in one outlet and in digits
/// in another.
pub(crate) fn number_word(w: &str) -> Option<u64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// A word of a sentence as alignment sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// The key compared across sentences: a stem, or `#` and a number's value.
    pub key: String,
    /// A number, or a capitalized word inside the sentence (a name): these weigh more in alignment.
    pub strong: bool,
}

/// The terms of a text: stemmed content words, numbers by value (digits with separators, number words), and
/// which of them are names or numbers. Each key appears once.
pub(crate) fn terms(text: &str, stemmer: &Stemmer) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    let mut first = true;
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == ',' || c == '.')) {
        let w = raw.trim_matches(|c: char| c == ',' || c == '.');
        if w.is_empty() {
            continue;
        }
        let digits: String = w.chars().filter(|c| *c != ',').collect();
        let term = if digits.chars().all(|c| c.is_ascii_digit() || c == '.')
            && digits.chars().any(|c| c.is_ascii_digit())
        {
            Some(Term { key: format!("#{digits}"), strong: true })
        } else if w.contains(['.', ',']) {
            // `U.S.`, `3,5km`: split no further, keep as one word.
            let lower = w.to_lowercase();
            (lower.chars().count() >= 2)
                .then(|| Term { key: lower, strong: w.starts_with(char::is_uppercase) })
        } else {
            let lower = w.to_lowercase();
            if let Some(n) = number_word(&lower) {
                Some(Term { key: format!("#{n}"), strong: true })
            } else if lower.chars().count() < 2 || STOP_WORDS.contains(&lower.as_str()) {
                None
            } else {
                let cap = w.starts_with(char::is_uppercase) && !first;
                Some(Term { key: stemmer.stem(&lower).into_owned(), strong: cap })
            }
        };
        first = false;
        if let Some(t) = term {
            match out.iter_mut().find(|o| o.key == t.key) {
                Some(o) => o.strong |= t.strong,
                None => out.push(t),
            }
        }
    }
    out
}

/// The stemmed content words of a text: lower-cased words of two or more characters that are not stop words,
/// numbers by value (`twelve` and `12` are `#12`).
pub fn content_words(text: &str, lang: Option<&str>) -> BTreeSet<String> {
    terms(text, &stemmer_for(lang)).into_iter().map(|t| t.key).collect()
}

/// Whether a sentence is a page's furniture rather than reporting: mostly capitals (a related headline), or
/// a credit line (`… contributed to this report`).
pub(crate) fn is_furniture(sentence: &str) -> bool {
    let letters = sentence.chars().filter(|c| c.is_alphabetic()).count();
    let upper = sentence.chars().filter(|c| c.is_uppercase()).count();
    if letters >= 8 && upper * 10 >= letters * 6 {
        return true;
    }
    let lower = sentence.to_lowercase();
    lower.contains("contributed to this report")
        || lower.contains("contributed reporting")
        || lower.contains("all rights reserved")
}

/// Numbers of a sentence with the word they count (`40 homes` → (40, "home")), numbers by value.
pub(crate) fn counted_numbers(text: &str, stemmer: &Stemmer) -> Vec<(String, String, String)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '“' | '”' | '"' | '(' | ')' | ';' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let clean = w.trim_end_matches([',', '.', '!', '?']);
        let digits: String = clean.chars().filter(|c| *c != ',').collect();
        let value = if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            digits.trim_start_matches('0').to_string()
        } else if let Some(n) = number_word(&clean.to_lowercase()) {
            n.to_string()
        } else {
            continue;
        };
        if value.is_empty() || clean.len() != w.len() {
            // A number that ends its clause counts nothing.
            continue;
        }
        // The counted word: the next word that is not a modifier (`40 more homes`, `12 people`).
        let Some(next) = words[i + 1..]
            .iter()
            .take(3)
            .map(|n| n.trim_end_matches([',', '.', '!', '?']).to_lowercase())
            .find(|n| {
                !matches!(n.as_str(), "more" | "other" | "additional" | "new" | "of" | "percent" | "%")
            })
        else {
            continue;
        };
        if next.chars().count() < 3
            || !next.chars().all(char::is_alphabetic)
            || STOP_WORDS.contains(&next.as_str())
        {
            continue;
        }
        if is_month(&next) || is_month(&clean.to_lowercase()) {
            continue;
        }
        // A year or a day of a month is a date, not a count.
        if i > 0 && is_month(&words[i - 1].trim_end_matches([',', '.']).to_lowercase()) {
            continue;
        }
        out.push((value, stemmer.stem(&next).into_owned(), next));
    }
    out
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_month(w: &str) -> bool {
    w.len() > 3 && MONTHS.contains(&w) || matches!(w, "jan" | "feb" | "aug" | "sept" | "oct" | "nov" | "dec")
}

/// The dates a sentence names: weekdays (`Saturday`) and days of months (`February 19`, `19 February`),
/// lower-cased, in text order.
pub(crate) fn dates(text: &str) -> Vec<String> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if WEEKDAYS.contains(&w.as_str()) {
            out.push(w.clone());
        } else if MONTHS.contains(&w.as_str()) && w != "may" {
            let day = |x: Option<&String>| {
                x.filter(|d| d.len() <= 2 && d.chars().all(|c| c.is_ascii_digit()))
                    .and_then(|d| d.parse::<u32>().ok())
                    .filter(|d| (1..=31).contains(d))
            };
            if let Some(d) =
                day(words.get(i + 1)).or_else(|| i.checked_sub(1).and_then(|p| day(words.get(p))))
            {
                out.push(format!("{w} {d}"));
            }
        }
    }
    out
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
    fn content_words_are_stemmed_without_stop_words() {
        let w = content_words("The troops were crossing the borders", Some("en"));
        assert_eq!(w.into_iter().collect::<Vec<_>>(), ["border", "cross", "troop"]);
        let w = content_words("Twelve people, 1,200 homes and the U.S. Army", Some("en"));
        assert_eq!(w.into_iter().collect::<Vec<_>>(), ["#12", "#1200", "armi", "home", "peopl", "u.s"]);
    }

    #[test]
    fn names_and_numbers_are_strong_terms() {
        let t = terms("Officials in Orlen counted 40 homes", &stemmer_for(None));
        let strong: Vec<&str> = t.iter().filter(|t| t.strong).map(|t| t.key.as_str()).collect();
        assert_eq!(strong, ["orlen", "#40"]);
    }

    #[test]
    fn numbers_with_what_they_count() {
        let s = stemmer_for(None);
        let n = counted_numbers("Forty homes were flooded and 12 more people left on May 3, 2024.", &s);
        let got: Vec<(&str, &str)> = n.iter().map(|(v, k, _)| (v.as_str(), k.as_str())).collect();
        assert_eq!(got, [("40", "home"), ("12", "peopl")]);
    }

    #[test]
    fn weekdays_and_days_of_months() {
        assert_eq!(
            dates("On Saturday, after the February 19 order and 3 March talks"),
            ["saturday", "february 19", "march 3"]
        );
        assert!(dates("They may meet in May.").is_empty());
    }

    #[test]
    fn furniture_sentences() {
        assert!(is_furniture("CIA USES DRONES TO SNIFF OUT CARTELS"));
        assert!(is_furniture("Jane Roe and the Associated Press contributed to this report."));
        assert!(!is_furniture("The CIA used drones over Mexico."));
    }

    #[test]
    fn cut_at_word_boundary() {
        assert_eq!(cut("one two three", 9), "one two…");
        assert_eq!(cut("short", 9), "short");
    }
}
