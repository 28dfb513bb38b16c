//! Final answers for a stream of texts ([`CopyLedger`]) and for a batch ([`dedup_batch`]).

use rustc_hash::FxHashMap;

use crate::{CopyKind, CopyMatch, Decision, DedupConfig, DedupIndex, DocRef, Replaced, UNDATED, Verdict};

/// What became of one text of the stream.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Entry {
    /// No words: neither a copy nor indexed.
    Empty,
    /// Indexed as an original under this document number (it may have been replaced since).
    Indexed(u32),
    /// A copy of the group whose original was this document when it arrived.
    Copy { doc: u32, similarity: f32, kind: CopyKind },
}

/// A [`DedupIndex`] that remembers what it decided about every text of a stream, so the answers can be
/// read again after later texts replaced a group's original (see [`DedupIndex::add`]).
///
/// Costs about 12 bytes per text on top of the index (copies are not indexed).
///
/// ```
/// use samestory_dedup::{CopyLedger, DedupConfig, DocRef};
///
/// let text = "Forty homes in Carrow were flooded when the Aln burst its banks on Monday night, and \
///             rescue teams from three counties worked until dawn, said the town's mayor.";
/// let mut ledger = CopyLedger::new(DedupConfig::default());
/// // The copy arrives first, the original (published an hour earlier) second.
/// ledger.push(DocRef { id: "copy", text, published_ms: Some(3_600_000) });
/// let verdict = ledger.push(DocRef { id: "orig", text, published_ms: Some(0) });
/// assert_eq!(verdict.replaced.unwrap().previous, "copy");
/// let answers = ledger.answers();
/// assert_eq!(answers[0].as_ref().unwrap().original, "orig");
/// assert_eq!(answers[1], None);
/// ```
#[derive(Clone, Debug)]
pub struct CopyLedger {
    index: DedupIndex,
    entries: Vec<Entry>,
    /// For a replaced original: how it copies the text that replaced it.
    replaced: FxHashMap<u32, (f32, CopyKind)>,
}

impl CopyLedger {
    /// An empty ledger over an empty index.
    pub fn new(config: DedupConfig) -> CopyLedger {
        CopyLedger { index: DedupIndex::new(config), entries: Vec::new(), replaced: FxHashMap::default() }
    }

    /// The index.
    pub fn index(&self) -> &DedupIndex {
        &self.index
    }

    /// Number of texts pushed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the next text of the stream: [`DedupIndex::add`], remembered.
    pub fn push(&mut self, doc: DocRef<'_>) -> Verdict {
        let sketch = self.index.sketch(doc.text);
        let decision = self.index.decide(doc.id, &sketch, doc.published_ms);
        let (entry, verdict) = match decision {
            Decision::Empty => (Entry::Empty, Verdict::default()),
            Decision::Original(d) => (Entry::Indexed(d), Verdict::default()),
            Decision::Copy { root, similarity, kind } => (
                Entry::Copy { doc: root, similarity: similarity as f32, kind },
                Verdict {
                    copy: Some(CopyMatch { original: self.index.id(root).to_string(), similarity, kind }),
                    replaced: None,
                },
            ),
            Decision::Replacing { doc: d, previous, similarity, kind } => {
                self.replaced.insert(previous, (similarity as f32, kind));
                (
                    Entry::Indexed(d),
                    Verdict {
                        copy: None,
                        replaced: Some(Replaced {
                            previous: self.index.id(previous).to_string(),
                            similarity,
                            kind,
                        }),
                    },
                )
            }
        };
        self.entries.push(entry);
        verdict
    }

    /// The current answer for every text pushed, in push order: `None` for originals (and empty texts),
    /// else the original of its group now.
    pub fn answers(&self) -> Vec<Option<CopyMatch>> {
        self.entries
            .iter()
            .map(|entry| match *entry {
                Entry::Empty => None,
                Entry::Indexed(doc) => {
                    let root = self.index.root(doc);
                    (root != doc).then(|| {
                        let (similarity, kind) =
                            self.replaced.get(&doc).copied().unwrap_or((1.0, CopyKind::Near));
                        CopyMatch {
                            original: self.index.id(root).to_string(),
                            similarity: f64::from(similarity),
                            kind,
                        }
                    })
                }
                Entry::Copy { doc, similarity, kind } => Some(CopyMatch {
                    original: self.index.id(self.index.root(doc)).to_string(),
                    similarity: f64::from(similarity),
                    kind,
                }),
            })
            .collect()
    }
}

/// Copy detection over a whole batch: the answer for each text, in input order (`None` for originals).
///
/// The texts are processed in original order (earliest published first, then most words, then input
/// order), so every group's first text is its original and no original is ever replaced.
pub fn dedup_batch(config: &DedupConfig, docs: &[DocRef<'_>]) -> Vec<Option<CopyMatch>> {
    let mut order: Vec<(i64, std::cmp::Reverse<u32>, usize)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut words = 0u32;
            crate::sketch::words(d.text, |_| words = words.saturating_add(1));
            (d.published_ms.unwrap_or(UNDATED), std::cmp::Reverse(words), i)
        })
        .collect();
    order.sort_unstable();
    let mut ledger = CopyLedger::new(config.clone());
    for &(_, _, i) in &order {
        ledger.push(docs[i]);
    }
    let mut answers = vec![None; docs.len()];
    for (answer, &(_, _, i)) in ledger.answers().into_iter().zip(&order) {
        answers[i] = answer;
    }
    answers
}
