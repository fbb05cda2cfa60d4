//! `GET /projects`: the [`ListProjects`] request builder and the [`ProjectSource`] the paginator
//! drives.

use std::ops::RangeInclusive;

use async_trait::async_trait;
use ncloud_core::Error;
use ncloud_core::client::Request;
use ncloud_pagination::{
    ItemStream, Page, PageRequest, PageSource, PageStream, PaginationError, Paginator, fingerprint,
};
use serde::Deserialize;

use crate::project::null_as_empty;
use crate::{NsmlClient, Project, ProjectsPage};

/// The page size CLOVA NSML uses when none is sent (documented).
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// The largest page size this crate sends. CLOVA NSML documents no limit; 1000 is the largest other
/// NCP list calls accept (Media Intelligence), and it bounds what one page holds in memory.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// `GET /projects` with its query, built by [`NsmlClient::list_projects`].
///
/// Send one page with [`send`](Self::send), or list every project with [`items`](Self::items)
/// (or [`pages`](Self::pages), or [`into_paginator`](Self::into_paginator) for the paginator's
/// other settings). Nothing is sent until then.
///
/// The query is always `page=N&pageSize=S` (page from 1, size 10 unless set), as the reference's
/// parameter table gives it; its curl example's `page=0&pagesize=1` is not followed.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent or turned into a stream"]
pub struct ListProjects {
    source: ProjectSource,
    page: Option<u64>,
    page_size: Option<u32>,
    concurrency: Option<usize>,
    max_pages: Option<u64>,
}

impl ListProjects {
    pub(crate) fn new(nsml: NsmlClient) -> Self {
        Self {
            source: ProjectSource { nsml },
            page: None,
            page_size: None,
            concurrency: None,
            max_pages: None,
        }
    }

    /// The page to fetch, from 1 (default 1); the first page of a listing.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// Projects per page, 1 to [`MAX_PAGE_SIZE`] (default [`DEFAULT_PAGE_SIZE`]).
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// For listings: the most pages fetched at once once the first page gave the total (default
    /// [`ncloud_pagination::DEFAULT_CONCURRENCY`]). Ignored by [`send`](Self::send).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = Some(concurrency);
        self
    }

    /// For listings: the most pages a listing may span (default
    /// [`ncloud_pagination::DEFAULT_MAX_PAGES`]). Ignored by [`send`](Self::send).
    pub fn max_pages(mut self, max_pages: u64) -> Self {
        self.max_pages = Some(max_pages);
        self
    }

    /// Fetches the one page set by [`page`](Self::page) (default 1).
    ///
    /// A page below 1 or a page size outside 1..=[`MAX_PAGE_SIZE`] is a configuration error, and
    /// nothing is sent.
    pub async fn send(self) -> Result<ProjectsPage, Error> {
        let page = self.page.unwrap_or(1);
        let size = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page == 0 {
            return Err(Error::configuration(
                "page 0 does not exist: CLOVA NSML pages are numbered from 1",
            ));
        }
        if !PAGE_SIZES.contains(&size) {
            return Err(Error::configuration(format!(
                "page size {size} is not accepted: CLOVA NSML list calls take 1..={MAX_PAGE_SIZE}"
            )));
        }
        let (page, _) = self.source.fetch(page, size, false).await?;
        Ok(page)
    }

    /// A paginator from [`page`](Self::page) with [`page_size`](Self::page_size),
    /// [`concurrency`](Self::concurrency) and [`max_pages`](Self::max_pages) applied.
    ///
    /// Invalid settings (page 0, page size 0 or above [`MAX_PAGE_SIZE`]) are the streams' first and
    /// only item ([`PaginationError::is_invalid_config`]), before any request.
    pub fn into_paginator(self) -> Paginator<ProjectSource> {
        let mut paginator = Paginator::new(self.source);
        if let Some(page) = self.page {
            paginator = paginator.start_page(page);
        }
        if let Some(page_size) = self.page_size {
            paginator = paginator.page_size(page_size);
        }
        if let Some(concurrency) = self.concurrency {
            paginator = paginator.concurrency(concurrency);
        }
        if let Some(max_pages) = self.max_pages {
            paginator = paginator.max_pages(max_pages);
        }
        paginator
    }

    /// Every project from [`page`](Self::page) on, in order, as a stream; it ends after the last
    /// one or after the first error.
    pub fn items(self) -> ItemStream<ProjectSource> {
        self.into_paginator().items()
    }

    /// Every non-empty page from [`page`](Self::page) on, in order, as a stream.
    pub fn pages(self) -> PageStream<ProjectSource> {
        self.into_paginator().pages()
    }

    /// Every project from [`page`](Self::page) on, collected, stopping at the first error.
    pub async fn try_collect(self) -> Result<Vec<Project>, PaginationError<Error>> {
        self.into_paginator().try_collect().await
    }
}

const PAGE_SIZES: RangeInclusive<u32> = 1..=MAX_PAGE_SIZE;

/// The [`PageSource`] of `GET /projects`, for [`Paginator`]: obtained from
/// [`ListProjects::into_paginator`].
#[derive(Debug, Clone)]
pub struct ProjectSource {
    nsml: NsmlClient,
}

impl ProjectSource {
    /// Sends `GET {endpoint}/projects?page={page}&pageSize={size}` and decodes the page; the flag
    /// says whether the call was throttled on the way.
    ///
    /// With `listing`, a page shorter than `size` that the total says is not the last is an error:
    /// the service ignored or capped `pageSize`, and a listing would end early, silently skipping
    /// projects.
    async fn fetch(
        &self,
        page: u64,
        size: u32,
        listing: bool,
    ) -> Result<(ProjectsPage, bool), Error> {
        let request = Request::get(format!("{}/projects", self.nsml.endpoint()))
            .query("page", page)
            .query("pageSize", size)
            .require_api_key();
        let response = self.nsml.client().send_raw(request).await?;
        let wire: WirePage = response.json()?;
        // Only an object is an envelope, as in the core; anything else under `error` is ignored.
        if let Some(serde_json::Value::Object(_)) = &wire.error {
            return Err(response.service_error());
        }
        let len = wire.projects.len() as u64;
        if let Some(total) = wire.total_count.filter(|_| listing) {
            let seen = page
                .saturating_sub(1)
                .saturating_mul(u64::from(size))
                .saturating_add(len);
            if len > 0 && len < u64::from(size) && seen < total {
                let message = format!(
                    "page {page} holds {len} projects for pageSize={size} although totalCount is \
                     {total}: the service appears to cap the page size; use a page size of at most \
                     {len}"
                );
                return Err(response.decode_error(message));
            }
        }
        let page = ProjectsPage::new(wire.projects, wire.total_count);
        Ok((page, response.was_throttled()))
    }
}

#[async_trait]
impl PageSource for ProjectSource {
    type Item = Project;
    type Error = Error;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<Project>, Error> {
        let (page, throttled) = self.fetch(request.number, request.size, true).await?;
        let mut result = Page::new(page.projects);
        if let Some(total) = page.total_count {
            result = result.with_total_count(total);
        }
        Ok(result.with_throttling(throttled))
    }

    fn page_size_limits(&self) -> RangeInclusive<u32> {
        PAGE_SIZES
    }

    fn default_page_size(&self) -> u32 {
        DEFAULT_PAGE_SIZE
    }

    fn is_throttling(&self, error: &Error) -> bool {
        error.is_throttling()
    }

    fn page_fingerprint(&self, items: &[Project]) -> Option<u64> {
        Some(fingerprint(items.iter().map(|p| &p.project_id)))
    }
}

/// The body as received: a page, or a gateway error envelope sent with a 2xx status.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePage {
    #[serde(default, deserialize_with = "null_as_empty")]
    projects: Vec<Project>,
    total_count: Option<u64>,
    error: Option<serde_json::Value>,
}
