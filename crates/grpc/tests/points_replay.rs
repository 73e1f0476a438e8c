//! The Points service's writes, batches, groups, facets, distance matrix and legacy searches,
//! end to end: the gRPC transport against a replay server of the exchanges recorded from a real
//! Qdrant 1.18.3.
//!
//! Each step's request is built from the REST body of the same step, as a user would build it.
//! The replay server answers only a request equal to the one the recording client sent, so a
//! passing step shows that the transport called the right RPC with the same message; the answer
//! must then read into the model that the recorded answer converts to.

#[allow(
    dead_code,
    reason = "the replay server is shared with the behaviour suite, which uses other parts of it"
)]
#[path = "../../../tests/src/grpc_replay.rs"]
mod replay;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use prost::Message;
use quadrant_grpc::convert::FromProto;
use quadrant_grpc::{GrpcConfig, GrpcTransport, proto};
use quadrant_models::*;
use quadrant_transport::{ErrorKind, Transport};
use replay::{ApiKey, RecordedCall, ReplayServer, fixtures_dir, load_grpc_calls};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One recorded step: its REST request, from which the request model is built, and its gRPC
/// answer.
struct Step {
    id: String,
    rest: Value,
    response: Vec<u8>,
}

impl Step {
    fn load(scenario: &str, name: &str) -> Self {
        let path = fixtures_dir().join(format!("{scenario}.json"));
        let text = std::fs::read_to_string(&path).expect("a readable recording");
        let recording: Value = serde_json::from_str(&text).expect("a JSON recording");
        let step = recording["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|step| step["name"] == name)
            .unwrap_or_else(|| panic!("{scenario} has no step {name}"));
        let response = step["grpc"]["exchanges"][0]["response_b64"]
            .as_str()
            .map(|text| STANDARD.decode(text).expect("base64"))
            .unwrap_or_else(|| panic!("{scenario}/{name} has no gRPC answer"));
        Self {
            id: format!("{scenario}/{name}"),
            rest: step["rest"]["exchanges"][0].clone(),
            response,
        }
    }

    fn segment(&self, index: usize) -> String {
        self.rest["path"]
            .as_str()
            .and_then(|path| path.trim_start_matches('/').split('/').nth(index))
            .unwrap_or_else(|| panic!("{}: no path segment {index}", self.id))
            .to_owned()
    }

    fn body<T: DeserializeOwned>(&self) -> T {
        let body = match &self.rest["request"] {
            Value::Null => Value::Object(serde_json::Map::new()),
            body => body.clone(),
        };
        serde_json::from_value(body).unwrap_or_else(|error| panic!("{}: {error}", self.id))
    }

    /// The model that the recorded gRPC answer converts to.
    fn answer<Q: Message + Default, R: FromProto<Q>>(&self) -> R {
        let message = Q::decode(self.response.as_slice())
            .unwrap_or_else(|error| panic!("{}: {error}", self.id));
        R::from_proto(message).unwrap_or_else(|error| panic!("{}: {error}", self.id))
    }
}

/// Builds the request of a step from its REST body and path, calls the transport, and checks
/// the answer. The REST steps here send `wait=true` and no other query parameter, which is the
/// models' default, so only the path fields are set.
macro_rules! replay_step {
    ($grpc:expr, $scenario:literal, $name:literal, $method:ident, $request:ty, $answer:ty) => {{
        let step = Step::load($scenario, $name);
        let mut request: $request = step.body();
        request.collection_name = step.segment(1);
        let got = $grpc
            .$method(request)
            .await
            .unwrap_or_else(|error| panic!("{}: {error}", step.id));
        let expected = same_type(&got, step.answer::<$answer, _>());
        assert_eq!(got, expected, "{}", step.id);
        got
    }};
}

/// Returns `value`, typed as `like` is: the answer's model is the transport's result type.
fn same_type<R>(_like: &R, value: R) -> R {
    value
}

fn transport(server: &ReplayServer) -> GrpcTransport {
    GrpcTransport::new(GrpcConfig::new(server.url())).expect("a valid config")
}

const RPCS: &[&str] = &[
    "/qdrant.Points/UpdateVectors",
    "/qdrant.Points/DeleteVectors",
    "/qdrant.Points/SetPayload",
    "/qdrant.Points/OverwritePayload",
    "/qdrant.Points/DeletePayload",
    "/qdrant.Points/ClearPayload",
    "/qdrant.Points/UpdateBatch",
    "/qdrant.Points/CreateVectorName",
    "/qdrant.Points/DeleteVectorName",
    "/qdrant.Points/QueryBatch",
    "/qdrant.Points/QueryGroups",
    "/qdrant.Points/Facet",
    "/qdrant.Points/SearchMatrixPairs",
    "/qdrant.Points/SearchMatrixOffsets",
    "/qdrant.Points/Search",
    "/qdrant.Points/SearchBatch",
    "/qdrant.Points/SearchGroups",
    "/qdrant.Points/Recommend",
    "/qdrant.Points/RecommendBatch",
    "/qdrant.Points/RecommendGroups",
    "/qdrant.Points/Discover",
    "/qdrant.Points/DiscoverBatch",
];

#[tokio::test]
async fn writes_and_named_vectors() {
    let mut calls = load_grpc_calls("points_crud");
    calls.extend(load_grpc_calls("named_vectors"));
    calls.extend(load_grpc_calls("collections_lifecycle"));
    let server = ReplayServer::start(calls).await;
    let grpc = transport(&server);
    type Update = proto::PointsOperationResponse;

    let done = replay_step!(
        grpc,
        "points_crud",
        "update_vectors",
        update_vectors,
        UpdatePointVectors,
        Update
    );
    assert_eq!(done.status, UpdateStatus::Completed);
    replay_step!(
        grpc,
        "points_crud",
        "set_payload",
        set_payload,
        SetPayloadPoints,
        Update
    );
    replay_step!(
        grpc,
        "points_crud",
        "set_payload_by_key",
        set_payload,
        SetPayloadPoints,
        Update
    );
    replay_step!(
        grpc,
        "points_crud",
        "set_payload_by_filter",
        set_payload,
        SetPayloadPoints,
        Update
    );
    replay_step!(
        grpc,
        "points_crud",
        "overwrite_payload",
        overwrite_payload,
        SetPayloadPoints,
        Update
    );
    replay_step!(
        grpc,
        "points_crud",
        "delete_payload",
        delete_payload,
        DeletePayloadPoints,
        Update
    );
    replay_step!(
        grpc,
        "points_crud",
        "clear_payload",
        clear_payload,
        ClearPayloadPoints,
        Update
    );
    let batch = replay_step!(
        grpc,
        "points_crud",
        "batch_update",
        batch_update,
        UpdateBatchPoints,
        proto::UpdateBatchResponse
    );
    assert_eq!(batch.len(), 5, "one result per operation");
    replay_step!(
        grpc,
        "named_vectors",
        "update_named_vector",
        update_vectors,
        UpdatePointVectors,
        Update
    );
    replay_step!(
        grpc,
        "named_vectors",
        "delete_named_vector",
        delete_vectors,
        DeletePointVectors,
        Update
    );
    for name in ["create_vector_name", "create_sparse_vector_name"] {
        let step = Step::load("collections_lifecycle", name);
        let mut request: CreateVectorName = step.body();
        request.collection_name = step.segment(1);
        request.vector_name = step.segment(3);
        let got = grpc.create_vector_name(request).await.unwrap();
        assert_eq!(got, step.answer::<Update, UpdateResult>(), "{}", step.id);
    }
    let step = Step::load("collections_lifecycle", "delete_vector_name");
    let got = grpc
        .delete_vector_name(DeleteVectorName::new(step.segment(1), step.segment(3)))
        .await
        .unwrap();
    assert_eq!(got, step.answer::<Update, UpdateResult>());

    let unused = server.unused(RPCS);
    assert_eq!(unused, Vec::<String>::new());
}

#[tokio::test]
async fn batches_groups_facets_and_the_matrix() {
    let server = ReplayServer::start(load_grpc_calls("query_api")).await;
    let grpc = transport(&server);

    let batch = replay_step!(
        grpc,
        "query_api",
        "batch",
        query_batch_points,
        QueryBatchPoints,
        proto::QueryBatchResponse
    );
    assert_eq!(batch.len(), 3);
    let groups = replay_step!(
        grpc,
        "query_api",
        "groups",
        query_points_groups,
        QueryPointGroups,
        proto::QueryGroupsResponse
    );
    assert!(!groups.groups.is_empty());
    let looked_up = replay_step!(
        grpc,
        "query_api",
        "groups_with_lookup",
        query_points_groups,
        QueryPointGroups,
        proto::QueryGroupsResponse
    );
    // The lookup collection of the recording holds none of the group ids: the real server
    // answered both APIs without lookups. The request carried `with_lookup`, or no recorded
    // call would have matched it.
    assert_eq!(looked_up.groups.len(), 2);
    assert!(looked_up.groups.iter().all(|group| group.lookup.is_none()));
    for name in ["facet_city", "facet_count_filtered"] {
        let step = Step::load("query_api", name);
        let mut request: FacetCounts = step.body();
        request.collection_name = step.segment(1);
        let got = grpc.facet(request).await.unwrap();
        assert_eq!(
            got,
            step.answer::<proto::FacetResponse, FacetResponse>(),
            "{name}"
        );
        assert!(!got.hits.is_empty());
    }
    let pairs = replay_step!(
        grpc,
        "query_api",
        "matrix_pairs",
        search_matrix_pairs,
        SearchMatrixPoints,
        proto::SearchMatrixPairsResponse
    );
    assert!(!pairs.pairs.is_empty());
    let offsets = replay_step!(
        grpc,
        "query_api",
        "matrix_offsets",
        search_matrix_offsets,
        SearchMatrixPoints,
        proto::SearchMatrixOffsetsResponse
    );
    assert_eq!(offsets.offsets_row.len(), offsets.scores.len());
}

#[tokio::test]
async fn legacy_search_recommend_and_discover() {
    let server = ReplayServer::start(load_grpc_calls("legacy_endpoints")).await;
    let grpc = transport(&server);

    for name in ["search", "search_filtered"] {
        let step = Step::load("legacy_endpoints", name);
        let mut request: SearchPoints = step.body();
        request.collection_name = step.segment(1);
        let got = grpc.search_points(request).await.unwrap();
        assert_eq!(
            got,
            step.answer::<proto::SearchResponse, Vec<ScoredPoint>>(),
            "{name}"
        );
    }
    let batch = replay_step!(
        grpc,
        "legacy_endpoints",
        "search_batch",
        search_batch_points,
        SearchBatchPoints,
        proto::SearchBatchResponse
    );
    assert_eq!(batch.len(), 2);
    replay_step!(
        grpc,
        "legacy_endpoints",
        "search_groups",
        search_point_groups,
        SearchPointGroups,
        proto::SearchGroupsResponse
    );
    replay_step!(
        grpc,
        "legacy_endpoints",
        "recommend",
        recommend_points,
        RecommendPoints,
        proto::RecommendResponse
    );
    replay_step!(
        grpc,
        "legacy_endpoints",
        "recommend_batch",
        recommend_batch_points,
        RecommendBatchPoints,
        proto::RecommendBatchResponse
    );
    replay_step!(
        grpc,
        "legacy_endpoints",
        "recommend_groups",
        recommend_point_groups,
        RecommendPointGroups,
        proto::RecommendGroupsResponse
    );
    let found = replay_step!(
        grpc,
        "legacy_endpoints",
        "discover",
        discover_points,
        DiscoverPoints,
        proto::DiscoverResponse
    );
    assert!(!found.is_empty());
    replay_step!(
        grpc,
        "legacy_endpoints",
        "discover_batch",
        discover_batch_points,
        DiscoverBatchPoints,
        proto::DiscoverBatchResponse
    );

    // The recording client sent these example vectors in the deprecated `Vector.data` form and
    // quadrant sends the current one; the replay server, like Qdrant, reads both the same way.
    let best = replay_step!(
        grpc,
        "legacy_endpoints",
        "recommend_best_score_vectors",
        recommend_points,
        RecommendPoints,
        proto::RecommendResponse
    );
    assert_eq!(best.len(), 3);
    assert_eq!(server.unused(RPCS), Vec::<String>::new());
}

/// A call answered with `response`, for a `Points/Get` of the one point `id` with its payload
/// and vectors: what `get_point` sends.
fn get_one(id: u64, response: &proto::GetResponse) -> RecordedCall {
    let request = proto::GetPoints {
        collection_name: "c".into(),
        ids: vec![proto::PointId {
            point_id_options: Some(proto::point_id::PointIdOptions::Num(id)),
        }],
        with_payload: Some(proto::WithPayloadSelector {
            selector_options: Some(proto::with_payload_selector::SelectorOptions::Enable(true)),
        }),
        with_vectors: Some(proto::WithVectorsSelector {
            selector_options: Some(proto::with_vectors_selector::SelectorOptions::Enable(true)),
        }),
        ..proto::GetPoints::default()
    };
    RecordedCall {
        step: format!("get_point/{id}"),
        rpc: "/qdrant.Points/Get".into(),
        request: request.encode_to_vec(),
        status: "OK".into(),
        response: response.encode_to_vec(),
        details: String::new(),
        trailers: Default::default(),
        api_key: ApiKey::Any,
    }
}

#[tokio::test]
async fn one_point_by_id_or_not_found() {
    let found = proto::GetResponse {
        result: vec![proto::RetrievedPoint {
            id: Some(proto::PointId {
                point_id_options: Some(proto::point_id::PointIdOptions::Num(5)),
            }),
            ..proto::RetrievedPoint::default()
        }],
        time: 0.0,
        usage: None,
    };
    let server = ReplayServer::start(vec![
        get_one(5, &found),
        get_one(6, &proto::GetResponse::default()),
    ])
    .await;
    let grpc = transport(&server);

    let record = grpc.get_point(GetPoint::new("c", 5)).await.unwrap();
    assert_eq!(record.id, PointId::Num(5));
    let missing = grpc.get_point(GetPoint::new("c", 6)).await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert_eq!(missing.message(), "Not found: No point with id 6 found");
    assert_eq!(
        missing.resource(),
        Some(quadrant_transport::Resource::Point)
    );
}
