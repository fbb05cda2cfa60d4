//! Projects: `GET /projects` ([`ListProjects`]).

use std::ops::RangeInclusive;

use ncloud_core::client::Operation;
use ncloud_pagination::{ListOperation, Page, PageRequest, key};
use serde::{Deserialize, Serialize};

use crate::{Nsml, Project};

/// The page size CLOVA NSML uses when none is sent (documented).
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// The largest page size this crate sends. CLOVA NSML documents no limit; 1000 is the largest other
/// NCP list calls accept (Media Intelligence), and it bounds what one page holds in memory.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// `GET /projects?page=N&pageSize=S`, built by [`Client::list_projects`](crate::Client::list_projects).
///
/// The query is always `page` (from 1) and `pageSize` (10 unless set), as the reference's parameter
/// table gives it; its curl example's `page=0&pagesize=1` is not followed.
#[derive(Debug, Clone, Copy)]
pub struct ListProjects;

impl ListOperation for ListProjects {
    type Service = Nsml;
    type Item = Project;
    type Page = ProjectsPage;
    const PAGE_SIZES: RangeInclusive<u32> = 1..=MAX_PAGE_SIZE;
    const DEFAULT_PAGE_SIZE: u32 = DEFAULT_PAGE_SIZE;

    fn operation(&self, page: PageRequest) -> Operation<ProjectsPage> {
        Operation::get("ListProjects", ["projects"])
            .query("page", page.number)
            .query("pageSize", page.size)
    }

    fn into_page(page: ProjectsPage) -> Page<Project> {
        let items = Page::new(page.projects);
        match page.total_count {
            Some(total) => items.with_total_count(total),
            None => items,
        }
    }

    fn item_key(project: &Project) -> Option<u64> {
        Some(key(&project.project_id))
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

#[cfg(test)]
mod tests {
    use super::*;
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
        let op = ListProjects.operation(PageRequest::new(3, 25));
        assert_eq!(op.path(), "/projects");
        assert_eq!(
            op.query_pairs(),
            &[
                ("page".into(), "3".into()),
                ("pageSize".into(), "25".into())
            ]
        );
    }
}
