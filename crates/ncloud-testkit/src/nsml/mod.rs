//! The fake CLOVA NSML: every documented operation under `/nsml/v1`, over a state that changes.
//! Every request must carry the API key; the listing of projects has its own route (with the
//! paging faults), everything else comes through [`serve`].

mod body;
mod catalog;
mod keys;
mod list_projects;
pub(crate) mod operation;
mod projects;
mod runs;
pub(crate) mod seed;
pub(crate) mod state;

pub(crate) use list_projects::list_projects;

use crate::auth;
use crate::error_bodies;
use crate::nsml::operation::NsmlOperation as Op;
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

/// The path prefix of every NSML operation.
pub(crate) const PREFIX: &str = "/nsml/v1/";

/// An operation's handler: the state, the request, and the path segments after [`PREFIX`].
type Handler = fn(&GatewayState, &ApiRequest, &[&str]) -> ApiResponse;

/// Routes an authenticated request under [`PREFIX`] to its operation.
pub(crate) fn serve(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    if let Err(rejection) = auth::verify_api_key(request, &state.credentials) {
        return state.reject(&rejection.to_string());
    }
    let path = request.path().strip_prefix(PREFIX).unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    let (operation, response): (Op, Handler) = match (request.method(), segments.as_slice()) {
        ("GET", ["projects", "runs"]) => (Op::ListRuns, |s, r, _| runs::list(s, r)),
        ("GET", ["projects", _]) => (Op::GetProject, |s, _, p| projects::get(s, p[1])),
        ("POST", ["projects"]) => (Op::CreateProject, |s, r, _| projects::create(s, r)),
        ("DELETE", ["projects", _]) => (Op::DeleteProject, |s, _, p| projects::delete(s, p[1])),
        ("GET", ["projects", _, "runs", _]) => (Op::GetRun, |s, _, p| runs::get(s, p[1], p[3])),
        ("POST", ["projects", _, "runs"]) => (Op::CreateRun, |s, r, p| runs::create(s, p[1], r)),
        ("POST", ["auth-keys"]) => (Op::CreateAuthKey, |s, r, _| keys::create_auth_key(s, r)),
        ("GET", ["auth-keys"]) => (Op::ListAuthKeys, |s, _, _| keys::list_auth_keys(s)),
        ("DELETE", ["auth-keys", "title", _, "name", _]) => (Op::DeleteAuthKey, |s, _, p| {
            keys::delete_auth_key(s, p[2], p[4])
        }),
        ("POST", ["images", "secret"]) => (Op::CreateRegistryCredential, |s, r, _| {
            keys::create_registry_credential(s, r)
        }),
        ("GET", ["images", "secret"]) => (Op::GetRegistryCredentials, |s, _, _| {
            keys::get_registry_credentials(s)
        }),
        ("DELETE", ["images", "secret"]) => (Op::DeleteRegistryCredential, |s, r, _| {
            keys::delete_registry_credential(s, r)
        }),
        ("GET", ["images", "base"]) => (Op::ListBaseImages, |s, _, _| catalog::base_images(s)),
        ("GET", ["server-products"]) => (Op::ListServerProducts, |s, _, _| {
            catalog::server_products(s)
        }),
        ("GET", ["blk-storages"]) => (Op::ListBlockStorages, |s, r, _| {
            catalog::block_storages(s, r)
        }),
        _ => return ApiResponse::json(404, &error_bodies::not_found()),
    };
    state.nsml.count(operation);
    response(state, request, &segments)
}
