//! A replay gRPC server: answers calls with the gRPC exchanges recorded from a real Qdrant
//! 1.18.3 (`tests/fixtures/conformance/*.json`), so the gRPC transport is tested against what the
//! real server said, without running one.
//!
//! The generated code has no server stubs, so this is a bare HTTP/2 server (hyper) that serves
//! any path: it reads the one gRPC message of a unary call (un-gzipping it when the client
//! compressed it), and answers with the first not yet used recording of the same method whose
//! request is the same protobuf message (decoded with the method's generated type, so map order
//! and absent-versus-default compare as protobuf compares them) and whose `api-key` expectation
//! holds. A recorded success is answered with its `response_b64`; a recorded failure with its
//! status, message and trailing metadata (`retry-after`). A call that matches no recording is
//! answered `INTERNAL` with a message that names the call and the closest recordings, so the
//! failing test explains itself.
//!
//! Self-contained on purpose (it only needs the fixtures, the generated messages, hyper and
//! tokio), so that it can move to the shared behaviour suite.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt::Debug;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message;
use quadrant_grpc::proto;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What a recorded call expects of the `api-key` metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiKey {
    /// The recording says nothing about keys: any or none.
    Any,
    /// No key was sent.
    Absent,
    /// This key was sent.
    Exactly(String),
    /// A key was sent that is none of these (the server's valid keys).
    NoneOf(Vec<String>),
}

impl ApiKey {
    fn accepts(&self, sent: Option<&str>) -> bool {
        match self {
            ApiKey::Any => true,
            ApiKey::Absent => sent.is_none(),
            ApiKey::Exactly(key) => sent == Some(key),
            ApiKey::NoneOf(keys) => sent.is_some_and(|sent| !keys.iter().any(|key| key == sent)),
        }
    }
}

/// One recorded gRPC call and the real server's answer.
#[derive(Debug, Clone)]
pub struct RecordedCall {
    /// The scenario and step it was recorded in, such as `errors/error_create_existing`.
    pub step: String,
    /// The method path, such as `/qdrant.Points/Query`.
    pub rpc: String,
    /// The request message as sent.
    pub request: Vec<u8>,
    /// The status name, such as `OK` or `NOT_FOUND`.
    pub status: String,
    /// The answer message, for a success.
    pub response: Vec<u8>,
    /// The status message, for a failure.
    pub details: String,
    /// The trailing metadata of a failure, such as `retry-after`.
    pub trailers: BTreeMap<String, String>,
    /// What the call expects of the `api-key` metadata.
    pub api_key: ApiKey,
}

/// The folder that holds the recorded scenarios, `tests/fixtures/conformance`.
pub fn fixtures_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .flat_map(|dir| {
            [
                dir.join("fixtures/conformance"),
                dir.join("tests/fixtures/conformance"),
            ]
        })
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| panic!("no fixtures/conformance above {}", manifest.display()))
}

/// Every recorded gRPC call of `scenario` (`fixtures/conformance/<scenario>.json`), in order.
///
/// Steps that name the key they were sent with (`client_key`: admin, read-only, none, wrong)
/// expect that key, read from the scenario's `server_config`.
///
/// # Panics
///
/// When the file is missing or not a recording: the fixtures are part of the repository.
pub fn load_grpc_calls(scenario: &str) -> Vec<RecordedCall> {
    let path = fixtures_dir().join(format!("{scenario}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let recording: Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()));
    let config = &recording["server_config"];
    let key = |name: &str| config[name].as_str().map(str::to_owned);
    let valid_keys: Vec<String> = ["api_key", "read_only_api_key"]
        .into_iter()
        .filter_map(key)
        .collect();
    let bytes = |value: &Value| {
        STANDARD
            .decode(value.as_str().unwrap_or_default())
            .unwrap_or_else(|error| panic!("{}: bad base64: {error}", path.display()))
    };

    let mut calls = Vec::new();
    for step in recording["steps"].as_array().into_iter().flatten() {
        let name = step["name"].as_str().unwrap_or_default();
        let api_key = match step["client_key"].as_str() {
            None => ApiKey::Any,
            Some("no key") => ApiKey::Absent,
            Some("wrong key") => ApiKey::NoneOf(valid_keys.clone()),
            Some("admin key") => key("api_key").map_or(ApiKey::Any, ApiKey::Exactly),
            Some("read-only key") => key("read_only_api_key").map_or(ApiKey::Any, ApiKey::Exactly),
            Some(other) => panic!("{scenario}/{name}: unknown client_key `{other}`"),
        };
        for exchange in step["grpc"]["exchanges"].as_array().into_iter().flatten() {
            let Some(rpc) = exchange["rpc"].as_str() else {
                continue;
            };
            calls.push(RecordedCall {
                step: format!("{scenario}/{name}"),
                rpc: rpc.to_owned(),
                request: bytes(&exchange["request_b64"]),
                status: exchange["status"].as_str().unwrap_or("OK").to_owned(),
                response: bytes(&exchange["response_b64"]),
                details: exchange["details"].as_str().unwrap_or_default().to_owned(),
                trailers: exchange["trailers"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
                    .collect(),
                api_key: api_key.clone(),
            });
        }
    }
    calls
}

/// One call the server received.
#[derive(Debug, Clone)]
pub struct ReceivedCall {
    /// The method path.
    pub rpc: String,
    /// Whether the request message arrived gzip-compressed.
    pub compressed: bool,
    /// Whether the client accepted gzip-compressed answers (and so got them).
    pub accepts_gzip: bool,
    /// Whether an `api-key` was sent (its value is not kept).
    pub with_api_key: bool,
    /// The `grpc-timeout` the client sent, as written.
    pub grpc_timeout: Option<String>,
    /// The recorded step that answered it, or `None` when none matched.
    pub answered_by: Option<String>,
}

#[derive(Default)]
struct State {
    calls: Vec<RecordedCall>,
    used: Vec<bool>,
    received: Vec<ReceivedCall>,
}

/// A replay gRPC server on `127.0.0.1` and a free port, stopped when dropped.
pub struct ReplayServer {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl ReplayServer {
    /// Starts a server that answers with `calls`. Must be called inside a Tokio runtime.
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    pub async fn start(calls: Vec<RecordedCall>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free local port");
        let address = listener.local_addr().expect("a bound address");
        let state = Arc::new(Mutex::new(State {
            used: vec![false; calls.len()],
            calls,
            received: Vec::new(),
        }));
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(answer(&state, request).await) }
                    });
                    // A client that goes away ends its connection; nothing to report.
                    let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self {
            address,
            state,
            task,
        }
    }

    /// The address to give the gRPC transport, such as `http://127.0.0.1:50123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The calls received so far, in order.
    pub fn received(&self) -> Vec<ReceivedCall> {
        lock(&self.state).received.clone()
    }

    /// The recorded calls of these methods that no call has used yet, as `step (rpc)`.
    pub fn unused(&self, rpcs: &[&str]) -> Vec<String> {
        let state = lock(&self.state);
        state
            .calls
            .iter()
            .zip(&state.used)
            .filter(|(call, used)| !**used && rpcs.contains(&call.rpc.as_str()))
            .map(|(call, _)| format!("{} ({})", call.step, call.rpc))
            .collect()
    }
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A test that panicked while holding the lock leaves the state as it was; keep using it.
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

type Body = BoxBody<Bytes, Infallible>;

/// Answers one HTTP/2 request as a unary gRPC call.
async fn answer(state: &Mutex<State>, request: Request<Incoming>) -> Response<Body> {
    let rpc = request.uri().path().to_owned();
    let headers = request.headers().clone();
    let api_key = headers
        .get("api-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    // Qdrant compresses its answers with gzip when the client accepts it.
    let gzip_answers = headers
        .get("grpc-accept-encoding")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accepted| {
            accepted
                .split(',')
                .any(|encoding| encoding.trim() == "gzip")
        });
    let grpc_timeout = headers
        .get("grpc-timeout")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(error) => return failure(13, &format!("replay: cannot read the request: {error}")),
    };
    let (compressed, message) = match unframe(&body) {
        Ok(unframed) => unframed,
        Err(problem) => return failure(13, &format!("replay: {rpc}: {problem}")),
    };

    let mut state = lock(state);
    let found = (0..state.calls.len()).find(|&index| {
        let call = &state.calls[index];
        !state.used[index]
            && call.rpc == rpc
            && call.api_key.accepts(api_key.as_deref())
            && same_message(&rpc, &call.request, &message)
    });
    let answered_by = found.map(|index| state.calls[index].step.clone());
    state.received.push(ReceivedCall {
        rpc: rpc.clone(),
        compressed,
        accepts_gzip: gzip_answers,
        with_api_key: api_key.is_some(),
        grpc_timeout,
        answered_by,
    });
    let Some(index) = found else {
        let explanation = explain_miss(&state, &rpc, &message, api_key.as_deref());
        return failure(13, &explanation);
    };
    state.used[index] = true;
    let call = &state.calls[index];
    if call.status == "OK" {
        success(&call.response, gzip_answers)
    } else {
        let mut response = failure(status_code(&call.status), &call.details);
        for (name, value) in &call.trailers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::try_from(name.as_str()),
                HeaderValue::try_from(value.as_str()),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// Reads the one length-prefixed message of a unary call: a compressed flag, a 4-byte
/// big-endian length, and the message, gzip-compressed when the flag is set.
fn unframe(body: &[u8]) -> Result<(bool, Vec<u8>), String> {
    let Some((header, rest)) = body.split_first_chunk::<5>() else {
        return Err(format!(
            "a gRPC frame needs 5 header bytes, got {}",
            body.len()
        ));
    };
    let length = u32::from_be_bytes([header[1], header[2], header[3], header[4]]) as usize;
    let Some(payload) = rest.get(..length) else {
        return Err(format!(
            "the frame says {length} bytes, {} arrived",
            rest.len()
        ));
    };
    match header[0] {
        0 => Ok((false, payload.to_vec())),
        1 => {
            let mut message = Vec::new();
            flate2::read::GzDecoder::new(payload)
                .read_to_end(&mut message)
                .map_err(|error| format!("the compressed message is not gzip: {error}"))?;
            Ok((true, message))
        }
        flag => Err(format!("unknown compressed flag {flag}")),
    }
}

/// Writes one length-prefixed message, gzip-compressed when `gzip` is set.
fn frame(message: &[u8], gzip: bool) -> Bytes {
    let compressed;
    let message = if gzip {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(message).expect("writing to memory");
        compressed = encoder.finish().expect("writing to memory");
        compressed.as_slice()
    } else {
        message
    };
    let length = u32::try_from(message.len()).expect("a message under 4 GiB");
    let mut framed = Vec::with_capacity(message.len() + 5);
    framed.push(u8::from(gzip));
    framed.extend_from_slice(&length.to_be_bytes());
    framed.extend_from_slice(message);
    Bytes::from(framed)
}

fn grpc_headers(response: &mut Response<Body>) {
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/grpc"));
}

/// A successful answer: the message, then `grpc-status: 0` in the trailers.
fn success(message: &[u8], gzip: bool) -> Response<Body> {
    let mut trailers = HeaderMap::new();
    trailers.insert("grpc-status", HeaderValue::from_static("0"));
    let body = Full::new(frame(message, gzip))
        .with_trailers(std::future::ready(Some(Ok(trailers))))
        .boxed();
    let mut response = Response::new(body);
    grpc_headers(&mut response);
    if gzip {
        response
            .headers_mut()
            .insert("grpc-encoding", HeaderValue::from_static("gzip"));
    }
    response
}

/// A failed call, answered "trailers-only" as Qdrant's tonic server does: the status, message
/// and metadata in the headers, and no body.
fn failure(code: u16, message: &str) -> Response<Body> {
    let mut response = Response::new(Empty::new().boxed());
    grpc_headers(&mut response);
    let headers = response.headers_mut();
    headers.insert("grpc-status", HeaderValue::from(code));
    if let Ok(message) = HeaderValue::try_from(percent_encode(message)) {
        headers.insert("grpc-message", message);
    }
    response
}

/// gRPC's encoding of `grpc-message`: bytes outside printable ASCII, and `%`, as `%XX`.
fn percent_encode(message: &str) -> String {
    let mut encoded = String::with_capacity(message.len());
    for byte in message.bytes() {
        if (0x20..=0x7e).contains(&byte) && byte != b'%' {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

fn status_code(name: &str) -> u16 {
    match name {
        "OK" => 0,
        "CANCELLED" => 1,
        "INVALID_ARGUMENT" => 3,
        "DEADLINE_EXCEEDED" => 4,
        "NOT_FOUND" => 5,
        "ALREADY_EXISTS" => 6,
        "PERMISSION_DENIED" => 7,
        "RESOURCE_EXHAUSTED" => 8,
        "FAILED_PRECONDITION" => 9,
        "ABORTED" => 10,
        "OUT_OF_RANGE" => 11,
        "UNIMPLEMENTED" => 12,
        "INTERNAL" => 13,
        "UNAVAILABLE" => 14,
        "DATA_LOSS" => 15,
        "UNAUTHENTICATED" => 16,
        _ => 2,
    }
}

/// Something done with the protobuf request type of an RPC: decoding recorded and received
/// requests with it.
trait WithRequest {
    /// What it gives.
    type Output;
    /// Does it with `M`, the RPC's request message.
    fn with<M: Message + Default + PartialEq + Debug>(self) -> Self::Output;
}

/// Generates `with_request_type` from the gRPC column of the operation table.
macro_rules! request_types {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:tt) -> $response:ty, $retry:ident,
            rest($http:ident $path:literal [$($param:ident),*] ?[$($query:ident),*]
                $($body:ident)? => $answer:ident),
            grpc($($rpc:literal, $grpc_request:ident -> $grpc_response:ident)?)
            $(, deprecated($note:literal))?;
    )*) => {
        /// Does `action` with the request message of `rpc`, such as `/qdrant.Points/Query`, as the
        /// operation table names it; `None` for a method the table does not have.
        fn with_request_type<A: WithRequest>(rpc: &str, action: A) -> Option<A::Output> {
            match rpc {
                $($($rpc => Some(action.with::<proto::$grpc_request>()),)?)*
                _ => None,
            }
        }
    };
}

quadrant_transport::for_each_operation!(request_types);

/// Whether two requests of `rpc` are the same message. Known methods compare decoded messages,
/// so that map order and absent-versus-default do not matter; others compare bytes.
fn same_message(rpc: &str, recorded: &[u8], received: &[u8]) -> bool {
    /// Whether both decode, as the same message.
    struct DecodedEqual<'a>(&'a [u8], &'a [u8]);
    impl WithRequest for DecodedEqual<'_> {
        type Output = bool;
        fn with<M: Message + Default + PartialEq + Debug>(self) -> bool {
            match (M::decode(self.0), M::decode(self.1)) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            }
        }
    }
    match rpc {
        "/qdrant.Points/Recommend" => {
            equal_as_read::<proto::RecommendPoints>(recorded, received, |message| {
                for vector in message
                    .positive_vectors
                    .iter_mut()
                    .chain(&mut message.negative_vectors)
                {
                    current_vector_form(vector);
                }
            })
        }
        "/qdrant.Points/Query" => {
            equal_as_read::<proto::QueryPoints>(recorded, received, |message| {
                if let Some(params) = &mut message.params
                    && params.indexed_only == Some(false)
                {
                    params.indexed_only = None;
                }
            })
        }
        _ => {
            with_request_type(rpc, DecodedEqual(recorded, received)).unwrap_or(recorded == received)
        }
    }
}

/// Whether two requests are the same once `as_read` has written both in the one form that
/// Qdrant reads the same as the other: the server, not the bytes, decides what a request means.
fn equal_as_read<M: Message + Default + PartialEq>(
    recorded: &[u8],
    received: &[u8],
    as_read: impl Fn(&mut M),
) -> bool {
    match (M::decode(recorded), M::decode(received)) {
        (Ok(mut recorded), Ok(mut received)) => {
            as_read(&mut recorded);
            as_read(&mut received);
            recorded == received
        }
        _ => false,
    }
}

/// Writes a dense vector sent in the deprecated `data` form (as the recording client sends
/// recommend examples) in the current `dense` form (as quadrant sends them).
#[allow(
    deprecated,
    reason = "the deprecated form is what the recording client sent"
)]
fn current_vector_form(vector: &mut proto::Vector) {
    if vector.vector.is_none()
        && !vector.data.is_empty()
        && vector.indices.is_none()
        && vector.vectors_count.is_none()
    {
        let data = std::mem::take(&mut vector.data);
        vector.vector = Some(proto::vector::Vector::Dense(proto::DenseVector { data }));
    }
}

/// A request as text, for messages.
fn describe(rpc: &str, message: &[u8]) -> String {
    /// The decoded message, or what is wrong with it.
    struct Decoded<'a>(&'a [u8]);
    impl WithRequest for Decoded<'_> {
        type Output = String;
        fn with<M: Message + Default + PartialEq + Debug>(self) -> String {
            M::decode(self.0).map_or_else(
                |error| format!("<{} bytes that do not decode: {error}>", self.0.len()),
                |message| format!("{message:?}"),
            )
        }
    }
    with_request_type(rpc, Decoded(message)).unwrap_or_else(|| format!("<{} bytes>", message.len()))
}

fn explain_miss(state: &State, rpc: &str, message: &[u8], api_key: Option<&str>) -> String {
    let key = if api_key.is_some() { "with" } else { "without" };
    let mut explanation = format!(
        "replay: no recorded call matches {rpc} {key} an api key: {}",
        describe(rpc, message)
    );
    let candidates: Vec<String> = state
        .calls
        .iter()
        .zip(&state.used)
        .filter(|(call, used)| !**used && call.rpc == rpc)
        .take(3)
        .map(|(call, _)| {
            let key_problem = if call.api_key.accepts(api_key) {
                ""
            } else {
                " (expects another api key)"
            };
            format!(
                "\n  unused {}{key_problem}: {}",
                call.step,
                describe(rpc, &call.request)
            )
        })
        .collect();
    if candidates.is_empty() {
        explanation.push_str("\n  no unused recording of this method is left");
    } else {
        explanation.extend(candidates);
    }
    explanation
}
