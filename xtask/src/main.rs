//! Repository chores, as ordinary Rust: `cargo xtask <task>`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

type DynError = Box<dyn std::error::Error>;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  ci    fmt check, clippy -D warnings, the whole test suite (`cargo test --workspace`),
        docs with warnings denied (default and all features), and `cargo package --workspace`
        (each published crate verified from its own tarball)
  bench list 2,345 MI workspaces from the fake gateway (50 ms latency, page size 100)
        sequentially and with concurrency 4 and 8; prints items/s and the speed-up
        (`cargo bench -p ncloud-tests --bench listing`); then many clients against a gateway
        that admits 2 requests in flight: 16 listings sharing a client in one process, and 24
        `ncloud` processes (built in release first); prints the time against the ideal and
        the share of 429s (`--bench throttling`)
";

fn main() -> ExitCode {
    let task = env::args().nth(1);
    let result = match task.as_deref() {
        Some("ci") => ci(),
        Some("bench") => bench(),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn run(mut command: Command) -> Result<(), DynError> {
    eprintln!("xtask: running {command:?}");
    let status = command.status()?;
    if !status.success() {
        return Err(format!("{command:?} failed: {status}").into());
    }
    Ok(())
}

fn ci() -> Result<(), DynError> {
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run(fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    run(clippy)?;

    // The signer alone (no HTTP stack) must keep building for other NCP clients, and
    // `cargo install ncloud-cli --no-default-features` gives the binary without the demo gateway.
    for package in ["ncloud-core", "ncloud-cli"] {
        let mut slim = cargo();
        slim.args([
            "clippy",
            "-p",
            package,
            "--no-default-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]);
        run(slim)?;
    }

    let mut test = cargo();
    test.args(["test", "--workspace"]);
    run(test)?;

    // The default features (what `cargo doc` shows a user) and all of them (what docs.rs shows).
    for features in [None, Some("--all-features")] {
        let mut doc = cargo();
        doc.args(["doc", "--workspace", "--no-deps"])
            .args(features)
            .env("RUSTDOCFLAGS", "-D warnings");
        run(doc)?;
    }

    // Every crate builds from its own tarball, as crates.io will build it (a dev-dependency cycle
    // or a file outside the crate shows here). `--allow-dirty`: CI checks the packaging, not
    // whether the work is committed.
    forget_packaged_sources()?;
    let mut package = cargo();
    package.args(["package", "--workspace", "--allow-dirty"]);
    // The `publish = false` members: their tarballs are never built (the tests crate's docs are
    // the workspace README, outside it).
    for unpublished in ["ncloud-server-example", "ncloud-tests", "xtask"] {
        package.args(["--exclude", unpublished]);
    }
    run(package)
}

/// `cargo package --workspace` verifies each crate against the others' tarballs through a local
/// registry, whose sources it extracts under `$CARGO_HOME/registry/src/-<hash>/` and reuses as
/// long as the version is the same: a second run would verify against the first run's code.
/// Our crates' extracted copies are removed first (local registries are the `-<hash>`
/// directories; crates.io's sources are left alone).
fn forget_packaged_sources() -> Result<(), DynError> {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let Some(sources) = home.map(|home| home.join("registry").join("src")) else {
        return Ok(());
    };
    let Ok(registries) = fs::read_dir(&sources) else {
        return Ok(());
    };
    for registry in registries {
        let registry = registry?;
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for source in fs::read_dir(registry.path())? {
            let source = source?;
            if source.file_name().to_string_lossy().starts_with("ncloud-") {
                fs::remove_dir_all(source.path())?;
            }
        }
    }
    Ok(())
}

fn bench() -> Result<(), DynError> {
    let mut bench = cargo();
    bench.args(["bench", "-p", "ncloud-tests", "--bench", "listing"]);
    run(bench)?;
    // The many-processes scenario runs the release `ncloud` (the bench profile is release too).
    let mut build = cargo();
    build.args(["build", "--release", "-p", "ncloud-cli", "--bin", "ncloud"]);
    run(build)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    let mut throttling = cargo();
    throttling
        .args(["bench", "-p", "ncloud-tests", "--bench", "throttling"])
        .env("NCLOUD_BIN", target.join("release").join("ncloud"));
    run(throttling)
}
