//! The one clock of the transport: a monotonic `now` and waiting, as inputs, so that deadlines,
//! backoff and attempt timeouts all run on the same time and tests control it in one place.

use std::fmt;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::Poll;
use std::time::{Duration, Instant};

/// A boxed sleep future.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Monotonic time and waiting: the total deadline is measured with [`now`](Self::now), backoff
/// and rate-limit delays wait with [`sleep`](Self::sleep), and the attempt timeout races the
/// exchange against a [`timer`](Self::timer). The wall-clock time that signatures carry is a
/// different input ([`TimeSource`](crate::time::TimeSource)): stepping it never stops a deadline.
///
/// The default is [`TokioClock`], which tests control with tokio's paused time
/// (`#[tokio::test(start_paused = true)]`); a `ManualTimeSource` (feature `test-util`) is a clock
/// too, for tests whose server runs outside the test's runtime.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current monotonic time.
    fn now(&self) -> Instant;

    /// Waits `duration` when the caller has nothing else to do (backoff, a rate limiter's delay).
    fn sleep(&self, duration: Duration) -> Sleep;

    /// A timer that races other work (the attempt timeout): completes once `duration` has passed
    /// on this clock.
    fn timer(&self, duration: Duration) -> Sleep;
}

/// [`Clock`] on tokio's timer: `tokio::time::Instant` and `tokio::time::sleep`, so tokio's paused
/// time moves all of them together.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }

    fn timer(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A manual clock waits by moving itself forward, at once, so backoff and `Retry-After` cost no
/// real time; its timers fire only when the clock is moved past them (by a wait, or by
/// [`advance`](crate::time::ManualTimeSource::advance)), so an attempt against a real server is
/// never cut short. Give the same clock to
/// [`ClientBuilder::time_source`](super::ClientBuilder::time_source) and
/// [`ClientBuilder::clock`](super::ClientBuilder::clock) (and to a fake server): waits move the
/// signing time too, deterministically.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use ncloud_core::client::Clock;
/// use ncloud_core::time::{ManualTimeSource, TimeSource};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let clock = ManualTimeSource::new(UNIX_EPOCH);
/// let start = Clock::now(&clock);
/// clock.sleep(Duration::from_secs(90)).await;
/// assert_eq!(Clock::now(&clock) - start, Duration::from_secs(90));
/// assert_eq!(TimeSource::now(&clock), UNIX_EPOCH + Duration::from_secs(90));
/// # }
/// ```
#[cfg(feature = "test-util")]
impl Clock for crate::time::ManualTimeSource {
    fn now(&self) -> Instant {
        manual_epoch() + self.elapsed()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        self.advance(duration);
        Box::pin(std::future::ready(()))
    }

    fn timer(&self, duration: Duration) -> Sleep {
        Box::pin(self.timer_at(self.elapsed().saturating_add(duration)))
    }
}

/// The instant every manual clock counts from: any fixed instant will do, since only differences
/// between two readings of one clock mean anything.
#[cfg(feature = "test-util")]
fn manual_epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    #[allow(clippy::disallowed_methods)] // read once, as an origin; it never moves a manual clock
    *EPOCH.get_or_init(Instant::now)
}

/// Runs `work` until it completes or `limit` passes on `clock` (`None`).
pub(crate) async fn within<F: Future>(
    clock: &dyn Clock,
    limit: Duration,
    work: F,
) -> Option<F::Output> {
    let mut work = pin!(work);
    let mut timer = clock.timer(limit);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        timer.as_mut().poll(cx).map(|()| None)
    })
    .await
}

/// The random factor of full-jitter backoff: a number in `[0, 1]` per retry.
pub trait Jitter: Send + Sync + fmt::Debug {
    /// The next factor.
    fn factor(&self) -> f64;
}

/// Uniform random factors from `fastrand`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomJitter;

impl Jitter for RandomJitter {
    fn factor(&self) -> f64 {
        fastrand::f64()
    }
}

/// Always the same factor (1.0 waits the full exponential backoff): for tests (feature
/// `test-util`).
#[cfg(feature = "test-util")]
#[derive(Debug, Clone, Copy)]
pub struct FixedJitter(pub f64);

#[cfg(feature = "test-util")]
impl Jitter for FixedJitter {
    fn factor(&self) -> f64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::time::ManualTimeSource;

    #[tokio::test(start_paused = true)]
    async fn tokio_time_moves_now_sleep_and_timers_together() {
        let clock = TokioClock;
        let start = clock.now();
        clock.sleep(Duration::from_secs(5)).await;
        assert_eq!(clock.now() - start, Duration::from_secs(5));
        let never = std::future::pending::<()>();
        assert_eq!(within(&clock, Duration::from_secs(30), never).await, None);
        assert_eq!(clock.now() - start, Duration::from_secs(35));
    }

    #[tokio::test]
    async fn a_manual_timer_fires_only_when_the_clock_passes_it() {
        let clock = ManualTimeSource::new(UNIX_EPOCH);
        let answer = async { 7 };
        assert_eq!(
            within(&clock, Duration::from_secs(1), answer).await,
            Some(7)
        );
        let mover = clock.clone();
        let waiting = tokio::spawn({
            let clock = clock.clone();
            async move {
                within(
                    &clock,
                    Duration::from_secs(30),
                    std::future::pending::<()>(),
                )
                .await
            }
        });
        tokio::task::yield_now().await;
        mover.advance(Duration::from_secs(29));
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        mover.advance(Duration::from_secs(1));
        assert_eq!(waiting.await.unwrap(), None);
    }
}
