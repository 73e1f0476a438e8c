//! Collection updates (the diffs of each setting) and named vectors.

use super::*;

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
    /// Metadata merged into the collection's, key by key; a key set to `null` is removed
    /// (documented since Qdrant 1.19; 1.18 documented an empty object as removing it all).
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
    /// Merges this into the collection's metadata; a key set to `null` is removed.
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

option_setters!(CollectionParamsDiff {
    /// Sets the number of copies of each shard.
    replication_factor: u32,
    /// Sets how many replicas must confirm a write.
    write_consistency_factor: u32,
    /// Sets how many extra replicas a read asks, to cut tail latency.
    read_fan_out_factor: u32,
    /// Sets how long a read waits before asking extra replicas, in milliseconds.
    read_fan_out_delay_ms: u64,
    /// Keeps payloads on disk.
    #[deprecated(note = "since Qdrant 1.19: use `payload` instead")]
    on_disk_payload: bool,
    /// Sets how the payload storage is held in RAM (Qdrant 1.19+).
    payload: PayloadStorageParams,
    /// Sets how the point id mapping is held in RAM (Qdrant 1.20+).
    id_tracker: IdTrackerParams,
});

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

option_setters!(SparseVectorConfig {
    /// Sets the modifier applied to values at query time, such as [`Modifier::Idf`].
    modifier: Modifier,
    /// Sets the number type of the index's values.
    datatype: Datatype,
});

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
