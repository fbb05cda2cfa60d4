//! `create_run` returns the run it started, never another one: from the `201`
//! when it carries the run, else the one new run of the project that matches what was sent; and
//! a failure after the service accepted the run says that it was started.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use httpmock::prelude::*;
use ncloud_core::client::{Change, RetryConfig};
use ncloud_nsml::{Client, Credentials, ImageType, ServerProduct, ServerUseType};
use ncloud_testkit::{FakeGateway, NsmlOperation};
use serde_json::json;

const IMAGE: &str = "nvcr.io/nvidia/pytorch:21.02-py3";

fn client(base_url: &str, credentials: Credentials) -> Client {
    let core = ncloud_core::Client::builder()
        .credentials(credentials)
        .endpoint(base_url)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    Client::new(core)
}

/// A gateway with one CREATED project, and its id.
async fn gateway(builder: ncloud_testkit::FakeGatewayBuilder) -> (FakeGateway, Client, String) {
    let gateway = builder
        .projects(0)
        .nsml_transition(Duration::ZERO)
        .start()
        .await;
    let nsml = client(&gateway.base_url(), gateway.credentials().clone());
    nsml.create_project("jobs", 500).await.unwrap();
    let id = nsml.find_project("jobs").await.unwrap().unwrap().project_id;
    (gateway, nsml, id)
}

fn train() -> ServerProduct {
    ServerProduct::new(2, ServerUseType::Train)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_each_return_their_own_run() {
    let (gateway, nsml, id) = gateway(FakeGateway::builder()).await;
    let jobs = (1..=5).map(|i| {
        let (nsml, id) = (nsml.clone(), id.clone());
        tokio::spawn(async move {
            let command = format!("python job{i}.py");
            let run = nsml
                .create_run(&id, train(), ImageType::Base, IMAGE, 1)
                .command(&command)
                .await
                .unwrap();
            (command, run)
        })
    });
    let mut names = Vec::new();
    for job in jobs {
        let (command, run) = job.await.unwrap();
        assert_eq!(run.command.as_deref(), Some(command.as_str()));
        assert_eq!(run.project_id.as_deref(), Some(id.as_str()));
        names.push(run.run_name);
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 5, "{names:?}");
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateRun), 5);
}

#[tokio::test]
async fn a_run_in_the_answer_is_read_from_there() {
    let (gateway, nsml, id) = gateway(FakeGateway::builder().nsml_answers_created_runs()).await;
    let run = nsml
        .create_run(&id, train(), ImageType::Base, IMAGE, 1)
        .command("python a.py")
        .note("first")
        .await
        .unwrap();
    assert_eq!(run.run_name, "1");
    assert_eq!(run.note.as_deref(), Some("first"));
    // The listing before sending only: no lookup after.
    assert_eq!(gateway.nsml_calls(NsmlOperation::ListRuns), 1);
    assert_eq!(gateway.nsml_calls(NsmlOperation::GetRun), 0);
}

#[tokio::test]
async fn a_failed_lookup_says_the_run_was_started() {
    // The listing before sending works; the one after fails.
    let builder = FakeGateway::builder().nsml_failing(NsmlOperation::ListRuns, 1);
    let (gateway, nsml, id) = gateway(builder).await;
    let error = nsml
        .create_run(&id, train(), ImageType::Base, IMAGE, 1)
        .command("python a.py")
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(503), "{error}");
    assert_eq!(error.change(), Some(&Change::Made { created: None }));
    assert!(error.to_string().contains("the change was made"), "{error}");
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateRun), 1);
}

/// A server where runs 2 and 3 appear in project `p` after the POST (run 1 was there before),
/// with commands `commands[0]` and `commands[1]`.
async fn server_with_new_runs(commands: [&str; 2]) -> MockServer {
    let server = MockServer::start_async().await;
    let listings = Arc::new(AtomicUsize::new(0));
    let first = Arc::clone(&listings);
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/nsml/v1/projects/runs")
                .is_true(move |_| first.fetch_add(1, Ordering::SeqCst) == 0);
            then.status(200).json_body(
                json!({"runList": [{"runName": "1", "projectId": "p"}], "totalCount": 1}),
            );
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/projects/runs");
            then.status(200).json_body(json!({"runList": [
                {"runName": "3", "projectId": "p"}, {"runName": "2", "projectId": "p"},
                {"runName": "1", "projectId": "p"}, {"runName": "9", "projectId": "other"}
            ], "totalCount": 4}));
        })
        .await;
    for (name, command) in [("2", commands[0]), ("3", commands[1])] {
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(format!("/nsml/v1/projects/p/runs/{name}"));
                then.status(200).json_body(json!({
                    "runName": name, "projectId": "p", "gpuSvrCode": 2, "imageType": "BASE",
                    "imagePath": IMAGE, "command": command
                }));
            })
            .await;
    }
    server
        .mock_async(|when, then| {
            when.method(POST).path("/nsml/v1/projects/p/runs");
            then.status(201);
        })
        .await;
    server
}

fn credentials() -> Credentials {
    Credentials::new("AKID", "secret").with_api_key("api-key")
}

#[tokio::test]
async fn a_newer_run_of_someone_else_is_not_taken_for_ours() {
    let server = server_with_new_runs(["python mine.py", "python theirs.py"]).await;
    let nsml = client(&server.base_url(), credentials());
    let run = nsml
        .create_run("p", train(), ImageType::Base, IMAGE, 1)
        .command("python mine.py")
        .await
        .unwrap();
    // Run 3 is the project's newest, but it is not the one this call started.
    assert_eq!(run.run_name, "2");
}

#[tokio::test]
async fn runs_that_cannot_be_told_apart_are_named_not_guessed() {
    let server = server_with_new_runs(["python same.py", "python same.py"]).await;
    let nsml = client(&server.base_url(), credentials());
    let error = nsml
        .create_run("p", train(), ImageType::Base, IMAGE, 1)
        .command("python same.py")
        .await
        .unwrap_err();
    assert!(error.is_unidentified(), "{error:?}");
    assert_eq!(error.change(), Some(&Change::Made { created: None }));
    assert_eq!(
        error.to_string(),
        "nsml.CreateRun: the run was started, but runs 3, 2 of project p all match what was sent: \
         which one is this request's cannot be told; the change was made"
    );

    let server = server_with_new_runs(["python a.py", "python b.py"]).await;
    let nsml = client(&server.base_url(), credentials());
    let error = nsml
        .create_run("p", train(), ImageType::Base, IMAGE, 1)
        .command("python c.py")
        .await
        .unwrap_err();
    assert!(error.is_unidentified(), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("no new run of project p matches what was sent (new runs: 3, 2)"),
        "{error}"
    );
}
