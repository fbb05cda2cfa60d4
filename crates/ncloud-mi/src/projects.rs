//! Projects of a workspace: list ([`ListProjects`]), create, get, rename, delete.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_pagination::{List, ListOperation, key};
use serde::Serialize;

use crate::{Client, CountedPage, Mi, MiItem, Project, validate};

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
        validate::project_name(name)?;
        let operation = Operation::post("CreateProject", ["workspaces", workspace, "projects"])
            .json(&ProjectName { name });
        self.service().send(operation).await
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
        validate::project_name(name)?;
        let id = project_id.to_string();
        let operation = Operation::patch(
            "RenameProject",
            ["workspaces", workspace, "projects", id.as_str()],
        )
        .json(&ProjectName { name });
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
