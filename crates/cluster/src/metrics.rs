//! Scores of a clustering against gold labels: B-cubed precision, recall and F1, and normalized mutual
//! information.
//!
//! Both take one predicted and one gold label per item, in the same order; labels of any hashable type.
//!
//! ```
//! use samestory_cluster::metrics::{bcubed, nmi};
//!
//! let gold = ["a", "a", "b", "b"];
//! let pred = [1, 1, 2, 2];
//! assert_eq!(bcubed(&pred, &gold).unwrap().f1, 1.0);
//! assert!((nmi(&pred, &gold).unwrap() - 1.0).abs() < 1e-12);
//! // Everything in one cluster: perfect recall, half precision, no information.
//! let one = [0, 0, 0, 0];
//! let b = bcubed(&one, &gold).unwrap();
//! assert_eq!((b.precision, b.recall), (0.5, 1.0));
//! assert_eq!(nmi(&one, &gold).unwrap(), 0.0);
//! ```

use std::hash::Hash;

use rustc_hash::FxHashMap;

/// Labels that cannot be scored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MetricsError {
    /// The two label lists differ in length.
    #[error("label count mismatch: {predicted} predicted, {gold} gold")]
    LengthMismatch {
        /// Predicted labels given.
        predicted: usize,
        /// Gold labels given.
        gold: usize,
    },
    /// No labels at all.
    #[error("no labels to score")]
    Empty,
}

/// B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over items.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BCubed {
    /// Mean over items of the share of its predicted cluster that shares its gold label.
    pub precision: f64,
    /// Mean over items of the share of its gold cluster that shares its predicted cluster.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// The contingency table: cluster sizes on each side and the count of each (predicted, gold) pair.
struct Contingency {
    n: f64,
    predicted: Vec<f64>,
    gold: Vec<f64>,
    /// (predicted cluster, gold cluster, items), in first-seen order.
    cells: Vec<(usize, usize, f64)>,
}

fn dense<T: Hash + Eq>(labels: &[T]) -> (Vec<usize>, usize) {
    let mut ids: FxHashMap<&T, usize> = FxHashMap::default();
    let dense = labels
        .iter()
        .map(|l| {
            let next = ids.len();
            *ids.entry(l).or_insert(next)
        })
        .collect();
    (dense, ids.len())
}

fn contingency<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<Contingency, MetricsError> {
    if pred.len() != gold.len() {
        return Err(MetricsError::LengthMismatch { predicted: pred.len(), gold: gold.len() });
    }
    if pred.is_empty() {
        return Err(MetricsError::Empty);
    }
    let (p, np) = dense(pred);
    let (g, ng) = dense(gold);
    let mut predicted = vec![0.0; np];
    let mut gold_sizes = vec![0.0; ng];
    let mut cell_index: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    let mut cells: Vec<(usize, usize, f64)> = Vec::new();
    for (&a, &b) in p.iter().zip(&g) {
        predicted[a] += 1.0;
        gold_sizes[b] += 1.0;
        let next = cells.len();
        let i = *cell_index.entry((a, b)).or_insert(next);
        if i == next {
            cells.push((a, b, 0.0));
        }
        cells[i].2 += 1.0;
    }
    Ok(Contingency { n: pred.len() as f64, predicted, gold: gold_sizes, cells })
}

/// B-cubed precision, recall and F1 of a predicted clustering against gold labels.
pub fn bcubed<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<BCubed, MetricsError> {
    let c = contingency(pred, gold)?;
    // Each of the `count` items of a cell has precision count/|pred cluster| and recall count/|gold cluster|.
    let precision = c.cells.iter().map(|&(a, _, count)| count * count / c.predicted[a]).sum::<f64>() / c.n;
    let recall = c.cells.iter().map(|&(_, b, count)| count * count / c.gold[b]).sum::<f64>() / c.n;
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    Ok(BCubed { precision, recall, f1 })
}

/// Normalized mutual information, MI / mean(H(pred), H(gold)) (the arithmetic mean, as scikit-learn's
/// default). 1.0 when both clusterings are a single cluster; 0.0 when only one of them is.
pub fn nmi<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<f64, MetricsError> {
    let c = contingency(pred, gold)?;
    let entropy = |sizes: &[f64]| -sizes.iter().map(|&s| s / c.n * (s / c.n).ln()).sum::<f64>();
    let (hp, hg) = (entropy(&c.predicted), entropy(&c.gold));
    if hp == 0.0 && hg == 0.0 {
        return Ok(1.0);
    }
    if hp == 0.0 || hg == 0.0 {
        return Ok(0.0);
    }
    let mi: f64 = c
        .cells
        .iter()
        .map(|&(a, b, count)| count / c.n * (c.n * count / (c.predicted[a] * c.gold[b])).ln())
        .sum();
    Ok((mi / ((hp + hg) / 2.0)).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors() {
        assert_eq!(
            bcubed(&[1, 2], &[1]).unwrap_err().to_string(),
            "label count mismatch: 2 predicted, 1 gold"
        );
        assert_eq!(nmi::<u8, u8>(&[], &[]), Err(MetricsError::Empty));
    }

    #[test]
    fn singletons_and_known_values() {
        // All singletons: perfect precision, recall 1/|gold cluster|.
        let gold = [0, 0, 0, 1];
        let b = bcubed(&[1, 2, 3, 4], &gold).unwrap();
        assert_eq!(b.precision, 1.0);
        assert!((b.recall - (3.0 * (1.0 / 3.0) + 1.0) / 4.0).abs() < 1e-12);
        // A hand-computed case: pred {0,1,2}{3,4}, gold {0,1}{2,3,4}.
        let b = bcubed(&[1, 1, 1, 2, 2], &[7, 7, 8, 8, 8]).unwrap();
        assert!((b.precision - (2.0 * 2.0 / 3.0 + 1.0 / 3.0 + 2.0) / 5.0).abs() < 1e-12);
        assert!((b.recall - (2.0 + 1.0 / 3.0 + 2.0 * 2.0 / 3.0) / 5.0).abs() < 1e-12);
        // MI = 0.2911032, H(pred) = H(gold) = 0.6730117 (nats): NMI = 0.4325381.
        assert!((nmi(&[1, 1, 1, 2, 2], &[7, 7, 8, 8, 8]).unwrap() - 0.432_538_07).abs() < 1e-7);
        assert_eq!(nmi(&[5, 5], &["x", "x"]).unwrap(), 1.0);
        assert_eq!(nmi(&[1, 2], &["x", "x"]).unwrap(), 0.0);
    }

    #[test]
    fn label_names_do_not_matter() {
        let gold = ["a", "b", "a", "c", "c", "b"];
        let p1 = [3, 1, 3, 2, 2, 2];
        let p2 = ["z", "y", "z", "x", "x", "x"];
        assert_eq!(bcubed(&p1, &gold), bcubed(&p2, &gold));
        assert_eq!(nmi(&p1, &gold), nmi(&p2, &gold));
        assert!((nmi(&p1, &gold).unwrap() - nmi(&gold, &p1).unwrap()).abs() < 1e-12);
    }
}
