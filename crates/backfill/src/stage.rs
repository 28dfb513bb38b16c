//! Inputs that are not Parquet (WARC, JSON Lines, HTML, text, gzip or not) are read by samestory-source,
//! extracted by samestory-pipeline exactly as `samestory ingest` and `samestory dedup` do, and written
//! to Parquet shards of the staging schema, which the plan then reads like any other shard. On a
//! cluster this is a map task per input shard.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanArray, RecordBatch, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::parquet::arrow::ArrowWriter;
use samestory_source::{Input, Limits, read_inputs};

use crate::BackfillError;

/// Rows per staged Parquet file.
const ROWS_PER_FILE: usize = 100_000;
/// Rows per record batch.
const ROWS_PER_BATCH: usize = 4_096;

/// The columns of a staged shard: `cleaned` is true (the text is extraction's output), `error` holds
/// the reason a document was rejected (then `text` is NULL).
pub(crate) fn staged_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("text", DataType::Utf8, true),
        Field::new("published", DataType::Utf8, true),
        Field::new("url", DataType::Utf8, true),
        Field::new("cleaned", DataType::Boolean, false),
        Field::new("error", DataType::Utf8, true),
    ]))
}

/// What staging did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Staged {
    /// The Parquet files written.
    pub files: Vec<PathBuf>,
    /// Documents taken.
    pub documents: u64,
    /// Inputs or records rejected (kept as rows with an error).
    pub rejected: u64,
    /// Bytes of the inputs read.
    pub bytes: u64,
}

/// Reads, extracts and writes `inputs` as Parquet files under `dir`.
pub(crate) fn stage(inputs: &[PathBuf], dir: &Path) -> Result<Staged, BackfillError> {
    let mut staged = Staged::default();
    if inputs.is_empty() {
        return Ok(staged);
    }
    std::fs::create_dir_all(dir).map_err(|e| BackfillError::io(dir, e))?;
    staged.bytes = inputs.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    let documents = read_inputs(inputs.iter().cloned().map(Input::Path).collect(), Limits::default());
    let mut rows = Rows::default();
    let mut writer: Option<(ArrowWriter<File>, usize)> = None;
    for item in documents {
        let article = item.map_err(|r| (None, r)).and_then(|doc| {
            let given = doc.hints.id.clone();
            samestory_pipeline::to_article(doc).map_err(|r| (given, r))
        });
        match article {
            Ok(a) => {
                staged.documents += 1;
                let published = a.published.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
                rows.push(Some(&a.id), Some(&a.text()), published.as_deref(), a.url.as_deref(), None);
            }
            Err((id, rejection)) => {
                staged.rejected += 1;
                let reason = format!("{}: {}", rejection.origin, rejection.reason);
                rows.push(id.as_deref(), None, None, None, Some(&reason));
            }
        }
        if rows.len == ROWS_PER_BATCH {
            write(&mut writer, &mut rows, dir, &mut staged.files)?;
        }
    }
    write(&mut writer, &mut rows, dir, &mut staged.files)?;
    if let Some((w, _)) = writer {
        w.close().map_err(|e| BackfillError::Stage(format!("cannot finish a staged shard: {e}")))?;
    }
    Ok(staged)
}

/// Appends the buffered rows to the current file (opening one, or the next when it is full).
fn write(
    writer: &mut Option<(ArrowWriter<File>, usize)>,
    rows: &mut Rows,
    dir: &Path,
    files: &mut Vec<PathBuf>,
) -> Result<(), BackfillError> {
    if rows.len == 0 {
        return Ok(());
    }
    let batch = rows.finish();
    if writer.as_ref().is_some_and(|(_, n)| *n >= ROWS_PER_FILE) {
        let (w, _) = writer.take().expect("checked");
        w.close().map_err(|e| BackfillError::Stage(format!("cannot finish a staged shard: {e}")))?;
    }
    if writer.is_none() {
        let path = dir.join(format!("staged-{:05}.parquet", files.len()));
        let file = File::create(&path).map_err(|e| BackfillError::io(&path, e))?;
        let w = ArrowWriter::try_new(file, staged_schema(), None)
            .map_err(|e| BackfillError::Stage(format!("cannot write {}: {e}", path.display())))?;
        files.push(path);
        *writer = Some((w, 0));
    }
    let (w, n) = writer.as_mut().expect("opened");
    *n += batch.num_rows();
    w.write(&batch).map_err(|e| BackfillError::Stage(format!("cannot write a staged shard: {e}")))
}

/// Column builders of the staging schema.
#[derive(Default)]
struct Rows {
    id: StringBuilder,
    text: StringBuilder,
    published: StringBuilder,
    url: StringBuilder,
    error: StringBuilder,
    len: usize,
}

impl Rows {
    fn push(
        &mut self,
        id: Option<&str>,
        text: Option<&str>,
        published: Option<&str>,
        url: Option<&str>,
        error: Option<&str>,
    ) {
        self.id.append_option(id);
        self.text.append_option(text);
        self.published.append_option(published);
        self.url.append_option(url);
        self.error.append_option(error);
        self.len += 1;
    }

    fn finish(&mut self) -> RecordBatch {
        let cleaned: ArrayRef = Arc::new(BooleanArray::from(vec![true; self.len]));
        self.len = 0;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.published.finish()),
            Arc::new(self.url.finish()),
            cleaned,
            Arc::new(self.error.finish()),
        ];
        RecordBatch::try_new(staged_schema(), columns).expect("columns match the staging schema")
    }
}
