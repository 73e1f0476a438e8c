//! Grouped results: points grouped by a payload field, as answered by the `…/groups`
//! operations of search, recommend and the universal query, with optional lookups of a
//! record per group in another collection.

use serde::{Deserialize, Serialize};

use crate::common::{WithPayloadInterface, WithVector};
use crate::points::{Record, ScoredPoint};

/// The answer to a `…/groups` operation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroupsResult {
    /// The groups, best first.
    pub groups: Vec<PointGroup>,
}

/// The points that share one value of the `group_by` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointGroup {
    /// The points of the group, best first.
    pub hits: Vec<ScoredPoint>,
    /// The value of the `group_by` field.
    pub id: GroupId,
    /// The record found in the lookup collection under the group id, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<Record>,
}

/// The value of the `group_by` field that a group's points share.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GroupId {
    /// A string value.
    String(String),
    /// A non-negative integer value.
    Unsigned(u64),
    /// A negative integer value.
    Integer(i64),
}

/// Where to look up one record per group: a collection name, or a [`WithLookup`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WithLookupInterface {
    /// The collection, returning the whole payload and no vectors.
    Collection(String),
    /// The collection and what to return.
    WithLookup(WithLookup),
}

impl From<&str> for WithLookupInterface {
    fn from(collection: &str) -> Self {
        WithLookupInterface::Collection(collection.to_owned())
    }
}

impl From<String> for WithLookupInterface {
    fn from(collection: String) -> Self {
        WithLookupInterface::Collection(collection)
    }
}

impl From<WithLookup> for WithLookupInterface {
    fn from(lookup: WithLookup) -> Self {
        WithLookupInterface::WithLookup(lookup)
    }
}

/// A collection whose points, looked up by group id, are returned with each group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithLookup {
    /// The collection to look up.
    pub collection: String,
    /// Which payload to return; the server's default is all of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vectors: Option<WithVector>,
}

impl WithLookup {
    /// A lookup in `collection`.
    pub fn new(collection: impl Into<String>) -> Self {
        WithLookup {
            collection: collection.into(),
            with_payload: None,
            with_vectors: None,
        }
    }
}

option_setters!(WithLookup {
    /// Sets which payload to return.
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return.
    with_vectors: into WithVector,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn group_ids() {
        let ids: Vec<GroupId> = serde_json::from_value(json!(["Lima", 8, -3])).unwrap();
        assert_eq!(
            ids,
            [
                GroupId::String("Lima".into()),
                GroupId::Unsigned(8),
                GroupId::Integer(-3)
            ]
        );
    }

    #[test]
    fn lookup_forms() {
        let short: WithLookupInterface = serde_json::from_value(json!("other")).unwrap();
        assert_eq!(short, "other".into());
        let full = WithLookupInterface::from(WithLookup::new("other").with_payload(true));
        assert_eq!(
            crate::to_json(&full).unwrap(),
            json!({"collection": "other", "with_payload": true})
        );
    }
}
