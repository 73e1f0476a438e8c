//! `with_timeout`: one call's own deadline, on both front ends, against a server that accepts
//! the connection and never answers.

use std::time::{Duration, Instant};

use quadrant::{AsyncQdrantClient, ErrorKind, QdrantClient, RetryPolicy};

/// A loopback listener that accepts connections and keeps them open without answering.
fn silent_server() -> (String, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(2) {
            held.push(stream);
        }
        std::thread::sleep(Duration::from_secs(5));
    });
    (url, handle)
}

const DEADLINE: Duration = Duration::from_millis(300);

fn assert_timed_out(error: &quadrant::Error, elapsed: Duration) {
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.message().contains("get_collections"), "{error}");
    // The deadline plus 10%, and not much before it.
    assert!(elapsed >= DEADLINE, "{elapsed:?}");
    assert!(elapsed <= DEADLINE + DEADLINE / 10, "{elapsed:?}");
}

#[tokio::test]
async fn an_async_call_gives_up_at_its_own_deadline() {
    let (url, _server) = silent_server();
    let client = AsyncQdrantClient::builder(url)
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::none())
        .check_compatibility(false)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .with_timeout(DEADLINE)
        .get_collections()
        .await
        .unwrap_err();
    assert_timed_out(&error, started.elapsed());
}

#[test]
fn a_blocking_call_gives_up_at_its_own_deadline() {
    let (url, _server) = silent_server();
    let client = QdrantClient::builder(url)
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::none())
        .check_compatibility(false)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.with_timeout(DEADLINE).get_collections().unwrap_err();
    assert_timed_out(&error, started.elapsed());
}
