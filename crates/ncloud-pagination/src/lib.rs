#![doc = include_str!("../README.md")]
// Without `client`, the README's links to the client-only items (`List`, `ListOperation`,
// `ListError`) have nothing to point at; they show as plain code.
#![cfg_attr(not(feature = "client"), allow(rustdoc::broken_intra_doc_links))]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod guard;
mod items;
mod key;
#[cfg(feature = "client")]
mod list;
mod page;
mod paginator;
mod source;
mod stream;

#[cfg(test)]
mod fake;

pub use error::{PaginationError, PaginationErrorKind};
pub use items::ItemStream;
pub use key::key;
#[cfg(feature = "client")]
pub use list::{IntoPage, List, ListError, ListOperation, OperationSource, PagedService};
pub use page::Page;
pub use paginator::{DEFAULT_CONCURRENCY, DEFAULT_MAX_PAGES, Paginator};
pub use source::{PageRequest, PageSource};
pub use stream::PageStream;
