//! Durations on the command line: `90`, `90s`, `10m`, `2h` (whole numbers; seconds by default).

use std::time::Duration;

/// Parses a duration for clap; the error says the accepted forms.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let seconds_per_unit = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3_600,
        _ => 0,
    };
    number
        .parse::<u64>()
        .ok()
        .filter(|&n| n > 0 && seconds_per_unit > 0)
        .and_then(|n| n.checked_mul(seconds_per_unit))
        .map(Duration::from_secs)
        .ok_or_else(|| {
            format!("{text:?} is not a duration: use a whole number of seconds (90, 90s), minutes (10m) or hours (2h) above 0")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_minutes_and_hours() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration(" 2h "), Ok(Duration::from_secs(7_200)));
        for bad in ["", "0", "m", "1.5m", "10d", "-1", "99999999999999999999h"] {
            let error = parse_duration(bad).unwrap_err();
            assert!(error.contains("10m"), "{bad}: {error}");
        }
    }
}
