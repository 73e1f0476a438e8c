//! Search parameters (HNSW, exactness, quantization, IDF, ACORN) and the lookup of vectors
//! from another collection.

use super::*;

/// Settings of the vector search.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchParams {
    /// Candidates kept while searching the HNSW graph; more is slower and more accurate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hnsw_ef: Option<u64>,
    /// Whether to search exhaustively, without the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
    /// How quantized vectors are used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantization: Option<QuantizationSearchParams>,
    /// Whether to search only indexed segments (skipping large unindexed ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_only: Option<bool>,
    /// ACORN search, for selective filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acorn: Option<AcornSearchParams>,
    /// The points IDF statistics are computed over, for sparse vectors with the IDF modifier
    /// and BM25 over a text index (Qdrant 1.19); the whole collection when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idf: Option<IdfParams>,
}

option_setters!(SearchParams {
    /// Sets how many candidates are kept while searching the HNSW graph.
    hnsw_ef: u64,
    /// Searches exhaustively (`true`), without the index.
    exact: bool,
    /// Sets how quantized vectors are used.
    quantization: QuantizationSearchParams,
    /// Searches only indexed segments (`true`).
    indexed_only: bool,
    /// Sets ACORN search, for selective filters.
    acorn: AcornSearchParams,
    /// Sets the points IDF statistics are computed over: [`IdfScope::Global`], or a
    /// [`Filter`] that picks the corpus (Qdrant 1.19).
    idf: into IdfParams,
});

/// The points whose statistics give the inverse document frequency (IDF) of a term
/// (Qdrant 1.19).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IdfParams {
    /// A named scope: `"global"`, the whole collection.
    Scope(IdfScope),
    /// The points that match a filter, usually broader than the search's own filter.
    Corpus(IdfCorpusParams),
}

impl From<Filter> for IdfParams {
    /// IDF over the points that match `corpus`.
    fn from(corpus: Filter) -> Self {
        IdfParams::Corpus(IdfCorpusParams { corpus })
    }
}

/// A named IDF scope, without a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdfScope {
    /// The whole collection, as when no scope is given.
    Global,
}

impl From<IdfScope> for IdfParams {
    /// IDF over a named scope.
    fn from(scope: IdfScope) -> Self {
        IdfParams::Scope(scope)
    }
}

/// IDF over the points that match `corpus`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdfCorpusParams {
    /// The filter that picks the corpus.
    pub corpus: Filter,
}

/// How quantized vectors are used in a search.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct QuantizationSearchParams {
    /// Whether to ignore quantized vectors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<bool>,
    /// Whether to re-score candidates with the original vectors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescore: Option<bool>,
    /// How many times `limit` candidates to fetch before re-scoring (at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oversampling: Option<f64>,
}

option_setters!(QuantizationSearchParams {
    /// Ignores quantized vectors (`true`).
    ignore: bool,
    /// Re-scores candidates with the original vectors (`true`).
    rescore: bool,
    /// Fetches this many times `limit` candidates before re-scoring (at least 1).
    oversampling: into f64,
});

/// Settings of ACORN search, which explores further under selective filters.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct AcornSearchParams {
    /// Whether ACORN is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// ACORN is used only when the filter keeps at most this share of points (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_selectivity: Option<f64>,
}

impl AcornSearchParams {
    /// ACORN switched on, with the server's selectivity threshold.
    pub fn enabled() -> Self {
        AcornSearchParams::default().enable(true)
    }
}

option_setters!(AcornSearchParams {
    /// Switches ACORN on (`true`) or off.
    enable: bool,
    /// Uses ACORN only when the filter keeps at most this share of points (0 to 1).
    max_selectivity: into f64,
});

/// Another collection from which query vectors given by point id are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LookupLocation {
    /// The collection.
    pub collection: String,
    /// The vector name there; the unnamed vector when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<String>,
    /// The shards to read there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKeySelector>,
}

impl LookupLocation {
    /// Look up vectors in `collection`.
    pub fn new(collection: impl Into<String>) -> Self {
        LookupLocation {
            collection: collection.into(),
            vector: None,
            shard_key: None,
        }
    }
}

option_setters!(LookupLocation {
    /// Reads the vector with this name.
    vector: into String,
    /// Reads these shards.
    shard_key: into ShardKeySelector,
});
