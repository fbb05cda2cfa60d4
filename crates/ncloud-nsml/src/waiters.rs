//! Waiters, as AWS SDK users know them: poll until a project is `CREATED` or gone, or a run is
//! `RUN_STATE_COMPLETED`. Each returns the core's [`Wait`] builder (timeout, poll delays,
//! `on_poll`), ended by the core's one rule: the success state returns, a failure state is an
//! error naming it, any other state (known or not) keeps polling until the timeout.

use std::time::Duration;

use ncloud_core::client::{Wait, WaitState};

use crate::{Client, ProjectDetail, ProjectStatus, RunDetail, RunStatus};

/// A state for progress and the timeout message: the status as sent, or a note that there was
/// none.
fn seen<T: ToString>(status: Option<&T>) -> String {
    status.map_or_else(|| "no status".to_owned(), ToString::to_string)
}

impl Client {
    /// Polls `GET /projects/{projectId}` until the project is `CREATED` (2 s between polls at
    /// first, doubling up to 30 s; 10 minutes in all unless [`timeout`](Wait::timeout) says
    /// otherwise) and returns it. `DELETING` or `DELETED` is a failure state (the project will
    /// never be created): an error with [`is_wait_failed`](ncloud_core::Error::is_wait_failed).
    /// Past the timeout, an error with [`is_wait_timeout`](ncloud_core::Error::is_wait_timeout)
    /// and the [`last_state`](ncloud_core::Error::last_state) seen (`CREATING`); an error of a
    /// poll ends the wait with that error.
    ///
    /// ```no_run
    /// # async fn demo(nsml: ncloud_nsml::Client) -> Result<(), ncloud_nsml::Error> {
    /// use std::time::Duration;
    ///
    /// let project = nsml
    ///     .wait_until_project_created("p-1")
    ///     .timeout(Duration::from_secs(300))
    ///     .on_poll(|state| eprintln!("still {state}"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn wait_until_project_created(&self, project_id: impl Into<String>) -> Wait<ProjectDetail> {
        let (nsml, id) = (self.clone(), project_id.into());
        Wait::new(
            self.core(),
            format!("project {id} to be CREATED"),
            move || {
                let (nsml, id) = (nsml.clone(), id.clone());
                async move {
                    let project = nsml.get_project(&id).await?;
                    Ok(match &project.status {
                        Some(ProjectStatus::Created) => WaitState::Done(project),
                        Some(status @ (ProjectStatus::Deleting | ProjectStatus::Deleted)) => {
                            WaitState::Failed {
                                state: status.to_string(),
                                reason: None,
                            }
                        }
                        other => WaitState::Pending(seen(other.as_ref())),
                    })
                }
            },
        )
    }

    /// Polls `GET /projects/{projectId}` until the project is gone (HTTP 404) or `DELETED`.
    /// Timeouts and errors as for [`wait_until_project_created`](Self::wait_until_project_created);
    /// no state is a failure.
    pub fn wait_until_project_deleted(&self, project_id: impl Into<String>) -> Wait<()> {
        let (nsml, id) = (self.clone(), project_id.into());
        Wait::new(
            self.core(),
            format!("project {id} to be deleted"),
            move || {
                let (nsml, id) = (nsml.clone(), id.clone());
                async move {
                    match nsml.get_project(&id).await {
                        Err(error) if error.is_not_found() => Ok(WaitState::Done(())),
                        Err(error) => Err(error),
                        Ok(project) => Ok(match project.status {
                            Some(ProjectStatus::Deleted) => WaitState::Done(()),
                            ref other => WaitState::Pending(seen(other.as_ref())),
                        }),
                    }
                }
            },
        )
    }

    /// Polls `GET /projects/{projectId}/runs/{runName}` until the run is `RUN_STATE_COMPLETED`
    /// and returns it. `RUN_STATE_FAILED` is a failure state (an error naming it); any other
    /// state, `RUN_STATE_IN_PROGRESS` or one the reference does not name, keeps the wait polling
    /// until its timeout (1 hour unless set), whose error names the last value. Polls start 5 s
    /// apart, doubling up to 60 s.
    pub fn wait_until_run_finished(
        &self,
        project_id: impl Into<String>,
        run_name: impl Into<String>,
    ) -> Wait<RunDetail> {
        let (nsml, id, run) = (self.clone(), project_id.into(), run_name.into());
        let awaited = format!("run {run} of project {id} to finish");
        Wait::new(self.core(), awaited, move || {
            let (nsml, id, run) = (nsml.clone(), id.clone(), run.clone());
            async move {
                let detail = nsml.get_run(&id, &run).await?;
                Ok(match &detail.status {
                    Some(RunStatus::Completed) => WaitState::Done(detail),
                    Some(status) if status.is_failure() => WaitState::Failed {
                        state: status.to_string(),
                        reason: None,
                    },
                    other => WaitState::Pending(seen(other.as_ref())),
                })
            }
        })
        .timeout(Duration::from_secs(3_600))
        .delays(Duration::from_secs(5), Duration::from_secs(60))
    }
}
