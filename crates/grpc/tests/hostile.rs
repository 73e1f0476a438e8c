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
    /// The message decoded and converted.
    Converted,
    /// The message decoded but the model refused it, with this kind.
    Refused(ErrorKind),
}

fn read<P: Message + Default, M: FromProto<P>>(bytes: &[u8]) -> Outcome {
    let Ok(message) = P::decode(bytes) else {
        return Outcome::NotProtobuf;
    };
    let converted: Result<M> = M::from_proto(message);
    match converted {
        Ok(_) => Outcome::Converted,
        Err(error) => Outcome::Refused(error.kind()),
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
        assert_eq!(outcome, Outcome::Converted, "{rpc}");
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
