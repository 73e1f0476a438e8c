//! `quadrant-bench [--quick] [--out PATH] [FILTER...]`: runs every benchmark whose name contains
//! one of the filters (all without any), prints a table and writes the results as JSON to
//! `target/bench/results.json` (or `PATH`). See the library's docs.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use quadrant_bench::{Filters, Report};

const USAGE: &str = "usage: quadrant-bench [--quick] [--out PATH] [FILTER...]

Runs the benchmarks whose name contains a FILTER (all without one), prints a table and writes
JSON to target/bench/results.json (or PATH). --quick runs short versions.";

fn main() -> ExitCode {
    if let Some(code) = quadrant_bench::embedded::probe_main() {
        return code;
    }
    let mut quick = false;
    let mut out = None;
    let mut patterns = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--out" => match args.next() {
                Some(path) => out = Some(PathBuf::from(path)),
                None => return usage(),
            },
            "-h" | "--help" => {
                eprintln!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') => return usage(),
            _ => patterns.push(arg),
        }
    }
    let filters = Filters::new(patterns);
    let mut report = Report::new(quick);

    quadrant_bench::codec::run(&mut report, quick, &filters);
    quadrant_bench::client::run(&mut report, quick, &filters);
    quadrant_bench::embedded::run(&mut report, quick, &filters);

    if report.measurements.is_empty() {
        report.note("no benchmark matched the filters");
    }
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{}", report.table());
    let path = out.unwrap_or_else(default_output);
    match report.write_json(&path) {
        Ok(()) => {
            let _ = writeln!(stdout, "results written to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "quadrant-bench: could not write {}: {error}",
                path.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// `target/bench/results.json` under cargo's target directory: `CARGO_TARGET_DIR` when set,
/// else the workspace's `target/`.
fn default_output() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench").join("results.json")
}
