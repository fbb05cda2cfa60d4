//! Whether a request carries the API Gateway API key: a parameter of the signing stage, decided
//! from the service's policy, the credentials and where the request goes.

use super::SigningError;
use crate::Credentials;

/// Whether a request carries the API Gateway API key (`x-ncp-apigw-api-key`).
///
/// The key is long-lived and only some services need it (CLOVA NSML does, Media Intelligence does
/// not), so it is sent only where asked for, and never over plain `http://` except to a loopback
/// address (a local test gateway).
///
/// ```
/// use ncloud_core::signing::ApiKey;
///
/// assert_eq!(ApiKey::default(), ApiKey::NotUsed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ApiKey {
    /// Never sent (the default of typed calls).
    #[default]
    NotUsed,
    /// Sent when the credentials carry one.
    Send,
    /// Required: without one the request fails before anything is sent.
    Required,
}

/// Whether the API key goes with a request to `scheme://host` under `policy`; an error when it is
/// required and missing, or would travel over plain http to a host that is not the local machine.
///
/// `scheme` is `None` for a request that names no scheme (an `http::Request` in origin form, whose
/// connection the caller chose): it cannot be judged, and the key is sent.
pub(crate) fn send_api_key(
    policy: ApiKey,
    credentials: &Credentials,
    scheme: Option<&str>,
    host: Option<&str>,
) -> Result<bool, SigningError> {
    let send = match policy {
        ApiKey::NotUsed => false,
        ApiKey::Send => credentials.api_key().is_some(),
        ApiKey::Required if credentials.api_key().is_none() => {
            return Err(SigningError::MissingApiKey);
        }
        ApiKey::Required => true,
    };
    if send && scheme.is_some() && !may_carry_secrets(scheme, host) {
        return Err(SigningError::ApiKeyOverPlainHttp {
            host: host.unwrap_or_default().to_owned(),
        });
    }
    Ok(send)
}

/// Whether secrets may travel to `scheme://host`: over https, or over plain http to a loopback
/// address or `localhost` (a local test gateway).
fn may_carry_secrets(scheme: Option<&str>, host: Option<&str>) -> bool {
    if scheme.is_some_and(|s| s.eq_ignore_ascii_case("https")) {
        return true;
    }
    let Some(host) = host else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_the_credentials_and_the_channel_decide() {
        let with = Credentials::new("AK", "SK").with_api_key("k3y");
        let without = Credentials::new("AK", "SK");
        let https = (Some("https"), Some("nsml.apigw.ntruss.com"));
        let decide =
            |policy, credentials: &Credentials, (scheme, host): (Option<&str>, Option<&str>)| {
                send_api_key(policy, credentials, scheme, host).map_err(|e| e.to_string())
            };
        assert_eq!(decide(ApiKey::NotUsed, &with, https), Ok(false));
        assert_eq!(decide(ApiKey::Send, &with, https), Ok(true));
        assert_eq!(decide(ApiKey::Send, &without, https), Ok(false));
        assert_eq!(decide(ApiKey::Required, &with, https), Ok(true));
        assert!(
            decide(ApiKey::Required, &without, https)
                .unwrap_err()
                .contains("API key")
        );
        for local in ["127.0.0.1", "127.8.9.1", "[::1]", "localhost", "LOCALHOST"] {
            assert_eq!(
                decide(ApiKey::Send, &with, (Some("http"), Some(local))),
                Ok(true),
                "{local}"
            );
        }
        let plain = decide(ApiKey::Send, &with, (Some("http"), Some("gw.example"))).unwrap_err();
        assert_eq!(
            plain,
            "refusing to send the API Gateway API key over plain http to gw.example: use https"
        );
        // Nothing to send, nothing refused.
        assert_eq!(
            decide(ApiKey::NotUsed, &with, (Some("http"), Some("gw.example"))),
            Ok(false)
        );
        // An origin-form request names no scheme: its caller chose the connection.
        assert_eq!(decide(ApiKey::Send, &with, (None, None)), Ok(true));
    }
}
