//! The signed HTTP transport (feature `client`): [`Client`], [`Request`], retries, timeouts and the
//! one [`Error`] type; typed [`Operation`]s of a [`Service`] sent through a [`ServiceClient`]; and
//! the one waiter builder, [`Wait`].
//!
//! One request's path: a service builds an [`Operation`] (or a raw [`Request`]); [`Client::send`] turns it into the final URL,
//! then for each attempt reads the clock, signs the exact path-and-query, sends, and classifies the
//! outcome. Transient failures (429, 500, 502, 503, 504, connection errors, timeouts) wait with
//! full-jitter backoff, bounded by `Retry-After`, the retry budget and the deadline, and go again
//! with a fresh timestamp. See [`Client`] for which requests are sent again, and what is never
//! done (following a redirect, reading an answer past the size limit).

mod body;
mod builder;
mod change;
#[allow(clippy::module_inception)]
mod client;
mod clock_skew;
mod credentials_cache;
mod decode;
mod error;
pub(crate) mod error_body;
mod into_future;
mod operation;
mod prepared;
mod presigned;
mod redirect;
mod request;
mod response;
mod retry;
mod retry_after;
mod retry_budget;
pub(crate) mod service;
mod sleep;
mod timeout;
mod tls;
mod waiter;

pub use crate::credentials::CREDENTIALS_REFRESH_MARGIN;
pub use body::DEFAULT_MAX_BODY_SIZE;
pub use builder::{ClientBuilder, USER_AGENT};
pub use change::Change;
pub use client::Client;
use client::ClientInner;
pub use error::{Error, Result};
pub use http::Method;
pub use operation::Operation;
pub use prepared::PreparedRequest;
pub(crate) use request::COMPONENT;
pub use request::{ApiKey, Request};
pub use response::Response;
pub use retry::RetryConfig;
pub use service::{CallInfo, NoContent, Service, ServiceClient};
pub use sleep::{AsyncSleep, FixedJitter, Jitter, RandomJitter, Sleep, TokioSleep};
pub use timeout::TimeoutConfig;
pub use tls::http_client_builder;
pub use waiter::{Wait, WaitState};
