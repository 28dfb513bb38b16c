//! Small stop-word lists (lowercase, sorted for binary search) for the languages news mostly comes in.

/// English.
const EN: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "same",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Spanish.
const ES: &[&str] = &[
    "a", "al", "algo", "algunos", "ante", "antes", "como", "con", "contra", "cual", "cuando", "de", "del",
    "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa",
    "esas", "ese", "eso", "esos", "esta", "estaba", "estado", "estas", "este", "esto", "estos", "está",
    "están", "fue", "fueron", "ha", "había", "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los",
    "me", "mi", "mientras", "muy", "más", "ni", "no", "nos", "o", "otra", "otras", "otro", "otros", "para",
    "pero", "poco", "por", "porque", "que", "quien", "qué", "se", "sea", "ser", "si", "sido", "sin", "sobre",
    "son", "su", "sus", "sí", "también", "tanto", "te", "tiene", "todo", "todos", "tras", "tu", "un", "una",
    "uno", "unos", "y", "ya", "yo", "él",
];

/// French.
const FR: &[&str] = &[
    "a", "ai", "au", "aux", "avait", "avec", "c", "ce", "ces", "cette", "comme", "d", "dans", "de", "des",
    "donc", "du", "elle", "elles", "en", "encore", "est", "et", "eu", "fait", "il", "ils", "j", "je", "l",
    "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne",
    "nos", "notre", "nous", "on", "ont", "ou", "par", "pas", "plus", "pour", "qu", "que", "qui", "s", "sa",
    "sans", "se", "ses", "si", "son", "sont", "sous", "sur", "t", "ta", "te", "tes", "toi", "ton", "tous",
    "tout", "très", "tu", "un", "une", "vos", "votre", "vous", "y", "à", "été", "être",
];

/// German.
const DE: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "da", "damit", "dann", "das", "dass",
    "dem", "den", "denn", "der", "des", "die", "dies", "diese", "diesem", "diesen", "dieser", "doch", "du",
    "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "gegen", "hat", "hatte",
    "ich", "ihr", "ihre", "ihren", "im", "in", "ist", "ja", "kann", "kein", "keine", "mit", "nach", "nicht",
    "noch", "nur", "ob", "oder", "ohne", "schon", "sei", "sein", "seine", "sich", "sie", "sind", "so",
    "soll", "um", "und", "uns", "unter", "vom", "von", "vor", "war", "waren", "was", "wenn", "werden", "wie",
    "wir", "wird", "wurde", "wurden", "zu", "zum", "zur", "über",
];

/// Italian.
const IT: &[&str] = &[
    "a", "ad", "agli", "al", "alla", "alle", "anche", "che", "chi", "ci", "come", "con", "cui", "da", "dal",
    "dalla", "dei", "del", "della", "delle", "di", "e", "ed", "era", "essere", "gli", "ha", "hanno", "i",
    "il", "in", "io", "la", "le", "lo", "loro", "ma", "mi", "nei", "nel", "nella", "non", "o", "per", "più",
    "quando", "quella", "quello", "questa", "questo", "se", "si", "sia", "sono", "su", "sua", "sue", "sui",
    "sul", "sulla", "suo", "tra", "un", "una", "uno", "è",
];

/// Portuguese.
const PT: &[&str] = &[
    "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "dela", "dele", "do", "dos", "e", "ela",
    "elas", "ele", "eles", "em", "entre", "era", "essa", "esse", "esta", "este", "está", "eu", "foi",
    "foram", "há", "isso", "isto", "já", "lhe", "mais", "mas", "me", "mesmo", "muito", "na", "nas", "nem",
    "no", "nos", "não", "o", "os", "ou", "para", "pela", "pelo", "por", "porque", "quando", "que", "se",
    "sem", "ser", "seu", "seus", "sua", "suas", "são", "também", "tem", "um", "uma", "à", "é",
];

/// The stop words of an ISO 639-1 language, empty for languages without a list.
pub(crate) fn stop_words(lang: &str) -> &'static [&'static str] {
    match lang {
        "en" => EN,
        "es" => ES,
        "fr" => FR,
        "de" => DE,
        "it" => IT,
        "pt" => PT,
        _ => &[],
    }
}

/// Whether `word` (lowercase) is a stop word of the list.
pub(crate) fn is_stop(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_lowercase_for_binary_search() {
        for lang in ["en", "es", "fr", "de", "it", "pt"] {
            let list = stop_words(lang);
            assert!(list.len() > 50, "{lang}");
            for w in list.windows(2) {
                assert!(w[0] < w[1], "{lang}: {} before {}", w[0], w[1]);
            }
            assert!(list.iter().all(|w| w.to_lowercase() == *w), "{lang}");
        }
        assert!(is_stop(stop_words("en"), "the"));
        assert!(is_stop(stop_words("de"), "über"));
        assert!(!is_stop(stop_words("en"), "earthquake"));
        assert!(stop_words("xx").is_empty());
    }
}
