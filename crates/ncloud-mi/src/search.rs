//! Asset search: the request body ([`SearchRequest`]) and what the service answers
//! ([`SearchStarted`], [`SearchResults`], [`SearchMatch`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{AssetType, ConfidenceLevel};

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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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
