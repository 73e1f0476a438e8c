//! Payloads: the JSON object stored with each point.
//!
//! A payload must be a JSON object. Any `Serialize` type that serializes as one (a struct with
//! named fields, a map, `serde_json::json!({...})`) becomes a [`Payload`] through
//! [`to_payload`], and a payload read back from an answer becomes the caller's type through
//! [`from_payload`] or the `payload_as` method of the answer types
//! ([`Record::payload_as`](crate::Record::payload_as),
//! [`ScoredPoint::payload_as`](crate::ScoredPoint::payload_as)). Their failures are
//! [`PayloadError`]s, which name the Rust type and the field; `quadrant::Error` converts from
//! them, so `?` works in a function that returns `quadrant::Result`.
//!
//! ```
//! use quadrant_models::{from_payload, to_payload};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, PartialEq, Debug)]
//! struct Doc {
//!     title: String,
//!     year: u16,
//! }
//!
//! let doc = Doc { title: "Dune".into(), year: 1965 };
//! let payload = to_payload(&doc)?;
//! assert_eq!(payload["year"], 1965);
//! assert_eq!(from_payload::<Doc>(&payload)?, doc);
//!
//! // A payload must be an object; the error says what was given instead.
//! assert!(to_payload(&[1, 2, 3]).unwrap_err().to_string().contains("an array"));
//! # Ok::<(), quadrant_models::PayloadError>(())
//! ```

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
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

/// Turns any `Serialize` value that serializes as a JSON object into a [`Payload`]: a struct with
/// named fields, a map with string keys, or a `serde_json::Value` object.
///
/// # Errors
///
/// A [`PayloadError`] that names the type when `value` is not an object
/// ([`PayloadErrorKind::NotAnObject`]) or when serializing it fails, with the path of the field
/// that failed ([`PayloadErrorKind::Serialize`]; for example a map whose keys are not strings,
/// or a user `Serialize` impl that returns an error).
pub fn to_payload<T: Serialize + ?Sized>(value: &T) -> Result<Payload, PayloadError> {
    let serialized =
        serde_path_to_error::serialize(value, serde_json::value::Serializer).map_err(|error| {
            PayloadError {
                kind: PayloadErrorKind::Serialize,
                type_name: std::any::type_name::<T>(),
                path: field_path(error.path()),
                message: error.into_inner().to_string(),
            }
        })?;
    payload_from_json(serialized).map_err(|refused| PayloadError {
        kind: PayloadErrorKind::NotAnObject,
        type_name: std::any::type_name::<T>(),
        path: None,
        message: refused.to_string(),
    })
}

/// Reads a [`Payload`] into the caller's type `T`, as `serde_json::from_value` would, without
/// consuming the payload.
///
/// # Errors
///
/// A [`PayloadError`] of kind [`PayloadErrorKind::Deserialize`] that names `T`, the path of the
/// field that did not fit (for example `tags[2]`) and serde's own message (a missing field, a
/// string where a number was expected, ...).
pub fn from_payload<T: DeserializeOwned>(payload: &Payload) -> Result<T, PayloadError> {
    serde_path_to_error::deserialize::<_, T>(payload).map_err(|error| PayloadError {
        kind: PayloadErrorKind::Deserialize,
        type_name: std::any::type_name::<T>(),
        path: field_path(error.path()),
        message: error.into_inner().to_string(),
    })
}

/// Reads the payload of an answer's point into `T`; `None` (the answer carries no payload) is
/// an error that says to ask for one, since that is nearly always why.
pub(crate) fn optional_payload_as<T: DeserializeOwned>(
    payload: Option<&Payload>,
) -> Result<T, PayloadError> {
    match payload {
        Some(payload) => from_payload(payload),
        None => Err(PayloadError {
            kind: PayloadErrorKind::Missing,
            type_name: std::any::type_name::<T>(),
            path: None,
            message: "the point carries no payload: ask for it with `with_payload(true)` \
                      (or a selector that keeps the fields this type needs)"
                .to_owned(),
        }),
    }
}

/// The path of the failing field, as serde_path_to_error writes it, or `None` at the top level.
fn field_path(path: &serde_path_to_error::Path) -> Option<String> {
    let text = path.to_string();
    (text != ".").then_some(text)
}

/// What went wrong turning a Rust value into a payload or a payload into a Rust value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadErrorKind {
    /// The value serialized as something other than a JSON object (a sequence, a string, ...).
    NotAnObject,
    /// Serializing the value failed (for example a map whose keys are not strings).
    Serialize,
    /// The payload did not fit the type (a missing field, a value of another JSON type, ...).
    Deserialize,
    /// The answer carried no payload to read: it was not asked for.
    Missing,
}

/// The error of [`to_payload`], [`from_payload`] and the answers' `payload_as`: which Rust type,
/// which field, and what serde said.
///
/// `quadrant::Error` converts from it: a payload that cannot be built is an invalid argument,
/// one that cannot be read is a decode error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadError {
    kind: PayloadErrorKind,
    type_name: &'static str,
    path: Option<String>,
    message: String,
}

impl PayloadError {
    /// What went wrong.
    pub fn kind(&self) -> PayloadErrorKind {
        self.kind
    }

    /// The Rust type that was being written or read, as `std::any::type_name` spells it.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The path of the field that failed, such as `author.name` or `tags[2]`; `None` when the
    /// value as a whole failed.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Whether the error happened reading a payload (from an answer) rather than building one.
    pub fn is_reading(&self) -> bool {
        matches!(
            self.kind,
            PayloadErrorKind::Deserialize | PayloadErrorKind::Missing
        )
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = if self.is_reading() {
            "reading a payload as"
        } else {
            "using as a payload"
        };
        write!(f, "{action} `{}`", self.type_name)?;
        if let Some(path) = &self.path {
            write!(f, ", field `{path}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PayloadError {}

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

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Doc {
        title: String,
        year: u16,
        tags: Vec<String>,
    }

    fn doc() -> Doc {
        Doc {
            title: "Dune".into(),
            year: 1965,
            tags: vec!["sf".into(), "classic".into()],
        }
    }

    #[test]
    fn structs_maps_and_json_objects_are_payloads_and_read_back() {
        let payload = to_payload(&doc()).unwrap();
        assert_eq!(payload["title"], "Dune");
        assert_eq!(from_payload::<Doc>(&payload).unwrap(), doc());

        let map: std::collections::BTreeMap<&str, i64> = [("a", i64::MIN)].into();
        assert_eq!(to_payload(&map).unwrap()["a"], i64::MIN);
        assert_eq!(to_payload(&json!({"n": u64::MAX})).unwrap()["n"], u64::MAX);
    }

    #[test]
    fn a_value_that_is_not_an_object_names_its_type_and_what_it_is() {
        let error = to_payload(&vec![1, 2]).unwrap_err();
        assert_eq!(error.kind(), PayloadErrorKind::NotAnObject);
        assert!(error.type_name().contains("Vec<i32>"), "{error}");
        assert!(error.to_string().contains("not an array"), "{error}");
        assert!(!error.is_reading());
    }

    #[test]
    fn a_field_that_cannot_be_serialized_is_named() {
        #[derive(serde::Serialize)]
        struct Outer {
            inner: std::collections::HashMap<(u8, u8), u8>,
        }
        let outer = Outer {
            inner: [((1, 2), 3)].into(),
        };
        let error = to_payload(&outer).unwrap_err();
        assert_eq!(error.kind(), PayloadErrorKind::Serialize);
        assert_eq!(error.path(), Some("inner"), "{error}");
    }

    #[test]
    fn a_payload_that_does_not_fit_names_the_type_and_the_field() {
        let mut payload = to_payload(&doc()).unwrap();
        payload.insert("tags".into(), json!(["sf", 7]));
        let error = from_payload::<Doc>(&payload).unwrap_err();
        assert_eq!(error.kind(), PayloadErrorKind::Deserialize);
        assert_eq!(error.path(), Some("tags[1]"), "{error}");
        assert!(error.type_name().ends_with("Doc"), "{error}");
        assert!(error.is_reading());
        assert!(error.to_string().contains("field `tags[1]`"), "{error}");

        payload.insert("tags".into(), json!([]));
        payload.remove("year");
        let error = from_payload::<Doc>(&payload).unwrap_err();
        assert!(error.to_string().contains("year"), "{error}");
    }

    #[test]
    fn no_payload_says_to_ask_for_one() {
        let error = optional_payload_as::<Doc>(None).unwrap_err();
        assert_eq!(error.kind(), PayloadErrorKind::Missing);
        assert!(error.to_string().contains("with_payload"), "{error}");
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
