//! Cross-transport congruence on the exchanges recorded from a real Qdrant 1.18.3.
//!
//! Every step of every scenario in `tests/fixtures/conformance/` was sent to the server twice,
//! over REST and over gRPC. For each step whose gRPC call is one of the operations of
//! [`quadrant_transport::Transport`], this test checks that quadrant reads both answers into the
//! same model, and writes the same request:
//!
//! - **Answers**: the recorded gRPC answer (`response_b64`), decoded with the generated message
//!   and converted with [`FromProto`], must equal the REST `result` decoded with serde, up to the
//!   fields the step marks volatile (`time`, `usage`, `operation_id`, ...) and a relative float
//!   tolerance of 1e-4.
//! - **Requests**: the REST request (body, path and query parameters) decoded into the request
//!   model and converted with [`IntoProto`] must equal the recorded gRPC request (`request_b64`)
//!   as protobuf messages, so that an absent field and a default one compare as protobuf compares
//!   them. Where quadrant writes a different encoding that the server reads the same way, the
//!   case is named in [`EQUIVALENT_ENCODINGS`].
//! - **Errors**: the recorded gRPC status must map onto the same `ErrorKind` as the REST status,
//!   with the same server message and `retry-after`.
//!
//! Where the real server's REST and gRPC answers themselves disagree, the difference is listed in
//! [`KNOWN_DIFFERENCES`] with its reason, rather than hidden. An entry that no longer matches
//! anything fails the test, so the list stays true.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use prost::Message;
use quadrant::models::*;
use quadrant_grpc::convert::{FromProto, IntoProto};
use quadrant_grpc::proto;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The status mapping of the transport itself, compiled in so that the recorded statuses are
/// mapped by the code that maps real ones.
#[allow(dead_code, reason = "only the mapping functions are used here")]
#[path = "../../crates/grpc/src/status.rs"]
mod status;

/// Relative tolerance for floats: gRPC carries scores and some settings as 32-bit floats.
const FLOAT_TOLERANCE: f64 = 1e-4;

/// A difference between the REST and gRPC answers of the real server that is expected.
struct KnownDifference {
    scenario: &'static str,
    /// The step name, or `*` for every step of the scenario.
    step: &'static str,
    /// The path of the differing value in the answer model, `*` matching any text.
    path: &'static str,
    reason: &'static str,
}

/// The real server's answers disagree here; each entry says why.
const KNOWN_DIFFERENCES: &[KnownDifference] = &[
    KnownDifference {
        scenario: "sharding",
        step: "list_shard_keys",
        path: "shard_keys[*].key",
        reason: "the server lists the same two shard keys in another order on the two APIs \
                 (REST `tenant_a, 7`, gRPC `7, tenant_a`): it keeps them in a hash map",
    },
    KnownDifference {
        scenario: "points_crud",
        step: "retrieve_after_payload_ops",
        path: "[id=*].payload",
        reason: "a point whose payload was cleared: REST returns `\"payload\": {}`, gRPC an empty \
                 map, which is also what it sends for \"no payload\"; quadrant reads an empty map \
                 as no payload (`None`)",
    },
    KnownDifference {
        scenario: "named_vectors",
        step: "hybrid_rrf",
        path: "points.order",
        reason: "points 13 and 27 have the same RRF score (0.33333334); the server orders equal \
                 scores differently on the two APIs",
    },
    KnownDifference {
        scenario: "query_api",
        step: "rrf_parametrized",
        path: "points.ids",
        reason: "pairs of points share an RRF score (0.1, 0.09090909) and the fifth place is a \
                 tie among several points: equal scores come in another order, and another \
                 point fills the last place",
    },
    KnownDifference {
        scenario: "query_api",
        step: "context",
        path: "points.ids",
        reason: "a context query without a target scores every point that satisfies all pairs \
                 0.0; which five of the tied points fill the limit differs between the APIs",
    },
    KnownDifference {
        scenario: "query_api",
        step: "order_by_desc_start",
        path: "points.ids",
        reason: "ordering by `count` from 10 downwards: many points have `count` 10, and which of \
                 them fill the limit, in which order, differs between the APIs",
    },
];

/// Requests where quadrant's encoding differs from the one the recording client sent, and the
/// server reads both the same way.
const EQUIVALENT_ENCODINGS: &[(&str, &str, &str)] = &[
    (
        "legacy_endpoints",
        "recommend_best_score_vectors",
        "the recording client sends example vectors in the deprecated `Vector.data` form; \
         quadrant sends the current `Vector.dense`, and the server reads both the same way",
    ),
    (
        "query_api",
        "nearest_params",
        "the recording client sends `params.indexed_only = false` when it was not given; \
         quadrant leaves it unset, and the server's default is `false`",
    ),
];

/// Steps whose gRPC call is one of the operations, but whose REST call is another operation.
const NOT_COMPARABLE: &[(&str, &str, &str)] = &[(
    "legacy_endpoints",
    "get_point_rest_only",
    "REST called `GET /collections/{name}/points/{id}` (`get_point`, which returns the payload \
     and the vectors); the recording client's gRPC side called `Points/Get` for the payload \
     only, so its request and answer are not those of quadrant's `get_point`, which asks \
     `Points/Get` for both (see tests/points_replay.rs)",
)];

/// How many steps are compared per scenario: a change in the fixtures shows here.
const EXPECTED_COVERAGE: &[(&str, usize)] = &[
    ("auth_and_rate_limits", 19),
    ("cluster_service", 4),
    ("collections_lifecycle", 26),
    ("errors", 12),
    ("filters_and_indexes", 63),
    ("legacy_endpoints", 15),
    ("named_vectors", 15),
    ("points_crud", 26),
    ("query_api", 45),
    ("seed_quickstart", 5),
    ("service", 2),
    ("sharding", 14),
    ("snapshots", 8),
];

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance")
}

/// One step of a recorded scenario, with the exchanges compared here.
struct Step<'a> {
    scenario: &'a str,
    name: &'a str,
    volatile: Vec<String>,
    rest: &'a Value,
    grpc: &'a Value,
}

impl Step<'_> {
    fn id(&self) -> String {
        format!("{}/{}", self.scenario, self.name)
    }

    fn grpc_bytes(&self, field: &str) -> Vec<u8> {
        let text = self.grpc[field].as_str().unwrap_or_default();
        STANDARD
            .decode(text)
            .unwrap_or_else(|error| panic!("{}: {field} is not base64: {error}", self.id()))
    }

    fn path_segment(&self, index: usize) -> String {
        self.rest["path"]
            .as_str()
            .and_then(|path| path.trim_start_matches('/').split('/').nth(index))
            .unwrap_or_else(|| panic!("{}: the REST path has no segment {index}", self.id()))
            .to_owned()
    }

    fn collection(&self) -> String {
        self.path_segment(1)
    }

    fn query<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.rest["query"][name].as_str().map(|text| {
            serde_json::from_value(Value::String(text.to_owned()))
                .or_else(|_| serde_json::from_str(text))
                .unwrap_or_else(|error| panic!("{}: query `{name}`: {error}", self.id()))
        })
    }

    fn body<T: DeserializeOwned>(&self) -> T {
        let body = match &self.rest["request"] {
            Value::Null => Value::Object(serde_json::Map::new()),
            body => body.clone(),
        };
        serde_json::from_value(body)
            .unwrap_or_else(|error| panic!("{}: the REST body does not decode: {error}", self.id()))
    }

    fn rest_status(&self) -> u16 {
        self.rest["status"]
            .as_u64()
            .and_then(|status| u16::try_from(status).ok())
            .unwrap_or_default()
    }
}

/// What was found for one step.
#[derive(Default)]
struct Findings {
    /// Answer differences: (step, path, REST value, gRPC value).
    answers: Vec<(String, String, String, String)>,
    /// Request differences: (step, explanation).
    requests: Vec<(String, String)>,
    /// Error mapping differences: (step, explanation).
    errors: Vec<(String, String)>,
    /// Requests that were equal only after an equivalence was applied.
    equivalences_used: Vec<String>,
}

/// Compares one operation's request and answer.
fn compare<Req, P, Res, Q>(
    step: &Step<'_>,
    findings: &mut Findings,
    request: Req,
    equivalent: impl Fn(&mut P, &P) -> bool,
) where
    Req: IntoProto<P>,
    P: Message + Default + PartialEq + Debug,
    Res: FromProto<Q> + DeserializeOwned + Serialize,
    Q: Message + Default,
{
    // The request.
    let ours: P = match request.into_proto() {
        Ok(ours) => ours,
        Err(error) => {
            findings
                .requests
                .push((step.id(), format!("the request does not convert: {error}")));
            return;
        }
    };
    let mut recorded = P::decode(step.grpc_bytes("request_b64").as_slice())
        .unwrap_or_else(|error| panic!("{}: the recorded request: {error}", step.id()));
    if ours != recorded {
        if equivalent(&mut recorded, &ours) && ours == recorded {
            findings.equivalences_used.push(step.id());
        } else {
            findings.requests.push((
                step.id(),
                format!("ours:     {ours:?}\nrecorded: {recorded:?}"),
            ));
        }
    }

    // The answer, or the error.
    if step.grpc["status"] != "OK" {
        compare_errors(step, findings);
        return;
    }
    let answer = Q::decode(step.grpc_bytes("response_b64").as_slice())
        .unwrap_or_else(|error| panic!("{}: the recorded answer: {error}", step.id()));
    let from_grpc = match Res::from_proto(answer) {
        Ok(model) => model,
        Err(error) => {
            findings.answers.push((
                step.id(),
                String::new(),
                "decodes".into(),
                format!("does not convert: {error}"),
            ));
            return;
        }
    };
    let from_rest: Res = serde_json::from_value(step.rest["response"]["result"].clone())
        .unwrap_or_else(|error| panic!("{}: the REST result does not decode: {error}", step.id()));
    let mut differences = Vec::new();
    diff(
        "",
        &to_json(&from_rest),
        &to_json(&from_grpc),
        &step.volatile,
        &mut differences,
    );
    for (path, rest, grpc) in differences {
        findings.answers.push((step.id(), path, rest, grpc));
    }
}

/// Serializes through JSON text, so that `f32` values read back as written.
fn to_json(model: &impl Serialize) -> Value {
    serde_json::from_str(&serde_json::to_string(model).expect("models serialize"))
        .expect("models write JSON")
}

/// Collects the differences between two JSON trees: (path, REST value, gRPC value).
fn diff(
    path: &str,
    rest: &Value,
    grpc: &Value,
    volatile: &[String],
    out: &mut Vec<(String, String, String)>,
) {
    let show = |value: Option<&Value>| value.map_or_else(|| "absent".to_owned(), Value::to_string);
    match (rest, grpc) {
        (Value::Object(rest), Value::Object(grpc)) => {
            let keys: std::collections::BTreeSet<&String> =
                rest.keys().chain(grpc.keys()).collect();
            for key in keys {
                if volatile.contains(key) {
                    continue;
                }
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (rest.get(key), grpc.get(key)) {
                    (Some(rest), Some(grpc)) => diff(&inner, rest, grpc, volatile, out),
                    (rest, grpc) => out.push((inner, show(rest), show(grpc))),
                }
            }
        }
        (Value::Array(rest_items), Value::Array(grpc_items))
            if rest_items
                .iter()
                .chain(grpc_items)
                .all(|item| item.get("id").is_some()) =>
        {
            diff_points(path, rest_items, grpc_items, volatile, out);
        }
        (Value::Array(rest_items), Value::Array(grpc_items)) => {
            if rest_items.len() != grpc_items.len() {
                out.push((
                    format!("{path}.len()"),
                    rest_items.len().to_string(),
                    grpc_items.len().to_string(),
                ));
            }
            for (index, (rest, grpc)) in rest_items.iter().zip(grpc_items).enumerate() {
                diff(&format!("{path}[{index}]"), rest, grpc, volatile, out);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let same_kind = a.is_f64() == b.is_f64();
            let (x, y) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            let close = (x - y).abs() <= FLOAT_TOLERANCE * x.abs().max(y.abs()) || x == y;
            if !(same_kind && close) {
                out.push((path.to_owned(), rest.to_string(), grpc.to_string()));
            }
        }
        _ if rest == grpc => {}
        _ => out.push((path.to_owned(), rest.to_string(), grpc.to_string())),
    }
}

/// Compares lists of points. Their rank keys (`score`, `order_value`) must agree position by
/// position; the points themselves are compared by id, so that points with equal keys in another
/// order show as one `order` (or `ids`) difference rather than as every field of every point.
fn diff_points(
    path: &str,
    rest: &[Value],
    grpc: &[Value],
    volatile: &[String],
    out: &mut Vec<(String, String, String)>,
) {
    let mut element_wise = Vec::new();
    for (index, (rest, grpc)) in rest.iter().zip(grpc).enumerate() {
        diff(
            &format!("{path}[{index}]"),
            rest,
            grpc,
            volatile,
            &mut element_wise,
        );
    }
    if rest.len() == grpc.len() && element_wise.is_empty() {
        return;
    }
    if rest.len() != grpc.len() {
        out.push((
            format!("{path}.len()"),
            rest.len().to_string(),
            grpc.len().to_string(),
        ));
    }
    let rank = |point: &Value| serde_json::json!({"score": point.get("score"), "order_value": point.get("order_value")});
    for (index, (rest, grpc)) in rest.iter().zip(grpc).enumerate() {
        diff(
            &format!("{path}[{index}]"),
            &rank(rest),
            &rank(grpc),
            volatile,
            out,
        );
    }
    let ids = |points: &[Value]| -> Vec<String> {
        points.iter().map(|point| point["id"].to_string()).collect()
    };
    let (rest_ids, grpc_ids) = (ids(rest), ids(grpc));
    for point in rest {
        if let Some(other) = grpc.iter().find(|other| other["id"] == point["id"]) {
            diff(
                &format!("{path}[id={}]", point["id"]),
                point,
                other,
                volatile,
                out,
            );
        }
    }
    let mut rest_set = rest_ids.clone();
    let mut grpc_set = grpc_ids.clone();
    rest_set.sort();
    grpc_set.sort();
    let show = |ids: &[String]| format!("[{}]", ids.join(", "));
    if rest_set != grpc_set {
        out.push((format!("{path}.ids"), show(&rest_ids), show(&grpc_ids)));
    } else if rest_ids != grpc_ids {
        out.push((format!("{path}.order"), show(&rest_ids), show(&grpc_ids)));
    }
}

fn grpc_code(name: &str) -> tonic::Code {
    use tonic::Code;
    match name {
        "OK" => Code::Ok,
        "CANCELLED" => Code::Cancelled,
        "INVALID_ARGUMENT" => Code::InvalidArgument,
        "DEADLINE_EXCEEDED" => Code::DeadlineExceeded,
        "NOT_FOUND" => Code::NotFound,
        "ALREADY_EXISTS" => Code::AlreadyExists,
        "PERMISSION_DENIED" => Code::PermissionDenied,
        "RESOURCE_EXHAUSTED" => Code::ResourceExhausted,
        "FAILED_PRECONDITION" => Code::FailedPrecondition,
        "ABORTED" => Code::Aborted,
        "OUT_OF_RANGE" => Code::OutOfRange,
        "UNIMPLEMENTED" => Code::Unimplemented,
        "INTERNAL" => Code::Internal,
        "UNAVAILABLE" => Code::Unavailable,
        "DATA_LOSS" => Code::DataLoss,
        "UNAUTHENTICATED" => Code::Unauthenticated,
        _ => Code::Unknown,
    }
}

/// The recorded gRPC status must become the error that the REST status becomes.
fn compare_errors(step: &Step<'_>, findings: &mut Findings) {
    let mut trailers = tonic::metadata::MetadataMap::new();
    if let Some(map) = step.grpc["trailers"].as_object() {
        for (name, value) in map {
            if let (Ok(name), Some(Ok(value))) = (
                name.parse::<tonic::metadata::AsciiMetadataKey>(),
                value.as_str().map(str::parse),
            ) {
                trailers.insert(name, value);
            }
        }
    }
    let details = step.grpc["details"].as_str().unwrap_or_default();
    let code = grpc_code(step.grpc["status"].as_str().unwrap_or_default());
    // The operation of the step's RPC, for the resource a not-found error names; an RPC of no
    // operation stands for one that addresses nothing in particular.
    let rpc = step.grpc["rpc"].as_str().unwrap_or_default();
    let operation = quadrant::Operation::ALL
        .iter()
        .copied()
        .find(|operation| operation.grpc_rpc() == Some(rpc))
        .unwrap_or(quadrant::Operation::GetCollections);
    let error = status::from_status(
        operation,
        tonic::Status::with_metadata(code, details, trailers),
    );

    let rest_status = step.rest_status();
    let expected = quadrant_rest::kind_for_status(rest_status);
    if error.kind() != expected {
        findings.errors.push((
            step.id(),
            format!(
                "gRPC {code:?} is {:?}, REST {rest_status} is {expected:?}",
                error.kind()
            ),
        ));
    }
    let response = &step.rest["response"];
    let rest_words = response["status"]["error"]
        .as_str()
        .or_else(|| response["__text__"].as_str())
        .unwrap_or_default();
    if error.message() != rest_words {
        findings.errors.push((
            step.id(),
            format!("message: gRPC {:?}, REST {rest_words:?}", error.message()),
        ));
    }
    let rest_retry = step.rest["headers"]["retry-after"]
        .as_str()
        .and_then(|seconds| seconds.parse().ok())
        .map(std::time::Duration::from_secs);
    if error.retry_after() != rest_retry {
        findings.errors.push((
            step.id(),
            format!(
                "retry-after: gRPC {:?}, REST {rest_retry:?}",
                error.retry_after()
            ),
        ));
    }
}

/// The REST request of `step` as the model of its operation, and the comparison of both
/// exchanges. Returns whether the step was compared.
fn check_step(step: &Step<'_>, findings: &mut Findings) -> bool {
    let rpc = step.grpc["rpc"].as_str().unwrap_or_default();
    let rest_method = step.rest["method"].as_str().unwrap_or_default();
    match rpc {
        "/qdrant.Collections/List" => {
            compare::<
                _,
                proto::ListCollectionsRequest,
                CollectionsResponse,
                proto::ListCollectionsResponse,
            >(step, findings, (), no_equivalence);
        }
        "/qdrant.Collections/Get" => {
            compare::<
                _,
                proto::GetCollectionInfoRequest,
                CollectionInfo,
                proto::GetCollectionInfoResponse,
            >(
                step,
                findings,
                GetCollection::new(step.collection()),
                no_equivalence,
            );
        }
        "/qdrant.Collections/Create" => {
            let mut request: CreateCollection = step.body();
            request.collection_name = step.collection();
            request.timeout = step.query("timeout");
            compare::<_, proto::CreateCollection, bool, proto::CollectionOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Collections/Delete" => {
            let request = DeleteCollection {
                collection_name: step.collection(),
                timeout: step.query("timeout"),
            };
            compare::<_, proto::DeleteCollection, bool, proto::CollectionOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Collections/CollectionExists" => {
            compare::<
                _,
                proto::CollectionExistsRequest,
                CollectionExistence,
                proto::CollectionExistsResponse,
            >(
                step,
                findings,
                CollectionExists::new(step.collection()),
                no_equivalence,
            );
        }
        "/qdrant.Points/CreateFieldIndex" => {
            let mut request: CreateFieldIndex = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<
                _,
                proto::CreateFieldIndexCollection,
                UpdateResult,
                proto::PointsOperationResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Points/DeleteFieldIndex" => {
            let request = DeleteFieldIndex {
                collection_name: step.collection(),
                field_name: step.path_segment(3),
                wait: step.query("wait"),
                ordering: step.query("ordering"),
                timeout: step.query("timeout"),
            };
            compare::<
                _,
                proto::DeleteFieldIndexCollection,
                UpdateResult,
                proto::PointsOperationResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Points/Upsert" => {
            let mut request: UpsertPoints = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::UpsertPoints, UpdateResult, proto::PointsOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Get" if rest_method == "POST" => {
            let mut request: GetPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::GetPoints, Vec<Record>, proto::GetResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Delete" => {
            let mut request: DeletePoints = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::DeletePoints, UpdateResult, proto::PointsOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Count" => {
            let mut request: CountPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::CountPoints, CountResult, proto::CountResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Scroll" => {
            let mut request: ScrollPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::ScrollPoints, ScrollResult, proto::ScrollResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Query" => {
            let mut request: QueryPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::QueryPoints, QueryResponse, proto::QueryResponse>(
                step,
                findings,
                request,
                |recorded: &mut proto::QueryPoints, ours: &proto::QueryPoints| {
                    // EQUIVALENT_ENCODINGS: an explicit `indexed_only = false` is the default.
                    let (Some(recorded), Some(ours)) = (&mut recorded.params, &ours.params) else {
                        return false;
                    };
                    if recorded.indexed_only == Some(false) && ours.indexed_only.is_none() {
                        recorded.indexed_only = None;
                        return true;
                    }
                    false
                },
            );
        }
        // ---- Points service, part 1: changes, batches, groups, facets, matrix, legacy ----
        "/qdrant.Points/UpdateVectors" => {
            let mut request: UpdatePointVectors = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::UpdatePointVectors, UpdateResult, proto::PointsOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/DeleteVectors" => {
            let mut request: DeletePointVectors = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::DeletePointVectors, UpdateResult, proto::PointsOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/SetPayload" | "/qdrant.Points/OverwritePayload" => {
            let mut request: SetPayloadPoints = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::SetPayloadPoints, UpdateResult, proto::PointsOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/DeletePayload" => {
            let mut request: DeletePayloadPoints = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::DeletePayloadPoints, UpdateResult, proto::PointsOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/ClearPayload" => {
            let mut request: ClearPayloadPoints = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::ClearPayloadPoints, UpdateResult, proto::PointsOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/UpdateBatch" => {
            let mut request: UpdateBatchPoints = step.body();
            request.collection_name = step.collection();
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<_, proto::UpdateBatchPoints, Vec<UpdateResult>, proto::UpdateBatchResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/CreateVectorName" => {
            let mut request: CreateVectorName = step.body();
            request.collection_name = step.collection();
            request.vector_name = step.path_segment(3);
            request.wait = step.query("wait");
            request.ordering = step.query("ordering");
            request.timeout = step.query("timeout");
            compare::<
                _,
                proto::CreateVectorNameRequest,
                UpdateResult,
                proto::PointsOperationResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Points/DeleteVectorName" => {
            let request = DeleteVectorName {
                collection_name: step.collection(),
                vector_name: step.path_segment(3),
                wait: step.query("wait"),
                ordering: step.query("ordering"),
                timeout: step.query("timeout"),
            };
            compare::<
                _,
                proto::DeleteVectorNameRequest,
                UpdateResult,
                proto::PointsOperationResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Points/QueryBatch" => {
            let mut request: QueryBatchPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::QueryBatchPoints, Vec<QueryResponse>, proto::QueryBatchResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/QueryGroups" => {
            let mut request: QueryPointGroups = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::QueryPointGroups, GroupsResult, proto::QueryGroupsResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Facet" => {
            let mut request: FacetCounts = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::FacetCounts, FacetResponse, proto::FacetResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/SearchMatrixPairs" => {
            let mut request: SearchMatrixPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<
                _,
                proto::SearchMatrixPoints,
                SearchMatrixPairsResponse,
                proto::SearchMatrixPairsResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Points/SearchMatrixOffsets" => {
            let mut request: SearchMatrixPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<
                _,
                proto::SearchMatrixPoints,
                SearchMatrixOffsetsResponse,
                proto::SearchMatrixOffsetsResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Points/Search" => {
            let mut request: SearchPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::SearchPoints, Vec<ScoredPoint>, proto::SearchResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/SearchBatch" => {
            let mut request: SearchBatchPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::SearchBatchPoints, Vec<Vec<ScoredPoint>>, proto::SearchBatchResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/SearchGroups" => {
            let mut request: SearchPointGroups = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::SearchPointGroups, GroupsResult, proto::SearchGroupsResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Recommend" => {
            let mut request: RecommendPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::RecommendPoints, Vec<ScoredPoint>, proto::RecommendResponse>(
                step,
                findings,
                request,
                |recorded: &mut proto::RecommendPoints, _ours: &proto::RecommendPoints| {
                    // EQUIVALENT_ENCODINGS: example vectors in the deprecated `data` form.
                    let mut changed = false;
                    for vector in recorded
                        .positive_vectors
                        .iter_mut()
                        .chain(&mut recorded.negative_vectors)
                    {
                        changed |= current_vector_form(vector);
                    }
                    changed
                },
            );
        }
        "/qdrant.Points/RecommendBatch" => {
            let mut request: RecommendBatchPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<
                _,
                proto::RecommendBatchPoints,
                Vec<Vec<ScoredPoint>>,
                proto::RecommendBatchResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Points/RecommendGroups" => {
            let mut request: RecommendPointGroups = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::RecommendPointGroups, GroupsResult, proto::RecommendGroupsResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/Discover" => {
            let mut request: DiscoverPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<_, proto::DiscoverPoints, Vec<ScoredPoint>, proto::DiscoverResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Points/DiscoverBatch" => {
            let mut request: DiscoverBatchPoints = step.body();
            request.collection_name = step.collection();
            request.consistency = step.query("consistency");
            request.timeout = step.query("timeout");
            compare::<
                _,
                proto::DiscoverBatchPoints,
                Vec<Vec<ScoredPoint>>,
                proto::DiscoverBatchResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Qdrant/HealthCheck" => {
            // `GET /` answers without the `{"result": …}` envelope of every other answer.
            let mut rest = step.rest.clone();
            rest["response"] = serde_json::json!({"result": step.rest["response"].clone()});
            let unwrapped = Step {
                volatile: step.volatile.clone(),
                rest: &rest,
                ..*step
            };
            compare::<_, proto::HealthCheckRequest, VersionInfo, proto::HealthCheckReply>(
                &unwrapped,
                findings,
                (),
                no_equivalence,
            );
        }
        "/qdrant.Collections/Update" => {
            let mut request: UpdateCollection = step.body();
            request.collection_name = step.collection();
            request.timeout = step.query("timeout");
            compare::<_, proto::UpdateCollection, bool, proto::CollectionOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Collections/UpdateAliases" => {
            let mut request: ChangeAliasesOperation = step.body();
            request.timeout = step.query("timeout");
            compare::<_, proto::ChangeAliases, bool, proto::CollectionOperationResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Collections/ListAliases" => {
            compare::<
                _,
                proto::ListAliasesRequest,
                CollectionsAliasesResponse,
                proto::ListAliasesResponse,
            >(step, findings, (), no_equivalence);
        }
        "/qdrant.Collections/ListCollectionAliases" => {
            compare::<
                _,
                proto::ListCollectionAliasesRequest,
                CollectionsAliasesResponse,
                proto::ListAliasesResponse,
            >(
                step,
                findings,
                ListCollectionAliases::new(step.collection()),
                no_equivalence,
            );
        }
        "/qdrant.Collections/CollectionClusterInfo" => {
            compare::<
                _,
                proto::CollectionClusterInfoRequest,
                CollectionClusterInfo,
                proto::CollectionClusterInfoResponse,
            >(
                step,
                findings,
                CollectionClusterInfoRequest::new(step.collection()),
                no_equivalence,
            );
        }
        "/qdrant.Collections/CreateShardKey" => {
            let mut request: CreateShardingKey = step.body();
            request.collection_name = step.collection();
            request.timeout = step.query("timeout");
            compare::<_, proto::CreateShardKeyRequest, bool, proto::CreateShardKeyResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Collections/DeleteShardKey" => {
            let mut request: DropShardingKey = step.body();
            request.collection_name = step.collection();
            request.timeout = step.query("timeout");
            compare::<_, proto::DeleteShardKeyRequest, bool, proto::DeleteShardKeyResponse>(
                step,
                findings,
                request,
                no_equivalence,
            );
        }
        "/qdrant.Collections/ListShardKeys" => {
            compare::<
                _,
                proto::ListShardKeysRequest,
                ShardKeysResponse,
                proto::ListShardKeysResponse,
            >(
                step,
                findings,
                ListShardKeys::new(step.collection()),
                no_equivalence,
            );
        }
        "/qdrant.Snapshots/Create" => {
            let mut request = CreateSnapshot::new(step.collection());
            request.wait = step.query("wait");
            compare::<
                _,
                proto::CreateSnapshotRequest,
                SnapshotDescription,
                proto::CreateSnapshotResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Snapshots/List" => {
            compare::<
                _,
                proto::ListSnapshotsRequest,
                Vec<SnapshotDescription>,
                proto::ListSnapshotsResponse,
            >(
                step,
                findings,
                ListSnapshots::new(step.collection()),
                no_equivalence,
            );
        }
        "/qdrant.Snapshots/CreateFull" => {
            let mut request = CreateFullSnapshot::new();
            request.wait = step.query("wait");
            compare::<
                _,
                proto::CreateFullSnapshotRequest,
                SnapshotDescription,
                proto::CreateSnapshotResponse,
            >(step, findings, request, no_equivalence);
        }
        "/qdrant.Snapshots/ListFull" => {
            compare::<
                _,
                proto::ListFullSnapshotsRequest,
                Vec<SnapshotDescription>,
                proto::ListSnapshotsResponse,
            >(step, findings, (), no_equivalence);
        }
        _ => return false,
    }
    true
}

/// Rewrites a dense vector sent in the deprecated `data` form into the current `dense` form, which
/// quadrant sends; the server reads both the same way. Returns whether it rewrote anything.
#[allow(
    deprecated,
    reason = "the deprecated form is what the recording client sent"
)]
fn current_vector_form(vector: &mut proto::Vector) -> bool {
    if vector.vector.is_some()
        || vector.data.is_empty()
        || vector.indices.is_some()
        || vector.vectors_count.is_some()
    {
        return false;
    }
    let data = std::mem::take(&mut vector.data);
    vector.vector = Some(proto::vector::Vector::Dense(proto::DenseVector { data }));
    true
}

/// For requests that must be equal as they are.
fn no_equivalence<P>(_recorded: &mut P, _ours: &P) -> bool {
    false
}

fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            text.starts_with(head)
                && (0..=text.len() - head.len()).any(|skip| glob(tail, &text[head.len() + skip..]))
        }
    }
}

#[test]
fn rest_and_grpc_answers_read_into_the_same_models() {
    let mut findings = Findings::default();
    let mut coverage = BTreeMap::new();
    let mut not_comparable_seen = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(fixtures_dir())
        .expect("the fixtures are readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no recordings in {}",
        fixtures_dir().display()
    );

    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable recording");
        let recording: Value = serde_json::from_str(&text).expect("a JSON recording");
        let scenario = recording["scenario"].as_str().expect("a scenario name");
        let compared = coverage.entry(scenario.to_owned()).or_insert(0_usize);
        for step in recording["steps"].as_array().into_iter().flatten() {
            let name = step["name"].as_str().unwrap_or_default();
            let (Some(rest), Some(grpc)) = (
                step["rest"]["exchanges"].get(0),
                step["grpc"]["exchanges"].as_array().and_then(|exchanges| {
                    exchanges
                        .iter()
                        .find(|exchange| exchange["rpc"].is_string())
                }),
            ) else {
                continue;
            };
            let step = Step {
                scenario,
                name,
                volatile: step["volatile"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|key| key.as_str().map(str::to_owned))
                    .collect(),
                rest,
                grpc,
            };
            if NOT_COMPARABLE
                .iter()
                .any(|(s, n, _)| *s == scenario && *n == name)
            {
                not_comparable_seen.push(step.id());
                continue;
            }
            if check_step(&step, &mut findings) {
                *compared += 1;
            }
        }
    }

    // Every compared step, per scenario: the coverage this test claims.
    for (scenario, count) in &coverage {
        eprintln!("{scenario}: {count} steps compared");
    }
    let expected: BTreeMap<String, usize> = EXPECTED_COVERAGE
        .iter()
        .map(|(scenario, count)| ((*scenario).to_owned(), *count))
        .collect();
    assert_eq!(
        coverage, expected,
        "the compared steps per scenario changed"
    );
    assert_eq!(
        not_comparable_seen.len(),
        NOT_COMPARABLE.len(),
        "NOT_COMPARABLE lists a step that is gone: {not_comparable_seen:?}"
    );

    let mut problems = Vec::new();
    let mut known_used = vec![false; KNOWN_DIFFERENCES.len()];
    for (step, path, rest, grpc) in &findings.answers {
        let (scenario, name) = step.split_once('/').unwrap_or_default();
        let known = KNOWN_DIFFERENCES.iter().position(|known| {
            known.scenario == scenario
                && (known.step == "*" || known.step == name)
                && glob(known.path, path)
        });
        match known {
            Some(index) => {
                if !known_used[index] {
                    let known = &KNOWN_DIFFERENCES[index];
                    eprintln!("known difference {step} `{path}`: {}", known.reason);
                }
                known_used[index] = true;
            }
            None => problems.push(format!("{step}: answer `{path}`: REST {rest}, gRPC {grpc}")),
        }
    }
    for (step, difference) in &findings.requests {
        problems.push(format!("{step}: request differs:\n{difference}"));
    }
    for (step, difference) in &findings.errors {
        problems.push(format!("{step}: error differs: {difference}"));
    }
    for (index, used) in known_used.iter().enumerate() {
        if !used {
            let known = &KNOWN_DIFFERENCES[index];
            problems.push(format!(
                "KNOWN_DIFFERENCES entry {}/{} `{}` matches nothing any more",
                known.scenario, known.step, known.path
            ));
        }
    }
    let equivalences: Vec<String> = EQUIVALENT_ENCODINGS
        .iter()
        .map(|(scenario, step, _)| format!("{scenario}/{step}"))
        .collect();
    if findings.equivalences_used != equivalences {
        problems.push(format!(
            "EQUIVALENT_ENCODINGS lists {equivalences:?}, but these needed one: {:?}",
            findings.equivalences_used
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
