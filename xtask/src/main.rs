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
/// registry that stands in for crates.io: the same name, version and source as a published crate,
/// so cargo takes what it has for them as final. It keeps the sources it extracted under
/// `$CARGO_HOME/registry/src/-<hash>/` and the builds under `target/debug`, and a second run would
/// verify against the first run's code. Both are removed for our crates first (local registries are
/// the `-<hash>` directories; crates.io's sources are left alone; our crates rebuild once).
fn forget_packaged_sources() -> Result<(), DynError> {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    if let Some(sources) = home.map(|home| home.join("registry").join("src")) {
        for registry in entries(&sources)? {
            if registry.file_name().to_string_lossy().starts_with('-') {
                remove_ours(&registry.path())?;
            }
        }
    }
    let target = env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    remove_ours(&target.join("debug").join(".fingerprint"))
}

/// The entries of `dir`; none when it does not exist.
fn entries(dir: &Path) -> Result<Vec<fs::DirEntry>, DynError> {
    match fs::read_dir(dir) {
        Ok(entries) => Ok(entries.collect::<Result<_, _>>()?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// Removes the `ncloud-*` directories in `dir`.
fn remove_ours(dir: &Path) -> Result<(), DynError> {
    for entry in entries(dir)? {
        if entry.file_name().to_string_lossy().starts_with("ncloud-") {
            fs::remove_dir_all(entry.path())?;
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
