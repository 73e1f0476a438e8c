//! The seed flow: create a collection, upsert a point, and query its nearest neighbours.
//!
//! Runs on the embedded engine, with no server. Set `QDRANT_URL` (for example
//! `http://localhost:6333`) to run the same calls against a Qdrant server.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

#![allow(clippy::print_stdout)] // An example shows its results.

use quadrant::AsyncQdrantClient;
use quadrant::models::{
    CreateCollection, Distance, PointId, PointStruct, QueryPoints, UpsertPoints, VectorParams,
    payload_from_json,
};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = match std::env::var("QDRANT_URL") {
        Ok(url) => AsyncQdrantClient::new(url)?,
        Err(_) => AsyncQdrantClient::memory()?,
    };
    let collection = "my_collection";

    if !client.collection_exists(collection).await? {
        client
            .create_collection(
                CreateCollection::new(collection)
                    .vectors_config(VectorParams::new(4, Distance::Cosine)),
            )
            .await?;
    }

    let id: PointId = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26".parse()?;
    let point = PointStruct::new(
        id,
        vec![0.9, 0.1, 0.1, 0.5],
        payload_from_json(json!({"color": "red"}))?,
    );
    client
        .upsert_points(UpsertPoints::new(collection, vec![point]))
        .await?;

    let found = client
        .query_points(
            QueryPoints::new(collection)
                .query(vec![0.9, 0.1, 0.1, 0.5])
                .limit(2)
                .with_payload(true),
        )
        .await?;
    for point in &found.points {
        let payload = serde_json::Value::Object(point.payload.clone().unwrap_or_default());
        println!("id={} score={:.4} payload={payload}", point.id, point.score);
    }
    Ok(())
}
