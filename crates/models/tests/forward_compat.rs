//! An answer from a server newer than the client decodes, and keeps every value it knew.
//!
//! Every 2xx REST answer of the recorded corpus (`tests/fixtures/conformance/`, Qdrant 1.18.3)
//! is mutated, one position at a time, the way a newer server could change it, and decoded
//! through the model its route decodes into (the route table shared with `rest_roundtrip.rs`).
//! The mutations, at every position of every answer (an exhaustive walk, not a sample):
//!
//! - **every string value** becomes [`PROBE`]. Walking the JSON alone cannot tell an enum
//!   value or a union's tag from free text, so every string is treated as if it could be one:
//!   free text keeps the new string in its `String` field, an enum keeps it in its
//!   `Unknown(String)` catch-all, and an internally tagged union's tag moves the whole object
//!   into the union's `Unknown(Value)`. Strings that parse as a UUID are left alone: a point id
//!   is a number or a UUID and nothing else, so a newer server cannot send another kind there.
//! - **every object with one key** has that key renamed to [`PROBE`]: at an externally tagged
//!   union (`{"scalar": …}`) this is a kind the client does not know. An object for which this
//!   does not decode must be a struct with a required field, which is checked by adding
//!   [`PROBE`] as a second key instead (a union without a catch-all fails that too).
//! - **every object** gains a field [`PROBE`] with a string value. Where that does not decode,
//!   or falls into a catch-all, the object must be a map of typed values, which is checked by
//!   adding [`PROBE`] as a copy of its first entry instead; an empty object that fails is a
//!   typed map without an entry to copy.
//!
//! Each mutated answer must decode and, encoded again, equal the mutated answer under the
//! comparison rules of `rest_roundtrip.rs` (the added field of the third mutation may be
//! dropped instead of kept): so nothing the client knew was lost, and the unknown value went
//! back out as it came in. A catch-all may take in only what was mutated: the `Debug` form of
//! the model must show no `Unknown(<raw JSON>)` except one holding exactly the mutated string,
//! the object whose `type`-like tag (see [`TAGS`]) was mutated, or the object whose one key was
//! renamed. That rules out a known union silently falling into its catch-all because a value
//! inside it did not decode. The original answers must decode with no catch-all at all.

#[macro_use]
mod support;

use std::fmt::Write as _;

use serde_json::{Map, Value};
use support::{Answer, Codec, Decoded, Route, diff, load, normalise};

/// The value written at a mutated position: a name no Qdrant version uses.
const PROBE: &str = "zz_from_a_newer_server";

/// The keys that hold the tag of an internally tagged union in the models (`#[serde(tag =
/// …)]`): `ClusterStatus`, `ConsensusThreadStatus`, `PayloadSchemaParams`,
/// `StemmingAlgorithm`. Only a string under one of these keys may move its whole object into
/// a catch-all.
const TAGS: &[&str] = &["type", "status", "consensus_thread_status"];

/// One step of a path into a JSON value.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn render(path: &[Step]) -> String {
    let mut text = String::from("$");
    for step in path {
        match step {
            Step::Key(key) => {
                let _ = write!(text, ".{key}");
            }
            Step::Index(index) => {
                let _ = write!(text, "[{index}]");
            }
        }
    }
    text
}

fn at_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// Every position in `value`: strings and objects, with their paths.
fn positions(
    value: &Value,
    path: &mut Vec<Step>,
    strings: &mut Vec<Vec<Step>>,
    objects: &mut Vec<Vec<Step>>,
) {
    match value {
        Value::String(text) if uuid::Uuid::parse_str(text).is_err() => strings.push(path.clone()),
        Value::Object(map) => {
            objects.push(path.clone());
            for (key, item) in map {
                path.push(Step::Key(key.clone()));
                positions(item, path, strings, objects);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                positions(item, path, strings, objects);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The catch-alls holding raw JSON in a model's `Debug` form, as `Unknown(<Value's Debug>)`
/// strings (an `open_enum!` catch-all shows as `Unknown("…")` and is not one of them).
fn raw_catch_alls(debug: &str) -> usize {
    [
        "Unknown(String(",
        "Unknown(Object",
        "Unknown(Array",
        "Unknown(Number",
        "Unknown(Bool",
        "Unknown(Null",
    ]
    .iter()
    .map(|marker| debug.matches(marker).count())
    .sum()
}

/// Whether `decoded` holds exactly one raw catch-all, and it is `Unknown(held)`.
fn caught_exactly(decoded: &Decoded, held: &Value) -> bool {
    raw_catch_alls(&decoded.debug) == 1 && decoded.debug.contains(&format!("Unknown({held:?})"))
}

/// Whether `decoded`, encoded again, equals `expected` (normalised as in `rest_roundtrip.rs`).
fn same(expected: &Value, decoded: &Decoded) -> Option<String> {
    diff(&normalise(expected), &normalise(&decoded.json), "$")
}

/// Checks every mutation of one answer; returns the failures, one a line.
fn check_answer(codec: Codec, answer: &Value, at: &str, counts: &mut [usize; 3]) -> String {
    let mut failures = String::new();
    let original = match codec(answer) {
        Ok(decoded) => decoded,
        Err(error) => return format!("{at}: the recorded answer {error}\n"),
    };
    if raw_catch_alls(&original.debug) > 0 || original.debug.contains("Unknown(\"") {
        let _ = writeln!(
            failures,
            "{at}: the recorded answer decodes into a catch-all"
        );
    }
    let (mut strings, mut objects) = (Vec::new(), Vec::new());
    positions(answer, &mut Vec::new(), &mut strings, &mut objects);

    for path in &strings {
        counts[0] += 1;
        let mut mutated = answer.clone();
        *at_mut(&mut mutated, path) = Value::String(PROBE.into());
        let problem = match codec(&mutated) {
            Err(error) => Some(error),
            Ok(decoded) => same(&mutated, &decoded).or_else(|| {
                let tag =
                    matches!(path.last(), Some(Step::Key(key)) if TAGS.contains(&key.as_str()));
                let parent = at_mut(&mut mutated.clone(), &path[..path.len() - 1]).clone();
                let allowed = raw_catch_alls(&decoded.debug) == 0
                    || caught_exactly(&decoded, &Value::String(PROBE.into()))
                    || (tag && caught_exactly(&decoded, &parent));
                (!allowed).then(|| "a catch-all took in more than the mutated value".to_owned())
            }),
        };
        if let Some(problem) = problem {
            let _ = writeln!(
                failures,
                "{at}: string at {} -> {PROBE:?}: {problem}",
                render(path)
            );
        }
    }

    for path in &objects {
        let object = at_mut(&mut answer.clone(), path)
            .as_object()
            .cloned()
            .unwrap_or_default();
        // An unknown kind at an externally tagged union: the one key renamed.
        if let Some((key, item)) = object.iter().next().filter(|_| object.len() == 1) {
            counts[1] += 1;
            let renamed_object: Map<String, Value> =
                [(PROBE.to_owned(), item.clone())].into_iter().collect();
            let mut renamed = answer.clone();
            *at_mut(&mut renamed, path) = Value::Object(renamed_object.clone());
            let mut without = answer.clone();
            *at_mut(&mut without, path) = Value::Object(Map::new());
            let kept = match codec(&renamed) {
                Ok(decoded) => {
                    // Kept (as a map key, or whole in a catch-all), or dropped as an unknown
                    // field of a struct whose fields are all optional.
                    let whole = raw_catch_alls(&decoded.debug) == 0
                        || caught_exactly(&decoded, &Value::Object(renamed_object));
                    whole
                        && (same(&renamed, &decoded).is_none()
                            || same(&without, &decoded).is_none())
                }
                Err(_) => false,
            };
            // Otherwise the key is a struct's required field (renaming it removed it, which no
            // newer server does): then, with the key kept, a second key must decode.
            if !kept {
                let mut added = answer.clone();
                at_mut(&mut added, path)[PROBE] = item.clone();
                let is_struct =
                    matches!(codec(&added), Ok(decoded) if raw_catch_alls(&decoded.debug) == 0);
                if !is_struct {
                    let _ = writeln!(
                        failures,
                        "{at}: object at {}: `{key}` renamed to {PROBE:?} does not decode or \
                         is not kept, and the object is no struct with that field",
                        render(path)
                    );
                }
            }
        }

        // An unknown field.
        counts[2] += 1;
        let added_or_dropped = |value: Value| {
            let mut added = answer.clone();
            at_mut(&mut added, path)[PROBE] = value;
            match codec(&added) {
                Err(error) => Err(error),
                // An externally tagged union (one key) with a second key is an unknown kind: it
                // may go whole into the union's catch-all.
                Ok(decoded)
                    if raw_catch_alls(&decoded.debug) > 0
                        && !(object.len() == 1
                            && caught_exactly(&decoded, at_mut(&mut added.clone(), path))) =>
                {
                    Err("falls into a catch-all".to_owned())
                }
                Ok(decoded) => match (same(&added, &decoded), same(answer, &decoded)) {
                    (Some(kept), Some(_)) => Err(format!("neither kept nor dropped: {kept}")),
                    _ => Ok(()),
                },
            }
        };
        if let Err(problem) = added_or_dropped(Value::String(PROBE.into())) {
            let as_map = match object.values().next() {
                Some(first) => added_or_dropped(first.clone()),
                None => Ok(()),
            };
            if let Err(map_problem) = as_map {
                let _ = writeln!(
                    failures,
                    "{at}: object at {} with a field {PROBE:?}: {problem}; as a map entry: {map_problem}",
                    render(path)
                );
            }
        }
    }
    failures
}

/// Checks every 2xx REST answer of `scenario`; panics listing every failure.
fn check_scenario(scenario: &str) {
    let recording = load(scenario);
    let mut failures = String::new();
    let mut counts = [0; 3];
    for step in recording["steps"].as_array().into_iter().flatten() {
        let name = step["name"].as_str().unwrap_or("?");
        for exchange in step["rest"]["exchanges"].as_array().into_iter().flatten() {
            let status = exchange["status"].as_u64().unwrap_or(0);
            if !(200..300).contains(&status) {
                continue;
            }
            let method = exchange["method"].as_str().unwrap_or("?");
            let path = exchange["path"].as_str().unwrap_or("?");
            let at = format!("{scenario} / {name} / {method} {path}");
            // `rest_roundtrip.rs` checks that every route is known or skipped on purpose.
            let (codec, answer) = match support::route(method, path) {
                Some(Route::Check {
                    answer: Answer::Result(codec),
                    ..
                }) => (codec, &exchange["response"]["result"]),
                Some(Route::Check {
                    answer: Answer::Body(codec),
                    ..
                }) => (codec, &exchange["response"]),
                Some(Route::Skip(_)) | None => continue,
            };
            failures.push_str(&check_answer(codec, answer, &at, &mut counts));
        }
    }
    assert!(
        failures.is_empty(),
        "answers from a newer server that fail:\n{failures}"
    );
    assert!(
        (counts[0] > 0 && counts[2] > 0) || scenario == "errors",
        "{scenario}: mutated {counts:?}"
    );
}

scenario_tests!(check_scenario);

/// The checks themselves catch what they are meant to catch.
#[test]
fn catch_all_detection() {
    let held = serde_json::json!({"type": PROBE, "x": 1});
    let decoded = Decoded {
        json: held.clone(),
        debug: format!("Info {{ params: Unknown({held:?}) }}"),
    };
    assert_eq!(raw_catch_alls(&decoded.debug), 1);
    assert!(caught_exactly(&decoded, &held));
    assert!(!caught_exactly(&decoded, &Value::String(PROBE.into())));
    assert_eq!(raw_catch_alls("Info { distance: Unknown(\"zz\") }"), 0);
}

/// A read-modify-write of a collection's config keeps the settings a newer server sent: read
/// the recorded `get_collection` answer with unknown settings added, change one setting, and
/// the update request carries the unknown ones back.
#[test]
fn read_modify_write_keeps_unknown_settings() {
    let recording = load("collections_lifecycle");
    let mut answer = recording["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|step| step["rest"]["exchanges"].as_array().into_iter().flatten())
        .find(|exchange| {
            exchange["method"] == "GET" && exchange["path"] == "/collections/conf_collections"
        })
        .expect("a recorded get_collection")["response"]["result"]
        .clone();
    for section in ["hnsw_config", "optimizer_config", "wal_config"] {
        answer["config"][section]["zz_newer_setting"] = serde_json::json!({"level": 3});
    }
    let info: quadrant_models::CollectionInfo =
        serde_json::from_value(answer).expect("decodes with unknown settings");
    let mut hnsw = quadrant_models::HnswConfigDiff::from(info.config.hnsw_config);
    hnsw.m = Some(32);
    let update = quadrant_models::UpdateCollection::new("conf_collections")
        .hnsw_config(hnsw)
        .optimizers_config(info.config.optimizer_config.into());
    // An update has no WAL settings; a collection created from what was read keeps them.
    let wal = quadrant_models::WalConfigDiff::from(info.config.wal_config.expect("recorded"));
    assert_eq!(
        wal.extra["zz_newer_setting"],
        serde_json::json!({"level": 3})
    );
    let body = serde_json::to_value(&update).expect("encodes");
    assert_eq!(body["hnsw_config"]["m"], 32);
    for section in ["hnsw_config", "optimizers_config"] {
        assert_eq!(
            body[section]["zz_newer_setting"],
            serde_json::json!({"level": 3}),
            "{section}: {body}"
        );
    }
}
