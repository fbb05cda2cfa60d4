//! GPU server products: `GET /server-products` (not paged).

use serde_json::json;

use crate::state::GatewayState;
use crate::wire::ApiResponse;

pub(super) fn list(state: &GatewayState) -> ApiResponse {
    let data = state.nsml.at(state.clock.now());
    let products = &data.server_products;
    ApiResponse::json(
        200,
        &json!({ "serverProductList": products, "totalCount": products.len() }),
    )
}
