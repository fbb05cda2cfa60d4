use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use httpmock::MockServer;
use ncloud_core::Credentials;
use ncloud_core::client::{ClientBuilder, FixedJitter};
use ncloud_core::time::ManualTimeSource;
use serde_json::Value;

use crate::builder::FakeGatewayBuilder;
use crate::mocks;
use crate::nsml::operation::NsmlOperation;
use crate::route::Route;
use crate::state::GatewayState;

/// A fake NCP API Gateway serving CLOVA NSML projects and Media Intelligence workspaces on
/// `127.0.0.1`. It stops when dropped.
///
/// See the [crate documentation](crate) for an example.
pub struct FakeGateway {
    server: MockServer,
    /// The storage host Media Intelligence's presigned upload URLs point to.
    storage: MockServer,
    state: Arc<GatewayState>,
    /// The clock of [`FakeGatewayBuilder::manual_clock`].
    manual: Option<ManualTimeSource>,
}

impl FakeGateway {
    /// A builder with the defaults: [`demo_credentials`](Self::demo_credentials),
    /// [`DEFAULT_PROJECTS`](crate::DEFAULT_PROJECTS) projects,
    /// [`DEFAULT_WORKSPACES`](crate::DEFAULT_WORKSPACES) workspaces, no latency, no faults, the
    /// system clock.
    pub fn builder() -> FakeGatewayBuilder {
        FakeGatewayBuilder::default()
    }

    /// Starts a gateway with the defaults of [`builder`](Self::builder).
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// Fixed, well-known credentials with an API key, accepted by default. They are not
    /// secret: they only open a fake gateway.
    pub fn demo_credentials() -> Credentials {
        Credentials::new(
            "NCLOUDTESTKITDEMO001",
            "ncloud-testkit-demo-secret-key-0123456789",
        )
        .with_api_key("ncloud-testkit-demo-api-key")
    }

    pub(crate) async fn start_with(
        state: GatewayState,
        latency: Duration,
        manual: Option<ManualTimeSource>,
    ) -> Self {
        let server = MockServer::start_async().await;
        let storage = MockServer::start_async().await;
        state.uploads.set_storage_url(storage.base_url());
        let state = Arc::new(state);
        mocks::mount(&server, &state, latency).await;
        mocks::mount_storage(&storage, &state).await;
        Self {
            server,
            storage,
            state,
            manual,
        }
    }

    /// A core client builder pointed at this gateway with its credentials: a test client in one
    /// line (`ncloud_mi::Client::new(gateway.client_builder().build()?)`), the service paths
    /// appended as on the real gateway. With [`FakeGatewayBuilder::manual_clock`] the client also
    /// runs on the gateway's manual clock (its time, and a sleep that moves the clock) with a
    /// fixed backoff jitter, so waiters and retries finish at once and poll a predictable number
    /// of times. Set anything else on the builder before `build()`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ncloud_core::client::{Clock, Request};
    /// use ncloud_core::time::TimeSource;
    /// use ncloud_testkit::FakeGateway;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), ncloud_core::Error> {
    /// let gateway = FakeGateway::builder().manual_clock().start().await;
    /// // with a service crate: ncloud_mi::Client::new(gateway.client_builder().build()?)
    /// let core = gateway.client_builder().build()?;
    /// let url = format!("{}/workspaces", gateway.mi_endpoint());
    /// let answer: serde_json::Value = core.send(Request::get(url).query("pageNum", 1)).await?;
    /// assert_eq!(answer["code"], "0");
    ///
    /// // The client's sleep moves the one clock: an hour's wait returns at once.
    /// let clock = gateway.clock().unwrap();
    /// let before = TimeSource::now(clock);
    /// clock.sleep(Duration::from_secs(3600)).await;
    /// assert_eq!(TimeSource::now(clock), before + Duration::from_secs(3600));
    /// # Ok(()) }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        let builder = ncloud_core::Client::builder()
            .credentials(self.credentials().clone())
            .endpoint(self.base_url());
        match &self.manual {
            Some(clock) => builder
                .time_source(clock.clone())
                .clock(clock.clone())
                .jitter(FixedJitter(1.0)),
            None => builder,
        }
    }

    /// The manual clock of [`FakeGatewayBuilder::manual_clock`], if the gateway has one: advance
    /// it to move the gateway's state (and the clients of [`client_builder`](Self::client_builder))
    /// forward in time.
    pub fn clock(&self) -> Option<&ManualTimeSource> {
        self.manual.as_ref()
    }

    /// `http://127.0.0.1:{port}`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The socket address the gateway listens on.
    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// The CLOVA NSML endpoint, `{base_url}/nsml/v1`.
    pub fn nsml_endpoint(&self) -> String {
        format!("{}/nsml/v1", self.base_url())
    }

    /// The Media Intelligence endpoint, `{base_url}/api/v1`.
    pub fn mi_endpoint(&self) -> String {
        format!("{}/api/v1", self.base_url())
    }

    /// The full URL of a route, without a query.
    pub fn url(&self, route: Route) -> String {
        format!("{}{}", self.base_url(), route.path())
    }

    /// The credentials the gateway accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.state.credentials
    }

    /// The generated projects, in listing order, exactly as served until projects are created or
    /// deleted through the gateway.
    pub fn projects(&self) -> &[Value] {
        &self.state.projects
    }

    /// The generated workspaces, in listing order, exactly as served.
    pub fn workspaces(&self) -> &[Value] {
        &self.state.workspaces
    }

    /// Requests for `page` of `route` that passed authentication (every attempt, failed or not).
    pub fn hits(&self, route: Route, page: u32) -> usize {
        self.hits_by_page(route).get(&page).copied().unwrap_or(0)
    }

    /// Answers to `page` of `route` that carried a well-formed page (no fault, or an endless
    /// paging fault). After retries, a complete listing has 1 for every page.
    pub fn served(&self, route: Route, page: u32) -> usize {
        self.served_by_page(route).get(&page).copied().unwrap_or(0)
    }

    /// [`hits`](Self::hits) of every requested page of `route`.
    pub fn hits_by_page(&self, route: Route) -> BTreeMap<u32, usize> {
        self.state.counters.hits_by_page(route)
    }

    /// [`served`](Self::served) of every served page of `route`.
    pub fn served_by_page(&self, route: Route) -> BTreeMap<u32, usize> {
        self.state.counters.served_by_page(route)
    }

    /// Authenticated requests to `route`, including those with invalid paging parameters (400).
    pub fn requests(&self, route: Route) -> usize {
        self.state.counters.requests(route)
    }

    /// Authenticated requests to the Media Intelligence workflow routes (everything under
    /// `/api/v1/workspaces` except the workspace listing, which [`requests`](Self::requests)
    /// counts as [`Route::Workspaces`], and the query-image uploads under
    /// `/api/v1/query-assets`).
    pub fn mi_requests(&self) -> usize {
        self.state.mi.requests()
    }

    /// `http://127.0.0.1:{port}` of the storage host that Media Intelligence's presigned upload
    /// URLs point to (another port than the gateway's: another host for the client).
    pub fn storage_url(&self) -> String {
        self.storage.base_url()
    }

    /// Requests the storage host received (uploads, valid or not).
    pub fn storage_requests(&self) -> usize {
        self.state.uploads.storage_requests()
    }

    /// Every NCP (`x-ncp-*`) or `Authorization` header the storage host received, as
    /// `name: value`: a client that keeps its credentials to the gateway leaves this empty.
    pub fn storage_ncp_headers(&self) -> Vec<String> {
        self.state.uploads.ncp_headers()
    }

    /// Requests answered 401: bad or missing signature headers, unknown access key, stale
    /// timestamp, missing or wrong NSML API key.
    pub fn rejected(&self) -> usize {
        self.state.counters.rejected()
    }

    /// The most requests the gateway held at once (arrived, not yet answered), on any route. A
    /// request its client gave up on during the [latency](crate::FakeGatewayBuilder::latency) stays
    /// counted as in flight.
    pub fn max_in_flight(&self) -> usize {
        self.state.counters.max_in_flight()
    }

    /// Requests refused with 429 by [`admit_in_flight`](crate::FakeGatewayBuilder::admit_in_flight).
    pub fn throttled(&self) -> usize {
        self.state.counters.throttled()
    }

    /// Authenticated requests for a CLOVA NSML operation (with a valid API key), valid or not.
    pub fn nsml_calls(&self, operation: NsmlOperation) -> usize {
        self.state.nsml.calls(operation)
    }

    /// Authenticated CLOVA NSML requests of every operation.
    pub fn nsml_calls_total(&self) -> usize {
        NsmlOperation::ALL
            .iter()
            .map(|&op| self.nsml_calls(op))
            .sum()
    }

    /// Zeroes every counter, which also makes first-attempt faults fire again.
    pub fn reset_counters(&self) {
        self.state.counters.reset();
        self.state.nsml.reset_calls();
    }
}

impl fmt::Debug for FakeGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeGateway")
            .field("base_url", &self.base_url())
            .field("credentials", &self.state.credentials)
            .field("projects", &self.state.projects.len())
            .field("workspaces", &self.state.workspaces.len())
            .field("faults", &self.state.faults)
            .finish_non_exhaustive()
    }
}
