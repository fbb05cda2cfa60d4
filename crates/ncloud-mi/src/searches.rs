//! Asset search: start it ([`Search`]), wait for it ([`WaitForSearch`]), and list its matches
//! across result pages ([`ListSearchResults`], [`Search::items`]).

use std::ops::RangeInclusive;
use std::time::Duration;

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, BoxStream, Stream, StreamExt};
use ncloud_core::Error;
use ncloud_core::client::{Operation, Wait, WaitState};
use ncloud_pagination::{IntoPage, List, ListError, ListOperation, Page};
use serde::Deserialize;

use crate::{
    AssetType, Client, Conditions, ConfidenceLevel, Mi, QueryOption, SearchMatch, SearchRequest,
    SearchResults, SearchStarted, SearchStatus, validate,
};

/// The page sizes of search results, and the service's default.
pub const RESULT_PAGE_SIZES: RangeInclusive<u32> = 1..=100;
/// The page size of search results when none is set (the service's default).
pub const DEFAULT_RESULT_PAGE_SIZE: u32 = 50;

/// A search's matches, streamed across result pages by [`Search::items`]: a [`Stream`], with the
/// same inherent `next`, `try_next` and `try_collect` as the list streams.
#[must_use = "a stream does nothing until polled"]
pub struct SearchMatches {
    inner: BoxStream<'static, Result<SearchMatch, ListError>>,
}

impl SearchMatches {
    /// The next match, or the error that ended the stream, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<SearchMatch, ListError>> {
        self.inner.next().await
    }

    /// The next match, `None` at the end, or the error.
    pub async fn try_next(&mut self) -> Result<Option<SearchMatch>, ListError> {
        self.next().await.transpose()
    }

    /// Every match, stopping at the first error.
    pub async fn try_collect(mut self) -> Result<Vec<SearchMatch>, ListError> {
        let mut all = Vec::new();
        while let Some(found) = self.try_next().await? {
            all.push(found);
        }
        Ok(all)
    }
}

impl Stream for SearchMatches {
    type Item = Result<SearchMatch, ListError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl std::fmt::Debug for SearchMatches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchMatches").finish_non_exhaustive()
    }
}

/// A search to run in a workspace; built by [`Client::search`].
///
/// [`start`](Self::start) sends it and returns its id; [`items`](Self::items) starts it, waits for
/// it, and streams every match. The query is checked first (a text of 1 to 1000 characters, none
/// of `;`, `|` or backtick; the result page size within 1..=100): a bad one is a configuration
/// error and nothing is sent.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `start` is awaited or `items` is polled"]
pub struct Search {
    client: Client,
    workspace: String,
    request: SearchRequest,
    page_size: Option<u32>,
    timeout: Option<Duration>,
    delays: Option<(Duration, Duration)>,
}

impl Search {
    /// Searches for scenes and images matching `text` (the `textQuery`).
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.request.query.text_query = Some(text.into());
        self
    }

    /// Searches for what the uploaded query image `key` shows (the `imageQuery`; uploading it is
    /// not part of this crate).
    pub fn image(mut self, key: impl Into<String>) -> Self {
        self.request.query.image_query = Some(key.into());
        self
    }

    /// Narrows by persons (ids) that must, may or must not appear.
    pub fn persons(mut self, persons: Conditions<u64>) -> Self {
        self.request.query.person_query = persons;
        self
    }

    /// Narrows by dialogue lines that must, may or must not be spoken (videos only).
    pub fn dialogue(mut self, lines: Conditions<String>) -> Self {
        self.request.query.dialog_query = lines;
        self
    }

    /// Only in this project (may be called again for more projects).
    pub fn project(mut self, project_id: u64) -> Self {
        self.request.filter.project_ids.push(project_id);
        self
    }

    /// Only this asset (may be called again for more assets).
    pub fn asset(mut self, asset_id: u64) -> Self {
        self.request.filter.asset_ids.push(asset_id);
        self
    }

    /// Only assets of this type (may be called again).
    pub fn asset_type(mut self, asset_type: AssetType) -> Self {
        self.request.filter.asset_types.push(asset_type);
        self
    }

    /// How similar a match must be (the service's default is [`ConfidenceLevel::Medium`]).
    pub fn confidence(mut self, level: ConfidenceLevel) -> Self {
        self.request.query_option = Some(QueryOption::new(level));
        self
    }

    /// Matches per result page for [`items`](Self::items): 1..=100, default 50.
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// How long [`items`](Self::items) waits for the results in all (default 10 minutes).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The pauses between polls of [`items`](Self::items): `first`, doubling up to `max`
    /// (default 1 s to 10 s).
    pub fn delays(mut self, first: Duration, max: Duration) -> Self {
        self.delays = Some((first, max));
        self
    }

    /// Checks the query and the page size, without sending anything.
    pub fn validate(&self) -> Result<(), Error> {
        let query = &self.request.query;
        match (&query.text_query, &query.image_query) {
            (Some(text), None) => validate::text_query(text)?,
            (None, Some(_)) => {}
            _ => {
                return Err(Error::configuration(
                    "a search needs exactly one of a text query and an image query",
                ));
            }
        }
        let lines = &query.dialog_query;
        for line in lines.must.iter().chain(&lines.any).chain(&lines.not) {
            validate::dialogue_line(line)?;
        }
        if let Some(size) = self.page_size {
            validate::page_size("search results", size, RESULT_PAGE_SIZES)?;
        }
        Ok(())
    }

    /// `POST /workspaces/{ws}/assets/search`: starts the search (checked first; not retried once
    /// sent). The results come later: [`Client::wait_for_search`], then
    /// [`Client::search_results`].
    pub async fn start(&self) -> Result<SearchStarted, Error> {
        self.validate()?;
        let operation = Operation::post(
            "StartSearch",
            ["workspaces", self.workspace.as_str(), "assets", "search"],
        )
        .json(&self.request);
        self.client.service().send(operation).await
    }

    /// Starts the search, waits until its results are ready, and streams every match, best first,
    /// across result pages. Any error (a bad query, a failed search, a timeout, a failed page)
    /// is the stream's last item.
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use ncloud_mi::ConfidenceLevel;
    ///
    /// let mut matches = mi.search("my-workspace").text("a red car").confidence(ConfidenceLevel::High).items();
    /// while let Some(found) = matches.try_next().await? {
    ///     println!("{:?} {:?} {:?}", found.asset_id, found.file_name, found.score);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn items(self) -> SearchMatches {
        let ready = async move {
            let started = self.start().await?;
            let mut wait = self
                .client
                .wait_for_search(&self.workspace, &started.search_id);
            if let Some(timeout) = self.timeout {
                wait = wait.timeout(timeout);
            }
            if let Some((first, max)) = self.delays {
                wait = wait.delays(first, max);
            }
            wait.await?;
            let mut list = self
                .client
                .search_results(&self.workspace, &started.search_id);
            if let Some(size) = self.page_size {
                list = list.page_size(size);
            }
            Ok::<_, Error>(list.items())
        };
        let inner = stream::once(ready)
            .flat_map(|ready| match ready {
                Ok(items) => items.boxed(),
                // Nothing was listed yet: a failure to start or to wait is reported as page 1's.
                Err(source) => stream::iter([Err(ListError::Fetch { page: 1, source })]).boxed(),
            })
            .boxed();
        SearchMatches { inner }
    }
}

/// `GET /workspaces/{ws}/assets/search/{searchId}?pageNum=N&pageSize=S`: a search's matches,
/// built by [`Client::search_results`]; page sizes 1..=100, default 50, keyed on the `totalPage`
/// and `pageSize` the server reports. A search that has not completed is an error, never an empty
/// listing.
#[derive(Debug, Clone)]
pub struct ListSearchResults {
    workspace: String,
    search_id: String,
}

/// A results page that has completed (see [`ListSearchResults`]).
#[derive(Debug)]
pub struct CompletedResults(SearchResults);

impl<'de> Deserialize<'de> for CompletedResults {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let results = SearchResults::deserialize(deserializer)?;
        match (&results.status, &results.results) {
            (SearchStatus::Completed, Some(_)) => Ok(Self(results)),
            (SearchStatus::Completed, None) => Err(serde::de::Error::custom(
                "the search is COMPLETED but its answer has no `results`",
            )),
            (status, _) => Err(serde::de::Error::custom(format!(
                "the search is {status}, not COMPLETED: its results are not ready (wait for it first)"
            ))),
        }
    }
}

impl ListOperation for ListSearchResults {
    type Service = Mi;
    type Page = CompletedResults;
    const PAGE_SIZES: RangeInclusive<u32> = RESULT_PAGE_SIZES;
    const DEFAULT_PAGE_SIZE: u32 = DEFAULT_RESULT_PAGE_SIZE;

    fn operation(&self) -> Operation<CompletedResults> {
        let path = [
            "workspaces",
            self.workspace.as_str(),
            "assets",
            "search",
            self.search_id.as_str(),
        ];
        Operation::get("GetSearchResults", path)
    }
}

/// A match has no identity of its own (an asset can match in several scenes), so the overlap
/// check is off.
impl IntoPage for CompletedResults {
    type Item = SearchMatch;

    fn into_page(self) -> Page<SearchMatch> {
        let results = self.0;
        let page = Page::new(results.results.unwrap_or_default())
            .with_totals(results.total_count, results.total_page);
        match results.page_size.and_then(|size| u32::try_from(size).ok()) {
            Some(size) => page.with_page_size(size),
            None => page,
        }
    }
}

impl Client {
    /// A search in `workspace`: set a [`text`](Search::text), optionally
    /// [`project`](Search::project)s and a [`confidence`](Search::confidence), then
    /// [`items`](Search::items) (or [`start`](Search::start)).
    pub fn search(&self, workspace: impl Into<String>) -> Search {
        Search {
            client: self.clone(),
            workspace: workspace.into(),
            request: SearchRequest::default(),
            page_size: None,
            timeout: None,
            delays: None,
        }
    }

    /// Polls the first result page of the search `search_id` of `workspace` (at the smallest page
    /// size) until the search is `COMPLETED`, and returns that page. `FAILED` is its failure
    /// state (an error with [`is_wait_failed`](Error::is_wait_failed)); any other status, known or
    /// not, keeps it polling (1 s doubling up to 10 s: searches take seconds) until the timeout (10
    /// minutes unless set), whose error names the last status.
    pub fn wait_for_search(
        &self,
        workspace: impl Into<String>,
        search_id: impl Into<String>,
    ) -> Wait<SearchResults> {
        let (mi, workspace, search_id) = (self.clone(), workspace.into(), search_id.into());
        let awaited = format!("the results of search {search_id}");
        Wait::new(self.core(), awaited, move || {
            let (mi, workspace, search_id) = (mi.clone(), workspace.clone(), search_id.clone());
            async move {
                let path = [
                    "workspaces",
                    workspace.as_str(),
                    "assets",
                    "search",
                    search_id.as_str(),
                ];
                let operation = Operation::<SearchResults>::get("GetSearchResults", path)
                    .query("pageNum", 1)
                    .query("pageSize", 1);
                let results = mi.service().send(operation).await?;
                Ok(match &results.status {
                    SearchStatus::Completed => WaitState::Done(results),
                    SearchStatus::Failed => WaitState::Failed {
                        state: SearchStatus::Failed.to_string(),
                        reason: None,
                    },
                    other => WaitState::Pending(other.to_string()),
                })
            }
        })
        .delays(Duration::from_secs(1), Duration::from_secs(10))
    }

    /// `GET /workspaces/{workspace}/assets/search/{search_id}`: the matches of a completed search,
    /// best first (see [`ListSearchResults`]).
    pub fn search_results(
        &self,
        workspace: impl Into<String>,
        search_id: impl Into<String>,
    ) -> List<ListSearchResults> {
        let operation = ListSearchResults {
            workspace: workspace.into(),
            search_id: search_id.into(),
        };
        List::from_operation(self.service().clone(), operation)
    }
}
