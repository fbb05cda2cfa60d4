//! [`ConfidenceLevel`]: how sure the analysis must be for a detection to count.

use std::fmt;
use std::str::FromStr;

use ncloud_core::Error;
use serde::{Deserialize, Serialize};

/// How confident a detection must be to be shown: `LOW` shows more (less certain) keywords, `HIGH`
/// fewer and more accurate ones; the service's default is `MEDIUM`.
///
/// Parses from any case (`"low"`, `"High"`), so command-line values work as typed:
///
/// ```
/// use ncloud_mi::ConfidenceLevel;
///
/// assert_eq!("high".parse::<ConfidenceLevel>()?, ConfidenceLevel::High);
/// assert_eq!(ConfidenceLevel::Low.to_string(), "LOW");
/// assert!("certain".parse::<ConfidenceLevel>().unwrap_err().to_string().contains("LOW, MEDIUM or HIGH"));
/// # Ok::<_, ncloud_mi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum ConfidenceLevel {
    /// `LOW`: more detections, less certain.
    Low,
    /// `MEDIUM`: the service's default.
    #[default]
    Medium,
    /// `HIGH`: fewer, more accurate detections.
    High,
}

impl ConfidenceLevel {
    /// The value as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "LOW",
            Self::Medium => "MEDIUM",
            Self::High => "HIGH",
        }
    }
}

impl fmt::Display for ConfidenceLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConfidenceLevel {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        [Self::Low, Self::Medium, Self::High]
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                Error::configuration(format!(
                    "confidence level {text:?} is not one of LOW, MEDIUM or HIGH (any case)"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_the_api_spelling() {
        for level in [
            ConfidenceLevel::Low,
            ConfidenceLevel::Medium,
            ConfidenceLevel::High,
        ] {
            let json = serde_json::to_string(&level).unwrap();
            assert_eq!(json, format!("\"{level}\""));
            assert_eq!(
                serde_json::from_str::<ConfidenceLevel>(&json).unwrap(),
                level
            );
            assert_eq!(
                level
                    .as_str()
                    .to_lowercase()
                    .parse::<ConfidenceLevel>()
                    .unwrap(),
                level
            );
        }
        let e = "".parse::<ConfidenceLevel>().unwrap_err();
        assert!(e.is_configuration(), "{e}");
    }
}
