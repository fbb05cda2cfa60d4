//! Signature v2 as an httpmock matcher, for users who mock their own NCP calls with httpmock.

use httpmock::HttpMockRequest;
use ncloud_core::Credentials;
use ncloud_core::signing::TIMESTAMP_HEADER;

use crate::auth::verify_signature;
use crate::wire::ApiRequest;

/// True when `request` carries a valid signature v2 (timestamp, access key and signature headers)
/// for `credentials`, recomputed from the method and the path-and-query as received.
///
/// The timestamp is not compared with a clock, so tests with a fixed or manual clock work; the
/// [`FakeGateway`](crate::FakeGateway) does check it. Use it in `when.is_true(...)`:
///
/// ```
/// use httpmock::MockServer;
/// use ncloud_core::Credentials;
///
/// let credentials = Credentials::new("AKID", "secret");
/// let server = MockServer::start();
/// let check = credentials.clone();
/// let mock = server.mock(|when, then| {
///     when.is_true(move |req| ncloud_testkit::signature_matches(req, &check));
///     then.status(200).body("{}");
/// });
/// # let _ = mock;
/// ```
pub fn signature_matches(request: &HttpMockRequest, credentials: &Credentials) -> bool {
    let request = ApiRequest::from_mock(request);
    let Some(millis) = request
        .header(TIMESTAMP_HEADER)
        .and_then(|t| t.parse::<u64>().ok())
    else {
        return false;
    };
    let sent_at = std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis);
    verify_signature(&request, credentials, sent_at).is_ok()
}
