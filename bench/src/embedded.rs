//! Benchmarks of the embedded engine through the public facade: query latency at 20k × 128-d,
//! bulk upload of 100k × 128-d points at several parallelisms, batch overlap over REST into a
//! slow in-process sink, and the peak memory of uploading 100k and 1M small points, each
//! measured in a child process of its own so that one measurement's peak cannot hide another's.
//! The query benchmark also times the same queries asked of the engine directly
//! (`src/embedded/direct.rs`), in the same run, as the baseline its `vs_direct` ratios divide by.

mod direct;
mod memory;
mod sink;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quadrant::AsyncQdrantClient;
use quadrant::upload::{UploadPoints, UploadSummary};
use quadrant_models::{
    CountPoints, CreateCollection, Distance, Payload, PointStruct, QueryPoints, UpsertPoints,
    VectorParams,
};

pub use memory::{PROBE_ARG, probe_main};

use crate::{Filters, Measurement, Report, Target, seconds};
use sink::Sink;

/// Dimensions of the latency and upload benchmarks' vectors.
const DIM: usize = 128;
/// Points per upsert while filling the latency benchmark's collection.
const FILL_BATCH: usize = 1_000;
/// The number of results every query asks for.
const LIMIT: u64 = 10;

/// A small xorshift64* generator: reproducible data without a dependency for it.
#[derive(Debug, Clone)]
pub(crate) struct XorShift(u64);

impl XorShift {
    /// A generator started from `seed` (zero is replaced, since xorshift would stay at zero).
    pub(crate) fn new(seed: u64) -> Self {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A float uniform in [-1, 1).
    pub(crate) fn next_f32(&mut self) -> f32 {
        // 24 bits: exactly what an f32 mantissa holds.
        let unit = (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
        unit * 2.0 - 1.0
    }

    /// A vector of `dim` such floats.
    pub(crate) fn vector(&mut self, dim: usize) -> Vec<f32> {
        (0..dim).map(|_| self.next_f32()).collect()
    }
}

/// `n` points of `dim` random dimensions with ids `0..n` and a small payload, made one at a
/// time as they are pulled: never all in memory.
pub(crate) fn lazy_points(seed: u64, n: u64, dim: usize) -> impl Iterator<Item = PointStruct> {
    let mut rng = XorShift::new(seed);
    (0..n).map(move |i| PointStruct::new(i, rng.vector(dim), payload(i)))
}

/// The payload of point `i`: a number, a keyword and a short text, like a typical document.
fn payload(i: u64) -> Payload {
    let mut payload = Payload::new();
    payload.insert("i".into(), i.into());
    payload.insert("group".into(), format!("g{}", i % 16).into());
    payload.insert("title".into(), format!("document number {i}").into());
    payload
}

/// A cosine collection of `dim` dimensions named `name`.
pub(crate) async fn create_collection(
    client: &AsyncQdrantClient,
    name: &str,
    dim: usize,
) -> quadrant::Result<()> {
    client
        .create_collection(
            CreateCollection::new(name)
                .vectors_config(VectorParams::new(dim as u64, Distance::Cosine)),
        )
        .await?;
    Ok(())
}

/// The exact number of points in `name`.
pub(crate) async fn count(client: &AsyncQdrantClient, name: &str) -> quadrant::Result<u64> {
    Ok(client
        .count_points(CountPoints::new(name).exact(true))
        .await?
        .count)
}

/// A runtime like a service's on this machine: multi-threaded, one worker per core.
pub(crate) fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// Latencies sorted, with the statistics the report gives.
#[derive(Debug)]
pub(crate) struct Latencies(Vec<Duration>);

impl Latencies {
    fn new(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        Latencies(samples)
    }

    /// The `q`-quantile (0..=1), nearest rank; zero when there are no samples.
    fn quantile(&self, q: f64) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((self.0.len() as f64 * q).ceil() as usize).clamp(1, self.0.len());
        self.0.get(rank - 1).copied().unwrap_or_default()
    }

    fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    fn p99(&self) -> Duration {
        self.quantile(0.99)
    }

    fn mean(&self) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        self.0.iter().sum::<Duration>() / self.0.len() as u32
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Benchmark names, so that filters can skip a group's set-up.
const QUERY: &str = "embedded/query";
const UPLOAD: &str = "embedded/upload";
const OVERLAP: &str = "rest-sink/upload-overlap";
const MEMORY: &str = "embedded/peak-memory";

/// Runs the embedded benchmarks that `filters` selects, adding their results to `report`.
///
/// A benchmark that fails is reported as a note, and the others still run.
pub fn run(report: &mut Report, quick: bool, filters: &Filters) {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            report.note(format!("embedded: no Tokio runtime: {e}"));
            return;
        }
    };
    if filters.matches(QUERY)
        && let Err(e) = runtime.block_on(query_latency(report, quick))
    {
        report.note(format!("{QUERY}: failed: {e}"));
    }
    if filters.matches(UPLOAD)
        && let Err(e) = runtime.block_on(bulk_upload(report, quick))
    {
        report.note(format!("{UPLOAD}: failed: {e}"));
    }
    if filters.matches(OVERLAP)
        && let Err(e) = runtime.block_on(upload_overlap(report, quick))
    {
        report.note(format!("{OVERLAP}: failed: {e}"));
    }
    // The memory probes run in child processes: give them the machine, with no engine threads
    // of this process still around.
    drop(runtime);
    if filters.matches(MEMORY)
        && let Err(e) = memory::peak_memory(report, quick)
    {
        report.note(format!("{MEMORY}: failed: {e}"));
    }
}

/// Any error of a benchmark, as text for the report's notes.
pub(crate) type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Fills a 20k × 128-d cosine collection (2k with `--quick`) in batches of 1,000, checks that
/// the vector index was built, and times `query_points` with limit 10, without and with the
/// payload.
///
/// The same points also go into an engine shard of our own ([`direct::DirectShard`]), and
/// every query vector is asked of both, one after the other on this thread, the facade first
/// in even rounds and the engine first in odd ones, so that a drift of the machine falls on
/// both alike: `direct_p50` is the engine's own latency and `vs_direct` the facade's p50
/// divided by it.
async fn query_latency(report: &mut Report, quick: bool) -> BenchResult<()> {
    let points: u64 = if quick { 2_000 } else { 20_000 };
    let queries: usize = if quick { 200 } else { 2_000 };
    let warmup = queries / 10;
    let client = AsyncQdrantClient::memory()?;
    let name = "latency";
    create_collection(&client, name, DIM).await?;

    let started = Instant::now();
    let mut source = lazy_points(1, points, DIM);
    loop {
        let batch: Vec<PointStruct> = source.by_ref().take(FILL_BATCH).collect();
        if batch.is_empty() {
            break;
        }
        client.upsert_points(UpsertPoints::new(name, batch)).await?;
    }
    let fill = started.elapsed();
    let info = client.get_collection(name).await?;
    let indexed = info.indexed_vectors_count.unwrap_or(0);
    let stored = info.points_count.unwrap_or(0);
    if stored != points {
        return Err(format!("{stored} points stored, {points} upserted").into());
    }
    if indexed == 0 && !quick {
        // The transport indexes once a segment passes the server's indexing threshold (about
        // 20k vectors of 128-d); report the exact-scan figure rather than a wrong label.
        report.note(format!(
            "{QUERY}: the vector index was not built after {points} points; latencies are of an exact scan"
        ));
    }

    let direct = direct::DirectShard::fill(lazy_points(1, points, DIM), DIM, FILL_BATCH)?;
    if direct.points() != points {
        return Err(format!(
            "the direct shard holds {} points, {points} upserted",
            direct.points()
        )
        .into());
    }
    if direct.indexed == 0 && !quick {
        report.note(format!(
            "{QUERY}: the direct shard's vector index was not built after {points} points; its latencies are of an exact scan"
        ));
    }
    if direct.indexed != indexed || direct.segments != info.segments_count {
        report.note(format!(
            "{QUERY}: the direct shard differs from the collection: {} indexed vectors in {} segments, against {indexed} in {}",
            direct.indexed, direct.segments, info.segments_count
        ));
    }

    let mut rng = XorShift::new(2);
    for (label, with_payload) in [("no-payload", false), ("payload", true)] {
        let vectors: Vec<Vec<f32>> = (0..warmup + queries).map(|_| rng.vector(DIM)).collect();
        let mut samples = Vec::with_capacity(queries);
        let mut direct_samples = Vec::with_capacity(queries);
        for (i, vector) in vectors.into_iter().enumerate() {
            let engine_request = direct::request(vector.clone(), LIMIT as usize, with_payload);
            let request = QueryPoints::new(name)
                .query(vector)
                .limit(LIMIT)
                .with_payload(with_payload);
            let (took, direct_took) = if i % 2 == 0 {
                let took = facade_query(&client, request, with_payload).await?;
                (took, direct_query(&direct, engine_request, with_payload)?)
            } else {
                let direct_took = direct_query(&direct, engine_request, with_payload)?;
                (
                    facade_query(&client, request, with_payload).await?,
                    direct_took,
                )
            };
            if i >= warmup {
                samples.push(took);
                direct_samples.push(direct_took);
            }
        }
        let latencies = Latencies::new(samples);
        let direct_latencies = Latencies::new(direct_samples);
        let base = format!("{QUERY}/{}k-{DIM}d-limit{LIMIT}/{label}", points / 1000);
        let params = |m: Measurement| {
            m.param("points", points)
                .param("dim", DIM as u64)
                .param("queries", queries as u64)
                .param("indexed_vectors", indexed)
                .param("segments", info.segments_count)
                .param("fill_ms", ms(fill))
                .param("mean_ms", ms(latencies.mean()))
        };
        report.push(params(
            Measurement::new(format!("{base}/p50"), ms(latencies.median()), "ms")
                .target(Target::AtMost(0.3)),
        ));
        report.push(params(Measurement::new(
            format!("{base}/p99"),
            ms(latencies.p99()),
            "ms",
        )));
        report.push(
            Measurement::new(
                format!("{base}/direct_p50"),
                ms(direct_latencies.median()),
                "ms",
            )
            .param("queries", queries as u64)
            .param("indexed_vectors", direct.indexed)
            .param("segments", direct.segments)
            .param("fill_ms", ms(direct.fill))
            .param("mean_ms", ms(direct_latencies.mean()))
            .param("p99_ms", ms(direct_latencies.p99())),
        );
        report.push(
            Measurement::new(
                format!("{base}/vs_direct"),
                seconds(latencies.median()) / seconds(direct_latencies.median()),
                "x",
            )
            .param(
                "p99_ratio",
                seconds(latencies.p99()) / seconds(direct_latencies.p99()),
            ),
        );
    }
    Ok(())
}

/// Times one `query_points` through the facade and checks its answer.
async fn facade_query(
    client: &AsyncQdrantClient,
    request: QueryPoints,
    with_payload: bool,
) -> BenchResult<Duration> {
    let started = Instant::now();
    let answer = client.query_points(request).await?;
    let took = started.elapsed();
    if answer.points.len() as u64 != LIMIT {
        return Err(format!("a query found {} points, not {LIMIT}", answer.points.len()).into());
    }
    if with_payload && answer.points.iter().any(|p| p.payload.is_none()) {
        return Err("a query with payload returned a point without one".into());
    }
    Ok(took)
}

/// Times one query asked of the engine directly and checks its answer as [`facade_query`]
/// does.
fn direct_query(
    shard: &direct::DirectShard,
    request: qdrant_edge::QueryRequest,
    with_payload: bool,
) -> BenchResult<Duration> {
    let started = Instant::now();
    let answer = shard.query(request)?;
    let took = started.elapsed();
    if answer.len() as u64 != LIMIT {
        return Err(format!("a direct query found {} points, not {LIMIT}", answer.len()).into());
    }
    if with_payload && answer.iter().any(|p| p.payload.is_none()) {
        return Err("a direct query with payload returned a point without one".into());
    }
    Ok(took)
}

/// Uploads `points` into `name` through the facade's `upload_points`, in batches of
/// `batch_size` with at most `parallelism` in flight; returns its summary.
async fn upload(
    client: &AsyncQdrantClient,
    name: &str,
    points: impl Iterator<Item = PointStruct> + Send + 'static,
    batch_size: usize,
    parallelism: usize,
) -> BenchResult<UploadSummary> {
    Ok(upload_timed(client, name, points, batch_size, parallelism)
        .await?
        .0)
}

/// As [`upload`], and also how long it took until the last batch was written: on the
/// embedded engine the rest of the call is the flush and index build done once at the end.
async fn upload_timed(
    client: &AsyncQdrantClient,
    name: &str,
    points: impl Iterator<Item = PointStruct> + Send + 'static,
    batch_size: usize,
    parallelism: usize,
) -> BenchResult<(UploadSummary, Duration)> {
    let last_batch = Arc::new(Mutex::new(Duration::ZERO));
    let seen = Arc::clone(&last_batch);
    let summary = client
        .upload_points(
            UploadPoints::new(name, points)
                .batch_size(batch_size)
                .parallelism(parallelism)
                .on_progress(move |progress| {
                    if let Ok(mut last) = seen.lock() {
                        *last = progress.elapsed;
                    }
                }),
        )
        .await?;
    let ingested = last_batch.lock().map(|last| *last).unwrap_or_default();
    Ok((summary, ingested))
}

/// Parallelisms the upload benchmarks compare.
const PARALLELISMS: [usize; 3] = [1, 2, 4];

/// Uploads 100k × 128-d points (5k with `--quick`) into a new embedded collection with
/// parallelism 1, 2 and 4; the time covers the whole call, including the flush and index
/// build the embedded transport does once at the end of an upload.
async fn bulk_upload(report: &mut Report, quick: bool) -> BenchResult<()> {
    let points: u64 = if quick { 5_000 } else { 100_000 };
    let batch_size = 1_000;
    for parallelism in PARALLELISMS {
        let client = AsyncQdrantClient::memory()?;
        let name = "upload";
        create_collection(&client, name, DIM).await?;
        let started = Instant::now();
        let (summary, ingested) = upload_timed(
            &client,
            name,
            lazy_points(3, points, DIM),
            batch_size,
            parallelism,
        )
        .await?;
        let took = started.elapsed();
        let sent = summary.points;
        let stored = count(&client, name).await?;
        if sent != points || stored != points {
            return Err(format!("uploaded {sent} of {points} points, {stored} stored").into());
        }
        let info = client.get_collection(name).await?;
        report.push(
            Measurement::new(
                format!(
                    "{UPLOAD}/{}k-{DIM}d/p{parallelism}/points_per_s",
                    points / 1000
                ),
                points as f64 / seconds(took),
                "points/s",
            )
            .param("points", points)
            .param("dim", DIM as u64)
            .param("batch_size", batch_size as u64)
            .param("parallelism", parallelism as u64)
            .param("elapsed_s", took.as_secs_f64())
            .param("batches", summary.batches)
            .param("retries", summary.retries)
            .param("indexed_vectors", info.indexed_vectors_count.unwrap_or(0))
            .param("segments", info.segments_count),
        );
        report.push(Measurement::new(
            format!("{UPLOAD}/{}k-{DIM}d/p{parallelism}/elapsed", points / 1000),
            took.as_secs_f64(),
            "s",
        ));
        report.push(Measurement::new(
            format!(
                "{UPLOAD}/{}k-{DIM}d/p{parallelism}/ingest_points_per_s",
                points / 1000
            ),
            points as f64 / seconds(ingested),
            "points/s",
        ));
        report.push(Measurement::new(
            format!(
                "{UPLOAD}/{}k-{DIM}d/p{parallelism}/final_flush_and_index",
                points / 1000
            ),
            took.saturating_sub(ingested).as_secs_f64(),
            "s",
        ));
    }
    // The same points as a loop of `upsert_points` calls, one batch at a time: each call
    // applies its batch and builds the index when due, as a single write does.
    let client = AsyncQdrantClient::memory()?;
    let name = "upload-loop";
    create_collection(&client, name, DIM).await?;
    let started = Instant::now();
    let mut input = lazy_points(3, points, DIM).peekable();
    while input.peek().is_some() {
        let batch: Vec<PointStruct> = input.by_ref().take(batch_size).collect();
        client
            .upsert_points(quadrant_models::UpsertPoints::new(name, batch))
            .await?;
    }
    let took = started.elapsed();
    let stored = count(&client, name).await?;
    if stored != points {
        return Err(format!("the upsert loop stored {stored} of {points} points").into());
    }
    report.push(
        Measurement::new(
            format!("{UPLOAD}/{}k-{DIM}d/upsert-loop/elapsed", points / 1000),
            took.as_secs_f64(),
            "s",
        )
        .param("batch_size", batch_size as u64),
    );
    Ok(())
}

/// The delay of the slow sink: a stand-in for the server's time per batch.
const SINK_DELAY: Duration = Duration::from_millis(5);

/// Uploads through the REST transport into a sink that answers each batch 5 ms after reading
/// it, with parallelism 1, 2 and 4: with overlap, p = 2 takes about half the time of p = 1.
async fn upload_overlap(report: &mut Report, quick: bool) -> BenchResult<()> {
    let points: u64 = if quick { 2_000 } else { 10_000 };
    let batch_size = 100;
    let batches = points.div_ceil(batch_size as u64);
    let sink = Sink::start(SINK_DELAY).await?;
    let client = AsyncQdrantClient::builder(sink.url())
        .rest()
        .check_compatibility(false)
        .build()?;
    // One untimed round opens the connections the timed ones reuse.
    upload(&client, "overlap", lazy_points(4, 400, DIM), batch_size, 4).await?;
    let mut serial = None;
    for parallelism in PARALLELISMS {
        let before = sink.counters.requests();
        let bytes_before = sink.counters.body_bytes();
        let started = Instant::now();
        let sent = upload(
            &client,
            "overlap",
            lazy_points(4, points, DIM),
            batch_size,
            parallelism,
        )
        .await?
        .points;
        let took = started.elapsed();
        let received = sink.counters.requests() - before;
        if sent != points || received != batches {
            return Err(format!(
                "sent {sent} points in {received} requests, expected {points} in {batches}"
            )
            .into());
        }
        let serial = *serial.get_or_insert(took);
        let base = format!(
            "{OVERLAP}/{}k-{DIM}d-{}ms/p{parallelism}",
            points / 1000,
            SINK_DELAY.as_millis()
        );
        report.push(
            Measurement::new(format!("{base}/elapsed"), took.as_secs_f64() * 1e3, "ms")
                .param("points", points)
                .param("batches", batches)
                .param("batch_size", batch_size as u64)
                .param("sink_delay_ms", SINK_DELAY.as_millis() as u64)
                .param("points_per_s", points as f64 / seconds(took))
                .param(
                    "body_mb",
                    (sink.counters.body_bytes() - bytes_before) as f64 / 1e6,
                )
                .param(
                    "floor_ms",
                    (batches * SINK_DELAY.as_millis() as u64) as f64 / parallelism as f64,
                ),
        );
        if parallelism > 1 {
            let ratio = took.as_secs_f64() / seconds(serial);
            let mut measurement = Measurement::new(format!("{base}/time_vs_p1"), ratio, "x")
                .param("ideal", 1.0 / parallelism as f64);
            if parallelism == 2 {
                // "Clearly less" than serial: within 20% of the ideal halving.
                measurement = measurement.target(Target::AtMost(0.6));
            }
            report.push(measurement);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_is_reproducible_and_in_range() {
        let a = XorShift::new(7).vector(1_000);
        assert_eq!(a, XorShift::new(7).vector(1_000));
        assert_ne!(a, XorShift::new(8).vector(1_000));
        assert!(a.iter().all(|x| (-1.0..1.0).contains(x)));
        // Not stuck near one value: both signs appear often.
        let negative = a.iter().filter(|x| **x < 0.0).count();
        assert!((350..650).contains(&negative), "{negative}");
        // Zero would keep xorshift at zero forever.
        assert_ne!(XorShift::new(0).next_u64(), 0);
    }

    #[test]
    fn quantiles_use_the_nearest_rank() {
        let samples = Latencies::new((1..=100).rev().map(Duration::from_millis).collect());
        assert_eq!(samples.median(), Duration::from_millis(50));
        assert_eq!(samples.p99(), Duration::from_millis(99));
        assert_eq!(samples.mean(), Duration::from_micros(50_500));
        let none = Latencies::new(Vec::new());
        assert_eq!(
            (none.median(), none.p99(), none.mean()),
            (Duration::ZERO, Duration::ZERO, Duration::ZERO)
        );
    }

    #[test]
    fn lazy_points_have_the_asked_shape() {
        let points: Vec<PointStruct> = lazy_points(1, 5, DIM).collect();
        assert_eq!(points.len(), 5);
        let payload = points[4].payload.as_ref().unwrap();
        assert_eq!(payload["i"], 4);
        assert_eq!(payload["group"], "g4");
    }
}
