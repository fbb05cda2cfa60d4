//! Clock-skew correction against the fake gateway of ncloud-testkit, whose clock is set 10 minutes
//! ahead of or behind the client's: one refused request, then every page of a listing signed with
//! the gateway's time. Both clocks are manual: nothing here reads the real clock.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use ncloud_core::client::{AsyncSleep, Method, Request, Sleep};
use ncloud_core::time::ManualTimeSource;
use ncloud_core::{Client, Credentials};
use ncloud_testkit::{FakeGateway, FakeGatewayBuilder, Route};
use serde_json::Value;
use tracing::instrument::WithSubscriber as _;

const TEN_MINUTES: Duration = Duration::from_secs(600);
const PAGES: u32 = 25;
const PAGE_SIZE: u32 = 10;

#[derive(Debug)]
struct NoSleep;

impl AsyncSleep for NoSleep {
    fn sleep(&self, _: Duration) -> Sleep {
        Box::pin(async {})
    }
}

/// A gateway with its clock off by `skew` and a client on the same manual base clock.
async fn skewed(
    skew: impl FnOnce(FakeGatewayBuilder) -> FakeGatewayBuilder,
    credentials: Option<Credentials>,
) -> (FakeGateway, Client) {
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    let builder = FakeGateway::builder()
        .workspaces((PAGES * PAGE_SIZE) as usize)
        .time_source(clock.clone());
    let gateway = skew(builder).start().await;
    let client = Client::builder()
        .credentials(credentials.unwrap_or_else(|| gateway.credentials().clone()))
        .time_source(clock)
        .sleep(NoSleep)
        .build()
        .unwrap();
    (gateway, client)
}

fn page(gateway: &FakeGateway, page: u32) -> Request {
    Request::get(gateway.url(Route::Workspaces))
        .query("pageNum", page)
        .query("pageSize", PAGE_SIZE)
}

async fn names(client: &Client, request: Request) -> Vec<Value> {
    let body: Value = client.send(request).await.unwrap();
    body["result"]["content"].as_array().unwrap().clone()
}

/// Page 1, then every other page at once on clones of the client, as a paginator does.
async fn list_everything(gateway: &FakeGateway, client: &Client) -> Vec<Value> {
    let mut items = names(client, page(gateway, 1)).await;
    let mut pages = tokio::task::JoinSet::new();
    for n in 2..=PAGES {
        let (client, request) = (client.clone(), page(gateway, n));
        pages.spawn(async move { (n, names(&client, request).await) });
    }
    let mut rest = pages.join_all().await;
    rest.sort_by_key(|(n, _)| *n);
    items.extend(rest.into_iter().flat_map(|(_, items)| items));
    items
}

#[tokio::test]
async fn a_listing_against_a_gateway_ahead_or_behind_costs_one_extra_request_in_all() {
    for skew in [
        FakeGatewayBuilder::clock_ahead as fn(_, _) -> _,
        FakeGatewayBuilder::clock_behind,
    ] {
        let (gateway, client) = skewed(|b| skew(b, TEN_MINUTES), None).await;
        let items = list_everything(&gateway, &client).await;
        assert_eq!(items, gateway.workspaces());
        assert_eq!(gateway.rejected(), 1, "one refused request in all");
        let each_page_once = (1..=PAGES).map(|n| (n, 1)).collect();
        assert_eq!(gateway.hits_by_page(Route::Workspaces), each_page_once);
    }
}

#[tokio::test]
async fn clones_share_the_measured_offset() {
    let (gateway, client) = skewed(|b| b.clock_ahead(TEN_MINUTES), None).await;
    let response = client.send_raw(page(&gateway, 1)).await.unwrap();
    assert_eq!(response.attempts(), 2, "refused, corrected, accepted");
    let response = client.clone().send_raw(page(&gateway, 2)).await.unwrap();
    assert_eq!(response.attempts(), 1);
    assert_eq!(gateway.rejected(), 1);
}

#[tokio::test]
async fn a_wrong_key_still_fails_after_the_one_corrected_retry() {
    let (gateway, client) = skewed(
        |b| b.clock_behind(TEN_MINUTES),
        Some(Credentials::new(
            FakeGateway::demo_credentials().access_key(),
            "not-the-secret",
        )),
    )
    .await;
    let err = client.send_raw(page(&gateway, 1)).await.unwrap_err();
    assert_eq!((err.http_status(), err.code()), (Some(401), Some("200")));
    assert_eq!(err.attempts(), 2);
    assert_eq!(gateway.rejected(), 2);
    assert_eq!(
        err.clock_skew_hint(),
        Some(
            "the local clock is 600 s ahead of the gateway's; signed with the gateway's time, \
             the request was still refused, so check the access key and the secret key"
        )
    );
    // The offset stays measured: the next call is not corrected again, just refused.
    let err = client.send_raw(page(&gateway, 1)).await.unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.clock_skew_hint(), None);
    assert_eq!(gateway.rejected(), 3);
}

#[tokio::test]
async fn a_refused_post_is_re_signed_and_sent_once_more() {
    // The gateway refused it before routing: no service saw the first one. The fake serves no
    // POST, so the corrected attempt gets its 404, which names the path that was asked for.
    let (gateway, client) = skewed(|b| b.clock_ahead(TEN_MINUTES), None).await;
    let request = Request::new(Method::POST, gateway.url(Route::Workspaces)).json(&"{}");
    let err = client.send_raw(request).await.unwrap_err();
    assert_eq!((err.http_status(), err.attempts()), (Some(404), 2));
    assert!(
        err.to_string()
            .starts_with("HTTP 404 for /api/v1/workspaces, NCP code 300: Not Found"),
        "{err}"
    );
    assert_eq!(gateway.rejected(), 1);
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_correction_is_logged_with_its_size_and_direction() {
    for (skew, expected) in [
        (
            FakeGatewayBuilder::clock_ahead as fn(_, _) -> _,
            "the local clock is 600 s behind the API Gateway's",
        ),
        (
            FakeGatewayBuilder::clock_behind,
            "the local clock is 600 s ahead of the API Gateway's",
        ),
    ] {
        let (gateway, client) = skewed(|b| skew(b, TEN_MINUTES), None).await;
        let buffer = Buffer::default();
        let writer = buffer.clone();
        // The CLI's -v shows INFO and above.
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        client
            .send_raw(page(&gateway, 1))
            .with_subscriber(subscriber)
            .await
            .unwrap();
        let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("WARN"), "{log}");
        assert!(log.contains(expected), "{log}");
    }
}
