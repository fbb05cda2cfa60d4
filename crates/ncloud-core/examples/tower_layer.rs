//! A hyper client with the signing layer, against an in-process fake NCP gateway that verifies
//! every signature (feature `tower`).
//!
//! `cargo run -p ncloud-core --example tower_layer --features tower`

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use ncloud_core::signing::{Signer, SigningLayer};
use ncloud_testkit::FakeGateway;
use tower::{Service, ServiceBuilder, ServiceExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let gateway = FakeGateway::start().await;
    let hyper = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let mut client = ServiceBuilder::new()
        .layer(SigningLayer::new(Signer::new(
            gateway.credentials().clone(),
        )))
        .service(hyper);
    for page in 1..=2 {
        let url = format!(
            "{}/projects?page={page}&pageSize=2",
            gateway.nsml_endpoint()
        );
        let request = http::Request::get(url).body(Empty::new())?;
        let response = client.ready().await?.call(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        println!("page {page}, {status}: {}", String::from_utf8_lossy(&body));
    }
    Ok(())
}
