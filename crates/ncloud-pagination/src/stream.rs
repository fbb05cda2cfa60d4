//! The page stream: fetches pages with bounded concurrency and yields them in order.
//!
//! Scheduling is a sliding window over page numbers: a page is fetched only if it is fewer than
//! `limit` pages ahead of the next page to yield, and at most `limit` fetches run at once. So the
//! fetched-but-not-yielded pages never exceed `limit`, whatever order they complete in.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::stream::{FusedStream, FuturesUnordered};
use futures::{Stream, StreamExt};

use crate::guard::{Progress, Verdict};
use crate::{Page, PageRequest, PageSource, PaginationError, PaginationErrorKind};

type Fetched<S> = (
    Attempt,
    Result<Page<<S as PageSource>::Item>, <S as PageSource>::Error>,
);
type Fetch<S> = Pin<Box<dyn Future<Output = Fetched<S>> + Send>>;
/// A step of the stream before its error is named.
type Unnamed<S> =
    Option<Result<Page<<S as PageSource>::Item>, PaginationErrorKind<<S as PageSource>::Error>>>;

/// One fetch of one page, and what it may still be retried for.
#[derive(Debug, Clone, Copy)]
struct Attempt {
    page: u64,
    /// Fetched while the listing ran several pages at once (a throttling answer may be our doing).
    concurrent: bool,
    retried_empty: bool,
    retried_throttled: bool,
}

/// What settling the next page in order led to.
enum Step<T, E> {
    Yield(Page<T>),
    Fail(PaginationErrorKind<E>),
    End,
    Retry,
}

/// The pages of a listing, in order, as a [`Stream`] of `Result<Page, PaginationError>`.
///
/// Made by [`Paginator::pages`](crate::Paginator::pages). Nothing is fetched until the first poll;
/// dropping the stream cancels the fetches in progress. After an error the stream ends. Empty pages
/// are never yielded: one either ends the listing or, inside the totals, is retried once.
///
/// The stream is `Unpin` and `Send`, so `.next().await` works without pinning.
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<S: PageSource> {
    source: Arc<S>,
    page_size: u32,
    max_pages: u64,
    /// The last page this listing may fetch (from `max_pages`); below `u64::MAX`, so the page
    /// counters cannot wrap.
    max_page: u64,
    limit: usize,
    /// A configuration error, yielded on the first poll instead of fetching.
    invalid: Option<PaginationErrorKind<S::Error>>,
    in_flight: FuturesUnordered<Fetch<S>>,
    /// Pages fetched ahead of `next_yield`, by number.
    ready: BTreeMap<u64, Fetched<S>>,
    /// The next page in order, to fetch again before anything else.
    retry: Option<Attempt>,
    next_fetch: u64,
    next_yield: u64,
    progress: Progress,
    /// The page just yielded was the last: end on the next poll.
    ending: bool,
    finished: bool,
    complete: bool,
}

impl<S: PageSource> PageStream<S> {
    pub(crate) fn new(
        source: Arc<S>,
        page_size: u32,
        start_page: u64,
        concurrency: usize,
        max_pages: u64,
        invalid: Option<PaginationErrorKind<S::Error>>,
    ) -> Self {
        let max_page = start_page
            .saturating_add(max_pages.saturating_sub(1))
            .min(u64::MAX - 1);
        Self {
            source,
            page_size,
            max_pages,
            max_page,
            limit: concurrency.max(1),
            invalid,
            in_flight: FuturesUnordered::new(),
            ready: BTreeMap::new(),
            retry: None,
            next_fetch: start_page,
            next_yield: start_page,
            progress: Progress::new(start_page, page_size),
            ending: false,
            finished: false,
            complete: false,
        }
    }

    /// The page to continue from: the first page not yet yielded (after an error, the page that
    /// failed). Pass it to [`Paginator::page`](crate::Paginator::page) of a new
    /// paginator to resume. `None` once the listing has ended normally.
    pub fn next_page(&self) -> Option<u64> {
        (!self.complete).then_some(self.next_yield)
    }

    /// The total item count the server last reported, in page order.
    pub fn total_count(&self) -> Option<u64> {
        self.progress.total_count()
    }

    /// How many pages may be fetched at once now: the configured concurrency, or 1 after a
    /// throttling answer.
    pub fn concurrency(&self) -> usize {
        self.limit
    }

    /// The next page, as `StreamExt::next` gives it (no trait import needed).
    pub async fn next(&mut self) -> Option<Result<Page<S::Item>, PaginationError<S::Error>>> {
        StreamExt::next(self).await
    }

    /// The next page, or `None` at the end: `?` takes the error out.
    pub async fn try_next(&mut self) -> Result<Option<Page<S::Item>>, PaginationError<S::Error>> {
        StreamExt::next(self).await.transpose()
    }

    /// Every remaining page, stopping at the first error.
    pub async fn try_collect(mut self) -> Result<Vec<Page<S::Item>>, PaginationError<S::Error>> {
        let mut pages = Vec::new();
        while let Some(page) = self.try_next().await? {
            pages.push(page);
        }
        Ok(pages)
    }

    /// Stops: drops (cancels) every fetch in progress and every page held.
    fn finish(&mut self, complete: bool) {
        self.in_flight = FuturesUnordered::new();
        self.ready.clear();
        self.retry = None;
        self.finished = true;
        self.complete = complete;
    }

    /// Starts every fetch the window and the concurrency allow.
    fn launch(&mut self) {
        while self.in_flight.len() < self.limit {
            // `limit` is at most usize::MAX, which fits in u64 on every supported platform.
            let window_end = self
                .next_yield
                .saturating_add(u64::try_from(self.limit).unwrap_or(u64::MAX));
            let attempt = match self.retry.take() {
                Some(attempt) => attempt,
                None => {
                    // Without a total, pages go one at a time: only the next one is known to exist.
                    let last = self
                        .progress
                        .last_page()
                        .unwrap_or(self.next_yield)
                        .min(self.max_page);
                    if self.next_fetch > last || self.next_fetch >= window_end {
                        return;
                    }
                    let page = self.next_fetch;
                    self.next_fetch += 1;
                    Attempt {
                        page,
                        concurrent: self.limit > 1 && self.progress.last_page().is_some(),
                        retried_empty: false,
                        retried_throttled: false,
                    }
                }
            };
            let source = Arc::clone(&self.source);
            let request = PageRequest::new(attempt.page, self.progress.request_size());
            self.in_flight.push(Box::pin(async move {
                let result = source.fetch_page(request).await;
                (attempt, result)
            }));
        }
    }

    /// A page arrived (in any order): a throttling answer drops the listing to one page at a time
    /// at once, before the page's turn comes.
    fn arrived(&mut self, fetched: Fetched<S>) {
        let throttled = match &fetched.1 {
            Ok(page) => page.was_throttled(),
            Err(error) => self.source.is_throttling(error),
        };
        if throttled && self.limit > 1 {
            tracing::debug!(
                page = fetched.0.page,
                "throttled: fetching one page at a time from now on"
            );
            self.limit = 1;
        }
        self.ready.insert(fetched.0.page, fetched);
    }

    /// Settles the next page in order.
    fn settle(&mut self, (attempt, result): Fetched<S>) -> Step<S::Item, S::Error> {
        let mut page = match result {
            Ok(page) => page,
            Err(error) => {
                // Throttled while we ran several pages at once: try once more, alone.
                if attempt.concurrent
                    && !attempt.retried_throttled
                    && self.source.is_throttling(&error)
                {
                    self.retry = Some(Attempt {
                        concurrent: false,
                        retried_throttled: true,
                        ..attempt
                    });
                    return Step::Retry;
                }
                return Step::Fail(PaginationErrorKind::Fetch {
                    page: attempt.page,
                    source: error,
                });
            }
        };
        page.set_number(attempt.page);
        let keys = page
            .items()
            .iter()
            .map(|item| self.source.item_key(item))
            .collect();
        match self
            .progress
            .observe(attempt.page, &page, keys, attempt.retried_empty)
        {
            Verdict::Accept { last } => {
                self.next_yield += 1;
                if last {
                    self.ending = true;
                    // Pages fetched ahead of a shrunk total are not needed: cancel them now.
                    self.in_flight = FuturesUnordered::new();
                    self.ready.clear();
                }
                Step::Yield(page)
            }
            Verdict::RetryEmpty => {
                tracing::debug!(
                    page = attempt.page,
                    "empty page inside the totals: fetching it again"
                );
                self.retry = Some(Attempt {
                    concurrent: false,
                    retried_empty: true,
                    ..attempt
                });
                Step::Retry
            }
            Verdict::End => Step::End,
            Verdict::Fail(error) => {
                tracing::warn!(page = attempt.page, %error, "paging guard stopped the listing");
                Step::Fail(error)
            }
        }
    }
}

impl<S: PageSource> Stream for PageStream<S> {
    type Item = Result<Page<S::Item>, PaginationError<S::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        this.poll_step(cx)
            .map_err(|kind| crate::error::named(&*this.source, kind))
    }
}

impl<S: PageSource> PageStream<S> {
    /// The next step of the listing, its error not yet named.
    fn poll_step(&mut self, cx: &mut Context<'_>) -> Poll<Unnamed<S>> {
        let this = self;
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(error) = this.invalid.take() {
                this.finish(false);
                return Poll::Ready(Some(Err(error)));
            }
            if this.ending {
                this.finish(true);
                return Poll::Ready(None);
            }
            if let Some(fetched) = this.ready.remove(&this.next_yield) {
                match this.settle(fetched) {
                    Step::Yield(page) => return Poll::Ready(Some(Ok(page))),
                    Step::Fail(error) => {
                        this.finish(false);
                        return Poll::Ready(Some(Err(error)));
                    }
                    Step::End => {
                        this.finish(true);
                        return Poll::Ready(None);
                    }
                    Step::Retry => continue,
                }
            }
            if this.next_yield > this.max_page {
                tracing::warn!(limit = this.max_pages, "listing stopped at the page limit");
                this.finish(false);
                return Poll::Ready(Some(Err(PaginationErrorKind::PageLimit {
                    limit: this.max_pages,
                    next_page: this.next_yield,
                })));
            }
            this.launch();
            match this.in_flight.poll_next_unpin(cx) {
                Poll::Ready(Some(fetched)) => this.arrived(fetched),
                // Not expected: the next page is always ready, in flight or launchable. Should it
                // happen, the listing fails (never ends as if complete) and says where to resume.
                Poll::Ready(None) => {
                    tracing::warn!(page = this.next_yield, "listing stalled");
                    this.finish(false);
                    return Poll::Ready(Some(Err(PaginationErrorKind::Stalled {
                        page: this.next_yield,
                    })));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// No field is ever pinned (futures are boxed, pages are moved out), so the stream is `Unpin`
// whatever the item and error types are: callers can `.next().await` without pinning.
impl<S: PageSource> Unpin for PageStream<S> {}

impl<S: PageSource> FusedStream for PageStream<S> {
    fn is_terminated(&self) -> bool {
        self.finished
    }
}

// By hand: neither the source nor the pending futures are `Debug`.
impl<S: PageSource> fmt::Debug for PageStream<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("next_page", &self.next_page())
            .field("page_size", &self.page_size)
            .field("concurrency", &self.limit)
            .field("in_flight", &self.in_flight.len())
            .field("total_count", &self.progress.total_count())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
