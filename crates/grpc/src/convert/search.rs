//! The classic search, recommend and discover operations, single, batched and grouped, and
//! the grouped results that they and the universal query's groups share.
//!
//! Requests are only written and answers only read: the transport never receives a request.
//!
//! Differences from REST that the conversion bridges:
//! - A search vector is one object in REST (a bare vector, or a named dense or sparse one); gRPC
//!   spreads it over `vector`, `vector_name` and `sparse_indices`.
//! - Recommend examples are one list of ids and vectors in REST; gRPC has a list of ids and a
//!   list of vectors, so the examples are split by kind (their order within a kind is kept, and
//!   the order between kinds does not change the result).
//! - Each request of a batch carries the batch's collection on gRPC; its own consistency and
//!   timeout are not sent, as in REST, where only the body of each request is.
//! - A group lookup given by collection name alone returns the whole payload and no vectors, as
//!   REST defines it; gRPC is sent that explicitly.
//! - A group id that gRPC sends as a non-negative signed integer reads as
//!   [`GroupId::Unsigned`], the variant REST's JSON reads for it.

use quadrant_models::{
    ContextExamplePair, DiscoverBatchPoints, DiscoverPoints, GroupId, GroupsResult,
    NamedVectorStruct, PointGroup, RecommendBatchPoints, RecommendExample, RecommendPointGroups,
    RecommendPoints, Record, ScoredPoint, SearchBatchPoints, SearchPointGroups, SearchPoints,
    Vector, WithLookup, WithLookupInterface,
};
use quadrant_transport::Result;

use crate::convert::{FromProto, IntoProto, finite_out, required};
use crate::proto::{self, group_id, target_vector, vector_example};

/// Checks every value of a vector sent in a plain `repeated float` field.
fn values_out(values: Vec<f32>, field: &str) -> Result<Vec<f32>> {
    for value in &values {
        finite_out(*value, field)?;
    }
    Ok(values)
}

/// The `vector`, `vector_name` and `sparse_indices` fields of a search.
struct SearchVector {
    vector: Vec<f32>,
    vector_name: Option<String>,
    sparse_indices: Option<proto::SparseIndices>,
}

impl IntoProto<SearchVector> for NamedVectorStruct {
    fn into_proto(self) -> Result<SearchVector> {
        Ok(match self {
            NamedVectorStruct::Default(vector) => SearchVector {
                vector: values_out(vector, "SearchPoints.vector")?,
                vector_name: None,
                sparse_indices: None,
            },
            NamedVectorStruct::Dense(named) => SearchVector {
                vector: values_out(named.vector, "SearchPoints.vector")?,
                vector_name: Some(named.name),
                sparse_indices: None,
            },
            NamedVectorStruct::Sparse(named) => SearchVector {
                vector: values_out(named.vector.values, "SearchPoints.vector")?,
                vector_name: Some(named.name),
                sparse_indices: Some(proto::SparseIndices {
                    data: named.vector.indices,
                }),
            },
        })
    }
}

impl IntoProto<proto::WithLookup> for WithLookupInterface {
    fn into_proto(self) -> Result<proto::WithLookup> {
        let lookup = match self {
            WithLookupInterface::Collection(collection) => WithLookup::new(collection)
                .with_payload(true)
                .with_vectors(false),
            WithLookupInterface::WithLookup(lookup) => lookup,
        };
        Ok(proto::WithLookup {
            collection: lookup.collection,
            with_payload: lookup.with_payload.into_proto()?,
            with_vectors: lookup.with_vectors.into_proto()?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Search

impl IntoProto<proto::SearchPoints> for SearchPoints {
    fn into_proto(self) -> Result<proto::SearchPoints> {
        let vector: SearchVector = self.vector.into_proto()?;
        Ok(proto::SearchPoints {
            collection_name: self.collection_name,
            vector: vector.vector,
            filter: self.filter.into_proto()?,
            limit: self.limit,
            with_payload: self.with_payload.into_proto()?,
            params: self.params.into_proto()?,
            score_threshold: self
                .score_threshold
                .map(|threshold| finite_out(threshold, "SearchPoints.score_threshold"))
                .transpose()?,
            offset: self.offset,
            vector_name: vector.vector_name,
            with_vectors: self.with_vector.into_proto()?,
            read_consistency: self.consistency.into_proto()?,
            timeout: self.timeout,
            shard_key_selector: self.shard_key.into_proto()?,
            sparse_indices: vector.sparse_indices,
        })
    }
}

impl IntoProto<proto::SearchBatchPoints> for SearchBatchPoints {
    fn into_proto(self) -> Result<proto::SearchBatchPoints> {
        let collection_name = self.collection_name;
        Ok(proto::SearchBatchPoints {
            search_points: self
                .searches
                .into_iter()
                .map(|search| {
                    SearchPoints {
                        collection_name: collection_name.clone(),
                        consistency: None,
                        timeout: None,
                        ..search
                    }
                    .into_proto()
                })
                .collect::<Result<_>>()?,
            collection_name,
            read_consistency: self.consistency.into_proto()?,
            timeout: self.timeout,
        })
    }
}

impl IntoProto<proto::SearchPointGroups> for SearchPointGroups {
    fn into_proto(self) -> Result<proto::SearchPointGroups> {
        let vector: SearchVector = self.vector.into_proto()?;
        Ok(proto::SearchPointGroups {
            collection_name: self.collection_name,
            vector: vector.vector,
            filter: self.filter.into_proto()?,
            limit: self.limit,
            with_payload: self.with_payload.into_proto()?,
            params: self.params.into_proto()?,
            score_threshold: self
                .score_threshold
                .map(|threshold| finite_out(threshold, "SearchPointGroups.score_threshold"))
                .transpose()?,
            vector_name: vector.vector_name,
            with_vectors: self.with_vector.into_proto()?,
            group_by: self.group_by,
            group_size: self.group_size,
            read_consistency: self.consistency.into_proto()?,
            with_lookup: self.with_lookup.into_proto()?,
            timeout: self.timeout,
            shard_key_selector: self.shard_key.into_proto()?,
            sparse_indices: vector.sparse_indices,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Recommend

/// Examples split by kind: the ids, and the vectors.
fn examples_out(
    examples: Option<Vec<RecommendExample>>,
) -> Result<(Vec<proto::PointId>, Vec<proto::Vector>)> {
    let mut ids = Vec::new();
    let mut vectors = Vec::new();
    for example in examples.unwrap_or_default() {
        match example {
            RecommendExample::Id(id) => ids.push(id.into_proto()?),
            RecommendExample::Dense(dense) => vectors.push(Vector::Dense(dense).into_proto()?),
            RecommendExample::Sparse(sparse) => {
                vectors.push(Vector::Sparse(sparse).into_proto()?);
            }
        }
    }
    Ok((ids, vectors))
}

impl IntoProto<proto::RecommendPoints> for RecommendPoints {
    fn into_proto(self) -> Result<proto::RecommendPoints> {
        let (positive, positive_vectors) = examples_out(self.positive)?;
        let (negative, negative_vectors) = examples_out(self.negative)?;
        Ok(proto::RecommendPoints {
            collection_name: self.collection_name,
            positive,
            negative,
            filter: self.filter.into_proto()?,
            limit: self.limit,
            with_payload: self.with_payload.into_proto()?,
            params: self.params.into_proto()?,
            score_threshold: self
                .score_threshold
                .map(|threshold| finite_out(threshold, "RecommendPoints.score_threshold"))
                .transpose()?,
            offset: self.offset,
            using: self.using,
            with_vectors: self.with_vector.into_proto()?,
            lookup_from: self.lookup_from.into_proto()?,
            read_consistency: self.consistency.into_proto()?,
            strategy: self.strategy.into_proto()?,
            positive_vectors,
            negative_vectors,
            timeout: self.timeout,
            shard_key_selector: self.shard_key.into_proto()?,
        })
    }
}

impl IntoProto<proto::RecommendBatchPoints> for RecommendBatchPoints {
    fn into_proto(self) -> Result<proto::RecommendBatchPoints> {
        let collection_name = self.collection_name;
        Ok(proto::RecommendBatchPoints {
            recommend_points: self
                .searches
                .into_iter()
                .map(|search| {
                    RecommendPoints {
                        collection_name: collection_name.clone(),
                        consistency: None,
                        timeout: None,
                        ..search
                    }
                    .into_proto()
                })
                .collect::<Result<_>>()?,
            collection_name,
            read_consistency: self.consistency.into_proto()?,
            timeout: self.timeout,
        })
    }
}

impl IntoProto<proto::RecommendPointGroups> for RecommendPointGroups {
    fn into_proto(self) -> Result<proto::RecommendPointGroups> {
        let (positive, positive_vectors) = examples_out(self.positive)?;
        let (negative, negative_vectors) = examples_out(self.negative)?;
        Ok(proto::RecommendPointGroups {
            collection_name: self.collection_name,
            positive,
            negative,
            filter: self.filter.into_proto()?,
            limit: self.limit,
            with_payload: self.with_payload.into_proto()?,
            params: self.params.into_proto()?,
            score_threshold: self
                .score_threshold
                .map(|threshold| finite_out(threshold, "RecommendPointGroups.score_threshold"))
                .transpose()?,
            using: self.using,
            with_vectors: self.with_vector.into_proto()?,
            lookup_from: self.lookup_from.into_proto()?,
            group_by: self.group_by,
            group_size: self.group_size,
            read_consistency: self.consistency.into_proto()?,
            with_lookup: self.with_lookup.into_proto()?,
            strategy: self.strategy.into_proto()?,
            positive_vectors,
            negative_vectors,
            timeout: self.timeout,
            shard_key_selector: self.shard_key.into_proto()?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Discover

impl IntoProto<proto::VectorExample> for RecommendExample {
    fn into_proto(self) -> Result<proto::VectorExample> {
        let example = match self {
            RecommendExample::Id(id) => vector_example::Example::Id(id.into_proto()?),
            RecommendExample::Dense(dense) => {
                vector_example::Example::Vector(Vector::Dense(dense).into_proto()?)
            }
            RecommendExample::Sparse(sparse) => {
                vector_example::Example::Vector(Vector::Sparse(sparse).into_proto()?)
            }
        };
        Ok(proto::VectorExample {
            example: Some(example),
        })
    }
}

impl IntoProto<proto::ContextExamplePair> for ContextExamplePair {
    fn into_proto(self) -> Result<proto::ContextExamplePair> {
        Ok(proto::ContextExamplePair {
            positive: Some(self.positive.into_proto()?),
            negative: Some(self.negative.into_proto()?),
        })
    }
}

impl IntoProto<proto::DiscoverPoints> for DiscoverPoints {
    fn into_proto(self) -> Result<proto::DiscoverPoints> {
        let target = self
            .target
            .map(|target| -> Result<proto::TargetVector> {
                Ok(proto::TargetVector {
                    target: Some(target_vector::Target::Single(target.into_proto()?)),
                })
            })
            .transpose()?;
        Ok(proto::DiscoverPoints {
            collection_name: self.collection_name,
            target,
            context: self.context.unwrap_or_default().into_proto()?,
            filter: self.filter.into_proto()?,
            limit: self.limit,
            with_payload: self.with_payload.into_proto()?,
            params: self.params.into_proto()?,
            offset: self.offset,
            using: self.using,
            with_vectors: self.with_vector.into_proto()?,
            lookup_from: self.lookup_from.into_proto()?,
            read_consistency: self.consistency.into_proto()?,
            timeout: self.timeout,
            shard_key_selector: self.shard_key.into_proto()?,
        })
    }
}

impl IntoProto<proto::DiscoverBatchPoints> for DiscoverBatchPoints {
    fn into_proto(self) -> Result<proto::DiscoverBatchPoints> {
        let collection_name = self.collection_name;
        Ok(proto::DiscoverBatchPoints {
            discover_points: self
                .searches
                .into_iter()
                .map(|search| {
                    DiscoverPoints {
                        collection_name: collection_name.clone(),
                        consistency: None,
                        timeout: None,
                        ..search
                    }
                    .into_proto()
                })
                .collect::<Result<_>>()?,
            collection_name,
            read_consistency: self.consistency.into_proto()?,
            timeout: self.timeout,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Answers

/// Writes `FromProto` of a list of scored points for the answers that carry one.
macro_rules! scored_points_from {
    ($($response:ident),* $(,)?) => {
        $(
            impl FromProto<proto::$response> for Vec<ScoredPoint> {
                fn from_proto(message: proto::$response) -> Result<Self> {
                    Vec::from_proto(message.result)
                }
            }
        )*
    };
}

scored_points_from!(SearchResponse, RecommendResponse, DiscoverResponse);

/// Writes `FromProto` of one list of scored points per request for the batch answers.
macro_rules! batch_results_from {
    ($($response:ident),* $(,)?) => {
        $(
            impl FromProto<proto::$response> for Vec<Vec<ScoredPoint>> {
                fn from_proto(message: proto::$response) -> Result<Self> {
                    message
                        .result
                        .into_iter()
                        .map(|batch| Vec::from_proto(batch.result))
                        .collect()
                }
            }
        )*
    };
}

batch_results_from!(
    SearchBatchResponse,
    RecommendBatchResponse,
    DiscoverBatchResponse
);

/// Writes `FromProto` of grouped results for the answers that carry them.
macro_rules! groups_from {
    ($($response:ident),* $(,)?) => {
        $(
            impl FromProto<proto::$response> for GroupsResult {
                fn from_proto(message: proto::$response) -> Result<Self> {
                    GroupsResult::from_proto(required(
                        message.result,
                        concat!(stringify!($response), ".result"),
                    )?)
                }
            }
        )*
    };
}

groups_from!(
    SearchGroupsResponse,
    RecommendGroupsResponse,
    QueryGroupsResponse
);

impl FromProto<proto::GroupsResult> for GroupsResult {
    fn from_proto(message: proto::GroupsResult) -> Result<Self> {
        Ok(GroupsResult {
            groups: Vec::from_proto(message.groups)?,
        })
    }
}

impl FromProto<proto::PointGroup> for PointGroup {
    fn from_proto(message: proto::PointGroup) -> Result<Self> {
        Ok(PointGroup {
            hits: Vec::from_proto(message.hits)?,
            id: GroupId::from_proto(required(message.id, "PointGroup.id")?)?,
            lookup: Option::<Record>::from_proto(message.lookup)?,
        })
    }
}

impl FromProto<proto::GroupId> for GroupId {
    fn from_proto(message: proto::GroupId) -> Result<Self> {
        Ok(match required(message.kind, "GroupId.kind")? {
            group_id::Kind::UnsignedValue(value) => GroupId::Unsigned(value),
            group_id::Kind::IntegerValue(value) => match u64::try_from(value) {
                Ok(unsigned) => GroupId::Unsigned(unsigned),
                Err(_) => GroupId::Integer(value),
            },
            group_id::Kind::StringValue(value) => GroupId::String(value),
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::{NamedSparseVector, NamedVector, PointId, SparseVector};
    use quadrant_transport::ErrorKind;

    use super::*;
    use crate::proto::{vector, with_payload_selector, with_vectors_selector};

    #[test]
    fn a_search_vector_is_spread_over_three_fields() {
        let plain: proto::SearchPoints = SearchPoints::new("c", vec![0.5, 0.25], 3)
            .into_proto()
            .unwrap();
        assert_eq!(plain.vector, [0.5, 0.25]);
        assert_eq!((plain.vector_name, plain.sparse_indices), (None, None));

        let named: proto::SearchPoints =
            SearchPoints::new("c", NamedVector::new("image", vec![0.5]), 3)
                .into_proto()
                .unwrap();
        assert_eq!(named.vector_name.as_deref(), Some("image"));

        let sparse: proto::SearchPointGroups = SearchPointGroups::new(
            "c",
            NamedSparseVector::new("keywords", SparseVector::new(vec![4, 9], vec![0.5, 0.25])),
            "city",
            2,
            5,
        )
        .into_proto()
        .unwrap();
        assert_eq!(sparse.vector, [0.5, 0.25]);
        assert_eq!(
            sparse.sparse_indices.map(|indices| indices.data),
            Some(vec![4, 9])
        );
        assert_eq!(sparse.vector_name.as_deref(), Some("keywords"));
        assert_eq!((sparse.group_size, sparse.limit), (2, 5));

        let error =
            IntoProto::<proto::SearchPoints>::into_proto(SearchPoints::new("c", vec![f32::NAN], 1))
                .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn recommend_examples_are_split_by_kind() {
        let request = RecommendPoints::new("c", 3)
            .positive([
                RecommendExample::from(1),
                vec![0.5_f32].into(),
                RecommendExample::from(2),
            ])
            .negative([SparseVector::new(vec![1], vec![1.0])]);
        let message: proto::RecommendPoints = request.into_proto().unwrap();
        assert_eq!(message.positive.len(), 2);
        assert_eq!(message.positive_vectors.len(), 1);
        assert!(message.negative.is_empty());
        assert!(matches!(
            message.negative_vectors[0].vector,
            Some(vector::Vector::Sparse(_))
        ));
    }

    #[test]
    fn a_batch_sends_its_collection_and_not_the_inner_settings() {
        let batch = DiscoverBatchPoints::new(
            "c",
            [DiscoverPoints::new("other", 2)
                .timeout(9)
                .context([ContextExamplePair::new(1_u64, 2_u64)])],
        )
        .timeout(4);
        let message: proto::DiscoverBatchPoints = batch.into_proto().unwrap();
        let inner = &message.discover_points[0];
        assert_eq!(inner.collection_name, "c");
        assert_eq!(inner.timeout, None);
        assert_eq!(inner.target, None, "a context search has no target");
        assert_eq!(inner.context.len(), 1);
        assert_eq!(message.timeout, Some(4));
    }

    #[test]
    fn a_lookup_by_name_asks_for_what_rest_returns() {
        let lookup: proto::WithLookup = WithLookupInterface::from("other").into_proto().unwrap();
        assert_eq!(lookup.collection, "other");
        assert_eq!(
            lookup
                .with_payload
                .and_then(|selector| selector.selector_options),
            Some(with_payload_selector::SelectorOptions::Enable(true))
        );
        assert_eq!(
            lookup
                .with_vectors
                .and_then(|selector| selector.selector_options),
            Some(with_vectors_selector::SelectorOptions::Enable(false))
        );
    }

    #[test]
    fn group_ids_read_as_rest_reads_them() {
        let group = |kind| proto::PointGroup {
            id: Some(proto::GroupId { kind: Some(kind) }),
            hits: Vec::new(),
            lookup: Some(proto::RetrievedPoint {
                id: Some(PointId::Num(1).into_proto().unwrap()),
                ..proto::RetrievedPoint::default()
            }),
        };
        let answer = proto::SearchGroupsResponse {
            result: Some(proto::GroupsResult {
                groups: vec![
                    group(group_id::Kind::IntegerValue(8)),
                    group(group_id::Kind::IntegerValue(-3)),
                    group(group_id::Kind::UnsignedValue(9)),
                    group(group_id::Kind::StringValue("Lima".into())),
                ],
            }),
            time: 0.0,
            usage: None,
        };
        let ids: Vec<GroupId> = GroupsResult::from_proto(answer)
            .unwrap()
            .groups
            .into_iter()
            .map(|group| {
                assert_eq!(group.lookup.map(|record| record.id), Some(PointId::Num(1)));
                group.id
            })
            .collect();
        assert_eq!(
            ids,
            [
                GroupId::Unsigned(8),
                GroupId::Integer(-3),
                GroupId::Unsigned(9),
                GroupId::String("Lima".into())
            ]
        );
        let missing = proto::RecommendGroupsResponse {
            result: None,
            time: 0.0,
            usage: None,
        };
        let error = GroupsResult::from_proto(missing).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(
            error.message().contains("RecommendGroupsResponse.result"),
            "{error}"
        );
    }
}
