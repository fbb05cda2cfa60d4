//! The fake CLOVA NSML's operations over raw HTTP, on a manual gateway clock: state changes,
//! transitions in time, body validation and error shapes.

use std::time::{Duration, SystemTime};

use ncloud_core::Credentials;
use ncloud_core::time::{ManualTimeSource, SystemTimeSource, TimeSource};
use serde_json::{Value, json};

use super::client::{Reply, send, signed_headers_for};
use crate::{FakeGateway, NsmlOperation};

/// A gateway on a manual clock, with a 10 s transition and a 60 s run.
async fn gateway(projects: usize) -> (FakeGateway, ManualTimeSource) {
    let clock = ManualTimeSource::new(SystemTimeSource.now());
    let gateway = FakeGateway::builder()
        .projects(projects)
        .time_source(clock.clone())
        .nsml_transition(Duration::from_secs(10))
        .nsml_run_duration(Duration::from_secs(60))
        .start()
        .await;
    (gateway, clock)
}

/// Requests to one gateway, signed with its credentials at its clock's time.
struct Fake<'a> {
    gateway: &'a FakeGateway,
    clock: &'a ManualTimeSource,
}

impl<'a> Fake<'a> {
    fn new(gateway: &'a FakeGateway, clock: &'a ManualTimeSource) -> Self {
        Self { gateway, clock }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        let credentials = self.gateway.credentials();
        call_as(
            credentials,
            self.gateway,
            self.clock.now(),
            method,
            path,
            body,
        )
        .await
    }

    async fn get(&self, path: &str) -> Reply {
        self.call("GET", path, None).await
    }

    async fn delete(&self, path: &str) -> Reply {
        self.call("DELETE", path, None).await
    }

    async fn post_json(&self, path: &str, body: Value) -> Reply {
        self.call("POST", path, Some(body)).await
    }
}

async fn call_as(
    credentials: &Credentials,
    gateway: &FakeGateway,
    now: SystemTime,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let path = format!("/nsml/v1{path}");
    let headers = signed_headers_for(method, credentials, &path, now);
    let body = body.map(|b| b.to_string());
    send(gateway.address(), method, &path, &headers, body.as_deref())
        .await
        .unwrap()
}

fn error_details(reply: &Reply) -> String {
    let body = reply.json();
    assert!(body["error"]["errorCode"].is_string(), "{}", reply.body);
    body["error"]["details"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn find<'a>(items: &'a [Value], key: &str, value: &str) -> Option<&'a Value> {
    items.iter().find(|item| item[key] == value)
}

#[tokio::test]
async fn a_project_is_created_listed_run_and_deleted_in_time() {
    let (gateway, clock) = gateway(3).await;
    let fake = Fake::new(&gateway, &clock);
    let created = fake
        .post_json(
            "/projects",
            json!({"projectName": "demo-1", "nasVolumeSize": 600, "note": "hello"}),
        )
        .await;
    assert_eq!((created.status, created.body.as_str()), (201, ""));

    let listed = fake.get("/projects?pageSize=100").await;
    let projects = listed.json()["projects"].as_array().cloned().unwrap();
    assert_eq!(projects.len(), 4);
    let project = find(&projects, "projectName", "demo-1").unwrap().clone();
    assert_eq!(project["status"], "CREATING");
    let id = project["projectId"].as_str().unwrap().to_owned();

    let detail = fake.get(&format!("/projects/{id}")).await;
    let detail = detail.json();
    assert_eq!(
        (&detail["status"], &detail["nasVolumeSize"], &detail["note"]),
        (&json!("CREATING"), &json!(600), &json!("hello"))
    );
    // Runs need a CREATED project.
    let run_body = json!({
        "gpuSvrCode": 2, "imagePath": "nvcr.io/nvidia/pytorch:21.02-py3", "imageType": "BASE",
        "nodeCount": 2, "command": "python train.py", "envs": {"LR": "0.01"}, "blockStorageNoList": [1001]
    });
    let early = fake
        .post_json(&format!("/projects/{id}/runs"), run_body.clone())
        .await;
    assert_eq!(early.status, 400);
    assert!(error_details(&early).contains("CREATING"));

    clock.advance(Duration::from_secs(10));
    let detail = fake.get(&format!("/projects/{id}")).await;
    assert_eq!(detail.json()["status"], "CREATED");

    let run = fake
        .post_json(&format!("/projects/{id}/runs"), run_body)
        .await;
    assert_eq!((run.status, run.body.as_str()), (201, ""));
    let runs = fake.get("/projects/runs?pageSize=1000").await;
    let runs = runs.json();
    let listed = runs["runList"].as_array().unwrap();
    assert_eq!(runs["totalCount"].as_u64(), Some(listed.len() as u64));
    let mine = find(listed, "projectId", &id).unwrap();
    assert_eq!(
        (&mine["runName"], &mine["status"]),
        (&json!("1"), &json!("RUN_STATE_IN_PROGRESS"))
    );
    assert_eq!(mine["runType"], "TRAIN");

    let path = format!("/projects/{id}/runs/1");
    let detail = fake.get(&path).await.json();
    assert_eq!(detail["envs"], json!({"LR": "0.01"}));
    assert_eq!(detail["command"], "python train.py");
    clock.advance(Duration::from_secs(60));
    let detail = fake.get(&path).await.json();
    assert_eq!(detail["status"], "RUN_STATE_COMPLETED");
    let project = fake.get(&format!("/projects/{id}")).await;
    assert_eq!(project.json()["runCount"], 1);
    let missing = fake.get(&format!("/projects/{id}/runs/2")).await;
    assert_eq!(missing.status, 404);

    let deleted = fake.delete(&format!("/projects/{id}")).await;
    assert_eq!((deleted.status, deleted.body.as_str()), (200, ""));
    let detail = fake.get(&format!("/projects/{id}")).await;
    assert_eq!(detail.json()["status"], "DELETING");
    let again = fake.delete(&format!("/projects/{id}")).await;
    assert!(error_details(&again).contains("DELETING"));
    clock.advance(Duration::from_secs(10));
    let gone = fake.get(&format!("/projects/{id}")).await;
    assert_eq!(gone.status, 404);
    assert!(error_details(&gone).contains(&id));
    let listed = fake.get("/projects?pageSize=100").await;
    assert_eq!(listed.json()["totalCount"], 3);
    assert_eq!(
        listed.json()["projects"].as_array().unwrap(),
        gateway.projects()
    );

    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateProject), 1);
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetProject), 5);
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateRun), 2);
    assert_eq!(gateway.nsml_calls(NsmlOperation::ListProjects), 2);
    assert_eq!(gateway.rejected(), 0);
}

#[tokio::test]
async fn bodies_are_validated_as_documented() {
    let (gateway, clock) = gateway(2).await;
    let fake = Fake::new(&gateway, &clock);
    let now = clock.now();
    let bad_projects = [
        (
            json!({"projectName": "1-project", "nasVolumeSize": 500}),
            "begin with a letter",
        ),
        (
            json!({"projectName": "a--b", "nasVolumeSize": 500}),
            "not repeat",
        ),
        (
            json!({"projectName": "ok", "nasVolumeSize": 550}),
            "steps of 100",
        ),
        (
            json!({"projectName": "ok", "nasVolumeSize": 5100}),
            "500 to 5000",
        ),
        (json!({"projectName": "ok"}), "nasVolumeSize is required"),
        (
            json!({"projectName": "ok", "nasVolumeSize": "500"}),
            "integer",
        ),
        (
            json!({"projectName": "ok", "nasVolumeSize": 500, "size": 1}),
            "Unknown field",
        ),
        (json!(["projectName"]), "JSON object"),
    ];
    for (body, expected) in bad_projects {
        let reply = fake.post_json("/projects", body.clone()).await;
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.json()["error"]["errorCode"], "100");
        assert!(
            error_details(&reply).contains(expected),
            "{body}: {}",
            reply.body
        );
    }
    // No Content-Type: the body is not taken as JSON.
    let path = "/nsml/v1/projects";
    let headers = signed_headers_for("POST", gateway.credentials(), path, now);
    let raw = send(gateway.address(), "POST", path, &headers, None)
        .await
        .unwrap();
    assert!(error_details(&raw).contains("Content-Type"));

    let existing = gateway.projects()[0]["projectName"].as_str().unwrap();
    let duplicate = json!({"projectName": existing, "nasVolumeSize": 500});
    let reply = fake.post_json("/projects", duplicate).await;
    assert!(error_details(&reply).contains("already exists"));

    // A project of our own, CREATED once the transition is over.
    let body = json!({"projectName": "runner", "nasVolumeSize": 500});
    assert_eq!(fake.post_json("/projects", body).await.status, 201);
    clock.advance(Duration::from_secs(10));
    let listed = fake.get("/projects?pageSize=100").await.json();
    let projects = listed["projects"].as_array().cloned().unwrap();
    let project = find(&projects, "projectName", "runner").unwrap()["projectId"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = |extra: Value| {
        let mut body = json!({
            "gpuSvrCode": 2, "imagePath": "nvcr.io/nvidia/pytorch:21.02-py3",
            "imageType": "BASE", "nodeCount": 1, "command": "python a.py"
        });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().cloned().unwrap());
        body
    };
    let bad_runs = [
        (json!({"command": null}), "command is required"),
        (json!({"gpuSvrCode": 1}), "not allowed"),
        (json!({"gpuSvrCode": 99}), "not a GPU server code"),
        (json!({"nodeCount": 3}), "not available"),
        (json!({"imageType": "PRIVATE"}), "BASE or CUSTOM"),
        (json!({"imagePath": "docker.io/me/x:1"}), "not a base image"),
        (
            json!({"imageType": "CUSTOM", "imagePath": "other.io/x:1"}),
            "image repository",
        ),
        (json!({"blockStorageNoList": [1]}), "no block storage 1"),
        (json!({"envs": {"A": "1"}, "env": {"B": "2"}}), "not both"),
        (json!({"envs": {"A": [1]}}), "strings or numbers"),
    ];
    for (extra, expected) in bad_runs {
        let path = format!("/projects/{project}/runs");
        let reply = fake.post_json(&path, run(extra.clone())).await;
        assert_eq!(reply.status, 400, "{extra}");
        assert!(
            error_details(&reply).contains(expected),
            "{extra}: {}",
            reply.body
        );
    }
    // The create page's example spells the map `env`; it is accepted.
    let env = json!({"env": {"ir": 0.01}});
    let reply = fake
        .post_json(&format!("/projects/{project}/runs"), run(env))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let unknown = fake.post_json("/projects/nope/runs", run(json!({}))).await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn ssh_keys_and_registry_credentials() {
    let (gateway, clock) = gateway(0).await;
    let fake = Fake::new(&gateway, &clock);
    let keys = fake.get("/auth-keys").await.json();
    assert_eq!(keys["totalCount"], 2);

    let key = json!({"title": "my-key", "key": "ssh-ed25519 AAAAC3Nza me@host"});
    let created = fake.post_json("/auth-keys", key.clone()).await;
    assert_eq!(created.status, 201);
    let duplicate = fake.post_json("/auth-keys", key).await;
    assert!(error_details(&duplicate).contains("already exists"));
    let bad = json!({"title": "k", "key": "ssh-dss AAAA"});
    let bad = fake.post_json("/auth-keys", bad).await;
    assert!(error_details(&bad).contains("must start with"));

    let keys = fake.get("/auth-keys").await.json();
    let list = keys["keyList"].as_array().unwrap();
    let mine = find(list, "title", "my-key").unwrap();
    let name = mine["name"].as_str().unwrap();
    assert_eq!(mine["fingerprint"].as_str().unwrap().split(':').count(), 16);
    let wrong = fake.delete("/auth-keys/title/my-key/name/other").await;
    assert_eq!(wrong.status, 404);
    let path = format!("/auth-keys/title/my-key/name/{name}");
    assert_eq!(fake.delete(&path).await.status, 200);
    let keys = fake.get("/auth-keys").await.json();
    assert_eq!(keys["totalCount"], 2);

    let endpoint = "mine.kr.private-ncr.ntruss.com";
    let credential = json!({"privateEp": endpoint, "accessKey": "AK", "secretKey": "SK"});
    let created = fake.post_json("/images/secret", credential).await;
    assert_eq!(created.status, 201);
    let bad = json!({"privateEp": "registry.example.com", "accessKey": "AK", "secretKey": "SK"});
    let bad = fake.post_json("/images/secret", bad).await;
    assert!(error_details(&bad).contains("private-ncr.ntruss.com"));
    let got = fake.get("/images/secret").await.json();
    assert_eq!(got["totalSize"], 2);
    let mine = find(
        got["dockerCredentials"].as_array().unwrap(),
        "privateEp",
        endpoint,
    );
    assert_eq!(mine.unwrap()["secretKey"], "SK");

    let no_query = fake.delete("/images/secret").await;
    assert!(error_details(&no_query).contains("privateEp is required"));
    let path = format!("/images/secret?privateEp={endpoint}");
    assert_eq!(fake.delete(&path).await.status, 200);
    assert_eq!(fake.delete(&path).await.status, 404);
}

#[tokio::test]
async fn the_catalogue_and_paged_block_storages() {
    let (gateway, clock) = gateway(4).await;
    let fake = Fake::new(&gateway, &clock);
    let images = fake.get("/images/base").await.json();
    assert_eq!(images["totalCount"], 5);
    assert_eq!(
        images["imageList"][1]["path"],
        "nvcr.io/nvidia/pytorch:21.02-py3"
    );
    let products = fake.get("/server-products").await.json();
    let uses: Vec<_> = products["serverProductList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["useType"].as_str().unwrap())
        .collect();
    assert_eq!(uses, ["DEV", "TRAIN", "TRAIN"]);

    let page = fake.get("/blk-storages?page=3&pageSize=5").await.json();
    assert_eq!(
        (&page["page"], &page["pageSize"], &page["totalCount"]),
        (&json!(3), &json!(5), &json!(12))
    );
    let numbers: Vec<_> = page["blockStorageMgmtList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["blockStorageNo"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1011, 1012]);
    let bad = fake.get("/blk-storages?page=0").await;
    assert_eq!(bad.status, 400);
    assert_eq!(gateway.nsml_calls_total(), 4);
}

#[tokio::test]
async fn every_operation_wants_the_api_key_and_unknown_paths_are_404() {
    let (gateway, clock) = gateway(1).await;
    let fake = Fake::new(&gateway, &clock);
    let now = clock.now();
    let demo = gateway.credentials();
    let without = Credentials::new(demo.access_key(), demo.secret_key());
    let body = json!({"projectName": "sneaky", "nasVolumeSize": 500});
    let reply = call_as(&without, &gateway, now, "POST", "/projects", Some(body)).await;
    assert_eq!(reply.status, 401);
    let reply = call_as(&without, &gateway, now, "GET", "/server-products", None).await;
    assert_eq!(reply.status, 401);
    assert_eq!(gateway.rejected(), 2);
    assert_eq!(gateway.nsml_calls_total(), 0);
    let listed = fake.get("/projects").await.json();
    assert_eq!(listed["totalCount"], 1);

    for (method, path) in [
        ("GET", "/nothing"),
        ("PUT", "/projects"),
        ("GET", "/auth-keys/x"),
    ] {
        let reply = fake.call(method, path, None).await;
        assert_eq!(reply.status, 404, "{method} {path}");
        assert_eq!(reply.json()["error"]["errorCode"], "300");
    }
}
