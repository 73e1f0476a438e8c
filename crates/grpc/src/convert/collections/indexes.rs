//! Payload indexes: their schemas and parameters, and the requests that create and delete them.

use super::*;

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

#[cfg(any(test, feature = "server-conversions"))]
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

#[cfg(any(test, feature = "server-conversions"))]
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
