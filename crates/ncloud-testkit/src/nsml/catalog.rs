//! `GET /images/base`, `GET /server-products`, `GET /blk-storages` (paged).

use serde_json::json;

use crate::nsml::list_projects::parse_query;
use crate::nsml::projects::bad_request;
use crate::paging::{self, Paging};
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

pub(super) fn base_images(state: &GatewayState) -> ApiResponse {
    let data = state.nsml.at(state.clock.now());
    let images = &data.base_images;
    ApiResponse::json(
        200,
        &json!({ "imageList": images, "totalCount": images.len() }),
    )
}

pub(super) fn server_products(state: &GatewayState) -> ApiResponse {
    let data = state.nsml.at(state.clock.now());
    let products = &data.server_products;
    ApiResponse::json(
        200,
        &json!({ "serverProductList": products, "totalCount": products.len() }),
    )
}

pub(super) fn block_storages(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
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
