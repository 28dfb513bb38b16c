//! Format detection by content, with the file name as a tie-breaker.

/// The container format of an input, as told by [`sniff`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain UTF-8 text: the whole input is one document.
    Text,
    /// One HTML page.
    Html,
    /// JSON Lines of article objects, or a JSON array of them.
    Jsonl,
    /// A WARC file (web archive) of HTTP responses.
    Warc,
}

/// How many bytes of (decompressed) input [`sniff`] is given by the readers.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// Tags that start an HTML document or fragment; a document whose first tag is one of these is HTML
/// whatever its name.
const HTML_TAGS: &[&str] = &[
    "html", "head", "body", "meta", "title", "link", "script", "style", "base", "noscript", "div", "p",
    "span", "a", "article", "section", "header", "footer", "nav", "main", "aside", "table", "form", "center",
    "font", "br", "hr", "img", "iframe", "ul", "ol", "li", "b", "i", "em", "strong", "h1", "h2", "h3", "h4",
    "h5", "h6",
];

/// Detects a format by content, with the file name only as a tie-breaker.
///
/// `head` is the first few KB of the input after gzip decompression ([`SNIFF_BYTES`] is what the readers
/// pass). Strong content signals win over any name: a first line `WARC/1.x` is [`Format::Warc`], a first
/// value `{"` or `[{` is [`Format::Jsonl`], a leading `<!DOCTYPE html>` or HTML tag is [`Format::Html`].
/// Otherwise the name decides (`.html`, `.htm`, `.jsonl`, `.ndjson`, `.json`, `.warc`, `.txt`, with an
/// optional `.gz`), and without a telling name a leading `<tag` means HTML and anything else is text.
///
/// ```
/// use samestory_source::{sniff, Format};
/// assert_eq!(sniff(Some("page.txt"), b"<!DOCTYPE html><html>"), Format::Html);
/// assert_eq!(sniff(Some("a.txt"), b"{\"text\": \"Rain.\"}\n"), Format::Jsonl);
/// assert_eq!(sniff(None, b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"), Format::Warc);
/// assert_eq!(sniff(Some("notes.html"), b"plain words"), Format::Html);
/// assert_eq!(sniff(None, b"plain words"), Format::Text);
/// ```
pub fn sniff(name: Option<&str>, head: &[u8]) -> Format {
    if let Some(narrow) = utf16_ascii_view(head) {
        // UTF-16 with a byte order mark: HTML stays HTML (extraction decodes it), anything else is text.
        return match sniff(name, &narrow) {
            Format::Html => Format::Html,
            _ => Format::Text,
        };
    }
    let by_name = name.and_then(format_from_name);
    let content = skip_ws(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head));

    if is_warc_version(content) {
        return Format::Warc;
    }
    match content.first() {
        Some(b'{') if matches!(skip_ws(&content[1..]).first(), None | Some(b'"' | b'}')) => {
            return Format::Jsonl;
        }
        Some(b'[') if matches!(skip_ws(&content[1..]).first(), Some(b'{' | b']')) => return Format::Jsonl,
        Some(b'<') => {
            if starts_with_html_tag(content) || contains_html_marker(content) {
                return Format::Html;
            }
        }
        _ => {
            let early = &content[..content.len().min(512)];
            if by_name != Some(Format::Text) && contains_html_marker(early) {
                return Format::Html;
            }
        }
    }
    if let Some(format) = by_name {
        return format;
    }
    match content {
        [b'<', next, ..] if next.is_ascii_alphabetic() || matches!(next, b'!' | b'?') => Format::Html,
        _ => Format::Text,
    }
}

/// True for a line starting `WARC/` and a digit (`WARC/1.0`, `WARC/1.1`, `WARC/0.18`).
pub(crate) fn is_warc_version(line: &[u8]) -> bool {
    line.starts_with(b"WARC/") && line.get(5).is_some_and(u8::is_ascii_digit)
}

/// The format a file name suggests, ignoring a `.gz` suffix.
fn format_from_name(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").or_else(|| lower.strip_suffix(".gzip")).unwrap_or(&lower);
    let ext = base.rsplit_once('.').map(|(_, ext)| ext)?;
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "jsonl" | "ndjson" | "json" | "jsonlines" => Some(Format::Jsonl),
        "warc" => Some(Format::Warc),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

fn skip_ws(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// `<!doctype html`, `<!--`, `<?xml` followed by HTML, or a known HTML tag name right after the `<`.
fn starts_with_html_tag(content: &[u8]) -> bool {
    let rest = &content[1..];
    if starts_with_ignore_case(rest, b"!doctype html") {
        return true;
    }
    let end = rest.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
    if end == 0 || !matches!(rest.get(end), None | Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')) {
        return false;
    }
    let tag = &rest[..end];
    HTML_TAGS.iter().any(|t| t.as_bytes().eq_ignore_ascii_case(tag))
}

/// `<!doctype html` or `<html` (followed by `>` or whitespace) anywhere in `bytes`, ignoring case.
fn contains_html_marker(bytes: &[u8]) -> bool {
    bytes.windows(5).enumerate().any(|(i, w)| {
        if w[0] != b'<' {
            return false;
        }
        let rest = &bytes[i + 1..];
        if starts_with_ignore_case(rest, b"!doctype html") {
            return true;
        }
        starts_with_ignore_case(rest, b"html")
            && matches!(rest.get(4), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n'))
    })
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// For input starting with a UTF-16 byte order mark, an ASCII view of it (non-ASCII code units become
/// `0xFF`), enough to look for markup.
fn utf16_ascii_view(head: &[u8]) -> Option<Vec<u8>> {
    let little_endian = match head {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let view = head[2..]
        .chunks_exact(2)
        .map(|unit| {
            let (low, high) = if little_endian { (unit[0], unit[1]) } else { (unit[1], unit[0]) };
            if high == 0 && low.is_ascii() { low } else { 0xFF }
        })
        .collect();
    Some(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_name() {
        assert_eq!(sniff(Some("a.txt"), b"\n  <!DOCTYPE html>\n<html>"), Format::Html);
        assert_eq!(sniff(Some("a.txt"), b"<html lang=en>"), Format::Html);
        assert_eq!(sniff(Some("a.html"), b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(sniff(Some("a.warc"), b"{\"id\":1,\"text\":\"x\"}"), Format::Jsonl);
        assert_eq!(sniff(Some("a.jsonl"), b"<div>hi</div>"), Format::Html);
        assert_eq!(sniff(Some("x.txt"), b"[ {\"text\": \"a\"} ]"), Format::Jsonl);
        assert_eq!(sniff(Some("x.txt"), b"\xEF\xBB\xBF{\"text\": \"a\"}"), Format::Jsonl);
        assert_eq!(sniff(None, b"{\n  \"text\": \"pretty\"\n}"), Format::Jsonl);
    }

    #[test]
    fn name_breaks_ties() {
        assert_eq!(sniff(Some("a.html.gz"), b"just words"), Format::Html);
        assert_eq!(sniff(Some("A.HTM"), b""), Format::Html);
        assert_eq!(sniff(Some("feed.jsonl"), b""), Format::Jsonl);
        assert_eq!(sniff(Some("crawl.warc.gz"), b"garbage"), Format::Warc);
        assert_eq!(sniff(Some("notes.txt"), b"<unknown-tag> words"), Format::Text);
        assert_eq!(sniff(Some("README"), b"words"), Format::Text);
        assert_eq!(sniff(None, b"<unknown-tag> words"), Format::Html);
    }

    #[test]
    fn prose_is_text() {
        assert_eq!(sniff(None, b"Rain fell in Madrid on Sunday."), Format::Text);
        assert_eq!(sniff(None, b"{curly} but not json"), Format::Text);
        assert_eq!(sniff(None, b"[1] a footnote"), Format::Text);
        assert_eq!(sniff(None, b"WARC/ is not a version"), Format::Text);
        assert_eq!(sniff(None, b"a < b and <p is not a tag"), Format::Text);
        assert_eq!(sniff(None, b""), Format::Text);
        // prose that mentions a tag late is still text
        let mut late = vec![b'x'; 600];
        late.extend_from_slice(b"<html>");
        assert_eq!(sniff(None, &late), Format::Text);
        assert_eq!(sniff(Some("a.txt"), b"junk <html> later"), Format::Text);
        assert_eq!(sniff(None, b"junk <html> early"), Format::Html);
    }

    #[test]
    fn utf16_with_bom() {
        let html: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<html><body>é".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(sniff(None, &html), Format::Html);
        let text: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("{\"text\"".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(sniff(None, &text), Format::Text);
    }

    #[test]
    fn tag_names_are_whole() {
        assert!(starts_with_html_tag(b"<p class=x>"));
        assert!(starts_with_html_tag(b"<P>"));
        assert!(!starts_with_html_tag(b"<pre-release>"));
        assert!(!starts_with_html_tag(b"<bodyguard>"));
        assert!(starts_with_html_tag(b"<!doctype HTML PUBLIC"));
    }
}
