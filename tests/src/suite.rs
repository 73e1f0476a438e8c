//! The recorded scenarios, replayed step by step through the facade on any transport.
//!
//! Every step of every scenario in `fixtures/conformance/` is read back into a [`Call`] from its
//! REST request and sent through [`AsyncQdrantClient`]; the answer, as JSON, is compared with what
//! the real Qdrant 1.18.3 answered for that step. The rule is OpenDAL's: a step whose operation
//! the transport claims in its capabilities must give the recorded answer, and one it does not
//! claim must fail with [`ErrorKind::Unsupported`]. A failure names the scenario, the step, the
//! operation and the first JSON path where the answers differ.
//!
//! What each side is compared with:
//!
//! - **REST**, against [`crate::replay::ReplayServer`]: the step's `rest.result` (what the
//!   recording client returned), or its error: the kind quadrant gives the recorded HTTP status
//!   ([`quadrant_rest::kind_for_status`]), the server's message, and for a not-found error the
//!   resource that message names ([`quadrant::Resource::infer`]).
//! - **gRPC**, against [`crate::grpc_replay::ReplayServer`] and, for the operations that have no
//!   RPC, a REST replay server that the gRPC client falls back to: the step's `grpc.result`.
//!   Steps the recording client sent "raw" have no REST-model result on the gRPC side (it is
//!   protobuf JSON, or absent when the call has no RPC), so they are compared with the REST
//!   answer, as `tests/tests/congruence.rs` compares the two APIs.
//! - **embedded**, live on a fresh in-memory engine: the REST answer. Data-plane answers must be
//!   equal (ids and order, scores within 1e-4), except that points with equal scores may come in
//!   any order (see `Compare::ties`); answers that describe the server rather than the data
//!   (versions, telemetry, snapshot names, cluster state) only need the same outcome. Steps whose
//!   recorded outcome comes from the server's configuration (api keys, rate limits) are skipped.

use std::any::Any;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use quadrant::{AsyncQdrantClient, ErrorKind, Operation, Resource};
use serde_json::Value;

use crate::calls::Call;
use crate::recorded::Recording;

/// Relative tolerance for floats: Qdrant stores vectors and scores as `f32`, and gRPC carries
/// them so.
const FLOAT_TOLERANCE: f64 = 1e-4;

/// Every recorded scenario, by file name.
pub const SCENARIOS: &[&str] = &[
    "auth_and_rate_limits",
    "cluster_service",
    "collections_lifecycle",
    "errors",
    "filters_and_indexes",
    "legacy_endpoints",
    "named_vectors",
    "points_crud",
    "query_api",
    "seed_quickstart",
    "service",
    "sharding",
    "snapshots",
];

/// Recorded steps that no facade call can make, on any transport, and why.
pub const NOT_EXPRESSIBLE: &[(&str, &str, &str)] = &[
    (
        "errors",
        "error_bad_json_body",
        "the body holds the point id `not-a-uuid`, sent to record the server's 400; the point id \
         model (an integer or a UUID) cannot hold it, so the facade cannot send it",
    ),
    (
        "errors",
        "error_unknown_route",
        "`GET /collections/conf_errors/nope` is a route Qdrant does not have, sent to record its \
         404; it is no operation",
    ),
];

/// Recorded steps whose gRPC run cannot be replayed by quadrant's gRPC transport, and why.
/// Kept in step with `NOT_COMPARABLE` in `tests/tests/congruence.rs`.
pub const GRPC_NOT_REPLAYABLE: &[(&str, &str, &str)] = &[(
    "legacy_endpoints",
    "get_point_rest_only",
    "REST called `GET /collections/{name}/points/{id}` (`get_point`, which answers with the \
     point's payload and vectors); the recording client's gRPC run called `Points/Get` asking for \
     the payload only, a different request from the one quadrant sends for `get_point`",
)];

/// Recorded scenarios whose server set-up the embedded engine does not have, and why. Their
/// steps that the engine claims are skipped; the ones it does not claim must still answer
/// `Unsupported`.
pub const EMBEDDED_OTHER_SETUP: &[(&str, &str)] = &[(
    "sharding",
    "recorded on a server in distributed mode, on a collection with custom sharding (shard keys); \
     the embedded engine is one shard in one process, and answers `Unsupported` to \
     `sharding_method: custom` and to shard-key selectors",
)];

/// Operations no recorded step calls; the transports' own tests cover them.
pub const NOT_RECORDED: &[Operation] = &[
    Operation::Metrics,
    Operation::ClearIssues,
    Operation::GetQuotas,
    Operation::UpdateQuotas,
    Operation::DeleteSnapshot,
    Operation::GetSnapshot,
    Operation::RecoverFromSnapshot,
    Operation::RecoverFromUploadedSnapshot,
    Operation::DeleteFullSnapshot,
    Operation::GetFullSnapshot,
    Operation::CreateShardSnapshot,
    Operation::DeleteShardSnapshot,
    Operation::GetShardSnapshot,
    Operation::StreamShardSnapshot,
    Operation::RecoverShardFromSnapshot,
    Operation::RecoverShardFromUploadedSnapshot,
    Operation::RecoverCurrentPeer,
    Operation::RemovePeer,
    Operation::UpdateCollectionCluster,
];

/// The transport a [`Target`] reaches Qdrant through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// REST, against the REST replay server.
    Rest,
    /// gRPC, against the gRPC replay server (and the REST one for the operations without RPC).
    Grpc,
    /// The embedded engine, live.
    Embedded,
}

impl Side {
    /// The transport's name, as its `Transport::name` says it.
    pub fn name(self) -> &'static str {
        match self {
            Side::Rest => "rest",
            Side::Grpc => "grpc",
            Side::Embedded => "embedded",
        }
    }
}

/// Builds the client for an api key, or for none.
type ClientFor = Box<dyn Fn(Option<&str>) -> AsyncQdrantClient + Send + Sync>;

/// A client factory for one scenario on one transport, with whatever must outlive the scenario
/// (replay servers).
pub struct Target {
    side: Side,
    client_for: ClientFor,
    guards: Vec<Box<dyn Any + Send>>,
}

impl Target {
    /// A target on `side` whose client for an api key (or none) `client_for` builds.
    pub fn new(
        side: Side,
        client_for: impl Fn(Option<&str>) -> AsyncQdrantClient + Send + Sync + 'static,
    ) -> Self {
        Target {
            side,
            client_for: Box::new(client_for),
            guards: Vec::new(),
        }
    }

    /// Keeps `guard` (a replay server) alive as long as the target.
    pub fn guard(mut self, guard: impl Any + Send) -> Self {
        self.guards.push(Box::new(guard));
        self
    }

    /// The guards kept alive, such as the replay servers, to inspect after a run.
    pub fn guards(&self) -> impl Iterator<Item = &(dyn Any + Send)> {
        self.guards.iter().map(|guard| &**guard)
    }
}

/// What became of one step.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The transport claims the operation and answered as the real server did.
    Passed,
    /// The transport does not claim the operation and answered `Unsupported`, as it must.
    Unsupported,
    /// The step cannot run on this transport; the reason says why.
    Skipped(String),
    /// The step failed; the message says how.
    Failed(String),
}

/// One step's outcome.
#[derive(Debug, Clone)]
pub struct StepReport {
    /// The step's name in the recording.
    pub step: String,
    /// The operation the step calls, when its request could be read.
    pub operation: Option<Operation>,
    /// What happened.
    pub outcome: Outcome,
}

/// One scenario's run on one transport.
#[derive(Debug, Clone)]
pub struct Report {
    /// The recorded scenario.
    pub scenario: String,
    /// The transport.
    pub side: Side,
    /// Each step, in recorded order.
    pub steps: Vec<StepReport>,
}

impl Report {
    /// One line per failed step: scenario, step, operation and what differed.
    pub fn failures(&self) -> Vec<String> {
        self.steps
            .iter()
            .filter_map(|step| match &step.outcome {
                Outcome::Failed(why) => Some(format!(
                    "{}/{} [{} on {}]: {why}",
                    self.scenario,
                    step.step,
                    step.operation.map_or("?", Operation::name),
                    self.side.name()
                )),
                _ => None,
            })
            .collect()
    }

    /// A line per step, for `--nocapture` runs.
    pub fn summary(&self) -> String {
        let mut text = format!("{} on {}:\n", self.scenario, self.side.name());
        for step in &self.steps {
            let outcome = match &step.outcome {
                Outcome::Passed => "passed".to_owned(),
                Outcome::Unsupported => "unsupported (not claimed)".to_owned(),
                Outcome::Skipped(why) => format!("skipped: {why}"),
                Outcome::Failed(why) => format!("FAILED: {why}"),
            };
            let _ = writeln!(
                text,
                "  {:<36} {:<32} {outcome}",
                step.step,
                step.operation.map_or("?", Operation::name)
            );
        }
        text
    }

    /// Panics with every failure when a step failed.
    pub fn assert_passed(&self) {
        let failures = self.failures();
        assert!(
            failures.is_empty(),
            "{} of {} steps failed:\n  {}",
            failures.len(),
            self.steps.len(),
            failures.join("\n  ")
        );
    }
}

/// A table of every operation: on how many recorded steps it passed, answered unsupported or
/// failed across `reports` (one transport's run of every scenario).
pub fn coverage_table(reports: &[Report]) -> String {
    let side = reports.first().map_or("?", |report| report.side.name());
    let mut text =
        format!("coverage on {side}: operation, steps passed / unsupported / skipped / failed\n");
    for operation in Operation::ALL {
        let outcomes: Vec<&Outcome> = reports
            .iter()
            .flat_map(|report| &report.steps)
            .filter(|step| step.operation == Some(*operation))
            .map(|step| &step.outcome)
            .collect();
        let count = |wanted: fn(&Outcome) -> bool| outcomes.iter().filter(|o| wanted(o)).count();
        let status = if outcomes.is_empty() {
            if NOT_RECORDED.contains(operation) {
                "no recorded step (tested by the transport)"
            } else {
                "no recorded step"
            }
        } else if count(|o| matches!(o, Outcome::Failed(_))) > 0 {
            "FAILING"
        } else if count(|o| matches!(o, Outcome::Passed)) > 0 {
            "passed"
        } else if count(|o| matches!(o, Outcome::Unsupported)) > 0 {
            "unsupported"
        } else {
            "skipped"
        };
        let _ = writeln!(
            text,
            "  {:<40} {:>3} / {:>3} / {:>3} / {:>3}  {status}",
            operation.name(),
            count(|o| matches!(o, Outcome::Passed)),
            count(|o| matches!(o, Outcome::Unsupported)),
            count(|o| matches!(o, Outcome::Skipped(_))),
            count(|o| matches!(o, Outcome::Failed(_))),
        );
    }
    text
}

/// Runs every step of `scenario` on `target`, in recorded order, and reports each.
pub async fn run(scenario: &str, target: &Target) -> Report {
    let recording = Recording::load(scenario);
    let keys = ApiKeys::of(recording.document());
    let mut steps = Vec::new();
    for step in recording.steps() {
        let name = step["name"].as_str().unwrap_or("?").to_owned();
        let (operation, outcome) = run_step(scenario, step, &keys, target).await;
        steps.push(StepReport {
            step: name,
            operation,
            outcome,
        });
    }
    Report {
        scenario: scenario.to_owned(),
        side: target.side,
        steps,
    }
}

/// The api keys of a recording's server, to turn a step's `client_key` into a key.
struct ApiKeys {
    admin: Option<String>,
    read_only: Option<String>,
}

impl ApiKeys {
    fn of(document: &Value) -> Self {
        let key = |name: &str| document["server_config"][name].as_str().map(str::to_owned);
        ApiKeys {
            admin: key("api_key"),
            read_only: key("read_only_api_key"),
        }
    }

    /// The key the step's client sent, or `None` for no key.
    fn for_step(&self, step: &Value) -> Result<Option<String>, String> {
        match step["client_key"].as_str() {
            None | Some("no key") => Ok(None),
            Some("admin key") => Ok(self.admin.clone()),
            Some("read-only key") => Ok(self.read_only.clone()),
            // Any key the server does not know.
            Some("wrong key") => Ok(Some("quadrant-wrong-key".to_owned())),
            Some(other) => Err(format!("unknown client_key `{other}`")),
        }
    }
}

/// What the step should answer.
#[derive(Debug)]
enum Expected {
    /// The answer, as JSON in the shape of the REST `result`.
    Answer(Value),
    /// A failure of this kind, whose message contains `message` when given, and which names
    /// `resource` as missing (`None` for any failure but Qdrant's own not-found answer).
    Failure {
        kind: ErrorKind,
        message: Option<String>,
        resource: Option<Resource>,
    },
}

async fn run_step(
    scenario: &str,
    step: &Value,
    keys: &ApiKeys,
    target: &Target,
) -> (Option<Operation>, Outcome) {
    let name = step["name"].as_str().unwrap_or("?");
    let exchanges = step["rest"]["exchanges"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let [exchange] = exchanges else {
        return (
            None,
            Outcome::Failed(format!(
                "expected one REST exchange, the recording has {}",
                exchanges.len()
            )),
        );
    };
    let not_expressible = NOT_EXPRESSIBLE
        .iter()
        .find(|(s, n, _)| *s == scenario && *n == name);
    let call = match call_of(exchange) {
        Ok(call) => call,
        Err(error) => {
            return (
                None,
                match not_expressible {
                    Some((.., reason)) => Outcome::Skipped((*reason).to_owned()),
                    None => Outcome::Failed(format!("the recorded request does not read: {error}")),
                },
            );
        }
    };
    let operation = call.operation();
    if not_expressible.is_some() {
        return (
            Some(operation),
            Outcome::Failed("listed in NOT_EXPRESSIBLE, but its request reads".to_owned()),
        );
    }
    if target.side == Side::Embedded
        && let Some(reason) = server_only(exchange)
    {
        return (Some(operation), Outcome::Skipped(reason));
    }
    if target.side == Side::Grpc
        && let Some((.., reason)) = GRPC_NOT_REPLAYABLE
            .iter()
            .find(|(s, n, _)| *s == scenario && *n == name)
    {
        return (Some(operation), Outcome::Skipped((*reason).to_owned()));
    }
    let other_setup = EMBEDDED_OTHER_SETUP
        .iter()
        .find(|(s, _)| target.side == Side::Embedded && *s == scenario);
    let key = match keys.for_step(step) {
        Ok(key) => key,
        Err(error) => return (Some(operation), Outcome::Failed(error)),
    };
    let client = (target.client_for)(key.as_deref());
    let claimed = client.capabilities().supports(operation);
    if claimed && let Some((_, reason)) = other_setup {
        return (Some(operation), Outcome::Skipped((*reason).to_owned()));
    }
    let answer = call.send(&client).await;

    if !claimed {
        let outcome = match answer {
            Err(error) if error.kind() == ErrorKind::Unsupported => Outcome::Unsupported,
            Err(error) => Outcome::Failed(format!(
                "not claimed, so it must answer Unsupported, but failed with {:?}: {}",
                error.kind(),
                error.message()
            )),
            Ok(_) => Outcome::Failed(
                "not claimed, so it must answer Unsupported, but it answered".to_owned(),
            ),
        };
        return (Some(operation), outcome);
    }

    let expected = match expected(step, exchange, target.side, operation) {
        Ok(expected) => expected,
        Err(error) => return (Some(operation), Outcome::Failed(error)),
    };
    let mut volatile: BTreeSet<String> = step["volatile"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|key| key.as_str().map(str::to_owned))
        .collect();
    if target.side == Side::Embedded {
        // A point's `version` is the id of the last operation that wrote it, the counter that
        // `operation_id` (volatile on every step) shows: the server counted operations of its
        // own (index builds, earlier runs) that a fresh engine does not.
        volatile.insert("version".to_owned());
    }
    let compare = Compare {
        volatile: &volatile,
        ties: target.side == Side::Embedded,
        empty_is_absent: target.side == Side::Grpc,
    };
    let outcome = match (expected, answer) {
        (Expected::Answer(want), Ok(got)) => {
            let (want, got) = match target.side {
                Side::Embedded => match embedded_view(operation, &want, &got) {
                    Some(views) => views,
                    None => return (Some(operation), Outcome::Passed),
                },
                _ => (want, got),
            };
            match compare.difference(&want, &got, "$") {
                None => Outcome::Passed,
                Some(difference) => Outcome::Failed(difference),
            }
        }
        (Expected::Answer(_), Err(error)) => Outcome::Failed(format!(
            "the server answered, quadrant failed with {:?}: {}",
            error.kind(),
            error.message()
        )),
        (
            Expected::Failure {
                kind,
                message,
                resource,
            },
            Err(error),
        ) => {
            if error.kind() != kind {
                Outcome::Failed(format!(
                    "the server failed with {kind:?}, quadrant with {:?}: {}",
                    error.kind(),
                    error.message()
                ))
            } else if let Some(message) = message.filter(|m| !error.message().contains(m)) {
                Outcome::Failed(format!(
                    "the server said `{message}`, quadrant `{}`",
                    error.message()
                ))
            } else if error.resource() != resource {
                Outcome::Failed(format!(
                    "the server's answer names {resource:?} as missing, quadrant's {:?}: {}",
                    error.resource(),
                    error.message()
                ))
            } else {
                Outcome::Passed
            }
        }
        (Expected::Failure { kind, message, .. }, Ok(got)) => Outcome::Failed(format!(
            "the server failed with {kind:?} ({}), quadrant answered {}",
            message.unwrap_or_default(),
            short(&got)
        )),
    };
    (Some(operation), outcome)
}

/// The call a recorded REST exchange made.
fn call_of(exchange: &Value) -> Result<Call, String> {
    let query = exchange["query"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (name.clone(), text)
        })
        .collect();
    let body = Some(&exchange["request"]).filter(|body| !body.is_null());
    Call::from_rest(
        exchange["method"].as_str().unwrap_or_default(),
        exchange["path"].as_str().unwrap_or_default(),
        &query,
        body,
    )
}

/// Why the embedded engine cannot have the recorded outcome of a step, if it cannot: the
/// outcome came from the server's configuration, which an in-process engine does not have.
fn server_only(exchange: &Value) -> Option<String> {
    match exchange["status"].as_u64() {
        Some(401 | 403) => Some(
            "the server's answer comes from its api keys; the embedded engine has no \
             authentication"
                .to_owned(),
        ),
        Some(429) => Some(
            "the server's answer comes from its request rate limit; the embedded engine \
             does not limit rates"
                .to_owned(),
        ),
        _ => None,
    }
}

/// What the real server answered this step (of `operation`) on the API `side` stands for.
fn expected(
    step: &Value,
    exchange: &Value,
    side: Side,
    operation: Operation,
) -> Result<Expected, String> {
    // What a not-found answer in the server's own words names as missing.
    let resource = |kind: ErrorKind, words: Option<&str>| {
        words
            .filter(|_| kind == ErrorKind::NotFound)
            .and_then(|words| Resource::infer(operation, words))
    };
    let raw = step["call"]["method"] == "raw";
    let grpc = &step["grpc"];
    let grpc_skipped = grpc["result"].get("__skipped__").is_some();
    if side == Side::Grpc && !raw && !grpc_skipped {
        if grpc.get("error").is_some() {
            let last = grpc["exchanges"]
                .as_array()
                .and_then(|exchanges| exchanges.last())
                .ok_or("a gRPC error without an exchange")?;
            let status = last["status"].as_str().unwrap_or_default();
            let kind = kind_for_grpc_status(status);
            let details = last["details"].as_str();
            return Ok(Expected::Failure {
                kind,
                message: details.map(str::to_owned),
                resource: resource(kind, details),
            });
        }
        return Ok(Expected::Answer(python_result(step, &grpc["result"])));
    }

    let rest = &step["rest"];
    if rest.get("error").is_some() {
        let status = exchange["status"]
            .as_u64()
            .and_then(|status| u16::try_from(status).ok())
            .ok_or("a REST error without a status")?;
        let response = &exchange["response"];
        let qdrant_words = response["status"]["error"].as_str();
        let message = qdrant_words
            .or_else(|| response["__text__"].as_str())
            .map(str::to_owned);
        let kind = quadrant_rest::kind_for_status(status);
        return Ok(Expected::Failure {
            kind,
            resource: resource(kind, qdrant_words),
            // The engine's own words for a failure are not the server's.
            message: message.filter(|_| side != Side::Embedded),
        });
    }
    if raw {
        // The recording client returned the whole body of a raw call; the facade returns what
        // the server put in `result` (or its text).
        let response = &exchange["response"];
        return Ok(Expected::Answer(
            match (response.get("result"), response.get("__text__")) {
                (Some(result), _) => result.clone(),
                (None, Some(text)) => text.clone(),
                (None, None) => response.clone(),
            },
        ));
    }
    Ok(Expected::Answer(python_result(step, &rest["result"])))
}

/// The recording client's result, in the shape of the REST `result`.
fn python_result(step: &Value, result: &Value) -> Value {
    match (step["call"]["method"].as_str(), result) {
        // The Python client returns a scroll page as a `(points, next_page_offset)` tuple.
        (Some("scroll"), Value::Array(pair)) if pair.len() == 2 => serde_json::json!({
            "points": pair[0],
            "next_page_offset": pair[1],
        }),
        _ => result.clone(),
    }
}

/// The error kind of a gRPC status name, as quadrant-grpc maps status codes.
fn kind_for_grpc_status(status: &str) -> ErrorKind {
    match status {
        "NOT_FOUND" => ErrorKind::NotFound,
        "ALREADY_EXISTS" => ErrorKind::AlreadyExists,
        "INVALID_ARGUMENT" | "FAILED_PRECONDITION" | "OUT_OF_RANGE" => ErrorKind::InvalidArgument,
        "UNAUTHENTICATED" => ErrorKind::Unauthenticated,
        "PERMISSION_DENIED" => ErrorKind::PermissionDenied,
        "DEADLINE_EXCEEDED" => ErrorKind::Timeout,
        "UNAVAILABLE" => ErrorKind::Unavailable,
        "RESOURCE_EXHAUSTED" => ErrorKind::RateLimited,
        "UNIMPLEMENTED" => ErrorKind::Unsupported,
        _ => ErrorKind::Server,
    }
}

/// The part of an answer the embedded engine must share with the server, or `None` when only
/// the outcome must match.
///
/// Data-plane answers (points, scores, counts, updates, collections and aliases) are the same
/// whatever runs the engine. Answers that describe the server itself are not: its version and
/// telemetry, its optimizer's state, its snapshots' names and sizes, its cluster; and a
/// collection's description holds server defaults (optimizer, WAL, segment counts), so only its
/// point count is compared.
fn embedded_view(operation: Operation, want: &Value, got: &Value) -> Option<(Value, Value)> {
    use Operation as Op;
    match operation {
        Op::GetCollection => {
            let project = |info: &Value| serde_json::json!({"points_count": info["points_count"]});
            Some((project(want), project(got)))
        }
        Op::Root
        | Op::Healthz
        | Op::Livez
        | Op::Readyz
        | Op::Telemetry
        | Op::Metrics
        | Op::GetIssues
        | Op::ClearIssues
        | Op::GetQuotas
        | Op::UpdateQuotas
        | Op::GetOptimizations
        | Op::CreateSnapshot
        | Op::ListSnapshots
        | Op::DeleteSnapshot
        | Op::GetSnapshot
        | Op::RecoverFromSnapshot
        | Op::RecoverFromUploadedSnapshot
        | Op::CreateFullSnapshot
        | Op::ListFullSnapshots
        | Op::DeleteFullSnapshot
        | Op::GetFullSnapshot
        | Op::CreateShardSnapshot
        | Op::ListShardSnapshots
        | Op::DeleteShardSnapshot
        | Op::GetShardSnapshot
        | Op::StreamShardSnapshot
        | Op::RecoverShardFromSnapshot
        | Op::RecoverShardFromUploadedSnapshot
        | Op::ClusterStatus
        | Op::ClusterTelemetry
        | Op::RecoverCurrentPeer
        | Op::RemovePeer
        | Op::CollectionClusterInfo
        | Op::UpdateCollectionCluster => None,
        _ => Some((want.clone(), got.clone())),
    }
}

/// How two answers are compared.
struct Compare<'a> {
    /// Keys ignored at any depth.
    volatile: &'a BTreeSet<String>,
    /// Whether equal scores may come in any order (the embedded engine is another process than
    /// the recorded server, so its ties break differently).
    ties: bool,
    /// Whether an empty list or map equals an absent one: protobuf cannot tell them apart, so
    /// the recording client's gRPC results hold `[]`, `{}` and messages of `null` fields
    /// (`resharding_operations`, `config.metadata`, a cleared `payload`, a sparse vector's
    /// default `index`) where quadrant's gRPC transport leaves the field out.
    empty_is_absent: bool,
}

impl Compare<'_> {
    /// Where `got` first differs from `want`, as a JSON path with both values; `None` when
    /// equal. Absent and `null` are equal (the recording client writes every unset field as
    /// `null`; quadrant's models leave them out), and numbers within [`FLOAT_TOLERANCE`].
    fn difference(&self, want: &Value, got: &Value, at: &str) -> Option<String> {
        match (want, got) {
            (Value::Object(want), Value::Object(got)) => {
                let keys: BTreeSet<&String> = want
                    .iter()
                    .chain(got.iter())
                    .filter(|(key, value)| self.present(value) && !self.volatile.contains(*key))
                    .map(|(key, _)| key)
                    .collect();
                keys.into_iter().find_map(|key| {
                    let at = format!("{at}.{key}");
                    match (
                        want.get(key).filter(|v| self.present(v)),
                        got.get(key).filter(|v| self.present(v)),
                    ) {
                        (Some(w), Some(g)) => self.difference(w, g, &at),
                        (Some(w), None) => Some(format!("at {at}: want {}, got nothing", short(w))),
                        (None, Some(g)) => Some(format!("at {at}: want nothing, got {}", short(g))),
                        (None, None) => None,
                    }
                })
            }
            (Value::Array(want), Value::Array(got)) => {
                if want.len() != got.len() {
                    return Some(format!(
                        "at {at}: want {} items, got {}: want {}, got {}",
                        want.len(),
                        got.len(),
                        short(&Value::Array(want.clone())),
                        short(&Value::Array(got.clone()))
                    ));
                }
                if self.ties
                    && let Some(difference) = self.tie_difference(want, got, at)
                {
                    return difference;
                }
                want.iter()
                    .zip(got)
                    .enumerate()
                    .find_map(|(index, (w, g))| self.difference(w, g, &format!("{at}[{index}]")))
            }
            (Value::Number(w), Value::Number(g)) => match (w.as_f64(), g.as_f64()) {
                (Some(w), Some(g)) if close(w, g) => None,
                _ => Some(format!("at {at}: want {w}, got {g}")),
            },
            _ if want == got => None,
            _ => Some(format!("at {at}: want {}, got {}", short(want), short(got))),
        }
    }

    /// Whether a field counts as given: `null` never does; with [`Compare::empty_is_absent`],
    /// neither does an empty list, nor an object none of whose fields is given (the recording
    /// client fills a message left at its defaults with `null` fields).
    fn present(&self, value: &Value) -> bool {
        match value {
            Value::Null => false,
            Value::Array(items) => !(self.empty_is_absent && items.is_empty()),
            Value::Object(map) => {
                !self.empty_is_absent || map.values().any(|value| self.present(value))
            }
            _ => true,
        }
    }

    /// Compares lists whose order the engine does not fix, or `None` when `want` is no such
    /// list and compares item by item.
    ///
    /// - Scored points (`score`, or `order_value` when ordering by a field): runs of equal
    ///   scores may come in any order, so each run is compared as a multiset; the last run
    ///   may also be cut differently by the limit (points past it can share its score), so only
    ///   its scores are compared.
    /// - Facet hits: runs of equal counts may come in any order; compared as multisets.
    /// - Distance-matrix pairs: no order at all; compared as one multiset.
    fn tie_difference(&self, want: &[Value], got: &[Value], at: &str) -> Option<Option<String>> {
        let all = |key: &str| {
            !want.is_empty()
                && want
                    .iter()
                    .all(|item| item.get(key).is_some_and(|value| !value.is_null()))
        };
        if all("a") && all("b") && all("score") {
            return Some(self.multiset_difference(want, got, at));
        }
        let (key, cut_ties) = if all("score") {
            ("score", true)
        } else if all("order_value") {
            ("order_value", true)
        } else if all("count") && all("value") {
            ("count", false)
        } else {
            return None;
        };
        let mut start = 0;
        while start < want.len() {
            let mut end = start + 1;
            while end < want.len() && same(&want[start][key], &want[end][key]) {
                end += 1;
            }
            let range = format!("{at}[{start}..{end}]");
            if let Some((index, item)) = got[start..end]
                .iter()
                .enumerate()
                .find(|(_, item)| !same(&want[start][key], &item[key]))
            {
                return Some(Some(format!(
                    "at {at}[{}].{key}: want {}, got {}",
                    start + index,
                    want[start][key],
                    item[key]
                )));
            }
            // Points beyond the limit may share the last run's score (seen in RRF fusion, where
            // the fifth place is a tie among several points), so its ids are not fixed.
            let last_run = end == want.len();
            if !(cut_ties && last_run)
                && let Some(difference) =
                    self.multiset_difference(&want[start..end], &got[start..end], &range)
            {
                return Some(Some(difference));
            }
            start = end;
        }
        Some(None)
    }

    /// Whether `got` holds the items of `want`, in any order.
    fn multiset_difference(&self, want: &[Value], got: &[Value], at: &str) -> Option<String> {
        let mut unused: Vec<&Value> = got.iter().collect();
        for item in want {
            match unused
                .iter()
                .position(|candidate| self.difference(item, candidate, at).is_none())
            {
                Some(index) => {
                    unused.swap_remove(index);
                }
                None => {
                    // Explain with the item of the same id, when there is one.
                    let same_id = item.get("id").and_then(|id| {
                        unused
                            .iter()
                            .find(|candidate| candidate.get("id") == Some(id))
                            .and_then(|candidate| self.difference(item, candidate, at))
                    });
                    return Some(match same_id {
                        Some(difference) => {
                            format!("{difference} (items compared in any order, as ties)")
                        }
                        None => format!(
                            "at {at} (compared in any order, as ties): want {}, which is not \
                             among the items got: {}",
                            short(item),
                            short(&Value::Array(got.to_vec()))
                        ),
                    });
                }
            }
        }
        None
    }
}

fn close(want: f64, got: f64) -> bool {
    want == got || (want - got).abs() <= FLOAT_TOLERANCE * want.abs().max(got.abs()).max(1e-6)
}

/// Whether two scores (or counts, or order values) are the same.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => close(a, b),
        _ => a == b,
    }
}

/// A JSON value's text, cut short so a failure message stays readable.
fn short(value: &Value) -> String {
    const LIMIT: usize = 400;
    let text = value.to_string();
    if text.chars().count() <= LIMIT {
        return text;
    }
    let mut cut: String = text.chars().take(LIMIT).collect();
    cut.push('…');
    cut
}

/// Declares one `#[tokio::test]` per recorded scenario for a transport, each getting its
/// [`Target`] from `$target(scenario).await`, running every step and failing with the list of
/// failed steps; and an ignored `recorded_coverage` test that runs them all and prints the
/// coverage table (`-- --ignored recorded_coverage --nocapture`).
#[macro_export]
macro_rules! recorded_suite {
    ($target:path) => {
        $crate::recorded_suite!(@each $target;
            recorded_auth_and_rate_limits => "auth_and_rate_limits",
            recorded_cluster_service => "cluster_service",
            recorded_collections_lifecycle => "collections_lifecycle",
            recorded_errors => "errors",
            recorded_filters_and_indexes => "filters_and_indexes",
            recorded_legacy_endpoints => "legacy_endpoints",
            recorded_named_vectors => "named_vectors",
            recorded_points_crud => "points_crud",
            recorded_query_api => "query_api",
            recorded_seed_quickstart => "seed_quickstart",
            recorded_service => "service",
            recorded_sharding => "sharding",
            recorded_snapshots => "snapshots",
        );

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = "runs every scenario again to print the coverage table"]
        async fn recorded_coverage() {
            let mut reports = Vec::new();
            for scenario in $crate::suite::SCENARIOS {
                let target = $target(scenario).await;
                let report = $crate::suite::run(scenario, &target).await;
                println!("{}", report.summary());
                reports.push(report);
            }
            println!("{}", $crate::suite::coverage_table(&reports));
        }
    };
    (@each $target:path; $($test:ident => $scenario:literal,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $test() {
                let target = $target($scenario).await;
                let report = $crate::suite::run($scenario, &target).await;
                println!("{}", report.summary());
                report.assert_passed();
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn compare(ties: bool) -> (BTreeSet<String>, bool) {
        (BTreeSet::from(["time".to_owned()]), ties)
    }

    fn difference(want: Value, got: Value, ties: bool) -> Option<String> {
        let (volatile, ties) = compare(ties);
        Compare {
            volatile: &volatile,
            ties,
            empty_is_absent: false,
        }
        .difference(&want, &got, "$")
    }

    #[test]
    fn nulls_volatile_keys_and_float_noise_are_ignored() {
        let want = json!({"a": null, "time": 1.0, "points": [{"id": 1, "score": 0.9134142}]});
        let got = json!({"time": 2.0, "points": [{"id": 1, "score": 0.913414204120636}]});
        assert_eq!(difference(want, got, false), None);
    }

    #[test]
    fn a_difference_names_its_path() {
        let want = json!({"points": [{"id": 1, "score": 0.9}, {"id": 2, "score": 0.8}]});
        let got = json!({"points": [{"id": 1, "score": 0.9}, {"id": 3, "score": 0.8}]});
        let found = difference(want, got, false).unwrap();
        assert!(
            found.starts_with("at $.points[1].id: want 2, got 3"),
            "{found}"
        );
    }

    #[test]
    fn ties_compare_as_sets_only_on_request() {
        let want = json!([
            {"id": 1, "score": 0.9}, {"id": 2, "score": 0.5}, {"id": 3, "score": 0.5},
            {"id": 4, "score": 0.1}
        ]);
        let swapped = json!([
            {"id": 1, "score": 0.9}, {"id": 3, "score": 0.5}, {"id": 2, "score": 0.5},
            {"id": 4, "score": 0.1}
        ]);
        assert!(difference(want.clone(), swapped.clone(), false).is_some());
        assert_eq!(difference(want.clone(), swapped, true), None);
        let other = json!([
            {"id": 1, "score": 0.9}, {"id": 3, "score": 0.5}, {"id": 5, "score": 0.5},
            {"id": 4, "score": 0.1}
        ]);
        let found = difference(want, other, true).unwrap();
        assert!(found.contains("$[1..3]"), "{found}");
    }

    #[test]
    fn a_tie_cut_by_the_limit_compares_scores_only() {
        let want =
            json!([{"id": 1, "score": 0.9}, {"id": 2, "score": 0.0}, {"id": 3, "score": 0.0}]);
        let got =
            json!([{"id": 1, "score": 0.9}, {"id": 7, "score": 0.0}, {"id": 8, "score": 0.0}]);
        assert_eq!(difference(want.clone(), got, true), None);
        let lower =
            json!([{"id": 1, "score": 0.9}, {"id": 2, "score": 0.0}, {"id": 3, "score": -0.1}]);
        assert!(difference(want, lower, true).is_some());
    }

    #[test]
    fn python_scroll_tuples_read_as_scroll_results() {
        let step = json!({"call": {"method": "scroll"}});
        let result = python_result(&step, &json!([[{"id": 1}], 2]));
        assert_eq!(
            result,
            json!({"points": [{"id": 1}], "next_page_offset": 2})
        );
    }

    #[test]
    fn not_recorded_lists_exactly_the_operations_without_a_step() {
        let mut recorded = BTreeSet::new();
        for scenario in SCENARIOS {
            for exchange in crate::replay::load_rest_exchanges(scenario, None) {
                if let Ok((operation, _)) = crate::calls::route(&exchange.method, &exchange.path) {
                    recorded.insert(operation.name());
                }
            }
        }
        let missing: Vec<&str> = Operation::ALL
            .iter()
            .map(|operation| operation.name())
            .filter(|name| !recorded.contains(name))
            .collect();
        let listed: Vec<&str> = NOT_RECORDED
            .iter()
            .map(|operation| operation.name())
            .collect();
        assert_eq!(missing, listed);
    }

    #[test]
    fn every_scenario_is_listed() {
        let mut files: Vec<String> = std::fs::read_dir(crate::replay::fixtures_dir())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
            .collect();
        files.sort();
        assert_eq!(files, SCENARIOS);
    }
}
