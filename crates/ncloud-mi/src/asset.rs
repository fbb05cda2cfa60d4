//! Media assets ([`Asset`]), their type ([`AssetType`]) and what an import returns
//! ([`ImportedAsset`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

ncloud_core::string_enum! {
    /// What kind of media an asset or an index is (`IMAGE` or `VIDEO`); another value is kept as
    /// [`Unknown`](Self::Unknown).
    pub enum AssetType {
        /// `IMAGE`: a still image (JPG, PNG, HEIC).
        Image = "IMAGE",
        /// `VIDEO`: a video (MP4, MKV, MOV, WebM).
        Video = "VIDEO",
    }
}

/// A media file registered in a project.
///
/// The id identifies an asset, so an asset without one is a decode error; the rest is `None` when
/// the server leaves it out. `metaData` is kept as the JSON it is, since its fields depend on the
/// media. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Asset {
    /// The asset id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub asset_id: u64,
    /// The media file name.
    #[serde(default)]
    pub file_name: Option<String>,
    /// The project the asset belongs to.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub project_id: Option<u64>,
    /// The media's metadata (resolution, duration, size, ...), as sent.
    #[serde(default, rename = "metaData")]
    pub meta_data: Option<Value>,
}

/// What importing an object from Object Storage returns: the new asset's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImportedAsset {
    /// The id of the asset the import created.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub asset_id: u64,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ResultPage;

    #[test]
    fn decodes_an_asset_page_of_the_documented_shape() {
        // "Get media asset list" (mi-list-assets): result{content, totalCount, totalPage, pageNo,
        // pageSize}; content items carry assetId, fileName, projectId, metaData.
        let page: ResultPage<Asset> = serde_json::from_value(json!({
            "content": [{
                "assetId": 5678,
                "fileName": "sample-video.mp4",
                "projectId": 1234,
                "metaData": {"width": 1280, "height": 720},
                "extra": true
            }],
            "totalCount": 1, "totalPage": 1, "pageNo": 1, "pageSize": 100
        }))
        .unwrap();
        let asset = &page.content[0];
        assert_eq!((asset.asset_id, asset.project_id), (5678, Some(1234)));
        assert_eq!(asset.file_name.as_deref(), Some("sample-video.mp4"));
        assert_eq!(
            asset.meta_data.as_ref().map(|m| &m["height"]),
            Some(&json!(720))
        );
        assert_eq!(page.page_size, Some(100));
    }

    #[test]
    fn asset_types_keep_unknown_values() {
        let t: Vec<AssetType> = serde_json::from_value(json!(["IMAGE", "VIDEO", "AUDIO"])).unwrap();
        assert_eq!(
            t,
            [
                AssetType::Image,
                AssetType::Video,
                AssetType::Unknown("AUDIO".into())
            ]
        );
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            json!(["IMAGE", "VIDEO", "AUDIO"])
        );
    }

    #[test]
    fn an_import_answer_needs_the_asset_id() {
        let a: ImportedAsset = serde_json::from_value(json!({"assetId": "42"})).unwrap();
        assert_eq!(a.asset_id, 42);
        assert!(serde_json::from_value::<ImportedAsset>(json!({})).is_err());
    }
}
