//! A generated corpus with planted duplicate groups, for tests and benchmarks: originals of invented
//! words, and for each some exact copies (punctuation and spacing changed), near copies (a few words
//! replaced), excerpts (the first paragraphs, with a "read more" line) and wrapped copies (the original
//! inside an aggregator's lines), beside texts that copy nothing. Deterministic for a seed. Written as
//! Parquet shards, WARC (HTML pages in response records) or JSON Lines (the ingest schema).

use std::fmt::Write as _;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use datafusion::parquet::arrow::ArrowWriter;

/// How a generated text relates to its group's original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Planted {
    /// The original (or a text that copies nothing: a group of one).
    Original,
    /// The same words, punctuation and spacing changed.
    Exact,
    /// A few words replaced.
    Near,
    /// The first paragraphs with a "read more" line.
    Excerpt,
    /// The whole original between an aggregator's lines.
    Wrapped,
}

/// One generated text.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// Unique id.
    pub id: String,
    /// The text, paragraphs separated by blank lines.
    pub text: String,
    /// Publication time in milliseconds since the epoch; copies come after their original.
    pub published_ms: i64,
    /// A URL on the text's outlet.
    pub url: String,
    /// The planted group (index into the originals).
    pub group: usize,
    /// How it relates to its original.
    pub planted: Planted,
}

/// Sizes of a generated corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Groups with copies.
    pub groups: usize,
    /// Copies per group (cycling through exact, near, excerpt, wrapped).
    pub copies: usize,
    /// Texts that copy nothing.
    pub singles: usize,
    /// Paragraphs per original.
    pub paragraphs: usize,
}

impl Default for Shape {
    fn default() -> Self {
        Shape { groups: 40, copies: 4, singles: 80, paragraphs: 6 }
    }
}

/// xorshift64*: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ta", "re", "su", "na", "vi", "do", "pe", "ri", "go", "la", "ne", "to", "sa", "mu",
    "be", "ko", "di", "fa", "ze", "po", "li", "ra", "te", "mo", "si", "nu", "ve",
];

fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    (0..n).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect()
}

fn paragraph(rng: &mut Rng) -> String {
    let sentences = 3 + rng.below(3);
    let mut p = String::new();
    for s in 0..sentences {
        let words = 8 + rng.below(10);
        let mut sentence: Vec<String> = (0..words).map(|_| word(rng)).collect();
        let first = sentence[0].remove(0).to_ascii_uppercase();
        sentence[0].insert(0, first);
        if s > 0 {
            p.push(' ');
        }
        p += &sentence.join(" ");
        p.push('.');
    }
    p
}

/// Generates a corpus of `shape` from `seed`: the originals first, then their copies, then the singles,
/// with ids `g{group}-{n}` (`n` 0 for the original) and `s{n}`, in a shuffled order.
pub fn corpus(shape: Shape, seed: u64) -> Vec<Doc> {
    let mut rng = Rng(seed | 1);
    let base = 1_700_000_000_000i64;
    let mut docs = Vec::new();
    for g in 0..shape.groups + shape.singles {
        let paragraphs: Vec<String> = (0..shape.paragraphs.max(2)).map(|_| paragraph(&mut rng)).collect();
        let text = paragraphs.join("\n\n");
        let published_ms = base + 3_600_000 * g as i64;
        let single = g >= shape.groups;
        let id = if single { format!("s{}", g - shape.groups) } else { format!("g{g}-0") };
        docs.push(Doc {
            id: id.clone(),
            text: text.clone(),
            published_ms,
            url: format!("https://outlet{}.example/news/{id}", g % 7),
            group: g,
            planted: Planted::Original,
        });
        if single {
            continue;
        }
        for c in 1..=shape.copies {
            let planted = [Planted::Exact, Planted::Near, Planted::Excerpt, Planted::Wrapped][(c - 1) % 4];
            let text = match planted {
                Planted::Exact => text.replace(". ", "; ").replace(' ', "  "),
                Planted::Near => {
                    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
                    let edits = (words.len() / 60).max(1);
                    for _ in 0..edits {
                        let at = rng.below(words.len());
                        words[at] = word(&mut rng);
                    }
                    words.join(" ")
                }
                Planted::Excerpt => {
                    let keep = (paragraphs.len() / 2).max(1);
                    format!(
                        "{}\n\nRead the full article on the original site.",
                        paragraphs[..keep].join("\n\n")
                    )
                }
                Planted::Wrapped | Planted::Original => format!(
                    "Breaking news from our partners.\n\n{text}\n\nShare this story. Follow us for more updates."
                ),
            };
            let id = format!("g{g}-{c}");
            docs.push(Doc {
                url: format!("https://aggregator{}.example/{id}", c % 3),
                id,
                text,
                published_ms: published_ms + 60_000 * c as i64,
                group: g,
                planted,
            });
        }
    }
    for i in (1..docs.len()).rev() {
        let j = rng.below(i + 1);
        docs.swap(i, j);
    }
    docs
}

/// Writes `docs` as a Parquet file with columns `id`, `text`, `published` (timestamp, UTC) and `url`.
///
/// # Errors
///
/// The file cannot be created or written.
pub fn write_parquet(path: &Path, docs: &[Doc]) -> std::io::Result<()> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("published", DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())), true),
        Field::new("url", DataType::Utf8, true),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(docs.iter().map(|d| d.id.as_str()))),
        Arc::new(StringArray::from_iter_values(docs.iter().map(|d| d.text.as_str()))),
        Arc::new(
            TimestampMillisecondArray::from_iter_values(docs.iter().map(|d| d.published_ms))
                .with_timezone("UTC"),
        ),
        Arc::new(StringArray::from_iter_values(docs.iter().map(|d| d.url.as_str()))),
    ];
    let batch = RecordBatch::try_new(Arc::clone(&schema), columns).map_err(std::io::Error::other)?;
    let mut writer =
        ArrowWriter::try_new(File::create(path)?, schema, None).map_err(std::io::Error::other)?;
    writer.write(&batch).map_err(std::io::Error::other)?;
    writer.close().map_err(std::io::Error::other)?;
    Ok(())
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Writes `docs` as JSON Lines articles (`id`, `text`, `published`, `url`).
///
/// # Errors
///
/// The file cannot be created or written.
pub fn write_jsonl(path: &Path, docs: &[Doc]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(File::create(path)?);
    for d in docs {
        let line = serde_json::json!({"id": d.id, "text": d.text, "published": rfc3339(d.published_ms), "url": d.url});
        writeln!(out, "{line}")?;
    }
    out.flush()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Writes `docs` as a WARC file: a `warcinfo` record, then per text a `response` record holding an
/// HTML page (headline, publication meta tag, one `<p>` per paragraph) for its URL. Ids are not in the
/// pages: extraction derives them from the URL.
///
/// # Errors
///
/// The file cannot be created or written.
pub fn write_warc(path: &Path, docs: &[Doc]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(File::create(path)?);
    let info = "software: samestory-backfill synth\r\n";
    write!(out, "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: {}\r\n\r\n{info}\r\n\r\n", info.len())?;
    for (n, d) in docs.iter().enumerate() {
        let mut html = String::new();
        let title = d.text.split('.').next().unwrap_or("News").chars().take(60).collect::<String>();
        let _ = write!(
            html,
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
             <meta property=\"article:published_time\" content=\"{p}\"></head><body><article><h1>{t}</h1>",
            t = escape(&title),
            p = rfc3339(d.published_ms)
        );
        for p in d.text.split("\n\n") {
            let _ = write!(html, "<p>{}</p>", escape(p));
        }
        html += "</article></body></html>";
        let payload = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        write!(
            out,
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
             WARC-Date: {}\r\nWARC-Target-URI: {}\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n{payload}\r\n\r\n",
            rfc3339(d.published_ms),
            d.url,
            payload.len()
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_and_planted() {
        let shape = Shape { groups: 3, copies: 4, singles: 2, paragraphs: 4 };
        let a = corpus(shape, 7);
        assert_eq!(a, corpus(shape, 7));
        assert_eq!(a.len(), 3 * 5 + 2);
        let ids: std::collections::HashSet<_> = a.iter().map(|d| &d.id).collect();
        assert_eq!(ids.len(), a.len(), "ids are unique");
        let exact = a.iter().find(|d| d.planted == Planted::Exact).unwrap();
        let original = a.iter().find(|d| d.group == exact.group && d.planted == Planted::Original).unwrap();
        assert_eq!(
            samestory_model::normalize_text(&exact.text),
            samestory_model::normalize_text(&original.text)
        );
        assert!(exact.published_ms > original.published_ms);
    }
}
