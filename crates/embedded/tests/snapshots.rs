//! Snapshots of the embedded transport: taking, listing, downloading, deleting and recovering
//! collection, shard and full snapshots, and refusing damaged ones without harm.

use std::path::{Path, PathBuf};

use quadrant_embedded::EmbeddedTransport;
use quadrant_models::*;
use quadrant_transport::{ErrorKind, Transport};
use serde_json::json;

const COLLECTION: &str = "snap";

async fn collection_with_points(transport: &EmbeddedTransport, name: &str, points: u64) {
    transport
        .create_collection(
            CreateCollection::new(name).vectors_config(VectorParams::new(4, Distance::Dot)),
        )
        .await
        .expect("create collection");
    let batch: Vec<PointStruct> = (1..=points)
        .map(|id| {
            let payload =
                payload_from_json(json!({"id": id, "city": format!("city-{id}")})).expect("object");
            PointStruct::new(id, vec![id as f32, 1.0, 0.5, 0.25], payload)
        })
        .collect();
    transport
        .upsert_points(UpsertPoints::new(name, batch))
        .await
        .expect("upsert");
}

async fn count(transport: &EmbeddedTransport, name: &str) -> u64 {
    transport
        .count_points(CountPoints::new(name))
        .await
        .expect("count")
        .count
}

async fn city_of(transport: &EmbeddedTransport, name: &str, id: u64) -> Option<serde_json::Value> {
    let records = transport
        .get_points(GetPoints::new(name, [id]).with_payload(true))
        .await
        .expect("get points");
    records
        .first()
        .and_then(|record| record.payload.as_ref())
        .map(|payload| payload["city"].clone())
}

fn snapshot_file(transport: &EmbeddedTransport, collection: &str, name: &str) -> PathBuf {
    transport
        .path()
        .join("snapshots")
        .join(collection)
        .join(name)
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The collection directories on disk: a refused recovery must leave none behind.
fn collection_dirs(transport: &EmbeddedTransport) -> usize {
    std::fs::read_dir(transport.path().join("collections"))
        .expect("collections dir")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn round_trip_in_place_and_through_download_and_upload() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, COLLECTION, 5).await;

    let snapshot = transport
        .create_snapshot(CreateSnapshot::new(COLLECTION))
        .await
        .expect("create snapshot");
    assert!(
        snapshot.name.starts_with("snap-") && snapshot.name.ends_with(".snapshot"),
        "{snapshot:?}"
    );
    let checksum = snapshot.checksum.clone().expect("checksum");
    assert_eq!(checksum.len(), 64, "{checksum}");
    assert!(snapshot.size > 0);
    let creation_time = snapshot.creation_time.clone().expect("creation time");
    assert_eq!(
        creation_time.len(),
        "2026-11-21T08:16:02".len(),
        "{creation_time}"
    );

    // Recovering in place brings deleted points back.
    transport
        .delete_points(DeletePoints::points(COLLECTION, [1_u64, 2, 3]))
        .await
        .expect("delete");
    assert_eq!(count(&transport, COLLECTION).await, 2);
    let path = snapshot_file(&transport, COLLECTION, &snapshot.name);
    assert!(
        transport
            .recover_from_snapshot(
                RecoverFromSnapshot::new(COLLECTION, file_url(&path)).checksum(checksum.clone())
            )
            .await
            .expect("recover")
    );
    assert_eq!(count(&transport, COLLECTION).await, 5);
    assert_eq!(
        city_of(&transport, COLLECTION, 2).await,
        Some(json!("city-2"))
    );
    // The recovered collection takes writes like any other.
    collection_write_works(&transport, COLLECTION).await;

    // The downloaded file is the snapshot, byte for byte.
    let download = transport
        .get_snapshot(GetSnapshot::new(COLLECTION, &snapshot.name))
        .await
        .expect("get snapshot");
    assert_eq!(download.content_length(), Some(snapshot.size));
    let bytes = download.bytes().await.expect("download");
    assert_eq!(bytes, std::fs::read(&path).expect("snapshot file"));

    // Into a second, on-disk transport, as bytes and as a file.
    let dir = tempfile::tempdir().expect("temp dir");
    let other = EmbeddedTransport::open(dir.path().join("db")).expect("open");
    assert!(
        other
            .recover_from_uploaded_snapshot(
                RecoverFromUploadedSnapshot::new("copy", bytes.clone()).checksum(checksum.clone())
            )
            .await
            .expect("recover upload")
    );
    assert_eq!(count(&other, "copy").await, 5);
    assert_eq!(city_of(&other, "copy", 4).await, Some(json!("city-4")));
    let info = other
        .get_collection(GetCollection::new("copy"))
        .await
        .expect("info");
    assert_eq!(info.points_count, Some(5));

    let file = dir.path().join("downloaded.snapshot");
    std::fs::write(&file, &bytes).expect("write file");
    assert!(
        other
            .recover_from_uploaded_snapshot(RecoverFromUploadedSnapshot::new(
                "from-file",
                file.as_path()
            ))
            .await
            .expect("recover from path")
    );
    assert_eq!(count(&other, "from-file").await, 5);
    collection_write_works(&other, "from-file").await;
}

async fn collection_write_works(transport: &EmbeddedTransport, name: &str) {
    let before = count(transport, name).await;
    transport
        .upsert_points(UpsertPoints::new(
            name,
            vec![PointStruct::new(
                1000_u64,
                vec![0.1, 0.2, 0.3, 0.4],
                Payload::new(),
            )],
        ))
        .await
        .expect("upsert after recovery");
    // An existing point is updated too: the recovered shard's operation numbers continue.
    transport
        .upsert_points(UpsertPoints::new(
            name,
            vec![PointStruct::new(
                5_u64,
                vec![0.5, 0.5, 0.5, 0.5],
                payload_from_json(json!({"city": "changed"})).expect("object"),
            )],
        ))
        .await
        .expect("update after recovery");
    assert_eq!(count(transport, name).await, before + 1);
    assert_eq!(city_of(transport, name, 5).await, Some(json!("changed")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_checksum_mismatch_is_refused_and_changes_nothing() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, COLLECTION, 3).await;
    let snapshot = transport
        .create_snapshot(CreateSnapshot::new(COLLECTION))
        .await
        .expect("snapshot");
    transport
        .delete_points(DeletePoints::points(COLLECTION, [1_u64]))
        .await
        .expect("delete");
    let path = snapshot_file(&transport, COLLECTION, &snapshot.name);
    let wrong = "0".repeat(64);
    let error = transport
        .recover_from_snapshot(
            RecoverFromSnapshot::new(COLLECTION, file_url(&path)).checksum(&wrong),
        )
        .await
        .expect_err("wrong checksum");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("checksum mismatch"), "{error}");
    let bytes = std::fs::read(&path).expect("read");
    let error = transport
        .recover_from_uploaded_snapshot(
            RecoverFromUploadedSnapshot::new(COLLECTION, bytes).checksum(&wrong),
        )
        .await
        .expect_err("wrong checksum on upload");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        count(&transport, COLLECTION).await,
        2,
        "the collection is untouched"
    );
    assert_eq!(collection_dirs(&transport), 1, "nothing left behind");
}

#[tokio::test(flavor = "multi_thread")]
async fn garbage_and_truncated_uploads_are_refused_without_damage() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, COLLECTION, 4).await;
    let snapshot = transport
        .create_snapshot(CreateSnapshot::new(COLLECTION))
        .await
        .expect("snapshot");
    let bytes = std::fs::read(snapshot_file(&transport, COLLECTION, &snapshot.name)).expect("read");
    transport
        .delete_points(DeletePoints::points(COLLECTION, [4_u64]))
        .await
        .expect("delete");

    let mut garbage = b"this is not a snapshot".to_vec();
    garbage.resize(4096, 7);
    let mut cases = vec![
        ("garbage", garbage),
        ("empty", Vec::new()),
        ("half", bytes[..bytes.len() / 2].to_vec()),
    ];
    // Cut on a 512-byte tar block boundary, where an archive looks complete to a reader.
    for cut in [1024, bytes.len() / 1024 * 512] {
        cases.push(("block boundary", bytes[..cut].to_vec()));
    }
    for (what, upload) in cases {
        for target in [COLLECTION, "new-one"] {
            let error = transport
                .recover_from_uploaded_snapshot(RecoverFromUploadedSnapshot::new(
                    target,
                    upload.clone(),
                ))
                .await
                .expect_err(what);
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{what}: {error}");
        }
    }
    assert_eq!(
        count(&transport, COLLECTION).await,
        3,
        "the collection is untouched"
    );
    assert!(
        !transport
            .collection_exists(CollectionExists::new("new-one"))
            .await
            .expect("exists")
            .exists
    );
    assert_eq!(collection_dirs(&transport), 1, "nothing left behind");

    let error = transport
        .recover_from_snapshot(RecoverFromSnapshot::new(
            COLLECTION,
            "https://example.com/snap.snapshot",
        ))
        .await
        .expect_err("http");
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    let error = transport
        .recover_from_snapshot(RecoverFromSnapshot::new(
            COLLECTION,
            "file:///no/such/file.snapshot",
        ))
        .await
        .expect_err("missing file");
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
    assert!(!error.is_retryable());
}

/// A failure of the local disk is `ErrorKind::Io`, which a retry layer does not repeat, with
/// the I/O error as its source: a database directory that cannot be created, a snapshot file
/// that cannot be opened, a snapshot that cannot be written. (The tests run as root, which
/// permissions do not stop, so a regular file stands where a directory should be.)
#[tokio::test(flavor = "multi_thread")]
async fn local_disk_failures_are_io_and_not_retried() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a directory").expect("write");
    let is_local_io = |error: &quadrant_transport::Error| {
        assert_eq!(error.kind(), ErrorKind::Io, "{error}");
        assert!(!error.is_retryable(), "{error}");
        let source = std::error::Error::source(error).expect("the I/O error is the source");
        assert!(source.is::<std::io::Error>(), "{source}");
    };

    let error = EmbeddedTransport::open(file.join("db")).expect_err("a database under a file");
    is_local_io(&error);
    let error = EmbeddedTransport::open_from_snapshot(file.join("db"), &file)
        .expect_err("a restore under a file");
    is_local_io(&error);

    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, COLLECTION, 2).await;
    let error = transport
        .recover_from_snapshot(RecoverFromSnapshot::new(
            COLLECTION,
            file_url(&file.join("x.snapshot")),
        ))
        .await
        .expect_err("a snapshot path through a file");
    is_local_io(&error);

    let snapshots = transport.path().join("snapshots");
    if snapshots.exists() {
        std::fs::remove_dir_all(&snapshots).expect("remove the snapshots directory");
    }
    std::fs::write(&snapshots, b"in the way").expect("a file in the way");
    let error = transport
        .create_snapshot(CreateSnapshot::new(COLLECTION))
        .await
        .expect_err("the snapshots directory is a file");
    is_local_io(&error);
    assert_eq!(
        count(&transport, COLLECTION).await,
        2,
        "the collection is intact"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_deleting_and_shards() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, COLLECTION, 2).await;
    assert!(
        transport
            .list_snapshots(ListSnapshots::new(COLLECTION))
            .await
            .expect("list")
            .is_empty()
    );
    let first = transport
        .create_snapshot(CreateSnapshot::new(COLLECTION))
        .await
        .expect("first");
    let second = transport
        .create_snapshot(CreateSnapshot::new(COLLECTION))
        .await
        .expect("second");
    assert_ne!(
        first.name, second.name,
        "two snapshots in one second differ"
    );
    let mut listed = transport
        .list_snapshots(ListSnapshots::new(COLLECTION))
        .await
        .expect("list");
    listed.sort_by(|a, b| a.name.cmp(&b.name));
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(listed, expected);

    assert!(
        transport
            .delete_snapshot(DeleteSnapshot::new(COLLECTION, &first.name))
            .await
            .expect("delete")
    );
    let listed = transport
        .list_snapshots(ListSnapshots::new(COLLECTION))
        .await
        .expect("list");
    assert_eq!(listed, vec![second.clone()]);
    for error in [
        transport
            .delete_snapshot(DeleteSnapshot::new(COLLECTION, &first.name))
            .await
            .expect_err("deleted twice"),
        transport
            .get_snapshot(GetSnapshot::new(COLLECTION, &first.name))
            .await
            .expect_err("get deleted"),
        transport
            .list_snapshots(ListSnapshots::new("missing"))
            .await
            .expect_err("missing collection"),
    ] {
        assert!(error.is_not_found(), "{error}");
    }
    let error = transport
        .get_snapshot(GetSnapshot::new(COLLECTION, "../../catalog.json"))
        .await
        .expect_err("path in name");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);

    // Shard 0 is the collection's one shard; its snapshots are listed apart.
    let error = transport
        .create_shard_snapshot(CreateShardSnapshot::new(COLLECTION, 1))
        .await
        .expect_err("shard 1");
    assert!(error.is_not_found(), "{error}");
    let shard = transport
        .create_shard_snapshot(CreateShardSnapshot::new(COLLECTION, 0))
        .await
        .expect("shard snapshot");
    assert!(shard.name.starts_with("snap-shard-0-"), "{shard:?}");
    assert_eq!(
        transport
            .list_shard_snapshots(ListShardSnapshots::new(COLLECTION, 0))
            .await
            .expect("list shard"),
        vec![shard.clone()]
    );
    assert_eq!(
        transport
            .list_snapshots(ListSnapshots::new(COLLECTION))
            .await
            .expect("list")
            .len(),
        1
    );
    let shard_bytes = transport
        .get_shard_snapshot(GetShardSnapshot::new(COLLECTION, 0, &shard.name))
        .await
        .expect("get shard snapshot")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(shard_bytes.len() as u64, shard.size);

    let streamed = transport
        .stream_shard_snapshot(StreamShardSnapshot::new(COLLECTION, 0))
        .await
        .expect("stream");
    let streamed = streamed.bytes().await.expect("streamed bytes");
    transport
        .delete_points(DeletePoints::points(COLLECTION, [1_u64]))
        .await
        .expect("delete point");
    assert!(
        transport
            .recover_shard_from_uploaded_snapshot(RecoverShardFromUploadedSnapshot::new(
                COLLECTION, 0, streamed
            ))
            .await
            .expect("recover shard")
    );
    assert_eq!(count(&transport, COLLECTION).await, 2);
    let error = transport
        .recover_shard_from_uploaded_snapshot(RecoverShardFromUploadedSnapshot::new(
            "missing",
            0,
            shard_bytes.clone(),
        ))
        .await
        .expect_err("shard of a missing collection");
    assert!(error.is_not_found(), "{error}");

    assert!(
        transport
            .delete_shard_snapshot(DeleteShardSnapshot::new(COLLECTION, 0, &shard.name))
            .await
            .expect("delete shard snapshot")
    );
    assert!(
        transport
            .list_shard_snapshots(ListShardSnapshots::new(COLLECTION, 0))
            .await
            .expect("list shard")
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn full_snapshot_round_trip() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, "first", 3).await;
    collection_with_points(&transport, "second", 6).await;
    transport
        .update_aliases(ChangeAliasesOperation::new([AliasOperations::create(
            "second", "latest",
        )]))
        .await
        .expect("alias");

    let snapshot = transport
        .create_full_snapshot(CreateFullSnapshot::new())
        .await
        .expect("full snapshot");
    assert!(snapshot.name.starts_with("full-snapshot-"), "{snapshot:?}");
    assert_eq!(
        transport.list_full_snapshots(()).await.expect("list full"),
        vec![snapshot.clone()]
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("full.snapshot");
    let written = transport
        .get_full_snapshot(GetFullSnapshot::new(&snapshot.name))
        .await
        .expect("get full")
        .write_to_file(&file)
        .await
        .expect("to file");
    assert_eq!(written, snapshot.size);

    let restored =
        EmbeddedTransport::open_from_snapshot(dir.path().join("db"), &file).expect("restore");
    assert_eq!(count(&restored, "first").await, 3);
    assert_eq!(count(&restored, "second").await, 6);
    assert_eq!(count(&restored, "latest").await, 6, "the alias came along");
    drop(restored);
    let reopened = EmbeddedTransport::open(dir.path().join("db")).expect("reopen");
    assert_eq!(count(&reopened, "first").await, 3);

    let error =
        EmbeddedTransport::open_from_snapshot(dir.path().join("db"), &file).expect_err("not empty");
    assert_eq!(error.kind(), ErrorKind::Usage);

    // A collection snapshot is not a full one, and the other way round.
    let error = transport
        .recover_from_uploaded_snapshot(RecoverFromUploadedSnapshot::new("x", file.as_path()))
        .await
        .expect_err("full snapshot into a collection");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);

    assert!(
        transport
            .delete_full_snapshot(DeleteFullSnapshot::new(&snapshot.name))
            .await
            .expect("delete full")
    );
    assert!(
        transport
            .list_full_snapshots(())
            .await
            .expect("list")
            .is_empty()
    );
    let error = transport
        .delete_full_snapshot(DeleteFullSnapshot::new(&snapshot.name))
        .await
        .expect_err("deleted twice");
    assert!(error.is_not_found(), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn on_disk_snapshots_survive_a_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let snapshot = {
        let transport = EmbeddedTransport::open(dir.path()).expect("open");
        collection_with_points(&transport, COLLECTION, 4).await;
        transport
            .create_snapshot(CreateSnapshot::new(COLLECTION))
            .await
            .expect("snapshot")
    };
    // Sparse storage keeps the engine's preallocated files from bloating the archive.
    assert!(snapshot.size < 16 << 20, "{} bytes", snapshot.size);

    let transport = EmbeddedTransport::open(dir.path()).expect("reopen");
    assert_eq!(
        transport
            .list_snapshots(ListSnapshots::new(COLLECTION))
            .await
            .expect("list"),
        vec![snapshot.clone()]
    );
    transport
        .delete_collection(DeleteCollection::new(COLLECTION))
        .await
        .expect("delete collection");
    let path = dir
        .path()
        .join("snapshots")
        .join(COLLECTION)
        .join(&snapshot.name);
    assert!(
        transport
            .recover_from_snapshot(
                RecoverFromSnapshot::new(COLLECTION, file_url(&path))
                    .checksum(snapshot.checksum.clone().expect("checksum"))
            )
            .await
            .expect("recover into a deleted collection")
    );
    drop(transport);
    let transport = EmbeddedTransport::open(dir.path()).expect("reopen again");
    assert_eq!(count(&transport, COLLECTION).await, 4);
    assert_eq!(
        city_of(&transport, COLLECTION, 3).await,
        Some(json!("city-3"))
    );
}
