//! The Media Intelligence part of `ncloud demo`: the whole index-and-search workflow against the
//! demo gateway, each step shown as the command that does it.

use std::io::Write;
use std::time::Duration;

use ncloud_core::Client;
use ncloud_mi::NewThumbnail;

use super::args::{OutputArgs, SearchArgs};
use super::{print_one, search, wait_for_indexing};
use crate::error::CliError;
use crate::render::Output;
use crate::wait::WaitTuning;

const WORKSPACE: &str = "demo-workspace";
const BUCKET: &str = "demo-media";
/// What the demo imports: two videos and an image, one of them about a red car; the demo gateway
/// "sees" a person in a file whose name has the person's name.
const KEYS: [&str; 3] = [
    "trailers/alice-red-car-chase.mp4",
    "trailers/alice-and-bob-blue-car-parade.mov",
    "photos/bob-beach-sunset.jpg",
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
        text: Some(text.to_owned()),
        image: None,
        persons: Vec::new(),
        any_persons: Vec::new(),
        not_persons: Vec::new(),
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
    search(&mi, &args, &mut *out).await?;

    // Search by image: the image is uploaded to a presigned URL (no NCP header), then searched.
    let images = tempfile::tempdir()?;
    let image = images.path().join("red-car.png");
    std::fs::write(&image, demo_png())?;
    writeln!(out, "\n$ ncloud mi search {WORKSPACE} --image red-car.png")?;
    out.flush()?;
    let by_image = SearchArgs {
        text: None,
        image: Some(image),
        projects: Vec::new(),
        ..args
    };
    search(&mi, &by_image, &mut *out).await?;

    // Search by person: register two persons with a face thumbnail each (uploaded the same way),
    // then search for scenes with one and without the other.
    let mut ids = Vec::new();
    for name in ["Alice", "Bob"] {
        let file = format!("{}.png", name.to_lowercase());
        writeln!(
            out,
            "\n$ ncloud mi persons create {WORKSPACE} --name {name} --thumbnail {file}"
        )?;
        let key = mi
            .upload_person_thumbnail(WORKSPACE, &file, demo_png())
            .await?;
        let person = mi
            .create_person(WORKSPACE)
            .name(name)
            .thumbnail(NewThumbnail::new(key, true))
            .await?;
        print_one(&person, table, &mut *out)?;
        ids.push(person.id);
    }
    let (alice, bob) = (ids[0], ids[1]);
    writeln!(
        out,
        "\n$ ncloud mi search {WORKSPACE} car --person {alice} --not-person {bob}"
    )?;
    out.flush()?;
    let by_person = SearchArgs {
        text: Some("car".to_owned()),
        image: None,
        persons: vec![alice],
        not_persons: vec![bob],
        ..by_image
    };
    search(&mi, &by_person, &mut *out).await
}

/// The start of a 320 x 320 PNG: all the demo gateway reads of an image (its header, for the
/// minimum size in pixels).
fn demo_png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(320u32.to_be_bytes());
    bytes.extend(320u32.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0]);
    bytes
}
