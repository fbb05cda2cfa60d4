//! Signs an `http::Request` by hand and sends it with hyper to an in-process fake NCP gateway,
//! which verifies the signature (feature `http`).
//!
//! `cargo run -p ncloud-core --example sign_http_request --features http`

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use ncloud_core::signing::{SigningParams, Timestamp, sign_request};
use ncloud_core::time::{SystemTimeSource, TimeSource};
use ncloud_testkit::FakeGateway;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let gateway = FakeGateway::start().await;
    let url = format!(
        "{}?pageNum=1&pageSize=3",
        gateway.mi_endpoint() + "/workspaces"
    );
    let mut request = http::Request::get(url).body(Empty::<Bytes>::new())?;
    let timestamp = Timestamp::from_system_time(SystemTimeSource.now());
    let signed = sign_request(
        &mut request,
        &SigningParams::new(gateway.credentials(), timestamp),
    )?;
    println!("signed: {:?}", signed.string_to_sign());

    let client = Client::builder(TokioExecutor::new()).build_http();
    let response = client.request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    println!("{status}: {}", String::from_utf8_lossy(&body));
    Ok(())
}
