//! What the transport does, as the `ncloud` binary shows it: redirects refused (and the host they
//! point to receives nothing), `--timeout` for the whole command, `--max-attempts`, clock-skew
//! correction visible at `-v`, and exit codes that tell a bad option from a bad network.

mod support;

use std::net::TcpListener;
use std::time::Duration;

use httpmock::MockServer;
use ncloud_testkit::{FakeGateway, Fault, Route};
use support::{ENV_CREDENTIALS, ncloud, ncloud_at, start};

/// A server on `127.0.0.1` that answers every request with `status` and `Location: location`.
fn redirecting(status: u16, location: &str) -> MockServer {
    let server = MockServer::start();
    server.mock(|_, then| {
        then.status(status).header("location", location);
    });
    server
}

#[test]
fn a_redirect_exits_4_and_the_host_it_names_receives_nothing() {
    let elsewhere = MockServer::start();
    let anything = elsewhere.mock(|_, then| {
        then.status(200).body("{}");
    });
    let target = elsewhere.url("/steal");
    for (status, args) in [
        (
            302,
            &["api", "POST", "/api/v1/workspaces", "--body", "{}"][..],
        ),
        (307, &["api", "POST", "/api/v1/workspaces", "--body", "{}"]),
        (301, &["mi", "workspaces", "-o", "ndjson"]),
    ] {
        let gateway = redirecting(status, &target);
        let base = gateway.base_url();
        let mut all = vec!["--endpoint", base.as_str()];
        all.extend_from_slice(args);
        if all.contains(&"api") {
            all.extend_from_slice(&["--host", base.as_str()]);
        }
        let run = ncloud(&all, &ENV_CREDENTIALS);
        let error = run.assert_failure(4);
        assert!(error.contains(&format!("HTTP {status}")), "{error}");
        assert!(error.contains(&target), "names the Location: {error}");
        assert!(run.stdout.is_empty(), "{run:#?}");
    }
    anything.assert_calls(0);
}

#[test]
fn a_redirect_to_another_scheme_is_not_a_usage_error() {
    let gateway = redirecting(302, "ftp://files.example/x");
    let run = ncloud(
        &["--endpoint", &gateway.base_url(), "mi", "workspaces"],
        &ENV_CREDENTIALS,
    );
    let error = run.assert_failure(4);
    assert!(error.contains("ftp://files.example/x"), "{error}");
}

#[test]
fn timeout_stops_the_whole_command_with_exit_5() {
    // Accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let run = ncloud(
        &[
            "--endpoint",
            &base,
            "--timeout",
            "300ms",
            "mi",
            "workspaces",
        ],
        &ENV_CREDENTIALS,
    );
    let error = run.assert_failure(5);
    // The command's deadline, or the call's (the same deadline, measured from the call's start).
    assert!(error.contains("timed out"), "{error}");
    drop(listener);
}

#[test]
fn max_attempts_sets_the_attempts_per_request() {
    for attempts in [1, 2] {
        let gateway = start(
            FakeGateway::builder().workspaces(25).fault(
                Fault::EndpointError
                    .on_route(Route::Workspaces)
                    .every_attempt(),
            ),
        );
        let attempts_arg = attempts.to_string();
        let run = ncloud_at(
            &gateway,
            &["--max-attempts", &attempts_arg, "mi", "workspaces"],
        );
        let error = run.assert_failure(4);
        assert!(error.contains("HTTP 503"), "{error}");
        assert_eq!(gateway.hits(Route::Workspaces, 1), attempts);
    }
}

#[test]
fn bad_timeout_and_max_attempts_are_usage_errors() {
    for args in [
        &["--timeout", "0", "mi", "workspaces"][..],
        &["--timeout", "soon", "mi", "workspaces"],
        &["--max-attempts", "0", "mi", "workspaces"],
    ] {
        let run = ncloud(args, &ENV_CREDENTIALS);
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
    }
}

#[test]
fn a_clock_ten_minutes_off_is_corrected_once_and_said_at_v() {
    let ten_minutes = Duration::from_secs(600);
    for (gateway, direction) in [
        (FakeGateway::builder().clock_ahead(ten_minutes), "behind"),
        (FakeGateway::builder().clock_behind(ten_minutes), "ahead of"),
    ] {
        let gateway = start(gateway.workspaces(250));
        let run = ncloud_at(
            &gateway,
            &[
                "-v",
                "mi",
                "workspaces",
                "--page-size",
                "10",
                "-o",
                "ndjson",
            ],
        );
        assert_eq!(run.code, Some(0), "{run:#?}");
        assert_eq!(run.ndjson().len(), 250);
        assert!(
            run.stderr
                .contains(&format!("s {direction} the API Gateway's")),
            "{run:#?}"
        );
        assert_eq!(gateway.rejected(), 1, "one refused request for 25 pages");
    }
}
