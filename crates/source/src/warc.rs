//! A streaming WARC record reader: version line, headers, blank line, `Content-Length` bytes, two CRLFs.
//!
//! Written here rather than taken from the `warc` crate so that a truncated or damaged file still gives up
//! every complete record, names the broken one, and resynchronizes at the next `WARC/1.` line.

use std::io::{self, BufRead, Read};

use samestory_model::{Body, Hints, Origin, RawDocument, Rejection};

use crate::Limits;
use crate::error::SourceError;
use crate::http::{HtmlPayload, charset_param, html_payload, media_is_html, parse_response, snippet};
use crate::io::{Pushback, peek_byte, read_line};
use crate::sniff::is_warc_version;

type Item = Result<RawDocument, Rejection>;

/// At most this many bytes of WARC headers per record.
const MAX_HEADER_BYTES: usize = 1 << 20;
/// Records passed over are still kept in memory up to this size, to recover from a wrong length.
const SMALL_RECORD: u64 = 1 << 20;
/// How much of an oversized response is read to tell whether it was HTML.
const OVERSIZED_PEEK: u64 = 64 * 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Records,
    /// Skipping to the next line that starts a record.
    Resync,
    Done,
}

/// The records that can hold a page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A `response` record holding an HTTP response.
    Http,
    /// A `resource` record holding an HTML document as it is.
    Resource,
    /// Anything else: passed over.
    Other,
}

/// What one record turned into.
enum Step {
    Yield(Box<Item>),
    Skip,
    End,
}

/// Streams the HTML responses of a WARC file (plain or gzip, one or many members) as raw documents.
pub(crate) struct WarcReader<R> {
    source: String,
    inner: Pushback<R>,
    limits: Limits,
    /// The number of the last record started (1-based).
    record: u64,
    state: State,
    /// A version line already read (found while resynchronizing or in place of a header).
    pending_line: Option<Vec<u8>>,
    /// A read error met after a complete record, reported on the next call.
    pending_error: Option<io::Error>,
    /// Records passed over silently: not responses, not HTML.
    pub(crate) skipped: u64,
    line: Vec<u8>,
}

impl<R: BufRead> WarcReader<R> {
    pub(crate) fn new(source: String, inner: R, limits: Limits) -> WarcReader<R> {
        WarcReader {
            source,
            inner: Pushback::new(inner),
            limits,
            record: 0,
            state: State::Records,
            pending_line: None,
            pending_error: None,
            skipped: 0,
            line: Vec::new(),
        }
    }

    fn rejection(&self, record: u64, error: SourceError) -> Item {
        Err(Rejection::new(Origin::record(self.source.clone(), record), error.to_string()))
    }

    fn reject(&self, record: u64, error: SourceError) -> Step {
        Step::Yield(Box::new(self.rejection(record, error)))
    }

    /// Stops reading after a read error inside record `record`.
    fn fail(&mut self, record: u64, e: &io::Error) -> Item {
        self.state = State::Done;
        self.rejection(record, SourceError::from_io(e))
    }

    /// Stops reading at a record whose content ends before its `Content-Length`.
    fn truncated(&mut self, record: u64, expected: u64, got: u64) -> Step {
        self.state = State::Done;
        self.reject(record, SourceError::TruncatedRecord { expected, got })
    }

    /// Reads lines until one that starts a record. `Ok(false)` at the end of the input.
    fn resync(&mut self) -> io::Result<bool> {
        loop {
            match read_line(&mut self.inner, self.limits.max_line_bytes, &mut self.line)? {
                None => return Ok(false),
                Some(_) if is_warc_version(&self.line) && self.line.starts_with(b"WARC/1.") => {
                    self.pending_line = Some(std::mem::take(&mut self.line));
                    return Ok(true);
                }
                Some(_) => {}
            }
        }
    }

    /// Reads the version line that opens the next record, skipping blank lines. `Ok(None)` at the end.
    fn version_line(&mut self) -> io::Result<Option<(Vec<u8>, usize)>> {
        if let Some(line) = self.pending_line.take() {
            let len = line.len();
            return Ok(Some((line, len)));
        }
        loop {
            match read_line(&mut self.inner, self.limits.max_line_bytes, &mut self.line)? {
                None => return Ok(None),
                Some(_) if self.line.trim_ascii().is_empty() => {}
                Some(len) => return Ok(Some((std::mem::take(&mut self.line), len))),
            }
        }
    }

    /// Reads the named fields after the version line, up to the blank line.
    fn headers(&mut self, n: u64) -> Result<Vec<(String, String)>, Step> {
        let max = self.limits.max_line_bytes.min(MAX_HEADER_BYTES);
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut total = 0usize;
        loop {
            let len = match read_line(&mut self.inner, max, &mut self.line) {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.state = State::Done;
                    return Err(self.reject(n, SourceError::Warc("input ends inside the headers".into())));
                }
                Err(e) => return Err(Step::Yield(Box::new(self.fail(n, &e)))),
            };
            let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
            if line.is_empty() {
                return Ok(headers);
            }
            total += len;
            if len > max || total > MAX_HEADER_BYTES {
                self.state = State::Resync;
                return Err(self.reject(n, SourceError::Warc("headers too long".into())));
            }
            if is_warc_version(line) {
                // a record that ended early: the next one starts here
                self.pending_line = Some(line.to_vec());
                return Err(self.reject(n, SourceError::Warc("headers end without a blank line".into())));
            }
            let text = String::from_utf8_lossy(line);
            if text.starts_with([' ', '\t']) && !headers.is_empty() {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
            } else if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            } else {
                let reason = format!("malformed header line {}", snippet(line));
                self.state = State::Resync;
                return Err(self.reject(n, SourceError::Warc(reason)));
            }
        }
    }

    /// After a record's content: consumes up to two line ends and checks that what follows is the end of
    /// the input or `WARC/`. When it is not, the line ends are handed back and `false` returned: whatever
    /// follows is then reported by the next record's header check. A read error here belongs to what comes
    /// next and is kept for the next call.
    fn content_ends_cleanly(&mut self) -> bool {
        let mut consumed = Vec::new();
        let mut next = Vec::new();
        let mut check = || -> io::Result<bool> {
            while consumed.len() < 4 {
                match peek_byte(&mut self.inner)? {
                    Some(b @ (b'\r' | b'\n')) => {
                        self.inner.consume(1);
                        consumed.push(b);
                    }
                    _ => break,
                }
            }
            while next.len() < 5 {
                match peek_byte(&mut self.inner)? {
                    Some(b) => {
                        self.inner.consume(1);
                        next.push(b);
                    }
                    None => break,
                }
            }
            // the end of the input, a version line, or a version line cut short
            Ok(b"WARC/".starts_with(&next))
        };
        let result = check();
        let clean = match result {
            Ok(clean) => clean,
            Err(e) => {
                self.pending_error = Some(e);
                true
            }
        };
        if clean {
            self.inner.push_back(next);
        } else {
            consumed.extend_from_slice(&next);
            self.inner.push_back(consumed);
        }
        clean
    }

    /// Reads `len` bytes of content.
    fn read_block(&mut self, n: u64, len: u64) -> Result<Vec<u8>, Step> {
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        match (&mut self.inner).take(len).read_to_end(&mut block) {
            Ok(got) if got as u64 == len => Ok(block),
            Ok(got) => Err(self.truncated(n, len, got as u64)),
            Err(e) => Err(Step::Yield(Box::new(self.fail(n, &e)))),
        }
    }

    /// After content that does not end cleanly: a record starting inside it means the length was too
    /// large, so reading goes on from there and the record is rejected.
    fn length_too_large(&mut self, n: u64, mut block: Vec<u8>) -> Result<Vec<u8>, Step> {
        let Some(at) = block.windows(8).position(|w| w == b"\nWARC/1.") else { return Ok(block) };
        block.drain(..at + 1);
        self.inner.push_back(block);
        let reason = "content does not end where Content-Length says".into();
        Err(self.reject(n, SourceError::Warc(reason)))
    }

    /// Reads past up to `len` bytes of content; the count read (less than `len` when the input ends).
    fn skip_bytes(&mut self, len: u64) -> io::Result<u64> {
        io::copy(&mut (&mut self.inner).take(len), &mut io::sink())
    }

    fn read_record(&mut self) -> Step {
        let next = self.record + 1;
        let (version, len) = match self.version_line() {
            Ok(Some(line)) => line,
            Ok(None) => return Step::End,
            Err(e) => return Step::Yield(Box::new(self.fail(next, &e))),
        };
        self.record = next;
        let n = next;
        if !is_warc_version(&version) || len > self.limits.max_line_bytes {
            self.state = State::Resync;
            let found = snippet(version.strip_suffix(b"\r").unwrap_or(&version));
            let reason = format!("expected a WARC version line, found {found}");
            return self.reject(n, SourceError::Warc(reason));
        }
        let headers = match self.headers(n) {
            Ok(headers) => headers,
            Err(step) => return step,
        };
        let header =
            |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
        let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            self.state = State::Resync;
            return self.reject(n, SourceError::Warc("missing or invalid Content-Length".into()));
        };
        let warc_type = header("warc-type").unwrap_or("").to_ascii_lowercase();
        let content_type = header("content-type");
        let kind = match warc_type.as_str() {
            "response"
                if content_type.is_none_or(|t| t.to_ascii_lowercase().starts_with("application/http")) =>
            {
                Kind::Http
            }
            "resource" if content_type.and_then(media_is_html) == Some(true) => Kind::Resource,
            _ => Kind::Other,
        };
        let url =
            header("warc-target-uri").map(|u| u.trim_matches(|c| c == '<' || c == '>').trim().to_string());
        let resource_charset = content_type.and_then(charset_param);

        if kind == Kind::Other {
            if length <= SMALL_RECORD {
                // kept to look inside should its length turn out wrong
                let block = match self.read_block(n, length) {
                    Ok(block) => block,
                    Err(step) => return step,
                };
                if !self.content_ends_cleanly() {
                    if let Err(step) = self.length_too_large(n, block) {
                        return step;
                    }
                }
            } else {
                match self.skip_bytes(length) {
                    Ok(got) if got == length => {}
                    Ok(got) => return self.truncated(n, length, got),
                    Err(e) => return Step::Yield(Box::new(self.fail(n, &e))),
                }
                self.content_ends_cleanly();
            }
            self.skipped += 1;
            return Step::Skip;
        }

        let limit = self.limits.max_document_bytes;
        if length > limit as u64 {
            return self.oversized(n, length, kind);
        }
        let mut block = match self.read_block(n, length) {
            Ok(block) => block,
            Err(step) => return step,
        };
        if !self.content_ends_cleanly() {
            block = match self.length_too_large(n, block) {
                Ok(block) => block,
                Err(step) => return step,
            };
        }
        let page = match kind {
            Kind::Http => html_payload(&block, limit),
            _ if block.trim_ascii().is_empty() => Err(SourceError::Empty),
            _ => Ok(Some(HtmlPayload { body: block, charset: resource_charset })),
        };
        match page {
            Ok(Some(page)) => {
                let hints = Hints { url, charset: page.charset, ..Hints::default() };
                let origin = Origin::record(self.source.clone(), n);
                Step::Yield(Box::new(Ok(RawDocument { origin, hints, body: Body::Html(page.body) })))
            }
            Ok(None) => {
                self.skipped += 1;
                Step::Skip
            }
            Err(e) => self.reject(n, e),
        }
    }

    /// A response over the document limit: reads its head to tell HTML (rejected as too large) from
    /// anything else (skipped), and passes over the rest without keeping it.
    fn oversized(&mut self, n: u64, length: u64, kind: Kind) -> Step {
        let peek = length.min(OVERSIZED_PEEK);
        let mut head = Vec::new();
        match (&mut self.inner).take(peek).read_to_end(&mut head) {
            Ok(got) if got as u64 == peek => {}
            Ok(got) => return self.truncated(n, length, got as u64),
            Err(e) => return Step::Yield(Box::new(self.fail(n, &e))),
        }
        match self.skip_bytes(length - peek) {
            Ok(got) if got == length - peek => {}
            Ok(got) => return self.truncated(n, length, peek + got),
            Err(e) => return Step::Yield(Box::new(self.fail(n, &e))),
        }
        self.content_ends_cleanly();
        let limit = self.limits.max_document_bytes;
        if kind == Kind::Resource {
            return self.reject(n, SourceError::TooLarge { size: length, limit });
        }
        match parse_response(&head) {
            Ok(r) if !(200..300).contains(&r.status) => self.reject(n, SourceError::HttpStatus(r.status)),
            Ok(r) if r.declares_html() == Some(false) => {
                self.skipped += 1;
                Step::Skip
            }
            Ok(_) => self.reject(n, SourceError::TooLarge { size: length, limit }),
            Err(e) => self.reject(n, e),
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            match self.state {
                State::Done => return None,
                State::Resync => match self.resync() {
                    Ok(true) => self.state = State::Records,
                    Ok(false) => self.state = State::Done,
                    Err(e) => return Some(self.fail(self.record + 1, &e)),
                },
                State::Records => {
                    if let Some(e) = self.pending_error.take() {
                        return Some(self.fail(self.record + 1, &e));
                    }
                    match self.read_record() {
                        Step::Yield(item) => return Some(*item),
                        Step::Skip => {}
                        Step::End => self.state = State::Done,
                    }
                }
            }
        }
    }
}
