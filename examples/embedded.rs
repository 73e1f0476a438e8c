//! The embedded transport: the real Qdrant engine in this process, with no server.
//!
//! - `AsyncQdrantClient::memory()` keeps everything in a private temporary directory, removed
//!   when the client is dropped: for tests and throwaway work.
//! - `AsyncQdrantClient::local(path)` persists in `path`: a collection written there is found
//!   again when the directory is reopened, here after dropping the first client.
//!
//! ```sh
//! cargo run --example embedded
//! ```

#![allow(clippy::print_stdout)] // An example shows its results.

use quadrant::AsyncQdrantClient;
use quadrant::models::{
    CountPoints, CreateCollection, Distance, GetPoint, PointStruct, QueryPoints, UpsertPoints,
    VectorParams, payload_from_json,
};
use serde_json::json;

const POINTS: u64 = 100;

/// A collection of `POINTS` 4-d points, each with its number in the payload.
async fn fill(
    client: &AsyncQdrantClient,
    collection: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    client
        .create_collection(
            CreateCollection::new(collection).vectors_config(VectorParams::new(4, Distance::Dot)),
        )
        .await?;
    let points = (0..POINTS)
        .map(|id| {
            let x = id as f32 / POINTS as f32;
            let payload = payload_from_json(json!({ "n": id }))?;
            Ok(PointStruct::new(id, vec![x, 1.0 - x, 0.5, 0.25], payload))
        })
        .collect::<Result<Vec<_>, quadrant::models::NotAnObject>>()?;
    client
        .upsert_points(UpsertPoints::new(collection, points))
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // In memory: gone with the client.
    let memory = AsyncQdrantClient::memory()?;
    fill(&memory, "scratch").await?;
    let best = memory
        .query_points(
            QueryPoints::new("scratch")
                .query(vec![1.0, 0.0, 0.0, 0.0])
                .limit(3),
        )
        .await?;
    let ids: Vec<String> = best
        .points
        .iter()
        .map(|point| point.id.to_string())
        .collect();
    println!(
        "memory: the 3 points most like [1, 0, 0, 0] are {}",
        ids.join(", ")
    );
    drop(memory);

    // On disk: written by one client, read by the next.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("qdrant");
    {
        let local = AsyncQdrantClient::local(&path)?;
        fill(&local, "kept").await?;
        println!("local: wrote {POINTS} points into {}", path.display());
        // Dropping the client closes the engine and releases the directory.
    }
    let reopened = AsyncQdrantClient::local(&path)?;
    let count = reopened
        .count_points(CountPoints::new("kept").exact(true))
        .await?
        .count;
    let last = reopened
        .get_point(GetPoint::new("kept", POINTS - 1))
        .await?;
    let payload = serde_json::Value::Object(last.payload.unwrap_or_default());
    println!(
        "local: reopened, {count} points still there; point {} has {payload}",
        last.id
    );
    if count != POINTS {
        return Err(format!("expected {POINTS} points after reopening, found {count}").into());
    }
    Ok(())
}
