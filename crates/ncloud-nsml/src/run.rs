//! Runs: [`Run`] as listed and [`RunDetail`] as fetched, their [`RunStatus`], [`RunType`] and
//! [`ImageType`], one [`RunsPage`] of `GET /projects/runs` ([`ListRuns`]),
//! `GET /projects/{projectId}/runs/{runName}`, `POST /projects/{projectId}/runs`
//! ([`CreateRun`]), and the waiter until a run is completed.

use std::collections::BTreeMap;
use std::time::Duration;

use ncloud_core::Error;
use ncloud_core::client::{Change, Operation, Service, Wait, WaitState};
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{IntoPage, List, ListOperation, Page, key};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::client::{label, seen};
use crate::{Client, GpuServer, MAX_PAGE_SIZE, Nsml, validate};

ncloud_core::string_enum! {
    /// Where a run is. The reference names two values; any other is kept as
    /// [`Unknown`](Self::Unknown) (never a decoding failure), so a newer service state does not
    /// break a listing.
    ///
    /// ```
    /// use ncloud_nsml::RunStatus;
    ///
    /// assert_eq!(RunStatus::from("RUN_STATE_COMPLETED"), RunStatus::Completed);
    /// assert!(RunStatus::InProgress.is_in_progress());
    /// assert!(RunStatus::Failed.is_failure());
    /// assert!(!RunStatus::from("RUN_STATE_STOPPED").is_in_progress());
    /// ```
    pub enum RunStatus {
        /// `RUN_STATE_IN_PROGRESS`: running.
        InProgress = "RUN_STATE_IN_PROGRESS",
        /// `RUN_STATE_COMPLETED`: finished (the success state a run waiter waits for).
        Completed = "RUN_STATE_COMPLETED",
        /// `RUN_STATE_FAILED`: ended in failure. Not on the reference pages, which name only the
        /// two states above; recognised so that a wait on a failed run ends at once.
        Failed = "RUN_STATE_FAILED",
    }
}

impl RunStatus {
    /// Whether the run is still running (`RUN_STATE_IN_PROGRESS`).
    pub fn is_in_progress(&self) -> bool {
        *self == Self::InProgress
    }

    /// Whether the run ended in failure (`RUN_STATE_FAILED`).
    pub fn is_failure(&self) -> bool {
        *self == Self::Failed
    }
}

ncloud_core::string_enum! {
    /// What a run is for (`runType`); the reference shows `NOTEBOOK` only, so other values are
    /// kept as [`Unknown`](Self::Unknown).
    pub enum RunType {
        /// `NOTEBOOK`: an interactive notebook server.
        Notebook = "NOTEBOOK",
    }
}

ncloud_core::string_enum! {
    /// Where a run's container image comes from (`imageType`).
    ///
    /// ```
    /// use ncloud_nsml::ImageType;
    ///
    /// assert_eq!(ImageType::from("BASE"), ImageType::Base);
    /// assert_eq!(ImageType::Custom.as_str(), "CUSTOM");
    /// ```
    pub enum ImageType {
        /// `BASE`: one of the service's base images ([`BaseImage`](crate::BaseImage)).
        Base = "BASE",
        /// `CUSTOM`: an image of the account's own container registry.
        Custom = "CUSTOM",
    }
}

/// A run as `GET /projects/runs` lists it.
///
/// Every field but the name is optional; unknown fields are ignored. `runName` is a numeric
/// string counting up per project (a JSON number is accepted too).
///
/// ```
/// use ncloud_nsml::{Run, RunStatus};
///
/// let run: Run = serde_json::from_str(
///     r#"{"runName": "2", "projectId": "p-1", "status": "RUN_STATE_IN_PROGRESS", "createTime": "2024-09-03 10:38:21"}"#,
/// )?;
/// assert_eq!(run.run_name, "2");
/// assert_eq!(run.status, Some(RunStatus::InProgress));
/// assert_eq!(run.create_time.unwrap().to_string(), "2024-09-03T10:38:21");
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Run {
    /// The run name (`runName`): a number, unique within its project.
    #[serde(deserialize_with = "string_or_number")]
    pub run_name: String,
    /// What the run is for (`runType`).
    #[serde(default)]
    pub run_type: Option<RunType>,
    /// The project the run belongs to (`projectId`).
    #[serde(default)]
    pub project_id: Option<String>,
    /// That project's name (`projectName`).
    #[serde(default)]
    pub project_name: Option<String>,
    /// Where the run is (`status`).
    #[serde(default)]
    pub status: Option<RunStatus>,
    /// Who started the run (`creator`).
    #[serde(default)]
    pub creator: Option<String>,
    /// When the run was created (`createTime`), in the service's local time.
    #[serde(default)]
    pub create_time: Option<DateTime>,
    /// When the run last changed (`updateTime`), in the service's local time.
    #[serde(default)]
    pub update_time: Option<DateTime>,
}

impl Run {
    /// A run with this name and every other field unknown (for tests and fakes).
    pub fn new(run_name: impl Into<String>) -> Self {
        Self {
            run_name: run_name.into(),
            run_type: None,
            project_id: None,
            project_name: None,
            status: None,
            creator: None,
            create_time: None,
            update_time: None,
        }
    }

    /// The run name as a number, for ordering (`None` if the service ever sends another form).
    pub fn number(&self) -> Option<u64> {
        self.run_name.parse().ok()
    }
}

/// One run in detail, as `GET /projects/{projectId}/runs/{runName}` answers.
///
/// The environment is read from `envs` (the reference's table) or `env` (one of its examples);
/// values sent as JSON numbers or booleans (the example's `"ir": 0.01`) are kept as their text.
/// `isBareMetal` appears on an older version of the page only.
///
/// ```
/// use ncloud_nsml::{ImageType, RunDetail};
///
/// let run: RunDetail = serde_json::from_str(
///     r#"{"runName": "2", "imageType": "BASE", "gpuSvrCode": 1, "env": {"lr": 0.01}}"#,
/// )?;
/// assert_eq!(run.image_type, Some(ImageType::Base));
/// assert_eq!(run.envs.unwrap()["lr"], "0.01");
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireRunDetail")]
#[non_exhaustive]
pub struct RunDetail {
    /// The run name (`runName`).
    pub run_name: String,
    /// The project the run belongs to (`projectId`).
    pub project_id: Option<String>,
    /// That project's name (`projectName`).
    pub project_name: Option<String>,
    /// Where the run is (`status`).
    pub status: Option<RunStatus>,
    /// Who started the run (`creator`).
    pub creator: Option<String>,
    /// The GPU server product's English name (`engFullName`).
    pub eng_full_name: Option<String>,
    /// The GPU server code (`gpuSvrCode`, see [`ServerProduct`](crate::ServerProduct)).
    pub gpu_svr_code: Option<u32>,
    /// Where the image comes from (`imageType`).
    pub image_type: Option<ImageType>,
    /// The container image (`imagePath`).
    pub image_path: Option<String>,
    /// The command the nodes run (`command`); none for a notebook.
    pub command: Option<String>,
    /// The nodes' environment variables (`envs`, or `env`).
    pub envs: Option<BTreeMap<String, String>>,
    /// The run's description (`note`).
    pub note: Option<String>,
    /// Whether the run is on bare-metal servers (`isBareMetal`, older page only).
    pub is_bare_metal: Option<bool>,
}

impl RunDetail {
    /// A run with this name and every other field unknown (for tests and fakes).
    pub fn new(run_name: impl Into<String>) -> Self {
        Self::from(WireRunDetail {
            run_name: run_name.into(),
            ..WireRunDetail::default()
        })
    }
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRunDetail {
    #[serde(deserialize_with = "string_or_number")]
    run_name: String,
    project_id: Option<String>,
    project_name: Option<String>,
    status: Option<RunStatus>,
    creator: Option<String>,
    eng_full_name: Option<String>,
    gpu_svr_code: Option<u32>,
    image_type: Option<ImageType>,
    image_path: Option<String>,
    command: Option<String>,
    #[serde(default, deserialize_with = "env_map")]
    envs: Option<BTreeMap<String, String>>,
    #[serde(default, deserialize_with = "env_map")]
    env: Option<BTreeMap<String, String>>,
    note: Option<String>,
    is_bare_metal: Option<bool>,
}

impl From<WireRunDetail> for RunDetail {
    fn from(wire: WireRunDetail) -> Self {
        Self {
            run_name: wire.run_name,
            project_id: wire.project_id,
            project_name: wire.project_name,
            status: wire.status,
            creator: wire.creator,
            eng_full_name: wire.eng_full_name,
            gpu_svr_code: wire.gpu_svr_code,
            image_type: wire.image_type,
            image_path: wire.image_path,
            command: wire.command,
            envs: wire.envs.or(wire.env),
            note: wire.note,
            is_bare_metal: wire.is_bare_metal,
        }
    }
}

/// One page of `GET /projects/runs`.
///
/// The reference's example wraps the runs as `{"runList": [...], "totalCount": N}` while its table
/// lists the run fields at the top level; both a wrapped page and a bare JSON array are read. A
/// wrapped page without `runList` is an error (never an empty page); `null` reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RunsPage {
    /// The runs of this page (`runList`).
    #[serde(rename = "runList")]
    pub runs: Vec<Run>,
    /// How many runs the whole listing holds, when the service says.
    pub total_count: Option<u64>,
}

impl RunsPage {
    /// A page holding `runs`, with the listing's total when known.
    pub fn new(runs: Vec<Run>, total_count: Option<u64>) -> Self {
        Self { runs, total_count }
    }
}

impl<'de> Deserialize<'de> for RunsPage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wrapped {
            #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
            run_list: Vec<Run>,
            #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
            total_count: Option<u64>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Wrapped(Wrapped),
            Bare(Vec<Run>),
        }
        let value = serde_json::Value::deserialize(deserializer)?;
        // Decide on the shape first, so the error names `runList` rather than "no variant matched".
        let wire = if value.is_array() {
            Wire::Bare(Vec::deserialize(value).map_err(serde::de::Error::custom)?)
        } else {
            Wire::Wrapped(Wrapped::deserialize(value).map_err(serde::de::Error::custom)?)
        };
        Ok(match wire {
            Wire::Wrapped(page) => Self::new(page.run_list, page.total_count),
            Wire::Bare(runs) => Self::new(runs, None),
        })
    }
}

impl IntoPage for RunsPage {
    type Item = Run;

    fn into_page(self) -> Page<Run> {
        Page::new(self.runs).with_totals(self.total_count, None)
    }

    /// Run names count per project, so a run is its project and its name.
    fn item_key(run: &Run) -> Option<u64> {
        Some(key(&(&run.project_id, &run.run_name)))
    }
}

/// A name sent as a string or as a number (`"2"` or `2`).
fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Text(String),
        Number(u64),
    }
    Ok(match Wire::deserialize(deserializer)? {
        Wire::Text(text) => text,
        Wire::Number(n) => n.to_string(),
    })
}

/// An environment map whose values may be strings, numbers or booleans; `null` values are dropped
/// and a `null` map is `None`.
fn env_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let Some(map) = Option::<BTreeMap<String, Value>>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let mut envs = BTreeMap::new();
    for (key, value) in map {
        let text = match value {
            Value::Null => continue,
            Value::String(text) => text,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "environment variable {key:?} has a non-scalar value: {other}"
                )));
            }
        };
        envs.insert(key, text);
    }
    Ok(Some(envs))
}

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
        let operation = Operation::get("GetRun", ["projects", project_id, "runs", run_name])
            .check(validate::not_empty("project id", project_id))
            .check(validate::run_name(run_name));
        self.service().send(operation).await
    }

    /// `POST /projects/{projectId}/runs`: start a run in a project, on a GPU server (a
    /// [`ServerProduct`](crate::ServerProduct) from [`list_server_products`](Self::list_server_products), or a bare
    /// code), from an image ([`ImageType::Base`] with a path from
    /// [`list_base_images`](Self::list_base_images), or [`ImageType::Custom`]), on `node_count`
    /// nodes; options on [`CreateRun`], sent by awaiting it.
    ///
    /// ```no_run
    /// # async fn demo(nsml: ncloud_nsml::Client) -> Result<(), ncloud_nsml::Error> {
    /// use ncloud_nsml::ImageType;
    ///
    /// let products = nsml.list_server_products().await?;
    /// nsml.create_run("my-project-id", &products[0], ImageType::Base, "nvcr.io/nvidia/pytorch:21.02-py3", 1)
    ///     .command("python train.py")
    ///     .env("EPOCHS", "10")
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn create_run(
        &self,
        project_id: impl Into<String>,
        server: impl Into<GpuServer>,
        image_type: ImageType,
        image_path: impl Into<String>,
        node_count: u32,
    ) -> CreateRun {
        CreateRun {
            client: self.clone(),
            project_id: project_id.into(),
            server: server.into(),
            image: (image_type, image_path.into()),
            node_count,
            command: None,
            envs: BTreeMap::new(),
            block_storages: Vec::new(),
            note: None,
        }
    }

    /// The project's newest run (the highest run number), from the listing of every run; `None`
    /// when the project has none. Not necessarily the run a [`create_run`](Self::create_run)
    /// started (another may have started since): that one is what the create returns.
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

/// `POST /projects/{projectId}/runs`, built by [`Client::create_run`]: its options, then
/// `.await` (or [`send`](Self::send)).
///
/// Whether a `command` is needed depends on the server: a training (`TRAIN`) server runs one, a
/// notebook (`DEV`) server must not be given one. Given a [`ServerProduct`](crate::ServerProduct), that rule and the node
/// counts the product allows are checked before anything is sent; given a bare code, the service
/// checks them.
///
/// Sent, it returns the run it started: from the service's answer when that carries it (the
/// reference shows a bare `201`), else found among the project's new runs by what was sent
/// ([`send`](Self::send)); [`start`](Self::start) sends the request alone.
#[derive(Clone)]
#[must_use = "a request does nothing until it is awaited"]
pub struct CreateRun {
    client: Client,
    project_id: String,
    server: GpuServer,
    image: (ImageType, String),
    node_count: u32,
    command: Option<String>,
    envs: BTreeMap<String, String>,
    block_storages: Vec<u64>,
    note: Option<String>,
}

/// The documented body. `envs` is the table's spelling (one example writes `env`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateRunBody<'a> {
    gpu_svr_code: u32,
    image_path: &'a str,
    image_type: &'a str,
    node_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    envs: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "<[u64]>::is_empty")]
    block_storage_no_list: &'a [u64],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl CreateRun {
    /// The command the nodes run (training servers only).
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// An environment variable for the nodes; a repeated key keeps the last value.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.envs.insert(key.into(), value.into());
        self
    }

    /// A block storage to attach, by number ([`BlockStorage::block_storage_no`](crate::BlockStorage::block_storage_no)).
    pub fn block_storage(mut self, block_storage_no: u64) -> Self {
        self.block_storages.push(block_storage_no);
        self
    }

    /// A description.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The operation this request sends; an invalid input travels on it (`check`), so the send
    /// fails before any I/O with an error named `nsml.CreateRun`.
    pub(crate) fn operation(&self) -> Operation<Option<Value>> {
        let operation =
            Operation::post("CreateRun", ["projects", self.project_id.as_str(), "runs"])
                .check(validate::not_empty("project id", &self.project_id));
        match self.body() {
            Ok(body) => operation.json(&body),
            Err(invalid) => operation.check(Err(invalid)),
        }
    }

    /// The body, or the configuration error of an invalid input.
    fn body(&self) -> Result<CreateRunBody<'_>, Error> {
        let code = self.server.code;
        let (image_type, image_path) = &self.image;
        let image_type = match image_type {
            ImageType::Base | ImageType::Custom => image_type.as_str(),
            other => {
                return Err(Error::configuration(format!(
                    "image type {other} is not accepted: use BASE or CUSTOM"
                )));
            }
        };
        validate::not_empty("image path", image_path)?;
        let node_count = self.node_count;
        validate::node_count(node_count)?;
        if let Some(allowed) = self
            .server
            .node_counts
            .as_ref()
            .filter(|c| !c.is_empty() && !c.contains(&node_count))
        {
            return Err(Error::configuration(format!(
                "GPU server code {code} does not offer {node_count} nodes: use one of {allowed:?}"
            )));
        }
        validate::command(code, self.server.use_type.as_ref(), self.command.as_deref())?;
        if self.envs.keys().any(|k| k.trim().is_empty()) {
            return Err(Error::configuration(
                "an environment variable has an empty name",
            ));
        }
        Ok(CreateRunBody {
            gpu_svr_code: code,
            image_path,
            image_type,
            node_count,
            command: self.command.as_deref().filter(|c| !c.trim().is_empty()),
            envs: &self.envs,
            block_storage_no_list: &self.block_storages,
            note: self.note.as_deref(),
        })
    }

    /// Validates the inputs, starts the run and returns it: read from the answer when the service
    /// sends it there; else the one run of the project that is newer than the newest before
    /// sending and was started with what this request sent (GPU server code, image, command,
    /// note). Nothing is sent when an input is invalid.
    ///
    /// Once the service accepted the run, a later failure (the answer unreadable, the lookup
    /// failed, no run or several runs matching) is an error whose [`Error::change`] says the run
    /// was started; it never returns a run that is not provably this one
    /// ([`Error::is_unidentified`] names the candidates).
    pub async fn send(self) -> Result<RunDetail, Error> {
        let label = format!("{}.CreateRun", Nsml::NAME);
        // Refused before anything is sent, the lookup of the newest run included.
        if let Err(invalid) = validate::not_empty("project id", &self.project_id).and(self.body()) {
            return Err(invalid.with_operation(label));
        }
        // Run names count up per project: this run is above the newest before sending. A dry
        // run shows the POST (its first request), not this lookup.
        let before = if self.client.core().is_dry_run() {
            0
        } else {
            let newest = self.client.latest_run(&self.project_id).await?;
            newest.and_then(|run| run.number()).unwrap_or(0)
        };
        let answer = match self.start().await {
            Ok(answer) => answer,
            // Accepted, but the answer is unreadable: find the run as when it has none.
            Err(error) if matches!(error.change(), Some(Change::Made { .. })) => None,
            Err(error) => return Err(error),
        };
        if let Some(run) = answer {
            return Ok(run);
        }
        self.identify(before, &label).await.map_err(|error| {
            if error.change().is_some() {
                error
            } else {
                error.with_change(Change::Made { created: None })
            }
        })
    }

    /// Sends the request only: the run when the service's answer carries it (a `runName`), else
    /// `None` ([`send`](Self::send) then finds it). Nothing is sent when an input is invalid; an
    /// error after the service accepted the run says so ([`Error::change`]).
    pub async fn start(&self) -> Result<Option<RunDetail>, Error> {
        let answer = self.client.service().send(self.operation()).await;
        let answer = answer.map_err(|error| error.after_change_sent(None))?;
        Ok(answer.and_then(|answer| self.read_answer(answer)))
    }

    /// The run the answer holds, when it holds one (a `runName`) for this request.
    fn read_answer(&self, answer: Value) -> Option<RunDetail> {
        answer.get("runName")?;
        let mut run: RunDetail = serde_json::from_value(answer).ok()?;
        let ours = run
            .project_id
            .as_ref()
            .is_none_or(|p| *p == self.project_id);
        run.project_id
            .get_or_insert_with(|| self.project_id.clone());
        ours.then_some(run)
    }

    /// The one run of the project above run number `before` that matches what was sent.
    async fn identify(&self, before: u64, label: &str) -> Result<RunDetail, Error> {
        let mut newer = Vec::new();
        let mut runs = self.client.list_runs().page_size(MAX_PAGE_SIZE).items();
        while let Some(run) = runs.try_next().await? {
            let above = run.number().is_some_and(|n| n > before);
            if above && run.project_id.as_deref() == Some(self.project_id.as_str()) {
                newer.push(run.run_name);
            }
        }
        let mut matching = Vec::new();
        for name in &newer {
            let run = self.client.get_run(&self.project_id, name).await?;
            if self.started(&run) {
                matching.push(run);
            }
        }
        let project = &self.project_id;
        match matching.len() {
            1 => Ok(matching.remove(0)),
            0 => Err(Error::unidentified(
                label,
                format!(
                    "the run was started, but no new run of project {project} matches what was \
                     sent (new runs: {}); see `list_runs`",
                    names(newer.iter())
                ),
            )),
            _ => Err(Error::unidentified(
                label,
                format!(
                    "the run was started, but runs {} of project {project} all match what was \
                     sent: which one is this request's cannot be told",
                    names(matching.iter().map(|run| &run.run_name))
                ),
            )),
        }
    }

    /// Whether `run` was started with what this request sent (what a run's detail shows of it).
    fn started(&self, run: &RunDetail) -> bool {
        let (image_type, image_path) = &self.image;
        let command = self.command.as_deref().filter(|c| !c.trim().is_empty());
        run.gpu_svr_code.is_none_or(|code| code == self.server.code)
            && run.image_type.as_ref().is_none_or(|t| t == image_type)
            && run.image_path.as_deref().is_none_or(|p| p == image_path)
            && run.command.as_deref().filter(|c| !c.trim().is_empty()) == command
            && run.note.as_deref().filter(|n| !n.is_empty())
                == self.note.as_deref().filter(|n| !n.is_empty())
    }
}

/// Run names for a message: `3, 4`, or `none`.
fn names<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

ncloud_core::operation_future!(CreateRun => RunDetail);

// Hand-written so that the environment (which may hold tokens) stays out of logs.
impl std::fmt::Debug for CreateRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateRun")
            .field("project_id", &self.project_id)
            .field("server", &self.server)
            .field("image", &self.image)
            .field("node_count", &self.node_count)
            .field("envs", &self.envs.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Waiters: each returns the core's [`Wait`] builder (timeout, poll delays, `on_poll`), sent by
/// awaiting it; the success state returns, a failure state is an error naming it, any other state
/// (known or not) keeps polling until the timeout.
impl Client {
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
        .operation(label("WaitUntilRunFinished"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_bare_array_is_a_page_without_total() {
        let page: RunsPage =
            serde_json::from_value(json!([{"runName": 7, "status": "RUN_STATE_QUEUED"}])).unwrap();
        assert_eq!(page.runs[0].run_name, "7");
        assert_eq!(page.runs[0].number(), Some(7));
        assert_eq!(
            page.runs[0].status,
            Some(RunStatus::Unknown("RUN_STATE_QUEUED".into()))
        );
        assert_eq!(page.total_count, None);
    }

    #[test]
    fn a_page_without_run_list_is_an_error_and_null_is_empty() {
        let error = serde_json::from_value::<RunsPage>(json!({"totalCount": 3})).unwrap_err();
        assert!(error.to_string().contains("runList"), "{error}");
        let page: RunsPage =
            serde_json::from_value(json!({"runList": null, "totalCount": 0})).unwrap();
        assert!(page.runs.is_empty());
    }

    #[test]
    fn envs_wins_over_env_and_bad_values_are_named() {
        let run: RunDetail = serde_json::from_value(json!({
            "runName": "1", "envs": {"A": "1", "GONE": null, "ON": true}, "env": {"B": "2"}
        }))
        .unwrap();
        let envs = run.envs.unwrap();
        assert_eq!(envs.len(), 2);
        assert_eq!(envs["ON"], "true");
        let error =
            serde_json::from_value::<RunDetail>(json!({"runName": "1", "envs": {"X": [1]}}))
                .unwrap_err();
        assert!(error.to_string().contains("\"X\""), "{error}");
        let empty: RunDetail =
            serde_json::from_value(json!({"runName": "1", "envs": null})).unwrap();
        assert_eq!(empty, RunDetail::new("1"));
    }

    #[test]
    fn serialises_with_the_documented_names() {
        let mut run = RunDetail::new("3");
        run.image_type = Some(ImageType::Unknown("PRIVATE".into()));
        run.envs = Some(BTreeMap::from([("K".to_owned(), "V".to_owned())]));
        let value = serde_json::to_value(&run).unwrap();
        assert_eq!(value["imageType"], "PRIVATE");
        assert_eq!(value["envs"]["K"], "V");
        assert_eq!(serde_json::from_value::<RunDetail>(value).unwrap(), run);
        let page = RunsPage::new(vec![Run::new("1")], Some(1));
        let value = serde_json::to_value(&page).unwrap();
        assert_eq!(value["runList"][0]["runName"], "1");
        assert_eq!(serde_json::from_value::<RunsPage>(value).unwrap(), page);
    }
}
