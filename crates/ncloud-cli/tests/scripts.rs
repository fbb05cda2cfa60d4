//! The CLI in scripts: `--jq` filters the JSON a command prints, all or nothing.

mod support;

use httpmock::{Method, MockServer};
use ncloud_testkit::{FakeGateway, Route};
use serde_json::{Value, json};
use support::{ENV_CREDENTIALS, each_page, ids, ncloud, ncloud_at, start, truncated_at, words};

/// Every request that reached the gateway, authenticated or not.
fn requests(gateway: &FakeGateway) -> usize {
    Route::ALL
        .iter()
        .map(|&r| gateway.requests(r))
        .sum::<usize>()
        + gateway.mi_requests()
        + gateway.nsml_calls_total()
        + gateway.rejected()
}

#[test]
fn jq_filters_the_whole_of_a_multi_page_listing() {
    let gateway = start(FakeGateway::builder().workspaces(25));
    let names = ids(gateway.workspaces(), "workspaceName");
    let run = ncloud_at(
        &gateway,
        &[
            &words("mi workspaces --page-size 10")[..],
            &["--jq", ".[].workspaceName"],
        ]
        .concat(),
    );
    run.assert_success();
    // Strings raw, one a line.
    assert_eq!(run.stdout, format!("{}\n", names.join("\n")));
    assert_eq!(gateway.served_by_page(Route::Workspaces), each_page(3));

    // The filter sees one array of every item, whatever -o says.
    let run = ncloud_at(
        &gateway,
        &[
            &words("mi workspaces --page-size 10 -o table")[..],
            &["--jq", "length"],
        ]
        .concat(),
    );
    run.assert_success();
    assert_eq!(run.stdout, "25\n");

    // Anything but a string is compact JSON, one result a line.
    let run = ncloud_at(
        &gateway,
        &[
            &words("mi workspaces --page-size 10")[..],
            &[
                "--jq",
                ".[:2][] | {name: .workspaceName, bucket: .bucketName}",
            ],
        ]
        .concat(),
    );
    run.assert_success();
    let lines: Vec<Value> = run.ndjson();
    assert_eq!(lines.len(), 2, "{run:#?}");
    assert_eq!(lines[1]["name"], names[1]);
    assert!(
        run.stdout.lines().all(|l| !l.contains(": ")),
        "compact: {run:#?}"
    );
}

#[test]
fn jq_reads_api_answers_and_every_page_of_api_paginate() {
    let gateway = start(FakeGateway::builder().projects(30).workspaces(5));
    let run = ncloud_at(
        &gateway,
        &[
            &words("api GET /nsml/v1/projects --host nsml --paginate --page-size 7")[..],
            &["--jq", "length, .[-1]"],
        ]
        .concat(),
    );
    run.assert_success();
    let last = ids(gateway.projects(), "projectId").pop().unwrap();
    assert_eq!(run.stdout.lines().next(), Some("30"), "{run:#?}");
    assert_eq!(run.ndjson()[1]["projectId"], last);
    assert_eq!(gateway.served_by_page(Route::Projects), each_page(5));

    let run = ncloud_at(
        &gateway,
        &[
            &words("api GET /api/v1/workspaces --host mi -q pageNum=1")[..],
            &["--jq", ".result.content[0].workspaceName"],
        ]
        .concat(),
    );
    run.assert_success();
    assert_eq!(
        run.stdout,
        format!(
            "{}\n",
            gateway.workspaces()[0]["workspaceName"].as_str().unwrap()
        )
    );
}

#[test]
fn a_malformed_expression_is_a_usage_error_before_anything_is_sent() {
    let gateway = start(FakeGateway::builder().workspaces(5).projects(5));
    for (args, expression) in [
        ("mi workspaces", ".[] | select(.x"),
        (
            "nsml projects create --name p --nas-volume-size 500",
            "{a:}",
        ),
        (
            "api POST /api/v1/workspaces --host mi --body {}",
            "nosuchfilter",
        ),
    ] {
        let run = ncloud_at(
            &gateway,
            &[&words(args)[..], &["--jq", expression]].concat(),
        );
        let error = run.assert_failure(2);
        assert!(error.starts_with("error: --jq: "), "{error}");
        assert!(run.stdout.is_empty(), "{run:#?}");
    }
    assert_eq!(requests(&gateway), 0);

    // A command that prints no JSON has nothing to filter.
    let run = ncloud(&words("sign GET /x --jq ."), &ENV_CREDENTIALS);
    assert!(run.assert_failure(2).contains("does not print JSON"));
}

#[test]
fn a_listing_that_fails_part_way_prints_nothing_and_says_why() {
    let gateway = truncated_at(Route::Workspaces, 2);
    let run = ncloud_at(
        &gateway,
        &[
            &words("mi workspaces --page-size 10 --concurrency 1 --max-attempts 1")[..],
            &["--jq", ".[].workspaceName"],
        ]
        .concat(),
    );
    let error = run.assert_failure(4);
    // Page 1 arrived, but the filter never saw a partial array.
    assert_eq!(gateway.served(Route::Workspaces, 1), 1);
    assert_eq!(run.stdout, "", "{run:#?}");
    assert!(error.contains("mi.ListWorkspaces"), "why: {error}");
    assert!(error.contains("--page 2"), "where to resume: {error}");
    assert!(error.ends_with("--jq printed nothing"), "{error}");
}

#[test]
fn jq_results_are_terminal_safe() {
    let evil = "\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}fdp.exe\rforged\nline";
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(Method::GET).path("/nsml/v1/projects");
        then.status(200).json_body(
            json!({"projects": [{"projectId": "p-1", "projectName": evil}], "totalCount": 1}),
        );
    });
    let base = server.base_url();
    for expression in [".[0]", "[.[].projectName]", ".[0].projectName | @json"] {
        let run = ncloud(
            &["--endpoint", &base, "nsml", "projects", "--jq", expression],
            &ENV_CREDENTIALS,
        );
        run.assert_success();
        assert_eq!(run.stdout.lines().count(), 1, "{run:#?}");
        assert!(
            !run.stdout.trim_end().chars().any(|c| c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "{run:#?}"
        );
    }
    let run = ncloud(
        &[
            "--endpoint",
            &base,
            "nsml",
            "projects",
            "--jq",
            ".[0].projectName",
        ],
        &ENV_CREDENTIALS,
    );
    // Raw strings keep their line feeds (and tabs), nothing that drives a terminal.
    assert_eq!(
        run.stdout,
        "\\u{1b}]0;pwned\\u{7}\\u{9b}31m\\u{202e}fdp.exe\\rforged\nline\n"
    );
}
