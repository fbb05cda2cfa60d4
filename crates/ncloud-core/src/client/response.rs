use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::Error;

/// Response headers that carry a request id, in order of preference.
pub(crate) const REQUEST_ID_HEADERS: [&str; 3] =
    ["x-ncp-trace-id", "x-ncp-request-id", "x-request-id"];

/// A successful (2xx) response, body read in full.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    operation: String,
    throttled: bool,
    attempts: u32,
}

impl Response {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: Vec<u8>, operation: String) -> Self {
        Self {
            status,
            headers,
            body,
            operation,
            throttled: false,
            attempts: 1,
        }
    }

    /// What the retry loop knows once the call succeeded.
    pub(crate) fn with_history(mut self, attempts: u32, throttled: bool) -> Self {
        self.attempts = attempts;
        self.throttled = throttled;
        self
    }

    /// How many attempts the call took (1 when the first one succeeded).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The request id the service gave this call, if any.
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS.iter().find_map(|name| self.header(name))
    }

    /// An error for a body that is not what the call expects: names the operation and keeps a
    /// bounded excerpt of the body.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn decode_error(
        &self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error::decode(self.operation.clone(), source, &self.body).with_attempts(self.attempts)
    }

    /// A service error for an error envelope that came with a 2xx status, with the code and
    /// message read from the body as for any error response.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn service_error(&self) -> Error {
        let mut error = Error::from_response(self.status, None, &self.body)
            .with_operation(self.operation.clone())
            .with_attempts(self.attempts);
        if let Some(id) = self.request_id() {
            error = error.with_request_id(id);
        }
        error
    }

    /// Whether an earlier attempt of this call was throttled (HTTP 429) before it succeeded, so a
    /// caller running requests in parallel can slow down.
    pub fn was_throttled(&self) -> bool {
        self.throttled
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A response header, when present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The call, as errors name it: the operation label (`nsml.ListProjects`) or `METHOD /path`.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// Decodes the JSON body; a failure is a decode error that names the operation and the field
    /// in plain words (`result.totalCount: expected a non-negative integer, got 1.5`; an HTML page
    /// is called one, with its title), and keeps a bounded excerpt of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        super::decode::decode(&self.body).map_err(|message| {
            Error::decode_message(&self.operation, message, &self.body).with_attempts(self.attempts)
        })
    }
}
