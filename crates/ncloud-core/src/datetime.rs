//! Date-times as NCP APIs write them: ISO 8601, usually without a zone (`2024-09-02T15:44:43`).

use std::fmt;

use chrono::{FixedOffset, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date-time from an NCP response.
///
/// A value that does not parse is kept as it was sent ([`DateTime::Raw`]) instead of failing the
/// whole response: one odd date must not hide a page of results.
///
/// ```
/// use ncloud_core::datetime::DateTime;
///
/// let t = DateTime::parse("2024-09-02T15:44:43");
/// assert_eq!(t.naive().unwrap().to_string(), "2024-09-02 15:44:43");
/// assert_eq!(t.to_string(), "2024-09-02T15:44:43");
/// assert_eq!(DateTime::parse("yesterday"), DateTime::Raw("yesterday".into()));
/// assert!(DateTime::parse("2026-03-18T10:30:00+09:00").naive().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateTime {
    /// No zone given (the documented form): the service's local time.
    Local(NaiveDateTime),
    /// With an explicit offset (`Z`, `+09:00`).
    Zoned(chrono::DateTime<FixedOffset>),
    /// Not a date-time this crate understands; the text as sent.
    Raw(String),
}

const LOCAL_FORMATS: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"];

impl DateTime {
    /// Parses `text`, keeping it raw when it is not ISO 8601.
    pub fn parse(text: &str) -> Self {
        let trimmed = text.trim();
        if let Some(local) = LOCAL_FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(trimmed, f).ok())
        {
            return Self::Local(local);
        }
        // RFC 3339 (`+09:00`, `Z`), or the classic APIs' offset without a colon (`+0900`).
        chrono::DateTime::parse_from_rfc3339(trimmed)
            .or_else(|_| chrono::DateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f%z"))
            .map_or_else(|_| Self::Raw(text.to_owned()), Self::Zoned)
    }

    /// The wall-clock date-time as written (the offset, if any, dropped); `None` for raw text.
    pub fn naive(&self) -> Option<NaiveDateTime> {
        match self {
            Self::Local(local) => Some(*local),
            Self::Zoned(zoned) => Some(zoned.naive_local()),
            Self::Raw(_) => None,
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local(local) => write!(f, "{}", local.format("%Y-%m-%dT%H:%M:%S%.f")),
            Self::Zoned(zoned) => write!(f, "{}", zoned.to_rfc3339()),
            Self::Raw(raw) => f.write_str(raw),
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Numbers (epoch values some APIs use) are kept raw rather than rejected.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Number(serde_json::Number),
        }
        Ok(match Wire::deserialize(deserializer)? {
            Wire::Text(text) => Self::parse(&text),
            Wire::Number(n) => Self::Raw(n.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_forms_parse_and_round_trip() {
        for text in ["2024-09-02T15:44:43", "2026-03-18T10:30:00.125"] {
            let t = DateTime::parse(text);
            assert!(matches!(t, DateTime::Local(_)), "{text}");
            assert_eq!(t.to_string(), text);
        }
        assert!(matches!(
            DateTime::parse("2024-09-02 15:44:43"),
            DateTime::Local(_)
        ));
        assert!(matches!(
            DateTime::parse("2024-09-02T15:44:43Z"),
            DateTime::Zoned(_)
        ));
        let classic = DateTime::parse("2020-08-04T15:11:36+0900");
        assert_eq!(classic.naive().unwrap().to_string(), "2020-08-04 15:11:36");
    }

    #[test]
    fn deserialises_without_failing_on_odd_values() {
        let values: Vec<Option<DateTime>> =
            serde_json::from_str(r#"["2024-09-02T15:44:43", "n/a", 1700000000, null]"#).unwrap();
        assert!(matches!(values[0], Some(DateTime::Local(_))));
        assert_eq!(values[1], Some(DateTime::Raw("n/a".into())));
        assert_eq!(values[2], Some(DateTime::Raw("1700000000".into())));
        assert_eq!(values[3], None);
        assert_eq!(
            serde_json::to_string(&values[0]).unwrap(),
            r#""2024-09-02T15:44:43""#
        );
    }
}
