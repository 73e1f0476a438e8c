//! `cargo xtask api-coverage`: every operation of Qdrant's API against quadrant's operation table
//! and each transport's support.
//!
//! The REST side comes from Qdrant's OpenAPI schema (`../shared/qdrant-api/openapi.json`, or the
//! path in `QDRANT_OPENAPI`), the gRPC side from the committed `.proto` files of the pinned
//! `qdrant-client` crate (`crates/grpc/proto/`), our side from `quadrant_transport::Operation` and from what each transport's
//! `capabilities()` says (read by running `examples/capabilities.rs`). It fails when the API has an
//! operation or gRPC method that the table lacks, or the table names one the API does not have.

#![allow(clippy::print_stdout, reason = "the table is this command's output")]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use quadrant_transport::Operation;
use serde_json::Value;

use crate::{protos, workspace_root};

/// The transports, in the order of the table's columns.
const TRANSPORTS: [&str; 3] = ["rest", "grpc", "embedded"];

/// One REST operation of the schema.
struct RestOperation {
    id: String,
    method: String,
    path: String,
}

/// Prints the coverage table, and fails on any gap between the API and the table.
pub fn run() -> Result<(), String> {
    let openapi = openapi_path();
    let rest = rest_operations(&openapi)?;
    let rpcs = grpc_methods(&protos::committed_protos())?;
    let support = transport_support()?;

    let mut problems = Vec::new();
    let ours: BTreeMap<&str, Operation> =
        Operation::ALL.iter().map(|op| (op.name(), *op)).collect();
    let schema_ids: BTreeSet<&str> = rest.iter().map(|op| op.id.as_str()).collect();
    for id in ours.keys().filter(|id| !schema_ids.contains(*id)) {
        problems.push(format!(
            "`{id}` is in the operation table but not in {}",
            openapi.display()
        ));
    }
    let table_rpcs: BTreeSet<&str> = Operation::ALL
        .iter()
        .filter_map(|op| op.grpc_rpc())
        .collect();
    for rpc in &rpcs {
        if !table_rpcs.contains(rpc.as_str()) {
            problems.push(format!("gRPC method {rpc} is not in the operation table"));
        }
    }
    for rpc in &table_rpcs {
        if !rpcs.contains(*rpc) {
            problems.push(format!(
                "the operation table names gRPC method {rpc}, which the protos lack"
            ));
        }
    }

    println!("| REST operation | HTTP | gRPC method | quadrant method | rest | grpc | embedded |");
    println!("|---|---|---|---|---|---|---|");
    let mut implemented = BTreeMap::<&str, usize>::new();
    for operation in &rest {
        let Some(ours) = ours.get(operation.id.as_str()) else {
            problems.push(format!(
                "REST operation `{}` is missing from the operation table",
                operation.id
            ));
            println!(
                "| {} | {} {} | | **missing** | | | |",
                operation.id, operation.method, operation.path
            );
            continue;
        };
        let mut cells = Vec::new();
        for transport in TRANSPORTS {
            let supported = support
                .get(&(transport.to_owned(), operation.id.clone()))
                .copied();
            match supported {
                Some(true) => {
                    *implemented.entry(transport).or_default() += 1;
                    cells.push("yes");
                }
                Some(false) => cells.push("Unsupported"),
                None => {
                    problems.push(format!("{transport} did not report `{}`", operation.id));
                    cells.push("?");
                }
            }
        }
        println!(
            "| {} | {} {} | {} | `{}` | {} |",
            operation.id,
            operation.method,
            operation.path,
            ours.grpc_rpc().unwrap_or("(REST only)"),
            ours.name(),
            cells.join(" | ")
        );
    }

    let grpc_implemented = Operation::ALL
        .iter()
        .filter(|op| op.grpc_rpc().is_some())
        .filter(|op| support.get(&("grpc".to_owned(), op.name().to_owned())) == Some(&true))
        .count();
    println!();
    let rest_in_table = rest
        .iter()
        .filter(|op| ours.contains_key(op.id.as_str()))
        .count();
    let rpcs_in_table = rpcs
        .iter()
        .filter(|rpc| table_rpcs.contains(rpc.as_str()))
        .count();
    println!(
        "REST operations in the table: {rest_in_table}/{}",
        rest.len()
    );
    println!("gRPC methods in the table: {rpcs_in_table}/{}", rpcs.len());
    for transport in TRANSPORTS {
        println!(
            "{transport}: {}/{} REST operations implemented",
            implemented.get(transport).copied().unwrap_or(0),
            rest.len()
        );
    }
    println!(
        "grpc: {grpc_implemented}/{} gRPC methods implemented",
        rpcs.len()
    );

    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the API and the operation table disagree:\n  {}",
            problems.join("\n  ")
        ))
    }
}

/// `QDRANT_OPENAPI`, else the schema in the team's shared folder: next to the workspace, or at
/// its usual place on our machines (a CI clone may live elsewhere).
pub fn openapi_path() -> PathBuf {
    if let Some(path) = std::env::var_os("QDRANT_OPENAPI") {
        return PathBuf::from(path);
    }
    let beside = workspace_root().join("../shared/qdrant-api/openapi.json");
    let usual = PathBuf::from("/work/shared/qdrant-api/openapi.json");
    if !beside.exists() && usual.exists() {
        usual
    } else {
        beside
    }
}

/// The REST operations of the schema, in its order.
fn rest_operations(path: &Path) -> Result<Vec<RestOperation>, String> {
    let text = fs::read_to_string(path).map_err(|error| {
        format!(
            "cannot read the OpenAPI schema {} (set QDRANT_OPENAPI): {error}",
            path.display()
        )
    })?;
    let schema: Value = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not JSON: {error}", path.display()))?;
    let paths = schema["paths"]
        .as_object()
        .ok_or_else(|| format!("{} has no `paths`", path.display()))?;
    let mut operations = Vec::new();
    for (route, methods) in paths {
        let Some(methods) = methods.as_object() else {
            continue;
        };
        for (method, operation) in methods {
            if let Some(id) = operation["operationId"].as_str() {
                operations.push(RestOperation {
                    id: id.to_owned(),
                    method: method.to_uppercase(),
                    path: route.clone(),
                });
            }
        }
    }
    Ok(operations)
}

/// Every `rpc` of every service in the protos, as `/qdrant.Service/Method`.
fn grpc_methods(proto_dir: &Path) -> Result<BTreeSet<String>, String> {
    let entries = fs::read_dir(proto_dir)
        .map_err(|error| format!("cannot list {}: {error}", proto_dir.display()))?;
    let mut methods = BTreeSet::new();
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.extension().is_none_or(|ext| ext != "proto") {
            continue;
        }
        let text = fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let mut service = None;
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("service ") {
                service = rest.split_whitespace().next().map(str::to_owned);
            } else if let (Some(rest), Some(service)) = (line.strip_prefix("rpc "), &service) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                methods.insert(format!("/qdrant.{service}/{name}"));
            }
        }
    }
    Ok(methods)
}

/// What each transport's `capabilities()` says, by (transport, operation name).
///
/// The example is built with the workspace's features, as `cargo xtask ci` built it, and run
/// from there: `cargo run --package quadrant` would resolve one package's features and
/// rebuild the engine and most dependencies a second time.
fn transport_support() -> Result<BTreeMap<(String, String), bool>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--workspace",
            "--all-features",
            "--example",
            "capabilities",
        ])
        .current_dir(workspace_root())
        .status()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    if !built.success() {
        return Err(format!(
            "building the capabilities example failed ({built})"
        ));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let binary = target.join("debug").join("examples").join("capabilities");
    let output = Command::new(&binary)
        .current_dir(workspace_root())
        .output()
        .map_err(|error| format!("could not run {}: {error}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "the capabilities example failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut support = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut words = line.split_whitespace();
        if let (Some(transport), Some(operation), Some(answer)) =
            (words.next(), words.next(), words.next())
        {
            support.insert(
                (transport.to_owned(), operation.to_owned()),
                answer == "supported",
            );
        }
    }
    Ok(support)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protos_have_the_51_public_grpc_methods_of_qdrant_1_20() {
        let methods = grpc_methods(&protos::committed_protos()).expect("the protos read");
        assert_eq!(methods.len(), 51, "{methods:?}");
        assert!(methods.contains("/qdrant.Points/Query"));
        assert!(methods.contains("/qdrant.Qdrant/HealthCheck"));
    }

    #[test]
    fn every_grpc_method_of_the_protos_is_in_the_operation_table() {
        let methods = grpc_methods(&protos::committed_protos()).expect("the protos read");
        let table: BTreeSet<String> = Operation::ALL
            .iter()
            .filter_map(|op| op.grpc_rpc())
            .map(str::to_owned)
            .collect();
        assert_eq!(table, methods);
    }
}
