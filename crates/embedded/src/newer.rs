//! Settings that Qdrant 1.19 and 1.20 added and the engine (qdrant-edge 0.7.2) does not have.
//!
//! Each is refused with [`ErrorKind::Unsupported`] naming it and the server version it needs,
//! before anything reaches the engine: a request is never applied without one of its settings.

use quadrant_models::{
    CreateCollection, Datatype, HnswConfigDiff, PayloadFieldSchema, PayloadSchemaParams,
    QuantizationConfig, QuantizationConfigDiff, SparseIndexParams, StemmingAlgorithm,
    TextScoringInterface, TokenizerType, TurboQuantBitSize, UpdateCollection, VectorNameConfig,
    VectorParams,
};
use quadrant_transport::{Error, ErrorKind, Operation, Result};

/// The engine this transport embeds.
const ENGINE: &str = "qdrant-edge 0.7.2";

/// The refusal of `feature`, which needs Qdrant `version`.
fn refuse(operation: Operation, feature: &str, version: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!(
            "`{}` with {feature}: it needs Qdrant {version}; the embedded engine ({ENGINE}) \
             does not have it",
            operation.name()
        ),
    )
}

/// A present `memory` setting at `path` is refused.
fn memory<T>(operation: Operation, value: Option<T>, path: &str) -> Result<()> {
    match value {
        Some(_) => Err(refuse(
            operation,
            &format!("`{path}` (memory placement)"),
            "1.19",
        )),
        None => Ok(()),
    }
}

fn datatype(operation: Operation, datatype: Option<&Datatype>, path: &str) -> Result<()> {
    let name = match datatype {
        Some(Datatype::Turbo8) => "turbo8",
        Some(Datatype::Turbo16) => "turbo16",
        // Qdrant 1.18 has turbo4, but qdrant-edge 0.7.2 panics creating its storage ("not
        // yet wired up"): refused here rather than let the engine panic.
        Some(Datatype::Turbo4) => {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "`{}` with `{path}: turbo4`: the embedded engine ({ENGINE}) cannot store turbo4 vectors",
                    operation.name()
                ),
            ));
        }
        _ => return Ok(()),
    };
    Err(refuse(
        operation,
        &format!("`{path}: {name}` (a TurboQuant datatype)"),
        "1.20",
    ))
}

fn hnsw(operation: Operation, hnsw: Option<&HnswConfigDiff>, path: &str) -> Result<()> {
    memory(
        operation,
        hnsw.and_then(|hnsw| hnsw.memory.as_ref()),
        &format!("{path}.memory"),
    )
}

fn sparse_index(operation: Operation, index: Option<&SparseIndexParams>, path: &str) -> Result<()> {
    let Some(index) = index else { return Ok(()) };
    memory(operation, index.memory.as_ref(), &format!("{path}.memory"))?;
    datatype(
        operation,
        index.datatype.as_ref(),
        &format!("{path}.datatype"),
    )
}

fn quantization(operation: Operation, config: &QuantizationConfig, path: &str) -> Result<()> {
    let placement = match config {
        QuantizationConfig::Scalar(scalar) => scalar.memory.as_ref(),
        QuantizationConfig::Product(product) => product.memory.as_ref(),
        QuantizationConfig::Binary(binary) => binary.memory.as_ref(),
        QuantizationConfig::Turbo(turbo) => {
            if turbo.bits == Some(TurboQuantBitSize::Bits8) {
                return Err(refuse(
                    operation,
                    &format!("`{path}.turbo.bits: bits8`"),
                    "1.20",
                ));
            }
            turbo.memory.as_ref()
        }
        _ => None,
    };
    memory(operation, placement, &format!("{path}.memory"))
}

fn quantization_diff(
    operation: Operation,
    config: &QuantizationConfigDiff,
    path: &str,
) -> Result<()> {
    let config = match config.clone() {
        QuantizationConfigDiff::Scalar(scalar) => QuantizationConfig::Scalar(scalar),
        QuantizationConfigDiff::Product(product) => QuantizationConfig::Product(product),
        QuantizationConfigDiff::Binary(binary) => QuantizationConfig::Binary(binary),
        QuantizationConfigDiff::Turbo(turbo) => QuantizationConfig::Turbo(turbo),
        _ => return Ok(()),
    };
    quantization(operation, &config, path)
}

fn vector(operation: Operation, params: &VectorParams, path: &str) -> Result<()> {
    memory(operation, params.memory.as_ref(), &format!("{path}.memory"))?;
    datatype(
        operation,
        params.datatype.as_ref(),
        &format!("{path}.datatype"),
    )?;
    hnsw(
        operation,
        params.hnsw_config.as_ref(),
        &format!("{path}.hnsw_config"),
    )?;
    match &params.quantization_config {
        Some(config) => quantization(operation, config, &format!("{path}.quantization_config")),
        None => Ok(()),
    }
}

/// The path of a vector in a request: `vectors` for the unnamed one, else `vectors.<name>`.
fn vector_path(name: &str) -> String {
    if name.is_empty() {
        "vectors".to_owned()
    } else {
        format!("vectors.{name}")
    }
}

/// Refuses the payload storage (1.19) and id tracker (1.20) params, found under `prefix`.
fn storage(operation: Operation, payload: bool, id_tracker: bool, prefix: &str) -> Result<()> {
    if payload {
        return Err(refuse(
            operation,
            &format!("`{prefix}payload` (payload storage memory placement)"),
            "1.19",
        ));
    }
    if id_tracker {
        return Err(refuse(
            operation,
            &format!("`{prefix}id_tracker` (point id tracker memory placement)"),
            "1.20",
        ));
    }
    Ok(())
}

/// Refuses the 1.19/1.20 settings of a collection to create.
pub(crate) fn create_collection(config: &CreateCollection) -> Result<()> {
    const OP: Operation = Operation::CreateCollection;
    storage(
        OP,
        config.payload.is_some(),
        config.id_tracker.is_some(),
        "",
    )?;
    hnsw(OP, config.hnsw_config.as_ref(), "hnsw_config")?;
    if let Some(quantization_config) = &config.quantization_config {
        quantization(OP, quantization_config, "quantization_config")?;
    }
    match &config.vectors {
        None => {}
        Some(quadrant_models::VectorsConfig::Single(params)) => vector(OP, params, "vectors")?,
        Some(quadrant_models::VectorsConfig::Multi(named)) => {
            for (name, params) in named {
                vector(OP, params, &vector_path(name))?;
            }
        }
        // Refused where the configuration is translated for the engine.
        Some(quadrant_models::VectorsConfig::Unknown(_)) => {}
    }
    for (name, params) in config.sparse_vectors.iter().flatten() {
        sparse_index(
            OP,
            params.index.as_ref(),
            &format!("sparse_vectors.{name}.index"),
        )?;
    }
    Ok(())
}

/// Refuses the 1.19/1.20 settings of a collection update.
pub(crate) fn update_collection(update: &UpdateCollection) -> Result<()> {
    const OP: Operation = Operation::UpdateCollection;
    if let Some(params) = &update.params {
        storage(
            OP,
            params.payload.is_some(),
            params.id_tracker.is_some(),
            "params.",
        )?;
    }
    hnsw(OP, update.hnsw_config.as_ref(), "hnsw_config")?;
    if let Some(config) = &update.quantization_config {
        quantization_diff(OP, config, "quantization_config")?;
    }
    for (name, diff) in update.vectors.iter().flatten() {
        let path = if name.is_empty() {
            "vectors.\"\"".to_owned()
        } else {
            format!("vectors.{name}")
        };
        memory(OP, diff.memory.as_ref(), &format!("{path}.memory"))?;
        hnsw(
            OP,
            diff.hnsw_config.as_ref(),
            &format!("{path}.hnsw_config"),
        )?;
        if let Some(config) = &diff.quantization_config {
            quantization_diff(OP, config, &format!("{path}.quantization_config"))?;
        }
    }
    for (name, params) in update.sparse_vectors.iter().flatten() {
        sparse_index(
            OP,
            params.index.as_ref(),
            &format!("sparse_vectors.{name}.index"),
        )?;
    }
    Ok(())
}

/// Refuses the 1.20 datatypes of a named vector to add.
pub(crate) fn create_vector_name(config: &VectorNameConfig) -> Result<()> {
    const OP: Operation = Operation::CreateVectorName;
    match config {
        VectorNameConfig::Dense(dense) => datatype(OP, dense.datatype.as_ref(), "dense.datatype"),
        VectorNameConfig::Sparse(sparse) => {
            datatype(OP, sparse.datatype.as_ref(), "sparse.datatype")
        }
    }
}

/// Refuses the 1.19/1.20 settings of a payload index to create.
///
/// A keyword index's `prefix: false` and a text index's `scoring: false` ask for what an index
/// without them does (no prefix matching, no ranking): they are cleared, as if unset, so that
/// the engine, which has neither setting, takes the rest.
pub(crate) fn create_field_index(schema: &mut Option<PayloadFieldSchema>) -> Result<()> {
    const OP: Operation = Operation::CreateFieldIndex;
    let Some(PayloadFieldSchema::FieldParams(params)) = schema else {
        return Ok(());
    };
    match params {
        PayloadSchemaParams::Keyword(keyword) if keyword.prefix == Some(false) => {
            keyword.prefix = None;
        }
        PayloadSchemaParams::Text(text)
            if text.scoring == Some(TextScoringInterface::Enabled(false)) =>
        {
            text.scoring = None;
        }
        _ => {}
    }
    let (placement, nested) = match &*params {
        PayloadSchemaParams::Keyword(keyword) => {
            if keyword.prefix.is_some() {
                return Err(refuse(
                    OP,
                    "`field_schema.prefix` (keyword prefix matching)",
                    "1.19",
                ));
            }
            (keyword.memory.as_ref(), &keyword.nested)
        }
        PayloadSchemaParams::Integer(integer) => (integer.memory.as_ref(), &integer.nested),
        PayloadSchemaParams::Float(float) => (float.memory.as_ref(), &float.nested),
        PayloadSchemaParams::Geo(geo) => (geo.memory.as_ref(), &geo.nested),
        PayloadSchemaParams::Bool(boolean) => (boolean.memory.as_ref(), &boolean.nested),
        PayloadSchemaParams::Datetime(datetime) => (datetime.memory.as_ref(), &datetime.nested),
        PayloadSchemaParams::Uuid(uuid) => (uuid.memory.as_ref(), &uuid.nested),
        PayloadSchemaParams::Text(text) => {
            if text.tokenizer == Some(TokenizerType::Code) {
                return Err(refuse(
                    OP,
                    "`field_schema.tokenizer: code` (the code tokenizer)",
                    "1.20",
                ));
            }
            if text.stemmer == Some(StemmingAlgorithm::Disabled) {
                return Err(refuse(
                    OP,
                    "`field_schema.stemmer: {\"type\": \"none\"}` (the disabled stemmer)",
                    "1.19",
                ));
            }
            if text.scoring.is_some() {
                return Err(refuse(
                    OP,
                    "`field_schema.scoring` (BM25 scoring of a text index)",
                    "1.20",
                ));
            }
            (text.memory.as_ref(), &text.nested)
        }
        _ => (None, &None),
    };
    memory(OP, placement, "field_schema.memory")?;
    if nested.is_some() {
        return Err(refuse(
            OP,
            "`field_schema.nested` (an index over array elements)",
            "1.20",
        ));
    }
    Ok(())
}
