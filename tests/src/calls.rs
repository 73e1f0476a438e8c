//! One typed call per operation, built from a recorded REST exchange.
//!
//! The recordings in `fixtures/conformance/` hold what the recording client sent over HTTP:
//! method, path, query and JSON body. [`Call::from_rest`] reads that back into the operation's
//! request model (the body through serde, the path and query parameters into the model's
//! skipped fields), so any transport can replay the step through the facade with
//! [`Call::send`]. A request that reaches a REST server therefore proves the models write what
//! the real client wrote; one that reaches gRPC or the embedded engine proves the same call
//! means the same thing there.

use std::collections::BTreeMap;

use quadrant::models::*;
use quadrant::{AsyncQdrantClient, Error, ErrorKind, Operation};
use serde_json::Value;

/// Where an operation lives in Qdrant's REST API: `(HTTP method, path template, operation)`.
///
/// Taken from the OpenAPI documents of Qdrant 1.18 and 1.19 (`paths`), whose operation ids are
/// the operations' names; `routes_cover_every_operation_once` keeps the two in step.
pub const ROUTES: &[(&str, &str, Operation)] = &[
    ("GET", "/", Operation::Root),
    ("GET", "/healthz", Operation::Healthz),
    ("GET", "/livez", Operation::Livez),
    ("GET", "/readyz", Operation::Readyz),
    ("GET", "/telemetry", Operation::Telemetry),
    ("GET", "/metrics", Operation::Metrics),
    ("GET", "/issues", Operation::GetIssues),
    ("DELETE", "/issues", Operation::ClearIssues),
    ("GET", "/quotas", Operation::GetQuotas),
    ("PUT", "/quotas", Operation::UpdateQuotas),
    ("GET", "/collections", Operation::GetCollections),
    (
        "GET",
        "/collections/{collection_name}",
        Operation::GetCollection,
    ),
    (
        "PUT",
        "/collections/{collection_name}",
        Operation::CreateCollection,
    ),
    (
        "PATCH",
        "/collections/{collection_name}",
        Operation::UpdateCollection,
    ),
    (
        "DELETE",
        "/collections/{collection_name}",
        Operation::DeleteCollection,
    ),
    (
        "GET",
        "/collections/{collection_name}/exists",
        Operation::CollectionExists,
    ),
    (
        "PUT",
        "/collections/{collection_name}/vectors/{vector_name}",
        Operation::CreateVectorName,
    ),
    (
        "DELETE",
        "/collections/{collection_name}/vectors/{vector_name}",
        Operation::DeleteVectorName,
    ),
    (
        "GET",
        "/collections/{collection_name}/optimizations",
        Operation::GetOptimizations,
    ),
    ("POST", "/collections/aliases", Operation::UpdateAliases),
    (
        "GET",
        "/collections/{collection_name}/aliases",
        Operation::GetCollectionAliases,
    ),
    ("GET", "/aliases", Operation::GetCollectionsAliases),
    (
        "PUT",
        "/collections/{collection_name}/index",
        Operation::CreateFieldIndex,
    ),
    (
        "DELETE",
        "/collections/{collection_name}/index/{field_name}",
        Operation::DeleteFieldIndex,
    ),
    (
        "PUT",
        "/collections/{collection_name}/points",
        Operation::UpsertPoints,
    ),
    (
        "GET",
        "/collections/{collection_name}/points/{id}",
        Operation::GetPoint,
    ),
    (
        "POST",
        "/collections/{collection_name}/points",
        Operation::GetPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/delete",
        Operation::DeletePoints,
    ),
    (
        "PUT",
        "/collections/{collection_name}/points/vectors",
        Operation::UpdateVectors,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/vectors/delete",
        Operation::DeleteVectors,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/payload",
        Operation::SetPayload,
    ),
    (
        "PUT",
        "/collections/{collection_name}/points/payload",
        Operation::OverwritePayload,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/payload/delete",
        Operation::DeletePayload,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/payload/clear",
        Operation::ClearPayload,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/batch",
        Operation::BatchUpdate,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/query",
        Operation::QueryPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/query/batch",
        Operation::QueryBatchPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/query/groups",
        Operation::QueryPointsGroups,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/scroll",
        Operation::ScrollPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/count",
        Operation::CountPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/facet",
        Operation::Facet,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/search/matrix/pairs",
        Operation::SearchMatrixPairs,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/search/matrix/offsets",
        Operation::SearchMatrixOffsets,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/search",
        Operation::SearchPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/search/batch",
        Operation::SearchBatchPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/search/groups",
        Operation::SearchPointGroups,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/recommend",
        Operation::RecommendPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/recommend/batch",
        Operation::RecommendBatchPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/recommend/groups",
        Operation::RecommendPointGroups,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/discover",
        Operation::DiscoverPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/points/discover/batch",
        Operation::DiscoverBatchPoints,
    ),
    (
        "POST",
        "/collections/{collection_name}/snapshots",
        Operation::CreateSnapshot,
    ),
    (
        "GET",
        "/collections/{collection_name}/snapshots",
        Operation::ListSnapshots,
    ),
    (
        "DELETE",
        "/collections/{collection_name}/snapshots/{snapshot_name}",
        Operation::DeleteSnapshot,
    ),
    (
        "GET",
        "/collections/{collection_name}/snapshots/{snapshot_name}",
        Operation::GetSnapshot,
    ),
    (
        "PUT",
        "/collections/{collection_name}/snapshots/recover",
        Operation::RecoverFromSnapshot,
    ),
    (
        "POST",
        "/collections/{collection_name}/snapshots/upload",
        Operation::RecoverFromUploadedSnapshot,
    ),
    ("POST", "/snapshots", Operation::CreateFullSnapshot),
    ("GET", "/snapshots", Operation::ListFullSnapshots),
    (
        "DELETE",
        "/snapshots/{snapshot_name}",
        Operation::DeleteFullSnapshot,
    ),
    (
        "GET",
        "/snapshots/{snapshot_name}",
        Operation::GetFullSnapshot,
    ),
    (
        "POST",
        "/collections/{collection_name}/shards/{shard_id}/snapshots",
        Operation::CreateShardSnapshot,
    ),
    (
        "GET",
        "/collections/{collection_name}/shards/{shard_id}/snapshots",
        Operation::ListShardSnapshots,
    ),
    (
        "DELETE",
        "/collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}",
        Operation::DeleteShardSnapshot,
    ),
    (
        "GET",
        "/collections/{collection_name}/shards/{shard_id}/snapshots/{snapshot_name}",
        Operation::GetShardSnapshot,
    ),
    (
        "GET",
        "/collections/{collection_name}/shards/{shard_id}/snapshot",
        Operation::StreamShardSnapshot,
    ),
    (
        "PUT",
        "/collections/{collection_name}/shards/{shard_id}/snapshots/recover",
        Operation::RecoverShardFromSnapshot,
    ),
    (
        "POST",
        "/collections/{collection_name}/shards/{shard_id}/snapshots/upload",
        Operation::RecoverShardFromUploadedSnapshot,
    ),
    (
        "PUT",
        "/collections/{collection_name}/shards",
        Operation::CreateShardKey,
    ),
    (
        "POST",
        "/collections/{collection_name}/shards/delete",
        Operation::DeleteShardKey,
    ),
    (
        "GET",
        "/collections/{collection_name}/shards",
        Operation::ListShardKeys,
    ),
    ("GET", "/cluster", Operation::ClusterStatus),
    ("GET", "/cluster/telemetry", Operation::ClusterTelemetry),
    ("POST", "/cluster/recover", Operation::RecoverCurrentPeer),
    ("DELETE", "/cluster/peer/{peer_id}", Operation::RemovePeer),
    (
        "GET",
        "/collections/{collection_name}/cluster",
        Operation::CollectionClusterInfo,
    ),
    (
        "POST",
        "/collections/{collection_name}/cluster",
        Operation::UpdateCollectionCluster,
    ),
];

/// The operation a REST request calls, and the values of its path parameters.
///
/// When several templates match (`/collections/aliases` and `/collections/{collection_name}`),
/// the one with more literal segments wins, as in the server's router.
///
/// # Errors
///
/// When no route of Qdrant 1.18 matches, naming the request.
pub fn route(method: &str, path: &str) -> Result<(Operation, BTreeMap<String, String>), String> {
    let segments: Vec<String> = path
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(percent_decode)
        .collect();
    let mut best: Option<(usize, Operation, BTreeMap<String, String>)> = None;
    for (route_method, template, operation) in ROUTES {
        if !route_method.eq_ignore_ascii_case(method) {
            continue;
        }
        let parts: Vec<&str> = template.trim_end_matches('/').split('/').skip(1).collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut params = BTreeMap::new();
        let mut literals = 0;
        let matched = parts.iter().zip(&segments).all(|(part, segment)| {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    params.insert(name.to_owned(), segment.clone());
                    true
                }
                None => {
                    literals += 1;
                    part == segment
                }
            }
        });
        if matched && best.as_ref().is_none_or(|(most, ..)| literals > *most) {
            best = Some((literals, *operation, params));
        }
    }
    best.map(|(_, operation, params)| (operation, params))
        .ok_or_else(|| format!("no Qdrant 1.18 route for {method} {path}"))
}

/// Decodes `%xx` escapes of a path segment; a malformed escape is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// A value read from a path or query parameter's text.
trait FromParam: Sized {
    fn from_param(text: &str) -> Result<Self, String>;
}

impl<T: FromParam> FromParam for Option<T> {
    fn from_param(text: &str) -> Result<Self, String> {
        T::from_param(text).map(Some)
    }
}

impl<T: FromParam> FromParam for Vec<T> {
    /// Qdrant reads list parameters (`with=queued,completed`) comma-separated.
    fn from_param(text: &str) -> Result<Self, String> {
        text.split(',').map(T::from_param).collect()
    }
}

/// Parameters read through serde: as JSON first (numbers, booleans), then as a JSON string, so
/// `5` is an integer point id and `majority` a consistency name.
macro_rules! serde_param {
    ($($ty:ty),* $(,)?) => {$(
        impl FromParam for $ty {
            fn from_param(text: &str) -> Result<Self, String> {
                serde_json::from_str::<$ty>(text)
                    .or_else(|_| serde_json::from_value::<$ty>(Value::String(text.to_owned())))
                    .map_err(|error| {
                        format!("`{text}` is not a {}: {error}", stringify!($ty))
                    })
            }
        }
    )*};
}

serde_param!(
    String,
    bool,
    u32,
    u64,
    PointId,
    ReadConsistency,
    WriteOrdering,
    SnapshotPriority,
    OptimizationsWith,
);

/// A request model that can be built from a REST body, path parameters and query parameters.
trait FromRest: Sized {
    /// The model from the JSON body; `None` (no body) for the operations without one.
    fn from_body(body: Option<&Value>) -> Result<Self, String>;

    /// Sets the path or query parameter `name`.
    fn set(&mut self, name: &str, value: &str) -> Result<(), String>;
}

impl FromRest for () {
    fn from_body(body: Option<&Value>) -> Result<Self, String> {
        match body {
            None | Some(Value::Null) => Ok(()),
            Some(body) => Err(format!("this operation takes no body, got {body}")),
        }
    }

    fn set(&mut self, name: &str, _value: &str) -> Result<(), String> {
        Err(format!("this operation takes no parameter `{name}`"))
    }
}

/// Implements [`FromRest`] for request models, naming the skipped fields that hold path and
/// query parameters (their names are the parameters' names in Qdrant's OpenAPI document).
macro_rules! from_rest {
    ($($ty:ty { $($field:ident),* $(,)? })*) => {$(
        impl FromRest for $ty {
            fn from_body(body: Option<&Value>) -> Result<Self, String> {
                let body = match body {
                    None | Some(Value::Null) => Value::Object(serde_json::Map::new()),
                    Some(body) => body.clone(),
                };
                serde_json::from_value(body).map_err(|error| {
                    format!("the body is not a {}: {error}", stringify!($ty))
                })
            }

            fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
                match name {
                    $(stringify!($field) => {
                        self.$field = FromParam::from_param(value).map_err(|error| {
                            format!("parameter `{name}`: {error}")
                        })?;
                    })*
                    _ => {
                        return Err(format!(
                            "{} has no parameter `{name}`",
                            stringify!($ty)
                        ))
                    }
                }
                Ok(())
            }
        }
    )*};
}

from_rest! {
    Telemetry { anonymize, details_level, per_collection, timeout }
    Metrics { anonymize, per_collection, timeout }
    GetCollection { collection_name }
    CreateCollection { collection_name, timeout }
    UpdateCollection { collection_name, timeout }
    DeleteCollection { collection_name, timeout }
    CollectionExists { collection_name }
    CreateVectorName { collection_name, vector_name, wait, ordering, timeout }
    DeleteVectorName { collection_name, vector_name, wait, ordering, timeout }
    GetOptimizations { collection_name, with, completed_limit }
    ChangeAliasesOperation { timeout }
    ListCollectionAliases { collection_name }
    CreateFieldIndex { collection_name, wait, ordering, timeout }
    DeleteFieldIndex { collection_name, field_name, wait, ordering, timeout }
    UpsertPoints { collection_name, wait, ordering, timeout }
    GetPoint { collection_name, id, consistency }
    GetPoints { collection_name, consistency, timeout }
    DeletePoints { collection_name, wait, ordering, timeout }
    UpdatePointVectors { collection_name, wait, ordering, timeout }
    DeletePointVectors { collection_name, wait, ordering, timeout }
    SetPayloadPoints { collection_name, wait, ordering, timeout }
    DeletePayloadPoints { collection_name, wait, ordering, timeout }
    ClearPayloadPoints { collection_name, wait, ordering, timeout }
    UpdateBatchPoints { collection_name, wait, ordering, timeout }
    QueryPoints { collection_name, consistency, timeout }
    QueryBatchPoints { collection_name, consistency, timeout }
    QueryPointGroups { collection_name, consistency, timeout }
    ScrollPoints { collection_name, consistency, timeout }
    CountPoints { collection_name, consistency, timeout }
    FacetCounts { collection_name, consistency, timeout }
    SearchMatrixPoints { collection_name, consistency, timeout }
    SearchPoints { collection_name, consistency, timeout }
    SearchBatchPoints { collection_name, consistency, timeout }
    SearchPointGroups { collection_name, consistency, timeout }
    RecommendPoints { collection_name, consistency, timeout }
    RecommendBatchPoints { collection_name, consistency, timeout }
    RecommendPointGroups { collection_name, consistency, timeout }
    DiscoverPoints { collection_name, consistency, timeout }
    DiscoverBatchPoints { collection_name, consistency, timeout }
    CreateSnapshot { collection_name, wait }
    ListSnapshots { collection_name }
    DeleteSnapshot { collection_name, snapshot_name, wait }
    GetSnapshot { collection_name, snapshot_name }
    RecoverFromSnapshot { collection_name, wait }
    RecoverFromUploadedSnapshot { collection_name, wait, priority, checksum }
    CreateFullSnapshot { wait }
    DeleteFullSnapshot { snapshot_name, wait }
    GetFullSnapshot { snapshot_name }
    CreateShardSnapshot { collection_name, shard_id, wait }
    ListShardSnapshots { collection_name, shard_id }
    DeleteShardSnapshot { collection_name, shard_id, snapshot_name, wait }
    GetShardSnapshot { collection_name, shard_id, snapshot_name }
    StreamShardSnapshot { collection_name, shard_id }
    RecoverShardFromSnapshot { collection_name, shard_id, wait }
    RecoverShardFromUploadedSnapshot { collection_name, shard_id, wait, priority, checksum }
    CreateShardingKey { collection_name, timeout }
    DropShardingKey { collection_name, timeout }
    ListShardKeys { collection_name }
    ClusterTelemetry { details_level, timeout }
    RemovePeer { peer_id, timeout, force }
    CollectionClusterInfoRequest { collection_name }
    UpdateCollectionClusterSetup { collection_name, timeout }
    UpdateQuotas { wait }
}

/// The request model of a REST exchange: its body, then its path and query parameters.
fn build<T: FromRest>(
    body: Option<&Value>,
    path: &BTreeMap<String, String>,
    query: &BTreeMap<String, String>,
) -> Result<T, String> {
    let mut request = T::from_body(body)?;
    for (name, value) in path.iter().chain(query) {
        request.set(name, value)?;
    }
    Ok(request)
}

/// Serializes an answer the way a REST server would write it.
fn to_json(answer: impl serde::Serialize) -> quadrant::Result<Value> {
    serde_json::to_value(answer).map_err(|error| {
        Error::new(
            ErrorKind::Decode,
            format!("the answer does not serialize: {error}"),
        )
    })
}

/// Declares [`Call`] from a list of `kind Variant(Request) => facade_method;` entries, where
/// `kind` says how the facade method is called: `unit` (no argument), `call` (the request) or
/// `download` (the request, answering a byte stream).
macro_rules! calls {
    ($($kind:ident $variant:ident($request:ty) => $method:ident;)*) => {
        /// One operation with its typed request, ready to send through the facade.
        #[derive(Clone)]
        #[allow(
            clippy::large_enum_variant,
            reason = "built once per recorded step; boxing would only add noise"
        )]
        pub enum Call {
            $(
                #[doc = concat!("`", stringify!($method), "`")]
                $variant($request),
            )*
        }

        impl Call {
            /// The operation this call performs.
            pub fn operation(&self) -> Operation {
                match self {
                    $(Call::$variant(_) => Operation::$variant,)*
                }
            }

            /// The request's REST body as JSON, `Null` for the operations without one.
            ///
            /// # Errors
            ///
            /// When the request does not serialize.
            pub fn body(&self) -> Result<Value, String> {
                // Through text, so that `f32` values read back as written rather than widened.
                let text = match self {
                    $(Call::$variant(request) => serde_json::to_string(request),)*
                }
                .map_err(|error| format!("the request does not serialize: {error}"))?;
                serde_json::from_str(&text).map_err(|error| format!("not JSON: {error}"))
            }

            /// Reads a recorded REST request back into its call.
            ///
            /// `path` is the request path as sent (percent-escapes are decoded), `query` its
            /// query parameters and `body` its JSON body, if any.
            ///
            /// # Errors
            ///
            /// A message naming the problem when the path matches no route of Qdrant 1.18, a
            /// parameter is unknown or malformed, or the body does not decode into the
            /// operation's request model.
            pub fn from_rest(
                method: &str,
                path: &str,
                query: &BTreeMap<String, String>,
                body: Option<&Value>,
            ) -> Result<Call, String> {
                let (operation, params) = route(method, path)?;
                let call = match operation {
                    $(Operation::$variant => {
                        Call::$variant(build::<$request>(body, &params, query)?)
                    })*
                    other => return Err(format!("{} has no call", other.name())),
                };
                Ok(call)
            }

            /// Sends the call through the facade and returns the answer as JSON, in the shape
            /// of the REST `result`. A download answers with its length in bytes.
            ///
            /// # Errors
            ///
            /// The facade's error, unchanged.
            #[allow(deprecated, reason = "the legacy endpoints are operations too")]
            pub async fn send(self, client: &AsyncQdrantClient) -> quadrant::Result<Value> {
                match self {
                    $(Call::$variant(request) => calls!(@send $kind client $method request),)*
                }
            }
        }
    };
    (@send unit $client:ident $method:ident $request:ident) => {{
        let () = $request;
        to_json($client.$method().await?)
    }};
    (@send call $client:ident $method:ident $request:ident) => {
        to_json($client.$method($request).await?)
    };
    (@send download $client:ident $method:ident $request:ident) => {{
        let download = $client.$method($request).await?;
        let length = download.write_to(&mut tokio::io::sink()).await?;
        Ok(Value::from(length))
    }};
}

calls! {
    unit Root(()) => root;
    unit Healthz(()) => healthz;
    unit Livez(()) => livez;
    unit Readyz(()) => readyz;
    call Telemetry(Telemetry) => telemetry;
    call Metrics(Metrics) => metrics;
    unit GetIssues(()) => get_issues;
    unit ClearIssues(()) => clear_issues;
    unit GetQuotas(()) => get_quotas;
    call UpdateQuotas(UpdateQuotas) => update_quotas;
    unit GetCollections(()) => get_collections;
    call GetCollection(GetCollection) => get_collection;
    call CreateCollection(CreateCollection) => create_collection;
    call UpdateCollection(UpdateCollection) => update_collection;
    call DeleteCollection(DeleteCollection) => delete_collection;
    call CollectionExists(CollectionExists) => collection_exists;
    call CreateVectorName(CreateVectorName) => create_vector_name;
    call DeleteVectorName(DeleteVectorName) => delete_vector_name;
    call GetOptimizations(GetOptimizations) => get_optimizations;
    call UpdateAliases(ChangeAliasesOperation) => update_aliases;
    call GetCollectionAliases(ListCollectionAliases) => get_collection_aliases;
    unit GetCollectionsAliases(()) => get_collections_aliases;
    call CreateFieldIndex(CreateFieldIndex) => create_field_index;
    call DeleteFieldIndex(DeleteFieldIndex) => delete_field_index;
    call UpsertPoints(UpsertPoints) => upsert_points;
    call GetPoint(GetPoint) => get_point;
    call GetPoints(GetPoints) => get_points;
    call DeletePoints(DeletePoints) => delete_points;
    call UpdateVectors(UpdatePointVectors) => update_vectors;
    call DeleteVectors(DeletePointVectors) => delete_vectors;
    call SetPayload(SetPayloadPoints) => set_payload;
    call OverwritePayload(SetPayloadPoints) => overwrite_payload;
    call DeletePayload(DeletePayloadPoints) => delete_payload;
    call ClearPayload(ClearPayloadPoints) => clear_payload;
    call BatchUpdate(UpdateBatchPoints) => batch_update;
    call QueryPoints(QueryPoints) => query_points;
    call QueryBatchPoints(QueryBatchPoints) => query_batch_points;
    call QueryPointsGroups(QueryPointGroups) => query_points_groups;
    call ScrollPoints(ScrollPoints) => scroll_points;
    call CountPoints(CountPoints) => count_points;
    call Facet(FacetCounts) => facet;
    call SearchMatrixPairs(SearchMatrixPoints) => search_matrix_pairs;
    call SearchMatrixOffsets(SearchMatrixPoints) => search_matrix_offsets;
    call SearchPoints(SearchPoints) => search_points;
    call SearchBatchPoints(SearchBatchPoints) => search_batch_points;
    call SearchPointGroups(SearchPointGroups) => search_point_groups;
    call RecommendPoints(RecommendPoints) => recommend_points;
    call RecommendBatchPoints(RecommendBatchPoints) => recommend_batch_points;
    call RecommendPointGroups(RecommendPointGroups) => recommend_point_groups;
    call DiscoverPoints(DiscoverPoints) => discover_points;
    call DiscoverBatchPoints(DiscoverBatchPoints) => discover_batch_points;
    call CreateSnapshot(CreateSnapshot) => create_snapshot;
    call ListSnapshots(ListSnapshots) => list_snapshots;
    call DeleteSnapshot(DeleteSnapshot) => delete_snapshot;
    download GetSnapshot(GetSnapshot) => get_snapshot;
    call RecoverFromSnapshot(RecoverFromSnapshot) => recover_from_snapshot;
    call RecoverFromUploadedSnapshot(RecoverFromUploadedSnapshot) => recover_from_uploaded_snapshot;
    call CreateFullSnapshot(CreateFullSnapshot) => create_full_snapshot;
    unit ListFullSnapshots(()) => list_full_snapshots;
    call DeleteFullSnapshot(DeleteFullSnapshot) => delete_full_snapshot;
    download GetFullSnapshot(GetFullSnapshot) => get_full_snapshot;
    call CreateShardSnapshot(CreateShardSnapshot) => create_shard_snapshot;
    call ListShardSnapshots(ListShardSnapshots) => list_shard_snapshots;
    call DeleteShardSnapshot(DeleteShardSnapshot) => delete_shard_snapshot;
    download GetShardSnapshot(GetShardSnapshot) => get_shard_snapshot;
    download StreamShardSnapshot(StreamShardSnapshot) => stream_shard_snapshot;
    call RecoverShardFromSnapshot(RecoverShardFromSnapshot) => recover_shard_from_snapshot;
    call RecoverShardFromUploadedSnapshot(RecoverShardFromUploadedSnapshot) => recover_shard_from_uploaded_snapshot;
    call CreateShardKey(CreateShardingKey) => create_shard_key;
    call DeleteShardKey(DropShardingKey) => delete_shard_key;
    call ListShardKeys(ListShardKeys) => list_shard_keys;
    unit ClusterStatus(()) => cluster_status;
    call ClusterTelemetry(ClusterTelemetry) => cluster_telemetry;
    unit RecoverCurrentPeer(()) => recover_current_peer;
    call RemovePeer(RemovePeer) => remove_peer;
    call CollectionClusterInfo(CollectionClusterInfoRequest) => collection_cluster_info;
    call UpdateCollectionCluster(UpdateCollectionClusterSetup) => update_collection_cluster;
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Some requests (snapshot uploads) carry files and have no Debug of their own.
        write!(f, "Call({})", self.operation().name())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::replay::{fixtures_dir, load_rest_exchanges};

    /// Recorded requests that are deliberately not a request of Qdrant's API, and why.
    const NOT_CALLS: &[(&str, &str, &str)] = &[
        (
            "errors",
            "GET /collections/conf_errors/nope",
            "a route the server does not have, sent to record its 404",
        ),
        (
            "errors",
            "PUT /collections/conf_errors/points",
            "a body with the point id `not-a-uuid`, sent to record the server's 400; no point \
             id model can hold it",
        ),
    ];

    fn scenarios() -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn routes_cover_every_operation_once() {
        for operation in Operation::ALL {
            let count = ROUTES.iter().filter(|(_, _, op)| op == operation).count();
            assert_eq!(count, 1, "{} has {count} routes", operation.name());
        }
        assert_eq!(ROUTES.len(), Operation::ALL.len());
    }

    /// The route table against the OpenAPI documents of Qdrant 1.18.3 and 1.19.0, when the
    /// shared copies are on this machine: every route of either is in the table under its
    /// operation id, and every route of the table is in one of them (1.19 added the quotas and
    /// no longer lists the legacy search, recommend and discover routes, which it still serves).
    #[test]
    fn routes_match_the_openapi_documents() {
        let mut found = std::collections::BTreeSet::new();
        for file in ["openapi.json", "openapi-1.19.0.json"] {
            let path = std::path::Path::new("/work/shared/qdrant-api").join(file);
            let Ok(text) = std::fs::read_to_string(&path) else {
                eprintln!(
                    "{} not found; the route table is not cross-checked",
                    path.display()
                );
                return;
            };
            let document: Value = serde_json::from_str(&text).unwrap();
            for (template, methods) in document["paths"].as_object().unwrap() {
                for (method, operation) in methods.as_object().unwrap() {
                    let Some(id) = operation["operationId"].as_str() else {
                        continue;
                    };
                    let method = method.to_ascii_uppercase();
                    let ours = ROUTES
                        .iter()
                        .find(|(m, t, _)| *m == method && t == template)
                        .unwrap_or_else(|| panic!("no route for {method} {template} ({id})"));
                    assert_eq!(ours.2.name(), id, "{method} {template}");
                    found.insert((method, template.clone()));
                }
            }
        }
        assert_eq!(found.len(), ROUTES.len());
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        let (operation, params) = route("POST", "/collections/aliases").unwrap();
        assert_eq!(operation, Operation::UpdateAliases);
        assert!(params.is_empty());
        let (operation, params) = route("POST", "/collections/c%20d/points/delete").unwrap();
        assert_eq!(operation, Operation::DeletePoints);
        assert_eq!(params["collection_name"], "c d");
        let (operation, params) = route("GET", "/collections/c/points/7").unwrap();
        assert_eq!(operation, Operation::GetPoint);
        assert_eq!(params["id"], "7");
        assert!(route("GET", "/collections/c/nope").is_err());
    }

    #[test]
    fn path_and_query_parameters_fill_the_request() {
        let query = BTreeMap::from([
            ("wait".to_owned(), "false".to_owned()),
            ("ordering".to_owned(), "strong".to_owned()),
        ]);
        let call = Call::from_rest("DELETE", "/collections/docs/index/a.b", &query, None).unwrap();
        let Call::DeleteFieldIndex(request) = call else {
            panic!("{call:?}");
        };
        assert_eq!(request.collection_name, "docs");
        assert_eq!(request.field_name, "a.b");
        assert_eq!(request.wait, Some(false));
        assert_eq!(request.ordering, Some(WriteOrdering::Strong));

        let uuid = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26";
        let call = Call::from_rest(
            "GET",
            &format!("/collections/docs/points/{uuid}"),
            &BTreeMap::from([("consistency".to_owned(), "2".to_owned())]),
            None,
        )
        .unwrap();
        let Call::GetPoint(request) = call else {
            panic!("{call:?}");
        };
        assert_eq!(request.id, uuid.parse::<PointId>().unwrap());
        assert!(request.consistency.is_some());

        let call = Call::from_rest(
            "GET",
            "/collections/docs/optimizations",
            &BTreeMap::from([("with".to_owned(), "queued,completed".to_owned())]),
            None,
        )
        .unwrap();
        let Call::GetOptimizations(request) = call else {
            panic!("{call:?}");
        };
        assert_eq!(request.with.map(|with| with.len()), Some(2));
    }

    #[test]
    fn bad_requests_are_named() {
        let error = Call::from_rest(
            "PUT",
            "/collections/docs/points",
            &BTreeMap::from([("wiat".to_owned(), "true".to_owned())]),
            Some(&json!({"points": []})),
        )
        .unwrap_err();
        assert!(error.contains("no parameter `wiat`"), "{error}");
        let error = Call::from_rest(
            "GET",
            "/collections/docs/points/nope",
            &BTreeMap::new(),
            None,
        )
        .unwrap_err();
        assert!(error.contains("parameter `id`"), "{error}");
        let error = Call::from_rest(
            "POST",
            "/collections/docs/points/count",
            &BTreeMap::new(),
            Some(&json!({"exact": "yes"})),
        )
        .unwrap_err();
        assert!(error.contains("CountPoints"), "{error}");
        let error =
            Call::from_rest("GET", "/collections", &BTreeMap::new(), Some(&json!({}))).unwrap_err();
        assert!(error.contains("takes no body"), "{error}");
    }

    /// Every REST request of every recorded scenario reads back into a call of the operation
    /// its path names, except the deliberately malformed ones in [`NOT_CALLS`].
    #[test]
    fn every_recorded_rest_request_parses() {
        let mut failures = Vec::new();
        let mut expected_misses: Vec<(&str, &str)> =
            NOT_CALLS.iter().map(|(s, r, _)| (*s, *r)).collect();
        let mut parsed = 0;
        for scenario in scenarios() {
            for exchange in load_rest_exchanges(&scenario, None) {
                let request = format!("{} {}", exchange.method, exchange.path);
                match Call::from_rest(
                    &exchange.method,
                    &exchange.path,
                    &exchange.query,
                    exchange.request.as_ref(),
                ) {
                    Ok(call) => {
                        let (operation, _) = route(&exchange.method, &exchange.path).unwrap();
                        assert_eq!(call.operation(), operation);
                        parsed += 1;
                    }
                    Err(error) => {
                        match expected_misses
                            .iter()
                            .position(|(s, r)| *s == scenario && *r == request)
                        {
                            Some(index) => {
                                expected_misses.remove(index);
                            }
                            None => failures.push(format!("{scenario}: {request}: {error}")),
                        }
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "recorded requests that do not parse:\n  {}",
            failures.join("\n  ")
        );
        assert!(
            expected_misses.is_empty(),
            "listed as not parsing, but parsed: {expected_misses:?}"
        );
        let total: usize = scenarios()
            .iter()
            .map(|scenario| load_rest_exchanges(scenario, None).len())
            .sum();
        assert_eq!(parsed + NOT_CALLS.len(), total);
    }

    /// A call sent to REST writes the recorded body again: the request model loses nothing the
    /// recording client sent.
    #[test]
    fn parsed_bodies_serialize_back_to_the_recorded_body() {
        let mut failures = Vec::new();
        for scenario in scenarios() {
            for exchange in load_rest_exchanges(&scenario, None) {
                let Some(body) = exchange.request.as_ref().filter(|body| !body.is_null()) else {
                    continue;
                };
                let Ok(call) = Call::from_rest(
                    &exchange.method,
                    &exchange.path,
                    &exchange.query,
                    Some(body),
                ) else {
                    continue;
                };
                let written = call.body().unwrap();
                if let Some(difference) = crate::replay::body_difference(Some(body), Some(&written))
                {
                    failures.push(format!(
                        "{scenario}: {} {}: {difference}",
                        exchange.method, exchange.path
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "bodies written differently:\n  {}",
            failures.join("\n  ")
        );
    }
}
