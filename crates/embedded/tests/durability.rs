//! A write that was acknowledged, a bulk upload that was finished, and the part of an
//! unfinished one that the engine's periodic flush reached, survive the process being killed.
//!
//! The parent test re-runs this test binary as a child that opens a database, writes, prints
//! an acknowledgement line once the calls have returned, and sleeps. The parent waits for that
//! line, checks that it cannot open the database the child holds, kills the child with SIGKILL
//! (no destructors, no flush), reopens the database and looks for the writes.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::Duration;

use quadrant_embedded::EmbeddedTransport;
use quadrant_models::*;
use quadrant_transport::Transport;
use serde_json::json;

/// Tells the child test which directory to write to; without it the child test does nothing.
const CHILD_ENV: &str = "QUADRANT_EMBEDDED_DURABILITY_CHILD";
const ACK: &str = "QUADRANT-EMBEDDED-ACK";
const COLLECTION: &str = "durable";
/// A collection whose bulk upload the child never finishes.
const UNFINISHED: &str = "unfinished";
/// Batches of 1,000 points in the unfinished upload: the first 66 pass the engine's periodic
/// flush at 65,536 points, the 67th does not.
const UNFINISHED_BATCHES: u64 = 67;

#[test]
fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "child_writes_then_sleeps",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("child starts");

    let stdout = child.stdout.take().expect("child stdout");
    let mut acknowledged = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("child output");
        // libtest may print "test child_writes_then_sleeps ... " on the same line first.
        if line.ends_with(ACK) {
            acknowledged = true;
            break;
        }
    }
    // While the child holds the database, this process may not open it.
    let refused = acknowledged.then(|| EmbeddedTransport::open(dir.path()));
    // SIGKILL on Unix: the child gets no chance to flush or drop anything.
    child.kill().expect("kill child");
    let status = child.wait().expect("child exits");
    assert!(
        acknowledged,
        "the child never acknowledged its writes ({status})"
    );
    let error = refused
        .expect("tried while the child was alive")
        .expect_err("a second process must not open the database");
    assert_eq!(error.kind(), quadrant_transport::ErrorKind::Usage);
    assert!(
        error.message().contains("already open in another process"),
        "{error}"
    );

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let transport = EmbeddedTransport::open(dir.path()).expect("reopen after kill");
        let count = transport
            .count_points(CountPoints::new(COLLECTION))
            .await
            .expect("count");
        // 101 upserted one call at a time, 300 as a bulk upload of three batches.
        assert_eq!(count.count, 401);

        let records = transport
            .get_points(GetPoints::new(COLLECTION, [42_u64]).with_payload(true))
            .await
            .expect("get point 42");
        assert_eq!(records.len(), 1, "point 42 is there");
        assert_eq!(
            records[0].payload.as_ref().map(|p| p["color"].clone()),
            Some(json!("red"))
        );

        // An unfinished bulk upload still flushes every 65,536 points (to bound the engine's
        // memory), so what it wrote up to the last such flush survives.
        let unfinished = transport
            .count_points(CountPoints::new(UNFINISHED))
            .await
            .expect("count the unfinished upload")
            .count;
        assert!(
            (66_000..=67_000).contains(&unfinished),
            "{unfinished} points of the unfinished upload survive"
        );

        let info = transport
            .get_collection(GetCollection::new(COLLECTION))
            .await
            .expect("collection info");
        assert!(
            info.payload_schema.contains_key("color"),
            "the payload index survives: {:?}",
            info.payload_schema
        );
    });
}

/// The child half of [`acknowledged_writes_survive_sigkill`]; does nothing when run by itself.
#[test]
fn child_writes_then_sleeps() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let transport = EmbeddedTransport::open(&path).expect("open");
        transport
            .create_collection(
                CreateCollection::new(COLLECTION)
                    .vectors_config(VectorParams::new(4, Distance::Cosine)),
            )
            .await
            .expect("create collection");
        transport
            .create_field_index(CreateFieldIndex::new(
                COLLECTION,
                "color",
                PayloadSchemaType::Keyword,
            ))
            .await
            .expect("create index");
        let batch: Vec<PointStruct> = (1000..1100_u64)
            .map(|id| {
                let x = id as f32;
                PointStruct::new(id, vec![x, 1.0, 0.5, 0.25], Payload::new())
            })
            .collect();
        transport
            .upsert_points(UpsertPoints::new(COLLECTION, batch))
            .await
            .expect("upsert batch");
        let payload = payload_from_json(json!({"color": "red"})).expect("object");
        transport
            .upsert_points(UpsertPoints::new(
                COLLECTION,
                vec![PointStruct::new(42_u64, vec![0.9, 0.1, 0.1, 0.5], payload)],
            ))
            .await
            .expect("upsert point 42");

        // A bulk upload leaves its flush to `finish_bulk_upsert`, which must make every batch
        // durable before it returns.
        for first in [2000_u64, 2100, 2200] {
            let batch: Vec<PointStruct> = (first..first + 100)
                .map(|id| PointStruct::new(id, vec![id as f32, 0.5, 1.0, 0.25], Payload::new()))
                .collect();
            transport
                .bulk_upsert(UpsertPoints::new(COLLECTION, batch))
                .await
                .expect("bulk batch");
        }
        transport
            .finish_bulk_upsert(COLLECTION.to_owned())
            .await
            .expect("finish the bulk upload");

        transport
            .create_collection(
                CreateCollection::new(UNFINISHED)
                    .vectors_config(VectorParams::new(4, Distance::Dot)),
            )
            .await
            .expect("create the unfinished collection");
        for batch in 0..UNFINISHED_BATCHES {
            let points: Vec<PointStruct> = (batch * 1000..(batch + 1) * 1000)
                .map(|id| PointStruct::new(id, vec![1.0, 0.5, id as f32, 0.25], Payload::new()))
                .collect();
            transport
                .bulk_upsert(UpsertPoints::new(UNFINISHED, points))
                .await
                .expect("unfinished bulk batch");
        }

        let mut stdout = std::io::stdout();
        writeln!(stdout, "{ACK}").expect("write ack");
        stdout.flush().expect("flush ack");
        // Killed by the parent long before this ends.
        tokio::time::sleep(Duration::from_secs(120)).await;
    });
}
