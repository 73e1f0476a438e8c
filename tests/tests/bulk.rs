//! Bulk upload and scroll streams over REST and gRPC, against scripted servers answering with
//! what a real Qdrant 1.18.3 answered (`query_api` recording): a batch that meets a transient
//! failure is sent again on its own, and a scroll follows the server's offsets to the end.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use quadrant::models::{PointId, PointStruct, ScrollPoints};
use quadrant::upload::UploadPoints;
use quadrant::{AsyncQdrantClient, ErrorKind, RetryPolicy};
use quadrant_behaviour::faults::{GrpcReply, HttpReply, ScriptedGrpcServer, ScriptedHttpServer};
use quadrant_behaviour::recorded::Recording;

const COLLECTION: &str = "conf_query";

fn recording() -> Recording {
    Recording::load("query_api")
}

fn rest_answer(step: &str) -> serde_json::Value {
    recording().rest_exchange(step)["response"].clone()
}

fn grpc_answer(step: &str) -> Vec<u8> {
    let recording = recording();
    let encoded = recording.step(step)["grpc"]["exchanges"][0]["response_b64"]
        .as_str()
        .unwrap_or_else(|| panic!("{step} has no recorded gRPC answer"));
    STANDARD.decode(encoded).expect("recorded base64")
}

fn client(url: &str, grpc: bool) -> AsyncQdrantClient {
    let builder = AsyncQdrantClient::builder(url)
        .check_compatibility(false)
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        );
    let builder = if grpc { builder.grpc() } else { builder.rest() };
    builder.build().expect("a client of a loopback url")
}

fn points(n: u64) -> impl Iterator<Item = PointStruct> + Send + 'static {
    (0..n).map(|i| PointStruct::new(i, vec![i as f32; 8], Default::default()))
}

#[tokio::test]
async fn rest_upload_sends_batches_and_retries_the_one_that_met_a_503() {
    let server = ScriptedHttpServer::start(vec![
        HttpReply::json(200, rest_answer("upsert").to_string()),
        HttpReply::error(503, "overloaded"),
        HttpReply::json(200, rest_answer("upsert").to_string()),
    ])
    .await;
    let summary = client(&server.url(), false)
        .upload_points(
            UploadPoints::new(COLLECTION, points(100))
                .batch_size(25)
                .parallelism(1),
        )
        .await
        .unwrap();
    assert_eq!(
        (summary.points, summary.batches, summary.retries),
        (100, 4, 1)
    );
    let received = server.received();
    assert_eq!(received.len(), 5, "{received:?}");
    assert!(
        received
            .iter()
            .all(|r| r.method == "PUT" && r.path == "/collections/conf_query/points"),
        "{received:?}"
    );
}

#[tokio::test]
async fn grpc_upload_sends_batches_and_retries_the_one_that_met_unavailable() {
    let server = ScriptedGrpcServer::start(vec![
        GrpcReply::status(14, "overloaded"),
        GrpcReply::Message(grpc_answer("upsert")),
    ])
    .await;
    let summary = client(&server.url(), true)
        .upload_points(
            UploadPoints::new(COLLECTION, points(60))
                .batch_size(20)
                .parallelism(2),
        )
        .await
        .unwrap();
    assert_eq!(
        (summary.points, summary.batches, summary.retries),
        (60, 3, 1)
    );
    let received = server.received();
    assert_eq!(received.len(), 4, "{received:?}");
    assert!(
        received.iter().all(|r| r.path == "/qdrant.Points/Upsert"),
        "{received:?}"
    );
}

#[tokio::test]
async fn rest_upload_reports_the_batch_a_server_refused() {
    let server = ScriptedHttpServer::start(vec![
        HttpReply::json(200, rest_answer("upsert").to_string()),
        HttpReply::error(
            400,
            "Wrong input: Vector dimension error: expected dim: 8, got 3",
        ),
    ])
    .await;
    let error = client(&server.url(), false)
        .upload_points(
            UploadPoints::new(COLLECTION, points(100))
                .batch_size(10)
                .parallelism(1),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        error.message().contains("Vector dimension error"),
        "{error}"
    );
    let failure = quadrant::upload::UploadFailure::of(&error).unwrap();
    assert_eq!(failure.failed[0].index, 1);
    assert_eq!(failure.unsent_from, 20);
    assert_eq!(server.received().len(), 2, "a refused batch is not retried");
}

#[tokio::test]
async fn rest_scroll_stream_follows_offsets_to_the_last_page() {
    let mut last = rest_answer("scroll_page2");
    last["result"]["next_page_offset"] = serde_json::Value::Null;
    let server = ScriptedHttpServer::start(vec![
        HttpReply::json(200, rest_answer("scroll_page1").to_string()),
        HttpReply::json(200, last.to_string()),
    ])
    .await;
    let ids: Vec<PointId> = client(&server.url(), false)
        .scroll_stream(ScrollPoints::new(COLLECTION).limit(10))
        .map(|record| record.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, (1..=20).map(PointId::from).collect::<Vec<_>>());
    assert_eq!(
        server.received().len(),
        2,
        "the stream stops after the last page"
    );
}

#[tokio::test]
async fn grpc_scroll_stream_refuses_a_server_that_repeats_its_offset() {
    // The script's last answer repeats: asked for offset 21, it answers "next: 21" again.
    let server = ScriptedGrpcServer::start(vec![
        GrpcReply::Message(grpc_answer("scroll_page1")),
        GrpcReply::Message(grpc_answer("scroll_page2")),
    ])
    .await;
    let mut stream =
        client(&server.url(), true).scroll_stream(ScrollPoints::new(COLLECTION).limit(10));
    let mut ids = Vec::new();
    let error = loop {
        match stream.next().await.expect("an error before the end") {
            Ok(record) => ids.push(record.id),
            Err(error) => break error,
        }
    };
    assert_eq!(ids.len(), 20);
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.message().contains("same offset"), "{error}");
    assert!(stream.next().await.is_none());
    assert_eq!(server.received().len(), 3);
}
