//! Vectors as points carry them and as queries use them: dense, sparse and multi-dense
//! vectors, named vectors, and the objects that server-side inference turns into vectors.
//!
//! The untagged unions list dense before multi-dense before sparse, and a sparse vector only
//! decodes from a JSON object, so a two-row multivector is never read as a sparse vector.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::collections::{StemmingAlgorithm, StopwordsInterface, TokenizerType};
use crate::point_id::PointId;

/// A sparse vector: the non-zero `values` at the dimensions named by `indices`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SparseVector {
    /// The dimensions that have a value; each appears once.
    pub indices: Vec<u32>,
    /// The value at each of `indices`, in the same order.
    pub values: Vec<f32>,
}

impl SparseVector {
    /// A sparse vector with these dimensions and values (the two lists pair up by position).
    pub fn new(indices: Vec<u32>, values: Vec<f32>) -> Self {
        SparseVector { indices, values }
    }
}

/// A sparse vector from `(index, value)` pairs, as a sparse encoder gives them.
impl FromIterator<(u32, f32)> for SparseVector {
    fn from_iter<I: IntoIterator<Item = (u32, f32)>>(pairs: I) -> Self {
        let (indices, values) = pairs.into_iter().unzip();
        SparseVector { indices, values }
    }
}

/// A sparse vector from `(index, value)` pairs: `SparseVector::from([(1, 0.5), (7, 0.2)])`.
impl<const N: usize> From<[(u32, f32); N]> for SparseVector {
    fn from(pairs: [(u32, f32); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// A sparse vector from a list of `(index, value)` pairs.
impl From<Vec<(u32, f32)>> for SparseVector {
    fn from(pairs: Vec<(u32, f32)>) -> Self {
        pairs.into_iter().collect()
    }
}

/// A sparse point vector from `(index, value)` pairs, for named vectors:
/// `("sparse", [(1, 0.5), (7, 0.2)])`.
impl<const N: usize> From<[(u32, f32); N]> for Vector {
    fn from(pairs: [(u32, f32); N]) -> Self {
        Vector::Sparse(pairs.into())
    }
}

/// A sparse point vector from a list of `(index, value)` pairs, for named vectors.
impl From<Vec<(u32, f32)>> for Vector {
    fn from(pairs: Vec<(u32, f32)>) -> Self {
        Vector::Sparse(pairs.into())
    }
}

impl<'de> Deserialize<'de> for SparseVector {
    // Written by hand so that only a JSON object decodes: a derived struct also accepts a
    // two-element array, which would swallow a two-row multivector in the untagged unions.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SparseVisitor;

        impl<'de> Visitor<'de> for SparseVisitor {
            type Value = SparseVector;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sparse vector object with `indices` and `values`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SparseVector, A::Error> {
                let mut indices = None;
                let mut values = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "indices" if indices.is_some() => {
                            return Err(de::Error::duplicate_field("indices"));
                        }
                        "values" if values.is_some() => {
                            return Err(de::Error::duplicate_field("values"));
                        }
                        "indices" => indices = Some(map.next_value()?),
                        "values" => values = Some(map.next_value()?),
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(SparseVector {
                    indices: indices.ok_or_else(|| de::Error::missing_field("indices"))?,
                    values: values.ok_or_else(|| de::Error::missing_field("values"))?,
                })
            }
        }

        deserializer.deserialize_map(SparseVisitor)
    }
}

/// Text for the server to embed with `model` (server-side inference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The text to embed.
    pub text: String,
    /// The name of the embedding model; the available models depend on the provider.
    pub model: String,
    /// Model-specific parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<DocumentOptions>,
}

impl Document {
    /// A document with this text, to embed with this model.
    pub fn new(text: impl Into<String>, model: impl Into<String>) -> Self {
        Document {
            text: text.into(),
            model: model.into(),
            options: None,
        }
    }
}

option_setters!(Document {
    /// Sets the model's parameters: a [`Bm25Config`], or any model-specific object.
    options: into DocumentOptions,
});

/// The parameters of a [`Document`]'s model: BM25 settings, or any model-specific object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DocumentOptions {
    /// Settings of Qdrant's built-in BM25 model.
    Bm25(Bm25Config),
    /// Any other model's parameters.
    Other(Map<String, Value>),
}

/// Settings of Qdrant's built-in BM25 sparse model (the `qdrant/bm25` document model).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bm25Config {
    /// Term-frequency saturation (`k1`); Qdrant's default is 1.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<f64>,
    /// Length normalisation; Qdrant's default is 0.75.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<f64>,
    /// Expected average document length in tokens; Qdrant's default is 256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_len: Option<f64>,
    /// How the text is split into tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokenizer: Option<TokenizerType>,
    /// Language for stemming and stopwords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Whether tokens are lowercased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowercase: Option<bool>,
    /// Whether accents are folded to ASCII.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ascii_folding: Option<bool>,
    /// Stopwords to drop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopwords: Option<StopwordsInterface>,
    /// The stemmer to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stemmer: Option<StemmingAlgorithm>,
    /// Shorter tokens are dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_token_len: Option<u64>,
    /// Longer tokens are dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_token_len: Option<u64>,
}

impl From<Bm25Config> for DocumentOptions {
    fn from(config: Bm25Config) -> Self {
        DocumentOptions::Bm25(config)
    }
}

impl From<Map<String, Value>> for DocumentOptions {
    fn from(options: Map<String, Value>) -> Self {
        DocumentOptions::Other(options)
    }
}

option_setters!(Bm25Config {
    /// Sets the term-frequency saturation (`k1`).
    k: into f64,
    /// Sets the length normalisation.
    b: into f64,
    /// Sets the expected average document length in tokens.
    avg_len: into f64,
    /// Sets how the text is split into tokens.
    tokenizer: TokenizerType,
    /// Sets the language for stemming and stopwords.
    language: into String,
    /// Sets whether tokens are lowercased.
    lowercase: bool,
    /// Sets whether accents are folded to ASCII.
    ascii_folding: bool,
    /// Sets the stopwords to drop: a [`crate::Language`], or a [`crate::StopwordsSet`].
    stopwords: into StopwordsInterface,
    /// Sets the stemmer: a [`crate::SnowballLanguage`], or [`StemmingAlgorithm::Disabled`].
    stemmer: into StemmingAlgorithm,
    /// Drops tokens shorter than this.
    min_token_len: u64,
    /// Drops tokens longer than this.
    max_token_len: u64,
});

/// An image for the server to embed with `model` (server-side inference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// The image: base64-encoded data or a URL.
    pub image: Value,
    /// The name of the embedding model.
    pub model: String,
    /// Model-specific parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Map<String, Value>>,
}

/// Any object for the server to embed with `model` (server-side inference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InferenceObject {
    /// The object to embed; its form depends on the model.
    pub object: Value,
    /// The name of the embedding model.
    pub model: String,
    /// Model-specific parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Map<String, Value>>,
}

option_setters!(Image {
    /// Sets the model's parameters.
    options: Map<String, Value>,
});

option_setters!(InferenceObject {
    /// Sets the model's parameters.
    options: Map<String, Value>,
});

/// One vector of a point, as written: any kind of vector, or an object to embed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Vector {
    /// A dense vector.
    Dense(Vec<f32>),
    /// A multivector: several dense vectors of the same size.
    MultiDense(Vec<Vec<f32>>),
    /// A sparse vector.
    Sparse(SparseVector),
    /// Text to embed.
    Document(Document),
    /// An image to embed.
    Image(Image),
    /// Another object to embed.
    InferenceObject(InferenceObject),
}

/// The vectors of a point, as written: one unnamed vector, or named vectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum VectorStruct {
    /// One unnamed dense vector.
    Single(Vec<f32>),
    /// One unnamed multivector.
    MultiDense(Vec<Vec<f32>>),
    /// Vectors by name.
    Named(HashMap<String, Vector>),
    /// Text to embed as the unnamed vector.
    Document(Document),
    /// An image to embed as the unnamed vector.
    Image(Image),
    /// Another object to embed as the unnamed vector.
    InferenceObject(InferenceObject),
}

/// One vector of a point, as the server returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum VectorOutput {
    /// A dense vector.
    Dense(Vec<f32>),
    /// A multivector.
    MultiDense(Vec<Vec<f32>>),
    /// A sparse vector.
    Sparse(SparseVector),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    Unknown(serde_json::Value),
}

/// The vectors of a point, as the server returns them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum VectorStructOutput {
    /// The unnamed dense vector.
    Single(Vec<f32>),
    /// The unnamed multivector.
    MultiDense(Vec<Vec<f32>>),
    /// Vectors by name.
    Named(HashMap<String, VectorOutput>),
    /// A kind this client does not know, kept as the server wrote it (the whole JSON value)
    /// and sent back unchanged.
    Unknown(serde_json::Value),
}

/// A vector used in a query: a vector, the id of a point whose vector to use, or an object
/// to embed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum VectorInput {
    /// A dense vector.
    Dense(Vec<f32>),
    /// A multivector.
    MultiDense(Vec<Vec<f32>>),
    /// A sparse vector.
    Sparse(SparseVector),
    /// The vector of this stored point.
    Id(PointId),
    /// Text to embed.
    Document(Document),
    /// An image to embed.
    Image(Image),
    /// Another object to embed.
    InferenceObject(InferenceObject),
}

/// The vectors of many points, in the column form of a [`crate::Batch`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum BatchVectorStruct {
    /// One unnamed dense vector per point.
    Single(Vec<Vec<f32>>),
    /// One unnamed multivector per point.
    MultiDense(Vec<Vec<Vec<f32>>>),
    /// For each vector name, one vector per point.
    Named(HashMap<String, Vec<Vector>>),
    /// One text per point, to embed.
    Document(Vec<Document>),
    /// One image per point, to embed.
    Image(Vec<Image>),
    /// One object per point, to embed.
    InferenceObject(Vec<InferenceObject>),
}

/// Writes `From` impls that wrap a value in an enum variant.
macro_rules! from_variant {
    ($($from:ty => $to:ident :: $variant:ident),* $(,)?) => {
        $(
            impl From<$from> for $to {
                fn from(value: $from) -> Self {
                    $to::$variant(value)
                }
            }
        )*
    };
}

from_variant! {
    Vec<f32> => Vector::Dense,
    Vec<Vec<f32>> => Vector::MultiDense,
    SparseVector => Vector::Sparse,
    Document => Vector::Document,
    Image => Vector::Image,
    InferenceObject => Vector::InferenceObject,

    Vec<f32> => VectorStruct::Single,
    Vec<Vec<f32>> => VectorStruct::MultiDense,
    HashMap<String, Vector> => VectorStruct::Named,
    Document => VectorStruct::Document,
    Image => VectorStruct::Image,
    InferenceObject => VectorStruct::InferenceObject,

    Vec<f32> => VectorOutput::Dense,
    Vec<Vec<f32>> => VectorOutput::MultiDense,
    SparseVector => VectorOutput::Sparse,

    Vec<f32> => VectorStructOutput::Single,
    Vec<Vec<f32>> => VectorStructOutput::MultiDense,
    HashMap<String, VectorOutput> => VectorStructOutput::Named,

    Vec<f32> => VectorInput::Dense,
    Vec<Vec<f32>> => VectorInput::MultiDense,
    SparseVector => VectorInput::Sparse,
    PointId => VectorInput::Id,
    Document => VectorInput::Document,
    Image => VectorInput::Image,
    InferenceObject => VectorInput::InferenceObject,

    Vec<Vec<f32>> => BatchVectorStruct::Single,
    Vec<Vec<Vec<f32>>> => BatchVectorStruct::MultiDense,
    HashMap<String, Vec<Vector>> => BatchVectorStruct::Named,
    Vec<Document> => BatchVectorStruct::Document,
    Vec<Image> => BatchVectorStruct::Image,
    Vec<InferenceObject> => BatchVectorStruct::InferenceObject,
}

impl From<&[f32]> for Vector {
    fn from(vector: &[f32]) -> Self {
        Vector::Dense(vector.to_vec())
    }
}

impl From<&[f32]> for VectorStruct {
    fn from(vector: &[f32]) -> Self {
        VectorStruct::Single(vector.to_vec())
    }
}

impl From<&[f32]> for VectorInput {
    fn from(vector: &[f32]) -> Self {
        VectorInput::Dense(vector.to_vec())
    }
}

impl From<u64> for VectorInput {
    fn from(id: u64) -> Self {
        VectorInput::Id(PointId::Num(id))
    }
}

impl From<uuid::Uuid> for VectorInput {
    fn from(id: uuid::Uuid) -> Self {
        VectorInput::Id(PointId::Uuid(id))
    }
}

/// Named vectors from `(name, vector)` pairs:
/// `[("image", vec![0.1, 0.2]), ("text", vec![0.3])].into_iter().collect::<VectorStruct>()`.
impl<K: Into<String>, V: Into<Vector>> FromIterator<(K, V)> for VectorStruct {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        VectorStruct::Named(
            iter.into_iter()
                .map(|(name, vector)| (name.into(), vector.into()))
                .collect(),
        )
    }
}

/// Named vectors of one kind from an array of `(name, vector)` pairs:
/// `VectorStruct::from([("image", vec![0.1, 0.2]), ("text", vec![0.3])])`. For vectors of
/// different kinds (dense and sparse), use a tuple of pairs.
impl<K: Into<String>, V: Into<Vector>, const N: usize> From<[(K, V); N]> for VectorStruct {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// Writes `From` for tuples of `(name, vector)` pairs whose vectors may each be of a different
/// kind, as in `(("dense", vec![0.1, 0.2]), ("sparse", SparseVector::new([3], [0.5])))`.
macro_rules! named_vector_tuples {
    ($(($($k:ident $v:ident $pair:ident),+)),* $(,)?) => {
        $(
            /// Named vectors, each of any kind, from a tuple of `(name, vector)` pairs.
            impl<$($k: Into<String>, $v: Into<Vector>),+> From<($(($k, $v),)+)> for VectorStruct {
                fn from(($($pair,)+): ($(($k, $v),)+)) -> Self {
                    VectorStruct::Named(HashMap::from([
                        $(($pair.0.into(), $pair.1.into()),)+
                    ]))
                }
            }
        )*
    };
}

named_vector_tuples! {
    (K1 V1 a, K2 V2 b),
    (K1 V1 a, K2 V2 b, K3 V3 c),
    (K1 V1 a, K2 V2 b, K3 V3 c, K4 V4 d),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dense_multi_and_named_decode_apart() {
        let dense: VectorStruct = serde_json::from_value(json!([0.1, 0.2])).unwrap();
        assert_eq!(dense, VectorStruct::Single(vec![0.1, 0.2]));

        let multi: VectorStruct = serde_json::from_value(json!([[1, 2], [0.5, 0.25]])).unwrap();
        assert_eq!(
            multi,
            VectorStruct::MultiDense(vec![vec![1.0, 2.0], vec![0.5, 0.25]])
        );

        let named: VectorStruct = serde_json::from_value(json!({
            "image": [0.1],
            "colbert": [[1, 0], [0, 1]],
            "keywords": {"indices": [1, 7], "values": [0.5, 0.25]},
        }))
        .unwrap();
        let VectorStruct::Named(named) = named else {
            panic!("expected named vectors, got {named:?}");
        };
        assert_eq!(named["image"], Vector::Dense(vec![0.1]));
        assert_eq!(
            named["colbert"],
            Vector::MultiDense(vec![vec![1.0, 0.0], vec![0.0, 1.0]])
        );
        assert_eq!(
            named["keywords"],
            Vector::Sparse(SparseVector::new(vec![1, 7], vec![0.5, 0.25]))
        );
    }

    #[test]
    fn two_row_multivector_is_not_sparse() {
        let vector: Vector = serde_json::from_value(json!([[1, 2], [3, 4]])).unwrap();
        assert!(matches!(vector, Vector::MultiDense(_)), "{vector:?}");
        assert!(serde_json::from_value::<SparseVector>(json!([[1, 2], [0.5, 0.5]])).is_err());
    }

    #[test]
    fn document_is_not_named_vectors() {
        let doc: VectorStruct =
            serde_json::from_value(json!({"text": "hello", "model": "qdrant/bm25"})).unwrap();
        assert_eq!(
            doc,
            VectorStruct::Document(Document::new("hello", "qdrant/bm25"))
        );

        let with_options: Vector = serde_json::from_value(json!({
            "text": "hello", "model": "qdrant/bm25", "options": {"k": 1.5, "language": "english"}
        }))
        .unwrap();
        let Vector::Document(doc) = with_options else {
            panic!("expected a document");
        };
        assert!(matches!(doc.options, Some(DocumentOptions::Bm25(_))));

        let custom: Document = serde_json::from_value(json!({
            "text": "hello", "model": "m", "options": {"dimensions": 64}
        }))
        .unwrap();
        assert!(matches!(custom.options, Some(DocumentOptions::Other(_))));
    }

    #[test]
    fn vector_input_forms() {
        let id: VectorInput = serde_json::from_value(json!(42)).unwrap();
        assert_eq!(id, VectorInput::Id(PointId::Num(42)));
        let uuid: VectorInput =
            serde_json::from_value(json!("00000000-0000-0008-0000-000000000065")).unwrap();
        assert!(matches!(uuid, VectorInput::Id(PointId::Uuid(_))));
        let sparse: VectorInput =
            serde_json::from_value(json!({"indices": [0], "values": [1.0]})).unwrap();
        assert!(matches!(sparse, VectorInput::Sparse(_)));
    }

    #[test]
    fn named_from_pairs() {
        let vectors: VectorStruct = [("a", vec![1.0_f32]), ("b", vec![2.0])]
            .into_iter()
            .collect();
        assert_eq!(
            crate::to_json(&vectors).unwrap(),
            json!({"a": [1.0], "b": [2.0]})
        );
    }

    #[test]
    fn batch_vectors_decode_apart() {
        let dense: BatchVectorStruct = serde_json::from_value(json!([[0.1], [0.2]])).unwrap();
        assert!(matches!(dense, BatchVectorStruct::Single(_)));
        let multi: BatchVectorStruct = serde_json::from_value(json!([[[0.1]], [[0.2]]])).unwrap();
        assert!(matches!(multi, BatchVectorStruct::MultiDense(_)));
        let docs: BatchVectorStruct =
            serde_json::from_value(json!([{"text": "a", "model": "m"}])).unwrap();
        assert!(matches!(docs, BatchVectorStruct::Document(_)));
    }
}
