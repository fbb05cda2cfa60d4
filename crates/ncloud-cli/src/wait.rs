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
    use ncloud_core::client::FixedJitter;
    use ncloud_core::time::{ManualTimeSource, SystemTimeSource, TimeSource};
    use ncloud_testkit::{FakeGateway, NsmlOperation};

    use crate::cli::Cli;
    use crate::commands::run_command;

    /// `ncloud nsml runs create ... --wait EXTRA` in process, the gateway and the client on one
    /// manual clock that the client's sleep moves (nothing waits for real), a run lasting 60 s;
    /// how many times the run was polled.
    async fn polls_of_a_60_s_run(extra: &[&str]) -> usize {
        let clock = ManualTimeSource::new(SystemTimeSource.now());
        let gateway = FakeGateway::builder()
            .projects(0)
            .time_source(clock.clone())
            .nsml_transition(Duration::ZERO)
            .nsml_run_duration(Duration::from_secs(60))
            .start()
            .await;
        let client = ncloud_core::Client::builder()
            .credentials(gateway.credentials().clone())
            .endpoint(gateway.base_url())
            .time_source(clock.clone())
            .clock(clock)
            .jitter(FixedJitter(1.0))
            .build()
            .unwrap();
        let nsml = ncloud_nsml::Client::new(client.clone());
        nsml.create_project("interval", 500).await.unwrap();
        let project = nsml.find_project("interval").await.unwrap().unwrap();
        let args = [
            "ncloud",
            "nsml",
            "runs",
            "create",
            &project.project_id,
            "--gpu-server-code",
            "1",
            "--image-type",
            "base",
            "--image-path",
            "nvcr.io/nvidia/pytorch:21.02-py3",
            "--node-count",
            "1",
            "--wait",
            "-o",
            "json",
        ];
        let cli = Cli::try_parse_from([&args[..], extra].concat()).unwrap();
        let mut out = Vec::new();
        run_command(client, cli.command, &mut out).await.unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert!(printed.contains("RUN_STATE_COMPLETED"), "{printed}");
        // The create's own lookup of the run it started, then the polls.
        gateway.nsml_calls(NsmlOperation::GetRun) - 1
    }

    #[tokio::test]
    async fn the_poll_interval_is_followed_on_an_injected_clock() {
        // Polls at 0, 10, 20, ..., 60 s.
        assert_eq!(polls_of_a_60_s_run(&["--wait-interval", "10s"]).await, 7);
        // By default, from 5 s doubling: polls at 0, 5, 15, 35 and 75 s.
        assert_eq!(polls_of_a_60_s_run(&[]).await, 5);
    }
}
