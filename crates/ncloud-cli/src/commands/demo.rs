//! `ncloud demo`: the real commands against an in-process fake NCP gateway with generated data.

use std::io::Write;
use std::time::Duration;

use ncloud_core::Client;
use ncloud_testkit::FakeGateway;

use super::{client_builder, mi, nsml, run_command};
use crate::cli::{Command, GlobalArgs, ListArgs, MiCommand, NsmlCommand};
use crate::error::CliError;
use crate::render::Output;

/// Projects in the demo data set (some spelled like the reference example, some with a status the
/// reference does not document, to show they are handled).
const DEMO_PROJECTS: usize = 42;
/// Workspaces in the demo data set: several pages at any page size.
const DEMO_WORKSPACES: usize = 2_345;
/// Latency of every demo answer, so the concurrent page fetch is visible.
const DEMO_LATENCY: Duration = Duration::from_millis(40);
/// How long a demo import takes to index, and a demo search to run: long enough to see the
/// waiting, short enough for a demo.
const DEMO_MI_INDEXING: Duration = Duration::from_millis(1_500);
const DEMO_MI_SEARCH: Duration = Duration::from_millis(800);
/// How long a demo NSML project is CREATING (or DELETING): long enough to see `--wait` poll.
const DEMO_NSML_TRANSITION: Duration = Duration::from_secs(3);
/// How long a demo NSML run is in progress.
const DEMO_NSML_RUN: Duration = Duration::from_secs(8);

/// Runs `command` (the tour when `None`) against a demo gateway started for it.
pub(super) async fn run(
    global: &GlobalArgs,
    command: Option<Command>,
    out: &mut (impl Write + Send),
) -> Result<(), CliError> {
    if global.endpoint.is_some() {
        return Err(CliError::usage(
            "the demo runs against its built-in gateway: --endpoint cannot be used with it",
        ));
    }
    if let Some(Command::Api(args)) = &command {
        let url = |s: &str| s.contains("://");
        if url(&args.target) || args.host.as_deref().is_some_and(url) {
            return Err(CliError::usage(
                "the demo gateway serves paths only (e.g. /api/v1/workspaces --host mi): \
                 a full URL or --host URL would leave it",
            ));
        }
    }
    let gateway = start_gateway().await;
    // The demo's keys and host: nothing of the user's configuration applies.
    let client = client_builder(global)
        .credentials(gateway.credentials().clone())
        .site(ncloud_core::Site::Public)
        .endpoint(gateway.base_url())
        .build()?;
    match command {
        Some(command) => run_command(client, command, out).await,
        None => tour(client, out).await,
    }
}

/// Starts the demo gateway on 127.0.0.1 (it stops when dropped).
async fn start_gateway() -> FakeGateway {
    FakeGateway::builder()
        .projects(DEMO_PROJECTS)
        .workspaces(DEMO_WORKSPACES)
        .example_date_names_every(5)
        .unknown_status_every(9)
        .latency(DEMO_LATENCY)
        .mi_indexing_delay(DEMO_MI_INDEXING)
        .mi_search_delay(DEMO_MI_SEARCH)
        .nsml_transition(DEMO_NSML_TRANSITION)
        .nsml_run_duration(DEMO_NSML_RUN)
        .start()
        .await
}

/// `ncloud demo` alone: both listings, with a heading each, then the MI workflow end to end.
async fn tour(client: Client, out: &mut (impl Write + Send)) -> Result<(), CliError> {
    let args = ListArgs {
        page: 1,
        page_size: None,
        limit: Some(10),
        output: Some(Output::Table),
        concurrency: 4,
    };
    writeln!(out, "$ ncloud demo nsml projects --limit 10")?;
    nsml::run(
        client.clone(),
        &NsmlCommand::Projects(nsml::ProjectsArgs {
            command: None,
            default: args.clone(),
        }),
        &mut *out,
    )
    .await?;
    writeln!(
        out,
        "\n$ ncloud demo mi workspaces --page-size 100 --limit 10"
    )?;
    let args = ListArgs {
        page_size: Some(100),
        ..args
    };
    let workspaces = mi::WorkspacesArgs {
        command: None,
        list: args,
    };
    mi::run(
        client.clone(),
        &MiCommand::Workspaces(workspaces),
        &mut *out,
    )
    .await?;
    writeln!(
        out,
        "\nMedia Intelligence, the index-and-search workflow (the demo gateway indexes and searches \
         in seconds):\n"
    )?;
    mi::demo_workflow(client, &mut *out).await?;
    writeln!(
        out,
        "\nThe demo gateway verified signature v2 on every request. Try `ncloud demo mi workspaces \
         --page-size 100 -o ndjson | wc -l` to list all 2345, or add -vv to watch the paging."
    )?;
    Ok(())
}
