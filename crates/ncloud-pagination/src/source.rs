//! What a service implements once: how to fetch page N of size S.

use std::future::Future;
use std::ops::RangeInclusive;

use crate::Page;

/// A page-numbered list call, implemented once per service and consumed through a
/// [`Paginator`](crate::Paginator).
///
/// Only [`fetch_page`](PageSource::fetch_page) is required (write it as an `async fn`). The other
/// methods describe the service (page size limits and default) and let the paginator recognise
/// throttling and repeated items; their defaults are safe. NCP services do not implement this by
/// hand: they declare a `ListOperation` (feature `client`), whose source implements it once.
///
/// The source is shared by every page fetch of a listing (it is put in an `Arc`), so it is typically
/// a clone of an HTTP client plus the request parameters.
pub trait PageSource: Send + Sync + 'static {
    /// One element of the listing (a project, a workspace, a JSON value...).
    type Item: Send + 'static;
    /// The error of one page fetch, wrapped in
    /// [`PaginationErrorKind::Fetch`](crate::PaginationErrorKind::Fetch).
    type Error: std::error::Error + Send + Sync + 'static;

    /// Fetches one page. Called concurrently (up to the paginator's concurrency) for different pages.
    fn fetch_page(
        &self,
        request: PageRequest,
    ) -> impl Future<Output = Result<Page<Self::Item>, Self::Error>> + Send;

    /// The page sizes the service accepts; a paginator configured outside them reports
    /// [`PaginationErrorKind::InvalidPageSize`](crate::PaginationErrorKind::InvalidPageSize) without
    /// sending anything.
    fn page_size_limits(&self) -> RangeInclusive<u32> {
        1..=u32::MAX
    }

    /// The page size used when the caller sets none (services document their own: NSML 10, MI 1000).
    fn default_page_size(&self) -> u32 {
        100
    }

    /// Whether this error means the service throttled the request (HTTP 429 after the transport's
    /// retries). After one such error the paginator fetches one page at a time for the rest of the
    /// listing (see the crate documentation).
    fn is_throttling(&self, error: &Self::Error) -> bool {
        let _ = error;
        false
    }

    /// The listing's name (`nsml.ListProjects`), which every [`PaginationError`] of its
    /// listings starts with; `None` (the default) leaves errors unnamed.
    ///
    /// [`PaginationError`]: crate::PaginationError
    fn operation(&self) -> Option<&str> {
        None
    }

    /// A key that identifies an item (hash its id with [`key`](crate::key)), used to detect a
    /// server whose consecutive pages overlap or repeat
    /// ([`PaginationErrorKind::OverlappingPages`](crate::PaginationErrorKind::OverlappingPages),
    /// [`PaginationErrorKind::DuplicatePage`](crate::PaginationErrorKind::DuplicatePage)).
    ///
    /// `None` (the default) turns the check off.
    fn item_key(&self, item: &Self::Item) -> Option<u64> {
        let _ = item;
        None
    }
}

/// Which page to fetch: its number (from 1) and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PageRequest {
    /// The page number, counted from 1.
    pub number: u64,
    /// The number of items per page.
    pub size: u32,
}

impl PageRequest {
    /// A request for page `number` (from 1) of `size` items.
    pub fn new(number: u64, size: u32) -> Self {
        Self { number, size }
    }

    /// The page number counted from 0, for services whose first page is 0.
    pub fn index(&self) -> u64 {
        self.number.saturating_sub(1)
    }

    /// How many items come before this page (`(number - 1) * size`), for offset-based services.
    pub fn offset(&self) -> u64 {
        self.index().saturating_mul(u64::from(self.size))
    }
}
