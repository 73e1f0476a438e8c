//! The universal query: nearest neighbours (by vector or by id, with or without MMR),
//! recommend, discover, context, order by, fusion, RRF, formulas, sampling and relevance
//! feedback, with prefetches, search parameters and lookups.
//!
//! Differences from REST that the conversion bridges:
//! - REST writes a nearest-neighbours query as a bare vector or id, or as `{"nearest": …}`, and
//!   MMR inside it; gRPC has `nearest` and, with MMR, `nearest_with_mmr`. Queries read from gRPC
//!   are always [`QueryInterface::Query`].
//! - Context pairs are one pair or a list in REST, always a list in gRPC; no pairs and JSON
//!   `null` are the same empty list.
//! - `rrf.k` and `mmr.candidates_limit` are `uint32` on gRPC; larger values are refused.
//! - Formula expressions are tagged objects in REST and a oneof in gRPC; the trees map node for
//!   node.
//! - A BM25 `text` query given as bare text, or as `{"query": …}` without scorer parameters, is
//!   one and the same message; it reads back as bare text.
//! - `params.idf`: REST's `"global"` is the gRPC message without a corpus; it reads back as
//!   `"global"`.

use quadrant_models::{
    AbsExpression, AcornSearchParams, Condition, ContextInput, ContextPair, ContextQuery,
    DatetimeExpression, DatetimeKeyExpression, DecayParamsExpression, DiscoverInput, DiscoverQuery,
    DivExpression, DivParams, ExpDecayExpression, ExpExpression, Expression, FeedbackItem,
    FeedbackStrategy, FormulaQuery, Fusion, FusionQuery, GaussDecayExpression, GeoDistance,
    GeoDistanceParams, GeoPoint, LinDecayExpression, LnExpression, Log10Expression, LookupLocation,
    Mmr, MultExpression, NaiveFeedbackStrategyParams, NearestQuery, NegExpression,
    OrderByInterface, OrderByQuery, PowExpression, PowParams, Prefetch, QuantizationSearchParams,
    Query, QueryInterface, QueryPoints, QueryResponse, RecommendInput, RecommendQuery,
    RecommendStrategy, RelevanceFeedbackInput, RelevanceFeedbackQuery, Rrf, RrfQuery, Sample,
    SampleQuery, SearchParams, SqrtExpression, SumExpression, VectorInput,
};
use quadrant_models::{
    AcoshExpression, Bm25Params, Filter, IdfCorpusParams, IdfParams, IdfScope, MaxExpression,
    MinExpression, TextInterface, TextQuery, TextQueryInput, TextQueryScoring,
};
use quadrant_transport::Result;

use crate::convert::payload::{optional_payload_from_proto, optional_payload_into_proto};
use crate::convert::{
    FromProto, IntoProto, enum_conversions, finite_out, invalid, required, to_u32_opt,
};
use crate::proto::{self, expression, feedback_strategy, query, text_query};

enum_conversions!("Query.fusion", Fusion, proto::Fusion {
    Rrf <=> Rrf,
    Dbsf <=> Dbsf,
});

enum_conversions!("Query.sample", Sample, proto::Sample {
    Random <=> Random,
});

enum_conversions!("RecommendInput.strategy", RecommendStrategy, proto::RecommendStrategy {
    AverageVector <=> AverageVector,
    BestScore <=> BestScore,
    SumScores <=> SumScores,
});

// ---------------------------------------------------------------------------------------------
// Requests

impl IntoProto<proto::QueryPoints> for QueryPoints {
    fn into_proto(self) -> Result<proto::QueryPoints> {
        Ok(proto::QueryPoints {
            collection_name: self.collection_name,
            prefetch: self.prefetch.unwrap_or_default().into_proto()?,
            query: self.query.into_proto()?,
            using: self.using,
            filter: self.filter.into_proto()?,
            params: self.params.into_proto()?,
            score_threshold: self
                .score_threshold
                .map(|threshold| finite_out(threshold, "QueryPoints.score_threshold"))
                .transpose()?,
            limit: self.limit,
            offset: self.offset,
            with_vectors: self.with_vector.into_proto()?,
            with_payload: self.with_payload.into_proto()?,
            read_consistency: self.consistency.into_proto()?,
            shard_key_selector: self.shard_key.into_proto()?,
            lookup_from: self.lookup_from.into_proto()?,
            timeout: self.timeout,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::QueryPoints> for QueryPoints {
    fn from_proto(message: proto::QueryPoints) -> Result<Self> {
        Ok(QueryPoints {
            collection_name: message.collection_name,
            consistency: Option::from_proto(message.read_consistency)?,
            timeout: message.timeout,
            shard_key: Option::from_proto(message.shard_key_selector)?,
            prefetch: prefetches_in(message.prefetch)?,
            query: Option::from_proto(message.query)?,
            using: message.using,
            filter: Option::from_proto(message.filter)?,
            params: Option::from_proto(message.params)?,
            score_threshold: message.score_threshold,
            limit: message.limit,
            offset: message.offset,
            with_vector: Option::from_proto(message.with_vectors)?,
            with_payload: Option::from_proto(message.with_payload)?,
            lookup_from: Option::from_proto(message.lookup_from)?,
        })
    }
}

fn prefetches_in(prefetch: Vec<proto::PrefetchQuery>) -> Result<Option<Vec<Prefetch>>> {
    if prefetch.is_empty() {
        Ok(None)
    } else {
        Vec::from_proto(prefetch).map(Some)
    }
}

impl IntoProto<proto::PrefetchQuery> for Prefetch {
    fn into_proto(self) -> Result<proto::PrefetchQuery> {
        Ok(proto::PrefetchQuery {
            prefetch: self.prefetch.unwrap_or_default().into_proto()?,
            query: self.query.into_proto()?,
            using: self.using,
            filter: self.filter.into_proto()?,
            params: self.params.into_proto()?,
            score_threshold: self
                .score_threshold
                .map(|threshold| finite_out(threshold, "PrefetchQuery.score_threshold"))
                .transpose()?,
            limit: self.limit,
            lookup_from: self.lookup_from.into_proto()?,
        })
    }
}

impl FromProto<proto::PrefetchQuery> for Prefetch {
    fn from_proto(message: proto::PrefetchQuery) -> Result<Self> {
        Ok(Prefetch {
            prefetch: prefetches_in(message.prefetch)?,
            query: Option::from_proto(message.query)?,
            using: message.using,
            filter: Option::from_proto(message.filter)?,
            params: Option::from_proto(message.params)?,
            score_threshold: message.score_threshold,
            limit: message.limit,
            lookup_from: Option::from_proto(message.lookup_from)?,
        })
    }
}

impl IntoProto<proto::Query> for QueryInterface {
    fn into_proto(self) -> Result<proto::Query> {
        match self {
            QueryInterface::Nearest(vector) => Query::Nearest(NearestQuery::new(vector)),
            QueryInterface::Query(query) => query,
        }
        .into_proto()
    }
}

impl FromProto<proto::Query> for QueryInterface {
    fn from_proto(message: proto::Query) -> Result<Self> {
        Query::from_proto(message).map(QueryInterface::Query)
    }
}

impl IntoProto<proto::Query> for Query {
    fn into_proto(self) -> Result<proto::Query> {
        let variant = match self {
            Query::Nearest(NearestQuery { nearest, mmr: None }) => {
                query::Variant::Nearest(nearest.into_proto()?)
            }
            Query::Nearest(NearestQuery {
                nearest,
                mmr: Some(mmr),
            }) => query::Variant::NearestWithMmr(proto::NearestInputWithMmr {
                nearest: Some(nearest.into_proto()?),
                mmr: Some(mmr.into_proto()?),
            }),
            Query::Recommend(RecommendQuery { recommend }) => {
                query::Variant::Recommend(recommend.into_proto()?)
            }
            Query::Discover(DiscoverQuery { discover }) => {
                query::Variant::Discover(proto::DiscoverInput {
                    target: Some(discover.target.into_proto()?),
                    context: discover
                        .context
                        .map(|context| context_out(Some(context)))
                        .transpose()?,
                })
            }
            Query::Context(ContextQuery { context }) => {
                query::Variant::Context(context_out(context)?)
            }
            Query::OrderBy(OrderByQuery { order_by }) => {
                query::Variant::OrderBy(order_by.into_proto()?)
            }
            Query::Fusion(FusionQuery { fusion }) => query::Variant::Fusion(fusion.into_proto()?),
            Query::Rrf(RrfQuery { rrf }) => query::Variant::Rrf(proto::Rrf {
                k: to_u32_opt(rrf.k, "Rrf.k")?,
                weights: rrf.weights.unwrap_or_default(),
            }),
            Query::Formula(formula) => query::Variant::Formula(proto::Formula {
                expression: Some(formula.formula.into_proto()?),
                defaults: optional_payload_into_proto(formula.defaults)?,
            }),
            Query::Sample(SampleQuery { sample }) => query::Variant::Sample(sample.into_proto()?),
            Query::RelevanceFeedback(RelevanceFeedbackQuery { relevance_feedback }) => {
                query::Variant::RelevanceFeedback(relevance_feedback.into_proto()?)
            }
            Query::Text(TextQuery { text }) => query::Variant::Text(text.into_proto()?),
            other => return Err(invalid("Query", format!("{other:?} is not supported"))),
        };
        Ok(proto::Query {
            variant: Some(variant),
        })
    }
}

impl FromProto<proto::Query> for Query {
    fn from_proto(message: proto::Query) -> Result<Self> {
        Ok(match required(message.variant, "Query.variant")? {
            query::Variant::Nearest(nearest) => Query::Nearest(NearestQuery {
                nearest: VectorInput::from_proto(nearest)?,
                mmr: None,
            }),
            query::Variant::NearestWithMmr(nearest) => Query::Nearest(NearestQuery {
                nearest: VectorInput::from_proto(required(
                    nearest.nearest,
                    "NearestInputWithMmr.nearest",
                )?)?,
                mmr: Some(Mmr::from_proto(required(
                    nearest.mmr,
                    "NearestInputWithMmr.mmr",
                )?)?),
            }),
            query::Variant::Recommend(recommend) => Query::Recommend(RecommendQuery {
                recommend: RecommendInput::from_proto(recommend)?,
            }),
            query::Variant::Discover(discover) => Query::Discover(DiscoverQuery {
                discover: DiscoverInput {
                    target: VectorInput::from_proto(required(
                        discover.target,
                        "DiscoverInput.target",
                    )?)?,
                    context: context_in(discover.context)?,
                },
            }),
            query::Variant::Context(context) => Query::Context(ContextQuery {
                context: context_in(Some(context))?,
            }),
            query::Variant::OrderBy(order_by) => Query::OrderBy(OrderByQuery {
                order_by: OrderByInterface::from_proto(order_by)?,
            }),
            query::Variant::Fusion(fusion) => Query::Fusion(FusionQuery {
                fusion: Fusion::from_proto(fusion)?,
            }),
            query::Variant::Rrf(rrf) => Query::Rrf(RrfQuery {
                rrf: Rrf {
                    k: rrf.k.map(u64::from),
                    weights: (!rrf.weights.is_empty()).then_some(rrf.weights),
                },
            }),
            query::Variant::Formula(formula) => Query::Formula(FormulaQuery {
                formula: Expression::from_proto(required(
                    formula.expression,
                    "Formula.expression",
                )?)?,
                defaults: optional_payload_from_proto(formula.defaults)?,
            }),
            query::Variant::Sample(sample) => Query::Sample(SampleQuery {
                sample: Sample::from_proto(sample)?,
            }),
            query::Variant::RelevanceFeedback(feedback) => {
                Query::RelevanceFeedback(RelevanceFeedbackQuery {
                    relevance_feedback: RelevanceFeedbackInput::from_proto(feedback)?,
                })
            }
            query::Variant::Text(text) => Query::Text(TextQuery {
                text: TextInterface::from_proto(text)?,
            }),
        })
    }
}

impl IntoProto<proto::Mmr> for Mmr {
    fn into_proto(self) -> Result<proto::Mmr> {
        Ok(proto::Mmr {
            diversity: self
                .diversity
                .map(|diversity| finite_out(diversity, "Mmr.diversity"))
                .transpose()?,
            candidates_limit: to_u32_opt(self.candidates_limit, "Mmr.candidates_limit")?,
        })
    }
}

impl FromProto<proto::Mmr> for Mmr {
    fn from_proto(message: proto::Mmr) -> Result<Self> {
        Ok(Mmr {
            diversity: message.diversity,
            candidates_limit: message.candidates_limit.map(u64::from),
        })
    }
}

impl IntoProto<proto::RecommendInput> for RecommendInput {
    fn into_proto(self) -> Result<proto::RecommendInput> {
        Ok(proto::RecommendInput {
            positive: self.positive.unwrap_or_default().into_proto()?,
            negative: self.negative.unwrap_or_default().into_proto()?,
            strategy: self.strategy.into_proto()?,
        })
    }
}

impl FromProto<proto::RecommendInput> for RecommendInput {
    fn from_proto(message: proto::RecommendInput) -> Result<Self> {
        let examples = |examples: Vec<proto::VectorInput>| -> Result<Option<Vec<VectorInput>>> {
            if examples.is_empty() {
                Ok(None)
            } else {
                Vec::from_proto(examples).map(Some)
            }
        };
        Ok(RecommendInput {
            positive: examples(message.positive)?,
            negative: examples(message.negative)?,
            strategy: Option::from_proto(message.strategy)?,
        })
    }
}

fn context_out(context: Option<ContextInput>) -> Result<proto::ContextInput> {
    let pairs = match context {
        None => Vec::new(),
        Some(ContextInput::Pair(pair)) => vec![pair],
        Some(ContextInput::Pairs(pairs)) => pairs,
    };
    Ok(proto::ContextInput {
        pairs: pairs.into_proto()?,
    })
}

fn context_in(context: Option<proto::ContextInput>) -> Result<Option<ContextInput>> {
    match context {
        Some(context) if !context.pairs.is_empty() => {
            Ok(Some(ContextInput::Pairs(Vec::from_proto(context.pairs)?)))
        }
        _ => Ok(None),
    }
}

impl IntoProto<proto::ContextInputPair> for ContextPair {
    fn into_proto(self) -> Result<proto::ContextInputPair> {
        Ok(proto::ContextInputPair {
            positive: Some(self.positive.into_proto()?),
            negative: Some(self.negative.into_proto()?),
        })
    }
}

impl FromProto<proto::ContextInputPair> for ContextPair {
    fn from_proto(message: proto::ContextInputPair) -> Result<Self> {
        Ok(ContextPair {
            positive: VectorInput::from_proto(required(
                message.positive,
                "ContextInputPair.positive",
            )?)?,
            negative: VectorInput::from_proto(required(
                message.negative,
                "ContextInputPair.negative",
            )?)?,
        })
    }
}

impl IntoProto<proto::RelevanceFeedbackInput> for RelevanceFeedbackInput {
    fn into_proto(self) -> Result<proto::RelevanceFeedbackInput> {
        let strategy = match self.strategy {
            FeedbackStrategy::Naive(NaiveFeedbackStrategyParams { a, b, c }) => {
                feedback_strategy::Variant::Naive(proto::NaiveFeedbackStrategy { a, b, c })
            }
            other => {
                return Err(invalid(
                    "RelevanceFeedbackInput.strategy",
                    format!("{other:?} is not supported"),
                ));
            }
        };
        Ok(proto::RelevanceFeedbackInput {
            target: Some(self.target.into_proto()?),
            feedback: self
                .feedback
                .into_iter()
                .map(|item| -> Result<_> {
                    Ok(proto::FeedbackItem {
                        example: Some(item.example.into_proto()?),
                        score: finite_out(item.score, "FeedbackItem.score")?,
                    })
                })
                .collect::<Result<_>>()?,
            strategy: Some(proto::FeedbackStrategy {
                variant: Some(strategy),
            }),
        })
    }
}

impl FromProto<proto::RelevanceFeedbackInput> for RelevanceFeedbackInput {
    fn from_proto(message: proto::RelevanceFeedbackInput) -> Result<Self> {
        let strategy = required(message.strategy, "RelevanceFeedbackInput.strategy")?;
        let strategy = match required(strategy.variant, "FeedbackStrategy.variant")? {
            feedback_strategy::Variant::Naive(naive) => {
                FeedbackStrategy::Naive(NaiveFeedbackStrategyParams {
                    a: naive.a,
                    b: naive.b,
                    c: naive.c,
                })
            }
        };
        Ok(RelevanceFeedbackInput {
            target: VectorInput::from_proto(required(
                message.target,
                "RelevanceFeedbackInput.target",
            )?)?,
            feedback: message
                .feedback
                .into_iter()
                .map(|item| -> Result<_> {
                    Ok(FeedbackItem {
                        example: VectorInput::from_proto(required(
                            item.example,
                            "FeedbackItem.example",
                        )?)?,
                        score: item.score,
                    })
                })
                .collect::<Result<_>>()?,
            strategy,
        })
    }
}

/// A bare text and a text with no scorer parameters are the same message; it reads back bare.
impl IntoProto<proto::TextQuery> for TextInterface {
    fn into_proto(self) -> Result<proto::TextQuery> {
        let (query, scoring) = match self {
            TextInterface::Text(query) => (query, None),
            TextInterface::Input(TextQueryInput { query, scoring }) => (query, scoring),
        };
        let scoring = match scoring {
            None => None,
            Some(TextQueryScoring::Bm25(Bm25Params { k, b })) => {
                let finite = |value: Option<f32>, field| {
                    value.map(|value| finite_out(value, field)).transpose()
                };
                Some(text_query::Scoring::Bm25(proto::Bm25Params {
                    k: finite(k, "Bm25Params.k")?,
                    b: finite(b, "Bm25Params.b")?,
                }))
            }
            Some(other) => {
                return Err(invalid(
                    "TextQueryInput.scoring",
                    format!("{other:?} is not supported"),
                ));
            }
        };
        Ok(proto::TextQuery { query, scoring })
    }
}

impl FromProto<proto::TextQuery> for TextInterface {
    fn from_proto(message: proto::TextQuery) -> Result<Self> {
        Ok(match message.scoring {
            None => TextInterface::Text(message.query),
            Some(text_query::Scoring::Bm25(params)) => TextInterface::Input(TextQueryInput {
                query: message.query,
                scoring: Some(TextQueryScoring::Bm25(Bm25Params {
                    k: params.k,
                    b: params.b,
                })),
            }),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Formula expressions

fn boxed(expression: Expression) -> Result<Box<proto::Expression>> {
    expression.into_proto().map(Box::new)
}

fn unboxed(expression: Option<Box<proto::Expression>>, field: &str) -> Result<Box<Expression>> {
    Expression::from_proto(*required(expression, field)?).map(Box::new)
}

fn decay_out(decay: DecayParamsExpression) -> Result<Box<proto::DecayParamsExpression>> {
    Ok(Box::new(proto::DecayParamsExpression {
        x: Some(boxed(*decay.x)?),
        target: decay.target.map(|target| boxed(*target)).transpose()?,
        scale: decay
            .scale
            .map(|scale| finite_out(scale, "DecayParamsExpression.scale"))
            .transpose()?,
        midpoint: decay
            .midpoint
            .map(|midpoint| finite_out(midpoint, "DecayParamsExpression.midpoint"))
            .transpose()?,
    }))
}

fn decay_in(decay: proto::DecayParamsExpression) -> Result<DecayParamsExpression> {
    Ok(DecayParamsExpression {
        x: unboxed(decay.x, "DecayParamsExpression.x")?,
        target: decay
            .target
            .map(|target| Expression::from_proto(*target).map(Box::new))
            .transpose()?,
        scale: decay.scale,
        midpoint: decay.midpoint,
    })
}

impl IntoProto<proto::Expression> for Expression {
    fn into_proto(self) -> Result<proto::Expression> {
        use expression::Variant;
        let variant = match self {
            Expression::Constant(constant) => {
                Variant::Constant(finite_out(constant, "Expression.constant")?)
            }
            Expression::Variable(variable) => Variant::Variable(variable),
            Expression::Condition(condition) => Variant::Condition((*condition).into_proto()?),
            Expression::GeoDistance(GeoDistance { geo_distance }) => {
                Variant::GeoDistance(proto::GeoDistance {
                    origin: Some(geo_distance.origin.into_proto()?),
                    to: geo_distance.to,
                })
            }
            Expression::Datetime(DatetimeExpression { datetime }) => Variant::Datetime(datetime),
            Expression::DatetimeKey(DatetimeKeyExpression { datetime_key }) => {
                Variant::DatetimeKey(datetime_key)
            }
            Expression::Mult(MultExpression { mult }) => Variant::Mult(proto::MultExpression {
                mult: mult.into_proto()?,
            }),
            Expression::Sum(SumExpression { sum }) => Variant::Sum(proto::SumExpression {
                sum: sum.into_proto()?,
            }),
            Expression::Neg(NegExpression { neg }) => Variant::Neg(boxed(*neg)?),
            Expression::Abs(AbsExpression { abs }) => Variant::Abs(boxed(*abs)?),
            Expression::Div(DivExpression { div }) => {
                Variant::Div(Box::new(proto::DivExpression {
                    left: Some(boxed(*div.left)?),
                    right: Some(boxed(*div.right)?),
                    by_zero_default: div
                        .by_zero_default
                        .map(|value| finite_out(value, "DivExpression.by_zero_default"))
                        .transpose()?,
                }))
            }
            Expression::Sqrt(SqrtExpression { sqrt }) => Variant::Sqrt(boxed(*sqrt)?),
            Expression::Pow(PowExpression { pow }) => {
                Variant::Pow(Box::new(proto::PowExpression {
                    base: Some(boxed(*pow.base)?),
                    exponent: Some(boxed(*pow.exponent)?),
                }))
            }
            Expression::Exp(ExpExpression { exp }) => Variant::Exp(boxed(*exp)?),
            Expression::Log10(Log10Expression { log10 }) => Variant::Log10(boxed(*log10)?),
            Expression::Ln(LnExpression { ln }) => Variant::Ln(boxed(*ln)?),
            Expression::LinDecay(LinDecayExpression { lin_decay }) => {
                Variant::LinDecay(decay_out(lin_decay)?)
            }
            Expression::ExpDecay(ExpDecayExpression { exp_decay }) => {
                Variant::ExpDecay(decay_out(exp_decay)?)
            }
            Expression::GaussDecay(GaussDecayExpression { gauss_decay }) => {
                Variant::GaussDecay(decay_out(gauss_decay)?)
            }
            Expression::Max(MaxExpression { max }) => Variant::Max(proto::MaxExpression {
                max: max.into_proto()?,
            }),
            Expression::Min(MinExpression { min }) => Variant::Min(proto::MinExpression {
                min: min.into_proto()?,
            }),
            Expression::Acosh(AcoshExpression { acosh }) => Variant::Acosh(boxed(*acosh)?),
            other => return Err(invalid("Expression", format!("{other:?} is not supported"))),
        };
        Ok(proto::Expression {
            variant: Some(variant),
        })
    }
}

impl FromProto<proto::Expression> for Expression {
    fn from_proto(message: proto::Expression) -> Result<Self> {
        use expression::Variant;
        Ok(match required(message.variant, "Expression.variant")? {
            Variant::Constant(constant) => Expression::Constant(constant),
            Variant::Variable(variable) => Expression::Variable(variable),
            Variant::Condition(condition) => {
                Expression::Condition(Box::new(Condition::from_proto(condition)?))
            }
            Variant::GeoDistance(geo_distance) => Expression::GeoDistance(GeoDistance {
                geo_distance: GeoDistanceParams {
                    origin: GeoPoint::from_proto(required(
                        geo_distance.origin,
                        "GeoDistance.origin",
                    )?)?,
                    to: geo_distance.to,
                },
            }),
            Variant::Datetime(datetime) => Expression::Datetime(DatetimeExpression { datetime }),
            Variant::DatetimeKey(datetime_key) => {
                Expression::DatetimeKey(DatetimeKeyExpression { datetime_key })
            }
            Variant::Mult(mult) => Expression::Mult(MultExpression {
                mult: Vec::from_proto(mult.mult)?,
            }),
            Variant::Sum(sum) => Expression::Sum(SumExpression {
                sum: Vec::from_proto(sum.sum)?,
            }),
            Variant::Neg(neg) => Expression::Neg(NegExpression {
                neg: unboxed(Some(neg), "Expression.neg")?,
            }),
            Variant::Abs(abs) => Expression::Abs(AbsExpression {
                abs: unboxed(Some(abs), "Expression.abs")?,
            }),
            Variant::Div(div) => Expression::Div(DivExpression {
                div: DivParams {
                    left: unboxed(div.left, "DivExpression.left")?,
                    right: unboxed(div.right, "DivExpression.right")?,
                    by_zero_default: div.by_zero_default,
                },
            }),
            Variant::Sqrt(sqrt) => Expression::Sqrt(SqrtExpression {
                sqrt: unboxed(Some(sqrt), "Expression.sqrt")?,
            }),
            Variant::Pow(pow) => Expression::Pow(PowExpression {
                pow: PowParams {
                    base: unboxed(pow.base, "PowExpression.base")?,
                    exponent: unboxed(pow.exponent, "PowExpression.exponent")?,
                },
            }),
            Variant::Exp(exp) => Expression::Exp(ExpExpression {
                exp: unboxed(Some(exp), "Expression.exp")?,
            }),
            Variant::Log10(log10) => Expression::Log10(Log10Expression {
                log10: unboxed(Some(log10), "Expression.log10")?,
            }),
            Variant::Ln(ln) => Expression::Ln(LnExpression {
                ln: unboxed(Some(ln), "Expression.ln")?,
            }),
            Variant::LinDecay(decay) => Expression::LinDecay(LinDecayExpression {
                lin_decay: decay_in(*decay)?,
            }),
            Variant::ExpDecay(decay) => Expression::ExpDecay(ExpDecayExpression {
                exp_decay: decay_in(*decay)?,
            }),
            Variant::GaussDecay(decay) => Expression::GaussDecay(GaussDecayExpression {
                gauss_decay: decay_in(*decay)?,
            }),
            Variant::Max(max) => Expression::Max(MaxExpression {
                max: Vec::from_proto(max.max)?,
            }),
            Variant::Min(min) => Expression::Min(MinExpression {
                min: Vec::from_proto(min.min)?,
            }),
            Variant::Acosh(acosh) => Expression::Acosh(AcoshExpression {
                acosh: unboxed(Some(acosh), "Expression.acosh")?,
            }),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Search parameters and lookups

/// `"global"` is the message without a corpus, as is no `idf` at all; it reads back `global`.
impl IntoProto<proto::IdfParams> for IdfParams {
    fn into_proto(self) -> Result<proto::IdfParams> {
        Ok(proto::IdfParams {
            corpus: match self {
                IdfParams::Scope(IdfScope::Global) => None,
                IdfParams::Corpus(IdfCorpusParams { corpus }) => Some(corpus.into_proto()?),
                other => {
                    return Err(invalid("IdfParams", format!("{other:?} is not supported")));
                }
            },
        })
    }
}

impl FromProto<proto::IdfParams> for IdfParams {
    fn from_proto(message: proto::IdfParams) -> Result<Self> {
        Ok(match message.corpus {
            None => IdfParams::Scope(IdfScope::Global),
            Some(corpus) => IdfParams::Corpus(IdfCorpusParams {
                corpus: Filter::from_proto(corpus)?,
            }),
        })
    }
}

impl IntoProto<proto::SearchParams> for SearchParams {
    fn into_proto(self) -> Result<proto::SearchParams> {
        Ok(proto::SearchParams {
            hnsw_ef: self.hnsw_ef,
            exact: self.exact,
            quantization: self.quantization.into_proto()?,
            indexed_only: self.indexed_only,
            acorn: self.acorn.into_proto()?,
            idf: self.idf.into_proto()?,
        })
    }
}

impl FromProto<proto::SearchParams> for SearchParams {
    fn from_proto(message: proto::SearchParams) -> Result<Self> {
        Ok(SearchParams {
            hnsw_ef: message.hnsw_ef,
            exact: message.exact,
            quantization: Option::from_proto(message.quantization)?,
            indexed_only: message.indexed_only,
            acorn: Option::from_proto(message.acorn)?,
            idf: Option::from_proto(message.idf)?,
        })
    }
}

impl IntoProto<proto::QuantizationSearchParams> for QuantizationSearchParams {
    fn into_proto(self) -> Result<proto::QuantizationSearchParams> {
        Ok(proto::QuantizationSearchParams {
            ignore: self.ignore,
            rescore: self.rescore,
            oversampling: self
                .oversampling
                .map(|value| finite_out(value, "QuantizationSearchParams.oversampling"))
                .transpose()?,
        })
    }
}

impl FromProto<proto::QuantizationSearchParams> for QuantizationSearchParams {
    fn from_proto(message: proto::QuantizationSearchParams) -> Result<Self> {
        Ok(QuantizationSearchParams {
            ignore: message.ignore,
            rescore: message.rescore,
            oversampling: message.oversampling,
        })
    }
}

impl IntoProto<proto::AcornSearchParams> for AcornSearchParams {
    fn into_proto(self) -> Result<proto::AcornSearchParams> {
        Ok(proto::AcornSearchParams {
            enable: self.enable,
            max_selectivity: self
                .max_selectivity
                .map(|value| finite_out(value, "AcornSearchParams.max_selectivity"))
                .transpose()?,
        })
    }
}

impl FromProto<proto::AcornSearchParams> for AcornSearchParams {
    fn from_proto(message: proto::AcornSearchParams) -> Result<Self> {
        Ok(AcornSearchParams {
            enable: message.enable,
            max_selectivity: message.max_selectivity,
        })
    }
}

impl IntoProto<proto::LookupLocation> for LookupLocation {
    fn into_proto(self) -> Result<proto::LookupLocation> {
        Ok(proto::LookupLocation {
            collection_name: self.collection,
            vector_name: self.vector,
            shard_key_selector: self.shard_key.into_proto()?,
        })
    }
}

impl FromProto<proto::LookupLocation> for LookupLocation {
    fn from_proto(message: proto::LookupLocation) -> Result<Self> {
        Ok(LookupLocation {
            collection: message.collection_name,
            vector: message.vector_name,
            shard_key: Option::from_proto(message.shard_key_selector)?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Response

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::QueryResponse> for QueryResponse {
    fn into_proto(self) -> Result<proto::QueryResponse> {
        Ok(proto::QueryResponse {
            result: self.points.into_proto()?,
            time: 0.0,
            usage: None,
        })
    }
}

impl FromProto<proto::QueryResponse> for QueryResponse {
    fn from_proto(message: proto::QueryResponse) -> Result<Self> {
        Ok(QueryResponse {
            points: Vec::from_proto(message.result)?,
        })
    }
}

#[cfg(test)]
mod tests;
