//! The README shows `ncloud --help` verbatim: keep them the same. It shows the default build,
//! with `ncloud demo`.
#![cfg(feature = "demo")]

use std::process::Command;

#[test]
fn readme_shows_the_current_help() {
    let output = Command::new(env!("CARGO_BIN_EXE_ncloud"))
        .arg("--help")
        .env_clear()
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("$ ncloud --help\n")
        .expect("README has a `$ ncloud --help` block")
        + "$ ncloud --help\n".len();
    let end = start + readme[start..].find("\n```").unwrap();
    assert_eq!(
        readme[start..end].trim_end(),
        help.trim_end(),
        "README.md's `ncloud --help` block is stale: paste the new output"
    );
}
