//! Every operation's wire form: HTTP method, path as Qdrant's REST reference writes it, and
//! query parameters. The request model itself is the JSON body; its path and query fields are
//! skipped by serde.

use quadrant_transport::models::*;
use quadrant_transport::{
    Capabilities, Error, ErrorKind, Operation, Result, SnapshotDownload, Transport, async_trait,
};
use reqwest::Method;

use crate::client::{Path, Query, RestTransport};
use crate::upload::UploadForm;

/// The body of requests that have none.
const NO_BODY: Option<&()> = None;

#[async_trait]
impl Transport for RestTransport {
    fn name(&self) -> &'static str {
        "rest"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::all()
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

    // ---- service -------------------------------------------------------------------------------

    async fn root(&self, _request: ()) -> Result<VersionInfo> {
        self.call_plain(Operation::Root, Path::new("/", [])).await
    }

    async fn healthz(&self, _request: ()) -> Result<String> {
        let path = Path::new("/healthz", []);
        self.call_text(Operation::Healthz, path, Query::new()).await
    }

    async fn livez(&self, _request: ()) -> Result<String> {
        let path = Path::new("/livez", []);
        self.call_text(Operation::Livez, path, Query::new()).await
    }

    async fn readyz(&self, _request: ()) -> Result<String> {
        let path = Path::new("/readyz", []);
        self.call_text(Operation::Readyz, path, Query::new()).await
    }

    async fn telemetry(&self, request: Telemetry) -> Result<TelemetryData> {
        let path = Path::new("/telemetry", []);
        let query = Query::new()
            .param("anonymize", request.anonymize)
            .param("details_level", request.details_level)
            .param("per_collection", request.per_collection)
            .timeout(request.timeout);
        self.call(Operation::Telemetry, Method::GET, path, query, NO_BODY)
            .await
    }

    async fn metrics(&self, request: Metrics) -> Result<String> {
        let path = Path::new("/metrics", []);
        let query = Query::new()
            .param("anonymize", request.anonymize)
            .param("per_collection", request.per_collection)
            .timeout(request.timeout);
        self.call_text(Operation::Metrics, path, query).await
    }

    async fn get_issues(&self, _request: ()) -> Result<IssuesReport> {
        let path = Path::new("/issues", []);
        self.call(
            Operation::GetIssues,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn clear_issues(&self, _request: ()) -> Result<bool> {
        let path = Path::new("/issues", []);
        self.call(
            Operation::ClearIssues,
            Method::DELETE,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn get_quotas(&self, _request: ()) -> Result<QuotaStatus> {
        let path = Path::new("/quotas", []);
        self.call(
            Operation::GetQuotas,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn update_quotas(&self, request: UpdateQuotas) -> Result<bool> {
        let path = Path::new("/quotas", []);
        let query = Query::new().wait(request.wait);
        self.call(
            Operation::UpdateQuotas,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    // ---- collections ---------------------------------------------------------------------------

    async fn update_collection(&self, request: UpdateCollection) -> Result<bool> {
        let path = Path::new("/collections/{collection_name}", [&request.collection_name]);
        let query = Query::new().timeout(request.timeout);
        self.call(
            Operation::UpdateCollection,
            Method::PATCH,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn create_vector_name(&self, request: CreateVectorName) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/vectors/{vector_name}",
            [&request.collection_name, &request.vector_name],
        );
        let query = Query::new()
            .wait(request.wait)
            .ordering(request.ordering)
            .timeout(request.timeout);
        self.call(
            Operation::CreateVectorName,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn delete_vector_name(&self, request: DeleteVectorName) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/vectors/{vector_name}",
            [&request.collection_name, &request.vector_name],
        );
        let query = Query::new()
            .wait(request.wait)
            .ordering(request.ordering)
            .timeout(request.timeout);
        self.call(
            Operation::DeleteVectorName,
            Method::DELETE,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn get_optimizations(&self, request: GetOptimizations) -> Result<OptimizationsResponse> {
        let path = Path::new(
            "/collections/{collection_name}/optimizations",
            [&request.collection_name],
        );
        let with = request.with.as_ref().map(|parts| {
            parts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        });
        let query = Query::new()
            .param("with", with)
            .param("completed_limit", request.completed_limit);
        self.call(
            Operation::GetOptimizations,
            Method::GET,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    // ---- aliases -------------------------------------------------------------------------------

    async fn update_aliases(&self, request: ChangeAliasesOperation) -> Result<bool> {
        let path = Path::new("/collections/aliases", []);
        let query = Query::new().timeout(request.timeout);
        self.call(
            Operation::UpdateAliases,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn get_collection_aliases(
        &self,
        request: ListCollectionAliases,
    ) -> Result<CollectionsAliasesResponse> {
        let path = Path::new(
            "/collections/{collection_name}/aliases",
            [&request.collection_name],
        );
        self.call(
            Operation::GetCollectionAliases,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn get_collections_aliases(&self, _request: ()) -> Result<CollectionsAliasesResponse> {
        let path = Path::new("/aliases", []);
        self.call(
            Operation::GetCollectionsAliases,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    // ---- points --------------------------------------------------------------------------------

    async fn get_point(&self, request: GetPoint) -> Result<Record> {
        let id = request.id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/points/{id}",
            [&request.collection_name, &id],
        );
        let query = Query::new().consistency(request.consistency.as_ref());
        self.call(Operation::GetPoint, Method::GET, path, query, NO_BODY)
            .await
    }

    async fn update_vectors(&self, request: UpdatePointVectors) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/vectors",
            [&request.collection_name],
        );
        let query = write_query(request.wait, request.ordering, request.timeout);
        self.call(
            Operation::UpdateVectors,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn delete_vectors(&self, request: DeletePointVectors) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/vectors/delete",
            [&request.collection_name],
        );
        let query = write_query(request.wait, request.ordering, request.timeout);
        self.call(
            Operation::DeleteVectors,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn set_payload(&self, request: SetPayloadPoints) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/payload",
            [&request.collection_name],
        );
        let query = write_query(request.wait, request.ordering, request.timeout);
        self.call(
            Operation::SetPayload,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn overwrite_payload(&self, request: SetPayloadPoints) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/payload",
            [&request.collection_name],
        );
        let query = write_query(request.wait, request.ordering, request.timeout);
        self.call(
            Operation::OverwritePayload,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn delete_payload(&self, request: DeletePayloadPoints) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/payload/delete",
            [&request.collection_name],
        );
        let query = write_query(request.wait, request.ordering, request.timeout);
        self.call(
            Operation::DeletePayload,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn clear_payload(&self, request: ClearPayloadPoints) -> Result<UpdateResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/payload/clear",
            [&request.collection_name],
        );
        let query = write_query(request.wait, request.ordering, request.timeout);
        self.call(
            Operation::ClearPayload,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn batch_update(&self, request: UpdateBatchPoints) -> Result<Vec<UpdateResult>> {
        let path = Path::new(
            "/collections/{collection_name}/points/batch",
            [&request.collection_name],
        );
        let query = write_query(request.wait, request.ordering, request.timeout);
        self.call(
            Operation::BatchUpdate,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    // ---- query ---------------------------------------------------------------------------------

    async fn query_batch_points(&self, request: QueryBatchPoints) -> Result<Vec<QueryResponse>> {
        let path = Path::new(
            "/collections/{collection_name}/points/query/batch",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::QueryBatchPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn query_points_groups(&self, request: QueryPointGroups) -> Result<GroupsResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/query/groups",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::QueryPointsGroups,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    // ---- analytics -----------------------------------------------------------------------------

    async fn facet(&self, request: FacetCounts) -> Result<FacetResponse> {
        let path = Path::new(
            "/collections/{collection_name}/facet",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(Operation::Facet, Method::POST, path, query, Some(&request))
            .await
    }

    async fn search_matrix_pairs(
        &self,
        request: SearchMatrixPoints,
    ) -> Result<SearchMatrixPairsResponse> {
        let path = Path::new(
            "/collections/{collection_name}/points/search/matrix/pairs",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::SearchMatrixPairs,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn search_matrix_offsets(
        &self,
        request: SearchMatrixPoints,
    ) -> Result<SearchMatrixOffsetsResponse> {
        let path = Path::new(
            "/collections/{collection_name}/points/search/matrix/offsets",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::SearchMatrixOffsets,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    // ---- legacy search, recommend and discover -------------------------------------------------

    async fn search_points(&self, request: SearchPoints) -> Result<Vec<ScoredPoint>> {
        let path = Path::new(
            "/collections/{collection_name}/points/search",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::SearchPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn search_batch_points(
        &self,
        request: SearchBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        let path = Path::new(
            "/collections/{collection_name}/points/search/batch",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::SearchBatchPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn search_point_groups(&self, request: SearchPointGroups) -> Result<GroupsResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/search/groups",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::SearchPointGroups,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn recommend_points(&self, request: RecommendPoints) -> Result<Vec<ScoredPoint>> {
        let path = Path::new(
            "/collections/{collection_name}/points/recommend",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::RecommendPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn recommend_batch_points(
        &self,
        request: RecommendBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        let path = Path::new(
            "/collections/{collection_name}/points/recommend/batch",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::RecommendBatchPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn recommend_point_groups(&self, request: RecommendPointGroups) -> Result<GroupsResult> {
        let path = Path::new(
            "/collections/{collection_name}/points/recommend/groups",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::RecommendPointGroups,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn discover_points(&self, request: DiscoverPoints) -> Result<Vec<ScoredPoint>> {
        let path = Path::new(
            "/collections/{collection_name}/points/discover",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::DiscoverPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn discover_batch_points(
        &self,
        request: DiscoverBatchPoints,
    ) -> Result<Vec<Vec<ScoredPoint>>> {
        let path = Path::new(
            "/collections/{collection_name}/points/discover/batch",
            [&request.collection_name],
        );
        let query = read_query(request.consistency.as_ref(), request.timeout);
        self.call(
            Operation::DiscoverBatchPoints,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    // ---- collection snapshots ------------------------------------------------------------------

    async fn create_snapshot(&self, request: CreateSnapshot) -> Result<SnapshotDescription> {
        must_wait_for_description(Operation::CreateSnapshot, request.wait)?;
        let path = Path::new(
            "/collections/{collection_name}/snapshots",
            [&request.collection_name],
        );
        let query = Query::new().wait(request.wait);
        self.call(
            Operation::CreateSnapshot,
            Method::POST,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn list_snapshots(&self, request: ListSnapshots) -> Result<Vec<SnapshotDescription>> {
        let path = Path::new(
            "/collections/{collection_name}/snapshots",
            [&request.collection_name],
        );
        self.call(
            Operation::ListSnapshots,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn delete_snapshot(&self, request: DeleteSnapshot) -> Result<bool> {
        let path = Path::new(
            "/collections/{collection_name}/snapshots/{snapshot_name}",
            [&request.collection_name, &request.snapshot_name],
        );
        let query = Query::new().wait(request.wait);
        self.call_flag(
            Operation::DeleteSnapshot,
            Method::DELETE,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn get_snapshot(&self, request: GetSnapshot) -> Result<SnapshotDownload> {
        let path = Path::new(
            "/collections/{collection_name}/snapshots/{snapshot_name}",
            [&request.collection_name, &request.snapshot_name],
        );
        self.download(Operation::GetSnapshot, path).await
    }

    async fn recover_from_snapshot(&self, request: RecoverFromSnapshot) -> Result<bool> {
        let path = Path::new(
            "/collections/{collection_name}/snapshots/recover",
            [&request.collection_name],
        );
        let query = Query::new().wait(request.wait);
        self.call_flag(
            Operation::RecoverFromSnapshot,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn recover_from_uploaded_snapshot(
        &self,
        request: RecoverFromUploadedSnapshot,
    ) -> Result<bool> {
        let path = Path::new(
            "/collections/{collection_name}/snapshots/upload",
            [&request.collection_name],
        );
        let query = Query::new()
            .wait(request.wait)
            .param("priority", request.priority)
            .param("checksum", request.checksum.as_deref());
        let form = UploadForm::snapshot(request.snapshot).await?;
        self.upload(Operation::RecoverFromUploadedSnapshot, path, query, form)
            .await
    }

    // ---- full snapshots ------------------------------------------------------------------------

    async fn create_full_snapshot(
        &self,
        request: CreateFullSnapshot,
    ) -> Result<SnapshotDescription> {
        must_wait_for_description(Operation::CreateFullSnapshot, request.wait)?;
        let path = Path::new("/snapshots", []);
        let query = Query::new().wait(request.wait);
        self.call(
            Operation::CreateFullSnapshot,
            Method::POST,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn list_full_snapshots(&self, _request: ()) -> Result<Vec<SnapshotDescription>> {
        let path = Path::new("/snapshots", []);
        self.call(
            Operation::ListFullSnapshots,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn delete_full_snapshot(&self, request: DeleteFullSnapshot) -> Result<bool> {
        let path = Path::new("/snapshots/{snapshot_name}", [&request.snapshot_name]);
        let query = Query::new().wait(request.wait);
        self.call_flag(
            Operation::DeleteFullSnapshot,
            Method::DELETE,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn get_full_snapshot(&self, request: GetFullSnapshot) -> Result<SnapshotDownload> {
        let path = Path::new("/snapshots/{snapshot_name}", [&request.snapshot_name]);
        self.download(Operation::GetFullSnapshot, path).await
    }

    // ---- shard snapshots -----------------------------------------------------------------------

    async fn create_shard_snapshot(
        &self,
        request: CreateShardSnapshot,
    ) -> Result<SnapshotDescription> {
        must_wait_for_description(Operation::CreateShardSnapshot, request.wait)?;
        let shard_id = request.shard_id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/shards/{shard_id}/snapshots",
            [&request.collection_name, &shard_id],
        );
        let query = Query::new().wait(request.wait);
        self.call(
            Operation::CreateShardSnapshot,
            Method::POST,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn list_shard_snapshots(
        &self,
        request: ListShardSnapshots,
    ) -> Result<Vec<SnapshotDescription>> {
        let shard_id = request.shard_id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/shards/{shard_id}/snapshots",
            [&request.collection_name, &shard_id],
        );
        self.call(
            Operation::ListShardSnapshots,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn delete_shard_snapshot(&self, request: DeleteShardSnapshot) -> Result<bool> {
        let shard_id = request.shard_id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}",
            [&request.collection_name, &shard_id, &request.snapshot_name],
        );
        let query = Query::new().wait(request.wait);
        self.call_flag(
            Operation::DeleteShardSnapshot,
            Method::DELETE,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn get_shard_snapshot(&self, request: GetShardSnapshot) -> Result<SnapshotDownload> {
        let shard_id = request.shard_id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}",
            [&request.collection_name, &shard_id, &request.snapshot_name],
        );
        self.download(Operation::GetShardSnapshot, path).await
    }

    async fn stream_shard_snapshot(
        &self,
        request: StreamShardSnapshot,
    ) -> Result<SnapshotDownload> {
        let shard_id = request.shard_id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/shards/{shard_id}/snapshot",
            [&request.collection_name, &shard_id],
        );
        self.download(Operation::StreamShardSnapshot, path).await
    }

    async fn recover_shard_from_snapshot(&self, request: RecoverShardFromSnapshot) -> Result<bool> {
        let shard_id = request.shard_id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/shards/{shard_id}/snapshots/recover",
            [&request.collection_name, &shard_id],
        );
        let query = Query::new().wait(request.wait);
        self.call_flag(
            Operation::RecoverShardFromSnapshot,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn recover_shard_from_uploaded_snapshot(
        &self,
        request: RecoverShardFromUploadedSnapshot,
    ) -> Result<bool> {
        let shard_id = request.shard_id.to_string();
        let path = Path::new(
            "/collections/{collection_name}/shards/{shard_id}/snapshots/upload",
            [&request.collection_name, &shard_id],
        );
        let query = Query::new()
            .wait(request.wait)
            .param("priority", request.priority)
            .param("checksum", request.checksum.as_deref());
        let form = UploadForm::snapshot(request.snapshot).await?;
        self.upload(
            Operation::RecoverShardFromUploadedSnapshot,
            path,
            query,
            form,
        )
        .await
    }

    // ---- sharding ------------------------------------------------------------------------------

    async fn create_shard_key(&self, request: CreateShardingKey) -> Result<bool> {
        let path = Path::new(
            "/collections/{collection_name}/shards",
            [&request.collection_name],
        );
        let query = Query::new().timeout(request.timeout);
        self.call(
            Operation::CreateShardKey,
            Method::PUT,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn delete_shard_key(&self, request: DropShardingKey) -> Result<bool> {
        let path = Path::new(
            "/collections/{collection_name}/shards/delete",
            [&request.collection_name],
        );
        let query = Query::new().timeout(request.timeout);
        self.call(
            Operation::DeleteShardKey,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }

    async fn list_shard_keys(&self, request: ListShardKeys) -> Result<ShardKeysResponse> {
        let path = Path::new(
            "/collections/{collection_name}/shards",
            [&request.collection_name],
        );
        self.call(
            Operation::ListShardKeys,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    // ---- cluster -------------------------------------------------------------------------------

    async fn cluster_status(&self, _request: ()) -> Result<ClusterStatus> {
        let path = Path::new("/cluster", []);
        self.call(
            Operation::ClusterStatus,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn cluster_telemetry(
        &self,
        request: ClusterTelemetry,
    ) -> Result<DistributedTelemetryData> {
        let path = Path::new("/cluster/telemetry", []);
        let query = Query::new()
            .param("details_level", request.details_level)
            .timeout(request.timeout);
        self.call(
            Operation::ClusterTelemetry,
            Method::GET,
            path,
            query,
            NO_BODY,
        )
        .await
    }

    async fn recover_current_peer(&self, _request: ()) -> Result<bool> {
        let path = Path::new("/cluster/recover", []);
        self.call(
            Operation::RecoverCurrentPeer,
            Method::POST,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn remove_peer(&self, request: RemovePeer) -> Result<bool> {
        let peer_id = request.peer_id.to_string();
        let path = Path::new("/cluster/peer/{peer_id}", [&peer_id]);
        let query = Query::new()
            .timeout(request.timeout)
            .param("force", request.force);
        self.call(Operation::RemovePeer, Method::DELETE, path, query, NO_BODY)
            .await
    }

    async fn collection_cluster_info(
        &self,
        request: CollectionClusterInfoRequest,
    ) -> Result<CollectionClusterInfo> {
        let path = Path::new(
            "/collections/{collection_name}/cluster",
            [&request.collection_name],
        );
        self.call(
            Operation::CollectionClusterInfo,
            Method::GET,
            path,
            Query::new(),
            NO_BODY,
        )
        .await
    }

    async fn update_collection_cluster(
        &self,
        request: UpdateCollectionClusterSetup,
    ) -> Result<bool> {
        let path = Path::new(
            "/collections/{collection_name}/cluster",
            [&request.collection_name],
        );
        let query = Query::new().timeout(request.timeout);
        self.call(
            Operation::UpdateCollectionCluster,
            Method::POST,
            path,
            query,
            Some(&request),
        )
        .await
    }
}

/// The query of point writes: `wait`, `ordering` and `timeout`.
fn write_query(wait: Option<bool>, ordering: Option<WriteOrdering>, timeout: Option<u64>) -> Query {
    Query::new().wait(wait).ordering(ordering).timeout(timeout)
}

/// The query of point reads: `consistency` and `timeout`.
fn read_query(consistency: Option<&ReadConsistency>, timeout: Option<u64>) -> Query {
    Query::new().consistency(consistency).timeout(timeout)
}

/// Refuses `wait=false` for snapshot creation: Qdrant then answers `202 Accepted` without the
/// snapshot's description, which is what these operations return. Refusing before sending
/// leaves no snapshot being made behind an error.
fn must_wait_for_description(operation: Operation, wait: Option<bool>) -> Result<()> {
    if wait == Some(false) {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "`{}` with wait=false is not supported over REST: Qdrant then answers without \
                 the snapshot's description; leave `wait` unset, or list the snapshots later",
                operation.name()
            ),
        ));
    }
    Ok(())
}
