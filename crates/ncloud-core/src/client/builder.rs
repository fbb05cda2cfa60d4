use std::sync::Arc;

use zeroize::Zeroizing;

use super::body::DEFAULT_MAX_BODY_SIZE;
use super::retry_budget::RetryBudget;
use super::{
    Client, ClientInner, Clock, Error, Jitter, RandomJitter, RetryConfig, TimeoutConfig, TokioClock,
};
#[cfg(feature = "test-util")]
use crate::credentials::Fs;
use crate::credentials::cache::CredentialsCache;
use crate::credentials::{DefaultCredentialsChainBuilder, Env, ProfileFileProvider};
use crate::endpoint::{Gateway, GatewayLayer};
use crate::settings::{API_GW_VAR, API_URL_KEY, SITE_KEY, SITE_VAR};
use crate::site::Site;
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
    chain: DefaultCredentialsChainBuilder,
    api_key: Option<Zeroizing<String>>,
    endpoint: Option<String>,
    site: Option<Site>,
    user_agent_suffix: Option<String>,
    retry: Option<RetryConfig>,
    timeouts: Option<TimeoutConfig>,
    time_source: Option<Arc<dyn TimeSource>>,
    clock: Option<Arc<dyn Clock>>,
    jitter: Option<Arc<dyn Jitter>>,
    max_body_size: Option<usize>,
    http_client: Option<reqwest::Client>,
    dry_run: bool,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("chain", &self.chain)
            .field("api_key", &self.api_key.as_ref().map(|_| crate::REDACTED))
            .field("endpoint", &self.endpoint)
            .field("site", &self.site)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("max_body_size", &self.max_body_size)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Where credentials come from (default: [`DefaultCredentialsChain`](crate::credentials::DefaultCredentialsChain): a chosen profile, else
    /// the environment, then `~/.ncloud/configure`, then the server role if enabled). They are
    /// loaded at the first call and kept; keys that expire are reloaded
    /// [`CREDENTIALS_REFRESH_MARGIN`](super::CREDENTIALS_REFRESH_MARGIN) before they do.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Fixed credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// The profile of `~/.ncloud/configure` for the default chain (else `NCLOUD_PROFILE`, else
    /// `[DEFAULT]`): its keys are used, or loading fails. Ignored when a provider is set.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.chain = self.chain.profile(name);
        self
    }

    /// The NCP site (default: `NCLOUD_SITE`, else the profile's `ncloud_site`, else the site of a
    /// gateway URL from `NCLOUD_API_GW` or `ncloud_api_url`, else [`Site::Public`]). Service hosts
    /// are derived from it, and services that do not exist there fail before sending.
    pub fn site(mut self, site: Site) -> Self {
        self.site = Some(site);
        self
    }

    /// Lets the default chain use the server role (keys from the NCP server's metadata service)
    /// when neither the environment nor the profile has keys, as `NCLOUD_USE_SERVER_ROLE=true`
    /// does. Ignored when a provider is set.
    pub fn use_server_role(mut self, enabled: bool) -> Self {
        self.chain = self.chain.server_role(enabled);
        self
    }

    /// Reads this environment instead of the process's (for tests): `NCLOUD_*`, `HOME`.
    #[cfg(feature = "test-util")]
    pub fn env(mut self, env: Env) -> Self {
        self.chain = self.chain.env(env);
        self
    }

    /// Reads this file system instead of the real one (for tests): `~/.ncloud/configure`.
    #[cfg(feature = "test-util")]
    pub fn fs(mut self, fs: Fs) -> Self {
        self.chain = self.chain.fs(fs);
        self
    }

    /// The API Gateway API key, overriding the one the credentials carry.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(Zeroizing::new(api_key.into()));
        self
    }

    /// A base URL that service clients use instead of their default endpoint (a test server, a
    /// private gateway). Each service appends its own path, e.g. `/nsml/v1/projects`. An NCP
    /// gateway URL (`https://ncloud.apigw.gov-ntruss.com`) sets its site instead: each service keeps
    /// its own host there. Default: `NCLOUD_API_GW`, else the profile's `ncloud_api_url`.
    ///
    /// A URL with user info, a query or a fragment is refused by [`build`](Self::build) (see
    /// [`endpoint::base_url`](crate::endpoint::base_url)):
    ///
    /// ```
    /// use ncloud_core::{Client, Credentials};
    ///
    /// let err = Client::builder()
    ///     .credentials(Credentials::new("AKID", "secret"))
    ///     .endpoint("https://u:p@gw.example/?x")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.is_configuration());
    /// assert!(!err.to_string().contains("u:p"));
    /// ```
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
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

    /// The wall clock that signing timestamps and credential expiries are read from (default:
    /// the system clock).
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.time_source = Some(Arc::new(time_source));
        self
    }

    /// The one clock of retries: the total deadline, backoff, `Retry-After` waits and the
    /// attempt timeout all run on it (default: [`TokioClock`], so tokio's paused time controls
    /// them in tests).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
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

    /// A dry-run client: every call is checked, resolved and signed as usual, then stops before
    /// anything is sent, failing with an error whose
    /// [`prepared_request`](crate::Error::prepared_request) is the request it would have sent
    /// ([`Error::is_dry_run`](crate::Error::is_dry_run)). Inputs are validated as usual, so an
    /// invalid call still fails with its own error. A command that reads before it changes
    /// something stops at the read.
    ///
    /// ```
    /// use ncloud_core::{Client, Credentials};
    /// use ncloud_core::client::{Method, Request};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let client = Client::builder()
    ///     .credentials(Credentials::new("AKID", "secret"))
    ///     .dry_run(true)
    ///     .build()
    ///     .unwrap();
    /// let request = Request::new(Method::DELETE, "https://mi.apigw.ntruss.com/api/v1/workspaces/demo");
    /// let error = client.send_raw(request).await.unwrap_err();
    /// assert!(error.is_dry_run());
    /// let prepared = error.prepared_request().unwrap();
    /// assert_eq!(prepared.url().path(), "/api/v1/workspaces/demo");
    /// # }
    /// ```
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Sends with your own `reqwest::Client`: its proxies, client certificates (mTLS), root
    /// certificates, HTTP/2 settings, connect timeout and user agent apply, and
    /// [`user_agent_suffix`](Self::user_agent_suffix) and the connect timeout of
    /// [`timeouts`](Self::timeouts) do not. Signing, retries and the per-attempt timeout stay
    /// this client's.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: the NCP API Gateway never
    /// redirects, and a client that follows redirects resends the signature and the API key to
    /// whatever host the redirect names. This client cannot stop that once your client has done
    /// it, but it refuses the answer: a `3xx`, or an answer from another URL than the one signed,
    /// is an error.
    ///
    /// ```
    /// use ncloud_core::{Client, Credentials};
    ///
    /// // ncloud-core's TLS (rustls on ring) and redirects off; or `reqwest::Client::builder()`
    /// // when your reqwest has a TLS feature (its default `rustls`)
    /// let http = ncloud_core::client::http_client_builder()
    ///     .unwrap()
    ///     // .proxy(...), .identity(...), .tls_certs_merge(...), ...
    ///     .build()
    ///     .unwrap();
    /// let client = Client::builder()
    ///     .credentials(Credentials::new("AKID", "secret"))
    ///     .http_client(http)
    ///     .build()
    ///     .unwrap();
    /// # let _ = client;
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The client. Fails when the site settings are invalid or disagree, when the profile file
    /// (read for its site when the default chain is used) is malformed, or when the HTTP stack
    /// cannot be set up (TLS initialisation).
    pub fn build(self) -> Result<Client, Error> {
        let timeouts = self.timeouts.unwrap_or_default();
        let http = match self.http_client {
            Some(http) => http,
            None => default_http_client(self.user_agent_suffix.as_deref(), &timeouts)?,
        };
        let time = self
            .time_source
            .unwrap_or_else(|| Arc::new(SystemTimeSource));
        let chain = self.chain.time_source(time.clone()).build();
        let env = chain.env();
        let mut layers = vec![
            GatewayLayer::default()
                .site(
                    self.site.map(|s| s.name().to_owned()),
                    "the site given to the client",
                )
                .url(self.endpoint, "the endpoint given to the client"),
            GatewayLayer::default()
                .site(env_value(env, SITE_VAR)?, SITE_VAR)
                .url(env_value(env, API_GW_VAR)?, API_GW_VAR),
        ];
        let credentials = match self.credentials {
            Some(provider) => provider,
            None => {
                // A profile's site goes with its keys: not with keys from the environment.
                if let Some(profile) = chain.profile_with_the_keys() {
                    layers.push(profile_layer(profile)?);
                }
                SharedCredentialsProvider::new(chain)
            }
        };
        let gateway = Gateway::resolve(&layers).map_err(|e| Error::configuration(e.to_string()))?;
        let retry = self.retry.unwrap_or_default();
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                credentials: CredentialsCache::new(credentials, self.api_key, time.clone()),
                gateway,
                budget: RetryBudget::new(retry.budget_capacity()),
                retry,
                timeouts,
                time,
                clock_offset: Default::default(),
                max_body_size: self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE),
                clock: self.clock.unwrap_or_else(|| Arc::new(TokioClock)),
                jitter: self.jitter.unwrap_or_else(|| Arc::new(RandomJitter)),
                dry_run: self.dry_run,
            }),
        })
    }
}

fn env_value(env: &Env, key: &str) -> Result<Option<String>, Error> {
    env.get_non_blank(key)
        .map_err(|e| Error::configuration(e.to_string()))
}

/// The site and gateway URL of the profile the default chain reads, if it exists.
fn profile_layer(profile: &ProfileFileProvider) -> Result<GatewayLayer, Error> {
    let loaded = profile
        .read()
        .map_err(|e| Error::credentials(Arc::new(e)))?;
    let Some(loaded) = loaded else {
        return Ok(GatewayLayer::default());
    };
    let value = |key| loaded.get(key).map(str::to_owned);
    Ok(GatewayLayer::default()
        .site(value(SITE_KEY), loaded.describe(SITE_KEY))
        .url(value(API_URL_KEY), loaded.describe(API_URL_KEY)))
}

/// Our own `reqwest::Client` (TLS: see `tls.rs`).
fn default_http_client(
    user_agent_suffix: Option<&str>,
    timeouts: &TimeoutConfig,
) -> Result<reqwest::Client, Error> {
    let user_agent = match user_agent_suffix {
        Some(suffix) => format!("{USER_AGENT} {suffix}"),
        None => USER_AGENT.to_owned(),
    };
    super::http_client_builder()?
        .user_agent(user_agent)
        .connect_timeout(timeouts.connect())
        .build()
        .map_err(Error::from_reqwest)
}
