//! Waiters, as AWS SDK users know them: poll until a project is `CREATED` or gone, or a run has
//! left `RUN_STATE_IN_PROGRESS`, with backoff, a deadline, and a timeout error that carries the
//! last state seen.

use std::time::Duration;

use ncloud_core::Error;
use ncloud_core::client::{WaitState, Waiter};

use crate::{Client, ProjectDetail, ProjectStatus, RunDetail};

/// A state for the timeout message: the status as sent, or a note that there was none.
fn seen<T: ToString>(status: Option<&T>) -> String {
    status.map_or_else(|| "no status".to_owned(), ToString::to_string)
}

impl Client {
    /// Polls `GET /projects/{projectId}` until the project is `CREATED` (2 s between polls at
    /// first, doubling up to 30 s), and returns it. Past `timeout`, an error with
    /// [`is_wait_timeout`](Error::is_wait_timeout) and the [`last_state`](Error::last_state) seen
    /// (`CREATING`); an error of a poll ends the wait with that error.
    pub async fn wait_until_project_created(
        &self,
        project_id: &str,
        timeout: Duration,
    ) -> Result<ProjectDetail, Error> {
        Waiter::new(format!("project {project_id} to be CREATED"))
            .timeout(timeout)
            .wait(self.core(), || async {
                let project = self.get_project(project_id).await?;
                Ok(match project.status {
                    Some(ProjectStatus::Created) => WaitState::Done(project),
                    ref other => WaitState::Pending(seen(other.as_ref())),
                })
            })
            .await
    }

    /// Polls `GET /projects/{projectId}` until the project is gone (HTTP 404) or `DELETED`.
    /// Timeouts and errors as for [`wait_until_project_created`](Self::wait_until_project_created).
    pub async fn wait_until_project_deleted(
        &self,
        project_id: &str,
        timeout: Duration,
    ) -> Result<(), Error> {
        Waiter::new(format!("project {project_id} to be deleted"))
            .timeout(timeout)
            .wait(self.core(), || async {
                match self.get_project(project_id).await {
                    Err(error) if error.is_not_found() => Ok(WaitState::Done(())),
                    Err(error) => Err(error),
                    Ok(project) => Ok(match project.status {
                        Some(ProjectStatus::Deleted) => WaitState::Done(()),
                        ref other => WaitState::Pending(seen(other.as_ref())),
                    }),
                }
            })
            .await
    }

    /// Polls `GET /projects/{projectId}/runs/{runName}` until the run has left
    /// `RUN_STATE_IN_PROGRESS` (whatever state it reaches, known or not), and returns it. Polls
    /// start 5 s apart, doubling up to 60 s. Timeouts and errors as for
    /// [`wait_until_project_created`](Self::wait_until_project_created).
    pub async fn wait_until_run_finished(
        &self,
        project_id: &str,
        run_name: &str,
        timeout: Duration,
    ) -> Result<RunDetail, Error> {
        Waiter::new(format!("run {run_name} of project {project_id} to finish"))
            .timeout(timeout)
            .delays(Duration::from_secs(5), Duration::from_secs(60))
            .wait(self.core(), || async {
                let run = self.get_run(project_id, run_name).await?;
                Ok(match &run.status {
                    Some(status) if !status.is_in_progress() => WaitState::Done(run),
                    other => WaitState::Pending(seen(other.as_ref())),
                })
            })
            .await
    }
}
