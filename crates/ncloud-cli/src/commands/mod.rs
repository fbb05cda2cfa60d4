//! What each command does.

mod api;
mod configure;
#[cfg(feature = "demo")]
mod demo;
mod list;
mod method;
mod mi;
mod nsml;
mod sign;
mod wire_form;

use std::io::{BufWriter, Write};

use clap::CommandFactory;
use ncloud_core::client::{RetryConfig, TimeoutConfig};
use ncloud_core::credentials::DefaultCredentialsChain;
use ncloud_core::{Client, SharedCredentialsProvider};

#[cfg(feature = "demo")]
use crate::cli::DemoCommand;
use crate::cli::{Cli, Command, GlobalArgs};
use crate::deadline;
use crate::error::CliError;
use crate::jq::{Document, Jq};
use crate::{endpoint, render, text};
pub(crate) use mi::MiCommand;
pub(crate) use nsml::NsmlCommand;

/// Runs the parsed command line within `--timeout`, if given: every page, retry and wait counts.
/// Output written before the deadline is kept (the writer flushes when dropped).
pub(crate) async fn run_within_deadline(cli: Cli) -> Result<(), CliError> {
    match cli.global.timeout {
        Some(limit) => tokio::time::timeout(limit, deadline::within(limit, run(cli)))
            .await
            .unwrap_or_else(|_| Err(CliError::timed_out(limit))),
        None => run(cli).await,
    }
}

/// Runs the parsed command line, writing results to stdout (through `--jq` when given).
pub(crate) async fn run(cli: Cli) -> Result<(), CliError> {
    let Cli { global, command } = cli;
    // A bad expression is refused before anything is sent.
    let jq = global.jq.as_deref().map(Jq::compile).transpose()?;
    let mut out = BufWriter::new(std::io::stdout());
    let result = match jq {
        None => dispatch(&global, command, &mut out).await,
        Some(jq) => {
            if !prints_json(&command) {
                return Err(CliError::usage(
                    "--jq filters JSON output: this command does not print JSON",
                ));
            }
            render::json_for_jq();
            // All or nothing: a command that fails part-way leaves the filter nothing to misread.
            let mut document = Document::new();
            match dispatch(&global, command, &mut document).await {
                Ok(()) => jq.run(document.bytes(), &mut out),
                Err(error) => Err(error.with_note("--jq printed nothing")),
            }
        }
    };
    let result = show_dry_run(result, &mut out);
    out.flush()?;
    result
}

/// A `--dry-run` command stops at its first request: that request is its output, and a success.
fn show_dry_run(result: Result<(), CliError>, out: &mut impl Write) -> Result<(), CliError> {
    let Some(prepared) = result.as_ref().err().and_then(CliError::dry_run) else {
        return result;
    };
    // Names and bodies the user typed: escaped like everything printed.
    out.write_all(text::escape_json(&prepared.to_string()).as_bytes())?;
    eprintln!("dry run: nothing was sent");
    Ok(())
}

/// Runs `command`, writing its results to `out`.
async fn dispatch(
    global: &GlobalArgs,
    command: Command,
    out: &mut (impl Write + Send),
) -> Result<(), CliError> {
    match command {
        Command::Completions { shell } => completions(shell, out),
        Command::Configure { .. } if global.dry_run => Err(CliError::usage(
            "--dry-run shows requests: `ncloud configure` sends none (it writes ~/.ncloud/configure)",
        )),
        Command::Configure { command } => configure::run(global, command.as_ref(), out).await,
        // The tour lists; it changes nothing a dry run could show.
        #[cfg(feature = "demo")]
        Command::Demo { command: None } if global.dry_run => Err(CliError::usage(
            "--dry-run shows the request a change would send: give the demo a command, e.g. \
             `ncloud demo mi workspaces create ws-1 --dry-run`",
        )),
        #[cfg(feature = "demo")]
        Command::Demo { command } => demo::run(global, command.map(Command::from), out).await,
        command => run_with_options(global, command, out).await,
    }
}

/// Whether `command` prints JSON for `-o json`, which `--jq` can filter.
fn prints_json(command: &Command) -> bool {
    match command {
        Command::Nsml(_) | Command::Mi(_) | Command::Api(_) => true,
        // The tour prints tables and headings.
        #[cfg(feature = "demo")]
        Command::Demo { command } => matches!(
            command,
            Some(DemoCommand::Nsml(_) | DemoCommand::Mi(_) | DemoCommand::Api(_))
        ),
        Command::Sign(_) | Command::Configure { .. } | Command::Completions { .. } => false,
    }
}

/// Runs `command` against the demo gateway with `--demo`, else with the client the options say.
async fn run_with_options(
    global: &GlobalArgs,
    command: Command,
    out: &mut (impl Write + Send),
) -> Result<(), CliError> {
    #[cfg(feature = "demo")]
    if global.demo {
        return demo::run(global, Some(command), out).await;
    }
    if let Command::Sign(args) = &command {
        // Signing reads credentials only: no HTTP client is built.
        return sign::run(&sign_credentials(global), args, out).await;
    }
    run_command(connect(global)?, command, out).await
}

/// Runs one command with `client`.
pub(super) async fn run_command(
    client: Client,
    command: Command,
    out: &mut (impl Write + Send),
) -> Result<(), CliError> {
    match command {
        Command::Nsml(c) => nsml::run(client, &c, out).await,
        Command::Mi(c) => mi::run(client, &c, out).await,
        Command::Api(args) => api::run(client, &args, out).await,
        Command::Sign(args) => sign::run(&client.credentials().await?, &args, out).await,
        Command::Completions { shell } => completions(shell, out),
        Command::Configure { .. } => Err(CliError::usage(
            "`ncloud configure` writes your profile file: it does not run against the demo",
        )),
        #[cfg(feature = "demo")]
        Command::Demo { .. } => Err(CliError::usage("`ncloud demo` cannot run inside itself")),
    }
}

/// `ncloud completions SHELL`: the completion script, generated from the command line's definition.
fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Result<(), CliError> {
    clap_complete::generate(shell, &mut Cli::command(), "ncloud", out);
    Ok(())
}

/// The core client: credentials, profile and endpoint from the options.
fn connect(global: &GlobalArgs) -> Result<Client, CliError> {
    let mut builder = client_builder(global);
    if let Some(profile) = &global.profile {
        builder = builder.profile(profile);
    }
    if let Some(site) = global.site {
        builder = builder.site(site.into());
    }
    if let Some(endpoint) = &global.endpoint {
        builder = builder.endpoint(endpoint::base_url("--endpoint", endpoint)?);
    }
    Ok(builder.build()?)
}

/// The credentials of `ncloud sign`, found as [`connect`]'s client finds them: the default chain
/// (environment, then the profile of `--profile`, `NCLOUD_PROFILE` or `[DEFAULT]`).
fn sign_credentials(global: &GlobalArgs) -> SharedCredentialsProvider {
    let mut chain = DefaultCredentialsChain::builder();
    if let Some(profile) = &global.profile {
        chain = chain.profile(profile);
    }
    SharedCredentialsProvider::new(chain.build())
}

/// What every client of the CLI starts from: the user agent, `--max-attempts` and `--timeout`.
pub(super) fn client_builder(global: &GlobalArgs) -> ncloud_core::client::ClientBuilder {
    let mut builder = Client::builder()
        .user_agent_suffix(concat!("ncloud-cli/", env!("CARGO_PKG_VERSION")))
        .dry_run(global.dry_run);
    if let Some(attempts) = global.max_attempts {
        builder = builder.retry(RetryConfig::standard().with_max_attempts(attempts));
    }
    if let Some(limit) = global.timeout {
        // Each call stops at the command's deadline too, with an error that names the call.
        builder = builder.timeouts(TimeoutConfig::default().with_total(Some(limit)));
    }
    builder
}
