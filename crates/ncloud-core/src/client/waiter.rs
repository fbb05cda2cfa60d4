//! [`Wait`]: the one waiter builder. Every waiter of the service crates returns one.
//!
//! One rule for how a wait ends: in the documented success state it returns the value; in a
//! failure state it fails at once with an error naming the state ([`Error::is_wait_failed`]); any
//! other state, known or not, keeps it polling until its timeout, whose error names the last value
//! seen ([`Error::is_wait_timeout`], [`Error::last_state`]).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::{Client, Error};

/// What one poll of a [`Wait`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitState<T> {
    /// The documented success state: the wait ends with this value.
    Done(T),
    /// Any state but success and failure, known or not (e.g. `"CREATING"`): keep polling. The
    /// value is shown to [`Wait::on_poll`] and named if the timeout passes.
    Pending(String),
    /// A failure state (e.g. `"ANALYZE_FAIL"`): the wait ends with an error naming it, and the
    /// service's reason when it gave one.
    Failed {
        /// The state, as the service sent it.
        state: String,
        /// Why, when the service says.
        reason: Option<String>,
    },
}

type PollFuture<T> = Pin<Box<dyn Future<Output = Result<WaitState<T>, Error>> + Send>>;
type Poll<T> = Arc<dyn Fn() -> PollFuture<T> + Send + Sync>;
type OnPoll = Arc<dyn Fn(&str) + Send + Sync>;

/// The shortest pause between polls, whatever is configured: a waiter never busy-loops.
const MIN_DELAY: Duration = Duration::from_millis(100);

/// Polls until the success state, a failure state, or the timeout, as AWS SDK waiters do:
/// exponential backoff between polls (with the client's jitter, each pause within
/// [delay/2, delay]), a timeout (10 minutes unless set), and an `on_poll` callback for progress.
///
/// One rule for how a wait ends: in the documented success state ([`WaitState::Done`]) it returns
/// the value; in a failure state ([`WaitState::Failed`]) it fails at once with an error naming the
/// state ([`Error::is_wait_failed`]); any other state, known or not ([`WaitState::Pending`]), keeps
/// it polling until its timeout, whose error names the last value seen
/// ([`Error::is_wait_timeout`], [`Error::last_state`]). An error of a poll ends the wait with that
/// error.
///
/// Send it with [`send`](Self::send) or `.await` it directly. Waiting uses the client's
/// [`Clock`](super::Clock), so tests run on a manual or paused clock; the timeout also counts the
/// time slept, so a stopped clock cannot make a wait endless.
///
/// ```
/// use std::time::Duration;
/// use ncloud_core::{Client, Credentials};
/// use ncloud_core::client::{Wait, WaitState};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() -> Result<(), ncloud_core::Error> {
/// let client = Client::builder().credentials(Credentials::new("AKID", "secret")).build()?;
/// let polls = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
/// let counted = polls.clone();
/// let value = Wait::new(&client, "the job to finish", move || {
///     let n = counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
///     async move { Ok(if n < 3 { WaitState::Pending("RUNNING".into()) } else { WaitState::Done(n) }) }
/// })
/// .timeout(Duration::from_secs(60))
/// .on_poll(|state| println!("still {state}"))
/// .await?;
/// assert_eq!(value, 3);
///
/// let error = Wait::new(&client, "the job to finish", || async {
///     Ok::<WaitState<()>, _>(WaitState::Failed { state: "FAILED".into(), reason: Some("disk full".into()) })
/// })
/// .await
/// .unwrap_err();
/// assert!(error.is_wait_failed());
/// assert_eq!(error.last_state(), Some("FAILED"));
/// assert_eq!(error.to_string(), "waited for the job to finish, but it is FAILED: disk full");
///
/// let error = Wait::new(&client, "the job to finish", || async {
///     Ok::<WaitState<()>, _>(WaitState::Pending("RUNNING".into()))
/// })
/// .timeout(Duration::from_secs(10))
/// .await
/// .unwrap_err();
/// assert!(error.is_wait_timeout());
/// assert_eq!(error.last_state(), Some("RUNNING"));
/// # Ok(()) }
/// ```
#[must_use = "a waiter does nothing until it is sent or awaited"]
pub struct Wait<T> {
    client: Client,
    awaited: String,
    timeout: Duration,
    first_delay: Duration,
    max_delay: Duration,
    poll: Poll<T>,
    on_poll: Option<OnPoll>,
    operation: Option<String>,
}

impl<T: Send + 'static> Wait<T> {
    /// A wait for `awaited` (said in its errors, e.g. `"project p-1 to be CREATED"`) that calls
    /// `poll` for each look; a 10-minute timeout and pauses from 2 s doubling up to 30 s.
    pub fn new<F, Fut>(client: &Client, awaited: impl Into<String>, poll: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<WaitState<T>, Error>> + Send + 'static,
    {
        Self {
            client: client.clone(),
            awaited: awaited.into(),
            timeout: Duration::from_secs(600),
            first_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
            poll: Arc::new(move || Box::pin(poll())),
            on_poll: None,
            operation: None,
        }
    }

    /// How long to wait in all before giving up (the error names the last state seen).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The pause after the first poll, doubling after each poll up to `max` (at least 100 ms).
    /// The same value twice polls at a steady interval.
    pub fn delays(mut self, first: Duration, max: Duration) -> Self {
        self.first_delay = first.max(MIN_DELAY);
        self.max_delay = max.max(self.first_delay);
        self
    }

    /// Calls `f` with the state of every poll that does not end the wait (to show progress).
    /// The state is the service's text: escape it before printing it to a terminal.
    pub fn on_poll(mut self, f: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.on_poll = Some(Arc::new(f));
        self
    }

    /// Names the wait in its own errors (the timeout, a failure state), as a call's label names a
    /// call's: `nsml.WaitUntilProjectCreated: gave up waiting for ...`. An error of a poll keeps
    /// the name of the call that failed (`nsml.GetProject`).
    pub fn operation(mut self, label: impl Into<String>) -> Self {
        self.operation = Some(label.into());
        self
    }

    /// What is awaited, as the errors say it (e.g. `"run 3 of project p-1 to finish"`).
    pub fn awaited(&self) -> &str {
        &self.awaited
    }

    /// Polls until the success state (its value), a failure state (an error with
    /// [`is_wait_failed`](Error::is_wait_failed)), an error of a poll, or the timeout (an error
    /// with [`is_wait_timeout`](Error::is_wait_timeout) and the [`last_state`](Error::last_state)).
    pub async fn send(self) -> Result<T, Error> {
        let inner = &*self.client.inner;
        let start = inner.clock.now();
        let mut slept = Duration::ZERO;
        let mut delay = self.first_delay;
        loop {
            let last = match (self.poll)().await? {
                WaitState::Done(value) => return Ok(value),
                WaitState::Failed { state, reason } => {
                    return Err(self.named(Error::wait_failed(&self.awaited, state, reason)));
                }
                WaitState::Pending(state) => state,
            };
            if let Some(on_poll) = &self.on_poll {
                on_poll(&last);
            }
            let clock = inner.clock.now().saturating_duration_since(start);
            let waited = clock.max(slept);
            let left = self.timeout.saturating_sub(waited);
            if left.is_zero() {
                return Err(self.named(Error::wait_timeout(&self.awaited, waited, Some(last))));
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
            delay = (delay * 2).min(self.max_delay);
        }
    }
}

impl<T> Wait<T> {
    fn named(&self, error: Error) -> Error {
        match &self.operation {
            Some(label) => error.with_operation(label.clone()),
            None => error,
        }
    }
}

impl<T: Send + 'static> IntoFuture for Wait<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> fmt::Debug for Wait<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("awaited", &self.awaited)
            .field("timeout", &self.timeout)
            .field("first_delay", &self.first_delay)
            .field("max_delay", &self.max_delay)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU32, Ordering};

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

    /// A poll that answers `Pending("<state>-<n>")` for the n-th poll.
    fn pending(client: &Client, state: &'static str) -> Wait<()> {
        let polls = Arc::new(AtomicU32::new(0));
        Wait::new(client, "project p-1 to be CREATED", move || {
            let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(WaitState::Pending(format!("{state}-{n}"))) }
        })
    }

    #[tokio::test]
    async fn backs_off_exponentially_up_to_the_cap_and_times_out_with_the_last_state() {
        let sleep = Recorder::default();
        let client = client(sleep.clone());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let shown = seen.clone();
        let error = pending(&client, "CREATING")
            .timeout(Duration::from_secs(20))
            .delays(Duration::from_secs(1), Duration::from_secs(4))
            .on_poll(move |state| shown.lock().unwrap().push(state.to_owned()))
            .send()
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
        // Every poll's state was shown, the last included.
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 8);
        assert_eq!(seen[7], "CREATING-8");
    }

    #[tokio::test]
    async fn a_failure_state_ends_the_wait_at_once_naming_it() {
        let sleep = Recorder::default();
        let client = client(sleep.clone());
        let polls = Arc::new(AtomicU32::new(0));
        let counted = polls.clone();
        let error = Wait::new(&client, "asset 7 to be indexed", move || {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok::<WaitState<()>, _>(if n == 0 {
                    WaitState::Pending("ANALYZING".into())
                } else {
                    WaitState::Failed {
                        state: "ANALYZE_FAIL".into(),
                        reason: None,
                    }
                })
            }
        })
        .await
        .unwrap_err();
        assert_eq!(polls.load(Ordering::SeqCst), 2);
        assert!(error.is_wait_failed() && !error.is_timeout(), "{error:?}");
        assert_eq!(error.last_state(), Some("ANALYZE_FAIL"));
        assert_eq!(
            error.to_string(),
            "waited for asset 7 to be indexed, but it is ANALYZE_FAIL"
        );
        assert_eq!(sleep.0.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_poll_error_ends_the_wait() {
        let client = client(Recorder::default());
        let error = Wait::new(&client, "x", || async {
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
        let _ = pending(&client, "P")
            .timeout(Duration::from_secs(1))
            .delays(Duration::ZERO, Duration::ZERO)
            .await;
        let pauses = sleep.0.lock().unwrap();
        assert_eq!(pauses.len(), 10);
        assert!(pauses.iter().all(|d| *d == MIN_DELAY));
    }

    #[tokio::test]
    async fn sub_second_timeouts_are_said_in_milliseconds() {
        let client = client(Recorder::default());
        let error = pending(&client, "P")
            .timeout(Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(error.to_string().contains("after 300 ms"), "{error}");
    }
}
