//! `Client::prepare` and dry-run clients: the request shown is the one a real call puts on the
//! wire, and a dry-run client sends nothing.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use httpmock::prelude::*;
use ncloud_core::client::{ApiKey, Method, Request};
use ncloud_core::time::ManualTimeSource;
use ncloud_core::{Client, Credentials};

const ACCESS_KEY: &str = "AKIDPREPAREDTEST";
const SECRET_KEY: &str = "prepared-secret-key-value";
const API_KEY: &str = "prepared-api-key-value";

fn client(endpoint: &str, dry_run: bool) -> Client {
    let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_millis(1_800_000_000_000));
    Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY).with_api_key(API_KEY))
        .endpoint(endpoint)
        .time_source(clock)
        .dry_run(dry_run)
        .build()
        .unwrap()
}

fn create(server: &MockServer) -> Request {
    Request::new(Method::POST, server.url("/nsml/v1/images/secret"))
        .query("note", "a b/c")
        .api_key(ApiKey::Required)
        .json_body(br#"{"privateEp":"r.kr.private-ncr.ntruss.com","secretKey":"hunter2"}"#.to_vec())
}

#[tokio::test]
async fn the_prepared_request_is_the_one_sent() {
    let server = MockServer::start_async().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    server
        .mock_async(move |when, then| {
            when.is_true(move |req| {
                record.lock().unwrap().push((
                    req.method_str().to_owned(),
                    req.uri().path_and_query().unwrap().as_str().to_owned(),
                    req.headers().clone(),
                    req.body().to_vec(),
                ));
                true
            });
            then.status(200).json_body(serde_json::json!({}));
        })
        .await;

    let prepared = client(&server.base_url(), false)
        .prepare(create(&server))
        .await
        .unwrap();
    assert!(seen.lock().unwrap().is_empty(), "prepare sends nothing");
    client(&server.base_url(), false)
        .send_raw(create(&server))
        .await
        .unwrap();

    let seen = seen.lock().unwrap();
    let (method, path_and_query, headers, body) = &seen[0];
    assert_eq!(method, prepared.method().as_str());
    assert_eq!(
        path_and_query,
        &format!(
            "{}?{}",
            prepared.url().path(),
            prepared.url().query().unwrap()
        )
    );
    assert_eq!(path_and_query, "/nsml/v1/images/secret?note=a%20b%2Fc");
    for (name, value) in prepared.headers() {
        assert_eq!(headers.get(name.as_str()), Some(value), "{name}");
    }
    // Nothing sent that the prepared request does not show, but what the HTTP library adds.
    for name in headers.keys() {
        let added = ["host", "content-length", "user-agent", "accept-encoding"];
        assert!(
            prepared.headers().contains_key(name) || added.contains(&name.as_str()),
            "{name} sent, not prepared"
        );
    }
    assert_eq!(prepared.headers().len(), 6, "{prepared:?}");
    assert_eq!(Some(body.as_slice()), prepared.body());
}

#[tokio::test]
async fn a_dry_run_client_sends_nothing_and_shows_no_secret() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let client = client(&server.base_url(), true);
    assert!(client.is_dry_run());

    let error = client.send_raw(create(&server)).await.unwrap_err();
    assert!(error.is_dry_run(), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "POST /nsml/v1/images/secret: dry run: POST {}/nsml/v1/images/secret?note=a%20b%2Fc \
             was prepared, not sent",
            server.base_url()
        )
    );
    let prepared = error.prepared_request().unwrap();
    assert_eq!(prepared.headers()["x-ncp-apigw-api-key"], API_KEY);
    let signature = prepared.headers()["x-ncp-apigw-signature-v2"]
        .to_str()
        .unwrap()
        .to_owned();
    for shown in [
        prepared.to_string(),
        format!("{prepared:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        for secret in [
            ACCESS_KEY,
            SECRET_KEY,
            API_KEY,
            "hunter2",
            signature.as_str(),
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
    assert!(
        prepared
            .to_string()
            .contains("\"secretKey\":\"** redacted **\"")
    );

    // Invalid calls still fail with their own error, before anything is prepared.
    let error = client
        .send_raw(Request::get("ftp://example.test/x"))
        .await
        .unwrap_err();
    assert!(error.is_configuration() && !error.is_dry_run(), "{error}");
    let no_api_key = Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .dry_run(true)
        .build()
        .unwrap();
    let error = no_api_key.send_raw(create(&server)).await.unwrap_err();
    assert!(error.is_missing_api_key(), "{error}");

    any.assert_calls_async(0).await;
}
