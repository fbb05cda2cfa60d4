//! What each command does.

mod api;
mod configure;
mod demo;
mod list;
mod method;
mod mi;
mod nsml;
mod sign;
mod wire_form;

use std::io::{BufWriter, Write};

use ncloud_core::credentials::DefaultCredentialsChain;
use ncloud_core::{Client, SharedCredentialsProvider};
use ncloud_testkit::FakeGateway;

use crate::cli::{Cli, Command, DemoCommand, GlobalArgs, ListArgs, MiCommand};
use crate::error::CliError;
pub(crate) use nsml::NsmlCommand;

/// Runs the parsed command line, writing results to stdout.
pub(crate) async fn run(cli: Cli) -> Result<(), CliError> {
    let Cli { global, command } = cli;
    if let Command::Sign(args) = &command {
        // Signing reads credentials only: no gateway, no HTTP client.
        let mut out = BufWriter::new(std::io::stdout());
        let result = sign::run(&sign_credentials(&global), args, &mut out).await;
        out.flush()?;
        return result;
    }
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
        Command::Sign(_) => unreachable!("handled above, without a client"),
        Command::Configure { command } => configure::run(&global, command.as_ref(), &mut out),
    };
    out.flush()?;
    result
}

/// The core client: credentials, profile and endpoint from the options, or the demo gateway's.
fn connect(global: &GlobalArgs, gateway: Option<&FakeGateway>) -> Result<Client, CliError> {
    let mut builder =
        Client::builder().user_agent_suffix(concat!("ncloud-cli/", env!("CARGO_PKG_VERSION")));
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

/// The credentials of `ncloud sign`, found as [`connect`]'s client finds them: the demo
/// gateway's with `--demo`, else the default chain (environment, then the profile of `--profile`,
/// `NCLOUD_PROFILE` or `[DEFAULT]`).
fn sign_credentials(global: &GlobalArgs) -> SharedCredentialsProvider {
    if global.demo {
        return SharedCredentialsProvider::new(FakeGateway::demo_credentials());
    }
    let mut chain = DefaultCredentialsChain::builder();
    if let Some(profile) = &global.profile {
        chain = chain.profile(profile);
    }
    SharedCredentialsProvider::new(chain.build())
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
