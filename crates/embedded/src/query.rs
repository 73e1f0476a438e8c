//! Builds the engine's query request from a [`QueryPoints`], the way the server's collection
//! layer does before it reaches a shard: defaults, validation, point ids resolved to vectors
//! (in this collection or the `lookup_from` one), average vectors for recommendations, formula
//! trees, and the referenced ids excluded from the results.

use std::collections::{BTreeMap, HashMap};

use qdrant_edge::external::ordered_float::OrderedFloat;
use qdrant_edge::{
    Condition, ContextPair as EdgeContextPair, ContextQuery as EdgeContextQuery, DecayKind,
    DiscoverQuery as EdgeDiscoverQuery, EdgeShard, Expression as EdgeExpression,
    FeedbackItem as EdgeFeedbackItem, FeedbackNaiveQuery, Filter, Formula as EdgeFormula,
    Fusion as EdgeFusion, HasIdCondition, JsonPath, Mmr as EdgeMmr, NaiveFeedbackStrategy,
    NamedQuery, OrderBy, OrderByInterface, Prefetch as EdgePrefetch, QueryEnum, QueryRequest,
    RecommendQuery as EdgeRecommendQuery, Sample as EdgeSample, ScoringQuery, VectorInternal,
    VectorStructInternal, WithPayloadInterface, WithVector,
};
use quadrant_models::{
    ContextInput, ContextPair, DecayParamsExpression, DiscoverQuery, Expression, FeedbackStrategy,
    FormulaQuery, Fusion, LookupLocation, NearestQuery, Prefetch, Query, QueryInterface,
    QueryPoints, QueryResponse, RecommendQuery, RecommendStrategy, RelevanceFeedbackQuery,
    RrfQuery, Sample, VectorInput, VectorStructOutput,
};
use quadrant_transport::{Error, ErrorKind, Operation, Resource, Result};

use crate::convert::{self, bridge, to_usize};
use crate::database::Database;
use crate::error;

/// The server's default `limit` of a query and of a prefetch.
pub(crate) const DEFAULT_LIMIT: usize = 10;
/// The server's default MMR lambda (diversity 0.5).
const DEFAULT_MMR_LAMBDA: f32 = 0.5;
/// The server's default RRF rank constant.
const DEFAULT_RRF_K: usize = 2;

/// Where the vectors of point ids used as query inputs are read: the queried collection, or
/// the `lookup_from` collection of the same database.
pub(crate) struct Resolver<'a> {
    /// The shard of the queried collection.
    pub(crate) shard: &'a EdgeShard,
    /// The name of the queried collection.
    pub(crate) collection: &'a str,
    /// The database, for `lookup_from` collections.
    pub(crate) database: &'a Database,
    /// The operation being served, for error messages.
    pub(crate) operation: Operation,
}

impl Resolver<'_> {
    /// The stored vector `using` of point `id`, and whether it was read from the queried
    /// collection (the server then leaves that point out of the results).
    fn vector(
        &self,
        id: qdrant_edge::PointId,
        using: &str,
        lookup: Option<&LookupLocation>,
    ) -> Result<(VectorInternal, bool)> {
        let Some(lookup) = lookup else {
            return Ok((stored_vector(self.shard, id, using)?, true));
        };
        if lookup.shard_key.is_some() {
            return Err(error::unsupported(
                self.operation,
                "`lookup_from.shard_key` (custom sharding)",
            ));
        }
        let name = lookup.vector.as_deref().unwrap_or(using);
        if lookup.collection == self.collection {
            // Not through `Database::collection`: taking this collection's read lock again
            // could wait behind a writer that waits for us.
            return Ok((stored_vector(self.shard, id, name)?, true));
        }
        let other = self.database.collection(&lookup.collection)?;
        let vector = other.read(|shard| stored_vector(shard, id, name))?;
        Ok((vector, false))
    }

    /// Runs a planned query and converts the answer, keeping only the vectors asked for.
    pub(crate) fn run(&self, request: &QueryPoints) -> Result<QueryResponse> {
        let planned = plan(self, request)?;
        let points = self.shard.query(planned.request).map_err(error::engine)?;
        Ok(QueryResponse {
            points: points
                .into_iter()
                .skip(planned.skip)
                .map(|point| {
                    let mut point = convert::scored_point(point);
                    // MMR makes the engine fetch the vectors it diversifies by; the server
                    // returns only the vectors that were asked for.
                    point.vector = select_vectors(point.vector, request.with_vector.as_ref());
                    point
                })
                .collect(),
        })
    }
}

/// A query ready for the engine, and the part of the answer to drop.
pub(crate) struct PlannedQuery {
    pub(crate) request: QueryRequest,
    /// The engine (0.7.2) ignores `offset`, so the request asks for `limit + offset` points
    /// and this many are dropped from the front of the answer.
    pub(crate) skip: usize,
}

/// State of one translation: the resolver, and the ids whose points must not be found.
struct Planner<'r, 'a> {
    resolver: &'r Resolver<'a>,
    referenced: Vec<qdrant_edge::PointId>,
}

/// Translates a query request.
pub(crate) fn plan(resolver: &Resolver<'_>, request: &QueryPoints) -> Result<PlannedQuery> {
    let op = resolver.operation;
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
        return Err(error::unsupported(op, "`shard_key` (custom sharding)"));
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

    let mut planner = Planner {
        resolver,
        referenced: Vec::new(),
    };
    let query = query
        .as_ref()
        .map(|query| planner.scoring_query(query, using.as_deref(), limit, lookup_from.as_ref()))
        .transpose()?;
    let prefetches = prefetches
        .iter()
        .map(|prefetch| planner.prefetch(prefetch))
        .collect::<Result<Vec<_>>>()?;

    let mut filter: Option<Filter> = filter
        .as_ref()
        .map(|f| convert::edge_filter(f, "filter", op))
        .transpose()?;
    if !planner.referenced.is_empty() {
        // As the server does: a query by point id must not find that point itself.
        let exclude = Filter::new_must_not(Condition::HasId(HasIdCondition::from_iter(
            planner.referenced,
        )));
        filter = Some(exclude.merge_owned(filter.unwrap_or_default()));
    }

    let request = QueryRequest {
        prefetches,
        query,
        filter,
        score_threshold: score_threshold.map(OrderedFloat),
        limit: limit.saturating_add(offset),
        offset: 0,
        params: params.as_ref().map(|p| search_params(p, op)).transpose()?,
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

/// Converts search settings into the engine's, refusing those it does not have.
fn search_params(
    params: &quadrant_models::SearchParams,
    op: Operation,
) -> Result<qdrant_edge::SearchParams> {
    if params.idf.is_some() {
        return Err(error::newer_feature(
            op,
            "`params.idf` (an IDF corpus)",
            "1.19",
        ));
    }
    convert::bridge_strict(params, "params", op)
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

impl Planner<'_, '_> {
    fn op(&self) -> Operation {
        self.resolver.operation
    }

    fn prefetch(&mut self, prefetch: &Prefetch) -> Result<EdgePrefetch> {
        let op = self.op();
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
        let inner = inner.as_deref().unwrap_or_default();
        validate(query.as_ref(), using.as_deref(), inner, *score_threshold)?;
        let limit = limit.map_or(DEFAULT_LIMIT, to_usize);
        Ok(EdgePrefetch {
            prefetches: inner
                .iter()
                .map(|p| self.prefetch(p))
                .collect::<Result<_>>()?,
            query: query
                .as_ref()
                .map(|q| self.scoring_query(q, using.as_deref(), limit, lookup_from.as_ref()))
                .transpose()?,
            limit,
            params: params.as_ref().map(|p| search_params(p, op)).transpose()?,
            filter: filter
                .as_ref()
                .map(|f| convert::edge_filter(f, "filter", op))
                .transpose()?,
            score_threshold: score_threshold.map(OrderedFloat),
        })
    }

    fn scoring_query(
        &mut self,
        query: &QueryInterface,
        using: Option<&str>,
        limit: usize,
        lookup: Option<&LookupLocation>,
    ) -> Result<ScoringQuery> {
        let op = self.op();
        let using = using.unwrap_or(qdrant_edge::DEFAULT_VECTOR_NAME);
        let query = match query {
            QueryInterface::Nearest(input) => {
                return self.nearest(input, None, using, limit, lookup);
            }
            QueryInterface::Query(query) => query,
        };
        Ok(match query {
            Query::Nearest(NearestQuery {
                nearest: input,
                mmr,
            }) => {
                return self.nearest(input, mmr.as_ref(), using, limit, lookup);
            }
            Query::Recommend(RecommendQuery { recommend }) => {
                let positive = self.vectors(recommend.positive.as_deref(), using, lookup)?;
                let negative = self.vectors(recommend.negative.as_deref(), using, lookup)?;
                recommend_query(
                    positive,
                    negative,
                    recommend
                        .strategy
                        .unwrap_or(RecommendStrategy::AverageVector),
                    using,
                    op,
                )?
            }
            Query::Discover(DiscoverQuery { discover }) => {
                let target = self.vector(&discover.target, using, lookup)?;
                let pairs = self.context_pairs(discover.context.as_ref(), using, lookup)?;
                ScoringQuery::Vector(QueryEnum::Discover(NamedQuery::new(
                    EdgeDiscoverQuery::new(target, pairs),
                    using,
                )))
            }
            Query::Context(context) => {
                let pairs = self.context_pairs(context.context.as_ref(), using, lookup)?;
                ScoringQuery::Vector(QueryEnum::Context(NamedQuery::new(
                    EdgeContextQuery::new(pairs),
                    using,
                )))
            }
            Query::RelevanceFeedback(RelevanceFeedbackQuery { relevance_feedback }) => {
                let target = self.vector(&relevance_feedback.target, using, lookup)?;
                let feedback = relevance_feedback
                    .feedback
                    .iter()
                    .map(|item| {
                        Ok(EdgeFeedbackItem {
                            vector: self.vector(&item.example, using, lookup)?,
                            score: OrderedFloat(item.score),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let coefficients = match relevance_feedback.strategy {
                    FeedbackStrategy::Naive(naive) => NaiveFeedbackStrategy {
                        a: OrderedFloat(naive.a),
                        b: OrderedFloat(naive.b),
                        c: OrderedFloat(naive.c),
                    },
                    other => {
                        return Err(error::unsupported(
                            op,
                            format!("the relevance feedback strategy {other:?}"),
                        ));
                    }
                };
                ScoringQuery::Vector(QueryEnum::FeedbackNaive(NamedQuery::new(
                    FeedbackNaiveQuery {
                        target,
                        feedback,
                        coefficients,
                    },
                    using,
                )))
            }
            Query::Fusion(fusion) => ScoringQuery::Fusion(match fusion.fusion {
                Fusion::Rrf => EdgeFusion::Rrf {
                    k: DEFAULT_RRF_K,
                    weights: None,
                },
                Fusion::Dbsf => EdgeFusion::Dbsf,
                other => return Err(error::unsupported(op, format!("fusion {other:?}"))),
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
            Query::Formula(formula) => {
                ScoringQuery::Formula(formula_of(formula, op)?.try_into().map_err(error::engine)?)
            }
            Query::Sample(sample) => match sample.sample {
                Sample::Random => ScoringQuery::Sample(EdgeSample::Random),
                other => return Err(error::unsupported(op, format!("sample {other:?}"))),
            },
            Query::Text(_) => {
                return Err(error::newer_feature(op, "the BM25 `text` query", "1.20"));
            }
            other => return Err(error::unsupported(op, format!("the query {other:?}"))),
        })
    }

    fn nearest(
        &mut self,
        input: &VectorInput,
        mmr: Option<&quadrant_models::Mmr>,
        using: &str,
        limit: usize,
        lookup: Option<&LookupLocation>,
    ) -> Result<ScoringQuery> {
        let vector = self.vector(input, using, lookup)?;
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

    fn vectors(
        &mut self,
        inputs: Option<&[VectorInput]>,
        using: &str,
        lookup: Option<&LookupLocation>,
    ) -> Result<Vec<VectorInternal>> {
        inputs
            .unwrap_or_default()
            .iter()
            .map(|input| self.vector(input, using, lookup))
            .collect()
    }

    fn context_pairs(
        &mut self,
        context: Option<&ContextInput>,
        using: &str,
        lookup: Option<&LookupLocation>,
    ) -> Result<Vec<EdgeContextPair<VectorInternal>>> {
        let pairs: &[ContextPair] = match context {
            None => &[],
            Some(ContextInput::Pair(pair)) => std::slice::from_ref(pair),
            Some(ContextInput::Pairs(pairs)) => pairs,
        };
        pairs
            .iter()
            .map(|pair| {
                Ok(EdgeContextPair {
                    positive: self.vector(&pair.positive, using, lookup)?,
                    negative: self.vector(&pair.negative, using, lookup)?,
                })
            })
            .collect()
    }

    /// The vector of a query input; a point id is replaced by that point's vector `using`.
    fn vector(
        &mut self,
        input: &VectorInput,
        using: &str,
        lookup: Option<&LookupLocation>,
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
                let (vector, same_collection) = self.resolver.vector(id, using, lookup)?;
                if same_collection {
                    self.referenced.push(id);
                }
                vector
            }
            _ => return Err(convert::inference_unsupported(self.op())),
        })
    }
}

/// A recommendation: the average vector strategy is a nearest query by a vector built here,
/// as the server does; the two scoring strategies are engine queries.
fn recommend_query(
    positive: Vec<VectorInternal>,
    negative: Vec<VectorInternal>,
    strategy: RecommendStrategy,
    using: &str,
    op: Operation,
) -> Result<ScoringQuery> {
    let query = match strategy {
        RecommendStrategy::AverageVector => {
            if positive.is_empty() {
                return Err(error::bad_request(
                    "At least one positive vector ID required with this strategy",
                ));
            }
            let vector = average_vector(positive, negative, op)?;
            QueryEnum::Nearest(NamedQuery::new(vector, using))
        }
        RecommendStrategy::BestScore | RecommendStrategy::SumScores => {
            if positive.is_empty() && negative.is_empty() {
                return Err(error::bad_request(
                    "At least one positive or negative vector ID required with this strategy",
                ));
            }
            let query = NamedQuery::new(EdgeRecommendQuery::new(positive, negative), using);
            if strategy == RecommendStrategy::BestScore {
                QueryEnum::RecommendBestScore(query)
            } else {
                QueryEnum::RecommendSumScores(query)
            }
        }
        other => {
            return Err(error::unsupported(
                op,
                format!("the recommend strategy {other:?}"),
            ));
        }
    };
    Ok(ScoringQuery::Vector(query))
}

/// The server's average vector recommendation: the mean of the positive examples, pushed
/// away from the mean of the negative ones (`2 * positive - negative`).
fn average_vector(
    positive: Vec<VectorInternal>,
    negative: Vec<VectorInternal>,
    op: Operation,
) -> Result<VectorInternal> {
    let positive = mean(positive)?;
    if negative.is_empty() {
        return Ok(positive);
    }
    let negative = mean(negative)?;
    Ok(match (positive, negative) {
        (VectorInternal::Dense(p), VectorInternal::Dense(n)) => {
            if p.len() != n.len() {
                return Err(dimension_error(p.len(), n.len()));
            }
            VectorInternal::Dense(p.iter().zip(&n).map(|(p, n)| p + p - n).collect())
        }
        (VectorInternal::Sparse(p), VectorInternal::Sparse(n)) => {
            let mut merged: BTreeMap<u32, f32> = BTreeMap::new();
            for (index, value) in p.indices.iter().zip(&p.values) {
                *merged.entry(*index).or_default() += 2.0 * value;
            }
            for (index, value) in n.indices.iter().zip(&n.values) {
                *merged.entry(*index).or_default() -= value;
            }
            sparse_from_map(merged)?
        }
        (VectorInternal::MultiDense(_), VectorInternal::MultiDense(_)) => {
            return Err(error::unsupported(
                op,
                "negative examples for multivectors with the `average_vector` strategy",
            ));
        }
        _ => return Err(mixed_vectors()),
    })
}

/// The mean of vectors of one kind. Multivectors have no mean: the server concatenates
/// their rows.
fn mean(vectors: Vec<VectorInternal>) -> Result<VectorInternal> {
    let count = vectors.len();
    let mut vectors = vectors.into_iter();
    let Some(first) = vectors.next() else {
        return Err(error::bad_request("No vectors given to average"));
    };
    #[allow(
        clippy::cast_precision_loss,
        reason = "a count of query examples is far below 2^24"
    )]
    let divisor = count as f32;
    Ok(match first {
        VectorInternal::Dense(mut sum) => {
            for vector in vectors {
                let VectorInternal::Dense(vector) = vector else {
                    return Err(mixed_vectors());
                };
                if vector.len() != sum.len() {
                    return Err(dimension_error(sum.len(), vector.len()));
                }
                sum.iter_mut().zip(&vector).for_each(|(s, v)| *s += v);
            }
            sum.iter_mut().for_each(|s| *s /= divisor);
            VectorInternal::Dense(sum)
        }
        VectorInternal::Sparse(first) => {
            let mut sum: BTreeMap<u32, f32> = BTreeMap::new();
            let mut add = |sparse: &qdrant_edge::SparseVector| {
                for (index, value) in sparse.indices.iter().zip(&sparse.values) {
                    *sum.entry(*index).or_default() += value;
                }
            };
            add(&first);
            for vector in vectors {
                let VectorInternal::Sparse(vector) = vector else {
                    return Err(mixed_vectors());
                };
                add(&vector);
            }
            sum.values_mut().for_each(|s| *s /= divisor);
            sparse_from_map(sum)?
        }
        VectorInternal::MultiDense(first) => {
            let mut rows: Vec<Vec<f32>> = first.multi_vectors().map(<[f32]>::to_vec).collect();
            for vector in vectors {
                let VectorInternal::MultiDense(vector) = vector else {
                    return Err(mixed_vectors());
                };
                rows.extend(vector.multi_vectors().map(<[f32]>::to_vec));
            }
            qdrant_edge::Vector::new_multi(rows)
                .map_err(error::engine)?
                .0
        }
    })
}

fn sparse_from_map(map: BTreeMap<u32, f32>) -> Result<VectorInternal> {
    let (indices, values) = map.into_iter().unzip();
    Ok(VectorInternal::Sparse(convert::sparse_vector(
        quadrant_models::SparseVector::new(indices, values),
    )?))
}

fn mixed_vectors() -> Error {
    error::bad_request("Can't average vectors of different types (dense, sparse, multivector)")
}

fn dimension_error(expected: usize, received: usize) -> Error {
    error::engine(qdrant_edge::OperationError::WrongVectorDimension {
        expected_dim: expected,
        received_dim: received,
    })
}

/// Converts a formula query into the engine's form.
fn formula_of(formula: &FormulaQuery, op: Operation) -> Result<EdgeFormula> {
    Ok(EdgeFormula {
        formula: expression(&formula.formula, op)?,
        defaults: formula
            .defaults
            .as_ref()
            .map(|defaults| {
                defaults
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default(),
    })
}

fn json_path(key: &str) -> Result<JsonPath> {
    bridge(&key, "payload key")
}

fn boxed(expr: &Expression, op: Operation) -> Result<Box<EdgeExpression>> {
    expression(expr, op).map(Box::new)
}

fn expressions(exprs: &[Expression], op: Operation) -> Result<Vec<EdgeExpression>> {
    exprs.iter().map(|e| expression(e, op)).collect()
}

fn expression(expr: &Expression, op: Operation) -> Result<EdgeExpression> {
    Ok(match expr {
        Expression::Constant(c) => EdgeExpression::Constant(*c),
        Expression::Variable(name) => EdgeExpression::Variable(name.clone()),
        Expression::Condition(condition) => {
            if let Some((feature, version)) = convert::newer_condition_feature(condition) {
                return Err(error::newer_feature(op, feature, version));
            }
            EdgeExpression::Condition(Box::new(bridge(condition, "formula condition")?))
        }
        Expression::GeoDistance(geo) => EdgeExpression::GeoDistance {
            origin: bridge(&geo.geo_distance.origin, "geo_distance.origin")?,
            to: json_path(&geo.geo_distance.to)?,
        },
        Expression::Datetime(datetime) => EdgeExpression::Datetime(datetime.datetime.clone()),
        Expression::DatetimeKey(key) => EdgeExpression::DatetimeKey(json_path(&key.datetime_key)?),
        Expression::Mult(mult) => EdgeExpression::Mult(expressions(&mult.mult, op)?),
        Expression::Sum(sum) => EdgeExpression::Sum(expressions(&sum.sum, op)?),
        Expression::Neg(neg) => EdgeExpression::Neg(boxed(&neg.neg, op)?),
        Expression::Abs(abs) => EdgeExpression::Abs(boxed(&abs.abs, op)?),
        Expression::Div(div) => EdgeExpression::Div {
            left: boxed(&div.div.left, op)?,
            right: boxed(&div.div.right, op)?,
            by_zero_default: div.div.by_zero_default,
        },
        Expression::Sqrt(sqrt) => EdgeExpression::Sqrt(boxed(&sqrt.sqrt, op)?),
        Expression::Pow(pow) => EdgeExpression::Pow {
            base: boxed(&pow.pow.base, op)?,
            exponent: boxed(&pow.pow.exponent, op)?,
        },
        Expression::Exp(exp) => EdgeExpression::Exp(boxed(&exp.exp, op)?),
        Expression::Log10(log) => EdgeExpression::Log10(boxed(&log.log10, op)?),
        Expression::Ln(ln) => EdgeExpression::Ln(boxed(&ln.ln, op)?),
        Expression::LinDecay(decay) => decay_of(DecayKind::Lin, &decay.lin_decay, op)?,
        Expression::ExpDecay(decay) => decay_of(DecayKind::Exp, &decay.exp_decay, op)?,
        Expression::GaussDecay(decay) => decay_of(DecayKind::Gauss, &decay.gauss_decay, op)?,
        Expression::Max(_) => return Err(error::newer_feature(op, "the `max` expression", "1.20")),
        Expression::Min(_) => return Err(error::newer_feature(op, "the `min` expression", "1.20")),
        Expression::Acosh(_) => {
            return Err(error::newer_feature(op, "the `acosh` expression", "1.20"));
        }
        other => {
            return Err(error::unsupported(
                op,
                format!("the formula expression {other:?}"),
            ));
        }
    })
}

fn decay_of(
    kind: DecayKind,
    params: &DecayParamsExpression,
    op: Operation,
) -> Result<EdgeExpression> {
    Ok(EdgeExpression::Decay {
        kind,
        x: boxed(&params.x, op)?,
        target: params.target.as_deref().map(|t| boxed(t, op)).transpose()?,
        midpoint: params.midpoint,
        scale: params.scale,
    })
}

/// The vector `using` of a stored point, with the server's errors when there is none.
pub(crate) fn stored_vector(
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
        return Err(Error::new(
            ErrorKind::NotFound,
            format!(
                "Not found: No point with id {} found",
                convert::point_id_from_edge(id)
            ),
        )
        .with_resource(Resource::Point));
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
        Error::new(
            ErrorKind::NotFound,
            format!("Not found: Vector with name {using:?} for point not found"),
        )
        .with_resource(Resource::Vector)
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

/// Runs several queries on one collection, for `operation` (a batch, or a classic endpoint
/// translated into queries).
pub(crate) fn run_batch(
    database: &Database,
    collection_name: &str,
    searches: &[QueryPoints],
    operation: Operation,
) -> Result<Vec<QueryResponse>> {
    let collection = database.collection(collection_name)?;
    collection.read(|shard| {
        let resolver = Resolver {
            shard,
            collection: collection_name,
            database,
            operation,
        };
        searches.iter().map(|search| resolver.run(search)).collect()
    })
}
