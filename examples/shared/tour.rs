//! The calls `examples/rest.rs` and `examples/grpc.rs` both make: the same code, whichever
//! transport the client was built with. Not an example of its own; both include it with
//! `#[path]`.

use std::process::ExitCode;

use quadrant::models::{
    Condition, CountPoints, CreateCollection, CreateFieldIndex, Distance, Filter,
    PayloadSchemaType, PointStruct, QueryPoints, ScrollPoints, UpsertPoints, VectorParams,
    payload_from_json,
};
use quadrant::{AsyncQdrantClient, ErrorKind};
use serde_json::json;

/// Says how to get a server when `url` does not answer, and exits non-zero; runs [`tour`]
/// otherwise.
pub async fn run(client: AsyncQdrantClient, url: &str) -> ExitCode {
    // One cheap call first, so that a missing server gets a clear message rather than an
    // error from the middle of the tour.
    let version = match client.root().await {
        Ok(info) => info.version,
        Err(error) if matches!(error.kind(), ErrorKind::Unavailable | ErrorKind::Timeout) => {
            eprintln!(
                "No Qdrant server answers at {url} ({error}).\n\
                 Start one with `docker run -p 6333:6333 -p 6334:6334 qdrant/qdrant`, or set \
                 QDRANT_URL to a server's address."
            );
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("Qdrant at {url} refused the first call: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "connected to Qdrant {version} at {url} over {}",
        client.transport().name()
    );
    match tour(&client).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Creates a collection of its own, writes, indexes, queries, scrolls and counts, and deletes
/// the collection again.
pub async fn tour(client: &AsyncQdrantClient) -> Result<(), Box<dyn std::error::Error>> {
    let collection = format!("quadrant_example_{}", client.transport().name());
    if client.collection_exists(collection.as_str()).await? {
        client.delete_collection(collection.as_str()).await?;
    }
    client
        .create_collection(
            CreateCollection::new(collection.as_str())
                .vectors_config(VectorParams::new(4, Distance::Cosine)),
        )
        .await?;
    client
        .create_field_index(CreateFieldIndex::new(
            collection.as_str(),
            "color",
            PayloadSchemaType::Keyword,
        ))
        .await?;

    let points = [
        (1, [0.9, 0.1, 0.1, 0.5], "red"),
        (2, [0.1, 0.9, 0.1, 0.5], "green"),
        (3, [0.8, 0.2, 0.1, 0.4], "red"),
        (4, [0.1, 0.1, 0.9, 0.5], "blue"),
    ]
    .into_iter()
    .map(|(id, vector, color)| {
        Ok(PointStruct::new(
            id,
            vector.to_vec(),
            payload_from_json(json!({ "color": color }))?,
        ))
    })
    .collect::<Result<Vec<_>, quadrant::models::NotAnObject>>()?;
    let written = client
        .upsert_points(UpsertPoints::new(collection.as_str(), points))
        .await?;
    println!("upserted 4 points: {:?}", written.status);

    let red = Filter::must([Condition::matches("color", "red")]);
    let found = client
        .query_points(
            QueryPoints::new(collection.as_str())
                .query(vec![0.9, 0.1, 0.1, 0.5])
                .filter(red.clone())
                .limit(3)
                .with_payload(true),
        )
        .await?;
    for point in &found.points {
        println!("red and near: id={} score={:.4}", point.id, point.score);
    }

    let page = client
        .scroll_points(ScrollPoints::new(collection.as_str()).limit(10))
        .await?;
    let ids: Vec<String> = page
        .points
        .iter()
        .map(|point| point.id.to_string())
        .collect();
    println!("scrolled ids: {}", ids.join(", "));

    let count = client
        .count_points(
            CountPoints::new(collection.as_str())
                .filter(red)
                .exact(true),
        )
        .await?;
    println!("red points: {}", count.count);

    client.delete_collection(collection.as_str()).await?;
    println!("deleted {collection}");
    Ok(())
}
