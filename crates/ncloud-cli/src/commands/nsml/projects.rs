//! `ncloud nsml projects [list|get|create|delete]`.

use std::io::Write;

use ncloud_nsml::{Client, Project, ProjectDetail};

use super::args::{CreateProjectArgs, PROJECT_WAIT, ProjectsArgs, ProjectsCommand};
use crate::change::{self, Created};
use crate::cli::ListArgs;
use crate::commands::list::{cell, print_list};
use crate::error::CliError;
use crate::render::{TableRow, output_format, write_one};
use crate::wait;

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

impl TableRow for ProjectDetail {
    const HEADERS: &'static [&'static str] = &[
        "PROJECT ID",
        "NAME",
        "STATUS",
        "NAS GB",
        "RUNS",
        "CREATED",
        "UPDATED",
        "NOTE",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            self.project_id.clone(),
            cell(self.project_name.as_ref()),
            cell(self.status.as_ref()),
            cell(self.nas_volume_size),
            cell(self.run_count),
            cell(self.created_date.as_ref()),
            cell(self.updated_date.as_ref()),
            cell(self.note.as_ref()),
        ]
    }
}

pub(super) async fn run(
    nsml: &Client,
    args: &ProjectsArgs,
    out: impl Write,
) -> Result<(), CliError> {
    match &args.command {
        None => list(nsml, &args.default, out).await,
        Some(ProjectsCommand::List(list_args)) => list(nsml, list_args, out).await,
        Some(ProjectsCommand::Get { project_id, output }) => {
            let project = nsml.get_project(project_id).await?;
            Ok(write_one(out, output_format(output.output), &project)?)
        }
        Some(ProjectsCommand::Create(create)) => self::create(nsml, create, out).await,
        Some(ProjectsCommand::Delete { project_id, wait }) => {
            nsml.delete_project(project_id).await?;
            if wait.wait {
                let deleted = nsml.wait_until_project_deleted(project_id);
                wait::wait(deleted, wait.tuning, PROJECT_WAIT).await?;
                eprintln!("Deleted project {project_id}.");
            } else {
                eprintln!(
                    "Deleting project {project_id} (it is DELETING until gone; --wait waits)."
                );
            }
            Ok(())
        }
    }
}

async fn list(nsml: &Client, args: &ListArgs, out: impl Write) -> Result<(), CliError> {
    print_list(nsml.list_projects(), args, "projects", out).await?;
    Ok(())
}

/// Creates the project, finds it by name (the service answers without a body), waits if asked,
/// and prints it. After the project was created, a failure still prints it (when found) and says
/// how to check it.
async fn create(nsml: &Client, args: &CreateProjectArgs, out: impl Write) -> Result<(), CliError> {
    let mut request = nsml.create_project(&args.name, args.nas_volume_size);
    if let Some(note) = &args.note {
        request = request.note(note);
    }
    request
        .send()
        .await
        .map_err(|error| change::after_change(error, &["nsml", "projects"]))?;
    let name = args.name.as_str();
    let listed = Created::new(format!("project {name}"), &["nsml", "projects"]);
    let project = nsml
        .find_project(name)
        .await
        .map_err(|error| listed.then(error))?
        .ok_or_else(|| {
            listed.then(CliError::service(format!(
                "project {name:?} does not show in the listing yet"
            )))
        })?;
    let id = project.project_id.as_str();
    let created = Created::new(
        format!("project {name} ({id})"),
        &["nsml", "projects", "get", id],
    );
    let output = output_format(args.output.output);
    let detail = if args.wait.wait {
        let waited = nsml.wait_until_project_created(id);
        wait::wait(waited, args.wait.tuning, PROJECT_WAIT).await
    } else {
        nsml.get_project(id).await
    };
    match detail {
        Ok(detail) => Ok(write_one(out, output, &detail)?),
        Err(error) => {
            // What was created still goes to stdout, as the listing showed it.
            write_one(out, output, &project)?;
            Err(created.then(error))
        }
    }
}
