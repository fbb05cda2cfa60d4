//! The gateway's clock: any [`TimeSource`], set ahead or behind by a fixed offset, so that a test
//! can play a client whose clock has drifted (the gateway refuses timestamps more than
//! [`MAX_CLOCK_SKEW`](crate::MAX_CLOCK_SKEW) off its own clock, and says its time in `Date`).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ncloud_core::time::TimeSource;

/// How far the gateway's clock is from the configured time source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum ClockOffset {
    #[default]
    None,
    Ahead(Duration),
    Behind(Duration),
}

/// A time source moved by a [`ClockOffset`].
pub(crate) struct OffsetClock {
    base: Arc<dyn TimeSource>,
    offset: ClockOffset,
}

impl OffsetClock {
    pub(crate) fn new(base: Arc<dyn TimeSource>, offset: ClockOffset) -> Self {
        Self { base, offset }
    }
}

impl TimeSource for OffsetClock {
    fn now(&self) -> SystemTime {
        let now = self.base.now();
        match self.offset {
            ClockOffset::None => Some(now),
            ClockOffset::Ahead(by) => now.checked_add(by),
            ClockOffset::Behind(by) => now.checked_sub(by),
        }
        .unwrap_or(now)
    }
}

impl fmt::Debug for OffsetClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OffsetClock")
            .field("base", &self.base)
            .field("offset", &self.offset)
            .finish()
    }
}

/// The `Date` header value for `now` (RFC 9110's IMF-fixdate, second precision).
pub(crate) fn http_date(now: SystemTime) -> String {
    httpdate::fmt_http_date(now)
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use ncloud_core::time::ManualTimeSource;

    use super::*;

    #[test]
    fn moves_the_base_clock_either_way_and_follows_it() {
        let base = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
        let ten_minutes = Duration::from_secs(600);
        let ahead = OffsetClock::new(Arc::new(base.clone()), ClockOffset::Ahead(ten_minutes));
        let behind = OffsetClock::new(Arc::new(base.clone()), ClockOffset::Behind(ten_minutes));
        assert_eq!(ahead.now(), base.now() + ten_minutes);
        assert_eq!(behind.now(), base.now() - ten_minutes);
        base.advance(Duration::from_secs(1));
        assert_eq!(ahead.now(), base.now() + ten_minutes);
        assert_eq!(
            http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
    }
}
