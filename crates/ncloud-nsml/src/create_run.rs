//! `POST /projects/{projectId}/runs`: the [`CreateRun`] builder.

use std::collections::BTreeMap;

use ncloud_core::Error;
use ncloud_core::client::{NoContent, Operation};
use serde::Serialize;

use crate::{Client, ImageType, ServerProduct, ServerUseType, validate};

/// `POST /projects/{projectId}/runs`, built by [`Client::create_run`].
///
/// Required: a GPU server code, an image (type and path) and a node count. Whether a `command` is
/// needed depends on the server code: a training (`TRAIN`) server runs one, a notebook (`DEV`)
/// server must not be given one. Give the product with [`server_product`](Self::server_product)
/// (from [`Client::list_server_products`]) and that rule, and the node counts the product allows,
/// are checked before anything is sent; with a bare [`gpu_server_code`](Self::gpu_server_code)
/// the service checks them.
///
/// The service answers without a body: the new run is the project's newest
/// ([`Client::latest_run`]).
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateRun {
    client: Client,
    project_id: String,
    gpu_svr_code: Option<u32>,
    use_type: Option<ServerUseType>,
    node_counts: Option<Vec<u32>>,
    image: Option<(ImageType, String)>,
    node_count: Option<u32>,
    command: Option<String>,
    envs: BTreeMap<String, String>,
    block_storages: Vec<u64>,
    note: Option<String>,
}

/// The documented body. `envs` is the table's spelling (one example writes `env`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    gpu_svr_code: u32,
    image_path: &'a str,
    image_type: &'a str,
    node_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    envs: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "<[u64]>::is_empty")]
    block_storage_no_list: &'a [u64],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl CreateRun {
    pub(crate) fn new(client: Client, project_id: String) -> Self {
        Self {
            client,
            project_id,
            gpu_svr_code: None,
            use_type: None,
            node_counts: None,
            image: None,
            node_count: None,
            command: None,
            envs: BTreeMap::new(),
            block_storages: Vec::new(),
            note: None,
        }
    }

    /// The GPU server code, without knowing what the server is for (the service then checks the
    /// command and node count).
    pub fn gpu_server_code(mut self, code: u32) -> Self {
        self.gpu_svr_code = Some(code);
        self.use_type = None;
        self.node_counts = None;
        self
    }

    /// The GPU server product: its code, and what it is for and allows, so that the command and
    /// the node count are checked before anything is sent.
    pub fn server_product(mut self, product: &ServerProduct) -> Self {
        self.gpu_svr_code = Some(product.gpu_svr_code);
        self.use_type = product.use_type.clone();
        self.node_counts = product.node_counts.clone();
        self
    }

    /// The container image: a base image path ([`ImageType::Base`], see
    /// [`Client::list_base_images`]) or one of your registry ([`ImageType::Custom`]).
    pub fn image(mut self, image_type: ImageType, path: impl Into<String>) -> Self {
        self.image = Some((image_type, path.into()));
        self
    }

    /// How many nodes (at least 1).
    pub fn node_count(mut self, count: u32) -> Self {
        self.node_count = Some(count);
        self
    }

    /// The command the nodes run (training servers only).
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// An environment variable for the nodes; a repeated key keeps the last value.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.envs.insert(key.into(), value.into());
        self
    }

    /// A block storage to attach, by number ([`BlockStorage::block_storage_no`](crate::BlockStorage::block_storage_no)).
    pub fn block_storage(mut self, block_storage_no: u64) -> Self {
        self.block_storages.push(block_storage_no);
        self
    }

    /// A description.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The operation this request sends, or the configuration error of an invalid input.
    pub(crate) fn operation(&self) -> Result<Operation<NoContent>, Error> {
        validate::not_empty("project id", &self.project_id)?;
        let code = validate::required(
            self.gpu_svr_code,
            "GPU server code",
            ".gpu_server_code(..) or .server_product(..)",
        )?;
        let (image_type, image_path) = validate::required(
            self.image.as_ref(),
            "image",
            ".image(ImageType::Base, path)",
        )?;
        let image_type = match image_type {
            ImageType::Base | ImageType::Custom => image_type.as_str(),
            other => {
                return Err(Error::configuration(format!(
                    "image type {other} is not accepted: use BASE or CUSTOM"
                )));
            }
        };
        validate::not_empty("image path", image_path)?;
        let node_count = validate::required(self.node_count, "node count", ".node_count(..)")?;
        validate::node_count(node_count)?;
        if let Some(allowed) = self
            .node_counts
            .as_ref()
            .filter(|c| !c.is_empty() && !c.contains(&node_count))
        {
            return Err(Error::configuration(format!(
                "GPU server code {code} does not offer {node_count} nodes: use one of {allowed:?}"
            )));
        }
        validate::command(code, self.use_type.as_ref(), self.command.as_deref())?;
        if self.envs.keys().any(|k| k.trim().is_empty()) {
            return Err(Error::configuration(
                "an environment variable has an empty name",
            ));
        }
        let body = Body {
            gpu_svr_code: code,
            image_path,
            image_type,
            node_count,
            command: self.command.as_deref().filter(|c| !c.trim().is_empty()),
            envs: &self.envs,
            block_storage_no_list: &self.block_storages,
            note: self.note.as_deref(),
        };
        Ok(
            Operation::post("CreateRun", ["projects", self.project_id.as_str(), "runs"])
                .json(&body),
        )
    }

    /// Validates the inputs and sends the request; nothing is sent when an input is invalid.
    pub async fn send(self) -> Result<(), Error> {
        self.client.send_empty(self.operation()?).await
    }
}

// Hand-written so that the environment (which may hold tokens) stays out of logs.
impl std::fmt::Debug for CreateRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateRun")
            .field("project_id", &self.project_id)
            .field("gpu_svr_code", &self.gpu_svr_code)
            .field("image", &self.image)
            .field("node_count", &self.node_count)
            .field("envs", &self.envs.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}
