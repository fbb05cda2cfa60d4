use ncloud_core::Credentials;
use ncloud_core::time::{SystemTimeSource, TimeSource};
use serde_json::Value;

use super::client::{signed_get, signed_get_at};
use crate::{FakeGateway, UNKNOWN_PROJECT_STATUS};

async fn page(gateway: &FakeGateway, query: &str) -> Value {
    let reply = signed_get(gateway, &format!("/nsml/v1/projects{query}"))
        .await
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

#[tokio::test]
async fn the_api_key_is_required() {
    let gateway = FakeGateway::start().await;
    let demo = gateway.credentials();
    let now = SystemTimeSource.now();
    let path = "/nsml/v1/projects";

    let without = Credentials::new(demo.access_key(), demo.secret_key());
    let reply = signed_get_at(&gateway, &without, path, now).await.unwrap();
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["error"]["errorCode"], "200");
    assert!(
        reply.json()["error"]["details"]
            .as_str()
            .unwrap()
            .contains("API key")
    );

    let wrong = without.clone().with_api_key("not-the-key");
    let reply = signed_get_at(&gateway, &wrong, path, now).await.unwrap();
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["error"]["details"], "The API key is invalid.");
    assert_eq!(gateway.rejected(), 2);
    assert_eq!(gateway.requests(crate::Route::Projects), 0);

    // Media Intelligence does not use it.
    let reply = signed_get_at(&gateway, &without, "/api/v1/workspaces?pageNum=1", now).await;
    assert_eq!(reply.unwrap().status, 200);
}

#[tokio::test]
async fn pages_cover_a_total_that_is_not_a_multiple_of_the_page_size() {
    let gateway = FakeGateway::builder().projects(25).start().await;
    let mut seen = Vec::new();
    for (number, expected) in [(1, 10), (2, 10), (3, 5), (4, 0)] {
        let body = page(&gateway, &format!("?page={number}&pageSize=10")).await;
        assert_eq!(body["totalCount"], 25);
        let projects = body["projects"].as_array().unwrap();
        assert_eq!(projects.len(), expected, "page {number}");
        seen.extend(projects.iter().cloned());
    }
    assert_eq!(seen, gateway.projects());
}

#[tokio::test]
async fn pages_cover_a_total_that_is_a_multiple_of_the_page_size() {
    let gateway = FakeGateway::builder().projects(30).start().await;
    let lengths: Vec<usize> = page_lengths(&gateway, 4, 15).await;
    assert_eq!(lengths, [15, 15, 0, 0]);
}

async fn page_lengths(gateway: &FakeGateway, pages: u32, size: u32) -> Vec<usize> {
    let mut lengths = Vec::new();
    for number in 1..=pages {
        let body = page(gateway, &format!("?page={number}&pageSize={size}")).await;
        lengths.push(body["projects"].as_array().unwrap().len());
    }
    lengths
}

#[tokio::test]
async fn defaults_are_page_one_of_ten() {
    let gateway = FakeGateway::builder().projects(12).start().await;
    let body = page(&gateway, "").await;
    assert_eq!(
        body["projects"].as_array().unwrap()[..],
        gateway.projects()[..10]
    );
    // The reference example's lower-case `pagesize` is not the parameter.
    let body = page(&gateway, "?page=2&pagesize=1").await;
    assert_eq!(body["projects"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn page_zero_and_bad_sizes_are_bad_requests() {
    let gateway = FakeGateway::start().await;
    for query in ["?page=0", "?page=-1", "?pageSize=0", "?page=x"] {
        let reply = signed_get(&gateway, &format!("/nsml/v1/projects{query}"))
            .await
            .unwrap();
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(reply.json()["error"]["errorCode"], "100");
    }
}

#[tokio::test]
async fn quirks_show_up_on_the_wire() {
    let gateway = FakeGateway::builder()
        .projects(6)
        .example_date_names_every(2)
        .unknown_status_every(3)
        .start()
        .await;
    let projects = page(&gateway, "").await["projects"].clone();
    assert!(projects[0].get("createdDate").is_some());
    assert!(projects[1].get("createDate").is_some() && projects[1].get("updateDate").is_some());
    assert_eq!(projects[2]["status"], UNKNOWN_PROJECT_STATUS);
    let date = projects[0]["createdDate"].as_str().unwrap();
    assert_eq!(date.len(), "2024-09-02T15:44:43".len(), "{date}");
}
