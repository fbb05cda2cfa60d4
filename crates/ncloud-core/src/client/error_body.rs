//! Reads the NCP code and message out of an error body, whatever its shape. Never fails: an
//! unrecognised body simply yields no code and no message (the caller keeps a bounded excerpt).

use serde_json::Value;

/// The most of a body kept in an error, in bytes.
pub(crate) const EXCERPT_LIMIT: usize = 512;

/// What an error body says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
}

impl ErrorBody {
    /// Accepts, in order:
    /// - the gateway's `{"error": {"errorCode": "200" | 200, "message": ..., "details": ...}}`;
    /// - Media Intelligence's `{"responseError": {"code": ..., "message": ...}}`, and the classic
    ///   APIs' `{"responseError": {"returnCode": ..., "returnMessage": ...}}`;
    /// - flat `{"errorCode": ..., "errorMessage" | "message": ...}`;
    /// - the MI envelope `{"code": ..., "message": ...}`;
    ///
    /// and anything else (HTML, empty, truncated JSON) as "nothing known".
    pub(crate) fn parse(body: &[u8]) -> Self {
        let Ok(Value::Object(root)) = serde_json::from_slice::<Value>(body) else {
            return Self::default();
        };
        let nested = |key: &str| root.get(key).and_then(Value::as_object);
        if let Some(error) = nested("error") {
            let mut message =
                text(error.get("message")).or_else(|| text(error.get("errorMessage")));
            if let Some(details) = text(error.get("details")).filter(|d| !d.is_empty()) {
                message = Some(match message {
                    Some(m) if m != details => format!("{m} ({details})"),
                    _ => details,
                });
            }
            return Self {
                code: text(error.get("errorCode")).or_else(|| text(error.get("code"))),
                message,
            };
        }
        if let Some(error) = nested("responseError") {
            // MI writes code/message; the Server API (and other classic APIs) returnCode/returnMessage.
            return Self {
                code: text(error.get("code")).or_else(|| text(error.get("returnCode"))),
                message: text(error.get("message")).or_else(|| text(error.get("returnMessage"))),
            };
        }
        Self {
            code: text(root.get("errorCode")).or_else(|| text(root.get("code"))),
            message: text(root.get("errorMessage")).or_else(|| text(root.get("message"))),
        }
    }
}

/// Whether a 2xx `body` is one of the error shapes [`ErrorBody::parse`] reads, for services without
/// an envelope of their own: a top-level `error`, `errorCode` or `responseError` that is not
/// `null`, or a `code` other than `0`. Reads the body without building it (fields are skipped).
pub(crate) fn is_error_envelope(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        error: Option<serde::de::IgnoredAny>,
        #[serde(rename = "errorCode")]
        error_code: Option<serde::de::IgnoredAny>,
        #[serde(rename = "responseError")]
        response_error: Option<serde::de::IgnoredAny>,
        code: Option<Value>,
    }
    let Ok(probe) = serde_json::from_slice::<Probe>(body) else {
        return false;
    };
    probe.error.is_some()
        || probe.error_code.is_some()
        || probe.response_error.is_some()
        || probe.code.is_some_and(|code| !is_success_code(&code))
}

/// Whether an envelope's `code` says success: the string or the integer `0` (Media Intelligence's
/// convention); anything else (`"10001"`, `0.5`, `false`, `null`) is not.
///
/// ```
/// use ncloud_core::__private::is_success_code;
/// use serde_json::json;
///
/// assert!(is_success_code(&json!("0")) && is_success_code(&json!(0)));
/// assert!(!is_success_code(&json!("10001")) && !is_success_code(&json!(0.0)));
/// ```
pub fn is_success_code(code: &Value) -> bool {
    match code {
        Value::String(s) => s.trim() == "0",
        Value::Number(n) => n.as_u64() == Some(0),
        _ => false,
    }
}

/// A code or message as text: strings as they are, numbers and booleans printed.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// At most [`EXCERPT_LIMIT`] bytes of the body as text, cut on a character boundary.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_LIMIT)]);
    // Invalid bytes grow into 3-byte U+FFFD, so bound the text too, on a character boundary.
    let mut end = text.len().min(EXCERPT_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // A multi-byte character cut at the limit shows up as U+FFFD at the end: drop it.
    let mut excerpt = text[..end].trim_end_matches('\u{FFFD}').trim().to_owned();
    if body.len() > EXCERPT_LIMIT || end < text.len() {
        excerpt.push_str("...");
    }
    excerpt
}

/// A body excerpt as one short line: an HTML page's `<title>` (or its text without tags), else the
/// text with whitespace collapsed, at most 200 characters (`body_excerpt()` keeps the excerpt).
pub(crate) fn one_line(excerpt: &str) -> String {
    // ASCII lowercasing keeps byte offsets, so they index `excerpt` too.
    let lower = excerpt.to_ascii_lowercase();
    let text = match (lower.find("<title>"), lower.find("</title>")) {
        (Some(start), Some(end)) if start + 7 <= end => excerpt[start + 7..end].to_owned(),
        _ if excerpt.trim_start().starts_with('<') => without_tags(excerpt),
        _ => excerpt.to_owned(),
    };
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(200) {
        Some((cut, _)) => format!("{}...", &collapsed[..cut]),
        None => collapsed,
    }
}

/// The text of markup, each tag replaced by a space.
fn without_tags(markup: &str) -> String {
    let mut text = String::with_capacity(markup.len());
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn error_envelopes_on_2xx_are_recognised() {
        for body in [
            r#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#,
            r#"{"error":"Forbidden"}"#,
            r#"{"errorCode":"100","errorMessage":"Bad Request"}"#,
            r#"{"responseError":{"code":"10001","message":"Invalid Request."}}"#,
            r#"{"code":"10001","message":"Invalid Request."}"#,
            r#"{"code":1.5}"#,
        ] {
            assert!(is_error_envelope(body.as_bytes()), "{body}");
        }
        for body in [
            r#"{"projects":[],"totalCount":0}"#,
            r#"{"code":"0","message":"success","result":{}}"#,
            r#"{"code":0,"error":null}"#,
            "<html>maintenance</html>",
            "",
            "[1,2]",
        ] {
            assert!(!is_error_envelope(body.as_bytes()), "{body}");
        }
    }

    fn parsed(body: &str) -> (Option<String>, Option<String>) {
        let b = ErrorBody::parse(body.as_bytes());
        (b.code, b.message)
    }

    fn some(code: &str, message: &str) -> (Option<String>, Option<String>) {
        (Some(code.to_owned()), Some(message.to_owned()))
    }

    #[test]
    fn gateway_shape_with_string_or_number_code() {
        assert_eq!(
            parsed(
                r#"{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}"#
            ),
            some(
                "200",
                "Authentication Failed (Invalid authentication information.)"
            )
        );
        assert_eq!(
            parsed(r#"{"error":{"errorCode":420,"message":"Rate Limited"}}"#),
            some("420", "Rate Limited")
        );
    }

    #[test]
    fn flat_and_mi_shapes() {
        assert_eq!(
            parsed(r#"{"errorCode":"SE01","errorMessage":"bad"}"#),
            some("SE01", "bad")
        );
        assert_eq!(
            parsed(r#"{"code":"10001","message":"Invalid Request."}"#),
            some("10001", "Invalid Request.")
        );
        assert_eq!(
            parsed(r#"{"responseError":{"code":"10014","message":"Not found"}}"#),
            some("10014", "Not found")
        );
        assert_eq!(
            parsed(
                r#"{"responseError":{"returnCode":"1200","returnMessage":"Invalid parameter."}}"#
            ),
            some("1200", "Invalid parameter.")
        );
    }

    #[test]
    fn html_empty_and_garbage_give_nothing() {
        for body in [
            "<html><body>502 Bad Gateway</body></html>",
            "",
            "{\"error\":",
            "[1,2]",
            "null",
        ] {
            assert_eq!(parsed(body), (None, None), "{body}");
        }
    }

    #[test]
    fn excerpt_is_bounded_and_keeps_characters_whole() {
        let body = "가".repeat(400); // 3 bytes each: the limit falls inside a character
        let e = excerpt(body.as_bytes());
        assert!(e.len() <= EXCERPT_LIMIT + 3, "{}", e.len());
        assert!(e.ends_with("가..."), "{e}");
        assert_eq!(excerpt(b"  short \n"), "short");
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = ErrorBody::parse(&body);
            prop_assert!(excerpt(&body).len() <= EXCERPT_LIMIT + 3);
        }

        #[test]
        fn never_panics_on_json_like_text(body in r#"\{("(error|code|errorCode|message|responseError)":(\{|"[a-z0-9]*"|[0-9]+|null|\[\]),?)*\}?\}?"#) {
            let _ = ErrorBody::parse(body.as_bytes());
        }
    }
}
