//! ncloud-nsml and ncloud-mi against the fake gateway of ncloud-testkit, through the real core
//! transport: every item exactly once and in order despite the faults clients must survive, and a
//! typed error (never a panic or a hang) for the ones they cannot.
//!
//! Retries wait on a manual clock, so backoff and `Retry-After` cost no real time; every
//! listing runs under [`tokio::time::timeout`] so that a regression fails instead of hanging.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, UNIX_EPOCH};

use futures::StreamExt;
use ncloud_core::time::ManualTimeSource;
use ncloud_core::{Client, Error};
use ncloud_pagination::{PaginationError, PaginationErrorKind};
use ncloud_testkit::{FakeGateway, FakeGatewayBuilder, Fault, FaultRule, Route};

/// Items in each data set: 10 pages at [`PAGE_SIZE`], the last one partial.
const ITEMS: usize = 95;
const PAGE_SIZE: u32 = 10;
const PAGES: u32 = 10;
/// Far above what any listing here needs with a no-op sleep (well under a second).
const BOUND: Duration = Duration::from_secs(30);

fn gateway() -> FakeGatewayBuilder {
    FakeGateway::builder().projects(ITEMS).workspaces(ITEMS)
}

/// A core client for `gateway` with the standard retry settings and no real waiting.
fn core(gateway: &FakeGateway) -> Client {
    Client::builder()
        .credentials(gateway.credentials().clone())
        .endpoint(gateway.base_url())
        .clock(ManualTimeSource::new(UNIX_EPOCH))
        .build()
        .unwrap()
}

async fn bounded<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, future)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {BOUND:?}"))
}

/// What a listing yielded: the ids of the items before the first error, and that error.
#[derive(Debug)]
struct Listed {
    ids: Vec<String>,
    error: Option<PaginationError<Error>>,
}

async fn drain<T>(
    stream: impl futures::Stream<Item = Result<T, PaginationError<Error>>>,
    id: impl Fn(&T) -> String,
) -> Listed {
    let mut stream = std::pin::pin!(stream);
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => ids.push(id(&item)),
            Err(error) => {
                // The stream ends after an error.
                assert!(stream.next().await.is_none(), "an item after {error}");
                return Listed {
                    ids,
                    error: Some(error),
                };
            }
        }
    }
    Listed { ids, error: None }
}

async fn list_projects(client: Client, concurrency: usize) -> Listed {
    let items = ncloud_nsml::Client::new(client)
        .list_projects()
        .page_size(PAGE_SIZE)
        .concurrency(concurrency)
        .items();
    bounded("listing projects", drain(items, |p| p.project_id.clone())).await
}

async fn list_workspaces(client: Client, concurrency: usize) -> Listed {
    let items = ncloud_mi::Client::new(client)
        .list_workspaces()
        .page_size(PAGE_SIZE)
        .concurrency(concurrency)
        .items();
    bounded(
        "listing workspaces",
        drain(items, |w| w.workspace_name.clone()),
    )
    .await
}

async fn list(gateway: &FakeGateway, route: Route, concurrency: usize) -> Listed {
    list_with(core(gateway), route, concurrency).await
}

/// Lists `route` through `client`.
async fn list_with(client: Client, route: Route, concurrency: usize) -> Listed {
    match route {
        Route::Projects => list_projects(client, concurrency).await,
        _ => list_workspaces(client, concurrency).await,
    }
}

/// The ids the gateway serves on `route`, in listing order.
fn served_ids(gateway: &FakeGateway, route: Route) -> Vec<String> {
    let (values, key) = match route {
        Route::Projects => (gateway.projects(), "projectId"),
        _ => (gateway.workspaces(), "workspaceName"),
    };
    values
        .iter()
        .map(|v| v[key].as_str().expect("an id").to_owned())
        .collect()
}

fn each_page(pages: u32, count: usize) -> BTreeMap<u32, usize> {
    (1..=pages).map(|page| (page, count)).collect()
}

/// Lists `route` with `fault` on the first attempt of every page, sequentially and with
/// concurrency 4: every item once and in order, every page served once after two attempts.
async fn survives(fault: Fault, route: Route) {
    for concurrency in [1, 4] {
        let gateway = gateway().fault(fault.on_route(route)).start().await;
        let listed = list(&gateway, route, concurrency).await;
        let context = format!("{fault:?} on {route}, concurrency {concurrency}");
        assert!(listed.error.is_none(), "{context}: {:?}", listed.error);
        assert_eq!(listed.ids.len(), ITEMS, "{context}");
        assert_eq!(listed.ids, served_ids(&gateway, route), "{context}");
        assert_eq!(
            gateway.served_by_page(route),
            each_page(PAGES, 1),
            "{context}: pages served"
        );
        assert_eq!(
            gateway.hits_by_page(route),
            each_page(PAGES, 2),
            "{context}: one failed and one good attempt per page"
        );
        assert_eq!(gateway.rejected(), 0, "{context}: every retry re-signed");
    }
}

#[tokio::test]
async fn nsml_lists_every_project_once_through_503s() {
    survives(Fault::EndpointError, Route::Projects).await;
}

#[tokio::test]
async fn nsml_lists_every_project_once_through_429s_with_retry_after() {
    survives(Fault::RateLimited, Route::Projects).await;
}

#[tokio::test]
async fn nsml_lists_every_project_once_through_dropped_connections() {
    survives(Fault::DropConnection, Route::Projects).await;
}

#[tokio::test]
async fn mi_lists_every_workspace_once_through_503s() {
    survives(Fault::EndpointError, Route::Workspaces).await;
}

#[tokio::test]
async fn mi_lists_every_workspace_once_through_429s_with_retry_after() {
    survives(Fault::RateLimited, Route::Workspaces).await;
}

#[tokio::test]
async fn mi_lists_every_workspace_once_through_dropped_connections() {
    survives(Fault::DropConnection, Route::Workspaces).await;
}

/// A gateway whose clock is 10 minutes ahead of or behind the client's (both manual clocks): the
/// first page is refused once, re-signed with the gateway's time, and every other page, fetched
/// concurrently, is signed right the first time.
#[tokio::test]
async fn a_listing_against_a_skewed_gateway_costs_one_extra_request_in_all() {
    let ten_minutes = Duration::from_secs(600);
    for route in Route::ALL {
        for skew in [
            FakeGatewayBuilder::clock_ahead as fn(_, _) -> _,
            FakeGatewayBuilder::clock_behind,
        ] {
            let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
            let gateway = skew(gateway().time_source(clock.clone()), ten_minutes)
                .start()
                .await;
            let client = Client::builder()
                .credentials(gateway.credentials().clone())
                .endpoint(gateway.base_url())
                .time_source(clock)
                .clock(ManualTimeSource::new(UNIX_EPOCH))
                .build()
                .unwrap();
            let listed = list_with(client, route, 4).await;
            assert!(listed.error.is_none(), "{route}: {:?}", listed.error);
            assert_eq!(listed.ids, served_ids(&gateway, route), "{route}");
            assert_eq!(gateway.rejected(), 1, "{route}: one refused request in all");
            assert_eq!(gateway.hits_by_page(route), each_page(PAGES, 1), "{route}");
        }
    }
}

/// The service error of a listing that must have failed on `page`.
fn failed_on<'a>(listed: &'a Listed, page: u64, context: &str) -> &'a Error {
    match listed.error.as_ref().map(PaginationError::kind) {
        Some(PaginationErrorKind::Fetch { page: p, source }) if *p == page => source,
        other => panic!("{context}: expected a failure on page {page}, got {other:?}"),
    }
}

#[tokio::test]
async fn html_502_on_every_attempt_is_a_typed_server_error() {
    for route in Route::ALL {
        let gateway = gateway()
            .fault(Fault::BadGatewayHtml.on_route(route).every_attempt())
            .start()
            .await;
        let listed = list(&gateway, route, 4).await;
        assert!(listed.ids.is_empty());
        let error = failed_on(&listed, 1, &route.to_string());
        assert_eq!(error.http_status(), Some(502), "{error}");
        assert!(error.is_server_error() && error.is_transient(), "{error}");
        assert!(!error.is_decode(), "{error}");
        assert_eq!(error.attempts(), 3, "{error}");
        assert_eq!(gateway.hits(route, 1), 3);
        assert_eq!(
            gateway.requests(route),
            3,
            "no page after a failed first page"
        );
    }
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_naming_the_endpoint_after_the_good_pages() {
    for route in Route::ALL {
        let gateway = gateway()
            .fault(Fault::TruncatedJson.on_route(route).on_page(3))
            .start()
            .await;
        let listed = list(&gateway, route, 1).await;
        // Pages 1 and 2 were listed before the broken page 3.
        assert_eq!(listed.ids, served_ids(&gateway, route)[..20]);
        let error = failed_on(&listed, 3, &route.to_string());
        assert!(error.is_decode(), "{error}");
        assert!(
            !error.is_transient(),
            "a 200 with broken JSON is not retried"
        );
        let operation = match route {
            Route::Projects => "nsml.ListProjects",
            _ => "mi.ListWorkspaces",
        };
        assert_eq!(error.operation(), Some(operation));
        assert_eq!(listed.error.as_ref().unwrap().resume_page(), Some(3));
    }
}

#[tokio::test]
async fn mi_error_envelope_is_a_service_error_with_its_code() {
    let gateway = gateway()
        .fault(
            Fault::MiErrorEnvelope
                .on_route(Route::Workspaces)
                .on_page(2),
        )
        .start()
        .await;
    let listed = list_workspaces(core(&gateway), 4).await;
    assert_eq!(listed.ids, served_ids(&gateway, Route::Workspaces)[..10]);
    let error = failed_on(&listed, 2, "MI envelope");
    assert!(error.is_service(), "{error}");
    assert_eq!(error.code(), Some("10001"));
    assert_eq!(error.message(), Some("Invalid Request."));
    assert!(!error.is_transient(), "{error}");
}

/// The requests a listing of a never-ending server may send before its guard stops it.
const GUARD_REQUEST_BOUND: usize = 20;

#[tokio::test]
async fn a_total_that_keeps_growing_stops_the_listing() {
    for route in Route::ALL {
        for concurrency in [1, 4] {
            let gateway = gateway()
                .fault(Fault::GrowingTotal.on_route(route).every_attempt())
                .start()
                .await;
            let listed = list(&gateway, route, concurrency).await;
            let context = format!("{route}, concurrency {concurrency}");
            assert!(
                matches!(
                    listed.error.as_ref().map(PaginationError::kind),
                    Some(PaginationErrorKind::TotalKeepsGrowing { .. })
                ),
                "{context}: {:?}",
                listed.error
            );
            assert!(
                gateway.requests(route) <= GUARD_REQUEST_BOUND,
                "{context}: {} requests",
                gateway.requests(route)
            );
        }
    }
}

#[tokio::test]
async fn a_server_repeating_page_one_stops_the_listing() {
    for route in Route::ALL {
        for concurrency in [1, 4] {
            let gateway = gateway()
                .fault(Fault::RepeatedPage.on_route(route).every_attempt())
                .start()
                .await;
            let listed = list(&gateway, route, concurrency).await;
            let context = format!("{route}, concurrency {concurrency}");
            assert!(
                matches!(
                    listed.error.as_ref().map(PaginationError::kind),
                    Some(PaginationErrorKind::DuplicatePage {
                        page: 2,
                        previous: 1
                    })
                ),
                "{context}: {:?}",
                listed.error
            );
            // Page 1 is yielded once; its repetition is not.
            assert_eq!(listed.ids, served_ids(&gateway, route)[..10], "{context}");
            assert!(gateway.requests(route) <= GUARD_REQUEST_BOUND, "{context}");
        }
    }
}

#[tokio::test]
async fn max_pages_stops_an_honest_listing_where_it_can_resume() {
    let gateway = gateway().start().await;
    let core = core(&gateway);
    let items = ncloud_nsml::Client::new(core.clone())
        .list_projects()
        .page_size(PAGE_SIZE)
        .max_pages(3)
        .items();
    let first = bounded("listing projects", drain(items, |p| p.project_id.clone())).await;
    let all = served_ids(&gateway, Route::Projects);
    assert_eq!(first.ids, all[..30]);
    let error = first.error.expect("the page limit");
    assert!(
        matches!(
            error.kind(),
            PaginationErrorKind::PageLimit {
                limit: 3,
                next_page: 4
            }
        ),
        "{error:?}"
    );
    // Resuming where it says lists the rest, and nothing twice.
    let rest = ncloud_nsml::Client::new(core)
        .list_projects()
        .page_size(PAGE_SIZE)
        .page(error.resume_page().unwrap())
        .items();
    let rest = bounded("resuming", drain(rest, |p| p.project_id.clone())).await;
    assert!(rest.error.is_none(), "{:?}", rest.error);
    assert_eq!(rest.ids, all[30..]);
    assert_eq!(gateway.served_by_page(Route::Projects), each_page(PAGES, 1));
}

#[tokio::test]
async fn retries_are_bounded_by_max_attempts() {
    // Four failures on every page are one more than the three attempts allow.
    let rule: FaultRule = Fault::EndpointError
        .on_route(Route::Workspaces)
        .first_attempts(4);
    let gateway = gateway().fault(rule).start().await;
    let listed = list_workspaces(core(&gateway), 4).await;
    let error = failed_on(&listed, 1, "503 x4");
    assert_eq!(
        (error.http_status(), error.attempts()),
        (Some(503), 3),
        "{error}"
    );
    assert_eq!(gateway.served(Route::Workspaces, 1), 0);
}
