//! The list template for NCP operations (feature `client`): a service declares a
//! [`ListOperation`]; every list call then shares one builder ([`List`]), one set of streams and
//! the paginator's guards.

use std::ops::RangeInclusive;

use ncloud_core::Error;
use ncloud_core::client::{Operation, Service, ServiceClient};
use serde::de::DeserializeOwned;

use crate::{Page, PageRequest, PageSource, PaginationError, PaginationErrorKind, Paginator};

/// One paged NCP list call, declared once: the operation that lists (the machinery adds the page
/// number and size as the service's [`PagedService`] says), the wire shape of one page's answer
/// ([`IntoPage`]), and, where the call differs from its service, the page sizes it accepts.
///
/// ```
/// use ncloud_core::client::{ApiKey, Operation, Service};
/// use ncloud_pagination::{IntoPage, List, ListOperation, Page, PagedService, key};
///
/// struct Nsml;
/// impl Service for Nsml {
///     const NAME: &'static str = "nsml";
///     const HOST: &'static str = "nsml";
///     const PATH: &'static str = "/nsml/v1";
///     const API_KEY: ApiKey = ApiKey::Required;
/// }
/// // `page` and `pageSize`, 1..=1000, default 10.
/// impl PagedService for Nsml {
///     const DEFAULT_PAGE_SIZE: u32 = 10;
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
/// impl IntoPage for ProjectsPage {
///     type Item = Project;
///     fn into_page(self) -> Page<Project> {
///         Page::new(self.projects).with_totals(self.total_count, None)
///     }
///     fn item_key(project: &Project) -> Option<u64> {
///         Some(key(&project.id))
///     }
/// }
///
/// #[derive(Clone)]
/// struct ListProjects;
///
/// impl ListOperation for ListProjects {
///     type Service = Nsml;
///     type Page = ProjectsPage;
///
///     fn operation(&self) -> Operation<ProjectsPage> {
///         Operation::get("ListProjects", ["projects"])
///     }
/// }
///
/// // A service client then hands out `List::from_operation(service_client.clone(), ListProjects)`:
/// // GET /nsml/v1/projects?page=N&pageSize=S
/// fn list_projects(nsml: &ncloud_core::client::ServiceClient<Nsml>) -> List<ListProjects> {
///     List::from_operation(nsml.clone(), ListProjects)
/// }
/// ```
pub trait ListOperation: Clone + Send + Sync + 'static {
    /// The service the call belongs to.
    type Service: PagedService;
    /// The wire shape of one page's answer.
    type Page: IntoPage + DeserializeOwned + Send + 'static;
    /// The page sizes the call accepts (validated before anything is sent); the service's unless
    /// this call differs.
    const PAGE_SIZES: RangeInclusive<u32> = <Self::Service as PagedService>::PAGE_SIZES;
    /// The page size used when the caller sets none; the service's unless this call differs.
    const DEFAULT_PAGE_SIZE: u32 = <Self::Service as PagedService>::DEFAULT_PAGE_SIZE;

    /// The operation, without the paging parameters (the machinery appends them).
    fn operation(&self) -> Operation<Self::Page>;

    /// The operation for one page: by default [`operation`](Self::operation) with the page number
    /// and size appended to the query under the service's [`PagedService`] names. A call that
    /// takes them in its body (a search sent by `POST`) builds the page's operation here instead.
    fn page_operation(&self, page: PageRequest) -> Operation<Self::Page> {
        self.operation()
            .query(<Self::Service as PagedService>::PAGE_PARAM, page.number)
            .query(<Self::Service as PagedService>::SIZE_PARAM, page.size)
    }
}

/// How a service pages its list calls, declared once per service: the query parameters of the
/// page number and size, and the page sizes its list calls accept unless one says otherwise.
///
/// ```
/// # use ncloud_core::client::{ApiKey, Service};
/// # struct Mi;
/// # impl Service for Mi {
/// #     const NAME: &'static str = "mi";
/// #     const HOST: &'static str = "mi";
/// #     const PATH: &'static str = "/api/v1";
/// #     const API_KEY: ApiKey = ApiKey::NotUsed;
/// # }
/// use ncloud_pagination::PagedService;
///
/// impl PagedService for Mi {
///     const PAGE_PARAM: &'static str = "pageNum";
///     const DEFAULT_PAGE_SIZE: u32 = 1000;
/// }
/// assert_eq!((Mi::SIZE_PARAM, Mi::PAGE_SIZES), ("pageSize", 1..=1000));
/// ```
pub trait PagedService: Service {
    /// The query parameter of the page number (from 1).
    const PAGE_PARAM: &'static str = "page";
    /// The query parameter of the page size.
    const SIZE_PARAM: &'static str = "pageSize";
    /// The page sizes list calls accept.
    const PAGE_SIZES: RangeInclusive<u32> = 1..=1000;
    /// The page size used when the caller sets none.
    const DEFAULT_PAGE_SIZE: u32 = 100;
}

/// The wire shape of one page of a list call: its items and what the server says of the listing.
pub trait IntoPage {
    /// One listed element.
    type Item: Send + 'static;

    /// The items with the totals ([`Page::with_totals`]) and the page size the server applied
    /// ([`Page::with_page_size`]) when the answer tells.
    fn into_page(self) -> Page<Self::Item>;

    /// A key identifying an item (hash its id with [`key`](crate::key)), so that repeated items
    /// are caught; `None` turns the check off.
    fn item_key(item: &Self::Item) -> Option<u64> {
        let _ = item;
        None
    }
}

/// The items of a [`ListOperation`].
type ItemOf<L> = <<L as ListOperation>::Page as IntoPage>::Item;

/// The builder every NCP list call returns: `page(n)`, `page_size(n)`, `concurrency(n)`,
/// `max_pages(n)`, then [`send`](Paginator::send) for one page, or
/// [`items`](Paginator::items), [`pages`](Paginator::pages) or
/// [`try_collect`](Paginator::try_collect) for the whole listing. Nothing is sent before.
pub type List<L> = Paginator<OperationSource<L>>;

/// The errors of a [`List`]: a page that could not be fetched (its [`ncloud_core::Error`]) or a
/// paging guard, named by the list call (`nsml.ListProjects: ...`). Converts into
/// [`ncloud_core::Error`] with `?`, keeping the name and the resume page.
pub type ListError = PaginationError<Error>;

impl<L: ListOperation> List<L> {
    /// A list call of `operation` on `client`.
    pub fn from_operation(client: ServiceClient<L::Service>, operation: L) -> Self {
        let label = L::Service::label(operation.operation().name());
        Paginator::new(OperationSource {
            client,
            operation,
            label,
        })
    }
}

/// The [`PageSource`] of every [`ListOperation`]: sends the operation through the service's client
/// and reads throttling from the transport, so no service passes it up by hand.
pub struct OperationSource<L: ListOperation> {
    client: ServiceClient<L::Service>,
    operation: L,
    /// The name its errors carry: `nsml.ListProjects`.
    label: String,
}

impl<L: ListOperation> PageSource for OperationSource<L> {
    type Item = ItemOf<L>;
    type Error = Error;

    async fn fetch_page(&self, request: PageRequest) -> Result<Page<ItemOf<L>>, Error> {
        let operation = self.operation.page_operation(request);
        let (page, info) = self.client.send_with_info(operation).await?;
        Ok(page.into_page().with_throttling(info.throttled))
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

    fn item_key(&self, item: &ItemOf<L>) -> Option<u64> {
        L::Page::item_key(item)
    }

    fn operation(&self) -> Option<&str> {
        Some(&self.label)
    }
}

impl<L: ListOperation> std::fmt::Debug for OperationSource<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationSource")
            .field("client", &self.client)
            .field("operation", &self.label)
            .finish_non_exhaustive()
    }
}

/// A listing's error as the one error type of NCP calls, named by the listing: a failed page is
/// its own error, with the page to resume from; a paging guard is a listing error
/// ([`Error::is_listing`]).
impl From<PaginationError<Error>> for Error {
    fn from(error: PaginationError<Error>) -> Self {
        let resume = error.resume_page();
        let operation = error.operation().map(str::to_owned);
        let converted = match error.into_kind() {
            PaginationErrorKind::Fetch { page, source } => source.with_resume_page(page),
            other if other.is_invalid_config() => Error::configuration(other.to_string()),
            other => Error::listing(other.to_string(), resume),
        };
        match operation {
            Some(operation) => converted.with_operation(operation),
            None => converted,
        }
    }
}
