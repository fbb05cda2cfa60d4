#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod client;
pub mod envelope;
mod workspace;
mod workspaces;

pub use client::{Client, MAX_PAGE_SIZE, Mi};
pub use workspace::Workspace;
pub use workspaces::{ListWorkspaces, MiItem, ResultPage, WorkspacesPage};

// What a user needs, so that depending on this crate alone is enough.
/// The transport this crate sends with (retry and timeout settings live in `ncloud_core::client`).
pub use ncloud_core;
pub use ncloud_core::datetime::DateTime;
pub use ncloud_core::{Credentials, Error, ErrorChain};
/// The paginator behind every list call.
pub use ncloud_pagination;
pub use ncloud_pagination::{ItemStream, List, ListError, Page, PageStream, PaginationError};
