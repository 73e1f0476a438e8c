//! Hostile gRPC answers: bytes that are not the message, messages cut short, and messages that
//! decode but miss what the models require must give a `Decode` error, never a panic.
//!
//! The transport reads an answer in two steps, prost's decoding of the bytes into the generated
//! message and `FromProto` of the message into the model; both are driven here for every
//! response message of the gRPC operations. The property tests mutate the answers recorded from
//! a real server (`response_b64` in the conformance corpus) and feed arbitrary bytes.
//! `PROPTEST_CASES` sets the number of cases per property (256 by default).

use std::collections::HashMap;
use std::path::PathBuf;

use base64::Engine as _;
use proptest::prelude::*;
use prost::Message;
use quadrant_grpc::convert::FromProto;
use quadrant_grpc::proto;
use quadrant_models::*;
use quadrant_transport::{ErrorKind, Result};

/// What decoding one answer gave.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// prost refused the bytes.
    NotProtobuf,
    /// The message decoded and converted, into the model of this JSON form (object keys
    /// sorted, so that a `HashMap` in the model compares equal whatever its order).
    Converted(String),
    /// The message decoded but the model refused it, with this kind.
    Refused(ErrorKind),
}

fn read<P: Message + Default, M: FromProto<P> + serde::Serialize>(bytes: &[u8]) -> Outcome {
    let Ok(message) = P::decode(bytes) else {
        return Outcome::NotProtobuf;
    };
    let converted: Result<M> = M::from_proto(message);
    match converted {
        Ok(model) => Outcome::Converted(
            serde_json::to_value(&model).map_or_else(|e| e.to_string(), |json| sorted(&json)),
        ),
        Err(error) => Outcome::Refused(error.kind()),
    }
}

/// `value` as JSON text with every object's keys sorted: serde_json keeps insertion order when
/// a crate in the build turns on its `preserve_order` (the embedded engine does), and a
/// `HashMap` in the model has no order of its own.
fn sorted(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|key| {
                    format!(
                        "{}:{}",
                        serde_json::Value::from(key.as_str()),
                        sorted(&map[key])
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(sorted).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// Reads `bytes` as the answer of `rpc`, as the transport does; `None` for an unknown rpc.
fn read_answer(rpc: &str, bytes: &[u8]) -> Option<Outcome> {
    let method = rpc.rsplit('/').next().unwrap_or(rpc);
    let service = rpc.split('/').nth(1).unwrap_or("");
    Some(match (service, method) {
        ("qdrant.Qdrant", "HealthCheck") => read::<proto::HealthCheckReply, VersionInfo>(bytes),
        ("qdrant.Collections", "List") => {
            read::<proto::ListCollectionsResponse, CollectionsResponse>(bytes)
        }
        ("qdrant.Collections", "Get") => {
            read::<proto::GetCollectionInfoResponse, CollectionInfo>(bytes)
        }
        ("qdrant.Collections", "Create" | "Update" | "Delete" | "UpdateAliases") => {
            read::<proto::CollectionOperationResponse, bool>(bytes)
        }
        ("qdrant.Collections", "CollectionExists") => {
            read::<proto::CollectionExistsResponse, CollectionExistence>(bytes)
        }
        ("qdrant.Collections", "ListAliases" | "ListCollectionAliases") => {
            read::<proto::ListAliasesResponse, CollectionsAliasesResponse>(bytes)
        }
        ("qdrant.Collections", "CollectionClusterInfo") => {
            read::<proto::CollectionClusterInfoResponse, CollectionClusterInfo>(bytes)
        }
        ("qdrant.Collections", "UpdateCollectionClusterSetup") => {
            read::<proto::UpdateCollectionClusterSetupResponse, bool>(bytes)
        }
        ("qdrant.Collections", "CreateShardKey") => {
            read::<proto::CreateShardKeyResponse, bool>(bytes)
        }
        ("qdrant.Collections", "DeleteShardKey") => {
            read::<proto::DeleteShardKeyResponse, bool>(bytes)
        }
        ("qdrant.Collections", "ListShardKeys") => {
            read::<proto::ListShardKeysResponse, ShardKeysResponse>(bytes)
        }
        (
            "qdrant.Points",
            "Upsert" | "Delete" | "UpdateVectors" | "DeleteVectors" | "SetPayload"
            | "OverwritePayload" | "DeletePayload" | "ClearPayload" | "CreateFieldIndex"
            | "DeleteFieldIndex" | "CreateVectorName" | "DeleteVectorName",
        ) => read::<proto::PointsOperationResponse, UpdateResult>(bytes),
        ("qdrant.Points", "Get") => read::<proto::GetResponse, Vec<Record>>(bytes),
        ("qdrant.Points", "UpdateBatch") => {
            read::<proto::UpdateBatchResponse, Vec<UpdateResult>>(bytes)
        }
        ("qdrant.Points", "Query") => read::<proto::QueryResponse, QueryResponse>(bytes),
        ("qdrant.Points", "QueryBatch") => {
            read::<proto::QueryBatchResponse, Vec<QueryResponse>>(bytes)
        }
        ("qdrant.Points", "QueryGroups") => read::<proto::QueryGroupsResponse, GroupsResult>(bytes),
        ("qdrant.Points", "Scroll") => read::<proto::ScrollResponse, ScrollResult>(bytes),
        ("qdrant.Points", "Count") => read::<proto::CountResponse, CountResult>(bytes),
        ("qdrant.Points", "Facet") => read::<proto::FacetResponse, FacetResponse>(bytes),
        ("qdrant.Points", "SearchMatrixPairs") => {
            read::<proto::SearchMatrixPairsResponse, SearchMatrixPairsResponse>(bytes)
        }
        ("qdrant.Points", "SearchMatrixOffsets") => {
            read::<proto::SearchMatrixOffsetsResponse, SearchMatrixOffsetsResponse>(bytes)
        }
        ("qdrant.Points", "Search") => read::<proto::SearchResponse, Vec<ScoredPoint>>(bytes),
        ("qdrant.Points", "SearchBatch") => {
            read::<proto::SearchBatchResponse, Vec<Vec<ScoredPoint>>>(bytes)
        }
        ("qdrant.Points", "SearchGroups") => {
            read::<proto::SearchGroupsResponse, GroupsResult>(bytes)
        }
        ("qdrant.Points", "Recommend") => read::<proto::RecommendResponse, Vec<ScoredPoint>>(bytes),
        ("qdrant.Points", "RecommendBatch") => {
            read::<proto::RecommendBatchResponse, Vec<Vec<ScoredPoint>>>(bytes)
        }
        ("qdrant.Points", "RecommendGroups") => {
            read::<proto::RecommendGroupsResponse, GroupsResult>(bytes)
        }
        ("qdrant.Points", "Discover") => read::<proto::DiscoverResponse, Vec<ScoredPoint>>(bytes),
        ("qdrant.Points", "DiscoverBatch") => {
            read::<proto::DiscoverBatchResponse, Vec<Vec<ScoredPoint>>>(bytes)
        }
        ("qdrant.Snapshots", "Create" | "CreateFull") => {
            read::<proto::CreateSnapshotResponse, SnapshotDescription>(bytes)
        }
        ("qdrant.Snapshots", "List" | "ListFull") => {
            read::<proto::ListSnapshotsResponse, Vec<SnapshotDescription>>(bytes)
        }
        ("qdrant.Snapshots", "Delete" | "DeleteFull") => {
            read::<proto::DeleteSnapshotResponse, bool>(bytes)
        }
        _ => return None,
    })
}

/// Every rpc the reader knows, to drive arbitrary bytes through each.
const RPCS: &[&str] = &[
    "/qdrant.Qdrant/HealthCheck",
    "/qdrant.Collections/List",
    "/qdrant.Collections/Get",
    "/qdrant.Collections/Create",
    "/qdrant.Collections/CollectionExists",
    "/qdrant.Collections/ListAliases",
    "/qdrant.Collections/CollectionClusterInfo",
    "/qdrant.Collections/UpdateCollectionClusterSetup",
    "/qdrant.Collections/CreateShardKey",
    "/qdrant.Collections/DeleteShardKey",
    "/qdrant.Collections/ListShardKeys",
    "/qdrant.Points/Upsert",
    "/qdrant.Points/Get",
    "/qdrant.Points/UpdateBatch",
    "/qdrant.Points/Query",
    "/qdrant.Points/QueryBatch",
    "/qdrant.Points/QueryGroups",
    "/qdrant.Points/Scroll",
    "/qdrant.Points/Count",
    "/qdrant.Points/Facet",
    "/qdrant.Points/SearchMatrixPairs",
    "/qdrant.Points/SearchMatrixOffsets",
    "/qdrant.Points/Search",
    "/qdrant.Points/SearchBatch",
    "/qdrant.Points/SearchGroups",
    "/qdrant.Points/Recommend",
    "/qdrant.Points/RecommendBatch",
    "/qdrant.Points/RecommendGroups",
    "/qdrant.Points/Discover",
    "/qdrant.Points/DiscoverBatch",
    "/qdrant.Snapshots/Create",
    "/qdrant.Snapshots/List",
    "/qdrant.Snapshots/Delete",
];

/// Every successful gRPC answer recorded from the real server: its rpc and exact bytes.
fn recorded_answers() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/conformance");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut answers = Vec::new();
    for file in files {
        let scenario: serde_json::Value =
            serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        for step in scenario["steps"].as_array().unwrap() {
            let Some(exchanges) = step["grpc"]["exchanges"].as_array() else {
                continue;
            };
            for exchange in exchanges {
                if exchange["transport"] != "grpc" || exchange["status"] != "OK" {
                    continue;
                }
                let (Some(rpc), Some(b64)) =
                    (exchange["rpc"].as_str(), exchange["response_b64"].as_str())
                else {
                    continue;
                };
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap();
                answers.push((rpc.to_owned(), bytes));
            }
        }
    }
    answers
}

/// A decoded message that the model refuses must be refused as `Decode`.
fn assert_no_other_kind(rpc: &str, outcome: Option<Outcome>) {
    if let Some(Outcome::Refused(kind)) = outcome {
        assert_eq!(kind, ErrorKind::Decode, "{rpc}");
    }
}

#[test]
fn recorded_answers_convert() {
    let answers = recorded_answers();
    assert!(
        answers.len() > 200,
        "only {} recorded answers",
        answers.len()
    );
    for (rpc, bytes) in &answers {
        let outcome = read_answer(rpc, bytes).unwrap_or_else(|| panic!("no reader for {rpc}"));
        assert!(
            matches!(outcome, Outcome::Converted(_)),
            "{rpc}: {outcome:?}"
        );
    }
}

#[test]
fn truncated_recorded_answers_never_panic() {
    // Every cut of every recorded answer, exhaustively: they are small.
    let mut cuts = 0;
    for (rpc, bytes) in recorded_answers() {
        for cut in 0..bytes.len() {
            assert_no_other_kind(&rpc, read_answer(&rpc, &bytes[..cut]));
            cuts += 1;
        }
    }
    assert!(cuts > 1000, "{cuts}");
}

#[test]
fn garbage_is_not_protobuf() {
    for bytes in [
        &b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"[..],
        b"\x0a\xff\xff\xff\xff\x0f",
        b"\x0a\x05ab",
        b"{\"result\":{\"count\":1}}",
        b"\x07",
    ] {
        for rpc in RPCS {
            assert_eq!(
                read_answer(rpc, bytes),
                Some(Outcome::NotProtobuf),
                "{rpc} {bytes:?}"
            );
        }
    }
}

fn scored_point(
    id: Option<proto::PointId>,
    payload: HashMap<String, proto::Value>,
) -> proto::ScoredPoint {
    proto::ScoredPoint {
        id,
        payload,
        score: 0.5,
        ..Default::default()
    }
}

fn numeric_id(id: u64) -> Option<proto::PointId> {
    Some(proto::PointId {
        point_id_options: Some(proto::point_id::PointIdOptions::Num(id)),
    })
}

#[test]
fn missing_required_fields_are_decode_errors_naming_the_field() {
    let query = |points| {
        QueryResponse::from_proto(proto::QueryResponse {
            result: points,
            ..Default::default()
        })
    };
    assert!(query(vec![scored_point(numeric_id(1), HashMap::new())]).is_ok());

    // A scored point without its id.
    let error = query(vec![scored_point(None, HashMap::new())]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert!(error.message().contains("id"), "{error}");

    // An id without its value.
    let error = query(vec![scored_point(
        Some(proto::PointId {
            point_id_options: None,
        }),
        HashMap::new(),
    )])
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");

    // A UUID id that is not a UUID.
    let error = query(vec![scored_point(
        Some(proto::PointId {
            point_id_options: Some(proto::point_id::PointIdOptions::Uuid("nope".into())),
        }),
        HashMap::new(),
    )])
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");

    // A payload value without its kind.
    let payload = HashMap::from([("a".to_owned(), proto::Value { kind: None })]);
    let error = query(vec![scored_point(numeric_id(1), payload)]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert!(
        error.message().contains("kind") || error.message().contains("Value"),
        "{error}"
    );

    // The same, nested in a list.
    let nested = proto::Value {
        kind: Some(proto::value::Kind::ListValue(proto::ListValue {
            values: vec![proto::Value { kind: None }],
        })),
    };
    let payload = HashMap::from([("a".to_owned(), nested)]);
    let error = query(vec![scored_point(numeric_id(1), payload)]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");

    // A NaN score.
    let mut point = scored_point(numeric_id(1), HashMap::new());
    point.score = f32::NAN;
    let error = query(vec![point]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");

    // A get-collection answer without its info, a count without its result.
    let error =
        CollectionInfo::from_proto(proto::GetCollectionInfoResponse::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    let error = CountResult::from_proto(proto::CountResponse::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert!(error.message().contains("result"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Property tests.

/// A mutation of a recorded answer.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(prop::sample::Index),
    FlipBit(prop::sample::Index, u8),
    SetByte(prop::sample::Index, u8),
    Insert(prop::sample::Index, Vec<u8>),
    Remove(prop::sample::Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (any::<prop::sample::Index>(), 0_u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        (any::<prop::sample::Index>(), any::<u8>())
            .prop_map(|(at, byte)| Mutation::SetByte(at, byte)),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..12)
        )
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<prop::sample::Index>(), 1_usize..16).prop_map(|(at, n)| Mutation::Remove(at, n)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        if bytes.is_empty() {
            break;
        }
        match mutation {
            Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len())),
            Mutation::FlipBit(at, bit) => {
                let at = at.index(bytes.len());
                bytes[at] ^= 1 << bit;
            }
            Mutation::SetByte(at, byte) => {
                let at = at.index(bytes.len());
                bytes[at] = *byte;
            }
            Mutation::Insert(at, inserted) => {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, inserted.iter().copied());
            }
            Mutation::Remove(at, n) => {
                let at = at.index(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig {
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_recorded_answers_never_panic(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        thread_local! {
            static ANSWERS: Vec<(String, Vec<u8>)> = recorded_answers();
        }
        let (rpc, bytes) = ANSWERS.with(|answers| answers[pick.index(answers.len())].clone());
        let mutated = mutate(bytes, &mutations);
        assert_no_other_kind(&rpc, read_answer(&rpc, &mutated));
        // The same bytes read as every other answer, as a server mixing up its answers would.
        for other in RPCS {
            assert_no_other_kind(other, read_answer(other, &mutated));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        for rpc in RPCS {
            assert_no_other_kind(rpc, read_answer(rpc, &bytes));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Answers from a newer server

/// One field of a protobuf message, as the wire has it.
#[derive(Clone, Debug)]
enum Wire {
    Varint(u64),
    Fixed64([u8; 8]),
    /// Length-delimited: a string, bytes, a packed list or a message; `Some` when the bytes
    /// parse as a message (a string may too, by chance: see [`newer_server_answers_convert`]).
    Bytes(Vec<u8>, Option<Vec<(u32, Wire)>>),
    Fixed32([u8; 4]),
}

fn varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Parses a whole message, or `None` when the bytes are not one (groups count as not one).
fn parse(mut bytes: &[u8]) -> Option<Vec<(u32, Wire)>> {
    let mut fields = Vec::new();
    while !bytes.is_empty() {
        let key = varint(&mut bytes)?;
        let number = u32::try_from(key >> 3).ok().filter(|&n| n > 0)?;
        let field = match key & 7 {
            0 => Wire::Varint(varint(&mut bytes)?),
            1 => {
                let (head, rest) = bytes.split_at_checked(8)?;
                bytes = rest;
                Wire::Fixed64(head.try_into().ok()?)
            }
            2 => {
                let len = usize::try_from(varint(&mut bytes)?).ok()?;
                let (head, rest) = bytes.split_at_checked(len)?;
                bytes = rest;
                let nested = if head.is_empty() { None } else { parse(head) };
                Wire::Bytes(head.to_vec(), nested)
            }
            5 => {
                let (head, rest) = bytes.split_at_checked(4)?;
                bytes = rest;
                Wire::Fixed32(head.try_into().ok()?)
            }
            _ => return None,
        };
        fields.push((number, field));
    }
    Some(fields)
}

fn encode(fields: &[(u32, Wire)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (number, field) in fields {
        let wire_type = match field {
            Wire::Varint(_) => 0,
            Wire::Fixed64(_) => 1,
            Wire::Bytes(..) => 2,
            Wire::Fixed32(_) => 5,
        };
        put_varint(&mut out, u64::from(*number) << 3 | wire_type);
        match field {
            Wire::Varint(value) => put_varint(&mut out, *value),
            Wire::Fixed64(bytes) => out.extend_from_slice(bytes),
            Wire::Fixed32(bytes) => out.extend_from_slice(bytes),
            Wire::Bytes(bytes, nested) => {
                let body = nested.as_deref().map_or_else(|| bytes.clone(), encode);
                put_varint(&mut out, body.len() as u64);
                out.extend_from_slice(&body);
            }
        }
    }
    out
}

/// The paths (field indexes, outermost first) of every message and of every varint field.
fn walk(
    fields: &[(u32, Wire)],
    path: &mut Vec<usize>,
    messages: &mut Vec<Vec<usize>>,
    varints: &mut Vec<Vec<usize>>,
) {
    messages.push(path.clone());
    for (index, (_, field)) in fields.iter().enumerate() {
        path.push(index);
        match field {
            Wire::Varint(_) => varints.push(path.clone()),
            Wire::Bytes(_, Some(nested)) => walk(nested, path, messages, varints),
            _ => {}
        }
        path.pop();
    }
}

fn message_at<'a>(fields: &'a mut Vec<(u32, Wire)>, path: &[usize]) -> &'a mut Vec<(u32, Wire)> {
    match path.split_first() {
        None => fields,
        Some((&index, rest)) => match &mut fields[index].1 {
            Wire::Bytes(_, Some(nested)) => message_at(nested, rest),
            _ => unreachable!("paths lead through messages"),
        },
    }
}

/// A field number no Qdrant message uses (protobuf allows up to 2^29 - 1).
const NEW_FIELD: u32 = 536_870_000;
/// An enum number no Qdrant enum uses.
const NEW_NUMBER: u64 = 1000;

/// A newer server's answer differs from an older one's in two ways the wire shows: fields
/// with new numbers, and enum fields with new numbers. Both are applied to every recorded
/// answer at every position, exhaustively, without the schema:
///
/// - every message (every length-delimited field whose bytes parse as a message, and the
///   answer itself) gains an unknown varint field and an unknown string field: the answer
///   must decode and convert into the same model as before (prost skips unknown fields). A
///   string or packed list that merely parses as a message becomes invalid UTF-8 or a broken
///   packed list (the added key begins with byte 0x80 or above), which prost refuses:
///   that outcome is allowed, since such a position is no message.
/// - every varint field is set to 1000: an enum field must convert into its model's
///   `Unknown("1000")`, an integer into 1000 and a bool into `true`; the answer must convert.
///   prost refusing the bytes is allowed only where the varint was inside a string that parsed
///   as a message by chance (0xE8 is invalid UTF-8).
#[test]
fn newer_server_answers_convert() {
    let mut failures = String::new();
    let (mut messages_mutated, mut varints_mutated, mut unknown_seen) = (0, 0, 0);
    for (rpc, bytes) in recorded_answers() {
        let Some(Outcome::Converted(original)) = read_answer(&rpc, &bytes) else {
            continue;
        };
        let tree = parse(&bytes).expect("a recorded answer parses");
        assert_eq!(
            encode(&tree),
            bytes,
            "{rpc}: the walker re-encodes an answer exactly"
        );
        let (mut messages, mut varints) = (Vec::new(), Vec::new());
        walk(&tree, &mut Vec::new(), &mut messages, &mut varints);
        for path in &messages {
            let mut mutated = tree.clone();
            let message = message_at(&mut mutated, path);
            message.push((NEW_FIELD, Wire::Varint(7)));
            message.push((NEW_FIELD + 1, Wire::Bytes(b"newer".to_vec(), None)));
            messages_mutated += 1;
            match read_answer(&rpc, &encode(&mutated)) {
                Some(Outcome::Converted(model)) if model == original => {}
                Some(Outcome::NotProtobuf) if !path.is_empty() => {}
                other => failures.push_str(&format!(
                    "{rpc}: unknown fields in the message at {path:?}: {other:?}\n"
                )),
            }
        }
        for path in &varints {
            let mut mutated = tree.clone();
            let (last, outer) = path.split_last().expect("a varint has a path");
            message_at(&mut mutated, outer)[*last].1 = Wire::Varint(NEW_NUMBER);
            varints_mutated += 1;
            match read_answer(&rpc, &encode(&mutated)) {
                Some(Outcome::Converted(model)) => {
                    // An enum's `Unknown("1000")` is the only string "1000" (an integer is 1000).
                    unknown_seen += usize::from(model.contains("\"1000\""));
                }
                Some(Outcome::NotProtobuf) if !outer.is_empty() => {}
                other => failures.push_str(&format!(
                    "{rpc}: {NEW_NUMBER} in the varint at {path:?}: {other:?}\n"
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "answers from a newer server that fail:\n{failures}"
    );
    assert!(
        messages_mutated > 1000 && varints_mutated > 1000,
        "{messages_mutated} {varints_mutated}"
    );
    // The enum fields of the answers (distance, status, datatype, payload index kind, …).
    assert!(
        unknown_seen > 50,
        "only {unknown_seen} enum fields kept an unknown number"
    );
}
