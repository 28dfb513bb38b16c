//! Readers of outside bytes: files, directories and stdin in, [`RawDocument`]s and [`Rejection`]s out.
//!
//! samestory takes articles as
//!
//! * plain text (`.txt`): the whole file is one [`Body::Text`] document;
//! * HTML (`.html`, `.htm`): the whole file is one [`Body::Html`] document, bytes as found;
//! * JSON Lines (`.jsonl`): one article object per line (see [`parse_json_article`] for the schema), or a
//!   JSON array of such objects;
//! * WARC (`.warc`): every `response` record whose HTTP payload is HTML (and every HTML `resource`
//!   record), with its URL and declared charset as [`Hints`]; other records are passed over and counted;
//!
//! each of them possibly gzip-compressed (one member or many, as in Common Crawl's CC-NEWS). The format is
//! found by content ([`sniff`]), the file name only breaking ties, and gzip by its magic bytes.
//! Directories are walked recursively in file-name order, skipping names that start with `.`.
//! JSON Lines and WARC are streamed: a multi-gigabyte archive is never held in memory.
//!
//! Bad input never panics and never hides the good input beside it: an unreadable file, a malformed line,
//! a truncated gzip stream or WARC record each become one [`Rejection`] naming the file, line or record,
//! and everything readable before and after it still comes out.
//!
//! Everything read from outside is bounded, and hitting a bound is a rejection naming the input and the
//! limit, after which reading goes on:
//!
//! | limit | default | hit |
//! |---|---|---|
//! | [`Limits::max_document_bytes`] | 32 MiB | a text or HTML file, or a WARC payload after decoding, is rejected (`document too large`) |
//! | [`Limits::max_line_bytes`] | 32 MiB | a JSON line, array element or pretty-printed object, or a WARC header line, is rejected (`line too long`) |
//! | WARC record headers | 1 MiB | the record is rejected, reading resynchronizes on the next `WARC/1.` line |
//! | HTTP headers in a WARC record | 1,000 lines | the record is rejected |
//! | [`MAX_RECORDS_PER_INPUT`] | 10,000,000 | the rest of the input is passed over (`too many records in one input`) |
//! | [`MAX_REJECTIONS_IN_A_ROW`] | 10,000 | the rest of the input is passed over (`... rejections in a row`) |
//! | [`MAX_BODY_RECORDS`] | 10,000 | the rest of a request body is rejected (`too many articles in one request`) |
//!
//! JSON nesting costs no stack: fields samestory does not read are skipped without recursion, and the ones it
//! reads must be strings or numbers. An input with nothing in it at all (an empty array, blank lines) is
//! rejected as empty rather than passed over in silence.
//!
//! This crate does not parse HTML, resolve charsets or clean text: that is extraction's job. It only finds
//! documents, opens their containers and carries what the container said about them.
//!
//! ```
//! use samestory_model::Body;
//! use samestory_source::{read_inputs, Input, Limits};
//!
//! let dir = std::env::temp_dir().join(format!("samestory-source-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("a.txt"), "Rain fell in Madrid.").unwrap();
//! std::fs::write(dir.join("b.jsonl"), "{\"id\": 1, \"html\": \"<p>Sun</p>\"}\nnot json\n").unwrap();
//!
//! let items: Vec<_> = read_inputs(vec![Input::parse(dir.to_str().unwrap())], Limits::default()).collect();
//! assert_eq!(items.len(), 3);
//! assert_eq!(items[0].as_ref().unwrap().body, Body::Text("Rain fell in Madrid.".into()));
//! assert_eq!(items[1].as_ref().unwrap().hints.id.as_deref(), Some("1"));
//! let bad = items[2].as_ref().unwrap_err();
//! assert_eq!(bad.origin.line, Some(2));
//! assert!(bad.reason.starts_with("invalid JSON: "));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

mod error;
mod http;
mod io;
mod json;
mod reader;
mod sniff;
mod warc;

use std::convert::Infallible;
use std::fmt;
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::str::FromStr;

pub use samestory_model::{Body, Hints, Origin, RawDocument, Rejection};

pub use error::SourceError;
pub use json::parse_json_article;
pub use sniff::{Format, SNIFF_BYTES, sniff};

use json::JsonReader;
use reader::Reader;

/// One input named on the command line: a file or directory, or stdin.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file, or a directory to walk.
    Path(PathBuf),
}

impl Input {
    /// `-` is stdin, anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" { Input::Stdin } else { Input::Path(PathBuf::from(arg)) }
    }
}

impl FromStr for Input {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Input, Infallible> {
        Ok(Input::parse(s))
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("-"),
            Input::Path(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Size limits that keep one bad input from exhausting memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest text or HTML document (a file, a WARC payload after decoding) taken, in bytes.
    pub max_document_bytes: usize,
    /// The longest JSON line (or JSON array element, or WARC header line) taken, in bytes.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    /// 32 MiB each.
    fn default() -> Limits {
        Limits { max_document_bytes: 32 << 20, max_line_bytes: 32 << 20 }
    }
}

/// Counts kept while reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Inputs opened: files found, plus stdin or a stream.
    pub inputs: u64,
    /// Documents yielded.
    pub documents: u64,
    /// Rejections yielded.
    pub rejections: u64,
    /// WARC records passed over silently (warcinfo, request, metadata, non-HTML responses).
    pub skipped_records: u64,
    /// Files in walked directories passed over for their name (see [`may_hold_articles`]).
    pub skipped_files: u64,
    /// Inputs whose rest was passed over at a record limit (see [`Documents::with_record_limits`]).
    pub cut_inputs: u64,
}

/// The most records (JSON lines or array elements, WARC records) read from one input by default; past it
/// the rest of the input is passed over with one rejection saying so.
pub const MAX_RECORDS_PER_INPUT: u64 = 10_000_000;

/// After this many rejections in a row from one input (a binary file taken for JSON Lines, a corrupt
/// archive), the rest of that input is passed over by default with one rejection saying so: a hostile
/// input cannot fill memory with its rejections.
pub const MAX_REJECTIONS_IN_A_ROW: u64 = 10_000;

/// The most articles taken from one HTTP request body ([`read_json_body`]); past it the rest of the body is
/// rejected with one rejection saying so.
pub const MAX_BODY_RECORDS: usize = 10_000;

/// Lazily yields every document under the inputs, in a deterministic order: inputs in the order given,
/// directories walked recursively with entries sorted by file name, hidden files and directories (names
/// starting with `.`) skipped unless named directly, and files whose names say they hold no articles
/// (`README.md`, `logo.png`; see [`may_hold_articles`]) passed over. Symbolic links are followed.
///
/// Each item is a document or the [`Rejection`] of an input that could not be taken; reading goes on
/// after a rejection.
pub fn read_inputs(inputs: Vec<Input>, limits: Limits) -> Documents {
    Documents {
        limits,
        inputs: inputs.into_iter(),
        walk: None,
        current: None,
        stats: Stats::default(),
        max_records: MAX_RECORDS_PER_INPUT,
        max_rejections_in_a_row: MAX_REJECTIONS_IN_A_ROW,
        records: 0,
        rejections_in_a_row: 0,
        pending_cut: None,
    }
}

/// Reads one stream of any supported format (gzip or not), labelled `label` in origins; the label's
/// extension, if it has one, breaks format ties like a file name. Text and HTML are read whole (up to the
/// limits); JSON Lines and WARC are streamed.
pub fn read_stream(label: &str, reader: impl Read + Send + 'static, limits: Limits) -> Documents {
    let mut documents = read_inputs(Vec::new(), limits);
    documents.stats.inputs = 1;
    documents.current =
        Some(Reader::from_stream(label.to_string(), Some(label), Box::new(reader), None, limits));
    documents
}

/// Reads an HTTP request body that is one JSON article object (possibly pretty-printed; its origin is
/// `label`), JSON Lines of them (origins `label:line`) or a JSON array of them.
///
/// ```
/// use samestory_source::read_json_body;
/// let one = read_json_body("http", br#"{"url": "https://a.example/1", "text": "Rain fell."}"#);
/// assert_eq!(one[0].as_ref().unwrap().hints.url.as_deref(), Some("https://a.example/1"));
/// let lines = read_json_body("http", b"{\"text\": \"a\"}\n{\"text\": 1}\n");
/// assert!(lines[0].is_ok() && lines[1].is_err());
/// ```
pub fn read_json_body(label: &str, body: &[u8]) -> Vec<Result<RawDocument, Rejection>> {
    let trimmed = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body).trim_ascii();
    if trimmed.is_empty() {
        return vec![Err(Rejection::new(Origin::file(label), SourceError::Empty.to_string()))];
    }
    if trimmed.starts_with(b"{") {
        if let Ok(text) = std::str::from_utf8(trimmed) {
            if let Ok(doc) = parse_json_article(Origin::file(label), text) {
                return vec![Ok(doc)];
            }
        }
    }
    let mut items: Vec<_> = JsonReader::new(label.to_string(), Cursor::new(body), Limits::default())
        .take(MAX_BODY_RECORDS + 1)
        .collect();
    if items.len() > MAX_BODY_RECORDS {
        items.truncate(MAX_BODY_RECORDS);
        let reason =
            format!("too many articles in one request (limit {MAX_BODY_RECORDS}): the rest is not read");
        items.push(Err(Rejection::new(Origin::file(label), reason)));
    }
    items
}

/// File extensions a directory walk reads (each also with `.gz`); files without an extension are read too.
/// Named directly, any file is read: the format is always detected by content, the name only picks files.
pub const ARTICLE_EXTENSIONS: &[&str] =
    &["txt", "text", "html", "htm", "xhtml", "shtml", "jsonl", "ndjson", "json", "warc", "arc"];

/// Whether a directory walk reads this file: an article extension (optionally gzip-compressed) or none.
/// Notes, images, scripts and the like beside the articles are passed over.
pub fn may_hold_articles(path: &std::path::Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        None => true,
        Some((_, ext)) => ARTICLE_EXTENSIONS.contains(&ext),
    }
}

type Walk = walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool>;

fn not_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
}

/// The documents under some inputs; see [`read_inputs`].
pub struct Documents {
    limits: Limits,
    inputs: std::vec::IntoIter<Input>,
    walk: Option<Walk>,
    current: Option<Reader>,
    stats: Stats,
    max_records: u64,
    max_rejections_in_a_row: u64,
    /// Items yielded from the current input.
    records: u64,
    /// Rejections in a row from the current input.
    rejections_in_a_row: u64,
    /// The rejection of an input cut at a record limit, yielded next.
    pending_cut: Option<Rejection>,
}

impl Documents {
    /// Sets the record limits of each input: at most `max_records` items (documents and rejections) are read
    /// from one input, and after `max_rejections_in_a_row` rejections in a row the rest of the input is
    /// passed over. Either way one more rejection, naming the input, says so, and reading goes on with the
    /// next input. The defaults are [`MAX_RECORDS_PER_INPUT`] and [`MAX_REJECTIONS_IN_A_ROW`]; 0 means no limit.
    pub fn with_record_limits(mut self, max_records: u64, max_rejections_in_a_row: u64) -> Documents {
        self.max_records = if max_records == 0 { u64::MAX } else { max_records };
        self.max_rejections_in_a_row =
            if max_rejections_in_a_row == 0 { u64::MAX } else { max_rejections_in_a_row };
        self
    }

    /// Counts so far.
    pub fn stats(&self) -> Stats {
        let mut stats = self.stats;
        stats.skipped_records += self.current.as_ref().map_or(0, Reader::skipped);
        stats
    }

    fn open(&mut self, reader: Reader) {
        self.stats.inputs += 1;
        self.records = 0;
        self.rejections_in_a_row = 0;
        self.current = Some(reader);
    }

    /// Counts an item of the current input against the record limits; when one is reached, the input is
    /// closed and the rejection saying so is returned (to follow the item).
    fn check_record_limits(&mut self, item: &Result<RawDocument, Rejection>) -> Option<Rejection> {
        self.records += 1;
        match item {
            Ok(_) => self.rejections_in_a_row = 0,
            Err(_) => self.rejections_in_a_row += 1,
        }
        let reason = if self.records >= self.max_records {
            format!("too many records in one input (limit {}): the rest of it is not read", self.max_records)
        } else if self.rejections_in_a_row >= self.max_rejections_in_a_row {
            format!(
                "{} rejections in a row (limit {}): the rest of the input is not read",
                self.rejections_in_a_row, self.max_rejections_in_a_row
            )
        } else {
            return None;
        };
        let mut reader = self.current.take()?;
        let source = match item {
            Ok(doc) => doc.origin.source.clone(),
            Err(r) => r.origin.source.clone(),
        };
        // Nothing more to read: the limit cuts nothing off.
        let rest = reader.next();
        self.stats.skipped_records += reader.skipped();
        rest.as_ref()?;
        self.stats.cut_inputs += 1;
        Some(Rejection::new(Origin::file(source), reason))
    }

    /// Moves the walk to its next file and opens it; a walk error comes back as a rejection.
    fn advance_walk(&mut self) -> Option<Result<RawDocument, Rejection>> {
        let walk = self.walk.as_mut()?;
        loop {
            match walk.next() {
                None => {
                    self.walk = None;
                    return None;
                }
                Some(Ok(entry)) if entry.file_type().is_file() && !may_hold_articles(entry.path()) => {
                    self.stats.skipped_files += 1;
                }
                Some(Ok(entry)) if entry.file_type().is_file() => {
                    let reader = Reader::open_file(entry.path(), self.limits);
                    self.open(reader);
                    return None;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    let place = e.path().map(|p| p.display().to_string()).unwrap_or_default();
                    let message = match (e.io_error(), e.loop_ancestor()) {
                        (Some(io), _) => error::io_message(io),
                        (None, Some(ancestor)) => format!("symlink loop back to {}", ancestor.display()),
                        (None, None) => error::lowercase_first(&e.to_string()),
                    };
                    return Some(Err(Rejection::new(
                        Origin::file(place),
                        SourceError::Open(message).to_string(),
                    )));
                }
            }
        }
    }

    fn tally(&mut self, item: Result<RawDocument, Rejection>) -> Option<Result<RawDocument, Rejection>> {
        match &item {
            Ok(_) => self.stats.documents += 1,
            Err(_) => self.stats.rejections += 1,
        }
        Some(item)
    }
}

impl Iterator for Documents {
    type Item = Result<RawDocument, Rejection>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(cut) = self.pending_cut.take() {
            return self.tally(Err(cut));
        }
        loop {
            if let Some(reader) = self.current.as_mut() {
                if let Some(item) = reader.next() {
                    if let Some(cut) = self.check_record_limits(&item) {
                        self.pending_cut = Some(cut);
                    }
                    return self.tally(item);
                }
                self.stats.skipped_records += reader.skipped();
                self.current = None;
            }
            if self.walk.is_some() {
                if let Some(rejection) = self.advance_walk() {
                    return self.tally(rejection);
                }
                continue;
            }
            match self.inputs.next()? {
                Input::Stdin => {
                    let stdin = Box::new(std::io::stdin());
                    let reader = Reader::from_stream("-".into(), None, stdin, None, self.limits);
                    self.open(reader);
                }
                Input::Path(path) => match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => {
                        let filter: fn(&walkdir::DirEntry) -> bool = not_hidden;
                        let walk = walkdir::WalkDir::new(&path).follow_links(true).sort_by_file_name();
                        self.walk = Some(walk.into_iter().filter_entry(filter));
                    }
                    Ok(_) => {
                        let reader = Reader::open_file(&path, self.limits);
                        self.open(reader);
                    }
                    Err(e) => {
                        let origin = Origin::file(path.display().to_string());
                        let reader = Reader::rejection(origin, SourceError::Open(error::io_message(&e)));
                        self.open(reader);
                    }
                },
            }
        }
    }
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Documents").field("stats", &self.stats()).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
