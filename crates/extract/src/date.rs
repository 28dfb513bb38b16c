//! Parsing the publication dates found in feeds, metadata and JSON Lines, and finding the dates a page
//! prints: in running text, after a published/updated label (a month and year alone reads as its first
//! day; a label about the whole site does not count), in the date line under a headline (with what its
//! label says), in a URL path.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a publication date or time to UTC.
///
/// Accepts RFC 3339 / ISO 8601 (`2025-04-05T14:30:00Z`, `2025-04-05T14:30:00.123+02:00`,
/// `2025-04-05T14:30:00+0200`, or without a zone, taken as UTC), RFC 2822 (`Sat, 05 Apr 2025 14:30:00 GMT`),
/// `YYYY-MM-DD` and `YYYY/MM/DD` (midnight UTC), `YYYY-MM-DD HH:MM[:SS]`, and Unix epoch seconds or
/// milliseconds (a number above 10^11 is taken as milliseconds). Surrounding whitespace is ignored.
/// Returns `None` for anything else, including dates that do not exist.
///
/// ```
/// use samestory_extract::parse_date;
/// let d = parse_date("2025-04-05").unwrap();
/// assert_eq!(d.to_rfc3339(), "2025-04-05T00:00:00+00:00");
/// assert_eq!(parse_date("1743863400"), parse_date("2025-04-05T14:30:00Z"));
/// assert!(parse_date("yesterday").is_none());
/// ```
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_epoch(s);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in
        ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S %z"]
    {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    // A trailing "Z" or " UTC"/" GMT" on an otherwise zone-less time.
    let naive_part = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix(" UTC"))
        .or_else(|| s.strip_suffix(" GMT"))
        .unwrap_or(s);
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(naive_part, fmt) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(naive_part, fmt) {
            return d.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t));
        }
    }
    None
}

fn parse_epoch(s: &str) -> Option<DateTime<Utc>> {
    if s.len() > 16 {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    if n > 100_000_000_000 { DateTime::from_timestamp_millis(n) } else { DateTime::from_timestamp(n, 0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_date(s).map(|d| d.to_rfc3339()).unwrap_or_else(|| "none".into())
    }

    #[test]
    fn rfc3339_and_variants() {
        assert_eq!(iso("2025-04-05T14:30:00Z"), "2025-04-05T14:30:00+00:00");
        assert_eq!(iso("2025-04-05T14:30:00+02:00"), "2025-04-05T12:30:00+00:00");
        assert_eq!(iso("2025-04-05T14:30:00.250-05:00"), "2025-04-05T19:30:00.250+00:00");
        assert_eq!(iso("2025-04-05T14:30:00+0200"), "2025-04-05T12:30:00+00:00");
        assert_eq!(iso("2025-04-05T14:30:00"), "2025-04-05T14:30:00+00:00");
        assert_eq!(iso("2025-04-05T14:30"), "2025-04-05T14:30:00+00:00");
        assert_eq!(iso("  2025-04-05T14:30:00.000Z "), "2025-04-05T14:30:00+00:00");
    }

    #[test]
    fn rfc2822() {
        assert_eq!(iso("Sat, 05 Apr 2025 14:30:00 GMT"), "2025-04-05T14:30:00+00:00");
        assert_eq!(iso("Sat, 05 Apr 2025 14:30:00 +0100"), "2025-04-05T13:30:00+00:00");
    }

    #[test]
    fn plain_dates_and_times() {
        assert_eq!(iso("2025-04-05"), "2025-04-05T00:00:00+00:00");
        assert_eq!(iso("2025/04/05"), "2025-04-05T00:00:00+00:00");
        assert_eq!(iso("2025-04-05 14:30:09"), "2025-04-05T14:30:09+00:00");
        assert_eq!(iso("2025-04-05 14:30"), "2025-04-05T14:30:00+00:00");
        assert_eq!(iso("2025-04-05 14:30:09 UTC"), "2025-04-05T14:30:09+00:00");
    }

    #[test]
    fn epochs() {
        assert_eq!(iso("1743863400"), "2025-04-05T14:30:00+00:00");
        assert_eq!(iso("1743863400000"), "2025-04-05T14:30:00+00:00");
        assert_eq!(iso("0"), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso("99999999999999999999"), "none");
    }

    #[test]
    fn rejects_garbage_and_impossible_dates() {
        for s in ["", "yesterday", "2025-02-30", "2025-13-01", "Nov 19", "12:00", "2025-04-05Tjunk"] {
            assert_eq!(iso(s), "none", "{s}");
        }
    }
}

/// The calendar day of a date or time as written, in its own time zone (`2025-04-05T23:30:00-05:00` is
/// April 5, though it is April 6 in UTC). Accepts what [`parse_date`] accepts.
pub(crate) fn local_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() >= 10 && !s.bytes().all(|b| b.is_ascii_digit()) {
        // `get`, not slicing: the tenth byte may fall inside a multi-byte character (`2026-02-2€T…`).
        if let Some(Ok(d)) = s.get(..10).map(|head| NaiveDate::parse_from_str(head, "%Y-%m-%d")) {
            parse_date(s)?;
            return Some(d);
        }
    }
    parse_date(s).map(|d| d.date_naive())
}

/// Month names (English, and the common abbreviations) to their number.
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if n.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let i = months.iter().position(|m| n.starts_with(m))?;
    (n.len() == 3 || full[i].starts_with(&n) || n == "sept").then_some(i as u32 + 1)
}

/// A date printed in running text: `September 4, 2025`, `Sep. 4 2025`, `4 September 2025`, `4th Sept 2025`,
/// `2025-09-04`, `2025/09/04`, `2023 Jan 7`, `04.09.2025`, or a day/month order that only one reading allows
/// (`25/12/2024`, `12/25/2024`). The first one found wins.
static TEXT_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)
        \b(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{2})\b
      | \b(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?,?\s+(?P<y2>(?:19|20)\d{2})\b
      | \b(?P<y3>(?:19|20)\d{2})[-/.](?P<m3>\d{1,2})[-/.](?P<d3>\d{1,2})(?:[^\d]|$)
      | \b(?P<a4>\d{1,2})[/.-](?P<b4>\d{1,2})[/.-](?P<y4>(?:19|20)\d{2})\b
      | \b(?P<y5>(?:19|20)\d{2}),?\s+(?P<m5>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?\s+(?P<d5>\d{1,2})\b
        ",
    )
    .expect("valid regex")
});

/// The first date printed in `text` (see [`TEXT_DATE`]).
pub(crate) fn date_in_text(text: &str) -> Option<NaiveDate> {
    dates_in_text(text).next().map(|(_, d)| d)
}

/// The dates printed in `text` with their byte ranges, in text order. A reading that is not a date
/// (`Feb 30, 2025`) is skipped, and a year that ends the date before it is not read as the start of
/// another one (`Guide 2026 Dec 26, 2025` is December 26, 2025).
fn dates_in_text(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, NaiveDate)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(c) = TEXT_DATE.captures_at(text, at) {
            let whole = c.get(0).expect("group 0 always matches");
            // Go on from the next character either way: a failed reading may hide a date inside it.
            at = whole.start() + text[whole.start()..].chars().next().map_or(1, char::len_utf8);
            let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
            let year = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<i32>().ok());
            let found = if let (Some(m), Some(d), Some(y)) = (c.name("m1"), num("d1"), year("y1")) {
                month_number(m.as_str()).and_then(|m| NaiveDate::from_ymd_opt(y, m, d))
            } else if let (Some(m), Some(d), Some(y)) = (c.name("m2"), num("d2"), year("y2")) {
                month_number(m.as_str()).and_then(|m| NaiveDate::from_ymd_opt(y, m, d))
            } else if let (Some(y), Some(m), Some(d)) = (year("y3"), num("m3"), num("d3")) {
                NaiveDate::from_ymd_opt(y, m, d)
            } else if let (Some(m), Some(d), Some(y)) = (c.name("m5"), num("d5"), year("y5")) {
                // `2026 Dec 26, 2025`: the year belongs to what came before; the date is the one after it.
                let after = &text[whole.end()..];
                let trimmed = after.trim_start_matches([',', ' ']);
                let year_follows = trimmed.len() < after.len()
                    && trimmed.len() >= 4
                    && trimmed.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                    && !trimmed.as_bytes().get(4).is_some_and(u8::is_ascii_alphanumeric);
                if year_follows {
                    None
                } else {
                    month_number(m.as_str()).and_then(|m| NaiveDate::from_ymd_opt(y, m, d))
                }
            } else if let (Some(a), Some(b), Some(y)) = (num("a4"), num("b4"), year("y4")) {
                let mut seps = whole.as_str().chars().filter(|c| "/.-".contains(*c));
                let sep = seps.next();
                let dot = sep == Some('.');
                if sep != seps.next() || (sep == Some('-') && a <= 12 && b <= 12) {
                    // `04/05-2025`: no date; `02-12-2025` is written day first as often as month first.
                    None
                } else if dot || (a > 12 && b <= 12) {
                    NaiveDate::from_ymd_opt(y, b, a)
                } else {
                    // `12/25/2024` is month first; `04/05/2025` is a guess: US sites write month first,
                    // most others day first.
                    NaiveDate::from_ymd_opt(y, a, b)
                }
            } else {
                None
            };
            if let Some(d) = found {
                at = whole.end();
                return Some((whole.range(), d));
            }
        }
        None
    })
}

/// What a label says of the date after it, most telling first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    /// `Originally published`, `First published`: the first publication, whatever came after.
    Original,
    /// `Published`, `Posted`, `Publication date`.
    Published,
    /// `Updated`, `Last updated`, `Modified`.
    Updated,
}

/// A date the text labels as the publication or update date (`Published on June 4, 2025`, `Posted
/// 15/12/2025`, `Last updated: Nov 13, 2025`). A date labeled as the first publication wins, then one
/// labeled as published or posted, then an update; an unlabeled date printed just before an update
/// (`Dec 3, 2025. Updated: Dec 7, 2025`) is the publication. The first of the best kind wins.
pub(crate) fn labeled_date_in_text(text: &str) -> Option<NaiveDate> {
    static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?P<orig>(?:originally|first)\s+(?:published|posted))|\b(?P<kind>published|posted|post\s+(?:date|time)|updated|modified|publication date|date published)\s*:?\s*(?:on\s+)?(?:the\s+)?",
        )
        .expect("valid regex")
    });
    let mut best: Option<(Label, NaiveDate)> = None;
    for m in LABEL.captures_iter(text) {
        let whole = m.get(0).expect("group 0 always matches");
        let label = if m.name("orig").is_some() {
            Label::Original
        } else if m.name("kind").is_some_and(|k| {
            let k = k.as_str().to_ascii_lowercase();
            k == "updated" || k == "modified"
        }) {
            Label::Updated
        } else {
            Label::Published
        };
        if best.is_some_and(|(b, _)| b <= label) || about_the_site(&text[..whole.start()]) {
            continue;
        }
        let mut rest = &text[whole.end()..];
        if label == Label::Original {
            // `originally published on`, `first published:`
            let skip = rest.len() - rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace()).len();
            rest = &rest[skip..];
            rest = rest.strip_prefix("on ").or_else(|| rest.strip_prefix("On ")).unwrap_or(rest);
        }
        let cut = rest.char_indices().nth(30).map_or(rest.len(), |(k, _)| k);
        // The date must follow the label directly (a weekday may come between).
        let after = dates_in_text(&rest[..cut])
            .next()
            .filter(|(r, _)| r.start <= 12)
            .map(|(_, d)| d)
            .or_else(|| month_and_year(&rest[..cut]));
        let found = match (label, after) {
            (Label::Updated, _) => before_update(&text[..whole.start()])
                .map(|d| (Label::Published, d))
                .or(after.map(|d| (label, d))),
            (_, Some(d)) => Some((label, d)),
            (_, None) => None,
        };
        if let Some(f) = found {
            if best.is_none_or(|(b, _)| f.0 < b) {
                best = Some(f);
            }
        }
    }
    best.map(|(_, d)| d)
}

/// Whether a label is about the whole site (`Site last updated: …` in a footer), not the page: the text
/// just before it ends with "site" or "website".
fn about_the_site(head: &str) -> bool {
    let mut words =
        head.rsplit(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase);
    let mut word = words.next();
    if word.as_deref() == Some("last") {
        word = words.next();
    }
    matches!(word.as_deref(), Some("site" | "website"))
}

/// A month and year right at the start of `text` (`June 2022`, `Sept. 2021`), as the first of that month:
/// a page dated to the month only.
fn month_and_year(text: &str) -> Option<NaiveDate> {
    let mut words = text.split_whitespace();
    let month = month_number(words.next()?.trim_end_matches(','))?;
    let year = words.next()?.trim_end_matches(|c: char| ".,;|".contains(c));
    if year.len() != 4
        || !year.bytes().all(|b| b.is_ascii_digit())
        || !(year.starts_with("19") || year.starts_with("20"))
    {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, 1)
}

/// The date a page shows under its headline, and what it says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeaderDate {
    /// The first date printed after the headline.
    pub day: NaiveDate,
    /// Where it starts in the text (bytes).
    pub at: usize,
    /// A label marks it as an update (`Updated`, `Last updated on`, `Modified:`, `Reviewed`).
    pub updated: bool,
    /// It reads as part of a sentence (`the deadline is April 15, 2025`), not a date line.
    pub in_prose: bool,
    /// The publication date the header gives beside it: one the same text labels as the publication
    /// (`Originally published Nov 9, 2022`, an unlabeled date just before an update), or the earlier of
    /// two dates printed side by side (`May 21, 2025 April 24, 2025`: updated, then published).
    pub published: Option<NaiveDate>,
}

/// Reads the text that follows a headline (its byline and date line first): the first date, whether a
/// label marks it as an update or it sits in a sentence, and a publication date given beside it.
pub(crate) fn header_date(text: &str) -> Option<HeaderDate> {
    static UPDATE_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:updated|modified|revised|edited|reviewed|refreshed)\s*(?:on|at|:)?\s*(?:[a-z]{3,9},?\s*)?$",
        )
        .expect("valid regex")
    });
    let mut dates = dates_in_text(text);
    let (range, day) = dates.next()?;
    let start = text[..range.start].char_indices().rev().nth(40).map_or(0, |(k, _)| k);
    let before = &text[start..range.start];
    let updated = UPDATE_LABEL.is_match(before);
    // A preposition, verb or conjunction just before puts the date in a sentence (`the deadline is April
    // 15`, `released on 30 October`); `on` after a label (`Posted on`) does not.
    let mut words = before.split_whitespace().rev();
    let word = words.next().unwrap_or("");
    let in_prose = if word == "on" {
        words.next().is_some_and(|w| {
            let w = w.to_lowercase();
            !["published", "posted", "updated", "modified", "written", "released", "created"]
                .contains(&w.as_str())
                && w.chars().all(char::is_lowercase)
        })
    } else {
        SENTENCE_WORDS.contains(&word)
    };
    let next = dates.next().filter(|(r, _)| {
        text[range.end..r.start].trim_matches(|c: char| c.is_whitespace() || ",|·•-–—".contains(c)).is_empty()
    });
    let published = if updated {
        labeled_date_in_text(text).filter(|d| *d != day)
    } else {
        next.map(|(_, d)| d).filter(|d| *d < day)
    };
    Some(HeaderDate { day, at: range.start, updated, in_prose, published })
}

/// Words that, just before a date, make it part of a sentence.
const SENTENCE_WORDS: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "will", "in", "since", "until", "till", "from", "before",
    "after", "of", "to", "through", "as", "and", "or", "than", "between", "at", "for", "around", "about",
    "by", "that", "which", "the", "early", "late", "mid", "next", "last", "until", "ended", "began",
    "starting", "ending",
];

static ORIGINAL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:originally|first)\s+(?:published|posted)\s*(?::|on)?\s*(?:the\s+)?")
        .expect("valid regex")
});

/// Whether the text says anything was first published (a cheap test before reading the page's text).
pub(crate) fn mentions_original(text: &str) -> bool {
    ORIGINAL.is_match(text)
}

/// A date the text labels as the first publication (`This article was originally published on 26 Sep
/// 2019`, `First published: 3 March 2021`).
pub(crate) fn originally_published(text: &str) -> Option<NaiveDate> {
    ORIGINAL.find_iter(text).find_map(|m| {
        let rest = &text[m.end()..];
        let cut = rest.char_indices().nth(30).map_or(rest.len(), |(k, _)| k);
        dates_in_text(&rest[..cut]).next().filter(|(r, _)| r.start <= 12).map(|(_, d)| d)
    })
}

/// The day with its day and month swapped (`2024-10-09` ↔ `2024-09-10`): the other reading of a date
/// written with both numbers up to 12 (`09.10.2024`).
pub(crate) fn swapped(day: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    (day.day() <= 12 && day.day() != day.month())
        .then(|| NaiveDate::from_ymd_opt(day.year(), day.day(), day.month()))
        .flatten()
}

/// An unlabeled date ending right before an "updated" label (`December 3, 2025. Updated: …`).
fn before_update(head: &str) -> Option<NaiveDate> {
    let start = head.char_indices().rev().nth(40).map_or(0, |(k, _)| k);
    let (range, d) = dates_in_text(&head[start..]).last()?;
    let between =
        head[start + range.end..].trim_matches(|c: char| c.is_whitespace() || ".,;|·•-–—(".contains(c));
    between.is_empty().then_some(d)
}

/// A date in a URL path: `/2025/09/04/`, `/2025-09-04-`, `/20250904/`, `/2025/september/04/`.
pub(crate) fn date_in_url(url: &str) -> Option<NaiveDate> {
    static URL_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[/_-](?P<y>(?:19|20)\d{2})[/_-]?(?P<m>[01]\d)[/_-]?(?P<d>[0-3]\d)(?:[/_.+-]|$)")
            .expect("valid regex")
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    if let Some(c) = URL_DATE.captures(path) {
        return NaiveDate::from_ymd_opt(c["y"].parse().ok()?, c["m"].parse().ok()?, c["d"].parse().ok()?);
    }
    // `/2023/october/03/`, `/2023/oct/3/`
    static URL_NAMED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)/(?P<y>(?:19|20)\d{2})/(?P<m>[a-z]{3,9})/(?P<d>[0-3]?\d)(?:[/_.+-]|$)")
            .expect("valid regex")
    });
    let c = URL_NAMED.captures(path)?;
    NaiveDate::from_ymd_opt(c["y"].parse().ok()?, month_number(&c["m"])?, c["d"].parse().ok()?)
}

#[cfg(test)]
mod text_tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_text() {
        assert_eq!(date_in_text("Last updated: August 19, 2025 See comments"), ymd(2025, 8, 19));
        assert_eq!(date_in_text("Posted Sept. 4 2025"), ymd(2025, 9, 4));
        assert_eq!(date_in_text("on the 4th of September, 2025"), ymd(2025, 9, 4));
        assert_eq!(date_in_text("Chirag 20 May 2025 Machine"), ymd(2025, 5, 20));
        assert_eq!(date_in_text("2025-09-04T10:00"), ymd(2025, 9, 4));
        assert_eq!(date_in_text("25/12/2024"), ymd(2024, 12, 25));
        assert_eq!(date_in_text("12/25/2024"), ymd(2024, 12, 25));
        assert_eq!(date_in_text("04.09.2025"), ymd(2025, 9, 4));
        assert_eq!(date_in_text("2023 Jan 7"), ymd(2023, 1, 7));
        assert_eq!(labeled_date_in_text("Share PublishedFeb 2, 2023 next"), ymd(2023, 2, 2));
        assert_eq!(labeled_date_in_text("Posted on the 15/12/2025 at 19:00"), ymd(2025, 12, 15));
        assert_eq!(labeled_date_in_text("Updated: Monday, May 5, 2025"), ymd(2025, 5, 5));
        assert_eq!(labeled_date_in_text("published a study in 2020. On May 5, 2025 it"), None);
        assert_eq!(date_in_text("Feb 30, 2025 then March 1, 2025"), ymd(2025, 3, 1));
        assert_eq!(date_in_text("May I help, 2025 people"), None);
        assert_eq!(date_in_text("in 2025 the mayor"), None);
        // A year closing a title is not the start of a date: `Guide 2026 Dec 26, 2025`.
        assert_eq!(date_in_text("Cost Guide 2026 Dec 26, 2025 • Jane"), ymd(2025, 12, 26));
        assert_eq!(date_in_text("2023 Jan 7 and more"), ymd(2023, 1, 7));
    }

    proptest::proptest! {
        #[test]
        fn reading_dates_in_any_text_is_safe(
            t in "(Published|Updated|originally published|[0-9]{1,4}|Dec|June|[/.,: ]|é|2026|\\PC)*",
        ) {
            for (range, _) in super::dates_in_text(&t) {
                proptest::prop_assert!(t.get(range).is_some());
            }
            let _ = labeled_date_in_text(&t);
            let _ = date_in_url(&t);
            let _ = originally_published(&t);
            if let Some(h) = header_date(&t) {
                proptest::prop_assert!(t.is_char_boundary(h.at) && h.published.is_none_or(|p| p != h.day));
            }
        }
    }

    #[test]
    fn header_dates_and_their_labels() {
        let h = header_date("Bridge reopens By Ann Lee Updated: Friday, March 4, 2025 more").unwrap();
        assert_eq!(
            (h.day, h.updated, h.in_prose, h.published),
            (ymd(2025, 3, 4).unwrap(), true, false, None)
        );
        let h = header_date("Title Last updated on March 4, 2025 · First published March 1, 2025").unwrap();
        assert_eq!((h.updated, h.published), (true, ymd(2025, 3, 1)));
        let h = header_date("Title Ann Lee • March 4, 2025 • 5 min read").unwrap();
        assert!(!h.updated && !h.in_prose && h.published.is_none());
        assert_eq!(&"Title Ann Lee • March 4, 2025"[h.at..], "March 4, 2025");
        assert!(header_date("Title The deadline is April 15, 2025.").unwrap().in_prose);
        assert!(header_date("Title it happened on 30 October 2025").unwrap().in_prose);
        assert!(!header_date("Title Posted on 30 October 2025").unwrap().in_prose);
        assert_eq!(
            header_date("Title May 21, 2025 April 24, 2025 by Kev").unwrap().published,
            ymd(2025, 4, 24)
        );
        assert_eq!(header_date("Title April 24, 2025 May 21, 2025").unwrap().published, None);
        assert_eq!(header_date("no date here"), None);
        assert_eq!(
            originally_published("x. This article was originally published on 26 Sep 2019 at 4pm"),
            ymd(2019, 9, 26)
        );
        assert_eq!(originally_published("first published: 3 March 2021"), ymd(2021, 3, 3));
        assert_eq!(originally_published("originally published in a journal in May 2020"), None);
        assert_eq!(swapped(ymd(2024, 10, 9).unwrap()), ymd(2024, 9, 10));
        assert_eq!(swapped(ymd(2024, 10, 13).unwrap()), None);
        assert_eq!(swapped(ymd(2024, 5, 5).unwrap()), None);
    }

    #[test]
    fn dashed_dates_only_when_one_reading_fits() {
        assert_eq!(date_in_text("Posted 25-12-2024 by Ann"), ymd(2024, 12, 25));
        assert_eq!(date_in_text("Posted 12-25-2024 by Ann"), ymd(2024, 12, 25));
        // Day first as often as month first: no date rather than a guess.
        assert_eq!(date_in_text("Post time: 02-12-2025"), None);
        // Mixed separators are no date.
        assert_eq!(date_in_text("04/25-2025"), None);
        assert_eq!(date_in_text("04/25/2025"), ymd(2025, 4, 25));
    }

    #[test]
    fn post_date_labels_month_only_dates_and_site_wide_labels() {
        assert_eq!(labeled_date_in_text("Share Post date: 25-12-2024"), ymd(2024, 12, 25));
        assert_eq!(labeled_date_in_text("Post time: 2024/01/04 more"), ymd(2024, 1, 4));
        // A page dated to the month: its first day.
        assert_eq!(labeled_date_in_text("Last Updated: June 2022 Contact us"), ymd(2022, 6, 1));
        assert_eq!(labeled_date_in_text("Published Sept. 2021."), ymd(2021, 9, 1));
        assert_eq!(labeled_date_in_text("Updated: June 20 people"), None);
        // The site's footer speaks of the site, not the page.
        assert_eq!(labeled_date_in_text("Footer. Site Last Updated: December 20, 2025"), None);
        assert_eq!(labeled_date_in_text("Website updated December 20, 2025"), None);
        assert_eq!(
            labeled_date_in_text("Last Updated: June 2022 ... Site Last Updated: December 20, 2025"),
            ymd(2022, 6, 1)
        );
        assert_eq!(
            labeled_date_in_text("Updated Jan 3, 2024 ... Site last updated: Dec 20, 2025"),
            ymd(2024, 1, 3)
        );
    }

    #[test]
    fn labels_rank_first_publication_then_publication_then_update() {
        // An unlabeled date just before an update is the publication.
        assert_eq!(
            labeled_date_in_text("Jane Doe December 3, 2025. Updated: December 7, 2025"),
            ymd(2025, 12, 3)
        );
        assert_eq!(labeled_date_in_text("Updated Jan 9, 2025 · Published Jan 2, 2025"), ymd(2025, 1, 2));
        assert_eq!(labeled_date_in_text("Updated Jan 9, 2025"), ymd(2025, 1, 9));
        assert_eq!(
            labeled_date_in_text(
                "Jane Doe 30 Sep 2022. This article was originally published on 26 Sep 2019 at 4pm"
            ),
            ymd(2019, 9, 26)
        );
        assert_eq!(
            labeled_date_in_text("first published: 3 March 2021; updated 4 May 2024"),
            ymd(2021, 3, 3)
        );
        assert_eq!(labeled_date_in_text("originally published in a journal"), None);
    }

    #[test]
    fn dates_in_urls_and_local_days() {
        assert_eq!(date_in_url("https://a.example/2025/09/04/title/"), ymd(2025, 9, 4));
        assert_eq!(date_in_url("https://a.example/news/2019-11-18-story"), ymd(2019, 11, 18));
        assert_eq!(date_in_url("https://a.example/p/20191118/x.html"), ymd(2019, 11, 18));
        assert_eq!(date_in_url("https://2025.example/id/123456789"), None);
        assert_eq!(date_in_url("https://a.example/2025/13/45/"), None);
        assert_eq!(date_in_url("https://a.example/blog/2023/october/03/wine-styles/"), ymd(2023, 10, 3));
        assert_eq!(date_in_url("https://a.example/2023/Sept/3"), ymd(2023, 9, 3));
        assert_eq!(date_in_url("https://a.example/2023/market/03/x"), None);
        assert_eq!(local_day("2025-04-05T23:30:00-05:00"), ymd(2025, 4, 5));
        // The tenth byte inside a character: no panic (found by fuzzing).
        assert_eq!(local_day("2026-02-2€T07:15:00+01:00"), None);
        assert_eq!(local_day("Sat, 05 Apr 2025 14:30:00 GMT"), ymd(2025, 4, 5));
        assert_eq!(local_day("2025-04-05Tjunk"), None);
    }
}
