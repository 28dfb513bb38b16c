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
