//! Synthetic news, deterministic for a seed: invented events, each reported by several invented outlets in
//! their own words (sentences picked, reordered and reworded per outlet), with some aggregator copies, as
//! JSON values in samestory's ingest schema (`id`, `url`, `source`, `title`, `text`, `published`, `lang`).
//!
//! The server's load benchmark, the crash harness and the live-ingestion tests draw their articles here, so
//! one generator serves every test that needs a stream of stories rather than real benchmark pages.
//!
//! ```
//! let articles = samestory_testkit::synthetic::corpus(7, 20, 0, 3, "syn-");
//! assert_eq!(articles.len(), 20);
//! assert!(articles.iter().all(|a| !a["text"].as_str().unwrap().is_empty()));
//! ```

use serde_json::json;

/// A small fast deterministic generator (SplitMix64): the same seed gives the same numbers everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), without modulo bias worth the name.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n.max(1) as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }

    /// A duration between `lo` and `hi`.
    pub fn between(&mut self, lo: std::time::Duration, hi: std::time::Duration) -> std::time::Duration {
        let span = hi.saturating_sub(lo).as_micros().max(1);
        lo + std::time::Duration::from_micros(self.below(span.min(usize::MAX as u128) as usize) as u64)
    }
}

const SYLLABLES: &[&str] = &[
    "bre", "tor", "ven", "mar", "kel", "dun", "sha", "lor", "vik", "pel", "ruk", "zan", "ost", "fen", "gal",
    "hir", "ju", "kra", "lem", "nor", "pra", "quo", "ris", "sel", "tam", "ul", "vor", "wen", "yar", "zel",
    "bo", "cad",
];

const TOPICS: &[&str] = &[
    "fire",
    "flood",
    "election",
    "strike",
    "bridge",
    "museum",
    "ferry",
    "vaccine",
    "budget",
    "storm",
    "earthquake",
    "merger",
    "trial",
    "protest",
    "drought",
    "harvest",
    "festival",
    "stadium",
    "pipeline",
    "airport",
    "hospital",
    "railway",
    "factory",
    "reservoir",
    "wildfire",
    "landslide",
    "recall",
    "lawsuit",
    "referendum",
    "treaty",
    "satellite",
    "telescope",
    "orchestra",
    "library",
    "marathon",
    "cathedral",
    "tunnel",
    "harbour",
    "refinery",
    "vineyard",
    "glacier",
    "volcano",
    "bank",
    "school",
    "university",
    "prison",
    "court",
    "parliament",
    "council",
];

const VERBS: &[&str] = &[
    "announced",
    "confirmed",
    "denied",
    "reported",
    "said",
    "warned",
    "estimated",
    "expected",
    "revealed",
    "promised",
];

const COMMON: &[&str] = &[
    "officials",
    "residents",
    "police",
    "authorities",
    "witnesses",
    "experts",
    "workers",
    "families",
    "engineers",
    "volunteers",
    "doctors",
    "investors",
    "farmers",
    "students",
    "drivers",
    "neighbours",
];

/// One invented event: where, who, which organization, what, which day, and the facts outlets report.
pub struct Event {
    /// The invented place.
    pub place: String,
    /// The person who speaks for the organization.
    pub person: String,
    /// The organization involved.
    pub org: String,
    /// What happened: "fire", "flood", ...
    pub topic: &'static str,
    /// The day, counted from 2025-01-01.
    pub day: i64,
    /// The sentences outlets pick from (`{day}` stands for a weekday).
    pub facts: Vec<String>,
}

fn name(rng: &mut Rng, parts: usize) -> String {
    let mut s: String = (0..parts).map(|_| *rng.pick(SYLLABLES)).collect();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

impl Event {
    /// A new event on `day` (days counted from 2025-01-01).
    pub fn new(rng: &mut Rng, day: i64) -> Event {
        let place = name(rng, 3);
        let person = format!("{} {}", name(rng, 2), name(rng, 3));
        let org =
            format!("{} {}", name(rng, 2), rng.pick(&["Authority", "Group", "Institute", "Agency", "Union"]));
        let topic = *rng.pick(TOPICS);
        let second = *rng.pick(TOPICS);
        let number = 3 + rng.below(500);
        let mut facts = vec![
            format!("A {topic} in {place} affected {number} {} on {{day}}.", rng.pick(COMMON)),
            format!(
                "{person} of the {org} {} that the {topic} began near the {second} of {place}.",
                rng.pick(VERBS)
            ),
            format!("The {org} {} an inquiry into the {topic} at {place}.", rng.pick(VERBS)),
            format!("\"We will rebuild the {second} in {place} together,\" {person} said."),
            format!(
                "About {} {} gathered outside the {second} as the {topic} spread.",
                number * 3,
                rng.pick(COMMON)
            ),
            format!("Damage from the {topic} in {place} was estimated at {} million.", 1 + number / 7),
            format!("The {second} of {place} will stay closed until the {org} completes its review."),
            format!(
                "{person} said the {topic} was the worst the region had seen in {} years.",
                2 + number % 40
            ),
        ];
        for _ in 0..4 {
            let (a, b) = (*rng.pick(COMMON), *rng.pick(TOPICS));
            facts.push(format!(
                "Some {a} in {place} blamed the {b} for the {topic}, {} {}.",
                rng.pick(VERBS),
                name(rng, 2)
            ));
        }
        Event { place, person, org, topic, day, facts }
    }
}

const OUTLET_COUNT: usize = 40;

/// The name of invented outlet `i` (one of 40; larger numbers wrap).
pub fn outlet(i: usize) -> String {
    let mut rng = Rng::new((1000 + (i % OUTLET_COUNT) as u64) ^ 0x9E37_79B9_7F4A_7C15);
    format!(
        "The {} {}",
        name(&mut rng, 2),
        rng.pick(&["Times", "Post", "Herald", "Wire", "Courier", "Gazette", "Daily", "Observer"])
    )
}

/// One article about `event` from outlet `outlet_index`, published `hours` after the event's day began
/// (days counted from 2025-01-01).
pub fn article(rng: &mut Rng, id: &str, event: &Event, outlet_index: usize, hours: i64) -> serde_json::Value {
    let outlet = outlet(outlet_index % OUTLET_COUNT);
    let mut picked: Vec<&String> = event.facts.iter().filter(|_| rng.chance(0.6)).collect();
    if picked.len() < 3 {
        picked = event.facts.iter().take(4).collect();
    }
    // Each outlet orders its report its own way.
    for i in (1..picked.len()).rev() {
        picked.swap(i, rng.below(i + 1));
    }
    let weekday =
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rng.below(7)];
    let paragraphs: Vec<String> = picked
        .chunks(2)
        .map(|c| c.iter().map(|s| s.replace("{day}", weekday)).collect::<Vec<_>>().join(" "))
        .collect();
    let title = match rng.below(3) {
        0 => format!("{} {} in {}: {} speaks", capital(event.topic), "hits", event.place, event.person),
        1 => format!("{} counts the cost of the {}", event.place, event.topic),
        _ => format!("{} opens inquiry into {} {}", event.org, event.place, event.topic),
    };
    let minutes = event.day * 24 * 60 + hours * 60 + rng.below(60) as i64;
    let published = chrono::DateTime::from_timestamp(1_735_689_600 + minutes * 60, 0).unwrap_or_default();
    let slug: String = outlet.to_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
    json!({
        "id": id,
        "url": format!("https://{slug}.example/{}/{id}", published.format("%Y/%m/%d")),
        "source": outlet,
        "title": title,
        "text": paragraphs.join("\n\n"),
        "published": published.to_rfc3339(),
        "lang": "en",
    })
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `count` articles about events spread over `days` days from `first_day`, in publication order, ids
/// `{prefix}{n}`: each event gets 1 to 7 reports (4 on average), 5% of them an aggregator's exact copy.
pub fn corpus(seed: u64, count: usize, first_day: i64, days: i64, prefix: &str) -> Vec<serde_json::Value> {
    let mut rng = Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut out: Vec<(i64, serde_json::Value)> = Vec::with_capacity(count);
    let mut n = 0;
    while out.len() < count {
        let day = first_day + (rng.below(days.max(1) as usize) as i64);
        let event = Event::new(&mut rng, day);
        let reports = 1 + rng.below(7);
        for r in 0..reports {
            if out.len() >= count {
                break;
            }
            let hours = rng.below(36) as i64;
            let outlet = rng.below(OUTLET_COUNT);
            let mut a = article(&mut rng, &format!("{prefix}{n}"), &event, outlet, hours);
            n += 1;
            let at = event.day * 24 + hours;
            if r > 0 && rng.chance(0.05) && out.len() < count {
                let mut copy = a.clone();
                copy["id"] = json!(format!("{prefix}{n}"));
                copy["source"] = json!("Headline Harvest");
                copy["url"] = json!(format!("https://headlineharvest.example/{prefix}{n}"));
                n += 1;
                out.push((at, a));
                a = copy;
            }
            out.push((at + 1, a));
        }
    }
    out.truncate(count);
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, a)| a).collect()
}
