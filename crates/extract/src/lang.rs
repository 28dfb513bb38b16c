//! Language codes: normalizing declared languages and detecting them from text (whatlang), as ISO 639-1.

/// Normalizes a declared language (`en-US`, `pt_BR`, `EN`, `eng`) to its ISO 639-1 code, when it has one.
///
/// ```
/// use samestory_extract::normalize_lang;
/// assert_eq!(normalize_lang("en-US").as_deref(), Some("en"));
/// assert_eq!(normalize_lang("deu").as_deref(), Some("de"));
/// assert_eq!(normalize_lang("x"), None);
/// ```
pub fn normalize_lang(declared: &str) -> Option<String> {
    let primary = declared.trim().split(['-', '_', ' ', ',', ';']).next()?.to_ascii_lowercase();
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        2 => Some(primary),
        3 => iso639_3_to_1(&primary).map(str::to_string),
        _ => None,
    }
}

/// Detects the language of a text with whatlang, as an ISO 639-1 code.
///
/// Returns `None` when the text is too short or the guess is not reliable.
pub fn detect_lang(text: &str) -> Option<String> {
    // whatlang reads the whole input; a few thousand characters are plenty.
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    // Only a reliable guess: an unreliable one on a short text flips between related languages from one
    // article to the next, and downstream (stemming, stop words) one event would split into stories by
    // language. Without a guess the clusterer falls back to the stream's usual language.
    if !info.is_reliable() {
        return None;
    }
    iso639_3_to_1(info.lang().code()).map(str::to_string)
}

/// Maps the ISO 639-3 codes whatlang uses (and common bibliographic ones) to ISO 639-1.
fn iso639_3_to_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" | "zho" | "chi" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" | "fre" => "fr",
        "deu" | "ger" => "de",
        "ukr" => "uk",
        "kat" | "geo" => "ka",
        "ara" | "arb" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "nno" => "nn",
        "nor" => "no",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" | "dut" => "nl",
        "hun" => "hu",
        "ces" | "cze" => "cs",
        "ell" | "gre" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" | "rum" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" | "mac" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" | "fas" | "per" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" | "bur" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" | "slo" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" | "arm" => "hy",
        "cym" | "wel" => "cy",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_declared_codes() {
        assert_eq!(normalize_lang("en").as_deref(), Some("en"));
        assert_eq!(normalize_lang(" pt_BR ").as_deref(), Some("pt"));
        assert_eq!(normalize_lang("FR-ca").as_deref(), Some("fr"));
        assert_eq!(normalize_lang("spa").as_deref(), Some("es"));
        assert_eq!(normalize_lang("zzz"), None);
        assert_eq!(normalize_lang(""), None);
        assert_eq!(normalize_lang("english"), None);
        assert_eq!(normalize_lang("é"), None);
    }

    #[test]
    fn detects_common_languages() {
        let en = "The president said on Saturday that the government would not accept foreign troops on its territory.";
        let es = "La presidenta dijo el sábado que el gobierno no aceptará tropas extranjeras en su territorio nacional.";
        let de = "Die Präsidentin sagte am Samstag, dass die Regierung keine ausländischen Truppen akzeptieren werde.";
        assert_eq!(detect_lang(en).as_deref(), Some("en"));
        assert_eq!(detect_lang(es).as_deref(), Some("es"));
        assert_eq!(detect_lang(de).as_deref(), Some("de"));
        assert_eq!(detect_lang(""), None);
    }
}
