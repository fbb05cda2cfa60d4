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
    format!(
        "{} {}\n{}\n{}",
        request.method(),
        request.path_and_query(),
        timestamp,
        access_key
    )
}
