//! The streams against the in-memory fake: laziness, order, concurrency, ends, guards, resume.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};

use crate::fake::{Event, Fake, FakeError, Totals};
use crate::{
    ItemStream, Page, PageRequest, PageSource, PageStream, PaginationError, PaginationErrorKind,
    Paginator,
};

type Error = PaginationError<FakeError>;

/// Drains an item stream: the items before the first error, and that error.
async fn drain<S: PageSource>(
    stream: &mut ItemStream<S>,
) -> (Vec<S::Item>, Option<PaginationError<S::Error>>) {
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(error) => {
                // After an error the stream ends.
                assert!(
                    stream.next().await.is_none(),
                    "the stream went on after an error"
                );
                return (items, Some(error));
            }
        }
    }
    (items, None)
}

fn range(start: u64, end: u64) -> Vec<u64> {
    (start..end).collect()
}

/// Page `n` takes longer than page `n + 1`, so concurrent pages complete in reverse order.
fn reverse(page: u64) -> Duration {
    Duration::from_millis(1000u64.saturating_sub(page * 10))
}

#[test]
fn streams_are_send_unpin_and_static() {
    fn check<T: Send + Unpin + 'static>() {}
    check::<PageStream<Fake>>();
    check::<ItemStream<Fake>>();
    check::<Paginator<Fake>>();
}

#[tokio::test(start_paused = true)]
async fn nothing_is_fetched_before_the_first_poll() {
    let fake = Fake::new(30, Totals::Count);
    let log = Arc::clone(&fake.log);
    let mut items = Paginator::new(fake).items();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(log.calls().is_empty());
    assert_eq!(items.next().await.unwrap().unwrap(), 0);
    assert_eq!(log.calls(), vec![1]);
}

#[tokio::test(start_paused = true)]
async fn items_come_in_order_when_pages_complete_in_reverse() {
    let fake = Fake::new(100, Totals::Count).delay(reverse);
    let log = Arc::clone(&fake.log);
    let mut items = Paginator::new(fake).page_size(10).concurrency(4).items();
    let (got, error) = drain(&mut items).await;
    assert!(error.is_none());
    assert_eq!(got, range(0, 100));
    assert_eq!(log.max_running(), 4, "pages were not fetched concurrently");
    assert!(log.events().contains(&Event::End {
        page: 3,
        throttled: false
    }));
    // Page 3 finished after page 4 (they ran together, page 3 slower).
    let ends: Vec<u64> = log
        .events()
        .iter()
        .filter_map(|e| match e {
            Event::End { page, .. } => Some(*page),
            Event::Start { .. } => None,
        })
        .collect();
    let pos = |p| ends.iter().position(|&e| e == p).unwrap();
    assert!(pos(3) > pos(4));
    assert_eq!(items.next_page(), None);
}

#[tokio::test(start_paused = true)]
async fn pages_in_flight_never_exceed_the_concurrency() {
    fn jitter(page: u64) -> Duration {
        Duration::from_millis((page * 37) % 11 + 1)
    }
    for concurrency in [1, 2, 3, 7, 50] {
        let fake = Fake::new(205, Totals::Both).delay(jitter);
        let log = Arc::clone(&fake.log);
        let got = Paginator::new(fake)
            .page_size(10)
            .concurrency(concurrency)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got, range(0, 205));
        // 21 pages: the first alone, then up to `concurrency` of the other 20.
        assert_eq!(
            log.max_running(),
            concurrency.min(20),
            "concurrency {concurrency}"
        );
        assert_eq!(log.calls().len(), 21);
    }
}

#[tokio::test(start_paused = true)]
async fn an_error_is_yielded_then_the_stream_ends() {
    let fake = Fake::new(100, Totals::Count)
        .delay(reverse)
        .hook(|r, _| (r.number == 3).then_some(Err(FakeError::Boom)));
    let mut items = Paginator::new(fake).page_size(10).items();
    let (got, error) = drain(&mut items).await;
    assert_eq!(got, range(0, 20));
    let error = error.unwrap();
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::Fetch {
            page: 3,
            source: FakeError::Boom
        }
    ));
    assert_eq!(error.to_string(), "page 3 could not be fetched");
    assert_eq!(
        std::error::Error::source(&error).unwrap().to_string(),
        "boom"
    );
    assert_eq!(error.resume_page(), Some(3));
    assert_eq!(items.next_page(), Some(3));
    assert!(futures::stream::FusedStream::is_terminated(&items));
}

#[tokio::test(start_paused = true)]
async fn dropping_the_stream_cancels_fetches_in_flight() {
    let fake =
        Fake::new(100, Totals::Count).delay(|p| Duration::from_secs(if p == 1 { 0 } else { 60 }));
    let log = Arc::clone(&fake.log);
    let mut pages = Paginator::new(fake).page_size(10).pages();
    assert_eq!(pages.next().await.unwrap().unwrap().number(), 1);
    assert!(
        tokio::time::timeout(Duration::from_secs(1), pages.next())
            .await
            .is_err()
    );
    assert_eq!(log.running(), 4);
    drop(pages);
    assert_eq!(log.running(), 0);
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert!(
        !log.events()
            .iter()
            .any(|e| matches!(e, Event::End { page: 2.., .. }))
    );
}

#[tokio::test(start_paused = true)]
async fn the_same_page_twice_is_an_error() {
    let fake = Fake::new(100, Totals::Count).hook(|r, _| {
        // A server that ignores the page number after page 2.
        (r.number > 2).then(|| Ok(Page::new(range(10, 20)).with_total_count(100)))
    });
    let (got, error) = drain(&mut Paginator::new(fake).page_size(10).items()).await;
    assert_eq!(got, range(0, 20));
    let error = error.unwrap();
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::DuplicatePage {
            page: 3,
            previous: 2
        }
    ));
    assert_eq!(
        error.to_string(),
        "page 3 returned the same items as page 2; the server is not paging"
    );
}

#[tokio::test(start_paused = true)]
async fn without_a_fingerprint_identical_pages_are_not_compared() {
    let mut fake = Fake::new(30, Totals::Count)
        .hook(|r, _| Some(Ok(Page::new(vec![7; r.size as usize]).with_total_count(30))));
    fake.fingerprints = false;
    let got = Paginator::new(fake)
        .page_size(10)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, vec![7; 30]);
}

#[tokio::test(start_paused = true)]
async fn a_total_that_keeps_growing_is_an_error() {
    let fake = Fake::new(0, Totals::Count).hook(|r, _| {
        let start = r.offset();
        // The total is always two pages ahead: the listing would never end.
        Some(Ok(
            Page::new(range(start, start + 10)).with_total_count(start + 30)
        ))
    });
    let (got, error) = drain(&mut Paginator::new(fake).page_size(10).items()).await;
    assert_eq!(got, range(0, 30));
    let error = error.unwrap();
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::TotalKeepsGrowing {
            page: 4,
            total: 60,
            times: 3
        }
    ));
    assert!(
        error
            .to_string()
            .contains("grew on 3 pages in a row (to 60 at page 4)")
    );
}

#[tokio::test(start_paused = true)]
async fn a_total_that_grows_once_extends_the_listing() {
    let fake = Fake::new(0, Totals::Count).hook(|r, _| {
        let total = if r.number == 1 { 25 } else { 32 };
        let start = r.offset().min(total);
        Some(Ok(
            Page::new(range(start, (start + 10).min(total))).with_total_count(total)
        ))
    });
    let got = Paginator::new(fake)
        .page_size(10)
        .concurrency(1)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, range(0, 32));
}

#[tokio::test(start_paused = true)]
async fn the_page_limit_stops_an_endless_listing() {
    // No totals and always full pages: only the limit ends it.
    let fake = Fake::new(u64::MAX, Totals::Neither);
    let log = Arc::clone(&fake.log);
    let mut items = Paginator::new(fake).page_size(10).max_pages(5).items();
    let (got, error) = drain(&mut items).await;
    assert_eq!(got, range(0, 50));
    let error = error.unwrap();
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::PageLimit {
            limit: 5,
            next_page: 6
        }
    ));
    assert_eq!(
        error.to_string(),
        "stopped after 5 pages (the max_pages limit); resume from page 6 to continue"
    );
    assert_eq!(log.calls(), vec![1, 2, 3, 4, 5]);
    assert_eq!(items.next_page(), Some(6));
}

#[tokio::test(start_paused = true)]
async fn the_page_limit_holds_with_concurrency() {
    let fake = Fake::new(1000, Totals::Count);
    let log = Arc::clone(&fake.log);
    let (got, error) = drain(&mut Paginator::new(fake).page_size(10).max_pages(7).items()).await;
    assert_eq!(got, range(0, 70));
    assert!(matches!(
        error.as_ref().map(PaginationError::kind),
        Some(PaginationErrorKind::PageLimit {
            limit: 7,
            next_page: 8
        })
    ));
    assert!(log.calls().iter().all(|&p| p <= 7));
}

#[tokio::test(start_paused = true)]
async fn an_empty_page_inside_the_total_is_retried_once_then_an_error() {
    let fake = Fake::new(40, Totals::Count)
        .hook(|r, _| (r.number == 2).then(|| Ok(Page::new(vec![]).with_total_count(40))));
    let log = Arc::clone(&fake.log);
    let (got, error) = drain(&mut Paginator::new(fake).page_size(10).items()).await;
    assert_eq!(got, range(0, 10));
    let error = error.unwrap();
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::EmptyPage { page: 2 }
    ));
    assert!(
        error
            .to_string()
            .starts_with("page 2 came back empty twice")
    );
    assert_eq!(log.calls().iter().filter(|&&p| p == 2).count(), 2);
}

#[tokio::test(start_paused = true)]
async fn an_empty_page_inside_the_total_recovers_when_the_retry_has_items() {
    let fake = Fake::new(40, Totals::Count)
        .delay(reverse)
        .hook(|r, attempt| {
            (r.number == 2 && attempt == 1).then(|| Ok(Page::new(vec![]).with_total_count(40)))
        });
    let log = Arc::clone(&fake.log);
    let got = Paginator::new(fake)
        .page_size(10)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, range(0, 40));
    assert_eq!(log.calls().iter().filter(|&&p| p == 2).count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_listing_resumes_from_the_failed_page() {
    let fake = Fake::new(100, Totals::Count)
        .hook(|r, attempt| (r.number == 4 && attempt == 1).then_some(Err(FakeError::Boom)));
    let fake = Arc::new(fake);
    let mut items = Paginator::from_arc(Arc::clone(&fake)).page_size(10).items();
    let (mut got, error) = drain(&mut items).await;
    assert_eq!(error.unwrap().resume_page(), Some(4));
    let resume = items.next_page().unwrap();
    assert_eq!(resume, 4);
    let rest = Paginator::from_arc(fake)
        .page_size(10)
        .page(resume)
        .try_collect()
        .await
        .unwrap();
    got.extend(rest);
    assert_eq!(got, range(0, 100));
}

#[tokio::test(start_paused = true)]
async fn a_partly_consumed_page_is_where_the_item_stream_resumes() {
    let mut items = Paginator::new(Fake::new(30, Totals::Count))
        .page_size(10)
        .items();
    for expected in 0..15 {
        assert_eq!(items.next().await.unwrap().unwrap(), expected);
    }
    assert_eq!(items.next_page(), Some(2));
    assert_eq!(items.total_count(), Some(30));
    let rest = Paginator::new(Fake::new(30, Totals::Count))
        .page_size(10)
        .page(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, range(10, 30));
}

#[tokio::test(start_paused = true)]
async fn an_empty_listing_yields_nothing() {
    for totals in [Totals::Count, Totals::Pages, Totals::Both, Totals::Neither] {
        let fake = Fake::new(0, totals);
        let log = Arc::clone(&fake.log);
        let mut pages = Paginator::new(fake).pages();
        assert!(pages.next().await.is_none(), "{totals:?}");
        assert_eq!(log.calls(), vec![1]);
        assert_eq!(pages.next_page(), None);
    }
}

#[tokio::test(start_paused = true)]
async fn an_exact_total_makes_no_extra_request() {
    for totals in [Totals::Count, Totals::Pages, Totals::Both] {
        let fake = Fake::new(30, totals);
        let log = Arc::clone(&fake.log);
        let pages: Vec<_> = Paginator::new(fake)
            .page_size(10)
            .pages()
            .try_collect()
            .await
            .unwrap();
        let numbers: Vec<_> = pages.iter().map(Page::number).collect();
        assert_eq!(numbers, vec![1, 2, 3], "{totals:?}");
        let mut calls = log.calls();
        calls.sort_unstable();
        assert_eq!(calls, vec![1, 2, 3], "{totals:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_total_not_a_multiple_of_the_page_size_ends_on_the_short_page() {
    let fake = Fake::new(35, Totals::Count);
    let log = Arc::clone(&fake.log);
    let pages: Vec<_> = Paginator::new(fake)
        .page_size(10)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<_> = pages.iter().map(Page::len).collect();
    assert_eq!(sizes, vec![10, 10, 10, 5]);
    assert_eq!(pages[3].total_count(), Some(35));
    assert_eq!(log.calls().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn without_totals_pages_go_one_at_a_time_until_a_short_or_empty_page() {
    for (total, calls) in [(35, vec![1, 2, 3, 4]), (30, vec![1, 2, 3, 4]), (9, vec![1])] {
        let fake = Fake::new(total, Totals::Neither);
        let log = Arc::clone(&fake.log);
        let got = Paginator::new(fake)
            .page_size(10)
            .concurrency(8)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got, range(0, total));
        assert_eq!(log.calls(), calls, "total {total}");
        assert_eq!(log.max_running(), 1);
    }
}

/// Every fetch started after the first throttling answer ran alone.
fn alone_after_throttling(events: &[Event]) -> bool {
    let first = events.iter().position(|e| {
        matches!(
            e,
            Event::End {
                throttled: true,
                ..
            }
        )
    });
    first.is_some_and(|first| {
        events[first..]
            .iter()
            .all(|e| !matches!(e, Event::Start { running, .. } if *running > 1))
    })
}

#[tokio::test(start_paused = true)]
async fn throttling_drops_to_one_page_at_a_time_and_retries_the_page_alone() {
    let fake = Fake::new(200, Totals::Count)
        .delay(|p| Duration::from_millis(p % 3 + 1))
        .hook(|r, attempt| (r.number == 4 && attempt == 1).then_some(Err(FakeError::Throttled)));
    let log = Arc::clone(&fake.log);
    let mut items = Paginator::new(fake).page_size(10).concurrency(4).items();
    assert_eq!(items.concurrency(), 4);
    let (got, error) = drain(&mut items).await;
    assert!(error.is_none());
    assert_eq!(got, range(0, 200));
    assert_eq!(items.concurrency(), 1);
    let events = log.events();
    assert!(alone_after_throttling(&events), "{events:?}");
    assert_eq!(log.max_running(), 4);
    assert_eq!(log.calls().iter().filter(|&&p| p == 4).count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_page_throttled_again_alone_is_an_error() {
    let fake = Fake::new(200, Totals::Count)
        .hook(|r, _| (r.number == 4).then_some(Err(FakeError::Throttled)));
    let log = Arc::clone(&fake.log);
    let (got, error) = drain(&mut Paginator::new(fake).page_size(10).items()).await;
    assert_eq!(got, range(0, 30));
    let error = error.unwrap();
    assert_eq!(error.service_error(), Some(&FakeError::Throttled));
    assert_eq!(log.calls().iter().filter(|&&p| p == 4).count(), 2);
    assert!(alone_after_throttling(&log.events()));
}

#[tokio::test(start_paused = true)]
async fn a_throttled_first_page_fails_at_once() {
    let fake = Fake::new(200, Totals::Count).hook(|_, _| Some(Err(FakeError::Throttled)));
    let log = Arc::clone(&fake.log);
    let error = Paginator::new(fake).try_collect().await.unwrap_err();
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::Fetch {
            page: 1,
            source: FakeError::Throttled
        }
    ));
    assert_eq!(log.calls(), vec![1]);
}

#[tokio::test(start_paused = true)]
async fn a_page_marked_throttled_drops_to_one_page_at_a_time() {
    let fake = Fake::new(200, Totals::Count)
        .delay(|p| Duration::from_millis(p % 3 + 1))
        .hook(|r, _| {
            (r.number == 1).then(|| {
                Ok(Page::new(range(0, 10))
                    .with_total_count(200)
                    .with_throttling(true))
            })
        });
    let log = Arc::clone(&fake.log);
    let mut items = Paginator::new(fake).page_size(10).items();
    let (got, error) = drain(&mut items).await;
    assert!(error.is_none());
    assert_eq!(got, range(0, 200));
    assert_eq!(log.max_running(), 1);
    assert_eq!(items.concurrency(), 1);
}

#[tokio::test(start_paused = true)]
async fn invalid_settings_are_the_first_item_and_send_nothing() {
    let cases: Vec<(Paginator<Fake>, &str)> = vec![
        (
            Paginator::new(Fake::new(5, Totals::Count)).page_size(0),
            "page size 0 is not accepted by this service (allowed: 1..=1000)",
        ),
        (
            Paginator::new(Fake::new(5, Totals::Count)).page_size(1001),
            "page size 1001 is not accepted by this service (allowed: 1..=1000)",
        ),
        (
            Paginator::new(Fake::new(5, Totals::Count)).page(0),
            "start page 0 does not exist: pages are numbered from 1",
        ),
        (
            Paginator::new(Fake::new(5, Totals::Count)).concurrency(0),
            "concurrency 0 would never fetch a page: use 1 or more",
        ),
        (
            Paginator::new(Fake::new(5, Totals::Count)).max_pages(0),
            "max_pages 0 would never fetch a page: use 1 or more",
        ),
    ];
    for (paginator, message) in cases {
        let mut pages = paginator.pages();
        let error: Error = pages.next().await.unwrap().unwrap_err();
        assert!(error.is_invalid_config());
        assert_eq!(error.resume_page(), None);
        assert_eq!(error.to_string(), message);
        assert!(pages.next().await.is_none());
    }
    let fake = Fake::new(5, Totals::Count);
    let log = Arc::clone(&fake.log);
    let _ = Paginator::new(fake).page_size(0).try_collect().await;
    assert!(log.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_default_page_size_comes_from_the_source() {
    let fake = Fake::new(25, Totals::Count);
    let log = Arc::clone(&fake.log);
    let pages: Vec<_> = Paginator::new(fake).pages().try_collect().await.unwrap();
    assert_eq!(
        pages.iter().map(Page::len).collect::<Vec<_>>(),
        vec![10, 10, 5]
    );
    assert_eq!(log.calls().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn take_limits_the_items_and_the_requests() {
    let fake = Fake::new(1000, Totals::Count);
    let log = Arc::clone(&fake.log);
    let got: Vec<u64> = Paginator::new(fake)
        .page_size(10)
        .concurrency(1)
        .items()
        .take(15)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, range(0, 15));
    assert_eq!(log.calls(), vec![1, 2]);
}

/// An item that counts how many of its kind are alive.
struct Tracked {
    live: Arc<AtomicUsize>,
}

impl Tracked {
    fn new(live: &Arc<AtomicUsize>, peak: &Arc<AtomicUsize>) -> Self {
        let now = live.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(now, Ordering::SeqCst);
        Self {
            live: Arc::clone(live),
        }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.live.fetch_sub(1, Ordering::SeqCst);
    }
}

struct TrackedSource {
    total: u64,
    live: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl PageSource for TrackedSource {
    type Item = Tracked;
    type Error = FakeError;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<Tracked>, FakeError> {
        // Every tenth page is slow: without a window, the fast pages behind it would pile up.
        let ms = if request.number % 10 == 2 { 1000 } else { 1 };
        tokio::time::sleep(Duration::from_millis(ms)).await;
        let start = request.offset().min(self.total);
        let end = (start + u64::from(request.size)).min(self.total);
        let items = (start..end)
            .map(|_| Tracked::new(&self.live, &self.peak))
            .collect();
        Ok(Page::new(items).with_total_count(self.total))
    }
}

#[tokio::test(start_paused = true)]
async fn memory_is_bounded_by_the_window() {
    let (live, peak) = (Arc::default(), Arc::default());
    let source = TrackedSource {
        total: 100_000,
        live: Arc::clone(&live),
        peak: Arc::clone(&peak),
    };
    let (concurrency, page_size) = (4, 100);
    let mut items = Paginator::new(source)
        .page_size(page_size)
        .concurrency(concurrency)
        .items();
    let mut count = 0;
    while let Some(item) = items.next().await {
        drop(item.unwrap());
        count += 1;
    }
    assert_eq!(count, 100_000);
    assert_eq!(live.load(Ordering::SeqCst), 0);
    let peak = peak.load(Ordering::SeqCst);
    assert!(
        peak <= (concurrency + 1) * page_size as usize,
        "peak {peak}"
    );
    assert!(
        peak > page_size as usize,
        "pages were not fetched ahead: peak {peak}"
    );
    let _ = items.next_page();
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn totals() -> impl Strategy<Value = Totals> {
        prop_oneof![
            Just(Totals::Count),
            Just(Totals::Pages),
            Just(Totals::Both),
            Just(Totals::Neither)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Every item from the start page on comes exactly once, in order, with no more than
        /// `concurrency` fetches at once, whatever the sizes and completion order.
        #[test]
        fn every_item_exactly_once_in_order(
            total in 0u64..300,
            page_size in 1u32..25,
            concurrency in 1usize..6,
            start_page in 1u64..4,
            totals in totals(),
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
            let fake = Fake::new(total, totals).delay(|p| Duration::from_millis((p * 7919) % 13));
            let log = Arc::clone(&fake.log);
            let got = runtime.block_on(
                Paginator::new(fake).page_size(page_size).concurrency(concurrency).page(start_page).try_collect(),
            );
            let first = (start_page - 1) * u64::from(page_size);
            if start_page > 1 && first >= total {
                // Resuming past the end is said, never an empty success.
                let is_past_end = matches!(got.as_ref().map_err(PaginationError::kind), Err(PaginationErrorKind::StartPastEnd { .. }));
                prop_assert!(is_past_end, "{:?}", got);
            } else {
                prop_assert_eq!(got.unwrap(), range(first, total));
            }
            prop_assert!(log.max_running() <= concurrency);
        }

        /// Whatever a server answers (random lengths, totals, errors, throttling), the listing
        /// ends, without panicking, within three requests per allowed page (a page is fetched again
        /// at most once after throttling and once when empty inside the totals).
        #[test]
        fn any_server_answer_ends_the_listing(
            seed in any::<u64>(),
            page_size in 1u32..8,
            concurrency in 1usize..5,
            max_pages in 1u64..20,
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
            let fake = Fake::new(0, Totals::Neither)
                .delay(|p| Duration::from_millis((p * 31) % 7))
                .hook(move |r, attempt| {
                    let roll = |salt: u64| {
                        let x = seed ^ r.number.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (u64::from(attempt) << 32) ^ salt;
                        x.wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 40
                    };
                    Some(match roll(1) % 10 {
                        0 => Err(FakeError::Boom),
                        1 => Err(FakeError::Throttled),
                        _ => {
                            let len = roll(2) % (2 * u64::from(r.size) + 1);
                            let mut page = Page::new(range(roll(3) % 4, roll(3) % 4 + len));
                            if roll(4) % 3 != 0 {
                                page = page.with_total_count(roll(5) % 60);
                            }
                            if roll(6) % 3 == 0 {
                                page = page.with_total_pages(roll(7) % 15);
                            }
                            Ok(page)
                        }
                    })
                });
            let log = Arc::clone(&fake.log);
            let mut items = Paginator::new(fake).page_size(page_size).concurrency(concurrency).max_pages(max_pages).items();
            let ended = runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(3600), drain(&mut items)).await
            });
            prop_assert!(ended.is_ok(), "the listing did not end");
            prop_assert!(log.calls().len() as u64 <= 3 * max_pages);
            prop_assert!(log.max_running() <= concurrency);
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_stalled_listing_is_an_error_not_an_end() {
    // Break the scheduling invariant by hand (nothing in flight, nothing launchable, no end
    // seen): the stream must fail, never end as if the listing were complete.
    let fake = Fake::new(30, Totals::Count);
    let mut pages = Paginator::new(fake).page_size(10).pages();
    pages.next_fetch = 5;
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(
        matches!(error.kind(), PaginationErrorKind::Stalled { page: 1 }),
        "{error}"
    );
    assert_eq!(error.resume_page(), Some(1));
    assert!(pages.next().await.is_none());
    assert_eq!(pages.next_page(), Some(1));
}
