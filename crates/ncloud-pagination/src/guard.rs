//! The in-order view of a listing: where it ends, and the guards against servers that would make
//! it wrong or endless. Pure bookkeeping, no I/O, so every rule is unit-tested here.

use crate::{Page, PaginationError};

/// How many consecutive pages may report a larger total before the listing is stopped. A live list
/// can grow once or twice while it is read; growing on every page means it may never end.
pub(crate) const MAX_CONSECUTIVE_GROWTHS: u32 = 3;

/// What to do with the next page, in page order.
#[derive(Debug)]
pub(crate) enum Verdict<E> {
    /// Yield the page; `last` when the listing ends with it.
    Accept { last: bool },
    /// The page is empty although the totals say it holds items: fetch it once more.
    RetryEmpty,
    /// The page is empty and the listing is over: do not yield it.
    End,
    /// A guard tripped.
    Fail(PaginationError<E>),
}

/// Totals and counters of the pages accepted so far, in order.
#[derive(Debug)]
pub(crate) struct Progress {
    start_page: u64,
    page_size: u64,
    total_count: Option<u64>,
    total_pages: Option<u64>,
    items_seen: u64,
    growths: u32,
    /// The last non-empty page and its fingerprint, when the source gives one.
    previous: Option<(u64, u64)>,
}

impl Progress {
    pub(crate) fn new(start_page: u64, page_size: u32) -> Self {
        Self {
            start_page,
            // Validated non-zero by the paginator; `max(1)` keeps the divisions safe regardless.
            page_size: u64::from(page_size.max(1)),
            total_count: None,
            total_pages: None,
            items_seen: 0,
            growths: 0,
            previous: None,
        }
    }

    /// The latest total item count, in page order.
    pub(crate) fn total_count(&self) -> Option<u64> {
        self.total_count
    }

    /// The last page the totals allow, `None` while no total is known (fetch one page at a time).
    pub(crate) fn last_page(&self) -> Option<u64> {
        let by_count = self.total_count.map(|total| self.pages_for(total));
        match (by_count, self.total_pages) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Judges page `number` (the next in order) and, when accepted, counts it.
    pub(crate) fn observe<T, E>(
        &mut self,
        number: u64,
        page: &Page<T>,
        fingerprint: Option<u64>,
        retried_empty: bool,
    ) -> Verdict<E> {
        if let Some(error) = self.update_totals(number, page) {
            return Verdict::Fail(error);
        }
        if page.is_empty() {
            return if !self.more_remain(number) {
                Verdict::End
            } else if retried_empty {
                Verdict::Fail(PaginationError::EmptyPage { page: number })
            } else {
                Verdict::RetryEmpty
            };
        }
        if let Some(fingerprint) = fingerprint {
            if let Some((previous, seen)) = self.previous
                && seen == fingerprint
            {
                return Verdict::Fail(PaginationError::DuplicatePage {
                    page: number,
                    previous,
                });
            }
            self.previous = Some((number, fingerprint));
        } else {
            self.previous = None;
        }
        let len = u64::try_from(page.len()).unwrap_or(u64::MAX);
        self.items_seen = self.items_seen.saturating_add(len);
        Verdict::Accept {
            last: self.is_last(number, len),
        }
    }

    /// Takes the page's totals (a page without them keeps the previous ones) and trips the growth
    /// guard.
    fn update_totals<T, E>(&mut self, number: u64, page: &Page<T>) -> Option<PaginationError<E>> {
        let grew_count =
            matches!((self.total_count, page.total_count()), (Some(old), Some(new)) if new > old);
        let grew_pages =
            matches!((self.total_pages, page.total_pages()), (Some(old), Some(new)) if new > old);
        let reported = page.total_count().is_some() || page.total_pages().is_some();
        self.total_count = page.total_count().or(self.total_count);
        self.total_pages = page.total_pages().or(self.total_pages);
        if grew_count || grew_pages {
            self.growths += 1;
            if self.growths >= MAX_CONSECUTIVE_GROWTHS {
                return Some(PaginationError::TotalKeepsGrowing {
                    page: number,
                    total: page.total_count().or(page.total_pages()).unwrap_or(0),
                    times: self.growths,
                });
            }
        } else if reported {
            self.growths = 0;
        }
        None
    }

    /// Whether the totals say page `number` should hold items.
    fn more_remain(&self, number: u64) -> bool {
        if self.total_count.is_none() && self.total_pages.is_none() {
            return false;
        }
        let by_count = self.total_count.is_none_or(|total| {
            self.items_before_start().saturating_add(self.items_seen) < total
                && number <= self.pages_for(total)
        });
        let by_pages = self.total_pages.is_none_or(|pages| number <= pages);
        by_count && by_pages
    }

    /// Whether the listing ends with page `number`, just accepted with `len` items.
    fn is_last(&self, number: u64, len: u64) -> bool {
        match (self.total_count, self.total_pages) {
            (None, None) => len < self.page_size,
            (count, pages) => {
                let reached_count = count.is_some_and(|total| {
                    self.items_before_start().saturating_add(self.items_seen) >= total
                        || number >= self.pages_for(total)
                });
                reached_count || pages.is_some_and(|pages| number >= pages)
            }
        }
    }

    /// Items on the pages before the start page, assuming they are full (a resumed listing).
    fn items_before_start(&self) -> u64 {
        (self.start_page.saturating_sub(1)).saturating_mul(self.page_size)
    }

    fn pages_for(&self, total: u64) -> u64 {
        total.div_ceil(self.page_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type V = Verdict<std::io::Error>;

    fn page(len: usize) -> Page<u8> {
        Page::new(vec![0; len])
    }

    #[test]
    fn no_totals_end_on_short_page() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(10), None, false),
            V::Accept { last: false }
        ));
        assert!(matches!(
            p.observe(2, &page(3), None, false),
            V::Accept { last: true }
        ));
        let mut p = Progress::new(1, 10);
        assert!(matches!(p.observe(1, &page(0), None, false), V::End));
        assert_eq!(p.last_page(), None);
    }

    #[test]
    fn total_count_ends_on_last_page_and_on_items() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(10).with_total_count(25), None, false),
            V::Accept { last: false }
        ));
        assert_eq!(p.last_page(), Some(3));
        assert!(matches!(
            p.observe(2, &page(10), None, false),
            V::Accept { last: false }
        ));
        assert!(matches!(
            p.observe(3, &page(5), None, false),
            V::Accept { last: true }
        ));
        // A server ignoring the page size: the items reach the total first.
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(25).with_total_count(25), None, false),
            V::Accept { last: true }
        ));
    }

    #[test]
    fn total_pages_bound_the_listing() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(10).with_total_pages(2), None, false),
            V::Accept { last: false }
        ));
        assert_eq!(p.last_page(), Some(2));
        assert!(matches!(
            p.observe(2, &page(10), None, false),
            V::Accept { last: true }
        ));
    }

    #[test]
    fn empty_page_in_range_is_retried_then_fails() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(10).with_total_count(30), None, false),
            V::Accept { .. }
        ));
        assert!(matches!(p.observe(2, &page(0), None, false), V::RetryEmpty));
        assert!(matches!(
            p.observe(2, &page(0), None, true),
            V::Fail(PaginationError::EmptyPage { page: 2 })
        ));
    }

    #[test]
    fn empty_page_past_a_shrunk_total_ends() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(10).with_total_count(30), None, false),
            V::Accept { .. }
        ));
        assert!(matches!(
            p.observe(2, &page(0).with_total_count(10), None, false),
            V::End
        ));
    }

    #[test]
    fn empty_listing_with_zero_total_ends() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(
                1,
                &page(0).with_total_count(0).with_total_pages(0),
                None,
                false
            ),
            V::End
        ));
    }

    #[test]
    fn duplicate_fingerprint_fails_only_for_consecutive_pages() {
        let mut p = Progress::new(1, 2);
        assert!(matches!(
            p.observe(1, &page(2), Some(7), false),
            V::Accept { .. }
        ));
        assert!(matches!(
            p.observe(2, &page(2), Some(8), false),
            V::Accept { .. }
        ));
        assert!(matches!(
            p.observe(3, &page(2), Some(8), false),
            V::Fail(PaginationError::DuplicatePage {
                page: 3,
                previous: 2
            })
        ));
    }

    #[test]
    fn growth_guard_counts_consecutive_growths() {
        let mut p = Progress::new(1, 1);
        let mut total = 100;
        assert!(matches!(
            p.observe(1, &page(1).with_total_count(total), None, false),
            V::Accept { .. }
        ));
        // Two growths, then a stable total: the streak resets.
        for n in 2..=3 {
            total += 1;
            assert!(matches!(
                p.observe(n, &page(1).with_total_count(total), None, false),
                V::Accept { .. }
            ));
        }
        assert!(matches!(
            p.observe(4, &page(1).with_total_count(total), None, false),
            V::Accept { .. }
        ));
        for n in 5..=6 {
            total += 1;
            assert!(matches!(
                p.observe(n, &page(1).with_total_count(total), None, false),
                V::Accept { .. }
            ));
        }
        total += 1;
        assert!(matches!(
            p.observe(7, &page(1).with_total_count(total), None, false),
            V::Fail(PaginationError::TotalKeepsGrowing {
                page: 7,
                total: 105,
                times: 3
            })
        ));
    }

    #[test]
    fn resumed_listing_counts_earlier_pages() {
        let mut p = Progress::new(3, 10);
        assert!(matches!(
            p.observe(3, &page(5).with_total_count(25), None, false),
            V::Accept { last: true }
        ));
    }

    #[test]
    fn huge_totals_do_not_overflow() {
        let mut p = Progress::new(u64::MAX, u32::MAX);
        assert!(matches!(
            p.observe(
                u64::MAX,
                &page(1)
                    .with_total_count(u64::MAX)
                    .with_total_pages(u64::MAX),
                None,
                false
            ),
            V::Accept { last: true }
        ));
    }
}
