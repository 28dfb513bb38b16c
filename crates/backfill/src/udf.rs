//! The scalar functions the plan calls: sketching (extraction's text cleaning, then samestory-dedup's
//! sketch), accessors of the sketch bytes, and the pairwise verdict.
//!
//! A sketch value (`Binary`) is the article's publication time (8 bytes, little-endian milliseconds,
//! `i64::MIN` when unknown) followed by a [`SketchRecord`]. Every function is a pure function of its row:
//! nothing is shared between rows or partitions, so the same functions run on any executor that has
//! them registered.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryBuilder, BooleanArray, Float64Builder, Int64Builder, StringBuilder,
    UInt64Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int32Type, Int64Type, TimeUnit, TimestampMillisecondType};
use datafusion::common::{DataFusionError, Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use samestory_dedup::{CopyKind, DedupConfig, DedupIndex, SketchRecord};
use samestory_model::{Body, Hints, Origin, RawDocument};

/// Bytes of the publication time in front of the record.
const PUBLISHED_BYTES: usize = 8;
/// The publication time of an undated article.
const UNDATED: i64 = i64::MIN;

/// What a function computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Op {
    /// `ss_published_text(any) -> Utf8`: a publication column of any type as text the date parser reads.
    PublishedText,
    /// `ss_sketch(text, published, cleaned) -> Binary`.
    Sketch,
    /// `ss_published(sketch) -> Int64` milliseconds, NULL when undated.
    Published,
    /// `ss_words(sketch) -> Int64`.
    Words,
    /// `ss_exact(sketch) -> UInt64`.
    Exact,
    /// `ss_band(sketch, band) -> Int64`: the band's bucket key, NULL past the last band.
    Band,
    /// `ss_anchor(sketch, position, stored) -> Int64`: an anchor key, NULL past the last one (stored:
    /// the anchors an original is found by; else those a query looks up).
    Anchor,
    /// `ss_similarity(a, b) -> Float64`: the better of a-copies-b and b-copies-a, NULL when neither.
    Similarity,
    /// `ss_kind(a, b) -> Utf8`: `exact`, `near` or `contained` for the same verdict, NULL when neither.
    Kind,
}

impl Op {
    /// Every function of the plan, in registration order.
    const ALL: [Op; 9] = [
        Op::PublishedText,
        Op::Sketch,
        Op::Published,
        Op::Words,
        Op::Exact,
        Op::Band,
        Op::Anchor,
        Op::Similarity,
        Op::Kind,
    ];

    fn name(self) -> &'static str {
        match self {
            Op::PublishedText => "ss_published_text",
            Op::Sketch => "ss_sketch",
            Op::Published => "ss_published",
            Op::Words => "ss_words",
            Op::Exact => "ss_exact",
            Op::Band => "ss_band",
            Op::Anchor => "ss_anchor",
            Op::Similarity => "ss_similarity",
            Op::Kind => "ss_kind",
        }
    }

    fn arity(self) -> usize {
        match self {
            Op::PublishedText | Op::Published | Op::Words | Op::Exact => 1,
            Op::Band | Op::Similarity | Op::Kind => 2,
            Op::Sketch | Op::Anchor => 3,
        }
    }

    fn return_type(self) -> DataType {
        match self {
            Op::PublishedText | Op::Kind => DataType::Utf8,
            Op::Sketch => DataType::Binary,
            Op::Published | Op::Words | Op::Band | Op::Anchor => DataType::Int64,
            Op::Exact => DataType::UInt64,
            Op::Similarity => DataType::Float64,
        }
    }
}

/// One of the plan's functions, bound to a dedup configuration.
#[derive(Debug)]
struct SketchUdf {
    op: Op,
    signature: Signature,
    /// An empty index: the configuration, banding and verification rules.
    index: Arc<DedupIndex>,
}

impl PartialEq for SketchUdf {
    fn eq(&self, other: &Self) -> bool {
        self.op == other.op && self.index.config() == other.index.config()
    }
}

impl Eq for SketchUdf {}

impl Hash for SketchUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.op.hash(state);
        let c = self.index.config();
        (c.threshold.to_bits(), c.containment.to_bits(), c.num_perm, c.bands, c.rows).hash(state);
        (c.shingle_words, c.min_shingles).hash(state);
    }
}

/// Every function of the plan, for `config`.
pub(crate) fn functions(config: &DedupConfig) -> Vec<ScalarUDF> {
    let index = Arc::new(DedupIndex::new(config.clone()));
    Op::ALL
        .into_iter()
        .map(|op| {
            ScalarUDF::from(SketchUdf {
                op,
                signature: Signature::any(op.arity(), Volatility::Immutable),
                index: Arc::clone(&index),
            })
        })
        .collect()
}

impl ScalarUDFImpl for SketchUdf {
    fn name(&self) -> &str {
        self.op.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(self.op.return_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let out: ArrayRef = match self.op {
            Op::PublishedText => published_text(&arrays[0])?,
            Op::Sketch => self.sketch(&arrays, rows)?,
            Op::Published | Op::Words | Op::Band | Op::Anchor => self.int64(&arrays, rows)?,
            Op::Exact => {
                let sketches = arrays[0].as_binary_opt::<i32>().ok_or_else(|| not_a_sketch(&arrays[0]))?;
                let mut out = UInt64Builder::with_capacity(rows);
                for i in 0..rows {
                    out.append_option(record_at(sketches, i)?.map(|(_, r)| r.exact()));
                }
                Arc::new(out.finish())
            }
            Op::Similarity | Op::Kind => self.verdicts(&arrays, rows)?,
        };
        Ok(ColumnarValue::Array(out))
    }
}

impl SketchUdf {
    /// `ss_sketch`: each text cleaned as `samestory dedup` cleans a JSON Lines text (unless `cleaned`,
    /// for texts extraction already produced), then sketched.
    fn sketch(&self, arrays: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
        let texts = utf8(&arrays[0])?;
        let published = utf8(&arrays[1])?;
        let cleaned = cast(&arrays[2], &DataType::Boolean)?;
        let cleaned: &BooleanArray = cleaned.as_boolean();
        let texts = texts.as_string::<i32>();
        let published = published.as_string::<i32>();
        let mut out = BinaryBuilder::with_capacity(rows, rows * 200);
        let mut bytes = Vec::with_capacity(256);
        for i in 0..rows {
            if texts.is_null(i) {
                out.append_null();
                continue;
            }
            let hint = (!published.is_null(i)).then(|| published.value(i));
            let taken = if !cleaned.is_null(i) && cleaned.value(i) {
                Some((texts.value(i).to_string(), hint.and_then(samestory_extract::parse_date)))
            } else {
                let doc = RawDocument {
                    origin: Origin::file("shard"),
                    hints: Hints { published: hint.map(str::to_string), ..Hints::default() },
                    body: Body::Text(texts.value(i).to_string()),
                };
                samestory_pipeline::to_article(doc).ok().map(|a| (a.text(), a.published))
            };
            let Some((text, published)) = taken else {
                out.append_null();
                continue;
            };
            let sketch = self.index.sketch(&text);
            if sketch.is_empty() {
                out.append_null();
                continue;
            }
            bytes.clear();
            let ms = published.map_or(UNDATED, |t: DateTime<Utc>| t.timestamp_millis());
            bytes.extend_from_slice(&ms.to_le_bytes());
            self.index.record(&sketch).encode(&mut bytes);
            out.append_value(&bytes);
        }
        Ok(Arc::new(out.finish()))
    }

    /// The accessors that give an `Int64`.
    fn int64(&self, arrays: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
        let sketches = arrays[0].as_binary_opt::<i32>().ok_or_else(|| not_a_sketch(&arrays[0]))?;
        let position = match self.op {
            Op::Band | Op::Anchor => Some(cast(&arrays[1], &DataType::Int64)?),
            _ => None,
        };
        let stored = match self.op {
            Op::Anchor => Some(cast(&arrays[2], &DataType::Boolean)?),
            _ => None,
        };
        let mut out = Int64Builder::with_capacity(rows);
        for i in 0..rows {
            let Some((published, record)) = record_at(sketches, i)? else {
                out.append_null();
                continue;
            };
            let at = |p: &ArrayRef| {
                let p = p.as_primitive::<Int64Type>();
                (!p.is_null(i)).then(|| p.value(i)).and_then(|v| usize::try_from(v).ok())
            };
            let value = match self.op {
                Op::Published => (published != UNDATED).then_some(published),
                Op::Words => Some(i64::from(record.words())),
                Op::Band => position
                    .as_ref()
                    .and_then(at)
                    .and_then(|b| record.band_keys().get(b))
                    .map(|&k| i64::from(k)),
                Op::Anchor => {
                    let stored = stored.as_ref().expect("anchor has 3 arguments").as_boolean();
                    let keys = if !stored.is_null(i) && stored.value(i) {
                        record.stored_anchors()
                    } else {
                        record.query_anchors()
                    };
                    position.as_ref().and_then(at).and_then(|p| keys.get(p)).map(|&k| i64::from(k))
                }
                _ => unreachable!("not an Int64 accessor"),
            };
            out.append_option(value);
        }
        Ok(Arc::new(out.finish()))
    }

    /// `ss_similarity` and `ss_kind`: the pair checked both ways, the better verdict kept (exact over
    /// near over contained, then the higher similarity).
    fn verdicts(&self, arrays: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
        let a = arrays[0].as_binary_opt::<i32>().ok_or_else(|| not_a_sketch(&arrays[0]))?;
        let b = arrays[1].as_binary_opt::<i32>().ok_or_else(|| not_a_sketch(&arrays[1]))?;
        let mut similarity = Float64Builder::with_capacity(rows);
        let mut kind = StringBuilder::with_capacity(rows, rows * 5);
        for i in 0..rows {
            let verdict = match (record_at(a, i)?, record_at(b, i)?) {
                (Some((_, x)), Some((_, y))) => best(self.index.compare(&x, &y), self.index.compare(&y, &x)),
                _ => None,
            };
            similarity.append_option(verdict.map(|(s, _)| s));
            kind.append_option(verdict.map(|(_, k)| k.as_str()));
        }
        Ok(match self.op {
            Op::Similarity => Arc::new(similarity.finish()),
            _ => Arc::new(kind.finish()),
        })
    }
}

/// The better of two verdicts: exact over near over contained, then the higher similarity.
pub(crate) fn best(x: Option<(f64, CopyKind)>, y: Option<(f64, CopyKind)>) -> Option<(f64, CopyKind)> {
    let rank = |k: CopyKind| match k {
        CopyKind::Exact => 2,
        CopyKind::Near => 1,
        CopyKind::Contained => 0,
    };
    match (x, y) {
        (Some(x), Some(y)) => Some(if (rank(y.1), y.0) > (rank(x.1), x.0) { y } else { x }),
        (x, y) => x.or(y),
    }
}

/// Row `i` of a sketch column: publication time and record, `None` for NULL.
fn record_at(
    sketches: &datafusion::arrow::array::BinaryArray,
    i: usize,
) -> Result<Option<(i64, SketchRecord)>> {
    if sketches.is_null(i) {
        return Ok(None);
    }
    let bytes = sketches.value(i);
    if bytes.len() < PUBLISHED_BYTES {
        return exec_err!("sketch value of {} bytes is too short", bytes.len());
    }
    let published = i64::from_le_bytes(bytes[..PUBLISHED_BYTES].try_into().expect("8 bytes"));
    let record = SketchRecord::from_bytes(&bytes[PUBLISHED_BYTES..])
        .map_err(|e| DataFusionError::Execution(format!("unreadable sketch value: {e}")))?;
    Ok(Some((published, record)))
}

fn not_a_sketch(array: &ArrayRef) -> DataFusionError {
    DataFusionError::Execution(format!("expected a sketch (Binary) column, found {}", array.data_type()))
}

/// Any string column as `Utf8`.
fn utf8(array: &ArrayRef) -> Result<ArrayRef> {
    Ok(match array.data_type() {
        DataType::Utf8 => Arc::clone(array),
        DataType::Null | DataType::LargeUtf8 | DataType::Utf8View => cast(array, &DataType::Utf8)?,
        other => return exec_err!("expected a text column, found {other}"),
    })
}

/// A publication column as RFC 3339 text: text as it is, timestamps and dates as UTC instants, integers
/// as milliseconds since the epoch.
fn published_text(array: &ArrayRef) -> Result<ArrayRef> {
    let millis: ArrayRef = match array.data_type() {
        DataType::Null | DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => return utf8(array),
        DataType::Timestamp(_, _) | DataType::Date32 | DataType::Date64 => {
            let t = cast(array, &DataType::Timestamp(TimeUnit::Millisecond, None))?;
            let t = t.as_primitive::<TimestampMillisecondType>().reinterpret_cast::<Int64Type>();
            Arc::new(t)
        }
        DataType::Int64 => Arc::clone(array),
        DataType::Int32 => {
            let t = array.as_primitive::<Int32Type>();
            Arc::new(t.unary::<_, Int64Type>(i64::from))
        }
        other => return exec_err!("unsupported type {other} for the published column"),
    };
    let millis = millis.as_primitive::<Int64Type>();
    let mut out = StringBuilder::with_capacity(millis.len(), millis.len() * 24);
    for i in 0..millis.len() {
        let text = (!millis.is_null(i))
            .then(|| DateTime::<Utc>::from_timestamp_millis(millis.value(i)))
            .flatten()
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
        out.append_option(text);
    }
    Ok(Arc::new(out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{BinaryArray, StringArray, TimestampSecondArray};

    fn call(f: &ScalarUDF, args: Vec<ArrayRef>) -> ArrayRef {
        use datafusion::arrow::datatypes::Field;
        let op = Op::ALL.into_iter().find(|op| op.name() == f.name()).unwrap();
        let rows = args[0].len();
        let arg_fields =
            args.iter().map(|a| Arc::new(Field::new("a", a.data_type().clone(), true))).collect();
        let out = f
            .invoke_with_args(ScalarFunctionArgs {
                args: args.into_iter().map(ColumnarValue::Array).collect(),
                arg_fields,
                number_rows: rows,
                return_field: Arc::new(Field::new("r", op.return_type(), true)),
                config_options: Arc::default(),
            })
            .unwrap();
        out.into_array(rows).unwrap()
    }

    fn by_name(name: &str) -> ScalarUDF {
        functions(&DedupConfig::default()).into_iter().find(|f| f.name() == name).unwrap()
    }

    const TEXT: &str = "The central bank raised its main interest rate by a quarter point on Thursday, citing \
        stubborn inflation in services and a tight labour market, and said more rises could follow soon.";

    #[test]
    fn sketch_then_accessors() {
        let texts: ArrayRef = Arc::new(StringArray::from(vec![Some(TEXT), Some("  "), None, Some(TEXT)]));
        let published: ArrayRef =
            Arc::new(StringArray::from(vec![Some("2024-03-01T10:00:00Z"), None, None, Some("nonsense")]));
        let cleaned: ArrayRef = Arc::new(BooleanArray::from(vec![false, false, false, true]));
        let sk = call(&by_name("ss_sketch"), vec![texts, published, cleaned]);
        assert_eq!((sk.is_null(0), sk.is_null(1), sk.is_null(2), sk.is_null(3)), (false, true, true, false));
        let ms = call(&by_name("ss_published"), vec![Arc::clone(&sk)]);
        let ms = ms.as_primitive::<Int64Type>();
        assert_eq!(ms.value(0), 1_709_287_200_000);
        assert!(ms.is_null(3), "an unparsable date is undated");
        let words = call(&by_name("ss_words"), vec![Arc::clone(&sk)]);
        assert!(words.as_primitive::<Int64Type>().value(0) > 20);
        let bands: ArrayRef = Arc::new(datafusion::arrow::array::Int64Array::from(vec![0, 0, 0, 99]));
        let keys = call(&by_name("ss_band"), vec![Arc::clone(&sk), bands]);
        assert!(!keys.is_null(0) && keys.is_null(3), "band 99 does not exist");
        let sim = call(&by_name("ss_similarity"), vec![Arc::clone(&sk), Arc::clone(&sk)]);
        assert_eq!(sim.as_primitive::<datafusion::arrow::datatypes::Float64Type>().value(0), 1.0);
        let kind = call(&by_name("ss_kind"), vec![Arc::clone(&sk), sk]);
        assert_eq!(kind.as_string::<i32>().value(0), "exact");
    }

    #[test]
    fn bad_sketch_bytes_are_an_error_not_a_panic() {
        let junk: ArrayRef = Arc::new(BinaryArray::from(vec![Some(&b"short"[..]), Some(&[0u8; 12][..])]));
        let f = by_name("ss_words");
        let rows = junk.len();
        let result = f.invoke_with_args(ScalarFunctionArgs {
            args: vec![ColumnarValue::Array(junk)],
            arg_fields: vec![Arc::new(datafusion::arrow::datatypes::Field::new("a", DataType::Binary, true))],
            number_rows: rows,
            return_field: Arc::new(datafusion::arrow::datatypes::Field::new("r", DataType::Int64, true)),
            config_options: Arc::default(),
        });
        assert!(result.is_err());
    }

    #[test]
    fn published_columns_of_any_type() {
        let t: ArrayRef = Arc::new(TimestampSecondArray::from(vec![Some(1_709_287_200), None]));
        let text = published_text(&t).unwrap();
        assert_eq!(text.as_string::<i32>().value(0), "2024-03-01T10:00:00.000Z");
        assert!(text.is_null(1));
        let n: ArrayRef = Arc::new(datafusion::arrow::array::Int64Array::from(vec![1_709_287_200_000]));
        assert_eq!(published_text(&n).unwrap().as_string::<i32>().value(0), "2024-03-01T10:00:00.000Z");
        let f: ArrayRef = Arc::new(datafusion::arrow::array::Float64Array::from(vec![1.0]));
        assert!(published_text(&f).is_err());
    }

    #[test]
    fn best_prefers_exact_then_near_then_similarity() {
        let near = Some((0.8, CopyKind::Near));
        let contained = Some((0.95, CopyKind::Contained));
        assert_eq!(best(contained, near), near);
        assert_eq!(best(None, contained), contained);
        assert_eq!(best(Some((0.9, CopyKind::Near)), near), Some((0.9, CopyKind::Near)));
        assert_eq!(best(None, None), None);
    }
}
