//! `ncloud configure`, `ncloud configure list` and how the binary reads the profile file, through
//! the real binary with a temporary `HOME` and nothing else of the environment. Nothing here
//! sends a request.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use tokio::io::AsyncWriteExt;

const ACCESS_KEY: &str = "AKIDEXAMPLE000011112222";
const SECRET_KEY: &str = "SECRET-KEY-VALUE-0123456789";
const API_KEY: &str = "API-KEY-VALUE-9876543210";

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn configure(&self) -> PathBuf {
        self.dir.path().join(".ncloud").join("configure")
    }

    /// Writes the profile file with `mode` (on Unix).
    fn with_file(self, contents: &str, mode: u32) -> Self {
        std::fs::create_dir_all(self.configure().parent().unwrap()).unwrap();
        std::fs::write(self.configure(), contents).unwrap();
        set_mode(&self.configure(), mode);
        self
    }

    /// `ncloud args...` with `stdin` piped in; a stuck binary is killed after a minute (a safety
    /// net, not a time bound: nothing here waits on anything).
    async fn run(&self, args: &[&str], env: &[(&str, &std::ffi::OsStr)], stdin: &str) -> Output {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_ncloud"));
        command
            .args(args)
            .env_clear()
            .env("HOME", self.dir.path())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).await.unwrap();
        drop(input);
        tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
            .await
            .expect("ncloud finished")
            .unwrap()
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_no_secret(output: &Output) {
    for secret in [SECRET_KEY, API_KEY] {
        assert!(
            !text(&output.stdout).contains(secret) && !text(&output.stderr).contains(secret),
            "{secret} printed: {output:?}"
        );
    }
}

#[tokio::test]
async fn configure_creates_an_owner_only_file_and_prints_no_secret() {
    let home = Home::new();
    let answers = format!("{ACCESS_KEY}\n{SECRET_KEY}\n{API_KEY}\ngov\n");
    let output = home.run(&["configure"], &[], &answers).await;
    assert!(output.status.success(), "{output:?}");
    assert_no_secret(&output);
    assert_eq!(
        text(&output.stdout),
        format!(
            "Saved profile [DEFAULT] in {} (access key AKID***************2222)\n",
            home.configure().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(home.configure()).unwrap(),
        format!(
            "[DEFAULT]\nncloud_access_key_id = {ACCESS_KEY}\nncloud_secret_access_key = {SECRET_KEY}\n\
             ncloud_api_key = {API_KEY}\nncloud_site = gov\n"
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&home.configure()), 0o600);
        assert_eq!(mode(home.configure().parent().unwrap()), 0o700);
    }
}

/// Twenty runs at once, each writing its own profile: every profile survives (the read, the edit
/// and the rename are locked), and the file stays private.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_configure_runs_keep_every_profile() {
    const RUNS: usize = 20;
    let home = Home::new();
    let runs = (0..RUNS).map(|n| {
        let home = &home;
        async move {
            let profile = format!("p{n:02}");
            let answers = format!("AKID{n:02}\nSECRET{n:02}\n\n\n");
            (
                n,
                home.run(&["--profile", &profile, "configure"], &[], &answers)
                    .await,
            )
        }
    });
    for (n, output) in futures::future::join_all(runs).await {
        assert!(output.status.success(), "run {n}: {output:?}");
    }
    let file = std::fs::read_to_string(home.configure()).unwrap();
    for n in 0..RUNS {
        assert!(
            file.contains(&format!("[p{n:02}]\nncloud_access_key_id = AKID{n:02}\nncloud_secret_access_key = SECRET{n:02}\n")),
            "profile p{n:02} lost:\n{file}"
        );
    }
    assert_eq!(file.matches('[').count(), RUNS, "{file}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.configure())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn configure_round_trips_an_existing_file() {
    let before = "# my NCP profiles\n[DEFAULT]\nncloud_access_key_id = OLDKEY00\n\
        ncloud_secret_access_key = OLD-SECRET\nmy_tool_setting = keep me\n\n\
        ; the other one\n[work]\nncloud_access_key_id = WORKKEY\nncloud_secret_access_key = WS\n";
    let home = Home::new().with_file(before, 0o600);
    // A new access key; empty lines keep the secret and leave the API key and site unset.
    let output = home
        .run(&["configure"], &[], &format!("{ACCESS_KEY}\n\n\n\n"))
        .await;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        std::fs::read_to_string(home.configure()).unwrap(),
        format!(
            "# my NCP profiles\n[DEFAULT]\nncloud_access_key_id = {ACCESS_KEY}\n\
             ncloud_secret_access_key = OLD-SECRET\nmy_tool_setting = keep me\n\n\
             ; the other one\n[work]\nncloud_access_key_id = WORKKEY\nncloud_secret_access_key = WS\n"
        )
    );
    // A new profile goes at the end; NCLOUD_PROFILE names it as --profile would.
    let output = home
        .run(
            &["configure"],
            &[("NCLOUD_PROFILE", "fin-work".as_ref())],
            &format!("{ACCESS_KEY}\n{SECRET_KEY}\n\nfin\n"),
        )
        .await;
    assert!(output.status.success(), "{output:?}");
    let after = std::fs::read_to_string(home.configure()).unwrap();
    assert!(
        after.ends_with(&format!(
            "ncloud_secret_access_key = WS\n\n[fin-work]\nncloud_access_key_id = {ACCESS_KEY}\n\
             ncloud_secret_access_key = {SECRET_KEY}\nncloud_site = fin\n"
        )),
        "{after}"
    );
}

#[tokio::test]
async fn configure_refuses_incomplete_or_odd_answers_and_leaves_the_file_alone() {
    let home = Home::new();
    let output = home
        .run(&["configure"], &[], &format!("{ACCESS_KEY}\n"))
        .await;
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        text(&output.stderr).contains("needs `ncloud_secret_access_key`"),
        "{output:?}"
    );
    assert!(!home.configure().exists());
    let output = home
        .run(
            &["configure"],
            &[],
            &format!("{ACCESS_KEY}\n{SECRET_KEY}\n\nmoon\n"),
        )
        .await;
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(text(&output.stderr).contains("unknown NCP site \"moon\""));
    assert_no_secret(&output);
    assert!(!home.configure().exists());
    // Answers are bounded: a stream that does not end is refused, not read forever.
    let endless = format!("{ACCESS_KEY}\n{SECRET_KEY}\n{}", "x".repeat(20_000));
    let output = home.run(&["configure"], &[], &endless).await;
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        text(&output.stderr).contains("larger than 16384 bytes, too large for the answers"),
        "{output:?}"
    );
    assert!(!home.configure().exists());
}

#[tokio::test]
async fn configure_list_masks_access_keys_and_shows_no_secret() {
    let file = format!(
        "[DEFAULT]\nncloud_access_key_id = {ACCESS_KEY}\nncloud_secret_access_key = {SECRET_KEY}\n\
         ncloud_api_key = {API_KEY}\n[gov]\nncloud_access_key_id = GOVKEY000099\n\
         ncloud_secret_access_key = {SECRET_KEY}\nncloud_api_url = https://ncloud.apigw.gov-ntruss.com\n"
    );
    let home = Home::new().with_file(&file, 0o600);
    let output = home.run(&["configure", "list"], &[], "").await;
    assert!(output.status.success(), "{output:?}");
    assert_no_secret(&output);
    assert_eq!(
        text(&output.stdout),
        "PROFILE  ACCESS KEY               SITE              API KEY\n\
         DEFAULT  AKID***************2222  public (default)  set\n\
         gov      GOVK****0099             gov               not set\n"
    );
}

#[tokio::test]
async fn a_profile_file_others_can_read_gets_one_warning_line() {
    let file = format!(
        "[DEFAULT]\nncloud_access_key_id = {ACCESS_KEY}\nncloud_secret_access_key = {SECRET_KEY}\n"
    );
    let open = Home::new().with_file(&file, 0o644);
    let output = open
        .run(&["sign", "GET", "/api/v1/workspaces"], &[], "")
        .await;
    assert!(output.status.success(), "{output:?}");
    let stderr = text(&output.stderr);
    if cfg!(unix) {
        assert_eq!(
            stderr,
            format!(
                "warning: {path} can be read or changed by other users (mode 0644): run `chmod 600 {path}`\n",
                path = open.configure().display()
            )
        );
    }
    let private = Home::new().with_file(&file, 0o600);
    let output = private
        .run(&["sign", "GET", "/api/v1/workspaces"], &[], "")
        .await;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(text(&output.stderr), "");
}

#[tokio::test]
async fn suspicious_lines_warn_naming_the_line_and_a_bom_is_skipped() {
    let file = format!(
        "\u{feff}[DEFAULT]\nncloud_access_key_id = {ACCESS_KEY}\n\
         ncloud_secret_access_key = \"{SECRET_KEY}\"\n"
    );
    let home = Home::new().with_file(&file, 0o600);
    let output = home.run(&["sign", "GET", "/x"], &[], "").await;
    assert!(output.status.success(), "{output:?}");
    assert_no_secret(&output);
    assert_eq!(
        text(&output.stderr),
        format!(
            "warning: {}:3: the value of `ncloud_secret_access_key` is in quotes, which are kept \
             as part of the value\n",
            home.configure().display()
        )
    );
    assert!(text(&output.stdout).contains(ACCESS_KEY), "{output:?}");
}

#[tokio::test]
async fn a_blank_ncloud_profile_is_unset_and_a_non_utf8_one_is_named() {
    let file = format!(
        "[DEFAULT]\nncloud_access_key_id = {ACCESS_KEY}\nncloud_secret_access_key = {SECRET_KEY}\n"
    );
    let home = Home::new().with_file(&file, 0o600);
    let output = home
        .run(
            &["sign", "GET", "/x"],
            &[("NCLOUD_PROFILE", "  ".as_ref())],
            "",
        )
        .await;
    assert!(output.status.success(), "{output:?}");
    assert!(text(&output.stdout).contains(ACCESS_KEY));
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let output = home
            .run(
                &["sign", "GET", "/x"],
                &[("NCLOUD_PROFILE", std::ffi::OsStr::from_bytes(b"d\xffv"))],
                "",
            )
            .await;
        assert_eq!(output.status.code(), Some(3), "{output:?}");
        assert!(
            text(&output.stderr).contains("NCLOUD_PROFILE is not valid UTF-8"),
            "{output:?}"
        );
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_fifo_or_device_as_profile_file_is_refused_without_blocking() {
    let home = Home::new();
    std::fs::create_dir_all(home.configure().parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(home.configure())
        .status()
        .unwrap();
    assert!(made.success());
    // Nobody writes to the FIFO: reading it would block forever.
    let output = home.run(&["sign", "GET", "/x"], &[], "").await;
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert!(
        text(&output.stderr).contains("not a regular file (a FIFO)"),
        "{output:?}"
    );
    std::fs::remove_file(home.configure()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", home.configure()).unwrap();
    let output = home.run(&["configure", "list"], &[], "").await;
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert!(
        text(&output.stderr).contains("not a regular file (a device)"),
        "{output:?}"
    );
}

#[tokio::test]
async fn a_missing_api_key_is_explained_in_cli_terms_before_anything_is_sent() {
    let home = Home::new();
    let env = [
        ("NCLOUD_ACCESS_KEY_ID", ACCESS_KEY.as_ref()),
        ("NCLOUD_SECRET_ACCESS_KEY", SECRET_KEY.as_ref()),
    ];
    // Port 9 on loopback: nothing is sent anyway, the check comes first.
    let output = home
        .run(
            &["--endpoint", "http://127.0.0.1:9", "nsml", "projects"],
            &env,
            "",
        )
        .await;
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: nsml.ListProjects: an API Gateway API key")
            && stderr.contains("ncloud configure")
            && !stderr.contains("ClientBuilder"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_public_only_host_on_another_site_fails_before_sending() {
    let home = Home::new();
    let env = [
        ("NCLOUD_ACCESS_KEY_ID", ACCESS_KEY.as_ref()),
        ("NCLOUD_SECRET_ACCESS_KEY", SECRET_KEY.as_ref()),
        ("NCLOUD_API_KEY", API_KEY.as_ref()),
    ];
    // Loopback port 9 as the endpoint: even a broken check could not reach a real host.
    for (site, service, list) in [("gov", "nsml", "projects"), ("fin", "mi", "workspaces")] {
        let args = [
            "--site",
            site,
            "--endpoint",
            "http://127.0.0.1:9",
            service,
            list,
        ];
        let output = home.run(&args, &env, "").await;
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert!(
            text(&output.stderr).contains(&format!(
                "invalid request: {service} is available on the public site only, not on the \
                 {site} site"
            )),
            "{output:?}"
        );
    }
    for site in ["gov", "fin"] {
        let args = [
            "--site",
            site,
            "--endpoint",
            "http://127.0.0.1:9",
            "api",
            "GET",
            "/nsml/v1/projects",
            "--host",
            "nsml",
        ];
        let output = home.run(&args, &env, "").await;
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert_eq!(
            text(&output.stderr),
            format!(
                "error: invalid request: nsml is available on the public site only, not on the \
                 {site} site\n"
            )
        );
    }
}
