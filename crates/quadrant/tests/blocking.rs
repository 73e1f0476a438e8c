//! The blocking front end: the async client driven by an owned runtime, and refusing, with a
//! clear error, to block inside a Tokio runtime.

use quadrant::{ErrorKind, QdrantClient};

#[test]
fn blocking_client_runs_calls_to_completion() {
    let client = QdrantClient::memory().expect("embedded client");
    assert!(
        !client
            .collection_exists("nothing_here")
            .expect("exists call")
    );
    assert!(
        client
            .get_collections()
            .expect("list")
            .collections
            .is_empty()
    );
}

#[test]
fn blocking_call_inside_a_runtime_is_a_usage_error_not_a_deadlock() {
    let client = QdrantClient::memory().expect("embedded client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let error = runtime
        .block_on(async { client.collection_exists("x") })
        .expect_err("blocking inside a runtime must fail");
    assert_eq!(error.kind(), ErrorKind::Usage);
    assert!(error.message().contains("AsyncQdrantClient"), "{error}");
    // Dropping the blocking client inside the runtime must not panic either.
    runtime.block_on(async move { drop(client) });
}

#[test]
fn clones_share_the_engine() {
    let client = QdrantClient::memory().expect("embedded client");
    let clone = client.clone();
    let thread = std::thread::spawn(move || clone.get_collections().map(|c| c.collections.len()));
    assert_eq!(thread.join().expect("thread").expect("call"), 0);
}
