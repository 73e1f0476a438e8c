//! Collections: how they are configured, the requests that create, inspect, update and delete
//! them, their named vectors, and payload indexes (their parameters, and the requests that
//! create and delete them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::common::WriteOrdering;
use crate::payload::Payload;

// ---------------------------------------------------------------------------------------------
// Vector configuration

open_enum! {
    /// How vectors are compared.
    pub enum Distance {
        /// Cosine similarity; Qdrant normalises vectors on insert.
        Cosine = "Cosine",
        /// Euclidean distance.
        Euclid = "Euclid",
        /// Dot product.
        Dot = "Dot",
        /// Manhattan (L1) distance.
        Manhattan = "Manhattan",
    }
}

open_enum! {
    /// The number type in which vectors are stored.
    #[non_exhaustive]
    pub enum Datatype {
        /// 32-bit floats (the default).
        Float32 = "float32",
        /// Unsigned bytes.
        Uint8 = "uint8",
        /// 16-bit floats.
        Float16 = "float16",
        /// 4-bit TurboQuant codes.
        Turbo4 = "turbo4",
        /// 8-bit TurboQuant codes (Qdrant 1.20+).
        Turbo8 = "turbo8",
        /// 16-bit TurboQuant codes (Qdrant 1.20+).
        Turbo16 = "turbo16",
    }
}

open_enum! {
    /// Where a component's data is held in RAM; it is always persisted on disk (Qdrant 1.19+).
    #[non_exhaustive]
    pub enum Memory {
        /// Not preloaded; read from disk and cached as it is used.
        Cold = "cold",
        /// Preloaded into the page cache on start, which may evict it under memory pressure.
        Cached = "cached",
        /// Loaded in RAM and never evicted.
        Pinned = "pinned",
    }
}

/// The parameters of one dense vector (or multivector) of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VectorParams {
    /// The number of dimensions.
    pub size: u64,
    /// How vectors are compared.
    pub distance: Distance,
    /// HNSW settings for this vector, over the collection's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hnsw_config: Option<HnswConfigDiff>,
    /// Quantization for this vector, over the collection's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization_config: Option<QuantizationConfig>,
    /// Whether vectors are kept on disk (memory-mapped) rather than in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the stored vectors are held in RAM (`cold`, `cached`; `pinned` is not allowed for dense vectors); Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// The number type in which vectors are stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datatype: Option<Datatype>,
    /// Set for a multivector (several vectors per point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multivector_config: Option<MultiVectorConfig>,
}

impl VectorParams {
    /// A vector of `size` dimensions, compared by `distance`.
    #[allow(
        deprecated,
        reason = "the deprecated `on_disk` is still a field to fill"
    )]
    pub fn new(size: u64, distance: Distance) -> Self {
        VectorParams {
            size,
            distance,
            hnsw_config: None,
            quantization_config: None,
            on_disk: None,
            memory: None,
            datatype: None,
            multivector_config: None,
        }
    }
}

option_setters!(VectorParams {
    /// Sets HNSW settings for this vector.
    hnsw_config: HnswConfigDiff,
    /// Sets quantization for this vector.
    quantization_config: into QuantizationConfig,
    /// Keeps the vectors on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the stored vectors are held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Sets the stored number type.
    datatype: Datatype,
    /// Makes this a multivector.
    multivector_config: MultiVectorConfig,
});

/// The dense vectors of a collection: one unnamed vector, or vectors by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(
    clippy::large_enum_variant,
    reason = "a config is read once per collection; boxing would make it clumsier to build and match"
)]
pub enum VectorsConfig {
    /// One unnamed vector.
    Single(VectorParams),
    /// Vectors by name.
    Multi(BTreeMap<String, VectorParams>),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    Unknown(serde_json::Value),
}

impl Default for VectorsConfig {
    /// No dense vectors (a collection with only sparse vectors).
    fn default() -> Self {
        VectorsConfig::Multi(BTreeMap::new())
    }
}

impl From<VectorParams> for VectorsConfig {
    fn from(params: VectorParams) -> Self {
        VectorsConfig::Single(params)
    }
}

impl From<BTreeMap<String, VectorParams>> for VectorsConfig {
    fn from(params: BTreeMap<String, VectorParams>) -> Self {
        VectorsConfig::Multi(params)
    }
}

/// Named vectors from `(name, params)` pairs.
impl<K: Into<String>> FromIterator<(K, VectorParams)> for VectorsConfig {
    fn from_iter<I: IntoIterator<Item = (K, VectorParams)>>(iter: I) -> Self {
        VectorsConfig::Multi(
            iter.into_iter()
                .map(|(name, params)| (name.into(), params))
                .collect(),
        )
    }
}

/// The parameters of one sparse vector of a collection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SparseVectorParams {
    /// Settings of the sparse index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<SparseIndexParams>,
    /// A modifier applied to values at query time, such as IDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<Modifier>,
}

/// Settings of a sparse vector index.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SparseIndexParams {
    /// Below this many candidate points, search scans without the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_scan_threshold: Option<u64>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the sparse index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// The number type of the index's values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datatype: Option<Datatype>,
}

open_enum! {
    /// A modifier of sparse vector values.
    pub enum Modifier {
        /// Values are used as they are.
        None = "none",
        /// Values are weighted by inverse document frequency.
        Idf = "idf",
    }
}

/// Settings of a multivector.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MultiVectorConfig {
    /// How two multivectors are compared.
    pub comparator: MultiVectorComparator,
}

open_enum! {
    /// How two multivectors are compared.
    pub enum MultiVectorComparator {
        /// The sum, over the query's vectors, of the best score against the point's vectors.
        MaxSim = "max_sim",
    }
}

// ---------------------------------------------------------------------------------------------
// Index, WAL, optimizer and quantization settings

/// HNSW index settings to change; absent fields keep their value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HnswConfigDiff {
    /// Edges per node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m: Option<u64>,
    /// Neighbours considered while building the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ef_construct: Option<u64>,
    /// Below this size in KiB, a segment is searched without the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_scan_threshold: Option<u64>,
    /// Threads that build the index; 0 picks automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_indexing_threads: Option<u64>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the HNSW graph is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Edges per node in the extra payload-aware index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_m: Option<u64>,
    /// Whether vectors are stored inside the index graph (with quantization, on disk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_storage: Option<bool>,
    /// Settings this client does not know, as a newer server wrote them: kept, so that an
    /// update built from what was read (see the `From` conversions to the `…Diff`) sends them
    /// back. Over gRPC, which cannot carry them, a non-empty map is `InvalidArgument`.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The HNSW index settings of a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HnswConfig {
    /// Edges per node.
    pub m: u64,
    /// Neighbours considered while building the index.
    pub ef_construct: u64,
    /// Below this size in KiB, a segment is searched without the index.
    pub full_scan_threshold: u64,
    /// Threads that build the index; 0 picks automatically.
    #[serde(default)]
    pub max_indexing_threads: u64,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the HNSW graph is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Edges per node in the extra payload-aware index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_m: Option<u64>,
    /// Whether vectors are stored inside the index graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_storage: Option<bool>,
    /// Settings this client does not know, as a newer server wrote them: kept, so that an
    /// update built from what was read (see the `From` conversions to the `…Diff`) sends them
    /// back. Over gRPC, which cannot carry them, a non-empty map is `InvalidArgument`.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Write-ahead-log settings to change; absent fields keep their value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WalConfigDiff {
    /// The size of one WAL segment in MiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wal_capacity_mb: Option<u64>,
    /// WAL segments created ahead of need.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wal_segments_ahead: Option<u64>,
    /// Closed WAL segments kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wal_retain_closed: Option<u64>,
    /// Settings this client does not know, as a newer server wrote them: kept, so that an
    /// update built from what was read (see the `From` conversions to the `…Diff`) sends them
    /// back. Over gRPC, which cannot carry them, a non-empty map is `InvalidArgument`.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The write-ahead-log settings of a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalConfig {
    /// The size of one WAL segment in MiB.
    pub wal_capacity_mb: u64,
    /// WAL segments created ahead of need.
    pub wal_segments_ahead: u64,
    /// Closed WAL segments kept.
    #[serde(default = "one")]
    pub wal_retain_closed: u64,
    /// Settings this client does not know, as a newer server wrote them: kept, so that an
    /// update built from what was read (see the `From` conversions to the `…Diff`) sends them
    /// back. Over gRPC, which cannot carry them, a non-empty map is `InvalidArgument`.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Optimizer settings to change; absent fields keep their value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OptimizersConfigDiff {
    /// The share of deleted points above which a segment is vacuumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_threshold: Option<f64>,
    /// A segment needs at least this many vectors to be vacuumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vacuum_min_vector_number: Option<u64>,
    /// The number of segments the optimizer aims for; 0 picks from the CPU count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_segment_number: Option<u64>,
    /// The largest segment size in KiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_segment_size: Option<u64>,
    /// Deprecated: segments above this size in KiB were memory-mapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memmap_threshold: Option<u64>,
    /// Segments above this size in KiB get a vector index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexing_threshold: Option<u64>,
    /// Seconds between flushes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flush_interval_sec: Option<u64>,
    /// Threads per optimization job: a number, or `"auto"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_optimization_threads: Option<MaxOptimizationThreads>,
    /// Whether updates wait for the optimizer so that no point stays unindexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_unoptimized: Option<bool>,
    /// Settings this client does not know, as a newer server wrote them: kept, so that an
    /// update built from what was read (see the `From` conversions to the `…Diff`) sends them
    /// back. Over gRPC, which cannot carry them, a non-empty map is `InvalidArgument`.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl From<HnswConfig> for HnswConfigDiff {
    /// Every setting as read, to send back in an update (a read-modify-write).
    #[allow(
        deprecated,
        reason = "the deprecated on_disk is still carried over as read"
    )]
    fn from(config: HnswConfig) -> Self {
        HnswConfigDiff {
            m: Some(config.m),
            ef_construct: Some(config.ef_construct),
            full_scan_threshold: Some(config.full_scan_threshold),
            max_indexing_threads: Some(config.max_indexing_threads),
            on_disk: config.on_disk,
            memory: config.memory,
            payload_m: config.payload_m,
            inline_storage: config.inline_storage,
            extra: config.extra,
        }
    }
}

impl From<WalConfig> for WalConfigDiff {
    /// Every setting as read, to send back in an update (a read-modify-write).
    fn from(config: WalConfig) -> Self {
        WalConfigDiff {
            wal_capacity_mb: Some(config.wal_capacity_mb),
            wal_segments_ahead: Some(config.wal_segments_ahead),
            wal_retain_closed: Some(config.wal_retain_closed),
            extra: config.extra,
        }
    }
}

impl From<OptimizersConfig> for OptimizersConfigDiff {
    /// Every setting as read, to send back in an update (a read-modify-write); no thread
    /// count is the automatic setting.
    fn from(config: OptimizersConfig) -> Self {
        OptimizersConfigDiff {
            deleted_threshold: Some(config.deleted_threshold),
            vacuum_min_vector_number: Some(config.vacuum_min_vector_number),
            default_segment_number: Some(config.default_segment_number),
            max_segment_size: config.max_segment_size,
            memmap_threshold: config.memmap_threshold,
            indexing_threshold: config.indexing_threshold,
            flush_interval_sec: Some(config.flush_interval_sec),
            max_optimization_threads: Some(config.max_optimization_threads.map_or(
                MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Auto),
                MaxOptimizationThreads::Threads,
            )),
            prevent_unoptimized: config.prevent_unoptimized,
            extra: config.extra,
        }
    }
}

/// Threads per optimization job: a number, or the automatic setting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MaxOptimizationThreads {
    /// A named setting.
    Setting(MaxOptimizationThreadsSetting),
    /// This many threads.
    Threads(u64),
}

open_enum! {
    /// The named setting of optimization threads.
    pub enum MaxOptimizationThreadsSetting {
        /// Picked by the server.
        Auto = "auto",
    }
}

/// The optimizer settings of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizersConfig {
    /// The share of deleted points above which a segment is vacuumed.
    #[serde(default = "default_deleted_threshold")]
    pub deleted_threshold: f64,
    /// A segment needs at least this many vectors to be vacuumed.
    #[serde(default = "default_vacuum_min_vector_number")]
    pub vacuum_min_vector_number: u64,
    /// The number of segments the optimizer aims for.
    pub default_segment_number: u64,
    /// The largest segment size in KiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_segment_size: Option<u64>,
    /// Deprecated: segments above this size in KiB were memory-mapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memmap_threshold: Option<u64>,
    /// Segments above this size in KiB get a vector index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexing_threshold: Option<u64>,
    /// Seconds between flushes.
    pub flush_interval_sec: u64,
    /// Threads per optimization job; none means automatic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_optimization_threads: Option<u64>,
    /// Whether updates wait for the optimizer so that no point stays unindexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_unoptimized: Option<bool>,
    /// Settings this client does not know, as a newer server wrote them: kept, so that an
    /// update built from what was read (see the `From` conversions to the `…Diff`) sends them
    /// back. Over gRPC, which cannot carry them, a non-empty map is `InvalidArgument`.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How vectors are quantized: `{"scalar": …}`, `{"product": …}`, `{"binary": …}` or
/// `{"turbo": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuantizationConfig {
    /// Each float becomes one byte.
    Scalar(ScalarQuantizationConfig),
    /// Groups of dimensions become codebook indices.
    Product(ProductQuantizationConfig),
    /// Each dimension becomes one or a few bits.
    Binary(BinaryQuantizationConfig),
    /// TurboQuant codes.
    Turbo(TurboQuantQuantizationConfig),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

impl From<ScalarQuantizationConfig> for QuantizationConfig {
    fn from(config: ScalarQuantizationConfig) -> Self {
        QuantizationConfig::Scalar(config)
    }
}

impl From<ProductQuantizationConfig> for QuantizationConfig {
    fn from(config: ProductQuantizationConfig) -> Self {
        QuantizationConfig::Product(config)
    }
}

impl From<BinaryQuantizationConfig> for QuantizationConfig {
    fn from(config: BinaryQuantizationConfig) -> Self {
        QuantizationConfig::Binary(config)
    }
}

impl From<TurboQuantQuantizationConfig> for QuantizationConfig {
    fn from(config: TurboQuantQuantizationConfig) -> Self {
        QuantizationConfig::Turbo(config)
    }
}

/// Scalar quantization settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScalarQuantizationConfig {
    /// The integer type of the codes.
    pub r#type: ScalarType,
    /// The quantile of values kept in range (0.5 to 1); outliers are clipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantile: Option<f32>,
    /// Whether the quantized vectors stay in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub always_ram: Option<bool>,
    /// Where the quantized vectors are held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
}

open_enum! {
    /// The integer type of scalar quantization codes.
    pub enum ScalarType {
        /// Signed bytes.
        Int8 = "int8",
    }
}

/// Product quantization settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductQuantizationConfig {
    /// How much smaller the quantized vectors are.
    pub compression: CompressionRatio,
    /// Whether the quantized vectors stay in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub always_ram: Option<bool>,
    /// Where the quantized vectors are held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
}

open_enum! {
    /// How much smaller product-quantized vectors are.
    pub enum CompressionRatio {
        /// Four times.
        X4 = "x4",
        /// Eight times.
        X8 = "x8",
        /// Sixteen times.
        X16 = "x16",
        /// Thirty-two times.
        X32 = "x32",
        /// Sixty-four times.
        X64 = "x64",
    }
}

/// Binary quantization settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BinaryQuantizationConfig {
    /// Whether the quantized vectors stay in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub always_ram: Option<bool>,
    /// Where the quantized vectors are held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// How many bits each stored dimension takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<BinaryQuantizationEncoding>,
    /// How the query vector is encoded against binary codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_encoding: Option<BinaryQuantizationQueryEncoding>,
}

open_enum! {
    /// How many bits each stored dimension takes in binary quantization.
    #[non_exhaustive]
    pub enum BinaryQuantizationEncoding {
        /// One bit.
        OneBit = "one_bit",
        /// Two bits.
        TwoBits = "two_bits",
        /// One and a half bits.
        OneAndHalfBits = "one_and_half_bits",
    }
}

open_enum! {
    /// How the query vector is encoded against binary codes.
    #[non_exhaustive]
    pub enum BinaryQuantizationQueryEncoding {
        /// The server's default.
        Default = "default",
        /// Binary, like the stored vectors.
        Binary = "binary",
        /// Four-bit scalar codes.
        Scalar4bits = "scalar4bits",
        /// Eight-bit scalar codes.
        Scalar8bits = "scalar8bits",
    }
}

/// TurboQuant quantization settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TurboQuantQuantizationConfig {
    /// Whether the quantized vectors stay in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub always_ram: Option<bool>,
    /// Where the quantized vectors are held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Bits per dimension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bits: Option<TurboQuantBitSize>,
}

open_enum! {
    /// Bits per dimension in TurboQuant quantization.
    #[non_exhaustive]
    pub enum TurboQuantBitSize {
        /// One bit.
        Bits1 = "bits1",
        /// One and a half bits.
        Bits1_5 = "bits1_5",
        /// Two bits.
        Bits2 = "bits2",
        /// Four bits.
        Bits4 = "bits4",
        /// Eight bits (Qdrant 1.20+).
        Bits8 = "bits8",
    }
}

open_enum! {
    /// How data is distributed over shards.
    pub enum ShardingMethod {
        /// Points go to shards by id hash.
        Auto = "auto",
        /// Points go to shards by the shard key given with each write.
        Custom = "custom",
    }
}

/// Strict mode: limits that the server enforces on requests to a collection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StrictModeConfig {
    /// Whether strict mode is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The largest `limit` a query may ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_query_limit: Option<u64>,
    /// The largest `timeout` in seconds a request may ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_timeout: Option<u64>,
    /// Whether reads may filter on fields that have no index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unindexed_filtering_retrieve: Option<bool>,
    /// Whether updates may filter on fields that have no index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unindexed_filtering_update: Option<bool>,
    /// The largest `hnsw_ef` a search may ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_max_hnsw_ef: Option<u64>,
    /// Whether exact (brute-force) search is allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_allow_exact: Option<bool>,
    /// The largest quantization oversampling a search may ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_max_oversampling: Option<f64>,
    /// The most points one upsert may carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upsert_max_batchsize: Option<u64>,
    /// The most searches one batch may carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_max_batchsize: Option<u64>,
    /// The largest total size of the collection's vectors, in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_collection_vector_size_bytes: Option<u64>,
    /// Reads allowed per minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_rate_limit: Option<u64>,
    /// Writes allowed per minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_rate_limit: Option<u64>,
    /// The largest total size of the collection's payloads, in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_collection_payload_size_bytes: Option<u64>,
    /// The most points the collection may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points_count: Option<u64>,
    /// The most conditions one filter may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_max_conditions: Option<u64>,
    /// The most values one condition may list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_max_size: Option<u64>,
    /// Limits per multivector, by vector name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multivector_config: Option<StrictModeMultivectorConfig>,
    /// Limits per sparse vector, by vector name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse_config: Option<StrictModeSparseConfig>,
    /// The most payload indexes the collection may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_payload_index_count: Option<u64>,
    /// Writes are refused above this share of RAM in use (percent).
    #[deprecated(
        note = "since Qdrant 1.20: memory is node-wide, limited by the cluster's quota configuration"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_resident_memory_percent: Option<u8>,
    /// Writes are refused above this share of disk in use (percent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_disk_usage_percent: Option<u8>,
}

/// Strict mode as the server reports it; the same shape as [`StrictModeConfig`].
pub type StrictModeConfigOutput = StrictModeConfig;

/// Strict-mode limits per multivector, by vector name.
pub type StrictModeMultivectorConfig = BTreeMap<String, StrictModeMultivector>;

/// Strict-mode limits per sparse vector, by vector name.
pub type StrictModeSparseConfig = BTreeMap<String, StrictModeSparse>;

/// Strict-mode limits of one multivector.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StrictModeMultivector {
    /// The most vectors one point's multivector may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_vectors: Option<u64>,
}

/// Strict-mode limits of one sparse vector.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StrictModeSparse {
    /// The most non-zero values one sparse vector may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
}

// ---------------------------------------------------------------------------------------------
// Collection operations

/// Creates a collection (`PUT /collections/{collection_name}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateCollection {
    /// The name of the collection to create (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The dense vectors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vectors: Option<VectorsConfig>,
    /// The number of shards (per shard key, with custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_number: Option<u32>,
    /// How points are distributed over shards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharding_method: Option<ShardingMethod>,
    /// The number of copies of each shard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_factor: Option<u32>,
    /// How many replicas must confirm a write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_consistency_factor: Option<u32>,
    /// Whether payloads are kept on disk rather than in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `payload` (its `memory`) instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk_payload: Option<bool>,
    /// How the payload storage is held in RAM; Qdrant 1.19+. Overrides `on_disk_payload`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<PayloadStorageParams>,
    /// How the point id mapping is held in RAM; Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_tracker: Option<IdTrackerParams>,
    /// HNSW settings, over the server's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hnsw_config: Option<HnswConfigDiff>,
    /// Write-ahead-log settings, over the server's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wal_config: Option<WalConfigDiff>,
    /// Optimizer settings, over the server's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimizers_config: Option<OptimizersConfigDiff>,
    /// Quantization of every vector that does not set its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization_config: Option<QuantizationConfig>,
    /// The sparse vectors, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse_vectors: Option<BTreeMap<String, SparseVectorParams>>,
    /// Strict-mode limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict_mode_config: Option<StrictModeConfig>,
    /// Free-form metadata stored with the collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Payload>,
}

impl CreateCollection {
    /// A request to create `collection_name` with the server's defaults; set vectors with
    /// [`CreateCollection::vectors_config`].
    pub fn new(collection_name: impl Into<String>) -> Self {
        CreateCollection {
            collection_name: collection_name.into(),
            ..CreateCollection::default()
        }
    }

    /// Sets the dense vectors (the REST `vectors` field): one [`VectorParams`] or a map of
    /// named ones.
    #[must_use]
    pub fn vectors_config(mut self, vectors: impl Into<VectorsConfig>) -> Self {
        self.vectors = Some(vectors.into());
        self
    }

    /// Sets the sparse vectors by name (the REST `sparse_vectors` field).
    #[must_use]
    pub fn sparse_vectors_config(
        mut self,
        sparse_vectors: impl IntoIterator<Item = (impl Into<String>, SparseVectorParams)>,
    ) -> Self {
        self.sparse_vectors = Some(
            sparse_vectors
                .into_iter()
                .map(|(name, params)| (name.into(), params))
                .collect(),
        );
        self
    }
}

option_setters!(CreateCollection {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets the number of shards.
    shard_number: u32,
    /// Sets how points are distributed over shards.
    sharding_method: ShardingMethod,
    /// Sets the number of copies of each shard.
    replication_factor: u32,
    /// Sets how many replicas must confirm a write.
    write_consistency_factor: u32,
    /// Keeps payloads on disk.
    #[deprecated(note = "since Qdrant 1.19: use `payload` instead")]
    on_disk_payload: bool,
    /// Sets how the payload storage is held in RAM (Qdrant 1.19+).
    payload: PayloadStorageParams,
    /// Sets how the point id mapping is held in RAM (Qdrant 1.20+).
    id_tracker: IdTrackerParams,
    /// Sets HNSW settings.
    hnsw_config: HnswConfigDiff,
    /// Sets write-ahead-log settings.
    wal_config: WalConfigDiff,
    /// Sets optimizer settings.
    optimizers_config: OptimizersConfigDiff,
    /// Sets quantization for every vector that does not set its own.
    quantization_config: into QuantizationConfig,
    /// Sets strict-mode limits.
    strict_mode_config: StrictModeConfig,
    /// Sets the collection's metadata.
    metadata: Payload,
});

/// Reads a collection's configuration and state (`GET /collections/{collection_name}`);
/// answered by [`CollectionInfo`]. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GetCollection {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
}

impl GetCollection {
    /// A request for `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        GetCollection {
            collection_name: collection_name.into(),
        }
    }
}

/// Deletes a collection (`DELETE /collections/{collection_name}`); answered by `true` when
/// it existed. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeleteCollection {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
}

impl DeleteCollection {
    /// A request to delete `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        DeleteCollection {
            collection_name: collection_name.into(),
            timeout: None,
        }
    }
}

option_setters!(DeleteCollection {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// Asks whether a collection exists (`GET /collections/{collection_name}/exists`); answered
/// by [`CollectionExistence`]. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CollectionExists {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
}

impl CollectionExists {
    /// A request about `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        CollectionExists {
            collection_name: collection_name.into(),
        }
    }
}

from_collection_name!(GetCollection, DeleteCollection, CollectionExists);

/// The answer to `GET /collections`: every collection's name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CollectionsResponse {
    /// The collections.
    pub collections: Vec<CollectionDescription>,
}

/// One collection in [`CollectionsResponse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionDescription {
    /// The collection's name.
    pub name: String,
}

/// The answer to [`CollectionExists`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionExistence {
    /// Whether the collection exists.
    pub exists: bool,
}

/// The answer to [`GetCollection`]: a collection's state and configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionInfo {
    /// Overall health.
    pub status: CollectionStatus,
    /// Whether the optimizer is working normally.
    pub optimizer_status: OptimizersStatus,
    /// Warnings about the configuration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<CollectionWarning>,
    /// Approximate number of vectors in vector indexes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_vectors_count: Option<u64>,
    /// Approximate number of points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_count: Option<u64>,
    /// The number of segments.
    pub segments_count: u64,
    /// The configuration.
    pub config: CollectionConfig,
    /// The payload indexes, by field.
    pub payload_schema: BTreeMap<String, PayloadIndexInfo>,
    /// Updates waiting to be applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_queue: Option<UpdateQueueInfo>,
    /// When the collection was created (RFC 3339); absent for collections created before
    /// Qdrant recorded it (Qdrant 1.20+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

open_enum! {
    /// The health of a collection.
    #[non_exhaustive]
    pub enum CollectionStatus {
        /// Ready, fully optimized.
        Green = "green",
        /// Optimizing.
        Yellow = "yellow",
        /// Optimizations are pending but not running (until an update or a restart).
        Grey = "grey",
        /// Failed; needs attention.
        Red = "red",
    }
}

/// The state of a collection's optimizer: `"ok"` or `{"error": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimizersStatus {
    /// Working normally.
    Ok,
    /// Stopped by this error.
    Error(String),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

/// A warning about a collection's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionWarning {
    /// What is wrong.
    pub message: String,
}

/// The configuration of a collection, as the server reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionConfig {
    /// Vectors, sharding and replication.
    pub params: CollectionParams,
    /// HNSW index settings.
    pub hnsw_config: HnswConfig,
    /// Optimizer settings.
    pub optimizer_config: OptimizersConfig,
    /// Write-ahead-log settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wal_config: Option<WalConfig>,
    /// Quantization of every vector that does not set its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization_config: Option<QuantizationConfig>,
    /// Strict-mode limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict_mode_config: Option<StrictModeConfigOutput>,
    /// Free-form metadata stored with the collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Payload>,
}

/// Vectors, sharding and replication of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionParams {
    /// The dense vectors (empty for a collection with only sparse vectors).
    #[serde(default)]
    pub vectors: VectorsConfig,
    /// The number of shards.
    #[serde(default = "one_u32")]
    pub shard_number: u32,
    /// How points are distributed over shards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharding_method: Option<ShardingMethod>,
    /// The number of copies of each shard.
    #[serde(default = "one_u32")]
    pub replication_factor: u32,
    /// How many replicas must confirm a write.
    #[serde(default = "one_u32")]
    pub write_consistency_factor: u32,
    /// How many extra replicas a read asks, to cut tail latency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_fan_out_factor: Option<u32>,
    /// How long a read waits before asking extra replicas, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_fan_out_delay_ms: Option<u64>,
    /// Whether payloads are kept on disk rather than in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `payload` (its `memory`) instead")]
    #[serde(default = "yes")]
    pub on_disk_payload: bool,
    /// How the payload storage is held in RAM; Qdrant 1.19+. Overrides `on_disk_payload`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<PayloadStorageParams>,
    /// How the point id mapping is held in RAM; Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_tracker: Option<IdTrackerParams>,
    /// The sparse vectors, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse_vectors: Option<BTreeMap<String, SparseVectorParams>>,
}

/// Updates waiting to be applied to a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UpdateQueueInfo {
    /// Operations in the queue.
    pub length: u64,
    /// Points written but not yet visible to reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_points: Option<u64>,
}

/// How a collection's payload storage is held in RAM (Qdrant 1.19+).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PayloadStorageParams {
    /// `cold` or `cached` (`pinned` is not allowed for payloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
}

/// How the point id mapping of a collection's indexed segments is held in RAM (Qdrant 1.20+).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IdTrackerParams {
    /// `cold`, `cached` or `pinned` (the server's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
}

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

// ---------------------------------------------------------------------------------------------
// Collection updates and vector names

/// Changes the parameters of an existing collection (`PATCH /collections/{collection_name}`,
/// body `UpdateCollection`); answered by `true`. Absent fields keep their value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateCollection {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// Changes per dense vector, by name (`""` for the unnamed vector).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vectors: Option<VectorsConfigDiff>,
    /// Optimizer settings to change; the update waits for running optimizations to finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimizers_config: Option<OptimizersConfigDiff>,
    /// Replication and storage parameters to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<CollectionParamsDiff>,
    /// HNSW settings to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hnsw_config: Option<HnswConfigDiff>,
    /// New quantization of every vector that does not set its own, or
    /// [`QuantizationConfigDiff::Disabled`] to remove it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization_config: Option<QuantizationConfigDiff>,
    /// Changes per sparse vector, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse_vectors: Option<SparseVectorsConfig>,
    /// Strict-mode limits to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict_mode_config: Option<StrictModeConfig>,
    /// Metadata merged into the collection's; an empty object removes it all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Payload>,
}

impl UpdateCollection {
    /// A request to change `collection_name`; set what changes with the setters.
    pub fn new(collection_name: impl Into<String>) -> Self {
        UpdateCollection {
            collection_name: collection_name.into(),
            ..UpdateCollection::default()
        }
    }

    /// Sets the changes per dense vector, from `(name, diff)` pairs (`""` names the unnamed
    /// vector).
    #[must_use]
    pub fn vectors_config(
        mut self,
        vectors: impl IntoIterator<Item = (impl Into<String>, VectorParamsDiff)>,
    ) -> Self {
        self.vectors = Some(
            vectors
                .into_iter()
                .map(|(name, diff)| (name.into(), diff))
                .collect(),
        );
        self
    }

    /// Sets the changes per sparse vector, from `(name, params)` pairs.
    #[must_use]
    pub fn sparse_vectors_config(
        mut self,
        sparse_vectors: impl IntoIterator<Item = (impl Into<String>, SparseVectorParams)>,
    ) -> Self {
        self.sparse_vectors = Some(
            sparse_vectors
                .into_iter()
                .map(|(name, params)| (name.into(), params))
                .collect(),
        );
        self
    }
}

option_setters!(UpdateCollection {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Changes optimizer settings.
    optimizers_config: OptimizersConfigDiff,
    /// Changes replication and storage parameters.
    params: CollectionParamsDiff,
    /// Changes HNSW settings.
    hnsw_config: HnswConfigDiff,
    /// Changes (or, with [`QuantizationConfigDiff::Disabled`], removes) quantization.
    quantization_config: into QuantizationConfigDiff,
    /// Changes strict-mode limits.
    strict_mode_config: StrictModeConfig,
    /// Merges this into the collection's metadata.
    metadata: Payload,
});

from_collection_name!(UpdateCollection);

/// Changes to dense vectors, by vector name (`""` for the unnamed vector).
pub type VectorsConfigDiff = BTreeMap<String, VectorParamsDiff>;

/// The parameters of sparse vectors, by vector name; in [`UpdateCollection`], the changes.
pub type SparseVectorsConfig = BTreeMap<String, SparseVectorParams>;

/// Changes to one dense vector's parameters; absent fields keep their value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VectorParamsDiff {
    /// HNSW settings to change; an empty object removes the vector's own settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hnsw_config: Option<HnswConfigDiff>,
    /// New quantization for this vector, or [`QuantizationConfigDiff::Disabled`] to remove it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization_config: Option<QuantizationConfigDiff>,
    /// Whether vectors are kept on disk (memory-mapped) rather than in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the stored vectors are held in RAM (`cold`, `cached`; `pinned` is not allowed for dense vectors); Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
}

option_setters!(VectorParamsDiff {
    /// Changes HNSW settings.
    hnsw_config: HnswConfigDiff,
    /// Changes (or, with [`QuantizationConfigDiff::Disabled`], removes) quantization.
    quantization_config: into QuantizationConfigDiff,
    /// Sets whether vectors are kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the stored vectors are held in RAM (Qdrant 1.19+).
    memory: Memory,
});

/// New quantization settings, or `"Disabled"` to remove quantization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuantizationConfigDiff {
    /// Scalar quantization.
    Scalar(ScalarQuantizationConfig),
    /// Product quantization.
    Product(ProductQuantizationConfig),
    /// Binary quantization.
    Binary(BinaryQuantizationConfig),
    /// TurboQuant quantization.
    Turbo(TurboQuantQuantizationConfig),
    /// No quantization (written `"Disabled"`).
    #[serde(rename = "Disabled")]
    Disabled,
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

impl From<QuantizationConfig> for QuantizationConfigDiff {
    fn from(config: QuantizationConfig) -> Self {
        match config {
            QuantizationConfig::Scalar(config) => QuantizationConfigDiff::Scalar(config),
            QuantizationConfig::Product(config) => QuantizationConfigDiff::Product(config),
            QuantizationConfig::Binary(config) => QuantizationConfigDiff::Binary(config),
            QuantizationConfig::Turbo(config) => QuantizationConfigDiff::Turbo(config),
            QuantizationConfig::Unknown(raw) => QuantizationConfigDiff::Unknown(raw),
        }
    }
}

/// Writes `From<$config> for QuantizationConfigDiff`, through [`QuantizationConfig`].
macro_rules! quantization_diff_from {
    ($($config:ty),* $(,)?) => {
        $(
            impl From<$config> for QuantizationConfigDiff {
                fn from(config: $config) -> Self {
                    QuantizationConfig::from(config).into()
                }
            }
        )*
    };
}

quantization_diff_from!(
    ScalarQuantizationConfig,
    ProductQuantizationConfig,
    BinaryQuantizationConfig,
    TurboQuantQuantizationConfig,
);

/// Changes to a collection's replication and storage parameters; absent fields keep their
/// value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CollectionParamsDiff {
    /// The number of copies of each shard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_factor: Option<u32>,
    /// How many replicas must confirm a write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_consistency_factor: Option<u32>,
    /// How many extra replicas a read asks, to cut tail latency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_fan_out_factor: Option<u32>,
    /// How long a read waits before asking extra replicas, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_fan_out_delay_ms: Option<u64>,
    /// Whether payloads are kept on disk rather than in RAM.
    #[deprecated(note = "since Qdrant 1.19: set `payload` (its `memory`) instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk_payload: Option<bool>,
    /// How the payload storage is held in RAM; Qdrant 1.19+. Overrides `on_disk_payload`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<PayloadStorageParams>,
    /// How the point id mapping is held in RAM; Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_tracker: Option<IdTrackerParams>,
}

/// Adds a named vector to an existing collection
/// (`PUT /collections/{collection_name}/vectors/{vector_name}`, body `VectorNameConfig`);
/// answered by [`crate::UpdateResult`]. Storage, index and quantization follow the
/// collection's settings and can be changed later with [`UpdateCollection`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateVectorName {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The name of the new vector (path).
    #[serde(skip)]
    pub vector_name: String,
    /// Whether to answer only once the vector exists; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// A dense or a sparse vector, and the parameters that define its space.
    #[serde(flatten)]
    pub config: VectorNameConfig,
}

impl CreateVectorName {
    /// A request to add the vector `vector_name`, a [`DenseVectorConfig`] or a
    /// [`SparseVectorConfig`], to `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        vector_name: impl Into<String>,
        config: impl Into<VectorNameConfig>,
    ) -> Self {
        CreateVectorName {
            collection_name: collection_name.into(),
            vector_name: vector_name.into(),
            wait: None,
            ordering: None,
            timeout: None,
            config: config.into(),
        }
    }
}

option_setters!(CreateVectorName {
    /// Sets whether to wait until the vector exists.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// A new named vector: `{"dense": {…}}` or `{"sparse": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VectorNameConfig {
    /// A dense vector (or multivector).
    Dense(DenseVectorConfig),
    /// A sparse vector.
    Sparse(SparseVectorConfig),
}

impl From<DenseVectorConfig> for VectorNameConfig {
    fn from(config: DenseVectorConfig) -> Self {
        VectorNameConfig::Dense(config)
    }
}

impl From<SparseVectorConfig> for VectorNameConfig {
    fn from(config: SparseVectorConfig) -> Self {
        VectorNameConfig::Sparse(config)
    }
}

/// The space of a new dense vector: the parameters that cannot change after creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenseVectorConfig {
    /// The number of dimensions.
    pub size: u64,
    /// How vectors are compared.
    pub distance: Distance,
    /// Set for a multivector (several vectors per point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multivector_config: Option<MultiVectorConfig>,
    /// The number type in which vectors are stored (REST `VectorStorageDatatype`, the same
    /// values as [`Datatype`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datatype: Option<Datatype>,
}

impl DenseVectorConfig {
    /// A dense vector of `size` dimensions, compared by `distance`.
    pub fn new(size: u64, distance: Distance) -> Self {
        DenseVectorConfig {
            size,
            distance,
            multivector_config: None,
            datatype: None,
        }
    }
}

option_setters!(DenseVectorConfig {
    /// Makes this a multivector.
    multivector_config: MultiVectorConfig,
    /// Sets the stored number type.
    datatype: Datatype,
});

/// The space of a new sparse vector: the parameters that cannot change after creation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SparseVectorConfig {
    /// A modifier applied to values at query time, such as IDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<Modifier>,
    /// The number type of the index's values (REST `VectorStorageDatatype`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datatype: Option<Datatype>,
}

/// Removes a named vector from a collection
/// (`DELETE /collections/{collection_name}/vectors/{vector_name}`); answered by
/// [`crate::UpdateResult`]. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeleteVectorName {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The name of the vector to remove (path).
    #[serde(skip)]
    pub vector_name: String,
    /// Whether to answer only once the vector is gone; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
}

impl DeleteVectorName {
    /// A request to remove the vector `vector_name` from `collection_name`.
    pub fn new(collection_name: impl Into<String>, vector_name: impl Into<String>) -> Self {
        DeleteVectorName {
            collection_name: collection_name.into(),
            vector_name: vector_name.into(),
            ..DeleteVectorName::default()
        }
    }
}

option_setters!(DeleteVectorName {
    /// Sets whether to wait until the vector is gone.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

// ---------------------------------------------------------------------------------------------
// Payload indexes

/// One payload index, as reported in [`CollectionInfo::payload_schema`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayloadIndexInfo {
    /// The kind of values indexed.
    pub data_type: PayloadSchemaType,
    /// The index parameters, when set beyond the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<PayloadSchemaParams>,
    /// The number of points indexed.
    pub points: u64,
}

open_enum! {
    /// The kinds of payload index.
    #[non_exhaustive]
    pub enum PayloadSchemaType {
        /// Exact strings.
        Keyword = "keyword",
        /// Integers.
        Integer = "integer",
        /// Floats.
        Float = "float",
        /// Geo points.
        Geo = "geo",
        /// Full text.
        Text = "text",
        /// Booleans.
        Bool = "bool",
        /// RFC 3339 datetimes.
        Datetime = "datetime",
        /// UUIDs.
        Uuid = "uuid",
    }
}

/// A payload index with parameters, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PayloadSchemaParams {
    /// A keyword index.
    Keyword(KeywordIndexParams),
    /// An integer index.
    Integer(IntegerIndexParams),
    /// A float index.
    Float(FloatIndexParams),
    /// A geo index.
    Geo(GeoIndexParams),
    /// A full-text index.
    Text(TextIndexParams),
    /// A boolean index.
    Bool(BoolIndexParams),
    /// A datetime index.
    Datetime(DatetimeIndexParams),
    /// A UUID index.
    Uuid(UuidIndexParams),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

/// The schema of a payload index to create: just its kind, or its kind with parameters.
#[allow(
    clippy::large_enum_variant,
    reason = "the shape of Qdrant's JSON; a payload index schema is built once per index call"
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PayloadFieldSchema {
    /// The kind, with default parameters.
    FieldType(PayloadSchemaType),
    /// The kind, with parameters.
    FieldParams(PayloadSchemaParams),
}

impl From<PayloadSchemaType> for PayloadFieldSchema {
    fn from(kind: PayloadSchemaType) -> Self {
        PayloadFieldSchema::FieldType(kind)
    }
}

impl From<PayloadSchemaParams> for PayloadFieldSchema {
    fn from(params: PayloadSchemaParams) -> Self {
        PayloadFieldSchema::FieldParams(params)
    }
}

/// Writes `From` from each index-parameter struct into [`PayloadSchemaParams`] and
/// [`PayloadFieldSchema`].
macro_rules! index_params_from {
    ($($params:ident => $variant:ident),* $(,)?) => {
        $(
            impl From<$params> for PayloadSchemaParams {
                fn from(params: $params) -> Self {
                    PayloadSchemaParams::$variant(params)
                }
            }

            impl From<$params> for PayloadFieldSchema {
                fn from(params: $params) -> Self {
                    PayloadFieldSchema::FieldParams(PayloadSchemaParams::$variant(params))
                }
            }
        )*
    };
}

index_params_from! {
    KeywordIndexParams => Keyword,
    IntegerIndexParams => Integer,
    FloatIndexParams => Float,
    GeoIndexParams => Geo,
    TextIndexParams => Text,
    BoolIndexParams => Bool,
    DatetimeIndexParams => Datetime,
    UuidIndexParams => Uuid,
}

/// Parameters of a keyword index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeywordIndexParams {
    /// Whether the field holds a tenant id, so storage is grouped by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_tenant: Option<bool>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
    /// Whether prefix matches (`{"match": {"prefix": …}}`) are indexed; Qdrant 1.19+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<bool>,
}

/// Parameters of an integer index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IntegerIndexParams {
    /// Whether exact-match lookups are indexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<bool>,
    /// Whether range queries are indexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<bool>,
    /// Whether the field is the main filter, so storage is ordered by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_principal: Option<bool>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
}

/// Parameters of a float index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FloatIndexParams {
    /// Whether the field is the main filter, so storage is ordered by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_principal: Option<bool>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
}

/// Parameters of a geo index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GeoIndexParams {
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
}

/// Parameters of a full-text index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextIndexParams {
    /// How text is split into tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokenizer: Option<TokenizerType>,
    /// Shorter tokens are not indexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_token_len: Option<u64>,
    /// Longer tokens are not indexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_token_len: Option<u64>,
    /// Whether tokens are lowercased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowercase: Option<bool>,
    /// Whether accents are folded to ASCII.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ascii_folding: Option<bool>,
    /// Whether token positions are kept, for phrase matching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase_matching: Option<bool>,
    /// Stopwords to leave out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopwords: Option<StopwordsInterface>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// The stemmer to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stemmer: Option<StemmingAlgorithm>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
    /// Ranks points by BM25 over this field (`true` for the defaults); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<TextScoringInterface>,
}

/// Parameters of a boolean index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BoolIndexParams {
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
}

/// Parameters of a datetime index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DatetimeIndexParams {
    /// Whether the field is the main filter, so storage is ordered by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_principal: Option<bool>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
}

/// Parameters of a UUID index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UuidIndexParams {
    /// Whether the field holds a tenant id, so storage is grouped by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_tenant: Option<bool>,
    /// Whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: set `memory` instead")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_disk: Option<bool>,
    /// Where the index is held in RAM; Qdrant 1.19+. Overrides the deprecated flag when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Whether the HNSW graph gets extra links for this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hnsw: Option<bool>,
    /// Indexes every object of this array as its own entry (`offers` for the field
    /// `offers[].price`); Qdrant 1.20+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<String>,
}

open_enum! {
    /// How text is split into tokens.
    #[non_exhaustive]
    pub enum TokenizerType {
        /// Words, indexed with all their prefixes.
        Prefix = "prefix",
        /// Split on whitespace only.
        Whitespace = "whitespace",
        /// Split on word boundaries.
        Word = "word",
        /// Language-aware splitting, including scripts without spaces.
        Multilingual = "multilingual",
        /// Source code: identifiers are also split at case changes and underscores (Qdrant
        /// 1.20+).
        Code = "code",
    }
}

/// Stopwords: one language's list, or a set of languages and custom words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StopwordsInterface {
    /// The built-in list of one language.
    Language(Language),
    /// Built-in lists and custom words.
    Set(StopwordsSet),
}

/// Built-in stopword lists and custom stopwords.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StopwordsSet {
    /// Languages whose built-in lists apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<Language>>,
    /// Extra stopwords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Vec<String>>,
}

open_enum! {
    /// Languages with a built-in stopword list.
    #[non_exhaustive]
    #[allow(missing_docs)] // The variant names are the languages.
    pub enum Language {
        Arabic = "arabic",
        Azerbaijani = "azerbaijani",
        Basque = "basque",
        Bengali = "bengali",
        Catalan = "catalan",
        Chinese = "chinese",
        Danish = "danish",
        Dutch = "dutch",
        English = "english",
        Finnish = "finnish",
        French = "french",
        German = "german",
        Greek = "greek",
        Hebrew = "hebrew",
        Hinglish = "hinglish",
        Hungarian = "hungarian",
        Indonesian = "indonesian",
        Italian = "italian",
        Japanese = "japanese",
        Kazakh = "kazakh",
        Nepali = "nepali",
        Norwegian = "norwegian",
        Portuguese = "portuguese",
        Romanian = "romanian",
        Russian = "russian",
        Slovene = "slovene",
        Spanish = "spanish",
        Swedish = "swedish",
        Tajik = "tajik",
        Turkish = "turkish",
    }
}

/// A stemmer, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StemmingAlgorithm {
    /// The Snowball stemmer.
    Snowball(SnowballParams),
    /// No stemming, overriding the language's default (written `{"type": "none"}`; Qdrant
    /// 1.19+).
    #[serde(rename = "none")]
    Disabled,
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    #[serde(untagged)]
    Unknown(serde_json::Value),
}

/// Ranking over a text index: `true` for the defaults, or its parameters (Qdrant 1.20+).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TextScoringInterface {
    /// `true` ranks with the defaults (BM25); `false` does not rank.
    Enabled(bool),
    /// The ranking function.
    Params(TextScoringParams),
}

/// The ranking of a text index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextScoringParams {
    /// How documents are ranked.
    pub r#type: TextScoringType,
}

open_enum! {
    /// How a text index ranks documents.
    #[non_exhaustive]
    pub enum TextScoringType {
        /// Okapi BM25.
        Bm25 = "bm25",
    }
}

/// Parameters of the Snowball stemmer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SnowballParams {
    /// The language to stem.
    pub language: SnowballLanguage,
}

open_enum! {
    /// Languages the Snowball stemmer knows.
    #[non_exhaustive]
    #[allow(missing_docs)] // The variant names are the languages.
    pub enum SnowballLanguage {
        Arabic = "arabic",
        Armenian = "armenian",
        Danish = "danish",
        Dutch = "dutch",
        English = "english",
        Finnish = "finnish",
        French = "french",
        German = "german",
        Greek = "greek",
        Hungarian = "hungarian",
        Italian = "italian",
        Norwegian = "norwegian",
        Portuguese = "portuguese",
        Romanian = "romanian",
        Russian = "russian",
        Spanish = "spanish",
        Swedish = "swedish",
        Tamil = "tamil",
        Turkish = "turkish",
    }
}

/// Creates a payload index (`PUT /collections/{collection_name}/index`); answered by
/// [`crate::UpdateResult`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateFieldIndex {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// Whether to answer only once the index is built; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The payload key to index.
    pub field_name: String,
    /// The kind of index and its parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_schema: Option<PayloadFieldSchema>,
}

impl CreateFieldIndex {
    /// A request to index `field_name` of `collection_name` with `field_schema`, such as
    /// [`PayloadSchemaType::Keyword`] or a [`TextIndexParams`].
    pub fn new(
        collection_name: impl Into<String>,
        field_name: impl Into<String>,
        field_schema: impl Into<PayloadFieldSchema>,
    ) -> Self {
        CreateFieldIndex {
            collection_name: collection_name.into(),
            field_name: field_name.into(),
            field_schema: Some(field_schema.into()),
            ..CreateFieldIndex::default()
        }
    }
}

option_setters!(CreateFieldIndex {
    /// Sets whether to wait until the index is built.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// Deletes a payload index (`DELETE /collections/{collection_name}/index/{field_name}`);
/// answered by [`crate::UpdateResult`]. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeleteFieldIndex {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// The indexed payload key (path).
    #[serde(skip)]
    pub field_name: String,
    /// Whether to answer only once the index is gone; `None` is the client default, `true`
    /// (query).
    #[serde(skip)]
    pub wait: Option<bool>,
    /// Write ordering across replicas (query).
    #[serde(skip)]
    pub ordering: Option<WriteOrdering>,
    /// How long the server may wait, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
}

impl DeleteFieldIndex {
    /// A request to drop the index on `field_name` of `collection_name`.
    pub fn new(collection_name: impl Into<String>, field_name: impl Into<String>) -> Self {
        DeleteFieldIndex {
            collection_name: collection_name.into(),
            field_name: field_name.into(),
            ..DeleteFieldIndex::default()
        }
    }
}

option_setters!(DeleteFieldIndex {
    /// Sets whether to wait until the index is gone.
    wait: bool,
    /// Sets the write ordering.
    ordering: WriteOrdering,
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

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
