//! Which requests are sent again (the rule documented on `Client`): a POST that reached a service
//! is never replayed; a request that provably never left (connection refused) or that the gateway
//! throttled may be; PUT and DELETE are idempotent and replayed, PATCH is not; a quota is never
//! retried. Each test counts what reached the server.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use ncloud_core::client::{Clock, Method, Request, RetryConfig, Sleep, TimeoutConfig};
use ncloud_core::time::ManualTimeSource;
use serde_json::{Value, json};

use crate::raw_server::{RawServer, Script, json_answer};
use crate::{build, default_harness, harness};

/// Answers `first` to the first request, 200 `{}` to the others; counts them.
async fn fails_once<'a>(
    server: &'a MockServer,
    first: impl Fn() -> HttpMockResponse + Send + Sync + 'static,
) -> httpmock::Mock<'a> {
    let calls = AtomicUsize::new(0);
    server
        .mock_async(move |_, then| {
            then.respond_with(move |_: &HttpMockRequest| {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    first()
                } else {
                    HttpMockResponse::builder().status(200).body("{}").build()
                }
            });
        })
        .await
}

fn unavailable() -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(503)
        .body(r#"{"error":{"errorCode":"500","message":"Endpoint Error"}}"#)
        .build()
}

fn post(url: String) -> Request {
    Request::new(Method::POST, url).json(&json!({"name": "only once"}))
}

#[tokio::test]
async fn a_post_answered_503_reaches_the_server_once() {
    let server = MockServer::start_async().await;
    let mock = fails_once(&server, unavailable).await;
    let h = default_harness(&server);
    let err = h.fail(post(server.url("/projects"))).await;
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(err.attempts(), 1);
    mock.assert_calls_async(1).await;
    assert!(h.slept.lock().unwrap().is_empty());
}

/// Throttling (429 with NCP code 410 or 420) is the gateway refusing the request before any
/// service saw it: sending a POST again cannot create twice.
#[tokio::test]
async fn a_throttled_post_is_sent_again() {
    for code in ["410", "420"] {
        let server = MockServer::start_async().await;
        let body = format!(r#"{{"error":{{"errorCode":"{code}","message":"Rate Limited"}}}}"#);
        let mock = fails_once(&server, move || {
            HttpMockResponse::builder()
                .status(429)
                .header("retry-after", "1")
                .body(body.clone())
                .build()
        })
        .await;
        let h = default_harness(&server);
        let response = h
            .client
            .send_raw(post(server.url("/projects")))
            .await
            .unwrap();
        assert_eq!((response.attempts(), response.was_throttled()), (2, true));
        mock.assert_calls_async(2).await;
        assert_eq!(h.slept.lock().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_post_answered_a_quota_reaches_the_server_once() {
    let server = MockServer::start_async().await;
    let mock = fails_once(&server, || {
        HttpMockResponse::builder()
            .status(429)
            .body(r#"{"error":{"errorCode":"400","message":"Quota Exceeded"}}"#)
            .build()
    })
    .await;
    let h = default_harness(&server);
    let err = h.fail(post(server.url("/projects"))).await;
    assert!(err.is_quota_exceeded());
    mock.assert_calls_async(1).await;
    assert!(h.slept.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_post_whose_connection_drops_after_sending_reaches_the_server_once() {
    let server = RawServer::start(|n| match n {
        0 => Script::Drop,
        _ => Script::Answer(json_answer(200, "{}")),
    })
    .await;
    let h = harness(
        &server.base,
        RetryConfig::standard(),
        TimeoutConfig::default(),
    );
    let err = h.fail(post(format!("{}/projects", server.base))).await;
    assert!(err.is_transport() && err.is_transient(), "{err:?}");
    let received = server.received();
    assert_eq!(
        received.len(),
        1,
        "a POST that may have arrived is not replayed"
    );
    assert!(received[0].head.starts_with("POST /projects HTTP/1.1"));
    assert_eq!(received[0].body, br#"{"name":"only once"}"#);
}

#[tokio::test]
async fn a_get_whose_connection_drops_is_sent_again() {
    let server = RawServer::start(|n| match n {
        0 => Script::Drop,
        _ => Script::Answer(json_answer(200, r#"{"ok":true}"#)),
    })
    .await;
    let h = harness(
        &server.base,
        RetryConfig::standard(),
        TimeoutConfig::default(),
    );
    let body: Value = h
        .client
        .send(Request::get(format!("{}/x", server.base)))
        .await
        .unwrap();
    assert_eq!(body, json!({"ok": true}));
    assert_eq!(server.received().len(), 2);
    assert_eq!(h.slept.lock().unwrap().len(), 1);
}

/// A clock whose first wait opens the server on `address`: the first attempt finds the port
/// closed (connection refused), the retry finds the server.
#[derive(Debug)]
struct OpenOnSleep {
    address: SocketAddr,
    server: Arc<Mutex<Option<RawServer>>>,
    clock: ManualTimeSource,
}

impl Clock for OpenOnSleep {
    fn now(&self) -> std::time::Instant {
        Clock::now(&self.clock)
    }

    fn timer(&self, duration: Duration) -> Sleep {
        self.clock.timer(duration)
    }

    fn sleep(&self, _: Duration) -> Sleep {
        let (address, slot) = (self.address, self.server.clone());
        Box::pin(async move {
            if slot.lock().unwrap().is_some() {
                return;
            }
            let listener = tokio::net::TcpListener::bind(address).await.unwrap();
            let server = RawServer::serve(listener, |_| {
                Script::Answer(json_answer(201, r#"{"id":"p-1"}"#))
            });
            *slot.lock().unwrap() = Some(server);
        })
    }
}

#[tokio::test]
async fn a_post_refused_at_connect_is_sent_again() {
    // A free port, closed again: connecting to it is refused.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let base = format!("http://{address}");
    let server = Arc::new(Mutex::new(None));
    let h = build(
        &base,
        RetryConfig::standard(),
        TimeoutConfig::default(),
        |b| {
            b.clock(OpenOnSleep {
                address,
                server: server.clone(),
                clock: ManualTimeSource::new(std::time::UNIX_EPOCH),
            })
        },
    );
    let response = h
        .client
        .send_raw(post(format!("{base}/projects")))
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts()), (201, 2));
    let received = server.lock().unwrap().as_ref().unwrap().received();
    assert_eq!(received.len(), 1, "the refused attempt never arrived");
    assert_eq!(received[0].body, br#"{"name":"only once"}"#);
}

#[tokio::test]
async fn put_and_delete_are_sent_again_patch_is_not_unless_marked_idempotent() {
    let cases = [
        (Method::PUT, false, 2),
        (Method::DELETE, false, 2),
        (Method::PATCH, false, 1),
        (Method::PATCH, true, 2),
        (Method::POST, true, 2),
    ];
    for (method, marked, expected_calls) in cases {
        let server = MockServer::start_async().await;
        let mock = fails_once(&server, unavailable).await;
        let h = default_harness(&server);
        let mut request = Request::new(method.clone(), server.url("/x")).json(&json!({}));
        if marked {
            request = request.idempotent(true);
        }
        let outcome = h.client.send_raw(request).await;
        mock.assert_calls_async(expected_calls).await;
        assert_eq!(outcome.is_ok(), expected_calls == 2, "{method} {marked}");
    }
}

/// A resolver that knows no name: a DNS failure without asking any server.
#[derive(Debug)]
struct NoSuchHost;

impl reqwest::dns::Resolve for NoSuchHost {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let message = format!("no such host: {}", name.as_str());
        Box::pin(async move { Err(message.into()) })
    }
}

#[tokio::test]
async fn a_post_to_a_host_that_does_not_resolve_is_sent_again_and_is_a_network_error() {
    let http = ncloud_core::client::http_client_builder()
        .unwrap()
        .dns_resolver(Arc::new(NoSuchHost))
        .build()
        .unwrap();
    let base = "http://nsml.apigw.invalid";
    let h = build(
        base,
        RetryConfig::standard(),
        TimeoutConfig::default(),
        |b| b.http_client(http),
    );
    let err = h.fail(post(format!("{base}/nsml/v1/projects"))).await;
    // It never left: retried like any connection failure, and not a usage error (exit 5, not 2).
    assert!(err.is_connect() && !err.is_configuration(), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert!(
        ncloud_core::ErrorChain(&err)
            .to_string()
            .contains("no such host: nsml.apigw.invalid"),
        "{err}"
    );
}
