//! Running the `ncloud` binary of this build (Cargo's `CARGO_BIN_EXE_ncloud`) against the fake
//! gateway of ncloud-testkit.
//!
//! Each run has an empty environment and `HOME` in a temporary directory, so the developer's own
//! credentials can neither help nor leak, and no standard input, so nothing can wait on a reader.

// Each test file uses a different part of this module.
#![allow(dead_code)]

pub(crate) mod run_async;

use std::collections::BTreeMap;
use std::ops::Deref;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use ncloud_core::Credentials;
use ncloud_core::time::TimeSource;
use ncloud_testkit::{FakeGateway, FakeGatewayBuilder, Fault, Route};
use serde_json::Value;
use tempfile::TempDir;

/// Distinctive keys, so that a leak in any output is found by a plain substring search.
pub(crate) const ACCESS_KEY: &str = "E2EACCESSKEY0000001";
pub(crate) const SECRET_KEY: &str = "e2e-secret-key-7d41c9a0b3f24e6f";
pub(crate) const API_KEY: &str = "e2e-api-key-5b8e2f1c6a9d";

/// The credentials every test gateway accepts.
pub(crate) fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY).with_api_key(API_KEY)
}

/// [`credentials`] as environment variables.
pub(crate) const ENV_CREDENTIALS: [(&str, &str); 3] = [
    ("NCLOUD_ACCESS_KEY_ID", ACCESS_KEY),
    ("NCLOUD_SECRET_ACCESS_KEY", SECRET_KEY),
    ("NCLOUD_API_KEY", API_KEY),
];

/// What a run printed, and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Every stdout line parsed as JSON (`-o ndjson`, `api --paginate`).
    pub(crate) fn ndjson(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}\n{self:?}"))
            })
            .collect()
    }

    /// The `key` of every ndjson line.
    pub(crate) fn ids(&self, key: &str) -> Vec<String> {
        ids(&self.ndjson(), key)
    }

    pub(crate) fn assert_success(&self) {
        assert_eq!(self.code, Some(0), "{self:#?}");
        assert!(self.stderr.is_empty(), "{self:#?}");
    }

    /// Exit code `code` and on stderr exactly one `error: ` line, the last, after any `warning: `
    /// lines, without panic text; the error line.
    pub(crate) fn assert_failure(&self, code: i32) -> &str {
        assert_eq!(self.code, Some(code), "{self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|line| !line.starts_with("warning: "))
            .collect();
        assert_eq!(lines.len(), 1, "one error line on stderr: {self:#?}");
        assert!(lines[0].starts_with("error: "), "{self:#?}");
        assert!(
            self.stderr.ends_with(&format!("{}\n", lines[0])),
            "{self:#?}"
        );
        lines[0]
    }
}

/// A temporary `HOME`, possibly with a `~/.ncloud/configure`.
pub(crate) struct Home {
    dir: TempDir,
}

impl Home {
    pub(crate) fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary HOME"),
        }
    }

    pub(crate) fn with_configure(contents: &str) -> Self {
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
    pub(crate) fn with_default_profile() -> Self {
        Self::with_configure(&profile_section("DEFAULT", SECRET_KEY))
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `ncloud args...` with nothing of the environment but `HOME` and `vars`.
    pub(crate) fn run(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_ncloud"))
            .args(args)
            .env_clear()
            .env("HOME", self.dir.path())
            .envs(vars.iter().copied())
            .stdin(Stdio::null())
            .output()
            .expect("ncloud runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// `ncloud args...` with an empty `HOME` and only `vars` in the environment.
pub(crate) fn ncloud(args: &[&str], vars: &[(&str, &str)]) -> Run {
    Home::empty().run(args, vars)
}

/// `ncloud --endpoint <gateway> args...` with [`ENV_CREDENTIALS`].
pub(crate) fn ncloud_at(gateway: &FakeGateway, args: &[&str]) -> Run {
    let base = gateway.base_url();
    ncloud(&[&["--endpoint", &base], args].concat(), &ENV_CREDENTIALS)
}

/// `ncloud nsml projects create --name NAME` (on a gateway whose `nsml_transition` is zero, it
/// is CREATED at once); the new project's id.
pub(crate) fn nsml_project(gateway: &FakeGateway, name: &str) -> String {
    let args = [
        "nsml",
        "projects",
        "create",
        "--name",
        name,
        "--nas-volume-size",
        "500",
        "-o",
        "json",
    ];
    let run = ncloud_at(gateway, &args);
    run.assert_success();
    let project: Value = serde_json::from_str(&run.stdout).unwrap();
    project["projectId"].as_str().unwrap().to_owned()
}

/// `ncloud nsml runs create PROJECT ... --command COMMAND -o json EXTRA...` on a training server
/// (GPU code 2, one node, a base image).
pub(crate) fn create_run(
    gateway: &FakeGateway,
    project: &str,
    command: &str,
    extra: &[&str],
) -> Run {
    let args = [
        "nsml",
        "runs",
        "create",
        project,
        "--gpu-server-code",
        "2",
        "--image-type",
        "base",
        "--image-path",
        "nvcr.io/nvidia/pytorch:21.02-py3",
        "--node-count",
        "1",
        "--command",
        command,
        "-o",
        "json",
    ];
    ncloud_at(gateway, &[&args[..], extra].concat())
}

pub(crate) fn profile_section(name: &str, secret: &str) -> String {
    format!(
        "[{name}]\nncloud_access_key_id = {ACCESS_KEY}\nncloud_secret_access_key = {secret}\n\
         ncloud_api_key = {API_KEY}\n"
    )
}

/// A fake gateway accepting [`credentials`], with the runtime it was started on (dropped after it).
pub(crate) struct Gateway {
    gateway: FakeGateway,
    _runtime: tokio::runtime::Runtime,
}

impl Deref for Gateway {
    type Target = FakeGateway;

    fn deref(&self) -> &FakeGateway {
        &self.gateway
    }
}

/// Starts `builder` with [`credentials`] (the server runs on a thread of its own).
pub(crate) fn start(builder: FakeGatewayBuilder) -> Gateway {
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

/// 25 projects and 25 workspaces; the first answer for `page` of `route` is cut short.
pub(crate) fn truncated_at(route: Route, page: u32) -> Gateway {
    start(
        FakeGateway::builder()
            .projects(25)
            .workspaces(25)
            .fault(Fault::TruncatedJson.on_route(route).on_page(page)),
    )
}

/// The `key` of every value.
pub(crate) fn ids(values: &[Value], key: &str) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            v[key]
                .as_str()
                .unwrap_or_else(|| panic!("no {key}: {v}"))
                .to_owned()
        })
        .collect()
}

/// Pages 1..=`pages`, each counted once.
pub(crate) fn each_page(pages: u32) -> BTreeMap<u32, usize> {
    (1..=pages).map(|page| (page, 1)).collect()
}

/// The words of a command line written as one string (no quoting: tests' arguments have no spaces).
pub(crate) fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// A gateway clock that moves 100 ms each time it is read (a few times a request), from the
/// system time: the fake's transitions (a project created, an asset indexed) end after a few
/// polls, so a binary that polls every millisecond waits for nothing real.
#[derive(Debug)]
pub(crate) struct SteppingClock(Mutex<SystemTime>);

impl SteppingClock {
    pub(crate) fn new() -> Self {
        Self(Mutex::new(SystemTime::now()))
    }
}

impl TimeSource for SteppingClock {
    fn now(&self) -> SystemTime {
        let mut now = self.0.lock().unwrap();
        *now += Duration::from_millis(100);
        *now
    }
}
