//! Request encoding and response decoding, with 768-d vectors, as each transport does them,
//! without any I/O: MB/s of wire bytes and points/s.
//!
//! - REST encode: `serde_json::to_vec` of an [`UpsertPoints`], what `quadrant-rest` sends as the
//!   body. REST decode: an answer of `query_points` in Qdrant's `{result, status, time}`
//!   envelope read straight into the model, as `quadrant-rest` reads it.
//! - gRPC encode: `quadrant-grpc`'s public conversion ([`IntoProto`]) to the protobuf message,
//!   then prost's encoding, what tonic's codec writes. gRPC decode: prost's decoding, then
//!   [`FromProto`] into the model.
//!
//! Each is timed on this thread's CPU clock.

use std::time::Duration;

use prost::Message as _;
use quadrant_grpc::convert::{FromProto, IntoProto};
use quadrant_grpc::proto;
use quadrant_models::{QueryResponse, UpsertPoints};
use quadrant_transport::Result;

use crate::data::{self, Rng};
use crate::{Elapsed, Filters, Measurement, Plan, Report, Stopwatch, seconds};

/// The vector size of the encode/decode benchmarks.
pub const DIM: usize = 768;

/// The benchmarks of this module, for [`Filters::any`].
pub const NAMES: [&str; 8] = [
    "rest/encode/upsert-768d/mb_s",
    "rest/encode/upsert-768d/points_s",
    "rest/decode/query-768d/mb_s",
    "rest/decode/query-768d/points_s",
    "grpc/encode/upsert-768d/mb_s",
    "grpc/encode/upsert-768d/points_s",
    "grpc/decode/query-768d/mb_s",
    "grpc/decode/query-768d/points_s",
];

/// Sizes of one run.
struct Sizes {
    /// Points per upsert.
    batch: usize,
    /// Points per query answer.
    answer: usize,
    /// The least time one sample runs, so that the CPU clock's granularity does not matter.
    min_sample: Duration,
}

impl Sizes {
    fn new(quick: bool) -> Self {
        if quick {
            Sizes {
                batch: 64,
                answer: 20,
                min_sample: Duration::from_millis(20),
            }
        } else {
            Sizes {
                batch: 256,
                answer: 100,
                min_sample: Duration::from_millis(200),
            }
        }
    }
}

/// Runs the encode/decode benchmarks that `filters` selects.
pub fn run(report: &mut Report, quick: bool, filters: &Filters) {
    if !filters.any(&NAMES) {
        return;
    }
    let sizes = Sizes::new(quick);
    let plan = Plan::new(quick);
    let mut rng = Rng::new(0x5eed);
    let upsert = data::upsert(&mut rng, 0, sizes.batch, DIM);
    let answer = data::query_response(&mut rng, sizes.answer, DIM);

    let groups: [(&str, Bench<'_>); 4] = [
        ("rest/encode", Bench::RestEncode(&upsert)),
        ("rest/decode", Bench::RestDecode(&answer)),
        ("grpc/encode", Bench::GrpcEncode(&upsert)),
        ("grpc/decode", Bench::GrpcDecode(&answer)),
    ];
    for (prefix, bench) in groups {
        let names: Vec<&str> = NAMES
            .iter()
            .copied()
            .filter(|name| name.starts_with(prefix))
            .collect();
        if !filters.any(&names) {
            continue;
        }
        match bench.measure(plan, &sizes) {
            Ok(result) => {
                for name in names {
                    let measurement = if name.ends_with("mb_s") {
                        Measurement::new(name, result.mb_per_s(), "MB/s")
                    } else {
                        Measurement::new(name, result.points_per_s(), "points/s")
                    };
                    report.push(
                        measurement
                            .param("dim", DIM)
                            .param("points_per_message", result.points)
                            .param("bytes_per_message", result.bytes)
                            .param("messages_per_sample", result.iterations)
                            .param("clock", crate::Clock::detect().name()),
                    );
                }
            }
            Err(error) => report.note(format!("{prefix}: failed: {error}")),
        }
    }
}

/// One of the four benchmarks, over its input.
enum Bench<'a> {
    RestEncode(&'a UpsertPoints),
    RestDecode(&'a QueryResponse),
    GrpcEncode(&'a UpsertPoints),
    GrpcDecode(&'a QueryResponse),
}

/// What a benchmark measured.
struct Throughput {
    /// Points in one message.
    points: usize,
    /// Wire bytes of one message.
    bytes: usize,
    /// Messages per sample.
    iterations: usize,
    /// The median CPU time of a sample.
    time: Duration,
}

impl Throughput {
    fn mb_per_s(&self) -> f64 {
        (self.bytes * self.iterations) as f64 / 1e6 / seconds(self.time)
    }

    fn points_per_s(&self) -> f64 {
        (self.points * self.iterations) as f64 / seconds(self.time)
    }
}

impl Bench<'_> {
    fn measure(&self, plan: Plan, sizes: &Sizes) -> Result<Throughput> {
        match *self {
            Bench::RestEncode(upsert) => {
                let bytes = rest_encode(upsert)?.len();
                repeated(plan, sizes, upsert.operation.len(), bytes, || {
                    rest_encode(upsert)
                })
            }
            Bench::RestDecode(answer) => {
                let body = data::rest_envelope(answer);
                repeated(plan, sizes, answer.points.len(), body.len(), || {
                    rest_decode(&body)
                })
            }
            Bench::GrpcEncode(upsert) => {
                let points = upsert.operation.len();
                let bytes = grpc_encode(upsert.clone())?.len();
                let iterations =
                    iterations(sizes.min_sample, || grpc_encode(upsert.clone()).map(drop))?;
                let samples = plan.run(|| {
                    // The transport takes the request by value; the copies it would be handed
                    // are made before the clock starts.
                    let requests = vec![upsert.clone(); iterations];
                    let watch = Stopwatch::start();
                    for request in requests {
                        std::hint::black_box(grpc_encode(request)?);
                    }
                    Ok::<_, quadrant_transport::Error>(watch.elapsed())
                })?;
                Ok(Throughput {
                    points,
                    bytes,
                    iterations,
                    time: samples.median_cpu(),
                })
            }
            Bench::GrpcDecode(answer) => {
                let message: proto::QueryResponse = answer.clone().into_proto()?;
                let body = message.encode_to_vec();
                repeated(plan, sizes, answer.points.len(), body.len(), || {
                    grpc_decode(&body)
                })
            }
        }
    }
}

/// Times `once`, repeated enough to fill a sample, over the plan's samples: the benchmarks
/// whose input is reused as it is.
fn repeated<T>(
    plan: Plan,
    sizes: &Sizes,
    points: usize,
    bytes: usize,
    once: impl Fn() -> Result<T>,
) -> Result<Throughput> {
    let iterations = iterations(sizes.min_sample, || once().map(drop))?;
    let samples = plan.run(|| {
        let watch = Stopwatch::start();
        for _ in 0..iterations {
            std::hint::black_box(once()?);
        }
        Ok::<_, quadrant_transport::Error>(watch.elapsed())
    })?;
    Ok(Throughput {
        points,
        bytes,
        iterations,
        time: samples.median_cpu(),
    })
}

/// How many repetitions of `once` fill `min_sample`, from one timed run (at least one).
fn iterations(min_sample: Duration, mut once: impl FnMut() -> Result<()>) -> Result<usize> {
    let watch = Stopwatch::start();
    once()?;
    let Elapsed { wall, .. } = watch.elapsed();
    let ratio = min_sample.as_secs_f64() / wall.as_secs_f64().max(1e-9);
    Ok((ratio.ceil() as usize).clamp(1, 1_000_000))
}

/// The body `quadrant-rest` sends for an upsert.
pub fn rest_encode(request: &UpsertPoints) -> Result<Vec<u8>> {
    serde_json::to_vec(request).map_err(|error| {
        quadrant_transport::Error::new(
            quadrant_transport::ErrorKind::InvalidArgument,
            format!("could not encode the upsert: {error}"),
        )
    })
}

/// Qdrant's envelope, read as `quadrant-rest` reads it: `result` only, straight into the model.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    result: T,
}

/// A `query_points` answer read from its REST body.
pub fn rest_decode(body: &[u8]) -> Result<QueryResponse> {
    let envelope: Envelope<QueryResponse> = serde_json::from_slice(body).map_err(|error| {
        quadrant_transport::Error::new(
            quadrant_transport::ErrorKind::Decode,
            format!("could not decode the answer: {error}"),
        )
    })?;
    Ok(envelope.result)
}

/// The protobuf bytes `quadrant-grpc` sends for an upsert.
pub fn grpc_encode(request: UpsertPoints) -> Result<Vec<u8>> {
    let message: proto::UpsertPoints = request.into_proto()?;
    Ok(message.encode_to_vec())
}

/// A `query_points` answer read from its protobuf bytes.
pub fn grpc_decode(body: &[u8]) -> Result<QueryResponse> {
    let message = proto::QueryResponse::decode(body).map_err(|error| {
        quadrant_transport::Error::new(
            quadrant_transport::ErrorKind::Decode,
            format!("could not decode the answer: {error}"),
        )
    })?;
    QueryResponse::from_proto(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The benchmarks measure real work: each direction gives back what went in.
    #[test]
    fn both_codecs_round_trip() {
        let mut rng = Rng::new(3);
        let answer = data::query_response(&mut rng, 5, 16);
        let message: proto::QueryResponse = answer.clone().into_proto().unwrap();
        assert_eq!(grpc_decode(&message.encode_to_vec()).unwrap(), answer);
        assert_eq!(rest_decode(&data::rest_envelope(&answer)).unwrap(), answer);

        let upsert = data::upsert(&mut rng, 10, 4, 16);
        let body: serde_json::Value =
            serde_json::from_slice(&rest_encode(&upsert).unwrap()).unwrap();
        assert_eq!(body["points"][3]["id"], 13);
        assert_eq!(body["points"][0]["vector"].as_array().unwrap().len(), 16);
        let sent = proto::UpsertPoints::decode(&grpc_encode(upsert).unwrap()[..]).unwrap();
        assert_eq!(sent.points.len(), 4);
        assert_eq!(sent.collection_name, data::COLLECTION);
    }

    #[test]
    fn a_quick_run_reports_every_codec_benchmark() {
        let mut report = Report::new(true);
        run(&mut report, true, &Filters::new(["encode", "decode"]));
        let names: Vec<&str> = report
            .measurements
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(names, NAMES, "{:?}", report.notes);
        assert!(report.measurements.iter().all(|m| m.value > 0.0));
    }
}
