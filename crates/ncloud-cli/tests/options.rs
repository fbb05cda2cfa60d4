//! Global options and the smaller commands: `--endpoint` forms, `--limit` page sizes, paging
//! parameters given in an `api --paginate` URL, `ncloud demo api|sign`, and `completions`.

mod support;

use httpmock::{Method, MockServer};
use ncloud_testkit::{FakeGateway, Route};
use serde_json::json;
use support::{ENV_CREDENTIALS, each_page, ids, ncloud, ncloud_at, start, words};

#[test]
fn endpoint_may_include_the_service_path() {
    let gateway = start(FakeGateway::builder().projects(25).workspaces(25));
    let base = gateway.base_url();
    for (endpoint, service, list, key, items) in [
        (
            format!("{base}/api/v1"),
            "mi",
            "workspaces",
            "workspaceName",
            gateway.workspaces(),
        ),
        (
            format!("{base}/api/v1/"),
            "mi",
            "workspaces",
            "workspaceName",
            gateway.workspaces(),
        ),
        (
            format!("{base}/nsml/v1"),
            "nsml",
            "projects",
            "projectId",
            gateway.projects(),
        ),
        (
            format!("{base}/"),
            "nsml",
            "projects",
            "projectId",
            gateway.projects(),
        ),
    ] {
        let run = ncloud(
            &["--endpoint", &endpoint, service, list, "-o", "ndjson"],
            &ENV_CREDENTIALS,
        );
        run.assert_success();
        assert_eq!(run.ids(key), ids(items, key), "{endpoint}");
    }
    // `ncloud api` does not double it either.
    let run = ncloud(
        &[
            "--endpoint",
            &format!("{base}/api/v1"),
            "api",
            "GET",
            "/api/v1/workspaces",
            "--host",
            "mi",
            "-q",
            "pageNum=1",
        ],
        &ENV_CREDENTIALS,
    );
    run.assert_success();
    assert_eq!(gateway.requests(Route::Workspaces), 3);
}

#[test]
fn endpoint_with_a_query_or_fragment_is_a_usage_error() {
    let gateway = start(FakeGateway::builder());
    let base = gateway.base_url();
    for endpoint in [
        format!("{base}/?x=1"),
        format!("{base}/api/v1?"),
        format!("{base}/#frag"),
        "ftp://127.0.0.1:9".to_owned(),
        "127.0.0.1:9".to_owned(),
    ] {
        let run = ncloud(
            &["--endpoint", &endpoint, "mi", "workspaces"],
            &ENV_CREDENTIALS,
        );
        let error = run.assert_failure(2);
        assert!(error.contains("--endpoint"), "{error}");
    }
    assert_eq!(gateway.requests(Route::Workspaces), 0);
}

#[test]
fn limit_asks_for_pages_no_larger_than_needed() {
    // Only a request for 5 items is answered.
    let server = MockServer::start();
    let five = server.mock(|when, then| {
        when.method(Method::GET)
            .path("/api/v1/workspaces")
            .query_param("pageNum", "1")
            .query_param("pageSize", "5");
        let content: Vec<_> = (0..5).map(|i| json!({"workspaceName": format!("w{i}"), "workspaceUrl": format!("https://w{i}")})).collect();
        then.status(200).json_body(json!({
            "code": "0", "message": "success",
            "result": {"content": content, "totalCount": 250, "totalPage": 50, "pageNo": 1, "pageSize": 5}
        }));
    });
    let base = server.base_url();
    let run = ncloud(
        &[
            "--endpoint",
            &base,
            "mi",
            "workspaces",
            "--limit",
            "5",
            "-o",
            "ndjson",
        ],
        &ENV_CREDENTIALS,
    );
    run.assert_success();
    assert_eq!(run.ids("workspaceName"), ["w0", "w1", "w2", "w3", "w4"]);
    five.assert_calls(1);

    // Pages of 3 for 5 items: pages 1 and 2, never a page ahead.
    let gateway = start(FakeGateway::builder().workspaces(250));
    let run = ncloud_at(
        &gateway,
        &words("mi workspaces --page-size 3 --limit 5 -o ndjson"),
    );
    run.assert_success();
    assert_eq!(
        run.ids("workspaceName"),
        ids(&gateway.workspaces()[..5], "workspaceName")
    );
    assert_eq!(gateway.hits_by_page(Route::Workspaces), each_page(2));

    let run = ncloud_at(&gateway, &["mi", "workspaces", "--limit", "0"]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(run.stderr.contains("1 or more"), "{run:#?}");
}

#[test]
fn api_paginate_replaces_the_urls_own_paging_parameters() {
    let gateway = start(FakeGateway::builder().projects(30).workspaces(30));
    // The URL's page size is the page size; it is sent once, not twice.
    let run = ncloud_at(
        &gateway,
        &words("api GET /nsml/v1/projects?pageSize=7&page=1 --host nsml --paginate"),
    );
    run.assert_success();
    assert_eq!(run.ids("projectId"), ids(gateway.projects(), "projectId"));
    assert_eq!(gateway.served_by_page(Route::Projects), each_page(5));

    // -q too, and a start page: pages 2.. of 10 (items 11..30).
    let base = gateway.base_url();
    let run = ncloud_at(
        &gateway,
        &[
            "api",
            "GET",
            &format!("{base}/api/v1/workspaces?pageNum=2"),
            "-q",
            "pageSize=10",
            "--paginate",
            "--shape",
            "mi",
        ],
    );
    run.assert_success();
    assert_eq!(
        run.ids("workspaceName"),
        ids(&gateway.workspaces()[10..], "workspaceName")
    );

    // Conflicting or invalid values are refused before anything is sent.
    gateway.reset_counters();
    for args in [
        &["/nsml/v1/projects?pageSize=7", "-q", "pageSize=8"][..],
        &["/nsml/v1/projects?page=0"],
        &["/nsml/v1/projects?pageSize=ten"],
    ] {
        let run = ncloud_at(
            &gateway,
            &[&["api", "GET"], args, &["--host", "nsml", "--paginate"]].concat(),
        );
        run.assert_failure(2);
    }
    assert_eq!(gateway.requests(Route::Projects), 0);
}

#[test]
fn api_paginate_uses_the_declared_shape_not_the_url() {
    let gateway = start(FakeGateway::builder().workspaces(30));
    // An MI path is not recognised: without --shape mi, the items are looked for where the
    // default shape has them, and the error says how to declare the shape.
    let run = ncloud_at(
        &gateway,
        &words("api GET /api/v1/workspaces --host mi --paginate --page-param pageNum"),
    );
    let error = run.assert_failure(4);
    assert!(
        error.contains("/projects") && error.contains("--shape"),
        "{error}"
    );
    // The same shape spelt out option by option.
    let run = ncloud_at(
        &gateway,
        &words(
            "api GET /api/v1/workspaces --host mi --paginate --page-param pageNum --items /result/content --total /result/totalCount",
        ),
    );
    run.assert_success();
    assert_eq!(
        run.ids("workspaceName"),
        ids(gateway.workspaces(), "workspaceName")
    );
}

#[cfg(feature = "demo")]
#[test]
fn demo_lists_all_2345_workspaces() {
    let run = ncloud(&words("demo mi workspaces --page-size 100 -o ndjson"), &[]);
    run.assert_success();
    let names = run.ids("workspaceName");
    assert_eq!(names.len(), 2345);
    let unique: std::collections::BTreeSet<_> = names.iter().collect();
    assert_eq!(unique.len(), 2345, "a workspace listed twice");
}

#[cfg(feature = "demo")]
#[test]
fn demo_runs_api_and_sign_too() {
    let run = ncloud(
        &words("demo api GET /api/v1/workspaces --host mi -q pageNum=1 -q pageSize=3"),
        &[],
    );
    run.assert_success();
    let body: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(body["result"]["totalCount"], 2345);

    let run = ncloud(
        &words("--demo api GET /nsml/v1/projects --host nsml --paginate"),
        &[],
    );
    run.assert_success();
    assert_eq!(run.ndjson().len(), 42);

    let run = ncloud(
        &words("demo sign GET /api/v1/workspaces?pageNum=1 --timestamp 1700000000000"),
        &[],
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    let access_key = FakeGateway::demo_credentials().access_key().to_owned();
    assert!(
        run.stdout
            .contains(&format!("x-ncp-iam-access-key: {access_key}")),
        "{run:#?}"
    );

    // The demo never leaves its gateway.
    let run = ncloud(
        &words("demo api GET https://mi.apigw.ntruss.com/api/v1/workspaces"),
        &[],
    );
    run.assert_failure(2);
}

#[cfg(feature = "demo")]
#[test]
fn demo_with_endpoint_is_a_usage_error() {
    for args in [
        &words("--demo --endpoint http://127.0.0.1:9 mi workspaces")[..],
        &words("--endpoint http://127.0.0.1:9 demo mi workspaces"),
        &["demo", "--endpoint", "http://127.0.0.1:9"],
    ] {
        let run = ncloud(args, &[]);
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert!(run.stdout.is_empty(), "{run:#?}");
        assert!(run.stderr.contains("--endpoint"), "{run:#?}");
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _ncloud"),
        ("zsh", "#compdef ncloud"),
        ("fish", "complete -c ncloud"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = ncloud(&["completions", shell], &[]);
        run.assert_success();
        assert!(
            run.stdout.contains(marker),
            "{shell}: {}",
            &run.stdout[..200.min(run.stdout.len())]
        );
        // The subcommands and their options are in it.
        for word in ["workspaces", "page-size", "paginate"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    assert_eq!(ncloud(&["completions", "tcsh"], &[]).code, Some(2));
}

/// A Media Intelligence page of workspaces `first..first+len` out of `total`, reporting `size` as
/// the page size the server applied.
fn mi_page(first: u64, len: u64, total: u64, size: u64) -> serde_json::Value {
    let content: Vec<_> = (first..first + len)
        .map(|n| json!({"workspaceName": format!("ws-{n:04}")}))
        .collect();
    json!({"code": "0", "message": "success", "result": {
        "content": content, "totalCount": total, "totalPage": total.div_ceil(size),
        "pageNo": first / size + 1, "pageSize": size
    }})
}

#[test]
fn api_paginate_follows_a_page_size_the_server_caps_and_reports() {
    // Asked for 1000, the server applies 100 to 250 workspaces and says so in `pageSize`.
    let server = MockServer::start();
    let pages = [
        (1, 1000, mi_page(0, 100, 250, 100)),
        (2, 100, mi_page(100, 100, 250, 100)),
        (3, 100, mi_page(200, 50, 250, 100)),
    ];
    let mocks: Vec<_> = pages
        .iter()
        .map(|(page, size, body)| {
            server.mock(|when, then| {
                when.method(Method::GET)
                    .path("/api/v1/workspaces")
                    .query_param("pageNum", page.to_string())
                    .query_param("pageSize", size.to_string());
                then.status(200).json_body(body.clone());
            })
        })
        .collect();
    let base = server.base_url();
    let run = ncloud(
        &[
            "api",
            "GET",
            &format!("{base}/api/v1/workspaces"),
            "--paginate",
            "--shape",
            "mi",
            "--page-size",
            "1000",
        ],
        &ENV_CREDENTIALS,
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(run.stderr.contains("another page size"), "{run:#?}");
    let names = run.ids("workspaceName");
    let expected: Vec<_> = (0..250).map(|n| format!("ws-{n:04}")).collect();
    assert_eq!(names, expected);
    for mock in mocks {
        mock.assert_calls(1);
    }
}

#[test]
fn api_paginate_fails_when_a_capped_page_size_is_not_reported() {
    // The NSML shape reports no page size: 100 items for 1000 asked while 250 exist is an error.
    let server = MockServer::start();
    let projects: Vec<_> = (0..100)
        .map(|n| json!({"projectId": format!("p-{n}")}))
        .collect();
    server.mock(|when, then| {
        when.method(Method::GET).path("/nsml/v1/projects");
        then.status(200)
            .json_body(json!({"projects": projects, "totalCount": 250}));
    });
    let base = server.base_url();
    let run = ncloud(
        &[
            "api",
            "GET",
            &format!("{base}/nsml/v1/projects"),
            "--paginate",
            "--page-size",
            "1000",
        ],
        &ENV_CREDENTIALS,
    );
    let error = run.assert_failure(4);
    assert!(error.contains("page size of at most 100"), "{error}");
    assert!(
        error.starts_with("error: GET /nsml/v1/projects: "),
        "{error}"
    );
    assert!(run.stdout.is_empty(), "{run:#?}");
}
