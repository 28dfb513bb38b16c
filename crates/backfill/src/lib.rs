//! Backfill: near-duplicate groups over a whole archive of shards, as one Apache DataFusion job.
//!
//! `samestory dedup` reads one stream on one machine; a backfill reads Parquet shards (columns `id`,
//! `text`, optional `published` and `url`) and WARC / JSON Lines / HTML shards (read by
//! samestory-source, extracted by samestory-pipeline and staged as Parquet) and runs a plan of SQL
//! stages, each written to Parquet in a work directory:
//!
//! 1. **sketch**: `ss_sketch(text, published, cleaned)` cleans each text exactly as `samestory dedup`
//!    does and sketches it with samestory-dedup (same 5-word shingles, 128-bin one-permutation MinHash,
//!    LSH bands, anchors and exact hash), keeping the bytes of a [`SketchRecord`] and the publication
//!    time;
//! 2. **candidates**: texts with the same exact hash are linked to the smallest id among them; the
//!    others (one per exact text) are exploded into (band, bucket) rows and into anchor rows, buckets
//!    holding more than 256 texts and anchors stored by more than 24 are dropped (boilerplate), and the
//!    rows are self-joined on (band, bucket) and on the anchor key to give candidate pairs;
//! 3. **verify**: `ss_similarity(a, b)` keeps the pairs where one text is a copy of the other by the
//!    rules of [`DedupIndex::compare`](samestory_dedup::DedupIndex::compare), checked both ways:
//!    estimated Jaccard ≥ the threshold (near), or containment ≥ 0.8 (contained);
//! 4. **components**: label propagation over the copy edges, each round one SQL statement (every text
//!    takes the smallest label among itself and its neighbours, then the label of its label), until
//!    no label changes;
//! 5. **answer**: in each group, the original is the earliest published text (undated ones last), ties
//!    by the most words, then the smallest id; every other text is a copy of it.
//!
//! Groups are transitive: A copies B and B copies C puts A, B and C in one group even when A and C do
//! not meet the threshold (their line says `"kind": "transitive"`). `samestory dedup` is streaming and
//! greedy: it links each text to one indexed original, so such a chain can end up as two groups there.
//! A group here is therefore the union of one or more of dedup's groups; see the tests for what is
//! asserted to agree.
//!
//! The plan uses only SQL, Parquet scans and writes, and the scalar functions of this crate: the same
//! statements run on a Ballista cluster whose executors register these functions, with the work
//! directory on storage every executor reaches.
//!
//! ```no_run
//! # async fn run() -> Result<(), samestory_backfill::BackfillError> {
//! use samestory_backfill::{Backfill, BackfillConfig};
//! let config = BackfillConfig::default();
//! let summary = Backfill::new(config)?
//!     .run(&["shards/".into()], |line| println!("{}", serde_json::to_string(&line).unwrap()))
//!     .await?;
//! eprintln!("{} groups, {} copies", summary.groups, summary.copies);
//! # Ok(()) }
//! ```

#![deny(missing_docs)]

mod stage;
pub mod synth;
mod udf;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Instant;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use futures_util::StreamExt;
pub use samestory_dedup::SketchRecord;
use samestory_dedup::{ConfigError, DedupConfig, DedupIndex};
use serde::Serialize;

/// Texts in one LSH bucket beyond which the bucket is not joined (as `samestory dedup` does not walk it).
pub const CROWDED_BUCKET: usize = 256;
/// Texts storing one anchor beyond which the anchor is boilerplate and not joined.
pub const CROWDED_ANCHOR: usize = 24;
/// Anchors an original is found by (samestory-dedup stores the first 12 of each original).
const STORED_ANCHORS: usize = 12;
/// Anchors a text looks up (its first 32).
const QUERY_ANCHORS: usize = 32;

/// Settings of a backfill.
#[derive(Clone, Debug, PartialEq)]
pub struct BackfillConfig {
    /// Copy detection settings, as for `samestory dedup`.
    pub dedup: DedupConfig,
    /// Where the stages write their Parquet files; a fresh directory under the system's temporary
    /// directory when `None`. On a cluster this must be storage every executor reaches.
    pub work_dir: Option<PathBuf>,
    /// Keep the work directory afterwards (it is removed by default).
    pub keep_work: bool,
    /// Partitions (threads) DataFusion runs each stage with; 0 for the number of cores.
    pub partitions: usize,
    /// Rounds of label propagation before giving up.
    pub max_rounds: usize,
}

impl Default for BackfillConfig {
    fn default() -> Self {
        BackfillConfig {
            dedup: DedupConfig::default(),
            work_dir: None,
            keep_work: false,
            partitions: 0,
            max_rounds: 64,
        }
    }
}

/// What went wrong in a backfill.
#[derive(Debug, thiserror::Error)]
pub enum BackfillError {
    /// The dedup settings are out of range.
    #[error("invalid settings: {0}")]
    Config(#[from] ConfigError),
    /// Nothing to read.
    #[error("no input shards: give Parquet files, WARC / JSON Lines files or directories holding them")]
    NoInput,
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// A Parquet shard lacks a required column or has it with the wrong type.
    #[error("parquet shards: {0}")]
    Schema(String),
    /// Two rows of the input have the same id.
    #[error("duplicate id in the input: {0:?} (ids must be unique across shards)")]
    DuplicateId(String),
    /// Staging non-Parquet inputs failed.
    #[error("staging: {0}")]
    Stage(String),
    /// Label propagation did not settle.
    #[error("connected components did not converge in {0} rounds")]
    NoConvergence(usize),
    /// A stage of the plan failed.
    #[error("{stage}: {source}")]
    Plan {
        /// The stage.
        stage: &'static str,
        /// DataFusion's error.
        source: datafusion::error::DataFusionError,
    },
}

impl BackfillError {
    fn io(path: &Path, source: std::io::Error) -> BackfillError {
        BackfillError::Io { path: path.to_path_buf(), source }
    }
}

/// One output line per input row, like `samestory dedup`'s: the group (its smallest id), its original,
/// and for a copy the original it copies with the similarity and kind of the pair, or the error of a
/// row that could not be taken.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// The text's id (`null` for an input that had none).
    pub id: Option<String>,
    /// The group: the smallest id among its texts (the text's own id when it has no copies).
    pub group: Option<String>,
    /// The group's original: its earliest published text.
    pub original: Option<String>,
    /// The original, for a copy; `null` for an original.
    pub copy_of: Option<String>,
    /// Similarity of this text and its original, when they meet directly.
    pub similarity: Option<f64>,
    /// `exact`, `near` or `contained` when the text and its original meet directly, `transitive` when
    /// they are linked only through other copies; `null` for an original.
    pub kind: Option<String>,
    /// Why the row could not be taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Counts and times of a backfill.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Input rows and documents (taken or not).
    pub rows: u64,
    /// Texts sketched.
    pub documents: u64,
    /// Rows that could not be taken.
    pub rejected: u64,
    /// Groups of two or more texts.
    pub groups: u64,
    /// Texts that are copies (every member of a group but its original).
    pub copies: u64,
    /// Copies by kind: exact, near, contained, transitive.
    pub exact: u64,
    /// See [`Summary::exact`].
    pub near: u64,
    /// See [`Summary::exact`].
    pub contained: u64,
    /// See [`Summary::exact`].
    pub transitive: u64,
    /// Distinct candidate pairs from the band and anchor joins.
    pub candidate_pairs: u64,
    /// Copy edges (verified pairs and exact-copy links).
    pub edges: u64,
    /// Rounds of label propagation.
    pub rounds: u64,
    /// Bytes of the input files.
    pub input_bytes: u64,
    /// Seconds per stage: staging, sketch, candidates, verify, components, answer.
    pub seconds: Vec<(String, f64)>,
}

/// A configured backfill job.
#[derive(Debug)]
pub struct Backfill {
    config: BackfillConfig,
    bands: usize,
}

impl Backfill {
    /// A job with these settings.
    ///
    /// # Errors
    ///
    /// [`BackfillError::Config`] when the dedup settings are out of range.
    pub fn new(config: BackfillConfig) -> Result<Backfill, BackfillError> {
        config.dedup.validate()?;
        let bands = DedupIndex::new(config.dedup.clone()).config().lsh_params().0;
        Ok(Backfill { config, bands })
    }

    /// A DataFusion session with this job's functions registered.
    pub fn session(&self) -> SessionContext {
        let partitions = match self.config.partitions {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let config = SessionConfig::new().with_target_partitions(partitions);
        let ctx = SessionContext::new_with_config(config);
        for f in udf::functions(&self.config.dedup) {
            ctx.register_udf(f);
        }
        ctx
    }

    /// Runs the job over `inputs` (files or directories), handing each output line to `sink` in id
    /// order (rows without an id first).
    ///
    /// # Errors
    ///
    /// [`BackfillError`] naming the input or stage that failed.
    ///
    /// DataFusion plans recursively: drive the job on threads with large stacks (the CLI's runtime
    /// gives its workers 32 MiB), especially in unoptimized builds.
    pub async fn run(
        &self,
        inputs: &[PathBuf],
        mut sink: impl FnMut(Line) + Send,
    ) -> Result<Summary, BackfillError> {
        let (work, remove) = match &self.config.work_dir {
            Some(dir) => (dir.clone(), false),
            None => {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                (
                    std::env::temp_dir().join(format!("samestory-backfill-{}-{nanos}", std::process::id())),
                    true,
                )
            }
        };
        std::fs::create_dir_all(&work).map_err(|e| BackfillError::io(&work, e))?;
        let result = self.run_in(inputs, &work, &mut sink).await;
        if remove && !self.config.keep_work {
            let _ = std::fs::remove_dir_all(&work);
        }
        result
    }

    async fn run_in(
        &self,
        inputs: &[PathBuf],
        work: &Path,
        sink: &mut (dyn FnMut(Line) + Send),
    ) -> Result<Summary, BackfillError> {
        let mut summary = Summary::default();
        let mut clock = Instant::now();
        let mut lap = |summary: &mut Summary, name: &str| {
            summary.seconds.push((name.to_string(), clock.elapsed().as_secs_f64()));
            clock = Instant::now();
        };
        let (parquet, other) = discover(inputs)?;
        if parquet.is_empty() && other.is_empty() {
            return Err(BackfillError::NoInput);
        }
        summary.input_bytes = parquet.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
        let staged = stage::stage(&other, &work.join("staged"))?;
        summary.input_bytes += staged.bytes;
        lap(&mut summary, "staging");

        let ctx = self.session();
        let mut sources = Vec::new();
        if !parquet.is_empty() {
            let paths: Vec<String> = parquet.iter().map(|p| p.display().to_string()).collect();
            let df = ctx
                .read_parquet(paths, ParquetReadOptions::default())
                .await
                .map_err(|source| BackfillError::Plan { stage: "reading parquet shards", source })?;
            let schema = df.schema().clone();
            let has = |name: &str| schema.has_column_with_unqualified_name(name);
            for required in ["id", "text"] {
                if !has(required) {
                    return Err(BackfillError::Schema(format!("no `{required}` column (need id and text)")));
                }
            }
            ctx.register_table("shards", df.into_view())
                .map_err(|source| BackfillError::Plan { stage: "reading parquet shards", source })?;
            let published =
                if has("published") { "ss_published_text(published)" } else { "CAST(NULL AS VARCHAR)" };
            let url = if has("url") { "CAST(url AS VARCHAR)" } else { "CAST(NULL AS VARCHAR)" };
            sources.push(format!(
                "SELECT CAST(id AS VARCHAR) AS id, CAST(text AS VARCHAR) AS text, {published} AS published, \
                 {url} AS url, false AS cleaned, CAST(NULL AS VARCHAR) AS error FROM shards"
            ));
        }
        if !staged.files.is_empty() {
            let paths: Vec<String> = staged.files.iter().map(|p| p.display().to_string()).collect();
            let schema = stage::staged_schema();
            let df = ctx
                .read_parquet(paths, ParquetReadOptions::default().schema(&schema))
                .await
                .map_err(|source| BackfillError::Plan { stage: "reading staged shards", source })?;
            ctx.register_table("staged", df.into_view())
                .map_err(|source| BackfillError::Plan { stage: "reading staged shards", source })?;
            sources.push(
                "SELECT CAST(id AS VARCHAR) AS id, CAST(text AS VARCHAR) AS text, CAST(published AS VARCHAR) \
                 AS published, CAST(url AS VARCHAR) AS url, cleaned, CAST(error AS VARCHAR) AS error FROM staged"
                    .to_string(),
            );
        }
        let stages = Stages { ctx: &ctx, work };

        // 1. sketch
        stages
            .materialize(
                "sketch",
                "sketches",
                &format!(
                    "SELECT id, error, text IS NULL AS no_text, \
                     CASE WHEN error IS NULL THEN ss_sketch(text, published, cleaned) END AS sk \
                     FROM ({})",
                    sources.join(" UNION ALL ")
                ),
            )
            .await?;
        let docs =
            "(SELECT id, sk, ss_exact(sk) AS exact FROM sketches WHERE id IS NOT NULL AND sk IS NOT NULL)";
        if let Some(id) = stages
            .first_string(
                "sketch",
                &format!("SELECT id FROM {docs} GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT 1"),
            )
            .await?
        {
            return Err(BackfillError::DuplicateId(id));
        }
        lap(&mut summary, "sketch");

        // 2. candidates
        let bands = values("band", 0..self.bands);
        let positions = values("pos", 0..QUERY_ANCHORS);
        stages
            .materialize(
                "candidates",
                "pairs",
                &format!(
                    "WITH docs AS {docs}, \
                     reps AS (SELECT exact, min(id) AS rep FROM docs GROUP BY exact), \
                     rep_docs AS (SELECT d.id, d.sk FROM docs d JOIN reps r ON d.id = r.rep), \
                     entries AS (SELECT b.band, ss_band(d.sk, b.band) AS bucket, d.id \
                       FROM rep_docs d CROSS JOIN {bands} b WHERE ss_band(d.sk, b.band) IS NOT NULL), \
                     buckets AS (SELECT band, bucket FROM entries GROUP BY band, bucket \
                       HAVING count(*) BETWEEN 2 AND {CROWDED_BUCKET}), \
                     kept AS (SELECT e.band, e.bucket, e.id FROM entries e \
                       JOIN buckets k ON e.band = k.band AND e.bucket = k.bucket), \
                     band_pairs AS (SELECT x.id AS a, y.id AS b FROM kept x JOIN kept y \
                       ON x.band = y.band AND x.bucket = y.bucket AND x.id < y.id), \
                     stored AS (SELECT ss_anchor(d.sk, p.pos, true) AS anchor, d.id FROM rep_docs d \
                       CROSS JOIN {positions} p WHERE p.pos < {STORED_ANCHORS} \
                       AND ss_anchor(d.sk, p.pos, true) IS NOT NULL), \
                     open_anchors AS (SELECT anchor FROM stored GROUP BY anchor HAVING count(*) <= {CROWDED_ANCHOR}), \
                     stored_kept AS (SELECT s.anchor, s.id FROM stored s JOIN open_anchors o ON s.anchor = o.anchor), \
                     queried AS (SELECT ss_anchor(d.sk, p.pos, false) AS anchor, d.id FROM rep_docs d \
                       CROSS JOIN {positions} p WHERE ss_anchor(d.sk, p.pos, false) IS NOT NULL), \
                     anchor_pairs AS (SELECT CASE WHEN q.id < s.id THEN q.id ELSE s.id END AS a, \
                       CASE WHEN q.id < s.id THEN s.id ELSE q.id END AS b \
                       FROM queried q JOIN stored_kept s ON q.anchor = s.anchor AND q.id <> s.id) \
                     SELECT DISTINCT a, b FROM (SELECT a, b FROM band_pairs UNION ALL SELECT a, b FROM anchor_pairs)"
                ),
            )
            .await?;
        summary.candidate_pairs = stages.count("candidates", "pairs").await?;
        lap(&mut summary, "candidates");

        // 3. verify
        stages
            .materialize(
                "verify",
                "edges",
                &format!(
                    "WITH docs AS {docs}, \
                     reps AS (SELECT exact, min(id) AS rep FROM docs GROUP BY exact) \
                     SELECT p.a, p.b FROM pairs p JOIN docs x ON x.id = p.a JOIN docs y ON y.id = p.b \
                       WHERE ss_similarity(x.sk, y.sk) IS NOT NULL \
                     UNION ALL \
                     SELECT r.rep AS a, d.id AS b FROM docs d JOIN reps r ON d.exact = r.exact WHERE d.id <> r.rep"
                ),
            )
            .await?;
        summary.edges = stages.count("verify", "edges").await?;
        lap(&mut summary, "verify");

        // 4. components
        let round = stages.components(self.config.max_rounds).await?;
        summary.rounds = round as u64;
        lap(&mut summary, "components");

        // 5. answer
        let labels = format!("labels_{round}");
        let answer = format!(
            "WITH docs AS {docs}, \
             members AS (SELECT d.id, d.sk, c.label AS grp FROM docs d JOIN {labels} c ON c.id = d.id), \
             ranked AS (SELECT id, grp, sk, row_number() OVER (PARTITION BY grp \
               ORDER BY ss_published(sk) ASC NULLS LAST, ss_words(sk) DESC, id ASC) AS rk FROM members), \
             originals AS (SELECT grp, id AS original, sk AS osk FROM ranked WHERE rk = 1) \
             SELECT m.id, m.grp, o.original, \
               CASE WHEN m.id <> o.original THEN o.original END AS copy_of, \
               CASE WHEN m.id <> o.original THEN ss_similarity(m.sk, o.osk) END AS similarity, \
               CASE WHEN m.id <> o.original THEN ss_kind(m.sk, o.osk) END AS kind, \
               CAST(NULL AS VARCHAR) AS error \
             FROM members m JOIN originals o ON m.grp = o.grp \
             UNION ALL \
             SELECT d.id AS id, d.id AS grp, d.id AS original, CAST(NULL AS VARCHAR) AS copy_of, \
               CAST(NULL AS DOUBLE) AS similarity, CAST(NULL AS VARCHAR) AS kind, \
               CAST(NULL AS VARCHAR) AS error FROM docs d LEFT JOIN {labels} c ON c.id = d.id WHERE c.id IS NULL \
             UNION ALL \
             SELECT id, CAST(NULL AS VARCHAR) AS grp, CAST(NULL AS VARCHAR) AS original, \
               CAST(NULL AS VARCHAR) AS copy_of, CAST(NULL AS DOUBLE) AS similarity, CAST(NULL AS VARCHAR) AS kind, \
               CASE WHEN error IS NOT NULL THEN error WHEN id IS NULL THEN 'missing id' \
               WHEN no_text THEN 'missing text' ELSE 'empty document' END AS error \
             FROM sketches WHERE id IS NULL OR sk IS NULL \
             ORDER BY id ASC NULLS FIRST"
        );
        let df = ctx.sql(&answer).await.map_err(|source| BackfillError::Plan { stage: "answer", source })?;
        let mut stream =
            df.execute_stream().await.map_err(|source| BackfillError::Plan { stage: "answer", source })?;
        while let Some(batch) = stream.next().await {
            let batch = batch.map_err(|source| BackfillError::Plan { stage: "answer", source })?;
            for line in lines(&batch).map_err(|source| BackfillError::Plan { stage: "answer", source })? {
                summary.rows += 1;
                if line.error.is_some() {
                    summary.rejected += 1;
                } else {
                    summary.documents += 1;
                }
                if line.copy_of.is_some() {
                    summary.copies += 1;
                    match line.kind.as_deref() {
                        Some("exact") => summary.exact += 1,
                        Some("near") => summary.near += 1,
                        Some("contained") => summary.contained += 1,
                        _ => summary.transitive += 1,
                    }
                }
                sink(line);
            }
        }
        summary.groups =
            stages.first_count("answer", &format!("SELECT count(DISTINCT label) FROM {labels}")).await?;
        lap(&mut summary, "answer");
        Ok(summary)
    }
}

/// `(VALUES (0), (1), …) AS name`-style table of one Int64 column.
fn values(column: &str, range: std::ops::Range<usize>) -> String {
    let rows: Vec<String> = range.map(|i| format!("({i})")).collect();
    format!("(SELECT column1 AS {column} FROM (VALUES {}))", rows.join(", "))
}

/// The stages' shared plumbing: run a statement, write its result to Parquet, register it.
struct Stages<'a> {
    ctx: &'a SessionContext,
    work: &'a Path,
}

impl Stages<'_> {
    async fn materialize(&self, stage: &'static str, table: &str, sql: &str) -> Result<(), BackfillError> {
        let plan = |source| BackfillError::Plan { stage, source };
        let df = self.ctx.sql(sql).await.map_err(plan)?;
        let schema = df.schema().as_arrow().clone();
        let dir = self.work.join(table);
        std::fs::create_dir_all(&dir).map_err(|e| BackfillError::io(&dir, e))?;
        let path = format!("{}/", dir.display());
        df.write_parquet(&path, DataFrameWriteOptions::new(), None).await.map_err(plan)?;
        self.ctx
            .register_parquet(table, &path, ParquetReadOptions::default().schema(&schema))
            .await
            .map_err(plan)?;
        Ok(())
    }

    /// Connected components of the undirected graph in table `edges (a, b)` by label propagation: table
    /// `labels_{n}` (id, label) after `n` rounds gives each text on an edge the smallest id of its
    /// component. Returns `n`.
    async fn components(&self, max_rounds: usize) -> Result<usize, BackfillError> {
        // labels_0: each text on an edge takes the smallest of itself and its neighbours.
        self.materialize(
            "components",
            "labels_0",
            "SELECT id, min(label) AS label FROM \
             (SELECT a AS id, a AS label FROM edges UNION ALL SELECT b AS id, a AS label FROM edges \
              UNION ALL SELECT b AS id, b AS label FROM edges) GROUP BY id",
        )
        .await?;
        let mut round = 0;
        loop {
            if round >= max_rounds {
                return Err(BackfillError::NoConvergence(round));
            }
            let (old, new) = (format!("labels_{round}"), format!("labels_{}", round + 1));
            // Each round: the smallest label among a text and its neighbours, then the label of that
            // label (a text of the same component), which halves long chains.
            self.materialize(
                "components",
                &new,
                &format!(
                    "WITH n AS (SELECT id, min(label) AS label FROM ( \
                       SELECT id, label FROM {old} \
                       UNION ALL SELECT e.b AS id, l.label FROM edges e JOIN {old} l ON l.id = e.a \
                       UNION ALL SELECT e.a AS id, l.label FROM edges e JOIN {old} l ON l.id = e.b) \
                     GROUP BY id) \
                     SELECT n.id, CASE WHEN m.label < n.label THEN m.label ELSE n.label END AS label \
                     FROM n LEFT JOIN n m ON m.id = n.label"
                ),
            )
            .await?;
            round += 1;
            let changed = self
                .first_count(
                    "components",
                    &format!(
                        "SELECT count(*) FROM {new} n JOIN {old} o ON n.id = o.id WHERE n.label <> o.label"
                    ),
                )
                .await?;
            if changed == 0 {
                return Ok(round);
            }
        }
    }

    async fn count(&self, stage: &'static str, table: &str) -> Result<u64, BackfillError> {
        self.first_count(stage, &format!("SELECT count(*) FROM {table}")).await
    }

    async fn first_count(&self, stage: &'static str, sql: &str) -> Result<u64, BackfillError> {
        let plan = |source| BackfillError::Plan { stage, source };
        let batches = self.ctx.sql(sql).await.map_err(plan)?.collect().await.map_err(plan)?;
        let value = batches.iter().find(|b| b.num_rows() > 0).map(|b| cast(b.column(0), &DataType::Int64));
        match value {
            Some(array) => {
                let array = array.map_err(|e| plan(e.into()))?;
                Ok(array.as_primitive::<datafusion::arrow::datatypes::Int64Type>().value(0).max(0) as u64)
            }
            None => Ok(0),
        }
    }

    async fn first_string(&self, stage: &'static str, sql: &str) -> Result<Option<String>, BackfillError> {
        let plan = |source| BackfillError::Plan { stage, source };
        let batches = self.ctx.sql(sql).await.map_err(plan)?.collect().await.map_err(plan)?;
        let Some(batch) = batches.iter().find(|b| b.num_rows() > 0) else {
            return Ok(None);
        };
        let column = cast(batch.column(0), &DataType::Utf8).map_err(|e| plan(e.into()))?;
        let column = column.as_string::<i32>();
        Ok((!column.is_null(0)).then(|| column.value(0).to_string()))
    }
}

/// The output lines of one batch of the answer.
fn lines(batch: &RecordBatch) -> datafusion::error::Result<Vec<Line>> {
    let text = |i: usize| cast(batch.column(i), &DataType::Utf8);
    let (id, group, original, copy_of, kind, error) =
        (text(0)?, text(1)?, text(2)?, text(3)?, text(5)?, text(6)?);
    let similarity = cast(batch.column(4), &DataType::Float64)?;
    let similarity = similarity.as_primitive::<Float64Type>();
    let get = |a: &std::sync::Arc<dyn Array>, row: usize| {
        let a = a.as_string::<i32>();
        (!a.is_null(row)).then(|| a.value(row).to_string())
    };
    Ok((0..batch.num_rows())
        .map(|row| {
            let copy_of = get(&copy_of, row);
            let kind = get(&kind, row).or_else(|| copy_of.as_ref().map(|_| "transitive".to_string()));
            Line {
                id: get(&id, row),
                group: get(&group, row),
                original: get(&original, row),
                copy_of,
                similarity: (!similarity.is_null(row)).then(|| (similarity.value(row) * 1e4).round() / 1e4),
                kind,
                error: get(&error, row),
            }
        })
        .collect())
}

/// Splits the inputs into Parquet files and other files (staged): directories are walked in name order,
/// hidden entries skipped, files that hold no articles passed over.
fn discover(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), BackfillError> {
    let (mut parquet, mut other) = (Vec::new(), Vec::new());
    let mut stack: Vec<(PathBuf, bool)> = inputs.iter().rev().map(|p| (p.clone(), true)).collect();
    while let Some((path, named)) = stack.pop() {
        let meta = std::fs::metadata(&path).map_err(|e| BackfillError::io(&path, e))?;
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&path)
                .map_err(|e| BackfillError::io(&path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect();
            entries.sort();
            stack.extend(entries.into_iter().rev().map(|p| (p, false)));
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
            parquet.push(path);
        } else if named || samestory_source::may_hold_articles(&path) {
            other.push(path);
        }
    }
    Ok((parquet, other))
}
