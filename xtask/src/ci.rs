//! `cargo xtask ci`: the checks CI runs, in the order that fails fastest.

use std::process::Command;

use crate::workspace_root;

/// Runs each check, stopping at the first that fails.
pub fn run() -> Result<(), String> {
    cargo(&["fmt", "--all", "--", "--check"], &[])?;
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    // Each transport feature alone, and none: the `cfg(not(feature = ...))` arms compile only
    // there. `cargo check` in the same target dir as the rest: the features make their own
    // artifacts (other hashes) beside the workspace build's, which stay valid, and the
    // dependencies whose features match share the clippy step's.
    for features in FEATURE_SETS {
        let mut args = vec!["check", "-p", "quadrant", "--no-default-features"];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        cargo(&args, &[])?;
    }
    // The README's test command. It builds the examples too.
    cargo(&["test", "--workspace"], &[])?;
    cargo(
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    // The README's first command, `cargo run --example quickstart`, builds the examples package
    // alone. It must find the engine that the tests built: a newcomer who runs both commands
    // compiles qdrant-edge once. The examples then run from this build.
    examples_share_the_engine()?;
    for example in SERVERLESS_EXAMPLES {
        run_example(example)?;
    }
    // The schema is the team's reference copy, kept outside the repository; without it only the
    // REST half of the check is impossible, so say so rather than fail a clone made elsewhere.
    if crate::coverage::openapi_path().exists() {
        eprintln!("$ cargo xtask api-coverage");
        crate::coverage::run()?;
    } else {
        eprintln!(
            "api-coverage skipped: {} not found (set QDRANT_OPENAPI)",
            crate::coverage::openapi_path().display()
        );
    }
    Ok(())
}

/// The feature sets of `quadrant` checked alone: each transport, and none (the models and the
/// `Transport` trait, for a caller that brings its own transport).
const FEATURE_SETS: &[&str] = &["", "rest", "grpc", "embedded"];

/// The examples that run on the embedded engine, with their arguments.
const SERVERLESS_EXAMPLES: &[&[&str]] = &[
    &["quickstart"],
    &["blocking_quickstart"],
    &["embedded"],
    &["concurrent_sdks"],
    &["blocking_batch_job", "2000"],
    &["capabilities"],
];

/// Builds the examples as `cargo run --example ...` does from the repository root (with the
/// features of the whole workspace, not of one package: `--package quadrant-examples` would
/// resolve that package's alone), and fails when that build compiles the engine (qdrant-edge)
/// instead of reusing the one `cargo test --workspace` made:
/// a feature that only the test build turns on for one of the engine's dependencies (the
/// official client of the benchmarks once did, for `futures`) would make every newcomer compile
/// the engine twice.
fn examples_share_the_engine() -> Result<(), String> {
    let args = [
        "build",
        "--examples",
        "--message-format",
        "json-render-diagnostics",
    ];
    eprintln!("$ cargo {}", args.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(workspace_root())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    if !output.status.success() {
        return Err(format!("building the examples failed ({})", output.status));
    }
    let messages = String::from_utf8_lossy(&output.stdout);
    let engine: Vec<&str> = messages
        .lines()
        .filter(|line| {
            line.contains(r#""reason":"compiler-artifact""#) && line.contains("#qdrant-edge@")
        })
        .collect();
    if engine.is_empty() {
        return Err("the examples build did not report the engine (qdrant-edge)".to_owned());
    }
    if engine.iter().any(|line| line.contains(r#""fresh":false"#)) {
        return Err(
            "`cargo run --example` compiled the engine again after `cargo test \
             --workspace`: some dependency of qdrant-edge has other features in the two builds \
             (compare `cargo tree -e features -i <crate>` with and without `--workspace`)"
                .to_owned(),
        );
    }
    Ok(())
}

/// Runs one example as `examples_share_the_engine` built it. `QDRANT_URL` is removed so that
/// none reaches for a server the developer happens to have configured.
fn run_example(example: &[&str]) -> Result<(), String> {
    let (name, args) = example.split_first().ok_or("an example without a name")?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let binary = target.join("debug").join("examples").join(name);
    eprintln!("$ {} {}", binary.display(), args.join(" "));
    let status = Command::new(&binary)
        .args(args)
        .env_remove("QDRANT_URL")
        .current_dir(workspace_root())
        .status()
        .map_err(|error| format!("could not run {}: {error}", binary.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("example `{name}` failed: {status}"))
    }
}

fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(workspace_root())
        .status()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}
