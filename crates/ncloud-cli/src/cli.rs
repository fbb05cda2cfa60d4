//! The command line, as clap sees it. `--help` is generated from these doc comments.

use clap::{Args, Parser, Subcommand};

use crate::exit::EXIT_CODES_HELP;
use crate::render::Output;

/// ncloud: NAVER Cloud Platform from the command line.
///
/// Lists CLOVA NSML projects and Media Intelligence workspaces (every page, fetched concurrently),
/// calls any NCP API Gateway API with signature v2, and runs all of it against a built-in demo
/// gateway with `ncloud demo`, no NCP account needed.
///
/// Credentials: NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY (and NCLOUD_API_KEY for CLOVA NSML),
/// else the profile of ~/.ncloud/configure chosen by --profile or NCLOUD_PROFILE, else [DEFAULT].
#[derive(Debug, Parser)]
#[command(name = "ncloud", version, after_help = EXIT_CODES_HELP)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options for every command.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Profile of ~/.ncloud/configure to read credentials from.
    #[arg(long, global = true, env = "NCLOUD_PROFILE", value_name = "NAME")]
    pub(crate) profile: Option<String>,
    /// Base URL replacing https://<service>.apigw.ntruss.com (a private gateway, a test server).
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) endpoint: Option<String>,
    /// Run against the built-in demo gateway with generated data (same as `ncloud demo ...`).
    #[arg(long, global = true)]
    pub(crate) demo: bool,
    /// Log what happens on stderr: -v requests, -vv retries and paging, -vvv everything.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// CLOVA NSML.
    #[command(subcommand)]
    Nsml(NsmlCommand),
    /// Media Intelligence.
    #[command(subcommand)]
    Mi(MiCommand),
    /// Run a command against a built-in fake NCP gateway with generated data (no account needed).
    ///
    /// Without a command, lists the demo's NSML projects and MI workspaces.
    Demo {
        #[command(subcommand)]
        command: Option<DemoCommand>,
    },
}

/// The commands `ncloud demo` can run.
#[derive(Debug, Subcommand)]
pub(crate) enum DemoCommand {
    /// CLOVA NSML.
    #[command(subcommand)]
    Nsml(NsmlCommand),
    /// Media Intelligence.
    #[command(subcommand)]
    Mi(MiCommand),
}

/// CLOVA NSML commands.
#[derive(Debug, Subcommand)]
pub(crate) enum NsmlCommand {
    /// List projects (GET /nsml/v1/projects), every page.
    Projects(ListArgs),
}

/// Media Intelligence commands.
#[derive(Debug, Subcommand)]
pub(crate) enum MiCommand {
    /// List workspaces (GET /api/v1/workspaces), every page.
    Workspaces(ListArgs),
}

/// Options of the list commands.
#[derive(Debug, Clone, Args)]
pub(crate) struct ListArgs {
    /// Page to start from (resume a listing after an error).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) page: u64,
    /// Items per page (NSML default 10; MI 1..=1000, default 1000).
    #[arg(long, value_name = "N")]
    pub(crate) page_size: Option<u32>,
    /// Stop after this many items.
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<u64>,
    /// Output format [default: table on a terminal, ndjson otherwise].
    #[arg(long, short, value_enum, value_name = "FORMAT")]
    pub(crate) output: Option<Output>,
    /// Pages fetched at once once the total is known.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub(crate) concurrency: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_list_options_and_demo() {
        let cli = Cli::parse_from([
            "ncloud",
            "--demo",
            "mi",
            "workspaces",
            "--page-size",
            "100",
            "--limit",
            "5",
            "-o",
            "json",
        ]);
        assert!(cli.global.demo);
        let Command::Mi(MiCommand::Workspaces(args)) = cli.command else {
            panic!("{cli:?}")
        };
        assert_eq!(
            (args.page, args.page_size, args.limit),
            (1, Some(100), Some(5))
        );
        assert_eq!(args.output, Some(Output::Json));
        let cli = Cli::parse_from(["ncloud", "demo", "nsml", "projects", "--concurrency", "8"]);
        assert!(matches!(
            cli.command,
            Command::Demo {
                command: Some(DemoCommand::Nsml(_))
            }
        ));
    }

    #[test]
    fn rejects_zero_concurrency() {
        assert!(Cli::try_parse_from(["ncloud", "nsml", "projects", "--concurrency", "0"]).is_err());
    }
}
