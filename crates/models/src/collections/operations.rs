//! Collection operations: create, get, delete and exists, and what the server reports about
//! a collection (its info, configuration and parameters).

use super::*;

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
        sparse_vectors: impl IntoIterator<Item = (impl Into<String>, impl Into<SparseVectorParams>)>,
    ) -> Self {
        self.sparse_vectors = Some(
            sparse_vectors
                .into_iter()
                .map(|(name, params)| (name.into(), params.into()))
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

impl PayloadStorageParams {
    /// Payloads held in RAM as `memory` says (`cold` or `cached`).
    pub fn new(memory: Memory) -> Self {
        PayloadStorageParams {
            memory: Some(memory),
        }
    }
}

/// How the point id mapping of a collection's indexed segments is held in RAM (Qdrant 1.20+).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IdTrackerParams {
    /// `cold`, `cached` or `pinned` (the server's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
}

impl IdTrackerParams {
    /// The id mapping held in RAM as `memory` says.
    pub fn new(memory: Memory) -> Self {
        IdTrackerParams {
            memory: Some(memory),
        }
    }
}
