//! Runs: `GET /projects/runs` ([`ListRuns`]), `GET /projects/{projectId}/runs/{runName}`,
//! `POST /projects/{projectId}/runs` ([`CreateRun`](crate::CreateRun)).

use ncloud_core::Error;
use ncloud_core::client::Operation;
use ncloud_pagination::{List, ListOperation};

use crate::{Client, CreateRun, MAX_PAGE_SIZE, Nsml, Run, RunDetail, RunsPage, validate};

/// `GET /projects/runs?page=N&pageSize=S`: the runs of every project, built by
/// [`Client::list_runs`]. Paging as for projects (from 1, size 10 unless set).
#[derive(Debug, Clone, Copy)]
pub struct ListRuns;

impl ListOperation for ListRuns {
    type Service = Nsml;
    type Page = RunsPage;

    fn operation(&self) -> Operation<RunsPage> {
        Operation::get("ListRuns", ["projects", "runs"])
    }
}

impl Client {
    /// `GET /projects/runs`: the runs of every project, one page with `send` or all of them with
    /// `items`.
    pub fn list_runs(&self) -> List<ListRuns> {
        List::from_operation(self.service().clone(), ListRuns)
    }

    /// `GET /projects/{projectId}/runs/{runName}`: one run in detail. The run name is the number
    /// the service gave the run.
    pub async fn get_run(&self, project_id: &str, run_name: &str) -> Result<RunDetail, Error> {
        validate::not_empty("project id", project_id)?;
        validate::run_name(run_name)?;
        let operation = Operation::get("GetRun", ["projects", project_id, "runs", run_name]);
        self.service().send(operation).await
    }

    /// `POST /projects/{projectId}/runs`: start a run in a project.
    pub fn create_run(&self, project_id: impl Into<String>) -> CreateRun {
        CreateRun::new(self.clone(), project_id.into())
    }

    /// The project's newest run (the highest run number), from the listing of every run; `None`
    /// when the project has none. The service answers a created run without a body, so this is
    /// how to find it.
    pub async fn latest_run(&self, project_id: &str) -> Result<Option<Run>, Error> {
        let mut runs = self.list_runs().page_size(MAX_PAGE_SIZE).items();
        let mut latest: Option<Run> = None;
        while let Some(run) = runs.try_next().await? {
            let newer = latest
                .as_ref()
                .is_none_or(|l| run.number().unwrap_or(0) > l.number().unwrap_or(0));
            if run.project_id.as_deref() == Some(project_id) && newer {
                latest = Some(run);
            }
        }
        Ok(latest)
    }
}
