//! A tower [`Layer`] that signs every `http::Request` (feature `tower`).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tower_layer::Layer;
use tower_service::Service;

use super::Signer;

/// The error of a [`SigningService`]: the inner service's error or a [`SigningError`](super::SigningError).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Signs each request that goes through it, with credentials from the [`Signer`]'s provider and a
/// timestamp read at that moment. Put it below any retry layer (closer to the client), so that
/// every attempt is signed anew.
///
/// ```no_run
/// use http_body_util::Empty;
/// use hyper::body::Bytes;
/// use hyper_util::client::legacy::Client;
/// use hyper_util::rt::TokioExecutor;
/// use ncloud_core::signing::{Signer, SigningLayer};
/// use tower::{Service, ServiceBuilder, ServiceExt};
///
/// # #[tokio::main] async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
/// let hyper = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
/// let mut client = ServiceBuilder::new()
///     .layer(SigningLayer::new(Signer::from_env()))
///     .service(hyper);
/// let request = http::Request::get("http://127.0.0.1:8080/api/v1/workspaces?pageNum=1")
///     .body(Empty::new())?;
/// let response = client.ready().await?.call(request).await?;
/// println!("{}", response.status());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SigningLayer {
    signer: Signer,
}

impl SigningLayer {
    /// A layer that signs with `signer`.
    pub fn new(signer: Signer) -> Self {
        Self { signer }
    }
}

impl<S> Layer<S> for SigningLayer {
    type Service = SigningService<S>;

    fn layer(&self, inner: S) -> SigningService<S> {
        SigningService {
            inner,
            signer: self.signer.clone(),
        }
    }
}

/// The service of a [`SigningLayer`]: signs, then calls the inner service.
#[derive(Debug, Clone)]
pub struct SigningService<S> {
    inner: S,
    signer: Signer,
}

impl<S, B> Service<http::Request<B>> for SigningService<S>
where
    S: Service<http::Request<B>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError>,
    B: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        // The service that was polled ready goes into the future; a clone stays for the next call.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let signer = self.signer.clone();
        Box::pin(async move {
            signer.sign(&mut request).await?;
            inner.call(request).await.map_err(Into::into)
        })
    }
}
