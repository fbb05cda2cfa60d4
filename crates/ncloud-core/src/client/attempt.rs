//! One attempt of a call: a fresh timestamp, the signature over the exact path-and-query, the
//! exchange within the attempt's time, and the answer read within the size limit.

use tracing::Instrument as _;

use super::body::read_limited;
use super::clock::within;
use super::redirect::{refuse_redirect, send_error};
use super::response::REQUEST_ID_HEADERS;
use super::retry_after::parse_retry_after;
use super::retry_loop::{AttemptError, AttemptInfo};
use super::timeout::readable;
use super::{Client, Error, PreparedRequest, Request, Response, spans};
use crate::Credentials;
use crate::signing::Timestamp;

/// What every attempt of one call sends.
#[derive(Clone, Copy)]
pub(super) struct Call<'a> {
    pub(super) request: &'a Request,
    pub(super) url: &'a url::Url,
    pub(super) body: Option<&'a [u8]>,
    pub(super) operation: &'a str,
    /// False for a presigned upload, which carries no NCP header.
    pub(super) signed: bool,
    pub(super) send_api_key: bool,
}

impl Client {
    /// One signed attempt, in its own span.
    pub(super) async fn attempt(
        &self,
        call: &Call<'_>,
        credentials: Option<&Credentials>,
        info: AttemptInfo,
    ) -> Result<Response, AttemptError> {
        let method = call.request.method();
        let span = spans::attempt(method, call.url, call.operation, info.number);
        let outcome = self
            .signed_exchange(call, credentials, info)
            .instrument(span.clone())
            .await;
        match &outcome {
            Ok(response) => {
                span.record("http.response.status_code", response.status());
            }
            Err(failure) => spans::record_error(&span, &failure.error),
        }
        outcome
    }

    async fn signed_exchange(
        &self,
        call: &Call<'_>,
        credentials: Option<&Credentials>,
        info: AttemptInfo,
    ) -> Result<Response, AttemptError> {
        let inner = &*self.inner;
        let timeout = info.timeout;
        if timeout.is_zero() {
            return Err(AttemptError::unsent(Error::timeout(
                "the total deadline passed",
            )));
        }
        let prepared = match credentials {
            Some(credentials) => PreparedRequest::signed(
                call.request.method(),
                call.url,
                call.body,
                credentials,
                Timestamp::from_system_time(self.now()),
                call.send_api_key,
            ),
            None => PreparedRequest::presigned(call.request, call.url, call.body),
        }
        .map_err(AttemptError::unsent)?;
        let (method, url, headers, body) = prepared.into_parts();
        let mut builder = inner.http.request(method, url).headers(headers);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        // One timer over the whole exchange, body included: a body that trickles in ends here.
        match within(&*inner.clock, timeout, self.exchange(builder, call)).await {
            Some(outcome) => outcome,
            None => {
                let which = if timeout < inner.timeouts.attempt() {
                    "what was left of the total deadline"
                } else {
                    "the attempt timeout"
                };
                let within = readable(timeout);
                Err(Error::timeout(format!("no complete answer within {within} ({which})")).into())
            }
        }
    }

    /// Sends, refuses redirects, reads the body within the size limit, and classifies the answer.
    async fn exchange(
        &self,
        builder: reqwest::RequestBuilder,
        call: &Call<'_>,
    ) -> Result<Response, AttemptError> {
        let url = call.url;
        let mut response = builder.send().await.map_err(|e| send_error(url, e))?;
        refuse_redirect(url, &response)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_limited(&mut response, self.inner.max_body_size).await?;
        if (200..300).contains(&status) {
            return Ok(Response::new(
                status,
                headers,
                body,
                call.operation.to_owned(),
            ));
        }
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let request_id = REQUEST_ID_HEADERS
            .iter()
            .find_map(|h| header(h))
            .map(str::to_owned);
        Err(AttemptError {
            error: Error::from_response(status, request_id, &body),
            retry_after: header("retry-after").and_then(|v| parse_retry_after(v, self.now())),
            server_date: header("date").and_then(|v| httpdate::parse_http_date(v).ok()),
            resend: false,
            unsent: false,
        })
    }
}
