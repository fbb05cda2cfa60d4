//! `ncloud nsml images`, `server-products`, `block-storages`.

use std::io::Write;

use ncloud_nsml::{BaseImage, BlockStorage, Client, ServerProduct};

use super::args::{BlockStoragesArgs, BlockStoragesCommand, OutputArgs};
use crate::commands::list::{cell, print_list};
use crate::error::CliError;
use crate::render::{TableRow, output_format, write_all};

impl TableRow for BaseImage {
    const HEADERS: &'static [&'static str] = &["NAME", "PATH"];

    fn cells(&self) -> Vec<String> {
        vec![cell(self.name.as_ref()), cell(self.path.as_ref())]
    }
}

impl TableRow for ServerProduct {
    const HEADERS: &'static [&'static str] = &["CODE", "USE", "NODES", "PRODUCT", "NAME"];

    fn cells(&self) -> Vec<String> {
        let nodes = self.node_counts.as_ref().map(|counts| {
            counts
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        });
        vec![
            self.gpu_svr_code.to_string(),
            cell(self.use_type.as_ref()),
            cell(nodes),
            cell(self.server_product_code.as_ref()),
            cell(self.eng_full_name.as_ref().or(self.product_name.as_ref())),
        ]
    }
}

impl TableRow for BlockStorage {
    const HEADERS: &'static [&'static str] = &[
        "NO",
        "NAME",
        "STATUS",
        "PROJECT ID",
        "NODE",
        "CREATED",
        "UPDATED",
    ];

    fn cells(&self) -> Vec<String> {
        vec![
            self.block_storage_no.to_string(),
            cell(self.block_storage_nm.as_ref()),
            cell(self.status.as_ref()),
            cell(self.project_id.as_ref()),
            cell(self.node_id.as_ref()),
            cell(self.create_time.as_ref()),
            cell(self.update_time.as_ref()),
        ]
    }
}

pub(super) async fn images(
    nsml: &Client,
    args: &OutputArgs,
    out: impl Write,
) -> Result<(), CliError> {
    let images = nsml.list_base_images().await?;
    write_all(out, output_format(args.output), &images)?;
    Ok(())
}

pub(super) async fn server_products(
    nsml: &Client,
    args: &OutputArgs,
    out: impl Write,
) -> Result<(), CliError> {
    let products = nsml.list_server_products().await?;
    write_all(out, output_format(args.output), &products)?;
    Ok(())
}

pub(super) async fn block_storages(
    nsml: &Client,
    args: &BlockStoragesArgs,
    out: impl Write,
) -> Result<(), CliError> {
    let list = match &args.command {
        None => &args.default,
        Some(BlockStoragesCommand::List(list)) => list,
    };
    print_list(nsml.list_block_storages(), list, "block storages", out).await?;
    Ok(())
}
