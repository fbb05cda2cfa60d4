//! `ncloud nsml projects`.

use std::io::Write;

use ncloud_core::Client;
use ncloud_nsml::Project;

use super::list::{cell, print_items};
use crate::cli::{ListArgs, NsmlCommand};
use crate::error::CliError;
use crate::render::TableRow;

impl TableRow for Project {
    const HEADERS: &'static [&'static str] = &[
        "PROJECT ID",
        "NAME",
        "STATUS",
        "RUNS",
        "NODES",
        "CREATED",
        "UPDATED",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            self.project_id.clone(),
            cell(self.project_name.as_ref()),
            cell(self.status.as_ref()),
            cell(self.run_count),
            cell(self.node_count),
            cell(self.created_date.as_ref()),
            cell(self.updated_date.as_ref()),
        ]
    }
}

pub(crate) async fn run(
    client: Client,
    command: &NsmlCommand,
    out: impl Write,
) -> Result<(), CliError> {
    match command {
        NsmlCommand::Projects(args) => list_projects(client, args, out).await,
    }
}

async fn list_projects(client: Client, args: &ListArgs, out: impl Write) -> Result<(), CliError> {
    let mut request = ncloud_nsml::Client::new(client)
        .list_projects()
        .page(args.page)
        .concurrency(usize::try_from(args.concurrency).unwrap_or(1));
    if let Some(size) = args.page_size {
        request = request.page_size(size);
    }
    print_items(request.items(), args, "projects", out).await?;
    Ok(())
}
