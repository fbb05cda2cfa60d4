//! Everything a request handler needs, shared by the mocks of one gateway.

use std::sync::Arc;

use ncloud_core::Credentials;
use ncloud_core::time::TimeSource;
use serde_json::Value;

use httpmock::HttpMockResponse;

use crate::auth::{self, Rejection};
use crate::clock::http_date;
use crate::counters::Counters;
use crate::error_bodies;
use crate::fault::{self, FaultRule};
use crate::mi::persons::PersonStore;
use crate::mi::store::MiStore;
use crate::mi::uploads::UploadStore;
use crate::nsml::state::NsmlState;
use crate::paging::Paging;
use crate::route::Route;
use crate::wire::{ApiRequest, ApiResponse};

#[derive(Debug)]
pub(crate) struct GatewayState {
    pub(crate) credentials: Credentials,
    pub(crate) clock: Arc<dyn TimeSource>,
    pub(crate) projects: Vec<Value>,
    pub(crate) workspaces: Vec<Value>,
    pub(crate) faults: Vec<FaultRule>,
    pub(crate) counters: Counters,
    /// Media Intelligence's workspaces, projects, assets, indexes and searches.
    pub(crate) mi: MiStore,
    /// Media Intelligence's persons and person tags.
    pub(crate) persons: PersonStore,
    /// Media Intelligence's presigned uploads, and what the storage host received.
    pub(crate) uploads: UploadStore,
    /// CLOVA NSML's resources, which requests change.
    pub(crate) nsml: NsmlState,
    /// At most this many requests in flight are admitted; the others get 429 (code 420).
    pub(crate) admit_in_flight: Option<usize>,
}

impl GatewayState {
    /// Signature v2 against the configured credentials and the gateway's clock.
    pub(crate) fn authenticate(&self, request: &ApiRequest) -> Result<(), Rejection> {
        auth::verify_signature(request, &self.credentials, self.clock.now())
    }

    /// `response` on the wire, with the gateway's time in `Date` as the real gateway sends it (a
    /// client measures its clock skew from it).
    pub(crate) fn answer(&self, response: ApiResponse) -> HttpMockResponse {
        response
            .with_header("date", http_date(self.clock.now()))
            .into_mock()
    }

    /// The 401 for a request that failed [`authenticate`](Self::authenticate).
    pub(crate) fn reject_unauthenticated(&self, request: &ApiRequest) -> ApiResponse {
        // The clock may have moved since matching; the request is refused all the same.
        let details = self
            .authenticate(request)
            .err()
            .map_or_else(|| "Authentication Failed".to_owned(), |r| r.to_string());
        self.reject(&details)
    }

    /// Counts and answers a 401.
    pub(crate) fn reject(&self, details: &str) -> ApiResponse {
        self.counters.reject();
        ApiResponse::json(401, &error_bodies::authentication_failed(details))
    }

    /// Counts the attempt, applies the first matching fault, or serves the honest page.
    pub(crate) fn serve_page(
        &self,
        route: Route,
        page: u32,
        render: impl FnOnce(Paging) -> Value,
    ) -> ApiResponse {
        let attempt = self.counters.hit(route, page);
        let attempt = u32::try_from(attempt).unwrap_or(u32::MAX);
        let (response, served) = match fault::find(&self.faults, route, page, attempt) {
            Some(fault) => fault.answer(render),
            None => (ApiResponse::json(200, &render(Paging::Honest)), true),
        };
        if served {
            self.counters.served(route, page);
        }
        response
    }
}
