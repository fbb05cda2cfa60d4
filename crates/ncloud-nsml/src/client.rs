//! [`NsmlClient`]: a core client plus the CLOVA NSML endpoint.

use ncloud_core::{Client, Error};

use crate::ListProjects;

/// The CLOVA NSML endpoint, without its service path.
const DEFAULT_BASE: &str = "https://nsml.apigw.ntruss.com";
/// The API's path under the gateway.
const SERVICE_PATH: &str = "/nsml/v1";

/// A CLOVA NSML client. Cheap to clone: clones share the core client (connections, credentials,
/// retry budget).
///
/// Every call requires an API Gateway API key (`x-ncp-apigw-api-key`) besides the access and
/// secret keys: without one, calls fail with a configuration error before anything is sent.
///
/// ```
/// use ncloud_nsml::{Client, Credentials, NsmlClient};
///
/// let core = Client::builder()
///     .credentials(Credentials::new("AKID", "secret").with_api_key("gateway-key"))
///     .build()?;
/// let nsml = NsmlClient::new(core.clone());
/// assert_eq!(nsml.endpoint(), "https://nsml.apigw.ntruss.com/nsml/v1");
///
/// // The core client's endpoint override keeps the service path...
/// let local = Client::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .endpoint("http://127.0.0.1:8080")
///     .build()?;
/// assert_eq!(NsmlClient::new(local).endpoint(), "http://127.0.0.1:8080/nsml/v1");
/// // ...while `with_endpoint` replaces the whole URL.
/// let private = NsmlClient::new(core).with_endpoint("https://gateway.internal/nsml/v1/");
/// assert_eq!(private.endpoint(), "https://gateway.internal/nsml/v1");
/// # Ok::<_, ncloud_nsml::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct NsmlClient {
    client: Client,
    endpoint: String,
}

impl NsmlClient {
    /// A client over `client`, at `https://nsml.apigw.ntruss.com/nsml/v1` (or at the core client's
    /// endpoint override plus `/nsml/v1`).
    pub fn new(client: Client) -> Self {
        let endpoint = client.service_endpoint(DEFAULT_BASE, SERVICE_PATH);
        Self { client, endpoint }
    }

    /// A client with credentials from the environment or `~/.ncloud/configure` (see
    /// [`Client::from_env`]); the API key comes from `NCLOUD_API_KEY` or the profile's
    /// `ncloud_api_key`.
    pub fn from_env() -> Result<Self, Error> {
        Client::from_env().map(Self::new)
    }

    /// Sends requests to `endpoint` instead: the full base URL including the service path, e.g.
    /// `https://nsml.apigw.ntruss.com/nsml/v1`. A trailing `/` is dropped.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }

    /// The base URL requests go to, e.g. `https://nsml.apigw.ntruss.com/nsml/v1`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The core client requests are signed and sent with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// `GET /projects`: the projects of the account, one page with
    /// [`send`](ListProjects::send) or all of them with [`items`](ListProjects::items).
    pub fn list_projects(&self) -> ListProjects {
        ListProjects::new(self.clone())
    }
}
