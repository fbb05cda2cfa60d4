//! `Client::put_presigned`: the one unsigned request. It carries no NCP header and no
//! `Authorization` whatever the credentials, never loads them, and otherwise goes through the
//! pipeline: the URL's query sent as given, redirects refused, a 503 retried (a `PUT` of the same
//! bytes is safe to repeat), the deadline kept.

use std::time::Duration;

use httpmock::prelude::*;
use ncloud_core::Client;
use ncloud_core::client::{RetryConfig, TimeoutConfig};

use crate::raw_server::{RawServer, Script};
use crate::{harness, on_tokio_time};

const URL_PATH: &str = "/bucket/query-assets/1/car.jpg";
const QUERY: &str = "X-Amz-Expires=900&X-Amz-Signature=abc%2Fdef";

#[tokio::test]
async fn the_put_carries_the_bytes_and_no_ncp_header() {
    let server = MockServer::start_async().await;
    let stored = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(URL_PATH)
                .query_param("X-Amz-Signature", "abc/def")
                .header("content-type", "image/jpeg")
                .body("JPEG BYTES")
                .is_true(|req| {
                    req.headers().keys().all(|name| {
                        let name = name.as_str();
                        !name.starts_with("x-ncp-") && name != "authorization"
                    })
                });
            then.status(200);
        })
        .await;
    let h = harness(
        &server.base_url(),
        RetryConfig::standard(),
        TimeoutConfig::default(),
    );
    let url = format!("{}{URL_PATH}?{QUERY}", server.base_url());
    let response = h
        .client
        .put_presigned(
            &url,
            b"JPEG BYTES".to_vec(),
            "image/jpeg",
            "mi.UploadQueryImage",
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    stored.assert_calls_async(1).await;
}

#[tokio::test]
async fn credentials_are_not_even_loaded() {
    let server = MockServer::start_async().await;
    let stored = server
        .mock_async(|when, then| {
            when.method(PUT).path(URL_PATH);
            then.status(200);
        })
        .await;
    // No credentials anywhere: a signed call would fail before sending.
    let client = Client::builder()
        .credentials_provider(ncloud_core::credentials::EnvironmentProvider::with_env(
            ncloud_core::credentials::Env::from_slice(&[]),
        ))
        .build()
        .unwrap();
    let url = format!("{}{URL_PATH}?{QUERY}", server.base_url());
    client
        .put_presigned(&url, b"x".to_vec(), "image/png", "mi.UploadPersonThumbnail")
        .await
        .unwrap();
    stored.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_503_is_retried_with_the_same_bytes_and_a_redirect_is_refused() {
    let server = MockServer::start_async().await;
    let flaky = server
        .mock_async(|when, then| {
            when.method(PUT).path(URL_PATH).body("same");
            then.status(503);
        })
        .await;
    let h = harness(
        &server.base_url(),
        RetryConfig::standard(),
        TimeoutConfig::default(),
    );
    let url = format!("{}{URL_PATH}?{QUERY}", server.base_url());
    let err = h
        .client
        .put_presigned(&url, b"same".to_vec(), "image/jpeg", "mi.UploadQueryImage")
        .await
        .unwrap_err();
    assert_eq!(
        (err.http_status(), err.attempts()),
        (Some(503), 3),
        "{err:?}"
    );
    flaky.assert_calls_async(3).await;
    flaky.delete_async().await;

    let elsewhere = MockServer::start_async().await;
    let stolen = elsewhere
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let target = elsewhere.url("/steal");
    server
        .mock_async(|when, then| {
            when.method(PUT).path(URL_PATH);
            then.status(307).header("location", target.as_str());
        })
        .await;
    let err = h
        .client
        .put_presigned(&url, b"same".to_vec(), "image/jpeg", "mi.UploadQueryImage")
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(307), "{err:?}");
    assert!(
        err.to_string().starts_with("mi.UploadQueryImage: HTTP 307"),
        "{err}"
    );
    stolen.assert_calls_async(0).await;
}

#[tokio::test(start_paused = true)]
async fn an_unanswered_upload_ends_at_the_total_deadline() {
    let server = RawServer::start(|_| Script::Hang).await;
    // Retries off; the total deadline and the attempt timeout on one clock, tokio's paused time.
    let h = on_tokio_time(
        &server.base,
        TimeoutConfig::default().with_total(Some(Duration::from_secs(12))),
    );
    let started = tokio::time::Instant::now();
    let err = h
        .client
        .put_presigned(
            &format!("{}/b/k.jpg?sig=1", server.base),
            vec![1; 10],
            "image/jpeg",
            "mi.Upload",
        )
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(started.elapsed().as_secs(), 12);
    let received = server.received();
    assert!(!received.is_empty());
    for request in received {
        let head = request.head.to_ascii_lowercase();
        assert!(head.starts_with("put /b/k.jpg?sig=1 "), "{head}");
        assert!(
            !head.contains("x-ncp-") && !head.contains("authorization"),
            "{head}"
        );
    }
}
