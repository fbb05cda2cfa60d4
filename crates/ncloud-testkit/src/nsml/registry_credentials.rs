//! Registry credentials: `POST`/`GET /images/secret`, `DELETE /images/secret?privateEp=...`.

use serde_json::json;

use crate::error_bodies;
use crate::nsml::body::Body;
use crate::nsml::seed::space_date;
use crate::nsml::state::RegistryCredential;
use crate::nsml::{bad_request, epoch_seconds};
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

pub(super) fn create(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let checked = Body::parse(request, &["privateEp", "accessKey", "secretKey"]).and_then(|body| {
        let endpoint = body.required_string("privateEp")?.to_owned();
        if !endpoint.ends_with("private-ncr.ntruss.com") {
            return Err(format!(
                "privateEp {endpoint:?} must end with private-ncr.ntruss.com."
            ));
        }
        Ok(RegistryCredential {
            private_ep: endpoint,
            access_key: body.required_string("accessKey")?.to_owned(),
            secret_key: body.required_string("secretKey")?.to_owned(),
            create_time: space_date(epoch_seconds(state.clock.now())),
        })
    });
    let credential = match checked {
        Ok(credential) => credential,
        Err(details) => return bad_request(&details),
    };
    let mut data = state.nsml.at(state.clock.now());
    if data
        .registry_credentials
        .iter()
        .any(|c| c.private_ep == credential.private_ep)
    {
        let details = format!("{} is already registered.", credential.private_ep);
        return bad_request(&details);
    }
    data.registry_credentials.push(credential);
    ApiResponse::empty(201)
}

pub(super) fn get(state: &GatewayState) -> ApiResponse {
    let data = state.nsml.at(state.clock.now());
    let credentials: Vec<_> = data
        .registry_credentials
        .iter()
        .map(|c| {
            json!({
                "privateEp": c.private_ep, "accessKey": c.access_key,
                "secretKey": c.secret_key, "createTime": c.create_time,
            })
        })
        .collect();
    let total = credentials.len();
    ApiResponse::json(
        200,
        &json!({ "dockerCredentials": credentials, "totalSize": total }),
    )
}

pub(super) fn delete(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let Some(endpoint) = request.query_param("privateEp").filter(|e| !e.is_empty()) else {
        return bad_request("The query parameter privateEp is required.");
    };
    let mut data = state.nsml.at(state.clock.now());
    let before = data.registry_credentials.len();
    data.registry_credentials
        .retain(|c| c.private_ep != endpoint);
    if data.registry_credentials.len() == before {
        let details = format!("No image repository {endpoint}.");
        return ApiResponse::json(404, &error_bodies::no_such(&details));
    }
    ApiResponse::empty(200)
}
