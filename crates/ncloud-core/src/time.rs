//! The clock as an input: the signer and the retry loop never read the real clock themselves.

use std::fmt;
use std::time::SystemTime;

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
