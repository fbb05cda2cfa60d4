//! A person's face thumbnails ([`Thumbnail`]): add ([`NewThumbnail`]s of uploaded images) and
//! remove ([`PersonThumbnails`]).
//!
//! Removal is documented twice: `DELETE` with a JSON body, and (since 2026-09-17) `POST .../remove`
//! with the same body and answer, for HTTP stacks that drop a `DELETE`'s body. This crate sends
//! the `POST` form: a proxy that strips the body of a `DELETE` cannot turn it into a request
//! without ids.

use ncloud_core::Error;
use ncloud_core::client::Operation;
use serde::{Deserialize, Serialize};

use crate::person::person_path;
use crate::upload::redact_query;
use crate::{Client, MAX_IDS_PER_CALL, validate};

/// The most thumbnails one call may give a person.
pub const MAX_THUMBNAILS: usize = 100;

/// One face thumbnail of a person.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Thumbnail {
    /// The thumbnail id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub id: u64,
    /// A presigned download URL (its query, the signature, is left out of `Debug`).
    #[serde(default)]
    pub url: Option<String>,
    /// Whether this is the person's primary thumbnail.
    #[serde(default)]
    pub is_primary_thumbnail: Option<bool>,
}

impl std::fmt::Debug for Thumbnail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thumbnail")
            .field("id", &self.id)
            .field("url", &self.url.as_deref().map(redact_query))
            .field("is_primary_thumbnail", &self.is_primary_thumbnail)
            .finish()
    }
}

/// A thumbnail to give a person: the key of an uploaded image
/// ([`Client::upload_person_thumbnail`]) and whether it becomes the primary one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewThumbnail {
    /// The key of the uploaded thumbnail.
    pub thumbnail_key: String,
    /// Whether it becomes the primary thumbnail (at most one per call).
    pub is_primary_thumbnail: bool,
}

impl NewThumbnail {
    /// A thumbnail from an uploaded image's key.
    pub fn new(thumbnail_key: impl Into<String>, primary: bool) -> Self {
        Self {
            thumbnail_key: thumbnail_key.into(),
            is_primary_thumbnail: primary,
        }
    }
}

/// Thumbnails of one call: at most [`MAX_THUMBNAILS`], at most one primary, keys not blank.
pub(crate) fn check_thumbnails(thumbnails: &[NewThumbnail]) -> Result<(), Error> {
    if thumbnails.len() > MAX_THUMBNAILS {
        return Err(Error::configuration(format!(
            "{} thumbnails given: at most {MAX_THUMBNAILS} per call",
            thumbnails.len()
        )));
    }
    if thumbnails.iter().filter(|t| t.is_primary_thumbnail).count() > 1 {
        return Err(Error::configuration(
            "more than one thumbnail is marked primary: mark at most one",
        ));
    }
    if thumbnails.iter().any(|t| t.thumbnail_key.trim().is_empty()) {
        return Err(Error::configuration("a thumbnail key is empty"));
    }
    Ok(())
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
struct ThumbnailIds<'a> {
    thumbnail_ids: &'a [u64],
}

#[derive(Serialize)]
struct Thumbnails<'a> {
    thumbnails: &'a [NewThumbnail],
}

impl Client {
    /// `POST /workspaces/{workspace}/persons/{person_id}/person-thumbnail`: adds uploaded
    /// thumbnails to a person (1 to 100, at most one primary); answers with all its thumbnails.
    pub async fn add_person_thumbnails(
        &self,
        workspace: &str,
        person_id: u64,
        thumbnails: &[NewThumbnail],
    ) -> Result<PersonThumbnails, Error> {
        let given = if thumbnails.is_empty() {
            Err(Error::configuration("no thumbnail given: add at least one"))
        } else {
            check_thumbnails(thumbnails)
        };
        let id = person_id.to_string();
        let operation = Operation::post(
            "AddPersonThumbnails",
            person_path(workspace, &id, &["person-thumbnail"]),
        )
        .json(&Thumbnails { thumbnails })
        .check(given);
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
        let id = person_id.to_string();
        let operation = Operation::post(
            "RemovePersonThumbnails",
            person_path(workspace, &id, &["person-thumbnail", "remove"]),
        )
        .json(&ThumbnailIds { thumbnail_ids })
        .check(validate::ids(
            "thumbnail ids",
            thumbnail_ids,
            MAX_IDS_PER_CALL,
        ));
        self.service().send(operation).await
    }
}
