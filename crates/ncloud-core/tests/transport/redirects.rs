//! Redirects are refused, never followed: the host they point to receives nothing (no signed
//! header, no API key, no POST body), and the caller gets an error naming the status and the
//! `Location`, never a success.

use httpmock::prelude::*;
use ncloud_core::client::{Method, Request, RetryConfig, TimeoutConfig, http_client_builder};
use serde_json::json;

use crate::{build, harness};

#[tokio::test]
async fn every_redirect_is_refused_and_the_other_host_receives_nothing() {
    let elsewhere = MockServer::start_async().await;
    let anything_elsewhere = elsewhere
        .mock_async(|_, then| {
            then.status(200).body("{}");
        })
        .await;
    let target = elsewhere.url("/steal?x=1");
    for status in [301, 302, 303, 307, 308] {
        for method in [Method::GET, Method::POST, Method::DELETE] {
            let gateway = MockServer::start_async().await;
            let redirect = gateway
                .mock_async(|_, then| {
                    then.status(status).header("location", target.as_str());
                })
                .await;
            // Retries allowed: a redirect is not transient, so it is not tried again either.
            let h = harness(
                &gateway.base_url(),
                RetryConfig::standard(),
                TimeoutConfig::default(),
            );
            let request = Request::new(method.clone(), gateway.url("/api/v1/workspaces"))
                .json(&json!({"name": "x"}));
            let err = h.fail(request).await;
            assert_eq!(
                err.http_status(),
                Some(status),
                "{method} {status}: {err:?}"
            );
            assert!(
                err.is_service() && !err.is_transient() && !err.is_configuration(),
                "{err:?}"
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "{method} /api/v1/workspaces: HTTP {status}: a redirect to {target:?}; not \
                     followed, because the NCP API Gateway never redirects (check the endpoint URL)"
                )
            );
            redirect.assert_calls_async(1).await;
        }
    }
    anything_elsewhere.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_redirect_to_another_scheme_or_without_location_is_a_service_error() {
    let gateway = MockServer::start_async().await;
    gateway
        .mock_async(|when, then| {
            when.path("/ftp");
            then.status(302).header("location", "ftp://files.example/x");
        })
        .await;
    gateway
        .mock_async(|when, then| {
            when.path("/nowhere");
            then.status(307);
        })
        .await;
    let h = harness(
        &gateway.base_url(),
        RetryConfig::standard(),
        TimeoutConfig::default(),
    );
    let err = h.fail(Request::get(gateway.url("/ftp"))).await;
    assert!(err.is_service() && !err.is_configuration(), "{err:?}");
    assert!(
        err.to_string().contains("\"ftp://files.example/x\""),
        "{err}"
    );
    let err = h.fail(Request::get(gateway.url("/nowhere"))).await;
    assert_eq!(
        err.to_string(),
        "GET /nowhere: HTTP 307: a redirect without a Location; not followed, because the NCP API Gateway \
         never redirects (check the endpoint URL)"
    );
}

#[tokio::test]
async fn a_long_location_is_shortened() {
    let gateway = MockServer::start_async().await;
    let location = format!("https://example.invalid/{}", "a".repeat(5000));
    gateway
        .mock_async(|_, then| {
            then.status(301).header("location", location.as_str());
        })
        .await;
    let h = harness(
        &gateway.base_url(),
        RetryConfig::disabled(),
        TimeoutConfig::default(),
    );
    let err = h.fail(Request::get(gateway.url("/x"))).await;
    assert!(err.to_string().len() < 400, "{err}");
}

/// A caller's HTTP client that follows redirects (reqwest's default) has sent the request on
/// before this crate sees anything: the answer from elsewhere is refused all the same, with the
/// fix, and a redirect to a scheme it cannot speak is not blamed on the caller's request.
#[tokio::test]
async fn the_answer_of_a_callers_client_that_followed_a_redirect_is_refused() {
    let elsewhere = MockServer::start_async().await;
    let followed = elsewhere
        .mock_async(|_, then| {
            then.status(200).body("{}");
        })
        .await;
    let gateway = MockServer::start_async().await;
    let to_elsewhere = elsewhere.url("/x");
    gateway
        .mock_async(|when, then| {
            when.path("/http");
            then.status(307).header("location", to_elsewhere.as_str());
        })
        .await;
    gateway
        .mock_async(|when, then| {
            when.path("/ftp");
            then.status(302).header("location", "ftp://files.example/x");
        })
        .await;
    let h = build(
        &gateway.base_url(),
        RetryConfig::standard(),
        TimeoutConfig::default(),
        |b| {
            // a caller's client that follows redirects (reqwest's default policy)
            let follows = http_client_builder()
                .unwrap()
                .redirect(reqwest::redirect::Policy::default())
                .build()
                .unwrap();
            b.http_client(follows)
        },
    );
    let err = h.fail(Request::get(gateway.url("/http"))).await;
    assert!(err.is_service() && !err.is_transient(), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "GET /http: HTTP 200: the answer came from {}, not from {}: the HTTP client followed \
             a redirect (build it with reqwest::redirect::Policy::none())",
            elsewhere.base_url(),
            gateway.base_url()
        )
    );
    // What this crate cannot undo: the caller's client sent the request there.
    followed.assert_calls_async(1).await;

    let err = h.fail(Request::get(gateway.url("/ftp"))).await;
    assert!(err.is_service() && !err.is_configuration(), "{err:?}");
    assert_eq!(err.http_status(), None);
    assert_eq!(
        err.to_string(),
        format!(
            "GET /ftp: redirect refused: the HTTP client followed a redirect from {} to \
             ftp://files.example and failed there: build it with \
             reqwest::redirect::Policy::none()",
            gateway.base_url()
        )
    );
}
