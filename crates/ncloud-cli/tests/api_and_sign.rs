//! `ncloud api` and `ncloud sign` through the real binary, against the testkit's fake gateway.

mod support;

use std::process::Output;

use ncloud_testkit::{FakeGateway, Fault, Route};
use serde::Deserialize;
use serde_json::Value;
use support::{lines, ncloud, ncloud_at};

async fn api(gateway: &FakeGateway, args: &[&str]) -> Output {
    let mut all = vec!["api"];
    all.extend_from_slice(args);
    ncloud_at(gateway, &all).await
}

fn ids<'a>(values: impl IntoIterator<Item = &'a Value>, key: &str) -> Vec<String> {
    values
        .into_iter()
        .map(|v| v[key].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paginate_lists_every_nsml_project_once() {
    let gateway = FakeGateway::builder().projects(30).start().await;
    let output = api(
        &gateway,
        &[
            "GET",
            "/nsml/v1/projects",
            "--host",
            "nsml",
            "--paginate",
            "--page-size",
            "7",
        ],
    )
    .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        ids(&lines(&output), "projectId"),
        ids(gateway.projects(), "projectId")
    );
    let served = gateway.served_by_page(Route::Projects);
    assert_eq!(served.keys().copied().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert!(served.values().all(|&n| n == 1), "{served:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paginate_lists_every_mi_workspace_once_despite_first_attempt_failures() {
    let gateway = FakeGateway::builder()
        .workspaces(250)
        .fault(Fault::RateLimited.on_page(2))
        .start()
        .await;
    let output = api(
        &gateway,
        &[
            "GET",
            "/api/v1/workspaces",
            "--host",
            "mi",
            "--paginate",
            "--page-size",
            "100",
        ],
    )
    .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        ids(&lines(&output), "workspaceName"),
        ids(gateway.workspaces(), "workspaceName")
    );
    assert_eq!(
        gateway.hits(Route::Workspaces, 2),
        2,
        "page 2 failed once, then succeeded"
    );
    assert!(
        gateway
            .served_by_page(Route::Workspaces)
            .values()
            .all(|&n| n == 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_call_prints_the_json_answer() {
    let gateway = FakeGateway::builder().workspaces(5).start().await;
    let output = api(
        &gateway,
        &[
            "GET",
            "/api/v1/workspaces",
            "--host",
            "mi",
            "-q",
            "pageNum=1",
            "-q",
            "pageSize=2",
        ],
    )
    .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["code"], "0");
    assert_eq!(body["result"]["totalCount"], 5);
    assert_eq!(body["result"]["content"].as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_errors_exit_4_with_code_and_message() {
    let gateway = FakeGateway::builder().start().await;
    // pageNum is required by MI.
    let output = api(&gateway, &["GET", "/api/v1/workspaces", "--host", "mi"]).await;
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: GET /api/v1/workspaces: HTTP 400, NCP code 10001: Invalid Request."
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_paging_is_stopped_by_the_guard() {
    let gateway = FakeGateway::builder()
        .projects(30)
        .fault(Fault::GrowingTotal.every_attempt())
        .start()
        .await;
    let output = api(
        &gateway,
        &[
            "GET",
            "/nsml/v1/projects",
            "--host",
            "nsml",
            "--paginate",
            "--page-size",
            "10",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("total"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_exits_3_and_never_prints_secrets() {
    let gateway = FakeGateway::builder().start().await;
    let base = gateway.base_url();
    let api_key = gateway.credentials().api_key().unwrap().to_owned();
    let output = ncloud(
        &[
            "--endpoint",
            &base,
            "-vvv",
            "api",
            "GET",
            "/nsml/v1/projects",
            "--host",
            "nsml",
        ],
        &[
            ("NCLOUD_ACCESS_KEY_ID", gateway.credentials().access_key()),
            ("NCLOUD_SECRET_ACCESS_KEY", "not-the-right-secret-0123"),
            ("NCLOUD_API_KEY", &api_key),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(3));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(all.contains("Authentication Failed"), "{all}");
    assert!(!all.contains("not-the-right-secret-0123"), "{all}");
    assert!(!all.contains(&api_key), "{all}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_before_sending() {
    let gateway = FakeGateway::builder().start().await;
    for args in [
        &["GET", "nsml/v1/projects"][..],
        &["POST", "/nsml/v1/projects", "--body", "{not json"],
        &["POST", "/nsml/v1/projects", "--paginate"],
        &["GET", "/x", "-q", "novalue"],
        &["GET", "/x", "--host", "not a host"],
    ] {
        let output = api(&gateway, args).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(gateway.requests(Route::Projects), 0);
}

#[derive(Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    access_key: String,
    secret_key: String,
    method: String,
    uri: String,
    timestamp: String,
    signature: String,
}

#[tokio::test]
async fn sign_reproduces_every_shared_vector() {
    let json = include_str!("../../ncloud-core/tests/data/signature-v2.json");
    let vectors: Vectors = serde_json::from_str(json).unwrap();
    assert!(vectors.vectors.len() >= 6);
    for v in vectors.vectors {
        let env = [
            ("NCLOUD_ACCESS_KEY_ID", v.access_key.as_str()),
            ("NCLOUD_SECRET_ACCESS_KEY", v.secret_key.as_str()),
        ];
        let output = ncloud(
            &["sign", &v.method, &v.uri, "--timestamp", &v.timestamp],
            &env,
        )
        .await;
        assert!(
            output.status.success(),
            "{}: {}",
            v.name,
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            stdout,
            format!(
                "x-ncp-apigw-timestamp: {}\nx-ncp-iam-access-key: {}\nx-ncp-apigw-signature-v2: {}\n",
                v.timestamp, v.access_key, v.signature
            ),
            "vector {}",
            v.name
        );
        assert!(!stdout.contains(&v.secret_key));

        let output = ncloud(
            &[
                "sign",
                &v.method,
                &v.uri,
                "--timestamp",
                &v.timestamp,
                "--curl",
            ],
            &env,
        )
        .await;
        let curl = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            curl.trim_end(),
            format!(
                "-H x-ncp-apigw-timestamp:{} -H x-ncp-iam-access-key:{} -H x-ncp-apigw-signature-v2:{}",
                v.timestamp, v.access_key, v.signature
            ),
            "vector {}",
            v.name
        );
    }
}

#[tokio::test]
async fn sign_never_prints_the_api_key() {
    let env = [
        ("NCLOUD_ACCESS_KEY_ID", "AKID"),
        ("NCLOUD_SECRET_ACCESS_KEY", "secret-value-123"),
        ("NCLOUD_API_KEY", "api-key-value-456"),
    ];
    let output = ncloud(
        &[
            "sign",
            "get",
            "https://nsml.apigw.ntruss.com/nsml/v1/projects?page=1",
            "--curl",
        ],
        &env,
    )
    .await;
    assert!(output.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !all.contains("api-key-value-456") && !all.contains("secret-value-123"),
        "{all}"
    );
    assert!(
        all.contains("x-ncp-apigw-api-key"),
        "the note tells the user to send it: {all}"
    );
}
