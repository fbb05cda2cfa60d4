//! Bounded memory and time: answer bodies over the size limit, bodies that trickle, servers that
//! never answer, and a `Retry-After` longer than the client waits.

use std::time::Duration;

use httpmock::prelude::*;
use ncloud_core::client::{DEFAULT_MAX_BODY_SIZE, Request, RetryConfig, TimeoutConfig, TokioClock};

use crate::raw_server::{RawServer, Script};
use crate::{build, default_harness, harness};

/// A harness on tokio's clock: the test's paused time drives the attempt timeout and the
/// deadline (the raw server runs in the test's runtime, so paused time only moves when it idles).
fn on_tokio_time(base: &str, timeouts: TimeoutConfig) -> crate::Harness {
    build(base, RetryConfig::disabled(), timeouts, |b| {
        b.clock(TokioClock)
    })
}

fn no_retries(base: &str) -> crate::Harness {
    harness(base, RetryConfig::disabled(), TimeoutConfig::default())
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    // 2 GiB announced, a few bytes sent, then silence: reading would wait for the timeout.
    let server = RawServer::start(|_| Script::Trickle {
        head: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648\r\n\r\n[".into(),
        every: Duration::from_secs(3600),
    })
    .await;
    let h = no_retries(&server.base);
    let err = h
        .fail(Request::get(format!("{}/api/v1/workspaces", server.base)))
        .await;
    assert!(err.is_body_too_large(), "{err:?}");
    assert!(!err.is_transient() && !err.is_timeout(), "{err:?}");
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(
        err.to_string(),
        "GET /api/v1/workspaces: answer too large: HTTP 200 declares a body of 2147483648 bytes, \
         over the limit of 32 MiB (33554432 bytes)"
    );
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_while_streaming() {
    let limit = 1024 * 1024;
    let server = RawServer::start(|_| Script::Endless {
        head: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .into(),
        chunk: format!("10000\r\n{}\r\n", " ".repeat(0x10000)).into_bytes(),
    })
    .await;
    let h = crate::build(
        &server.base,
        RetryConfig::disabled(),
        TimeoutConfig::default(),
        |b| b.max_body_size(limit),
    );
    let err = h.fail(Request::get(format!("{}/x", server.base))).await;
    assert!(err.is_body_too_large(), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("the body of HTTP 200 grew over the limit of 1 MiB (1048576 bytes)"),
        "{err}"
    );
    // The client stopped reading: what the server managed to write is the limit plus what the
    // sockets buffer, not the link speed times the attempt timeout.
    let written = server.written();
    assert!(written < 64 * 1024 * 1024, "{written} bytes written");
}

#[tokio::test]
async fn the_limit_is_inclusive_and_applies_to_error_answers_too() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/ok");
            then.status(200).body(format!("\"{}\"", "a".repeat(998)));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/fail");
            then.status(500).body("e".repeat(1001));
        })
        .await;
    let h = crate::build(
        &server.base_url(),
        RetryConfig::disabled(),
        TimeoutConfig::default(),
        |b| b.max_body_size(1000),
    );
    assert_eq!(h.client.max_body_size(), 1000);
    let ok: String = h
        .client
        .send(Request::get(server.url("/ok")))
        .await
        .unwrap();
    assert_eq!(ok.len(), 998);
    let err = h.fail(Request::get(server.url("/fail"))).await;
    assert!(
        err.is_body_too_large() && err.http_status() == Some(500),
        "{err:?}"
    );
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 32 * 1024 * 1024);
    assert_eq!(
        default_harness(&server).client.max_body_size(),
        DEFAULT_MAX_BODY_SIZE
    );
}

/// Time is tokio's paused clock: the trickle and the attempt timeout advance it, not the wall.
#[tokio::test(start_paused = true)]
async fn a_trickling_body_times_out_after_the_attempt_timeout() {
    let server = RawServer::start(|_| Script::Trickle {
        head: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n"
            .into(),
        every: Duration::from_secs(1),
    })
    .await;
    let h = on_tokio_time(
        &server.base,
        TimeoutConfig::default().with_attempt(Duration::from_secs(30)),
    );
    let started = tokio::time::Instant::now();
    let err = h
        .fail(Request::get(format!("{}/api/v1/workspaces", server.base)))
        .await;
    assert!(err.is_timeout() && err.is_transient(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "GET /api/v1/workspaces: timed out: no complete answer within 30 s (the attempt timeout)"
    );
    assert_eq!(started.elapsed().as_secs(), 30);
    // The server did trickle bytes in: the timer covers the body, not just the headers.
    assert!(server.written() > 20, "{}", server.written());
}

#[tokio::test(start_paused = true)]
async fn an_unanswered_request_times_out_within_the_total_deadline() {
    let server = RawServer::start(|_| Script::Hang).await;
    let h = on_tokio_time(
        &server.base,
        TimeoutConfig::default().with_total(Some(Duration::from_secs(12))),
    );
    let started = tokio::time::Instant::now();
    let err = h.fail(Request::get(format!("{}/x", server.base))).await;
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("no complete answer within 12 s (what was left of the total deadline)"),
        "{err}"
    );
    assert_eq!(started.elapsed().as_secs(), 12);
}

/// Answers every request on `server` 429 with `Retry-After: {retry_after}`.
async fn throttle<'a>(server: &'a MockServer, retry_after: &str) -> httpmock::Mock<'a> {
    let retry_after = retry_after.to_owned();
    server
        .mock_async(move |_, then| {
            then.status(429)
                .header("retry-after", retry_after.as_str())
                .body(r#"{"error":{"errorCode":"420","message":"Rate Limited"}}"#);
        })
        .await
}

#[tokio::test]
async fn a_retry_after_longer_than_the_client_waits_fails_at_once() {
    // Seconds, or an HTTP date an hour after the client's clock (2027-01-15 08:00:00 UTC).
    for value in ["3600", "Fri, 15 Jan 2027 09:00:00 GMT"] {
        let server = MockServer::start_async().await;
        let mock = throttle(&server, value).await;
        let h = default_harness(&server);
        let err = h.fail(Request::get(server.url("/x"))).await;
        assert_eq!(mock.calls_async().await, 1, "no retry: {value}");
        assert!(h.slept.lock().unwrap().is_empty(), "no wait: {value}");
        assert!(err.is_throttling(), "{err:?}");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
        assert_eq!(
            err.to_string(),
            "GET /x: HTTP 429, NCP code 420: Rate Limited; the server asked to wait 3600 s, longer \
             than this client waits (20 s): try again after 2027-01-15 09:00:00 UTC"
        );
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_total_deadline_fails_at_once() {
    let server = MockServer::start_async().await;
    let mock = throttle(&server, "10").await;
    let h = harness(
        &server.base_url(),
        RetryConfig::standard(),
        TimeoutConfig::default().with_total(Some(Duration::from_secs(5))),
    );
    let err = h.fail(Request::get(server.url("/x"))).await;
    assert_eq!(mock.calls_async().await, 1);
    assert!(err.is_throttling());
    assert!(
        err.to_string().ends_with(
            "the server asked to wait 10 s, longer than this client waits (5 s): try again \
             after 2027-01-15 08:00:10 UTC"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn a_retry_after_within_reach_is_waited_and_still_reported_when_the_window_runs_out() {
    let server = MockServer::start_async().await;
    let mock = throttle(&server, "7").await;
    let h = default_harness(&server);
    let err = h.fail(Request::get(server.url("/x"))).await;
    // Retry-After plus jitter (factor 1.0 of the 1 s base), until the next wait would pass the
    // 60 s throttle window.
    let secs = |s: &[u64]| {
        s.iter()
            .map(|&s| Duration::from_secs(s))
            .collect::<Vec<_>>()
    };
    assert_eq!(*h.slept.lock().unwrap(), secs(&[8; 7]));
    assert_eq!(mock.calls_async().await, 8);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    // The manual clock moved 56 s with the waits.
    assert!(
        err.to_string().ends_with(
            "(after 8 attempts); the server asked to wait 7 s: try again after 2027-01-15 08:01:03 UTC"
        ),
        "{err}"
    );
}
