//! The blocking front end: the async client driven by an owned runtime, and refusing, with a
//! clear error, to block inside a Tokio runtime.

#![cfg(feature = "embedded")]

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

#[test]
fn a_snapshot_downloads_to_a_file_and_to_memory_alike() {
    use quadrant::models::{CreateCollection, CreateSnapshot, Distance, GetSnapshot, VectorParams};

    let client = QdrantClient::memory().expect("embedded client");
    client
        .create_collection(
            CreateCollection::new("c").vectors_config(VectorParams::new(2, Distance::Dot)),
        )
        .expect("create");
    let snapshot = client
        .create_snapshot(CreateSnapshot::new("c"))
        .expect("snapshot");
    let path =
        std::env::temp_dir().join(format!("quadrant-blocking-{}.snapshot", std::process::id()));
    let written = client
        .get_snapshot(GetSnapshot::new("c", &snapshot.name))
        .expect("download")
        .write_to_file(&path)
        .expect("to file");
    let in_memory = client
        .get_snapshot(GetSnapshot::new("c", &snapshot.name))
        .expect("download")
        .bytes()
        .expect("bytes");
    let on_disk = std::fs::read(&path).expect("read back");
    std::fs::remove_file(&path).ok();
    assert_eq!(written, snapshot.size);
    assert_eq!(on_disk, in_memory);
}
