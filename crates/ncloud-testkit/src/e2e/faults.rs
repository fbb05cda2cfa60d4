use std::time::Duration;

use super::client::{Reply, signed_get};
use crate::{FakeGateway, Fault, Route};

const PAGE_2: &str = "/api/v1/workspaces?pageNum=2&pageSize=10";
const PROJECTS_2: &str = "/nsml/v1/projects?page=2&pageSize=10";

async fn gateway_with(rule: impl Into<crate::FaultRule>) -> FakeGateway {
    FakeGateway::builder()
        .workspaces(25)
        .projects(25)
        .fault(rule)
        .start()
        .await
}

async fn twice(gateway: &FakeGateway, path: &str) -> (Reply, Reply) {
    let first = signed_get(gateway, path).await.unwrap();
    let second = signed_get(gateway, path).await.unwrap();
    (first, second)
}

#[tokio::test]
async fn endpoint_error_fails_the_first_attempt_of_each_page() {
    let gateway = gateway_with(Fault::EndpointError).await;
    for path in [PAGE_2, PROJECTS_2] {
        let (first, second) = twice(&gateway, path).await;
        assert_eq!(first.status, 503);
        assert_eq!(
            first.json(),
            serde_json::json!({"error": {"errorCode": "500", "message": "Endpoint Error"}})
        );
        assert_eq!(second.status, 200);
    }
    assert_eq!(
        (
            gateway.hits(Route::Workspaces, 2),
            gateway.served(Route::Workspaces, 2)
        ),
        (2, 1)
    );
}

#[tokio::test]
async fn rate_limited_says_when_to_come_back() {
    let gateway = gateway_with(Fault::RateLimited).await;
    let (first, second) = twice(&gateway, PAGE_2).await;
    assert_eq!(first.status, 429);
    assert_eq!(first.header("retry-after"), Some("1"));
    assert_eq!(first.json()["error"]["errorCode"], "420");
    assert_eq!(first.json()["error"]["message"], "Rate Limited");
    assert_eq!(second.status, 200);
}

#[tokio::test]
async fn a_dropped_connection_sends_nothing_and_the_gateway_carries_on() {
    let gateway = gateway_with(Fault::DropConnection.on_route(Route::Workspaces)).await;
    let error = signed_get(&gateway, PAGE_2).await.unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::UnexpectedEof);
    assert_eq!(signed_get(&gateway, PAGE_2).await.unwrap().status, 200);
    assert_eq!(signed_get(&gateway, PROJECTS_2).await.unwrap().status, 200);
    assert_eq!(gateway.hits(Route::Workspaces, 2), 2);
}

#[tokio::test]
async fn html_error_pages_can_persist() {
    let gateway = gateway_with(Fault::BadGatewayHtml.every_attempt()).await;
    let (first, second) = twice(&gateway, PAGE_2).await;
    for reply in [first, second] {
        assert_eq!(reply.status, 502);
        assert_eq!(reply.header("content-type"), Some("text/html"));
        assert!(reply.body.starts_with("<html>") && reply.body.contains("Bad Gateway"));
    }
    assert_eq!(gateway.served(Route::Workspaces, 2), 0);
}

#[tokio::test]
async fn truncated_json_is_the_start_of_the_real_page() {
    let gateway = gateway_with(Fault::TruncatedJson).await;
    let (first, second) = twice(&gateway, PAGE_2).await;
    assert_eq!(first.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&first.body).is_err());
    assert!(!first.body.is_empty() && second.body.starts_with(&first.body));
    assert_eq!(
        first.header("content-length"),
        Some(first.body.len().to_string().as_str())
    );
    second.json();
}

#[tokio::test]
async fn the_mi_error_envelope_comes_with_http_200_on_mi_only() {
    let gateway = gateway_with(Fault::MiErrorEnvelope).await;
    let (first, second) = twice(&gateway, PAGE_2).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.json()["code"], "10001");
    assert_eq!(second.json()["code"], "0");
    let projects = signed_get(&gateway, PROJECTS_2).await.unwrap();
    assert_eq!(projects.json()["projects"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn growing_total_never_lets_a_listing_end() {
    let gateway = gateway_with(Fault::GrowingTotal.every_attempt()).await;
    let mut totals = Vec::new();
    for number in 1..=5 {
        let path = format!("/api/v1/workspaces?pageNum={number}&pageSize=10");
        let result = signed_get(&gateway, &path).await.unwrap().json()["result"].clone();
        assert_eq!(
            result["content"].as_array().unwrap().len(),
            10,
            "page {number}"
        );
        assert!(result["totalPage"].as_u64().unwrap() > number);
        totals.push(result["totalCount"].as_u64().unwrap());
    }
    assert_eq!(totals, [35, 45, 55, 65, 75]);
    let projects = signed_get(&gateway, "/nsml/v1/projects?page=9")
        .await
        .unwrap()
        .json();
    assert_eq!(projects["projects"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn repeated_page_serves_page_one_everywhere() {
    let gateway = gateway_with(Fault::RepeatedPage.every_attempt()).await;
    let page = |n: u32| {
        let gateway = &gateway;
        async move {
            let path = format!("/nsml/v1/projects?page={n}&pageSize=10");
            signed_get(gateway, &path).await.unwrap().json()
        }
    };
    let (one, three) = (page(1).await, page(3).await);
    assert_eq!(one, three);
    assert_eq!(
        three["projects"].as_array().unwrap()[..],
        gateway.projects()[..10]
    );
    assert_eq!(three["totalCount"], 25);
}

#[tokio::test]
async fn faults_can_target_one_route_one_page_and_several_attempts() {
    let gateway = gateway_with(
        Fault::EndpointError
            .on_route(Route::Workspaces)
            .on_page(2)
            .first_attempts(2),
    )
    .await;
    let statuses = |path: &'static str| {
        let gateway = &gateway;
        async move {
            let mut statuses = Vec::new();
            for _ in 0..3 {
                statuses.push(signed_get(gateway, path).await.unwrap().status);
            }
            statuses
        }
    };
    assert_eq!(statuses(PAGE_2).await, [503, 503, 200]);
    assert_eq!(
        statuses("/api/v1/workspaces?pageNum=1").await,
        [200, 200, 200]
    );
    assert_eq!(statuses(PROJECTS_2).await, [200, 200, 200]);
}

#[tokio::test]
async fn rules_are_tried_in_order() {
    let gateway = FakeGateway::builder()
        .fault(Fault::RateLimited)
        .fault(Fault::GrowingTotal.every_attempt())
        .start()
        .await;
    let (first, second) = twice(&gateway, PAGE_2).await;
    assert_eq!(first.status, 429);
    assert_eq!(second.json()["result"]["totalCount"], 25 + 2 * 10);
}

/// The bench relies on this: latency overlaps between concurrent requests. Counted, not timed:
/// with a latency far longer than it takes to send them, the requests are held at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_requests_concurrently() {
    let gateway = FakeGateway::builder()
        .latency(Duration::from_millis(500))
        .start()
        .await;
    let replies = concurrent_statuses(&gateway, 8).await;
    assert!(replies.iter().all(|status| *status == 200), "{replies:?}");
    assert!(
        gateway.max_in_flight() > 1,
        "requests were answered one at a time: {}",
        gateway.max_in_flight()
    );
    // Sequential requests are never in flight together.
    let sequential = FakeGateway::builder().start().await;
    for path in [PAGE_2, PROJECTS_2, PAGE_2] {
        signed_get(&sequential, path).await.unwrap();
    }
    assert_eq!(sequential.max_in_flight(), 1);
}

async fn concurrent_statuses(gateway: &FakeGateway, n: u32) -> Vec<u16> {
    let tasks: Vec<_> = (1..=n)
        .map(|page| {
            let address = gateway.address();
            let path = format!("/api/v1/workspaces?pageNum={page}&pageSize=1");
            let headers = super::client::signed_headers(
                gateway.credentials(),
                &path,
                ncloud_core::time::TimeSource::now(&ncloud_core::time::SystemTimeSource),
            );
            tokio::spawn(async move { super::client::get(address, &path, &headers).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap().unwrap().status);
    }
    statuses
}
