//! Waiting and randomness as inputs, so retry tests run instantly and deterministically.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed sleep future.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Something that can wait. The default is tokio's timer; tests pass one that records the waits and
/// returns at once.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// [`AsyncSleep`] on tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A manual clock sleeps by moving itself forward, at once: give the same clock to
/// [`ClientBuilder::time_source`](super::ClientBuilder::time_source) and
/// [`ClientBuilder::sleep`](super::ClientBuilder::sleep) (and to a fake server), and waits and
/// deadlines run deterministically in no real time.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use ncloud_core::client::AsyncSleep;
/// use ncloud_core::time::{ManualTimeSource, TimeSource};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let clock = ManualTimeSource::new(UNIX_EPOCH);
/// clock.sleep(Duration::from_secs(90)).await;
/// assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_secs(90));
/// # }
/// ```
impl AsyncSleep for crate::time::ManualTimeSource {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.advance(duration);
        Box::pin(std::future::ready(()))
    }
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

/// Always the same factor (1.0 waits the full exponential backoff): for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn factor(&self) -> f64 {
        self.0
    }
}
