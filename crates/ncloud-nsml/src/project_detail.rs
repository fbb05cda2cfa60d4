//! What `GET /projects/{projectId}` returns: [`ProjectDetail`].

use ncloud_core::datetime::DateTime;
use serde::{Deserialize, Serialize};

use crate::ProjectStatus;
use crate::project::WireDates;

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
