//! [`ManualTimeSource`]: the test clock (feature `test-util`).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use super::TimeSource;

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
