//! CLOVA NSML `GET /nsml/v1/projects`: `page` (default 1, from 1) and `pageSize` (default 10);
//! answers `{"projects": [...], "totalCount": N}`. The same paging serves runs and block storages.

use serde_json::json;

use crate::auth;
use crate::error_bodies;
use crate::nsml::operation::NsmlOperation;
use crate::paging;
use crate::route::Route;
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

const DEFAULT_PAGE_SIZE: u32 = 10;

pub(crate) fn list_projects(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    if let Err(rejection) = auth::verify_api_key(request, &state.credentials) {
        return state.reject(&rejection.to_string());
    }
    let route_requests = state.counters.request(Route::Projects) as u64;
    state.nsml.count(NsmlOperation::ListProjects);
    let (page, page_size) = match parse_query(request) {
        Ok(query) => query,
        Err(details) => return ApiResponse::json(400, &error_bodies::bad_request(details)),
    };
    // The projects as they are now: created ones appear, deleted ones go.
    let now = state.clock.now();
    let projects: Vec<_> = {
        let data = state.nsml.at(now);
        data.projects
            .iter()
            .map(|p| state.nsml.project_item(p, now))
            .collect()
    };
    state.serve_page(Route::Projects, page, |mode| {
        let window = paging::window(&projects, page, page_size, mode, route_requests);
        json!({ "projects": window.items, "totalCount": window.total })
    })
}

/// Only the documented spelling counts: the reference example's lower-case `pagesize` is an
/// unknown parameter and is ignored, as a strict server would.
pub(super) fn parse_query(request: &ApiRequest) -> Result<(u32, u32), &'static str> {
    let positive = |name, default, error| match request.query_param(name) {
        None => Ok(default),
        Some(text) => text.parse::<u32>().ok().filter(|&n| n >= 1).ok_or(error),
    };
    let page = positive("page", 1, "page must be an integer of 1 or more.")?;
    let size = positive(
        "pageSize",
        DEFAULT_PAGE_SIZE,
        "pageSize must be an integer of 1 or more.",
    )?;
    Ok((page, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path_and_query: &str) -> Result<(u32, u32), &'static str> {
        parse_query(&ApiRequest::new("GET", path_and_query, vec![]))
    }

    #[test]
    fn defaults_and_validation() {
        assert_eq!(parse("/nsml/v1/projects"), Ok((1, 10)));
        assert_eq!(parse("/nsml/v1/projects?page=3&pageSize=50"), Ok((3, 50)));
        assert_eq!(
            parse("/nsml/v1/projects?page=0&pagesize=1"),
            Err("page must be an integer of 1 or more.")
        );
        assert!(parse("/nsml/v1/projects?page=-1").is_err());
        assert!(parse("/nsml/v1/projects?pageSize=0").is_err());
        assert!(parse("/nsml/v1/projects?pageSize=ten").is_err());
    }
}
