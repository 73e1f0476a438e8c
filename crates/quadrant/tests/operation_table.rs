//! Both front ends have every operation of the table, with the same signature, and give the
//! same answer.
//!
//! The clients' methods are generated from the table (`src/front_ends.rs`), so this test walks
//! the table too: for every row it calls the method on [`AsyncQdrantClient`] and on
//! [`QdrantClient`] with the row's request, holding each answer in a binding of the row's
//! response type. It compiles only if both clients have every method, with the table's
//! argument and result (and the named overrides: `collection_exists` answers `bool`, a download
//! is each client's own `SnapshotDownload`), and it passes only if each pair of calls, made on
//! two embedded engines given the same calls in the same order, ends the same way: the same
//! answer, or an error of the same kind.
//!
//! A new row fails to compile here until it has a sample request in `sample!`.

#![cfg(feature = "embedded")]
#![cfg(feature = "embedded")]

use quadrant::models::*;
use quadrant::{AsyncQdrantClient, ErrorKind, Operation, QdrantClient, Result};
use serde_json::{Value, json};
use tokio::runtime::Runtime;

/// The collection the operations work on.
const C: &str = "parity";

/// How a call ended: its answer as JSON, or the kind of its error.
type Outcome = std::result::Result<Value, ErrorKind>;

fn outcome<T: serde::Serialize>(answer: Result<T>) -> Outcome {
    answer
        .map(|answer| serde_json::to_value(answer).expect("answers serialize"))
        .map_err(|error| error.kind())
}

fn payload(value: Value) -> Payload {
    payload_from_json(value).expect("an object")
}

fn point(id: u64, vector: [f32; 2], color: &str) -> PointStruct {
    PointStruct::new(id, vector.to_vec(), payload(json!({ "color": color })))
}

/// A request for each row, keyed by its method; `$r` is the row's request type, so that a
/// renamed model needs no change here. The calls run in table order on a collection of four
/// points, so a sample that deletes deletes something of its own, or something later rows do
/// not need. No two points score the same against each other or a query vector, so that every
/// ranking has one right order.
macro_rules! sample {
    (telemetry, $r:ident) => { $r::new() };
    (metrics, $r:ident) => { $r::new() };
    (update_quotas, $r:ident) => { $r::new(QuotaConfig::default()) };
    (get_collection, $r:ident) => { $r::new(C) };
    (create_collection, $r:ident) => {
        $r::new("parity_other").vectors_config(VectorParams::new(2, Distance::Dot))
    };
    (update_collection, $r:ident) => { $r::new(C) };
    (delete_collection, $r:ident) => { $r::new("parity_other") };
    (collection_exists, $r:ident) => { $r::new(C) };
    (create_vector_name, $r:ident) => {
        $r::new(C, "extra", DenseVectorConfig::new(2, Distance::Cosine))
    };
    (delete_vector_name, $r:ident) => { $r::new(C, "extra") };
    (get_optimizations, $r:ident) => { $r::new(C) };
    (update_aliases, $r:ident) => { $r::new([AliasOperations::create(C, "parity_alias")]) };
    (get_collection_aliases, $r:ident) => { $r::new(C) };
    (create_field_index, $r:ident) => { $r::new(C, "color", PayloadSchemaType::Keyword) };
    (delete_field_index, $r:ident) => { $r::new(C, "size") };
    (upsert_points, $r:ident) => { $r::new(C, vec![point(5, [0.5, 0.5], "green")]) };
    (get_point, $r:ident) => { $r::new(C, 1) };
    (get_points, $r:ident) => { $r::new(C, [1, 2, 99]) };
    (delete_points, $r:ident) => { $r::points(C, [5]) };
    (update_vectors, $r:ident) => { $r::new(C, vec![PointVectors::new(4, vec![0.2, 0.9])]) };
    (delete_vectors, $r:ident) => { $r::points(C, ["missing"], [1]) };
    (set_payload, $r:ident) => { $r::points(C, payload(json!({ "size": 3 })), [1]) };
    (overwrite_payload, $r:ident) => {
        $r::points(C, payload(json!({ "color": "red", "size": 4 })), [2])
    };
    (delete_payload, $r:ident) => { $r::points(C, ["size"], [1]) };
    (clear_payload, $r:ident) => { $r::points(C, [4]) };
    (batch_update, $r:ident) => {
        $r::new(
            C,
            [UpdateOperation::SetPayload(SetPayloadPoints::points(
                C,
                payload(json!({ "size": 1 })),
                [3],
            ))],
        )
    };
    (query_points, $r:ident) => { $r::new(C).query(vec![1.0, 0.4]).limit(3) };
    (query_batch_points, $r:ident) => {
        $r::new(C, [QueryPoints::new(C).query(vec![0.2, 1.0]).limit(2)])
    };
    (query_points_groups, $r:ident) => { $r::new(C, "color").query(vec![1.0, 0.4]).limit(2) };
    (scroll_points, $r:ident) => { $r::new(C).limit(3) };
    (count_points, $r:ident) => { $r::new(C) };
    (facet, $r:ident) => { $r::new(C, "color") };
    (search_matrix_pairs, $r:ident) => { $r::new(C) };
    (search_matrix_offsets, $r:ident) => { $r::new(C) };
    (search_points, $r:ident) => { $r::new(C, vec![1.0, 0.4], 3) };
    (search_batch_points, $r:ident) => {
        $r::new(C, [SearchPoints::new(C, vec![0.2, 1.0], 2)])
    };
    (search_point_groups, $r:ident) => { $r::new(C, vec![1.0, 0.4], "color", 2, 2) };
    (recommend_points, $r:ident) => {
        $r { positive: Some(vec![1.into()]), ..$r::new(C, 3) }
    };
    (recommend_batch_points, $r:ident) => {
        $r::new(
            C,
            [RecommendPoints { positive: Some(vec![2.into()]), ..RecommendPoints::new(C, 2) }],
        )
    };
    (recommend_point_groups, $r:ident) => {
        $r { positive: Some(vec![1.into()]), ..$r::new(C, "color", 2, 2) }
    };
    (discover_points, $r:ident) => {
        $r::new(C, 3).target(1).context([ContextExamplePair::new(2, 3)])
    };
    (discover_batch_points, $r:ident) => {
        $r::new(C, [DiscoverPoints::new(C, 2).target(2).context([ContextExamplePair::new(1, 4)])])
    };
    (create_snapshot, $r:ident) => { $r::new(C) };
    (list_snapshots, $r:ident) => { $r::new(C) };
    (delete_snapshot, $r:ident) => { $r::new(C, "missing.snapshot") };
    (get_snapshot, $r:ident) => { $r::new(C, "missing.snapshot") };
    (recover_from_snapshot, $r:ident) => {
        $r::new("parity_restored", "file:///nowhere/missing.snapshot")
    };
    (recover_from_uploaded_snapshot, $r:ident) => {
        $r::new("parity_restored", b"not a snapshot".to_vec())
    };
    (create_full_snapshot, $r:ident) => { $r::new() };
    (delete_full_snapshot, $r:ident) => { $r::new("missing.snapshot") };
    (get_full_snapshot, $r:ident) => { $r::new("missing.snapshot") };
    (create_shard_snapshot, $r:ident) => { $r::new(C, 0) };
    (list_shard_snapshots, $r:ident) => { $r::new(C, 0) };
    (delete_shard_snapshot, $r:ident) => { $r::new(C, 0, "missing.snapshot") };
    (get_shard_snapshot, $r:ident) => { $r::new(C, 0, "missing.snapshot") };
    (stream_shard_snapshot, $r:ident) => { $r::new(C, 0) };
    (recover_shard_from_snapshot, $r:ident) => {
        $r::new(C, 0, "file:///nowhere/missing.snapshot")
    };
    (recover_shard_from_uploaded_snapshot, $r:ident) => {
        $r::new(C, 0, b"not a snapshot".to_vec())
    };
    (create_shard_key, $r:ident) => { $r::new(C, "key") };
    (delete_shard_key, $r:ident) => { $r::new(C, "key") };
    (list_shard_keys, $r:ident) => { $r::new(C) };
    (cluster_telemetry, $r:ident) => { $r::new() };
    (remove_peer, $r:ident) => { $r::new(1) };
    (collection_cluster_info, $r:ident) => { $r::new(C) };
    (update_collection_cluster, $r:ident) => {
        $r::new(C, Replica { shard_id: 0, peer_id: 1 })
    };
}

/// The table's consumer: `call_every_operation`, one pair of typed calls per row.
macro_rules! parity {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:tt) -> $response:ty, $retry:ident,
            rest($http:ident $path:literal [$($param:ident),*] ?[$($query:ident),*]
                $($body:ident)? => $answer:ident),
            grpc($($rpc:literal, $grpc_request:ident -> $grpc_response:ident)?)
            $(, deprecated($note:literal))?;
    )*) => {
        /// Calls every operation, in table order, through both clients: the async one driven
        /// by `runtime`, the blocking one from this thread.
        #[allow(deprecated, reason = "the legacy endpoints are operations too")]
        fn call_every_operation(
            runtime: &Runtime,
            asynchronous: &AsyncQdrantClient,
            blocking: &QdrantClient,
        ) -> Vec<(Operation, Outcome, Outcome)> {
            vec![$(
                {
                    let (a, b) = parity!(@call runtime asynchronous blocking
                        $method($request) -> $response, $answer);
                    (Operation::$variant, a, b)
                },
            )*]
        }
    };
    // The named overrides of the front ends.
    (@call $runtime:ident $a:ident $b:ident
        collection_exists($request:ident) -> $response:ty, $answer:ident) => {{
        let a: Result<bool> = $runtime.block_on($a.collection_exists(sample!(collection_exists, $request)));
        let b: Result<bool> = $b.collection_exists(sample!(collection_exists, $request));
        (outcome(a), outcome(b))
    }};
    (@call $runtime:ident $a:ident $b:ident
        $method:ident($request:ident) -> $response:ty, download) => {{
        let a: Result<quadrant::SnapshotDownload> =
            $runtime.block_on($a.$method(sample!($method, $request)));
        let b: Result<quadrant::blocking::SnapshotDownload> = $b.$method(sample!($method, $request));
        let a = a.and_then(|download| $runtime.block_on(download.bytes()));
        let b = b.and_then(|download| download.bytes());
        (outcome(a.map(|bytes| bytes.len())), outcome(b.map(|bytes| bytes.len())))
    }};
    // The generic forms.
    (@call $runtime:ident $a:ident $b:ident
        $method:ident(()) -> $response:ty, $answer:ident) => {{
        let a: Result<$response> = $runtime.block_on($a.$method());
        let b: Result<$response> = $b.$method();
        (outcome(a), outcome(b))
    }};
    (@call $runtime:ident $a:ident $b:ident
        $method:ident($request:ident) -> $response:ty, $answer:ident) => {{
        let a: Result<$response> = $runtime.block_on($a.$method(sample!($method, $request)));
        let b: Result<$response> = $b.$method(sample!($method, $request));
        (outcome(a), outcome(b))
    }};
}

quadrant_transport::for_each_operation!(parity);

/// The same collection of four points through each client.
fn set_up(runtime: &Runtime, asynchronous: &AsyncQdrantClient, blocking: &QdrantClient) {
    let collection =
        || CreateCollection::new(C).vectors_config(VectorParams::new(2, Distance::Dot));
    let points = || {
        UpsertPoints::new(
            C,
            vec![
                point(1, [1.0, 0.0], "red"),
                point(2, [0.0, 1.0], "blue"),
                point(3, [0.6, 0.8], "red"),
                point(4, [0.3, 0.9], "blue"),
            ],
        )
    };
    runtime
        .block_on(asynchronous.create_collection(collection()))
        .expect("async create");
    runtime
        .block_on(asynchronous.upsert_points(points()))
        .expect("async upsert");
    blocking
        .create_collection(collection())
        .expect("blocking create");
    blocking.upsert_points(points()).expect("blocking upsert");
}

/// What two engines cannot agree on however they are called: a snapshot's name, time and
/// checksum (it is made at another moment). Everything else of a snapshot's description stays.
fn without_moments(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(without_moments).collect()),
        Value::Object(mut map) => {
            if map.contains_key("creation_time") && map.contains_key("checksum") {
                for key in ["name", "creation_time", "checksum"] {
                    map.remove(key);
                }
            }
            Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, without_moments(v)))
                    .collect(),
            )
        }
        other => other,
    }
}

#[test]
fn both_clients_answer_every_operation_alike() {
    let runtime = Runtime::new().expect("runtime");
    let asynchronous = AsyncQdrantClient::memory().expect("async client");
    let blocking = QdrantClient::memory().expect("blocking client");
    set_up(&runtime, &asynchronous, &blocking);

    let outcomes = call_every_operation(&runtime, &asynchronous, &blocking);
    assert_eq!(outcomes.len(), Operation::ALL.len(), "one call per row");

    let mut differences = Vec::new();
    let mut answered = 0;
    for (operation, a, b) in outcomes {
        let (a, b) = (a.map(without_moments), b.map(without_moments));
        answered += usize::from(a.is_ok());
        if a != b {
            differences.push(format!("{}: async {a:?}, blocking {b:?}", operation.name()));
        }
    }
    assert!(differences.is_empty(), "{differences:#?}");
    // Most rows must have done something, or the comparison proves little: the embedded engine
    // answers all but the cluster, shard key, telemetry, issues and quota operations.
    assert!(answered >= 40, "only {answered} operations answered");
}

#[test]
fn scroll_stream_and_uploads_have_their_blocking_twins() {
    use futures_util::TryStreamExt;
    use quadrant::upload::UploadPoints;

    let runtime = Runtime::new().expect("runtime");
    let asynchronous = AsyncQdrantClient::memory().expect("async client");
    let blocking = QdrantClient::memory().expect("blocking client");
    set_up(&runtime, &asynchronous, &blocking);

    let more = || UploadPoints::new(C, (10..20_u64).map(|id| point(id, [0.5, 0.5], "green")));
    let a = runtime
        .block_on(asynchronous.upload_points(more().batch_size(3)))
        .expect("async upload");
    let b = blocking
        .upload_points(more().batch_size(3))
        .expect("blocking upload");
    assert_eq!((a.points, a.batches), (b.points, b.batches));
    assert_eq!((a.points, a.batches), (10, 4));

    let scroll = || ScrollPoints::new(C).limit(4);
    let a: Vec<Record> = runtime
        .block_on(asynchronous.scroll_stream(scroll()).try_collect())
        .expect("async scroll");
    let b: Vec<Record> = blocking
        .scroll_stream(scroll())
        .collect::<Result<_>>()
        .expect("blocking scroll");
    assert_eq!(a.len(), 14);
    assert_eq!(
        serde_json::to_value(&a).expect("records serialize"),
        serde_json::to_value(&b).expect("records serialize")
    );
}
