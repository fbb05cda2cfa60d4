use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use httpmock::MockServer;
use ncloud_core::Credentials;
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

    pub(crate) async fn start_with(state: GatewayState, latency: Duration) -> Self {
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
        }
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
