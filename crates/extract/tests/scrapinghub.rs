//! The ScrapingHub article-extraction benchmark (181 pages), scored as the benchmark scores it (4-token
//! shingles, precision and recall averaged over pages, F1 from the averages). Skipped when ../shared is
//! missing, unless CI=true.

use samestory_extract::eval::{Dataset, extract, load, score};

/// Measured F1 0.9771 (P 0.9756, R 0.9785); the floors leave room for small trade-offs, not for regressions.
const F1_FLOOR: f64 = 0.973;

#[test]
fn scrapinghub_f1_is_above_floor() {
    let Some(dir) = samestory_testkit::shared("data/extraction/scrapinghub") else { return };
    let cases = load(Dataset::ScrapingHub, &dir).expect("the benchmark loads");
    assert_eq!(cases.len(), 181);
    let started = std::time::Instant::now();
    let preds: Vec<_> = cases.iter().map(extract).collect();
    let r = score(Dataset::ScrapingHub, "samestory", &cases, &preds, started.elapsed().as_secs_f64());
    println!(
        "scrapinghub: {} pages, P {:.4}, R {:.4}, F1 {:.4} ({:.1} pages/s, this build)",
        r.all.pages, r.all.precision, r.all.recall, r.all.f1, r.pages_per_second
    );
    assert!(r.all.f1 >= F1_FLOOR, "F1 {:.4} fell below {F1_FLOOR}", r.all.f1);
    assert!(
        r.all.precision >= 0.971 && r.all.recall >= 0.975,
        "P {:.4} R {:.4}",
        r.all.precision,
        r.all.recall
    );
}
