//! The fake CLOVA NSML: every documented operation under `/nsml/v1`, over a state that changes.
//! Every request must carry the API key; the listing of projects has its own route (with the
//! paging faults), everything else comes through [`serve`].

mod auth_keys;
mod base_images;
mod block_storages;
mod body;
pub(crate) mod operation;
mod projects;
mod registry_credentials;
mod runs;
pub(crate) mod seed;
mod server_products;
pub(crate) mod state;

pub(crate) use projects::list_projects;

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
        ("POST", ["auth-keys"]) => (Op::CreateAuthKey, |s, r, _| auth_keys::create(s, r)),
        ("GET", ["auth-keys"]) => (Op::ListAuthKeys, |s, _, _| auth_keys::list(s)),
        ("DELETE", ["auth-keys", "title", _, "name", _]) => (Op::DeleteAuthKey, |s, _, p| {
            auth_keys::delete(s, p[2], p[4])
        }),
        ("POST", ["images", "secret"]) => (Op::CreateRegistryCredential, |s, r, _| {
            registry_credentials::create(s, r)
        }),
        ("GET", ["images", "secret"]) => (Op::GetRegistryCredentials, |s, _, _| {
            registry_credentials::get(s)
        }),
        ("DELETE", ["images", "secret"]) => (Op::DeleteRegistryCredential, |s, r, _| {
            registry_credentials::delete(s, r)
        }),
        ("GET", ["images", "base"]) => (Op::ListBaseImages, |s, _, _| base_images::list(s)),
        ("GET", ["server-products"]) => {
            (Op::ListServerProducts, |s, _, _| server_products::list(s))
        }
        ("GET", ["blk-storages"]) => (Op::ListBlockStorages, |s, r, _| block_storages::list(s, r)),
        _ => return ApiResponse::json(404, &error_bodies::not_found()),
    };
    if state.nsml.count(operation) {
        return ApiResponse::json(503, &error_bodies::endpoint_error());
    }
    response(state, request, &segments)
}

/// The page size of a list call that sends none (documented).
const DEFAULT_PAGE_SIZE: u32 = 10;

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

pub(super) fn epoch_seconds(now: std::time::SystemTime) -> u64 {
    now.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub(super) fn bad_request(details: &str) -> ApiResponse {
    ApiResponse::json(400, &error_bodies::bad_request(details))
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
