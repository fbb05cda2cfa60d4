//! What `GET /projects` returns: [`Project`] and its [`ProjectStatus`].

use ncloud_core::datetime::DateTime;
use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::*;
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
}
