//! Exit codes, so scripts can tell a typo from a bad key from an unhappy service.

use std::process::ExitCode;

use ncloud_core::Error;
use ncloud_pagination::PaginationError;

/// What went wrong, as the process exit code tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// 2: bad arguments or options (including values the service would reject, caught locally).
    Usage = 2,
    /// 3: no credentials, or the gateway rejected them (HTTP 401/403).
    Auth = 3,
    /// 4: the service answered with an error, or with something that is not a valid answer.
    Service = 4,
    /// 5: the service could not be reached (connection failed, timed out).
    Network = 5,
}

impl Failure {
    /// The process exit code.
    pub(crate) fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }

    /// The kind of failure an NCP error is.
    pub(crate) fn of(error: &Error) -> Self {
        if error.is_missing_api_key() {
            Self::Auth
        } else if error.is_configuration() {
            Self::Usage
        } else if error.is_auth() {
            Self::Auth
        } else if error.is_connect() || error.is_timeout() || error.is_transport() {
            Self::Network
        } else {
            Self::Service
        }
    }

    /// The kind of failure a listing error is: a guard that fired means a misbehaving service.
    pub(crate) fn of_listing(error: &PaginationError<Error>) -> Self {
        match error.service_error() {
            Some(e) => Self::of(e),
            None if error.is_invalid_config() => Self::Usage,
            None => Self::Service,
        }
    }
}

/// Exit-code table shown at the end of `--help`.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  2  usage error (bad option, invalid page or page size)
  3  authentication: no credentials or API key, or the gateway rejected them (HTTP 401/403)
  4  service error: an NCP error response, an invalid response, or a paging guard that fired
  5  network: the gateway could not be reached or did not answer in time
A change that succeeded is never reported only as a failure: when a step after it fails (finding
what was created, --wait, reading the answer), the exit code is that step's (4 or 5), stdout still
has what was created when it is known, and stderr says it was created and the command that checks
it (\"may have been made\" when the answer was lost after sending).";
