//! Persons of a workspace ([`Person`]): list ([`ListPersons`]), create ([`CreatePerson`]), get,
//! update ([`UpdatePerson`]), delete, and the calls added on 2026-09-17: search
//! ([`SearchPersons`]) and merge.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use ncloud_core::Error;
use ncloud_core::client::Operation;
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{List, ListOperation, PageRequest, PagedService, key};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::label;
use crate::person_thumbnail::check_thumbnails;
use crate::{Client, Mi, MiItem, NewThumbnail, PersonTag, ResultPage, Thumbnail, validate};

/// The lengths of a person's name, in characters.
pub const PERSON_NAME_LENGTH: RangeInclusive<usize> = 1..=50;
/// The lengths of a person's description, in characters.
pub const PERSON_DESCRIPTION_LENGTH: RangeInclusive<usize> = 1..=700;
/// The most tag ids the person listing filters by.
pub const MAX_TAG_FILTER: usize = 30;
/// The page sizes of the person search: 1..=50.
pub const PERSON_SEARCH_PAGE_SIZES: RangeInclusive<u32> = 1..=50;
/// The page size of the person search when none is set (the service's default).
pub const DEFAULT_PERSON_SEARCH_PAGE_SIZE: u32 = 10;
/// The most persons one merge folds into the kept one.
pub const MAX_MERGED_PERSONS: usize = 10;
/// The most ids one tag or thumbnail call takes (a bound of ours: the pages state none).
pub const MAX_IDS_PER_CALL: usize = 100;

/// A person of a workspace: a face the analysis recognises, with its tags and thumbnails.
///
/// The id is read from `id` or, on newer answers, `personId` (one of them is required). An
/// anonymous person (created without a name) has no [`name`](Self::name). The counts are `None`
/// where the service does not send them. Every other field is kept in [`details`](Self::details).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "PersonWire")]
#[non_exhaustive]
pub struct Person {
    /// The person id.
    pub id: u64,
    /// The name, unique in the workspace; `None` for an anonymous person.
    pub name: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The person's tags (id and name).
    pub tags: Vec<PersonTag>,
    /// The person's face thumbnails.
    pub thumbnails: Vec<Thumbnail>,
    /// In how many assets the person appears.
    pub asset_count: Option<u64>,
    /// In how many scenes the person appears.
    pub scene_count: Option<u64>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub details: BTreeMap<String, Value>,
}

/// A person as sent: `id` on older answers, `personId` on newer ones, maybe both.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonWire {
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    person_id: Option<u64>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, deserialize_with = "ncloud_core::de::null_as_empty")]
    tags: Vec<PersonTag>,
    #[serde(default, deserialize_with = "ncloud_core::de::null_as_empty")]
    thumbnails: Vec<Thumbnail>,
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    asset_count: Option<u64>,
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    scene_count: Option<u64>,
    #[serde(flatten)]
    details: BTreeMap<String, Value>,
}

impl TryFrom<PersonWire> for Person {
    type Error = String;

    fn try_from(wire: PersonWire) -> Result<Self, String> {
        let id = match (wire.id, wire.person_id) {
            (Some(id), Some(person_id)) if id != person_id => {
                return Err(format!(
                    "the person's id {id} and personId {person_id} differ"
                ));
            }
            (Some(id), _) | (None, Some(id)) => id,
            (None, None) => return Err("a person needs an `id` or a `personId`".to_owned()),
        };
        Ok(Self {
            id,
            name: wire.name,
            description: wire.description,
            tags: wire.tags,
            thumbnails: wire.thumbnails,
            asset_count: wire.asset_count,
            scene_count: wire.scene_count,
            details: wire.details,
        })
    }
}

impl MiItem for Person {
    fn key(&self) -> u64 {
        key(&self.id)
    }
}

/// What deleting a person answers (since 2026-09-17; older answers have no `result`): the id and
/// how many assets and scenes the person appeared in. Field names are not on the reference page:
/// `personId`, `assetCount` and `sceneCount` are read, every other field kept in
/// [`details`](Self::details).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeletedPerson {
    /// The deleted person's id.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub person_id: Option<u64>,
    /// How many assets the person appeared in.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub asset_count: Option<u64>,
    /// How many scenes the person appeared in.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub scene_count: Option<u64>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub details: BTreeMap<String, Value>,
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

/// What [`Client::list_persons`] narrows the listing to (everything by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PersonFilter {
    /// Only persons whose name matches (2 to 50 characters, none of `;`, `|` or backtick).
    pub name: Option<String>,
    /// Only persons with these tags (at most 30).
    pub tag_ids: Vec<u64>,
}

impl PersonFilter {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only persons whose name matches `name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Only persons with this tag (may be called again).
    pub fn tag(mut self, tag_id: u64) -> Self {
        self.tag_ids.push(tag_id);
        self
    }

    fn check(&self) -> Result<(), Error> {
        if let Some(name) = &self.name {
            validate::name_filter(name)?;
        }
        if !self.tag_ids.is_empty() {
            validate::ids("tag ids", &self.tag_ids, MAX_TAG_FILTER)?;
        }
        Ok(())
    }
}

/// `GET /workspaces/{ws}/persons?pageNum&pageSize` (1..=1000, default 1000) with the filter's
/// `name` and `tagIdList` (ids joined by `,`); built by [`Client::list_persons`].
#[derive(Debug, Clone)]
pub struct ListPersons {
    workspace: String,
    filter: PersonFilter,
}

impl ListOperation for ListPersons {
    type Service = Mi;
    type Page = ResultPage<Person>;

    fn operation(&self) -> Operation<ResultPage<Person>> {
        Operation::get(
            "ListPersons",
            ["workspaces", self.workspace.as_str(), "persons"],
        )
        .check(self.filter.check())
    }

    /// The paging first, then the filters, as the reference example orders them.
    fn page_operation(&self, page: PageRequest) -> Operation<ResultPage<Person>> {
        let tags = (!self.filter.tag_ids.is_empty()).then(|| {
            let ids: Vec<String> = self.filter.tag_ids.iter().map(u64::to_string).collect();
            ids.join(",")
        });
        self.operation()
            .query(Mi::PAGE_PARAM, page.number)
            .query(Mi::SIZE_PARAM, page.size)
            .query_opt("name", self.filter.name.as_deref())
            .query_opt("tagIdList", tags)
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

/// `/workspaces/{ws}/persons/{id}/{rest...}`.
pub(crate) fn person_path<'a>(workspace: &'a str, id: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut path = vec!["workspaces", workspace, "persons", id];
    path.extend_from_slice(rest);
    path
}

impl Client {
    /// `GET /workspaces/{workspace}/persons`: the persons of a workspace, narrowed by `filter`
    /// (checked when the listing is sent, before any request).
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), ncloud_mi::Error> {
    /// use ncloud_mi::PersonFilter;
    ///
    /// let mut persons = mi.list_persons("my-workspace", PersonFilter::new().tag(7)).items();
    /// while let Some(person) = persons.try_next().await? {
    ///     println!("{}\t{}", person.id, person.name.as_deref().unwrap_or("(anonymous)"));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_persons(
        &self,
        workspace: impl Into<String>,
        filter: PersonFilter,
    ) -> List<ListPersons> {
        let operation = ListPersons {
            workspace: workspace.into(),
            filter,
        };
        List::from_operation(self.service().clone(), operation)
    }

    /// `POST /workspaces/{workspace}/persons`: a new person; set a name, a description and
    /// thumbnails, then [`send`](CreatePerson::send).
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client, jpeg: Vec<u8>) -> Result<(), ncloud_mi::Error> {
    /// use ncloud_mi::NewThumbnail;
    ///
    /// let key = mi.upload_person_thumbnail("my-workspace", "kim.jpg", jpeg).await?;
    /// let person = mi
    ///     .create_person("my-workspace")
    ///     .name("Kim")
    ///     .thumbnail(NewThumbnail::new(key, true))
    ///     .send()
    ///     .await?;
    /// println!("person {}", person.id);
    /// # Ok(()) }
    /// ```
    pub fn create_person(&self, workspace: impl Into<String>) -> CreatePerson {
        CreatePerson {
            client: self.clone(),
            workspace: workspace.into(),
            body: PersonBody::default(),
        }
    }

    /// `GET /workspaces/{workspace}/persons/{person_id}`: one person, with tags and thumbnails.
    pub async fn get_person(&self, workspace: &str, person_id: u64) -> Result<Person, Error> {
        let id = person_id.to_string();
        let operation = Operation::get(
            "GetPerson",
            ["workspaces", workspace, "persons", id.as_str()],
        );
        self.service().send(operation).await
    }

    /// `PATCH /workspaces/{workspace}/persons/{person_id}`: set what changes, then
    /// [`send`](UpdatePerson::send).
    pub fn update_person(&self, workspace: impl Into<String>, person_id: u64) -> UpdatePerson {
        UpdatePerson {
            client: self.clone(),
            workspace: workspace.into(),
            person_id,
            body: PersonBody::default(),
        }
    }

    /// `DELETE /workspaces/{workspace}/persons/{person_id}`: deletes a person; what the service
    /// answers about it, `None` when it answers without a `result` (older versions).
    pub async fn delete_person(
        &self,
        workspace: &str,
        person_id: u64,
    ) -> Result<Option<DeletedPerson>, Error> {
        let id = person_id.to_string();
        let operation = Operation::delete(
            "DeletePerson",
            ["workspaces", workspace, "persons", id.as_str()],
        );
        self.service().send(operation).await
    }

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
        let into_itself = if merged.contains(&keep) {
            Err(Error::configuration(format!(
                "person {keep} cannot be merged into itself"
            )))
        } else {
            Ok(())
        };
        let id = keep.to_string();
        let operation = Operation::post(
            "MergePersons",
            ["workspaces", workspace, "persons", id.as_str(), "merge"],
        )
        .json(&MergeBody { person_ids: merged })
        .check(validate::ids(
            "person ids to merge",
            merged,
            MAX_MERGED_PERSONS,
        ))
        .check(into_itself);
        self.service().send(operation).await
    }
}

/// `POST /workspaces/{ws}/persons`: a new person; built by [`Client::create_person`], sent by
/// [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CreatePerson {
    client: Client,
    workspace: String,
    body: PersonBody,
}

/// The body of create and update; unset fields are left out.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnails: Option<Vec<NewThumbnail>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_thumbnail_id: Option<u64>,
}

impl PersonBody {
    fn check(&self) -> Result<(), Error> {
        if let Some(name) = &self.name {
            validate::bounded("person name", name, PERSON_NAME_LENGTH)?;
        }
        if let Some(description) = &self.description {
            validate::bounded("person description", description, PERSON_DESCRIPTION_LENGTH)?;
        }
        if let Some(thumbnails) = &self.thumbnails {
            check_thumbnails(thumbnails)?;
        }
        Ok(())
    }
}

impl CreatePerson {
    /// The person's name (1 to 50 characters, unique in the workspace); without one the person is
    /// anonymous.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// A description (1 to 700 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.body.description = Some(description.into());
        self
    }

    /// Adds a thumbnail (an uploaded image's key; may be called again, up to 100).
    pub fn thumbnail(mut self, thumbnail: NewThumbnail) -> Self {
        self.body
            .thumbnails
            .get_or_insert_with(Vec::new)
            .push(thumbnail);
        self
    }

    /// Checks the inputs (name, description, at most 100 thumbnails with at most one primary)
    /// without sending anything.
    pub fn validate(&self) -> Result<(), Error> {
        self.body
            .check()
            .map_err(|error| error.with_operation(label("CreatePerson")))
    }

    /// Creates the person. The inputs are checked first ([`validate`](Self::validate)): a bad
    /// one is a configuration error and nothing is sent. `thumbnails` is always sent (the API
    /// requires it), empty when none was added.
    pub async fn send(mut self) -> Result<Person, Error> {
        self.body.thumbnails.get_or_insert_with(Vec::new);
        let path = ["workspaces", self.workspace.as_str(), "persons"];
        let operation = Operation::post("CreatePerson", path)
            .json(&self.body)
            .check(self.body.check());
        // Accepted but unreadable, or lost: the error says the person was (or may have been)
        // created.
        let answer = self.client.service().send(operation).await;
        answer.map_err(|error| error.after_change_sent(None))
    }
}

/// `PATCH /workspaces/{ws}/persons/{id}`: changes a person's name, description or primary
/// thumbnail; built by [`Client::update_person`], sent by [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdatePerson {
    client: Client,
    workspace: String,
    person_id: u64,
    body: PersonBody,
}

impl UpdatePerson {
    /// A new name (1 to 50 characters; how an anonymous person gets one).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// A new description (1 to 700 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.body.description = Some(description.into());
        self
    }

    /// Makes the person's thumbnail `thumbnail_id` the primary one.
    pub fn primary_thumbnail(mut self, thumbnail_id: u64) -> Self {
        self.body.primary_thumbnail_id = Some(thumbnail_id);
        self
    }

    /// Sends the change (checked first; an update that changes nothing is refused before
    /// sending) and returns the person as it is now.
    pub async fn send(self) -> Result<Person, Error> {
        let body = &self.body;
        let anything = if body.name.is_none()
            && body.description.is_none()
            && body.primary_thumbnail_id.is_none()
        {
            Err(Error::configuration(
                "nothing to update: set a name, a description or a primary thumbnail",
            ))
        } else {
            Ok(())
        };
        let id = self.person_id.to_string();
        let path = [
            "workspaces",
            self.workspace.as_str(),
            "persons",
            id.as_str(),
        ];
        let operation = Operation::patch("UpdatePerson", path)
            .json(body)
            .check(anything)
            .check(body.check());
        self.client.service().send(operation).await
    }
}

/// The body of `POST .../persons/{id}/merge`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MergeBody<'a> {
    person_ids: &'a [u64],
}

ncloud_core::operation_future!(CreatePerson => Person);
ncloud_core::operation_future!(UpdatePerson => Person);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_id_is_read_from_id_or_person_id_and_they_must_agree() {
        let older: Person = serde_json::from_value(json!({"id": 7, "name": "Kim"})).unwrap();
        let newer: Person =
            serde_json::from_value(json!({"personId": "7", "assetCount": 2})).unwrap();
        let both: Person = serde_json::from_value(json!({"id": 7, "personId": 7})).unwrap();
        assert_eq!((older.id, newer.id, both.id), (7, 7, 7));
        assert_eq!((newer.name, newer.asset_count), (None, Some(2)));
        let e = serde_json::from_value::<Person>(json!({"id": 7, "personId": 8})).unwrap_err();
        assert!(e.to_string().contains("differ"), "{e}");
        let e = serde_json::from_value::<Person>(json!({"name": "Kim"})).unwrap_err();
        assert!(e.to_string().contains("`id` or a `personId`"), "{e}");
    }

    #[test]
    fn a_search_sends_its_paging_in_the_body() {
        let search = SearchPersons {
            workspace: "ws".into(),
            search: PersonSearch::new()
                .name("Kim")
                .sort(PersonSortColumn::Name, SortType::Asc),
        };
        let operation = search.page_operation(PageRequest::new(2, 50));
        assert!(operation.query_pairs().is_empty());
        assert_eq!(operation.path(), "/workspaces/ws/persons/search");
    }
}
