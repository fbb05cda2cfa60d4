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
                write!(f, "{TIMESTAMP_HEADER} must be milliseconds since the epoch.")
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
