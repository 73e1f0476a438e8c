//! Reads beyond one universal query: batches of queries, grouped queries, facets, the distance
//! matrix, and one point by id.
//!
//! Requests are only written and answers only read: the transport never receives a request.
//!
//! Differences from REST that the conversion bridges:
//! - Each query of a batch carries the batch's collection on gRPC; its own consistency and
//!   timeout are not sent, as in REST, where only the body of each query is.
//! - gRPC has no call for one point: [`GetPoint`] is sent as `Points/Get` with its one id, with
//!   the payload and the vectors that REST's `GET …/points/{id}` returns. The transport turns
//!   an empty answer into REST's not-found error.
//! - The distance matrix in offsets form is checked as it is read: the three columns must have
//!   one length and every offset must name one of the ids, so that a model read from gRPC can be
//!   indexed without a panic.

use quadrant_models::{
    FacetCounts, FacetResponse, FacetValue, FacetValueHit, GetPoint, PointId, QueryBatchPoints,
    QueryPointGroups, QueryPoints, QueryResponse, SearchMatrixOffsetsResponse, SearchMatrixPair,
    SearchMatrixPairsResponse, SearchMatrixPoints, WithPayloadInterface, WithVector,
};
use quadrant_transport::Result;

use crate::convert::{FromProto, IntoProto, finite_in, finite_out, required, undecodable};
use crate::proto::{self, facet_value};

// ---------------------------------------------------------------------------------------------
// Batches and groups of universal queries

impl IntoProto<proto::QueryBatchPoints> for QueryBatchPoints {
    fn into_proto(self) -> Result<proto::QueryBatchPoints> {
        let collection_name = self.collection_name;
        Ok(proto::QueryBatchPoints {
            query_points: self
                .searches
                .into_iter()
                .map(|query| {
                    QueryPoints {
                        collection_name: collection_name.clone(),
                        consistency: None,
                        timeout: None,
                        ..query
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

impl FromProto<proto::QueryBatchResponse> for Vec<QueryResponse> {
    fn from_proto(message: proto::QueryBatchResponse) -> Result<Self> {
        message
            .result
            .into_iter()
            .map(|batch| {
                Ok(QueryResponse {
                    points: Vec::from_proto(batch.result)?,
                })
            })
            .collect()
    }
}

impl IntoProto<proto::QueryPointGroups> for QueryPointGroups {
    fn into_proto(self) -> Result<proto::QueryPointGroups> {
        Ok(proto::QueryPointGroups {
            collection_name: self.collection_name,
            prefetch: self.prefetch.unwrap_or_default().into_proto()?,
            query: self.query.into_proto()?,
            using: self.using,
            filter: self.filter.into_proto()?,
            params: self.params.into_proto()?,
            score_threshold: self
                .score_threshold
                .map(|threshold| finite_out(threshold, "QueryPointGroups.score_threshold"))
                .transpose()?,
            with_payload: self.with_payload.into_proto()?,
            with_vectors: self.with_vector.into_proto()?,
            lookup_from: self.lookup_from.into_proto()?,
            limit: self.limit,
            group_size: self.group_size,
            group_by: self.group_by,
            read_consistency: self.consistency.into_proto()?,
            with_lookup: self.with_lookup.into_proto()?,
            timeout: self.timeout,
            shard_key_selector: self.shard_key.into_proto()?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// One point

impl IntoProto<proto::GetPoints> for GetPoint {
    fn into_proto(self) -> Result<proto::GetPoints> {
        Ok(proto::GetPoints {
            collection_name: self.collection_name,
            ids: vec![self.id.into_proto()?],
            with_payload: Some(WithPayloadInterface::Bool(true).into_proto()?),
            with_vectors: Some(WithVector::Bool(true).into_proto()?),
            read_consistency: self.consistency.into_proto()?,
            shard_key_selector: None,
            timeout: None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Facets

impl IntoProto<proto::FacetCounts> for FacetCounts {
    fn into_proto(self) -> Result<proto::FacetCounts> {
        Ok(proto::FacetCounts {
            collection_name: self.collection_name,
            key: self.key,
            filter: self.filter.into_proto()?,
            limit: self.limit,
            exact: self.exact,
            timeout: self.timeout,
            read_consistency: self.consistency.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
        })
    }
}

impl FromProto<proto::FacetValue> for FacetValue {
    fn from_proto(message: proto::FacetValue) -> Result<Self> {
        Ok(match required(message.variant, "FacetValue.variant")? {
            facet_value::Variant::StringValue(value) => FacetValue::String(value),
            facet_value::Variant::IntegerValue(value) => FacetValue::Integer(value),
            facet_value::Variant::BoolValue(value) => FacetValue::Bool(value),
        })
    }
}

impl FromProto<proto::FacetHit> for FacetValueHit {
    fn from_proto(message: proto::FacetHit) -> Result<Self> {
        Ok(FacetValueHit {
            value: FacetValue::from_proto(required(message.value, "FacetHit.value")?)?,
            count: message.count,
        })
    }
}

impl FromProto<proto::FacetResponse> for FacetResponse {
    fn from_proto(message: proto::FacetResponse) -> Result<Self> {
        Ok(FacetResponse {
            hits: Vec::from_proto(message.hits)?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Distance matrix

impl IntoProto<proto::SearchMatrixPoints> for SearchMatrixPoints {
    fn into_proto(self) -> Result<proto::SearchMatrixPoints> {
        Ok(proto::SearchMatrixPoints {
            collection_name: self.collection_name,
            filter: self.filter.into_proto()?,
            sample: self.sample,
            limit: self.limit,
            using: self.using,
            timeout: self.timeout,
            read_consistency: self.consistency.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
        })
    }
}

impl FromProto<proto::SearchMatrixPair> for SearchMatrixPair {
    fn from_proto(message: proto::SearchMatrixPair) -> Result<Self> {
        Ok(SearchMatrixPair {
            a: PointId::from_proto(required(message.a, "SearchMatrixPair.a")?)?,
            b: PointId::from_proto(required(message.b, "SearchMatrixPair.b")?)?,
            score: finite_in(message.score, "SearchMatrixPair.score")?,
        })
    }
}

impl FromProto<proto::SearchMatrixPairsResponse> for SearchMatrixPairsResponse {
    fn from_proto(message: proto::SearchMatrixPairsResponse) -> Result<Self> {
        let result = required(message.result, "SearchMatrixPairsResponse.result")?;
        Ok(SearchMatrixPairsResponse {
            pairs: Vec::from_proto(result.pairs)?,
        })
    }
}

impl FromProto<proto::SearchMatrixOffsetsResponse> for SearchMatrixOffsetsResponse {
    fn from_proto(message: proto::SearchMatrixOffsetsResponse) -> Result<Self> {
        let result = required(message.result, "SearchMatrixOffsetsResponse.result")?;
        let entries = result.scores.len();
        if result.offsets_row.len() != entries || result.offsets_col.len() != entries {
            return Err(undecodable(
                "SearchMatrixOffsets",
                format!(
                    "{} rows, {} columns and {entries} scores do not make entries",
                    result.offsets_row.len(),
                    result.offsets_col.len()
                ),
            ));
        }
        let ids = Vec::<PointId>::from_proto(result.ids)?;
        let within = |offset: &u64| usize::try_from(*offset).is_ok_and(|offset| offset < ids.len());
        if let Some(offset) = result
            .offsets_row
            .iter()
            .chain(&result.offsets_col)
            .find(|offset| !within(offset))
        {
            return Err(undecodable(
                "SearchMatrixOffsets",
                format!("offset {offset} is outside the {} ids", ids.len()),
            ));
        }
        for score in &result.scores {
            finite_in(*score, "SearchMatrixOffsets.scores")?;
        }
        Ok(SearchMatrixOffsetsResponse {
            offsets_row: result.offsets_row,
            offsets_col: result.offsets_col,
            scores: result.scores,
            ids,
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::{Condition, Filter, WithLookup};
    use quadrant_transport::ErrorKind;

    use super::*;

    fn id(n: u64) -> Option<proto::PointId> {
        Some(PointId::Num(n).into_proto().unwrap())
    }

    #[test]
    fn a_batch_carries_its_collection_in_every_query() {
        let batch = QueryBatchPoints::new(
            "c",
            [
                QueryPoints::new("ignored").query(vec![0.5]).timeout(9),
                QueryPoints::new("").limit(2),
            ],
        )
        .timeout(4);
        let message: proto::QueryBatchPoints = batch.into_proto().unwrap();
        assert_eq!(message.timeout, Some(4));
        assert_eq!(message.query_points.len(), 2);
        for query in &message.query_points {
            assert_eq!(query.collection_name, "c");
            assert_eq!(query.timeout, None);
        }
        let answer = proto::QueryBatchResponse {
            result: vec![
                proto::BatchResult {
                    result: vec![proto::ScoredPoint {
                        id: id(3),
                        score: 0.5,
                        ..proto::ScoredPoint::default()
                    }],
                },
                proto::BatchResult { result: Vec::new() },
            ],
            time: 0.0,
            usage: None,
        };
        let responses = Vec::<QueryResponse>::from_proto(answer).unwrap();
        assert_eq!(responses.len(), 2);
        assert_eq!(responses[0].points[0].id, PointId::Num(3));
        assert!(responses[1].points.is_empty());
    }

    #[test]
    fn grouped_queries_send_the_lookup() {
        let request = QueryPointGroups::new("c", "city")
            .query(vec![0.5])
            .group_size(2)
            .limit(3)
            .with_lookup(WithLookup::new("other").with_vectors(true));
        let message: proto::QueryPointGroups = request.into_proto().unwrap();
        assert_eq!(message.group_by, "city");
        assert_eq!((message.group_size, message.limit), (Some(2), Some(3)));
        let lookup = message.with_lookup.unwrap();
        assert_eq!(lookup.collection, "other");
        assert!(lookup.with_payload.is_none());
        assert!(lookup.with_vectors.is_some());
    }

    #[test]
    fn one_point_asks_for_payload_and_vectors() {
        let message: proto::GetPoints = GetPoint::new("c", 7).into_proto().unwrap();
        assert_eq!(message.ids, vec![id(7).unwrap()]);
        assert_eq!(
            message.with_payload,
            Some(WithPayloadInterface::Bool(true).into_proto().unwrap())
        );
        assert_eq!(
            message.with_vectors,
            Some(WithVector::Bool(true).into_proto().unwrap())
        );
    }

    #[test]
    fn facets_read_every_value_kind() {
        let hit = |variant, count| proto::FacetHit {
            value: Some(proto::FacetValue {
                variant: Some(variant),
            }),
            count,
        };
        let answer = proto::FacetResponse {
            hits: vec![
                hit(facet_value::Variant::StringValue("Berlin".into()), 3),
                hit(facet_value::Variant::IntegerValue(-1), 2),
                hit(facet_value::Variant::BoolValue(true), 1),
            ],
            time: 0.0,
            usage: None,
        };
        let response = FacetResponse::from_proto(answer).unwrap();
        assert_eq!(
            response.hits,
            [
                FacetValueHit {
                    value: FacetValue::String("Berlin".into()),
                    count: 3
                },
                FacetValueHit {
                    value: FacetValue::Integer(-1),
                    count: 2
                },
                FacetValueHit {
                    value: FacetValue::Bool(true),
                    count: 1
                },
            ]
        );
        let empty = proto::FacetResponse {
            hits: vec![proto::FacetHit {
                value: None,
                count: 1,
            }],
            time: 0.0,
            usage: None,
        };
        assert_eq!(
            FacetResponse::from_proto(empty).unwrap_err().kind(),
            ErrorKind::Decode
        );
        let request: proto::FacetCounts = FacetCounts::new("c", "city")
            .filter(Filter::must([Condition::matches("a", 1)]))
            .exact(true)
            .into_proto()
            .unwrap();
        assert_eq!(request.exact, Some(true));
        assert!(request.filter.is_some());
    }

    #[test]
    fn matrix_offsets_must_index_the_ids() {
        let offsets =
            |row: Vec<u64>, col: Vec<u64>, scores: Vec<f32>| proto::SearchMatrixOffsetsResponse {
                result: Some(proto::SearchMatrixOffsets {
                    offsets_row: row,
                    offsets_col: col,
                    scores,
                    ids: vec![id(1).unwrap(), id(2).unwrap()],
                }),
                time: 0.0,
                usage: None,
            };
        let good =
            SearchMatrixOffsetsResponse::from_proto(offsets(vec![0, 1], vec![1, 0], vec![0.5; 2]))
                .unwrap();
        assert_eq!(good.ids, [PointId::Num(1), PointId::Num(2)]);
        for bad in [
            offsets(vec![0, 2], vec![1, 0], vec![0.5; 2]),
            offsets(vec![0], vec![1, 0], vec![0.5; 2]),
            offsets(vec![0], vec![1], vec![f32::NAN]),
        ] {
            let error = SearchMatrixOffsetsResponse::from_proto(bad).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        }
        let pairs = proto::SearchMatrixPairsResponse {
            result: Some(proto::SearchMatrixPairs {
                pairs: vec![proto::SearchMatrixPair {
                    a: id(1),
                    b: id(2),
                    score: 0.25,
                }],
            }),
            time: 0.0,
            usage: None,
        };
        let read = SearchMatrixPairsResponse::from_proto(pairs).unwrap();
        assert_eq!(read.pairs[0].b, PointId::Num(2));
        assert_eq!(read.pairs[0].score, 0.25);
    }
}
