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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, UNIX_EPOCH};

    use async_trait::async_trait;
    use tower::{ServiceExt as _, service_fn};

    use super::*;
    use crate::credentials::CREDENTIALS_REFRESH_MARGIN;
    use crate::time::{ManualTimeSource, TimeSource};
    use crate::{Credentials, CredentialsError, ProvideCredentials};

    /// Keys valid for an hour once, then a metadata service that is down; counts the calls.
    #[derive(Debug)]
    struct OnceThenDown {
        clock: ManualTimeSource,
        calls: AtomicUsize,
    }

    #[async_trait]
    impl ProvideCredentials for OnceThenDown {
        async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            // Each call takes (paused) time, so concurrent requests really overlap with it.
            tokio::time::sleep(Duration::from_secs(1)).await;
            match self.calls.fetch_add(1, Ordering::SeqCst) {
                0 => Ok(Credentials::new("AKID", "s3cr3t")
                    .with_expiry(self.clock.now() + Duration::from_secs(3600))),
                _ => Err(CredentialsError::not_found("the metadata service is down")),
            }
        }
    }

    /// Sends `n` requests at once through the layer; how many were signed.
    async fn burst(layer: &SigningLayer, n: usize) -> usize {
        let service = layer.layer(service_fn(|request: http::Request<()>| async move {
            Ok::<_, BoxError>(request.headers().contains_key("x-ncp-apigw-signature-v2"))
        }));
        let calls = (0..n).map(|_| {
            let service = service.clone();
            let request = http::Request::get("https://mi.apigw.ntruss.com/api/v1/workspaces")
                .body(())
                .unwrap();
            tokio::spawn(service.oneshot(request))
        });
        let mut signed = 0;
        for call in calls.collect::<Vec<_>>() {
            signed += usize::from(call.await.unwrap().unwrap());
        }
        signed
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_refresh_costs_one_provider_call_per_pause_not_one_per_request() {
        let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_900_000_000));
        let provider = Arc::new(OnceThenDown {
            clock: clock.clone(),
            calls: AtomicUsize::new(0),
        });
        let signer = Signer::new(Arc::clone(&provider)).time_source(clock.clone());
        let layer = SigningLayer::new(signer);
        assert_eq!(burst(&layer, 20).await, 20);
        assert_eq!(
            provider.calls.load(Ordering::SeqCst),
            1,
            "one load for 20 requests"
        );
        // Due for a refresh, and the metadata service is down: one call for the whole burst, and
        // the keys in hand (still valid) sign every request.
        clock.advance(Duration::from_secs(3600) - CREDENTIALS_REFRESH_MARGIN);
        assert_eq!(burst(&layer, 20).await, 20);
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
        assert_eq!(burst(&layer, 20).await, 20);
        assert_eq!(
            provider.calls.load(Ordering::SeqCst),
            2,
            "within the pause: no call"
        );
        // After the pause, one more call for the next burst.
        clock.advance(crate::credentials::cache::RETRY_AFTER_FAILED_REFRESH);
        assert_eq!(burst(&layer, 20).await, 20);
        assert_eq!(provider.calls.load(Ordering::SeqCst), 3);
    }
}
