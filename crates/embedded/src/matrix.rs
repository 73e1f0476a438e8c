//! Facets, and the distance matrix (`…/points/search/matrix/{pairs,offsets}`), which the
//! engine (0.7.2) does not have.
//!
//! The matrix as the server builds it: a sample of the points that match the filter and have
//! the vector (all of them when there are no more than `sample`, a random choice otherwise),
//! ordered by id; then, for each sampled point, its `limit` nearest neighbours among the other
//! sampled points, best first.

use std::collections::HashMap;

use qdrant_edge::{
    CountRequest, EdgeShard, FacetRequest, HasIdCondition, NamedQuery, QueryEnum, QueryRequest,
    Sample as EdgeSample, ScoringQuery, ScrollRequest, WithPayloadInterface, WithVector,
};
use quadrant_models::{
    Condition, FacetCounts, FacetResponse, FacetValue, FacetValueHit, Filter, HasVectorCondition,
    PointId, SearchMatrixOffsetsResponse, SearchMatrixPair, SearchMatrixPairsResponse,
    SearchMatrixPoints,
};
use quadrant_transport::{Operation, Result};

use crate::convert::{self, bridge, to_u64, to_usize};
use crate::database::Database;
use crate::error;
use crate::query;

/// The server's default sample size.
const DEFAULT_SAMPLE: usize = 10;
/// The server's default number of neighbours per sampled point.
const DEFAULT_NEIGHBOURS: usize = 3;

/// Counts the points holding each value of a payload field.
pub(crate) fn facet(database: &Database, request: FacetCounts) -> Result<FacetResponse> {
    if request.shard_key.is_some() {
        return Err(error::unsupported(
            Operation::Facet,
            "`shard_key` (custom sharding)",
        ));
    }
    if request.limit == Some(0) {
        return Err(error::wrong_input(
            "Validation error in JSON body: [limit: value 0 invalid, must be 1 or larger]",
        ));
    }
    // The body is the engine's facet request in REST JSON (with the server's defaults:
    // limit 10, not exact).
    convert::check_filter(request.filter.as_ref(), Operation::Facet)?;
    let facet: FacetRequest = bridge(&request, "facet request")?;
    let collection = database.collection(&request.collection_name)?;
    let response = collection.read(|shard| shard.facet(facet).map_err(error::engine))?;
    Ok(FacetResponse {
        hits: response
            .hits
            .into_iter()
            .map(|hit| FacetValueHit {
                value: match hit.value {
                    qdrant_edge::FacetValue::Keyword(s) => FacetValue::String(s),
                    qdrant_edge::FacetValue::Int(i) => FacetValue::Integer(i),
                    qdrant_edge::FacetValue::Uuid(u) => {
                        FacetValue::String(uuid::Uuid::from_u128(u).to_string())
                    }
                    qdrant_edge::FacetValue::Bool(b) => FacetValue::Bool(b),
                },
                count: to_u64(hit.count),
            })
            .collect(),
    })
}

/// The sampled points, in id order, and for each its nearest neighbours: (index into the
/// sample, score), best first.
pub(crate) struct Matrix {
    ids: Vec<PointId>,
    rows: Vec<Vec<(usize, f32)>>,
}

impl Matrix {
    /// The matrix as pairs of ids.
    pub(crate) fn pairs(self) -> SearchMatrixPairsResponse {
        let Matrix { ids, rows } = self;
        let pairs = rows
            .iter()
            .zip(&ids)
            .flat_map(|(row, a)| {
                row.iter().filter_map(|&(column, score)| {
                    ids.get(column).map(|b| SearchMatrixPair {
                        a: *a,
                        b: *b,
                        score,
                    })
                })
            })
            .collect();
        SearchMatrixPairsResponse { pairs }
    }

    /// The matrix in offsets form (rows and columns index `ids`).
    pub(crate) fn offsets(self) -> SearchMatrixOffsetsResponse {
        let mut response = SearchMatrixOffsetsResponse {
            ids: self.ids,
            ..SearchMatrixOffsetsResponse::default()
        };
        for (row, neighbours) in self.rows.into_iter().enumerate() {
            for (column, score) in neighbours {
                response.offsets_row.push(to_u64(row));
                response.offsets_col.push(to_u64(column));
                response.scores.push(score);
            }
        }
        response
    }
}

/// Computes the distance matrix for `operation` (the pairs or offsets endpoint).
pub(crate) fn search_matrix(
    database: &Database,
    request: SearchMatrixPoints,
    operation: Operation,
) -> Result<Matrix> {
    let SearchMatrixPoints {
        collection_name,
        // One replica, no deadline.
        consistency: _,
        timeout: _,
        shard_key,
        filter,
        sample,
        limit,
        using,
    } = request;
    if shard_key.is_some() {
        return Err(error::unsupported(
            operation,
            "`shard_key` (custom sharding)",
        ));
    }
    let sample = sample.map_or(DEFAULT_SAMPLE, to_usize);
    let limit = limit.map_or(DEFAULT_NEIGHBOURS, to_usize);
    if sample < 2 {
        return Err(error::wrong_input(format!(
            "Validation error in JSON body: [sample: value {sample} invalid, must be 2 or larger]"
        )));
    }
    if limit == 0 {
        return Err(error::wrong_input(
            "Validation error in JSON body: [limit: value 0 invalid, must be 1 or larger]",
        ));
    }
    convert::check_filter(filter.as_ref(), operation)?;
    let using = using.unwrap_or_default();
    let mut must = vec![Condition::HasVector(HasVectorCondition {
        has_vector: using.clone(),
    })];
    must.extend(filter.map(Condition::Filter));
    let candidates: qdrant_edge::Filter = bridge(
        &Filter {
            must: Some(must),
            ..Filter::default()
        },
        "filter",
    )?;

    let collection = database.collection(&collection_name)?;
    collection.read(|shard| {
        if !shard.config().vectors.contains_key(&using)
            && !shard.config().sparse_vectors.contains_key(&using)
        {
            return Err(error::engine(
                qdrant_edge::OperationError::vector_name_not_exists(&using),
            ));
        }
        let mut ids = sample_ids(shard, candidates, sample)?;
        ids.sort_unstable();
        let index: HashMap<qdrant_edge::PointId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut rows = Vec::with_capacity(ids.len());
        for id in &ids {
            let vector = query::stored_vector(shard, *id, &using)?;
            let others = qdrant_edge::Filter::new_must(qdrant_edge::Condition::HasId(
                HasIdCondition::from_iter(ids.iter().copied()),
            ))
            .merge_owned(qdrant_edge::Filter::new_must_not(
                qdrant_edge::Condition::HasId(HasIdCondition::from_iter([*id])),
            ));
            let neighbours = shard
                .query(QueryRequest {
                    prefetches: Vec::new(),
                    query: Some(ScoringQuery::Vector(QueryEnum::Nearest(NamedQuery::new(
                        vector,
                        using.as_str(),
                    )))),
                    filter: Some(others),
                    score_threshold: None,
                    limit,
                    offset: 0,
                    params: None,
                    with_vector: WithVector::Bool(false),
                    with_payload: WithPayloadInterface::Bool(false),
                })
                .map_err(error::engine)?;
            rows.push(
                neighbours
                    .into_iter()
                    .filter_map(|point| index.get(&point.id).map(|&i| (i, point.score)))
                    .collect(),
            );
        }
        Ok(Matrix {
            ids: ids.into_iter().map(convert::point_id_from_edge).collect(),
            rows,
        })
    })
}

/// Up to `sample` ids of points that match `candidates`: all of them when there are no more,
/// a random choice otherwise.
fn sample_ids(
    shard: &EdgeShard,
    candidates: qdrant_edge::Filter,
    sample: usize,
) -> Result<Vec<qdrant_edge::PointId>> {
    let count = shard
        .count(CountRequest {
            filter: Some(candidates.clone()),
            exact: true,
        })
        .map_err(error::engine)?;
    if count <= sample {
        let scroll: ScrollRequest = bridge(
            &serde_json::json!({
                "filter": candidates,
                "limit": count.max(1),
                "with_payload": false,
                "with_vector": false,
            }),
            "scroll request",
        )?;
        let (records, _) = shard.scroll(scroll).map_err(error::engine)?;
        return Ok(records.into_iter().map(|record| record.id).collect());
    }
    let points = shard
        .query(QueryRequest {
            prefetches: Vec::new(),
            query: Some(ScoringQuery::Sample(EdgeSample::Random)),
            filter: Some(candidates),
            score_threshold: None,
            limit: sample,
            offset: 0,
            params: None,
            with_vector: WithVector::Bool(false),
            with_payload: WithPayloadInterface::Bool(false),
        })
        .map_err(error::engine)?;
    Ok(points.into_iter().map(|point| point.id).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_offsets_describe_the_same_matrix() {
        let matrix = || Matrix {
            ids: vec![PointId::Num(1), PointId::Num(5), PointId::Num(9)],
            rows: vec![vec![(2, 0.5), (1, 0.25)], vec![], vec![(0, 0.5)]],
        };
        let pairs = matrix().pairs().pairs;
        assert_eq!(
            pairs,
            vec![
                SearchMatrixPair {
                    a: PointId::Num(1),
                    b: PointId::Num(9),
                    score: 0.5
                },
                SearchMatrixPair {
                    a: PointId::Num(1),
                    b: PointId::Num(5),
                    score: 0.25
                },
                SearchMatrixPair {
                    a: PointId::Num(9),
                    b: PointId::Num(1),
                    score: 0.5
                },
            ]
        );
        let offsets = matrix().offsets();
        assert_eq!(offsets.offsets_row, vec![0, 0, 2]);
        assert_eq!(offsets.offsets_col, vec![2, 1, 0]);
        assert_eq!(offsets.scores, vec![0.5, 0.25, 0.5]);
        assert_eq!(offsets.ids.len(), 3);
    }
}
