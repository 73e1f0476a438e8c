//! The connection settings arrive on the wire: custom headers, the user agent, the api key and
//! refreshed bearer tokens, at a bare HTTP server written here; and the plain-http warning.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use quadrant_rest::RestTransport;
use quadrant_transport::config::{ConnectionConfig, Token, TokenProvider};
use quadrant_transport::{ErrorKind, Result, Transport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The request heads the server got, lower-cased, one string per request.
type Heads = Arc<Mutex<Vec<String>>>;

/// A server that answers every request with an empty collection list, except those whose number
/// (from 0) is in `refuse`, which get 401.
async fn server(refuse: &'static [usize]) -> (String, Heads) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let heads: Heads = Arc::default();
    let seen = heads.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                        buffer.drain(..end + 4);
                        let number = {
                            let mut seen = seen.lock().unwrap();
                            seen.push(head);
                            seen.len() - 1
                        };
                        let (status, body) = if refuse.contains(&number) {
                            ("401 Unauthorized", r#"{"status":{"error":"bad token"}}"#)
                        } else {
                            (
                                "200 OK",
                                r#"{"result":{"collections":[]},"status":"ok","time":0}"#,
                            )
                        };
                        let answer = format!(
                            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n\
                             content-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if socket.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    (address, heads)
}

fn has_line(head: &str, line: &str) -> bool {
    head.lines().any(|l| l.trim() == line)
}

#[tokio::test]
async fn headers_user_agent_and_api_key_arrive() {
    let (address, heads) = server(&[]).await;
    let transport = RestTransport::new(
        ConnectionConfig::new(address)
            .api_key("the-key")
            .header("x-tenant", "acme")
            .header("x-trace", "t-1")
            .user_agent("my-app/2.0")
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(5))
            .pool_size(1)
            .compression(true),
    )
    .unwrap();
    transport.get_collections(()).await.unwrap();
    let heads = heads.lock().unwrap();
    let head = &heads[0];
    assert!(head.starts_with("get /collections "), "{head}");
    for line in [
        "api-key: the-key",
        "x-tenant: acme",
        "x-trace: t-1",
        "user-agent: my-app/2.0",
    ] {
        assert!(has_line(head, line), "{line} missing from {head}");
    }
    assert!(head.contains("accept-encoding: gzip"), "{head}");
}

#[tokio::test]
async fn the_default_user_agent_names_quadrant_and_gzip_is_not_asked_for() {
    let (address, heads) = server(&[]).await;
    let transport = RestTransport::new(ConnectionConfig::new(address)).unwrap();
    transport.get_collections(()).await.unwrap();
    let head = heads.lock().unwrap()[0].clone();
    let expected = format!("user-agent: quadrant/{}", env!("CARGO_PKG_VERSION"));
    assert!(has_line(&head, &expected), "{head}");
    assert!(!head.contains("accept-encoding: gzip"), "{head}");
    assert!(!head.contains("api-key"), "{head}");
}

/// Hands out `token-0`, `token-1`, ... each valid for `lifetime`.
struct Numbered {
    issued: AtomicUsize,
    lifetime: Option<Duration>,
}

#[quadrant_transport::async_trait]
impl TokenProvider for Numbered {
    async fn token(&self) -> Result<Token> {
        let n = self.issued.fetch_add(1, Ordering::SeqCst);
        let token = Token::new(format!("token-{n}"));
        Ok(match self.lifetime {
            Some(lifetime) => token.valid_for(lifetime),
            None => token,
        })
    }
}

#[tokio::test]
async fn a_stale_token_is_refreshed_on_the_next_call() {
    let (address, heads) = server(&[]).await;
    let transport = RestTransport::new(ConnectionConfig::new(address).token_provider(Numbered {
        issued: AtomicUsize::new(0),
        lifetime: Some(Duration::ZERO),
    }))
    .unwrap();
    transport.get_collections(()).await.unwrap();
    transport.get_collections(()).await.unwrap();
    let heads = heads.lock().unwrap();
    assert!(
        has_line(&heads[0], "authorization: bearer token-0"),
        "{}",
        heads[0]
    );
    assert!(
        has_line(&heads[1], "authorization: bearer token-1"),
        "{}",
        heads[1]
    );
}

#[tokio::test]
async fn a_refused_token_is_replaced_and_a_good_one_kept() {
    let (address, heads) = server(&[0]).await;
    let transport = RestTransport::new(ConnectionConfig::new(address).token_provider(Numbered {
        issued: AtomicUsize::new(0),
        lifetime: None,
    }))
    .unwrap();
    let error = transport.get_collections(()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthenticated);
    transport.get_collections(()).await.unwrap();
    transport.get_collections(()).await.unwrap();
    let heads = heads.lock().unwrap();
    assert!(
        has_line(&heads[0], "authorization: bearer token-0"),
        "{}",
        heads[0]
    );
    assert!(
        has_line(&heads[1], "authorization: bearer token-1"),
        "{}",
        heads[1]
    );
    assert!(
        has_line(&heads[2], "authorization: bearer token-1"),
        "{}",
        heads[2]
    );
}

#[test]
fn bad_header_names_and_values_are_refused_without_echoing_the_value() {
    let error =
        RestTransport::new(ConnectionConfig::new("http://localhost").header("bad name", "v"))
            .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("bad name"), "{error}");
    let error = RestTransport::new(
        ConnectionConfig::new("http://localhost").header("x-secret", "hunter2\nsmuggled"),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(!error.message().contains("hunter2"), "{error}");
    let error = RestTransport::new(ConnectionConfig::new("https://localhost").ca_pem("not pem"))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("CA certificate"), "{error}");
}

/// A `tracing` subscriber that keeps every event as `LEVEL field=value ...`.
mod capture {
    use std::fmt::Write;
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture(pub Arc<Mutex<Vec<String>>>);

    struct Line(String);

    impl Visit for Line {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut line = Line(event.metadata().level().to_string());
            event.record(&mut line);
            self.0.lock().unwrap().push(line.0);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

fn events_while(build: impl FnOnce()) -> Vec<String> {
    let capture = capture::Capture::default();
    tracing::subscriber::with_default(capture.clone(), build);
    capture.0.lock().unwrap().clone()
}

#[test]
fn an_api_key_over_plain_http_to_a_remote_host_is_warned_about_once() {
    let events = events_while(|| {
        RestTransport::new(
            ConnectionConfig::new("http://qdrant.example.com:6333").api_key("hunter2"),
        )
        .unwrap();
    });
    let warnings: Vec<_> = events.iter().filter(|e| e.starts_with("WARN")).collect();
    assert_eq!(warnings.len(), 1, "{events:?}");
    assert!(warnings[0].contains("plain http"), "{events:?}");
    assert!(warnings[0].contains("qdrant.example.com"), "{events:?}");
    assert!(!warnings[0].contains("hunter2"), "{events:?}");

    for quiet in [
        ConnectionConfig::new("http://localhost:6333").api_key("k"),
        ConnectionConfig::new("http://127.0.0.1:6333").api_key("k"),
        ConnectionConfig::new("https://qdrant.example.com").api_key("k"),
        ConnectionConfig::new("http://qdrant.example.com"),
    ] {
        let shown = format!("{quiet:?}");
        let events = events_while(|| {
            RestTransport::new(quiet).unwrap();
        });
        assert!(
            events.iter().all(|e| !e.starts_with("WARN")),
            "{shown}: {events:?}"
        );
    }
}

#[test]
fn debug_of_config_and_transport_hides_credentials() {
    let config = ConnectionConfig::new("https://qdrant.example.com")
        .api_key("hunter2-key")
        .header("authorization", "Basic hunter2-basic");
    let transport = RestTransport::new(config.clone()).unwrap();
    for shown in [format!("{config:?}"), format!("{transport:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("qdrant.example.com"), "{shown}");
    }
}

/// The name REST's settings had before they became the shared `ConnectionConfig` still builds a
/// transport, with the same setters and the same meaning.
#[test]
#[allow(deprecated, reason = "the old name is what is tested")]
fn the_old_config_name_still_builds_a_transport() {
    let config: quadrant_rest::RestConfig = quadrant_rest::RestConfig::new("http://localhost:6333")
        .api_key("k")
        .timeout(std::time::Duration::from_secs(3))
        .compression(true);
    assert_eq!(config.timeout, Some(std::time::Duration::from_secs(3)));
    assert!(config.compression);
    let transport = RestTransport::new(config).unwrap();
    assert!(format!("{transport:?}").contains("localhost:6333"));
    // A url alone is a config too.
    assert!(RestTransport::new("http://localhost:6333").is_ok());
    assert!(RestTransport::new(String::from("not a url")).is_err());
}
