//! When a feed is polled next: its own interval within bounds, or after failures an exponential backoff
//! with jitter, capped.

use std::time::Duration;

use xxhash_rust::xxh3::xxh3_64;

/// The interval between two successful polls: what the feed asked for (`ttl`, `sy:updatePeriod`), else
/// `default`, kept within `[min, max]`.
pub fn poll_interval(asked: Option<Duration>, default: Duration, min: Duration, max: Duration) -> Duration {
    asked.unwrap_or(default).clamp(min, max.max(min))
}

/// The wait after the `failures`-th failed poll in a row (`failures >= 1`): `base · 2^(failures−1)`, capped
/// at `cap`, of which a random half is taken off ("equal jitter"), so feeds that failed together do not
/// come back together. `seed` varies the jitter (the feed's URL and the clock, say); the result always
/// lies in `[d/2, d]` for the capped delay `d`.
pub fn backoff(failures: u32, base: Duration, cap: Duration, seed: &[u8]) -> Duration {
    let exponent = failures.saturating_sub(1).min(32);
    let full = base.saturating_mul(1u32 << exponent.min(31)).min(cap);
    let full = if exponent > 31 { cap.max(full) } else { full };
    let half = full / 2;
    let fraction = (xxh3_64(seed) >> 11) as f64 / (1u64 << 53) as f64;
    half + half.mul_f64(fraction)
}

/// A server's `Retry-After`: seconds, or an HTTP date (taken relative to now; a past date is zero).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let ahead = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(ahead.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIN: Duration = Duration::from_secs(60);
    const MAX: Duration = Duration::from_secs(86_400);

    #[test]
    fn the_feeds_interval_is_kept_within_bounds() {
        let default = Duration::from_secs(900);
        assert_eq!(poll_interval(None, default, MIN, MAX), default);
        assert_eq!(
            poll_interval(Some(Duration::from_secs(1800)), default, MIN, MAX),
            Duration::from_secs(1800)
        );
        assert_eq!(poll_interval(Some(Duration::ZERO), default, MIN, MAX), MIN);
        assert_eq!(poll_interval(Some(Duration::from_secs(10 * 86_400)), default, MIN, MAX), MAX);
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    proptest! {
        #[test]
        fn backoff_grows_is_capped_and_jittered_within_half(failures in 1u32..80, base_ms in 1u64..100_000,
                                                             cap_ms in 1u64..10_000_000, seed in any::<u64>()) {
            let (base, cap) = (Duration::from_millis(base_ms), Duration::from_millis(cap_ms));
            let d = backoff(failures, base, cap, &seed.to_le_bytes());
            let full = Duration::from_millis(base_ms.saturating_mul(1u64 << (failures - 1).min(40))).min(cap);
            prop_assert!(d <= full, "{d:?} > {full:?}");
            prop_assert!(d >= full / 2, "{d:?} < half of {full:?}");
        }

        #[test]
        fn backoff_never_shrinks_on_average(failures in 1u32..20, seed in any::<u64>()) {
            let (base, cap) = (Duration::from_secs(1), Duration::from_secs(3600));
            let now = backoff(failures, base, cap, &seed.to_le_bytes());
            let next_floor = (base * 2u32.pow(failures)).min(cap) / 2;
            // The next wait's lowest value is at least this one's highest unless the cap was reached.
            prop_assert!(next_floor >= now || (base * 2u32.pow(failures)) > cap);
        }
    }
}
