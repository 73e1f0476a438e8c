//! Collections: their configuration, the requests that create, inspect and delete them, payload
//! indexes, and [`CollectionInfo`].
//!
//! gRPC reports a collection's HNSW, optimizer and WAL settings in the same "diff" messages that
//! change them, with every field optional. The models' [`HnswConfig`], [`OptimizersConfig`] and
//! [`WalConfig`] need the values the server always sets; a missing one is a decode error, not a
//! guessed default.
//!
//! What gRPC cannot carry, or carries differently:
//! - [`StrictModeConfig::max_disk_usage_percent`] has no gRPC field: sending it is an
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

enum_conversions!("Memory", Memory, proto::Memory {
    Cold <=> Cold,
    Cached <=> Cached,
    Pinned <=> Pinned,
});

enum_conversions!("TextScoringParams.type", TextScoringType, proto::TextScoringType {
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
// Vector configuration

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::VectorParams> for VectorParams {
    fn into_proto(self) -> Result<proto::VectorParams> {
        Ok(proto::VectorParams {
            size: self.size,
            distance: self.distance.into_proto()?,
            hnsw_config: self.hnsw_config.into_proto()?,
            quantization_config: self.quantization_config.into_proto()?,
            on_disk: self.on_disk,
            datatype: datatype_out(self.datatype)?,
            multivector_config: self.multivector_config.into_proto()?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::VectorParams> for VectorParams {
    fn from_proto(message: proto::VectorParams) -> Result<Self> {
        Ok(VectorParams {
            size: message.size,
            distance: Distance::from_proto(message.distance)?,
            hnsw_config: Option::from_proto(message.hnsw_config)?,
            quantization_config: Option::from_proto(message.quantization_config)?,
            on_disk: message.on_disk,
            datatype: datatype_in(message.datatype)?,
            multivector_config: Option::from_proto(message.multivector_config)?,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::VectorsConfig> for VectorsConfig {
    fn into_proto(self) -> Result<proto::VectorsConfig> {
        let config = match self {
            VectorsConfig::Single(params) => vectors_config::Config::Params(params.into_proto()?),
            VectorsConfig::Multi(map) => {
                vectors_config::Config::ParamsMap(proto::VectorParamsMap {
                    map: map.into_proto()?,
                })
            }
            VectorsConfig::Unknown(raw) => {
                return Err(crate::convert::unknown_out("VectorsConfig", raw));
            }
        };
        Ok(proto::VectorsConfig {
            config: Some(config),
        })
    }
}

impl FromProto<proto::VectorsConfig> for VectorsConfig {
    fn from_proto(message: proto::VectorsConfig) -> Result<Self> {
        Ok(match required(message.config, "VectorsConfig.config")? {
            vectors_config::Config::Params(params) => {
                VectorsConfig::Single(VectorParams::from_proto(params)?)
            }
            vectors_config::Config::ParamsMap(map) => {
                VectorsConfig::Multi(BTreeMap::from_proto(map.map)?)
            }
        })
    }
}

impl IntoProto<proto::MultiVectorConfig> for MultiVectorConfig {
    fn into_proto(self) -> Result<proto::MultiVectorConfig> {
        Ok(proto::MultiVectorConfig {
            comparator: self.comparator.into_proto()?,
        })
    }
}

impl FromProto<proto::MultiVectorConfig> for MultiVectorConfig {
    fn from_proto(message: proto::MultiVectorConfig) -> Result<Self> {
        Ok(MultiVectorConfig {
            comparator: MultiVectorComparator::from_proto(message.comparator)?,
        })
    }
}

impl IntoProto<proto::SparseVectorParams> for SparseVectorParams {
    fn into_proto(self) -> Result<proto::SparseVectorParams> {
        Ok(proto::SparseVectorParams {
            index: self.index.into_proto()?,
            modifier: self.modifier.into_proto()?,
        })
    }
}

impl FromProto<proto::SparseVectorParams> for SparseVectorParams {
    fn from_proto(message: proto::SparseVectorParams) -> Result<Self> {
        Ok(SparseVectorParams {
            index: Option::from_proto(message.index)?,
            modifier: Option::from_proto(message.modifier)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::SparseIndexConfig> for SparseIndexParams {
    fn into_proto(self) -> Result<proto::SparseIndexConfig> {
        Ok(proto::SparseIndexConfig {
            full_scan_threshold: self.full_scan_threshold,
            on_disk: self.on_disk,
            datatype: datatype_out(self.datatype)?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::SparseIndexConfig> for SparseIndexParams {
    fn from_proto(message: proto::SparseIndexConfig) -> Result<Self> {
        Ok(SparseIndexParams {
            full_scan_threshold: message.full_scan_threshold,
            on_disk: message.on_disk,
            datatype: datatype_in(message.datatype)?,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::SparseVectorConfig> for BTreeMap<String, SparseVectorParams> {
    fn into_proto(self) -> Result<proto::SparseVectorConfig> {
        Ok(proto::SparseVectorConfig {
            map: self.into_proto()?,
        })
    }
}

impl FromProto<proto::SparseVectorConfig> for BTreeMap<String, SparseVectorParams> {
    fn from_proto(message: proto::SparseVectorConfig) -> Result<Self> {
        BTreeMap::from_proto(message.map)
    }
}

// ---------------------------------------------------------------------------------------------
// HNSW, WAL and optimizer settings

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::HnswConfigDiff> for HnswConfigDiff {
    fn into_proto(self) -> Result<proto::HnswConfigDiff> {
        crate::convert::no_extra(&self.extra, "HnswConfigDiff")?;
        Ok(proto::HnswConfigDiff {
            m: self.m,
            ef_construct: self.ef_construct,
            full_scan_threshold: self.full_scan_threshold,
            max_indexing_threads: self.max_indexing_threads,
            on_disk: self.on_disk,
            payload_m: self.payload_m,
            inline_storage: self.inline_storage,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::HnswConfigDiff> for HnswConfigDiff {
    fn from_proto(message: proto::HnswConfigDiff) -> Result<Self> {
        Ok(HnswConfigDiff {
            extra: serde_json::Map::new(),
            m: message.m,
            ef_construct: message.ef_construct,
            full_scan_threshold: message.full_scan_threshold,
            max_indexing_threads: message.max_indexing_threads,
            on_disk: message.on_disk,
            payload_m: message.payload_m,
            inline_storage: message.inline_storage,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::HnswConfigDiff> for HnswConfig {
    fn into_proto(self) -> Result<proto::HnswConfigDiff> {
        crate::convert::no_extra(&self.extra, "HnswConfig")?;
        Ok(proto::HnswConfigDiff {
            m: Some(self.m),
            ef_construct: Some(self.ef_construct),
            full_scan_threshold: Some(self.full_scan_threshold),
            max_indexing_threads: Some(self.max_indexing_threads),
            on_disk: self.on_disk,
            payload_m: self.payload_m,
            inline_storage: self.inline_storage,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::HnswConfigDiff> for HnswConfig {
    fn from_proto(message: proto::HnswConfigDiff) -> Result<Self> {
        Ok(HnswConfig {
            extra: serde_json::Map::new(),
            m: required(message.m, "CollectionConfig.hnsw_config.m")?,
            ef_construct: required(
                message.ef_construct,
                "CollectionConfig.hnsw_config.ef_construct",
            )?,
            full_scan_threshold: required(
                message.full_scan_threshold,
                "CollectionConfig.hnsw_config.full_scan_threshold",
            )?,
            max_indexing_threads: required(
                message.max_indexing_threads,
                "CollectionConfig.hnsw_config.max_indexing_threads",
            )?,
            on_disk: message.on_disk,
            payload_m: message.payload_m,
            inline_storage: message.inline_storage,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::WalConfigDiff> for WalConfigDiff {
    fn into_proto(self) -> Result<proto::WalConfigDiff> {
        crate::convert::no_extra(&self.extra, "WalConfigDiff")?;
        Ok(proto::WalConfigDiff {
            wal_capacity_mb: self.wal_capacity_mb,
            wal_segments_ahead: self.wal_segments_ahead,
            wal_retain_closed: self.wal_retain_closed,
        })
    }
}

impl FromProto<proto::WalConfigDiff> for WalConfigDiff {
    fn from_proto(message: proto::WalConfigDiff) -> Result<Self> {
        Ok(WalConfigDiff {
            extra: serde_json::Map::new(),
            wal_capacity_mb: message.wal_capacity_mb,
            wal_segments_ahead: message.wal_segments_ahead,
            wal_retain_closed: message.wal_retain_closed,
        })
    }
}

impl IntoProto<proto::WalConfigDiff> for WalConfig {
    fn into_proto(self) -> Result<proto::WalConfigDiff> {
        crate::convert::no_extra(&self.extra, "WalConfig")?;
        Ok(proto::WalConfigDiff {
            wal_capacity_mb: Some(self.wal_capacity_mb),
            wal_segments_ahead: Some(self.wal_segments_ahead),
            wal_retain_closed: Some(self.wal_retain_closed),
        })
    }
}

impl FromProto<proto::WalConfigDiff> for WalConfig {
    fn from_proto(message: proto::WalConfigDiff) -> Result<Self> {
        Ok(WalConfig {
            extra: serde_json::Map::new(),
            wal_capacity_mb: required(
                message.wal_capacity_mb,
                "CollectionConfig.wal_config.wal_capacity_mb",
            )?,
            wal_segments_ahead: required(
                message.wal_segments_ahead,
                "CollectionConfig.wal_config.wal_segments_ahead",
            )?,
            wal_retain_closed: required(
                message.wal_retain_closed,
                "CollectionConfig.wal_config.wal_retain_closed",
            )?,
        })
    }
}

impl IntoProto<proto::MaxOptimizationThreads> for MaxOptimizationThreads {
    fn into_proto(self) -> Result<proto::MaxOptimizationThreads> {
        let variant = match self {
            MaxOptimizationThreads::Threads(threads) => {
                max_optimization_threads::Variant::Value(threads)
            }
            MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Auto) => {
                max_optimization_threads::Variant::Setting(
                    max_optimization_threads::Setting::Auto as i32,
                )
            }
            MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Unknown(raw)) => {
                max_optimization_threads::Variant::Setting(crate::convert::unknown_number(
                    &raw,
                    "OptimizersConfigDiff.max_optimization_threads",
                )?)
            }
        };
        Ok(proto::MaxOptimizationThreads {
            variant: Some(variant),
        })
    }
}

impl FromProto<proto::MaxOptimizationThreads> for MaxOptimizationThreads {
    fn from_proto(message: proto::MaxOptimizationThreads) -> Result<Self> {
        let field = "OptimizersConfigDiff.max_optimization_threads";
        Ok(match required(message.variant, field)? {
            max_optimization_threads::Variant::Value(threads) => {
                MaxOptimizationThreads::Threads(threads)
            }
            max_optimization_threads::Variant::Setting(setting) => {
                // A setting a newer server added is kept by its number (see `enum_conversions!`).
                match max_optimization_threads::Setting::try_from(setting) {
                    Ok(max_optimization_threads::Setting::Auto) => {
                        MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Auto)
                    }
                    Err(_) => MaxOptimizationThreads::Setting(
                        MaxOptimizationThreadsSetting::Unknown(setting.to_string()),
                    ),
                }
            }
        })
    }
}

/// The thread count of a diff: the current field, or the deprecated plain number.
fn threads_in(
    threads: Option<proto::MaxOptimizationThreads>,
    deprecated: Option<u64>,
) -> Result<Option<MaxOptimizationThreads>> {
    match threads {
        Some(threads) => MaxOptimizationThreads::from_proto(threads).map(Some),
        None => Ok(deprecated.map(MaxOptimizationThreads::Threads)),
    }
}

impl IntoProto<proto::OptimizersConfigDiff> for OptimizersConfigDiff {
    fn into_proto(self) -> Result<proto::OptimizersConfigDiff> {
        crate::convert::no_extra(&self.extra, "OptimizersConfigDiff")?;
        Ok(proto::OptimizersConfigDiff {
            deleted_threshold: self
                .deleted_threshold
                .map(|value| finite_out(value, "OptimizersConfigDiff.deleted_threshold"))
                .transpose()?,
            vacuum_min_vector_number: self.vacuum_min_vector_number,
            default_segment_number: self.default_segment_number,
            max_segment_size: self.max_segment_size,
            memmap_threshold: self.memmap_threshold,
            indexing_threshold: self.indexing_threshold,
            flush_interval_sec: self.flush_interval_sec,
            deprecated_max_optimization_threads: None,
            max_optimization_threads: self.max_optimization_threads.into_proto()?,
            prevent_unoptimized: self.prevent_unoptimized,
        })
    }
}

impl FromProto<proto::OptimizersConfigDiff> for OptimizersConfigDiff {
    fn from_proto(message: proto::OptimizersConfigDiff) -> Result<Self> {
        Ok(OptimizersConfigDiff {
            extra: serde_json::Map::new(),
            max_optimization_threads: threads_in(
                message.max_optimization_threads,
                message.deprecated_max_optimization_threads,
            )?,
            deleted_threshold: message.deleted_threshold,
            vacuum_min_vector_number: message.vacuum_min_vector_number,
            default_segment_number: message.default_segment_number,
            max_segment_size: message.max_segment_size,
            memmap_threshold: message.memmap_threshold,
            indexing_threshold: message.indexing_threshold,
            flush_interval_sec: message.flush_interval_sec,
            prevent_unoptimized: message.prevent_unoptimized,
        })
    }
}

impl IntoProto<proto::OptimizersConfigDiff> for OptimizersConfig {
    fn into_proto(self) -> Result<proto::OptimizersConfigDiff> {
        crate::convert::no_extra(&self.extra, "OptimizersConfig")?;
        let threads = match self.max_optimization_threads {
            Some(threads) => MaxOptimizationThreads::Threads(threads),
            None => MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Auto),
        };
        Ok(proto::OptimizersConfigDiff {
            deleted_threshold: Some(finite_out(
                self.deleted_threshold,
                "OptimizersConfig.deleted_threshold",
            )?),
            vacuum_min_vector_number: Some(self.vacuum_min_vector_number),
            default_segment_number: Some(self.default_segment_number),
            max_segment_size: self.max_segment_size,
            memmap_threshold: self.memmap_threshold,
            indexing_threshold: self.indexing_threshold,
            flush_interval_sec: Some(self.flush_interval_sec),
            deprecated_max_optimization_threads: None,
            max_optimization_threads: Some(threads.into_proto()?),
            prevent_unoptimized: self.prevent_unoptimized,
        })
    }
}

impl FromProto<proto::OptimizersConfigDiff> for OptimizersConfig {
    fn from_proto(message: proto::OptimizersConfigDiff) -> Result<Self> {
        let field = |name: &str| format!("CollectionConfig.optimizer_config.{name}");
        let max_optimization_threads = match threads_in(
            message.max_optimization_threads,
            message.deprecated_max_optimization_threads,
        )? {
            Some(MaxOptimizationThreads::Threads(threads)) => Some(threads),
            // A named setting, known or not, is no thread count: REST's `OptimizersConfig`
            // writes every named setting (today only `auto`) as an absent count.
            Some(MaxOptimizationThreads::Setting(_)) | None => None,
        };
        Ok(OptimizersConfig {
            extra: serde_json::Map::new(),
            deleted_threshold: required(message.deleted_threshold, &field("deleted_threshold"))?,
            vacuum_min_vector_number: required(
                message.vacuum_min_vector_number,
                &field("vacuum_min_vector_number"),
            )?,
            default_segment_number: required(
                message.default_segment_number,
                &field("default_segment_number"),
            )?,
            max_segment_size: message.max_segment_size,
            memmap_threshold: message.memmap_threshold,
            indexing_threshold: message.indexing_threshold,
            flush_interval_sec: required(message.flush_interval_sec, &field("flush_interval_sec"))?,
            max_optimization_threads,
            prevent_unoptimized: message.prevent_unoptimized,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Quantization

impl IntoProto<proto::QuantizationConfig> for QuantizationConfig {
    fn into_proto(self) -> Result<proto::QuantizationConfig> {
        let quantization = match self {
            QuantizationConfig::Scalar(scalar) => Quantization::Scalar(scalar.into_proto()?),
            QuantizationConfig::Product(product) => Quantization::Product(product.into_proto()?),
            QuantizationConfig::Binary(binary) => Quantization::Binary(binary.into_proto()?),
            QuantizationConfig::Turbo(turbo) => Quantization::Turboquant(turbo.into_proto()?),
            other => {
                return Err(invalid(
                    "QuantizationConfig",
                    format!("{other:?} is not supported"),
                ));
            }
        };
        Ok(proto::QuantizationConfig {
            quantization: Some(quantization),
        })
    }
}

impl FromProto<proto::QuantizationConfig> for QuantizationConfig {
    fn from_proto(message: proto::QuantizationConfig) -> Result<Self> {
        Ok(
            match required(message.quantization, "QuantizationConfig.quantization")? {
                Quantization::Scalar(scalar) => {
                    QuantizationConfig::Scalar(ScalarQuantizationConfig::from_proto(scalar)?)
                }
                Quantization::Product(product) => {
                    QuantizationConfig::Product(ProductQuantizationConfig::from_proto(product)?)
                }
                Quantization::Binary(binary) => {
                    QuantizationConfig::Binary(BinaryQuantizationConfig::from_proto(binary)?)
                }
                Quantization::Turboquant(turbo) => {
                    QuantizationConfig::Turbo(TurboQuantQuantizationConfig::from_proto(turbo)?)
                }
            },
        )
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::ScalarQuantization> for ScalarQuantizationConfig {
    fn into_proto(self) -> Result<proto::ScalarQuantization> {
        Ok(proto::ScalarQuantization {
            r#type: self.r#type.into_proto()?,
            quantile: self
                .quantile
                .map(|quantile| finite_out(quantile, "ScalarQuantization.quantile"))
                .transpose()?,
            always_ram: self.always_ram,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::ScalarQuantization> for ScalarQuantizationConfig {
    fn from_proto(message: proto::ScalarQuantization) -> Result<Self> {
        Ok(ScalarQuantizationConfig {
            r#type: ScalarType::from_proto(message.r#type)?,
            quantile: message.quantile,
            always_ram: message.always_ram,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::ProductQuantization> for ProductQuantizationConfig {
    fn into_proto(self) -> Result<proto::ProductQuantization> {
        Ok(proto::ProductQuantization {
            compression: self.compression.into_proto()?,
            always_ram: self.always_ram,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::ProductQuantization> for ProductQuantizationConfig {
    fn from_proto(message: proto::ProductQuantization) -> Result<Self> {
        Ok(ProductQuantizationConfig {
            compression: CompressionRatio::from_proto(message.compression)?,
            always_ram: message.always_ram,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::BinaryQuantization> for BinaryQuantizationConfig {
    fn into_proto(self) -> Result<proto::BinaryQuantization> {
        Ok(proto::BinaryQuantization {
            always_ram: self.always_ram,
            encoding: self.encoding.into_proto()?,
            query_encoding: self
                .query_encoding
                .map(|setting| -> Result<_> {
                    Ok(proto::BinaryQuantizationQueryEncoding {
                        variant: Some(binary_quantization_query_encoding::Variant::Setting(
                            setting.into_proto()?,
                        )),
                    })
                })
                .transpose()?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::BinaryQuantization> for BinaryQuantizationConfig {
    fn from_proto(message: proto::BinaryQuantization) -> Result<Self> {
        let query_encoding = message
            .query_encoding
            .map(|encoding| match encoding.variant {
                Some(binary_quantization_query_encoding::Variant::Setting(setting)) => {
                    BinaryQuantizationQueryEncoding::from_proto(setting)
                }
                None => Err(missing("BinaryQuantization.query_encoding.variant")),
            })
            .transpose()?;
        Ok(BinaryQuantizationConfig {
            always_ram: message.always_ram,
            encoding: Option::from_proto(message.encoding)?,
            query_encoding,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::TurboQuantization> for TurboQuantQuantizationConfig {
    fn into_proto(self) -> Result<proto::TurboQuantization> {
        Ok(proto::TurboQuantization {
            always_ram: self.always_ram,
            bits: self.bits.into_proto()?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::TurboQuantization> for TurboQuantQuantizationConfig {
    fn from_proto(message: proto::TurboQuantization) -> Result<Self> {
        Ok(TurboQuantQuantizationConfig {
            always_ram: message.always_ram,
            bits: Option::from_proto(message.bits)?,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Strict mode

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::StrictModeConfig> for StrictModeConfig {
    fn into_proto(self) -> Result<proto::StrictModeConfig> {
        if let Some(percent) = self.max_disk_usage_percent {
            return Err(invalid(
                "StrictModeConfig.max_disk_usage_percent",
                format!("Qdrant's gRPC API has no such setting (set to {percent}); use REST"),
            ));
        }
        let field = |name: &str| format!("StrictModeConfig.{name}");
        Ok(proto::StrictModeConfig {
            enabled: self.enabled,
            max_query_limit: to_u32_opt(self.max_query_limit, &field("max_query_limit"))?,
            max_timeout: to_u32_opt(self.max_timeout, &field("max_timeout"))?,
            unindexed_filtering_retrieve: self.unindexed_filtering_retrieve,
            unindexed_filtering_update: self.unindexed_filtering_update,
            search_max_hnsw_ef: to_u32_opt(self.search_max_hnsw_ef, &field("search_max_hnsw_ef"))?,
            search_allow_exact: self.search_allow_exact,
            search_max_oversampling: self
                .search_max_oversampling
                .map(|value| to_f32(value, &field("search_max_oversampling")))
                .transpose()?,
            upsert_max_batchsize: self.upsert_max_batchsize,
            search_max_batchsize: self.search_max_batchsize,
            max_collection_vector_size_bytes: self.max_collection_vector_size_bytes,
            read_rate_limit: to_u32_opt(self.read_rate_limit, &field("read_rate_limit"))?,
            write_rate_limit: to_u32_opt(self.write_rate_limit, &field("write_rate_limit"))?,
            max_collection_payload_size_bytes: self.max_collection_payload_size_bytes,
            filter_max_conditions: self.filter_max_conditions,
            condition_max_size: self.condition_max_size,
            multivector_config: self
                .multivector_config
                .map(|config| -> Result<_> {
                    Ok(proto::StrictModeMultivectorConfig {
                        multivector_config: config.into_proto()?,
                    })
                })
                .transpose()?,
            sparse_config: self
                .sparse_config
                .map(|config| -> Result<_> {
                    Ok(proto::StrictModeSparseConfig {
                        sparse_config: config.into_proto()?,
                    })
                })
                .transpose()?,
            max_points_count: self.max_points_count,
            max_payload_index_count: self.max_payload_index_count,
            max_resident_memory_percent: self.max_resident_memory_percent.map(u32::from),
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::StrictModeConfig> for StrictModeConfig {
    fn from_proto(message: proto::StrictModeConfig) -> Result<Self> {
        let max_resident_memory_percent = message
            .max_resident_memory_percent
            .map(|percent| {
                u8::try_from(percent).map_err(|_| {
                    undecodable(
                        "StrictModeConfig.max_resident_memory_percent",
                        format!("{percent} is not a percentage"),
                    )
                })
            })
            .transpose()?;
        Ok(StrictModeConfig {
            enabled: message.enabled,
            max_query_limit: message.max_query_limit.map(u64::from),
            max_timeout: message.max_timeout.map(u64::from),
            unindexed_filtering_retrieve: message.unindexed_filtering_retrieve,
            unindexed_filtering_update: message.unindexed_filtering_update,
            search_max_hnsw_ef: message.search_max_hnsw_ef.map(u64::from),
            search_allow_exact: message.search_allow_exact,
            search_max_oversampling: message.search_max_oversampling.map(f64::from),
            upsert_max_batchsize: message.upsert_max_batchsize,
            search_max_batchsize: message.search_max_batchsize,
            max_collection_vector_size_bytes: message.max_collection_vector_size_bytes,
            read_rate_limit: message.read_rate_limit.map(u64::from),
            write_rate_limit: message.write_rate_limit.map(u64::from),
            max_collection_payload_size_bytes: message.max_collection_payload_size_bytes,
            max_points_count: message.max_points_count,
            filter_max_conditions: message.filter_max_conditions,
            condition_max_size: message.condition_max_size,
            multivector_config: message
                .multivector_config
                .map(|config| BTreeMap::from_proto(config.multivector_config))
                .transpose()?,
            sparse_config: message
                .sparse_config
                .map(|config| BTreeMap::from_proto(config.sparse_config))
                .transpose()?,
            max_payload_index_count: message.max_payload_index_count,
            max_resident_memory_percent,
            // Not in Qdrant's gRPC API.
            max_disk_usage_percent: None,
        })
    }
}

impl IntoProto<proto::StrictModeMultivector> for StrictModeMultivector {
    fn into_proto(self) -> Result<proto::StrictModeMultivector> {
        Ok(proto::StrictModeMultivector {
            max_vectors: self.max_vectors,
        })
    }
}

impl FromProto<proto::StrictModeMultivector> for StrictModeMultivector {
    fn from_proto(message: proto::StrictModeMultivector) -> Result<Self> {
        Ok(StrictModeMultivector {
            max_vectors: message.max_vectors,
        })
    }
}

impl IntoProto<proto::StrictModeSparse> for StrictModeSparse {
    fn into_proto(self) -> Result<proto::StrictModeSparse> {
        Ok(proto::StrictModeSparse {
            max_length: self.max_length,
        })
    }
}

impl FromProto<proto::StrictModeSparse> for StrictModeSparse {
    fn from_proto(message: proto::StrictModeSparse) -> Result<Self> {
        Ok(StrictModeSparse {
            max_length: message.max_length,
        })
    }
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

impl FromProto<proto::ListCollectionsRequest> for () {
    fn from_proto(_message: proto::ListCollectionsRequest) -> Result<Self> {
        Ok(())
    }
}

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

// ---------------------------------------------------------------------------------------------
// Payload indexes

impl IntoProto<proto::PayloadSchemaInfo> for PayloadIndexInfo {
    fn into_proto(self) -> Result<proto::PayloadSchemaInfo> {
        Ok(proto::PayloadSchemaInfo {
            data_type: self.data_type.into_proto()?,
            params: self.params.into_proto()?,
            points: Some(self.points),
        })
    }
}

impl FromProto<proto::PayloadSchemaInfo> for PayloadIndexInfo {
    fn from_proto(message: proto::PayloadSchemaInfo) -> Result<Self> {
        Ok(PayloadIndexInfo {
            data_type: PayloadSchemaType::from_proto(message.data_type)?,
            params: Option::from_proto(message.params)?,
            points: required(message.points, "PayloadSchemaInfo.points")?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::PayloadIndexParams> for PayloadSchemaParams {
    fn into_proto(self) -> Result<proto::PayloadIndexParams> {
        let params = match self {
            PayloadSchemaParams::Keyword(params) => {
                IndexParams::KeywordIndexParams(proto::KeywordIndexParams {
                    is_tenant: params.is_tenant,
                    on_disk: params.on_disk,
                    enable_hnsw: params.enable_hnsw,
                    memory: params.memory.into_proto()?,
                    nested: params.nested,
                    prefix: params
                        .prefix
                        .filter(|prefix| *prefix)
                        .map(|_| proto::KeywordPrefixParams {}),
                })
            }
            PayloadSchemaParams::Integer(params) => {
                IndexParams::IntegerIndexParams(proto::IntegerIndexParams {
                    lookup: params.lookup,
                    range: params.range,
                    is_principal: params.is_principal,
                    on_disk: params.on_disk,
                    enable_hnsw: params.enable_hnsw,
                    memory: params.memory.into_proto()?,
                    nested: params.nested,
                })
            }
            PayloadSchemaParams::Float(params) => {
                IndexParams::FloatIndexParams(proto::FloatIndexParams {
                    on_disk: params.on_disk,
                    is_principal: params.is_principal,
                    enable_hnsw: params.enable_hnsw,
                    memory: params.memory.into_proto()?,
                    nested: params.nested,
                })
            }
            PayloadSchemaParams::Geo(params) => {
                IndexParams::GeoIndexParams(proto::GeoIndexParams {
                    on_disk: params.on_disk,
                    enable_hnsw: params.enable_hnsw,
                    memory: params.memory.into_proto()?,
                    nested: params.nested,
                })
            }
            PayloadSchemaParams::Text(params) => IndexParams::TextIndexParams(params.into_proto()?),
            PayloadSchemaParams::Bool(params) => {
                IndexParams::BoolIndexParams(proto::BoolIndexParams {
                    on_disk: params.on_disk,
                    enable_hnsw: params.enable_hnsw,
                    memory: params.memory.into_proto()?,
                    nested: params.nested,
                })
            }
            PayloadSchemaParams::Datetime(params) => {
                IndexParams::DatetimeIndexParams(proto::DatetimeIndexParams {
                    on_disk: params.on_disk,
                    is_principal: params.is_principal,
                    enable_hnsw: params.enable_hnsw,
                    memory: params.memory.into_proto()?,
                    nested: params.nested,
                })
            }
            PayloadSchemaParams::Uuid(params) => {
                IndexParams::UuidIndexParams(proto::UuidIndexParams {
                    is_tenant: params.is_tenant,
                    on_disk: params.on_disk,
                    enable_hnsw: params.enable_hnsw,
                    memory: params.memory.into_proto()?,
                    nested: params.nested,
                })
            }
            other => {
                return Err(invalid(
                    "PayloadIndexParams",
                    format!("{other:?} is not supported"),
                ));
            }
        };
        Ok(proto::PayloadIndexParams {
            index_params: Some(params),
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::PayloadIndexParams> for PayloadSchemaParams {
    fn from_proto(message: proto::PayloadIndexParams) -> Result<Self> {
        Ok(
            match required(message.index_params, "PayloadIndexParams.index_params")? {
                IndexParams::KeywordIndexParams(params) => {
                    PayloadSchemaParams::Keyword(KeywordIndexParams {
                        is_tenant: params.is_tenant,
                        on_disk: params.on_disk,
                        enable_hnsw: params.enable_hnsw,
                        memory: Option::from_proto(params.memory)?,
                        nested: params.nested,
                        prefix: params.prefix.map(|_| true),
                    })
                }
                IndexParams::IntegerIndexParams(params) => {
                    PayloadSchemaParams::Integer(IntegerIndexParams {
                        lookup: params.lookup,
                        range: params.range,
                        is_principal: params.is_principal,
                        on_disk: params.on_disk,
                        enable_hnsw: params.enable_hnsw,
                        memory: Option::from_proto(params.memory)?,
                        nested: params.nested,
                    })
                }
                IndexParams::FloatIndexParams(params) => {
                    PayloadSchemaParams::Float(FloatIndexParams {
                        is_principal: params.is_principal,
                        on_disk: params.on_disk,
                        enable_hnsw: params.enable_hnsw,
                        memory: Option::from_proto(params.memory)?,
                        nested: params.nested,
                    })
                }
                IndexParams::GeoIndexParams(params) => PayloadSchemaParams::Geo(GeoIndexParams {
                    on_disk: params.on_disk,
                    enable_hnsw: params.enable_hnsw,
                    memory: Option::from_proto(params.memory)?,
                    nested: params.nested,
                }),
                IndexParams::TextIndexParams(params) => {
                    PayloadSchemaParams::Text(TextIndexParams::from_proto(params)?)
                }
                IndexParams::BoolIndexParams(params) => {
                    PayloadSchemaParams::Bool(BoolIndexParams {
                        on_disk: params.on_disk,
                        enable_hnsw: params.enable_hnsw,
                        memory: Option::from_proto(params.memory)?,
                        nested: params.nested,
                    })
                }
                IndexParams::DatetimeIndexParams(params) => {
                    PayloadSchemaParams::Datetime(DatetimeIndexParams {
                        is_principal: params.is_principal,
                        on_disk: params.on_disk,
                        enable_hnsw: params.enable_hnsw,
                        memory: Option::from_proto(params.memory)?,
                        nested: params.nested,
                    })
                }
                IndexParams::UuidIndexParams(params) => {
                    PayloadSchemaParams::Uuid(UuidIndexParams {
                        is_tenant: params.is_tenant,
                        on_disk: params.on_disk,
                        enable_hnsw: params.enable_hnsw,
                        memory: Option::from_proto(params.memory)?,
                        nested: params.nested,
                    })
                }
            },
        )
    }
}

/// The schema type that index parameters belong to.
fn params_type(params: &PayloadSchemaParams) -> Result<PayloadSchemaType> {
    Ok(match params {
        PayloadSchemaParams::Keyword(_) => PayloadSchemaType::Keyword,
        PayloadSchemaParams::Integer(_) => PayloadSchemaType::Integer,
        PayloadSchemaParams::Float(_) => PayloadSchemaType::Float,
        PayloadSchemaParams::Geo(_) => PayloadSchemaType::Geo,
        PayloadSchemaParams::Text(_) => PayloadSchemaType::Text,
        PayloadSchemaParams::Bool(_) => PayloadSchemaType::Bool,
        PayloadSchemaParams::Datetime(_) => PayloadSchemaType::Datetime,
        PayloadSchemaParams::Uuid(_) => PayloadSchemaType::Uuid,
        other => {
            return Err(invalid(
                "PayloadIndexParams",
                format!("{other:?} is not supported"),
            ));
        }
    })
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::TextIndexParams> for TextIndexParams {
    fn into_proto(self) -> Result<proto::TextIndexParams> {
        Ok(proto::TextIndexParams {
            // The field is not optional on gRPC, and the server refuses `Unknown`; an unset
            // tokenizer is REST's default, `word`, so that both transports build the same index.
            tokenizer: self.tokenizer.unwrap_or(TokenizerType::Word).into_proto()?,
            lowercase: self.lowercase,
            min_token_len: self.min_token_len,
            max_token_len: self.max_token_len,
            on_disk: self.on_disk,
            stopwords: self.stopwords.into_proto()?,
            phrase_matching: self.phrase_matching,
            stemmer: self.stemmer.into_proto()?,
            ascii_folding: self.ascii_folding,
            enable_hnsw: self.enable_hnsw,
            memory: self.memory.into_proto()?,
            nested: self.nested,
            scoring: scoring_out(self.scoring)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::TextIndexParams> for TextIndexParams {
    fn from_proto(message: proto::TextIndexParams) -> Result<Self> {
        Ok(TextIndexParams {
            tokenizer: if message.tokenizer == proto::TokenizerType::Unknown as i32 {
                None
            } else {
                Some(TokenizerType::from_proto(message.tokenizer)?)
            },
            min_token_len: message.min_token_len,
            max_token_len: message.max_token_len,
            lowercase: message.lowercase,
            ascii_folding: message.ascii_folding,
            phrase_matching: message.phrase_matching,
            stopwords: Option::from_proto(message.stopwords)?,
            on_disk: message.on_disk,
            stemmer: Option::from_proto(message.stemmer)?,
            enable_hnsw: message.enable_hnsw,
            memory: Option::from_proto(message.memory)?,
            nested: message.nested,
            scoring: scoring_in(message.scoring)?,
        })
    }
}

impl IntoProto<proto::StopwordsSet> for StopwordsInterface {
    fn into_proto(self) -> Result<proto::StopwordsSet> {
        let (languages, custom) = match self {
            StopwordsInterface::Language(language) => (vec![language], Vec::new()),
            StopwordsInterface::Set(set) => (
                set.languages.unwrap_or_default(),
                set.custom.unwrap_or_default(),
            ),
        };
        Ok(proto::StopwordsSet {
            languages: languages
                .iter()
                .map(|language| name_out(language, "StopwordsSet.languages"))
                .collect::<Result<_>>()?,
            custom,
        })
    }
}

impl FromProto<proto::StopwordsSet> for StopwordsInterface {
    fn from_proto(message: proto::StopwordsSet) -> Result<Self> {
        let languages: Vec<Language> = message
            .languages
            .iter()
            .map(|language| name_in(language, "StopwordsSet.languages"))
            .collect::<Result<_>>()?;
        if let ([language], true) = (languages.as_slice(), message.custom.is_empty()) {
            return Ok(StopwordsInterface::Language(language.clone()));
        }
        Ok(StopwordsInterface::Set(StopwordsSet {
            languages: (!languages.is_empty()).then_some(languages),
            custom: (!message.custom.is_empty()).then_some(message.custom),
        }))
    }
}

impl IntoProto<proto::StemmingAlgorithm> for StemmingAlgorithm {
    fn into_proto(self) -> Result<proto::StemmingAlgorithm> {
        let params = match self {
            StemmingAlgorithm::Snowball(SnowballParams { language }) => {
                StemmingParams::Snowball(proto::SnowballParams {
                    language: name_out(&language, "SnowballParams.language")?,
                })
            }
            StemmingAlgorithm::Disabled => StemmingParams::Disabled(proto::DisabledStemmer {}),
            other => {
                return Err(invalid(
                    "StemmingAlgorithm",
                    format!("{other:?} is not supported"),
                ));
            }
        };
        Ok(proto::StemmingAlgorithm {
            stemming_params: Some(params),
        })
    }
}

impl FromProto<proto::StemmingAlgorithm> for StemmingAlgorithm {
    fn from_proto(message: proto::StemmingAlgorithm) -> Result<Self> {
        match required(message.stemming_params, "StemmingAlgorithm.stemming_params")? {
            StemmingParams::Snowball(params) => Ok(StemmingAlgorithm::Snowball(SnowballParams {
                language: name_in::<SnowballLanguage>(&params.language, "SnowballParams.language")?,
            })),
            StemmingParams::Disabled(proto::DisabledStemmer {}) => Ok(StemmingAlgorithm::Disabled),
        }
    }
}

impl IntoProto<proto::CreateFieldIndexCollection> for CreateFieldIndex {
    fn into_proto(self) -> Result<proto::CreateFieldIndexCollection> {
        let (field_type, field_index_params) = match self.field_schema {
            None => (None, None),
            Some(PayloadFieldSchema::FieldType(kind)) => (Some(field_type_out(kind)?), None),
            Some(PayloadFieldSchema::FieldParams(params)) => (
                Some(field_type_out(params_type(&params)?)?),
                Some(params.into_proto()?),
            ),
        };
        Ok(proto::CreateFieldIndexCollection {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            field_name: self.field_name,
            field_type,
            field_index_params,
            ordering: self.ordering.into_proto()?,
            timeout: self.timeout,
        })
    }
}

impl FromProto<proto::CreateFieldIndexCollection> for CreateFieldIndex {
    fn from_proto(message: proto::CreateFieldIndexCollection) -> Result<Self> {
        let field_schema = match (message.field_type, message.field_index_params) {
            (None, None) => None,
            (Some(field_type), None) => {
                Some(PayloadFieldSchema::FieldType(field_type_in(field_type)?))
            }
            (field_type, Some(params)) => {
                let params = PayloadSchemaParams::from_proto(params)?;
                if let Some(field_type) = field_type {
                    let declared = field_type_in(field_type)?;
                    if declared != params_type(&params)? {
                        return Err(undecodable(
                            "CreateFieldIndexCollection.field_index_params",
                            format!("the parameters do not belong to a {declared:?} index"),
                        ));
                    }
                }
                Some(PayloadFieldSchema::FieldParams(params))
            }
        };
        Ok(CreateFieldIndex {
            collection_name: message.collection_name,
            wait: message.wait,
            ordering: Option::from_proto(message.ordering)?,
            timeout: message.timeout,
            field_name: message.field_name,
            field_schema,
        })
    }
}

impl IntoProto<proto::DeleteFieldIndexCollection> for DeleteFieldIndex {
    fn into_proto(self) -> Result<proto::DeleteFieldIndexCollection> {
        Ok(proto::DeleteFieldIndexCollection {
            collection_name: self.collection_name,
            wait: Some(self.wait.unwrap_or(true)),
            field_name: self.field_name,
            ordering: self.ordering.into_proto()?,
            timeout: self.timeout,
        })
    }
}

impl FromProto<proto::DeleteFieldIndexCollection> for DeleteFieldIndex {
    fn from_proto(message: proto::DeleteFieldIndexCollection) -> Result<Self> {
        Ok(DeleteFieldIndex {
            collection_name: message.collection_name,
            field_name: message.field_name,
            wait: message.wait,
            ordering: Option::from_proto(message.ordering)?,
            timeout: message.timeout,
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::{KeywordIndexParams, StrictModeConfig};
    use quadrant_transport::ErrorKind;

    use super::*;

    #[test]
    fn values_grpc_lacks_are_refused_when_sent() {
        let disk = StrictModeConfig {
            max_disk_usage_percent: Some(90),
            ..StrictModeConfig::default()
        };
        let error = IntoProto::<proto::StrictModeConfig>::into_proto(disk).unwrap_err();
        assert!(
            error.message().contains("max_disk_usage_percent"),
            "{error}"
        );

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
}
