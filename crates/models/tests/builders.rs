//! The setters and conversions that make everyday requests one expression: each request is
//! built without struct literals or wrapper types, and its JSON is compared with the body that
//! the conformance corpus recorded against Qdrant 1.18.3 (tests/fixtures/conformance), or, for
//! what the corpus does not cover, with the shape of the Python `qdrant-client` 1.20 models.

#![allow(
    deprecated,
    reason = "the recorded bodies set the deprecated on_disk and always_ram flags"
)]

use quadrant_models::{
    AcornSearchParams, BinaryQuantizationConfig, BinaryQuantizationEncoding, Bm25Params,
    CollectionParamsDiff, CompressionRatio, Condition, CreateCollection, CreateFieldIndex,
    Datatype, DatetimeRange, DeletePoints, Direction, Distance, Expression, Filter, Fusion,
    HnswConfigDiff, IdfScope, IntegerIndexParams, KeywordIndexParams, Language, Memory, Mmr,
    MultiVectorConfig, NearestQuery, OptimizersConfigDiff, OrderBy, PointId, PointStruct,
    PointsSelector, Prefetch, ProductQuantizationConfig, QuantizationSearchParams, QueryPoints,
    Range, RecommendInput, RecommendStrategy, Rrf, Sample, ScalarQuantizationConfig, SearchParams,
    SnowballLanguage, SparseIndexParams, SparseVector, SparseVectorParams, StopwordsSet,
    StrictModeConfig, TextIndexParams, TokenizerType, TurboQuantBitSize,
    TurboQuantQuantizationConfig, UpdateCollection, UpsertPoints, ValuesCount, VectorParams,
    VectorParamsDiff, VectorStruct, VectorsConfig, WalConfigDiff, payload_from_json,
};
use serde::Serialize;
use serde_json::{Value, json};

/// The JSON a transport sends: through text, so `f32` values read back as written.
fn body(value: impl Serialize) -> Value {
    serde_json::from_str(&serde_json::to_string(&value).expect("encodes")).expect("is JSON")
}

#[test]
fn range_setters_take_integers_and_floats() {
    // filters_and_indexes.json: {"key": "count", "range": {"gt": 5.0, "lte": 10.0}}
    assert_eq!(
        body(Condition::range("count", Range::new().gt(5).lte(10))),
        json!({"key": "count", "range": {"gt": 5.0, "lte": 10.0}})
    );
    // {"key": "price", "range": {"lt": 250.5, "gte": 100.0}}
    assert_eq!(
        body(Condition::range("price", Range::new().gte(100).lt(250.5))),
        json!({"key": "price", "range": {"lt": 250.5, "gte": 100.0}})
    );
    assert_eq!(
        Range::between(2020, 2024.5),
        Range {
            gte: Some(2020.0),
            lte: Some(2024.5),
            ..Range::default()
        }
    );
    assert_eq!(
        body(Range::default().gte(7_u32).lt(8.5_f32)),
        json!({"gte": 7.0, "lt": 8.5})
    );
}

#[test]
fn datetime_range_and_values_count_setters() {
    // filters_and_indexes.json: the datetime range on "created".
    assert_eq!(
        body(Condition::datetime_range(
            "created",
            DatetimeRange::new()
                .gte("2024-03-01T00:00:00Z")
                .lt("2024-07-01T00:00:00Z")
        )),
        json!({"key": "created", "range": {"lt": "2024-07-01T00:00:00Z", "gte": "2024-03-01T00:00:00Z"}})
    );
    assert_eq!(
        body(DatetimeRange::between(
            "2024-01-01T00:00:00Z",
            "2024-12-31T00:00:00Z"
        )),
        json!({"gte": "2024-01-01T00:00:00Z", "lte": "2024-12-31T00:00:00Z"})
    );
    assert_eq!(
        body(Condition::values_count(
            "tags",
            ValuesCount::new().gte(2).lt(5)
        )),
        json!({"key": "tags", "values_count": {"gte": 2, "lt": 5}})
    );
}

#[test]
fn a_filter_takes_one_condition_or_an_array_of_them() {
    // filters_and_indexes.json: {"filter": {"must": [{"key": "text", "match": {"text": "vector"}}]}}
    let one = QueryPoints::new("c").filter(Condition::matches_text("text", "vector"));
    assert_eq!(
        body(&one),
        json!({"filter": {"must": [{"key": "text", "match": {"text": "vector"}}]}})
    );
    let all = QueryPoints::new("c").filter([
        Condition::matches("city", "Berlin"),
        Condition::range("count", Range::new().gte(15)),
    ]);
    assert_eq!(
        body(&all),
        json!({"filter": {"must": [
            {"key": "city", "match": {"value": "Berlin"}},
            {"key": "count", "range": {"gte": 15.0}},
        ]}})
    );
    // A whole filter still goes in as it is.
    let should = QueryPoints::new("c").filter(Filter::should([Condition::is_null("maybe")]));
    assert_eq!(
        body(&should),
        json!({"filter": {"should": [{"is_null": {"key": "maybe"}}]}})
    );
    let delete = DeletePoints::filter("c", Condition::matches("city", "Lima"));
    assert_eq!(
        body(&delete),
        json!({"filter": {"must": [{"key": "city", "match": {"value": "Lima"}}]}})
    );
}

#[test]
fn points_selectors_from_ids_and_filters() {
    let ids: PointsSelector = [1_u64, 2, 3].into_iter().collect();
    assert_eq!(body(&ids), json!({"points": [1, 2, 3]}));
    let filter = PointsSelector::from(Filter::from(Condition::has_id([4_u64])));
    assert_eq!(
        body(&filter),
        json!({"filter": {"must": [{"has_id": [4]}]}})
    );
    assert_eq!(
        PointsSelector::from(vec![PointId::Num(9)]),
        PointsSelector::Points(vec![PointId::Num(9)])
    );
}

#[test]
fn search_params_setters() {
    // query_api.json: the search with params.
    let request = QueryPoints::new("c").params(
        SearchParams::default()
            .hnsw_ef(64)
            .exact(true)
            .quantization(
                QuantizationSearchParams::default()
                    .ignore(true)
                    .rescore(true)
                    .oversampling(2),
            ),
    );
    assert_eq!(
        body(&request),
        json!({"params": {"hnsw_ef": 64, "exact": true,
            "quantization": {"ignore": true, "rescore": true, "oversampling": 2.0}}})
    );
    // Qdrant 1.19/1.20 additions, in the Python client's shape.
    assert_eq!(
        body(
            SearchParams::default()
                .indexed_only(true)
                .acorn(AcornSearchParams::enabled().max_selectivity(0.4))
                .idf(IdfScope::Global)
        ),
        json!({"indexed_only": true, "acorn": {"enable": true, "max_selectivity": 0.4},
               "idf": "global"})
    );
    assert_eq!(
        body(SearchParams::default().idf(Filter::from(Condition::matches("lang", "en")))),
        json!({"idf": {"corpus": {"must": [{"key": "lang", "match": {"value": "en"}}]}}})
    );
}

#[test]
fn fusion_and_rrf_are_queries() {
    // named_vectors.json: {"query": {"fusion": "rrf"}} and {"query": {"fusion": "dbsf"}}
    assert_eq!(
        body(QueryPoints::new("c").query(Fusion::Rrf)),
        json!({"query": {"fusion": "rrf"}})
    );
    assert_eq!(
        body(QueryPoints::new("c").query(Fusion::Dbsf)),
        json!({"query": {"fusion": "dbsf"}})
    );
    // query_api.json: {"query": {"rrf": {"k": 10}}}
    assert_eq!(
        body(QueryPoints::new("c").query(Rrf::new().k(10))),
        json!({"query": {"rrf": {"k": 10}}})
    );
    assert_eq!(
        body(Prefetch::new(Rrf::new().weights([1.0, 3.0]))),
        json!({"query": {"rrf": {"weights": [1.0, 3.0]}}})
    );
}

#[test]
fn hybrid_query_with_prefetches_is_one_expression() {
    // named_vectors.json: the dense and sparse prefetches fused by RRF.
    let request = QueryPoints::new("conf_named")
        .prefetch([
            Prefetch::new(vec![-0.2588, 0.8153, -0.2079, -0.5879])
                .using("text")
                .limit(10),
            Prefetch::new(SparseVector::new(vec![32, 131], vec![0.9496, 0.0773]))
                .using("keywords")
                .limit(10),
        ])
        .query(Fusion::Rrf)
        .limit(5)
        .with_vector(false)
        .with_payload(true);
    assert_eq!(
        body(&request),
        json!({"prefetch": [
            {"query": {"nearest": [-0.2588, 0.8153, -0.2079, -0.5879]}, "using": "text", "limit": 10},
            {"query": {"nearest": {"indices": [32, 131], "values": [0.9496, 0.0773]}},
             "using": "keywords", "limit": 10},
        ], "query": {"fusion": "rrf"}, "limit": 5, "with_vector": false, "with_payload": true})
    );
}

#[test]
fn mmr_recommend_order_by_sample_and_formula_are_queries() {
    // query_api.json: nearest with MMR.
    let mmr = QueryPoints::new("c").query(
        NearestQuery::new(vec![0.2789, -0.95]).mmr(Mmr::new().diversity(0.6).candidates_limit(30)),
    );
    assert_eq!(
        body(&mmr),
        json!({"query": {"nearest": [0.2789, -0.95], "mmr": {"diversity": 0.6, "candidates_limit": 30}}})
    );
    // query_api.json: {"recommend": {"positive": [1, 2], "negative": [3], "strategy": "average_vector"}}
    let recommend = QueryPoints::new("c")
        .query(RecommendInput::new([1_u64, 2], [3_u64]).strategy(RecommendStrategy::AverageVector));
    assert_eq!(
        body(&recommend),
        json!({"query": {"recommend": {"positive": [1, 2], "negative": [3], "strategy": "average_vector"}}})
    );
    let only_positive = RecommendInput::new([4_u64], Vec::<u64>::new());
    assert_eq!(body(&only_positive), json!({"positive": [4]}));
    // query_api.json: {"order_by": {"key": "count", "direction": "desc", "start_from": 10}}
    let order = QueryPoints::new("c").query(
        OrderBy::new("count")
            .direction(Direction::Desc)
            .start_from(10_i64),
    );
    assert_eq!(
        body(&order),
        json!({"query": {"order_by": {"key": "count", "direction": "desc", "start_from": 10}}})
    );
    assert_eq!(
        body(QueryPoints::new("c").query(Sample::Random)),
        json!({"query": {"sample": "random"}})
    );
    assert_eq!(
        body(QueryPoints::new("c").query(Expression::from("$score"))),
        json!({"query": {"formula": "$score"}})
    );
}

#[test]
fn named_dense_and_sparse_vector_configs_from_arrays() {
    // collections_lifecycle.json / named_vectors.json: the named collection (less the
    // deprecated on_disk on "text").
    let request = CreateCollection::new("conf_named")
        .vectors_config([
            ("image", VectorParams::new(6, Distance::Dot)),
            ("text", VectorParams::new(4, Distance::Cosine).on_disk(true)),
            (
                "colbert",
                VectorParams::new(3, Distance::Euclid)
                    .multivector_config(MultiVectorConfig::max_sim()),
            ),
        ])
        .sparse_vectors_config([("keywords", SparseVectorParams::idf())]);
    assert_eq!(
        body(&request),
        json!({"vectors": {"image": {"size": 6, "distance": "Dot"},
            "text": {"size": 4, "distance": "Cosine", "on_disk": true},
            "colbert": {"size": 3, "distance": "Euclid", "multivector_config": {"comparator": "max_sim"}}},
            "sparse_vectors": {"keywords": {"modifier": "idf"}}})
    );
    let config = VectorsConfig::from([("dense", VectorParams::new(4, Distance::Cosine))]);
    assert_eq!(
        body(&config),
        json!({"dense": {"size": 4, "distance": "Cosine"}})
    );
    let collected: VectorsConfig = vec![("dense", VectorParams::new(4, Distance::Cosine))]
        .into_iter()
        .collect();
    assert_eq!(collected, config);
}

#[test]
fn collection_settings_setters() {
    // collections_lifecycle.json: the collection with every setting.
    let request = CreateCollection::new("conf_collections")
        .vectors_config(
            VectorParams::new(16, Distance::Manhattan)
                .hnsw_config(HnswConfigDiff::default().m(8).ef_construct(64))
                .quantization_config(
                    ScalarQuantizationConfig::int8()
                        .quantile(0.99)
                        .always_ram(true),
                )
                .datatype(Datatype::Float32),
        )
        .shard_number(2)
        .replication_factor(1)
        .on_disk_payload(true)
        .hnsw_config(
            HnswConfigDiff::default()
                .m(12)
                .ef_construct(90)
                .full_scan_threshold(5000)
                .payload_m(10),
        )
        .wal_config(WalConfigDiff::default().wal_capacity_mb(16))
        .optimizers_config(
            OptimizersConfigDiff::default()
                .default_segment_number(2)
                .indexing_threshold(15000),
        )
        .metadata(payload_from_json(json!({"owner": "conformance", "tier": 2})).unwrap());
    assert_eq!(
        body(&request),
        json!({"vectors": {"size": 16, "distance": "Manhattan", "hnsw_config": {"m": 8, "ef_construct": 64},
            "quantization_config": {"scalar": {"type": "int8", "quantile": 0.99, "always_ram": true}},
            "datatype": "float32"}, "shard_number": 2, "replication_factor": 1, "on_disk_payload": true,
            "hnsw_config": {"m": 12, "ef_construct": 90, "full_scan_threshold": 5000, "payload_m": 10},
            "wal_config": {"wal_capacity_mb": 16},
            "optimizers_config": {"default_segment_number": 2, "indexing_threshold": 15000},
            "metadata": {"owner": "conformance", "tier": 2}})
    );
    // collections_lifecycle.json: the two updates.
    let update = UpdateCollection::new("conf_collections")
        .optimizers_config(OptimizersConfigDiff::default().indexing_threshold(20000))
        .params(CollectionParamsDiff::default().replication_factor(1))
        .hnsw_config(HnswConfigDiff::default().ef_construct(128))
        .metadata(payload_from_json(json!({"tier": 3})).unwrap());
    assert_eq!(
        body(&update),
        json!({"optimizers_config": {"indexing_threshold": 20000}, "params": {"replication_factor": 1},
            "hnsw_config": {"ef_construct": 128}, "metadata": {"tier": 3}})
    );
    let binary = UpdateCollection::new("conf_collections_named").vectors_config([(
        "image",
        VectorParamsDiff::default()
            .quantization_config(BinaryQuantizationConfig::new().always_ram(true)),
    )]);
    assert_eq!(
        body(&binary),
        json!({"vectors": {"image": {"quantization_config": {"binary": {"always_ram": true}}}}})
    );
}

#[test]
#[allow(
    deprecated,
    reason = "strict mode's disk limit is a Qdrant 1.18 setting, still sent when set"
)]
fn quantization_and_strict_mode_setters() {
    assert_eq!(
        body(ProductQuantizationConfig::new(CompressionRatio::X16).memory(Memory::Cached)),
        json!({"compression": "x16", "memory": "cached"})
    );
    assert_eq!(
        body(
            BinaryQuantizationConfig::new()
                .encoding(BinaryQuantizationEncoding::TwoBits)
                .memory(Memory::Pinned)
        ),
        json!({"memory": "pinned", "encoding": "two_bits"})
    );
    assert_eq!(
        body(TurboQuantQuantizationConfig::new().bits(TurboQuantBitSize::Bits4)),
        json!({"bits": "bits4"})
    );
    assert_eq!(
        body(
            StrictModeConfig::new()
                .max_query_limit(100)
                .search_max_oversampling(1.5)
                .max_disk_usage_percent(90)
        ),
        json!({"enabled": true, "max_query_limit": 100, "search_max_oversampling": 1.5,
               "max_disk_usage_percent": 90})
    );
    assert_eq!(
        body(
            OptimizersConfigDiff::default()
                .deleted_threshold(0.2)
                .max_optimization_threads(4)
        ),
        json!({"deleted_threshold": 0.2, "max_optimization_threads": 4})
    );
    assert_eq!(
        body(
            SparseVectorParams::new().index(
                SparseIndexParams::default()
                    .full_scan_threshold(1000)
                    .memory(Memory::Cold)
                    .datatype(Datatype::Float16)
            )
        ),
        json!({"index": {"full_scan_threshold": 1000, "memory": "cold", "datatype": "float16"}})
    );
}

#[test]
fn payload_index_params_setters() {
    // filters_and_indexes.json: the integer and text indexes.
    assert_eq!(
        body(CreateFieldIndex::new(
            "c",
            "count",
            IntegerIndexParams::default().lookup(true).range(true)
        )),
        json!({"field_name": "count", "field_schema": {"type": "integer", "lookup": true, "range": true}})
    );
    assert_eq!(
        body(CreateFieldIndex::new(
            "c",
            "text",
            TextIndexParams::default()
                .tokenizer(TokenizerType::Word)
                .min_token_len(2)
                .max_token_len(20)
                .lowercase(true)
        )),
        json!({"field_name": "text", "field_schema": {"type": "text", "tokenizer": "word",
            "min_token_len": 2, "max_token_len": 20, "lowercase": true}})
    );
    // Qdrant 1.19/1.20 text-index settings, in the Python client's shape.
    assert_eq!(
        body(
            TextIndexParams::default()
                .stopwords(Language::English)
                .stemmer(SnowballLanguage::English)
                .scoring(true)
        ),
        json!({"stopwords": "english", "stemmer": {"type": "snowball", "language": "english"},
               "scoring": true})
    );
    assert_eq!(
        body(
            TextIndexParams::default()
                .stopwords(StopwordsSet::new([Language::German]).custom(["und", "oder"]))
        ),
        json!({"stopwords": {"languages": ["german"], "custom": ["und", "oder"]}})
    );
    assert_eq!(
        body(KeywordIndexParams::default().is_tenant(true).prefix(true)),
        json!({"is_tenant": true, "prefix": true})
    );
}

#[test]
fn named_point_vectors_from_pairs() {
    // named_vectors.json: a point with dense, sparse and multivectors by name.
    let point = PointStruct::new(
        1,
        (
            ("image", vec![-0.6701, 0.3795]),
            ("text", vec![0.9164, -0.7193]),
            (
                "keywords",
                SparseVector::new(vec![4, 21], vec![0.4526, 0.5536]),
            ),
            ("colbert", vec![vec![0.4247, 0.6796], vec![0.9966, -0.6118]]),
        ),
        Default::default(),
    );
    assert_eq!(
        body(&point),
        json!({"id": 1, "vector": {"image": [-0.6701, 0.3795], "text": [0.9164, -0.7193],
            "keywords": {"indices": [4, 21], "values": [0.4526, 0.5536]},
            "colbert": [[0.4247, 0.6796], [0.9966, -0.6118]]}})
    );
    let same_kind = VectorStruct::from([("a", vec![1.0]), ("b", vec![2.0])]);
    assert_eq!(body(&same_kind), json!({"a": [1.0], "b": [2.0]}));
    let pair = VectorStruct::from((
        ("dense", vec![0.5]),
        ("sparse", SparseVector::new(vec![1], vec![0.5])),
    ));
    assert_eq!(
        body(&pair),
        json!({"dense": [0.5], "sparse": {"indices": [1], "values": [0.5]}})
    );
}

#[test]
fn upsert_takes_any_iterator_of_points() {
    let request = UpsertPoints::new(
        "c",
        (1..=3_u64).map(|id| PointStruct::new(id, vec![id as f32], Default::default())),
    );
    assert_eq!(
        body(&request),
        json!({"points": [
            {"id": 1, "vector": [1.0]}, {"id": 2, "vector": [2.0]}, {"id": 3, "vector": [3.0]},
        ]})
    );
}

#[test]
fn bm25_params_setters() {
    assert_eq!(
        body(Bm25Params::new().k(1.5).b(0.5)),
        json!({"k": 1.5, "b": 0.5})
    );
}

#[test]
fn inference_and_formula_setters() {
    use quadrant_models::{Bm25Config, DecayParamsExpression, Document, FormulaQuery};

    let document = Document::new("vector search", "qdrant/bm25").options(
        Bm25Config::default()
            .k(1.5)
            .avg_len(100)
            .language("english")
            .stemmer(SnowballLanguage::English),
    );
    assert_eq!(
        body(&document),
        json!({"text": "vector search", "model": "qdrant/bm25", "options": {"k": 1.5,
            "avg_len": 100.0, "language": "english",
            "stemmer": {"type": "snowball", "language": "english"}}})
    );
    let decay = DecayParamsExpression::new("price")
        .target(100.0)
        .scale(50.0);
    assert_eq!(
        body(&decay),
        json!({"x": "price", "target": 100.0, "scale": 50.0})
    );
    let formula = FormulaQuery::from(Expression::from("$score"))
        .defaults(payload_from_json(json!({"boost": 1})).unwrap());
    assert_eq!(
        body(QueryPoints::new("c").query(formula)),
        json!({"query": {"formula": "$score", "defaults": {"boost": 1}}})
    );
}

#[test]
fn sparse_vectors_from_index_value_pairs() {
    let expected = json!({"indices": [1, 7], "values": [0.5, 0.25]});
    let from_array = SparseVector::from([(1, 0.5), (7, 0.25)]);
    assert_eq!(serde_json::to_value(&from_array).unwrap(), expected);
    let from_vec = SparseVector::from(vec![(1, 0.5), (7, 0.25)]);
    assert_eq!(from_vec, from_array);
    let collected: SparseVector = [(1_u32, 0.5_f32), (7, 0.25)].into_iter().collect();
    assert_eq!(collected, from_array);

    // A named point vector and a prefetch take the pairs as they are.
    let vectors =
        VectorStruct::from((("dense", vec![0.1, 0.2]), ("sparse", [(1, 0.5), (7, 0.25)])));
    assert_eq!(serde_json::to_value(&vectors).unwrap()["sparse"], expected);
    let listed = VectorStruct::from((("dense", vec![0.1]), ("sparse", vec![(1, 0.5), (7, 0.25)])));
    assert_eq!(serde_json::to_value(&listed).unwrap()["sparse"], expected);
    let prefetch = Prefetch::new([(1, 0.5), (7, 0.25)]).using("sparse");
    assert_eq!(
        serde_json::to_value(&prefetch).unwrap(),
        json!({"query": {"nearest": expected}, "using": "sparse"}),
    );
}
