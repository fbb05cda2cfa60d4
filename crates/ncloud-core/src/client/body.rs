//! Reading a response body within a size limit: a hostile or broken server cannot make the client
//! allocate more than the limit, whatever `Content-Length` claims or however long the body streams.

use super::Error;

/// The default [`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size): far above any
/// real NCP page (a Media Intelligence page of 1000 workspaces is well under 1 MiB).
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// The most memory reserved up front from a `Content-Length`; the rest grows as bytes arrive, so a
/// header that promises a large body and sends nothing costs little.
const PREALLOCATE_LIMIT: usize = 1024 * 1024;

/// The body of `response`, read chunk by chunk into one buffer, refused as soon as it is known to
/// exceed `limit` bytes (from `Content-Length` before reading, else while streaming).
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, Error> {
    let status = response.status().as_u16();
    let declared = response.content_length();
    if let Some(declared) = declared.filter(|&n| n > limit as u64) {
        return Err(Error::body_too_large(status, limit, Some(declared)));
    }
    let reserve = declared.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut body = Vec::with_capacity(reserve.min(PREALLOCATE_LIMIT));
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        if chunk.len() > limit - body.len() {
            return Err(Error::body_too_large(status, limit, None));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
