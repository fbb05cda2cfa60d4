//! A project of a workspace ([`Project`]), as the project calls return it.

use ncloud_core::datetime::DateTime;
use serde::{Deserialize, Serialize};

/// A Media Intelligence project: a folder of media assets inside a workspace.
///
/// Every workspace has one base project (`isBaseProject`), which cannot be deleted. The id and name
/// identify a project, so a project without them is a decode error; the flag and the audit fields
/// are `None` when the server leaves them out. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Project {
    /// The project id (a number, also accepted as a numeric string).
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub project_id: u64,
    /// The project name, unique in its workspace.
    pub name: String,
    /// Whether this is the workspace's base project.
    #[serde(default)]
    pub is_base_project: Option<bool>,
    /// Who created the project.
    #[serde(default)]
    pub created_user_name: Option<String>,
    /// When the project was created (the service's local time, no zone).
    #[serde(default)]
    pub created_time: Option<DateTime>,
    /// Who last modified the project.
    #[serde(default)]
    pub updated_user_name: Option<String>,
    /// When the project was last modified.
    #[serde(default)]
    pub updated_time: Option<DateTime>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::CountedPage;

    /// The response example of "Get project details" (maiu-project-details), its `result`.
    #[test]
    fn decodes_the_reference_shape() {
        let p: Project = serde_json::from_value(json!({
            "projectId": 1234,
            "name": "my-project",
            "isBaseProject": false,
            "createdUserName": "user123",
            "createdTime": "2026-03-18T10:30:00",
            "updatedUserName": "user123",
            "updatedTime": "2026-03-18T10:30:00",
            "somethingNew": [1]
        }))
        .unwrap();
        assert_eq!((p.project_id, p.name.as_str()), (1234, "my-project"));
        assert_eq!(p.is_base_project, Some(false));
        assert_eq!(
            p.created_time
                .and_then(|t| t.naive())
                .map(|t| t.to_string()),
            Some("2026-03-18 10:30:00".into())
        );
    }

    #[test]
    fn the_project_list_reads_its_projects_field() {
        let page: CountedPage<Project> = serde_json::from_value(json!({
            "projects": [{"projectId": "7", "name": "base", "isBaseProject": true}],
            "totalCount": 1
        }))
        .unwrap();
        assert_eq!(page.items[0].project_id, 7);
        assert_eq!(page.items[0].is_base_project, Some(true));
        assert_eq!(page.items[0].updated_time, None);
    }

    #[test]
    fn a_project_without_an_id_is_an_error() {
        let e = serde_json::from_value::<Project>(json!({"name": "x"})).unwrap_err();
        assert!(e.to_string().contains("projectId"), "{e}");
    }
}
