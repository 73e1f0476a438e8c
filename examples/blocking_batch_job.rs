//! The script case: the blocking `QdrantClient` loads many points with `upload_points`, then
//! reads back the ones matching a filter with `scroll_stream`, an iterator over every page.
//!
//! The upload is cut into batches sent a few at a time, each retried on its own; memory stays
//! bounded by `batch_size × parallelism` however many points the iterator yields. With the
//! crate feature `progress` a progress bar shows on the terminal; without it, progress is
//! printed through the `on_progress` callback.
//!
//! Runs on the embedded engine, with no server (`QDRANT_URL` to use one). The number of points
//! is the first argument, 50 000 by default.
//!
//! ```sh
//! cargo run --example blocking_batch_job --features progress
//! cargo run --example blocking_batch_job -- 2000
//! ```

#![allow(clippy::print_stdout)] // An example shows its results.

use quadrant::QdrantClient;
use quadrant::models::{
    Condition, CountPoints, CreateCollection, CreateFieldIndex, Distance, Filter, Payload,
    PayloadSchemaType, PointStruct, ScrollPoints, VectorParams,
};
use quadrant::upload::{UploadFailure, UploadPoints};
use serde_json::json;

const COLLECTION: &str = "batch_job";
const DIM: usize = 32;
const GROUPS: u64 = 10;

/// The `id`-th generated point: a cheap deterministic vector, and its group in the payload.
fn point(id: u64) -> PointStruct {
    let vector: Vec<f32> = (0..DIM as u64)
        .map(|k| ((id * 31 + k * 17) % 97) as f32 / 97.0)
        .collect();
    let mut payload = Payload::new();
    payload.insert("group".to_owned(), json!(id % GROUPS));
    PointStruct::new(id, vector, payload)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let points: u64 = match std::env::args().nth(1) {
        Some(arg) => arg
            .parse()
            .map_err(|_| format!("the number of points must be a number, not {arg:?}"))?,
        None => 50_000,
    };
    let client = match std::env::var("QDRANT_URL") {
        Ok(url) => QdrantClient::new(url)?,
        Err(_) => QdrantClient::memory()?,
    };

    if client.collection_exists(COLLECTION)? {
        client.delete_collection(COLLECTION)?;
    }
    client.create_collection(
        CreateCollection::new(COLLECTION)
            .vectors_config(VectorParams::new(DIM as u64, Distance::Cosine)),
    )?;
    client.create_field_index(CreateFieldIndex::new(
        COLLECTION,
        "group",
        PayloadSchemaType::Integer,
    ))?;

    // The iterator is read lazily, as batches go out: the points never all exist at once.
    let upload = UploadPoints::new(COLLECTION, (0..points).map(point))
        .batch_size(1_000)
        .parallelism(4);
    #[cfg(feature = "progress")]
    let upload = upload.progress_bar();
    #[cfg(not(feature = "progress"))]
    let upload = {
        let mut next_report = 0;
        upload.on_progress(move |progress| {
            // Every tenth of the way, rather than every batch.
            let percent = progress.points * 100 / progress.total.unwrap_or(u64::MAX).max(1);
            if percent >= next_report {
                println!("  {percent:3}%: {} points", progress.points);
                next_report = percent + 10;
            }
        })
    };

    let summary = match client.upload_points(upload) {
        Ok(summary) => summary,
        Err(error) => {
            // Which batches were not written, and where to resume.
            if let Some(failure) = UploadFailure::of(&error) {
                eprintln!("upload stopped: {failure}");
            }
            return Err(error.into());
        }
    };
    let seconds = summary.elapsed.as_secs_f64();
    println!(
        "uploaded {} points in {} batches ({} retries) in {seconds:.2} s: {:.0} points/s",
        summary.points,
        summary.batches,
        summary.retries,
        summary.points as f64 / seconds.max(f64::EPSILON)
    );

    // Every point of one group, page by page; the iterator follows the offsets and ends after
    // the last page.
    let group_3 = Filter::must([Condition::matches("group", 3_i64)]);
    let mut scrolled = 0_u64;
    for record in client.scroll_stream(
        ScrollPoints::new(COLLECTION)
            .filter(group_3.clone())
            .limit(500)
            .with_payload(false),
    ) {
        let record = record?;
        if let quadrant::models::PointId::Num(id) = record.id
            && id % GROUPS != 3
        {
            return Err(format!("point {id} is not in group 3").into());
        }
        scrolled += 1;
    }
    let counted = client
        .count_points(CountPoints::new(COLLECTION).filter(group_3).exact(true))?
        .count;
    println!("group 3: {scrolled} points scrolled, {counted} counted");
    let expected = points / GROUPS + u64::from(points % GROUPS > 3);
    if summary.points != points || scrolled != expected || counted != expected {
        return Err(format!(
            "expected {points} points uploaded and {expected} in group 3; got {}, {scrolled} \
             scrolled and {counted} counted",
            summary.points
        )
        .into());
    }
    Ok(())
}
