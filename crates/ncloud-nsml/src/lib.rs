#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth_key;
mod base_image;
mod block_storage;
mod client;
mod project;
mod registry_credential;
mod run;
mod server_product;
mod unpaged;
pub mod validate;

pub use auth_key::AuthKey;
pub use base_image::BaseImage;
pub use block_storage::{BlockStorage, BlockStorageStatus, BlockStoragesPage, ListBlockStorages};
pub use client::{Client, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Nsml};
pub use project::{
    CreateProject, ListProjects, Project, ProjectDetail, ProjectStatus, ProjectsPage,
};
pub use registry_credential::RegistryCredential;
pub use run::{CreateRun, ImageType, ListRuns, Run, RunDetail, RunStatus, RunType, RunsPage};
pub use server_product::{GpuServer, ServerProduct, ServerUseType};

// What a user needs, so that depending on this crate alone is enough.
/// The transport this crate sends with (retry and timeout settings live in `ncloud_core::client`).
pub use ncloud_core;
pub use ncloud_core::datetime::DateTime;
pub use ncloud_core::{Credentials, Error, ErrorChain};
/// The paginator behind every list call.
pub use ncloud_pagination;
pub use ncloud_pagination::{
    ItemStream, List, ListError, Page, PageStream, PaginationError, PaginationErrorKind,
};
