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

mod collection;
mod convert;
mod database;
mod error;
mod groups;
mod legacy;
mod matrix;
mod query;
mod storage;

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

#[quadrant_transport::async_trait]
impl Transport for EmbeddedTransport {
    fn name(&self) -> &'static str {
        error::TRANSPORT
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::all_except(&[
            Operation::Root,
            Operation::Healthz,
            Operation::Livez,
            Operation::Readyz,
            Operation::Telemetry,
            Operation::Metrics,
            Operation::GetIssues,
            Operation::ClearIssues,
            Operation::UpdateCollection,
            Operation::CreateVectorName,
            Operation::DeleteVectorName,
            Operation::GetOptimizations,
            Operation::UpdateAliases,
            Operation::GetCollectionAliases,
            Operation::GetCollectionsAliases,
            Operation::GetPoint,
            Operation::UpdateVectors,
            Operation::DeleteVectors,
            Operation::SetPayload,
            Operation::OverwritePayload,
            Operation::DeletePayload,
            Operation::ClearPayload,
            Operation::BatchUpdate,
            Operation::CreateSnapshot,
            Operation::ListSnapshots,
            Operation::DeleteSnapshot,
            Operation::GetSnapshot,
            Operation::RecoverFromSnapshot,
            Operation::RecoverFromUploadedSnapshot,
            Operation::CreateFullSnapshot,
            Operation::ListFullSnapshots,
            Operation::DeleteFullSnapshot,
            Operation::GetFullSnapshot,
            Operation::CreateShardSnapshot,
            Operation::ListShardSnapshots,
            Operation::DeleteShardSnapshot,
            Operation::GetShardSnapshot,
            Operation::StreamShardSnapshot,
            Operation::RecoverShardFromSnapshot,
            Operation::RecoverShardFromUploadedSnapshot,
            Operation::CreateShardKey,
            Operation::DeleteShardKey,
            Operation::ListShardKeys,
            Operation::ClusterStatus,
            Operation::ClusterTelemetry,
            Operation::RecoverCurrentPeer,
            Operation::RemovePeer,
            Operation::CollectionClusterInfo,
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
        Err(Error::unsupported(Operation::Root, self.name()))
    }

    async fn healthz(&self, _request: ()) -> Result<String> {
        Err(Error::unsupported(Operation::Healthz, self.name()))
    }

    async fn livez(&self, _request: ()) -> Result<String> {
        Err(Error::unsupported(Operation::Livez, self.name()))
    }

    async fn readyz(&self, _request: ()) -> Result<String> {
        Err(Error::unsupported(Operation::Readyz, self.name()))
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

    async fn update_collection(&self, _request: UpdateCollection) -> Result<bool> {
        Err(Error::unsupported(Operation::UpdateCollection, self.name()))
    }

    async fn create_vector_name(&self, _request: CreateVectorName) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::CreateVectorName, self.name()))
    }

    async fn delete_vector_name(&self, _request: DeleteVectorName) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::DeleteVectorName, self.name()))
    }

    async fn get_optimizations(&self, _request: GetOptimizations) -> Result<OptimizationsResponse> {
        Err(Error::unsupported(Operation::GetOptimizations, self.name()))
    }

    async fn update_aliases(&self, _request: ChangeAliases) -> Result<bool> {
        Err(Error::unsupported(Operation::UpdateAliases, self.name()))
    }

    async fn get_collection_aliases(
        &self,
        _request: ListCollectionAliases,
    ) -> Result<CollectionsAliasesResponse> {
        Err(Error::unsupported(
            Operation::GetCollectionAliases,
            self.name(),
        ))
    }

    async fn get_collections_aliases(&self, _request: ()) -> Result<CollectionsAliasesResponse> {
        Err(Error::unsupported(
            Operation::GetCollectionsAliases,
            self.name(),
        ))
    }

    async fn get_point(&self, _request: GetPoint) -> Result<Record> {
        Err(Error::unsupported(Operation::GetPoint, self.name()))
    }

    async fn update_vectors(&self, _request: UpdatePointVectors) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::UpdateVectors, self.name()))
    }

    async fn delete_vectors(&self, _request: DeletePointVectors) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::DeleteVectors, self.name()))
    }

    async fn set_payload(&self, _request: SetPayloadPoints) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::SetPayload, self.name()))
    }

    async fn overwrite_payload(&self, _request: SetPayloadPoints) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::OverwritePayload, self.name()))
    }

    async fn delete_payload(&self, _request: DeletePayloadPoints) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::DeletePayload, self.name()))
    }

    async fn clear_payload(&self, _request: ClearPayloadPoints) -> Result<UpdateResult> {
        Err(Error::unsupported(Operation::ClearPayload, self.name()))
    }

    async fn batch_update(&self, _request: UpdateBatchPoints) -> Result<Vec<UpdateResult>> {
        Err(Error::unsupported(Operation::BatchUpdate, self.name()))
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

    async fn create_snapshot(&self, _request: CreateSnapshot) -> Result<SnapshotDescription> {
        Err(Error::unsupported(Operation::CreateSnapshot, self.name()))
    }

    async fn list_snapshots(&self, _request: ListSnapshots) -> Result<Vec<SnapshotDescription>> {
        Err(Error::unsupported(Operation::ListSnapshots, self.name()))
    }

    async fn delete_snapshot(&self, _request: DeleteSnapshot) -> Result<bool> {
        Err(Error::unsupported(Operation::DeleteSnapshot, self.name()))
    }

    async fn get_snapshot(&self, _request: GetSnapshot) -> Result<SnapshotDownload> {
        Err(Error::unsupported(Operation::GetSnapshot, self.name()))
    }

    async fn recover_from_snapshot(&self, _request: RecoverFromSnapshot) -> Result<bool> {
        Err(Error::unsupported(
            Operation::RecoverFromSnapshot,
            self.name(),
        ))
    }

    async fn recover_from_uploaded_snapshot(
        &self,
        _request: RecoverFromUploadedSnapshot,
    ) -> Result<bool> {
        Err(Error::unsupported(
            Operation::RecoverFromUploadedSnapshot,
            self.name(),
        ))
    }

    async fn create_full_snapshot(
        &self,
        _request: CreateFullSnapshot,
    ) -> Result<SnapshotDescription> {
        Err(Error::unsupported(
            Operation::CreateFullSnapshot,
            self.name(),
        ))
    }

    async fn list_full_snapshots(&self, _request: ()) -> Result<Vec<SnapshotDescription>> {
        Err(Error::unsupported(
            Operation::ListFullSnapshots,
            self.name(),
        ))
    }

    async fn delete_full_snapshot(&self, _request: DeleteFullSnapshot) -> Result<bool> {
        Err(Error::unsupported(
            Operation::DeleteFullSnapshot,
            self.name(),
        ))
    }

    async fn get_full_snapshot(&self, _request: GetFullSnapshot) -> Result<SnapshotDownload> {
        Err(Error::unsupported(Operation::GetFullSnapshot, self.name()))
    }

    async fn create_shard_snapshot(
        &self,
        _request: CreateShardSnapshot,
    ) -> Result<SnapshotDescription> {
        Err(Error::unsupported(
            Operation::CreateShardSnapshot,
            self.name(),
        ))
    }

    async fn list_shard_snapshots(
        &self,
        _request: ListShardSnapshots,
    ) -> Result<Vec<SnapshotDescription>> {
        Err(Error::unsupported(
            Operation::ListShardSnapshots,
            self.name(),
        ))
    }

    async fn delete_shard_snapshot(&self, _request: DeleteShardSnapshot) -> Result<bool> {
        Err(Error::unsupported(
            Operation::DeleteShardSnapshot,
            self.name(),
        ))
    }

    async fn get_shard_snapshot(&self, _request: GetShardSnapshot) -> Result<SnapshotDownload> {
        Err(Error::unsupported(Operation::GetShardSnapshot, self.name()))
    }

    async fn stream_shard_snapshot(
        &self,
        _request: StreamShardSnapshot,
    ) -> Result<SnapshotDownload> {
        Err(Error::unsupported(
            Operation::StreamShardSnapshot,
            self.name(),
        ))
    }

    async fn recover_shard_from_snapshot(
        &self,
        _request: RecoverShardFromSnapshot,
    ) -> Result<bool> {
        Err(Error::unsupported(
            Operation::RecoverShardFromSnapshot,
            self.name(),
        ))
    }

    async fn recover_shard_from_uploaded_snapshot(
        &self,
        _request: RecoverShardFromUploadedSnapshot,
    ) -> Result<bool> {
        Err(Error::unsupported(
            Operation::RecoverShardFromUploadedSnapshot,
            self.name(),
        ))
    }

    async fn create_shard_key(&self, _request: CreateShardKeyRequest) -> Result<bool> {
        Err(Error::unsupported(Operation::CreateShardKey, self.name()))
    }

    async fn delete_shard_key(&self, _request: DeleteShardKeyRequest) -> Result<bool> {
        Err(Error::unsupported(Operation::DeleteShardKey, self.name()))
    }

    async fn list_shard_keys(&self, _request: ListShardKeys) -> Result<ShardKeysResponse> {
        Err(Error::unsupported(Operation::ListShardKeys, self.name()))
    }

    async fn cluster_status(&self, _request: ()) -> Result<ClusterStatus> {
        Err(Error::unsupported(Operation::ClusterStatus, self.name()))
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
        _request: CollectionClusterInfoRequest,
    ) -> Result<CollectionClusterInfo> {
        Err(Error::unsupported(
            Operation::CollectionClusterInfo,
            self.name(),
        ))
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
