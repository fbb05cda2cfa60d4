//! What a service asks the transport to send: a method, a URL, query parameters and a body.

use std::fmt;

use http::Method;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::Url;

use super::Error;
use crate::signing::ApiKey;

/// Everything but RFC 3986 unreserved characters is percent-encoded, so a space is `%20` (never `+`)
/// and what is signed is byte for byte what is sent. Used for query keys, values and path segments.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request for [`Client::send`](super::Client::send). Nothing is sent or validated until then.
///
/// ```
/// use ncloud_core::client::Request;
///
/// let request = Request::get("https://mi.apigw.ntruss.com/api/v1/workspaces")
///     .query("pageNum", 1)
///     .query("name", "my workspace");
/// assert_eq!(
///     request.url().unwrap().as_str(),
///     "https://mi.apigw.ntruss.com/api/v1/workspaces?pageNum=1&name=my%20workspace"
/// );
/// ```
///
/// `Debug` shows the body's length, never its bytes (a body may hold a secret, such as a registry
/// password).
#[derive(Clone)]
pub struct Request {
    method: Method,
    url: String,
    query: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, String>>,
    api_key: ApiKey,
    idempotent: Option<bool>,
    operation: Option<String>,
    /// `None`: JSON, signed (every NCP call). `Some`: a presigned upload's content type, unsigned.
    presigned: Option<String>,
}

impl Request {
    /// A request with any method to `url` (the service's endpoint plus the operation's path).
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            query: Vec::new(),
            body: None,
            api_key: ApiKey::NotUsed,
            idempotent: None,
            operation: None,
            presigned: None,
        }
    }

    /// A `PUT` of `bytes` to a presigned `url`, sent unsigned (see
    /// [`Client::put_presigned`](super::Client::put_presigned)).
    pub(crate) fn presigned_put(url: &str, bytes: Vec<u8>, content_type: &str) -> Self {
        let mut request = Self::new(Method::PUT, url);
        request.body = Some(Ok(bytes));
        request.presigned = Some(content_type.to_owned());
        request
    }

    /// A `GET` request.
    pub fn get(url: impl Into<String>) -> Self {
        Self::new(Method::GET, url)
    }

    /// Appends a query parameter; parameters are sent in the order they are added.
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Sends `body` as `application/json`.
    pub fn json_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(Ok(body.into()));
        self
    }

    /// A JSON body already serialised, or why it could not be (reported by `send`).
    pub(crate) fn raw_body(mut self, body: Result<Vec<u8>, String>) -> Self {
        self.body = Some(body);
        self
    }

    /// Serialises `value` as the JSON body (a failure is reported by `send`).
    pub fn json<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.body = Some(serde_json::to_vec(value).map_err(|e| e.to_string()));
        self
    }

    /// Refuses to send without an API Gateway API key (`x-ncp-apigw-api-key`), as CLOVA NSML needs.
    pub fn require_api_key(self) -> Self {
        self.api_key(ApiKey::Required)
    }

    /// Whether to send the API Gateway API key (default: [`ApiKey::NotUsed`]).
    pub fn api_key(mut self, api_key: ApiKey) -> Self {
        self.api_key = api_key;
        self
    }

    /// Names the call in errors and logs (`nsml.CreateProject`); default `METHOD /path`.
    pub fn operation(mut self, label: impl Into<String>) -> Self {
        self.operation = Some(label.into());
        self
    }

    /// Whether the request may be retried after it reached the server. Defaults to true for `GET`,
    /// `HEAD`, `OPTIONS`, `PUT` and `DELETE`, false otherwise (a replayed `POST` can create twice).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The final URL: the base URL with the query parameters appended, percent-encoded.
    pub fn url(&self) -> Result<Url, Error> {
        let mut url = Url::parse(&self.url)
            .map_err(|e| Error::configuration(format!("invalid URL {:?}: {e}", self.url)))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::configuration(format!(
                "invalid URL {:?}: the scheme must be http or https",
                self.url
            )));
        }
        if !self.query.is_empty() {
            let mut query = url.query().unwrap_or_default().to_owned();
            for (key, value) in &self.query {
                if !query.is_empty() {
                    query.push('&');
                }
                query.extend(utf8_percent_encode(key, COMPONENT));
                query.push('=');
                query.extend(utf8_percent_encode(value, COMPONENT));
            }
            url.set_query(Some(&query));
        }
        Ok(url)
    }

    pub(crate) fn body(&self) -> Result<Option<&[u8]>, Error> {
        match &self.body {
            None => Ok(None),
            Some(Ok(body)) => Ok(Some(body)),
            Some(Err(e)) => Err(Error::configuration(format!(
                "cannot serialise the body: {e}"
            ))),
        }
    }

    pub(crate) fn api_key_use(&self) -> ApiKey {
        self.api_key
    }

    /// The name errors give the call: its label, else `METHOD /path` of `url`.
    pub(crate) fn operation_label(&self, url: &Url) -> String {
        match &self.operation {
            Some(label) => label.clone(),
            None => format!("{} {}", self.method, url.path()),
        }
    }

    /// The content type of a presigned upload; `None` for a signed NCP call.
    pub(crate) fn presigned_content_type(&self) -> Option<&str> {
        self.presigned.as_deref()
    }

    pub(crate) fn is_idempotent(&self) -> bool {
        self.idempotent.unwrap_or(matches!(
            self.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        ))
    }
}

// By hand: the body may hold secrets (a registry credential's password), as `Operation`'s may.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body.as_ref().map(|body| match body {
            Ok(bytes) => format!("{} bytes", bytes.len()),
            Err(_) => "not serialisable".to_owned(),
        });
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("query", &self.query)
            .field("body", &body)
            .field("api_key", &self.api_key)
            .field("idempotent", &self.idempotent)
            .field("operation", &self.operation)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use url::Position;

    use super::*;
    use crate::signing;

    fn path_and_query(url: &Url) -> std::borrow::Cow<'_, str> {
        signing::path_and_query(url.as_str())
    }

    #[test]
    fn spaces_and_non_ascii_are_percent_encoded() {
        let url = Request::get("http://127.0.0.1:1/api/v1/workspaces")
            .query("pageNum", 2)
            .query("name", "내 작업 공간 & more=yes")
            .url()
            .unwrap();
        assert_eq!(
            path_and_query(&url),
            "/api/v1/workspaces?pageNum=2&name=%EB%82%B4%20%EC%9E%91%EC%97%85%20%EA%B3%B5%EA%B0%84%20%26%20more%3Dyes"
        );
    }

    #[test]
    fn existing_query_is_kept_and_extended() {
        let url = Request::get("http://h/p?a=1")
            .query("b", "2")
            .url()
            .unwrap();
        assert_eq!(path_and_query(&url), "/p?a=1&b=2");
        let url = Request::get("http://h/p").url().unwrap();
        assert_eq!(path_and_query(&url), "/p");
    }

    #[test]
    fn bad_urls_are_configuration_errors() {
        assert!(
            Request::get("not a url")
                .url()
                .unwrap_err()
                .is_configuration()
        );
        assert!(
            Request::get("ftp://h/x")
                .url()
                .unwrap_err()
                .is_configuration()
        );
    }

    #[test]
    fn debug_shows_the_body_length_not_its_bytes() {
        let request = Request::new(Method::POST, "http://h/secrets")
            .json_body(r#"{"password":"s3cr3t-pw"}"#)
            .operation("nsml.CreateRegistryCredential");
        let debug = format!("{request:?}");
        assert!(!debug.contains("s3cr3t-pw"), "{debug}");
        // Bytes would print as a list of numbers: none of the body's bytes appear either.
        assert!(!debug.contains("112, 97, 115"), "{debug}");
        assert!(debug.contains(r#"body: Some("24 bytes")"#), "{debug}");
        assert!(!format!("{request:#?}").contains("s3cr3t-pw"));
    }

    #[test]
    fn idempotency_follows_the_method() {
        assert!(Request::get("http://h/").is_idempotent());
        assert!(!Request::new(Method::POST, "http://h/").is_idempotent());
        assert!(
            Request::new(Method::POST, "http://h/")
                .idempotent(true)
                .is_idempotent()
        );
    }

    proptest! {
        // What the signer takes from the URL is what reqwest puts on the request line: the
        // url crate's own path-to-query span of the parsed URL.
        #[test]
        fn the_signed_span_is_the_url_crates(
            path in "(/[a-zA-Z0-9%./ 가-힣_~-]{0,12}){0,4}",
            query in proptest::option::of("[a-zA-Z0-9%=&/? 가-힣_~-]{0,20}"),
            fragment in proptest::option::of("[a-z#?/]{0,6}"),
        ) {
            let mut raw = format!("https://user@h.example:8443{path}");
            if let Some(query) = query {
                raw = format!("{raw}?{query}");
            }
            if let Some(fragment) = fragment {
                raw = format!("{raw}#{fragment}");
            }
            let url = Url::parse(&raw).unwrap();
            prop_assert_eq!(
                path_and_query(&url),
                &url[Position::BeforePath..Position::AfterQuery]
            );
        }
    }
}
