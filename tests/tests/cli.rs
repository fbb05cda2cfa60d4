//! The real `ncloud` binary against the fake gateway of ncloud-testkit: credentials from a profile
//! file, faults, exit codes, stderr, and that no secret is ever printed.
//!
//! Each test starts its own gateway and runs the binary with an empty environment and `HOME` in a
//! temporary directory, so the developer's own credentials can neither help nor leak. Every run
//! is killed and fails the test after [`RUN_BOUND`]. The CLI waits for real between retries (1 s
//! initial backoff, `Retry-After: 1`), so fault scenarios keep to a few pages.

use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use ncloud_core::Credentials;
use ncloud_testkit::{FakeGateway, FakeGatewayBuilder, Fault, Route};
use serde_json::Value;
use tempfile::TempDir;

/// A run of the binary that takes longer has hung: it is killed and the test fails.
const RUN_BOUND: Duration = Duration::from_secs(30);

/// Distinctive keys, so that a leak in any output is found by a plain substring search.
const ACCESS_KEY: &str = "E2EACCESSKEY0000001";
const SECRET_KEY: &str = "e2e-secret-key-7d41c9a0b3f24e6f";
const API_KEY: &str = "e2e-api-key-5b8e2f1c6a9d";

fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY).with_api_key(API_KEY)
}

// ---------------------------------------------------------------------------------------------
// The binary

/// The `ncloud` binary of this build: next to the test executable (`target/<profile>/deps/..`),
/// built once with `cargo build -p ncloud-cli --bin ncloud` when it is missing or older than the
/// workspace's sources (`cargo test` builds a package's binaries only for that package's own
/// integration tests).
fn ncloud_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test executable's path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("the test executable is in target/<profile>/deps");
        let bin = profile_dir.join(format!("ncloud{}", std::env::consts::EXE_SUFFIX));
        if !is_fresh(&bin) {
            build_ncloud(profile_dir);
        }
        assert!(bin.is_file(), "no ncloud binary at {}", bin.display());
        bin
    })
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// Whether `bin` exists and is newer than every file of the workspace's crates.
fn is_fresh(bin: &Path) -> bool {
    let Some(built) = modified(bin) else {
        return false;
    };
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates");
    let mut dirs = vec![crates];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if modified(&path).is_some_and(|m| m > built) {
                return false;
            }
        }
    }
    true
}

/// `cargo build -p ncloud-cli --bin ncloud` into the target directory and profile of this test.
/// `cargo test` holds no build lock while tests run, so this cannot wait on its parent.
fn build_ncloud(profile_dir: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target_dir = profile_dir.parent().expect("target/<profile>");
    let mut command = Command::new(cargo);
    command
        .args(["build", "--quiet", "-p", "ncloud-cli", "--bin", "ncloud"])
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => {}
        Some("release") => {
            command.arg("--release");
        }
        Some(profile) => {
            command.args(["--profile", profile]);
        }
        None => {}
    }
    let status = command.status().expect("cargo runs");
    assert!(status.success(), "{command:?} failed: {status}");
}

// ---------------------------------------------------------------------------------------------
// Running it

/// What a run printed, and how it ended.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Every stdout line parsed as JSON (`-o ndjson`).
    fn ndjson(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}\n{self:?}"))
            })
            .collect()
    }

    /// The `key` of every ndjson line.
    fn ids(&self, key: &str) -> Vec<String> {
        self.ndjson()
            .iter()
            .map(|v| {
                v[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("no {key}: {v}"))
                    .to_owned()
            })
            .collect()
    }

    fn assert_success(&self) {
        assert_eq!(self.code, Some(0), "{self:#?}");
        assert!(self.stderr.is_empty(), "{self:#?}");
    }

    /// Exit code `code` and stderr exactly one `error: ` line (after any `warning: ` lines),
    /// without panic text; the line.
    fn assert_failure(&self, code: i32) -> &str {
        assert_eq!(self.code, Some(code), "{self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|line| !line.starts_with("warning: "))
            .collect();
        assert_eq!(lines.len(), 1, "one line on stderr: {self:#?}");
        assert!(lines[0].starts_with("error: "), "{self:#?}");
        lines[0]
    }
}

fn read_all(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child` until `deadline`; kills it and fails the test when it does not exit in time.
fn wait_bounded(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + RUN_BOUND;
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited on") {
            return status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{what}` did not exit within {RUN_BOUND:?}; killed");
        }
        // Polling the exit status (no portable blocking wait with a timeout in std).
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A temporary `HOME`, possibly with a `~/.ncloud/configure`.
struct Home {
    dir: TempDir,
}

impl Home {
    fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary HOME"),
        }
    }

    fn with_configure(contents: &str) -> Self {
        let home = Self::empty();
        let dir = home.dir.path().join(".ncloud");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("configure"), contents).unwrap();
        // As `ncloud configure` writes it: a file others can read gets a warning on stderr.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let private = std::fs::Permissions::from_mode(0o600);
            std::fs::set_permissions(dir.join("configure"), private).unwrap();
        }
        home
    }

    /// A profile file whose `[DEFAULT]` holds [`credentials`].
    fn with_default_profile() -> Self {
        Self::with_configure(&profile_section("DEFAULT", SECRET_KEY))
    }

    /// `ncloud args...` with nothing of the environment but `HOME` and `vars`.
    fn run(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut command = Command::new(ncloud_bin());
        command
            .args(args)
            .env_clear()
            .env("HOME", self.dir.path())
            .envs(vars.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let what = format!("ncloud {}", args.join(" "));
        let mut child = command.spawn().expect("ncloud starts");
        let stdout = read_all(child.stdout.take().unwrap());
        let stderr = read_all(child.stderr.take().unwrap());
        let status = wait_bounded(&mut child, &what);
        Run {
            code: status.code(),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        }
    }
}

fn profile_section(name: &str, secret: &str) -> String {
    format!(
        "[{name}]\nncloud_access_key_id = {ACCESS_KEY}\nncloud_secret_access_key = {secret}\n\
         ncloud_api_key = {API_KEY}\n"
    )
}

// ---------------------------------------------------------------------------------------------
// The gateway

/// A fake gateway accepting [`credentials`], with the runtime it was started on (dropped after it).
struct Gateway {
    gateway: FakeGateway,
    _runtime: tokio::runtime::Runtime,
}

impl Deref for Gateway {
    type Target = FakeGateway;

    fn deref(&self) -> &FakeGateway {
        &self.gateway
    }
}

fn start(builder: FakeGatewayBuilder) -> Gateway {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let gateway = runtime.block_on(builder.credentials(credentials()).start());
    Gateway {
        gateway,
        _runtime: runtime,
    }
}

fn ids(values: &[Value], key: &str) -> Vec<String> {
    values
        .iter()
        .map(|v| v[key].as_str().unwrap().to_owned())
        .collect()
}

fn each_page(pages: u32) -> BTreeMap<u32, usize> {
    (1..=pages).map(|page| (page, 1)).collect()
}

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

#[test]
fn demo_lists_all_2345_workspaces() {
    let run = Home::empty().run(
        &[
            "demo",
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
    let names = run.ids("workspaceName");
    assert_eq!(names.len(), 2345);
    let unique: std::collections::BTreeSet<_> = names.iter().collect();
    assert_eq!(unique.len(), 2345, "a workspace listed twice");
}

// ---------------------------------------------------------------------------------------------
// Failures

/// `ncloud mi workspaces` against a gateway answering every request with nginx's HTML 502 page.
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
        &["--endpoint", &url, "mi", "workspaces", "-o", "ndjson"],
        &[],
    );
    (gateway, run)
}

#[test]
fn html_502_exits_4_after_three_attempts() {
    let (gateway, run) = run_against_html_502();
    assert_eq!(run.code, Some(4), "{run:#?}");
    assert!(
        run.stderr.starts_with("error: mi.ListWorkspaces: HTTP 502"),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("panicked"), "{run:#?}");
    assert!(run.stdout.is_empty(), "{run:#?}");
    assert_eq!(gateway.hits(Route::Workspaces, 1), 3, "three attempts");
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
    let gateway = start(
        FakeGateway::builder()
            .workspaces(25)
            .fault(Fault::TruncatedJson.on_route(Route::Workspaces).on_page(2)),
    );
    let url = gateway.base_url();
    let run = Home::with_default_profile().run(
        &[
            "--endpoint",
            &url,
            "mi",
            "workspaces",
            "--page-size",
            "10",
            "--concurrency",
            "1",
            "-o",
            "ndjson",
        ],
        &[],
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
    let configure = home.dir.path().join(".ncloud").join("configure");
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
