//! The Media Intelligence part of `ncloud demo`: the whole index-and-search workflow against the
//! demo gateway, each step shown as the command that does it.

use std::io::Write;
use std::time::Duration;

use ncloud_core::Client;

use super::args::{OutputArgs, SearchArgs};
use super::{print_one, search, wait_for_indexing};
use crate::error::CliError;
use crate::render::Output;
use crate::wait::WaitTuning;

const WORKSPACE: &str = "demo-workspace";
const BUCKET: &str = "demo-media";
/// What the demo imports: two videos and an image, one of them about a red car.
const KEYS: [&str; 3] = [
    "trailers/red-car-chase.mp4",
    "trailers/blue-car-parade.mov",
    "photos/beach-sunset.jpg",
];

/// Creates a workspace and a project, imports media and waits for the indexing, then searches.
pub(crate) async fn demo_workflow(
    core: Client,
    out: &mut (impl Write + Send),
) -> Result<(), CliError> {
    let mi = ncloud_mi::Client::new(core);
    let table = OutputArgs {
        output: Some(Output::Table),
    };
    writeln!(
        out,
        "$ ncloud mi workspaces create {WORKSPACE} --bucket {BUCKET}"
    )?;
    let workspace = mi.create_workspace(WORKSPACE).bucket(BUCKET).send().await?;
    print_one(&workspace, table, &mut *out)?;

    writeln!(
        out,
        "\n$ ncloud mi projects create {WORKSPACE} --name trailers"
    )?;
    let project = mi.create_project(WORKSPACE, "trailers").await?;
    print_one(&project, table, &mut *out)?;
    let project_id = project.project_id;

    for key in KEYS {
        writeln!(
            out,
            "\n$ ncloud mi assets import {WORKSPACE} {project_id} --bucket {BUCKET} --key {key} --wait"
        )?;
        out.flush()?;
        let asset = mi.import_asset(WORKSPACE, project_id, BUCKET, key).await?;
        let wait = WaitTuning {
            wait_timeout: Some(Duration::from_secs(60)),
            wait_interval: None,
        };
        let indexed = wait_for_indexing(&mi, WORKSPACE, project_id, asset.asset_id, wait).await?;
        print_one(&indexed, table, &mut *out)?;
    }

    let text = "red car";
    writeln!(
        out,
        "\n$ ncloud mi search {WORKSPACE} \"{text}\" --project {project_id}"
    )?;
    out.flush()?;
    let args = SearchArgs {
        workspace: WORKSPACE.to_owned(),
        text: text.to_owned(),
        projects: vec![project_id],
        confidence: None,
        limit: None,
        page_size: None,
        wait: WaitTuning {
            wait_timeout: Some(Duration::from_secs(60)),
            wait_interval: None,
        },
        output: table,
    };
    search(&mi, &args, &mut *out).await
}
