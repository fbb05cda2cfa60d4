//! Projects: `GET /projects` ([`list_projects`], its own route with the paging faults; `page` from
//! 1, `pageSize` default 10; answers `{"projects": [...], "totalCount": N}`),
//! `GET /projects/{projectId}`, `POST /projects`, `DELETE /projects/{projectId}`.

use serde_json::{Map, Value, json};

use crate::auth;
use crate::data::{base36, date_time, mix};
use crate::error_bodies;
use crate::nsml::body::{Body, follows_naming_rule};
use crate::nsml::operation::NsmlOperation;
use crate::nsml::state::{Project, ProjectLife};
use crate::nsml::{bad_request, epoch_seconds, parse_query};
use crate::paging;
use crate::route::Route;
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

pub(crate) fn list_projects(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    if let Err(rejection) = auth::verify_api_key(request, &state.credentials) {
        return state.reject(&rejection.to_string());
    }
    let route_requests = state.counters.request(Route::Projects) as u64;
    state.nsml.count(NsmlOperation::ListProjects);
    let (page, page_size) = match parse_query(request) {
        Ok(query) => query,
        Err(details) => return ApiResponse::json(400, &error_bodies::bad_request(details)),
    };
    // The projects as they are now: created ones appear, deleted ones go.
    let now = state.clock.now();
    let projects: Vec<_> = {
        let data = state.nsml.at(now);
        data.projects
            .iter()
            .map(|p| state.nsml.project_item(p, now))
            .collect()
    };
    state.serve_page(Route::Projects, page, |mode| {
        let window = paging::window(&projects, page, page_size, mode, route_requests);
        json!({ "projects": window.items, "totalCount": window.total })
    })
}

pub(super) fn get(state: &GatewayState, id: &str) -> ApiResponse {
    let now = state.clock.now();
    let data = state.nsml.at(now);
    match data.project(id) {
        Some(project) => ApiResponse::json(200, &state.nsml.project_detail(project, now)),
        None => no_project(id),
    }
}

pub(super) fn create(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let body = match Body::parse(request, &["projectName", "nasVolumeSize", "note"]) {
        Ok(body) => body,
        Err(details) => return bad_request(&details),
    };
    let checked = (|| {
        let name = body.required_string("projectName")?;
        if !follows_naming_rule(name) {
            return Err(format!(
                "projectName {name:?} must use English letters, digits and '-', begin with a \
                 letter and not repeat '-'."
            ));
        }
        let size = body.required_integer("nasVolumeSize")?;
        if !(500..=5_000).contains(&size) || size % 100 != 0 {
            return Err(format!(
                "nasVolumeSize {size} must be 500 to 5000 in steps of 100."
            ));
        }
        Ok((
            name.to_owned(),
            size,
            body.string("note")?.map(str::to_owned),
        ))
    })();
    let (name, size, note) = match checked {
        Ok(fields) => fields,
        Err(details) => return bad_request(&details),
    };
    let now = state.clock.now();
    let mut data = state.nsml.at(now);
    if data.projects.iter().any(|p| p.name == name) {
        return bad_request(&format!("A project named {name:?} already exists."));
    }
    let serial = data.next_serial();
    let h = mix(0x6e6577, serial as usize);
    let created = date_time(epoch_seconds(now));
    let mut fields = Map::new();
    fields.insert("vpcNo".into(), Value::from(30_000 + h % 10_000));
    fields.insert("userNo".into(), Value::from(2_680_000 + (h >> 16) % 10_000));
    fields.insert("nodeCount".into(), Value::from(0));
    fields.insert("createdDate".into(), Value::from(created.as_str()));
    fields.insert("updatedDate".into(), Value::from(created));
    data.projects.push(Project {
        id: base36(h, 20),
        name,
        fields,
        note,
        nas_volume_size: size,
        life: ProjectLife::Creating(now),
        runs: Vec::new(),
    });
    ApiResponse::empty(201)
}

pub(super) fn delete(state: &GatewayState, id: &str) -> ApiResponse {
    let now = state.clock.now();
    let mut data = state.nsml.at(now);
    let Some(project) = data.project(id) else {
        return no_project(id);
    };
    let status = state.nsml.project_status(project, now);
    if status != "CREATED" {
        return bad_request(&format!(
            "Project {id} is {status}: only a CREATED project can be deleted."
        ));
    }
    if let Some(project) = data.project_mut(id) {
        project.life = ProjectLife::Deleting(now);
    }
    ApiResponse::empty(200)
}

pub(super) fn no_project(id: &str) -> ApiResponse {
    ApiResponse::json(404, &error_bodies::no_such(&format!("No project {id}.")))
}
