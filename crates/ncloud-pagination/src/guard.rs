//! The in-order view of a listing: where it ends, and the guards against servers that would make
//! it wrong or endless. Pure bookkeeping, no I/O, so every rule is unit-tested here.
//!
//! The policy, in one place: where items are provably skipped or repeated the listing fails;
//! where the server's numbers merely disagree (a live list changing while it is read) it warns
//! with `tracing` and goes on by the latest numbers.

use std::collections::HashSet;

use crate::{Page, PaginationErrorKind};

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
    Fail(PaginationErrorKind<E>),
}

/// Totals and counters of the pages accepted so far, in order.
#[derive(Debug)]
pub(crate) struct Progress {
    start_page: u64,
    /// The page size asked for.
    requested: u32,
    /// The page size the pages are counted in: the one asked for, or the one the server reported
    /// applying on the first page.
    page_size: u64,
    total_count: Option<u64>,
    total_pages: Option<u64>,
    items_seen: u64,
    growths: u32,
    /// Whether the start page has been judged (adaptation happens only there).
    started: bool,
    /// The last non-empty page and its items' keys, when the source gives them.
    previous: Option<(u64, HashSet<u64>)>,
}

impl Progress {
    pub(crate) fn new(start_page: u64, page_size: u32) -> Self {
        Self {
            start_page,
            requested: page_size,
            // Validated non-zero by the paginator; `max(1)` keeps the divisions safe regardless.
            page_size: u64::from(page_size.max(1)),
            total_count: None,
            total_pages: None,
            items_seen: 0,
            growths: 0,
            started: false,
            previous: None,
        }
    }

    /// The latest total item count, in page order.
    pub(crate) fn total_count(&self) -> Option<u64> {
        self.total_count
    }

    /// The page size to ask for: the server's, once it said it applies another one.
    pub(crate) fn request_size(&self) -> u32 {
        u32::try_from(self.page_size).unwrap_or(self.requested)
    }

    /// The last page the totals allow, `None` while no total is known (fetch one page at a time).
    pub(crate) fn last_page(&self) -> Option<u64> {
        let by_count = self.total_count.map(|total| self.pages_for(total));
        match (by_count, self.total_pages) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Judges page `number` (the next in order) and, when accepted, counts it. `keys` are the
    /// page's item keys when the source gives them.
    pub(crate) fn observe<T, E>(
        &mut self,
        number: u64,
        page: &Page<T>,
        keys: Option<Vec<u64>>,
        retried_empty: bool,
    ) -> Verdict<E> {
        let first = !self.started;
        if let Some(error) = self.adopt_page_size(number, page, first) {
            return Verdict::Fail(error);
        }
        if let Some(error) = self.update_totals(number, page) {
            return Verdict::Fail(error);
        }
        if page.is_empty() {
            return if !self.more_remain(number) {
                if first && self.start_page > 1 {
                    Verdict::Fail(PaginationErrorKind::StartPastEnd {
                        page: number,
                        total_count: self.total_count,
                    })
                } else {
                    Verdict::End
                }
            } else if retried_empty {
                Verdict::Fail(PaginationErrorKind::EmptyPage { page: number })
            } else {
                Verdict::RetryEmpty
            };
        }
        let len = u64::try_from(page.len()).unwrap_or(u64::MAX);
        if len > self.page_size {
            // A server that ignores the page size but sends the whole list at once loses nothing.
            let whole_list =
                first && self.start_page == 1 && self.total_count.is_some_and(|total| len >= total);
            if !whole_list {
                return Verdict::Fail(PaginationErrorKind::LongPage {
                    page: number,
                    len: page.len(),
                    size: self.request_size(),
                });
            }
            tracing::warn!(
                page = number,
                len,
                page_size = self.page_size,
                "the server ignored the page size, but this page holds the whole listing"
            );
        }
        if let Some(error) = self.check_overlap(number, keys) {
            return Verdict::Fail(error);
        }
        if self.is_short(number, page, len) {
            return Verdict::Fail(PaginationErrorKind::ShortPage {
                page: number,
                len: page.len(),
                size: self.request_size(),
            });
        }
        self.started = true;
        self.items_seen = self.items_seen.saturating_add(len);
        let last = self.is_last(number, len);
        if last {
            self.warn_if_short_of_total(number);
        }
        Verdict::Accept { last }
    }

    /// Whether page `number` holds fewer items than a full page while the server says more
    /// follow: by the total this very answer reports (one snapshot, so no live change explains it),
    /// or, without one, by the earlier totals when this is not the last page.
    fn is_short<T>(&self, number: u64, page: &Page<T>, len: u64) -> bool {
        if len >= self.page_size {
            return false;
        }
        let before = number.saturating_sub(1).saturating_mul(self.page_size);
        if let Some(total) = page.total_count() {
            return len < self.page_size.min(total.saturating_sub(before));
        }
        let by_pages = self.total_pages.is_some_and(|pages| number < pages);
        let by_count = self.total_count.is_some_and(|total| {
            before.saturating_add(len) < total && number < self.pages_for(total)
        });
        by_pages || by_count
    }

    /// On the start page, adopts the page size the server says it applied (it caps or rounds what
    /// was asked); a resumed listing cannot adopt it, since its page numbers would shift.
    fn adopt_page_size<T, E>(
        &mut self,
        number: u64,
        page: &Page<T>,
        first: bool,
    ) -> Option<PaginationErrorKind<E>> {
        let applied = page.page_size().filter(|&a| a > 0)?;
        if u64::from(applied) == self.page_size {
            return None;
        }
        if !first {
            tracing::warn!(
                page = number,
                applied,
                page_size = self.page_size,
                "the server reports another page size than on the first page"
            );
            return None;
        }
        if self.start_page > 1 {
            return Some(PaginationErrorKind::PageSizeChanged {
                page: number,
                requested: self.requested,
                applied,
            });
        }
        tracing::warn!(
            requested = self.requested,
            applied,
            "the server applies another page size than asked: listing with its page size"
        );
        self.page_size = u64::from(applied);
        None
    }

    /// Takes the page's totals (a page without them keeps the previous ones), warns when they
    /// change, and trips the growth guard.
    fn update_totals<T, E>(
        &mut self,
        number: u64,
        page: &Page<T>,
    ) -> Option<PaginationErrorKind<E>> {
        let count_change = changed(self.total_count, page.total_count());
        let pages_change = changed(self.total_pages, page.total_pages());
        let reported = page.total_count().is_some() || page.total_pages().is_some();
        if let Some((old, new)) = count_change.or(pages_change) {
            tracing::warn!(
                page = number,
                from = old,
                to = new,
                "the listing's total changed while it was read: items may have been added or removed"
            );
        }
        let grew = count_change
            .or(pages_change)
            .is_some_and(|(old, new)| new > old);
        self.total_count = page.total_count().or(self.total_count);
        self.total_pages = page.total_pages().or(self.total_pages);
        if grew {
            self.growths += 1;
            if self.growths >= MAX_CONSECUTIVE_GROWTHS {
                return Some(PaginationErrorKind::TotalKeepsGrowing {
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

    /// Fails when this page repeats items of the previous one; remembers this page's keys.
    fn check_overlap<E>(
        &mut self,
        number: u64,
        keys: Option<Vec<u64>>,
    ) -> Option<PaginationErrorKind<E>> {
        let Some(keys) = keys else {
            self.previous = None;
            return None;
        };
        let keys: HashSet<u64> = keys.into_iter().collect();
        if let Some((previous, seen)) = &self.previous {
            let repeated = keys.intersection(seen).count();
            if repeated > 0 {
                return Some(if keys == *seen {
                    PaginationErrorKind::DuplicatePage {
                        page: number,
                        previous: *previous,
                    }
                } else {
                    PaginationErrorKind::OverlappingPages {
                        page: number,
                        previous: *previous,
                        repeated,
                    }
                });
            }
        }
        self.previous = Some((number, keys));
        None
    }

    /// At the end, a total the items did not reach, or overshot, is worth a warning: the list
    /// changed while it was read (items can only be proven missing mid-listing, see `ShortPage`).
    fn warn_if_short_of_total(&self, number: u64) {
        let Some(total) = self.total_count else {
            return;
        };
        let seen = self.items_before_start().saturating_add(self.items_seen);
        if seen != total {
            tracing::warn!(
                page = number,
                items = seen,
                total,
                "the listing ended with another number of items than the server's total"
            );
        }
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

/// `(old, new)` when a reported total differs from the one known.
fn changed(known: Option<u64>, reported: Option<u64>) -> Option<(u64, u64)> {
    match (known, reported) {
        (Some(old), Some(new)) if old != new => Some((old, new)),
        _ => None,
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
            V::Fail(PaginationErrorKind::EmptyPage { page: 2 })
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
    fn duplicate_keys_fail_only_for_consecutive_pages() {
        let mut p = Progress::new(1, 2);
        assert!(matches!(
            p.observe(1, &page(2), Some(vec![1, 2]), false),
            V::Accept { .. }
        ));
        assert!(matches!(
            p.observe(2, &page(2), Some(vec![3, 4]), false),
            V::Accept { .. }
        ));
        assert!(matches!(
            p.observe(3, &page(2), Some(vec![3, 4]), false),
            V::Fail(PaginationErrorKind::DuplicatePage {
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
            V::Fail(PaginationErrorKind::TotalKeepsGrowing {
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

    #[test]
    fn a_short_page_while_more_remain_fails_naming_the_sizes() {
        // The server caps at 100 while 1000 was asked, and says nothing.
        let mut p = Progress::new(1, 1000);
        let verdict: V = p.observe(1, &page(100).with_total_count(2500), None, false);
        let V::Fail(error) = verdict else {
            panic!("{verdict:?}")
        };
        assert!(matches!(
            error,
            PaginationErrorKind::ShortPage {
                page: 1,
                len: 100,
                size: 1000
            }
        ));
        assert!(
            error.to_string().contains("page size of at most 100"),
            "{error}"
        );
        // By total pages too.
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(4).with_total_pages(3), None, false),
            V::Fail(PaginationErrorKind::ShortPage { .. })
        ));
    }

    #[test]
    fn the_reported_page_size_is_adopted_on_the_first_page() {
        let mut p = Progress::new(1, 1000);
        assert!(matches!(
            p.observe(
                1,
                &page(100)
                    .with_total_count(250)
                    .with_total_pages(3)
                    .with_page_size(100),
                None,
                false
            ),
            V::Accept { last: false }
        ));
        assert_eq!((p.request_size(), p.last_page()), (100, Some(3)));
        assert!(matches!(
            p.observe(2, &page(100).with_page_size(100), None, false),
            V::Accept { last: false }
        ));
        assert!(matches!(
            p.observe(3, &page(50).with_page_size(100), None, false),
            V::Accept { last: true }
        ));
    }

    #[test]
    fn a_resumed_listing_cannot_adopt_another_page_size() {
        let mut p = Progress::new(3, 1000);
        assert!(matches!(
            p.observe(
                3,
                &page(100).with_total_count(5000).with_page_size(100),
                None,
                false
            ),
            V::Fail(PaginationErrorKind::PageSizeChanged {
                page: 3,
                requested: 1000,
                applied: 100
            })
        ));
    }

    #[test]
    fn a_long_page_fails_unless_it_holds_the_whole_list() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(15).with_total_count(40), None, false),
            V::Fail(PaginationErrorKind::LongPage {
                page: 1,
                len: 15,
                size: 10
            })
        ));
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(10), None, false),
            V::Accept { last: false }
        ));
        assert!(matches!(
            p.observe(2, &page(11), None, false),
            V::Fail(PaginationErrorKind::LongPage { page: 2, .. })
        ));
    }

    #[test]
    fn overlapping_pages_fail() {
        let mut p = Progress::new(1, 3);
        assert!(matches!(
            p.observe(1, &page(3).with_total_count(9), Some(vec![1, 2, 3]), false),
            V::Accept { .. }
        ));
        // An item inserted before page 2 was read shifts item 3 onto page 2.
        assert!(matches!(
            p.observe(2, &page(3), Some(vec![3, 4, 5]), false),
            V::Fail(PaginationErrorKind::OverlappingPages {
                page: 2,
                previous: 1,
                repeated: 1
            })
        ));
    }

    #[test]
    fn a_resumed_listing_past_the_end_says_so() {
        let mut p = Progress::new(5, 10);
        assert!(matches!(
            p.observe(5, &page(0).with_total_count(12), None, false),
            V::Fail(PaginationErrorKind::StartPastEnd {
                page: 5,
                total_count: Some(12)
            })
        ));
        let mut p = Progress::new(5, 10);
        assert!(matches!(
            p.observe(5, &page(0), None, false),
            V::Fail(PaginationErrorKind::StartPastEnd {
                page: 5,
                total_count: None
            })
        ));
        // From page 1, an empty list is simply empty.
        let mut p = Progress::new(1, 10);
        assert!(matches!(p.observe(1, &page(0), None, false), V::End));
    }

    #[test]
    fn a_total_smaller_than_the_first_page_ends_the_listing_after_it() {
        let mut p = Progress::new(1, 10);
        assert!(matches!(
            p.observe(1, &page(10).with_total_count(4), None, false),
            V::Accept { last: true }
        ));
    }
}
