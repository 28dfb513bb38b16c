//! The clustering benchmarks: readers of their files and one online run scored against the gold stories.
//!
//! * **GoogleNews** (Yin & Wang 2016, as distributed with GSDMM): JSON Lines `{"text", "cluster"}`, one
//!   file per variant (`GoogleNews-T` titles, `-S` snippets, `-TS` both), lowercased with stop words
//!   removed, no times. Read by [`read_googlenews`].
//! * **UCI News Aggregator** (Gasparetti 2016): tab-separated `ID TITLE URL PUBLISHER CATEGORY STORY
//!   HOSTNAME TIMESTAMP` with no header. Read by [`read_uci`] as title, publisher and time, in time order.
//!
//! [`run`] feeds the documents in order through one [`StoryClusterer`], labels each with the story it
//! belongs to at the end of the stream (merges followed to the surviving story) and scores the result
//! with [`metrics::score`]. Files may be gzip-compressed ([`open`]).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::metrics::{self, MetricsError, Scores};
use crate::{ClusterConfig, Doc, StoryClusterer, StoryId};

/// A benchmark file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line does not have the benchmark's format.
    #[error("{path}:{line}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The file holds no documents.
    #[error("{0}: no documents")]
    Empty(PathBuf),
}

/// One benchmark document with its gold story.
#[derive(Clone, Debug, PartialEq)]
pub struct LabeledDoc {
    /// The headline, when the benchmark has one apart from the text.
    pub title: Option<String>,
    /// The text (empty when the benchmark has only headlines).
    pub text: String,
    /// The outlet.
    pub source: Option<String>,
    /// The publication (or crawl) time.
    pub time: Option<DateTime<Utc>>,
    /// The gold story.
    pub label: String,
}

impl LabeledDoc {
    /// The document as the clusterer takes it (English: both benchmarks are).
    pub fn doc(&self) -> Doc<'_> {
        Doc { title: self.title.as_deref(), text: &self.text, lang: Some("en"), time: self.time }
    }
}

/// Opens a file for reading lines, undoing gzip when the file starts with its magic number.
pub fn open(path: &Path) -> Result<Box<dyn BufRead>, DatasetError> {
    let io = |source| DatasetError::Io { path: path.to_path_buf(), source };
    let mut file = File::open(path).map_err(io)?;
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match file.read(&mut magic[got..]).map_err(io)? {
            0 => break,
            n => got += n,
        }
    }
    let file = File::open(path).map_err(io)?;
    Ok(if got == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

/// Reads GoogleNews JSON Lines (`{"text": "...", "cluster": 12}`); `path` names the input in errors.
pub fn read_googlenews(reader: impl BufRead, path: &Path) -> Result<Vec<LabeledDoc>, DatasetError> {
    let mut docs = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| DatasetError::Io { path: path.to_path_buf(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let format = |reason: String| DatasetError::Format { path: path.to_path_buf(), line: i + 1, reason };
        let value: serde_json::Value = serde_json::from_str(&line).map_err(|e| format(e.to_string()))?;
        let text = value["text"].as_str().ok_or_else(|| format("no \"text\" string".into()))?;
        let label = match &value["cluster"] {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            _ => return Err(format("no \"cluster\" number or string".into())),
        };
        docs.push(LabeledDoc { title: None, text: text.to_string(), source: None, time: None, label });
    }
    if docs.is_empty() {
        return Err(DatasetError::Empty(path.to_path_buf()));
    }
    Ok(docs)
}

/// Reads UCI News Aggregator rows (tab-separated `ID TITLE URL PUBLISHER CATEGORY STORY HOSTNAME
/// TIMESTAMP`, the timestamp in milliseconds since the epoch) as headline, publisher and time, sorted by
/// time (rows of one time keep their file order).
pub fn read_uci(reader: impl BufRead, path: &Path) -> Result<Vec<LabeledDoc>, DatasetError> {
    let mut docs = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| DatasetError::Io { path: path.to_path_buf(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let format = |reason: String| DatasetError::Format { path: path.to_path_buf(), line: i + 1, reason };
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 8 {
            return Err(format(format!("expected 8 tab-separated fields, found {}", fields.len())));
        }
        let millis: i64 =
            fields[7].trim().parse().map_err(|_| format(format!("bad timestamp {:?}", fields[7])))?;
        let time = DateTime::from_timestamp_millis(millis)
            .ok_or_else(|| format(format!("timestamp out of range {millis}")))?;
        let publisher = fields[3].trim();
        docs.push(LabeledDoc {
            title: Some(fields[1].to_string()),
            text: String::new(),
            source: (!publisher.is_empty()).then(|| publisher.to_string()),
            time: Some(time),
            label: fields[5].to_string(),
        });
    }
    if docs.is_empty() {
        return Err(DatasetError::Empty(path.to_path_buf()));
    }
    docs.sort_by_key(|d| d.time);
    Ok(docs)
}

/// The result of one online run over a benchmark.
#[derive(Clone, Debug)]
pub struct Run {
    /// The story of each document at the end of the stream (merged stories followed to the survivor).
    pub stories: Vec<StoryId>,
    /// The story each document was given on arrival.
    pub on_arrival: Vec<StoryId>,
    /// Scores of `stories` against the gold labels.
    pub scores: Scores,
    /// Seconds spent clustering (reading and scoring not included).
    pub seconds: f64,
}

impl Run {
    /// Documents clustered per second.
    pub fn docs_per_second(&self) -> f64 {
        self.stories.len() as f64 / self.seconds.max(1e-9)
    }
}

/// Clusters `docs` in order with a fresh clusterer and scores the final stories against the gold labels.
pub fn run(docs: &[LabeledDoc], config: ClusterConfig) -> Result<Run, MetricsError> {
    let mut clusterer = StoryClusterer::new(config);
    let start = Instant::now();
    let on_arrival: Vec<StoryId> = docs.iter().map(|d| clusterer.assign(&d.doc())).collect();
    clusterer.finish();
    let stories: Vec<StoryId> = on_arrival.iter().map(|&s| clusterer.resolve(s)).collect();
    let seconds = start.elapsed().as_secs_f64();
    let gold: Vec<&str> = docs.iter().map(|d| d.label.as_str()).collect();
    let scores = metrics::score(&stories, &gold)?;
    Ok(Run { stories, on_arrival, scores, seconds })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn googlenews_lines() {
        let input = "{\"text\": \"a b c\", \"cluster\": 3}\n\n{\"text\": \"d\", \"cluster\": \"x\"}\n";
        let docs = read_googlenews(input.as_bytes(), Path::new("g.jsonl")).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].text.as_str(), docs[0].label.as_str()), ("a b c", "3"));
        assert_eq!(docs[1].label, "x");
        let err = read_googlenews("{\"text\": 1}\n".as_bytes(), Path::new("g.jsonl")).unwrap_err();
        assert_eq!(err.to_string(), "g.jsonl:1: no \"text\" string");
        let err = read_googlenews("{\"text\": \"a\"}\nnot json".as_bytes(), Path::new("g")).unwrap_err();
        assert!(err.to_string().starts_with("g:1: no \"cluster\""), "{err}");
        assert!(matches!(read_googlenews("".as_bytes(), Path::new("g")), Err(DatasetError::Empty(_))));
    }

    #[test]
    fn uci_rows_in_time_order() {
        let input = "2\tLater one\thttp://b\tPub B\tb\tS2\tb.com\t1394470371207\n\
                     1\tFed's Plosser speaks\thttp://a\tPub A\tb\tS1\ta.com\t1394470370698\n";
        let docs = read_uci(input.as_bytes(), Path::new("u.tsv")).unwrap();
        assert_eq!(docs[0].title.as_deref(), Some("Fed's Plosser speaks"));
        assert_eq!(docs[0].source.as_deref(), Some("Pub A"));
        assert_eq!(docs[0].time.unwrap().timestamp_millis(), 1_394_470_370_698);
        assert_eq!(docs[1].label, "S2");
        let err = read_uci("1\ttitle\n".as_bytes(), Path::new("u.tsv")).unwrap_err();
        assert_eq!(err.to_string(), "u.tsv:1: expected 8 tab-separated fields, found 2");
        let err = read_uci("1\tt\tu\tp\tb\tS\th\tsoon\n".as_bytes(), Path::new("u.tsv")).unwrap_err();
        assert_eq!(err.to_string(), "u.tsv:1: bad timestamp \"soon\"");
    }

    #[test]
    fn open_undoes_gzip() {
        let dir = std::env::temp_dir().join(format!("samestory-cluster-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let plain = dir.join("a.jsonl");
        let gz = dir.join("a.jsonl.gz");
        let line = "{\"text\": \"x\", \"cluster\": 1}\n";
        std::fs::write(&plain, line).unwrap();
        std::fs::write(&gz, samestory_testkit::gzip(line.as_bytes())).unwrap();
        for path in [&plain, &gz] {
            let docs = read_googlenews(open(path).unwrap(), path).unwrap();
            assert_eq!(docs[0].text, "x");
        }
        let missing = dir.join("missing");
        assert!(open(&missing).err().expect("missing file").to_string().starts_with("cannot read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn run_scores_a_small_stream() {
        let doc = |text: &str, label: &str| LabeledDoc {
            title: None,
            text: text.into(),
            source: None,
            time: None,
            label: label.into(),
        };
        let docs = [
            doc("earthquake japan tsunami warning coast", "q"),
            doc("central bank raises interest rates inflation", "r"),
            doc("japan earthquake tsunami coast magnitude", "q"),
        ];
        let run = run(&docs, ClusterConfig::default()).unwrap();
        assert_eq!(run.stories, [1, 2, 1]);
        assert_eq!(run.scores.accuracy, 1.0);
        assert!(run.docs_per_second() > 0.0);
    }
}
