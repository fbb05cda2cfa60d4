#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod error;
mod fingerprint;
mod guard;
mod items;
mod page;
mod paginator;
mod source;
mod stream;

#[cfg(test)]
mod fake;

pub use error::PaginationError;
pub use fingerprint::fingerprint;
pub use items::ItemStream;
pub use page::Page;
pub use paginator::{DEFAULT_CONCURRENCY, DEFAULT_MAX_PAGES, Paginator};
pub use source::{PageRequest, PageSource};
pub use stream::PageStream;
