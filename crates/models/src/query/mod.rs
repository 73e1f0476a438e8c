//! The universal query API (`POST /collections/{collection_name}/points/query`): nearest
//! neighbours, recommend, discover, context, fusion, formulas, sampling and prefetches.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{
    ReadConsistency, ShardKeySelector, WithPayloadInterface, WithVector, one_or_many,
};
use crate::filter::{Condition, Filter, GeoPoint};
use crate::groups::WithLookupInterface;
use crate::point_id::PointId;
use crate::points::{OrderBy, OrderByInterface, ScoredPoint};
use crate::vectors::{Document, Image, InferenceObject, SparseVector, VectorInput};

mod formula;
mod params;

pub use formula::*;
pub use params::*;

/// Searches and ranks points (`POST /collections/{collection_name}/points/query`, body
/// `QueryRequest`); answered by [`QueryResponse`].
///
/// ```
/// use quadrant_models::QueryPoints;
///
/// let request = QueryPoints::new("my_collection").query(vec![0.9, 0.1, 0.1, 0.5]).limit(2);
/// assert_eq!(
///     serde_json::to_string(&request).unwrap(),
///     r#"{"query":{"nearest":[0.9,0.1,0.1,0.5]},"limit":2}"#,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QueryPoints {
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
    /// Sub-queries whose results this query re-ranks (one or a list in REST; written as a
    /// list).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub prefetch: Option<Vec<Prefetch>>,
    /// The query; without one, points come in id order (or prefetch order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<QueryInterface>,
    /// The name of the vector to search; the unnamed vector when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// Points scoring worse than this are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f32>,
    /// The most points to return; the server's default is 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Results to skip before the first returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// Which payload to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Another collection to take query vectors from, for queries by point id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_from: Option<LookupLocation>,
}

impl QueryPoints {
    /// A query on `collection_name`; set the query with [`QueryPoints::query`].
    pub fn new(collection_name: impl Into<String>) -> Self {
        QueryPoints {
            collection_name: collection_name.into(),
            ..QueryPoints::default()
        }
    }

    /// Sets the prefetches: one [`Prefetch`], or any list of them.
    #[must_use]
    pub fn prefetch(mut self, prefetch: impl IntoIterator<Item = Prefetch>) -> Self {
        self.prefetch = Some(prefetch.into_iter().collect());
        self
    }
}

option_setters!(QueryPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to search.
    shard_key: into ShardKeySelector,
    /// Sets the query: a vector or point id (nearest neighbours), or any [`Query`].
    query: into QueryInterface,
    /// Searches the vector with this name.
    using: into String,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Leaves out points scoring worse than this.
    score_threshold: f32,
    /// Sets the most points to return.
    limit: u64,
    /// Skips this many results.
    offset: u64,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Takes query vectors from another collection.
    lookup_from: LookupLocation,
});

/// A sub-query whose results an outer query re-ranks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Prefetch {
    /// Sub-queries of this one (one or a list in REST; written as a list).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub prefetch: Option<Vec<Prefetch>>,
    /// The query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<QueryInterface>,
    /// The name of the vector to search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// Points scoring worse than this are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f32>,
    /// The most points to pass on; the server's default is 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Another collection to take query vectors from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_from: Option<LookupLocation>,
}

impl Prefetch {
    /// A prefetch running `query`.
    pub fn new(query: impl Into<QueryInterface>) -> Self {
        Prefetch {
            query: Some(query.into()),
            ..Prefetch::default()
        }
    }

    /// Sets the sub-prefetches: one [`Prefetch`], or any list of them.
    #[must_use]
    pub fn prefetch(mut self, prefetch: impl IntoIterator<Item = Prefetch>) -> Self {
        self.prefetch = Some(prefetch.into_iter().collect());
        self
    }
}

impl IntoIterator for Prefetch {
    type Item = Prefetch;
    type IntoIter = std::iter::Once<Prefetch>;

    /// One prefetch is a list of one, so `.prefetch(p)` and `.prefetch([p, q])` both work.
    fn into_iter(self) -> Self::IntoIter {
        std::iter::once(self)
    }
}

option_setters!(Prefetch {
    /// Sets the query.
    query: into QueryInterface,
    /// Searches the vector with this name.
    using: into String,
    /// Passes on only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Leaves out points scoring worse than this.
    score_threshold: f32,
    /// Sets the most points to pass on.
    limit: u64,
    /// Takes query vectors from another collection.
    lookup_from: LookupLocation,
});

/// The answer to [`QueryPoints`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QueryResponse {
    /// The points found, best first.
    pub points: Vec<ScoredPoint>,
}

/// Runs several universal queries at once
/// (`POST /collections/{collection_name}/points/query/batch`, body `QueryRequestBatch`);
/// answered by one [`QueryResponse`] per query.
///
/// Only the body of each query is sent; the batch's collection and query parameters apply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QueryBatchPoints {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How many replicas must answer (query).
    #[serde(skip)]
    pub consistency: Option<ReadConsistency>,
    /// How long the server may take, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The queries.
    pub searches: Vec<QueryPoints>,
}

impl QueryBatchPoints {
    /// A batch of `searches` on `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        searches: impl IntoIterator<Item = QueryPoints>,
    ) -> Self {
        QueryBatchPoints {
            collection_name: collection_name.into(),
            consistency: None,
            timeout: None,
            searches: searches.into_iter().collect(),
        }
    }
}

option_setters!(QueryBatchPoints {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// Runs a universal query and groups the results by a payload field
/// (`POST /collections/{collection_name}/points/query/groups`, body `QueryGroupsRequest`);
/// answered by [`crate::GroupsResult`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QueryPointGroups {
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
    /// Sub-queries whose results this query re-ranks (one or a list in REST; written as a
    /// list).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub prefetch: Option<Vec<Prefetch>>,
    /// The query; without one, points come in id order (or prefetch order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<QueryInterface>,
    /// The name of the vector to search; the unnamed vector when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// Only points that match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Search settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SearchParams>,
    /// Points scoring worse than this are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f32>,
    /// Which vectors to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_vector: Option<WithVector>,
    /// Which payload to return; the server's default is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_payload: Option<WithPayloadInterface>,
    /// Another collection to take query vectors from, for queries by point id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_from: Option<LookupLocation>,
    /// The payload field to group by (a string or integer field; a point with several
    /// values is in several groups).
    pub group_by: String,
    /// The most points per group; the server's default is 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_size: Option<u64>,
    /// The most groups to return; the server's default is 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Looks up one record per group in another collection, by group id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_lookup: Option<WithLookupInterface>,
}

impl QueryPointGroups {
    /// A query on `collection_name` whose results are grouped by the payload field
    /// `group_by`; set the query with [`QueryPointGroups::query`].
    pub fn new(collection_name: impl Into<String>, group_by: impl Into<String>) -> Self {
        QueryPointGroups {
            collection_name: collection_name.into(),
            group_by: group_by.into(),
            ..QueryPointGroups::default()
        }
    }

    /// Sets the prefetches: one [`Prefetch`], or any list of them.
    #[must_use]
    pub fn prefetch(mut self, prefetch: impl IntoIterator<Item = Prefetch>) -> Self {
        self.prefetch = Some(prefetch.into_iter().collect());
        self
    }
}

option_setters!(QueryPointGroups {
    /// Sets how many replicas must answer.
    consistency: into ReadConsistency,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the shards to search.
    shard_key: into ShardKeySelector,
    /// Sets the query: a vector or point id (nearest neighbours), or any [`Query`].
    query: into QueryInterface,
    /// Searches the vector with this name.
    using: into String,
    /// Returns only points that match.
    filter: into Filter,
    /// Sets search settings.
    params: SearchParams,
    /// Leaves out points scoring worse than this.
    score_threshold: f32,
    /// Sets which vectors to return (`true`, or a list of names).
    with_vector: into WithVector,
    /// Sets which payload to return (`true`, a list of keys, or a selector).
    with_payload: into WithPayloadInterface,
    /// Takes query vectors from another collection.
    lookup_from: LookupLocation,
    /// Sets the most points per group.
    group_size: u64,
    /// Sets the most groups to return.
    limit: u64,
    /// Looks up one record per group (a collection name, or a [`crate::WithLookup`]).
    with_lookup: into WithLookupInterface,
});

/// What to search for: a bare vector or point id (nearest neighbours), or a [`Query`].
///
/// Conversions from vectors and ids produce the `{"nearest": …}` form that the official
/// clients send; a bare vector read from JSON stays bare when written back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(
    clippy::large_enum_variant,
    reason = "a request is built once and sent; boxing would make it clumsier to build and match"
)]
pub enum QueryInterface {
    /// Nearest neighbours of this vector, in the short form.
    Nearest(VectorInput),
    /// Any query.
    Query(Query),
}

impl From<Query> for QueryInterface {
    fn from(query: Query) -> Self {
        QueryInterface::Query(query)
    }
}

/// Writes `From<$input> for QueryInterface`, as a nearest-neighbours query. Listed one by one
/// rather than as a blanket impl, so that `vec![0.9, 0.1]` infers `f32`.
macro_rules! nearest_from {
    ($($input:ty),* $(,)?) => {
        $(
            impl From<$input> for QueryInterface {
                fn from(vector: $input) -> Self {
                    QueryInterface::Query(Query::Nearest(NearestQuery::new(vector)))
                }
            }
        )*
    };
}

nearest_from!(
    VectorInput,
    Vec<f32>,
    &[f32],
    Vec<Vec<f32>>,
    SparseVector,
    PointId,
    u64,
    uuid::Uuid,
    Document,
    Image,
    InferenceObject,
);

/// A nearest-neighbours query by a sparse vector given as `(index, value)` pairs:
/// `Prefetch::new([(1, 0.5), (7, 0.2)]).using("sparse")`.
impl<const N: usize> From<[(u32, f32); N]> for QueryInterface {
    fn from(pairs: [(u32, f32); N]) -> Self {
        SparseVector::from(pairs).into()
    }
}

/// A query: what scores the points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "a request is built once and sent; boxing would make it clumsier to build and match"
)]
pub enum Query {
    /// Nearest neighbours of a vector.
    Nearest(NearestQuery),
    /// Close to positive examples, far from negative ones.
    Recommend(RecommendQuery),
    /// Close to a target, within the space allowed by context pairs.
    Discover(DiscoverQuery),
    /// Within the space allowed by context pairs, without a target.
    Context(ContextQuery),
    /// Ordered by a payload field.
    OrderBy(OrderByQuery),
    /// Prefetch results fused by rank or by score.
    Fusion(FusionQuery),
    /// Prefetch results fused by reciprocal rank, with parameters.
    Rrf(RrfQuery),
    /// Scored by a formula over prefetch scores and payload.
    Formula(FormulaQuery),
    /// A sample of points.
    Sample(SampleQuery),
    /// Re-scored from relevance feedback on examples.
    RelevanceFeedback(RelevanceFeedbackQuery),
    /// Ranked by BM25 over the text index of the payload field named by `using` (Qdrant 1.20).
    Text(TextQuery),
}

/// Writes `From<$inner> for Query`.
macro_rules! query_from {
    ($($inner:ident => $variant:ident),* $(,)?) => {
        $(
            impl From<$inner> for Query {
                fn from(query: $inner) -> Self {
                    Query::$variant(query)
                }
            }

            impl From<$inner> for QueryInterface {
                fn from(query: $inner) -> Self {
                    QueryInterface::Query(Query::$variant(query))
                }
            }
        )*
    };
}

query_from! {
    NearestQuery => Nearest,
    RecommendQuery => Recommend,
    DiscoverQuery => Discover,
    ContextQuery => Context,
    OrderByQuery => OrderBy,
    FusionQuery => Fusion,
    RrfQuery => Rrf,
    FormulaQuery => Formula,
    SampleQuery => Sample,
    RelevanceFeedbackQuery => RelevanceFeedback,
    TextQuery => Text,
}

/// Writes `From<$input>` for the query struct that wraps it, for [`Query`] and for
/// [`QueryInterface`], so a request's `.query(…)` takes the input alone
/// (`.query(Fusion::Rrf)` rather than `.query(FusionQuery { fusion: Fusion::Rrf })`).
macro_rules! wrapped_query_from {
    ($($input:ty => $wrapper:ident { $field:ident } as $variant:ident),* $(,)?) => {
        $(
            impl From<$input> for $wrapper {
                fn from(input: $input) -> Self {
                    $wrapper { $field: input }
                }
            }

            impl From<$input> for Query {
                fn from(input: $input) -> Self {
                    Query::$variant($wrapper::from(input))
                }
            }

            impl From<$input> for QueryInterface {
                fn from(input: $input) -> Self {
                    QueryInterface::Query(Query::$variant($wrapper::from(input)))
                }
            }
        )*
    };
}

wrapped_query_from! {
    Fusion => FusionQuery { fusion } as Fusion,
    Rrf => RrfQuery { rrf } as Rrf,
    RecommendInput => RecommendQuery { recommend } as Recommend,
    DiscoverInput => DiscoverQuery { discover } as Discover,
    OrderByInterface => OrderByQuery { order_by } as OrderBy,
    Sample => SampleQuery { sample } as Sample,
    RelevanceFeedbackInput => RelevanceFeedbackQuery { relevance_feedback } as RelevanceFeedback,
}

impl From<OrderBy> for Query {
    /// Points ordered by a payload field.
    fn from(order_by: OrderBy) -> Self {
        Query::from(OrderByInterface::from(order_by))
    }
}

impl From<OrderBy> for QueryInterface {
    /// Points ordered by a payload field.
    fn from(order_by: OrderBy) -> Self {
        QueryInterface::from(OrderByInterface::from(order_by))
    }
}

impl From<Expression> for FormulaQuery {
    /// Scoring by `formula`, with no defaults for missing variables.
    fn from(formula: Expression) -> Self {
        FormulaQuery {
            formula,
            defaults: None,
        }
    }
}

impl From<Expression> for Query {
    /// Scoring by `formula`, with no defaults for missing variables.
    fn from(formula: Expression) -> Self {
        Query::Formula(FormulaQuery::from(formula))
    }
}

impl From<Expression> for QueryInterface {
    /// Scoring by `formula`, with no defaults for missing variables.
    fn from(formula: Expression) -> Self {
        QueryInterface::Query(Query::Formula(FormulaQuery::from(formula)))
    }
}

/// Nearest neighbours of `nearest`, optionally diversified by MMR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearestQuery {
    /// The vector, or the point whose vector to use.
    pub nearest: VectorInput,
    /// Maximal marginal relevance, to diversify results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mmr: Option<Mmr>,
}

impl NearestQuery {
    /// Nearest neighbours of `vector` (a vector or a point id).
    pub fn new(vector: impl Into<VectorInput>) -> Self {
        NearestQuery {
            nearest: vector.into(),
            mmr: None,
        }
    }
}

option_setters!(NearestQuery {
    /// Diversifies the results with maximal marginal relevance.
    mmr: Mmr,
});

/// Maximal marginal relevance: trades relevance for diversity among results.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Mmr {
    /// 0 for relevance only, 1 for diversity only; the server's default is 0.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diversity: Option<f32>,
    /// How many nearest candidates are diversified; the server's default is the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidates_limit: Option<u64>,
}

impl Mmr {
    /// MMR with the server's defaults; set the trade-off with [`Mmr::diversity`].
    pub fn new() -> Self {
        Mmr::default()
    }
}

option_setters!(Mmr {
    /// Sets the trade-off: 0 for relevance only, 1 for diversity only.
    diversity: f32,
    /// Sets how many nearest candidates are diversified.
    candidates_limit: u64,
});

/// Recommendation from examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendQuery {
    /// The examples and the strategy.
    pub recommend: RecommendInput,
}

/// Examples for a recommendation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecommendInput {
    /// Results should be like these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positive: Option<Vec<VectorInput>>,
    /// Results should be unlike these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative: Option<Vec<VectorInput>>,
    /// How the examples are combined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<RecommendStrategy>,
}

impl RecommendInput {
    /// Examples to be like (`positive`) and to be unlike (`negative`): vectors or point ids.
    pub fn new(
        positive: impl IntoIterator<Item = impl Into<VectorInput>>,
        negative: impl IntoIterator<Item = impl Into<VectorInput>>,
    ) -> Self {
        let positive: Vec<VectorInput> = positive.into_iter().map(Into::into).collect();
        let negative: Vec<VectorInput> = negative.into_iter().map(Into::into).collect();
        RecommendInput {
            positive: (!positive.is_empty()).then_some(positive),
            negative: (!negative.is_empty()).then_some(negative),
            strategy: None,
        }
    }
}

option_setters!(RecommendInput {
    /// Sets how the examples are combined.
    strategy: RecommendStrategy,
});

/// How recommendation examples are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecommendStrategy {
    /// Search near the average of the examples.
    AverageVector,
    /// Score each point by its best positive against its best negative example.
    BestScore,
    /// Score each point by the sum of its scores against the examples.
    SumScores,
}

/// Discovery: close to a target, constrained by context pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscoverQuery {
    /// The target and the context.
    pub discover: DiscoverInput,
}

/// The target and context of a discovery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscoverInput {
    /// The vector to get close to.
    pub target: VectorInput,
    /// Pairs that split the space into preferred and avoided halves (JSON `null` for none).
    #[serde(deserialize_with = "required_nullable")]
    pub context: Option<ContextInput>,
}

/// A context search: only the context pairs, no target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextQuery {
    /// The pairs (JSON `null` for none).
    #[serde(deserialize_with = "required_nullable")]
    pub context: Option<ContextInput>,
}

/// Reads a field that must be present but may be `null`. Serde treats a missing `Option` field
/// as `None`; with this, a missing `context` fails, so `{"fusion": …}` is not a context query.
fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Context pairs: one pair or a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(
    clippy::large_enum_variant,
    reason = "a request is built once and sent; boxing would make it clumsier to build and match"
)]
pub enum ContextInput {
    /// Several pairs.
    Pairs(Vec<ContextPair>),
    /// One pair.
    Pair(ContextPair),
}

impl From<Vec<ContextPair>> for ContextInput {
    fn from(pairs: Vec<ContextPair>) -> Self {
        ContextInput::Pairs(pairs)
    }
}

impl From<ContextPair> for ContextInput {
    fn from(pair: ContextPair) -> Self {
        ContextInput::Pair(pair)
    }
}

/// A positive and a negative example that split the space in two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextPair {
    /// The preferred side.
    pub positive: VectorInput,
    /// The avoided side.
    pub negative: VectorInput,
}

/// Ordering by a payload field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderByQuery {
    /// The field and direction.
    pub order_by: OrderByInterface,
}

/// Fusion of prefetch results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FusionQuery {
    /// The fusion method.
    pub fusion: Fusion,
}

/// How prefetch results are fused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Fusion {
    /// Reciprocal rank fusion.
    Rrf,
    /// Distribution-based score fusion.
    Dbsf,
}

/// Reciprocal rank fusion with parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RrfQuery {
    /// The parameters.
    pub rrf: Rrf,
}

/// Parameters of reciprocal rank fusion.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rrf {
    /// The rank constant; the server's default is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<u64>,
    /// A weight per prefetch, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f32>>,
}

impl Rrf {
    /// Reciprocal rank fusion with the server's defaults; set them with the setters.
    pub fn new() -> Self {
        Rrf::default()
    }

    /// Sets a weight per prefetch, in order.
    #[must_use]
    pub fn weights(mut self, weights: impl IntoIterator<Item = f32>) -> Self {
        self.weights = Some(weights.into_iter().collect());
        self
    }
}

option_setters!(Rrf {
    /// Sets the rank constant.
    k: u64,
});

/// Scoring by a formula.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormulaQuery {
    /// The formula.
    pub formula: Expression,
    /// Values for variables that a point lacks, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Map<String, Value>>,
}

option_setters!(FormulaQuery {
    /// Sets values for variables that a point lacks, by name.
    defaults: Map<String, Value>,
});

/// A random sample of points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleQuery {
    /// The sampling method.
    pub sample: Sample,
}

/// How points are sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Sample {
    /// Uniformly at random.
    Random,
}

/// Re-scoring from relevance feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelevanceFeedbackQuery {
    /// The target, the feedback and the strategy.
    pub relevance_feedback: RelevanceFeedbackInput,
}

/// The input of a relevance-feedback query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelevanceFeedbackInput {
    /// The original query vector.
    pub target: VectorInput,
    /// Examples with the relevance a judge gave them.
    pub feedback: Vec<FeedbackItem>,
    /// How the feedback changes scores.
    pub strategy: FeedbackStrategy,
}

/// An example with its relevance score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackItem {
    /// The example.
    pub example: VectorInput,
    /// Its relevance.
    pub score: f32,
}

/// How relevance feedback changes scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FeedbackStrategy {
    /// A linear combination with parameters `a`, `b` and `c`.
    Naive(NaiveFeedbackStrategyParams),
}

/// Parameters of the naive feedback strategy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NaiveFeedbackStrategyParams {
    /// The weight of the original score.
    pub a: f32,
    /// The weight of the feedback (at least 0).
    pub b: f32,
    /// The feedback's scale.
    pub c: f32,
}

/// Ranking by BM25 over the text index of the payload field that the request's `using` names
/// (Qdrant 1.20). The index must have been created with `scoring` set. A point scores when it
/// holds any of the query's terms; terms that must or must not be present belong in the
/// request's `filter`.
///
/// ```
/// use quadrant_models::{QueryPoints, TextQuery};
///
/// let request = QueryPoints::new("articles")
///     .query(TextQuery::new("vector search"))
///     .using("body");
/// assert_eq!(
///     serde_json::to_string(&request).unwrap(),
///     r#"{"query":{"text":"vector search"},"using":"body"}"#,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextQuery {
    /// The text, and optionally the scorer's parameters.
    pub text: TextInterface,
}

impl TextQuery {
    /// Ranks by BM25 over `query`, with the scorer's defaults.
    pub fn new(query: impl Into<String>) -> Self {
        TextQuery {
            text: TextInterface::Text(query.into()),
        }
    }

    /// Ranks by BM25 over `query`, with the parameters `k` and `b` (either may be left to the
    /// server's default).
    pub fn bm25(query: impl Into<String>, params: Bm25Params) -> Self {
        TextQuery {
            text: TextInterface::Input(TextQueryInput {
                query: query.into(),
                scoring: Some(TextQueryScoring::Bm25(params)),
            }),
        }
    }
}

/// The text of a [`TextQuery`]: bare, or with the scorer's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TextInterface {
    /// The text alone; the scorer runs with its defaults.
    Text(String),
    /// The text and the scorer's parameters.
    Input(TextQueryInput),
}

/// The text of a [`TextQuery`] and the scorer's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextQueryInput {
    /// The text to search for, tokenized by the field's text index.
    pub query: String,
    /// The scorer's parameters, which must match the `scoring` type of the field's text
    /// index; the scorer's defaults when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<TextQueryScoring>,
}

/// The parameters of the scorer of a [`TextQuery`], keyed by its name.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TextQueryScoring {
    /// BM25, for a field whose index scores with BM25.
    Bm25(Bm25Params),
}

/// The parameters of BM25 ranking.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Bm25Params {
    /// Term frequency saturation; the server's default is 1.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<f32>,
    /// Document length normalization, from 0 (none) to 1 (full); the server's default is 0.75.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<f32>,
}

impl Bm25Params {
    /// BM25 with the server's defaults; set `k` and `b` with the setters.
    pub fn new() -> Self {
        Bm25Params::default()
    }
}

option_setters!(Bm25Params {
    /// Sets the term frequency saturation.
    k: f32,
    /// Sets the document length normalization, from 0 (none) to 1 (full).
    b: f32,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn vectors_and_ids_become_nearest_queries() {
        let by_vector = QueryPoints::new("c").query(vec![0.5_f32, 0.25]);
        assert_eq!(
            crate::to_json(&by_vector).unwrap(),
            json!({"query": {"nearest": [0.5, 0.25]}})
        );
        let by_id = QueryPoints::new("c").query(PointId::Num(7));
        assert_eq!(
            crate::to_json(&by_id).unwrap(),
            json!({"query": {"nearest": 7}})
        );
    }

    #[test]
    fn short_and_object_forms_decode() {
        let short: QueryInterface = serde_json::from_value(json!([0.1, 0.2])).unwrap();
        assert_eq!(
            short,
            QueryInterface::Nearest(VectorInput::Dense(vec![0.1, 0.2]))
        );
        let sparse: QueryInterface =
            serde_json::from_value(json!({"indices": [1], "values": [0.5]})).unwrap();
        assert!(matches!(
            sparse,
            QueryInterface::Nearest(VectorInput::Sparse(_))
        ));

        let cases = [
            (
                json!({"nearest": [0.1], "mmr": {"diversity": 0.5}}),
                "nearest",
            ),
            (
                json!({"recommend": {"positive": [1, 2], "strategy": "best_score"}}),
                "recommend",
            ),
            (
                json!({"discover": {"target": 1, "context": [{"positive": 2, "negative": 3}]}}),
                "discover",
            ),
            (
                json!({"context": {"positive": 2, "negative": 3}}),
                "context",
            ),
            (json!({"order_by": "price"}), "order_by"),
            (json!({"fusion": "dbsf"}), "fusion"),
            (json!({"rrf": {"k": 60, "weights": [1.0, 2.0]}}), "rrf"),
            (
                json!({"formula": "$score", "defaults": {"x": 1}}),
                "formula",
            ),
            (json!({"sample": "random"}), "sample"),
            (
                json!({"relevance_feedback": {
                "target": [0.1], "feedback": [{"example": 3, "score": 0.9}],
                "strategy": {"naive": {"a": 1.0, "b": 0.5, "c": 0.1}}}}),
                "relevance_feedback",
            ),
            (json!({"text": "vector search"}), "text"),
            (
                json!({"text": {"query": "vector search", "scoring": {"bm25": {"k": 1.5, "b": 0.5}}}}),
                "text",
            ),
        ];
        for (value, kind) in cases {
            let query: QueryInterface = serde_json::from_value(value.clone()).unwrap();
            let QueryInterface::Query(query) = &query else {
                panic!("{value} decoded as a bare vector");
            };
            let found = match query {
                Query::Nearest(_) => "nearest",
                Query::Recommend(_) => "recommend",
                Query::Discover(_) => "discover",
                Query::Context(_) => "context",
                Query::OrderBy(_) => "order_by",
                Query::Fusion(_) => "fusion",
                Query::Rrf(_) => "rrf",
                Query::Formula(_) => "formula",
                Query::Sample(_) => "sample",
                Query::RelevanceFeedback(_) => "relevance_feedback",
                Query::Text(_) => "text",
            };
            assert_eq!(found, kind, "{value}");
            assert_eq!(crate::to_json(query).unwrap(), value);
        }
    }

    #[test]
    fn formula_tree_round_trips() {
        let value = json!({
            "formula": {"sum": [
                "$score",
                {"mult": [0.5, {"key": "tag", "match": {"any": ["h1", "h2"]}}]},
                {"gauss_decay": {"x": {"geo_distance": {"origin": {"lon": 13.4, "lat": 52.5}, "to": "location"}}, "scale": 5000.0}},
                {"div": {"left": 1.0, "right": {"abs": "x"}, "by_zero_default": 0.0}},
                {"pow": {"base": {"sqrt": "x"}, "exponent": 2.0}},
                {"neg": {"ln": {"exp": {"log10": "x"}}}},
                {"lin_decay": {"x": {"datetime_key": "created"}, "target": {"datetime": "2025-01-01T00:00:00Z"}}},
                {"exp_decay": {"x": "x", "midpoint": 0.1}},
                {"must": [{"has_id": [1]}]},
            ]},
        });
        let query: FormulaQuery = serde_json::from_value(value.clone()).unwrap();
        let Expression::Sum(sum) = &query.formula else {
            panic!("expected a sum");
        };
        assert!(matches!(sum.sum[1], Expression::Mult(_)));
        let Expression::Mult(mult) = &sum.sum[1] else {
            unreachable!()
        };
        assert!(matches!(mult.mult[1], Expression::Condition(_)));
        assert!(matches!(sum.sum[8], Expression::Condition(_)));
        assert_eq!(crate::to_json(&query).unwrap(), value);
    }

    #[test]
    fn prefetch_one_or_many() {
        let one: QueryPoints = serde_json::from_value(json!({
            "prefetch": {"query": [0.1], "limit": 5},
            "query": {"fusion": "rrf"},
        }))
        .unwrap();
        assert_eq!(one.prefetch.as_ref().map(Vec::len), Some(1));
        assert_eq!(
            crate::to_json(&one).unwrap(),
            json!({"prefetch": [{"query": [0.1], "limit": 5}], "query": {"fusion": "rrf"}})
        );
        let built = QueryPoints::new("c")
            .prefetch(Prefetch::new(vec![0.1_f32]).using("dense").limit(5))
            .query(FusionQuery {
                fusion: Fusion::Rrf,
            });
        assert_eq!(
            crate::to_json(&built).unwrap(),
            json!({"prefetch": [{"query": {"nearest": [0.1]}, "using": "dense", "limit": 5}],
                   "query": {"fusion": "rrf"}})
        );
    }
}
