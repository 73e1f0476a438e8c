//! The gRPC transport end to end, against a replay server of the gRPC exchanges recorded from a
//! real Qdrant 1.18.3: the seed quickstart flow, the error scenario, api keys and the rate limit.

#[allow(
    dead_code,
    reason = "the replay server is shared with the behaviour suite, which uses other parts of it"
)]
#[path = "../../../tests/src/grpc_replay.rs"]
mod replay;

use std::time::Duration;

use quadrant_grpc::{GrpcConfig, GrpcTransport};
use quadrant_models::*;
use quadrant_transport::{Error, ErrorKind, Resource, Transport};
use replay::{ReplayServer, fixtures_dir, load_grpc_calls};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The REST side of a recorded scenario, for the request bodies its steps sent.
struct Recording {
    name: &'static str,
    document: Value,
}

impl Recording {
    fn load(name: &'static str) -> Self {
        let path = fixtures_dir().join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).expect("a readable recording");
        Self {
            name,
            document: serde_json::from_str(&text).expect("a JSON recording"),
        }
    }

    fn step(&self, step: &str) -> &Value {
        self.document["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|candidate| candidate["name"] == step)
            .unwrap_or_else(|| panic!("{} has no step {step}", self.name))
    }

    /// The REST body of `step` as the request model `T`; the caller sets the path fields.
    fn request<T: DeserializeOwned>(&self, step: &str) -> T {
        serde_json::from_value(self.step(step)["rest"]["exchanges"][0]["request"].clone())
            .unwrap_or_else(|error| panic!("{}/{step}: {error}", self.name))
    }

    /// The status message the server gave `step` over gRPC.
    fn grpc_details(&self, step: &str) -> &str {
        self.step(step)["grpc"]["exchanges"][0]["details"]
            .as_str()
            .unwrap_or_else(|| panic!("{}/{step} did not fail over gRPC", self.name))
    }
}

fn transport(server: &ReplayServer) -> GrpcTransport {
    GrpcTransport::new(GrpcConfig::new(server.url())).expect("a valid config")
}

fn payload(value: Value) -> Payload {
    payload_from_json(value).expect("a JSON object")
}

/// Asserts the kind and the server's own message of a failed call.
#[track_caller]
fn assert_error<T: std::fmt::Debug>(
    result: Result<T, Error>,
    kind: ErrorKind,
    message: &str,
) -> Error {
    let error = result.expect_err("the recorded call failed");
    assert_eq!(error.kind(), kind, "{error}");
    assert_eq!(error.message(), message);
    error
}

#[tokio::test]
async fn seed_quickstart() {
    let server = ReplayServer::start(load_grpc_calls("seed_quickstart")).await;
    let grpc = transport(&server);

    let deleted = grpc
        .delete_collection(DeleteCollection::new("my_collection"))
        .await
        .unwrap();
    assert!(!deleted, "the collection did not exist before");

    let created = grpc
        .create_collection(
            CreateCollection::new("my_collection")
                .vectors_config(VectorParams::new(4, Distance::Cosine)),
        )
        .await
        .unwrap();
    assert!(created);

    let id: PointId = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26".parse().unwrap();
    let point = PointStruct::new(
        id,
        vec![0.9, 0.1, 0.1, 0.5],
        payload(json!({"color": "red"})),
    );
    let update = grpc
        .upsert_points(UpsertPoints::new("my_collection", vec![point]))
        .await
        .unwrap();
    assert_eq!(update.status, UpdateStatus::Completed);
    assert_eq!(update.operation_id, Some(1));

    let hits = grpc
        .query_points(
            QueryPoints::new("my_collection")
                .query(vec![0.9, 0.1, 0.1, 0.5])
                .limit(2)
                .with_vector(false)
                .with_payload(true),
        )
        .await
        .unwrap();
    let [hit] = hits.points.as_slice() else {
        panic!("one point, got {hits:?}");
    };
    assert_eq!(hit.id, id);
    assert_eq!(hit.score, 1.0);
    assert_eq!(hit.version, 1);
    assert_eq!(hit.payload, Some(payload(json!({"color": "red"}))));
    assert_eq!(hit.vector, None);

    let deleted = grpc
        .delete_collection(DeleteCollection::new("my_collection"))
        .await
        .unwrap();
    assert!(deleted);

    assert_eq!(
        server.unused(&[
            "/qdrant.Collections/Delete",
            "/qdrant.Collections/Create",
            "/qdrant.Points/Upsert",
            "/qdrant.Points/Query"
        ]),
        Vec::<String>::new()
    );
    let received = server.received();
    assert_eq!(received.len(), 5);
    for call in &received {
        assert!(call.answered_by.is_some(), "{call:?}");
        assert!(!call.compressed, "requests are sent plain: {call:?}");
        assert!(
            !call.accepts_gzip,
            "and gzip answers are not asked for by default: {call:?}"
        );
        assert!(!call.with_api_key, "no key was configured: {call:?}");
        assert_eq!(call.grpc_timeout, None, "no deadline was configured");
    }
}

#[tokio::test]
async fn errors_keep_their_kind_and_the_servers_words() {
    let recording = Recording::load("errors");
    let server = ReplayServer::start(load_grpc_calls("errors")).await;
    let grpc = transport(&server);
    let query = |step: &str, collection: &str| {
        let mut request: QueryPoints = recording.request(step);
        request.collection_name = collection.to_owned();
        request
    };

    assert!(!grpc.delete_collection("conf_errors".into()).await.unwrap());
    let error = assert_error(
        grpc.get_collection("conf_does_not_exist".into()).await,
        ErrorKind::NotFound,
        recording.grpc_details("error_get_missing_collection"),
    );
    assert_eq!(error.resource(), Some(Resource::Collection));
    let error = assert_error(
        grpc.query_points(query(
            "error_query_missing_collection",
            "conf_does_not_exist",
        ))
        .await,
        ErrorKind::NotFound,
        "Not found: Collection `conf_does_not_exist` doesn't exist!",
    );
    assert_eq!(error.resource(), Some(Resource::Collection));

    let mut create: CreateCollection = recording.request("create");
    create.collection_name = "conf_errors".into();
    assert!(grpc.create_collection(create.clone()).await.unwrap());
    assert_error(
        grpc.create_collection(create).await,
        ErrorKind::AlreadyExists,
        "Wrong input: Collection `conf_errors` already exists!",
    );

    let mut upsert: UpsertPoints = recording.request("error_wrong_dimension");
    upsert.collection_name = "conf_errors".into();
    assert_error(
        grpc.upsert_points(upsert).await,
        ErrorKind::InvalidArgument,
        "Wrong input: Vector dimension error: expected dim: 4, got 3",
    );
    for (step, kind, resource) in [
        (
            "error_query_wrong_dimension",
            ErrorKind::InvalidArgument,
            None,
        ),
        (
            "error_unknown_vector_name",
            ErrorKind::InvalidArgument,
            None,
        ),
        (
            "error_order_by_without_index",
            ErrorKind::InvalidArgument,
            None,
        ),
        (
            "error_query_by_missing_id",
            ErrorKind::NotFound,
            Some(Resource::Point),
        ),
    ] {
        let error = assert_error(
            grpc.query_points(query(step, "conf_errors")).await,
            kind,
            recording.grpc_details(step),
        );
        assert_eq!(error.resource(), resource, "{step}");
    }
    assert!(grpc.delete_collection("conf_errors".into()).await.unwrap());

    assert_eq!(
        server.unused(&[
            "/qdrant.Collections/Get",
            "/qdrant.Collections/Create",
            "/qdrant.Collections/Delete",
            "/qdrant.Points/Upsert",
            "/qdrant.Points/Query"
        ]),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn api_keys_and_the_rate_limit() {
    let recording = Recording::load("auth_and_rate_limits");
    let server = ReplayServer::start(load_grpc_calls("auth_and_rate_limits")).await;
    let with_key = |key: Option<&str>| {
        let config = GrpcConfig::new(server.url());
        let config = match key {
            Some(key) => config.api_key(key),
            None => config,
        };
        GrpcTransport::new(config).expect("a valid config")
    };
    let admin = with_key(Some("conf-admin-key"));
    let read_only = with_key(Some("conf-read-key"));
    let anonymous = with_key(None);
    let wrong = with_key(Some("not-the-key"));
    let upsert = |step: &str, collection: &str| {
        let mut request: UpsertPoints = recording.request(step);
        request.collection_name = collection.to_owned();
        request
    };
    let count = || CountPoints::new("conf_rate_limited").exact(true);
    let create = |step: &str, collection: &str| {
        let mut request: CreateCollection = recording.request(step);
        request.collection_name = collection.to_owned();
        request
    };

    assert!(!admin.delete_collection("conf_auth".into()).await.unwrap());
    assert!(
        !admin
            .delete_collection("conf_rate_limited".into())
            .await
            .unwrap()
    );
    assert!(
        admin
            .create_collection(create("create_with_admin_key", "conf_auth"))
            .await
            .unwrap()
    );

    assert_error(
        anonymous.get_collections(()).await,
        ErrorKind::Unauthenticated,
        "Must provide an API key or an Authorization bearer token",
    );
    assert_error(
        wrong.get_collections(()).await,
        ErrorKind::Unauthenticated,
        "Invalid API key or JWT",
    );
    let listed = read_only.get_collections(()).await.unwrap();
    assert!(
        listed
            .collections
            .iter()
            .any(|collection| collection.name == "conf_auth"),
        "{listed:?}"
    );
    assert_error(
        read_only
            .upsert_points(upsert("error_read_only_key_write", "conf_auth"))
            .await,
        ErrorKind::PermissionDenied,
        "Forbidden: Global manage access is required",
    );
    let update = admin
        .upsert_points(upsert("admin_upsert", "conf_auth"))
        .await
        .unwrap();
    assert_eq!(update.status, UpdateStatus::Completed);

    // Two reads and one write a minute; the third read and the second write are refused, with
    // the delay the server asks for.
    assert!(
        admin
            .create_collection(create("create_rate_limited", "conf_rate_limited"))
            .await
            .unwrap()
    );
    for _ in 0..2 {
        assert_eq!(admin.count_points(count()).await.unwrap().count, 0);
    }
    for step in ["read_2", "read_3"] {
        let error = admin.count_points(count()).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::RateLimited, "{step}: {error}");
        assert_eq!(error.message(), recording.grpc_details(step));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(30)), "{step}");
        assert!(error.is_retryable());
    }
    admin
        .upsert_points(upsert("write_0", "conf_rate_limited"))
        .await
        .unwrap();
    for step in ["write_1", "write_2", "write_3"] {
        let error = admin
            .upsert_points(upsert(step, "conf_rate_limited"))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::RateLimited, "{step}: {error}");
        assert_eq!(error.retry_after(), Some(Duration::from_secs(30)), "{step}");
    }
    assert!(admin.delete_collection("conf_auth".into()).await.unwrap());
    assert!(
        admin
            .delete_collection("conf_rate_limited".into())
            .await
            .unwrap()
    );

    assert_eq!(
        server.unused(&[
            "/qdrant.Collections/List",
            "/qdrant.Collections/Create",
            "/qdrant.Collections/Delete",
            "/qdrant.Points/Upsert",
            "/qdrant.Points/Count"
        ]),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn a_call_that_matches_no_recording_names_the_request() {
    let server = ReplayServer::start(load_grpc_calls("seed_quickstart")).await;
    let grpc = transport(&server);
    let error = grpc
        .get_collection("not_recorded".into())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Server);
    assert!(
        error.message().contains("/qdrant.Collections/Get")
            && error.message().contains("not_recorded"),
        "{error}"
    );
}

#[tokio::test]
async fn settings_reach_the_wire() {
    let server = ReplayServer::start(load_grpc_calls("seed_quickstart")).await;
    let grpc = GrpcTransport::new(
        GrpcConfig::new(server.url())
            .compression(true)
            .timeout(Duration::from_secs(7))
            .pool_size(3),
    )
    .unwrap();
    assert!(
        !grpc
            .delete_collection("my_collection".into())
            .await
            .unwrap()
    );
    let [call] = server.received().try_into().expect("one call");
    assert!(
        !call.compressed,
        "requests stay plain with compression on: {call:?}"
    );
    assert!(
        call.accepts_gzip,
        "compression(true) accepts gzip answers: {call:?}"
    );
    assert_eq!(call.grpc_timeout.as_deref(), Some("7000000u"), "{call:?}");
}

#[test]
fn built_outside_a_runtime_then_used_in_one() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(ReplayServer::start(load_grpc_calls("seed_quickstart")));
    // No runtime here: building opens nothing.
    let grpc = transport(&server);
    let deleted = runtime.block_on(grpc.delete_collection("my_collection".into()));
    assert!(!deleted.unwrap());
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let grpc = GrpcTransport::new(
        GrpcConfig::new(format!("http://127.0.0.1:{port}")).connect_timeout(Duration::from_secs(5)),
    )
    .unwrap();
    let error = grpc.get_collections(()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{error}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_server_that_does_not_answer_times_out() {
    // Accepts connections and never speaks HTTP/2.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    let grpc = GrpcTransport::new(
        GrpcConfig::new(format!("http://{address}")).timeout(Duration::from_millis(300)),
    )
    .unwrap();
    let error = grpc.get_collections(()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    silent.abort();
}
