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

impl Timestamp {
    /// The decimal digits, formatted without `fmt` (the signer's hot path formats one per request).
    pub(crate) fn digits(self) -> Digits {
        let mut bytes = [0; 20]; // u64::MAX has 20 digits
        let mut start = bytes.len();
        let mut n = self.0;
        loop {
            start -= 1;
            bytes[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits { bytes, start }
    }
}

/// A [`Timestamp`] in decimal, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct Digits {
    bytes: [u8; 20],
    start: usize,
}

impl Digits {
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[self.start..]).expect("ASCII digits")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.digits().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_match_the_standard_formatting() {
        for n in [0, 7, 10, 1_848_229_456_865, u64::MAX, u64::MAX - 1, 1 << 40] {
            assert_eq!(Timestamp::from_millis(n).to_string(), format!("{n}"));
        }
    }
}
