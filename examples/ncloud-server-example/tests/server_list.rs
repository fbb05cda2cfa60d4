//! `getServerInstanceList` against an httpmock gateway that recomputes every signature.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use ncloud_core::client::RetryConfig;
use ncloud_core::datetime::DateTime;
use ncloud_core::{Client, Credentials};
use ncloud_pagination::PaginationErrorKind;
use ncloud_server_example::{ServerClient, ServerInstance};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIDSERVEREXAMPLE";
const SECRET_KEY: &str = "server-example-secret-key";
const PATH: &str = "/vserver/v2/getServerInstanceList";

/// Recomputes signature v2 from the request as received, independently of the client's signer.
fn signature_is_valid(req: &HttpMockRequest) -> bool {
    ncloud_testkit::signature_matches(req, &Credentials::new(ACCESS_KEY, SECRET_KEY))
}

fn query(req: &HttpMockRequest, key: &str) -> Option<String> {
    req.query_params()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn server_client(server: &MockServer) -> ServerClient {
    // Retries on, with backoffs short enough for a test.
    let retry = RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5));
    let core = Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .endpoint(server.base_url())
        .retry(retry)
        .build()
        .unwrap();
    ServerClient::new(core)
}

/// Server `i` (from 0) of the fake account, as the API writes it.
fn server_json(i: u64) -> Value {
    json!({
        "serverInstanceNo": format!("{}", 1_000_000 + i),
        "serverName": format!("server-{i:02}"),
        "serverInstanceStatus": {"code": "RUN", "codeName": "Server run state"},
        "privateIp": format!("10.0.0.{i}"),
        "publicIp": if i.is_multiple_of(2) { Value::Null } else { json!(format!("203.0.113.{i}")) },
        "createDate": "2024-09-02T15:44:43",
        "serverImageProductCode": "SW.VSVR.OS.LNX64.ROCKY.0810.B050",
        "blockStorageInstanceNoList": ["1", "2"]
    })
}

/// A gateway holding `total` servers that answers any page, checking the signature and the query.
fn serve_pages(
    total: u64,
    seen: Arc<Mutex<Vec<u64>>>,
) -> impl Fn(&HttpMockRequest) -> HttpMockResponse {
    move |req| {
        let page: u64 = query(req, "pageNo").unwrap().parse().unwrap();
        let size: u64 = query(req, "pageSize").unwrap().parse().unwrap();
        seen.lock().unwrap().push(page);
        let list: Vec<Value> = ((page - 1) * size..(page * size).min(total))
            .map(server_json)
            .collect();
        let body = json!({"getServerInstanceListResponse": {
            "requestId": "r", "returnCode": "0", "returnMessage": "success",
            "totalRows": total, "serverInstanceList": list
        }});
        HttpMockResponse::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(body.to_string())
            .build()
    }
}

#[tokio::test]
async fn lists_every_server_once_in_order_with_signed_requests() {
    let server = MockServer::start_async().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(PATH)
                .query_param("responseFormatType", "json")
                .query_param("pageSize", "10")
                .query_param("regionCode", "KR")
                .is_true(signature_is_valid);
            then.respond_with(serve_pages(23, seen.clone()));
        })
        .await;

    let servers: Vec<ServerInstance> = server_client(&server)
        .list_server_instances(Some("KR"))
        .page_size(10)
        .items()
        .try_collect()
        .await
        .unwrap();

    let ids: Vec<&str> = servers
        .iter()
        .map(|s| s.server_instance_no.as_str())
        .collect();
    let expected: Vec<String> = (0..23).map(|i| format!("{}", 1_000_000 + i)).collect();
    assert_eq!(ids, expected);
    mock.assert_calls_async(3).await;
    let mut pages = seen.lock().unwrap().clone();
    pages.sort_unstable();
    assert_eq!(pages, [1, 2, 3], "each page fetched exactly once");

    let first = &servers[1];
    assert_eq!(first.server_name.as_deref(), Some("server-01"));
    let status = first.server_instance_status.as_ref().unwrap();
    assert_eq!(status.code.as_deref(), Some("RUN"));
    assert_eq!(first.public_ip.as_deref(), Some("203.0.113.1"));
    assert_eq!(servers[0].public_ip, None);
    assert_eq!(first.private_ip.as_deref(), Some("10.0.0.1"));
    assert!(matches!(first.create_date, Some(DateTime::Local(_))));
}

#[tokio::test]
async fn region_code_is_optional_and_the_default_page_size_is_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(PATH)
                .query_param("pageNo", "1")
                .query_param("pageSize", "100")
                .query_param("responseFormatType", "json")
                .query_param_missing("regionCode")
                .is_true(signature_is_valid);
            then.status(200)
                .json_body(json!({"getServerInstanceListResponse": {
                    "totalRows": 1,
                    "serverInstanceList": [{"serverInstanceNo": "42"}]
                }}));
        })
        .await;
    let mut items = server_client(&server).list_server_instances(None).items();
    let only = items.next().await.unwrap().unwrap();
    assert_eq!(only.server_instance_no, "42");
    assert_eq!(only.server_name, None);
    assert!(items.next().await.is_none());
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_error_response_is_a_typed_core_error_with_its_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path(PATH).is_true(signature_is_valid);
            then.status(400).json_body(json!({"responseError": {
                "returnCode": "1200",
                "returnMessage": "Invalid parameter: regionCode"
            }}));
        })
        .await;
    let error = server_client(&server)
        .list_server_instances(Some("MARS"))
        .items()
        .try_collect()
        .await
        .unwrap_err();
    assert_eq!(error.operation(), Some("vserver.GetServerInstanceList"));
    let PaginationErrorKind::Fetch { page: 1, source } = error.into_kind() else {
        panic!("expected a fetch error on page 1");
    };
    assert!(source.is_service(), "{source}");
    assert_eq!(source.http_status(), Some(400));
    assert_eq!(source.operation(), Some("vserver.GetServerInstanceList"));
    // The Server API's `returnCode`/`returnMessage` shape is understood by the core.
    assert_eq!(source.code(), Some("1200"));
    assert!(source.message().is_some(), "{source}");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_page_throttled_then_served_drops_the_listing_to_one_page_at_a_time() {
    let server = MockServer::start_async().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let serve = serve_pages(30, Arc::new(Mutex::new(Vec::new())));
    let counter = calls.clone();
    let mock = server
        .mock_async(move |when, then| {
            when.path(PATH).is_true(signature_is_valid);
            then.respond_with(move |req: &HttpMockRequest| {
                if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                    return HttpMockResponse::builder()
                        .status(429)
                        .body(r#"{"error":{"errorCode":"410","message":"Throttle Limited"}}"#)
                        .build();
                }
                serve(req)
            });
        })
        .await;
    let mut items = server_client(&server)
        .list_server_instances(None)
        .page_size(10)
        .items();
    assert_eq!(items.concurrency(), ncloud_pagination::DEFAULT_CONCURRENCY);
    assert!(items.next().await.unwrap().is_ok());
    assert_eq!(
        items.concurrency(),
        1,
        "the retried 429 reached the paginator"
    );
    let rest: Vec<_> = items.try_collect().await.unwrap();
    assert_eq!(rest.len(), 29);
    mock.assert_calls_async(4).await;
}

#[tokio::test]
async fn a_page_size_out_of_range_sends_nothing() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path(PATH);
            then.status(500);
        })
        .await;
    let error = server_client(&server)
        .list_server_instances(None)
        .page_size(0)
        .items()
        .try_collect()
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::InvalidPageSize { size: 0, .. }
    ));
    mock.assert_calls_async(0).await;
}
