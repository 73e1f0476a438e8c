//! A quadrant [`Transport`] that runs the real Qdrant engine ([`qdrant-edge`] 0.7.2) in-process.
//!
//! [`EmbeddedTransport::memory`] gives a private database that disappears on drop;
//! [`EmbeddedTransport::open`] opens (or creates) a persistent one in a directory. Both answer
//! the same requests, with the same models and the same error messages, as a Qdrant 1.18
//! server.
//!
//! # Storage
//!
//! A database is a directory: a lock file, a catalog (`catalog.json`) and one engine shard per
//! collection under `collections/`. The catalog stores each collection's create request as
//! given, so [`get_collection`](Transport::get_collection) reports it back. One process at a
//! time may open a directory: a second [`EmbeddedTransport::open`], in this process or
//! another, fails with [`ErrorKind::Usage`].
//!
//! # Durability
//!
//! Every write (upsert, delete, payload index) is applied, then flushed to disk, and only
//! then answered. The engine does not replay its write-ahead log when it opens a shard, so a
//! write that was answered but not flushed would be lost if the process died. Writes to one
//! collection are serialised; reads run concurrently with them. Flushing costs a few
//! milliseconds per write, so send points in batches. A `:memory:` database is never reopened
//! and skips the flush; its collections also use 1 MiB WAL segments instead of the server's
//! 32 MiB (reported in `wal_config`). Every answer has status `completed`, also for
//! `wait: false`.
//!
//! `operation_id` is a per-collection counter, stored next to the shard without an fsync: it
//! increases across clean restarts but may repeat after a crash. (The server's id is its WAL
//! position; the engine does not expose it.)
//!
//! # Vector index
//!
//! The engine has no background optimizer. After each write, this transport runs the engine's
//! optimizers in the writing call, with the server's planner and thresholds: a segment gets an
//! HNSW index once its vectors pass the collection's `indexing_threshold` (10,000 KiB by
//! default, about 20,000 vectors of 128 dimensions), segments with many deleted points are
//! vacuumed, and small segments are merged. When nothing is due this costs only the planning.
//! The write that crosses the threshold returns once the index is built (seconds for tens of
//! thousands of vectors); so a collection is always `green` and every query uses the index as
//! soon as the server would have built it. `hnsw_ef` and `exact` in search params are passed to
//! the engine.
//!
//! # Settings without effect
//!
//! `shard_number`, `replication_factor`, `write_consistency_factor`, `strict_mode_config`,
//! `metadata` and the optimizer's `flush_interval_sec`, `max_optimization_threads` and
//! `memmap_threshold` are stored and reported back but change nothing in-process. Read
//! `consistency`, write `ordering` and `timeout` are accepted and have no effect (one replica,
//! no queue). Custom sharding, `shard_key`, `lookup_from`, server-side inference (documents,
//! images, objects) and the query kinds `recommend`, `discover`, `context`, `formula` and
//! `relevance_feedback` return [`ErrorKind::Unsupported`].
//!
//! [`qdrant-edge`]: https://crates.io/crates/qdrant-edge

mod collection;
mod convert;
mod database;
mod error;
mod query;
mod storage;

use std::path::Path;
use std::sync::Arc;

use quadrant_transport::models::*;
use quadrant_transport::{Error, ErrorKind, Result, Transport};

use crate::database::Database;
use crate::storage::Root;

/// A [`Transport`] that serves every request with the Qdrant engine, in this process.
///
/// Cloning is cheap and shares the database. The files stay locked until the last clone is
/// dropped and every request in flight has finished.
#[derive(Clone)]
pub struct EmbeddedTransport {
    database: Arc<Database>,
}

impl std::fmt::Debug for EmbeddedTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedTransport")
            .field("path", &self.database.path())
            .finish()
    }
}

impl EmbeddedTransport {
    /// Opens a private, temporary database (`:memory:` in other clients).
    ///
    /// Its files live in a new temporary directory, which is removed when the transport and
    /// its clones are dropped.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Server`] when the temporary directory cannot be created.
    pub fn memory() -> Result<Self> {
        Ok(EmbeddedTransport {
            database: Arc::new(Database::open(Root::temporary()?)?),
        })
    }

    /// Opens the persistent database in `path`, creating the directory if needed, and reopens
    /// every collection stored there.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Usage`] when another process (or another `EmbeddedTransport` in this one)
    /// has the directory open; [`ErrorKind::Server`] when the files cannot be read.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Ok(EmbeddedTransport {
            database: Arc::new(Database::open(Root::open(path.as_ref())?)?),
        })
    }

    /// The directory that holds the database (a temporary one for [`EmbeddedTransport::memory`]).
    pub fn path(&self) -> &Path {
        self.database.path()
    }

    /// Runs `call` on Tokio's blocking pool: engine calls are CPU- and disk-bound and must not
    /// stall the async executor.
    async fn blocking<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Database) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::new(
                ErrorKind::Usage,
                "the embedded transport must be called from within a Tokio runtime",
            ));
        }
        let database = Arc::clone(&self.database);
        tokio::task::spawn_blocking(move || call(&database))
            .await
            .map_err(error::join)?
    }
}

#[quadrant_transport::async_trait]
impl Transport for EmbeddedTransport {
    fn name(&self) -> &'static str {
        error::TRANSPORT
    }

    async fn get_collections(&self, _request: ()) -> Result<CollectionsResponse> {
        self.blocking(Database::get_collections).await
    }

    async fn get_collection(&self, request: GetCollection) -> Result<CollectionInfo> {
        self.blocking(move |db| db.get_collection(&request.collection_name))
            .await
    }

    async fn create_collection(&self, request: CreateCollection) -> Result<bool> {
        self.blocking(move |db| db.create_collection(request)).await
    }

    async fn delete_collection(&self, request: DeleteCollection) -> Result<bool> {
        self.blocking(move |db| db.delete_collection(&request.collection_name))
            .await
    }

    async fn collection_exists(&self, request: CollectionExists) -> Result<CollectionExistence> {
        self.blocking(move |db| db.collection_exists(&request.collection_name))
            .await
    }

    async fn create_field_index(&self, request: CreateFieldIndex) -> Result<UpdateResult> {
        self.blocking(move |db| db.create_field_index(request))
            .await
    }

    async fn delete_field_index(&self, request: DeleteFieldIndex) -> Result<UpdateResult> {
        self.blocking(move |db| db.delete_field_index(request))
            .await
    }

    async fn upsert_points(&self, request: UpsertPoints) -> Result<UpdateResult> {
        self.blocking(move |db| db.upsert_points(request)).await
    }

    async fn get_points(&self, request: GetPoints) -> Result<Vec<Record>> {
        self.blocking(move |db| db.get_points(request)).await
    }

    async fn delete_points(&self, request: DeletePoints) -> Result<UpdateResult> {
        self.blocking(move |db| db.delete_points(request)).await
    }

    async fn count_points(&self, request: CountPoints) -> Result<CountResult> {
        self.blocking(move |db| db.count_points(request)).await
    }

    async fn scroll_points(&self, request: ScrollPoints) -> Result<ScrollResult> {
        self.blocking(move |db| db.scroll_points(request)).await
    }

    async fn query_points(&self, request: QueryPoints) -> Result<QueryResponse> {
        self.blocking(move |db| db.query_points(request)).await
    }
}
