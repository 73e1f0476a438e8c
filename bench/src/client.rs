//! The client's own cost over a real connection, against an in-process [`SinkServer`]:
//!
//! - **upload into a sink**: `upsert_points` batches of 768-d points sent by one thread, in
//!   points per client CPU second (the target: at least 150k on gRPC, 40k on REST) and
//!   in points per wall second;
//! - **CPU per call**: `query_points` with a 128-d query, limit 10 and the payload, answered by
//!   a canned 10-point answer, in client CPU µs per call (target: at most 15 on gRPC, 30 on
//!   REST), and the round trip's wall time.
//!
//! The client is the facade, [`AsyncQdrantClient`], built as an application would with the
//! version check and retries off (neither has anything to do against a sink), and compression
//! off ([`COMPRESSION`]). It runs on a
//! single-threaded runtime on a thread of its own, so that the thread's CPU clock holds all of
//! the client's work (encoding, HTTP, connection I/O) and none of the server's, which runs on
//! another thread. Requests are built before the clock starts: what is measured is what the
//! client does with a request it is handed.
//!
//! Each figure has a baseline measured in the same run, against the same sink, on the same
//! thread and clock: the lean load generator of [`crate::lean`], which sends pre-encoded bodies
//! on raw hyper connections and does not decode the answers. `…/lean/…` is its figure and
//! `…/vs_lean` how many times more CPU the facade spends for the same work (per call, or per
//! point uploaded): the client's cost over the bare protocol, which, unlike absolute µs, can be
//! compared across machines. Within each sample round the facade and the lean generator run one
//! after the other, and which goes first alternates from round to round, so that a drift of the
//! machine weighs on both alike.
//!
//! With the bench feature `official` (which `cargo xtask bench` turns on), the gRPC figures
//! have a second yardstick: the official Rust client, `qdrant-client`, making the same calls on
//! the same thread in the same rounds (module `official`). `…/official/…` is its figure and
//! `…/vs_official` ours over its, CPU for CPU: below 1, ours spends less for the same work. The
//! three take turns in an order that rotates from round to round.

use std::time::Duration;

use futures_util::StreamExt as _;
use quadrant::models::{QueryPoints, QueryResponse, UpsertPoints};
use quadrant::{AsyncQdrantClient, RetryPolicy};

use crate::data::{self, Rng};
use crate::lean::{LeanClient, Prepared};
#[cfg(feature = "official")]
use crate::official::OfficialClient;
use crate::servers::{Protocol, SinkServer};
use crate::{
    Clock, Elapsed, Filters, Measurement, Plan, Report, Samples, Stopwatch, Target, seconds,
};

/// The vector size of the upload benchmark.
pub const UPLOAD_DIM: usize = 768;
/// The query vector size of the per-call benchmark.
pub const QUERY_DIM: usize = 128;
/// Upserts in flight at once during the upload: two, so that the client encodes the next batch
/// while the server reads the last, as an upload with `parallelism(2)` does.
pub const IN_FLIGHT: usize = 2;

/// Whether the client asks for gzipped answers: off, the default, as for a server on the same
/// network, where gzip costs the server far more CPU than it saves. The sinks gzip an answer
/// only when asked; [`crate::compression`] measures what asking costs. The results record the
/// setting.
pub const COMPRESSION: bool = false;

/// The benchmarks of this module, for [`Filters::any`].
pub const NAMES: [&str; 16] = [
    "rest/upload-sink/points_per_cpu_s",
    "rest/upload-sink/points_per_s",
    "rest/upload-sink/lean/points_per_cpu_s",
    "rest/upload-sink/vs_lean",
    "rest/call/query_points/cpu_us",
    "rest/call/query_points/wall_us",
    "rest/call/lean/cpu_us",
    "rest/call/query_points/vs_lean",
    "grpc/upload-sink/points_per_cpu_s",
    "grpc/upload-sink/points_per_s",
    "grpc/upload-sink/lean/points_per_cpu_s",
    "grpc/upload-sink/vs_lean",
    "grpc/call/query_points/cpu_us",
    "grpc/call/query_points/wall_us",
    "grpc/call/lean/cpu_us",
    "grpc/call/query_points/vs_lean",
];

/// The benchmarks that compare with the official client, with the feature `official`: gRPC
/// only, each reported after the other figures of its group.
#[cfg(feature = "official")]
pub const OFFICIAL_NAMES: [&str; 4] = [
    "grpc/upload-sink/official/points_per_cpu_s",
    "grpc/upload-sink/vs_official",
    "grpc/call/official/cpu_us",
    "grpc/call/query_points/vs_official",
];

/// [`NAMES`], and [`OFFICIAL_NAMES`] with the feature `official`.
fn all_names() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut names = NAMES.to_vec();
    #[cfg(feature = "official")]
    names.extend(OFFICIAL_NAMES);
    names
}

/// The targets.
fn upload_target(protocol: Protocol) -> Target {
    match protocol {
        Protocol::Rest => Target::AtLeast(40_000.0),
        Protocol::Grpc => Target::AtLeast(150_000.0),
    }
}

fn call_target(protocol: Protocol) -> Target {
    match protocol {
        Protocol::Rest => Target::AtMost(30.0),
        Protocol::Grpc => Target::AtMost(15.0),
    }
}

/// Sizes of one run.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    batch: usize,
    /// The least wall time of one upload sample.
    upload_sample: Duration,
    /// The most batches of one upload sample (they are built before the clock starts).
    max_batches: usize,
    /// The least wall time of one per-call sample.
    call_sample: Duration,
}

impl Sizes {
    fn new(quick: bool) -> Self {
        if quick {
            Sizes {
                batch: 64,
                upload_sample: Duration::from_millis(30),
                max_batches: 50,
                call_sample: Duration::from_millis(30),
            }
        } else {
            Sizes {
                batch: 256,
                upload_sample: Duration::from_millis(400),
                max_batches: 400,
                call_sample: Duration::from_millis(300),
            }
        }
    }
}

/// Runs the client benchmarks that `filters` selects, over REST then gRPC.
pub fn run(report: &mut Report, quick: bool, filters: &Filters) {
    for protocol in [Protocol::Rest, Protocol::Grpc] {
        let names: Vec<&str> = all_names()
            .into_iter()
            .filter(|name| name.starts_with(protocol.name()))
            .collect();
        if !filters.any(&names) {
            continue;
        }
        match run_protocol(protocol, quick, filters) {
            Ok(measurements) => {
                for measurement in measurements {
                    report.push(measurement);
                }
            }
            Err(error) => report.note(format!(
                "{} client benchmarks failed: {error}",
                protocol.name()
            )),
        }
    }
}

fn run_protocol(
    protocol: Protocol,
    quick: bool,
    filters: &Filters,
) -> Result<Vec<Measurement>, String> {
    let mut rng = Rng::new(0xc11e47);
    let answer = data::query_response(&mut rng, 10, 0);
    let server = SinkServer::start(protocol, &answer)
        .map_err(|error| format!("could not start the sink server: {error}"))?;
    let url = server.url();
    let sizes = Sizes::new(quick);
    let plan = Plan::new(quick);
    let prefix = protocol.name();
    // A group runs whole when any of its names is asked for: its ratios need both sides.
    let wants = |group: &str| {
        let start = format!("{prefix}/{group}/");
        let names: Vec<&str> = all_names()
            .into_iter()
            .filter(|name| name.starts_with(&start))
            .collect();
        filters.any(&names)
    };
    let upload = wants("upload-sink");
    let call = wants("call");
    let before = server.received_bytes();

    let client_thread = std::thread::Builder::new()
        .name(format!("{prefix}-client"))
        .spawn(move || -> Result<(Option<Upload>, Option<Calls>), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| format!("could not start the client runtime: {error}"))?;
            runtime.block_on(async move {
                let mut lean = LeanClient::connect(protocol, &url, IN_FLIGHT).await?;
                // The official client speaks gRPC only.
                #[cfg(feature = "official")]
                let official = match protocol {
                    Protocol::Grpc => Some(OfficialClient::connect(&url)?),
                    Protocol::Rest => None,
                };
                #[cfg(feature = "official")]
                let official = official.as_ref();
                let builder = AsyncQdrantClient::builder(url)
                    .check_compatibility(false)
                    .retry(RetryPolicy::none())
                    .compression(COMPRESSION);
                let builder = match protocol {
                    Protocol::Rest => builder.rest(),
                    Protocol::Grpc => builder.grpc(),
                };
                let client = builder.build().map_err(|error| error.to_string())?;
                let upload = if upload {
                    Some(
                        measure_upload(
                            &client,
                            &mut lean,
                            #[cfg(feature = "official")]
                            official,
                            plan,
                            sizes,
                        )
                        .await?,
                    )
                } else {
                    None
                };
                let calls = if call {
                    Some(
                        measure_calls(
                            &client,
                            &mut lean,
                            #[cfg(feature = "official")]
                            official,
                            plan,
                            sizes,
                        )
                        .await?,
                    )
                } else {
                    None
                };
                Ok((upload, calls))
            })
        })
        .map_err(|error| format!("could not start the client thread: {error}"))?;
    let (upload, calls) = client_thread
        .join()
        .map_err(|_| "the client thread panicked".to_owned())??;

    let clock = Clock::detect().name();
    let mut measurements = Vec::new();
    if let Some(upload) = upload {
        // The sink must have read every vector, or the clients did not really send them.
        let received = server.received_bytes().saturating_sub(before);
        let floats = (upload.total_points * UPLOAD_DIM * 4) as u64;
        if received < floats {
            return Err(format!(
                "the sink read {received} bytes, less than the {floats} bytes of vectors sent"
            ));
        }
        let params = |m: Measurement| {
            m.param("dim", UPLOAD_DIM)
                .param("points_per_batch", sizes.batch)
                .param("batches_per_sample", upload.batches)
                .param("in_flight", IN_FLIGHT)
                .param("compression", COMPRESSION)
                .param("clock", clock)
        };
        let points = (upload.batches * sizes.batch) as f64;
        let facade_rate = points / seconds(upload.samples.median_cpu());
        let lean_points = (upload.lean_batches * sizes.batch) as f64;
        let lean_rate = lean_points / seconds(upload.lean_samples.median_cpu());
        measurements.push(params(
            Measurement::new(
                format!("{prefix}/upload-sink/points_per_cpu_s"),
                facade_rate,
                "points/cpu-s",
            )
            .target(upload_target(protocol)),
        ));
        measurements.push(params(Measurement::new(
            format!("{prefix}/upload-sink/points_per_s"),
            points / seconds(upload.samples.median_wall()),
            "points/s",
        )));
        measurements.push(
            params(Measurement::new(
                format!("{prefix}/upload-sink/lean/points_per_cpu_s"),
                lean_rate,
                "points/cpu-s",
            ))
            .param("batches_per_sample", upload.lean_batches)
            .param("body_bytes", upload.lean_body_bytes),
        );
        measurements.push(
            params(Measurement::new(
                format!("{prefix}/upload-sink/vs_lean"),
                lean_rate / facade_rate,
                "x",
            ))
            .param("lean_batches_per_sample", upload.lean_batches),
        );
        #[cfg(feature = "official")]
        if let Some(official) = &upload.official_samples {
            let official_rate = points / seconds(official.median_cpu());
            measurements.push(params(Measurement::new(
                format!("{prefix}/upload-sink/official/points_per_cpu_s"),
                official_rate,
                "points/cpu-s",
            )));
            // Our CPU per point over the official client's: below 1, ours costs less.
            measurements.push(params(Measurement::new(
                format!("{prefix}/upload-sink/vs_official"),
                official_rate / facade_rate,
                "x",
            )));
        }
    }
    if let Some(calls) = calls {
        let params = |m: Measurement| {
            m.param("query_dim", QUERY_DIM)
                .param("limit", 10)
                .param("with_payload", true)
                .param("answer_points", answer.points.len())
                .param("calls_per_sample", calls.count)
                .param("compression", COMPRESSION)
                .param("clock", clock)
        };
        let per_call = |time: Duration, count: usize| time.as_secs_f64() * 1e6 / count as f64;
        let facade_cpu = per_call(calls.samples.median_cpu(), calls.count);
        let lean_cpu = per_call(calls.lean_samples.median_cpu(), calls.lean_count);
        measurements.push(params(
            Measurement::new(
                format!("{prefix}/call/query_points/cpu_us"),
                facade_cpu,
                "us/call",
            )
            .target(call_target(protocol)),
        ));
        measurements.push(params(Measurement::new(
            format!("{prefix}/call/query_points/wall_us"),
            per_call(calls.samples.median_wall(), calls.count),
            "us/call",
        )));
        measurements.push(
            params(Measurement::new(
                format!("{prefix}/call/lean/cpu_us"),
                lean_cpu,
                "us/call",
            ))
            .param("calls_per_sample", calls.lean_count)
            .param(
                "lean_wall_us",
                per_call(calls.lean_samples.median_wall(), calls.lean_count),
            ),
        );
        measurements.push(
            params(Measurement::new(
                format!("{prefix}/call/query_points/vs_lean"),
                facade_cpu / lean_cpu.max(1e-9),
                "x",
            ))
            .param("lean_calls_per_sample", calls.lean_count),
        );
        #[cfg(feature = "official")]
        if let Some(official) = &calls.official_samples {
            let official_cpu = per_call(official.median_cpu(), calls.count);
            measurements.push(
                params(Measurement::new(
                    format!("{prefix}/call/official/cpu_us"),
                    official_cpu,
                    "us/call",
                ))
                .param(
                    "official_wall_us",
                    per_call(official.median_wall(), calls.count),
                ),
            );
            // Our CPU per call over the official client's: below 1, ours costs less.
            measurements.push(params(Measurement::new(
                format!("{prefix}/call/query_points/vs_official"),
                facade_cpu / official_cpu.max(1e-9),
                "x",
            )));
        }
    }
    Ok(measurements)
}

/// The upload's samples, the facade's and the lean generator's.
struct Upload {
    /// Batches per facade sample.
    batches: usize,
    /// Batches per lean sample: sized on its own, as it is several times faster.
    lean_batches: usize,
    /// The size of one pre-encoded lean upsert body.
    lean_body_bytes: usize,
    /// Points sent in all by both, warm-ups included.
    total_points: usize,
    samples: Samples,
    lean_samples: Samples,
    /// The official client's samples, of [`Upload::batches`] batches each, when it ran.
    #[cfg(feature = "official")]
    official_samples: Option<Samples>,
}

/// How many runs of `one` (the wall time of one run) fill `sample`, within `min..=max`.
pub(crate) fn runs_per_sample(sample: Duration, one: f64, min: usize, max: usize) -> usize {
    ((sample.as_secs_f64() / one.max(1e-7)).ceil() as usize).clamp(min, max)
}

/// The most lean batches per sample, over the facade's most: the lean generator sends one
/// shared body again and again, so more of them cost no memory.
const LEAN_BATCHES_FACTOR: usize = 20;

async fn measure_upload(
    client: &AsyncQdrantClient,
    lean: &mut LeanClient,
    #[cfg(feature = "official")] official: Option<&OfficialClient>,
    plan: Plan,
    sizes: Sizes,
) -> Result<Upload, String> {
    let mut rng = Rng::new(0x0b10ad);
    let batch = data::upsert(&mut rng, 0, sizes.batch, UPLOAD_DIM);
    let lean_batch = lean.upsert(&batch)?;
    let mut total_points = 0;

    // One batch on its own, to open the connection and size the samples.
    let watch = Stopwatch::start();
    send_all(client, vec![batch.clone()]).await?;
    total_points += sizes.batch;
    let one = watch.elapsed().wall.as_secs_f64();
    let batches = runs_per_sample(sizes.upload_sample, one, IN_FLIGHT * 2, sizes.max_batches);

    // The same for the lean generator, over every lane at once as its samples run.
    lean.send_many(&lean_batch, lean.lanes()).await?;
    let watch = Stopwatch::start();
    lean.send_many(&lean_batch, IN_FLIGHT * 2).await?;
    total_points += (lean.lanes() + IN_FLIGHT * 2) * sizes.batch;
    let one = watch.elapsed().wall.as_secs_f64() / (IN_FLIGHT * 2) as f64;
    let lean_batches = runs_per_sample(
        sizes.upload_sample,
        one,
        IN_FLIGHT * 2,
        sizes.max_batches * LEAN_BATCHES_FACTOR,
    );

    // The official client sends as many batches per sample as the facade: the same work.
    // A batch per channel of its pool first, to open them.
    #[cfg(feature = "official")]
    let official = match official {
        Some(official) => {
            let official_batch = official.upsert(&batch)?;
            official
                .send_all(vec![official_batch.clone(); 3], IN_FLIGHT)
                .await?;
            total_points += 3 * sizes.batch;
            Some((official, official_batch))
        }
        None => None,
    };
    #[cfg(feature = "official")]
    let players = players(official.is_some());
    #[cfg(not(feature = "official"))]
    let players = players(false);

    let mut runs = Vec::new();
    let mut lean_runs = Vec::new();
    #[cfg(feature = "official")]
    let mut official_runs = Vec::new();
    for round in 0..plan.warmup + plan.samples {
        let timed = round >= plan.warmup;
        for turn in turns(&players, round) {
            match turn {
                Turn::Facade => {
                    let requests = vec![batch.clone(); batches];
                    timed_turn(&mut runs, timed, send_all(client, requests)).await?;
                    total_points += batches * sizes.batch;
                }
                Turn::Lean => {
                    let sent = lean.send_many(&lean_batch, lean_batches);
                    timed_turn(&mut lean_runs, timed, sent).await?;
                    total_points += lean_batches * sizes.batch;
                }
                #[cfg(feature = "official")]
                Turn::Official => {
                    let Some((official, official_batch)) = &official else {
                        continue;
                    };
                    let requests = vec![official_batch.clone(); batches];
                    let sent = official.send_all(requests, IN_FLIGHT);
                    timed_turn(&mut official_runs, timed, sent).await?;
                    total_points += batches * sizes.batch;
                }
            }
        }
    }
    Ok(Upload {
        batches,
        lean_batches,
        lean_body_bytes: lean_batch.len(),
        total_points,
        samples: Samples { runs },
        lean_samples: Samples { runs: lean_runs },
        #[cfg(feature = "official")]
        official_samples: official.map(|_| Samples {
            runs: official_runs,
        }),
    })
}

/// Who runs in a sample round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Turn {
    /// Our client, the facade.
    Facade,
    /// The lean load generator.
    Lean,
    /// The official client.
    #[cfg(feature = "official")]
    Official,
}

/// Who takes turns in each round: the facade and the lean generator, and the official client
/// when it is there.
fn players(official: bool) -> Vec<Turn> {
    #[cfg(feature = "official")]
    if official {
        return vec![Turn::Facade, Turn::Lean, Turn::Official];
    }
    let _ = official;
    vec![Turn::Facade, Turn::Lean]
}

/// The order of round `round`: `players` rotated by one more place each round, so that none
/// always runs first, on a warmer (or colder) machine. Of two, that alternates who goes first.
pub(crate) fn turns<T: Copy>(players: &[T], round: usize) -> Vec<T> {
    let mut order = players.to_vec();
    if !order.is_empty() {
        let places = round % order.len();
        order.rotate_left(places);
    }
    order
}

/// Runs one player's turn of a sample round: times `work`, which was built (its requests
/// cloned) before the clock starts, and keeps the time in `runs` unless the round is a warm-up.
async fn timed_turn(
    runs: &mut Vec<Elapsed>,
    timed: bool,
    work: impl Future<Output = Result<(), String>>,
) -> Result<(), String> {
    let watch = Stopwatch::start();
    work.await?;
    let took = watch.elapsed();
    if timed {
        runs.push(took);
    }
    Ok(())
}

/// Sends every upsert, [`IN_FLIGHT`] at a time.
async fn send_all(client: &AsyncQdrantClient, requests: Vec<UpsertPoints>) -> Result<(), String> {
    let mut answers = futures_util::stream::iter(requests)
        .map(|request| client.upsert_points(request))
        .buffer_unordered(IN_FLIGHT);
    while let Some(answer) = answers.next().await {
        answer.map_err(|error| format!("upsert_points failed: {error}"))?;
    }
    Ok(())
}

/// The per-call samples, the facade's and the lean generator's.
struct Calls {
    /// Calls per facade sample.
    count: usize,
    /// Calls per lean sample, sized on its own.
    lean_count: usize,
    samples: Samples,
    lean_samples: Samples,
    /// The official client's samples, of [`Calls::count`] calls each, when it ran.
    #[cfg(feature = "official")]
    official_samples: Option<Samples>,
}

async fn measure_calls(
    client: &AsyncQdrantClient,
    lean: &mut LeanClient,
    #[cfg(feature = "official")] official: Option<&OfficialClient>,
    plan: Plan,
    sizes: Sizes,
) -> Result<Calls, String> {
    let mut rng = Rng::new(0x9e7);
    let vector = data::unit_vector(&mut rng, QUERY_DIM);
    let query = QueryPoints::new(data::COLLECTION)
        .query(vector.clone())
        .limit(10)
        .with_payload(true);
    let lean_query = lean.query(&query)?;
    // The sink's canned answer has 10 points, the query's limit.
    let answer_points = 10;
    let call = |request: QueryPoints| async move {
        let answer: QueryResponse = client
            .query_points(request)
            .await
            .map_err(|error| format!("query_points failed: {error}"))?;
        if answer.points.len() == answer_points {
            Ok(())
        } else {
            Err(format!(
                "the answer has {} points, not 10",
                answer.points.len()
            ))
        }
    };

    // A few calls to open the connection and size the samples.
    for _ in 0..10 {
        call(query.clone()).await?;
    }
    let watch = Stopwatch::start();
    for _ in 0..100 {
        call(query.clone()).await?;
    }
    let one = watch.elapsed().wall.as_secs_f64() / 100.0;
    let count = runs_per_sample(sizes.call_sample, one, 100, 200_000);

    for _ in 0..10 {
        lean_call(lean, &lean_query).await?;
    }
    let watch = Stopwatch::start();
    for _ in 0..100 {
        lean_call(lean, &lean_query).await?;
    }
    let one = watch.elapsed().wall.as_secs_f64() / 100.0;
    let lean_count = runs_per_sample(sizes.call_sample, one, 100, 2_000_000);

    // The official client makes as many calls per sample as the facade: the same work. A few
    // calls first open every channel of its pool.
    #[cfg(feature = "official")]
    let official = match official {
        Some(official) => {
            let official_query = official.query(data::COLLECTION, vector, false);
            for _ in 0..10 {
                official.call(official_query.clone(), answer_points).await?;
            }
            Some((official, official_query))
        }
        None => None,
    };
    #[cfg(feature = "official")]
    let players = players(official.is_some());
    #[cfg(not(feature = "official"))]
    let players = players(false);

    let mut runs = Vec::new();
    let mut lean_runs = Vec::new();
    #[cfg(feature = "official")]
    let mut official_runs = Vec::new();
    for round in 0..plan.warmup + plan.samples {
        let timed = round >= plan.warmup;
        for turn in turns(&players, round) {
            match turn {
                Turn::Facade => {
                    let requests = vec![query.clone(); count];
                    let calls = async {
                        for request in requests {
                            call(request).await?;
                        }
                        Ok(())
                    };
                    timed_turn(&mut runs, timed, calls).await?;
                }
                Turn::Lean => {
                    let calls = async {
                        for _ in 0..lean_count {
                            lean_call(lean, &lean_query).await?;
                        }
                        Ok(())
                    };
                    timed_turn(&mut lean_runs, timed, calls).await?;
                }
                #[cfg(feature = "official")]
                Turn::Official => {
                    let Some((official, official_query)) = &official else {
                        continue;
                    };
                    let requests = vec![official_query.clone(); count];
                    let calls = async {
                        for request in requests {
                            official.call(request, answer_points).await?;
                        }
                        Ok(())
                    };
                    timed_turn(&mut official_runs, timed, calls).await?;
                }
            }
        }
    }
    Ok(Calls {
        count,
        lean_count,
        samples: Samples { runs },
        lean_samples: Samples { runs: lean_runs },
        #[cfg(feature = "official")]
        official_samples: official.map(|_| Samples {
            runs: official_runs,
        }),
    })
}

/// One lean query: its answer is read whole but not decoded.
async fn lean_call(lean: &mut LeanClient, query: &Prepared) -> Result<(), String> {
    lean.send(query)
        .await
        .map(drop)
        .map_err(|error| format!("lean query failed: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both protocols run end to end against their sink: the client's calls succeed and every
    /// benchmark reports a value (the official client's too, with the feature `official`).
    /// Nothing is asserted about speed.
    #[test]
    fn a_quick_run_reports_every_client_benchmark() {
        let mut report = Report::new(true);
        run(&mut report, true, &Filters::new(["upload-sink", "call/"]));
        let names: Vec<&str> = report
            .measurements
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        #[allow(unused_mut)]
        let mut expected = NAMES.to_vec();
        // Each official figure comes after the other figures of its group, gRPC only.
        #[cfg(feature = "official")]
        {
            let [upload_rate, upload_ratio, call_cpu, call_ratio] = OFFICIAL_NAMES;
            expected.insert(12, upload_rate);
            expected.insert(13, upload_ratio);
            expected.extend([call_cpu, call_ratio]);
        }
        assert_eq!(names, expected);
        assert!(
            report
                .measurements
                .iter()
                .all(|m| m.value > 0.0 && m.value.is_finite())
        );
    }
}
