//! Projects of a workspace: [`Project`], `GET .../projects` ([`ListProjects`]), create, get,
//! rename and delete.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{List, ListOperation, key};
use serde::{Deserialize, Serialize};

use crate::{Client, CountedPage, Mi, MiItem, validate};

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

/// `GET /workspaces/{ws}/projects`, built by [`Client::list_projects`].
///
/// The reference page documents `{projects, totalCount}` and no paging parameters; `pageNum` and
/// `pageSize` are sent as on MI's other lists, and a server that answers every project on the
/// first page (a workspace holds at most 1000) ends the listing there.
#[derive(Debug, Clone)]
pub struct ListProjects {
    workspace: String,
}

impl ListOperation for ListProjects {
    type Service = Mi;
    type Page = CountedPage<Project>;

    fn operation(&self) -> Operation<CountedPage<Project>> {
        Operation::get(
            "ListProjects",
            ["workspaces", self.workspace.as_str(), "projects"],
        )
    }
}

impl MiItem for Project {
    fn key(&self) -> u64 {
        key(&self.project_id)
    }
}

#[derive(Serialize)]
struct ProjectName<'a> {
    name: &'a str,
}

impl Client {
    /// `GET /workspaces/{workspace}/projects`: the projects of a workspace, its base project
    /// included.
    pub fn list_projects(&self, workspace: impl Into<String>) -> List<ListProjects> {
        List::from_operation(
            self.service().clone(),
            ListProjects {
                workspace: workspace.into(),
            },
        )
    }

    /// `POST /workspaces/{workspace}/projects`: a new project named `name` (at most 100
    /// characters, none of `;`, `|` or backtick; checked before sending).
    pub async fn create_project(&self, workspace: &str, name: &str) -> Result<Project, Error> {
        let operation = Operation::post("CreateProject", ["workspaces", workspace, "projects"])
            .json(&ProjectName { name })
            .check(validate::project_name(name));
        // Accepted but unreadable, or lost: the error says the project was (or may have been)
        // created.
        let answer = self.service().send(operation).await;
        answer.map_err(|error| error.after_change_sent(Some(name.to_owned())))
    }

    /// `GET /workspaces/{workspace}/projects/{project_id}`: one project.
    pub async fn get_project(&self, workspace: &str, project_id: u64) -> Result<Project, Error> {
        let id = project_id.to_string();
        let operation = Operation::get(
            "GetProject",
            ["workspaces", workspace, "projects", id.as_str()],
        );
        self.service().send(operation).await
    }

    /// `PATCH /workspaces/{workspace}/projects/{project_id}`: renames a project (the same rules
    /// as [`create_project`](Self::create_project)).
    pub async fn rename_project(
        &self,
        workspace: &str,
        project_id: u64,
        name: &str,
    ) -> Result<Project, Error> {
        let id = project_id.to_string();
        let operation = Operation::patch(
            "RenameProject",
            ["workspaces", workspace, "projects", id.as_str()],
        )
        .json(&ProjectName { name })
        .check(validate::project_name(name));
        self.service().send(operation).await
    }

    /// `DELETE /workspaces/{workspace}/projects/{project_id}`: deletes a project and its assets.
    /// The base project cannot be deleted: the service refuses with code `10027`.
    pub async fn delete_project(&self, workspace: &str, project_id: u64) -> Result<(), Error> {
        let id = project_id.to_string();
        let operation = Operation::<NoContent>::delete(
            "DeleteProject",
            ["workspaces", workspace, "projects", id.as_str()],
        );
        self.service().send(operation).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CountedPage;
    use serde_json::json;

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
