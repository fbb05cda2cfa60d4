//! The Media Intelligence envelope: `{"code": "0", "message": "success", "result": {...}}`.
//!
//! MI reports errors in the body whatever the HTTP status, so a 2xx answer is only a success when
//! its `code` is `"0"` (or `0`) and it carries no `responseError`.

use ncloud_core::Error;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The code MI uses for success.
const SUCCESS: &str = "0";

/// The envelope's status, read leniently (any JSON type per field) so that an error body with an
/// odd `result` still gives its code and message.
#[derive(Deserialize)]
struct Status {
    code: Option<Value>,
    #[serde(rename = "responseError")]
    response_error: Option<Value>,
}

/// Only the envelope's `result`, decoded once the status said success.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct ResultOnly<T> {
    result: Option<T>,
}

/// Decodes a 2xx `body` of `endpoint` (`GET /api/v1/workspaces`) into the envelope's `result`.
///
/// - not JSON, or not an object: a decode error;
/// - `responseError` present, or a `code` other than `"0"`: a service error with the HTTP status,
///   code and message;
/// - success without a `result`, or a `result` of the wrong shape: a decode error naming the field.
///
/// A body without any `code` but with a `result` is taken as success: the data is all there.
pub(crate) fn decode<T: DeserializeOwned>(
    status: u16,
    endpoint: &str,
    body: &[u8],
) -> Result<T, Error> {
    let decode_error = |source: Box<dyn std::error::Error + Send + Sync>| {
        Error::decode(endpoint.to_owned(), source, body)
    };
    let envelope: Status = serde_json::from_slice(body).map_err(|e| decode_error(e.into()))?;
    let wrapped_error = envelope
        .response_error
        .as_ref()
        .is_some_and(|v| !v.is_null());
    let code = envelope.code.as_ref().and_then(|v| match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    if wrapped_error || code.as_deref().is_some_and(|c| c != SUCCESS) {
        // The core reads code and message from either shape, as for any error response.
        return Err(Error::from_response(status, None, body).with_endpoint(endpoint));
    }
    let result: ResultOnly<T> = serde_json::from_slice(body).map_err(|e| decode_error(e.into()))?;
    result.result.ok_or_else(|| {
        decode_error(
            match code {
                Some(_) => "the envelope says success (code \"0\") but has no `result`",
                None => "the envelope has neither a `code` nor a `result`",
            }
            .into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINT: &str = "GET /api/v1/workspaces";

    #[derive(Debug, Deserialize, PartialEq)]
    struct Answer {
        n: u32,
    }

    fn decode_str(status: u16, body: &str) -> Result<Answer, Error> {
        decode(status, ENDPOINT, body.as_bytes())
    }

    #[test]
    fn success_with_string_or_number_code() {
        for body in [
            r#"{"code":"0","message":"success","result":{"n":1}}"#,
            r#"{"code":0,"message":"success","result":{"n":1},"extra":[1]}"#,
            r#"{"result":{"n":1}}"#,
        ] {
            assert_eq!(decode_str(200, body).unwrap(), Answer { n: 1 }, "{body}");
        }
    }

    #[test]
    fn error_code_with_http_200_is_a_service_error() {
        for body in [
            r#"{"code":"10001","message":"Invalid Request."}"#,
            r#"{"code":10001,"message":"Invalid Request.","result":{"unexpected":true}}"#,
            r#"{"responseError":{"code":"10001","message":"Invalid Request."}}"#,
            r#"{"code":"0","responseError":{"code":10001,"message":"Invalid Request."}}"#,
        ] {
            let e = decode_str(200, body).unwrap_err();
            assert!(e.is_service(), "{body}: {e}");
            assert_eq!(e.http_status(), Some(200));
            assert_eq!(e.code(), Some("10001"), "{body}");
            assert_eq!(e.message(), Some("Invalid Request."), "{body}");
            assert_eq!(e.to_string(), "HTTP 200, NCP code 10001: Invalid Request.");
        }
    }

    #[test]
    fn missing_or_malformed_result_is_a_decode_error() {
        for (body, says) in [
            (r#"{"code":"0","message":"success"}"#, "no `result`"),
            (r#"{"code":"0","result":null}"#, "no `result`"),
            (r#"{"message":"?"}"#, "neither"),
            (
                r#"{"code":"0","result":{"m":1}}"#,
                "n: required but missing",
            ),
            (r#"{"code":"0","result":{"n":1}"#, "EOF"),
            ("<html>502</html>", "an HTML page, not JSON: \"502\""),
            ("[]", "expected an object, got an array"),
            ("\"text\"", "expected an object, got \"text\""),
            ("", "the answer is empty"),
        ] {
            let e = decode_str(200, body).unwrap_err();
            assert!(e.is_decode(), "{body}: {e}");
            assert!(e.to_string().contains(ENDPOINT), "{e}");
            assert!(e.to_string().contains(says), "{body}: {e}");
        }
    }
}
