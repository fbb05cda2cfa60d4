//! `POST /projects`: the [`CreateProject`] builder.

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use serde::Serialize;

use crate::{Client, validate};

/// `POST /projects`, built by [`Client::create_project`]: a project name and a NAS volume size,
/// checked against the documented rules before anything is sent.
///
/// The service answers without a body: find the new project with [`Client::find_project`] (by
/// name) and wait for it with [`Client::wait_until_project_created`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateProject {
    client: Client,
    name: Option<String>,
    nas_volume_size: Option<u32>,
    note: Option<String>,
}

/// The documented body: `projectName`, `nasVolumeSize`, and `note` when there is one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    project_name: &'a str,
    nas_volume_size: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl CreateProject {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            name: None,
            nas_volume_size: None,
            note: None,
        }
    }

    /// The project name (required): letters, digits and `-`, starting with a letter, no `--`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The NAS volume size in GB (required): 500 to 5000 in steps of 100.
    pub fn nas_volume_size(mut self, gb: u32) -> Self {
        self.nas_volume_size = Some(gb);
        self
    }

    /// A description.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The operation this request sends, or the configuration error of an invalid input.
    pub(crate) fn operation(&self) -> Result<Operation<NoContent>, Error> {
        let name = validate::required(self.name.as_deref(), "project name", ".name(..)")?;
        validate::name("project name", name)?;
        let size = validate::required(
            self.nas_volume_size,
            "NAS volume size",
            ".nas_volume_size(..)",
        )?;
        validate::nas_volume_size(size)?;
        let body = Body {
            project_name: name,
            nas_volume_size: size,
            note: self.note.as_deref(),
        };
        Ok(Operation::post("CreateProject", ["projects"]).json(&body))
    }

    /// Validates the inputs and sends the request; nothing is sent when an input is invalid.
    pub async fn send(self) -> Result<(), Error> {
        self.client.send_empty(self.operation()?).await
    }
}
