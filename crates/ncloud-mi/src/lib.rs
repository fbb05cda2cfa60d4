#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod client;
mod envelope;
mod list_workspaces;
mod workspace;

pub use client::{DEFAULT_ENDPOINT, MiClient};
pub use list_workspaces::{DEFAULT_PAGE_SIZE, ListWorkspaces, MAX_PAGE_SIZE, WorkspaceSource};
pub use workspace::{Workspace, WorkspacesPage};

// What a user needs, so that depending on this crate alone is enough.
pub use futures::{StreamExt, TryStreamExt};
/// The transport this crate sends with (retry and timeout settings live in `ncloud_core::client`).
pub use ncloud_core;
pub use ncloud_core::datetime::DateTime;
pub use ncloud_core::{Client, Credentials, Error};
/// The paginator behind [`ListWorkspaces::items`].
pub use ncloud_pagination;
pub use ncloud_pagination::{ItemStream, Page, PageStream, PaginationError, Paginator};

// The index-and-search workflow (issue 13).
mod asset;
mod confidence;
mod de;
mod index;
mod index_status;
mod page;
mod project;
mod search;
#[allow(dead_code)] // the operations (next commits) call these
mod validate;

pub use asset::{Asset, AssetType, ImportedAsset};
pub use confidence::ConfidenceLevel;
pub use index::Index;
pub use index_status::{IndexState, IndexStatus};
pub use page::ResultPage;
pub use project::Project;
pub use search::{
    Conditions, QueryOption, SearchFilter, SearchMatch, SearchQuery, SearchRequest, SearchResults,
    SearchStarted, SearchStatus,
};
pub use validate::{
    MAX_PROJECT_NAME_CHARS, MAX_TEXT_QUERY_CHARS, MEDIA_EXTENSIONS, WORKSPACE_NAME_LENGTH,
};
