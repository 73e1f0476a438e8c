//! Project automation for quadrant, run as `cargo xtask <command>`.
//!
//! `ci` runs every check CI runs; `codegen` rewrites the generated sources; `api-coverage`
//! compares Qdrant's API with the operation table and what each transport supports; `bench` runs
//! the benchmarks in release mode. Each generated file
//! has a test here that fails when the committed copy is stale.

mod bench;
mod ci;
mod codegen;
mod coverage;
mod protos;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  ci        fmt --check, clippy -D warnings, tests, rustdoc -D warnings, build examples
  codegen [--update-protos]
            regenerate the committed generated sources; --update-protos first copies the
            .proto files of the pinned qdrant-client crate into crates/grpc/proto
  api-coverage
            every REST operation and gRPC method of Qdrant against the operation table and
            each transport's support; fails on a gap
  bench [--quick] [FILTER...]
            run the benchmarks (release build), print a table, write target/bench/results.json
  bench --server URL [--points N] [--dim N] [--concurrency N] [--duration SECONDS]
        [--rest-port PORT] [--grpc-port PORT] [--api-key KEY] [--batch N] [--parallelism N]
            quadrant (REST, gRPC) and the official client against your Qdrant server: upload
            points/s and query q/s in a collection it creates and deletes; writes
            target/bench/server.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(),
        Some("codegen") => match args.get(1..).unwrap_or_default() {
            [] => codegen::run(false),
            [flag] if flag == "--update-protos" => codegen::run(true),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        Some("api-coverage") => coverage::run(),
        Some("bench") => {
            return bench::run(args.get(1..).unwrap_or_default()).unwrap_or_else(|message| {
                eprintln!("xtask: {message}");
                ExitCode::FAILURE
            });
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, one level above this crate.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
