//! The clock as an input: the signer and the retry loop never read the real clock themselves.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
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
/// It has two faces: the wall-clock time of [`TimeSource`] (what signatures and credential
/// expiries read) and a monotonic time (what the client's deadlines, backoff and attempt timeouts
/// run on, through its `Clock` implementation with the feature `client`). [`advance`](Self::advance)
/// moves both; [`set`](Self::set) steps the wall clock alone, as an operating system's clock
/// adjustment would, and monotonic time does not notice.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use ncloud_core::time::{ManualTimeSource, TimeSource};
///
/// let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_millis(1_700_000_000_000));
/// clock.advance(Duration::from_secs(2));
/// assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_millis(1_700_000_002_000));
/// assert_eq!(clock.elapsed(), Duration::from_secs(2));
/// clock.set(UNIX_EPOCH); // a step back of the wall clock
/// assert_eq!(clock.elapsed(), Duration::from_secs(2));
/// ```
#[derive(Debug, Clone)]
pub struct ManualTimeSource {
    state: Arc<Mutex<Manual>>,
}

#[derive(Debug)]
struct Manual {
    wall: SystemTime,
    /// Monotonic time since the clock was made.
    elapsed: Duration,
    /// Timers waiting for monotonic time to reach their deadline.
    timers: Vec<(Duration, Waker)>,
}

impl ManualTimeSource {
    /// A clock stopped at `now`.
    pub fn new(now: SystemTime) -> Self {
        Self {
            state: Arc::new(Mutex::new(Manual {
                wall: now,
                elapsed: Duration::ZERO,
                timers: Vec::new(),
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Manual> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the clock forward (wall-clock and monotonic time), firing the timers that are due.
    pub fn advance(&self, by: Duration) {
        let due = {
            let mut state = self.lock();
            state.wall += by;
            state.elapsed += by;
            let elapsed = state.elapsed;
            let (due, waiting) = std::mem::take(&mut state.timers)
                .into_iter()
                .partition(|(deadline, _)| *deadline <= elapsed);
            state.timers = waiting;
            due
        };
        for (_, waker) in due {
            waker.wake();
        }
    }

    /// Sets the wall-clock time to `now` (monotonic time does not move).
    pub fn set(&self, now: SystemTime) {
        self.lock().wall = now;
    }

    /// Monotonic time since the clock was made: the sum of every [`advance`](Self::advance).
    pub fn elapsed(&self) -> Duration {
        self.lock().elapsed
    }

    /// A future that completes once monotonic time reaches `deadline` (since the clock was made):
    /// only [`advance`](Self::advance) moves it there.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) fn timer_at(&self, deadline: Duration) -> ManualTimer {
        ManualTimer {
            clock: self.clone(),
            deadline,
        }
    }
}

impl TimeSource for ManualTimeSource {
    fn now(&self) -> SystemTime {
        self.lock().wall
    }
}

/// See [`ManualTimeSource::timer_at`].
#[derive(Debug)]
pub(crate) struct ManualTimer {
    clock: ManualTimeSource,
    deadline: Duration,
}

impl Future for ManualTimer {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.clock.lock();
        if state.elapsed >= self.deadline {
            return Poll::Ready(());
        }
        state.timers.push((self.deadline, cx.waker().clone()));
        Poll::Pending
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
