//! A REST sink for the upload benchmarks: an in-process HTTP/1 server that reads every request
//! body whole, waits a fixed delay (standing in for the server's work), and answers the reply
//! Qdrant gives to an upsert. It counts requests and body bytes, so that a benchmark can check
//! that every batch really arrived.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// What Qdrant 1.18 answers to `PUT /collections/{name}/points?wait=true`.
const UPSERT_ANSWER: &[u8] =
    br#"{"result":{"operation_id":1,"status":"completed"},"status":"ok","time":0.0001}"#;

/// What the sink received so far.
#[derive(Debug, Default)]
pub(crate) struct SinkCounters {
    requests: AtomicU64,
    body_bytes: AtomicU64,
}

impl SinkCounters {
    /// Requests answered.
    pub(crate) fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Body bytes read.
    pub(crate) fn body_bytes(&self) -> u64 {
        self.body_bytes.load(Ordering::Relaxed)
    }
}

/// A running sink; it stops when the runtime it was started on shuts down.
pub(crate) struct Sink {
    /// Where it listens.
    pub(crate) addr: SocketAddr,
    /// What it received.
    pub(crate) counters: Arc<SinkCounters>,
}

impl Sink {
    /// Starts a sink on a free loopback port, on the current Tokio runtime, answering each
    /// request `delay` after its body was read.
    pub(crate) async fn start(delay: Duration) -> std::io::Result<Sink> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let counters = Arc::new(SinkCounters::default());
        let accepted = Arc::clone(&counters);
        tokio::spawn(async move {
            // A failed accept (out of descriptors) ends the sink; the benchmark then sees its
            // requests fail rather than hang.
            while let Ok((stream, _)) = listener.accept().await {
                let counters = Arc::clone(&accepted);
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request| answer(request, delay, Arc::clone(&counters)));
                    // A client that goes away mid-request is not the sink's concern.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Sink { addr, counters })
    }

    /// The URL to give a REST client.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn answer(
    request: Request<Incoming>,
    delay: Duration,
    counters: Arc<SinkCounters>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let read = match request.into_body().collect().await {
        Ok(body) => body.to_bytes().len() as u64,
        Err(_) => 0,
    };
    counters.body_bytes.fetch_add(read, Ordering::Relaxed);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    counters.requests.fetch_add(1, Ordering::Relaxed);
    let mut response = Response::new(Full::new(Bytes::from_static(UPSERT_ANSWER)));
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}
