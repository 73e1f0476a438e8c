//! Every operation's wire form: HTTP method, path as Qdrant's REST reference writes it, and
//! query parameters. The request model itself is the JSON body; its path and query fields are
//! skipped by serde.

use quadrant_transport::models::*;
use quadrant_transport::{
    Capabilities, Error, Operation, Result, SnapshotDownload, Transport, async_trait,
};
use reqwest::Method;

use crate::client::{Path, Query, RestTransport};

/// The body of requests that have none.
const NO_BODY: Option<&()> = None;

#[async_trait]
impl Transport for RestTransport {
    fn name(&self) -> &'static str {
        "rest"
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
            Operation::QueryBatchPoints,
            Operation::QueryPointsGroups,
            Operation::Facet,
            Operation::SearchMatrixPairs,
            Operation::SearchMatrixOffsets,
            Operation::SearchPoints,
            Operation::SearchBatchPoints,
            Operation::SearchPointGroups,
            Operation::RecommendPoints,
            Operation::RecommendBatchPoints,
            Operation::RecommendPointGroups,
            Operation::DiscoverPoints,
            Operation::DiscoverBatchPoints,
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
        let path = Path::new("/collections", []);
        self.call(
            Operation::GetCollections,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn get_collection(&self, request: GetCollection) -> Result<CollectionInfo> {
        let path = Path::new("/collections/{collection_name}", [&request.collection_name]);
        self.call(
            Operation::GetCollection,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn create_collection(&self, request: CreateCollection) -> Result<bool> {
        let path = Path::new("/collections/{collection_name}", [&request.collection_name]);
        let query = Query::new().timeout(request.timeout);
        self.call(
            Operation::CreateCollection,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn delete_collection(&self, request: DeleteCollection) -> Result<bool> {
        let path = Path::new("/collections/{collection_name}", [&request.collection_name]);
        let query = Query::new().timeout(request.timeout);
        self.call(
            Operation::DeleteCollection,
            Method::DELETE,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn collection_exists(&self, request: CollectionExists) -> Result<CollectionExistence> {
        let path = Path::new(
            "/collections/{collection_name}/exists",
            [&request.collection_name],
        );
        self.call(
            Operation::CollectionExists,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn create_field_index(&self, request: CreateFieldIndex) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/index",
            [&request.collection_name],
        );
        let query = Query::new()
            .wait(request.wait)
            .ordering(request.ordering)
            .timeout(request.timeout);
        self.call(
            Operation::CreateFieldIndex,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn delete_field_index(&self, request: DeleteFieldIndex) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/index/{field_name}",
            [&request.collection_name, &request.field_name],
        );
        let query = Query::new()
            .wait(request.wait)
            .ordering(request.ordering)
            .timeout(request.timeout);
        self.call(
            Operation::DeleteFieldIndex,
            Method::DELETE,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn upsert_points(&self, request: UpsertPoints) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points",
            [&request.collection_name],
        );
        let query = Query::new()
            .wait(request.wait)
            .ordering(request.ordering)
            .timeout(request.timeout);
        self.call(
            Operation::UpsertPoints,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn get_points(&self, request: GetPoints) -> Result<Vec<Record>> {
        let path = Path::new(
            "/collections/{collection_name}/points",
            [&request.collection_name],
        );
        let query = Query::new()
            .consistency(request.consistency.as_ref())
            .timeout(request.timeout);
        self.call(
            Operation::GetPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn delete_points(&self, request: DeletePoints) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/delete",
            [&request.collection_name],
        );
        let query = Query::new()
            .wait(request.wait)
            .ordering(request.ordering)
            .timeout(request.timeout);
        self.call(
            Operation::DeletePoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn count_points(&self, request: CountPoints) -> Result<CountResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/count",
            [&request.collection_name],
        );
        let query = Query::new()
            .consistency(request.consistency.as_ref())
            .timeout(request.timeout);
        self.call(
            Operation::CountPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn scroll_points(&self, request: ScrollPoints) -> Result<ScrollResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/scroll",
            [&request.collection_name],
        );
        let query = Query::new()
            .consistency(request.consistency.as_ref())
            .timeout(request.timeout);
        self.call(
            Operation::ScrollPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn query_points(&self, request: QueryPoints) -> Result<QueryResponse> {
        let path = Path::new(
            "/collections/{collection_name}/points/query",
            [&request.collection_name],
        );
        let query = Query::new()
            .consistency(request.consistency.as_ref())
            .timeout(request.timeout);
        self.call(
            Operation::QueryPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
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

    async fn query_batch_points(&self, _request: QueryBatchPoints) -> Result<Vec<QueryResponse>> {
        Err(Error::unsupported(Operation::QueryBatchPoints, self.name()))
    }

    async fn query_points_groups(&self, _request: QueryPointGroups) -> Result<GroupsResult> {
        Err(Error::unsupported(
            Operation::QueryPointsGroups,
            self.name(),
        ))
    }

    async fn facet(&self, _request: FacetCounts) -> Result<FacetResponse> {
        Err(Error::unsupported(Operation::Facet, self.name()))
    }

    async fn search_matrix_pairs(
        &self,
        _request: SearchMatrixPoints,
    ) -> Result<SearchMatrixPairsResponse> {
        Err(Error::unsupported(
            Operation::SearchMatrixPairs,
            self.name(),
        ))
    }

    async fn search_matrix_offsets(
        &self,
        _request: SearchMatrixPoints,
    ) -> Result<SearchMatrixOffsetsResponse> {
        Err(Error::unsupported(
            Operation::SearchMatrixOffsets,
            self.name(),
        ))
    }

    async fn search_points(&self, _request: SearchPoints) -> Result<Vec<ScoredPoint>> {
        Err(Error::unsupported(Operation::SearchPoints, self.name()))
    }

    async fn search_batch_points(
        &self,
        _request: SearchBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        Err(Error::unsupported(
            Operation::SearchBatchPoints,
            self.name(),
        ))
    }

    async fn search_point_groups(&self, _request: SearchPointGroups) -> Result<GroupsResult> {
        Err(Error::unsupported(
            Operation::SearchPointGroups,
            self.name(),
        ))
    }

    async fn recommend_points(&self, _request: RecommendPoints) -> Result<Vec<ScoredPoint>> {
        Err(Error::unsupported(Operation::RecommendPoints, self.name()))
    }

    async fn recommend_batch_points(
        &self,
        _request: RecommendBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        Err(Error::unsupported(
            Operation::RecommendBatchPoints,
            self.name(),
        ))
    }

    async fn recommend_point_groups(&self, _request: RecommendPointGroups) -> Result<GroupsResult> {
        Err(Error::unsupported(
            Operation::RecommendPointGroups,
            self.name(),
        ))
    }

    async fn discover_points(&self, _request: DiscoverPoints) -> Result<Vec<ScoredPoint>> {
        Err(Error::unsupported(Operation::DiscoverPoints, self.name()))
    }

    async fn discover_batch_points(
        &self,
        _request: DiscoverBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        Err(Error::unsupported(
            Operation::DiscoverBatchPoints,
            self.name(),
        ))
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
