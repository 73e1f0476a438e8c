//! The connection layer under faults, over REST and gRPC: a refused connection, a server that
//! hangs, one that drops the connection mid-answer, a slow one, transient 503 / UNAVAILABLE
//! answers, and rate limiting with `Retry-After`.
//!
//! The faults come from `quadrant_behaviour::faults`: a TCP proxy on loopback and tiny scripted
//! servers answering with bodies recorded from a real Qdrant 1.18.3. Everything is addressed by
//! IP on loopback, so nothing but the fault is in a measured call's path.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use quadrant::{AsyncQdrantClient, ErrorKind};
use quadrant_behaviour::faults::{
    Fault, FaultProxy, GrpcReply, HttpReply, ScriptedGrpcServer, ScriptedHttpServer,
    refused_address,
};
use quadrant_behaviour::recorded::Recording;

/// The request deadline of the deadline tests: short, so that the tests stay fast, and long
/// enough next to loopback round trips that only the fault can exhaust it.
const TIMEOUT: Duration = Duration::from_millis(400);

/// The bound: a fault is reported within the configured timeout plus 10%.
fn bound() -> Duration {
    TIMEOUT.mul_f64(1.1)
}

/// The wire protocol a test runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    Rest,
    Grpc,
}

/// A client of `url` over `wire` with the request deadline `timeout`.
fn client(wire: Wire, url: &str, timeout: Duration) -> AsyncQdrantClient {
    let builder = AsyncQdrantClient::builder(url).timeout(timeout);
    let builder = match wire {
        Wire::Rest => builder.rest(),
        Wire::Grpc => builder.grpc(),
    };
    builder.build().expect("a client of a loopback url")
}

/// The recorded answer to listing collections: `collections_lifecycle/list_collections`.
fn listed_collections_json() -> String {
    Recording::load("collections_lifecycle").rest_exchange("list_collections")["response"]
        .to_string()
}

/// The recorded gRPC answer of `collections_lifecycle/<step>`, as protobuf bytes.
fn grpc_answer(step: &str) -> Vec<u8> {
    let recording = Recording::load("collections_lifecycle");
    let encoded = recording.step(step)["grpc"]["exchanges"][0]["response_b64"]
        .as_str()
        .unwrap_or_else(|| panic!("{step} has no recorded gRPC answer"));
    STANDARD.decode(encoded).expect("recorded base64")
}

/// A server that answers listing collections as the real one did, over `wire`.
async fn healthy_server(wire: Wire) -> Upstream {
    match wire {
        Wire::Rest => Upstream::Http(
            ScriptedHttpServer::start(vec![HttpReply::json(200, listed_collections_json())]).await,
        ),
        Wire::Grpc => Upstream::Grpc(
            ScriptedGrpcServer::start(vec![GrpcReply::Message(grpc_answer("list_collections"))])
                .await,
        ),
    }
}

/// A scripted server of either protocol.
enum Upstream {
    Http(ScriptedHttpServer),
    Grpc(ScriptedGrpcServer),
}

impl Upstream {
    fn address(&self) -> std::net::SocketAddr {
        match self {
            Upstream::Http(server) => server.address(),
            Upstream::Grpc(server) => server.address(),
        }
    }

    fn requests(&self) -> usize {
        match self {
            Upstream::Http(server) => server.received().len(),
            Upstream::Grpc(server) => server.received().len(),
        }
    }
}

/// Lists collections through `client`, timing the call from its start.
async fn timed_list(client: &AsyncQdrantClient) -> (quadrant::Result<usize>, Duration) {
    let started = Instant::now();
    let result = client
        .get_collections()
        .await
        .map(|listed| listed.collections.len());
    (result, started.elapsed())
}

async fn refused(wire: Wire) {
    let client = client(wire, &format!("http://{}", refused_address()), TIMEOUT);
    let (result, elapsed) = timed_list(&client).await;
    let error = result.expect_err("nothing listens there");
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{wire:?}: {error}");
    assert!(elapsed <= bound(), "{wire:?}: refused after {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_refused_is_unavailable_at_once_over_rest() {
    refused(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_refused_is_unavailable_at_once_over_grpc() {
    refused(Wire::Grpc).await;
}

/// The proxy's own refusing mode: a server that was up and went down.
async fn server_went_down(wire: Wire) {
    let server = healthy_server(wire).await;
    let proxy = FaultProxy::start(server.address(), Fault::PassThrough).await;
    let client = client(wire, &proxy.url(), TIMEOUT);
    let (result, _) = timed_list(&client).await;
    assert_eq!(result.expect("the server is up"), 2, "{wire:?}");

    proxy.set_fault(Fault::Refuse);
    let (result, elapsed) = timed_list(&client).await;
    let error = result.expect_err("the server is down");
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{wire:?}: {error}");
    assert!(elapsed <= bound(), "{wire:?}: failed after {elapsed:?}");

    proxy.set_fault(Fault::PassThrough);
    let (result, _) = timed_list(&client).await;
    assert_eq!(result.expect("the server is back"), 2, "{wire:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_goes_down_and_comes_back_over_rest() {
    server_went_down(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_goes_down_and_comes_back_over_grpc() {
    server_went_down(Wire::Grpc).await;
}

async fn hangs(wire: Wire, fault: Fault) {
    let server = healthy_server(wire).await;
    let proxy = FaultProxy::start(server.address(), fault).await;
    let client = client(wire, &proxy.url(), TIMEOUT);
    let (result, elapsed) = timed_list(&client).await;
    let error = result.expect_err("the server never answers in time");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{wire:?}: {error}");
    assert!(
        elapsed <= bound(),
        "{wire:?}: timed out after {elapsed:?}, more than {:?}",
        bound()
    );
    assert!(
        elapsed >= TIMEOUT.mul_f64(0.95),
        "{wire:?}: gave up after {elapsed:?}, before the {TIMEOUT:?} deadline"
    );
    assert_eq!(proxy.accepted(), 1, "{wire:?}: one connection, no retry");
    assert_eq!(server.requests(), 0, "{wire:?}: nothing reached the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_then_hang_times_out_within_the_deadline_over_rest() {
    hangs(Wire::Rest, Fault::Hang).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_then_hang_times_out_within_the_deadline_over_grpc() {
    hangs(Wire::Grpc, Fault::Hang).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_slower_than_the_deadline_times_out_over_rest() {
    hangs(Wire::Rest, Fault::Delay(Duration::from_secs(3))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_slower_than_the_deadline_times_out_over_grpc() {
    hangs(Wire::Grpc, Fault::Delay(Duration::from_secs(3))).await;
}

async fn slow_but_in_time(wire: Wire) {
    let server = healthy_server(wire).await;
    let proxy = FaultProxy::start(server.address(), Fault::Delay(Duration::from_millis(150))).await;
    let client = client(wire, &proxy.url(), Duration::from_secs(5));
    let (result, elapsed) = timed_list(&client).await;
    assert_eq!(result.expect("the answer comes in time"), 2, "{wire:?}");
    assert!(
        elapsed >= Duration::from_millis(150),
        "{wire:?}: {elapsed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_server_within_the_deadline_answers_over_rest() {
    slow_but_in_time(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_server_within_the_deadline_answers_over_grpc() {
    slow_but_in_time(Wire::Grpc).await;
}

/// How many bytes the proxy passes on for a whole answer to listing collections over `wire`,
/// found by letting one call through.
async fn whole_answer_bytes(wire: Wire) -> usize {
    let server = healthy_server(wire).await;
    let proxy = FaultProxy::start(server.address(), Fault::PassThrough).await;
    let client = client(wire, &proxy.url(), Duration::from_secs(5));
    let (result, _) = timed_list(&client).await;
    assert_eq!(result.expect("a whole answer"), 2, "{wire:?}");
    proxy.answered_bytes()
}

/// The connection is cut after `cut` bytes of the answer. A broken connection is Unavailable:
/// the bytes that did arrive were not wrong, and another attempt may well succeed.
async fn dropped_mid_answer(wire: Wire, cut: usize) {
    let server = healthy_server(wire).await;
    let proxy = FaultProxy::start(server.address(), Fault::DropResponseAfter(cut)).await;
    let client = client(wire, &proxy.url(), TIMEOUT);
    let (result, elapsed) = timed_list(&client).await;
    let error = result.expect_err("the answer was cut short");
    assert_eq!(
        error.kind(),
        ErrorKind::Unavailable,
        "{wire:?}, cut after {cut} bytes: {error}"
    );
    assert!(elapsed <= bound(), "{wire:?}: failed after {elapsed:?}");
    assert_eq!(
        proxy.answered_bytes(),
        cut,
        "{wire:?}: the proxy cut where told"
    );
}

/// Cuts in the first bytes, halfway, and one byte short of the whole answer.
async fn cuts(wire: Wire) {
    let whole = whole_answer_bytes(wire).await;
    assert!(whole > 20, "{wire:?}: a whole answer is {whole} bytes");
    for cut in [5, whole / 2, whole - 1] {
        dropped_mid_answer(wire, cut).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_dropped_mid_answer_is_unavailable_over_rest() {
    cuts(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_dropped_mid_answer_is_unavailable_over_grpc() {
    cuts(Wire::Grpc).await;
}
