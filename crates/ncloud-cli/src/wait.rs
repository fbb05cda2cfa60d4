//! `--wait` and its tuning (`--wait-timeout`, `--wait-interval`), and how every command waits:
//! within `--timeout`, with a progress line on a terminal only.

use std::time::Duration;

use clap::Args;
use ncloud_core::Error;
use ncloud_core::client::Wait;

use crate::deadline;
use crate::duration_arg::parse_duration;
use crate::progress::Progress;

/// Options of commands that can wait for the change they asked for.
#[derive(Debug, Clone, Copy, Default, Args)]
pub(crate) struct WaitArgs {
    /// Wait until the change is done (a progress line on a terminal; nothing on a pipe).
    #[arg(long)]
    pub(crate) wait: bool,
    #[command(flatten)]
    pub(crate) tuning: WaitTuning,
}

/// How long and how often a wait polls.
#[derive(Debug, Clone, Copy, Default, Args)]
pub(crate) struct WaitTuning {
    /// Stop waiting after this long (90s, 10m, 2h; cut to end within --timeout; the work goes on
    /// at NCP) [default: 10m; 1h for runs].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) wait_timeout: Option<Duration>,
    /// Poll this often (500ms, 10s; each pause jittered down to half of it) [default: from 1-5 s,
    /// doubling up to 15-60 s].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) wait_interval: Option<Duration>,
}

/// Runs `wait` as tuned (for `default_limit` unless `--wait-timeout` says otherwise), ending
/// before the command's `--timeout`, with a progress line on a terminal.
pub(crate) async fn wait<T: Send + 'static>(
    wait: Wait<T>,
    tuning: WaitTuning,
    default_limit: Duration,
) -> Result<T, Error> {
    let limit = tuning.wait_timeout.unwrap_or(default_limit);
    let mut wait = wait.timeout(deadline::budget(limit));
    if let Some(interval) = tuning.wait_interval {
        wait = wait.delays(interval, interval);
    }
    let progress = Progress::waiting(wait.awaited());
    let shown = progress.clone();
    let result = wait.on_poll(move |state| shown.state(state)).await;
    progress.finish();
    result
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use clap::Parser;
    use ncloud_testkit::{FakeGateway, NsmlOperation};

    use crate::cli::Cli;
    use crate::commands::run_command;
    use crate::deadline;
    use crate::error::CliError;
    use crate::exit::Failure;

    /// What `ncloud nsml runs create ... --wait` did in process, on one manual clock for the
    /// gateway and the client that the client's sleeps move: nothing waits for real.
    struct Waited {
        result: Result<(), CliError>,
        stdout: String,
        project: String,
        gateway: FakeGateway,
        /// How long the command took on the manual clock.
        took: Duration,
    }

    impl Waited {
        /// How many times the run was polled (the create's own lookup of its run aside).
        fn polls(&self) -> usize {
            self.gateway.nsml_calls(NsmlOperation::GetRun) - 1
        }

        fn error(&self) -> &CliError {
            self.result.as_ref().unwrap_err()
        }
    }

    /// `ncloud [--timeout T] nsml runs create P ... --command COMMAND --wait EXTRA` against a
    /// gateway whose runs last `run` (a command saying `fail` ends RUN_STATE_FAILED, `stop`
    /// RUN_STATE_STOPPED).
    async fn create_and_wait(command: &str, run: Duration, extra: &[&str]) -> Waited {
        let gateway = FakeGateway::builder()
            .manual_clock()
            .projects(0)
            .nsml_transition(Duration::ZERO)
            .nsml_run_duration(run)
            .start()
            .await;
        let clock = gateway.clock().expect("a manual clock").clone();
        let client = gateway.client_builder().build().unwrap();
        let nsml = ncloud_nsml::Client::new(client.clone());
        nsml.create_project("waits", 500).await.unwrap();
        let project = nsml
            .find_project("waits")
            .await
            .unwrap()
            .unwrap()
            .project_id;
        let args = [
            "ncloud",
            "nsml",
            "runs",
            "create",
            &project,
            "--gpu-server-code",
            "2",
            "--image-type",
            "base",
            "--image-path",
            "nvcr.io/nvidia/pytorch:21.02-py3",
            "--node-count",
            "1",
            "--command",
            command,
            "--wait",
            "-o",
            "json",
        ];
        let cli = Cli::try_parse_from([&args[..], extra].concat()).unwrap();
        let mut out = Vec::new();
        let start = ncloud_core::time::TimeSource::now(&clock);
        let command = run_command(client, cli.command, &mut out);
        // As `run_within_deadline` runs it: the deadline is on tokio's clock, which does not move
        // here, so only the wait's own budget can end it.
        let result = match cli.global.timeout {
            Some(limit) => deadline::within(limit, command).await,
            None => command.await,
        };
        let end = ncloud_core::time::TimeSource::now(&clock);
        Waited {
            result,
            stdout: String::from_utf8(out).unwrap(),
            project,
            gateway,
            took: end.duration_since(start).unwrap_or_default(),
        }
    }

    const MINUTE: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn the_poll_interval_is_followed_on_an_injected_clock() {
        // Polls at 0, 10, 20, ..., 60 s.
        let waited = create_and_wait("python a.py", MINUTE, &["--wait-interval", "10s"]).await;
        assert!(
            waited.stdout.contains("RUN_STATE_COMPLETED"),
            "{}",
            waited.stdout
        );
        assert_eq!(waited.polls(), 7);
        // By default, from 5 s doubling: polls at 0, 5, 15, 35 and 75 s.
        let waited = create_and_wait("python a.py", MINUTE, &[]).await;
        assert_eq!(waited.polls(), 5);
    }

    #[tokio::test]
    async fn a_failed_run_exits_4_naming_the_state_and_still_prints_the_run() {
        let waited = create_and_wait("python fail.py", MINUTE, &[]).await;
        let error = waited.error();
        assert_eq!(error.failure(), Failure::Service);
        let message = error.to_string();
        assert!(message.contains("but it is RUN_STATE_FAILED"), "{message}");
        // The run was started: stdout still has it, the error says how to check it.
        let printed: serde_json::Value = serde_json::from_str(&waited.stdout).unwrap();
        assert_eq!(printed["runName"], "1");
        let project = &waited.project;
        assert!(
            message.contains(&format!(
                "; run 1 of project {project} was created; check it with: ncloud"
            )),
            "{message}"
        );
        assert!(
            message.ends_with(&format!("nsml runs get {project} 1")),
            "{message}"
        );
    }

    #[tokio::test]
    async fn an_unknown_end_state_waits_until_the_wait_timeout_and_names_it() {
        let waited = create_and_wait("python stop.py", MINUTE, &["--wait-timeout", "5m"]).await;
        let error = waited.error();
        assert_eq!(error.failure(), Failure::Network);
        assert!(
            error.to_string().contains("(last seen: RUN_STATE_STOPPED)"),
            "{error}"
        );
        assert_eq!(waited.took.as_secs(), 300, "{error}");
    }

    #[tokio::test]
    async fn the_wait_ends_before_the_command_timeout_and_says_where_it_stopped() {
        let hour = Duration::from_secs(3_600);
        let waited = create_and_wait("python a.py", hour, &["--timeout", "100s"]).await;
        let message = waited.error().to_string();
        assert!(
            message.starts_with("nsml.WaitUntilRunFinished: gave up waiting for run 1 of project"),
            "the waiter's own error, not the command's deadline: {message}"
        );
        assert!(
            message.contains("(last seen: RUN_STATE_IN_PROGRESS)"),
            "{message}"
        );
        // The id and the command that keeps watching it; the run itself on stdout.
        let project = &waited.project;
        assert!(
            message.ends_with(&format!("nsml runs get {project} 1")),
            "{message}"
        );
        let printed: serde_json::Value = serde_json::from_str(&waited.stdout).unwrap();
        assert_eq!(printed["runName"], "1");
        // A margin of a tenth of the time left (at most 5 s) is kept for the report (the time
        // left is counted on tokio's clock, which moved by the real milliseconds of the test).
        let took = waited.took;
        assert!(
            took > Duration::from_secs(94) && took <= Duration::from_secs(95),
            "{took:?}"
        );
    }
}
