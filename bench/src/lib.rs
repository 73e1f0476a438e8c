//! quadrant's benchmarks, run with `cargo xtask bench [--quick] [FILTER...]`.
//!
//! This is a plain binary harness rather than criterion: the results are in units of their own
//! (MB/s, points/s, points per client CPU second, CPU µs per call), some are measured on the
//! client thread's CPU clock rather than the wall clock, each is compared with a speed target of
//! issue #6, and the whole run is written as JSON under `target/bench/` for machines to read.
//!
//! The pieces:
//! - [`Report`] collects [`Measurement`]s, prints them as a table and writes them as JSON;
//! - [`Filters`] says which benchmarks the command line asked for;
//! - [`Stopwatch`] and [`Samples`] time the work: a warm-up, several samples, the median;
//! - one module per group of benchmarks, each with a `run(report, quick, filters)`.
//!
//! Nothing here needs a Qdrant server: the client benchmarks talk to in-process servers
//! ([`servers`]) that read each request to its end and answer a canned reply, gzipped when the
//! request accepts gzip, as Qdrant does ([`compression`] measures what that costs the server).
//! The one exception is `quadrant-bench --server URL` ([`remote`]), which a user runs against
//! their own Qdrant server.

pub mod client;
pub mod codec;
pub mod compression;
pub mod data;
pub mod embedded;
pub mod lean;
#[cfg(feature = "official")]
pub mod official;
pub mod remote;
pub mod servers;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A speed target that a measurement is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// The value must be at most this (latencies, CPU per call).
    AtMost(f64),
    /// The value must be at least this (throughputs).
    AtLeast(f64),
}

impl Target {
    /// The target's number.
    pub fn value(self) -> f64 {
        match self {
            Target::AtMost(value) | Target::AtLeast(value) => value,
        }
    }

    /// Whether `value` meets the target.
    pub fn met_by(self, value: f64) -> bool {
        match self {
            Target::AtMost(target) => value <= target,
            Target::AtLeast(target) => value >= target,
        }
    }

    /// The comparison, as shown in the table: `<= 30` or `>= 40000`.
    pub fn describe(self) -> String {
        match self {
            Target::AtMost(target) => format!("<= {}", format_number(target)),
            Target::AtLeast(target) => format!(">= {}", format_number(target)),
        }
    }
}

/// One result of one benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The benchmark's name, such as `rest/encode/upsert-768d/mb_per_s`; filters match it.
    pub name: String,
    /// The measured value, in `unit`.
    pub value: f64,
    /// The unit of `value`, such as `MB/s` or `us/call`.
    pub unit: String,
    /// The speed target, when the issue sets one.
    pub target: Option<Target>,
    /// What was measured: sizes, counts, the clock used.
    pub params: BTreeMap<String, Value>,
}

impl Measurement {
    /// A measurement without target or parameters.
    pub fn new(name: impl Into<String>, value: f64, unit: impl Into<String>) -> Self {
        Measurement {
            name: name.into(),
            value,
            unit: unit.into(),
            target: None,
            params: BTreeMap::new(),
        }
    }

    /// Sets the target.
    #[must_use]
    pub fn target(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }

    /// Adds a parameter.
    #[must_use]
    pub fn param(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.insert(key.into(), value.into());
        self
    }

    /// `value / target`, when there is a target: above 1 is faster than an `AtLeast` target
    /// and slower than an `AtMost` one.
    pub fn ratio_to_target(&self) -> Option<f64> {
        let target = self.target?.value();
        (target != 0.0).then(|| self.value / target)
    }

    /// Whether the target is met, when there is one.
    pub fn met(&self) -> Option<bool> {
        self.target.map(|target| target.met_by(self.value))
    }

    fn to_json(&self) -> Value {
        let target = self.target.map(|target| match target {
            Target::AtMost(value) => json!({"at_most": value}),
            Target::AtLeast(value) => json!({"at_least": value}),
        });
        json!({
            "name": self.name,
            "value": finite(self.value),
            "unit": self.unit,
            "target": target,
            "ratio_to_target": self.ratio_to_target().and_then(finite),
            "met": self.met(),
            "params": self.params,
        })
    }
}

/// JSON has no NaN or infinity: those are written as `null`.
fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// The results of one run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Whether the short versions ran (`--quick`).
    pub quick: bool,
    /// The measurements, in the order they were taken.
    pub measurements: Vec<Measurement>,
    /// Remarks about the run, such as a clock that could not be read or a benchmark skipped.
    pub notes: Vec<String>,
}

impl Report {
    /// An empty report.
    pub fn new(quick: bool) -> Self {
        Report {
            quick,
            ..Report::default()
        }
    }

    /// Adds a measurement.
    pub fn push(&mut self, measurement: Measurement) {
        self.measurements.push(measurement);
    }

    /// Adds a remark, printed under the table and written in the JSON.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The table: name, value, unit, target and whether it is met.
    pub fn table(&self) -> String {
        let header = ["benchmark", "value", "unit", "target", "met?"];
        let rows: Vec<[String; 5]> = self
            .measurements
            .iter()
            .map(|m| {
                [
                    m.name.clone(),
                    format_number(m.value),
                    m.unit.clone(),
                    m.target.map(Target::describe).unwrap_or_default(),
                    match m.met() {
                        Some(true) => "yes".to_owned(),
                        Some(false) => "NO".to_owned(),
                        None => String::new(),
                    },
                ]
            })
            .collect();
        let mut widths = header.map(str::len);
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let mut line = |cells: [&str; 5]| {
            let [name, value, unit, target, met] = cells;
            let [w0, w1, w2, w3, _] = widths;
            // Names and units to the left, numbers to the right.
            let text = format!("{name:<w0$}  {value:>w1$}  {unit:<w2$}  {target:>w3$}  {met}");
            let _ = writeln!(out, "{}", text.trim_end());
        };
        line(header);
        for row in &rows {
            line(row.each_ref().map(String::as_str));
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        out
    }

    /// The whole run as JSON: `{quick, clock, notes, results: [{name, value, unit, target,
    /// ratio_to_target, met, params}]}`.
    pub fn to_json(&self) -> Value {
        json!({
            "quick": self.quick,
            "clock": Clock::detect().name(),
            "notes": self.notes,
            "results": self.measurements.iter().map(Measurement::to_json).collect::<Vec<_>>(),
        })
    }

    /// Writes [`Report::to_json`] to `path`, creating its directory.
    ///
    /// # Errors
    ///
    /// When the directory cannot be created or the file written.
    pub fn write_json(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = serde_json::to_string_pretty(&self.to_json())?;
        text.push('\n');
        std::fs::write(path, text)
    }
}

/// A number for the table: integers without decimals, others with three significant digits
/// or more.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let magnitude = value.abs();
    if magnitude >= 1000.0 || value.fract() == 0.0 {
        format!("{value:.0}")
    } else if magnitude >= 100.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.4}")
    }
}

/// Which benchmarks to run: those whose name contains one of the filters, or all when there
/// is none.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    patterns: Vec<String>,
}

impl Filters {
    /// Filters from the command line's free arguments.
    pub fn new(patterns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Filters {
            patterns: patterns.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether the benchmark named `name` runs.
    pub fn matches(&self, name: &str) -> bool {
        self.patterns.is_empty() || self.patterns.iter().any(|p| name.contains(p.as_str()))
    }

    /// Whether any of `names` runs, so that a group can skip its set-up when none does.
    pub fn any(&self, names: &[&str]) -> bool {
        names.iter().any(|name| self.matches(name))
    }
}

/// The CPU time this thread has run, from `/proc/thread-self/schedstat` (its first field is
/// nanoseconds on CPU); `None` where that file cannot be read (not Linux, or a kernel without
/// scheduler statistics).
///
/// The kernel brings the figure up to date at each scheduler tick and context switch, so it
/// can lag by a few milliseconds: samples are made long enough (about 100 ms or more) for that
/// to stay within a few percent.
pub fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The clock that [`Samples::median_cpu`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// This thread's CPU time ([`thread_cpu_time`]).
    ThreadCpu,
    /// The wall clock, when the thread's CPU time cannot be read.
    Wall,
}

impl Clock {
    /// The thread CPU clock where it can be read, else the wall clock.
    pub fn detect() -> Clock {
        if thread_cpu_time().is_some() {
            Clock::ThreadCpu
        } else {
            Clock::Wall
        }
    }

    /// The name written in the results.
    pub fn name(self) -> &'static str {
        match self {
            Clock::ThreadCpu => "thread-cpu",
            Clock::Wall => "wall (thread CPU time unreadable)",
        }
    }
}

/// Wall and thread CPU time since it was started, read on the thread that started it.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Stopwatch {
    /// Starts timing on this thread.
    pub fn start() -> Self {
        Stopwatch {
            cpu: thread_cpu_time(),
            wall: Instant::now(),
        }
    }

    /// The time since [`Stopwatch::start`]; call it on the same thread.
    pub fn elapsed(&self) -> Elapsed {
        let wall = self.wall.elapsed();
        let cpu = match (self.cpu, thread_cpu_time()) {
            (Some(start), Some(now)) => Some(now.saturating_sub(start)),
            _ => None,
        };
        Elapsed { wall, cpu }
    }
}

/// What one sample took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Elapsed {
    /// Wall time.
    pub wall: Duration,
    /// The CPU time of the thread that timed it, when readable.
    pub cpu: Option<Duration>,
}

/// How many times a piece of work runs: untimed warm-ups, then timed samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Runs whose time is thrown away (caches, pools, connections, allocator).
    pub warmup: usize,
    /// Timed runs; the median is reported.
    pub samples: usize,
}

impl Plan {
    /// The usual plan: 2 warm-ups and 7 samples, or 1 and 3 with `--quick`.
    pub fn new(quick: bool) -> Self {
        if quick {
            Plan {
                warmup: 1,
                samples: 3,
            }
        } else {
            Plan {
                warmup: 2,
                samples: 7,
            }
        }
    }

    /// Runs `work` per the plan; `work` times itself and returns what one run took, so that
    /// its set-up can stay outside the timing.
    ///
    /// # Errors
    ///
    /// The first error of `work`.
    pub fn run<E>(self, mut work: impl FnMut() -> Result<Elapsed, E>) -> Result<Samples, E> {
        for _ in 0..self.warmup {
            work()?;
        }
        let mut runs = Vec::with_capacity(self.samples);
        for _ in 0..self.samples.max(1) {
            runs.push(work()?);
        }
        Ok(Samples { runs })
    }
}

/// The timed runs of one benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    /// Each run's time.
    pub runs: Vec<Elapsed>,
}

impl Samples {
    /// The median wall time.
    pub fn median_wall(&self) -> Duration {
        median(self.runs.iter().map(|run| run.wall))
    }

    /// The median thread CPU time, or the median wall time when a run could not read the CPU
    /// clock (see [`Clock`]).
    pub fn median_cpu(&self) -> Duration {
        match self
            .runs
            .iter()
            .map(|run| run.cpu)
            .collect::<Option<Vec<_>>>()
        {
            Some(cpu) => median(cpu),
            None => self.median_wall(),
        }
    }
}

/// The median of `values`, zero for none; of an even count, the lower middle one.
pub fn median(values: impl IntoIterator<Item = Duration>) -> Duration {
    let mut values: Vec<Duration> = values.into_iter().collect();
    values.sort_unstable();
    let middle = values.len().saturating_sub(1) / 2;
    values.get(middle).copied().unwrap_or_default()
}

/// Seconds as a float, never zero, so that rates stay finite.
pub fn seconds(duration: Duration) -> f64 {
    duration.as_secs_f64().max(1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_compare_both_ways() {
        assert!(Target::AtMost(30.0).met_by(30.0));
        assert!(!Target::AtMost(30.0).met_by(30.1));
        assert!(Target::AtLeast(40_000.0).met_by(50_000.0));
        assert!(!Target::AtLeast(40_000.0).met_by(39_999.0));
        let m = Measurement::new("x", 20.0, "us/call").target(Target::AtMost(40.0));
        assert_eq!(m.ratio_to_target(), Some(0.5));
        assert_eq!(m.met(), Some(true));
    }

    #[test]
    fn median_of_odd_even_and_none() {
        let ms = Duration::from_millis;
        assert_eq!(median([ms(3), ms(1), ms(2)]), ms(2));
        assert_eq!(median([ms(4), ms(1), ms(3), ms(2)]), ms(2));
        assert_eq!(median([]), Duration::ZERO);
    }

    #[test]
    fn filters_match_substrings() {
        let all = Filters::default();
        assert!(all.matches("rest/encode"));
        let some = Filters::new(["grpc", "decode"]);
        assert!(some.matches("grpc/encode"));
        assert!(some.matches("rest/decode"));
        assert!(!some.matches("rest/encode"));
        assert!(some.any(&["rest/encode", "rest/decode"]));
    }

    #[test]
    fn thread_cpu_time_advances_with_work() {
        let Some(start) = thread_cpu_time() else {
            return; // Not Linux: the harness falls back to wall time.
        };
        // Busy until the clock shows 10 ms of this thread's CPU. On a loaded machine the
        // thread may get a small share of the wall time, so the deadline is generous: the test
        // fails only if the clock does not advance with work at all.
        let mut x = 0u64;
        let wall = Instant::now();
        let mut spent = Duration::ZERO;
        while spent < Duration::from_millis(10) && wall.elapsed() < Duration::from_secs(20) {
            for _ in 0..10_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
            spent = thread_cpu_time().unwrap_or_default().saturating_sub(start);
        }
        assert!(
            spent >= Duration::from_millis(10),
            "{spent:?} in {:?}",
            wall.elapsed()
        );
    }

    #[test]
    fn numbers_are_readable() {
        assert_eq!(format_number(153_210.7), "153211");
        assert_eq!(format_number(12.345), "12.35");
        assert_eq!(format_number(0.12345), "0.1235");
        assert_eq!(format_number(250.0), "250");
    }
}
