//! The person calls added on 2026-09-17: search ([`SearchPersons`]), merge, similar persons
//! ([`SimilarPersons`]) and recommendation by thumbnail ([`RecommendPersons`]).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use ncloud_core::Error;
use ncloud_core::client::Operation;
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{List, ListOperation, PageRequest};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::{Client, Mi, Person, ResultPage, validate};

/// The page sizes of the person search: 1..=50.
pub const PERSON_SEARCH_PAGE_SIZES: RangeInclusive<u32> = 1..=50;
/// The page size of the person search when none is set (the service's default).
pub const DEFAULT_PERSON_SEARCH_PAGE_SIZE: u32 = 10;
/// The most persons one merge folds into the kept one.
pub const MAX_MERGED_PERSONS: usize = 10;
/// How many persons similar and recommend calls may return (default 3).
pub const PERSON_COUNTS: RangeInclusive<u32> = 1..=10;
/// The similarity scores a match must reach in similar and recommend calls (default 80).
pub const SCORE_THRESHOLDS: RangeInclusive<u32> = 80..=100;

ncloud_core::string_enum! {
    /// Named or anonymous persons, for [`PersonSearch::name_type`].
    pub enum NameType {
        /// `NAMED`: persons with a name.
        Named = "NAMED",
        /// `ANONYMOUS`: persons created without a name.
        Anonymous = "ANONYMOUS",
    }
}

ncloud_core::string_enum! {
    /// The order of a person search.
    pub enum PersonSortColumn {
        /// `ASSET_COUNT`: by how many assets the person appears in (the default).
        AssetCount = "ASSET_COUNT",
        /// `CREATED_AT`: by creation time.
        CreatedAt = "CREATED_AT",
        /// `PERSON_ID`: by id.
        PersonId = "PERSON_ID",
        /// `NAME`: by name.
        Name = "NAME",
    }
}

ncloud_core::string_enum! {
    /// The direction of a person search's order.
    pub enum SortType {
        /// `ASC`: smallest first.
        Asc = "ASC",
        /// `DESC`: largest first (the default).
        Desc = "DESC",
    }
}

/// The body of `POST /workspaces/{ws}/persons/search` without its paging: what
/// [`Client::search_persons`] looks for (every person by default).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PersonSearch {
    /// Persons whose name matches (2 to 50 characters, none of `;`, `|` or backtick).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Only these persons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub person_ids: Vec<u64>,
    /// Only persons with these tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_ids: Vec<u64>,
    /// Only named or only anonymous persons (both when `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_type: Option<NameType>,
    /// The order (service default: by asset count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_column: Option<PersonSortColumn>,
    /// The direction (service default: descending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_type: Option<SortType>,
}

impl PersonSearch {
    /// Every person.
    pub fn new() -> Self {
        Self::default()
    }

    /// Persons whose name matches `name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Only this person (may be called again).
    pub fn person(mut self, person_id: u64) -> Self {
        self.person_ids.push(person_id);
        self
    }

    /// Only persons with this tag (may be called again).
    pub fn tag(mut self, tag_id: u64) -> Self {
        self.tag_ids.push(tag_id);
        self
    }

    /// Only named or only anonymous persons.
    pub fn name_type(mut self, name_type: NameType) -> Self {
        self.name_type = Some(name_type);
        self
    }

    /// The order and its direction.
    pub fn sort(mut self, column: PersonSortColumn, direction: SortType) -> Self {
        self.sort_column = Some(column);
        self.sort_type = Some(direction);
        self
    }

    fn check(&self) -> Result<(), Error> {
        if let Some(name) = &self.name {
            validate::name_filter(name)?;
        }
        Ok(())
    }
}

/// `POST /workspaces/{ws}/persons/search` with `pageNum` and `pageSize` (1..=50, default 10) in
/// the body; built by [`Client::search_persons`]. The answer is read as MI's paged envelope of
/// persons (the reference page does not show it).
#[derive(Debug, Clone)]
pub struct SearchPersons {
    workspace: String,
    search: PersonSearch,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PagedSearch<'a> {
    page_num: u64,
    page_size: u32,
    #[serde(flatten)]
    search: &'a PersonSearch,
}

impl ListOperation for SearchPersons {
    type Service = Mi;
    type Page = ResultPage<Person>;
    const PAGE_SIZES: RangeInclusive<u32> = PERSON_SEARCH_PAGE_SIZES;
    const DEFAULT_PAGE_SIZE: u32 = DEFAULT_PERSON_SEARCH_PAGE_SIZE;

    fn operation(&self) -> Operation<ResultPage<Person>> {
        Operation::post(
            "SearchPersons",
            ["workspaces", self.workspace.as_str(), "persons", "search"],
        )
        .check(self.search.check())
    }

    fn page_operation(&self, page: PageRequest) -> Operation<ResultPage<Person>> {
        self.operation().json(&PagedSearch {
            page_num: page.number,
            page_size: page.size,
            search: &self.search,
        })
    }
}

/// What merging persons answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MergedPersons {
    /// The person kept.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub person_id: u64,
    /// How many assets moved to it.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub transferred_asset_count: Option<u64>,
    /// How many thumbnails moved to it.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub transferred_thumbnail_count: Option<u64>,
    /// When the merge happened.
    #[serde(default)]
    pub merged_time: Option<DateTime>,
}

/// A person found similar to a person or to a thumbnail: its id and, when sent, its name and
/// score; every other field is kept in [`details`](Self::details) (the reference page cuts the
/// list off after `personId`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SimilarPerson {
    /// The person's id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub person_id: u64,
    /// The person's name, if sent.
    #[serde(default)]
    pub name: Option<String>,
    /// The similarity score, if sent.
    #[serde(default)]
    pub score: Option<f64>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub details: BTreeMap<String, Value>,
}

/// What `GET .../persons/{id}/similar` answers: the base person and the persons most like it,
/// most similar first (empty when none reaches the threshold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SimilarPersonsFound {
    /// The base person.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub person_id: u64,
    /// The similar persons.
    #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
    pub similar_persons: Vec<SimilarPerson>,
}

/// The persons recommended for a thumbnail, most similar first (empty when none reaches the
/// threshold). The reference page shows no field names: the list is read as the `result` itself
/// or under `recommendedPersons`, `similarPersons`, `persons` or `content`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RecommendedPersons {
    /// The recommended persons.
    pub persons: Vec<SimilarPerson>,
}

impl<'de> Deserialize<'de> for RecommendedPersons {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            List(Vec<SimilarPerson>),
            Object {
                #[serde(
                    alias = "recommendedPersons",
                    alias = "similarPersons",
                    alias = "content"
                )]
                persons: Option<Vec<SimilarPerson>>,
            },
        }
        match Wire::deserialize(deserializer)? {
            Wire::List(persons)
            | Wire::Object {
                persons: Some(persons),
            } => Ok(Self { persons }),
            Wire::Object { persons: None } => Err(serde::de::Error::custom(
                "the recommendation has no list of persons",
            )),
        }
    }
}

/// The body of `POST .../persons/{id}/merge`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MergeBody<'a> {
    person_ids: &'a [u64],
}

/// `GET /workspaces/{ws}/persons/{id}/similar`; built by [`Client::similar_persons`], sent by
/// [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct SimilarPersons {
    client: Client,
    workspace: String,
    person_id: u64,
    limits: MatchLimits,
}

/// `personCount` and `scoreThreshold`, shared by similar and recommend.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchLimits {
    #[serde(skip_serializing_if = "Option::is_none")]
    person_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score_threshold: Option<u32>,
}

impl MatchLimits {
    fn check(&self) -> Result<(), Error> {
        if let Some(count) = self.person_count {
            validate::number("person count", count, PERSON_COUNTS)?;
        }
        if let Some(score) = self.score_threshold {
            validate::number("score threshold", score, SCORE_THRESHOLDS)?;
        }
        Ok(())
    }
}

impl SimilarPersons {
    /// At most this many persons (1 to 10, default 3).
    pub fn count(mut self, count: u32) -> Self {
        self.limits.person_count = Some(count);
        self
    }

    /// Only persons at least this similar (80 to 100, default 80).
    pub fn score_threshold(mut self, score: u32) -> Self {
        self.limits.score_threshold = Some(score);
        self
    }

    /// Sends the call (the limits are checked first). The service refuses a person without
    /// thumbnails.
    pub async fn send(self) -> Result<SimilarPersonsFound, Error> {
        self.limits.check()?;
        let id = self.person_id.to_string();
        let path = [
            "workspaces",
            self.workspace.as_str(),
            "persons",
            id.as_str(),
            "similar",
        ];
        let operation = Operation::get("SimilarPersons", path)
            .query_opt("personCount", self.limits.person_count)
            .query_opt("scoreThreshold", self.limits.score_threshold);
        self.client.service().send(operation).await
    }
}

/// `POST /workspaces/{ws}/persons/recommend-by-thumbnail`; built by
/// [`Client::recommend_persons`], sent by [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct RecommendPersons {
    client: Client,
    workspace: String,
    thumbnail_key: String,
    limits: MatchLimits,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RecommendBody<'a> {
    thumbnail_key: &'a str,
    #[serde(flatten)]
    limits: MatchLimits,
}

impl RecommendPersons {
    /// At most this many persons (1 to 10, default 3).
    pub fn count(mut self, count: u32) -> Self {
        self.limits.person_count = Some(count);
        self
    }

    /// Only persons at least this similar (80 to 100, default 80).
    pub fn score_threshold(mut self, score: u32) -> Self {
        self.limits.score_threshold = Some(score);
        self
    }

    /// Sends the call (the key must not be blank and the limits in range; checked first).
    pub async fn send(self) -> Result<RecommendedPersons, Error> {
        if self.thumbnail_key.trim().is_empty() {
            return Err(Error::configuration("the thumbnail key is empty"));
        }
        self.limits.check()?;
        let path = [
            "workspaces",
            self.workspace.as_str(),
            "persons",
            "recommend-by-thumbnail",
        ];
        let operation = Operation::post("RecommendPersons", path).json(&RecommendBody {
            thumbnail_key: &self.thumbnail_key,
            limits: self.limits,
        });
        self.client.service().send(operation).await
    }
}

impl Client {
    /// `POST /workspaces/{workspace}/persons/search`: the persons matching `search`, 10 a page by
    /// default, at most 50 (the name is checked when the listing is sent, before any request).
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), ncloud_mi::Error> {
    /// use ncloud_mi::{NameType, PersonSearch};
    ///
    /// let search = PersonSearch::new().name_type(NameType::Anonymous);
    /// let anonymous = mi.search_persons("my-workspace", search).try_collect().await?;
    /// println!("{} persons to name", anonymous.len());
    /// # Ok(()) }
    /// ```
    pub fn search_persons(
        &self,
        workspace: impl Into<String>,
        search: PersonSearch,
    ) -> List<SearchPersons> {
        let operation = SearchPersons {
            workspace: workspace.into(),
            search,
        };
        List::from_operation(self.service().clone(), operation)
    }

    /// `POST /workspaces/{workspace}/persons/{keep}/merge`: folds the persons `merged` (1 to 10,
    /// not `keep`, no repeats; checked before sending) into `keep`, with their assets, scenes and
    /// thumbnails. **It cannot be undone**: the merged persons disappear.
    pub async fn merge_persons(
        &self,
        workspace: &str,
        keep: u64,
        merged: &[u64],
    ) -> Result<MergedPersons, Error> {
        validate::ids("person ids to merge", merged, MAX_MERGED_PERSONS)?;
        if merged.contains(&keep) {
            return Err(Error::configuration(format!(
                "person {keep} cannot be merged into itself"
            )));
        }
        let id = keep.to_string();
        let operation = Operation::post(
            "MergePersons",
            ["workspaces", workspace, "persons", id.as_str(), "merge"],
        )
        .json(&MergeBody { person_ids: merged });
        self.service().send(operation).await
    }

    /// `GET /workspaces/{workspace}/persons/{person_id}/similar`: the persons whose faces look
    /// most like this one's; set a count and a threshold, then [`send`](SimilarPersons::send).
    pub fn similar_persons(&self, workspace: impl Into<String>, person_id: u64) -> SimilarPersons {
        SimilarPersons {
            client: self.clone(),
            workspace: workspace.into(),
            person_id,
            limits: MatchLimits::default(),
        }
    }

    /// `POST /workspaces/{workspace}/persons/recommend-by-thumbnail`: the existing persons whose
    /// faces look like an uploaded thumbnail (call it before creating a person, to avoid a
    /// duplicate); set a count and a threshold, then [`send`](RecommendPersons::send).
    pub fn recommend_persons(
        &self,
        workspace: impl Into<String>,
        thumbnail_key: impl Into<String>,
    ) -> RecommendPersons {
        RecommendPersons {
            client: self.clone(),
            workspace: workspace.into(),
            thumbnail_key: thumbnail_key.into(),
            limits: MatchLimits::default(),
        }
    }
}
