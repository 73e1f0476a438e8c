//! Unit tests of the collection conversions.

use quadrant_models::{KeywordIndexParams, StrictModeConfig};
use quadrant_transport::ErrorKind;

use super::*;

#[test]
#[allow(deprecated, reason = "the Qdrant 1.18 setting that gRPC never had")]
fn values_grpc_lacks_are_refused_when_sent() {
    let disk = StrictModeConfig {
        max_disk_usage_percent: Some(90),
        ..StrictModeConfig::default()
    };
    let error = IntoProto::<proto::StrictModeConfig>::into_proto(disk).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    // The message says why, and what replaced the setting.
    assert!(
        error.message().contains("max_disk_usage_percent"),
        "{error}"
    );
    assert!(error.message().contains("1.18"), "{error}");
    assert!(error.message().contains("update_quotas"), "{error}");
    assert!(error.message().contains("QuotaConfig"), "{error}");

    let huge = StrictModeConfig {
        max_query_limit: Some(u64::MAX),
        ..StrictModeConfig::default()
    };
    let error = IntoProto::<proto::StrictModeConfig>::into_proto(huge).unwrap_err();
    assert!(error.message().contains("max_query_limit"), "{error}");
}

#[test]
fn unknown_enum_numbers_are_kept_and_unset_ones_are_decode_errors() {
    let error = Distance::from_proto(0).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.message().contains("Distance"), "{error}");
    // A number a newer server added reads as `Unknown` and goes back as the same number.
    let newer = Distance::from_proto(99).unwrap();
    assert_eq!(newer, Distance::Unknown("99".into()));
    assert_eq!(IntoProto::<i32>::into_proto(newer).unwrap(), 99);
    // A name read over REST has no number to send.
    let error = IntoProto::<i32>::into_proto(Datatype::from("turbo32")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("`turbo32`"), "{error}");
    assert!(error.message().contains("`Datatype`"), "{error}");
    assert_eq!(
        CollectionStatus::from_proto(4).unwrap(),
        CollectionStatus::Grey
    );
    assert_eq!(
        CollectionStatus::from_proto(0).unwrap_err().kind(),
        ErrorKind::Decode
    );
    assert_eq!(datatype_in(Some(0)).unwrap(), None);
    assert_eq!(datatype_in(Some(3)).unwrap(), Some(Datatype::Float16));
    assert_eq!(
        datatype_in(Some(42)).unwrap(),
        Some(Datatype::Unknown("42".into()))
    );

    // A memory placement a newer server adds, wherever an answer carries one.
    let newer = Some(Memory::Unknown("1000".into()));
    let vector: VectorParams = reads_and_resends(proto::VectorParams {
        size: 4,
        distance: proto::Distance::Cosine as i32,
        memory: Some(1000),
        ..proto::VectorParams::default()
    });
    assert_eq!(vector.memory, newer);
    let diff: quadrant_models::VectorParamsDiff = reads_and_resends(proto::VectorParamsDiff {
        memory: Some(1000),
        ..proto::VectorParamsDiff::default()
    });
    assert_eq!(diff.memory, newer);
    let hnsw: HnswConfigDiff = reads_and_resends(proto::HnswConfigDiff {
        memory: Some(1000),
        ..proto::HnswConfigDiff::default()
    });
    assert_eq!(hnsw.memory, newer);
    let hnsw: HnswConfig = reads_and_resends(proto::HnswConfigDiff {
        m: Some(16),
        ef_construct: Some(100),
        full_scan_threshold: Some(10_000),
        max_indexing_threads: Some(0),
        memory: Some(1000),
        ..proto::HnswConfigDiff::default()
    });
    assert_eq!(hnsw.memory, newer);
    let sparse: SparseIndexParams = reads_and_resends(proto::SparseIndexConfig {
        memory: Some(1000),
        ..proto::SparseIndexConfig::default()
    });
    assert_eq!(sparse.memory, newer);
    let payload: PayloadStorageParams =
        reads_and_resends(proto::PayloadStorageParams { memory: Some(1000) });
    assert_eq!(payload.memory, newer);
    let tracker: IdTrackerParams = reads_and_resends(proto::IdTrackerParams { memory: Some(1000) });
    assert_eq!(tracker.memory, newer);
    let scalar: ScalarQuantizationConfig = reads_and_resends(proto::ScalarQuantization {
        r#type: proto::QuantizationType::Int8 as i32,
        memory: Some(1000),
        ..proto::ScalarQuantization::default()
    });
    assert_eq!(scalar.memory, newer);
    let product: ProductQuantizationConfig = reads_and_resends(proto::ProductQuantization {
        compression: proto::CompressionRatio::X4 as i32,
        memory: Some(1000),
        ..proto::ProductQuantization::default()
    });
    assert_eq!(product.memory, newer);
    let binary: BinaryQuantizationConfig = reads_and_resends(proto::BinaryQuantization {
        memory: Some(1000),
        ..proto::BinaryQuantization::default()
    });
    assert_eq!(binary.memory, newer);
    let turbo: TurboQuantQuantizationConfig = reads_and_resends(proto::TurboQuantization {
        memory: Some(1000),
        ..proto::TurboQuantization::default()
    });
    assert_eq!(turbo.memory, newer);
    let text = proto::TextIndexParams {
        tokenizer: proto::TokenizerType::Word as i32,
        memory: Some(1000),
        ..proto::TextIndexParams::default()
    };
    for index in [
        IndexParams::KeywordIndexParams(proto::KeywordIndexParams {
            memory: Some(1000),
            ..proto::KeywordIndexParams::default()
        }),
        IndexParams::IntegerIndexParams(proto::IntegerIndexParams {
            memory: Some(1000),
            ..proto::IntegerIndexParams::default()
        }),
        IndexParams::FloatIndexParams(proto::FloatIndexParams {
            memory: Some(1000),
            ..proto::FloatIndexParams::default()
        }),
        IndexParams::GeoIndexParams(proto::GeoIndexParams {
            memory: Some(1000),
            ..proto::GeoIndexParams::default()
        }),
        IndexParams::TextIndexParams(text.clone()),
        IndexParams::BoolIndexParams(proto::BoolIndexParams {
            memory: Some(1000),
            ..proto::BoolIndexParams::default()
        }),
        IndexParams::DatetimeIndexParams(proto::DatetimeIndexParams {
            memory: Some(1000),
            ..proto::DatetimeIndexParams::default()
        }),
        IndexParams::UuidIndexParams(proto::UuidIndexParams {
            memory: Some(1000),
            ..proto::UuidIndexParams::default()
        }),
    ] {
        let params: PayloadSchemaParams = reads_and_resends(proto::PayloadIndexParams {
            index_params: Some(index),
        });
        let memory = match params {
            PayloadSchemaParams::Keyword(params) => params.memory,
            PayloadSchemaParams::Integer(params) => params.memory,
            PayloadSchemaParams::Float(params) => params.memory,
            PayloadSchemaParams::Geo(params) => params.memory,
            PayloadSchemaParams::Text(params) => params.memory,
            PayloadSchemaParams::Bool(params) => params.memory,
            PayloadSchemaParams::Datetime(params) => params.memory,
            PayloadSchemaParams::Uuid(params) => params.memory,
            other => panic!("an index of another kind: {other:?}"),
        };
        assert_eq!(memory, newer);
    }
    // Zero is `MemoryUnknown`, protobuf's unset value: no server sends it in a set field.
    let error = Memory::from_proto(proto::Memory::Unknown as i32).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.message().contains("`Memory`"), "{error}");

    // A text scoring a newer server adds.
    let scored: TextIndexParams = reads_and_resends(proto::TextIndexParams {
        scoring: Some(proto::TextScoringParams { r#type: 7 }),
        ..text
    });
    assert_eq!(
        scored.scoring,
        Some(TextScoringInterface::Params(TextScoringParams {
            r#type: TextScoringType::Unknown("7".into()),
        }))
    );
    assert_eq!(
        TextScoringType::from_proto(0).unwrap(),
        TextScoringType::Bm25
    );
}

/// Reads a message into its model and checks that the model goes back as the same message.
fn reads_and_resends<M, P>(message: P) -> M
where
    M: FromProto<P> + IntoProto<P> + Clone,
    P: Clone + PartialEq + std::fmt::Debug,
{
    let model = M::from_proto(message.clone()).unwrap();
    let resent: P = model.clone().into_proto().unwrap();
    assert_eq!(resent, message);
    model
}

#[test]
fn unknown_settings_read_over_rest_are_not_sent_over_grpc() {
    let mut diff = HnswConfigDiff {
        m: Some(16),
        ..HnswConfigDiff::default()
    };
    assert_eq!(
        IntoProto::<proto::HnswConfigDiff>::into_proto(diff.clone())
            .unwrap()
            .m,
        Some(16)
    );
    diff.extra
        .insert("zz_newer".into(), serde_json::json!({"level": 3}));
    let error = IntoProto::<proto::HnswConfigDiff>::into_proto(diff).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        error.message().contains("`HnswConfigDiff.zz_newer`"),
        "{error}"
    );
}

#[test]
fn an_unset_tokenizer_is_sent_as_rests_default() {
    let message: proto::TextIndexParams = TextIndexParams::default().into_proto().unwrap();
    assert_eq!(message.tokenizer, proto::TokenizerType::Word as i32);
    let unknown = proto::TextIndexParams::default();
    assert_eq!(
        TextIndexParams::from_proto(unknown).unwrap().tokenizer,
        None
    );
}

#[test]
fn index_schemas_round_trip() {
    let text = TextIndexParams {
        tokenizer: Some(TokenizerType::Word),
        min_token_len: Some(2),
        stopwords: Some(StopwordsInterface::Language(Language::English)),
        stemmer: Some(StemmingAlgorithm::Snowball(SnowballParams {
            language: SnowballLanguage::English,
        })),
        ..TextIndexParams::default()
    };
    for schema in [
        PayloadFieldSchema::FieldType(PayloadSchemaType::Float),
        PayloadFieldSchema::FieldParams(PayloadSchemaParams::Text(text)),
        PayloadFieldSchema::FieldParams(PayloadSchemaParams::Keyword(KeywordIndexParams {
            is_tenant: Some(true),
            ..KeywordIndexParams::default()
        })),
    ] {
        let request = CreateFieldIndex::new("c", "f", schema).wait(false);
        let message: proto::CreateFieldIndexCollection = request.clone().into_proto().unwrap();
        assert_eq!(CreateFieldIndex::from_proto(message).unwrap(), request);
    }
    let set = StopwordsInterface::Set(StopwordsSet {
        languages: Some(vec![Language::German, Language::French]),
        custom: Some(vec!["und".into()]),
    });
    let message: proto::StopwordsSet = set.clone().into_proto().unwrap();
    assert_eq!(message.languages, ["german", "french"]);
    assert_eq!(StopwordsInterface::from_proto(message).unwrap(), set);
}

#[test]
#[allow(deprecated, reason = "the deprecated flags still cross both ways")]
fn turbo_datatypes_bits8_and_memory_cross_both_ways() {
    for (datatype, wire) in [
        (Datatype::Turbo4, proto::Datatype::Turbo4),
        (Datatype::Turbo8, proto::Datatype::Turbo8),
        (Datatype::Turbo16, proto::Datatype::Turbo16),
    ] {
        let params = VectorParams::new(4, Distance::Cosine)
            .datatype(datatype)
            .memory(Memory::Cold)
            .hnsw_config(HnswConfigDiff {
                memory: Some(Memory::Cached),
                ..HnswConfigDiff::default()
            })
            .quantization_config(TurboQuantQuantizationConfig {
                bits: Some(TurboQuantBitSize::Bits8),
                memory: Some(Memory::Pinned),
                ..TurboQuantQuantizationConfig::default()
            });
        let message: proto::VectorParams = params.clone().into_proto().unwrap();
        assert_eq!(message.datatype, Some(wire as i32));
        assert_eq!(message.memory, Some(proto::Memory::Cold as i32));
        assert_eq!(
            message.hnsw_config.as_ref().and_then(|hnsw| hnsw.memory),
            Some(proto::Memory::Cached as i32)
        );
        let Some(Quantization::Turboquant(turbo)) = message
            .quantization_config
            .as_ref()
            .and_then(|config| config.quantization)
        else {
            panic!("turbo quantization: {message:?}");
        };
        assert_eq!(turbo.bits, Some(proto::TurboQuantBitSize::Bits8 as i32));
        assert_eq!(turbo.memory, Some(proto::Memory::Pinned as i32));
        assert_eq!(VectorParams::from_proto(message).unwrap(), params);
    }
    let sparse = SparseIndexParams {
        memory: Some(Memory::Pinned),
        ..SparseIndexParams::default()
    };
    let message: proto::SparseIndexConfig = sparse.clone().into_proto().unwrap();
    assert_eq!(message.memory, Some(proto::Memory::Pinned as i32));
    assert_eq!(SparseIndexParams::from_proto(message).unwrap(), sparse);
    for quantization in [
        QuantizationConfig::Scalar(ScalarQuantizationConfig {
            r#type: ScalarType::Int8,
            quantile: None,
            always_ram: Some(true),
            memory: Some(Memory::Cached),
        }),
        QuantizationConfig::Product(ProductQuantizationConfig {
            compression: CompressionRatio::X8,
            always_ram: None,
            memory: Some(Memory::Cold),
        }),
        QuantizationConfig::Binary(BinaryQuantizationConfig {
            memory: Some(Memory::Pinned),
            ..BinaryQuantizationConfig::default()
        }),
    ] {
        let message: proto::QuantizationConfig = quantization.clone().into_proto().unwrap();
        assert_eq!(
            QuantizationConfig::from_proto(message).unwrap(),
            quantization
        );
    }
}

#[test]
#[allow(deprecated, reason = "the deprecated flags still cross both ways")]
fn payload_storage_and_id_tracker_cross_both_ways() {
    let create = CreateCollection::new("c")
        .payload(PayloadStorageParams {
            memory: Some(Memory::Cold),
        })
        .id_tracker(IdTrackerParams {
            memory: Some(Memory::Pinned),
        })
        .on_disk_payload(true);
    let message: proto::CreateCollection = create.clone().into_proto().unwrap();
    assert_eq!(
        message.payload,
        Some(proto::PayloadStorageParams {
            memory: Some(proto::Memory::Cold as i32)
        })
    );
    assert_eq!(
        message.id_tracker,
        Some(proto::IdTrackerParams {
            memory: Some(proto::Memory::Pinned as i32)
        })
    );
    assert_eq!(message.on_disk_payload, Some(true));
    assert_eq!(CreateCollection::from_proto(message).unwrap(), create);
}

#[test]
fn a_1_20_collection_info_reads_created_at_and_its_settings() {
    let info: CollectionInfo = serde_json::from_value(serde_json::json!({
        "status": "green",
        "optimizer_status": "ok",
        "segments_count": 2,
        "config": {
            "params": {
                "vectors": {"size": 4, "distance": "Dot", "datatype": "turbo8", "memory": "cold"},
                "shard_number": 1,
                "replication_factor": 1,
                "write_consistency_factor": 1,
                "on_disk_payload": true,
                "payload": {"memory": "cached"},
                "id_tracker": {"memory": "pinned"}
            },
            "hnsw_config": {
                "m": 16, "ef_construct": 100, "full_scan_threshold": 10000,
                "max_indexing_threads": 0, "memory": "pinned"
            },
            "optimizer_config": {
                "deleted_threshold": 0.2, "vacuum_min_vector_number": 1000,
                "default_segment_number": 0, "flush_interval_sec": 5
            }
        },
        "payload_schema": {},
        "created_at": "2026-11-30T09:15:27.123456Z"
    }))
    .unwrap();
    let message: proto::CollectionInfo = info.clone().into_proto().unwrap();
    let created = message.created_at.expect("created_at is sent");
    assert_eq!(created.nanos, 123_456_000);
    assert_eq!(CollectionInfo::from_proto(message.clone()).unwrap(), info);

    let older = proto::CollectionInfo {
        created_at: None,
        ..message
    };
    assert_eq!(CollectionInfo::from_proto(older).unwrap().created_at, None);
}

#[test]
fn payload_indexes_of_1_19_and_1_20_cross_both_ways() {
    let keyword = PayloadSchemaParams::Keyword(KeywordIndexParams {
        prefix: Some(true),
        nested: Some("offers".into()),
        memory: Some(Memory::Cached),
        ..KeywordIndexParams::default()
    });
    let message: proto::PayloadIndexParams = keyword.clone().into_proto().unwrap();
    let Some(IndexParams::KeywordIndexParams(wire)) = &message.index_params else {
        panic!("a keyword index: {message:?}");
    };
    assert_eq!(wire.prefix, Some(proto::KeywordPrefixParams {}));
    assert_eq!(wire.nested.as_deref(), Some("offers"));
    assert_eq!(PayloadSchemaParams::from_proto(message).unwrap(), keyword);

    // `prefix: false` has no gRPC form but the absence of the message.
    let no_prefix = PayloadSchemaParams::Keyword(KeywordIndexParams {
        prefix: Some(false),
        ..KeywordIndexParams::default()
    });
    let message: proto::PayloadIndexParams = no_prefix.into_proto().unwrap();
    let Some(IndexParams::KeywordIndexParams(wire)) = &message.index_params else {
        panic!("a keyword index: {message:?}");
    };
    assert_eq!(wire.prefix, None);

    let text = TextIndexParams {
        tokenizer: Some(TokenizerType::Code),
        stemmer: Some(StemmingAlgorithm::Disabled),
        scoring: Some(TextScoringInterface::Enabled(true)),
        memory: Some(Memory::Pinned),
        nested: Some("files".into()),
        ..TextIndexParams::default()
    };
    let message: proto::TextIndexParams = text.clone().into_proto().unwrap();
    assert_eq!(message.tokenizer, proto::TokenizerType::Code as i32);
    assert_eq!(
        message.stemmer,
        Some(proto::StemmingAlgorithm {
            stemming_params: Some(StemmingParams::Disabled(proto::DisabledStemmer {})),
        })
    );
    assert_eq!(
        message.scoring,
        Some(proto::TextScoringParams {
            r#type: proto::TextScoringType::Bm25 as i32
        })
    );
    // gRPC has only the parameters: `true` reads back as BM25, what it means.
    let read = TextIndexParams::from_proto(message).unwrap();
    assert_eq!(
        read,
        TextIndexParams {
            scoring: Some(TextScoringInterface::Params(TextScoringParams {
                r#type: TextScoringType::Bm25,
            })),
            ..text
        }
    );
    let off = TextIndexParams {
        scoring: Some(TextScoringInterface::Enabled(false)),
        ..TextIndexParams::default()
    };
    let message: proto::TextIndexParams = off.into_proto().unwrap();
    assert_eq!(message.scoring, None);

    for params in [
        PayloadSchemaParams::Integer(IntegerIndexParams {
            memory: Some(Memory::Cold),
            nested: Some("offers".into()),
            ..IntegerIndexParams::default()
        }),
        PayloadSchemaParams::Float(FloatIndexParams {
            memory: Some(Memory::Cold),
            nested: Some("offers".into()),
            ..FloatIndexParams::default()
        }),
        PayloadSchemaParams::Geo(GeoIndexParams {
            memory: Some(Memory::Cold),
            nested: Some("offers".into()),
            ..GeoIndexParams::default()
        }),
        PayloadSchemaParams::Bool(BoolIndexParams {
            memory: Some(Memory::Cold),
            nested: Some("offers".into()),
            ..BoolIndexParams::default()
        }),
        PayloadSchemaParams::Datetime(DatetimeIndexParams {
            memory: Some(Memory::Cold),
            nested: Some("offers".into()),
            ..DatetimeIndexParams::default()
        }),
        PayloadSchemaParams::Uuid(UuidIndexParams {
            memory: Some(Memory::Cold),
            nested: Some("offers".into()),
            ..UuidIndexParams::default()
        }),
    ] {
        let message: proto::PayloadIndexParams = params.clone().into_proto().unwrap();
        assert_eq!(PayloadSchemaParams::from_proto(message).unwrap(), params);
    }
}

#[test]
fn the_info_of_a_collection_needs_the_settings_the_server_always_sends() {
    let error = HnswConfig::from_proto(proto::HnswConfigDiff::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.message().contains("hnsw_config.m"), "{error}");
    let auto = proto::OptimizersConfigDiff {
        deleted_threshold: Some(0.2),
        vacuum_min_vector_number: Some(1000),
        default_segment_number: Some(0),
        flush_interval_sec: Some(5),
        max_optimization_threads: Some(proto::MaxOptimizationThreads {
            variant: Some(max_optimization_threads::Variant::Setting(0)),
        }),
        ..proto::OptimizersConfigDiff::default()
    };
    let read = OptimizersConfig::from_proto(auto).unwrap();
    assert_eq!(read.max_optimization_threads, None);
    let legacy = proto::OptimizersConfigDiff {
        deprecated_max_optimization_threads: Some(3),
        ..proto::OptimizersConfigDiff::default()
    };
    assert_eq!(
        OptimizersConfigDiff::from_proto(legacy)
            .unwrap()
            .max_optimization_threads,
        Some(MaxOptimizationThreads::Threads(3))
    );
}
