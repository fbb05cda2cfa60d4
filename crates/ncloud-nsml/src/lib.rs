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
