//! Reading a request body as the service documents it: JSON with `Content-Type:
//! application/json`, an object whose fields have the documented types, nothing else in it.

use serde_json::{Map, Value};

use crate::wire::ApiRequest;

/// A JSON object body, checked field by field.
#[derive(Debug)]
pub(crate) struct Body(Map<String, Value>);

impl Body {
    /// The body of `request` as an object carrying only `allowed` fields.
    pub(crate) fn parse(request: &ApiRequest, allowed: &[&str]) -> Result<Self, String> {
        let content_type = request.header("content-type").unwrap_or_default();
        if !content_type
            .to_ascii_lowercase()
            .starts_with("application/json")
        {
            return Err(format!(
                "Content-Type must be application/json, not {content_type:?}."
            ));
        }
        let value: Value = serde_json::from_slice(request.body())
            .map_err(|e| format!("The body is not valid JSON: {e}."))?;
        let Value::Object(map) = value else {
            return Err("The body must be a JSON object.".to_owned());
        };
        if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(format!("Unknown field {unknown:?}."));
        }
        Ok(Self(map))
    }

    fn field(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// An optional string field.
    pub(crate) fn string(&self, key: &str) -> Result<Option<&str>, String> {
        match self.field(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(format!("{key} must be a string.")),
        }
    }

    /// A string field that must be there and not blank.
    pub(crate) fn required_string(&self, key: &str) -> Result<&str, String> {
        match self.string(key)? {
            Some(text) if !text.trim().is_empty() => Ok(text),
            _ => Err(format!("{key} is required.")),
        }
    }

    /// An integer field that must be there.
    pub(crate) fn required_integer(&self, key: &str) -> Result<u64, String> {
        match self.field(key) {
            None => Err(format!("{key} is required.")),
            Some(value) => value
                .as_u64()
                .ok_or_else(|| format!("{key} must be a non-negative integer.")),
        }
    }

    /// An optional array of integers.
    pub(crate) fn integers(&self, key: &str) -> Result<Vec<u64>, String> {
        match self.field(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_u64()
                        .ok_or_else(|| format!("{key} must hold integers."))
                })
                .collect(),
            Some(_) => Err(format!("{key} must be an array.")),
        }
    }

    /// An optional map of scalar values.
    pub(crate) fn scalar_map(&self, key: &str) -> Result<Map<String, Value>, String> {
        match self.field(key) {
            None => Ok(Map::new()),
            Some(Value::Object(map)) => {
                if map.values().any(|v| v.is_array() || v.is_object()) {
                    return Err(format!("{key} values must be strings or numbers."));
                }
                Ok(map.clone())
            }
            Some(_) => Err(format!("{key} must be an object.")),
        }
    }
}

/// The service's naming rule for projects and key titles: English letters, digits and `-`,
/// beginning with a letter, `-` never twice in a row.
pub(crate) fn follows_naming_rule(name: &str) -> bool {
    let mut previous = None;
    for (i, c) in name.chars().enumerate() {
        let fits = if i == 0 {
            c.is_ascii_alphabetic()
        } else {
            c.is_ascii_alphanumeric() || (c == '-' && previous != Some('-'))
        };
        if !fits {
            return false;
        }
        previous = Some(c);
    }
    previous.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(content_type: &str, body: &str) -> ApiRequest {
        ApiRequest::new(
            "POST",
            "/nsml/v1/projects",
            vec![("Content-Type".into(), content_type.into())],
        )
        .with_body(body)
    }

    #[test]
    fn only_json_objects_with_known_fields_pass() {
        let body = Body::parse(
            &request(
                "application/json",
                r#"{"a": "x", "n": 5, "l": [1], "m": {"k": 1}}"#,
            ),
            &["a", "n", "l", "m", "z"],
        )
        .unwrap();
        assert_eq!(body.required_string("a"), Ok("x"));
        assert_eq!(body.required_integer("n"), Ok(5));
        assert_eq!(body.integers("l"), Ok(vec![1]));
        assert_eq!(body.scalar_map("m").unwrap().len(), 1);
        assert_eq!(body.string("z"), Ok(None));
        assert!(body.required_string("z").is_err());
        assert!(body.required_integer("a").is_err());

        let form = Body::parse(&request("text/plain", "{}"), &[]).unwrap_err();
        assert!(form.contains("Content-Type"), "{form}");
        assert!(Body::parse(&request("application/json", "[1]"), &[]).is_err());
        assert!(Body::parse(&request("application/json", "{"), &[]).is_err());
        let unknown = Body::parse(&request("application/json", r#"{"b": 1}"#), &["a"]).unwrap_err();
        assert!(unknown.contains("\"b\""), "{unknown}");
    }

    #[test]
    fn the_naming_rule() {
        for good in ["a", "project", "a-b-c", "A1", "x-"] {
            assert!(follows_naming_rule(good), "{good}");
        }
        for bad in ["", "1a", "-a", "a--b", "a_b", "a b", "é"] {
            assert!(!follows_naming_rule(bad), "{bad}");
        }
    }
}
