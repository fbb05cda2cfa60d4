//! Media Intelligence `GET /api/v1/workspaces`: `pageNum` (required, from 1) and `pageSize`
//! (1..=1000, default 1000); answers the `{"code":"0","message":"success","result":{...}}`
//! envelope, and errors with the flat `{"code","message"}` envelope.

use serde_json::json;

use crate::error_bodies;
use crate::mi_routes;
use crate::paging;
use crate::route::Route;
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

const MAX_PAGE_SIZE: u32 = 1_000;

pub(crate) fn list_workspaces(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let route_requests = state.counters.request(Route::Workspaces) as u64;
    let Ok((page, page_size)) = mi_routes::paging(request, true, (1, MAX_PAGE_SIZE), MAX_PAGE_SIZE)
    else {
        return ApiResponse::json(400, &error_bodies::mi_invalid_request());
    };
    // Created workspaces are listed too, deleted ones no longer.
    let workspaces = state.mi.workspaces();
    state.serve_page(Route::Workspaces, page, |mode| {
        let window = paging::window(&workspaces, page, page_size, mode, route_requests);
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
