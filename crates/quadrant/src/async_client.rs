//! The async front end: every Qdrant operation as an `async fn`.
//!
//! Each method converts its arguments into the request model and hands it to the transport;
//! nothing else happens here. The blocking front end in `blocking` is generated from this file
//! by `cargo xtask codegen`, so the two always have the same methods.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use quadrant_models::*;
use quadrant_transport::layers::{Layered, TimeoutLayer};
use quadrant_transport::{Capabilities, Result, SnapshotDownload, Transport};

use crate::builder::{BuildClient, ClientBuilder};
use crate::scroll::ScrollStream;
use crate::upload::{self, UploadCollection, UploadPoints, UploadSummary};

/// The async Qdrant client, for services and anything else already running on Tokio.
///
/// It is cheap to clone: clones share one transport (and its connection pool), so one client
/// can serve every task of an application.
#[derive(Clone)]
pub struct AsyncQdrantClient {
    transport: Arc<dyn Transport>,
}

impl AsyncQdrantClient {
    /// A client of the server at `url`: `http://localhost:6333` is REST, a URL with port 6334
    /// is gRPC.
    ///
    /// `:memory:` selects the in-memory embedded engine. Use [`AsyncQdrantClient::builder`] to
    /// set an api key or a timeout.
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`].
    pub fn new(url: impl Into<String>) -> Result<Self> {
        Self::builder(url).build()
    }

    /// A client of the embedded engine, holding everything in memory.
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`].
    pub fn memory() -> Result<Self> {
        ClientBuilder::memory().build()
    }

    /// A client of the embedded engine, persisted in the directory `path`.
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`]; notably [`crate::ErrorKind::Usage`] when another process
    /// has the directory open.
    pub fn local(path: impl Into<PathBuf>) -> Result<Self> {
        ClientBuilder::local(path).build()
    }

    /// A builder for a client of the server at `url`, with options such as an api key.
    pub fn builder(url: impl Into<String>) -> ClientBuilder<Self> {
        ClientBuilder::new(url)
    }

    /// A client over a transport built by hand, or wrapped in layers of the caller's own.
    pub fn from_transport(transport: impl Transport) -> Self {
        Self {
            transport: Arc::new(transport),
        }
    }

    /// The transport this client sends its calls through.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// A client that shares this one's transport but gives each call at most `timeout`, retries
    /// included, then fails it with [`crate::ErrorKind::Timeout`].
    ///
    /// It is cheap: use it for one call (`client.with_timeout(d).query_points(..)`) or keep it
    /// for a part of an application that must answer fast. This is the client's deadline, not
    /// the server-side `timeout` some requests carry; it can shorten the wait of a call but not
    /// lengthen the per-attempt request timeout the client was built with.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        let layered = Layered::new(TimeoutLayer::new(timeout), Arc::clone(&self.transport));
        Self {
            transport: Arc::new(layered),
        }
    }

    /// The operations this client's transport performs; the others answer
    /// [`crate::ErrorKind::Unsupported`].
    pub fn capabilities(&self) -> Capabilities {
        self.transport.capabilities()
    }

    /// Returns the server's name, version and commit.
    pub async fn root(&self) -> Result<VersionInfo> {
        self.transport.root(()).await
    }

    /// Says whether the server is up; answers with the server's text.
    pub async fn healthz(&self) -> Result<String> {
        self.transport.healthz(()).await
    }

    /// Kubernetes liveness probe; answers with the server's text.
    pub async fn livez(&self) -> Result<String> {
        self.transport.livez(()).await
    }

    /// Kubernetes readiness probe: the server is up and has caught up with its cluster.
    pub async fn readyz(&self) -> Result<String> {
        self.transport.readyz(()).await
    }

    /// Returns the server's telemetry, as JSON.
    pub async fn telemetry(&self, request: impl Into<Telemetry>) -> Result<TelemetryData> {
        self.transport.telemetry(request.into()).await
    }

    /// Returns the server's metrics in the Prometheus text format.
    pub async fn metrics(&self, request: impl Into<Metrics>) -> Result<String> {
        self.transport.metrics(request.into()).await
    }

    /// Lists the performance and configuration issues the server noticed.
    pub async fn get_issues(&self) -> Result<IssuesReport> {
        self.transport.get_issues(()).await
    }

    /// Forgets the issues the server noticed; `true` when done.
    pub async fn clear_issues(&self) -> Result<bool> {
        self.transport.clear_issues(()).await
    }

    /// Returns the cluster-wide resource quotas and how close each peer is to them
    /// (Qdrant 1.19).
    pub async fn get_quotas(&self) -> Result<QuotaStatus> {
        self.transport.get_quotas(()).await
    }

    /// Replaces the cluster-wide resource quotas (Qdrant 1.19): a [`QuotaConfig`], or an
    /// [`UpdateQuotas`] to set `wait`; `true` when done.
    pub async fn update_quotas(&self, request: impl Into<UpdateQuotas>) -> Result<bool> {
        self.transport.update_quotas(request.into()).await
    }

    /// Lists the names of all collections.
    pub async fn get_collections(&self) -> Result<CollectionsResponse> {
        self.transport.get_collections(()).await
    }

    /// Returns a collection's configuration, status and counts.
    pub async fn get_collection(
        &self,
        request: impl Into<GetCollection>,
    ) -> Result<CollectionInfo> {
        self.transport.get_collection(request.into()).await
    }

    /// Creates a collection; `true` when it was created.
    pub async fn create_collection(&self, request: impl Into<CreateCollection>) -> Result<bool> {
        self.transport.create_collection(request.into()).await
    }

    /// Changes the parameters of a collection; `true` when done.
    pub async fn update_collection(&self, request: impl Into<UpdateCollection>) -> Result<bool> {
        self.transport.update_collection(request.into()).await
    }

    /// Deletes a collection; `false` when there was none to delete.
    pub async fn delete_collection(&self, request: impl Into<DeleteCollection>) -> Result<bool> {
        self.transport.delete_collection(request.into()).await
    }

    /// Says whether a collection exists.
    pub async fn collection_exists(&self, request: impl Into<CollectionExists>) -> Result<bool> {
        let existence = self.transport.collection_exists(request.into()).await?;
        Ok(existence.exists)
    }

    /// Adds a named vector to an existing collection.
    pub async fn create_vector_name(
        &self,
        request: impl Into<CreateVectorName>,
    ) -> Result<UpdateResult> {
        self.transport.create_vector_name(request.into()).await
    }

    /// Removes a named vector, and its data, from a collection.
    pub async fn delete_vector_name(
        &self,
        request: impl Into<DeleteVectorName>,
    ) -> Result<UpdateResult> {
        self.transport.delete_vector_name(request.into()).await
    }

    /// Lists a collection's running, queued and finished optimizations.
    pub async fn get_optimizations(
        &self,
        request: impl Into<GetOptimizations>,
    ) -> Result<OptimizationsResponse> {
        self.transport.get_optimizations(request.into()).await
    }

    /// Creates, renames and deletes aliases, all in one atomic change; `true` when done.
    pub async fn update_aliases(&self, request: impl Into<ChangeAliasesOperation>) -> Result<bool> {
        self.transport.update_aliases(request.into()).await
    }

    /// Lists the aliases of one collection.
    pub async fn get_collection_aliases(
        &self,
        request: impl Into<ListCollectionAliases>,
    ) -> Result<CollectionsAliasesResponse> {
        self.transport.get_collection_aliases(request.into()).await
    }

    /// Lists every alias of every collection.
    pub async fn get_collections_aliases(&self) -> Result<CollectionsAliasesResponse> {
        self.transport.get_collections_aliases(()).await
    }

    /// Creates a payload index on one field, which filters, `order_by` and facets use.
    pub async fn create_field_index(
        &self,
        request: impl Into<CreateFieldIndex>,
    ) -> Result<UpdateResult> {
        self.transport.create_field_index(request.into()).await
    }

    /// Deletes the payload index of one field.
    pub async fn delete_field_index(
        &self,
        request: impl Into<DeleteFieldIndex>,
    ) -> Result<UpdateResult> {
        self.transport.delete_field_index(request.into()).await
    }

    /// Inserts points, or replaces the points that have the same ids.
    pub async fn upsert_points(&self, request: impl Into<UpsertPoints>) -> Result<UpdateResult> {
        self.transport.upsert_points(request.into()).await
    }

    /// Retrieves one point by id; `NotFound` when there is none.
    pub async fn get_point(&self, request: impl Into<GetPoint>) -> Result<Record> {
        self.transport.get_point(request.into()).await
    }

    /// Retrieves points by id; ids that do not exist are left out of the answer.
    pub async fn get_points(&self, request: impl Into<GetPoints>) -> Result<Vec<Record>> {
        self.transport.get_points(request.into()).await
    }

    /// Deletes points by id or by filter.
    pub async fn delete_points(&self, request: impl Into<DeletePoints>) -> Result<UpdateResult> {
        self.transport.delete_points(request.into()).await
    }

    /// Replaces some vectors of existing points, leaving their other vectors alone.
    pub async fn update_vectors(
        &self,
        request: impl Into<UpdatePointVectors>,
    ) -> Result<UpdateResult> {
        self.transport.update_vectors(request.into()).await
    }

    /// Deletes named vectors from points.
    pub async fn delete_vectors(
        &self,
        request: impl Into<DeletePointVectors>,
    ) -> Result<UpdateResult> {
        self.transport.delete_vectors(request.into()).await
    }

    /// Sets payload keys on points, keeping the keys it does not name.
    pub async fn set_payload(&self, request: impl Into<SetPayloadPoints>) -> Result<UpdateResult> {
        self.transport.set_payload(request.into()).await
    }

    /// Replaces the whole payload of points.
    pub async fn overwrite_payload(
        &self,
        request: impl Into<SetPayloadPoints>,
    ) -> Result<UpdateResult> {
        self.transport.overwrite_payload(request.into()).await
    }

    /// Deletes payload keys from points.
    pub async fn delete_payload(
        &self,
        request: impl Into<DeletePayloadPoints>,
    ) -> Result<UpdateResult> {
        self.transport.delete_payload(request.into()).await
    }

    /// Deletes the whole payload of points.
    pub async fn clear_payload(
        &self,
        request: impl Into<ClearPayloadPoints>,
    ) -> Result<UpdateResult> {
        self.transport.clear_payload(request.into()).await
    }

    /// Applies several point, vector and payload updates in order, in one request.
    pub async fn batch_update(
        &self,
        request: impl Into<UpdateBatchPoints>,
    ) -> Result<Vec<UpdateResult>> {
        self.transport.batch_update(request.into()).await
    }

    /// Runs a universal query: nearest neighbours, by id, fusion, order by, formulas and more.
    pub async fn query_points(&self, request: impl Into<QueryPoints>) -> Result<QueryResponse> {
        self.transport.query_points(request.into()).await
    }

    /// Runs several universal queries in one request.
    pub async fn query_batch_points(
        &self,
        request: impl Into<QueryBatchPoints>,
    ) -> Result<Vec<QueryResponse>> {
        self.transport.query_batch_points(request.into()).await
    }

    /// Runs a universal query and groups the hits by a payload field.
    pub async fn query_points_groups(
        &self,
        request: impl Into<QueryPointGroups>,
    ) -> Result<GroupsResult> {
        self.transport.query_points_groups(request.into()).await
    }

    /// Reads one page of the points that match a filter; pass the answer's `next_page_offset`
    /// as the next request's `offset`.
    pub async fn scroll_points(&self, request: impl Into<ScrollPoints>) -> Result<ScrollResult> {
        self.transport.scroll_points(request.into()).await
    }

    /// Counts the points that match a filter (all points without one).
    pub async fn count_points(&self, request: impl Into<CountPoints>) -> Result<CountResult> {
        self.transport.count_points(request.into()).await
    }

    /// Counts the points per value of a payload field.
    pub async fn facet(&self, request: impl Into<FacetCounts>) -> Result<FacetResponse> {
        self.transport.facet(request.into()).await
    }

    /// Computes the distances between sampled points, as a list of pairs.
    pub async fn search_matrix_pairs(
        &self,
        request: impl Into<SearchMatrixPoints>,
    ) -> Result<SearchMatrixPairsResponse> {
        self.transport.search_matrix_pairs(request.into()).await
    }

    /// Computes the distances between sampled points, as a sparse matrix.
    pub async fn search_matrix_offsets(
        &self,
        request: impl Into<SearchMatrixPoints>,
    ) -> Result<SearchMatrixOffsetsResponse> {
        self.transport.search_matrix_offsets(request.into()).await
    }

    /// Finds the nearest points to a vector (legacy; `query_points` does more).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_points`, which does all this and more"
    )]
    pub async fn search_points(
        &self,
        request: impl Into<SearchPoints>,
    ) -> Result<Vec<ScoredPoint>> {
        self.transport.search_points(request.into()).await
    }

    /// Runs several searches in one request (legacy; `query_batch_points` does more).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_batch_points`, which does all this and more"
    )]
    pub async fn search_batch_points(
        &self,
        request: impl Into<SearchBatchPoints>,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        self.transport.search_batch_points(request.into()).await
    }

    /// Searches and groups the hits by a payload field (legacy; `query_points_groups` does more).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_points_groups`, which does all this and more"
    )]
    pub async fn search_point_groups(
        &self,
        request: impl Into<SearchPointGroups>,
    ) -> Result<GroupsResult> {
        self.transport.search_point_groups(request.into()).await
    }

    /// Finds points like some examples and unlike others (legacy; `query_points` does more).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_points`, which does all this and more"
    )]
    pub async fn recommend_points(
        &self,
        request: impl Into<RecommendPoints>,
    ) -> Result<Vec<ScoredPoint>> {
        self.transport.recommend_points(request.into()).await
    }

    /// Runs several recommendations in one request (legacy).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_batch_points`, which does all this and more"
    )]
    pub async fn recommend_batch_points(
        &self,
        request: impl Into<RecommendBatchPoints>,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        self.transport.recommend_batch_points(request.into()).await
    }

    /// Recommends and groups the hits by a payload field (legacy).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_points_groups`, which does all this and more"
    )]
    pub async fn recommend_point_groups(
        &self,
        request: impl Into<RecommendPointGroups>,
    ) -> Result<GroupsResult> {
        self.transport.recommend_point_groups(request.into()).await
    }

    /// Finds points in the region that context pairs describe (legacy; `query_points` does more).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_points`, which does all this and more"
    )]
    pub async fn discover_points(
        &self,
        request: impl Into<DiscoverPoints>,
    ) -> Result<Vec<ScoredPoint>> {
        self.transport.discover_points(request.into()).await
    }

    /// Runs several discovery searches in one request (legacy).
    #[deprecated(
        note = "legacy endpoint, still served: use `query_batch_points`, which does all this and more"
    )]
    pub async fn discover_batch_points(
        &self,
        request: impl Into<DiscoverBatchPoints>,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        self.transport.discover_batch_points(request.into()).await
    }

    /// Creates a snapshot of a collection.
    pub async fn create_snapshot(
        &self,
        request: impl Into<CreateSnapshot>,
    ) -> Result<SnapshotDescription> {
        self.transport.create_snapshot(request.into()).await
    }

    /// Lists the snapshots of a collection.
    pub async fn list_snapshots(
        &self,
        request: impl Into<ListSnapshots>,
    ) -> Result<Vec<SnapshotDescription>> {
        self.transport.list_snapshots(request.into()).await
    }

    /// Deletes a snapshot of a collection.
    pub async fn delete_snapshot(&self, request: impl Into<DeleteSnapshot>) -> Result<bool> {
        self.transport.delete_snapshot(request.into()).await
    }

    /// Downloads a snapshot of a collection, as a stream of bytes.
    pub async fn get_snapshot(&self, request: impl Into<GetSnapshot>) -> Result<SnapshotDownload> {
        self.transport.get_snapshot(request.into()).await
    }

    /// Recovers a collection from a snapshot at a URL or a path on the server.
    pub async fn recover_from_snapshot(
        &self,
        request: impl Into<RecoverFromSnapshot>,
    ) -> Result<bool> {
        self.transport.recover_from_snapshot(request.into()).await
    }

    /// Recovers a collection from a snapshot file sent with the request.
    pub async fn recover_from_uploaded_snapshot(
        &self,
        request: impl Into<RecoverFromUploadedSnapshot>,
    ) -> Result<bool> {
        self.transport
            .recover_from_uploaded_snapshot(request.into())
            .await
    }

    /// Creates a snapshot of the whole instance.
    pub async fn create_full_snapshot(
        &self,
        request: impl Into<CreateFullSnapshot>,
    ) -> Result<SnapshotDescription> {
        self.transport.create_full_snapshot(request.into()).await
    }

    /// Lists the snapshots of the whole instance.
    pub async fn list_full_snapshots(&self) -> Result<Vec<SnapshotDescription>> {
        self.transport.list_full_snapshots(()).await
    }

    /// Deletes a snapshot of the whole instance.
    pub async fn delete_full_snapshot(
        &self,
        request: impl Into<DeleteFullSnapshot>,
    ) -> Result<bool> {
        self.transport.delete_full_snapshot(request.into()).await
    }

    /// Downloads a snapshot of the whole instance, as a stream of bytes.
    pub async fn get_full_snapshot(
        &self,
        request: impl Into<GetFullSnapshot>,
    ) -> Result<SnapshotDownload> {
        self.transport.get_full_snapshot(request.into()).await
    }

    /// Creates a snapshot of one shard.
    pub async fn create_shard_snapshot(
        &self,
        request: impl Into<CreateShardSnapshot>,
    ) -> Result<SnapshotDescription> {
        self.transport.create_shard_snapshot(request.into()).await
    }

    /// Lists the snapshots of one shard.
    pub async fn list_shard_snapshots(
        &self,
        request: impl Into<ListShardSnapshots>,
    ) -> Result<Vec<SnapshotDescription>> {
        self.transport.list_shard_snapshots(request.into()).await
    }

    /// Deletes a snapshot of one shard.
    pub async fn delete_shard_snapshot(
        &self,
        request: impl Into<DeleteShardSnapshot>,
    ) -> Result<bool> {
        self.transport.delete_shard_snapshot(request.into()).await
    }

    /// Downloads a snapshot of one shard, as a stream of bytes.
    pub async fn get_shard_snapshot(
        &self,
        request: impl Into<GetShardSnapshot>,
    ) -> Result<SnapshotDownload> {
        self.transport.get_shard_snapshot(request.into()).await
    }

    /// Makes a fresh snapshot of one shard and streams it, without keeping it on the server.
    pub async fn stream_shard_snapshot(
        &self,
        request: impl Into<StreamShardSnapshot>,
    ) -> Result<SnapshotDownload> {
        self.transport.stream_shard_snapshot(request.into()).await
    }

    /// Recovers one shard from a snapshot at a URL or a path on the server.
    pub async fn recover_shard_from_snapshot(
        &self,
        request: impl Into<RecoverShardFromSnapshot>,
    ) -> Result<bool> {
        self.transport
            .recover_shard_from_snapshot(request.into())
            .await
    }

    /// Recovers one shard from a snapshot file sent with the request.
    pub async fn recover_shard_from_uploaded_snapshot(
        &self,
        request: impl Into<RecoverShardFromUploadedSnapshot>,
    ) -> Result<bool> {
        self.transport
            .recover_shard_from_uploaded_snapshot(request.into())
            .await
    }

    /// Creates a shard key, with its shards, in a collection that uses custom sharding.
    pub async fn create_shard_key(&self, request: impl Into<CreateShardingKey>) -> Result<bool> {
        self.transport.create_shard_key(request.into()).await
    }

    /// Deletes a shard key and its shards.
    pub async fn delete_shard_key(&self, request: impl Into<DropShardingKey>) -> Result<bool> {
        self.transport.delete_shard_key(request.into()).await
    }

    /// Lists the shard keys of a collection.
    pub async fn list_shard_keys(
        &self,
        request: impl Into<ListShardKeys>,
    ) -> Result<ShardKeysResponse> {
        self.transport.list_shard_keys(request.into()).await
    }

    /// Returns the cluster's peers and consensus state, or that distributed mode is off.
    pub async fn cluster_status(&self) -> Result<ClusterStatus> {
        self.transport.cluster_status(()).await
    }

    /// Returns the telemetry of every peer of the cluster, as JSON.
    pub async fn cluster_telemetry(
        &self,
        request: impl Into<ClusterTelemetry>,
    ) -> Result<DistributedTelemetryData> {
        self.transport.cluster_telemetry(request.into()).await
    }

    /// Asks the answering peer to recover its consensus state from the others.
    pub async fn recover_current_peer(&self) -> Result<bool> {
        self.transport.recover_current_peer(()).await
    }

    /// Removes a peer from the cluster.
    pub async fn remove_peer(&self, request: impl Into<RemovePeer>) -> Result<bool> {
        self.transport.remove_peer(request.into()).await
    }

    /// Returns where a collection's shards are and which transfers run.
    pub async fn collection_cluster_info(
        &self,
        request: impl Into<CollectionClusterInfoRequest>,
    ) -> Result<CollectionClusterInfo> {
        self.transport.collection_cluster_info(request.into()).await
    }

    /// Moves, replicates or drops shards, and manages shard keys and resharding.
    pub async fn update_collection_cluster(
        &self,
        request: impl Into<UpdateCollectionClusterSetup>,
    ) -> Result<bool> {
        self.transport
            .update_collection_cluster(request.into())
            .await
    }
}

/// Helpers beyond the operation table, built from its operations: bulk upload and scroll as a
/// stream. The blocking client gets the async ones through the same generator.
impl AsyncQdrantClient {
    /// Uploads many points: read lazily from an iterator or a stream, sent in batches with
    /// bounded concurrency, each batch retried on its own, with progress reports. See
    /// [`UploadPoints`] and the module [`upload`].
    ///
    /// # Errors
    ///
    /// When a batch fails (after retries), or the input yields an error, the upload stops and
    /// returns the first batch's error, whose
    /// [`UploadFailure`](crate::upload::UploadFailure) says which batches were not
    /// written and where the unsent input begins.
    pub async fn upload_points(&self, request: UploadPoints) -> Result<UploadSummary> {
        upload::upload(&self.transport, request).await
    }

    /// Uploads a collection given as columns of vectors, payloads and ids (ids left out are
    /// random UUIDs), as [`upload_points`](Self::upload_points) does.
    ///
    /// # Errors
    ///
    /// As [`upload_points`](Self::upload_points); also
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when the payloads or
    /// ids are fewer or more than the vectors.
    pub async fn upload_collection(&self, request: UploadCollection) -> Result<UploadSummary> {
        upload::upload(&self.transport, request.into_points()).await
    }

    /// Every point that matches a scroll request, as a stream of records: pages are fetched as
    /// the stream is read, following `next_page_offset` until the last page. The request's
    /// `limit` is the page size ([`DEFAULT_PAGE_SIZE`](crate::scroll::DEFAULT_PAGE_SIZE) when
    /// unset).
    ///
    /// The stream yields an error once, and ends there, when a page fails; a request with
    /// `order_by` yields [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument),
    /// since such a scroll has no next page to follow.
    pub fn scroll_stream(&self, request: impl Into<ScrollPoints>) -> ScrollStream {
        ScrollStream::new(Arc::clone(&self.transport), request.into())
    }
}

impl BuildClient for AsyncQdrantClient {
    fn from_transport_arc(transport: Arc<dyn Transport>) -> Result<Self> {
        Ok(Self { transport })
    }
}

impl fmt::Debug for AsyncQdrantClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncQdrantClient")
            .field("transport", &self.transport)
            .finish()
    }
}
