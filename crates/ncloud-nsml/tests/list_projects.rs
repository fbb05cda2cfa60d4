//! `GET /nsml/v1/projects` against httpmock: every request's signature is recomputed from what the
//! server received, pages are counted, and error answers come back as typed errors.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse, Mock};
use ncloud_core::client::RetryConfig;
use ncloud_core::time::ManualTimeSource;
use ncloud_nsml::{Client, Credentials, DateTime, PaginationErrorKind, Project, ProjectStatus};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIDNSMLTEST";
const SECRET_KEY: &str = "nsml-secret-key-value";
const API_KEY: &str = "nsml-api-gateway-key";
const PATH: &str = "/nsml/v1/projects";

/// Recomputes signature v2 from the request as received: method, raw path-and-query, headers. The
/// string-to-sign is built here, independently of ncloud-core's own.
fn signature_is_valid(req: &HttpMockRequest) -> bool {
    ncloud_testkit::signature_matches(req, &Credentials::new(ACCESS_KEY, SECRET_KEY))
}

/// A signed request carrying the API key, with exactly this query string.
fn signed_with_query(query: String) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    move |req| {
        let api_key = req
            .headers()
            .get("x-ncp-apigw-api-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        signature_is_valid(req)
            && api_key.as_deref() == Some(API_KEY)
            && req.uri().query() == Some(query.as_str())
    }
}

fn core(server: &MockServer, api_key: bool, retry: RetryConfig) -> ncloud_core::Client {
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY);
    let credentials = if api_key {
        credentials.with_api_key(API_KEY)
    } else {
        credentials
    };
    ncloud_core::Client::builder()
        .credentials(credentials)
        .endpoint(server.base_url())
        .retry(retry)
        .clock(ManualTimeSource::new(UNIX_EPOCH))
        .build()
        .unwrap()
}

fn nsml(server: &MockServer) -> Client {
    Client::new(core(server, true, RetryConfig::disabled()))
}

fn project(i: u64) -> Value {
    json!({
        "projectId": format!("prj-{i:04}"),
        "vpcNo": 34_000 + i,
        "projectName": format!("project {i}"),
        "status": "CREATED",
        "userNo": 2_680_000 + i,
        "runCount": i,
        "nodeCount": 1,
        "createdDate": "2024-09-02T15:44:43",
        "updatedDate": "2024-09-02T15:44:59",
    })
}

fn ids(range: std::ops::Range<u64>) -> Vec<String> {
    range.map(|i| format!("prj-{i:04}")).collect()
}

/// Page `page` of `size` over `total` generated projects, answered only to a correctly signed
/// request with exactly `page={page}&pageSize={size}`.
async fn page_mock(server: &MockServer, page: u64, size: u64, total: u64) -> Mock<'_> {
    let start = ((page - 1) * size).min(total);
    let end = (start + size).min(total);
    let projects: Vec<Value> = (start..end).map(project).collect();
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(PATH)
                .is_true(signed_with_query(format!("page={page}&pageSize={size}")));
            then.status(200)
                .json_body(json!({"projects": projects, "totalCount": total}));
        })
        .await
}

/// Any request to the projects path: for tests that assert nothing (more) was sent.
async fn any_mock<'a>(server: &'a MockServer, status: u16, body: &str) -> Mock<'a> {
    let body = body.to_owned();
    server
        .mock_async(|when, then| {
            when.path(PATH);
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

#[tokio::test]
async fn the_reference_example_decodes() {
    let server = MockServer::start_async().await;
    // The reference page's response example, with its masks (`34***`, `268****`, `******`)
    // replaced by digits and letters: masked numbers are not valid JSON.
    let body = r#"{
        "projects": [
            {
                "projectId": "abcdefygz0iujnabcdef",
                "vpcNo": 34123,
                "projectName": "project",
                "status": "CREATED",
                "userNo": 2681234,
                "runCount": 0,
                "nodeCount": 0,
                "createDate": "2024-09-02T15:44:43",
                "updateDate": "2024-09-02T15:44:59"
            }
        ],
        "totalCount": 1
    }"#;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(PATH)
                .is_true(signed_with_query("page=1&pageSize=10".into()));
            then.status(200).body(body);
        })
        .await;

    let page = nsml(&server).list_projects().send().await.unwrap();

    let mut expected = Project::new("abcdefygz0iujnabcdef");
    expected.vpc_no = Some(34123);
    expected.project_name = Some("project".into());
    expected.status = Some(ProjectStatus::Created);
    expected.user_no = Some(2_681_234);
    expected.run_count = Some(0);
    expected.node_count = Some(0);
    expected.created_date = Some(DateTime::parse("2024-09-02T15:44:43"));
    expected.updated_date = Some(DateTime::parse("2024-09-02T15:44:59"));
    assert_eq!(page.items(), vec![expected]);
    assert_eq!(page.total_count(), Some(1));
    assert!(matches!(
        page.items()[0].created_date,
        Some(DateTime::Local(_))
    ));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn unknown_status_unknown_fields_and_odd_dates_do_not_fail_the_page() {
    let server = MockServer::start_async().await;
    let body = json!({
        "projects": [
            {
                "projectId": "p-1",
                "status": "SUSPENDED",
                "createdDate": "02/09/2024 3:44 PM",
                "updatedDate": 1725259499,
                "quota": {"gpu": 4},
                "tags": ["a"]
            },
            {"projectId": "p-2", "vpcNo": 18446744073709551615u64}
        ],
        "totalCount": 2,
        "requestId": "r-1"
    });
    let mock = server
        .mock_async(|when, then| {
            when.path(PATH)
                .is_true(signed_with_query("page=1&pageSize=10".into()));
            then.status(200).json_body(body);
        })
        .await;

    let page = nsml(&server).list_projects().send().await.unwrap();

    let first = &page.items()[0];
    assert_eq!(
        first.status,
        Some(ProjectStatus::Unknown("SUSPENDED".into()))
    );
    assert_eq!(
        first.created_date,
        Some(DateTime::Raw("02/09/2024 3:44 PM".into()))
    );
    assert_eq!(first.updated_date, Some(DateTime::Raw("1725259499".into())));
    assert_eq!(first.vpc_no, None);
    assert_eq!(page.items()[1].vpc_no, Some(u64::MAX));
    // Serialised back (as the CLI prints it), the unknown status is kept as sent.
    let printed = serde_json::to_value(first).unwrap();
    assert_eq!(printed["status"], "SUSPENDED");
    assert_eq!(printed["createdDate"], "02/09/2024 3:44 PM");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn page_and_page_size_are_sent_as_documented() {
    let server = MockServer::start_async().await;
    let mock = page_mock(&server, 3, 25, 100).await;

    let page = nsml(&server)
        .list_projects()
        .page(3)
        .page_size(25)
        .send()
        .await
        .unwrap();

    assert_eq!(
        page.items()
            .iter()
            .map(|p| &p.project_id)
            .collect::<Vec<_>>(),
        ids(50..75).iter().collect::<Vec<_>>()
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn without_an_api_key_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let mock = any_mock(&server, 200, r#"{"projects":[],"totalCount":0}"#).await;
    let nsml = Client::new(core(&server, false, RetryConfig::disabled()));

    let error = ncloud_nsml::Error::from(nsml.list_projects().send().await.unwrap_err());
    assert!(error.is_configuration(), "{error}");
    let text = error.to_string();
    for hint in ["NCLOUD_API_KEY", "ncloud_api_key", "api_key"] {
        assert!(text.contains(hint), "{text}");
    }

    let mut items = nsml.list_projects().items();
    let error = items.next().await.unwrap().unwrap_err();
    assert!(error.service_error().unwrap().is_configuration(), "{error}");
    assert!(items.next().await.is_none());

    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn invalid_page_or_page_size_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = any_mock(&server, 200, r#"{"projects":[],"totalCount":0}"#).await;
    let nsml = nsml(&server);

    let error = ncloud_nsml::Error::from(nsml.list_projects().page(0).send().await.unwrap_err());
    assert!(error.is_configuration(), "{error}");
    assert!(error.to_string().contains("numbered from 1"), "{error}");
    for size in [0, 1001] {
        let error = nsml
            .list_projects()
            .page_size(size)
            .send()
            .await
            .unwrap_err();
        assert!(error.is_invalid_config(), "{error}");
        assert!(error.to_string().contains("1..=1000"), "{error}");
    }

    let error = nsml
        .list_projects()
        .page(0)
        .try_collect()
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), PaginationErrorKind::InvalidStartPage),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "nsml.ListProjects: start page 0 does not exist: pages are numbered from 1"
    );
    let error = nsml
        .list_projects()
        .page_size(0)
        .try_collect()
        .await
        .unwrap_err();
    assert!(error.is_invalid_config(), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("nsml.ListProjects: page size 0 is not accepted"),
        "{error}"
    );
    // As the one error type of NCP calls, it keeps its name.
    let error = ncloud_nsml::Error::from(error);
    assert!(error.is_configuration());
    assert_eq!(error.operation(), Some("nsml.ListProjects"));
    let error = nsml
        .list_projects()
        .concurrency(0)
        .try_collect()
        .await
        .unwrap_err();
    assert!(error.is_invalid_config(), "{error}");

    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn every_page_is_fetched_exactly_once() {
    for (total, size, concurrency) in [
        (30u64, 10u64, 1usize),
        (25, 10, 1),
        (30, 10, 4),
        (25, 10, 4),
        (25, 10, 2),
        (7, 10, 4),
        (0, 10, 4),
        (100, 1, 8),
    ] {
        let server = MockServer::start_async().await;
        let pages = total.div_ceil(size).max(1);
        let mut mocks = Vec::new();
        for page in 1..=pages {
            mocks.push(page_mock(&server, page, size, total).await);
        }
        let stray = any_mock(
            &server,
            404,
            r#"{"error":{"errorCode":"300","message":"Not Found"}}"#,
        )
        .await;

        let projects = nsml(&server)
            .list_projects()
            .page_size(size as u32)
            .concurrency(concurrency)
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("total {total}, size {size}: {e}"));

        let case = format!("total {total}, size {size}, concurrency {concurrency}");
        assert_eq!(
            projects
                .iter()
                .map(|p| p.project_id.clone())
                .collect::<Vec<_>>(),
            ids(0..total),
            "{case}"
        );
        for (i, mock) in mocks.iter().enumerate() {
            assert_eq!(mock.calls_async().await, 1, "{case}: page {}", i + 1);
        }
        assert_eq!(stray.calls_async().await, 0, "{case}");
    }
}

#[tokio::test]
async fn pages_completing_out_of_order_are_yielded_in_order() {
    let server = MockServer::start_async().await;
    let (total, size) = (40u64, 10u64);
    let mut mocks = Vec::new();
    for page in 1..=4u64 {
        let start = (page - 1) * size;
        let projects: Vec<Value> = (start..start + size).map(project).collect();
        // Page 2 answers last.
        let delay = Duration::from_millis(if page == 2 { 300 } else { 0 });
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.path(PATH)
                        .is_true(signed_with_query(format!("page={page}&pageSize={size}")));
                    then.status(200)
                        .delay(delay)
                        .json_body(json!({"projects": projects, "totalCount": total}));
                })
                .await,
        );
    }

    let mut pages = nsml(&server).list_projects().concurrency(3).pages();
    let mut numbers = Vec::new();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        numbers.push(page.number());
        seen.extend(page.into_items().into_iter().map(|p| p.project_id));
    }
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(seen, ids(0..40));
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn a_listing_can_start_at_a_later_page() {
    let server = MockServer::start_async().await;
    let first = page_mock(&server, 1, 10, 25).await;
    let rest = [
        page_mock(&server, 2, 10, 25).await,
        page_mock(&server, 3, 10, 25).await,
    ];

    let projects = nsml(&server)
        .list_projects()
        .page(2)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(
        projects
            .into_iter()
            .map(|p| p.project_id)
            .collect::<Vec<_>>(),
        ids(10..25)
    );
    assert_eq!(first.calls_async().await, 0);
    for mock in &rest {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn a_service_that_caps_the_page_size_fails_the_listing_instead_of_skipping_projects() {
    let server = MockServer::start_async().await;
    // Asked for 1000, the service silently answers with its own 100 while 250 exist.
    let projects: Vec<Value> = (0..100).map(project).collect();
    let mock = server
        .mock_async(|when, then| {
            when.path(PATH)
                .is_true(signed_with_query("page=1&pageSize=1000".into()));
            then.status(200)
                .json_body(json!({"projects": projects, "totalCount": 250}));
        })
        .await;
    let nsml = nsml(&server);

    let error = nsml
        .list_projects()
        .page_size(1000)
        .try_collect()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            PaginationErrorKind::ShortPage {
                page: 1,
                len: 100,
                size: 1000
            }
        ),
        "{error}"
    );
    assert!(
        error.to_string().contains("page size of at most 100"),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("nsml.ListProjects: page 1 holds 100 items"),
        "{error}"
    );

    // One page on its own is returned as the service sent it.
    let page = nsml.list_projects().page_size(1000).send().await.unwrap();
    assert_eq!(page.len(), 100);
    assert_eq!(mock.calls_async().await, 2);
}

/// Checks one error through `send()` and through `items()`.
async fn assert_error(server: &MockServer, nsml: &Client, check: impl Fn(&ncloud_nsml::Error)) {
    let error = nsml.list_projects().send().await.unwrap_err();
    check(error.service_error().unwrap());
    let mut items = nsml.list_projects().items();
    match items.next().await {
        Some(Err(error)) if error.operation() == Some("nsml.ListProjects") => {
            let PaginationErrorKind::Fetch { page, source } = error.into_kind() else {
                panic!("expected a fetch error");
            };
            assert_eq!(page, 1);
            check(&source);
        }
        other => panic!("expected a fetch error, got {other:?}"),
    }
    assert!(items.next().await.is_none());
    let _ = server;
}

#[tokio::test]
async fn gateway_authentication_failure_is_an_auth_error() {
    let server = MockServer::start_async().await;
    let mock = any_mock(
        &server,
        401,
        r#"{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}"#,
    )
    .await;
    assert_error(&server, &nsml(&server), |e| {
        assert!(e.is_auth() && e.is_service() && !e.is_transient(), "{e}");
        assert_eq!(e.http_status(), Some(401));
        assert_eq!(e.code(), Some("200"));
        assert!(
            e.message().unwrap().starts_with("Authentication Failed"),
            "{e}"
        );
    })
    .await;
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn throttling_is_a_throttling_error() {
    let server = MockServer::start_async().await;
    let mock = any_mock(
        &server,
        429,
        r#"{"error":{"errorCode":420,"message":"Rate Limited"}}"#,
    )
    .await;
    assert_error(&server, &nsml(&server), |e| {
        assert!(e.is_throttling(), "{e}");
        assert_eq!(e.code(), Some("420"));
    })
    .await;
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn an_html_bad_gateway_keeps_status_and_excerpt() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path(PATH);
            then.status(502)
                .header("content-type", "text/html")
                .body("<html><body><h1>502 Bad Gateway</h1></body></html>");
        })
        .await;
    assert_error(&server, &nsml(&server), |e| {
        assert_eq!(e.http_status(), Some(502));
        assert!(e.is_server_error() && e.code().is_none(), "{e}");
        assert!(e.body_excerpt().unwrap().contains("502 Bad Gateway"), "{e}");
    })
    .await;
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn an_error_envelope_with_http_200_is_a_service_error() {
    let server = MockServer::start_async().await;
    let mock = any_mock(
        &server,
        200,
        r#"{"error":{"errorCode":"210","message":"Permission Denied","details":"no access"}}"#,
    )
    .await;
    assert_error(&server, &nsml(&server), |e| {
        assert!(e.is_service(), "{e}");
        assert_eq!(e.code(), Some("210"));
        assert_eq!(e.message(), Some("Permission Denied (no access)"));
    })
    .await;
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn truncated_or_wrong_json_is_a_decode_error() {
    for body in [
        r#"{"projects":[{"projectId":"p-1","status":"CRE"#,
        r#"{"projects":[{"projectName":"no id"}],"totalCount":1}"#,
        r#"{"projects":{},"totalCount":1}"#,
        "null",
        "",
    ] {
        let server = MockServer::start_async().await;
        let mock = any_mock(&server, 200, body).await;
        assert_error(&server, &nsml(&server), |e| {
            assert!(e.is_decode(), "{body}: {e}");
            assert!(e.to_string().starts_with("nsml.ListProjects: "), "{e}");
        })
        .await;
        assert_eq!(mock.calls_async().await, 2);
    }
}

#[tokio::test]
async fn a_throttled_page_that_succeeds_on_retry_slows_the_listing_down() {
    let server = MockServer::start_async().await;
    let total = 30u64;
    let first_calls = Arc::new(AtomicUsize::new(0));
    let calls = Arc::clone(&first_calls);
    // Page 1 is throttled once, then answers.
    let first = server
        .mock_async(|when, then| {
            when.path(PATH)
                .is_true(signed_with_query("page=1&pageSize=10".into()));
            then.respond_with(move |_| {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    return HttpMockResponse::builder()
                        .status(429)
                        .body(r#"{"error":{"errorCode":"410","message":"Throttle Limited"}}"#)
                        .build();
                }
                let projects: Vec<Value> = (0..10).map(project).collect();
                HttpMockResponse::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .body(json!({"projects": projects, "totalCount": total}).to_string())
                    .build()
            });
        })
        .await;
    let rest = [
        page_mock(&server, 2, 10, total).await,
        page_mock(&server, 3, 10, total).await,
    ];
    let nsml = Client::new(core(&server, true, RetryConfig::standard()));

    let mut items = nsml.list_projects().concurrency(4).items();
    assert_eq!(items.concurrency(), 4);
    let mut seen = Vec::new();
    while let Some(project) = items.next().await {
        seen.push(project.unwrap().project_id);
        assert_eq!(items.concurrency(), 1);
    }

    assert_eq!(seen, ids(0..30));
    assert_eq!(first.calls_async().await, 2);
    for mock in &rest {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn a_server_repeating_a_page_is_caught() {
    let server = MockServer::start_async().await;
    // Without totals, pages 1 and 2 hold the same full page.
    let projects: Vec<Value> = (0..10).map(project).collect();
    let mock = server
        .mock_async(|when, then| {
            when.path(PATH);
            then.status(200).json_body(json!({ "projects": projects }));
        })
        .await;

    let error = nsml(&server)
        .list_projects()
        .try_collect()
        .await
        .unwrap_err();

    assert!(
        matches!(
            error.kind(),
            PaginationErrorKind::DuplicatePage {
                page: 2,
                previous: 1
            }
        ),
        "{error}"
    );
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn with_endpoint_replaces_the_whole_base_url() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/private/nsml/v1/projects")
                .is_true(signed_with_query("page=1&pageSize=10".into()));
            then.status(200)
                .json_body(json!({"projects": [project(0)], "totalCount": 1}));
        })
        .await;
    let core = ncloud_core::Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .api_key(API_KEY)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let nsml = Client::new(core).with_endpoint(server.url("/private/nsml/v1/"));

    let all = nsml.list_projects().try_collect().await.unwrap();

    assert_eq!(
        all.into_iter()
            .map(|p| p.project_id)
            .collect::<BTreeSet<_>>(),
        ids(0..1).into_iter().collect()
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn the_signature_check_rejects_a_wrong_secret() {
    let server = MockServer::start_async().await;
    let mock = page_mock(&server, 1, 10, 1).await;
    let core = ncloud_core::Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, "not-the-secret").with_api_key(API_KEY))
        .endpoint(server.base_url())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();

    let error = Client::new(core).list_projects().send().await.unwrap_err();
    let error = error.service_error().unwrap();

    // httpmock answers 404 when no mock matches.
    assert_eq!(error.http_status(), Some(404), "{error}");
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn a_2xx_answer_without_projects_is_never_an_empty_listing() {
    for body in [
        "{}",
        r#"{"totalCount":3}"#,
        r#"{"errorCode":"100","errorMessage":"Bad Request"}"#,
        r#"{"responseError":{"code":"10001","message":"Invalid Request."}}"#,
        r#"{"error":"Forbidden"}"#,
        r#"{"code":"10001","message":"Invalid Request."}"#,
    ] {
        let server = MockServer::start_async().await;
        any_mock(&server, 200, body).await;
        let error = nsml(&server)
            .list_projects()
            .try_collect()
            .await
            .unwrap_err();
        let cause = error.service_error().unwrap();
        assert!(cause.is_service() || cause.is_decode(), "{body}: {cause}");
        assert_eq!(error.resume_page(), Some(1), "{body}");
    }
}
