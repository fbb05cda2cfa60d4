//! Durations on the command line, one syntax for every option that takes one (`--timeout`,
//! `--wait-timeout`, `--wait-interval`): `90` (seconds), `90s`, `1m30s`, `10m`, `2h`, `500ms`.

use std::time::Duration;

/// Parses a duration for clap: a bare number of seconds, or humantime's `1m30s`, `500ms`; more
/// than zero. The error says the accepted forms.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let duration = match text.parse::<u64>() {
        Ok(seconds) => Some(Duration::from_secs(seconds)),
        Err(_) => humantime::parse_duration(text).ok(),
    };
    duration.filter(|d| !d.is_zero()).ok_or_else(|| {
        format!(
            "{text:?} is not a duration: use seconds (90, 90s), minutes (10m, 1m30s), hours (2h) \
             or milliseconds (500ms), above 0"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_minutes_hours_and_milliseconds() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration(" 2h "), Ok(Duration::from_secs(7_200)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        for bad in ["", "0", "0s", "m", "soon", "-1", "99999999999999999999h"] {
            let error = parse_duration(bad).unwrap_err();
            assert!(
                error.contains("10m") && error.contains("500ms"),
                "{bad}: {error}"
            );
        }
    }
}
