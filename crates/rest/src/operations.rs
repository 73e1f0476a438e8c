//! Every operation's wire form: HTTP method, path as Qdrant's REST reference writes it, and
//! query parameters. The request model itself is the JSON body; its path and query fields are
//! skipped by serde.

use quadrant_transport::models::*;
use quadrant_transport::{Operation, Result, Transport, async_trait};
use reqwest::Method;

use crate::client::{Path, Query, RestTransport};

/// The body of requests that have none.
const NO_BODY: Option<&()> = None;

#[async_trait]
impl Transport for RestTransport {
    fn name(&self) -> &'static str {
        "rest"
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
}
