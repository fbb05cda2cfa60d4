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

// The index-and-search workflow (issue 13): models, then the calls.
mod asset;
mod confidence;
mod index;
mod index_status;
mod page;
mod project;
mod search;
mod validate;

mod asset_path;
mod assets;
mod indexes;
mod observer;
mod projects;
mod searches;
mod workspace_calls;

pub use asset::{Asset, AssetType, ImportedAsset};
pub use assets::{ListAssets, WaitForIndexing};
pub use confidence::ConfidenceLevel;
pub use index::Index;
pub use index_status::{IndexState, IndexStatus};
pub use indexes::{GetIndex, ListIndexes};
pub use page::CountedPage;
pub use project::Project;
pub use projects::ListProjects;
pub use search::{
    Conditions, QueryOption, SearchFilter, SearchMatch, SearchQuery, SearchRequest, SearchResults,
    SearchStarted, SearchStatus,
};
pub use searches::{
    CompletedResults, DEFAULT_RESULT_PAGE_SIZE, ListSearchResults, RESULT_PAGE_SIZES, Search,
    SearchMatches, WaitForSearch,
};
pub use validate::{
    MAX_PROJECT_NAME_CHARS, MAX_TEXT_QUERY_CHARS, MEDIA_EXTENSIONS, WORKSPACE_NAME_LENGTH,
};
pub use workspace_calls::CreateWorkspace;

// Persons, person tags and presigned uploads (search by image and by person).
mod person_links;
mod person_matching;
mod person_tags;
mod persons;
mod uploads;

pub use person_links::{MAX_IDS_PER_CALL, PersonTags, PersonThumbnails};
pub use person_matching::{
    DEFAULT_PERSON_SEARCH_PAGE_SIZE, MAX_MERGED_PERSONS, MergedPersons, NameType, PERSON_COUNTS,
    PERSON_SEARCH_PAGE_SIZES, PersonSearch, PersonSortColumn, RecommendPersons, RecommendedPersons,
    SCORE_THRESHOLDS, SearchPersons, SimilarPerson, SimilarPersons, SimilarPersonsFound, SortType,
};
pub use person_tags::{
    DEFAULT_PERSON_TAG_PAGE_SIZE, ListPersonTags, PERSON_TAG_NAME_LENGTH, PERSON_TAG_PAGE_SIZES,
    PersonTag, PersonTagFilter,
};
pub use persons::{
    CreatePerson, DeletedPerson, ListPersons, MAX_TAG_FILTER, MAX_THUMBNAILS, NewThumbnail,
    PERSON_DESCRIPTION_LENGTH, PERSON_NAME_LENGTH, Person, PersonFilter, Thumbnail, UpdatePerson,
};
pub use uploads::{
    MAX_UPLOAD_BYTES, QUERY_IMAGE_EXTENSIONS, QueryImageUrl, THUMBNAIL_EXTENSIONS, ThumbnailUrl,
    UploadState, UploadStatus,
};
