//! `ncloud mi ...`: workspaces, projects, assets, indexes and search.

mod args;
#[cfg(feature = "demo")]
mod demo;
mod image_file;
mod persons;
mod rows;

use std::io::Write;
use std::time::Duration;

use ncloud_core::Client;
use ncloud_mi::{ConfidenceLevel, SearchQuery};
use ncloud_pagination::{IntoPage, List, ListOperation};
use serde::Serialize;

use self::args::{
    AssetsCommand, DEFAULT_WAIT, IndexesCommand, OutputArgs, ProjectsCommand, SearchArgs,
    WorkspacesCommand,
};
pub(crate) use self::args::{MiCommand, WorkspacesArgs};
#[cfg(feature = "demo")]
pub(crate) use self::demo::demo_workflow;
use self::rows::AssetIndexing;
use super::list;
use crate::change::{self, Created};
use crate::cli::ListArgs;
use crate::error::CliError;
use crate::render::{TableRow, output_format, write_one};
use crate::wait::{self, WaitTuning};

/// How often `--wait` and `search` poll unless `--wait-interval` says: from 1 s, doubling up to
/// 15 s.
const POLL_DELAYS: (Duration, Duration) = (Duration::from_secs(1), Duration::from_secs(15));

pub(crate) async fn run(
    core: Client,
    command: &MiCommand,
    out: impl Write + Send,
) -> Result<(), CliError> {
    let mi = ncloud_mi::Client::new(core);
    match command {
        MiCommand::Workspaces(args) => workspaces(&mi, args, out).await,
        MiCommand::Projects(command) => projects(&mi, command, out).await,
        MiCommand::Assets(command) => assets(&mi, command, out).await,
        MiCommand::Indexes(command) => indexes(&mi, command, out).await,
        MiCommand::Persons(command) => persons::persons(&mi, command, out).await,
        MiCommand::PersonTags(command) => persons::person_tags(&mi, command, out).await,
        MiCommand::Search(args) => search(&mi, args, out).await,
    }
}

async fn workspaces(
    mi: &ncloud_mi::Client,
    args: &WorkspacesArgs,
    out: impl Write + Send,
) -> Result<(), CliError> {
    match &args.command {
        None => print_list(mi.list_workspaces(), &args.list, "workspaces", out).await,
        Some(WorkspacesCommand::List(list)) => {
            print_list(mi.list_workspaces(), list, "workspaces", out).await
        }
        Some(WorkspacesCommand::Get { name, output }) => {
            print_one(&mi.get_workspace(name).await?, *output, out)
        }
        Some(WorkspacesCommand::Create {
            name,
            bucket,
            output,
        }) => {
            let mut create = mi.create_workspace(name.as_str());
            if let Some(bucket) = bucket {
                create = create.bucket(bucket.as_str());
            }
            let created = create
                .send()
                .await
                .map_err(|error| change::after_change(error, &["mi", "workspaces", "get", name]))?;
            print_one(&created, *output, out)
        }
        Some(WorkspacesCommand::Delete { name }) => {
            mi.delete_workspace(name).await?;
            done(&format!("deleted workspace {name}"))
        }
    }
}

async fn projects(
    mi: &ncloud_mi::Client,
    command: &ProjectsCommand,
    out: impl Write + Send,
) -> Result<(), CliError> {
    match command {
        ProjectsCommand::List { workspace, list } => {
            print_list(mi.list_projects(workspace.as_str()), list, "projects", out).await
        }
        ProjectsCommand::Get {
            workspace,
            project_id,
            output,
        } => print_one(&mi.get_project(workspace, *project_id).await?, *output, out),
        ProjectsCommand::Create {
            workspace,
            name,
            output,
        } => {
            let created = mi.create_project(workspace, name).await.map_err(|error| {
                change::after_change(error, &["mi", "projects", "list", workspace])
            })?;
            print_one(&created, *output, out)
        }
        ProjectsCommand::Rename {
            workspace,
            project_id,
            name,
            output,
        } => print_one(
            &mi.rename_project(workspace, *project_id, name).await?,
            *output,
            out,
        ),
        ProjectsCommand::Delete {
            workspace,
            project_id,
        } => {
            mi.delete_project(workspace, *project_id).await?;
            done(&format!(
                "deleted project {project_id} of workspace {workspace}"
            ))
        }
    }
}

async fn assets(
    mi: &ncloud_mi::Client,
    command: &AssetsCommand,
    out: impl Write + Send,
) -> Result<(), CliError> {
    match command {
        AssetsCommand::List {
            workspace,
            project_id,
            list,
        } => {
            print_list(
                mi.list_assets(workspace.as_str(), *project_id),
                list,
                "assets",
                out,
            )
            .await
        }
        AssetsCommand::Import {
            workspace,
            project_id,
            bucket,
            key,
            wait,
            output,
        } => {
            let project = project_id.to_string();
            let imported = mi
                .import_asset(workspace, *project_id, bucket, key)
                .await
                .map_err(|error| {
                    change::after_change(error, &["mi", "assets", "list", workspace, &project])
                })?;
            if !wait.wait {
                return print_one(&imported, *output, out);
            }
            let asset = imported.asset_id;
            let indexed = wait_for_indexing(mi, workspace, *project_id, asset, wait.tuning).await;
            match indexed {
                Ok(status) => print_one(&status, *output, out),
                Err(error) => {
                    // What was created still goes to stdout: the indexing goes on at NCP.
                    print_one(&imported, *output, out)?;
                    let asset = asset.to_string();
                    let check = ["mi", "assets", "status", workspace, &project, &asset];
                    Err(Created::new(format!("asset {asset}"), &check).then(error))
                }
            }
        }
        AssetsCommand::Status {
            workspace,
            project_id,
            asset_id,
            output,
        } => {
            let status = mi.index_status(workspace, *project_id, *asset_id).await?;
            let row = AssetIndexing {
                asset_id: *asset_id,
                status,
            };
            print_one(&row, *output, out)
        }
    }
}

/// Waits as tuned; a failed or cancelled indexing is an error naming the state and the service's
/// reason (exit 4), escaped and bounded like every error.
async fn wait_for_indexing(
    mi: &ncloud_mi::Client,
    workspace: &str,
    project_id: u64,
    asset_id: u64,
    tuning: WaitTuning,
) -> Result<AssetIndexing, CliError> {
    let indexed = mi
        .wait_for_indexing(workspace, project_id, asset_id)
        .delays(POLL_DELAYS.0, POLL_DELAYS.1);
    let status = wait::wait(indexed, tuning, DEFAULT_WAIT).await?;
    Ok(AssetIndexing { asset_id, status })
}

async fn indexes(
    mi: &ncloud_mi::Client,
    command: &IndexesCommand,
    out: impl Write + Send,
) -> Result<(), CliError> {
    match command {
        IndexesCommand::List {
            workspace,
            project_id,
            asset_id,
            list,
        } => {
            let indexes = mi.list_indexes(workspace.as_str(), *project_id, *asset_id);
            print_list(indexes, list, "indexes", out).await
        }
        IndexesCommand::Get {
            workspace,
            project_id,
            asset_id,
            index_id,
            confidence,
            output,
        } => {
            let mut get = mi.get_index(workspace.as_str(), *project_id, *asset_id, *index_id);
            if let Some(level) = confidence {
                get = get.confidence(ConfidenceLevel::from(*level));
            }
            print_one(&get.send().await?, *output, out)
        }
        IndexesCommand::Delete {
            workspace,
            project_id,
            asset_id,
            index_id,
        } => {
            mi.delete_index(workspace, *project_id, *asset_id, *index_id)
                .await?;
            done(&format!("deleted index {index_id} of asset {asset_id}"))
        }
    }
}

/// Starts the search (after checking it: nothing is sent for a bad query or page size), waits with
/// a progress line, then prints the matches of every result page.
async fn search(
    mi: &ncloud_mi::Client,
    args: &SearchArgs,
    out: impl Write + Send,
) -> Result<(), CliError> {
    let persons = ncloud_mi::Conditions::new()
        .must(args.persons.iter().copied())
        .any(args.any_persons.iter().copied())
        .not(args.not_persons.iter().copied());
    let mut search = match (&args.text, &args.image) {
        (Some(text), _) => mi.search(args.workspace.as_str(), SearchQuery::text(text.as_str())),
        (None, Some(path)) => {
            let image = image_file::read(path).await?;
            // The search's own inputs are checked before the image is uploaded.
            let placeholder = SearchQuery::image(image.name.as_str());
            with_options(
                mi.search(args.workspace.as_str(), placeholder),
                args,
                &persons,
            )
            .validate()?;
            let key = mi.upload_query_image(&image.name, image.bytes).await?;
            mi.search(args.workspace.as_str(), SearchQuery::image(key))
        }
        (None, None) => return Err(CliError::usage("give a TEXT to search for or an --image")),
    };
    search = with_options(search, args, &persons);
    let started = search.await?;
    let ready = mi
        .wait_for_search(args.workspace.as_str(), started.search_id.as_str())
        .delays(POLL_DELAYS.0, POLL_DELAYS.1);
    wait::wait(ready, args.wait, DEFAULT_WAIT).await?;
    let list = ListArgs {
        page: 1,
        page_size: args.page_size,
        limit: args.limit,
        output: args.output.output,
        concurrency: 4,
    };
    let results = mi.search_results(args.workspace.as_str(), started.search_id);
    print_list(results, &list, "matches", out).await
}

/// The search's projects, confidence, result page size and persons, as the options say.
fn with_options(
    mut search: ncloud_mi::Search,
    args: &SearchArgs,
    persons: &ncloud_mi::Conditions<u64>,
) -> ncloud_mi::Search {
    for project in &args.projects {
        search = search.project(*project);
    }
    if let Some(level) = args.confidence {
        search = search.confidence(level.into());
    }
    if let Some(size) = args.page_size {
        search = search.page_size(size);
    }
    search.persons(persons.clone())
}

/// Every item of `list` from `--page`, `--page-size` at a time, up to `--limit`.
async fn print_list<L>(
    list: List<L>,
    args: &ListArgs,
    what: &'static str,
    out: impl Write,
) -> Result<(), CliError>
where
    L: ListOperation,
    <L::Page as IntoPage>::Item: Serialize + TableRow,
{
    list::print_list(list, args, what, out).await.map(drop)
}

/// One item in the chosen format.
fn print_one<T: Serialize + TableRow>(
    item: &T,
    output: OutputArgs,
    out: impl Write,
) -> Result<(), CliError> {
    Ok(write_one(out, output_format(output.output), item)?)
}

/// What a command without output did, on stderr (stdout stays empty for scripts).
fn done(what: &str) -> Result<(), CliError> {
    eprintln!("{what}");
    Ok(())
}
