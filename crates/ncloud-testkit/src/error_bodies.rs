//! The bodies the real services answer with when something goes wrong, in one place so that
//! every route and fault speaks the same dialect.

use serde_json::{Value, json};

/// The API Gateway's own error shape: `{"error":{"errorCode","message","details"}}`.
pub(crate) fn gateway_error(code: &str, message: &str, details: Option<&str>) -> Value {
    let mut error = json!({ "errorCode": code, "message": message });
    if let Some(details) = details {
        error["details"] = Value::from(details);
    }
    json!({ "error": error })
}

/// 401 / 200: what the gateway says for any signature, access key, timestamp or API key problem.
pub(crate) fn authentication_failed(details: &str) -> Value {
    gateway_error("200", "Authentication Failed", Some(details))
}

/// 400 / 100: a malformed request.
pub(crate) fn bad_request(details: &str) -> Value {
    gateway_error("100", "Bad Request", Some(details))
}

/// 404 / 300: no such route.
pub(crate) fn not_found() -> Value {
    gateway_error(
        "300",
        "Not Found",
        Some("No API matches the requested method and path."),
    )
}

/// 404 / 300 for a resource the backend does not have (NSML documents no body of its own).
pub(crate) fn no_such(details: &str) -> Value {
    gateway_error("300", "Not Found", Some(details))
}

/// 503 / 500: the backend behind the gateway failed.
pub(crate) fn endpoint_error() -> Value {
    gateway_error("500", "Endpoint Error", None)
}

/// 429 / 420: throttled.
pub(crate) fn rate_limited() -> Value {
    gateway_error("420", "Rate Limited", None)
}

/// Media Intelligence's flat error envelope (the one message its documents spell out).
pub(crate) fn mi_invalid_request() -> Value {
    json!({ "code": "10001", "message": "Invalid Request." })
}

/// What an nginx-style proxy in front of the gateway sends instead of JSON.
pub(crate) const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_shape_matches_the_documented_example() {
        assert_eq!(
            authentication_failed("x"),
            json!({"error":{"errorCode":"200","message":"Authentication Failed","details":"x"}})
        );
        assert_eq!(
            endpoint_error(),
            json!({"error":{"errorCode":"500","message":"Endpoint Error"}})
        );
    }
}
