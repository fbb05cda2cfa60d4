//! The command line of `ncloud nsml ...`, as clap sees it (the doc comments are the --help text).
//!
//! Each resource lists itself when given no subcommand (`ncloud nsml projects` is
//! `ncloud nsml projects list`). Secrets are never plain arguments, where they would land in the
//! shell history and in `ps`: the registry secret key comes from stdin or a file.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use crate::cli::ListArgs;
use crate::render::Output;
use crate::wait::WaitArgs;

/// How long `projects create|delete --wait` waits at most unless --wait-timeout says otherwise.
pub(crate) const PROJECT_WAIT: Duration = Duration::from_secs(10 * 60);
/// How long `runs create --wait` waits at most unless --wait-timeout says otherwise.
pub(crate) const RUN_WAIT: Duration = Duration::from_secs(60 * 60);

/// CLOVA NSML commands.
#[derive(Debug, Subcommand)]
pub(crate) enum NsmlCommand {
    /// Projects: list them (default), or get, create or delete one.
    Projects(ProjectsArgs),
    /// Runs of every project: list them (default), or get or start one.
    Runs(RunsArgs),
    /// SSH keys for node access: list them (default), or add or delete one.
    AuthKeys(AuthKeysArgs),
    /// Container registry credentials for custom images: show them (default), add or delete.
    RegistryCredentials(RegistryCredentialsArgs),
    /// Base images a run can use (GET /nsml/v1/images/base).
    Images(OutputArgs),
    /// GPU server products: the codes runs start on (GET /nsml/v1/server-products).
    ServerProducts(OutputArgs),
    /// Block storages a run can attach: list them, every page (GET /nsml/v1/blk-storages).
    BlockStorages(BlockStoragesArgs),
}

/// Options of commands that print without listing pages.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct OutputArgs {
    /// Output format [default: table on a terminal, ndjson otherwise].
    #[arg(long, short, value_enum, value_name = "FORMAT")]
    pub(crate) output: Option<Output>,
}

/// A resource's command line: one of its subcommands, or, without one, the options of its default
/// command (`ncloud nsml projects` lists projects, `ncloud nsml registry-credentials` shows them).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct Resource<C: Subcommand, D: Args> {
    #[command(subcommand)]
    pub(crate) command: Option<C>,
    #[command(flatten)]
    pub(crate) default: D,
}

/// `ncloud nsml projects [list|get|create|delete]`.
pub(crate) type ProjectsArgs = Resource<ProjectsCommand, ListArgs>;
/// `ncloud nsml runs [list|get|create]`.
pub(crate) type RunsArgs = Resource<RunsCommand, ListArgs>;
/// `ncloud nsml auth-keys [list|create|delete]`.
pub(crate) type AuthKeysArgs = Resource<AuthKeysCommand, OutputArgs>;
/// `ncloud nsml registry-credentials [get|create|delete]`.
pub(crate) type RegistryCredentialsArgs = Resource<RegistryCredentialsCommand, ShowCredentialsArgs>;
/// `ncloud nsml block-storages [list]`.
pub(crate) type BlockStoragesArgs = Resource<BlockStoragesCommand, ListArgs>;

/// What to do with projects.
#[derive(Debug, Subcommand)]
pub(crate) enum ProjectsCommand {
    /// List projects (GET /nsml/v1/projects), every page.
    List(ListArgs),
    /// Show one project (GET /nsml/v1/projects/PROJECT_ID).
    Get {
        /// The project id.
        project_id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Create a project (POST /nsml/v1/projects) and print it.
    ///
    /// A new project is CREATING for a while; with --wait the command returns once it is CREATED
    /// (DELETING or DELETED instead is an error, exit 4).
    Create(CreateProjectArgs),
    /// Delete a project (DELETE /nsml/v1/projects/PROJECT_ID); with --wait, until it is gone.
    Delete {
        /// The project id.
        project_id: String,
        #[command(flatten)]
        wait: WaitArgs,
    },
}

/// Options of `ncloud nsml projects create`.
#[derive(Debug, Args)]
pub(crate) struct CreateProjectArgs {
    /// Project name: letters, digits and '-', starting with a letter, no '--'.
    #[arg(long, value_name = "NAME")]
    pub(crate) name: String,
    /// NAS volume size in GB: 500 to 5000 in steps of 100.
    #[arg(long, value_name = "GB")]
    pub(crate) nas_volume_size: u32,
    /// A description.
    #[arg(long, value_name = "TEXT")]
    pub(crate) note: Option<String>,
    #[command(flatten)]
    pub(crate) wait: WaitArgs,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// What to do with runs.
#[derive(Debug, Subcommand)]
pub(crate) enum RunsCommand {
    /// List the runs of every project (GET /nsml/v1/projects/runs), every page.
    List(ListArgs),
    /// Show one run (GET /nsml/v1/projects/PROJECT_ID/runs/RUN_NAME).
    Get {
        /// The project id.
        project_id: String,
        /// The run name (a number).
        run_name: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Start a run in a project (POST /nsml/v1/projects/PROJECT_ID/runs) and print it.
    ///
    /// The GPU server code decides whether a command is needed: a training (TRAIN) server runs
    /// one, a notebook (DEV) server takes none; see `ncloud nsml server-products`. With --wait
    /// the command returns once the run is RUN_STATE_COMPLETED; RUN_STATE_FAILED is an error (exit
    /// 4), and any other state keeps it waiting until --wait-timeout (exit 5, naming the state).
    Create(CreateRunArgs),
}

/// Where a run's image comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImageTypeArg {
    /// A base image (`ncloud nsml images`).
    Base,
    /// An image of your own registry (see `ncloud nsml registry-credentials`).
    Custom,
}

/// Options of `ncloud nsml runs create`.
#[derive(Debug, Args)]
pub(crate) struct CreateRunArgs {
    /// The project to run in.
    pub(crate) project_id: String,
    /// GPU server code (see `ncloud nsml server-products`).
    #[arg(long, value_name = "CODE")]
    pub(crate) gpu_server_code: u32,
    /// Container image path, e.g. nvcr.io/nvidia/pytorch:21.02-py3.
    #[arg(long, value_name = "PATH")]
    pub(crate) image_path: String,
    /// Where the image comes from.
    #[arg(long, value_enum, value_name = "TYPE")]
    pub(crate) image_type: ImageTypeArg,
    /// Number of nodes (at least 1; the server product lists the counts it allows).
    #[arg(long, value_name = "N")]
    pub(crate) node_count: u32,
    /// Command the nodes run: required on a training server, refused on a notebook server.
    #[arg(long, value_name = "CMD")]
    pub(crate) command: Option<String>,
    /// Environment variable for the nodes, repeatable.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env)]
    pub(crate) envs: Vec<(String, String)>,
    /// Block storage number to attach, repeatable (see `ncloud nsml block-storages`).
    #[arg(long = "block-storage", value_name = "NO")]
    pub(crate) block_storages: Vec<u64>,
    /// A description.
    #[arg(long, value_name = "TEXT")]
    pub(crate) note: Option<String>,
    #[command(flatten)]
    pub(crate) wait: WaitArgs,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `KEY=VALUE`, split at the first `=`; the key must not be empty.
fn parse_env(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("{text:?} is not KEY=VALUE")),
    }
}

/// What to do with SSH keys.
#[derive(Debug, Subcommand)]
pub(crate) enum AuthKeysCommand {
    /// List the SSH keys (GET /nsml/v1/auth-keys).
    List(OutputArgs),
    /// Register an SSH public key (POST /nsml/v1/auth-keys) and print it.
    Create(CreateAuthKeyArgs),
    /// Delete an SSH key (DELETE /nsml/v1/auth-keys/title/TITLE/name/NAME).
    Delete {
        /// The key's title.
        #[arg(long, value_name = "TITLE")]
        title: String,
        /// The key's name, as `auth-keys list` shows it.
        #[arg(long, value_name = "NAME")]
        name: String,
    },
}

/// Options of `ncloud nsml auth-keys create`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("public_key").required(true).args(["key_file", "key"])))]
pub(crate) struct CreateAuthKeyArgs {
    /// The key's title: letters, digits and '-', starting with a letter, no '--'.
    #[arg(long, value_name = "TITLE")]
    pub(crate) title: String,
    /// Read the public key from this file (e.g. ~/.ssh/id_ed25519.pub): one key, a regular file
    /// of at most 16 KiB.
    #[arg(long, value_name = "PATH")]
    pub(crate) key_file: Option<PathBuf>,
    /// The public key itself (ssh-rsa, ssh-ed25519 or ecdsa-sha2-nistp256/384/521 ...).
    #[arg(long, value_name = "KEY")]
    pub(crate) key: Option<String>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// Options of `ncloud nsml registry-credentials get`.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ShowCredentialsArgs {
    /// Print the registry secret keys in clear (they are redacted otherwise).
    #[arg(long)]
    pub(crate) show_secrets: bool,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// What to do with registry credentials.
#[derive(Debug, Subcommand)]
pub(crate) enum RegistryCredentialsCommand {
    /// Show the registry credentials (GET /nsml/v1/images/secret), secret keys redacted.
    Get(ShowCredentialsArgs),
    /// Register credentials for a Container Registry private endpoint (POST /nsml/v1/images/secret).
    Create(CreateRegistryCredentialArgs),
    /// Delete the credentials of a private endpoint (DELETE /nsml/v1/images/secret).
    Delete {
        /// The private endpoint, e.g. name.kr.private-ncr.ntruss.com.
        #[arg(long, value_name = "HOST")]
        private_endpoint: String,
    },
}

/// Options of `ncloud nsml registry-credentials create`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("secret").required(true).args(["secret_key_stdin", "secret_key_file"])))]
pub(crate) struct CreateRegistryCredentialArgs {
    /// The registry's private endpoint: a host name ending with private-ncr.ntruss.com.
    #[arg(long, value_name = "HOST")]
    pub(crate) private_endpoint: String,
    /// The registry user name: an NCP access key id.
    #[arg(long, value_name = "KEY")]
    pub(crate) access_key: String,
    /// Read the registry password (an NCP secret key) from the first line of stdin (at most 4 KiB,
    /// read to its end).
    #[arg(long)]
    pub(crate) secret_key_stdin: bool,
    /// Read the registry password from the first line of this file (a regular file of at most
    /// 4 KiB; a byte-order mark is skipped).
    #[arg(long, value_name = "PATH")]
    pub(crate) secret_key_file: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// What to do with block storages.
#[derive(Debug, Subcommand)]
pub(crate) enum BlockStoragesCommand {
    /// List block storages (GET /nsml/v1/blk-storages), every page.
    List(ListArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[derive(Debug, Parser)]
    struct Nsml {
        #[command(subcommand)]
        command: NsmlCommand,
    }

    fn parse(args: &[&str]) -> Result<NsmlCommand, clap::Error> {
        Nsml::try_parse_from(std::iter::once("nsml").chain(args.iter().copied())).map(|n| n.command)
    }

    #[test]
    fn the_command_line_is_consistent() {
        Nsml::command().debug_assert();
    }

    #[test]
    fn resources_list_without_a_subcommand() {
        let NsmlCommand::Projects(args) = parse(&["projects", "--page-size", "5"]).unwrap() else {
            panic!()
        };
        assert!(args.command.is_none());
        assert_eq!(args.default.page_size, Some(5));
        let NsmlCommand::Projects(args) = parse(&["projects", "list", "--limit", "3"]).unwrap()
        else {
            panic!()
        };
        assert!(matches!(args.command, Some(ProjectsCommand::List(l)) if l.limit == Some(3)));
        assert!(matches!(
            parse(&["block-storages"]).unwrap(),
            NsmlCommand::BlockStorages(Resource { command: None, .. })
        ));
        assert!(matches!(
            parse(&["registry-credentials", "--show-secrets"]).unwrap(),
            NsmlCommand::RegistryCredentials(Resource { command: None, default })
                if default.show_secrets
        ));
    }

    #[test]
    fn create_project_with_wait_and_timeout() {
        let command = parse(&[
            "projects",
            "create",
            "--name",
            "demo",
            "--nas-volume-size",
            "500",
            "--wait",
            "--wait-timeout",
            "5m",
            "--wait-interval",
            "500ms",
            "-o",
            "json",
        ])
        .unwrap();
        let NsmlCommand::Projects(Resource {
            command: Some(ProjectsCommand::Create(create)),
            ..
        }) = command
        else {
            panic!("{command:?}")
        };
        assert_eq!(
            (create.name.as_str(), create.nas_volume_size),
            ("demo", 500)
        );
        assert!(create.wait.wait);
        assert_eq!(
            create.wait.tuning.wait_timeout,
            Some(Duration::from_secs(300))
        );
        assert_eq!(
            create.wait.tuning.wait_interval,
            Some(Duration::from_millis(500))
        );
        assert_eq!(create.output.output, Some(Output::Json));
        assert!(parse(&["projects", "create", "--name", "x"]).is_err());
        assert!(
            parse(&[
                "projects",
                "create",
                "--name",
                "x",
                "--nas-volume-size",
                "-5"
            ])
            .is_err()
        );
        let bad_timeout = parse(&[
            "projects",
            "delete",
            "p",
            "--wait",
            "--wait-timeout",
            "soon",
        ])
        .unwrap_err();
        assert!(bad_timeout.to_string().contains("10m"), "{bad_timeout}");
    }

    #[test]
    fn create_run_takes_repeated_envs_and_storages() {
        let command = parse(&[
            "runs",
            "create",
            "p-1",
            "--gpu-server-code",
            "2",
            "--image-path",
            "img:1",
            "--image-type",
            "base",
            "--node-count",
            "2",
            "--command",
            "python a.py",
            "--env",
            "LR=0.01",
            "--env",
            "URL=a=b",
            "--block-storage",
            "7",
            "--block-storage",
            "8",
        ])
        .unwrap();
        let NsmlCommand::Runs(Resource {
            command: Some(RunsCommand::Create(run)),
            ..
        }) = command
        else {
            panic!("{command:?}")
        };
        assert_eq!(run.image_type, ImageTypeArg::Base);
        assert_eq!(
            run.envs,
            [("LR".into(), "0.01".into()), ("URL".into(), "a=b".into())]
        );
        assert_eq!(run.block_storages, [7, 8]);
        assert!(!run.wait.wait);
        let error = parse(&[
            "runs",
            "create",
            "p",
            "--gpu-server-code",
            "1",
            "--image-path",
            "i",
            "--image-type",
            "base",
            "--node-count",
            "1",
            "--env",
            "=x",
        ])
        .unwrap_err();
        assert!(error.to_string().contains("KEY=VALUE"), "{error}");
        assert!(parse(&["runs", "get", "p-1"]).is_err());
    }

    #[test]
    fn keys_and_secrets_come_from_files_or_stdin() {
        assert!(parse(&["auth-keys", "create", "--title", "t"]).is_err());
        assert!(
            parse(&[
                "auth-keys",
                "create",
                "--title",
                "t",
                "--key",
                "k",
                "--key-file",
                "f"
            ])
            .is_err()
        );
        assert!(parse(&["auth-keys", "create", "--title", "t", "--key-file", "f"]).is_ok());
        let base = [
            "registry-credentials",
            "create",
            "--private-endpoint",
            "h",
            "--access-key",
            "a",
        ];
        assert!(parse(&base).is_err());
        let with_stdin = [&base[..], &["--secret-key-stdin"]].concat();
        assert!(parse(&with_stdin).is_ok());
        // There is no way to pass the secret itself as an argument.
        let inline = [&base[..], &["--secret-key", "s3cr3t"]].concat();
        assert!(parse(&inline).is_err());
        assert!(parse(&["auth-keys", "delete", "--title", "t", "--name", "n"]).is_ok());
    }
}
