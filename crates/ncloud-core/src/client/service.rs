//! What differs between NCP services, declared once per service crate, and the client that sends a
//! service's [`Operation`]s.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{Deserialize, DeserializeOwned, Deserializer, IgnoredAny};

use super::error_body::is_error_envelope;
use super::{ApiKey, Client, Error, Operation, Request, Response};
use crate::endpoint::ServiceEndpoint;
use crate::site::Site;

/// One NCP service: where it lives and how its answers are wrapped. A service crate declares it
/// once, on a unit struct; every operation of the service then goes through its hook.
///
/// ```
/// use ncloud_core::client::{ApiKey, Service};
///
/// /// CLOVA NSML.
/// pub struct Nsml;
///
/// impl Service for Nsml {
///     const NAME: &'static str = "nsml";
///     const HOST: &'static str = "nsml";
///     const PATH: &'static str = "/nsml/v1";
///     const API_KEY: ApiKey = ApiKey::Required;
/// }
/// ```
pub trait Service: Send + Sync + 'static {
    /// The prefix of operation labels: errors name `nsml.CreateProject`.
    const NAME: &'static str;
    /// The gateway host's first label: `nsml` is `https://nsml.apigw.ntruss.com`.
    const HOST: &'static str;
    /// The API's path under the gateway host, e.g. `/nsml/v1`.
    const PATH: &'static str;
    /// Whether calls carry the API Gateway API key.
    const API_KEY: ApiKey;
    /// The NCP sites the service exists on (default: all). On another site, calls fail before
    /// anything is sent.
    const SITES: &'static [Site] = &Site::ALL;
    /// The host's first label on sites where it is not [`HOST`](Self::HOST) (default: none).
    const HOSTS: &'static [(Site, &'static str)] = &[];

    /// The label errors name an operation of this service by: `nsml.CreateProject` for
    /// `CreateProject`.
    fn label(name: &str) -> String {
        format!("{}.{name}", Self::NAME)
    }

    /// Where the service lives, as the core client resolves it against the site.
    fn endpoint() -> ServiceEndpoint {
        ServiceEndpoint::new(Self::NAME, Self::HOST, Self::PATH)
            .only_on(Self::SITES)
            .with_hosts(Self::HOSTS)
    }

    /// Turns a 2xx answer into the operation's output, or an error. By default a 2xx body in one of
    /// the error shapes the gateway and NCP services use (`{"error": ...}`, `errorCode`,
    /// `responseError`, a `code` other than `0`) is a service error; an empty body reads as JSON
    /// `null` (so [`NoContent`] and `Option` outputs work); anything else is JSON for `T`, and a
    /// mismatch is a decode error that names the operation. A service with an envelope (Media
    /// Intelligence's `{code, message, result}`) unwraps it here.
    fn decode<T: DeserializeOwned>(response: &Response) -> Result<T, Error> {
        decode_json(response)
    }
}

/// The default of [`Service::decode`], for the envelope hooks of service crates (plumbing:
/// `ncloud_core::__private::decode_json`).
pub fn decode_json<T: DeserializeOwned>(response: &Response) -> Result<T, Error> {
    let body = response.body();
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null").map_err(|e| response.decode_error(e));
    }
    if is_error_envelope(body) {
        return Err(response.service_error());
    }
    response.json()
}

/// The output of an operation whose answer has no documented body: accepts any body, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoContent;

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| NoContent)
    }
}

/// What the transport knows of a call that succeeded, besides its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallInfo {
    /// How many attempts the call took.
    pub attempts: u32,
    /// Whether an attempt was throttled (HTTP 429) before the call succeeded.
    pub throttled: bool,
}

/// A core [`Client`] bound to one service's base URL: sends the service's [`Operation`]s and
/// decodes their answers through the service's hook. Cheap to clone.
///
/// ```
/// use ncloud_core::{Client, Credentials};
/// use ncloud_core::client::{ApiKey, Service, ServiceClient};
///
/// struct Mi;
/// impl Service for Mi {
///     const NAME: &'static str = "mi";
///     const HOST: &'static str = "mi";
///     const PATH: &'static str = "/api/v1";
///     const API_KEY: ApiKey = ApiKey::NotUsed;
/// }
///
/// let core = Client::builder().credentials(Credentials::new("AKID", "secret")).build()?;
/// let mi = ServiceClient::<Mi>::new(core.clone());
/// assert_eq!(mi.endpoint(), "https://mi.apigw.ntruss.com/api/v1");
/// let local = ServiceClient::<Mi>::new(core).with_endpoint("http://127.0.0.1:8080/api/v1/");
/// assert_eq!(local.endpoint(), "http://127.0.0.1:8080/api/v1");
/// # Ok::<_, ncloud_core::Error>(())
/// ```
pub struct ServiceClient<S> {
    client: Client,
    endpoint: Arc<str>,
    /// Why the service cannot be used on the client's site: said by every call, before sending.
    unsupported: Option<Arc<str>>,
    service: PhantomData<fn() -> S>,
}

impl<S: Service> ServiceClient<S> {
    /// The service on `client`: at `https://<HOST>.apigw.<site's domain><PATH>` on the client's
    /// site, or at the core client's endpoint override plus `PATH`. On a site the service does not
    /// exist on, every call fails with a configuration error before anything is sent.
    pub fn new(client: Client) -> Self {
        let declared = S::endpoint();
        let (endpoint, unsupported) = match client.service_url(&declared) {
            Ok(url) => (url, None),
            Err(error) => {
                let base = client
                    .endpoint()
                    .map_or_else(|| declared.host_url(client.site()), str::to_owned);
                let reason = error.message().unwrap_or_default().into();
                (format!("{base}{}", S::PATH), Some(reason))
            }
        };
        Self {
            client,
            endpoint: endpoint.into(),
            unsupported,
            service: PhantomData,
        }
    }

    /// Sends requests to `endpoint` instead: the full base URL including the service's path. A
    /// trailing `/` is dropped.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').into();
        self
    }

    /// The base URL operations are sent to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The core client operations are signed and sent with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sends `operation` and decodes its answer.
    pub async fn send<T: DeserializeOwned>(&self, operation: Operation<T>) -> Result<T, Error> {
        self.send_with_info(operation).await.map(|(value, _)| value)
    }

    /// Like [`send`](Self::send), with what the transport knows of the call (whether it was
    /// throttled on the way, for paginators that slow down).
    pub async fn send_with_info<T: DeserializeOwned>(
        &self,
        operation: Operation<T>,
    ) -> Result<(T, CallInfo), Error> {
        let parts = operation.into_parts();
        let label = S::label(parts.name);
        if let Some(reason) = &self.unsupported {
            return Err(Error::configuration(reason.to_string()).with_operation(label));
        }
        if let Some(problem) = parts.invalid {
            return Err(Error::configuration(problem).with_operation(label));
        }
        let mut request = Request::new(parts.method, format!("{}{}", self.endpoint, parts.path))
            .operation(label)
            .api_key(S::API_KEY);
        for (key, value) in parts.query {
            request = request.query(key, value);
        }
        if let Some(body) = parts.body {
            request = request.raw_body(body);
        }
        let response = self.client.send_raw(request).await?;
        let info = CallInfo {
            attempts: response.attempts(),
            throttled: response.was_throttled(),
        };
        S::decode(&response).map(|value| (value, info))
    }
}

impl<S> Clone for ServiceClient<S> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            endpoint: Arc::clone(&self.endpoint),
            unsupported: self.unsupported.clone(),
            service: PhantomData,
        }
    }
}

impl<S: Service> fmt::Debug for ServiceClient<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceClient")
            .field("service", &S::NAME)
            .field("endpoint", &self.endpoint)
            .field("client", &self.client)
            .finish()
    }
}

/// Declares a service crate's client: a struct over a [`ServiceClient`] of `$service`, with
/// `new(core)`, `from_env()`, `with_endpoint(url)`, `endpoint()` and `core()`, documented with the
/// attributes given. The crate then adds one method per operation, reaching the service client as
/// `self.service`.
///
/// ```
/// use ncloud_core::client::{ApiKey, Service};
///
/// /// CLOVA NSML.
/// pub struct Nsml;
/// impl Service for Nsml {
///     const NAME: &'static str = "nsml";
///     const HOST: &'static str = "nsml";
///     const PATH: &'static str = "/nsml/v1";
///     const API_KEY: ApiKey = ApiKey::Required;
/// }
///
/// ncloud_core::service_client! {
///     /// A CLOVA NSML client.
///     pub struct Client(Nsml);
/// }
///
/// let core = ncloud_core::Client::builder()
///     .credentials(ncloud_core::Credentials::new("AKID", "secret"))
///     .build()?;
/// assert_eq!(Client::new(core).endpoint(), "https://nsml.apigw.ntruss.com/nsml/v1");
/// # Ok::<_, ncloud_core::Error>(())
/// ```
#[macro_export]
macro_rules! service_client {
    ($(#[$meta:meta])* $vis:vis struct $name:ident($service:ty);) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        $vis struct $name {
            service: $crate::client::ServiceClient<$service>,
        }

        impl $name {
            /// A client over `core`, at the service's default URL (or at the core client's
            /// endpoint override plus the service's path).
            pub fn new(core: $crate::Client) -> Self {
                Self {
                    service: $crate::client::ServiceClient::new(core),
                }
            }

            /// A client with credentials from the environment or `~/.ncloud/configure` (see
            /// [`Client::from_env`](ncloud_core::Client::from_env)).
            pub fn from_env() -> ::std::result::Result<Self, $crate::Error> {
                $crate::Client::from_env().map(Self::new)
            }

            /// Sends requests to `endpoint` instead: the full base URL including the service's
            /// path. A trailing `/` is dropped.
            #[must_use]
            pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
                self.service = self.service.with_endpoint(endpoint);
                self
            }

            /// The base URL requests go to.
            pub fn endpoint(&self) -> &str {
                self.service.endpoint()
            }

            /// The core client requests are signed and sent with.
            pub fn core(&self) -> &$crate::Client {
                self.service.client()
            }
        }
    };
}
