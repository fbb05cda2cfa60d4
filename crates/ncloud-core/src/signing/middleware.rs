//! A `reqwest_middleware` middleware that signs every attempt (feature `reqwest-middleware`).

use reqwest_middleware::{Middleware, Next};

use super::Signer;

/// Signs each request that goes through it, with credentials from the [`Signer`]'s provider and a
/// timestamp read at that moment. Add it after any retry middleware (closer to the client), so
/// that every attempt, after any backoff, is signed anew.
///
/// The path and query are signed as reqwest sends them (its `Url`, already encoded). The inner
/// `reqwest::Client` should not follow redirects (`redirect(Policy::none())`): reqwest would resend
/// the signature and the API key to the redirect's host.
///
/// Works with reqwest 0.13 and reqwest-middleware 0.5. With ncloud-core's `client` feature on,
/// reqwest's `rustls-no-provider` is on too: if your reqwest has no TLS feature of its own (its
/// default `rustls` brings one), build the client from
/// `ncloud_core::client::http_client_builder()`, which also turns redirects off.
///
/// ```no_run
/// use ncloud_core::signing::{Signer, SigningMiddleware};
///
/// # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let http = reqwest::Client::builder()
///     .redirect(reqwest::redirect::Policy::none())
///     .build()?;
/// let client = reqwest_middleware::ClientBuilder::new(http)
///     // a retry middleware goes here, before the signer
///     .with(SigningMiddleware::new(Signer::from_env()))
///     .build();
/// let response = client
///     .get("https://mi.apigw.ntruss.com/api/v1/workspaces?pageNum=1")
///     .send()
///     .await?;
/// println!("{}", response.status());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SigningMiddleware {
    signer: Signer,
}

impl SigningMiddleware {
    /// A middleware that signs with `signer`.
    pub fn new(signer: Signer) -> Self {
        Self { signer }
    }
}

#[async_trait::async_trait]
impl Middleware for SigningMiddleware {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let url = request.url().to_string();
        let method = request.method().clone();
        self.signer
            .sign_url(&method, &url, request.headers_mut())
            .await
            .map_err(reqwest_middleware::Error::middleware)?;
        next.run(request, extensions).await
    }
}
