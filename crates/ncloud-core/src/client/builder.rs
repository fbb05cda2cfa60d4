use std::sync::Arc;

use zeroize::Zeroizing;

use super::body::DEFAULT_MAX_BODY_SIZE;
use super::retry_budget::RetryBudget;
use super::{
    AsyncSleep, Client, ClientInner, Error, Jitter, RandomJitter, RetryConfig, TimeoutConfig,
    TokioSleep,
};
use crate::credentials::DefaultCredentialsChain;
use crate::time::{SystemTimeSource, TimeSource};
use crate::{Credentials, ProvideCredentials, SharedCredentialsProvider};

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("ncloud-rs/", env!("CARGO_PKG_VERSION"));

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use ncloud_core::{Client, Credentials};
/// use ncloud_core::client::{RetryConfig, TimeoutConfig};
///
/// let client = Client::builder()
///     .credentials(Credentials::new("AKID", "secret"))
///     .api_key("gateway-key")
///     .endpoint("http://127.0.0.1:8080")
///     .retry(RetryConfig::standard().with_max_attempts(5))
///     .timeouts(TimeoutConfig::default().with_total(Some(Duration::from_secs(120))))
///     .build()
///     .unwrap();
/// assert_eq!(client.endpoint(), Some("http://127.0.0.1:8080"));
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    credentials: Option<SharedCredentialsProvider>,
    profile: Option<String>,
    api_key: Option<Zeroizing<String>>,
    endpoint: Option<String>,
    user_agent_suffix: Option<String>,
    retry: Option<RetryConfig>,
    timeouts: Option<TimeoutConfig>,
    time_source: Option<Arc<dyn TimeSource>>,
    sleep: Option<Arc<dyn AsyncSleep>>,
    jitter: Option<Arc<dyn Jitter>>,
    max_body_size: Option<usize>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("profile", &self.profile)
            .field("api_key", &self.api_key.as_ref().map(|_| crate::REDACTED))
            .field("endpoint", &self.endpoint)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Where credentials come from (default: [`DefaultCredentialsChain`]: environment, then
    /// `~/.ncloud/configure`). They are loaded at the first call and kept.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Fixed credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// The profile of `~/.ncloud/configure` for the default chain (else `NCLOUD_PROFILE`, else
    /// `[DEFAULT]`). Ignored when a provider is set.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The API Gateway API key, overriding the one the credentials carry.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(Zeroizing::new(api_key.into()));
        self
    }

    /// A base URL that service clients use instead of their default endpoint (a test server, a
    /// private gateway). Each service appends its own path, e.g. `/nsml/v1/projects`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Appended to the `ncloud-rs/<version>` user agent, e.g. your application's name.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Retry settings (default: [`RetryConfig::standard`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Timeouts (default: connect 10 s, attempt 30 s, no total).
    pub fn timeouts(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// The clock used for signing timestamps and deadlines (default: the system clock).
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.time_source = Some(Arc::new(time_source));
        self
    }

    /// How to wait between attempts (default: tokio's timer).
    pub fn sleep(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// The random factor of backoff (default: uniform random).
    pub fn jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Some(Arc::new(jitter));
        self
    }

    /// The largest answer body the client reads, in bytes (default [`DEFAULT_MAX_BODY_SIZE`],
    /// 32 MiB, far above any NCP page). A larger answer fails with
    /// [`Error::is_body_too_large`]: at once when its `Content-Length` says so, else as soon as the
    /// bytes read pass the limit, so a broken or hostile server cannot exhaust memory.
    ///
    /// ```
    /// use ncloud_core::{Client, Credentials};
    ///
    /// let client = Client::builder()
    ///     .credentials(Credentials::new("AKID", "secret"))
    ///     .max_body_size(4 * 1024 * 1024)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.max_body_size(), 4 * 1024 * 1024);
    /// ```
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// The client. Fails only if the HTTP stack cannot be set up (TLS initialisation).
    pub fn build(self) -> Result<Client, Error> {
        let timeouts = self.timeouts.unwrap_or_default();
        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => format!("{USER_AGENT} {suffix}"),
            None => USER_AGENT.to_owned(),
        };
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(timeouts.connect())
            // The gateway never redirects; following one would send the signed headers elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(Error::from_reqwest)?;
        let credentials = self.credentials.unwrap_or_else(|| {
            let mut chain = DefaultCredentialsChain::builder();
            if let Some(profile) = self.profile {
                chain = chain.profile(profile);
            }
            SharedCredentialsProvider::new(chain.build())
        });
        let retry = self.retry.unwrap_or_default();
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                credentials,
                resolved: tokio::sync::OnceCell::new(),
                api_key: self.api_key,
                endpoint: self.endpoint,
                budget: RetryBudget::new(retry.budget_capacity()),
                retry,
                timeouts,
                time: self
                    .time_source
                    .unwrap_or_else(|| Arc::new(SystemTimeSource)),
                clock_offset: Default::default(),
                max_body_size: self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE),
                sleep: self.sleep.unwrap_or_else(|| Arc::new(TokioSleep)),
                jitter: self.jitter.unwrap_or_else(|| Arc::new(RandomJitter)),
            }),
        })
    }
}
