//! One open collection: its engine shard, the lock that serialises its writes, and the
//! policy that flushes and optimises after each write.

use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};
use std::time::Instant;

use qdrant_edge::{EdgeConfig, EdgeShard, PointInsertOperations, PointOperations, UpdateOperation};
use quadrant_models::{CreateCollection, UpdateResult, UpdateStatus};
use quadrant_transport::Result;

use crate::error;
use crate::storage::{self, CollectionPaths, Root};

/// An open collection.
///
/// Reads take the shard's read lock and run concurrently. Writes also hold `writer`, which
/// serialises them with each other and with `flush` and `optimize`: the engine's `flush`
/// panics if another thread is inside `update`.
pub(crate) struct Collection {
    name: String,
    paths: CollectionPaths,
    /// The request that created the collection, as stored in the catalog, with the changes
    /// of later `update_collection` and named-vector calls merged in.
    created: RwLock<CreateCollection>,
    /// The engine shard; `None` once the collection is deleted or closed.
    shard: RwLock<Option<EdgeShard>>,
    writer: Mutex<Writer>,
    /// Whether writes are flushed before they are answered (not for `:memory:`).
    durable: bool,
    // Declared after `shard`, so that the shard is dropped (and flushed) before the root's
    // lock is released and a temporary root is removed.
    _root: Arc<Root>,
}

struct Writer {
    last_operation_id: u64,
    /// Points written since the engine last flushed ([`points_written`]).
    unflushed: usize,
}

/// Written points after which the engine is flushed even where a write would not flush it:
/// between the batches of a bulk upload, and on a `:memory:` database.
///
/// The engine keeps every change in memory until `flush` (the id tracker's new mappings and
/// the payload store's pointer updates, about 700 bytes a small point), so a stream of writes
/// that never flushes grows the process by the size of everything written. Flushing at this
/// many points bounds that to a few tens of MiB, at the cost of one flush (tens of ms) per
/// 65,536 points.
const FLUSH_EVERY_POINTS: usize = 1 << 16;

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("name", &self.name)
            .field("dir", &self.paths.dir)
            .finish_non_exhaustive()
    }
}

impl Collection {
    /// Creates the engine shard of a new collection in `paths`.
    pub(crate) fn create(
        root: Arc<Root>,
        name: String,
        paths: CollectionPaths,
        created: CreateCollection,
        config: EdgeConfig,
    ) -> Result<Self> {
        let shard_dir = paths.shard();
        std::fs::create_dir_all(&shard_dir)
            .map_err(|e| error::io(format!("cannot create {}", shard_dir.display()), e))?;
        let shard =
            EdgeShard::new(&shard_dir, config).map_err(|e| error::engine_open(e, root.path()))?;
        // The catalog will name this directory: its entries must survive a crash first, or
        // the next open would find a collection without its shard.
        shard.flush();
        for dir in [&shard_dir, &paths.dir, &root.collections_dir()] {
            storage::sync_dir(dir)
                .map_err(|e| error::io(format!("cannot sync {}", dir.display()), e))?;
        }
        Ok(Self::with_shard(root, name, paths, created, shard))
    }

    /// Opens the engine shard of an existing collection.
    pub(crate) fn open(
        root: Arc<Root>,
        name: String,
        paths: CollectionPaths,
        created: CreateCollection,
    ) -> Result<Self> {
        // `None`: the shard's own `edge_config.json` is what its segments were built with.
        let shard = EdgeShard::load(&paths.shard(), None).map_err(|e| {
            let error = error::engine_open(e, root.path());
            if error.kind() == quadrant_transport::ErrorKind::Usage {
                error
            } else {
                error.with_context(format_args!("cannot open collection `{name}`"))
            }
        })?;
        Ok(Self::with_shard(root, name, paths, created, shard))
    }

    fn with_shard(
        root: Arc<Root>,
        name: String,
        paths: CollectionPaths,
        created: CreateCollection,
        shard: EdgeShard,
    ) -> Self {
        let last_operation_id = paths.load_operation_id();
        Collection {
            durable: !root.is_memory(),
            name,
            paths,
            created: RwLock::new(created),
            shard: RwLock::new(Some(shard)),
            writer: Mutex::new(Writer {
                last_operation_id,
                unflushed: 0,
            }),
            _root: root,
        }
    }

    /// The request that created this collection, with later configuration changes merged in.
    pub(crate) fn created(&self) -> CreateCollection {
        self.created
            .read()
            .unwrap_or_else(|poisoned| {
                tracing::warn!("{}", error::poisoned("created"));
                poisoned.into_inner()
            })
            .clone()
    }

    /// Replaces the stored configuration after the catalog was saved with it.
    pub(crate) fn set_created(&self, created: CreateCollection) {
        *self.created.write().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("created"));
            poisoned.into_inner()
        }) = created;
    }

    /// Runs a read on the shard.
    pub(crate) fn read<T>(&self, read: impl FnOnce(&EdgeShard) -> Result<T>) -> Result<T> {
        let guard = self.shard_guard();
        let shard = guard
            .as_ref()
            .ok_or_else(|| error::collection_not_found(&self.name))?;
        read(shard)
    }

    /// Applies one write, makes it durable, and builds the vector index when it is due.
    ///
    /// The answer is given only after `flush`, because the engine (0.7.2) does not replay its
    /// WAL when it opens a shard: an acknowledged write that was not flushed would be lost by a
    /// crash.
    pub(crate) fn write(&self, operation: UpdateOperation) -> Result<UpdateResult> {
        let mut results = self.write_all(vec![operation])?;
        results.pop().ok_or_else(|| {
            quadrant_transport::Error::new(
                quadrant_transport::ErrorKind::Server,
                "Service internal error: a write produced no result",
            )
        })
    }

    /// Applies several writes in order, as one batch: each gets its own operation id, and
    /// all are flushed once, before the answer.
    ///
    /// The first write that fails stops the batch and its error is the answer; the writes
    /// before it stay applied (and are flushed), as on the server.
    pub(crate) fn write_all(&self, operations: Vec<UpdateOperation>) -> Result<Vec<UpdateResult>> {
        self.apply(operations, None)
    }

    /// Applies one batch of a bulk upload, leaving the flush and the optimisation to
    /// [`Collection::settle`], which the upload calls once at its end.
    ///
    /// Flushing and planning after every batch would cost a bulk upload most of its time, and
    /// building the vector index while points still stream in would build it several times.
    ///
    /// `points` is the number of points the batch writes: the engine is still flushed every
    /// [`FLUSH_EVERY_POINTS`], so that the upload's memory stays flat.
    pub(crate) fn write_deferred(
        &self,
        operation: UpdateOperation,
        points: usize,
    ) -> Result<UpdateResult> {
        let mut results = self.apply(vec![operation], Some(points))?;
        results.pop().ok_or_else(|| {
            quadrant_transport::Error::new(
                quadrant_transport::ErrorKind::Server,
                "Service internal error: a write produced no result",
            )
        })
    }

    /// Makes every write applied so far durable and builds the vector index when it is due: the
    /// end of a bulk upload.
    pub(crate) fn settle(&self) -> Result<()> {
        let mut writer = self.writer();
        let guard = self.shard_guard();
        let shard = guard
            .as_ref()
            .ok_or_else(|| error::collection_not_found(&self.name))?;
        self.after_writes(shard, &mut writer, true);
        Ok(())
    }

    /// Applies `operations` in order. `deferred` is `None` for a write that settles (flushes
    /// and optimises) before it answers, and the number of points of a bulk-upload batch,
    /// which only flushes every [`FLUSH_EVERY_POINTS`].
    fn apply(
        &self,
        operations: Vec<UpdateOperation>,
        deferred: Option<usize>,
    ) -> Result<Vec<UpdateResult>> {
        let written = deferred.unwrap_or_else(|| operations.iter().map(points_written).sum());
        let mut writer = self.writer();
        let guard = self.shard_guard();
        let shard = guard
            .as_ref()
            .ok_or_else(|| error::collection_not_found(&self.name))?;

        let mut results = Vec::with_capacity(operations.len());
        let mut failure = None;
        for operation in operations {
            if let Err(e) = shard.update(operation) {
                failure = Some(error::engine(e));
                break;
            }
            writer.last_operation_id += 1;
            results.push(UpdateResult {
                operation_id: Some(writer.last_operation_id),
                status: UpdateStatus::Completed,
            });
        }
        writer.unflushed = writer.unflushed.saturating_add(written);
        // Flushed even when an update failed: the engine may have applied part of it, and
        // what a read can see should be what survives a crash.
        if deferred.is_none() {
            self.after_writes(shard, &mut writer, !results.is_empty());
        } else if writer.unflushed >= FLUSH_EVERY_POINTS {
            shard.flush();
            writer.unflushed = 0;
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(results),
        }
    }

    /// Flushes (a `:memory:` database is never reopened, so it skips the cost until
    /// [`FLUSH_EVERY_POINTS`] have piled up) and, when something `changed`, optimises when due
    /// and records the operation id.
    fn after_writes(&self, shard: &EdgeShard, writer: &mut Writer, changed: bool) {
        if self.durable || writer.unflushed >= FLUSH_EVERY_POINTS {
            shard.flush();
            writer.unflushed = 0;
        }
        if !changed {
            return;
        }
        optimize_if_due(&self.name, shard, self.durable);
        if self.durable
            && let Err(e) = self.paths.save_operation_id(writer.last_operation_id)
        {
            // The writes are durable; only the id counter may repeat after a restart.
            tracing::warn!(collection = %self.name, error = %e, "could not record the operation id");
        }
    }

    /// Applies a new engine configuration (index, quantization, optimizer and storage
    /// settings) by reopening the shard with it, then rebuilds the segments whose settings
    /// changed. The engine has setters only for the HNSW and optimizer settings; reopening
    /// covers every setting the same way and costs a flush and a few milliseconds.
    ///
    /// When the shard refuses the new configuration, it is reopened with its previous one.
    pub(crate) fn reconfigure(&self, config: EdgeConfig) -> Result<()> {
        let _writer = self.writer();
        let mut guard = self.shard.write().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("shard"));
            poisoned.into_inner()
        });
        let Some(shard) = guard.take() else {
            return Err(error::collection_not_found(&self.name));
        };
        if *shard.config() == config {
            *guard = Some(shard);
            return Ok(());
        }
        // The engine flushes on drop; nothing else is inside the shard while we hold both locks.
        drop(shard);
        let shard_dir = self.paths.shard();
        match EdgeShard::load(&shard_dir, Some(config)) {
            Ok(shard) => {
                optimize_if_due(&self.name, &shard, self.durable);
                *guard = Some(shard);
                Ok(())
            }
            Err(e) => {
                let refused = error::engine(e);
                // The refused configuration was not saved: the shard's own file still holds
                // the previous one.
                match EdgeShard::load(&shard_dir, None) {
                    Ok(shard) => *guard = Some(shard),
                    Err(e) => {
                        tracing::error!(collection = %self.name, error = %e, "could not reopen the collection after a refused configuration change");
                    }
                }
                Err(refused)
            }
        }
    }

    /// Flushes and closes the shard; later calls answer "collection doesn't exist".
    pub(crate) fn close(&self) {
        let _writer = self.writer();
        let shard = match self.shard.write() {
            Ok(mut guard) => guard.take(),
            Err(poisoned) => {
                tracing::warn!("{}", error::poisoned("shard"));
                poisoned.into_inner().take()
            }
        };
        // The engine flushes on drop; no other thread is inside the shard now.
        drop(shard);
    }

    /// The directory of this collection.
    pub(crate) fn dir(&self) -> &std::path::Path {
        &self.paths.dir
    }

    /// Flushes the shard and holds off writes (and closing) until the guard is dropped, so
    /// that its files can be copied into a snapshot. Reads go on meanwhile.
    pub(crate) fn hold_writes(&self) -> Result<HeldWrites<'_>> {
        let writer = self.writer();
        let shard = self.shard_guard();
        let Some(engine) = shard.as_ref() else {
            return Err(error::collection_not_found(&self.name));
        };
        // Also for `:memory:`, whose writes are otherwise never flushed: the files are what
        // the snapshot copies.
        engine.flush();
        Ok(HeldWrites {
            _writer: writer,
            _shard: shard,
        })
    }

    fn shard_guard(&self) -> RwLockReadGuard<'_, Option<EdgeShard>> {
        self.shard.read().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("shard"));
            poisoned.into_inner()
        })
    }

    fn writer(&self) -> MutexGuard<'_, Writer> {
        self.writer.lock().unwrap_or_else(|poisoned| {
            tracing::warn!("{}", error::poisoned("writer"));
            poisoned.into_inner()
        })
    }
}

/// The points `operation` writes, for [`FLUSH_EVERY_POINTS`]: the points of an upsert, the ids of
/// a delete, and one for any other operation, whose size the engine does not tell.
fn points_written(operation: &UpdateOperation) -> usize {
    let inserted = |points: &PointInsertOperations| match points {
        PointInsertOperations::PointsList(points) => points.len(),
        PointInsertOperations::PointsBatch(batch) => batch.ids.len(),
    };
    match operation {
        UpdateOperation::PointOperation(PointOperations::UpsertPoints(points)) => inserted(points),
        UpdateOperation::PointOperation(PointOperations::UpsertPointsConditional(conditional)) => {
            inserted(&conditional.points_op)
        }
        UpdateOperation::PointOperation(PointOperations::DeletePoints { ids }) => ids.len(),
        _ => 1,
    }
    .max(1)
}

/// Runs the engine's optimizers when they have work: the same planner and thresholds as the
/// server's background optimizer (indexing above `indexing_threshold`, vacuum above
/// `deleted_threshold`, merging down to `default_segment_number`). When nothing is due,
/// `optimize` only plans and returns.
///
/// The caller holds the write lock. A failure is logged and not returned: the write itself
/// succeeded and is durable; the next write tries again.
fn optimize_if_due(collection: &str, shard: &EdgeShard, durable: bool) {
    let started = Instant::now();
    match shard.optimize() {
        Ok(true) => {
            if durable {
                shard.flush();
            }
            tracing::debug!(
                collection,
                elapsed_ms = started.elapsed().as_millis(),
                "optimized segments (vector index built or segments merged/vacuumed)"
            );
        }
        Ok(false) => {}
        Err(e) => {
            tracing::warn!(collection, error = %e, "optimizing the collection failed; will retry after the next write");
        }
    }
}

/// Writes to one collection held off, and its files flushed; see [`Collection::hold_writes`].
pub(crate) struct HeldWrites<'a> {
    _writer: MutexGuard<'a, Writer>,
    _shard: RwLockReadGuard<'a, Option<EdgeShard>>,
}

#[cfg(test)]
mod tests {
    use qdrant_edge::{PointOperations, UpdateOperation};
    use quadrant_models::{Distance, PointId, PointStruct, UpsertPoints, VectorParams};

    use super::points_written;
    use crate::{convert, updates};

    #[test]
    fn writes_count_their_points() {
        let created = quadrant_models::CreateCollection::new("c")
            .vectors_config(VectorParams::new(2, Distance::Dot));
        let schema = convert::edge_config(&created, true).unwrap();
        let points: Vec<PointStruct> = (0..7_u64)
            .map(|id| PointStruct::new(id, vec![1.0, 0.0], Default::default()))
            .collect();
        let upsert = updates::upsert_points(
            UpsertPoints::new("c", points),
            &schema,
            quadrant_transport::Operation::UpsertPoints,
        )
        .unwrap();
        assert_eq!(points_written(&upsert), 7);

        let ids = (0..3_u64)
            .map(|id| convert::point_id_to_edge(PointId::from(id)))
            .collect();
        let delete = UpdateOperation::PointOperation(PointOperations::DeletePoints { ids });
        assert_eq!(points_written(&delete), 3);
        // An empty write still counts, so that a stream of them flushes eventually.
        let empty = UpdateOperation::PointOperation(PointOperations::DeletePoints { ids: vec![] });
        assert_eq!(points_written(&empty), 1);
    }
}
