//! From text to features: language, tokens, stop words, stems and named entities.

use rust_stemmers::{Algorithm, Stemmer};

use crate::stopwords;

/// A language the clusterer knows how to process: its ISO 639-1 code, stop words and stemmer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Language {
    /// ISO 639-1 code (`en`), or `und` when unknown.
    pub(crate) code: &'static str,
    pub(crate) algorithm: Option<Algorithm>,
}

/// Languages with a Snowball stemmer, as (ISO 639-1, ISO 639-3, stemmer).
const STEMMED: &[(&str, &str, Algorithm)] = &[
    ("ar", "ara", Algorithm::Arabic),
    ("da", "dan", Algorithm::Danish),
    ("de", "deu", Algorithm::German),
    ("el", "ell", Algorithm::Greek),
    ("en", "eng", Algorithm::English),
    ("es", "spa", Algorithm::Spanish),
    ("fi", "fin", Algorithm::Finnish),
    ("fr", "fra", Algorithm::French),
    ("hu", "hun", Algorithm::Hungarian),
    ("it", "ita", Algorithm::Italian),
    ("nl", "nld", Algorithm::Dutch),
    ("no", "nob", Algorithm::Norwegian),
    ("pt", "por", Algorithm::Portuguese),
    ("ro", "ron", Algorithm::Romanian),
    ("ru", "rus", Algorithm::Russian),
    ("sv", "swe", Algorithm::Swedish),
    ("ta", "tam", Algorithm::Tamil),
    ("tr", "tur", Algorithm::Turkish),
];

const UNKNOWN: Language = Language { code: "und", algorithm: None };

impl Language {
    /// The language named by an ISO 639-1 or 639-3 code or a tag such as `en-US` (case-insensitive).
    /// Languages without a stemmer keep their code when it is a known ISO 639-1 one, else become `und`.
    pub(crate) fn from_tag(tag: &str) -> Language {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        for &(two, three, algorithm) in STEMMED {
            if primary == two || primary == three {
                return Language { code: two, algorithm: Some(algorithm) };
            }
        }
        // "nb" (Bokmål) shares the Norwegian stemmer.
        if primary == "nb" {
            return Language { code: "no", algorithm: Some(Algorithm::Norwegian) };
        }
        UNKNOWN
    }

    /// Detects the language of `text` with whatlang (on its first 2,000 bytes): the language and whether
    /// whatlang deems the guess reliable; `und` when it has no guess.
    pub(crate) fn detect(text: &str) -> (Language, bool) {
        let mut end = text.len().min(2000);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        match whatlang::detect(&text[..end]) {
            Some(info) => (Language::from_tag(info.lang().code()), info.is_reliable()),
            None => (UNKNOWN, false),
        }
    }
}

/// Language detection for a stream: a reliable guess is taken as is; an unreliable one (short or
/// stop-word-free text) is replaced by the language most often detected reliably so far.
#[derive(Debug, Default)]
pub(crate) struct LanguageGuesser {
    /// Reliable detections per language code, in first-seen order.
    counts: Vec<(Language, u64)>,
}

impl LanguageGuesser {
    pub(crate) fn guess(&mut self, text: &str) -> Language {
        let (lang, reliable) = Language::detect(text);
        if reliable && lang != UNKNOWN {
            match self.counts.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, n)) => *n += 1,
                None => self.counts.push((lang, 1)),
            }
            return lang;
        }
        // The most frequent; the first seen on ties.
        let mut best: Option<(Language, u64)> = None;
        for &(l, n) in &self.counts {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((l, n));
            }
        }
        best.map_or(lang, |(l, _)| l)
    }
}

/// Stemmers, created once per language.
pub(crate) struct Stemmers {
    cache: Vec<(Algorithm, Stemmer)>,
}

impl std::fmt::Debug for Stemmers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmers").field("languages", &self.cache.len()).finish()
    }
}

impl Stemmers {
    pub(crate) fn new() -> Stemmers {
        Stemmers { cache: Vec::new() }
    }

    fn get(&mut self, algorithm: Algorithm) -> &Stemmer {
        let i = match self.cache.iter().position(|(a, _)| *a == algorithm) {
            Some(i) => i,
            None => {
                self.cache.push((algorithm, Stemmer::create(algorithm)));
                self.cache.len() - 1
            }
        };
        &self.cache[i].1
    }
}

/// Where a feature was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Body,
}

/// A feature occurrence: a stemmed word, a named entity (marked by a leading `#`, which no word has) or a
/// phrase, two adjacent kept words of one sentence (`~` and their stems, a space between).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Feature {
    pub(crate) key: String,
    pub(crate) field: Field,
}

/// One word of the text with its original spelling.
#[derive(Debug)]
struct Token<'a> {
    text: &'a str,
    /// A dotted acronym such as `U.S.`, already joined (`US`).
    joined: Option<String>,
    /// First word of a sentence (or of a line or of the text).
    sentence_start: bool,
}

impl Token<'_> {
    fn word(&self) -> &str {
        self.joined.as_deref().unwrap_or(self.text)
    }
}

/// Splits text into words (runs of letters and digits), joining dotted acronyms (`U.S.` → `US`) and
/// marking the words that start a sentence.
fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut sentence_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if !c.is_alphanumeric() {
            if matches!(c, '.' | '!' | '?' | ':' | ';' | '\n' | '•' | '|') {
                sentence_start = true;
            }
            chars.next();
            continue;
        }
        let mut end = i;
        while let Some(&(j, d)) = chars.peek() {
            if !d.is_alphanumeric() {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        // Dotted acronym: single uppercase letters each followed by a dot, at least two of them.
        let joined = None;
        let word = &text[i..end];
        if word.chars().count() == 1 && c.is_uppercase() && text[end..].starts_with('.') {
            let rest = &text[i..];
            let mut letters = String::new();
            let mut consumed = 0;
            let mut it = rest.char_indices();
            while let (Some((_, l)), Some((p, '.'))) = (it.next(), it.next()) {
                if !l.is_uppercase() {
                    break;
                }
                letters.push(l);
                consumed = p + 1;
                // The next letter must follow the dot directly.
                if !rest[consumed..].chars().next().is_some_and(|n| n.is_uppercase()) {
                    break;
                }
            }
            if letters.chars().count() >= 2 {
                let acronym_end = i + consumed;
                while chars.peek().is_some_and(|&(j, _)| j < acronym_end) {
                    chars.next();
                }
                tokens.push(Token { text: &text[i..acronym_end], joined: Some(letters), sentence_start });
                // The acronym's own final dot does not end a sentence unless a line ends there.
                sentence_start = false;
                continue;
            }
        }
        tokens.push(Token { text: word, joined, sentence_start });
        sentence_start = false;
    }
    tokens
}

fn is_capitalized(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_uppercase()) && chars.any(|c| c.is_lowercase())
}

fn is_all_caps(word: &str) -> bool {
    word.chars().any(|c| c.is_uppercase()) && !word.chars().any(|c| c.is_lowercase())
}

/// Lowercase words that may join the capitalized words of one name (`Bank of England`).
const CONNECTORS: &[&str] = &["da", "de", "del", "der", "des", "di", "du", "la", "of", "van", "von"];

/// Capitalized words that are not names.
const NOT_NAMES: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// Extracts features from a title (optional) and a body, appending to `out`.
pub(crate) fn features(
    title: Option<&str>,
    body: &str,
    lang: Language,
    stemmers: &mut Stemmers,
    out: &mut Vec<Feature>,
) {
    if let Some(title) = title {
        field_features(title, Field::Title, lang, stemmers, out);
    }
    field_features(body, Field::Body, lang, stemmers, out);
}

fn field_features(text: &str, field: Field, lang: Language, stemmers: &mut Stemmers, out: &mut Vec<Feature>) {
    let tokens = tokenize(text);
    let stop = stopwords::stop_words(lang.code);
    let stemmer = lang.algorithm.map(|a| stemmers.get(a));
    // The previous token's stem, when it was a kept word: adjacent kept words also make a phrase.
    let mut previous: Option<String> = None;
    for t in &tokens {
        let lower = t.word().to_lowercase();
        let kept = !(lower.chars().count() < 2
            || stopwords::is_stop(stop, &lower)
            // Counts and amounts say little about the event; four digits are usually a year.
            || (lower.chars().all(|c| c.is_ascii_digit()) && lower.len() != 4));
        if !kept {
            previous = None;
            continue;
        }
        let key = match stemmer {
            Some(s) => s.stem(&lower).into_owned(),
            None => lower,
        };
        if let Some(before) = previous.take().filter(|_| !t.sentence_start) {
            out.push(Feature { key: format!("~{before} {key}"), field });
        }
        previous = Some(key.clone());
        out.push(Feature { key, field });
    }
    // In a Title Case headline every word is capitalized: no sign of a name there.
    let capitalized = tokens.iter().filter(|t| is_capitalized(t.word())).count();
    if field == Field::Title && capitalized * 2 > tokens.len() {
        return;
    }
    entities(&tokens, stop, field, out);
}

/// Named entities as features: capitalized words not at a sentence start, adjacent pairs of capitalized
/// words in spans of two or more (not counting a stop word that starts a sentence), and all-caps
/// acronyms of 2–6 letters outside all-caps runs.
fn entities(tokens: &[Token<'_>], stop: &[&str], field: Field, out: &mut Vec<Feature>) {
    let all_caps =
        |i: usize| tokens.get(i).is_some_and(|t: &Token<'_>| is_all_caps(t.word()) && t.word().len() > 1);
    let mut span: Vec<String> = Vec::new();
    let flush = |span: &mut Vec<String>, out: &mut Vec<Feature>| {
        for pair in span.windows(2) {
            out.push(Feature { key: format!("#{} {}", pair[0], pair[1]), field });
        }
        span.clear();
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let word = t.word();
        let lower = word.to_lowercase();
        let in_caps_run = all_caps(i) && ((i > 0 && all_caps(i - 1)) || all_caps(i + 1));
        let acronym = is_all_caps(word)
            && (2..=6).contains(&word.chars().count())
            && word.chars().all(|c| c.is_alphabetic())
            && !in_caps_run;
        if acronym {
            out.push(Feature { key: format!("#{lower}"), field });
        }
        let name_word =
            (acronym || is_capitalized(word)) && NOT_NAMES.binary_search(&lower.as_str()).is_err();
        if name_word {
            if !acronym && !t.sentence_start && !stopwords::is_stop(stop, &lower) {
                out.push(Feature { key: format!("#{lower}"), field });
            }
            if t.sentence_start {
                flush(&mut span, out);
                if stopwords::is_stop(stop, &lower) {
                    i += 1;
                    continue;
                }
            }
            span.push(lower);
        } else if !span.is_empty()
            && CONNECTORS.contains(&lower.as_str())
            && tokens.get(i + 1).is_some_and(|n| is_capitalized(n.word()) && !n.sentence_start)
        {
            // Glue: the next capitalized word continues the same name.
        } else {
            flush(&mut span, out);
        }
        i += 1;
    }
    flush(&mut span, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity_keys(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        entities(&tokenize(text), stopwords::stop_words("en"), Field::Body, &mut out);
        out.into_iter().map(|f| f.key).collect()
    }

    #[test]
    fn tokenizer_marks_sentences_and_joins_acronyms() {
        let t = tokenize("The U.S. Army said. Then: no! “Why?” he asked\nNew line");
        let words: Vec<&str> = t.iter().map(|t| t.word()).collect();
        assert_eq!(words, ["The", "US", "Army", "said", "Then", "no", "Why", "he", "asked", "New", "line"]);
        let starts: Vec<bool> = t.iter().map(|t| t.sentence_start).collect();
        assert_eq!(starts, [true, false, false, false, true, true, true, true, false, true, false]);
        assert_eq!(tokenize("A.B").iter().map(|t| t.word()).collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(tokenize("I. Then").iter().map(|t| t.word()).collect::<Vec<_>>(), ["I", "Then"]);
        assert!(tokenize("").is_empty());
        assert!(tokenize("... — !").is_empty());
    }

    #[test]
    fn entities_from_names_and_acronyms() {
        let keys = entity_keys(
            "Mexican President Claudia Sheinbaum rejected it. Responding to a Wall Street Journal report, \
             the CIA said the Bank of England was on Friday Trump's. CARTELS TAKE ROOT IN TOWNS",
        );
        assert_eq!(
            keys,
            [
                "#president",
                "#claudia",
                "#sheinbaum",
                "#mexican president",
                "#president claudia",
                "#claudia sheinbaum",
                "#wall",
                "#street",
                "#journal",
                "#wall street",
                "#street journal",
                "#cia",
                "#bank",
                "#england",
                "#bank england",
                "#trump",
            ]
        );
        // A stop word starting a sentence is not part of a name.
        assert_eq!(
            entity_keys("The Heritage Foundation wrote."),
            ["#heritage", "#foundation", "#heritage foundation"]
        );
        assert_eq!(entity_keys("In Mexico City, troops."), ["#mexico", "#city", "#mexico city"]);
        // Capitalized at a sentence start only: not known to be a name.
        assert!(entity_keys("Trump called. Sheinbaum refused.").is_empty());
    }

    #[test]
    fn sentence_case_titles_keep_their_names() {
        let mut stemmers = Stemmers::new();
        let mut out = Vec::new();
        let en = Language::from_tag("en");
        features(Some("Sheinbaum rejects troops, says Claudia Sheinbaum"), "", en, &mut stemmers, &mut out);
        assert!(out.iter().any(|f| f.key == "#claudia sheinbaum" && f.field == Field::Title));
        out.clear();
        features(Some("Claudia Sheinbaum Rejects Trump Offer"), "", en, &mut stemmers, &mut out);
        assert!(out.iter().all(|f| !f.key.starts_with('#')), "{out:?}");
    }

    #[test]
    fn languages() {
        assert_eq!(Language::from_tag("en-US").code, "en");
        assert_eq!(Language::from_tag("spa").algorithm, Some(Algorithm::Spanish));
        assert_eq!(Language::from_tag("nb").code, "no");
        assert_eq!(Language::from_tag("zz").code, "und");
        assert_eq!(Language::from_tag("").code, "und");
        let es = "El presidente de México dijo el sábado que su gobierno nunca aceptará la presencia de \
                  tropas extranjeras en el territorio nacional, y que la soberanía no se negocia.";
        assert_eq!(Language::detect(es), (Language::from_tag("es"), true));
        assert_eq!(
            Language::detect("Der Präsident sagte am Samstag, dass er keine Truppen will.").0.code,
            "de"
        );
        assert_eq!(Language::detect(""), (UNKNOWN, false));
        // Unreliable guesses follow the stream's most frequent reliable language.
        let mut g = LanguageGuesser::default();
        assert_eq!(g.guess("xq zv"), Language::detect("xq zv").0);
        assert_eq!(g.guess(es).code, "es");
        assert_eq!(g.guess("centrepoint gala kensington").code, "es");
        assert_eq!(g.guess("").code, "es");
    }

    #[test]
    fn phrases_are_adjacent_kept_words_of_one_sentence() {
        let mut stemmers = Stemmers::new();
        let mut out = Vec::new();
        let en = Language::from_tag("en");
        features(
            None,
            "black friday deals. Shoppers queue for the black friday sales",
            en,
            &mut stemmers,
            &mut out,
        );
        let phrases: Vec<&str> = out.iter().map(|f| f.key.as_str()).filter(|k| k.starts_with('~')).collect();
        // Not across the sentence end (`deal shopper`) nor across the stop words `for the`.
        assert_eq!(
            phrases,
            ["~black friday", "~friday deal", "~shopper queue", "~black friday", "~friday sale"]
        );
    }

    #[test]
    fn features_stem_and_drop_stop_words() {
        let mut stemmers = Stemmers::new();
        let mut out = Vec::new();
        let en = Language::from_tag("en");
        features(
            Some("Rates Rising"),
            "The rates were rising in 2025, by 25 points.",
            en,
            &mut stemmers,
            &mut out,
        );
        let keys: Vec<(&str, Field)> = out.iter().map(|f| (f.key.as_str(), f.field)).collect();
        assert_eq!(
            keys,
            [
                ("rate", Field::Title),
                ("~rate rise", Field::Title),
                ("rise", Field::Title),
                ("rate", Field::Body),
                ("rise", Field::Body),
                ("2025", Field::Body),
                ("point", Field::Body),
            ]
        );
    }
}
