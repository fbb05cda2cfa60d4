//! [`Client`]: the CLOVA NSML service declaration and its client.

use ncloud_core::client::{ApiKey, Service};
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

ncloud_core::service_client! {
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
    pub struct Client(Nsml);
}

impl Client {
    /// `GET /projects`: the projects of the account, one page with
    /// [`send`](ncloud_pagination::Paginator::send) or all of them with
    /// [`items`](ncloud_pagination::Paginator::items).
    pub fn list_projects(&self) -> List<ListProjects> {
        List::from_operation(self.service.clone(), ListProjects)
    }
}
