//! Fault injection for the connection layer's tests: a TCP proxy on loopback that misbehaves on
//! demand, and two tiny servers that answer a script (HTTP/1 for REST, HTTP/2 for gRPC).
//!
//! Everything listens on `127.0.0.1` and is addressed by IP, so no DNS lookup or TLS handshake
//! sits in the path of a measured call: a test that checks a deadline measures the deadline.
//!
//! Everything here runs on the test's own Tokio runtime (`tokio::spawn`), so it must be started
//! inside one, and stops when dropped.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body as AxumBody;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response as AxumResponse;
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;

/// How a [`FaultProxy`] treats the connections it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forwards both ways untouched.
    PassThrough,
    /// Nothing listens on the proxy's port: connecting fails with "connection refused", as for
    /// a server that is down. Open connections are cut too.
    Refuse,
    /// Accepts, reads whatever the client sends, and never answers nor closes: a server that
    /// hangs.
    Hang,
    /// Forwards the request, then only the first this many bytes of the answer, then closes
    /// the connection: a server or network that dies mid-response.
    DropResponseAfter(usize),
    /// Waits this long after accepting, then forwards both ways: a slow network or server.
    Delay(Duration),
}

/// A TCP proxy on `127.0.0.1` in front of `upstream` that injects a [`Fault`].
///
/// The fault in force when a connection is accepted applies to that connection for its whole
/// life; [`FaultProxy::set_fault`] changes it for the connections accepted afterwards (and
/// [`Fault::Refuse`] also cuts the open ones, as a crashed server would).
pub struct FaultProxy {
    address: SocketAddr,
    shared: Arc<ProxyState>,
}

struct ProxyState {
    upstream: SocketAddr,
    fault: Mutex<Fault>,
    accepted: AtomicUsize,
    answered: Arc<AtomicUsize>,
    listener: Mutex<Option<JoinHandle<()>>>,
    connections: Mutex<Vec<JoinHandle<()>>>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` on a free port of `127.0.0.1`, injecting `fault`.
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    pub async fn start(upstream: SocketAddr, fault: Fault) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free local port for the proxy");
        let address = listener.local_addr().expect("the proxy's address");
        let shared = Arc::new(ProxyState {
            upstream,
            fault: Mutex::new(Fault::PassThrough),
            accepted: AtomicUsize::new(0),
            answered: Arc::new(AtomicUsize::new(0)),
            listener: Mutex::new(None),
            connections: Mutex::new(Vec::new()),
        });
        *lock(&shared.listener) = Some(tokio::spawn(accept_loop(listener, Arc::clone(&shared))));
        let proxy = Self { address, shared };
        proxy.set_fault(fault).await;
        proxy
    }

    /// The proxy's address, such as `127.0.0.1:40123`.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://` and the proxy's address, the URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many connections the proxy has accepted so far.
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// How many bytes of answers the proxy has passed on to clients so far.
    pub fn answered_bytes(&self) -> usize {
        self.shared.answered.load(Ordering::SeqCst)
    }

    /// Injects `fault` from now on. Returns once it is in force: after a switch to
    /// [`Fault::Refuse`], the port is closed.
    ///
    /// # Panics
    ///
    /// When leaving [`Fault::Refuse`] cannot listen on the proxy's port again.
    pub async fn set_fault(&self, fault: Fault) {
        let previous = std::mem::replace(&mut *lock(&self.shared.fault), fault);
        if fault == Fault::Refuse {
            // Closing the listener makes the kernel refuse new connections on the port. An
            // aborted task is dropped (its listener closed) by the time its handle resolves.
            let listener = lock(&self.shared.listener).take();
            if let Some(task) = listener {
                task.abort();
                let _ = task.await;
            }
            // An aborted connection task may be in the middle of a poll on another worker; it
            // is only gone, its sockets closed, once its handle resolves. Until then it could
            // still forward a request, and the server would not look down.
            let connections: Vec<JoinHandle<()>> =
                lock(&self.shared.connections).drain(..).collect();
            for connection in &connections {
                connection.abort();
            }
            for connection in connections {
                let _ = connection.await;
            }
        } else if previous == Fault::Refuse {
            let listener = rebind(self.address);
            *lock(&self.shared.listener) = Some(tokio::spawn(accept_loop(
                listener,
                Arc::clone(&self.shared),
            )));
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(task) = lock(&self.shared.listener).take() {
            task.abort();
        }
        for connection in lock(&self.shared.connections).drain(..) {
            connection.abort();
        }
    }
}

/// Listens on `address` again, which a listener closed a moment ago held.
fn rebind(address: SocketAddr) -> TcpListener {
    let socket = TcpSocket::new_v4().expect("a TCP socket");
    // The port's old connections may still be in TIME_WAIT.
    socket.set_reuseaddr(true).expect("SO_REUSEADDR");
    socket
        .bind(address)
        .unwrap_or_else(|error| panic!("cannot listen on {address} again: {error}"));
    socket.listen(128).expect("listen")
}

/// An address on `127.0.0.1` where nothing listens, so connecting to it is refused.
///
/// # Panics
///
/// When no local port can be bound.
pub fn refused_address() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
    let address = listener.local_addr().expect("a bound address");
    // Dropping the listener frees the port; another process taking it in the next
    // milliseconds is unlikely enough on a test machine.
    drop(listener);
    address
}

async fn accept_loop(listener: TcpListener, shared: Arc<ProxyState>) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            return;
        };
        shared.accepted.fetch_add(1, Ordering::SeqCst);
        let _ = client.set_nodelay(true);
        let fault = *lock(&shared.fault);
        let upstream = shared.upstream;
        let answered = Arc::clone(&shared.answered);
        let task = tokio::spawn(serve(client, upstream, fault, answered));
        let mut connections = lock(&shared.connections);
        connections.retain(|connection| !connection.is_finished());
        connections.push(task);
    }
}

/// Serves one accepted connection with `fault`.
async fn serve(
    mut client: TcpStream,
    upstream: SocketAddr,
    fault: Fault,
    answered: Arc<AtomicUsize>,
) {
    match fault {
        // Refuse closes the listener, so a connection accepted just before is simply closed.
        Fault::Refuse => {}
        Fault::Hang => {
            // Reading (and never answering) keeps the connection open, and notices the client
            // giving up.
            let mut buffer = [0u8; 4096];
            while let Ok(read) = client.read(&mut buffer).await {
                if read == 0 {
                    break;
                }
            }
        }
        Fault::PassThrough => forward(client, upstream, None, answered).await,
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            forward(client, upstream, None, answered).await;
        }
        Fault::DropResponseAfter(limit) => forward(client, upstream, Some(limit), answered).await,
    }
}

/// Forwards both ways between `client` and a new connection to `upstream`, counting the answer's
/// bytes in `answered`; with a `limit`, only that many bytes of the answer, then both
/// connections are closed.
async fn forward(
    client: TcpStream,
    upstream: SocketAddr,
    limit: Option<usize>,
    answered: Arc<AtomicUsize>,
) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        // The upstream is down: the client sees its connection closed.
        return;
    };
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let requests = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        // The client is done sending: pass its half-close on.
        let _ = server_write.shutdown().await;
    });
    let mut left = limit.unwrap_or(usize::MAX);
    let mut buffer = vec![0u8; 8192];
    while left > 0 {
        let read = match server_read.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        let sent = read.min(left);
        if client_write.write_all(&buffer[..sent]).await.is_err() {
            break;
        }
        answered.fetch_add(sent, Ordering::SeqCst);
        left -= sent;
    }
    if limit.is_none() {
        // The server closed its side: close the client's, and let the requests drain.
        let _ = client_write.shutdown().await;
        let _ = requests.await;
    } else {
        requests.abort();
        // Dropping both halves of both connections closes them, mid-answer.
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A test that panicked while holding a lock leaves the data usable.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One scripted HTTP answer of a [`ScriptedHttpServer`].
#[derive(Debug, Clone)]
pub struct HttpReply {
    /// The status code.
    pub status: u16,
    /// Extra headers, such as `retry-after`.
    pub headers: Vec<(String, String)>,
    /// The body, sent as JSON.
    pub body: String,
}

impl HttpReply {
    /// An answer with `status` and the JSON `body`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Qdrant's error envelope with `status` and the message `error`.
    pub fn error(status: u16, error: &str) -> Self {
        let body = serde_json::json!({"status": {"error": error}, "time": 0.0});
        Self::json(status, body.to_string())
    }

    /// Adds the header `name: value`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// One request a scripted server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The HTTP method, such as `GET` (always `POST` for gRPC).
    pub method: String,
    /// The path, such as `/collections` or `/qdrant.Collections/List`.
    pub path: String,
    /// The body as it arrived: JSON for REST, the framed message for gRPC.
    pub body: Bytes,
}

impl Received {
    /// The protobuf message of a gRPC request: its body without the 5-byte frame header (the
    /// client sends requests uncompressed).
    pub fn grpc_message(&self) -> &[u8] {
        self.body.get(5..).unwrap_or_default()
    }
}

/// What a scripted server has left to say and what it has heard.
struct Script<T> {
    replies: VecDeque<T>,
    received: Vec<Received>,
}

impl<T: Clone> Script<T> {
    /// Logs a request and takes the next reply; the last one repeats once the script runs out.
    fn next(&mut self, method: &str, path: &str, body: Bytes) -> Option<T> {
        self.received.push(Received {
            method: method.to_owned(),
            path: path.to_owned(),
            body,
        });
        if self.replies.len() > 1 {
            self.replies.pop_front()
        } else {
            self.replies.front().cloned()
        }
    }
}

/// An HTTP/1.1 server on `127.0.0.1` that answers every request, whatever its path, with the
/// next reply of its script, and logs the requests.
pub struct ScriptedHttpServer {
    address: SocketAddr,
    script: Arc<Mutex<Script<HttpReply>>>,
    task: JoinHandle<()>,
}

impl ScriptedHttpServer {
    /// Starts a server answering with `replies` in turn; the last one answers any request after.
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    pub async fn start(replies: Vec<HttpReply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free local port for the scripted server");
        let address = listener
            .local_addr()
            .expect("the scripted server's address");
        let script = Arc::new(Mutex::new(Script {
            replies: replies.into(),
            received: Vec::new(),
        }));
        let app = Router::new()
            .fallback(answer_http)
            .with_state(Arc::clone(&script));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            address,
            script,
            task,
        }
    }

    /// The server's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://` and the server's address.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The requests received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.script).received.clone()
    }
}

impl Drop for ScriptedHttpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer_http(
    State(script): State<Arc<Mutex<Script<HttpReply>>>>,
    request: axum::extract::Request,
) -> AxumResponse {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    // A request cut off before its body arrived whole (the proxy went down mid-request) is not
    // a request a real server would apply: it is neither logged nor answered from the script.
    let Ok(body) = axum::body::to_bytes(request.into_body(), usize::MAX).await else {
        let mut response = AxumResponse::new(AxumBody::from("the request was cut off"));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return response;
    };
    let reply = lock(&script).next(&method, &path, body);
    let Some(reply) = reply else {
        let mut response = AxumResponse::new(AxumBody::from("the script is empty"));
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return response;
    };
    let mut response = AxumResponse::new(AxumBody::from(reply.body));
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.insert(name, value);
        }
    }
    response
}

/// One scripted gRPC answer of a [`ScriptedGrpcServer`].
#[derive(Debug, Clone)]
pub enum GrpcReply {
    /// Success with this encoded protobuf message.
    Message(Vec<u8>),
    /// Failure with this status code (such as 14, UNAVAILABLE), message and trailing metadata
    /// (such as `retry-after`), sent "trailers-only" as Qdrant's server does.
    Status {
        /// The numeric gRPC status code.
        code: u16,
        /// The status message.
        message: String,
        /// Metadata sent with the status.
        metadata: Vec<(String, String)>,
    },
}

impl GrpcReply {
    /// A failure with `code` and `message` and no metadata.
    pub fn status(code: u16, message: &str) -> Self {
        Self::Status {
            code,
            message: message.to_owned(),
            metadata: Vec::new(),
        }
    }

    /// Adds metadata `name: value` to a failure; a success is returned as it is.
    pub fn metadata(self, name: &str, value: &str) -> Self {
        match self {
            Self::Status {
                code,
                message,
                mut metadata,
            } => {
                metadata.push((name.to_owned(), value.to_owned()));
                Self::Status {
                    code,
                    message,
                    metadata,
                }
            }
            message => message,
        }
    }
}

/// An HTTP/2 server on `127.0.0.1` that answers every unary gRPC call, whatever its method,
/// with the next reply of its script, and logs the calls with their request bodies.
pub struct ScriptedGrpcServer {
    address: SocketAddr,
    script: Arc<Mutex<Script<GrpcReply>>>,
    task: JoinHandle<()>,
}

type GrpcBody = BoxBody<Bytes, Infallible>;

impl ScriptedGrpcServer {
    /// Starts a server answering with `replies` in turn; the last one answers any call after.
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    pub async fn start(replies: Vec<GrpcReply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free local port for the scripted server");
        let address = listener
            .local_addr()
            .expect("the scripted server's address");
        let script = Arc::new(Mutex::new(Script {
            replies: replies.into(),
            received: Vec::new(),
        }));
        let shared = Arc::clone(&script);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let script = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let script = Arc::clone(&script);
                        async move { Ok::<_, Infallible>(answer_grpc(&script, request).await) }
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
            script,
            task,
        }
    }

    /// The server's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://` and the server's address.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The calls received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.script).received.clone()
    }
}

impl Drop for ScriptedGrpcServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer_grpc(
    script: &Mutex<Script<GrpcReply>>,
    request: Request<Incoming>,
) -> Response<GrpcBody> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    // The whole request arrives before the answer, as from a real server.
    // A request cut off before its body arrived whole (the proxy went down mid-request) is not
    // a request a real server would apply: it is neither logged nor answered from the script.
    let reply = match request.into_body().collect().await {
        Ok(collected) => lock(script).next(&method, &path, collected.to_bytes()),
        Err(_) => None,
    };
    let mut response = match reply {
        Some(GrpcReply::Message(message)) => {
            let mut framed = Vec::with_capacity(message.len() + 5);
            framed.push(0);
            let length = u32::try_from(message.len()).unwrap_or(u32::MAX);
            framed.extend_from_slice(&length.to_be_bytes());
            framed.extend_from_slice(&message);
            let mut trailers = hyper::HeaderMap::new();
            trailers.insert("grpc-status", HeaderValue::from_static("0"));
            Response::new(
                Full::new(Bytes::from(framed))
                    .with_trailers(std::future::ready(Some(Ok(trailers))))
                    .boxed(),
            )
        }
        Some(GrpcReply::Status {
            code,
            message,
            metadata,
        }) => {
            let mut response = Response::new(Empty::new().boxed());
            let headers = response.headers_mut();
            headers.insert("grpc-status", HeaderValue::from(code));
            if let Ok(message) = HeaderValue::try_from(message) {
                headers.insert("grpc-message", message);
            }
            for (name, value) in metadata {
                if let (Ok(name), Ok(value)) = (
                    HeaderName::try_from(name.as_str()),
                    HeaderValue::try_from(value.as_str()),
                ) {
                    headers.insert(name, value);
                }
            }
            response
        }
        None => {
            let mut response = Response::new(Empty::new().boxed());
            response
                .headers_mut()
                .insert("grpc-status", HeaderValue::from_static("13"));
            response
        }
    };
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/grpc"));
    response
}
