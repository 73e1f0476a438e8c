//! The open database: the catalog of collections and every operation of the transport, as
//! blocking functions that [`crate::EmbeddedTransport`] runs on Tokio's blocking pool.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use qdrant_edge::{
    CountRequest, CreateIndex, FieldIndexOperations, JsonPath, ScrollRequest, UpdateOperation,
};
use quadrant_models::{
    CollectionDescription, CollectionExistence, CollectionInfo, CollectionStatus,
    CollectionsResponse, CountPoints, CountResult, CreateCollection, CreateFieldIndex,
    DeleteFieldIndex, DeletePoints, GetPoints, OptimizersStatus, QueryPoints, QueryResponse,
    Record, ScrollPoints, ScrollResult, UpdateQueueInfo, UpdateResult, UpsertPoints,
};
use quadrant_transport::{Operation, Result};

use crate::aliases::{self, Aliases};
use crate::collection::Collection;
use crate::convert::{self, bridge, to_u64};
use crate::error;
use crate::newer;
use crate::query;
use crate::storage::{self, Catalog, CatalogEntry, CollectionPaths, Root};
use crate::updates;

/// An open embedded database.
pub(crate) struct Database {
    root: Arc<Root>,
    /// The open collections, for lookups. Changed only while `catalog` is locked.
    collections: RwLock<BTreeMap<String, Arc<Collection>>>,
    /// The persisted catalog. Its lock serialises creating and deleting collections, and
    /// changing aliases and configurations.
    catalog: Mutex<Catalog>,
    /// The aliases, for lookups: a copy of the catalog's, changed only while `catalog` is
    /// locked.
    aliases: RwLock<Aliases>,
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
            aliases: RwLock::new(catalog.aliases.clone()),
            catalog: Mutex::new(catalog),
        })
    }

    /// The root directory.
    pub(crate) fn path(&self) -> &std::path::Path {
        self.root.path()
    }

    /// The open collection `name`, which may be an alias (resolved first, as on the
    /// server). Every operation on a collection's content finds it here.
    pub(crate) fn collection(&self, name: &str) -> Result<Arc<Collection>> {
        let name = self.resolve(name);
        let collections = self.collections.read().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("collections"));
            poisoned.into_inner()
        });
        collections
            .get(&name)
            .cloned()
            .ok_or_else(|| error::collection_not_found(&name))
    }

    /// The collection an alias names, or `name` itself when it is no alias.
    pub(crate) fn resolve(&self, name: &str) -> String {
        self.aliases()
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    /// The alias table used for lookups.
    pub(crate) fn aliases(&self) -> std::sync::RwLockReadGuard<'_, Aliases> {
        self.aliases.read().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("aliases"));
            poisoned.into_inner()
        })
    }

    /// Replaces the alias table used for lookups; the caller holds the catalog's lock and has
    /// saved the catalog with `aliases`.
    pub(crate) fn set_aliases(&self, aliases: Aliases) {
        *self.aliases.write().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("aliases"));
            poisoned.into_inner()
        }) = aliases;
    }

    /// The root directory's owner.
    pub(crate) fn root(&self) -> &Root {
        &self.root
    }

    /// The root, for a collection opened outside `open` (a recovered snapshot).
    pub(crate) fn root_handle(&self) -> Arc<Root> {
        Arc::clone(&self.root)
    }

    /// The open collections, for changes; the caller holds the catalog's lock.
    pub(crate) fn collections_mut(
        &self,
    ) -> std::sync::RwLockWriteGuard<'_, BTreeMap<String, Arc<Collection>>> {
        self.collections.write().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("collections"));
            poisoned.into_inner()
        })
    }

    pub(crate) fn catalog(&self) -> MutexGuard<'_, Catalog> {
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
        let name = self.resolve(name);
        let collections = self.collections.read().unwrap_or_else(|p| p.into_inner());
        Ok(CollectionExistence {
            exists: collections.contains_key(&name),
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
                config: convert::collection_config(&collection.created(), &edge_config)?,
                payload_schema: convert::payload_schema(info.payload_schema)?,
                update_queue: Some(UpdateQueueInfo {
                    length: 0,
                    deferred_points: None,
                }),
                // The catalog does not record when a collection was created.
                created_at: None,
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
        if catalog.aliases.contains_key(&name) {
            return Err(error::wrong_input(format!(
                "Can't create collection with name {name}. Alias with the same name already exists"
            )));
        }
        // Refused settings fail here, before anything touches the disk.
        newer::create_collection(&request)?;
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

    /// Deletes the collection named exactly `name` (as on the server, an alias is not
    /// resolved here), and its aliases.
    pub(crate) fn delete_collection(&self, name: &str) -> Result<bool> {
        let mut catalog = self.catalog();
        let Some(entry) = catalog.collections.remove(name) else {
            return Ok(false);
        };
        let aliases_before = catalog.aliases.clone();
        aliases::remove_collection(&mut catalog.aliases, name);
        if let Err(e) = self.root.save_catalog(&catalog) {
            catalog.collections.insert(name.to_owned(), entry);
            catalog.aliases = aliases_before;
            return Err(e);
        }
        self.set_aliases(catalog.aliases.clone());
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

    pub(crate) fn create_field_index(&self, mut request: CreateFieldIndex) -> Result<UpdateResult> {
        newer::create_field_index(&mut request.field_schema)?;
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
        let collection = self.collection(&request.collection_name)?;
        let schema = updates::schema(&collection)?;
        collection.write(updates::upsert_points(
            request,
            &schema,
            Operation::UpsertPoints,
        )?)
    }

    /// One batch of a bulk upload: applied like [`Database::upsert_points`], but flushed and
    /// optimised only by [`Database::finish_bulk_upsert`].
    pub(crate) fn bulk_upsert(&self, request: UpsertPoints) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        let schema = updates::schema(&collection)?;
        let points = request.operation.len();
        collection.write_deferred(
            updates::upsert_points(request, &schema, Operation::UpsertPoints)?,
            points,
        )
    }

    /// Ends a bulk upload: flushes its batches and builds the vector index when due.
    pub(crate) fn finish_bulk_upsert(&self, collection_name: &str) -> Result<()> {
        self.collection(collection_name)?.settle()
    }

    pub(crate) fn delete_points(&self, request: DeletePoints) -> Result<UpdateResult> {
        let collection = self.collection(&request.collection_name)?;
        collection.write(updates::delete_points(&request, Operation::DeletePoints)?)
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
                .map(|f| convert::edge_filter(f, "filter", Operation::CountPoints))
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
        convert::check_filter(request.filter.as_ref(), Operation::ScrollPoints)?;
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
