//! The open database: the catalog of collections and every operation of the transport, as
//! blocking functions that [`crate::EmbeddedTransport`] runs on Tokio's blocking pool.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use qdrant_edge::{
    CountRequest, CreateIndex, FieldIndexOperations, JsonPath, PointOperations, ScrollRequest,
    UpdateOperation,
};
use quadrant_models::{
    CollectionDescription, CollectionExistence, CollectionInfo, CollectionStatus,
    CollectionsResponse, CountPoints, CountResult, CreateCollection, CreateFieldIndex,
    DeleteFieldIndex, DeletePoints, GetPoints, OptimizersStatus, PointsSelector, QueryPoints,
    QueryResponse, Record, ScrollPoints, ScrollResult, UpdateQueueInfo, UpdateResult, UpsertPoints,
};
use quadrant_transport::{Operation, Result};

use crate::collection::Collection;
use crate::convert::{self, bridge, to_u64};
use crate::error;
use crate::query;
use crate::storage::{self, Catalog, CatalogEntry, CollectionPaths, Root};

/// An open embedded database.
pub(crate) struct Database {
    root: Arc<Root>,
    /// The open collections, for lookups. Changed only while `catalog` is locked.
    collections: RwLock<BTreeMap<String, Arc<Collection>>>,
    /// The persisted catalog. Its lock serialises creating and deleting collections.
    catalog: Mutex<Catalog>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.root.path())
            .field("memory", &self.root.is_memory())
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens every collection under `root`.
    pub(crate) fn open(root: Root) -> Result<Self> {
        let root = Arc::new(root);
        let catalog = root.load_catalog()?;
        root.remove_orphans(&catalog)?;
        let mut collections = BTreeMap::new();
        for (name, entry) in &catalog.collections {
            let paths = CollectionPaths::new(root.collection_dir(&entry.directory));
            let collection =
                Collection::open(Arc::clone(&root), name.clone(), paths, entry.config.clone())?;
            collections.insert(name.clone(), Arc::new(collection));
        }
        Ok(Database {
            root,
            collections: RwLock::new(collections),
            catalog: Mutex::new(catalog),
        })
    }

    /// The root directory.
    pub(crate) fn path(&self) -> &std::path::Path {
        self.root.path()
    }

    /// The open collection `name`.
    pub(crate) fn collection(&self, name: &str) -> Result<Arc<Collection>> {
        let collections = self.collections.read().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("collections"));
            poisoned.into_inner()
        });
        collections
            .get(name)
            .cloned()
            .ok_or_else(|| error::collection_not_found(name))
    }

    fn collections_mut(
        &self,
    ) -> std::sync::RwLockWriteGuard<'_, BTreeMap<String, Arc<Collection>>> {
        self.collections.write().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("collections"));
            poisoned.into_inner()
        })
    }

    fn catalog(&self) -> MutexGuard<'_, Catalog> {
        self.catalog.lock().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("catalog"));
            poisoned.into_inner()
        })
    }

    // -----------------------------------------------------------------------------------------
    // Collections

    pub(crate) fn get_collections(&self) -> Result<CollectionsResponse> {
        let collections = self.collections.read().unwrap_or_else(|p| p.into_inner());
        Ok(CollectionsResponse {
            collections: collections
                .keys()
                .map(|name| CollectionDescription { name: name.clone() })
                .collect(),
        })
    }

    pub(crate) fn collection_exists(&self, name: &str) -> Result<CollectionExistence> {
        let collections = self.collections.read().unwrap_or_else(|p| p.into_inner());
        Ok(CollectionExistence {
            exists: collections.contains_key(name),
        })
    }

    pub(crate) fn get_collection(&self, name: &str) -> Result<CollectionInfo> {
        let collection = self.collection(name)?;
        collection.read(|shard| {
            let info = shard.info();
            let edge_config = shard.config().clone();
            Ok(CollectionInfo {
                // Optimization runs inside each write, so none is ever pending or running.
                status: CollectionStatus::Green,
                optimizer_status: OptimizersStatus::Ok,
                warnings: Vec::new(),
                indexed_vectors_count: Some(to_u64(info.indexed_vectors_count)),
                points_count: Some(to_u64(info.points_count)),
                segments_count: to_u64(info.segments_count),
                config: convert::collection_config(collection.created(), &edge_config)?,
                payload_schema: convert::payload_schema(info.payload_schema)?,
                update_queue: Some(UpdateQueueInfo {
                    length: 0,
                    deferred_points: None,
                }),
            })
        })
    }

    pub(crate) fn create_collection(&self, request: CreateCollection) -> Result<bool> {
        let name = request.collection_name.clone();
        storage::validate_collection_name(&name)?;
        let mut catalog = self.catalog();
        if catalog.collections.contains_key(&name) {
            return Err(error::collection_exists(&name));
        }
        // Refused settings fail here, before anything touches the disk.
        let edge_config = convert::edge_config(&request, self.root.is_memory())?;

        let directory = storage::new_directory_id();
        let paths = CollectionPaths::new(self.root.collection_dir(&directory));
        let remove_dir = |paths: &CollectionPaths| {
            if let Err(e) = std::fs::remove_dir_all(&paths.dir) {
                tracing::warn!(path = %paths.dir.display(), error = %e, "could not remove the directory of a collection that failed to be created");
            }
        };
        let collection = match Collection::create(
            Arc::clone(&self.root),
            name.clone(),
            paths.clone(),
            request.clone(),
            edge_config,
        ) {
            Ok(collection) => collection,
            Err(e) => {
                remove_dir(&paths);
                return Err(e);
            }
        };

        catalog.collections.insert(
            name.clone(),
            CatalogEntry {
                directory,
                config: request,
            },
        );
        if let Err(e) = self.root.save_catalog(&catalog) {
            catalog.collections.remove(&name);
            collection.close();
            remove_dir(&paths);
            return Err(e);
        }
        self.collections_mut().insert(name, Arc::new(collection));
        Ok(true)
    }

    pub(crate) fn delete_collection(&self, name: &str) -> Result<bool> {
        let mut catalog = self.catalog();
        let Some(entry) = catalog.collections.remove(name) else {
            return Ok(false);
        };
        if let Err(e) = self.root.save_catalog(&catalog) {
            catalog.collections.insert(name.to_owned(), entry);
            return Err(e);
        }
        // From here the collection is gone: the catalog no longer names it, and a crash before
        // the files are removed leaves an orphan directory that the next open removes.
        let collection = self.collections_mut().remove(name);
        if let Some(collection) = collection {
            // Waits for writes in flight, then drops (and flushes) the shard, so that no
            // engine file is written after the directory is removed.
            collection.close();
            if let Err(e) = std::fs::remove_dir_all(collection.dir()) {
                tracing::warn!(path = %collection.dir().display(), error = %e, "could not remove the files of a deleted collection; the next open removes them");
            }
        }
        Ok(true)
    }

    // -----------------------------------------------------------------------------------------
    // Payload indexes

    pub(crate) fn create_field_index(&self, request: CreateFieldIndex) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        // The request's body is exactly the engine's `CreateIndex` in REST JSON.
        let index: CreateIndex =
            convert::bridge_strict(&request, "payload index", Operation::CreateFieldIndex)?;
        collection.write(UpdateOperation::FieldIndexOperation(
            FieldIndexOperations::CreateIndex(index),
        ))
    }

    pub(crate) fn delete_field_index(&self, request: DeleteFieldIndex) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        let key: JsonPath = bridge(&request.field_name, "field name")?;
        collection.write(UpdateOperation::FieldIndexOperation(
            FieldIndexOperations::DeleteIndex(key),
        ))
    }

    // -----------------------------------------------------------------------------------------
    // Points

    pub(crate) fn upsert_points(&self, request: UpsertPoints) -> Result<UpdateResult> {
        const OP: Operation = Operation::UpsertPoints;
        // Exhaustive on purpose: a field added to the model fails to compile here rather than
        // being ignored.
        let UpsertPoints {
            collection_name,
            // Always applied before the answer; one replica; no queue to time out in.
            wait: _,
            ordering: _,
            timeout: _,
            operation,
            shard_key,
            update_filter,
            update_mode,
        } = request;
        if shard_key.is_some() {
            return Err(error::unsupported(OP, "`shard_key` (custom sharding)"));
        }
        let collection = self.collection(&collection_name)?;
        let schema = collection.read(|shard| Ok(shard.config().clone()))?;
        let points =
            qdrant_edge::PointInsertOperations::PointsList(convert::points(operation, &schema)?);

        let operation = if update_filter.is_some() || update_mode.is_some() {
            let condition = match &update_filter {
                Some(filter) => bridge(filter, "update_filter")?,
                // Without a filter every existing point qualifies; only the mode applies.
                None => qdrant_edge::Filter::default(),
            };
            let update_mode = match update_mode {
                None | Some(quadrant_models::UpdateMode::Upsert) => qdrant_edge::UpdateMode::Upsert,
                Some(quadrant_models::UpdateMode::InsertOnly) => {
                    qdrant_edge::UpdateMode::InsertOnly
                }
                Some(quadrant_models::UpdateMode::UpdateOnly) => {
                    qdrant_edge::UpdateMode::UpdateOnly
                }
                Some(other) => {
                    return Err(error::unsupported(OP, format!("update_mode {other:?}")));
                }
            };
            PointOperations::UpsertPointsConditional(qdrant_edge::ConditionalInsertOperation {
                points_op: points,
                condition,
                update_mode: Some(update_mode),
            })
        } else {
            PointOperations::UpsertPoints(points)
        };
        collection.write(UpdateOperation::PointOperation(operation))
    }

    pub(crate) fn delete_points(&self, request: DeletePoints) -> Result<UpdateResult> {
        if request.shard_key.is_some() {
            return Err(error::unsupported(
                Operation::DeletePoints,
                "`shard_key` (custom sharding)",
            ));
        }
        let collection = self.collection(&request.collection_name)?;
        let operation = match &request.selector {
            PointsSelector::Points(ids) => PointOperations::DeletePoints {
                ids: ids.iter().copied().map(convert::point_id_to_edge).collect(),
            },
            PointsSelector::Filter(filter) => {
                PointOperations::DeletePointsByFilter(bridge(filter, "filter")?)
            }
        };
        collection.write(UpdateOperation::PointOperation(operation))
    }

    pub(crate) fn get_points(&self, request: GetPoints) -> Result<Vec<Record>> {
        if request.shard_key.is_some() {
            return Err(error::unsupported(
                Operation::GetPoints,
                "`shard_key` (custom sharding)",
            ));
        }
        let collection = self.collection(&request.collection_name)?;
        let ids: Vec<_> = request
            .ids
            .iter()
            .copied()
            .map(convert::point_id_to_edge)
            .collect();
        let with_payload = request
            .with_payload
            .as_ref()
            .map(|w| bridge(w, "with_payload"))
            .transpose()?;
        let with_vector = request
            .with_vector
            .as_ref()
            .map(|w| bridge(w, "with_vector"))
            .transpose()?;
        collection.read(|shard| {
            let records = shard
                .retrieve(&ids, with_payload, with_vector)
                .map_err(error::engine)?;
            Ok(records.into_iter().map(convert::record).collect())
        })
    }

    pub(crate) fn count_points(&self, request: CountPoints) -> Result<CountResult> {
        if request.shard_key.is_some() {
            return Err(error::unsupported(
                Operation::CountPoints,
                "`shard_key` (custom sharding)",
            ));
        }
        let collection = self.collection(&request.collection_name)?;
        let count = CountRequest {
            filter: request
                .filter
                .as_ref()
                .map(|f| bridge(f, "filter"))
                .transpose()?,
            exact: request.exact.unwrap_or(true),
        };
        collection.read(|shard| {
            let count = shard.count(count).map_err(error::engine)?;
            Ok(CountResult {
                count: to_u64(count),
            })
        })
    }

    pub(crate) fn scroll_points(&self, request: ScrollPoints) -> Result<ScrollResult> {
        if request.shard_key.is_some() {
            return Err(error::unsupported(
                Operation::ScrollPoints,
                "`shard_key` (custom sharding)",
            ));
        }
        if request.limit == Some(0) {
            return Err(error::bad_request("Limit cannot be 0"));
        }
        let collection = self.collection(&request.collection_name)?;
        // The body is the engine's `ScrollRequestInternal` in REST JSON. With `order_by` the
        // engine refuses an `offset` (paging goes through `order_by.start_from`, as on the
        // server) and gives no next page offset.
        let scroll: ScrollRequest = bridge(&request, "scroll request")?;
        collection.read(|shard| {
            let (records, next) = shard.scroll(scroll).map_err(error::engine)?;
            Ok(ScrollResult {
                points: records.into_iter().map(convert::record).collect(),
                next_page_offset: next.map(convert::point_id_from_edge),
            })
        })
    }

    pub(crate) fn query_points(&self, request: QueryPoints) -> Result<QueryResponse> {
        let collection = self.collection(&request.collection_name)?;
        collection.read(|shard| {
            query::Resolver {
                shard,
                collection: &request.collection_name,
                database: self,
                operation: Operation::QueryPoints,
            }
            .run(&request)
        })
    }
}
