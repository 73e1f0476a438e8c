//! Index, WAL, optimizer, quantization and strict-mode settings of a collection.

use super::*;

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

option_setters!(HnswConfigDiff {
    /// Sets the edges per node.
    m: u64,
    /// Sets the neighbours considered while building the index.
    ef_construct: u64,
    /// Searches segments below this size in KiB without the index.
    full_scan_threshold: u64,
    /// Sets the threads that build the index; 0 picks automatically.
    max_indexing_threads: u64,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the HNSW graph is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Sets the edges per node in the extra payload-aware index.
    payload_m: u64,
    /// Stores vectors inside the index graph (`true`).
    inline_storage: bool,
});

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

option_setters!(WalConfigDiff {
    /// Sets the size of one WAL segment in MiB.
    wal_capacity_mb: u64,
    /// Sets the WAL segments created ahead of need.
    wal_segments_ahead: u64,
    /// Sets the closed WAL segments kept.
    wal_retain_closed: u64,
});

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

option_setters!(OptimizersConfigDiff {
    /// Vacuums a segment above this share of deleted points.
    deleted_threshold: into f64,
    /// Vacuums only segments with at least this many vectors.
    vacuum_min_vector_number: u64,
    /// Sets the number of segments the optimizer aims for; 0 picks from the CPU count.
    default_segment_number: u64,
    /// Sets the largest segment size in KiB.
    max_segment_size: u64,
    /// Sets the size in KiB above which segments were memory-mapped (deprecated by Qdrant).
    memmap_threshold: u64,
    /// Gives segments above this size in KiB a vector index.
    indexing_threshold: u64,
    /// Sets the seconds between flushes.
    flush_interval_sec: u64,
    /// Sets the threads per optimization job: a number, or
    /// [`MaxOptimizationThreadsSetting::Auto`].
    max_optimization_threads: into MaxOptimizationThreads,
    /// Makes updates wait for the optimizer so that no point stays unindexed (`true`).
    prevent_unoptimized: bool,
});

/// Threads per optimization job: a number, or the automatic setting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MaxOptimizationThreads {
    /// A named setting.
    Setting(MaxOptimizationThreadsSetting),
    /// This many threads.
    Threads(u64),
}

impl From<u64> for MaxOptimizationThreads {
    /// This many threads.
    fn from(threads: u64) -> Self {
        MaxOptimizationThreads::Threads(threads)
    }
}

impl From<MaxOptimizationThreadsSetting> for MaxOptimizationThreads {
    fn from(setting: MaxOptimizationThreadsSetting) -> Self {
        MaxOptimizationThreads::Setting(setting)
    }
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

impl ScalarQuantizationConfig {
    /// Scalar quantization to codes of `type` ([`ScalarType::Int8`]).
    #[allow(
        deprecated,
        reason = "the deprecated `always_ram` is still a field to fill"
    )]
    pub fn new(r#type: ScalarType) -> Self {
        ScalarQuantizationConfig {
            r#type,
            quantile: None,
            always_ram: None,
            memory: None,
        }
    }

    /// Scalar quantization to signed bytes, the only code type Qdrant has.
    pub fn int8() -> Self {
        ScalarQuantizationConfig::new(ScalarType::Int8)
    }
}

option_setters!(ScalarQuantizationConfig {
    /// Sets the quantile of values kept in range (0.5 to 1); outliers are clipped.
    quantile: f32,
    /// Keeps the quantized vectors in RAM.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    always_ram: bool,
    /// Sets where the quantized vectors are held in RAM (Qdrant 1.19+).
    memory: Memory,
});

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

impl ProductQuantizationConfig {
    /// Product quantization that makes vectors `compression` times smaller.
    #[allow(
        deprecated,
        reason = "the deprecated `always_ram` is still a field to fill"
    )]
    pub fn new(compression: CompressionRatio) -> Self {
        ProductQuantizationConfig {
            compression,
            always_ram: None,
            memory: None,
        }
    }
}

option_setters!(ProductQuantizationConfig {
    /// Keeps the quantized vectors in RAM.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    always_ram: bool,
    /// Sets where the quantized vectors are held in RAM (Qdrant 1.19+).
    memory: Memory,
});

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

impl BinaryQuantizationConfig {
    /// Binary quantization with the server's defaults (one bit per dimension).
    pub fn new() -> Self {
        BinaryQuantizationConfig::default()
    }
}

option_setters!(BinaryQuantizationConfig {
    /// Keeps the quantized vectors in RAM.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    always_ram: bool,
    /// Sets where the quantized vectors are held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Sets how many bits each stored dimension takes.
    encoding: BinaryQuantizationEncoding,
    /// Sets how the query vector is encoded against binary codes.
    query_encoding: BinaryQuantizationQueryEncoding,
});

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

impl TurboQuantQuantizationConfig {
    /// TurboQuant quantization with the server's defaults.
    pub fn new() -> Self {
        TurboQuantQuantizationConfig::default()
    }
}

option_setters!(TurboQuantQuantizationConfig {
    /// Keeps the quantized vectors in RAM.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    always_ram: bool,
    /// Sets where the quantized vectors are held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Sets the bits per dimension.
    bits: TurboQuantBitSize,
});

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
    ///
    /// Qdrant 1.19 deprecated it: memory is a node-wide resource, limited for every collection
    /// by [`QuotaConfig::max_resident_memory_percent`](crate::QuotaConfig::max_resident_memory_percent);
    /// here it can only tighten that limit for one collection.
    #[deprecated(
        note = "since Qdrant 1.19: memory is node-wide, limited by the quota configuration \
                (`QuotaConfig::max_resident_memory_percent`, sent with `update_quotas`)"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_resident_memory_percent: Option<u8>,
    /// Writes are refused above this share of disk in use (percent).
    ///
    /// Qdrant 1.18 only: 1.19 removed it from strict mode and moved the limit to the node-wide
    /// [`QuotaConfig::max_disk_usage_percent`](crate::QuotaConfig::max_disk_usage_percent).
    /// It is still read, as a 1.18 server reports it, and sent over REST when set; Qdrant's
    /// gRPC API never had it.
    #[deprecated(
        note = "removed from strict mode in Qdrant 1.19: the disk limit is node-wide, in the \
                quota configuration (`QuotaConfig::max_disk_usage_percent`, sent with \
                `update_quotas`)"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_disk_usage_percent: Option<u8>,
}

impl StrictModeConfig {
    /// Strict mode switched on, with the server's limits; set limits with the setters.
    pub fn new() -> Self {
        StrictModeConfig::default().enabled(true)
    }
}

option_setters!(StrictModeConfig {
    /// Switches strict mode on (`true`) or off.
    enabled: bool,
    /// Sets the largest `limit` a query may ask for.
    max_query_limit: u64,
    /// Sets the largest `timeout` in seconds a request may ask for.
    max_timeout: u64,
    /// Sets whether reads may filter on fields that have no index.
    unindexed_filtering_retrieve: bool,
    /// Sets whether updates may filter on fields that have no index.
    unindexed_filtering_update: bool,
    /// Sets the largest `hnsw_ef` a search may ask for.
    search_max_hnsw_ef: u64,
    /// Sets whether exact (brute-force) search is allowed.
    search_allow_exact: bool,
    /// Sets the largest quantization oversampling a search may ask for.
    search_max_oversampling: into f64,
    /// Sets the most points one upsert may carry.
    upsert_max_batchsize: u64,
    /// Sets the most searches one batch may carry.
    search_max_batchsize: u64,
    /// Sets the largest total size of the collection's vectors, in bytes.
    max_collection_vector_size_bytes: u64,
    /// Sets the reads allowed per minute.
    read_rate_limit: u64,
    /// Sets the writes allowed per minute.
    write_rate_limit: u64,
    /// Sets the largest total size of the collection's payloads, in bytes.
    max_collection_payload_size_bytes: u64,
    /// Sets the most points the collection may hold.
    max_points_count: u64,
    /// Sets the most conditions one filter may have.
    filter_max_conditions: u64,
    /// Sets the most values one condition may list.
    condition_max_size: u64,
    /// Sets the limits per multivector, by vector name.
    multivector_config: StrictModeMultivectorConfig,
    /// Sets the limits per sparse vector, by vector name.
    sparse_config: StrictModeSparseConfig,
    /// Sets the most payload indexes the collection may have.
    max_payload_index_count: u64,
    /// Refuses writes above this share of RAM in use (percent).
    #[deprecated(
        note = "since Qdrant 1.19: memory is node-wide, limited by the quota configuration \
                (`QuotaConfig::max_resident_memory_percent`, sent with `update_quotas`)"
    )]
    max_resident_memory_percent: u8,
    /// Refuses writes above this share of disk in use (percent); Qdrant 1.18 only.
    #[deprecated(
        note = "removed from strict mode in Qdrant 1.19: the disk limit is node-wide, in the \
                quota configuration (`QuotaConfig::max_disk_usage_percent`, sent with \
                `update_quotas`)"
    )]
    max_disk_usage_percent: u8,
});

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

option_setters!(StrictModeMultivector {
    /// Sets the most vectors one point's multivector may hold.
    max_vectors: u64,
});

option_setters!(StrictModeSparse {
    /// Sets the most non-zero values one sparse vector may hold.
    max_length: u64,
});
