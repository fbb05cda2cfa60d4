//! A change that succeeded is never reported only as a failure: once the service accepted a
//! create, a later failure (finding it, waiting for it, reading the answer) still says what was
//! created, and the exact command that checks it.

use ncloud_core::Error;
use ncloud_core::client::Change;

use crate::error::CliError;
use crate::text;

/// The command that shows a created resource: `ncloud`, the global options the user gave before
/// the command (`--profile`, `--endpoint`...), then `words`, quoted for a POSIX shell.
pub(crate) fn check_command(words: &[&str]) -> String {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    command_line(&args, words)
}

/// The options before the first command word of `args` (`nsml`, `mi`, `demo`), then `words`.
fn command_line(args: &[String], words: &[&str]) -> String {
    let globals = args
        .iter()
        .take_while(|a| !matches!(a.as_str(), "nsml" | "mi" | "demo"))
        .map(String::as_str);
    let line: Vec<&str> = std::iter::once("ncloud")
        .chain(globals)
        .chain(words.iter().copied())
        .collect();
    // Quoting fails only on a NUL byte, which no argument can hold.
    shlex::try_join(line.iter().copied()).unwrap_or_else(|_| line.join(" "))
}

/// What a command created, for the steps after it.
#[derive(Debug, Clone)]
pub(crate) struct Created {
    /// What it is, e.g. `run 3 of project p-1`.
    what: String,
    /// The command that shows it.
    check: String,
}

impl Created {
    /// `what` (e.g. `run 3 of project p-1`), shown by `ncloud check...`.
    pub(crate) fn new(what: impl Into<String>, check: &[&str]) -> Self {
        Self {
            what: what.into(),
            check: check_command(check),
        }
    }

    /// The error of a step after the change, saying that the change was made and how to check it.
    pub(crate) fn then(&self, error: impl Into<CliError>) -> CliError {
        let note = format!("{} was created; check it with: {}", self.what, self.check);
        error.into().with_note(&text::escape(&note))
    }
}

/// The error of a call that asked for a change: when it says the change was made, or may have
/// been (the answer was lost after sending), the command that checks it (`check`) is added.
pub(crate) fn after_change(error: Error, check: &[&str]) -> CliError {
    let note = match error.change() {
        Some(Change::Made { .. }) => format!("check it with: {}", check_command(check)),
        Some(Change::Unknown) => {
            format!("check with `{}` before trying again", check_command(check))
        }
        _ => return error.into(),
    };
    CliError::from(error).with_note(&text::escape(&note))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn keeps_the_global_options_before_the_command_and_quotes() {
        let line = command_line(
            &args("--profile dev --endpoint http://127.0.0.1:9 nsml runs create p --wait"),
            &["nsml", "runs", "get", "p 1", "3"],
        );
        assert_eq!(
            line,
            "ncloud --profile dev --endpoint http://127.0.0.1:9 nsml runs get 'p 1' 3"
        );
        assert_eq!(
            shlex::split(&line).unwrap()[6..],
            ["runs", "get", "p 1", "3"]
        );
    }

    #[test]
    fn a_change_the_service_made_is_said_with_its_check() {
        let made = Error::service(503, None, None).with_change(Change::Made { created: None });
        let message = after_change(made, &["nsml", "runs"]).to_string();
        assert!(
            message.starts_with("HTTP 503; the change was made; check it with: ncloud"),
            "{message}"
        );
        let lost = Error::service(503, None, None).with_change(Change::Unknown);
        let message = after_change(lost, &["nsml", "runs"]).to_string();
        assert!(message.contains("may have been made"), "{message}");
        assert!(message.contains("before trying again"), "{message}");
        // Nothing changed: the error as it is.
        let refused = Error::service(400, None, None);
        assert_eq!(after_change(refused, &["x"]).to_string(), "HTTP 400");
    }

    #[test]
    fn what_was_created_is_escaped() {
        let created = Created::new("project \u{1b}]0;x\u{7}", &["nsml", "projects"]);
        let message = created.then(CliError::service("boom")).to_string();
        assert!(
            !message.contains('\u{1b}') && !message.contains('\u{7}'),
            "{message}"
        );
        assert!(
            message
                .starts_with("boom; project \\u{1b}]0;x\\u{7} was created; check it with: ncloud"),
            "{message}"
        );
    }
}
