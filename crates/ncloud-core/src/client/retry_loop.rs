//! The one retry stage, in the shape of gax's `retry_loop`: a plain function of the attempt, the
//! policy (what may be retried and how long to wait), the budget, and one clock.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use super::rate_limit::RateLimiter;
use super::retry_budget::{RETRY_COST, RetryBudget, TIMEOUT_RETRY_COST};
use super::{Clock, Error, Jitter, Response, RetryConfig};

/// Why an attempt failed, with what the retry decision needs.
pub(crate) struct AttemptError {
    pub(crate) error: Error,
    /// The server's `Retry-After`.
    pub(crate) retry_after: Option<Duration>,
    /// The server's `Date`.
    pub(crate) server_date: Option<SystemTime>,
    /// The attempt was refused for a reason the caller has just fixed (the clock offset): send
    /// it again at once, whatever the method (the gateway refused it before any service saw it).
    pub(crate) resend: bool,
    /// The attempt failed before anything was sent (signing, no time left): it is not counted.
    pub(crate) unsent: bool,
}

impl AttemptError {
    /// A failure before anything was sent.
    pub(crate) fn unsent(error: Error) -> Self {
        Self {
            unsent: true,
            ..error.into()
        }
    }
}

impl From<Error> for AttemptError {
    fn from(error: Error) -> Self {
        Self {
            error,
            retry_after: None,
            server_date: None,
            resend: false,
            unsent: false,
        }
    }
}

/// What kind of failure an attempt ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A transient fault (500, 502, 503, 504, connection, timeout): retried within the attempts,
    /// the budget and the deadline, and only if replaying cannot do a thing twice.
    Fault,
    /// HTTP 429 other than a quota: refused by the gateway before any service saw it.
    Throttled,
    /// Anything else, a quota included: retrying cannot help.
    Permanent,
}

impl Class {
    pub(crate) fn of(error: &Error) -> Self {
        if error.is_throttling() {
            Self::Throttled
        } else if error.is_transient() {
            Self::Fault
        } else {
            Self::Permanent
        }
    }
}

/// What governs the retries of one call.
pub(crate) struct RetryPolicy<'a> {
    pub(crate) config: &'a RetryConfig,
    pub(crate) budget: &'a RetryBudget,
    pub(crate) jitter: &'a dyn Jitter,
    /// Whether a request that may have reached a service can be sent again.
    pub(crate) idempotent: bool,
    /// The per-attempt timeout.
    pub(crate) attempt_timeout: Duration,
    /// The whole call's deadline, if any.
    pub(crate) total: Option<Duration>,
    /// The process-wide rate limiter of the call's gateway host, when adaptive rate limiting is on.
    pub(crate) limiter: Option<&'a RateLimiter>,
}

/// What the loop knows about a call so far.
#[derive(Debug)]
pub(crate) struct CallState {
    start: Instant,
    /// Attempts sent.
    pub(crate) attempts: u32,
    /// Attempts that ended in a fault.
    faults: u32,
    /// Attempts that were throttled.
    pub(crate) throttles: u32,
    /// The budget paid for the last retry (given back on success).
    retry_cost: u32,
    /// The longest wait the call accepted when it gave up (for the error's `Retry-After` hint).
    pub(crate) wait_limit: Duration,
}

/// One attempt of the call: its number (1 for the first) and the time it may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttemptInfo {
    pub(crate) number: u32,
    pub(crate) timeout: Duration,
}

/// Runs `attempt` until it succeeds or the policy gives up; every wait and every deadline is
/// measured on `clock`. The error keeps the last attempt's failure.
pub(crate) async fn retry_loop<F, Fut>(
    clock: &dyn Clock,
    policy: &RetryPolicy<'_>,
    mut attempt: F,
) -> (Result<Response, AttemptError>, CallState)
where
    F: FnMut(AttemptInfo) -> Fut,
    Fut: Future<Output = Result<Response, AttemptError>>,
{
    let mut state = CallState {
        start: clock.now(),
        attempts: 0,
        faults: 0,
        throttles: 0,
        retry_cost: 0,
        wait_limit: policy.config.max_backoff(),
    };
    loop {
        state.attempts += 1;
        if let Some(limiter) = policy.limiter {
            // Wait for a token, but not past the deadline: then the attempt finds no time left
            // and ends the call as timed out, unsent.
            while let Err(wait) = limiter.try_acquire(clock.now()) {
                let left = policy.remaining(&state, clock.now()).unwrap_or(wait);
                if left.is_zero() {
                    break;
                }
                tracing::debug!(
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "rate limited by the client"
                );
                clock.sleep(wait.min(left)).await;
            }
        }
        let sent = clock.now();
        let remaining = policy.remaining(&state, clock.now());
        let timeout = remaining.map_or(policy.attempt_timeout, |left| {
            left.min(policy.attempt_timeout)
        });
        let info = AttemptInfo {
            number: state.attempts,
            timeout,
        };
        let outcome = attempt(info).await;
        // Nothing sent: not an attempt, and nothing the gateway said for the limiter to learn.
        let unsent = outcome.as_ref().is_err_and(|failure| failure.unsent);
        if unsent {
            state.attempts -= 1;
        }
        if let Some(limiter) = policy.limiter.filter(|_| !unsent) {
            let throttled = outcome
                .as_ref()
                .is_err_and(|failure| failure.error.is_throttling());
            limiter.record(sent, clock.now(), throttled);
        }
        let failure = match outcome {
            Ok(response) => {
                policy.budget.refill(state.retry_cost.max(1));
                return (Ok(response), state);
            }
            Err(failure) => failure,
        };
        match policy.decide(&failure, &mut state, clock.now()) {
            Some(delay) => {
                tracing::debug!(
                    attempt = state.attempts,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    error = %failure.error,
                    "retrying after backoff"
                );
                clock.sleep(delay).await;
            }
            None => return (Err(failure), state),
        }
    }
}

impl RetryPolicy<'_> {
    /// Time left before the total deadline, if one is set.
    fn remaining(&self, state: &CallState, now: Instant) -> Option<Duration> {
        let total = self.total?;
        Some(total.saturating_sub(now.saturating_duration_since(state.start)))
    }

    /// The wait before the next attempt, or `None` to give up.
    fn decide(
        &self,
        failure: &AttemptError,
        state: &mut CallState,
        now: Instant,
    ) -> Option<Duration> {
        let remaining = self.remaining(state, now);
        state.wait_limit = remaining.map_or(self.config.max_backoff(), |left| {
            left.min(self.config.max_backoff())
        });
        if failure.resend {
            return Some(Duration::ZERO);
        }
        // A server that asks for a longer wait than we accept gets no retry at all.
        if failure
            .retry_after
            .is_some_and(|wait| wait > state.wait_limit)
        {
            return None;
        }
        let class = Class::of(&failure.error);
        let delay = match class {
            Class::Permanent => return None,
            Class::Throttled => self.throttled(failure, state, now)?,
            Class::Fault => self.fault(failure, state)?,
        };
        if remaining.is_some_and(|left| delay >= left) {
            return None;
        }
        if class == Class::Fault && !self.pay(&failure.error, state) {
            return None;
        }
        Some(delay)
    }

    /// Throttling: any method, bounded by the throttle window rather than the attempts.
    fn throttled(
        &self,
        failure: &AttemptError,
        state: &mut CallState,
        now: Instant,
    ) -> Option<Duration> {
        if self.config.max_attempts() <= 1 {
            return None;
        }
        state.throttles += 1;
        let delay =
            self.config
                .throttle_delay(state.throttles, self.jitter.factor(), failure.retry_after);
        let window_left = self
            .config
            .throttle_window()
            .saturating_sub(now.saturating_duration_since(state.start));
        (delay < window_left).then_some(delay)
    }

    /// A fault: within the attempts and the budget, and only when replaying is safe.
    fn fault(&self, failure: &AttemptError, state: &mut CallState) -> Option<Duration> {
        let error = &failure.error;
        // A request that may have reached the server is replayed only when that is safe.
        if !(self.idempotent || error.is_connect()) {
            return None;
        }
        state.faults += 1;
        if state.faults >= self.config.max_attempts() {
            return None;
        }
        Some(
            self.config
                .delay(state.faults + 1, self.jitter.factor(), failure.retry_after),
        )
    }

    /// Pays a fault's retry from the budget; false when the budget is short.
    fn pay(&self, error: &Error, state: &mut CallState) -> bool {
        let cost = if error.is_timeout() {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        if !self.budget.try_acquire(cost) {
            tracing::debug!(
                attempt = state.attempts,
                "retry budget exhausted: not retrying"
            );
            return false;
        }
        state.retry_cost = cost;
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::UNIX_EPOCH;

    use reqwest::header::HeaderMap;

    use super::*;
    use crate::client::FixedJitter;
    use crate::time::ManualTimeSource;

    fn ok() -> Result<Response, AttemptError> {
        Ok(Response::new(
            200,
            HeaderMap::new(),
            b"{}".to_vec(),
            "op".into(),
        ))
    }

    fn failing(status: u16, code: Option<&str>) -> Result<Response, AttemptError> {
        Err(Error::service(status, code.map(str::to_owned), None).into())
    }

    struct Setup {
        config: RetryConfig,
        budget: RetryBudget,
        idempotent: bool,
        total: Option<Duration>,
        limiter: Option<RateLimiter>,
    }

    impl Setup {
        fn new() -> Self {
            Self {
                config: RetryConfig::standard(),
                budget: RetryBudget::new(500),
                idempotent: true,
                total: None,
                limiter: None,
            }
        }

        /// Runs the loop on a manual clock with `answers` (the last one repeats); returns the
        /// outcome's status, the attempts and the waits.
        async fn run(
            &self,
            clock: &ManualTimeSource,
            mut answer: impl FnMut(u32) -> Result<Response, AttemptError>,
        ) -> (u16, u32, Vec<Duration>) {
            let policy = RetryPolicy {
                config: &self.config,
                budget: &self.budget,
                jitter: &FixedJitter(1.0),
                idempotent: self.idempotent,
                attempt_timeout: Duration::from_secs(30),
                total: self.total,
                limiter: self.limiter.as_ref(),
            };
            let waits = Mutex::new(Vec::new());
            let mut last = clock.elapsed();
            let (outcome, state) = retry_loop(clock, &policy, |info| {
                let now = clock.elapsed();
                if info.number > 1 {
                    waits.lock().unwrap().push(now - last);
                }
                last = now;
                std::future::ready(answer(info.number))
            })
            .await;
            let status = match outcome {
                Ok(response) => response.status(),
                Err(failure) => failure.error.http_status().unwrap_or(0),
            };
            (status, state.attempts, waits.into_inner().unwrap())
        }
    }

    fn secs(list: &[u64]) -> Vec<Duration> {
        list.iter().map(|&s| Duration::from_secs(s)).collect()
    }

    #[tokio::test]
    async fn faults_stop_at_the_attempts_throttles_and_resends_do_not_count() {
        let clock = ManualTimeSource::new(UNIX_EPOCH);
        let setup = Setup::new();
        // 503, 429, a resend (clock corrected), 503, then 503 again: the third fault ends it.
        let (status, attempts, waits) = setup
            .run(&clock, |n| match n {
                2 => failing(429, Some("420")),
                3 => Err(AttemptError {
                    resend: true,
                    ..Error::service(401, Some("200".into()), None).into()
                }),
                _ => failing(503, None),
            })
            .await;
        assert_eq!((status, attempts), (503, 5));
        // fault backoff 1 s (factor 1.0), throttling 1 s, resend at once, fault backoff 2 s
        assert_eq!(waits, secs(&[1, 1, 0, 2]));
    }

    #[tokio::test]
    async fn a_non_idempotent_call_is_retried_after_throttling_not_after_a_fault() {
        let clock = ManualTimeSource::new(UNIX_EPOCH);
        let mut setup = Setup::new();
        setup.idempotent = false;
        let (status, attempts, _) = setup
            .run(&clock, |n| match n {
                1 => failing(429, None),
                _ => failing(503, None),
            })
            .await;
        assert_eq!((status, attempts), (503, 2));
        let (status, attempts, _) = setup.run(&clock, |_| failing(429, Some("400"))).await;
        assert_eq!((status, attempts), (429, 1), "a quota is never retried");
    }

    #[tokio::test]
    async fn the_deadline_runs_on_the_monotonic_clock_whatever_the_wall_clock_does() {
        let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
        let mut setup = Setup::new();
        setup.total = Some(Duration::from_secs(10));
        setup.config = RetryConfig::standard().with_max_attempts(10);
        let wall = clock.clone();
        let (status, attempts, waits) = setup
            .run(&clock, |_| {
                // An operating system's clock step back by an hour at every attempt.
                wall.set(UNIX_EPOCH + Duration::from_secs(1_800_000_000 - 3600));
                failing(503, None)
            })
            .await;
        // 1 + 2 + 4 s waited; the next 8 s would pass the 10 s deadline.
        assert_eq!((status, attempts, waits), (503, 4, secs(&[1, 2, 4])));
    }

    #[tokio::test]
    async fn throttling_is_bounded_by_the_deadline_when_sooner_than_the_window() {
        let clock = ManualTimeSource::new(UNIX_EPOCH);
        let mut setup = Setup::new();
        setup.total = Some(Duration::from_secs(10));
        let (status, attempts, waits) = setup.run(&clock, |_| failing(429, None)).await;
        assert_eq!((status, attempts, waits), (429, 4, secs(&[1, 2, 4])));
        let (status, attempts, _) = setup
            .run(&clock, |n| if n < 3 { failing(429, None) } else { ok() })
            .await;
        assert_eq!((status, attempts), (200, 3));
    }

    #[tokio::test]
    async fn the_adaptive_limiter_paces_calls_after_a_throttle_and_not_before() {
        let clock = ManualTimeSource::new(UNIX_EPOCH);
        let mut setup = Setup::new();
        setup.limiter = Some(RateLimiter::new(clock.now()));
        // Off until a throttle: 20 calls at once wait for nothing.
        for _ in 0..20 {
            assert_eq!(setup.run(&clock, |_| ok()).await.0, 200);
        }
        assert_eq!(clock.elapsed(), Duration::ZERO);
        // A throttle turns it on: the retry waits its 1 s, then calls are paced by the bucket.
        let (status, attempts, _) = setup
            .run(&clock, |n| {
                if n == 1 {
                    failing(429, Some("420"))
                } else {
                    ok()
                }
            })
            .await;
        assert_eq!((status, attempts), (200, 2));
        let after_throttle = clock.elapsed();
        for _ in 0..20 {
            assert_eq!(setup.run(&clock, |_| ok()).await.0, 200);
        }
        assert!(
            clock.elapsed() > after_throttle,
            "the bucket made calls wait"
        );
        // A deadline bounds the wait for a token: the attempt is made when the time is up (a real
        // one then ends at once, timed out).
        setup.total = Some(Duration::ZERO);
        let before = clock.elapsed();
        assert_eq!(setup.run(&clock, |_| ok()).await.0, 200);
        assert_eq!(clock.elapsed(), before);
    }

    #[tokio::test]
    async fn an_attempt_that_failed_before_sending_is_not_counted() {
        let clock = ManualTimeSource::new(UNIX_EPOCH);
        let (status, attempts, _) = Setup::new()
            .run(&clock, |_| {
                Err(AttemptError::unsent(Error::timeout(
                    "the total deadline passed",
                )))
            })
            .await;
        assert_eq!((status, attempts), (0, 0));
    }
}
