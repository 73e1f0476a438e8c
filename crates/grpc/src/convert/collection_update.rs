//! Changing an existing collection: [`UpdateCollection`] and its diff messages.
//!
//! What gRPC carries differently from REST:
//! - The changes per dense vector are a map on REST, with `""` naming the unnamed vector; gRPC
//!   has a message for the unnamed vector alone and a map for named ones. A map with only `""`
//!   is sent as the unnamed vector's message, and that message reads back as `""`.
//! - gRPC writes the metadata to merge as a map, where an empty map means "no change": REST's
//!   empty object, which removes all metadata, cannot be sent (an
//!   [`ErrorKind::InvalidArgument`](quadrant_transport::ErrorKind::InvalidArgument) error;
//!   [`GrpcTransport`](crate::GrpcTransport) sends such an update over REST instead).
//! - Strict mode's `max_disk_usage_percent` has no gRPC field, as for collection creation.

use std::collections::BTreeMap;

use quadrant_models::{
    BinaryQuantizationConfig, CollectionParamsDiff, ProductQuantizationConfig,
    QuantizationConfigDiff, ScalarQuantizationConfig, TurboQuantQuantizationConfig,
    UpdateCollection, VectorParamsDiff,
};
use quadrant_transport::Result;

#[cfg(any(test, feature = "server-conversions"))]
use crate::convert::payload::optional_payload_from_proto;
use crate::convert::{FromProto, IntoProto, invalid, required};
use crate::proto::{self, quantization_config_diff::Quantization, vectors_config_diff::Config};

/// The name REST gives the unnamed dense vector.
const UNNAMED: &str = "";

impl IntoProto<proto::UpdateCollection> for UpdateCollection {
    fn into_proto(self) -> Result<proto::UpdateCollection> {
        let metadata = match self.metadata {
            Some(metadata) if metadata.is_empty() => {
                return Err(invalid(
                    "UpdateCollection.metadata",
                    "an empty object removes all metadata on REST, but an empty map is no \
                     change on gRPC",
                ));
            }
            Some(metadata) => metadata.into_proto()?,
            None => std::collections::HashMap::new(),
        };
        Ok(proto::UpdateCollection {
            collection_name: self.collection_name,
            optimizers_config: self.optimizers_config.into_proto()?,
            timeout: self.timeout,
            params: self.params.into_proto()?,
            hnsw_config: self.hnsw_config.into_proto()?,
            vectors_config: self.vectors.map(vectors_diff_out).transpose()?,
            quantization_config: self.quantization_config.into_proto()?,
            sparse_vectors_config: self.sparse_vectors.into_proto()?,
            strict_mode_config: self.strict_mode_config.into_proto()?,
            metadata,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::UpdateCollection> for UpdateCollection {
    fn from_proto(message: proto::UpdateCollection) -> Result<Self> {
        Ok(UpdateCollection {
            collection_name: message.collection_name,
            timeout: message.timeout,
            vectors: message.vectors_config.map(vectors_diff_in).transpose()?,
            optimizers_config: Option::from_proto(message.optimizers_config)?,
            params: Option::from_proto(message.params)?,
            hnsw_config: Option::from_proto(message.hnsw_config)?,
            quantization_config: Option::from_proto(message.quantization_config)?,
            sparse_vectors: Option::from_proto(message.sparse_vectors_config)?,
            strict_mode_config: Option::from_proto(message.strict_mode_config)?,
            metadata: optional_payload_from_proto(message.metadata)?,
        })
    }
}

/// The changes per dense vector: the unnamed vector's message when only `""` changes.
fn vectors_diff_out(
    mut vectors: BTreeMap<String, VectorParamsDiff>,
) -> Result<proto::VectorsConfigDiff> {
    let config = match vectors.remove(UNNAMED) {
        Some(unnamed) if vectors.is_empty() => Config::Params(unnamed.into_proto()?),
        unnamed => {
            if let Some(unnamed) = unnamed {
                vectors.insert(UNNAMED.to_owned(), unnamed);
            }
            Config::ParamsMap(proto::VectorParamsDiffMap {
                map: vectors.into_proto()?,
            })
        }
    };
    Ok(proto::VectorsConfigDiff {
        config: Some(config),
    })
}

/// Reads the changes per dense vector, the unnamed vector's as `""`.
#[cfg(any(test, feature = "server-conversions"))]
fn vectors_diff_in(
    message: proto::VectorsConfigDiff,
) -> Result<BTreeMap<String, VectorParamsDiff>> {
    Ok(
        match required(message.config, "UpdateCollection.vectors_config.config")? {
            Config::Params(params) => {
                BTreeMap::from([(UNNAMED.to_owned(), VectorParamsDiff::from_proto(params)?)])
            }
            Config::ParamsMap(map) => BTreeMap::from_proto(map.map)?,
        },
    )
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::VectorParamsDiff> for VectorParamsDiff {
    fn into_proto(self) -> Result<proto::VectorParamsDiff> {
        Ok(proto::VectorParamsDiff {
            hnsw_config: self.hnsw_config.into_proto()?,
            quantization_config: self.quantization_config.into_proto()?,
            on_disk: self.on_disk,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::VectorParamsDiff> for VectorParamsDiff {
    fn from_proto(message: proto::VectorParamsDiff) -> Result<Self> {
        Ok(VectorParamsDiff {
            hnsw_config: Option::from_proto(message.hnsw_config)?,
            quantization_config: Option::from_proto(message.quantization_config)?,
            on_disk: message.on_disk,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::QuantizationConfigDiff> for QuantizationConfigDiff {
    fn into_proto(self) -> Result<proto::QuantizationConfigDiff> {
        let quantization = match self {
            QuantizationConfigDiff::Scalar(scalar) => Quantization::Scalar(scalar.into_proto()?),
            QuantizationConfigDiff::Product(product) => {
                Quantization::Product(product.into_proto()?)
            }
            QuantizationConfigDiff::Binary(binary) => Quantization::Binary(binary.into_proto()?),
            QuantizationConfigDiff::Turbo(turbo) => Quantization::Turboquant(turbo.into_proto()?),
            QuantizationConfigDiff::Disabled => Quantization::Disabled(proto::Disabled {}),
            other => {
                return Err(invalid(
                    "QuantizationConfigDiff",
                    format!("{other:?} has no gRPC equivalent"),
                ));
            }
        };
        Ok(proto::QuantizationConfigDiff {
            quantization: Some(quantization),
        })
    }
}

impl FromProto<proto::QuantizationConfigDiff> for QuantizationConfigDiff {
    fn from_proto(message: proto::QuantizationConfigDiff) -> Result<Self> {
        Ok(
            match required(message.quantization, "QuantizationConfigDiff.quantization")? {
                Quantization::Scalar(scalar) => {
                    QuantizationConfigDiff::Scalar(ScalarQuantizationConfig::from_proto(scalar)?)
                }
                Quantization::Product(product) => {
                    QuantizationConfigDiff::Product(ProductQuantizationConfig::from_proto(product)?)
                }
                Quantization::Binary(binary) => {
                    QuantizationConfigDiff::Binary(BinaryQuantizationConfig::from_proto(binary)?)
                }
                Quantization::Turboquant(turbo) => {
                    QuantizationConfigDiff::Turbo(TurboQuantQuantizationConfig::from_proto(turbo)?)
                }
                Quantization::Disabled(proto::Disabled {}) => QuantizationConfigDiff::Disabled,
            },
        )
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::CollectionParamsDiff> for CollectionParamsDiff {
    fn into_proto(self) -> Result<proto::CollectionParamsDiff> {
        Ok(proto::CollectionParamsDiff {
            replication_factor: self.replication_factor,
            write_consistency_factor: self.write_consistency_factor,
            on_disk_payload: self.on_disk_payload,
            read_fan_out_factor: self.read_fan_out_factor,
            read_fan_out_delay_ms: self.read_fan_out_delay_ms,
            id_tracker: self.id_tracker.into_proto()?,
            payload: self.payload.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::CollectionParamsDiff> for CollectionParamsDiff {
    fn from_proto(message: proto::CollectionParamsDiff) -> Result<Self> {
        Ok(CollectionParamsDiff {
            replication_factor: message.replication_factor,
            write_consistency_factor: message.write_consistency_factor,
            read_fan_out_factor: message.read_fan_out_factor,
            read_fan_out_delay_ms: message.read_fan_out_delay_ms,
            on_disk_payload: message.on_disk_payload,
            id_tracker: Option::from_proto(message.id_tracker)?,
            payload: Option::from_proto(message.payload)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::{HnswConfigDiff, Memory, StrictModeConfig};
    use quadrant_transport::ErrorKind;
    use serde_json::json;

    use super::*;

    fn update(body: serde_json::Value) -> UpdateCollection {
        let mut request: UpdateCollection = serde_json::from_value(body).unwrap();
        request.collection_name = "c".into();
        request
    }

    #[test]
    fn every_diff_round_trips() {
        let request = update(json!({
            "vectors": {"image": {"hnsw_config": {"m": 32}, "quantization_config": "Disabled",
                                  "on_disk": true, "memory": "cold"},
                        "text": {"quantization_config": {"product": {"compression": "x16"}}}},
            "optimizers_config": {"indexing_threshold": 20000, "max_optimization_threads": 2},
            "params": {"replication_factor": 2, "write_consistency_factor": 1,
                       "read_fan_out_factor": 1, "read_fan_out_delay_ms": 50,
                       "on_disk_payload": true, "payload": {"memory": "cached"},
                       "id_tracker": {"memory": "cold"}},
            "hnsw_config": {"ef_construct": 128, "on_disk": false, "memory": "pinned"},
            "quantization_config": {"scalar": {"type": "int8", "quantile": 0.99}},
            "sparse_vectors": {"sparse": {"index": {"on_disk": true}, "modifier": "idf"}},
            "strict_mode_config": {"enabled": true, "max_query_limit": 10},
            "metadata": {"tier": 3}
        }))
        .timeout(5);
        let message: proto::UpdateCollection = request.clone().into_proto().unwrap();
        assert!(matches!(
            message.vectors_config.as_ref().and_then(|v| v.config.as_ref()),
            Some(Config::ParamsMap(map)) if map.map.len() == 2
        ));
        assert!(matches!(
            message
                .quantization_config
                .as_ref()
                .and_then(|q| q.quantization.as_ref()),
            Some(Quantization::Scalar(_))
        ));
        assert_eq!(message.timeout, Some(5));
        let params = message.params.as_ref().expect("params are sent");
        assert_eq!(
            params.payload.and_then(|payload| payload.memory),
            Some(proto::Memory::Cached as i32)
        );
        assert_eq!(
            params.id_tracker.and_then(|tracker| tracker.memory),
            Some(proto::Memory::Cold as i32)
        );
        assert_eq!(
            message.hnsw_config.as_ref().and_then(|hnsw| hnsw.memory),
            Some(proto::Memory::Pinned as i32)
        );
        assert_eq!(UpdateCollection::from_proto(message).unwrap(), request);
    }

    #[test]
    fn the_unnamed_vector_is_its_own_message() {
        let request = UpdateCollection::new("c").vectors_config([(
            "",
            VectorParamsDiff::default().hnsw_config(HnswConfigDiff::default()),
        )]);
        let message: proto::UpdateCollection = request.clone().into_proto().unwrap();
        assert!(matches!(
            message
                .vectors_config
                .as_ref()
                .and_then(|v| v.config.as_ref()),
            Some(Config::Params(_))
        ));
        assert_eq!(UpdateCollection::from_proto(message).unwrap(), request);

        // With named vectors next to it, `""` stays in the map.
        let both = UpdateCollection::new("c").vectors_config([
            ("", VectorParamsDiff::default().memory(Memory::Cold)),
            ("image", VectorParamsDiff::default().memory(Memory::Cached)),
        ]);
        let message: proto::UpdateCollection = both.clone().into_proto().unwrap();
        assert!(matches!(
            message.vectors_config.as_ref().and_then(|v| v.config.as_ref()),
            Some(Config::ParamsMap(map)) if map.map.contains_key("")
        ));
        assert_eq!(UpdateCollection::from_proto(message).unwrap(), both);
    }

    #[test]
    fn disabling_quantization_is_sent() {
        let request =
            UpdateCollection::new("c").quantization_config(QuantizationConfigDiff::Disabled);
        let message: proto::UpdateCollection = request.into_proto().unwrap();
        assert_eq!(
            message.quantization_config,
            Some(proto::QuantizationConfigDiff {
                quantization: Some(Quantization::Disabled(proto::Disabled {}))
            })
        );
    }

    #[test]
    #[allow(
        deprecated,
        reason = "the Qdrant 1.18 strict-mode setting that gRPC never had"
    )]
    fn what_grpc_cannot_carry_is_refused_by_name() {
        let clear = update(json!({"metadata": {}}));
        let error = IntoProto::<proto::UpdateCollection>::into_proto(clear).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(
            error.message().contains("UpdateCollection.metadata"),
            "{error}"
        );

        let disk = UpdateCollection::new("c").strict_mode_config(StrictModeConfig {
            max_disk_usage_percent: Some(90),
            ..StrictModeConfig::default()
        });
        let error = IntoProto::<proto::UpdateCollection>::into_proto(disk).unwrap_err();
        assert!(
            error.message().contains("max_disk_usage_percent"),
            "{error}"
        );

        let missing = proto::QuantizationConfigDiff { quantization: None };
        let error = QuantizationConfigDiff::from_proto(missing).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode);
    }
}
