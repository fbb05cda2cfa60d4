use std::fmt;
use std::sync::{Arc, OnceLock};

use http::header::HeaderMap;

use super::{
    SignableRequest, SigningError, SigningOutput, SigningParams, Timestamp, sign, sign_request,
};
use crate::credentials::DefaultCredentialsChain;
use crate::time::{SystemTimeSource, TimeSource};
use crate::{Credentials, ProvideCredentials, SharedCredentialsProvider};

/// Signs requests with credentials from any provider and a timestamp read from a clock at each
/// call (feature `http`): what the tower layer and the reqwest middleware use, and what any other
/// HTTP stack can call before each attempt.
///
/// Credentials are loaded at the first signature and kept (a failed load is not kept, so the next
/// request tries again). Clones share them. The timestamp is read anew for every request, so a
/// retry that goes through the signer again is signed for its own moment.
///
/// ```
/// use ncloud_core::Credentials;
/// use ncloud_core::signing::Signer;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let signer = Signer::new(Credentials::new("AKID", "secret")); // or Signer::from_env()
/// let mut request = http::Request::get("https://mi.apigw.ntruss.com/api/v1/workspaces").body(())?;
/// signer.sign(&mut request).await?;
/// assert!(request.headers().contains_key("x-ncp-apigw-signature-v2"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Signer {
    provider: SharedCredentialsProvider,
    cached: Arc<OnceLock<Credentials>>,
    time: Arc<dyn TimeSource>,
}

impl Signer {
    /// A signer with credentials from `provider` (static [`Credentials`] are a provider) and the
    /// system clock.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self {
            provider: SharedCredentialsProvider::new(provider),
            cached: Arc::default(),
            time: Arc::new(SystemTimeSource),
        }
    }

    /// A signer with the [`DefaultCredentialsChain`]: the environment, then `~/.ncloud/configure`.
    pub fn from_env() -> Self {
        Self::new(DefaultCredentialsChain::new())
    }

    /// The clock that timestamps each signature (default: the system clock).
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Arc::new(time);
        self
    }

    /// The credentials every request is signed with, loaded at the first call.
    pub async fn credentials(&self) -> Result<Credentials, SigningError> {
        if let Some(credentials) = self.cached.get() {
            return Ok(credentials.clone());
        }
        // Concurrent first calls may each ask the provider; the first answer is kept.
        let loaded = self
            .provider
            .provide_credentials()
            .await
            .map_err(SigningError::Credentials)?;
        Ok(self.cached.get_or_init(|| loaded).clone())
    }

    /// Signs `request` in place for this moment; see [`sign_request`](super::sign_request).
    pub async fn sign<B>(
        &self,
        request: &mut http::Request<B>,
    ) -> Result<SigningOutput, SigningError> {
        let credentials = self.credentials().await?;
        sign_request(request, &self.params(&credentials))
    }

    /// Signs a request given as parts, for HTTP types other than `http::Request`:
    /// `path_and_query` exactly as sent (see [`path_and_query`](super::path_and_query)), and the
    /// headers to add the signature to.
    pub async fn sign_parts(
        &self,
        method: &http::Method,
        path_and_query: &str,
        headers: &mut HeaderMap,
    ) -> Result<SigningOutput, SigningError> {
        let credentials = self.credentials().await?;
        let request = SignableRequest::new(method.as_str(), path_and_query);
        let output = sign(&request, &self.params(&credentials));
        output.apply_to_headers(headers)?;
        Ok(output)
    }

    fn params<'a>(&self, credentials: &'a Credentials) -> SigningParams<'a> {
        SigningParams::new(credentials, Timestamp::from_system_time(self.time.now()))
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("provider", &self.provider)
            .field("time", &self.time)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, UNIX_EPOCH};

    use async_trait::async_trait;

    use super::*;
    use crate::CredentialsError;
    use crate::time::ManualTimeSource;

    /// Fails its first load, then counts the loads that succeed.
    #[derive(Debug, Default)]
    struct Flaky {
        calls: AtomicUsize,
    }

    #[async_trait]
    impl ProvideCredentials for Flaky {
        async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            match self.calls.fetch_add(1, Ordering::SeqCst) {
                0 => Err(CredentialsError::not_found("nothing yet")),
                _ => Ok(Credentials::new("AKID", "s3cr3t")),
            }
        }
    }

    #[tokio::test]
    async fn a_failed_load_is_retried_and_a_good_one_kept() {
        let provider = Arc::new(Flaky::default());
        let signer = Signer::new(Arc::clone(&provider));
        let error = signer.credentials().await.unwrap_err();
        assert!(matches!(error, SigningError::Credentials(_)), "{error:?}");
        let clone = signer.clone();
        assert_eq!(clone.credentials().await.unwrap().access_key(), "AKID");
        assert_eq!(signer.credentials().await.unwrap().access_key(), "AKID");
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn every_signature_reads_the_clock() {
        let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_millis(1_700_000_000_000));
        let signer = Signer::new(Credentials::new("AKID", "s3cr3t")).time_source(clock.clone());
        let mut headers = HeaderMap::new();
        let first = signer
            .sign_parts(&http::Method::GET, "/p", &mut headers)
            .await
            .unwrap();
        clock.advance(Duration::from_secs(2));
        let second = signer
            .sign_parts(&http::Method::GET, "/p", &mut headers)
            .await
            .unwrap();
        assert_eq!(first.string_to_sign(), "GET /p\n1700000000000\nAKID");
        assert_eq!(second.string_to_sign(), "GET /p\n1700000002000\nAKID");
        assert_eq!(headers["x-ncp-apigw-timestamp"], "1700000002000");
    }

    #[tokio::test]
    async fn debug_shows_no_secret() {
        let signer = Signer::new(Credentials::new("AKID", "s3cr3t").with_api_key("k3y"));
        signer.credentials().await.unwrap();
        let debug = format!("{signer:?}");
        assert!(
            debug.contains("AKID") && !debug.contains("s3cr3t") && !debug.contains("k3y"),
            "{debug}"
        );
    }
}
