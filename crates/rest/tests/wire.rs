//! The operations that the recorded corpus has no exchange for (snapshot files, shard
//! snapshots, metrics, issues and cluster changes), against a server written here that keeps
//! every request it gets and answers what each test tells it to.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::Response;
use futures_util::StreamExt;
use quadrant_models::*;
use quadrant_rest::{ConnectionConfig, RestTransport};
use quadrant_transport::{ErrorKind, Transport};
use serde_json::{Value, json};

/// One request as the server got it.
#[derive(Debug)]
struct Received {
    method: Method,
    /// The path as sent, percent-encoding and all.
    path: String,
    /// The query as sent, or empty.
    query: String,
    headers: HeaderMap,
    body: Bytes,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// How an answer's body is sent.
enum Framing {
    /// With its `Content-Length`.
    Sized,
    /// Chunked, with no length.
    Chunked,
    /// Announcing `Content-Length: announced`, then breaking off after the bytes given.
    CutShort { announced: u64 },
}

/// One answer to give.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    framing: Framing,
}

impl Answer {
    fn json(status: u16, body: Value) -> Self {
        Answer {
            status,
            content_type: "application/json",
            body: body.to_string().into_bytes(),
            framing: Framing::Sized,
        }
    }

    /// Qdrant's `{result, status, time}` answer.
    fn result(result: Value) -> Self {
        Self::json(
            200,
            json!({"result": result, "status": "ok", "time": 0.001}),
        )
    }

    fn text(status: u16, text: &str) -> Self {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
            framing: Framing::Sized,
        }
    }

    fn file(body: Vec<u8>, framing: Framing) -> Self {
        Answer {
            status: 200,
            content_type: "application/octet-stream",
            body,
            framing,
        }
    }
}

#[derive(Default)]
struct Log {
    answers: VecDeque<Answer>,
    received: Vec<Received>,
}

/// A server on 127.0.0.1 that answers each request with the next answer given, in order.
struct Server {
    url: String,
    log: Arc<Mutex<Log>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start(answers: Vec<Answer>) -> Server {
        let log = Arc::new(Mutex::new(Log {
            answers: answers.into(),
            received: Vec::new(),
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new()
            .fallback(respond)
            .layer(DefaultBodyLimit::disable())
            .with_state(Arc::clone(&log));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Server { url, log, task }
    }

    fn transport(&self) -> RestTransport {
        RestTransport::new(ConnectionConfig::new(&self.url)).unwrap()
    }

    /// The requests received so far, taken out of the log.
    fn received(&self) -> Vec<Received> {
        std::mem::take(&mut self.log.lock().unwrap().received)
    }

    /// Takes the one request received since the last look.
    fn one(&self) -> Received {
        let mut received = self.received();
        assert_eq!(received.len(), 1, "{received:?}");
        received.remove(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn respond(
    State(log): State<Arc<Mutex<Log>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let answer = {
        let mut log = log.lock().unwrap();
        log.received.push(Received {
            method,
            path: uri.path().to_owned(),
            query: uri.query().unwrap_or_default().to_owned(),
            headers,
            body,
        });
        log.answers.pop_front()
    };
    let Some(answer) = answer else {
        return Response::builder()
            .status(599)
            .body(Body::from("no answer left"))
            .unwrap();
    };
    let builder = Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap())
        .header(header::CONTENT_TYPE, answer.content_type);
    let chunks: Vec<Result<Bytes, std::io::Error>> = answer
        .body
        .chunks(100_000)
        .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
        .collect();
    match answer.framing {
        Framing::Sized => builder.body(Body::from(answer.body)).unwrap(),
        Framing::Chunked => builder
            .body(Body::from_stream(futures_util::stream::iter(chunks)))
            .unwrap(),
        Framing::CutShort { announced } => {
            // The pause lets the status and the first bytes leave before the connection drops.
            let cut = futures_util::stream::once(async {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                Err(std::io::Error::other("the server stops here"))
            });
            builder
                .header(header::CONTENT_LENGTH, announced)
                .body(Body::from_stream(
                    futures_util::stream::iter(chunks).chain(cut),
                ))
                .unwrap()
        }
    }
}

/// Bytes that differ from offset to offset, so that a lost or repeated chunk shows.
fn file_bytes(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect()
}

fn description() -> Value {
    json!({"name": "c-1.snapshot", "creation_time": "2026-11-21T08:16:02", "size": 1024,
           "checksum": "c47b"})
}

#[tokio::test]
async fn quotas_are_read_and_replaced_at_their_route() {
    let status = json!({
        "config": {"enabled": true, "max_disk_usage_percent": 90},
        "usage": {"resident_memory_percent": 41},
        "peers": {"7": {"exceeded": true, "disk_usage_percent": 93}},
    });
    let server = Server::start(vec![
        Answer::result(status),
        Answer::result(json!(true)),
        Answer::json(
            400,
            json!({"status": {"error": "Bad request: max_disk_usage_percent must be in 1..=100"},
                   "time": 0.0}),
        ),
    ])
    .await;
    let rest = server.transport();

    let read = rest.get_quotas(()).await.unwrap();
    assert_eq!(read.config.max_disk_usage_percent, Some(90));
    assert_eq!(read.usage.resident_memory_percent, Some(41));
    let peer = &read.peers.as_ref().unwrap()["7"];
    assert!(peer.exceeded);
    assert_eq!(peer.disk_usage_percent, Some(93));
    let sent = server.one();
    assert_eq!(
        (
            sent.method.as_str(),
            sent.path.as_str(),
            sent.query.as_str()
        ),
        ("GET", "/quotas", "")
    );
    assert!(sent.body.is_empty());

    let config = QuotaConfig::new()
        .enabled(true)
        .max_resident_memory_percent(85)
        .release_margin_percent(0);
    assert!(
        rest.update_quotas(UpdateQuotas::new(config).wait(true))
            .await
            .unwrap()
    );
    let sent = server.one();
    assert_eq!(
        (
            sent.method.as_str(),
            sent.path.as_str(),
            sent.query.as_str()
        ),
        ("PUT", "/quotas", "wait=true")
    );
    assert_eq!(
        sent.json(),
        json!({"enabled": true, "max_resident_memory_percent": 85, "release_margin_percent": 0})
    );

    let refused = rest
        .update_quotas(QuotaConfig::new().max_disk_usage_percent(0).into())
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidArgument);
    // Unset, `wait` is the client default, as for every write.
    assert_eq!(server.one().query, "wait=true");
}

#[tokio::test]
async fn service_and_cluster_operations_send_their_query_and_read_their_answer() {
    let metrics = "# HELP app_info information about qdrant server\napp_info{name=\"qdrant\"} 1\n";
    let server = Server::start(vec![
        Answer::text(200, metrics),
        Answer::result(json!(true)),
        Answer::result(json!(true)),
        Answer::result(json!(true)),
        Answer::result(json!(true)),
        Answer::result(
            json!({"summary": {"queued_optimizations": 0, "queued_segments": 0,
                                          "queued_points": 0, "idle_segments": 1},
                              "running": [], "queued": [], "completed": []}),
        ),
        Answer::text(503, "some shards are not ready"),
    ])
    .await;
    let rest = server.transport();

    let text = rest
        .metrics(
            Metrics::new()
                .anonymize(true)
                .per_collection(false)
                .timeout(5),
        )
        .await
        .unwrap();
    assert_eq!(text, metrics);
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/metrics")
    );
    assert_eq!(sent.query, "anonymize=true&per_collection=false&timeout=5");

    assert!(rest.clear_issues(()).await.unwrap());
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/issues")
    );
    assert_eq!((sent.query.as_str(), sent.body.len()), ("", 0));

    assert!(rest.recover_current_peer(()).await.unwrap());
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/cluster/recover")
    );

    let remove = RemovePeer::new(7_207_729_005_036_124)
        .timeout(3)
        .force(true);
    assert!(rest.remove_peer(remove).await.unwrap());
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/cluster/peer/7207729005036124")
    );
    assert_eq!(sent.query, "timeout=3&force=true");

    let change = UpdateCollectionClusterSetup::new("c", MoveShard::new(1, 7, 8)).timeout(10);
    assert!(rest.update_collection_cluster(change).await.unwrap());
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/collections/c/cluster")
    );
    assert_eq!(sent.query, "timeout=10");
    assert_eq!(sent.header(header::CONTENT_TYPE), Some("application/json"));
    assert_eq!(
        sent.json(),
        json!({"move_shard": {"shard_id": 1, "from_peer_id": 7, "to_peer_id": 8}})
    );

    let optimizations = rest
        .get_optimizations(
            GetOptimizations::new("c")
                .with([OptimizationsWith::Queued, OptimizationsWith::Completed])
                .completed_limit(3),
        )
        .await
        .unwrap();
    assert_eq!(optimizations.completed, Some(Vec::new()));
    let sent = server.one();
    assert_eq!(sent.path, "/collections/c/optimizations");
    assert_eq!(sent.query, "with=queued%2Ccompleted&completed_limit=3");

    let not_ready = rest.readyz(()).await.unwrap_err();
    assert_eq!(not_ready.kind(), ErrorKind::Unavailable);
    assert_eq!(not_ready.message(), "HTTP 503: some shards are not ready");
}

#[tokio::test]
async fn snapshot_management_sends_wait_and_reads_accepted_answers() {
    let server = Server::start(vec![
        Answer::result(description()),
        Answer::result(json!(true)),
        // What Qdrant answers when told not to wait: no result at all.
        Answer::json(202, json!({"status": "accepted", "time": 0.0})),
        Answer::result(json!(true)),
        Answer::result(json!(true)),
        Answer::result(json!(true)),
        Answer::json(200, json!({"status": "ok", "time": 0.0})),
    ])
    .await;
    let rest = server.transport();

    let created = rest
        .create_shard_snapshot(CreateShardSnapshot::new("c", 1))
        .await
        .unwrap();
    assert_eq!(created.name, "c-1.snapshot");
    assert_eq!(created.checksum.as_deref(), Some("c47b"));
    let sent = server.one();
    assert_eq!(
        (
            sent.method.as_str(),
            sent.path.as_str(),
            sent.query.as_str()
        ),
        ("POST", "/collections/c/shards/1/snapshots", "wait=true")
    );

    assert!(
        rest.delete_snapshot(DeleteSnapshot::new("c", "c-1.snapshot"))
            .await
            .unwrap()
    );
    let sent = server.one();
    assert_eq!(
        (
            sent.method.as_str(),
            sent.path.as_str(),
            sent.query.as_str()
        ),
        (
            "DELETE",
            "/collections/c/snapshots/c-1.snapshot",
            "wait=true"
        )
    );

    let accepted = rest
        .delete_full_snapshot(DeleteFullSnapshot::new("full.snapshot").wait(false))
        .await
        .unwrap();
    assert!(accepted, "202 Accepted means the server took the request");
    let sent = server.one();
    assert_eq!(
        (sent.path.as_str(), sent.query.as_str()),
        ("/snapshots/full.snapshot", "wait=false")
    );

    assert!(
        rest.delete_shard_snapshot(DeleteShardSnapshot::new("c", 2, "s.snapshot"))
            .await
            .unwrap()
    );
    assert_eq!(
        server.one().path,
        "/collections/c/shards/2/snapshots/s.snapshot"
    );

    let recover = RecoverFromSnapshot::new("c", "http://peer:6333/c.snapshot")
        .priority(SnapshotPriority::Snapshot)
        .checksum("c47b")
        .api_key("remote-key");
    assert!(rest.recover_from_snapshot(recover).await.unwrap());
    let sent = server.one();
    assert_eq!(
        (
            sent.method.as_str(),
            sent.path.as_str(),
            sent.query.as_str()
        ),
        ("PUT", "/collections/c/snapshots/recover", "wait=true")
    );
    assert_eq!(
        sent.json(),
        json!({"location": "http://peer:6333/c.snapshot", "priority": "snapshot",
               "checksum": "c47b", "api_key": "remote-key"})
    );

    let recover = RecoverShardFromSnapshot::new("c", 3, "file:///snapshots/s.snapshot");
    assert!(rest.recover_shard_from_snapshot(recover).await.unwrap());
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/collections/c/shards/3/snapshots/recover")
    );
    assert_eq!(
        sent.json(),
        json!({"location": "file:///snapshots/s.snapshot"})
    );

    // A 200 without a result is not what Qdrant sends: it is not read as success.
    let error = rest
        .delete_snapshot(DeleteSnapshot::new("c", "x"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    server.one();

    // Qdrant would answer without the description that creation returns.
    for refused in [
        rest.create_snapshot(CreateSnapshot::new("c").wait(false))
            .await,
        rest.create_full_snapshot(CreateFullSnapshot::new().wait(false))
            .await,
        rest.create_shard_snapshot(CreateShardSnapshot::new("c", 0).wait(false))
            .await,
    ] {
        let error = refused.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains("wait=false"), "{error}");
    }
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn downloads_arrive_byte_identical() {
    let big = file_bytes(3 * 1024 * 1024 + 17);
    let small = file_bytes(70_000);
    let server = Server::start(vec![
        Answer::file(big.clone(), Framing::Sized),
        Answer::file(big.clone(), Framing::Chunked),
        Answer::file(small.clone(), Framing::Sized),
        Answer::file(small.clone(), Framing::Chunked),
        Answer::json(
            404,
            json!({"status": {"error": "Not found: Snapshot file `nope` does not exist"},
                   "time": 0.0}),
        ),
    ])
    .await;
    // Compression off, so that the announced size is the file's.
    let rest = RestTransport::new(ConnectionConfig::new(&server.url).compression(false)).unwrap();
    let dir = tempfile::tempdir().unwrap();

    let download = rest
        .get_snapshot(GetSnapshot::new("my collection", "c-1.snapshot"))
        .await
        .unwrap();
    assert_eq!(download.content_length(), Some(big.len() as u64));
    let path = dir.path().join("collection.snapshot");
    assert_eq!(
        download.write_to_file(&path).await.unwrap(),
        big.len() as u64
    );
    assert!(std::fs::read(&path).unwrap() == big, "the file differs");
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/collections/my%20collection/snapshots/c-1.snapshot")
    );

    let download = rest
        .get_full_snapshot(GetFullSnapshot::new("full.snapshot"))
        .await
        .unwrap();
    assert_eq!(download.content_length(), None);
    let path = dir.path().join("full.snapshot");
    assert_eq!(
        download.write_to_file(&path).await.unwrap(),
        big.len() as u64
    );
    assert!(std::fs::read(&path).unwrap() == big, "the file differs");
    assert_eq!(server.one().path, "/snapshots/full.snapshot");

    let shard = rest
        .get_shard_snapshot(GetShardSnapshot::new("c", 1, "s.snapshot"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(shard == small);
    assert_eq!(
        server.one().path,
        "/collections/c/shards/1/snapshots/s.snapshot"
    );

    let streamed = rest
        .stream_shard_snapshot(StreamShardSnapshot::new("c", 4))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(streamed == small);
    assert_eq!(server.one().path, "/collections/c/shards/4/snapshot");

    let missing = rest
        .get_snapshot(GetSnapshot::new("c", "nope"))
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert_eq!(
        missing.message(),
        "Not found: Snapshot file `nope` does not exist"
    );
}

#[tokio::test]
async fn a_download_cut_short_is_unavailable() {
    let server = Server::start(vec![Answer::file(
        file_bytes(300_000),
        Framing::CutShort {
            announced: 1_000_000,
        },
    )])
    .await;
    let rest = server.transport();
    let download = rest
        .get_full_snapshot(GetFullSnapshot::new("full.snapshot"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let error = download
        .write_to_file(dir.path().join("partial.snapshot"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unavailable, "{error}");
    assert!(
        error
            .message()
            .starts_with("get_full_snapshot (GET /snapshots/full.snapshot)"),
        "{error}"
    );
}

/// Splits a one-part `multipart/form-data` body into the part's headers and its content,
/// checking the framing against the boundary of `content_type`.
fn single_part<'a>(content_type: &str, body: &'a [u8]) -> (String, &'a [u8]) {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let opening = format!("--{boundary}\r\n");
    let closing = format!("\r\n--{boundary}--\r\n");
    assert!(body.starts_with(opening.as_bytes()), "no opening boundary");
    assert!(body.ends_with(closing.as_bytes()), "no closing boundary");
    let inner = &body[opening.len()..body.len() - closing.len()];
    let split = inner
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("the part's headers end");
    let headers = String::from_utf8(inner[..split].to_vec()).unwrap();
    (headers, &inner[split + 4..])
}

#[tokio::test]
async fn uploads_send_the_file_as_the_snapshot_part() {
    let contents = file_bytes(2 * 1024 * 1024 + 5);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c-1.snapshot");
    std::fs::write(&path, &contents).unwrap();
    let server = Server::start(vec![
        Answer::result(json!(true)),
        Answer::json(202, json!({"status": "accepted", "time": 0.0})),
    ])
    .await;
    let rest = server.transport();

    let upload = RecoverFromUploadedSnapshot::new("c", path.clone())
        .priority(SnapshotPriority::NoSync)
        .checksum("c47b");
    assert!(rest.recover_from_uploaded_snapshot(upload).await.unwrap());
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/collections/c/snapshots/upload")
    );
    assert_eq!(sent.query, "wait=true&priority=no_sync&checksum=c47b");
    assert_eq!(
        sent.header(header::CONTENT_LENGTH),
        Some(sent.body.len().to_string().as_str())
    );
    let (headers, file) = single_part(sent.header(header::CONTENT_TYPE).unwrap(), &sent.body);
    assert!(
        headers.contains(
            "Content-Disposition: form-data; name=\"snapshot\"; filename=\"c-1.snapshot\""
        ),
        "{headers}"
    );
    assert!(file == contents.as_slice(), "the file arrived changed");

    let upload = RecoverShardFromUploadedSnapshot::new("c", 2, b"in memory".to_vec()).wait(false);
    assert!(
        rest.recover_shard_from_uploaded_snapshot(upload)
            .await
            .unwrap()
    );
    let sent = server.one();
    assert_eq!(sent.path, "/collections/c/shards/2/snapshots/upload");
    assert_eq!(sent.query, "wait=false");
    let (headers, file) = single_part(sent.header(header::CONTENT_TYPE).unwrap(), &sent.body);
    assert!(headers.contains("name=\"snapshot\""), "{headers}");
    assert_eq!(file, b"in memory");

    let missing = dir.path().join("missing.snapshot");
    let error = rest
        .recover_from_uploaded_snapshot(RecoverFromUploadedSnapshot::new("c", missing.clone()))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        error.message().contains(&missing.display().to_string()),
        "{error}"
    );
    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn get_point_puts_the_id_in_the_path_and_a_missing_point_is_not_found() {
    let id: PointId = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26".parse().unwrap();
    let server = Server::start(vec![
        Answer::result(json!({"id": id.to_string(), "payload": {"color": "red"}})),
        Answer::json(
            404,
            json!({"status": {"error": "Not found: No point with id 404 found"}, "time": 0.0}),
        ),
    ])
    .await;
    let rest = server.transport();

    let point = rest.get_point(GetPoint::new("c", id)).await.unwrap();
    assert_eq!(point.id, id);
    let sent = server.one();
    assert_eq!(
        sent.path,
        "/collections/c/points/5c56c793-69f3-4fbf-87e6-c4bf54c28c26"
    );

    let mut request = GetPoint::new("c", 404);
    request.consistency = Some(ReadConsistency::Factor(2));
    let error = rest.get_point(request).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.message(), "Not found: No point with id 404 found");
    assert_eq!(error.resource(), Some(quadrant_transport::Resource::Point));
    let sent = server.one();
    assert_eq!(
        (sent.path.as_str(), sent.query.as_str()),
        ("/collections/c/points/404", "consistency=2")
    );
}
