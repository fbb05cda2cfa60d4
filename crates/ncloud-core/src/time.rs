//! The clock as an input: the signer and the retry loop never read the real clock themselves.

use std::fmt;
use std::time::{Duration, SystemTime};

// The test clock: public with the feature `test-util` (tests of this crate have it too).
#[cfg(feature = "test-util")]
mod manual;
#[cfg(feature = "test-util")]
pub use manual::ManualTimeSource;

/// A source of wall-clock time.
///
/// Production code uses [`SystemTimeSource`]; tests pass a `ManualTimeSource` (feature
/// `test-util`) so that signatures and retry timings are deterministic.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    #[allow(clippy::disallowed_methods)] // the one place allowed to read the real clock
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// `30 s`, `300 ms`, `1.5 s`: a duration rounded to the millisecond, as people read it (every
/// duration an error or a hint of this crate prints: a sub-second one is never "0 s").
#[cfg_attr(not(feature = "http"), allow(dead_code))]
pub(crate) fn readable(duration: Duration) -> String {
    let millis = (duration.as_micros() + 500) / 1000;
    match (millis / 1000, millis % 1000) {
        (0, ms) => format!("{ms} ms"),
        (s, 0) => format!("{s} s"),
        (s, ms) => format!("{s}.{} s", format!("{ms:03}").trim_end_matches('0')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        let cases = [
            (30_000_000_000, "30 s"),
            (299_999_849, "300 ms"),
            (1_500_000_000, "1.5 s"),
            (1_234_000_000, "1.234 s"),
        ];
        for (nanos, text) in cases {
            assert_eq!(readable(Duration::from_nanos(nanos)), text);
        }
    }
}
