//! Payload indexes: their parameters, and the requests that create and delete them.

use super::*;

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

option_setters!(KeywordIndexParams {
    /// Marks the field as a tenant id, so storage is grouped by it.
    is_tenant: bool,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
    /// Indexes prefix matches (Qdrant 1.19+).
    prefix: bool,
});

option_setters!(IntegerIndexParams {
    /// Sets whether exact-match lookups are indexed.
    lookup: bool,
    /// Sets whether range queries are indexed.
    range: bool,
    /// Marks the field as the main filter, so storage is ordered by it.
    is_principal: bool,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
});

option_setters!(FloatIndexParams {
    /// Marks the field as the main filter, so storage is ordered by it.
    is_principal: bool,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
});

option_setters!(GeoIndexParams {
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
});

option_setters!(TextIndexParams {
    /// Sets how text is split into tokens.
    tokenizer: TokenizerType,
    /// Leaves out tokens shorter than this.
    min_token_len: u64,
    /// Leaves out tokens longer than this.
    max_token_len: u64,
    /// Sets whether tokens are lowercased.
    lowercase: bool,
    /// Sets whether accents are folded to ASCII.
    ascii_folding: bool,
    /// Keeps token positions, for phrase matching (`true`).
    phrase_matching: bool,
    /// Sets the stopwords to leave out: a [`Language`], or a [`StopwordsSet`].
    stopwords: into StopwordsInterface,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Sets the stemmer: a [`SnowballLanguage`], or [`StemmingAlgorithm::Disabled`].
    stemmer: into StemmingAlgorithm,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
    /// Ranks points by BM25 over this field: `true` for the defaults (Qdrant 1.20+).
    scoring: into TextScoringInterface,
});

option_setters!(BoolIndexParams {
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
});

option_setters!(DatetimeIndexParams {
    /// Marks the field as the main filter, so storage is ordered by it.
    is_principal: bool,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
});

option_setters!(UuidIndexParams {
    /// Marks the field as a tenant id, so storage is grouped by it.
    is_tenant: bool,
    /// Sets whether the index is kept on disk.
    #[deprecated(note = "since Qdrant 1.19: use `memory` instead")]
    on_disk: bool,
    /// Sets where the index is held in RAM (Qdrant 1.19+).
    memory: Memory,
    /// Gives the HNSW graph extra links for this field (`true`).
    enable_hnsw: bool,
    /// Indexes every object of this array field as its own entry (Qdrant 1.20+).
    nested: into String,
});

impl StopwordsSet {
    /// The built-in lists of `languages`.
    pub fn new(languages: impl IntoIterator<Item = Language>) -> Self {
        StopwordsSet {
            languages: Some(languages.into_iter().collect()),
            custom: None,
        }
    }

    /// Adds custom stopwords.
    #[must_use]
    pub fn custom(mut self, words: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.custom = Some(words.into_iter().map(Into::into).collect());
        self
    }
}

impl From<Language> for StopwordsInterface {
    /// The built-in list of one language.
    fn from(language: Language) -> Self {
        StopwordsInterface::Language(language)
    }
}

impl From<StopwordsSet> for StopwordsInterface {
    fn from(set: StopwordsSet) -> Self {
        StopwordsInterface::Set(set)
    }
}

impl From<SnowballLanguage> for StemmingAlgorithm {
    /// The Snowball stemmer for `language`.
    fn from(language: SnowballLanguage) -> Self {
        StemmingAlgorithm::Snowball(SnowballParams { language })
    }
}

impl From<bool> for TextScoringInterface {
    /// `true` ranks with the defaults (BM25); `false` does not rank.
    fn from(enabled: bool) -> Self {
        TextScoringInterface::Enabled(enabled)
    }
}

impl From<TextScoringType> for TextScoringInterface {
    /// Ranks with this function.
    fn from(r#type: TextScoringType) -> Self {
        TextScoringInterface::Params(TextScoringParams { r#type })
    }
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
