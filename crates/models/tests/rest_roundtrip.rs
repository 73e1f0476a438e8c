//! Round-trips the REST bodies that a real Qdrant 1.18.3 sent and received through the models.
//!
//! For every REST exchange of every recorded scenario, the request body is decoded into the
//! operation's request model and the `result` of the (2xx) response into its response model
//! (`GET /` answers without the `result` wrapper, so there the whole body is the model). Each
//! is then encoded again, through JSON text as a transport would, and compared with the
//! recorded JSON. Every route in a scenario must be either checked or named in [`SKIPPED`]
//! with the reason, so a new kind of exchange cannot pass unseen. Exchanges that failed
//! (non-2xx) carry error bodies, `{"status": {"error": …}}` or text, which are not models;
//! they are left out whatever their route.
//!
//! Normalisation, applied before comparing:
//! (a) object keys whose value is `null` are dropped (both sides);
//! (b) numbers compare numerically (`5` equals `5.0`); floats agree within a relative tolerance
//!     of 1e-6, since vectors and scores are `f32`;
//! (c) in a recorded request body, a `prefetch` written as one object is compared as a list of
//!     that one object, at any depth. The models keep prefetches as a list
//!     (`Option<Vec<Prefetch>>`) and always write one, which Qdrant reads the same; the
//!     recorded Python client writes a single prefetch as a bare object;
//! (d) nothing else: no key is ignored, and arrays compare in order.
//!
//! Scenarios: every file of `tests/fixtures/conformance/` at the workspace root, copied from
//! the recorded corpus (see [`scenarios!`]).

use std::fmt::Write as _;
use std::path::PathBuf;

use quadrant_models::{
    ChangeAliases, ClearPayloadPoints, ClusterStatus, CollectionClusterInfo, CollectionExistence,
    CollectionInfo, CollectionsAliasesResponse, CollectionsResponse, CountPoints, CountResult,
    CreateCollection, CreateFieldIndex, CreateShardKeyRequest, CreateVectorName,
    DeletePayloadPoints, DeletePointVectors, DeletePoints, DeleteShardKeyRequest,
    DiscoverBatchPoints, DiscoverPoints, DistributedTelemetryData, FacetCounts, FacetResponse,
    GetPoints, GroupsResult, IssuesReport, OptimizationsResponse, QueryBatchPoints,
    QueryPointGroups, QueryPoints, QueryResponse, QuotaStatus, RecommendBatchPoints,
    RecommendPointGroups, RecommendPoints, Record, RecoverFromSnapshot, RecoverShardFromSnapshot,
    ScoredPoint, ScrollPoints, ScrollResult, SearchBatchPoints, SearchMatrixOffsetsResponse,
    SearchMatrixPairsResponse, SearchMatrixPoints, SearchPointGroups, SearchPoints,
    SetPayloadPoints, ShardKeysResponse, SnapshotDescription, TelemetryData, UpdateBatchPoints,
    UpdateCollection, UpdateCollectionClusterSetup, UpdatePointVectors, UpdateQuotas, UpdateResult,
    UpsertPoints, VersionInfo,
};
use quadrant_models::{Condition, IdfParams, Match, Query, QueryInterface};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Routes whose exchanges are not round-tripped, by the Qdrant operation they call, with the
/// reason. Some never occur in the recordings; they are listed so that the route table covers
/// every REST operation.
const SKIPPED: &[(&str, &str)] = &[
    (
        "healthz",
        "answers text/plain, recorded as {\"__text__\": …}; not JSON",
    ),
    (
        "livez",
        "answers text/plain, recorded as {\"__text__\": …}; not JSON",
    ),
    (
        "readyz",
        "answers text/plain, recorded as {\"__text__\": …}; not JSON",
    ),
    ("metrics", "answers Prometheus text; not JSON"),
    ("get_snapshot", "answers the snapshot file; not JSON"),
    ("get_full_snapshot", "answers the snapshot file; not JSON"),
    ("get_shard_snapshot", "answers the snapshot file; not JSON"),
    (
        "stream_shard_snapshot",
        "answers the snapshot file; not JSON",
    ),
    (
        "recover_from_uploaded_snapshot",
        "sends a multipart/form-data body; not JSON",
    ),
    (
        "recover_shard_from_uploaded_snapshot",
        "sends a multipart/form-data body; not JSON",
    ),
    (
        "unknown_route",
        "errors/error_unknown_route asks for a path no operation serves; 404 without a body",
    ),
];

/// Relative tolerance for floats (see the module doc, rule b).
const TOLERANCE: f64 = 1e-6;

/// What the models do with one REST route.
enum Route {
    /// Decode and re-encode the request body (when the route has one) and the answer.
    Check {
        request: Option<Codec>,
        answer: Answer,
    },
    /// A route whose exchanges are not round-tripped; its name is in [`SKIPPED`].
    Skip(&'static str),
}

/// Where the response model sits in a response body.
enum Answer {
    /// In `result`, next to `status` and `time` (every operation but `root`).
    Result(Codec),
    /// The whole body (`root`).
    Body(Codec),
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
    Route::Check {
        request,
        answer: Answer::Result(response),
    }
}

/// Maps a recorded `(method, path)` to the models of its operation.
fn route(method: &str, path: &str) -> Option<Route> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let route = match (method, segments.as_slice()) {
        // Service and cluster.
        ("GET", [""]) => Route::Check {
            request: None,
            answer: Answer::Body(round_trip::<VersionInfo>),
        },
        ("GET", ["telemetry"]) => check(None, round_trip::<TelemetryData>),
        ("GET", ["metrics"]) => Route::Skip("metrics"),
        ("GET", ["healthz"]) => Route::Skip("healthz"),
        ("GET", ["livez"]) => Route::Skip("livez"),
        ("GET", ["readyz"]) => Route::Skip("readyz"),
        ("GET", ["issues"]) => check(None, round_trip::<IssuesReport>),
        ("DELETE", ["issues"]) => check(None, round_trip::<bool>),
        ("GET", ["cluster"]) => check(None, round_trip::<ClusterStatus>),
        ("GET", ["cluster", "telemetry"]) => check(None, round_trip::<DistributedTelemetryData>),
        ("POST", ["cluster", "recover"]) => check(None, round_trip::<bool>),
        ("DELETE", ["cluster", "peer", _]) => check(None, round_trip::<bool>),
        ("GET", ["quotas"]) => check(None, round_trip::<QuotaStatus>),
        ("PUT", ["quotas"]) => check(Some(round_trip::<UpdateQuotas>), round_trip::<bool>),
        // Collections and aliases.
        ("GET", ["collections"]) => check(None, round_trip::<CollectionsResponse>),
        ("POST", ["collections", "aliases"]) => {
            check(Some(round_trip::<ChangeAliases>), round_trip::<bool>)
        }
        ("GET", ["aliases"]) => check(None, round_trip::<CollectionsAliasesResponse>),
        ("PUT", ["collections", _]) => {
            check(Some(round_trip::<CreateCollection>), round_trip::<bool>)
        }
        ("GET", ["collections", _]) => check(None, round_trip::<CollectionInfo>),
        ("PATCH", ["collections", _]) => {
            check(Some(round_trip::<UpdateCollection>), round_trip::<bool>)
        }
        ("DELETE", ["collections", _]) => check(None, round_trip::<bool>),
        ("GET", ["collections", _, "exists"]) => check(None, round_trip::<CollectionExistence>),
        ("GET", ["collections", _, "aliases"]) => {
            check(None, round_trip::<CollectionsAliasesResponse>)
        }
        ("GET", ["collections", _, "optimizations"]) => {
            check(None, round_trip::<OptimizationsResponse>)
        }
        ("GET", ["collections", _, "cluster"]) => check(None, round_trip::<CollectionClusterInfo>),
        ("POST", ["collections", _, "cluster"]) => check(
            Some(round_trip::<UpdateCollectionClusterSetup>),
            round_trip::<bool>,
        ),
        ("PUT", ["collections", _, "vectors", _]) => check(
            Some(round_trip::<CreateVectorName>),
            round_trip::<UpdateResult>,
        ),
        ("DELETE", ["collections", _, "vectors", _]) => check(None, round_trip::<UpdateResult>),
        ("GET", ["collections", _, "nope"]) => Route::Skip("unknown_route"),
        // Payload indexes and shard keys.
        ("PUT", ["collections", _, "index"]) => check(
            Some(round_trip::<CreateFieldIndex>),
            round_trip::<UpdateResult>,
        ),
        ("DELETE", ["collections", _, "index", _]) => check(None, round_trip::<UpdateResult>),
        ("PUT", ["collections", _, "shards"]) => check(
            Some(round_trip::<CreateShardKeyRequest>),
            round_trip::<bool>,
        ),
        ("GET", ["collections", _, "shards"]) => check(None, round_trip::<ShardKeysResponse>),
        ("POST", ["collections", _, "shards", "delete"]) => check(
            Some(round_trip::<DeleteShardKeyRequest>),
            round_trip::<bool>,
        ),
        // Snapshots.
        ("GET", ["snapshots"])
        | ("GET", ["collections", _, "snapshots"])
        | ("GET", ["collections", _, "shards", _, "snapshots"]) => {
            check(None, round_trip::<Vec<SnapshotDescription>>)
        }
        ("POST", ["snapshots"])
        | ("POST", ["collections", _, "snapshots"])
        | ("POST", ["collections", _, "shards", _, "snapshots"]) => {
            check(None, round_trip::<SnapshotDescription>)
        }
        ("DELETE", ["snapshots", _])
        | ("DELETE", ["collections", _, "snapshots", _])
        | ("DELETE", ["collections", _, "shards", _, "snapshots", _]) => {
            check(None, round_trip::<bool>)
        }
        ("GET", ["snapshots", _]) => Route::Skip("get_full_snapshot"),
        ("GET", ["collections", _, "snapshots", _]) => Route::Skip("get_snapshot"),
        ("GET", ["collections", _, "shards", _, "snapshots", _]) => {
            Route::Skip("get_shard_snapshot")
        }
        ("GET", ["collections", _, "shards", _, "snapshot"]) => {
            Route::Skip("stream_shard_snapshot")
        }
        ("PUT", ["collections", _, "snapshots", "recover"]) => {
            check(Some(round_trip::<RecoverFromSnapshot>), round_trip::<bool>)
        }
        ("PUT", ["collections", _, "shards", _, "snapshots", "recover"]) => check(
            Some(round_trip::<RecoverShardFromSnapshot>),
            round_trip::<bool>,
        ),
        ("POST", ["collections", _, "snapshots", "upload"]) => {
            Route::Skip("recover_from_uploaded_snapshot")
        }
        ("POST", ["collections", _, "shards", _, "snapshots", "upload"]) => {
            Route::Skip("recover_shard_from_uploaded_snapshot")
        }
        // Points: writes.
        ("PUT", ["collections", _, "points"]) => {
            check(Some(round_trip::<UpsertPoints>), round_trip::<UpdateResult>)
        }
        ("POST", ["collections", _, "points", "delete"]) => {
            check(Some(round_trip::<DeletePoints>), round_trip::<UpdateResult>)
        }
        ("POST" | "PUT", ["collections", _, "points", "payload"]) => check(
            Some(round_trip::<SetPayloadPoints>),
            round_trip::<UpdateResult>,
        ),
        ("POST", ["collections", _, "points", "payload", "delete"]) => check(
            Some(round_trip::<DeletePayloadPoints>),
            round_trip::<UpdateResult>,
        ),
        ("POST", ["collections", _, "points", "payload", "clear"]) => check(
            Some(round_trip::<ClearPayloadPoints>),
            round_trip::<UpdateResult>,
        ),
        ("PUT", ["collections", _, "points", "vectors"]) => check(
            Some(round_trip::<UpdatePointVectors>),
            round_trip::<UpdateResult>,
        ),
        ("POST", ["collections", _, "points", "vectors", "delete"]) => check(
            Some(round_trip::<DeletePointVectors>),
            round_trip::<UpdateResult>,
        ),
        ("POST", ["collections", _, "points", "batch"]) => check(
            Some(round_trip::<UpdateBatchPoints>),
            round_trip::<Vec<UpdateResult>>,
        ),
        // Points: reads.
        ("GET", ["collections", _, "points", _]) => check(None, round_trip::<Record>),
        ("POST", ["collections", _, "points"]) => {
            check(Some(round_trip::<GetPoints>), round_trip::<Vec<Record>>)
        }
        ("POST", ["collections", _, "points", "count"]) => {
            check(Some(round_trip::<CountPoints>), round_trip::<CountResult>)
        }
        ("POST", ["collections", _, "points", "scroll"]) => {
            check(Some(round_trip::<ScrollPoints>), round_trip::<ScrollResult>)
        }
        ("POST", ["collections", _, "facet"]) => {
            check(Some(round_trip::<FacetCounts>), round_trip::<FacetResponse>)
        }
        ("POST", ["collections", _, "points", "query"]) => {
            check(Some(round_trip::<QueryPoints>), round_trip::<QueryResponse>)
        }
        ("POST", ["collections", _, "points", "query", "batch"]) => check(
            Some(round_trip::<QueryBatchPoints>),
            round_trip::<Vec<QueryResponse>>,
        ),
        ("POST", ["collections", _, "points", "query", "groups"]) => check(
            Some(round_trip::<QueryPointGroups>),
            round_trip::<GroupsResult>,
        ),
        ("POST", ["collections", _, "points", "search", "matrix", "pairs"]) => check(
            Some(round_trip::<SearchMatrixPoints>),
            round_trip::<SearchMatrixPairsResponse>,
        ),
        ("POST", ["collections", _, "points", "search", "matrix", "offsets"]) => check(
            Some(round_trip::<SearchMatrixPoints>),
            round_trip::<SearchMatrixOffsetsResponse>,
        ),
        ("POST", ["collections", _, "points", "search"]) => check(
            Some(round_trip::<SearchPoints>),
            round_trip::<Vec<ScoredPoint>>,
        ),
        ("POST", ["collections", _, "points", "search", "batch"]) => check(
            Some(round_trip::<SearchBatchPoints>),
            round_trip::<Vec<Vec<ScoredPoint>>>,
        ),
        ("POST", ["collections", _, "points", "search", "groups"]) => check(
            Some(round_trip::<SearchPointGroups>),
            round_trip::<GroupsResult>,
        ),
        ("POST", ["collections", _, "points", "recommend"]) => check(
            Some(round_trip::<RecommendPoints>),
            round_trip::<Vec<ScoredPoint>>,
        ),
        ("POST", ["collections", _, "points", "recommend", "batch"]) => check(
            Some(round_trip::<RecommendBatchPoints>),
            round_trip::<Vec<Vec<ScoredPoint>>>,
        ),
        ("POST", ["collections", _, "points", "recommend", "groups"]) => check(
            Some(round_trip::<RecommendPointGroups>),
            round_trip::<GroupsResult>,
        ),
        ("POST", ["collections", _, "points", "discover"]) => check(
            Some(round_trip::<DiscoverPoints>),
            round_trip::<Vec<ScoredPoint>>,
        ),
        ("POST", ["collections", _, "points", "discover", "batch"]) => check(
            Some(round_trip::<DiscoverBatchPoints>),
            round_trip::<Vec<Vec<ScoredPoint>>>,
        ),
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

/// Writes every `prefetch` that is one object as a list of that object, at any depth
/// (rule c).
fn prefetch_as_list(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = prefetch_as_list(v);
                    match (k.as_str(), v) {
                        ("prefetch", one @ Value::Object(_)) => {
                            (k.clone(), Value::Array(vec![one]))
                        }
                        (_, v) => (k.clone(), v),
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(prefetch_as_list).collect()),
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

/// Decodes `recorded` with `codec`, encodes it again and compares the result with
/// `expected` (the recorded value, normalised); returns what went wrong, if anything.
fn verify(codec: Codec, recorded: &Value, expected: &Value, root: &str) -> Option<String> {
    match codec(recorded) {
        Ok(actual) => diff(&normalise(expected), &normalise(&actual), root),
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
            let (request_codec, answer) = match route {
                Route::Skip(operation) => {
                    assert!(
                        SKIPPED.iter().any(|(skipped, _)| *skipped == operation),
                        "{operation} is not in SKIPPED"
                    );
                    continue;
                }
                Route::Check { request, answer } => (request, answer),
            };
            let status = exchange["status"].as_u64().unwrap_or(0);
            if !(200..300).contains(&status) {
                // Error bodies are `{"status": {"error": …}}` or text, not a model round trip.
                continue;
            }
            let request = &exchange["request"];
            let problem = match request_codec {
                Some(codec) => verify(codec, request, &prefetch_as_list(request), "$request"),
                None => (!request.is_null()).then(|| format!("unexpected body {}", short(request))),
            };
            if let Some(problem) = problem {
                let _ = writeln!(failures, "{at}: {problem}");
            }
            let response = &exchange["response"];
            let problem = match answer {
                Answer::Result(codec) => {
                    if response["status"] != "ok" {
                        let _ =
                            writeln!(failures, "{at}: response status is {}", response["status"]);
                    }
                    verify(codec, &response["result"], &response["result"], "$result")
                }
                Answer::Body(codec) => verify(codec, response, response, "$"),
            };
            if let Some(problem) = problem {
                let _ = writeln!(failures, "{at}: {problem}");
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "round-trip failures:\n{failures}");
    assert!(checked > 0, "{scenario}: no exchange was checked");
}

/// Writes one test per scenario, and [`SCENARIOS`], the list of them.
macro_rules! scenarios {
    ($($scenario:ident),* $(,)?) => {
        /// Every recorded scenario, by file name without `.json`.
        const SCENARIOS: &[&str] = &[$(stringify!($scenario)),*];

        $(
            #[test]
            fn $scenario() {
                check_scenario(stringify!($scenario));
            }
        )*
    };
}

scenarios!(
    auth_and_rate_limits,
    cluster_service,
    collections_lifecycle,
    errors,
    filters_and_indexes,
    legacy_endpoints,
    named_vectors,
    points_crud,
    query_api,
    seed_quickstart,
    service,
    sharding,
    snapshots,
);

/// A fixture added to the directory must be added to [`scenarios!`] too.
#[test]
fn every_fixture_is_a_scenario() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("the fixture directory exists")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    found.sort();
    assert_eq!(found, SCENARIOS);
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
    // Rule c: one prefetch object reads as a list of one, at any depth; lists stay lists.
    let one = serde_json::json!({"prefetch": {"prefetch": {"limit": 1}, "limit": 2}});
    assert_eq!(
        prefetch_as_list(&one),
        serde_json::json!({"prefetch": [{"prefetch": [{"limit": 1}], "limit": 2}]})
    );
    let many = serde_json::json!({"prefetch": [{"limit": 1}], "query": {"prefetch": 3}});
    assert_eq!(prefetch_as_list(&many), many);
}

/// What Qdrant 1.19 and 1.20 added to requests and answers, written as the Python
/// `qdrant-client` 1.20.0 writes it (its `http/models`, none of it in the 1.18.3 recordings):
/// each body round-trips through the models unchanged (same comparison as the recordings).
#[test]
fn additions_of_qdrant_1_19_and_1_20_round_trip() {
    use serde_json::json;

    let slice_and_matches = json!({
        "filter": {
            "must": [
                {"slice": {"total": 4, "index": 1}},
                {"key": "sku", "match": {"prefix": "AB-"}},
                {"key": "title", "match": {"substring": "vector"}},
            ],
            "must_not": [{"nested": {"key": "offers", "filter": {"must": [
                {"key": "code", "match": {"prefix": "X"}},
            ]}}}],
        },
        "limit": 10,
    });
    let text_queries = [
        json!({"query": {"text": "vector search"}, "using": "body", "limit": 5}),
        json!({
            "query": {"text": {"query": "vector search", "scoring": {"bm25": {"k": 1.5, "b": 0.5}}}},
            "using": "body",
            "params": {"idf": {"corpus": {"must": [{"key": "lang", "match": {"value": "en"}}]}}},
        }),
        json!({"query": {"text": {"query": "vector search"}}, "using": "body"}),
    ];
    let idf_global = json!({
        "query": {"nearest": {"indices": [1, 7], "values": [0.5, 0.25]}},
        "using": "sparse",
        "params": {"idf": "global", "hnsw_ef": 64},
    });
    let formula = json!({
        "prefetch": [{"query": [0.1, 0.2], "limit": 20}],
        "query": {"formula": {"sum": [
            {"max": ["$score", 0.5, {"min": ["price", 100.0]}]},
            {"acosh": {"sum": [1.0, {"abs": "x"}]}},
        ]}},
    });
    let mut failures = Vec::new();
    let requests = [&slice_and_matches, &idf_global, &formula]
        .into_iter()
        .chain(&text_queries);
    for body in requests {
        if let Some(problem) = verify(round_trip::<QueryPoints>, body, body, "$request") {
            failures.push(problem);
        }
    }
    if let Some(problem) = verify(
        round_trip::<ScrollPoints>,
        &slice_and_matches,
        &slice_and_matches,
        "$scroll",
    ) {
        failures.push(problem);
    }

    let update = json!({
        "enabled": true,
        "max_resident_memory_percent": 85,
        "max_disk_usage_percent": 90,
        "release_margin_percent": 0,
    });
    let status = json!({
        "config": {"enabled": true, "max_disk_usage_percent": 90},
        "usage": {"resident_memory_percent": 41, "disk_usage_percent": null},
        "peers": {
            "5012347731891829": {"exceeded": false, "resident_memory_percent": 41},
            "8830128848373941": {"exceeded": true, "resident_memory_percent": 3, "disk_usage_percent": 93},
        },
    });
    let checks: [(Codec, &Value); 3] = [
        (round_trip::<UpdateQuotas>, &update),
        (round_trip::<QuotaStatus>, &status),
        (
            round_trip::<QuotaStatus>,
            &json!({"config": {}, "usage": {}}),
        ),
    ];
    for (codec, body) in checks {
        if let Some(problem) = verify(codec, body, body, "$quotas") {
            failures.push(problem);
        }
    }
    assert!(failures.is_empty(), "round-trip failures: {failures:#?}");

    // The kinds decode as themselves, not as a look-alike that happens to round-trip.
    let query: QueryPoints = serde_json::from_value(text_queries[1].clone()).unwrap();
    assert!(matches!(
        query.query,
        Some(QueryInterface::Query(Query::Text(_)))
    ));
    assert!(matches!(
        query.params.and_then(|p| p.idf),
        Some(IdfParams::Corpus(_))
    ));
    let query: QueryPoints = serde_json::from_value(slice_and_matches).unwrap();
    let must = query.filter.and_then(|f| f.must).unwrap();
    assert!(matches!(must[0], Condition::Slice(_)));
    assert_eq!(must[1], Condition::matches_prefix("sku", "AB-"));
    assert_eq!(must[2], Condition::matches_substring("title", "vector"));
    // A slice or prefix with a misspelt field is not silently read as something else.
    assert!(serde_json::from_value::<Condition>(json!({"slice": {"total": 4}})).is_err());
    assert!(serde_json::from_value::<Match>(json!({"prefixx": "a"})).is_err());
}
