#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

use std::ops::RangeInclusive;

use async_trait::async_trait;
use ncloud_core::client::Request;
use ncloud_core::datetime::DateTime;
use ncloud_core::{Client, Error};
use ncloud_pagination::{ItemStream, Page, PageRequest, PageSource, Paginator};
use serde::Deserialize;

const DEFAULT_BASE: &str = "https://ncloud.apigw.ntruss.com";
const SERVICE_PATH: &str = "/vserver/v2";

/// The page size sent when none is set.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// The largest page size this client sends (the Server API documents no maximum; this one keeps a
/// page's response small).
pub const MAX_PAGE_SIZE: u32 = 1000;

/// A client for the NCP Server API (VPC, `/vserver/v2`). Cheap to clone.
#[derive(Debug, Clone)]
pub struct ServerClient {
    client: Client,
    endpoint: String,
}

impl ServerClient {
    /// A client over `client`, at `https://ncloud.apigw.ntruss.com/vserver/v2` (or the core
    /// client's endpoint override plus `/vserver/v2`).
    pub fn new(client: Client) -> Self {
        let endpoint = client.service_endpoint(DEFAULT_BASE, SERVICE_PATH);
        Self { client, endpoint }
    }

    /// The base URL calls go to, `/vserver/v2` included.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Lists server instances (`GET /vserver/v2/getServerInstanceList`).
    pub fn list_server_instances(&self) -> ListServerInstances {
        ListServerInstances {
            client: self.clone(),
            page_size: DEFAULT_PAGE_SIZE,
            region_code: None,
        }
    }
}

/// The `getServerInstanceList` call; built by [`ServerClient::list_server_instances`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until the stream is polled"]
pub struct ListServerInstances {
    client: ServerClient,
    page_size: u32,
    region_code: Option<String>,
}

impl ListServerInstances {
    /// Servers per request, within 1..=[`MAX_PAGE_SIZE`] (default [`DEFAULT_PAGE_SIZE`]).
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size;
        self
    }

    /// Only the servers of this region (`KR`, `JPN`, ...); the API's default region otherwise.
    pub fn region_code(mut self, region_code: impl Into<String>) -> Self {
        self.region_code = Some(region_code.into());
        self
    }

    /// A paginator with this call's settings (for `pages()`, `try_collect()`, `concurrency()`...).
    pub fn into_paginator(self) -> Paginator<ServerInstanceSource> {
        let page_size = self.page_size;
        Paginator::new(ServerInstanceSource { call: self }).page_size(page_size)
    }

    /// Every server instance, in order, fetched page by page.
    pub fn items(self) -> ItemStream<ServerInstanceSource> {
        self.into_paginator().items()
    }
}

/// The [`PageSource`] behind [`ListServerInstances::items`].
#[derive(Debug, Clone)]
pub struct ServerInstanceSource {
    call: ListServerInstances,
}

#[async_trait]
impl PageSource for ServerInstanceSource {
    type Item = ServerInstance;
    type Error = Error;

    async fn fetch_page(&self, page: PageRequest) -> Result<Page<ServerInstance>, Error> {
        let call = &self.call;
        let mut request = Request::get(format!("{}/getServerInstanceList", call.client.endpoint))
            .query("pageNo", page.number)
            .query("pageSize", page.size)
            .query("responseFormatType", "json");
        if let Some(region) = &call.region_code {
            request = request.query("regionCode", region);
        }
        let response = call.client.client.send_raw(request).await?;
        let body = response.json::<Envelope>()?.response;
        let mut page = Page::new(body.server_instance_list);
        if let Some(total) = body.total_rows {
            page = page.with_total_count(total);
        }
        Ok(page.with_throttling(response.was_throttled()))
    }

    fn page_size_limits(&self) -> RangeInclusive<u32> {
        1..=MAX_PAGE_SIZE
    }

    fn default_page_size(&self) -> u32 {
        DEFAULT_PAGE_SIZE
    }

    fn is_throttling(&self, error: &Error) -> bool {
        error.is_throttling()
    }

    fn page_fingerprint(&self, items: &[ServerInstance]) -> Option<u64> {
        Some(ncloud_pagination::fingerprint(
            items.iter().map(|s| &s.server_instance_no),
        ))
    }
}

/// `{"getServerInstanceListResponse": {...}}`
#[derive(Debug, Deserialize)]
struct Envelope {
    #[serde(rename = "getServerInstanceListResponse")]
    response: ServerInstanceList,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServerInstanceList {
    total_rows: Option<u64>,
    #[serde(default)]
    server_instance_list: Vec<ServerInstance>,
}

/// A server instance, with the few fields this example reads (the others are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerInstance {
    /// The server instance number, its id.
    pub server_instance_no: String,
    /// The server name.
    pub server_name: Option<String>,
    /// `RUN`, `NSTOP`, `INIT`... with its display name.
    pub server_instance_status: Option<CommonCode>,
    /// The public IP, when one is attached.
    pub public_ip: Option<String>,
    /// The private IP.
    pub private_ip: Option<String>,
    /// When the server was created.
    pub create_date: Option<DateTime>,
}

/// An NCP common code: `{"code": "RUN", "codeName": "Server run state"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CommonCode {
    /// The machine-readable code.
    pub code: Option<String>,
    /// The human-readable name.
    pub code_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_needs_only_its_number_and_unknown_fields_are_ignored() {
        let body = br#"{"getServerInstanceListResponse": {"totalRows": 2, "serverInstanceList": [
            {"serverInstanceNo": "1", "serverName": "web", "createDate": "2020-08-04T15:11:36+0900",
             "serverInstanceStatus": {"code": "RUN", "codeName": "Server run state"},
             "hypervisorType": {"code": "XEN"}, "blockStorageInstanceNoList": ["9"]},
            {"serverInstanceNo": "2", "publicIp": null}
        ]}}"#;
        let list = serde_json::from_slice::<Envelope>(body).unwrap().response;
        assert_eq!(list.total_rows, Some(2));
        let [web, bare] = &list.server_instance_list[..] else {
            panic!("two servers expected");
        };
        assert_eq!(web.server_name.as_deref(), Some("web"));
        // The Server API's `+0900` offset: kept, parsed or raw (see the README's "Friction").
        let created = web.create_date.as_ref().unwrap().to_string();
        assert!(created.starts_with("2020-08-04T15:11:36"), "{created}");
        assert_eq!(bare.server_instance_no, "2");
        assert_eq!((&bare.server_name, &bare.public_ip), (&None, &None));
    }

    #[test]
    fn a_server_without_its_number_fails_the_page() {
        let body =
            br#"{"getServerInstanceListResponse": {"serverInstanceList": [{"serverName": "x"}]}}"#;
        let error = serde_json::from_slice::<Envelope>(body).unwrap_err();
        assert!(error.to_string().contains("serverInstanceNo"), "{error}");
    }
}
