//! Changes tell the truth, through the real binary: `runs create`
//! prints the run it started, never another one; once the service accepted a change, a failure
//! after it still says that the change was made and the command that checks it.

mod support;

use std::time::Duration;

use ncloud_testkit::{FakeGateway, Fault, NsmlOperation, Route};
use serde_json::Value;
use support::{create_run, ncloud_at, nsml_project, start};

fn nsml_gateway(builder: ncloud_testkit::FakeGatewayBuilder) -> support::Gateway {
    start(builder.projects(0).nsml_transition(Duration::ZERO))
}

#[test]
fn concurrent_creates_each_print_their_own_run() {
    let gateway = nsml_gateway(FakeGateway::builder());
    let id = nsml_project(&gateway, "jobs");
    let runs: Vec<(String, Value)> = std::thread::scope(|scope| {
        let jobs: Vec<_> = (1..=5)
            .map(|i| {
                let (gateway, id) = (&gateway, id.as_str());
                scope.spawn(move || {
                    let command = format!("python job{i}.py");
                    let run = create_run(gateway, id, &command, &[]);
                    run.assert_success();
                    (command, serde_json::from_str(&run.stdout).unwrap())
                })
            })
            .collect();
        jobs.into_iter().map(|job| job.join().unwrap()).collect()
    });
    for (command, run) in &runs {
        assert_eq!(run["command"], command.as_str(), "{run}");
    }
    let mut names: Vec<&str> = runs
        .iter()
        .map(|(_, r)| r["runName"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["1", "2", "3", "4", "5"]);
}

#[test]
fn a_failed_lookup_after_the_run_started_says_it_was_started() {
    // The listing before sending works; the lookup after it fails.
    let gateway = nsml_gateway(FakeGateway::builder().nsml_failing(NsmlOperation::ListRuns, 1));
    let id = nsml_project(&gateway, "jobs");
    let run = create_run(&gateway, &id, "python a.py", &["--max-attempts", "1"]);
    let error = run.assert_failure(4);
    assert!(
        error.contains("HTTP 503, NCP code 500: Endpoint Error; the change was made; check it with: ncloud --endpoint"),
        "{error}"
    );
    assert!(error.ends_with(" nsml runs"), "{error}");
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateRun), 1);
}

#[test]
fn a_failed_lookup_after_the_project_was_created_says_it_was_created() {
    let gateway = nsml_gateway(
        FakeGateway::builder().fault(
            Fault::EndpointError
                .on_route(Route::Projects)
                .every_attempt(),
        ),
    );
    let args = [
        "--max-attempts",
        "1",
        "nsml",
        "projects",
        "create",
        "--name",
        "lost",
        "--nas-volume-size",
        "500",
    ];
    let run = ncloud_at(&gateway, &args);
    let error = run.assert_failure(4);
    assert!(
        error
            .contains("Endpoint Error; project lost was created; check it with: ncloud --endpoint"),
        "{error}"
    );
    assert!(error.ends_with("--max-attempts 1 nsml projects"), "{error}");
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateProject), 1);
}

#[test]
fn a_failed_lookup_after_a_key_was_registered_says_it_was_registered() {
    let gateway = nsml_gateway(FakeGateway::builder().nsml_failing(NsmlOperation::ListAuthKeys, 0));
    let args = [
        "--max-attempts",
        "1",
        "nsml",
        "auth-keys",
        "create",
        "--title",
        "new-laptop",
        "--key",
        "ssh-ed25519 AAAAC3Nza me@host",
    ];
    let run = ncloud_at(&gateway, &args);
    let error = run.assert_failure(4);
    assert!(
        error.contains("Endpoint Error; SSH key new-laptop was created; check it with: ncloud"),
        "{error}"
    );
    assert!(error.ends_with(" nsml auth-keys"), "{error}");
    assert_eq!(gateway.nsml_calls(NsmlOperation::CreateAuthKey), 1);
}
