//! `ncloud api` and `ncloud sign` through the real binary, against the testkit's fake gateway.

mod support;

use httpmock::{Method, MockServer};
use ncloud_testkit::{FakeGateway, Fault, Route};
use serde::Deserialize;
use serde_json::Value;
use support::{ACCESS_KEY, API_KEY, ENV_CREDENTIALS, Run, ids, ncloud, ncloud_at, start, words};

/// `ncloud --endpoint <gateway> api args...`.
fn api(gateway: &FakeGateway, args: &[&str]) -> Run {
    ncloud_at(gateway, &[&["api"], args].concat())
}

#[test]
fn paginate_lists_every_nsml_project_once() {
    let gateway = start(FakeGateway::builder().projects(30));
    let run = api(
        &gateway,
        &words("GET /nsml/v1/projects --host nsml --paginate --page-size 7"),
    );
    run.assert_success();
    assert_eq!(run.ids("projectId"), ids(gateway.projects(), "projectId"));
    let served = gateway.served_by_page(Route::Projects);
    assert_eq!(served.keys().copied().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert!(served.values().all(|&n| n == 1), "{served:?}");
}

#[test]
fn paginate_lists_every_mi_workspace_once_despite_first_attempt_failures() {
    let gateway = start(
        FakeGateway::builder()
            .workspaces(250)
            .fault(Fault::RateLimited.on_page(2)),
    );
    let run = api(
        &gateway,
        &words("GET /api/v1/workspaces --host mi --paginate --shape mi --page-size 100"),
    );
    run.assert_success();
    assert_eq!(
        run.ids("workspaceName"),
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

#[test]
fn single_call_prints_the_json_answer() {
    let gateway = start(FakeGateway::builder().workspaces(5));
    let run = api(
        &gateway,
        &words("GET /api/v1/workspaces --host mi -q pageNum=1 -q pageSize=2"),
    );
    run.assert_success();
    let body: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(body["code"], "0");
    assert_eq!(body["result"]["totalCount"], 5);
    assert_eq!(body["result"]["content"].as_array().unwrap().len(), 2);
}

#[test]
fn service_errors_exit_4_with_code_and_message() {
    let gateway = start(FakeGateway::builder());
    // pageNum is required by MI.
    let run = api(&gateway, &["GET", "/api/v1/workspaces", "--host", "mi"]);
    let error = run.assert_failure(4);
    assert!(
        error.starts_with(
            "error: GET /api/v1/workspaces: HTTP 400, NCP code 10001: Invalid Request."
        ),
        "{error}"
    );
}

#[test]
fn error_answers_with_a_2xx_status_exit_4_and_print_nothing() {
    let server = MockServer::start();
    let answers = [
        (
            "/envelope",
            "application/json",
            r#"{"error":{"errorCode":"210","message":"Permission Denied"}}"#,
            "NCP code 210: Permission Denied",
        ),
        (
            "/mi",
            "application/json",
            r#"{"code":"10001","message":"Invalid Request."}"#,
            "NCP code 10001: Invalid Request.",
        ),
        (
            "/login",
            "text/html",
            "\n<!DOCTYPE html><html><head><title>Sign in</title></head><body>x</body></html>",
            "Sign in",
        ),
    ];
    for (path, content_type, body, _) in answers {
        server.mock(|when, then| {
            when.method(Method::GET).path(path);
            then.status(200)
                .header("content-type", content_type)
                .body(body);
        });
    }
    for (path, _, _, said) in answers {
        let url = server.url(path);
        let run = ncloud(&["api", "GET", &url], &ENV_CREDENTIALS);
        let error = run.assert_failure(4);
        assert!(error.contains(said), "{path}: {error}");
        assert_eq!(run.stdout, "", "{path}");
    }
    // A 2xx answer that is plain text or JSON without an error is still printed.
    server.mock(|when, then| {
        when.method(Method::GET).path("/text");
        then.status(200).body("pong");
    });
    let run = ncloud(&["api", "GET", &server.url("/text")], &ENV_CREDENTIALS);
    run.assert_success();
    assert_eq!(run.stdout, "pong");
}

#[test]
fn endless_paging_is_stopped_by_the_guard() {
    let gateway = start(
        FakeGateway::builder()
            .projects(30)
            .fault(Fault::GrowingTotal.every_attempt()),
    );
    let run = api(
        &gateway,
        &words("GET /nsml/v1/projects --host nsml --paginate --page-size 10"),
    );
    let error = run.assert_failure(4);
    assert!(error.contains("total"), "{error}");
    // The listing names the call, as each page's own errors do.
    assert!(
        error.starts_with("error: GET /nsml/v1/projects: "),
        "{error}"
    );
}

#[test]
fn a_wrong_secret_exits_3_and_never_prints_secrets() {
    let gateway = start(FakeGateway::builder());
    let base = gateway.base_url();
    let run = ncloud(
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
            ("NCLOUD_ACCESS_KEY_ID", ACCESS_KEY),
            ("NCLOUD_SECRET_ACCESS_KEY", "not-the-right-secret-0123"),
            ("NCLOUD_API_KEY", API_KEY),
        ],
    );
    assert_eq!(run.code, Some(3), "{run:#?}");
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("Authentication Failed"), "{all}");
    assert!(!all.contains("not-the-right-secret-0123"), "{all}");
    assert!(!all.contains(API_KEY), "{all}");
}

#[test]
fn usage_errors_exit_2_before_sending() {
    let gateway = start(FakeGateway::builder());
    for args in [
        &["GET", "nsml/v1/projects"][..],
        &["POST", "/nsml/v1/projects", "--body", "{not json"],
        &["POST", "/nsml/v1/projects", "--paginate"],
        &["GET", "/x", "-q", "novalue"],
        &["GET", "/x", "--host", "not a host"],
    ] {
        let run = api(&gateway, args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:#?}");
    }
    assert_eq!(gateway.requests(Route::Projects), 0);
}

/// What would be rewritten on the way (a `%2e%2e` segment, CR/LF, a fragment) is refused before
/// anything is sent, as `ncloud sign` refuses it: nothing reaches another resource.
#[test]
fn paths_that_would_be_rewritten_are_refused_before_sending() {
    let gateway = start(FakeGateway::builder().projects(3));
    for (target, expected) in [
        (
            "/nsml/v1/projects/%2e%2e/auth-keys",
            "sign the path as sent: /nsml/v1/auth-keys",
        ),
        ("/nsml/v1/projects/./p1", "'.' and '..' segments"),
        ("/nsml/v1/pro\r\njects", "a URL cannot carry"),
        ("/nsml/v1/projects#top", "a fragment (#...) is never sent"),
    ] {
        let run = api(&gateway, &["GET", target, "--host", "nsml"]);
        assert_eq!(run.code, Some(2), "{target:?}: {run:#?}");
        assert!(run.stdout.is_empty(), "{target:?}: {run:#?}");
        assert!(run.stderr.contains(expected), "{target:?}: {run:#?}");
    }
    assert_eq!(gateway.nsml_calls_total(), 0);
    assert_eq!(gateway.rejected(), 0);
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

#[test]
fn sign_reproduces_every_shared_vector() {
    let json = include_str!("../../ncloud-core/tests/data/signature-v2.json");
    let vectors: Vectors = serde_json::from_str(json).unwrap();
    assert!(vectors.vectors.len() >= 6);
    for v in vectors.vectors {
        let env = [
            ("NCLOUD_ACCESS_KEY_ID", v.access_key.as_str()),
            ("NCLOUD_SECRET_ACCESS_KEY", v.secret_key.as_str()),
        ];
        let run = ncloud(
            &["sign", &v.method, &v.uri, "--timestamp", &v.timestamp],
            &env,
        );
        assert_eq!(run.code, Some(0), "{}: {run:#?}", v.name);
        assert_eq!(
            run.stdout,
            format!(
                "x-ncp-apigw-timestamp: {}\nx-ncp-iam-access-key: {}\nx-ncp-apigw-signature-v2: {}\n",
                v.timestamp, v.access_key, v.signature
            ),
            "vector {}",
            v.name
        );
        assert!(!run.stdout.contains(&v.secret_key));

        let run = ncloud(
            &[
                "sign",
                &v.method,
                &v.uri,
                "--timestamp",
                &v.timestamp,
                "--curl",
            ],
            &env,
        );
        assert_eq!(
            run.stdout.trim_end(),
            format!(
                "-H x-ncp-apigw-timestamp:{} -H x-ncp-iam-access-key:{} -H x-ncp-apigw-signature-v2:{}",
                v.timestamp, v.access_key, v.signature
            ),
            "vector {}",
            v.name
        );
    }
}

#[test]
fn sign_never_prints_the_api_key() {
    let env = [
        ("NCLOUD_ACCESS_KEY_ID", "AKID"),
        ("NCLOUD_SECRET_ACCESS_KEY", "secret-value-123"),
        ("NCLOUD_API_KEY", "api-key-value-456"),
    ];
    let run = ncloud(
        &words("sign get https://nsml.apigw.ntruss.com/nsml/v1/projects?page=1 --curl"),
        &env,
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        !all.contains("api-key-value-456") && !all.contains("secret-value-123"),
        "{all}"
    );
    assert!(
        all.contains("x-ncp-apigw-api-key"),
        "the note tells the user to send it: {all}"
    );
}

/// `ncloud sign` with arguments that cannot be signed as given: exit 2, one line on stderr that
/// says what to sign instead, nothing on stdout (a script must not pick up half a curl command).
#[test]
fn sign_refuses_what_would_not_match_the_wire() {
    let env = [
        ("NCLOUD_ACCESS_KEY_ID", "AKID"),
        ("NCLOUD_SECRET_ACCESS_KEY", "secret-value-123"),
    ];
    for (args, expected) in [
        (["", "/a"], "\"\" is not an HTTP method"),
        (["G ET", "/a"], "\"G ET\" is not an HTTP method"),
        (["GET\n", "/a"], "is not an HTTP method"),
        (["GET", ""], "is neither a URL nor a path starting with /"),
        (
            ["GET", "api/v1/workspaces"],
            "is neither a URL nor a path starting with /",
        ),
        (["GET", "/a b"], "sign the path as sent: /a%20b"),
        (["GET", "/a\nb"], "sign the path as sent: /a%0Ab"),
        (
            ["GET", "/nsml/v1/projects?name=가"],
            "sign the path as sent: /nsml/v1/projects?name=%EA%B0%80",
        ),
        (
            ["GET", "/api/v1/../v1/workspaces"],
            "sign the path as sent: /api/v1/workspaces",
        ),
        (
            ["GET", "https://mi.apigw.ntruss.com/api/./v1/workspaces"],
            "sign the path as sent: /api/v1/workspaces",
        ),
        (["GET", "/a?x=100%"], "sign the path as sent: /a?x=100%25"),
    ] {
        for curl in [false, true] {
            let mut all = vec!["sign", args[0], args[1], "--timestamp", "1"];
            if curl {
                all.push("--curl");
            }
            let output = ncloud(&all, &env);
            let stderr = &output.stderr;
            assert_eq!(output.code, Some(2), "{args:?}: {stderr}");
            assert!(output.stdout.is_empty(), "{args:?}");
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
            assert!(stderr.contains(expected), "{args:?}: {stderr}");
        }
    }
}

/// An access key that would inject curl options or header lines: nothing on stdout, a clear error.
#[test]
fn sign_refuses_keys_that_would_inject_options_or_header_lines() {
    for (access_key, curl, expected) in [
        (
            "AKID -o /tmp/owned --url http://evil",
            true,
            "$(...) would split",
        ),
        ("AKID*", true, "$(...) would split"),
        (
            "AKID\r\nx-injected: 1",
            false,
            "cannot be sent as an HTTP header value",
        ),
        (
            "AKID\r\nx-injected: 1",
            true,
            "cannot be sent as an HTTP header value",
        ),
        (
            "AKID\u{1b}]0;title\u{7}",
            false,
            "cannot be sent as an HTTP header value",
        ),
    ] {
        let env = [
            ("NCLOUD_ACCESS_KEY_ID", access_key),
            ("NCLOUD_SECRET_ACCESS_KEY", "secret-value-123"),
        ];
        let mut args = vec!["sign", "GET", "/api/v1/workspaces", "--timestamp", "1"];
        if curl {
            args.push("--curl");
        }
        let run = ncloud(&args, &env);
        assert_ne!(run.code, Some(0), "{access_key:?}: {run:#?}");
        assert!(run.stdout.is_empty(), "{access_key:?}: {run:#?}");
        assert!(run.stderr.contains(expected), "{access_key:?}: {run:#?}");
        assert!(!run.stderr.contains("owned") && !run.stderr.contains("injected"));
    }
}

#[test]
fn sign_checks_its_arguments_before_looking_for_credentials() {
    // No credentials anywhere: a bad path is still a usage error (2), not an auth error (3).
    let output = ncloud(&["sign", "GET", "/a/../b"], &[]);
    assert_eq!(output.code, Some(2), "{output:#?}");
    let output = ncloud(&["sign", "GET", "/a"], &[]);
    assert_eq!(output.code, Some(3), "{output:#?}");
    assert!(output.stdout.is_empty());
}
