//! The operation table: every Qdrant operation quadrant knows, listed once, with everything
//! that is particular to it.
//!
//! [`for_each_operation!`](crate::for_each_operation) holds the table. Each row names an
//! operation's method, request and response models, retry safety and doc text, how it goes over
//! REST (method, path, query parameters, body, answer shape) and which gRPC method carries it.
//! The macro hands the rows to a macro of the caller's (the x-macro pattern), and everything
//! per-operation is generated from them:
//!
//! - here: the [`Operation`] enum with its [`RestRoute`]s and gRPC methods, the [`Transport`]
//!   trait, and the [`Layered`](crate::layers::Layered), [`Failover`](crate::layers::Failover)
//!   and [`Fallback`](crate::layers::Fallback) transports;
//! - in `quadrant-rest`: `impl Transport for RestTransport`;
//! - in `quadrant-grpc`: the dispatch of each operation to its RPC;
//! - in `quadrant`: both front ends, `AsyncQdrantClient` and `QdrantClient`;
//! - in the behaviour suite: the route and call tables of the tests.
//!
//! Adding an operation is its models, one row here, its gRPC conversions and its embedded
//! logic; the compiler names whatever else is missing.

use std::any::Any;
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

/// How an operation goes over Qdrant's REST API: the table's REST column, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestRoute {
    /// The HTTP method, such as `"PUT"`.
    pub method: &'static str,
    /// The path as Qdrant's OpenAPI description writes it, such as
    /// `/collections/{collection_name}/points`.
    pub path: &'static str,
    /// The request fields that fill the path's `{...}` segments, in order; each is named as its
    /// segment.
    pub path_params: &'static [&'static str],
    /// The request fields sent as query parameters, each under its own name.
    pub query: &'static [&'static str],
    /// Whether the request model is the JSON body (its path and query fields are not serialized).
    pub body: bool,
    /// The shape of a successful answer.
    pub answer: RestAnswer,
}

/// The shape of a successful REST answer, which says how to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RestAnswer {
    /// Qdrant's `{"result": ..., "status": "ok", "time": ...}` envelope around the response.
    Json,
    /// The envelope around `true`, or `202 Accepted` with no result when the request asked not
    /// to wait, which also reads as `true`: the server took the request.
    Accepted,
    /// The envelope around a snapshot's description. `wait=false` is refused before sending:
    /// Qdrant would answer `202 Accepted` without the description.
    Described,
    /// JSON without the envelope (`GET /`).
    Bare,
    /// `text/plain` (the health probes and the metrics).
    Text,
    /// A file, streamed as it arrives (snapshot downloads).
    Download,
    /// Like [`RestAnswer::Accepted`], for a request sent as a `multipart/form-data` upload of
    /// the request's snapshot file.
    Multipart,
}

/// Calls `$callback! { ... }` with every row of the operation table, in order.
///
/// This is the one place where an operation's particulars are written; every crate that needs
/// something per operation generates it from these rows with a `macro_rules!` of its own. A row:
///
/// ```text
/// /// Doc text, shown on the operation and on both clients' methods.
/// UpsertPoints => fn upsert_points(UpsertPoints) -> UpdateResult, IdempotentWrite,
///     rest(PUT "/collections/{collection_name}/points" [collection_name] ?[wait, ordering, timeout] body => json),
///     grpc("/qdrant.Points/Upsert", UpsertPoints -> PointsOperationResponse);
/// ```
///
/// - `Variant => fn method(Request) -> Response, Retry`: the [`Operation`] variant, the method
///   name (Qdrant's REST operation id), the request and response models (`()` when there is no
///   request; always a single token tree), and the [`Retry`] class;
/// - `rest(METHOD "path" [path fields] ?[query fields] body => answer)`: the HTTP method, the
///   OpenAPI path, the request fields that fill its segments and those sent as query parameters
///   (named as on the wire), `body` when the request model is the JSON body, and the
///   [`RestAnswer`] in snake case;
/// - `grpc("/qdrant.Service/Method", ProtoRequest -> ProtoResponse)`: the RPC and its protobuf
///   messages, or `grpc()` for the operations Qdrant serves over REST only;
/// - optionally `, deprecated("note")` for the legacy endpoints, deprecated on the clients.
///
/// A consumer matches the rows with this pattern and ignores the columns it does not need:
///
/// ```text
/// $(
///     $(#[doc = $doc:literal])*
///     $variant:ident => fn $method:ident($request:tt) -> $response:ty, $retry:ident,
///         rest($http:ident $path:literal [$($param:ident),*] ?[$($query:ident),*]
///             $($body:ident)? => $answer:ident),
///         grpc($($rpc:literal, $grpc_request:ident -> $grpc_response:ident)?)
///         $(, deprecated($note:literal))?;
/// )*
/// ```
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            // ---- service ------------------------------------------------------------------------
            /// Returns the server's name, version and commit.
            Root => fn root(()) -> VersionInfo, Read,
                rest(GET "/" [] ?[] => bare),
                grpc("/qdrant.Qdrant/HealthCheck", HealthCheckRequest -> HealthCheckReply);
            /// Says whether the server is up; answers with the server's text.
            Healthz => fn healthz(()) -> String, Read,
                rest(GET "/healthz" [] ?[] => text),
                grpc();
            /// Kubernetes liveness probe; answers with the server's text.
            Livez => fn livez(()) -> String, Read,
                rest(GET "/livez" [] ?[] => text),
                grpc();
            /// Kubernetes readiness probe: the server is up and has caught up with its cluster.
            Readyz => fn readyz(()) -> String, Read,
                rest(GET "/readyz" [] ?[] => text),
                grpc();
            /// Returns the server's telemetry, as JSON.
            Telemetry => fn telemetry(Telemetry) -> TelemetryData, Read,
                rest(GET "/telemetry" [] ?[anonymize, details_level, per_collection, timeout] => json),
                grpc();
            /// Returns the server's metrics in the Prometheus text format.
            Metrics => fn metrics(Metrics) -> String, Read,
                rest(GET "/metrics" [] ?[anonymize, per_collection, timeout] => text),
                grpc();
            /// Lists the performance and configuration issues the server noticed.
            GetIssues => fn get_issues(()) -> IssuesReport, Read,
                rest(GET "/issues" [] ?[] => json),
                grpc();
            /// Forgets the issues the server noticed; `true` when done.
            ClearIssues => fn clear_issues(()) -> bool, IdempotentWrite,
                rest(DELETE "/issues" [] ?[] => json),
                grpc();

            // ---- quotas (Qdrant 1.19) ----------------------------------------------------------
            /// Returns the cluster-wide resource quotas and how close each peer is to them
            /// (Qdrant 1.19).
            GetQuotas => fn get_quotas(()) -> QuotaStatus, Read,
                rest(GET "/quotas" [] ?[] => json),
                grpc();
            /// Replaces the cluster-wide resource quotas (Qdrant 1.19): a [`QuotaConfig`], or an
            /// [`UpdateQuotas`] to set `wait`; `true` when done.
            UpdateQuotas => fn update_quotas(UpdateQuotas) -> bool, IdempotentWrite,
                rest(PUT "/quotas" [] ?[wait] body => json),
                grpc();

            // ---- collections -------------------------------------------------------------------
            /// Lists the names of all collections.
            GetCollections => fn get_collections(()) -> CollectionsResponse, Read,
                rest(GET "/collections" [] ?[] => json),
                grpc("/qdrant.Collections/List", ListCollectionsRequest -> ListCollectionsResponse);
            /// Returns a collection's configuration, status and counts.
            GetCollection => fn get_collection(GetCollection) -> CollectionInfo, Read,
                rest(GET "/collections/{collection_name}" [collection_name] ?[] => json),
                grpc("/qdrant.Collections/Get", GetCollectionInfoRequest -> GetCollectionInfoResponse);
            /// Creates a collection; `true` when it was created.
            CreateCollection => fn create_collection(CreateCollection) -> bool, Write,
                rest(PUT "/collections/{collection_name}" [collection_name] ?[timeout] body => json),
                grpc("/qdrant.Collections/Create", CreateCollection -> CollectionOperationResponse);
            /// Changes the parameters of a collection; `true` when done.
            UpdateCollection => fn update_collection(UpdateCollection) -> bool, IdempotentWrite,
                rest(PATCH "/collections/{collection_name}" [collection_name] ?[timeout] body => json),
                grpc("/qdrant.Collections/Update", UpdateCollection -> CollectionOperationResponse);
            /// Deletes a collection; `false` when there was none to delete.
            DeleteCollection => fn delete_collection(DeleteCollection) -> bool, IdempotentWrite,
                rest(DELETE "/collections/{collection_name}" [collection_name] ?[timeout] => json),
                grpc("/qdrant.Collections/Delete", DeleteCollection -> CollectionOperationResponse);
            /// Says whether a collection exists.
            CollectionExists => fn collection_exists(CollectionExists) -> CollectionExistence, Read,
                rest(GET "/collections/{collection_name}/exists" [collection_name] ?[] => json),
                grpc("/qdrant.Collections/CollectionExists", CollectionExistsRequest -> CollectionExistsResponse);
            /// Adds a named vector to an existing collection.
            CreateVectorName => fn create_vector_name(CreateVectorName) -> UpdateResult, Write,
                rest(PUT "/collections/{collection_name}/vectors/{vector_name}" [collection_name, vector_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/CreateVectorName", CreateVectorNameRequest -> PointsOperationResponse);
            /// Removes a named vector, and its data, from a collection.
            DeleteVectorName => fn delete_vector_name(DeleteVectorName) -> UpdateResult, IdempotentWrite,
                rest(DELETE "/collections/{collection_name}/vectors/{vector_name}" [collection_name, vector_name] ?[wait, ordering, timeout] => json),
                grpc("/qdrant.Points/DeleteVectorName", DeleteVectorNameRequest -> PointsOperationResponse);
            /// Lists a collection's running, queued and finished optimizations.
            GetOptimizations => fn get_optimizations(GetOptimizations) -> OptimizationsResponse, Read,
                rest(GET "/collections/{collection_name}/optimizations" [collection_name] ?[with, completed_limit] => json),
                grpc();

            // ---- aliases -----------------------------------------------------------------------
            /// Creates, renames and deletes aliases, all in one atomic change; `true` when done.
            UpdateAliases => fn update_aliases(ChangeAliasesOperation) -> bool, Write,
                rest(POST "/collections/aliases" [] ?[timeout] body => json),
                grpc("/qdrant.Collections/UpdateAliases", ChangeAliases -> CollectionOperationResponse);
            /// Lists the aliases of one collection.
            GetCollectionAliases => fn get_collection_aliases(ListCollectionAliases) -> CollectionsAliasesResponse, Read,
                rest(GET "/collections/{collection_name}/aliases" [collection_name] ?[] => json),
                grpc("/qdrant.Collections/ListCollectionAliases", ListCollectionAliasesRequest -> ListAliasesResponse);
            /// Lists every alias of every collection.
            GetCollectionsAliases => fn get_collections_aliases(()) -> CollectionsAliasesResponse, Read,
                rest(GET "/aliases" [] ?[] => json),
                grpc("/qdrant.Collections/ListAliases", ListAliasesRequest -> ListAliasesResponse);

            // ---- indexes -----------------------------------------------------------------------
            /// Creates a payload index on one field, which filters, `order_by` and facets use.
            CreateFieldIndex => fn create_field_index(CreateFieldIndex) -> UpdateResult, IdempotentWrite,
                rest(PUT "/collections/{collection_name}/index" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/CreateFieldIndex", CreateFieldIndexCollection -> PointsOperationResponse);
            /// Deletes the payload index of one field.
            DeleteFieldIndex => fn delete_field_index(DeleteFieldIndex) -> UpdateResult, IdempotentWrite,
                rest(DELETE "/collections/{collection_name}/index/{field_name}" [collection_name, field_name] ?[wait, ordering, timeout] => json),
                grpc("/qdrant.Points/DeleteFieldIndex", DeleteFieldIndexCollection -> PointsOperationResponse);

            // ---- points ------------------------------------------------------------------------
            /// Inserts points, or replaces the points with the same ids.
            UpsertPoints => fn upsert_points(UpsertPoints) -> UpdateResult, IdempotentWrite,
                rest(PUT "/collections/{collection_name}/points" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/Upsert", UpsertPoints -> PointsOperationResponse);
            /// Retrieves one point by id; `NotFound` when there is none.
            GetPoint => fn get_point(GetPoint) -> Record, Read,
                rest(GET "/collections/{collection_name}/points/{id}" [collection_name, id] ?[consistency] => json),
                grpc();
            /// Retrieves points by id; ids that do not exist are left out.
            GetPoints => fn get_points(GetPoints) -> Vec<Record>, Read,
                rest(POST "/collections/{collection_name}/points" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Get", GetPoints -> GetResponse);
            /// Deletes points by id or by filter.
            DeletePoints => fn delete_points(DeletePoints) -> UpdateResult, IdempotentWrite,
                rest(POST "/collections/{collection_name}/points/delete" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/Delete", DeletePoints -> PointsOperationResponse);
            /// Replaces some vectors of existing points, leaving their other vectors alone.
            UpdateVectors => fn update_vectors(UpdatePointVectors) -> UpdateResult, IdempotentWrite,
                rest(PUT "/collections/{collection_name}/points/vectors" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/UpdateVectors", UpdatePointVectors -> PointsOperationResponse);
            /// Deletes named vectors from points.
            DeleteVectors => fn delete_vectors(DeletePointVectors) -> UpdateResult, IdempotentWrite,
                rest(POST "/collections/{collection_name}/points/vectors/delete" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/DeleteVectors", DeletePointVectors -> PointsOperationResponse);
            /// Sets payload keys on points, keeping the keys it does not name.
            SetPayload => fn set_payload(SetPayloadPoints) -> UpdateResult, IdempotentWrite,
                rest(POST "/collections/{collection_name}/points/payload" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/SetPayload", SetPayloadPoints -> PointsOperationResponse);
            /// Replaces the whole payload of points.
            OverwritePayload => fn overwrite_payload(SetPayloadPoints) -> UpdateResult, IdempotentWrite,
                rest(PUT "/collections/{collection_name}/points/payload" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/OverwritePayload", SetPayloadPoints -> PointsOperationResponse);
            /// Deletes payload keys from points.
            DeletePayload => fn delete_payload(DeletePayloadPoints) -> UpdateResult, IdempotentWrite,
                rest(POST "/collections/{collection_name}/points/payload/delete" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/DeletePayload", DeletePayloadPoints -> PointsOperationResponse);
            /// Deletes the whole payload of points.
            ClearPayload => fn clear_payload(ClearPayloadPoints) -> UpdateResult, IdempotentWrite,
                rest(POST "/collections/{collection_name}/points/payload/clear" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/ClearPayload", ClearPayloadPoints -> PointsOperationResponse);
            /// Applies several point, vector and payload updates in order, in one request.
            BatchUpdate => fn batch_update(UpdateBatchPoints) -> Vec<UpdateResult>, IdempotentWrite,
                rest(POST "/collections/{collection_name}/points/batch" [collection_name] ?[wait, ordering, timeout] body => json),
                grpc("/qdrant.Points/UpdateBatch", UpdateBatchPoints -> UpdateBatchResponse);

            // ---- query -------------------------------------------------------------------------
            /// Runs a universal query: nearest neighbours, by id, fusion, order by, formulas and more.
            QueryPoints => fn query_points(QueryPoints) -> QueryResponse, Read,
                rest(POST "/collections/{collection_name}/points/query" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Query", QueryPoints -> QueryResponse);
            /// Runs several universal queries in one request.
            QueryBatchPoints => fn query_batch_points(QueryBatchPoints) -> Vec<QueryResponse>, Read,
                rest(POST "/collections/{collection_name}/points/query/batch" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/QueryBatch", QueryBatchPoints -> QueryBatchResponse);
            /// Runs a universal query and groups the hits by a payload field.
            QueryPointsGroups => fn query_points_groups(QueryPointGroups) -> GroupsResult, Read,
                rest(POST "/collections/{collection_name}/points/query/groups" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/QueryGroups", QueryPointGroups -> QueryGroupsResponse);

            // ---- analytics ---------------------------------------------------------------------
            /// Reads one page of the points that match a filter, in id order or by a payload field; pass
            /// the answer's `next_page_offset` as the next request's `offset`.
            ScrollPoints => fn scroll_points(ScrollPoints) -> ScrollResult, Read,
                rest(POST "/collections/{collection_name}/points/scroll" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Scroll", ScrollPoints -> ScrollResponse);
            /// Counts the points that match a filter (all points without one).
            CountPoints => fn count_points(CountPoints) -> CountResult, Read,
                rest(POST "/collections/{collection_name}/points/count" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Count", CountPoints -> CountResponse);
            /// Counts the points per value of a payload field.
            Facet => fn facet(FacetCounts) -> FacetResponse, Read,
                rest(POST "/collections/{collection_name}/facet" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Facet", FacetCounts -> FacetResponse);
            /// Computes the distances between sampled points, as a list of pairs.
            SearchMatrixPairs => fn search_matrix_pairs(SearchMatrixPoints) -> SearchMatrixPairsResponse, Read,
                rest(POST "/collections/{collection_name}/points/search/matrix/pairs" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/SearchMatrixPairs", SearchMatrixPoints -> SearchMatrixPairsResponse);
            /// Computes the distances between sampled points, as a sparse matrix.
            SearchMatrixOffsets => fn search_matrix_offsets(SearchMatrixPoints) -> SearchMatrixOffsetsResponse, Read,
                rest(POST "/collections/{collection_name}/points/search/matrix/offsets" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/SearchMatrixOffsets", SearchMatrixPoints -> SearchMatrixOffsetsResponse);

            // ---- legacy search, recommend and discover -----------------------------------------
            /// Finds the nearest points to a vector (legacy; `query_points` does more).
            SearchPoints => fn search_points(SearchPoints) -> Vec<ScoredPoint>, Read,
                rest(POST "/collections/{collection_name}/points/search" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Search", SearchPoints -> SearchResponse),
                deprecated("legacy endpoint, still served: use `query_points`, which does all this and more");
            /// Runs several searches in one request (legacy; `query_batch_points` does more).
            SearchBatchPoints => fn search_batch_points(SearchBatchPoints) -> Vec<Vec<ScoredPoint>>, Read,
                rest(POST "/collections/{collection_name}/points/search/batch" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/SearchBatch", SearchBatchPoints -> SearchBatchResponse),
                deprecated("legacy endpoint, still served: use `query_batch_points`, which does all this and more");
            /// Searches and groups the hits by a payload field (legacy; `query_points_groups` does more).
            SearchPointGroups => fn search_point_groups(SearchPointGroups) -> GroupsResult, Read,
                rest(POST "/collections/{collection_name}/points/search/groups" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/SearchGroups", SearchPointGroups -> SearchGroupsResponse),
                deprecated("legacy endpoint, still served: use `query_points_groups`, which does all this and more");
            /// Finds points like some examples and unlike others (legacy; `query_points` does more).
            RecommendPoints => fn recommend_points(RecommendPoints) -> Vec<ScoredPoint>, Read,
                rest(POST "/collections/{collection_name}/points/recommend" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Recommend", RecommendPoints -> RecommendResponse),
                deprecated("legacy endpoint, still served: use `query_points`, which does all this and more");
            /// Runs several recommendations in one request (legacy).
            RecommendBatchPoints => fn recommend_batch_points(RecommendBatchPoints) -> Vec<Vec<ScoredPoint>>, Read,
                rest(POST "/collections/{collection_name}/points/recommend/batch" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/RecommendBatch", RecommendBatchPoints -> RecommendBatchResponse),
                deprecated("legacy endpoint, still served: use `query_batch_points`, which does all this and more");
            /// Recommends and groups the hits by a payload field (legacy).
            RecommendPointGroups => fn recommend_point_groups(RecommendPointGroups) -> GroupsResult, Read,
                rest(POST "/collections/{collection_name}/points/recommend/groups" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/RecommendGroups", RecommendPointGroups -> RecommendGroupsResponse),
                deprecated("legacy endpoint, still served: use `query_points_groups`, which does all this and more");
            /// Finds points in the region that context pairs describe (legacy; `query_points` does more).
            DiscoverPoints => fn discover_points(DiscoverPoints) -> Vec<ScoredPoint>, Read,
                rest(POST "/collections/{collection_name}/points/discover" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/Discover", DiscoverPoints -> DiscoverResponse),
                deprecated("legacy endpoint, still served: use `query_points`, which does all this and more");
            /// Runs several discovery searches in one request (legacy).
            DiscoverBatchPoints => fn discover_batch_points(DiscoverBatchPoints) -> Vec<Vec<ScoredPoint>>, Read,
                rest(POST "/collections/{collection_name}/points/discover/batch" [collection_name] ?[consistency, timeout] body => json),
                grpc("/qdrant.Points/DiscoverBatch", DiscoverBatchPoints -> DiscoverBatchResponse),
                deprecated("legacy endpoint, still served: use `query_batch_points`, which does all this and more");

            // ---- collection snapshots ----------------------------------------------------------
            /// Creates a snapshot of a collection.
            CreateSnapshot => fn create_snapshot(CreateSnapshot) -> SnapshotDescription, Write,
                rest(POST "/collections/{collection_name}/snapshots" [collection_name] ?[wait] => described),
                grpc("/qdrant.Snapshots/Create", CreateSnapshotRequest -> CreateSnapshotResponse);
            /// Lists the snapshots of a collection.
            ListSnapshots => fn list_snapshots(ListSnapshots) -> Vec<SnapshotDescription>, Read,
                rest(GET "/collections/{collection_name}/snapshots" [collection_name] ?[] => json),
                grpc("/qdrant.Snapshots/List", ListSnapshotsRequest -> ListSnapshotsResponse);
            /// Deletes a snapshot of a collection.
            DeleteSnapshot => fn delete_snapshot(DeleteSnapshot) -> bool, IdempotentWrite,
                rest(DELETE "/collections/{collection_name}/snapshots/{snapshot_name}" [collection_name, snapshot_name] ?[wait] => accepted),
                grpc("/qdrant.Snapshots/Delete", DeleteSnapshotRequest -> DeleteSnapshotResponse);
            /// Downloads a snapshot of a collection, as a stream of bytes.
            GetSnapshot => fn get_snapshot(GetSnapshot) -> SnapshotDownload, Read,
                rest(GET "/collections/{collection_name}/snapshots/{snapshot_name}" [collection_name, snapshot_name] ?[] => download),
                grpc();
            /// Recovers a collection from a snapshot at a URL or a path on the server.
            RecoverFromSnapshot => fn recover_from_snapshot(RecoverFromSnapshot) -> bool, Write,
                rest(PUT "/collections/{collection_name}/snapshots/recover" [collection_name] ?[wait] body => accepted),
                grpc();
            /// Recovers a collection from a snapshot file sent with the request.
            RecoverFromUploadedSnapshot => fn recover_from_uploaded_snapshot(RecoverFromUploadedSnapshot) -> bool, Write,
                rest(POST "/collections/{collection_name}/snapshots/upload" [collection_name] ?[wait, priority, checksum] => multipart),
                grpc();

            // ---- full snapshots ----------------------------------------------------------------
            /// Creates a snapshot of the whole instance.
            CreateFullSnapshot => fn create_full_snapshot(CreateFullSnapshot) -> SnapshotDescription, Write,
                rest(POST "/snapshots" [] ?[wait] => described),
                grpc("/qdrant.Snapshots/CreateFull", CreateFullSnapshotRequest -> CreateSnapshotResponse);
            /// Lists the snapshots of the whole instance.
            ListFullSnapshots => fn list_full_snapshots(()) -> Vec<SnapshotDescription>, Read,
                rest(GET "/snapshots" [] ?[] => json),
                grpc("/qdrant.Snapshots/ListFull", ListFullSnapshotsRequest -> ListSnapshotsResponse);
            /// Deletes a snapshot of the whole instance.
            DeleteFullSnapshot => fn delete_full_snapshot(DeleteFullSnapshot) -> bool, IdempotentWrite,
                rest(DELETE "/snapshots/{snapshot_name}" [snapshot_name] ?[wait] => accepted),
                grpc("/qdrant.Snapshots/DeleteFull", DeleteFullSnapshotRequest -> DeleteSnapshotResponse);
            /// Downloads a snapshot of the whole instance, as a stream of bytes.
            GetFullSnapshot => fn get_full_snapshot(GetFullSnapshot) -> SnapshotDownload, Read,
                rest(GET "/snapshots/{snapshot_name}" [snapshot_name] ?[] => download),
                grpc();

            // ---- shard snapshots ---------------------------------------------------------------
            /// Creates a snapshot of one shard.
            CreateShardSnapshot => fn create_shard_snapshot(CreateShardSnapshot) -> SnapshotDescription, Write,
                rest(POST "/collections/{collection_name}/shards/{shard_id}/snapshots" [collection_name, shard_id] ?[wait] => described),
                grpc();
            /// Lists the snapshots of one shard.
            ListShardSnapshots => fn list_shard_snapshots(ListShardSnapshots) -> Vec<SnapshotDescription>, Read,
                rest(GET "/collections/{collection_name}/shards/{shard_id}/snapshots" [collection_name, shard_id] ?[] => json),
                grpc();
            /// Deletes a snapshot of one shard.
            DeleteShardSnapshot => fn delete_shard_snapshot(DeleteShardSnapshot) -> bool, IdempotentWrite,
                rest(DELETE "/collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}" [collection_name, shard_id, snapshot_name] ?[wait] => accepted),
                grpc();
            /// Downloads a snapshot of one shard, as a stream of bytes.
            GetShardSnapshot => fn get_shard_snapshot(GetShardSnapshot) -> SnapshotDownload, Read,
                rest(GET "/collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}" [collection_name, shard_id, snapshot_name] ?[] => download),
                grpc();
            /// Makes a fresh snapshot of one shard and streams it, without keeping it on the server.
            StreamShardSnapshot => fn stream_shard_snapshot(StreamShardSnapshot) -> SnapshotDownload, Read,
                rest(GET "/collections/{collection_name}/shards/{shard_id}/snapshot" [collection_name, shard_id] ?[] => download),
                grpc();
            /// Recovers one shard from a snapshot at a URL or a path on the server.
            RecoverShardFromSnapshot => fn recover_shard_from_snapshot(RecoverShardFromSnapshot) -> bool, Write,
                rest(PUT "/collections/{collection_name}/shards/{shard_id}/snapshots/recover" [collection_name, shard_id] ?[wait] body => accepted),
                grpc();
            /// Recovers one shard from a snapshot file sent with the request.
            RecoverShardFromUploadedSnapshot => fn recover_shard_from_uploaded_snapshot(RecoverShardFromUploadedSnapshot) -> bool, Write,
                rest(POST "/collections/{collection_name}/shards/{shard_id}/snapshots/upload" [collection_name, shard_id] ?[wait, priority, checksum] => multipart),
                grpc();

            // ---- sharding ----------------------------------------------------------------------
            /// Creates a shard key, with its shards, in a collection that uses custom sharding.
            CreateShardKey => fn create_shard_key(CreateShardingKey) -> bool, Write,
                rest(PUT "/collections/{collection_name}/shards" [collection_name] ?[timeout] body => json),
                grpc("/qdrant.Collections/CreateShardKey", CreateShardKeyRequest -> CreateShardKeyResponse);
            /// Deletes a shard key and its shards.
            DeleteShardKey => fn delete_shard_key(DropShardingKey) -> bool, IdempotentWrite,
                rest(POST "/collections/{collection_name}/shards/delete" [collection_name] ?[timeout] body => json),
                grpc("/qdrant.Collections/DeleteShardKey", DeleteShardKeyRequest -> DeleteShardKeyResponse);
            /// Lists the shard keys of a collection.
            ListShardKeys => fn list_shard_keys(ListShardKeys) -> ShardKeysResponse, Read,
                rest(GET "/collections/{collection_name}/shards" [collection_name] ?[] => json),
                grpc("/qdrant.Collections/ListShardKeys", ListShardKeysRequest -> ListShardKeysResponse);

            // ---- cluster -----------------------------------------------------------------------
            /// Returns the cluster's peers and consensus state, or that distributed mode is off.
            ClusterStatus => fn cluster_status(()) -> ClusterStatus, Read,
                rest(GET "/cluster" [] ?[] => json),
                grpc();
            /// Returns the telemetry of every peer of the cluster, as JSON.
            ClusterTelemetry => fn cluster_telemetry(ClusterTelemetry) -> DistributedTelemetryData, Read,
                rest(GET "/cluster/telemetry" [] ?[details_level, timeout] => json),
                grpc();
            /// Asks the answering peer to recover its consensus state from the others.
            RecoverCurrentPeer => fn recover_current_peer(()) -> bool, Write,
                rest(POST "/cluster/recover" [] ?[] => json),
                grpc();
            /// Removes a peer from the cluster.
            RemovePeer => fn remove_peer(RemovePeer) -> bool, Write,
                rest(DELETE "/cluster/peer/{peer_id}" [peer_id] ?[timeout, force] => json),
                grpc();
            /// Returns where a collection's shards are and which transfers run.
            CollectionClusterInfo => fn collection_cluster_info(CollectionClusterInfoRequest) -> CollectionClusterInfo, Read,
                rest(GET "/collections/{collection_name}/cluster" [collection_name] ?[] => json),
                grpc("/qdrant.Collections/CollectionClusterInfo", CollectionClusterInfoRequest -> CollectionClusterInfoResponse);
            /// Moves, replicates or drops shards, and manages shard keys and resharding.
            UpdateCollectionCluster => fn update_collection_cluster(UpdateCollectionClusterSetup) -> bool, Write,
                rest(POST "/collections/{collection_name}/cluster" [collection_name] ?[timeout] body => json),
                grpc("/qdrant.Collections/UpdateCollectionClusterSetup", UpdateCollectionClusterSetupRequest -> UpdateCollectionClusterSetupResponse);
        }
    };
}

/// The table's own consumer: the [`Operation`] enum, the [`Transport`] trait and the transports
/// that wrap others.
macro_rules! define_operations {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:tt) -> $response:ty, $retry:ident,
            rest($http:ident $path:literal [$($param:ident),*] ?[$($query:ident),*]
                $($body:ident)? => $answer:ident),
            grpc($($rpc:literal, $grpc_request:ident -> $grpc_response:ident)?)
            $(, deprecated($note:literal))?;
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

            /// The operation's doc text, as the table (and both clients) write it: its lines as
            /// they follow `///`, leading space included.
            pub const fn doc(self) -> &'static str {
                match self { $(Operation::$variant => concat!($($doc, "\n"),*),)* }
            }

            /// How safe the operation is to repeat.
            pub const fn retry(self) -> Retry {
                match self { $(Operation::$variant => Retry::$retry,)* }
            }

            /// How the operation goes over REST.
            pub const fn rest(self) -> RestRoute {
                match self {
                    $(Operation::$variant => RestRoute {
                        method: stringify!($http),
                        path: $path,
                        path_params: &[$(stringify!($param)),*],
                        query: &[$(stringify!($query)),*],
                        body: define_operations!(@body $($body)?),
                        answer: define_operations!(@answer $answer),
                    },)*
                }
            }

            /// The gRPC method that carries the operation, as `/qdrant.Service/Method`, or `None`
            /// for the operations Qdrant serves over REST only.
            pub const fn grpc_rpc(self) -> Option<&'static str> {
                match self { $(Operation::$variant => define_operations!(@rpc $($rpc)?),)* }
            }

            /// Whether the clients mark the operation `#[deprecated]` (the legacy endpoints).
            pub const fn is_deprecated(self) -> bool {
                match self { $(Operation::$variant => define_operations!(@deprecated $($note)?),)* }
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

            /// Whether this transport can send `request` for `operation` as it is.
            ///
            /// An operation outside [`capabilities`](Transport::capabilities) cannot be sent, and
            /// a transport may also be unable to carry some requests of an operation it has (gRPC
            /// has no field for a few settings that REST takes). The
            /// [`Fallback`](crate::layers::Fallback) transport sends such calls to its second
            /// transport. By default, every request of a supported operation.
            fn carries(&self, operation: Operation, request: &dyn Any) -> bool {
                let _ = request;
                self.capabilities().supports(operation)
            }

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

            fn carries(&self, operation: Operation, request: &dyn Any) -> bool {
                self.inner.carries(operation, request)
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

            fn carries(&self, operation: Operation, request: &dyn Any) -> bool {
                self.first().carries(operation, request)
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

        #[async_trait::async_trait]
        impl<P, S> Transport for crate::layers::Fallback<P, S>
        where
            P: Transport + ?Sized,
            S: Transport + ?Sized,
        {
            fn name(&self) -> &'static str {
                self.primary().name()
            }

            fn capabilities(&self) -> Capabilities {
                self.primary()
                    .capabilities()
                    .union(&self.secondary().capabilities())
            }

            fn carries(&self, operation: Operation, request: &dyn Any) -> bool {
                self.primary().carries(operation, request)
                    || self.secondary().carries(operation, request)
            }

            async fn bulk_upsert(&self, request: UpsertPoints) -> Result<UpdateResult> {
                if self.primary().carries(Operation::UpsertPoints, &request) {
                    self.primary().bulk_upsert(request).await
                } else {
                    self.secondary().bulk_upsert(request).await
                }
            }

            async fn finish_bulk_upsert(&self, collection_name: String) -> Result<()> {
                self.primary().finish_bulk_upsert(collection_name.clone()).await?;
                self.secondary().finish_bulk_upsert(collection_name).await
            }

            $(
                async fn $method(&self, request: $request) -> Result<$response> {
                    if self.primary().carries(Operation::$variant, &request) {
                        self.primary().$method(request).await
                    } else {
                        self.secondary().$method(request).await
                    }
                }
            )*
        }
    };
    (@rpc $rpc:literal) => { Some($rpc) };
    (@rpc) => { None };
    (@body body) => { true };
    (@body) => { false };
    (@deprecated $note:literal) => { true };
    (@deprecated) => { false };
    (@answer json) => { RestAnswer::Json };
    (@answer accepted) => { RestAnswer::Accepted };
    (@answer described) => { RestAnswer::Described };
    (@answer bare) => { RestAnswer::Bare };
    (@answer text) => { RestAnswer::Text };
    (@answer download) => { RestAnswer::Download };
    (@answer multipart) => { RestAnswer::Multipart };
}

for_each_operation!(define_operations);

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
    fn every_rest_path_segment_is_filled_by_the_field_named_in_its_row() {
        for operation in Operation::ALL {
            let route = operation.rest();
            let segments: Vec<&str> = route
                .path
                .split('/')
                .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            assert_eq!(segments, route.path_params, "{}", operation.name());
            assert!(route.path.starts_with('/'), "{}", operation.name());
            for field in route.query {
                assert!(
                    !route.path_params.contains(field),
                    "{}: {field} is both in the path and the query",
                    operation.name()
                );
            }
            assert!(
                matches!(route.method, "GET" | "PUT" | "POST" | "PATCH" | "DELETE"),
                "{}: {}",
                operation.name(),
                route.method
            );
            assert!(
                !(route.body && route.method == "GET"),
                "{}: a GET has no body",
                operation.name()
            );
        }
    }

    #[test]
    fn the_legacy_endpoints_are_deprecated_and_nothing_else() {
        let deprecated: Vec<&str> = Operation::ALL
            .iter()
            .filter(|op| op.is_deprecated())
            .map(|op| op.name())
            .collect();
        assert_eq!(deprecated.len(), 8, "{deprecated:?}");
        for name in deprecated {
            assert!(
                ["search_", "recommend_", "discover_"]
                    .iter()
                    .any(|prefix| name.starts_with(prefix)),
                "{name}"
            );
        }
        assert!(
            Operation::UpsertPoints
                .doc()
                .trim_start()
                .starts_with("Inserts points")
        );
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
