/// What the signer needs to know about a request: its method and the exact path-and-query that goes
/// on the wire.
///
/// No HTTP type goes in, so any HTTP client can use the signer. The path-and-query must be taken from
/// the final URL the client will send (same parameter order, same percent-encoding): the gateway signs
/// the bytes it receives.
///
/// ```
/// use ncloud_core::signing::SignableRequest;
///
/// let request = SignableRequest::new("GET", "/api/v1/workspaces?pageNum=1&pageSize=100");
/// assert_eq!(request.method(), "GET");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignableRequest<'a> {
    method: &'a str,
    path_and_query: &'a str,
}

impl<'a> SignableRequest<'a> {
    /// A request with an upper-case HTTP `method` (`GET`, `POST`, ...) and an already encoded
    /// `path_and_query` such as `/nsml/v1/projects?page=1&pageSize=10`.
    pub const fn new(method: &'a str, path_and_query: &'a str) -> Self {
        Self {
            method,
            path_and_query,
        }
    }

    /// The HTTP method.
    pub const fn method(&self) -> &'a str {
        self.method
    }

    /// The path and query, exactly as sent.
    pub const fn path_and_query(&self) -> &'a str {
        self.path_and_query
    }
}
