//! Measures the indexing policy on 20,000 random 128-d cosine points: the cost of a write,
//! when the HNSW index gets built and how long that takes, and query latency before and after.
//!
//! Ignored by default (it takes tens of seconds); run it with
//! `cargo test -p quadrant-embedded --test indexing -- --ignored --nocapture` (the engine is
//! built with `opt-level = 2` in the test profile, as every dependency of the workspace).

use std::time::{Duration, Instant};

use quadrant_embedded::EmbeddedTransport;
use quadrant_models::*;
use quadrant_transport::Transport;

const DIM: usize = 128;
const POINTS: u64 = 20_000;
const BATCH: u64 = 1_000;
const QUERIES: u32 = 200;

/// A small deterministic generator, so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 20_000) as f32 / 10_000.0 - 1.0
    }

    fn vector(&mut self) -> Vec<f32> {
        (0..DIM).map(|_| self.next()).collect()
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

async fn mean_query_ms(
    transport: &EmbeddedTransport,
    rng: &mut Rng,
    configure: impl Fn(QueryPoints) -> QueryPoints,
) -> f64 {
    let mut total = Duration::ZERO;
    for _ in 0..QUERIES {
        let request = configure(QueryPoints::new("bench").query(rng.vector()).limit(10));
        let started = Instant::now();
        let found = transport.query_points(request).await.expect("query");
        total += started.elapsed();
        assert_eq!(found.points.len(), 10);
    }
    ms(total) / f64::from(QUERIES)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; run with --ignored --nocapture"]
async fn twenty_thousand_points_get_an_hnsw_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let persistent = EmbeddedTransport::open(dir.path()).expect("open");
    measure(&persistent, "persistent (every write flushed)").await;
    let memory = EmbeddedTransport::memory().expect("memory");
    measure(&memory, ":memory: (no flush)").await;
}

async fn measure(transport: &EmbeddedTransport, label: &str) {
    transport
        .create_collection(
            CreateCollection::new("bench")
                .vectors_config(VectorParams::new(DIM as u64, Distance::Cosine)),
        )
        .await
        .expect("create");

    let mut rng = Rng(0x5eed);
    let mut plain_writes = Vec::new();
    let mut indexing_write = None;
    let mut before_index = None;
    for start in (0..POINTS).step_by(BATCH as usize) {
        if start + BATCH == POINTS {
            // Last batch before the threshold: the collection is still searched exhaustively.
            before_index = Some(mean_query_ms(transport, &mut rng, |q| q).await);
        }
        let points: Vec<_> = (start..start + BATCH)
            .map(|id| PointStruct::new(id, rng.vector(), Payload::new()))
            .collect();
        let started = Instant::now();
        transport
            .upsert_points(UpsertPoints::new("bench", points))
            .await
            .expect("upsert");
        let elapsed = started.elapsed();
        let info = transport
            .get_collection(GetCollection::new("bench"))
            .await
            .expect("info");
        if indexing_write.is_none() && info.indexed_vectors_count.unwrap_or(0) > 0 {
            indexing_write = Some((start + BATCH, elapsed));
        } else {
            plain_writes.push(elapsed);
        }
    }

    let info = transport
        .get_collection(GetCollection::new("bench"))
        .await
        .expect("info");
    assert_eq!(info.points_count, Some(POINTS));
    assert_eq!(
        info.indexed_vectors_count,
        Some(POINTS),
        "the whole collection ends up in an HNSW index"
    );

    let single = {
        let started = Instant::now();
        let rounds = 50_u32;
        for i in 0..rounds {
            let point = PointStruct::new(100_000 + u64::from(i), rng.vector(), Payload::new());
            transport
                .upsert_points(UpsertPoints::new("bench", vec![point]))
                .await
                .expect("single upsert");
        }
        ms(started.elapsed()) / f64::from(rounds)
    };

    let after_index = mean_query_ms(transport, &mut rng, |q| q).await;
    let with_payload = mean_query_ms(transport, &mut rng, |q| q.with_payload(true)).await;
    let exact = mean_query_ms(transport, &mut rng, |q| {
        q.params(SearchParams {
            exact: Some(true),
            ..SearchParams::default()
        })
    })
    .await;

    let round_trip = {
        let started = Instant::now();
        for _ in 0..QUERIES {
            transport
                .collection_exists(CollectionExists::new("bench"))
                .await
                .expect("exists");
        }
        ms(started.elapsed()) / f64::from(QUERIES)
    };

    let plain_mean = plain_writes.iter().map(|d| ms(*d)).sum::<f64>() / plain_writes.len() as f64;
    let (indexed_at, indexing) = indexing_write.expect("an index was built");
    eprintln!(
        "{label}: 20k x 128-d cosine, batches of {BATCH}, limit 10, mean of {QUERIES} queries"
    );
    eprintln!("  upsert of {BATCH} points:               {plain_mean:.1} ms");
    eprintln!("  upsert of 1 point:                   {single:.2} ms");
    eprintln!(
        "  write that built the index (at {indexed_at} points): {:.0} ms",
        ms(indexing)
    );
    eprintln!(
        "  query before index (19k, exhaustive): {:.2} ms",
        before_index.unwrap_or(f64::NAN)
    );
    eprintln!("  query after index (HNSW):             {after_index:.2} ms");
    eprintln!("  query after index, with payload:      {with_payload:.2} ms");
    eprintln!("  query with exact=true:                {exact:.2} ms");
    eprintln!("  round trip of a trivial call:         {round_trip:.3} ms");
}
