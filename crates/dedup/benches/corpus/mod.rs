//! The labelled copy corpus: real article bodies from `../shared/data` as originals, and copies of them
//! made the ways aggregators and scrapers make them.
//!
//! Originals are the ground-truth bodies of the ScrapingHub extraction benchmark (`articleBody`), of the
//! WCXB dev split (`main_content`) and of PolNeAR (`text`, news articles), with at least 60 words, minus
//! any that overlap an earlier one (Jaccard of 5-word shingles ≥ 0.3 or containment ≥ 0.5: some sites'
//! pages repeat each other). Every original belongs to an outlet (PolNeAR's publisher, else one of 60
//! made-up outlets) and carries that outlet's header line and footer paragraph: different articles of one
//! outlet share boilerplate, the hard negatives.
//!
//! Each original gets 0 to 3 copies (40/30/20/10 %), each one change or two, each by another outlet and
//! published 10 minutes to 2 days later:
//!
//! | change | what |
//! |---|---|
//! | `exact` | the same words, re-typeset: case, quotes, dashes, spacing and line breaks changed |
//! | `wrapped` | the body inside an aggregator's page: a menu line, "Originally published by", two ALL-CAPS related headlines between paragraphs, "Read the full article here", "Share.", "Leave A Reply", a copyright line |
//! | `excerpt` | the first paragraphs (20–60 % of the words, at least 40) and "Read the full article here" |
//! | `dropped` | one or two paragraphs left out |
//! | `reordered` | a paragraph moved elsewhere |
//! | `typos` | one typo per 80 words (a letter dropped, doubled or swapped) |
//! | `headline` | a new headline line on top |
//! | `edited` | light word edits: one word in 50 replaced or followed by an inserted one ("reportedly"), "on Tuesday" added |
//! | `body only` | scraped without the outlet's boilerplate (combined with another change) |
//!
//! Everything is drawn from a seeded generator: the same data and seed give the same corpus.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// One document of the corpus.
#[derive(Clone, Debug)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub text: String,
    pub outlet: String,
    pub published_ms: i64,
    /// The original's number: documents of one family are one original and its copies.
    pub family: usize,
    /// `original`, or the changes that made this copy, joined by `+`.
    pub change: String,
}

/// The corpus, originals first in each family.
pub struct Corpus {
    pub docs: Vec<Doc>,
    pub originals: usize,
    /// Originals dropped because they overlapped an earlier one.
    pub overlapping: usize,
}

/// A ground-truth body.
#[derive(Clone, Debug)]
pub struct Body {
    pub source: &'static str,
    pub outlet: Option<String>,
    pub title: String,
    pub text: String,
}

pub use samestory_testkit::synthetic::Rng;

fn gunzip(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let mut out = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut out)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    out
}

/// Reads every ground-truth body under `data` (the `../shared/data` folder).
pub fn load_bodies(data: &Path) -> Vec<Body> {
    let mut bodies = Vec::new();
    let sh = data.join("extraction/scrapinghub/ground-truth.json");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&sh).unwrap_or_else(|e| panic!("cannot read {}: {e}", sh.display())),
    )
    .expect("scrapinghub ground truth is JSON");
    let mut entries: Vec<(&String, &serde_json::Value)> =
        json.as_object().expect("an object").iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (_, v) in entries {
        if let Some(text) = v["articleBody"].as_str() {
            bodies.push(Body {
                source: "scrapinghub",
                outlet: None,
                title: String::new(),
                text: text.into(),
            });
        }
    }
    let dir = data.join("extraction/wcxb-dev/ground-truth");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort();
    for path in files {
        let v: serde_json::Value = serde_json::from_str(&gunzip(&path)).expect("wcxb ground truth is JSON");
        let gt = &v["ground_truth"];
        if let Some(text) = gt["main_content"].as_str() {
            let title = gt["title"].as_str().unwrap_or("").to_string();
            bodies.push(Body { source: "wcxb", outlet: None, title, text: text.into() });
        }
    }
    let polnear = data.join("quotes/polnear-train-dev.jsonl.gz");
    if polnear.exists() {
        for line in gunzip(&polnear).lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("polnear line is JSON");
            if let Some(text) = v["text"].as_str() {
                bodies.push(Body {
                    source: "polnear",
                    outlet: v["publisher"].as_str().map(str::to_string),
                    title: v["title"].as_str().unwrap_or("").to_string(),
                    text: text.into(),
                });
            }
        }
    }
    bodies
}

/// The paragraphs of a body: its non-blank lines, trimmed.
fn paragraphs(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn word_count(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(|p| p.split_whitespace().count()).sum()
}

/// The distinct 5-word shingles of a text, hashed (for the overlap filter only).
pub fn shingle_set(text: &str) -> Vec<u64> {
    let norm = samestory_model::normalize_text(text);
    // Normalized words are separated by single spaces: a shingle is a slice of the text.
    let starts: Vec<usize> = std::iter::once(0).chain(norm.match_indices(' ').map(|(i, _)| i + 1)).collect();
    let end_of = |w: usize| if w + 1 < starts.len() { starts[w + 1] - 1 } else { norm.len() };
    let mut set: Vec<u64> = if starts.len() < 5 {
        vec![xxhash_rust::xxh3::xxh3_64(norm.as_bytes())]
    } else {
        (0..=starts.len() - 5)
            .map(|w| xxhash_rust::xxh3::xxh3_64(&norm.as_bytes()[starts[w]..end_of(w + 4)]))
            .collect()
    };
    set.sort_unstable();
    set.dedup();
    set
}

/// Keeps the bodies of at least 60 words that do not overlap an earlier kept one. (Shingles shared by
/// more than 50 bodies are common phrases and not counted.)
fn distinct_bodies(bodies: &[Body]) -> (Vec<Body>, usize) {
    let long: Vec<&Body> = bodies.iter().filter(|b| word_count(&paragraphs(&b.text)) >= 60).collect();
    let sets: Vec<Vec<u64>> = long.iter().map(|b| shingle_set(&b.text)).collect();
    let mut all: Vec<(u64, u32)> =
        sets.iter().enumerate().flat_map(|(d, set)| set.iter().map(move |&h| (h, d as u32))).collect();
    all.sort_unstable();
    let mut common: rustc_hash::FxHashMap<(u32, u32), u32> = rustc_hash::FxHashMap::default();
    for group in all.chunk_by(|a, b| a.0 == b.0) {
        if group.len() < 2 || group.len() > 50 {
            continue;
        }
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                *common.entry((a.1, b.1)).or_default() += 1;
            }
        }
    }
    let mut overlaps_earlier: Vec<Vec<u32>> = vec![Vec::new(); long.len()];
    for (&(a, b), &c) in &common {
        let (sa, sb) = (sets[a as usize].len(), sets[b as usize].len());
        let c = c as usize;
        let jaccard = c as f64 / (sa + sb - c) as f64;
        if jaccard >= 0.3 || c as f64 / sa.min(sb) as f64 >= 0.5 {
            overlaps_earlier[a.max(b) as usize].push(a.min(b));
        }
    }
    let mut kept_flags = vec![false; long.len()];
    let mut kept = Vec::new();
    for (d, body) in long.iter().enumerate() {
        if overlaps_earlier[d].iter().any(|&e| kept_flags[e as usize]) {
            continue;
        }
        kept_flags[d] = true;
        kept.push((*body).clone());
    }
    let overlapping = long.len() - kept.len();
    (kept, overlapping)
}

const BOILERPLATE: &[&str] = &[
    "Subscribe to our newsletter for the day's top stories delivered to your inbox every morning.",
    "Our journalism is funded by readers like you; become a member today and support independent reporting.",
    "Follow us on Facebook, X and Instagram for breaking news, photos and video from our newsroom.",
    "Have a news tip? Contact our editors by email or through our secure form at any hour.",
    "All content is copyright and may not be republished, broadcast or redistributed without permission.",
    "Download our app for alerts on the stories that matter to you, wherever you are.",
    "Comments are moderated and must follow our community guidelines; see our terms of service.",
    "Advertise with us and reach millions of engaged readers across our print and digital editions.",
    "Sign up for unlimited digital access and get the weekend print edition delivered to your door.",
    "This article was produced by our staff with additional reporting from wire services and partners.",
    "Listen to our daily podcast for analysis of the news with our reporters and guests.",
    "Read our corrections policy and learn how we verify the information we publish.",
];

const MENU: &[&str] =
    &["Home", "World", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Opinion", "Video"];

const AGGREGATORS: &[&str] = &[
    "Time Bulletin",
    "NewsHub Daily",
    "Daily Feed Now",
    "World News Wire",
    "Headline Hive",
    "The News Stack",
    "Briefly Today",
    "Global Report Live",
    "Press Pulse",
    "Top Stories Network",
];

/// An outlet's boilerplate: a header line and a footer paragraph of five of the sentences above.
fn outlet_boilerplate(outlet: &str, seed: u64) -> (String, String) {
    let mut rng = Rng::new(seed ^ 0x00B0_11E4);
    let mut picks: Vec<&str> = Vec::new();
    while picks.len() < 5 {
        let s = *rng.pick(BOILERPLATE);
        if !picks.contains(&s) {
            picks.push(s);
        }
    }
    let header = format!("{outlet} | {} | {}", rng.pick(MENU), rng.pick(MENU));
    let footer = format!("{} © {outlet}.", picks.join(" "));
    (header, footer)
}

fn typo(word: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return word.to_string();
    }
    let i = 1 + rng.below(chars.len() - 2);
    let mut out = chars.clone();
    match rng.below(3) {
        0 => {
            out.remove(i);
        }
        1 => out.insert(i, chars[i]),
        _ => out.swap(i, i - 1),
    }
    out.into_iter().collect()
}

/// Applies a word-level function to every `every`-th word (on average) of the paragraphs.
fn edit_words(
    paragraphs: &mut [String],
    rng: &mut Rng,
    every: usize,
    mut f: impl FnMut(&str, &mut Rng) -> String,
) {
    for p in paragraphs.iter_mut() {
        let words: Vec<String> =
            p.split(' ').map(|w| if rng.below(every) == 0 { f(w, rng) } else { w.to_string() }).collect();
        *p = words.join(" ");
    }
}

const FILLERS: &[&str] = &["reportedly", "apparently", "officially", "also", "now", "again", "still"];
const SWAPS: &[&str] = &["said", "says", "told", "the", "a", "this", "that", "new", "major", "local", "big"];

/// Applies one change to a copy's paragraphs; returns false when it cannot apply (too short).
fn apply(change: &str, p: &mut Vec<String>, rng: &mut Rng, related: &[String], agg: &str) -> bool {
    match change {
        "exact" => {
            for para in p.iter_mut() {
                *para = para
                    .replace(['“', '”'], "\"")
                    .replace(['‘', '’'], "'")
                    .replace(" — ", " - ")
                    .replace(", ", " ,  ");
                if rng.chance(0.3) {
                    *para = para.to_uppercase();
                }
            }
            // Re-flow: join pairs of paragraphs.
            let mut flowed = Vec::new();
            for pair in p.chunks(2) {
                flowed.push(pair.join(" "));
            }
            *p = flowed;
        }
        "wrapped" => {
            let menu = format!("{agg} | {} | {} | {} | {}", MENU[0], MENU[1], MENU[2], MENU[3]);
            let mut out = vec![menu, format!("Originally published by {agg} partners")];
            let n = p.len();
            let at1 = if n > 2 { 1 + rng.below(n - 1) } else { n };
            let at2 = if n > 4 { 1 + rng.below(n - 1) } else { n };
            for (i, para) in p.iter().enumerate() {
                if i == at1 || i == at2 {
                    out.push(rng.pick(related).to_uppercase());
                }
                out.push(para.clone());
            }
            out.push("Read the full article here".into());
            out.push("Share.".into());
            out.push("Leave A Reply".into());
            out.push(format!("© 2025 {agg}. All Rights Reserved."));
            *p = out;
        }
        "excerpt" => {
            let total = word_count(p);
            let target = (total as f64 * (0.2 + 0.4 * rng.below(1000) as f64 / 1000.0)) as usize;
            let target = target.max(40);
            if total < 80 {
                return false;
            }
            let mut kept = Vec::new();
            let mut words = 0;
            for para in p.iter() {
                if words >= target {
                    break;
                }
                words += para.split_whitespace().count();
                kept.push(para.clone());
            }
            if kept.len() == p.len() {
                // One long paragraph: cut it by words instead.
                let all: Vec<&str> = p.iter().flat_map(|x| x.split_whitespace()).collect();
                kept = vec![all[..target.min(all.len() * 3 / 4)].join(" ")];
            }
            kept.push(
                rng.pick(&["Read the full article here", "Continue reading...", "Read more"]).to_string(),
            );
            *p = kept;
        }
        "dropped" => {
            if p.len() < 5 {
                return false;
            }
            let k = 1 + rng.below(2);
            for _ in 0..k {
                let i = rng.below(p.len());
                p.remove(i);
            }
        }
        "reordered" => {
            if p.len() < 3 {
                return false;
            }
            let from = rng.below(p.len());
            let para = p.remove(from);
            let to = rng.below(p.len() + 1);
            p.insert(to, para);
        }
        "typos" => edit_words(p, rng, 80, typo),
        "headline" => {
            let h =
                format!("{}: {}", rng.pick(&["BREAKING", "Watch", "Update", "Exclusive"]), rng.pick(related));
            p.insert(0, h);
        }
        "edited" => {
            edit_words(p, rng, 50, |w, rng| {
                if rng.chance(0.5) {
                    format!("{w} {}", rng.pick(FILLERS))
                } else {
                    rng.pick(SWAPS).to_string()
                }
            });
            if p.len() > 1 && rng.chance(0.5) {
                p[0] = format!("{} on Tuesday", p[0].trim_end_matches('.'));
            }
        }
        _ => unreachable!("unknown change {change}"),
    }
    true
}

const CHANGES: &[&str] =
    &["exact", "wrapped", "excerpt", "dropped", "reordered", "typos", "headline", "edited"];

/// Builds the corpus from the bodies with a seed.
pub fn build(bodies: &[Body], seed: u64) -> Corpus {
    let (bodies, overlapping) = distinct_bodies(bodies);
    let mut rng = Rng::new(seed);
    let t0: i64 = 1_735_689_600_000; // 2025-01-01
    let titles: Vec<String> = bodies
        .iter()
        .map(|b| {
            if b.title.trim().is_empty() {
                let first = paragraphs(&b.text).first().cloned().unwrap_or_default();
                first.split_whitespace().take(10).collect::<Vec<_>>().join(" ")
            } else {
                b.title.trim().to_string()
            }
        })
        .collect();
    let mut docs = Vec::new();
    for (family, body) in bodies.iter().enumerate() {
        let outlet = body.outlet.clone().unwrap_or_else(|| format!("Outlet {:02}", family % 60));
        let outlet_seed = outlet.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        let (header, footer) = outlet_boilerplate(&outlet, outlet_seed);
        let body_paragraphs = paragraphs(&body.text);
        let mut page = vec![header];
        page.extend(body_paragraphs.iter().cloned());
        page.push(footer);
        let published = t0 + family as i64 * 7 * 60_000;
        docs.push(Doc {
            id: format!("o{family:04}"),
            title: titles[family].clone(),
            text: page.join("\n\n"),
            outlet: outlet.clone(),
            published_ms: published,
            family,
            change: "original".into(),
        });
        let copies = match rng.below(10) {
            0..=3 => 0,
            4..=6 => 1,
            7..=8 => 2,
            _ => 3,
        };
        for c in 0..copies {
            let agg = *rng.pick(AGGREGATORS);
            let body_only = rng.chance(0.5);
            let mut p = if body_only { body_paragraphs.clone() } else { page.clone() };
            let mut changes = vec![*rng.pick(CHANGES)];
            if rng.chance(0.3) {
                let second = *rng.pick(CHANGES);
                if !changes.contains(&second) && second != "exact" && changes[0] != "exact" {
                    changes.push(second);
                }
            }
            let related: Vec<String> = (0..3).map(|_| titles[rng.below(titles.len())].clone()).collect();
            let mut applied: Vec<&str> = Vec::new();
            for ch in &changes {
                if apply(ch, &mut p, &mut rng, &related, agg) {
                    applied.push(ch);
                }
            }
            if body_only {
                applied.push("body only");
            }
            if applied.is_empty() {
                applied.push("unchanged");
            }
            let title =
                if changes.contains(&"headline") { related[0].clone() } else { titles[family].clone() };
            docs.push(Doc {
                id: format!("o{family:04}-c{c}"),
                title,
                text: p.join("\n\n"),
                outlet: agg.to_string(),
                published_ms: published + 600_000 + rng.below(2 * 86_400_000) as i64,
                family,
                change: applied.join("+"),
            });
        }
    }
    Corpus { originals: bodies.len(), docs, overlapping }
}

/// Pairwise precision, recall and F1 of a grouping against the families: pairs of documents put in one
/// group, against pairs of one family.
pub fn pairwise(families: &[usize], groups: &[usize]) -> (f64, f64, f64) {
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let mut cells: HashMap<(usize, usize), usize> = HashMap::new();
    let mut fam: HashMap<usize, usize> = HashMap::new();
    let mut grp: HashMap<usize, usize> = HashMap::new();
    for (&f, &g) in families.iter().zip(groups) {
        *cells.entry((f, g)).or_default() += 1;
        *fam.entry(f).or_default() += 1;
        *grp.entry(g).or_default() += 1;
    }
    let tp: f64 = cells.values().map(|&n| pairs(n)).sum();
    let truth: f64 = fam.values().map(|&n| pairs(n)).sum();
    let predicted: f64 = grp.values().map(|&n| pairs(n)).sum();
    let precision = if predicted > 0.0 { tp / predicted } else { 1.0 };
    let recall = if truth > 0.0 { tp / truth } else { 1.0 };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    (precision, recall, f1)
}

/// The group of every document from copy answers (`Some(original id)` for copies): the index of its
/// original, or its own index.
pub fn groups_from_answers<'a>(ids: &[&'a str], originals: &[Option<&'a str>]) -> Vec<usize> {
    let position: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    originals.iter().enumerate().map(|(i, o)| o.and_then(|o| position.get(o).copied()).unwrap_or(i)).collect()
}
