//! [`open_enum!`](crate::open_enum): a string enum of an API that keeps values it does not know.

/// Declares an enum of the string values an API documents, plus `Unknown(String)` for any other
/// value, which is kept as sent rather than failing the response it came in.
///
/// The enum gets `as_str`, `From<&str>`, `From<String>`, `From<Self> for String` and `Display`.
/// For serde, add `#[derive(Serialize, Deserialize)]` and `#[serde(from = "String", into =
/// "String")]` to the attributes: unknown values then round-trip unchanged.
///
/// ```
/// ncloud_core::open_enum! {
///     /// Where a search is.
///     #[derive(Debug, Clone, PartialEq, Eq)]
///     pub enum SearchStatus {
///         /// Still searching.
///         Running = "RUNNING",
///         /// Done.
///         Completed = "COMPLETED",
///     }
/// }
///
/// assert_eq!(SearchStatus::from("COMPLETED"), SearchStatus::Completed);
/// assert_eq!(SearchStatus::from("PAUSED"), SearchStatus::Unknown("PAUSED".into()));
/// assert_eq!(SearchStatus::Unknown("PAUSED".into()).as_str(), "PAUSED");
/// assert_eq!(SearchStatus::Running.to_string(), "RUNNING");
/// assert_eq!(String::from(SearchStatus::Completed), "COMPLETED");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )+
            /// A value the reference does not document, as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as the API writes it (an unknown value as sent).
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown(other) => other,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
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
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        #[derive(Debug, Clone, PartialEq, Eq)]
        enum Level {
            Low = "LOW",
            High = "HIGH",
        }
    }

    #[test]
    fn known_values_map_to_variants_and_unknown_ones_are_kept() {
        assert_eq!(Level::from("LOW"), Level::Low);
        assert_eq!(Level::from(String::from("HIGH")), Level::High);
        // Case matters: the API's spelling is the contract.
        assert_eq!(Level::from("low"), Level::Unknown("low".into()));
        assert_eq!(String::from(Level::Unknown("MID".into())), "MID");
        assert_eq!(Level::High.to_string(), "HIGH");
    }
}
