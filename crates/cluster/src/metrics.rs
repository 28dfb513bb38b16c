//! Scores of a clustering against gold labels: B-cubed precision, recall and F1, pairwise precision,
//! recall and F1, normalized mutual information, the adjusted Rand index, and accuracy under the best
//! one-to-one matching of predicted to gold clusters (the Hungarian method). [`score`] computes them all.
//!
//! Each takes one predicted and one gold label per item, in the same order; labels of any hashable type.
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

/// Pairwise precision, recall and F1: over the pairs of items put in one predicted cluster, the share also
/// in one gold cluster (precision), and over the pairs in one gold cluster, the share also predicted
/// together (recall). Precision is 1 when no two items share a predicted cluster (recall likewise).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pairwise {
    /// Same-gold pairs among same-predicted pairs.
    pub precision: f64,
    /// Same-predicted pairs among same-gold pairs.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Every score of a clustering against gold labels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// Items scored.
    pub items: usize,
    /// Predicted clusters.
    pub predicted_clusters: usize,
    /// Gold clusters.
    pub gold_clusters: usize,
    /// B-cubed precision, recall, F1.
    pub bcubed: BCubed,
    /// Pairwise precision, recall, F1.
    pub pairwise: Pairwise,
    /// Normalized mutual information (arithmetic mean normalization).
    pub nmi: f64,
    /// Adjusted Rand index.
    pub ari: f64,
    /// Accuracy under the best one-to-one matching of predicted to gold clusters.
    pub accuracy: f64,
}

/// All the scores of a predicted clustering against gold labels.
pub fn score<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<Scores, MetricsError> {
    let c = contingency(pred, gold)?;
    Ok(Scores {
        items: pred.len(),
        predicted_clusters: c.predicted.len(),
        gold_clusters: c.gold.len(),
        bcubed: c.bcubed(),
        pairwise: c.pairwise(),
        nmi: c.nmi(),
        ari: c.ari(),
        accuracy: c.accuracy(),
    })
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
    Ok(contingency(pred, gold)?.bcubed())
}

/// Normalized mutual information, MI / mean(H(pred), H(gold)) (the arithmetic mean, as scikit-learn's
/// default). 1.0 when both clusterings are a single cluster; 0.0 when only one of them is.
pub fn nmi<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<f64, MetricsError> {
    Ok(contingency(pred, gold)?.nmi())
}

/// Pairwise precision, recall and F1 of a predicted clustering against gold labels.
pub fn pairwise<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<Pairwise, MetricsError> {
    Ok(contingency(pred, gold)?.pairwise())
}

/// The adjusted Rand index (Hubert & Arabie 1985): the Rand index corrected for chance, 1 for identical
/// clusterings, about 0 for independent ones. 1.0 when both sides put all items in one cluster or all in
/// singletons alike.
pub fn ari<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<f64, MetricsError> {
    Ok(contingency(pred, gold)?.ari())
}

/// Clustering accuracy: the share of items whose predicted cluster is matched to their gold cluster under
/// the one-to-one matching of predicted to gold clusters that maximizes that share (the Hungarian method,
/// run separately on each connected part of the contingency table, which gives the same optimum).
pub fn accuracy<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Result<f64, MetricsError> {
    Ok(contingency(pred, gold)?.accuracy())
}

/// n choose 2.
fn pairs(n: f64) -> f64 {
    n * (n - 1.0) / 2.0
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

impl Contingency {
    fn bcubed(&self) -> BCubed {
        // Each of the `count` items of a cell has precision count/|pred cluster| and recall count/|gold cluster|.
        let precision =
            self.cells.iter().map(|&(a, _, count)| count * count / self.predicted[a]).sum::<f64>() / self.n;
        let recall =
            self.cells.iter().map(|&(_, b, count)| count * count / self.gold[b]).sum::<f64>() / self.n;
        BCubed { precision, recall, f1: f1(precision, recall) }
    }

    fn nmi(&self) -> f64 {
        let n = self.n;
        let entropy = |sizes: &[f64]| -sizes.iter().map(|&s| s / n * (s / n).ln()).sum::<f64>();
        let (hp, hg) = (entropy(&self.predicted), entropy(&self.gold));
        if hp == 0.0 && hg == 0.0 {
            return 1.0;
        }
        if hp == 0.0 || hg == 0.0 {
            return 0.0;
        }
        let mi: f64 = self
            .cells
            .iter()
            .map(|&(a, b, count)| count / n * (n * count / (self.predicted[a] * self.gold[b])).ln())
            .sum();
        (mi / ((hp + hg) / 2.0)).clamp(0.0, 1.0)
    }

    fn pairwise(&self) -> Pairwise {
        let together: f64 = self.cells.iter().map(|&(_, _, c)| pairs(c)).sum();
        let predicted: f64 = self.predicted.iter().map(|&s| pairs(s)).sum();
        let gold: f64 = self.gold.iter().map(|&s| pairs(s)).sum();
        let precision = if predicted > 0.0 { together / predicted } else { 1.0 };
        let recall = if gold > 0.0 { together / gold } else { 1.0 };
        Pairwise { precision, recall, f1: f1(precision, recall) }
    }

    fn ari(&self) -> f64 {
        let index: f64 = self.cells.iter().map(|&(_, _, c)| pairs(c)).sum();
        let a: f64 = self.predicted.iter().map(|&s| pairs(s)).sum();
        let b: f64 = self.gold.iter().map(|&s| pairs(s)).sum();
        let expected = a * b / pairs(self.n).max(1.0);
        let max = (a + b) / 2.0;
        if max == expected {
            // Both trivial in the same way (all singletons, or one cluster each).
            return 1.0;
        }
        (index - expected) / (max - expected)
    }

    fn accuracy(&self) -> f64 {
        // Connected parts of the bipartite graph predicted–gold (edges are non-empty cells), by union-find
        // over predicted ids 0..P and gold ids P..P+G.
        let np = self.predicted.len();
        let mut parent: Vec<usize> = (0..np + self.gold.len()).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for &(a, b, _) in &self.cells {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, np + b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut parts: FxHashMap<usize, Vec<(usize, usize, f64)>> = FxHashMap::default();
        for &cell in &self.cells {
            let root = find(&mut parent, cell.0);
            parts.entry(root).or_default().push(cell);
        }
        let matched: f64 = parts.into_values().map(|cells| max_matching(&cells)).sum();
        matched / self.n
    }
}

/// The largest total count of a one-to-one matching between the rows and columns of a sparse table of
/// (row, column, count) cells.
fn max_matching(cells: &[(usize, usize, f64)]) -> f64 {
    let (rows, _) = dense(&cells.iter().map(|c| c.0).collect::<Vec<_>>());
    let (cols, _) = dense(&cells.iter().map(|c| c.1).collect::<Vec<_>>());
    let n_rows = rows.iter().max().map_or(0, |m| m + 1);
    let n_cols = cols.iter().max().map_or(0, |m| m + 1);
    if n_rows == 1 || n_cols == 1 {
        return cells.iter().map(|c| c.2).fold(0.0, f64::max);
    }
    // The Hungarian method needs rows ≤ columns: transpose when needed.
    let (n, m, transpose) = if n_rows <= n_cols { (n_rows, n_cols, false) } else { (n_cols, n_rows, true) };
    let mut cost = vec![0.0; n * m];
    for ((&r, &c), cell) in rows.iter().zip(&cols).zip(cells) {
        let (i, j) = if transpose { (c, r) } else { (r, c) };
        cost[i * m + j] = -cell.2;
    }
    let assignment = hungarian(n, m, &cost);
    assignment.iter().enumerate().map(|(i, &j)| -cost[i * m + j]).sum()
}

/// The Hungarian method with potentials (Kuhn–Munkres, O(n² m)): for an n × m cost matrix (row-major) with
/// n ≤ m, the column assigned to each row in an assignment of least total cost.
fn hungarian(n: usize, m: usize, cost: &[f64]) -> Vec<usize> {
    // 1-based rows and columns; column 0 is the virtual start.
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut row_of = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        row_of[0] = i;
        let mut j0 = 0;
        let mut min_to = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = row_of[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=m {
                if used[j] {
                    continue;
                }
                let reduced = cost[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
                if reduced < min_to[j] {
                    min_to[j] = reduced;
                    way[j] = j0;
                }
                if min_to[j] < delta {
                    delta = min_to[j];
                    j1 = j;
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    min_to[j] -= delta;
                }
            }
            j0 = j1;
            if row_of[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut assignment = vec![0; n];
    for j in 1..=m {
        if row_of[j] > 0 {
            assignment[row_of[j] - 1] = j - 1;
        }
    }
    assignment
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
    fn pairwise_ari_and_accuracy_known_values() {
        // pred {0,1,2}{3,4}, gold {0,1}{2,3,4}: together pairs 1 + 1 + 1 = 3 of 3 + 1 predicted, 1 + 3 gold.
        let (pred, gold) = ([1, 1, 1, 2, 2], [7, 7, 8, 8, 8]);
        let p = pairwise(&pred, &gold).unwrap();
        assert_eq!((p.precision, p.recall), (0.5, 0.5));
        // ARI: index 2, expected 4 * 4 / 10 = 1.6, max 4: (2 - 1.6) / (4 - 1.6) = 1/6.
        assert!((ari(&pred, &gold).unwrap() - 1.0 / 6.0).abs() < 1e-12);
        // Best matching: {0,1,2}→7 (2 items), {3,4}→8 (2 items).
        assert_eq!(accuracy(&pred, &gold).unwrap(), 0.8);
        // Over-splitting costs accuracy: only the largest piece of each gold cluster counts.
        assert_eq!(accuracy(&[1, 1, 2, 3, 3, 3], &[0, 0, 0, 1, 1, 1]).unwrap(), 5.0 / 6.0);
        // One cluster for everything: only the largest gold cluster is matched.
        assert_eq!(accuracy(&[0; 5], &[1, 1, 1, 2, 2]).unwrap(), 0.6);
        let s = score(&pred, &gold).unwrap();
        assert_eq!((s.items, s.predicted_clusters, s.gold_clusters), (5, 2, 2));
        assert_eq!(s.accuracy, 0.8);
        assert_eq!(ari(&[1, 2, 3], &[4, 5, 6]).unwrap(), 1.0);
        assert_eq!(ari(&[1, 1], &[4, 4]).unwrap(), 1.0);
        assert!((ari(&[1, 1, 2, 2], &[1, 2, 1, 2]).unwrap() + 0.5).abs() < 1e-12);
    }

    #[test]
    fn accuracy_needs_the_global_optimum() {
        // Greedy (largest cell first: a→x, 5) would give 5 + 1; the optimum pairs a→y and b→x: 4 + 4.
        let mut pred = Vec::new();
        let mut gold = Vec::new();
        for (p, g, n) in [("a", "x", 5), ("a", "y", 4), ("b", "x", 4), ("b", "y", 1)] {
            for _ in 0..n {
                pred.push(p);
                gold.push(g);
            }
        }
        assert_eq!(accuracy(&pred, &gold).unwrap(), 8.0 / 14.0);
    }

    proptest::proptest! {
        /// The Hungarian accuracy equals the best of every one-to-one matching, found by brute force on
        /// small tables; every score stays in range and is symmetric where it should be.
        #[test]
        fn accuracy_is_the_optimum(
            labels in proptest::collection::vec((0u8..4, 0u8..4), 1..40)
        ) {
            let pred: Vec<u8> = labels.iter().map(|l| l.0).collect();
            let gold: Vec<u8> = labels.iter().map(|l| l.1).collect();
            let best = brute_force_accuracy(&pred, &gold);
            let got = accuracy(&pred, &gold).unwrap();
            proptest::prop_assert!((got - best).abs() < 1e-12, "{} vs {}", got, best);
            let s = score(&pred, &gold).unwrap();
            for x in [s.bcubed.f1, s.pairwise.f1, s.nmi, s.accuracy] {
                proptest::prop_assert!((0.0..=1.0 + 1e-12).contains(&x));
            }
            proptest::prop_assert!(s.ari <= 1.0 + 1e-12);
            proptest::prop_assert!((s.ari - ari(&gold, &pred).unwrap()).abs() < 1e-9);
            proptest::prop_assert!((s.accuracy - accuracy(&gold, &pred).unwrap()).abs() < 1e-12);
        }
    }

    /// Tries every injective map from predicted labels (0..4) to gold labels (0..4).
    fn brute_force_accuracy(pred: &[u8], gold: &[u8]) -> f64 {
        let mut best = 0usize;
        let mut perm = [0u8, 1, 2, 3];
        // All 24 permutations by Heap's algorithm.
        let mut c = [0usize; 4];
        let count = |perm: &[u8; 4]| pred.iter().zip(gold).filter(|&(&p, &g)| perm[p as usize] == g).count();
        best = best.max(count(&perm));
        let mut i = 0;
        while i < 4 {
            if c[i] < i {
                if i % 2 == 0 {
                    perm.swap(0, i);
                } else {
                    perm.swap(c[i], i);
                }
                best = best.max(count(&perm));
                c[i] += 1;
                i = 0;
            } else {
                c[i] = 0;
                i += 1;
            }
        }
        best as f64 / pred.len() as f64
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
