#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth_key;
mod block_storage;
mod catalog;
mod client;
mod create_project;
mod create_run;
mod project;
mod project_detail;
mod projects;
mod registry_credential;
mod run;
mod runs;
mod unpaged;
pub mod validate;
mod waiters;

pub use auth_key::{AuthKey, CreateAuthKey};
pub use block_storage::{BlockStorage, BlockStorageStatus, BlockStoragesPage, ListBlockStorages};
pub use catalog::{BaseImage, ServerProduct, ServerUseType};
pub use client::{Client, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Nsml};
pub use create_project::CreateProject;
pub use create_run::CreateRun;
pub use project::{Project, ProjectStatus};
pub use project_detail::ProjectDetail;
pub use projects::{ListProjects, ProjectsPage};
pub use registry_credential::{CreateRegistryCredential, RegistryCredential};
pub use run::{ImageType, Run, RunDetail, RunStatus, RunType, RunsPage};
pub use runs::ListRuns;

// What a user needs, so that depending on this crate alone is enough.
/// The transport this crate sends with (retry and timeout settings live in `ncloud_core::client`).
pub use ncloud_core;
pub use ncloud_core::datetime::DateTime;
pub use ncloud_core::{Credentials, Error, ErrorChain};
/// The paginator behind every list call.
pub use ncloud_pagination;
pub use ncloud_pagination::{ItemStream, List, ListError, Page, PageStream, PaginationError};
