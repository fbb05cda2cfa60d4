//! What the gateway saw: requests per route and per page, and rejections. The per-page count
//! doubles as the attempt number that [`FaultRule`](crate::FaultRule)s key on.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use crate::route::Route;

#[derive(Debug, Default)]
pub(crate) struct Counters {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    pages: BTreeMap<(Route, u32), PageCount>,
    requests: [usize; Route::ALL.len()],
    rejected: usize,
    in_flight: usize,
    max_in_flight: usize,
    /// Requests admitted and not yet answered (the admission limit counts these).
    admitted: usize,
    /// Requests refused with 429 by the admission limit.
    throttled: usize,
}

#[derive(Debug, Default, Clone, Copy)]
struct PageCount {
    hits: usize,
    served: usize,
}

impl Counters {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere cannot leave these counters inconsistent, so poisoning is ignored.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts an authenticated request to `route`; returns how many there have been.
    pub(crate) fn request(&self, route: Route) -> usize {
        let mut inner = self.lock();
        inner.requests[route.index()] += 1;
        inner.requests[route.index()]
    }

    /// Counts a request for `page`; returns its attempt number (1 for the first).
    pub(crate) fn hit(&self, route: Route, page: u32) -> usize {
        let mut inner = self.lock();
        let count = inner.pages.entry((route, page)).or_default();
        count.hits += 1;
        count.hits
    }

    /// Counts a well-formed page answer.
    pub(crate) fn served(&self, route: Route, page: u32) {
        self.lock().pages.entry((route, page)).or_default().served += 1;
    }

    /// A request arrived (before any latency); whether it is admitted: always without `limit`,
    /// else while fewer than `limit` admitted requests are unanswered.
    pub(crate) fn arrive(&self, limit: Option<usize>) -> bool {
        let mut inner = self.lock();
        inner.in_flight += 1;
        inner.max_in_flight = inner.max_in_flight.max(inner.in_flight);
        if limit.is_some_and(|limit| inner.admitted >= limit) {
            inner.throttled += 1;
            return false;
        }
        inner.admitted += 1;
        true
    }

    /// An admitted request is answered.
    pub(crate) fn leave(&self) {
        let mut inner = self.lock();
        inner.in_flight = inner.in_flight.saturating_sub(1);
        inner.admitted = inner.admitted.saturating_sub(1);
    }

    /// A request refused by the admission limit is answered.
    pub(crate) fn leave_throttled(&self) {
        let mut inner = self.lock();
        inner.in_flight = inner.in_flight.saturating_sub(1);
    }

    pub(crate) fn throttled(&self) -> usize {
        self.lock().throttled
    }

    pub(crate) fn max_in_flight(&self) -> usize {
        self.lock().max_in_flight
    }

    pub(crate) fn reject(&self) {
        self.lock().rejected += 1;
    }

    pub(crate) fn requests(&self, route: Route) -> usize {
        self.lock().requests[route.index()]
    }

    pub(crate) fn rejected(&self) -> usize {
        self.lock().rejected
    }

    pub(crate) fn hits_by_page(&self, route: Route) -> BTreeMap<u32, usize> {
        self.by_page(route, |c| c.hits)
    }

    pub(crate) fn served_by_page(&self, route: Route) -> BTreeMap<u32, usize> {
        self.by_page(route, |c| c.served)
    }

    fn by_page(&self, route: Route, count: fn(&PageCount) -> usize) -> BTreeMap<u32, usize> {
        self.lock()
            .pages
            .range((route, 0)..=(route, u32::MAX))
            .map(|(&(_, page), c)| (page, count(c)))
            .filter(|&(_, n)| n > 0)
            .collect()
    }

    pub(crate) fn reset(&self) {
        *self.lock() = Inner::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_per_route_and_page() {
        let counters = Counters::default();
        assert_eq!(counters.hit(Route::Projects, 1), 1);
        assert_eq!(counters.hit(Route::Projects, 1), 2);
        assert_eq!(counters.hit(Route::Workspaces, 1), 1);
        counters.served(Route::Projects, 1);
        assert_eq!(
            counters.hits_by_page(Route::Projects),
            BTreeMap::from([(1, 2)])
        );
        assert_eq!(
            counters.served_by_page(Route::Projects),
            BTreeMap::from([(1, 1)])
        );
        assert!(counters.served_by_page(Route::Workspaces).is_empty());
        counters.reset();
        assert_eq!(counters.hit(Route::Projects, 1), 1);
    }

    #[test]
    fn max_in_flight_is_the_most_requests_at_once() {
        let counters = Counters::default();
        counters.arrive(None);
        counters.arrive(None);
        counters.leave();
        counters.arrive(None);
        counters.arrive(None);
        assert_eq!(counters.max_in_flight(), 3);
        for _ in 0..3 {
            counters.leave();
        }
        counters.arrive(None);
        assert_eq!(counters.max_in_flight(), 3);
    }
}
