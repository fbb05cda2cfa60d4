//! The command line, as clap sees it. `--help` is generated from these doc comments.

use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::duration_arg::parse_duration;
use crate::exit::EXIT_CODES_HELP;
use crate::json_pages::Shape;
use crate::render::Output;

/// ncloud: NAVER Cloud Platform from the command line.
///
/// Lists CLOVA NSML projects and Media Intelligence workspaces (every page, fetched concurrently),
/// calls any NCP API Gateway API with signature v2, and runs all of it against a built-in demo
/// gateway with `ncloud demo`, no NCP account needed.
///
/// Credentials: the profile of ~/.ncloud/configure chosen by --profile or NCLOUD_PROFILE, else
/// NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY (and NCLOUD_API_KEY for CLOVA NSML), else the
/// [DEFAULT] profile (`ncloud configure` writes one), else the server role when
/// NCLOUD_USE_SERVER_ROLE=true.
#[derive(Debug, Parser)]
#[command(name = "ncloud", version, after_help = EXIT_CODES_HELP, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options for every command.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Profile of ~/.ncloud/configure to use [default: NCLOUD_PROFILE, else DEFAULT].
    #[arg(long, global = true, value_name = "NAME", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub(crate) profile: Option<String>,
    /// NCP site [default: NCLOUD_SITE, else the profile's ncloud_site, else public].
    #[arg(long, global = true, value_enum, value_name = "SITE")]
    pub(crate) site: Option<SiteArg>,
    /// Base URL replacing https://<service>.apigw.<site> (a private gateway, a test server).
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) endpoint: Option<String>,
    /// Run against the built-in demo gateway with generated data (same as `ncloud demo ...`).
    #[cfg(feature = "demo")]
    #[arg(long, global = true, conflicts_with = "endpoint")]
    pub(crate) demo: bool,
    /// Give up on the whole command after this long, retries and waits included (30s, 2m, 500ms; a bare number is seconds).
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration)]
    pub(crate) timeout: Option<Duration>,
    /// Attempts per request after faults (5xx, timeouts, dropped connections), the first included: 1 never retries [default: 3]. Throttling (HTTP 429) is retried for up to 60 s within --timeout, whatever N is above 1; a quota (429, NCP code 400) never is.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10))]
    pub(crate) max_attempts: Option<u32>,
    /// Filter the JSON output with a jq expression: it reads what -o json prints (a listing's whole
    /// array, the object of get or create, the answer of `ncloud api`); each result prints on its
    /// own line, strings raw and the rest as compact JSON. A failed command prints nothing.
    #[arg(long, global = true, value_name = "EXPR")]
    pub(crate) jq: Option<String>,
    /// Print the request a command that changes something would send (method, URL, headers, body;
    /// the signature, keys and secrets redacted), send nothing, and exit 0. Nothing is read first
    /// either: lookups that would be sent before the change are skipped.
    #[arg(long, global = true, conflicts_with = "jq")]
    pub(crate) dry_run: bool,
    /// Log what happens on stderr: -v requests, -vv retries and paging, -vvv everything.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

impl GlobalArgs {
    /// Whether `--demo` was given (never, in a build without the demo).
    pub(crate) fn demo(&self) -> bool {
        #[cfg(feature = "demo")]
        return self.demo;
        #[cfg(not(feature = "demo"))]
        false
    }
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
    /// Run any command against a built-in fake NCP gateway with generated data (no account)
    ///
    /// Without a command, lists the demo's NSML projects and MI workspaces.
    #[cfg(feature = "demo")]
    Demo {
        #[command(subcommand)]
        command: Option<DemoCommand>,
    },
    /// Send any NCP API Gateway request, signed, and print the JSON answer
    ///
    /// Like `gh api`: the request is signed (signature v2, plus x-ncp-apigw-api-key when an API key is
    /// configured) and retried like every other call. With --paginate, every page of a page-number
    /// list call is fetched and its items are printed as NDJSON. An error answer fails like in the
    /// typed commands, also with a 2xx status: an NCP error envelope ({"error":{"errorCode":..}},
    /// responseError, an MI code other than 0) or an HTML page exits 4 with the message on stderr,
    /// and the body is not printed.
    ///
    /// Examples:
    ///   ncloud api GET /api/v1/workspaces --host mi -q pageNum=1
    ///   ncloud api GET /nsml/v1/projects --host nsml --paginate
    ///   ncloud api GET /api/v1/workspaces --host mi --paginate --shape mi
    ///   ncloud api GET https://ncloud.apigw.ntruss.com/vserver/v2/getRegionList -q responseFormatType=json
    #[command(verbatim_doc_comment)]
    Api(ApiArgs),
    /// Print the signature v2 headers of a request, for scripts that use curl
    ///
    /// The secret key and the API key are never printed (a note on stderr reminds you to send
    /// x-ncp-apigw-api-key yourself when one is configured).
    ///
    /// Example:
    ///   curl $(ncloud sign GET '/api/v1/workspaces?pageNum=1' --curl) \
    ///     'https://mi.apigw.ntruss.com/api/v1/workspaces?pageNum=1'
    #[command(verbatim_doc_comment)]
    Sign(SignArgs),
    /// Write a profile of ~/.ncloud/configure (keys, API key, site), or list the profiles
    ///
    /// Writes the profile named by --profile (else NCLOUD_PROFILE, else DEFAULT), keeping the other
    /// profiles, comments and unknown keys; the file is readable by you only. On a terminal the
    /// secrets are read without echo; in a pipe, stdin gives one value per line in the order asked
    /// (access key, secret key, API key, site). An empty answer keeps the current value.
    ///
    /// Example:
    ///   printf '%s\n' "$AK" "$SK" "" gov | ncloud configure --profile gov-work
    #[command(verbatim_doc_comment)]
    Configure {
        #[command(subcommand)]
        command: Option<ConfigureCommand>,
    },
    /// Print a shell completion script
    ///
    /// Examples:
    ///   ncloud completions bash > ~/.local/share/bash-completion/completions/ncloud
    ///   ncloud completions zsh > "${fpath[1]}/_ncloud"
    ///   ncloud completions fish > ~/.config/fish/completions/ncloud.fish
    ///   ncloud completions powershell >> $PROFILE
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What `ncloud configure` can do besides writing a profile.
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigureCommand {
    /// Show the profiles: access keys masked, which site and whether an API key is set (never a secret).
    List,
}

/// The NCP sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SiteArg {
    /// *.apigw.ntruss.com
    Public,
    /// *.apigw.gov-ntruss.com (public sector)
    Gov,
    /// *.apigw.fin-ntruss.com (financial)
    Fin,
}

impl From<SiteArg> for ncloud_core::Site {
    fn from(site: SiteArg) -> Self {
        match site {
            SiteArg::Public => Self::Public,
            SiteArg::Gov => Self::Gov,
            SiteArg::Fin => Self::Fin,
        }
    }
}

/// Options of `ncloud api`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ApiArgs {
    /// HTTP method (GET, POST, PUT, DELETE, ...).
    pub(crate) method: String,
    /// A full https:// URL, or a path such as /nsml/v1/projects (see --host).
    #[arg(value_name = "URL-OR-PATH")]
    pub(crate) target: String,
    /// Where a path goes: a host name on the site (ncloud, nsml, mi, ...) or a base URL [default: ncloud, or --endpoint].
    #[arg(long, value_name = "NAME|URL")]
    pub(crate) host: Option<String>,
    /// Query parameter, repeatable; sent in the order given.
    #[arg(short = 'q', long = "query", value_name = "KEY=VALUE")]
    pub(crate) query: Vec<String>,
    /// JSON body: inline JSON, @FILE to read it from a file, or @- to read it from stdin (at most
    /// the client's body limit, 32 MiB).
    #[arg(long, value_name = "JSON|@FILE|@-")]
    pub(crate) body: Option<String>,
    /// Send the API Gateway API key (x-ncp-apigw-api-key) of your credentials [default: only with --host nsml].
    #[arg(long)]
    pub(crate) api_key: bool,
    /// Fetch every page and print the items as NDJSON (GET only). The page shape is declared with
    /// --shape and the options below, never guessed; paging parameters in the URL or in -q give the
    /// start page and the page size and are not sent twice.
    #[arg(long)]
    pub(crate) paginate: bool,
    /// Page shape preset, refined by the options below: nsml = page, pageSize, /projects,
    /// /totalCount; mi = pageNum, pageSize, /result/content, /result/totalCount.
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "SHAPE",
        requires = "paginate"
    )]
    pub(crate) shape: Shape,
    /// Query parameter holding the page number [default: from --shape].
    #[arg(long, value_name = "NAME", requires = "paginate")]
    pub(crate) page_param: Option<String>,
    /// Query parameter holding the page size [default: from --shape].
    #[arg(long, value_name = "NAME", requires = "paginate")]
    pub(crate) size_param: Option<String>,
    /// JSON pointer to the items of a page [default: from --shape].
    #[arg(long, value_name = "POINTER", requires = "paginate")]
    pub(crate) items: Option<String>,
    /// JSON pointer to the total item count; '' when the API reports none [default: from --shape].
    #[arg(long, value_name = "POINTER", requires = "paginate")]
    pub(crate) total: Option<String>,
    /// Page to start from when paginating [default: the URL's, else 1].
    #[arg(long, value_name = "N", requires = "paginate")]
    pub(crate) page: Option<u64>,
    /// Items per page when paginating [default: the URL's, else 100].
    #[arg(long, value_name = "N", requires = "paginate")]
    pub(crate) page_size: Option<u32>,
    /// Pages fetched at once when paginating, once the total is known.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "paginate", value_parser = clap::value_parser!(u64).range(1..=64))]
    pub(crate) concurrency: u64,
}

/// Options of `ncloud sign`.
#[derive(Debug, Clone, Args)]
pub(crate) struct SignArgs {
    /// HTTP method.
    pub(crate) method: String,
    /// The path and query exactly as they will be sent, e.g. '/nsml/v1/projects?page=1&pageSize=10'
    /// (a full URL is accepted; its path and query are used as written). A path that clients would
    /// change before sending (spaces, non-ASCII, '.' or '..' segments) is refused with the form to
    /// sign and send instead.
    #[arg(value_name = "PATH?QUERY")]
    pub(crate) target: String,
    /// Timestamp in milliseconds since the Unix epoch [default: now].
    #[arg(long, value_name = "MS")]
    pub(crate) timestamp: Option<u64>,
    /// Print curl arguments (-H name:value ..., safe for $(...) word splitting) instead of header lines.
    #[arg(long)]
    pub(crate) curl: bool,
}

/// The commands `ncloud demo` can run.
#[cfg(feature = "demo")]
#[derive(Debug, Subcommand)]
pub(crate) enum DemoCommand {
    /// CLOVA NSML.
    #[command(subcommand)]
    Nsml(NsmlCommand),
    /// Media Intelligence.
    #[command(subcommand)]
    Mi(MiCommand),
    /// Send a request to the demo gateway (paths only), like `ncloud api`.
    Api(ApiArgs),
    /// Print the signature v2 headers of a request with the demo credentials, like `ncloud sign`.
    Sign(SignArgs),
}

#[cfg(feature = "demo")]
impl From<DemoCommand> for Command {
    fn from(command: DemoCommand) -> Self {
        match command {
            DemoCommand::Nsml(c) => Self::Nsml(c),
            DemoCommand::Mi(c) => Self::Mi(c),
            DemoCommand::Api(args) => Self::Api(args),
            DemoCommand::Sign(args) => Self::Sign(args),
        }
    }
}

pub(crate) use crate::commands::NsmlCommand;

pub(crate) use crate::commands::MiCommand;

/// Options of the list commands.
#[derive(Debug, Clone, Args)]
pub(crate) struct ListArgs {
    /// Page to start from (resume a listing after an error).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) page: u64,
    /// Items per page (NSML default 10; MI 1..=1000, default 1000).
    #[arg(long, value_name = "N")]
    pub(crate) page_size: Option<u32>,
    /// Stop after this many items (pages are asked no larger than that).
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub(crate) limit: Option<u64>,
    /// Output format [default: table on a terminal, ndjson otherwise].
    #[arg(long, short, value_enum, value_name = "FORMAT")]
    pub(crate) output: Option<Output>,
    /// Pages fetched at once once the total is known.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub(crate) concurrency: u64,
}

/// A whole number of 1 or more.
pub(crate) fn at_least_one(value: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a whole number of 1 or more".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[cfg(feature = "demo")]
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
        let Command::Mi(MiCommand::Workspaces(workspaces)) = cli.command else {
            panic!("{cli:?}")
        };
        let args = workspaces.list;
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
    fn parses_timeout_and_max_attempts() {
        let cli = Cli::parse_from([
            "ncloud",
            "mi",
            "workspaces",
            "--timeout",
            "1m30s",
            "--max-attempts",
            "1",
        ]);
        assert_eq!(cli.global.timeout, Some(Duration::from_secs(90)));
        assert_eq!(cli.global.max_attempts, Some(1));
        for bad in [
            &["--max-attempts", "0"][..],
            &["--max-attempts", "11"],
            &["--timeout", "x"],
        ] {
            let args = [&["ncloud", "mi", "workspaces"][..], bad].concat();
            assert!(Cli::try_parse_from(args).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn rejects_zero_concurrency() {
        assert!(Cli::try_parse_from(["ncloud", "nsml", "projects", "--concurrency", "0"]).is_err());
    }
}
