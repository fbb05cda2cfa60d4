//! The one code path every NCP call goes through: sign each attempt, send, classify, retry.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use super::attempt::Call;
use super::clock_skew::{self, ClockOffset};
use super::prepared::api_key_decision;
use super::rate_limit;
use super::retry_after::wait_hint;
use super::retry_budget::RetryBudget;
use super::retry_loop::{AttemptError, AttemptInfo, CallState, RetryPolicy, retry_loop};
use super::{
    ClientBuilder, Clock, Error, Jitter, Request, Response, RetryConfig, TimeoutConfig, spans,
};
use crate::Credentials;
use crate::credentials::cache::CredentialsCache;
use crate::endpoint::{Gateway, ServiceEndpoint};
use crate::site::Site;
use crate::time::TimeSource;

/// A signed NCP API Gateway client: credentials, retries and timeouts, shared by every service
/// client. Cheap to clone (clones share connections, credentials, the retry budget and the
/// measured clock skew).
///
/// # Which requests are sent again
///
/// A fault (500, 502, 503, 504, a connection failure, a timeout) is retried (with backoff, within
/// the attempts, the retry budget and the deadlines) only when replaying it cannot do a thing
/// twice:
///
/// - a request that provably never left (connection refused, DNS failure: [`Error::is_connect`])
///   may always be sent again, whatever its method;
/// - a request that may have reached the server (any answer, a connection dropped after sending, a
///   timeout) is sent again only if it is idempotent: `GET`, `HEAD`, `OPTIONS`, `PUT` and `DELETE`
///   by default, never `POST` or `PATCH` (override with [`Request::idempotent`]). So a `POST`
///   answered 503 or 429, or whose connection dropped after it was sent, reaches the server once;
/// - throttling (HTTP 429 with NCP code 410 or 420, or without a code) is the gateway refusing the
///   request before any service saw it: it is sent again whatever the method, on its own schedule
///   and for up to [`RetryConfig::throttle_window`] (see [`RetryConfig`]);
/// - a quota (HTTP 429 with NCP code 400: the API's usage plan is used up) is never sent again
///   ([`Error::is_quota_exceeded`]);
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
    pub(super) clock: Arc<dyn Clock>,
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

    /// The credentials every call is signed with, from the one credentials cache the signer
    /// adapters use too: loaded at the first call and kept; keys that expire are reloaded
    /// [`CREDENTIALS_REFRESH_MARGIN`](super::CREDENTIALS_REFRESH_MARGIN) before they do, by one
    /// load that concurrent calls share. A failed load is not kept: a later call tries again
    /// (after a short pause while the keys in hand still work).
    pub async fn credentials(&self) -> Result<Credentials, Error> {
        self.inner
            .credentials
            .get()
            .await
            .map_err(Error::credentials)
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
        let span = spans::call(request.method(), &url, &operation);
        self.send_with_retries(&request, &url, &operation)
            .instrument(span.clone())
            .await
            .inspect_err(|error| spans::record_error(&span, error))
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
        let signed = request.presigned_content_type().is_none();
        let credentials = match signed {
            true => Some(self.credentials().await?),
            false => None,
        };
        let send_api_key = match &credentials {
            Some(credentials) => {
                api_key_decision(request.api_key_use(), credentials, url, operation)?
            }
            None => false,
        };
        let call = Call {
            request,
            url,
            body,
            operation,
            signed,
            send_api_key,
        };
        // One limiter per gateway host (its site's domain included), shared by the process.
        let limiter = inner
            .retry
            .adaptive_rate_limit()
            .then(|| rate_limit::shared(&url.origin().ascii_serialization(), inner.clock.now()));
        let policy = RetryPolicy {
            config: &inner.retry,
            budget: &inner.budget,
            jitter: &*inner.jitter,
            idempotent: request.is_idempotent(),
            attempt_timeout: inner.timeouts.attempt(),
            total: inner.timeouts.total(),
            limiter: limiter.as_deref(),
        };
        let clock_corrected = AtomicBool::new(false);
        let (outcome, state) = retry_loop(&*inner.clock, &policy, |info| {
            self.attempt_correcting_the_clock(&call, info, &clock_corrected)
        })
        .await;
        tracing::Span::current().record("ncloud.attempts", state.attempts);
        match outcome {
            Ok(response) => {
                tracing::Span::current().record("http.response.status_code", response.status());
                Ok(response.with_history(state.attempts, state.throttles > 0))
            }
            Err(failure) => {
                Err(self.finish_error(failure, &state, clock_corrected.load(Ordering::Relaxed)))
            }
        }
    }

    /// One attempt; a refusal blamed on the local clock records the gateway's offset (once per
    /// call) and asks the loop to send again at once.
    async fn attempt_correcting_the_clock(
        &self,
        call: &Call<'_>,
        info: AttemptInfo,
        corrected: &AtomicBool,
    ) -> Result<Response, AttemptError> {
        // Keys that expire may have been refreshed since the first attempt.
        let credentials = match call.signed {
            true => Some(self.credentials().await.map_err(AttemptError::unsent)?),
            false => None,
        };
        let mut outcome = self.attempt(call, credentials.as_ref(), info).await;
        // Only the gateway's answer to a signed request says anything about our clock.
        if let Err(failure) = &mut outcome
            && call.signed
            && !corrected.load(Ordering::Relaxed)
            && clock_skew::correct(&self.inner.clock_offset, &*self.inner.time, failure)
        {
            corrected.store(true, Ordering::Relaxed);
            failure.resend = true;
        }
        outcome
    }

    /// The time to sign with: the local clock, corrected by the skew measured against the gateway.
    pub(super) fn now(&self) -> SystemTime {
        self.inner.clock_offset.apply(self.inner.time.now())
    }

    /// The error of a call the retry loop gave up on: the attempts, the server's `Retry-After`
    /// and, for a 401, what the clock has to do with it.
    fn finish_error(
        &self,
        failure: AttemptError,
        state: &CallState,
        clock_corrected: bool,
    ) -> Error {
        let mut error = failure.error.with_attempts(state.attempts);
        if let Some(wait) = failure.retry_after.filter(|_| error.is_transient()) {
            let limit = state.wait_limit;
            let hint = wait_hint(wait, self.now(), (wait > limit).then_some(limit));
            error = error.with_retry_after(wait, hint);
        }
        if error.http_status() != Some(401) {
            return error;
        }
        let offset = self.inner.clock_offset.millis();
        match clock_skew::hint(failure.server_date, self.now(), offset, clock_corrected) {
            Some(hint) => error.with_clock_skew(hint),
            None => error,
        }
    }
}
