//! Waiters: poll an operation until a state is reached or a deadline passes.

use std::future::Future;
use std::time::Duration;

use super::{Client, Error};

/// What one poll of a [`Waiter`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitState<T> {
    /// The awaited state is reached: the wait ends with this value.
    Done(T),
    /// Not yet; the state seen (e.g. `"CREATING"`), reported if the deadline passes.
    Pending(String),
}

/// Polls until a state is reached, as AWS SDK waiters do: exponential backoff between polls (with
/// the client's jitter), a caller-set deadline, and on timeout an error that carries the last
/// state seen ([`Error::last_state`], [`Error::is_wait_timeout`]). An error from a poll ends the
/// wait with that error.
///
/// Waiting uses the client's [`Clock`](super::Clock), so tests run on paused time. The deadline also
/// counts the time slept, so a stopped clock cannot make a wait endless.
///
/// ```
/// use std::time::Duration;
/// use ncloud_core::{Client, Credentials};
/// use ncloud_core::client::{WaitState, Waiter};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() -> Result<(), ncloud_core::Error> {
/// let client = Client::builder().credentials(Credentials::new("AKID", "secret")).build()?;
/// let mut polls = 0;
/// let value = Waiter::new("the job to finish")
///     .timeout(Duration::from_secs(60))
///     .wait(&client, || {
///         polls += 1;
///         let state = if polls < 3 { WaitState::Pending("RUNNING".into()) } else { WaitState::Done(polls) };
///         async move { Ok(state) }
///     })
///     .await?;
/// assert_eq!(value, 3);
///
/// let error = Waiter::new("the job to finish")
///     .timeout(Duration::from_secs(10))
///     .wait(&client, || async { Ok::<WaitState<()>, _>(WaitState::Pending("RUNNING".into())) })
///     .await
///     .unwrap_err();
/// assert!(error.is_wait_timeout());
/// assert_eq!(error.last_state(), Some("RUNNING"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a waiter does nothing until `wait` is awaited"]
pub struct Waiter {
    awaited: String,
    timeout: Duration,
    first_delay: Duration,
    max_delay: Duration,
}

/// The shortest pause between polls, whatever is configured: a waiter never busy-loops.
const MIN_DELAY: Duration = Duration::from_millis(100);

impl Waiter {
    /// A waiter for `awaited` (said in the timeout error, e.g. `"project p-1 to be CREATED"`), with
    /// a 10-minute deadline and delays from 2 s doubling up to 30 s.
    pub fn new(awaited: impl Into<String>) -> Self {
        Self {
            awaited: awaited.into(),
            timeout: Duration::from_secs(600),
            first_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
        }
    }

    /// How long to wait in all before giving up.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The pause after the first poll, doubling after each poll up to `max` (at least 100 ms).
    pub fn delays(mut self, first: Duration, max: Duration) -> Self {
        self.first_delay = first.max(MIN_DELAY);
        self.max_delay = max.max(self.first_delay);
        self
    }

    /// Polls with `poll` until it answers [`WaitState::Done`], fails, or the deadline passes.
    pub async fn wait<T, F, Fut>(&self, client: &Client, mut poll: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<WaitState<T>, Error>>,
    {
        let inner = &*client.inner;
        let start = inner.clock.now();
        let mut slept = Duration::ZERO;
        let mut delay = self.first_delay.max(MIN_DELAY);
        loop {
            let last = match poll().await? {
                WaitState::Done(value) => return Ok(value),
                WaitState::Pending(state) => state,
            };
            let clock = inner.clock.now().saturating_duration_since(start);
            let waited = clock.max(slept);
            let left = self.timeout.saturating_sub(waited);
            if left.is_zero() {
                return Err(Error::wait_timeout(&self.awaited, waited, Some(last)));
            }
            // Jitter spreads pollers out; the pause stays within [delay/2, delay].
            let pause = delay
                .mul_f64(0.5 + inner.jitter.factor().clamp(0.0, 1.0) / 2.0)
                .max(MIN_DELAY)
                .min(left);
            tracing::debug!(
                awaited = %self.awaited,
                state = %last,
                pause_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
                "waiting"
            );
            inner.clock.sleep(pause).await;
            slept += pause;
            delay = (delay * 2).min(self.max_delay.max(MIN_DELAY));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::Credentials;
    use crate::client::{Clock, FixedJitter, Sleep};

    /// Records every pause and returns at once; its time never moves (the waiter counts what it
    /// slept).
    #[derive(Debug, Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<Duration>>>);

    impl Clock for Recorder {
        fn now(&self) -> std::time::Instant {
            static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
            #[allow(clippy::disallowed_methods)] // a fixed origin for a clock that never moves
            *START.get_or_init(std::time::Instant::now)
        }

        fn sleep(&self, duration: Duration) -> Sleep {
            self.0.lock().unwrap().push(duration);
            Box::pin(async {})
        }

        fn timer(&self, _: Duration) -> Sleep {
            Box::pin(std::future::pending())
        }
    }

    fn client(sleep: Recorder) -> Client {
        Client::builder()
            .credentials(Credentials::new("a", "s"))
            .clock(sleep)
            .jitter(FixedJitter(1.0))
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn backs_off_exponentially_up_to_the_cap_and_times_out_with_the_last_state() {
        let sleep = Recorder::default();
        let client = client(sleep.clone());
        let mut polls = 0u32;
        let error = Waiter::new("project p-1 to be CREATED")
            .timeout(Duration::from_secs(20))
            .delays(Duration::from_secs(1), Duration::from_secs(4))
            .wait(&client, || {
                polls += 1;
                async move {
                    Ok::<WaitState<()>, Error>(WaitState::Pending(format!("CREATING-{polls}")))
                }
            })
            .await
            .unwrap_err();
        let pauses: Vec<u64> = sleep
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|d| d.as_secs())
            .collect();
        // 1 + 2 + 4 + 4 + 4 + 4 = 19, then the last 1 s left, then the deadline.
        assert_eq!(pauses, [1, 2, 4, 4, 4, 4, 1]);
        assert!(error.is_wait_timeout() && error.is_timeout());
        assert_eq!(error.last_state(), Some("CREATING-8"));
        assert_eq!(
            error.to_string(),
            "gave up waiting for project p-1 to be CREATED after 20 s (last seen: CREATING-8)"
        );
    }

    #[tokio::test]
    async fn a_poll_error_ends_the_wait() {
        let client = client(Recorder::default());
        let error = Waiter::new("x")
            .wait(&client, || async {
                Err::<WaitState<()>, _>(Error::service(404, None, Some("gone".into())))
            })
            .await
            .unwrap_err();
        assert!(error.is_not_found());
    }

    #[tokio::test]
    async fn zero_delays_never_busy_loop() {
        let sleep = Recorder::default();
        let client = client(sleep.clone());
        let _ = Waiter::new("x")
            .timeout(Duration::from_secs(1))
            .delays(Duration::ZERO, Duration::ZERO)
            .wait(&client, || async {
                Ok::<WaitState<()>, Error>(WaitState::Pending("P".into()))
            })
            .await;
        let pauses = sleep.0.lock().unwrap();
        assert_eq!(pauses.len(), 10);
        assert!(pauses.iter().all(|d| *d == MIN_DELAY));
    }
}
