//! The collection-level additions of Qdrant 1.19 and 1.20, round-tripped through the models as
//! JSON written the way the references write it: Qdrant 1.19.0's OpenAPI schema and, for what
//! 1.20 added, the models of the Python `qdrant-client` 1.20.0. Each body is decoded, checked
//! field by field, encoded again and compared with the JSON it came from.

#![allow(
    deprecated,
    reason = "the deprecated flags are read and written beside `memory`"
)]

use quadrant_models::{
    CollectionInfo, CreateCollection, CreateFieldIndex, Datatype, IdTrackerParams, Memory,
    PayloadFieldSchema, PayloadSchemaParams, PayloadStorageParams, QuantizationConfig, QuotaConfig,
    StemmingAlgorithm, StrictModeConfig, TextScoringInterface, TextScoringParams, TextScoringType,
    TokenizerType, TurboQuantBitSize, UpdateCollection, VectorParams, VectorsConfig,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `json` into `T`, encodes it again, and requires the same JSON back.
fn round_trip<T: DeserializeOwned + Serialize>(json: Value) -> T {
    let model: T = serde_json::from_value(json.clone()).expect("the JSON decodes");
    let text = serde_json::to_string(&model).expect("the model encodes");
    let back: Value = serde_json::from_str(&text).expect("the encoding is JSON");
    assert_eq!(back, json, "the round trip changed the JSON");
    model
}

/// The answer of a 1.20 server about a collection with every 1.19/1.20 setting.
fn collection_info_1_20() -> Value {
    json!({
        "status": "green",
        "optimizer_status": "ok",
        "indexed_vectors_count": 0,
        "points_count": 0,
        "segments_count": 2,
        "config": {
            "params": {
                "vectors": {
                    "size": 16,
                    "distance": "Cosine",
                    "hnsw_config": {"m": 8, "memory": "cached"},
                    "quantization_config": {"turbo": {"bits": "bits8", "memory": "pinned"}},
                    "memory": "cold",
                    "datatype": "turbo8"
                },
                "shard_number": 1,
                "replication_factor": 1,
                "write_consistency_factor": 1,
                "on_disk_payload": true,
                "payload": {"memory": "cold"},
                "id_tracker": {"memory": "pinned"},
                "sparse_vectors": {
                    "text": {"index": {"memory": "cached", "datatype": "float16"}}
                }
            },
            "hnsw_config": {
                "m": 16,
                "ef_construct": 100,
                "full_scan_threshold": 10000,
                "max_indexing_threads": 0,
                "on_disk": false,
                "memory": "pinned"
            },
            "optimizer_config": {
                "deleted_threshold": 0.2,
                "vacuum_min_vector_number": 1000,
                "default_segment_number": 0,
                "flush_interval_sec": 5
            },
            "wal_config": {"wal_capacity_mb": 32, "wal_segments_ahead": 0, "wal_retain_closed": 1},
            "strict_mode_config": {"enabled": true, "max_resident_memory_percent": 90}
        },
        "payload_schema": {
            "offers.price": {
                "data_type": "float",
                "params": {"type": "float", "memory": "cold", "nested": "offers"},
                "points": 0
            }
        },
        "created_at": "2026-11-30T09:15:27.123456Z"
    })
}

#[test]
fn collection_info_of_a_1_20_server_reads_turbo8_memory_and_created_at() {
    let info: CollectionInfo = round_trip(collection_info_1_20());
    assert_eq!(
        info.created_at.as_deref(),
        Some("2026-11-30T09:15:27.123456Z")
    );
    let params = &info.config.params;
    let VectorsConfig::Single(vector) = &params.vectors else {
        panic!("one unnamed vector: {:?}", params.vectors);
    };
    assert_eq!(vector.datatype, Some(Datatype::Turbo8));
    assert_eq!(vector.memory, Some(Memory::Cold));
    assert_eq!(
        vector
            .hnsw_config
            .as_ref()
            .and_then(|hnsw| hnsw.memory.clone()),
        Some(Memory::Cached)
    );
    let Some(QuantizationConfig::Turbo(turbo)) = &vector.quantization_config else {
        panic!("turbo quantization: {:?}", vector.quantization_config);
    };
    assert_eq!(turbo.bits, Some(TurboQuantBitSize::Bits8));
    assert_eq!(turbo.memory, Some(Memory::Pinned));
    assert_eq!(
        params.payload,
        Some(PayloadStorageParams {
            memory: Some(Memory::Cold)
        })
    );
    assert_eq!(
        params.id_tracker,
        Some(IdTrackerParams {
            memory: Some(Memory::Pinned)
        })
    );
    assert_eq!(
        params.sparse_vectors.as_ref().unwrap()["text"]
            .index
            .as_ref()
            .and_then(|index| index.memory.clone()),
        Some(Memory::Cached)
    );
    assert_eq!(info.config.hnsw_config.memory, Some(Memory::Pinned));
    assert_eq!(
        info.config
            .strict_mode_config
            .as_ref()
            .and_then(|strict| strict.max_resident_memory_percent),
        Some(90)
    );
    let Some(PayloadSchemaParams::Float(float)) = &info.payload_schema["offers.price"].params
    else {
        panic!("a float index: {:?}", info.payload_schema);
    };
    assert_eq!(float.nested.as_deref(), Some("offers"));
    assert_eq!(float.memory, Some(Memory::Cold));
}

#[test]
fn a_collection_without_created_at_still_reads() {
    let mut json = collection_info_1_20();
    json.as_object_mut().unwrap().remove("created_at");
    let info: CollectionInfo = round_trip(json);
    assert_eq!(info.created_at, None);
}

#[test]
fn every_datatype_of_1_20_has_its_name() {
    for (datatype, name) in [
        (Datatype::Turbo4, "turbo4"),
        (Datatype::Turbo8, "turbo8"),
        (Datatype::Turbo16, "turbo16"),
    ] {
        assert_eq!(serde_json::to_value(&datatype).unwrap(), json!(name));
        assert_eq!(
            serde_json::from_value::<Datatype>(json!(name)).unwrap(),
            datatype
        );
    }
    for (memory, name) in [
        (Memory::Cold, "cold"),
        (Memory::Cached, "cached"),
        (Memory::Pinned, "pinned"),
    ] {
        assert_eq!(serde_json::to_value(memory).unwrap(), json!(name));
    }
}

#[test]
fn create_collection_sends_memory_payload_and_id_tracker() {
    let body = json!({
        "vectors": {
            "dense": {"size": 4, "distance": "Dot", "memory": "cached", "datatype": "turbo16"}
        },
        "payload": {"memory": "cold"},
        "id_tracker": {"memory": "cached"},
        "hnsw_config": {"memory": "cold"},
        "quantization_config": {"scalar": {"type": "int8", "memory": "pinned"}}
    });
    let create: CreateCollection = round_trip(body.clone());
    assert_eq!(
        create.payload.and_then(|payload| payload.memory),
        Some(Memory::Cold)
    );

    // The same request built with the setters is written the same way.
    let built = CreateCollection::new("c")
        .vectors_config(VectorsConfig::Multi(
            [(
                "dense".to_owned(),
                VectorParams::new(4, quadrant_models::Distance::Dot)
                    .memory(Memory::Cached)
                    .datatype(Datatype::Turbo16),
            )]
            .into(),
        ))
        .payload(PayloadStorageParams {
            memory: Some(Memory::Cold),
        })
        .id_tracker(IdTrackerParams {
            memory: Some(Memory::Cached),
        })
        .hnsw_config(quadrant_models::HnswConfigDiff {
            memory: Some(Memory::Cold),
            ..Default::default()
        })
        .quantization_config(quadrant_models::ScalarQuantizationConfig {
            r#type: quadrant_models::ScalarType::Int8,
            quantile: None,
            always_ram: None,
            memory: Some(Memory::Pinned),
        });
    assert_eq!(serde_json::to_value(&built).unwrap(), body);
}

#[test]
fn the_deprecated_flags_are_still_sent() {
    let body = json!({
        "vectors": {"size": 4, "distance": "Dot", "on_disk": true},
        "on_disk_payload": false,
        "quantization_config": {"binary": {"always_ram": true}}
    });
    let create: CreateCollection = round_trip(body);
    assert_eq!(create.on_disk_payload, Some(false));
}

#[test]
fn strict_mode_limits_that_moved_to_the_quotas_are_still_read() {
    // A 1.18 server reports both limits in strict mode; 1.19 removed the disk limit from it
    // (both are the quota configuration's now), and 1.19/1.20 still report the memory limit.
    let strict: StrictModeConfig = round_trip(json!({
        "enabled": true,
        "max_resident_memory_percent": 85,
        "max_disk_usage_percent": 90
    }));
    assert_eq!(strict.max_resident_memory_percent, Some(85));
    assert_eq!(strict.max_disk_usage_percent, Some(90));
    let quotas: QuotaConfig = round_trip(json!({
        "max_resident_memory_percent": 85,
        "max_disk_usage_percent": 90
    }));
    assert_eq!(quotas.max_disk_usage_percent, Some(90));
}

#[test]
fn update_collection_changes_memory_placement() {
    let body = json!({
        "vectors": {"": {"memory": "cold", "hnsw_config": {"memory": "cached"}}},
        "params": {"payload": {"memory": "cached"}, "id_tracker": {"memory": "cold"}},
        "quantization_config": {"product": {"compression": "x16", "memory": "cold"}},
        "sparse_vectors": {"text": {"index": {"memory": "pinned"}}}
    });
    let update: UpdateCollection = round_trip(body);
    assert_eq!(update.vectors.unwrap()[""].memory, Some(Memory::Cold));
    let params = update.params.unwrap();
    assert_eq!(
        params.id_tracker.and_then(|tracker| tracker.memory),
        Some(Memory::Cold)
    );
}

#[test]
fn keyword_index_with_prefix_nested_and_memory() {
    let body = json!({
        "field_name": "offers.sku",
        "field_schema": {
            "type": "keyword",
            "is_tenant": false,
            "memory": "cached",
            "prefix": true,
            "nested": "offers"
        }
    });
    let create: CreateFieldIndex = round_trip(body);
    let Some(PayloadFieldSchema::FieldParams(PayloadSchemaParams::Keyword(keyword))) =
        create.field_schema
    else {
        panic!("a keyword index: {:?}", create.field_schema);
    };
    assert_eq!(keyword.prefix, Some(true));
    assert_eq!(keyword.nested.as_deref(), Some("offers"));
    assert_eq!(keyword.memory, Some(Memory::Cached));
}

#[test]
fn text_index_with_code_tokenizer_disabled_stemmer_and_scoring() {
    let body = json!({
        "field_name": "source",
        "field_schema": {
            "type": "text",
            "tokenizer": "code",
            "stemmer": {"type": "none"},
            "scoring": true,
            "memory": "pinned",
            "nested": "files"
        }
    });
    let create: CreateFieldIndex = round_trip(body);
    let Some(PayloadFieldSchema::FieldParams(PayloadSchemaParams::Text(text))) =
        create.field_schema
    else {
        panic!("a text index: {:?}", create.field_schema);
    };
    assert_eq!(text.tokenizer, Some(TokenizerType::Code));
    assert_eq!(text.stemmer, Some(StemmingAlgorithm::Disabled));
    assert_eq!(text.scoring, Some(TextScoringInterface::Enabled(true)));

    let body = json!({
        "field_name": "title",
        "field_schema": {"type": "text", "scoring": {"type": "bm25"}}
    });
    let create: CreateFieldIndex = round_trip(body);
    let Some(PayloadFieldSchema::FieldParams(PayloadSchemaParams::Text(text))) =
        create.field_schema
    else {
        panic!("a text index: {:?}", create.field_schema);
    };
    assert_eq!(
        text.scoring,
        Some(TextScoringInterface::Params(TextScoringParams {
            r#type: TextScoringType::Bm25
        }))
    );
}

#[test]
fn every_payload_index_takes_memory_and_nested() {
    for kind in ["integer", "float", "geo", "bool", "datetime", "uuid"] {
        let body = json!({
            "field_name": "offers.x",
            "field_schema": {"type": kind, "memory": "cold", "nested": "offers"}
        });
        let create: CreateFieldIndex = round_trip(body);
        let Some(PayloadFieldSchema::FieldParams(params)) = &create.field_schema else {
            panic!("{kind}: index params: {:?}", create.field_schema);
        };
        let encoded = serde_json::to_value(params).unwrap();
        assert_eq!(encoded["memory"], json!("cold"), "{kind}");
        assert_eq!(encoded["nested"], json!("offers"), "{kind}");
    }
}
