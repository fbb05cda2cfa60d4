//! The tags and thumbnails of one person: add and remove ([`PersonTags`], [`PersonThumbnails`]).
//!
//! Removal is documented twice: `DELETE` with a JSON body, and (since 2026-09-17) `POST .../remove`
//! with the same body and answer, for HTTP stacks that drop a `DELETE`'s body. This crate sends
//! the `POST` form: a proxy that strips the body of a `DELETE` cannot turn it into a request
//! without ids.

use ncloud_core::Error;
use ncloud_core::client::Operation;
use serde::{Deserialize, Serialize};

use crate::persons::check_thumbnails;
use crate::{Client, NewThumbnail, PersonTag, Thumbnail, validate};

/// The most ids one tag or thumbnail call takes (a bound of ours: the pages state none).
pub const MAX_IDS_PER_CALL: usize = 100;

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

/// A person's thumbnails after a change: the whole list, not only what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PersonThumbnails {
    /// The person (sent by the newer versions of the API).
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub person_id: Option<u64>,
    /// Every thumbnail of the person now.
    #[serde(
        rename = "thumbnailList",
        deserialize_with = "ncloud_core::de::null_as_empty"
    )]
    pub thumbnails: Vec<Thumbnail>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TagIds<'a> {
    tag_ids: &'a [u64],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThumbnailIds<'a> {
    thumbnail_ids: &'a [u64],
}

#[derive(Serialize)]
struct Thumbnails<'a> {
    thumbnails: &'a [NewThumbnail],
}

/// `/workspaces/{ws}/persons/{id}/{rest...}`.
fn person_path<'a>(workspace: &'a str, id: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut path = vec!["workspaces", workspace, "persons", id];
    path.extend_from_slice(rest);
    path
}

impl Client {
    /// `POST /workspaces/{workspace}/persons/{person_id}/person-tags`: tags a person (tags it
    /// already has are ignored); answers with all its tags.
    pub async fn add_person_tags(
        &self,
        workspace: &str,
        person_id: u64,
        tag_ids: &[u64],
    ) -> Result<PersonTags, Error> {
        validate::ids("tag ids", tag_ids, MAX_IDS_PER_CALL)?;
        let id = person_id.to_string();
        let operation = Operation::post(
            "AddPersonTags",
            person_path(workspace, &id, &["person-tags"]),
        )
        .json(&TagIds { tag_ids });
        self.service().send(operation).await
    }

    /// `POST /workspaces/{workspace}/persons/{person_id}/person-tags/remove`: removes tags from a
    /// person (ids it does not have are ignored); answers with the tags left.
    pub async fn remove_person_tags(
        &self,
        workspace: &str,
        person_id: u64,
        tag_ids: &[u64],
    ) -> Result<PersonTags, Error> {
        validate::ids("tag ids", tag_ids, MAX_IDS_PER_CALL)?;
        let id = person_id.to_string();
        let operation = Operation::post(
            "RemovePersonTags",
            person_path(workspace, &id, &["person-tags", "remove"]),
        )
        .json(&TagIds { tag_ids });
        self.service().send(operation).await
    }

    /// `POST /workspaces/{workspace}/persons/{person_id}/person-thumbnail`: adds uploaded
    /// thumbnails to a person (1 to 100, at most one primary); answers with all its thumbnails.
    pub async fn add_person_thumbnails(
        &self,
        workspace: &str,
        person_id: u64,
        thumbnails: &[NewThumbnail],
    ) -> Result<PersonThumbnails, Error> {
        if thumbnails.is_empty() {
            return Err(Error::configuration("no thumbnail given: add at least one"));
        }
        check_thumbnails(thumbnails)?;
        let id = person_id.to_string();
        let operation = Operation::post(
            "AddPersonThumbnails",
            person_path(workspace, &id, &["person-thumbnail"]),
        )
        .json(&Thumbnails { thumbnails });
        self.service().send(operation).await
    }

    /// `POST /workspaces/{workspace}/persons/{person_id}/person-thumbnail/remove`: removes
    /// thumbnails from a person (unknown ids are ignored; the service refuses to remove the last
    /// one); answers with the thumbnails left.
    pub async fn remove_person_thumbnails(
        &self,
        workspace: &str,
        person_id: u64,
        thumbnail_ids: &[u64],
    ) -> Result<PersonThumbnails, Error> {
        validate::ids("thumbnail ids", thumbnail_ids, MAX_IDS_PER_CALL)?;
        let id = person_id.to_string();
        let operation = Operation::post(
            "RemovePersonThumbnails",
            person_path(workspace, &id, &["person-thumbnail", "remove"]),
        )
        .json(&ThumbnailIds { thumbnail_ids });
        self.service().send(operation).await
    }
}
