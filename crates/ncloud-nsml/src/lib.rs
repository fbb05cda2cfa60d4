#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod client;
mod list_projects;
mod project;

pub use client::NsmlClient;
pub use list_projects::{DEFAULT_PAGE_SIZE, ListProjects, MAX_PAGE_SIZE, ProjectSource};
pub use project::{Project, ProjectStatus, ProjectsPage};

// What a user needs, so that depending on this crate alone is enough.
pub use futures::{StreamExt, TryStreamExt};
/// The transport this crate sends with (retry and timeout settings live in `ncloud_core::client`).
pub use ncloud_core;
pub use ncloud_core::datetime::DateTime;
pub use ncloud_core::{Client, Credentials, Error};
/// The paginator behind [`ListProjects::items`].
pub use ncloud_pagination;
pub use ncloud_pagination::{ItemStream, Page, PageStream, PaginationError, Paginator};

// The full NSML client (issue 12): models, validation.
mod auth_key;
mod block_storage;
mod catalog;
mod project_detail;
mod registry_credential;
mod run;
mod unpaged;
pub mod validate;

pub use auth_key::AuthKey;
pub use block_storage::{BlockStorage, BlockStorageStatus, BlockStoragesPage};
pub use catalog::{BaseImage, ServerProduct, ServerUseType};
pub use project_detail::ProjectDetail;
pub use registry_credential::RegistryCredential;
pub use run::{ImageType, Run, RunDetail, RunStatus, RunType, RunsPage};
