//! Builds the engine's query request from a [`QueryPoints`], the way the server's collection
//! layer does before it reaches a shard: defaults, validation, ids resolved to vectors, and
//! the referenced ids excluded from the results.

use qdrant_edge::external::ordered_float::OrderedFloat;
use qdrant_edge::{
    Condition, EdgeShard, Filter, Fusion as EdgeFusion, HasIdCondition, Mmr as EdgeMmr, NamedQuery,
    OrderBy, OrderByInterface, Prefetch as EdgePrefetch, QueryEnum, QueryRequest,
    Sample as EdgeSample, ScoringQuery, VectorInternal, VectorStructInternal, WithPayloadInterface,
    WithVector,
};
use quadrant_models::{
    Fusion, NearestQuery, Prefetch, Query, QueryInterface, QueryPoints, RrfQuery, Sample,
    VectorInput, VectorStructOutput,
};
use quadrant_transport::{Operation, Result};

use crate::convert::{self, bridge, to_usize};
use crate::error;

const OP: Operation = Operation::QueryPoints;

/// The server's default `limit` of a query and of a prefetch.
const DEFAULT_LIMIT: usize = 10;
/// The server's default MMR lambda (diversity 0.5).
const DEFAULT_MMR_LAMBDA: f32 = 0.5;
/// The server's default RRF rank constant.
const DEFAULT_RRF_K: usize = 2;

/// A query ready for the engine, and the part of the answer to drop.
pub(crate) struct PlannedQuery {
    pub(crate) request: QueryRequest,
    /// The engine (0.7.2) ignores `offset`, so the request asks for `limit + offset` points
    /// and this many are dropped from the front of the answer.
    pub(crate) skip: usize,
}

/// Translates a query request. `shard` resolves point ids used as query vectors.
pub(crate) fn plan(shard: &EdgeShard, request: &QueryPoints) -> Result<PlannedQuery> {
    // Exhaustive on purpose: a field added to the model fails to compile here rather than
    // being ignored.
    let QueryPoints {
        collection_name: _,
        // One replica, no deadline: nothing to choose.
        consistency: _,
        timeout: _,
        shard_key,
        prefetch,
        query,
        using,
        filter,
        params,
        score_threshold,
        limit,
        offset,
        with_vector,
        with_payload,
        lookup_from,
    } = request;
    if shard_key.is_some() {
        return Err(error::unsupported(OP, "`shard_key` (custom sharding)"));
    }
    if lookup_from.is_some() {
        return Err(error::unsupported(OP, "`lookup_from`"));
    }
    let prefetches = prefetch.as_deref().unwrap_or_default();
    validate(
        query.as_ref(),
        using.as_deref(),
        prefetches,
        *score_threshold,
    )?;

    let limit = limit.map_or(DEFAULT_LIMIT, to_usize);
    let mut offset = offset.map_or(0, to_usize);
    if prefetches.is_empty() && matches!(query, Some(QueryInterface::Query(Query::Sample(_)))) {
        // As the server does: a random sample has no stable order to page through.
        offset = 0;
    }

    let mut referenced = Vec::new();
    let query = query
        .as_ref()
        .map(|query| scoring_query(shard, query, using.as_deref(), limit, &mut referenced))
        .transpose()?;
    let prefetches = prefetches
        .iter()
        .map(|prefetch| shard_prefetch(shard, prefetch, &mut referenced))
        .collect::<Result<Vec<_>>>()?;

    let mut filter: Option<Filter> = filter.as_ref().map(|f| bridge(f, "filter")).transpose()?;
    if !referenced.is_empty() {
        // As the server does: a query by point id must not find that point itself.
        let exclude = Filter::new_must_not(Condition::HasId(HasIdCondition::from_iter(referenced)));
        filter = Some(exclude.merge_owned(filter.unwrap_or_default()));
    }

    let request = QueryRequest {
        prefetches,
        query,
        filter,
        score_threshold: score_threshold.map(OrderedFloat),
        limit: limit.saturating_add(offset),
        offset: 0,
        params: params
            .as_ref()
            .map(|p| convert::bridge_strict(p, "params", OP))
            .transpose()?,
        with_vector: with_vector
            .as_ref()
            .map(|w| bridge(w, "with_vector"))
            .transpose()?
            .unwrap_or(WithVector::Bool(false)),
        with_payload: with_payload
            .as_ref()
            .map(|w| bridge(w, "with_payload"))
            .transpose()?
            .unwrap_or(WithPayloadInterface::Bool(false)),
    };
    Ok(PlannedQuery {
        request,
        skip: offset,
    })
}

/// The server's checks on the shape of a query (and of each prefetch).
fn validate(
    query: Option<&QueryInterface>,
    using: Option<&str>,
    prefetches: &[Prefetch],
    score_threshold: Option<f32>,
) -> Result<()> {
    if !prefetches.is_empty() && query.is_none() {
        return Err(error::bad_request(
            "A query is needed to merge the prefetches. Can't have prefetches without defining a query.",
        ));
    }
    if score_threshold.is_some() {
        match query {
            Some(QueryInterface::Query(Query::OrderBy(_))) => {
                return Err(error::bad_request(
                    "Can't use score_threshold with an order_by query.",
                ));
            }
            None => {
                return Err(error::bad_request(
                    "A query is needed to use the score_threshold. Can't have score_threshold without defining a query.",
                ));
            }
            Some(_) => {}
        }
    }
    if matches!(
        query,
        Some(QueryInterface::Query(Query::Fusion(_) | Query::Rrf(_)))
    ) && using.is_some_and(|name| !name.is_empty())
    {
        return Err(error::bad_request(
            "Fusion queries cannot be combined with the 'using' field.",
        ));
    }
    Ok(())
}

fn shard_prefetch(
    shard: &EdgeShard,
    prefetch: &Prefetch,
    referenced: &mut Vec<qdrant_edge::PointId>,
) -> Result<EdgePrefetch> {
    let Prefetch {
        prefetch: inner,
        query,
        using,
        filter,
        params,
        score_threshold,
        limit,
        lookup_from,
    } = prefetch;
    if lookup_from.is_some() {
        return Err(error::unsupported(OP, "`lookup_from` in a prefetch"));
    }
    let inner = inner.as_deref().unwrap_or_default();
    validate(query.as_ref(), using.as_deref(), inner, *score_threshold)?;
    let limit = limit.map_or(DEFAULT_LIMIT, to_usize);
    Ok(EdgePrefetch {
        prefetches: inner
            .iter()
            .map(|p| shard_prefetch(shard, p, referenced))
            .collect::<Result<_>>()?,
        query: query
            .as_ref()
            .map(|q| scoring_query(shard, q, using.as_deref(), limit, referenced))
            .transpose()?,
        limit,
        params: params
            .as_ref()
            .map(|p| convert::bridge_strict(p, "params", OP))
            .transpose()?,
        filter: filter.as_ref().map(|f| bridge(f, "filter")).transpose()?,
        score_threshold: score_threshold.map(OrderedFloat),
    })
}

fn scoring_query(
    shard: &EdgeShard,
    query: &QueryInterface,
    using: Option<&str>,
    limit: usize,
    referenced: &mut Vec<qdrant_edge::PointId>,
) -> Result<ScoringQuery> {
    let using = using.unwrap_or(qdrant_edge::DEFAULT_VECTOR_NAME);
    let query = match query {
        QueryInterface::Nearest(input) => {
            return nearest(shard, input, None, using, limit, referenced);
        }
        QueryInterface::Query(query) => query,
    };
    Ok(match query {
        Query::Nearest(NearestQuery {
            nearest: input,
            mmr,
        }) => {
            return nearest(shard, input, mmr.as_ref(), using, limit, referenced);
        }
        Query::Fusion(fusion) => ScoringQuery::Fusion(match fusion.fusion {
            Fusion::Rrf => EdgeFusion::Rrf {
                k: DEFAULT_RRF_K,
                weights: None,
            },
            Fusion::Dbsf => EdgeFusion::Dbsf,
            other => return Err(error::unsupported(OP, format!("fusion {other:?}"))),
        }),
        Query::Rrf(RrfQuery { rrf }) => ScoringQuery::Fusion(EdgeFusion::Rrf {
            k: rrf.k.map_or(DEFAULT_RRF_K, to_usize),
            weights: rrf
                .weights
                .as_ref()
                .map(|w| w.iter().copied().map(OrderedFloat).collect()),
        }),
        Query::OrderBy(order_by) => {
            let order_by: OrderByInterface = bridge(&order_by.order_by, "order_by")?;
            ScoringQuery::OrderBy(OrderBy::from(order_by))
        }
        Query::Sample(sample) => match sample.sample {
            Sample::Random => ScoringQuery::Sample(EdgeSample::Random),
            other => return Err(error::unsupported(OP, format!("sample {other:?}"))),
        },
        Query::Recommend(_) => return Err(error::unsupported(OP, "a `recommend` query")),
        Query::Discover(_) => return Err(error::unsupported(OP, "a `discover` query")),
        Query::Context(_) => return Err(error::unsupported(OP, "a `context` query")),
        Query::Formula(_) => return Err(error::unsupported(OP, "a `formula` query")),
        Query::RelevanceFeedback(_) => {
            return Err(error::unsupported(OP, "a `relevance_feedback` query"));
        }
        other => return Err(error::unsupported(OP, format!("the query {other:?}"))),
    })
}

fn nearest(
    shard: &EdgeShard,
    input: &VectorInput,
    mmr: Option<&quadrant_models::Mmr>,
    using: &str,
    limit: usize,
    referenced: &mut Vec<qdrant_edge::PointId>,
) -> Result<ScoringQuery> {
    let vector = query_vector(shard, input, using, referenced)?;
    Ok(match mmr {
        None => ScoringQuery::Vector(QueryEnum::Nearest(NamedQuery::new(vector, using))),
        Some(mmr) => ScoringQuery::Mmr(EdgeMmr {
            vector,
            using: using.to_owned(),
            lambda: OrderedFloat(mmr.diversity.map_or(DEFAULT_MMR_LAMBDA, |d| 1.0 - d)),
            candidates_limit: mmr.candidates_limit.map_or(limit, to_usize),
        }),
    })
}

/// The vector of a query input; a point id is replaced by that point's vector `using`.
fn query_vector(
    shard: &EdgeShard,
    input: &VectorInput,
    using: &str,
    referenced: &mut Vec<qdrant_edge::PointId>,
) -> Result<VectorInternal> {
    Ok(match input {
        VectorInput::Dense(dense) => VectorInternal::Dense(dense.clone()),
        VectorInput::MultiDense(rows) => {
            qdrant_edge::Vector::new_multi(rows.clone())
                .map_err(error::engine)?
                .0
        }
        VectorInput::Sparse(sparse) => {
            let mut sparse = convert::sparse_vector(sparse.clone())?;
            // As the server's preprocessing: scoring expects indices in order.
            sparse.sort_by_indices();
            VectorInternal::Sparse(sparse)
        }
        VectorInput::Id(id) => {
            let id = convert::point_id_to_edge(*id);
            referenced.push(id);
            stored_vector(shard, id, using)?
        }
        _ => return Err(convert::inference_unsupported(OP)),
    })
}

/// The vector `using` of a stored point, with the server's errors when there is none.
fn stored_vector(
    shard: &EdgeShard,
    id: qdrant_edge::PointId,
    using: &str,
) -> Result<VectorInternal> {
    let selector = WithVector::Selector(vec![using.to_owned()]);
    let records = shard
        .retrieve(
            &[id],
            Some(WithPayloadInterface::Bool(false)),
            Some(selector),
        )
        .map_err(error::engine)?;
    let Some(record) = records.into_iter().next() else {
        return Err(quadrant_transport::Error::new(
            quadrant_transport::ErrorKind::NotFound,
            format!(
                "Not found: No point with id {} found",
                convert::point_id_from_edge(id)
            ),
        ));
    };
    let vector = match record.vector {
        Some(VectorStructInternal::Single(dense)) if using.is_empty() => {
            Some(VectorInternal::Dense(dense))
        }
        Some(VectorStructInternal::MultiDense(multi)) if using.is_empty() => {
            Some(VectorInternal::MultiDense(multi))
        }
        Some(VectorStructInternal::Named(mut named)) => named.remove(using),
        _ => None,
    };
    vector.ok_or_else(|| {
        quadrant_transport::Error::new(
            quadrant_transport::ErrorKind::NotFound,
            format!("Not found: Vector with name {using:?} for point not found"),
        )
    })
}

/// Keeps the vectors that `with_vector` asked for (none by default).
pub(crate) fn select_vectors(
    vector: Option<VectorStructOutput>,
    with_vector: Option<&quadrant_models::WithVector>,
) -> Option<VectorStructOutput> {
    match with_vector {
        None | Some(quadrant_models::WithVector::Bool(false)) => None,
        Some(quadrant_models::WithVector::Bool(true)) => vector,
        Some(quadrant_models::WithVector::Names(names)) => match vector? {
            VectorStructOutput::Named(mut named) => {
                named.retain(|name, _| names.contains(name));
                Some(VectorStructOutput::Named(named))
            }
            unnamed => names.iter().any(|name| name.is_empty()).then_some(unnamed),
        },
    }
}
