//! A lean load generator: the baseline the client benchmarks ([`crate::client`]) divide by, so
//! that their figures read as "the client's cost over the bare protocol" on whatever machine
//! runs them, rather than as absolute µs that only mean something on the hardware the targets
//! were set on.
//!
//! It speaks the same protocols to the same [`crate::servers::SinkServer`] as the facade, on
//! raw hyper 1 connections (HTTP/1.1 for REST, HTTP/2 for gRPC, over a Tokio TCP stream with
//! `TCP_NODELAY`, hyper's default HTTP/2 windows, as tonic's channel uses them), from the same
//! client thread and current-thread runtime, timed by the same thread CPU clock. What it does
//! per request is the least any client must: send a body that was encoded **before** the clock
//! started (a cheap [`Bytes`] clone), read the whole answer and check that it is not empty and,
//! over gRPC, that its `grpc-status` trailer is 0.
//!
//! What it leaves out, and what the ratio therefore charges to the client: building and
//! encoding the request (JSON or protobuf), decoding the answer, and the client's machinery:
//! connection pool, retries, timeouts, headers of its own, tracing and error mapping.
//!
//! Fairness: [`crate::client`] alternates the facade and this generator within every sample
//! round, swapping which goes first from one round to the next, so that a drift of the machine
//! (frequency, a neighbour's load) falls on both alike.

use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::client::conn::{http1, http2};
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue, TE};
use hyper::{Method, Request, Response, StatusCode, Uri};
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message as _;
use quadrant_grpc::convert::IntoProto;
use quadrant_grpc::proto;
use quadrant_models::{QueryPoints, UpsertPoints};

use crate::servers::Protocol;

/// One request, ready to send as many times as wanted: everything costly was done when it
/// was made.
#[derive(Debug, Clone)]
pub struct Prepared {
    method: Method,
    uri: Uri,
    body: Bytes,
}

impl Prepared {
    /// The body's size in bytes (gRPC frame included).
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// Whether the body is empty (it never is for the requests made here).
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }
}

/// One way to the server: an HTTP/1.1 connection, or a handle on the shared HTTP/2 connection
/// (each of which carries one stream at a time here).
enum Lane {
    Http1(http1::SendRequest<Full<Bytes>>),
    Http2(http2::SendRequest<Full<Bytes>>),
}

/// The lean client: [`LeanClient::lanes`] requests in flight at most, one per lane.
pub struct LeanClient {
    protocol: Protocol,
    /// Where the lanes connect, again when the server closed one.
    address: SocketAddr,
    /// `host:port` as the url gave it: the `Host` header of HTTP/1.1, the authority of HTTP/2.
    authority: String,
    headers: Headers,
    lanes: Vec<Lane>,
}

/// The headers a lane sends beside the protocol's own.
#[derive(Clone)]
struct Headers {
    /// `Host` for HTTP/1.1 (HTTP/2 carries the authority in the URI).
    host: HeaderValue,
    /// `api-key`, for a server that wants one.
    api_key: Option<HeaderValue>,
}

/// One lane of a [`LeanClient`], on its own: one request in flight at a time, for callers
/// that hand lanes to tasks of their own ([`LeanClient::into_lanes`]).
pub struct LeanLane {
    protocol: Protocol,
    address: SocketAddr,
    headers: Headers,
    lane: Lane,
}

impl LeanLane {
    /// Sends `request` and reads its whole answer; the answer's body size.
    ///
    /// # Errors
    ///
    /// When the exchange fails, the status is not a success or the answer is empty.
    pub async fn send(&mut self, request: &Prepared) -> Result<usize, String> {
        let peer = Peer {
            protocol: self.protocol,
            address: self.address,
            headers: &self.headers,
        };
        exchange(&peer, &mut self.lane, request).await
    }
}

impl LeanClient {
    /// Connects to the server at `url` (`http://HOST:PORT`, as
    /// [`crate::servers::SinkServer::url`] gives it, or a real server's) with `lanes` requests
    /// in flight at most: that many HTTP/1.1 connections for REST, or that many concurrent
    /// streams on one HTTP/2 connection for gRPC. Must run inside a Tokio runtime, which
    /// drives the connections. Plain http only: the generator speaks no TLS.
    ///
    /// # Errors
    ///
    /// When the url is not such an address, the host does not resolve, or the connection or
    /// handshake fails.
    pub async fn connect(protocol: Protocol, url: &str, lanes: usize) -> Result<Self, String> {
        let authority = url
            .strip_prefix("http://")
            .map(|rest| rest.trim_end_matches('/'))
            .filter(|authority| !authority.is_empty() && !authority.contains('/'))
            .ok_or_else(|| format!("`{url}` is not an http://HOST:PORT url"))?
            .to_owned();
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host(authority.as_str())
            .await
            .map_err(|error| format!("cannot resolve `{authority}`: {error}"))?
            .collect();
        // The first address that takes a connection (`localhost` may give ::1 before
        // 127.0.0.1); every lane then uses it.
        let mut first = None;
        let mut refused = Vec::new();
        for address in addresses {
            match open(address).await {
                Ok(stream) => {
                    first = Some((address, stream));
                    break;
                }
                Err(error) => refused.push(error),
            }
        }
        let (address, first) = first.ok_or_else(|| {
            if refused.is_empty() {
                format!("`{authority}` resolves to no address")
            } else {
                refused.join("; ")
            }
        })?;
        let host = HeaderValue::from_str(&authority)
            .map_err(|error| format!("`{authority}` cannot be a Host header: {error}"))?;
        let lanes = lanes.max(1);
        let mut made = Vec::with_capacity(lanes);
        match protocol {
            Protocol::Rest => {
                made.push(Lane::Http1(http1_handshake(first).await?));
                for _ in 1..lanes {
                    made.push(Lane::Http1(http1_handshake(open(address).await?).await?));
                }
            }
            Protocol::Grpc => {
                let shared = http2_handshake(first).await?;
                made.extend((0..lanes).map(|_| Lane::Http2(shared.clone())));
            }
        }
        Ok(LeanClient {
            protocol,
            address,
            authority,
            headers: Headers {
                host,
                api_key: None,
            },
            lanes: made,
        })
    }

    /// Sends `key` as the `api-key` header of every request.
    ///
    /// # Errors
    ///
    /// When `key` cannot be a header value.
    pub fn api_key(mut self, key: &str) -> Result<Self, String> {
        let mut value =
            HeaderValue::from_str(key).map_err(|_| "the api key cannot be a header value")?;
        value.set_sensitive(true);
        self.headers.api_key = Some(value);
        Ok(self)
    }

    /// The lanes, each on its own, for callers that run one task per lane.
    pub fn into_lanes(self) -> Vec<LeanLane> {
        let (protocol, address, headers) = (self.protocol, self.address, self.headers);
        self.lanes
            .into_iter()
            .map(|lane| LeanLane {
                protocol,
                address,
                headers: headers.clone(),
                lane,
            })
            .collect()
    }

    /// How many requests can be in flight at once.
    pub fn lanes(&self) -> usize {
        self.lanes.len()
    }

    /// `query`, encoded as the facade's transport would send it: JSON to
    /// `POST /collections/{collection}/points/query` (the request's collection), or the framed
    /// protobuf to `/qdrant.Points/Query`.
    ///
    /// # Errors
    ///
    /// When the request cannot be encoded.
    pub fn query(&self, query: &QueryPoints) -> Result<Prepared, String> {
        match self.protocol {
            Protocol::Rest => {
                let body = serde_json::to_vec(query)
                    .map_err(|error| format!("cannot encode the query as JSON: {error}"))?;
                let path = format!("/collections/{}/points/query", query.collection_name);
                self.prepared(Method::POST, &path, body)
            }
            Protocol::Grpc => {
                let message: proto::QueryPoints = query
                    .clone()
                    .into_proto()
                    .map_err(|error| format!("cannot encode the query as protobuf: {error}"))?;
                self.prepared(
                    Method::POST,
                    "/qdrant.Points/Query",
                    grpc_frame(&message.encode_to_vec())?,
                )
            }
        }
    }

    /// `upsert`, encoded as the facade's transport would send it: JSON to
    /// `PUT /collections/{collection}/points?wait=true` (the request's collection), or the
    /// framed protobuf to `/qdrant.Points/Upsert`.
    ///
    /// # Errors
    ///
    /// When the request cannot be encoded.
    pub fn upsert(&self, upsert: &UpsertPoints) -> Result<Prepared, String> {
        match self.protocol {
            Protocol::Rest => {
                let body = serde_json::to_vec(upsert)
                    .map_err(|error| format!("cannot encode the upsert as JSON: {error}"))?;
                let path = format!("/collections/{}/points?wait=true", upsert.collection_name);
                self.prepared(Method::PUT, &path, body)
            }
            Protocol::Grpc => {
                let message: proto::UpsertPoints = upsert
                    .clone()
                    .into_proto()
                    .map_err(|error| format!("cannot encode the upsert as protobuf: {error}"))?;
                self.prepared(
                    Method::POST,
                    "/qdrant.Points/Upsert",
                    grpc_frame(&message.encode_to_vec())?,
                )
            }
        }
    }

    fn prepared(&self, method: Method, path: &str, body: Vec<u8>) -> Result<Prepared, String> {
        // HTTP/1.1 sends the origin form with a Host header; HTTP/2 wants the scheme and
        // authority in the URI, from which hyper makes the pseudo-headers.
        let uri = match self.protocol {
            Protocol::Rest => path.to_owned(),
            Protocol::Grpc => format!("http://{}{path}", self.authority),
        };
        let uri: Uri = uri
            .parse()
            .map_err(|error| format!("`{uri}` is not a valid URI: {error}"))?;
        Ok(Prepared {
            method,
            uri,
            body: Bytes::from(body),
        })
    }

    /// Sends `request` once on the first lane and reads its answer; the answer's body size.
    ///
    /// # Errors
    ///
    /// When the exchange fails, the status is not a success or the answer is empty.
    pub async fn send(&mut self, request: &Prepared) -> Result<usize, String> {
        let peer = Peer {
            protocol: self.protocol,
            address: self.address,
            headers: &self.headers,
        };
        let lane = self
            .lanes
            .first_mut()
            .ok_or_else(|| "the lean client has no connection".to_owned())?;
        exchange(&peer, lane, request).await
    }

    /// Sends `request` `count` times, one lane after another in turn so that every lane
    /// keeps one request in flight, and reads every answer.
    ///
    /// # Errors
    ///
    /// The first failed exchange.
    pub async fn send_many(&mut self, request: &Prepared, count: usize) -> Result<(), String> {
        let lanes = self.lanes.len().max(1);
        let peer = Peer {
            protocol: self.protocol,
            address: self.address,
            headers: &self.headers,
        };
        let peer = &peer;
        let runs = self.lanes.iter_mut().enumerate().map(|(index, lane)| {
            // Lane `index` takes every `lanes`-th request from `index` on.
            let share = count / lanes + usize::from(index < count % lanes);
            async move {
                for _ in 0..share {
                    exchange(peer, lane, request).await?;
                }
                Ok::<(), String>(())
            }
        });
        futures_util::future::try_join_all(runs).await?;
        Ok(())
    }
}

async fn open(address: SocketAddr) -> Result<tokio::net::TcpStream, String> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|error| format!("cannot connect to {address}: {error}"))?;
    stream
        .set_nodelay(true)
        .map_err(|error| format!("cannot set TCP_NODELAY: {error}"))?;
    Ok(stream)
}

/// An HTTP/1.1 connection on `stream`, driven by a task of its own.
async fn http1_handshake(
    stream: tokio::net::TcpStream,
) -> Result<http1::SendRequest<Full<Bytes>>, String> {
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|error| format!("HTTP/1.1 handshake failed: {error}"))?;
    // The connection ends when its sender is dropped; nothing to report then.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// An HTTP/2 connection on `stream`, driven by a task of its own; its sender can be shared.
async fn http2_handshake(
    stream: tokio::net::TcpStream,
) -> Result<http2::SendRequest<Full<Bytes>>, String> {
    let (sender, connection) = http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
        .await
        .map_err(|error| format!("HTTP/2 handshake failed: {error}"))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

impl Lane {
    /// Whether the server closed the connection (an idle HTTP/1.1 connection past the
    /// server's keep-alive, Qdrant's is 5 s).
    fn is_closed(&self) -> bool {
        match self {
            Lane::Http1(sender) => sender.is_closed(),
            Lane::Http2(sender) => sender.is_closed(),
        }
    }

    /// Waits until the connection can take a request; an error when it closed.
    async fn ready(&mut self) -> Result<(), hyper::Error> {
        match self {
            Lane::Http1(sender) => sender.ready().await,
            Lane::Http2(sender) => sender.ready().await,
        }
    }
}

/// Who a lane talks to: the protocol, the address to connect again, and the headers to send.
struct Peer<'a> {
    protocol: Protocol,
    address: SocketAddr,
    headers: &'a Headers,
}

/// One request and its whole answer, which is read frame by frame and not kept. A lane whose
/// connection the server closed connects again first, as a pooling client does.
async fn exchange(peer: &Peer<'_>, lane: &mut Lane, prepared: &Prepared) -> Result<usize, String> {
    // The previous answer was read to its end, but the connection may need a turn of its task
    // to take the next request; a connection the server closed meanwhile is made again.
    if lane.is_closed() || lane.ready().await.is_err() {
        let stream = open(peer.address).await?;
        *lane = match peer.protocol {
            Protocol::Rest => Lane::Http1(http1_handshake(stream).await?),
            Protocol::Grpc => Lane::Http2(http2_handshake(stream).await?),
        };
        lane.ready()
            .await
            .map_err(|error| format!("a new connection closed at once: {error}"))?;
    }
    let (protocol, extra) = (peer.protocol, peer.headers);
    let mut request = Request::new(Full::new(prepared.body.clone()));
    *request.method_mut() = prepared.method.clone();
    *request.uri_mut() = prepared.uri.clone();
    let headers = request.headers_mut();
    match protocol {
        Protocol::Rest => {
            headers.insert(HOST, extra.host.clone());
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Protocol::Grpc => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/grpc"));
            headers.insert(TE, HeaderValue::from_static("trailers"));
        }
    }
    if let Some(key) = &extra.api_key {
        headers.insert("api-key", key.clone());
    }
    let response = match lane {
        Lane::Http1(sender) => sender.send_request(request).await,
        Lane::Http2(sender) => sender.send_request(request).await,
    }
    .map_err(|error| format!("the request failed: {error}"))?;
    read_answer(protocol, response).await
}

async fn read_answer(protocol: Protocol, response: Response<Incoming>) -> Result<usize, String> {
    if response.status() != StatusCode::OK {
        return Err(format!("the sink answered {}", response.status()));
    }
    // A gRPC error may come as a trailers-only answer, with its status among the headers.
    let mut grpc_status = response.headers().get("grpc-status").cloned();
    let mut body = response.into_body();
    let mut length = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| format!("reading the answer failed: {error}"))?;
        match frame.into_data() {
            Ok(data) => length += data.len(),
            Err(frame) => {
                if let Ok(trailers) = frame.into_trailers()
                    && let Some(status) = trailers.get("grpc-status")
                {
                    grpc_status = Some(status.clone());
                }
            }
        }
    }
    if protocol == Protocol::Grpc && grpc_status.as_ref().map(HeaderValue::as_bytes) != Some(b"0") {
        return Err(format!(
            "the gRPC answer's status is {grpc_status:?}, not 0"
        ));
    }
    if length == 0 {
        return Err("the answer is empty".to_owned());
    }
    Ok(length)
}

/// A gRPC message frame: not compressed, the length, the message.
fn grpc_frame(message: &[u8]) -> Result<Vec<u8>, String> {
    let length = u32::try_from(message.len()).map_err(|_| "a gRPC message over 4 GiB")?;
    let mut framed = Vec::with_capacity(message.len() + 5);
    framed.push(0);
    framed.extend_from_slice(&length.to_be_bytes());
    framed.extend_from_slice(message);
    Ok(framed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{self, Rng};
    use crate::servers::SinkServer;

    /// Against each sink: the query is answered with the canned answer's bytes, and the sink
    /// reads every byte of the uploads sent over both lanes.
    #[test]
    fn the_lean_client_talks_to_both_sinks() {
        for protocol in [Protocol::Rest, Protocol::Grpc] {
            let answer = data::query_response(&mut Rng::new(3), 10, 0);
            let server = SinkServer::start(protocol, &answer).unwrap();
            let url = server.url();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let (answer_bytes, upload_bytes) = runtime.block_on(async {
                let mut client = LeanClient::connect(protocol, &url, 2).await.unwrap();
                assert_eq!(client.lanes(), 2);
                let query = client
                    .query(&QueryPoints::new(data::COLLECTION).query(vec![0.5_f32; 4]))
                    .unwrap();
                let answer_bytes = client.send(&query).await.unwrap();
                let upsert = client
                    .upsert(&data::upsert(&mut Rng::new(4), 0, 3, 8))
                    .unwrap();
                client.send_many(&upsert, 5).await.unwrap();
                (answer_bytes, query.len() + 5 * upsert.len())
            });
            let canned = match protocol {
                Protocol::Rest => data::rest_envelope(&answer).len(),
                Protocol::Grpc => {
                    let message: proto::QueryResponse = answer.into_proto().unwrap();
                    message.encoded_len() + 5
                }
            };
            assert_eq!(answer_bytes, canned, "{}", protocol.name());
            assert_eq!(
                server.received_bytes(),
                upload_bytes as u64,
                "{}",
                protocol.name()
            );
        }
    }

    /// A server that closes each connection after one answer (as Qdrant closes an idle
    /// HTTP/1.1 connection): the lane connects again for the next request.
    #[test]
    fn a_lane_connects_again_when_the_server_closed_it() {
        use std::io::{Read as _, Write as _};

        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            for _ in 0..3 {
                let (mut stream, _) = listener.accept().unwrap();
                // The whole request: its headers, then as many bytes as its content-length.
                let mut seen = Vec::new();
                let mut buffer = [0_u8; 4096];
                let complete = |seen: &[u8]| {
                    let text = String::from_utf8_lossy(seen).to_ascii_lowercase();
                    text.find("\r\n\r\n").is_some_and(|end| {
                        let length = text
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        seen.len() >= end + 4 + length
                    })
                };
                while !complete(&seen) {
                    let read = stream.read(&mut buffer).unwrap();
                    assert!(read > 0, "the request ended early");
                    seen.extend_from_slice(&buffer[..read]);
                }
                stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
                    )
                    .unwrap();
            }
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut client = LeanClient::connect(Protocol::Rest, &url, 1).await.unwrap();
            let query = client
                .query(&QueryPoints::new("docs").query(vec![0.5_f32; 4]))
                .unwrap();
            for _ in 0..3 {
                assert_eq!(client.send(&query).await.unwrap(), 2);
            }
        });
        server.join().unwrap();
    }

    /// A server named by host, with an api key: each lane taken on its own exchanges with it;
    /// an https url is refused, since the generator speaks no TLS.
    #[test]
    fn lanes_taken_apart_each_talk_to_a_server_named_by_host() {
        for protocol in [Protocol::Rest, Protocol::Grpc] {
            let answer = data::query_response(&mut Rng::new(5), 3, 0);
            let server = SinkServer::start(protocol, &answer).unwrap();
            let url = format!("http://localhost:{}/", server.port());
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let client = LeanClient::connect(protocol, &url, 3)
                    .await
                    .unwrap()
                    .api_key("secret")
                    .unwrap();
                let query = client
                    .query(&QueryPoints::new("elsewhere").query(vec![0.5_f32; 4]))
                    .unwrap();
                let mut lanes = client.into_lanes();
                assert_eq!(lanes.len(), 3);
                for lane in &mut lanes {
                    assert!(lane.send(&query).await.unwrap() > 0, "{}", protocol.name());
                }
                let error = LeanClient::connect(protocol, "https://localhost:1", 1)
                    .await
                    .err()
                    .unwrap();
                assert!(error.contains("http://HOST:PORT"), "{error}");
            });
        }
    }
}
