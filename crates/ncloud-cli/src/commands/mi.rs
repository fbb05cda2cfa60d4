//! `ncloud mi workspaces`.

use std::io::Write;

use ncloud_core::Client;
use ncloud_mi::Workspace;

use super::list::{cell, print_list};
use crate::cli::{ListArgs, MiCommand};
use crate::error::CliError;
use crate::render::TableRow;

impl TableRow for Workspace {
    const HEADERS: &'static [&'static str] = &[
        "WORKSPACE",
        "BUCKET",
        "CREATED BY",
        "CREATED",
        "UPDATED BY",
        "UPDATED",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            self.workspace_name.clone(),
            cell(self.bucket_name.as_ref()),
            cell(self.created_user_name.as_ref()),
            cell(self.created_time.as_ref()),
            cell(self.updated_user_name.as_ref()),
            cell(self.updated_time.as_ref()),
        ]
    }
}

pub(crate) async fn run(
    client: Client,
    command: &MiCommand,
    out: impl Write,
) -> Result<(), CliError> {
    match command {
        MiCommand::Workspaces(args) => list_workspaces(client, args, out).await,
    }
}

async fn list_workspaces(client: Client, args: &ListArgs, out: impl Write) -> Result<(), CliError> {
    let list = ncloud_mi::Client::new(client).list_workspaces();
    print_list(list, args, "workspaces", out).await?;
    Ok(())
}
