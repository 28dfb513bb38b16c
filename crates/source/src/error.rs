//! Why an input was not taken.

use std::io;

/// Why an input (a file, a line, a record) was not taken. Its `Display` is the [`Rejection`] reason.
///
/// [`Rejection`]: samestory_model::Rejection
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The file or directory could not be opened.
    #[error("cannot open: {0}")]
    Open(String),
    /// Reading failed part-way (an I/O error other than a gzip problem).
    #[error("cannot read: {0}")]
    Read(String),
    /// A gzip stream ended before its end marker.
    #[error("truncated gzip: unexpected end of file")]
    TruncatedGzip,
    /// A gzip stream holds data that is not valid gzip.
    #[error("corrupt gzip: {0}")]
    CorruptGzip(String),
    /// Text that is not UTF-8; the offset is that of the first bad byte.
    #[error("invalid UTF-8 at byte {0}")]
    InvalidUtf8(usize),
    /// Text with a UTF-16 byte order mark that is not valid UTF-16.
    #[error("invalid UTF-16 at byte {0}")]
    InvalidUtf16(usize),
    /// Nothing but whitespace.
    #[error("empty document")]
    Empty,
    /// A document over [`Limits::max_document_bytes`](crate::Limits::max_document_bytes).
    #[error("document too large ({size} bytes, limit {limit})")]
    TooLarge {
        /// The document's size in bytes (at least this much when the input ended in an error).
        size: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// A line (or JSON array element) over [`Limits::max_line_bytes`](crate::Limits::max_line_bytes).
    #[error("line too long ({size} bytes, limit {limit})")]
    LineTooLong {
        /// The line's length in bytes.
        size: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// A JSON line or element that does not parse as an article object.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A JSON article with neither `text` nor `html`.
    #[error("missing text or html")]
    MissingBody,
    /// A JSON array file that is not well formed around its elements.
    #[error("malformed JSON array: {0}")]
    JsonArray(String),
    /// A WARC record whose header is not well formed.
    #[error("malformed WARC record: {0}")]
    Warc(String),
    /// A WARC record whose content is shorter than its `Content-Length`.
    #[error("truncated WARC record: expected {expected} content bytes, got {got}")]
    TruncatedRecord {
        /// The record's `Content-Length`.
        expected: u64,
        /// The bytes that were there.
        got: u64,
    },
    /// An HTTP response in a WARC record with a status other than 2xx.
    #[error("http status {0}")]
    HttpStatus(u16),
    /// An HTTP response in a WARC record that cannot be parsed.
    #[error("malformed HTTP response: {0}")]
    Http(String),
    /// An HTTP `Content-Encoding` this crate cannot decode.
    #[error("unsupported content encoding {0}")]
    UnsupportedEncoding(String),
    /// An HTTP payload whose `Content-Encoding` does not decode.
    #[error("invalid {encoding} content encoding: {message}")]
    BadEncoding {
        /// The encoding (`gzip`, `deflate`).
        encoding: String,
        /// What the decoder said.
        message: String,
    },
}

impl SourceError {
    /// Classifies an I/O error met while reading: gzip problems (see [`gzip_error`]) keep their meaning,
    /// anything else is a read error.
    pub(crate) fn from_io(e: &io::Error) -> SourceError {
        if let Some(inner) = e.get_ref().and_then(|r| r.downcast_ref::<SourceError>()) {
            return inner.clone();
        }
        SourceError::Read(io_message(e))
    }
}

/// Maps an error from a gzip decoder to an `io::Error` carrying a [`SourceError`], so readers further up
/// can tell a truncated or corrupt gzip stream from a failing disk.
pub(crate) fn gzip_error(e: io::Error) -> io::Error {
    if e.get_ref().is_some_and(|r| r.is::<SourceError>()) {
        return e;
    }
    match e.kind() {
        io::ErrorKind::UnexpectedEof => io::Error::new(e.kind(), SourceError::TruncatedGzip),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
            io::Error::new(io::ErrorKind::InvalidData, SourceError::CorruptGzip(io_message(&e)))
        }
        _ => e,
    }
}

/// An I/O error's message with a lowercase first letter ("no such file or directory (os error 2)").
pub(crate) fn io_message(e: &io::Error) -> String {
    lowercase_first(&e.to_string())
}

pub(crate) fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() && !chars.clone().next().is_some_and(char::is_uppercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_lowercased_but_acronyms_kept() {
        let e = io::Error::new(io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        assert_eq!(
            SourceError::from_io(&e).to_string(),
            "cannot read: no such file or directory (os error 2)"
        );
        assert_eq!(lowercase_first("IO failed"), "IO failed");
    }

    #[test]
    fn gzip_errors_are_classified() {
        let t = gzip_error(io::Error::from(io::ErrorKind::UnexpectedEof));
        assert_eq!(SourceError::from_io(&t), SourceError::TruncatedGzip);
        let c = gzip_error(io::Error::new(io::ErrorKind::InvalidInput, "invalid gzip header"));
        assert_eq!(SourceError::from_io(&c).to_string(), "corrupt gzip: invalid gzip header");
        // already classified errors pass through unchanged
        assert_eq!(SourceError::from_io(&gzip_error(t)), SourceError::TruncatedGzip);
    }
}
