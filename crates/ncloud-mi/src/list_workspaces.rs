//! `GET /api/v1/workspaces`: the [`ListWorkspaces`] builder and its page source.

use std::ops::RangeInclusive;

use async_trait::async_trait;
use ncloud_core::Error;
use ncloud_core::client::Request;
use ncloud_pagination::{
    ItemStream, Page, PageRequest, PageSource, PageStream, PaginationError, Paginator,
};

use crate::{MiClient, Workspace, WorkspacesPage, envelope};

/// The largest page size MI accepts (the smallest is 1).
pub const MAX_PAGE_SIZE: u32 = 1000;

/// The page size sent when none is set: MI's documented default and maximum.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;

/// Lists the account's workspaces; built by [`MiClient::list_workspaces`].
///
/// `pageNum` and `pageSize` are always sent: `pageNum` because the API requires it, `pageSize`
/// (default [`DEFAULT_PAGE_SIZE`]) so that the page arithmetic never depends on an undocumented
/// server default. Both are validated before anything is sent.
///
/// - [`send`](Self::send) fetches the one page `page_num`;
/// - [`items`](Self::items), [`pages`](Self::pages) and [`try_collect`](Self::try_collect) list every workspace from `page_num` on:
///   page 1 first, then, once it gives the total, up to [`concurrency`](Self::concurrency) pages at
///   once, in order.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send`, `items` or `pages` is called and polled"]
pub struct ListWorkspaces {
    client: MiClient,
    page_num: u64,
    page_size: u32,
    concurrency: Option<usize>,
    max_pages: Option<u64>,
}

impl ListWorkspaces {
    pub(crate) fn new(client: MiClient) -> Self {
        Self {
            client,
            page_num: 1,
            page_size: DEFAULT_PAGE_SIZE,
            concurrency: None,
            max_pages: None,
        }
    }

    /// The page to fetch, or to start the listing from (from 1; default 1).
    pub fn page_num(mut self, page_num: u64) -> Self {
        self.page_num = page_num;
        self
    }

    /// Workspaces per page, within 1..=[`MAX_PAGE_SIZE`] (default [`DEFAULT_PAGE_SIZE`]).
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size;
        self
    }

    /// The most pages [`items`](Self::items) and [`pages`](Self::pages) fetch at once (default
    /// [`ncloud_pagination::DEFAULT_CONCURRENCY`]). Ignored by [`send`](Self::send).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = Some(concurrency);
        self
    }

    /// The most pages a listing may span (default [`ncloud_pagination::DEFAULT_MAX_PAGES`]).
    /// Ignored by [`send`](Self::send).
    pub fn max_pages(mut self, max_pages: u64) -> Self {
        self.max_pages = Some(max_pages);
        self
    }

    /// Fetches the one page `page_num`.
    ///
    /// A page number below 1 or a page size outside 1..=[`MAX_PAGE_SIZE`] is a configuration error,
    /// before any request. An envelope whose `code` is not `"0"` is a service error carrying that
    /// code and message, whatever the HTTP status.
    pub async fn send(self) -> Result<WorkspacesPage, Error> {
        if self.page_num == 0 {
            return Err(Error::configuration(
                "pageNum 0 does not exist: Media Intelligence numbers pages from 1",
            ));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&self.page_size) {
            return Err(Error::configuration(format!(
                "pageSize {} is not accepted by Media Intelligence (allowed: 1..={MAX_PAGE_SIZE})",
                self.page_size
            )));
        }
        Ok(fetch(&self.client, self.page_num, self.page_size).await?.0)
    }

    /// A paginator over every page from `page_num`, with this builder's settings.
    ///
    /// Invalid settings (page 0, a page size outside 1..=[`MAX_PAGE_SIZE`], concurrency or max pages
    /// 0) are the streams' first and only item, before any request.
    pub fn into_paginator(self) -> Paginator<WorkspaceSource> {
        let mut paginator = Paginator::new(WorkspaceSource {
            client: self.client,
        })
        .start_page(self.page_num)
        .page_size(self.page_size);
        if let Some(concurrency) = self.concurrency {
            paginator = paginator.concurrency(concurrency);
        }
        if let Some(max_pages) = self.max_pages {
            paginator = paginator.max_pages(max_pages);
        }
        paginator
    }

    /// Every workspace from page `page_num` on, in order.
    pub fn items(self) -> ItemStream<WorkspaceSource> {
        self.into_paginator().items()
    }

    /// Every non-empty page from `page_num` on, in order.
    pub fn pages(self) -> PageStream<WorkspaceSource> {
        self.into_paginator().pages()
    }

    /// Every workspace from page `page_num` on, collected, stopping at the first error.
    pub async fn try_collect(self) -> Result<Vec<Workspace>, PaginationError<Error>> {
        self.into_paginator().try_collect().await
    }
}

/// The [`PageSource`] behind [`ListWorkspaces::items`]: page N of the account's workspaces.
#[derive(Debug, Clone)]
pub struct WorkspaceSource {
    client: MiClient,
}

#[async_trait]
impl PageSource for WorkspaceSource {
    type Item = Workspace;
    type Error = Error;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<Workspace>, Error> {
        let (result, throttled) = fetch(&self.client, request.number, request.size).await?;
        Ok(Page::new(result.workspaces)
            .with_total_count(result.total_count)
            .with_total_pages(result.total_page)
            .with_throttling(throttled))
    }

    fn page_size_limits(&self) -> RangeInclusive<u32> {
        1..=MAX_PAGE_SIZE
    }

    fn default_page_size(&self) -> u32 {
        DEFAULT_PAGE_SIZE
    }

    fn is_throttling(&self, error: &Error) -> bool {
        error.is_throttling()
    }

    fn page_fingerprint(&self, items: &[Workspace]) -> Option<u64> {
        Some(ncloud_pagination::fingerprint(
            items.iter().map(|w| &w.workspace_name),
        ))
    }
}

/// One signed `GET {endpoint}/workspaces?pageNum=N&pageSize=S`, decoded; also whether the
/// transport was throttled on the way.
async fn fetch(
    client: &MiClient,
    page_num: u64,
    page_size: u32,
) -> Result<(WorkspacesPage, bool), Error> {
    let request = Request::get(format!("{}/workspaces", client.endpoint()))
        .query("pageNum", page_num)
        .query("pageSize", page_size);
    let response = client.client().send_raw(request).await?;
    let page = envelope::decode(response.status(), response.endpoint(), response.body())
        .map_err(|e| e.with_attempts(response.attempts()))?;
    Ok((page, response.was_throttled()))
}
