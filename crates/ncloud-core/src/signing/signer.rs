use std::fmt;
use std::sync::Arc;

use http::header::HeaderMap;

use super::{
    ApiKey, SignableRequest, SigningError, SigningOutput, SigningParams, Timestamp, send_api_key,
    sign, sign_request,
};
use crate::credentials::DefaultCredentialsChain;
use crate::credentials::cache::CredentialsCache;
use crate::time::{SystemTimeSource, TimeSource};
use crate::{Credentials, ProvideCredentials, SharedCredentialsProvider};

/// Signs requests with credentials from any provider and a timestamp read from a clock at each
/// call (feature `http`): what the tower layer and the reqwest middleware use, and what any other
/// HTTP stack can call before each attempt.
///
/// Credentials come from the one credentials cache the client uses too: loaded at the first
/// signature and kept; keys that expire (a server role's) are reloaded
/// [`CREDENTIALS_REFRESH_MARGIN`](crate::credentials::CREDENTIALS_REFRESH_MARGIN) before they do,
/// by one load that concurrent requests share. A failed load is not kept, so a later request
/// tries again; while the keys in hand have not expired, they are used meanwhile, and the next try
/// waits a short pause (so a metadata service that is down costs one provider call per pause, not
/// one per request). Clones share them. The timestamp is read anew for
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
    cache: Arc<CredentialsCache>,
    time: Arc<dyn TimeSource>,
    api_key: ApiKey,
}

impl Signer {
    /// A signer with credentials from `provider` (static [`Credentials`] are a provider) and the
    /// system clock.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        let time: Arc<dyn TimeSource> = Arc::new(SystemTimeSource);
        Self {
            cache: Arc::new(CredentialsCache::new(
                SharedCredentialsProvider::new(provider),
                None,
                time.clone(),
            )),
            time,
            api_key: ApiKey::Send,
        }
    }

    /// A signer with the [`DefaultCredentialsChain`]: the environment, then `~/.ncloud/configure`.
    pub fn from_env() -> Self {
        Self::new(DefaultCredentialsChain::new())
    }

    /// The clock that timestamps each signature and times the credentials' expiry (default: the
    /// system clock). Forgets credentials loaded so far.
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Arc::new(time);
        self.cache = Arc::new(CredentialsCache::new(
            self.cache.provider().clone(),
            None,
            self.time.clone(),
        ));
        self
    }

    /// Whether requests carry the API Gateway API key (default [`ApiKey::Send`]: when the
    /// credentials have one). As in the client, the key never goes over plain `http://` to a host
    /// other than the local machine: such a request fails to sign. A request whose URI names no
    /// scheme (origin form, as some stacks build them) cannot be judged, and follows the policy.
    ///
    /// ```
    /// use ncloud_core::Credentials;
    /// use ncloud_core::signing::{ApiKey, Signer};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let signer = Signer::new(Credentials::new("AKID", "secret").with_api_key("gateway-key"));
    /// let mut plain = http::Request::get("http://gw.example/api/v1/workspaces").body(()).unwrap();
    /// assert!(signer.sign(&mut plain).await.is_err(), "the key over plain http is refused");
    /// let mut mi = http::Request::get("http://gw.example/api/v1/workspaces").body(()).unwrap();
    /// signer.clone().api_key(ApiKey::NotUsed).sign(&mut mi).await.unwrap();
    /// assert!(!mi.headers().contains_key("x-ncp-apigw-api-key"));
    /// # }
    /// ```
    pub fn api_key(mut self, policy: ApiKey) -> Self {
        self.api_key = policy;
        self
    }

    /// The credentials every request is signed with: loaded at the first call and kept, reloaded
    /// before keys that expire do, by one load that concurrent requests share; after a failed
    /// reload the keys in hand (while valid) are used for a short pause before the next try.
    pub async fn credentials(&self) -> Result<Credentials, SigningError> {
        self.cache.get().await.map_err(SigningError::Credentials)
    }

    /// Signs `request` in place for this moment; see [`sign_request`](super::sign_request).
    pub async fn sign<B>(
        &self,
        request: &mut http::Request<B>,
    ) -> Result<SigningOutput, SigningError> {
        let credentials = self.credentials().await?;
        let uri = request.uri();
        let send = send_api_key(self.api_key, &credentials, uri.scheme_str(), uri.host())?;
        sign_request(request, &self.params(&credentials).with_api_key(send))
    }

    /// Signs a request given as parts, for HTTP types other than `http::Request`:
    /// `path_and_query` exactly as sent (see [`path_and_query`](super::path_and_query)), and the
    /// headers to add the signature to. With no URL to judge the channel by, the API key follows
    /// the policy alone.
    pub async fn sign_parts(
        &self,
        method: &http::Method,
        path_and_query: &str,
        headers: &mut HeaderMap,
    ) -> Result<SigningOutput, SigningError> {
        self.sign_to(method, None, path_and_query, headers).await
    }

    /// Signs a request to `url` (absolute, as sent): the path-and-query from it, and the API key
    /// only where the channel allows.
    #[cfg(feature = "reqwest-middleware")]
    pub(crate) async fn sign_url(
        &self,
        method: &http::Method,
        url: &str,
        headers: &mut HeaderMap,
    ) -> Result<SigningOutput, SigningError> {
        let uri = url.parse::<http::Uri>().ok();
        let channel = uri.as_ref().map(|u| (u.scheme_str(), u.host()));
        self.sign_to(method, channel, &super::path_and_query(url), headers)
            .await
    }

    async fn sign_to(
        &self,
        method: &http::Method,
        channel: Option<(Option<&str>, Option<&str>)>,
        path_and_query: &str,
        headers: &mut HeaderMap,
    ) -> Result<SigningOutput, SigningError> {
        let credentials = self.credentials().await?;
        let (scheme, host) = channel.unwrap_or((None, None));
        let send = send_api_key(self.api_key, &credentials, scheme, host)?;
        let request = SignableRequest::new(method.as_str(), path_and_query);
        let output = sign(&request, &self.params(&credentials).with_api_key(send));
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
            .field("credentials", &self.cache)
            .field("time", &self.time)
            .field("api_key", &self.api_key)
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
