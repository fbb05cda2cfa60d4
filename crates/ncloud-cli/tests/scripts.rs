//! The CLI in scripts: `--jq` filters the JSON a command prints, all or nothing; `--dry-run`
//! shows the request a change would send, and sends nothing.

mod support;

use httpmock::{Method, MockServer};
use ncloud_testkit::{FakeGateway, Route};
use serde_json::{Value, json};
use support::{
    ACCESS_KEY, API_KEY, ENV_CREDENTIALS, Run, SECRET_KEY, each_page, ids, ncloud, ncloud_at,
    start, truncated_at, words,
};

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

/// `ncloud --endpoint <gateway> ARGS --jq EXPRESSION`.
fn jq_at(gateway: &FakeGateway, args: &str, expression: &str) -> Run {
    ncloud_at(gateway, &[&words(args)[..], &["--jq", expression]].concat())
}

#[test]
fn jq_filters_the_whole_of_a_multi_page_listing() {
    let gateway = start(FakeGateway::builder().workspaces(25));
    let names = ids(gateway.workspaces(), "workspaceName");
    let run = jq_at(
        &gateway,
        "mi workspaces --page-size 10",
        ".[].workspaceName",
    );
    run.assert_success();
    // Strings raw, one a line.
    assert_eq!(run.stdout, format!("{}\n", names.join("\n")));
    assert_eq!(gateway.served_by_page(Route::Workspaces), each_page(3));

    // The filter sees one array of every item, whatever -o says.
    let run = jq_at(&gateway, "mi workspaces --page-size 10 -o table", "length");
    run.assert_success();
    assert_eq!(run.stdout, "25\n");

    // Anything but a string is compact JSON, one result a line.
    let run = jq_at(
        &gateway,
        "mi workspaces --page-size 10",
        ".[:2][] | {name: .workspaceName, bucket: .bucketName}",
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
    let run = jq_at(
        &gateway,
        "api GET /nsml/v1/projects --host nsml --paginate --page-size 7",
        "length, .[-1]",
    );
    run.assert_success();
    let last = ids(gateway.projects(), "projectId").pop().unwrap();
    assert_eq!(run.stdout.lines().next(), Some("30"), "{run:#?}");
    assert_eq!(run.ndjson()[1]["projectId"], last);
    assert_eq!(gateway.served_by_page(Route::Projects), each_page(5));

    let run = jq_at(
        &gateway,
        "api GET /api/v1/workspaces --host mi -q pageNum=1",
        ".result.content[0].workspaceName",
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
        let run = jq_at(&gateway, args, expression);
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
    let run = jq_at(
        &gateway,
        "mi workspaces --page-size 10 --concurrency 1 --max-attempts 1",
        ".[].workspaceName",
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
fn jq_debug_and_stderr_print_on_stderr_escaped() {
    let gateway = start(FakeGateway::builder().workspaces(2));
    let name = ids(gateway.workspaces(), "workspaceName").remove(0);
    let run = jq_at(
        &gateway,
        "mi workspaces",
        r#".[0].workspaceName | debug | ("a\u001b[2Jb" | stderr | empty), length"#,
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stdout, format!("{}\n", name.len()));
    // As jq 1.7 prints them: debug's array and a line feed; stderr's string raw, no line feed;
    // the escape sequence shown, not sent.
    assert_eq!(
        run.stderr,
        format!("[\"DEBUG:\",\"{name}\"]\na\\u{{1b}}[2Jb")
    );
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

/// Every command that changes something, with the method and path (query included) it sends.
const CHANGES: &[(&str, &str, &str)] = &[
    (
        "nsml projects create --name vision-lab --nas-volume-size 1000 --wait",
        "POST",
        "/nsml/v1/projects",
    ),
    (
        "nsml projects delete p-1 --wait",
        "DELETE",
        "/nsml/v1/projects/p-1",
    ),
    (
        "nsml runs create p-1 --gpu-server-code 2 --image-type base --image-path img:1 \
         --node-count 1 --command train.py --wait",
        "POST",
        "/nsml/v1/projects/p-1/runs",
    ),
    (
        "nsml auth-keys create --title laptop --key-file KEY_FILE",
        "POST",
        "/nsml/v1/auth-keys",
    ),
    (
        "nsml auth-keys delete --title laptop --name n1",
        "DELETE",
        "/nsml/v1/auth-keys/title/laptop/name/n1",
    ),
    (
        "nsml registry-credentials delete --private-endpoint r.kr.private-ncr.ntruss.com",
        "DELETE",
        "/nsml/v1/images/secret?privateEp=r.kr.private-ncr.ntruss.com",
    ),
    (
        "mi workspaces create ws-1 --bucket b",
        "POST",
        "/api/v1/workspaces",
    ),
    (
        "mi workspaces delete ws-1",
        "DELETE",
        "/api/v1/workspaces/ws-1",
    ),
    (
        "mi projects create ws-1 --name p",
        "POST",
        "/api/v1/workspaces/ws-1/projects",
    ),
    (
        "mi projects rename ws-1 12 --name q",
        "PATCH",
        "/api/v1/workspaces/ws-1/projects/12",
    ),
    (
        "mi projects delete ws-1 12",
        "DELETE",
        "/api/v1/workspaces/ws-1/projects/12",
    ),
    (
        "mi assets import ws-1 12 --bucket b --key k.mp4 --wait",
        "POST",
        "/api/v1/workspaces/ws-1/projects/12/assets/import/object-storage",
    ),
    (
        "mi indexes delete ws-1 12 34 56",
        "DELETE",
        "/api/v1/workspaces/ws-1/projects/12/assets/34/indexes/56",
    ),
    (
        "mi search ws-1 car",
        "POST",
        "/api/v1/workspaces/ws-1/assets/search",
    ),
    (
        "mi persons create ws-1 --name Kim",
        "POST",
        "/api/v1/workspaces/ws-1/persons",
    ),
    (
        "mi persons update ws-1 5 --name Lee",
        "PATCH",
        "/api/v1/workspaces/ws-1/persons/5",
    ),
    (
        "mi persons delete ws-1 5",
        "DELETE",
        "/api/v1/workspaces/ws-1/persons/5",
    ),
    (
        "mi persons tag ws-1 5 7",
        "POST",
        "/api/v1/workspaces/ws-1/persons/5/person-tags",
    ),
    (
        "mi persons untag ws-1 5 7",
        "POST",
        "/api/v1/workspaces/ws-1/persons/5/person-tags/remove",
    ),
    (
        "mi persons remove-thumbnail ws-1 5 9",
        "POST",
        "/api/v1/workspaces/ws-1/persons/5/person-thumbnail/remove",
    ),
    (
        "mi persons merge ws-1 5 6",
        "POST",
        "/api/v1/workspaces/ws-1/persons/5/merge",
    ),
    (
        "mi person-tags create ws-1 actor",
        "POST",
        "/api/v1/workspaces/ws-1/person-tags",
    ),
    (
        "mi person-tags delete ws-1 7",
        "DELETE",
        "/api/v1/workspaces/ws-1/person-tags/7",
    ),
    (
        "api PUT /api/v1/workspaces/ws-1 --host mi --body {}",
        "PUT",
        "/api/v1/workspaces/ws-1",
    ),
];

#[test]
fn dry_run_sends_nothing_and_prints_no_secret() {
    let gateway = start(FakeGateway::builder().projects(3).workspaces(3));
    let base = gateway.base_url();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("id_ed25519.pub");
    std::fs::write(
        &key_file,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkV user@host\n",
    )
    .unwrap();
    for &(args, method, path) in CHANGES {
        let args = args.replace("KEY_FILE", key_file.to_str().unwrap());
        let run = ncloud_at(&gateway, &[&words(&args)[..], &["--dry-run"]].concat());
        assert_eq!(run.code, Some(0), "{args}: {run:#?}");
        let mut lines = run.stdout.lines();
        assert_eq!(
            lines.next(),
            Some(format!("{method} {base}{path}").as_str()),
            "{args}"
        );
        assert!(
            run.stdout
                .contains("x-ncp-apigw-signature-v2: ** redacted **")
                && run.stdout.contains("x-ncp-iam-access-key: ** redacted **")
                && run.stdout.contains("x-ncp-apigw-timestamp: "),
            "{args}: {run:#?}"
        );
        for secret in [ACCESS_KEY, SECRET_KEY, API_KEY] {
            let all = format!("{}{}", run.stdout, run.stderr);
            assert!(!all.contains(secret), "{args}: {secret} printed: {run:#?}");
        }
        assert!(
            run.stderr.ends_with("dry run: nothing was sent\n"),
            "{args}: {run:#?}"
        );
    }
    // Not a single request, not even the reads around the changes (lookups, waits, listings).
    assert_eq!(requests(&gateway), 0);
}

#[test]
fn dry_run_redacts_secrets_in_bodies_and_still_validates() {
    let gateway = start(FakeGateway::builder());
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret");
    std::fs::write(&secret_file, "registry-s3cr3t-value\n").unwrap();
    let run = ncloud_at(
        &gateway,
        &[
            &words(
                "nsml registry-credentials create --private-endpoint r.kr.private-ncr.ntruss.com \
                 --access-key AK1 --dry-run --secret-key-file",
            )[..],
            &[secret_file.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(!run.stdout.contains("registry-s3cr3t-value"), "{run:#?}");
    let body: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({
            "privateEp": "r.kr.private-ncr.ntruss.com",
            "accessKey": "AK1",
            "secretKey": "** redacted **"
        })
    );

    // A dry run checks the input as a real run does: a bad name is still a usage error.
    let run = ncloud_at(
        &gateway,
        &words("nsml projects create --name 1bad --nas-volume-size 1000 --dry-run"),
    );
    assert!(run.assert_failure(2).contains("invalid project name"));
    // The GPU code is not looked up: nothing is read either, and stderr says what was skipped.
    let run = ncloud_at(
        &gateway,
        &words(
            "nsml runs create p-1 --gpu-server-code 2 --image-type base --image-path i:1 \
             --node-count 1 --command x --dry-run",
        ),
    );
    assert!(
        run.stderr.contains("not checked against /server-products"),
        "{run:#?}"
    );
    assert_eq!(requests(&gateway), 0);

    // The demo's tour and `configure` send no change to show.
    for args in ["demo --dry-run", "configure --dry-run"] {
        let run = ncloud(&words(args), &ENV_CREDENTIALS);
        assert!(run.assert_failure(2).contains("--dry-run"), "{run:#?}");
    }

    // --jq filters JSON; a dry run prints a request: both at once is a usage error.
    let run = ncloud_at(&gateway, &words("mi workspaces delete w --dry-run --jq ."));
    assert_eq!(run.code, Some(2), "{run:#?}");
}

/// `--timeout` ends what the async runtime cannot interrupt: the command's own timeout fires only
/// when the runtime gets control back, so a watchdog thread ends the process (a second later).
#[test]
fn timeout_ends_a_jq_filter_that_never_ends() {
    let gateway = start(FakeGateway::builder().workspaces(3));
    let run = jq_at(&gateway, "mi workspaces --timeout 1s", "last(repeat(1))");
    let error = run.assert_failure(5);
    assert!(
        error.contains("did not finish within 1s (--timeout)") && error.contains("--jq filter"),
        "{error}"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn timeout_ends_a_command_whose_output_nobody_reads() {
    // About 400 KB of ndjson: far more than a pipe holds, so the writer blocks.
    let gateway = start(FakeGateway::builder().workspaces(2000));
    let home = tempfile::tempdir().expect("a temporary HOME");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ncloud"))
        .args(["--endpoint", &gateway.base_url(), "--timeout", "1s"])
        .args(["mi", "workspaces", "-o", "ndjson"])
        .env_clear()
        .env("HOME", home.path())
        .envs(ENV_CREDENTIALS)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ncloud starts");
    // Nothing reads stdout until the process has ended.
    let status = child.wait().expect("ncloud ends");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(5), "{stderr}");
    assert!(
        stderr.starts_with("error: timed out: the command did not finish within 1s"),
        "{stderr}"
    );
}
