//! The builder: which source, which pages, how many at once.

use std::fmt;
use std::sync::Arc;

use crate::{
    ItemStream, Page, PageRequest, PageSource, PageStream, PaginationError, PaginationErrorKind,
};

/// Pages fetched at once when the caller sets no concurrency.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Pages a listing may span when the caller sets no limit: a guard against servers that never
/// end, high enough for 100,000 items at a page size of 10.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// Configures a listing over a [`PageSource`] and turns it into a stream of
/// [pages](Paginator::pages) or [items](Paginator::items).
///
/// Building a paginator sends nothing; neither does turning it into a stream. The first request
/// goes out on the stream's first poll. Invalid settings (page size outside the source's limits,
/// start page 0, concurrency 0, max pages 0) are yielded as the stream's only item.
///
/// To stop after a number of items, use [`StreamExt::take`](futures::StreamExt::take) on
/// [`items`](Paginator::items): the page size is only the size of each request.
#[must_use = "a paginator does nothing until it is turned into a stream and polled"]
pub struct Paginator<S: PageSource> {
    source: Arc<S>,
    page_size: u32,
    start_page: u64,
    concurrency: usize,
    max_pages: u64,
}

impl<S: PageSource> Paginator<S> {
    /// A paginator over `source`, from page 1, with the source's default page size,
    /// [`DEFAULT_CONCURRENCY`] and [`DEFAULT_MAX_PAGES`].
    pub fn new(source: S) -> Self {
        Self::from_arc(Arc::new(source))
    }

    /// Like [`new`](Self::new), for a source already shared.
    pub fn from_arc(source: Arc<S>) -> Self {
        let page_size = source.default_page_size();
        Self {
            source,
            page_size,
            start_page: 1,
            concurrency: DEFAULT_CONCURRENCY,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Items per request; must be within [`PageSource::page_size_limits`].
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size;
        self
    }

    /// The first page to fetch (from 1), to resume a listing from
    /// [`PageStream::next_page`] or [`PaginationError::resume_page`].
    pub fn page(mut self, start_page: u64) -> Self {
        self.start_page = start_page;
        self
    }

    /// The most pages fetched at once once the first page has given the total (1 or more).
    ///
    /// Items still come out in order, and at most this many fetched pages are held besides the one
    /// being consumed. After a throttling answer the listing drops to one page at a time.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self
    }

    /// The most pages this listing may span (1 or more); reaching it without an end yields
    /// [`PaginationErrorKind::PageLimit`].
    pub fn max_pages(mut self, max_pages: u64) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// A stream of the non-empty pages, in order.
    pub fn pages(self) -> PageStream<S> {
        let error = self.validate().err();
        PageStream::new(
            self.source,
            self.page_size,
            self.start_page,
            self.concurrency,
            self.max_pages,
            error,
        )
    }

    /// A stream of the items of every page, in order.
    pub fn items(self) -> ItemStream<S> {
        ItemStream::new(self.pages())
    }

    /// Fetches every item into a `Vec`, stopping at the first error.
    ///
    /// ```
    /// # use ncloud_pagination::{Page, PageRequest, PageSource, Paginator};
    /// # struct Numbers;
    /// # impl PageSource for Numbers {
    /// #     type Item = u32;
    /// #     type Error = std::io::Error;
    /// #     async fn fetch_page(&self, r: PageRequest) -> Result<Page<u32>, std::io::Error> {
    /// #         let start = (r.offset() as u32).min(5);
    /// #         let end = (start + r.size).min(5);
    /// #         Ok(Page::new((start..end).collect()).with_total_count(5))
    /// #     }
    /// # }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let all = Paginator::new(Numbers).page_size(2).try_collect().await?;
    /// assert_eq!(all, vec![0, 1, 2, 3, 4]);
    /// # Ok::<_, ncloud_pagination::PaginationError<std::io::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn try_collect(self) -> Result<Vec<S::Item>, PaginationError<S::Error>> {
        self.items().try_collect().await
    }

    /// Fetches the one page set by [`page`](Self::page) (default 1), after the same
    /// validation as the streams (an invalid setting sends nothing). The page's
    /// [`number`](Page::number) is set.
    pub async fn send(self) -> Result<Page<S::Item>, PaginationError<S::Error>> {
        self.validate().map_err(|kind| self.named(kind))?;
        let request = PageRequest::new(self.start_page, self.page_size);
        let mut page = self.source.fetch_page(request).await.map_err(|source| {
            self.named(PaginationErrorKind::Fetch {
                page: self.start_page,
                source,
            })
        })?;
        page.set_number(self.start_page);
        Ok(page)
    }

    fn named(&self, kind: PaginationErrorKind<S::Error>) -> PaginationError<S::Error> {
        crate::error::named(&*self.source, kind)
    }

    fn validate(&self) -> Result<(), PaginationErrorKind<S::Error>> {
        let limits = self.source.page_size_limits();
        if self.page_size == 0 || !limits.contains(&self.page_size) {
            return Err(PaginationErrorKind::InvalidPageSize {
                size: self.page_size,
                min: *limits.start(),
                max: *limits.end(),
            });
        }
        if self.start_page == 0 {
            return Err(PaginationErrorKind::InvalidStartPage);
        }
        if self.concurrency == 0 {
            return Err(PaginationErrorKind::InvalidConcurrency);
        }
        if self.max_pages == 0 {
            return Err(PaginationErrorKind::InvalidMaxPages);
        }
        Ok(())
    }
}

impl<S: PageSource> Clone for Paginator<S> {
    fn clone(&self) -> Self {
        Self {
            source: Arc::clone(&self.source),
            page_size: self.page_size,
            start_page: self.start_page,
            concurrency: self.concurrency,
            max_pages: self.max_pages,
        }
    }
}

// By hand: a source (an HTTP client with credentials) need not be `Debug`.
impl<S: PageSource> fmt::Debug for Paginator<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("page_size", &self.page_size)
            .field("start_page", &self.start_page)
            .field("concurrency", &self.concurrency)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}
