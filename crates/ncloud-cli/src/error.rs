//! A command's failure: one line for stderr and the exit code.

use std::fmt;

use ncloud_core::{Error, ErrorChain};
use ncloud_pagination::PaginationError;

use crate::exit::Failure;

/// Why a command failed.
#[derive(Debug)]
pub(crate) struct CliError {
    pub(crate) failure: Failure,
    pub(crate) message: String,
    /// The reader of stdout went away (`ncloud ... | head`): not a failure of the command.
    pub(crate) output_closed: bool,
}

impl CliError {
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            failure: Failure::Usage,
            message: message.into(),
            output_closed: false,
        }
    }

    /// The command ran past `--timeout`.
    pub(crate) fn timed_out(limit: std::time::Duration) -> Self {
        Self {
            failure: Failure::Network,
            message: format!(
                "timed out: the command did not finish within {} (--timeout)",
                humantime::format_duration(limit)
            ),
            output_closed: false,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        Self {
            failure: Failure::of(&error),
            message: ErrorChain(&error).to_string(),
            output_closed: false,
        }
    }
}

impl From<PaginationError<Error>> for CliError {
    fn from(error: PaginationError<Error>) -> Self {
        let failure = Failure::of_listing(&error);
        // The service error says it all; the page matters only to resume a partial listing.
        let mut message = match error.service_error() {
            Some(service) => ErrorChain(service).to_string(),
            None => ErrorChain(&error).to_string(),
        };
        if let Some(page) = error
            .resume_page()
            .filter(|&p| p > 1 && failure != Failure::Usage)
        {
            message.push_str(&format!(" (page {page}; resume with --page {page})"));
        }
        Self {
            failure,
            message,
            output_closed: false,
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        Self {
            failure: Failure::Service,
            message: format!("cannot write the output: {error}"),
            output_closed: error.kind() == std::io::ErrorKind::BrokenPipe,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_closed_stdout_is_quiet() {
        let closed = CliError::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(closed.output_closed);
        // A service or network error that mentions a broken pipe is still a failure.
        let network = CliError::from(Error::configuration("connection failed: Broken pipe"));
        assert!(!network.output_closed);
    }
}
