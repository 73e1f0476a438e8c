//! What the tests over the recorded REST exchanges share: the route table that maps a recorded
//! `(method, path)` to the models of its operation, loading the scenarios, and the comparison of
//! a recorded JSON value with a model encoded again (see `rest_roundtrip.rs` for the rules).

#![allow(
    dead_code,
    reason = "each test crate uses its own part of the shared support"
)]

use std::path::PathBuf;

use quadrant_models::{
    ChangeAliasesOperation, ClearPayloadPoints, ClusterStatus, CollectionClusterInfo,
    CollectionExistence, CollectionInfo, CollectionsAliasesResponse, CollectionsResponse,
    CountPoints, CountResult, CreateCollection, CreateFieldIndex, CreateShardingKey,
    CreateVectorName, DeletePayloadPoints, DeletePointVectors, DeletePoints, DiscoverBatchPoints,
    DiscoverPoints, DistributedTelemetryData, DropShardingKey, FacetCounts, FacetResponse,
    GetPoints, GroupsResult, IssuesReport, OptimizationsResponse, QueryBatchPoints,
    QueryPointGroups, QueryPoints, QueryResponse, QuotaStatus, RecommendBatchPoints,
    RecommendPointGroups, RecommendPoints, Record, RecoverFromSnapshot, RecoverShardFromSnapshot,
    ScoredPoint, ScrollPoints, ScrollResult, SearchBatchPoints, SearchMatrixOffsetsResponse,
    SearchMatrixPairsResponse, SearchMatrixPoints, SearchPointGroups, SearchPoints,
    SetPayloadPoints, ShardKeysResponse, SnapshotDescription, TelemetryData, UpdateBatchPoints,
    UpdateCollection, UpdateCollectionClusterSetup, UpdatePointVectors, UpdateQuotas, UpdateResult,
    UpsertPoints, VersionInfo,
};
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Routes whose exchanges are not round-tripped, by the Qdrant operation they call, with the
/// reason. Some never occur in the recordings; they are listed so that the route table covers
/// every REST operation.
pub const SKIPPED: &[(&str, &str)] = &[
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
pub const TOLERANCE: f64 = 1e-6;

/// What the models do with one REST route.
pub enum Route {
    /// Decode and re-encode the request body (when the route has one) and the answer.
    Check {
        request: Option<Codec>,
        answer: Answer,
    },
    /// A route whose exchanges are not round-tripped; its name is in [`SKIPPED`].
    Skip(&'static str),
}

/// Where the response model sits in a response body.
pub enum Answer {
    /// In `result`, next to `status` and `time` (every operation but `root`).
    Result(Codec),
    /// The whole body (`root`).
    Body(Codec),
}

/// Decodes a JSON value into one model type and encodes it back.
pub type Codec = fn(&Value) -> Result<Decoded, String>;

/// A model decoded from a recorded JSON value: encoded again (through JSON text, as a
/// transport would), and its `Debug` form, in which a catch-all that kept an unknown value
/// shows as `Unknown(…)`.
pub struct Decoded {
    /// The model, encoded again.
    pub json: Value,
    /// The model's `Debug` form.
    pub debug: String,
}

pub fn round_trip<T: DeserializeOwned + Serialize + Debug>(
    value: &Value,
) -> Result<Decoded, String> {
    let model: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("does not decode as {}: {e}", std::any::type_name::<T>()))?;
    let text = serde_json::to_string(&model).map_err(|e| format!("does not encode: {e}"))?;
    let json = serde_json::from_str(&text).map_err(|e| format!("encodes to invalid JSON: {e}"))?;
    Ok(Decoded {
        json,
        debug: format!("{model:?}"),
    })
}

pub fn check(request: Option<Codec>, response: Codec) -> Route {
    Route::Check {
        request,
        answer: Answer::Result(response),
    }
}

/// Maps a recorded `(method, path)` to the models of its operation.
pub fn route(method: &str, path: &str) -> Option<Route> {
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
        ("POST", ["collections", "aliases"]) => check(
            Some(round_trip::<ChangeAliasesOperation>),
            round_trip::<bool>,
        ),
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
        ("PUT", ["collections", _, "shards"]) => {
            check(Some(round_trip::<CreateShardingKey>), round_trip::<bool>)
        }
        ("GET", ["collections", _, "shards"]) => check(None, round_trip::<ShardKeysResponse>),
        ("POST", ["collections", _, "shards", "delete"]) => {
            check(Some(round_trip::<DropShardingKey>), round_trip::<bool>)
        }
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

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/conformance")
}

pub fn load(scenario: &str) -> Value {
    let path = fixtures_dir().join(format!("{scenario}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Drops object keys whose value is null, at any depth (rule a).
pub fn normalise(value: &Value) -> Value {
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

pub fn numbers_agree(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if !a.is_f64() && !b.is_f64() {
        return a.as_i64() == b.as_i64() && a.as_u64() == b.as_u64();
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y || (x - y).abs() <= TOLERANCE * x.abs().max(y.abs()),
        _ => false,
    }
}

pub fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Compares two normalised values (rules b and c); returns the first difference with its
/// JSON path.
pub fn diff(expected: &Value, actual: &Value, path: &str) -> Option<String> {
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

/// Writes one `#[test]` per recorded scenario (a file of `tests/fixtures/conformance/`), each
/// calling `$check` with the scenario's name, and `SCENARIOS`, the list of them. The list lives
/// here once, for every test crate that walks the corpus.
macro_rules! scenario_tests {
    ($check:path) => {
        scenario_tests!(@each $check;
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
    };
    (@each $check:path; $($scenario:ident,)*) => {
        /// Every recorded scenario, by file name without `.json`.
        #[allow(dead_code, reason = "only one test crate checks the list against the directory")]
        const SCENARIOS: &[&str] = &[$(stringify!($scenario)),*];

        $(
            #[test]
            fn $scenario() {
                $check(stringify!($scenario));
            }
        )*
    };
}
