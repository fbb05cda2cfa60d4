//! Media Intelligence's presigned uploads (query images and person thumbnails) and the storage
//! host the presigned URLs point to: a second server on `127.0.0.1`, which records every NCP or
//! `Authorization` header it receives (a client must send none there).
//!
//! File names steer the storage, as `corrupt` steers indexing: a name containing
//! [`REDIRECT_MARK`] is answered with a redirect, one containing [`FLAKY_MARK`] with a 503 on its
//! first `PUT`. A PNG's size in pixels is read from its header, so a small one completes `FAILED`
//! with `RESOLUTION_NOT_SUPPORT`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime};

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::{Value, json};

use crate::mi::store::{MiError, words};
use crate::wire::{ApiRequest, ApiResponse};

/// The prefix of the account-wide query-image routes.
pub(crate) const QUERY_ASSETS_PREFIX: &str = "/api/v1/query-assets";
/// A file whose name contains this is answered with a redirect by the storage.
pub(crate) const REDIRECT_MARK: &str = "redirect";
/// A file whose name contains this is answered 503 on its first `PUT`.
pub(crate) const FLAKY_MARK: &str = "flaky";
/// How long an upload URL is valid, as documented.
const EXPIRATION: Duration = Duration::from_secs(900);
/// The largest file the service takes.
const MAX_BYTES: usize = 5 * 1024 * 1024;

/// Which upload, with its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UploadKind {
    QueryImage,
    Thumbnail,
}

impl UploadKind {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::QueryImage => &["jpg", "jpeg", "png", "webp", "heic"],
            Self::Thumbnail => &["jpg", "jpeg", "png", "webp"],
        }
    }

    fn min_pixels(self) -> u32 {
        match self {
            Self::QueryImage => 224,
            Self::Thumbnail => 256,
        }
    }
}

/// The uploads issued, stored and completed.
#[derive(Debug, Default)]
pub(crate) struct UploadStore {
    storage_url: OnceLock<String>,
    data: Mutex<UploadData>,
    /// `name: value` of every NCP or `Authorization` header the storage received.
    ncp_headers: Mutex<Vec<String>>,
    storage_requests: AtomicUsize,
}

#[derive(Debug, Default)]
struct UploadData {
    uploads: BTreeMap<String, Upload>,
    last_id: u64,
}

#[derive(Debug, Clone)]
struct Upload {
    kind: UploadKind,
    workspace: Option<String>,
    file_name: String,
    token: String,
    issued: SystemTime,
    /// What the storage received, once.
    object: Option<Vec<u8>>,
    puts: usize,
    completed: bool,
}

impl UploadStore {
    /// Sets where the storage listens (once, when the gateway starts).
    pub(crate) fn set_storage_url(&self, url: String) {
        let _ = self.storage_url.set(url);
    }

    fn storage_url(&self) -> &str {
        self.storage_url
            .get()
            .map_or("http://127.0.0.1:9", String::as_str)
    }

    fn lock(&self) -> MutexGuard<'_, UploadData> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// NCP or `Authorization` headers the storage received, as `name: value`.
    pub(crate) fn ncp_headers(&self) -> Vec<String> {
        self.ncp_headers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Requests the storage received.
    pub(crate) fn storage_requests(&self) -> usize {
        self.storage_requests.load(Ordering::Relaxed)
    }

    /// Issues an upload URL for `file_name`; `workspace` for a thumbnail.
    pub(crate) fn presign(
        &self,
        kind: UploadKind,
        workspace: Option<&str>,
        file_name: &str,
        now: SystemTime,
    ) -> Result<(String, String), MiError> {
        let extension = file_name
            .rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, e)| e.to_ascii_lowercase());
        if !extension.is_some_and(|e| kind.extensions().contains(&e.as_str())) {
            return Err(MiError::invalid(format!(
                "{file_name} is not a supported image ({}).",
                kind.extensions().join(", ")
            )));
        }
        let mut data = self.lock();
        data.last_id += 1;
        let id = data.last_id;
        let base = file_name.rsplit('/').next().unwrap_or(file_name);
        let key = match workspace {
            Some(ws) => format!("person-thumbnail/{ws}/{id}/{base}"),
            None => format!("query-assets/{id}/{base}"),
        };
        let token = format!("testkit-signature-{id:08}");
        let url = format!(
            "{}/mi-uploads/{}?X-Amz-Expires=900&X-Amz-Signature={token}",
            self.storage_url(),
            utf8_percent_encode(&key, NON_ALPHANUMERIC)
        );
        data.uploads.insert(
            key.clone(),
            Upload {
                kind,
                workspace: workspace.map(str::to_owned),
                file_name: base.to_owned(),
                token,
                issued: now,
                object: None,
                puts: 0,
                completed: false,
            },
        );
        Ok((key, url))
    }

    /// The storage's side: a `PUT` to a URL issued here, within its 15 minutes, once.
    pub(crate) fn store_object(&self, request: &ApiRequest, now: SystemTime) -> ApiResponse {
        self.storage_requests.fetch_add(1, Ordering::Relaxed);
        let seen: Vec<String> = request
            .headers()
            .iter()
            .filter(|(name, _)| {
                let name = name.to_ascii_lowercase();
                name.starts_with("x-ncp-") || name == "authorization"
            })
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        self.ncp_headers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(seen);
        let key = request
            .path()
            .strip_prefix("/mi-uploads/")
            .and_then(|k| percent_decode_str(k).decode_utf8().ok())
            .map(|k| k.into_owned());
        let mut data = self.lock();
        let Some(upload) = key.as_ref().and_then(|k| data.uploads.get_mut(k)) else {
            return storage_error(404, "NoSuchUpload");
        };
        if request.query_param("X-Amz-Signature") != Some(upload.token.as_str()) {
            return storage_error(403, "SignatureDoesNotMatch");
        }
        if now.duration_since(upload.issued).unwrap_or_default() > EXPIRATION {
            return storage_error(403, "AccessDenied: the URL has expired");
        }
        if request.method() != "PUT" {
            return storage_error(405, "MethodNotAllowed");
        }
        upload.puts += 1;
        if upload.file_name.contains(REDIRECT_MARK) {
            return ApiResponse::empty(307).with_header("location", "http://127.0.0.1:9/elsewhere");
        }
        if upload.file_name.contains(FLAKY_MARK) && upload.puts == 1 {
            return storage_error(503, "SlowDown");
        }
        if upload.object.is_some() {
            return storage_error(403, "AccessDenied: the URL was used already");
        }
        upload.object = Some(request.body().to_vec());
        ApiResponse::empty(200)
    }

    /// Completes an upload of `kind` (of `workspace` for a thumbnail): the documented answer.
    pub(crate) fn complete(
        &self,
        kind: UploadKind,
        workspace: Option<&str>,
        key: &str,
    ) -> Result<Value, MiError> {
        let mut data = self.lock();
        let upload = data
            .uploads
            .get_mut(key)
            .filter(|u| u.kind == kind && u.workspace.as_deref() == workspace)
            .ok_or_else(|| MiError::invalid(format!("{key} is not an issued upload key.")))?;
        let failure = match &upload.object {
            None => Some("FILE_NOT_EXIST"),
            Some(bytes) if bytes.len() > MAX_BYTES => Some("OVER_SIZE_LIMIT"),
            Some(bytes) if png_size(bytes).is_some_and(|(w, h)| w.min(h) < kind.min_pixels()) => {
                Some("RESOLUTION_NOT_SUPPORT")
            }
            Some(_) => None,
        };
        upload.completed = failure.is_none();
        let status = if failure.is_some() {
            "FAILED"
        } else {
            "COMPLETED"
        };
        // A HEIC query image comes back as the key of its JPG conversion.
        let mut asset_key = key.to_owned();
        let heic = key.strip_suffix(".heic").or(key.strip_suffix(".HEIC"));
        if let (None, UploadKind::QueryImage, Some(stem)) = (failure, kind, heic) {
            asset_key = format!("{stem}.jpg");
            let converted = upload.clone();
            data.uploads.insert(asset_key.clone(), converted);
        }
        Ok(match kind {
            UploadKind::QueryImage => {
                json!({"assetKey": asset_key, "uploadStatus": status, "uploadMessage": failure})
            }
            UploadKind::Thumbnail => json!({"uploadStatus": status, "uploadMessage": failure}),
        })
    }

    /// The words of a completed upload's file name (what the fake "sees" in the image), or an
    /// error naming what is wrong with the key.
    pub(crate) fn completed_words(
        &self,
        kind: UploadKind,
        workspace: Option<&str>,
        key: &str,
    ) -> Result<Vec<String>, MiError> {
        let data = self.lock();
        match data.uploads.get(key) {
            Some(u) if u.kind == kind && u.workspace.as_deref() == workspace && u.completed => {
                let stem = u.file_name.rsplit_once('.').map_or("", |(s, _)| s);
                Ok(words(stem))
            }
            _ => Err(MiError::invalid(format!(
                "{key} is not a completed upload of this workspace."
            ))),
        }
    }

    /// A download URL of a stored thumbnail (presigned, as the service gives them).
    pub(crate) fn download_url(&self, key: &str) -> String {
        format!(
            "{}/mi-uploads/{}?X-Amz-Signature=testkit-download",
            self.storage_url(),
            utf8_percent_encode(key, NON_ALPHANUMERIC)
        )
    }
}

/// The storage's XML-free error: a status and a short code in the body.
fn storage_error(status: u16, code: &str) -> ApiResponse {
    ApiResponse::Reply {
        status,
        headers: vec![("content-type", "text/plain".to_owned())],
        body: code.as_bytes().to_vec(),
    }
}

/// Width and height of a PNG, from its `IHDR` chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let number = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    Some((number(16)?, number(20)?))
}

/// `POST /api/v1/query-assets/uploads/{presigned-url,complete}` (signed, account-wide).
pub(crate) fn query_asset_route(
    uploads: &UploadStore,
    request: &ApiRequest,
    now: SystemTime,
) -> Result<Value, MiError> {
    let body: Value = serde_json::from_slice(request.body())
        .map_err(|_| MiError::invalid("The request body is not JSON."))?;
    let rest = request.path().strip_prefix(QUERY_ASSETS_PREFIX);
    match (request.method(), rest) {
        ("POST", Some("/uploads/presigned-url")) => {
            if body["assetType"] != "IMAGE" {
                return Err(MiError::invalid("assetType must be IMAGE."));
            }
            let name = text(&body, "assetFileName")?;
            let (key, url) = uploads.presign(UploadKind::QueryImage, None, name, now)?;
            Ok(json!({
                "assetFileKey": key,
                "presignedUploadUrl": url,
                "expirationSeconds": EXPIRATION.as_secs(),
            }))
        }
        ("POST", Some("/uploads/complete")) => {
            uploads.complete(UploadKind::QueryImage, None, text(&body, "assetKey")?)
        }
        _ => Err(MiError::not_found("Route", request.path())),
    }
}

/// `POST /workspaces/{ws}/person-thumbnail/uploads/{presigned-url,complete}`; `None` for another
/// route.
pub(crate) fn thumbnail_route(
    uploads: &UploadStore,
    request: &ApiRequest,
    path: &[&str],
    body: &Value,
    now: SystemTime,
) -> Option<Result<Value, MiError>> {
    let answer = match (request.method(), path) {
        ("POST", [ws, "person-thumbnail", "uploads", "presigned-url"]) => text(body, "thumbnailFileName")
            .and_then(|name| uploads.presign(UploadKind::Thumbnail, Some(ws), name, now))
            .map(|(key, url)| {
                json!({"thumbnailKey": key, "url": url, "expirationSeconds": EXPIRATION.as_secs()})
            }),
        ("POST", [ws, "person-thumbnail", "uploads", "complete"]) => text(body, "thumbnailKey")
            .and_then(|key| uploads.complete(UploadKind::Thumbnail, Some(ws), key)),
        _ => return None,
    };
    Some(answer)
}

pub(crate) fn text<'a>(body: &'a Value, field: &str) -> Result<&'a str, MiError> {
    body.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| MiError::invalid(format!("{field} is required.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: SystemTime = SystemTime::UNIX_EPOCH;

    fn put(url: &str, body: &[u8], headers: Vec<(String, String)>) -> ApiRequest {
        let path = url.split_once("127.0.0.1:9").unwrap().1;
        ApiRequest::new("PUT", path, headers).with_body(body.to_vec())
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes
    }

    #[test]
    fn an_upload_is_issued_stored_once_and_completed() {
        let store = UploadStore::default();
        let (key, url) = store
            .presign(UploadKind::QueryImage, None, "cars/red car.png", T0)
            .unwrap();
        assert_eq!(key, "query-assets/1/red car.png");
        let none = store.complete(UploadKind::QueryImage, None, &key).unwrap();
        assert_eq!(none["uploadMessage"], "FILE_NOT_EXIST");
        assert_eq!(
            store.store_object(&put(&url, &png(300, 300), vec![]), T0),
            ApiResponse::empty(200)
        );
        assert!(matches!(
            store.store_object(&put(&url, b"again", vec![]), T0),
            ApiResponse::Reply { status: 403, .. }
        ));
        let done = store.complete(UploadKind::QueryImage, None, &key).unwrap();
        assert_eq!(done["uploadStatus"], "COMPLETED");
        assert_eq!(
            store
                .completed_words(UploadKind::QueryImage, None, &key)
                .unwrap(),
            ["red", "car"]
        );
        assert!(
            store
                .completed_words(UploadKind::Thumbnail, Some("ws"), &key)
                .is_err()
        );
    }

    #[test]
    fn the_storage_records_ncp_headers_and_checks_the_url() {
        let store = UploadStore::default();
        let (key, url) = store
            .presign(UploadKind::Thumbnail, Some("ws"), "kim.png", T0)
            .unwrap();
        let forged = url.replace("testkit-signature", "forged");
        let headers = vec![("X-NCP-APIGW-TIMESTAMP".to_owned(), "1".to_owned())];
        assert!(matches!(
            store.store_object(&put(&forged, b"x", headers), T0),
            ApiResponse::Reply { status: 403, .. }
        ));
        assert_eq!(store.ncp_headers(), ["X-NCP-APIGW-TIMESTAMP: 1"]);
        let late = T0 + EXPIRATION + Duration::from_secs(1);
        assert!(matches!(
            store.store_object(&put(&url, b"x", vec![]), late),
            ApiResponse::Reply { status: 403, .. }
        ));
        store.store_object(&put(&url, &png(100, 400), vec![]), T0);
        let small = store
            .complete(UploadKind::Thumbnail, Some("ws"), &key)
            .unwrap();
        assert_eq!(small["uploadMessage"], "RESOLUTION_NOT_SUPPORT");
        assert_eq!(store.storage_requests(), 3);
    }

    #[test]
    fn a_heic_query_image_completes_as_a_jpg_key() {
        let store = UploadStore::default();
        let (key, url) = store
            .presign(UploadKind::QueryImage, None, "beach.heic", T0)
            .unwrap();
        store.store_object(&put(&url, b"heic bytes", vec![]), T0);
        let done = store.complete(UploadKind::QueryImage, None, &key).unwrap();
        assert_eq!(done["assetKey"], "query-assets/1/beach.jpg");
        assert!(
            store
                .presign(UploadKind::Thumbnail, Some("ws"), "a.heic", T0)
                .is_err()
        );
    }
}
