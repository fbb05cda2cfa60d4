//! Base images: `GET /images/base` (not paged).

use serde_json::json;

use crate::state::GatewayState;
use crate::wire::ApiResponse;

pub(super) fn list(state: &GatewayState) -> ApiResponse {
    let data = state.nsml.at(state.clock.now());
    let images = &data.base_images;
    ApiResponse::json(
        200,
        &json!({ "imageList": images, "totalCount": images.len() }),
    )
}
