//! Serde helpers for NCP models (feature `serde`): what every service's answers need, written once.

use serde::{Deserialize, Deserializer};

/// Reads a list that the service may send as `null`: `null` is an empty list. Put it on a field
/// without `#[serde(default)]` so that a *missing* list is still an error: an answer without its
/// list must never read as "no items".
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Page {
///     #[serde(deserialize_with = "ncloud_core::de::null_as_empty")]
///     items: Vec<u32>,
/// }
///
/// let page: Page = serde_json::from_str(r#"{"items": null}"#).unwrap();
/// assert!(page.items.is_empty());
/// assert!(serde_json::from_str::<Page>("{}").is_err());
/// ```
pub fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a count sent as a JSON number or as a numeric string (`2` or `"2"`), as NCP services
/// write totals.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Totals {
///     #[serde(deserialize_with = "ncloud_core::de::count")]
///     total: u64,
/// }
///
/// assert_eq!(serde_json::from_str::<Totals>(r#"{"total": "12"}"#).unwrap().total, 12);
/// assert_eq!(serde_json::from_str::<Totals>(r#"{"total": 12}"#).unwrap().total, 12);
/// assert!(serde_json::from_str::<Totals>(r#"{"total": 1.5}"#).is_err());
/// ```
pub fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Number(u64),
        Text(String),
        Other(serde_json::Value),
    }
    match Wire::deserialize(deserializer)? {
        Wire::Number(n) => Ok(n),
        Wire::Text(text) => text.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!("expected a non-negative integer, got {text:?}"))
        }),
        Wire::Other(other) => Err(serde::de::Error::custom(format!(
            "expected a non-negative integer, got {other}"
        ))),
    }
}

/// Like [`count`], for an optional field: absent or `null` is `None`. Use it with
/// `#[serde(default, deserialize_with = "ncloud_core::de::optional_count")]`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Totals {
///     #[serde(default, deserialize_with = "ncloud_core::de::optional_count")]
///     total: Option<u64>,
/// }
///
/// assert_eq!(serde_json::from_str::<Totals>("{}").unwrap().total, None);
/// assert_eq!(serde_json::from_str::<Totals>(r#"{"total": null}"#).unwrap().total, None);
/// assert_eq!(serde_json::from_str::<Totals>(r#"{"total": "3"}"#).unwrap().total, Some(3));
/// ```
pub fn optional_count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapper(#[serde(deserialize_with = "count")] u64);
    Ok(Option::<Wrapper>::deserialize(deserializer)?.map(|Wrapper(n)| n))
}

/// Declares an enum of the string values an NCP field documents, plus `Unknown(String)` for any
/// other value, so that a value the documents do not list never fails a response. It reads from
/// and writes to the same string, and has `as_str()`, `Display` and `From<&str>`.
///
/// ```
/// ncloud_core::string_enum! {
///     /// Where a project is in its life cycle.
///     pub enum ProjectStatus {
///         /// Being created.
///         Creating = "CREATING",
///         /// Ready.
///         Created = "CREATED",
///     }
/// }
///
/// let status: ProjectStatus = serde_json::from_str(r#""CREATED""#).unwrap();
/// assert_eq!(status, ProjectStatus::Created);
/// let odd: ProjectStatus = serde_json::from_str(r#""PAUSED""#).unwrap();
/// assert_eq!(odd, ProjectStatus::Unknown("PAUSED".into()));
/// assert_eq!(serde_json::to_string(&odd).unwrap(), r#""PAUSED""#);
/// assert_eq!(ProjectStatus::Created.to_string(), "CREATED");
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value the reference does not document, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Unknown(other) => other,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::convert::From<$name> for String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unknown(other) => other,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // serde through this crate, so the user's crate needs no `serde` of its own.
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as $crate::__private::serde::Deserialize<'de>>::deserialize(
                    deserializer,
                )
                .map(Self::from)
            }
        }
    };
}
