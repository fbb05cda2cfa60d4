#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod envelope;
mod validate;

// Shared pieces: pages, the confidence level, an asset's path.
mod asset_path;
mod confidence;
mod page;

// One module per resource: its models and its calls.
mod asset;
mod index;
mod person;
mod person_tag;
mod person_thumbnail;
mod project;
mod search;
mod similar_person;
mod upload;
mod workspace;

pub use asset::{Asset, AssetType, ImportedAsset, IndexState, IndexStatus, ListAssets};
pub use client::{Client, MAX_PAGE_SIZE, Mi};
pub use confidence::ConfidenceLevel;
pub use index::{GetIndex, Index, ListIndexes};
pub use page::{CountedPage, MiItem, ResultPage};
pub use person::{
    CreatePerson, DEFAULT_PERSON_SEARCH_PAGE_SIZE, DeletedPerson, ListPersons, MAX_IDS_PER_CALL,
    MAX_MERGED_PERSONS, MAX_TAG_FILTER, MergedPersons, NameType, PERSON_DESCRIPTION_LENGTH,
    PERSON_NAME_LENGTH, PERSON_SEARCH_PAGE_SIZES, Person, PersonFilter, PersonSearch,
    PersonSortColumn, SearchPersons, SortType, UpdatePerson,
};
pub use person_tag::{
    DEFAULT_PERSON_TAG_PAGE_SIZE, ListPersonTags, PERSON_TAG_NAME_LENGTH, PERSON_TAG_PAGE_SIZES,
    PersonTag, PersonTagFilter, PersonTags,
};
pub use person_thumbnail::{MAX_THUMBNAILS, NewThumbnail, PersonThumbnails, Thumbnail};
pub use project::{ListProjects, Project};
pub use search::{
    CompletedResults, Conditions, DEFAULT_RESULT_PAGE_SIZE, ListSearchResults, QueryOption,
    RESULT_PAGE_SIZES, Search, SearchFilter, SearchMatch, SearchMatches, SearchQuery,
    SearchRequest, SearchResults, SearchStarted, SearchStatus,
};
pub use similar_person::{
    PERSON_COUNTS, RecommendPersons, RecommendedPersons, SCORE_THRESHOLDS, SimilarPerson,
    SimilarPersons, SimilarPersonsFound,
};
pub use upload::{
    MAX_UPLOAD_BYTES, QUERY_IMAGE_EXTENSIONS, QueryImageUrl, THUMBNAIL_EXTENSIONS, ThumbnailUrl,
    UploadState, UploadStatus,
};
pub use validate::{
    MAX_PROJECT_NAME_CHARS, MAX_TEXT_QUERY_CHARS, MEDIA_EXTENSIONS, WORKSPACE_NAME_LENGTH,
};
pub use workspace::{CreateWorkspace, ListWorkspaces, Workspace, WorkspacesPage};

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
