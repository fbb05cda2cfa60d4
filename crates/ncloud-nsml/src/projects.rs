//! Projects: `GET /projects` ([`ListProjects`]).

use ncloud_core::client::Operation;
use ncloud_pagination::{IntoPage, ListOperation, Page, key};
use serde::{Deserialize, Serialize};

use crate::{Nsml, Project};

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
