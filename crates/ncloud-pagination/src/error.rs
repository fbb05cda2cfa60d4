//! Why a listing stopped before its end.

use std::error::Error as StdError;
use std::fmt;

/// An error yielded by a page or item stream; the stream ends after it.
///
/// What went wrong is its [`kind`](Self::kind); when the source names its listing
/// ([`PageSource::operation`](crate::PageSource::operation), as every NCP list call does), the
/// error says which one first: `nsml.ListProjects: page 3 holds 12 items for a page size of 10...`.
///
/// The service's own error is wrapped in [`Fetch`](PaginationErrorKind::Fetch) (and is its
/// [`source`](std::error::Error::source)), so print the error chain to see it. Every other kind is
/// the paginator's: an invalid configuration (yielded first, before any request) or a guard
/// against a server that would make the listing wrong or endless.
///
/// [`resume_page`](Self::resume_page) says where a new paginator can continue.
///
/// ```
/// use ncloud_pagination::{PaginationError, PaginationErrorKind};
///
/// let error = PaginationError::<std::io::Error>::from(PaginationErrorKind::Stalled { page: 3 })
///     .with_operation("nsml.ListProjects");
/// assert!(matches!(error.kind(), PaginationErrorKind::Stalled { page: 3 }));
/// assert_eq!(error.resume_page(), Some(3));
/// assert!(error.to_string().starts_with("nsml.ListProjects: the listing stalled before page 3"));
/// ```
#[derive(Debug)]
pub struct PaginationError<E> {
    kind: PaginationErrorKind<E>,
    operation: Option<String>,
}

impl<E> PaginationError<E> {
    /// What went wrong.
    pub fn kind(&self) -> &PaginationErrorKind<E> {
        &self.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> PaginationErrorKind<E> {
        self.kind
    }

    /// The listing that failed (`nsml.ListProjects`), when its source names it.
    pub fn operation(&self) -> Option<&str> {
        self.operation.as_deref()
    }

    /// Names the listing that failed; a name already set is kept.
    pub fn with_operation(mut self, operation: impl Into<String>) -> Self {
        self.operation.get_or_insert_with(|| operation.into());
        self
    }

    /// The page a new paginator can start from to continue the listing
    /// ([`Paginator::page`](crate::Paginator::page)); `None` for configuration errors.
    pub fn resume_page(&self) -> Option<u64> {
        self.kind.resume_page()
    }

    /// The service's error, when a page fetch failed.
    pub fn service_error(&self) -> Option<&E> {
        self.kind.service_error()
    }

    /// The service's error by value, when a page fetch failed.
    pub fn into_service_error(self) -> Option<E> {
        self.kind.into_service_error()
    }

    /// Whether the paginator's configuration was invalid (nothing was fetched).
    pub fn is_invalid_config(&self) -> bool {
        self.kind.is_invalid_config()
    }
}

impl<E> From<PaginationErrorKind<E>> for PaginationError<E> {
    fn from(kind: PaginationErrorKind<E>) -> Self {
        Self {
            kind,
            operation: None,
        }
    }
}

impl<E: StdError + 'static> fmt::Display for PaginationError<E> {
    // The listing's name, then the kind's own message; the source is `source()`'s to tell.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(operation) = &self.operation {
            write!(f, "{operation}: ")?;
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl<E: StdError + 'static> StdError for PaginationError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.kind.source()
    }
}

/// `kind` as an error of `source`'s listing, named as the source names it: the one place a
/// listing's errors get their name.
pub(crate) fn named<S: crate::PageSource + ?Sized>(
    source: &S,
    kind: PaginationErrorKind<S::Error>,
) -> PaginationError<S::Error> {
    let error = PaginationError::from(kind);
    match source.operation() {
        Some(operation) => error.with_operation(operation),
        None => error,
    }
}

/// What stopped a listing: a page the service failed to return, an invalid configuration, or a
/// paging guard.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationErrorKind<E> {
    /// The service failed to return a page.
    #[error("page {page} could not be fetched")]
    Fetch {
        /// The page that failed.
        page: u64,
        /// The service's error.
        #[source]
        source: E,
    },

    /// The page size is 0 or outside what the service accepts.
    #[error("page size {size} is not accepted by this service (allowed: {min}..={max})")]
    InvalidPageSize {
        /// The configured page size.
        size: u32,
        /// The smallest page size the service accepts.
        min: u32,
        /// The largest page size the service accepts.
        max: u32,
    },

    /// The start page is 0; pages are numbered from 1.
    #[error("start page 0 does not exist: pages are numbered from 1")]
    InvalidStartPage,

    /// The concurrency is 0, which would never fetch anything.
    #[error("concurrency 0 would never fetch a page: use 1 or more")]
    InvalidConcurrency,

    /// The page limit is 0, which would never fetch anything.
    #[error("max_pages 0 would never fetch a page: use 1 or more")]
    InvalidMaxPages,

    /// Two consecutive pages held the same items (by
    /// [`PageSource::item_key`](crate::PageSource::item_key)).
    #[error("page {page} returned the same items as page {previous}; the server is not paging")]
    DuplicatePage {
        /// The repeated page, not yielded.
        page: u64,
        /// The page it repeats.
        previous: u64,
    },

    /// Two consecutive pages share some items (by
    /// [`PageSource::item_key`](crate::PageSource::item_key)): the items moved under the listing,
    /// or the server pages inconsistently; items are repeated, and others may be missing.
    #[error(
        "page {page} repeats {repeated} items of page {previous}; the listing is inconsistent \
         (items were added or removed while it ran, or the server pages inconsistently): list again"
    )]
    OverlappingPages {
        /// The page that repeats items, not yielded.
        page: u64,
        /// The page whose items it repeats.
        previous: u64,
        /// How many items it repeats.
        repeated: usize,
    },

    /// A page came back shorter than asked while the server's totals say more items follow: the
    /// server caps the page size without saying so, and the next pages would skip items.
    #[error(
        "page {page} holds {len} items for a page size of {size} although the server's totals say \
         more follow: the server appears to cap the page size, and continuing would skip items; \
         list again with a page size of at most {len}"
    )]
    ShortPage {
        /// The short page, not yielded.
        page: u64,
        /// The items it held.
        len: usize,
        /// The page size asked for.
        size: u32,
    },

    /// A page came back longer than asked: the server ignores the page size, and the next pages
    /// would repeat or skip items.
    #[error(
        "page {page} holds {len} items for a page size of {size}: the server ignores the page \
         size, and continuing would repeat or skip items; list again with a page size of {len}"
    )]
    LongPage {
        /// The long page, not yielded.
        page: u64,
        /// The items it held.
        len: usize,
        /// The page size asked for.
        size: u32,
    },

    /// A listing resumed from a page past the end of the list: there is nothing there, which
    /// usually means the page (or the page size) is not the one the earlier listing used.
    #[error(
        "page {page} is past the end of the listing{}: check the page and the page size you \
         resumed with",
        total_count.map(|n| format!(" ({n} items in all)")).unwrap_or_default()
    )]
    StartPastEnd {
        /// The start page.
        page: u64,
        /// The total the server reported, if any.
        total_count: Option<u64>,
    },

    /// A listing resumed from a page after 1, and the server applied another page size than the
    /// one asked for, so the page does not start where the earlier listing stopped.
    #[error(
        "the server applied a page size of {applied} instead of {requested}, so page {page} is not \
         where the listing meant to resume: resume with a page size of {applied}"
    )]
    PageSizeChanged {
        /// The start page.
        page: u64,
        /// The page size asked for.
        requested: u32,
        /// The page size the server reported applying.
        applied: u32,
    },

    /// A page the totals say holds items came back empty, twice.
    #[error(
        "page {page} came back empty twice although the server's totals say it holds items; \
         stopping rather than silently skipping them"
    )]
    EmptyPage {
        /// The empty page.
        page: u64,
    },

    /// The total grew on several consecutive pages, so the listing might never end.
    #[error(
        "the total grew on {times} pages in a row (to {total} at page {page}); \
         the server keeps adding items faster than they can be listed"
    )]
    TotalKeepsGrowing {
        /// The page that reported the last growth, not yielded.
        page: u64,
        /// The latest total (items, or pages when the server reports no item count).
        total: u64,
        /// How many consecutive pages reported a larger total.
        times: u32,
    },

    /// The listing had no page left to fetch before it saw its end (a defect of the paginator,
    /// never expected): it fails rather than end as if it were complete.
    #[error(
        "the listing stalled before page {page}: nothing left to fetch, yet no end seen; \
         resume from page {page}"
    )]
    Stalled {
        /// The first page not yielded.
        page: u64,
    },

    /// The listing reached the configured [`max_pages`](crate::Paginator::max_pages) without ending.
    #[error(
        "stopped after {limit} pages (the max_pages limit); resume from page {next_page} to continue"
    )]
    PageLimit {
        /// The configured limit.
        limit: u64,
        /// The first page not fetched.
        next_page: u64,
    },
}

impl<E> PaginationErrorKind<E> {
    /// The page a new paginator can start from to continue the listing
    /// ([`Paginator::page`](crate::Paginator::page)); `None` for configuration errors.
    pub fn resume_page(&self) -> Option<u64> {
        match self {
            Self::Fetch { page, .. }
            | Self::DuplicatePage { page, .. }
            | Self::OverlappingPages { page, .. }
            | Self::EmptyPage { page }
            | Self::TotalKeepsGrowing { page, .. }
            | Self::Stalled { page } => Some(*page),
            Self::PageLimit { next_page, .. } => Some(*next_page),
            // The page size must change, so page numbers change meaning: start again.
            Self::ShortPage { .. }
            | Self::LongPage { .. }
            | Self::StartPastEnd { .. }
            | Self::PageSizeChanged { .. }
            | Self::InvalidPageSize { .. }
            | Self::InvalidStartPage
            | Self::InvalidConcurrency
            | Self::InvalidMaxPages => None,
        }
    }

    /// The service's error, when a page fetch failed.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Self::Fetch { source, .. } => Some(source),
            _ => None,
        }
    }

    /// The service's error by value, when a page fetch failed.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Fetch { source, .. } => Some(source),
            _ => None,
        }
    }

    /// Whether the paginator's configuration was invalid (nothing was fetched).
    pub fn is_invalid_config(&self) -> bool {
        matches!(
            self,
            Self::InvalidPageSize { .. }
                | Self::InvalidStartPage
                | Self::InvalidConcurrency
                | Self::InvalidMaxPages
        )
    }
}
