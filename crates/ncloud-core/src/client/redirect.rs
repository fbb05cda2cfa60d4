//! The API Gateway never redirects, so a redirect is refused, never followed: following one would
//! send the access key, a signature that stays valid for minutes and the API key to wherever the
//! `Location` points, replay a `307` POST body there, or turn a POST into a GET that "succeeds".

use super::Error;

/// The most of a `Location` value quoted in an error.
const LOCATION_LIMIT: usize = 200;

/// Refuses a `3xx` answer, and any answer that did not come from `requested` (a caller-supplied
/// HTTP client that follows redirects has already sent the request elsewhere: refuse its answer
/// and say how to configure it).
pub(crate) fn refuse_redirect(
    requested: &url::Url,
    response: &reqwest::Response,
) -> Result<(), Error> {
    let status = response.status();
    if status.is_redirection() {
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let target = match location {
            Some(location) => format!("a redirect to {:?}", shorten(&location)),
            None => "a redirect without a Location".to_owned(),
        };
        return Err(Error::redirect(
            Some(status.as_u16()),
            format!(
                "{target}; not followed, because the NCP API Gateway never redirects (check the \
                 endpoint URL)"
            ),
        ));
    }
    let answered = response.url();
    if answered != requested {
        return Err(Error::redirect(
            Some(status.as_u16()),
            format!(
                "the answer came from {}, not from {}: the HTTP client followed a redirect (build it \
                 with reqwest::redirect::Policy::none())",
                origin(answered),
                origin(requested)
            ),
        ));
    }
    Ok(())
}

/// The error of a send that failed: a failure while following a redirect (a caller-supplied HTTP
/// client that follows them, sent to a scheme it cannot speak) is a refused redirect, not a bad
/// request of ours; anything else is classified as usual.
pub(crate) fn send_error(requested: &url::Url, error: reqwest::Error) -> Error {
    match error.url() {
        Some(failed) if failed != requested => Error::redirect(
            None,
            format!(
                "the HTTP client followed a redirect from {} to {} and failed there: build it with \
                 reqwest::redirect::Policy::none()",
                origin(requested),
                origin(failed)
            ),
        ),
        _ => Error::from_reqwest(error),
    }
}

/// `scheme://host:port`, never the path or query (they may carry anything).
fn origin(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(LOCATION_LIMIT) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}
