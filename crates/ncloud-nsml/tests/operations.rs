//! Every CLOVA NSML operation against httpmock: the method, path, query, JSON body and
//! `Content-Type` on the wire, the signature and API key, the reference examples' answers, error
//! answers as typed errors, and invalid inputs that send nothing.

use std::time::UNIX_EPOCH;

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, Mock};
use ncloud_core::client::RetryConfig;
use ncloud_core::time::ManualTimeSource;
use ncloud_nsml::{
    BlockStorageStatus, Client, Credentials, Error, ImageType, ProjectStatus, RunStatus,
    ServerProduct, ServerUseType,
};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIDNSMLOPS";
const SECRET_KEY: &str = "nsml-ops-secret-key";
const API_KEY: &str = "nsml-ops-api-key";

/// Signature v2 recomputed from the request as received (by the testkit, not by our signer),
/// and the API key.
fn signed(req: &HttpMockRequest) -> bool {
    let api_key = req
        .headers()
        .get("x-ncp-apigw-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    ncloud_testkit::signature_matches(req, &Credentials::new(ACCESS_KEY, SECRET_KEY))
        && api_key.as_deref() == Some(API_KEY)
}

fn nsml(server: &MockServer) -> Client {
    let core = ncloud_core::Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY).with_api_key(API_KEY))
        .endpoint(server.base_url())
        .retry(RetryConfig::disabled())
        .clock(ManualTimeSource::new(UNIX_EPOCH))
        .build()
        .unwrap();
    Client::new(core)
}

/// A mock answering anything with 500, to prove that nothing was sent.
async fn anything(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|_, then| {
            then.status(500);
        })
        .await
}

/// Two requests are the same JSON body with a JSON content type.
fn json_body(expected: Value) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    move |req| {
        let content_type = req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        content_type.starts_with("application/json")
            && serde_json::from_slice::<Value>(req.body_ref())
                .ok()
                .as_ref()
                == Some(&expected)
    }
}

#[tokio::test]
async fn get_project_decodes_the_reference_shape_and_404_is_typed() {
    let server = MockServer::start_async().await;
    let found = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/nsml/v1/projects/p-1")
                .is_true(signed);
            then.status(200).json_body(json!({
                "projectId": "p-1", "projectName": "project", "status": "CREATED",
                "note": "description", "runCount": 0, "nasVolumeSize": 500,
                "createDate": "2024-09-02T15:44:43", "updateDate": "2024-09-02T15:44:59"
            }));
        })
        .await;
    let missing = server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/projects/gone");
            then.status(404).json_body(json!({
                "error": {"errorCode": "300", "message": "Not Found", "details": "No project gone."}
            }));
        })
        .await;
    let nsml = nsml(&server);
    let project = nsml.get_project("p-1").await.unwrap();
    assert_eq!(project.status, Some(ProjectStatus::Created));
    assert_eq!(project.nas_volume_size, Some(500));
    let error = nsml.get_project("gone").await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(error.code(), Some("300"));
    assert_eq!(error.operation(), Some("nsml.GetProject"));
    assert_eq!(
        (found.calls_async().await, missing.calls_async().await),
        (1, 1)
    );
}

#[tokio::test]
async fn create_project_sends_the_documented_body() {
    let server = MockServer::start_async().await;
    let created = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/nsml/v1/projects")
                .is_true(signed)
                .is_true(json_body(
                    json!({"projectName": "demo-1", "nasVolumeSize": 600, "note": "first"}),
                ));
            then.status(201);
        })
        .await;
    let nsml = nsml(&server);
    // Awaiting the builder sends it.
    nsml.create_project("demo-1", 600)
        .note("first")
        .await
        .unwrap();
    assert_eq!(created.calls_async().await, 1);
}

#[tokio::test]
async fn invalid_project_inputs_send_nothing() {
    let server = MockServer::start_async().await;
    let any = anything(&server).await;
    let nsml = nsml(&server);
    let cases: [(&str, u32, &str); 4] = [
        ("1-project", 500, "start with a letter"),
        ("a--b", 500, "cannot repeat"),
        ("ok", 550, "steps of 100"),
        ("ok", 5_100, "500 to 5000"),
    ];
    for (name, size, expected) in cases {
        let error = nsml.create_project(name, size).send().await.unwrap_err();
        assert!(error.is_configuration(), "{error:?}");
        assert_eq!(error.operation(), Some("nsml.CreateProject"), "{error}");
        assert!(
            error.to_string().contains(expected),
            "{name} {size}: {error}"
        );
    }
    assert!(nsml.get_project(" ").await.unwrap_err().is_configuration());
    let error = nsml.delete_project("").await.unwrap_err();
    assert!(error.is_configuration(), "{error:?}");
    // the rule it broke, not only that the path cannot be sent, and the call it stopped
    assert_eq!(
        error.to_string(),
        "nsml.DeleteProject: invalid request: the project id is empty"
    );
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn delete_project_and_a_bad_request_answer() {
    let server = MockServer::start_async().await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/nsml/v1/projects/p-1")
                .is_true(signed);
            then.status(200);
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/nsml/v1/projects/p-2");
            then.status(400).json_body(json!({
                "error": {"errorCode": "100", "message": "Bad Request", "details": "Project p-2 is CREATING."}
            }));
        })
        .await;
    let nsml = nsml(&server);
    nsml.delete_project("p-1").await.unwrap();
    let error = nsml.delete_project("p-2").await.unwrap_err();
    assert_eq!(error.http_status(), Some(400));
    assert!(error.is_service() && !error.is_transient(), "{error:?}");
    assert_eq!(error.operation(), Some("nsml.DeleteProject"));
    assert_eq!(
        (deleted.calls_async().await, refused.calls_async().await),
        (1, 1)
    );
}

#[tokio::test]
async fn list_runs_pages_with_the_run_list_wrapper() {
    let server = MockServer::start_async().await;
    let body = json!({
        "runList": [
            {"runName": "2", "runType": "NOTEBOOK", "projectId": "p", "projectName": "project",
             "status": "RUN_STATE_IN_PROGRESS", "creator": "ncp-user-2689076",
             "createTime": "2024-09-03 10:38:21", "updateTime": "2024-09-03 10:39:51"},
            {"runName": "1", "runType": "NOTEBOOK", "projectId": "p", "status": "RUN_STATE_COMPLETED"}
        ],
        "totalCount": 2
    });
    // The listing with the default page size, and `latest_run`'s with the largest.
    let mut pages = Vec::new();
    for size in ["10", "1000"] {
        let body = body.clone();
        let mock = server
            .mock_async(move |when, then| {
                when.method(GET)
                    .path("/nsml/v1/projects/runs")
                    .query_param("page", "1")
                    .query_param("pageSize", size)
                    .is_true(signed);
                then.status(200).json_body(body);
            })
            .await;
        pages.push(mock);
    }
    let nsml = nsml(&server);
    let runs = nsml.list_runs().try_collect().await.unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].status, Some(RunStatus::InProgress));
    let latest = nsml.latest_run("p").await.unwrap().unwrap();
    assert_eq!(latest.run_name, "2");
    assert_eq!(nsml.latest_run("other").await.unwrap(), None);
    assert_eq!(pages[0].calls_async().await, 1);
    assert_eq!(pages[1].calls_async().await, 2);
}

#[tokio::test]
async fn get_run_and_create_run() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/projects/p/runs/2").is_true(signed);
            then.status(200).json_body(json!({
                "runName": "2", "projectId": "p", "status": "RUN_STATE_COMPLETED",
                "gpuSvrCode": 2, "imageType": "BASE", "imagePath": "nvcr.io/nvidia/pytorch:21.02-py3",
                "command": "python a.py", "env": {"ir": 0.01}
            }));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/nsml/v1/projects/p/runs")
                .is_true(signed)
                .is_true(json_body(json!({
                    "gpuSvrCode": 2, "imagePath": "nvcr.io/nvidia/pytorch:21.02-py3",
                    "imageType": "BASE", "nodeCount": 2, "command": "python a.py",
                    "envs": {"LR": "0.01"}, "blockStorageNoList": [7], "note": "n"
                })));
            // A 201 that carries the run: it is read from there, no lookup after.
            then.status(201)
                .json_body(json!({"runName": 3, "command": "python a.py"}));
        })
        .await;
    // The newest run before sending.
    let listed = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/nsml/v1/projects/runs")
                .is_true(signed);
            then.status(200).json_body(
                json!({"runList": [{"runName": "2", "projectId": "p"}], "totalCount": 1}),
            );
        })
        .await;
    let nsml = nsml(&server);
    let run = nsml.get_run("p", "2").await.unwrap();
    assert_eq!(run.image_type, Some(ImageType::Base));
    assert_eq!(run.envs.unwrap()["ir"], "0.01");
    let mut product = ServerProduct::new(2, ServerUseType::Train);
    product.node_counts = Some(vec![1, 2, 4]);
    let created = nsml
        .create_run(
            "p",
            &product,
            ImageType::Base,
            "nvcr.io/nvidia/pytorch:21.02-py3",
            2,
        )
        .command("python a.py")
        .env("LR", "0.01")
        .block_storage(7)
        .note("n")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (created.run_name.as_str(), created.project_id.as_deref()),
        ("3", Some("p"))
    );
    assert_eq!(
        (
            get.calls_async().await,
            create.calls_async().await,
            listed.calls_async().await
        ),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn invalid_runs_send_nothing() {
    let server = MockServer::start_async().await;
    let any = anything(&server).await;
    let nsml = nsml(&server);
    let mut train = ServerProduct::new(2, ServerUseType::Train);
    train.node_counts = Some(vec![1, 2]);
    let notebook = ServerProduct::new(1, ServerUseType::Dev);
    let run = |product: &ServerProduct, image_type: ImageType, path: &str, nodes: u32| {
        nsml.create_run("p", product, image_type, path, nodes)
    };
    let base = |product: &ServerProduct| run(product, ImageType::Base, "img:1", 1);
    let cases: Vec<(ncloud_nsml::CreateRun, &str)> = vec![
        (base(&train), "give the command"),
        (base(&notebook).command("python a.py"), "takes no command"),
        (
            run(&train, ImageType::Base, "img:1", 3).command("c"),
            "does not offer 3 nodes",
        ),
        (
            run(&train, ImageType::Base, "img:1", 0).command("c"),
            "at least 1 node",
        ),
        (
            run(&train, ImageType::Unknown("X".into()), "i", 1).command("c"),
            "BASE or CUSTOM",
        ),
        (
            run(&train, ImageType::Base, " ", 1).command("c"),
            "image path is empty",
        ),
        (base(&train).command("c").env("", "v"), "empty name"),
    ];
    for (request, expected) in cases {
        let error = request.send().await.unwrap_err();
        assert!(error.is_configuration(), "{error:?}");
        assert!(error.to_string().contains(expected), "{expected}: {error}");
        assert_eq!(error.operation(), Some("nsml.CreateRun"), "{error}");
    }
    let error = nsml.get_run("p", "latest").await.unwrap_err();
    assert!(error.to_string().contains("numbers"), "{error}");
    assert_eq!(error.operation(), Some("nsml.GetRun"), "{error}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn ssh_keys_list_create_and_delete() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/auth-keys").is_true(signed);
            then.status(200).json_body(json!({
                "keyList": [
                    {"name": "*****", "title": "authkey", "fingerprint": "**:**", "createTime": "2024-09-03 09:36:40"},
                    {"name": "*****", "title": "authkey111", "fingerprint": "**:**", "createTime": "2024-09-03 09:51:36"}
                ],
                "totalCount": 2
            }));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/nsml/v1/auth-keys")
                .is_true(signed)
                .is_true(json_body(
                    json!({"title": "laptop", "key": "ssh-ed25519 AAAA me@host"}),
                ));
            then.status(201);
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/nsml/v1/auth-keys/title/laptop/name/k%201")
                .is_true(signed);
            then.status(200);
        })
        .await;
    let nsml = nsml(&server);
    let keys = nsml.list_auth_keys().await.unwrap();
    assert_eq!(keys[1].title.as_deref(), Some("authkey111"));
    nsml.create_auth_key("laptop", "ssh-ed25519 AAAA me@host\n")
        .await
        .unwrap();
    nsml.delete_auth_key("laptop", "k 1").await.unwrap();
    let calls = (
        list.calls_async().await,
        create.calls_async().await,
        delete.calls_async().await,
    );
    assert_eq!(calls, (1, 1, 1));

    let bad = nsml.create_auth_key("laptop", "ssh-dss AAAA").await;
    assert!(bad.unwrap_err().to_string().contains("ssh-ed25519"));
    let bad = nsml.create_auth_key("my_key", "ssh-rsa AAAA").await;
    assert!(bad.unwrap_err().to_string().contains("'_'"));
    assert_eq!(create.calls_async().await, 1);
}

#[tokio::test]
async fn an_incomplete_unpaged_list_is_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/images/base");
            then.status(200).json_body(json!({
                "imageList": [{"name": "a", "path": "a"}], "totalCount": 3
            }));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/server-products");
            then.status(200).json_body(json!({"totalCount": 0}));
        })
        .await;
    let nsml = nsml(&server);
    let error = nsml.list_base_images().await.unwrap_err();
    assert!(error.is_listing(), "{error:?}");
    assert!(
        error.to_string().contains("1 base images but reports 3"),
        "{error}"
    );
    let error = nsml.list_server_products().await.unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    let chain = ncloud_nsml::ErrorChain(&error).to_string();
    assert!(chain.contains("serverProductList"), "{chain}");
}

#[tokio::test]
async fn registry_credentials_keep_the_secret_out_of_sight() {
    const SECRET: &str = "registry-secret-0123456789";
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/nsml/v1/images/secret")
                .is_true(signed);
            then.status(200).json_body(json!({
                "dockerCredentials": [{
                    "privateEp": "abcd.kr.private-ncr.ntruss.com", "accessKey": "AK",
                    "secretKey": SECRET, "createTime": "2024-09-03 10:00:00"
                }],
                "totalSize": 1
            }));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/nsml/v1/images/secret")
                .is_true(signed)
                .is_true(json_body(json!({
                    "privateEp": "abcd.kr.private-ncr.ntruss.com", "accessKey": "AK", "secretKey": SECRET
                })));
            then.status(201);
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/nsml/v1/images/secret")
                .query_param("privateEp", "abcd.kr.private-ncr.ntruss.com")
                .is_true(signed);
            then.status(200);
        })
        .await;
    let nsml = nsml(&server);
    let credentials = nsml.get_registry_credentials().await.unwrap();
    assert_eq!(credentials[0].secret_key(), Some(SECRET));
    assert!(!format!("{credentials:?}").contains(SECRET));
    assert!(
        !serde_json::to_string(&credentials)
            .unwrap()
            .contains(SECRET)
    );

    nsml.create_registry_credential("abcd.kr.private-ncr.ntruss.com", "AK", SECRET)
        .await
        .unwrap();
    nsml.delete_registry_credential("abcd.kr.private-ncr.ntruss.com")
        .await
        .unwrap();
    let calls = (
        get.calls_async().await,
        create.calls_async().await,
        delete.calls_async().await,
    );
    assert_eq!(calls, (1, 1, 1));

    let error = nsml
        .create_registry_credential("registry.example.com", "AK", SECRET)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("private-ncr.ntruss.com") && !error.to_string().contains(SECRET)
    );
    assert!(nsml.delete_registry_credential("x").await.is_err());
    assert_eq!(
        (create.calls_async().await, delete.calls_async().await),
        (1, 1)
    );
}

#[tokio::test]
async fn the_catalogue_and_block_storages() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/images/base").is_true(signed);
            then.status(200).json_body(json!({
                "imageList": [
                    {"name": "nvcr.io/nvidia/mxnet:21.02-py3", "path": "nvcr.io/nvidia/mxnet:21.02-py3"},
                    {"name": "nvcr.io/nvidia/pytorch:21.02-py3", "path": "nvcr.io/nvidia/pytorch:21.02-py3"}
                ],
                "totalCount": 2
            }));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/nsml/v1/server-products")
                .is_true(signed);
            then.status(200).json_body(json!({
                "serverProductList": [{"gpuSvrCode": 1, "nodeCounts": [1], "useType": "DEV"}],
                "totalCount": 1
            }));
        })
        .await;
    let storages = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/nsml/v1/blk-storages")
                .query_param("page", "1")
                .query_param("pageSize", "5")
                .is_true(signed);
            then.status(200).json_body(json!({
                "page": 1, "pageSize": 5, "totalCount": 1,
                "blockStorageMgmtList": [{"blockStorageNo": 1001, "status": "DETACHED"}]
            }));
        })
        .await;
    let nsml = nsml(&server);
    assert_eq!(nsml.list_base_images().await.unwrap().len(), 2);
    let products = nsml.list_server_products().await.unwrap();
    assert_eq!(products[0].use_type, Some(ServerUseType::Dev));
    let all = nsml
        .list_block_storages()
        .page_size(5)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all[0].status, Some(BlockStorageStatus::Detached));
    assert_eq!(storages.calls_async().await, 1);
}

#[tokio::test]
async fn without_an_api_key_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let any = anything(&server).await;
    let core = ncloud_core::Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .endpoint(server.base_url())
        .build()
        .unwrap();
    let nsml = Client::new(core);
    let error: Error = nsml.list_server_products().await.unwrap_err();
    assert!(error.is_configuration(), "{error:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn an_unreadable_credentials_answer_keeps_no_secret() {
    const SECRET: &str = "registry-secret-in-a-bad-answer";
    let bodies = [
        // A field of the wrong type: serde fails after the secret was read.
        json!({"dockerCredentials": [{"privateEp": 5, "secretKey": SECRET}], "totalSize": 1})
            .to_string(),
        // Cut in the middle, after the secret.
        format!(r#"{{"dockerCredentials": [{{"secretKey": "{SECRET}", "privateEp": "#),
        // The secret where a string is not expected by anyone: as a number's place.
        format!(r#"{{"dockerCredentials": [{{"secretKey": ["{SECRET}"]}}]}}"#),
    ];
    for body in bodies {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/nsml/v1/images/secret");
                then.status(200).body(body.clone());
            })
            .await;
        let error = nsml(&server).get_registry_credentials().await.unwrap_err();
        assert!(error.is_decode(), "{error:?}");
        assert_eq!(error.operation(), Some("nsml.GetRegistryCredentials"));
        let shown = format!("{error:?} {error} {}", ncloud_nsml::ErrorChain(&error));
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("withheld"), "{shown}");
    }
}

#[tokio::test]
async fn gateway_refusals_are_typed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/nsml/v1/auth-keys");
            then.status(401).json_body(json!({
                "error": {"errorCode": "200", "message": "Authentication Failed", "details": "Invalid API key."}
            }));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/nsml/v1/projects");
            then.status(429).json_body(json!({
                "error": {"errorCode": "420", "message": "Rate Limited"}
            }));
        })
        .await;
    let nsml = nsml(&server);
    let error = nsml.list_auth_keys().await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert_eq!(
        (error.http_status(), error.code()),
        (Some(401), Some("200"))
    );
    assert_eq!(error.operation(), Some("nsml.ListAuthKeys"));
    let error = nsml.create_project("p", 500).send().await.unwrap_err();
    assert!(error.is_throttling(), "{error:?}");
    assert_eq!(error.operation(), Some("nsml.CreateProject"));
}
