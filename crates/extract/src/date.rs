//! Parsing the publication dates found in feeds, metadata and JSON Lines.

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
fn month_number(name: &str) -> Option<u32> {
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
      | \b(?P<a4>\d{1,2})[/.](?P<b4>\d{1,2})[/.](?P<y4>(?:19|20)\d{2})\b
      | \b(?P<y5>(?:19|20)\d{2}),?\s+(?P<m5>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?\s+(?P<d5>\d{1,2})\b
        ",
    )
    .expect("valid regex")
});

/// The first date printed in `text` (see [`TEXT_DATE`]).
pub(crate) fn date_in_text(text: &str) -> Option<NaiveDate> {
    for c in TEXT_DATE.captures_iter(text) {
        let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<i32>().ok());
        let found = if let (Some(m), Some(d), Some(y)) = (c.name("m1"), num("d1"), year("y1")) {
            month_number(m.as_str()).and_then(|m| NaiveDate::from_ymd_opt(y, m, d))
        } else if let (Some(m), Some(d), Some(y)) = (c.name("m2"), num("d2"), year("y2")) {
            month_number(m.as_str()).and_then(|m| NaiveDate::from_ymd_opt(y, m, d))
        } else if let (Some(y), Some(m), Some(d)) = (year("y3"), num("m3"), num("d3")) {
            NaiveDate::from_ymd_opt(y, m, d)
        } else if let (Some(m), Some(d), Some(y)) = (c.name("m5"), num("d5"), year("y5")) {
            month_number(m.as_str()).and_then(|m| NaiveDate::from_ymd_opt(y, m, d))
        } else if let (Some(a), Some(b), Some(y)) = (num("a4"), num("b4"), year("y4")) {
            let dot = c.get(0).is_some_and(|m| m.as_str().contains('.'));
            if dot || (a > 12 && b <= 12) {
                NaiveDate::from_ymd_opt(y, b, a)
            } else if b > 12 && a <= 12 {
                NaiveDate::from_ymd_opt(y, a, b)
            } else {
                // `04/05/2025`: US sites write month first, most others day first; the reading is a guess.
                NaiveDate::from_ymd_opt(y, a, b)
            }
        } else {
            None
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// A date the text labels as the publication or update date (`Published on June 4, 2025`, `Posted
/// 15/12/2025`, `Last updated: Nov 13, 2025`): the first such date.
pub(crate) fn labeled_date_in_text(text: &str) -> Option<NaiveDate> {
    static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:published|posted|updated|publication date|date published)\s*:?\s*(?:on\s+)?(?:the\s+)?")
            .expect("valid regex")
    });
    LABEL.find_iter(text).find_map(|m| {
        let rest = &text[m.end()..];
        let cut = rest.char_indices().nth(30).map_or(rest.len(), |(k, _)| k);
        let head = &rest[..cut];
        // The date must follow the label directly (a weekday may come between).
        let first = TEXT_DATE.find(head)?;
        (first.start() <= 12).then(|| date_in_text(&head[first.start()..])).flatten()
    })
}

/// A date in a URL path: `/2025/09/04/`, `/2025-09-04-`, `/20250904/`.
pub(crate) fn date_in_url(url: &str) -> Option<NaiveDate> {
    static URL_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[/_-](?P<y>(?:19|20)\d{2})[/_-]?(?P<m>[01]\d)[/_-]?(?P<d>[0-3]\d)(?:[/_.+-]|$)")
            .expect("valid regex")
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let c = URL_DATE.captures(path)?;
    NaiveDate::from_ymd_opt(c["y"].parse().ok()?, c["m"].parse().ok()?, c["d"].parse().ok()?)
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
    }

    #[test]
    fn dates_in_urls_and_local_days() {
        assert_eq!(date_in_url("https://a.example/2025/09/04/title/"), ymd(2025, 9, 4));
        assert_eq!(date_in_url("https://a.example/news/2019-11-18-story"), ymd(2019, 11, 18));
        assert_eq!(date_in_url("https://a.example/p/20191118/x.html"), ymd(2019, 11, 18));
        assert_eq!(date_in_url("https://2025.example/id/123456789"), None);
        assert_eq!(date_in_url("https://a.example/2025/13/45/"), None);
        assert_eq!(local_day("2025-04-05T23:30:00-05:00"), ymd(2025, 4, 5));
        // The tenth byte inside a character: no panic (found by fuzzing).
        assert_eq!(local_day("2026-02-2€T07:15:00+01:00"), None);
        assert_eq!(local_day("Sat, 05 Apr 2025 14:30:00 GMT"), ymd(2025, 4, 5));
        assert_eq!(local_day("2025-04-05Tjunk"), None);
    }
}
