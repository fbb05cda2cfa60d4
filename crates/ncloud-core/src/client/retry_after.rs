//! `Retry-After`: either delta-seconds or an HTTP date.

use std::time::{Duration, SystemTime};

use super::timeout::readable;

/// The wait a `Retry-After` value asks for, relative to `now`; `None` for values that are neither.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What a caller should know about a `Retry-After` of `wait` received at `now` (the gateway's
/// time): how long, until when, and, when `limit` is given, that it is longer than the client waits.
pub(crate) fn wait_hint(wait: Duration, now: SystemTime, limit: Option<Duration>) -> String {
    let until = now.checked_add(wait).map_or_else(
        || "much later".to_owned(),
        |at| {
            chrono::DateTime::<chrono::Utc>::from(at)
                .format("%Y-%m-%d %H:%M:%S UTC")
                .to_string()
        },
    );
    let longer = limit.map_or_else(String::new, |limit| {
        format!(", longer than this client waits ({})", readable(limit))
    });
    format!(
        "the server asked to wait {}{longer}: try again after {until}",
        readable(wait)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_say_how_long_and_until_when() {
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(
            wait_hint(
                Duration::from_secs(3600),
                now,
                Some(Duration::from_secs(20))
            ),
            "the server asked to wait 3600 s, longer than this client waits (20 s): try again \
             after 2027-01-15 09:00:00 UTC"
        );
        assert_eq!(
            wait_hint(Duration::from_secs(7), now, None),
            "the server asked to wait 7 s: try again after 2027-01-15 08:00:07 UTC"
        );
        // a client that waits less than a second says so, not "0 s"
        assert_eq!(
            wait_hint(
                Duration::from_secs(1),
                now,
                Some(Duration::from_millis(300))
            ),
            "the server asked to wait 1 s, longer than this client waits (300 ms): try again \
             after 2027-01-15 08:00:01 UTC"
        );
        assert!(wait_hint(Duration::MAX, now, None).ends_with("much later"));
    }
    use std::time::UNIX_EPOCH;

    #[test]
    fn seconds_and_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
