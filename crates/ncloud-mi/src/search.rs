//! Asset search: the request body ([`SearchRequest`]) and what the service answers
//! ([`SearchStarted`], [`SearchResults`], [`SearchMatch`]); start it ([`Search`]), wait for it
//! ([`WaitForSearch`]), and list its matches across result pages ([`ListSearchResults`],
//! [`Search::items`]).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::stream::{self, BoxStream, Stream, StreamExt};
use ncloud_core::Error;
use ncloud_core::client::{Operation, Wait, WaitState};
use ncloud_pagination::{IntoPage, List, ListError, ListOperation, Page};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{AssetType, Client, ConfidenceLevel, Mi, validate};

/// The body of `POST /workspaces/{ws}/assets/search`: `query`, and the optional `queryOption` and
/// `filter` objects. Empty parts are left out of the JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchRequest {
    /// What to look for.
    pub query: SearchQuery,
    /// How similar a match must be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_option: Option<QueryOption>,
    /// Where to look.
    #[serde(skip_serializing_if = "SearchFilter::is_empty")]
    pub filter: SearchFilter,
}

/// The `query` object: a text or an image query (exactly one), optionally narrowed by persons and
/// dialogue lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchQuery {
    /// Words describing the scene or image (no `;`, `|` or backtick).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_query: Option<String>,
    /// The key of an uploaded query image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_query: Option<String>,
    /// Person ids that must, may or must not appear.
    #[serde(skip_serializing_if = "Conditions::is_empty")]
    pub person_query: Conditions<u64>,
    /// Dialogue lines that must, may or must not be spoken (videos only).
    #[serde(skip_serializing_if = "Conditions::is_empty")]
    pub dialog_query: Conditions<String>,
}

impl SearchQuery {
    /// A search for scenes and images matching `text` (the `textQuery`; no `;`, `|` or backtick).
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text_query: Some(text.into()),
            ..Self::default()
        }
    }

    /// A search for what the uploaded query image `key` shows (the `imageQuery`: the key
    /// [`Client::upload_query_image`] returns).
    pub fn image(key: impl Into<String>) -> Self {
        Self {
            image_query: Some(key.into()),
            ..Self::default()
        }
    }
}

/// `must` / `any` / `not` lists of a person or dialogue condition; empty lists are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Conditions<T> {
    /// Every one of these must be present.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub must: Vec<T>,
    /// At least one of these must be present.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<T>,
    /// None of these may be present.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not: Vec<T>,
}

impl<T> Default for Conditions<T> {
    fn default() -> Self {
        Self {
            must: Vec::new(),
            any: Vec::new(),
            not: Vec::new(),
        }
    }
}

impl<T> Conditions<T> {
    /// No condition yet.
    ///
    /// ```
    /// use ncloud_mi::Conditions;
    ///
    /// let persons = Conditions::new().must([3, 4]).not([9]);
    /// assert_eq!((persons.must.len(), persons.any.len(), persons.not.len()), (2, 0, 1));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds items that must all be present.
    pub fn must(mut self, items: impl IntoIterator<Item = T>) -> Self {
        self.must.extend(items);
        self
    }

    /// Adds items of which at least one must be present.
    pub fn any(mut self, items: impl IntoIterator<Item = T>) -> Self {
        self.any.extend(items);
        self
    }

    /// Adds items that must not be present.
    pub fn not(mut self, items: impl IntoIterator<Item = T>) -> Self {
        self.not.extend(items);
        self
    }

    /// No condition at all.
    pub fn is_empty(&self) -> bool {
        self.must.is_empty() && self.any.is_empty() && self.not.is_empty()
    }
}

/// The `queryOption` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QueryOption {
    /// The similarity confidence a match needs.
    pub confidence_level: ConfidenceLevel,
}

impl QueryOption {
    /// A `queryOption` asking for `confidence_level`.
    pub fn new(confidence_level: ConfidenceLevel) -> Self {
        Self { confidence_level }
    }
}

/// The `filter` object: which projects, assets and asset types to search (all when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchFilter {
    /// Only these projects.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub project_ids: Vec<u64>,
    /// Only these assets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub asset_ids: Vec<u64>,
    /// Only these asset types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub asset_types: Vec<AssetType>,
}

impl SearchFilter {
    /// No restriction at all.
    pub fn is_empty(&self) -> bool {
        self.project_ids.is_empty() && self.asset_ids.is_empty() && self.asset_types.is_empty()
    }
}

/// What starting a search returns: the id to fetch its results with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchStarted {
    /// The search's id.
    pub search_id: String,
}

ncloud_core::string_enum! {
    /// Where an asynchronous search is; another value is kept as [`Unknown`](Self::Unknown) and
    /// counts as still running.
    pub enum SearchStatus {
        /// `RUNNING`: still searching.
        Running = "RUNNING",
        /// `COMPLETED`: the results are ready.
        Completed = "COMPLETED",
        /// `FAILED`: the search failed.
        Failed = "FAILED",
    }
}

/// One page of a search's results (`GET /workspaces/{ws}/assets/search/{searchId}`).
///
/// The totals and the matches are only present once [`status`](Self::status) is `COMPLETED`; before
/// that they are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchResults {
    /// The search's id.
    #[serde(default)]
    pub search_id: Option<String>,
    /// Where the search is.
    pub status: SearchStatus,
    /// How many matches the search found.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub total_count: Option<u64>,
    /// How many pages the matches fill at the page size applied.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub total_page: Option<u64>,
    /// This page's number, from 1.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub page_no: Option<u64>,
    /// The page size the server applied.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub page_size: Option<u64>,
    /// The matches of this page, best first (`results`; `content` is read too).
    #[serde(default, alias = "content")]
    pub results: Option<Vec<SearchMatch>>,
}

/// One match of a search: an asset (and, for a video, a scene of it) with its score.
///
/// The fields the workflow needs are typed; every other field is kept as sent in
/// [`details`](Self::details).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchMatch {
    /// The matching asset.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub asset_id: Option<u64>,
    /// The asset's project.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub project_id: Option<u64>,
    /// The index the match was found in.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub index_id: Option<u64>,
    /// The asset's file name.
    #[serde(default)]
    pub file_name: Option<String>,
    /// The asset's type.
    #[serde(default, rename = "type")]
    pub asset_type: Option<AssetType>,
    /// The similarity score (absent when the search had no text or image query).
    #[serde(default)]
    pub score: Option<f64>,
    /// Every other field, as sent (scene times, thumbnails, ...).
    #[serde(flatten)]
    pub details: BTreeMap<String, Value>,
}

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
/// Awaiting it (or [`send`](Self::send)) starts it and returns its id; [`items`](Self::items)
/// starts it, waits for it, and streams every match. The query is checked first (a text of 1 to 1000 characters, none
/// of `;`, `|` or backtick; the result page size within 1..=100): a bad one is a configuration
/// error and nothing is sent.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until it is awaited or `items` is polled"]
pub struct Search {
    client: Client,
    workspace: String,
    request: SearchRequest,
    page_size: Option<u32>,
    timeout: Option<Duration>,
    delays: Option<(Duration, Duration)>,
}

impl Search {
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
    /// sent), as awaiting the builder does. The results come later: [`Client::wait_for_search`],
    /// then [`Client::search_results`]; or use [`items`](Self::items) for all three steps.
    pub async fn send(self) -> Result<SearchStarted, Error> {
        self.start().await
    }

    async fn start(&self) -> Result<SearchStarted, Error> {
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
    /// use ncloud_mi::{ConfidenceLevel, SearchQuery};
    ///
    /// let query = SearchQuery::text("a red car");
    /// let mut matches = mi.search("my-workspace", query).confidence(ConfidenceLevel::High).items();
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

ncloud_core::operation_future!(Search => SearchStarted);

impl Client {
    /// A search in `workspace` for `query` ([`SearchQuery::text`] or [`SearchQuery::image`]):
    /// optionally narrow it ([`project`](Search::project)s, a [`confidence`](Search::confidence),
    /// ...), then [`items`](Search::items) for every match, or await it (or
    /// [`send`](Search::send)) to only start it.
    pub fn search(&self, workspace: impl Into<String>, query: SearchQuery) -> Search {
        Search {
            client: self.clone(),
            workspace: workspace.into(),
            request: SearchRequest {
                query,
                ..SearchRequest::default()
            },
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
        .operation(crate::client::label("WaitForSearch"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_text_search_body_has_only_what_was_set() {
        let mut request = SearchRequest::default();
        request.query.text_query = Some("a red car".into());
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"query": {"textQuery": "a red car"}})
        );
        request.query_option = Some(QueryOption::new(ConfidenceLevel::High));
        request.filter.project_ids = vec![7, 8];
        request.filter.asset_types = vec![AssetType::Video];
        request.query.person_query.not = vec![3];
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({
                "query": {"textQuery": "a red car", "personQuery": {"not": [3]}},
                "queryOption": {"confidenceLevel": "HIGH"},
                "filter": {"projectIds": [7, 8], "assetTypes": ["VIDEO"]}
            })
        );
    }

    #[test]
    fn results_before_and_after_completion() {
        let running: SearchResults = serde_json::from_value(json!({
            "searchId": "JtWJKTDCKknMHP8Id4Gt", "status": "RUNNING"
        }))
        .unwrap();
        assert_eq!(running.status, SearchStatus::Running);
        assert_eq!((running.total_count, running.results), (None, None));

        let done: SearchResults = serde_json::from_value(json!({
            "searchId": "JtWJKTDCKknMHP8Id4Gt",
            "status": "COMPLETED",
            "totalCount": 1, "totalPage": 1, "pageNo": 1, "pageSize": 50,
            "results": [{
                "assetId": 5678, "projectId": 1234, "indexId": 1001, "type": "VIDEO",
                "fileName": "sample-video.mp4", "score": 0.87, "startTime": 12.5
            }]
        }))
        .unwrap();
        let hit = &done.results.as_ref().unwrap()[0];
        assert_eq!((hit.asset_id, hit.index_id), (Some(5678), Some(1001)));
        assert_eq!(hit.score, Some(0.87));
        assert_eq!(hit.details["startTime"], json!(12.5));
        assert_eq!(done.total_page, Some(1));
    }

    #[test]
    fn an_unknown_status_is_kept_and_a_missing_one_is_an_error() {
        let r: SearchResults = serde_json::from_value(json!({"status": "QUEUED"})).unwrap();
        assert_eq!(r.status, SearchStatus::Unknown("QUEUED".into()));
        assert!(serde_json::from_value::<SearchResults>(json!({"searchId": "x"})).is_err());
        let s: SearchStarted = serde_json::from_value(json!({"searchId": "abc"})).unwrap();
        assert_eq!(s.search_id, "abc");
    }
}
