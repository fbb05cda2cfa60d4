//! Uploads to a URL that a service presigned (Media Intelligence's Object Storage upload URLs):
//! the one kind of request this client sends without signing it.

use reqwest::header::HeaderValue;

use super::{Client, Error, Request, Response};

impl Client {
    /// `PUT`s `bytes` to `url`, an upload URL a service presigned, and returns the storage's
    /// answer (any 2xx).
    ///
    /// The request goes through the same pipeline as every call (the attempt timeout and the total
    /// deadline, the answer size limit, redirects refused, transient failures retried: a `PUT` of
    /// the same bytes is safe to repeat), but it is **not signed**: it carries no `x-ncp-*` header,
    /// no API key and no `Authorization`, and the credentials are not even loaded. The URL's own
    /// query carries the storage's signature; it is sent as given. `operation` names the call in
    /// errors (`mi.UploadQueryImage`).
    ///
    /// Bounding the size of `bytes` is the caller's job (it knows the service's limit); this only
    /// refuses a URL that is not `http(s)` or a content type that is not a header value, before
    /// sending anything.
    ///
    /// ```no_run
    /// # async fn demo(core: ncloud_core::Client, url: &str) -> Result<(), ncloud_core::Error> {
    /// let bytes = std::fs::read("face.jpg").expect("readable");
    /// core.put_presigned(url, bytes, "image/jpeg", "mi.UploadPersonThumbnail").await?;
    /// # Ok(()) }
    /// ```
    pub async fn put_presigned(
        &self,
        url: &str,
        bytes: Vec<u8>,
        content_type: &str,
        operation: &str,
    ) -> Result<Response, Error> {
        let request = Request::presigned_put(url, bytes, content_type).operation(operation);
        self.send_raw(request).await
    }
}

/// The `Content-Type` of a presigned upload.
pub(crate) fn content_type(request: &Request) -> Result<HeaderValue, Error> {
    let value = request
        .presigned_content_type()
        .unwrap_or("application/octet-stream");
    HeaderValue::from_str(value)
        .map_err(|_| Error::configuration(format!("invalid content type {value:?}")))
}
