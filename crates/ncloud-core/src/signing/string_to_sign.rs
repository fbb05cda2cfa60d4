use super::{SignableRequest, Timestamp};

/// The string that signature v2 signs: `METHOD + " " + URI + "\n" + TIMESTAMP + "\n" + ACCESS_KEY`.
///
/// ```
/// use ncloud_core::signing::{string_to_sign, SignableRequest, Timestamp};
///
/// let sts = string_to_sign(
///     &SignableRequest::new("GET", "/nsml/v1/projects"),
///     Timestamp::from_millis(1_849_019_733_057),
///     "DMw4t9xXcBzbdAlrFgRg",
/// );
/// assert_eq!(sts, "GET /nsml/v1/projects\n1849019733057\nDMw4t9xXcBzbdAlrFgRg");
/// ```
pub fn string_to_sign(
    request: &SignableRequest<'_>,
    timestamp: Timestamp,
    access_key: &str,
) -> String {
    string_to_sign_with(request, timestamp.digits().as_str(), access_key)
}

/// [`string_to_sign`] with the timestamp already formatted, which the signer reuses for its header.
pub(crate) fn string_to_sign_with(
    request: &SignableRequest<'_>,
    timestamp: &str,
    access_key: &str,
) -> String {
    let parts = [
        request.method(),
        " ",
        request.path_and_query(),
        "\n",
        timestamp,
        "\n",
        access_key,
    ];
    parts.concat()
}
