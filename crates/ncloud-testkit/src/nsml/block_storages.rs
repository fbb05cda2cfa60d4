//! Block storages: `GET /blk-storages` (paged, echoing the page and size it applied).

use serde_json::json;

use crate::nsml::{bad_request, parse_query};
use crate::paging::{self, Paging};
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

pub(super) fn list(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let (page, size) = match parse_query(request) {
        Ok(query) => query,
        Err(details) => return bad_request(details),
    };
    let data = state.nsml.at(state.clock.now());
    let window = paging::window(&data.block_storages, page, size, Paging::Honest, 0);
    ApiResponse::json(
        200,
        &json!({
            "page": page,
            "pageSize": size,
            "totalCount": window.total,
            "blockStorageMgmtList": window.items,
        }),
    )
}
