//! Decoding HTML bytes to text: the byte-order mark, then the caller's hint (an HTTP header), then the
//! document's own `<meta charset>` / `http-equiv` declaration, else a statistical guess (chardetng).

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// How many bytes at the start of a document are searched for a `<meta>` charset declaration.
const PRESCAN: usize = 8192;

/// Where the charset used to decode a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The charset given by the caller (an HTTP `Content-Type` header).
    Hint,
    /// A `<meta charset>` or `<meta http-equiv=Content-Type>` declaration in the document.
    Meta,
    /// Guessed from the bytes.
    Detected,
}

/// Decodes HTML `bytes` to a string and tells which encoding was used and why.
///
/// `url` only sharpens the guess (its top-level domain) when nothing declares the charset.
/// Malformed sequences become U+FFFD; this never fails.
pub fn decode_html<'a>(
    bytes: &'a [u8],
    hint_charset: Option<&str>,
    url: Option<&str>,
) -> (Cow<'a, str>, &'static Encoding, CharsetSource) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text, enc, CharsetSource::Bom);
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    // A declaration the bytes contradict is wrong: text with multi-byte UTF-8 sequences and no invalid one
    // is UTF-8 whatever the page says, and a page declared UTF-8 that is not valid UTF-8 is guessed.
    let believable = |enc: &'static Encoding| {
        if enc == UTF_8 { valid_utf8 } else { !valid_utf8 || bytes.is_ascii() }
    };
    if let Some(enc) = hint_charset.and_then(label_to_encoding).filter(|e| believable(e)) {
        return (enc.decode_without_bom_handling(bytes).0, enc, CharsetSource::Hint);
    }
    if let Some(enc) = meta_charset(&bytes[..bytes.len().min(PRESCAN)]).filter(|e| believable(e)) {
        return (enc.decode_without_bom_handling(bytes).0, enc, CharsetSource::Meta);
    }
    let enc = if valid_utf8 {
        UTF_8
    } else {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let tld = url.and_then(tld_of);
        detector.guess(tld.as_deref().map(str::as_bytes), Utf8Detection::Allow)
    };
    (enc.decode_without_bom_handling(bytes).0, enc, CharsetSource::Detected)
}

/// The encoding for a charset label, as HTML uses it: UTF-16 declarations in a byte stream mean UTF-8,
/// and the "replacement" encoding is not taken.
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'');
    let enc = Encoding::for_label_no_replacement(label.as_bytes())?;
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    // x-user-defined is a decoding trick for binary data, not a real page charset.
    if enc == encoding_rs::X_USER_DEFINED {
        return Some(encoding_rs::WINDOWS_1252);
    }
    Some(enc)
}

/// Finds a charset declared in a `<meta>` tag within `head` (ASCII-compatible scan of raw bytes).
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut pos = 0;
    while let Some(off) = find(&lower[pos..], b"<meta") {
        let start = pos + off + 5;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        // `charset=` covers both `<meta charset=x>` and `content="text/html; charset=x"`.
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &tag[c + 7..];
            rest = trim_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let value = trim_start(r);
                let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
                let len = value
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'\t' | b'\n' | b'\r'))
                    .unwrap_or(value.len());
                if let Some(enc) = std::str::from_utf8(&value[..len]).ok().and_then(label_to_encoding) {
                    return Some(enc);
                }
            }
        }
        pos = end.max(start);
        if pos >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(s.len());
    &s[n..]
}

/// The lowercase ASCII top-level domain of a URL's host, when it has a plausible one.
fn tld_of(url: &str) -> Option<String> {
    let host = crate::metadata::url_host(url)?;
    let tld = host.rsplit('.').next()?.to_ascii_lowercase();
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')).then_some(tld)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_the_bytes_contradict_are_ignored() {
        let page = "<meta charset=\"iso-8859-1\"><p>Café crème, naïve façade</p>".as_bytes();
        let (text, enc, source) = decode_html(page, None, None);
        assert!(text.contains("Café crème"), "{text}");
        assert_eq!((enc, source), (UTF_8, CharsetSource::Detected));
        let (text, _, _) = decode_html(page, Some("windows-1252"), None);
        assert!(text.contains("naïve façade"));
        let latin1 = b"<meta charset=utf-8><p>Caf\xe9 cr\xe8me, na\xefve fa\xe7ade et d\xe9j\xe0 vu</p>";
        let (text, enc, source) = decode_html(latin1, None, None);
        assert_eq!(source, CharsetSource::Detected);
        assert_ne!(enc, UTF_8);
        assert!(text.contains("Café"), "{text}");
    }

    #[test]
    fn bom_wins_over_declarations() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=windows-1252><p>café</p>".as_bytes());
        let (text, enc, src) = decode_html(&bytes, Some("iso-8859-1"), None);
        assert_eq!((enc, src), (UTF_8, CharsetSource::Bom));
        assert!(text.contains("café"));
        assert!(!text.starts_with('\u{feff}'));
    }

    #[test]
    fn utf16_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<p>hé</p>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (text, enc, _) = decode_html(&bytes, None, None);
        assert_eq!(enc, encoding_rs::UTF_16LE);
        assert_eq!(text, "<p>hé</p>");
    }

    #[test]
    fn hint_beats_meta() {
        let bytes = b"<meta charset=utf-8><p>caf\xe9</p>";
        let (text, enc, src) = decode_html(bytes, Some("ISO-8859-1"), None);
        assert_eq!((enc, src), (encoding_rs::WINDOWS_1252, CharsetSource::Hint));
        assert!(text.contains("café"));
    }

    #[test]
    fn meta_charset_windows_1252() {
        let bytes =
            b"<html><head><meta charset=\"windows-1252\"></head><body><p>\x93Quoted\x94 caf\xe9 \x80</p>";
        let (text, enc, src) = decode_html(bytes, None, None);
        assert_eq!((enc, src), (encoding_rs::WINDOWS_1252, CharsetSource::Meta));
        assert!(text.contains("\u{201c}Quoted\u{201d} café €"), "{text}");
    }

    #[test]
    fn meta_http_equiv() {
        let bytes = b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=KOI8-R\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
        let (text, enc, src) = decode_html(bytes, None, None);
        assert_eq!((enc, src), (encoding_rs::KOI8_R, CharsetSource::Meta));
        assert!(text.contains("Привет"), "{text}");
    }

    #[test]
    fn unknown_hint_falls_through() {
        let bytes = "<meta charset=utf-8><p>ok ü</p>".as_bytes();
        let (text, enc, src) = decode_html(bytes, Some("no-such-charset"), None);
        assert_eq!((enc, src), (UTF_8, CharsetSource::Meta));
        assert!(text.contains('ü'));
    }

    #[test]
    fn undeclared_latin1_is_detected() {
        let html = "<html><body><p>Le garçon était très fâché contre sa sœur à cause du gâteau. \
                    Après le dîner, ils se sont réconciliés près de la fenêtre élégante.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(html);
        let (text, enc, src) = decode_html(&bytes, None, Some("https://www.lemonde.fr/a"));
        assert_eq!(src, CharsetSource::Detected);
        assert_eq!(enc, encoding_rs::WINDOWS_1252);
        assert!(text.contains("garçon était très fâché"), "{text}");
    }

    #[test]
    fn undeclared_utf8_stays_utf8() {
        let (text, enc, src) = decode_html("<p>naïve café</p>".as_bytes(), None, None);
        assert_eq!((enc, src), (UTF_8, CharsetSource::Detected));
        assert_eq!(text, "<p>naïve café</p>");
    }

    #[test]
    fn utf16_declaration_means_utf8() {
        assert_eq!(label_to_encoding("utf-16"), Some(UTF_8));
        assert_eq!(label_to_encoding(" 'latin1' "), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(label_to_encoding("replacement"), None);
    }

    #[test]
    fn odd_urls_do_not_panic() {
        for url in ["http://ÜBER.DE/x", "not a url", "http://a.", "http://[::1]/", ""] {
            let _ = decode_html(b"caf\xe9 \xe0 la cr\xe8me", None, Some(url));
        }
    }
}
