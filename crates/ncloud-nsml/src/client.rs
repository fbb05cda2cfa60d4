//! [`Client`]: the CLOVA NSML service declaration and its client.

use ncloud_core::Error;
use ncloud_core::client::{ApiKey, Service, ServiceClient};
use ncloud_pagination::List;

use crate::ListProjects;

/// CLOVA NSML as the core transport sees it: `https://nsml.apigw.ntruss.com/nsml/v1`, operation
/// labels `nsml.*`, and the API Gateway API key on every call.
#[derive(Debug, Clone, Copy)]
pub struct Nsml;

impl Service for Nsml {
    const NAME: &'static str = "nsml";
    const HOST: &'static str = "nsml";
    const PATH: &'static str = "/nsml/v1";
    const API_KEY: ApiKey = ApiKey::Required;
}

/// A CLOVA NSML client. Cheap to clone: clones share the core client (connections, credentials,
/// retry budget).
///
/// Every call requires an API Gateway API key (`x-ncp-apigw-api-key`) besides the access and
/// secret keys: without one, calls fail with a configuration error before anything is sent.
///
/// ```
/// use ncloud_nsml::{Client, Credentials};
///
/// let core = ncloud_core::Client::builder()
///     .credentials(Credentials::new("AKID", "secret").with_api_key("gateway-key"))
///     .build()?;
/// let nsml = Client::new(core.clone());
/// assert_eq!(nsml.endpoint(), "https://nsml.apigw.ntruss.com/nsml/v1");
///
/// // The core client's endpoint override keeps the service path...
/// let local = ncloud_core::Client::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .endpoint("http://127.0.0.1:8080")
///     .build()?;
/// assert_eq!(Client::new(local).endpoint(), "http://127.0.0.1:8080/nsml/v1");
/// // ...while `with_endpoint` replaces the whole URL.
/// let private = Client::new(core).with_endpoint("https://gateway.internal/nsml/v1/");
/// assert_eq!(private.endpoint(), "https://gateway.internal/nsml/v1");
/// # Ok::<_, ncloud_nsml::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    service: ServiceClient<Nsml>,
}

impl Client {
    /// A client over `core`, at `https://nsml.apigw.ntruss.com/nsml/v1` (or at the core client's
    /// endpoint override plus `/nsml/v1`).
    pub fn new(core: ncloud_core::Client) -> Self {
        Self {
            service: ServiceClient::new(core),
        }
    }

    /// A client with credentials from the environment or `~/.ncloud/configure` (see
    /// [`ncloud_core::Client::from_env`]); the API key comes from `NCLOUD_API_KEY` or the profile's
    /// `ncloud_api_key`.
    pub fn from_env() -> Result<Self, Error> {
        ncloud_core::Client::from_env().map(Self::new)
    }

    /// Sends requests to `endpoint` instead: the full base URL including the service path, e.g.
    /// `https://nsml.apigw.ntruss.com/nsml/v1`. A trailing `/` is dropped.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.service = self.service.with_endpoint(endpoint);
        self
    }

    /// The base URL requests go to, e.g. `https://nsml.apigw.ntruss.com/nsml/v1`.
    pub fn endpoint(&self) -> &str {
        self.service.endpoint()
    }

    /// The core client requests are signed and sent with.
    pub fn core(&self) -> &ncloud_core::Client {
        self.service.client()
    }

    /// `GET /projects`: the projects of the account, one page with
    /// [`send`](ncloud_pagination::Paginator::send) or all of them with
    /// [`items`](ncloud_pagination::Paginator::items).
    pub fn list_projects(&self) -> List<ListProjects> {
        List::from_operation(self.service.clone(), ListProjects)
    }
}
