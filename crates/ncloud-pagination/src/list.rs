//! The list template for NCP operations (feature `client`): a service declares a
//! [`ListOperation`]; every list call then shares one builder ([`List`]), one set of streams and
//! the paginator's guards.

use std::ops::RangeInclusive;

use ncloud_core::Error;
use ncloud_core::client::{Operation, Service, ServiceClient};
use serde::de::DeserializeOwned;

use crate::{Page, PageRequest, PageSource, PaginationError, Paginator};

/// One paged NCP list call, declared once: which operation fetches a page, how a page's answer
/// becomes a [`Page`] (items, totals, the page size the server applied), and the page sizes the
/// call accepts.
///
/// ```
/// use ncloud_core::client::{ApiKey, Operation, Service};
/// use ncloud_pagination::{List, ListOperation, Page, PageRequest, key};
///
/// struct Nsml;
/// impl Service for Nsml {
///     const NAME: &'static str = "nsml";
///     const HOST: &'static str = "nsml";
///     const PATH: &'static str = "/nsml/v1";
///     const API_KEY: ApiKey = ApiKey::Required;
/// }
///
/// #[derive(serde::Deserialize)]
/// struct Project { #[serde(rename = "projectId")] id: String }
///
/// #[derive(serde::Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// struct ProjectsPage {
///     // Required: an answer without its list is an error, never "no projects".
///     #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
///     projects: Vec<Project>,
///     total_count: Option<u64>,
/// }
///
/// #[derive(Clone)]
/// struct ListProjects;
///
/// impl ListOperation for ListProjects {
///     type Service = Nsml;
///     type Item = Project;
///     type Page = ProjectsPage;
///     const PAGE_SIZES: std::ops::RangeInclusive<u32> = 1..=1000;
///     const DEFAULT_PAGE_SIZE: u32 = 10;
///
///     fn operation(&self, page: PageRequest) -> Operation<ProjectsPage> {
///         Operation::get("ListProjects", ["projects"])
///             .query("page", page.number)
///             .query("pageSize", page.size)
///     }
///
///     fn into_page(page: ProjectsPage) -> Page<Project> {
///         let result = Page::new(page.projects);
///         match page.total_count {
///             Some(total) => result.with_total_count(total),
///             None => result,
///         }
///     }
///
///     fn item_key(project: &Project) -> Option<u64> {
///         Some(key(&project.id))
///     }
/// }
///
/// // A service client then hands out `List::from_operation(service_client.clone(), ListProjects)`.
/// fn list_projects(nsml: &ncloud_core::client::ServiceClient<Nsml>) -> List<ListProjects> {
///     List::from_operation(nsml.clone(), ListProjects)
/// }
/// ```
pub trait ListOperation: Clone + Send + Sync + 'static {
    /// The service the call belongs to.
    type Service: Service;
    /// One listed element.
    type Item: Send + 'static;
    /// The wire shape of one page's answer.
    type Page: DeserializeOwned + Send + 'static;
    /// The page sizes the call accepts (validated before anything is sent).
    const PAGE_SIZES: RangeInclusive<u32>;
    /// The page size used when the caller sets none.
    const DEFAULT_PAGE_SIZE: u32;

    /// The operation that fetches `page` (number from 1, and size).
    fn operation(&self, page: PageRequest) -> Operation<Self::Page>;

    /// The page's items and what the server says of the listing: totals
    /// ([`Page::with_total_count`], [`Page::with_total_pages`]) and the page size it applied
    /// ([`Page::with_page_size`]) when the answer tells.
    fn into_page(page: Self::Page) -> Page<Self::Item>;

    /// A key identifying an item (hash its id with [`key`](crate::key)), so that repeated items
    /// are caught; `None` turns the check off.
    fn item_key(item: &Self::Item) -> Option<u64> {
        let _ = item;
        None
    }
}

/// The builder every NCP list call returns: `page(n)`, `page_size(n)`, `concurrency(n)`,
/// `max_pages(n)`, then [`send`](Paginator::send) for one page, or
/// [`items`](Paginator::items), [`pages`](Paginator::pages) or
/// [`try_collect`](Paginator::try_collect) for the whole listing. Nothing is sent before.
pub type List<L> = Paginator<OperationSource<L>>;

/// The errors of a [`List`]: a page that could not be fetched (its [`ncloud_core::Error`]) or a
/// paging guard. Converts into [`ncloud_core::Error`] with `?`, keeping the resume page.
pub type ListError = PaginationError<Error>;

impl<L: ListOperation> List<L> {
    /// A list call of `operation` on `client`.
    pub fn from_operation(client: ServiceClient<L::Service>, operation: L) -> Self {
        Paginator::new(OperationSource { client, operation })
    }
}

/// The [`PageSource`] of every [`ListOperation`]: sends the operation through the service's client
/// and reads throttling from the transport, so no service passes it up by hand.
pub struct OperationSource<L: ListOperation> {
    client: ServiceClient<L::Service>,
    operation: L,
}

impl<L: ListOperation> PageSource for OperationSource<L> {
    type Item = L::Item;
    type Error = Error;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<L::Item>, Error> {
        let (page, info) = self
            .client
            .send_with_info(self.operation.operation(request))
            .await?;
        Ok(L::into_page(page).with_throttling(info.throttled))
    }

    fn page_size_limits(&self) -> RangeInclusive<u32> {
        L::PAGE_SIZES
    }

    fn default_page_size(&self) -> u32 {
        L::DEFAULT_PAGE_SIZE
    }

    fn is_throttling(&self, error: &Error) -> bool {
        error.is_throttling()
    }

    fn item_key(&self, item: &L::Item) -> Option<u64> {
        L::item_key(item)
    }
}

impl<L: ListOperation> std::fmt::Debug for OperationSource<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationSource")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// A listing's error as the one error type of NCP calls: a failed page is its own error, with the
/// page to resume from; a paging guard is a listing error ([`Error::is_listing`]).
impl From<PaginationError<Error>> for Error {
    fn from(error: PaginationError<Error>) -> Self {
        let resume = error.resume_page();
        match error {
            PaginationError::Fetch { page, source } => source.with_resume_page(page),
            other if other.is_invalid_config() => Error::configuration(other.to_string()),
            other => Error::listing(other.to_string(), resume),
        }
    }
}
