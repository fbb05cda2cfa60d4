//! An in-memory page source for the tests: items `0..total`, optional delays, totals reported or
//! not, a hook to script misbehaviour, and a log of every fetch start and end.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{Page, PageRequest, PageSource, key};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum FakeError {
    #[error("boom")]
    Boom,
    #[error("429 too many requests")]
    Throttled,
}

/// Which totals the fake reports with each page.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Totals {
    Count,
    Pages,
    Both,
    Neither,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// A fetch of this page started while this many fetches (itself included) ran.
    Start { page: u64, running: usize },
    /// A fetch of this page returned; `throttled` when it answered a throttling error.
    End { page: u64, throttled: bool },
}

type Hook = Box<dyn Fn(PageRequest, u32) -> Option<Result<Page<u64>, FakeError>> + Send + Sync>;

pub(crate) struct Fake {
    pub(crate) total: u64,
    pub(crate) totals: Totals,
    /// Delay of each page fetch, from its number.
    pub(crate) delay: Option<fn(u64) -> Duration>,
    /// Called with the request and its attempt number (from 1); `Some` replaces the natural page.
    pub(crate) hook: Option<Hook>,
    pub(crate) fingerprints: bool,
    pub(crate) limits: RangeInclusive<u32>,
    pub(crate) log: Arc<Log>,
}

#[derive(Debug, Default)]
pub(crate) struct Log {
    running: AtomicUsize,
    max_running: AtomicUsize,
    events: Mutex<Vec<Event>>,
    attempts: Mutex<HashMap<u64, u32>>,
}

impl Log {
    pub(crate) fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }

    /// The pages fetched, in the order the fetches started.
    pub(crate) fn calls(&self) -> Vec<u64> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Start { page, .. } => Some(page),
                Event::End { .. } => None,
            })
            .collect()
    }

    pub(crate) fn max_running(&self) -> usize {
        self.max_running.load(Ordering::SeqCst)
    }

    pub(crate) fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }
}

/// Counts a fetch as running until dropped, which also covers fetches cancelled mid-way.
struct Running<'a>(&'a Log);

impl<'a> Running<'a> {
    fn enter(log: &'a Log, page: u64) -> Self {
        let running = log.running.fetch_add(1, Ordering::SeqCst) + 1;
        log.max_running.fetch_max(running, Ordering::SeqCst);
        log.events
            .lock()
            .unwrap()
            .push(Event::Start { page, running });
        Self(log)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Fake {
    pub(crate) fn new(total: u64, totals: Totals) -> Self {
        Self {
            total,
            totals,
            delay: None,
            hook: None,
            fingerprints: true,
            limits: 1..=1000,
            log: Arc::default(),
        }
    }

    pub(crate) fn delay(mut self, delay: fn(u64) -> Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    pub(crate) fn hook(
        mut self,
        hook: impl Fn(PageRequest, u32) -> Option<Result<Page<u64>, FakeError>> + Send + Sync + 'static,
    ) -> Self {
        self.hook = Some(Box::new(hook));
        self
    }

    /// The page a correct server returns.
    pub(crate) fn natural(&self, request: PageRequest) -> Page<u64> {
        let start = request.offset().min(self.total);
        let end = start
            .saturating_add(u64::from(request.size))
            .min(self.total);
        let page = Page::new((start..end).collect());
        let pages = self.total.div_ceil(u64::from(request.size));
        match self.totals {
            Totals::Count => page.with_total_count(self.total),
            Totals::Pages => page.with_total_pages(pages),
            Totals::Both => page.with_total_count(self.total).with_total_pages(pages),
            Totals::Neither => page,
        }
    }
}

impl PageSource for Fake {
    type Item = u64;
    type Error = FakeError;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<u64>, FakeError> {
        let attempt = {
            let mut attempts = self.log.attempts.lock().unwrap();
            let n = attempts.entry(request.number).or_default();
            *n += 1;
            *n
        };
        let _running = Running::enter(&self.log, request.number);
        if let Some(delay) = self.delay {
            tokio::time::sleep(delay(request.number)).await;
        }
        let result = self
            .hook
            .as_ref()
            .and_then(|hook| hook(request, attempt))
            .unwrap_or_else(|| Ok(self.natural(request)));
        self.log.events.lock().unwrap().push(Event::End {
            page: request.number,
            throttled: result == Err(FakeError::Throttled),
        });
        result
    }

    fn page_size_limits(&self) -> RangeInclusive<u32> {
        self.limits.clone()
    }

    fn default_page_size(&self) -> u32 {
        10
    }

    fn is_throttling(&self, error: &FakeError) -> bool {
        *error == FakeError::Throttled
    }

    fn item_key(&self, item: &u64) -> Option<u64> {
        self.fingerprints.then(|| key(item))
    }
}
