//! The pipeline's `tracing` spans, named with OpenTelemetry's HTTP client fields so that an
//! OpenTelemetry subscriber shows each call and each of its attempts: `ncloud.call` (INFO) for
//! the call, and `ncloud.attempt` (DEBUG) inside it for every attempt. No field holds a secret:
//! the URL carries no credentials (they travel in headers, and user info is removed), and no
//! header is recorded.

use http::Method;
use tracing::Span;
use tracing::field::Empty;

use super::Error;

/// The span of a whole call.
pub(super) fn call(method: &Method, url: &url::Url, operation: &str) -> Span {
    tracing::info_span!(
        "ncloud.call",
        otel.name = operation,
        otel.kind = "client",
        ncloud.operation = operation,
        http.request.method = %method,
        url.full = %full_url(url),
        http.response.status_code = Empty,
        ncloud.code = Empty,
        ncloud.attempts = Empty,
        error.type = Empty,
    )
}

/// The span of one attempt (1 for the first).
pub(super) fn attempt(method: &Method, url: &url::Url, operation: &str, number: u32) -> Span {
    tracing::debug_span!(
        "ncloud.attempt",
        otel.name = %method,
        otel.kind = "client",
        ncloud.operation = operation,
        ncloud.attempt = number,
        http.request.method = %method,
        http.request.resend_count = number.saturating_sub(1),
        url.full = %full_url(url),
        http.response.status_code = Empty,
        ncloud.code = Empty,
        error.type = Empty,
    )
}

/// Records a failure on `span`: the status and NCP code when the service answered, and the
/// error's type (the status, or `timeout`, `connect`, ...).
pub(super) fn record_error(span: &Span, error: &Error) {
    if let Some(status) = error.http_status() {
        span.record("http.response.status_code", status);
    }
    if let Some(code) = error.code() {
        span.record("ncloud.code", code);
    }
    span.record("error.type", error_type(error));
}

/// OpenTelemetry's `error.type`: the HTTP status when there is one, else what went wrong.
fn error_type(error: &Error) -> String {
    if let Some(status) = error.http_status() {
        return status.to_string();
    }
    let kind = if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_transport() {
        "transport"
    } else if error.is_credentials() {
        "credentials"
    } else if error.is_configuration() {
        "configuration"
    } else if error.is_decode() {
        "decode"
    } else if error.is_body_too_large() {
        "body_too_large"
    } else {
        "_OTHER"
    };
    kind.to_owned()
}

/// The URL as sent, query kept, without user info or fragment (never sent, and possibly secret).
pub(super) fn full_url(url: &url::Url) -> url::Url {
    let mut url = url.clone();
    // Fails only for URLs that cannot have user info, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_url_keeps_the_query_and_drops_user_info_and_fragment() {
        let url = url::Url::parse("https://user:pass@h.example/p?a=1&b=%20#frag").unwrap();
        assert_eq!(full_url(&url).as_str(), "https://h.example/p?a=1&b=%20");
    }

    #[test]
    fn error_types_name_the_status_or_the_failure() {
        assert_eq!(error_type(&Error::service(503, None, None)), "503");
        assert_eq!(error_type(&Error::timeout("x")), "timeout");
        assert_eq!(error_type(&Error::configuration("x")), "configuration");
    }
}
