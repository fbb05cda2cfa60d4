//! Person tags of a workspace ([`PersonTag`]): list ([`ListPersonTags`]), create, delete; and the
//! tags of one person ([`PersonTags`]): add and remove (the `POST .../remove` form, see
//! [`person_thumbnail`](crate::Client::remove_person_thumbnails) for why).

use std::ops::RangeInclusive;

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{List, ListOperation, PageRequest, PagedService, key};
use serde::{Deserialize, Serialize};

use crate::person::person_path;
use crate::{Client, MAX_IDS_PER_CALL, Mi, MiItem, ResultPage, validate};

/// The page sizes of the person-tag listing: 1..=50 (not MI's usual 1..=1000).
pub const PERSON_TAG_PAGE_SIZES: RangeInclusive<u32> = 1..=50;
/// The page size of the person-tag listing when none is set (the service's default).
pub const DEFAULT_PERSON_TAG_PAGE_SIZE: u32 = 10;
/// The lengths of a person tag's name, in characters.
pub const PERSON_TAG_NAME_LENGTH: RangeInclusive<usize> = 1..=30;

/// A tag that groups persons of a workspace. The tag lists of a person carry only `id` and `name`;
/// the audit fields are `None` there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PersonTag {
    /// The tag id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub id: u64,
    /// The tag name, unique in its workspace.
    pub name: String,
    /// When the tag was created.
    #[serde(default)]
    pub created_time: Option<DateTime>,
    /// Who created the tag.
    #[serde(default)]
    pub created_user_name: Option<String>,
}

impl MiItem for PersonTag {
    fn key(&self) -> u64 {
        key(&self.id)
    }
}

/// `GET /workspaces/{ws}/person-tags?pageNum&pageSize` (1..=50, default 10), optionally filtered
/// by `id` or `name`; built by [`Client::list_person_tags`].
#[derive(Debug, Clone)]
pub struct ListPersonTags {
    workspace: String,
    filter: PersonTagFilter,
}

/// What [`Client::list_person_tags`] narrows the listing to (everything by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PersonTagFilter {
    /// Only the tag with this id.
    pub id: Option<u64>,
    /// Only tags whose name matches this (1 to 30 characters).
    pub name: Option<String>,
}

impl PersonTagFilter {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the tag with this id.
    pub fn id(mut self, id: u64) -> Self {
        self.id = Some(id);
        self
    }

    /// Only tags whose name matches `name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl ListOperation for ListPersonTags {
    type Service = Mi;
    type Page = ResultPage<PersonTag>;
    const PAGE_SIZES: RangeInclusive<u32> = PERSON_TAG_PAGE_SIZES;
    const DEFAULT_PAGE_SIZE: u32 = DEFAULT_PERSON_TAG_PAGE_SIZE;

    fn operation(&self) -> Operation<ResultPage<PersonTag>> {
        let name = self.filter.name.as_deref();
        let path = ["workspaces", self.workspace.as_str(), "person-tags"];
        Operation::get("ListPersonTags", path).check(name.map_or(Ok(()), |name| {
            validate::bounded("tag name filter", name, PERSON_TAG_NAME_LENGTH)
        }))
    }

    /// The paging first, then the filters, as on MI's other filtered lists.
    fn page_operation(&self, page: PageRequest) -> Operation<ResultPage<PersonTag>> {
        self.operation()
            .query(Mi::PAGE_PARAM, page.number)
            .query(Mi::SIZE_PARAM, page.size)
            .query_opt("id", self.filter.id)
            .query_opt("name", self.filter.name.as_deref())
    }
}

/// A person's tags after a change: the whole list, not only what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PersonTags {
    /// The person (sent by the newer versions of the API).
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub person_id: Option<u64>,
    /// Every tag of the person now.
    #[serde(
        rename = "tagList",
        deserialize_with = "ncloud_core::de::null_as_empty"
    )]
    pub tags: Vec<PersonTag>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TagIds<'a> {
    tag_ids: &'a [u64],
}

#[derive(Serialize)]
struct TagName<'a> {
    name: &'a str,
}

impl Client {
    /// `GET /workspaces/{workspace}/person-tags`: the person tags of a workspace, 10 a page by
    /// default, at most 50.
    ///
    /// A name filter outside 1 to 30 characters is refused when the listing is sent, before any
    /// request.
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), ncloud_mi::Error> {
    /// use ncloud_mi::PersonTagFilter;
    ///
    /// let tags = mi.list_person_tags("my-workspace", PersonTagFilter::new()).try_collect().await?;
    /// for tag in tags {
    ///     println!("{}\t{}", tag.id, tag.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_person_tags(
        &self,
        workspace: impl Into<String>,
        filter: PersonTagFilter,
    ) -> List<ListPersonTags> {
        let operation = ListPersonTags {
            workspace: workspace.into(),
            filter,
        };
        List::from_operation(self.service().clone(), operation)
    }

    /// `POST /workspaces/{workspace}/person-tags`: a new tag (1 to 30 characters, unique in the
    /// workspace; checked before sending).
    pub async fn create_person_tag(&self, workspace: &str, name: &str) -> Result<PersonTag, Error> {
        let operation =
            Operation::post("CreatePersonTag", ["workspaces", workspace, "person-tags"])
                .json(&TagName { name })
                .check(validate::bounded(
                    "person tag name",
                    name,
                    PERSON_TAG_NAME_LENGTH,
                ));
        let answer = self.service().send(operation).await;
        answer.map_err(|error| error.after_change_sent(Some(name.to_owned())))
    }

    /// `DELETE /workspaces/{workspace}/person-tags/{tag_id}`: deletes a tag (the persons stay).
    pub async fn delete_person_tag(&self, workspace: &str, tag_id: u64) -> Result<(), Error> {
        let id = tag_id.to_string();
        let operation = Operation::<NoContent>::delete(
            "DeletePersonTag",
            ["workspaces", workspace, "person-tags", id.as_str()],
        );
        self.service().send(operation).await.map(drop)
    }

    /// `POST /workspaces/{workspace}/persons/{person_id}/person-tags`: tags a person (tags it
    /// already has are ignored); answers with all its tags.
    pub async fn add_person_tags(
        &self,
        workspace: &str,
        person_id: u64,
        tag_ids: &[u64],
    ) -> Result<PersonTags, Error> {
        let rest = ["person-tags"];
        self.send_person_tags("AddPersonTags", workspace, person_id, &rest, tag_ids)
            .await
    }

    /// `POST /workspaces/{workspace}/persons/{person_id}/person-tags/remove`: removes tags from a
    /// person (ids it does not have are ignored); answers with the tags left.
    pub async fn remove_person_tags(
        &self,
        workspace: &str,
        person_id: u64,
        tag_ids: &[u64],
    ) -> Result<PersonTags, Error> {
        let rest = ["person-tags", "remove"];
        self.send_person_tags("RemovePersonTags", workspace, person_id, &rest, tag_ids)
            .await
    }

    /// `POST /workspaces/{workspace}/persons/{person_id}/{rest...}` with the tag ids: adding and
    /// removing a person's tags differ only in name and path.
    async fn send_person_tags(
        &self,
        name: &'static str,
        workspace: &str,
        person_id: u64,
        rest: &[&str],
        tag_ids: &[u64],
    ) -> Result<PersonTags, Error> {
        let id = person_id.to_string();
        let operation = Operation::post(name, person_path(workspace, &id, rest))
            .json(&TagIds { tag_ids })
            .check(validate::ids("tag ids", tag_ids, MAX_IDS_PER_CALL));
        self.service().send(operation).await
    }
}
