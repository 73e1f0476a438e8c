//! The connection layer under faults, over REST and gRPC: a refused connection, a server that
//! hangs, one that drops the connection mid-answer, a slow one, transient 503 / UNAVAILABLE
//! answers, rate limiting with `Retry-After`, and a bulk upload through a server restart.
//!
//! The faults come from `quadrant_behaviour::faults`: a TCP proxy on loopback and tiny scripted
//! servers answering with bodies recorded from a real Qdrant 1.18.3. Everything is addressed by
//! IP on loopback, so nothing but the fault is in a measured call's path.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use prost::Message;
use quadrant::models::{CreateCollection, PointStruct};
use quadrant::upload::UploadPoints;
use quadrant::{AsyncQdrantClient, ClientBuilder, ErrorKind, RetryPolicy};
use quadrant_behaviour::faults::{
    Fault, FaultProxy, GrpcReply, HttpReply, ScriptedGrpcServer, ScriptedHttpServer,
    refused_address,
};
use quadrant_behaviour::recorded::Recording;
use quadrant_grpc::proto;
use tokio::sync::Notify;

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

/// A builder of a client of `url` over `wire`, without the background version check, whose
/// request would take a scripted server's answers.
fn builder(wire: Wire, url: &str) -> ClientBuilder<AsyncQdrantClient> {
    let builder = AsyncQdrantClient::builder(url).check_compatibility(false);
    match wire {
        Wire::Rest => builder.rest(),
        Wire::Grpc => builder.grpc(),
    }
}

/// A client of `url` over `wire` with the request deadline `timeout` and no retries, so that a
/// fault shows as it is.
fn client(wire: Wire, url: &str, timeout: Duration) -> AsyncQdrantClient {
    builder(wire, url)
        .timeout(timeout)
        .retry(RetryPolicy::none())
        .build()
        .expect("a client of a loopback url")
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
///
/// The client retries as a real one does (three attempts, short backoff): the crash cuts the
/// open connection, and the first request after the server is back may still meet that dead
/// connection before the client has noticed it closed (tonic reports it as a cancelled call).
/// A refused connection fails fast, so even with the retries the outage is reported within the
/// bound.
async fn server_went_down(wire: Wire) {
    let server = healthy_server(wire).await;
    let proxy = FaultProxy::start(server.address(), Fault::PassThrough).await;
    let client = builder(wire, &proxy.url())
        .timeout(TIMEOUT)
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(20)),
        )
        .build()
        .expect("a client of a loopback url");
    let (result, _) = timed_list(&client).await;
    assert_eq!(result.expect("the server is up"), 2, "{wire:?}");

    proxy.set_fault(Fault::Refuse).await;
    let (result, elapsed) = timed_list(&client).await;
    let error = result.expect_err("the server is down");
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{wire:?}: {error}");
    assert!(elapsed <= bound(), "{wire:?}: failed after {elapsed:?}");

    proxy.set_fault(Fault::PassThrough).await;
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

// ---- retries and failover over the real transports --------------------------------------------

/// The recorded answer to creating a collection: `collections_lifecycle/create_named`.
fn created_collection_json() -> String {
    Recording::load("collections_lifecycle").rest_exchange("create_named")["response"].to_string()
}

/// A transient failure over `wire`: 503 over REST, UNAVAILABLE over gRPC.
fn unavailable(wire: Wire) -> Reply {
    match wire {
        Wire::Rest => Reply::Http(HttpReply::error(503, "Service Unavailable: restarting")),
        Wire::Grpc => Reply::Grpc(GrpcReply::status(14, "Service Unavailable: restarting")),
    }
}

/// Rate limiting with a `retry-after` of one second: 429 over REST, RESOURCE_EXHAUSTED over gRPC,
/// as Qdrant's strict mode answers (`auth_and_rate_limits` recorded `retry-after: 30`).
fn rate_limited(wire: Wire) -> Reply {
    let text = "Rate limiting exceeded: Read rate limit exceeded, retry later";
    match wire {
        Wire::Rest => Reply::Http(HttpReply::error(429, text).header("retry-after", "1")),
        Wire::Grpc => Reply::Grpc(GrpcReply::status(8, text).metadata("retry-after", "1")),
    }
}

/// The recorded success of `step` (`list_collections` or `create_named`) over `wire`.
fn recorded_success(wire: Wire, step: &str) -> Reply {
    match wire {
        Wire::Rest => {
            let body = match step {
                "list_collections" => listed_collections_json(),
                _ => created_collection_json(),
            };
            Reply::Http(HttpReply::json(200, body))
        }
        Wire::Grpc => Reply::Grpc(GrpcReply::Message(grpc_answer(step))),
    }
}

/// A scripted answer of either protocol.
enum Reply {
    Http(HttpReply),
    Grpc(GrpcReply),
}

/// A scripted server over `wire` answering with `replies` in turn.
async fn scripted(wire: Wire, replies: Vec<Reply>) -> Upstream {
    match wire {
        Wire::Rest => Upstream::Http(
            ScriptedHttpServer::start(
                replies
                    .into_iter()
                    .map(|reply| match reply {
                        Reply::Http(reply) => reply,
                        Reply::Grpc(_) => panic!("a gRPC reply in a REST script"),
                    })
                    .collect(),
            )
            .await,
        ),
        Wire::Grpc => Upstream::Grpc(
            ScriptedGrpcServer::start(
                replies
                    .into_iter()
                    .map(|reply| match reply {
                        Reply::Grpc(reply) => reply,
                        Reply::Http(_) => panic!("a REST reply in a gRPC script"),
                    })
                    .collect(),
            )
            .await,
        ),
    }
}

/// The retries of these tests: the default three attempts, with backoffs short enough that
/// any wait of a second is the server's `Retry-After`.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_millis(50))
}

/// A client of `url` over `wire` that retries with `policy`.
fn retrying(wire: Wire, url: &str, policy: RetryPolicy) -> AsyncQdrantClient {
    builder(wire, url)
        .timeout(Duration::from_secs(5))
        .retry(policy)
        .build()
        .expect("a client of a loopback url")
}

async fn read_succeeds_after_two_unavailable(wire: Wire) {
    let server = scripted(
        wire,
        vec![
            unavailable(wire),
            unavailable(wire),
            recorded_success(wire, "list_collections"),
        ],
    )
    .await;
    let client = retrying(wire, &server_url(&server), quick_retries());
    let (result, _) = timed_list(&client).await;
    assert_eq!(result.expect("the third attempt succeeds"), 2, "{wire:?}");
    assert_eq!(server.requests(), 3, "{wire:?}: two failures, one success");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_succeeds_after_two_503_over_rest() {
    read_succeeds_after_two_unavailable(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_succeeds_after_two_unavailable_over_grpc() {
    read_succeeds_after_two_unavailable(Wire::Grpc).await;
}

async fn write_is_not_retried(wire: Wire) {
    let server = scripted(
        wire,
        vec![unavailable(wire), recorded_success(wire, "create_named")],
    )
    .await;
    let client = retrying(wire, &server_url(&server), quick_retries());
    let error = client
        .create_collection(CreateCollection::new("conf_collections_named"))
        .await
        .expect_err("the one attempt failed");
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{wire:?}: {error}");
    assert_eq!(server.requests(), 1, "{wire:?}: a Write is sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_a_collection_is_not_retried_after_503_over_rest() {
    write_is_not_retried(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_a_collection_is_not_retried_after_unavailable_over_grpc() {
    write_is_not_retried(Wire::Grpc).await;
}

async fn retry_after_is_waited_out(wire: Wire) {
    let server = scripted(
        wire,
        vec![
            rate_limited(wire),
            recorded_success(wire, "list_collections"),
        ],
    )
    .await;
    let client = retrying(wire, &server_url(&server), quick_retries());
    let (result, elapsed) = timed_list(&client).await;
    assert_eq!(result.expect("the second attempt succeeds"), 2, "{wire:?}");
    assert_eq!(server.requests(), 2, "{wire:?}");
    assert!(
        elapsed >= Duration::from_millis(950),
        "{wire:?}: retried after {elapsed:?}, before the server's retry-after of 1 s"
    );
    assert!(
        elapsed < Duration::from_secs(3),
        "{wire:?}: {elapsed:?} is far more than the 1 s asked for"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_retry_after_is_waited_out_over_rest() {
    retry_after_is_waited_out(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resource_exhausted_with_retry_after_is_waited_out_over_grpc() {
    retry_after_is_waited_out(Wire::Grpc).await;
}

fn server_url(server: &Upstream) -> String {
    format!("http://{}", server.address())
}

/// A client of a cluster of two nodes, the first at `first`, the second at `second`, retrying
/// quickly, with a cool-down long enough to last the test.
fn two_nodes(wire: Wire, first: &str, second: &str) -> AsyncQdrantClient {
    builder(wire, first)
        .failover_urls([second])
        .failover_cool_down(Duration::from_secs(30))
        .timeout(Duration::from_secs(5))
        .retry(quick_retries())
        .build()
        .expect("a client of two loopback urls")
}

async fn fails_over(wire: Wire) {
    let first = healthy_server(wire).await;
    let down = FaultProxy::start(first.address(), Fault::Refuse).await;
    let up = scripted(
        wire,
        vec![
            recorded_success(wire, "list_collections"),
            recorded_success(wire, "create_named"),
            recorded_success(wire, "list_collections"),
        ],
    )
    .await;
    let client = two_nodes(wire, &down.url(), &server_url(&up));

    let (result, elapsed) = timed_list(&client).await;
    assert_eq!(result.expect("the second node answers"), 2, "{wire:?}");
    assert!(elapsed < Duration::from_secs(1), "{wire:?}: {elapsed:?}");
    // The first node comes back, but it is cooling down: the calls keep going to the second,
    // where round-robin alone would send the next call to the first.
    down.set_fault(Fault::PassThrough).await;
    // A write may move too when the connection was refused: it never reached the first node.
    // (The first node is cooling down anyway, so this also holds on the second.)
    let created = client
        .create_collection(CreateCollection::new("conf_collections_named"))
        .await;
    assert!(created.expect("created on the second node"), "{wire:?}");
    let (result, _) = timed_list(&client).await;
    assert_eq!(result.expect("the second node answers"), 2, "{wire:?}");
    assert_eq!(
        up.requests(),
        3,
        "{wire:?}: every call reached the second node"
    );
    assert_eq!(
        first.requests(),
        0,
        "{wire:?}: the first node is cooling down"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failover_to_the_second_url_when_the_first_is_down_over_rest() {
    fails_over(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failover_to_the_second_url_when_the_first_is_down_over_grpc() {
    fails_over(Wire::Grpc).await;
}

/// A write refused at the connection moves to the next node at once: nothing reached the first.
async fn a_refused_write_moves(wire: Wire) {
    let up = scripted(wire, vec![recorded_success(wire, "create_named")]).await;
    let client = two_nodes(
        wire,
        &format!("http://{}", refused_address()),
        &server_url(&up),
    );
    let created = client
        .create_collection(CreateCollection::new("conf_collections_named"))
        .await;
    assert!(created.expect("created on the second node"), "{wire:?}");
    assert_eq!(up.requests(), 1, "{wire:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_refused_by_the_first_node_goes_to_the_second_over_rest() {
    a_refused_write_moves(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_refused_by_the_first_node_goes_to_the_second_over_grpc() {
    a_refused_write_moves(Wire::Grpc).await;
}

/// A write that may have reached a node (it answered 503 / UNAVAILABLE) is not sent to another.
async fn a_write_that_may_have_landed_does_not_move(wire: Wire) {
    let first = scripted(wire, vec![unavailable(wire)]).await;
    let second = scripted(wire, vec![recorded_success(wire, "create_named")]).await;
    let client = two_nodes(wire, &server_url(&first), &server_url(&second));
    let error = client
        .create_collection(CreateCollection::new("conf_collections_named"))
        .await
        .expect_err("the first node failed it");
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{wire:?}: {error}");
    assert_eq!(first.requests(), 1, "{wire:?}");
    assert_eq!(second.requests(), 0, "{wire:?}: not sent twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_answered_503_is_not_moved_to_another_node_over_rest() {
    a_write_that_may_have_landed_does_not_move(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_answered_unavailable_is_not_moved_to_another_node_over_grpc() {
    a_write_that_may_have_landed_does_not_move(Wire::Grpc).await;
}

/// A per-call deadline shorter than the client's cuts a hanging call at the per-call deadline.
async fn per_call_timeout(wire: Wire) {
    let server = healthy_server(wire).await;
    let proxy = FaultProxy::start(server.address(), Fault::Hang).await;
    let client = client(wire, &proxy.url(), Duration::from_secs(10));
    let (result, elapsed) = timed_list(&client.with_timeout(TIMEOUT)).await;
    let error = result.expect_err("the server never answers");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{wire:?}: {error}");
    assert!(elapsed <= bound(), "{wire:?}: timed out after {elapsed:?}");
    assert!(elapsed >= TIMEOUT.mul_f64(0.95), "{wire:?}: {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_per_call_timeout_cuts_a_hanging_call_over_rest() {
    per_call_timeout(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_per_call_timeout_cuts_a_hanging_call_over_grpc() {
    per_call_timeout(Wire::Grpc).await;
}

// ---- a bulk upload through a server restart ---------------------------------------------------

/// How long the server is down in the middle of the upload: longer than the default retry
/// policy's three quick attempts can wait, well within the upload's default patience.
const OUTAGE: Duration = Duration::from_secs(5);
const UPLOADED: u64 = 2_000;
const BATCH: usize = 20;

/// A server over `wire` that acknowledges every upsert as the real one did (`query_api/upsert`)
/// and keeps what it received.
async fn upsert_sink(wire: Wire) -> Upstream {
    let recording = Recording::load("query_api");
    match wire {
        Wire::Rest => {
            let answer = recording.rest_exchange("upsert")["response"].to_string();
            Upstream::Http(ScriptedHttpServer::start(vec![HttpReply::json(200, answer)]).await)
        }
        Wire::Grpc => {
            let encoded = recording.step("upsert")["grpc"]["exchanges"][0]["response_b64"]
                .as_str()
                .expect("a recorded gRPC upsert answer");
            let answer = STANDARD.decode(encoded).expect("recorded base64");
            Upstream::Grpc(ScriptedGrpcServer::start(vec![GrpcReply::Message(answer)]).await)
        }
    }
}

/// The point ids of each upsert the server received, in arrival order.
fn upserted_ids(upstream: &Upstream) -> Vec<Vec<u64>> {
    match upstream {
        Upstream::Http(server) => server
            .received()
            .iter()
            .map(|request| {
                let body: serde_json::Value =
                    serde_json::from_slice(&request.body).expect("a JSON upsert");
                body["points"]
                    .as_array()
                    .expect("points")
                    .iter()
                    .map(|point| point["id"].as_u64().expect("an integer id"))
                    .collect()
            })
            .collect(),
        Upstream::Grpc(server) => server
            .received()
            .iter()
            .map(|request| {
                let upsert = proto::UpsertPoints::decode(request.grpc_message())
                    .expect("an UpsertPoints message");
                upsert
                    .points
                    .iter()
                    .map(|point| {
                        match point
                            .id
                            .as_ref()
                            .and_then(|id| id.point_id_options.as_ref())
                        {
                            Some(proto::point_id::PointIdOptions::Num(id)) => *id,
                            other => panic!("not an integer id: {other:?}"),
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Uploads through a proxy that refuses every connection for [`OUTAGE`] once half the input has
/// been read, as a server does while it restarts, with the client's default settings.
async fn upload_through_a_restart(wire: Wire) {
    let upstream = upsert_sink(wire).await;
    let proxy = Arc::new(FaultProxy::start(upstream.address(), Fault::PassThrough).await);
    let client = builder(wire, &proxy.url())
        .build()
        .expect("a client of a loopback url");

    // Half-way through the input the server goes down; the input waits until it is down.
    let went_down = Arc::new(Notify::new());
    let reached_half = Arc::new(Notify::new());
    let outage = {
        let (proxy, reached_half, went_down) = (
            Arc::clone(&proxy),
            Arc::clone(&reached_half),
            Arc::clone(&went_down),
        );
        tokio::spawn(async move {
            reached_half.notified().await;
            proxy.set_fault(Fault::Refuse).await;
            went_down.notify_one();
            tokio::time::sleep(OUTAGE).await;
            proxy.set_fault(Fault::PassThrough).await;
        })
    };
    let points = futures_util::stream::iter(0..UPLOADED).then(move |i| {
        let (reached_half, went_down) = (Arc::clone(&reached_half), Arc::clone(&went_down));
        async move {
            if i == UPLOADED / 2 {
                reached_half.notify_one();
                went_down.notified().await;
            }
            PointStruct::new(i, vec![i as f32, 1.0, 0.0, 0.5], Default::default())
        }
    });

    let started = Instant::now();
    let summary = client
        .upload_points(
            UploadPoints::from_stream("conf_query", points)
                .batch_size(BATCH)
                .parallelism(2),
        )
        .await
        .unwrap_or_else(|error| panic!("{wire:?}: the upload gave up: {error}"));
    let elapsed = started.elapsed();
    outage.await.unwrap();

    let batches = UPLOADED / BATCH as u64;
    assert_eq!(
        (summary.points, summary.batches),
        (UPLOADED, batches),
        "{wire:?}"
    );
    assert!(summary.retries > 0, "{wire:?}: {summary:?}");
    assert!(
        elapsed >= OUTAGE.mul_f64(0.95),
        "{wire:?}: finished in {elapsed:?}, before the server was back"
    );

    // Every request carried exactly one whole batch; every batch arrived; and a batch arrived
    // more than once only when the client retried it (a request the server got but whose
    // answer the outage cut off).
    let requests = upserted_ids(&upstream);
    let mut arrivals = vec![0_u64; batches as usize];
    for ids in &requests {
        let first = ids[0];
        assert_eq!(
            first % BATCH as u64,
            0,
            "{wire:?}: a batch starting at {first}"
        );
        let expected: Vec<u64> = (first..first + BATCH as u64).collect();
        assert_eq!(ids, &expected, "{wire:?}: a request that is not one batch");
        arrivals[(first / BATCH as u64) as usize] += 1;
    }
    let missing: Vec<usize> = (0..arrivals.len()).filter(|&b| arrivals[b] == 0).collect();
    assert!(
        missing.is_empty(),
        "{wire:?}: batches never received: {missing:?}"
    );
    let repeats = requests.len() as u64 - batches;
    assert!(
        repeats <= summary.retries,
        "{wire:?}: {repeats} batches arrived twice but only {} retries were made",
        summary.retries
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_outlasts_a_server_restart_over_rest() {
    upload_through_a_restart(Wire::Rest).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_outlasts_a_server_restart_over_grpc() {
    upload_through_a_restart(Wire::Grpc).await;
}
