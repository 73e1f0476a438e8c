//! In-process servers for the client benchmarks: a sink that reads every request body to its
//! end and answers a canned reply, over HTTP/1 in Qdrant's REST shape or over HTTP/2 in its
//! gRPC shape.
//!
//! Each server runs on a thread and a single-threaded runtime of its own, so that the client's
//! thread, whose CPU time is measured, does none of the server's work, and so that the server's
//! own CPU time can be read too ([`SinkServer::clock`]): all of the sink's work happens on that
//! one thread.
//!
//! Like Qdrant, a sink compresses an answer when the request accepts gzip, afresh for every
//! call, as the server does: over REST when `Accept-Encoding` names gzip (the answer gets
//! `Content-Encoding: gzip`, at level 1, the fast level of the actix-web middleware Qdrant's REST
//! server uses), over gRPC when `grpc-accept-encoding` names gzip (the message is sent with the
//! compressed flag and `grpc-encoding: gzip`, at level 6, tonic's). So a client that asks for
//! gzipped answers makes the sink spend the CPU a server would. Requests are read, never
//! decoded or decompressed: no client measured here compresses them.
//!
//! For `quadrant-bench --server` run against a sink ([`crate::remote`]'s tests), the REST sink
//! also answers what that mode asks besides upserts and queries, in Qdrant's shapes: the
//! server's version (`GET /`), and creating, describing and deleting a collection; it keeps a
//! log of those collection requests ([`SinkServer::collection_requests`]).

use std::convert::Infallible;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body as _, Incoming};
use hyper::header::{HeaderMap, HeaderValue};
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
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

/// The gzip level of the REST sink's answers: 1, the fast level, which the compression
/// middleware of actix-web (Qdrant's REST server) uses for gzip.
pub const REST_GZIP_LEVEL: u32 = 1;
/// The gzip level of the gRPC sink's answers: 6, the level tonic (Qdrant's gRPC server)
/// compresses messages at.
pub const GRPC_GZIP_LEVEL: u32 = 6;

/// The answer to `PUT` or `DELETE /collections/{name}`: done.
const REST_TRUE: &[u8] = br#"{"result":true,"status":"ok","time":0.000123}"#;
/// The answer to `GET /`: the version of the server the fixtures were recorded from.
const REST_ROOT: &[u8] = br#"{"title":"qdrant - vector search engine","version":"1.18.3"}"#;
/// The answer to `GET /collections/{name}`: a small green collection, in Qdrant 1.18's shape.
const REST_COLLECTION: &[u8] = br#"{"result":{"status":"green","optimizer_status":"ok",
"indexed_vectors_count":0,"points_count":0,"segments_count":2,"config":{"params":{"vectors":
{"size":128,"distance":"Cosine"},"shard_number":1,"replication_factor":1,
"write_consistency_factor":1,"on_disk_payload":true},"hnsw_config":{"m":16,"ef_construct":100,
"full_scan_threshold":10000,"max_indexing_threads":0,"on_disk":false},"optimizer_config":
{"deleted_threshold":0.2,"vacuum_min_vector_number":1000,"default_segment_number":0,
"max_segment_size":null,"memmap_threshold":null,"indexing_threshold":10000,
"flush_interval_sec":5,"max_optimization_threads":null},"wal_config":{"wal_capacity_mb":32,
"wal_segments_ahead":0},"quantization_config":null},"payload_schema":{}},"status":"ok",
"time":0.000123}"#;

/// The canned answers, encoded once.
struct Answers {
    /// The answer to an upsert: Qdrant's "completed" update result.
    upsert: Bytes,
    /// The answer to a query (a gRPC frame, uncompressed, over gRPC).
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
    grpc_frame_flagged(0, message)
}

/// A gRPC message frame with the compressed flag `flag` (0 plain, 1 compressed).
fn grpc_frame_flagged(flag: u8, message: &[u8]) -> std::io::Result<Bytes> {
    let length = u32::try_from(message.len())
        .map_err(|_| std::io::Error::other("a gRPC message over 4 GiB"))?;
    let mut framed = Vec::with_capacity(message.len() + 5);
    framed.push(flag);
    framed.extend_from_slice(&length.to_be_bytes());
    framed.extend_from_slice(message);
    Ok(Bytes::from(framed))
}

/// `data` gzipped at `level`, as a server compresses an answer.
pub fn gzip(data: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 2 + 64),
        flate2::Compression::new(level),
    );
    encoder.write_all(data)?;
    encoder.finish()
}

/// Whether a request's headers ask for gzipped answers: `Accept-Encoding` over REST (gzip
/// without `q=0`), `grpc-accept-encoding` over gRPC.
pub fn accepts_gzip(protocol: Protocol, headers: &HeaderMap) -> bool {
    let name = match protocol {
        Protocol::Rest => "accept-encoding",
        Protocol::Grpc => "grpc-accept-encoding",
    };
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let named = parts
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case("gzip"));
            // `gzip;q=0` refuses gzip.
            let refused = parts.any(|parameter| {
                parameter
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            named && !refused
        })
}

/// Reads the CPU time of one thread, from any thread: the first field of its
/// `/proc/<pid>/task/<tid>/schedstat`, like [`crate::thread_cpu_time`] for the current one.
#[derive(Debug, Clone, Default)]
pub struct ThreadClock {
    schedstat: Option<PathBuf>,
}

impl ThreadClock {
    /// The clock of the calling thread; it reads nothing where `/proc/thread-self` does not
    /// exist (not Linux).
    pub fn current() -> Self {
        let schedstat = std::fs::read_link("/proc/thread-self")
            .ok()
            .map(|task| PathBuf::from("/proc").join(task).join("schedstat"));
        ThreadClock { schedstat }
    }

    /// The thread's CPU time so far; `None` when it cannot be read (not Linux, or the thread
    /// is gone).
    pub fn read(&self) -> Option<Duration> {
        let text = std::fs::read_to_string(self.schedstat.as_ref()?).ok()?;
        let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
        Some(Duration::from_nanos(nanos))
    }
}

/// What a sink counts, shared with its connections.
#[derive(Default)]
struct Counters {
    /// Request body bytes read.
    received: AtomicU64,
    /// Answers sent gzipped.
    gzipped: AtomicU64,
    /// Answers sent.
    answered: AtomicU64,
    /// `METHOD /collections/{name}` of each collection request (REST).
    collections: Mutex<Vec<String>>,
}

/// A running sink server; dropping it stops the server and joins its thread.
pub struct SinkServer {
    address: SocketAddr,
    counters: Arc<Counters>,
    clock: ThreadClock,
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
        let counters = Arc::new(Counters::default());
        let shared = Arc::clone(&counters);
        let (stop, stopped) = oneshot::channel();
        let (clock_sender, clock_receiver) = std::sync::mpsc::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name(format!("{}-sink", protocol.name()))
            .spawn(move || {
                let _ = clock_sender.send(ThreadClock::current());
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        () = accept_loop(listener, protocol, answers, shared) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        let clock = clock_receiver.recv().unwrap_or_default();
        Ok(SinkServer {
            address,
            counters,
            clock,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The clock of the server's thread, which does all of its work: its CPU time, readable
    /// from any thread.
    pub fn clock(&self) -> ThreadClock {
        self.clock.clone()
    }

    /// Answers sent so far.
    pub fn answered(&self) -> u64 {
        self.counters.answered.load(Ordering::Relaxed)
    }

    /// Answers sent gzipped so far (their requests accepted gzip).
    pub fn gzipped_answers(&self) -> u64 {
        self.counters.gzipped.load(Ordering::Relaxed)
    }

    /// Each collection request received so far (REST), as `METHOD /collections/{name}`.
    pub fn collection_requests(&self) -> Vec<String> {
        self.counters
            .collections
            .lock()
            .map(|log| log.clone())
            .unwrap_or_default()
    }

    /// The server's url, such as `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Request body bytes read so far (gRPC frames included).
    pub fn received_bytes(&self) -> u64 {
        self.counters.received.load(Ordering::Relaxed)
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
    counters: Arc<Counters>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let answers = Arc::clone(&answers);
        let counters = Arc::clone(&counters);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let answers = Arc::clone(&answers);
                let counters = Arc::clone(&counters);
                async move { Ok::<_, Infallible>(answer(protocol, &answers, &counters, request).await) }
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

/// The collection named by a REST path `/collections/{name}` (nothing after the name).
fn collection_path(path: &str) -> Option<&str> {
    path.strip_prefix("/collections/")
        .filter(|name| !name.is_empty() && !name.contains('/'))
}

/// Which canned REST answer a request gets, by its method and path; collection requests are
/// logged.
fn rest_answer(answers: &Answers, counters: &Counters, method: &Method, path: &str) -> Bytes {
    if path.ends_with("/points/query") {
        return answers.query.clone();
    }
    if path == "/" && method == Method::GET {
        return Bytes::from_static(REST_ROOT);
    }
    if let Some(name) = collection_path(path) {
        if let Ok(mut log) = counters.collections.lock() {
            log.push(format!("{method} /collections/{name}"));
        }
        return match *method {
            Method::GET => Bytes::from_static(REST_COLLECTION),
            _ => Bytes::from_static(REST_TRUE),
        };
    }
    answers.upsert.clone()
}

/// Reads the request's body frame by frame to its end, without keeping it, and answers,
/// gzipped when the request accepts gzip.
async fn answer(
    protocol: Protocol,
    answers: &Answers,
    counters: &Counters,
    request: Request<Incoming>,
) -> Response<Body> {
    let gzipped = accepts_gzip(protocol, request.headers());
    let canned = match protocol {
        Protocol::Rest => rest_answer(answers, counters, request.method(), request.uri().path()),
        Protocol::Grpc if request.uri().path() == "/qdrant.Points/Query" => answers.query.clone(),
        Protocol::Grpc => answers.upsert.clone(),
    };
    let mut body = request.into_body();
    while !body.is_end_stream() {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    counters
                        .received
                        .fetch_add(data.len() as u64, Ordering::Relaxed);
                }
            }
            Some(Err(_)) | None => break,
        }
    }
    counters.answered.fetch_add(1, Ordering::Relaxed);
    // Compressed afresh for each answer, as a server compresses what it has just encoded.
    let compressed = if gzipped {
        let compressed = match protocol {
            Protocol::Rest => gzip(&canned, REST_GZIP_LEVEL).map(Bytes::from),
            Protocol::Grpc => gzip(canned.get(5..).unwrap_or_default(), GRPC_GZIP_LEVEL)
                .and_then(|message| grpc_frame_flagged(1, &message)),
        };
        // Writing into a Vec cannot fail; were it to, the answer goes plain.
        compressed.ok()
    } else {
        None
    };
    if compressed.is_some() {
        counters.gzipped.fetch_add(1, Ordering::Relaxed);
    }
    let is_compressed = compressed.is_some();
    let payload = compressed.unwrap_or(canned);
    match protocol {
        Protocol::Rest => {
            let mut response = Response::new(Full::new(payload).boxed());
            let headers = response.headers_mut();
            headers.insert("content-type", HeaderValue::from_static("application/json"));
            if is_compressed {
                headers.insert("content-encoding", HeaderValue::from_static("gzip"));
            }
            response
        }
        Protocol::Grpc => {
            let mut trailers = HeaderMap::new();
            trailers.insert("grpc-status", HeaderValue::from_static("0"));
            let body = Full::new(payload)
                .with_trailers(std::future::ready(Some(Ok(trailers))))
                .boxed();
            let mut response = Response::new(body);
            let headers = response.headers_mut();
            headers.insert("content-type", HeaderValue::from_static("application/grpc"));
            if is_compressed {
                headers.insert("grpc-encoding", HeaderValue::from_static("gzip"));
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: &'static str, value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn gzip_is_accepted_only_when_named_and_not_refused() {
        let rest = Protocol::Rest;
        assert!(accepts_gzip(rest, &headers("accept-encoding", "gzip")));
        assert!(accepts_gzip(
            rest,
            &headers("accept-encoding", "br, GZIP;q=0.5")
        ));
        assert!(!accepts_gzip(rest, &headers("accept-encoding", "gzip;q=0")));
        assert!(!accepts_gzip(rest, &headers("accept-encoding", "identity")));
        assert!(!accepts_gzip(rest, &HeaderMap::new()));
        // Each protocol reads its own header.
        assert!(!accepts_gzip(
            rest,
            &headers("grpc-accept-encoding", "gzip")
        ));
        let grpc = Protocol::Grpc;
        assert!(accepts_gzip(
            grpc,
            &headers("grpc-accept-encoding", "identity,deflate,gzip")
        ));
        assert!(!accepts_gzip(
            grpc,
            &headers("grpc-accept-encoding", "identity")
        ));
        assert!(!accepts_gzip(grpc, &headers("accept-encoding", "gzip")));
    }

    #[test]
    fn a_gzipped_answer_inflates_back() {
        use std::io::Read as _;
        let answer = crate::data::rest_envelope(&crate::data::query_response(
            &mut crate::data::Rng::new(1),
            10,
            0,
        ));
        let packed = gzip(&answer, REST_GZIP_LEVEL).unwrap();
        assert!(
            packed.len() < answer.len(),
            "{} >= {}",
            packed.len(),
            answer.len()
        );
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(packed.as_slice())
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, answer);
    }

    #[test]
    fn collection_paths_name_one_collection() {
        assert_eq!(collection_path("/collections/abc"), Some("abc"));
        assert_eq!(collection_path("/collections/abc/points"), None);
        assert_eq!(collection_path("/collections/"), None);
        assert_eq!(collection_path("/"), None);
    }

    #[test]
    fn the_thread_clock_reads_another_threads_cpu() {
        let (clocks, clock) = std::sync::mpsc::channel();
        let (go, started) = std::sync::mpsc::channel::<()>();
        let (done, finish) = std::sync::mpsc::channel::<()>();
        let worker = std::thread::spawn(move || {
            let _ = clocks.send(ThreadClock::current());
            let _ = started.recv();
            // Busy for 10 ms of CPU (or 20 s of wall time on a starved machine), then idle
            // until told to finish, so that its clock stays readable.
            let wall = std::time::Instant::now();
            let start = crate::thread_cpu_time().unwrap_or_default();
            let mut x = 0u64;
            while crate::thread_cpu_time().unwrap_or_default() - start < Duration::from_millis(10)
                && wall.elapsed() < Duration::from_secs(20)
            {
                for _ in 0..10_000 {
                    x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
                }
            }
            let _ = finish.recv();
        });
        let clock = clock.recv().unwrap();
        let start = clock.read();
        go.send(()).unwrap();
        let wall = std::time::Instant::now();
        let mut spent = Duration::ZERO;
        while start.is_some()
            && spent < Duration::from_millis(5)
            && wall.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(1));
            spent = clock
                .read()
                .unwrap_or_default()
                .saturating_sub(start.unwrap_or_default());
        }
        done.send(()).unwrap();
        worker.join().unwrap();
        if start.is_some() {
            assert!(spent >= Duration::from_millis(5), "{spent:?}");
        } // Else not Linux: nothing to read.
        assert!(ThreadClock::default().read().is_none());
    }
}
