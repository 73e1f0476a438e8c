//! Point ids: Qdrant identifies a point by an unsigned integer or by a UUID.
//!
//! REST calls this `ExtendedPointId`; on the wire it is a JSON number or a UUID string.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The id of a point: an unsigned integer or a UUID (REST `ExtendedPointId`).
///
/// Integers order before UUIDs, as in Qdrant's scroll order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PointId {
    /// An unsigned integer id, written as a JSON number.
    Num(u64),
    /// A UUID id, written as a hyphenated UUID string.
    Uuid(Uuid),
}

impl From<u64> for PointId {
    fn from(id: u64) -> Self {
        PointId::Num(id)
    }
}

impl From<Uuid> for PointId {
    fn from(id: Uuid) -> Self {
        PointId::Uuid(id)
    }
}

impl fmt::Display for PointId {
    /// Writes the integer in decimal, or the UUID in its hyphenated form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PointId::Num(id) => write!(f, "{id}"),
            PointId::Uuid(id) => write!(f, "{id}"),
        }
    }
}

impl FromStr for PointId {
    type Err = ParsePointIdError;

    /// Parses ASCII digits as an integer id, and anything else as a UUID.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || ParsePointIdError {
            input: s.to_owned(),
        };
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u64>().map(PointId::Num).map_err(|_| error())
        } else {
            Uuid::parse_str(s).map(PointId::Uuid).map_err(|_| error())
        }
    }
}

/// The error of parsing a [`PointId`] from text that is neither a `u64` nor a UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsePointIdError {
    input: String,
}

impl ParsePointIdError {
    /// The text that failed to parse.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParsePointIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid point id {:?}: expected an unsigned 64-bit integer or a UUID",
            self.input
        )
    }
}

impl std::error::Error for ParsePointIdError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_numbers_and_uuids() {
        let ids: Vec<PointId> =
            serde_json::from_value(json!([1, "5c56c793-69f3-4fbf-87e6-c4bf54c28c26"])).unwrap();
        assert_eq!(ids[0], PointId::Num(1));
        assert!(matches!(ids[1], PointId::Uuid(_)));
        assert_eq!(
            crate::to_json(&ids).unwrap(),
            json!([1, "5c56c793-69f3-4fbf-87e6-c4bf54c28c26"])
        );
    }

    #[test]
    fn rejects_other_json() {
        assert!(serde_json::from_value::<PointId>(json!("not-a-uuid")).is_err());
        assert!(serde_json::from_value::<PointId>(json!(-1)).is_err());
        assert!(serde_json::from_value::<PointId>(json!(1.5)).is_err());
    }

    #[test]
    fn parses_from_str() {
        assert_eq!("42".parse::<PointId>().unwrap(), PointId::Num(42));
        let uuid = "00000000-0000-0008-0000-000000000065";
        assert_eq!(uuid.parse::<PointId>().unwrap().to_string(), uuid);
        assert_eq!(PointId::Num(7).to_string(), "7");
    }

    #[test]
    fn parse_errors_name_the_input() {
        for bad in ["", "-1", "12a", "18446744073709551616", "not-a-uuid", " 1"] {
            let err = bad.parse::<PointId>().unwrap_err();
            assert_eq!(err.input(), bad);
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }
}
