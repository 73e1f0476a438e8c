//! The async front end: every Qdrant operation as an `async fn`.
//!
//! Each method converts its arguments into the request model and hands it to the transport;
//! nothing else happens here. The blocking front end in `blocking` is generated from this file
//! by `cargo xtask codegen`, so the two always have the same methods.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use quadrant_models::{
    CollectionExists, CollectionInfo, CollectionsResponse, CountPoints, CountResult,
    CreateCollection, CreateFieldIndex, DeleteCollection, DeleteFieldIndex, DeletePoints,
    GetCollection, GetPoints, QueryPoints, QueryResponse, Record, ScrollPoints, ScrollResult,
    UpdateResult, UpsertPoints,
};
use quadrant_transport::{Result, Transport};

use crate::builder::{BuildClient, ClientBuilder};

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

    /// Deletes a collection; `false` when there was none to delete.
    pub async fn delete_collection(&self, request: impl Into<DeleteCollection>) -> Result<bool> {
        self.transport.delete_collection(request.into()).await
    }

    /// Says whether a collection exists.
    pub async fn collection_exists(&self, request: impl Into<CollectionExists>) -> Result<bool> {
        let existence = self.transport.collection_exists(request.into()).await?;
        Ok(existence.exists)
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

    /// Retrieves points by id; ids that do not exist are left out of the answer.
    pub async fn get_points(&self, request: impl Into<GetPoints>) -> Result<Vec<Record>> {
        self.transport.get_points(request.into()).await
    }

    /// Deletes points by id or by filter.
    pub async fn delete_points(&self, request: impl Into<DeletePoints>) -> Result<UpdateResult> {
        self.transport.delete_points(request.into()).await
    }

    /// Counts the points that match a filter (all points without one).
    pub async fn count_points(&self, request: impl Into<CountPoints>) -> Result<CountResult> {
        self.transport.count_points(request.into()).await
    }

    /// Reads one page of the points that match a filter; pass the answer's `next_page_offset`
    /// as the next request's `offset`.
    pub async fn scroll_points(&self, request: impl Into<ScrollPoints>) -> Result<ScrollResult> {
        self.transport.scroll_points(request.into()).await
    }

    /// Runs a universal query: nearest neighbours, by id, fusion, order by, formulas and more.
    pub async fn query_points(&self, request: impl Into<QueryPoints>) -> Result<QueryResponse> {
        self.transport.query_points(request.into()).await
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
