#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod client;
mod envelope;
mod list_workspaces;
mod workspace;

pub use client::{DEFAULT_ENDPOINT, MiClient};
pub use list_workspaces::{DEFAULT_PAGE_SIZE, ListWorkspaces, PAGE_SIZE_LIMITS, WorkspacePages};
pub use workspace::{Workspace, WorkspacesPage};

pub use ncloud_core::client::{ClientBuilder, RetryConfig, TimeoutConfig};
pub use ncloud_core::datetime::DateTime;
pub use ncloud_core::{Client, Credentials, Error};
pub use ncloud_pagination::{ItemStream, Page, PageStream, PaginationError, Paginator};
