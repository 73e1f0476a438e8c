//! The generated messages decode bytes recorded from a real Qdrant 1.18.3.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use prost::Message;
use quadrant_grpc::proto::{
    self, QueryPoints, QueryResponse, point_id::PointIdOptions, query, value, vector_input,
};

const QUICKSTART: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/conformance/seed_quickstart.json"
);

/// The request and response bytes of the first recorded exchange of `rpc`.
fn recorded_exchange(rpc: &str) -> (Vec<u8>, Vec<u8>) {
    let text = std::fs::read_to_string(QUICKSTART).expect("the quickstart recording is readable");
    let recording: serde_json::Value = serde_json::from_str(&text).expect("the recording is JSON");
    let exchange = recording["steps"]
        .as_array()
        .expect("the recording has steps")
        .iter()
        .filter_map(|step| step["grpc"]["exchanges"].as_array())
        .flatten()
        .find(|exchange| exchange["rpc"] == rpc)
        .unwrap_or_else(|| panic!("the recording has a {rpc} exchange"));
    let bytes = |field: &str| {
        let encoded = exchange[field].as_str().expect("base64 bytes");
        STANDARD.decode(encoded).expect("valid base64")
    };
    (bytes("request_b64"), bytes("response_b64"))
}

#[test]
fn decodes_a_recorded_query() {
    let (request, response) = recorded_exchange("/qdrant.Points/Query");

    let request = QueryPoints::decode(request.as_slice()).expect("a QueryPoints request");
    assert_eq!(request.collection_name, "my_collection");
    assert_eq!(request.limit, Some(2));
    let Some(query::Variant::Nearest(nearest)) = request.query.and_then(|query| query.variant)
    else {
        panic!("a nearest query");
    };
    let Some(vector_input::Variant::Dense(dense)) = nearest.variant else {
        panic!("a dense vector");
    };
    assert_eq!(dense.data, [0.9, 0.1, 0.1, 0.5]);

    let response = QueryResponse::decode(response.as_slice()).expect("a QueryResponse");
    let [point] = response.result.as_slice() else {
        panic!("one point, got {:?}", response.result);
    };
    assert_eq!(
        point.id.as_ref().and_then(|id| id.point_id_options.clone()),
        Some(PointIdOptions::Uuid(
            "5c56c793-69f3-4fbf-87e6-c4bf54c28c26".to_owned()
        ))
    );
    assert_eq!(point.score, 1.0);
    assert_eq!(
        point.payload["color"].kind,
        Some(value::Kind::StringValue("red".to_owned()))
    );
}

#[test]
fn round_trips_a_recorded_create_collection() {
    let (request, _) = recorded_exchange("/qdrant.Collections/Create");
    let create = proto::CreateCollection::decode(request.as_slice()).expect("a CreateCollection");
    assert_eq!(create.collection_name, "my_collection");
    // Encoding what was decoded gives the recorded bytes back: no field was lost.
    assert_eq!(create.encode_to_vec(), request);
}
