//! Conversions between quadrant's models and the engine's types: configurations, points and
//! results field by field, and the types whose engine form reads Qdrant's REST JSON through
//! [`bridge`].

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroUsize;

use qdrant_edge::{
    EdgeConfig, EdgeOptimizersConfig, EdgeSparseVectorParams, EdgeVectorParams,
    PointStructPersisted, VectorInternal, VectorPersisted, VectorStructInternal,
    VectorStructPersisted, WalOptions,
};
use quadrant_models as models;
use quadrant_models::{
    Batch, BatchVectorStruct, CreateCollection, Datatype, Distance, PointId, PointInsertOperations,
    PointStruct, Record, SparseVector, Vector, VectorOutput, VectorParams, VectorStruct,
    VectorStructOutput, VectorsConfig,
};
use quadrant_transport::{Operation, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error;

const MIB: usize = 1024 * 1024;

/// The WAL segment size of a `:memory:` collection. The server's 32 MiB (and a second segment
/// created ahead) would be allocated in the temporary directory for every collection.
const MEMORY_WAL_CAPACITY_MB: u64 = 1;

/// The server's default WAL segment size.
const DEFAULT_WAL_CAPACITY_MB: u64 = 32;

/// Converts a model into the engine type that reads the same REST JSON (filters, selectors,
/// search params, order-by, payload index schemas, quantization).
///
/// Vectors and points never go this way: the engine's serde reads a two-row named multivector
/// as a sparse vector. Its result types are not `Serialize`, so they are converted by hand too.
///
/// It goes through JSON text rather than `serde_json::Value`, so that `f32` fields keep the
/// digits they were written with instead of the widened `f64` ones.
pub(crate) fn bridge<T: Serialize, U: DeserializeOwned>(value: &T, what: &str) -> Result<U> {
    let text = serde_json::to_string(value)
        .map_err(|e| error::wrong_input(format!("cannot encode {what}: {e}")))?;
    serde_json::from_str(&text).map_err(|e| error::wrong_input(format!("invalid {what}: {e}")))
}

/// Like [`bridge`], for types where the engine may lack a field that quadrant's model has:
/// a field the engine would drop without a word is refused as [`Operation`]-unsupported.
///
/// It writes the engine value back to JSON and looks for every key of the input there.
pub(crate) fn bridge_strict<T: Serialize, U: Serialize + DeserializeOwned>(
    value: &T,
    what: &str,
    operation: Operation,
) -> Result<U> {
    let converted: U = bridge(value, what)?;
    let input = serde_json::to_value(value)
        .map_err(|e| error::wrong_input(format!("cannot encode {what}: {e}")))?;
    let output = serde_json::to_value(&converted)
        .map_err(|e| error::wrong_input(format!("cannot encode {what}: {e}")))?;
    match dropped_key(&input, &output, what) {
        Some(path) => Err(error::unsupported(
            operation,
            format!("`{path}` (the embedded engine has no such setting)"),
        )),
        None => Ok(converted),
    }
}

/// The path of the first non-null key of `input` that `output` lacks.
fn dropped_key(
    input: &serde_json::Value,
    output: &serde_json::Value,
    path: &str,
) -> Option<String> {
    use serde_json::Value;
    match (input, output) {
        (Value::Object(input), Value::Object(output)) => input.iter().find_map(|(key, value)| {
            let path = format!("{path}.{key}");
            match output.get(key) {
                None if !value.is_null() => Some(path),
                None => None,
                Some(out) => dropped_key(value, out, &path),
            }
        }),
        (Value::Array(input), Value::Array(output)) if input.len() == output.len() => input
            .iter()
            .zip(output)
            .enumerate()
            .find_map(|(i, (a, b))| dropped_key(a, b, &format!("{path}[{i}]"))),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// What newer Qdrant versions added

/// A feature of Qdrant 1.19 or 1.20 that a request uses and the engine lacks: its description
/// and the version that added it.
type NewerFeature = (&'static str, &'static str);

/// The first condition or match of `filter`, at any depth, that the engine does not have.
///
/// The engine would refuse to read some of them and misread none, but the answer must say
/// what is missing, not that the JSON is invalid.
pub(crate) fn newer_filter_feature(filter: &models::Filter) -> Option<NewerFeature> {
    let models::Filter {
        should,
        min_should,
        must,
        must_not,
    } = filter;
    [should, must, must_not]
        .into_iter()
        .flatten()
        .flatten()
        .chain(min_should.iter().flat_map(|m| &m.conditions))
        .find_map(newer_condition_feature)
}

/// Like [`newer_filter_feature`], for one condition.
pub(crate) fn newer_condition_feature(condition: &models::Condition) -> Option<NewerFeature> {
    use models::{Condition, Match};
    match condition {
        Condition::Slice(_) => Some(("the `slice` condition", "1.19")),
        Condition::Field(field) => match field.r#match {
            Some(Match::Prefix(_)) => Some(("`match.prefix`", "1.19")),
            Some(Match::Substring(_)) => Some(("`match.substring`", "1.20")),
            _ => None,
        },
        Condition::Nested(nested) => newer_filter_feature(&nested.nested.filter),
        Condition::Filter(filter) => newer_filter_feature(filter),
        _ => None,
    }
}

/// Refuses a filter that uses a condition the engine does not have, naming it.
pub(crate) fn check_filter(filter: Option<&models::Filter>, operation: Operation) -> Result<()> {
    match filter.and_then(newer_filter_feature) {
        Some((feature, version)) => Err(error::newer_feature(operation, feature, version)),
        None => Ok(()),
    }
}

/// Converts a filter into the engine's, refusing one that uses a condition the engine does
/// not have (see [`check_filter`]).
pub(crate) fn edge_filter(
    filter: &models::Filter,
    what: &str,
    operation: Operation,
) -> Result<qdrant_edge::Filter> {
    check_filter(Some(filter), operation)?;
    bridge(filter, what)
}

// ---------------------------------------------------------------------------------------------
// Collection configuration

/// Builds the engine configuration of a new collection from its create request.
///
/// Settings the engine has no notion of (shard number, replication, write consistency,
/// strict mode, metadata, flush interval, optimizer threads) are not part of it: they stay in
/// the catalog and are reported back, without effect.
#[allow(
    deprecated,
    reason = "the engine still takes the flags Qdrant 1.19 deprecated"
)]
pub(crate) fn edge_config(config: &CreateCollection, memory: bool) -> Result<EdgeConfig> {
    let op = Operation::CreateCollection;
    // Exhaustive on purpose: a field added to the model fails to compile here until it is
    // either honoured or listed as stored-only.
    let CreateCollection {
        collection_name: _,
        timeout: _,
        vectors: _,
        sharding_method: _,
        on_disk_payload: _,
        hnsw_config: _,
        wal_config: _,
        optimizers_config: _,
        quantization_config: _,
        sparse_vectors: _,
        // Stored in the catalog and reported back; no effect in-process.
        shard_number: _,
        replication_factor: _,
        write_consistency_factor: _,
        strict_mode_config: _,
        metadata: _,
        // Refused before this point (`newer::create_collection`): the engine has neither.
        payload: _,
        id_tracker: _,
    } = config;
    if config.sharding_method == Some(models::ShardingMethod::Custom) {
        return Err(error::unsupported(
            op,
            "`sharding_method: custom` (shard keys need a cluster)",
        ));
    }

    // Settings a newer server has and this client does not know (read over REST into a
    // config's `extra`) are refused, not ignored: the engine has no notion of them.
    let extras = [
        ("hnsw_config", config.hnsw_config.as_ref().map(|c| &c.extra)),
        (
            "optimizers_config",
            config.optimizers_config.as_ref().map(|c| &c.extra),
        ),
        ("wal_config", config.wal_config.as_ref().map(|c| &c.extra)),
    ];
    for (section, extra) in extras {
        if let Some(key) = extra.and_then(|extra| extra.keys().next()) {
            return Err(error::unsupported(
                op,
                format!("`{section}.{key}`, a setting this client does not know"),
            ));
        }
    }
    let hnsw_config = hnsw_config(
        qdrant_edge::HnswIndexConfig::default(),
        config.hnsw_config.as_ref(),
    );
    let quantization_config = config
        .quantization_config
        .as_ref()
        .map(|q| quantization(q, "quantization_config"))
        .transpose()?;

    let mut builder = EdgeConfig::builder()
        .on_disk_payload(config.on_disk_payload.unwrap_or(true))
        .hnsw_config(hnsw_config)
        .optimizers(optimizers(config.optimizers_config.as_ref()))
        .wal_options(wal_options(config.wal_config.as_ref(), memory));
    if let Some(quantization_config) = quantization_config {
        builder = builder.quantization_config(quantization_config);
    }

    match &config.vectors {
        None => {}
        Some(VectorsConfig::Single(params)) => {
            builder = builder.vector(
                qdrant_edge::DEFAULT_VECTOR_NAME,
                vector_params("", params, &hnsw_config)?,
            );
        }
        Some(VectorsConfig::Multi(named)) => {
            for (name, params) in named {
                builder = builder.vector(name.as_str(), vector_params(name, params, &hnsw_config)?);
            }
        }
        Some(VectorsConfig::Unknown(raw)) => {
            return Err(error::unsupported(
                op,
                format!("vectors config {raw}, which this client does not know"),
            ));
        }
    }
    for (name, params) in config.sparse_vectors.iter().flatten() {
        if config.vectors.as_ref().is_some_and(|v| match v {
            VectorsConfig::Single(_) => name.is_empty(),
            VectorsConfig::Multi(named) => named.contains_key(name),
            VectorsConfig::Unknown(_) => false,
        }) {
            return Err(error::wrong_input(format!(
                "Vector name `{name}` is used by both a dense and a sparse vector"
            )));
        }
        let mut sparse = EdgeSparseVectorParams::builder();
        if let Some(index) = &params.index {
            if let Some(threshold) = index.full_scan_threshold {
                sparse = sparse.full_scan_threshold(to_usize(threshold));
            }
            if let Some(on_disk) = index.on_disk {
                sparse = sparse.on_disk(on_disk);
            }
            if let Some(datatype) = &index.datatype {
                sparse = sparse.datatype(datatype_of(datatype)?);
            }
        }
        if let Some(modifier) = &params.modifier {
            sparse = sparse.modifier(match modifier {
                models::Modifier::None => qdrant_edge::Modifier::None,
                models::Modifier::Idf => qdrant_edge::Modifier::Idf,
                models::Modifier::Unknown(raw) => {
                    return Err(error::unsupported(op, format!("modifier `{raw}`")));
                }
            });
        }
        builder = builder.sparse_vector(name.as_str(), sparse.build());
    }
    Ok(builder.build())
}

#[allow(
    deprecated,
    reason = "the engine still takes the flags Qdrant 1.19 deprecated"
)]
fn vector_params(
    name: &str,
    params: &VectorParams,
    collection_hnsw: &qdrant_edge::HnswIndexConfig,
) -> Result<EdgeVectorParams> {
    let VectorParams {
        size: _,
        distance: _,
        hnsw_config: _,
        quantization_config: _,
        on_disk: _,
        datatype: _,
        multivector_config: _,
        // Refused before this point (`newer::create_collection`).
        memory: _,
    } = params;
    if params.size == 0 {
        let field = if name.is_empty() {
            "vectors.size".to_owned()
        } else {
            format!("vectors.{name}.size")
        };
        return Err(error::wrong_input(format!(
            "Validation error in JSON body: [{field}: value 0 invalid, must be 1 or larger]"
        )));
    }
    let mut builder = EdgeVectorParams::builder(to_usize(params.size), distance(&params.distance)?);
    if let Some(on_disk) = params.on_disk {
        builder = builder.on_disk(on_disk);
    }
    if let Some(datatype) = &params.datatype {
        builder = builder.datatype(datatype_of(datatype)?);
    }
    if let Some(multivector) = &params.multivector_config {
        builder = builder.multivector_config(qdrant_edge::MultiVectorConfig {
            comparator: match &multivector.comparator {
                models::MultiVectorComparator::MaxSim => qdrant_edge::MultiVectorComparator::MaxSim,
                models::MultiVectorComparator::Unknown(raw) => {
                    return Err(error::unsupported(
                        Operation::CreateCollection,
                        format!("multivector comparator `{raw}`"),
                    ));
                }
            },
        });
    }
    if let Some(diff) = &params.hnsw_config {
        builder = builder.hnsw_config(hnsw_config(*collection_hnsw, Some(diff)));
    }
    if let Some(quantization_config) = &params.quantization_config {
        let field = format!("quantization_config of vector `{name}`");
        builder = builder.quantization_config(quantization(quantization_config, &field)?);
    }
    Ok(builder.build())
}

/// The engine's HNSW settings: `base` with the fields the user set.
#[allow(
    deprecated,
    reason = "the engine still takes the flags Qdrant 1.19 deprecated"
)]
pub(crate) fn hnsw_config(
    base: qdrant_edge::HnswIndexConfig,
    diff: Option<&models::HnswConfigDiff>,
) -> qdrant_edge::HnswIndexConfig {
    let Some(diff) = diff else {
        return base;
    };
    qdrant_edge::HnswIndexConfig {
        m: diff.m.map_or(base.m, to_usize),
        ef_construct: diff.ef_construct.map_or(base.ef_construct, to_usize),
        full_scan_threshold: diff
            .full_scan_threshold
            .map_or(base.full_scan_threshold, to_usize),
        max_indexing_threads: diff
            .max_indexing_threads
            .map_or(base.max_indexing_threads, to_usize),
        on_disk: diff.on_disk.or(base.on_disk),
        payload_m: diff.payload_m.map(to_usize).or(base.payload_m),
        inline_storage: diff.inline_storage.or(base.inline_storage),
    }
}

fn optimizers(diff: Option<&models::OptimizersConfigDiff>) -> EdgeOptimizersConfig {
    let Some(diff) = diff else {
        return EdgeOptimizersConfig::default();
    };
    EdgeOptimizersConfig {
        deleted_threshold: diff.deleted_threshold,
        vacuum_min_vector_number: diff.vacuum_min_vector_number.map(to_usize),
        default_segment_number: diff.default_segment_number.map(to_usize),
        max_segment_size: diff.max_segment_size.map(to_usize),
        indexing_threshold: diff.indexing_threshold.map(to_usize),
        prevent_unoptimized: diff.prevent_unoptimized,
    }
}

fn wal_options(diff: Option<&models::WalConfigDiff>, memory: bool) -> WalOptions {
    let default_mb = if memory {
        MEMORY_WAL_CAPACITY_MB
    } else {
        DEFAULT_WAL_CAPACITY_MB
    };
    let capacity_mb = diff
        .and_then(|d| d.wal_capacity_mb)
        .unwrap_or(default_mb)
        .max(1);
    WalOptions {
        segment_capacity: to_usize(capacity_mb).saturating_mul(MIB),
        segment_queue_len: diff.and_then(|d| d.wal_segments_ahead).map_or(0, to_usize),
        retain_closed: diff
            .and_then(|d| d.wal_retain_closed)
            .and_then(|n| NonZeroUsize::new(to_usize(n)))
            .unwrap_or(NonZeroUsize::MIN),
    }
}

fn quantization(
    config: &models::QuantizationConfig,
    what: &str,
) -> Result<qdrant_edge::QuantizationConfig> {
    bridge_strict(config, what, Operation::CreateCollection).map_err(|e| {
        if e.kind() == quadrant_transport::ErrorKind::Unsupported {
            return e;
        }
        // The model knows a method that the engine's enum does not (yet).
        let what = format!("this {what} ({})", e.message());
        error::unsupported(Operation::CreateCollection, what).with_source(e)
    })
}

fn distance(distance: &Distance) -> Result<qdrant_edge::Distance> {
    Ok(match distance {
        Distance::Cosine => qdrant_edge::Distance::Cosine,
        Distance::Euclid => qdrant_edge::Distance::Euclid,
        Distance::Dot => qdrant_edge::Distance::Dot,
        Distance::Manhattan => qdrant_edge::Distance::Manhattan,
        Distance::Unknown(raw) => {
            return Err(error::unsupported(
                Operation::CreateCollection,
                format!("distance `{raw}`"),
            ));
        }
    })
}

fn datatype_of(datatype: &Datatype) -> Result<qdrant_edge::VectorStorageDatatype> {
    Ok(match datatype {
        Datatype::Float32 => qdrant_edge::VectorStorageDatatype::Float32,
        Datatype::Uint8 => qdrant_edge::VectorStorageDatatype::Uint8,
        Datatype::Float16 => qdrant_edge::VectorStorageDatatype::Float16,
        Datatype::Turbo4 => qdrant_edge::VectorStorageDatatype::Turbo4,
        other => {
            return Err(error::unsupported(
                Operation::CreateCollection,
                format!("datatype {other:?}"),
            ));
        }
    })
}

/// The collection configuration in the shape the server reports: the parameters as created,
/// with the server's defaults filled in, and the engine's effective index, optimizer and WAL
/// settings.
#[allow(
    deprecated,
    reason = "the engine still takes the flags Qdrant 1.19 deprecated"
)]
pub(crate) fn collection_config(
    created: &CreateCollection,
    edge: &EdgeConfig,
) -> Result<models::CollectionConfig> {
    let params = models::CollectionParams {
        vectors: created.vectors.clone().unwrap_or_default(),
        shard_number: created.shard_number.unwrap_or(1),
        sharding_method: created.sharding_method.clone(),
        replication_factor: created.replication_factor.unwrap_or(1),
        write_consistency_factor: created.write_consistency_factor.unwrap_or(1),
        read_fan_out_factor: None,
        read_fan_out_delay_ms: None,
        on_disk_payload: edge.on_disk_payload,
        payload: None,
        id_tracker: None,
        sparse_vectors: created.sparse_vectors.clone(),
    };
    let hnsw_config: models::HnswConfig = bridge(&edge.hnsw_config, "HNSW config")?;
    let diff = created.optimizers_config.clone().unwrap_or_default();
    let optimizer_config = models::OptimizersConfig {
        extra: serde_json::Map::new(),
        deleted_threshold: edge.optimizers.deleted_threshold.unwrap_or(0.2),
        vacuum_min_vector_number: edge
            .optimizers
            .vacuum_min_vector_number
            .map_or(1000, to_u64),
        // What the engine will use: a number it picks from the CPU count unless one was set.
        default_segment_number: to_u64(edge.optimizers.get_number_segments()),
        max_segment_size: diff.max_segment_size,
        memmap_threshold: diff.memmap_threshold,
        indexing_threshold: Some(diff.indexing_threshold.unwrap_or(10_000)),
        flush_interval_sec: diff.flush_interval_sec.unwrap_or(5),
        max_optimization_threads: match diff.max_optimization_threads {
            Some(models::MaxOptimizationThreads::Threads(n)) => Some(n),
            _ => None,
        },
        prevent_unoptimized: diff.prevent_unoptimized,
    };
    let wal = edge.wal_options.clone().unwrap_or_default();
    let wal_config = models::WalConfig {
        extra: serde_json::Map::new(),
        wal_capacity_mb: to_u64(wal.segment_capacity / MIB),
        wal_segments_ahead: to_u64(wal.segment_queue_len),
        wal_retain_closed: to_u64(wal.retain_closed.get()),
    };
    Ok(models::CollectionConfig {
        params,
        hnsw_config,
        optimizer_config,
        wal_config: Some(wal_config),
        quantization_config: created.quantization_config.clone(),
        strict_mode_config: created.strict_mode_config.clone(),
        metadata: created.metadata.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// Points

/// Converts an engine point id.
pub(crate) fn point_id_from_edge(id: qdrant_edge::PointId) -> PointId {
    match id {
        qdrant_edge::PointId::NumId(n) => PointId::Num(n),
        qdrant_edge::PointId::Uuid(u) => PointId::Uuid(u),
    }
}

/// Converts a point id to the engine's.
pub(crate) fn point_id_to_edge(id: PointId) -> qdrant_edge::PointId {
    match id {
        PointId::Num(n) => qdrant_edge::PointId::NumId(n),
        PointId::Uuid(u) => qdrant_edge::PointId::Uuid(u),
    }
}

/// Converts the points of an upsert, checking vector names and dimensions first, so that a bad
/// point fails the whole request before anything is written.
pub(crate) fn points(
    operation: PointInsertOperations,
    schema: &EdgeConfig,
) -> Result<Vec<PointStructPersisted>> {
    let points = match operation {
        PointInsertOperations::Points(points) => points,
        PointInsertOperations::Batch(batch) => batch_points(batch)?,
    };
    points
        .into_iter()
        .map(|point| point_persisted(point, schema))
        .collect()
}

fn batch_points(batch: Batch) -> Result<Vec<PointStruct>> {
    let count = batch.ids.len();
    let vectors: Vec<VectorStruct> = match batch.vectors {
        BatchVectorStruct::Single(vectors) => {
            expect_len("batch.vectors", vectors.len(), count)?;
            vectors.into_iter().map(VectorStruct::Single).collect()
        }
        BatchVectorStruct::MultiDense(vectors) => {
            expect_len("batch.vectors", vectors.len(), count)?;
            vectors.into_iter().map(VectorStruct::MultiDense).collect()
        }
        BatchVectorStruct::Named(named) => {
            let mut per_point: Vec<HashMap<String, Vector>> = vec![HashMap::new(); count];
            for (name, vectors) in named {
                expect_len(&format!("batch.vectors.{name}"), vectors.len(), count)?;
                for (point, vector) in per_point.iter_mut().zip(vectors) {
                    point.insert(name.clone(), vector);
                }
            }
            per_point.into_iter().map(VectorStruct::Named).collect()
        }
        _ => return Err(inference_unsupported(Operation::UpsertPoints)),
    };
    let payloads = match batch.payloads {
        Some(payloads) => {
            expect_len("batch.payloads", payloads.len(), count)?;
            payloads
        }
        None => vec![None; count],
    };
    Ok(batch
        .ids
        .into_iter()
        .zip(vectors)
        .zip(payloads)
        .map(|((id, vector), payload)| PointStruct {
            id,
            vector,
            payload,
        })
        .collect())
}

fn expect_len(field: &str, got: usize, expected: usize) -> Result<()> {
    if got == expected {
        Ok(())
    } else {
        Err(error::wrong_input(format!(
            "{field} has {got} items, but batch.ids has {expected}"
        )))
    }
}

fn point_persisted(point: PointStruct, schema: &EdgeConfig) -> Result<PointStructPersisted> {
    let vector = vector_struct(point.vector, schema, Operation::UpsertPoints)?;
    // The engine's own `PointStruct::new` panics on a payload that is not an object; ours is
    // a JSON object by type, so this conversion cannot fail.
    let payload = point.payload.map(qdrant_edge::Payload);
    Ok(PointStructPersisted {
        id: point_id_to_edge(point.id),
        vector,
        payload,
    })
}

/// Converts the vectors of one point (of an upsert or a vector update), checking names and
/// dimensions against the collection's `schema`. `operation` names the request in the
/// refusal of vectors that need server-side inference.
pub(crate) fn vector_struct(
    vector: VectorStruct,
    schema: &EdgeConfig,
    operation: Operation,
) -> Result<VectorStructPersisted> {
    Ok(match vector {
        VectorStruct::Single(dense) => {
            check_dense(schema, qdrant_edge::DEFAULT_VECTOR_NAME, dense.len())?;
            VectorStructPersisted::Single(dense)
        }
        VectorStruct::MultiDense(rows) => {
            check_multi(schema, qdrant_edge::DEFAULT_VECTOR_NAME, &rows)?;
            VectorStructPersisted::MultiDense(rows)
        }
        VectorStruct::Named(named) => {
            let mut vectors = HashMap::with_capacity(named.len());
            for (name, vector) in named {
                let vector = match vector {
                    Vector::Dense(dense) => {
                        check_dense(schema, &name, dense.len())?;
                        VectorPersisted::Dense(dense)
                    }
                    Vector::MultiDense(rows) => {
                        check_multi(schema, &name, &rows)?;
                        VectorPersisted::MultiDense(rows)
                    }
                    Vector::Sparse(sparse) => {
                        check_name(schema, &name)?;
                        VectorPersisted::Sparse(sparse_vector(sparse)?)
                    }
                    _ => return Err(inference_unsupported(operation)),
                };
                vectors.insert(name, vector);
            }
            VectorStructPersisted::Named(vectors)
        }
        _ => return Err(inference_unsupported(operation)),
    })
}

fn check_name(schema: &EdgeConfig, name: &str) -> Result<()> {
    if schema.vectors.contains_key(name) || schema.sparse_vectors.contains_key(name) {
        Ok(())
    } else {
        Err(error::engine(
            qdrant_edge::OperationError::vector_name_not_exists(name),
        ))
    }
}

fn check_dense(schema: &EdgeConfig, name: &str, len: usize) -> Result<()> {
    check_name(schema, name)?;
    match schema.vectors.get(name) {
        Some(params) if params.multivector_config.is_none() && params.size != len => Err(
            error::engine(qdrant_edge::OperationError::WrongVectorDimension {
                expected_dim: params.size,
                received_dim: len,
            }),
        ),
        // Other mismatches (a dense vector for a sparse or multivector name) are left to the
        // engine, which reports them as the server does.
        _ => Ok(()),
    }
}

fn check_multi(schema: &EdgeConfig, name: &str, rows: &[Vec<f32>]) -> Result<()> {
    check_name(schema, name)?;
    // The engine indexes `rows[0]` without checking: refuse an empty multivector here.
    let Some(first) = rows.first() else {
        return Err(error::wrong_input(format!(
            "Validation error: multivector `{name}` must have at least one vector"
        )));
    };
    let expected = match schema.vectors.get(name) {
        Some(params) if params.multivector_config.is_some() => params.size,
        _ => first.len(),
    };
    if expected == 0 {
        return Err(error::wrong_input(format!(
            "Validation error: the vectors of multivector `{name}` must not be empty"
        )));
    }
    match rows.iter().find(|row| row.len() != expected) {
        Some(row) => Err(error::engine(
            qdrant_edge::OperationError::WrongVectorDimension {
                expected_dim: expected,
                received_dim: row.len(),
            },
        )),
        None => Ok(()),
    }
}

/// Builds an engine sparse vector, which checks that indices and values pair up and that no
/// index repeats.
pub(crate) fn sparse_vector(sparse: SparseVector) -> Result<qdrant_edge::SparseVector> {
    qdrant_edge::SparseVector::new(sparse.indices, sparse.values)
        .map_err(|e| error::wrong_input(format!("Validation error: {e}")))
}

/// Vectors that the server would embed with a model: there is no inference in-process.
pub(crate) fn inference_unsupported(operation: Operation) -> quadrant_transport::Error {
    error::unsupported(
        operation,
        "a document, image or object to embed (server-side inference)",
    )
}

// ---------------------------------------------------------------------------------------------
// Results

/// Converts a retrieved point.
pub(crate) fn record(record: qdrant_edge::Record) -> Record {
    Record {
        id: point_id_from_edge(record.id),
        payload: record.payload.map(|p| p.0),
        vector: record.vector.map(vector_output),
        shard_key: None,
        order_value: record.order_value.map(order_value),
    }
}

/// Converts a scored point.
pub(crate) fn scored_point(point: qdrant_edge::ScoredPoint) -> models::ScoredPoint {
    models::ScoredPoint {
        id: point_id_from_edge(point.id),
        version: point.version,
        score: point.score,
        payload: point.payload.map(|p| p.0),
        vector: point.vector.map(vector_output),
        shard_key: None,
        order_value: point.order_value.map(order_value),
    }
}

fn order_value(value: qdrant_edge::OrderValue) -> models::OrderValue {
    match value {
        qdrant_edge::OrderValue::Int(n) => models::OrderValue::Int(n),
        qdrant_edge::OrderValue::Float(f) => models::OrderValue::Float(f),
    }
}

fn vector_output(vector: VectorStructInternal) -> VectorStructOutput {
    match vector {
        VectorStructInternal::Single(dense) => VectorStructOutput::Single(dense),
        VectorStructInternal::MultiDense(multi) => VectorStructOutput::MultiDense(rows(&multi)),
        VectorStructInternal::Named(named) => VectorStructOutput::Named(
            named
                .into_iter()
                .map(|(name, vector)| (name, vector_output_one(vector)))
                .collect(),
        ),
    }
}

fn vector_output_one(vector: VectorInternal) -> VectorOutput {
    match vector {
        VectorInternal::Dense(dense) => VectorOutput::Dense(dense),
        VectorInternal::Sparse(sparse) => {
            VectorOutput::Sparse(SparseVector::new(sparse.indices, sparse.values))
        }
        VectorInternal::MultiDense(multi) => VectorOutput::MultiDense(rows(&multi)),
    }
}

fn rows(multi: &qdrant_edge::TypedMultiDenseVector<f32>) -> Vec<Vec<f32>> {
    multi.multi_vectors().map(<[f32]>::to_vec).collect()
}

/// The payload indexes as the server reports them, from the engine's index schema.
pub(crate) fn payload_schema(
    schema: HashMap<qdrant_edge::JsonPath, qdrant_edge::PayloadIndexInfo>,
) -> Result<BTreeMap<String, models::PayloadIndexInfo>> {
    schema
        .into_iter()
        .map(|(key, info)| Ok((key.to_string(), bridge(&info, "payload index info")?)))
        .collect()
}

/// Widens a count; `u64` holds every `usize` on the platforms Rust supports today.
pub(crate) fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Narrows a count from the models; values beyond `usize` saturate (they could not be
/// allocated anyway).
pub(crate) fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> EdgeConfig {
        EdgeConfig::builder()
            .vector(
                "",
                EdgeVectorParams::builder(4, qdrant_edge::Distance::Cosine).build(),
            )
            .build()
    }

    #[test]
    fn settings_the_engine_lacks_are_found() {
        let input = serde_json::json!({"a": 1, "b": {"c": true, "d": null}, "e": [{"f": 1}]});
        let same = serde_json::json!({"a": 1, "b": {"c": true}, "e": [{"f": 1, "g": 2}]});
        assert_eq!(dropped_key(&input, &same, "x"), None);
        let lost = serde_json::json!({"a": 1, "b": {}, "e": [{"f": 1}]});
        assert_eq!(dropped_key(&input, &lost, "x").as_deref(), Some("x.b.c"));
    }

    #[test]
    #[allow(
        deprecated,
        reason = "`on_disk` is still an index setting the engine takes"
    )]
    fn every_index_setting_reaches_the_engine() {
        let requests = [
            models::CreateFieldIndex::new(
                "c",
                "count",
                models::IntegerIndexParams {
                    lookup: Some(true),
                    range: Some(false),
                    is_principal: Some(true),
                    on_disk: Some(true),
                    enable_hnsw: Some(true),
                    memory: None,
                    nested: None,
                },
            ),
            models::CreateFieldIndex::new(
                "c",
                "text",
                models::TextIndexParams {
                    tokenizer: Some(models::TokenizerType::Multilingual),
                    min_token_len: Some(2),
                    max_token_len: Some(10),
                    lowercase: Some(true),
                    ascii_folding: Some(true),
                    phrase_matching: Some(true),
                    stopwords: Some(models::StopwordsInterface::Language(
                        models::Language::English,
                    )),
                    on_disk: Some(false),
                    stemmer: Some(models::StemmingAlgorithm::Snowball(
                        models::SnowballParams {
                            language: models::SnowballLanguage::English,
                        },
                    )),
                    enable_hnsw: Some(false),
                    memory: None,
                    scoring: None,
                    nested: None,
                },
            ),
        ];
        for request in requests {
            bridge_strict::<_, qdrant_edge::CreateIndex>(
                &request,
                "payload index",
                Operation::CreateFieldIndex,
            )
            .expect("every setting is known to the engine");
        }
    }

    #[test]
    fn wrong_dimension_is_refused_before_writing() {
        let op = PointInsertOperations::Points(vec![PointStruct::new(
            1,
            vec![0.1, 0.2, 0.3],
            models::Payload::new(),
        )]);
        let error = points(op, &schema()).expect_err("dimension 3 in a 4-d collection");
        assert_eq!(
            error.message(),
            "Wrong input: Vector dimension error: expected dim: 4, got 3"
        );
    }

    #[test]
    fn batch_columns_must_match_ids() {
        let op = PointInsertOperations::Batch(Batch {
            ids: vec![1.into(), 2.into()],
            vectors: BatchVectorStruct::Single(vec![vec![0.0; 4]]),
            payloads: None,
        });
        let error = points(op, &schema()).expect_err("one vector for two ids");
        assert_eq!(error.kind(), quadrant_transport::ErrorKind::InvalidArgument);
    }

    #[test]
    fn empty_multivector_is_refused_not_panicking() {
        let config = EdgeConfig::builder()
            .vector(
                "colbert",
                EdgeVectorParams::builder(3, qdrant_edge::Distance::Dot)
                    .multivector_config(qdrant_edge::MultiVectorConfig::default())
                    .build(),
            )
            .build();
        let op = PointInsertOperations::Points(vec![PointStruct::new(
            1,
            [("colbert", Vector::MultiDense(vec![]))]
                .into_iter()
                .collect::<VectorStruct>(),
            models::Payload::new(),
        )]);
        let error = points(op, &config).expect_err("empty multivector");
        assert_eq!(error.kind(), quadrant_transport::ErrorKind::InvalidArgument);
    }
}
