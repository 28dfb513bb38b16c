//! One input (a file or a stream) to the reader of its format.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use samestory_model::{Body, Hints, Origin, RawDocument, Rejection};

use crate::Limits;
use crate::error::{SourceError, io_message};
use crate::io::{Stream, prepare, read_limited};
use crate::json::JsonReader;
use crate::sniff::Format;
use crate::warc::WarcReader;

type Item = Result<RawDocument, Rejection>;

/// The documents of one input.
pub(crate) enum Reader {
    /// A text or HTML document (or the rejection of the input), not yet taken.
    One(Option<Item>),
    Json(JsonReader<Stream>),
    Warc(WarcReader<Stream>),
}

impl Reader {
    /// Opens a file and picks its reader; an unreadable file becomes one rejection.
    pub(crate) fn open_file(path: &Path, limits: Limits) -> Reader {
        let label = path.display().to_string();
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) => return Reader::rejection(Origin::file(label), SourceError::Open(io_message(&e))),
        };
        let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Reader::from_stream(label, name.as_deref(), Box::new(file), size, limits)
    }

    /// Picks the reader for a stream by sniffing it. `size` is the raw size when known (a regular file).
    pub(crate) fn from_stream(
        label: String,
        name: Option<&str>,
        raw: Box<dyn Read + Send>,
        size: Option<u64>,
        limits: Limits,
    ) -> Reader {
        let prepared = prepare(name, raw);
        let size = if prepared.gzip { None } else { size };
        match prepared.format {
            Format::Jsonl => Reader::Json(JsonReader::new(label, prepared.stream, limits)),
            Format::Warc => Reader::Warc(WarcReader::new(label, prepared.stream, limits)),
            format => Reader::One(Some(read_whole(label, format, prepared.stream, size, limits))),
        }
    }

    pub(crate) fn rejection(origin: Origin, error: SourceError) -> Reader {
        Reader::One(Some(Err(Rejection::new(origin, error.to_string()))))
    }

    /// WARC records passed over so far (not responses, not HTML).
    pub(crate) fn skipped(&self) -> u64 {
        match self {
            Reader::Warc(w) => w.skipped,
            _ => 0,
        }
    }
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self {
            Reader::One(item) => item.take(),
            Reader::Json(r) => r.next(),
            Reader::Warc(r) => r.next(),
        }
    }
}

/// Reads a whole text or HTML document.
fn read_whole(label: String, format: Format, mut stream: Stream, size: Option<u64>, limits: Limits) -> Item {
    let origin = Origin::file(label);
    let limit = limits.max_document_bytes;
    if let Some(size) = size.filter(|&s| s > limit as u64) {
        return Err(Rejection::new(origin, SourceError::TooLarge { size, limit }.to_string()));
    }
    let body = read_limited(&mut stream, limit).and_then(|bytes| match format {
        Format::Html if bytes.trim_ascii().is_empty() => Err(SourceError::Empty),
        Format::Html => Ok(Body::Html(bytes)),
        _ => decode_text(bytes).map(Body::Text),
    });
    match body {
        Ok(body) => Ok(RawDocument { origin, hints: Hints::default(), body }),
        Err(e) => Err(Rejection::new(origin, e.to_string())),
    }
}

/// Plain text as UTF-8 (a byte order mark is dropped; UTF-16 with a byte order mark is decoded).
pub(crate) fn decode_text(bytes: Vec<u8>) -> Result<String, SourceError> {
    let text = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => match std::str::from_utf8(rest) {
            Ok(text) => text.to_string(),
            Err(e) => return Err(SourceError::InvalidUtf8(e.valid_up_to() + 3)),
        },
        [0xFF, 0xFE, rest @ ..] => decode_utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => decode_utf16(rest, u16::from_be_bytes)?,
        _ => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => return Err(SourceError::InvalidUtf8(e.utf8_error().valid_up_to())),
        },
    };
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    Ok(text)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, SourceError> {
    if bytes.len() % 2 == 1 {
        return Err(SourceError::InvalidUtf16(bytes.len() + 1));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len());
    let mut position = 0;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                position += c.len_utf16();
            }
            Err(_) => return Err(SourceError::InvalidUtf16(2 + 2 * position)),
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_decoding() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "hi");
        assert_eq!(decode_text(b"ok \xC3\x28".to_vec()), Err(SourceError::InvalidUtf8(3)));
        assert_eq!(decode_text(b"\xEF\xBB\xBFok \xC3\x28".to_vec()), Err(SourceError::InvalidUtf8(6)));
        assert_eq!(decode_text(b" \n\t ".to_vec()), Err(SourceError::Empty));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Año".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_text(utf16).unwrap(), "Año");
        assert_eq!(decode_text(vec![0xFE, 0xFF, 0xD8, 0x00]), Err(SourceError::InvalidUtf16(2)));
        assert_eq!(decode_text(vec![0xFE, 0xFF, 0x00, 0x41, 0x00]), Err(SourceError::InvalidUtf16(4)));
    }
}
