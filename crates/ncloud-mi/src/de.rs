//! How MI's numbers are read: identifiers and counts arrive as JSON numbers or as numeric strings
//! (`1234` or `"1234"`), and a list may arrive as `null`.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Wire {
    Number(u64),
    Text(String),
}

fn parse<E: serde::de::Error>(wire: Wire) -> Result<u64, E> {
    match wire {
        Wire::Number(n) => Ok(n),
        Wire::Text(text) => text
            .trim()
            .parse()
            .map_err(|_| E::custom(format!("expected a non-negative integer, got {text:?}"))),
    }
}

/// A non-negative integer sent as a number or a numeric string.
pub(crate) fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    parse(Wire::deserialize(deserializer)?)
}

/// [`number`], absent or `null` as `None` (use with `#[serde(default)]`).
pub(crate) fn opt_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    Option::<Wire>::deserialize(deserializer)?
        .map(parse)
        .transpose()
}

/// A list where `null` means empty (the field itself stays required unless `#[serde(default)]`).
pub(crate) fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "super::number")]
        id: u64,
        #[serde(default, deserialize_with = "super::opt_number")]
        total: Option<u64>,
        #[serde(deserialize_with = "super::null_as_empty")]
        items: Vec<u8>,
    }

    fn read(value: serde_json::Value) -> Result<Sample, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn numbers_and_numeric_strings() {
        let s = read(json!({"id": "12", "total": 3, "items": null})).unwrap();
        assert_eq!(
            s,
            Sample {
                id: 12,
                total: Some(3),
                items: vec![]
            }
        );
        let s = read(json!({"id": 7, "total": null, "items": [1]})).unwrap();
        assert_eq!((s.total, s.items), (None, vec![1]));
        assert_eq!(read(json!({"id": 7, "items": []})).unwrap().total, None);
    }

    #[test]
    fn what_is_not_a_count_is_an_error_naming_it() {
        let e = read(json!({"id": "x1", "items": []})).unwrap_err();
        assert!(e.to_string().contains("\"x1\""), "{e}");
        assert!(read(json!({"id": -1, "items": []})).is_err());
        let e = read(json!({"id": 1})).unwrap_err();
        assert!(
            e.to_string().contains("items"),
            "a missing list is an error: {e}"
        );
    }
}
