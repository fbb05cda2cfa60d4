//! What the fake CLOVA NSML holds and how it changes with time: projects move from `CREATING` to
//! `CREATED` and from `DELETING` to gone after the transition delay, runs from
//! `RUN_STATE_IN_PROGRESS` to `RUN_STATE_COMPLETED` after the run duration, both on the gateway
//! clock (so a test with a manual clock decides when).

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::nsml::operation::NsmlOperation;

/// How the fake NSML's resources change with time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NsmlTiming {
    /// `CREATING` -> `CREATED`, and `DELETING` -> gone.
    pub(crate) transition: Duration,
    /// `RUN_STATE_IN_PROGRESS` -> `RUN_STATE_COMPLETED`.
    pub(crate) run: Duration,
}

/// How the fake NSML departs from the reference, to test what a client does then.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NsmlQuirks {
    /// `POST /projects/{projectId}/runs` answers the run's detail with its `201`.
    pub(crate) answer_created_runs: bool,
    /// Calls of this operation after the first N answer 503 (the gateway's Endpoint Error).
    pub(crate) failing: Option<(NsmlOperation, usize)>,
}

/// The life of a project: fixed (generated data), or moving since an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProjectLife {
    Fixed(String),
    Creating(SystemTime),
    Deleting(SystemTime),
}

/// The life of a run: fixed (generated data), or running since an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunLife {
    Fixed(String),
    Running(SystemTime),
}

fn elapsed(since: SystemTime, now: SystemTime, delay: Duration) -> bool {
    now.duration_since(since).is_ok_and(|d| d >= delay)
}

#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub(crate) id: String,
    pub(crate) name: String,
    /// The listing fields other than the status (dates, counts, ...), as served.
    pub(crate) fields: Map<String, Value>,
    pub(crate) note: Option<String>,
    pub(crate) nas_volume_size: u64,
    pub(crate) life: ProjectLife,
    pub(crate) runs: Vec<Run>,
}

#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) number: u64,
    /// Every field of the detail but `status`, as served.
    pub(crate) fields: Map<String, Value>,
    pub(crate) life: RunLife,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AuthKey {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) fingerprint: String,
    pub(crate) create_time: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RegistryCredential {
    pub(crate) private_ep: String,
    pub(crate) access_key: String,
    pub(crate) secret_key: String,
    pub(crate) create_time: String,
}

/// Everything mutable, behind one lock: a request sees and changes one consistent state.
#[derive(Debug, Default)]
pub(crate) struct NsmlData {
    pub(crate) projects: Vec<Project>,
    pub(crate) auth_keys: Vec<AuthKey>,
    pub(crate) registry_credentials: Vec<RegistryCredential>,
    pub(crate) block_storages: Vec<Value>,
    pub(crate) base_images: Vec<Value>,
    pub(crate) server_products: Vec<Value>,
    /// Numbers new ids, so they never repeat within a gateway.
    pub(crate) serial: u64,
}

#[derive(Debug)]
pub(crate) struct NsmlState {
    pub(crate) timing: NsmlTiming,
    pub(crate) quirks: NsmlQuirks,
    data: Mutex<NsmlData>,
    calls: Mutex<BTreeMap<NsmlOperation, usize>>,
}

impl NsmlState {
    pub(crate) fn new(timing: NsmlTiming, data: NsmlData) -> Self {
        Self {
            timing,
            quirks: NsmlQuirks::default(),
            data: Mutex::new(data),
            calls: Mutex::default(),
        }
    }

    /// The data as of `now`: projects whose deletion has finished are gone.
    pub(crate) fn at(&self, now: SystemTime) -> MutexGuard<'_, NsmlData> {
        // A panic elsewhere leaves the data as consistent as the last finished request left it.
        let mut data = self.data.lock().unwrap_or_else(|e| e.into_inner());
        let delay = self.timing.transition;
        data.projects.retain(
            |p| !matches!(p.life, ProjectLife::Deleting(since) if elapsed(since, now, delay)),
        );
        data
    }

    /// Counts a call of `operation`; whether it is to fail ([`NsmlQuirks::failing`]).
    pub(crate) fn count(&self, operation: NsmlOperation) -> bool {
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        let count = calls.entry(operation).or_default();
        *count += 1;
        self.quirks
            .failing
            .is_some_and(|(failing, after)| failing == operation && *count > after)
    }

    pub(crate) fn calls(&self, operation: NsmlOperation) -> usize {
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        calls.get(&operation).copied().unwrap_or(0)
    }

    pub(crate) fn reset_calls(&self) {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// A project's status at `now`.
    pub(crate) fn project_status(&self, project: &Project, now: SystemTime) -> String {
        match &project.life {
            ProjectLife::Fixed(status) => status.clone(),
            ProjectLife::Creating(since) if elapsed(*since, now, self.timing.transition) => {
                "CREATED".to_owned()
            }
            ProjectLife::Creating(_) => "CREATING".to_owned(),
            ProjectLife::Deleting(_) => "DELETING".to_owned(),
        }
    }

    /// A run's status at `now`: once its time is up, `RUN_STATE_FAILED` when its command or note
    /// says `fail`, `RUN_STATE_STOPPED` (a state the reference does not name) when it says
    /// `stop`, else `RUN_STATE_COMPLETED`.
    pub(crate) fn run_status(&self, run: &Run, now: SystemTime) -> String {
        match &run.life {
            RunLife::Fixed(status) => status.clone(),
            RunLife::Running(since) if elapsed(*since, now, self.timing.run) => {
                let says = |word: &str| {
                    ["command", "note"]
                        .iter()
                        .filter_map(|key| run.fields.get(*key).and_then(Value::as_str))
                        .any(|text| text.contains(word))
                };
                if says("fail") {
                    "RUN_STATE_FAILED"
                } else if says("stop") {
                    "RUN_STATE_STOPPED"
                } else {
                    "RUN_STATE_COMPLETED"
                }
                .to_owned()
            }
            RunLife::Running(_) => "RUN_STATE_IN_PROGRESS".to_owned(),
        }
    }

    /// A project as `GET /projects` lists it.
    pub(crate) fn project_item(&self, project: &Project, now: SystemTime) -> Value {
        let mut item = Map::new();
        item.insert("projectId".into(), Value::from(project.id.as_str()));
        item.insert("projectName".into(), Value::from(project.name.as_str()));
        item.insert(
            "status".into(),
            Value::from(self.project_status(project, now)),
        );
        item.extend(project.fields.clone());
        item.insert("runCount".into(), Value::from(project.runs.len()));
        Value::Object(item)
    }

    /// A project as `GET /projects/{projectId}` answers.
    pub(crate) fn project_detail(&self, project: &Project, now: SystemTime) -> Value {
        let mut detail = Map::new();
        detail.insert("projectId".into(), Value::from(project.id.as_str()));
        detail.insert("projectName".into(), Value::from(project.name.as_str()));
        detail.insert(
            "status".into(),
            Value::from(self.project_status(project, now)),
        );
        detail.insert(
            "note".into(),
            project.note.clone().map_or(Value::Null, Value::from),
        );
        detail.insert("runCount".into(), Value::from(project.runs.len()));
        detail.insert("nasVolumeSize".into(), Value::from(project.nas_volume_size));
        for key in ["createdDate", "createDate", "updatedDate", "updateDate"] {
            if let Some(date) = project.fields.get(key) {
                detail.insert(key.into(), date.clone());
            }
        }
        Value::Object(detail)
    }

    /// A run as `GET /projects/runs` lists it.
    pub(crate) fn run_item(&self, project: &Project, run: &Run, now: SystemTime) -> Value {
        let mut item = Map::new();
        for key in ["runName", "runType"] {
            if let Some(value) = run.fields.get(key) {
                item.insert(key.into(), value.clone());
            }
        }
        item.insert("projectId".into(), Value::from(project.id.as_str()));
        item.insert("projectName".into(), Value::from(project.name.as_str()));
        item.insert("status".into(), Value::from(self.run_status(run, now)));
        for key in ["creator", "createTime", "updateTime"] {
            if let Some(value) = run.fields.get(key) {
                item.insert(key.into(), value.clone());
            }
        }
        Value::Object(item)
    }

    /// A run as `GET /projects/{projectId}/runs/{runName}` answers.
    pub(crate) fn run_detail(&self, project: &Project, run: &Run, now: SystemTime) -> Value {
        let mut detail = run.fields.clone();
        detail.insert("projectId".into(), Value::from(project.id.as_str()));
        detail.insert("projectName".into(), Value::from(project.name.as_str()));
        detail.insert("status".into(), Value::from(self.run_status(run, now)));
        Value::Object(detail)
    }
}

impl NsmlData {
    /// A fresh number for ids and names.
    pub(crate) fn next_serial(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }

    pub(crate) fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub(crate) fn project_mut(&mut self, id: &str) -> Option<&mut Project> {
        self.projects.iter_mut().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn state() -> NsmlState {
        let timing = NsmlTiming {
            transition: Duration::from_secs(10),
            run: Duration::from_secs(60),
        };
        let project = Project {
            id: "p".into(),
            name: "n".into(),
            fields: Map::new(),
            note: None,
            nas_volume_size: 500,
            life: ProjectLife::Creating(at(100)),
            runs: vec![Run {
                number: 1,
                fields: Map::new(),
                life: RunLife::Running(at(100)),
            }],
        };
        NsmlState::new(
            timing,
            NsmlData {
                projects: vec![project],
                ..NsmlData::default()
            },
        )
    }

    #[test]
    fn projects_are_created_after_the_delay_and_gone_after_deletion() {
        let state = state();
        let data = state.at(at(109));
        assert_eq!(state.project_status(&data.projects[0], at(109)), "CREATING");
        assert_eq!(state.project_status(&data.projects[0], at(110)), "CREATED");
        drop(data);
        state.at(at(200)).projects[0].life = ProjectLife::Deleting(at(200));
        let data = state.at(at(209));
        assert_eq!(state.project_status(&data.projects[0], at(209)), "DELETING");
        drop(data);
        assert!(state.at(at(210)).projects.is_empty());
    }

    #[test]
    fn runs_complete_after_their_duration() {
        let state = state();
        let data = state.at(at(100));
        let (project, run) = (&data.projects[0], &data.projects[0].runs[0]);
        assert_eq!(state.run_status(run, at(159)), "RUN_STATE_IN_PROGRESS");
        assert_eq!(state.run_status(run, at(160)), "RUN_STATE_COMPLETED");
        let mut failing = run.clone();
        failing
            .fields
            .insert("command".into(), Value::from("python fail.py"));
        assert_eq!(state.run_status(&failing, at(159)), "RUN_STATE_IN_PROGRESS");
        assert_eq!(state.run_status(&failing, at(160)), "RUN_STATE_FAILED");
        failing
            .fields
            .insert("command".into(), Value::from("python a.py"));
        failing
            .fields
            .insert("note".into(), Value::from("stop early"));
        assert_eq!(state.run_status(&failing, at(160)), "RUN_STATE_STOPPED");
        let item = state.run_item(project, run, at(100));
        assert_eq!(item["projectId"], "p");
        assert_eq!(item["status"], "RUN_STATE_IN_PROGRESS");
    }

    #[test]
    fn calls_are_counted_per_operation() {
        let state = state();
        state.count(NsmlOperation::CreateRun);
        state.count(NsmlOperation::CreateRun);
        assert_eq!(state.calls(NsmlOperation::CreateRun), 2);
        assert_eq!(state.calls(NsmlOperation::GetRun), 0);
        state.reset_calls();
        assert_eq!(state.calls(NsmlOperation::CreateRun), 0);
    }
}
