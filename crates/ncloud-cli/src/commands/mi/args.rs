//! The command line of `ncloud mi ...`, as clap sees it.

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use ncloud_mi::ConfidenceLevel;

use crate::cli::{ListArgs, at_least_one};
use crate::render::Output;
use crate::wait::{WaitArgs, WaitTuning};

pub(crate) use super::persons::{PersonTagsCommand, PersonsCommand};

/// Media Intelligence commands.
#[derive(Debug, Subcommand)]
pub(crate) enum MiCommand {
    /// Workspaces: list them (the default), or get, create or delete one.
    Workspaces(WorkspacesArgs),
    /// Projects of a workspace.
    #[command(subcommand)]
    Projects(ProjectsCommand),
    /// Media assets of a project: list, import from Object Storage, indexing status.
    #[command(subcommand)]
    Assets(AssetsCommand),
    /// Indexes (analysis results) of an asset.
    #[command(subcommand)]
    Indexes(IndexesCommand),
    /// Persons of a workspace: list, get, create, update, delete, tag, thumbnails, search, merge.
    #[command(subcommand)]
    Persons(PersonsCommand),
    /// Person tags of a workspace: list, create, delete.
    #[command(subcommand)]
    PersonTags(PersonTagsCommand),
    /// Search a workspace's indexed assets by text or by image, and by person; print the matches
    ///
    /// Uploads the --image first (presigned upload: the bytes go to Object Storage without any NCP
    /// header), starts the search (POST /api/v1/workspaces/WORKSPACE/assets/search), waits until it
    /// has completed (a progress line on a terminal, up to --wait-timeout), then prints the matches of
    /// every result page, best first. Give exactly one of TEXT and --image.
    ///
    /// Examples:
    ///   ncloud mi search my-workspace "a red car" --project 1234 --confidence high --limit 10
    ///   ncloud mi search my-workspace --image red-car.jpg
    ///   ncloud mi search my-workspace "beach" --person 5001 --not-person 5002
    #[command(verbatim_doc_comment)]
    Search(SearchArgs),
}

/// `ncloud mi workspaces [list|get|create|delete]`: without a subcommand, lists.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct WorkspacesArgs {
    #[command(subcommand)]
    pub(crate) command: Option<WorkspacesCommand>,
    #[command(flatten)]
    pub(crate) list: ListArgs,
}

/// What `ncloud mi workspaces` can do.
#[derive(Debug, Subcommand)]
pub(crate) enum WorkspacesCommand {
    /// List workspaces (GET /api/v1/workspaces), every page.
    List(ListArgs),
    /// Show one workspace.
    Get {
        /// The workspace name.
        name: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Create a workspace (3 to 63 characters of a-z, 0-9 and -); it starts with a base project.
    Create {
        /// The workspace name.
        name: String,
        /// An Object Storage bucket to attach.
        #[arg(long, value_name = "BUCKET")]
        bucket: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Delete a workspace and everything in it (irreversible; refused while an analysis runs).
    Delete {
        /// The workspace name.
        name: String,
    },
}

/// What `ncloud mi projects` can do.
#[derive(Debug, Subcommand)]
pub(crate) enum ProjectsCommand {
    /// List the projects of a workspace.
    List {
        /// The workspace name.
        workspace: String,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one project.
    Get {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Create a project (a name of at most 100 characters, none of ; | `).
    Create {
        /// The workspace name.
        workspace: String,
        /// The project name.
        #[arg(long, value_name = "NAME")]
        name: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Rename a project.
    Rename {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        /// The new name.
        #[arg(long, value_name = "NAME")]
        name: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Delete a project and its assets (the base project cannot be deleted).
    Delete {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
    },
}

/// What `ncloud mi assets` can do.
#[derive(Debug, Subcommand)]
pub(crate) enum AssetsCommand {
    /// List the media assets of a project.
    List {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Import a media file from Object Storage (MP4, MKV, MOV, WebM, JPG/JPEG, PNG, HEIC).
    Import {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        /// The Object Storage bucket holding the file.
        #[arg(long, value_name = "BUCKET")]
        bucket: String,
        /// The file's full object name, e.g. videos/intro.mp4.
        #[arg(long, value_name = "KEY")]
        key: String,
        /// With --wait: until the asset is ANALYZE_COMPLETED, then print its status
        /// (ANALYZE_FAIL or ANALYZE_CANCEL is an error, exit 4, with the service's reason).
        #[command(flatten)]
        wait: WaitArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show the latest indexing status of an asset.
    Status {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        /// The asset id.
        asset_id: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// What `ncloud mi indexes` can do.
#[derive(Debug, Subcommand)]
pub(crate) enum IndexesCommand {
    /// List the indexes of an asset.
    List {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        /// The asset id.
        asset_id: u64,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show an index with its analysis results.
    Get {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        /// The asset id.
        asset_id: u64,
        /// The index id.
        index_id: u64,
        /// Show detections of at least this confidence [service default: medium].
        #[arg(long, value_enum, value_name = "LEVEL")]
        confidence: Option<Confidence>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Delete an index.
    Delete {
        /// The workspace name.
        workspace: String,
        /// The project id.
        project_id: u64,
        /// The asset id.
        asset_id: u64,
        /// The index id.
        index_id: u64,
    },
}

/// Options of `ncloud mi search`.
#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// The workspace name.
    pub(crate) workspace: String,
    /// What to look for (1 to 1000 characters, none of ; | `).
    #[arg(required_unless_present = "image", conflicts_with = "image")]
    pub(crate) text: Option<String>,
    /// Search by this image instead (JPG, PNG, WebP or HEIC, at most 5 MB).
    #[arg(long, value_name = "FILE")]
    pub(crate) image: Option<std::path::PathBuf>,
    /// Only where this person appears (repeatable: every one of them).
    #[arg(long = "person", value_name = "ID")]
    pub(crate) persons: Vec<u64>,
    /// Only where at least one of these persons appears (repeatable).
    #[arg(long = "any-person", value_name = "ID")]
    pub(crate) any_persons: Vec<u64>,
    /// Only where this person does not appear (repeatable).
    #[arg(long = "not-person", value_name = "ID")]
    pub(crate) not_persons: Vec<u64>,
    /// Search only this project (repeatable).
    #[arg(long = "project", value_name = "ID")]
    pub(crate) projects: Vec<u64>,
    /// How similar a match must be [service default: medium].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) confidence: Option<Confidence>,
    /// Stop after this many matches.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub(crate) limit: Option<u64>,
    /// Matches per result page (1..=100, default 50).
    #[arg(long, value_name = "N")]
    pub(crate) page_size: Option<u32>,
    #[command(flatten)]
    pub(crate) wait: WaitTuning,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// How long waits last unless `--wait-timeout` says otherwise.
pub(crate) const DEFAULT_WAIT: Duration = Duration::from_secs(10 * 60);

/// The output format of a command that prints one item.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct OutputArgs {
    /// Output format [default: table on a terminal, ndjson otherwise].
    #[arg(long, short, value_enum, value_name = "FORMAT")]
    pub(crate) output: Option<Output>,
}

/// A confidence level as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Confidence {
    /// More detections, less certain.
    Low,
    /// The service's default.
    Medium,
    /// Fewer, more accurate detections.
    High,
}

impl From<Confidence> for ConfidenceLevel {
    fn from(level: Confidence) -> Self {
        match level {
            Confidence::Low => ConfidenceLevel::Low,
            Confidence::Medium => ConfidenceLevel::Medium,
            Confidence::High => ConfidenceLevel::High,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn mi(args: &[&str]) -> MiCommand {
        let cli = Cli::try_parse_from(["ncloud", "mi"].iter().chain(args)).unwrap();
        match cli.command {
            Command::Mi(command) => command,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn workspaces_lists_without_a_subcommand_as_before() {
        let MiCommand::Workspaces(args) = mi(&["workspaces", "--page-size", "100"]) else {
            panic!()
        };
        assert!(args.command.is_none());
        assert_eq!(args.list.page_size, Some(100));
        let MiCommand::Workspaces(args) = mi(&["workspaces", "list", "--limit", "3"]) else {
            panic!()
        };
        assert!(matches!(args.command, Some(WorkspacesCommand::List(l)) if l.limit == Some(3)));
        let MiCommand::Workspaces(args) = mi(&["workspaces", "create", "my-ws", "--bucket", "b"])
        else {
            panic!()
        };
        assert!(matches!(
            args.command,
            Some(WorkspacesCommand::Create { name, bucket: Some(b), .. }) if name == "my-ws" && b == "b"
        ));
    }

    #[test]
    fn the_workflow_commands_parse() {
        assert!(matches!(
            mi(&["projects", "rename", "ws", "12", "--name", "reels"]),
            MiCommand::Projects(ProjectsCommand::Rename { project_id: 12, name, .. }) if name == "reels"
        ));
        let MiCommand::Assets(AssetsCommand::Import { key, wait, .. }) = mi(&[
            "assets",
            "import",
            "ws",
            "12",
            "--bucket",
            "b",
            "--key",
            "a.mp4",
            "--wait",
            "--wait-timeout",
            "30",
        ]) else {
            panic!()
        };
        assert_eq!((key.as_str(), wait.wait), ("a.mp4", true));
        assert_eq!(wait.tuning.wait_timeout, Some(Duration::from_secs(30)));
        assert!(matches!(
            mi(&[
                "indexes",
                "get",
                "ws",
                "1",
                "2",
                "3",
                "--confidence",
                "high"
            ]),
            MiCommand::Indexes(IndexesCommand::Get {
                index_id: 3,
                confidence: Some(Confidence::High),
                ..
            })
        ));
        let MiCommand::Search(search) = mi(&[
            "search",
            "ws",
            "red car",
            "--project",
            "1",
            "--project",
            "2",
            "--limit",
            "5",
            "-o",
            "json",
        ]) else {
            panic!()
        };
        assert_eq!(search.projects, [1, 2]);
        assert_eq!((search.limit, search.wait.wait_timeout), (Some(5), None));
        assert_eq!(search.output.output, Some(Output::Json));
    }

    #[test]
    fn page_size_101_reaches_the_library_check_rather_than_clap() {
        // The library refuses it with the rule, before sending anything (exit code 2 either way).
        let MiCommand::Search(search) = mi(&["search", "ws", "x", "--page-size", "101"]) else {
            panic!()
        };
        assert_eq!(search.page_size, Some(101));
        assert!(
            Cli::try_parse_from(["ncloud", "mi", "search", "ws", "x", "--wait-timeout", "0"])
                .is_err()
        );
    }

    #[test]
    fn a_search_limit_of_0_is_a_usage_error_as_everywhere() {
        let error =
            Cli::try_parse_from(["ncloud", "mi", "search", "ws", "x", "--limit", "0"]).unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::ValueValidation);
        assert!(error.to_string().contains("1 or more"), "{error}");
    }
}
