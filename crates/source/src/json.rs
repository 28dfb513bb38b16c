//! JSON articles: one object per line (JSON Lines), a JSON array of objects, or a pretty-printed object.

use std::fmt;
use std::io::{self, BufRead};

use samestory_model::{Body, Hints, Origin, RawDocument, Rejection};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::Limits;
use crate::error::SourceError;
use crate::io::{peek_byte, read_line};

type Item = Result<RawDocument, Rejection>;

/// The ingest schema: every field optional, `text` or `html` required in practice.
#[derive(Deserialize)]
#[serde(expecting = "a JSON object")]
struct JsonArticle {
    #[serde(default, deserialize_with = "string_or_number")]
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default, alias = "outlet")]
    source: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default, alias = "date", deserialize_with = "string_or_number")]
    published: Option<String>,
    #[serde(default, alias = "language")]
    lang: Option<String>,
}

/// Accepts a string, a number (kept as its JSON spelling) or null.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct StringOrNumber;
    impl Visitor<'_> for StringOrNumber {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(StringOrNumber)
}

/// Trimmed, and `None` when blank.
fn clean(value: Option<String>) -> Option<String> {
    let value = value?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == value.len() {
        Some(value)
    } else {
        Some(trimmed.to_string())
    }
}

/// Parses one JSON article object (the ingest schema) into a [`RawDocument`].
///
/// The object has `id`, `url`, `source` (the outlet; `outlet` is accepted too), `title`, `text` or `html`,
/// `published` (`date` accepted) and `lang` (`language` accepted), all optional except `text` or `html`;
/// other fields are ignored. `id` and `published` may be strings or numbers (epoch seconds or
/// milliseconds) and are kept as strings. Non-blank `text` wins over `html`.
///
/// ```
/// use samestory_model::{Body, Origin};
/// use samestory_source::parse_json_article;
/// let doc = parse_json_article(Origin::line("a.jsonl", 1),
///     r#"{"id": 7, "source": "El País", "published": 1700000000, "text": "Rain fell."}"#).unwrap();
/// assert_eq!(doc.hints.id.as_deref(), Some("7"));
/// assert_eq!(doc.hints.outlet.as_deref(), Some("El País"));
/// assert_eq!(doc.hints.published.as_deref(), Some("1700000000"));
/// assert_eq!(doc.body, Body::Text("Rain fell.".into()));
/// let bad = parse_json_article(Origin::line("a.jsonl", 2), r#"{"title": "no body"}"#).unwrap_err();
/// assert_eq!(bad.reason, "missing text or html");
/// ```
pub fn parse_json_article(origin: Origin, line: &str) -> Result<RawDocument, Rejection> {
    let json_error =
        |reason: String| Err(Rejection::new(origin.clone(), SourceError::Json(reason).to_string()));
    // serde would also take a JSON array as a struct, field by field: only objects are articles
    let kind = match line.trim_start().as_bytes().first() {
        Some(b'{') => None,
        Some(b'[') => Some("an array"),
        Some(b'"') => Some("a string"),
        Some(b't' | b'f') => Some("a boolean"),
        Some(b'n') => Some("null"),
        _ => Some("a number"),
    };
    if let Some(kind) = kind {
        return match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Ok(_) => json_error(format!("expected a JSON object, found {kind}")),
            Err(e) => json_error(e.to_string()),
        };
    }
    let article: JsonArticle = match serde_json::from_str(line) {
        Ok(article) => article,
        Err(e) => return json_error(e.to_string()),
    };
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let body = if !blank(&article.text) {
        Body::Text(article.text.unwrap_or_default())
    } else if !blank(&article.html) {
        Body::Html(article.html.unwrap_or_default().into_bytes())
    } else if article.text.is_none() && article.html.is_none() {
        return Err(Rejection::new(origin, SourceError::MissingBody.to_string()));
    } else {
        return Err(Rejection::new(origin, SourceError::Empty.to_string()));
    };
    let hints = Hints {
        id: clean(article.id),
        url: clean(article.url),
        outlet: clean(article.source),
        title: clean(article.title),
        published: clean(article.published),
        lang: clean(article.lang),
        charset: None,
    };
    Ok(RawDocument { origin, hints, body })
}

/// Parses bytes that should hold one article object.
fn parse_bytes(origin: Origin, bytes: &[u8]) -> Item {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_json_article(origin, text),
        Err(e) => Err(Rejection::new(origin, SourceError::InvalidUtf8(e.valid_up_to()).to_string())),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Start,
    Lines,
    ArrayBeforeValue { first: bool },
    ArrayAfterValue,
    Done,
}

/// Streams articles from JSON Lines, a JSON array file, or pretty-printed objects (a line holding only `{`
/// starts an object that runs to its closing `}`). One bad line or element is one rejection; the rest
/// still come out.
pub(crate) struct JsonReader<R> {
    source: String,
    inner: R,
    limits: Limits,
    /// Lines consumed so far (the 1-based number of the last line read).
    line: u64,
    mode: Mode,
    buf: Vec<u8>,
    /// Whether anything (a document or a rejection) was yielded: an input that yields nothing at all (an
    /// empty array, blank lines) is rejected as empty instead of passing unnoticed.
    yielded: bool,
}

impl<R: BufRead> JsonReader<R> {
    pub(crate) fn new(source: String, inner: R, limits: Limits) -> JsonReader<R> {
        JsonReader { source, inner, limits, line: 0, mode: Mode::Start, buf: Vec::new(), yielded: false }
    }

    fn reject(&mut self, line: u64, error: SourceError) -> Item {
        Err(Rejection::new(Origin::line(self.source.clone(), line), error.to_string()))
    }

    fn fail(&mut self, line: u64, e: &io::Error) -> Option<Item> {
        self.mode = Mode::Done;
        Some(self.reject(line, SourceError::from_io(e)))
    }

    /// Skips a byte order mark and whitespace, then picks lines or array mode.
    fn start(&mut self) -> io::Result<()> {
        if self.inner.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.inner.consume(3);
        }
        self.skip_ws()?;
        self.mode = match peek_byte(&mut self.inner)? {
            Some(b'[') => {
                self.inner.consume(1);
                Mode::ArrayBeforeValue { first: true }
            }
            _ => Mode::Lines,
        };
        Ok(())
    }

    /// Skips whitespace, adding the newlines in it to `self.line`.
    fn skip_ws(&mut self) -> io::Result<()> {
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(());
            }
            let n = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
            self.line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            self.inner.consume(n);
            if n == 0 {
                return Ok(());
            }
        }
    }

    fn next_line_item(&mut self) -> Option<Item> {
        let max = self.limits.max_line_bytes;
        loop {
            let read = read_line(&mut self.inner, max, &mut self.buf);
            let number = self.line + 1;
            let len = match read {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.mode = Mode::Done;
                    return None;
                }
                Err(e) => return self.fail(number, &e),
            };
            self.line = number;
            if len > max {
                return Some(self.reject(number, SourceError::LineTooLong { size: len as u64, limit: max }));
            }
            let trimmed = self.buf.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            if trimmed == b"{" {
                return Some(self.pretty_object(number));
            }
            let trimmed = trimmed.to_vec();
            return Some(parse_bytes(Origin::line(self.source.clone(), number), &trimmed));
        }
    }

    /// A pretty-printed object that started with a line `{`: gathers lines until one starting with `}`
    /// completes it.
    fn pretty_object(&mut self, first_line: u64) -> Item {
        let max = self.limits.max_line_bytes;
        let mut object = b"{\n".to_vec();
        let mut line = Vec::new();
        loop {
            let len = match read_line(&mut self.inner, max, &mut line) {
                Ok(Some(len)) => len,
                Ok(None) => break,
                Err(e) => {
                    self.mode = Mode::Done;
                    return self.reject(first_line, SourceError::from_io(&e));
                }
            };
            self.line += 1;
            if object.len() + len > max {
                let size = object.len() as u64 + len as u64;
                return self.reject(first_line, SourceError::LineTooLong { size, limit: max });
            }
            object.extend_from_slice(&line);
            object.push(b'\n');
            if line.trim_ascii_start().starts_with(b"}") {
                let Ok(text) = std::str::from_utf8(&object) else { break };
                match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                    Err(e) if e.is_eof() => {}
                    _ => break,
                }
            }
        }
        parse_bytes(Origin::line(self.source.clone(), first_line), &object)
    }

    fn next_array_item(&mut self) -> Option<Item> {
        loop {
            if let Err(e) = self.skip_ws() {
                return self.fail(self.line + 1, &e);
            }
            let at = self.line + 1;
            let next = match peek_byte(&mut self.inner) {
                Ok(next) => next,
                Err(e) => return self.fail(at, &e),
            };
            match (self.mode, next) {
                (_, None) => {
                    self.mode = Mode::Done;
                    return Some(self.reject(at, SourceError::JsonArray("missing ']' at the end".into())));
                }
                (Mode::ArrayAfterValue, Some(b',')) => {
                    self.inner.consume(1);
                    self.mode = Mode::ArrayBeforeValue { first: false };
                }
                // `]` closes the array; a trailing comma before it is forgiven
                (Mode::ArrayAfterValue | Mode::ArrayBeforeValue { .. }, Some(b']')) => {
                    self.inner.consume(1);
                    self.mode = Mode::Done;
                    return self.after_array();
                }
                (Mode::ArrayAfterValue, Some(other)) => {
                    self.mode = Mode::Done;
                    let found = char::from(other).escape_default();
                    let reason = format!("expected ',' or ']' between elements, found '{found}'");
                    return Some(self.reject(at, SourceError::JsonArray(reason)));
                }
                (_, Some(_)) => {
                    self.mode = Mode::ArrayAfterValue;
                    return Some(self.array_element(at));
                }
            }
        }
    }

    /// Reads one array element: bytes up to the `,` or `]` that ends it at depth zero, outside strings.
    fn array_element(&mut self, first_line: u64) -> Item {
        let max = self.limits.max_line_bytes;
        let mut element = Vec::new();
        let mut size = 0u64;
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.mode = Mode::Done;
                    return self.reject(first_line, SourceError::from_io(&e));
                }
            };
            if buf.is_empty() {
                self.mode = Mode::Done;
                return self
                    .reject(first_line, SourceError::JsonArray("input ends inside an element".into()));
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if b == b'\n' {
                    self.line += 1;
                }
                if in_string {
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 1 => depth -= 1,
                    // the element's own closing bracket ends it
                    b'}' | b']' if depth == 1 => {
                        end = Some(i + 1);
                        break;
                    }
                    // a bare value (number, string, literal) ends at the separator
                    b',' | b']' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let take = end.unwrap_or(buf.len());
            size += take as u64;
            if size <= max as u64 {
                element.extend_from_slice(&buf[..take]);
            }
            self.inner.consume(take);
            if end.is_some() {
                break;
            }
        }
        if size > max as u64 {
            return self.reject(first_line, SourceError::LineTooLong { size, limit: max });
        }
        parse_bytes(Origin::line(self.source.clone(), first_line), element.trim_ascii())
    }

    /// After the closing `]`: only whitespace may follow.
    fn after_array(&mut self) -> Option<Item> {
        if let Err(e) = self.skip_ws() {
            return Some(self.reject(self.line + 1, SourceError::from_io(&e)));
        }
        match peek_byte(&mut self.inner) {
            Ok(None) => None,
            Ok(Some(_)) => {
                let at = self.line + 1;
                Some(self.reject(at, SourceError::JsonArray("unexpected data after the closing ']'".into())))
            }
            Err(e) => Some(self.reject(self.line + 1, SourceError::from_io(&e))),
        }
    }
}

impl<R: BufRead> Iterator for JsonReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.mode == Mode::Start {
            if let Err(e) = self.start() {
                return self.fail(self.line + 1, &e);
            }
        }
        let item = match self.mode {
            Mode::Start | Mode::Done => None,
            Mode::Lines => self.next_line_item(),
            Mode::ArrayBeforeValue { .. } | Mode::ArrayAfterValue => self.next_array_item(),
        };
        if item.is_none() && !self.yielded {
            self.yielded = true;
            return Some(Err(Rejection::new(
                Origin::file(self.source.clone()),
                SourceError::Empty.to_string(),
            )));
        }
        self.yielded |= item.is_some();
        item
    }
}
