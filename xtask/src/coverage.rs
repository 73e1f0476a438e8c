//! `cargo xtask api-coverage`: every operation of Qdrant's API against quadrant's operation table
//! and each transport's support.
//!
//! The REST side comes from Qdrant's OpenAPI schema (`../shared/qdrant-api/openapi-1.19.0.json`,
//! whose 69 routes are those of the official 1.20 clients, or the path in `QDRANT_OPENAPI`), the
//! gRPC side from the `.proto` files of the pinned `qdrant-client` crate committed in
//! `crates/grpc/proto/` (the services of package `qdrant`; the serverless control plane's
//! `qdrant.serverless` is another API), our side from `quadrant_transport::Operation` and from
//! what each transport's `capabilities()` says (read by running `examples/capabilities.rs`). It
//! fails when the API has an operation or gRPC method that the table lacks, the table names one
//! the API does not have, or a row's REST route (method, path, query parameters) is not the one
//! Qdrant's schema gives its operation id.
//!
//! The legacy search, recommend and discover routes ([`LEGACY`]) left the schema in 1.19, and
//! their gRPC methods are marked deprecated, but Qdrant still serves them: quadrant keeps them as
//! deprecated methods, and they are reported as such rather than as a gap. Their routes are
//! checked against Qdrant 1.18.3's schema (`openapi.json` beside the 1.19 one).

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

/// The legacy operations that Qdrant 1.19's schema no longer lists and its server still serves.
/// They must be in the operation table and absent from the schema; their routes are checked
/// against Qdrant 1.18.3's schema (see [`legacy_openapi_path`]).
const LEGACY: [&str; 8] = [
    "search_points",
    "search_batch_points",
    "search_point_groups",
    "recommend_points",
    "recommend_batch_points",
    "recommend_point_groups",
    "discover_points",
    "discover_batch_points",
];

/// One REST operation of the schema.
struct RestOperation {
    id: String,
    method: String,
    path: String,
    /// The names of its query parameters, in the schema's order.
    query: Vec<String>,
}

/// Prints the coverage table, and fails on any gap between the API and the table.
pub fn run() -> Result<(), String> {
    let openapi = openapi_path();
    let rest = rest_operations(&openapi)?;
    let legacy_openapi = legacy_openapi_path();
    let legacy_rest = rest_operations(&legacy_openapi)?;
    let (rpcs, deprecated_rpcs) = grpc_methods(&protos::committed_protos())?;
    let support = transport_support()?;

    let mut problems = Vec::new();
    let ours: BTreeMap<&str, Operation> =
        Operation::ALL.iter().map(|op| (op.name(), *op)).collect();
    let schema_ids: BTreeSet<&str> = rest.iter().map(|op| op.id.as_str()).collect();
    let legacy_ids: BTreeSet<&str> = LEGACY.into_iter().collect();
    for id in ours.keys().filter(|id| !schema_ids.contains(*id)) {
        if !legacy_ids.contains(id) {
            problems.push(format!(
                "`{id}` is in the operation table but not in {}",
                openapi.display()
            ));
        }
    }
    for id in &legacy_ids {
        if schema_ids.contains(id) {
            problems.push(format!(
                "`{id}` is listed as legacy, but {} has it",
                openapi.display()
            ));
        }
        if !ours.contains_key(id) {
            problems.push(format!("legacy operation `{id}` is missing from the table"));
        }
    }
    problems.extend(route_problems(&rest, &legacy_rest));
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
    let legacy_rows = legacy_rest
        .iter()
        .filter(|op| legacy_ids.contains(op.id.as_str()));
    let rows: Vec<(&RestOperation, bool)> = rest
        .iter()
        .map(|op| (op, false))
        .chain(legacy_rows.map(|op| (op, true)))
        .collect();
    for &(operation, legacy) in &rows {
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
                    if !legacy {
                        *implemented.entry(transport).or_default() += 1;
                    }
                    cells.push("yes");
                }
                Some(false) => cells.push("Unsupported"),
                None => {
                    problems.push(format!("{transport} did not report `{}`", operation.id));
                    cells.push("?");
                }
            }
        }
        let rpc = match ours.grpc_rpc() {
            None => "(REST only)".to_owned(),
            Some(rpc) if deprecated_rpcs.contains(rpc) => format!("{rpc} (deprecated)"),
            Some(rpc) => rpc.to_owned(),
        };
        let (id, method) = if legacy {
            (
                format!("{} (legacy: not in the schema)", operation.id),
                format!("`{}` (deprecated)", ours.name()),
            )
        } else {
            (operation.id.clone(), format!("`{}`", ours.name()))
        };
        println!(
            "| {id} | {} {} | {rpc} | {method} | {} |",
            operation.method,
            operation.path,
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
        "REST operations in the table: {rest_in_table}/{}, and {} legacy ones the schema no \
         longer lists, kept as deprecated methods",
        rest.len(),
        LEGACY.len()
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
        "grpc: {grpc_implemented}/{} gRPC methods implemented ({} of them deprecated in the protos)",
        rpcs.len(),
        deprecated_rpcs.len()
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
    let beside = workspace_root().join("../shared/qdrant-api/openapi-1.19.0.json");
    let usual = PathBuf::from("/work/shared/qdrant-api/openapi-1.19.0.json");
    if !beside.exists() && usual.exists() {
        usual
    } else {
        beside
    }
}

/// Qdrant 1.18.3's schema, the last that lists the [`LEGACY`] routes: `QDRANT_OPENAPI_1_18`,
/// else `openapi.json` beside the 1.19 schema.
pub fn legacy_openapi_path() -> PathBuf {
    if let Some(path) = std::env::var_os("QDRANT_OPENAPI_1_18") {
        return PathBuf::from(path);
    }
    openapi_path().with_file_name("openapi.json")
}

/// Compares the REST column of every row of the operation table with Qdrant's own description
/// of the operation its name is the id of: in `current` (the 1.19 schema), or for the
/// [`LEGACY`] operations in `legacy` (1.18.3's). The row's method and path must be the schema's,
/// and its query fields exactly the schema's query parameters (so a parameter Qdrant adds is
/// noticed). Returns one line per disagreement.
fn route_problems(current: &[RestOperation], legacy: &[RestOperation]) -> Vec<String> {
    let mut problems = Vec::new();
    for operation in Operation::ALL {
        let id = operation.name();
        let schema = if LEGACY.contains(&id) {
            legacy
        } else {
            current
        };
        let Some(theirs) = schema.iter().find(|op| op.id == id) else {
            problems.push(format!(
                "`{id}` has no route in the schema that should list it"
            ));
            continue;
        };
        let ours = operation.rest();
        if ours.method != theirs.method || ours.path != theirs.path {
            problems.push(format!(
                "`{id}` goes to {} {} in the operation table, but Qdrant serves it at {} {}",
                ours.method, ours.path, theirs.method, theirs.path
            ));
        }
        for field in ours.query {
            if !theirs.query.iter().any(|name| name == field) {
                problems.push(format!(
                    "`{id}` sends the query parameter `{field}`, which Qdrant does not take"
                ));
            }
        }
        for name in &theirs.query {
            if !ours.query.contains(&name.as_str()) {
                problems.push(format!(
                    "`{id}` does not send Qdrant's query parameter `{name}`"
                ));
            }
        }
    }
    problems
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
                let query = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|parameter| parameter["in"] == "query")
                    .filter_map(|parameter| parameter["name"].as_str())
                    .map(str::to_owned)
                    .collect();
                operations.push(RestOperation {
                    id: id.to_owned(),
                    method: method.to_uppercase(),
                    path: route.clone(),
                    query,
                });
            }
        }
    }
    Ok(operations)
}

/// Every `rpc` of every service of package `qdrant` in the protos, as `/qdrant.Service/Method`,
/// and those of them marked `option deprecated = true`.
fn grpc_methods(proto_dir: &Path) -> Result<(BTreeSet<String>, BTreeSet<String>), String> {
    let entries = fs::read_dir(proto_dir)
        .map_err(|error| format!("cannot list {}: {error}", proto_dir.display()))?;
    let mut methods = BTreeSet::new();
    let mut deprecated = BTreeSet::new();
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.extension().is_none_or(|ext| ext != "proto") {
            continue;
        }
        let text = fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let package = text
            .lines()
            .find_map(|line| line.trim().strip_prefix("package "))
            .map(|rest| rest.trim_end_matches(';').trim());
        if package != Some("qdrant") {
            continue;
        }
        let mut service = None;
        // The method whose `{ … }` block is open, for its options.
        let mut open_rpc: Option<String> = None;
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("service ") {
                service = rest.split_whitespace().next().map(str::to_owned);
            } else if let (Some(rest), Some(service)) = (line.strip_prefix("rpc "), &service) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let method = format!("/qdrant.{service}/{name}");
                open_rpc = (line.ends_with('{')).then(|| method.clone());
                methods.insert(method);
            } else if line.starts_with('}') {
                open_rpc = None;
            } else if line.replace(' ', "") == "optiondeprecated=true;"
                && let Some(method) = &open_rpc
            {
                deprecated.insert(method.clone());
            }
        }
    }
    Ok((methods, deprecated))
}

/// What each transport's `capabilities()` says, by (transport, operation name).
///
/// The example is built as `cargo run --example capabilities` builds it (the examples package
/// alone), which shares the engine's build with `cargo test --workspace`, and run from there.
fn transport_support() -> Result<BTreeMap<(String, String), bool>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = Command::new(cargo)
        .args(["build", "--quiet", "--example", "capabilities"])
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
        let (methods, _) = grpc_methods(&protos::committed_protos()).expect("the protos read");
        assert_eq!(methods.len(), 51, "{methods:?}");
        assert!(methods.contains("/qdrant.Points/Query"));
        assert!(methods.contains("/qdrant.Qdrant/HealthCheck"));
    }

    #[test]
    fn every_grpc_method_of_the_protos_is_in_the_operation_table() {
        let (methods, _) = grpc_methods(&protos::committed_protos()).expect("the protos read");
        let table: BTreeSet<String> = Operation::ALL
            .iter()
            .filter_map(|op| op.grpc_rpc())
            .map(str::to_owned)
            .collect();
        assert_eq!(table, methods);
    }

    /// Only package `qdrant` counts, and `option deprecated = true` inside a method's block
    /// marks that method alone.
    #[test]
    fn grpc_methods_reads_packages_and_deprecation() {
        let dir = std::env::temp_dir().join(format!("quadrant-coverage-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("points_service.proto"),
            "syntax = \"proto3\";\npackage qdrant;\nservice Points {\n  \
             rpc Search(SearchPoints) returns (SearchResponse) {\n    option deprecated = true;\n  }\n  \
             rpc Query(QueryPoints) returns (QueryResponse) {}\n}\n",
        )
        .unwrap();
        fs::write(
            dir.join("serverless_collections.proto"),
            "syntax = \"proto3\";\npackage qdrant.serverless;\nservice CollectionsService {\n  \
             rpc CreateCollection(CreateCollectionRequest) returns (CreateCollectionResponse);\n}\n",
        )
        .unwrap();
        let (methods, deprecated) = grpc_methods(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            methods.into_iter().collect::<Vec<_>>(),
            ["/qdrant.Points/Query", "/qdrant.Points/Search"]
        );
        assert_eq!(
            deprecated.into_iter().collect::<Vec<_>>(),
            ["/qdrant.Points/Search"]
        );
    }

    /// The legacy operations are in the table.
    #[test]
    fn legacy_operations_are_in_the_table() {
        for id in LEGACY {
            assert!(
                Operation::ALL.iter().any(|op| op.name() == id),
                "{id} is not in the table"
            );
        }
    }

    /// The table is the REST schema's operations plus the legacy ones, when the schema is on
    /// this machine.
    #[test]
    fn the_table_is_the_schema_and_the_legacy_operations() {
        let path = openapi_path();
        if !path.exists() {
            eprintln!("{} not found; not cross-checked", path.display());
            return;
        }
        let mut expected: Vec<String> = rest_operations(&path)
            .unwrap()
            .into_iter()
            .map(|op| op.id)
            .chain(LEGACY.iter().map(|id| (*id).to_owned()))
            .collect();
        expected.sort();
        let mut table: Vec<String> = Operation::ALL
            .iter()
            .map(|op| op.name().to_owned())
            .collect();
        table.sort();
        assert_eq!(table, expected);
    }

    /// Every row's REST route is Qdrant's own: the method, path and query parameters of its
    /// operation id in the 1.19 schema, or in 1.18.3's for the legacy operations, when the
    /// schemas are on this machine.
    #[test]
    fn every_rest_route_is_the_schemas() {
        let (current, legacy) = (openapi_path(), legacy_openapi_path());
        if !current.exists() || !legacy.exists() {
            eprintln!("{} not found; not cross-checked", current.display());
            return;
        }
        let problems = route_problems(
            &rest_operations(&current).unwrap(),
            &rest_operations(&legacy).unwrap(),
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// A row that disagrees with the schema is named, whatever the disagreement.
    #[test]
    fn a_route_unlike_the_schemas_is_named() {
        let schema = |id: &str, method: &str, path: &str, query: &[&str]| RestOperation {
            id: id.to_owned(),
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.iter().map(|name| (*name).to_owned()).collect(),
        };
        let mut current: Vec<RestOperation> = Operation::ALL
            .iter()
            .map(|op| {
                let route = op.rest();
                schema(op.name(), route.method, route.path, route.query)
            })
            .collect();
        let legacy: Vec<RestOperation> = current
            .iter()
            .filter(|op| LEGACY.contains(&op.id.as_str()))
            .map(|op| schema(&op.id, &op.method, &op.path, &[]))
            .collect();
        current.retain(|op| !LEGACY.contains(&op.id.as_str()));
        for op in &mut current {
            match op.id.as_str() {
                "upsert_points" => op.method = "POST".to_owned(),
                "get_collection" => op.path = "/collection/{collection_name}".to_owned(),
                "delete_points" => op.query.retain(|name| name != "ordering"),
                "count_points" => op.query.push("shard_key".to_owned()),
                _ => {}
            }
        }
        current.retain(|op| op.id != "facet");
        let problems = route_problems(&current, &legacy).join("\n");
        for expected in [
            "`upsert_points` goes to PUT",
            "`get_collection` goes to GET /collections/{collection_name}",
            "`delete_points` sends the query parameter `ordering`",
            "`count_points` does not send Qdrant's query parameter `shard_key`",
            "`facet` has no route",
            "`search_points` sends the query parameter `consistency`",
        ] {
            assert!(problems.contains(expected), "{expected}:\n{problems}");
        }
        assert_eq!(problems.lines().count(), 5 + 2 * LEGACY.len(), "{problems}");
    }
}
