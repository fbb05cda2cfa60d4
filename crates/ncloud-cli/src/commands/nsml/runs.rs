//! `ncloud nsml runs [list|get|create]`.

use std::io::Write;

use ncloud_nsml::{Client, GpuServer, ImageType, Run, RunDetail, ServerProduct};

use super::args::{CreateRunArgs, ImageTypeArg, RUN_WAIT, RunsArgs, RunsCommand};
use crate::change::{self, Created};
use crate::cli::ListArgs;
use crate::commands::list::{cell, print_list};
use crate::error::CliError;
use crate::render::{TableRow, output_format, write_one};
use crate::wait;

impl TableRow for Run {
    const HEADERS: &'static [&'static str] = &[
        "PROJECT ID",
        "RUN",
        "TYPE",
        "STATUS",
        "CREATOR",
        "CREATED",
        "UPDATED",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            cell(self.project_id.as_ref()),
            self.run_name.clone(),
            cell(self.run_type.as_ref()),
            cell(self.status.as_ref()),
            cell(self.creator.as_ref()),
            cell(self.create_time.as_ref()),
            cell(self.update_time.as_ref()),
        ]
    }
}

impl TableRow for RunDetail {
    const HEADERS: &'static [&'static str] = &[
        "PROJECT ID",
        "RUN",
        "STATUS",
        "GPU CODE",
        "IMAGE",
        "COMMAND",
        "NOTE",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            cell(self.project_id.as_ref()),
            self.run_name.clone(),
            cell(self.status.as_ref()),
            cell(self.gpu_svr_code),
            cell(self.image_path.as_ref()),
            cell(self.command.as_ref()),
            cell(self.note.as_ref()),
        ]
    }
}

pub(super) async fn run(nsml: &Client, args: &RunsArgs, out: impl Write) -> Result<(), CliError> {
    match &args.command {
        None => list(nsml, &args.default, out).await,
        Some(RunsCommand::List(list_args)) => list(nsml, list_args, out).await,
        Some(RunsCommand::Get {
            project_id,
            run_name,
            output,
        }) => {
            let run = nsml.get_run(project_id, run_name).await?;
            Ok(write_one(out, output_format(output.output), &run)?)
        }
        Some(RunsCommand::Create(create)) => self::create(nsml, create, out).await,
    }
}

/// The server product of GPU server code `code`; a usage error naming the offered codes when
/// there is none.
async fn offered_product(nsml: &Client, code: u32) -> Result<ServerProduct, CliError> {
    let products = nsml.list_server_products().await?;
    let codes: Vec<String> = products
        .iter()
        .map(|p| p.gpu_svr_code.to_string())
        .collect();
    products
        .into_iter()
        .find(|p| p.gpu_svr_code == code)
        .ok_or_else(|| {
            CliError::usage(format!(
                "GPU server code {code} is not offered (codes: {}; see `ncloud nsml server-products`)",
                codes.join(", ")
            ))
        })
}

async fn list(nsml: &Client, args: &ListArgs, out: impl Write) -> Result<(), CliError> {
    print_list(nsml.list_runs(), args, "runs", out).await?;
    Ok(())
}

/// Looks the GPU server code up (so the command and node count are checked before the run is
/// sent), starts the run, waits if asked, and prints it: the run this call started, which the
/// library proves (or the command fails naming the candidates). After the run was started, a
/// failure still prints it (when known) and says how to check it.
/// A dry run sends nothing, the lookup included: the code goes into the request unchecked.
async fn create(nsml: &Client, args: &CreateRunArgs, out: impl Write) -> Result<(), CliError> {
    let image_type = match args.image_type {
        ImageTypeArg::Base => ImageType::Base,
        ImageTypeArg::Custom => ImageType::Custom,
    };
    let server: GpuServer = if nsml.core().is_dry_run() {
        eprintln!(
            "dry run: GPU server code {} not checked against /server-products (not read)",
            args.gpu_server_code
        );
        args.gpu_server_code.into()
    } else {
        offered_product(nsml, args.gpu_server_code).await?.into()
    };
    let mut request = nsml.create_run(
        &args.project_id,
        server,
        image_type,
        &args.image_path,
        args.node_count,
    );
    if let Some(command) = &args.command {
        request = request.command(command);
    }
    for (key, value) in &args.envs {
        request = request.env(key, value);
    }
    for number in &args.block_storages {
        request = request.block_storage(*number);
    }
    if let Some(note) = &args.note {
        request = request.note(note);
    }
    let project = args.project_id.as_str();
    // The run this call started (never merely the project's newest).
    let run = request
        .send()
        .await
        .map_err(|error| change::after_change(error, &["nsml", "runs"]))?;
    let output = output_format(args.output.output);
    if !args.wait.wait {
        return Ok(write_one(out, output, &run)?);
    }
    let created = Created::new(
        format!("run {} of project {project}", run.run_name),
        &["nsml", "runs", "get", project, &run.run_name],
    );
    let finished = nsml.wait_until_run_finished(project, &run.run_name);
    match wait::wait(finished, args.wait.tuning, RUN_WAIT).await {
        Ok(finished) => Ok(write_one(out, output, &finished)?),
        Err(error) => {
            // What was created still goes to stdout: the run goes on at NCP.
            write_one(out, output, &run)?;
            Err(created.then(error))
        }
    }
}
