//! A command's failure: one line for stderr and the exit code.

use std::error::Error as StdError;
use std::fmt;

use ncloud_core::client::PreparedRequest;
use ncloud_core::{Error, ErrorChain};
use ncloud_pagination::PaginationError;

use crate::exit::Failure;
use crate::text;

/// The longest error message printed, in characters: enough for any message of ours and any real
/// NCP error, while a server's multi-megabyte message is cut.
const MAX_MESSAGE_CHARS: usize = 1000;

/// Why a command failed. Built only by the constructors below, which escape and bound every
/// message (the fields are private, so no struct literal can skip that).
#[derive(Debug)]
pub(crate) struct CliError {
    failure: Failure,
    /// Escaped and bounded: safe to print as is.
    message: String,
    /// The reader of stdout went away (`ncloud ... | head`): not a failure of the command.
    output_closed: bool,
    /// What a `--dry-run` command would have sent: it stopped there, which is not a failure.
    prepared: Option<Box<PreparedRequest>>,
}

impl CliError {
    /// The kind of failure, which the exit code tells.
    pub(crate) fn failure(&self) -> Failure {
        self.failure
    }

    /// Whether the reader of stdout went away (`ncloud ... | head`): not a failure.
    pub(crate) fn output_closed(&self) -> bool {
        self.output_closed
    }

    fn new(failure: Failure, message: String) -> Self {
        Self {
            failure,
            message,
            output_closed: false,
            prepared: None,
        }
    }

    pub(crate) fn usage(message: impl fmt::Display) -> Self {
        Self::new(Failure::Usage, text::bounded(message, MAX_MESSAGE_CHARS))
    }

    /// The command ran past `--timeout`.
    pub(crate) fn timed_out(limit: std::time::Duration) -> Self {
        Self::new(
            Failure::Network,
            format!(
                "timed out: the command did not finish within {} (--timeout)",
                humantime::format_duration(limit)
            ),
        )
    }

    /// A problem with the user's credentials configuration (the profile file, a variable).
    pub(crate) fn configuration(message: impl fmt::Display) -> Self {
        Self::new(Failure::Auth, text::bounded(message, MAX_MESSAGE_CHARS))
    }

    /// A failure of the service (exit code 4) that is not an NCP error: an answer that does not
    /// add up.
    pub(crate) fn service(message: impl fmt::Display) -> Self {
        Self::new(Failure::Service, text::bounded(message, MAX_MESSAGE_CHARS))
    }

    /// For a `--dry-run` command, the request it stopped at.
    pub(crate) fn dry_run(&self) -> Option<&PreparedRequest> {
        self.prepared.as_deref()
    }

    /// Adds the command that continues a listing from where it failed.
    pub(crate) fn with_resume_command(mut self, command: &str) -> Self {
        self.message.push_str("; resume with: ");
        self.message.push_str(&text::escape(command));
        self
    }

    /// Adds `note` (our own text) after the message.
    pub(crate) fn with_note(mut self, note: &str) -> Self {
        self.message.push_str("; ");
        self.message.push_str(note);
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `error` and every source under it on one line, escaped and bounded.
fn report(error: &(dyn StdError + 'static)) -> String {
    text::bounded(ErrorChain(error), MAX_MESSAGE_CHARS)
}

/// [`report`] of an NCP error as a CLI user acts on it: the library's advice for a missing API
/// key names builder methods.
fn message_of(error: &Error) -> String {
    if error.is_missing_api_key() {
        return text::bounded(
            format_args!(
                "{}an API Gateway API key (x-ncp-apigw-api-key) is needed and none is set: run \
                 `ncloud configure` to add it to your profile (ncloud_api_key), or set \
                 NCLOUD_API_KEY along with NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY",
                error
                    .operation()
                    .map(|o| format!("{o}: "))
                    .unwrap_or_default()
            ),
            MAX_MESSAGE_CHARS,
        );
    }
    report(error)
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        Self {
            prepared: error.prepared_request().cloned().map(Box::new),
            ..Self::new(Failure::of(&error), message_of(&error))
        }
    }
}

impl From<PaginationError<Error>> for CliError {
    fn from(error: PaginationError<Error>) -> Self {
        let failure = Failure::of_listing(&error);
        // A failed page's own error says it all (the page is in the resume command).
        let message = match error.service_error() {
            Some(service) => message_of(service),
            None => report(&error),
        };
        Self {
            // A dry run stops at the first page's request.
            prepared: error
                .service_error()
                .and_then(Error::prepared_request)
                .cloned()
                .map(Box::new),
            ..Self::new(failure, message)
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        let output_closed = error.kind() == std::io::ErrorKind::BrokenPipe;
        let message = text::bounded(
            format_args!("cannot write the output: {}", ErrorChain(&error)),
            MAX_MESSAGE_CHARS,
        );
        Self {
            output_closed,
            ..Self::new(Failure::Service, message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_says_in_words_that_retrying_will_not_help() {
        let quota = Error::service(429, Some("400".into()), Some("Quota Exceeded".into()))
            .with_operation("mi.ListWorkspaces");
        let error = CliError::from(quota);
        assert_eq!(error.failure, Failure::Service);
        assert_eq!(
            error.message,
            "mi.ListWorkspaces: HTTP 429, NCP code 400: Quota Exceeded; the API's usage-plan \
             quota is exhausted: retrying will not help until the quota resets or is raised"
        );
    }

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

    #[test]
    fn server_messages_are_escaped_and_bounded() {
        let evil = format!("\u{1b}]52;c;cGF5bG9hZA==\u{7}{}", "A".repeat(5_000_000));
        let error = CliError::from(Error::service(400, Some("1".into()), Some(evil)));
        let message = error.to_string();
        assert!(
            message.starts_with("HTTP 400, NCP code 1: \\u{1b}]52;c;"),
            "{message}"
        );
        assert!(!message.contains('\u{1b}') && !message.contains('\u{7}'));
        assert!(
            message.chars().count() < MAX_MESSAGE_CHARS + 50,
            "{}",
            message.len()
        );
        assert!(message.ends_with("more characters)"), "{message}");
    }
}
