use serde_json::Value;

use super::client::signed_get;
use crate::FakeGateway;

async fn page(gateway: &FakeGateway, query: &str) -> Value {
    let reply = signed_get(gateway, &format!("/api/v1/workspaces{query}"))
        .await
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(
        (&body["code"], &body["message"]),
        (&"0".into(), &"success".into())
    );
    body
}

#[tokio::test]
async fn pages_cover_the_bench_data_set() {
    let gateway = FakeGateway::builder().workspaces(2_345).start().await;
    let first = page(&gateway, "?pageNum=1&pageSize=100").await;
    assert_eq!(first["result"]["totalCount"], 2_345);
    assert_eq!(first["result"]["totalPage"], 24);
    let mut seen = Vec::new();
    for number in 1..=24 {
        let body = page(&gateway, &format!("?pageNum={number}&pageSize=100")).await;
        let result = &body["result"];
        assert_eq!(
            (&result["pageNo"], &result["pageSize"]),
            (&number.into(), &100.into())
        );
        seen.extend(result["content"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(seen.len(), 2_345);
    assert_eq!(seen, gateway.workspaces());
    let past = page(&gateway, "?pageNum=25&pageSize=100").await;
    assert!(past["result"]["content"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_total_that_is_a_multiple_of_the_page_size_has_full_last_page() {
    let gateway = FakeGateway::builder().workspaces(300).start().await;
    let last = page(&gateway, "?pageNum=3&pageSize=100").await;
    assert_eq!(last["result"]["totalPage"], 3);
    assert_eq!(last["result"]["content"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn page_size_defaults_to_1000() {
    let gateway = FakeGateway::builder().workspaces(1_001).start().await;
    let body = page(&gateway, "?pageNum=1").await;
    assert_eq!(body["result"]["pageSize"], 1_000);
    assert_eq!(body["result"]["totalPage"], 2);
    assert_eq!(body["result"]["content"].as_array().unwrap().len(), 1_000);
}

#[tokio::test]
async fn invalid_paging_gets_the_mi_error_envelope() {
    let gateway = FakeGateway::start().await;
    for query in [
        "",
        "?pageSize=10",
        "?pageNum=0",
        "?pageNum=1&pageSize=0",
        "?pageNum=1&pageSize=1001",
    ] {
        let reply = signed_get(&gateway, &format!("/api/v1/workspaces{query}"))
            .await
            .unwrap();
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(
            reply.json(),
            serde_json::json!({"code": "10001", "message": "Invalid Request."})
        );
    }
    assert_eq!(gateway.requests(crate::Route::Workspaces), 5);
    assert!(gateway.hits_by_page(crate::Route::Workspaces).is_empty());
}
