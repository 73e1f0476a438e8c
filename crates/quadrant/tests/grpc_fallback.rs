//! A client built for gRPC sends the operations that Qdrant serves only over REST, and the
//! requests that gRPC cannot carry, to the REST API of the same server (the builder puts the
//! gRPC transport and a REST one in a `Fallback`): a small HTTP server on loopback records what
//! arrives.
//!
//! The gRPC url points at a closed port, so a call that went to gRPC would fail.

#![cfg(all(feature = "grpc", feature = "rest"))]

use std::sync::{Arc, Mutex};

use quadrant::models::*;
use quadrant::transports::{GrpcConfig, GrpcTransport};
use quadrant::{AsyncQdrantClient, Capabilities, ErrorKind, Operation, RetryPolicy, Transport};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "conf-admin-key";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    /// `METHOD /path?query`.
    line: String,
    api_key: Option<String>,
    body: Option<Value>,
}

/// A loopback HTTP/1.1 server that records each request and answers as Qdrant would.
struct RestServer {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl RestServer {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                tokio::spawn(async move { serve(stream, log).await });
            }
        });
        Self { port, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, log: Arc<Mutex<Vec<Seen>>>) {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        let read = stream.read(&mut chunk).await.unwrap();
        if read == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let line = format!(
        "{} {}",
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default()
    );
    let header = |name: &str| {
        head.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("content-length")
        .and_then(|length| length.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.unwrap();
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body =
        (length > 0).then(|| serde_json::from_slice(&buffer[head_end..head_end + length]).unwrap());
    let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
    let get = line.starts_with("GET ");
    log.lock().unwrap().push(Seen {
        line,
        api_key: header("api-key"),
        body,
    });
    let (content_type, answer) = match path.as_str() {
        "/healthz" => ("text/plain", "healthz check passed".to_owned()),
        "/cluster" => (
            "application/json",
            json!({"result": {"status": "disabled"}, "status": "ok", "time": 0.0}).to_string(),
        ),
        "/quotas" if get => (
            "application/json",
            json!({"result": {"config": {"enabled": false}, "usage": {"disk_usage_percent": 12}},
                   "status": "ok", "time": 0.0})
            .to_string(),
        ),
        _ => (
            "application/json",
            json!({"result": true, "status": "ok", "time": 0.0}).to_string(),
        ),
    };
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{answer}",
        answer.len()
    );
    stream.write_all(response.as_bytes()).await.unwrap();
    stream.shutdown().await.unwrap();
}

/// A client built for gRPC whose gRPC port is closed and whose REST port is the server's; its
/// transport, with the builder's layers and fallback.
fn transport(server: &RestServer) -> Arc<dyn Transport> {
    let client = AsyncQdrantClient::builder("http://127.0.0.1:1")
        .grpc()
        .api_key(KEY)
        .rest_port(server.port)
        .check_compatibility(false)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    Arc::clone(client.transport())
}

/// The operations without an RPC.
fn rest_only() -> Vec<Operation> {
    Operation::ALL
        .iter()
        .copied()
        .filter(|operation| operation.grpc_rpc().is_none() && *operation != Operation::GetPoint)
        .collect()
}

#[test]
fn grpc_alone_claims_only_its_rpcs_and_with_the_fallback_every_operation() {
    let grpc = GrpcTransport::new(GrpcConfig::new("http://127.0.0.1:1")).unwrap();
    let capabilities = grpc.capabilities();
    let unsupported: Vec<Operation> = capabilities.unsupported().collect();
    assert_eq!(unsupported, rest_only());
    assert_eq!(unsupported.len(), 25, "{unsupported:?}");
    // The 51 RPCs, and get_point, sent as a get_points of one id.
    assert_eq!(capabilities.supported().count(), 52);
    assert!(capabilities.supports(Operation::GetPoint));
    assert!(!capabilities.supports(Operation::Healthz));

    let client = AsyncQdrantClient::builder("http://127.0.0.1:1")
        .grpc()
        .check_compatibility(false)
        .build()
        .unwrap();
    assert_eq!(client.capabilities(), Capabilities::all());
    assert_eq!(client.transport().name(), "grpc");
}

#[tokio::test]
async fn without_the_fallback_a_rest_only_operation_or_request_is_unsupported() {
    let grpc = GrpcTransport::new(GrpcConfig::new("http://127.0.0.1:1")).unwrap();
    let error = grpc.healthz(()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    assert!(error.message().contains("healthz"), "{error}");
    assert!(error.message().contains("REST only"), "{error}");

    // The RPC always waits: a snapshot that does not is refused before anything is sent.
    let delete = DeleteSnapshot::new("c", "c-1.snapshot").wait(false);
    assert!(!grpc.carries(Operation::DeleteSnapshot, &delete));
    let error = grpc.delete_snapshot(delete).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    assert!(error.message().contains("wait = false"), "{error}");
    let waiting = DeleteSnapshot::new("c", "c-1.snapshot");
    assert!(grpc.carries(Operation::DeleteSnapshot, &waiting));

    let clear = UpdateCollection::new("c").metadata(serde_json::Map::new());
    assert!(!grpc.carries(Operation::UpdateCollection, &clear));
    let resharding =
        UpdateCollectionClusterSetup::new("c", StartResharding::new(ReshardingDirection::Up));
    assert!(!grpc.carries(Operation::UpdateCollectionCluster, &resharding));
    assert!(!grpc.carries(Operation::Healthz, &()));
}

#[tokio::test]
async fn a_rest_only_operation_reaches_rest_with_the_api_key() {
    let server = RestServer::start().await;
    let transport = transport(&server);
    assert_eq!(transport.healthz(()).await.unwrap(), "healthz check passed");
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].line, "GET /healthz");
    assert_eq!(seen[0].api_key.as_deref(), Some(KEY));
    assert_eq!(transport.capabilities(), Capabilities::all());
}

#[tokio::test]
async fn quotas_go_over_rest() {
    let server = RestServer::start().await;
    let transport = transport(&server);
    let status = transport.get_quotas(()).await.unwrap();
    assert_eq!(status.config.enabled, Some(false));
    assert_eq!(status.usage.disk_usage_percent, Some(12));
    let config = QuotaConfig::new().enabled(true).max_disk_usage_percent(90);
    assert!(transport.update_quotas(config.into()).await.unwrap());
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].line, "GET /quotas");
    assert_eq!(seen[1].line, "PUT /quotas?wait=true");
    assert_eq!(
        seen[1].body,
        Some(json!({"enabled": true, "max_disk_usage_percent": 90}))
    );
    assert_eq!(seen[1].api_key.as_deref(), Some(KEY));
}

#[tokio::test]
async fn an_explicit_rest_url_wins_over_the_port() {
    let server = RestServer::start().await;
    let client = AsyncQdrantClient::builder("http://127.0.0.1:1")
        .grpc()
        .rest_port(2)
        .rest_url(format!("http://127.0.0.1:{}", server.port))
        .check_compatibility(false)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let transport = client.transport();
    let status = transport.cluster_status(()).await.unwrap();
    assert_eq!(
        serde_json::to_value(&status).unwrap(),
        json!({"status": "disabled"})
    );
    let seen = server.seen();
    assert_eq!(seen[0].line, "GET /cluster");
    assert_eq!(seen[0].api_key, None);
}

#[tokio::test]
async fn requests_that_grpc_cannot_carry_go_over_rest() {
    let server = RestServer::start().await;
    let transport = transport(&server);

    let resharding =
        UpdateCollectionClusterSetup::new("c", StartResharding::new(ReshardingDirection::Up))
            .timeout(3);
    assert!(
        transport
            .update_collection_cluster(resharding)
            .await
            .unwrap()
    );

    let delete = DeleteSnapshot::new("c", "c-1.snapshot").wait(false);
    assert!(transport.delete_snapshot(delete).await.unwrap());

    let clear = UpdateCollection::new("c").metadata(serde_json::Map::new());
    assert!(transport.update_collection(clear).await.unwrap());

    let seen = server.seen();
    let lines: Vec<&str> = seen.iter().map(|seen| seen.line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "POST /collections/c/cluster?timeout=3",
            "DELETE /collections/c/snapshots/c-1.snapshot?wait=false",
            "PATCH /collections/c",
        ]
    );
    assert_eq!(
        seen[0].body,
        Some(json!({"start_resharding": {"direction": "up"}}))
    );
    assert_eq!(seen[2].body, Some(json!({"metadata": {}})));
    assert!(seen.iter().all(|seen| seen.api_key.as_deref() == Some(KEY)));
}

#[tokio::test]
async fn a_grpc_operation_does_not_fall_back() {
    let server = RestServer::start().await;
    let transport = transport(&server);
    // The gRPC port is closed: the call fails rather than quietly going over REST.
    let error = transport.get_collections_aliases(()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{error}");
    assert!(server.seen().is_empty());
}
