//! The operation table: every Qdrant operation quadrant knows, listed once.
//!
//! One `operation_table!` invocation below declares each operation's method name, request and
//! response models and retry safety. It expands into the [`Operation`] enum and the
//! [`Transport`] trait, so adding an operation is one entry here plus its implementations.

use std::fmt::Debug;

use crate::models::*;
use crate::{Capabilities, Result, SnapshotDownload};

/// How safe an operation is to send again after a failure whose outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retry {
    /// Reads nothing but state; always safe to repeat.
    Read,
    /// Changes state, but doing it twice leaves the same state as doing it once, for example an
    /// upsert with explicit ids or a delete.
    IdempotentWrite,
    /// Changes state in a way that a second attempt could observe or double, for example creating
    /// a collection, which fails with `AlreadyExists` the second time.
    Write,
}

impl Retry {
    /// Whether a retry layer may repeat the call after a transient failure.
    pub const fn is_safe(self) -> bool {
        matches!(self, Self::Read | Self::IdempotentWrite)
    }
}

macro_rules! operation_table {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:ty) -> $response:ty, $retry:ident
            $(, grpc $rpc:literal)?;
    )*) => {
        /// Names one Qdrant operation. [`Operation::ALL`] lists every operation quadrant has.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Operation {
            /// Every operation, in table order.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),*];

            /// The method name, which is Qdrant's REST operation id.
            pub const fn name(self) -> &'static str {
                match self { $(Operation::$variant => stringify!($method),)* }
            }

            /// How safe the operation is to repeat.
            pub const fn retry(self) -> Retry {
                match self { $(Operation::$variant => Retry::$retry,)* }
            }

            /// The gRPC method that carries the operation, as `/qdrant.Service/Method`, or `None`
            /// for the operations Qdrant serves over REST only.
            pub const fn grpc_rpc(self) -> Option<&'static str> {
                match self { $(Operation::$variant => operation_table!(@rpc $($rpc)?),)* }
            }

            /// The request model's type, as written in the table.
            pub const fn request_type(self) -> &'static str {
                match self { $(Operation::$variant => stringify!($request),)* }
            }

            /// The response model's type, as written in the table.
            pub const fn response_type(self) -> &'static str {
                match self { $(Operation::$variant => stringify!($response),)* }
            }
        }

        /// A way of reaching Qdrant: one async method per [`Operation`].
        ///
        /// Implementations exist for REST, gRPC and the embedded engine. Each method takes the
        /// request model and returns the response model; an operation the transport cannot
        /// perform returns an [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) error and
        /// never pretends to succeed. The trait is object safe: the facade holds an
        /// `Arc<dyn Transport>`.
        #[async_trait::async_trait]
        pub trait Transport: Debug + Send + Sync + 'static {
            /// A short name for logs and error messages: `rest`, `grpc` or `embedded`.
            fn name(&self) -> &'static str;

            /// The operations this transport performs. Every other operation answers
            /// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported).
            fn capabilities(&self) -> Capabilities;

            /// Writes one batch of a bulk upload (the facade's `upload_points`), which ends with
            /// [`finish_bulk_upsert`](Transport::finish_bulk_upsert) on the same collection.
            ///
            /// A transport may leave work that a series of batches can share until the end: the
            /// embedded engine applies the batch but flushes it and builds indexes once, in
            /// `finish_bulk_upsert`. By default it is [`upsert_points`](Transport::upsert_points),
            /// which is what a server needs.
            async fn bulk_upsert(&self, request: UpsertPoints) -> Result<UpdateResult> {
                self.upsert_points(request).await
            }

            /// Ends a bulk upload into `collection_name`: the work left by
            /// [`bulk_upsert`](Transport::bulk_upsert) is done, and every batch it answered is
            /// durable, before this returns. Called once after the last batch, also when some
            /// batches failed. By default there is nothing to do.
            async fn finish_bulk_upsert(&self, collection_name: String) -> Result<()> {
                let _ = collection_name;
                Ok(())
            }

            $(
                $(#[doc = $doc])*
                async fn $method(&self, request: $request) -> Result<$response>;
            )*
        }

        // A layer sees every operation: the decorator is generated from the table too.
        #[async_trait::async_trait]
        impl<L, T> Transport for crate::layers::Layered<L, T>
        where
            L: crate::layers::Layer,
            T: Transport + ?Sized,
        {
            fn name(&self) -> &'static str {
                self.inner.name()
            }

            fn capabilities(&self) -> Capabilities {
                self.inner.capabilities()
            }

            // A batch is an upsert to the layers: retried, traced and timed as one.
            async fn bulk_upsert(&self, request: UpsertPoints) -> Result<UpdateResult> {
                let inner = &*self.inner;
                let call = crate::layers::Call {
                    operation: Operation::UpsertPoints,
                    transport: inner.name(),
                };
                self.layer
                    .call(call, request, |request| inner.bulk_upsert(request))
                    .await
            }

            async fn finish_bulk_upsert(&self, collection_name: String) -> Result<()> {
                self.inner.finish_bulk_upsert(collection_name).await
            }

            $(
                async fn $method(&self, request: $request) -> Result<$response> {
                    let inner = &*self.inner;
                    let call = crate::layers::Call {
                        operation: Operation::$variant,
                        transport: inner.name(),
                    };
                    self.layer
                        .call(call, request, |request| inner.$method(request))
                        .await
                }
            )*
        }

        #[async_trait::async_trait]
        impl<T> Transport for crate::layers::Failover<std::sync::Arc<T>>
        where
            T: Transport + ?Sized,
        {
            fn name(&self) -> &'static str {
                self.first().name()
            }

            fn capabilities(&self) -> Capabilities {
                self.first().capabilities()
            }

            $(
                async fn $method(&self, request: $request) -> Result<$response> {
                    self.route(Operation::$variant, request, |node, request| {
                        let node = std::sync::Arc::clone(node);
                        async move { node.$method(request).await }
                    })
                    .await
                }
            )*
        }
    };
    (@rpc $rpc:literal) => { Some($rpc) };
    (@rpc) => { None };
}

operation_table! {
    // ---- service -------------------------------------------------------------------------------
    /// Returns the server's name, version and commit.
    Root => fn root(()) -> VersionInfo, Read, grpc "/qdrant.Qdrant/HealthCheck";
    /// Says whether the server is up; answers with the server's text.
    Healthz => fn healthz(()) -> String, Read;
    /// Kubernetes liveness probe; answers with the server's text.
    Livez => fn livez(()) -> String, Read;
    /// Kubernetes readiness probe: the server is up and has caught up with its cluster.
    Readyz => fn readyz(()) -> String, Read;
    /// Returns the server's telemetry, as JSON.
    Telemetry => fn telemetry(Telemetry) -> TelemetryData, Read;
    /// Returns the server's metrics in the Prometheus text format.
    Metrics => fn metrics(Metrics) -> String, Read;
    /// Lists the performance and configuration issues the server noticed.
    GetIssues => fn get_issues(()) -> IssuesReport, Read;
    /// Forgets the issues the server noticed; `true` when done.
    ClearIssues => fn clear_issues(()) -> bool, IdempotentWrite;

    // ---- quotas (Qdrant 1.19) ------------------------------------------------------------------
    /// Returns the cluster-wide resource quotas and how close each peer is to them.
    GetQuotas => fn get_quotas(()) -> QuotaStatus, Read;
    /// Replaces the cluster-wide resource quotas; `true` when done.
    UpdateQuotas => fn update_quotas(UpdateQuotas) -> bool, IdempotentWrite;

    // ---- collections ---------------------------------------------------------------------------
    /// Lists the names of all collections.
    GetCollections => fn get_collections(()) -> CollectionsResponse, Read, grpc "/qdrant.Collections/List";
    /// Returns a collection's configuration, status and counts.
    GetCollection => fn get_collection(GetCollection) -> CollectionInfo, Read, grpc "/qdrant.Collections/Get";
    /// Creates a collection; `true` when it was created.
    CreateCollection => fn create_collection(CreateCollection) -> bool, Write, grpc "/qdrant.Collections/Create";
    /// Changes the parameters of a collection; `true` when done.
    UpdateCollection => fn update_collection(UpdateCollection) -> bool, IdempotentWrite, grpc "/qdrant.Collections/Update";
    /// Deletes a collection; `false` when there was none to delete.
    DeleteCollection => fn delete_collection(DeleteCollection) -> bool, IdempotentWrite, grpc "/qdrant.Collections/Delete";
    /// Says whether a collection exists.
    CollectionExists => fn collection_exists(CollectionExists) -> CollectionExistence, Read, grpc "/qdrant.Collections/CollectionExists";
    /// Adds a named vector to an existing collection.
    CreateVectorName => fn create_vector_name(CreateVectorName) -> UpdateResult, Write, grpc "/qdrant.Points/CreateVectorName";
    /// Removes a named vector, and its data, from a collection.
    DeleteVectorName => fn delete_vector_name(DeleteVectorName) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/DeleteVectorName";
    /// Lists a collection's running, queued and finished optimizations.
    GetOptimizations => fn get_optimizations(GetOptimizations) -> OptimizationsResponse, Read;

    // ---- aliases -------------------------------------------------------------------------------
    /// Creates, renames and deletes aliases, all in one atomic change; `true` when done.
    UpdateAliases => fn update_aliases(ChangeAliasesOperation) -> bool, Write, grpc "/qdrant.Collections/UpdateAliases";
    /// Lists the aliases of one collection.
    GetCollectionAliases => fn get_collection_aliases(ListCollectionAliases) -> CollectionsAliasesResponse, Read, grpc "/qdrant.Collections/ListCollectionAliases";
    /// Lists every alias of every collection.
    GetCollectionsAliases => fn get_collections_aliases(()) -> CollectionsAliasesResponse, Read, grpc "/qdrant.Collections/ListAliases";

    // ---- indexes -------------------------------------------------------------------------------
    /// Creates a payload index on one field.
    CreateFieldIndex => fn create_field_index(CreateFieldIndex) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/CreateFieldIndex";
    /// Deletes the payload index of one field.
    DeleteFieldIndex => fn delete_field_index(DeleteFieldIndex) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/DeleteFieldIndex";

    // ---- points --------------------------------------------------------------------------------
    /// Inserts points, or replaces the points with the same ids.
    UpsertPoints => fn upsert_points(UpsertPoints) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/Upsert";
    /// Retrieves one point by id; `NotFound` when there is none.
    GetPoint => fn get_point(GetPoint) -> Record, Read;
    /// Retrieves points by id; ids that do not exist are left out.
    GetPoints => fn get_points(GetPoints) -> Vec<Record>, Read, grpc "/qdrant.Points/Get";
    /// Deletes points by id or by filter.
    DeletePoints => fn delete_points(DeletePoints) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/Delete";
    /// Replaces some vectors of existing points, leaving their other vectors alone.
    UpdateVectors => fn update_vectors(UpdatePointVectors) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/UpdateVectors";
    /// Deletes named vectors from points.
    DeleteVectors => fn delete_vectors(DeletePointVectors) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/DeleteVectors";
    /// Sets payload keys on points, keeping the keys it does not name.
    SetPayload => fn set_payload(SetPayloadPoints) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/SetPayload";
    /// Replaces the whole payload of points.
    OverwritePayload => fn overwrite_payload(SetPayloadPoints) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/OverwritePayload";
    /// Deletes payload keys from points.
    DeletePayload => fn delete_payload(DeletePayloadPoints) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/DeletePayload";
    /// Deletes the whole payload of points.
    ClearPayload => fn clear_payload(ClearPayloadPoints) -> UpdateResult, IdempotentWrite, grpc "/qdrant.Points/ClearPayload";
    /// Applies several point, vector and payload updates in order, in one request.
    BatchUpdate => fn batch_update(UpdateBatchPoints) -> Vec<UpdateResult>, IdempotentWrite, grpc "/qdrant.Points/UpdateBatch";

    // ---- query ---------------------------------------------------------------------------------
    /// Runs a universal query: nearest neighbours, fusion, order by, formulas and more.
    QueryPoints => fn query_points(QueryPoints) -> QueryResponse, Read, grpc "/qdrant.Points/Query";
    /// Runs several universal queries in one request.
    QueryBatchPoints => fn query_batch_points(QueryBatchPoints) -> Vec<QueryResponse>, Read, grpc "/qdrant.Points/QueryBatch";
    /// Runs a universal query and groups the hits by a payload field.
    QueryPointsGroups => fn query_points_groups(QueryPointGroups) -> GroupsResult, Read, grpc "/qdrant.Points/QueryGroups";

    // ---- analytics -----------------------------------------------------------------------------
    /// Reads one page of the points that match a filter, in id order or by a payload field.
    ScrollPoints => fn scroll_points(ScrollPoints) -> ScrollResult, Read, grpc "/qdrant.Points/Scroll";
    /// Counts the points that match a filter.
    CountPoints => fn count_points(CountPoints) -> CountResult, Read, grpc "/qdrant.Points/Count";
    /// Counts the points per value of a payload field.
    Facet => fn facet(FacetCounts) -> FacetResponse, Read, grpc "/qdrant.Points/Facet";
    /// Computes the distances between sampled points, as a list of pairs.
    SearchMatrixPairs => fn search_matrix_pairs(SearchMatrixPoints) -> SearchMatrixPairsResponse, Read, grpc "/qdrant.Points/SearchMatrixPairs";
    /// Computes the distances between sampled points, as a sparse matrix.
    SearchMatrixOffsets => fn search_matrix_offsets(SearchMatrixPoints) -> SearchMatrixOffsetsResponse, Read, grpc "/qdrant.Points/SearchMatrixOffsets";

    // ---- legacy search, recommend and discover -------------------------------------------------
    /// Finds the nearest points to a vector (legacy; `query_points` does more).
    SearchPoints => fn search_points(SearchPoints) -> Vec<ScoredPoint>, Read, grpc "/qdrant.Points/Search";
    /// Runs several searches in one request (legacy; `query_batch_points` does more).
    SearchBatchPoints => fn search_batch_points(SearchBatchPoints) -> Vec<Vec<ScoredPoint>>, Read, grpc "/qdrant.Points/SearchBatch";
    /// Searches and groups the hits by a payload field (legacy; `query_points_groups` does more).
    SearchPointGroups => fn search_point_groups(SearchPointGroups) -> GroupsResult, Read, grpc "/qdrant.Points/SearchGroups";
    /// Finds points like some examples and unlike others (legacy; `query_points` does more).
    RecommendPoints => fn recommend_points(RecommendPoints) -> Vec<ScoredPoint>, Read, grpc "/qdrant.Points/Recommend";
    /// Runs several recommendations in one request (legacy).
    RecommendBatchPoints => fn recommend_batch_points(RecommendBatchPoints) -> Vec<Vec<ScoredPoint>>, Read, grpc "/qdrant.Points/RecommendBatch";
    /// Recommends and groups the hits by a payload field (legacy).
    RecommendPointGroups => fn recommend_point_groups(RecommendPointGroups) -> GroupsResult, Read, grpc "/qdrant.Points/RecommendGroups";
    /// Finds points in the region that context pairs describe (legacy; `query_points` does more).
    DiscoverPoints => fn discover_points(DiscoverPoints) -> Vec<ScoredPoint>, Read, grpc "/qdrant.Points/Discover";
    /// Runs several discovery searches in one request (legacy).
    DiscoverBatchPoints => fn discover_batch_points(DiscoverBatchPoints) -> Vec<Vec<ScoredPoint>>, Read, grpc "/qdrant.Points/DiscoverBatch";

    // ---- collection snapshots ------------------------------------------------------------------
    /// Creates a snapshot of a collection.
    CreateSnapshot => fn create_snapshot(CreateSnapshot) -> SnapshotDescription, Write, grpc "/qdrant.Snapshots/Create";
    /// Lists the snapshots of a collection.
    ListSnapshots => fn list_snapshots(ListSnapshots) -> Vec<SnapshotDescription>, Read, grpc "/qdrant.Snapshots/List";
    /// Deletes a snapshot of a collection.
    DeleteSnapshot => fn delete_snapshot(DeleteSnapshot) -> bool, IdempotentWrite, grpc "/qdrant.Snapshots/Delete";
    /// Downloads a snapshot of a collection, as a stream of bytes.
    GetSnapshot => fn get_snapshot(GetSnapshot) -> SnapshotDownload, Read;
    /// Recovers a collection from a snapshot at a URL or a path on the server.
    RecoverFromSnapshot => fn recover_from_snapshot(RecoverFromSnapshot) -> bool, Write;
    /// Recovers a collection from a snapshot file sent with the request.
    RecoverFromUploadedSnapshot => fn recover_from_uploaded_snapshot(RecoverFromUploadedSnapshot) -> bool, Write;

    // ---- full snapshots ------------------------------------------------------------------------
    /// Creates a snapshot of the whole instance.
    CreateFullSnapshot => fn create_full_snapshot(CreateFullSnapshot) -> SnapshotDescription, Write, grpc "/qdrant.Snapshots/CreateFull";
    /// Lists the snapshots of the whole instance.
    ListFullSnapshots => fn list_full_snapshots(()) -> Vec<SnapshotDescription>, Read, grpc "/qdrant.Snapshots/ListFull";
    /// Deletes a snapshot of the whole instance.
    DeleteFullSnapshot => fn delete_full_snapshot(DeleteFullSnapshot) -> bool, IdempotentWrite, grpc "/qdrant.Snapshots/DeleteFull";
    /// Downloads a snapshot of the whole instance, as a stream of bytes.
    GetFullSnapshot => fn get_full_snapshot(GetFullSnapshot) -> SnapshotDownload, Read;

    // ---- shard snapshots -----------------------------------------------------------------------
    /// Creates a snapshot of one shard.
    CreateShardSnapshot => fn create_shard_snapshot(CreateShardSnapshot) -> SnapshotDescription, Write;
    /// Lists the snapshots of one shard.
    ListShardSnapshots => fn list_shard_snapshots(ListShardSnapshots) -> Vec<SnapshotDescription>, Read;
    /// Deletes a snapshot of one shard.
    DeleteShardSnapshot => fn delete_shard_snapshot(DeleteShardSnapshot) -> bool, IdempotentWrite;
    /// Downloads a snapshot of one shard, as a stream of bytes.
    GetShardSnapshot => fn get_shard_snapshot(GetShardSnapshot) -> SnapshotDownload, Read;
    /// Makes a fresh snapshot of one shard and streams it, without keeping it on the server.
    StreamShardSnapshot => fn stream_shard_snapshot(StreamShardSnapshot) -> SnapshotDownload, Read;
    /// Recovers one shard from a snapshot at a URL or a path on the server.
    RecoverShardFromSnapshot => fn recover_shard_from_snapshot(RecoverShardFromSnapshot) -> bool, Write;
    /// Recovers one shard from a snapshot file sent with the request.
    RecoverShardFromUploadedSnapshot => fn recover_shard_from_uploaded_snapshot(RecoverShardFromUploadedSnapshot) -> bool, Write;

    // ---- sharding ------------------------------------------------------------------------------
    /// Creates a shard key, with its shards, in a collection that uses custom sharding.
    CreateShardKey => fn create_shard_key(CreateShardingKey) -> bool, Write, grpc "/qdrant.Collections/CreateShardKey";
    /// Deletes a shard key and its shards.
    DeleteShardKey => fn delete_shard_key(DropShardingKey) -> bool, IdempotentWrite, grpc "/qdrant.Collections/DeleteShardKey";
    /// Lists the shard keys of a collection.
    ListShardKeys => fn list_shard_keys(ListShardKeys) -> ShardKeysResponse, Read, grpc "/qdrant.Collections/ListShardKeys";

    // ---- cluster -------------------------------------------------------------------------------
    /// Returns the cluster's peers and consensus state, or that distributed mode is off.
    ClusterStatus => fn cluster_status(()) -> ClusterStatus, Read;
    /// Returns the telemetry of every peer of the cluster, as JSON.
    ClusterTelemetry => fn cluster_telemetry(ClusterTelemetry) -> DistributedTelemetryData, Read;
    /// Asks the answering peer to recover its consensus state from the others.
    RecoverCurrentPeer => fn recover_current_peer(()) -> bool, Write;
    /// Removes a peer from the cluster.
    RemovePeer => fn remove_peer(RemovePeer) -> bool, Write;
    /// Returns where a collection's shards are and which transfers run.
    CollectionClusterInfo => fn collection_cluster_info(CollectionClusterInfoRequest) -> CollectionClusterInfo, Read, grpc "/qdrant.Collections/CollectionClusterInfo";
    /// Moves, replicates or drops shards, and manages shard keys and resharding.
    UpdateCollectionCluster => fn update_collection_cluster(UpdateCollectionClusterSetup) -> bool, Write, grpc "/qdrant.Collections/UpdateCollectionClusterSetup";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_rest_ids() {
        let mut names: Vec<_> = Operation::ALL.iter().map(|op| op.name()).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "an operation is listed twice");
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not a REST operation id"
            );
        }
    }

    #[test]
    fn reads_are_safe_and_creation_is_not() {
        assert!(Operation::QueryPoints.retry().is_safe());
        assert!(Operation::UpsertPoints.retry().is_safe());
        assert!(!Operation::CreateCollection.retry().is_safe());
    }

    #[test]
    fn the_table_has_every_rest_operation_and_grpc_method_of_qdrant_1_20() {
        // The 69 REST operations of Qdrant 1.19/1.20 and the 8 legacy ones it still serves.
        assert_eq!(Operation::ALL.len(), 77);
        let mut rpcs: Vec<_> = Operation::ALL
            .iter()
            .filter_map(|op| op.grpc_rpc())
            .collect();
        assert_eq!(rpcs.len(), 51);
        rpcs.sort_unstable();
        rpcs.dedup();
        assert_eq!(rpcs.len(), 51, "a gRPC method is listed twice");
    }
}
