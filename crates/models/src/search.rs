//! The classic search, recommend and discover operations, single, batched and grouped.
//!
//! The universal query API ([`crate::QueryPoints`]) does all of this and more; these remain
//! for servers and code that use the older endpoints.

use serde::{Deserialize, Serialize};

use crate::common::{ReadConsistency, ShardKeySelector, WithPayloadInterface, WithVector};
use crate::filter::Filter;
use crate::groups::WithLookupInterface;
use crate::point_id::PointId;
use crate::query::{LookupLocation, RecommendStrategy, SearchParams};
use crate::vectors::SparseVector;

/// The query vector of a search: the unnamed dense vector, or a named dense or sparse one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NamedVectorStruct {
    /// A vector for the unnamed dense vector.
    Default(Vec<f32>),
    /// A vector for the dense vector with this name.
    Dense(NamedVector),
    /// A vector for the sparse vector with this name.
    Sparse(NamedSparseVector),
}

impl From<Vec<f32>> for NamedVectorStruct {
    fn from(vector: Vec<f32>) -> Self {
        NamedVectorStruct::Default(vector)
    }
}

impl From<&[f32]> for NamedVectorStruct {
    fn from(vector: &[f32]) -> Self {
        NamedVectorStruct::Default(vector.to_vec())
    }
}

impl From<NamedVector> for NamedVectorStruct {
    fn from(vector: NamedVector) -> Self {
        NamedVectorStruct::Dense(vector)
    }
}

impl From<NamedSparseVector> for NamedVectorStruct {
    fn from(vector: NamedSparseVector) -> Self {
        NamedVectorStruct::Sparse(vector)
    }
}

/// A dense vector with the name of the collection vector it is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedVector {
    /// The vector's name.
    pub name: String,
    /// The vector.
    pub vector: Vec<f32>,
}

impl NamedVector {
    /// The dense vector `vector` for the collection vector `name`.
    pub fn new(name: impl Into<String>, vector: Vec<f32>) -> Self {
        NamedVector {
            name: name.into(),
            vector,
        }
    }
}

/// A sparse vector with the name of the collection vector it is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedSparseVector {
    /// The vector's name.
    pub name: String,
    /// The vector.
    pub vector: SparseVector,
}

impl NamedSparseVector {
    /// The sparse vector `vector` for the collection vector `name`.
    pub fn new(name: impl Into<String>, vector: SparseVector) -> Self {
        NamedSparseVector {
            name: name.into(),
            vector,
        }
    }
}

/// An example for recommend and discover: a stored point's id, or a vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RecommendExample {
    /// The vector of this stored point.
    Id(PointId),
    /// A dense vector.
    Dense(Vec<f32>),
    /// A sparse vector.
    Sparse(SparseVector),
}

impl From<PointId> for RecommendExample {
    fn from(id: PointId) -> Self {
        RecommendExample::Id(id)
    }
}

impl From<u64> for RecommendExample {
    fn from(id: u64) -> Self {
        RecommendExample::Id(PointId::Num(id))
    }
}

impl From<uuid::Uuid> for RecommendExample {
    fn from(id: uuid::Uuid) -> Self {
        RecommendExample::Id(PointId::Uuid(id))
    }
}

impl From<Vec<f32>> for RecommendExample {
    fn from(vector: Vec<f32>) -> Self {
        RecommendExample::Dense(vector)
    }
}

impl From<&[f32]> for RecommendExample {
    fn from(vector: &[f32]) -> Self {
        RecommendExample::Dense(vector.to_vec())
    }
}

impl From<SparseVector> for RecommendExample {
    fn from(vector: SparseVector) -> Self {
        RecommendExample::Sparse(vector)
    }
}

/// A positive and a negative example that split the space in two, for discovery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextExamplePair {
    /// The preferred side.
    pub positive: RecommendExample,
    /// The avoided side.
    pub negative: RecommendExample,
}

impl ContextExamplePair {
    /// A pair preferring `positive` over `negative`.
    pub fn new(
        positive: impl Into<RecommendExample>,
        negative: impl Into<RecommendExample>,
    ) -> Self {
        ContextExamplePair {
            positive: positive.into(),
            negative: negative.into(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Search

/// Finds the points nearest to a vector (`POST /collections/{collection_name}/points/search`,
/// body `SearchRequest`); answered by a list of [`crate::ScoredPoint`]s, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to search (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// The query vector, and which collection vector it is for.
    pub vector: NamedVectorStruct,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// The most points to return.
    pub limit: u64,
    /// Results to skip before the first returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Which payload to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// Points scoring worse than this are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f32>,
}

impl SearchPoints {
    /// A search of `collection_name` for the `limit` points nearest to `vector` (a dense
    /// vector, or a [`NamedVector`] or [`NamedSparseVector`]).
    pub fn new(
        collection_name: impl Into<String>,
        vector: impl Into<NamedVectorStruct>,
        limit: u64,
    ) -> Self {
        SearchPoints {
            collection_name: collection_name.into(),
            consistency: None,
            timeout: None,
            shard_key: None,
            vector: vector.into(),
            filter: None,
            params: None,
            limit,
            offset: None,
            with_payload: None,
            with_vector: None,
            score_threshold: None,
        }
    }
}

option_setters!(SearchPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to search.
    shard_key: into ShardKeySelector,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Skips this many results.
    offset: u64,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Leaves out points scoring worse than this.
    score_threshold: f32,
});

/// Runs several searches at once (`POST /collections/{collection_name}/points/search/batch`,
/// body `SearchRequestBatch`); answered by one list of [`crate::ScoredPoint`]s per search.
///
/// Only the body of each search is sent; the batch's collection and query parameters apply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchBatchPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The searches.
    pub searches: Vec<SearchPoints>,
}

impl SearchBatchPoints {
    /// A batch of `searches` on `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        searches: impl IntoIterator<Item = SearchPoints>,
    ) -> Self {
        SearchBatchPoints {
            collection_name: collection_name.into(),
            consistency: None,
            timeout: None,
            searches: searches.into_iter().collect(),
        }
    }
}

option_setters!(SearchBatchPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// Searches and groups the results by a payload field
/// (`POST /collections/{collection_name}/points/search/groups`, body `SearchGroupsRequest`);
/// answered by [`crate::GroupsResult`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchPointGroups {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to search (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// The query vector, and which collection vector it is for.
    pub vector: NamedVectorStruct,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// Which payload to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// Points scoring worse than this are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f32>,
    /// The payload field to group by (a string or integer field; a point with several
    /// values is in several groups).
    pub group_by: String,
    /// The most points per group.
    pub group_size: u32,
    /// The most groups to return.
    pub limit: u32,
    /// Looks up one record per group in another collection, by group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_lookup: Option<WithLookupInterface>,
}

impl SearchPointGroups {
    /// A search of `collection_name` near `vector`, returning up to `limit` groups of up to
    /// `group_size` points that share a value of `group_by`.
    pub fn new(
        collection_name: impl Into<String>,
        vector: impl Into<NamedVectorStruct>,
        group_by: impl Into<String>,
        group_size: u32,
        limit: u32,
    ) -> Self {
        SearchPointGroups {
            collection_name: collection_name.into(),
            consistency: None,
            timeout: None,
            shard_key: None,
            vector: vector.into(),
            filter: None,
            params: None,
            with_payload: None,
            with_vector: None,
            score_threshold: None,
            group_by: group_by.into(),
            group_size,
            limit,
            with_lookup: None,
        }
    }
}

option_setters!(SearchPointGroups {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to search.
    shard_key: into ShardKeySelector,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Leaves out points scoring worse than this.
    score_threshold: f32,
    /// Looks up one record per group (a collection name, or a [`crate::WithLookup`]).
    with_lookup: into WithLookupInterface,
});

// ---------------------------------------------------------------------------------------------
// Recommend

/// Finds points like the positive examples and unlike the negative ones
/// (`POST /collections/{collection_name}/points/recommend`, body `RecommendRequest`); answered
/// by a list of [`crate::ScoredPoint`]s, best first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecommendPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to search (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// Results should be like these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positive: Option<Vec<RecommendExample>>,
    /// Results should be unlike these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative: Option<Vec<RecommendExample>>,
    /// How the examples are combined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<RecommendStrategy>,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// The most points to return.
    pub limit: u64,
    /// Results to skip before the first returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Which payload to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// Points scoring worse than this are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f32>,
    /// The name of the vector to compare; the unnamed vector when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// Another collection to read examples given by id from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_from: Option<LookupLocation>,
}

impl RecommendPoints {
    /// A recommendation of up to `limit` points of `collection_name`; set examples with
    /// [`RecommendPoints::positive`] and [`RecommendPoints::negative`].
    pub fn new(collection_name: impl Into<String>, limit: u64) -> Self {
        RecommendPoints {
            collection_name: collection_name.into(),
            limit,
            ..RecommendPoints::default()
        }
    }
}

option_setters!(RecommendPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to search.
    shard_key: into ShardKeySelector,
    /// Sets how the examples are combined.
    strategy: RecommendStrategy,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Skips this many results.
    offset: u64,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Leaves out points scoring worse than this.
    score_threshold: f32,
    /// Compares the vector with this name.
    using: into String,
    /// Reads examples given by id from another collection.
    lookup_from: LookupLocation,
});

/// Runs several recommendations at once
/// (`POST /collections/{collection_name}/points/recommend/batch`, body
/// `RecommendRequestBatch`); answered by one list of [`crate::ScoredPoint`]s per
/// recommendation.
///
/// Only the body of each recommendation is sent; the batch's collection and query parameters
/// apply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecommendBatchPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The recommendations.
    pub searches: Vec<RecommendPoints>,
}

impl RecommendBatchPoints {
    /// A batch of `searches` on `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        searches: impl IntoIterator<Item = RecommendPoints>,
    ) -> Self {
        RecommendBatchPoints {
            collection_name: collection_name.into(),
            consistency: None,
            timeout: None,
            searches: searches.into_iter().collect(),
        }
    }
}

option_setters!(RecommendBatchPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// Recommends and groups the results by a payload field
/// (`POST /collections/{collection_name}/points/recommend/groups`, body
/// `RecommendGroupsRequest`); answered by [`crate::GroupsResult`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecommendPointGroups {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to search (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// Results should be like these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positive: Option<Vec<RecommendExample>>,
    /// Results should be unlike these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative: Option<Vec<RecommendExample>>,
    /// How the examples are combined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<RecommendStrategy>,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// Which payload to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// Points scoring worse than this are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f32>,
    /// The name of the vector to compare; the unnamed vector when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// Another collection to read examples given by id from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_from: Option<LookupLocation>,
    /// The payload field to group by.
    pub group_by: String,
    /// The most points per group.
    pub group_size: u32,
    /// The most groups to return.
    pub limit: u32,
    /// Looks up one record per group in another collection, by group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_lookup: Option<WithLookupInterface>,
}

impl RecommendPointGroups {
    /// A recommendation on `collection_name`, returning up to `limit` groups of up to
    /// `group_size` points that share a value of `group_by`.
    pub fn new(
        collection_name: impl Into<String>,
        group_by: impl Into<String>,
        group_size: u32,
        limit: u32,
    ) -> Self {
        RecommendPointGroups {
            collection_name: collection_name.into(),
            group_by: group_by.into(),
            group_size,
            limit,
            ..RecommendPointGroups::default()
        }
    }
}

option_setters!(RecommendPointGroups {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to search.
    shard_key: into ShardKeySelector,
    /// Sets how the examples are combined.
    strategy: RecommendStrategy,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Leaves out points scoring worse than this.
    score_threshold: f32,
    /// Compares the vector with this name.
    using: into String,
    /// Reads examples given by id from another collection.
    lookup_from: LookupLocation,
    /// Looks up one record per group (a collection name, or a [`crate::WithLookup`]).
    with_lookup: into WithLookupInterface,
});

/// Writes the `positive` and `negative` example setters of recommend requests.
macro_rules! example_setters {
    ($($ty:ty),* $(,)?) => {
        $(
            impl $ty {
                /// Sets the positive examples: point ids or vectors.
                #[must_use]
                pub fn positive(
                    mut self,
                    examples: impl IntoIterator<Item = impl Into<RecommendExample>>,
                ) -> Self {
                    self.positive = Some(examples.into_iter().map(Into::into).collect());
                    self
                }

                /// Sets the negative examples: point ids or vectors.
                #[must_use]
                pub fn negative(
                    mut self,
                    examples: impl IntoIterator<Item = impl Into<RecommendExample>>,
                ) -> Self {
                    self.negative = Some(examples.into_iter().map(Into::into).collect());
                    self
                }
            }
        )*
    };
}

example_setters!(RecommendPoints, RecommendPointGroups);

// ---------------------------------------------------------------------------------------------
// Discover

/// Finds points near a target within the space allowed by context pairs, or, without a
/// target, the points that best satisfy the context
/// (`POST /collections/{collection_name}/points/discover`, body `DiscoverRequest`); answered
/// by a list of [`crate::ScoredPoint`]s, best first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DiscoverPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shards to search (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
    /// The example to get close to; without one, this is a context search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<RecommendExample>,
    /// Pairs that split the space into preferred and avoided halves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Vec<ContextExamplePair>>,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// The most points to return.
    pub limit: u64,
    /// Results to skip before the first returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Which payload to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// The name of the vector to compare; the unnamed vector when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// Another collection to read examples given by id from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_from: Option<LookupLocation>,
}

impl DiscoverPoints {
    /// A discovery of up to `limit` points of `collection_name`; set the target and context
    /// with [`DiscoverPoints::target`] and [`DiscoverPoints::context`].
    pub fn new(collection_name: impl Into<String>, limit: u64) -> Self {
        DiscoverPoints {
            collection_name: collection_name.into(),
            limit,
            ..DiscoverPoints::default()
        }
    }

    /// Sets the context pairs.
    #[must_use]
    pub fn context(mut self, pairs: impl IntoIterator<Item = ContextExamplePair>) -> Self {
        self.context = Some(pairs.into_iter().collect());
        self
    }
}

option_setters!(DiscoverPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to search.
    shard_key: into ShardKeySelector,
    /// Sets the target: a point id or a vector.
    target: into RecommendExample,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Skips this many results.
    offset: u64,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Compares the vector with this name.
    using: into String,
    /// Reads examples given by id from another collection.
    lookup_from: LookupLocation,
});

/// Runs several discoveries at once (`POST /collections/{collection_name}/points/discover/batch`,
/// body `DiscoverRequestBatch`); answered by one list of [`crate::ScoredPoint`]s per
/// discovery.
///
/// Only the body of each discovery is sent; the batch's collection and query parameters apply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DiscoverBatchPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The discoveries.
    pub searches: Vec<DiscoverPoints>,
}

impl DiscoverBatchPoints {
    /// A batch of `searches` on `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        searches: impl IntoIterator<Item = DiscoverPoints>,
    ) -> Self {
        DiscoverBatchPoints {
            collection_name: collection_name.into(),
            consistency: None,
            timeout: None,
            searches: searches.into_iter().collect(),
        }
    }
}

option_setters!(DiscoverBatchPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn named_vector_forms() {
        let plain: NamedVectorStruct = serde_json::from_value(json!([0.5, 0.25])).unwrap();
        assert_eq!(plain, vec![0.5_f32, 0.25].into());
        let dense: NamedVectorStruct =
            serde_json::from_value(json!({"name": "image", "vector": [0.5]})).unwrap();
        assert!(matches!(dense, NamedVectorStruct::Dense(_)));
        let sparse: NamedVectorStruct = serde_json::from_value(
            json!({"name": "keywords", "vector": {"indices": [1], "values": [0.5]}}),
        )
        .unwrap();
        assert!(matches!(sparse, NamedVectorStruct::Sparse(_)));
    }

    #[test]
    fn search_body() {
        let request = SearchPoints::new("c", NamedVector::new("image", vec![0.5]), 3)
            .with_payload(true)
            .score_threshold(0.25);
        assert_eq!(
            crate::to_json(&request).unwrap(),
            json!({"vector": {"name": "image", "vector": [0.5]}, "limit": 3,
                   "with_payload": true, "score_threshold": 0.25})
        );
        let batch = SearchBatchPoints::new("c", [request.clone()]).timeout(5);
        assert_eq!(batch.timeout, Some(5));
        assert_eq!(
            crate::to_json(&batch).unwrap()["searches"][0],
            crate::to_json(&request).unwrap()
        );
    }

    #[test]
    fn recommend_and_discover_bodies() {
        let recommend = RecommendPoints::new("c", 3)
            .positive([RecommendExample::from(1), vec![0.5_f32, 0.25].into()])
            .negative([3_u64])
            .strategy(RecommendStrategy::BestScore);
        assert_eq!(
            crate::to_json(&recommend).unwrap(),
            json!({"positive": [1, [0.5, 0.25]], "negative": [3], "strategy": "best_score",
                   "limit": 3})
        );
        let groups = RecommendPointGroups::new("c", "city", 2, 4).positive([7_u64]);
        assert_eq!(
            crate::to_json(&groups).unwrap(),
            json!({"positive": [7], "group_by": "city", "group_size": 2, "limit": 4})
        );
        let discover = DiscoverPoints::new("c", 3)
            .target(8_u64)
            .context([ContextExamplePair::new(9_u64, 10_u64)]);
        assert_eq!(
            crate::to_json(&discover).unwrap(),
            json!({"target": 8, "context": [{"positive": 9, "negative": 10}], "limit": 3})
        );
    }
}
