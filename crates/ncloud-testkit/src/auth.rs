//! The gateway's side of signature v2: recompute the signature from the request as received
//! (method, raw path and query, timestamp and access key headers) and compare.

use std::fmt;
use std::time::{Duration, SystemTime};

use ncloud_core::Credentials;
use ncloud_core::signing::{
    ACCESS_KEY_HEADER, API_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, Timestamp,
    calculate_signature,
};

use crate::wire::ApiRequest;

/// How far the request timestamp may be from the gateway's clock, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// Why the gateway refused a request; the text goes into the 401 body's `details`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    MissingHeader(&'static str),
    MalformedTimestamp,
    StaleTimestamp,
    UnknownAccessKey,
    SignatureMismatch,
    MissingApiKey,
    InvalidApiKey,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "Required header {name} is missing."),
            Self::MalformedTimestamp => {
                write!(
                    f,
                    "{TIMESTAMP_HEADER} must be milliseconds since the epoch."
                )
            }
            Self::StaleTimestamp => write!(
                f,
                "The request timestamp is more than 5 minutes away from the gateway clock."
            ),
            Self::UnknownAccessKey => write!(f, "The access key is not registered."),
            Self::SignatureMismatch => write!(f, "The signature does not match."),
            Self::MissingApiKey => write!(f, "The API key is required ({API_KEY_HEADER})."),
            Self::InvalidApiKey => write!(f, "The API key is invalid."),
        }
    }
}

/// Checks the timestamp, access key and signature v2 headers against `credentials` and `now`.
pub(crate) fn verify_signature(
    request: &ApiRequest,
    credentials: &Credentials,
    now: SystemTime,
) -> Result<(), Rejection> {
    let header = |name| request.header(name).ok_or(Rejection::MissingHeader(name));
    let timestamp = header(TIMESTAMP_HEADER)?;
    let access_key = header(ACCESS_KEY_HEADER)?;
    let signature = header(SIGNATURE_HEADER)?;

    let millis: u64 = timestamp
        .parse()
        .map_err(|_| Rejection::MalformedTimestamp)?;
    let gateway_millis = Timestamp::from_system_time(now).as_millis();
    if millis.abs_diff(gateway_millis) > MAX_CLOCK_SKEW.as_millis() as u64 {
        return Err(Rejection::StaleTimestamp);
    }
    if access_key != credentials.access_key() {
        return Err(Rejection::UnknownAccessKey);
    }
    // The string to sign is spelled out here from the raw header text rather than taken from
    // ncloud-core's `string_to_sign`, so a mistake there cannot be mirrored by the fake.
    let string_to_sign = format!(
        "{} {}\n{timestamp}\n{access_key}",
        request.method(),
        request.path_and_query()
    );
    let expected = calculate_signature(credentials.secret_key(), &string_to_sign);
    if signature != expected {
        return Err(Rejection::SignatureMismatch);
    }
    Ok(())
}

/// CLOVA NSML also wants the API Gateway key of the subscription. Credentials without one make
/// every NSML request fail, as they would against the real gateway.
pub(crate) fn verify_api_key(
    request: &ApiRequest,
    credentials: &Credentials,
) -> Result<(), Rejection> {
    let sent = request
        .header(API_KEY_HEADER)
        .ok_or(Rejection::MissingApiKey)?;
    match credentials.api_key() {
        Some(expected) if expected == sent => Ok(()),
        _ => Err(Rejection::InvalidApiKey),
    }
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;

    // From the shared vectors (computed with Python's hmac), not from ncloud-core's signer.
    const ACCESS_KEY: &str = "9LMfo4KujmY6FqDVfIc7";
    const SECRET_KEY: &str = "Cudq65RPwuTbk6JAyOzrADakCMIEeAhAUBAhcnzv";
    const PATH: &str = "/nsml/v1/projects?page=1&pageSize=10";
    const TIMESTAMP: u64 = 1_848_229_456_865;
    const SIGNATURE: &str = "B1qdtCqWmJG9JvdLu9g4euyG3UcwH++IB61acqTZpGU=";

    fn request(path: &str, headers: &[(&str, &str)]) -> ApiRequest {
        let headers = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ApiRequest::new("GET", path, headers)
    }

    fn signed(path: &str, timestamp: &str, signature: &str) -> ApiRequest {
        request(
            path,
            &[
                (TIMESTAMP_HEADER, timestamp),
                (ACCESS_KEY_HEADER, ACCESS_KEY),
                (SIGNATURE_HEADER, signature),
            ],
        )
    }

    fn verify(request: &ApiRequest, skew_ms: i64) -> Result<(), Rejection> {
        let now = UNIX_EPOCH + Duration::from_millis(TIMESTAMP.saturating_add_signed(skew_ms));
        verify_signature(request, &Credentials::new(ACCESS_KEY, SECRET_KEY), now)
    }

    #[test]
    fn the_vector_verifies_within_the_allowed_skew() {
        let request = signed(PATH, "1848229456865", SIGNATURE);
        assert_eq!(verify(&request, 0), Ok(()));
        assert_eq!(verify(&request, 300_000), Ok(()));
        assert_eq!(verify(&request, -300_000), Ok(()));
        assert_eq!(verify(&request, 300_001), Err(Rejection::StaleTimestamp));
        assert_eq!(verify(&request, -300_001), Err(Rejection::StaleTimestamp));
    }

    #[test]
    fn any_change_to_what_was_signed_is_refused() {
        let tampered = signed(
            "/nsml/v1/projects?page=2&pageSize=10",
            "1848229456865",
            SIGNATURE,
        );
        assert_eq!(verify(&tampered, 0), Err(Rejection::SignatureMismatch));
        // The timestamp is signed as sent: an equal number spelled differently is not the same.
        let padded = signed(PATH, "01848229456865", SIGNATURE);
        assert_eq!(verify(&padded, 0), Err(Rejection::SignatureMismatch));
        let bad = signed(PATH, "1848229456865", "AAAA");
        assert_eq!(verify(&bad, 0), Err(Rejection::SignatureMismatch));
    }

    #[test]
    fn missing_and_malformed_headers_are_named() {
        assert_eq!(
            verify(&request(PATH, &[]), 0),
            Err(Rejection::MissingHeader(TIMESTAMP_HEADER))
        );
        assert_eq!(
            verify(&signed(PATH, "soon", SIGNATURE), 0),
            Err(Rejection::MalformedTimestamp)
        );
        let stranger = request(
            PATH,
            &[
                (TIMESTAMP_HEADER, "1848229456865"),
                (ACCESS_KEY_HEADER, "SOMEONE"),
                (SIGNATURE_HEADER, SIGNATURE),
            ],
        );
        assert_eq!(verify(&stranger, 0), Err(Rejection::UnknownAccessKey));
    }

    #[test]
    fn the_api_key_must_match() {
        let with_key = Credentials::new("a", "b").with_api_key("k");
        let sent = |key: Option<&str>| {
            let headers: Vec<_> = key.map(|k| (API_KEY_HEADER, k)).into_iter().collect();
            request(PATH, &headers)
        };
        assert_eq!(verify_api_key(&sent(Some("k")), &with_key), Ok(()));
        assert_eq!(
            verify_api_key(&sent(Some("x")), &with_key),
            Err(Rejection::InvalidApiKey)
        );
        assert_eq!(
            verify_api_key(&sent(None), &with_key),
            Err(Rejection::MissingApiKey)
        );
        let without = Credentials::new("a", "b");
        assert_eq!(
            verify_api_key(&sent(Some("k")), &without),
            Err(Rejection::InvalidApiKey)
        );
    }
}
