//! The HTTP response inside a WARC `response` record: status line, headers, chunked transfer and
//! content encodings.

use std::borrow::Cow;
use std::io::{self, Read};

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::error::{SourceError, io_message};
use crate::sniff::{Format, SNIFF_BYTES, sniff};

/// At most this many header lines are read from one response.
const MAX_HEADERS: usize = 1000;

/// A parsed HTTP response head and the raw body after it.
pub(crate) struct Response<'a> {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl Response<'_> {
    /// The first header named `name` (ignoring case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// `Some(true)` for an HTML media type, `Some(false)` for another one, `None` when none is declared.
    pub fn declares_html(&self) -> Option<bool> {
        self.header("content-type").and_then(media_is_html)
    }

    /// The `charset` parameter of `Content-Type`, unquoted.
    pub fn charset(&self) -> Option<String> {
        self.header("content-type").and_then(charset_param)
    }
}

/// For a `Content-Type` value: `Some(true)` for an HTML media type, `Some(false)` for another one, `None`
/// when it is blank.
pub(crate) fn media_is_html(content_type: &str) -> Option<bool> {
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "" => None,
        "text/html" | "application/xhtml+xml" => Some(true),
        _ => Some(false),
    }
}

/// The `charset` parameter of a `Content-Type` value, unquoted.
pub(crate) fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The next `\n`-terminated line of `data` from `*pos`, without `\r\n`.
fn next_line<'a>(data: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    if *pos >= data.len() {
        return None;
    }
    let rest = &data[*pos..];
    let (line, advance) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], i + 1),
        None => (rest, rest.len()),
    };
    *pos += advance;
    Some(line.strip_suffix(b"\r").unwrap_or(line))
}

/// A short, printable excerpt of bytes for error messages.
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(40)];
    let text: String = String::from_utf8_lossy(cut).chars().flat_map(char::escape_default).collect();
    if bytes.len() > cut.len() { format!("\"{text}...\"") } else { format!("\"{text}\"") }
}

/// Parses the status line and headers; the body is everything after the blank line (empty when the
/// block ends inside the headers).
pub(crate) fn parse_response(block: &[u8]) -> Result<Response<'_>, SourceError> {
    let mut pos = 0;
    let status_line = next_line(block, &mut pos).ok_or_else(|| SourceError::Http("empty response".into()))?;
    let mut parts = status_line.split(|b| b.is_ascii_whitespace()).filter(|p| !p.is_empty());
    let status = match (parts.next(), parts.next()) {
        (Some(version), Some(code)) if version.starts_with(b"HTTP/") && code.len() == 3 => {
            std::str::from_utf8(code).ok().and_then(|c| c.parse::<u16>().ok())
        }
        _ => None,
    };
    let Some(status) = status else {
        return Err(SourceError::Http(format!("invalid status line {}", snippet(status_line))));
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    while let Some(line) = next_line(block, &mut pos) {
        if line.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS {
            return Err(SourceError::Http(format!("more than {MAX_HEADERS} header lines")));
        }
        let text = String::from_utf8_lossy(line);
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok(Response { status, headers, body: &block[pos.min(block.len())..] })
}

/// An HTML page found in a response.
pub(crate) struct HtmlPayload {
    pub body: Vec<u8>,
    pub charset: Option<String>,
}

/// The HTML payload of an HTTP response block, `Ok(None)` when the response is not HTML (to be skipped),
/// or why it cannot be taken (a non-2xx status, an undecodable body).
pub(crate) fn html_payload(block: &[u8], limit: usize) -> Result<Option<HtmlPayload>, SourceError> {
    let response = parse_response(block)?;
    if !(200..300).contains(&response.status) {
        return Err(SourceError::HttpStatus(response.status));
    }
    let declared = response.declares_html();
    if declared == Some(false) {
        return Ok(None);
    }
    let body = decode_body(&response, limit)?;
    if declared.is_none() && sniff(None, &body[..body.len().min(SNIFF_BYTES)]) != Format::Html {
        return Ok(None);
    }
    if body.trim_ascii().is_empty() {
        return Err(SourceError::Empty);
    }
    Ok(Some(HtmlPayload { body: body.into_owned(), charset: response.charset() }))
}

fn looks_like_html(body: &[u8]) -> bool {
    sniff(None, &body[..body.len().min(SNIFF_BYTES)]) == Format::Html
}

/// Undoes `Transfer-Encoding: chunked` and `Content-Encoding` (gzip, deflate). A body that does not
/// decode as declared but already looks like HTML is taken as it is: crawlers often store decoded
/// payloads under the original headers.
fn decode_body<'a>(response: &Response<'a>, limit: usize) -> Result<Cow<'a, [u8]>, SourceError> {
    let mut body = Cow::Borrowed(response.body);
    let chunked = response
        .header("transfer-encoding")
        .is_some_and(|te| te.split(',').any(|t| t.trim().eq_ignore_ascii_case("chunked")));
    if chunked {
        if let Some(dechunked) = dechunk(&body, limit)? {
            body = Cow::Owned(dechunked);
        }
    }
    let encodings = response.header("content-encoding").unwrap_or("").to_ascii_lowercase();
    for encoding in encodings.split(',').rev().map(str::trim) {
        let decoded = match encoding {
            "" | "identity" | "none" => continue,
            "gzip" | "x-gzip" => inflate(MultiGzDecoder::new(&body[..]), limit),
            "deflate" => inflate(ZlibDecoder::new(&body[..]), limit)
                .or_else(|_| inflate(DeflateDecoder::new(&body[..]), limit)),
            other => {
                if looks_like_html(&body) {
                    continue;
                }
                return Err(SourceError::UnsupportedEncoding(other.to_string()));
            }
        };
        body = match decoded {
            Ok(decoded) => Cow::Owned(decoded),
            Err(e @ SourceError::TooLarge { .. }) => return Err(e),
            Err(_) if looks_like_html(&body) => body,
            Err(SourceError::Read(message)) => {
                return Err(SourceError::BadEncoding { encoding: encoding.to_string(), message });
            }
            Err(e) => return Err(e),
        };
    }
    if body.len() > limit {
        return Err(SourceError::TooLarge { size: body.len() as u64, limit });
    }
    Ok(body)
}

/// Decompresses up to `limit` bytes. A stream cut short (crawlers truncate large payloads) keeps what
/// was decoded before the cut.
fn inflate(mut decoder: impl Read, limit: usize) -> Result<Vec<u8>, SourceError> {
    let mut out = Vec::new();
    let result = (&mut decoder).take(limit as u64 + 1).read_to_end(&mut out);
    match result {
        Ok(_) if out.len() > limit => {
            let rest = io::copy(&mut decoder, &mut io::sink()).unwrap_or(0);
            Err(SourceError::TooLarge { size: out.len() as u64 + rest, limit })
        }
        Ok(_) => Ok(out),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && !out.is_empty() => Ok(out),
        Err(e) => Err(SourceError::Read(io_message(&e))),
    }
}

/// Undoes chunked transfer coding. `Ok(None)` when the body is not chunked after all; a body cut inside
/// a chunk keeps what is there.
fn dechunk(data: &[u8], limit: usize) -> Result<Option<Vec<u8>>, SourceError> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let Some(line) = next_line(data, &mut pos) else { return Ok(Some(out)) };
        let size_text = line.split(|&b| b == b';').next().unwrap_or(b"").trim_ascii();
        let size = std::str::from_utf8(size_text).ok().and_then(|s| usize::from_str_radix(s, 16).ok());
        let Some(size) = size else { return Ok(None) };
        if size == 0 {
            return Ok(Some(out));
        }
        if out.len().saturating_add(size) > limit {
            return Err(SourceError::TooLarge { size: out.len() as u64 + size as u64, limit });
        }
        let end = pos.saturating_add(size).min(data.len());
        out.extend_from_slice(&data[pos..end]);
        pos = end;
        if pos == data.len() {
            return Ok(Some(out));
        }
        match &data[pos..] {
            [b'\r', b'\n', ..] => pos += 2,
            [b'\n', ..] => pos += 1,
            _ => return Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use samestory_testkit::gzip;

    use super::*;

    #[test]
    fn parses_status_headers_and_charset() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; Charset=\"ISO-8859-1\"\r\nX-Long: a\r\n b\r\n\r\n<p>hi";
        let r = parse_response(block).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.declares_html(), Some(true));
        assert_eq!(r.charset().as_deref(), Some("ISO-8859-1"));
        assert_eq!(r.header("x-long"), Some("a b"));
        assert_eq!(r.body, b"<p>hi");
    }

    #[test]
    fn rejects_bad_status_lines() {
        for block in [&b""[..], b"GET / HTTP/1.1\r\n\r\n", b"HTTP/1.1 2000 OK\r\n\r\n", b"\xff\xfe"] {
            assert!(matches!(parse_response(block), Err(SourceError::Http(_))), "{}", snippet(block));
        }
    }

    #[test]
    fn non_2xx_is_reported_non_html_skipped() {
        let not_found = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone";
        assert_eq!(html_payload(not_found, 1000).err(), Some(SourceError::HttpStatus(404)));
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert!(html_payload(image, 1000).unwrap().is_none());
        let untyped = b"HTTP/1.0 200 OK\r\n\r\n<!doctype html><p>x";
        assert!(html_payload(untyped, 1000).unwrap().is_some());
        let untyped_text = b"HTTP/1.0 200 OK\r\n\r\njust text";
        assert!(html_payload(untyped_text, 1000).unwrap().is_none());
    }

    #[test]
    fn chunked_and_gzip_are_decoded() {
        let html = b"<html><body><p>Hello chunked world</p></body></html>";
        let z = gzip(html);
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        for part in z.chunks(7) {
            block.extend_from_slice(format!("{:x};ext=1\r\n", part.len()).as_bytes());
            block.extend_from_slice(part);
            block.extend_from_slice(b"\r\n");
        }
        block.extend_from_slice(b"0\r\n\r\n");
        assert_eq!(html_payload(&block, 1000).unwrap().unwrap().body, html);
    }

    #[test]
    fn already_decoded_bodies_are_kept() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n<html>plain</html>";
        assert_eq!(html_payload(block, 1000).unwrap().unwrap().body, b"<html>plain</html>");
        let block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n\x1b\x00garbage";
        assert_eq!(html_payload(block, 1000).err(), Some(SourceError::UnsupportedEncoding("br".into())));
        let block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8bgarbage";
        assert!(matches!(html_payload(block, 1000), Err(SourceError::BadEncoding { .. })));
    }

    #[test]
    fn decoded_size_is_limited() {
        let z = gzip(&vec![b'a'; 10_000]);
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend_from_slice(&z);
        assert_eq!(html_payload(&block, 100).err(), Some(SourceError::TooLarge { size: 10_000, limit: 100 }));
    }

    #[test]
    fn truncated_gzip_payload_keeps_its_prefix() {
        let html = b"<html><body>".iter().chain(&[b'x'; 50_000]).copied().collect::<Vec<u8>>();
        let z = gzip(&html);
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend_from_slice(&z[..z.len() - 20]);
        let body = html_payload(&block, 1 << 20).unwrap().unwrap().body;
        assert!(body.starts_with(b"<html><body>xxx") && body.len() < html.len() + 1);
    }

    #[test]
    fn empty_html_is_rejected() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n  \r\n";
        assert_eq!(html_payload(block, 1000).err(), Some(SourceError::Empty));
    }
}
