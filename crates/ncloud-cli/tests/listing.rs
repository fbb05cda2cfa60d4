//! The real `ncloud` binary against the fake gateway of ncloud-testkit: credentials from a profile
//! file, faults, exit codes, stderr, and that no secret is ever printed.
//!
//! The CLI waits for real between retries (1 s initial backoff, `Retry-After: 1`), so fault
//! scenarios keep to a few pages, and those that expect a failure run with `--max-attempts 1`.

mod support;

use ncloud_testkit::{FakeGateway, Fault, Route};
use support::{
    ACCESS_KEY, API_KEY, Gateway, Home, Run, SECRET_KEY, each_page, ids, ncloud_at,
    profile_section, start, truncated_at, words,
};

// ---------------------------------------------------------------------------------------------
// Listing

#[test]
fn default_profile_lists_every_project_and_workspace_once() {
    let gateway = start(FakeGateway::builder().projects(42).workspaces(250));
    let home = Home::with_default_profile();
    let url = gateway.base_url();

    let run = home.run(
        &["--endpoint", &url, "nsml", "projects", "-o", "ndjson"],
        &[],
    );
    run.assert_success();
    assert_eq!(run.ids("projectId"), ids(gateway.projects(), "projectId"));
    assert_eq!(gateway.served_by_page(Route::Projects), each_page(5));

    let run = home.run(
        &[
            "--endpoint",
            &url,
            "mi",
            "workspaces",
            "--page-size",
            "100",
            "-o",
            "ndjson",
        ],
        &[],
    );
    run.assert_success();
    assert_eq!(
        run.ids("workspaceName"),
        ids(gateway.workspaces(), "workspaceName")
    );
    assert_eq!(gateway.served_by_page(Route::Workspaces), each_page(3));
    assert_eq!(gateway.rejected(), 0);
}

#[test]
fn profile_flag_and_variable_select_a_named_profile() {
    let gateway = start(FakeGateway::builder().workspaces(25));
    // [DEFAULT] holds a wrong secret, so only the named profile can succeed.
    let home = Home::with_configure(&format!(
        "{}\n{}",
        profile_section("DEFAULT", "not-the-secret"),
        profile_section("staging", SECRET_KEY)
    ));
    let url = gateway.base_url();
    let list = ["--endpoint", &url, "mi", "workspaces", "-o", "ndjson"];
    let expected = ids(gateway.workspaces(), "workspaceName");

    let run = home.run(&[&["--profile", "staging"], &list[..]].concat(), &[]);
    run.assert_success();
    assert_eq!(run.ids("workspaceName"), expected);

    let run = home.run(&list, &[("NCLOUD_PROFILE", "staging")]);
    run.assert_success();
    assert_eq!(run.ids("workspaceName"), expected);

    // Without a choice, [DEFAULT] is used and rejected: an authentication failure.
    let error = home.run(&list, &[]).assert_failure(3).to_owned();
    assert!(error.contains("401"), "{error}");
    assert!(gateway.rejected() >= 1);

    // A profile that does not exist is named, with the ones that do.
    let run = home.run(&[&["--profile", "prod"], &list[..]].concat(), &[]);
    let error = run.assert_failure(3);
    assert!(
        error.contains("[prod]") && error.contains("staging"),
        "{error}"
    );
}

#[test]
fn first_attempt_faults_still_list_every_item_once() {
    // Three pages at --page-size 10, each failing its first attempt differently; the CLI's real
    // backoff makes this take a few seconds.
    let gateway = start(
        FakeGateway::builder()
            .workspaces(25)
            .projects(25)
            .fault(Fault::EndpointError.on_route(Route::Workspaces).on_page(1))
            .fault(Fault::RateLimited.on_route(Route::Workspaces).on_page(2))
            .fault(Fault::DropConnection.on_route(Route::Workspaces).on_page(3))
            .fault(Fault::RateLimited.on_route(Route::Projects)),
    );
    let home = Home::with_default_profile();
    let url = gateway.base_url();
    let args = ["--page-size", "10", "-o", "ndjson"];

    let run = home.run(
        &[&["--endpoint", &url, "mi", "workspaces"], &args[..]].concat(),
        &[],
    );
    run.assert_success();
    assert_eq!(
        run.ids("workspaceName"),
        ids(gateway.workspaces(), "workspaceName")
    );
    assert_eq!(gateway.served_by_page(Route::Workspaces), each_page(3));
    assert_eq!(
        gateway.hits_by_page(Route::Workspaces),
        (1..=3).map(|page| (page, 2)).collect()
    );

    let run = home.run(
        &[&["--endpoint", &url, "nsml", "projects"], &args[..]].concat(),
        &[],
    );
    run.assert_success();
    assert_eq!(run.ids("projectId"), ids(gateway.projects(), "projectId"));
    assert_eq!(gateway.served_by_page(Route::Projects), each_page(3));
}

#[test]
fn limit_prints_exactly_that_many_items() {
    let gateway = start(FakeGateway::builder().workspaces(250).projects(42));
    let home = Home::with_default_profile();
    let url = gateway.base_url();
    for (service, list, key, items) in [
        ("mi", "workspaces", "workspaceName", gateway.workspaces()),
        ("nsml", "projects", "projectId", gateway.projects()),
    ] {
        let run = home.run(
            &[
                "--endpoint",
                &url,
                service,
                list,
                "--page-size",
                "3",
                "--limit",
                "5",
                "-o",
                "ndjson",
            ],
            &[],
        );
        run.assert_success();
        assert_eq!(run.ids(key), ids(&items[..5], key));
    }
}

// ---------------------------------------------------------------------------------------------
// Failures

/// `ncloud mi workspaces` against a gateway answering every request with nginx's HTML 502 page,
/// with one attempt per request (no real waiting).
fn run_against_html_502() -> (Gateway, Run) {
    let gateway = start(
        FakeGateway::builder().workspaces(25).fault(
            Fault::BadGatewayHtml
                .on_route(Route::Workspaces)
                .every_attempt(),
        ),
    );
    let url = gateway.base_url();
    let run = Home::with_default_profile().run(
        &[
            "--endpoint",
            &url,
            "--max-attempts",
            "1",
            "mi",
            "workspaces",
            "-o",
            "ndjson",
        ],
        &[],
    );
    (gateway, run)
}

#[test]
fn html_502_exits_4_after_the_attempts_asked_for() {
    let (gateway, run) = run_against_html_502();
    assert_eq!(run.code, Some(4), "{run:#?}");
    assert!(
        run.stderr.starts_with("error: mi.ListWorkspaces: HTTP 502"),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("panicked"), "{run:#?}");
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert_eq!(gateway.hits(Route::Workspaces, 1), 1, "--max-attempts 1");
}

#[test]
fn html_502_is_one_error_line_without_the_html() {
    let (_gateway, run) = run_against_html_502();
    let error = run.assert_failure(4);
    assert!(error.contains("502"), "{error}");
    assert!(
        !error.contains("<html"),
        "the HTML page is not an error message: {error}"
    );
}

#[test]
fn truncated_json_exits_4_naming_the_endpoint() {
    let gateway = truncated_at(Route::Workspaces, 2);
    let run = ncloud_at(
        &gateway,
        &words("mi workspaces --page-size 10 --concurrency 1 -o ndjson"),
    );
    let error = run.assert_failure(4);
    assert!(error.contains("mi.ListWorkspaces"), "{error}");
    assert!(error.contains("--page 2"), "says where to resume: {error}");
    // Page 1 was printed before the broken page.
    assert_eq!(
        run.ids("workspaceName"),
        ids(&gateway.workspaces()[..10], "workspaceName")
    );
}

#[test]
fn endless_paging_exits_4_in_bounded_time() {
    for (fault, route) in [
        (Fault::GrowingTotal, Route::Workspaces),
        (Fault::RepeatedPage, Route::Workspaces),
        (Fault::GrowingTotal, Route::Projects),
        (Fault::RepeatedPage, Route::Projects),
    ] {
        let gateway = start(
            FakeGateway::builder()
                .workspaces(25)
                .projects(25)
                .fault(fault.on_route(route).every_attempt()),
        );
        let url = gateway.base_url();
        let (service, list) = match route {
            Route::Projects => ("nsml", "projects"),
            _ => ("mi", "workspaces"),
        };
        let run = Home::with_default_profile().run(
            &[
                "--endpoint",
                &url,
                service,
                list,
                "--page-size",
                "10",
                "-o",
                "ndjson",
            ],
            &[],
        );
        let error = run.assert_failure(4);
        let expected = match fault {
            Fault::GrowingTotal => "grew",
            _ => "same items",
        };
        assert!(error.contains(expected), "{fault:?} on {route}: {error}");
    }
}

#[test]
fn wrong_secret_exits_3() {
    let gateway = start(FakeGateway::builder().workspaces(25).projects(25));
    let home = Home::with_configure(&profile_section("DEFAULT", "not-the-secret"));
    let url = gateway.base_url();
    for (service, list) in [("mi", "workspaces"), ("nsml", "projects")] {
        let run = home.run(&["--endpoint", &url, service, list, "-o", "ndjson"], &[]);
        let error = run.assert_failure(3);
        assert!(error.contains("401"), "{error}");
        assert!(run.stdout.is_empty());
    }
    // A 401 is not retried.
    assert_eq!(gateway.rejected(), 2);
}

#[test]
fn no_credentials_exits_3_saying_where_it_looked() {
    let home = Home::empty();
    // No gateway is needed: nothing may be sent without credentials (the port is closed).
    let run = home.run(
        &["--endpoint", "http://127.0.0.1:9", "mi", "workspaces"],
        &[],
    );
    let error = run.assert_failure(3);
    assert!(error.contains("NCLOUD_ACCESS_KEY_ID"), "{error}");
    let configure = home.path().join(".ncloud").join("configure");
    assert!(
        error.contains(&configure.display().to_string()),
        "names {}: {error}",
        configure.display()
    );
}

#[test]
fn no_secret_is_ever_printed_even_with_vvv() {
    let gateway = start(
        FakeGateway::builder()
            .workspaces(25)
            .projects(25)
            .fault(Fault::EndpointError.on_route(Route::Projects).on_page(1)),
    );
    let url = gateway.base_url();
    let env_credentials = [
        ("NCLOUD_ACCESS_KEY_ID", ACCESS_KEY),
        ("NCLOUD_SECRET_ACCESS_KEY", SECRET_KEY),
        ("NCLOUD_API_KEY", API_KEY),
    ];
    let from_file = Home::with_default_profile();
    let from_env = Home::empty();
    let wrong = Home::with_configure(&profile_section("DEFAULT", "not-the-secret"));
    let runs = [
        (&from_file, "nsml", "projects", &[][..], 0),
        (&from_env, "nsml", "projects", &env_credentials[..], 0),
        (&from_file, "mi", "workspaces", &[][..], 0),
        (&from_env, "mi", "workspaces", &env_credentials[..], 0),
        (&wrong, "nsml", "projects", &[][..], 3),
    ];
    for (home, service, list, vars, code) in runs {
        for verbosity in ["-v", "-vv", "-vvv"] {
            let run = home.run(
                &[verbosity, "--endpoint", &url, service, list, "-o", "ndjson"],
                vars,
            );
            assert_eq!(run.code, Some(code), "{run:#?}");
            if verbosity == "-vvv" {
                assert!(run.stderr.contains("DEBUG"), "-vvv logs: {run:#?}");
            }
            for secret in [SECRET_KEY, API_KEY] {
                assert!(
                    !run.stdout.contains(secret) && !run.stderr.contains(secret),
                    "{secret} printed by {service} {list} {verbosity}:\n{run:#?}"
                );
            }
        }
        gateway.reset_counters();
    }
}
