//! The Media Intelligence envelope: `{"code": "0", "message": "success", "result": {...}}`,
//! decoded once for every operation ([`Mi`](crate::Mi)'s `Service::decode` hook).
//!
//! MI reports errors in the body whatever the HTTP status, so a 2xx answer is a success only when
//! its `code` is the string or integer `0` and it carries no `responseError` (nor a gateway
//! `error`); the `result` may be absent (deletes), and then decodes as `null`.

use ncloud_core::__private::is_success_code;
use ncloud_core::Error;
use ncloud_core::client::Response;
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;
use serde_json::value::RawValue;

/// The envelope's status, `result` only looked at, until the status says success.
#[derive(Deserialize)]
struct Envelope<'a> {
    code: Option<Value>,
    #[serde(borrow)]
    result: Option<&'a RawValue>,
    #[serde(rename = "responseError")]
    response_error: Option<IgnoredAny>,
    /// The API Gateway's own error shape, which can come with a 2xx status too.
    error: Option<IgnoredAny>,
}

/// Decodes a 2xx answer into the envelope's `result`:
/// - not a JSON object: a decode error;
/// - `responseError` or a gateway `error` present, or a `code` other than `0`: a service error
///   with the HTTP status, code and message;
/// - neither a `code` nor a `result`: a decode error (this is no MI answer);
/// - otherwise `result` (absent reads as `null`) decoded into `T`, a mismatch naming the field.
pub(crate) fn decode<T: DeserializeOwned>(response: &Response) -> Result<T, Error> {
    let envelope: Envelope<'_> =
        serde_json::from_slice(response.body()).map_err(|e| response.decode_error(e))?;
    let failed = envelope.response_error.is_some()
        || envelope.error.is_some()
        || envelope
            .code
            .as_ref()
            .is_some_and(|code| !is_success_code(code));
    if failed {
        return Err(response.service_error());
    }
    if envelope.code.is_none() && envelope.result.is_none() {
        return Err(response.decode_error("the answer has neither a `code` nor a `result`"));
    }
    // Decoded through the whole body, so a mismatch names its path from the top
    // (`result.content[3].workspaceName`); an absent `result` reads as `null`.
    match response.json::<ResultOnly<T>>()?.result {
        Some(result) => Ok(result),
        None => serde_json::from_slice(b"null").map_err(|e| response.decode_error(e)),
    }
}

/// Only the envelope's `result`.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct ResultOnly<T> {
    result: Option<T>,
}
