//! One error type for every NCP call: ask it questions (`is_throttling()`, `http_status()`, `code()`)
//! instead of matching on variants, so new kinds never break callers.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use super::PreparedRequest;
use super::change::Change;
use super::error_body::{ErrorBody, excerpt, one_line};
use super::timeout::readable;
use crate::CredentialsError;

type Source = Box<dyn StdError + Send + Sync + 'static>;

/// The API Gateway's code for "Quota Exceeded" (with HTTP 429).
const QUOTA_EXCEEDED_CODE: &str = "400";

/// The error of an NCP call.
///
/// `Display` shows the status, the NCP code and message; the accessors give each piece. No secret is
/// ever part of an error.
///
/// Errors are made by the calls, not by users: its constructors are plumbing for the ncloud-rs
/// crates (hidden from these docs, see `ncloud_core::__private`).
///
/// ```
/// # let err = ncloud_core::Error::service(429, Some("420".into()), Some("Rate Limited".into()));
/// // `err`: a call answered HTTP 429 with NCP code 420
/// assert!(err.is_throttling());
/// assert_eq!(err.http_status(), Some(429));
/// assert_eq!(err.code(), Some("420"));
/// assert_eq!(err.to_string(), "HTTP 429, NCP code 420: Rate Limited");
/// ```
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Bad input or configuration caught before any network traffic.
    Configuration,
    Credentials,
    /// The call needs an API key and the credentials have none.
    MissingApiKey,
    Connect,
    Timeout,
    /// The connection failed after the request went out (reset, closed mid-body).
    Transport,
    /// The service answered with an error status or an error envelope.
    Service,
    /// The service answered 2xx but the body is not what the call expects.
    Decode,
    /// A listing stopped because the server's pages do not add up (a paging guard fired).
    Listing,
    /// A waiter's deadline passed before the awaited state was reached.
    WaitTimeout,
    /// A waiter saw a failure state: the awaited state will not come.
    WaitFailed,
    /// The answer's body is larger than the client accepts.
    TooLarge,
    /// A dry-run client prepared the request and did not send it.
    DryRun,
    /// A change was made, but what it created cannot be told apart from other resources.
    Unidentified,
}

#[derive(Debug)]
struct Inner {
    kind: Kind,
    message: Option<String>,
    status: Option<u16>,
    code: Option<String>,
    request_id: Option<String>,
    body_excerpt: Option<String>,
    operation: Option<String>,
    attempts: u32,
    clock_skew: Option<String>,
    resume_page: Option<u64>,
    last_state: Option<String>,
    /// What is known of the change the call asked for (a create that failed after it was sent).
    change: Option<Change>,
    /// The URL path requested, named by a 404.
    path: Option<String>,
    /// The wait the server asked for (`Retry-After`), and what it means for the caller.
    retry_after: Option<Duration>,
    wait_hint: Option<String>,
    /// What a dry-run client would have sent.
    prepared: Option<Box<PreparedRequest>>,
    source: Option<Source>,
}

impl Error {
    fn new(kind: Kind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: None,
                status: None,
                code: None,
                request_id: None,
                body_excerpt: None,
                operation: None,
                attempts: 0,
                clock_skew: None,
                resume_page: None,
                last_state: None,
                change: None,
                path: None,
                retry_after: None,
                wait_hint: None,
                prepared: None,
                source: None,
            }),
        }
    }

    /// Invalid input or configuration, detected before sending anything (a page number below 1, a
    /// missing API key, a malformed endpoint URL...).
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn configuration(message: impl Into<String>) -> Self {
        let mut e = Self::new(Kind::Configuration);
        e.inner.message = Some(message.into());
        e
    }

    /// An error answered by the service: an HTTP status with the NCP code and message when known.
    /// Services use it for error envelopes that come with HTTP 200 too.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn service(status: u16, code: Option<String>, message: Option<String>) -> Self {
        let mut e = Self::new(Kind::Service);
        e.inner.status = Some(status);
        e.inner.code = code;
        e.inner.message = message;
        e
    }

    /// A 2xx body of `operation` that cannot be decoded into the expected type. A `serde_json`
    /// error is put in plain words (no Rust type names; an HTML page is called one) in place of
    /// the source; [`Response::json`](super::Response::json) also names the field.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn decode(operation: impl Into<String>, source: impl Into<Source>, body: &[u8]) -> Self {
        let operation = operation.into();
        let source = source.into();
        if let Some(json) = source.downcast_ref::<serde_json::Error>() {
            return Self::decode_message(&operation, super::decode::explain(".", json, body), body);
        }
        let mut e = Self::new(Kind::Decode);
        e.inner.operation = Some(operation);
        e.inner.body_excerpt = Some(excerpt(body));
        e.inner.source = Some(source);
        e
    }

    /// A 2xx body that cannot be decoded, explained in `message` (no source: the message says it
    /// all in plain words, and the parser's own text names Rust types).
    pub(crate) fn decode_message(operation: &str, message: String, body: &[u8]) -> Self {
        let mut e = Self::new(Kind::Decode);
        e.inner.operation = Some(operation.to_owned());
        e.inner.message = Some(message);
        e.inner.body_excerpt = Some(excerpt(body));
        e
    }

    /// A redirect answer, refused (see `redirect.rs`).
    pub(crate) fn redirect(status: Option<u16>, message: String) -> Self {
        let mut e = Self::new(Kind::Service);
        e.inner.status = status;
        e.inner.message = Some(message);
        e
    }

    /// An answer whose body is over the client's size limit.
    pub(crate) fn body_too_large(status: u16, limit: usize, declared: Option<u64>) -> Self {
        let mut e = Self::new(Kind::TooLarge);
        e.inner.status = Some(status);
        let limit = format!("{} MiB ({limit} bytes)", limit / (1024 * 1024));
        e.inner.message = Some(match declared {
            Some(size) => {
                format!("HTTP {status} declares a body of {size} bytes, over the limit of {limit}")
            }
            None => format!("the body of HTTP {status} grew over the limit of {limit}"),
        });
        e
    }

    /// The stop of a [dry-run client](super::ClientBuilder::dry_run)'s call: `prepared` is what it
    /// would have sent.
    pub(crate) fn dry_run(prepared: PreparedRequest) -> Self {
        let mut e = Self::new(Kind::DryRun);
        e.inner.prepared = Some(Box::new(prepared));
        e
    }

    pub(crate) fn credentials(source: std::sync::Arc<CredentialsError>) -> Self {
        let mut e = Self::new(Kind::Credentials);
        e.inner.source = Some(Box::new(source));
        e
    }

    /// A call that needs an API Gateway API key (`x-ncp-apigw-api-key`) when the credentials have
    /// none, caught before anything is sent. `operation` names the call (`nsml.ListProjects`).
    ///
    /// ```
    /// use ncloud_core::Error;
    ///
    /// let err = Error::missing_api_key("nsml.ListProjects");
    /// assert!(err.is_missing_api_key() && err.is_auth() && err.is_configuration());
    /// assert_eq!(err.operation(), Some("nsml.ListProjects"));
    /// assert!(err.to_string().starts_with("nsml.ListProjects: an API Gateway API key"));
    /// assert!(err.to_string().contains("ClientBuilder::api_key"));
    /// ```
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn missing_api_key(operation: impl Into<String>) -> Self {
        let mut e = Self::new(Kind::MissingApiKey);
        e.inner.operation = Some(operation.into());
        e
    }

    pub(crate) fn from_reqwest(source: reqwest::Error) -> Self {
        let kind = if source.is_timeout() {
            Kind::Timeout
        } else if source.is_connect() {
            Kind::Connect
        } else if source.is_builder() {
            Kind::Configuration
        } else {
            Kind::Transport
        };
        let mut e = Self::new(kind);
        e.inner.source = Some(Box::new(source.without_url()));
        e
    }

    /// An attempt that ran out of time.
    pub(crate) fn timeout(message: impl Into<String>) -> Self {
        let mut e = Self::new(Kind::Timeout);
        e.inner.message = Some(message.into());
        e
    }

    /// An error answered by the service, with the code and message read from whatever shape the
    /// body has (the gateway's `{"error": {...}}`, `{"responseError": {...}}`, flat
    /// `errorCode`/`errorMessage` or `code`/`message`), and a bounded excerpt of the body. Never
    /// fails: an unrecognised body (HTML, empty) gives no code and no message.
    ///
    /// Services use it for error envelopes that come with a 2xx status too.
    ///
    /// ```
    /// use ncloud_core::Error;
    ///
    /// let e = Error::from_response(200, None, br#"{"responseError":{"code":"10014","message":"No workspace"}}"#);
    /// assert_eq!((e.code(), e.message()), (Some("10014"), Some("No workspace")));
    /// let e = Error::from_response(502, None, b"<html>Bad Gateway</html>");
    /// assert_eq!((e.code(), e.body_excerpt()), (None, Some("<html>Bad Gateway</html>")));
    /// ```
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        let parsed = ErrorBody::parse(body);
        let mut e = Self::service(status, parsed.code, parsed.message);
        e.inner.request_id = request_id;
        if !body.is_empty() {
            e.inner.body_excerpt = Some(excerpt(body));
        }
        e
    }

    /// A listing that stopped because the server's pages do not add up (a paging guard fired),
    /// with the page a new listing can resume from.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn listing(message: impl Into<String>, resume_page: Option<u64>) -> Self {
        let mut e = Self::new(Kind::Listing);
        e.inner.message = Some(message.into());
        e.inner.resume_page = resume_page;
        e
    }

    /// A waiter gave up: `awaited` was not reached within `waited`; `last_state` is what the
    /// last poll saw.
    pub(crate) fn wait_timeout(
        awaited: &str,
        waited: std::time::Duration,
        last_state: Option<String>,
    ) -> Self {
        let mut e = Self::new(Kind::WaitTimeout);
        let seen = last_state
            .as_deref()
            .map(|s| format!(" (last seen: {s})"))
            .unwrap_or_default();
        e.inner.message = Some(format!(
            "gave up waiting for {awaited} after {}{seen}",
            readable(waited)
        ));
        e.inner.last_state = last_state;
        e
    }

    /// A waiter saw the failure state `state` (with the service's `reason`, when it gave one):
    /// `awaited` will not happen.
    pub(crate) fn wait_failed(awaited: &str, state: String, reason: Option<String>) -> Self {
        let mut e = Self::new(Kind::WaitFailed);
        let why = reason.map(|r| format!(": {r}")).unwrap_or_default();
        e.inner.message = Some(format!("waited for {awaited}, but it is {state}{why}"));
        e.inner.last_state = Some(state);
        e
    }

    /// The change `operation` asked for was made, but what it created cannot be identified
    /// (`message` says why and names the candidates): never a resource that is not provably the
    /// one created.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn unidentified(operation: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Self::new(Kind::Unidentified);
        e.inner.operation = Some(operation.into());
        e.inner.message = Some(message.into());
        e.with_change(Change::Made { created: None })
    }

    /// Records what is known of the change this failed call asked for, so the caller learns
    /// what was created although the call failed (see [`change`](Self::change)).
    #[doc(hidden)]
    pub fn with_change(mut self, change: Change) -> Self {
        self.inner.change = Some(change);
        self
    }

    /// For the error of a call that asks for a change (a create, an import), records what its
    /// failure says of that change: an answer with a success status that could not be read
    /// ([`is_decode`](Self::is_decode), a body too large) means the change was made; a lost
    /// answer (a timeout or a connection dropped after sending) means it may have been. Any other
    /// error (refused before sending, an error status) is returned as it is.
    #[doc(hidden)]
    pub fn after_change_sent(self, created: Option<String>) -> Self {
        let change = match self.inner.kind {
            Kind::Decode | Kind::TooLarge
                if self.inner.status.is_none_or(|s| (200..300).contains(&s)) =>
            {
                Change::Made { created }
            }
            Kind::Timeout | Kind::Transport => Change::Unknown,
            _ => return self,
        };
        self.with_change(change)
    }

    /// Names the call: the operation label (`nsml.CreateProject`) or, for untyped requests,
    /// `METHOD /path`. A name already set is kept.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn with_operation(mut self, operation: impl Into<String>) -> Self {
        self.inner.operation.get_or_insert_with(|| operation.into());
        self
    }

    /// Records the page a listing can resume from after this error.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn with_resume_page(mut self, page: u64) -> Self {
        self.inner.resume_page = Some(page);
        self
    }

    /// Sets the request id the service gave this call.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Records how many attempts the call made.
    #[doc(hidden)] // plumbing (see `ncloud_core::__private`)
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    pub(crate) fn with_clock_skew(mut self, hint: String) -> Self {
        self.inner.clock_skew = Some(hint);
        self
    }

    /// Records the URL path that was requested (a 404 names it).
    pub(crate) fn with_path(mut self, path: &str) -> Self {
        self.inner.path.get_or_insert_with(|| path.to_owned());
        self
    }

    /// Records the server's `Retry-After` and what to tell the caller about it.
    pub(crate) fn with_retry_after(mut self, wait: Duration, hint: String) -> Self {
        self.inner.retry_after = Some(wait);
        self.inner.wait_hint = Some(hint);
        self
    }

    /// The HTTP status, when the service answered.
    pub fn http_status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The NCP error code (`"200"` for the gateway's authentication failure, `"10001"` for MI's
    /// invalid request, ...), when the body carried one.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The human-readable message (the service's, or ours for local errors).
    pub fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }

    /// The request id response header (`x-ncp-trace-id` or similar), useful to NCP support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// At most 512 bytes of the response body, as text.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.inner.body_excerpt.as_deref()
    }

    /// The call that failed, when known: its operation label (`nsml.CreateProject`) or, for
    /// untyped requests, `METHOD /path` (never the query or a header).
    pub fn operation(&self) -> Option<&str> {
        self.inner.operation.as_deref()
    }

    /// For a call of a [dry-run client](super::ClientBuilder::dry_run): the request it prepared
    /// and did not send.
    pub fn prepared_request(&self) -> Option<&PreparedRequest> {
        self.inner.prepared.as_deref()
    }

    /// True when a [dry-run client](super::ClientBuilder::dry_run) stopped the call before
    /// sending it ([`prepared_request`](Self::prepared_request) holds it).
    pub fn is_dry_run(&self) -> bool {
        self.inner.kind == Kind::DryRun
    }

    /// For a listing that failed, the page a new listing can start from to continue it.
    pub fn resume_page(&self) -> Option<u64> {
        self.inner.resume_page
    }

    /// For a waiter that timed out, the state its last poll saw (e.g. `"CREATING"`); for one that
    /// saw a failure state, that state (e.g. `"ANALYZE_FAIL"`).
    pub fn last_state(&self) -> Option<&str> {
        self.inner.last_state.as_deref()
    }

    /// For a call that asked for a change and then failed (a lookup, a wait or the decoding of
    /// the answer after the service accepted it, or an answer lost after sending), what is known
    /// of that change: [`Change::Made`] with what was created, or [`Change::Unknown`]. `None`
    /// when the failure says nothing was changed.
    ///
    /// ```
    /// # use ncloud_core::Error;
    /// use ncloud_core::client::Change;
    ///
    /// let e = Error::service(503, None, None).with_change(Change::Made { created: Some("3".into()) });
    /// assert_eq!(e.created(), Some("3"));
    /// assert_eq!(e.to_string(), "HTTP 503; the change was made (created: 3)");
    /// ```
    pub fn change(&self) -> Option<&Change> {
        self.inner.change.as_ref()
    }

    /// What the change created (a run name, an asset id...), when the service accepted it and
    /// that is known (see [`change`](Self::change)).
    pub fn created(&self) -> Option<&str> {
        match &self.inner.change {
            Some(Change::Made { created }) => created.as_deref(),
            _ => None,
        }
    }

    /// How many attempts were made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// How long the server asked to wait before trying again (`Retry-After`), when it said so.
    /// The call fails at once, without waiting, when this is longer than the client waits.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// On an authentication failure, why the local clock is the likely cause.
    pub fn clock_skew_hint(&self) -> Option<&str> {
        self.inner.clock_skew.as_deref()
    }

    /// Throttling: HTTP 429 from the gateway's throttle or rate limit (NCP code 410 or 420, or no
    /// code), which refused the request before any service saw it. Retried, whatever the method;
    /// a quota ([`is_quota_exceeded`](Self::is_quota_exceeded)) is not throttling.
    pub fn is_throttling(&self) -> bool {
        self.inner.status == Some(429) && !self.is_quota_exceeded()
    }

    /// The API's usage-plan quota is exhausted (HTTP 429 with NCP code 400, "Quota Exceeded"):
    /// waiting seconds cannot help, so it is never retried.
    ///
    /// ```
    /// use ncloud_core::Error;
    ///
    /// let quota = Error::service(429, Some("400".into()), Some("Quota Exceeded".into()));
    /// assert!(quota.is_quota_exceeded() && !quota.is_throttling() && !quota.is_transient());
    /// assert_eq!(
    ///     quota.to_string(),
    ///     "HTTP 429, NCP code 400: Quota Exceeded; the API's usage-plan quota is exhausted: \
    ///      retrying will not help until the quota resets or is raised"
    /// );
    /// let throttled = Error::service(429, Some("410".into()), Some("Throttle Limited".into()));
    /// assert!(throttled.is_throttling() && !throttled.is_quota_exceeded());
    /// ```
    pub fn is_quota_exceeded(&self) -> bool {
        self.inner.status == Some(429) && self.inner.code.as_deref() == Some(QUOTA_EXCEEDED_CODE)
    }

    /// An attempt or the whole call timed out, or a waiter's deadline passed.
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, Kind::Timeout | Kind::WaitTimeout)
    }

    /// A waiter's deadline passed before the awaited state was reached (see
    /// [`last_state`](Self::last_state)).
    pub fn is_wait_timeout(&self) -> bool {
        self.inner.kind == Kind::WaitTimeout
    }

    /// A waiter saw a failure state (named by [`last_state`](Self::last_state)): what it waited
    /// for will not happen.
    pub fn is_wait_failed(&self) -> bool {
        self.inner.kind == Kind::WaitFailed
    }

    /// A change was made, but what it created cannot be told apart from other resources (none or
    /// several match what was sent; the message names them). See [`change`](Self::change).
    pub fn is_unidentified(&self) -> bool {
        self.inner.kind == Kind::Unidentified
    }

    /// A listing stopped because the server's pages do not add up (see
    /// [`resume_page`](Self::resume_page)).
    pub fn is_listing(&self) -> bool {
        self.inner.kind == Kind::Listing
    }

    /// Authentication or permission failed (HTTP 401 or 403), no credentials could be loaded, or
    /// the call needs an API key the credentials do not have.
    pub fn is_auth(&self) -> bool {
        matches!(self.inner.status, Some(401 | 403))
            || matches!(self.inner.kind, Kind::Credentials | Kind::MissingApiKey)
    }

    /// The call needs an API Gateway API key and the credentials have none (nothing was sent).
    pub fn is_missing_api_key(&self) -> bool {
        self.inner.kind == Kind::MissingApiKey
    }

    /// No credentials could be loaded (see the source for where they were looked for).
    pub fn is_credentials(&self) -> bool {
        self.inner.kind == Kind::Credentials
    }

    /// The input or configuration was rejected before anything was sent (a missing API key
    /// included).
    pub fn is_configuration(&self) -> bool {
        matches!(self.inner.kind, Kind::Configuration | Kind::MissingApiKey)
    }

    /// The connection could not be made.
    pub fn is_connect(&self) -> bool {
        self.inner.kind == Kind::Connect
    }

    /// The connection broke after the request was sent.
    pub fn is_transport(&self) -> bool {
        self.inner.kind == Kind::Transport
    }

    /// The service answered with an error (any status, or an error envelope with HTTP 200).
    pub fn is_service(&self) -> bool {
        self.inner.kind == Kind::Service
    }

    /// HTTP 404.
    pub fn is_not_found(&self) -> bool {
        self.inner.status == Some(404)
    }

    /// HTTP 5xx.
    pub fn is_server_error(&self) -> bool {
        matches!(self.inner.status, Some(500..=599))
    }

    /// A successful response whose body could not be decoded.
    pub fn is_decode(&self) -> bool {
        self.inner.kind == Kind::Decode
    }

    /// The answer's body was larger than the client accepts
    /// ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size)).
    pub fn is_body_too_large(&self) -> bool {
        self.inner.kind == Kind::TooLarge
    }

    /// Worth trying again later: throttling, 500/502/503/504, connection problems and timeouts
    /// (not a quota).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.inner.kind,
            Kind::Connect | Kind::Timeout | Kind::Transport
        ) || matches!(self.inner.status, Some(500 | 502 | 503 | 504))
            || self.is_throttling()
    }
}

impl fmt::Display for Error {
    // The error's own message only: the source is `source()`'s to tell (print the chain with
    // `ncloud_core::ErrorChain`), so nothing is said twice.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        if let Some(operation) = &inner.operation {
            write!(f, "{operation}: ")?;
        }
        match inner.kind {
            Kind::Service => {
                match inner.status {
                    Some(status) => write!(f, "HTTP {status}")?,
                    // A redirect that a caller's HTTP client followed: no status to show.
                    None => f.write_str("redirect refused")?,
                }
                // "Not found" is about the URL: say which one was asked for, unless the label does.
                let unnamed = |path: &&String| {
                    !inner
                        .operation
                        .as_ref()
                        .is_some_and(|op| op.contains(path.as_str()))
                };
                if let (Some(404), Some(path)) = (inner.status, inner.path.as_ref().filter(unnamed))
                {
                    write!(f, " for {path}")?;
                }
                if let Some(code) = &inner.code {
                    write!(f, ", NCP code {code}")?;
                }
                match (&inner.message, &inner.body_excerpt) {
                    (Some(message), _) => write!(f, ": {message}")?,
                    (None, Some(body)) if !body.is_empty() => write!(f, ": {}", one_line(body))?,
                    _ => {}
                }
                if self.is_quota_exceeded() {
                    f.write_str(
                        "; the API's usage-plan quota is exhausted: retrying will not help until \
                         the quota resets or is raised",
                    )?;
                }
            }
            Kind::Decode => {
                f.write_str("cannot decode the response")?;
                if let Some(message) = &inner.message {
                    write!(f, ": {message}")?;
                }
            }
            // Why, in the same line: a missing key is the first error a new user meets, and it
            // must not take `ErrorChain` to read it.
            Kind::Credentials => match &inner.source {
                Some(why) => write!(f, "cannot load NCP credentials: {why}")?,
                None => f.write_str("cannot load NCP credentials")?,
            },
            Kind::DryRun => match &inner.prepared {
                Some(prepared) => write!(
                    f,
                    "dry run: {} {} was prepared, not sent",
                    prepared.method(),
                    prepared.url()
                )?,
                None => f.write_str("dry run: not sent")?,
            },
            Kind::Listing | Kind::WaitTimeout | Kind::WaitFailed | Kind::Unidentified => {
                f.write_str(inner.message.as_deref().unwrap_or("listing failed"))?
            }
            Kind::MissingApiKey => f.write_str(
                "an API Gateway API key (x-ncp-apigw-api-key) is needed and the credentials have \
                 none: pass it to ClientBuilder::api_key or Credentials::with_api_key, or set it \
                 where the access keys come from (NCLOUD_API_KEY next to NCLOUD_ACCESS_KEY_ID, or \
                 `ncloud_api_key` in the profile of ~/.ncloud/configure)",
            )?,
            Kind::Configuration
            | Kind::Connect
            | Kind::Timeout
            | Kind::Transport
            | Kind::TooLarge => {
                f.write_str(match inner.kind {
                    Kind::Configuration => "invalid request",
                    Kind::Connect => "cannot connect",
                    Kind::Timeout => "timed out",
                    Kind::TooLarge => "answer too large",
                    _ => "connection failed",
                })?;
                if let Some(message) = &inner.message {
                    write!(f, ": {message}")?;
                }
            }
        }
        if inner.attempts > 1 {
            write!(f, " (after {} attempts)", inner.attempts)?;
        }
        if let Some(hint) = &inner.wait_hint {
            write!(f, "; {hint}")?;
        }
        if let Some(hint) = &inner.clock_skew {
            write!(f, "; {hint}")?;
        }
        if let Some(change) = &inner.change {
            write!(f, "; {change}")?;
        }
        Ok(())
    }
}

/// A credentials provider's failure, as the client reports it (`is_credentials()`).
impl From<CredentialsError> for Error {
    fn from(source: CredentialsError) -> Self {
        Self::credentials(std::sync::Arc::new(source))
    }
}

/// What `fn main() -> Result<(), Error>` prints on failure: the message, then each cause on a line
/// of its own. `{:#?}` gives every field.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return fmt::Debug::fmt(&self.inner, f);
        }
        write!(f, "{self}")?;
        let mut source = self.source();
        if source.is_some() {
            f.write_str("\n\nCaused by:")?;
        }
        while let Some(cause) = source {
            write!(f, "\n    {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        let source = self.inner.source.as_deref()?;
        if self.inner.kind == Kind::Credentials {
            // `Display` already says what the credentials error says: its cause comes next.
            return source.source();
        }
        Some(source as &(dyn StdError + 'static))
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credentials_error_says_why_in_display_and_debug_lists_each_cause_once() {
        let missing = Error::from(CredentialsError::not_found(
            "environment: NCLOUD_ACCESS_KEY_ID is not set",
        ));
        let why = "cannot load NCP credentials: no NCP credentials found (environment: \
                   NCLOUD_ACCESS_KEY_ID is not set)";
        assert_eq!(missing.to_string(), why);
        // what `fn main() -> Result<(), Error>` prints after "Error: "
        assert_eq!(format!("{missing:?}"), why);
        assert!(format!("{missing:#?}").contains("kind: Credentials"));

        let unreadable = Error::from(CredentialsError::Io {
            path: "/home/me/.ncloud/configure".into(),
            source: std::io::Error::other("permission denied"),
        });
        assert_eq!(
            format!("{unreadable:?}"),
            "cannot load NCP credentials: cannot read /home/me/.ncloud/configure\n\n\
             Caused by:\n    permission denied"
        );
        assert_eq!(
            crate::ErrorChain(&unreadable).to_string(),
            "cannot load NCP credentials: cannot read /home/me/.ncloud/configure: permission denied"
        );
    }

    #[test]
    fn display_shows_status_code_and_message() {
        let e = Error::from_response(
            401,
            Some("trace-1".into()),
            br#"{"error":{"errorCode":200,"message":"Authentication Failed"}}"#,
        );
        assert_eq!(
            e.to_string(),
            "HTTP 401, NCP code 200: Authentication Failed"
        );
        assert!(e.is_auth() && !e.is_transient());
        assert_eq!(e.request_id(), Some("trace-1"));
    }

    #[test]
    fn html_body_keeps_status_and_excerpt() {
        let e = Error::from_response(
            502,
            None,
            b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        );
        assert_eq!(e.http_status(), Some(502));
        assert_eq!(e.code(), None);
        assert!(e.is_transient() && e.is_server_error());
        assert_eq!(e.to_string(), "HTTP 502: 502 Bad Gateway");
        let e = Error::from_response(503, None, b"Service\r\n  Unavailable\n\n  try later");
        assert_eq!(e.to_string(), "HTTP 503: Service Unavailable try later");
        let e = Error::from_response(500, None, "오류 ".repeat(300).as_bytes());
        assert!(
            !e.to_string().contains('\n') && e.to_string().chars().count() < 230,
            "{e}"
        );
    }

    #[test]
    fn decode_error_names_the_operation_in_plain_words() {
        let source = serde_json::from_slice::<serde_json::Value>(b"{\"a\":").unwrap_err();
        let e = Error::decode("nsml.ListProjects", source, b"{\"a\":");
        assert!(e.is_decode());
        assert_eq!(
            e.to_string(),
            "nsml.ListProjects: cannot decode the response: invalid JSON: EOF while parsing a \
             value (line 1, column 5)"
        );
        assert!(
            std::error::Error::source(&e).is_none(),
            "said once, in plain words"
        );
        // Any other cause is the source's to tell.
        let e = Error::decode("GET /x", std::io::Error::other("no `items`"), b"{}");
        assert_eq!(e.to_string(), "GET /x: cannot decode the response");
        let chain = crate::ErrorChain(&e).to_string();
        assert_eq!(chain, "GET /x: cannot decode the response: no `items`");
    }

    #[test]
    fn serde_json_decode_errors_are_put_in_plain_words() {
        let body = br#"{"n": 1.5}"#;
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Counts {
            n: u64,
        }
        let source = serde_json::from_slice::<Counts>(body).unwrap_err();
        let e = Error::decode("GET /x", source, body);
        assert!(
            e.to_string()
                .contains("expected a non-negative integer, got 1.5"),
            "{e}"
        );
        assert!(!e.to_string().contains("u64"), "{e}");
        let page = b"<html><head><title>Maintenance</title></head></html>";
        let source = serde_json::from_slice::<Counts>(page).unwrap_err();
        let e = Error::decode("GET /x", source, page);
        assert_eq!(
            e.to_string(),
            "GET /x: cannot decode the response: the answer is an HTML page, not JSON: \
             \"Maintenance\""
        );
    }

    #[test]
    fn display_never_repeats_the_source() {
        let io = std::io::Error::other("disk on fire");
        let e = Error::credentials(std::sync::Arc::new(crate::CredentialsError::Io {
            path: "configure".into(),
            source: io,
        }));
        let source = std::error::Error::source(&e).unwrap().to_string();
        assert!(!e.to_string().contains(&source), "{e}");
    }

    #[test]
    fn predicates() {
        assert!(Error::service(429, None, None).is_throttling());
        for code in ["410", "420"] {
            let e = Error::service(429, Some(code.into()), None);
            assert!(e.is_throttling() && e.is_transient() && !e.is_quota_exceeded());
        }
        let quota = Error::service(429, Some("400".into()), None);
        assert!(quota.is_quota_exceeded() && !quota.is_throttling() && !quota.is_transient());
        assert!(Error::service(404, None, None).is_not_found());
        assert!(Error::timeout("x").is_timeout());
        assert!(Error::configuration("x").is_configuration());
        assert!(!Error::service(400, None, None).is_transient());
    }

    proptest::proptest! {
        #[test]
        fn any_status_and_body_gives_an_error_without_panicking(
            status in 0u16..1000,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..4096),
        ) {
            let e = Error::from_response(status, None, &body);
            let text = e.to_string();
            proptest::prop_assert!(text.len() < 2048);
            proptest::prop_assert_eq!(e.http_status(), Some(status));
            proptest::prop_assert!(e.body_excerpt().map_or(body.is_empty(), |b| b.len() <= 515));
            let _ = (e.is_transient(), e.is_auth(), e.code(), e.message(), format!("{e:?}"));
        }
    }
}
