use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::Error;

/// A successful (2xx) response, body read in full.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    endpoint: String,
    throttled: bool,
}

impl Response {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: Vec<u8>, endpoint: String) -> Self {
        Self {
            status,
            headers,
            body,
            endpoint,
            throttled: false,
        }
    }

    pub(crate) fn with_throttled(mut self, throttled: bool) -> Self {
        self.throttled = throttled;
        self
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

    /// `METHOD /path` of the call, as errors name it.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Decodes the JSON body; a failure is a decode error that names the endpoint and keeps a bounded
    /// excerpt of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Error::decode(self.endpoint.clone(), e, &self.body))
    }
}
