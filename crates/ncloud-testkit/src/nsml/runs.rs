//! `GET /projects/runs` (paged), `GET /projects/{projectId}/runs/{runName}`,
//! `POST /projects/{projectId}/runs`.

use serde_json::{Value, json};

use crate::error_bodies;
use crate::nsml::body::Body;
use crate::nsml::projects::no_project;
use crate::nsml::seed::{run_fields, space_date};
use crate::nsml::state::{Run, RunLife};
use crate::nsml::{bad_request, epoch_seconds, parse_query};
use crate::paging::{self, Paging};
use crate::state::GatewayState;
use crate::wire::{ApiRequest, ApiResponse};

const FIELDS: [&str; 9] = [
    "gpuSvrCode",
    "imagePath",
    "imageType",
    "nodeCount",
    "command",
    "envs",
    "env",
    "blockStorageNoList",
    "note",
];

pub(super) fn list(state: &GatewayState, request: &ApiRequest) -> ApiResponse {
    let (page, size) = match parse_query(request) {
        Ok(query) => query,
        Err(details) => return bad_request(details),
    };
    let now = state.clock.now();
    let data = state.nsml.at(now);
    // Project by project, newest run first (the reference example lists run 2 before run 1).
    let runs: Vec<Value> = data
        .projects
        .iter()
        .flat_map(|p| p.runs.iter().rev().map(move |r| (p, r)))
        .map(|(p, r)| state.nsml.run_item(p, r, now))
        .collect();
    let window = paging::window(&runs, page, size, Paging::Honest, 0);
    ApiResponse::json(
        200,
        &json!({ "runList": window.items, "totalCount": window.total }),
    )
}

pub(super) fn get(state: &GatewayState, project_id: &str, run_name: &str) -> ApiResponse {
    let now = state.clock.now();
    let data = state.nsml.at(now);
    let Some(project) = data.project(project_id) else {
        return no_project(project_id);
    };
    match run_name
        .parse::<u64>()
        .ok()
        .and_then(|n| project.runs.iter().find(|r| r.number == n))
    {
        Some(run) => ApiResponse::json(200, &state.nsml.run_detail(project, run, now)),
        None => ApiResponse::json(
            404,
            &error_bodies::no_such(&format!("No run {run_name} in project {project_id}.")),
        ),
    }
}

pub(super) fn create(state: &GatewayState, project_id: &str, request: &ApiRequest) -> ApiResponse {
    let body = match Body::parse(request, &FIELDS) {
        Ok(body) => body,
        Err(details) => return bad_request(&details),
    };
    let now = state.clock.now();
    let mut data = state.nsml.at(now);
    let Some(project) = data.project(project_id) else {
        return no_project(project_id);
    };
    let status = state.nsml.project_status(project, now);
    if status != "CREATED" {
        return bad_request(&format!(
            "Project {project_id} is {status}: runs start in CREATED projects only."
        ));
    }
    let checked = (|| {
        let code = body.required_integer("gpuSvrCode")?;
        let product = data
            .server_products
            .iter()
            .find(|p| p["gpuSvrCode"].as_u64() == Some(code))
            .ok_or_else(|| format!("gpuSvrCode {code} is not a GPU server code."))?;
        let nodes = body.required_integer("nodeCount")?;
        let allowed = product["nodeCounts"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if !allowed.iter().any(|n| n.as_u64() == Some(nodes)) {
            return Err(format!(
                "nodeCount {nodes} is not available on gpuSvrCode {code} ({allowed:?})."
            ));
        }
        let image_path = body.required_string("imagePath")?;
        let image_type = body.required_string("imageType")?;
        match image_type {
            "BASE" if !data.base_images.iter().any(|i| i["path"] == image_path) => {
                return Err(format!("imagePath {image_path:?} is not a base image."));
            }
            "CUSTOM"
                if !data
                    .registry_credentials
                    .iter()
                    .any(|c| image_path.starts_with(&format!("{}/", c.private_ep))) =>
            {
                return Err(format!(
                    "imagePath {image_path:?} is not in a registered image repository."
                ));
            }
            "BASE" | "CUSTOM" => {}
            other => return Err(format!("imageType {other:?} must be BASE or CUSTOM.")),
        }
        let command = body.string("command")?.filter(|c| !c.trim().is_empty());
        match (product["useType"].as_str(), command) {
            (Some("TRAIN"), None) => {
                return Err(format!("command is required on gpuSvrCode {code} (TRAIN)."));
            }
            (Some("DEV"), Some(_)) => {
                return Err(format!(
                    "command is not allowed on gpuSvrCode {code} (DEV)."
                ));
            }
            _ => {}
        }
        let mut envs = body.scalar_map("envs")?;
        let env = body.scalar_map("env")?;
        if !envs.is_empty() && !env.is_empty() {
            return Err("Give envs or env, not both.".to_owned());
        }
        envs.extend(env);
        for number in body.integers("blockStorageNoList")? {
            let usable = data
                .block_storages
                .iter()
                .any(|b| b["blockStorageNo"].as_u64() == Some(number) && b["status"] != "DELETED");
            if !usable {
                return Err(format!("blockStorageNoList: no block storage {number}."));
            }
        }
        let note = body.string("note")?;
        let number = data.project(project_id).map_or(0, |p| p.runs.len() as u64) + 1;
        Ok(run_fields(
            number, product, image_path, image_type, command, envs, note,
        ))
    })();
    let mut fields = match checked {
        Ok(fields) => fields,
        Err(details) => return bad_request(&details),
    };
    let created = space_date(epoch_seconds(now));
    fields.insert("creator".into(), Value::from("ncp-user-testkit"));
    fields.insert("createTime".into(), Value::from(created.as_str()));
    fields.insert("updateTime".into(), Value::from(created));
    let Some(project) = data.project_mut(project_id) else {
        return no_project(project_id);
    };
    let number = project.runs.len() as u64 + 1;
    project.runs.push(Run {
        number,
        fields,
        life: RunLife::Running(now),
    });
    if !state.nsml.quirks.answer_created_runs {
        return ApiResponse::empty(201);
    }
    let (project, run) = (&*project, &project.runs[project.runs.len() - 1]);
    ApiResponse::json(201, &state.nsml.run_detail(project, run, now))
}
