//! How many times to try and how long to wait in between.

use std::time::Duration;

/// Retry settings: attempts and backoff after faults, the throttling schedule, and the retry
/// budget.
///
/// Two kinds of failure are retried, each on its own schedule:
///
/// - **Faults** (500, 502, 503, 504, a connection failure, a timeout) are retried up to
///   [`max_attempts`](Self::max_attempts) attempts in all, with exponential backoff and full
///   jitter, and each retry is paid from the retry budget. The defaults are AWS's well-tested
///   numbers: 3 attempts, 1 s initial backoff, 20 s maximum, a budget of 500 tokens.
/// - **Throttling** (HTTP 429, except a quota: NCP code 400) is the gateway refusing a request
///   before any service saw it, so it is retried whatever the method, and it is bounded by time,
///   not by the attempts meant for faults: for up to
///   [`throttle_window`](Self::throttle_window) (default 60 s) from the start of the call, or the
///   total deadline when that is sooner. Each wait is the server's `Retry-After` plus a random
///   part of the 1 s throttling base (AWS's), so clients told "1 s" do not all come back
///   together; without `Retry-After`, full jitter on an exponential schedule from that base.
///   Throttled retries cost no budget tokens. `max_attempts == 1` turns off every retry,
///   throttling included.
///
/// A quota (HTTP 429 with NCP code 400) is never retried.
///
/// ```
/// use std::time::Duration;
/// use ncloud_core::client::RetryConfig;
///
/// let config = RetryConfig::standard().with_max_attempts(5);
/// assert_eq!(config.max_attempts(), 5);
/// // attempt 3 waits up to min(1 s * 2^2, 20 s); the jitter picks a fraction of that
/// assert_eq!(config.backoff(3, 1.0), Duration::from_secs(2));
/// assert_eq!(config.backoff(3, 0.5), Duration::from_secs(1));
/// assert_eq!(config.backoff(10, 1.0), Duration::from_secs(20));
/// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    budget_capacity: u32,
    throttle_backoff: Duration,
    throttle_window: Duration,
    adaptive_rate_limit: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, 1 s initial backoff, 20 s maximum, 500-token budget.
    pub const fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            budget_capacity: super::retry_budget::DEFAULT_CAPACITY,
            throttle_backoff: Duration::from_secs(1),
            throttle_window: Duration::from_secs(60),
            adaptive_rate_limit: false,
        }
    }

    /// One attempt, no retries.
    pub const fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Total attempts, the first one included (at least 1).
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// The backoff ceiling before the first retry.
    pub const fn with_initial_backoff(mut self, initial: Duration) -> Self {
        self.initial_backoff = initial;
        self
    }

    /// The largest wait between two attempts, `Retry-After` included.
    pub const fn with_max_backoff(mut self, max: Duration) -> Self {
        self.max_backoff = max;
        self
    }

    /// Tokens in the retry budget shared by every clone of a client. A retry costs 5 tokens (10 after
    /// a timeout) and a success gives one back, so a failing service stops being retried.
    pub const fn with_budget_capacity(mut self, tokens: u32) -> Self {
        self.budget_capacity = tokens;
        self
    }

    /// How long a throttled call (HTTP 429) keeps being retried, from the start of the call
    /// (default 60 s; the total deadline still applies when it is sooner).
    pub const fn with_throttle_window(mut self, window: Duration) -> Self {
        self.throttle_window = window;
        self
    }

    /// The base of the throttling backoff (default 1 s): after an answer with `Retry-After`, the
    /// wait is that plus up to `base`; without one, the `n`-th throttled retry waits up to
    /// `base * 2^(n - 1)`, within the maximum backoff.
    pub const fn with_throttle_backoff(mut self, base: Duration) -> Self {
        self.throttle_backoff = base;
        self
    }

    /// Adaptive client-side rate limiting (default off): one token bucket per gateway host, shared
    /// by every client of the process, that stays off until a throttling answer (HTTP 429), then
    /// sends at 0.7 times the measured rate and recovers along a cubic curve, as AWS's adaptive
    /// retry mode does (with changes that keep the rate from collapsing when many tasks start at
    /// once and wait out `Retry-After`). Many tasks sharing a gateway then slow down together: in
    /// `cargo xtask bench`, 16 listings sharing a client saw half the 429s with it (7% against
    /// 14%) in about the same time (see the README). It is off by default, as AWS's is, because
    /// the bucket belongs to the host, not to the client: every client of the process talking to
    /// that host is paced after one of them is throttled, test fakes that reuse a port included.
    pub const fn with_adaptive_rate_limit(mut self, enabled: bool) -> Self {
        self.adaptive_rate_limit = enabled;
        self
    }

    /// Whether adaptive client-side rate limiting is on.
    pub const fn adaptive_rate_limit(&self) -> bool {
        self.adaptive_rate_limit
    }

    /// How long a throttled call keeps being retried.
    pub const fn throttle_window(&self) -> Duration {
        self.throttle_window
    }

    /// Total attempts.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The largest wait between two attempts.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Tokens in the retry budget.
    pub const fn budget_capacity(&self) -> u32 {
        self.budget_capacity
    }

    /// The wait before `attempt` (2 for the first retry) with full jitter: `jitter` (in `[0, 1]`)
    /// times `min(initial * 2^(attempt - 2), max)`.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exponent = attempt.saturating_sub(2).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(jitter.clamp(0.0, 1.0))
    }

    /// The wait before the `throttles`-th throttled retry (1 for the first): with a `Retry-After`,
    /// that wait plus `jitter` times the throttling base (1 s), so clients told the same wait do
    /// not all come back together; without one, full jitter on the exponential schedule:
    /// `jitter` times `min(throttle_backoff * 2^(throttles - 1), max_backoff)`. Never above
    /// `max_backoff`, nor below `Retry-After`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ncloud_core::client::RetryConfig;
    ///
    /// let c = RetryConfig::standard();
    /// let secs = Duration::from_secs;
    /// assert_eq!(c.throttle_delay(1, 0.5, Some(secs(1))), Duration::from_millis(1500));
    /// assert_eq!(c.throttle_delay(3, 1.0, Some(secs(1))), secs(2));
    /// assert_eq!(c.throttle_delay(3, 1.0, None), secs(4));
    /// assert_eq!(c.throttle_delay(2, 0.25, None), Duration::from_millis(500));
    /// assert_eq!(c.throttle_delay(1, 1.0, Some(secs(20))), secs(20));
    /// ```
    pub fn throttle_delay(
        &self,
        throttles: u32,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Duration {
        let jitter = jitter.clamp(0.0, 1.0);
        match retry_after {
            Some(wait) => wait
                .saturating_add(self.throttle_backoff.mul_f64(jitter))
                .min(self.max_backoff.max(wait)),
            None => {
                let exponent = throttles.saturating_sub(1).min(31);
                self.throttle_backoff
                    .saturating_mul(1 << exponent)
                    .min(self.max_backoff)
                    .mul_f64(jitter)
            }
        }
    }

    /// The wait before the next attempt, honouring a server's `Retry-After` within `max_backoff`.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Duration {
        let backoff = self.backoff(attempt, jitter);
        match retry_after {
            Some(hint) => hint.max(backoff).min(self.max_backoff),
            None => backoff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_exponential_backoff() {
        let c = RetryConfig::standard();
        assert_eq!(c.backoff(2, 1.0), Duration::from_secs(1));
        assert_eq!(c.backoff(3, 1.0), Duration::from_secs(2));
        assert_eq!(c.backoff(6, 1.0), Duration::from_secs(16));
        assert_eq!(c.backoff(7, 1.0), Duration::from_secs(20));
        assert_eq!(c.backoff(u32::MAX, 1.0), Duration::from_secs(20));
        assert_eq!(c.backoff(4, 0.0), Duration::ZERO);
        assert_eq!(c.backoff(4, 0.25), Duration::from_secs(1));
    }

    #[test]
    fn retry_after_is_honoured_within_bounds() {
        let c = RetryConfig::standard();
        assert_eq!(
            c.delay(2, 0.1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            c.delay(2, 0.1, Some(Duration::from_secs(3600))),
            Duration::from_secs(20)
        );
        assert_eq!(
            c.delay(3, 1.0, Some(Duration::ZERO)),
            Duration::from_secs(2)
        );
    }
}
