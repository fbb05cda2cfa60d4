//! A reqwest-middleware client (retry, then the signer) against an in-process fake NCP gateway
//! whose first answer is a 503: the retry is signed again (feature `reqwest-middleware`).
//!
//! `cargo run -p ncloud-core --example reqwest_middleware --features reqwest-middleware`

use ncloud_core::signing::{Signer, SigningMiddleware};
use ncloud_testkit::{FakeGateway, Fault};
use reqwest_middleware::{Middleware, Next};

/// Retries a 5xx answer once (reqwest-retry does the same with backoff and jitter).
struct RetryOnce;

#[async_trait::async_trait]
impl Middleware for RetryOnce {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let retry = request.try_clone();
        let response = next.clone().run(request, extensions).await?;
        match retry {
            Some(retry) if response.status().is_server_error() => {
                println!("attempt 1: {}, retrying", response.status());
                next.run(retry, extensions).await
            }
            _ => Ok(response),
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gateway = FakeGateway::builder()
        .fault(Fault::EndpointError)
        .start()
        .await;
    // Your reqwest client; this one has ncloud-core's TLS (rustls on ring) and no redirects.
    let http = ncloud_core::client::http_client_builder()?.build()?;
    let client = reqwest_middleware::ClientBuilder::new(http)
        .with(RetryOnce)
        .with(SigningMiddleware::new(Signer::new(
            gateway.credentials().clone(),
        )))
        .build();
    let response = client
        .get(format!("{}/workspaces", gateway.mi_endpoint()))
        .query(&[("pageNum", "1"), ("pageSize", "2")])
        .send()
        .await?;
    println!(
        "attempt 2: {}: {}",
        response.status(),
        response.text().await?
    );
    Ok(())
}
