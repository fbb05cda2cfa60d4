//! What each command does.

mod api;
mod configure;
mod demo;
mod list;
mod mi;
mod nsml;
mod sign;

use std::io::{BufWriter, Write};

use ncloud_core::Client;
use ncloud_core::client::{RetryConfig, TimeoutConfig};
use ncloud_testkit::FakeGateway;

use crate::cli::{Cli, Command, DemoCommand, GlobalArgs, ListArgs, MiCommand};
use crate::error::CliError;
pub(crate) use nsml::NsmlCommand;

/// Runs the parsed command line within `--timeout`, if given: every page, retry and wait counts.
/// Output written before the deadline is kept (the writer flushes when dropped).
pub(crate) async fn run_within_deadline(cli: Cli) -> Result<(), CliError> {
    match cli.global.timeout {
        Some(limit) => tokio::time::timeout(limit, run(cli))
            .await
            .unwrap_or_else(|_| Err(CliError::timed_out(limit))),
        None => run(cli).await,
    }
}

/// Runs the parsed command line, writing results to stdout.
pub(crate) async fn run(cli: Cli) -> Result<(), CliError> {
    let Cli { global, command } = cli;
    let demo = global.demo || matches!(command, Command::Demo { .. });
    let gateway = if demo {
        Some(demo::start_gateway().await)
    } else {
        None
    };
    let client = || connect(&global, gateway.as_ref());
    let mut out = BufWriter::new(std::io::stdout());
    let result = match command {
        Command::Nsml(c)
        | Command::Demo {
            command: Some(DemoCommand::Nsml(c)),
        } => nsml::run(client()?, &c, &mut out).await,
        Command::Mi(c)
        | Command::Demo {
            command: Some(DemoCommand::Mi(c)),
        } => mi::run(client()?, &c, &mut out).await,
        Command::Demo { command: None } => demo_tour(client()?, &mut out).await,
        Command::Api(args) => api::run(client()?, &args, &mut out).await,
        Command::Sign(args) => sign::run(client()?, &args, &mut out).await,
        Command::Configure { command } => configure::run(&global, command.as_ref(), &mut out),
    };
    out.flush()?;
    result
}

/// The core client: credentials, profile and endpoint from the options, or the demo gateway's.
fn connect(global: &GlobalArgs, gateway: Option<&FakeGateway>) -> Result<Client, CliError> {
    let mut builder =
        Client::builder().user_agent_suffix(concat!("ncloud-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(attempts) = global.max_attempts {
        builder = builder.retry(RetryConfig::standard().with_max_attempts(attempts));
    }
    if let Some(limit) = global.timeout {
        // Each call stops at the command's deadline too, with an error that names the call.
        builder = builder.timeouts(TimeoutConfig::default().with_total(Some(limit)));
    }
    if let Some(gateway) = gateway {
        // The demo's keys and host: nothing of the user's configuration applies.
        builder = builder
            .credentials(gateway.credentials().clone())
            .site(ncloud_core::Site::Public)
            .endpoint(gateway.base_url());
    } else {
        if let Some(profile) = &global.profile {
            builder = builder.profile(profile);
        }
        if let Some(site) = global.site {
            builder = builder.site(site.into());
        }
        if let Some(endpoint) = &global.endpoint {
            builder = builder.endpoint(endpoint);
        }
    }
    Ok(builder.build()?)
}

/// `ncloud demo` alone: both listings, with a heading each.
async fn demo_tour(client: Client, out: &mut (impl Write + Send)) -> Result<(), CliError> {
    let args = ListArgs {
        page: 1,
        page_size: None,
        limit: Some(10),
        output: Some(crate::render::Output::Table),
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
    mi::run(client, &MiCommand::Workspaces(args), &mut *out).await?;
    writeln!(
        out,
        "\nThe demo gateway verified signature v2 on every request. Try `ncloud demo mi workspaces \
         --page-size 100 -o ndjson | wc -l` to list all 2345, or add -vv to watch the paging."
    )?;
    Ok(())
}
