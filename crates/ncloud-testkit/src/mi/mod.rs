//! The fake Media Intelligence: the workspace listing ([`list_workspaces`], with the paging
//! faults) and the workflow routes under `/api/v1/workspaces` ([`handle`]): method and path to a
//! `MiStore` call (one file per resource under `store/`), answers in MI's envelope
//! (`{"code":"0","message":"success","result":{...}}`), errors in either of MI's two shapes.

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::error_bodies;
use crate::paging;
use crate::route::Route;
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

pub(crate) mod persons;
pub(crate) mod store;
pub(crate) mod uploads;

use store::MiError;

/// The prefix of every route served here.
pub(crate) const PREFIX: &str = "/api/v1/workspaces";

/// Page sizes of the asset listing (`pageNum` required).
const ASSET_PAGE_SIZES: (u32, u32) = (1, 1_000);
/// Page sizes of search results (`pageNum` optional), and the default.
const RESULT_PAGE_SIZES: (u32, u32) = (1, 100);
const DEFAULT_RESULT_PAGE_SIZE: u32 = 50;

/// Page sizes of the workspace listing (`pageNum` required), and the default.
const MAX_PAGE_SIZE: u32 = 1_000;

/// `GET /api/v1/workspaces`: `pageNum` (required, from 1) and `pageSize` (1..=1000, default
/// 1000); created workspaces are listed too, deleted ones no longer.
pub(crate) fn list_workspaces(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let route_requests = state.counters.request(Route::Workspaces) as u64;
    let Ok((page, page_size)) = paging(request, true, (1, MAX_PAGE_SIZE), MAX_PAGE_SIZE) else {
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

/// Answers an authenticated request under [`PREFIX`].
pub(crate) fn handle(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let Some(segments) = segments(request.path()) else {
        return ApiResponse::json(404, &error_bodies::not_found());
    };
    state.mi.count_request();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let now = state.clock.now();
    let answer = route(state, request, &segments, now)
        .or_else(|| persons::route(state, request, &segments, now));
    match answer {
        Some(answer) => respond(answer),
        None => ApiResponse::json(404, &error_bodies::not_found()),
    }
}

/// An answer in MI's envelope, or an error in one of MI's two shapes.
pub(crate) fn respond(answer: Answer) -> ApiResponse {
    match answer {
        Ok(Some(result)) => ApiResponse::json(
            200,
            &json!({"code": "0", "message": "success", "result": result}),
        ),
        Ok(None) => ApiResponse::json(200, &json!({"code": "0", "message": "success"})),
        Err(error) => ApiResponse::json(error.status, &error_body(&error)),
    }
}

/// The body of an MI error: flat `{"code","message"}` or wrapped in `responseError`.
pub(crate) fn error_body(error: &MiError) -> Value {
    let inner = json!({"code": error.code, "message": error.message});
    if error.wrapped {
        json!({ "responseError": inner })
    } else {
        inner
    }
}

pub(crate) type Answer = Result<Option<Value>, MiError>;

/// `None` when no route matches the method and path.
fn route(
    state: &GatewayState,
    request: &ApiRequest,
    path: &[&str],
    now: std::time::SystemTime,
) -> Option<Answer> {
    let store = &state.mi;
    let id = |text: &str| text.parse::<u64>().map_err(|_| invalid_id(text));
    let method = request.method();
    let some = |v: Result<Value, MiError>| Some(v.map(Some));
    match (method, path) {
        ("POST", []) => some(with_body(request, |b| store.create_workspace(b, now))),
        ("GET", [ws]) => some(store.get_workspace(ws)),
        ("DELETE", [ws]) => some(store.delete_workspace(ws, now).inspect(|_| {
            // Its persons and tags go with it: a new workspace of that name starts empty.
            state.persons.forget(ws);
        })),
        ("GET", [ws, "projects"]) => some(store.list_projects(ws)),
        ("POST", [ws, "projects"]) => {
            some(with_body(request, |b| store.create_project(ws, b, now)))
        }
        ("GET", [ws, "projects", p]) => some(id(p).and_then(|p| store.get_project(ws, p))),
        ("PATCH", [ws, "projects", p]) => {
            some(id(p).and_then(|p| with_body(request, |b| store.rename_project(ws, p, b, now))))
        }
        ("DELETE", [ws, "projects", p]) => Some(
            id(p)
                .and_then(|p| store.delete_project(ws, p))
                .map(|()| None),
        ),
        ("GET", [ws, "projects", p, "assets"]) => some(id(p).and_then(|p| {
            let (page, size) = paging(request, true, ASSET_PAGE_SIZES, ASSET_PAGE_SIZES.1)?;
            store.assets(ws, p).map(|all| listing(&all, page, size))
        })),
        ("POST", [ws, "projects", p, "assets", "import", "object-storage"]) => {
            some(id(p).and_then(|p| with_body(request, |b| store.import_asset(ws, p, b, now))))
        }
        ("GET", [ws, "projects", p, "assets", a, "index", "status"]) => {
            some(ids2(p, a).and_then(|(p, a)| store.index_status(ws, p, a, now)))
        }
        ("GET", [ws, "projects", p, "assets", a, "indexes"]) => {
            some(ids2(p, a).and_then(|(p, a)| store.list_indexes(ws, p, a, now)))
        }
        ("GET", [ws, "projects", p, "assets", a, "indexes", i]) => {
            some(ids2(p, a).and_then(|(p, a)| {
                let level = confidence(request)?;
                store.get_index(ws, p, a, id(i)?, level, now)
            }))
        }
        ("DELETE", [ws, "projects", p, "assets", a, "indexes", i]) => Some(
            ids2(p, a)
                .and_then(|(p, a)| store.delete_index(ws, p, a, id(i)?, now))
                .map(|()| None),
        ),
        ("POST", [ws, "assets", "search"]) => some(with_body(request, |b| {
            let (body, persons) = persons::resolve_search(state, ws, b)?;
            store.start_search(ws, &body, persons, now)
        })),
        ("GET", [ws, "assets", "search", search]) => some(
            paging(request, false, RESULT_PAGE_SIZES, DEFAULT_RESULT_PAGE_SIZE)
                .and_then(|(page, size)| store.search_results(ws, search, page, size, now)),
        ),
        _ => None,
    }
}

/// The path segments after [`PREFIX`], percent-decoded; `None` for another path.
fn segments(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix(PREFIX)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    rest.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_decode_str(s)
                .decode_utf8()
                .ok()
                .map(|d| d.into_owned())
        })
        .collect()
}

fn with_body(
    request: &ApiRequest,
    f: impl FnOnce(&Value) -> Result<Value, MiError>,
) -> Result<Value, MiError> {
    let body: Value = serde_json::from_slice(request.body())
        .map_err(|_| MiError::invalid("The request body is not JSON."))?;
    f(&body)
}

fn ids2(project: &str, asset: &str) -> Result<(u64, u64), MiError> {
    let parse = |t: &str| t.parse::<u64>().map_err(|_| invalid_id(t));
    Ok((parse(project)?, parse(asset)?))
}

fn invalid_id(text: &str) -> MiError {
    MiError::invalid(format!("{text} is not a valid id."))
}

/// `confidence_level`: `LOW`, `MEDIUM` (default) or `HIGH`.
fn confidence(request: &ApiRequest) -> Result<&'static str, MiError> {
    match request.query_param("confidence_level") {
        None | Some("MEDIUM") => Ok("MEDIUM"),
        Some("LOW") => Ok("LOW"),
        Some("HIGH") => Ok("HIGH"),
        Some(other) => Err(MiError::invalid(format!(
            "confidence_level {other} is not LOW, MEDIUM or HIGH."
        ))),
    }
}

/// `pageNum` (from 1; required or default 1) and `pageSize` (within `sizes`, else `default`).
pub(crate) fn paging(
    request: &ApiRequest,
    page_required: bool,
    sizes: (u32, u32),
    default: u32,
) -> Result<(u32, u32), MiError> {
    let number = |name: &str| request.query_param(name).map(|t| t.parse::<u32>().ok());
    let page = match number("pageNum") {
        None if !page_required => 1,
        Some(Some(page)) if page >= 1 => page,
        _ => return Err(MiError::invalid("pageNum must be an integer of 1 or more.")),
    };
    let size = match number("pageSize") {
        None => default,
        Some(Some(size)) if (sizes.0..=sizes.1).contains(&size) => size,
        _ => {
            return Err(MiError::invalid(format!(
                "pageSize must be between {} and {}.",
                sizes.0, sizes.1
            )));
        }
    };
    Ok((page, size))
}

/// One page of `all` in MI's list shape.
pub(crate) fn listing(all: &[Value], page: u32, size: u32) -> Value {
    let start = (page as usize - 1).saturating_mul(size as usize);
    let content: Vec<Value> = all
        .iter()
        .skip(start)
        .take(size as usize)
        .cloned()
        .collect();
    json!({
        "totalCount": all.len(),
        "totalPage": all.len().div_ceil(size as usize),
        "pageNo": page,
        "pageSize": size,
        "content": content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path_and_query: &str) -> ApiRequest {
        ApiRequest::new("GET", path_and_query, vec![])
    }

    #[test]
    fn segments_are_percent_decoded_and_other_paths_refused() {
        assert_eq!(segments("/api/v1/workspaces"), Some(vec![]));
        assert_eq!(
            segments("/api/v1/workspaces/my%20ws/projects"),
            Some(vec!["my ws".to_owned(), "projects".to_owned()])
        );
        assert_eq!(segments("/api/v1/workspacesX"), None);
        assert_eq!(segments("/nsml/v1/projects"), None);
        assert_eq!(segments("/api/v1/workspaces/%FF"), None);
    }

    #[test]
    fn paging_rules_per_call() {
        let assets = |q| paging(&get(q), true, ASSET_PAGE_SIZES, 1_000);
        assert_eq!(assets("/a?pageNum=2&pageSize=10"), Ok((2, 10)));
        assert!(assets("/a?pageSize=10").is_err(), "pageNum is required");
        assert!(assets("/a?pageNum=1&pageSize=1001").is_err());
        let results = |q| paging(&get(q), false, RESULT_PAGE_SIZES, 50);
        assert_eq!(results("/r"), Ok((1, 50)));
        assert!(results("/r?pageSize=101").is_err());
        assert!(results("/r?pageNum=0").is_err());
    }

    #[test]
    fn errors_come_in_both_shapes() {
        let flat = MiError::invalid("Invalid Request.");
        assert_eq!(
            error_body(&flat),
            json!({"code": "10001", "message": "Invalid Request."})
        );
        let wrapped = MiError {
            status: 400,
            code: "10027",
            message: "The base project cannot be deleted.".into(),
            wrapped: true,
        };
        assert_eq!(
            error_body(&wrapped),
            json!({"responseError": {"code": "10027", "message": "The base project cannot be deleted."}})
        );
    }

    #[test]
    fn listing_cuts_pages_and_reports_totals() {
        let all: Vec<Value> = (0..5).map(Value::from).collect();
        let page = listing(&all, 2, 2);
        assert_eq!(page["content"], json!([2, 3]));
        assert_eq!(
            (&page["totalCount"], &page["totalPage"]),
            (&json!(5), &json!(3))
        );
        assert_eq!(listing(&all, 4, 2)["content"], json!([]));
    }
}
