//! Reading the two benchmarks from disk: their pages (gzip HTML) and ground truth.
//!
//! * ScrapingHub (`article-extraction-benchmark`): `ground-truth.json` maps a page id to `articleBody` and
//!   `url`; the page is `html/<id>.html.gz`.
//! * WCXB (`web-content-extraction-benchmark`, one split): `ground-truth/<id>.json.gz` (or `.json`) holds
//!   `url`, `_internal.page_type.primary` and `ground_truth` with `main_content`, `title`, `author` and
//!   `publish_date`; the page is `html/<id>.html.gz` (or `.html`).

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Which benchmark a directory holds; it decides how pages are read and scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    /// The ScrapingHub article-extraction benchmark (4-word shingles, averaged P and R, F1 of the averages).
    ScrapingHub,
    /// The Web Content Extraction Benchmark (bag-of-words P, R and F1 averaged per page).
    Wcxb,
}

impl std::str::FromStr for Dataset {
    type Err = EvalError;
    fn from_str(s: &str) -> Result<Dataset, EvalError> {
        match s.to_ascii_lowercase().as_str() {
            "scrapinghub" => Ok(Dataset::ScrapingHub),
            "wcxb" => Ok(Dataset::Wcxb),
            other => Err(EvalError::UnknownDataset(other.to_string())),
        }
    }
}

impl std::fmt::Display for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Dataset::ScrapingHub => "scrapinghub",
            Dataset::Wcxb => "wcxb",
        })
    }
}

/// What went wrong reading a benchmark.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The dataset name is not one we know.
    #[error("unknown dataset {0:?} (expected scrapinghub or wcxb)")]
    UnknownDataset(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A ground-truth file is not the JSON the benchmark writes.
    #[error("cannot parse {path}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The directory has no pages of the benchmark.
    #[error("no {dataset} pages found in {path}")]
    Empty {
        /// The benchmark looked for.
        dataset: Dataset,
        /// The directory.
        path: PathBuf,
    },
}

/// One page of a benchmark with its ground truth.
#[derive(Debug, Clone, Default)]
pub struct Case {
    /// The benchmark's page id.
    pub id: String,
    /// Where the page was fetched from.
    pub url: Option<String>,
    /// The page as stored (decompressed).
    pub html: Vec<u8>,
    /// The reference main text.
    pub text: String,
    /// Reference title (WCXB only).
    pub title: Option<String>,
    /// Reference author (WCXB only).
    pub author: Option<String>,
    /// Reference publication date, `YYYY-MM-DD...` (WCXB only).
    pub date: Option<String>,
    /// WCXB page type (`article`, `forum`, `product`, ...); `article` for ScrapingHub.
    pub page_type: String,
}

/// Reads every page of `dataset` under `dir`, sorted by id.
///
/// # Errors
///
/// [`EvalError`] when a file cannot be read or parsed, or when the directory holds no page.
pub fn load(dataset: Dataset, dir: &Path) -> Result<Vec<Case>, EvalError> {
    let cases = match dataset {
        Dataset::ScrapingHub => load_scrapinghub(dir)?,
        Dataset::Wcxb => load_wcxb(dir)?,
    };
    if cases.is_empty() {
        return Err(EvalError::Empty { dataset, path: dir.to_path_buf() });
    }
    Ok(cases)
}

fn load_scrapinghub(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let path = dir.join("ground-truth.json");
    let truth = parse_json(&path, &read_maybe_gz(&path)?)?;
    let Value::Object(map) = truth else {
        return Err(format_error(&path, "the ground truth is not a JSON object"));
    };
    let mut cases = Vec::with_capacity(map.len());
    for (id, entry) in map {
        let html = read_maybe_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        cases.push(Case {
            url: string(&entry, "url"),
            text: string(&entry, "articleBody").unwrap_or_default(),
            html,
            page_type: "article".into(),
            id,
            ..Case::default()
        });
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(cases)
}

fn load_wcxb(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let gt_dir = dir.join("ground-truth");
    let entries =
        std::fs::read_dir(&gt_dir).map_err(|source| EvalError::Io { path: gt_dir.clone(), source })?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| EvalError::Io { path: gt_dir.clone(), source })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_suffix(".json.gz").or_else(|| name.strip_suffix(".json")) {
            files.push((id.to_string(), entry.path()));
        }
    }
    files.sort();
    let mut cases = Vec::with_capacity(files.len());
    for (id, path) in files {
        let data = parse_json(&path, &read_maybe_gz(&path)?)?;
        let gt = data.get("ground_truth").cloned().unwrap_or(Value::Null);
        let page_type = data
            .pointer("/_internal/page_type/primary")
            .or_else(|| data.pointer("/_internal/page_type"))
            .and_then(Value::as_str)
            .map(|t| if t == "category" { "collection" } else { t })
            .unwrap_or("article")
            .to_string();
        let gz = dir.join("html").join(format!("{id}.html.gz"));
        let html_path = if gz.exists() { gz } else { dir.join("html").join(format!("{id}.html")) };
        cases.push(Case {
            url: string(&data, "url"),
            html: read_maybe_gz(&html_path)?,
            text: string(&gt, "main_content").unwrap_or_default(),
            title: string(&gt, "title"),
            author: string(&gt, "author"),
            date: string(&gt, "publish_date"),
            page_type,
            id,
        });
    }
    Ok(cases)
}

/// A file's bytes, gunzipped when they start with the gzip magic number.
fn read_maybe_gz(path: &Path) -> Result<Vec<u8>, EvalError> {
    let io = |source| EvalError::Io { path: path.to_path_buf(), source };
    let bytes = std::fs::read(path).map_err(io)?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 4);
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out).map_err(io)?;
        Ok(out)
    } else {
        Ok(bytes)
    }
}

fn parse_json(path: &Path, bytes: &[u8]) -> Result<Value, EvalError> {
    serde_json::from_slice(bytes).map_err(|e| format_error(path, &e.to_string()))
}

fn format_error(path: &Path, reason: &str) -> EvalError {
    EvalError::Format { path: path.to_path_buf(), reason: reason.to_string() }
}

/// A non-empty, trimmed string field.
fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn tempdir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("samestory-eval-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("html")).unwrap();
        dir
    }

    #[test]
    fn reads_both_layouts() {
        let sh = tempdir("sh");
        std::fs::write(
            sh.join("ground-truth.json"),
            r#"{"b":{"articleBody":"Two","url":"https://x/b"},"a":{"articleBody":"One"}}"#,
        )
        .unwrap();
        std::fs::write(sh.join("html/a.html.gz"), gz(b"<p>One</p>")).unwrap();
        std::fs::write(sh.join("html/b.html.gz"), gz(b"<p>Two</p>")).unwrap();
        let cases = load(Dataset::ScrapingHub, &sh).unwrap();
        assert_eq!(cases.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(cases[1].url.as_deref(), Some("https://x/b"));
        assert_eq!(cases[0].html, b"<p>One</p>");

        let w = tempdir("wcxb");
        std::fs::create_dir_all(w.join("ground-truth")).unwrap();
        let gt = r#"{"url":"https://y/1","_internal":{"page_type":{"primary":"category"}},
            "ground_truth":{"title":"T","author":"","publish_date":"2025-01-02","main_content":"Body"}}"#;
        std::fs::write(w.join("ground-truth/0001.json.gz"), gz(gt.as_bytes())).unwrap();
        std::fs::write(w.join("html/0001.html"), b"<p>Body</p>").unwrap();
        let cases = load(Dataset::Wcxb, &w).unwrap();
        assert_eq!(cases.len(), 1);
        let c = &cases[0];
        assert_eq!(
            (c.page_type.as_str(), c.author.as_deref(), c.date.as_deref()),
            ("collection", None, Some("2025-01-02"))
        );
        assert_eq!(c.text, "Body");
        let _ = std::fs::remove_dir_all(&sh);
        let _ = std::fs::remove_dir_all(&w);
    }

    #[test]
    fn missing_and_empty_dirs_are_errors() {
        let dir = tempdir("empty");
        assert!(matches!(load(Dataset::ScrapingHub, &dir), Err(EvalError::Io { .. })));
        std::fs::create_dir_all(dir.join("ground-truth")).unwrap();
        assert!(matches!(load(Dataset::Wcxb, &dir), Err(EvalError::Empty { .. })));
        assert!("nope".parse::<Dataset>().is_err());
        assert_eq!("WCXB".parse::<Dataset>().unwrap(), Dataset::Wcxb);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
