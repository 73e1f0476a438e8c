//! Collections: how they are configured, the requests that create, inspect, update and delete
//! them, their named vectors, and payload indexes (their parameters, and the requests that
//! create and delete them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::common::WriteOrdering;
use crate::payload::Payload;

mod config;
mod operations;
mod payload_index;
mod update;
mod vectors;

pub use config::*;
pub use operations::*;
pub use payload_index::*;
pub use update::*;
pub use vectors::*;

// Qdrant's defaults for fields that its schema does not require.

fn default_deleted_threshold() -> f64 {
    0.2
}

fn default_vacuum_min_vector_number() -> u64 {
    1000
}

fn one() -> u64 {
    1
}

fn one_u32() -> u32 {
    1
}

fn yes() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_and_named_vectors_config() {
        let single: VectorsConfig =
            serde_json::from_value(json!({"size": 4, "distance": "Cosine"})).unwrap();
        assert_eq!(single, VectorParams::new(4, Distance::Cosine).into());

        let named: VectorsConfig = serde_json::from_value(json!({
            "image": {"size": 6, "distance": "Dot"},
            "colbert": {"size": 3, "distance": "Euclid", "multivector_config": {"comparator": "max_sim"}},
        }))
        .unwrap();
        let VectorsConfig::Multi(named) = named else {
            panic!("expected named vectors");
        };
        assert_eq!(named.len(), 2);

        let empty: VectorsConfig = serde_json::from_value(json!({})).unwrap();
        assert_eq!(empty, VectorsConfig::default());
    }

    #[test]
    #[allow(
        deprecated,
        reason = "the deprecated flags are still written as they were"
    )]
    fn create_collection_body() {
        let request = CreateCollection::new("c")
            .vectors_config(
                VectorParams::new(16, Distance::Manhattan).quantization_config(
                    ScalarQuantizationConfig {
                        r#type: ScalarType::Int8,
                        quantile: Some(0.99),
                        always_ram: Some(true),
                        memory: None,
                    },
                ),
            )
            .sparse_vectors_config([(
                "keywords",
                SparseVectorParams {
                    modifier: Some(Modifier::Idf),
                    ..SparseVectorParams::default()
                },
            )])
            .shard_number(2)
            .timeout(5);
        assert_eq!(request.collection_name, "c");
        assert_eq!(request.timeout, Some(5));
        assert_eq!(
            crate::to_json(&request).unwrap(),
            json!({
                "vectors": {"size": 16, "distance": "Manhattan",
                    "quantization_config": {"scalar": {"type": "int8", "quantile": 0.99, "always_ram": true}}},
                "shard_number": 2,
                "sparse_vectors": {"keywords": {"modifier": "idf"}},
            })
        );
    }

    #[test]
    #[allow(
        deprecated,
        reason = "the deprecated flags are still written as they were"
    )]
    fn update_collection_body() {
        let request = UpdateCollection::new("c")
            .vectors_config([(
                "image",
                VectorParamsDiff::default()
                    .quantization_config(BinaryQuantizationConfig {
                        always_ram: Some(true),
                        memory: None,
                        encoding: Some(BinaryQuantizationEncoding::TwoBits),
                        query_encoding: None,
                    })
                    .on_disk(true),
            )])
            .quantization_config(QuantizationConfigDiff::Disabled)
            .params(CollectionParamsDiff {
                replication_factor: Some(2),
                ..CollectionParamsDiff::default()
            })
            .sparse_vectors_config([(
                "keywords",
                SparseVectorParams {
                    modifier: Some(Modifier::Idf),
                    ..SparseVectorParams::default()
                },
            )])
            .timeout(4);
        let body = crate::to_json(&request).unwrap();
        assert_eq!(
            body,
            json!({
                "vectors": {"image": {"quantization_config": {"binary": {"always_ram": true, "encoding": "two_bits"}},
                                      "on_disk": true}},
                "params": {"replication_factor": 2},
                "quantization_config": "Disabled",
                "sparse_vectors": {"keywords": {"modifier": "idf"}},
            })
        );
        let back: UpdateCollection = serde_json::from_value(body).unwrap();
        assert_eq!(
            back.quantization_config,
            Some(QuantizationConfigDiff::Disabled)
        );
    }

    #[test]
    fn vector_name_bodies() {
        let dense = CreateVectorName::new(
            "c",
            "extra",
            DenseVectorConfig::new(5, Distance::Cosine).datatype(Datatype::Float16),
        )
        .wait(true);
        assert_eq!(dense.vector_name, "extra");
        assert_eq!(
            crate::to_json(&dense).unwrap(),
            json!({"dense": {"size": 5, "distance": "Cosine", "datatype": "float16"}})
        );
        let sparse = CreateVectorName::new("c", "extra_sparse", SparseVectorConfig::default());
        assert_eq!(crate::to_json(&sparse).unwrap(), json!({"sparse": {}}));
        let back: CreateVectorName = serde_json::from_value(json!({"sparse": {}})).unwrap();
        assert_eq!(
            back.config,
            VectorNameConfig::Sparse(SparseVectorConfig::default())
        );
        assert_eq!(
            crate::to_json(DeleteVectorName::new("c", "extra")).unwrap(),
            json!({})
        );
    }

    #[test]
    fn quantization_forms() {
        for value in [
            json!({"product": {"compression": "x16"}}),
            json!({"binary": {"always_ram": true, "encoding": "one_and_half_bits", "query_encoding": "scalar8bits"}}),
            json!({"turbo": {"bits": "bits1_5"}}),
        ] {
            let config: QuantizationConfig = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(crate::to_json(&config).unwrap(), value);
        }
    }

    #[test]
    fn optimizer_status_forms() {
        let ok: OptimizersStatus = serde_json::from_value(json!("ok")).unwrap();
        assert_eq!(ok, OptimizersStatus::Ok);
        let error: OptimizersStatus =
            serde_json::from_value(json!({"error": "disk full"})).unwrap();
        assert_eq!(error, OptimizersStatus::Error("disk full".into()));
    }

    #[test]
    fn field_schema_forms() {
        let plain: PayloadFieldSchema = serde_json::from_value(json!("geo")).unwrap();
        assert_eq!(plain, PayloadSchemaType::Geo.into());
        let text: PayloadFieldSchema = serde_json::from_value(json!({
            "type": "text", "tokenizer": "word", "stopwords": "english",
            "stemmer": {"type": "snowball", "language": "english"}
        }))
        .unwrap();
        let PayloadFieldSchema::FieldParams(PayloadSchemaParams::Text(params)) = &text else {
            panic!("expected text params, got {text:?}");
        };
        assert_eq!(
            params.stopwords,
            Some(StopwordsInterface::Language(Language::English))
        );
        let request = CreateFieldIndex::new(
            "c",
            "city",
            KeywordIndexParams {
                is_tenant: Some(true),
                ..KeywordIndexParams::default()
            },
        );
        assert_eq!(
            crate::to_json(&request).unwrap(),
            json!({"field_name": "city", "field_schema": {"type": "keyword", "is_tenant": true}})
        );
        assert_eq!(
            crate::to_json(DeleteFieldIndex::new("c", "city")).unwrap(),
            json!({})
        );
    }
}
