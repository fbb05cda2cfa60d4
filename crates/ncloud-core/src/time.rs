//! The clock as an input: the signer and the retry loop never read the real clock themselves.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A source of wall-clock time.
///
/// Production code uses [`SystemTimeSource`]; tests pass a [`ManualTimeSource`] so that signatures
/// and retry timings are deterministic.
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

/// A clock that only moves when told to; clones share the same time.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use ncloud_core::time::{ManualTimeSource, TimeSource};
///
/// let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_millis(1_700_000_000_000));
/// clock.advance(Duration::from_secs(2));
/// assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_millis(1_700_000_002_000));
/// ```
#[derive(Debug, Clone)]
pub struct ManualTimeSource {
    now: Arc<Mutex<SystemTime>>,
}

impl ManualTimeSource {
    /// A clock stopped at `now`.
    pub fn new(now: SystemTime) -> Self {
        Self {
            now: Arc::new(Mutex::new(now)),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }

    /// Sets the clock to `now`.
    pub fn set(&self, now: SystemTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

impl TimeSource for ManualTimeSource {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}
