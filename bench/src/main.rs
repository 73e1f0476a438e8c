//! `quadrant-bench [--quick] [--out PATH] [FILTER...]`: runs every benchmark whose name contains
//! one of the filters (all without any), prints a table and writes the results as JSON to
//! `target/bench/results.json` (or `PATH`). See the library's docs. `quadrant-bench --server
//! URL [OPTIONS]` benchmarks the clients against a real Qdrant server instead (module `remote`).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use quadrant_bench::{Filters, Report};

const USAGE: &str = "usage: quadrant-bench [--quick] [--out PATH] [FILTER...]
       quadrant-bench --server URL [OPTIONS]   (--server --help for its options)

Runs the benchmarks whose name contains a FILTER (all without one), prints a table and writes
JSON to target/bench/results.json (or PATH). --quick runs short versions. With --server, it
benchmarks the clients against the Qdrant server at URL instead (target/bench/server.json).";

fn main() -> ExitCode {
    if let Some(code) = quadrant_bench::embedded::probe_main() {
        return code;
    }
    if std::env::args().any(|arg| arg == "--server") {
        return server_main();
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
    quadrant_bench::compression::run(&mut report, quick, &filters);
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

/// `--server URL`: the benchmark against the user's own server ([`quadrant_bench::remote`]).
fn server_main() -> ExitCode {
    use quadrant_bench::remote::{self, Options};
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        eprintln!("{}", remote::USAGE);
        return ExitCode::SUCCESS;
    }
    let options = match Options::parse(args, std::env::var("QDRANT_API_KEY").ok()) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("quadrant-bench: {error}\n\n{}", remote::USAGE);
            return ExitCode::from(2);
        }
    };
    let report = match remote::run(&options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("quadrant-bench: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{}", report.table());
    let path = options
        .out
        .clone()
        .unwrap_or_else(|| default_output().with_file_name("server.json"));
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
