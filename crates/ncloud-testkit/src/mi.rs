//! Media Intelligence `GET /api/v1/workspaces`: `pageNum` (required, from 1) and `pageSize`
//! (1..=1000, default 1000); answers the `{"code":"0","message":"success","result":{...}}`
//! envelope, and errors with the flat `{"code","message"}` envelope.

use serde_json::json;

use crate::error_bodies;
use crate::paging;
use crate::route::Route;
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

const MAX_PAGE_SIZE: u32 = 1_000;

pub(crate) fn list_workspaces(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let route_requests = state.counters.request(Route::Workspaces) as u64;
    let Some((page, page_size)) = parse_query(request) else {
        return ApiResponse::json(400, &error_bodies::mi_invalid_request());
    };
    state.serve_page(Route::Workspaces, page, |mode| {
        let window = paging::window(&state.workspaces, page, page_size, mode, route_requests);
        json!({
            "code": "0",
            "message": "success",
            "result": {
                "totalCount": window.total,
                "totalPage": paging::page_count(window.total, page_size),
                "pageNo": page,
                "pageSize": page_size,
                "content": window.items,
            }
        })
    })
}

fn parse_query(request: &ApiRequest) -> Option<(u32, u32)> {
    let page = request
        .query_param("pageNum")?
        .parse::<u32>()
        .ok()
        .filter(|&n| n >= 1)?;
    let size = match request.query_param("pageSize") {
        None => MAX_PAGE_SIZE,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))?,
    };
    Some((page, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path_and_query: &str) -> Option<(u32, u32)> {
        parse_query(&ApiRequest::new("GET", path_and_query, vec![]))
    }

    #[test]
    fn page_num_is_required_and_page_size_bounded() {
        assert_eq!(parse("/api/v1/workspaces?pageNum=1"), Some((1, 1000)));
        assert_eq!(
            parse("/api/v1/workspaces?pageNum=2&pageSize=100"),
            Some((2, 100))
        );
        assert_eq!(parse("/api/v1/workspaces?pageSize=100"), None);
        assert_eq!(parse("/api/v1/workspaces?pageNum=1&pageSize=1001"), None);
        assert_eq!(parse("/api/v1/workspaces?pageNum=1&pageSize=0"), None);
        assert_eq!(parse("/api/v1/workspaces?pageNum=0"), None);
    }
}
