//! A replay HTTP server: answers requests with REST exchanges recorded from a real Qdrant 1.18.3
//! (`tests/fixtures/conformance/*.json`), so remote transports are tested against what the real
//! server said, without running one.
//!
//! Each request is answered by the first not yet used recording with the same method, path, query
//! and JSON body. A request that matches none is answered with status 599 and a Qdrant-shaped
//! error naming the request and the closest recording, so the failing test explains itself.

use std::collections::BTreeMap;
use std::future::IntoFuture;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, HeaderName, HeaderValue,
};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Number, Value};

/// The status of the answer to a request that no recording matches.
pub const NO_MATCH_STATUS: u16 = 599;

/// Relative tolerance for comparing floats in request bodies.
const FLOAT_TOLERANCE: f64 = 1e-6;

/// One HTTP request and the real server's answer to it.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordedExchange {
    /// The HTTP method, such as `PUT`.
    pub method: String,
    /// The path, such as `/collections/my_collection/points`.
    pub path: String,
    /// The query parameters, such as `wait=true`.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// The JSON body sent, or `None` when there was none.
    #[serde(default)]
    pub request: Option<Value>,
    /// The HTTP status of the answer.
    pub status: u16,
    /// The answer's content type, when the server sent one.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The answer's JSON body; `{"__text__": ...}` for a text body, `None` for an empty one.
    #[serde(default)]
    pub response: Option<Value>,
    /// The answer's headers that matter to clients, such as `retry-after`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

impl RecordedExchange {
    fn describe(&self) -> String {
        describe_request(&self.method, &self.path, &self.query, self.request.as_ref())
    }
}

/// The folder that holds the recorded scenarios, `tests/fixtures/conformance`.
pub fn fixtures_dir() -> PathBuf {
    // This file is also compiled into other crates' tests, so look for the folder from the
    // compiling crate up to the workspace root.
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .flat_map(|dir| {
            [
                dir.join("fixtures/conformance"),
                dir.join("tests/fixtures/conformance"),
            ]
        })
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "no fixtures/conformance folder above {}; copy the recorded scenarios there",
                manifest.display()
            )
        })
}

/// Loads the REST exchanges of a recorded scenario, in the order they were made.
///
/// With `steps`, only the exchanges of the steps with those names are kept, still in recording
/// order. Steps without a REST side are skipped.
///
/// # Panics
///
/// When the scenario file is missing or unreadable, or a named step is not in it.
pub fn load_rest_exchanges(scenario: &str, steps: Option<&[&str]>) -> Vec<RecordedExchange> {
    let path = fixtures_dir().join(format!("{scenario}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let file: Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()));
    let recorded = file["steps"].as_array().cloned().unwrap_or_default();

    if let Some(wanted) = steps {
        for name in wanted {
            assert!(
                recorded.iter().any(|step| step["name"] == *name),
                "scenario `{scenario}` has no step `{name}`"
            );
        }
    }
    recorded
        .iter()
        .filter(|step| steps.is_none_or(|wanted| wanted.iter().any(|name| step["name"] == *name)))
        .filter_map(|step| step["rest"]["exchanges"].as_array())
        .flatten()
        .map(|exchange| {
            serde_json::from_value(exchange.clone()).unwrap_or_else(|error| {
                panic!("a REST exchange of `{scenario}` cannot be read: {error}")
            })
        })
        .collect()
}

/// The REST exchanges a gRPC client may need for a recorded scenario: the REST requests the
/// recording client itself made on its gRPC run (for the calls that have no RPC), and, for the
/// steps where it made none, the step's REST run, which a gRPC client's REST fallback (the
/// `Fallback` transport the builder makes) sends when an operation has no RPC.
///
/// # Panics
///
/// When the scenario file is missing or unreadable.
pub fn load_grpc_fallback_exchanges(scenario: &str) -> Vec<RecordedExchange> {
    let path = fixtures_dir().join(format!("{scenario}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let file: Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()));
    let read = |exchange: &Value| -> RecordedExchange {
        serde_json::from_value(exchange.clone()).unwrap_or_else(|error| {
            panic!("a REST exchange of `{scenario}` cannot be read: {error}")
        })
    };
    let mut exchanges = Vec::new();
    for step in file["steps"].as_array().into_iter().flatten() {
        let on_grpc_run: Vec<RecordedExchange> = step["grpc"]["exchanges"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|exchange| exchange["transport"] == "rest")
            .map(read)
            .collect();
        if on_grpc_run.is_empty() {
            exchanges.extend(
                step["rest"]["exchanges"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(read),
            );
        } else {
            exchanges.extend(on_grpc_run);
        }
    }
    exchanges
}

/// An HTTP server on 127.0.0.1 that answers with recorded exchanges, each at most once.
///
/// It runs on its own thread with its own tokio runtime, so it serves async tests and blocking
/// clients alike. Dropping it stops it.
pub struct ReplayServer {
    url: String,
    log: Arc<Mutex<Log>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// The recordings and what has happened to them.
struct Log {
    exchanges: Vec<RecordedExchange>,
    used: Vec<bool>,
    misses: Vec<String>,
    gzipped: usize,
}

impl ReplayServer {
    /// Starts serving `exchanges` on a free port of 127.0.0.1.
    ///
    /// # Panics
    ///
    /// When no port can be bound or the server thread cannot start.
    pub fn start(exchanges: Vec<RecordedExchange>) -> ReplayServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("make the replay listener non-blocking");
        let address = listener
            .local_addr()
            .expect("the replay listener's address");
        let log = Arc::new(Mutex::new(Log {
            used: vec![false; exchanges.len()],
            exchanges,
            misses: Vec::new(),
            gzipped: 0,
        }));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new().fallback(answer).with_state(Arc::clone(&log));
        let thread = std::thread::Builder::new()
            .name("replay-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for the replay server");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("register the replay listener");
                    // Dropping the runtime afterwards ends the open connections too.
                    tokio::select! {
                        _ = axum::serve(listener, app).into_future() => {}
                        _ = stopped => {}
                    }
                });
            })
            .expect("start the replay server thread");
        ReplayServer {
            url: format!("http://{address}"),
            log,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The server's base url, such as `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The recordings no request has used yet, described one per line.
    pub fn unused(&self) -> Vec<String> {
        let log = lock(&self.log);
        log.exchanges
            .iter()
            .zip(&log.used)
            .filter(|(_, used)| !**used)
            .map(|(exchange, _)| exchange.describe())
            .collect()
    }

    /// The explanations sent for requests that matched no recording.
    pub fn misses(&self) -> Vec<String> {
        lock(&self.log).misses.clone()
    }

    /// How many answers were sent gzip-compressed, because the client accepted gzip.
    pub fn gzipped_answers(&self) -> usize {
        lock(&self.log).gzipped
    }

    /// Panics unless every recording was used and every request matched one.
    pub fn assert_all_used(&self) {
        let (unused, misses) = (self.unused(), self.misses());
        assert!(
            unused.is_empty() && misses.is_empty(),
            "the replay did not go as recorded.\nunused recordings:\n  {}\nunmatched requests:\n  {}",
            unused.join("\n  "),
            misses.join("\n  ")
        );
    }
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for ReplayServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplayServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

fn lock(log: &Mutex<Log>) -> MutexGuard<'_, Log> {
    // A panic elsewhere must not hide this server's own report.
    log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One request as the server received it.
struct Incoming {
    method: String,
    path: String,
    query: BTreeMap<String, String>,
    body: Option<Value>,
}

async fn answer(
    State(log): State<Arc<Mutex<Log>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let incoming = Incoming {
        method: method.as_str().to_owned(),
        path: percent_decode(uri.path()),
        query: url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect(),
        body: if body.is_empty() {
            None
        } else {
            Some(serde_json::from_slice(&body).unwrap_or_else(
                |_| serde_json::json!({"__text__": String::from_utf8_lossy(&body)}),
            ))
        },
    };
    let gzip = headers
        .get(ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .any(|coding| coding.trim().starts_with("gzip"))
        });

    let mut log = lock(&log);
    match find(&log, &incoming) {
        Ok(index) => {
            log.used[index] = true;
            let (response, gzipped) = respond(&log.exchanges[index], gzip);
            log.gzipped += usize::from(gzipped);
            response
        }
        Err(explanation) => {
            log.misses.push(explanation.clone());
            let body = serde_json::json!({"status": {"error": explanation}, "time": 0.0});
            let mut response = Response::new(Body::from(body.to_string()));
            *response.status_mut() =
                StatusCode::from_u16(NO_MATCH_STATUS).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
    }
}

/// The recorded answer, compressed with gzip when the client accepts it; and whether it was.
fn respond(exchange: &RecordedExchange, gzip: bool) -> (Response, bool) {
    let (mut body, content_type) = match &exchange.response {
        None | Some(Value::Null) => (Vec::new(), None),
        Some(Value::Object(map)) if map.len() == 1 && map.contains_key("__text__") => (
            map["__text__"]
                .as_str()
                .unwrap_or_default()
                .as_bytes()
                .to_vec(),
            exchange.content_type.clone(),
        ),
        Some(Value::Object(map)) if map.len() == 1 && map.contains_key("__bytes__") => (
            vec![0; map["__bytes__"].as_u64().unwrap_or(0) as usize],
            exchange.content_type.clone(),
        ),
        Some(value) => (
            serde_json::to_vec(value).expect("a JSON value serializes"),
            Some(
                exchange
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/json".to_owned()),
            ),
        ),
    };
    let compressed = gzip && !body.is_empty();
    if compressed {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&body).expect("gzip into memory");
        body = encoder.finish().expect("gzip into memory");
    }

    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(exchange.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    for (name, value) in &exchange.headers {
        // The encoding and length are this server's, not the recording's.
        if matches!(
            name.to_ascii_lowercase().as_str(),
            "content-encoding" | "content-length" | "transfer-encoding"
        ) {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
    }
    if let Some(content_type) = content_type.and_then(|text| HeaderValue::from_str(&text).ok()) {
        headers.insert(CONTENT_TYPE, content_type);
    }
    if compressed {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    (response, compressed)
}

/// The index of the first unused recording that matches, or an explanation of why none does.
fn find(log: &Log, incoming: &Incoming) -> Result<usize, String> {
    let differences = |exchange: &RecordedExchange| -> Vec<String> {
        let mut found = Vec::new();
        if exchange.method != incoming.method {
            found.push(format!("method: recorded {}", exchange.method));
        }
        if percent_decode(&exchange.path) != incoming.path {
            found.push(format!("path: recorded {}", exchange.path));
        }
        if exchange.query != incoming.query {
            found.push(format!(
                "query: recorded {}",
                describe_query(&exchange.query).trim_start_matches('?')
            ));
        }
        if let Some(difference) = body_difference(exchange.request.as_ref(), incoming.body.as_ref())
        {
            found.push(format!("body {difference}"));
        }
        found
    };

    let unused = || {
        log.exchanges
            .iter()
            .enumerate()
            .filter(|(index, _)| !log.used[*index])
    };
    if let Some((index, _)) = unused().find(|(_, exchange)| differences(exchange).is_empty()) {
        return Ok(index);
    }

    let request = describe_request(
        &incoming.method,
        &incoming.path,
        &incoming.query,
        incoming.body.as_ref(),
    );
    let mut explanation = format!("replay: no recorded exchange for {request}");
    let closest = unused().min_by_key(|(_, exchange)| {
        (
            percent_decode(&exchange.path) != incoming.path,
            exchange.method != incoming.method,
            exchange.query != incoming.query,
        )
    });
    match closest {
        Some((index, exchange)) => explanation.push_str(&format!(
            "; closest unused recording is #{index} {}, which differs in {}",
            exchange.describe(),
            differences(exchange).join(", ")
        )),
        None => explanation.push_str("; every recording was already used"),
    }
    if log
        .exchanges
        .iter()
        .enumerate()
        .any(|(index, exchange)| log.used[index] && differences(exchange).is_empty())
    {
        explanation.push_str("; an identical recording was already used, so it was sent twice");
    }
    Err(explanation)
}

/// Where a sent body first differs from the recorded one, or `None` when they are JSON-equal.
///
/// Null-valued keys count as absent, and numbers are equal when numerically equal, floats within
/// a relative tolerance.
pub(crate) fn body_difference(recorded: Option<&Value>, sent: Option<&Value>) -> Option<String> {
    match (
        recorded.filter(|v| !v.is_null()),
        sent.filter(|v| !v.is_null()),
    ) {
        (None, None) => None,
        (Some(recorded), None) => Some(format!("missing: recorded {}", short(recorded))),
        (None, Some(sent)) => Some(format!("unexpected: recorded none, sent {}", short(sent))),
        (Some(recorded), Some(sent)) => value_difference(recorded, sent, "$"),
    }
}

fn value_difference(recorded: &Value, sent: &Value, at: &str) -> Option<String> {
    match (recorded, sent) {
        (Value::Object(recorded), Value::Object(sent)) => {
            let keys: std::collections::BTreeSet<&String> = recorded
                .iter()
                .chain(sent.iter())
                .filter(|(_, value)| !value.is_null())
                .map(|(key, _)| key)
                .collect();
            keys.into_iter().find_map(|key| {
                let at = format!("{at}.{key}");
                match (
                    recorded.get(key).filter(|v| !v.is_null()),
                    sent.get(key).filter(|v| !v.is_null()),
                ) {
                    // Qdrant reads `prefetch` as one prefetch or a list of them; quadrant's
                    // model always writes the list.
                    (Some(r @ Value::Object(_)), Some(Value::Array(s)))
                        if key == "prefetch" && s.len() == 1 =>
                    {
                        value_difference(r, &s[0], &format!("{at}[0]"))
                    }
                    (Some(r), Some(s)) => value_difference(r, s, &at),
                    (Some(r), None) => {
                        Some(format!("at {at}: recorded {}, sent nothing", short(r)))
                    }
                    (None, Some(s)) => {
                        Some(format!("at {at}: recorded nothing, sent {}", short(s)))
                    }
                    (None, None) => None,
                }
            })
        }
        (Value::Array(recorded), Value::Array(sent)) => {
            if recorded.len() != sent.len() {
                return Some(format!(
                    "at {at}: recorded {} items, sent {}",
                    recorded.len(),
                    sent.len()
                ));
            }
            recorded
                .iter()
                .zip(sent)
                .enumerate()
                .find_map(|(index, (r, s))| value_difference(r, s, &format!("{at}[{index}]")))
        }
        (Value::Number(r), Value::Number(s)) if numbers_equal(r, s) => None,
        _ if recorded == sent => None,
        _ => Some(format!(
            "at {at}: recorded {}, sent {}",
            short(recorded),
            short(sent)
        )),
    }
}

fn numbers_equal(a: &Number, b: &Number) -> bool {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return a == b;
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return a == b;
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= FLOAT_TOLERANCE * a.abs().max(b.abs()),
        _ => false,
    }
}

fn describe_request(
    method: &str,
    path: &str,
    query: &BTreeMap<String, String>,
    body: Option<&Value>,
) -> String {
    let mut text = format!("{method} {path}{}", describe_query(query));
    if let Some(body) = body.filter(|body| !body.is_null()) {
        text.push_str(&format!(" with body {}", short(body)));
    }
    text
}

fn describe_query(query: &BTreeMap<String, String>) -> String {
    if query.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("?{}", pairs.join("&"))
}

/// A JSON value's text, cut short so an explanation stays readable.
fn short(value: &Value) -> String {
    const LIMIT: usize = 300;
    let text = value.to_string();
    if text.chars().count() <= LIMIT {
        return text;
    }
    let mut cut: String = text.chars().take(LIMIT).collect();
    cut.push('…');
    cut
}

/// Decodes `%xx` escapes, so that paths compare equal however the client encoded them.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn bodies_compare_as_json() {
        let recorded = json!({"limit": 2, "score": 0.1, "filter": null, "vector": [0.9, 0.1]});
        let sent = json!({"vector": [0.9000000001, 0.1], "limit": 2.0, "score": 0.1});
        assert_eq!(body_difference(Some(&recorded), Some(&sent)), None);
        assert_eq!(body_difference(None, Some(&Value::Null)), None);

        let sent = json!({"vector": [0.9, 0.2], "limit": 2, "score": 0.1});
        let difference = body_difference(Some(&recorded), Some(&sent)).unwrap();
        assert!(difference.contains("$.vector[1]"), "{difference}");
        let recorded = json!({"prefetch": {"limit": 2}});
        let sent = json!({"prefetch": [{"limit": 2}]});
        assert_eq!(body_difference(Some(&recorded), Some(&sent)), None);
        let sent = json!({"prefetch": [{"limit": 3}]});
        assert!(body_difference(Some(&recorded), Some(&sent)).is_some());
        let recorded = json!({"limit": 2, "score": 0.1, "filter": null, "vector": [0.9, 0.1]});
        let sent = json!({"vector": [0.9, 0.1], "limit": 2, "score": 0.1, "using": "x"});
        let difference = body_difference(Some(&recorded), Some(&sent)).unwrap();
        assert!(
            difference.contains("$.using: recorded nothing"),
            "{difference}"
        );
    }

    #[test]
    fn paths_compare_decoded() {
        assert_eq!(
            percent_decode("/collections/a%2Fb%20c"),
            "/collections/a/b c"
        );
        assert_eq!(percent_decode("/100%"), "/100%");
    }

    #[test]
    fn every_scenario_loads() {
        let exchanges = load_rest_exchanges("seed_quickstart", None);
        assert_eq!(exchanges.len(), 5);
        let only = load_rest_exchanges("seed_quickstart", Some(&["upsert"]));
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].query.get("wait").map(String::as_str), Some("true"));
        for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "json") {
                let scenario = path.file_stem().unwrap().to_str().unwrap();
                load_rest_exchanges(scenario, None);
            }
        }
    }

    #[test]
    fn a_miss_names_the_request_and_the_closest_recording() {
        let mut exchanges = load_rest_exchanges("seed_quickstart", None);
        exchanges.truncate(4);
        let log = Log {
            used: vec![false; exchanges.len()],
            exchanges,
            misses: Vec::new(),
            gzipped: 0,
        };
        let incoming = Incoming {
            method: "POST".into(),
            path: "/collections/my_collection/points/query".into(),
            query: BTreeMap::new(),
            body: Some(json!({"query": {"nearest": [0.9, 0.1, 0.1, 0.5]}, "limit": 3})),
        };
        let explanation = find(&log, &incoming).unwrap_err();
        assert!(
            explanation.starts_with(
                "replay: no recorded exchange for POST /collections/my_collection/points/query with body"
            ),
            "{explanation}"
        );
        assert!(
            explanation.contains("closest unused recording is #3"),
            "{explanation}"
        );
        assert!(
            explanation.contains("at $.limit: recorded 2, sent 3"),
            "{explanation}"
        );
    }
}
