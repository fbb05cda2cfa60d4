//! The seam between httpmock and the gateway logic: the gateway works on [`ApiRequest`] and
//! [`ApiResponse`], plain data that unit tests can build without a server, and this file is the
//! only one that converts from and to httpmock's types.

use httpmock::{HttpMockRequest, HttpMockResponse};
use serde_json::Value;

/// What the gateway needs to know about a request, taken from the bytes actually received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiRequest {
    method: String,
    path_and_query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl ApiRequest {
    pub(crate) fn new(
        method: impl Into<String>,
        path_and_query: impl Into<String>,
        headers: Vec<(String, String)>,
    ) -> Self {
        Self {
            method: method.into(),
            path_and_query: path_and_query.into(),
            headers,
            body: Vec::new(),
        }
    }

    /// The same request with `body`.
    pub(crate) fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// httpmock normalises the URI to absolute form (`http://host/path?query`) but keeps the
    /// path and query as received, which is exactly what signature v2 covers.
    pub(crate) fn from_mock(request: &HttpMockRequest) -> Self {
        let uri = request.uri();
        let path_and_query = uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
        Self::new(
            request.method_str(),
            path_and_query,
            request.headers_vec().clone(),
        )
        .with_body(request.body_vec())
    }

    pub(crate) fn method(&self) -> &str {
        &self.method
    }

    /// The path and query string exactly as on the wire (same order, same percent-encoding).
    pub(crate) fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The path, without the query.
    pub(crate) fn path(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query.as_str(), |(path, _)| path)
    }

    /// The body as received (empty when there was none).
    pub(crate) fn body(&self) -> &[u8] {
        &self.body
    }

    /// The raw query string, without the `?`.
    pub(crate) fn query(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or("", |(_, query)| query)
    }

    /// The first value of a query parameter, undecoded (the gateway's parameters are numbers).
    pub(crate) fn query_param(&self, name: &str) -> Option<&str> {
        self.query()
            .split('&')
            .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// Every header, as received.
    pub(crate) fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first value of a header; names are case-insensitive.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What the gateway answers: a response, or nothing at all.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ApiResponse {
    Reply {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without sending a byte of response.
    DropConnection,
}

impl ApiResponse {
    pub(crate) fn json(status: u16, body: &Value) -> Self {
        Self::json_bytes(status, body.to_string())
    }

    /// A JSON content type over any bytes, valid JSON or not.
    pub(crate) fn json_bytes(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::Reply {
            status,
            headers: vec![("content-type", "application/json;charset=UTF-8".to_owned())],
            body: body.into(),
        }
    }

    /// A status and no body at all (what NSML documents for its creates and deletes).
    pub(crate) fn empty(status: u16) -> Self {
        Self::Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn html(status: u16, body: &str) -> Self {
        Self::Reply {
            status,
            headers: vec![("content-type", "text/html".to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if let Self::Reply { headers, .. } = &mut self {
            headers.push((name, value.into()));
        }
        self
    }

    /// Converts to httpmock's response, or ends the connection.
    ///
    /// httpmock has no way to answer "nothing", and hyper refuses a `Content-Length` that the body
    /// does not fill, so a dropped connection unwinds the responder instead: httpmock runs every
    /// connection in its own task, the unwind ends that task and the socket closes without a
    /// response. `resume_unwind` skips the panic hook, so nothing is printed.
    pub(crate) fn into_mock(self) -> HttpMockResponse {
        match self {
            Self::Reply {
                status,
                headers,
                body,
            } => headers
                .into_iter()
                .fold(HttpMockResponse::builder().status(status), |b, (k, v)| {
                    b.header(k, v)
                })
                .body(body)
                .build(),
            Self::DropConnection => std::panic::resume_unwind(Box::new(ConnectionDropped)),
        }
    }
}

/// The unwind payload of a deliberately dropped connection.
#[derive(Debug)]
struct ConnectionDropped;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_params_are_read_raw_and_first_wins() {
        let request = ApiRequest::new("GET", "/p?page=2&pageSize=&flag&page=3", vec![]);
        assert_eq!(request.query_param("page"), Some("2"));
        assert_eq!(request.query_param("pageSize"), Some(""));
        assert_eq!(request.query_param("flag"), Some(""));
        assert_eq!(request.query_param("pagesize"), None);
        assert_eq!(ApiRequest::new("GET", "/p", vec![]).query(), "");
    }

    #[test]
    fn header_names_are_case_insensitive() {
        let request = ApiRequest::new(
            "GET",
            "/",
            vec![("X-Ncp-Iam-Access-Key".into(), "AK".into())],
        );
        assert_eq!(request.header("x-ncp-iam-access-key"), Some("AK"));
    }
}
