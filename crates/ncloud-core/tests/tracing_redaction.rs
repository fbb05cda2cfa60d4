//! No secret appears in any span, event or error, even at TRACE level with retries.

use std::sync::{Arc, Mutex};

use httpmock::prelude::*;
use ncloud_core::client::{FixedJitter, Request, RetryConfig};
use ncloud_core::{Client, Credentials};
use tracing::instrument::WithSubscriber as _;
use tracing_subscriber::fmt::format::FmtSpan;

#[path = "support/mod.rs"]
mod support;

use support::{Buffer, no_wait};

const SECRET_KEY: &str = "tracing-secret-key-0123456789";
const API_KEY: &str = "tracing-api-key-0123456789";

#[tokio::test]
async fn spans_events_and_errors_hold_no_secret() {
    let server = MockServer::start_async().await;
    let signatures = Arc::new(Mutex::new(Vec::new()));
    let seen = signatures.clone();
    server
        .mock_async(move |when, then| {
            when.is_true(move |req| {
                let sig = req.headers()["x-ncp-apigw-signature-v2"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                seen.lock().unwrap().push(sig);
                true
            });
            then.status(503)
                .body(r#"{"error":{"errorCode":"500","message":"Endpoint Error"}}"#);
        })
        .await;
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let client = Client::builder()
        .credentials(Credentials::new("AKIDTRACE", SECRET_KEY).with_api_key(API_KEY))
        .retry(RetryConfig::standard())
        .clock(no_wait())
        .jitter(FixedJitter(0.5))
        .build()
        .unwrap();
    let err = client
        .send_raw(Request::get(server.url("/nsml/v1/projects")).query("page", 1))
        .with_subscriber(subscriber)
        .await
        .unwrap_err();

    let log = buffer.text();
    assert!(log.contains("ncloud.call"), "{log}");
    assert!(
        log.contains("ncloud.attempt") && log.contains("ncloud.attempt=3"),
        "{log}"
    );
    assert!(log.contains("retrying after backoff"), "{log}");
    // OpenTelemetry's HTTP field names, on the call's span and on each attempt's.
    let url = server.url("/nsml/v1/projects?page=1");
    for field in [
        "http.request.method=GET".to_owned(),
        format!("url.full={url}"),
        "http.response.status_code=503".to_owned(),
        "ncloud.code=\"500\"".to_owned(),
        "error.type=\"503\"".to_owned(),
        "http.request.resend_count=2".to_owned(),
        "ncloud.operation=\"GET /nsml/v1/projects\"".to_owned(),
        "ncloud.attempts=3".to_owned(),
    ] {
        assert!(log.contains(&field), "{field} missing: {log}");
    }
    let signatures = signatures.lock().unwrap().clone();
    assert_eq!(signatures.len(), 3);
    let texts = [
        log,
        err.to_string(),
        format!("{err:?}"),
        format!("{client:?}"),
    ];
    for text in &texts {
        assert!(!text.contains(SECRET_KEY), "secret key leaked: {text}");
        assert!(!text.contains(API_KEY), "API key leaked: {text}");
        for signature in &signatures {
            assert!(
                !text.contains(signature.as_str()),
                "signature leaked: {text}"
            );
        }
    }
}
