//! Drives `examples/axum_service.rs` over real sockets with many concurrent HTTP clients, on the
//! embedded engine, and checks every answer.
//!
//! The example's module is included as it is, so that the test exercises exactly the code users
//! read; its `main` is dead code here. The HTTP client is a few lines of HTTP/1.1 over a tokio
//! `TcpStream` (one connection per request, `Connection: close`), which needs no client crate.

#[allow(dead_code)]
#[path = "../axum_service.rs"]
mod service;

use std::collections::HashSet;
use std::net::SocketAddr;

use quadrant::AsyncQdrantClient;
use quadrant::models::{CountPoints, CreateCollection, Distance, VectorParams};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const COLLECTION: &str = "service";
const DIM: usize = 8;
const TASKS: u64 = 64;
const UPSERTS_PER_TASK: u64 = 4;
const POINTS_PER_UPSERT: u64 = 4;
const TOTAL: u64 = TASKS * UPSERTS_PER_TASK * POINTS_PER_UPSERT;

/// A deterministic vector per seed, spread over the space (splitmix64), so that no two points
/// share a vector and a point's own vector finds it at distance 0.
fn vector(seed: u64) -> Vec<f32> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(1);
    (0..DIM)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // 24 bits in [-1, 1).
            ((z >> 40) as f32 / (1u64 << 23) as f32) - 1.0
        })
        .collect()
}

/// One HTTP/1.1 exchange: the status and the JSON body, after checking the framing.
async fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();

    let split = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| {
            panic!(
                "no end of headers in {:?}",
                String::from_utf8_lossy(&answer)
            )
        });
    let head = std::str::from_utf8(&answer[..split]).unwrap();
    let body = &answer[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let length: usize = header("content-length")
        .unwrap_or_else(|| panic!("no content-length in {head:?}"))
        .parse()
        .unwrap();
    assert_eq!(length, body.len(), "content-length of {head:?}");
    // A 405 from axum's router is not one of ours, and has no body.
    if status == 405 {
        return (status, Value::Null);
    }
    assert_eq!(header("content-type"), Some("application/json"), "{head:?}");
    let json = serde_json::from_slice(body)
        .unwrap_or_else(|error| panic!("{error}: {:?}", String::from_utf8_lossy(body)));
    (status, json)
}

async fn upsert(addr: SocketAddr, ids: impl Iterator<Item = u64>, task: u64) -> (u16, Value) {
    let points: Vec<Value> = ids
        .map(|id| json!({"id": id, "vector": vector(id), "payload": {"task": task}}))
        .collect();
    let body = json!({"collection": COLLECTION, "points": points}).to_string();
    request(addr, "POST", "/upsert", &body).await
}

async fn search(addr: SocketAddr, vector: &[f32], limit: u64) -> (u16, Value) {
    let body =
        json!({"collection": COLLECTION, "vector": vector, "limit": limit, "with_payload": true});
    request(addr, "POST", "/search", &body.to_string()).await
}

fn ids_of(answer: &Value) -> Vec<u64> {
    answer["points"]
        .as_array()
        .unwrap_or_else(|| panic!("no points in {answer}"))
        .iter()
        .map(|point| point["id"].as_u64().unwrap())
        .collect()
}

async fn start() -> (AsyncQdrantClient, SocketAddr) {
    let client = AsyncQdrantClient::memory().unwrap();
    client
        .create_collection(
            CreateCollection::new(COLLECTION)
                .vectors_config(VectorParams::new(DIM as u64, Distance::Euclid)),
        )
        .await
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = service::app(client.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (client, addr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_upserts_and_searches_all_answer_right() {
    let (client, addr) = start().await;

    // Writers: each task sends its upserts one after another, all tasks at once; readers search
    // meanwhile, and must get well-formed answers whatever is written so far.
    let writers: Vec<_> = (0..TASKS)
        .map(|task| {
            tokio::spawn(async move {
                let mut answers = Vec::new();
                for batch in 0..UPSERTS_PER_TASK {
                    let first = (task * UPSERTS_PER_TASK + batch) * POINTS_PER_UPSERT;
                    answers.push(upsert(addr, first..first + POINTS_PER_UPSERT, task).await);
                }
                answers
            })
        })
        .collect();
    let readers: Vec<_> = (0..TASKS)
        .map(|task| {
            tokio::spawn(async move {
                let mut answers = Vec::new();
                for round in 0..UPSERTS_PER_TASK {
                    answers.push(search(addr, &vector(1_000_000 + task * 10 + round), 5).await);
                }
                answers
            })
        })
        .collect();

    let mut upserts = 0;
    for writer in writers {
        for (status, answer) in writer.await.unwrap() {
            assert_eq!(status, 200, "{answer}");
            assert_eq!(answer["status"], "completed", "{answer}");
            assert_eq!(answer["points"], POINTS_PER_UPSERT, "{answer}");
            upserts += 1;
        }
    }
    assert_eq!(upserts, TASKS * UPSERTS_PER_TASK);
    for reader in readers {
        for (status, answer) in reader.await.unwrap() {
            assert_eq!(status, 200, "{answer}");
            let ids = ids_of(&answer);
            assert!(ids.len() <= 5, "{answer}");
            assert!(ids.iter().all(|id| *id < TOTAL), "{answer}");
        }
    }

    // Every acknowledged write is there: the count adds up, and each point's own vector finds
    // it first, at distance 0, with its payload.
    let count = client
        .count_points(CountPoints::new(COLLECTION).exact(true))
        .await
        .unwrap();
    assert_eq!(count.count, TOTAL);

    let checkers: Vec<_> = (0..TASKS)
        .map(|task| {
            tokio::spawn(async move {
                let per_task = UPSERTS_PER_TASK * POINTS_PER_UPSERT;
                let mut found = Vec::new();
                for id in task * per_task..(task + 1) * per_task {
                    let (status, answer) = search(addr, &vector(id), 3).await;
                    assert_eq!(status, 200, "{answer}");
                    let ids = ids_of(&answer);
                    assert_eq!(ids.len(), 3, "{answer}");
                    assert_eq!(ids[0], id, "point {id} is not its own nearest: {answer}");
                    let best = &answer["points"][0];
                    assert_eq!(best["score"].as_f64(), Some(0.0), "{answer}");
                    assert_eq!(best["payload"], json!({"task": task}), "{answer}");
                    found.push(id);
                }
                found
            })
        })
        .collect();
    let mut seen = HashSet::new();
    for checker in checkers {
        for id in checker.await.unwrap() {
            assert!(seen.insert(id), "point {id} checked twice");
        }
    }
    assert_eq!(seen.len() as u64, TOTAL);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_the_status_of_their_error_and_say_why() {
    let (_client, addr) = start().await;

    let error = |answer: &Value| {
        (
            answer["error"]["kind"].as_str().unwrap().to_owned(),
            answer["error"]["message"].as_str().unwrap().to_owned(),
        )
    };

    // Refused by the service itself.
    let (status, answer) = request(addr, "POST", "/upsert", "{not json").await;
    assert_eq!(status, 400, "{answer}");
    let (kind, message) = error(&answer);
    assert_eq!(kind, "InvalidArgument");
    assert!(message.contains("invalid JSON body"), "{message}");

    let (status, answer) = request(addr, "POST", "/upsert", r#"{"collection": "service"}"#).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        error(&answer).1.contains("missing field `points`"),
        "{answer}"
    );

    let (status, answer) = search(addr, &vector(1), 0).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        error(&answer)
            .1
            .contains("`limit` must be between 1 and 100"),
        "{answer}"
    );

    // Refused by Qdrant, and mapped from the error's kind.
    let (status, answer) = search(addr, &[0.5; DIM + 1], 3).await;
    assert_eq!(status, 400, "{answer}");
    let (kind, message) = error(&answer);
    assert_eq!(kind, "InvalidArgument");
    assert!(message.to_lowercase().contains("dimension"), "{message}");

    let body = json!({"collection": COLLECTION, "points": [{"id": 1, "vector": [1.0, 2.0]}]});
    let (status, answer) = request(addr, "POST", "/upsert", &body.to_string()).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(error(&answer).0, "InvalidArgument");

    let body = json!({"collection": "missing", "vector": vector(1), "limit": 3});
    let (status, answer) = request(addr, "POST", "/search", &body.to_string()).await;
    assert_eq!(status, 404, "{answer}");
    let (kind, message) = error(&answer);
    assert_eq!(kind, "NotFound");
    assert!(message.contains("missing"), "{message}");

    // Not a route of the service.
    let (status, _) = request(addr, "GET", "/search", "").await;
    assert_eq!(status, 405);
}

#[test]
fn every_error_kind_has_a_status() {
    use axum::http::StatusCode;
    use quadrant::ErrorKind;

    assert_eq!(
        service::status_for(ErrorKind::NotFound),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        service::status_for(ErrorKind::InvalidArgument),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        service::status_for(ErrorKind::Unavailable),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        service::status_for(ErrorKind::Timeout),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        service::status_for(ErrorKind::RateLimited),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        service::status_for(ErrorKind::AlreadyExists),
        StatusCode::CONFLICT
    );
    assert_eq!(
        service::status_for(ErrorKind::Usage),
        StatusCode::INTERNAL_SERVER_ERROR
    );
}
