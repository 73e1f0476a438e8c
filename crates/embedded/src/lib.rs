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
//! and skips the flush, except once every 65,536 points written, because the engine holds every
//! unflushed change in memory as well; its collections also use 1 MiB WAL segments instead of
//! the server's 32 MiB (reported in `wal_config`). Every answer has status `completed`, also
//! for `wait: false`.
//!
//! A bulk upload (the facade's `upload_points`) is the exception: its batches are applied as
//! they arrive, flushed every 65,536 points (for the memory above), and flushed, with the vector
//! index built, once more at the end of the upload, before it returns
//! ([`Transport::bulk_upsert`], [`Transport::finish_bulk_upsert`]). A crash during an upload can
//! lose the batches written since the last of those flushes, which the upload had not yet
//! reported done.
//!
//! `operation_id` is a per-collection counter, stored next to the shard without an fsync: it
//! increases across clean restarts but may repeat after a crash. (The server's id is its WAL
//! position; the engine does not expose it.)
//!
//! # Threads
//!
//! Engine calls are blocking work. On a multi-thread Tokio runtime each runs in place on the
//! calling task's thread (`tokio::task::block_in_place`), which halves the latency of a fast
//! query compared with a hop to the blocking pool; calls joined within one task (`join!`) then
//! run one after another, so spawn tasks to run them side by side. On a current-thread runtime
//! calls go to the blocking pool. A deadline (`with_timeout`) cannot stop an engine call that
//! has started: on a multi-thread runtime it is noticed when the call returns, on a
//! current-thread one the caller stops waiting while the call finishes in the pool.
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
//! # Changing a collection
//!
//! `update_collection` applies what the engine can apply in process, and reports it back:
//! `hnsw_config`, `optimizers_config` (the engine's deleted threshold, vacuum minimum, segment
//! number and size, indexing threshold and `prevent_unoptimized`), `quantization_config`,
//! per-vector `hnsw_config`, `quantization_config` and `on_disk`, `sparse_vectors` (`modifier`
//! and index settings) and `params.on_disk_payload`. The shard is reopened with the new
//! settings and the segments they affect are rebuilt before the call returns.
//! `params.replication_factor`, `params.write_consistency_factor`, `strict_mode_config` and
//! `metadata` (merged key by key; a key set to `null` is removed) are stored and reported back, without effect (see below).
//! `params.read_fan_out_factor` and `params.read_fan_out_delay_ms` are refused as
//! [`ErrorKind::Unsupported`]: there is one replica to read from. `create_vector_name` and
//! `delete_vector_name` add and remove a named vector with its data; creating a name that
//! exists, or deleting one that does not, is refused.
//!
//! # Aliases and points
//!
//! Aliases persist in the catalog and are accepted wherever a collection name is, as on the
//! server (except `delete_collection`, which takes the collection's own name). One
//! `update_aliases` call applies all its actions or none. Deleting a collection deletes its
//! aliases. In a `batch_update`, every operation is checked before any is applied; the
//! operations run in order, each with its own operation id, and are flushed once; one that the
//! engine refuses stops the batch, and those before it stay applied, as on the server.
//!
//! # Service
//!
//! `root` names the embedded engine and its version; `healthz`, `livez` and `readyz` answer
//! the server's texts (the engine is in this process, and every collection is loaded when the
//! transport opens); `cluster_status` is `disabled`; `collection_cluster_info` describes one
//! local shard (id 0, active, every point), with peer id 0; `get_optimizations` reports no
//! queued or running optimization (they run inside each write) and refuses `completed` and
//! `idle_segments`, which are not recorded. `telemetry`, `metrics`, `get_issues` and
//! `clear_issues` return [`ErrorKind::Unsupported`]: the engine keeps no request statistics
//! and detects no issues, so any answer would be made up. So do `get_quotas` and
//! `update_quotas` (Qdrant 1.19): the engine enforces no resource quota.
//!
//! # Settings without effect
//!
//! `shard_number`, `replication_factor`, `write_consistency_factor`, `strict_mode_config`,
//! `metadata` and the optimizer's `flush_interval_sec`, `max_optimization_threads` and
//! `memmap_threshold` are stored and reported back but change nothing in-process. Read
//! `consistency`, write `ordering` and `timeout` are accepted and have no effect (one replica,
//! no queue). Custom sharding, `shard_key` (also in `lookup_from`) and server-side inference
//! (documents, images, objects) return [`ErrorKind::Unsupported`].
//!
//! # Queries
//!
//! Every kind of universal query is served, with prefetches and `lookup_from` (another
//! collection of the same database). What the engine lacks is built on top of it with the
//! server's semantics: point ids used as examples are resolved to their vectors (and left out
//! of the results, as the server does), `average_vector` recommendations average them, and
//! grouped queries, query batches and the distance matrix are composed from engine queries.
//! The classic search, recommend and discover endpoints are translated into universal queries.
//!
//! [`qdrant-edge`]: https://crates.io/crates/qdrant-edge

mod aliases;
mod collection;
mod convert;
mod database;
mod error;
mod groups;
mod legacy;
mod matrix;
mod newer;
mod query;
mod settings;
mod snapshots;
mod storage;
mod updates;

use std::path::Path;
use std::sync::Arc;

use quadrant_transport::models::*;
use quadrant_transport::{
    Capabilities, Error, ErrorKind, Operation, Result, SnapshotDownload, Transport,
};

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
    /// [`ErrorKind::Io`] when the temporary directory cannot be created.
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
    /// has the directory open; [`ErrorKind::Io`] when the directory cannot be created or its
    /// files cannot be read.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Ok(EmbeddedTransport {
            database: Arc::new(Database::open(Root::open(path.as_ref())?)?),
        })
    }

    /// Restores a full snapshot (from [`create_full_snapshot`](Transport::create_full_snapshot))
    /// into the directory `path`, which must be empty or missing, and opens it: every
    /// collection and alias of the snapshot is there. This is the embedded counterpart of
    /// starting a Qdrant server from a storage snapshot; collection snapshots are recovered
    /// with [`recover_from_snapshot`](Transport::recover_from_snapshot) instead.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Usage`] when `path` is not empty or is open elsewhere;
    /// [`ErrorKind::InvalidArgument`] when `snapshot` is not a full snapshot of this
    /// transport, or is damaged or truncated; [`ErrorKind::NotFound`] when it does not exist.
    pub fn open_from_snapshot(path: impl AsRef<Path>, snapshot: impl AsRef<Path>) -> Result<Self> {
        let root = snapshots::restore_full(path.as_ref(), snapshot.as_ref())?;
        Ok(EmbeddedTransport {
            database: Arc::new(Database::open(root)?),
        })
    }

    /// The directory that holds the database (a temporary one for [`EmbeddedTransport::memory`]).
    pub fn path(&self) -> &Path {
        self.database.path()
    }

    /// Runs an engine call, which is CPU- and disk-bound, without stalling the async executor.
    ///
    /// On a multi-thread runtime it runs in place (`block_in_place`: the worker's other tasks
    /// move to another thread), which saves two thread hand-offs per call: a 20k-point query
    /// took 0.21 ms instead of 0.39 ms (`cargo xtask bench embedded/query`). A current-thread
    /// runtime cannot spare its thread, so there it goes to the blocking pool.
    async fn blocking<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Database) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Err(Error::new(
                ErrorKind::Usage,
                "the embedded transport must be called from within a Tokio runtime",
            ));
        };
        if runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread {
            return tokio::task::block_in_place(|| call(&self.database));
        }
        let database = Arc::clone(&self.database);
        tokio::task::spawn_blocking(move || call(&database))
            .await
            .map_err(error::join)?
    }

    /// Serves a classic endpoint translated into one query, answering its points.
    async fn legacy(
        &self,
        operation: Operation,
        searches: Vec<QueryPoints>,
    ) -> Result<Vec<ScoredPoint>> {
        let answers = self.legacy_batch(operation, searches).await?;
        Ok(answers.into_iter().flatten().collect())
    }

    /// Serves a classic batch endpoint translated into queries on one collection.
    async fn legacy_batch(
        &self,
        operation: Operation,
        searches: Vec<QueryPoints>,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        let Some(collection_name) = searches.first().map(|s| s.collection_name.clone()) else {
            return Ok(Vec::new());
        };
        let answers = self
            .blocking(move |db| query::run_batch(db, &collection_name, &searches, operation))
            .await?;
        Ok(answers.into_iter().map(|answer| answer.points).collect())
    }
}

/// The version of the engine, pinned with `=` in the workspace manifest.
pub(crate) const ENGINE_VERSION: &str = "0.7.2";

/// The server's answer to `/healthz` and `/livez`.
const HEALTHY: &str = "healthz check passed";

/// The server's answer to `/readyz` once every shard is loaded.
const READY: &str = "all shards are ready";

/// What [`Transport::root`] reports: the embedded engine and its version, not a server.
fn version_info() -> VersionInfo {
    VersionInfo {
        title: format!("quadrant embedded transport (qdrant-edge {ENGINE_VERSION}, in process)"),
        version: ENGINE_VERSION.to_owned(),
        commit: None,
    }
}

#[quadrant_transport::async_trait]
impl Transport for EmbeddedTransport {
    fn name(&self) -> &'static str {
        error::TRANSPORT
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::all_except(&[
            Operation::Telemetry,
            Operation::Metrics,
            Operation::GetIssues,
            Operation::ClearIssues,
            Operation::GetQuotas,
            Operation::UpdateQuotas,
            Operation::CreateShardKey,
            Operation::DeleteShardKey,
            Operation::ListShardKeys,
            Operation::ClusterTelemetry,
            Operation::RecoverCurrentPeer,
            Operation::RemovePeer,
            Operation::UpdateCollectionCluster,
        ])
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

    async fn bulk_upsert(&self, request: UpsertPoints) -> Result<UpdateResult> {
        self.blocking(move |db| db.bulk_upsert(request)).await
    }

    async fn finish_bulk_upsert(&self, collection_name: String) -> Result<()> {
        self.blocking(move |db| db.finish_bulk_upsert(&collection_name))
            .await
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
    async fn root(&self, _request: ()) -> Result<VersionInfo> {
        Ok(version_info())
    }

    async fn healthz(&self, _request: ()) -> Result<String> {
        // The engine runs inside this process: if this call runs, it is alive.
        Ok(HEALTHY.to_owned())
    }

    async fn livez(&self, _request: ()) -> Result<String> {
        Ok(HEALTHY.to_owned())
    }

    async fn readyz(&self, _request: ()) -> Result<String> {
        // Every collection was opened before the transport existed.
        Ok(READY.to_owned())
    }

    async fn telemetry(&self, _request: Telemetry) -> Result<TelemetryData> {
        Err(Error::unsupported(Operation::Telemetry, self.name()))
    }

    async fn metrics(&self, _request: Metrics) -> Result<String> {
        Err(Error::unsupported(Operation::Metrics, self.name()))
    }

    async fn get_issues(&self, _request: ()) -> Result<IssuesReport> {
        Err(Error::unsupported(Operation::GetIssues, self.name()))
    }

    async fn clear_issues(&self, _request: ()) -> Result<bool> {
        Err(Error::unsupported(Operation::ClearIssues, self.name()))
    }

    async fn get_quotas(&self, _request: ()) -> Result<QuotaStatus> {
        Err(Error::unsupported(Operation::GetQuotas, self.name()))
    }

    async fn update_quotas(&self, _request: UpdateQuotas) -> Result<bool> {
        Err(Error::unsupported(Operation::UpdateQuotas, self.name()))
    }

    async fn update_collection(&self, request: UpdateCollection) -> Result<bool> {
        self.blocking(move |db| db.update_collection(request)).await
    }

    async fn create_vector_name(&self, request: CreateVectorName) -> Result<UpdateResult> {
        self.blocking(move |db| db.create_vector_name(request))
            .await
    }

    async fn delete_vector_name(&self, request: DeleteVectorName) -> Result<UpdateResult> {
        self.blocking(move |db| db.delete_vector_name(request))
            .await
    }

    async fn get_optimizations(&self, request: GetOptimizations) -> Result<OptimizationsResponse> {
        self.blocking(move |db| db.get_optimizations(request)).await
    }

    async fn update_aliases(&self, request: ChangeAliasesOperation) -> Result<bool> {
        self.blocking(move |db| db.update_aliases(request)).await
    }

    async fn get_collection_aliases(
        &self,
        request: ListCollectionAliases,
    ) -> Result<CollectionsAliasesResponse> {
        self.blocking(move |db| db.get_collection_aliases(&request))
            .await
    }

    async fn get_collections_aliases(&self, _request: ()) -> Result<CollectionsAliasesResponse> {
        self.blocking(Database::get_collections_aliases).await
    }

    async fn get_point(&self, request: GetPoint) -> Result<Record> {
        self.blocking(move |db| db.get_point(request)).await
    }

    async fn update_vectors(&self, request: UpdatePointVectors) -> Result<UpdateResult> {
        self.blocking(move |db| db.update_vectors(request)).await
    }

    async fn delete_vectors(&self, request: DeletePointVectors) -> Result<UpdateResult> {
        self.blocking(move |db| db.delete_vectors(request)).await
    }

    async fn set_payload(&self, request: SetPayloadPoints) -> Result<UpdateResult> {
        self.blocking(move |db| db.set_payload(request)).await
    }

    async fn overwrite_payload(&self, request: SetPayloadPoints) -> Result<UpdateResult> {
        self.blocking(move |db| db.overwrite_payload(request)).await
    }

    async fn delete_payload(&self, request: DeletePayloadPoints) -> Result<UpdateResult> {
        self.blocking(move |db| db.delete_payload(request)).await
    }

    async fn clear_payload(&self, request: ClearPayloadPoints) -> Result<UpdateResult> {
        self.blocking(move |db| db.clear_payload(request)).await
    }

    async fn batch_update(&self, request: UpdateBatchPoints) -> Result<Vec<UpdateResult>> {
        self.blocking(move |db| db.batch_update(request)).await
    }

    async fn query_batch_points(&self, request: QueryBatchPoints) -> Result<Vec<QueryResponse>> {
        self.blocking(move |db| {
            query::run_batch(
                db,
                &request.collection_name,
                &request.searches,
                Operation::QueryBatchPoints,
            )
        })
        .await
    }

    async fn query_points_groups(&self, request: QueryPointGroups) -> Result<GroupsResult> {
        self.blocking(move |db| groups::query_groups(db, request, Operation::QueryPointsGroups))
            .await
    }

    async fn facet(&self, request: FacetCounts) -> Result<FacetResponse> {
        self.blocking(move |db| matrix::facet(db, request)).await
    }

    async fn search_matrix_pairs(
        &self,
        request: SearchMatrixPoints,
    ) -> Result<SearchMatrixPairsResponse> {
        self.blocking(move |db| {
            matrix::search_matrix(db, request, Operation::SearchMatrixPairs).map(|m| m.pairs())
        })
        .await
    }

    async fn search_matrix_offsets(
        &self,
        request: SearchMatrixPoints,
    ) -> Result<SearchMatrixOffsetsResponse> {
        self.blocking(move |db| {
            matrix::search_matrix(db, request, Operation::SearchMatrixOffsets).map(|m| m.offsets())
        })
        .await
    }

    async fn search_points(&self, request: SearchPoints) -> Result<Vec<ScoredPoint>> {
        self.legacy(Operation::SearchPoints, vec![legacy::search(request)])
            .await
    }

    async fn search_batch_points(
        &self,
        request: SearchBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        let collection_name = request.collection_name;
        let searches = request.searches.into_iter().map(|search| QueryPoints {
            collection_name: collection_name.clone(),
            ..legacy::search(search)
        });
        self.legacy_batch(Operation::SearchBatchPoints, searches.collect())
            .await
    }

    async fn search_point_groups(&self, request: SearchPointGroups) -> Result<GroupsResult> {
        self.blocking(move |db| {
            groups::query_groups(
                db,
                legacy::search_groups(request),
                Operation::SearchPointGroups,
            )
        })
        .await
    }

    async fn recommend_points(&self, request: RecommendPoints) -> Result<Vec<ScoredPoint>> {
        self.legacy(Operation::RecommendPoints, vec![legacy::recommend(request)])
            .await
    }

    async fn recommend_batch_points(
        &self,
        request: RecommendBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        let collection_name = request.collection_name;
        let searches = request.searches.into_iter().map(|search| QueryPoints {
            collection_name: collection_name.clone(),
            ..legacy::recommend(search)
        });
        self.legacy_batch(Operation::RecommendBatchPoints, searches.collect())
            .await
    }

    async fn recommend_point_groups(&self, request: RecommendPointGroups) -> Result<GroupsResult> {
        self.blocking(move |db| {
            groups::query_groups(
                db,
                legacy::recommend_groups(request),
                Operation::RecommendPointGroups,
            )
        })
        .await
    }

    async fn discover_points(&self, request: DiscoverPoints) -> Result<Vec<ScoredPoint>> {
        self.legacy(Operation::DiscoverPoints, vec![legacy::discover(request)])
            .await
    }

    async fn discover_batch_points(
        &self,
        request: DiscoverBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        let collection_name = request.collection_name;
        let searches = request.searches.into_iter().map(|search| QueryPoints {
            collection_name: collection_name.clone(),
            ..legacy::discover(search)
        });
        self.legacy_batch(Operation::DiscoverBatchPoints, searches.collect())
            .await
    }

    async fn create_snapshot(&self, request: CreateSnapshot) -> Result<SnapshotDescription> {
        self.blocking(move |db| db.create_snapshot(&request.collection_name))
            .await
    }

    async fn list_snapshots(&self, request: ListSnapshots) -> Result<Vec<SnapshotDescription>> {
        self.blocking(move |db| db.list_snapshots(&request.collection_name))
            .await
    }

    async fn delete_snapshot(&self, request: DeleteSnapshot) -> Result<bool> {
        self.blocking(move |db| {
            db.delete_snapshot(&request.collection_name, &request.snapshot_name)
        })
        .await
    }

    async fn get_snapshot(&self, request: GetSnapshot) -> Result<SnapshotDownload> {
        let (file, length) = self
            .blocking(move |db| {
                let path = db.snapshot_path(&request.collection_name, &request.snapshot_name)?;
                snapshots::open_for_download(&path)
            })
            .await?;
        Ok(snapshots::download(file, length).await)
    }

    async fn recover_from_snapshot(&self, request: RecoverFromSnapshot) -> Result<bool> {
        let path = snapshots::local_location(Operation::RecoverFromSnapshot, &request.location)?;
        self.blocking(move |db| {
            db.recover_snapshot(
                &request.collection_name,
                None,
                snapshots::Source::Path(path),
                request.checksum.as_deref(),
            )
        })
        .await
    }

    async fn recover_from_uploaded_snapshot(
        &self,
        request: RecoverFromUploadedSnapshot,
    ) -> Result<bool> {
        self.blocking(move |db| {
            db.recover_snapshot(
                &request.collection_name,
                None,
                request.snapshot.into(),
                request.checksum.as_deref(),
            )
        })
        .await
    }

    async fn create_full_snapshot(
        &self,
        _request: CreateFullSnapshot,
    ) -> Result<SnapshotDescription> {
        self.blocking(Database::create_full_snapshot).await
    }

    async fn list_full_snapshots(&self, _request: ()) -> Result<Vec<SnapshotDescription>> {
        self.blocking(Database::list_full_snapshots).await
    }

    async fn delete_full_snapshot(&self, request: DeleteFullSnapshot) -> Result<bool> {
        self.blocking(move |db| db.delete_full_snapshot(&request.snapshot_name))
            .await
    }

    async fn get_full_snapshot(&self, request: GetFullSnapshot) -> Result<SnapshotDownload> {
        let (file, length) = self
            .blocking(move |db| {
                let path = db.full_snapshot_path(&request.snapshot_name)?;
                snapshots::open_for_download(&path)
            })
            .await?;
        Ok(snapshots::download(file, length).await)
    }

    async fn create_shard_snapshot(
        &self,
        request: CreateShardSnapshot,
    ) -> Result<SnapshotDescription> {
        self.blocking(move |db| {
            db.create_shard_snapshot(&request.collection_name, request.shard_id)
        })
        .await
    }

    async fn list_shard_snapshots(
        &self,
        request: ListShardSnapshots,
    ) -> Result<Vec<SnapshotDescription>> {
        self.blocking(move |db| db.list_shard_snapshots(&request.collection_name, request.shard_id))
            .await
    }

    async fn delete_shard_snapshot(&self, request: DeleteShardSnapshot) -> Result<bool> {
        self.blocking(move |db| {
            db.delete_shard_snapshot(
                &request.collection_name,
                request.shard_id,
                &request.snapshot_name,
            )
        })
        .await
    }

    async fn get_shard_snapshot(&self, request: GetShardSnapshot) -> Result<SnapshotDownload> {
        let (file, length) = self
            .blocking(move |db| {
                let path = db.shard_snapshot_path(
                    &request.collection_name,
                    request.shard_id,
                    &request.snapshot_name,
                )?;
                snapshots::open_for_download(&path)
            })
            .await?;
        Ok(snapshots::download(file, length).await)
    }

    async fn stream_shard_snapshot(
        &self,
        request: StreamShardSnapshot,
    ) -> Result<SnapshotDownload> {
        let (file, length) = self
            .blocking(move |db| {
                db.stream_shard_snapshot(&request.collection_name, request.shard_id)
            })
            .await?;
        Ok(snapshots::download(file, length).await)
    }

    async fn recover_shard_from_snapshot(&self, request: RecoverShardFromSnapshot) -> Result<bool> {
        let path =
            snapshots::local_location(Operation::RecoverShardFromSnapshot, &request.location)?;
        self.blocking(move |db| {
            db.recover_snapshot(
                &request.collection_name,
                Some(request.shard_id),
                snapshots::Source::Path(path),
                request.checksum.as_deref(),
            )
        })
        .await
    }

    async fn recover_shard_from_uploaded_snapshot(
        &self,
        request: RecoverShardFromUploadedSnapshot,
    ) -> Result<bool> {
        self.blocking(move |db| {
            db.recover_snapshot(
                &request.collection_name,
                Some(request.shard_id),
                request.snapshot.into(),
                request.checksum.as_deref(),
            )
        })
        .await
    }

    async fn create_shard_key(&self, _request: CreateShardingKey) -> Result<bool> {
        Err(Error::unsupported(Operation::CreateShardKey, self.name()))
    }

    async fn delete_shard_key(&self, _request: DropShardingKey) -> Result<bool> {
        Err(Error::unsupported(Operation::DeleteShardKey, self.name()))
    }

    async fn list_shard_keys(&self, _request: ListShardKeys) -> Result<ShardKeysResponse> {
        Err(Error::unsupported(Operation::ListShardKeys, self.name()))
    }

    async fn cluster_status(&self, _request: ()) -> Result<ClusterStatus> {
        // One process, no peers, no consensus.
        Ok(ClusterStatus::Disabled)
    }

    async fn cluster_telemetry(
        &self,
        _request: ClusterTelemetry,
    ) -> Result<DistributedTelemetryData> {
        Err(Error::unsupported(Operation::ClusterTelemetry, self.name()))
    }

    async fn recover_current_peer(&self, _request: ()) -> Result<bool> {
        Err(Error::unsupported(
            Operation::RecoverCurrentPeer,
            self.name(),
        ))
    }

    async fn remove_peer(&self, _request: RemovePeer) -> Result<bool> {
        Err(Error::unsupported(Operation::RemovePeer, self.name()))
    }

    async fn collection_cluster_info(
        &self,
        request: CollectionClusterInfoRequest,
    ) -> Result<CollectionClusterInfo> {
        self.blocking(move |db| db.collection_cluster_info(request))
            .await
    }

    async fn update_collection_cluster(
        &self,
        _request: UpdateCollectionClusterSetup,
    ) -> Result<bool> {
        Err(Error::unsupported(
            Operation::UpdateCollectionCluster,
            self.name(),
        ))
    }
}
