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

    /// A problem with the user's credentials configuration (the profile file, a variable).
    pub(crate) fn configuration(message: impl fmt::Display) -> Self {
        Self {
            failure: Failure::Auth,
            message: message.to_string(),
            output_closed: false,
        }
    }
}

impl CliError {
    /// A failure of the service (exit code 4) that is not an NCP error: an answer that does not
    /// add up.
    pub(crate) fn service(message: impl Into<String>) -> Self {
        Self {
            failure: Failure::Service,
            message: message.into(),
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
            message: message_of(&error),
            output_closed: false,
        }
    }
}

/// The error and its causes on one line, as a CLI user acts on it: the library's advice for a
/// missing API key names builder methods.
fn message_of(error: &Error) -> String {
    if error.is_missing_api_key() {
        return format!(
            "{}an API Gateway API key (x-ncp-apigw-api-key) is needed and none is set: run \
             `ncloud configure` to add it to your profile (ncloud_api_key), or set NCLOUD_API_KEY \
             along with NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY",
            error
                .operation()
                .map(|o| format!("{o}: "))
                .unwrap_or_default()
        );
    }
    ErrorChain(error).to_string()
}

impl From<PaginationError<Error>> for CliError {
    fn from(error: PaginationError<Error>) -> Self {
        let failure = Failure::of_listing(&error);
        // The service error says it all; the page matters only to resume a partial listing.
        let mut message = match error.service_error() {
            Some(service) => message_of(service),
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
    fn a_missing_api_key_is_explained_in_cli_terms() {
        let error = CliError::from(Error::missing_api_key("nsml.ListProjects"));
        assert_eq!(error.failure, Failure::Auth);
        assert!(
            error
                .message
                .starts_with("nsml.ListProjects: an API Gateway API key"),
            "{error}"
        );
        assert!(error.message.contains("ncloud configure"), "{error}");
        assert!(error.message.contains("NCLOUD_API_KEY"), "{error}");
        // No library vocabulary for a CLI user.
        assert!(!error.message.contains("ClientBuilder"), "{error}");
        assert!(!error.message.contains("Credentials::"), "{error}");
    }

    #[test]
    fn only_a_closed_stdout_is_quiet() {
        let closed = CliError::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(closed.output_closed);
        // A service or network error that mentions a broken pipe is still a failure.
        let network = CliError::from(Error::configuration("connection failed: Broken pipe"));
        assert!(!network.output_closed);
    }
}
