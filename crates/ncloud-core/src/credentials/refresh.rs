use std::time::Duration;
#[cfg(feature = "http")]
use std::time::SystemTime;

/// Credentials that expire are reloaded when less than this is left (or, for keys that live
/// shorter than twice this, halfway through their life), so that no request is signed with keys
/// about to expire and a long listing never runs into the expiry.
pub const CREDENTIALS_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// When keys `loaded` at that time and valid until `expiry` are due for a reload:
/// [`CREDENTIALS_REFRESH_MARGIN`] before `expiry`, but not before halfway from `loaded` to it.
#[cfg(feature = "http")] // the client and the signer reload keys
pub(crate) fn refresh_time(loaded: SystemTime, expiry: SystemTime) -> SystemTime {
    let life = expiry.duration_since(loaded).unwrap_or_default();
    let halfway = loaded + life / 2;
    let margin = expiry
        .checked_sub(CREDENTIALS_REFRESH_MARGIN)
        .unwrap_or(loaded);
    margin.max(halfway)
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn refresh_time_keeps_the_margin_or_half_the_life() {
        let t0 = UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(
            refresh_time(t0, t0 + HOUR),
            t0 + HOUR - CREDENTIALS_REFRESH_MARGIN
        );
        let short = Duration::from_secs(120);
        assert_eq!(refresh_time(t0, t0 + short), t0 + short / 2);
    }
}
