//! `ncloud nsml ...`: every CLOVA NSML operation, one file per resource.

mod args;
mod catalog;
mod keys;
mod projects;
mod runs;

use std::io::Write;

pub(crate) use args::NsmlCommand;
// The demo tour lists projects.
#[cfg(feature = "demo")]
pub(crate) use args::ProjectsArgs;

use crate::error::CliError;

pub(crate) async fn run(
    client: ncloud_core::Client,
    command: &NsmlCommand,
    out: impl Write + Send,
) -> Result<(), CliError> {
    let nsml = ncloud_nsml::Client::new(client);
    match command {
        NsmlCommand::Projects(args) => projects::run(&nsml, args, out).await,
        NsmlCommand::Runs(args) => runs::run(&nsml, args, out).await,
        NsmlCommand::AuthKeys(args) => keys::auth_keys(&nsml, args, out).await,
        NsmlCommand::RegistryCredentials(args) => {
            keys::registry_credentials(&nsml, args, out).await
        }
        NsmlCommand::Images(args) => catalog::images(&nsml, args, out).await,
        NsmlCommand::ServerProducts(args) => catalog::server_products(&nsml, args, out).await,
        NsmlCommand::BlockStorages(args) => catalog::block_storages(&nsml, args, out).await,
    }
}
