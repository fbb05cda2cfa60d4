//! The analysis results of an asset: [`Index`].

use std::collections::BTreeMap;

use ncloud_core::datetime::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::AssetType;

/// An index: the result of analysing one asset (scenes, persons, keywords, scripts).
///
/// The listing returns the summary fields; the details call (`get_index`) adds the analysis
/// results, which are kept as sent in [`details`](Self::details) (their shape depends on the media
/// type and the engine). The id identifies an index, so an index without one is a decode error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Index {
    /// The index id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub index_id: u64,
    /// The type of the analysed asset.
    #[serde(default, rename = "type")]
    pub asset_type: Option<AssetType>,
    /// Who created the index.
    #[serde(default)]
    pub created_user_name: Option<String>,
    /// When the index was created (the service's local time, no zone).
    #[serde(default)]
    pub created_time: Option<DateTime>,
    /// Who last modified the index.
    #[serde(default)]
    pub updated_user_name: Option<String>,
    /// When the index was last modified.
    #[serde(default)]
    pub updated_time: Option<DateTime>,
    /// The analysis settings (engine version, scene range, ...), as sent.
    #[serde(default)]
    pub analysis_setting: Option<Value>,
    /// Every other field, as sent: the analysis results of the details call.
    #[serde(flatten)]
    pub details: BTreeMap<String, Value>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::CountedPage;

    #[test]
    fn decodes_the_index_list_shape() {
        // "Get index list" (maiu-list-indexes): result{totalCount, indexes[]}.
        let page: CountedPage<Index> = serde_json::from_value(json!({
            "totalCount": 1,
            "indexes": [{
                "indexId": 1001,
                "type": "VIDEO",
                "createdTime": "2026-03-18T10:30:00",
                "createdUserName": "user123",
                "updatedTime": "2026-03-18T10:30:00",
                "updatedUserName": "user123",
                "analysisSetting": {"analysisEngine": "Sinossi v1.0", "sceneRange": "SHORT"}
            }]
        }))
        .unwrap();
        let index = &page.items[0];
        assert_eq!(
            (index.index_id, index.asset_type.clone()),
            (1001, Some(AssetType::Video))
        );
        assert_eq!(
            index
                .analysis_setting
                .as_ref()
                .map(|s| &s["analysisEngine"]),
            Some(&json!("Sinossi v1.0"))
        );
        assert!(index.details.is_empty());
        assert_eq!(page.total_count, Some(1));
    }

    #[test]
    fn details_keep_the_analysis_results() {
        let index: Index = serde_json::from_value(json!({
            "indexId": "1001",
            "type": "IMAGE",
            "keywords": [{"keyword": "beach", "confidence": 0.91}]
        }))
        .unwrap();
        assert_eq!(index.details["keywords"][0]["keyword"], "beach");
        // What was read is written back under the same names.
        let back = serde_json::to_value(&index).unwrap();
        assert_eq!(
            back["keywords"],
            json!([{"keyword": "beach", "confidence": 0.91}])
        );
        assert_eq!(back["type"], "IMAGE");
    }
}
