//! Byte plumbing shared by the readers: gzip detection, peeking at the head, bounded lines.

use std::io::{self, BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

use crate::error::{SourceError, gzip_error};
use crate::sniff::{Format, SNIFF_BYTES, sniff};

/// A buffered byte stream the format readers consume.
pub(crate) type Stream = Box<dyn BufRead + Send>;

const BUFFER_BYTES: usize = 64 * 1024;

/// An input after gzip detection and sniffing, ready for its format's reader.
pub(crate) struct Prepared {
    pub format: Format,
    pub stream: Stream,
    pub gzip: bool,
}

/// Detects gzip by its magic bytes (1f 8b) and decompresses every member; then reads the head, sniffs the
/// format and hands back a stream that still starts at the first byte. A read error met while peeking is
/// kept and returned by the stream at the place it happened.
pub(crate) fn prepare(name: Option<&str>, raw: Box<dyn Read + Send>) -> Prepared {
    let raw = Prefixed::peek(raw, 2);
    let gzip = raw.head.starts_with(&[0x1f, 0x8b]);
    let decoded: Box<dyn Read + Send> = if gzip {
        Box::new(Gunzip(MultiGzDecoder::new(BufReader::with_capacity(BUFFER_BYTES, raw))))
    } else {
        Box::new(raw)
    };
    let peeked = Prefixed::peek(decoded, SNIFF_BYTES);
    let format = sniff(name, &peeked.head);
    Prepared { format, stream: Box::new(BufReader::with_capacity(BUFFER_BYTES, peeked)), gzip }
}

/// A multi-member gzip decoder whose errors say "truncated gzip" or "corrupt gzip".
struct Gunzip<R: Read>(MultiGzDecoder<R>);

impl<R: Read> Read for Gunzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(gzip_error)
    }
}

/// A reader whose first bytes were read ahead: they are served again, then a pending error if peeking
/// failed, then the rest.
struct Prefixed<R> {
    head: Vec<u8>,
    pos: usize,
    error: Option<io::Error>,
    inner: R,
}

impl<R: Read> Prefixed<R> {
    fn peek(mut inner: R, want: usize) -> Prefixed<R> {
        let mut head = vec![0; want];
        let mut filled = 0;
        let mut error = None;
        while filled < want {
            match inner.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        head.truncate(filled);
        Prefixed { head, pos: 0, error, inner }
    }
}

impl<R: Read> Read for Prefixed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.pos);
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.inner.read(buf)
    }
}

/// Reads one line into `out` (without its `\n`), keeping at most `max` bytes of it. Returns the line's
/// full length (more than `max` when it was cut), or `None` at the end of the input.
pub(crate) fn read_line(r: &mut impl BufRead, max: usize, out: &mut Vec<u8>) -> io::Result<Option<usize>> {
    out.clear();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any.then_some(total));
        }
        any = true;
        let (len, newline) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (buf.len(), false),
        };
        let keep = len.min(max.saturating_sub(out.len()));
        out.extend_from_slice(&buf[..keep]);
        total = total.saturating_add(len);
        r.consume(len + usize::from(newline));
        if newline {
            return Ok(Some(total));
        }
    }
}

/// The next byte without consuming it, or `None` at the end.
pub(crate) fn peek_byte(r: &mut impl BufRead) -> io::Result<Option<u8>> {
    loop {
        match r.fill_buf() {
            Ok(buf) => return Ok(buf.first().copied()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Reads the whole stream if it holds at most `limit` bytes; otherwise counts the rest (without keeping
/// it) and says how large it was.
pub(crate) fn read_limited(r: &mut impl Read, limit: usize) -> Result<Vec<u8>, SourceError> {
    let mut data = Vec::new();
    r.take(limit as u64 + 1).read_to_end(&mut data).map_err(|e| SourceError::from_io(&e))?;
    if data.len() > limit {
        let rest = io::copy(r, &mut io::sink()).unwrap_or(0);
        return Err(SourceError::TooLarge { size: data.len() as u64 + rest, limit });
    }
    Ok(data)
}

/// A `BufRead` that can be handed bytes back, to look again at what was read too far.
pub(crate) struct Pushback<R> {
    front: Vec<u8>,
    pos: usize,
    inner: R,
}

impl<R: BufRead> Pushback<R> {
    pub(crate) fn new(inner: R) -> Pushback<R> {
        Pushback { front: Vec::new(), pos: 0, inner }
    }

    /// Puts `bytes` back in front of whatever is still unread.
    pub(crate) fn push_back(&mut self, mut bytes: Vec<u8>) {
        bytes.extend_from_slice(&self.front[self.pos..]);
        self.front = bytes;
        self.pos = 0;
    }
}

impl<R: BufRead> Read for Pushback<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = buf.len().min(available.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Pushback<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.front.len() {
            return Ok(&self.front[self.pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if self.pos < self.front.len() {
            self.pos = (self.pos + amount).min(self.front.len());
            if self.pos == self.front.len() {
                self.front = Vec::new();
                self.pos = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use samestory_testkit::gzip;

    use super::*;

    #[test]
    fn lines_are_bounded_and_counted() {
        let mut r = Cursor::new(b"short\nthis one is long\r\n\nlast".to_vec());
        let mut out = Vec::new();
        assert_eq!(read_line(&mut r, 8, &mut out).unwrap(), Some(5));
        assert_eq!(out, b"short");
        assert_eq!(read_line(&mut r, 8, &mut out).unwrap(), Some(17));
        assert_eq!(out, b"this one");
        assert_eq!(read_line(&mut r, 8, &mut out).unwrap(), Some(0));
        assert_eq!(read_line(&mut r, 8, &mut out).unwrap(), Some(4));
        assert_eq!(out, b"last");
        assert_eq!(read_line(&mut r, 8, &mut out).unwrap(), None);
    }

    #[test]
    fn prepare_sees_through_gzip_and_keeps_all_bytes() {
        let body = b"<html><body>hello</body></html>".repeat(1000);
        let p = prepare(Some("x.bin"), Box::new(Cursor::new(gzip(&body))));
        assert!(p.gzip);
        assert_eq!(p.format, Format::Html);
        let mut all = Vec::new();
        p.stream.take(u64::MAX).read_to_end(&mut all).unwrap();
        assert_eq!(all, body);
    }

    #[test]
    fn truncated_gzip_yields_prefix_then_error() {
        let body = b"line\n".repeat(50_000);
        let mut z = gzip(&body);
        z.truncate(z.len() / 2);
        let mut p = prepare(None, Box::new(Cursor::new(z)));
        let mut out = Vec::new();
        let mut lines = 0;
        let err = loop {
            match read_line(&mut p.stream, 100, &mut out) {
                Ok(Some(_)) => lines += 1,
                Ok(None) => panic!("truncation not noticed"),
                Err(e) => break e,
            }
        };
        assert!(lines > 1000, "only {lines} lines before the error");
        assert_eq!(SourceError::from_io(&err), SourceError::TruncatedGzip);
    }

    #[test]
    fn limited_reads_report_size() {
        let mut r = Cursor::new(vec![b'a'; 100]);
        assert_eq!(read_limited(&mut r, 10), Err(SourceError::TooLarge { size: 100, limit: 10 }));
        let mut r = Cursor::new(vec![b'a'; 10]);
        assert_eq!(read_limited(&mut r, 10).unwrap().len(), 10);
    }

    #[test]
    fn pushback_replays_bytes_first() {
        let mut r = Pushback::new(Cursor::new(b"world".to_vec()));
        let mut first = [0u8; 2];
        r.read_exact(&mut first).unwrap();
        r.push_back(b"hello ".to_vec());
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "hello rld");
    }
}
