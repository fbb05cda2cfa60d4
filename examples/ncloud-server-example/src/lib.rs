#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

use std::ops::RangeInclusive;

use ncloud_core::client::{ApiKey, Operation, Service};
use ncloud_core::datetime::DateTime;
use ncloud_pagination::{IntoPage, List, ListOperation, Page, PagedService, key};
use serde::Deserialize;

/// The page size sent when none is set.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// The largest page size this client sends (the Server API documents no maximum; this one keeps a
/// page's response small).
pub const MAX_PAGE_SIZE: u32 = 1000;

/// The Server API (VPC) as the core sees it: `https://ncloud.apigw.ntruss.com/vserver/v2`.
#[derive(Debug)]
pub struct ServerApi;

impl Service for ServerApi {
    const NAME: &'static str = "vserver";
    const HOST: &'static str = "ncloud";
    const PATH: &'static str = "/vserver/v2";
    const API_KEY: ApiKey = ApiKey::NotUsed;
}

/// `pageNo` and `pageSize`, 1..=[`MAX_PAGE_SIZE`], default [`DEFAULT_PAGE_SIZE`].
impl PagedService for ServerApi {
    const PAGE_PARAM: &'static str = "pageNo";
    const PAGE_SIZES: RangeInclusive<u32> = 1..=MAX_PAGE_SIZE;
    const DEFAULT_PAGE_SIZE: u32 = DEFAULT_PAGE_SIZE;
}

ncloud_core::service_client! {
    /// A client for the NCP Server API (VPC, `/vserver/v2`). Cheap to clone.
    pub struct ServerClient(ServerApi);
}

impl ServerClient {
    /// Lists server instances (`GET /vserver/v2/getServerInstanceList`), of one region (`KR`,
    /// `JPN`, ...) or of the API's default region.
    pub fn list_server_instances(&self, region_code: Option<&str>) -> List<ListServerInstances> {
        let call = ListServerInstances {
            region_code: region_code.map(str::to_owned),
        };
        List::from_operation(self.service.clone(), call)
    }
}

/// The `getServerInstanceList` call; built by [`ServerClient::list_server_instances`].
#[derive(Debug, Clone)]
pub struct ListServerInstances {
    region_code: Option<String>,
}

impl ListOperation for ListServerInstances {
    type Service = ServerApi;
    type Page = Envelope;

    fn operation(&self) -> Operation<Envelope> {
        Operation::get("GetServerInstanceList", ["getServerInstanceList"])
            .query("responseFormatType", "json")
            .query_opt("regionCode", self.region_code.as_deref())
    }
}

impl IntoPage for Envelope {
    type Item = ServerInstance;

    fn into_page(self) -> Page<ServerInstance> {
        let list = self.response;
        Page::new(list.server_instance_list).with_totals(list.total_rows, None)
    }

    fn item_key(server: &ServerInstance) -> Option<u64> {
        Some(key(&server.server_instance_no))
    }
}

/// One page as sent: `{"getServerInstanceListResponse": {...}}`.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    #[serde(rename = "getServerInstanceListResponse")]
    response: ServerInstanceList,
}

/// The list inside [`Envelope`]: `serverInstanceList` (required) and `totalRows`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerInstanceList {
    total_rows: Option<u64>,
    #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
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
    fn a_page_without_its_list_fails() {
        let body = br#"{"getServerInstanceListResponse": {"totalRows": 2}}"#;
        assert!(serde_json::from_slice::<Envelope>(body).is_err());
    }

    #[test]
    fn a_server_without_its_number_fails_the_page() {
        let body =
            br#"{"getServerInstanceListResponse": {"serverInstanceList": [{"serverName": "x"}]}}"#;
        let error = serde_json::from_slice::<Envelope>(body).unwrap_err();
        assert!(error.to_string().contains("serverInstanceNo"), "{error}");
    }
}
