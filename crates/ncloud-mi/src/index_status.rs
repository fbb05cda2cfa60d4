//! Where an asset's indexing (analysis) is: [`IndexStatus`] and its [`IndexState`].

use serde::{Deserialize, Serialize};

ncloud_core::string_enum! {
    /// The state of an asset's latest indexing run.
    ///
    /// The values are those of the analysis-status reference (`BEFORE_ANALYZE` ... `ANALYZE_CANCEL`);
    /// any other value is kept as [`Unknown`](Self::Unknown) and counts as still running, so a
    /// waiter keeps polling and its timeout error names the value.
    /// [`Completed`](Self::Completed) is the success state of
    /// [`Client::wait_for_indexing`](crate::Client::wait_for_indexing), [`Failed`](Self::Failed)
    /// and [`Cancelled`](Self::Cancelled) its failure states.
    pub enum IndexState {
        /// `BEFORE_ANALYZE`: not analysed yet.
        BeforeAnalyze = "BEFORE_ANALYZE",
        /// `WAIT_ANALYZE`: queued.
        WaitAnalyze = "WAIT_ANALYZE",
        /// `ANALYZING`: in progress.
        Analyzing = "ANALYZING",
        /// `ANALYZE_COMPLETED`: done; the asset has an index.
        Completed = "ANALYZE_COMPLETED",
        /// `ANALYZE_FAIL`: failed (see [`IndexStatus::message`]).
        Failed = "ANALYZE_FAIL",
        /// `ANALYZE_CANCEL`: cancelled by a user.
        Cancelled = "ANALYZE_CANCEL",
    }
}

impl IndexState {
    /// Whether indexing has ended, successfully or not.
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }

    /// Whether indexing ended without an index.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed | Self::Cancelled)
    }
}

/// The latest indexing status of an asset
/// (`GET .../assets/{assetId}/index/status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IndexStatus {
    /// Where indexing is.
    pub status: IndexState,
    /// Why indexing failed, when it did. The reference's table spells it `analyzeStatusMessage`
    /// and its example `analysisStatusMessage`: both are read.
    #[serde(
        default,
        rename = "analyzeStatusMessage",
        alias = "analysisStatusMessage"
    )]
    pub message: Option<String>,
    /// The index the run created, once completed.
    #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
    pub index_id: Option<u64>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn decodes_the_reference_example() {
        // The reference example's `result`, verbatim (with its `analysisStatusMessage` spelling).
        let s: IndexStatus = serde_json::from_value(json!({
            "status": "ANALYZE_COMPLETED",
            "analysisStatusMessage": null,
            "indexId": 1001
        }))
        .unwrap();
        assert_eq!(s.status, IndexState::Completed);
        assert_eq!((s.message, s.index_id), (None, Some(1001)));
        assert!(s.status.is_finished() && !s.status.is_failure());
    }

    #[test]
    fn failures_and_unknown_states() {
        let s: IndexStatus = serde_json::from_value(json!({
            "status": "ANALYZE_FAIL", "analyzeStatusMessage": "video parsing failure"
        }))
        .unwrap();
        assert!(s.status.is_failure());
        assert_eq!(s.message.as_deref(), Some("video parsing failure"));
        let s: IndexStatus = serde_json::from_value(json!({"status": "INDEXING"})).unwrap();
        assert_eq!(s.status, IndexState::Unknown("INDEXING".into()));
        assert!(!s.status.is_finished());
        assert!(serde_json::from_value::<IndexStatus>(json!({"indexId": 1})).is_err());
    }
}
