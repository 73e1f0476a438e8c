//! What layers may read of any request: the collection it concerns, for spans and logs.

use crate::models::*;

/// A request model, as layers see it: cloneable, so that a retry can send it again, and able to
/// name its collection without exposing anything else of its content.
///
/// Implemented for every request type of the operation table; the generated
/// [`Layered`](super::Layered) transport requires it, so a request type missing here fails to
/// compile rather than going untraced.
pub trait Request: Clone + Send + Sync + 'static {
    /// The collection the request concerns, or `None` for calls about the whole server or
    /// cluster (and for aliases, whose changes may span several collections).
    fn collection_name(&self) -> Option<&str>;
}

/// Requests whose `collection_name` field names their collection.
macro_rules! collection_requests {
    ($($ty:ty),* $(,)?) => {
        $(impl Request for $ty {
            fn collection_name(&self) -> Option<&str> {
                Some(&self.collection_name)
            }
        })*
    };
}

/// Requests about the whole server or cluster.
macro_rules! server_requests {
    ($($ty:ty),* $(,)?) => {
        $(impl Request for $ty {
            fn collection_name(&self) -> Option<&str> {
                None
            }
        })*
    };
}

collection_requests!(
    GetCollection,
    CreateCollection,
    UpdateCollection,
    DeleteCollection,
    CollectionExists,
    CreateVectorName,
    DeleteVectorName,
    GetOptimizations,
    ListCollectionAliases,
    CreateFieldIndex,
    DeleteFieldIndex,
    UpsertPoints,
    GetPoint,
    GetPoints,
    DeletePoints,
    UpdatePointVectors,
    DeletePointVectors,
    SetPayloadPoints,
    DeletePayloadPoints,
    ClearPayloadPoints,
    UpdateBatchPoints,
    QueryPoints,
    QueryBatchPoints,
    QueryPointGroups,
    ScrollPoints,
    CountPoints,
    FacetCounts,
    SearchMatrixPoints,
    SearchPoints,
    SearchBatchPoints,
    SearchPointGroups,
    RecommendPoints,
    RecommendBatchPoints,
    RecommendPointGroups,
    DiscoverPoints,
    DiscoverBatchPoints,
    CreateSnapshot,
    ListSnapshots,
    DeleteSnapshot,
    GetSnapshot,
    RecoverFromSnapshot,
    RecoverFromUploadedSnapshot,
    CreateShardSnapshot,
    ListShardSnapshots,
    DeleteShardSnapshot,
    GetShardSnapshot,
    StreamShardSnapshot,
    RecoverShardFromSnapshot,
    RecoverShardFromUploadedSnapshot,
    CreateShardingKey,
    DropShardingKey,
    ListShardKeys,
    CollectionClusterInfoRequest,
    UpdateCollectionClusterSetup,
);

server_requests!(
    (),
    Telemetry,
    Metrics,
    ChangeAliasesOperation,
    CreateFullSnapshot,
    DeleteFullSnapshot,
    GetFullSnapshot,
    ClusterTelemetry,
    RemovePeer,
    UpdateQuotas,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_requests_name_their_collection_and_server_requests_none() {
        assert_eq!(QueryPoints::new("docs").collection_name(), Some("docs"));
        assert_eq!(GetCollection::new("docs").collection_name(), Some("docs"));
        assert_eq!(().collection_name(), None);
        assert_eq!(Telemetry::default().collection_name(), None);
    }
}
