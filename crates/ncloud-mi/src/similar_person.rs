//! Persons whose faces look alike (added on 2026-09-17): similar to a person
//! ([`SimilarPersons`]) or recommended for an uploaded thumbnail ([`RecommendPersons`]).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use ncloud_core::Error;
use ncloud_core::client::Operation;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::client::label;
use crate::{Client, validate};

/// How many persons similar and recommend calls may return (default 3).
pub const PERSON_COUNTS: RangeInclusive<u32> = 1..=10;
/// The similarity scores a match must reach in similar and recommend calls (default 80).
pub const SCORE_THRESHOLDS: RangeInclusive<u32> = 80..=100;

/// A person found similar to a person or to a thumbnail: its id and, when sent, its name and
/// score; every other field is kept in [`details`](Self::details) (the reference page cuts the
/// list off after `personId`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SimilarPerson {
    /// The person's id.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub person_id: u64,
    /// The person's name, if sent.
    #[serde(default)]
    pub name: Option<String>,
    /// The similarity score, if sent.
    #[serde(default)]
    pub score: Option<f64>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub details: BTreeMap<String, Value>,
}

/// What `GET .../persons/{id}/similar` answers: the base person and the persons most like it,
/// most similar first (empty when none reaches the threshold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SimilarPersonsFound {
    /// The base person.
    #[serde(deserialize_with = "ncloud_core::de::count")]
    pub person_id: u64,
    /// The similar persons.
    #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
    pub similar_persons: Vec<SimilarPerson>,
}

/// The persons recommended for a thumbnail, most similar first (empty when none reaches the
/// threshold). The reference page shows no field names: the list is read as the `result` itself
/// or under `recommendedPersons`, `similarPersons`, `persons` or `content`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RecommendedPersons {
    /// The recommended persons.
    pub persons: Vec<SimilarPerson>,
}

impl<'de> Deserialize<'de> for RecommendedPersons {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            List(Vec<SimilarPerson>),
            Object {
                #[serde(
                    alias = "recommendedPersons",
                    alias = "similarPersons",
                    alias = "content"
                )]
                persons: Option<Vec<SimilarPerson>>,
            },
        }
        match Wire::deserialize(deserializer)? {
            Wire::List(persons)
            | Wire::Object {
                persons: Some(persons),
            } => Ok(Self { persons }),
            Wire::Object { persons: None } => Err(serde::de::Error::custom(
                "the recommendation has no list of persons",
            )),
        }
    }
}

impl Client {
    /// `GET /workspaces/{workspace}/persons/{person_id}/similar`: the persons whose faces look
    /// most like this one's; set a count and a threshold, then [`send`](SimilarPersons::send).
    pub fn similar_persons(&self, workspace: impl Into<String>, person_id: u64) -> SimilarPersons {
        SimilarPersons {
            client: self.clone(),
            workspace: workspace.into(),
            person_id,
            limits: MatchLimits::default(),
        }
    }

    /// `POST /workspaces/{workspace}/persons/recommend-by-thumbnail`: the existing persons whose
    /// faces look like an uploaded thumbnail (call it before creating a person, to avoid a
    /// duplicate); set a count and a threshold, then [`send`](RecommendPersons::send).
    pub fn recommend_persons(
        &self,
        workspace: impl Into<String>,
        thumbnail_key: impl Into<String>,
    ) -> RecommendPersons {
        RecommendPersons {
            client: self.clone(),
            workspace: workspace.into(),
            thumbnail_key: thumbnail_key.into(),
            limits: MatchLimits::default(),
        }
    }
}

/// `GET /workspaces/{ws}/persons/{id}/similar`; built by [`Client::similar_persons`], sent by
/// [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct SimilarPersons {
    client: Client,
    workspace: String,
    person_id: u64,
    limits: MatchLimits,
}

/// `personCount` and `scoreThreshold`, shared by similar and recommend.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchLimits {
    #[serde(skip_serializing_if = "Option::is_none")]
    person_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score_threshold: Option<u32>,
}

impl MatchLimits {
    fn check(&self) -> Result<(), Error> {
        if let Some(count) = self.person_count {
            validate::number("person count", count, PERSON_COUNTS)?;
        }
        if let Some(score) = self.score_threshold {
            validate::number("score threshold", score, SCORE_THRESHOLDS)?;
        }
        Ok(())
    }
}

impl SimilarPersons {
    /// At most this many persons (1 to 10, default 3).
    pub fn count(mut self, count: u32) -> Self {
        self.limits.person_count = Some(count);
        self
    }

    /// Only persons at least this similar (80 to 100, default 80).
    pub fn score_threshold(mut self, score: u32) -> Self {
        self.limits.score_threshold = Some(score);
        self
    }

    /// Sends the call (the limits are checked first). The service refuses a person without
    /// thumbnails.
    pub async fn send(self) -> Result<SimilarPersonsFound, Error> {
        let id = self.person_id.to_string();
        let path = [
            "workspaces",
            self.workspace.as_str(),
            "persons",
            id.as_str(),
            "similar",
        ];
        let operation = Operation::get("SimilarPersons", path)
            .check(self.limits.check())
            .query_opt("personCount", self.limits.person_count)
            .query_opt("scoreThreshold", self.limits.score_threshold);
        self.client.service().send(operation).await
    }
}

/// `POST /workspaces/{ws}/persons/recommend-by-thumbnail`; built by
/// [`Client::recommend_persons`], sent by [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct RecommendPersons {
    client: Client,
    workspace: String,
    thumbnail_key: String,
    limits: MatchLimits,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RecommendBody<'a> {
    thumbnail_key: &'a str,
    #[serde(flatten)]
    limits: MatchLimits,
}

impl RecommendPersons {
    /// At most this many persons (1 to 10, default 3).
    pub fn count(mut self, count: u32) -> Self {
        self.limits.person_count = Some(count);
        self
    }

    /// Only persons at least this similar (80 to 100, default 80).
    pub fn score_threshold(mut self, score: u32) -> Self {
        self.limits.score_threshold = Some(score);
        self
    }

    /// Checks the inputs (the key not blank, the limits in range) without sending anything.
    pub fn validate(&self) -> Result<(), Error> {
        self.check()
            .map_err(|error| error.with_operation(label("RecommendPersons")))
    }

    fn check(&self) -> Result<(), Error> {
        if self.thumbnail_key.trim().is_empty() {
            return Err(Error::configuration("the thumbnail key is empty"));
        }
        self.limits.check()
    }

    /// Sends the call (checked first, see [`validate`](Self::validate)).
    pub async fn send(self) -> Result<RecommendedPersons, Error> {
        let path = [
            "workspaces",
            self.workspace.as_str(),
            "persons",
            "recommend-by-thumbnail",
        ];
        let operation = Operation::post("RecommendPersons", path)
            .json(&RecommendBody {
                thumbnail_key: &self.thumbnail_key,
                limits: self.limits,
            })
            .check(self.check());
        self.client.service().send(operation).await
    }
}

ncloud_core::operation_future!(SimilarPersons => SimilarPersonsFound);
ncloud_core::operation_future!(RecommendPersons => RecommendedPersons);
