//! Peak memory of a bulk upload of N small points, each measurement in a child process.
//!
//! A process's peak resident size (`VmHWM`) only ever grows, so each (target, N) pair runs in a
//! fresh child: the harness binary itself, started with [`PROBE_ARG`]. The child makes its points
//! lazily (never the whole list), uploads them in batches of 1,000 with two in flight, and prints
//! one JSON line with its baseline (after the client and the collection exist), its peak, the
//! peak when the last batch was written (before the engine's final flush and index build), what
//! stays resident afterwards, and the peaks of anonymous (heap) and file-backed (mapped storage)
//! resident memory.
//!
//! Three targets separate the client from the engine: `memory` (the embedded engine in a
//! temporary directory), `local` (the embedded engine in a directory of ours, whose size on disk
//! is reported too), and `rest-sink` (the REST client into an in-process server that reads and
//! drops every body, so what grows there is the client's alone).

use std::io::Write as _;
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use quadrant::AsyncQdrantClient;
use quadrant::upload::UploadPoints;
use quadrant_models::{Payload, PointStruct};
use serde_json::{Value, json};

use super::sink::Sink;
use super::{BenchResult, MEMORY, XorShift, count, create_collection, runtime};
use crate::{Measurement, Report};

/// The first argument that makes the harness binary a memory probe instead.
pub const PROBE_ARG: &str = "__embedded-memory-probe";

/// Dimensions of the probe's points: small points, so that the engine's per-point cost and the
/// client's buffering are not hidden behind vector bytes.
const PROBE_DIM: usize = 4;
/// The probe's batch size and parallelism: the client may hold about this many points at once.
const PROBE_BATCH: usize = 1_000;
const PROBE_PARALLELISM: usize = 2;

/// Runs the memory probe when the process was started as one (first argument [`PROBE_ARG`],
/// then the target and the number of points), and returns its exit code; `None` otherwise.
///
/// The harness calls this first thing in `main`, before it allocates anything of its own.
pub fn probe_main() -> Option<ExitCode> {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() != Some(PROBE_ARG) {
        return None;
    }
    let target = args.next();
    let points = args.next().and_then(|n| n.parse::<u64>().ok());
    let (Some(target), Some(points)) = (target, points) else {
        eprintln!("usage: quadrant-bench {PROBE_ARG} memory|local|rest-sink POINTS");
        return Some(ExitCode::from(2));
    };
    Some(match probe(&target, points) {
        Ok(line) => {
            let _ = writeln!(std::io::stdout(), "{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("memory probe ({target}, {points} points) failed: {e}");
            ExitCode::FAILURE
        }
    })
}

/// `n` small points with ids `0..n`, made as they are pulled.
fn small_points(n: u64) -> impl Iterator<Item = PointStruct> + Send + 'static {
    let mut rng = XorShift::new(5);
    (0..n).map(move |i| {
        let mut payload = Payload::new();
        payload.insert("i".into(), i.into());
        PointStruct::new(i, rng.vector(PROBE_DIM), payload)
    })
}

/// One probe run, in this (child) process; returns the JSON line to print.
fn probe(target: &str, points: u64) -> BenchResult<Value> {
    let runtime = runtime()?;
    let name = "memory";
    let dir = std::env::temp_dir().join(format!("quadrant-bench-memory-{}", std::process::id()));
    let result = runtime.block_on(async {
        let (client, sink) = match target {
            "memory" => (AsyncQdrantClient::memory()?, None),
            "local" => (AsyncQdrantClient::local(&dir)?, None),
            "rest-sink" => {
                let sink = Sink::start(Duration::ZERO).await?;
                let client = AsyncQdrantClient::builder(sink.url())
                    .rest()
                    .check_compatibility(false)
                    .build()?;
                (client, Some(sink))
            }
            other => return Err(format!("unknown target `{other}`").into()),
        };
        if sink.is_none() {
            create_collection(&client, name, PROBE_DIM).await?;
        }
        let baseline = Status::read()?;
        let sampler = Sampler::start();
        let started = Instant::now();
        // The peak so far each time a batch is done: the last one is the peak of streaming the
        // points in, before the upload's end (on the engine: its final flush and index build).
        let streaming_peak = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&streaming_peak);
        let sent = client
            .upload_points(
                UploadPoints::new(name, small_points(points))
                    .batch_size(PROBE_BATCH)
                    .parallelism(PROBE_PARALLELISM)
                    .on_progress(move |_| {
                        if let Ok(now) = Status::read() {
                            seen.fetch_max(now.hwm, Ordering::Relaxed);
                        }
                    }),
            )
            .await?
            .points;
        let elapsed = started.elapsed();
        let peaks = sampler.stop();
        let after = Status::read()?;
        let stored = match &sink {
            None => count(&client, name).await?,
            // The sink keeps nothing; what it read is the check that every batch arrived.
            Some(sink) => sink.counters.requests() * PROBE_BATCH as u64,
        };
        if sent != points || stored < points {
            return Err(format!("uploaded {sent} of {points} points, {stored} arrived").into());
        }
        BenchResult::Ok(json!({
            "target": target,
            "points": points,
            "elapsed_s": elapsed.as_secs_f64(),
            "baseline_rss_kib": baseline.rss,
            "peak_kib": after.hwm,
            "streaming_peak_kib": streaming_peak.load(Ordering::Relaxed),
            "rss_after_kib": after.rss,
            "peak_anon_kib": peaks.anon.max(after.anon),
            "peak_file_kib": peaks.file.max(after.file),
            "disk_kib": dir_size(&dir) / 1024,
        }))
    });
    drop(runtime);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The resident-memory lines of `/proc/self/status`, in KiB.
#[derive(Debug, Clone, Copy, Default)]
struct Status {
    rss: u64,
    hwm: u64,
    anon: u64,
    file: u64,
}

impl Status {
    fn read() -> BenchResult<Status> {
        let text = std::fs::read_to_string("/proc/self/status")
            .map_err(|e| format!("cannot read /proc/self/status (Linux only): {e}"))?;
        Status::parse(&text)
    }

    fn parse(text: &str) -> BenchResult<Status> {
        let mut status = Status::default();
        for line in text.lines() {
            let Some((key, rest)) = line.split_once(':') else {
                continue;
            };
            let kib = rest
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .unwrap_or(0);
            match key {
                "VmRSS" => status.rss = kib,
                "VmHWM" => status.hwm = kib,
                "RssAnon" => status.anon = kib,
                "RssFile" => status.file = kib,
                _ => {}
            }
        }
        if status.hwm == 0 {
            return Err("/proc/self/status has no VmHWM".into());
        }
        Ok(status)
    }
}

/// A thread that reads `/proc/self/status` every 10 ms and keeps the largest anonymous and
/// file-backed resident sizes: the kernel keeps a peak only of their sum (`VmHWM`).
struct Sampler {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Status>,
}

impl Sampler {
    fn start() -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut peaks = Status::default();
            while !stopped.load(Ordering::Relaxed) {
                if let Ok(now) = Status::read() {
                    peaks.anon = peaks.anon.max(now.anon);
                    peaks.file = peaks.file.max(now.file);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            peaks
        });
        Sampler { stop, thread }
    }

    fn stop(self) -> Status {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

/// The bytes of the files under `dir` (0 when it does not exist).
fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => dir_size(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Runs the probe in a child process per target and size, and reports the peaks.
pub(crate) fn peak_memory(report: &mut Report, quick: bool) -> BenchResult<()> {
    let sizes: [u64; 2] = if quick {
        [2_000, 20_000]
    } else {
        [100_000, 1_000_000]
    };
    let exe = std::env::current_exe()?;
    for target in ["memory", "local", "rest-sink"] {
        let mut peaks = Vec::new();
        for points in sizes {
            let output = Command::new(&exe)
                .arg(PROBE_ARG)
                .arg(target)
                .arg(points.to_string())
                .output()
                .map_err(|e| {
                    // /proc/self/exe names a file a rebuild may since have replaced.
                    format!(
                        "cannot start the probe {}: {e} (was the harness rebuilt while it ran?)",
                        exe.display()
                    )
                })?;
            if !output.status.success() {
                return Err(format!(
                    "the probe for {target} with {points} points failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                )
                .into());
            }
            let stdout = String::from_utf8_lossy(&output.stdout);
            let line = stdout.lines().last().unwrap_or_default();
            let result: Value = serde_json::from_str(line)
                .map_err(|e| format!("the probe printed `{line}`: {e}"))?;
            let kib = |key: &str| result.get(key).and_then(Value::as_u64).unwrap_or(0);
            let mib = |key: &str| kib(key) as f64 / 1024.0;
            let peak = mib("peak_kib");
            peaks.push(peak);
            let base = format!("{MEMORY}/{target}");
            if points == sizes[0] {
                report.push(
                    Measurement::new(format!("{base}/baseline"), mib("baseline_rss_kib"), "MiB")
                        .param(
                            "what",
                            "resident size once the client and the collection exist",
                        ),
                );
            }
            let mut measurement =
                Measurement::new(format!("{base}/{}/peak", label(points)), peak, "MiB")
                    .param("points", points)
                    .param("dim", PROBE_DIM as u64)
                    .param("batch_size", PROBE_BATCH as u64)
                    .param("parallelism", PROBE_PARALLELISM as u64);
            for key in [
                "baseline_rss_kib",
                "streaming_peak_kib",
                "rss_after_kib",
                "peak_anon_kib",
                "peak_file_kib",
                "disk_kib",
            ] {
                measurement = measurement.param(key, kib(key));
            }
            if let Some(elapsed) = result.get("elapsed_s") {
                measurement = measurement.param("elapsed_s", elapsed.clone());
            }
            report.push(measurement);
            report.push(
                Measurement::new(
                    format!("{base}/{}/streaming_peak", label(points)),
                    mib("streaming_peak_kib"),
                    "MiB",
                )
                .param(
                    "what",
                    "peak when the last batch was written, before the final flush and index build",
                ),
            );
            report.push(
                Measurement::new(
                    format!("{base}/{}/resident_after", label(points)),
                    mib("rss_after_kib"),
                    "MiB",
                )
                .param(
                    "what",
                    "resident size once the upload returned: what the engine keeps",
                ),
            );
        }
        if let [small, large] = peaks[..] {
            let growth = (large - small) * 1024.0 * 1024.0 / (sizes[1] - sizes[0]) as f64;
            report.push(
                Measurement::new(
                    format!("{MEMORY}/{target}/growth_per_point"),
                    growth,
                    "bytes/point",
                )
                .param("from", sizes[0])
                .param("to", sizes[1]),
            );
        }
    }
    Ok(())
}

/// `100k`, `1M`: the size in a benchmark's name.
fn label(points: u64) -> String {
    if points >= 1_000_000 && points.is_multiple_of(1_000_000) {
        format!("{}M", points / 1_000_000)
    } else if points >= 1_000 && points.is_multiple_of(1_000) {
        format!("{}k", points / 1_000)
    } else {
        points.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_are_read_in_kib() {
        let text = "Name:\tquadrant-bench\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n\
                    RssAnon:\t    8192 kB\nRssFile:\t    2048 kB\n";
        let status = Status::parse(text).unwrap();
        assert_eq!(
            (status.hwm, status.rss, status.anon, status.file),
            (20480, 10240, 8192, 2048)
        );
        assert!(Status::parse("Name:\tx\n").is_err());
    }

    #[test]
    fn this_process_has_a_peak_at_least_its_size() {
        let Ok(status) = Status::read() else {
            return; // Not Linux: the probe reports that it cannot measure.
        };
        assert!(status.hwm >= status.rss && status.rss > 0, "{status:?}");
    }

    #[test]
    fn sizes_are_labelled_short() {
        assert_eq!(label(100_000), "100k");
        assert_eq!(label(1_000_000), "1M");
        assert_eq!(label(2_500), "2500");
    }

    #[test]
    fn small_points_are_made_lazily_with_ids_in_order() {
        let mut points = small_points(u64::MAX);
        let first: Vec<PointStruct> = points.by_ref().take(3).collect();
        let ids: Vec<_> = first.iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![0u64.into(), 1u64.into(), 2u64.into()]);
    }
}
