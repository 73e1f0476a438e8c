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
//! the recorded corpus (see `scenario_tests!` in `support`).

#[macro_use]
mod support;

use std::fmt::Write as _;

use serde_json::Value;

use quadrant_models::{
    Condition, IdfParams, Match, Query, QueryInterface, QueryPoints, QuotaStatus, ScrollPoints,
    UpdateQuotas,
};
use support::{
    Answer, Codec, Route, SKIPPED, diff, fixtures_dir, load, normalise, round_trip, route, short,
};

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

/// Decodes `recorded` with `codec`, encodes it again and compares the result with
/// `expected` (the recorded value, normalised); returns what went wrong, if anything.
fn verify(codec: Codec, recorded: &Value, expected: &Value, root: &str) -> Option<String> {
    match codec(recorded) {
        Ok(actual) => diff(&normalise(expected), &normalise(&actual.json), root),
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

scenario_tests!(check_scenario);

/// A fixture added to the directory must be added to `scenario_tests!` too.
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
