//! `ncloud nsml runs [list|get|create]`.

use std::io::Write;

use ncloud_nsml::{Client, ImageType, Run, RunDetail};

use super::args::{CreateRunArgs, ImageTypeArg, RUN_WAIT, RunsArgs, RunsCommand};
use crate::cli::ListArgs;
use crate::commands::list::{cell, print_list};
use crate::error::CliError;
use crate::progress::Progress;
use crate::render::{TableRow, output_format, write_one};

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

async fn list(nsml: &Client, args: &ListArgs, out: impl Write) -> Result<(), CliError> {
    print_list(nsml.list_runs(), args, "runs", out).await?;
    Ok(())
}

/// Looks the GPU server code up (so the command and node count are checked before the run is
/// sent), starts the run, finds it (the newest of its project), waits if asked, and prints it.
async fn create(nsml: &Client, args: &CreateRunArgs, out: impl Write) -> Result<(), CliError> {
    let products = nsml.list_server_products().await?;
    let Some(product) = products
        .iter()
        .find(|p| p.gpu_svr_code == args.gpu_server_code)
    else {
        let codes: Vec<String> = products
            .iter()
            .map(|p| p.gpu_svr_code.to_string())
            .collect();
        return Err(CliError::usage(format!(
            "GPU server code {} is not offered (codes: {}; see `ncloud nsml server-products`)",
            args.gpu_server_code,
            codes.join(", ")
        )));
    };
    let image_type = match args.image_type {
        ImageTypeArg::Base => ImageType::Base,
        ImageTypeArg::Custom => ImageType::Custom,
    };
    let mut request = nsml.create_run(
        &args.project_id,
        product,
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
    request.send().await?;
    let run = nsml.latest_run(&args.project_id).await?.ok_or_else(|| {
        CliError::service(format!(
            "the run was created but project {} lists no run yet; try `ncloud nsml runs`",
            args.project_id
        ))
    })?;
    let detail = if args.wait.wait {
        let progress = Progress::waiting(format!(
            "run {} of project {} to finish",
            run.run_name, args.project_id
        ));
        let waited = nsml
            .wait_until_run_finished(
                &args.project_id,
                &run.run_name,
                args.wait.timeout.unwrap_or(RUN_WAIT),
            )
            .await;
        progress.finish();
        waited?
    } else {
        nsml.get_run(&args.project_id, &run.run_name).await?
    };
    Ok(write_one(out, output_format(args.output.output), &detail)?)
}
