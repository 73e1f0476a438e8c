//! The universal query's conversions: every query kind round-trips, formula trees read back
//! node for node, values gRPC cannot carry are refused.

use quadrant_models::{
    Direction, Filter, OrderBy, PointId, SparseVector, StartFrom, WithPayloadInterface,
};
use quadrant_transport::ErrorKind;
use serde_json::json;

use super::*;

fn round_trip(request: QueryPoints) {
    let message: proto::QueryPoints = request.clone().into_proto().unwrap();
    let back = QueryPoints::from_proto(message.clone()).unwrap();
    // The model may read back in another form of the same query; the wire form is the same.
    let again: proto::QueryPoints = back.into_proto().unwrap();
    assert_eq!(again, message, "{request:?}");
}

fn expression_tree() -> Expression {
    Expression::sum([
        "$score".into(),
        Expression::mult([0.5_f32.into(), Condition::matches("city", "Berlin").into()]),
        Expression::negate(Expression::Abs(AbsExpression {
            abs: Box::new("price".into()),
        })),
        Expression::divide(
            1.0_f32.into(),
            Expression::Sqrt(SqrtExpression {
                sqrt: Box::new(2.0_f32.into()),
            }),
        ),
        Expression::Pow(PowExpression {
            pow: PowParams {
                base: Box::new(2.0_f32.into()),
                exponent: Box::new(Expression::Ln(LnExpression {
                    ln: Box::new(Expression::Log10(Log10Expression {
                        log10: Box::new(Expression::Exp(ExpExpression {
                            exp: Box::new(1.0_f32.into()),
                        })),
                    })),
                })),
            },
        }),
        Expression::GeoDistance(GeoDistance {
            geo_distance: GeoDistanceParams {
                origin: GeoPoint {
                    lon: 13.4,
                    lat: 52.5,
                },
                to: "location".into(),
            },
        }),
        Expression::Datetime(DatetimeExpression {
            datetime: "2024-01-01T00:00:00Z".into(),
        }),
        Expression::DatetimeKey(DatetimeKeyExpression {
            datetime_key: "created".into(),
        }),
        Expression::ExpDecay(ExpDecayExpression {
            exp_decay: DecayParamsExpression {
                x: Box::new("count".into()),
                target: Some(Box::new(5.0_f32.into())),
                scale: Some(3.0),
                midpoint: Some(0.5),
            },
        }),
        Expression::LinDecay(LinDecayExpression {
            lin_decay: DecayParamsExpression {
                x: Box::new("count".into()),
                target: None,
                scale: None,
                midpoint: None,
            },
        }),
        Expression::GaussDecay(GaussDecayExpression {
            gauss_decay: DecayParamsExpression {
                x: Box::new("count".into()),
                target: None,
                scale: Some(1.0),
                midpoint: None,
            },
        }),
    ])
}

#[test]
fn every_query_kind_round_trips() {
    let id = |n: u64| VectorInput::Id(PointId::Num(n));
    let pair = |p, n| ContextPair {
        positive: id(p),
        negative: id(n),
    };
    let queries: Vec<QueryInterface> = vec![
        vec![0.1, 0.2].into(),
        7u64.into(),
        SparseVector::new(vec![1, 2], vec![0.5, 0.5]).into(),
        vec![vec![0.1], vec![0.2]].into(),
        NearestQuery {
            nearest: vec![0.1].into(),
            mmr: Some(Mmr {
                diversity: Some(0.6),
                candidates_limit: Some(30),
            }),
        }
        .into(),
        RecommendQuery {
            recommend: RecommendInput {
                positive: Some(vec![id(1), vec![0.3].into()]),
                negative: Some(vec![id(3)]),
                strategy: Some(RecommendStrategy::BestScore),
            },
        }
        .into(),
        DiscoverQuery {
            discover: DiscoverInput {
                target: id(10),
                context: Some(ContextInput::Pairs(vec![pair(11, 12), pair(13, 14)])),
            },
        }
        .into(),
        ContextQuery {
            context: Some(ContextInput::Pair(pair(15, 16))),
        }
        .into(),
        OrderByQuery {
            order_by: OrderBy::new("count")
                .direction(Direction::Desc)
                .start_from(StartFrom::Integer(10))
                .into(),
        }
        .into(),
        FusionQuery {
            fusion: Fusion::Dbsf,
        }
        .into(),
        RrfQuery {
            rrf: Rrf {
                k: Some(10),
                weights: Some(vec![1.0, 0.5]),
            },
        }
        .into(),
        FormulaQuery {
            formula: expression_tree(),
            defaults: Some(json!({"price": 0.0}).as_object().unwrap().clone()),
        }
        .into(),
        SampleQuery {
            sample: Sample::Random,
        }
        .into(),
        RelevanceFeedbackQuery {
            relevance_feedback: RelevanceFeedbackInput {
                target: vec![0.1].into(),
                feedback: vec![FeedbackItem {
                    example: id(2),
                    score: 0.9,
                }],
                strategy: FeedbackStrategy::Naive(NaiveFeedbackStrategyParams {
                    a: 1.0,
                    b: 0.5,
                    c: 0.1,
                }),
            },
        }
        .into(),
    ];
    for query in queries {
        round_trip(
            QueryPoints::new("c")
                .query(query)
                .prefetch(
                    Prefetch::new(vec![0.1])
                        .using("text")
                        .filter(Filter::must([Condition::matches("a", 1)]))
                        .limit(20)
                        .prefetch(Prefetch::new(3u64)),
                )
                .params(SearchParams {
                    hnsw_ef: Some(64),
                    exact: Some(true),
                    quantization: Some(QuantizationSearchParams {
                        ignore: Some(true),
                        rescore: Some(true),
                        oversampling: Some(2.0),
                    }),
                    indexed_only: Some(false),
                    acorn: Some(AcornSearchParams {
                        enable: Some(true),
                        max_selectivity: Some(0.4),
                    }),
                    idf: None,
                })
                .lookup_from(LookupLocation::new("other").vector("image"))
                .with_payload(WithPayloadInterface::from(vec!["city"]))
                .limit(5),
        );
    }
}

#[test]
fn a_formula_tree_reads_back_node_for_node() {
    let tree = expression_tree();
    let message: proto::Expression = tree.clone().into_proto().unwrap();
    assert_eq!(Expression::from_proto(message).unwrap(), tree);
}

#[test]
fn values_grpc_cannot_carry_are_refused() {
    let rrf = QueryPoints::new("c").query(RrfQuery {
        rrf: Rrf {
            k: Some(u64::MAX),
            weights: None,
        },
    });
    let mmr = QueryPoints::new("c").query(NearestQuery {
        nearest: vec![0.1].into(),
        mmr: Some(Mmr {
            diversity: None,
            candidates_limit: Some(1 << 40),
        }),
    });
    let threshold = QueryPoints::new("c").score_threshold(f32::NAN);
    for (request, field) in [
        (rrf, "Rrf.k"),
        (mmr, "Mmr.candidates_limit"),
        (threshold, "score_threshold"),
    ] {
        let error = IntoProto::<proto::QueryPoints>::into_proto(request).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains(field), "{error}");
    }
    let missing = proto::Query {
        variant: Some(query::Variant::NearestWithMmr(proto::NearestInputWithMmr {
            nearest: None,
            mmr: None,
        })),
    };
    assert_eq!(
        Query::from_proto(missing).unwrap_err().kind(),
        ErrorKind::Decode
    );
}

#[test]
fn additions_of_qdrant_1_19_and_1_20_map_both_ways() {
    // BM25: bare text, and text with parameters.
    let bare: proto::Query = Query::from(TextQuery::new("vector search"))
        .into_proto()
        .unwrap();
    assert_eq!(
        bare.variant,
        Some(query::Variant::Text(proto::TextQuery {
            query: "vector search".into(),
            scoring: None,
        }))
    );
    assert_eq!(
        Query::from_proto(bare).unwrap(),
        Query::from(TextQuery::new("vector search"))
    );
    let params = Bm25Params {
        k: Some(1.5),
        b: None,
    };
    let tuned: proto::Query = Query::from(TextQuery::bm25("vector", params))
        .into_proto()
        .unwrap();
    assert_eq!(
        tuned.variant,
        Some(query::Variant::Text(proto::TextQuery {
            query: "vector".into(),
            scoring: Some(text_query::Scoring::Bm25(proto::Bm25Params {
                k: Some(1.5),
                b: None,
            })),
        }))
    );
    assert_eq!(
        Query::from_proto(tuned).unwrap(),
        Query::from(TextQuery::bm25("vector", params))
    );
    // Text with no parameters is the bare form on the wire.
    let no_params = TextQuery {
        text: TextInterface::Input(TextQueryInput {
            query: "vector".into(),
            scoring: None,
        }),
    };
    let message: proto::Query = Query::from(no_params).into_proto().unwrap();
    assert_eq!(
        Query::from_proto(message).unwrap(),
        Query::from(TextQuery::new("vector"))
    );
    let nan = TextQuery::bm25(
        "vector",
        Bm25Params {
            k: Some(f32::NAN),
            b: None,
        },
    );
    let error = IntoProto::<proto::Query>::into_proto(Query::from(nan)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);

    // min, max and acosh.
    let tree = Expression::max([
        "$score".into(),
        Expression::min(["price".into(), 100.0_f32.into()]),
        Expression::acosh(Expression::sum([1.0_f32.into(), "x".into()])),
    ]);
    let message: proto::Expression = tree.clone().into_proto().unwrap();
    let Some(expression::Variant::Max(max)) = &message.variant else {
        panic!("a max, not {message:?}");
    };
    assert!(matches!(
        max.max[1].variant,
        Some(expression::Variant::Min(_))
    ));
    assert!(matches!(
        max.max[2].variant,
        Some(expression::Variant::Acosh(_))
    ));
    assert_eq!(Expression::from_proto(message).unwrap(), tree);

    // IDF over a corpus, and the global scope.
    let corpus = Filter::must([Condition::matches("lang", "en")]);
    let with_corpus = SearchParams {
        idf: Some(IdfParams::from(corpus.clone())),
        ..SearchParams::default()
    };
    let message: proto::SearchParams = with_corpus.clone().into_proto().unwrap();
    assert_eq!(
        message.idf,
        Some(proto::IdfParams {
            corpus: Some(corpus.into_proto().unwrap())
        })
    );
    assert_eq!(SearchParams::from_proto(message).unwrap(), with_corpus);
    let global = SearchParams {
        idf: Some(IdfParams::Scope(IdfScope::Global)),
        ..SearchParams::default()
    };
    let message: proto::SearchParams = global.clone().into_proto().unwrap();
    assert_eq!(message.idf, Some(proto::IdfParams { corpus: None }));
    assert_eq!(SearchParams::from_proto(message).unwrap(), global);
    round_trip(
        QueryPoints::new("c")
            .query(TextQuery::new("vector"))
            .using("body")
            .params(with_corpus),
    );
}
