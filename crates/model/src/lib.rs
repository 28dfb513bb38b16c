//! The types at samestory's seams.
//!
//! Every stage of the pipeline speaks in these types and nothing else:
//!
//! ```text
//! Source ──RawDocument──▶ extract ──Article──▶ dedup / cluster ──▶ store ──▶ compare
//!    └──────────Rejection (origin + reason)──────────▶ reported to the user
//! ```
//!
//! * [`RawDocument`] is what a reader found: where it came from ([`Origin`]), what the input said about it
//!   ([`Hints`]: id, url, outlet, title, date, language as given by JSON Lines or WARC headers) and its
//!   [`Body`] (HTML bytes or plain text).
//! * [`Article`] is a cleaned article: metadata plus clean paragraphs and a content hash.
//! * [`Rejection`] says which input was not taken and why; bad input is reported, never a panic.
//!
//! This crate does no I/O and has no opinions about how text is extracted or clustered.
//!
//! ```
//! use samestory_model::{Article, content_hash};
//! let a = Article::from_paragraphs(vec!["Rain fell.".into(), "Then it stopped.".into()]);
//! assert_eq!(a.content_hash, content_hash("rain fell then it stopped"));
//! assert_eq!(a.text(), "Rain fell.\n\nThen it stopped.");
//! ```
#![deny(missing_docs)]

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a raw document came from: a path (or `-` for stdin) and, inside it, a line or record number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file path as given (or found under a given directory), `-` for stdin, or a label such as `http`.
    pub source: String,
    /// 1-based line number for JSON Lines input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based record number for WARC input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
}

impl Origin {
    /// A whole file (or stdin).
    pub fn file(source: impl Into<String>) -> Origin {
        Origin { source: source.into(), line: None, record: None }
    }

    /// One line of a JSON Lines file.
    pub fn line(source: impl Into<String>, line: u64) -> Origin {
        Origin { source: source.into(), line: Some(line), record: None }
    }

    /// One record of a WARC file.
    pub fn record(source: impl Into<String>, record: u64) -> Origin {
        Origin { source: source.into(), line: None, record: Some(record) }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = self.record {
            write!(f, " (record {record})")?;
        }
        Ok(())
    }
}

/// What the input said about a document before extraction. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    /// Caller-given article id (JSON Lines `id`).
    pub id: Option<String>,
    /// The article's URL (JSON Lines `url`, WARC `WARC-Target-URI`).
    pub url: Option<String>,
    /// The outlet's name (JSON Lines `source`).
    pub outlet: Option<String>,
    /// The headline (JSON Lines `title`).
    pub title: Option<String>,
    /// The publication time as given, unparsed (JSON Lines `published`).
    pub published: Option<String>,
    /// The language as given (JSON Lines `lang`).
    pub lang: Option<String>,
    /// A charset declared outside the document (HTTP `Content-Type` in a WARC response).
    pub charset: Option<String>,
}

/// The content of a raw document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// HTML as bytes; the charset is resolved by extraction (BOM, declarations, detection).
    Html(Vec<u8>),
    /// Already-extracted plain text (it may still hold an aggregator's junk).
    Text(String),
}

impl Body {
    /// The size of the body in bytes.
    pub fn len(&self) -> usize {
        match self {
            Body::Html(b) => b.len(),
            Body::Text(t) => t.len(),
        }
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One document as a reader found it, before extraction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDocument {
    /// Where it came from.
    pub origin: Origin,
    /// What the input said about it.
    pub hints: Hints,
    /// Its content.
    pub body: Body,
}

/// An input that was not taken, with its place and the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// Where the input was.
    pub origin: Origin,
    /// Why it was not taken, lowercase, no trailing period (e.g. `invalid JSON: expected value at column 1`).
    pub reason: String,
}

impl Rejection {
    /// A rejection of `origin` for `reason`.
    pub fn new(origin: Origin, reason: impl Into<String>) -> Rejection {
        Rejection { origin, reason: reason.into() }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

impl std::error::Error for Rejection {}

/// A clean article: metadata and the main text as paragraphs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: the caller's id when given, else derived from the URL, else from the content hash.
    pub id: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// The outlet's name (given, from site metadata, or from the URL's host).
    pub outlet: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author(s) as printed.
    pub byline: Option<String>,
    /// Publication time (UTC); a date without a time is midnight UTC.
    pub published: Option<DateTime<Utc>>,
    /// ISO 639-1 language code (`en`, `es`, ...) when known.
    pub lang: Option<String>,
    /// Clean main text, one entry per paragraph, none empty.
    pub paragraphs: Vec<String>,
    /// [`content_hash`] of the normalized text: equal for texts that differ only in case, spacing or punctuation.
    pub content_hash: String,
    /// When samestory first took the article in (set by the store or the pipeline).
    pub ingested: Option<DateTime<Utc>>,
}

impl Article {
    /// An article with only its text; the id is derived from the content hash.
    pub fn from_paragraphs(paragraphs: Vec<String>) -> Article {
        let paragraphs: Vec<String> =
            paragraphs.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        let hash = content_hash(&normalize_text(&paragraphs.join("\n")));
        Article {
            id: derive_id(None, &hash),
            url: None,
            outlet: None,
            title: None,
            byline: None,
            published: None,
            lang: None,
            paragraphs,
            content_hash: hash,
            ingested: None,
        }
    }

    /// The clean text: paragraphs joined by blank lines.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// The time the article entered the stream: published when known, else ingested.
    pub fn event_time(&self) -> Option<DateTime<Utc>> {
        self.published.or(self.ingested)
    }

    /// A display name for the outlet.
    pub fn outlet_or_unknown(&self) -> &str {
        self.outlet.as_deref().unwrap_or("(unknown outlet)")
    }
}

/// Normalizes text for hashing and comparison: lowercase, every run of non-alphanumeric characters
/// becomes one space, trimmed. Curly and straight quotes, dashes and spacing therefore do not matter.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The content hash of already-normalized text: 128-bit xxh3 as 32 lowercase hex digits.
pub fn content_hash(normalized: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(normalized.as_bytes()))
}

/// The id of an article with no caller-given id: `u` + 16 hex digits of the URL's hash when there is a URL,
/// else `h` + the first 16 hex digits of the content hash.
pub fn derive_id(url: Option<&str>, content_hash: &str) -> String {
    match url {
        Some(url) => format!("u{:016x}", xxhash_rust::xxh3::xxh3_64(url.trim().as_bytes())),
        None => format!("h{}", &content_hash[..16.min(content_hash.len())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_case_punctuation_and_spacing() {
        assert_eq!(normalize_text("  “It’s true,”  she said.\n\nYes! "), "it s true she said yes");
        assert_eq!(normalize_text("Ça va — très bien"), "ça va très bien");
        assert_eq!(normalize_text("...!!"), "");
    }

    #[test]
    fn hash_is_stable_and_distinguishes() {
        let a = content_hash(&normalize_text("Hello, world"));
        assert_eq!(a, content_hash("hello world"));
        assert_eq!(a.len(), 32);
        assert_ne!(a, content_hash("hello worlds"));
    }

    #[test]
    fn ids_prefer_url() {
        let h = content_hash("x");
        assert!(derive_id(Some("https://a.example/1"), &h).starts_with('u'));
        assert_eq!(derive_id(None, &h), format!("h{}", &h[..16]));
        assert_eq!(derive_id(Some(" https://a.example/1 "), &h), derive_id(Some("https://a.example/1"), &h));
    }

    #[test]
    fn origin_display() {
        assert_eq!(Origin::line("a.jsonl", 3).to_string(), "a.jsonl:3");
        assert_eq!(Origin::record("c.warc.gz", 7).to_string(), "c.warc.gz (record 7)");
        assert_eq!(Origin::file("-").to_string(), "-");
    }

    #[test]
    fn from_paragraphs_drops_empty() {
        let a = Article::from_paragraphs(vec![" a ".into(), "".into(), "b".into()]);
        assert_eq!(a.paragraphs, vec!["a", "b"]);
        assert!(a.id.starts_with('h'));
    }
}
