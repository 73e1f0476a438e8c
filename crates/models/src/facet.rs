//! Facets (`POST /collections/{collection_name}/facet`): the distinct values of a payload
//! field, with how many points hold each.

use serde::{Deserialize, Serialize};

use crate::common::{ReadConsistency, ShardKeySelector};
use crate::filter::Filter;

/// Counts the points per value of a payload field (`POST /collections/{collection_name}/facet`,
/// body `FacetRequest`); answered by [`FacetResponse`]. The field needs an index that
/// supports exact matches.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FacetCounts {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to count in (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// The payload key whose values to count.
    pub key: String,
    /// The most values to return; the server's default is 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Only points that match are counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Whether to count exactly rather than estimate (the server's default is to estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
}

impl FacetCounts {
    /// A request for the values of the payload field `key` in `collection_name`.
    pub fn new(collection_name: impl Into<String>, key: impl Into<String>) -> Self {
        FacetCounts {
            collection_name: collection_name.into(),
            key: key.into(),
            ..FacetCounts::default()
        }
    }
}

option_setters!(FacetCounts {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to count in.
    shard_key: into ShardKeySelector,
    /// Sets the most values to return.
    limit: u64,
    /// Counts only points that match.
    filter: into Filter,
    /// Sets whether to count exactly.
    exact: bool,
});

/// The answer to [`FacetCounts`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FacetResponse {
    /// The values with their counts, most frequent first.
    pub hits: Vec<FacetValueHit>,
}

/// One value of a faceted field, with the number of points that hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValueHit {
    /// The value.
    pub value: FacetValue,
    /// The number of points that hold it.
    pub count: u64,
}

/// A value of a faceted field: a string (keywords and UUIDs), an integer or a boolean.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FacetValue {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Bool(bool),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn facet_body_and_values() {
        let request = FacetCounts::new("c", "city").limit(5).exact(true);
        assert_eq!(
            crate::to_json(&request).unwrap(),
            json!({"key": "city", "limit": 5, "exact": true})
        );
        let response: FacetResponse = serde_json::from_value(json!({"hits": [
            {"value": "Berlin", "count": 2}, {"value": -1, "count": 1}, {"value": true, "count": 3}
        ]}))
        .unwrap();
        assert_eq!(response.hits[0].value, FacetValue::String("Berlin".into()));
        assert_eq!(response.hits[1].value, FacetValue::Integer(-1));
        assert_eq!(response.hits[2].value, FacetValue::Bool(true));
    }
}
