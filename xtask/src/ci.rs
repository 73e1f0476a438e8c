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
    cargo(&["test", "--workspace", "--all-features"], &[])?;
    cargo(
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    cargo(
        &["build", "--workspace", "--examples", "--all-features"],
        &[],
    )?;
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
