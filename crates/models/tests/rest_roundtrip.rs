//! Round-trips the REST bodies that a real Qdrant 1.18.3 sent and received through the models.
//!
//! For every REST exchange of the scenarios below, the request body is decoded into the
//! operation's request model and the `result` of the (2xx) response into its response model.
//! Each is then encoded again, through JSON text as a transport would, and compared with the
//! recorded JSON. Every route in a scenario must be either checked or named in [`SKIPPED`], so a
//! new kind of exchange cannot pass unseen.
//!
//! Normalisation, applied to both sides before comparing:
//! (a) object keys whose value is `null` are dropped;
//! (b) numbers compare numerically (`5` equals `5.0`); floats agree within a relative tolerance
//!     of 1e-6, since vectors and scores are `f32`;
//! (c) nothing else: no key is ignored, and arrays compare in order.
//!
//! Scenarios: `seed_quickstart`, `points_crud`, `filters_and_indexes`, and the collection-level
//! steps of `collections_lifecycle`. Fixtures: `tests/fixtures/conformance/` at the workspace
//! root, copied from the recorded corpus.

use std::fmt::Write as _;
use std::path::PathBuf;

use quadrant_models::{
    CollectionExistence, CollectionInfo, CollectionsResponse, CountPoints, CountResult,
    CreateCollection, CreateFieldIndex, DeletePoints, GetPoints, QueryPoints, QueryResponse,
    Record, ScrollPoints, ScrollResult, UpdateResult, UpsertPoints,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Routes in the recorded scenarios that the models do not cover yet, by the Qdrant operation
/// they call. Their exchanges are skipped.
const SKIPPED: &[&str] = &[
    "set_payload",
    "overwrite_payload",
    "delete_payload",
    "clear_payload",
    "update_vectors",
    "batch_update",
    "update_collection",
    "create_vector_name",
    "delete_vector_name",
    "update_aliases",
    "get_collections_aliases",
    "get_collection_aliases",
    "get_optimizations",
    "collection_cluster_info",
];

/// Relative tolerance for floats (see the module doc, rule b).
const TOLERANCE: f64 = 1e-6;

/// What the models do with one REST route.
enum Route {
    /// Decode and re-encode the request body (when the route has one) and the response result.
    Check {
        request: Option<Codec>,
        response: Codec,
    },
    /// A route the models do not cover yet; its name is in [`SKIPPED`].
    Skip(&'static str),
}

/// Decodes a JSON value into one model type and encodes it back.
type Codec = fn(&Value) -> Result<Value, String>;

fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let model: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("does not decode as {}: {e}", std::any::type_name::<T>()))?;
    let text = serde_json::to_string(&model).map_err(|e| format!("does not encode: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("encodes to invalid JSON: {e}"))
}

fn check(request: Option<Codec>, response: Codec) -> Route {
    Route::Check { request, response }
}

/// Maps a recorded `(method, path)` to the models of its operation.
fn route(method: &str, path: &str) -> Option<Route> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let route = match (method, segments.as_slice()) {
        ("GET", ["collections"]) => check(None, round_trip::<CollectionsResponse>),
        ("POST", ["collections", "aliases"]) => Route::Skip("update_aliases"),
        ("GET", ["aliases"]) => Route::Skip("get_collections_aliases"),
        ("PUT", ["collections", _]) => {
            check(Some(round_trip::<CreateCollection>), round_trip::<bool>)
        }
        ("GET", ["collections", _]) => check(None, round_trip::<CollectionInfo>),
        ("PATCH", ["collections", _]) => Route::Skip("update_collection"),
        ("DELETE", ["collections", _]) => check(None, round_trip::<bool>),
        ("GET", ["collections", _, "exists"]) => check(None, round_trip::<CollectionExistence>),
        ("GET", ["collections", _, "aliases"]) => Route::Skip("get_collection_aliases"),
        ("GET", ["collections", _, "optimizations"]) => Route::Skip("get_optimizations"),
        ("GET", ["collections", _, "cluster"]) => Route::Skip("collection_cluster_info"),
        ("PUT", ["collections", _, "vectors", _]) => Route::Skip("create_vector_name"),
        ("DELETE", ["collections", _, "vectors", _]) => Route::Skip("delete_vector_name"),
        ("PUT", ["collections", _, "index"]) => check(
            Some(round_trip::<CreateFieldIndex>),
            round_trip::<UpdateResult>,
        ),
        ("DELETE", ["collections", _, "index", _]) => check(None, round_trip::<UpdateResult>),
        ("PUT", ["collections", _, "points"]) => {
            check(Some(round_trip::<UpsertPoints>), round_trip::<UpdateResult>)
        }
        ("POST", ["collections", _, "points"]) => {
            check(Some(round_trip::<GetPoints>), round_trip::<Vec<Record>>)
        }
        ("POST", ["collections", _, "points", "count"]) => {
            check(Some(round_trip::<CountPoints>), round_trip::<CountResult>)
        }
        ("POST", ["collections", _, "points", "delete"]) => {
            check(Some(round_trip::<DeletePoints>), round_trip::<UpdateResult>)
        }
        ("POST", ["collections", _, "points", "scroll"]) => {
            check(Some(round_trip::<ScrollPoints>), round_trip::<ScrollResult>)
        }
        ("POST", ["collections", _, "points", "query"]) => {
            check(Some(round_trip::<QueryPoints>), round_trip::<QueryResponse>)
        }
        ("POST", ["collections", _, "points", "payload"]) => Route::Skip("set_payload"),
        ("PUT", ["collections", _, "points", "payload"]) => Route::Skip("overwrite_payload"),
        ("POST", ["collections", _, "points", "payload", "delete"]) => {
            Route::Skip("delete_payload")
        }
        ("POST", ["collections", _, "points", "payload", "clear"]) => Route::Skip("clear_payload"),
        ("PUT", ["collections", _, "points", "vectors"]) => Route::Skip("update_vectors"),
        ("POST", ["collections", _, "points", "batch"]) => Route::Skip("batch_update"),
        _ => return None,
    };
    Some(route)
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/conformance")
}

fn load(scenario: &str) -> Value {
    let path = fixtures_dir().join(format!("{scenario}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Drops object keys whose value is null, at any depth (rule a).
fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        other => other.clone(),
    }
}

fn numbers_agree(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if !a.is_f64() && !b.is_f64() {
        return a.as_i64() == b.as_i64() && a.as_u64() == b.as_u64();
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y || (x - y).abs() <= TOLERANCE * x.abs().max(y.abs()),
        _ => false,
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Compares two normalised values (rules b and c); returns the first difference with its
/// JSON path.
fn diff(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            (!numbers_agree(a, b)).then(|| format!("{path}: recorded {a}, round-tripped {b}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!(
                    "{path}: recorded {} items, round-tripped {}",
                    a.len(),
                    b.len()
                ));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| diff(x, y, &format!("{path}[{i}]")))
        }
        (Value::Object(a), Value::Object(b)) => {
            if let Some(key) = a.keys().find(|k| !b.contains_key(*k)) {
                return Some(format!("{path}.{key}: lost in the round trip"));
            }
            if let Some(key) = b.keys().find(|k| !a.contains_key(*k)) {
                return Some(format!(
                    "{path}.{key}: added by the round trip ({})",
                    short(&b[key])
                ));
            }
            a.iter()
                .find_map(|(key, x)| diff(x, &b[key], &format!("{path}.{key}")))
        }
        (a, b) => {
            (a != b).then(|| format!("{path}: recorded {}, round-tripped {}", short(a), short(b)))
        }
    }
}

/// Decodes and re-encodes `value` with `codec`; returns what went wrong, if anything.
fn verify(codec: Codec, value: &Value, root: &str) -> Option<String> {
    match codec(value) {
        Ok(actual) => diff(&normalise(value), &normalise(&actual), root),
        Err(error) => Some(format!("{root} {error}")),
    }
}

/// Checks every REST exchange of `scenario`; panics listing every failure.
fn check_scenario(scenario: &str) {
    let recording = load(scenario);
    let steps = recording["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("{scenario}: no steps"));
    let mut failures = String::new();
    let mut checked = 0;
    for step in steps {
        let name = step["name"].as_str().unwrap_or("?");
        let exchanges = step["rest"]["exchanges"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        for exchange in exchanges {
            let method = exchange["method"].as_str().unwrap_or("?");
            let path = exchange["path"].as_str().unwrap_or("?");
            let at = format!("{scenario} / {name} / {method} {path}");
            let Some(route) = route(method, path) else {
                let _ = writeln!(failures, "{at}: no route; model it or add it to SKIPPED");
                continue;
            };
            let (request_codec, response_codec) = match route {
                Route::Skip(operation) => {
                    assert!(
                        SKIPPED.contains(&operation),
                        "{operation} is not in SKIPPED"
                    );
                    continue;
                }
                Route::Check { request, response } => (request, response),
            };
            let status = exchange["status"].as_u64().unwrap_or(0);
            if !(200..300).contains(&status) {
                // Error bodies are `{"status": {"error": …}}`, not a model round trip.
                continue;
            }
            let request = &exchange["request"];
            let problem = match request_codec {
                Some(codec) => verify(codec, request, "$request"),
                None => (!request.is_null()).then(|| format!("unexpected body {}", short(request))),
            };
            if let Some(problem) = problem {
                let _ = writeln!(failures, "{at}: {problem}");
            }
            let response = &exchange["response"];
            if response["status"] != "ok" {
                let _ = writeln!(failures, "{at}: response status is {}", response["status"]);
            }
            if let Some(problem) = verify(response_codec, &response["result"], "$result") {
                let _ = writeln!(failures, "{at}: {problem}");
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "round-trip failures:\n{failures}");
    assert!(checked > 0, "{scenario}: no exchange was checked");
}

#[test]
fn seed_quickstart() {
    check_scenario("seed_quickstart");
}

#[test]
fn points_crud() {
    check_scenario("points_crud");
}

#[test]
fn filters_and_indexes() {
    check_scenario("filters_and_indexes");
}

#[test]
fn collections_lifecycle() {
    check_scenario("collections_lifecycle");
}

/// The comparison itself must catch what it is meant to catch.
#[test]
fn comparison_rules() {
    let recorded = serde_json::json!({"a": 5, "b": null, "c": [0.1, {"d": 1e-9}]});
    let same = serde_json::json!({"a": 5.0, "c": [0.100_000_01, {"d": 1e-9, "e": null}]});
    assert_eq!(diff(&normalise(&recorded), &normalise(&same), "$"), None);
    let off = serde_json::json!({"a": 5, "c": [0.1001, {"d": 1e-9}]});
    assert_eq!(
        diff(&normalise(&recorded), &normalise(&off), "$").as_deref(),
        Some("$.c[0]: recorded 0.1, round-tripped 0.1001")
    );
    let extra = serde_json::json!({"a": 5, "c": [0.1, {"d": 1e-9}], "x": false});
    assert!(
        diff(&normalise(&recorded), &normalise(&extra), "$")
            .is_some_and(|d| d.starts_with("$.x: added"))
    );
    let lost = serde_json::json!({"c": [0.1, {"d": 1e-9}]});
    assert!(
        diff(&normalise(&recorded), &normalise(&lost), "$")
            .is_some_and(|d| d.starts_with("$.a: lost"))
    );
}
