//! `list_workspaces` against httpmock: every request's signature is recomputed by the mock from what
//! it received; decoding of the reference page's example; paging; error envelopes and gateway errors.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse, Mock};
use ncloud_core::client::RetryConfig;
use ncloud_core::time::ManualTimeSource;
use ncloud_mi::{Client, Credentials, DateTime, Error, PaginationErrorKind};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIDMITEST";
const SECRET_KEY: &str = "mi-secret-key-value";
const PATH: &str = "/api/v1/workspaces";

/// The response example of the reference page "Get workspace list", verbatim.
const REFERENCE_EXAMPLE: &str = r#"{
    "code": "0",
    "message": "success",
    "result": {
        "totalCount": 2,
        "totalPage": 1,
        "pageNo": 1,
        "pageSize": 100,
        "content": [
            {
                "workspaceName": "my-workspace",
                "workspaceUrl": "https://mi.apigw.ntruss.com/api/v1/workspaces/my-workspace",
                "bucketName": "my-bucket",
                "createdUserName": "user123",
                "createdTime": "2026-03-18T10:30:00",
                "updatedUserName": "user123",
                "updatedTime": "2026-03-18T10:30:00"
            },
            {
                "workspaceName": "test-workspace",
                "workspaceUrl": "https://mi.apigw.ntruss.com/api/v1/workspaces/test-workspace",
                "bucketName": "test-bucket",
                "createdUserName": "user456",
                "createdTime": "2026-03-17T09:00:00",
                "updatedUserName": "user456",
                "updatedTime": "2026-03-17T09:00:00"
            }
        ]
    }
}"#;

/// Recomputes signature v2 from the request as received. The string to sign is built here, not by
/// the crate; httpmock normalises the request line to absolute form, so take its path-and-query.
fn signature_is_valid(req: &HttpMockRequest) -> bool {
    ncloud_testkit::signature_matches(req, &Credentials::new(ACCESS_KEY, SECRET_KEY))
}

fn core(server: &MockServer, retry: RetryConfig) -> ncloud_core::Client {
    ncloud_core::Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .endpoint(server.base_url())
        .retry(retry)
        .clock(ManualTimeSource::new(UNIX_EPOCH))
        .build()
        .unwrap()
}

fn mi(server: &MockServer) -> Client {
    Client::new(core(server, RetryConfig::disabled()))
}

/// A mock of page `page` at `size` that answers `body`, only for correctly signed requests.
async fn page_mock(server: &MockServer, page: u64, size: u32, body: Value) -> Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(PATH)
                .query_param("pageNum", page.to_string())
                .query_param("pageSize", size.to_string())
                .is_true(signature_is_valid);
            then.status(200).json_body(body);
        })
        .await
}

/// A mock that answers every signed request to the path with `status` and `body`.
async fn answer<'a>(server: &'a MockServer, status: u16, body: &str) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            when.path(PATH).is_true(signature_is_valid);
            then.status(status).body(body);
        })
        .await
}

fn workspace(n: u64) -> Value {
    json!({
        "workspaceName": format!("ws-{n:04}"),
        "workspaceUrl": format!("https://mi.apigw.ntruss.com/api/v1/workspaces/ws-{n:04}"),
        "bucketName": format!("bucket-{n}"),
        "createdUserName": "user",
        "createdTime": "2026-03-18T10:30:00",
        "updatedUserName": "user",
        "updatedTime": "2026-03-18T10:30:00"
    })
}

/// Page `page` of a listing of `total` generated workspaces at `size` per page.
fn generated_page(total: u64, size: u32, page: u64) -> Value {
    let size64 = u64::from(size);
    let start = ((page - 1) * size64).min(total);
    let end = (start + size64).min(total);
    json!({
        "code": "0",
        "message": "success",
        "result": {
            "totalCount": total,
            "totalPage": total.div_ceil(size64),
            "pageNo": page,
            "pageSize": size,
            "content": (start..end).map(workspace).collect::<Vec<_>>(),
        }
    })
}

fn single_page(content: Value) -> Value {
    json!({
        "code": "0",
        "message": "success",
        "result": {"totalCount": 1, "totalPage": 1, "pageNo": 1, "pageSize": 1000, "content": content}
    })
}

#[tokio::test]
async fn the_reference_example_decodes() {
    let server = MockServer::start_async().await;
    let example: Value = serde_json::from_str(REFERENCE_EXAMPLE).unwrap();
    let mock = page_mock(&server, 1, 100, example.clone()).await;

    let page = mi(&server)
        .list_workspaces()
        .page_size(100)
        .send()
        .await
        .unwrap();

    mock.assert_calls_async(1).await;
    assert_eq!(
        (
            page.total_count(),
            page.total_pages(),
            page.number(),
            page.page_size()
        ),
        (Some(2), Some(1), 1, Some(100))
    );
    let names: Vec<_> = page
        .items()
        .iter()
        .map(|w| w.workspace_name.as_str())
        .collect();
    assert_eq!(names, ["my-workspace", "test-workspace"]);
    let first = &page.items()[0];
    assert_eq!(
        first.workspace_url.as_deref(),
        Some("https://mi.apigw.ntruss.com/api/v1/workspaces/my-workspace")
    );
    assert_eq!(first.bucket_name.as_deref(), Some("my-bucket"));
    assert_eq!(first.created_user_name.as_deref(), Some("user123"));
    assert_eq!(first.updated_user_name.as_deref(), Some("user123"));
    let created = first.created_time.as_ref().unwrap();
    assert!(matches!(created, DateTime::Local(_)), "{created:?}");
    assert_eq!(created.to_string(), "2026-03-18T10:30:00");
    assert_eq!(first.updated_time, first.created_time);
    assert_eq!(
        page.items()[1].created_time,
        Some(DateTime::parse("2026-03-17T09:00:00"))
    );
    // Serialising gives back the API's own items, names and values.
    assert_eq!(
        serde_json::to_value(page.items()).unwrap(),
        example["result"]["content"]
    );
}

#[tokio::test]
async fn sparse_odd_and_unknown_fields() {
    let server = MockServer::start_async().await;
    page_mock(
        &server,
        1,
        1000,
        single_page(json!([
            {"workspaceName": "absent", "workspaceUrl": "u1", "createdTime": "18/03/2026 10:30"},
            {"workspaceName": "null", "workspaceUrl": "u2", "bucketName": null, "updatedTime": null,
             "createdUserName": null, "future": {"field": [1, 2]}},
        ])),
    )
    .await;

    let page = mi(&server).list_workspaces().send().await.unwrap();

    let [absent, null] = page.items() else {
        panic!("{page:?}")
    };
    assert_eq!(
        (absent.bucket_name.as_deref(), null.bucket_name.as_deref()),
        (None, None)
    );
    assert_eq!(
        absent.created_time,
        Some(DateTime::Raw("18/03/2026 10:30".into()))
    );
    assert_eq!(
        serde_json::to_value(absent).unwrap()["createdTime"],
        "18/03/2026 10:30"
    );
    assert_eq!(null.updated_time, None);
    assert_eq!(null.created_user_name, None);
}

#[tokio::test]
async fn a_workspace_without_its_name_is_a_decode_error() {
    let server = MockServer::start_async().await;
    page_mock(
        &server,
        1,
        1000,
        single_page(json!([{"workspaceUrl": "u"}])),
    )
    .await;
    let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
    assert!(e.is_decode(), "{e}");
    assert!(
        ncloud_mi::ErrorChain(&e)
            .to_string()
            .contains("workspaceName"),
        "{e}"
    );
}

#[tokio::test]
async fn page_num_and_page_size_are_always_sent() {
    let server = MockServer::start_async().await;
    let first = page_mock(&server, 1, 1000, generated_page(3, 1000, 1)).await;
    let third = page_mock(&server, 3, 2, generated_page(6, 2, 3)).await;
    let client = mi(&server);

    let page = client.list_workspaces().send().await.unwrap();
    assert_eq!(page.len(), 3);
    let page = client
        .list_workspaces()
        .page(3)
        .page_size(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items()[0].workspace_name, "ws-0004");

    first.assert_calls_async(1).await;
    third.assert_calls_async(1).await;
}

#[tokio::test]
async fn out_of_range_settings_send_nothing() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(generated_page(1, 1000, 1));
        })
        .await;
    let client = mi(&server);

    for list in [
        client.list_workspaces().page_size(0),
        client.list_workspaces().page_size(1001),
        client.list_workspaces().page(0),
    ] {
        let e = Error::from(list.clone().send().await.unwrap_err());
        assert!(e.is_configuration(), "{e}");
        assert_eq!(e.attempts(), 0);
        let mut items = list.items();
        let e = items.next().await.unwrap().unwrap_err();
        assert!(e.is_invalid_config(), "{e}");
        assert!(items.next().await.is_none());
    }
    let e = client
        .list_workspaces()
        .page_size(1001)
        .send()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("1001"), "{e}");
    // The page size is refused in the listing's name, also as the one error type of NCP calls.
    assert!(
        e.to_string()
            .starts_with("mi.ListWorkspaces: page size 1001 is not accepted"),
        "{e}"
    );
    assert_eq!(Error::from(e).operation(), Some("mi.ListWorkspaces"));
    any.assert_calls_async(0).await;
}

/// Every page of a listing is fetched exactly once and every workspace comes out once, in order.
async fn lists_everything_once(total: u64, size: u32, concurrency: Option<usize>) {
    let server = MockServer::start_async().await;
    let pages = total.div_ceil(u64::from(size));
    let mut mocks = Vec::new();
    for page in 1..=pages {
        mocks.push(page_mock(&server, page, size, generated_page(total, size, page)).await);
    }
    let mut list = mi(&server).list_workspaces().page_size(size);
    if let Some(concurrency) = concurrency {
        list = list.concurrency(concurrency);
    }

    let names: Vec<String> = list
        .try_collect()
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.workspace_name)
        .collect();

    let expected: Vec<String> = (0..total).map(|n| format!("ws-{n:04}")).collect();
    assert_eq!(names, expected);
    for (page, mock) in mocks.iter().enumerate() {
        assert_eq!(mock.calls_async().await, 1, "page {}", page + 1);
    }
}

#[tokio::test]
async fn total_a_multiple_of_the_page_size() {
    lists_everything_once(300, 100, None).await;
    lists_everything_once(300, 100, Some(1)).await;
}

#[tokio::test]
async fn total_not_a_multiple_of_the_page_size() {
    lists_everything_once(250, 100, None).await;
    lists_everything_once(250, 100, Some(1)).await;
}

#[tokio::test]
async fn empty_account_is_one_request() {
    let server = MockServer::start_async().await;
    let mock = page_mock(&server, 1, 1000, generated_page(0, 1000, 1)).await;
    assert!(
        mi(&server)
            .list_workspaces()
            .try_collect()
            .await
            .unwrap()
            .is_empty()
    );
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn pages_stream_and_start_page() {
    let server = MockServer::start_async().await;
    for page in 2..=3 {
        page_mock(&server, page, 100, generated_page(250, 100, page)).await;
    }
    let pages = mi(&server)
        .list_workspaces()
        .page(2)
        .page_size(100)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<_> = pages.into_iter().map(|p| p.len()).collect();
    assert_eq!(sizes, [100, 50]);
}

#[tokio::test]
async fn error_code_with_http_200_is_a_service_error() {
    for body in [
        r#"{"code":"10001","message":"Invalid Request."}"#,
        r#"{"code":10001,"message":"Invalid Request.","result":null}"#,
    ] {
        let server = MockServer::start_async().await;
        answer(&server, 200, body).await;
        let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
        assert!(e.is_service() && !e.is_decode(), "{e}");
        assert_eq!(e.http_status(), Some(200));
        assert_eq!(e.code(), Some("10001"));
        assert_eq!(e.message(), Some("Invalid Request."));
    }
}

#[tokio::test]
async fn wrapped_response_error_with_http_400_or_200() {
    for status in [400, 200] {
        let server = MockServer::start_async().await;
        answer(
            &server,
            status,
            r#"{"responseError":{"code":"10014","message":"Workspace not found."}}"#,
        )
        .await;
        let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
        assert!(e.is_service(), "{e}");
        assert_eq!(e.http_status(), Some(status));
        assert_eq!(e.code(), Some("10014"));
        assert_eq!(e.message(), Some("Workspace not found."));
    }
}

#[tokio::test]
async fn success_without_result_is_a_decode_error() {
    let server = MockServer::start_async().await;
    answer(&server, 200, r#"{"code":"0","message":"success"}"#).await;
    let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
    // A list's answer must hold its page: `result` absent reads as null, which is no page.
    assert!(e.is_decode(), "{e}");
    assert!(e.to_string().starts_with("mi.ListWorkspaces: "), "{e}");
    let chain = ncloud_mi::ErrorChain(&e).to_string();
    assert!(chain.contains("expected an object, got null"), "{chain}");
}

#[tokio::test]
async fn gateway_errors_are_typed() {
    let server = MockServer::start_async().await;
    answer(
        &server,
        401,
        r#"{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}"#,
    )
    .await;
    let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
    assert!(e.is_auth(), "{e}");
    assert_eq!((e.http_status(), e.code()), (Some(401), Some("200")));

    let server = MockServer::start_async().await;
    let throttled = answer(
        &server,
        429,
        r#"{"error":{"errorCode":420,"message":"Rate Limited"}}"#,
    )
    .await;
    let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
    assert!(e.is_throttling(), "{e}");
    assert_eq!(e.code(), Some("420"));
    throttled.assert_calls_async(1).await;

    let server = MockServer::start_async().await;
    answer(
        &server,
        502,
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    )
    .await;
    let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
    assert!(e.is_server_error() && e.is_transient(), "{e}");
    assert_eq!(e.http_status(), Some(502));
    assert!(
        e.body_excerpt().unwrap().contains("502 Bad Gateway"),
        "{e:?}"
    );

    let server = MockServer::start_async().await;
    answer(
        &server,
        200,
        r#"{"code":"0","message":"success","result":{"totalCount":2,"#,
    )
    .await;
    let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
    assert!(e.is_decode(), "{e}");
    assert_eq!(e.http_status(), None);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start_async().await;
    page_mock(&server, 1, 100, generated_page(250, 100, 1)).await;
    server
        .mock_async(|when, then| {
            when.path(PATH)
                .query_param("pageNum", "2")
                .is_true(signature_is_valid);
            then.status(200)
                .body(r#"{"code":"10023","message":"Temporarily unavailable."}"#);
        })
        .await;
    page_mock(&server, 3, 100, generated_page(250, 100, 3)).await;

    let mut items = mi(&server)
        .list_workspaces()
        .page_size(100)
        .concurrency(1)
        .items();
    let mut seen = 0;
    let error = loop {
        match items.next().await.unwrap() {
            Ok(_) => seen += 1,
            Err(e) => break e,
        }
    };
    assert_eq!(seen, 100);
    assert_eq!(error.resume_page(), Some(2));
    let service: &Error = error.service_error().unwrap();
    assert_eq!(service.code(), Some("10023"));
    assert!(matches!(
        error.kind(),
        PaginationErrorKind::Fetch { page: 2, .. }
    ));
    // The listing names itself; the service's error (its source) is not repeated.
    assert_eq!(
        error.to_string(),
        "mi.ListWorkspaces: page 2 could not be fetched"
    );
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn a_retried_429_drops_the_listing_to_one_page_at_a_time() {
    let server = MockServer::start_async().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    server
        .mock_async(move |when, then| {
            when.path(PATH).is_true(signature_is_valid);
            then.respond_with(move |req: &HttpMockRequest| {
                if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                    return HttpMockResponse::builder()
                        .status(429)
                        .body(r#"{"error":{"errorCode":"410","message":"Throttle Limited"}}"#)
                        .build();
                }
                let page = req
                    .query_params()
                    .into_iter()
                    .find(|(k, _)| k == "pageNum")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(1);
                HttpMockResponse::builder()
                    .status(200)
                    .body(generated_page(30, 10, page).to_string())
                    .build()
            });
        })
        .await;
    let client = Client::new(core(&server, RetryConfig::standard()));

    let mut items = client.list_workspaces().page_size(10).items();
    assert_eq!(
        items.concurrency(),
        ncloud_mi::ncloud_pagination::DEFAULT_CONCURRENCY
    );
    let first = items.next().await.unwrap().unwrap();
    assert_eq!(first.workspace_name, "ws-0000");
    assert_eq!(items.concurrency(), 1);
    let rest = items.try_collect().await.unwrap();
    assert_eq!(rest.len(), 29);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn with_endpoint_takes_the_full_base_url() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/custom/api/v1/workspaces")
                .query_param("pageNum", "1")
                .is_true(signature_is_valid);
            then.status(200).json_body(generated_page(1, 1000, 1));
        })
        .await;
    let core = ncloud_core::Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .build()
        .unwrap();
    let client = Client::new(core).with_endpoint(server.url("/custom/api/v1/"));
    assert_eq!(client.endpoint(), server.url("/custom/api/v1"));
    let page = client.list_workspaces().send().await.unwrap();
    assert_eq!(page.len(), 1);
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_server_that_caps_the_page_size_still_gives_every_workspace_once() {
    let server = MockServer::start_async().await;
    // Asked for 1000, the server applies 100 (and says so in `pageSize`) over 250 workspaces.
    let first = page_mock(&server, 1, 1000, generated_page(250, 100, 1)).await;
    let rest = [
        page_mock(&server, 2, 100, generated_page(250, 100, 2)).await,
        page_mock(&server, 3, 100, generated_page(250, 100, 3)).await,
    ];

    let all = mi(&server)
        .list_workspaces()
        .page_size(1000)
        .try_collect()
        .await
        .unwrap();

    let names: Vec<_> = all.iter().map(|w| w.workspace_name.clone()).collect();
    let expected: Vec<_> = (0..250).map(|n| format!("ws-{n:04}")).collect();
    assert_eq!(names, expected);
    first.assert_calls_async(1).await;
    for mock in rest {
        mock.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn a_gateway_error_or_a_code_that_is_not_zero_is_never_success() {
    for (body, code) in [
        (
            r#"{"error":{"errorCode":"210","message":"Permission Denied"}}"#,
            Some("210"),
        ),
        (r#"{"code":0.5,"message":"odd","result":{}}"#, Some("0.5")),
        (
            r#"{"code":false,"message":"odd","result":{}}"#,
            Some("false"),
        ),
        (r#"{"code":"00x","message":"odd","result":{}}"#, Some("00x")),
    ] {
        let server = MockServer::start_async().await;
        answer(&server, 200, body).await;
        let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
        assert!(e.is_service(), "{body}: {e}");
        assert_eq!(e.code(), code, "{body}");
        assert!(
            e.to_string().starts_with("mi.ListWorkspaces: HTTP 200"),
            "{e}"
        );
    }
}

#[tokio::test]
async fn a_bad_field_is_named_by_its_path_in_the_envelope() {
    let server = MockServer::start_async().await;
    answer(
        &server,
        200,
        r#"{"code":"0","result":{"content":[],"totalCount":1.5,"totalPage":1}}"#,
    )
    .await;
    let e = Error::from(mi(&server).list_workspaces().send().await.unwrap_err());
    assert!(e.is_decode(), "{e}");
    let chain = ncloud_mi::ErrorChain(&e).to_string();
    assert!(chain.contains("result.totalCount"), "{chain}");
    assert!(chain.contains("1.5"), "{chain}");
}

#[tokio::test]
async fn a_paging_guard_names_the_listing() {
    let server = MockServer::start_async().await;
    // Page 1 of 250 at 100 a page holds 50 workspaces, and the server does not say it capped it.
    let mut short = generated_page(250, 100, 1);
    short["result"]["content"]
        .as_array_mut()
        .unwrap()
        .truncate(50);
    page_mock(&server, 1, 100, short).await;

    let error = mi(&server)
        .list_workspaces()
        .page_size(100)
        .try_collect()
        .await
        .unwrap_err();

    assert!(
        matches!(
            error.kind(),
            PaginationErrorKind::ShortPage {
                page: 1,
                len: 50,
                size: 100
            }
        ),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("mi.ListWorkspaces: page 1 holds 50 items for a page size of 100"),
        "{error}"
    );
    let error = Error::from(error);
    assert!(error.is_listing(), "{error}");
    assert_eq!(error.operation(), Some("mi.ListWorkspaces"));
    assert!(
        error
            .to_string()
            .starts_with("mi.ListWorkspaces: page 1 holds")
    );
}
