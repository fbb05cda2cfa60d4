//! A typed call declared as data: method, label, path, query, body, and the type it answers with.

use std::fmt;
use std::marker::PhantomData;

use http::Method;
use percent_encoding::utf8_percent_encode;
use serde::Serialize;

use super::request::COMPONENT;

/// One NCP operation, ready to send with [`ServiceClient::send`](super::ServiceClient::send):
/// its method, its label (`CreateProject`, which errors show as `nsml.CreateProject`), its path
/// given as segments (each percent-encoded, so an id with `/` or spaces stays one segment), its
/// query, an optional JSON body, and the type `T` the answer decodes into (`()` when the service
/// documents no body). Nothing is sent or validated until then.
///
/// ```
/// use ncloud_core::client::{Method, Operation};
///
/// #[derive(serde::Deserialize)]
/// struct Project { project_id: String }
///
/// let get: Operation<Project> = Operation::get("GetProject", ["projects", "p 1/2"]);
/// assert_eq!(get.path(), "/projects/p%201%2F2");
///
/// #[derive(serde::Serialize)]
/// struct NewProject<'a> { #[serde(rename = "projectName")] name: &'a str }
/// let create = Operation::<()>::post("CreateProject", ["projects"]).json(&NewProject { name: "demo" });
/// assert_eq!(create.method(), &Method::POST);
///
/// let delete = Operation::<()>::delete("DeleteSecret", ["images", "secret"])
///     .query("privateEp", "a.private-ncr.ntruss.com");
/// assert_eq!(delete.query_pairs(), &[("privateEp".to_owned(), "a.private-ncr.ntruss.com".to_owned())]);
/// ```
#[must_use = "an operation does nothing until it is sent"]
pub struct Operation<T> {
    name: &'static str,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, String>>,
    /// A path segment that cannot be sent (empty, `.` or `..`) or a failed check: reported by
    /// `send`, before any I/O.
    invalid: Option<String>,
    /// Whether `invalid` is a check's: the first check says more than the path segment it broke.
    checked: bool,
    output: PhantomData<fn() -> T>,
}

impl<T> Operation<T> {
    /// An operation with any method. `segments` are the path below the service's base URL.
    pub fn new<I>(method: Method, name: &'static str, segments: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut path = String::new();
        let mut invalid = None;
        for segment in segments {
            let segment = segment.as_ref();
            // URL parsers resolve `.` and `..` (even percent-encoded), which would send the call
            // elsewhere; an empty segment would change the path's shape.
            if matches!(segment, "" | "." | "..") && invalid.is_none() {
                invalid = Some(format!(
                    "the path parameter {segment:?} is not a valid identifier"
                ));
            }
            path.push('/');
            path.extend(utf8_percent_encode(segment, COMPONENT));
        }
        Self {
            name,
            method,
            path,
            query: Vec::new(),
            body: None,
            invalid,
            checked: false,
            output: PhantomData,
        }
    }

    /// A `GET` operation.
    pub fn get<I>(name: &'static str, segments: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Self::new(Method::GET, name, segments)
    }

    /// A `POST` operation (never replayed once it may have reached the server).
    pub fn post<I>(name: &'static str, segments: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Self::new(Method::POST, name, segments)
    }

    /// A `PUT` operation.
    pub fn put<I>(name: &'static str, segments: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Self::new(Method::PUT, name, segments)
    }

    /// A `PATCH` operation (not idempotent by HTTP's rules: never replayed once sent).
    pub fn patch<I>(name: &'static str, segments: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Self::new(Method::PATCH, name, segments)
    }

    /// A `DELETE` operation.
    pub fn delete<I>(name: &'static str, segments: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Self::new(Method::DELETE, name, segments)
    }

    /// Appends a query parameter (sent in the order added, percent-encoded).
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Appends a query parameter when `value` is `Some`.
    pub fn query_opt(self, key: impl Into<String>, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.query(key, value),
            None => self,
        }
    }

    /// Sends `body` serialised as JSON, with `Content-Type: application/json`.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self
    }

    /// Makes the send fail with `check`'s configuration error, before any I/O, when the inputs
    /// broke a rule (for list calls, whose operation is built per page by the paginator: the first
    /// page fails before anything is sent). The send's error is named by the operation
    /// (`nsml.GetRun`). The first failed check wins, also over a path segment that cannot be sent
    /// (its rule says more: "project id is empty" rather than "not a valid identifier").
    ///
    /// ```
    /// use ncloud_core::Error;
    /// use ncloud_core::client::Operation;
    ///
    /// let name = "x";
    /// let check = if name.len() < 2 { Err(Error::configuration("use 2 characters or more")) } else { Ok(()) };
    /// let op = Operation::<()>::get("ListPersons", ["persons"]).query("name", name).check(check);
    /// assert_eq!(op.problem(), Some("use 2 characters or more"));
    /// ```
    pub fn check(mut self, check: Result<(), super::Error>) -> Self {
        if let (Err(error), false) = (check, self.checked) {
            self.invalid = Some(error.message().unwrap_or("invalid input").to_owned());
            self.checked = true;
        }
        self
    }

    /// Why the operation cannot be sent (a bad path segment or a failed [`check`](Self::check)).
    pub fn problem(&self) -> Option<&str> {
        self.invalid.as_deref()
    }

    /// The label without the service prefix (`CreateProject`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The encoded path below the service's base URL (`/projects/p%201`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, unencoded, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    pub(crate) fn into_parts(self) -> OperationParts {
        OperationParts {
            name: self.name,
            method: self.method,
            path: self.path,
            query: self.query,
            body: self.body,
            invalid: self.invalid,
        }
    }
}

/// An operation without its output type, for the transport.
pub(crate) struct OperationParts {
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Result<Vec<u8>, String>>,
    pub(crate) invalid: Option<String>,
}

impl<T> Clone for Operation<T> {
    fn clone(&self) -> Self {
        Self {
            name: self.name,
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            invalid: self.invalid.clone(),
            checked: self.checked,
            output: PhantomData,
        }
    }
}

// The body is left out: it may carry a secret (registry credentials).
impl<T> fmt::Debug for Operation<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("has_body", &self.body.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_empty_segments_are_refused() {
        for bad in ["", ".", ".."] {
            let op = Operation::<()>::get("GetProject", ["projects", bad]);
            assert!(op.invalid.is_some(), "{bad:?}");
        }
        let ok = Operation::<()>::get("GetProject", ["projects", "..."]);
        assert!(ok.invalid.is_none());
        let empty_id = Operation::<()>::get("GetRun", ["projects", "", "runs"])
            .check(Err(crate::Error::configuration("project id is empty")))
            .check(Err(crate::Error::configuration("run name is empty")));
        assert_eq!(empty_id.problem(), Some("project id is empty"));
        assert_eq!(ok.path(), "/projects/...");
    }

    #[test]
    fn segments_are_percent_encoded() {
        let op =
            Operation::<()>::delete("DeleteKey", ["auth-keys", "title", "a b", "name", "x/y?#%"]);
        assert_eq!(op.path(), "/auth-keys/title/a%20b/name/x%2Fy%3F%23%25");
    }

    #[test]
    fn debug_leaves_the_body_out() {
        let op = Operation::<()>::post("CreateSecret", ["images", "secret"])
            .json(&serde_json::json!({"secretKey": "hunter2"}));
        assert!(!format!("{op:?}").contains("hunter2"));
    }
}
