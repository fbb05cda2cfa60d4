//! How the gateway is laid out on httpmock. Mocks match in the order they are added, so the
//! order below is the gateway's pipeline: authenticate, then route, then "not found".

use std::sync::Arc;
use std::time::Duration;

use httpmock::{Method, MockServer};

use crate::error_bodies;
use crate::mi;
use crate::nsml;
use crate::route::Route;
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

/// The storage host of the presigned uploads: no authentication (the URL's query is its
/// signature), every request recorded.
pub(crate) async fn mount_storage(server: &MockServer, state: &Arc<GatewayState>) {
    let state = Arc::clone(state);
    server
        .mock_async(move |_when, then| {
            then.respond_with(move |req| {
                let request = ApiRequest::from_mock(req);
                let response = state.uploads.store_object(&request, state.clock.now());
                response.into_mock()
            });
        })
        .await;
}

pub(crate) async fn mount(server: &MockServer, state: &Arc<GatewayState>, latency: Duration) {
    // Every request, on any path, is admitted (below), then authenticated, as the real gateway
    // does; every answer below counts one out.
    // First the admission limit (a throttle), whose matcher runs once per request, on arrival:
    // it counts the request in, and answers 429 to what it refuses.
    let (gate, refused) = (Arc::clone(state), Arc::clone(state));
    server
        .mock_async(move |when, then| {
            when.is_true(move |_| !gate.counters.arrive(gate.admit_in_flight));
            then.delay(latency).respond_with(move |_| {
                refused.counters.leave_throttled();
                refused.answer(
                    ApiResponse::json(429, &error_bodies::rate_limited())
                        .with_header("retry-after", "1"),
                )
            });
        })
        .await;

    let (check, reply) = (Arc::clone(state), Arc::clone(state));
    server
        .mock_async(move |when, then| {
            when.is_true(move |req| check.authenticate(&ApiRequest::from_mock(req)).is_err());
            then.delay(latency).respond_with(move |req| {
                reply.counters.leave();
                reply.answer(reply.reject_unauthenticated(&ApiRequest::from_mock(req)))
            });
        })
        .await;

    for route in Route::ALL {
        let state = Arc::clone(state);
        server
            .mock_async(move |when, then| {
                when.method(Method::GET).path(route.path());
                then.delay(latency).respond_with(move |req| {
                    state.counters.leave();
                    let request = ApiRequest::from_mock(req);
                    state.answer(match route {
                        Route::Projects => nsml::list_projects(&state, &request),
                        Route::Workspaces => mi::list_workspaces(&state, &request),
                    })
                });
            })
            .await;
    }

    // Media Intelligence's workflow: everything under /api/v1/workspaces but the listing above.
    let mi_state = Arc::clone(state);
    server
        .mock_async(move |when, then| {
            when.path_prefix(mi::PREFIX);
            then.delay(latency).respond_with(move |req| {
                mi::handle(&mi_state, &ApiRequest::from_mock(req)).into_mock()
            });
        })
        .await;

    // Media Intelligence's account-wide query-image uploads.
    let upload_state = Arc::clone(state);
    server
        .mock_async(move |when, then| {
            when.path_prefix(mi::uploads::QUERY_ASSETS_PREFIX);
            then.delay(latency).respond_with(move |req| {
                let request = ApiRequest::from_mock(req);
                upload_state.mi.count_request();
                let now = upload_state.clock.now();
                let answer = mi::uploads::query_asset_route(&upload_state.uploads, &request, now);
                mi::respond(answer.map(Some)).into_mock()
            });
        })
        .await;

    // Every other CLOVA NSML operation, whatever its method.
    let nsml_state = Arc::clone(state);
    server
        .mock_async(move |when, then| {
            when.path_prefix(nsml::PREFIX);
            then.delay(latency).respond_with(move |req| {
                nsml_state.counters.leave();
                nsml_state.answer(nsml::serve(&nsml_state, &ApiRequest::from_mock(req)))
            });
        })
        .await;

    let state = Arc::clone(state);
    server
        .mock_async(move |_when, then| {
            then.delay(latency).respond_with(move |_| {
                state.counters.leave();
                state.answer(ApiResponse::json(404, &error_bodies::not_found()))
            });
        })
        .await;
}
