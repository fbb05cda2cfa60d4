//! [`Client`]: the CLOVA NSML service declaration and its client.

use ncloud_core::client::{ApiKey, NoContent, Operation, Service, ServiceClient};
use ncloud_core::{Error, Site};
use ncloud_pagination::PagedService;

/// CLOVA NSML as the core transport sees it: `https://nsml.apigw.ntruss.com/nsml/v1`, operation
/// labels `nsml.*`, and the API Gateway API key on every call.
#[derive(Debug, Clone, Copy)]
pub struct Nsml;

impl Service for Nsml {
    const NAME: &'static str = "nsml";
    const HOST: &'static str = "nsml";
    const PATH: &'static str = "/nsml/v1";
    const API_KEY: ApiKey = ApiKey::Required;
    // Documented on the public site only: another site fails before sending.
    const SITES: &'static [Site] = &[Site::Public];
}

/// The page size CLOVA NSML uses when none is sent (documented).
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// The largest page size this crate sends. CLOVA NSML documents no limit; 1000 is the largest other
/// NCP list calls accept (Media Intelligence), and it bounds what one page holds in memory.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Every NSML list call: `page` (from 1) and `pageSize`, 1..=[`MAX_PAGE_SIZE`], default 10.
impl PagedService for Nsml {
    const PAGE_SIZES: std::ops::RangeInclusive<u32> = 1..=MAX_PAGE_SIZE;
    const DEFAULT_PAGE_SIZE: u32 = DEFAULT_PAGE_SIZE;
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
    /// The service client every operation is sent through.
    pub(crate) fn service(&self) -> &ServiceClient<Nsml> {
        &self.service
    }

    /// Sends an operation whose answer has no documented body (creates and deletes).
    pub(crate) async fn send_empty(&self, operation: Operation<NoContent>) -> Result<(), Error> {
        self.service.send(operation).await.map(|NoContent| ())
    }
}

/// The label errors name a call or a wait by: `nsml.CreateRun`.
pub(crate) fn label(name: &str) -> String {
    Nsml::label(name)
}

/// A state for a waiter's progress and timeout message: the status as sent, or a note that there
/// was none.
pub(crate) fn seen<T: ToString>(status: Option<&T>) -> String {
    status.map_or_else(|| "no status".to_owned(), ToString::to_string)
}
