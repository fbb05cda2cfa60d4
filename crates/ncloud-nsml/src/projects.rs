//! Projects: `GET /projects` ([`ListProjects`]).

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use ncloud_pagination::{IntoPage, ListOperation, Page, key};
use serde::{Deserialize, Serialize};

use crate::{Client, CreateProject, MAX_PAGE_SIZE, Nsml, Project, ProjectDetail, validate};

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
    /// `GET /projects/{projectId}`: one project in detail.
    pub async fn get_project(&self, project_id: &str) -> Result<ProjectDetail, Error> {
        validate::not_empty("project id", project_id)?;
        self.service()
            .send(Operation::get("GetProject", ["projects", project_id]))
            .await
    }

    /// `POST /projects`: create a project (see [`CreateProject`]).
    pub fn create_project(&self) -> CreateProject {
        CreateProject::new(self.clone())
    }

    /// `DELETE /projects/{projectId}`: delete a project. It is `DELETING` for a while; wait for it
    /// to be gone with [`wait_until_project_deleted`](Self::wait_until_project_deleted).
    pub async fn delete_project(&self, project_id: &str) -> Result<(), Error> {
        validate::not_empty("project id", project_id)?;
        let operation = Operation::<NoContent>::delete("DeleteProject", ["projects", project_id]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use ncloud_pagination::PagedService;
    use serde_json::json;

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
