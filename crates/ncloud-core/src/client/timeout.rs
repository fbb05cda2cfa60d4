//! Bounded timeouts by default: a call never hangs forever.

use std::time::Duration;

/// Connect, per-attempt and (optional) whole-call timeouts.
///
/// ```
/// use std::time::Duration;
/// use ncloud_core::client::TimeoutConfig;
///
/// let timeouts = TimeoutConfig::default().with_total(Some(Duration::from_secs(60)));
/// assert_eq!(timeouts.connect(), Duration::from_secs(10));
/// assert_eq!(timeouts.attempt(), Duration::from_secs(30));
/// assert_eq!(timeouts.total(), Some(Duration::from_secs(60)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Duration,
    attempt: Duration,
    total: Option<Duration>,
}

impl Default for TimeoutConfig {
    /// Connect 10 s, each attempt 30 s (request and whole body), no total deadline.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            total: None,
        }
    }
}

impl TimeoutConfig {
    /// Time allowed to open a connection.
    pub const fn with_connect(mut self, connect: Duration) -> Self {
        self.connect = connect;
        self
    }

    /// Time allowed for one attempt, from sending to the end of the body.
    pub const fn with_attempt(mut self, attempt: Duration) -> Self {
        self.attempt = attempt;
        self
    }

    /// Time allowed for the whole call, retries and backoff included.
    pub const fn with_total(mut self, total: Option<Duration>) -> Self {
        self.total = total;
        self
    }

    /// The connect timeout.
    pub const fn connect(&self) -> Duration {
        self.connect
    }

    /// The per-attempt timeout.
    pub const fn attempt(&self) -> Duration {
        self.attempt
    }

    /// The whole-call deadline, if any.
    pub const fn total(&self) -> Option<Duration> {
        self.total
    }
}

pub(crate) use crate::time::readable;
