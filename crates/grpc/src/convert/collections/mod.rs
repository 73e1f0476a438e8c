//! Collections: their configuration, the requests that create, inspect and delete them, payload
//! indexes, and [`CollectionInfo`].
//!
//! gRPC reports a collection's HNSW, optimizer and WAL settings in the same "diff" messages that
//! change them, with every field optional. The models' [`HnswConfig`], [`OptimizersConfig`] and
//! [`WalConfig`] need the values the server always sets; a missing one is a decode error, not a
//! guessed default.
//!
//! What gRPC cannot carry, or carries differently:
//! - [`StrictModeConfig::max_disk_usage_percent`] (Qdrant 1.18 only; 1.19 moved the limit to the
//!   node-wide quota configuration) has no gRPC field: sending it is an
//!   [`ErrorKind::InvalidArgument`](quadrant_transport::ErrorKind::InvalidArgument) error, and a
//!   [`CollectionInfo`] read over gRPC never has it.
//! - A keyword index's `prefix: false` is sent as no `prefix` (gRPC has a message whose presence
//!   enables prefix matching) and reads back as absent.
//! - A text index's `scoring: true` is sent as BM25 scoring, `false` as none; both read back as
//!   the scoring parameters or their absence.
//! - Several strict-mode limits are `uint32` on gRPC (`u64` in the models); larger values are
//!   refused, and `search_max_oversampling` is a 32-bit float.
//! - A text index's stopwords are always a set on gRPC: one language without custom words reads
//!   back as [`StopwordsInterface::Language`].
//! - A text index's tokenizer is not optional on gRPC, and the server refuses its `Unknown`: an
//!   unset tokenizer is sent as REST's default, `word`.
//! - The optimizer's "auto" thread count (`{"setting": "Auto"}`) reads back as `None`, which is
//!   how REST reports it.

use std::collections::BTreeMap;

use quadrant_models::{
    BinaryQuantizationConfig, BinaryQuantizationEncoding, BinaryQuantizationQueryEncoding,
    BoolIndexParams, CollectionConfig, CollectionDescription, CollectionExistence,
    CollectionExists, CollectionInfo, CollectionParams, CollectionStatus, CollectionWarning,
    CollectionsResponse, CompressionRatio, CreateCollection, CreateFieldIndex, Datatype,
    DatetimeIndexParams, DeleteCollection, DeleteFieldIndex, Distance, FloatIndexParams,
    GeoIndexParams, GetCollection, HnswConfig, HnswConfigDiff, IdTrackerParams, IntegerIndexParams,
    KeywordIndexParams, Language, MaxOptimizationThreads, MaxOptimizationThreadsSetting, Memory,
    Modifier, MultiVectorComparator, MultiVectorConfig, OptimizersConfig, OptimizersConfigDiff,
    OptimizersStatus, PayloadFieldSchema, PayloadIndexInfo, PayloadSchemaParams, PayloadSchemaType,
    PayloadStorageParams, ProductQuantizationConfig, QuantizationConfig, ScalarQuantizationConfig,
    ScalarType, ShardingMethod, SnowballLanguage, SnowballParams, SparseIndexParams,
    SparseVectorParams, StemmingAlgorithm, StopwordsInterface, StopwordsSet, StrictModeConfig,
    StrictModeMultivector, StrictModeSparse, TextIndexParams, TextScoringInterface,
    TextScoringParams, TextScoringType, TokenizerType, TurboQuantBitSize,
    TurboQuantQuantizationConfig, UpdateQueueInfo, UuidIndexParams, VectorParams, VectorsConfig,
    WalConfig, WalConfigDiff,
};
use quadrant_transport::Result;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::convert::datetime::{format_timestamp, parse_timestamp};
use crate::convert::payload::{optional_payload_from_proto, optional_payload_into_proto};
use crate::convert::{
    FromProto, IntoProto, enum_conversions, finite_out, invalid, missing, required, to_f32,
    to_u32_opt, undecodable,
};
use crate::proto::{
    self, binary_quantization_query_encoding, max_optimization_threads,
    payload_index_params::IndexParams, quantization_config::Quantization,
    stemming_algorithm::StemmingParams, vectors_config,
};

mod indexes;
mod optimizers;
mod quantization;
mod strict_mode;
#[cfg(test)]
mod tests;
mod vector_config;

// ---------------------------------------------------------------------------------------------
// Enums

enum_conversions!(open "Distance", Distance, proto::Distance {
    Cosine <=> Cosine,
    Euclid <=> Euclid,
    Dot <=> Dot,
    Manhattan <=> Manhattan,
});

enum_conversions!(open "Datatype", Datatype, proto::Datatype {
    Float32 <=> Float32,
    Uint8 <=> Uint8,
    Float16 <=> Float16,
    Turbo4 <=> Turbo4,
    Turbo8 <=> Turbo8,
    Turbo16 <=> Turbo16,
});

enum_conversions!(open "Memory", Memory, proto::Memory {
    Cold <=> Cold,
    Cached <=> Cached,
    Pinned <=> Pinned,
});

enum_conversions!(open "TextScoringParams.type", TextScoringType, proto::TextScoringType {
    Bm25 <=> Bm25,
});

enum_conversions!(open "Modifier", Modifier, proto::Modifier {
    None <=> None,
    Idf <=> Idf,
});

enum_conversions!(open "MultiVectorConfig.comparator", MultiVectorComparator, proto::MultiVectorComparator {
    MaxSim <=> MaxSim,
});

enum_conversions!(open "ScalarQuantization.type", ScalarType, proto::QuantizationType {
    Int8 <=> Int8,
});

enum_conversions!(open "ProductQuantization.compression", CompressionRatio, proto::CompressionRatio {
    X4 <=> X4,
    X8 <=> X8,
    X16 <=> X16,
    X32 <=> X32,
    X64 <=> X64,
});

enum_conversions!(open "BinaryQuantization.encoding", BinaryQuantizationEncoding, proto::BinaryQuantizationEncoding {
    OneBit <=> OneBit,
    TwoBits <=> TwoBits,
    OneAndHalfBits <=> OneAndHalfBits,
});

enum_conversions!(
    open "BinaryQuantization.query_encoding",
    BinaryQuantizationQueryEncoding,
    binary_quantization_query_encoding::Setting {
        Default <=> Default,
        Binary <=> Binary,
        Scalar4bits <=> Scalar4Bits,
        Scalar8bits <=> Scalar8Bits,
    }
);

enum_conversions!(open "TurboQuantization.bits", TurboQuantBitSize, proto::TurboQuantBitSize {
    Bits1 <=> Bits1,
    Bits1_5 <=> Bits15,
    Bits2 <=> Bits2,
    Bits4 <=> Bits4,
    Bits8 <=> Bits8,
});

enum_conversions!(open "ShardingMethod", ShardingMethod, proto::ShardingMethod {
    Auto <=> Auto,
    Custom <=> Custom,
});

enum_conversions!(open "CollectionInfo.status", CollectionStatus, proto::CollectionStatus {
    Green <=> Green,
    Yellow <=> Yellow,
    Grey <=> Grey,
    Red <=> Red,
});

enum_conversions!(open "PayloadSchemaType", PayloadSchemaType, proto::PayloadSchemaType {
    Keyword <=> Keyword,
    Integer <=> Integer,
    Float <=> Float,
    Geo <=> Geo,
    Text <=> Text,
    Bool <=> Bool,
    Datetime <=> Datetime,
    Uuid <=> Uuid,
});

enum_conversions!(open "TextIndexParams.tokenizer", TokenizerType, proto::TokenizerType {
    Prefix <=> Prefix,
    Whitespace <=> Whitespace,
    Word <=> Word,
    Multilingual <=> Multilingual,
    Code <=> Code,
});

/// A text index's scoring: `true` is BM25, gRPC's only scoring; `false` is none.
fn scoring_out(scoring: Option<TextScoringInterface>) -> Result<Option<proto::TextScoringParams>> {
    let r#type = match scoring {
        None | Some(TextScoringInterface::Enabled(false)) => return Ok(None),
        Some(TextScoringInterface::Enabled(true)) => proto::TextScoringType::Bm25 as i32,
        Some(TextScoringInterface::Params(params)) => params.r#type.into_proto()?,
    };
    Ok(Some(proto::TextScoringParams { r#type }))
}

fn scoring_in(scoring: Option<proto::TextScoringParams>) -> Result<Option<TextScoringInterface>> {
    scoring
        .map(|params| {
            Ok(TextScoringInterface::Params(TextScoringParams {
                r#type: TextScoringType::from_proto(params.r#type)?,
            }))
        })
        .transpose()
}

impl IntoProto<proto::PayloadStorageParams> for PayloadStorageParams {
    fn into_proto(self) -> Result<proto::PayloadStorageParams> {
        Ok(proto::PayloadStorageParams {
            memory: self.memory.into_proto()?,
        })
    }
}

impl FromProto<proto::PayloadStorageParams> for PayloadStorageParams {
    fn from_proto(message: proto::PayloadStorageParams) -> Result<Self> {
        Ok(PayloadStorageParams {
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::IdTrackerParams> for IdTrackerParams {
    fn into_proto(self) -> Result<proto::IdTrackerParams> {
        Ok(proto::IdTrackerParams {
            memory: self.memory.into_proto()?,
        })
    }
}

impl FromProto<proto::IdTrackerParams> for IdTrackerParams {
    fn from_proto(message: proto::IdTrackerParams) -> Result<Self> {
        Ok(IdTrackerParams {
            memory: Option::from_proto(message.memory)?,
        })
    }
}

/// A datatype field: gRPC's `Default` is the model's absent value.
fn datatype_out(datatype: Option<Datatype>) -> Result<Option<i32>> {
    datatype.into_proto()
}

fn datatype_in(datatype: Option<i32>) -> Result<Option<Datatype>> {
    match datatype {
        Some(value) if value == proto::Datatype::Default as i32 => Ok(None),
        other => Option::from_proto(other),
    }
}

/// The `FieldType` of a payload index to create, which gRPC names apart from the schema type.
fn field_type_out(kind: PayloadSchemaType) -> Result<i32> {
    let field_type = match kind {
        PayloadSchemaType::Keyword => proto::FieldType::Keyword,
        PayloadSchemaType::Integer => proto::FieldType::Integer,
        PayloadSchemaType::Float => proto::FieldType::Float,
        PayloadSchemaType::Geo => proto::FieldType::Geo,
        PayloadSchemaType::Text => proto::FieldType::Text,
        PayloadSchemaType::Bool => proto::FieldType::Bool,
        PayloadSchemaType::Datetime => proto::FieldType::Datetime,
        PayloadSchemaType::Uuid => proto::FieldType::Uuid,
        other => {
            return Err(invalid(
                "CreateFieldIndexCollection.field_type",
                format!("{other:?} has no gRPC equivalent"),
            ));
        }
    };
    Ok(field_type as i32)
}

#[cfg(any(test, feature = "server-conversions"))]
fn field_type_in(value: i32) -> Result<PayloadSchemaType> {
    let field = "CreateFieldIndexCollection.field_type";
    Ok(
        match crate::convert::proto_enum::<proto::FieldType>(value, field)? {
            proto::FieldType::Keyword => PayloadSchemaType::Keyword,
            proto::FieldType::Integer => PayloadSchemaType::Integer,
            proto::FieldType::Float => PayloadSchemaType::Float,
            proto::FieldType::Geo => PayloadSchemaType::Geo,
            proto::FieldType::Text => PayloadSchemaType::Text,
            proto::FieldType::Bool => PayloadSchemaType::Bool,
            proto::FieldType::Datetime => PayloadSchemaType::Datetime,
            proto::FieldType::Uuid => PayloadSchemaType::Uuid,
        },
    )
}

/// Writes a model enum as the text REST uses for it, which gRPC's string fields also use.
fn name_out<T: Serialize + std::fmt::Debug>(value: &T, field: &str) -> Result<String> {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => Ok(name),
        _ => Err(invalid(field, format!("{value:?} has no name"))),
    }
}

/// Reads a model enum from its name, in any case.
fn name_in<T: DeserializeOwned>(name: &str, field: &str) -> Result<T> {
    serde_json::from_value(Value::String(name.to_lowercase()))
        .map_err(|_| undecodable(field, format!("`{name}` is not a known value")))
}

// ---------------------------------------------------------------------------------------------
// Collection operations

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::CreateCollection> for CreateCollection {
    fn into_proto(self) -> Result<proto::CreateCollection> {
        Ok(proto::CreateCollection {
            collection_name: self.collection_name,
            hnsw_config: self.hnsw_config.into_proto()?,
            wal_config: self.wal_config.into_proto()?,
            optimizers_config: self.optimizers_config.into_proto()?,
            shard_number: self.shard_number,
            on_disk_payload: self.on_disk_payload,
            timeout: self.timeout,
            vectors_config: self.vectors.into_proto()?,
            replication_factor: self.replication_factor,
            write_consistency_factor: self.write_consistency_factor,
            quantization_config: self.quantization_config.into_proto()?,
            sharding_method: self.sharding_method.into_proto()?,
            sparse_vectors_config: self.sparse_vectors.into_proto()?,
            strict_mode_config: self.strict_mode_config.into_proto()?,
            metadata: optional_payload_into_proto(self.metadata)?,
            id_tracker: self.id_tracker.into_proto()?,
            payload: self.payload.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::CreateCollection> for CreateCollection {
    fn from_proto(message: proto::CreateCollection) -> Result<Self> {
        Ok(CreateCollection {
            collection_name: message.collection_name,
            timeout: message.timeout,
            vectors: Option::from_proto(message.vectors_config)?,
            shard_number: message.shard_number,
            sharding_method: Option::from_proto(message.sharding_method)?,
            replication_factor: message.replication_factor,
            write_consistency_factor: message.write_consistency_factor,
            on_disk_payload: message.on_disk_payload,
            hnsw_config: Option::from_proto(message.hnsw_config)?,
            wal_config: Option::from_proto(message.wal_config)?,
            optimizers_config: Option::from_proto(message.optimizers_config)?,
            quantization_config: Option::from_proto(message.quantization_config)?,
            sparse_vectors: Option::from_proto(message.sparse_vectors_config)?,
            strict_mode_config: Option::from_proto(message.strict_mode_config)?,
            metadata: optional_payload_from_proto(message.metadata)?,
            id_tracker: Option::from_proto(message.id_tracker)?,
            payload: Option::from_proto(message.payload)?,
        })
    }
}

impl IntoProto<proto::GetCollectionInfoRequest> for GetCollection {
    fn into_proto(self) -> Result<proto::GetCollectionInfoRequest> {
        Ok(proto::GetCollectionInfoRequest {
            collection_name: self.collection_name,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::GetCollectionInfoRequest> for GetCollection {
    fn from_proto(message: proto::GetCollectionInfoRequest) -> Result<Self> {
        Ok(GetCollection::new(message.collection_name))
    }
}

impl IntoProto<proto::DeleteCollection> for DeleteCollection {
    fn into_proto(self) -> Result<proto::DeleteCollection> {
        Ok(proto::DeleteCollection {
            collection_name: self.collection_name,
            timeout: self.timeout,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::DeleteCollection> for DeleteCollection {
    fn from_proto(message: proto::DeleteCollection) -> Result<Self> {
        Ok(DeleteCollection {
            collection_name: message.collection_name,
            timeout: message.timeout,
        })
    }
}

impl IntoProto<proto::CollectionExistsRequest> for CollectionExists {
    fn into_proto(self) -> Result<proto::CollectionExistsRequest> {
        Ok(proto::CollectionExistsRequest {
            collection_name: self.collection_name,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::CollectionExistsRequest> for CollectionExists {
    fn from_proto(message: proto::CollectionExistsRequest) -> Result<Self> {
        Ok(CollectionExists::new(message.collection_name))
    }
}

impl IntoProto<proto::ListCollectionsRequest> for () {
    fn into_proto(self) -> Result<proto::ListCollectionsRequest> {
        Ok(proto::ListCollectionsRequest {})
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::ListCollectionsRequest> for () {
    fn from_proto(_message: proto::ListCollectionsRequest) -> Result<Self> {
        Ok(())
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::ListCollectionsResponse> for CollectionsResponse {
    fn into_proto(self) -> Result<proto::ListCollectionsResponse> {
        Ok(proto::ListCollectionsResponse {
            collections: self
                .collections
                .into_iter()
                .map(|collection| proto::CollectionDescription {
                    name: collection.name,
                })
                .collect(),
            time: 0.0,
        })
    }
}

impl FromProto<proto::ListCollectionsResponse> for CollectionsResponse {
    fn from_proto(message: proto::ListCollectionsResponse) -> Result<Self> {
        Ok(CollectionsResponse {
            collections: message
                .collections
                .into_iter()
                .map(|collection| CollectionDescription {
                    name: collection.name,
                })
                .collect(),
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::CollectionExistsResponse> for CollectionExistence {
    fn into_proto(self) -> Result<proto::CollectionExistsResponse> {
        Ok(proto::CollectionExistsResponse {
            result: Some(proto::CollectionExists {
                exists: self.exists,
            }),
            time: 0.0,
        })
    }
}

impl FromProto<proto::CollectionExistsResponse> for CollectionExistence {
    fn from_proto(message: proto::CollectionExistsResponse) -> Result<Self> {
        let result = required(message.result, "CollectionExistsResponse.result")?;
        Ok(CollectionExistence {
            exists: result.exists,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::CollectionOperationResponse> for bool {
    fn into_proto(self) -> Result<proto::CollectionOperationResponse> {
        Ok(proto::CollectionOperationResponse {
            result: self,
            time: 0.0,
        })
    }
}

impl FromProto<proto::CollectionOperationResponse> for bool {
    fn from_proto(message: proto::CollectionOperationResponse) -> Result<Self> {
        Ok(message.result)
    }
}

// ---------------------------------------------------------------------------------------------
// Collection info

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::GetCollectionInfoResponse> for CollectionInfo {
    fn into_proto(self) -> Result<proto::GetCollectionInfoResponse> {
        Ok(proto::GetCollectionInfoResponse {
            result: Some(self.into_proto()?),
            time: 0.0,
        })
    }
}

impl FromProto<proto::GetCollectionInfoResponse> for CollectionInfo {
    fn from_proto(message: proto::GetCollectionInfoResponse) -> Result<Self> {
        CollectionInfo::from_proto(required(
            message.result,
            "GetCollectionInfoResponse.result",
        )?)
    }
}

impl IntoProto<proto::CollectionInfo> for CollectionInfo {
    fn into_proto(self) -> Result<proto::CollectionInfo> {
        let optimizer_status = match self.optimizer_status {
            OptimizersStatus::Ok => proto::OptimizerStatus {
                ok: true,
                error: String::new(),
            },
            OptimizersStatus::Error(error) => proto::OptimizerStatus { ok: false, error },
            OptimizersStatus::Unknown(raw) => {
                return Err(crate::convert::unknown_out(
                    "CollectionInfo.optimizer_status",
                    raw,
                ));
            }
        };
        Ok(proto::CollectionInfo {
            status: self.status.into_proto()?,
            optimizer_status: Some(optimizer_status),
            segments_count: self.segments_count,
            config: Some(self.config.into_proto()?),
            payload_schema: self.payload_schema.into_proto()?,
            points_count: self.points_count,
            indexed_vectors_count: self.indexed_vectors_count,
            warnings: self
                .warnings
                .into_iter()
                .map(|warning| proto::CollectionWarning {
                    message: warning.message,
                })
                .collect(),
            update_queue: self.update_queue.map(|queue| proto::UpdateQueueInfo {
                length: queue.length,
                deferred_points: queue.deferred_points,
            }),
            created_at: self
                .created_at
                .map(|text| parse_timestamp(&text, "CollectionInfo.created_at"))
                .transpose()?,
        })
    }
}

impl FromProto<proto::CollectionInfo> for CollectionInfo {
    fn from_proto(message: proto::CollectionInfo) -> Result<Self> {
        let optimizer_status =
            required(message.optimizer_status, "CollectionInfo.optimizer_status")?;
        Ok(CollectionInfo {
            status: CollectionStatus::from_proto(message.status)?,
            optimizer_status: if optimizer_status.ok {
                OptimizersStatus::Ok
            } else {
                OptimizersStatus::Error(optimizer_status.error)
            },
            warnings: message
                .warnings
                .into_iter()
                .map(|warning| CollectionWarning {
                    message: warning.message,
                })
                .collect(),
            indexed_vectors_count: message.indexed_vectors_count,
            points_count: message.points_count,
            segments_count: message.segments_count,
            config: CollectionConfig::from_proto(required(
                message.config,
                "CollectionInfo.config",
            )?)?,
            payload_schema: BTreeMap::from_proto(message.payload_schema)?,
            update_queue: message.update_queue.map(|queue| UpdateQueueInfo {
                length: queue.length,
                deferred_points: queue.deferred_points,
            }),
            created_at: message
                .created_at
                .map(|time| format_timestamp(&time, "CollectionInfo.created_at"))
                .transpose()?,
        })
    }
}

impl IntoProto<proto::CollectionConfig> for CollectionConfig {
    fn into_proto(self) -> Result<proto::CollectionConfig> {
        Ok(proto::CollectionConfig {
            params: Some(self.params.into_proto()?),
            hnsw_config: Some(self.hnsw_config.into_proto()?),
            optimizer_config: Some(self.optimizer_config.into_proto()?),
            wal_config: self.wal_config.into_proto()?,
            quantization_config: self.quantization_config.into_proto()?,
            strict_mode_config: self.strict_mode_config.into_proto()?,
            metadata: optional_payload_into_proto(self.metadata)?,
        })
    }
}

impl FromProto<proto::CollectionConfig> for CollectionConfig {
    fn from_proto(message: proto::CollectionConfig) -> Result<Self> {
        Ok(CollectionConfig {
            params: CollectionParams::from_proto(required(
                message.params,
                "CollectionConfig.params",
            )?)?,
            hnsw_config: HnswConfig::from_proto(required(
                message.hnsw_config,
                "CollectionConfig.hnsw_config",
            )?)?,
            optimizer_config: OptimizersConfig::from_proto(required(
                message.optimizer_config,
                "CollectionConfig.optimizer_config",
            )?)?,
            wal_config: Option::from_proto(message.wal_config)?,
            quantization_config: Option::from_proto(message.quantization_config)?,
            strict_mode_config: Option::from_proto(message.strict_mode_config)?,
            metadata: optional_payload_from_proto(message.metadata)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::CollectionParams> for CollectionParams {
    fn into_proto(self) -> Result<proto::CollectionParams> {
        Ok(proto::CollectionParams {
            shard_number: self.shard_number,
            on_disk_payload: self.on_disk_payload,
            vectors_config: Some(self.vectors.into_proto()?),
            replication_factor: Some(self.replication_factor),
            write_consistency_factor: Some(self.write_consistency_factor),
            read_fan_out_factor: self.read_fan_out_factor,
            sharding_method: self.sharding_method.into_proto()?,
            sparse_vectors_config: self.sparse_vectors.into_proto()?,
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
impl FromProto<proto::CollectionParams> for CollectionParams {
    fn from_proto(message: proto::CollectionParams) -> Result<Self> {
        Ok(CollectionParams {
            // A collection with only sparse vectors has no dense vector config.
            vectors: Option::<VectorsConfig>::from_proto(message.vectors_config)?
                .unwrap_or_default(),
            shard_number: message.shard_number,
            sharding_method: Option::from_proto(message.sharding_method)?,
            replication_factor: required(
                message.replication_factor,
                "CollectionParams.replication_factor",
            )?,
            write_consistency_factor: required(
                message.write_consistency_factor,
                "CollectionParams.write_consistency_factor",
            )?,
            read_fan_out_factor: message.read_fan_out_factor,
            read_fan_out_delay_ms: message.read_fan_out_delay_ms,
            on_disk_payload: message.on_disk_payload,
            sparse_vectors: Option::from_proto(message.sparse_vectors_config)?,
            id_tracker: Option::from_proto(message.id_tracker)?,
            payload: Option::from_proto(message.payload)?,
        })
    }
}
