//! `ncloud api --paginate`: any page-number API as a `PageSource` over JSON, located by JSON
//! pointers, so it gets the same paging rules and guards as the typed clients.

use ncloud_core::client::{ApiKey, Request};
use ncloud_core::{Client, Error};
use ncloud_pagination::{Page, PageRequest, PageSource, key};
use serde_json::Value;

/// Where the paging parameters go and where the items and the total are in a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PagingShape {
    pub(crate) page_param: String,
    pub(crate) size_param: String,
    pub(crate) items: String,
    pub(crate) total: Option<String>,
    pub(crate) default_page_size: u32,
}

impl PagingShape {
    /// CLOVA NSML's list calls: `page`, `pageSize`, `{projects: [...], totalCount}`.
    pub(crate) fn nsml() -> Self {
        Self {
            page_param: "page".into(),
            size_param: "pageSize".into(),
            items: "/projects".into(),
            total: Some("/totalCount".into()),
            default_page_size: 100,
        }
    }

    /// Media Intelligence's list calls: `pageNum`, `pageSize`, `{result: {content, totalCount}}`.
    pub(crate) fn mi() -> Self {
        Self {
            page_param: "pageNum".into(),
            size_param: "pageSize".into(),
            items: "/result/content".into(),
            total: Some("/result/totalCount".into()),
            default_page_size: 1000,
        }
    }
}

/// Pages of a GET call whose other query parameters stay fixed.
#[derive(Debug)]
pub(crate) struct JsonPages {
    pub(crate) client: Client,
    pub(crate) url: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) shape: PagingShape,
    pub(crate) api_key: ApiKey,
}

impl PageSource for JsonPages {
    type Item = Value;
    type Error = Error;

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
                    "no array at {} in the response (set --items to the JSON pointer of the list)",
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
