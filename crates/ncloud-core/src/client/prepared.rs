//! A request as the client would send it (URL resolved, signed, headers set), without sending it:
//! what a dry run shows. Every attempt of a real call is built here too, so the two cannot differ.

use std::fmt;

use http::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde_json::Value;

use super::{Client, Error, Request, presigned};
use crate::Credentials;
use crate::signing::{
    ACCESS_KEY_HEADER, ApiKey, SignableRequest, SigningError, SigningParams, Timestamp,
    path_and_query, send_api_key, sign,
};

/// One signed request, ready to send and never sent by itself: its method, final URL, headers and
/// body. `Debug` and `Display` redact the signature, the access key, the API key and every body
/// field whose name says it is a secret (`secretKey`, `password`, `token`...); the accessors give
/// the real values.
///
/// Get one with [`Client::prepare`], or from the error of a call made with a
/// [dry-run client](super::ClientBuilder::dry_run) ([`Error::prepared_request`]).
///
/// ```
/// use ncloud_core::{Client, Credentials};
/// use ncloud_core::client::{Method, Request};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), ncloud_core::Error> {
/// let client = Client::builder()
///     .credentials(Credentials::new("AKID", "secret").with_api_key("gateway-key"))
///     .build()?;
/// let request = Request::new(Method::POST, "https://mi.apigw.ntruss.com/api/v1/workspaces")
///     .json_body(br#"{"workspaceName":"demo"}"#.to_vec());
/// let prepared = client.prepare(request).await?;
/// assert_eq!(prepared.url().as_str(), "https://mi.apigw.ntruss.com/api/v1/workspaces");
/// let shown = prepared.to_string();
/// assert!(shown.starts_with("POST https://mi.apigw.ntruss.com/api/v1/workspaces\n"));
/// assert!(shown.contains("x-ncp-iam-access-key: ** redacted **"));
/// assert!(!shown.contains("AKID"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct PreparedRequest {
    method: Method,
    url: url::Url,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
}

impl PreparedRequest {
    /// The signing stage of every attempt: a fresh signature over the exact path-and-query at
    /// `timestamp`, the API key only when `send_api_key`, and the JSON headers.
    pub(super) fn signed(
        method: &Method,
        url: &url::Url,
        body: Option<&[u8]>,
        credentials: &Credentials,
        timestamp: Timestamp,
        send_api_key: bool,
    ) -> Result<Self, Error> {
        let signed = sign(
            &SignableRequest::new(method.as_str(), &path_and_query(url.as_str())),
            &SigningParams::new(credentials, timestamp).with_api_key(send_api_key),
        );
        let mut headers = HeaderMap::new();
        signed
            .apply_to_headers(&mut headers)
            .map_err(|e| Error::configuration(e.to_string()))?;
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Ok(Self {
            method: method.clone(),
            url: url.clone(),
            headers,
            body: body.map(<[u8]>::to_vec),
        })
    }

    /// A presigned upload: no NCP header at all (the URL's query carries the storage's
    /// signature), the upload's own content type.
    pub(super) fn presigned(
        request: &Request,
        url: &url::Url,
        body: Option<&[u8]>,
    ) -> Result<Self, Error> {
        let mut headers = HeaderMap::new();
        if body.is_some() {
            headers.insert(CONTENT_TYPE, presigned::content_type(request)?);
        }
        Ok(Self {
            method: request.method().clone(),
            url: url.clone(),
            headers,
            body: body.map(<[u8]>::to_vec),
        })
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The final URL, query included, as it goes on the wire.
    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// The headers the client sets (the HTTP library adds `Host`, `Content-Length` and
    /// `User-Agent`). The signature and the API key are marked sensitive.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, if any (JSON).
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The parts to send.
    pub(super) fn into_parts(self) -> (Method, url::Url, HeaderMap, Option<Vec<u8>>) {
        (self.method, self.url, self.headers, self.body)
    }

    /// Each header's name and value as shown: the signature, the access key and the API key
    /// redacted.
    fn shown_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(name, value)| {
            let shown = if is_redacted(name.as_str(), value) {
                crate::REDACTED
            } else {
                value.to_str().unwrap_or("(not text)")
            };
            (name.as_str(), shown)
        })
    }

    /// The URL as shown: the value of every query parameter named like a secret (a presigned
    /// URL's `X-Amz-Signature`, `X-Amz-Credential`) redacted, the rest as sent.
    fn shown_url(&self) -> String {
        let Some(query) = self.url.query() else {
            return self.url.to_string();
        };
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| {
                let key = pair.split_once('=').map_or(pair, |(key, _)| key);
                let name = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
                if is_secret_name(&name) {
                    format!("{key}={}", crate::REDACTED)
                } else {
                    pair.to_owned()
                }
            })
            .collect();
        let mut url = self.url.clone();
        url.set_query(None);
        format!("{url}?{}", pairs.join("&"))
    }

    /// The body as shown: as sent when no field is secret, else re-serialised with every secret
    /// field's value redacted; a body that is not JSON is not shown.
    fn shown_body(&self) -> Option<String> {
        let body = self.body.as_deref()?;
        let Ok(mut json) = serde_json::from_slice::<Value>(body) else {
            return Some(format!("({} bytes, not JSON: not shown)", body.len()));
        };
        if !redact_secrets(&mut json) {
            return Some(String::from_utf8_lossy(body).into_owned());
        }
        Some(json.to_string())
    }
}

/// Whether a header's value is hidden: the signature and the API key (marked sensitive when
/// signed) and the access key.
fn is_redacted(name: &str, value: &HeaderValue) -> bool {
    value.is_sensitive() || name == ACCESS_KEY_HEADER
}

/// Replaces the value of every field named like a secret, at any depth; whether there was one.
fn redact_secrets(value: &mut Value) -> bool {
    let mut found = false;
    match value {
        Value::Object(fields) => {
            for (name, value) in fields.iter_mut() {
                if is_secret_name(name) && !value.is_null() {
                    *value = Value::from(crate::REDACTED);
                    found = true;
                } else {
                    found |= redact_secrets(value);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                found |= redact_secrets(item);
            }
        }
        _ => {}
    }
    found
}

/// `secretKey`, `secret_key`, `password`, `accessToken`, `apiKey`, `privateKey`, `X-Amz-Signature`,
/// `X-Amz-Credential`...: a field or query parameter whose value must not be shown.
fn is_secret_name(name: &str) -> bool {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "secret",
        "password",
        "passwd",
        "token",
        "apikey",
        "privatekey",
        "signature",
        "credential",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// `METHOD URL`, one `name: value` line per header (secrets redacted), then a blank line and the
/// body (secret fields redacted) when there is one.
impl fmt::Display for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.shown_url())?;
        for (name, value) in self.shown_headers() {
            writeln!(f, "{name}: {value}")?;
        }
        if let Some(body) = self.shown_body() {
            write!(f, "\n{body}\n")?;
        }
        Ok(())
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self.shown_headers().collect();
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &self.shown_url())
            .field("headers", &headers)
            .field("body", &self.shown_body())
            .finish()
    }
}

impl Client {
    /// `request` as this client would send it now: the final URL, the headers signed with the
    /// current credentials and time, and the body. Nothing is sent; the same checks as
    /// [`send_raw`](Self::send_raw) apply first (a bad URL or body, missing credentials, an API
    /// key that is required but missing, or that would go over plain http).
    pub async fn prepare(&self, request: Request) -> Result<PreparedRequest, Error> {
        let url = request.url()?;
        let operation = request.operation_label(&url);
        let prepare = async {
            let body = request.body()?;
            if request.presigned_content_type().is_some() {
                return PreparedRequest::presigned(&request, &url, body);
            }
            let credentials = self.credentials().await?;
            let send_api_key =
                api_key_decision(request.api_key_use(), &credentials, &url, &operation)?;
            PreparedRequest::signed(
                request.method(),
                &url,
                body,
                &credentials,
                Timestamp::from_system_time(self.now()),
                send_api_key,
            )
        };
        prepare
            .await
            .map_err(|e| e.with_operation(operation).with_path(url.path()))
    }
}

/// Whether a call sends the API key: the signing stage's decision (the request's policy, the
/// credentials, and never over plain http to another machine), as the call's error.
pub(super) fn api_key_decision(
    api_key: ApiKey,
    credentials: &Credentials,
    url: &url::Url,
    operation: &str,
) -> Result<bool, Error> {
    send_api_key(api_key, credentials, Some(url.scheme()), url.host_str()).map_err(|e| match e {
        SigningError::MissingApiKey => Error::missing_api_key(operation),
        other => Error::configuration(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{API_KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};

    const SECRET: &str = "s3cr3t-signing-key";
    const API_KEY: &str = "gateway-key-9f8e";

    fn prepared(body: Option<&[u8]>, send_api_key: bool) -> PreparedRequest {
        let credentials = Credentials::new("AKIDPREPARED", SECRET).with_api_key(API_KEY);
        let url =
            url::Url::parse("https://nsml.apigw.ntruss.com/nsml/v1/images/secret?x=a%20b").unwrap();
        PreparedRequest::signed(
            &Method::POST,
            &url,
            body,
            &credentials,
            Timestamp::from_millis(1_700_000_000_000),
            send_api_key,
        )
        .unwrap()
    }

    #[test]
    fn headers_are_signed_and_secrets_shown_redacted() {
        let body = br#"{"privateEp":"r.kr.private-ncr.ntruss.com","accessKey":"AK","secretKey":"hunter2"}"#;
        let request = prepared(Some(body), true);
        let signature = request.headers()[SIGNATURE_HEADER]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(request.headers()[TIMESTAMP_HEADER], "1700000000000");
        assert_eq!(request.headers()[API_KEY_HEADER], API_KEY);
        assert_eq!(request.body(), Some(&body[..]));
        for shown in [request.to_string(), format!("{request:?}")] {
            for secret in [SECRET, API_KEY, "AKIDPREPARED", &signature, "hunter2"] {
                assert!(!shown.contains(secret), "{secret} in {shown}");
            }
            assert!(shown.contains("r.kr.private-ncr.ntruss.com"), "{shown}");
        }
        assert_eq!(
            request.to_string(),
            "POST https://nsml.apigw.ntruss.com/nsml/v1/images/secret?x=a%20b\n\
             x-ncp-apigw-timestamp: 1700000000000\n\
             x-ncp-iam-access-key: ** redacted **\n\
             x-ncp-apigw-signature-v2: ** redacted **\n\
             x-ncp-apigw-api-key: ** redacted **\n\
             accept: application/json\n\
             content-type: application/json\n\
             \n\
             {\"accessKey\":\"AK\",\"privateEp\":\"r.kr.private-ncr.ntruss.com\",\"secretKey\":\"** redacted **\"}\n"
        );
    }

    #[test]
    fn a_body_without_secrets_shows_as_sent_and_no_api_key_unless_sent() {
        let body = br#"{"projectName":"p","nasVolumeSize":500}"#;
        let request = prepared(Some(body), false);
        assert!(!request.headers().contains_key(API_KEY_HEADER));
        assert!(
            request
                .to_string()
                .ends_with("\n\n{\"projectName\":\"p\",\"nasVolumeSize\":500}\n")
        );
        let request = prepared(None, false);
        assert!(!request.headers().contains_key(CONTENT_TYPE));
        assert!(request.to_string().ends_with("accept: application/json\n"));
        assert!(
            prepared(Some(b"\x00not json"), false)
                .to_string()
                .ends_with("(9 bytes, not JSON: not shown)\n")
        );
    }

    #[test]
    fn presigned_uploads_show_no_storage_signature() {
        let url = url::Url::parse(
            "https://kr.object.ncloudstorage.com/b/k.jpg?X-Amz-Credential=AK%2F2026&X-Amz-Date=20261204T000000Z&X-Amz-Signature=abc123",
        )
        .unwrap();
        let request = Request::presigned_put(url.as_str(), b"jpeg".to_vec(), "image/jpeg");
        let prepared = PreparedRequest::presigned(&request, &url, Some(b"jpeg")).unwrap();
        assert_eq!(prepared.headers().len(), 1, "no NCP header: {prepared:?}");
        assert_eq!(prepared.headers()[CONTENT_TYPE], "image/jpeg");
        assert_eq!(prepared.url(), &url);
        let shown = prepared.to_string();
        assert!(
            shown.starts_with(
                "PUT https://kr.object.ncloudstorage.com/b/k.jpg?X-Amz-Credential=** redacted **\
                 &X-Amz-Date=20261204T000000Z&X-Amz-Signature=** redacted **\n"
            ),
            "{shown}"
        );
        assert!(!format!("{prepared:?}").contains("abc123"));
    }

    #[test]
    fn secret_fields_are_found_at_any_depth() {
        let mut value = serde_json::json!({
            "name": "x",
            "auth": {"password": "p", "api_key": "k", "items": [{"accessToken": "t"}]},
            "secret_key": null,
            "privateEp": "kept",
        });
        assert!(redact_secrets(&mut value));
        assert_eq!(
            value,
            serde_json::json!({
                "name": "x",
                "auth": {"password": crate::REDACTED, "api_key": crate::REDACTED, "items": [{"accessToken": crate::REDACTED}]},
                "secret_key": null,
                "privateEp": "kept",
            })
        );
        assert!(!redact_secrets(
            &mut serde_json::json!({"name": "x", "list": [1, 2]})
        ));
    }
}
