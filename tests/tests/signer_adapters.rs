//! The signer in other HTTP stacks (ncloud-core features `http`, `tower`, `reqwest-middleware`),
//! against the fake gateway, which verifies every signature on its own.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use ncloud_core::signing::{
    Signer, SigningLayer, SigningMiddleware, SigningParams, Timestamp, sign_request,
};
use ncloud_core::time::{ManualTimeSource, TimeSource};
use ncloud_core::{Credentials, CredentialsError, ProvideCredentials};
use ncloud_testkit::{FakeGateway, FakeGatewayBuilder, Fault, Route};
use reqwest_middleware::{Middleware, Next};
use reqwest_retry::{RetryDecision, RetryPolicy, RetryTransientMiddleware};
use serde_json::Value;
use tower::{Service, ServiceBuilder, ServiceExt};

type Hyper = HyperClient<HttpConnector, Empty<Bytes>>;

fn hyper_client() -> Hyper {
    HyperClient::builder(TokioExecutor::new()).build_http()
}

fn get(url: &str) -> http::Request<Empty<Bytes>> {
    http::Request::get(url).body(Empty::new()).unwrap()
}

/// Status and body of a hyper response.
async fn read(response: http::Response<hyper::body::Incoming>) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// A clock shared by the gateway and the signer, far from the real one so that nothing passes by
/// accident with the system time.
/// The user's reqwest client below the middlewares (ncloud-core's TLS set-up: this workspace's
/// reqwest has no crypto provider of its own).
fn own_http_client() -> reqwest::Client {
    ncloud_core::client::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
}

fn shared_clock() -> ManualTimeSource {
    ManualTimeSource::new(UNIX_EPOCH + Duration::from_millis(1_900_000_000_000))
}

/// A gateway on `clock`.
fn gateway_on(clock: &ManualTimeSource) -> FakeGatewayBuilder {
    FakeGateway::builder().time_source(clock.clone())
}

/// A signer with the gateway's credentials, on `clock`.
fn signer_for(gateway: &FakeGateway, clock: &ManualTimeSource) -> Signer {
    Signer::new(gateway.credentials().clone()).time_source(clock.clone())
}

// ---- http::Request, signed by hand ----

/// A GET of `path_and_query` on the gateway, signed by hand as the request holds it.
fn signed_get(
    gateway: &FakeGateway,
    clock: &ManualTimeSource,
    path_and_query: &str,
) -> http::Request<Empty<Bytes>> {
    let mut request = get(&format!("{}{path_and_query}", gateway.base_url()));
    let timestamp = Timestamp::from_system_time(clock.now());
    let params = SigningParams::new(gateway.credentials(), timestamp);
    sign_request(&mut request, &params).unwrap();
    request
}

/// Sends with hyper; returns the status.
async fn send(request: http::Request<Empty<Bytes>>) -> u16 {
    read(hyper_client().request(request).await.unwrap()).await.0
}

#[tokio::test]
async fn http_requests_signed_by_hand_pass_the_gateway_for_any_wire_form() {
    let clock = shared_clock();
    let gateway = gateway_on(&clock).start().await;
    for (sent, status) in [
        ("/api/v1/workspaces?pageNum=1&pageSize=10", 200),
        // encoded characters in the query, signed as encoded
        (
            "/api/v1/workspaces?pageNum=1&name=my%20work%2Fspace%26x",
            200,
        ),
        // an empty query: the `?` is sent, so it is signed
        ("/nsml/v1/projects?", 200),
        // `%2F` in the path is not a separator: authenticated, then no such route
        ("/api/v1/workspaces/a%2Fb", 404),
        ("/", 404),
    ] {
        assert_eq!(
            send(signed_get(&gateway, &clock, sent)).await,
            status,
            "{sent}"
        );
    }
    assert_eq!(gateway.rejected(), 0);
    assert_eq!(gateway.hits(Route::Projects, 1), 1);
}

#[tokio::test]
async fn the_gateway_refuses_a_signature_for_other_bytes() {
    // The check above can fail: a signature over `/a%2Fb` does not open `/a/b`.
    let clock = shared_clock();
    let gateway = gateway_on(&clock).start().await;
    let mut request = signed_get(&gateway, &clock, "/api/v1/workspaces/a%2Fb");
    *request.uri_mut() = format!("{}/api/v1/workspaces/a/b", gateway.base_url())
        .parse()
        .unwrap();
    assert_eq!(send(request).await, 401);
    assert_eq!(gateway.rejected(), 1);
}

// ---- tower: a hyper client with the signing layer ----

#[tokio::test]
async fn a_hyper_client_with_the_signing_layer_lists_workspaces_and_projects() {
    let clock = shared_clock();
    let gateway = gateway_on(&clock).workspaces(3).start().await;
    let signer = signer_for(&gateway, &clock);
    let mut client = ServiceBuilder::new()
        .layer(SigningLayer::new(signer))
        .service(hyper_client());

    let url = format!("{}?pageNum=1&pageSize=10", gateway.url(Route::Workspaces));
    let response = client.ready().await.unwrap().call(get(&url)).await.unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"]["content"].as_array().unwrap().len(), 3);

    // Ten minutes later (beyond the gateway's 5-minute window): signed anew, still accepted.
    clock.advance(Duration::from_secs(600));
    let url = format!("{}?page=1&pageSize=5", gateway.url(Route::Projects));
    let response = client.ready().await.unwrap().call(get(&url)).await.unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["projects"].as_array().unwrap().len(), 5);
    assert_eq!(gateway.rejected(), 0);
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(gateway.credentials().secret_key()),
        "{debug}"
    );
}

/// A provider that has nothing.
#[derive(Debug)]
struct NoCredentials;

#[async_trait::async_trait]
impl ProvideCredentials for NoCredentials {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Err(CredentialsError::not_found("nowhere"))
    }
}

#[tokio::test]
async fn without_credentials_the_layer_sends_nothing() {
    let gateway = FakeGateway::start().await;
    let mut client = ServiceBuilder::new()
        .layer(SigningLayer::new(Signer::new(NoCredentials)))
        .service(hyper_client());
    let error = client
        .ready()
        .await
        .unwrap()
        .call(get(&gateway.url(Route::Workspaces)))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot load the credentials to sign the request"
    );
    assert_eq!(gateway.requests(Route::Workspaces) + gateway.rejected(), 0);
}

#[tokio::test]
async fn keys_that_cannot_be_header_values_are_refused_before_sending() {
    let gateway = FakeGateway::start().await;
    // A space at either end is dropped by whoever parses the header, so the signature (over the
    // key as given) could never match; a CR or LF would add a header line.
    for access_key in [" AKID", "AKID\r\nx-injected: 1"] {
        let credentials = Credentials::new(access_key, "secret");
        let mut client = ServiceBuilder::new()
            .layer(SigningLayer::new(Signer::new(credentials)))
            .service(hyper_client());
        let error = client
            .ready()
            .await
            .unwrap()
            .call(get(&gateway.url(Route::Workspaces)))
            .await
            .unwrap_err();
        let chain = format!("{}", ncloud_core::ErrorChain(&*error));
        assert!(
            chain.contains("the access key cannot be sent as an HTTP header value"),
            "{chain}"
        );
    }
    assert_eq!(gateway.requests(Route::Workspaces) + gateway.rejected(), 0);
}

// ---- reqwest-middleware: a retry middleware above the signer ----

/// Retries once after a "backoff" that moves the shared clock by six minutes, past the gateway's
/// 5-minute window: a retry that reused the first signature would be refused as stale.
#[derive(Clone)]
struct BackoffOnClock(ManualTimeSource);

impl RetryPolicy for BackoffOnClock {
    fn should_retry(&self, _started: SystemTime, past_retries: u32) -> RetryDecision {
        if past_retries > 0 {
            return RetryDecision::DoNotRetry;
        }
        self.0.advance(Duration::from_secs(6 * 60));
        // Due at once: the backoff happened on the injected clock, not in real time.
        RetryDecision::Retry {
            execute_after: UNIX_EPOCH,
        }
    }
}

/// Records the timestamp header of every attempt that reaches the HTTP client.
#[derive(Clone, Default)]
struct RecordTimestamps(Arc<Mutex<Vec<String>>>);

#[async_trait::async_trait]
impl Middleware for RecordTimestamps {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let timestamp = request.headers().get("x-ncp-apigw-timestamp");
        let timestamp = timestamp.map_or("none", |t| t.to_str().unwrap()).to_owned();
        self.0.lock().unwrap().push(timestamp);
        next.run(request, extensions).await
    }
}

#[tokio::test]
async fn a_reqwest_middleware_retry_is_signed_again_with_a_new_timestamp() {
    let clock = shared_clock();
    let gateway = gateway_on(&clock)
        .fault(Fault::EndpointError.on_route(Route::Workspaces))
        .start()
        .await;
    let seen = RecordTimestamps::default();
    let signer = signer_for(&gateway, &clock);
    let client = reqwest_middleware::ClientBuilder::new(own_http_client())
        .with(RetryTransientMiddleware::new_with_policy(BackoffOnClock(
            clock.clone(),
        )))
        .with(SigningMiddleware::new(signer))
        .with(seen.clone())
        .build();

    let response = client
        .get(gateway.url(Route::Workspaces))
        .query(&[("pageNum", "1"), ("name", "my workspace")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        *seen.0.lock().unwrap(),
        ["1900000000000", "1900000360000"],
        "one signature per attempt, each at its own time"
    );
    assert_eq!(gateway.hits(Route::Workspaces, 1), 2);
    assert_eq!(gateway.rejected(), 0);
}

#[tokio::test]
async fn a_signature_made_before_the_retry_goes_stale() {
    // The same stack with the signer above the retry: the retry resends the first signature,
    // six minutes old, and the gateway refuses it. This is why the signer goes below.
    let clock = shared_clock();
    let gateway = gateway_on(&clock)
        .fault(Fault::EndpointError.on_route(Route::Workspaces))
        .start()
        .await;
    let signer = signer_for(&gateway, &clock);
    let client = reqwest_middleware::ClientBuilder::new(own_http_client())
        .with(SigningMiddleware::new(signer))
        .with(RetryTransientMiddleware::new_with_policy(BackoffOnClock(
            clock.clone(),
        )))
        .build();
    let response = client
        .get(gateway.url(Route::Workspaces))
        .query(&[("pageNum", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(gateway.rejected(), 1);
}
