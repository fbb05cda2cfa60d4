//! Clock-skew correction against the fake gateway of ncloud-testkit, whose clock is set 10 minutes
//! ahead of or behind the client's: one refused request, then every page of a listing signed with
//! the gateway's time. Both clocks are manual: nothing here reads the real clock.

use ncloud_core::client::{Method, Request};
use ncloud_core::{Client, Credentials};
use ncloud_testkit::{FakeGateway, FakeGatewayBuilder, Route};
use serde_json::Value;

use crate::skewed_gateway::{PAGES, TEN_MINUTES, page, skewed};

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
    // such path, so the corrected attempt gets its 404, which names the path that was asked for.
    let (gateway, client) = skewed(|b| b.clock_ahead(TEN_MINUTES), None).await;
    let url = format!("{}/api/v1/not-served", gateway.base_url());
    let request = Request::new(Method::POST, url).json(&"{}");
    let err = client.send_raw(request).await.unwrap_err();
    assert_eq!((err.http_status(), err.attempts()), (Some(404), 2));
    assert!(
        err.to_string()
            .starts_with("POST /api/v1/not-served: HTTP 404, NCP code 300: Not Found"),
        "{err}"
    );
    assert_eq!(gateway.rejected(), 1);
}
