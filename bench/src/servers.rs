//! In-process servers for the client benchmarks: a sink that reads every request body to its
//! end and answers a canned reply, over HTTP/1 in Qdrant's REST shape or over HTTP/2 in its
//! gRPC shape.
//!
//! Each server runs on a thread and a single-threaded runtime of its own, so that the client's
//! thread, whose CPU time is measured, does none of the server's work.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body as _, Incoming};
use hyper::header::{HeaderMap, HeaderValue};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message as _;
use quadrant_grpc::convert::IntoProto;
use quadrant_grpc::proto;
use quadrant_models::QueryResponse;
use tokio::sync::oneshot;

use crate::data;

/// Which of Qdrant's APIs a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// JSON over HTTP/1.1.
    Rest,
    /// Protobuf over HTTP/2 with gRPC framing.
    Grpc,
}

impl Protocol {
    /// `rest` or `grpc`, as benchmark names write it.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Rest => "rest",
            Protocol::Grpc => "grpc",
        }
    }
}

/// The canned answers, encoded once.
struct Answers {
    /// The answer to an upsert: Qdrant's "completed" update result.
    upsert: Bytes,
    /// The answer to a query.
    query: Bytes,
}

impl Answers {
    fn new(protocol: Protocol, query: &QueryResponse) -> std::io::Result<Self> {
        Ok(match protocol {
            Protocol::Rest => Answers {
                upsert: Bytes::from_static(
                    br#"{"result":{"operation_id":1,"status":"completed"},"status":"ok","time":0.0}"#,
                ),
                query: Bytes::from(data::rest_envelope(query)),
            },
            Protocol::Grpc => {
                let upsert = proto::PointsOperationResponse {
                    result: Some(proto::UpdateResult {
                        operation_id: Some(1),
                        status: proto::UpdateStatus::Completed as i32,
                    }),
                    time: 0.0,
                    usage: None,
                };
                let query: proto::QueryResponse = query
                    .clone()
                    .into_proto()
                    .map_err(|error| std::io::Error::other(error.to_string()))?;
                Answers {
                    upsert: grpc_frame(&upsert.encode_to_vec())?,
                    query: grpc_frame(&query.encode_to_vec())?,
                }
            }
        })
    }
}

/// A gRPC message frame: no compression, the length, the message.
fn grpc_frame(message: &[u8]) -> std::io::Result<Bytes> {
    let length = u32::try_from(message.len())
        .map_err(|_| std::io::Error::other("a gRPC message over 4 GiB"))?;
    let mut framed = Vec::with_capacity(message.len() + 5);
    framed.push(0);
    framed.extend_from_slice(&length.to_be_bytes());
    framed.extend_from_slice(message);
    Ok(Bytes::from(framed))
}

/// A running sink server; dropping it stops the server and joins its thread.
pub struct SinkServer {
    address: SocketAddr,
    received: Arc<AtomicU64>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl SinkServer {
    /// Starts a server speaking `protocol` on a free loopback port; queries are answered with
    /// `query`, anything else as a completed update.
    ///
    /// # Errors
    ///
    /// When no port can be bound, the runtime cannot start or the answer cannot be encoded.
    pub fn start(protocol: Protocol, query: &QueryResponse) -> std::io::Result<Self> {
        let answers = Arc::new(Answers::new(protocol, query)?);
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let received = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&received);
        let (stop, stopped) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name(format!("{}-sink", protocol.name()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        () = accept_loop(listener, protocol, answers, counter) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(SinkServer {
            address,
            received,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The server's url, such as `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Request body bytes read so far (gRPC frames included).
    pub fn received_bytes(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }
}

impl Drop for SinkServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    protocol: Protocol,
    answers: Arc<Answers>,
    received: Arc<AtomicU64>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let answers = Arc::clone(&answers);
        let received = Arc::clone(&received);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let answers = Arc::clone(&answers);
                let received = Arc::clone(&received);
                async move { Ok::<_, Infallible>(answer(protocol, &answers, &received, request).await) }
            });
            let io = TokioIo::new(stream);
            // A client that goes away ends its connection; nothing to report.
            let _ = match protocol {
                Protocol::Rest => {
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await
                }
                Protocol::Grpc => {
                    hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        // Large windows, as Qdrant's server has, so that 800 kB upserts are
                        // not held up by flow control.
                        .initial_stream_window_size(8 << 20)
                        .initial_connection_window_size(16 << 20)
                        .max_frame_size(1 << 20)
                        .serve_connection(io, service)
                        .await
                }
            };
        });
    }
}

type Body = BoxBody<Bytes, Infallible>;

/// Reads the request's body frame by frame to its end, without keeping it, and answers.
async fn answer(
    protocol: Protocol,
    answers: &Answers,
    received: &AtomicU64,
    request: Request<Incoming>,
) -> Response<Body> {
    let is_query = match protocol {
        Protocol::Rest => request.uri().path().ends_with("/points/query"),
        Protocol::Grpc => request.uri().path() == "/qdrant.Points/Query",
    };
    let mut body = request.into_body();
    while !body.is_end_stream() {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    received.fetch_add(data.len() as u64, Ordering::Relaxed);
                }
            }
            Some(Err(_)) | None => break,
        }
    }
    let canned = if is_query {
        answers.query.clone()
    } else {
        answers.upsert.clone()
    };
    match protocol {
        Protocol::Rest => {
            let mut response = Response::new(Full::new(canned).boxed());
            response
                .headers_mut()
                .insert("content-type", HeaderValue::from_static("application/json"));
            response
        }
        Protocol::Grpc => {
            let mut trailers = HeaderMap::new();
            trailers.insert("grpc-status", HeaderValue::from_static("0"));
            let body = Full::new(canned)
                .with_trailers(std::future::ready(Some(Ok(trailers))))
                .boxed();
            let mut response = Response::new(body);
            response
                .headers_mut()
                .insert("content-type", HeaderValue::from_static("application/grpc"));
            response
        }
    }
}
