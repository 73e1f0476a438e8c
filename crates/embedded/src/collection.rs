//! One open collection: its engine shard, the lock that serialises its writes, and the
//! policy that flushes and optimises after each write.

use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};
use std::time::Instant;

use qdrant_edge::{EdgeConfig, EdgeShard, UpdateOperation};
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
    /// The request that created the collection, as stored in the catalog.
    created: CreateCollection,
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
}

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
                quadrant_transport::Error::new(
                    error.kind(),
                    format!("cannot open collection `{name}`: {}", error.message()),
                )
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
            created,
            shard: RwLock::new(Some(shard)),
            writer: Mutex::new(Writer { last_operation_id }),
            _root: root,
        }
    }

    /// The request that created this collection.
    pub(crate) fn created(&self) -> &CreateCollection {
        &self.created
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
        let mut writer = self.writer();
        let guard = self.shard_guard();
        let shard = guard
            .as_ref()
            .ok_or_else(|| error::collection_not_found(&self.name))?;

        let applied = shard.update(operation).map_err(error::engine);
        // Flushed even when the update failed: the engine may have applied part of it, and
        // what a read can see should be what survives a crash. A `:memory:` database is
        // never reopened, so it skips the cost.
        if self.durable {
            shard.flush();
        }
        applied?;

        optimize_if_due(&self.name, shard, self.durable);

        writer.last_operation_id += 1;
        let operation_id = writer.last_operation_id;
        if self.durable
            && let Err(e) = self.paths.save_operation_id(operation_id)
        {
            // The write itself is durable; only the id counter may repeat after a restart.
            tracing::warn!(collection = %self.name, error = %e, "could not record the operation id");
        }
        Ok(UpdateResult {
            operation_id: Some(operation_id),
            status: UpdateStatus::Completed,
        })
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
