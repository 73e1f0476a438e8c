//! Qdrant next to another async SDK: the calls that do not depend on each other run at the
//! same time with `tokio::join!`, and the request takes as long as the slowest, not the sum.
//!
//! The other SDK is a stand-in for an embedding API: an async function that waits 50 ms, as a
//! network call would, and returns a deterministic vector for the text. Each request embeds
//! the reader's question while Qdrant fetches what that reader has already read (ids and
//! vectors); the final query needs both. The example times the two steps one after the other,
//! then joined, and prints the time saved: the Qdrant lookup's own time, hidden behind the
//! embedding call. On the embedded engine that is a millisecond or so; against a server
//! (`QDRANT_URL`) it includes the network round trip.
//!
//! Runs on the embedded engine, with no server.
//!
//! ```sh
//! cargo run --example concurrent_sdks
//! ```

#![allow(clippy::print_stdout)] // An example shows its results.

use std::time::{Duration, Instant};

use quadrant::AsyncQdrantClient;
use quadrant::models::{
    Condition, CreateCollection, CreateFieldIndex, Distance, Filter, PayloadSchemaType, PointId,
    PointStruct, QueryPoints, ScrollPoints, UpsertPoints, VectorParams, VectorStructOutput,
    payload_from_json,
};
use serde_json::json;

const COLLECTION: &str = "articles";
const DIM: usize = 64;
const ARTICLES: u64 = 5_000;
const READERS: u64 = 50;
const REQUESTS: u64 = 21;
/// How long the stand-in embedding service takes to answer.
const EMBEDDING_LATENCY: Duration = Duration::from_millis(50);

/// A deterministic vector for `text`: the same text always gives the same vector.
fn vector_of(text: &str) -> Vec<f32> {
    // FNV-1a over the text seeds a small generator (xorshift); no randomness, no dependency.
    let mut state = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (0..DIM)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        })
        .collect()
}

/// The stand-in embedding SDK: answers after a network-like delay.
async fn embed(text: &str) -> Vec<f32> {
    tokio::time::sleep(EMBEDDING_LATENCY).await;
    vector_of(text)
}

/// What `reader` has read: the articles' ids, and their mean vector (the reader's taste),
/// found by a payload filter.
async fn reading_history(
    client: &AsyncQdrantClient,
    reader: u64,
) -> quadrant::Result<(Vec<PointId>, Vec<f32>)> {
    let page = client
        .scroll_points(
            ScrollPoints::new(COLLECTION)
                .filter(Filter::must([Condition::matches("read_by", reader as i64)]))
                .limit(1_000)
                .with_payload(false)
                .with_vector(true),
        )
        .await?;
    let mut taste = vec![0.0; DIM];
    let mut ids = Vec::with_capacity(page.points.len());
    for point in page.points {
        if let Some(VectorStructOutput::Single(vector)) = &point.vector {
            for (sum, x) in taste.iter_mut().zip(vector) {
                *sum += x;
            }
        }
        ids.push(point.id);
    }
    Ok((ids, taste))
}

/// The final query, which needs both the embedding and the reading history: near the
/// question, leaning towards the reader's taste, leaving out what they have read.
async fn recommend(
    client: &AsyncQdrantClient,
    question: Vec<f32>,
    (read, taste): (Vec<PointId>, Vec<f32>),
) -> quadrant::Result<Vec<PointId>> {
    let norm = taste
        .iter()
        .map(|x| x * x)
        .sum::<f32>()
        .sqrt()
        .max(f32::EPSILON);
    let query: Vec<f32> = question
        .iter()
        .zip(&taste)
        .map(|(q, t)| 0.8 * q + 0.2 * t / norm)
        .collect();
    let found = client
        .query_points(
            QueryPoints::new(COLLECTION)
                .query(query)
                .filter(Filter::must_not([Condition::has_id(read)]))
                .limit(5),
        )
        .await?;
    Ok(found.points.into_iter().map(|point| point.id).collect())
}

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples
        .get(samples.len() / 2)
        .map_or(0.0, |median| median.as_secs_f64() * 1000.0)
}

async fn seed(client: &AsyncQdrantClient) -> Result<(), Box<dyn std::error::Error>> {
    if client.collection_exists(COLLECTION).await? {
        client.delete_collection(COLLECTION).await?;
    }
    client
        .create_collection(
            CreateCollection::new(COLLECTION)
                .vectors_config(VectorParams::new(DIM as u64, Distance::Cosine)),
        )
        .await?;
    client
        .create_field_index(CreateFieldIndex::new(
            COLLECTION,
            "read_by",
            PayloadSchemaType::Integer,
        ))
        .await?;
    let ids: Vec<u64> = (0..ARTICLES).collect();
    for chunk in ids.chunks(1_000) {
        let points = chunk
            .iter()
            .map(|&id| {
                // Each article has been read by a few readers.
                let readers: Vec<u64> = (0..3).map(|k| (id * 7 + k * 13) % READERS).collect();
                let payload = payload_from_json(json!({ "read_by": readers }))?;
                Ok(PointStruct::new(
                    id,
                    vector_of(&format!("article {id}")),
                    payload,
                ))
            })
            .collect::<Result<Vec<_>, quadrant::models::NotAnObject>>()?;
        client
            .upsert_points(UpsertPoints::new(COLLECTION, points))
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = match std::env::var("QDRANT_URL") {
        Ok(url) => AsyncQdrantClient::new(url)?,
        Err(_) => AsyncQdrantClient::memory()?,
    };
    seed(&client).await?;
    println!(
        "{ARTICLES} articles over {}; the embedding service takes {} ms",
        client.transport().name(),
        EMBEDDING_LATENCY.as_millis()
    );

    let mut sequential = Vec::new();
    let mut joined = Vec::new();
    let mut lookups = Vec::new();
    for request in 0..REQUESTS {
        let reader = request % READERS;
        let question = format!("question {request} from reader {reader}");

        // One after the other: the Qdrant lookup waits for the embedding for no reason.
        let started = Instant::now();
        let embedding = embed(&question).await;
        let lookup_started = Instant::now();
        let history = reading_history(&client, reader).await?;
        lookups.push(lookup_started.elapsed());
        let found = recommend(&client, embedding, history).await?;
        sequential.push(started.elapsed());

        // Joined: both are in flight at once. `?` comes after the join: the embedding
        // cannot fail here, the lookup can.
        let started = Instant::now();
        let (embedding, history) = tokio::join!(embed(&question), reading_history(&client, reader));
        let found_joined = recommend(&client, embedding, history?).await?;
        joined.push(started.elapsed());

        if found != found_joined {
            return Err(format!("request {request}: different results when joined").into());
        }
    }

    let (sequential, joined, lookup) = (median(sequential), median(joined), median(lookups));
    println!("median of {REQUESTS} requests:");
    println!("  sequential: {sequential:6.2} ms");
    println!("  joined:     {joined:6.2} ms");
    println!(
        "  saved:      {:6.2} ms per request, the time of the Qdrant lookup ({lookup:.2} ms) \
         hidden behind the embedding call",
        sequential - joined
    );
    Ok(())
}
