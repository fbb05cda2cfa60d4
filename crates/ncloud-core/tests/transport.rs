//! The transport against local HTTP servers (httpmock, and a raw TCP server for dropped
//! connections): signatures recomputed from what the server received, retries, timeouts, errors.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use ncloud_core::client::{
    ApiKey, ClientBuilder, Clock, FixedJitter, Request, RetryConfig, Sleep, TimeoutConfig,
};
use ncloud_core::signing::calculate_signature;
use ncloud_core::time::{ManualTimeSource, TimeSource};
use ncloud_core::{Client, Credentials};
use serde_json::{Value, json};

#[path = "transport/clock_skew.rs"]
mod clock_skew;
#[path = "transport/limits.rs"]
mod limits;
#[path = "transport/presigned.rs"]
mod presigned;
#[path = "transport/raw_server.rs"]
mod raw_server;
#[path = "transport/redirects.rs"]
mod redirects;
#[path = "transport/replay.rs"]
mod replay;
#[path = "transport/skewed_gateway.rs"]
mod skewed_gateway;
#[path = "support/mod.rs"]
mod support;

const ACCESS_KEY: &str = "AKIDTRANSPORTTEST";
const SECRET_KEY: &str = "transport-secret-key-value";
const API_KEY: &str = "transport-api-key-value";

/// Recomputes signature v2 from the request as received: method, raw path-and-query, headers.
/// The string-to-sign is built here, independently of the crate's own `string_to_sign`.
fn signature_is_valid(req: &HttpMockRequest) -> bool {
    let headers = req.headers();
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (Some(ts), Some(ak), Some(sig)) = (
        get("x-ncp-apigw-timestamp"),
        get("x-ncp-iam-access-key"),
        get("x-ncp-apigw-signature-v2"),
    ) else {
        return false;
    };
    // httpmock normalises the request line to absolute form; the signed part is the path-and-query.
    let uri = req.uri();
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    let sts = format!("{} {}\n{}\n{}", req.method_str(), path_and_query, ts, ak);
    ak == ACCESS_KEY && sig == calculate_signature(SECRET_KEY, &sts)
}

/// A manual clock that records every wait.
#[derive(Debug, Clone)]
struct RecordingClock {
    clock: ManualTimeSource,
    slept: Arc<Mutex<Vec<Duration>>>,
}

impl Clock for RecordingClock {
    fn now(&self) -> std::time::Instant {
        Clock::now(&self.clock)
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        self.slept.lock().unwrap().push(duration);
        self.clock.sleep(duration)
    }

    fn timer(&self, duration: Duration) -> Sleep {
        self.clock.timer(duration)
    }
}

struct Harness {
    client: Client,
    clock: ManualTimeSource,
    slept: Arc<Mutex<Vec<Duration>>>,
}

impl Harness {
    /// Sends `request`, expecting the call to fail.
    async fn fail(&self, request: Request) -> ncloud_core::Error {
        self.client.send_raw(request).await.unwrap_err()
    }
}

fn harness(endpoint: &str, retry: RetryConfig, timeouts: TimeoutConfig) -> Harness {
    build(endpoint, retry, timeouts, |builder| builder)
}

/// A harness whose client builder `customize` adjusts further.
fn build(
    endpoint: &str,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    customize: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Harness {
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_millis(1_800_000_000_000));
    let slept = Arc::new(Mutex::new(Vec::new()));
    let builder = Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY).with_api_key(API_KEY))
        .endpoint(endpoint)
        .retry(retry)
        .timeouts(timeouts)
        .time_source(clock.clone())
        .clock(RecordingClock {
            clock: clock.clone(),
            slept: slept.clone(),
        })
        .jitter(FixedJitter(1.0));
    Harness {
        client: customize(builder).build().unwrap(),
        clock,
        slept,
    }
}

/// A harness without retries on tokio's clock: the test's paused time drives the attempt timeout
/// and the deadline (a raw server runs in the test's runtime, so paused time only moves when it
/// idles).
fn on_tokio_time(base: &str, timeouts: TimeoutConfig) -> Harness {
    build(base, RetryConfig::disabled(), timeouts, |b| {
        b.clock(ncloud_core::client::TokioClock)
    })
}

fn default_harness(server: &MockServer) -> Harness {
    harness(
        &server.base_url(),
        RetryConfig::standard(),
        TimeoutConfig::default(),
    )
}

#[tokio::test]
async fn signs_the_exact_query_on_the_wire() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workspaces")
                .header("x-ncp-apigw-api-key", API_KEY)
                .header("x-ncp-apigw-timestamp", "1800000000000")
                .header_exists("user-agent")
                .is_true(signature_is_valid);
            then.status(200).json_body(json!({"ok": true}));
        })
        .await;
    let h = default_harness(&server);
    let request = Request::get(format!("{}/api/v1/workspaces", server.base_url()))
        .api_key(ApiKey::Send)
        .query("pageNum", 1)
        .query("name", "내 작업 공간 with spaces+plus&amp")
        .query("empty", "");
    let body: Value = h.client.send(request).await.unwrap();
    assert_eq!(body, json!({"ok": true}));
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn retries_503_then_succeeds_with_a_new_timestamp_and_signature() {
    let server = MockServer::start_async().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let timestamps = Arc::new(Mutex::new(Vec::new()));
    let (c, t) = (calls.clone(), timestamps.clone());
    let mock = server
        .mock_async(move |when, then| {
            when.path("/nsml/v1/projects").is_true(signature_is_valid);
            then.respond_with(move |req: &HttpMockRequest| {
                let ts = req.headers()["x-ncp-apigw-timestamp"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                t.lock().unwrap().push(ts);
                if c.fetch_add(1, Ordering::SeqCst) == 0 {
                    HttpMockResponse::builder()
                        .status(503)
                        .body(r#"{"error":{"errorCode":"500","message":"Endpoint Error"}}"#)
                        .build()
                } else {
                    HttpMockResponse::builder()
                        .status(200)
                        .body(r#"{"totalCount":0}"#)
                        .build()
                }
            });
        })
        .await;
    let h = default_harness(&server);
    let body: Value = h
        .client
        .send(Request::get(format!(
            "{}/nsml/v1/projects",
            server.base_url()
        )))
        .await
        .unwrap();
    assert_eq!(body["totalCount"], 0);
    mock.assert_calls_async(2).await;
    assert_eq!(*h.slept.lock().unwrap(), [Duration::from_secs(1)]);
    let timestamps = timestamps.lock().unwrap().clone();
    assert_eq!(
        timestamps,
        ["1800000000000", "1800000001000"],
        "each attempt is signed anew"
    );
}

#[tokio::test]
async fn honours_retry_after_on_429() {
    let server = MockServer::start_async().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    server
        .mock_async(move |when, then| {
            when.is_true(signature_is_valid);
            then.respond_with(move |_: &HttpMockRequest| {
                if c.fetch_add(1, Ordering::SeqCst) == 0 {
                    HttpMockResponse::builder()
                        .status(429)
                        .header("retry-after", "7")
                        .body(r#"{"error":{"errorCode":420,"message":"Rate Limited"}}"#)
                        .build()
                } else {
                    HttpMockResponse::builder().status(200).body("{}").build()
                }
            });
        })
        .await;
    let h = default_harness(&server);
    let response = h
        .client
        .send_raw(Request::get(server.url("/x")))
        .await
        .unwrap();
    assert!(response.was_throttled());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // Retry-After plus the throttling jitter (factor 1.0 of the 1 s base), so that clients told
    // the same wait do not all come back together.
    assert_eq!(*h.slept.lock().unwrap(), [Duration::from_secs(8)]);
}

#[tokio::test]
async fn throttling_that_never_ends_is_retried_for_the_throttle_window_then_surfaces() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(429)
                .body(r#"{"error":{"errorCode":"410","message":"Throttle Limited"}}"#);
        })
        .await;
    let h = default_harness(&server);
    let err = h.fail(Request::get(server.url("/x"))).await;
    // Not the 3 attempts meant for faults: full jitter (factor 1.0) on a 1 s base, doubling up
    // to the 20 s maximum, while the 60 s throttle window lasts (1+2+4+8+16+20 = 51 s; 20 s more
    // would pass it).
    let secs = |s: &[u64]| {
        s.iter()
            .map(|&s| Duration::from_secs(s))
            .collect::<Vec<_>>()
    };
    assert_eq!(*h.slept.lock().unwrap(), secs(&[1, 2, 4, 8, 16, 20]));
    mock.assert_calls_async(7).await;
    assert!(err.is_throttling() && err.is_transient(), "{err:?}");
    assert_eq!((err.attempts(), err.code()), (7, Some("410")));
    assert_eq!(
        err.to_string(),
        "GET /x: HTTP 429, NCP code 410: Throttle Limited (after 7 attempts)"
    );
}

#[tokio::test]
async fn one_attempt_means_no_retry_for_throttling_either() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(429).body("");
        })
        .await;
    let h = harness(
        &server.base_url(),
        RetryConfig::disabled(),
        TimeoutConfig::default(),
    );
    let err = h.fail(Request::get(server.url("/x"))).await;
    mock.assert_calls_async(1).await;
    assert!(err.is_throttling(), "a bare 429 is throttling: {err:?}");
    assert!(h.slept.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_quota_fails_at_once_naming_the_quota() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(429)
                .header("retry-after", "1")
                .body(r#"{"error":{"errorCode":"400","message":"Quota Exceeded"}}"#);
        })
        .await;
    let h = default_harness(&server);
    let err = h.fail(Request::get(server.url("/x"))).await;
    mock.assert_calls_async(1).await;
    assert!(h.slept.lock().unwrap().is_empty());
    assert!(err.is_quota_exceeded() && !err.is_throttling() && !err.is_transient());
    assert_eq!(err.retry_after(), None, "waiting is no advice for a quota");
    assert_eq!(
        err.to_string(),
        "GET /x: HTTP 429, NCP code 400: Quota Exceeded; the API's usage-plan quota is exhausted: \
         retrying will not help until the quota resets or is raised"
    );
}

#[tokio::test]
async fn never_retries_other_4xx() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(400)
                .body(r#"{"code":"10001","message":"Invalid Request."}"#);
        })
        .await;
    let h = default_harness(&server);
    let err = h.fail(Request::get(server.url("/x"))).await;
    mock.assert_calls_async(1).await;
    assert_eq!(
        (err.http_status(), err.code(), err.message()),
        (Some(400), Some("10001"), Some("Invalid Request."))
    );
    assert!(h.slept.lock().unwrap().is_empty());
}

#[tokio::test]
async fn retry_budget_limits_retries_before_max_attempts() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(503);
        })
        .await;
    // 12 tokens pay for two retries (5 each), not a third, although 10 attempts are allowed.
    let h = harness(
        &server.base_url(),
        RetryConfig::standard()
            .with_max_attempts(10)
            .with_budget_capacity(12),
        TimeoutConfig::default(),
    );
    let err = h.fail(Request::get(server.url("/x"))).await;
    assert_eq!(err.attempts(), 3);
    mock.assert_calls_async(3).await;
    // The budget is shared by clones: the next call gets no retry at all.
    let err = h
        .client
        .clone()
        .send_raw(Request::get(server.url("/x")))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    mock.assert_calls_async(4).await;
}

#[tokio::test]
async fn html_502_keeps_status_and_a_bounded_excerpt() {
    let server = MockServer::start_async().await;
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(5000)
    );
    server
        .mock_async(|_, then| {
            then.status(502).body(page);
        })
        .await;
    let h = harness(
        &server.base_url(),
        RetryConfig::disabled(),
        TimeoutConfig::default(),
    );
    let err = h.fail(Request::get(server.url("/x"))).await;
    assert_eq!(err.http_status(), Some(502));
    assert_eq!(err.code(), None);
    let excerpt = err.body_excerpt().unwrap();
    assert!(
        excerpt.starts_with("<html><head><title>502 Bad Gateway"),
        "{excerpt}"
    );
    assert!(excerpt.len() <= 515, "{}", excerpt.len());
    assert!(err.to_string().len() < 700);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_naming_the_endpoint() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|_, then| {
            then.status(200)
                .body(r#"{"projects":[{"projectId":"p1","vpcNo":1"#);
        })
        .await;
    let h = default_harness(&server);
    let err = h
        .client
        .send::<Value>(
            Request::get(format!("{}/nsml/v1/projects", server.base_url())).query("page", 1),
        )
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.operation(), Some("GET /nsml/v1/projects"));
    assert!(
        err.to_string().starts_with(
            "GET /nsml/v1/projects: cannot decode the response: invalid JSON: EOF while parsing"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn total_deadline_stops_retrying() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(503);
        })
        .await;
    // Backoffs of 1 s then 2 s: the second would cross the 2.5 s deadline on the manual clock.
    let h = harness(
        &server.base_url(),
        RetryConfig::standard().with_max_attempts(10),
        TimeoutConfig::default().with_total(Some(Duration::from_millis(2500))),
    );
    let err = h.fail(Request::get(server.url("/x"))).await;
    assert_eq!(err.attempts(), 2, "{err}");
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn missing_api_key_is_refused_before_any_traffic() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(200).body("{}");
        })
        .await;
    let client = Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .build()
        .unwrap();
    let err = client
        .send_raw(Request::get(server.url("/nsml/v1/projects")).require_api_key())
        .await
        .unwrap_err();
    assert!(err.is_configuration(), "{err:?}");
    assert_eq!(err.attempts(), 0, "nothing was sent");
    let message = err.to_string();
    for hint in ["NCLOUD_API_KEY", "ncloud_api_key", "api_key"] {
        assert!(message.contains(hint), "{message}");
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn unauthorized_with_a_distant_server_clock_hints_at_skew() {
    // A 401 that is not the gateway's signature refusal (no code 200): no correction, a hint.
    let server = MockServer::start_async().await;
    server
        .mock_async(|_, then| {
            then.status(401)
                .header("date", "Sun, 06 Nov 1994 08:49:37 GMT")
                .body(r#"{"message":"Unauthorized"}"#);
        })
        .await;
    let h = default_harness(&server);
    let err = h.fail(Request::get(server.url("/x"))).await;
    assert!(err.is_auth() && !err.is_transient());
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        err.clock_skew_hint(),
        Some(
            "the local clock is 1015888223 s ahead of the gateway's (which accepts 5 minutes): \
             check the system time"
        )
    );
    assert!(err.to_string().contains("Unauthorized"), "{err}");

    // The gateway's refusal (code 200) is corrected once; refused again, the hint says so.
    let server = MockServer::start_async().await;
    let refusals = server
        .mock_async(|_, then| {
            then.status(401)
                .header("date", "Sun, 06 Nov 1994 08:49:37 GMT")
                .body(r#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#);
        })
        .await;
    let h = default_harness(&server);
    let err = h.fail(Request::get(server.url("/x"))).await;
    assert_eq!(err.attempts(), 2);
    refusals.assert_calls_async(2).await;
    assert!(
        err.clock_skew_hint().unwrap().contains("still refused"),
        "{err}"
    );

    // A server clock within the window gives no hint and no correction.
    let now = httpdate::fmt_http_date(TimeSource::now(&h.clock));
    let server = MockServer::start_async().await;
    server
        .mock_async(move |_, then| {
            then.status(401)
                .header("date", now.as_str())
                .body(r#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#);
        })
        .await;
    let h2 = default_harness(&server);
    let err = h2.fail(Request::get(server.url("/x"))).await;
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.clock_skew_hint(), None);
}

#[tokio::test]
async fn a_404_names_the_path_that_was_asked_for() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|_, then| {
            then.status(404).body(
                r#"{"error":{"errorCode":"300","message":"Not Found","details":"No API matches."}}"#,
            );
        })
        .await;
    let h = default_harness(&server);
    let err = h
        .fail(Request::get(server.url("/nsml/v1/projcts")).query("page", 2))
        .await;
    assert!(err.is_not_found());
    assert_eq!(
        err.to_string(),
        "GET /nsml/v1/projcts: HTTP 404, NCP code 300: Not Found (No API matches.)"
    );
}

#[tokio::test]
async fn a_404_of_a_typed_operation_names_the_path_too() {
    struct Fake;
    impl ncloud_core::client::Service for Fake {
        const NAME: &'static str = "fake";
        const HOST: &'static str = "fake";
        const PATH: &'static str = "/fake/v1";
        const API_KEY: ApiKey = ApiKey::NotUsed;
    }
    let server = MockServer::start_async().await;
    server
        .mock_async(|_, then| {
            then.status(404)
                .body(r#"{"error":{"errorCode":"300","message":"Not Found"}}"#);
        })
        .await;
    let h = default_harness(&server);
    let fake = ncloud_core::client::ServiceClient::<Fake>::new(h.client.clone());
    let err = fake
        .send(ncloud_core::client::Operation::<Value>::get(
            "GetThing",
            ["things", "t 1"],
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "fake.GetThing: HTTP 404 for /fake/v1/things/t%201, NCP code 300: Not Found"
    );
}
