//! Changes to a collection's configuration (`update_collection`, named vectors), aliases,
//! and the reports about a collection's optimizer and shards.
//!
//! The catalog keeps each collection's create request with every later change merged in; the
//! engine's configuration is derived from it (`convert::edge_config`), so the two cannot
//! drift apart. A change is applied to the engine first and saved in the catalog after.

use qdrant_edge::{UpdateOperation, VectorNameOperations};
use quadrant_models as models;
use quadrant_models::{
    ChangeAliasesOperation, CollectionClusterInfo, CollectionClusterInfoRequest,
    CollectionsAliasesResponse, CreateCollection, CreateVectorName, DeleteVectorName,
    GetOptimizations, ListCollectionAliases, LocalShardInfo, OptimizationsResponse,
    OptimizationsSummary, OptimizationsWith, ReplicaState, UpdateCollection, UpdateResult,
    VectorNameConfig, VectorParams, VectorsConfig,
};
use quadrant_transport::{Operation, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::aliases;
use crate::convert::{self, bridge, to_u64};
use crate::database::Database;
use crate::error;
use crate::newer;

/// The largest dense vector the server accepts.
const MAX_VECTOR_SIZE: u64 = 65_536;

impl Database {
    // -----------------------------------------------------------------------------------------
    // Configuration

    pub(crate) fn update_collection(&self, request: UpdateCollection) -> Result<bool> {
        newer::update_collection(&request)?;
        let name = self.resolve(&request.collection_name);
        let mut catalog = self.catalog();
        let collection = self.collection(&name)?;
        let Some(entry) = catalog.collections.get_mut(&name) else {
            return Err(error::collection_not_found(&name));
        };
        let previous = entry.config.clone();
        let updated = updated_config(previous.clone(), request)?;
        let memory = self.root().is_memory();
        let edge = convert::edge_config(&updated, memory)?;
        collection.reconfigure(edge)?;

        entry.config = updated.clone();
        if let Err(e) = self.root().save_catalog(&catalog) {
            if let Some(entry) = catalog.collections.get_mut(&name) {
                entry.config = previous.clone();
            }
            if let Err(undo) = convert::edge_config(&previous, memory)
                .and_then(|edge| collection.reconfigure(edge))
            {
                tracing::error!(collection = %name, error = %undo, "could not restore the configuration after the catalog failed to save");
            }
            return Err(e);
        }
        collection.set_created(updated);
        Ok(true)
    }

    pub(crate) fn create_vector_name(&self, request: CreateVectorName) -> Result<UpdateResult> {
        const OP: Operation = Operation::CreateVectorName;
        newer::create_vector_name(&request.config)?;
        let name = self.resolve(&request.collection_name);
        let mut catalog = self.catalog();
        let collection = self.collection(&name)?;
        let vector_name = request.vector_name.clone();
        let exists = collection.read(|shard| {
            let config = shard.config();
            Ok(config.vectors.contains_key(&vector_name)
                || config.sparse_vectors.contains_key(&vector_name))
        })?;
        if exists {
            // The engine would keep the existing vector's data but take the new parameters.
            return Err(error::wrong_input(format!(
                "Vector name `{vector_name}` already exists"
            )));
        }
        match &request.config {
            VectorNameConfig::Dense(dense) if !(1..=MAX_VECTOR_SIZE).contains(&dense.size) => {
                return Err(error::wrong_input(format!(
                    "Validation error in JSON body: [dense.size: value {} invalid, must be from 1 to {MAX_VECTOR_SIZE}]",
                    dense.size
                )));
            }
            VectorNameConfig::Sparse(sparse)
                if sparse.datatype == Some(models::Datatype::Turbo4) =>
            {
                return Err(error::wrong_input(
                    "Validation error in JSON body: [sparse.datatype: turbo4 is not supported for sparse vectors]",
                ));
            }
            _ => {}
        }
        let config: qdrant_edge::VectorNameConfig =
            convert::bridge_strict(&request.config, "named vector", OP)?;
        let Some(entry) = catalog.collections.get_mut(&name) else {
            return Err(error::collection_not_found(&name));
        };
        let previous = entry.config.clone();
        let mut updated = previous.clone();
        add_vector(&mut updated, &vector_name, &request.config);

        let result = collection.write(UpdateOperation::VectorNameOperation(
            VectorNameOperations::CreateVectorName(qdrant_edge::CreateVectorName {
                vector_name: vector_name.clone(),
                config,
            }),
        ))?;
        entry.config = updated.clone();
        if let Err(e) = self.root().save_catalog(&catalog) {
            if let Some(entry) = catalog.collections.get_mut(&name) {
                entry.config = previous;
            }
            undo_vector_name(&collection, &vector_name);
            return Err(e);
        }
        collection.set_created(updated);
        Ok(result)
    }

    pub(crate) fn delete_vector_name(&self, request: DeleteVectorName) -> Result<UpdateResult> {
        let name = self.resolve(&request.collection_name);
        let mut catalog = self.catalog();
        let collection = self.collection(&name)?;
        let vector_name = request.vector_name;
        let exists = collection.read(|shard| {
            let config = shard.config();
            Ok(config.vectors.contains_key(&vector_name)
                || config.sparse_vectors.contains_key(&vector_name))
        })?;
        if !exists {
            return Err(error::engine(
                qdrant_edge::OperationError::vector_name_not_exists(&vector_name),
            ));
        }
        let Some(entry) = catalog.collections.get_mut(&name) else {
            return Err(error::collection_not_found(&name));
        };
        let previous = entry.config.clone();
        let mut updated = previous.clone();
        remove_vector(&mut updated, &vector_name);

        let result = collection.write(UpdateOperation::VectorNameOperation(
            VectorNameOperations::DeleteVectorName(qdrant_edge::DeleteVectorName {
                vector_name: vector_name.clone(),
            }),
        ))?;
        entry.config = updated.clone();
        if let Err(e) = self.root().save_catalog(&catalog) {
            // The vector's data is gone already; the catalog keeps describing it until the
            // next successful save, and the engine's own configuration no longer has it.
            if let Some(entry) = catalog.collections.get_mut(&name) {
                entry.config = previous;
            }
            return Err(e);
        }
        collection.set_created(updated);
        Ok(result)
    }

    /// The optimizer's report. Optimizations run inside each write, before it is answered, so
    /// none is ever queued or running when a request can see the collection, and every
    /// segment is idle.
    pub(crate) fn get_optimizations(
        &self,
        request: GetOptimizations,
    ) -> Result<OptimizationsResponse> {
        const OP: Operation = Operation::GetOptimizations;
        let collection = self.collection(&request.collection_name)?;
        let with = request.with.unwrap_or_default();
        let mut queued = None;
        for part in &with {
            match part {
                OptimizationsWith::Queued => queued = Some(Vec::new()),
                OptimizationsWith::Completed => {
                    return Err(error::unsupported(
                        OP,
                        "`with=completed` (finished optimizations are not recorded in-process)",
                    ));
                }
                OptimizationsWith::IdleSegments => {
                    return Err(error::unsupported(
                        OP,
                        "`with=idle_segments` (the engine does not list its segments)",
                    ));
                }
                other => {
                    return Err(error::unsupported(OP, format!("`with={other}`")));
                }
            }
        }
        let segments = collection.read(|shard| Ok(shard.info().segments_count))?;
        Ok(OptimizationsResponse {
            summary: OptimizationsSummary {
                queued_optimizations: 0,
                queued_segments: 0,
                queued_points: 0,
                idle_segments: to_u64(segments),
            },
            running: Vec::new(),
            queued,
            completed: None,
            idle_segments: None,
        })
    }

    /// One local shard (id 0, active) holding every point: there is no cluster and no peer
    /// (the peer id is reported as 0).
    pub(crate) fn collection_cluster_info(
        &self,
        request: CollectionClusterInfoRequest,
    ) -> Result<CollectionClusterInfo> {
        let collection = self.collection(&request.collection_name)?;
        let points = collection.read(|shard| Ok(shard.info().points_count))?;
        Ok(CollectionClusterInfo {
            peer_id: 0,
            shard_count: 1,
            local_shards: vec![LocalShardInfo {
                shard_id: 0,
                shard_key: None,
                points_count: to_u64(points),
                state: ReplicaState::Active,
            }],
            remote_shards: Vec::new(),
            shard_transfers: Vec::new(),
            resharding_operations: None,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Aliases

    /// Applies every action or none: they are checked and applied to a copy of the alias
    /// table, which replaces the current one once the catalog is saved with it.
    pub(crate) fn update_aliases(&self, request: ChangeAliasesOperation) -> Result<bool> {
        let mut catalog = self.catalog();
        let next = aliases::apply(
            &catalog.aliases,
            |name| catalog.collections.contains_key(name),
            &request.actions,
        )?;
        let previous = std::mem::replace(&mut catalog.aliases, next);
        if let Err(e) = self.root().save_catalog(&catalog) {
            catalog.aliases = previous;
            return Err(e);
        }
        self.set_aliases(catalog.aliases.clone());
        Ok(true)
    }

    pub(crate) fn get_collection_aliases(
        &self,
        request: &ListCollectionAliases,
    ) -> Result<CollectionsAliasesResponse> {
        Ok(CollectionsAliasesResponse {
            aliases: aliases::of_collection(&self.aliases(), &request.collection_name),
        })
    }

    pub(crate) fn get_collections_aliases(&self) -> Result<CollectionsAliasesResponse> {
        Ok(CollectionsAliasesResponse {
            aliases: aliases::list(&self.aliases()),
        })
    }
}

/// Removes a vector name the catalog could not record, so that the engine and the catalog
/// agree again.
fn undo_vector_name(collection: &crate::collection::Collection, vector_name: &str) {
    let undo = collection.write(UpdateOperation::VectorNameOperation(
        VectorNameOperations::DeleteVectorName(qdrant_edge::DeleteVectorName {
            vector_name: vector_name.to_owned(),
        }),
    ));
    if let Err(e) = undo {
        tracing::error!(vector_name, error = %e, "could not remove a named vector that the catalog failed to record");
    }
}

/// `created` with a new named vector.
fn add_vector(created: &mut CreateCollection, name: &str, config: &VectorNameConfig) {
    match config {
        VectorNameConfig::Dense(dense) => {
            #[allow(deprecated, reason = "the deprecated flag is still a field to fill")]
            let params = VectorParams {
                size: dense.size,
                distance: dense.distance.clone(),
                hnsw_config: None,
                quantization_config: None,
                on_disk: None,
                memory: None,
                datatype: dense.datatype.clone(),
                multivector_config: dense.multivector_config.clone(),
            };
            let mut named = match created.vectors.take() {
                None => Default::default(),
                Some(VectorsConfig::Multi(named)) => named,
                // The unnamed vector becomes the vector named "" next to the new one.
                Some(VectorsConfig::Single(single)) => [(String::new(), single)].into(),
                // Never stored: creating a collection refuses a vectors config it does not
                // know (`Unsupported`), so there is nothing to keep beside the new vector.
                Some(VectorsConfig::Unknown(_)) => Default::default(),
            };
            named.insert(name.to_owned(), params);
            created.vectors = Some(VectorsConfig::Multi(named));
        }
        VectorNameConfig::Sparse(sparse) => {
            let params = models::SparseVectorParams {
                index: sparse
                    .datatype
                    .clone()
                    .map(|datatype| models::SparseIndexParams {
                        datatype: Some(datatype),
                        ..Default::default()
                    }),
                modifier: sparse.modifier.clone(),
            };
            created
                .sparse_vectors
                .get_or_insert_with(Default::default)
                .insert(name.to_owned(), params);
        }
    }
}

/// `created` without the named vector `name`.
fn remove_vector(created: &mut CreateCollection, name: &str) {
    match &mut created.vectors {
        Some(VectorsConfig::Multi(named)) => {
            named.remove(name);
        }
        Some(VectorsConfig::Single(_)) if name.is_empty() => created.vectors = None,
        _ => {}
    }
    if let Some(sparse) = &mut created.sparse_vectors {
        sparse.remove(name);
    }
}

/// The configuration after `update`, with the server's rules: each diff changes only the
/// fields it sets; a vector or sparse vector it names must exist; `metadata` is merged key by
/// key, and a key set to `null` is removed.
#[allow(
    deprecated,
    reason = "the engine still takes the flags Qdrant 1.19 deprecated"
)]
fn updated_config(
    mut created: CreateCollection,
    update: UpdateCollection,
) -> Result<CreateCollection> {
    const OP: Operation = Operation::UpdateCollection;
    // Exhaustive on purpose: a field added to the model fails to compile here until it is
    // either applied or refused.
    let UpdateCollection {
        collection_name: _,
        timeout: _,
        vectors,
        optimizers_config,
        params,
        hnsw_config,
        quantization_config,
        sparse_vectors,
        strict_mode_config,
        metadata,
    } = update;

    if let Some(diff) = optimizers_config {
        created.optimizers_config = Some(overlay(created.optimizers_config.as_ref(), &diff)?);
    }
    if let Some(params) = params {
        let models::CollectionParamsDiff {
            replication_factor,
            write_consistency_factor,
            read_fan_out_factor,
            read_fan_out_delay_ms,
            on_disk_payload,
            // Refused before this point (`newer::update_collection`).
            payload: _,
            id_tracker: _,
        } = params;
        if read_fan_out_factor.is_some() || read_fan_out_delay_ms.is_some() {
            return Err(error::unsupported(
                OP,
                "`params.read_fan_out_factor` or `params.read_fan_out_delay_ms` (there is one replica to read from)",
            ));
        }
        for (field, value) in [
            ("replication_factor", replication_factor),
            ("write_consistency_factor", write_consistency_factor),
        ] {
            if value == Some(0) {
                return Err(error::wrong_input(format!(
                    "Validation error in JSON body: [params.{field}: value 0 invalid, must be 1 or larger]"
                )));
            }
        }
        created.replication_factor = replication_factor.or(created.replication_factor);
        created.write_consistency_factor =
            write_consistency_factor.or(created.write_consistency_factor);
        created.on_disk_payload = on_disk_payload.or(created.on_disk_payload);
    }
    if let Some(diff) = hnsw_config {
        created.hnsw_config = Some(overlay(created.hnsw_config.as_ref(), &diff)?);
    }
    if let Some(diff) = vectors {
        for (name, diff) in diff {
            let params = vector_params_mut(&mut created, &name)?;
            if let Some(hnsw) = diff.hnsw_config {
                params.hnsw_config = Some(overlay(params.hnsw_config.as_ref(), &hnsw)?);
            }
            if let Some(quantization) = diff.quantization_config {
                params.quantization_config = quantization_of(quantization)?;
            }
            if let Some(on_disk) = diff.on_disk {
                params.on_disk = Some(on_disk);
            }
        }
    }
    if let Some(diff) = quantization_config {
        created.quantization_config = quantization_of(diff)?;
    }
    if let Some(diff) = sparse_vectors {
        for (name, diff) in diff {
            let params = created
                .sparse_vectors
                .as_mut()
                .and_then(|sparse| sparse.get_mut(&name))
                .ok_or_else(|| {
                    error::wrong_input(format!(
                        "Sparse vector `{name}` is not specified in collection config"
                    ))
                })?;
            if let Some(modifier) = diff.modifier {
                params.modifier = Some(modifier);
            }
            if let Some(index) = diff.index {
                params.index = Some(overlay(params.index.as_ref(), &index)?);
            }
        }
    }
    if let Some(diff) = strict_mode_config {
        created.strict_mode_config = Some(overlay(created.strict_mode_config.as_ref(), &diff)?);
    }
    if let Some(diff) = metadata {
        let stored = created.metadata.get_or_insert_with(Default::default);
        // As the server (documented since Qdrant 1.19): a key set to `null` is removed.
        for (key, value) in diff {
            if value.is_null() {
                stored.remove(&key);
            } else {
                stored.insert(key, value);
            }
        }
    }
    Ok(created)
}

fn vector_params_mut<'a>(
    created: &'a mut CreateCollection,
    name: &str,
) -> Result<&'a mut VectorParams> {
    let found = match &mut created.vectors {
        Some(VectorsConfig::Single(params)) if name.is_empty() => Some(params),
        Some(VectorsConfig::Multi(named)) => named.get_mut(name),
        _ => None,
    };
    found.ok_or_else(|| {
        error::wrong_input(if name.is_empty() {
            "Default vector params are not specified in config".to_owned()
        } else {
            format!("Vector params for {name} are not specified in config")
        })
    })
}

fn quantization_of(
    diff: models::QuantizationConfigDiff,
) -> Result<Option<models::QuantizationConfig>> {
    Ok(match diff {
        models::QuantizationConfigDiff::Scalar(c) => Some(models::QuantizationConfig::Scalar(c)),
        models::QuantizationConfigDiff::Product(c) => Some(models::QuantizationConfig::Product(c)),
        models::QuantizationConfigDiff::Binary(c) => Some(models::QuantizationConfig::Binary(c)),
        models::QuantizationConfigDiff::Turbo(c) => Some(models::QuantizationConfig::Turbo(c)),
        models::QuantizationConfigDiff::Disabled => None,
        other => {
            return Err(error::unsupported(
                Operation::UpdateCollection,
                format!("the quantization {other:?}"),
            ));
        }
    })
}

/// `base` with every field that `diff` sets replaced by the diff's value.
///
/// It goes through JSON text (see [`bridge`]) so that `f32` settings keep their digits.
fn overlay<T: Serialize + DeserializeOwned>(base: Option<&T>, diff: &T) -> Result<T> {
    let Some(base) = base else {
        return bridge(diff, "configuration");
    };
    let mut merged: serde_json::Value = bridge(base, "configuration")?;
    let diff: serde_json::Value = bridge(diff, "configuration")?;
    if let (Some(merged), serde_json::Value::Object(diff)) = (merged.as_object_mut(), diff) {
        for (key, value) in diff {
            if !value.is_null() {
                merged.insert(key, value);
            }
        }
    }
    bridge(&merged, "configuration")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn created() -> CreateCollection {
        serde_json::from_value(json!({
            "vectors": {"size": 16, "distance": "Manhattan", "hnsw_config": {"m": 8, "ef_construct": 64}},
            "hnsw_config": {"m": 12, "ef_construct": 90},
            "optimizers_config": {"default_segment_number": 2, "indexing_threshold": 15000},
            "metadata": {"owner": "conformance", "tier": 2}
        }))
        .expect("create request")
    }

    #[test]
    fn diffs_change_only_what_they_set() {
        let update: UpdateCollection = serde_json::from_value(json!({
            "optimizers_config": {"indexing_threshold": 20000},
            "params": {"replication_factor": 1},
            "hnsw_config": {"ef_construct": 128},
            "metadata": {"tier": 3},
            "vectors": {"": {"on_disk": true, "quantization_config": {"binary": {"always_ram": true}}}}
        }))
        .expect("update request");
        let updated = updated_config(created(), update).expect("valid update");
        let json = serde_json::to_value(&updated).expect("encodes");
        assert_eq!(json["hnsw_config"], json!({"m": 12, "ef_construct": 128}));
        assert_eq!(
            json["optimizers_config"],
            json!({"default_segment_number": 2, "indexing_threshold": 20000})
        );
        assert_eq!(json["metadata"], json!({"owner": "conformance", "tier": 3}));
        assert_eq!(json["replication_factor"], json!(1));
        assert_eq!(json["vectors"]["on_disk"], json!(true));
        assert_eq!(
            json["vectors"]["hnsw_config"],
            json!({"m": 8, "ef_construct": 64})
        );
        assert_eq!(
            json["vectors"]["quantization_config"],
            json!({"binary": {"always_ram": true}})
        );
    }

    #[test]
    fn a_metadata_key_set_to_null_is_removed() {
        let update: UpdateCollection =
            serde_json::from_value(json!({"metadata": {"owner": null, "team": "search"}}))
                .expect("update request");
        let updated = updated_config(created(), update).expect("valid update");
        let json = serde_json::to_value(&updated).expect("encodes");
        assert_eq!(json["metadata"], json!({"tier": 2, "team": "search"}));
    }

    #[test]
    fn unknown_vectors_and_fan_out_are_refused() {
        let update: UpdateCollection =
            serde_json::from_value(json!({"vectors": {"nope": {"on_disk": true}}})).expect("json");
        let error = updated_config(created(), update).expect_err("unknown vector");
        assert_eq!(
            error.message(),
            "Wrong input: Vector params for nope are not specified in config"
        );
        let update: UpdateCollection =
            serde_json::from_value(json!({"sparse_vectors": {"s": {"modifier": "idf"}}}))
                .expect("json");
        let error = updated_config(created(), update).expect_err("unknown sparse vector");
        assert_eq!(
            error.message(),
            "Wrong input: Sparse vector `s` is not specified in collection config"
        );
        let update: UpdateCollection =
            serde_json::from_value(json!({"params": {"read_fan_out_factor": 2}})).expect("json");
        let error = updated_config(created(), update).expect_err("fan out");
        assert_eq!(error.kind(), quadrant_transport::ErrorKind::Unsupported);
    }

    #[test]
    fn named_vectors_join_and_leave_the_configuration() {
        let mut config = created();
        add_vector(
            &mut config,
            "extra",
            &VectorNameConfig::Dense(models::DenseVectorConfig::new(5, models::Distance::Cosine)),
        );
        let Some(VectorsConfig::Multi(named)) = &config.vectors else {
            panic!("named vectors");
        };
        assert_eq!(named.len(), 2);
        assert_eq!(named[""].size, 16);
        remove_vector(&mut config, "extra");
        let Some(VectorsConfig::Multi(named)) = &config.vectors else {
            panic!("named vectors");
        };
        assert_eq!(named.keys().collect::<Vec<_>>(), [""]);
    }
}
