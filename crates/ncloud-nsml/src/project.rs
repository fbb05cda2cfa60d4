//! Projects: [`Project`] as listed and [`ProjectDetail`] as fetched, one [`ProjectsPage`] of
//! `GET /projects` ([`ListProjects`]), `GET`/`DELETE /projects/{projectId}`, and
//! `POST /projects` ([`CreateProject`]); waiters until a project is `CREATED` or gone.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation, Wait, WaitState};
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{IntoPage, List, ListOperation, Page, key};
use serde::{Deserialize, Serialize};

use crate::client::{label, seen};
use crate::{Client, MAX_PAGE_SIZE, Nsml, validate};

/// A CLOVA NSML project, as listed by [`Client::list_projects`](crate::Client::list_projects).
///
/// The reference marks no field as required, so everything but the id is optional: a field the
/// service leaves out (or sends as `null`) is `None` rather than a failed page. Unknown fields are
/// ignored. The dates are read from `createdDate`/`updatedDate` (the reference's table) or
/// `createDate`/`updateDate` (its example), and serialised under the table's names.
///
/// ```
/// use ncloud_nsml::{Project, ProjectStatus};
///
/// let project: Project = serde_json::from_str(
///     r#"{"projectId": "p-1", "status": "CREATED", "createDate": "2024-09-02T15:44:43"}"#,
/// )?;
/// assert_eq!(project.project_id, "p-1");
/// assert_eq!(project.status, Some(ProjectStatus::Created));
/// assert_eq!(project.created_date.unwrap().to_string(), "2024-09-02T15:44:43");
/// assert_eq!(project.run_count, None);
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireProject")]
#[non_exhaustive]
pub struct Project {
    /// The project id (`projectId`).
    pub project_id: String,
    /// The VPC number (`vpcNo`).
    pub vpc_no: Option<u64>,
    /// The project name (`projectName`).
    pub project_name: Option<String>,
    /// Where the project is in its life cycle (`status`).
    pub status: Option<ProjectStatus>,
    /// The number of the user who owns the project (`userNo`).
    pub user_no: Option<u64>,
    /// How many runs the project has had (`runCount`).
    pub run_count: Option<u64>,
    /// How many nodes the project uses (`nodeCount`).
    pub node_count: Option<u64>,
    /// When the project was created (`createdDate`, or `createDate`), in the service's local time.
    pub created_date: Option<DateTime>,
    /// When the project last changed (`updatedDate`, or `updateDate`), in the service's local time.
    pub updated_date: Option<DateTime>,
}

impl Project {
    /// A project with this id and every other field unknown (for tests and fakes; the struct is
    /// `#[non_exhaustive]`, so outside this crate it cannot be built with a literal).
    pub fn new(project_id: impl Into<String>) -> Self {
        Self {
            project_id: project_id.into(),
            vpc_no: None,
            project_name: None,
            status: None,
            user_no: None,
            run_count: None,
            node_count: None,
            created_date: None,
            updated_date: None,
        }
    }
}

/// A project's dates as sent, by the table (`createdDate`, `updatedDate`) or by the examples
/// (`createDate`, `updateDate`). Both spellings are separate fields, so a body that carries both is
/// read (the table's name wins) instead of failing with serde's "duplicate field".
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireDates {
    created_date: Option<DateTime>,
    create_date: Option<DateTime>,
    updated_date: Option<DateTime>,
    update_date: Option<DateTime>,
}

impl WireDates {
    /// The creation and update dates, whichever spelling carried them.
    pub(crate) fn resolve(self) -> (Option<DateTime>, Option<DateTime>) {
        (
            self.created_date.or(self.create_date),
            self.updated_date.or(self.update_date),
        )
    }
}

/// The wire form of a listed project.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireProject {
    project_id: String,
    vpc_no: Option<u64>,
    project_name: Option<String>,
    status: Option<ProjectStatus>,
    user_no: Option<u64>,
    run_count: Option<u64>,
    node_count: Option<u64>,
    #[serde(flatten)]
    dates: WireDates,
}

impl From<WireProject> for Project {
    fn from(wire: WireProject) -> Self {
        let (created_date, updated_date) = wire.dates.resolve();
        Self {
            project_id: wire.project_id,
            vpc_no: wire.vpc_no,
            project_name: wire.project_name,
            status: wire.status,
            user_no: wire.user_no,
            run_count: wire.run_count,
            node_count: wire.node_count,
            created_date,
            updated_date,
        }
    }
}

ncloud_core::string_enum! {
    /// The life-cycle state of a [`Project`].
    ///
    /// A value outside the documented five is kept as [`Unknown`](Self::Unknown) rather than
    /// failing the page, and serialises back unchanged.
    ///
    /// ```
    /// use ncloud_nsml::ProjectStatus;
    ///
    /// assert_eq!(ProjectStatus::from("DELETING"), ProjectStatus::Deleting);
    /// assert_eq!(ProjectStatus::from("PAUSED"), ProjectStatus::Unknown("PAUSED".into()));
    /// assert_eq!(ProjectStatus::Unknown("PAUSED".into()).as_str(), "PAUSED");
    /// assert_eq!(ProjectStatus::Created.to_string(), "CREATED");
    /// ```
    pub enum ProjectStatus {
        /// `CREATING`: being created.
        Creating = "CREATING",
        /// `CREATED`: creation completed.
        Created = "CREATED",
        /// `CHANGING`: being changed.
        Changing = "CHANGING",
        /// `DELETING`: being deleted.
        Deleting = "DELETING",
        /// `DELETED`: deletion completed.
        Deleted = "DELETED",
    }
}

/// One CLOVA NSML project in detail, as `GET /projects/{projectId}` answers.
///
/// The detail has fields the listing lacks (`note`, `nasVolumeSize`) and lacks some it has
/// (`vpcNo`, `userNo`, `nodeCount`). Every field but the id is optional: the reference marks none
/// as required. Dates are read from `createdDate`/`updatedDate` (the table) or
/// `createDate`/`updateDate` (the example); unknown fields are ignored.
///
/// ```
/// use ncloud_nsml::{ProjectDetail, ProjectStatus};
///
/// let project: ProjectDetail = serde_json::from_str(
///     r#"{"projectId": "p-1", "status": "CREATING", "nasVolumeSize": 500, "createDate": "2024-09-02T15:44:43"}"#,
/// )?;
/// assert_eq!(project.status, Some(ProjectStatus::Creating));
/// assert_eq!(project.nas_volume_size, Some(500));
/// assert_eq!(project.note, None);
/// # Ok::<_, serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "WireProjectDetail")]
#[non_exhaustive]
pub struct ProjectDetail {
    /// The project id (`projectId`).
    pub project_id: String,
    /// The project name (`projectName`).
    pub project_name: Option<String>,
    /// Where the project is in its life cycle (`status`).
    pub status: Option<ProjectStatus>,
    /// The project's description (`note`).
    pub note: Option<String>,
    /// How many runs the project has had (`runCount`).
    pub run_count: Option<u64>,
    /// The NAS volume size in GB (`nasVolumeSize`).
    pub nas_volume_size: Option<u64>,
    /// When the project was created (`createdDate`, or `createDate`), in the service's local time.
    pub created_date: Option<DateTime>,
    /// When the project last changed (`updatedDate`, or `updateDate`), in the service's local time.
    pub updated_date: Option<DateTime>,
}

impl ProjectDetail {
    /// A project with this id and every other field unknown (for tests and fakes).
    pub fn new(project_id: impl Into<String>) -> Self {
        Self {
            project_id: project_id.into(),
            project_name: None,
            status: None,
            note: None,
            run_count: None,
            nas_volume_size: None,
            created_date: None,
            updated_date: None,
        }
    }
}

/// The wire form of a project in detail.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireProjectDetail {
    project_id: String,
    project_name: Option<String>,
    status: Option<ProjectStatus>,
    note: Option<String>,
    run_count: Option<u64>,
    nas_volume_size: Option<u64>,
    #[serde(flatten)]
    dates: WireDates,
}

impl From<WireProjectDetail> for ProjectDetail {
    fn from(wire: WireProjectDetail) -> Self {
        let (created_date, updated_date) = wire.dates.resolve();
        Self {
            project_id: wire.project_id,
            project_name: wire.project_name,
            status: wire.status,
            note: wire.note,
            run_count: wire.run_count,
            nas_volume_size: wire.nas_volume_size,
            created_date,
            updated_date,
        }
    }
}

/// `GET /projects?page=N&pageSize=S`, built by [`Client::list_projects`](crate::Client::list_projects).
///
/// The query is always `page` (from 1) and `pageSize` (10 unless set), as the reference's parameter
/// table gives it; its curl example's `page=0&pagesize=1` is not followed.
#[derive(Debug, Clone, Copy)]
pub struct ListProjects;

impl ListOperation for ListProjects {
    type Service = Nsml;
    type Page = ProjectsPage;

    fn operation(&self) -> Operation<ProjectsPage> {
        Operation::get("ListProjects", ["projects"])
    }
}

/// One page of `GET /projects` as sent: `{"projects": [...], "totalCount": N}`.
///
/// `projects` is required (`null` reads as empty): an answer without it is an error, never "no
/// projects". `totalCount` missing or `null` is `None` (a listing then ends on the first page
/// shorter than the page size).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProjectsPage {
    /// The projects of this page.
    #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
    pub projects: Vec<Project>,
    /// How many projects the whole listing holds, as the service reports it.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub total_count: Option<u64>,
}

impl IntoPage for ProjectsPage {
    type Item = Project;

    fn into_page(self) -> Page<Project> {
        Page::new(self.projects).with_totals(self.total_count, None)
    }

    fn item_key(project: &Project) -> Option<u64> {
        Some(key(&project.project_id))
    }
}

impl Client {
    /// `GET /projects`: the projects of the account, one page with
    /// [`send`](ncloud_pagination::Paginator::send) or all of them with
    /// [`items`](ncloud_pagination::Paginator::items).
    pub fn list_projects(&self) -> List<ListProjects> {
        List::from_operation(self.service().clone(), ListProjects)
    }

    /// `GET /projects/{projectId}`: one project in detail.
    pub async fn get_project(&self, project_id: &str) -> Result<ProjectDetail, Error> {
        let operation = Operation::get("GetProject", ["projects", project_id])
            .check(validate::not_empty("project id", project_id));
        self.service().send(operation).await
    }

    /// `POST /projects`: create a project named `name` (letters, digits and `-`, starting with a
    /// letter, no `--`) with a NAS volume of `nas_volume_size` GB (500 to 5000 in steps of 100);
    /// options on [`CreateProject`], sent by awaiting it.
    ///
    /// ```no_run
    /// # async fn demo(nsml: ncloud_nsml::Client) -> Result<(), ncloud_nsml::Error> {
    /// nsml.create_project("my-project", 500).note("experiments").await?;
    /// # Ok(()) }
    /// ```
    pub fn create_project(&self, name: impl Into<String>, nas_volume_size: u32) -> CreateProject {
        CreateProject {
            client: self.clone(),
            name: name.into(),
            nas_volume_size,
            note: None,
        }
    }

    /// `DELETE /projects/{projectId}`: delete a project. It is `DELETING` for a while; wait for it
    /// to be gone with [`wait_until_project_deleted`](Self::wait_until_project_deleted).
    pub async fn delete_project(&self, project_id: &str) -> Result<(), Error> {
        let operation = Operation::<NoContent>::delete("DeleteProject", ["projects", project_id])
            .check(validate::not_empty("project id", project_id));
        self.send_empty(operation).await
    }

    /// The project named `name`, from the listing (every page); `None` if there is none. The
    /// service answers a created project without a body, so this is how to find it.
    pub async fn find_project(&self, name: &str) -> Result<Option<Project>, Error> {
        let mut projects = self.list_projects().page_size(MAX_PAGE_SIZE).items();
        while let Some(project) = projects.try_next().await? {
            if project.project_name.as_deref() == Some(name) {
                return Ok(Some(project));
            }
        }
        Ok(None)
    }
}

/// `POST /projects`, built by [`Client::create_project`]: its options, then `.await` (or
/// [`send`](Self::send)). The name and size are checked against the documented rules before
/// anything is sent.
///
/// The service answers without a body: find the new project with [`Client::find_project`] (by
/// name) and wait for it with [`Client::wait_until_project_created`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is awaited"]
pub struct CreateProject {
    client: Client,
    name: String,
    nas_volume_size: u32,
    note: Option<String>,
}

/// The documented body: `projectName`, `nasVolumeSize`, and `note` when there is one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateProjectBody<'a> {
    project_name: &'a str,
    nas_volume_size: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl CreateProject {
    /// A description.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The operation this request sends; an invalid input travels on it (`check`), so the send
    /// fails before any I/O with an error named `nsml.CreateProject`.
    pub(crate) fn operation(&self) -> Operation<NoContent> {
        let body = CreateProjectBody {
            project_name: &self.name,
            nas_volume_size: self.nas_volume_size,
            note: self.note.as_deref(),
        };
        Operation::post("CreateProject", ["projects"])
            .json(&body)
            .check(validate::name("project name", &self.name))
            .check(validate::nas_volume_size(self.nas_volume_size))
    }

    /// Validates the inputs and sends the request; nothing is sent when an input is invalid.
    pub async fn send(self) -> Result<(), Error> {
        // Accepted but unreadable, or lost: the error says the project was (or may have been)
        // created.
        let answer = self.client.send_empty(self.operation()).await;
        answer.map_err(|error| error.after_change_sent(Some(self.name.clone())))
    }
}

ncloud_core::operation_future!(CreateProject => ());

/// Waiters: each returns the core's [`Wait`] builder (timeout, poll delays, `on_poll`), sent by
/// awaiting it; the success state returns, a failure state is an error naming it, any other state
/// (known or not) keeps polling until the timeout.
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
        .operation(label("WaitUntilProjectCreated"))
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
        .operation(label("WaitUntilProjectDeleted"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ncloud_pagination::PagedService;
    use serde_json::json;

    #[test]
    fn minimal_project_decodes_with_every_option_empty() {
        let project: Project = serde_json::from_value(json!({"projectId": "p"})).unwrap();
        assert_eq!(project, Project::new("p"));
        let nulls: Project = serde_json::from_value(json!({
            "projectId": "p", "vpcNo": null, "projectName": null, "status": null, "userNo": null,
            "runCount": null, "nodeCount": null, "createdDate": null, "updatedDate": null
        }))
        .unwrap();
        assert_eq!(nulls, Project::new("p"));
    }

    #[test]
    fn missing_project_id_is_an_error() {
        assert!(serde_json::from_value::<Project>(json!({"projectName": "x"})).is_err());
    }

    #[test]
    fn both_date_spellings_are_accepted_and_the_documented_one_wins() {
        let project: Project = serde_json::from_value(json!({
            "projectId": "p",
            "createDate": "2024-01-01T00:00:00",
            "createdDate": "2024-09-02T15:44:43",
            "updateDate": "2024-09-02T15:44:59",
        }))
        .unwrap();
        assert_eq!(
            project.created_date,
            Some(DateTime::parse("2024-09-02T15:44:43"))
        );
        assert_eq!(
            project.updated_date,
            Some(DateTime::parse("2024-09-02T15:44:59"))
        );
    }

    #[test]
    fn serialises_with_the_documented_names_and_round_trips() {
        let mut project = Project::new("p");
        project.vpc_no = Some(34_567);
        project.status = Some(ProjectStatus::Unknown("PAUSED".into()));
        project.created_date = Some(DateTime::parse("2024-09-02T15:44:43"));
        project.updated_date = Some(DateTime::parse("not a date"));
        let value = serde_json::to_value(&project).unwrap();
        assert_eq!(
            value,
            json!({
                "projectId": "p", "vpcNo": 34567, "projectName": null, "status": "PAUSED",
                "userNo": null, "runCount": null, "nodeCount": null,
                "createdDate": "2024-09-02T15:44:43", "updatedDate": "not a date"
            })
        );
        assert_eq!(serde_json::from_value::<Project>(value).unwrap(), project);
    }

    #[test]
    fn statuses_round_trip() {
        for text in [
            "CREATING", "CREATED", "CHANGING", "DELETING", "DELETED", "odd",
        ] {
            let status = ProjectStatus::from(text);
            assert_eq!(status.as_str(), text);
            assert_eq!(String::from(status.clone()), text);
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(
                serde_json::from_str::<ProjectStatus>(&json).unwrap(),
                status
            );
        }
        assert!(matches!(
            ProjectStatus::from("created"),
            ProjectStatus::Unknown(_)
        ));
    }

    /// The reference page's example ([project-detail]) as far as the stored copy shows it (id and
    /// name, masked id kept as printed), completed from the page's table with the date spelling of
    /// the sibling pages' examples (`createDate`).
    #[test]
    fn the_reference_example_decodes() {
        let project: ProjectDetail = serde_json::from_value(json!({
            "projectId": "******ygz0iujn******",
            "projectName": "project",
            "status": "CREATED",
            "note": "description",
            "runCount": 0,
            "nasVolumeSize": 500,
            "createDate": "2024-09-02T15:44:43",
            "updateDate": "2024-09-02T15:44:59"
        }))
        .unwrap();
        assert_eq!(project.project_id, "******ygz0iujn******");
        assert_eq!(project.status, Some(ProjectStatus::Created));
        assert_eq!(project.nas_volume_size, Some(500));
        assert_eq!(project.note.as_deref(), Some("description"));
        assert_eq!(
            project.created_date,
            Some(DateTime::parse("2024-09-02T15:44:43"))
        );
        assert_eq!(
            project.updated_date,
            Some(DateTime::parse("2024-09-02T15:44:59"))
        );
    }

    #[test]
    fn sparse_and_unknown_values_are_tolerated() {
        let project: ProjectDetail = serde_json::from_value(json!({
            "projectId": "p", "status": "MIGRATING", "note": null, "somethingNew": [1, 2]
        }))
        .unwrap();
        assert_eq!(
            project.status,
            Some(ProjectStatus::Unknown("MIGRATING".into()))
        );
        assert_eq!(project.note, None);
        assert!(serde_json::from_value::<ProjectDetail>(json!({"projectName": "x"})).is_err());
    }

    #[test]
    fn serialises_with_the_documented_names() {
        let mut project = ProjectDetail::new("p");
        project.nas_volume_size = Some(600);
        project.created_date = Some(DateTime::parse("2024-09-02T15:44:43"));
        let value = serde_json::to_value(&project).unwrap();
        assert_eq!(value["nasVolumeSize"], 600);
        assert_eq!(value["createdDate"], "2024-09-02T15:44:43");
        assert_eq!(
            serde_json::from_value::<ProjectDetail>(value).unwrap(),
            project
        );
    }

    #[test]
    fn a_page_without_its_list_is_an_error() {
        for body in [
            json!({}),
            json!({"totalCount": 3}),
            json!({"error": "Forbidden"}),
        ] {
            assert!(
                serde_json::from_value::<ProjectsPage>(body.clone()).is_err(),
                "{body}"
            );
        }
        let page: ProjectsPage =
            serde_json::from_value(json!({"projects": null, "totalCount": "0"})).unwrap();
        assert_eq!((page.projects.len(), page.total_count), (0, Some(0)));
    }

    #[test]
    fn the_query_follows_the_parameter_table() {
        assert_eq!(ListProjects.operation().path(), "/projects");
        assert_eq!((Nsml::PAGE_PARAM, Nsml::SIZE_PARAM), ("page", "pageSize"));
    }
}
