//! `ncloud api --paginate`: any page-number API as a `PageSource` over JSON, located by JSON
//! pointers, so it gets the same paging rules and guards as the typed clients.

use clap::ValueEnum;
use ncloud_core::client::{ApiKey, Request};
use ncloud_core::{Client, Error};
use ncloud_pagination::{Page, PageRequest, PageSource, key};
use serde_json::Value;

use crate::render::TableRow;

/// A named page shape for `ncloud api --paginate`: where the paging parameters go and where the
/// items and the total are in a response. Declared by the user, never guessed from the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum Shape {
    /// `page`, `pageSize`; items at /projects, total at /totalCount (CLOVA NSML; its other lists
    /// name their items: --items /runList).
    #[default]
    Nsml,
    /// `pageNum`, `pageSize`; items at /result/content, total at /result/totalCount (every Media
    /// Intelligence list).
    Mi,
}

/// Items per page when neither --page-size nor the URL says: accepted by every NSML and MI list.
const DEFAULT_PAGE_SIZE: u32 = 100;

/// Where the paging parameters go and where the items and the total are in a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PagingShape {
    pub(crate) page_param: String,
    pub(crate) size_param: String,
    pub(crate) items: String,
    pub(crate) total: Option<String>,
    /// Where the server reports its page count and the page size it applied, when it does (MI):
    /// a capped page size is then followed, not an error.
    pub(crate) total_pages: Option<String>,
    pub(crate) applied_page_size: Option<String>,
    pub(crate) default_page_size: u32,
}

impl From<Shape> for PagingShape {
    fn from(shape: Shape) -> Self {
        let (page_param, items, total, reported) = match shape {
            Shape::Nsml => ("page", "/projects", "/totalCount", None),
            Shape::Mi => (
                "pageNum",
                "/result/content",
                "/result/totalCount",
                Some(("/result/totalPage", "/result/pageSize")),
            ),
        };
        Self {
            page_param: page_param.into(),
            size_param: "pageSize".into(),
            items: items.into(),
            total: Some(total.into()),
            total_pages: reported.map(|(pages, _)| pages.into()),
            applied_page_size: reported.map(|(_, size)| size.into()),
            default_page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// Pages of a GET call whose other query parameters stay fixed.
#[derive(Debug)]
pub(crate) struct JsonPages {
    client: Client,
    url: String,
    query: Vec<(String, String)>,
    shape: PagingShape,
    api_key: ApiKey,
    /// `GET /path`, the name the listing's errors give the call, as each page's errors do.
    operation: String,
}

impl JsonPages {
    pub(crate) fn new(
        client: Client,
        url: String,
        query: Vec<(String, String)>,
        shape: PagingShape,
        api_key: ApiKey,
    ) -> Self {
        let path = url::Url::parse(&url).map_or_else(|_| url.clone(), |u| u.path().to_owned());
        Self {
            client,
            operation: format!("GET {path}"),
            url,
            query,
            shape,
            api_key,
        }
    }
}

impl PageSource for JsonPages {
    type Item = Value;
    type Error = Error;

    fn operation(&self) -> Option<&str> {
        Some(&self.operation)
    }

    async fn fetch_page(&self, page: PageRequest) -> Result<Page<Value>, Error> {
        let mut request = Request::get(&self.url).api_key(self.api_key);
        for (key, value) in &self.query {
            request = request.query(key, value);
        }
        let request = request
            .query(&self.shape.page_param, page.number)
            .query(&self.shape.size_param, page.size);
        let response = self.client.send_raw(request).await?;
        let mut body: Value = response.json()?;
        let shape_error = |what: String| response.decode_error(what);
        let items = match body.pointer_mut(&self.shape.items).map(Value::take) {
            Some(Value::Array(items)) => items,
            Some(Value::Null) | None => {
                return Err(shape_error(format!(
                    "no array at {} in the response (set --items to the JSON pointer of the list, \
                     or --shape)",
                    self.shape.items
                )));
            }
            Some(other) => {
                return Err(shape_error(format!(
                    "{} is not an array but {other}",
                    self.shape.items
                )));
            }
        };
        let mut result = Page::new(items);
        if let Some(pointer) = &self.shape.total {
            match body.pointer(pointer).and_then(as_count) {
                Some(total) => result = result.with_total_count(total),
                None => {
                    return Err(shape_error(format!(
                        "no count at {pointer} in the response (set --total, or --total '' for none)"
                    )));
                }
            }
        }
        let count_at = |pointer: &Option<String>| {
            pointer
                .as_deref()
                .and_then(|p| body.pointer(p))
                .and_then(as_count)
        };
        result = result.with_totals(None, count_at(&self.shape.total_pages));
        if let Some(size) =
            count_at(&self.shape.applied_page_size).and_then(|n| u32::try_from(n).ok())
        {
            result = result.with_page_size(size);
        }
        Ok(result.with_throttling(response.was_throttled()))
    }

    fn default_page_size(&self) -> u32 {
        self.shape.default_page_size
    }

    fn is_throttling(&self, error: &Error) -> bool {
        error.is_throttling()
    }

    fn item_key(&self, item: &Value) -> Option<u64> {
        Some(key(&item.to_string()))
    }
}

/// A count written as a number or as a numeric string.
fn as_count(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A table row of `ncloud api --paginate` items, which print as NDJSON.
impl TableRow for Value {
    const HEADERS: &'static [&'static str] = &["ITEM"];

    fn cells(&self) -> Vec<String> {
        vec![self.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_as_numbers_or_strings() {
        assert_eq!(as_count(&json!(12)), Some(12));
        assert_eq!(as_count(&json!("12")), Some(12));
        assert_eq!(as_count(&json!(-1)), None);
        assert_eq!(as_count(&json!(null)), None);
    }
}
