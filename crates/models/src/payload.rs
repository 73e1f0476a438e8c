//! Payloads: the JSON object stored with each point.
//!
//! A payload must be a JSON object; [`payload_from_json`] checks that for values built with
//! `serde_json::json!`.

use std::fmt;

use serde_json::{Map, Value};

/// The JSON object stored with a point. Integers stay integers; floats stay floats.
pub type Payload = Map<String, Value>;

/// Turns a JSON value into a [`Payload`], which only a JSON object can be.
///
/// ```
/// use quadrant_models::payload_from_json;
/// use serde_json::json;
///
/// let payload = payload_from_json(json!({"city": "Berlin", "count": 3})).unwrap();
/// assert_eq!(payload["count"], 3);
/// assert!(payload_from_json(json!([1, 2])).is_err());
/// ```
///
/// # Errors
///
/// [`NotAnObject`] when the value is not a JSON object.
pub fn payload_from_json(value: Value) -> Result<Payload, NotAnObject> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(NotAnObject {
            found: json_kind(&other),
        }),
    }
}

/// The error of using a JSON value that is not an object as a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnObject {
    found: &'static str,
}

impl NotAnObject {
    /// The kind of JSON value that was given instead: `"null"`, `"a boolean"`, `"a number"`,
    /// `"a string"` or `"an array"`.
    pub fn found(&self) -> &'static str {
        self.found
    }
}

impl fmt::Display for NotAnObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a payload must be a JSON object, not {}", self.found)
    }
}

impl std::error::Error for NotAnObject {}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_are_payloads() {
        let payload = payload_from_json(json!({"n": 5, "f": 5.5})).unwrap();
        assert!(payload["n"].is_u64());
        assert_eq!(payload["f"], 5.5);
    }

    #[test]
    fn other_values_are_refused() {
        for (value, kind) in [
            (json!(null), "null"),
            (json!(true), "a boolean"),
            (json!(1), "a number"),
            (json!("x"), "a string"),
            (json!([1]), "an array"),
        ] {
            let err = payload_from_json(value).unwrap_err();
            assert_eq!(err.found(), kind);
            assert_eq!(
                err.to_string(),
                format!("a payload must be a JSON object, not {kind}")
            );
        }
    }
}
