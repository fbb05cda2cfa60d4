//! The one code path every NCP call goes through: sign each attempt, send, classify, retry.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use super::body::read_limited;
use super::clock_skew::{self, ClockOffset, SKEW_THRESHOLD};
use super::credentials_cache::CredentialsCache;
use super::prepared::{PreparedRequest, api_key_decision};
use super::redirect::{refuse_redirect, send_error};
use super::response::REQUEST_ID_HEADERS;
use super::retry_after::{parse_retry_after, wait_hint};
use super::retry_budget::{RETRY_COST, RetryBudget, TIMEOUT_RETRY_COST};
use super::{
    AsyncSleep, ClientBuilder, Error, Jitter, Request, Response, RetryConfig, TimeoutConfig,
};
use crate::Credentials;
use crate::endpoint::{Gateway, ServiceEndpoint};
use crate::signing::Timestamp;
use crate::site::Site;
use crate::time::TimeSource;

/// The gateway rejects timestamps further than this from its clock.
const SIGNATURE_WINDOW: Duration = Duration::from_secs(5 * 60);

/// A signed NCP API Gateway client: credentials, retries and timeouts, shared by every service
/// client. Cheap to clone (clones share connections, credentials, the retry budget and the
/// measured clock skew).
///
/// # Which requests are sent again
///
/// A failed attempt is retried (with backoff, within the attempts, the retry budget and the
/// deadlines) only when it is transient (429, 500, 502, 503, 504, a connection failure, a timeout)
/// and replaying it cannot do a thing twice:
///
/// - a request that provably never left (connection refused, DNS failure: [`Error::is_connect`])
///   may always be sent again, whatever its method;
/// - a request that may have reached the server (any answer, a connection dropped after sending, a
///   timeout) is sent again only if it is idempotent: `GET`, `HEAD`, `OPTIONS`, `PUT` and `DELETE`
///   by default, never `POST` or `PATCH` (override with [`Request::idempotent`]). So a `POST`
///   answered 503 or 429, or whose connection dropped after it was sent, reaches the server once;
/// - a 401 that the gateway's `Date` blames on the local clock (a timestamp more than 5 minutes off)
///   is re-signed with the gateway's time and sent once more, whatever the method: the gateway
///   refused it before any service saw it. The measured offset is kept for later requests, and a
///   `tracing` warning says by how much and which way the local clock is off.
///
/// A `Retry-After` longer than the client would wait (the retry settings' maximum backoff, or what
/// is left of the total deadline) fails the call at once; the error says how long the server asked
/// to wait and when to try again ([`Error::retry_after`]).
///
/// # What is never done
///
/// Redirects are never followed: the API Gateway does not redirect, and following one would send
/// the signed headers and the API key to another host. A `3xx` answer is an error that names the
/// status and the `Location`. No answer body is read past
/// [`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size).
///
/// ```no_run
/// use ncloud_core::Client;
/// use ncloud_core::client::Request;
///
/// # #[tokio::main] async fn main() -> Result<(), ncloud_core::Error> {
/// let client = Client::builder().build()?; // credentials from the environment or ~/.ncloud/configure
/// let body: serde_json::Value = client
///     .send(Request::get("https://mi.apigw.ntruss.com/api/v1/workspaces").query("pageNum", 1))
///     .await?;
/// println!("{body}");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<ClientInner>,
}

pub(super) struct ClientInner {
    pub(super) http: reqwest::Client,
    pub(super) credentials: CredentialsCache,
    pub(super) gateway: Gateway,
    pub(super) retry: RetryConfig,
    pub(super) budget: RetryBudget,
    pub(super) timeouts: TimeoutConfig,
    pub(super) time: Arc<dyn TimeSource>,
    pub(super) clock_offset: ClockOffset,
    pub(super) max_body_size: usize,
    pub(super) sleep: Arc<dyn AsyncSleep>,
    pub(super) jitter: Arc<dyn Jitter>,
    /// Calls stop before sending, with the request they would have sent.
    pub(super) dry_run: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("credentials", &inner.credentials)
            .field("gateway", &inner.gateway)
            .field("retry", &inner.retry)
            .field("timeouts", &inner.timeouts)
            .field("max_body_size", &inner.max_body_size)
            .field("dry_run", &inner.dry_run)
            .finish_non_exhaustive()
    }
}

/// What every attempt of one call sends.
#[derive(Clone, Copy)]
struct Call<'a> {
    url: &'a url::Url,
    body: Option<&'a [u8]>,
    operation: &'a str,
    send_api_key: bool,
}

/// Why an attempt failed, with what the retry decision needs.
struct AttemptError {
    error: Error,
    retry_after: Option<Duration>,
    server_date: Option<SystemTime>,
}

impl From<Error> for AttemptError {
    fn from(error: Error) -> Self {
        Self {
            error,
            retry_after: None,
            server_date: None,
        }
    }
}

/// What the retry loop knows about the call so far.
#[derive(Debug, Default)]
struct CallState {
    retry_cost: u32,
    throttled: bool,
    clock_corrected: bool,
}

impl Client {
    /// A builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with the defaults: credentials from the environment or `~/.ncloud/configure`.
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// The base URL that replaces every service's host, if one was set (an NCP gateway URL sets
    /// the [`site`](Self::site) instead).
    pub fn endpoint(&self) -> Option<&str> {
        self.inner.gateway.base_url()
    }

    /// The NCP site requests go to.
    pub fn site(&self) -> Site {
        self.inner.gateway.site()
    }

    /// The site and base URL override, as resolved from the builder, the environment and the
    /// profile file.
    pub fn gateway(&self) -> &Gateway {
        &self.inner.gateway
    }

    /// The base URL of `service`: the endpoint override or the service's host on the client's
    /// site, plus the service path. A service that does not exist on the site is a configuration
    /// error, before anything is sent.
    ///
    /// ```
    /// use ncloud_core::{Client, Credentials, ServiceEndpoint, Site};
    ///
    /// const NSML: ServiceEndpoint =
    ///     ServiceEndpoint::new("CLOVA NSML", "nsml", "/nsml/v1").only_on(&[Site::Public]);
    /// let client = |site| Client::builder().credentials(Credentials::new("a", "s")).site(site).build().unwrap();
    /// assert_eq!(client(Site::Public).service_url(&NSML).unwrap(), "https://nsml.apigw.ntruss.com/nsml/v1");
    /// let err = client(Site::Gov).service_url(&NSML).unwrap_err();
    /// assert!(err.is_configuration());
    /// assert_eq!(err.to_string(), "invalid request: CLOVA NSML is available on the public site only, not on the gov site");
    /// ```
    pub fn service_url(&self, service: &ServiceEndpoint) -> Result<String, Error> {
        service
            .url(&self.inner.gateway)
            .map_err(|e| Error::configuration(e.to_string()))
    }

    /// Whether this is a [dry-run client](ClientBuilder::dry_run): calls stop before sending.
    pub fn is_dry_run(&self) -> bool {
        self.inner.dry_run
    }

    /// The largest answer body this client reads, in bytes; see
    /// [`ClientBuilder::max_body_size`].
    pub fn max_body_size(&self) -> usize {
        self.inner.max_body_size
    }

    /// The endpoint a service client should use: the override base URL plus the service's path when
    /// one was set with [`ClientBuilder::endpoint`], else the service's default, moved to the
    /// client's site when it is an NCP gateway URL. Prefer [`service_url`](Self::service_url),
    /// which also knows where a service does not exist. An override that already ends with the
    /// service path is used as is, so it may be given either way.
    ///
    /// ```
    /// use ncloud_core::{Client, Credentials, Site};
    ///
    /// let default = Client::builder().credentials(Credentials::new("a", "s")).build().unwrap();
    /// assert_eq!(
    ///     default.service_endpoint("https://nsml.apigw.ntruss.com", "/nsml/v1"),
    ///     "https://nsml.apigw.ntruss.com/nsml/v1"
    /// );
    /// let fin = Client::builder().credentials(Credentials::new("a", "s")).site(Site::Fin).build().unwrap();
    /// assert_eq!(
    ///     fin.service_endpoint("https://ncloud.apigw.ntruss.com", "/vserver/v2"),
    ///     "https://fin-ncloud.apigw.fin-ntruss.com/vserver/v2"
    /// );
    /// for base in ["http://127.0.0.1:8080/", "http://127.0.0.1:8080/nsml/v1"] {
    ///     let local = Client::builder()
    ///         .credentials(Credentials::new("a", "s"))
    ///         .endpoint(base)
    ///         .build()
    ///         .unwrap();
    ///     assert_eq!(
    ///         local.service_endpoint("https://nsml.apigw.ntruss.com", "/nsml/v1"),
    ///         "http://127.0.0.1:8080/nsml/v1"
    ///     );
    /// }
    /// ```
    pub fn service_endpoint(&self, default_base: &str, service_path: &str) -> String {
        let base = match (self.endpoint(), Site::of_gateway_url(default_base)) {
            (Some(base), _) => base.to_owned(),
            (None, Some((_, service))) => self.site().gateway_url(service),
            (None, None) => default_base.trim_end_matches('/').to_owned(),
        };
        if !service_path.is_empty() && base.ends_with(service_path) {
            return base;
        }
        format!("{base}{service_path}")
    }

    /// The credentials every call is signed with: loaded at the first call and kept; keys that
    /// expire are reloaded [`CREDENTIALS_REFRESH_MARGIN`](super::CREDENTIALS_REFRESH_MARGIN)
    /// before they do, by one load that concurrent calls share. A failed load is not kept: the
    /// next call tries again.
    pub async fn credentials(&self) -> Result<Credentials, Error> {
        self.inner.credentials.get().await
    }

    /// Forgets the loaded credentials, so the next call loads them again (after keys were
    /// rotated, say).
    ///
    /// ```
    /// use ncloud_core::{Client, Credentials};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = Client::builder().credentials(Credentials::new("AKID", "secret")).build().unwrap();
    /// assert_eq!(client.credentials().await.unwrap().access_key(), "AKID");
    /// client.invalidate_credentials();
    /// assert_eq!(client.credentials().await.unwrap().access_key(), "AKID");
    /// # }
    /// ```
    pub fn invalidate_credentials(&self) {
        self.inner.credentials.invalidate();
    }

    /// Sends `request` and decodes its JSON body into `T`.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.send_raw(request).await?.json()
    }

    /// Sends `request`, retrying transient failures, and returns the successful response.
    pub async fn send_raw(&self, request: Request) -> Result<Response, Error> {
        let url = request.url()?;
        let operation = request.operation_label(&url);
        if self.inner.dry_run {
            let prepared = self.prepare(request).await?;
            return Err(Error::dry_run(prepared).with_operation(operation));
        }
        let span = tracing::info_span!(
            "ncloud.call",
            method = %request.method(),
            path = %url.path(),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.send_with_retries(&request, &url, &operation)
            .instrument(span)
            .await
            .map_err(|e| e.with_operation(operation).with_path(url.path()))
    }

    async fn send_with_retries(
        &self,
        request: &Request,
        url: &url::Url,
        operation: &str,
    ) -> Result<Response, Error> {
        let inner = &*self.inner;
        let body = request.body()?;
        // A presigned upload carries no NCP header: its credentials are never loaded.
        let credentials = match request.presigned_content_type() {
            Some(_) => None,
            None => Some(self.credentials().await?),
        };
        let send_api_key = match &credentials {
            Some(credentials) => {
                api_key_decision(request.api_key_use(), credentials, url, operation)?
            }
            None => false,
        };
        let call = Call {
            url,
            body,
            operation,
            send_api_key,
        };
        let start = inner.time.now();
        let mut state = CallState::default();
        let mut attempt = 1;
        loop {
            let remaining = self.remaining(start);
            let attempt_timeout = remaining.map_or(inner.timeouts.attempt(), |r| {
                r.min(inner.timeouts.attempt())
            });
            // Keys that expire may have been refreshed since the first attempt.
            let credentials = match (attempt, &credentials) {
                (_, None) => None,
                (1, Some(first)) => Some(first.clone()),
                _ => Some(self.credentials().await?),
            };
            let span =
                tracing::debug_span!("ncloud.attempt", attempt, status = tracing::field::Empty);
            let outcome = self
                .attempt(request, &call, credentials.as_ref(), attempt_timeout)
                .instrument(span.clone())
                .await;
            let status = match &outcome {
                Ok(response) => Some(response.status()),
                Err(failure) => failure.error.http_status(),
            };
            if let Some(status) = status {
                span.record("status", status);
            }
            let failure = match outcome {
                Ok(response) => {
                    inner.budget.refill(state.retry_cost.max(1));
                    tracing::Span::current().record("attempts", attempt);
                    tracing::Span::current().record("status", response.status());
                    return Ok(response.with_history(attempt, state.throttled));
                }
                Err(failure) => failure,
            };
            state.throttled |= failure.error.is_throttling();
            // Only the gateway's answer to a signed request says anything about our clock.
            if credentials.is_some() && !state.clock_corrected && self.correct_clock(&failure) {
                state.clock_corrected = true;
                attempt += 1;
                continue;
            }
            match self.retry_delay(request, &failure, attempt, start) {
                Some((delay, cost)) => {
                    state.retry_cost = cost;
                    tracing::debug!(
                        attempt,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        error = %failure.error,
                        "retrying after backoff"
                    );
                    inner.sleep.sleep(delay).await;
                    attempt += 1;
                }
                None => {
                    tracing::Span::current().record("attempts", attempt);
                    if let Some(status) = failure.error.http_status() {
                        tracing::Span::current().record("status", status);
                    }
                    return Err(self.finish_error(failure, attempt, start, &state));
                }
            }
        }
    }

    /// The time to sign with: the local clock, corrected by the skew measured against the gateway.
    pub(super) fn now(&self) -> SystemTime {
        self.inner.clock_offset.apply(self.inner.time.now())
    }

    /// The longest wait the client accepts before the next attempt: the maximum backoff, or less
    /// when the total deadline is nearer.
    fn wait_limit(&self, start: SystemTime) -> Duration {
        let max = self.inner.retry.max_backoff();
        self.remaining(start).map_or(max, |left| left.min(max))
    }

    /// On a 401 (gateway code 200) whose `Date` is further from the time we signed with than a
    /// signature may be, records the gateway's clock offset: the caller re-signs and sends again.
    fn correct_clock(&self, failure: &AttemptError) -> bool {
        let error = &failure.error;
        let (Some(401), Some("200"), Some(server)) =
            (error.http_status(), error.code(), failure.server_date)
        else {
            return false;
        };
        let offset = clock_skew::difference_millis(server, self.inner.time.now());
        let previous = self.inner.clock_offset.millis();
        let threshold = u64::try_from(SKEW_THRESHOLD.as_millis()).unwrap_or(u64::MAX);
        if offset.abs_diff(previous) <= threshold {
            return false;
        }
        self.inner.clock_offset.set(offset);
        tracing::warn!(
            offset_ms = offset,
            "the local clock is {} the API Gateway's: signing with the gateway's time from now on",
            clock_skew::describe(offset)
        );
        true
    }

    /// Time left before the total deadline, if one is set.
    fn remaining(&self, start: SystemTime) -> Option<Duration> {
        let total = self.inner.timeouts.total()?;
        let elapsed = self
            .inner
            .time
            .now()
            .duration_since(start)
            .unwrap_or_default();
        Some(total.saturating_sub(elapsed))
    }

    /// Whether to retry and after how long (with the budget cost paid), or `None` to give up.
    fn retry_delay(
        &self,
        request: &Request,
        failure: &AttemptError,
        attempt: u32,
        start: SystemTime,
    ) -> Option<(Duration, u32)> {
        let inner = &*self.inner;
        let error = &failure.error;
        // A request that may have reached the server is replayed only when that is safe.
        let replay_safe = request.is_idempotent() || error.is_connect();
        if !error.is_transient() || !replay_safe || attempt >= inner.retry.max_attempts() {
            return None;
        }
        // A server that asks for a longer wait than we accept gets no retry at all.
        if failure
            .retry_after
            .is_some_and(|wait| wait > self.wait_limit(start))
        {
            return None;
        }
        let delay = inner
            .retry
            .delay(attempt + 1, inner.jitter.factor(), failure.retry_after);
        if self.remaining(start).is_some_and(|left| delay >= left) {
            return None;
        }
        let cost = if error.is_timeout() {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        if !inner.budget.try_acquire(cost) {
            tracing::debug!(attempt, "retry budget exhausted: not retrying");
            return None;
        }
        Some((delay, cost))
    }

    fn finish_error(
        &self,
        failure: AttemptError,
        attempts: u32,
        start: SystemTime,
        state: &CallState,
    ) -> Error {
        let mut error = failure.error.with_attempts(attempts);
        if let Some(wait) = failure.retry_after.filter(|_| error.is_transient()) {
            let limit = self.wait_limit(start);
            let hint = wait_hint(wait, self.now(), (wait > limit).then_some(limit));
            error = error.with_retry_after(wait, hint);
        }
        if error.http_status() != Some(401) {
            return error;
        }
        let offset = self.inner.clock_offset.millis();
        if let Some(server) = failure.server_date {
            let skew = clock_skew::difference_millis(server, self.now());
            if skew.unsigned_abs() > SIGNATURE_WINDOW.as_millis() as u64 {
                return error.with_clock_skew(format!(
                    "the local clock is {} the gateway's (which accepts 5 minutes): check the \
                     system time",
                    clock_skew::describe(skew.saturating_add(offset))
                ));
            }
        }
        if state.clock_corrected {
            error = error.with_clock_skew(format!(
                "the local clock is {} the gateway's; signed with the gateway's time, the request \
                 was still refused, so check the access key and the secret key",
                clock_skew::describe(offset)
            ));
        }
        error
    }

    /// One signed attempt: fresh timestamp, signature over the exact path-and-query, send, read.
    async fn attempt(
        &self,
        request: &Request,
        call: &Call<'_>,
        credentials: Option<&Credentials>,
        timeout: Duration,
    ) -> Result<Response, AttemptError> {
        let Call {
            url,
            body,
            operation,
            send_api_key,
        } = *call;
        let inner = &*self.inner;
        if timeout.is_zero() {
            return Err(Error::timeout("the total deadline passed").into());
        }
        let prepared = match credentials {
            Some(credentials) => PreparedRequest::signed(
                request.method(),
                url,
                body,
                credentials,
                Timestamp::from_system_time(self.now()),
                send_api_key,
            )?,
            None => PreparedRequest::presigned(request, url, body)?,
        };
        let (method, url_to_send, headers, body) = prepared.into_parts();
        let mut builder = inner.http.request(method, url_to_send).headers(headers);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        // One timer over the whole exchange, body included: a body that trickles in ends here.
        match tokio::time::timeout(timeout, self.exchange(builder, url, operation)).await {
            Ok(outcome) => outcome,
            Err(_) => {
                let which = if timeout < inner.timeouts.attempt() {
                    "what was left of the total deadline"
                } else {
                    "the attempt timeout"
                };
                let within = readable(timeout);
                Err(Error::timeout(format!("no complete answer within {within} ({which})")).into())
            }
        }
    }

    /// Sends, refuses redirects, reads the body within the size limit, and classifies the answer.
    async fn exchange(
        &self,
        builder: reqwest::RequestBuilder,
        url: &url::Url,
        operation: &str,
    ) -> Result<Response, AttemptError> {
        let inner = &*self.inner;
        let mut response = builder.send().await.map_err(|e| send_error(url, e))?;
        refuse_redirect(url, &response)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_limited(&mut response, inner.max_body_size).await?;
        if (200..300).contains(&status) {
            return Ok(Response::new(status, headers, body, operation.to_owned()));
        }
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let request_id = REQUEST_ID_HEADERS
            .iter()
            .find_map(|h| header(h))
            .map(str::to_owned);
        Err(AttemptError {
            error: Error::from_response(status, request_id, &body),
            retry_after: header("retry-after").and_then(|v| parse_retry_after(v, self.now())),
            server_date: header("date").and_then(|v| httpdate::parse_http_date(v).ok()),
        })
    }
}

/// `30s`, `300ms`, `1.5s`: a duration rounded to the millisecond, as people write it.
fn readable(duration: Duration) -> String {
    let millis = (duration.as_micros() + 500) / 1000;
    match (millis / 1000, millis % 1000) {
        (0, ms) => format!("{ms}ms"),
        (s, 0) => format!("{s}s"),
        (s, ms) => format!("{s}.{}s", format!("{ms:03}").trim_end_matches('0')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        let cases = [
            (30_000_000_000, "30s"),
            (299_999_849, "300ms"),
            (1_500_000_000, "1.5s"),
            (1_234_000_000, "1.234s"),
        ];
        for (nanos, text) in cases {
            assert_eq!(readable(Duration::from_nanos(nanos)), text);
        }
    }
}
