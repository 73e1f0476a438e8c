//! The api key never shows: not in `Debug` of configs, builders, clients and transports, not in
//! errors from a server that refuses it, and not in anything logged through `tracing` at TRACE
//! level while calls run.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use quadrant::config::ConnectionConfig;
use quadrant::transports::{GrpcConfig, GrpcTransport, RestTransport};
use quadrant::{AsyncQdrantClient, ErrorKind, QdrantClient, Transport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const KEY: &str = "sk-very-secret-123";

/// Everything logged in this test binary, as text.
fn log() -> &'static Mutex<String> {
    static LOG: OnceLock<Mutex<String>> = OnceLock::new();
    LOG.get_or_init(Default::default)
}

/// A subscriber that keeps every span's and event's fields at every level, from every crate,
/// as text; installed once for the whole binary so that the threads of the runtime log to it.
struct Capture {
    next_id: AtomicU64,
}

/// Writes each field as `name=value`, values through `Debug` as formatters do.
struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let _ = write!(self.0, " {}={value} ({value:?})", field.name());
    }
}

impl Capture {
    fn append(metadata: &Metadata<'_>, visit: impl FnOnce(&mut Fields<'_>)) {
        let mut line = format!(
            "{} {} {}:",
            metadata.level(),
            metadata.target(),
            metadata.name()
        );
        visit(&mut Fields(&mut line));
        line.push('\n');
        log().lock().unwrap().push_str(&line);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        Self::append(span.metadata(), |fields| span.record(fields));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record:");
        values.record(&mut Fields(&mut line));
        line.push('\n');
        log().lock().unwrap().push_str(&line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        Self::append(event.metadata(), |fields| event.record(fields));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn capture_logs() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(Capture {
            next_id: AtomicU64::new(1),
        })
        .unwrap();
    });
}

fn assert_hidden(what: &str, text: &str) {
    assert!(!text.contains(KEY), "the api key shows in {what}: {text}");
    assert!(
        !text.contains("very-secret"),
        "part of the key shows in {what}: {text}"
    );
}

/// A server that refuses every request as Qdrant does a wrong key: `401` with a text body.
/// It also checks that the key did arrive, so the test proves the key was sent and hidden.
async fn refusing_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut request = vec![0_u8; 16 * 1024];
                let read = socket.read(&mut request).await.unwrap_or(0);
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&request[..read]).into_owned());
                let body = "Invalid API key or JWT";
                let answer = format!(
                    "HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, requests)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_key_never_shows_in_debug_errors_or_logs() {
    capture_logs();
    let (url, requests) = refusing_server().await;

    // Configs and builders.
    let rest_config = ConnectionConfig::new(&url).api_key(KEY);
    assert_hidden("ConnectionConfig", &format!("{rest_config:?}"));
    let grpc_config = GrpcConfig::new("http://127.0.0.1:1").api_key(KEY);
    assert_hidden("GrpcConfig", &format!("{grpc_config:?}"));
    let builder = AsyncQdrantClient::builder(&url).api_key(KEY);
    assert_hidden("ClientBuilder", &format!("{builder:?}"));
    let grpc_builder = AsyncQdrantClient::builder("http://127.0.0.1:1")
        .grpc()
        .api_key(KEY)
        .rest_url(&url);
    assert_hidden("ClientBuilder (gRPC)", &format!("{grpc_builder:?}"));

    // Transports and clients.
    let rest = RestTransport::new(rest_config).unwrap();
    assert_hidden("RestTransport", &format!("{rest:?}"));
    let grpc = GrpcTransport::new(grpc_config).unwrap();
    assert_hidden("GrpcTransport", &format!("{grpc:?}"));
    let client = builder.build().unwrap();
    assert_hidden("AsyncQdrantClient", &format!("{client:?}"));
    let grpc_client = grpc_builder.build().unwrap();
    assert_hidden("AsyncQdrantClient (gRPC)", &format!("{grpc_client:?}"));

    // Errors: the server refuses the key, over REST and over gRPC's REST fallback; gRPC itself
    // finds no server on port 1.
    let errors = [
        rest.get_collections(()).await.unwrap_err(),
        client.get_collections().await.unwrap_err(),
        client
            .count_points(quadrant::models::CountPoints::new("c"))
            .await
            .unwrap_err(),
        grpc_client.healthz().await.unwrap_err(),
        grpc.get_collections(()).await.unwrap_err(),
        grpc_client.get_collections().await.unwrap_err(),
    ];
    assert_eq!(
        errors[0].kind(),
        ErrorKind::Unauthenticated,
        "{}",
        errors[0]
    );
    assert_eq!(
        errors[3].kind(),
        ErrorKind::Unauthenticated,
        "{}",
        errors[3]
    );
    for error in &errors {
        assert_hidden("an error's Display", &format!("{error}"));
        assert_hidden("an error's Debug", &format!("{error:?}"));
        assert_hidden("an error's alternate Debug", &format!("{error:#?}"));
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            assert_hidden("an error's source", &format!("{inner} {inner:?}"));
            source = inner.source();
        }
    }

    // The blocking front end, built and dropped off the runtime's threads.
    let blocking_url = url.clone();
    tokio::task::spawn_blocking(move || {
        let builder = QdrantClient::builder(&blocking_url).api_key(KEY);
        assert_hidden("ClientBuilder (blocking)", &format!("{builder:?}"));
        let client = builder.build().unwrap();
        assert_hidden("QdrantClient", &format!("{client:?}"));
        let error = client.get_collections().unwrap_err();
        assert_hidden("a blocking error", &format!("{error} {error:?}"));
    })
    .await
    .unwrap();

    // The key was sent: the test would prove nothing otherwise.
    let requests = requests.lock().unwrap();
    assert!(
        requests.iter().any(|request| request.contains(KEY)),
        "no request carried the key: {requests:?}"
    );

    let log = log().lock().unwrap();
    // The transports' own events were captured, so the search below covers them.
    assert!(
        log.contains("get_collections"),
        "the calls were not logged: {log}"
    );
    assert_hidden("the tracing log", &log);
}
