//! The signed HTTP transport (feature `client`): [`Client`], [`Request`], retries, timeouts and the
//! one [`Error`] type; typed [`Operation`]s of a [`Service`] sent through a [`ServiceClient`]; and
//! the one waiter builder, [`Wait`].
//!
//! One request's path: a service builds an [`Operation`] (or a raw [`Request`]); [`Client::send`]
//! turns it into the final URL, then one retry stage runs the attempts on one [`Clock`]: each
//! attempt reads the signing time, signs the exact path-and-query, sends, and classifies the
//! outcome. Faults (500, 502, 503, 504, connection errors, timeouts) wait with full-jitter
//! backoff, bounded by `Retry-After`, the attempts, the retry budget and the deadline; throttling
//! (429) waits on its own schedule, bounded by time; a quota (429, NCP code 400) fails at once.
//! See [`Client`] for which requests are sent again, and what is never done (following a
//! redirect, reading an answer past the size limit).

mod attempt;
mod body;
mod builder;
mod change;
#[allow(clippy::module_inception)]
mod client;
mod clock;
mod clock_skew;
mod decode;
mod error;
pub(crate) mod error_body;
mod into_future;
mod operation;
mod prepared;
mod presigned;
mod rate_limit;
mod redirect;
mod request;
mod response;
mod retry;
mod retry_after;
mod retry_budget;
mod retry_loop;
pub(crate) mod service;
mod spans;
mod timeout;
mod tls;
mod waiter;

pub use crate::credentials::CREDENTIALS_REFRESH_MARGIN;
pub use crate::signing::ApiKey;
pub use body::DEFAULT_MAX_BODY_SIZE;
pub use builder::{ClientBuilder, USER_AGENT};
pub use change::Change;
pub use client::Client;
use client::ClientInner;
#[cfg(feature = "test-util")]
pub use clock::FixedJitter;
pub use clock::{Clock, Jitter, RandomJitter, Sleep, TokioClock};
pub use error::{Error, Result};
pub use http::Method;
pub use operation::Operation;
pub use prepared::PreparedRequest;
pub(crate) use request::COMPONENT;
pub use request::Request;
pub use response::Response;
pub use retry::RetryConfig;
pub use service::{CallInfo, NoContent, Service, ServiceClient};
pub use timeout::TimeoutConfig;
pub(crate) use timeout::readable;
pub use tls::http_client_builder;
pub use waiter::{Wait, WaitState};
