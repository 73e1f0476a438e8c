//! `cargo xtask bench [args]`: the benchmarks, built in release mode and run with the arguments
//! passed through (`--quick`, `--out PATH`, filters). They are not part of `ci`. The feature
//! `official` adds the official Rust client, measured beside ours, to the gRPC client figures.
//! `cargo xtask bench --server URL [options]` passes through the same way: the benchmark then
//! runs against the user's Qdrant server at URL (the bench crate's `remote` module).

use std::process::{Command, ExitCode};

use crate::workspace_root;

/// Runs `cargo run --release -p quadrant-bench --features official -- args`, with the
/// benchmark's own exit code.
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!(
        "$ cargo run --release -p quadrant-bench --features official -- {}",
        args.join(" ")
    );
    let status = Command::new(cargo)
        .args([
            "run",
            "--release",
            "-p",
            "quadrant-bench",
            "--features",
            "official",
            "--",
        ])
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    // A code that does not fit (or a signal, which has none) is a failure all the same.
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}
