//! [`Client`]: the Media Intelligence service declaration and its client.

use ncloud_core::client::{ApiKey, Response, Service};
use ncloud_core::{Error, Site};
use ncloud_pagination::PagedService;
use serde::de::DeserializeOwned;

/// The label errors name a call or a wait by: `mi.WaitForIndexing`.
pub(crate) fn label(name: &str) -> String {
    Mi::label(name)
}

/// Media Intelligence as the core transport sees it: `https://mi.apigw.ntruss.com/api/v1`,
/// operation labels `mi.*`, no API key, and every answer in the `{code, message, result}`
/// envelope, decoded once for every call (a `code` other than `0`, a `responseError` or a gateway
/// `error` is a service error, even with HTTP 200).
#[derive(Debug, Clone, Copy)]
pub struct Mi;

impl Service for Mi {
    const NAME: &'static str = "mi";
    const HOST: &'static str = "mi";
    const PATH: &'static str = "/api/v1";
    const API_KEY: ApiKey = ApiKey::NotUsed;
    // Documented on the public site only: another site fails before sending.
    const SITES: &'static [Site] = &[Site::Public];

    fn decode<T: DeserializeOwned>(response: &Response) -> Result<T, Error> {
        crate::envelope::decode(response)
    }
}

/// The largest page size of MI's list calls, and their default (documented); search results take
/// less.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Every MI list call: `pageNum` (required, from 1) and `pageSize`, 1..=1000, default 1000.
impl PagedService for Mi {
    const PAGE_PARAM: &'static str = "pageNum";
    const PAGE_SIZES: std::ops::RangeInclusive<u32> = 1..=MAX_PAGE_SIZE;
    const DEFAULT_PAGE_SIZE: u32 = MAX_PAGE_SIZE;
}

ncloud_core::service_client! {
    /// A Media Intelligence client. Cheap to clone: clones share the core client (connections,
    /// credentials, retry budget).
    ///
    /// MI calls are signed with the access key and secret key only; no API Gateway API key is sent.
    ///
    /// ```
    /// use ncloud_mi::{Client, Credentials};
    ///
    /// let core = ncloud_core::Client::builder().credentials(Credentials::new("AKID", "secret")).build()?;
    /// let mi = Client::new(core.clone());
    /// assert_eq!(mi.endpoint(), "https://mi.apigw.ntruss.com/api/v1");
    ///
    /// // A core endpoint override applies to every service, each with its own path...
    /// let local = ncloud_core::Client::builder()
    ///     .credentials(Credentials::new("AKID", "secret"))
    ///     .endpoint("http://127.0.0.1:8080")
    ///     .build()?;
    /// assert_eq!(Client::new(local).endpoint(), "http://127.0.0.1:8080/api/v1");
    ///
    /// // ...while `with_endpoint` sets MI's full base URL.
    /// let private = Client::new(core).with_endpoint("https://mi.example.internal/api/v1/");
    /// assert_eq!(private.endpoint(), "https://mi.example.internal/api/v1");
    /// # Ok::<_, ncloud_mi::Error>(())
    /// ```
    pub struct Client(Mi);
}

impl Client {
    /// The service client every operation is sent through.
    pub(crate) fn service(&self) -> &ncloud_core::client::ServiceClient<Mi> {
        &self.service
    }
}
