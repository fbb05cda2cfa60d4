use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, as sent in `x-ncp-apigw-timestamp`.
///
/// The gateway rejects a timestamp more than 5 minutes away from its own clock, so take a new one for
/// every attempt.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use ncloud_core::signing::Timestamp;
///
/// let t = Timestamp::from_system_time(UNIX_EPOCH + Duration::from_millis(1_848_229_456_865));
/// assert_eq!(t.to_string(), "1848229456865");
/// assert_eq!(t, Timestamp::from_millis(1_848_229_456_865));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

impl Timestamp {
    /// A timestamp of `millis` milliseconds since the Unix epoch.
    pub const fn from_millis(millis: u64) -> Self {
        Self(millis)
    }

    /// The timestamp of a wall-clock time; times before the epoch count as the epoch.
    pub fn from_system_time(time: SystemTime) -> Self {
        let millis = time
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        Self(millis)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
