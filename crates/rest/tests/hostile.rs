//! Hostile answers: truncated, garbage, oversized and wrongly typed bodies must give a typed
//! error, `Decode` where the body itself is wrong, and never a panic.
//!
//! The first half drives `RestTransport` against a raw HTTP/1.1 server written here, which
//! answers every request with the exact bytes a test gives, framing errors included. The second
//! half is a property test: recorded answers from the conformance corpus, mutated (cut, bits
//! flipped, bytes inserted), and arbitrary bytes, decoded into every response model the way the
//! transport decodes them. `PROPTEST_CASES` sets the number of cases per property (256 by default).

use std::path::PathBuf;

use futures_util::StreamExt;
use proptest::prelude::*;
use quadrant_models::*;
use quadrant_rest::{ConnectionConfig, RestTransport};
use quadrant_transport::{Error, ErrorKind, Transport};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Starts a server that answers every request with `answer`, as raw bytes, then closes the
/// connection; returns a transport pointed at it.
async fn serving(answer: Vec<u8>, compression: bool) -> RestTransport {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let answer = answer.clone();
            tokio::spawn(async move {
                read_request(&mut socket).await;
                let _ = socket.write_all(&answer).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    RestTransport::new(ConnectionConfig::new(url).compression(compression)).unwrap()
}

/// Reads one request, headers and `Content-Length` body, so that the answer is not sent early.
async fn read_request(socket: &mut tokio::net::TcpStream) {
    let mut seen = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        let Ok(read) = socket.read(&mut buffer).await else {
            return;
        };
        if read == 0 {
            return;
        }
        seen.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&seen).to_ascii_lowercase();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if seen.len() >= end + 4 + length {
                return;
            }
        }
    }
}

/// A `200 OK` answer with `body` and its exact `Content-Length`.
fn ok(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

fn json(body: &[u8]) -> Vec<u8> {
    ok("application/json", body)
}

/// Checks that `error` is of `kind` and that its message holds every one of `words`.
fn assert_error(error: &Error, kind: ErrorKind, words: &[&str]) {
    assert_eq!(error.kind(), kind, "{error}");
    for word in words {
        assert!(error.message().contains(word), "`{word}` not in: {error}");
    }
}

/// A point whose payload is nested `depth` arrays deep, where the models accept any JSON:
/// serde_json stops at 128 levels instead of overflowing the stack.
fn nesting_bomb(depth: usize) -> Vec<u8> {
    let mut body =
        br#"{"result":{"points":[{"id":1,"version":0,"score":1,"payload":{"a":"#.to_vec();
    body.extend(std::iter::repeat_n(b'[', depth));
    body.extend(std::iter::repeat_n(b']', depth));
    body.extend_from_slice(b"}}]}}");
    body
}

/// Runs the five JSON reads against a server answering `answer`, and checks each fails with
/// `kind` and a message holding the operation's name and `words`.
async fn every_read_fails(answer: Vec<u8>, kind: ErrorKind, words: &[&str]) {
    let rest = serving(answer, false).await;
    let outcomes = [
        (
            "query_points",
            rest.query_points(QueryPoints::new("c")).await.err(),
        ),
        (
            "scroll_points",
            rest.scroll_points(ScrollPoints::new("c")).await.err(),
        ),
        (
            "get_collection",
            rest.get_collection(GetCollection::new("c")).await.err(),
        ),
        (
            "count_points",
            rest.count_points(CountPoints::new("c")).await.err(),
        ),
        ("facet", rest.facet(FacetCounts::new("c", "k")).await.err()),
    ];
    for (operation, outcome) in outcomes {
        let error = outcome.unwrap_or_else(|| panic!("{operation} accepted a hostile answer"));
        assert_error(&error, kind, &[operation]);
        assert_error(&error, kind, words);
    }
}

#[tokio::test]
async fn garbage_empty_and_foreign_bodies_are_decode_errors() {
    for body in [
        &b""[..],
        b"\xff\xfe\x00garbage\x80",
        b"<html><body>502 Bad Gateway</body></html>",
        b"null",
        b"{}",
        b"{\"status\":\"ok\",\"time\":0.1}",
    ] {
        every_read_fails(
            json(body),
            ErrorKind::Decode,
            &["could not decode the result"],
        )
        .await;
    }
}

#[tokio::test]
async fn truncated_bodies_are_decode_errors() {
    let body = br#"{"result":{"points":[{"id":1,"version":0,"score":0.9,"payload":{"a":1}}]},"status":"ok","time":0.001}"#;
    for cut in [1, 10, body.len() / 2, body.len() - 1] {
        every_read_fails(json(&body[..cut]), ErrorKind::Decode, &["could not decode"]).await;
    }
    // For the model the body was written for, serde says where the text stopped.
    let rest = serving(json(&body[..body.len() / 2]), false).await;
    let error = rest.query_points(QueryPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["QueryResponse", "EOF"]);
}

#[tokio::test]
async fn wrongly_typed_results_name_the_model() {
    let rest = serving(json(br#"{"result":"nope","status":"ok"}"#), false).await;
    let error = rest.query_points(QueryPoints::new("c")).await.unwrap_err();
    assert_error(
        &error,
        ErrorKind::Decode,
        &["QueryResponse", "invalid type"],
    );
    let error = rest.count_points(CountPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["CountResult"]);

    let rest = serving(json(br#"{"result":{"count":-5},"status":"ok"}"#), false).await;
    let error = rest.count_points(CountPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["CountResult", "-5"]);

    let rest = serving(json(br#"{"result":{"count":1e400},"status":"ok"}"#), false).await;
    let error = rest.count_points(CountPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["CountResult"]);

    let rest = serving(
        json(br#"{"result":{"points":[{"id":"not-a-uuid","version":0,"score":1}]}}"#),
        false,
    )
    .await;
    let error = rest.query_points(QueryPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["QueryResponse"]);

    // A string that is not UTF-8 inside otherwise good JSON.
    let rest = serving(
        json(b"{\"result\":{\"hits\":[{\"value\":\"\xc3\x28\",\"count\":1}]}}"),
        false,
    )
    .await;
    let error = rest.facet(FacetCounts::new("c", "k")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["FacetResponse"]);
}

#[tokio::test]
async fn a_nesting_bomb_stops_at_the_recursion_limit() {
    // Within the limit, deep payloads are fine.
    let rest = serving(json(&nesting_bomb(100)), false).await;
    let answer = rest.query_points(QueryPoints::new("c")).await.unwrap();
    assert_eq!(answer.points.len(), 1);

    let rest = serving(json(&nesting_bomb(100_000)), false).await;
    let error = rest.query_points(QueryPoints::new("c")).await.unwrap_err();
    assert_error(
        &error,
        ErrorKind::Decode,
        &["query_points", "recursion limit exceeded"],
    );
    let error = rest
        .scroll_points(ScrollPoints::new("c"))
        .await
        .unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["scroll_points"]);
}

#[tokio::test]
async fn an_oversized_answer_is_refused_before_it_is_read() {
    // 1 TiB announced: refused from the header, not after a terabyte arrives.
    let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                   content-length: 1099511627776\r\nconnection: close\r\n\r\n{\"result\":"
        .to_vec();
    every_read_fails(answer, ErrorKind::Decode, &["larger than the limit"]).await;
}

#[tokio::test]
async fn only_content_length_bytes_are_read() {
    // More than announced: the body is the announced prefix, here a cut-off JSON text.
    let body = br#"{"result":{"count":3},"status":"ok"}"#;
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len() - 5
    )
    .into_bytes();
    answer.extend_from_slice(body);
    let rest = serving(answer, false).await;
    let error = rest.count_points(CountPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["count_points", "EOF"]);
}

#[tokio::test]
async fn a_body_cut_short_of_its_length_is_a_broken_connection() {
    // The connection closes before the announced length: the answer never arrived whole, which
    // another attempt may fix, so this is Unavailable rather than Decode.
    let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                   content-length: 500\r\nconnection: close\r\n\r\n{\"result\":{\"count\":3}"
        .to_vec();
    every_read_fails(answer, ErrorKind::Unavailable, &[]).await;
}

#[tokio::test]
async fn a_body_that_is_not_gzip_is_a_decode_error() {
    let mut answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                       content-encoding: gzip\r\ncontent-length: 12\r\nconnection: close\r\n\r\n"
        .to_vec();
    answer.extend_from_slice(b"not gzip!!!!");
    let rest = serving(answer, true).await;
    let error = rest.count_points(CountPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Decode, &["count_points"]);
}

#[tokio::test]
async fn hostile_downloads_fail_in_the_stream() {
    // Cut short: the stream ends in an error, never in a silently short file.
    let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n\
                   content-length: 1000\r\nconnection: close\r\n\r\nsnapshot bytes"
        .to_vec();
    let rest = serving(answer, false).await;
    let download = rest
        .get_snapshot(GetSnapshot::new("c", "s.snapshot"))
        .await
        .unwrap();
    let chunks: Vec<_> = download.collect().await;
    let error = chunks
        .into_iter()
        .find_map(Result::err)
        .expect("a download cut short must fail");
    assert_error(&error, ErrorKind::Unavailable, &["get_snapshot"]);

    // Announced as gzip but not gzip: a Decode error from the stream.
    let mut answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n\
                       content-encoding: gzip\r\ncontent-length: 12\r\nconnection: close\r\n\r\n"
        .to_vec();
    answer.extend_from_slice(b"not gzip!!!!");
    let rest = serving(answer, true).await;
    let download = rest
        .get_snapshot(GetSnapshot::new("c", "s.snapshot"))
        .await
        .unwrap();
    let chunks: Vec<_> = download.collect().await;
    let error = chunks
        .into_iter()
        .find_map(Result::err)
        .expect("a broken gzip download must fail");
    assert_error(&error, ErrorKind::Decode, &["get_snapshot"]);
}

#[tokio::test]
async fn hostile_error_answers_keep_their_status() {
    // A 500 whose body is endless garbage: the status makes the error, the body is not read whole.
    let mut answer = b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\n\
                       content-length: 200000\r\nconnection: close\r\n\r\n"
        .to_vec();
    answer.extend(std::iter::repeat_n(b'x', 200_000));
    let rest = serving(answer, false).await;
    let error = rest.count_points(CountPoints::new("c")).await.unwrap_err();
    assert_error(&error, ErrorKind::Server, &["HTTP 500"]);

    let mut answer = b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\n\
                       content-length: 7\r\nconnection: close\r\n\r\n"
        .to_vec();
    answer.extend_from_slice(b"\xff{[\"\x00\x01]");
    let rest = serving(answer, false).await;
    let error = rest
        .get_collection(GetCollection::new("c"))
        .await
        .unwrap_err();
    assert_error(&error, ErrorKind::NotFound, &["HTTP 404"]);
    // Not Qdrant's own error: nothing says what is missing.
    assert_eq!(error.resource(), None);
}

// ---------------------------------------------------------------------------------------------
// Property tests over the decoding of every response model.

/// How the transport reads a JSON answer: `result` of Qdrant's envelope.
#[derive(Deserialize)]
struct Envelope<T> {
    #[allow(dead_code, reason = "decoded only to see that decoding does not panic")]
    result: T,
}

/// Decodes `body` into every JSON response model of the operation table, as the transport does.
/// Each decode may fail; none may panic.
fn decode_into_every_model(body: &[u8]) {
    fn one<T: DeserializeOwned>(body: &[u8]) {
        let _ = serde_json::from_slice::<Envelope<T>>(body);
    }
    one::<bool>(body);
    one::<Option<bool>>(body);
    let _ = serde_json::from_slice::<VersionInfo>(body);
    one::<TelemetryData>(body);
    one::<IssuesReport>(body);
    one::<CollectionsResponse>(body);
    one::<CollectionInfo>(body);
    one::<CollectionExistence>(body);
    one::<UpdateResult>(body);
    one::<Vec<UpdateResult>>(body);
    one::<OptimizationsResponse>(body);
    one::<CollectionsAliasesResponse>(body);
    one::<Record>(body);
    one::<Vec<Record>>(body);
    one::<QueryResponse>(body);
    one::<Vec<QueryResponse>>(body);
    one::<GroupsResult>(body);
    one::<ScrollResult>(body);
    one::<CountResult>(body);
    one::<FacetResponse>(body);
    one::<SearchMatrixPairsResponse>(body);
    one::<SearchMatrixOffsetsResponse>(body);
    one::<Vec<ScoredPoint>>(body);
    one::<Vec<Vec<ScoredPoint>>>(body);
    one::<SnapshotDescription>(body);
    one::<Vec<SnapshotDescription>>(body);
    one::<ShardKeysResponse>(body);
    one::<ClusterStatus>(body);
    one::<DistributedTelemetryData>(body);
    one::<CollectionClusterInfo>(body);
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/conformance")
}

/// Every JSON answer body recorded over REST, as the bytes the server sent (re-serialised).
fn recorded_bodies() -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    for file in files {
        let scenario: serde_json::Value =
            serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        for step in scenario["steps"].as_array().unwrap() {
            let Some(exchanges) = step["rest"]["exchanges"].as_array() else {
                continue;
            };
            for exchange in exchanges {
                let response = &exchange["response"];
                if response.is_object() && response.get("__text__").is_none() {
                    bodies.push(serde_json::to_vec(response).unwrap());
                }
            }
        }
    }
    bodies
}

/// A mutation of a recorded body.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(prop::sample::Index),
    FlipBit(prop::sample::Index, u8),
    Insert(prop::sample::Index, Vec<u8>),
    Remove(prop::sample::Index, usize),
    /// Replaces a byte with one that means something to JSON.
    Punctuate(prop::sample::Index, prop::sample::Index),
}

const JSON_BYTES: &[u8] = b"{}[]\":,-0123456789.eE+tfn \\";

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (any::<prop::sample::Index>(), 0_u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<prop::sample::Index>(), 1_usize..32).prop_map(|(at, n)| Mutation::Remove(at, n)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(at, byte)| Mutation::Punctuate(at, byte)),
    ]
}

fn mutate(mut body: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        if body.is_empty() {
            break;
        }
        match mutation {
            Mutation::Truncate(at) => body.truncate(at.index(body.len())),
            Mutation::FlipBit(at, bit) => {
                let at = at.index(body.len());
                body[at] ^= 1 << bit;
            }
            Mutation::Insert(at, bytes) => {
                let at = at.index(body.len() + 1);
                body.splice(at..at, bytes.iter().copied());
            }
            Mutation::Remove(at, n) => {
                let at = at.index(body.len());
                let end = (at + n).min(body.len());
                body.drain(at..end);
            }
            Mutation::Punctuate(at, byte) => {
                let at = at.index(body.len());
                body[at] = JSON_BYTES[byte.index(JSON_BYTES.len())];
            }
        }
    }
    body
}

#[test]
fn recorded_bodies_decode_into_their_models() {
    // The property below is only meaningful if the unmutated bodies are the real thing.
    let bodies = recorded_bodies();
    assert!(bodies.len() > 100, "only {} recorded bodies", bodies.len());
    let counts = bodies
        .iter()
        .filter(|body| serde_json::from_slice::<Envelope<CountResult>>(body).is_ok())
        .count();
    assert!(
        counts > 0,
        "no recorded count answer decodes as CountResult"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Shrinking a panic in a large body takes long and the failing input is printed anyway.
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_recorded_bodies_never_panic(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        thread_local! {
            static BODIES: Vec<Vec<u8>> = recorded_bodies();
        }
        let body = BODIES.with(|bodies| bodies[pick.index(bodies.len())].clone());
        decode_into_every_model(&mutate(body, &mutations));
    }

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_into_every_model(&body);
    }

    #[test]
    fn arbitrary_json_punctuation_never_panics(
        body in prop::collection::vec(prop::sample::select(JSON_BYTES.to_vec()), 0..256),
    ) {
        let mut enveloped = b"{\"result\":".to_vec();
        enveloped.extend(body);
        decode_into_every_model(&enveloped);
    }
}
