//! The command's `--timeout` deadline, for the steps that must end before it: a wait gives up in
//! time to report its last state itself instead of being cut off by the deadline.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

tokio::task_local! {
    static DEADLINE: Instant;
}

/// The longest margin kept between the end of a wait and the deadline: room for the wait's last
/// poll and its report.
const MAX_MARGIN: Duration = Duration::from_secs(5);

/// Runs `command` knowing that it must end within `limit` from now.
pub(crate) async fn within<F: Future>(limit: Duration, command: F) -> F::Output {
    DEADLINE.scope(Instant::now() + limit, command).await
}

/// `wanted`, shortened so that it ends before the deadline (if there is one) with a margin of a
/// tenth of the time left (at most 5 s) for a last poll.
pub(crate) fn budget(wanted: Duration) -> Duration {
    match DEADLINE.try_with(|deadline| deadline.saturating_duration_since(Instant::now())) {
        Ok(left) => wanted.min(left - (left / 10).min(MAX_MARGIN)),
        Err(_) => wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_budget_ends_before_the_deadline() {
        let ten = Duration::from_secs(10);
        assert_eq!(budget(ten), ten, "no deadline: as wanted");
        let left = within(Duration::from_secs(1), async { budget(ten) }).await;
        assert_eq!(left, Duration::from_millis(900));
        let left = within(Duration::from_secs(600), async {
            tokio::time::sleep(Duration::from_secs(100)).await;
            (
                budget(Duration::from_secs(60)),
                budget(Duration::from_secs(3_600)),
            )
        })
        .await;
        assert_eq!(left, (Duration::from_secs(60), Duration::from_secs(495)));
    }
}
