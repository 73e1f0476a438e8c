//! The seed flow over gRPC: create a collection, upsert a point, and query its nearest
//! neighbours. It needs a Qdrant server: `http://localhost:6334` by default, or `QDRANT_URL`.
//!
//! ```sh
//! QDRANT_URL=http://localhost:6334 cargo run --example grpc_quickstart
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
    let url = std::env::var("QDRANT_URL").unwrap_or_else(|_| "http://localhost:6334".to_owned());
    // Port 6334 alone would pick gRPC; `.grpc()` says so whatever the port.
    let client = AsyncQdrantClient::builder(url).grpc().build()?;
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
