//! The distance matrix (`POST /collections/{collection_name}/points/search/matrix/…`): a
//! sample of points, each with its nearest neighbours within the sample, as pairs or as a
//! sparse matrix in offsets form.

use serde::{Deserialize, Serialize};

use crate::common::{ReadConsistency, ShardKeySelector};
use crate::filter::Filter;
use crate::point_id::PointId;

/// Computes the distance matrix of a sample of points (body `SearchMatrixRequest`). Sent to
/// `…/search/matrix/pairs` (operation `search_matrix_pairs`), it is answered by
/// [`SearchMatrixPairsResponse`]; sent to `…/search/matrix/offsets` (operation
/// `search_matrix_offsets`), by [`SearchMatrixOffsetsResponse`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchMatrixPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to sample (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// Only points that match are sampled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// How many points to sample (at least 2); the server's default is 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<u64>,
    /// How many neighbours to find per sampled point; the server's default is 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// The name of the vector to compare; the unnamed vector when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
}

impl SearchMatrixPoints {
    /// A distance matrix request on `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        SearchMatrixPoints {
            collection_name: collection_name.into(),
            ..SearchMatrixPoints::default()
        }
    }
}

option_setters!(SearchMatrixPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to sample.
    shard_key: into ShardKeySelector,
    /// Samples only points that match.
    filter: into Filter,
    /// Sets how many points to sample.
    sample: u64,
    /// Sets how many neighbours to find per sampled point.
    limit: u64,
    /// Compares the vector with this name.
    using: into String,
});

from_collection_name!(SearchMatrixPoints);

/// The distance matrix as pairs: the answer to [`SearchMatrixPoints`] on
/// `…/search/matrix/pairs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchMatrixPairsResponse {
    /// Each sampled point with each of its neighbours.
    pub pairs: Vec<SearchMatrixPair>,
}

/// A sampled point `a`, one of its neighbours `b`, and their score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SearchMatrixPair {
    /// The sampled point.
    pub a: PointId,
    /// Its neighbour.
    pub b: PointId,
    /// Their score.
    pub score: f32,
}

/// The distance matrix as a sparse matrix in coordinate form: the answer to
/// [`SearchMatrixPoints`] on `…/search/matrix/offsets`. Entry `i` says that the point at
/// `ids[offsets_row[i]]` has the neighbour `ids[offsets_col[i]]` with score `scores[i]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchMatrixOffsetsResponse {
    /// The row of each entry, as an index into `ids`.
    pub offsets_row: Vec<u64>,
    /// The column of each entry, as an index into `ids`.
    pub offsets_col: Vec<u64>,
    /// The score of each entry.
    pub scores: Vec<f32>,
    /// The sampled points.
    pub ids: Vec<PointId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matrix_body_and_answers() {
        let request = SearchMatrixPoints::from("c").sample(150).limit(2);
        assert_eq!(
            crate::to_json(&request).unwrap(),
            json!({"sample": 150, "limit": 2})
        );
        let pairs: SearchMatrixPairsResponse =
            serde_json::from_value(json!({"pairs": [{"a": 1, "b": 7, "score": 0.5}]})).unwrap();
        assert_eq!(pairs.pairs[0].b, PointId::Num(7));
        let offsets: SearchMatrixOffsetsResponse = serde_json::from_value(json!({
            "offsets_row": [0], "offsets_col": [1], "scores": [0.5], "ids": [1, 7]
        }))
        .unwrap();
        assert_eq!(offsets.ids.len(), 2);
    }
}
