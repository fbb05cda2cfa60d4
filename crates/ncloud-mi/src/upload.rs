//! Uploads through presigned URLs: query images (for search by image) and person thumbnails. Each
//! is three steps: ask for a URL (signed), `PUT` the bytes to it (unsigned, through
//! [`ncloud_core::Client::put_presigned`]), then `complete` (signed), which says whether the
//! service accepted the file.

use ncloud_core::Error;
use ncloud_core::client::Operation;
use serde::{Deserialize, Serialize};

use crate::Client;
use crate::client::label;

/// The largest image either upload accepts, in bytes (5 MB).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The file types of a query image (any case).
pub const QUERY_IMAGE_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "webp", "heic"];
/// The file types of a person thumbnail (any case).
pub const THUMBNAIL_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// An upload URL for a query image (`POST /query-assets/uploads/presigned-url`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QueryImageUrl {
    /// The object's key, to complete the upload with.
    pub asset_file_key: String,
    /// Where to `PUT` the bytes (valid 15 minutes, once).
    pub presigned_upload_url: String,
    /// How long the URL is valid, in seconds.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub expiration_seconds: Option<u64>,
}

/// An upload URL for a person thumbnail (`POST /workspaces/{ws}/person-thumbnail/uploads/presigned-url`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ThumbnailUrl {
    /// The object's key, to complete the upload with and to give the person.
    pub thumbnail_key: String,
    /// Where to `PUT` the bytes (valid 15 minutes, once).
    pub url: String,
    /// How long the URL is valid, in seconds.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub expiration_seconds: Option<u64>,
}

// The URLs carry the storage's signature in their query: `Debug` leaves it out.
impl std::fmt::Debug for QueryImageUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryImageUrl")
            .field("asset_file_key", &self.asset_file_key)
            .field(
                "presigned_upload_url",
                &redact_query(&self.presigned_upload_url),
            )
            .field("expiration_seconds", &self.expiration_seconds)
            .finish()
    }
}

impl std::fmt::Debug for ThumbnailUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThumbnailUrl")
            .field("thumbnail_key", &self.thumbnail_key)
            .field("url", &redact_query(&self.url))
            .field("expiration_seconds", &self.expiration_seconds)
            .finish()
    }
}

/// A URL without its query (`https://host/path?<redacted>`).
pub(crate) fn redact_query(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?<redacted>"),
        None => url.to_owned(),
    }
}

ncloud_core::string_enum! {
    /// Whether the service accepted an uploaded file.
    pub enum UploadState {
        /// `COMPLETED`: the file is usable.
        Completed = "COMPLETED",
        /// `FAILED`: see [`UploadStatus::upload_message`].
        Failed = "FAILED",
    }
}

/// What completing an upload answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UploadStatus {
    /// The key to use from now on (query images only: a HEIC comes back as the key of a converted
    /// JPG).
    #[serde(default)]
    pub asset_key: Option<String>,
    /// Accepted or not.
    pub upload_status: UploadState,
    /// Why not: `FILE_NOT_EXIST`, `OVER_SIZE_LIMIT`, `RESOLUTION_NOT_SUPPORT`...
    #[serde(default)]
    pub upload_message: Option<String>,
}

/// Which of the two uploads, with its rules.
#[derive(Clone, Copy)]
struct Kind {
    what: &'static str,
    extensions: &'static [&'static str],
    /// The operation's name; errors show it as `mi.UploadQueryImage`.
    name: &'static str,
}

const QUERY_IMAGE: Kind = Kind {
    what: "query image",
    extensions: &QUERY_IMAGE_EXTENSIONS,
    name: "UploadQueryImage",
};

const THUMBNAIL: Kind = Kind {
    what: "person thumbnail",
    extensions: &THUMBNAIL_EXTENSIONS,
    name: "UploadPersonThumbnail",
};

impl Kind {
    /// A refused input, named by the upload's operation like every other call's error.
    fn refuse(self, message: String) -> Error {
        Error::configuration(message).with_operation(label(self.name))
    }

    /// The file's type (by its name's extension), before anything is sent; the content type to
    /// upload with.
    fn check_type(self, file_name: &str) -> Result<&'static str, Error> {
        let extension = file_name
            .rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, ext)| ext.to_ascii_lowercase());
        let allowed = self.extensions.join(", ");
        let Some(extension) = extension.filter(|e| self.extensions.contains(&e.as_str())) else {
            return Err(self.refuse(format!(
                "{} {file_name:?} is not an image Media Intelligence takes: use {allowed}",
                self.what
            )));
        };
        Ok(match extension.as_str() {
            "png" => "image/png",
            "webp" => "image/webp",
            "heic" => "image/heic",
            _ => "image/jpeg",
        })
    }

    /// The file's type and size (1 byte to 5 MB), before anything is sent; the content type to
    /// upload with.
    fn check(self, file_name: &str, size: usize) -> Result<&'static str, Error> {
        let content_type = self.check_type(file_name)?;
        if size == 0 {
            return Err(self.refuse(format!("{} {file_name:?} is empty", self.what)));
        }
        if size > MAX_UPLOAD_BYTES {
            return Err(self.refuse(format!(
                "{} {file_name:?} has {size} bytes: Media Intelligence takes at most 5 MB ({MAX_UPLOAD_BYTES} bytes)",
                self.what
            )));
        }
        Ok(content_type)
    }
}

/// A `FAILED` completion as an error (the upload did not take).
fn require_completed(kind: Kind, status: UploadStatus) -> Result<UploadStatus, Error> {
    match status.upload_status {
        UploadState::Completed => Ok(status),
        _ => Err(Error::service(
            200,
            status.upload_message.clone(),
            Some(format!(
                "the {} upload ended {}: {}",
                kind.what,
                status.upload_status,
                status
                    .upload_message
                    .as_deref()
                    .unwrap_or("no reason given")
            )),
        )
        .with_operation(label(kind.name))),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryImageRequest<'a> {
    asset_type: &'static str,
    asset_file_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssetKey<'a> {
    asset_key: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThumbnailRequest<'a> {
    thumbnail_file_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ThumbnailKey<'a> {
    thumbnail_key: &'a str,
}

impl Client {
    /// Uploads a query image for [`SearchQuery::image`](crate::SearchQuery::image) and returns the key to
    /// search with (for a HEIC file, the key of its JPG conversion): asks for a URL, `PUT`s the
    /// bytes there without any NCP header, and completes the upload.
    ///
    /// The type (JPG, PNG, WebP or HEIC, by `file_name`'s extension) and the size (1 byte to
    /// 5 MB) are checked before anything is sent. A `FAILED` completion (too small an image, say)
    /// is a service error with the service's reason as its code.
    ///
    /// ```no_run
    /// # async fn demo(mi: ncloud_mi::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let image = std::fs::read("red-car.jpg")?;
    /// let key = mi.upload_query_image("red-car.jpg", image).await?;
    /// let query = ncloud_mi::SearchQuery::image(key);
    /// let matches = mi.search("my-workspace", query).items().try_collect().await?;
    /// println!("{} matches", matches.len());
    /// # Ok(()) }
    /// ```
    pub async fn upload_query_image(
        &self,
        file_name: &str,
        bytes: impl Into<Vec<u8>>,
    ) -> Result<String, Error> {
        let bytes = bytes.into();
        let content_type = QUERY_IMAGE.check(file_name, bytes.len())?;
        let url = self.presign_query_image(file_name).await?;
        self.core()
            .put_presigned(
                &url.presigned_upload_url,
                bytes,
                content_type,
                &label(QUERY_IMAGE.name),
            )
            .await?;
        let status = self.complete_query_image(&url.asset_file_key).await?;
        let status = require_completed(QUERY_IMAGE, status)?;
        Ok(status.asset_key.unwrap_or(url.asset_file_key))
    }

    /// Uploads a face thumbnail for [`create_person`](Self::create_person),
    /// [`add_person_thumbnails`](Self::add_person_thumbnails) or
    /// [`recommend_persons`](Self::recommend_persons) and returns its key: the same three steps
    /// as [`upload_query_image`](Self::upload_query_image), for JPG, PNG or WebP up to 5 MB.
    pub async fn upload_person_thumbnail(
        &self,
        workspace: &str,
        file_name: &str,
        bytes: impl Into<Vec<u8>>,
    ) -> Result<String, Error> {
        let bytes = bytes.into();
        let content_type = THUMBNAIL.check(file_name, bytes.len())?;
        let url = self.presign_person_thumbnail(workspace, file_name).await?;
        self.core()
            .put_presigned(&url.url, bytes, content_type, &label(THUMBNAIL.name))
            .await?;
        let status = self
            .complete_person_thumbnail(workspace, &url.thumbnail_key)
            .await?;
        require_completed(THUMBNAIL, status)?;
        Ok(url.thumbnail_key)
    }

    /// `POST /query-assets/uploads/presigned-url`: a URL to upload one query image to (the first
    /// step of [`upload_query_image`](Self::upload_query_image)); the type is checked first.
    pub async fn presign_query_image(&self, file_name: &str) -> Result<QueryImageUrl, Error> {
        QUERY_IMAGE.check_type(file_name)?;
        let operation = Operation::post(
            "PresignQueryImage",
            ["query-assets", "uploads", "presigned-url"],
        )
        .json(&QueryImageRequest {
            asset_type: "IMAGE",
            asset_file_name: file_name,
        });
        self.service().send(operation).await
    }

    /// `POST /query-assets/uploads/complete`: whether the service took the uploaded query image
    /// (`asset_key` is the `asset_file_key` of [`presign_query_image`](Self::presign_query_image)).
    /// A `FAILED` status is returned as is.
    pub async fn complete_query_image(&self, asset_key: &str) -> Result<UploadStatus, Error> {
        let operation = Operation::post(
            "CompleteQueryImage",
            ["query-assets", "uploads", "complete"],
        )
        .json(&AssetKey { asset_key });
        self.service().send(operation).await
    }

    /// `POST /workspaces/{workspace}/person-thumbnail/uploads/presigned-url`: a URL to upload
    /// one thumbnail to; the type is checked first.
    pub async fn presign_person_thumbnail(
        &self,
        workspace: &str,
        file_name: &str,
    ) -> Result<ThumbnailUrl, Error> {
        THUMBNAIL.check_type(file_name)?;
        let path = [
            "workspaces",
            workspace,
            "person-thumbnail",
            "uploads",
            "presigned-url",
        ];
        let operation = Operation::post("PresignPersonThumbnail", path).json(&ThumbnailRequest {
            thumbnail_file_name: file_name,
        });
        self.service().send(operation).await
    }

    /// `POST /workspaces/{workspace}/person-thumbnail/uploads/complete`: whether the service
    /// took the uploaded thumbnail. A `FAILED` status is returned as is.
    pub async fn complete_person_thumbnail(
        &self,
        workspace: &str,
        thumbnail_key: &str,
    ) -> Result<UploadStatus, Error> {
        let path = [
            "workspaces",
            workspace,
            "person-thumbnail",
            "uploads",
            "complete",
        ];
        let operation =
            Operation::post("CompletePersonThumbnail", path).json(&ThumbnailKey { thumbnail_key });
        self.service().send(operation).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_sizes_are_checked_with_the_rule() {
        assert_eq!(QUERY_IMAGE.check("a.HEIC", 10).unwrap(), "image/heic");
        assert_eq!(THUMBNAIL.check("dir/face.JPG", 10).unwrap(), "image/jpeg");
        let e = THUMBNAIL.check("face.heic", 10).unwrap_err();
        assert!(e.is_configuration());
        assert!(e.to_string().contains("use jpg, jpeg, png, webp"), "{e}");
        let e = QUERY_IMAGE
            .check("car.jpg", MAX_UPLOAD_BYTES + 1)
            .unwrap_err();
        assert!(e.to_string().contains("at most 5 MB"), "{e}");
        assert!(QUERY_IMAGE.check("car.jpg", MAX_UPLOAD_BYTES).is_ok());
        assert!(QUERY_IMAGE.check("car.jpg", 0).is_err());
        assert!(QUERY_IMAGE.check(".png", 1).is_err());
        assert!(QUERY_IMAGE.check("png", 1).is_err());
    }

    #[test]
    fn presigned_urls_do_not_show_their_signature() {
        let url: ThumbnailUrl = serde_json::from_value(serde_json::json!({
            "thumbnailKey": "t/1.jpg",
            "url": "https://kr.object.ncloudstorage.com/b/t/1.jpg?X-Amz-Signature=SECRET",
            "expirationSeconds": 900
        }))
        .unwrap();
        let shown = format!("{url:?}");
        assert!(
            !shown.contains("SECRET") && shown.contains("1.jpg?<redacted>"),
            "{shown}"
        );
    }

    #[test]
    fn a_failed_completion_is_an_error_with_the_reason() {
        let status: UploadStatus = serde_json::from_value(serde_json::json!({
            "uploadStatus": "FAILED", "uploadMessage": "RESOLUTION_NOT_SUPPORT"
        }))
        .unwrap();
        let e = require_completed(THUMBNAIL, status).unwrap_err();
        assert_eq!(e.code(), Some("RESOLUTION_NOT_SUPPORT"));
        assert!(
            e.to_string()
                .contains("ended FAILED: RESOLUTION_NOT_SUPPORT"),
            "{e}"
        );
    }
}
