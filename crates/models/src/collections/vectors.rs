//! Vector configuration: the dense, sparse and multivector parameters of a collection.

use super::*;

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
impl<K: Into<String>, V: Into<VectorParams>> FromIterator<(K, V)> for VectorsConfig {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        VectorsConfig::Multi(
            iter.into_iter()
                .map(|(name, params)| (name.into(), params.into()))
                .collect(),
        )
    }
}

/// Named vectors from an array of `(name, params)` pairs:
/// `VectorsConfig::from([("dense", VectorParams::new(4, Distance::Cosine))])`.
impl<K: Into<String>, V: Into<VectorParams>, const N: usize> From<[(K, V); N]> for VectorsConfig {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
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

impl SparseVectorParams {
    /// A sparse vector with the server's defaults; set the modifier with
    /// [`SparseVectorParams::modifier`], or use [`SparseVectorParams::idf`].
    pub fn new() -> Self {
        SparseVectorParams::default()
    }

    /// A sparse vector whose values are weighted by inverse document frequency (for BM25-like
    /// text search).
    pub fn idf() -> Self {
        SparseVectorParams::new().modifier(Modifier::Idf)
    }
}

option_setters!(SparseVectorParams {
    /// Sets the settings of the sparse index.
    index: SparseIndexParams,
    /// Sets the modifier applied to values at query time, such as [`Modifier::Idf`].
    modifier: Modifier,
});

option_setters!(SparseIndexParams {
    /// Scans without the index below this many candidate points.
    full_scan_threshold: u64,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the sparse index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Sets the number type of the index's values.
    datatype: Datatype,
});

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

impl MultiVectorConfig {
    /// Multivectors compared by [`MultiVectorComparator::MaxSim`] (late interaction, as in
    /// ColBERT).
    pub fn max_sim() -> Self {
        MultiVectorConfig {
            comparator: MultiVectorComparator::MaxSim,
        }
    }
}

open_enum! {
    /// How two multivectors are compared.
    pub enum MultiVectorComparator {
        /// The sum, over the query's vectors, of the best score against the point's vectors.
        MaxSim = "max_sim",
    }
}
