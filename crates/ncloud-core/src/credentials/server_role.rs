//! Credentials of an NCP server's role, read from the server's metadata service, as NCP's Go SDK
//! reads them. Opt-in only: nothing ever asks the metadata address unless the user enabled it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use percent_encoding::utf8_percent_encode;
use serde::Deserialize;

use super::{Credentials, CredentialsError, Env, ProvideCredentials};
use crate::settings::METADATA_ENDPOINT_VAR;
use crate::time::{SystemTimeSource, TimeSource};

/// The metadata service's address on an NCP server.
const DEFAULT_METADATA_ENDPOINT: &str = "http://169.254.169.254";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
/// How long one metadata request may take, connection included (the Go SDK's 3 s).
pub const METADATA_TIMEOUT: Duration = Duration::from_secs(3);
const METADATA_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// Metadata answers are a few hundred bytes; anything longer is not one.
const MAX_ANSWER: usize = 64 * 1024;

/// The keys of the role attached to the NCP server this runs on: the first role that
/// `GET {endpoint}/latest/meta-data/iam/security-credentials/` lists, then that role's keys, which
/// carry an expiry (the client refreshes them before it).
///
/// Each request has a short timeout ([`METADATA_TIMEOUT`]); no redirect or proxy is followed.
/// Errors say what went wrong: no metadata service, no role, an answer that is not the expected
/// JSON, keys that already expired.
///
/// The default chain tries it last when enabled (`NCLOUD_USE_SERVER_ROLE=true`, the profile's
/// `ncloud_use_server_role = true`, or the builder); it can also be the only provider:
///
/// ```no_run
/// use ncloud_core::Client;
/// use ncloud_core::credentials::ServerRoleProvider;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let after_env_and_profile = Client::builder().use_server_role(true).build()?;
/// let only_the_role = Client::builder()
///     .credentials_provider(ServerRoleProvider::new()?)
///     .build()?;
/// # Ok(()) }
/// ```
pub struct ServerRoleProvider {
    endpoint: String,
    time: Arc<dyn TimeSource>,
}

impl ServerRoleProvider {
    /// The metadata service at `NCLOUD_METADATA_API_ENDPOINT`, else `http://169.254.169.254`.
    pub fn new() -> Result<Self, CredentialsError> {
        Self::reading(&Env::real())
    }

    /// Reads `NCLOUD_METADATA_API_ENDPOINT` from `env` (for tests).
    #[cfg(feature = "test-util")]
    pub fn from_env(env: &Env) -> Result<Self, CredentialsError> {
        Self::reading(env)
    }

    pub(crate) fn reading(env: &Env) -> Result<Self, CredentialsError> {
        let endpoint = env
            .get_non_blank(METADATA_ENDPOINT_VAR)?
            .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned());
        Ok(Self::with_endpoint(endpoint))
    }

    /// The metadata service at `endpoint` (scheme, host and port, e.g. `http://127.0.0.1:8080`).
    pub fn with_endpoint(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into().trim_end_matches('/').to_owned(),
            time: Arc::new(SystemTimeSource),
        }
    }

    /// The clock that decides whether an answer already expired (default: the system clock).
    #[must_use]
    pub fn time_source(mut self, time: Arc<dyn TimeSource>) -> Self {
        self.time = time;
        self
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let http = crate::client::http_client_builder()
            .map_err(|e| role_error(format!("cannot set up HTTP: {e}")))?
            .connect_timeout(METADATA_CONNECT_TIMEOUT)
            .timeout(METADATA_TIMEOUT)
            .no_proxy()
            .build()
            .map_err(|e| role_error(format!("cannot set up HTTP: {e}")))?;
        let list_url = format!("{}{CREDENTIALS_PATH}", self.endpoint);
        let roles = self.get(&http, &list_url).await?;
        let role = roles
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .ok_or_else(|| role_error("no role is attached to this server (the list is empty)"))?;
        let role_url = format!(
            "{list_url}{}",
            utf8_percent_encode(role, crate::client::COMPONENT)
        );
        let body = self.get(&http, &role_url).await?;
        let answer: RoleAnswer = serde_json::from_str(&body).map_err(|e| {
            // serde's message may quote a value: say where, never what.
            role_error(format!(
                "the answer for role {role:?} is not the expected JSON \
                 (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        answer.credentials(role, self.time.now())
    }

    async fn get(&self, http: &reqwest::Client, url: &str) -> Result<String, CredentialsError> {
        let path = &url[self.endpoint.len()..];
        let mut response = http.get(url).send().await.map_err(|e| {
            if e.is_timeout() {
                role_error(format!(
                    "the metadata service at {} did not answer within {}",
                    self.endpoint,
                    crate::client::readable(METADATA_TIMEOUT)
                ))
            } else {
                role_error(format!(
                    "cannot reach the metadata service at {} (set {METADATA_ENDPOINT_VAR} if it \
                     is elsewhere; is this an NCP server?)",
                    self.endpoint
                ))
            }
        })?;
        let status = response.status().as_u16();
        if status == 404 && path == CREDENTIALS_PATH {
            return Err(role_error(
                "no role is attached to this server (the metadata service answered 404)",
            ));
        }
        if !(200..300).contains(&status) {
            return Err(role_error(format!(
                "the metadata service answered HTTP {status} to GET {path}"
            )));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|_| role_error(format!("the answer to GET {path} broke off or timed out")))?
        {
            if body.len() + chunk.len() > MAX_ANSWER {
                return Err(role_error(format!(
                    "the answer to GET {path} is longer than {MAX_ANSWER} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        String::from_utf8(body)
            .map_err(|_| role_error(format!("the answer to GET {path} is not UTF-8 text")))
    }
}

fn role_error(message: impl Into<String>) -> CredentialsError {
    CredentialsError::ServerRole {
        message: message.into(),
    }
}

/// A role's keys as the metadata service writes them.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleAnswer {
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    expiration: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

impl RoleAnswer {
    fn credentials(self, role: &str, now: SystemTime) -> Result<Credentials, CredentialsError> {
        if let Some(code) = self.code.filter(|c| !c.eq_ignore_ascii_case("success")) {
            return Err(role_error(format!(
                "the metadata service refused the keys of role {role:?}: {code}{}",
                self.message.map(|m| format!(": {m}")).unwrap_or_default()
            )));
        }
        let (Some(access), Some(secret)) = (
            self.access_key_id.filter(|v| !v.is_empty()),
            self.secret_access_key.filter(|v| !v.is_empty()),
        ) else {
            return Err(role_error(format!(
                "the answer for role {role:?} has no AccessKeyId or no SecretAccessKey"
            )));
        };
        let written = self
            .expiration
            .ok_or_else(|| role_error(format!("the answer for role {role:?} has no Expiration")))?;
        let expiry = chrono::DateTime::parse_from_rfc3339(written.trim())
            .ok()
            .and_then(|at| u64::try_from(at.timestamp_millis()).ok())
            .map(|millis| UNIX_EPOCH + Duration::from_millis(millis))
            .ok_or_else(|| {
                role_error(format!(
                    "the Expiration of role {role:?}, {written:?}, is not an RFC 3339 date-time"
                ))
            })?;
        if expiry <= now {
            return Err(role_error(format!(
                "the metadata service gave keys of role {role:?} that expired at {written}"
            )));
        }
        Ok(Credentials::new(access, secret).with_expiry(expiry))
    }
}

impl fmt::Debug for ServerRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerRoleProvider")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl ProvideCredentials for ServerRoleProvider {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.load().await
    }
}

#[cfg(test)]
mod tests {
    use httpmock::MockServer;

    use super::*;
    use crate::time::ManualTimeSource;

    /// 2030-01-01T00:00:00Z.
    const NOW: u64 = 1_893_456_000;

    fn provider(server: &MockServer) -> ServerRoleProvider {
        let clock = ManualTimeSource::new(UNIX_EPOCH + Duration::from_secs(NOW));
        ServerRoleProvider::from_env(&Env::from_slice(&[(
            METADATA_ENDPOINT_VAR,
            &server.base_url(),
        )]))
        .unwrap()
        .time_source(Arc::new(clock))
    }

    fn role_list(server: &MockServer, body: &str) {
        server.mock(|when, then| {
            when.method("GET").path(CREDENTIALS_PATH);
            then.status(200).body(body);
        });
    }

    fn role_keys(server: &MockServer, role: &str, body: &str) {
        server.mock(|when, then| {
            when.method("GET").path(format!("{CREDENTIALS_PATH}{role}"));
            then.status(200).body(body);
        });
    }

    async fn load_err(server: &MockServer) -> String {
        provider(server).load().await.unwrap_err().to_string()
    }

    #[tokio::test]
    async fn the_first_role_s_keys_with_their_expiry() {
        let server = MockServer::start_async().await;
        role_list(&server, "\nweb-role\nother-role\n");
        role_keys(
            &server,
            "web-role",
            r#"{"AccessKeyId":"ROLEAK","SecretAccessKey":"ROLESK","Expiration":"2030-01-01T06:00:00Z","Code":"Success","Message":""}"#,
        );
        let credentials = provider(&server).load().await.unwrap();
        assert_eq!(
            (credentials.access_key(), credentials.secret_key()),
            ("ROLEAK", "ROLESK")
        );
        assert_eq!(
            credentials.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(NOW + 6 * 3600))
        );
        assert_eq!(credentials.api_key(), None);
    }

    #[tokio::test]
    async fn no_role_is_said_plainly() {
        let server = MockServer::start_async().await;
        role_list(&server, "\n \n");
        assert_eq!(
            load_err(&server).await,
            "server role: no role is attached to this server (the list is empty)"
        );
        let server = MockServer::start_async().await;
        assert_eq!(
            load_err(&server).await,
            "server role: no role is attached to this server (the metadata service answered 404)"
        );
    }

    #[tokio::test]
    async fn bad_json_names_the_place_not_the_content() {
        let server = MockServer::start_async().await;
        role_list(&server, "r");
        role_keys(
            &server,
            "r",
            r#"{"AccessKeyId": 5, "SecretAccessKey": "LEAKME"}"#,
        );
        let err = load_err(&server).await;
        assert!(err.contains("is not the expected JSON (line 1"), "{err}");
        let server = MockServer::start_async().await;
        role_list(&server, "r");
        role_keys(
            &server,
            "r",
            r#"{"SecretAccessKey": "LEAKME", "Expiration": "2031-01-01T00:00:00Z"}"#,
        );
        let err = load_err(&server).await;
        assert!(err.contains("has no AccessKeyId"), "{err}");
        assert!(!err.contains("LEAKME"), "{err}");
    }

    #[tokio::test]
    async fn expired_refused_and_odd_answers_are_errors() {
        for (body, expected) in [
            (
                r#"{"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2029-12-31T23:59:59Z"}"#,
                "expired at 2029-12-31T23:59:59Z",
            ),
            (
                r#"{"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"tomorrow"}"#,
                r#""tomorrow", is not an RFC 3339 date-time"#,
            ),
            (
                r#"{"AccessKeyId":"A","SecretAccessKey":"S"}"#,
                "has no Expiration",
            ),
            (
                r#"{"Code":"AccessDenied","Message":"role detached"}"#,
                r#"refused the keys of role "r": AccessDenied: role detached"#,
            ),
        ] {
            let server = MockServer::start_async().await;
            role_list(&server, "r");
            role_keys(&server, "r", body);
            let err = load_err(&server).await;
            assert!(err.contains(expected), "{body}: {err}");
        }
    }

    #[tokio::test]
    async fn an_unreachable_service_and_long_answers_are_errors() {
        // A port nothing listens on: bind one, note it, drop it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = ServerRoleProvider::with_endpoint(format!("http://127.0.0.1:{port}"))
            .load()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cannot reach the metadata service at http://127.0.0.1:")
                && err.contains(METADATA_ENDPOINT_VAR),
            "{err}"
        );
        let server = MockServer::start_async().await;
        role_list(&server, &"r".repeat(MAX_ANSWER + 1));
        assert!(load_err(&server).await.contains("longer than"));
    }

    #[test]
    fn debug_shows_the_endpoint_only() {
        let provider = ServerRoleProvider::with_endpoint("http://127.0.0.1:9/");
        assert_eq!(
            format!("{provider:?}"),
            r#"ServerRoleProvider { endpoint: "http://127.0.0.1:9", .. }"#
        );
    }
}
