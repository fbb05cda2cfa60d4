//! Every workflow operation against httpmock: method, path (segments percent-encoded), query and
//! body as sent, the signature recomputed by the mock, the decoding of the reference pages'
//! examples, and both MI error shapes.

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, Mock};
use ncloud_core::client::RetryConfig;
use ncloud_mi::{AssetType, Client, ConfidenceLevel, Credentials, IndexState, SearchQuery};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIDMITEST";
const SECRET_KEY: &str = "mi-secret-key-value";

fn signed(req: &HttpMockRequest) -> bool {
    ncloud_testkit::signature_matches(req, &Credentials::new(ACCESS_KEY, SECRET_KEY))
}

fn mi(server: &MockServer) -> Client {
    let core = ncloud_core::Client::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .endpoint(server.base_url())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    Client::new(core)
}

fn success(result: Value) -> Value {
    json!({"code": "0", "message": "success", "result": result})
}

/// The "Get project details" example's `result`.
fn project_example() -> Value {
    json!({
        "projectId": 1234,
        "name": "my-project",
        "isBaseProject": false,
        "createdUserName": "user123",
        "createdTime": "2026-03-18T10:30:00",
        "updatedUserName": "user123",
        "updatedTime": "2026-03-18T10:30:00"
    })
}

/// A signed `method path` (exact, as encoded on the wire) answering `body` with HTTP 200.
async fn mock<'a>(server: &'a MockServer, method: Method, path: &str, body: Value) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(method).path(path).is_true(signed);
            then.status(200).json_body(body);
        })
        .await
}

#[tokio::test]
async fn create_workspace_posts_name_and_bucket() {
    let server = MockServer::start_async().await;
    let created = json!({
        "workspaceName": "my-workspace",
        "createdUserName": "user123", "createdTime": "2026-03-18T10:30:00",
        "updatedUserName": "user123", "updatedTime": "2026-03-18T10:30:00"
    });
    let m = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workspaces")
                .header("content-type", "application/json")
                .json_body(json!({"workspaceName": "my-workspace", "bucketName": "my-bucket"}))
                .is_true(signed);
            then.status(200).json_body(success(created));
        })
        .await;
    let w = mi(&server)
        .create_workspace("my-workspace")
        .bucket("my-bucket")
        .send()
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(w.workspace_name, "my-workspace");
    assert_eq!((w.workspace_url, w.bucket_name), (None, None));
}

#[tokio::test]
async fn creates_accepted_but_unreadable_say_what_was_created() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workspaces")
                .json_body(json!({"workspaceName": "x-y-z"}));
            then.status(400)
                .json_body(json!({"code": "10001", "message": "Invalid Request."}));
        })
        .await;
    // The service made the workspace and the project; their answers cannot be read.
    for (path, body) in [
        (
            "/api/v1/workspaces",
            r#"{"code":"0","message":"success","result":{"workspa"#,
        ),
        (
            "/api/v1/workspaces/ws/projects",
            "<html><body>Gateway</body></html>",
        ),
        (
            "/api/v1/workspaces/ws/person-tags",
            r#"{"code":"0","result":{"id":"#,
        ),
    ] {
        server
            .mock_async(|when, then| {
                when.method(POST).path(path);
                then.status(200).body(body);
            })
            .await;
    }
    let mi = mi(&server);
    let error = mi.create_workspace("my-workspace").await.unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_eq!(error.created(), Some("my-workspace"));
    assert!(
        error
            .to_string()
            .ends_with("; the change was made (created: my-workspace)"),
        "{error}"
    );
    let error = mi.create_project("ws", "clips").await.unwrap_err();
    assert_eq!(error.created(), Some("clips"), "{error}");
    let error = mi.create_person_tag("ws", "actors").await.unwrap_err();
    assert_eq!(error.created(), Some("actors"), "{error}");
    // An error answer changed nothing.
    let error = mi.create_workspace("x-y-z").await.unwrap_err();
    assert_eq!(error.change(), None, "{error}");
}

#[tokio::test]
async fn get_and_delete_workspace_encode_the_name() {
    let server = MockServer::start_async().await;
    let example = json!({
        "workspaceName": "my ws/1",
        "workspaceUrl": "https://mi.apigw.ntruss.com/api/v1/workspaces/my-workspace",
        "bucketName": "my-bucket",
        "createdUserName": "user123", "createdTime": "2026-03-18T10:30:00",
        "updatedUserName": "user123", "updatedTime": "2026-03-18T10:30:00"
    });
    let get = mock(
        &server,
        GET,
        "/api/v1/workspaces/my%20ws%2F1",
        success(example),
    )
    .await;
    // A delete may answer without `result`.
    let delete = mock(
        &server,
        DELETE,
        "/api/v1/workspaces/my%20ws%2F1",
        json!({"code": "0", "message": "success"}),
    )
    .await;
    let mi = mi(&server);
    let w = mi.get_workspace("my ws/1").await.unwrap();
    assert_eq!(w.bucket_name.as_deref(), Some("my-bucket"));
    mi.delete_workspace("my ws/1").await.unwrap();
    get.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn project_calls() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workspaces/ws/projects")
                .query_param("pageNum", "1")
                .query_param("pageSize", "1000")
                .is_true(signed);
            // The reference shape: `projects` and `totalCount`, no paging fields.
            then.status(200).json_body(success(json!({
                "projects": [project_example(), {"projectId": 1, "name": "base", "isBaseProject": true}],
                "totalCount": 2
            })));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workspaces/ws/projects")
                .json_body(json!({"name": "my-project"}))
                .is_true(signed);
            then.status(200).json_body(success(project_example()));
        })
        .await;
    let rename = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/workspaces/ws/projects/1234")
                .json_body(json!({"name": "renamed"}))
                .is_true(signed);
            then.status(200).json_body(success(project_example()));
        })
        .await;
    let get = mock(
        &server,
        GET,
        "/api/v1/workspaces/ws/projects/1234",
        success(project_example()),
    )
    .await;
    let delete = mock(
        &server,
        DELETE,
        "/api/v1/workspaces/ws/projects/1234",
        json!({"code": "0"}),
    )
    .await;

    let mi = mi(&server);
    let projects = mi.list_projects("ws").try_collect().await.unwrap();
    assert_eq!(projects.len(), 2);
    assert_eq!(projects[1].is_base_project, Some(true));
    assert_eq!(
        mi.create_project("ws", "my-project")
            .await
            .unwrap()
            .project_id,
        1234
    );
    assert_eq!(
        mi.rename_project("ws", 1234, "renamed").await.unwrap().name,
        "my-project"
    );
    assert_eq!(mi.get_project("ws", 1234).await.unwrap().name, "my-project");
    mi.delete_project("ws", 1234).await.unwrap();
    for m in [list, create, rename, get, delete] {
        m.assert_async().await;
    }
}

#[tokio::test]
async fn asset_calls() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workspaces/ws/projects/1234/assets")
                .query_param("pageNum", "1")
                .query_param("pageSize", "100")
                .is_true(signed);
            then.status(200).json_body(success(json!({
                "content": [{"assetId": 5678, "fileName": "sample-video.mp4", "projectId": 1234}],
                "totalCount": 1, "totalPage": 1, "pageNo": 1, "pageSize": 100
            })));
        })
        .await;
    let import = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workspaces/ws/projects/1234/assets/import/object-storage")
                .json_body(json!({"bucketName": "my-bucket", "key": "videos/sample-video.MP4"}))
                .is_true(signed);
            then.status(200)
                .json_body(success(json!({"assetId": 5678})));
        })
        .await;
    // The reference example of the analysis status, verbatim.
    let status = mock(
        &server,
        GET,
        "/api/v1/workspaces/ws/projects/1234/assets/5678/index/status",
        json!({"code": "0", "message": "success", "result": {
            "status": "ANALYZE_COMPLETED", "analysisStatusMessage": null, "indexId": 1001
        }}),
    )
    .await;

    let mi = mi(&server);
    let assets = mi
        .list_assets("ws", 1234)
        .page_size(100)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(assets[0].file_name.as_deref(), Some("sample-video.mp4"));
    let imported = mi
        .import_asset("ws", 1234, "my-bucket", "videos/sample-video.MP4")
        .await
        .unwrap();
    assert_eq!(imported.asset_id, 5678);
    let s = mi.index_status("ws", 1234, 5678).await.unwrap();
    assert_eq!((s.status, s.index_id), (IndexState::Completed, Some(1001)));
    for m in [list, import, status] {
        m.assert_async().await;
    }
}

#[tokio::test]
async fn index_calls() {
    let server = MockServer::start_async().await;
    let index = json!({
        "indexId": 1001, "type": "VIDEO",
        "createdTime": "2026-03-18T10:30:00", "createdUserName": "user123",
        "updatedTime": "2026-03-18T10:30:00", "updatedUserName": "user123",
        "analysisSetting": {"analysisEngine": "Sinossi v1.0"}
    });
    let base = "/api/v1/workspaces/ws/projects/1234/assets/5678/indexes";
    let list = mock(
        &server,
        GET,
        base,
        success(json!({"totalCount": 1, "indexes": [index.clone()]})),
    )
    .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{base}/1001"))
                .query_param("confidence_level", "HIGH")
                .is_true(signed);
            then.status(200).json_body(success(index.clone()));
        })
        .await;
    let delete = mock(
        &server,
        DELETE,
        &format!("{base}/1001"),
        json!({"code": "0", "message": "success"}),
    )
    .await;

    let mi = mi(&server);
    let listed = mi
        .list_indexes("ws", 1234, 5678)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed[0].asset_type, Some(AssetType::Video));
    let got = mi
        .get_index("ws", 1234, 5678, 1001)
        .confidence(ConfidenceLevel::High)
        .send()
        .await
        .unwrap();
    assert_eq!(got.index_id, 1001);
    mi.delete_index("ws", 1234, 5678, 1001).await.unwrap();
    for m in [list, get, delete] {
        m.assert_async().await;
    }
}

#[tokio::test]
async fn search_start_and_results() {
    let server = MockServer::start_async().await;
    let start = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/workspaces/ws/assets/search")
                .json_body(json!({
                    "query": {"textQuery": "a red car"},
                    "queryOption": {"confidenceLevel": "LOW"},
                    "filter": {"projectIds": [1234]}
                }))
                .is_true(signed);
            then.status(200)
                .json_body(success(json!({"searchId": "JtWJKTDCKknMHP8Id4Gt"})));
        })
        .await;
    let results = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/workspaces/ws/assets/search/JtWJKTDCKknMHP8Id4Gt")
                .query_param("pageNum", "1")
                .query_param("pageSize", "50")
                .is_true(signed);
            then.status(200).json_body(success(json!({
                "searchId": "JtWJKTDCKknMHP8Id4Gt", "status": "COMPLETED",
                "totalCount": 1, "totalPage": 1, "pageNo": 1, "pageSize": 50,
                "results": [{"assetId": 5678, "score": 0.9}]
            })));
        })
        .await;
    let mi = mi(&server);
    let started = mi
        .search("ws", SearchQuery::text("a red car"))
        .project(1234)
        .confidence(ConfidenceLevel::Low)
        .await
        .unwrap();
    assert_eq!(started.search_id, "JtWJKTDCKknMHP8Id4Gt");
    let matches = mi
        .search_results("ws", "JtWJKTDCKknMHP8Id4Gt")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        (matches[0].asset_id, matches[0].score),
        (Some(5678), Some(0.9))
    );
    start.assert_async().await;
    results.assert_async().await;
}

#[tokio::test]
async fn results_of_a_running_search_are_an_error_not_an_empty_list() {
    let server = MockServer::start_async().await;
    mock(
        &server,
        GET,
        "/api/v1/workspaces/ws/assets/search/s1",
        success(json!({"searchId": "s1", "status": "RUNNING"})),
    )
    .await;
    let error = mi(&server)
        .search_results("ws", "s1")
        .try_collect()
        .await
        .unwrap_err();
    let error = ncloud_mi::Error::from(error);
    assert!(error.is_decode(), "{error}");
    let chain = ncloud_mi::ErrorChain(&error).to_string();
    assert!(
        chain.contains("the search is RUNNING, not COMPLETED"),
        "{chain}"
    );
}

#[tokio::test]
async fn both_error_shapes_with_any_status() {
    let server = MockServer::start_async().await;
    let shapes = [
        (
            400,
            json!({"code": "10027", "message": "The base project cannot be deleted."}),
        ),
        (
            400,
            json!({"responseError": {"code": "10027", "message": "The base project cannot be deleted."}}),
        ),
        (
            200,
            json!({"responseError": {"code": 10027, "message": "The base project cannot be deleted."}}),
        ),
    ];
    let mi = mi(&server);
    for (status, body) in shapes {
        let m = server
            .mock_async(|when, then| {
                when.method(DELETE)
                    .path("/api/v1/workspaces/ws/projects/1")
                    .is_true(signed);
                then.status(status).json_body(body.clone());
            })
            .await;
        let error = mi.delete_project("ws", 1).await.unwrap_err();
        assert!(error.is_service(), "{body}: {error}");
        assert_eq!(error.http_status(), Some(status));
        assert_eq!(error.code(), Some("10027"), "{body}");
        assert_eq!(error.message(), Some("The base project cannot be deleted."));
        assert_eq!(error.operation(), Some("mi.DeleteProject"));
        m.delete_async().await;
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_when, then| {
            then.status(500);
        })
        .await;
    let mi = mi(&server);
    let errors = [
        mi.create_workspace("A_b").send().await.unwrap_err(),
        mi.create_project("ws", "a`b").await.unwrap_err(),
        mi.rename_project("ws", 1, &"x".repeat(101))
            .await
            .unwrap_err(),
        mi.import_asset("ws", 1, "b", "movie.avi")
            .await
            .unwrap_err(),
        mi.import_asset("ws", 1, "", "movie.mp4").await.unwrap_err(),
        mi.search("ws", SearchQuery::text("a;b")).await.unwrap_err(),
        mi.search("ws", SearchQuery::default())
            .send()
            .await
            .unwrap_err(),
        mi.search("ws", SearchQuery::text("ok"))
            .page_size(101)
            .await
            .unwrap_err(),
        ncloud_mi::Error::from(
            mi.search_results("ws", "s")
                .page_size(101)
                .send()
                .await
                .unwrap_err(),
        ),
        ncloud_mi::Error::from(
            mi.list_assets("ws", 1)
                .page_size(1001)
                .send()
                .await
                .unwrap_err(),
        ),
    ];
    // Each names the call it stopped (the single calls; the paged ones fail in the paginator).
    let named = [
        "mi.CreateWorkspace",
        "mi.CreateProject",
        "mi.RenameProject",
        "mi.ImportAsset",
        "mi.ImportAsset",
    ];
    for (error, operation) in errors.iter().zip(named) {
        assert_eq!(error.operation(), Some(operation), "{error}");
        assert!(error.to_string().starts_with(operation), "{error}");
    }
    for error in errors {
        assert!(error.is_configuration(), "{error}");
    }
    any.assert_calls_async(0).await;
}
