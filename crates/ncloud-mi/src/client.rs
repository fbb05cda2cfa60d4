//! [`MiClient`]: the core client plus the Media Intelligence endpoint.

use ncloud_core::{Client, Error};

use crate::ListWorkspaces;

/// The Media Intelligence API base URL, `/api/v1` included.
pub const DEFAULT_ENDPOINT: &str = "https://mi.apigw.ntruss.com/api/v1";

const DEFAULT_BASE: &str = "https://mi.apigw.ntruss.com";
const SERVICE_PATH: &str = "/api/v1";

/// A Media Intelligence client. Cheap to clone: clones share the core [`Client`] (connections,
/// credentials, retry budget).
///
/// MI calls are signed with the access key and secret key only; no API Gateway API key is needed.
///
/// ```
/// use ncloud_mi::{Client, Credentials, MiClient};
///
/// let core = Client::builder().credentials(Credentials::new("AKID", "secret")).build()?;
/// let mi = MiClient::new(core.clone());
/// assert_eq!(mi.endpoint(), "https://mi.apigw.ntruss.com/api/v1");
///
/// // A core endpoint override applies to every service, each with its own path...
/// let local = Client::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .endpoint("http://127.0.0.1:8080")
///     .build()?;
/// assert_eq!(MiClient::new(local).endpoint(), "http://127.0.0.1:8080/api/v1");
///
/// // ...while `with_endpoint` sets MI's full base URL.
/// let private = MiClient::new(core).with_endpoint("https://mi.example.internal/api/v1/");
/// assert_eq!(private.endpoint(), "https://mi.example.internal/api/v1");
/// # Ok::<_, ncloud_mi::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct MiClient {
    client: Client,
    endpoint: String,
}

impl MiClient {
    /// A client over `client`, at [`DEFAULT_ENDPOINT`] (or at the core client's endpoint override
    /// plus `/api/v1`).
    pub fn new(client: Client) -> Self {
        let endpoint = client.service_endpoint(DEFAULT_BASE, SERVICE_PATH);
        Self { client, endpoint }
    }

    /// A client with the core defaults: credentials from the environment or `~/.ncloud/configure`.
    pub fn from_env() -> Result<Self, Error> {
        Client::from_env().map(Self::new)
    }

    /// Sends calls to `endpoint` instead: the full base URL, `/api/v1` included (a trailing `/` is
    /// ignored). An invalid URL is reported by the first call, before anything is sent.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }

    /// The base URL calls go to, `/api/v1` included.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The core client calls are sent with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Lists the account's workspaces (`GET /api/v1/workspaces`): one page with
    /// [`send`](ListWorkspaces::send), or every workspace with [`items`](ListWorkspaces::items).
    pub fn list_workspaces(&self) -> ListWorkspaces {
        ListWorkspaces::new(self.clone())
    }
}
