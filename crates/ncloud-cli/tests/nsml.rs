//! `ncloud nsml ...` through the real binary, against the testkit's fake gateway: a project's
//! life (create and wait, list, get, a run started and awaited, delete and wait), registry
//! secrets that never print unless asked, and bad input that exits 2 and sends nothing.

mod support;

use std::process::Output;
use std::time::Duration;

use ncloud_testkit::{FakeGateway, NsmlOperation};
use serde_json::Value;
use support::SteppingClock;
use support::run_async::{assert_usage_error, ncloud_at, ncloud_at_with_stdin, stderr};

/// Transitions of a second on a [`SteppingClock`]: they end after a few polls, and the binary,
/// polling every millisecond, waits for nothing real. (How waits end and their intervals are
/// tested on a manual clock in `src/wait.rs`.)
async fn gateway() -> FakeGateway {
    FakeGateway::builder()
        .projects(3)
        .time_source(SteppingClock::new())
        .nsml_transition(Duration::from_secs(1))
        .nsml_run_duration(Duration::from_secs(1))
        .start()
        .await
}

async fn nsml(gateway: &FakeGateway, args: &[&str]) -> Output {
    let all: Vec<&str> = std::iter::once("nsml")
        .chain(args.iter().copied())
        .collect();
    ncloud_at(gateway, &all).await
}

/// `ncloud --endpoint <gateway> nsml <args>` with `input` on its stdin.
async fn nsml_with_stdin(gateway: &FakeGateway, args: &[&str], input: &str) -> Output {
    let all = [&["nsml"][..], args].concat();
    ncloud_at_with_stdin(gateway, &all, Some(input.as_bytes())).await
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_is_created_listed_run_and_deleted() {
    let gateway = gateway().await;
    let created = nsml(
        &gateway,
        &[
            "projects",
            "create",
            "--name",
            "e2e-project",
            "--nas-volume-size",
            "500",
            "--note",
            "from the CLI",
            "--wait",
            "--wait-interval",
            "1ms",
            "-o",
            "json",
        ],
    )
    .await;
    let project = json(&created);
    assert_eq!(project["status"], "CREATED");
    assert_eq!(project["nasVolumeSize"], 500);
    let id = project["projectId"].as_str().unwrap().to_owned();
    assert!(
        gateway.nsml_calls(NsmlOperation::GetProject) >= 2,
        "the wait polled"
    );

    let listed = nsml(&gateway, &["projects", "-o", "ndjson"]).await;
    let names: Vec<Value> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(names.len(), 4);
    let mine = names
        .iter()
        .find(|p| p["projectId"] == id.as_str())
        .unwrap();
    assert_eq!(
        (&mine["projectName"], &mine["status"]),
        (&Value::from("e2e-project"), &Value::from("CREATED"))
    );

    let fetched = json(&nsml(&gateway, &["projects", "get", &id, "-o", "json"]).await);
    assert_eq!(fetched["note"], "from the CLI");

    let run = json(
        &nsml(
            &gateway,
            &[
                "runs",
                "create",
                &id,
                "--gpu-server-code",
                "2",
                "--image-path",
                "nvcr.io/nvidia/pytorch:21.02-py3",
                "--image-type",
                "base",
                "--node-count",
                "2",
                "--command",
                "python train.py",
                "--env",
                "LR=0.01",
                "--wait",
                "--wait-interval",
                "1ms",
                "-o",
                "json",
            ],
        )
        .await,
    );
    assert_eq!(run["status"], "RUN_STATE_COMPLETED");
    assert_eq!(run["envs"]["LR"], "0.01");
    let run_name = run["runName"].as_str().unwrap();
    let runs = nsml(&gateway, &["runs", "list", "-o", "ndjson"]).await;
    assert!(
        stdout(&runs)
            .lines()
            .any(|l| l.contains(&id) && l.contains("RUN_STATE_COMPLETED"))
    );
    let got = json(&nsml(&gateway, &["runs", "get", &id, run_name, "-o", "json"]).await);
    assert_eq!(got["command"], "python train.py");

    let deleted = nsml(
        &gateway,
        &[
            "projects",
            "delete",
            &id,
            "--wait",
            "--wait-interval",
            "1ms",
        ],
    )
    .await;
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert!(
        stderr(&deleted).contains(&format!("Deleted project {id}")),
        "{}",
        stderr(&deleted)
    );
    assert!(stdout(&deleted).is_empty());
    let gone = nsml(&gateway, &["projects", "get", &id]).await;
    assert_eq!(gone.status.code(), Some(4), "{}", stderr(&gone));
    assert_eq!(gateway.nsml_calls(NsmlOperation::DeleteProject), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_exits_2_with_one_line_and_sends_nothing() {
    let gateway = gateway().await;
    let cases: [(&[&str], &str); 3] = [
        (
            &[
                "projects",
                "create",
                "--name",
                "1-bad",
                "--nas-volume-size",
                "500",
            ],
            "start with a letter",
        ),
        (
            &[
                "projects",
                "create",
                "--name",
                "good",
                "--nas-volume-size",
                "550",
            ],
            "steps of 100",
        ),
        (
            &[
                "auth-keys",
                "create",
                "--title",
                "k",
                "--key",
                "ssh-dss AAAA",
            ],
            "ssh-rsa",
        ),
    ];
    for (args, expected) in cases {
        let output = nsml(&gateway, args).await;
        assert_usage_error(&output, args, expected);
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    assert_eq!(gateway.nsml_calls_total(), 0);

    // A training server code without a command: the catalogue is read, the run is not sent.
    let project = gateway.projects()[0]["projectId"]
        .as_str()
        .unwrap()
        .to_owned();
    let output = nsml(
        &gateway,
        &[
            "runs",
            "create",
            &project,
            "--gpu-server-code",
            "2",
            "--image-path",
            "nvcr.io/nvidia/pytorch:21.02-py3",
            "--image-type",
            "base",
            "--node-count",
            "1",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("training server"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stderr(&output).lines().count(), 1);
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateRun), 0);
    assert_eq!(gateway.nsml_calls(NsmlOperation::ListServerProducts), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registry_secrets_come_from_stdin_and_print_only_when_asked() {
    const SECRET: &str = "e2e-registry-secret-8c1f";
    let gateway = gateway().await;
    let created = nsml_with_stdin(
        &gateway,
        &[
            "registry-credentials",
            "create",
            "--private-endpoint",
            "e2e.kr.private-ncr.ntruss.com",
            "--access-key",
            "E2EAK",
            "--secret-key-stdin",
        ],
        &format!("{SECRET}\n"),
    )
    .await;
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(!stdout(&created).contains(SECRET) && !stderr(&created).contains(SECRET));

    let shown = nsml(&gateway, &["registry-credentials", "-o", "ndjson"]).await;
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert!(!stdout(&shown).contains(SECRET), "{}", stdout(&shown));
    assert!(stdout(&shown).contains("** redacted **"));
    let revealed = nsml(
        &gateway,
        &[
            "registry-credentials",
            "get",
            "--show-secrets",
            "-o",
            "ndjson",
        ],
    )
    .await;
    assert!(stdout(&revealed).contains(SECRET));

    let empty = nsml_with_stdin(
        &gateway,
        &[
            "registry-credentials",
            "create",
            "--private-endpoint",
            "x.kr.private-ncr.ntruss.com",
            "--access-key",
            "AK",
            "--secret-key-stdin",
        ],
        "",
    )
    .await;
    assert_eq!(empty.status.code(), Some(2), "{}", stderr(&empty));
    assert_eq!(
        gateway.nsml_calls(NsmlOperation::CreateRegistryCredential),
        1
    );

    let deleted = nsml(
        &gateway,
        &[
            "registry-credentials",
            "delete",
            "--private-endpoint",
            "e2e.kr.private-ncr.ntruss.com",
        ],
    )
    .await;
    assert!(stderr(&deleted).contains("e2e.kr.private-ncr.ntruss.com"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_keys_and_storages_print() {
    let gateway = gateway().await;
    let images = nsml(&gateway, &["images", "-o", "ndjson"]).await;
    assert_eq!(stdout(&images).lines().count(), 5);
    let products = nsml(&gateway, &["server-products", "-o", "json"]).await;
    assert_eq!(json(&products).as_array().unwrap().len(), 3);
    let storages = nsml(
        &gateway,
        &["block-storages", "--page-size", "5", "-o", "ndjson"],
    )
    .await;
    assert_eq!(stdout(&storages).lines().count(), 12);
    let table = nsml(&gateway, &["auth-keys", "-o", "table"]).await;
    assert!(stdout(&table).starts_with("TITLE"), "{}", stdout(&table));
    let key = json(
        &nsml(
            &gateway,
            &[
                "auth-keys",
                "create",
                "--title",
                "e2e-key",
                "--key",
                "ssh-ed25519 AAAAC3Nza e2e@host",
                "-o",
                "json",
            ],
        )
        .await,
    );
    let name = key["name"].as_str().unwrap();
    let deleted = nsml(
        &gateway,
        &["auth-keys", "delete", "--title", "e2e-key", "--name", name],
    )
    .await;
    assert!(deleted.status.success(), "{}", stderr(&deleted));
}
