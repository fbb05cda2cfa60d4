//! Signature v2 on `http` types (feature `http`): any client built on the `http` crate (hyper,
//! tower, axum's client side, reqwest through its `http` conversions) can sign in one call.

use http::header::{HeaderMap, HeaderName, HeaderValue};

use super::{SignableRequest, SigningError, SigningOutput, SigningParams, path_and_query, sign};

/// Signs `request` in place: the method and the path-and-query exactly as the request holds them
/// (as hyper sends them), then adds the headers with [`SigningOutput::apply_to_headers`]. The body
/// is not signed, so any body type works.
///
/// Sign each attempt right before sending it, with a fresh [`Timestamp`](super::Timestamp).
///
/// ```
/// use ncloud_core::Credentials;
/// use ncloud_core::signing::{sign_request, SigningParams, Timestamp};
///
/// let credentials = Credentials::new("9LMfo4KujmY6FqDVfIc7", "Cudq65RPwuTbk6JAyOzrADakCMIEeAhAUBAhcnzv");
/// let mut request = http::Request::get("https://nsml.apigw.ntruss.com/nsml/v1/projects?page=1&pageSize=10")
///     .body(())
///     .unwrap();
/// sign_request(&mut request, &SigningParams::new(&credentials, Timestamp::from_millis(1_848_229_456_865)))
///     .unwrap();
/// let signature = &request.headers()["x-ncp-apigw-signature-v2"];
/// assert_eq!(signature, "B1qdtCqWmJG9JvdLu9g4euyG3UcwH++IB61acqTZpGU=");
/// assert!(signature.is_sensitive()); // hidden from `Debug` of the request and from hyper's logs
/// ```
pub fn sign_request<B>(
    request: &mut http::Request<B>,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    // hyper writes the path-and-query as the URI holds it (origin form), `/` when it has none.
    let uri = request.uri().path_and_query().map_or("", |pq| pq.as_str());
    let path_and_query = path_and_query(uri);
    let output = sign(
        &SignableRequest::new(request.method().as_str(), &path_and_query),
        params,
    );
    output.apply_to_headers(request.headers_mut())?;
    Ok(output)
}

impl SigningOutput {
    /// Adds (or replaces) the signature headers in `headers`, marking the signature and the API key
    /// sensitive.
    ///
    /// ```
    /// use ncloud_core::Credentials;
    /// use ncloud_core::signing::{sign, SignableRequest, SigningParams, Timestamp};
    ///
    /// let credentials = Credentials::new("AKID", "secret").with_api_key("gateway-key");
    /// let output = sign(
    ///     &SignableRequest::new("GET", "/api/v1/workspaces"),
    ///     &SigningParams::new(&credentials, Timestamp::from_millis(1_700_000_000_000)),
    /// );
    /// let mut headers = http::HeaderMap::new();
    /// output.apply_to_headers(&mut headers).unwrap();
    /// assert_eq!(headers["x-ncp-apigw-timestamp"], "1700000000000");
    /// assert!(headers["x-ncp-apigw-api-key"].is_sensitive());
    /// assert!(!format!("{headers:?}").contains("gateway-key"));
    /// ```
    pub fn apply_to_headers(&self, headers: &mut HeaderMap) -> Result<(), SigningError> {
        for header in self.headers() {
            let invalid = || SigningError::InvalidHeaderValue {
                name: header.name(),
            };
            let mut value = HeaderValue::from_str(header.value()).map_err(|_| invalid())?;
            value.set_sensitive(header.is_sensitive());
            headers.insert(HeaderName::from_static(header.name()), value);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;
    use crate::signing::Timestamp;

    fn params(credentials: &Credentials) -> SigningParams<'_> {
        SigningParams::new(credentials, Timestamp::from_millis(1_700_000_000_000))
    }

    #[test]
    fn the_string_to_sign_is_the_uri_as_held() {
        let credentials = Credentials::new("AKID", "secret");
        for (uri, signed) in [
            ("https://h/a%2Fb?x=%20&y", "/a%2Fb?x=%20&y"),
            ("https://h", "/"),
            ("https://h?x=1", "/?x=1"),
            ("/p?", "/p?"),
            ("/a/../b", "/a/../b"),
        ] {
            let mut request = http::Request::post(uri).body(()).unwrap();
            let output = sign_request(&mut request, &params(&credentials)).unwrap();
            assert_eq!(
                output.string_to_sign(),
                format!("POST {signed}\n1700000000000\nAKID"),
                "{uri}"
            );
        }
    }

    #[test]
    fn headers_are_replaced_not_repeated() {
        let credentials = Credentials::new("AKID", "secret");
        let mut request = http::Request::get("/").body(()).unwrap();
        sign_request(&mut request, &params(&credentials)).unwrap();
        let later = SigningParams::new(&credentials, Timestamp::from_millis(1_700_000_000_001));
        sign_request(&mut request, &later).unwrap();
        let values: Vec<_> = request
            .headers()
            .get_all("x-ncp-apigw-timestamp")
            .iter()
            .collect();
        assert_eq!(values, ["1700000000001"]);
        assert_eq!(request.headers().len(), 3);
    }

    #[test]
    fn keys_that_cannot_be_headers_are_an_error_naming_the_header() {
        let credentials = Credentials::new("AKID\n", "secret");
        let mut request = http::Request::get("/").body(()).unwrap();
        let error = sign_request(&mut request, &params(&credentials)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the value of x-ncp-iam-access-key contains characters not allowed in an HTTP header"
        );
    }

    #[test]
    fn secrets_are_sensitive_and_hidden_from_debug() {
        let credentials = Credentials::new("AKID", "secret").with_api_key("gateway-key");
        let mut request = http::Request::get("/").body(()).unwrap();
        let output = sign_request(&mut request, &params(&credentials)).unwrap();
        let headers = request.headers();
        assert!(headers["x-ncp-apigw-signature-v2"].is_sensitive());
        assert!(headers["x-ncp-apigw-api-key"].is_sensitive());
        assert!(!headers["x-ncp-iam-access-key"].is_sensitive());
        let debug = format!("{request:?}");
        assert!(
            !debug.contains(output.signature()) && !debug.contains("gateway-key"),
            "{debug}"
        );
    }
}
