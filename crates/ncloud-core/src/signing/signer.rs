use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use http::header::HeaderMap;

use super::{
    SignableRequest, SigningError, SigningOutput, SigningParams, Timestamp, sign, sign_request,
};
use crate::credentials::{DefaultCredentialsChain, refresh_time};
use crate::time::{SystemTimeSource, TimeSource};
use crate::{Credentials, ProvideCredentials, SharedCredentialsProvider};

/// Signs requests with credentials from any provider and a timestamp read from a clock at each
/// call (feature `http`): what the tower layer and the reqwest middleware use, and what any other
/// HTTP stack can call before each attempt.
///
/// Credentials are loaded at the first signature and kept; keys that expire (a server role's) are
/// reloaded [`CREDENTIALS_REFRESH_MARGIN`](crate::credentials::CREDENTIALS_REFRESH_MARGIN) before
/// they do. A failed load is not kept, so the next request tries again (while the keys in hand
/// have not expired, they are used meanwhile). Clones share them. The timestamp is read anew for
/// every request, so a retry that goes through the signer again is signed for its own moment.
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
    cached: Arc<Mutex<Option<Cached>>>,
    time: Arc<dyn TimeSource>,
}

/// Loaded credentials and when to reload them (`None`: they do not expire).
#[derive(Clone)]
struct Cached {
    credentials: Credentials,
    refresh_at: Option<SystemTime>,
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
        let now = self.time.now();
        let cached = self.lock_cached().clone();
        if let Some(cached) = &cached
            && cached.refresh_at.is_none_or(|at| now < at)
        {
            return Ok(cached.credentials.clone());
        }
        // Concurrent callers at a reload may each ask the provider; the last answer is kept.
        match self.provider.provide_credentials().await {
            Ok(credentials) => {
                let refresh_at = credentials.expiry().map(|e| refresh_time(now, e));
                *self.lock_cached() = Some(Cached {
                    credentials: credentials.clone(),
                    refresh_at,
                });
                Ok(credentials)
            }
            Err(error) => match cached {
                Some(c) if c.credentials.expiry().is_some_and(|e| now < e) => Ok(c.credentials),
                _ => Err(SigningError::Credentials(error)),
            },
        }
    }

    fn lock_cached(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        self.cached.lock().unwrap_or_else(|e| e.into_inner())
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
    use crate::credentials::CREDENTIALS_REFRESH_MARGIN;
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

    /// Keys numbered by load, valid for an hour from the clock's time.
    #[derive(Debug)]
    struct Expiring {
        clock: ManualTimeSource,
        loads: AtomicUsize,
    }

    #[async_trait]
    impl ProvideCredentials for Expiring {
        async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            let n = self.loads.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(Credentials::new(format!("AKID{n}"), "s3cr3t")
                .with_expiry(self.clock.now() + Duration::from_secs(3600)))
        }
    }

    #[tokio::test]
    async fn keys_that_expire_are_reloaded_before_they_do() {
        let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_900_000_000));
        let provider = Arc::new(Expiring {
            clock: clock.clone(),
            loads: AtomicUsize::new(0),
        });
        let signer = Signer::new(Arc::clone(&provider)).time_source(clock.clone());
        assert_eq!(signer.credentials().await.unwrap().access_key(), "AKID1");
        clock.advance(Duration::from_secs(3599) - CREDENTIALS_REFRESH_MARGIN);
        assert_eq!(signer.credentials().await.unwrap().access_key(), "AKID1");
        clock.advance(Duration::from_secs(1));
        assert_eq!(signer.credentials().await.unwrap().access_key(), "AKID2");
        assert_eq!(signer.credentials().await.unwrap().access_key(), "AKID2");
        assert_eq!(provider.loads.load(Ordering::SeqCst), 2);
    }

    /// Gives keys valid for an hour once, then fails.
    #[derive(Debug)]
    struct OnceThenDown {
        clock: ManualTimeSource,
        loads: AtomicUsize,
    }

    #[async_trait]
    impl ProvideCredentials for OnceThenDown {
        async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            match self.loads.fetch_add(1, Ordering::SeqCst) {
                0 => Ok(Credentials::new("AKID", "s3cr3t")
                    .with_expiry(self.clock.now() + Duration::from_secs(3600))),
                _ => Err(CredentialsError::not_found("the metadata service is down")),
            }
        }
    }

    #[tokio::test]
    async fn a_failed_reload_keeps_the_keys_until_they_expire() {
        let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_900_000_000));
        let provider = OnceThenDown {
            clock: clock.clone(),
            loads: AtomicUsize::new(0),
        };
        let signer = Signer::new(provider).time_source(clock.clone());
        signer.credentials().await.unwrap();
        clock.advance(Duration::from_secs(3599)); // due for a reload, not expired
        assert_eq!(signer.credentials().await.unwrap().access_key(), "AKID");
        clock.advance(Duration::from_secs(1)); // expired
        let error = signer.credentials().await.unwrap_err();
        assert!(matches!(error, SigningError::Credentials(_)), "{error:?}");
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
